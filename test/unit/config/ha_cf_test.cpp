// ha.cf parsing: syntax, values, media, cross-checks and pinned messages.
#include <doctest/doctest.h>

#include "ha_cf_fixture.h"

using namespace hb;
using namespace hb::config;
using hbtest::base_plus;
using hbtest::parse_ha;
using Strings = std::vector<std::string>;

TEST_CASE("a realistic two-node ha.cf (Debian's example, uncommented)")
{
    const auto p = parse_ha("#\tThere are lots of options in this file.\n"
                            "logfacility\tlocal0\n"
                            "keepalive 2\n"
                            "deadtime 30\n"
                            "warntime 10\n"
                            "initdead 120\n"
                            "udpport\t694\n"
                            "bcast\teth0\t\t# Linux\n"
                            "mcast eth0 225.0.0.1 694 1 0\n"
                            "ucast eth0 192.168.1.2\n"
                            "auto_failback on\n"
                            "node\tnode1\n"
                            "node\tnode2\n"
                            "ping 10.10.10.254\n"
                            "ping_group group1 10.10.10.254 10.10.10.253\n"
                            "respawn hacluster /usr/lib/heartbeat/ipfail\n"
                            "apiauth ipfail gid=haclient uid=hacluster\n"
                            "hopfudge 1\n"
                            "deadping 30\n"
                            "realtime off\n"
                            "debug 1\n");
    CHECK(p.diags.empty());
    const auto& cf = p.cf;
    CHECK(cf.nodes == Strings{"node1", "node2"});
    CHECK(cf.keepalive == Duration(2000));
    CHECK(cf.deadtime == Duration(30000));
    CHECK(cf.warntime == Duration(10000));
    CHECK(cf.initdead == Duration(120000));
    CHECK(cf.deadping == Duration(30000));
    CHECK(cf.auto_failback == AutoFailback::on);
    CHECK(cf.logfacility == "local0");
    CHECK_FALSE(cf.realtime);
    CHECK(cf.debug == 1);
    REQUIRE(cf.media.size() == 3);
    CHECK(cf.media[0].type == MediumType::bcast);
    CHECK(cf.media[0].iface == "eth0");
    CHECK(cf.media[0].port == 694);
    CHECK(cf.media[0].line == 8);
    CHECK(cf.media[1].type == MediumType::mcast);
    CHECK(cf.media[1].address == "225.0.0.1");
    CHECK(cf.media[1].ttl == 1);
    CHECK_FALSE(cf.media[1].loop);
    CHECK(cf.media[2].type == MediumType::ucast);
    CHECK(cf.media[2].address == "192.168.1.2");
    CHECK(cf.media[2].host.empty());
    REQUIRE(cf.ping_nodes.size() == 2);
    CHECK(cf.ping_nodes[0].name == "10.10.10.254");
    CHECK(cf.ping_nodes[1].name == "group1");
    CHECK(cf.ping_nodes[1].group);
    CHECK(cf.ping_nodes[1].addresses == Strings{"10.10.10.254", "10.10.10.253"});
    CHECK(cf.ttl() == 5);  // 2 nodes + 2 ping nodes + hopfudge 1
    REQUIRE(cf.clients.size() == 1);
    CHECK(cf.clients[0].user == "hacluster");
    CHECK(cf.clients[0].program == "/usr/lib/heartbeat/ipfail");
    CHECK_FALSE(cf.clients[0].failfast);
    CHECK(cf.parameter("keepalive") == "2");
    CHECK(cf.parameter("deadtime") == "30");
}

TEST_CASE("comments, blanks, commas and CRs")
{
    const auto p = parse_ha("   # indented comment\n"
                            "\n"
                            "node node1,node2 # node3\n"
                            "bcast eth0#eth1\n"
                            "keepalive 2#0\r\n"
                            "auto_failback on\r\n"
                            "logfacility local0\n");
    CHECK(p.diags.empty());
    CHECK(p.cf.nodes == Strings{"node1", "node2"});
    CHECK(p.cf.media.size() == 1);
    CHECK(p.cf.keepalive == Duration(2000));
}

TEST_CASE("unknown and mis-cased directives, one error each, all reported")
{
    const auto p = parse_ha(base_plus("Node node3\n"
                                      "keepalive 2x\n"
                                      "hbaping fc-card-name\n"
                                      "deadtime 30\n"
                                      "mcast eth0 225.0.0.1 694 9 0\n"
                                      "normalpoll true\n"));
    CHECK(p.errors()
          == Strings{"ha.cf:5: Illegal directive [Node]",
                     "ha.cf:6: Invalid keepalive [2x]: expected a time: seconds (10, 1.5) or a number ending in ms or us",
                     "ha.cf:7: Illegal directive [hbaping]",
                     "ha.cf:9: mcast [eth0] bad ttl [9] (expected 0 to 4)",
                     "ha.cf:10: Illegal directive [normalpoll]"});
}

