#include <doctest/doctest.h>

#include <algorithm>

#include "res/script_env.h"

using namespace hb;
using namespace hb::res;

namespace {
bool has(const std::vector<std::string>& env, const std::string& kv)
{
    return std::find(env.begin(), env.end(), kv) != env.end();
}
config::Config cfg()
{
    config::Config c;
    c.local_node = "Node1";
    c.ha.logfile = "/var/log/ha-log";
    c.ha.auto_failback = config::AutoFailback::on;
    c.ha.env = {{"FOO", "bar"}};
    return c;
}
}  // namespace

TEST_CASE("scripts get 3.0.6's environment and nothing from ours")
{
    auto env = script_environment(cfg(), ScriptPaths{}, 0);
    CHECK(has(env, "HA_DIR=/etc/ha.d"));
    CHECK(has(env, "HA_FUNCS=/etc/ha.d/shellfuncs"));
    CHECK(has(env, "OCF_ROOT=/usr/lib/ocf"));
    CHECK(has(env, "HA_CURHOST=node1"));
    CHECK(has(env, "HA_LOGFILE=/var/log/ha-log"));
    CHECK(has(env, "HA_DEBUGLOG="));
    CHECK(has(env, "HA_NICEFAILBACK=yes"));
    CHECK(has(env, "HA_RSCTMP=/run/heartbeat/rsctmp"));
    CHECK(has(env, "FOO=bar"));
    CHECK_FALSE(std::any_of(env.begin(), env.end(), [](const std::string& s) { return s.rfind("HA_debug=", 0) == 0; }));
    CHECK(has(script_environment(cfg(), ScriptPaths{}, 2), "HA_debug=2"));
}

TEST_CASE("script lookup and call form: resource.d first, then init.d; args then action")
{
    ScriptPaths p;
    CHECK(script_candidates("IPaddr", p) == std::vector<std::string>{"/etc/ha.d/resource.d/IPaddr", "/etc/init.d/IPaddr"});
    CHECK(script_candidates("../../bin/sh", p).empty());
    ScriptCall c{"Filesystem::/dev/loop0::/srv::ext4", "Filesystem", {"/dev/loop0", "/srv", "ext4"}, "start"};
    CHECK(script_argv("/etc/ha.d/resource.d/Filesystem", c)
        == std::vector<std::string>{"/etc/ha.d/resource.d/Filesystem", "/dev/loop0", "/srv", "ext4", "start"});
    ScriptCall bare{"lighttpd", "lighttpd", {}, "status"};
    CHECK(script_argv("/etc/init.d/lighttpd", bare) == std::vector<std::string>{"/etc/init.d/lighttpd", "status"});
}

TEST_CASE("rc.d hooks get every string field as HA_<name>")
{
    wire::Message m("ip-request");
    m.add("ipaddr", "192.0.2.100");
    m.add("src", "node2");
    m.add("srcuuid", std::string(16, '\x01'), wire::FieldType::binary);
    m.add("bad name", "x");
    auto env = hook_environment(cfg(), ScriptPaths{}, 0, m, "active");
    CHECK(has(env, "HA_t=ip-request"));
    CHECK(has(env, "HA_ipaddr=192.0.2.100"));
    CHECK(has(env, "HA_src=node2"));
    CHECK(has(env, "HA_OSTATUS=active"));
    CHECK_FALSE(std::any_of(env.begin(), env.end(), [](const std::string& s) { return s.rfind("HA_srcuuid", 0) == 0; }));
    CHECK_FALSE(std::any_of(env.begin(), env.end(), [](const std::string& s) { return s.rfind("HA_bad", 0) == 0; }));
}

TEST_CASE("Debian's stock rc.d scripts are recognised by name and content")
{
    CHECK(is_stock_rc_script("status", "1f1d6edbf0dee327cca9d43a047cd9265ede139654e906531e5563217295b4a5"));
    CHECK_FALSE(is_stock_rc_script("status", "0000"));
    CHECK_FALSE(is_stock_rc_script("ip-request", "1f1d6edbf0dee327cca9d43a047cd9265ede139654e906531e5563217295b4a5"));
}
