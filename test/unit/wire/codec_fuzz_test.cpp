// Seeded round trips (both forms, all three methods) and a mutation storm on
// the captured packets: decode must never crash, and no mutation inside the
// authenticated bytes may get through with a signer. Deterministic: a local
// xorshift generator, so every run and every platform sees the same inputs.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "vectors.h"
#include "wire/codec.h"

using namespace hb;
using namespace hb::wire;
using config::AuthMethod;

namespace {

class Rng {
public:
    explicit Rng(std::uint64_t seed) : s_(seed ? seed : 1) {}
    std::uint64_t next()
    {
        s_ ^= s_ << 13;
        s_ ^= s_ >> 7;
        s_ ^= s_ << 17;
        return s_;
    }
    /// Uniform enough in [0, n) for test data; n > 0.
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
    bool coin() { return (next() & 1) != 0; }

private:
    std::uint64_t s_;
};

std::string random_name(Rng& r)
{
    static const std::string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789_-.ABCXYZ";
    std::string n;
    const std::size_t len = 1 + r.below(12);
    for (std::size_t i = 0; i < len; ++i) {
        n += alphabet[r.below(alphabet.size())];
    }
    return n;
}

/// Bytes with the awkward ones over-represented.
std::string random_bytes(Rng& r, std::size_t max_len, bool classic_string)
{
    static const char special[] = {'\0', ',', '=', '\n', ':', '%', '#', '>', '<', '\r', '(', ')', ' '};
    std::string v;
    const std::size_t len = r.below(max_len + 1);
    for (std::size_t i = 0; i < len; ++i) {
        char c = r.below(3) == 0 ? special[r.below(sizeof special)] : static_cast<char>(r.below(256));
        // The classic form cannot carry NUL, and 0x13 is its newline stand-in.
        if (classic_string && (c == '\0' || c == '\x13')) {
            c = 'x';
        }
        v += c;
    }
    return v;
}

Message random_message(Rng& r, bool classic)
{
    Message m(random_name(r));
    const std::size_t n = r.below(12);
    for (std::size_t i = 0; i < n; ++i) {
        const bool binary = r.below(4) == 0;
        m.add(random_name(r), random_bytes(r, 40, classic && !binary),
            binary ? FieldType::binary : FieldType::string);
    }
    return m;
}

config::Authkeys random_keys(Rng& r)
{
    const int idx = static_cast<int>(r.below(16));
    switch (r.below(3)) {
    case 0: return hbtest::one_key(idx, AuthMethod::crc);
    case 1: return hbtest::one_key(idx, AuthMethod::md5, random_name(r));
    default: return hbtest::one_key(idx, AuthMethod::sha1, random_name(r) + random_name(r));
    }
}

/// One random edit: flip a bit, set a byte, insert, delete, truncate, or
/// duplicate a slice.
std::string mutate(Rng& r, std::string s)
{
    const int edits = 1 + static_cast<int>(r.below(3));
    for (int e = 0; e < edits; ++e) {
        if (s.empty()) {
            s += static_cast<char>(r.below(256));
            continue;
        }
        const std::size_t at = r.below(s.size());
        switch (r.below(7)) {
        case 0: s[at] = static_cast<char>(s[at] ^ (1 << r.below(8))); break;
        case 1: s[at] = static_cast<char>(r.below(256)); break;
        case 2: s.insert(at, 1, static_cast<char>(r.below(256))); break;
        case 3: s.erase(at, 1 + r.below(4)); break;
        case 4: s.resize(at); break;
        case 5: s.insert(at, s.substr(r.below(s.size()), 1 + r.below(8))); break;
        default: {
            // Nudge a digit: the length fields are the interesting target.
            const std::size_t d = s.find_first_of("0123456789", at);
            if (d != std::string::npos) {
                s[d] = static_cast<char>('0' + r.below(10));
            }
            break;
        }
        }
    }
    return s;
}

}  // namespace

