// The advisory checks (config/lint.h) and the machine checks that only warn:
// what `heartbeat --check` adds beyond 3.0.6's refusals.
#include <doctest/doctest.h>

#include <map>
#include <set>

#include "config/assemble.h"
#include "config/lint.h"

using namespace hb;
using namespace hb::config;
using Strings = std::vector<std::string>;

namespace {

// Lines 1-6; tests append from line 7. Two links, so no split-brain warning.
const char* const kHa = "logfacility local0\n"
                        "keepalive 1\n"
                        "deadtime 10\n"
                        "auto_failback on\n"
                        "bcast eth0 eth1\n"
                        "node node1 node2\n";
const char* const kKeys = "auth 1\n1 sha1 secret\n";
const char* const kRes = "node1 192.0.2.100 paDummy::alpha\nnode2 paDummy::beta\n";

Assembled assemble(std::string_view ha, std::string_view keys = kKeys, std::string_view res = kRes,
                   const SystemProbe* probe = nullptr)
{
    ConfigSources s;
    s.ha_cf = ha;
    s.authkeys = keys;
    s.haresources = res;
    return assemble_config(s, HaCfContext{"node1", 694}, probe);
}

Strings strs(const Diagnostics& d)
{
    Strings out;
    for (const auto& x : d) {
        out.push_back(x.str());
    }
    return out;
}

std::string with(std::string_view more) { return std::string(kHa) + std::string(more); }

class FakeProbe : public SystemProbe {
public:
    std::map<std::string, Script, std::less<>> scripts;
    std::optional<std::vector<IfAddr>> addrs;

    bool interface_exists(const std::string&) const override { return true; }
    DeviceKind device_kind(const std::string&) const override { return DeviceKind::char_device; }
    bool user_exists(const std::string&) const override { return true; }
    bool executable(const std::string&) const override { return true; }
    std::optional<std::string> resolve(const std::string&, bool) const override { return std::nullopt; }
    bool resource_script(std::string_view n) const override
    {
        return resource_script_info(n).state == Script::State::found;
    }
    Script resource_script_info(std::string_view n) const override
    {
        auto it = scripts.find(n);
        return it == scripts.end() ? Script{} : it->second;
    }
    std::optional<std::vector<IfAddr>> ipv4_addresses() const override { return addrs; }
};

SystemProbe::IfAddr ifaddr(std::string iface, std::array<std::uint8_t, 4> a, int prefix)
{
    return SystemProbe::IfAddr{std::move(iface), a, prefix};
}

}  // namespace

TEST_CASE("a clean configuration has no advisory diagnostics")
{
    const auto a = assemble(kHa);
    REQUIRE(a.config);
    CHECK(a.diagnostics.empty());
}

TEST_CASE("timing: few heartbeats per deadtime, warntime not above keepalive, initdead below 2x deadtime")
{
    auto a = assemble(with("deadtime 3\n"));  // 3 heartbeats of 1 s
    REQUIRE(a.config);
    REQUIRE(a.diagnostics.size() == 1);
    CHECK(a.diagnostics[0].str().rfind("ha.cf:7: warning: Dead time [3000 ms] allows only 3 heartbeats at keepalive "
                                       "[1000 ms]", 0) == 0);
    CHECK(a.diagnostics[0].hint == "make deadtime at least 4 times keepalive (deadtime 4)");

    a = assemble(with("warntime 1\n"));
    CHECK(strs(a.diagnostics)
          == Strings{"ha.cf:7: warning: Warn time [1000 ms] is not above keepalive [1000 ms]: heartbeats would be "
                     "reported late all the time"});
    CHECK(a.diagnostics[0].hint == "set warntime between keepalive and deadtime (warntime 5)");

    a = assemble(with("initdead 15\n"));
    CHECK(strs(a.diagnostics)
          == Strings{"ha.cf:7: warning: Initial dead time [15000 ms] is below twice deadtime [10000 ms]: a peer "
                     "booting at the same time may be declared dead while its network comes up"});
    CHECK(a.diagnostics[0].hint == "initdead 20");

    // Fine: 4 heartbeats per deadtime, warntime above keepalive, initdead 2x.
    CHECK(assemble(with("keepalive 500ms\ndeadtime 2\nwarntime 1\ninitdead 20\n")).diagnostics.empty());
    // 3.0.6's defaults (warntime deadtime/2, initdead = deadtime above 10 s) do not warn.
    CHECK(assemble(with("deadtime 30\n")).diagnostics.empty());
}

