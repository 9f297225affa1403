// Whole-configuration assembly and the machine checks, with a fake probe.
#include <doctest/doctest.h>

#include <map>
#include <set>

#include "config/assemble.h"

using namespace hb;
using namespace hb::config;
using Strings = std::vector<std::string>;

namespace {

class FakeProbe : public SystemProbe {
public:
    std::set<std::string> interfaces{"eth0", "eth1"};
    std::map<std::string, DeviceKind> devices{{"/dev/ttyS0", DeviceKind::char_device},
                                              {"/tmp/file", DeviceKind::other}};
    std::set<std::string> users{"hacluster", "root"};
    std::set<std::string> programs{"/usr/lib/heartbeat/ipfail"};
    std::map<std::string, std::string> hosts4{{"node2.example.com", "192.0.2.2"}, {"gw", "192.0.2.254"}};
    std::map<std::string, std::string> hosts6{{"gw6", "2001:db8::fe"}};
    std::set<std::string, std::less<>> scripts{"IPaddr", "paDummy"};

    bool interface_exists(const std::string& n) const override { return interfaces.count(n) != 0; }
    DeviceKind device_kind(const std::string& p) const override
    {
        auto it = devices.find(p);
        return it == devices.end() ? DeviceKind::missing : it->second;
    }
    bool user_exists(const std::string& n) const override { return users.count(n) != 0; }
    bool executable(const std::string& p) const override { return programs.count(p) != 0; }
    std::optional<std::string> resolve(const std::string& h, bool v6) const override
    {
        const auto& hosts = v6 ? hosts6 : hosts4;
        auto it = hosts.find(h);
        if (it == hosts.end()) {
            return std::nullopt;
        }
        return it->second;
    }
    bool resource_script(std::string_view n) const override { return scripts.find(n) != scripts.end(); }
};

const char* const kHaCf = "logfacility local0\n"
                          "keepalive 1\n"
                          "deadtime 10\n"
                          "auto_failback on\n"
                          "bcast eth0 eth1\n"  // two links: no split-brain warning
                          "node node1 node2\n";
const char* const kKeys = "auth 1\n1 sha1 secret\n";
const char* const kRes = "node1 192.0.2.100 paDummy::alpha\nnode2 paDummy::beta\n";

ConfigSources sources(std::string_view ha, std::string_view keys, std::string_view res, unsigned mode = 0600)
{
    ConfigSources s;
    s.ha_cf = ha;
    s.authkeys = keys;
    s.authkeys_mode = mode;
    s.haresources = res;
    return s;
}

HaCfContext node1() { return HaCfContext{"node1", 694}; }

Strings strs(const Diagnostics& d)
{
    Strings out;
    for (const auto& x : d) {
        out.push_back(x.str());
    }
    return out;
}

}  // namespace

TEST_CASE("a clean configuration assembles")
{
    const FakeProbe probe;
    const auto a = assemble_config(sources(kHaCf, kKeys, kRes), node1(), &probe);
    CHECK(a.diagnostics.empty());
    REQUIRE(a.config);
    CHECK(a.config->local_node == "node1");
    CHECK(a.config->ha.nodes == Strings{"node1", "node2"});
    CHECK(a.config->keys.active == 1);
    CHECK(a.config->resources.groups.size() == 2);
    // Without a probe, the same texts assemble too (no machine checks).
    CHECK(assemble_config(sources(kHaCf, kKeys, kRes), node1()).config.has_value());
}

TEST_CASE("problems in all three files are reported in one run, and no Config")
{
    const FakeProbe probe;
    const auto a = assemble_config(sources(std::string(kHaCf) + "keepalive 6\n", "auth 2\n1 crc\n",
                                           "node3 paDummy::x\nnode1 httpd\n", 0640),
                                   node1(), &probe);
    CHECK_FALSE(a.config.has_value());
    CHECK(strs(a.diagnostics)
          == Strings{"ha.cf:3: Dead time [10000] is too small compared to keeplive [6000]",
                     "authkeys: Bad permissions on keyfile [authkeys], 600 recommended.",
                     "authkeys:1: Auth Key [2] not found in keyfile [authkeys]",
                     "haresources:1: Bad nodename in haresources [node3]",
                     "haresources:2: Cannot locate resource script httpd"});
}

