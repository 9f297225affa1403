#include <doctest/doctest.h>

#include "node/cluster_sim.h"

using namespace hb;
using hb::test::Cluster;
using hb::test::cluster_config;
using AF = config::AutoFailback;

namespace {

const std::string kAlpha = "IPaddr::192.0.2.100";
const std::string kAlphaFs = "fs::data";
const std::string kBeta = "svc::beta";

Cluster pair(AF af, std::uint64_t seed = 1)
{
    Cluster c(seed);
    c.add(cluster_config("node1", af));
    c.add(cluster_config("node2", af));
    return c;
}

bool settled(Cluster& c, const std::string& r1, const std::string& r2)
{
    return c.node("node1").rscstatus() == r1 && c.node("node2").rscstatus() == r2;
}

}  // namespace

TEST_CASE("nice_failback: simultaneous start, each node takes its own group after the exchange")
{
    for (AF af : {AF::on, AF::off}) {
        Cluster c = pair(af);
        c.start("node1");
        c.start("node2");
        REQUIRE(c.run_until([&] { return settled(c, "local", "local"); }, 30000));
        auto& n1 = c.node("node1");
        auto& n2 = c.node("node2");
        CHECK(n1.runs(kAlpha));
        CHECK(n1.runs(kAlphaFs));
        CHECK(n2.runs(kBeta));
        CHECK_FALSE(n1.runs(kBeta));
        CHECK_FALSE(n2.runs(kAlpha));
        CHECK(c.violations.empty());
        // The exchange of facts 4.2: starting, resource rtype=full, ip-request-resp to self.
        CHECK(n1.sent_of("starting").size() == 1);
        auto res = n1.sent_of("resource");
        REQUIRE(!res.empty());
        CHECK(res.front().value("rtype") == "full");
        auto resp = n1.sent_of("ip-request-resp");
        REQUIRE(resp.size() == 1);
        CHECK(resp[0].value("dest") == "node1");
        CHECK(resp[0].value("ipaddr") == kAlpha);
        CHECK(resp[0].value("weown") == "yes");
        CHECK(resp[0].value("ok") == "OK");
        CHECK(n1.logged("Initial resource acquisition complete"));
        // Start order left to right, each after a status check.
        std::vector<std::string> expect{kAlpha + " status", kAlpha + " status", kAlpha + " start",
            kAlphaFs + " status", kAlphaFs + " start"};
        CHECK(n1.script_log == expect);
    }
}

TEST_CASE("crash of the peer: takeover of its group, stonith n_stnth, mach_down report")
{
    Cluster c = pair(AF::on);
    c.start("node1");
    c.start("node2");
    REQUIRE(c.run_until([&] { return settled(c, "local", "local"); }, 30000));
    c.run_for(6000);  // past the boosted dt of the first 5 s
    const std::int64_t t0 = c.clock_ms();
    c.crash("node1");
    auto& n2 = c.node("node2");
    REQUIRE(c.run_until([&] { return n2.runs(kAlpha) && n2.runs(kAlphaFs); }, 10000));
    CHECK(c.clock_ms() - t0 <= 4000 + 500 + 1000);  // deadtime + keepalive + scripts
    auto st = n2.sent_of("stonith");
    REQUIRE(st.size() == 1);
    CHECK(st[0].value("node") == "node1");
    CHECK(st[0].value("result") == "n_stnth");
    CHECK(n2.logged("No STONITH device configured."));
    CHECK(n2.logged("Resources being acquired from node1."));
    CHECK(n2.logged("Taking over resource group " + kAlpha));
    bool mach_down = false;
    for (auto& m : n2.sent_of("resource")) {
        mach_down |= m.value("rsc_hold") == "foreign" && m.value("info") == "mach_down";
    }
    CHECK(mach_down);
    REQUIRE(c.run_until([&] { return n2.rscstatus() == "all"; }, 5000));
    CHECK(c.violations.empty());
}

TEST_CASE("auto_failback on: the restarted owner gets its group back, never on two nodes")
{
    Cluster c = pair(AF::on, 3);
    c.start("node1");
    c.start("node2");
    REQUIRE(c.run_until([&] { return settled(c, "local", "local"); }, 30000));
    c.run_for(6000);
    c.crash("node1");
    auto& n2 = c.node("node2");
    REQUIRE(c.run_until([&] { return n2.rscstatus() == "all"; }, 15000));
    c.node("node1").generation = 101;
    c.start("node1");
    auto& n1 = c.node("node1");
    REQUIRE(c.run_until([&] { return settled(c, "local", "local") && n1.runs(kAlpha); }, 60000));
    CHECK_FALSE(n2.runs(kAlpha));
    CHECK(n2.runs(kBeta));
    CHECK(c.violations.empty());
    // node2 went standby for the foreign group: ask_resources foreign me/done.
    bool asked = false;
    for (auto& m : n2.sent_of("ask_resources")) {
        asked |= m.value("rsc_hold") == "foreign" && m.value("info") == "me";
    }
    CHECK(asked);
}