TEST_CASE("split brain: two nodes, one link, no ping node, no STONITH")
{
    const std::string one_link = "logfacility local0\nauto_failback on\n"
                                 "ucast eth0 192.0.2.1\nucast eth0 192.0.2.2\n"  // lines 3-4: one link, eth0
                                 "node node1 node2\n";
    auto a = assemble(one_link);
    REQUIRE(a.config);
    CHECK(strs(a.diagnostics)
          == Strings{"ha.cf:3: warning: two-node cluster with a single link (ucast eth0), no ping node and no "
                     "STONITH: if that link fails, both nodes take over the resources (split brain)"});
    CHECK_FALSE(a.diagnostics[0].hint.empty());
    CHECK(assemble(one_link + "ping 192.0.2.254\n").diagnostics.empty());
    CHECK(assemble(one_link + "ping_group gw 192.0.2.253 192.0.2.254\n").diagnostics.empty());
    CHECK(assemble(one_link + "stonith_host * null node1 node2\n").diagnostics.empty());
    CHECK(assemble(one_link + "stonith null /etc/ha.d/null.cfg\n").diagnostics.empty());
    CHECK(assemble(one_link + "serial /dev/ttyS0\n").diagnostics.empty());
    // A third node: a majority is possible, not this warning's case.
    CHECK(assemble(one_link + "node node3\n").diagnostics.empty());
}

TEST_CASE("crc over a network medium is insecure; over serial only it is not reported")
{
    auto a = assemble(kHa, "auth 2\n2 crc\n");
    REQUIRE(a.config);
    REQUIRE(a.diagnostics.size() == 1);
    CHECK(a.diagnostics[0].str()
          == "authkeys:2: warning: the active key is crc while heartbeats go over the network (bcast eth0): crc "
             "authenticates nothing, anyone on the network can forge cluster messages");
    CHECK(a.diagnostics[0].hint.find("'2 sha1 SECRET'") != std::string::npos);
    const std::string serial_only = "logfacility local0\nauto_failback on\nserial /dev/ttyS0 /dev/ttyS1\nnode node1 node2\n";
    CHECK(assemble(serial_only, "auth 2\n2 crc\n").diagnostics.empty());
    // crc present but not active: nothing.
    CHECK(assemble(kHa, "auth 1\n1 sha1 k\n2 crc\n").diagnostics.empty());
}

TEST_CASE("sha256 in use is a note (never fatal): active, or only present")
{
    auto a = assemble(kHa, "auth 3\n3 sha256 k\n");
    REQUIRE(a.config);
    REQUIRE(a.diagnostics.size() == 1);
    CHECK(a.diagnostics[0].severity == Severity::note);
    CHECK(a.diagnostics[0].str().rfind("authkeys:2: note: sha256 (key 3) is active: it is a heartbeatd extension "
                                       "unknown to Heartbeat 3.0.6",
                                       0) == 0);
    CHECK(count_warnings(a.diagnostics) == 0);
    a = assemble(kHa, "auth 1\n1 sha1 k\n2 sha256 k\n");
    CHECK(strs(a.diagnostics)
          == Strings{"authkeys:3: note: key 2 uses sha256, a heartbeatd extension: Heartbeat 3.0.6 refuses an "
                     "authkeys file with it"});
}

TEST_CASE("logformat json: parsed, and noted as a heartbeatd-only directive")
{
    auto a = assemble(with("logformat json\n"));
    REQUIRE(a.config);
    CHECK(a.config->ha.logformat == LogFormat::json);
    CHECK(strs(a.diagnostics)
          == Strings{"ha.cf:7: note: 'logformat' is a heartbeatd extension: Heartbeat 3.0.6 refuses an ha.cf with it "
                     "(Illegal directive)"});
    a = assemble(with("logformat classic\n"));
    REQUIRE(a.config);
    CHECK(a.config->ha.logformat == LogFormat::classic);
    CHECK(assemble(kHa).config->ha.logformat == LogFormat::classic);
    a = assemble(with("logformat xml\n"));
    CHECK_FALSE(a.config);
    CHECK(strs(a.diagnostics) == Strings{"ha.cf:7: Invalid logformat [xml]: expected classic or json"});
}

