// The model written out: corosync.conf, CIB XML, crm shell, pcs. Pure.
#include <string>

#include "convert/convert.h"

namespace hb::convert {

namespace {

std::string xml_escape(std::string_view s)
{
    std::string out;
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default: out += c;
        }
    }
    return out;
}

/// "--" may not appear inside an XML comment.
std::string comment_text(std::string_view s)
{
    std::string out;
    for (char c : s) {
        if (c == '-' && !out.empty() && out.back() == '-') {
            out += ' ';
        }
        out += c;
    }
    return out;
}

std::string attr(std::string_view name, std::string_view value)
{
    return " " + std::string(name) + "=\"" + xml_escape(value) + "\"";
}

std::string nvpairs(const std::string& set_elem, const std::string& set_id, const Pairs& p, const std::string& ind)
{
    std::string out = ind + "<" + set_elem + attr("id", set_id) + ">\n";
    for (const auto& [k, v] : p) {
        out += ind + "  <nvpair" + attr("id", set_id + "-" + k) + attr("name", k) + attr("value", v) + "/>\n";
    }
    out += ind + "</" + set_elem + ">\n";
    return out;
}

std::string op_id(const std::string& rsc, const Op& o)
{
    return rsc + "-" + o.name + "-interval-" + o.interval;
}

std::string cib_primitive(const Primitive& p, const std::string& ind)
{
    std::string out = ind + "<primitive" + attr("id", p.id) + attr("class", p.cls);
    if (!p.provider.empty()) {
        out += attr("provider", p.provider);
    }
    out += attr("type", p.type) + ">\n";
    if (!p.params.empty()) {
        out += nvpairs("instance_attributes", p.id + "-instance_attributes", p.params, ind + "  ");
    }
    if (!p.ops.empty()) {
        out += ind + "  <operations>\n";
        for (const auto& o : p.ops) {
            out += ind + "    <op" + attr("id", op_id(p.id, o)) + attr("name", o.name) + attr("interval", o.interval);
            if (!o.timeout.empty()) {
                out += attr("timeout", o.timeout);
            }
            if (!o.role.empty()) {
                out += attr("role", o.role);
            }
            out += "/>\n";
        }
        out += ind + "  </operations>\n";
    }
    out += ind + "</primitive>\n";
    return out;
}

/// A word for crm or pcs: quoted when it holds anything but plain characters.
bool plain(std::string_view v)
{
    if (v.empty()) {
        return false;
    }
    for (char c : v) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || std::string_view("_.-/:,@+%=").find(c) != std::string_view::npos;
        if (!ok) {
            return false;
        }
    }
    return true;
}

std::string crm_value(std::string_view v)
{
    if (plain(v)) {
        return std::string(v);
    }
    std::string out = "\"";
    for (char c : v) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out + "\"";
}

std::string sh_word(std::string_view v)
{
    if (plain(v)) {
        return std::string(v);
    }
    std::string out = "'";
    for (char c : v) {
        if (c == '\'') {
            out += "'\\''";
        } else {
            out += c;
        }
    }
    return out + "'";
}

std::string crm_primitive(const Primitive& p)
{
    std::string out = "primitive " + p.id + " " + p.agent();
    if (!p.params.empty()) {
        out += " \\\n\tparams";
        for (const auto& [k, v] : p.params) {
            out += " " + k + "=" + crm_value(v);
        }
    }
    for (const auto& o : p.ops) {
        out += " \\\n\top " + o.name + " interval=" + o.interval;
        if (!o.timeout.empty()) {
            out += " timeout=" + o.timeout;
        }
        if (!o.role.empty()) {
            out += " role=" + o.role;
        }
    }
    return out + "\n";
}

std::string pcs_agent_args(const Primitive& p)
{
    std::string out;
    for (const auto& [k, v] : p.params) {
        out += " " + sh_word(k + "=" + v);
    }
    bool first = true;
    for (const auto& o : p.ops) {
        out += std::string(first ? " op " : " ") + o.name + " interval=" + o.interval;
        if (!o.timeout.empty()) {
            out += " timeout=" + o.timeout;
        }
        if (!o.role.empty()) {
            out += " role=" + o.role;
        }
        first = false;
    }
    return out;
}

