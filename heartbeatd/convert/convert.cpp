// ha.cf + haresources to the Pacemaker/Corosync model. Pure; see convert.h.
#include "convert/convert.h"

#include <algorithm>
#include <map>
#include <set>

#include "base/strings.h"
#include "config/ha_cf.h"
#include "config/haresources.h"

namespace hb::convert {

using config::HaCf;
using config::Haresources;
using config::MediumType;
using config::Resource;
using config::ResourceGroup;

std::string placeholder_addr(const std::string& node, int link)
{
    return "@ADDR-" + node + "-link" + std::to_string(link) + "@";
}

bool is_placeholder(const std::string& addr) { return !addr.empty() && addr.front() == '@'; }

std::string xml_id(std::string_view text)
{
    std::string out;
    for (char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                        || c == '.' || c == '-';
        const char put = ok ? c : '_';
        if (put == '_' && !out.empty() && out.back() == '_') {
            continue;
        }
        out += put;
    }
    while (!out.empty() && out.back() == '_') {
        out.pop_back();
    }
    if (out.empty() || !((out[0] >= 'a' && out[0] <= 'z') || (out[0] >= 'A' && out[0] <= 'Z') || out[0] == '_')) {
        out = "r" + std::string(out.empty() || out[0] == '_' ? "" : "_") + out;
    }
    return out;
}

namespace {

bool has_errors_in(const Diagnostics& d, const std::string& file)
{
    return std::any_of(d.begin(), d.end(),
                       [&](const Diagnostic& x) { return x.severity == Severity::error && x.file == file; });
}

constexpr int kMaxKnetLinks = 8;

class Ids {
public:
    std::string take(const std::string& want)
    {
        std::string id = xml_id(want);
        if (used_.insert(id).second) {
            return id;
        }
        for (int n = 2;; ++n) {
            const std::string next = id + "-" + std::to_string(n);
            if (used_.insert(next).second) {
                return next;
            }
        }
    }

private:
    std::set<std::string> used_;
};

std::string join(const std::vector<std::string>& v, std::string_view sep, std::size_t from = 0)
{
    std::string out;
    for (std::size_t i = from; i < v.size(); ++i) {
        if (i > from) {
            out += sep;
        }
        out += v[i];
    }
    return out;
}

/// `a/b/c` to its fields (the wrappers' sed 's%/.*%%' steps).
std::vector<std::string> slash_fields(std::string_view s)
{
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (true) {
        const auto at = s.find('/', pos);
        out.emplace_back(s.substr(pos, at == std::string_view::npos ? std::string_view::npos : at - pos));
        if (at == std::string_view::npos) {
            return out;
        }
        pos = at + 1;
    }
}

Op monitor(std::string interval, std::string timeout = "")
{
    return Op{"monitor", std::move(interval), std::move(timeout), ""};
}

struct Ctx {
    DiagSink& diag;
    Ids& ids;
    int line;
    const Resource& r;

