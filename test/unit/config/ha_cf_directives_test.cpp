// The directive table: complete against Heartbeat 3.0.6, one accepting case
// per directive, and well-formed rows for the man page.
#include <doctest/doctest.h>

#include <map>
#include <set>

#include "config/values.h"
#include "ha_cf_fixture.h"

using namespace hb;
using namespace hb::config;
using hbtest::base_plus;
using hbtest::parse_ha;

namespace {

// Every directive Debian's heartbeat 3.0.6 accepts: config.c Directives[]
// (without ALLOWPOLLCHOICE's normalpoll) and WLdirectives[], the HBcomm
// plugins in /usr/lib/heartbeat/plugins/HBcomm, and the `udp` alias.
const std::set<std::string> k306 = {
    // Directives[]
    "cluster", "node", "hopfudge", "keepalive", "deadtime", "deadping", "initdead", "warntime", "watchdog", "baud",
    "udpport", "logfacility", "logfile", "debugfile", "nice_failback", "auto_failback", "rtprio", "hbgenmethod",
    "realtime", "debug", "msgfmt", "use_logd", "conn_logd_time", "use_apphbd", "log_badpack", "syslogmsgfmt",
    "coredumps", "coreroot", "crm_daemon_dir", "crmd_spawns_pengine", "crm", "pacemaker", "autojoin", "uuidfrom",
    "compression", "compression_threshold", "traditional_compression", "env", "max_rexmit_delay",
    "record_config_changes", "record_pengine_inputs", "enable_config_writes", "memreserve", "quorum_server",
    // WLdirectives[]
    "stonith", "stonith_host", "apiauth", "respawn", "failfast",
    // HBcomm plugins
    "bcast", "mcast", "mcast6", "ping", "ping6", "ping_group", "serial", "ucast", "ucast6",
    // DIRTYALIASKLUDGE
    "udp"};

// One accepted line per directive, appended to the clean base config.
const std::map<std::string, std::string> kSample = {
    {"node", "node node3"},
    {"bcast", "bcast eth1"},
    {"udp", "udp eth1"},
    {"ucast", "ucast eth0 192.0.2.2"},
    {"mcast", "mcast eth0 239.192.0.1 694 1 0"},
    {"ucast6", "ucast6 eth0 2001:db8::2"},
    {"mcast6", "mcast6 eth0 ff12::1:2:3:4 694 1 0"},
    {"serial", "serial /dev/ttyS0"},
    {"baud", "baud 115200"},
    {"udpport", "udpport 694"},
    {"ping", "ping 192.0.2.254"},
    {"ping6", "ping6 2001:db8::fe"},
    {"ping_group", "ping_group pg1 192.0.2.253 192.0.2.254"},
    {"hopfudge", "hopfudge 2"},
    {"keepalive", "keepalive 2"},
    {"deadtime", "deadtime 10"},
    {"warntime", "warntime 5"},
    {"initdead", "initdead 60"},
    {"deadping", "deadping 20"},
    {"max_rexmit_delay", "max_rexmit_delay 300"},
    {"auto_failback", "auto_failback off"},
    {"nice_failback", "nice_failback on"},
    {"stonith", "stonith baytech /etc/ha.d/conf/stonith.baytech"},
    {"stonith_host", "stonith_host * baytech 10.0.0.3 mylogin mysecretpassword"},
    {"logfile", "logfile /var/log/ha-log"},
    {"debugfile", "debugfile /var/log/ha-debug"},
    {"logfacility", "logfacility daemon"},
    {"use_logd", "use_logd no"},
    {"syslogmsgfmt", "syslogmsgfmt false"},
    {"log_badpack", "log_badpack off"},
    {"debug", "debug 1"},
    {"realtime", "realtime off"},
    {"rtprio", "rtprio 50"},
    {"hbgenmethod", "hbgenmethod time"},
    {"msgfmt", "msgfmt netstring"},
    {"uuidfrom", "uuidfrom nodename"},
    {"watchdog", "watchdog /dev/watchdog"},
    {"ipfail", "ipfail on"},
    {"respawn", "respawn hacluster /usr/lib/heartbeat/ipfail"},
    {"failfast", "failfast hacluster /usr/lib/heartbeat/ipfail"},
    {"apiauth", "apiauth ipfail gid=haclient uid=hacluster"},
    {"env", "env FOO=bar"},
    {"crm", "crm off"},
    {"pacemaker", "pacemaker no"},
    {"autojoin", "autojoin none"},
    {"cluster", "cluster mycluster"},
    {"quorum_server", "quorum_server qs.example.com"},
    {"compression", "compression bz2"},
    {"compression_threshold", "compression_threshold 4"},
    {"traditional_compression", "traditional_compression yes"},
    {"coredumps", "coredumps false"},
    {"coreroot", "coreroot /var/lib/heartbeat/cores"},
    {"memreserve", "memreserve 8000"},
    {"conn_logd_time", "conn_logd_time 30"},
    {"use_apphbd", "use_apphbd no"},
    {"crm_daemon_dir", "crm_daemon_dir /usr/lib/pacemaker"},
    {"crmd_spawns_pengine", "crmd_spawns_pengine yes"},
    {"record_config_changes", "record_config_changes off"},
    {"record_pengine_inputs", "record_pengine_inputs off"},
    {"enable_config_writes", "enable_config_writes off"},
    {"logformat", "logformat json"},
    {"metrics", "metrics 127.0.0.1:9630"},
    {"resource_monitor", "resource_monitor 10 3 300"},
};

}  // namespace