std::string comment_lines(const std::string& prefix, const std::string& text)
{
    return prefix + " " + text + "\n";
}

}  // namespace

std::string emit_corosync(const Model& m, const std::string& header)
{
    std::string o = comment_lines("#", header + ".");
    o += "# Copy to /etc/corosync/corosync.conf on every node. The crypto settings need\n"
         "# /etc/corosync/authkey: run corosync-keygen once and copy the key to each node.\n";
    bool placeholders = false;
    for (const auto& n : m.nodes) {
        for (const auto& a : n.addrs) {
            placeholders = placeholders || is_placeholder(a);
        }
    }
    if (placeholders) {
        o += "# PLACEHOLDER: addresses written @ADDR-node-linkN@ could not be derived from\n"
             "# ha.cf; replace each with that node's address on that link.\n";
    }
    o += "\ntotem {\n\tversion: 2\n\tcluster_name: " + m.cluster_name + "\n\ttransport: knet\n";
    o += "\t# Heartbeat's deadtime: how long a silent node has before it is declared lost.\n";
    o += "\ttoken: " + std::to_string(m.token_ms) + "\n";
    o += "\tcrypto_cipher: aes256\n\tcrypto_hash: sha256\n";
    for (const auto& l : m.links) {
        o += "\n\t# link " + std::to_string(l.number) + ": Heartbeat medium "
             + (l.iface.empty() ? std::string("(none)") : l.iface + " (" + l.media + ")") + "\n";
        o += "\tinterface {\n\t\tlinknumber: " + std::to_string(l.number) + "\n\t}\n";
    }
    o += "}\n\nnodelist {\n";
    for (const auto& n : m.nodes) {
        o += "\tnode {\n\t\tname: " + n.name + "\n\t\tnodeid: " + std::to_string(n.id) + "\n";
        for (std::size_t i = 0; i < n.addrs.size(); ++i) {
            if (is_placeholder(n.addrs[i])) {
                o += "\t\t# PLACEHOLDER: the address of " + n.name + " on link " + std::to_string(i) + "\n";
            }
            o += "\t\tring" + std::to_string(i) + "_addr: " + n.addrs[i] + "\n";
        }
        o += "\t}\n";
    }
    o += "}\n\nquorum {\n\tprovider: corosync_votequorum\n";
    if (m.nodes.size() == 2) {
        o += "\t# Two nodes: the survivor of a failure keeps quorum (and wait_for_all is on).\n\ttwo_node: 1\n";
    }
    o += "}\n\nlogging {\n\tto_logfile: yes\n\tlogfile: /var/log/corosync/corosync.log\n\tto_syslog: yes\n"
         "\ttimestamp: on\n}\n";
    return o;
}