TEST_CASE("value count problems")
{
    const auto p = parse_ha(base_plus("keepalive\n"
                                      "keepalive 1 2\n"
                                      "node\n"
                                      "debugfile a,b\n"));
    CHECK(p.errors()
          == Strings{"ha.cf:5: keepalive: missing value", "ha.cf:6: keepalive takes one value, got 2: [1] [2]",
                     "ha.cf:7: node: missing value", "ha.cf:8: debugfile takes one value, got 2: [a] [b]"});
}

TEST_CASE("time values and their units")
{
    CHECK(parse_ha(base_plus("keepalive 1.5\n")).cf.keepalive == Duration(1500));
    CHECK(parse_ha(base_plus("keepalive 500ms\n")).cf.keepalive == Duration(500));
    CHECK(parse_ha(base_plus("keepalive 1500msec\n")).cf.keepalive == Duration(1500));
    CHECK(parse_ha(base_plus("keepalive 250MS\n")).cf.keepalive == Duration(250));
    CHECK(parse_ha(base_plus("keepalive 750000us\n")).cf.keepalive == Duration(750));
    CHECK(parse_ha(base_plus("keepalive 750000usec\n")).cf.keepalive == Duration(750));
    CHECK(parse_ha(base_plus("keepalive 10s\n")).errors()
          == Strings{"ha.cf:5: Invalid keepalive [10s]: expected a time: seconds (10, 1.5) or a number ending in ms or us"});
    CHECK(parse_ha(base_plus("keepalive 0\n")).errors()
          == Strings{"ha.cf:5: Invalid keepalive [0]: must be greater than 0"});
    CHECK(parse_ha(base_plus("keepalive 400us\n")).errors()
          == Strings{"ha.cf:5: Invalid keepalive [400us]: must be greater than 0"});
    CHECK(parse_ha(base_plus("warntime 0\n")).errors() == Strings{"ha.cf:5: Warn time [0] is invalid."});
    CHECK(parse_ha(base_plus("warntime x\n")).errors() == Strings{"ha.cf:5: Warn time [x] is invalid."});
    CHECK(parse_ha(base_plus("initdead 1.2.3\n")).errors()
          == Strings{"ha.cf:5: Invalid initdead [1.2.3]: expected a time: seconds (10, 1.5) or a number ending in ms or us"});
}

TEST_CASE("deadtime must exceed twice keepalive")
{
    CHECK(parse_ha(base_plus("keepalive 1\ndeadtime 2\ninitdead 10\n")).errors()
          == Strings{"ha.cf:6: Dead time [2000] is too small compared to keeplive [1000]"});
    // Only keepalive given: the message points at it.
    CHECK(parse_ha(base_plus("keepalive 15\n")).errors()
          == Strings{"ha.cf:5: Dead time [30000] is too small compared to keeplive [15000]"});
    CHECK(parse_ha(base_plus("keepalive 1\ndeadtime 2001ms\ninitdead 10\n")).errors().empty());
}

TEST_CASE("initdead: defaults, must be >= deadtime, warning below 10 s")
{
    CHECK(parse_ha(base_plus("deadtime 30\n")).cf.initdead == Duration(30000));
    CHECK(parse_ha(base_plus("deadtime 11\n")).cf.initdead == Duration(11000));
    CHECK(parse_ha(base_plus("deadtime 10\n")).cf.initdead == Duration(20000));
    CHECK(parse_ha(base_plus("deadtime 8\n")).cf.initdead == Duration(16000));
    CHECK(parse_ha(base_plus("deadtime 5\n")).cf.initdead == Duration(12000));
    CHECK(parse_ha(base_plus("deadtime 5\n")).cf.parameter("initdead") == "12000ms");
    CHECK(parse_ha(base_plus("deadtime 10\ninitdead 5\n")).errors()
          == Strings{"ha.cf:6: Initial dead time [5000] is smaller than deadtime [10000]"});
    const auto p = parse_ha(base_plus("deadtime 3\ninitdead 4\n"));
    CHECK(p.errors().empty());
    CHECK(p.warnings()
          == Strings{"ha.cf:6: warning: Initial dead time [4000 ms] may be too small! It should be >= deadtime and "
                     ">= 10 seconds"});
}

TEST_CASE("warntime and deadping defaults and checks")
{
    auto p = parse_ha(base_plus("deadtime 10\n"));
    CHECK(p.cf.warntime == Duration(5000));
    CHECK(p.cf.parameter("warntime") == "5000ms");
    CHECK(p.cf.deadping == Duration(10000));
    CHECK(p.cf.parameter("deadping") == "10000ms");
    CHECK(parse_ha(base_plus("deadping 2\n")).errors()
          == Strings{"ha.cf:5: Ping dead time [2000] is too small compared to keeplive [1000]"});
    p = parse_ha(base_plus("deadtime 10\nwarntime 10\n"));
    CHECK(p.errors().empty());
    CHECK(p.warnings()
          == Strings{"ha.cf:6: warning: Warn time [10000 ms] is not below deadtime [10000 ms]: late heartbeats will "
                     "not be reported"});
}

