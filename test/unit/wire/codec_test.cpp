// Codec: the captured packets of facts 1.5 decoded and rebuilt byte for byte,
// the auth vectors of facts 1.4 reproduced through the codec, the classic
// form, base64, and one crafted input per DecodeError.
#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "vectors.h"
#include "wire/codec.h"

using namespace hb;
using namespace hb::wire;
using config::AuthMethod;

namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

/// Names and values of every field, in order; binary values marked "(1)".
Pairs pairs(const Message& m)
{
    Pairs out;
    for (const Field& fl : m.fields()) {
        out.emplace_back((fl.type == FieldType::binary ? "(1)" : "") + fl.name, fl.value);
    }
    return out;
}

std::string nul() { return std::string(1, '\0'); }

/// Replaces the first occurrence of `from` with `to` (must exist).
std::string replaced(std::string s, const std::string& from, const std::string& to)
{
    const std::size_t at = s.find(from);
    REQUIRE(at != std::string::npos);
    s.replace(at, from.size(), to);
    return s;
}

}  // namespace

// ---- captured packets (facts 1.5) ------------------------------------------

TEST_CASE("captured status heartbeat (crc) decodes, verifies and re-encodes identically")
{
    const std::string wire = hbtest::status_crc();
    REQUIRE(wire.size() == 244);
    Signer crc(hbtest::crc_keys());

    const Decoded d = decode(wire, &crc);
    REQUIRE_MESSAGE(d, to_string(d.error), " ", d.detail);
    CHECK(d.format == Format::netstring);
    CHECK(d.detail.empty());
    CHECK(pairs(d.msg) == Pairs{{"t", "status"}, {"st", "active"}, {"dt", "2710"}, {"protocol", "1"},
                             {"src", "node1"}, {"(1)srcuuid", hbtest::uuid_node1()}, {"seq", "e"},
                             {"hg", "6b0469fb"}, {"ts", "6b0469ff"}, {"ld", "0.45 0.46 0.22 4/108 91"},
                             {"ttl", "4"}, {"auth", "1 b569ffa7"}});
    CHECK(d.msg.value("srcuuid").size() == 16);
    CHECK(d.msg.type() == "status");

    // Trailer: CRC over ### .. %%%\n inclusive.
    const std::size_t end = wire.find("%%%\n") + 4;
    CHECK(crc.compute(1, wire.substr(0, end)) == "5619c1fa");
    CHECK(wire.substr(end) == "10:1 5619c1fa,");

    // Inner auth: classic rendering of the other fields.
    Message again = d.msg;
    again.set(f::auth, "stale");
    add_inner_auth(again, crc);
    CHECK(again.value(f::auth) == "1 b569ffa7");
    CHECK(again == d.msg);

    CHECK(encode_netstring(d.msg, crc) == wire);
    CHECK(decode(wire, nullptr).msg == d.msg);
}

TEST_CASE("captured NS_rexmit (crc) decodes, verifies and re-encodes identically")
{
    const std::string wire = hbtest::rexmit_crc();
    Signer crc(hbtest::crc_keys());
    const Decoded d = decode(wire, &crc);
    REQUIRE_MESSAGE(d, to_string(d.error), " ", d.detail);
    CHECK(pairs(d.msg) == Pairs{{"t", "NS_rexmit"}, {"dest", "node1"}, {"firstseq", "186"},
                             {"lastseq", "186"}, {"(1)destuuid", hbtest::uuid_node1()}, {"src", "node2"},
                             {"(1)srcuuid", hbtest::uuid_node2()}, {"hg", "6b0469fe"}, {"ts", "6b046aa4"},
                             {"ttl", "4"}, {"auth", "1 a4ca3452"}});
    CHECK_FALSE(d.msg.has(f::seq));
    CHECK(encode_netstring(d.msg, crc) == wire);

    Message again = d.msg;
    add_inner_auth(again, crc);
    CHECK(again == d.msg);
}

