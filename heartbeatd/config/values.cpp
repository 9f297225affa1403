// Value readers for the configuration parsers. Pure; see values.h.
#include "config/values.h"

#include <charconv>
#include <cstdint>
#include <limits>

#include "base/strings.h"

namespace hb::config {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

int hex_value(char c)
{
    if (is_digit(c)) {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return c - 'A' + 10;
}

}  // namespace

std::optional<Duration> parse_time(std::string_view s)
{
    // Number part: digits with at most one '.', at least one digit.
    std::size_t i = 0;
    std::uint64_t whole = 0;
    std::uint64_t frac = 0;  // fractional digits as an integer
    std::uint64_t frac_scale = 1;
    int digits = 0;
    while (i < s.size() && is_digit(s[i])) {
        if (whole > 1'000'000'000'000ULL) {
            return std::nullopt;
        }
        whole = whole * 10 + static_cast<std::uint64_t>(s[i] - '0');
        ++i;
        ++digits;
    }
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && is_digit(s[i])) {
            // Digits past the 12th cannot change a millisecond result.
            if (frac_scale < 1'000'000'000'000ULL) {
                frac = frac * 10 + static_cast<std::uint64_t>(s[i] - '0');
                frac_scale *= 10;
            }
            ++i;
            ++digits;
        }
    }
    if (digits == 0) {
        return std::nullopt;
    }
    const std::string unit = to_lower(s.substr(i));
    // Value in units of 1/unit_div milliseconds, rounded half up like
    // cl_get_msec's "+ 0.5" then truncation.
    std::uint64_t mul = 0;  // milliseconds per unit, times 1000
    if (unit.empty()) {
        mul = 1'000'000;    // seconds
    } else if (unit == "ms" || unit == "msec") {
        mul = 1'000;
    } else if (unit == "us" || unit == "usec") {
        mul = 1;
    } else {
        return std::nullopt;
    }
    // value_ms * 1000 = whole*mul + frac*mul/frac_scale; work in 1/1000 ms.
    const unsigned __int128 thousandths = static_cast<unsigned __int128>(whole) * mul
                                          + static_cast<unsigned __int128>(frac) * mul / frac_scale;
    const unsigned __int128 ms = (thousandths + 500) / 1000;
    if (ms > static_cast<unsigned __int128>(std::numeric_limits<std::int32_t>::max())) {
        return std::nullopt;
    }
    return Duration(static_cast<std::int64_t>(ms));
}

std::optional<bool> parse_bool(std::string_view s)
{
    const std::string v = to_lower(s);
    if (v == "true" || v == "on" || v == "yes" || v == "y" || v == "1") {
        return true;
    }
    if (v == "false" || v == "off" || v == "no" || v == "n" || v == "0") {
        return false;
    }
    return std::nullopt;
}

std::optional<long long> parse_int(std::string_view s, long long lo, long long hi)
{
    if (!s.empty() && s.front() == '+') {
        s.remove_prefix(1);
        if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
            return std::nullopt;
        }
    }
    if (s.empty()) {
        return std::nullopt;
    }
    long long v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 10);
    if (ec != std::errc() || p != s.data() + s.size() || v < lo || v > hi) {
        return std::nullopt;
    }
    return v;
}

std::optional<std::array<std::uint8_t, 4>> parse_ipv4(std::string_view s)
{
    std::array<std::uint8_t, 4> out{};
    std::size_t part = 0;
    std::size_t i = 0;
    while (true) {
        if (i >= s.size() || !is_digit(s[i])) {
            return std::nullopt;
        }
        // inet_pton rejects a leading zero followed by more digits.
        if (s[i] == '0' && i + 1 < s.size() && is_digit(s[i + 1])) {
            return std::nullopt;
        }
        unsigned v = 0;
        while (i < s.size() && is_digit(s[i])) {
            v = v * 10 + static_cast<unsigned>(s[i] - '0');
            if (v > 255) {
                return std::nullopt;
            }
            ++i;
        }
        out[part++] = static_cast<std::uint8_t>(v);
        if (part == 4) {
            break;
        }
        if (i >= s.size() || s[i] != '.') {
            return std::nullopt;
        }
        ++i;
    }
    if (i != s.size()) {
        return std::nullopt;
    }
    return out;
}

bool is_ipv4(std::string_view s) { return parse_ipv4(s).has_value(); }

