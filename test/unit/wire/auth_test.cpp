// Signer: crc / HMAC-MD5 / HMAC-SHA1 as authkeys configures them, checked
// against the captured vectors of facts 1.4 and the RFC 2202 HMAC vectors.
#include <doctest/doctest.h>

#include <string>

#include "base/strings.h"
#include "vectors.h"
#include "wire/auth.h"

using namespace hb;
using namespace hb::wire;
using config::AuthMethod;

TEST_CASE("crc32_posix: check value and no length appended")
{
    CHECK(crc32_posix("123456789") == 0x765e7680u);
    CHECK(crc32_posix("") == 0xffffffffu);  // init 0, only the final inversion
    Signer s(hbtest::crc_keys());
    CHECK(s.compute(1, "123456789") == "765e7680");
}

TEST_CASE("crc output is %lx: no zero padding")
{
    // Find an input whose CRC has a zero top nibble and check the rendering.
    Signer s(hbtest::crc_keys());
    bool found = false;
    for (int i = 0; i < 10000 && !found; ++i) {
        const std::string data = "probe" + std::to_string(i);
        const std::uint32_t c = crc32_posix(data);
        if (c < 0x10000000u) {
            found = true;
            const std::string hex = s.compute(1, data);
            CHECK(hex.size() < 8);
            CHECK(hex.front() != '0');
            CHECK(parse_hex(hex) == c);
        }
    }
    CHECK(found);
}

TEST_CASE("crc vectors from a captured ping payload (facts 1.4)")
{
    Signer s(hbtest::crc_keys());
    const std::string covered = hbtest::ping_covered();
    REQUIRE(covered.size() == 114);
    CHECK(s.compute(1, covered) == "a218d3a3");
    CHECK(s.compute(1, hbtest::kPingInnerBody) == "a060d593");
    CHECK(s.token(covered) == "1 a218d3a3");
    CHECK(s.verify(1, "a218d3a3", covered));
    CHECK_FALSE(s.verify(1, "a218d3a4", covered));
}

TEST_CASE("md5 lab key vectors (facts 1.4)")
{
    Signer s(hbtest::one_key(1, AuthMethod::md5, hbtest::kMd5LabKey));
    CHECK(s.compute(1, hbtest::kMd5InnerBody) == hbtest::kMd5InnerHex);
    CHECK(s.compute(1, hbtest::md5_covered()) == hbtest::kMd5TrailerHex);
    CHECK(s.token(hbtest::md5_covered()) == std::string("1 ") + hbtest::kMd5TrailerHex);
}

TEST_CASE("sha1 lab key vector (facts 1.4)")
{
    Signer s(hbtest::one_key(1, AuthMethod::sha1, hbtest::kSha1LabKey));
    const std::string hex = s.compute(1, hbtest::kSha1InnerBody);
    CHECK(hex == hbtest::kSha1InnerHex);
    CHECK(hex.size() == 40);
}

TEST_CASE("HMAC matches RFC 2202, including keys longer than the block")
{
    const std::string k1(16, '\x0b');
    const std::string k1s(20, '\x0b');
    const std::string k6(80, '\xaa');
    const std::string d6 = "Test Using Larger Than Block-Size Key - Hash Key First";

    CHECK(Signer(hbtest::one_key(2, AuthMethod::md5, k1)).compute(2, "Hi There")
        == "9294727a3638bb1c13f48ef8158bfc9d");
    CHECK(Signer(hbtest::one_key(2, AuthMethod::md5, "Jefe")).compute(2, "what do ya want for nothing?")
        == "750c783e6ab0b503eaa86e310a5db738");
    CHECK(Signer(hbtest::one_key(2, AuthMethod::md5, k6)).compute(2, d6)
        == "6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd");

    CHECK(Signer(hbtest::one_key(3, AuthMethod::sha1, k1s)).compute(3, "Hi There")
        == "b617318655057264e28bc0b6fb378c8ef146be00");
    CHECK(Signer(hbtest::one_key(3, AuthMethod::sha1, "Jefe")).compute(3, "what do ya want for nothing?")
        == "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    CHECK(Signer(hbtest::one_key(3, AuthMethod::sha1, k6)).compute(3, d6)
        == "aa4ae5e15272d00e95705637ce8a3b55ed402112");
}

TEST_CASE("each index uses its own method and secret; the active one signs")
{
    config::Authkeys k;
    k.active = 2;
    k.keys[1] = config::AuthKey{AuthMethod::md5, "alpha", 1};
    k.keys[2] = config::AuthKey{AuthMethod::sha1, "beta", 2};
    k.keys[3] = config::AuthKey{AuthMethod::crc, "", 3};
    Signer s(k);

    const std::string data = "t=status\n";
    CHECK(s.active_index() == 2);
    CHECK(s.has_index(1));
    CHECK_FALSE(s.has_index(0));
    CHECK_FALSE(s.has_index(16));
    CHECK_FALSE(s.has_index(-1));

    CHECK(s.compute(1, data) == Signer(hbtest::one_key(1, AuthMethod::md5, "alpha")).compute(1, data));
    CHECK(s.compute(2, data) == Signer(hbtest::one_key(2, AuthMethod::sha1, "beta")).compute(2, data));
    CHECK(s.compute(3, data) == to_hex(crc32_posix(data)));
    CHECK(s.compute(1, data).size() == 32);
    CHECK(s.compute(2, data).size() == 40);
    CHECK(s.token(data) == "2 " + s.compute(2, data));

    // Same method, other secret: another digest.
    CHECK(s.compute(1, data) != Signer(hbtest::one_key(1, AuthMethod::md5, "beta")).compute(1, data));

    CHECK(s.verify(1, s.compute(1, data), data));
    CHECK_FALSE(s.verify(2, s.compute(1, data), data));
    CHECK(s.compute(4, data).empty());
    CHECK_FALSE(s.verify(4, "", data));
    CHECK_FALSE(s.verify(4, "0", data));
    CHECK_FALSE(s.verify(3, "", data));
}

