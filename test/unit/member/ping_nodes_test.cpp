// member/PingNodes: which replies count, group liveness, deadping.
#include <doctest/doctest.h>

#include "../wire/vectors.h"
#include "member/ping_nodes.h"
#include "wire/ping.h"

using namespace hb;

namespace {

config::HaCf two_ping_nodes()
{
    config::HaCf ha;
    ha.deadping = Duration(3000);
    ha.ping_nodes.push_back(config::PingNode{"192.0.2.254", {"192.0.2.254"}, false, false, 1});
    ha.ping_nodes.push_back(config::PingNode{"pg1", {"192.0.2.10", "192.0.2.11"}, true, false, 2});
    return ha;
}

}  // namespace

TEST_CASE("ping nodes: one probe per address, the group's payload names the group")
{
    member::PingNodes p(two_ping_nodes());
    wire::Signer s(hbtest::crc_keys());
    auto probes = p.probes(0x6b0469fa, s);
    REQUIRE(probes.size() == 3);
    CHECK(probes[0].payload == hbtest::ping_covered() + hbtest::kPingTrailer);
    CHECK(probes[1].address == "192.0.2.10");
    CHECK(probes[1].payload == probes[2].payload);
    CHECK(probes[1].payload.find("src=pg1") != std::string::npos);
}

TEST_CASE("ping nodes: init -> ping on a verified reply, dead after deadping, ping again")
{
    member::PingNodes p(two_ping_nodes());
    wire::Signer s(hbtest::crc_keys());
    p.start(mono_ms(0));
    const auto probes = p.probes(100, s);
    std::string why;
    auto c = p.on_reply("192.0.2.254", probes[0].payload, s, mono_ms(10), why);
    REQUIRE(c);
    CHECK(c->old_status == "init");
    CHECK(c->new_status == "ping");
    CHECK_FALSE(p.on_reply("192.0.2.254", probes[0].payload, s, mono_ms(20), why));  // no change
    CHECK(p.alive() == 1);
    // The group never answered: dead after deadping from the start.
    auto dead = p.tick(mono_ms(3001));
    REQUIRE(dead.size() == 1);
    CHECK(dead[0].node == "pg1");
    CHECK(p.tick(mono_ms(3020)).empty());       // the single node answered at 20 ms
    CHECK(p.tick(mono_ms(3021)).size() == 1);  // ... and is dead 3 s later
    CHECK(p.alive() == 0);
    // Any member of the group brings it back.
    c = p.on_reply("192.0.2.11", probes[2].payload, s, mono_ms(4000), why);
    REQUIRE(c);
    CHECK(c->node == "pg1");
    CHECK(c->new_status == "ping");
    CHECK(p.next_deadline() == mono_ms(7001));
}

TEST_CASE("ping nodes: replies that do not count")
{
    member::PingNodes p(two_ping_nodes());
    wire::Signer s(hbtest::crc_keys());
    wire::Signer other(hbtest::one_key(1, config::AuthMethod::sha1, "other"));
    p.start(mono_ms(0));
    const auto probes = p.probes(100, s);
    std::string why;
    CHECK_FALSE(p.on_reply("192.0.2.254", probes[0].payload, other, mono_ms(1), why));  // bad auth
    CHECK(why.find("ignored: bad message") != std::string::npos);
    CHECK_FALSE(p.on_reply("192.0.2.254", probes[1].payload, s, mono_ms(1), why));  // the group's payload
    CHECK(why.find("wrong plugin") != std::string::npos);
    CHECK_FALSE(p.on_reply("192.0.2.99", probes[0].payload, s, mono_ms(1), why));  // not a ping node
    CHECK(why.find("no ping node") != std::string::npos);
    CHECK(p.find("192.0.2.254")->rejected == 2);
    CHECK(p.alive() == 0);
}

TEST_CASE("ping nodes: one link per address, up with its first reply, dead after deadtime")
{
    config::HaCf ha = two_ping_nodes();
    ha.deadtime = Duration(5000);
    member::PingNodes p(ha);
    wire::Signer s(hbtest::crc_keys());
    p.start(mono_ms(0));
    const auto probes = p.probes(100, s);
    std::string why;
    p.on_reply("192.0.2.11", probes[2].payload, s, mono_ms(10), why);
    auto l = p.take_link_changes();
    REQUIRE(l.size() == 1);
    CHECK(l[0].node == "pg1");
    CHECK(l[0].address == "192.0.2.11");
    CHECK(l[0].up);
    CHECK(p.take_link_changes().empty());
    p.tick(mono_ms(3011));  // the node is dead (deadping 3 s), its link not yet
    CHECK(p.find("pg1")->status == "dead");
    CHECK(p.take_link_changes().empty());
    p.tick(mono_ms(5011));
    l = p.take_link_changes();
    REQUIRE(l.size() == 1);
    CHECK_FALSE(l[0].up);
}
