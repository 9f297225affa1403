#include "obs/http.h"

#include <algorithm>

namespace hb::obs {

HttpRequest parse_http_request(std::string_view buf)
{
    HttpRequest r;
    const std::size_t end = buf.find("\r\n\r\n");
    const std::size_t end_lf = buf.find("\n\n");
    const std::size_t head_end = std::min(end, end_lf);
    if (head_end == std::string_view::npos ? buf.size() > kMaxHttpRequest : head_end > kMaxHttpRequest) {
        r.verdict = HttpVerdict::bad_request;  // the request head is too large
        return r;
    }
    if (head_end == std::string_view::npos) {
        return r;
    }
    const std::size_t eol = buf.find_first_of("\r\n");
    const std::string_view line = buf.substr(0, eol);
    const std::size_t sp1 = line.find(' ');
    const std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    if (sp1 == std::string_view::npos || sp2 == std::string_view::npos
        || line.substr(sp2 + 1).rfind("HTTP/1.", 0) != 0) {
        r.verdict = HttpVerdict::bad_request;
        return r;
    }
    const std::string_view method = line.substr(0, sp1);
    std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    if (const std::size_t q = target.find('?'); q != std::string_view::npos) {
        target = target.substr(0, q);
    }
    if (method != "GET" && method != "HEAD") {
        r.verdict = HttpVerdict::bad_method;
        return r;
    }
    r.head = method == "HEAD";
    r.verdict = target == "/metrics" ? HttpVerdict::metrics : HttpVerdict::not_found;
    return r;
}

std::string http_response(const HttpRequest& req, std::string_view body)
{
    std::string status;
    std::string type = "text/plain; charset=utf-8";
    std::string text;
    std::string extra;
    switch (req.verdict) {
    case HttpVerdict::metrics:
        status = "200 OK";
        type = std::string(kMetricsContentType);
        text = std::string(body);
        break;
    case HttpVerdict::not_found:
        status = "404 Not Found";
        text = "only /metrics is served here\n";
        break;
    case HttpVerdict::bad_method:
        status = "405 Method Not Allowed";
        extra = "Allow: GET, HEAD\r\n";
        text = "only GET /metrics\n";
        break;
    case HttpVerdict::bad_request:
    case HttpVerdict::incomplete:
        status = "400 Bad Request";
        text = "bad request\n";
        break;
    }
    std::string out = "HTTP/1.1 " + status + "\r\nContent-Type: " + type + "\r\nContent-Length: "
        + std::to_string(text.size()) + "\r\n" + extra + "Connection: close\r\n\r\n";
    if (!req.head) {
        out += text;
    }
    return out;
}

}  // namespace hb::obs
