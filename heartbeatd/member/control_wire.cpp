// Framing of hbd-control requests and replies (format in control_protocol.h).
// Pure. Every length is checked against its bound before any byte of the
// field is awaited, so a hostile peer cannot make either side buffer more
// than kMaxRequestBytes / kMaxReplyBytes.
#include <cstdint>

#include "member/control_protocol.h"

namespace hb::control {

namespace {

constexpr std::string_view kRequestMagic = "HBDC1 ";
constexpr std::string_view kReplyMagic = "HBDR1 ";
constexpr std::uint64_t kMaxErrLines = 10000;

enum class Step { ok, incomplete, bad };

void put_netstring(std::string& out, std::string_view s)
{
    out += std::to_string(s.size());
    out += ':';
    out += s;
    out += ',';
}

// Reads `lit` at pos.
Step literal(std::string_view buf, std::size_t& pos, std::string_view lit)
{
    const std::size_t have = buf.size() - pos;
    const std::size_t n = have < lit.size() ? have : lit.size();
    if (buf.substr(pos, n) != lit.substr(0, n)) {
        return Step::bad;
    }
    if (n < lit.size()) {
        return Step::incomplete;
    }
    pos += n;
    return Step::ok;
}

// Reads a canonical decimal (no sign, no leading zero) up to `max`,
// followed by `term`.
Step decimal(std::string_view buf, std::size_t& pos, char term, std::uint64_t max,
    std::uint64_t& value)
{
    std::size_t i = pos;
    std::uint64_t v = 0;
    while (i < buf.size() && buf[i] >= '0' && buf[i] <= '9') {
        if (i > pos && v == 0) {
            return Step::bad;  // leading zero
        }
        v = v * 10 + static_cast<std::uint64_t>(buf[i] - '0');
        if (v > max) {
            return Step::bad;
        }
        ++i;
    }
    if (i == buf.size()) {
        return Step::incomplete;
    }
    if (i == pos || buf[i] != term) {
        return Step::bad;
    }
    value = v;
    pos = i + 1;
    return Step::ok;
}

// Reads "<len>:<bytes>," with len <= max.
Step netstring(std::string_view buf, std::size_t& pos, std::uint64_t max, std::string& out)
{
    std::size_t p = pos;
    std::uint64_t len = 0;
    if (Step s = decimal(buf, p, ':', max, len); s != Step::ok) {
        return s;
    }
    if (buf.size() - p < len + 1) {
        return Step::incomplete;
    }
    if (buf[p + len] != ',') {
        return Step::bad;
    }
    out.assign(buf.substr(p, len));
    pos = p + len + 1;
    return Step::ok;
}

// Bytes still allowed in a frame of at most `limit` bytes once `pos` are used.
std::uint64_t room(std::size_t pos, std::size_t limit)
{
    return pos >= limit ? 0 : limit - pos;
}

}  // namespace

std::string encode_request(const std::vector<std::string>& args)
{
    if (args.size() > kMaxArgs) {
        return {};
    }
    std::string out(kRequestMagic);
    out += std::to_string(args.size());
    out += '\n';
    for (const std::string& a : args) {
        put_netstring(out, a);
        if (out.size() > kMaxRequestBytes) {
            return {};
        }
    }
    return out;
}

RequestParse parse_request(std::string_view buf)
{
    RequestParse r;
    auto fail = [&r](std::string why) {
        r.status = ParseStatus::malformed;
        r.error = std::move(why);
        r.args.clear();
        return r;
    };
    auto stop = [&](Step s, const char* what) {
        if (s == Step::bad) {
            return fail(std::string("bad ") + what);
        }
        if (buf.size() >= kMaxRequestBytes) {
            return fail("request too large");
        }
        r.status = ParseStatus::incomplete;
        r.args.clear();
        return r;
    };
    std::size_t pos = 0;
    if (Step s = literal(buf, pos, kRequestMagic); s != Step::ok) {
        return stop(s, "request header");
    }
    std::uint64_t argc = 0;
    if (Step s = decimal(buf, pos, '\n', kMaxArgs, argc); s != Step::ok) {
        return stop(s, "argument count");
    }
    for (std::uint64_t i = 0; i < argc; ++i) {
        std::string a;
        // Each netstring needs at least "0:," beyond its bytes.
        const std::uint64_t left = room(pos, kMaxRequestBytes);
        const std::uint64_t max = left > 3 ? left - 3 : 0;
        if (Step s = netstring(buf, pos, max, a); s != Step::ok) {
            return stop(s, "argument");
        }
        r.args.push_back(std::move(a));
    }
    r.status = ParseStatus::complete;
    r.consumed = pos;
    return r;
}

std::string encode_reply(const Reply& reply)
{
    const int code = reply.exit_code < 0 ? 0 : (reply.exit_code > 255 ? 255 : reply.exit_code);
    std::string out(kReplyMagic);
    out += "A ";
    out += std::to_string(code);
    out += ' ';
    out += std::to_string(reply.err.size());
    out += '\n';
    put_netstring(out, reply.out);
    for (const ErrLine& e : reply.err) {
        std::string tagged(1, e.kind == ErrLine::Kind::log ? 'L' : 'P');
        tagged += e.text;
        put_netstring(out, tagged);
    }
    return out;
}

std::string encode_refusal(std::string_view reason)
{
    std::string out(kReplyMagic);
    out += "X\n";
    put_netstring(out, reason);
    return out;
}

ReplyParse parse_reply(std::string_view buf)
{
    ReplyParse r;
    auto stop = [&](Step s, const char* what) {
        if (s == Step::bad) {
            r = ReplyParse{};
            r.status = ParseStatus::malformed;
            r.error = std::string("bad ") + what;
            return r;
        }
        r = ReplyParse{};
        r.status = ParseStatus::incomplete;
        return r;
    };
    std::size_t pos = 0;
    if (Step s = literal(buf, pos, kReplyMagic); s != Step::ok) {
        return stop(s, "reply header");
    }
    if (pos == buf.size()) {
        return stop(Step::incomplete, "reply kind");
    }
    const char kind = buf[pos++];
    if (kind == 'X') {
        if (Step s = literal(buf, pos, "\n"); s != Step::ok) {
            return stop(s, "refusal");
        }
        if (Step s = netstring(buf, pos, room(pos, kMaxReplyBytes), r.reason); s != Step::ok) {
            return stop(s, "refusal reason");
        }
        r.refused = true;
        r.status = ParseStatus::complete;
        r.consumed = pos;
        return r;
    }
    if (kind != 'A') {
        return stop(Step::bad, "reply kind");
    }
    std::uint64_t code = 0, nerr = 0;
    if (Step s = literal(buf, pos, " "); s != Step::ok) {
        return stop(s, "reply header");
    }
    if (Step s = decimal(buf, pos, ' ', 255, code); s != Step::ok) {
        return stop(s, "exit code");
    }
    if (Step s = decimal(buf, pos, '\n', kMaxErrLines, nerr); s != Step::ok) {
        return stop(s, "stderr line count");
    }
    if (Step s = netstring(buf, pos, room(pos, kMaxReplyBytes), r.reply.out); s != Step::ok) {
        return stop(s, "stdout");
    }
    for (std::uint64_t i = 0; i < nerr; ++i) {
        std::string tagged;
        if (Step s = netstring(buf, pos, room(pos, kMaxReplyBytes), tagged); s != Step::ok) {
            return stop(s, "stderr line");
        }
        if (tagged.empty() || (tagged[0] != 'P' && tagged[0] != 'L')) {
            return stop(Step::bad, "stderr line tag");
        }
        r.reply.err.push_back({tagged[0] == 'L' ? ErrLine::Kind::log : ErrLine::Kind::plain,
            tagged.substr(1)});
    }
    r.reply.exit_code = static_cast<int>(code);
    r.status = ParseStatus::complete;
    r.consumed = pos;
    return r;
}

}  // namespace hb::control
