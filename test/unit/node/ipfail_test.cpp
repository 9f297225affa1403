// Ping nodes and the built-in ipfail on whole simulated clusters
// (cluster_sim.h): a ping node's status, ipfail moving the groups away from
// the node that lost its ping node and back with auto_failback on, no move
// when both lose it, and the partition rule.
#include <doctest/doctest.h>

#include "node/cluster_sim.h"

using namespace hb;
using hb::test::Cluster;
using hb::test::cluster_config;
using AF = config::AutoFailback;

namespace {

const std::string kAlpha = "IPaddr::192.0.2.100";
const std::string kBeta = "svc::beta";
const std::string kPing = "198.51.100.254";

config::Config ping_config(const std::string& local, AF af, bool ipfail)
{
    config::Config c = cluster_config(local, af);
    config::PingNode p;
    p.name = kPing;
    p.addresses = {kPing};
    c.ha.ping_nodes.push_back(p);
    c.ha.deadping = Duration(2000);  // below deadtime (4 s): the ping verdict comes first
    c.ha.ipfail = ipfail;
    return c;
}

Cluster ping_pair(AF af, bool ipfail)
{
    Cluster c;
    c.ping_targets.insert(kPing);
    c.add(ping_config("node1", af, ipfail));
    c.add(ping_config("node2", af, ipfail));
    c.start("node1");
    c.start("node2");
    return c;
}

bool settled(Cluster& c, const std::string& r1, const std::string& r2)
{
    return c.node("node1").rscstatus() == r1 && c.node("node2").rscstatus() == r2;
}

std::string ping_status(Cluster& c, const std::string& n)
{
    const auto* p = c.node(n).node->ping_nodes().find(kPing);
    return p ? p->status : "?";
}

}  // namespace

TEST_CASE("ping node: one echo per status message; status ping, dead after deadping, ping again")
{
    Cluster c = ping_pair(AF::on, false);
    REQUIRE(c.run_until([&] { return settled(c, "local", "local"); }, 30000));
    auto& n1 = c.node("node1");
    CHECK(ping_status(c, "node1") == "ping");
    CHECK(n1.pings_sent == n1.heartbeats.size());
    CHECK(n1.logged("Status update for node " + kPing + ": status ping"));
    c.ping_cut.insert({"node1", kPing});
    CHECK(c.run_until([&] { return ping_status(c, "node1") == "dead"; }, 3000));
    CHECK(ping_status(c, "node2") == "ping");
    CHECK(n1.logged("node " + kPing + ": is dead"));
    c.ping_cut.clear();
    CHECK(c.run_until([&] { return ping_status(c, "node1") == "ping"; }, 2000));
    // Without ipfail nothing moves.
    CHECK(settled(c, "local", "local"));
    CHECK(n1.sent_of("num_ping_nodes").empty());
}

TEST_CASE("ipfail: the node that loses its ping node hands everything over; auto_failback on brings it back")
{
    Cluster c = ping_pair(AF::on, true);
    REQUIRE(c.run_until([&] { return settled(c, "local", "local"); }, 30000));
    c.ping_cut.insert({"node1", kPing});
    REQUIRE(c.run_until([&] { return settled(c, "none", "all"); }, 20000));
    auto& n1 = c.node("node1");
    auto& n2 = c.node("node2");
    CHECK(n2.runs(kAlpha));
    CHECK_FALSE(n1.runs(kAlpha));
    auto counts = n1.sent_of("num_ping_nodes");
    CHECK(std::any_of(counts.begin(), counts.end(), [](const wire::Message& m) {
        return m.value("num_ping") == "0" && m.value("dest") == "node2";
    }));
    CHECK(n2.sent_of("you_are_dead").size() >= 1);
    auto ask = n1.sent_of("ask_resources");
    REQUIRE(!ask.empty());
    CHECK(ask.front().value("rsc_hold") == "all");
    CHECK(ask.front().value("info") == "me");
    // Connectivity returns: the counts are equal and node2 gives back the foreign group.
    c.ping_cut.clear();
    REQUIRE(c.run_until([&] { return settled(c, "local", "local"); }, 20000));
    CHECK(n1.runs(kAlpha));
    CHECK(n2.runs(kBeta));
    CHECK(c.violations.empty());
}