// heartbeatd's own directives (Heartbeat 3.0.6 refuses them).
const std::set<std::string> kExtensions = {"ipfail", "logformat", "metrics", "resource_monitor"};

TEST_CASE("the table has exactly the directives Heartbeat 3.0.6 accepts, plus the marked extensions")
{
    std::set<std::string> ours;
    std::set<std::string> extensions;
    for (const auto& d : ha_cf_directives()) {
        CAPTURE(d.name);
        CHECK(ours.insert(std::string(d.name)).second);  // no duplicate rows
        if (d.support == DirectiveSupport::extension) {
            extensions.insert(std::string(d.name));
            CHECK(k306.count(std::string(d.name)) == 0);
        }
    }
    CHECK(extensions == kExtensions);
    for (const auto& e : kExtensions) {
        ours.erase(e);
    }
    CHECK(ours == k306);
}

TEST_CASE("every row is complete enough for the man page")
{
    for (const auto& d : ha_cf_directives()) {
        CAPTURE(d.name);
        CHECK((d.handler != nullptr));
        CHECK_FALSE(d.synopsis.empty());
        CHECK_FALSE(d.description.empty());
        CHECK(d.description.find('\n') == std::string_view::npos);
        CHECK(find_ha_cf_directive(d.name) == &d);
        if (!d.default_value.empty()) {
            CHECK(d.recorded);
        }
    }
    CHECK(find_ha_cf_directive("Node") == nullptr);
    CHECK(find_ha_cf_directive("normalpoll") == nullptr);
}

TEST_CASE("every directive has an accepting case")
{
    for (const auto& d : ha_cf_directives()) {
        const std::string name(d.name);
        CAPTURE(name);
        auto it = kSample.find(name);
        REQUIRE_MESSAGE(it != kSample.end(), "add a sample line for the new directive");
        const auto p = parse_ha(base_plus(it->second + "\n"));
        CHECK(p.errors().empty());
        // A recorded single-value directive keeps its value as written.
        if (d.recorded && d.form == DirectiveForm::single) {
            const auto value = it->second.substr(it->second.rfind(' ') + 1);
            CHECK(p.cf.parameter(name) == value);
        }
    }
}

TEST_CASE("rejected directives are errors unless switched off")
{
    for (const auto& d : ha_cf_directives()) {
        if (d.support != DirectiveSupport::rejected) {
            continue;
        }
        CAPTURE(d.name);
        const std::string on = std::string(d.name) + (d.name == "autojoin" ? " any" : " on");
        CHECK(parse_ha(base_plus(on + "\n")).errors().size() == 1);
    }
}

