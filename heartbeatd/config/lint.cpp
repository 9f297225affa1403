// Advisory checks of a complete configuration. Pure; see lint.h.
#include "config/lint.h"

#include <algorithm>
#include <map>
#include <set>

#include "config/ha_cf.h"

namespace hb::config {

namespace {

/// A time as an ha.cf value: whole seconds as "30", else "1500ms".
std::string hacf_time(long long ms)
{
    return ms % 1000 == 0 ? std::to_string(ms / 1000) : std::to_string(ms) + "ms";
}

std::string ms(long long v) { return std::to_string(v) + " ms"; }

void lint_timing(const HaCf& cf, DiagSink& d)
{
    const long long keep = cf.keepalive.count();
    const long long dead = cf.deadtime.count();
    const long long warn = cf.warntime.count();
    const long long init = cf.initdead.count();
    if (dead > 2 * keep && dead < 4 * keep) {
        const int line = cf.line_of("deadtime") ? cf.line_of("deadtime") : cf.line_of("keepalive");
        d.warning(line,
                  "Dead time [" + ms(dead) + "] allows only " + std::to_string(dead / keep)
                      + " heartbeats at keepalive [" + ms(keep)
                      + "]: a short burst of lost packets declares the peer dead (peers, Heartbeat 3.0.6 too, "
                        "use the dt this node advertises, which is its deadtime)",
                  "make deadtime at least 4 times keepalive (deadtime " + hacf_time(4 * keep) + ")");
    }
    if (cf.line_of("warntime") != 0 && warn <= keep && warn < dead) {
        d.warning(cf.line_of("warntime"),
                  "Warn time [" + ms(warn) + "] is not above keepalive [" + ms(keep)
                      + "]: heartbeats would be reported late all the time",
                  "set warntime between keepalive and deadtime (warntime " + hacf_time(std::max(dead / 2, keep + 1))
                      + ")");
    }
    if (cf.line_of("initdead") != 0 && init >= dead && init >= 10000 && init < 2 * dead) {
        d.warning(cf.line_of("initdead"),
                  "Initial dead time [" + ms(init) + "] is below twice deadtime [" + ms(dead)
                      + "]: a peer booting at the same time may be declared dead while its network comes up",
                  "initdead " + hacf_time(2 * dead));
    }
}

void lint_split_brain(const HaCf& cf, DiagSink& d)
{
    if (cf.nodes.size() != 2 || cf.media.empty() || !cf.ping_nodes.empty() || !cf.stonith.empty()
        || !cf.stonith_hosts.empty()) {
        return;
    }
    std::set<std::string> links;
    for (const auto& m : cf.media) {
        links.insert(m.link_name());
    }
    if (links.size() != 1) {
        return;
    }
    const Medium& m = cf.media.front();
    d.warning(m.line,
              "two-node cluster with a single link (" + std::string(medium_type_name(m.type)) + " " + m.iface
                  + "), no ping node and no STONITH: if that link fails, both nodes take over the resources "
                    "(split brain)",
              "add a second medium on another interface or a serial line, a ping node (ping GATEWAY), or a "
              "stonith_host line");
}

void lint_keys(const Config& cfg, DiagSink& d)
{
    const AuthKey* active = cfg.keys.find(cfg.keys.active);
    if (active != nullptr && active->method == AuthMethod::crc) {
        const auto net = std::find_if(cfg.ha.media.begin(), cfg.ha.media.end(),
                                      [](const Medium& m) { return m.type != MediumType::serial; });
        if (net != cfg.ha.media.end()) {
            d.warning(active->line,
                      "the active key is crc while heartbeats go over the network (" + std::string(medium_type_name(net->type))
                          + " " + net->iface + "): crc authenticates nothing, anyone on the network can forge "
                                               "cluster messages",
                      "use an HMAC key: '" + std::to_string(cfg.keys.active)
                          + " sha1 SECRET' with a random SECRET (openssl rand -hex 20), the same on every node");
        }
    }
    for (int i = 0; i <= kMaxAuthIndex; ++i) {
        const AuthKey* k = cfg.keys.find(i);
        if (k == nullptr || k->method != AuthMethod::sha256) {
            continue;
        }
        if (i == cfg.keys.active) {
            d.note(k->line,
                   "sha256 (key " + std::to_string(i)
                       + ") is active: it is a heartbeatd extension unknown to Heartbeat 3.0.6, which refuses "
                         "this authkeys file and cannot verify this node's packets; only heartbeatd nodes can "
                         "join this cluster",
                   "for a cluster with Heartbeat 3.0.6 nodes use sha1");
        } else {
            d.note(k->line,
                   "key " + std::to_string(i)
                       + " uses sha256, a heartbeatd extension: Heartbeat 3.0.6 refuses an authkeys file with it",
                   "for a cluster with Heartbeat 3.0.6 nodes use sha1");
        }
    }
}

void lint_extensions(const HaCf& cf, DiagSink& d)
{
    // In line order, so the notes read top to bottom.
    std::vector<std::pair<int, std::string>> found;
    for (const auto& [name, line] : cf.directive_lines) {
        const DirectiveInfo* info = find_ha_cf_directive(name);
        if (info != nullptr && info->support == DirectiveSupport::extension) {
            found.emplace_back(line, name);
        }
    }
    std::sort(found.begin(), found.end());
    for (const auto& [line, name] : found) {
        d.note(line,
               "'" + name + "' is a heartbeatd extension: Heartbeat 3.0.6 refuses an ha.cf with it (Illegal directive)",
               "keep this ha.cf for heartbeatd nodes only");
    }
}

void lint_resources(const Haresources& r, DiagSink& d)
{
    std::map<std::string, int> first;  // script::args -> line of its first group
    for (const auto& g : r.groups) {
        std::set<std::string> in_group;
        for (const auto& res : g.resources) {
            std::string key = res.script;
            for (const auto& a : res.args) {
                key += "::" + a;
            }
            if (!in_group.insert(key).second) {
                d.warning(g.line, "resource [" + res.spec + "] appears twice in the group [" + g.key
                                      + "]: it is started twice",
                          "remove one of them");
                continue;
            }
            auto [it, fresh] = first.emplace(key, g.line);
            if (!fresh && it->second != g.line) {
                d.warning(g.line,
                          "resource [" + res.spec + "] is also in the group at line " + std::to_string(it->second)
                              + ": the two groups can run on different nodes at once, so both would start it",
                          "keep each resource in one group only");
            }
        }
    }
}

}  // namespace

void lint_config(const Config& cfg, const LintFiles& files, const SystemProbe* probe, Diagnostics& out)
{
    {
        DiagSink d(out, files.ha_cf);
        lint_extensions(cfg.ha, d);
        lint_timing(cfg.ha, d);
        lint_split_brain(cfg.ha, d);
        if (probe != nullptr) {
            if (const auto addrs = probe->ipv4_addresses()) {
                check_ucast_peers(cfg.ha, *addrs, d);
            }
        }
    }
    {
        DiagSink d(out, files.authkeys);
        lint_keys(cfg, d);
    }
    {
        DiagSink d(out, files.haresources);
        lint_resources(cfg.resources, d);
    }
}

}  // namespace hb::config
