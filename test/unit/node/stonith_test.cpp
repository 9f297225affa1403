// STONITH before takeover (facts section 8), on the simulated cluster with
// a fake fencing device (cluster_sim.h: a successful reset powers the
// target off).
#include <doctest/doctest.h>

#include <algorithm>

#include "node/cluster_sim.h"

using namespace hb;
using hb::test::Cluster;
using hb::test::cluster_config;
using AF = config::AutoFailback;

namespace {

const std::string kAlpha = "IPaddr::192.0.2.100";
const std::string kAlphaFs = "fs::data";
const std::string kBeta = "svc::beta";

Cluster fenced_pair(AF af, std::uint64_t seed = 1)
{
    Cluster c(seed);
    c.add(cluster_config("node1", af)).fence_device = true;
    c.add(cluster_config("node2", af)).fence_device = true;
    return c;
}

void start_settled(Cluster& c, bool legacy = false)
{
    c.start("node1");
    c.start("node2");
    REQUIRE(c.run_until([&] { return c.node("node1").runs(kAlphaFs) && c.node("node2").runs(kBeta)
                                  && (legacy || (c.node("node1").rscstatus() == "local"
                                  && c.node("node2").rscstatus() == "local")); },
        30000));
    c.run_for(6000);  // past the boosted dt of the first 5 s
}

std::vector<std::string> results(const test::ClusterNode& n)
{
    std::vector<std::string> v;
    for (const auto& m : n.sent_of("stonith")) {
        v.push_back(std::string(m.value("node")) + "=" + std::string(m.value("result")));
    }
    return v;
}

}  // namespace

TEST_CASE("stonith: a crashed peer is reset before its group is taken over (result=OK)")
{
    for (AF af : {AF::on, AF::legacy}) {
        Cluster c = fenced_pair(af);
        start_settled(c, af == AF::legacy);
        auto& n2 = c.node("node2");
        c.crash("node1");
        REQUIRE(c.run_until([&] { return n2.runs(kAlpha) && n2.runs(kAlphaFs); }, 15000));
        CHECK(n2.fence_log == std::vector<std::string>{"node1"});
        CHECK(results(n2) == std::vector<std::string>{"node1=OK"});
        CHECK(n2.logged("node node1 now reset."));
        CHECK_FALSE(n2.logged("No STONITH device configured."));
        CHECK(c.violations.empty());
    }
}

TEST_CASE("stonith: a failing device blocks the takeover until a reset succeeds, retried every try")
{
    Cluster c = fenced_pair(AF::on, 7);
    start_settled(c);
    auto& n2 = c.node("node2");
    n2.fence_failures = 3;
    c.crash("node1");
    // While the device fails: never the dead node's group, and the status says why.
    REQUIRE(c.run_until([&] { return n2.fence_log.size() >= 2; }, 15000));
    CHECK_FALSE(n2.runs(kAlpha));
    CHECK(n2.node->manager()->fencing_nodes() == std::vector<std::string>{"node1"});
    REQUIRE(c.run_until([&] { return n2.runs(kAlpha) && n2.runs(kAlphaFs); }, 60000));
    CHECK(n2.fence_log.size() == 4);
    CHECK(results(n2) == std::vector<std::string>{"node1=bad", "node1=bad", "node1=bad", "node1=OK"});
    const auto fails = std::count_if(n2.logs.begin(), n2.logs.end(),
        [](const auto& l) { return l.second == "STONITH of node1 failed.  Retrying..."; });
    CHECK(fails == 3);
    CHECK(n2.node->manager()->fencing_nodes().empty());
    CHECK(c.violations.empty());
}

TEST_CASE("stonith: a device that never works means no takeover, ever, and retries without limit")
{
    Cluster c = fenced_pair(AF::on, 9);
    start_settled(c);
    auto& n2 = c.node("node2");
    n2.fence_failures = 1000000;
    n2.fence_fail_result = "badhost";
    c.crash("node1");
    c.run_for(120000);
    CHECK_FALSE(n2.runs(kAlpha));
    CHECK_FALSE(n2.runs(kAlphaFs));
    CHECK(n2.runs(kBeta));
    CHECK(n2.fence_log.size() > 10);
    CHECK(results(n2).back() == "node1=badhost");
    CHECK(n2.node->manager()->fencing_nodes() == std::vector<std::string>{"node1"});
}

TEST_CASE("stonith: a full partition leaves exactly one node, holding everything")
{
    for (std::uint64_t seed : {1, 2, 3, 4}) {
        Cluster c = fenced_pair(AF::on, seed);
        start_settled(c);
        c.cut = {{"node1", "node2"}, {"node2", "node1"}};
        c.run_for(20000);
        auto& n1 = c.node("node1");
        auto& n2 = c.node("node2");
        CHECK(n1.up != n2.up);
        auto& alive = n1.up ? n1 : n2;
        CHECK(alive.runs(kAlpha));
        CHECK(alive.runs(kAlphaFs));
        CHECK(alive.runs(kBeta));
        CHECK(c.violations.empty());
    }
}

TEST_CASE("stonith: a peer that shut down cleanly is not reset (result=unneeded)")
{
    Cluster c = fenced_pair(AF::on, 11);
    start_settled(c);
    auto& n1 = c.node("node1");
    c.stop("node2");
    REQUIRE(c.run_until([&] { return n1.runs(kBeta); }, 5000));
    REQUIRE(c.run_until([&] { return n1.status_of("node2") == "dead"; }, 10000));
    c.run_for(1000);
    CHECK(n1.fence_log.empty());
    CHECK(results(n1) == std::vector<std::string>{"node2=unneeded"});
}

TEST_CASE("stonith: a peer that last reported holding nothing (standby all) is not reset")
{
    Cluster c = fenced_pair(AF::on, 13);
    start_settled(c);
    auto& n1 = c.node("node1");
    auto& n2 = c.node("node2");
    n2.fifo(">>>\nt=ask_resources\nrsc_hold=all\ninfo=me\n<<<\n");
    REQUIRE(c.run_until([&] { return n1.rscstatus() == "all" && n2.rscstatus() == "none"; }, 20000));
    c.run_for(2000);
    c.crash("node2");
    REQUIRE(c.run_until([&] { return n1.status_of("node2") == "dead"; }, 10000));
    c.run_for(1000);
    CHECK(n1.fence_log.empty());
    CHECK(results(n1) == std::vector<std::string>{"node2=unneeded"});
    CHECK(n1.logged("Dead node node2 gave up resources."));
}

TEST_CASE("stonith: the device is checked at comm up and then every hour")
{
    Cluster c = fenced_pair(AF::on, 5);
    start_settled(c);
    auto& n1 = c.node("node1");
    CHECK(n1.fence_checks == 1);
    c.run_for(3600000);
    CHECK(n1.fence_checks == 2);
}

TEST_CASE("stonith: without a device the dead peer is taken over at once (n_stnth)")
{
    Cluster c = fenced_pair(AF::on, 17);
    c.node("node2").fence_device = false;
    start_settled(c);
    auto& n2 = c.node("node2");
    CHECK(n2.fence_checks == 0);
    c.crash("node1");
    REQUIRE(c.run_until([&] { return n2.runs(kAlpha); }, 15000));
    CHECK(n2.fence_log.empty());
    CHECK(results(n2) == std::vector<std::string>{"node1=n_stnth"});
    CHECK(n2.logged("Shared disks are not protected."));
}