TEST_CASE("recorded defaults are those of 3.0.6's Directives[]")
{
    const auto p = parse_ha(hbtest::kBase);
    REQUIRE(p.errors().empty());
    CHECK(p.cf.parameter("keepalive") == "1000ms");
    CHECK(p.cf.parameter("deadtime") == "30000ms");
    CHECK(p.cf.parameter("baud") == "19200");
    CHECK(p.cf.parameter("hopfudge") == "1");
    CHECK(p.cf.parameter("cluster") == "linux-ha");
    CHECK(p.cf.parameter("pacemaker") == "false");
    CHECK(p.cf.parameter("autojoin") == "none");
    CHECK(p.cf.parameter("max_rexmit_delay") == "250");
    CHECK(p.cf.parameter("memreserve") == "6500");
    CHECK(p.cf.parameter("debug") == "0");
    // Computed ones, written as 3.0.6 writes them ("%ldms").
    CHECK(p.cf.parameter("warntime") == "15000ms");
    CHECK(p.cf.parameter("initdead") == "30000ms");
    CHECK(p.cf.parameter("deadping") == "30000ms");
    CHECK(p.cf.parameter("udpport") == "694");
    // Not recorded by 3.0.6.
    CHECK_FALSE(p.cf.parameter("node").has_value());
    CHECK_FALSE(p.cf.parameter("bcast").has_value());
}

TEST_CASE("metrics: off by default; ADDRESS:PORT with an IP address; errors name the line")
{
    CHECK(parse_ha(hbtest::kBase).cf.metrics.empty());
    CHECK(parse_ha(base_plus("metrics 127.0.0.1:9630\n")).cf.metrics == "127.0.0.1:9630");
    CHECK(parse_ha(base_plus("metrics [::1]:9630\n")).cf.metrics == "[::1]:9630");
    CHECK(parse_ha(base_plus("metrics 127.0.0.1:9630\nmetrics off\n")).cf.metrics.empty());
    for (const char* bad : {"metrics localhost:9630", "metrics 127.0.0.1", "metrics 127.0.0.1:0",
             "metrics 127.0.0.1:70000", "metrics ::1:9630", "metrics 300.0.0.1:80"}) {
        CAPTURE(bad);
        const auto p = parse_ha(base_plus(std::string(bad) + "\n"));
        REQUIRE(p.errors().size() == 1);
        CHECK(p.errors()[0].find(":5: Invalid metrics") != std::string::npos);
    }
}

TEST_CASE("resource_monitor: off by default; interval, restarts and window; errors name the line")
{
    CHECK(parse_ha(hbtest::kBase).cf.monitor_interval.count() == 0);
    auto p = parse_ha(base_plus("resource_monitor 5\n"));
    REQUIRE(p.errors().empty());
    CHECK(p.cf.monitor_interval.count() == 5000);
    CHECK(p.cf.monitor_max_restarts == 3);
    CHECK(p.cf.monitor_window.count() == 300000);
    p = parse_ha(base_plus("resource_monitor 500ms 2 60\n"));
    REQUIRE(p.errors().empty());
    CHECK(p.cf.monitor_interval.count() == 500);
    CHECK(p.cf.monitor_max_restarts == 2);
    CHECK(p.cf.monitor_window.count() == 60000);
    CHECK(parse_ha(base_plus("resource_monitor 5\nresource_monitor off\n")).cf.monitor_interval.count() == 0);
    for (const char* bad : {"resource_monitor soon", "resource_monitor 10ms", "resource_monitor 5 -1",
             "resource_monitor 5 3 0", "resource_monitor 5 3 60 extra", "resource_monitor 5 x"}) {
        CAPTURE(bad);
        p = parse_ha(base_plus(std::string(bad) + "\n"));
        REQUIRE(p.errors().size() == 1);
        CHECK(p.errors()[0].find(":5: ") != std::string::npos);
        CHECK(p.cf.monitor_interval.count() == 0);
    }
}