    void error(const std::string& msg) const { diag.error(line, r.spec + ": " + msg); }
};

/// IPaddr/IPaddr2: `ip[/netmask[/nic[/broadcast]]]`, a numeric third field
/// being the broadcast address (resource.d/IPaddr's case on $NIC).
bool map_ipaddr(const Ctx& c, Primitive& p)
{
    if (c.r.args.size() != 1) {
        c.error(c.r.script + " takes one argument, ip[/netmask[/nic[/broadcast]]] (got "
                + std::to_string(c.r.args.size()) + ")");
        return false;
    }
    const auto f = slash_fields(c.r.args[0]);
    if (f[0].empty()) {
        c.error("no IP address");
        return false;
    }
    p.params.emplace_back("ip", f[0]);
    if (f.size() > 1 && !f[1].empty()) {
        p.params.emplace_back("cidr_netmask", f[1]);
    }
    if (f.size() > 2 && !f[2].empty()) {
        if (f[2][0] >= '0' && f[2][0] <= '9') {
            p.params.emplace_back("broadcast", f[2]);
        } else {
            std::string nic = f[2];
            const auto colon = nic.find(':');
            if (p.type == "IPaddr2" && colon != std::string::npos) {
                // IPaddr2 reads nic:label itself; named, the label is iflabel.
                p.params.emplace_back("nic", nic.substr(0, colon));
                p.params.emplace_back("iflabel", nic.substr(colon + 1));
            } else {
                p.params.emplace_back("nic", nic);
            }
            if (f.size() > 3 && !f[3].empty()) {
                p.params.emplace_back("broadcast", f[3]);
            }
        }
    }
    // The 3.0.6 wrappers set lvs_support: 0 for IPaddr, 1 for IPaddr2.
    if (p.type == "IPaddr2") {
        p.params.emplace_back("lvs_support", "true");
    }
    p.ops.push_back(monitor("10s", "20s"));
    p.id = c.ids.take(p.type + "_" + f[0]);
    return true;
}

bool map_known(const Ctx& c, Primitive& p)
{
    const auto& a = c.r.args;
    const std::string& s = c.r.script;
    p.cls = "ocf";
    p.provider = "heartbeat";
    p.type = s;
    if (s == "IPaddr" || s == "IPaddr2") {
        return map_ipaddr(c, p);
    }
    if (s == "Filesystem") {
        if (a.size() < 2 || a.size() > 4) {
            c.error("Filesystem takes device::directory[::fstype[::options]] (got " + std::to_string(a.size())
                    + " arguments)");
            return false;
        }
        const char* names[] = {"device", "directory", "fstype", "options"};
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (!a[i].empty()) {
                p.params.emplace_back(names[i], a[i]);
            }
        }
        p.ops.push_back(monitor("20s", "40s"));
        p.id = c.ids.take("Filesystem_" + a[0]);
        return true;
    }
    if (s == "SendArp") {
        if (a.size() != 1 || a[0].find('/') == std::string::npos) {
            c.error("SendArp takes one argument, ip/interface");
            return false;
        }
        const auto slash = a[0].find('/');
        p.params.emplace_back("ip", a[0].substr(0, slash));
        p.params.emplace_back("nic", a[0].substr(slash + 1));
        p.ops.push_back(monitor("30s"));
        p.id = c.ids.take("SendArp_" + a[0].substr(0, slash));
        return true;
    }
    if (s == "MailTo") {
        if (a.empty() || a.size() > 2) {
            c.error("MailTo takes email[::subject] (got " + std::to_string(a.size()) + " arguments)");
            return false;
        }
        p.params.emplace_back("email", a[0]);
        if (a.size() > 1) {
            p.params.emplace_back("subject", a[1]);
        }
        p.ops.push_back(monitor("30s"));
        p.id = c.ids.take("MailTo");
        return true;
    }
    if (s == "Delay") {
        if (a.size() > 2) {
            c.error("Delay takes [startdelay[::stopdelay]] (got " + std::to_string(a.size()) + " arguments)");
            return false;
        }
        // resource.d/Delay defaults the start delay to 10 (the agent's own default is 30).
        const std::string start = a.empty() || a[0].empty() ? "10" : a[0];
        p.params.emplace_back("startdelay", start);
        if (a.size() > 1) {
            p.params.emplace_back("stopdelay", a[1]);
        }
        p.ops.push_back(monitor("30s"));
        p.id = c.ids.take("Delay_" + start);
        return true;
    }
    if (s == "apache") {
        if (a.size() > 1) {
            c.error("apache takes [configfile] (got " + std::to_string(a.size()) + " arguments)");
            return false;
        }
        if (!a.empty()) {
            p.params.emplace_back("configfile", a[0]);
        }
        p.ops.push_back(monitor("30s", "40s"));
        p.id = c.ids.take("apache");
        return true;
    }
    return false;
}

bool is_known(std::string_view s)
{
    return s == "IPaddr" || s == "IPaddr2" || s == "Filesystem" || s == "SendArp" || s == "MailTo" || s == "Delay"
           || s == "apache";
}

std::string init_class_name(InitClass c)
{
    switch (c) {
    case InitClass::systemd: return "systemd";
    case InitClass::lsb: return "lsb";
    case InitClass::service: return "service";
    }
    return "systemd";
}

void add_ping(Model& m, const HaCf& cf, Ids& ids, DiagSink& ha_diag)
{
    if (cf.ping_nodes.empty()) {
        return;
    }
    std::vector<std::string> hosts;
    bool any_group = false;
    for (const auto& pn : cf.ping_nodes) {
        any_group = any_group || pn.group;
        for (const auto& a : pn.addresses) {
            if (std::find(hosts.begin(), hosts.end(), a) == hosts.end()) {
                hosts.push_back(a);
            }
        }
    }
    if (any_group && cf.ping_nodes.size() > 1) {
        ha_diag.warning(cf.ping_nodes.front().line,
                        "several ping nodes/groups become one ping resource: a node counts as connected while "
                        "any of their addresses answers");
    }
    Primitive p;
    p.id = ids.take("ping");
    p.cls = "ocf";
    p.provider = "pacemaker";
    p.type = "ping";
    p.params = {{"host_list", join(hosts, " ")}, {"multiplier", "1000"}, {"dampen", "5s"}};
    p.ops.push_back(monitor("10s", "60s"));
    p.from = "ping nodes (ha.cf line " + std::to_string(cf.ping_nodes.front().line) + ")";
    Clone c;
    c.id = ids.take(p.id + "-clone");
    c.child = std::move(p);
    m.clones.push_back(std::move(c));
}

void add_stonith(Model& m, const HaCf& cf, Ids& ids, DiagSink& d)
{
    for (const auto& st : cf.stonith) {
        d.warning(st.line, "stonith " + st.type + " " + st.config_file
                               + ": not converted (its parameters are in the file); add a fencing resource by hand");
    }
    for (const auto& sh : cf.stonith_hosts) {
        const auto names = stonith_plugin_params(sh.type);
        if (!names) {
            d.error(sh.line, "stonith_host: unknown STONITH type [" + sh.type
                                 + "] (not a cluster-glue plugin this converter knows)");
            continue;
        }
        if (sh.params.size() < names->size()) {
            d.error(sh.line, "stonith_host: " + sh.type + " needs " + std::to_string(names->size())
                                 + " parameters (" + join(*names, " ") + "), got " + std::to_string(sh.params.size()));
            continue;
        }
        Primitive p;
        p.cls = "stonith";
        p.type = sh.type;
        for (std::size_t i = 0; i < names->size(); ++i) {
            // The last name takes the rest of the line, as in cluster-glue.
            const std::string v = i + 1 == names->size() ? join(sh.params, " ", i) : sh.params[i];
            p.params.emplace_back((*names)[i], v);
        }
        p.ops.push_back(monitor("3600s"));
        p.id = ids.take("stonith-" + sh.type + "-" + (sh.host == "*" ? std::string("any") : sh.host));
        p.from = "ha.cf line " + std::to_string(sh.line);
        if (sh.host != "*") {
            if (std::find(cf.nodes.begin(), cf.nodes.end(), sh.host) == cf.nodes.end()) {
                d.error(sh.line, "stonith_host: [" + sh.host + "] is not a node of ha.cf");
                continue;
            }
            // Heartbeat runs the device from that host only.
            for (const auto& n : cf.nodes) {
                if (n != sh.host) {
                    m.locations.push_back(Location{ids.take("loc-" + p.id + "-not-" + n), p.id, n, "-INFINITY"});
                }
            }
        }
        m.stonith.push_back(std::move(p));
    }
}

void derive_links(Model& m, const HaCf& cf, const Options& opt, DiagSink& d)
{
    std::vector<std::string> ifaces;
    std::map<std::string, std::vector<std::string>> ucast;  // iface -> peer addresses
    std::map<std::string, std::string> kinds;
    for (const auto& md : cf.media) {
        if (md.type == MediumType::serial) {
            d.warning(md.line, "serial " + md.iface + ": Corosync has no serial links; not converted");
            continue;
        }
        if (std::find(ifaces.begin(), ifaces.end(), md.iface) == ifaces.end()) {
            ifaces.push_back(md.iface);
        }
        std::string kind = std::string(config::medium_type_name(md.type));
        if (md.type == MediumType::ucast || md.type == MediumType::ucast6) {
            auto& v = ucast[md.iface];
            if (std::find(v.begin(), v.end(), md.address) == v.end()) {
                v.push_back(md.address);
            }
        } else if (md.type == MediumType::mcast || md.type == MediumType::mcast6) {
            kind += " " + md.address;
        }
        auto& k = kinds[md.iface];
        if (k.find(kind) == std::string::npos) {
            k += (k.empty() ? "" : ", ") + kind;
        }
    }
    if (ifaces.size() > static_cast<std::size_t>(kMaxKnetLinks)) {
        d.error(0, "more than " + std::to_string(kMaxKnetLinks) + " interfaces: knet has at most 8 links");
        ifaces.resize(kMaxKnetLinks);
    }
    if (ifaces.empty()) {
        d.warning(0, "no network media: corosync.conf gets one link with placeholder addresses");
        ifaces.push_back("");
        kinds[""] = "none";
    }
    for (std::size_t i = 0; i < ifaces.size(); ++i) {
        m.links.push_back(Link{static_cast<int>(i), ifaces[i], kinds[ifaces[i]]});
    }
    int id = 1;
    for (const auto& n : cf.nodes) {
        m.nodes.push_back(NodeEntry{n, id++, std::vector<std::string>(ifaces.size())});
    }
    for (const auto& [node, addrs] : opt.node_addrs) {
        auto it = std::find_if(m.nodes.begin(), m.nodes.end(), [&](const NodeEntry& e) { return e.name == node; });
        if (it == m.nodes.end()) {
            d.error(0, "--addr: [" + node + "] is not a node of ha.cf");
            continue;
        }
        if (addrs.size() > ifaces.size()) {
            d.error(0, "--addr " + node + ": " + std::to_string(addrs.size()) + " addresses for "
                           + std::to_string(ifaces.size()) + " link(s)");
        }
        for (std::size_t l = 0; l < addrs.size() && l < ifaces.size(); ++l) {
            it->addrs[l] = addrs[l];
        }
    }
    const bool local_known = !opt.local_node.empty()
                             && std::find(cf.nodes.begin(), cf.nodes.end(), opt.local_node) != cf.nodes.end();
    for (std::size_t l = 0; l < ifaces.size(); ++l) {
        auto cand = ucast[ifaces[l]];
        // Addresses the operator gave are taken.
        for (const auto& n : m.nodes) {
            cand.erase(std::remove(cand.begin(), cand.end(), n.addrs[l]), cand.end());
        }
        std::vector<NodeEntry*> open;
        for (auto& n : m.nodes) {
            if (n.addrs[l].empty()) {
                open.push_back(&n);
            }
        }
        if (!cand.empty() && !open.empty()) {
            // A ucast line names a peer: with this node known, the one open
            // peer gets the one open address.
            std::vector<NodeEntry*> peers;
            for (auto* n : open) {
                if (!local_known || n->name != opt.local_node) {
                    peers.push_back(n);
                }
            }
            if (local_known && peers.size() == 1 && cand.size() == 1) {
                peers[0]->addrs[l] = cand[0];
                cand.clear();
            }
        }
        for (auto* n : open) {
            if (!n->addrs[l].empty()) {
                continue;
            }
            n->addrs[l] = placeholder_addr(n->name, static_cast<int>(l));
            std::string why = "address of " + n->name + " on link " + std::to_string(l) + " ("
                              + (ifaces[l].empty() ? std::string("no medium") : ifaces[l] + ", " + kinds[ifaces[l]])
                              + ") unknown: corosync.conf has the placeholder " + n->addrs[l];
            if (!cand.empty()) {
                why += "; ucast addresses not matched to a node: " + join(cand, " ");
            }
            d.warning(0, why + " (use --addr " + n->name + "=ADDR,...)");
        }
    }
}

}  // namespace

