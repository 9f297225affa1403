// ha.cf: the line reader that feeds the directive table, and the checks and
// defaults applied once the whole file is read (3.0.6 init_config()). Pure.
#include "config/ha_cf.h"

#include <algorithm>

#include "base/strings.h"
#include "config/ha_cf_parser.h"
#include "config/values.h"

namespace hb::config {

namespace {

bool is_white(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool is_delim(char c) { return is_white(c) || c == ','; }

std::string ms_text(Duration d) { return std::to_string(d.count()) + "ms"; }

// How to make this node a member: names the source of the local name, and a
// `node` entry that is the same host written differently (FQDN vs short).
std::string local_node_hint(const HaCfContext& ctx, const std::vector<std::string>& nodes)
{
    const std::string& me = ctx.local_node;
    const std::string source = ctx.from_nodeinfo ? "the first line of nodeinfo" : "uname -n";
    const auto shortname = [](std::string_view s) { return std::string(s.substr(0, s.find('.'))); };
    for (const auto& n : nodes) {
        if (shortname(n) == shortname(me)) {
            return "ha.cf lists [" + n + "] but " + source + " says [" + me
                   + "]: write the node name exactly as " + source + " prints it";
        }
    }
    std::string hint = "add 'node " + me + "' to ha.cf (the name is " + source;
    if (ctx.from_nodeinfo && !ctx.uname_node.empty()) {
        hint += "; uname -n is " + to_lower(ctx.uname_node);
    }
    hint += "), or put this node's cluster name in nodeinfo";
    return hint;
}

// 3.0.6 parse_config(): API permissions for well-known clients unless ha.cf
// names them (HA_CCMUSER is hacluster, HA_APIGROUP is haclient).
struct DefaultAuth {
    const char* client;
    std::vector<std::string> uids;
    std::vector<std::string> gids;
};

const std::vector<DefaultAuth>& default_apiauth()
{
    static const std::vector<DefaultAuth> v = {
        {"ipfail", {"hacluster"}, {}},
        {"ccm", {"hacluster"}, {}},
        {"ping", {}, {"haclient"}},
        {"lha-snmpagent", {"root"}, {}},
        {"anon", {"root"}, {"haclient"}},
    };
    return v;
}

// A directive written in the wrong case, or a near miss of a known one.
std::string illegal_directive_hint(std::string_view name)
{
    for (const auto& d : ha_cf_directives()) {
        if (iequals(d.name, name)) {
            return "directive names are case-sensitive: write '" + std::string(d.name) + "'";
        }
    }
    for (const auto& d : ha_cf_directives()) {
        if (d.name.size() > 3 && (name.rfind(d.name, 0) == 0 || d.name.rfind(name, 0) == 0) && name.size() > 3) {
            return "did you mean '" + std::string(d.name) + "'? (see ha.cf(5))";
        }
    }
    return "remove the line or fix the directive name (see ha.cf(5))";
}

}  // namespace

void HaCfParser::record(std::string_view name, std::string_view value)
{
    for (auto& [k, v] : cf.parameters) {
        if (k == name) {
            v = std::string(value);
            return;
        }
    }
    cf.parameters.emplace_back(std::string(name), std::string(value));
}

bool HaCfParser::has_parameter(std::string_view name) const
{
    return std::any_of(cf.parameters.begin(), cf.parameters.end(), [&](const auto& kv) { return kv.first == name; });
}

int HaCfParser::line_of(std::string_view directive) const
{
    auto it = seen.find(directive);
    return it == seen.end() ? 0 : it->second;
}

bool HaCfParser::add_node_name(int line, const std::string& name)
{
    if (name.size() >= 100) {  // 3.0.6 HOSTLENG
        error(line, "Node name [" + name + "] is too long (99 characters at most)");
        return false;
    }
    if (auto it = node_lines.find(name); it != node_lines.end()) {
        error(line, "Duplicate node name [" + name + "] (first listed at line " + std::to_string(it->second) + ")");
        return false;
    }
    if (node_lines.size() >= 100) {  // 3.0.6 MAXNODE, ping nodes included
        error(line, "Too many nodes (> 100)");
        return false;
    }
    node_lines.emplace(name, line);
    return true;
}

void finish_ha_cf(HaCfParser& p)
{
    HaCf& cf = p.cf;
    // Fixed defaults of the recorded directives (3.0.6 Directives[]).
    for (const auto& d : ha_cf_directives()) {
        if (d.recorded && !d.default_value.empty() && !p.has_parameter(d.name)) {
            p.record(d.name, d.default_value);
        }
    }
    if (cf.media.empty() && cf.ping_nodes.empty()) {
        p.error(0, "No heartbeat media defined", "add a medium, e.g. 'ucast eth0 PEER-ADDRESS' or 'bcast eth0'");
    }
    if (!p.warntime_set) {
        cf.warntime = Duration(cf.deadtime.count() / 2);
        p.record("warntime", ms_text(cf.warntime));
    }
    if (cf.nodes.empty()) {
        p.error(0, "no nodes defined", "add 'node NAME' for every cluster member, as uname -n prints it");
    }
    if (!p.ctx.local_node.empty()
        && std::find(cf.nodes.begin(), cf.nodes.end(), p.ctx.local_node) == cf.nodes.end()) {
        p.error(p.line_of("node"), "Current node [" + p.ctx.local_node + "] not in configuration!",
                local_node_hint(p.ctx, cf.nodes));
    }
    const auto keep = cf.keepalive.count();
    const auto dead = cf.deadtime.count();
    if (dead <= 2 * keep) {
        const int line = p.line_of("deadtime") ? p.line_of("deadtime") : p.line_of("keepalive");
        p.error(line,
                "Dead time [" + std::to_string(dead) + "] is too small compared to keeplive ["
                    + std::to_string(keep) + "]",
                "make deadtime more than twice keepalive (e.g. deadtime " + std::to_string((4 * keep + 999) / 1000)
                    + " for keepalive " + ms_text(cf.keepalive) + ")");
    }
    if (!p.initdead_set) {
        cf.initdead = dead > 10000 ? cf.deadtime : dead < 6000 ? Duration(12000) : Duration(2 * dead);
        p.record("initdead", ms_text(cf.initdead));
    }
    const auto init = cf.initdead.count();
    if (init < dead) {
        p.error(p.line_of("initdead"),
                "Initial dead time [" + std::to_string(init) + "] is smaller than deadtime [" + std::to_string(dead)
                    + "]",
                "set initdead to at least deadtime, better twice it (initdead " + std::to_string((2 * dead + 999) / 1000)
                    + ")");
    } else if (init < 10000) {
        p.warning(p.line_of("initdead"),
                  "Initial dead time [" + std::to_string(init)
                      + " ms] may be too small! It should be >= deadtime and >= 10 seconds",
                  "set initdead 10 or more (twice deadtime is usual)");
    }
    if (!p.deadping_set) {
        cf.deadping = cf.deadtime;
        p.record("deadping", ms_text(cf.deadping));
    } else if (cf.deadping.count() <= 2 * keep) {
        p.error(p.line_of("deadping"), "Ping dead time [" + std::to_string(cf.deadping.count())
                                           + "] is too small compared to keeplive [" + std::to_string(keep) + "]");
    }
    if (p.warntime_set && cf.warntime >= cf.deadtime) {
        p.warning(p.line_of("warntime"), "Warn time [" + std::to_string(cf.warntime.count())
                                             + " ms] is not below deadtime [" + std::to_string(dead)
                                             + " ms]: late heartbeats will not be reported");
    }
    if (!p.udpport_set) {
        p.record("udpport", std::to_string(p.ctx.default_udpport));
    }
    if (cf.auto_failback == AutoFailback::legacy) {
        const int line = p.line_of("auto_failback") ? p.line_of("auto_failback") : p.line_of("nice_failback");
        p.warning(line, "Deprecated 'legacy' auto_failback option selected. Please convert to 'auto_failback on'.",
                  "add 'auto_failback on' (resources return to their home node) or 'auto_failback off'; every node "
                  "must use the same");
    }
    // check_logd_usage(): with no log file and no syslog facility, logging
    // goes through logd unless ha.cf says use_logd off, which is an error.
    // "none" (and "kern") are facility 0, which counts as no facility.
    if (cf.logfile.empty() && cf.debugfile.empty() && p.facility_code <= 0) {
        if (!p.use_logd_set) {
            cf.use_logd = true;
            p.record("use_logd", "yes");
        } else if (!cf.use_logd) {
            p.error(p.line_of("use_logd"), "No log entry found in ha.cf and use_logd is set to off");
        }
    }
    if (p.facility_code > 0) {
        // Logging to syslog: unset log files become /dev/null (recorded only).
        if (cf.logfile.empty()) {
            p.record("logfile", "/dev/null");
        }
        if (cf.debugfile.empty()) {
            p.record("debugfile", "/dev/null");
        }
    }
    cf.directive_lines.insert(p.seen.begin(), p.seen.end());
    if (cf.ipfail && cf.auto_failback == AutoFailback::legacy) {
        if (p.ipfail_directive_line) {
            p.error(p.ipfail_directive_line, "ipfail: auto_failback set to incompatible legacy option "
                                             "(use auto_failback on or off)");
        } else {
            p.warning(p.line_of("respawn"), "ipfail: auto_failback set to incompatible legacy option; "
                                            "ipfail stays off (as 3.0.6's ipfail exits)");
            cf.ipfail = false;
        }
    }
    if (cf.ipfail && cf.ping_nodes.empty()) {
        p.warning(p.ipfail_directive_line ? p.ipfail_directive_line : p.line_of("respawn"),
            "ipfail without ping nodes: there is nothing to count, it will never move resources");
    }
    for (const auto& d : default_apiauth()) {
        const bool named = std::any_of(cf.apiauth.begin(), cf.apiauth.end(),
                                       [&](const ApiAuth& a) { return a.client == d.client; });
        if (!named) {
            cf.apiauth.push_back(ApiAuth{d.client, d.uids, d.gids, 0});
        }
    }
}

HaCf parse_ha_cf(std::string_view text, const HaCfContext& ctx, DiagSink& diag)
{
    HaCfParser p(ctx, diag);
    p.cf.udpport = ctx.default_udpport;
    int lineno = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto nl = text.find('\n', pos);
        if (nl == std::string_view::npos) {
            nl = text.size();
        }
        std::string_view line = text.substr(pos, nl - pos);
        pos = nl + 1;
        ++lineno;
        // `#` starts a comment anywhere; 3.0.6 also cuts at the first CR.
        line = line.substr(0, std::min(line.find('#'), line.find('\r')));
        std::size_t i = 0;
        while (i < line.size() && is_white(line[i])) {
            ++i;
        }
        if (i == line.size()) {
            continue;
        }
        std::size_t j = i;
        while (j < line.size() && !is_white(line[j])) {
            ++j;
        }
        const std::string_view name = line.substr(i, j - i);
        while (j < line.size() && is_delim(line[j])) {
            ++j;
        }
        std::string_view rest = line.substr(j);
        while (!rest.empty() && is_white(rest.back())) {
            rest.remove_suffix(1);
        }
        const DirectiveInfo* d = find_ha_cf_directive(name);
        if (d == nullptr) {
            p.error(lineno, "Illegal directive [" + std::string(name) + "]", illegal_directive_hint(name));
            continue;
        }
        p.seen[std::string(name)] = lineno;
        if (d->form == DirectiveForm::line) {
            d->handler(p, lineno, rest);
            continue;
        }
        const auto values = split_delims(rest);
        if (values.empty()) {
            p.error(lineno, std::string(name) + ": missing value");
            continue;
        }
        if (d->form == DirectiveForm::words) {
            for (const auto& v : values) {
                d->handler(p, lineno, v);
            }
            continue;
        }
        if (values.size() > 1) {
            std::string all;
            for (const auto& v : values) {
                all += " [" + v + "]";
            }
            p.error(lineno, std::string(name) + " takes one value, got " + std::to_string(values.size()) + ":" + all);
            continue;
        }
        const auto before = p.errors;
        d->handler(p, lineno, values[0]);
        if (d->recorded && p.errors == before) {
            p.record(d->name, values[0]);
        }
    }
    finish_ha_cf(p);
    return std::move(p.cf);
}

std::optional<std::string> HaCf::parameter(const std::string& name) const
{
    for (const auto& [k, v] : parameters) {
        if (k == name) {
            return v;
        }
    }
    return std::nullopt;
}

std::string_view medium_type_name(MediumType t)
{
    switch (t) {
    case MediumType::bcast: return "bcast";
    case MediumType::ucast: return "ucast";
    case MediumType::mcast: return "mcast";
    case MediumType::serial: return "serial";
    case MediumType::ucast6: return "ucast6";
    case MediumType::mcast6: return "mcast6";
    }
    return "bcast";
}

}  // namespace hb::config