TEST_CASE("captured resource report (md5, unknown key) parses; any other key fails")
{
    const std::string wire = hbtest::resource_md5();
    REQUIRE(wire.size() == 293);
    const Decoded d = decode(wire, nullptr);
    REQUIRE_MESSAGE(d, to_string(d.error), " ", d.detail);
    CHECK(pairs(d.msg) == Pairs{{"t", "resource"}, {"rsc_hold", "foreign"}, {"info", "mach_down"},
                             {"src", "node1"}, {"(1)srcuuid", hbtest::uuid_node1()}, {"seq", "1e"},
                             {"hg", "6b0469fd"}, {"ts", "6b046bb6"}, {"ld", "0.35 0.30 0.21 1/117 613"},
                             {"ttl", "4"}, {"auth", "1 1a462a9d0128b71ddacc7fced816be74"}});

    Signer wrong(hbtest::one_key(1, AuthMethod::md5, "not-the-key"));
    const Decoded w = decode(wire, &wrong);
    CHECK(w.error == DecodeError::auth_failed);
    CHECK(w.detail == "authtoken=1 6de5396730a93788748b2f71a480fb99");
    CHECK(w.msg.empty());

    Signer crc(hbtest::crc_keys());
    CHECK(decode(wire, &crc).error == DecodeError::auth_failed);
    Signer other_index(hbtest::one_key(2, AuthMethod::md5, "x"));
    CHECK(decode(wire, &other_index).error == DecodeError::unknown_key);
}

// ---- auth vectors through the codec (facts 1.4) ----------------------------

TEST_CASE("ping payload (crc): message -> inner auth -> netstring is the captured image")
{
    Signer crc(hbtest::crc_keys());
    Message m("NS_st");
    m.add("st", "ping");
    m.add("info", "ping");
    m.add("src", "192.0.2.254");
    m.add("ts", "6b0469fa");
    CHECK(classic_body(m) == hbtest::kPingInnerBody);
    add_inner_auth(m, crc);
    CHECK(m.value(f::auth) == "1 a060d593");
    const std::string wire = encode_netstring(m, crc);
    CHECK(wire == hbtest::ping_covered() + hbtest::kPingTrailer);
    const Decoded d = decode(wire, &crc);
    REQUIRE(d);
    CHECK(d.msg == m);
}

TEST_CASE("md5 lab key: inner auth and trailer through the codec")
{
    Signer md5(hbtest::one_key(1, AuthMethod::md5, hbtest::kMd5LabKey));
    Message m("NS_st");
    m.add("st", "ping");
    m.add("info", "ping_group");
    m.add("src", "pg1");
    m.add("ts", "6b046ba2");
    CHECK(classic_body(m) == hbtest::kMd5InnerBody);
    add_inner_auth(m, md5);
    CHECK(m.value(f::auth) == std::string("1 ") + hbtest::kMd5InnerHex);
    const std::string wire = encode_netstring(m, md5);
    CHECK(wire == hbtest::md5_covered() + "34:1 " + hbtest::kMd5TrailerHex + ",");
    CHECK(decode(wire, &md5));
}

TEST_CASE("sha1 lab key: classic body with a base64 uuid gives the captured inner value")
{
    Signer sha1(hbtest::one_key(1, AuthMethod::sha1, hbtest::kSha1LabKey));
    std::string uuid;
    REQUIRE(base64_decode("reC36Is0R8SZnF9R1FX/5w==", uuid));
    REQUIRE(uuid.size() == 16);
    Message m("ip-request");
    m.add("ipaddr", "paDummy::beta");
    m.add("src", "node2");
    m.add("srcuuid", uuid, FieldType::binary);
    m.add("seq", "7");
    m.add("hg", "6b046a01");
    m.add("ts", "6b046c20");
    m.add("ld", "0.21 0.27 0.20 2/119 726");
    m.add("ttl", "3");
    CHECK(classic_body(m) == hbtest::kSha1InnerBody);
    add_inner_auth(m, sha1);
    CHECK(m.value(f::auth) == std::string("1 ") + hbtest::kSha1InnerHex);

    // The same message in classic form authenticates through auth=.
    const std::string classic = encode_classic(m);
    CHECK(classic.substr(0, 4) == ">>>\n");
    CHECK(classic.find("(1)srcuuid=reC36Is0R8SZnF9R1FX/5w==\n") != std::string::npos);
    const Decoded d = decode(classic, &sha1);
    REQUIRE_MESSAGE(d, to_string(d.error), " ", d.detail);
    CHECK(d.format == Format::classic);
    CHECK(d.msg == m);
}

// ---- inner auth placement ---------------------------------------------------

TEST_CASE("add_inner_auth keeps exactly one auth field, last, over the other fields")
{
    Signer crc(hbtest::crc_keys());
    Message m("status");
    m.add(f::auth, "1 deadbeef");
    m.add("st", "up");
    m.add(f::auth, "2 0");
    add_inner_auth(m, crc);
    REQUIRE(m.fields().size() == 3);
    CHECK(m.fields()[0].name == "t");
    CHECK(m.fields()[1].name == "st");
    CHECK(m.fields()[2].name == "auth");
    CHECK(m.value(f::auth) == "1 " + crc.compute(1, "t=status\nst=up\n"));
}