TEST_CASE("auto_failback on: an owner that comes back while the peer still takes over gets its group once that ends")
{
    Cluster c = pair(AF::on, 5);
    c.start("node1");
    c.start("node2");
    REQUIRE(c.run_until([&] { return settled(c, "local", "local"); }, 30000));
    c.run_for(6000);
    auto& n2 = c.node("node2");
    n2.script_ms = 1500;  // a slow takeover
    c.crash("node1");
    REQUIRE(c.run_until([&] { return n2.logged("Taking over resource group"); }, 15000));
    c.node("node1").generation = 101;
    c.start("node1");  // back before node2's takeover has finished
    auto& n1 = c.node("node1");
    CHECK(c.run_until([&] { return n2.logged("T_STARTING received during takeover."); }, 5000));
    REQUIRE(c.run_until([&] { return n2.logged("mach_down takeover complete."); }, 30000));
    CHECK(c.run_until([&] { return settled(c, "local", "local") && n1.runs(kAlpha); }, 60000));
    CHECK_FALSE(n2.runs(kAlpha));
    CHECK(n2.runs(kBeta));
    CHECK(c.violations.empty());
}

TEST_CASE("auto_failback on: an owner that crashes and comes back before, during or after the takeover gets its group back")
{
    for (std::int64_t back_after : {200, 1500, 3900, 4100, 4300, 4450, 4600, 5000, 6000}) {
        CAPTURE(back_after);
        Cluster c = pair(AF::on, 7);
        c.start("node1");
        c.start("node2");
        REQUIRE(c.run_until([&] { return settled(c, "local", "local"); }, 30000));
        c.run_for(6000);
        auto& n2 = c.node("node2");
        n2.script_ms = 400;
        c.crash("node1");
        c.run_for(back_after);
        c.node("node1").generation = 101;
        c.start("node1");
        auto& n1 = c.node("node1");
        CHECK(c.run_until([&] { return settled(c, "local", "local") && n1.runs(kAlpha) && !n2.runs(kAlpha); }, 60000));
        CHECK(n2.runs(kBeta));
        CHECK(c.violations.empty());
    }
}

TEST_CASE("auto_failback off: the restarted owner stays empty-handed")
{
    Cluster c = pair(AF::off, 5);
    c.start("node1");
    c.start("node2");
    REQUIRE(c.run_until([&] { return settled(c, "local", "local"); }, 30000));
    c.run_for(6000);
    c.crash("node1");
    REQUIRE(c.run_until([&] { return c.node("node2").rscstatus() == "all"; }, 15000));
    c.node("node1").generation = 101;
    c.start("node1");
    c.run_for(30000);
    CHECK(c.node("node1").rscstatus() == "none");
    CHECK(c.node("node2").rscstatus() == "all");
    CHECK_FALSE(c.node("node1").runs(kAlpha));
    CHECK(c.node("node2").runs(kAlpha));
    CHECK(c.violations.empty());
}

TEST_CASE("legacy: ip-request and ip-request-resp, rscstatus none")
{
    Cluster c = pair(AF::legacy, 7);
    c.start("node1");
    c.start("node2");
    auto& n1 = c.node("node1");
    auto& n2 = c.node("node2");
    REQUIRE(c.run_until([&] { return n1.runs(kAlphaFs) && n2.runs(kBeta); }, 30000));
    c.run_for(2000);
    CHECK(n1.sent_of("starting").empty());
    CHECK(n1.sent_of("resource").empty());
    // Both asked for their own group since the other was up.
    CHECK(n1.sent_of("ip-request").size() == 1);
    CHECK(n2.sent_of("ip-request").size() == 1);
    auto resp = n2.sent_of("ip-request-resp");
    REQUIRE(resp.size() == 1);
    CHECK(resp[0].value("dest") == "node1");
    CHECK(resp[0].value("weown") == "no");
    CHECK(n1.rscstatus() == "none");
    CHECK(c.violations.empty());
    // Death of the peer still takes its groups.
    c.run_for(6000);
    c.crash("node2");
    REQUIRE(c.run_until([&] { return n1.runs(kBeta); }, 10000));
    CHECK(c.violations.empty());
    // hb_standby does nothing in legacy mode.
    n1.fifo(">>>\nt=ask_resources\nrsc_hold=all\ninfo=me\n<<<\n");
    c.run_for(1000);
    CHECK(n1.logged("Standby mode only implemented when nice_failback on"));
}