TEST_CASE("the same resource in two groups, or twice in one")
{
    auto a = assemble(kHa, kKeys, "node1 192.0.2.100 paDummy::alpha\nnode2 IPaddr::192.0.2.100 paDummy::beta\n");
    REQUIRE(a.config);
    CHECK(strs(a.diagnostics)
          == Strings{"haresources:2: warning: resource [IPaddr::192.0.2.100] is also in the group at line 1: the two "
                     "groups can run on different nodes at once, so both would start it"});
    a = assemble(kHa, kKeys, "node1 paDummy::x paDummy::x\n");
    CHECK(strs(a.diagnostics)
          == Strings{"haresources:1: warning: resource [paDummy::x] appears twice in the group [paDummy::x]: it is "
                     "started twice"});
}

TEST_CASE("advisory checks wait for a configuration without errors")
{
    const auto a = assemble("logfacility local0\nauto_failback on\nbcast eth0\nnode node1 node2\nkeepalive x\n",
                            "auth 1\n1 crc\n");
    CHECK_FALSE(a.config);
    CHECK(strs(a.diagnostics) == Strings{"ha.cf:5: Invalid keepalive [x]: expected a time: seconds (10, 1.5) or a "
                                         "number ending in ms or us"});
}

TEST_CASE("every advisory warning carries a one-line fix")
{
    const std::string ha = "logfacility local0\nkeepalive 1\ndeadtime 3\nwarntime 1\ninitdead 10\nlogformat json\n"
                           "ucast eth0 192.0.2.2\nnode node1 node2\n";
    const auto a = assemble(ha, "auth 1\n1 crc\n2 sha256 x\n", "node1 paDummy::a\nnode2 paDummy::b paDummy::a\n");
    REQUIRE(a.config);
    CHECK(a.diagnostics.size() >= 7);
    for (const auto& d : a.diagnostics) {
        CAPTURE(d.str());
        CHECK_FALSE(d.hint.empty());
        CHECK(d.hint.find('\n') == std::string::npos);
    }
}

TEST_CASE("resource scripts: missing and present-but-not-executable are errors with a fix")
{
    FakeProbe probe;
    probe.scripts["IPaddr"] = SystemProbe::Script{SystemProbe::Script::State::found, "/etc/ha.d/resource.d/IPaddr"};
    probe.scripts["paDummy"] = SystemProbe::Script{SystemProbe::Script::State::not_executable,
                                                   "/etc/ha.d/resource.d/paDummy"};
    auto a = assemble(kHa, kKeys, "node1 192.0.2.100 paDummy::alpha\nnode2 paDummy::beta httpd\n", &probe);
    CHECK_FALSE(a.config);
    CHECK(strs(a.diagnostics)
          == Strings{"haresources:1: Resource script paDummy [/etc/ha.d/resource.d/paDummy] is not executable",
                     "haresources:2: Cannot locate resource script httpd"});
    CHECK(a.diagnostics[0].hint == "chmod +x /etc/ha.d/resource.d/paDummy");
    CHECK_FALSE(a.diagnostics[1].hint.empty());
}

TEST_CASE("ucast peers: own address skipped, same subnet fine, wrong interface or no subnet warned")
{
    const std::vector<SystemProbe::IfAddr> addrs = {ifaddr("lo", {127, 0, 0, 1}, 8),
                                                    ifaddr("eth0", {192, 0, 2, 1}, 24),
                                                    ifaddr("eth1", {198, 51, 100, 1}, 24)};
    const auto run = [&](std::string_view ha) {
        Diagnostics d;
        DiagSink sink(d, "ha.cf");
        HaCfContext ctx{"node1", 694};
        const HaCf cf = parse_ha_cf(ha, ctx, sink);
        d.clear();
        check_ucast_peers(cf, addrs, sink);
        return strs(d);
    };
    const std::string base = "node node1 node2\nauto_failback on\nlogfacility local0\n";  // lines 1-3
    CHECK(run(base + "ucast eth0 192.0.2.1\nucast eth0 192.0.2.2\n").empty());
    CHECK(run(base + "ucast eth0 198.51.100.2\n")
          == Strings{"ha.cf:4: warning: ucast peer [198.51.100.2] is not on a subnet of [eth0] (192.0.2.1/24) but on "
                     "[eth1]'s"});
    CHECK(run(base + "ucast eth1 203.0.113.9\n")
          == Strings{"ha.cf:4: warning: ucast peer [203.0.113.9] is on no subnet of any local interface (eth1 has "
                     "198.51.100.1/24): it is reachable only through a router, if at all"});
    CHECK(run(base + "ucast eth2 192.0.2.2\n")
          == Strings{"ha.cf:4: warning: ucast: interface [eth2] has no IPv4 address: heartbeats to [192.0.2.2] cannot "
                     "be sent"});
    // Only IPv4 ucast lines are looked at.
    CHECK(run(base + "bcast eth2\nmcast eth2 239.1.1.1 694 1 0\n").empty());
}

