#include <doctest/doctest.h>

#include "config/haresources.h"

using namespace hb;
using namespace hb::config;
using Strings = std::vector<std::string>;

namespace {

struct Parsed {
    Haresources r;
    Diagnostics diags;
    Strings all() const
    {
        Strings out;
        for (const auto& d : diags) {
            out.push_back(d.str());
        }
        return out;
    }
};

Parsed parse(std::string_view text, const Strings& nodes = {"node1", "node2"})
{
    Parsed p;
    DiagSink sink(p.diags, "haresources");
    p.r = parse_haresources(text, sink);
    check_resource_nodes(p.r, nodes, sink);
    return p;
}

}  // namespace

TEST_CASE("haresources: the lab's two groups")
{
    const auto p = parse("node1 192.0.2.100 paDummy::alpha       # node name first\n"
                         "node2 Filesystem::/dev/drbd0::/data::ext3 drbddisk::r0\n");
    CHECK(p.diags.empty());
    REQUIRE(p.r.groups.size() == 2);
    const auto& g1 = p.r.groups[0];
    CHECK(g1.node == "node1");
    CHECK(g1.key == "192.0.2.100");
    CHECK(g1.line == 1);
    REQUIRE(g1.resources.size() == 2);
    CHECK(g1.resources[0].spec == "192.0.2.100");
    CHECK(g1.resources[0].script == "IPaddr");
    CHECK(g1.resources[0].args == Strings{"192.0.2.100"});
    CHECK(g1.resources[1].script == "paDummy");
    CHECK(g1.resources[1].args == Strings{"alpha"});
    const auto& g2 = p.r.groups[1];
    CHECK(g2.key == "Filesystem::/dev/drbd0::/data::ext3");
    CHECK(g2.resources[0].script == "Filesystem");
    CHECK(g2.resources[0].args == Strings{"/dev/drbd0", "/data", "ext3"});
    CHECK(g2.resources[1].args == Strings{"r0"});
    CHECK(find_group(p.r, "drbddisk::r0") == nullptr);
    CHECK(find_group(p.r, "Filesystem::/dev/drbd0::/data::ext3") == &g2);
}

TEST_CASE("haresources: Debian's examples")
{
    const auto p = parse("#just.linux-ha.org\t135.9.216.110\n"
                         "just.linux-ha.org\t135.9.216.110 135.9.215.111 135.9.216.112 httpd\n"
                         "Node1  135.9.216.3/28/eth0/135.9.216.12 http\n"
                         "node2  10.0.0.170 Filesystem::/dev/sda1::/data1::ext2\n",
                         {"just.linux-ha.org", "node1", "node2"});
    CHECK(p.diags.empty());
    REQUIRE(p.r.groups.size() == 3);
    CHECK(p.r.groups[0].node == "just.linux-ha.org");
    CHECK(p.r.groups[0].line == 2);
    CHECK(p.r.groups[0].resources.size() == 4);
    CHECK(p.r.groups[0].resources[3].script == "httpd");
    CHECK(p.r.groups[0].resources[3].args.empty());
    CHECK(p.r.groups[1].node == "node1");
    CHECK(p.r.groups[1].resources[0].script == "IPaddr");
    CHECK(p.r.groups[1].resources[0].args == Strings{"135.9.216.3/28/eth0/135.9.216.12"});
    CHECK(p.r.groups[2].resources[1].args == Strings{"/dev/sda1", "/data1", "ext2"});
}

TEST_CASE("haresources: continuation lines join as ResourceManager's sed joins them")
{
    const auto p = parse("\n"
                         "node1 192.0.2.100 \\\n"
                         "\t  paDummy::alpha \\\n"
                         "   httpd\n"
                         "node2 a\\\n"
                         "b\n");
    CHECK(p.diags.empty());
    REQUIRE(p.r.groups.size() == 2);
    CHECK(p.r.groups[0].line == 2);
    REQUIRE(p.r.groups[0].resources.size() == 3);
    CHECK(p.r.groups[0].resources[2].script == "httpd");
    // No blank is inserted where the backslash was.
    CHECK(p.r.groups[1].key == "ab");
    CHECK(p.r.groups[1].line == 5);
}

