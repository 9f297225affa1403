// State file formats and rules. Pure; see state_format.h.
#include "config/state_format.h"

#include <charconv>

namespace hb::config {

namespace {

constexpr std::size_t kGenLen = 16;  // 3.0.6 GENLEN: 15 digits + '\n'

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

int hex_value(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/// glibc random()/rand() with the default TYPE_3 state (degree 31, separation
/// 3), seeded as srandom() seeds it. Written from the published algorithm:
/// r[0] = seed, r[i] = 16807 * r[i-1] mod (2^31 - 1) for i < 31, then the
/// additive feedback r[i] = r[i-31] + r[i-3] (mod 2^32), 310 outputs discarded,
/// each output being the 32-bit sum shifted right by one.
class GlibcRandom {
public:
    explicit GlibcRandom(std::uint32_t seed)
    {
        if (seed == 0) {
            seed = 1;
        }
        auto word = static_cast<std::int32_t>(seed);
        state_[0] = word;
        for (std::size_t i = 1; i < kDeg; ++i) {
            // Schrage's method, as glibc computes it (C division truncates).
            const std::int64_t hi = word / 127773;
            const std::int64_t lo = word % 127773;
            std::int64_t next = 16807 * lo - 2836 * hi;
            if (next < 0) {
                next += 2147483647;
            }
            word = static_cast<std::int32_t>(next);
            state_[i] = word;
        }
        for (int k = 0; k < static_cast<int>(kDeg) * 10; ++k) {
            (void)next();
        }
    }

    std::int32_t next()
    {
        const std::uint32_t sum = static_cast<std::uint32_t>(state_[f_]) + static_cast<std::uint32_t>(state_[r_]);
        state_[f_] = static_cast<std::int32_t>(sum);
        f_ = (f_ + 1) % kDeg;
        r_ = (r_ + 1) % kDeg;
        return static_cast<std::int32_t>(sum >> 1);
    }

private:
    static constexpr std::size_t kDeg = 31;
    std::array<std::int32_t, kDeg> state_{};
    std::size_t f_ = 3;  // rand_sep
    std::size_t r_ = 0;
};

}  // namespace

std::string format_generation(std::uint64_t generation)
{
    std::string digits = std::to_string(generation);
    std::string out;
    if (digits.size() < kGenLen - 1) {
        out.assign(kGenLen - 1 - digits.size(), ' ');
    }
    out += digits;
    out += '\n';
    return out;
}

std::optional<std::uint64_t> parse_generation(std::string_view bytes)
{
    bytes = bytes.substr(0, kGenLen);
    std::size_t i = 0;
    while (i < bytes.size() && is_space(bytes[i])) {
        ++i;
    }
    std::size_t j = i;
    while (j < bytes.size() && bytes[j] >= '0' && bytes[j] <= '9') {
        ++j;
    }
    if (j == i) {
        return std::nullopt;
    }
    std::uint64_t v = 0;
    auto [p, ec] = std::from_chars(bytes.data() + i, bytes.data() + j, v, 10);
    if (ec != std::errc() || p != bytes.data() + j) {
        return std::nullopt;
    }
    return v;
}

GenerationStep next_generation(std::optional<std::string_view> file, WallSeconds now, HbGenMethod method)
{
    GenerationStep s;
    const auto start = static_cast<std::uint64_t>(now < 0 ? 0 : now);
    if (method == HbGenMethod::time) {
        s.generation = start;
        return s;
    }
    s.write = true;
    if (!file || file->empty()) {
        s.generation = start + 1;
        s.warning = "No Previous generation - starting at " + std::to_string(s.generation);
        return s;
    }
    if (auto g = parse_generation(*file)) {
        s.generation = *g + 1;
        return s;
    }
    s.generation = start + 1;
    s.warning = "BROKEN previous generation - starting at " + std::to_string(s.generation);
    return s;
}

std::string format_uuid(const Uuid& u)
{
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (std::size_t i = 0; i < u.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {
            out += '-';
        }
        out += digits[u[i] >> 4];
        out += digits[u[i] & 15];
    }
    return out;
}

std::optional<Uuid> parse_uuid(std::string_view s)
{
    if (s.size() != 36) {
        return std::nullopt;
    }
    Uuid u{};
    std::size_t byte = 0;
    for (std::size_t i = 0; i < 36;) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-') {
                return std::nullopt;
            }
            ++i;
            continue;
        }
        const int hi = hex_value(s[i]);
        const int lo = hex_value(s[i + 1]);
        if (hi < 0 || lo < 0) {
            return std::nullopt;
        }
        u[byte++] = static_cast<std::uint8_t>(hi << 4 | lo);
        i += 2;
    }
    return u;
}