TEST_CASE("hb_standby all: the peer takes everything, in the 3-phase exchange")
{
    Cluster c = pair(AF::on, 9);
    c.start("node1");
    c.start("node2");
    REQUIRE(c.run_until([&] { return settled(c, "local", "local"); }, 30000));
    c.run_for(2000);
    auto& n1 = c.node("node1");
    auto& n2 = c.node("node2");
    n1.fifo(">>>\nt=ask_resources\nrsc_hold=all\ninfo=me\n<<<\n");
    REQUIRE(c.run_until([&] { return settled(c, "none", "all"); }, 20000));
    CHECK(n2.runs(kAlpha));
    CHECK_FALSE(n1.runs(kAlpha));
    CHECK(n1.logged("node1 wants to go standby [all]"));
    CHECK(n1.logged("Local standby process completed [all]."));
    auto other = n2.sent_of("ask_resources");
    REQUIRE(!other.empty());
    CHECK(other[0].value("info") == "other");
    CHECK(c.violations.empty());
    REQUIRE(!n1.node->manager()->standby_log().empty());
    CHECK(n1.node->manager()->standby_log().back().outcome == "completed");
}

TEST_CASE("hb_standby local / foreign move only that set")
{
    Cluster c = pair(AF::off, 11);
    c.start("node1");
    c.start("node2");
    REQUIRE(c.run_until([&] { return settled(c, "local", "local"); }, 30000));
    c.run_for(2000);
    c.node("node1").fifo(">>>\nt=ask_resources\nrsc_hold=local\ninfo=me\n<<<\n");
    REQUIRE(c.run_until([&] { return settled(c, "none", "all"); }, 20000));
    CHECK(c.node("node2").runs(kAlpha));
    CHECK(c.node("node2").runs(kBeta));
    // Now node2 gives the foreign group (node1's) back: hb_standby foreign on node2.
    c.node("node2").fifo(">>>\nt=ask_resources\nrsc_hold=foreign\ninfo=me\n<<<\n");
    REQUIRE(c.run_until([&] { return settled(c, "local", "local"); }, 20000));
    CHECK(c.node("node1").runs(kAlpha));
    CHECK(c.violations.empty());
}

TEST_CASE("hb_takeover on node2 makes node1 go standby")
{
    Cluster c = pair(AF::off, 13);
    c.start("node1");
    c.start("node2");
    REQUIRE(c.run_until([&] { return settled(c, "local", "local"); }, 30000));
    c.run_for(2000);
    c.node("node2").fifo(">>>\nt=hb_takeover\nrsc_hold=all\n<<<\n");
    REQUIRE(c.run_until([&] { return settled(c, "none", "all"); }, 20000));
    auto asks = c.node("node1").sent_of("ask_resources");
    REQUIRE(!asks.empty());
    CHECK(asks[0].value("info") == "me");
    CHECK(asks[0].value("rsc_hold") == "all");
    CHECK(c.violations.empty());
}

TEST_CASE("a standby request while the other side is in flux is ignored and recorded")
{
    Cluster c = pair(AF::on, 15);
    c.start("node1");
    c.start("node2");
    // Right after start nobody is stable yet.
    c.run_for(1500);
    c.node("node1").fifo(">>>\nt=ask_resources\nrsc_hold=all\ninfo=me\n<<<\n");
    c.run_for(200);
    const auto& log = c.node("node1").node->manager()->standby_log();
    REQUIRE(!log.empty());
    CHECK(log.back().outcome.rfind("ignored:", 0) == 0);
}

TEST_CASE("standby with no answer from the peer is cancelled after 10 s")
{
    Cluster c = pair(AF::on, 17);
    c.start("node1");
    c.start("node2");
    REQUIRE(c.run_until([&] { return settled(c, "local", "local"); }, 30000));
    c.run_for(2000);
    // node2 cannot hear node1 any more, but node1 still hears node2.
    c.cut = {{"node1", "node2"}};
    c.node("node1").fifo(">>>\nt=ask_resources\nrsc_hold=all\ninfo=me\n<<<\n");
    c.run_for(10500);
    CHECK(c.node("node1").logged("No reply to standby request.  Standby request cancelled."));
    CHECK(c.node("node1").node->manager()->standby_log().back().outcome.rfind("cancelled:", 0) == 0);
    CHECK(c.node("node1").runs(kAlpha));
}

