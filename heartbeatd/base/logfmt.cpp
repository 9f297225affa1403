#include "base/logfmt.h"

#include <cstdio>

namespace hb {

std::string format_log_line(const LocalTime& t, std::string_view node, std::string_view entity,
    long pid, LogLevel level, std::string_view text, bool syslogmsgfmt)
{
    static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
        "Sep", "Oct", "Nov", "Dec"};
    char stamp[64];
    std::string out;
    if (syslogmsgfmt) {
        const char* mon = months[(t.month >= 1 && t.month <= 12) ? t.month - 1 : 0];
        std::snprintf(stamp, sizeof stamp, "%s %2d %02d:%02d:%02d", mon, t.day, t.hour, t.minute,
            t.second);
        out.reserve(text.size() + 64);
        out += stamp;
        out += ' ';
        out += node;
        out += ' ';
        out += entity;
        out += ": [";
        out += std::to_string(pid);
        out += "]: ";
    } else {
        std::snprintf(stamp, sizeof stamp, "%04d/%02d/%02d_%02d:%02d:%02d", t.year, t.month, t.day,
            t.hour, t.minute, t.second);
        out += entity;
        out += '[';
        out += std::to_string(pid);
        out += "]: ";
        out += stamp;
        out += ' ';
    }
    out += level_word(level);
    out += ": ";
    out += text;
    return out;
}

}  // namespace hb

namespace hb {

namespace {

/// Length of the valid UTF-8 sequence starting at s[i], or 0 (RFC 3629:
/// no overlongs, no surrogates, nothing above U+10FFFF).
std::size_t utf8_len(std::string_view s, std::size_t i)
{
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = b(i);
    std::size_t n = 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) {
        n = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3;
        lo = c == 0xe0 ? 0xa0 : 0x80;
        hi = c == 0xed ? 0x9f : 0xbf;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4;
        lo = c == 0xf0 ? 0x90 : 0x80;
        hi = c == 0xf4 ? 0x8f : 0xbf;
    } else {
        return 0;
    }
    if (i + n > s.size() || b(i + 1) < lo || b(i + 1) > hi) {
        return 0;
    }
    for (std::size_t k = 2; k < n; ++k) {
        if (b(i + k) < 0x80 || b(i + k) > 0xbf) {
            return 0;
        }
    }
    return n;
}

void append_u(std::string& out, unsigned char c)
{
    static const char* const hex = "0123456789abcdef";
    out += "\\u00";
    out += hex[c >> 4];
    out += hex[c & 0xf];
}

}  // namespace

std::string json_string(std::string_view s)
{
    std::string out;
    out.reserve(s.size() + 2);
    out += '"';
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            const std::size_t n = utf8_len(s, i);
            if (n == 0) {
                append_u(out, c);
                ++i;
            } else {
                out.append(s.substr(i, n));
                i += n;
            }
            continue;
        }
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20 || c == 0x7f) {
                append_u(out, c);
            } else {
                out += static_cast<char>(c);
            }
        }
        ++i;
    }
    out += '"';
    return out;
}

std::string format_log_json(const LocalTime& utc, int millis, std::string_view node, std::string_view entity,
    long pid, LogLevel level, std::string_view text, std::span<const LogField> fields)
{
    char stamp[48];
    std::snprintf(stamp, sizeof stamp, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.year, utc.month, utc.day,
        utc.hour, utc.minute, utc.second, millis < 0 ? 0 : (millis > 999 ? 999 : millis));
    std::string out;
    out.reserve(text.size() + 128);
    out += "{\"ts\":\"";
    out += stamp;
    out += "\",\"level\":\"";
    out += level_name(level);
    out += "\",\"node\":";
    out += json_string(node);
    out += ",\"ident\":";
    out += json_string(entity);
    out += ",\"pid\":";
    out += std::to_string(pid);
    out += ",\"msg\":";
    out += json_string(text);
    static constexpr std::string_view kFixed[] = {"ts", "level", "node", "ident", "pid", "msg"};
    for (const LogField& f : fields) {
        bool fixed = false;
        for (auto k : kFixed) {
            fixed = fixed || f.key == k;
        }
        if (fixed || f.key.empty()) {
            continue;
        }
        out += ',';
        out += json_string(f.key);
        out += ':';
        bool numeric = f.number && !f.value.empty();
        for (std::size_t i = 0; numeric && i < f.value.size(); ++i) {
            const char c = f.value[i];
            numeric = (c >= '0' && c <= '9') || (i == 0 && c == '-' && f.value.size() > 1);
        }
        const std::size_t digits0 = f.value.size() > 0 && f.value[0] == '-' ? 1 : 0;
        if (numeric && f.value.size() > digits0 + 1 && f.value[digits0] == '0') {
            numeric = false;  // JSON numbers have no leading zeros
        }
        out += numeric ? f.value : json_string(f.value);
    }
    out += '}';
    return out;
}

}  // namespace hb