std::optional<std::array<std::uint8_t, 16>> parse_ipv6(std::string_view s)
{
    // Groups before and after a "::"; a dotted quad may end the address.
    std::array<std::uint8_t, 16> out{};
    std::vector<std::uint16_t> head;
    std::vector<std::uint16_t> tail;
    bool gap = false;
    std::vector<std::uint16_t>* cur = &head;
    std::size_t i = 0;
    if (s.size() >= 2 && s[0] == ':' && s[1] == ':') {
        gap = true;
        cur = &tail;
        i = 2;
        if (i == s.size()) {
            return out;  // "::"
        }
    } else if (!s.empty() && s[0] == ':') {
        return std::nullopt;
    }
    bool v4_tail = false;
    std::array<std::uint8_t, 4> v4{};
    while (i < s.size()) {
        std::size_t j = i;
        while (j < s.size() && is_hex(s[j])) {
            ++j;
        }
        if (j < s.size() && s[j] == '.') {
            // Embedded IPv4 must be the last thing.
            auto q = parse_ipv4(s.substr(i));
            if (!q) {
                return std::nullopt;
            }
            v4 = *q;
            v4_tail = true;
            i = s.size();
            break;
        }
        if (j == i || j - i > 4) {
            return std::nullopt;
        }
        std::uint16_t g = 0;
        for (std::size_t k = i; k < j; ++k) {
            g = static_cast<std::uint16_t>((g << 4) | hex_value(s[k]));
        }
        cur->push_back(g);
        i = j;
        if (i == s.size()) {
            break;
        }
        if (s[i] != ':') {
            return std::nullopt;
        }
        ++i;
        if (i < s.size() && s[i] == ':') {
            if (gap) {
                return std::nullopt;  // a second "::"
            }
            gap = true;
            cur = &tail;
            ++i;
            if (i == s.size()) {
                break;
            }
        } else if (i == s.size()) {
            return std::nullopt;  // trailing single ':'
        }
    }
    const std::size_t groups = head.size() + tail.size() + (v4_tail ? 2 : 0);
    if (groups > 8 || (!gap && groups != 8) || (gap && groups == 8)) {
        return std::nullopt;
    }
    std::size_t pos = 0;
    for (auto g : head) {
        out[pos++] = static_cast<std::uint8_t>(g >> 8);
        out[pos++] = static_cast<std::uint8_t>(g & 0xff);
    }
    pos = 16 - tail.size() * 2 - (v4_tail ? 4 : 0);
    for (auto g : tail) {
        out[pos++] = static_cast<std::uint8_t>(g >> 8);
        out[pos++] = static_cast<std::uint8_t>(g & 0xff);
    }
    if (v4_tail) {
        for (auto b : v4) {
            out[pos++] = b;
        }
    }
    return out;
}

std::string_view ipv6_without_scope(std::string_view s)
{
    const auto pct = s.find('%');
    return pct == std::string_view::npos ? s : s.substr(0, pct);
}

bool is_ipv6_with_scope(std::string_view s)
{
    const auto pct = s.find('%');
    if (pct != std::string_view::npos) {
        const auto scope = s.substr(pct + 1);
        if (scope.empty()) {
            return false;
        }
        for (char c : scope) {
            if (!(is_alpha(c) || is_digit(c) || c == '.' || c == '-' || c == '_' || c == ':')) {
                return false;
            }
        }
    }
    return parse_ipv6(ipv6_without_scope(s)).has_value();
}

bool is_hostname(std::string_view s)
{
    if (s.empty() || s.size() > 253) {
        return false;
    }
    if (s.back() == '.') {
        s.remove_suffix(1);  // a fully qualified name may end in a dot
    }
    bool all_numeric = true;
    std::size_t start = 0;
    while (start <= s.size()) {
        auto end = s.find('.', start);
        if (end == std::string_view::npos) {
            end = s.size();
        }
        const auto label = s.substr(start, end - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
            return false;
        }
        for (char c : label) {
            if (!(is_alpha(c) || is_digit(c) || c == '-' || c == '_')) {
                return false;
            }
            if (!is_digit(c)) {
                all_numeric = false;
            }
        }
        start = end + 1;
        if (end == s.size()) {
            break;
        }
    }
    return !all_numeric;
}

std::optional<int> syslog_facility(std::string_view name)
{
    struct Fac {
        std::string_view name;
        int code;
    };
    // glibc <sys/syslog.h> facilitynames, names compared case-sensitively as
    // strcmp() does; "none" is Debian cluster-glue's addition (code 0).
    static constexpr Fac table[] = {
        {"auth", 4 << 3},     {"authpriv", 10 << 3}, {"cron", 9 << 3},     {"daemon", 3 << 3},
        {"ftp", 11 << 3},     {"kern", 0},           {"lpr", 6 << 3},      {"mail", 2 << 3},
        {"mark", 24 << 3},    {"news", 7 << 3},      {"security", 4 << 3}, {"syslog", 5 << 3},
        {"user", 1 << 3},     {"uucp", 8 << 3},      {"local0", 16 << 3},  {"local1", 17 << 3},
        {"local2", 18 << 3},  {"local3", 19 << 3},   {"local4", 20 << 3},  {"local5", 21 << 3},
        {"local6", 22 << 3},  {"local7", 23 << 3},   {"none", 0},
    };
    for (const auto& f : table) {
        if (f.name == name) {
            return f.code;
        }
    }
    return std::nullopt;
}

std::vector<std::string> split_delims(std::string_view s)
{
    std::vector<std::string> out;
    auto is_delim = [](char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == ',';
    };
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && is_delim(s[i])) {
            ++i;
        }
        std::size_t j = i;
        while (j < s.size() && !is_delim(s[j])) {
            ++j;
        }
        if (j > i) {
            out.emplace_back(s.substr(i, j - i));
        }
        i = j;
    }
    return out;
}

std::optional<int> services_udp_port(std::string_view text, std::string_view service)
{
    // Lines: "name port/proto [aliases...] [# comment]".
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto nl = text.find('\n', pos);
        if (nl == std::string_view::npos) {
            nl = text.size();
        }
        auto line = text.substr(pos, nl - pos);
        pos = nl + 1;
        const auto hash = line.find('#');
        if (hash != std::string_view::npos) {
            line = line.substr(0, hash);
        }
        const auto words = split_ws(line);
        if (words.size() < 2) {
            continue;
        }
        const auto slash = words[1].find('/');
        if (slash == std::string::npos || words[1].substr(slash + 1) != "udp") {
            continue;
        }
        bool named = words[0] == service;
        for (std::size_t k = 2; k < words.size() && !named; ++k) {
            named = words[k] == service;
        }
        if (!named) {
            continue;
        }
        if (auto port = parse_int(std::string_view(words[1]).substr(0, slash), 1, 65535)) {
            return static_cast<int>(*port);
        }
    }
    return std::nullopt;
}

}  // namespace hb::config
