#include <doctest/doctest.h>

#include <algorithm>

#include "convert/convert.h"

using namespace hb;
using namespace hb::convert;
using Strings = std::vector<std::string>;

namespace {

const char* const kHaCf = "keepalive 2\ndeadtime 30\nucast eth0 192.0.2.1\nucast eth0 192.0.2.2\nauto_failback on\n"
                          "node alice\nnode bob\n";

struct Run {
    Output out;
    Strings diags() const
    {
        Strings s;
        for (const auto& d : out.diagnostics) {
            s.push_back(d.str());
        }
        return s;
    }
    bool said(std::string_view part) const
    {
        const auto d = diags();
        return std::any_of(d.begin(), d.end(), [&](const std::string& x) { return x.find(part) != std::string::npos; });
    }
    const Primitive* prim(std::string_view id) const
    {
        for (const auto& g : out.model.groups) {
            for (const auto& p : g.members) {
                if (p.id == id) {
                    return &p;
                }
            }
        }
        for (const auto& c : out.model.clones) {
            if (c.child.id == id) {
                return &c.child;
            }
        }
        for (const auto& p : out.model.stonith) {
            if (p.id == id) {
                return &p;
            }
        }
        return nullptr;
    }
};

Run run(std::string_view haresources, std::string_view ha_cf = kHaCf, Options opt = {})
{
    Sources src;
    src.ha_cf = ha_cf;
    src.haresources = haresources;
    if (opt.node_addrs.empty() && ha_cf == kHaCf) {
        opt.node_addrs = {{"alice", {"192.0.2.1"}}, {"bob", {"192.0.2.2"}}};
    }
    return Run{hb::convert::convert(src, opt)};
}

Pairs params(const Run& r, std::string_view id)
{
    const Primitive* p = r.prim(id);
    REQUIRE(p != nullptr);
    return p->params;
}

std::string value(const Pairs& p, std::string_view name)
{
    for (const auto& [k, v] : p) {
        if (k == name) {
            return v;
        }
    }
    return "<unset>";
}

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("convert: a bare address is IPaddr with only ip")
{
    const auto r = run("alice 192.0.2.100\n");
    REQUIRE(r.out.ok);
    const auto p = params(r, "IPaddr_192.0.2.100");
    CHECK(p == Pairs{{"ip", "192.0.2.100"}});
    CHECK(r.prim("IPaddr_192.0.2.100")->agent() == "ocf:heartbeat:IPaddr");
}

TEST_CASE("convert: IPaddr ip/netmask/nic/broadcast as resource.d/IPaddr splits it")
{
    const auto p = params(run("alice IPaddr::192.0.2.100/24/eth1/192.0.2.255\n"), "IPaddr_192.0.2.100");
    CHECK(p == Pairs{{"ip", "192.0.2.100"}, {"cidr_netmask", "24"}, {"nic", "eth1"}, {"broadcast", "192.0.2.255"}});
}

TEST_CASE("convert: IPaddr's third field is the broadcast address when it starts with a digit")
{
    const auto p = params(run("alice IPaddr::192.0.2.100/24/192.0.2.127\n"), "IPaddr_192.0.2.100");
    CHECK(p == Pairs{{"ip", "192.0.2.100"}, {"cidr_netmask", "24"}, {"broadcast", "192.0.2.127"}});
}

TEST_CASE("convert: IPaddr2 nic:label becomes nic and iflabel, with the wrapper's lvs_support")
{
    const auto p = params(run("alice IPaddr2::192.0.2.100/24/eth0:web\n"), "IPaddr2_192.0.2.100");
    CHECK(p == Pairs{{"ip", "192.0.2.100"}, {"cidr_netmask", "24"}, {"nic", "eth0"}, {"iflabel", "web"},
                     {"lvs_support", "true"}});
}

TEST_CASE("convert: IPaddr with two arguments is an error naming the line")
{
    const auto r = run("\nalice IPaddr::192.0.2.1/24::x\n");
    CHECK_FALSE(r.out.ok);
    CHECK(r.said("haresources:2: IPaddr::192.0.2.1/24::x: IPaddr takes one argument"));
    CHECK(r.out.cib_xml.empty());
}

TEST_CASE("convert: Filesystem device::directory::fstype::options")
{
    const auto p = params(run("alice Filesystem::/dev/sdb1::/srv::ext4::noatime,ro\n"), "Filesystem_dev_sdb1");
    CHECK(p == Pairs{{"device", "/dev/sdb1"}, {"directory", "/srv"}, {"fstype", "ext4"}, {"options", "noatime,ro"}});
    CHECK(run("alice Filesystem::/dev/sdb1\n").said("Filesystem takes device::directory"));
}

TEST_CASE("convert: SendArp, MailTo, Delay and apache get named parameters")
{
    const auto r = run("alice SendArp::192.0.2.5/eth0 MailTo::root::moved Delay apache::/etc/apache2/apache2.conf\n");
    REQUIRE(r.out.ok);
    CHECK(params(r, "SendArp_192.0.2.5") == Pairs{{"ip", "192.0.2.5"}, {"nic", "eth0"}});
    CHECK(params(r, "MailTo") == Pairs{{"email", "root"}, {"subject", "moved"}});
    // resource.d/Delay's own default start delay is 10 (the agent's is 30).
    CHECK(params(r, "Delay_10") == Pairs{{"startdelay", "10"}});
    CHECK(params(r, "apache") == Pairs{{"configfile", "/etc/apache2/apache2.conf"}});
    CHECK(params(run("alice Delay::5::2\n"), "Delay_5") == Pairs{{"startdelay", "5"}, {"stopdelay", "2"}});
}

TEST_CASE("convert: an init script is a systemd (or lsb) resource in the line's order")
{
    auto r = run("alice 192.0.2.9 lighttpd cron\n");
    REQUIRE(r.out.model.groups.size() == 1);
    const auto& g = r.out.model.groups[0];
    REQUIRE(g.members.size() == 3);
    CHECK(g.members[1].agent() == "systemd:lighttpd");
    CHECK(g.members[2].id == "cron");
    Options o;
    o.init_class = InitClass::lsb;
    o.node_addrs = {{"alice", {"192.0.2.1"}}, {"bob", {"192.0.2.2"}}};
    CHECK(run("alice cron\n", kHaCf, o).out.model.groups[0].members[0].agent() == "lsb:cron");
}

TEST_CASE("convert: an init script with arguments, or an own resource.d script, is an error")
{
    CHECK(run("alice lighttpd::x\n").said("an init script takes no arguments"));
    Options o;
    o.where = [](std::string_view s) { return s == "mine" ? ScriptPlace::resource_d : ScriptPlace::init_d; };
    const auto r = run("alice mine\n", kHaCf, o);
    CHECK_FALSE(r.out.ok);
    CHECK(r.said("haresources:1: mine: resource.d/mine has no Pacemaker equivalent"));
}

TEST_CASE("convert: a script found nowhere is taken as a service, with a warning")
{
    Options o;
    o.where = [](std::string_view) { return ScriptPlace::unknown; };
    const auto r = run("alice ghost\n", kHaCf, o);
    CHECK(r.out.ok);
    CHECK(r.said("haresources:1: warning: ghost: not found"));
}

TEST_CASE("convert: one group per line, preferring the line's node")
{
    const auto r = run("alice 192.0.2.10 cron\nbob 192.0.2.11\n");
    REQUIRE(r.out.model.groups.size() == 2);
    CHECK(r.out.model.groups[0].id == "group_IPaddr_192.0.2.10");
    CHECK(r.out.model.groups[1].node == "bob");
    REQUIRE(r.out.model.locations.size() == 2);
    CHECK(r.out.model.locations[1].rsc == "group_IPaddr_192.0.2.11");
    CHECK(r.out.model.locations[1].node == "bob");
    CHECK(r.out.model.locations[1].score == "100");
}

TEST_CASE("convert: auto_failback off makes stickiness outweigh the location score")
{
    std::string off = kHaCf;
    off.replace(off.find("auto_failback on"), 16, "auto_failback off");
    Options o;
    o.node_addrs = {{"alice", {"192.0.2.1"}}, {"bob", {"192.0.2.2"}}};
    const auto r = run("alice 192.0.2.10\n", off, o);
    CHECK(r.out.model.stickiness > r.out.model.location_score);
    CHECK(contains(r.out.cib_xml, "name=\"resource-stickiness\" value=\"200\""));
    CHECK(run("alice 192.0.2.10\n").out.model.stickiness == 0);
}

TEST_CASE("convert: drbddisk becomes a promotable ocf:linbit:drbd clone the group follows")
{
    const auto r = run("alice drbddisk::r0 Filesystem::/dev/drbd0::/data::ext4\n");
    REQUIRE(r.out.ok);
    const auto& m = r.out.model;
    REQUIRE(m.clones.size() == 1);
    CHECK(m.clones[0].promotable);
    CHECK(m.clones[0].id == "drbd_r0-clone");
    CHECK(m.clones[0].child.agent() == "ocf:linbit:drbd");
    CHECK(value(m.clones[0].child.params, "drbd_resource") == "r0");
    REQUIRE(m.groups.size() == 1);
    CHECK(m.groups[0].members.size() == 1);  // drbd is not a group member
    REQUIRE(m.colocations.size() == 1);
    CHECK(m.colocations[0].with_rsc == "drbd_r0-clone");
    CHECK(m.colocations[0].with_role == "Promoted");
    REQUIRE(m.orders.size() == 1);
    CHECK(m.orders[0].first_action == "promote");
    CHECK(m.orders[0].then == m.groups[0].id);
}

TEST_CASE("convert: a line of drbddisk only prefers promoting it on the line's node")
{
    const auto r = run("bob drbddisk::r1\n");
    REQUIRE(r.out.ok);
    CHECK(r.out.model.groups.empty());
    REQUIRE(r.out.model.locations.size() == 1);
    const auto& l = r.out.model.locations[0];
    CHECK(l.rsc == "drbd_r1-clone");
    CHECK(l.role == "Promoted");
    CHECK(l.node == "bob");
    CHECK(contains(r.out.cib_xml, "<rule id=\"loc-drbd_r1-clone-promoted-on-bob-rule\" role=\"Promoted\" score=\"100\">"));
    CHECK(contains(r.out.crm, "drbd_r1-clone rule role=Promoted 100: #uname eq bob\n"));
    CHECK(contains(r.out.pcs, "role=Promoted score=100 '#uname' eq bob\n"));
}

TEST_CASE("convert: drbddisk after other resources warns; without a name it is an error")
{
    CHECK(run("alice 192.0.2.9 drbddisk::r0\n").said("warning: drbddisk::r0: in Pacemaker the whole group starts after"));
    CHECK(run("alice drbddisk 192.0.2.9\n").said("drbddisk needs the DRBD resource name"));
}

TEST_CASE("convert: ping nodes become one ping clone and a rule on every group")
{
    std::string cf = kHaCf;
    cf += "ping 192.0.2.254\nping_group gw 192.0.2.253 192.0.2.252\n";
    Options o;
    o.node_addrs = {{"alice", {"192.0.2.1"}}, {"bob", {"192.0.2.2"}}};
    const auto r = run("alice 192.0.2.10\nbob 192.0.2.11\n", cf, o);
    REQUIRE(r.out.ok);
    const auto* p = r.prim("ping");
    REQUIRE(p != nullptr);
    CHECK(p->agent() == "ocf:pacemaker:ping");
    CHECK(value(p->params, "host_list") == "192.0.2.254 192.0.2.253 192.0.2.252");
    CHECK(r.out.model.ping_rules.size() == 2);
    CHECK(contains(r.out.crm, "rule -inf: not_defined pingd or pingd number:lte 0"));
}

TEST_CASE("convert: stonith_host parameters named in cluster-glue's order, the last taking the rest")
{
    std::string cf = kHaCf;
    cf += "stonith_host alice external/ipmi bob 192.0.2.200 admin se cret lanplus\n"
          "stonith_host * external/ssh alice bob\n";
    Options o;
    o.node_addrs = {{"alice", {"192.0.2.1"}}, {"bob", {"192.0.2.2"}}};
    const auto r = run("alice 192.0.2.10\n", cf, o);
    REQUIRE(r.out.ok);
    const auto* p = r.prim("stonith-external_ipmi-alice");
    REQUIRE(p != nullptr);
    CHECK(p->agent() == "stonith:external/ipmi");
    CHECK(p->params == Pairs{{"hostname", "bob"}, {"ipaddr", "192.0.2.200"}, {"userid", "admin"}, {"passwd", "se"},
                             {"interface", "cret lanplus"}});
    CHECK(value(params(r, "stonith-external_ssh-any"), "hostlist") == "alice bob");
    // Heartbeat runs alice's device from alice only.
    const auto& locs = r.out.model.locations;
    CHECK(std::any_of(locs.begin(), locs.end(), [](const Location& l) {
        return l.rsc == "stonith-external_ipmi-alice" && l.node == "bob" && l.score == "-INFINITY";
    }));
    CHECK(contains(r.out.cib_xml, "name=\"stonith-enabled\" value=\"true\""));
}

TEST_CASE("convert: an unknown STONITH type or too few parameters is an error on its ha.cf line")
{
    std::string cf = kHaCf;
    cf += "stonith_host * nosuch a b\nstonith_host * external/ipmi bob 192.0.2.200\n";
    const auto r = run("alice 192.0.2.10\n", cf);
    CHECK(r.said("ha.cf:8: stonith_host: unknown STONITH type [nosuch]"));
    CHECK(r.said("ha.cf:9: stonith_host: external/ipmi needs 5 parameters"));
    CHECK_FALSE(r.out.ok);
}

TEST_CASE("convert: no stonith_host means stonith-enabled=false and a warning")
{
    const auto r = run("alice 192.0.2.10\n");
    CHECK(contains(r.out.cib_xml, "name=\"stonith-enabled\" value=\"false\""));
    CHECK(contains(r.out.cib_xml, "name=\"no-quorum-policy\" value=\"stop\""));
    CHECK(r.said("warning: no stonith_host"));
}

TEST_CASE("convert: with this node known, a ucast line gives the peer's address")
{
    Options o;
    o.local_node = "alice";
    o.node_addrs = {{"alice", {"192.0.2.1"}}};
    const auto r = run("alice 192.0.2.10\n", "ucast eth0 192.0.2.2\nnode alice bob\n", o);
    REQUIRE(r.out.ok);
    CHECK(r.out.model.nodes[1].addrs == Strings{"192.0.2.2"});
    CHECK(contains(r.out.corosync_conf, "name: bob\n\t\tnodeid: 2\n\t\tring0_addr: 192.0.2.2\n"));
}

TEST_CASE("convert: an address that cannot be derived is a marked placeholder and a warning")
{
    const auto r = run("alice 192.0.2.10\n", "bcast eth0\nserial /dev/ttyS0\nnode alice bob\n");
    REQUIRE(r.out.ok);
    CHECK(r.out.model.links.size() == 1);  // serial has no knet link
    CHECK(r.said("warning: serial /dev/ttyS0: Corosync has no serial links"));
    CHECK(r.said("address of bob on link 0 (eth0, bcast) unknown"));
    CHECK(contains(r.out.corosync_conf, "# PLACEHOLDER: the address of bob on link 0\n\t\tring0_addr: @ADDR-bob-link0@"));
}

TEST_CASE("convert: two ucast addresses and no hint stay unmatched placeholders")
{
    const auto r = run("alice 192.0.2.10\n", "ucast eth0 192.0.2.1\nucast eth0 192.0.2.2\nnode alice bob\n");
    CHECK(r.said("ucast addresses not matched to a node: 192.0.2.1 192.0.2.2"));
}

TEST_CASE("convert: corosync.conf has knet links per interface, deadtime as token, two_node")
{
    Options o;
    o.node_addrs = {{"alice", {"192.0.2.1", "198.51.100.1"}}, {"bob", {"192.0.2.2", "198.51.100.2"}}};
    const auto r = run("alice 192.0.2.10\n",
                       "deadtime 12\nucast eth0 192.0.2.2\nmcast eth1 239.0.0.1 694 1 0\nnode alice bob\n", o);
    REQUIRE(r.out.ok);
    const auto& c = r.out.corosync_conf;
    CHECK(contains(c, "\ttransport: knet\n"));
    CHECK(contains(c, "\ttoken: 12000\n"));
    CHECK(contains(c, "# link 1: Heartbeat medium eth1 (mcast 239.0.0.1)"));
    CHECK(contains(c, "\t\tlinknumber: 1\n"));
    CHECK(contains(c, "\t\tring1_addr: 198.51.100.2\n"));
    CHECK(contains(c, "\ttwo_node: 1\n"));
    CHECK_FALSE(contains(c, "@ADDR"));
}

TEST_CASE("convert: --addr for a node ha.cf does not list is an error")
{
    Options o;
    o.node_addrs = {{"carol", {"192.0.2.3"}}};
    CHECK(run("alice 192.0.2.10\n", kHaCf, o).said("--addr: [carol] is not a node of ha.cf"));
}

TEST_CASE("convert: ids are valid XML IDs and unique")
{
    CHECK(xml_id("/dev/sdb1") == "_dev_sdb1");
    CHECK(xml_id("-x") == "r_-x");
    CHECK(xml_id("192.0.2.1") == "r_192.0.2.1");
    CHECK(xml_id("Filesystem_/dev/vg0/data") == "Filesystem_dev_vg0_data");
    const auto r = run("alice 192.0.2.10 MailTo::a\nbob 192.0.2.11 MailTo::b\n");
    REQUIRE(r.out.ok);
    CHECK(r.out.model.groups[1].members[1].id == "MailTo-2");
}

TEST_CASE("convert: the CIB XML escapes values and names each group's haresources line")
{
    const auto r = run("\nalice MailTo::a&b<c>::\"x\"\n");
    REQUIRE(r.out.ok);
    CHECK(contains(r.out.cib_xml, "value=\"a&amp;b&lt;c&gt;\""));
    CHECK(contains(r.out.cib_xml, "value=\"&quot;x&quot;\""));
    CHECK(contains(r.out.cib_xml, "<!-- haresources line 2 -->"));
    CHECK(contains(r.out.cib_xml, "<node id=\"2\" uname=\"bob\"/>"));
}

TEST_CASE("convert: crm and pcs scripts quote values with blanks")
{
    std::string cf = kHaCf;
    cf += "ping_group gw 192.0.2.253 192.0.2.252\n";
    Options o;
    o.node_addrs = {{"alice", {"192.0.2.1"}}, {"bob", {"192.0.2.2"}}};
    const auto r = run("alice drbddisk::r0 192.0.2.10\n", cf, o);
    REQUIRE(r.out.ok);
    CHECK(contains(r.out.crm, "params host_list=\"192.0.2.253 192.0.2.252\""));
    CHECK(contains(r.out.crm, "colocation col-group_IPaddr_192.0.2.10-with-drbd_r0-clone inf: group_IPaddr_192.0.2.10 "
                              "drbd_r0-clone:Promoted\n"));
    CHECK(contains(r.out.crm, "location loc-group_IPaddr_192.0.2.10-prefers-alice group_IPaddr_192.0.2.10 100: alice\n"));
    CHECK(contains(r.out.pcs, "'host_list=192.0.2.253 192.0.2.252'"));
    CHECK(contains(r.out.pcs, "resource create drbd_r0 ocf:linbit:drbd drbd_resource=r0 op monitor interval=29s "
                              "role=Promoted monitor interval=31s role=Unpromoted promotable drbd_r0-clone"));
    CHECK(contains(r.out.pcs, "constraint order promote drbd_r0-clone then start group_IPaddr_192.0.2.10"));
    CHECK(contains(r.out.pcs, "--group group_IPaddr_192.0.2.10\n"));
}

TEST_CASE("convert: ha.cf errors stop the conversion with the daemon's messages")
{
    const auto r = run("alice 192.0.2.10\n", "keepalive x\nnode alice bob\n");
    CHECK_FALSE(r.out.ok);
    CHECK(r.said("ha.cf:1:"));
    CHECK(run("alice 192.0.2.10\n", "bcast eth0\nnode alice\n").said("a cluster needs two"));
}

TEST_CASE("convert: every known STONITH plugin's names are listed; unknown is nullopt")
{
    CHECK(stonith_plugin_params("external/ipmi") == Strings{"hostname", "ipaddr", "userid", "passwd", "interface"});
    CHECK(stonith_plugin_params("meatware") == Strings{"hostlist"});
    CHECK(stonith_plugin_params("suicide") == Strings{});
    CHECK_FALSE(stonith_plugin_params("fence_ipmilan").has_value());
}
