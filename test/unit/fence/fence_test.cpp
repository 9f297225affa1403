#include <doctest/doctest.h>

#include "fence/fence.h"

using namespace hb;
using namespace hb::fence;

TEST_CASE("fence: devices_for keeps stonith lines and stonith_host lines for this node or *")
{
    config::Config c;
    c.ha.stonith_hosts = {{"node2", "null", {"node1"}, 3}, {"*", "external/ssh", {"hostlist=a b"}, 4},
        {"node1", "meatware", {"node2"}, 5}};
    c.ha.stonith = {{"baytech", "/etc/ha.d/baytech.cfg", 2}};
    auto d = devices_for(c, "NODE1");
    REQUIRE(d.size() == 3);
    CHECK(d[0].type == "baytech");
    CHECK(d[0].config_file == "/etc/ha.d/baytech.cfg");
    CHECK(d[1].type == "external/ssh");
    CHECK(d[2].type == "meatware");
    CHECK(devices_for(config::Config{}, "node1").empty());
}

TEST_CASE("fence: kind_of picks built-in, external, fence agent or cluster-glue")
{
    CHECK(kind_of("null") == Kind::builtin);
    CHECK(kind_of("meatware") == Kind::builtin);
    CHECK(kind_of("suicide") == Kind::builtin);
    CHECK(kind_of("ssh") == Kind::builtin);
    CHECK(kind_of("external/ipmi") == Kind::external);
    CHECK(kind_of("fence_ipmilan") == Kind::fence_agent);
    CHECK(kind_of("rps10") == Kind::glue);
}

TEST_CASE("fence: parameter words are name=value (continued by plain words) or all positional")
{
    auto n = parse_words({"hostlist=a b", "x=1"});
    CHECK(n.positional.empty());
    REQUIRE(n.named.size() == 2);
    CHECK(n.named[0] == std::pair<std::string, std::string>{"hostlist", "a b"});
    auto p = parse_words({"node1", "node2"});
    CHECK(p.named.empty());
    CHECK(p.positional == std::vector<std::string>{"node1", "node2"});
    auto m = parse_words({"/dev/ttyS1", "node2", "a=0"});
    CHECK(m.positional.size() == 3);
    auto cont = parse_words({"hostlist=a", "b", "x=1"});
    REQUIRE(cont.named.size() == 2);
    CHECK(cont.named[0].second == "a b");
    CHECK(cont.named[1].second == "1");
}

TEST_CASE("fence: a name=value parameter file is read with inih, comments and blanks skipped")
{
    std::string err;
    auto p = parse_param_file("# switch\nipaddr = 192.0.2.9\n\n; note\nuserid=admin\n", err);
    REQUIRE(p);
    REQUIRE(p->named.size() == 2);
    CHECK(p->named[0] == std::pair<std::string, std::string>{"ipaddr", "192.0.2.9"});
    CHECK(p->named[1] == std::pair<std::string, std::string>{"userid", "admin"});
    CHECK(p->positional.empty());
}

TEST_CASE("fence: a parameter file without = holds positional words")
{
    std::string err;
    auto p = parse_param_file("node1 node2\n# c\nnode3\n", err);
    REQUIRE(p);
    CHECK(p->positional == std::vector<std::string>{"node1", "node2", "node3"});
}

TEST_CASE("fence: a bad parameter file names its line")
{
    std::string err;
    CHECK_FALSE(parse_param_file("a=1\nnonsense line\n", err));
    CHECK(err == "line 2: expected name=value");
}

TEST_CASE("fence: external plugin environment from named and positional parameters")
{
    std::string err;
    auto e = external_env(parse_words({"hostlist=n1 n2", "livedangerously=yes"}), {}, {"PATH=/bin"}, err);
    REQUIRE(e);
    CHECK(*e == std::vector<std::string>{"PATH=/bin", "hostlist=n1 n2", "livedangerously=yes"});
    auto pos = external_env(parse_words({"192.0.2.9", "admin", "n1", "n2"}), {"ipaddr", "user", "hostlist"}, {}, err);
    REQUIRE(pos);
    CHECK(*pos == std::vector<std::string>{"ipaddr=192.0.2.9", "user=admin", "hostlist=n1 n2"});
    CHECK_FALSE(external_env(parse_words({"bad-name=1"}), {}, {}, err));
    CHECK(err.find("bad-name") != std::string::npos);
    CHECK_FALSE(external_env(parse_words({"n1"}), {}, {}, err));
}

TEST_CASE("fence: fence agents get action, plug and the parameters on stdin")
{
    std::string err;
    auto s = fence_agent_stdin(parse_words({"ip=192.0.2.9", "username=a"}), fence_agent_action("reset"), "node2", err);
    REQUIRE(s);
    CHECK(*s == "action=reboot\nip=192.0.2.9\nusername=a\nplug=node2\n");
    CHECK_FALSE(fence_agent_stdin(parse_words({"n1", "n2"}), "reboot", "n", err));
    CHECK(fence_agent_action("status") == "monitor");
}

TEST_CASE("fence: gethosts output, results and descriptions")
{
    CHECK(parse_list("Node1\nnode2, node3\n", true) == std::vector<std::string>{"node1", "node2", "node3"});
    CHECK(glue_param_string(parse_words({"node1", "node2"})) == "node1 node2");
    CHECK(outcome_of_exit(0) == Outcome::ok);
    CHECK(outcome_of_exit(1) == Outcome::bad);
    CHECK(outcome_of_exit(3) == Outcome::badhost);
    CHECK(std::string(outcome_name(Outcome::ok)) == "OK");
    CHECK(describe("null") == "[NULL STONITH device]");
    CHECK(describe("external/ipmi") == "[external/ipmi]");
}
