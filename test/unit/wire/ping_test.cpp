// Ping pseudo-node payloads (facts section 3), against the captured 3.0.6
// packets of facts 1.4.
#include <doctest/doctest.h>

#include <string>

#include "vectors.h"
#include "wire/ping.h"

using namespace hb;
using namespace hb::wire;
using config::AuthMethod;

TEST_CASE("ping payload equals the captured 3.0.6 ping packet (crc)")
{
    Signer s(hbtest::crc_keys());
    const std::string p = build_ping_payload("192.0.2.254", false, 0x6b0469fa, s);
    CHECK(p == hbtest::ping_covered() + hbtest::kPingTrailer);
}

TEST_CASE("ping_group payload equals the captured 3.0.6 packet (md5)")
{
    Signer s(hbtest::one_key(1, AuthMethod::md5, hbtest::kMd5LabKey));
    const std::string p = build_ping_payload("pg1", true, 0x6b046ba2, s);
    CHECK(p == hbtest::md5_covered() + "34:1 " + hbtest::kMd5TrailerHex + ",");
}

TEST_CASE("an echoed payload verifies and returns the ts")
{
    Signer s(hbtest::crc_keys());
    const std::string p = build_ping_payload("192.0.2.254", false, 0x6b0469fa, s);
    PingReply r = verify_ping_payload(p, "192.0.2.254", false, s);
    CHECK(r);
    CHECK(r.ts == 0x6b0469fa);
    // Trailing padding from the echo is tolerated.
    CHECK(verify_ping_payload(p + std::string(3, '\0'), "192.0.2.254", false, s));
}

TEST_CASE("a reply with a wrong digest, plugin, or source does not count")
{
    Signer s(hbtest::crc_keys());
    Signer other(hbtest::one_key(1, AuthMethod::md5, "another key"));
    const std::string p = build_ping_payload("192.0.2.254", false, 100, s);
    CHECK(verify_ping_payload(p, "192.0.2.254", false, other).error == PingReplyError::bad_message);
    CHECK(verify_ping_payload(p, "192.0.2.254", true, s).error == PingReplyError::wrong_plugin);
    CHECK(verify_ping_payload(p, "192.0.2.253", false, s).error == PingReplyError::wrong_source);
    std::string tampered = p;
    tampered[tampered.find("ping")] = 'P';
    CHECK_FALSE(verify_ping_payload(tampered, "192.0.2.254", false, s));
    CHECK(verify_ping_payload("", "192.0.2.254", false, s).error == PingReplyError::bad_message);
    CHECK(verify_ping_payload("garbage", "192.0.2.254", false, s).error == PingReplyError::bad_message);
}