bool uuid_is_null(const Uuid& u)
{
    for (auto b : u) {
        if (b != 0) {
            return false;
        }
    }
    return true;
}

Uuid uuid_v4(const std::array<std::uint8_t, 16>& random_bytes)
{
    Uuid u = random_bytes;
    u[6] = static_cast<std::uint8_t>((u[6] & 0x0f) | 0x40);
    u[8] = static_cast<std::uint8_t>((u[8] & 0x3f) | 0x80);
    return u;
}

std::int32_t uuid_name_seed(std::string_view nodename)
{
    // 3.0.6 string_hash(): h = s[0]; h = h * 31 + s[i] for the rest, in
    // unsigned arithmetic on (signed) char values, returned as int.
    if (nodename.empty()) {
        return 0;
    }
    auto ch = [](char c) { return static_cast<std::uint32_t>(static_cast<std::int32_t>(static_cast<signed char>(c))); };
    std::uint32_t h = ch(nodename[0]);
    if (h != 0) {
        for (std::size_t i = 1; i < nodename.size(); ++i) {
            h = (h << 5) - h + ch(nodename[i]);
        }
    }
    return static_cast<std::int32_t>(h);
}

Uuid uuid_from_nodename(std::string_view nodename)
{
    GlibcRandom rng(static_cast<std::uint32_t>(uuid_name_seed(nodename)));
    Uuid u{};
    for (auto& b : u) {
        const int hi = rng.next() % 16;
        const int lo = rng.next() % 16;
        b = static_cast<std::uint8_t>(hi << 4 | lo);
    }
    return u;
}

std::string format_node_cache(const std::vector<NodeCacheEntry>& entries)
{
    std::string out;
    for (const auto& e : entries) {
        out += e.name;
        out += '\t';
        out += format_uuid(e.uuid);
        out += '\t';
        out += std::to_string(e.weight);
        out += '\t';
        out += e.site;
        out += '\n';
    }
    return out;
}

std::optional<std::vector<NodeCacheEntry>> parse_node_cache(std::string_view text, std::string* error)
{
    auto fail = [&](std::string msg) -> std::optional<std::vector<NodeCacheEntry>> {
        if (error != nullptr) {
            *error = std::move(msg);
        }
        return std::nullopt;
    };
    std::vector<NodeCacheEntry> out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const auto nl = text.find('\n', pos);
        const std::string_view line =
            text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl + 1 - pos);
        pos = nl == std::string_view::npos ? text.size() : nl + 1;
        // 3.0.6 compares the fgets() length (newline included) with
        // UU_UNPARSE_SIZEOF + 2, i.e. 39.
        if (line.size() < 39) {
            return fail("Malformed (short) node/uuid line [" + std::string(line) + "] (1)");
        }
        if (line.back() != '\n') {
            return fail("Malformed (long) node/uuid line [" + std::string(line) + "] (2)");
        }
        const std::string_view body = line.substr(0, line.size() - 1);
        const auto name_end = body.find('\t');
        if (name_end == std::string_view::npos || name_end > 99 || name_end < 1) {
            return fail("Malformed node/uuid line [" + std::string(body) + "] (3)");
        }
        NodeCacheEntry e;
        e.name = std::string(body.substr(0, name_end));
        const std::string_view after = body.substr(name_end + 1);
        const auto uuid_end = after.find('\t');
        auto uuid = parse_uuid(after.substr(0, uuid_end));
        if (!uuid) {
            return fail("Malformed uuid in line [" + std::string(body) + "] (5)");
        }
        e.uuid = *uuid;
        if (uuid_end != std::string_view::npos) {
            const std::string_view rest = after.substr(uuid_end + 1);
            const auto weight_end = rest.find('\t');
            // atoi(): leading digits (with a sign), 0 when there are none.
            const std::string_view w = rest.substr(0, weight_end);
            int weight = 0;
            std::size_t k = (!w.empty() && (w[0] == '-' || w[0] == '+')) ? 1 : 0;
            std::size_t digits_end = k;
            while (digits_end < w.size() && w[digits_end] >= '0' && w[digits_end] <= '9') {
                ++digits_end;
            }
            std::from_chars(w.data() + k, w.data() + digits_end, weight, 10);
            e.weight = (!w.empty() && w[0] == '-') ? -weight : weight;
            if (weight_end != std::string_view::npos) {
                e.site = std::string(rest.substr(weight_end + 1, 99));
            }
        }
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace hb::config