TEST_CASE("warnings alone do not stop the Config")
{
    const auto a = assemble_config(sources("node node1\nbcast eth0\nlogfacility local0\n", kKeys, "node1 paDummy\n"),
                                   node1());
    REQUIRE(a.config);
    REQUIRE(a.diagnostics.size() == 1);
    CHECK(a.diagnostics[0].severity == Severity::warning);
}

TEST_CASE("machine checks: interfaces, devices, users, programs, host names")
{
    const FakeProbe probe;
    const std::string ha = std::string(kHaCf)
                           + "bcast eth9\n"                              // 7
                             "ucast eth1 node2.example.com\n"            // 8
                             "ucast eth0 nowhere.example.com\n"          // 9
                             "mcast eth7 239.1.1.1 694 1 0\n"            // 10
                             "serial /dev/ttyS0 /dev/ttyS9 /tmp/file\n"  // 11
                             "ping gw 192.0.2.253\n"                     // 12
                             "ping_group pg gw lost.example.com\n"       // 13
                             "ping6 lost6.example.com\n"                 // 14
                             "respawn nobody /usr/lib/heartbeat/ipfail\n"  // 15
                             "respawn hacluster /usr/lib/heartbeat/none\n"  // 16
                             "respawn hacluster /usr/lib/heartbeat/ipfail\n"  // 17
                             "ucast6 eth8 2001:db8::2\n";                // 18
    const auto a = assemble_config(sources(ha, kKeys, kRes), node1(), &probe);
    CHECK_FALSE(a.config.has_value());
    CHECK(strs(a.diagnostics)
          == Strings{"ha.cf:7: IP interface [eth9] does not exist",
                     "ha.cf:9: ucast: cannot resolve hostname [nowhere.example.com]",
                     "ha.cf:10: mcast device [eth7] is invalid or not set up properly",
                     "ha.cf:11: Nonexistent serial port [/dev/ttyS9] in config file",
                     "ha.cf:11: Serial port [/tmp/file] not a char device in config file",
                     "ha.cf:18: ucast6 device [eth8] is invalid or not set up properly",
                     "ha.cf:13: unknown host: lost.example.com", "ha.cf:14: unknown host: lost6.example.com",
                     "ha.cf:15: Invalid uid [nobody] specified for client child",
                     "ha.cf:16: Client child command [/usr/lib/heartbeat/none] is not executable"});
}

TEST_CASE("host names are resolved into the Config")
{
    const FakeProbe probe;
    const auto a = assemble_config(
        sources(std::string(kHaCf) + "ucast eth1 node2.example.com\nping gw\nping6 gw6\n", kKeys, kRes), node1(),
        &probe);
    REQUIRE(a.config);
    const auto& m = a.config->ha.media[2];
    CHECK(m.address == "192.0.2.2");
    CHECK(m.host == "node2.example.com");
    CHECK(a.config->ha.ping_nodes[0].name == "gw");
    CHECK(a.config->ha.ping_nodes[1].name == "gw6");
    CHECK(a.config->ha.ping_nodes[0].addresses == Strings{"192.0.2.254"});
    CHECK(a.config->ha.ping_nodes[1].addresses == Strings{"2001:db8::fe"});
}

TEST_CASE("the local node name: nodeinfo's first line if newline-terminated, else uname -n")
{
    CHECK(local_node_name("Node1", std::nullopt) == "node1");
    CHECK(local_node_name("host", std::string_view("Alpha\nbeta\n")) == "alpha");
    CHECK(local_node_name("host", std::string_view("alpha\r\n")) == "alpha");
    CHECK(local_node_name("Host", std::string_view("alpha")) == "host");  // 3.0.6 ignores it
    CHECK(local_node_name("host", std::string_view("\n")) == "host");
    CHECK(local_node_name("host", std::string_view("")) == "host");
}