TEST_CASE("nodes: lower-cased, compared case-insensitively, no duplicates")
{
    auto p = parse_ha("node Node1 NODE2\nbcast eth0\nauto_failback on\nlogfacility local0\n", "node1");
    CHECK(p.diags.empty());
    CHECK(p.cf.nodes == Strings{"node1", "node2"});
    p = parse_ha(base_plus("node NODE1\nping node2\n"));
    CHECK(p.errors()
          == Strings{"ha.cf:5: Duplicate node name [node1] (first listed at line 1)",
                     "ha.cf:6: Duplicate node name [node2] (first listed at line 1)"});
    p = parse_ha(base_plus("node " + std::string(100, 'a') + "\n"));
    CHECK(p.errors() == Strings{"ha.cf:5: Node name [" + std::string(100, 'a') + "] is too long (99 characters at most)"});
}

TEST_CASE("the local node, nodes and media must be there")
{
    // Named at the (last) node line, with a hint on how to fix it.
    const auto missing = parse_ha(hbtest::kBase, "node3");
    CHECK(missing.errors() == Strings{"ha.cf:1: Current node [node3] not in configuration!"});
    REQUIRE(missing.diags.size() == 1);
    CHECK(missing.diags[0].hint == "add 'node node3' to ha.cf (the name is uname -n), or put this node's cluster name in nodeinfo");
    CHECK(parse_ha("bcast eth0\nauto_failback on\nlogfacility local0\n").errors()
          == Strings{"ha.cf: no nodes defined", "ha.cf: Current node [node1] not in configuration!"});
    CHECK(parse_ha("node node1\nauto_failback on\nlogfacility local0\n").errors()
          == Strings{"ha.cf: No heartbeat media defined"});
    // A ping medium counts as a medium, as in 3.0.6.
    CHECK(parse_ha("node node1\nping 192.0.2.254\nauto_failback on\nlogfacility local0\n").errors().empty());
    // An empty local node (no lookup possible) skips that check.
    CHECK(parse_ha(hbtest::kBase, "").errors().empty());
}

TEST_CASE("bcast: one medium per interface; udp is its old name")
{
    auto p = parse_ha(base_plus("bcast eth1 eth2,eth3\n"));
    REQUIRE(p.cf.media.size() == 4);
    CHECK(p.cf.media[3].iface == "eth3");
    CHECK(p.cf.media[3].line == 5);
    CHECK(p.cf.media[3].link_name() == "eth3");
    p = parse_ha(base_plus("udp eth1 eth2\n"));
    CHECK(p.cf.media.size() == 3);
    CHECK(p.warnings() == Strings{"ha.cf:5: warning: directive 'udp' replaced by 'bcast'"});
    CHECK(parse_ha(base_plus("bcast eth0/1\n")).errors()
          == Strings{"ha.cf:5: bcast: [eth0/1] is not a valid interface name"});
}

TEST_CASE("udpport: the port of bcast/ucast is fixed by their first line, as in 3.0.6")
{
    auto p = parse_ha("node node1\n"
                      "auto_failback on\n"
                      "logfacility local0\n"
                      "bcast eth0\n"
                      "udpport 700\n"
                      "bcast eth1\n"
                      "ucast eth0 192.0.2.2\n"
                      "udpport 800\n"
                      "ucast eth1 192.0.2.3\n"
                      "mcast eth0 239.1.1.1 5000 1 0\n");
    CHECK(p.errors().empty());
    REQUIRE(p.cf.media.size() == 5);
    CHECK(p.cf.media[0].port == 694);
    CHECK(p.cf.media[1].port == 694);
    CHECK(p.cf.media[2].port == 700);
    CHECK(p.cf.media[3].port == 700);
    CHECK(p.cf.media[4].port == 5000);  // mcast names its own port
    CHECK(p.cf.udpport == 800);
    CHECK(p.cf.parameter("udpport") == "800");
    CHECK(p.warnings()
          == Strings{"ha.cf:5: warning: udpport setting must precede media statements: bcast, ucast and ucast6 keep "
                     "the port in effect at their first line",
                     "ha.cf:8: warning: udpport setting must precede media statements: bcast, ucast and ucast6 keep "
                     "the port in effect at their first line"});
    // /etc/services' port is the default, also for hbparameter.
    p = parse_ha(hbtest::kBase, "node1", 7000);
    CHECK(p.cf.media[0].port == 7000);
    CHECK(p.cf.parameter("udpport") == "7000");
    CHECK(parse_ha(base_plus("udpport 0\n")).errors() == Strings{"ha.cf:5: invalid port [0] specified."});
    CHECK(parse_ha(base_plus("udpport 65536\n")).errors() == Strings{"ha.cf:5: invalid port [65536] specified."});
}

