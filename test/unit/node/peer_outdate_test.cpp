#include <doctest/doctest.h>

#include <map>
#include <vector>

#include "node/cluster_sim.h"
#include "node/peer_outdate.h"

using namespace hb;
using namespace hb::node;

namespace {

struct FakeHost : PeerOutdater::Host {
    std::vector<wire::Message> sent;
    std::vector<std::pair<std::uint64_t, std::string>> runs;
    std::vector<std::string> logs;
    void log(LogLevel, std::string_view text) override { logs.emplace_back(text); }
    void send(wire::Message msg) override { sent.push_back(std::move(msg)); }
    void run_outdate(std::uint64_t job, const std::string& res) override { runs.emplace_back(job, res); }
};

MonoTime at(std::int64_t ms) { return mono_ms(ms); }

PeerView reachable() { return PeerView{true, false, true}; }
PeerView dead() { return PeerView{true, false, false}; }

wire::Message rc_msg(std::string_view value)
{
    wire::Message m(kOutdateRc);
    m.add(kDopValue, value);
    return m;
}

}  // namespace

TEST_CASE("peer_outdate: drbdadm outdate exit codes map to fence-peer codes as 3.0.6's dopd does")
{
    CHECK(outdate_exit_to_fence_code(0) == kPeerOutdated);
    CHECK(outdate_exit_to_fence_code(5) == kPeerInconsistent);
    CHECK(outdate_exit_to_fence_code(17) == kPeerPrimary);
    CHECK(outdate_exit_to_fence_code(10) == kPeerDown);
    CHECK(outdate_exit_to_fence_code(20) == kPeerDown);
    CHECK(outdate_exit_to_fence_code(11) == 20);
    CHECK(outdate_exit_to_fence_code(-1) == 20);
}

TEST_CASE("peer_outdate: resource names that reach drbdadm")
{
    CHECK(valid_resource_name("r0"));
    CHECK(valid_resource_name("web_data-1.x"));
    CHECK_FALSE(valid_resource_name(""));
    CHECK_FALSE(valid_resource_name("--force"));
    CHECK_FALSE(valid_resource_name("r0 all"));
    CHECK_FALSE(valid_resource_name("a/../b"));
    CHECK_FALSE(valid_resource_name("r0;reboot"));
}

TEST_CASE("peer_outdate: the handler's peer comes from -p, then DRBD 9's node ids, then DRBD_PEERS")
{
    std::map<std::string, std::string> env;
    auto get = [&](const std::string& k) -> std::optional<std::string> {
        auto it = env.find(k);
        if (it == env.end()) return std::nullopt;
        return it->second;
    };
    CHECK(resolve_drbd_peer("", get, "node1").empty());
    env["DRBD_PEERS"] = "node1 node2";
    CHECK(resolve_drbd_peer("", get, "node1") == "node2");
    env["DRBD_PEER_NODE_ID"] = "0";
    env["DRBD_NODE_ID_0"] = "alpha";
    CHECK(resolve_drbd_peer("", get, "node1") == "alpha");
    CHECK(resolve_drbd_peer("beta", get, "node1") == "beta");
}

TEST_CASE("peer_outdate: a request for this node or a stranger fails at once and sends nothing")
{
    FakeHost h;
    PeerOutdater o(h, "node1");
    const auto& me = o.request("r0", "NODE1", reachable(), Duration(5000), at(0));
    CHECK(me.done);
    CHECK(me.code == kFenceFailed);
    const auto& stranger = o.request("r0", "node9", PeerView{}, Duration(5000), at(0));
    CHECK(stranger.done);
    CHECK(stranger.code == kFenceFailed);
    const auto& bad = o.request("--all", "node2", reachable(), Duration(5000), at(0));
    CHECK(bad.done);
    CHECK(bad.code == kFenceFailed);
    CHECK(h.sent.empty());
}

