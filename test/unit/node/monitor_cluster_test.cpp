// Resource monitoring in a simulated two-node cluster: a resource that dies
// is restarted in place; one that cannot be kept running sends its group to
// the peer (through the standby exchange); everything lands in the history.
#include <doctest/doctest.h>

#include "node/cluster_sim.h"

using namespace hb;
using hb::test::Cluster;
using hb::test::cluster_config;
using AF = config::AutoFailback;

namespace {

const std::string kAlpha = "IPaddr::192.0.2.100";
const std::string kAlphaFs = "fs::data";

Cluster monitored_pair(bool monitor, AF af = AF::on)
{
    Cluster c(3);
    for (const char* n : {"node1", "node2"}) {
        config::Config cfg = cluster_config(n, af);
        if (monitor) {
            cfg.ha.monitor_interval = Duration(1000);
            cfg.ha.monitor_max_restarts = 2;
            cfg.ha.monitor_window = Duration(60000);
        }
        c.add(cfg);
    }
    c.start("node1");
    c.start("node2");
    return c;
}

bool settled(Cluster& c)
{
    return c.node("node1").rscstatus() == "local" && c.node("node2").rscstatus() == "local";
}

bool history_has(const node::Node& n, const std::string& kind, const std::string& event, const std::string& subject)
{
    for (const obs::HistoryEntry& e : n.history().entries()) {
        if (e.kind == kind && e.event == event && e.subject == subject) {
            return true;
        }
    }
    return false;
}

}  // namespace

TEST_CASE("monitor off (the default): a resource that dies stays dead, no status checks")
{
    Cluster c = monitored_pair(false);
    REQUIRE(c.run_until([&] { return settled(c); }, 30000));
    auto& n1 = c.node("node1");
    const std::size_t scripts = n1.script_log.size();
    n1.running[kAlphaFs] = false;
    c.run_for(10000);
    CHECK_FALSE(n1.runs(kAlphaFs));
    CHECK(n1.script_log.size() == scripts);
}

TEST_CASE("monitor with auto_failback legacy: a warning, and no checks")
{
    Cluster c = monitored_pair(true, AF::legacy);
    auto& n1 = c.node("node1");
    CHECK(n1.logged("resource_monitor needs auto_failback on or off"));
    REQUIRE(c.run_until([&] { return n1.runs(kAlphaFs) && !n1.node->manager()->busy(); }, 30000));
    c.run_for(2000);
    const std::size_t scripts = n1.script_log.size();
    n1.running[kAlphaFs] = false;
    c.run_for(5000);
    CHECK(n1.script_log.size() == scripts);
    CHECK_FALSE(n1.node->monitor()->enabled());
}

TEST_CASE("monitor: a resource that dies is restarted on the same node, recorded in the history")
{
    Cluster c = monitored_pair(true);
    REQUIRE(c.run_until([&] { return settled(c); }, 30000));
    auto& n1 = c.node("node1");
    c.run_for(3000);
    REQUIRE(n1.runs(kAlphaFs));
    n1.running[kAlphaFs] = false;
    REQUIRE(c.run_until([&] { return n1.runs(kAlphaFs); }, 5000));
    c.run_for(500);  // the status check after the start
    CHECK(n1.runs(kAlpha));
    CHECK_FALSE(c.node("node2").runs(kAlpha));
    CHECK(history_has(*n1.node, "monitor", "failed", kAlphaFs));
    CHECK(history_has(*n1.node, "monitor", "restart", kAlphaFs));
    CHECK(history_has(*n1.node, "resource", "start", kAlphaFs));
    CHECK(history_has(*n1.node, "monitor", "restarted", kAlphaFs));
    CHECK(n1.node->monitor()->restarts_in_window(kAlpha, c.now().mono) == 1);
    CHECK(n1.node->history().action_counts().at({"status", "ok"}) > 0);
    CHECK(c.violations.empty());
}

TEST_CASE("monitor: a resource that cannot be restarted sends its group to the peer")
{
    Cluster c = monitored_pair(true);
    REQUIRE(c.run_until([&] { return settled(c); }, 30000));
    auto& n1 = c.node("node1");
    auto& n2 = c.node("node2");
    c.run_for(3000);
    n1.fail_start.insert(kAlphaFs);
    n1.running[kAlphaFs] = false;
    REQUIRE(c.run_until([&] { return n2.runs(kAlpha) && n2.runs(kAlphaFs); }, 30000));
    CHECK_FALSE(n1.runs(kAlpha));
    CHECK(history_has(*n1.node, "monitor", "giveup", kAlphaFs));
    CHECK(n1.node->monitor()->groups()[0].state == "given-away");
    CHECK(n1.logged("Going standby [local]."));
    // The peer's history says why it took the group: node1 asked.
    bool asked = false;
    for (const obs::HistoryEntry& e : n2.node->history().entries()) {
        asked = asked || (e.kind == "membership" && e.event == "message" && e.subject == "node1"
                             && e.detail.find("ask_resources") == 0);
    }
    CHECK(asked);
    CHECK(history_has(*n2.node, "resource", "start", kAlphaFs));
    CHECK(c.violations.empty());
}

TEST_CASE("history: a takeover after a crash shows node-dead and the starts with exit code and reason")
{
    Cluster c = monitored_pair(false);
    REQUIRE(c.run_until([&] { return settled(c); }, 30000));
    auto& n2 = c.node("node2");
    c.crash("node1");
    REQUIRE(c.run_until([&] { return n2.runs(kAlpha) && n2.runs(kAlphaFs); }, 30000));
    CHECK(history_has(*n2.node, "membership", "node-dead", "node1"));
    bool start = false;
    for (const obs::HistoryEntry& e : n2.node->history().entries()) {
        if (e.kind == "resource" && e.event == "start" && e.subject == kAlpha) {
            start = true;
            CHECK(e.exit_code == 0);
            CHECK(e.reason == "mach_down");
            CHECK(e.duration_ms >= 0);
            CHECK(e.script == "IPaddr");
        }
    }
    CHECK(start);
}

TEST_CASE("monitor: with the peer dead the giveup cannot move the group; restarts resume after the grace")
{
    Cluster c = monitored_pair(true);
    REQUIRE(c.run_until([&] { return settled(c); }, 30000));
    auto& n1 = c.node("node1");
    c.crash("node2");
    REQUIRE(c.run_until([&] { return n1.rscstatus() == "all"; }, 30000));
    c.run_for(3000);
    n1.fail_start.insert(kAlphaFs);
    n1.running[kAlphaFs] = false;
    REQUIRE(c.run_until([&] { return history_has(*n1.node, "monitor", "giveup", kAlphaFs); }, 20000));
    const std::uint64_t ticks = n1.ticks;
    c.run_for(30000);
    CHECK(n1.runs(kAlpha));  // nobody took it
    // A due check waiting for the manager must not make every instant a
    // deadline (the daemon's loop would spin): a few wake-ups per keepalive.
    CHECK(n1.ticks - ticks < 1000);
    n1.fail_start.clear();   // the cause went away
    REQUIRE(c.run_until([&] { return n1.runs(kAlphaFs); }, 60000));
    CHECK(history_has(*n1.node, "monitor", "giveup-failed", kAlpha));
    CHECK(c.violations.empty());
}