TEST_CASE("ucast: address or host name, one peer per line")
{
    auto p = parse_ha(base_plus("ucast eth0 node2.example.com\n"));
    CHECK(p.errors().empty());
    CHECK(p.cf.media[1].address == "node2.example.com");
    CHECK(p.cf.media[1].host == "node2.example.com");
    p = parse_ha(base_plus("ucast eth0\n"
                           "ucast eth0 10.0.0.300\n"
                           "ucast\n"
                           "ucast eth0 192.0.2.2 192.0.2.3\n"));
    CHECK(p.errors()
          == Strings{"ha.cf:5: ucast: [eth0] missing target IP address/hostname",
                     "ha.cf:6: ucast: [eth0] bad target [10.0.0.300] (expected an IPv4 address or a host name)",
                     "ha.cf:7: ucast statement without device"});
    CHECK(p.warnings() == Strings{"ha.cf:8: warning: ucast: extra text ignored [192.0.2.3]"});
}

TEST_CASE("mcast: group, port, TTL 0-4 and loop 0/1, every problem named")
{
    auto p = parse_ha(base_plus("mcast eth0 239.192.0.1 694 4 1\n"));
    CHECK(p.errors().empty());
    CHECK(p.cf.media[1].ttl == 4);
    CHECK(p.cf.media[1].loop);
    p = parse_ha(base_plus("mcast eth0 10.0.0.1 0 5 2\n"
                           "mcast eth0 239.1.1.1 694 1\n"
                           "mcast eth0\n"
                           "mcast\n"));
    CHECK(p.errors()
          == Strings{"ha.cf:5: mcast [eth0] bad addr [10.0.0.1] (expected an IPv4 multicast group, 224.0.0.0 to "
                     "239.255.255.255)",
                     "ha.cf:5: mcast [eth0] bad port [0] (expected 1 to 65535)",
                     "ha.cf:5: mcast [eth0] bad ttl [5] (expected 0 to 4)",
                     "ha.cf:5: mcast [eth0] bad loop [2] (expected 0 or 1)",
                     "ha.cf:6: mcast [eth0] missing loop",
                     "ha.cf:7: mcast [eth0] missing mcast address",
                     "ha.cf:8: mcast statement without device"});
}

TEST_CASE("ucast6 and mcast6")
{
    auto p = parse_ha(base_plus("ucast6 eth0 fe80::2%eth0\nmcast6 eth0 ff02::1:2 694 0 0\n"));
    CHECK(p.errors().empty());
    CHECK(p.cf.media[1].type == MediumType::ucast6);
    CHECK(p.cf.media[1].port == 694);
    CHECK(p.cf.media[2].type == MediumType::mcast6);
    p = parse_ha(base_plus("ucast6 eth0 ff02::1\n"
                           "ucast6 eth0 ::1\n"
                           "ucast6 eth0 192.0.2.2\n"
                           "mcast6 eth0 2001:db8::1 694 1 0\n"
                           "mcast6 eth0 ff02::1 694 5 0\n"
                           "ucast6 eth0\n"));
    CHECK(p.errors()
          == Strings{"ha.cf:5: ucast6 [eth0] bad addr [ff02::1]", "ha.cf:6: ucast6 [eth0] bad addr [::1]",
                     "ha.cf:7: ucast6 [eth0] bad addr [192.0.2.2]",
                     "ha.cf:8: mcast6 [eth0] bad addr [2001:db8::1] (expected an IPv6 multicast group, ff00::/8)",
                     "ha.cf:9: mcast6 [eth0] bad hops [5] (expected 0 to 4)",
                     "ha.cf:10: ucast6 [eth0] missing ucast6 address"});
}

TEST_CASE("serial and baud: the baud in effect at the first serial line applies to all")
{
    auto p = parse_ha(base_plus("baud 38400\nserial /dev/ttyS0 /dev/ttyS1\n"));
    CHECK(p.diags.empty());
    REQUIRE(p.cf.media.size() == 3);
    CHECK(p.cf.media[1].type == MediumType::serial);
    CHECK(p.cf.media[1].baud == 38400);
    CHECK(p.cf.media[2].link_name() == "/dev/ttyS1");
    p = parse_ha(base_plus("serial /dev/ttyS0\nbaud 115200\nserial /dev/ttyS1\n"));
    CHECK(p.errors().empty());
    CHECK(p.cf.media[1].baud == 19200);
    CHECK(p.cf.media[2].baud == 19200);
    CHECK(p.warnings()
          == Strings{"ha.cf:6: warning: baudrate setting must precede media statements: serial links keep 19200 baud"});
    CHECK(parse_ha(base_plus("baud 9600\nbaud 19200\nbaud 12345\n")).errors()
          == Strings{"ha.cf:6: Baudrate multiply specified.", "ha.cf:7: Baudrate multiply specified."});
    CHECK(parse_ha(base_plus("baud 12345\n")).errors() == Strings{"ha.cf:5: invalid baudrate [12345] specified."});
    CHECK(parse_ha(base_plus("serial ttyS0\n")).errors()
          == Strings{"ha.cf:5: Serial port not full pathname [ttyS0] in config file"});
}