TEST_CASE("ipfail with auto_failback off: the groups stay on the peer when connectivity returns")
{
    Cluster c = ping_pair(AF::off, true);
    REQUIRE(c.run_until([&] { return settled(c, "local", "local"); }, 30000));
    c.ping_cut.insert({"node2", kPing});
    REQUIRE(c.run_until([&] { return settled(c, "all", "none"); }, 20000));
    c.ping_cut.clear();
    c.run_for(10000);
    CHECK(settled(c, "all", "none"));
    CHECK(c.violations.empty());
}

TEST_CASE("ipfail: when both nodes lose the ping node, nothing moves")
{
    Cluster c = ping_pair(AF::on, true);
    REQUIRE(c.run_until([&] { return settled(c, "local", "local"); }, 30000));
    c.ping_targets.clear();
    c.run_for(15000);
    CHECK(ping_status(c, "node1") == "dead");
    CHECK(ping_status(c, "node2") == "dead");
    CHECK(settled(c, "local", "local"));
    CHECK(c.node("node1").sent_of("ask_resources").empty());
    CHECK(c.node("node2").sent_of("ask_resources").empty());
}

TEST_CASE("partition with a ping node: only the side that still sees it holds the groups")
{
    Cluster c = ping_pair(AF::on, true);
    REQUIRE(c.run_until([&] { return settled(c, "local", "local"); }, 30000));
    // node1 loses the cluster link and the ping node; node2 keeps the ping node.
    c.cut = {{"node1", "node2"}, {"node2", "node1"}};
    c.ping_cut.insert({"node1", kPing});
    c.run_for(20000);
    auto& n1 = c.node("node1");
    auto& n2 = c.node("node2");
    CHECK(n2.runs(kAlpha));
    CHECK(n2.runs(kBeta));
    CHECK_FALSE(n1.runs(kAlpha));
    CHECK_FALSE(n1.runs(kBeta));
    CHECK(n1.node->manager()->isolated());
    CHECK(n1.logged("Not taking over resources from node2"));
    CHECK(c.violations.empty());
}

TEST_CASE("partition rule without ipfail is off: 3.0.6 behaviour, both sides take over")
{
    Cluster c = ping_pair(AF::on, false);
    REQUIRE(c.run_until([&] { return settled(c, "local", "local"); }, 30000));
    c.cut = {{"node1", "node2"}, {"node2", "node1"}};
    c.ping_cut.insert({"node1", kPing});
    c.run_for(20000);
    CHECK(c.node("node1").runs(kBeta));
    CHECK(c.node("node2").runs(kAlpha));
}

TEST_CASE("isolated node takes everything when the ping node answers again and the peer is still dead")
{
    Cluster c = ping_pair(AF::on, true);
    REQUIRE(c.run_until([&] { return settled(c, "local", "local"); }, 30000));
    c.ping_cut.insert({"node1", kPing});
    c.cut = {{"node1", "node2"}, {"node2", "node1"}};
    c.run_for(3000);
    c.crash("node2");
    c.run_for(10000);
    CHECK_FALSE(c.node("node1").runs(kAlpha));
    c.ping_cut.clear();
    CHECK(c.run_until([&] { return c.node("node1").runs(kAlpha) && c.node("node1").runs(kBeta); }, 20000));
    CHECK_FALSE(c.node("node1").node->manager()->isolated());
}

TEST_CASE("partition rule: a short cut (peer silent, never declared dead) gives the groups back to their holder")
{
    Cluster c = ping_pair(AF::on, true);
    REQUIRE(c.run_until([&] { return settled(c, "local", "local"); }, 30000));
    c.cut = {{"node1", "node2"}, {"node2", "node1"}};
    c.ping_cut.insert({"node1", kPing});
    // Long enough for node1 to let go (ping dead, peer silent > deadtime/2),
    // too short for either side to declare the other dead (deadtime 4 s).
    c.run_for(3000);
    CHECK(c.node("node1").node->manager()->isolated());
    CHECK_FALSE(c.node("node1").runs(kAlpha));
    c.cut.clear();
    c.ping_cut.clear();
    CHECK(c.run_until([&] { return c.node("node1").runs(kAlpha); }, 20000));
    CHECK_FALSE(c.node("node1").node->manager()->isolated());
    CHECK(c.node("node2").runs(kBeta));
    CHECK_FALSE(c.node("node2").runs(kAlpha));
    CHECK(c.violations.empty());
}