TEST_CASE("classic_body: binary as (1)base64, newline as 0x13, every auth left out")
{
    Message m("x");
    m.add("a", "one\ntwo");
    m.add(f::auth, "1 0");
    m.add("b", std::string("\x00\xff", 2), FieldType::binary);
    m.add("e", "");
    CHECK(classic_body(m) == "t=x\na=one\x13two\n(1)b=AP8=\ne=\n");
    CHECK(encode_classic(m) == ">>>\nt=x\na=one\x13two\nauth=1 0\n(1)b=AP8=\ne=\n<<<\n");
}

// ---- classic input ------------------------------------------------------------

TEST_CASE("classic datagram like the crafted peer's: base64 uuid, no protocol, trailing NUL")
{
    Signer crc(hbtest::crc_keys());
    Message m("status");
    m.add("st", "active");
    m.add("dt", "2710");
    m.add("src", "node9");
    m.add("srcuuid", hbtest::uuid_node1(), FieldType::binary);
    m.add("seq", "1");
    m.add("hg", "1");
    m.add("ts", "6b0469ff");
    add_inner_auth(m, crc);
    const std::string wire = encode_classic(m) + nul();
    CHECK(wire.find("(1)srcuuid=xAd7gTYmRNq7znLc+n4GIQ==\n") != std::string::npos);
    const Decoded d = decode(wire, &crc);
    REQUIRE_MESSAGE(d, to_string(d.error), " ", d.detail);
    CHECK(d.msg == m);

    for (const std::string& tail : {std::string(), std::string("\n"), std::string("\n") + nul()}) {
        CHECK(decode(encode_classic(m) + tail, &crc));
    }
    CHECK(decode(encode_classic(m) + nul() + nul(), &crc).error == DecodeError::bad_framing);
    CHECK(decode(encode_classic(m) + "x", &crc).error == DecodeError::bad_framing);
    CHECK(decode(encode_classic(m) + ">>>\nt=x\n<<<\n", &crc).error == DecodeError::bad_framing);
}

TEST_CASE("classic from the FIFO: no auth needed, blank lines skipped, empty values, duplicates")
{
    const std::string fifo = ">>>\nt=ask_resources\n\nrsc_hold=\ninfo=me\ninfo=again\n<<<\n";
    const Decoded d = decode(fifo, nullptr);
    REQUIRE_MESSAGE(d, to_string(d.error), " ", d.detail);
    CHECK(pairs(d.msg) == Pairs{{"t", "ask_resources"}, {"rsc_hold", ""}, {"info", "me"}, {"info", "again"}});
    CHECK(d.msg.value("info") == "me");

    Signer crc(hbtest::crc_keys());
    const Decoded n = decode(fifo, &crc);
    CHECK(n.error == DecodeError::no_auth);
    CHECK(n.format == Format::classic);
}

TEST_CASE("classic values: 0x13 becomes a newline, '=' and '\\r' stay in the value")
{
    const Decoded d = decode(">>>\nnodelist=a\x13" "b\nx=k=v\r\n<<<\n", nullptr);
    REQUIRE(d);
    CHECK(d.msg.value("nodelist") == "a\nb");
    CHECK(d.msg.value("x") == "k=v\r");
}

TEST_CASE("classic auth: the last auth field is the token, all are outside the body")
{
    Signer crc(hbtest::crc_keys());
    Message m("status");
    m.add("st", "up");
    add_inner_auth(m, crc);
    const std::string good = std::string(m.value(f::auth));
    const std::string body = ">>>\nt=status\nst=up\n";
    CHECK(decode(body + "auth=1 0\nauth=" + good + "\n<<<\n", &crc));
    CHECK(decode(body + "auth=" + good + "\nauth=1 0\n<<<\n", &crc).error == DecodeError::auth_failed);
    CHECK(decode(">>>\nauth=" + good + "\nt=status\nst=up\n<<<\n", &crc));
}

// ---- netstring edge cases ----------------------------------------------------