std::string emit_cib(const Model& m, const std::string& header)
{
    std::string o = "<?xml version=\"1.0\"?>\n<!-- " + comment_text(header)
                    + ". Load into the cluster with cibadmin (replace, scope configuration); see haresources2pcmk(8). -->\n";
    o += "<cib" + attr("validate-with", "pacemaker-3.7") + attr("admin_epoch", "0") + attr("epoch", "1")
         + attr("num_updates", "0") + ">\n  <configuration>\n    <crm_config>\n";
    o += nvpairs("cluster_property_set", "cib-bootstrap-options", m.properties, "      ");
    o += "    </crm_config>\n    <nodes>\n";
    for (const auto& n : m.nodes) {
        o += "      <node" + attr("id", std::to_string(n.id)) + attr("uname", n.name) + "/>\n";
    }
    o += "    </nodes>\n    <resources>\n";
    for (const auto& p : m.stonith) {
        o += cib_primitive(p, "      ");
    }
    for (const auto& c : m.clones) {
        o += "      <clone" + attr("id", c.id) + ">\n";
        if (!c.meta.empty()) {
            o += nvpairs("meta_attributes", c.id + "-meta_attributes", c.meta, "        ");
        }
        o += cib_primitive(c.child, "        ");
        o += "      </clone>\n";
    }
    for (const auto& g : m.groups) {
        o += "      <!-- haresources line " + std::to_string(g.line) + " -->\n";
        o += "      <group" + attr("id", g.id) + ">\n";
        for (const auto& p : g.members) {
            o += cib_primitive(p, "        ");
        }
        o += "      </group>\n";
    }
    o += "    </resources>\n    <constraints>\n";
    for (const auto& l : m.locations) {
        if (l.role.empty()) {
            o += "      <rsc_location" + attr("id", l.id) + attr("rsc", l.rsc) + attr("node", l.node)
                 + attr("score", l.score) + "/>\n";
            continue;
        }
        o += "      <rsc_location" + attr("id", l.id) + attr("rsc", l.rsc) + ">\n";
        o += "        <rule" + attr("id", l.id + "-rule") + attr("role", l.role) + attr("score", l.score) + ">\n";
        o += "          <expression" + attr("id", l.id + "-rule-node") + attr("attribute", "#uname")
             + attr("operation", "eq") + attr("value", l.node) + "/>\n";
        o += "        </rule>\n      </rsc_location>\n";
    }
    for (const auto& r : m.ping_rules) {
        o += "      <rsc_location" + attr("id", r.id) + attr("rsc", r.rsc) + ">\n";
        o += "        <rule" + attr("id", r.id + "-rule") + attr("score", "-INFINITY") + attr("boolean-op", "or")
             + ">\n";
        o += "          <expression" + attr("id", r.id + "-rule-undefined") + attr("attribute", r.attribute)
             + attr("operation", "not_defined") + "/>\n";
        o += "          <expression" + attr("id", r.id + "-rule-zero") + attr("attribute", r.attribute)
             + attr("operation", "lte") + attr("value", "0") + attr("type", "number") + "/>\n";
        o += "        </rule>\n      </rsc_location>\n";
    }
    for (const auto& c : m.colocations) {
        o += "      <rsc_colocation" + attr("id", c.id) + attr("rsc", c.rsc) + attr("with-rsc", c.with_rsc)
             + attr("with-rsc-role", c.with_role) + attr("score", "INFINITY") + "/>\n";
    }
    for (const auto& r : m.orders) {
        o += "      <rsc_order" + attr("id", r.id) + attr("first", r.first) + attr("first-action", r.first_action)
             + attr("then", r.then) + attr("then-action", r.then_action) + attr("kind", "Mandatory") + "/>\n";
    }
    o += "    </constraints>\n    <rsc_defaults>\n";
    o += nvpairs("meta_attributes", "rsc-options", m.rsc_defaults, "      ");
    o += "    </rsc_defaults>\n  </configuration>\n  <status/>\n</cib>\n";
    return o;
}

std::string emit_crm(const Model& m, const std::string& header)
{
    std::string o = comment_lines("#", header + ".");
    o += "# Load with: crm configure load update FILE\n";
    for (const auto& n : m.nodes) {
        o += "node " + std::to_string(n.id) + ": " + n.name + "\n";
    }
    for (const auto& p : m.stonith) {
        o += crm_primitive(p);
    }
    for (const auto& c : m.clones) {
        o += crm_primitive(c.child);
        o += "clone " + c.id + " " + c.child.id;
        if (!c.meta.empty()) {
            o += " \\\n\tmeta";
            for (const auto& [k, v] : c.meta) {
                o += " " + k + "=" + crm_value(v);
            }
        }
        o += "\n";
    }
    for (const auto& g : m.groups) {
        o += "# haresources line " + std::to_string(g.line) + "\n";
        for (const auto& p : g.members) {
            o += crm_primitive(p);
        }
        o += "group " + g.id;
        for (const auto& p : g.members) {
            o += " " + p.id;
        }
        o += "\n";
    }
    for (const auto& l : m.locations) {
        const std::string score = l.score == "-INFINITY" ? "-inf" : l.score;
        if (l.role.empty()) {
            o += "location " + l.id + " " + l.rsc + " " + score + ": " + l.node + "\n";
        } else {
            o += "location " + l.id + " " + l.rsc + " rule role=" + l.role + " " + score + ": #uname eq " + l.node
                 + "\n";
        }
    }
    for (const auto& r : m.ping_rules) {
        o += "location " + r.id + " " + r.rsc + " rule -inf: not_defined " + r.attribute + " or " + r.attribute
             + " number:lte 0\n";
    }
    for (const auto& c : m.colocations) {
        o += "colocation " + c.id + " inf: " + c.rsc + " " + c.with_rsc + ":" + c.with_role + "\n";
    }
    for (const auto& r : m.orders) {
        o += "order " + r.id + " Mandatory: " + r.first + ":" + r.first_action + " " + r.then + ":" + r.then_action
             + "\n";
    }
    o += "property cib-bootstrap-options:";
    for (const auto& [k, v] : m.properties) {
        o += " \\\n\t" + k + "=" + crm_value(v);
    }
    o += "\nrsc_defaults rsc-options:";
    for (const auto& [k, v] : m.rsc_defaults) {
        o += " \\\n\t" + k + "=" + crm_value(v);
    }
    return o + "\n";
}