Model build_model(const HaCf& cf, const Haresources& res, const Options& opt, DiagSink& ha_diag,
                  DiagSink& res_diag)
{
    Model m;
    Ids ids;
    m.cluster_name = opt.cluster_name;
    m.token_ms = static_cast<long>(cf.deadtime.count());
    derive_links(m, cf, opt, ha_diag);

    // auto_failback: on (and legacy) moves a group home; off keeps it where
    // it runs, so the stickiness must outweigh the location preference.
    m.location_score = 100;
    m.stickiness = cf.auto_failback == config::AutoFailback::off ? 200 : 0;
    m.rsc_defaults.emplace_back("resource-stickiness", std::to_string(m.stickiness));

    add_stonith(m, cf, ids, ha_diag);
    add_ping(m, cf, ids, ha_diag);

    for (const ResourceGroup& g : res.groups) {
        Group grp;
        grp.node = g.node;
        grp.line = g.line;
        std::vector<std::string> drbd_clones;
        bool seen_other = false;
        bool ok = true;
        for (const Resource& r : g.resources) {
            Ctx c{res_diag, ids, g.line, r};
            if (r.script == "drbddisk") {
                if (r.args.size() != 1 || r.args[0].empty() || r.args[0] == "all") {
                    c.error("drbddisk needs the DRBD resource name (drbddisk::r0): ocf:linbit:drbd manages one "
                            "resource, not \"all\"");
                    ok = false;
                    continue;
                }
                if (seen_other) {
                    res_diag.warning(g.line, r.spec + ": in Pacemaker the whole group starts after DRBD is "
                                                      "promoted, also the resources before it on this line");
                }
                Clone cl;
                cl.promotable = true;
                cl.child.cls = "ocf";
                cl.child.provider = "linbit";
                cl.child.type = "drbd";
                cl.child.id = ids.take("drbd_" + r.args[0]);
                cl.child.params.emplace_back("drbd_resource", r.args[0]);
                cl.child.ops.push_back(Op{"monitor", "29s", "", "Promoted"});
                cl.child.ops.push_back(Op{"monitor", "31s", "", "Unpromoted"});
                cl.child.from = r.spec;
                cl.id = ids.take(cl.child.id + "-clone");
                cl.meta = {{"promotable", "true"}, {"promoted-max", "1"}, {"promoted-node-max", "1"},
                           {"clone-max", std::to_string(std::max<std::size_t>(2, m.nodes.size()))},
                           {"clone-node-max", "1"}, {"notify", "true"}};
                drbd_clones.push_back(cl.id);
                m.clones.push_back(std::move(cl));
                continue;
            }
            seen_other = true;
            Primitive p;
            p.from = r.spec;
            if (is_known(r.script)) {
                if (!map_known(c, p)) {
                    ok = false;
                }
            } else {
                const ScriptPlace place = opt.where ? opt.where(r.script) : ScriptPlace::unknown;
                if (place == ScriptPlace::resource_d) {
                    c.error("resource.d/" + r.script + " has no Pacemaker equivalent this converter knows "
                            "(mapped: IPaddr IPaddr2 Filesystem SendArp MailTo Delay apache drbddisk, and init "
                            "scripts)");
                    ok = false;
                    continue;
                }
                if (!r.args.empty()) {
                    c.error("an init script takes no arguments in Pacemaker (" + init_class_name(opt.init_class)
                            + ":" + r.script + ")");
                    ok = false;
                    continue;
                }
                if (place == ScriptPlace::unknown && opt.where) {
                    res_diag.warning(g.line, r.script + ": not found in resource.d or the init directory; "
                                                        "taken as a system service");
                }
                p.cls = init_class_name(opt.init_class);
                p.type = r.script;
                p.ops.push_back(monitor("30s"));
                p.id = ids.take(r.script);
            }
            if (ok) {
                grp.members.push_back(std::move(p));
            }
        }
        if (!ok) {
            continue;
        }
        if (grp.members.empty()) {
            // Only DRBD on the line: the node is where it is promoted.
            for (const auto& cl : drbd_clones) {
                m.locations.push_back(Location{ids.take("loc-" + cl + "-promoted-on-" + g.node), cl, g.node,
                                               std::to_string(m.location_score), "Promoted"});
            }
            continue;
        }
        grp.id = ids.take("group_" + grp.members.front().id);
        m.locations.push_back(Location{ids.take("loc-" + grp.id + "-prefers-" + g.node), grp.id, g.node,
                                       std::to_string(m.location_score)});
        if (!grp.members.empty()) {
            for (const auto& cl : drbd_clones) {
                m.colocations.push_back(Colocation{ids.take("col-" + grp.id + "-with-" + cl), grp.id, cl, "Promoted"});
                m.orders.push_back(Order{ids.take("ord-" + cl + "-before-" + grp.id), cl, "promote", grp.id, "start"});
            }
            if (!cf.ping_nodes.empty()) {
                m.ping_rules.push_back(PingRule{ids.take("loc-" + grp.id + "-connected"), grp.id, "pingd"});
            }
            m.groups.push_back(std::move(grp));
        }
    }

    if (m.stonith.empty()) {
        m.properties.emplace_back("stonith-enabled", "false");
        ha_diag.warning(0, "no stonith_host: stonith-enabled=false (as with Heartbeat, a split brain can run a "
                           "group on both nodes); add fencing");
    } else {
        m.properties.emplace_back("stonith-enabled", "true");
    }
    // With Corosync's two_node the survivor keeps quorum, so Pacemaker's
    // default "stop" is right for two nodes as for more.
    m.properties.emplace_back("no-quorum-policy", "stop");
    return m;
}