TEST_CASE("netstring round trip: random messages, all methods, awkward bytes")
{
    Rng r(0x5eed0001);
    for (int i = 0; i < 400; ++i) {
        Signer s(random_keys(r));
        Message m = random_message(r, false);
        if (r.coin()) {
            add_inner_auth(m, s);
        }
        const std::string wire = encode_netstring(m, s);
        const Decoded d = decode(wire, &s);
        REQUIRE_MESSAGE(d, "iteration ", i, ": ", to_string(d.error), " ", d.detail);
        CHECK(d.msg == m);
        CHECK(encode_netstring(d.msg, s) == wire);
        // Without a signer (FIFO path) the trailer is parsed but not checked.
        CHECK(decode(wire, nullptr).msg == m);
    }
}

TEST_CASE("classic round trip: random messages with binary fields verify through auth=")
{
    Rng r(0x5eed0002);
    for (int i = 0; i < 400; ++i) {
        Signer s(random_keys(r));
        Message m = random_message(r, true);
        add_inner_auth(m, s);
        const std::string wire = encode_classic(m);
        const Decoded d = decode(wire, &s);
        REQUIRE_MESSAGE(d, "iteration ", i, ": ", to_string(d.error), " ", d.detail);
        CHECK(d.format == Format::classic);
        CHECK(d.msg == m);
        CHECK(encode_classic(d.msg) == wire);
        CHECK(decode(wire + std::string(1, '\0'), &s).msg == m);
    }
}

TEST_CASE("mutated captures never crash and never authenticate")
{
    Signer crc(hbtest::crc_keys());
    Signer md5(hbtest::one_key(1, AuthMethod::md5, hbtest::kMd5LabKey));

    // Our own md5-signed status, in both forms, next to the crc captures.
    Message own("status");
    own.add("st", "active");
    own.add("src", "node2");
    own.add("srcuuid", hbtest::uuid_node2(), FieldType::binary);
    own.add("seq", "1f");
    own.add("ts", "6b046aa4");
    add_inner_auth(own, md5);

    struct Case {
        std::string wire;
        const Signer* signer;
    };
    const std::vector<Case> cases = {
        {hbtest::status_crc(), &crc},
        {hbtest::rexmit_crc(), &crc},
        {hbtest::ping_covered() + hbtest::kPingTrailer, &crc},
        {encode_netstring(own, md5), &md5},
        {encode_classic(own), &md5},
    };

    Rng r(0x5eed0003);
    int accepted_noops = 0;
    int rejected = 0;
    for (const Case& c : cases) {
        const Decoded original = decode(c.wire, c.signer);
        REQUIRE(original);
        for (int i = 0; i < 3000; ++i) {
            const std::string m = mutate(r, c.wire);
            const Decoded plain = decode(m, nullptr);   // must simply not crash
            const Decoded d = decode(m, c.signer);
            if (!d) {
                ++rejected;
                CHECK(d.msg.empty());
                continue;
            }
            ++accepted_noops;
            if (original.format == Format::netstring) {
                // The trailer covers raw bytes: only the image itself, or it
                // plus the one tolerated NUL, may pass.
                const bool same = m == c.wire || m == c.wire + std::string(1, '\0');
                CHECK_MESSAGE(same, "mutation accepted: ", m.size(), " bytes");
            } else {
                // auth= covers the re-rendered message: the decoded message
                // must be the original one (e.g. a blank line was inserted).
                CHECK(d.msg == original.msg);
            }
            CHECK(plain);
        }
    }
    CHECK(rejected > 14000);
    MESSAGE("accepted no-op mutations: ", accepted_noops);
}

TEST_CASE("random garbage and truncations never crash")
{
    Rng r(0x5eed0004);
    Signer crc(hbtest::crc_keys());
    const std::string wire = hbtest::status_crc();
    for (std::size_t cut = 0; cut <= wire.size(); ++cut) {
        const Decoded d = decode(wire.substr(0, cut), &crc);
        CHECK(static_cast<bool>(d) == (cut == wire.size()));
        (void)decode(wire.substr(0, cut), nullptr);
        (void)decode(wire.substr(cut), nullptr);
    }
    for (int i = 0; i < 3000; ++i) {
        std::string g = i % 3 == 0 ? "###\n" : (i % 3 == 1 ? ">>>\n" : "");
        g += random_bytes(r, 200, false);
        (void)decode(g, &crc);
        (void)decode(g, nullptr);
    }
}