std::string emit_pcs(const Model& m, const std::string& header)
{
    std::string o = "#!/bin/sh\n" + comment_lines("#", header + ".");
    o += "# Builds the configuration in a CIB file with pcs, then pushes it to the\n"
         "# running cluster:  sh FILE [CIB-FILE]\n"
         "set -e\nCIB=\"${1:-pcmk-config.xml}\"\npcs cluster cib \"$CIB\"\n";
    o += "pcs -f \"$CIB\" property set";
    for (const auto& [k, v] : m.properties) {
        o += " " + sh_word(k + "=" + v);
    }
    o += "\npcs -f \"$CIB\" resource defaults update";
    for (const auto& [k, v] : m.rsc_defaults) {
        o += " " + sh_word(k + "=" + v);
    }
    o += "\n";
    for (const auto& p : m.stonith) {
        o += "pcs -f \"$CIB\" stonith create " + p.id + " " + sh_word(p.type) + pcs_agent_args(p) + "\n";
    }
    for (const auto& c : m.clones) {
        o += "pcs -f \"$CIB\" resource create " + c.child.id + " " + c.child.agent() + pcs_agent_args(c.child);
        o += std::string(c.promotable ? " promotable " : " clone ") + c.id;
        for (const auto& [k, v] : c.meta) {
            if (k != "promotable") {
                o += " " + sh_word(k + "=" + v);
            }
        }
        o += "\n";
    }
    for (const auto& g : m.groups) {
        o += "# haresources line " + std::to_string(g.line) + "\n";
        for (const auto& p : g.members) {
            o += "pcs -f \"$CIB\" resource create " + p.id + " " + p.agent() + pcs_agent_args(p) + " --group " + g.id
                 + "\n";
        }
    }
    for (const auto& l : m.locations) {
        if (l.role.empty()) {
            o += "pcs -f \"$CIB\" constraint location add " + l.id + " " + l.rsc + " " + l.node + " " + l.score + "\n";
        } else {
            o += "pcs -f \"$CIB\" constraint location " + l.rsc + " rule constraint-id=" + l.id + " id=" + l.id
                 + "-rule role=" + l.role + " score=" + l.score + " '#uname' eq " + l.node + "\n";
        }
    }
    for (const auto& r : m.ping_rules) {
        o += "pcs -f \"$CIB\" constraint location " + r.rsc + " rule constraint-id=" + r.id + " id=" + r.id
             + "-rule score=-INFINITY not_defined " + r.attribute + " or " + r.attribute + " lte number 0\n";
    }
    for (const auto& c : m.colocations) {
        o += "pcs -f \"$CIB\" constraint colocation add " + c.rsc + " with " + c.with_role + " " + c.with_rsc
             + " INFINITY id=" + c.id + "\n";
    }
    for (const auto& r : m.orders) {
        o += "pcs -f \"$CIB\" constraint order " + r.first_action + " " + r.first + " then " + r.then_action + " "
             + r.then + " id=" + r.id + "\n";
    }
    o += "pcs cluster cib-push \"$CIB\" --config\n";
    return o;
}

}  // namespace hb::convert