TEST_CASE("haresources: errors name the first line of the entry")
{
    const auto p = parse("node1 192.0.2.100 \\\n"
                         "  10.0.0.300 \\\n"
                         "  ::x\n"
                         "NODE3 httpd\n"
                         "node2\n"
                         "node2 192.0.2.100\n"
                         "node2 10.1.2.3::x ../bin/sh\n");
    CHECK(p.all()
          == Strings{"haresources:1: Bad resource [10.0.0.300]: bad IP address [10.0.0.300]",
                     "haresources:1: Bad resource [::x]: no script name", "haresources:5: Node [node2] has no resources",
                     "haresources:6: Duplicate resource group [192.0.2.100] (also at line 1): the first resource names "
                     "the group and must be unique",
                     "haresources:7: Bad resource [10.1.2.3::x]: an address takes no '::' arguments; write "
                     "IPaddr::10.1.2.3::x",
                     "haresources:7: Bad resource [../bin/sh]: a script name cannot contain '/'",
                     "haresources:4: Bad nodename in haresources [node3]"});
}

TEST_CASE("haresources: comments and blanks")
{
    const auto p = parse("# whole line\n"
                         "   \t\n"
                         "node1\t\t192.0.2.100\t paDummy::alpha::::beta# trailing\r\n");
    CHECK(p.diags.empty());
    REQUIRE(p.r.groups.size() == 1);
    CHECK(p.r.groups[0].resources[1].args == Strings{"alpha", "beta"});  // empty arguments vanish
    CHECK(p.r.groups[0].line == 3);

    // ResourceManager keeps comments on continued lines: warn about it.
    const auto q = parse("node1 192.0.2.100 \\\n  httpd # web server\n");
    CHECK(q.all()
          == Strings{"haresources:2: warning: comment on a continued line: Heartbeat 3.0.6's ResourceManager would "
                     "read its words as resources"});
    CHECK(q.r.groups[0].resources.size() == 2);
    CHECK(parse("node1 httpd \\").all() == Strings{"haresources:1: warning: continuation backslash on the last line"});
}

TEST_CASE("ResourceManager's isip() pattern")
{
    CHECK(looks_like_ip("192.0.2.1"));
    CHECK(looks_like_ip("10.0.0.1/24/eth0/10.0.0.255"));
    CHECK(looks_like_ip("1.2.3.4x"));
    CHECK(looks_like_ip("1a.2.3.4"));
    CHECK_FALSE(looks_like_ip("1.2.3"));
    CHECK_FALSE(looks_like_ip("1.2.3.x"));
    CHECK_FALSE(looks_like_ip("a1.2.3.4"));
    CHECK_FALSE(looks_like_ip("IPaddr::1.2.3.4"));
    CHECK_FALSE(looks_like_ip(""));
}

TEST_CASE("resource scripts are looked up through the loader's predicate")
{
    const auto p = parse("node1 192.0.2.100 httpd paDummy::a\nnode2 192.0.2.101 httpd\n");
    REQUIRE(p.diags.empty());
    Diagnostics d;
    DiagSink sink(d, "haresources");
    Strings asked;
    const bool ok = check_resource_scripts(
        p.r,
        [&](std::string_view s) {
            asked.emplace_back(s);
            return s != "httpd";
        },
        sink);
    CHECK_FALSE(ok);
    REQUIRE(d.size() == 1);  // once, at the first group using it
    CHECK(d[0].str() == "haresources:1: Cannot locate resource script httpd");
    CHECK(asked == Strings{"IPaddr", "httpd", "paDummy", "IPaddr"});
    Diagnostics none;
    DiagSink all_found(none, "haresources");
    CHECK(check_resource_scripts(p.r, [](std::string_view) { return true; }, all_found));
    CHECK(none.empty());
}