TEST_CASE("ping nodes")
{
    auto p = parse_ha(base_plus("ping 192.0.2.254 Router.Example.com\nping6 2001:db8::1\nping_group PG1 192.0.2.1 gw\n"));
    CHECK(p.errors().empty());
    REQUIRE(p.cf.ping_nodes.size() == 4);
    CHECK(p.cf.ping_nodes[1].name == "router.example.com");
    CHECK(p.cf.ping_nodes[1].addresses == Strings{"Router.Example.com"});
    CHECK(p.cf.ping_nodes[2].v6);
    CHECK(p.cf.ping_nodes[3].name == "pg1");
    CHECK(p.cf.ping_nodes[3].line == 7);
    CHECK(p.cf.ttl() == 7);
    p = parse_ha(base_plus("ping 10.0.0.300\nping_group\nping_group pg2\nping6 10.0.0.1.5\nping_group g 1.2.3\n"));
    CHECK(p.errors()
          == Strings{"ha.cf:5: ping: [10.0.0.300] is not an IPv4 address or host name",
                     "ha.cf:6: ping_group statement without a group name", "ha.cf:7: ping_group [pg2] has no addresses",
                     "ha.cf:8: ping6: [10.0.0.1.5] is not an IPv6 address or host name",
                     "ha.cf:9: ping_group [g]: [1.2.3] is not an IPv4 address or host name"});
}

TEST_CASE("auto_failback and the obsolete nice_failback, mapped as 3.0.6 maps it")
{
    CHECK(parse_ha(base_plus("auto_failback off\n")).cf.auto_failback == AutoFailback::off);
    CHECK(parse_ha(base_plus("auto_failback LEGACY\n")).cf.auto_failback == AutoFailback::legacy);
    CHECK(parse_ha(base_plus("auto_failback Yes\n")).cf.auto_failback == AutoFailback::on);
    CHECK(parse_ha(base_plus("auto_failback sometimes\n")).errors()
          == Strings{"ha.cf:5: Invalid auto_failback [sometimes]: expected on, off or legacy"});

    // Default legacy, with 3.0.6's warning.
    auto p = parse_ha("node node1\nbcast eth0\nlogfacility local0\n");
    CHECK(p.cf.auto_failback == AutoFailback::legacy);
    CHECK_FALSE(p.cf.nice_failback());
    CHECK(p.warnings()
          == Strings{"ha.cf: warning: Deprecated 'legacy' auto_failback option selected. Please convert to "
                     "'auto_failback on'."});

    // nice_failback with an earlier auto_failback on/off: off.
    p = parse_ha(base_plus("nice_failback on\n"));
    CHECK(p.cf.auto_failback == AutoFailback::off);
    CHECK(p.cf.parameter("auto_failback") == "off");
    CHECK(p.warnings()
          == Strings{"ha.cf:5: warning: nice_failback flag is obsolete. Use auto_failback {on, off, legacy} instead.",
                     "ha.cf:5: warning: 'nice_failback on' has been changed to 'auto_failback off'"});
    // Without one, even "on" is read as legacy (3.0.6 tests its global flag).
    p = parse_ha("node node1\nbcast eth0\nlogfacility local0\nnice_failback on\n");
    CHECK(p.cf.auto_failback == AutoFailback::legacy);
    CHECK(p.warnings()
          == Strings{"ha.cf:4: warning: nice_failback flag is obsolete. Use auto_failback {on, off, legacy} instead.",
                     "ha.cf:4: warning: nice_failback on has been strictly interpreted as 'auto_failback legacy'",
                     "ha.cf:4: warning: Deprecated 'legacy' auto_failback option selected. Please convert to "
                     "'auto_failback on'."});
}

