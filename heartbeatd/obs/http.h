// The metrics endpoint's tiny HTTP/1.x: one GET /metrics per connection.
// Pure: the shell (control/metrics_server.cpp) moves the bytes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace hb::obs {

inline constexpr std::size_t kMaxHttpRequest = 8192;
inline constexpr std::string_view kMetricsContentType = "text/plain; version=0.0.4; charset=utf-8";

enum class HttpVerdict {
    incomplete,     // wait for more bytes
    metrics,        // GET (or HEAD) /metrics: answer with the page
    not_found,      // another path: 404
    bad_method,     // not GET/HEAD: 405
    bad_request,    // malformed or too large: 400
};

struct HttpRequest {
    HttpVerdict verdict = HttpVerdict::incomplete;
    bool head = false;  // HEAD: headers only
};

/// Judges the bytes received so far.
HttpRequest parse_http_request(std::string_view buf);

/// The whole response for a verdict (`body` only used for `metrics`).
std::string http_response(const HttpRequest& req, std::string_view body);

}  // namespace hb::obs