TEST_CASE("netstring values are length-delimited: NUL , = newline and %%% are data")
{
    Signer crc(hbtest::crc_keys());
    Message m("t1");
    const std::string tricky = std::string("a,b=c\n%%%\n###\n") + nul() + "10:1 0,";
    m.add("v", tricky);
    m.add("bin", tricky, FieldType::binary);
    m.add("e", "");
    const std::string wire = encode_netstring(m, crc);
    const Decoded d = decode(wire, &crc);
    REQUIRE_MESSAGE(d, to_string(d.error), " ", d.detail);
    CHECK(d.msg == m);
}

TEST_CASE("netstring without a trailer: fine for the FIFO, refused with a signer")
{
    const std::string bare = "###\n11:(0)t=status,%%%\n";
    CHECK(decode(bare, nullptr));
    CHECK(decode(bare + nul(), nullptr));
    Signer crc(hbtest::crc_keys());
    const Decoded d = decode(bare, &crc);
    CHECK(d.error == DecodeError::bad_trailer);
    CHECK(d.detail == "no trailer auth");
    // A malformed trailer is refused even without a signer.
    CHECK(decode(bare + "5:1 zz,", nullptr).error == DecodeError::bad_trailer);
}

TEST_CASE("one trailing NUL after the trailer is tolerated, nothing else is")
{
    Signer crc(hbtest::crc_keys());
    const std::string wire = hbtest::status_crc();
    CHECK(decode(wire + nul(), &crc));
    CHECK(decode(wire + nul() + nul(), &crc).error == DecodeError::bad_framing);
    CHECK(decode(wire + "\n", &crc).error == DecodeError::bad_framing);
    CHECK(decode(wire + "10:1 5619c1fa,", &crc).error == DecodeError::bad_framing);
}

// ---- one crafted input per DecodeError ----------------------------------------

TEST_CASE("too_big is checked before anything else")
{
    std::string big = "###\n";
    big.resize(kMaxMessage, 'x');
    const Decoded d = decode(big, nullptr);
    CHECK(d.error == DecodeError::too_big);
    CHECK(d.detail == "message of 262144 bytes");
    big.resize(kMaxMessage - 1);
    CHECK(decode(big, nullptr).error == DecodeError::bad_framing);
    std::string junk(kMaxMessage + 5, '\0');
    CHECK(decode(junk, nullptr).error == DecodeError::too_big);
}

TEST_CASE("bad_framing: no start marker, no end marker, junk after the end")
{
    Signer crc(hbtest::crc_keys());
    for (const std::string& s : {std::string(), std::string("#"), std::string("###"), std::string("###x"),
             std::string("hello"), std::string(">>>"), std::string("<<<\n"), std::string("%%%\n"),
             std::string(" ###\n11:(0)t=status,%%%\n")}) {
        CAPTURE(s);
        CHECK(decode(s, &crc).error == DecodeError::bad_framing);
        CHECK(decode(s, nullptr).error == DecodeError::bad_framing);
    }
    CHECK(decode("###\n", nullptr).error == DecodeError::bad_framing);
    CHECK(decode("###\n11:(0)t=status,", nullptr).error == DecodeError::bad_framing);  // missing %%%
    CHECK(decode("###\n11:(0)t=status,%%%", nullptr).error == DecodeError::bad_framing);
    CHECK(decode("###\n11:(0)t=status,%%%%\n", nullptr).error == DecodeError::bad_framing);
    CHECK(decode(">>>\nt=status\n", nullptr).error == DecodeError::bad_framing);         // missing <<<
    CHECK(decode(">>>\nt=status\n<<<", nullptr).error == DecodeError::bad_framing);
    CHECK(decode(hbtest::status_crc() + "junk", &crc).error == DecodeError::bad_framing);
    CHECK(decode("###\n11:(0)t=status,%%%\n", nullptr).format == Format::netstring);
}