TEST_CASE("bounded integers and keywords")
{
    const auto p = parse_ha(base_plus("hopfudge 256\n"
                                      "debug -1\n"
                                      "rtprio 0\n"
                                      "rtprio 100\n"
                                      "hbgenmethod File\n"
                                      "msgfmt xml\n"
                                      "uuidfrom mac\n"
                                      "max_rexmit_delay 0\n"
                                      "realtime maybe\n"
                                      "logfacility LOCAL0\n"));
    CHECK(p.errors()
          == Strings{"ha.cf:5: Invalid hopfudge [256]: expected an integer from 0 to 255",
                     "ha.cf:6: Invalid debug [-1]: expected an integer from 0 to 255",
                     "ha.cf:7: Illegal realtime priority [0] (expected 1 to 99)",
                     "ha.cf:8: Illegal realtime priority [100] (expected 1 to 99)",
                     "ha.cf:9: Illegal hb generation method [File] (expected file or time)",
                     "ha.cf:10: Invalid msgfmt [xml]: expected classic or netstring",
                     "ha.cf:11: Invalid uuidfrom directive [mac] (expected file or nodename)",
                     "ha.cf:12: Invalid max_rexmit_delay time(0): expected milliseconds, 1 or more",
                     "ha.cf:13: Invalid realtime [maybe]: expected yes/no, on/off, true/false, y/n or 1/0",
                     "ha.cf:14: Log facility(LOCAL0) not valid"});
}

TEST_CASE("settings land in HaCf")
{
    const auto p = parse_ha(base_plus("hopfudge 3\ndebug 7\nrtprio 20\nhbgenmethod time\nmsgfmt netstring\n"
                                      "uuidfrom nodename\nmax_rexmit_delay 400\nuse_logd yes\nsyslogmsgfmt off\n"
                                      "log_badpack no\nlogfile /var/log/ha-log\ndebugfile /var/log/ha-debug\n"
                                      "watchdog /dev/watchdog\nenv A=1 B=x=y\n"));
    CHECK(p.errors().empty());
    const auto& cf = p.cf;
    CHECK(cf.hopfudge == 3);
    CHECK(cf.debug == 7);
    CHECK(cf.rtprio == 20);
    CHECK(cf.hbgenmethod == HbGenMethod::time);
    CHECK(cf.msgfmt == MsgFmt::netstring);
    CHECK(cf.uuidfrom == UuidFrom::nodename);
    CHECK(cf.max_rexmit_delay_ms == 400);
    CHECK(cf.use_logd);
    CHECK_FALSE(cf.syslogmsgfmt);
    CHECK_FALSE(cf.log_badpack);
    CHECK(cf.logfile == "/var/log/ha-log");
    CHECK(cf.debugfile == "/var/log/ha-debug");
    CHECK(cf.watchdog == "/dev/watchdog");
    CHECK(cf.env == std::vector<std::pair<std::string, std::string>>{{"A", "1"}, {"B", "x=y"}});
    CHECK(parse_ha(base_plus("watchdog /dev/a\nwatchdog /dev/b\nenv =x\n")).errors()
          == Strings{"ha.cf:6: Watchdog device multiply specified.",
                     "ha.cf:7: env: invalid nvpair(=x): expected NAME=value"});
}

TEST_CASE("logging targets: use_logd default and the 3.0.6 checks")
{
    // No log target: logd is used.
    auto p = parse_ha("node node1\nbcast eth0\nauto_failback on\n");
    CHECK(p.errors().empty());
    CHECK(p.cf.use_logd);
    CHECK(p.cf.parameter("use_logd") == "yes");
    // No target and use_logd off is an error; "none" is facility 0, no target.
    CHECK(parse_ha("node node1\nbcast eth0\nauto_failback on\nuse_logd no\n").errors()
          == Strings{"ha.cf:4: No log entry found in ha.cf and use_logd is set to off"});
    CHECK(parse_ha("node node1\nbcast eth0\nauto_failback on\nlogfacility none\nuse_logd off\n").errors()
          == Strings{"ha.cf:5: No log entry found in ha.cf and use_logd is set to off"});
    // The lab setup: files plus facility none, logd off.
    p = parse_ha("logfile /var/log/ha-log\ndebugfile /var/log/ha-debug\nlogfacility none\nuse_logd no\n"
                 "node node1\nbcast eth0\nauto_failback on\n");
    CHECK(p.errors().empty());
    CHECK_FALSE(p.cf.use_logd);
    // A syslog facility makes unset log files /dev/null (parameters only).
    p = parse_ha(hbtest::kBase);
    CHECK(p.cf.parameter("logfile") == "/dev/null");
    CHECK(p.cf.parameter("debugfile") == "/dev/null");
    CHECK(p.cf.logfile.empty());
    CHECK_FALSE(p.cf.use_logd);
}