Output convert(const Sources& src, const Options& opt)
{
    Output out;
    DiagSink ha_diag(out.diagnostics, src.ha_cf_name);
    DiagSink res_diag(out.diagnostics, src.haresources_name);
    config::HaCfContext ctx;
    ctx.local_node = "";  // keep every stonith_host line; no "Current node" check
    ctx.default_udpport = src.default_udpport;
    const HaCf cf = parse_ha_cf(src.ha_cf, ctx, ha_diag);
    const Haresources res = config::parse_haresources(src.haresources, res_diag);
    config::check_resource_nodes(res, cf.nodes, res_diag);
    if (cf.nodes.size() < 2) {
        ha_diag.error(0, "ha.cf names " + std::to_string(cf.nodes.size()) + " node(s); a cluster needs two");
    }
    // ha.cf's errors leave nothing to map against; haresources' are
    // reported together with the mapping's, all in one run.
    if (count_errors(out.diagnostics) != 0 && has_errors_in(out.diagnostics, src.ha_cf_name)) {
        return out;
    }
    out.model = build_model(cf, res, opt, ha_diag, res_diag);
    if (has_errors(out.diagnostics)) {
        return out;
    }
    std::string label = opt.source_label.empty() ? src.ha_cf_name + " and " + src.haresources_name : opt.source_label;
    const std::string header = "Generated by haresources2pcmk from " + label;
    out.corosync_conf = emit_corosync(out.model, header);
    out.cib_xml = emit_cib(out.model, header);
    out.crm = emit_crm(out.model, header);
    out.pcs = emit_pcs(out.model, header);
    out.ok = true;
    return out;
}

}  // namespace hb::convert