TEST_CASE("verify is exact: case, length and prefix matter")
{
    Signer s(hbtest::one_key(1, AuthMethod::md5, hbtest::kMd5LabKey));
    const std::string hex = s.compute(1, hbtest::kMd5InnerBody);
    std::string upper = hex;
    for (char& c : upper) {
        if (c >= 'a' && c <= 'f') {
            c = static_cast<char>(c - 'a' + 'A');
        }
    }
    CHECK(s.verify(1, hex, hbtest::kMd5InnerBody));
    CHECK_FALSE(s.verify(1, upper, hbtest::kMd5InnerBody));
    CHECK_FALSE(s.verify(1, hex.substr(0, 31), hbtest::kMd5InnerBody));
    CHECK_FALSE(s.verify(1, hex + "0", hbtest::kMd5InnerBody));
    CHECK_FALSE(s.verify(1, hex, std::string(hbtest::kMd5InnerBody) + " "));
}

TEST_CASE("binary data and empty input hash like any other bytes")
{
    Signer md5(hbtest::one_key(1, AuthMethod::md5, "k"));
    const std::string with_nul("a\0b", 3);
    CHECK(md5.compute(1, with_nul) != md5.compute(1, "a"));
    CHECK(md5.compute(1, "").size() == 32);
    // Empty secret: still a well-defined HMAC (config rejects it, the signer
    // must not crash on it).
    Signer empty(hbtest::one_key(1, AuthMethod::sha1, ""));
    CHECK(empty.compute(1, "x").size() == 40);
    CHECK(empty.compute(1, "") == "fbdb1d1b18aa6c08324b7d64b71fb76370690e1d");
    CHECK(Signer(hbtest::one_key(1, AuthMethod::md5, "")).compute(1, "") == "74e6f7298a9c2d168935f58c001bad88");
}

// sha256 is heartbeatd's own method. Expected values computed independently
// with `openssl dgst -sha256 -hmac KEY` (and -macopt hexkey: for binary
// keys); the first three are also RFC 4231 test cases 1, 2 and 6.
TEST_CASE("sha256: HMAC-SHA256 matches openssl dgst and RFC 4231")
{
    const std::string k1(20, '\x0b');
    const std::string k6(131, '\xaa');
    const std::string d6 = "Test Using Larger Than Block-Size Key - Hash Key First";
    CHECK(Signer(hbtest::one_key(1, AuthMethod::sha256, k1)).compute(1, "Hi There")
        == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    CHECK(Signer(hbtest::one_key(1, AuthMethod::sha256, "Jefe")).compute(1, "what do ya want for nothing?")
        == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    CHECK(Signer(hbtest::one_key(1, AuthMethod::sha256, k6)).compute(1, d6)
        == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    // A real message body (the sha1 capture of facts 1.4), empty data.
    Signer s(hbtest::one_key(4, AuthMethod::sha256, "PA-TEST-KEY-sha256"));
    const std::string hex = s.compute(4, hbtest::kSha1InnerBody);
    CHECK(hex == "40247851398f26e02160773e4018e52bcdca10bbfa18fc61059f39f448d26427");
    CHECK(s.token(hbtest::kSha1InnerBody) == "4 " + hex);
    CHECK(s.verify(4, hex, hbtest::kSha1InnerBody));
    CHECK_FALSE(s.verify(4, hex.substr(0, 40), hbtest::kSha1InnerBody));  // a sha1-length token
    CHECK(Signer(hbtest::one_key(1, AuthMethod::sha256, "key")).compute(1, "")
        == "5d5d139563c95b5967b9bd9a8c9b233a9dedb45072794cd232dc1b74832607d0");
}

TEST_CASE("sha256 and sha1 with the same secret never verify each other")
{
    Signer a(hbtest::one_key(1, AuthMethod::sha256, "same"));
    Signer b(hbtest::one_key(1, AuthMethod::sha1, "same"));
    CHECK_FALSE(b.verify(1, a.compute(1, "t=status\n"), "t=status\n"));
    CHECK_FALSE(a.verify(1, b.compute(1, "t=status\n"), "t=status\n"));
}

TEST_CASE("a token of another method's length is explained, without the secret")
{
    Signer s256(hbtest::one_key(1, AuthMethod::sha256, "k"));
    CHECK(s256.method_mismatch(1, 64).empty());
    CHECK(s256.method_mismatch(1, 40)
        == "a 40-digit token is sha1, key 1 here is sha256 (sha256 is heartbeatd only; Heartbeat 3.0.6 does not "
           "have it)");
    Signer s1(hbtest::one_key(1, AuthMethod::sha1, "k"));
    CHECK(s1.method_mismatch(1, 40).empty());
    CHECK(s1.method_mismatch(1, 64)
        == "a 64-digit token is sha256, key 1 here is sha1 (sha256 is heartbeatd only; Heartbeat 3.0.6 does not "
           "have it)");
    CHECK(s1.method_mismatch(1, 7) == "a 7-digit token is crc, key 1 here is sha1");
    CHECK(Signer(hbtest::crc_keys()).method_mismatch(1, 7).empty());
    CHECK(Signer(hbtest::crc_keys()).method_mismatch(1, 32) == "a 32-digit token is md5, key 1 here is crc");
    CHECK(s1.method_mismatch(2, 64).empty());  // unknown index: reported elsewhere
}