TEST_CASE("graceful stop: shutdown notice, release, shutdone, and the peer takes over at once")
{
    Cluster c = pair(AF::on, 19);
    c.start("node1");
    c.start("node2");
    REQUIRE(c.run_until([&] { return settled(c, "local", "local"); }, 30000));
    c.run_for(2000);
    const std::int64_t t0 = c.clock_ms();
    c.stop("node1");
    auto& n1 = c.node("node1");
    auto& n2 = c.node("node2");
    REQUIRE(c.run_until([&] { return n2.runs(kAlpha) && n2.runs(kAlphaFs); }, 10000));
    CHECK(c.clock_ms() - t0 < 2000);  // far below deadtime (4 s)
    REQUIRE(c.run_until([&] { return n1.stopped; }, 3000));
    CHECK_FALSE(n1.runs(kAlpha));
    auto res = n1.sent_of("resource");
    bool notice = false;
    for (auto& m : res) notice |= m.value("rsc_hold") == "none" && m.value("info") == "shutdown";
    CHECK(notice);
    CHECK(n1.sent_of("shutdone").size() == 1);
    CHECK(n2.logged("Received shutdown notice from 'node1'."));
    CHECK(c.violations.empty());
}

TEST_CASE("a stop requested during resource work waits for it")
{
    Cluster c = pair(AF::on, 21);
    c.node("node1").script_ms = 3000;  // slow scripts
    c.start("node1");
    c.start("node2");
    c.run_for(14000);  // node1 is in the middle of starting its group
    c.stop("node1");
    c.run_for(100);
    CHECK(c.node("node1").logged("Shutdown delayed until current resource activity finishes."));
    REQUIRE(c.run_until([&] { return c.node("node1").stopped; }, 60000));
    CHECK_FALSE(c.node("node1").runs(kAlpha));
    CHECK(c.violations.empty());
}

TEST_CASE("a failing start releases the group and goes standby 30 s later; the peer runs it")
{
    Cluster c = pair(AF::off, 23);
    c.node("node1").fail_start.insert(kAlphaFs);
    c.start("node1");
    c.start("node2");
    auto& n1 = c.node("node1");
    auto& n2 = c.node("node2");
    REQUIRE(c.run_until([&] { return n1.logged("Giving up resources due to failure of " + kAlphaFs); }, 30000));
    // The whole group is released again.
    CHECK(c.run_until([&] { return !n1.runs(kAlpha); }, 2000));
    REQUIRE(c.run_until([&] { return n2.runs(kAlpha) && n2.runs(kAlphaFs); }, 60000));
    CHECK(n1.logged("Going standby [local]."));
    CHECK(c.violations.empty());
}

TEST_CASE("a stop that fails while the resource runs asks the host to take the node down")
{
    Cluster c = pair(AF::on, 25);
    c.start("node1");
    c.start("node2");
    REQUIRE(c.run_until([&] { return settled(c, "local", "local"); }, 30000));
    c.node("node1").fail_stop.insert(kAlphaFs);
    c.stop("node1");
    REQUIRE(c.run_until([&] { return !c.node("node1").failed_stops.empty(); }, 30000));
    CHECK(c.node("node1").failed_stops[0] == kAlphaFs);
    CHECK(c.node("node1").sent_of("shutdone").empty());
}

TEST_CASE("a lone node takes everything after initdead")
{
    Cluster c = pair(AF::on, 27);
    c.start("node1");
    auto& n1 = c.node("node1");
    REQUIRE(c.run_until([&] { return n1.runs(kAlpha) && n1.runs(kBeta); }, 20000));
    CHECK(n1.sent_of("stonith").size() == 1);
    REQUIRE(c.run_until([&] { return n1.rscstatus() == "all"; }, 20000));
}

TEST_CASE("after a graceful stop the dead peer needs no fencing (stonith result=unneeded), in both modes")
{
    for (AF af : {AF::on, AF::legacy}) {
        Cluster c = pair(af, 31);
        c.start("node1");
        c.start("node2");
        auto& n1 = c.node("node1");
        REQUIRE(c.run_until([&] { return n1.runs(kAlphaFs) && c.node("node2").runs(kBeta); }, 30000));
        c.run_for(6000);
        c.stop("node2");
        REQUIRE(c.run_until([&] { return n1.runs(kBeta); }, 5000));
        REQUIRE(c.run_until([&] { return n1.status_of("node2") == "dead"; }, 10000));
        c.run_for(500);
        auto st = n1.sent_of("stonith");
        REQUIRE(st.size() == 1);
        CHECK(st[0].value("result") == "unneeded");
        CHECK(n1.logged("Dead node node2 gave up resources."));
        CHECK(c.violations.empty());
        // Its status hook ran once for the death, from the takeover.
        CHECK(std::count(n1.hooks.begin(), n1.hooks.end(), "status") >= 1);
    }
}