TEST_CASE("bad_field: malformed items and lines")
{
    const std::vector<std::string> netstrings = {
        "###\n11:(0)t=sta",                     // truncated item
        "###\n99:(0)t=status,%%%\n",             // length past the end
        "###\n11:(0)t=status%%%\n",              // ',' missing
        "###\n011:(0)t=status,%%%\n",            // leading zero
        "###\n11(0)t=status,%%%\n",              // ':' missing
        "###\n12345678:(0)t=status,%%%\n",       // absurd length
        "###\n8:t=status,%%%\n",                 // no (T)
        "###\n11:(0t=status,,%%%\n",             // no ')'
        "###\n11:(7)t=status,%%%\n",             // type digit out of range
        "###\n11:(x)t=status,%%%\n",             // type not a digit
        "###\n10:(0)tstatus,%%%\n",              // no '='
        "###\n10:(0)=status,%%%\n",              // empty name
        "###\n14:(0)(1)t=status,%%%\n",          // name looks like a type prefix
        "###\n12:(0)t\n=status,%%%\n",           // newline in name
        "###\n2:(0,%%%\n",                       // item shorter than (T)
        "###\n0:,%%%\n",                         // empty item
    };
    for (const std::string& s : netstrings) {
        CAPTURE(s);
        const Decoded d = decode(s, nullptr);
        CHECK(d.error == DecodeError::bad_field);
        CHECK_FALSE(d.detail.empty());
        CHECK(d.msg.empty());
    }
    const std::vector<std::string> classics = {
        ">>>\nt=status\nno equals sign\n<<<\n",
        ">>>\n=value\n<<<\n",
        ">>>\n(1)srcuuid=not base64!\n<<<\n",
        ">>>\n(1)srcuuid=xAd7gTYmRNq7znLc+n4GIQ=\n<<<\n",   // length not a multiple of 4
        ">>>\n(1)srcuuid=xAd7gTYmRNq7znLc+n4GIR==\n<<<\n",  // non-canonical padding bits
        ">>>\n(0)t=status\n<<<\n",                          // 3.0.6: "wrong type"
        ">>>\n(9)t=status\n<<<\n",
        ">>>\n(1=x\n<<<\n",
        ">>>\n(1)=AAAA\n<<<\n",
    };
    static const char with_nul[] = ">>>\nt=sta\0tus\n<<<\n";
    std::vector<std::string> all = classics;
    all.emplace_back(with_nul, sizeof with_nul - 1);
    for (const std::string& s : all) {
        CAPTURE(s);
        CHECK(decode(s, nullptr).error == DecodeError::bad_field);
    }
}

TEST_CASE("unsupported_type: nested message, list, compressed, struct")
{
    for (char t : {'2', '3', '4', '5'}) {
        std::string item = std::string("(") + t + ")x=abc";
        const std::string s = "###\n" + std::to_string(item.size()) + ":" + item + ",%%%\n";
        CAPTURE(s);
        const Decoded d = decode(s, nullptr);
        CHECK(d.error == DecodeError::unsupported_type);
        CHECK(decode(std::string(">>>\n(") + t + ")x=abc\n<<<\n", nullptr).error
            == DecodeError::unsupported_type);
    }
}

TEST_CASE("bad_trailer: malformed trailer or auth= value")
{
    Signer crc(hbtest::crc_keys());
    const std::string covered = hbtest::ping_covered();
    for (const std::string& t : {std::string("10:1 a218d3a3"),   // ',' missing
             std::string("9:1 a218d3a3,"),                      // wrong length
             std::string("11:1 a218d3a3,"),
             std::string("10:1 A218D3A3,"),                     // uppercase hex
             std::string("10:x a218d3a3,"),
             std::string("9:1a218d3a3,"),                       // no space
             std::string("11:1  a218d3a3,"),                    // two spaces
             std::string("11:01 a218d3a3,"),                    // leading zero index
             std::string("2:1 ,"),                              // empty hex
             std::string("12:100 a218d3a3,"),                   // index too long
             std::string("x"), std::string(","), std::string("10:")}) {
        CAPTURE(t);
        CHECK(decode(covered + t, &crc).error == DecodeError::bad_trailer);
    }
    CHECK(decode(covered + "10:1 a218d3a3,", &crc));

    Message m("status");
    m.add(f::auth, "1a060d593");
    CHECK(decode(encode_classic(m), &crc).error == DecodeError::bad_trailer);
    Message b("status");
    b.add(f::auth, "1 00", FieldType::binary);
    CHECK(decode(encode_classic(b), &crc).error == DecodeError::bad_trailer);
}

TEST_CASE("unknown_key: an index we have no key for")
{
    Signer crc(hbtest::crc_keys());
    const std::string covered = hbtest::ping_covered();
    const std::string hex = crc.compute(1, covered);
    for (const std::string idx : {"0", "2", "15", "16", "99"}) {
        const std::string tok = idx + " " + hex;
        const Decoded d = decode(covered + std::to_string(tok.size()) + ":" + tok + ",", &crc);
        CHECK(d.error == DecodeError::unknown_key);
        CHECK(d.detail == "unknown auth index " + idx);
    }
    Message m("status");
    m.add(f::auth, "3 " + hex);
    CHECK(decode(encode_classic(m), &crc).error == DecodeError::unknown_key);
}