TEST_CASE("ucast peer check through assemble: only with a probe that knows the addresses")
{
    FakeProbe probe;
    probe.scripts["IPaddr"] = SystemProbe::Script{SystemProbe::Script::State::found, "x"};
    probe.scripts["paDummy"] = SystemProbe::Script{SystemProbe::Script::State::found, "y"};
    const std::string ha = with("ucast eth1 203.0.113.9\n");
    CHECK(assemble(ha, kKeys, kRes, &probe).diagnostics.empty());  // addresses unknown: skipped
    probe.addrs = std::vector<SystemProbe::IfAddr>{ifaddr("eth1", {198, 51, 100, 1}, 24)};
    const auto a = assemble(ha, kKeys, kRes, &probe);
    REQUIRE(a.config);
    REQUIRE(a.diagnostics.size() == 1);
    CHECK(a.diagnostics[0].line == 7);
    CHECK(a.diagnostics[0].severity == Severity::warning);
}

TEST_CASE("the local node: the hint names the source and a near-miss entry")
{
    Diagnostics d;
    DiagSink sink(d, "ha.cf");
    HaCfContext ctx{"node1.example.com", 694};
    ctx.uname_node = "node1.example.com";
    (void)parse_ha_cf("node node1 node2\nbcast eth0\nauto_failback on\nlogfacility local0\n", ctx, sink);
    REQUIRE(d.size() == 1);
    CHECK(d[0].str() == "ha.cf:1: Current node [node1.example.com] not in configuration!");
    CHECK(d[0].hint
          == "ha.cf lists [node1] but uname -n says [node1.example.com]: write the node name exactly as uname -n "
             "prints it");
    d.clear();
    HaCfContext info{"alpha", 694};
    info.uname_node = "Host7";
    info.from_nodeinfo = true;
    (void)parse_ha_cf("node node1 node2\nbcast eth0\nauto_failback on\nlogfacility local0\n", info, sink);
    REQUIRE(d.size() == 1);
    CHECK(d[0].hint
          == "add 'node alpha' to ha.cf (the name is the first line of nodeinfo; uname -n is host7), or put this "
             "node's cluster name in nodeinfo");
}

TEST_CASE("illegal directives get a hint: case, near miss, or the man page")
{
    Diagnostics d;
    DiagSink sink(d, "ha.cf");
    HaCfContext ctx{"node1", 694};
    (void)parse_ha_cf("node node1\nbcast eth0\nauto_failback on\nlogfacility local0\nKeepalive 2\nkeepalives 2\nfoo 1\n",
                      ctx, sink);
    REQUIRE(d.size() == 3);
    CHECK(d[0].hint == "directive names are case-sensitive: write 'keepalive'");
    CHECK(d[1].hint == "did you mean 'keepalive'? (see ha.cf(5))");
    CHECK(d[2].hint == "remove the line or fix the directive name (see ha.cf(5))");
}

TEST_CASE("diagnostics: notes print as note:, count as neither error nor warning")
{
    Diagnostics d;
    DiagSink s(d, "f");
    s.note(3, "n", "h");
    s.warning(0, "w");
    s.error(2, "e", "fix it");
    CHECK(strs(d) == Strings{"f:3: note: n", "f: warning: w", "f:2: e"});
    CHECK(count_errors(d) == 1);
    CHECK(count_warnings(d) == 1);
    CHECK(d[2].hint == "fix it");
}