TEST_CASE("peer_outdate: a peer unreachable on every link and not fenced is refused, never reported down")
{
    FakeHost h;
    PeerOutdater o(h, "node1");
    const auto& r = o.request("r0", "node2", dead(), Duration(5000), at(0));
    CHECK(r.done);
    CHECK(r.code == kFenceFailed);
    CHECK(r.code != kPeerDown);
    CHECK(r.detail.find("unreachable on every link") != std::string::npos);
    CHECK(h.sent.empty());
}

TEST_CASE("peer_outdate: a fenced dead peer answers 7 until it is heard again")
{
    FakeHost h;
    PeerOutdater o(h, "node1");
    o.note_fenced("Node2");
    CHECK(o.request("r0", "node2", dead(), Duration(5000), at(0)).code == kPeerStonithed);
    o.on_node_status("node2", "active");
    CHECK_FALSE(o.fenced("node2"));
    CHECK(o.request("r0", "node2", dead(), Duration(5000), at(10)).code == kFenceFailed);
}

TEST_CASE("peer_outdate: a reachable peer gets start_outdate; its outdate_rc ends the request")
{
    FakeHost h;
    PeerOutdater o(h, "node1");
    const std::uint64_t id = o.request("r0", "node2", reachable(), Duration(5000), at(0)).id;
    REQUIRE(h.sent.size() == 1);
    CHECK(h.sent[0].type() == kStartOutdate);
    CHECK(h.sent[0].value(kDopRes) == "r0");
    CHECK(h.sent[0].value(wire::f::dest) == "node2");
    CHECK_FALSE(o.find(id)->done);
    CHECK(o.next_deadline() == at(5000));

    o.on_message("node3", rc_msg("4"), at(10));  // not the peer asked
    CHECK_FALSE(o.find(id)->done);
    o.on_message("node2", rc_msg("4"), at(20));
    CHECK(o.find(id)->done);
    CHECK(o.find(id)->code == kPeerOutdated);
    CHECK_FALSE(o.next_deadline());
}

TEST_CASE("peer_outdate: an answer outside 3..7 is a failure")
{
    for (const char* v : {"2", "20", "abc", ""}) {
        FakeHost h;
        PeerOutdater o(h, "node1");
        const std::uint64_t id = o.request("r0", "node2", reachable(), Duration(5000), at(0)).id;
        o.on_message("node2", rc_msg(v), at(1));
        CHECK(o.find(id)->done);
        CHECK(o.find(id)->code == kFenceFailed);
    }
}

TEST_CASE("peer_outdate: no answer by the deadline fails the request")
{
    FakeHost h;
    PeerOutdater o(h, "node1");
    const std::uint64_t id = o.request("r0", "node2", reachable(), Duration(5000), at(0)).id;
    o.tick(at(4999));
    CHECK_FALSE(o.find(id)->done);
    o.tick(at(5000));
    CHECK(o.find(id)->done);
    CHECK(o.find(id)->code == kFenceFailed);
    o.on_message("node2", rc_msg("4"), at(6000));  // late: changes nothing
    CHECK(o.find(id)->code == kFenceFailed);
}

TEST_CASE("peer_outdate: start_outdate from a peer runs drbdadm outdate and answers the mapped code")
{
    FakeHost h;
    PeerOutdater o(h, "node2");
    wire::Message req(kStartOutdate);
    req.add(kDopRes, "r0");
    o.on_message("node1", req, at(0));
    REQUIRE(h.runs.size() == 1);
    CHECK(h.runs[0].second == "r0");
    CHECK(h.sent.empty());
    o.on_outdate_done(h.runs[0].first, 17, at(5));
    REQUIRE(h.sent.size() == 1);
    CHECK(h.sent[0].type() == kOutdateRc);
    CHECK(h.sent[0].value(kDopValue) == "6");
    CHECK(h.sent[0].value(kDopRes) == "r0");  // 3.0.6's dopd needs it
    CHECK(h.sent[0].value(wire::f::dest) == "node1");
    o.on_outdate_done(h.runs[0].first, 0, at(6));  // a job answers once
    CHECK(h.sent.size() == 1);
}