TEST_CASE("Pacemaker and autojoin cannot be switched on")
{
    CHECK(parse_ha(base_plus("crm on\n")).errors()
          == Strings{"ha.cf:5: crm/pacemaker mode is not supported by heartbeatd (haresources/R1 mode only); remove "
                     "the line or set it to off"});
    CHECK(parse_ha(base_plus("crm respawn\n")).errors().size() == 1);
    CHECK(parse_ha(base_plus("pacemaker yes\n")).errors().size() == 1);
    CHECK(parse_ha(base_plus("pacemaker valgrind\n")).errors().size() == 1);
    CHECK(parse_ha(base_plus("crm maybe\n")).errors() == Strings{"ha.cf:5: Invalid crm directive [maybe]"});
    CHECK(parse_ha(base_plus("crm off\n")).errors().empty());
    CHECK(parse_ha(base_plus("crm false\n")).cf.parameter("pacemaker") == "false");
    CHECK(parse_ha(base_plus("crm off\npacemaker off\n")).errors()
          == Strings{"ha.cf:6: pacemaker/crm directive used multiple times!"});
    CHECK(parse_ha(base_plus("pacemaker off\ncrm_daemon_dir /x\n")).errors()
          == Strings{"ha.cf:6: If you specify crm_daemon_dir, it must come before the pacemaker directive"});
    CHECK(parse_ha(base_plus("autojoin any\n")).errors()
          == Strings{"ha.cf:5: autojoin any is not supported by heartbeatd: R1 style resource management conflicts "
                     "with autojoin; remove the line or set it to none"});
    CHECK(parse_ha(base_plus("autojoin other\n")).errors().size() == 1);
    CHECK(parse_ha(base_plus("autojoin None\n")).errors().empty());
    CHECK(parse_ha(base_plus("autojoin some\n")).errors() == Strings{"ha.cf:5: Invalid autojoin directive [some]"});
}

TEST_CASE("accepted-and-ignored directives still get their values checked")
{
    CHECK(parse_ha(base_plus("compression lzo\ncompression_threshold 0\ncoredumps maybe\nconn_logd_time 0\n")).errors()
          == Strings{"ha.cf:5: Invalid compression [lzo]: expected zlib or bz2",
                     "ha.cf:6: Invalid directive value [0]: expected a positive integer",
                     "ha.cf:7: Invalid directive value [maybe]: expected yes/no, on/off, true/false, y/n or 1/0",
                     "ha.cf:8: Invalid conn_logd_time [0]: must be greater than 0"});
}

TEST_CASE("stonith and stonith_host")
{
    auto p = parse_ha(base_plus("stonith baytech /etc/ha.d/conf/stonith baytech\n"
                                "stonith_host *     baytech 10.0.0.3 mylogin mysecretpassword\n"
                                "stonith_host NODE1 rps10 /dev/ttyS1 node2 0\n"
                                "stonith_host node2 rps10 /dev/ttyS1 node1 0\n"));
    CHECK(p.errors().empty());
    REQUIRE(p.cf.stonith.size() == 1);
    CHECK(p.cf.stonith[0].type == "baytech");
    CHECK(p.cf.stonith[0].config_file == "/etc/ha.d/conf/stonith baytech");
    REQUIRE(p.cf.stonith_hosts.size() == 2);  // node2's line is not for us
    CHECK(p.cf.stonith_hosts[0].host == "*");
    CHECK(p.cf.stonith_hosts[0].params == Strings{"10.0.0.3", "mylogin", "mysecretpassword"});
    CHECK(p.cf.stonith_hosts[1].host == "node1");
    CHECK(p.cf.stonith_hosts[1].type == "rps10");
    CHECK(p.cf.stonith_hosts[1].line == 7);
    CHECK(parse_ha(base_plus("stonith\nstonith baytech\nstonith_host\nstonith_host *\nstonith_host node9\n")).errors()
          == Strings{"ha.cf:5: No Stonith type given",
                     "ha.cf:6: Invalid Stonith config file [] (expected: stonith TYPE CONFIGFILE)",
                     "ha.cf:7: No Stonith hostname argument given", "ha.cf:8: No Stonith type given"});
}