TEST_CASE("auth_failed: a flipped bit anywhere in the covered bytes, or in the digest")
{
    Signer crc(hbtest::crc_keys());
    const std::string wire = hbtest::status_crc();
    const std::size_t end = wire.find("%%%\n") + 4;
    // A flip in a value keeps the framing: only the digest can catch it.
    const std::string flipped = replaced(wire, "st=active", "st=activf");
    const Decoded d = decode(flipped, &crc);
    CHECK(d.error == DecodeError::auth_failed);
    CHECK(d.detail == "authtoken=1 5619c1fa");
    CHECK(d.detail.find(crc.compute(1, flipped.substr(0, end))) == std::string::npos);

    std::string uuid_flip = wire;
    uuid_flip[wire.find("srcuuid=") + 8] ^= 0x01;
    CHECK(decode(uuid_flip, &crc).error == DecodeError::auth_failed);

    // The inner auth value is covered by the trailer too.
    CHECK(decode(replaced(wire, "auth=1 b569ffa7", "auth=1 b569ffa8"), &crc).error == DecodeError::auth_failed);
    CHECK(decode(replaced(wire, "10:1 5619c1fa,", "10:1 5619c1fb,"), &crc).error == DecodeError::auth_failed);
    CHECK(decode(replaced(wire, "10:1 5619c1fa,", "9:1 5619c1f,"), &crc).error == DecodeError::auth_failed);

    // Classic: the auth= field guards the re-rendered body.
    Message m("status");
    m.add("st", "up");
    add_inner_auth(m, crc);
    CHECK(decode(replaced(encode_classic(m), "st=up", "st=uq"), &crc).error == DecodeError::auth_failed);
}

TEST_CASE("no_auth: classic input without auth= when a signer is given")
{
    Signer crc(hbtest::crc_keys());
    const Decoded d = decode(">>>\nt=status\nst=up\n<<<\n", &crc);
    CHECK(d.error == DecodeError::no_auth);
    CHECK(d.msg.empty());
    CHECK(decode(">>>\nt=status\nst=up\n<<<\n", nullptr));
}

TEST_CASE("every DecodeError has a name")
{
    CHECK(to_string(DecodeError::none) == "none");
    CHECK(to_string(DecodeError::too_big) == "too_big");
    CHECK(to_string(DecodeError::bad_framing) == "bad_framing");
    CHECK(to_string(DecodeError::bad_field) == "bad_field");
    CHECK(to_string(DecodeError::unsupported_type) == "unsupported_type");
    CHECK(to_string(DecodeError::bad_trailer) == "bad_trailer");
    CHECK(to_string(DecodeError::unknown_key) == "unknown_key");
    CHECK(to_string(DecodeError::auth_failed) == "auth_failed");
    CHECK(to_string(DecodeError::no_auth) == "no_auth");
}

TEST_CASE("details never echo raw control bytes")
{
    const Decoded d = decode(std::string("\x01\x02garbage\n", 10), nullptr);
    CHECK(d.error == DecodeError::bad_framing);
    CHECK(d.detail == "no message start: \\x01\\x02garbage\\x0a");
}

// ---- base64 -----------------------------------------------------------------

TEST_CASE("base64: RFC 4648 vectors and the captured uuid")
{
    const std::vector<std::pair<std::string, std::string>> v = {{"", ""}, {"f", "Zg=="}, {"fo", "Zm8="},
        {"foo", "Zm9v"}, {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
    for (const auto& [plain, enc] : v) {
        CHECK(base64_encode(plain) == enc);
        std::string out = "stale";
        CHECK(base64_decode(enc, out));
        CHECK(out == plain);
    }
    CHECK(base64_encode(hbtest::uuid_node1()) == "xAd7gTYmRNq7znLc+n4GIQ==");
    std::string all;
    for (int i = 0; i < 256; ++i) {
        all += static_cast<char>(i);
    }
    std::string back;
    CHECK(base64_decode(base64_encode(all), back));
    CHECK(back == all);
}

TEST_CASE("base64: strict decoding")
{
    std::string out;
    for (const char* bad : {"Zg=", "Zg", "Z===", "====", "Zh==", "Zm9=", "Zg==Zg==", "Zm9v!A==",
             "=Zm9", "Zm=v", "Zm9v\n", "Zm 9", "Zg=A"}) {
        CAPTURE(bad);
        CHECK_FALSE(base64_decode(bad, out));
    }
}