TEST_CASE("peer_outdate: start_outdate with a bad resource name answers 20 without running anything")
{
    FakeHost h;
    PeerOutdater o(h, "node2");
    wire::Message req(kStartOutdate);
    req.add(kDopRes, "-a");
    o.on_message("node1", req, at(0));
    CHECK(h.runs.empty());
    REQUIRE(h.sent.size() == 1);
    CHECK(h.sent[0].value(kDopValue) == "20");
}

TEST_CASE("peer_outdate: our own start_outdate coming back is ignored")
{
    FakeHost h;
    PeerOutdater o(h, "node1");
    wire::Message req(kStartOutdate);
    req.add(kDopRes, "r0");
    o.on_message("NODE1", req, at(0));
    CHECK(h.runs.empty());
}

TEST_CASE("peer_outdate: two nodes: requester and answerer end to end")
{
    FakeHost h1, h2;
    PeerOutdater a(h1, "node1"), b(h2, "node2");
    const std::uint64_t id = a.request("r0", "node2", reachable(), Duration(5000), at(0)).id;
    b.on_message("node1", h1.sent.at(0), at(1));
    REQUIRE(h2.runs.size() == 1);
    b.on_outdate_done(h2.runs[0].first, 5, at(2));  // Inconsistent there
    a.on_message("node2", h2.sent.at(0), at(3));
    CHECK(a.find(id)->code == kPeerInconsistent);
}

// ------------------------------------------------ through whole Nodes --

TEST_CASE("peer_outdate: Nodes carry start_outdate/outdate_rc over the cluster links")
{
    test::Cluster c;
    c.add(test::cluster_config("node1", config::AutoFailback::on));
    c.add(test::cluster_config("node2", config::AutoFailback::on));
    c.start("node1");
    c.start("node2");
    REQUIRE(c.run_until([&] {
        const auto* n = c.node("node2").node->engine().find_node("node1");
        return n && n->status == "active";
    }, 60000));
    c.node("node1").outdate_exit = 17;  // node1 is Primary
    const std::uint64_t id = c.node("node2").node->request_outdate("r0", "node1", Duration(5000), c.now()).id;
    REQUIRE(c.run_until([&] { return c.node("node2").node->outdate_request(id)->done; }, 6000));
    CHECK(c.node("node1").outdates == std::vector<std::string>{"r0"});
    CHECK(c.node("node2").node->outdate_request(id)->code == kPeerPrimary);
}

TEST_CASE("peer_outdate: Nodes refuse once the peer is dead on every link, answer 7 after a STONITH")
{
    test::Cluster c;
    c.add(test::cluster_config("node1", config::AutoFailback::on));
    c.add(test::cluster_config("node2", config::AutoFailback::on));
    c.start("node1");
    c.start("node2");
    REQUIRE(c.run_until([&] {
        const auto* n = c.node("node2").node->engine().find_node("node1");
        return n && n->status == "active";
    }, 60000));
    c.crash("node1");
    REQUIRE(c.run_until([&] {
        return c.node("node2").node->engine().find_node("node1")->status == "dead";
    }, 60000));
    const auto& r = c.node("node2").node->request_outdate("r0", "node1", Duration(5000), c.now());
    CHECK(r.done);
    CHECK(r.code == kFenceFailed);
    c.node("node2").node->note_fenced("node1");
    CHECK(c.node("node2").node->request_outdate("r0", "node1", Duration(5000), c.now()).code == kPeerStonithed);
}

TEST_CASE("peer_outdate: an answer naming another resource does not end the request")
{
    FakeHost h;
    PeerOutdater o(h, "node1");
    const std::uint64_t id = o.request("r0", "node2", reachable(), Duration(5000), at(0)).id;
    wire::Message other = rc_msg("4");
    other.add(kDopRes, "r1");
    o.on_message("node2", other, at(1));
    CHECK_FALSE(o.find(id)->done);
    wire::Message mine = rc_msg("4");
    mine.add(kDopRes, "r0");
    o.on_message("node2", mine, at(2));
    CHECK(o.find(id)->code == kPeerOutdated);
}