TEST_CASE("respawn, failfast and apiauth")
{
    auto p = parse_ha(base_plus("failfast hacluster /usr/lib/heartbeat/dopd -v -x\n"
                                "apiauth dopd gid=haclient uid=hacluster,root\n"
                                "apiauth ping uid=alanr,root gid=haclient\n"));
    CHECK(p.errors().empty());
    REQUIRE(p.cf.clients.size() == 1);
    CHECK(p.cf.clients[0].failfast);
    CHECK(p.cf.clients[0].args == Strings{"-v", "-x"});
    // Ours first, then 3.0.6's defaults for the clients not named.
    REQUIRE(p.cf.apiauth.size() == 6);
    CHECK(p.cf.apiauth[0].client == "dopd");
    CHECK(p.cf.apiauth[0].uids == Strings{"hacluster", "root"});
    CHECK(p.cf.apiauth[0].gids == Strings{"haclient"});
    CHECK(p.cf.apiauth[1].client == "ping");
    CHECK(p.cf.apiauth[1].uids == Strings{"alanr", "root"});
    CHECK(p.cf.apiauth[2].client == "ipfail");
    CHECK(p.cf.apiauth[2].uids == Strings{"hacluster"});
    CHECK(p.cf.apiauth[2].line == 0);
    CHECK(p.cf.apiauth[5].client == "anon");
    CHECK(p.cf.apiauth[5].gids == Strings{"haclient"});

    p = parse_ha(base_plus("respawn hacluster ipfail\n"
                           "respawn hacluster\n"
                           "respawn\n"
                           "apiauth ipfail\n"
                           "apiauth ipfail uid=a uid=b\n"
                           "apiauth ipfail user=a\n"
                           "apiauth x uid=a\n"
                           "apiauth x gid=b\n"));
    CHECK(p.errors()
          == Strings{"ha.cf:5: Client child command [ipfail] is not full pathname",
                     "ha.cf:6: Client child command [] is not full pathname",
                     "ha.cf:7: respawn: missing user and program (expected: respawn USER /PATH [ARGS...])",
                     "ha.cf:8: Invalid apiauth directive [ipfail] (expected: apiauth CLIENT [uid=UID,...] [gid=GID,...])",
                     "ha.cf:9: Duplicate uid list in apiauth", "ha.cf:10: Missing uid or gid in apiauth (got [user=a])",
                     "ha.cf:12: Duplicate apiauth directive for API client x: [x gid=b] (first at line 11)"});
}

TEST_CASE("hbparameter values are the text as written, last one wins")
{
    const auto p = parse_ha(base_plus("deadtime 10\ndeadtime 12\nkeepalive 1500ms\n"));
    CHECK(p.cf.parameter("deadtime") == "12");
    CHECK(p.cf.parameter("keepalive") == "1500ms");
    CHECK(p.cf.deadtime == Duration(12000));
    // A rejected value is not recorded.
    CHECK(parse_ha(base_plus("hopfudge 999\n")).cf.parameter("hopfudge") == "1");
}

TEST_CASE("too many media")
{
    std::string text = "node node1\nauto_failback on\nlogfacility local0\n";
    for (int i = 0; i < 65; ++i) {
        text += "bcast eth" + std::to_string(i) + "\n";
    }
    const auto p = parse_ha(text);
    CHECK(p.errors() == Strings{"ha.cf:68: Too many media specified (> 64)"});
    CHECK(p.cf.media.size() == 64);
}

TEST_CASE("the remaining messages, pinned")
{
    const std::string long_user(64, 'u');
    const std::string long_host(100, 'h');
    const auto p = parse_ha(base_plus("ucast6\n"                                        // 5
                                      "mcast6 eth0 ff02::1\n"                           // 6
                                      "mcast6 eth0 ff02::1 0 1 x\n"                     // 7
                                      "respawn " + long_user + " /bin/true\n"           // 8
                                      "apiauth " + std::string(64, 'c') + " uid=a\n"    // 9
                                      "apiauth y gid=a gid=b\n"                         // 10
                                      "stonith_host " + long_host + " t\n"              // 11
                                      "use_logd perhaps\n"                              // 12
                                      "pacemaker off\n"                                 // 13
                                      "crmd_spawns_pengine maybe\n"                     // 14
                                      "ucast eth0:1 192.0.2.2\n"                        // 15
                                      "mcast6\n"));                                     // 16
    CHECK(p.errors()
          == Strings{"ha.cf:5: ucast6 statement without device", "ha.cf:6: mcast6 [eth0] missing port",
                     "ha.cf:7: mcast6 [eth0] bad port [0] (expected 1 to 65535)",
                     "ha.cf:7: mcast6 [eth0] bad loop [x] (expected 0 or 1)",
                     "ha.cf:8: UID specified for client child is too long",
                     "ha.cf:9: client name [" + std::string(64, 'c') + "] too long",
                     "ha.cf:10: Duplicate gid list in apiauth", "ha.cf:11: Stonith hostname too long",
                     "ha.cf:12: Invalid use_logd [perhaps]: expected yes/no, on/off, true/false, y/n or 1/0",
                     "ha.cf:14: If you specify crmd_spawns_pengine, it must come before the pacemaker directive",
                     "ha.cf:14: Invalid directive value [maybe]: expected yes/no, on/off, true/false, y/n or 1/0",
                     "ha.cf:15: ucast device [eth0:1] is not a valid interface name",
                     "ha.cf:16: mcast6 statement without device"});
}

TEST_CASE("more than 100 nodes")
{
    std::string text = "bcast eth0\nauto_failback on\nlogfacility local0\nnode node1\n";
    for (int i = 0; i < 100; ++i) {
        text += "node n" + std::to_string(i) + "\n";
    }
    const auto p = parse_ha(text);
    CHECK(p.errors() == Strings{"ha.cf:104: Too many nodes (> 100)"});
    CHECK(p.cf.nodes.size() == 100);
}
