// res/IpFail on its own: the messages 3.0.6's ipfail exchanges.
#include <doctest/doctest.h>

#include "res/ipfail.h"

using namespace hb;

namespace {

wire::Message count_msg(int n, const std::string& dest = "node1")
{
    wire::Message m("num_ping_nodes");
    m.add("orig", "node2");
    m.add("num_ping", std::to_string(n));
    m.add("dest", dest);
    return m;
}

}  // namespace

TEST_CASE("ipfail: a ping change asks the peer with our count")
{
    res::IpFail f("node1", "node2", {});
    std::vector<wire::Message> out;
    f.on_ping_status("gw", "dead", 0, mono_ms(0), out);
    REQUIRE(out.size() == 1);
    CHECK(out[0].type() == "num_ping_nodes");
    CHECK(out[0].value("num_ping") == "0");
    CHECK(out[0].value("dest") == "node2");
}

TEST_CASE("ipfail: a ping node coming back cancels a pending give-up before the peer answers")
{
    res::IpFail f("node1", "node2", res::IpFailOptions{true, Duration(1000)});
    std::vector<wire::Message> out;
    f.on_message("node2", wire::Message("you_are_dead"), 0, true, mono_ms(0), out);
    REQUIRE(f.giveup_pending());
    f.on_ping_status("gw", "ping", 1, mono_ms(300), out);
    CHECK_FALSE(f.giveup_pending());
    REQUIRE(out.size() == 1);
    CHECK(out[0].type() == "num_ping_nodes");  // the peer decides again
    out.clear();
    f.tick(true, mono_ms(1000), out);
    CHECK(out.empty());  // no ask_resources: nothing is given up
}

TEST_CASE("ipfail: more -> you_are_dead; fewer -> delayed give-up of all; equal -> abort_giveup")
{
    res::IpFail f("node1", "node2", res::IpFailOptions{false, Duration(1000)});
    std::vector<wire::Message> out;
    f.on_message("node2", count_msg(0), 1, true, mono_ms(0), out);
    REQUIRE(out.size() == 1);
    CHECK(out[0].type() == "you_are_dead");
    out.clear();
    f.on_message("node2", count_msg(2), 1, true, mono_ms(0), out);
    CHECK(out.empty());
    CHECK(f.giveup_pending());
    f.tick(true, mono_ms(999), out);
    CHECK(out.empty());
    f.tick(true, mono_ms(1000), out);
    REQUIRE(out.size() == 1);
    CHECK(out[0].type() == "ask_resources");
    CHECK(out[0].value("rsc_hold") == "all");
    CHECK(out[0].value("info") == "me");
    out.clear();
    // Equal counts cancel a pending give-up and tell the peer to cancel its own.
    f.on_message("node2", wire::Message("you_are_dead"), 1, true, mono_ms(2000), out);
    CHECK(f.giveup_pending());
    f.on_message("node2", count_msg(1), 1, true, mono_ms(2100), out);
    CHECK_FALSE(f.giveup_pending());
    REQUIRE(out.size() == 1);
    CHECK(out[0].type() == "abort_giveup");
}

TEST_CASE("ipfail: balanced with auto_failback on gives foreign resources back; waits while unstable")
{
    res::IpFail f("node1", "node2", res::IpFailOptions{true, Duration(500)});
    std::vector<wire::Message> out;
    f.on_message("node2", count_msg(1), 1, true, mono_ms(0), out);
    CHECK(f.giveup_pending());
    out.clear();
    f.tick(false, mono_ms(600), out);  // transition: wait for the peer's stable message
    CHECK(out.empty());
    wire::Message stable("resource");
    stable.add("isstable", "1");
    f.on_message("node2", stable, 1, true, mono_ms(700), out);
    REQUIRE(out.size() == 1);
    CHECK(out[0].type() == "num_ping_nodes");
}

TEST_CASE("ipfail: messages for another node, our own, or with a bad count are ignored")
{
    res::IpFail f("node1", "node2", {});
    std::vector<wire::Message> out;
    f.on_message("node2", count_msg(5, "node3"), 0, true, mono_ms(0), out);
    f.on_message("node1", count_msg(5), 0, true, mono_ms(0), out);
    wire::Message bad = count_msg(0);
    bad.set("num_ping", "many");
    f.on_message("node2", bad, 0, true, mono_ms(0), out);
    CHECK(out.empty());
    CHECK_FALSE(f.giveup_pending());
}

TEST_CASE("ipfail partition rule: isolated only with ping nodes, the peer gone and none of them seen")
{
    CHECK(res::ipfail_isolated(true, true, 0));
    CHECK_FALSE(res::ipfail_isolated(true, true, 1));
    CHECK_FALSE(res::ipfail_isolated(true, false, 0));
    CHECK_FALSE(res::ipfail_isolated(false, true, 0));
}
