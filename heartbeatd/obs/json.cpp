#include "obs/json.h"

#include "base/logfmt.h"

#include <cstdio>

namespace hb::obs {

namespace {

class Obj {
public:
    explicit Obj(std::string& out) : out_(out) { out_ += '{'; }
    Obj& raw(std::string_view key, std::string_view value)
    {
        out_ += first_ ? "" : ",";
        first_ = false;
        out_ += json_string(key);
        out_ += ':';
        out_ += value;
        return *this;
    }
    Obj& str(std::string_view key, std::string_view value) { return raw(key, json_string(value)); }
    Obj& num(std::string_view key, long long value) { return raw(key, std::to_string(value)); }
    Obj& unum(std::string_view key, unsigned long long value) { return raw(key, std::to_string(value)); }
    Obj& boolean(std::string_view key, bool value) { return raw(key, value ? "true" : "false"); }
    void end() { out_ += '}'; }

private:
    std::string& out_;
    bool first_ = true;
};

std::string str_array(const std::vector<std::string>& v)
{
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) {
        out += (i ? "," : "") + json_string(v[i]);
    }
    return out + "]";
}

std::string entry_json(const HistoryEntry& e)
{
    std::string out;
    Obj o(out);
    o.unum("id", e.id).num("time", e.wall).str("time_utc", utc_stamp(e.wall)).str("kind", e.kind)
        .str("event", e.event).str("subject", e.subject);
    if (!e.detail.empty()) {
        o.str("detail", e.detail);
    }
    if (e.kind == "resource") {
        o.str("script", e.script).raw("args", str_array(e.args));
        o.raw("exit_code", e.exit_code ? std::to_string(*e.exit_code) : "null");
        o.boolean("timed_out", e.timed_out).num("duration_ms", e.duration_ms).str("output", e.output)
            .str("result", action_result(e));
    }
    if (!e.reason.empty()) {
        o.str("reason", e.reason);
    }
    o.end();
    return out;
}

}  // namespace

std::string json_string(std::string_view s)
{
    return hb::json_string(s);  // one escaper for the logs and the status views
}

std::string history_json(const std::vector<HistoryEntry>& entries, std::uint64_t dropped)
{
    std::string out = "{\"dropped\":" + std::to_string(dropped) + ",\"entries\":[";
    for (std::size_t i = 0; i < entries.size(); ++i) {
        out += (i ? ",\n" : "\n") + entry_json(entries[i]);
    }
    return out + "\n]}\n";
}

std::string status_json(const control::StatusView& v)
{
    std::string out;
    Obj top(out);
    top.str("version", v.version).str("node", v.local_node).str("status", v.local_status)
        .unum("generation", v.generation).num("uptime_s", v.uptime_s).num("pid", v.pid)
        .str("rscstatus", v.rscstatus);

    std::string nodes = "[";
    for (std::size_t i = 0; i < v.nodes.size(); ++i) {
        const control::NodeView& n = v.nodes[i];
        std::string links = "[";
        for (std::size_t k = 0; k < n.links.size(); ++k) {
            std::string l;
            Obj lo(l);
            lo.str("name", n.links[k].name).str("status", n.links[k].status)
                .num("largest_gap_ms", n.links[k].largest_gap_ms).unum("late_gaps", n.links[k].late_gaps).end();
            links += (k ? "," : "") + l;
        }
        links += "]";
        std::string s;
        Obj no(s);
        no.str("name", n.name).str("type", n.type).str("status", n.status)
            .boolean("local", n.name == v.local_node).num("largest_gap_ms", n.largest_gap_ms)
            .unum("late_warnings", n.late_warnings).raw("links", links).end();
        nodes += (i ? ",\n" : "\n") + s;
    }
    top.raw("nodes", nodes + "]");

    std::string groups = "[";
    for (std::size_t i = 0; i < v.groups.size(); ++i) {
        const control::GroupView& g = v.groups[i];
        std::string s;
        Obj go(s);
        go.str("key", g.key).str("owner", g.owner).str("state", g.state).raw("resources", str_array(g.resources));
        std::string m;
        Obj mo(m);
        mo.boolean("enabled", !g.monitor.empty()).str("state", g.monitor.empty() ? "off" : g.monitor)
            .unum("restarts_in_window", g.restarts).str("last_failure", g.last_failure).end();
        go.raw("monitor", m).end();
        groups += (i ? ",\n" : "\n") + s;
    }
    top.raw("groups", groups + "]");
    top.raw("stonith_pending", str_array(v.stonith_pending));

    std::string drops;
    Obj by_reason(drops);
    std::map<std::string, std::uint64_t> reasons;
    for (const control::DropView& d : v.drops) {
        reasons[d.reason] += d.count;
    }
    for (const auto& [r, c] : reasons) {
        by_reason.unum(r, c);
    }
    by_reason.end();
    std::string per_link = "[";
    for (std::size_t i = 0; i < v.drops.size(); ++i) {
        std::string s;
        Obj d(s);
        d.str("link", v.drops[i].link).str("reason", v.drops[i].reason).unum("count", v.drops[i].count).end();
        per_link += (i ? "," : "") + s;
    }
    top.raw("dropped_packets", drops).raw("dropped_packets_by_link", per_link + "]");

    std::string counters;
    Obj co(counters);
    for (const auto& [name, value] : v.counters) {
        co.unum(name, value);
    }
    co.end();
    top.raw("counters", counters);

    std::string actions = "[";
    bool first = true;
    for (const auto& [key, count] : v.actions) {
        std::string s;
        Obj a(s);
        a.str("action", key.first).str("result", key.second).unum("count", count).end();
        actions += (first ? "" : ",") + s;
        first = false;
    }
    top.raw("resource_actions", actions + "]");

    std::string standby = "[";
    for (std::size_t i = 0; i < v.standby.size(); ++i) {
        std::string s;
        Obj so(s);
        so.unum("id", v.standby[i].id).str("from", v.standby[i].from).str("what", v.standby[i].what)
            .str("outcome", v.standby[i].outcome).end();
        standby += (i ? "," : "") + s;
    }
    top.raw("standby_requests", standby + "]");
    top.unum("history_entries", v.history.size());
    top.end();
    return out + "\n";
}

std::string prom_label(std::string_view s)
{
    std::string out;
    for (char c : s) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '"') {
            out += "\\\"";
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

std::string metrics_text(const control::StatusView& v)
{
    std::string out;
    auto head = [&](std::string_view name, std::string_view type, std::string_view help) {
        out += "# HELP " + std::string(name) + " " + std::string(help) + "\n";
        out += "# TYPE " + std::string(name) + " " + std::string(type) + "\n";
    };
    auto line = [&](std::string_view name, std::string_view labels, const std::string& value) {
        out += std::string(name);
        if (!labels.empty()) {
            out += "{" + std::string(labels) + "}";
        }
        out += " " + value + "\n";
    };
    auto lbl = [](std::string_view k, std::string_view val) {
        return std::string(k) + "=\"" + prom_label(val) + "\"";
    };

    head("heartbeat_info", "gauge", "Constant 1, labelled with the daemon's version and node name.");
    line("heartbeat_info", lbl("version", v.version) + "," + lbl("node", v.local_node), "1");
    head("heartbeat_generation", "gauge", "This node's heartbeat generation number.");
    line("heartbeat_generation", "", std::to_string(v.generation));
    head("heartbeat_uptime_seconds", "gauge", "Seconds since the daemon started.");
    line("heartbeat_uptime_seconds", "", std::to_string(v.uptime_s));

    head("heartbeat_node_up", "gauge", "1 when the node is up or active (alive), 0 otherwise.");
    for (const control::NodeView& n : v.nodes) {
        const bool alive = n.status == "up" || n.status == "active" || n.status == "ping";
        line("heartbeat_node_up", lbl("node", n.name), alive ? "1" : "0");
    }
    head("heartbeat_node_status", "gauge", "1 for the node's current status (init, up, active, dead).");
    for (const control::NodeView& n : v.nodes) {
        line("heartbeat_node_status", lbl("node", n.name) + "," + lbl("status", n.status), "1");
    }
    head("heartbeat_link_up", "gauge", "1 when heartbeats arrive from the node on the link.");
    for (const control::NodeView& n : v.nodes) {
        for (const control::LinkView& l : n.links) {
            line("heartbeat_link_up", lbl("node", n.name) + "," + lbl("link", l.name), l.status == "up" ? "1" : "0");
        }
    }
    head("heartbeat_largest_gap_seconds", "gauge", "Largest gap seen between two heartbeats of the node.");
    for (const control::NodeView& n : v.nodes) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.3f", static_cast<double>(n.largest_gap_ms) / 1000.0);
        line("heartbeat_largest_gap_seconds", lbl("node", n.name), buf);
    }
    head("heartbeat_link_largest_gap_seconds", "gauge", "Largest gap between frames heard from the node on the link.");
    for (const control::NodeView& n : v.nodes) {
        for (const control::LinkView& l : n.links) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.3f", static_cast<double>(l.largest_gap_ms) / 1000.0);
            line("heartbeat_link_largest_gap_seconds", lbl("node", n.name) + "," + lbl("link", l.name), buf);
        }
    }
    head("heartbeat_link_late_gaps_total", "counter", "Gaps longer than warntime between frames on the link.");
    for (const control::NodeView& n : v.nodes) {
        for (const control::LinkView& l : n.links) {
            line("heartbeat_link_late_gaps_total", lbl("node", n.name) + "," + lbl("link", l.name),
                std::to_string(l.late_gaps));
        }
    }
    head("heartbeat_late_heartbeats_total", "counter", "Late heartbeat warnings logged for the node.");
    for (const control::NodeView& n : v.nodes) {
        line("heartbeat_late_heartbeats_total", lbl("node", n.name), std::to_string(n.late_warnings));
    }

    head("heartbeat_packets_dropped_total", "counter", "Received frames dropped, by reason.");
    std::map<std::string, std::uint64_t> reasons;
    for (const control::DropView& d : v.drops) {
        reasons[d.reason] += d.count;
    }
    for (const char* r : {"too-big", "bad-framing", "bad-auth", "missing-field", "bad-seq", "unknown-node",
             "replay", "stale"}) {
        reasons.emplace(r, 0);
    }
    for (const auto& [r, c] : reasons) {
        line("heartbeat_packets_dropped_total", lbl("reason", r), std::to_string(c));
    }
    for (const auto& [name, value] : v.counters) {
        const std::string metric = "heartbeat_" + name + "_total";
        head(metric, "counter", "Engine counter " + name + ".");
        line(metric, "", std::to_string(value));
    }

    head("heartbeat_resource_group_active", "gauge", "1 when the group is held by the node (this node's view).");
    for (const control::GroupView& g : v.groups) {
        line("heartbeat_resource_group_active", lbl("group", g.key) + "," + lbl("node", v.local_node),
            g.state == "held" ? "1" : "0");
    }
    head("heartbeat_resource_group_restarts", "gauge", "Monitor restarts of the group within the current window.");
    for (const control::GroupView& g : v.groups) {
        line("heartbeat_resource_group_restarts", lbl("group", g.key), std::to_string(g.restarts));
    }
    head("heartbeat_resource_actions_total", "counter", "Resource script runs, by action and result (ok, failed, timeout).");
    for (const auto& [key, count] : v.actions) {
        line("heartbeat_resource_actions_total", lbl("action", key.first) + "," + lbl("result", key.second),
            std::to_string(count));
    }
    head("heartbeat_stonith_pending", "gauge", "Nodes awaiting a STONITH outcome.");
    line("heartbeat_stonith_pending", "", std::to_string(v.stonith_pending.size()));
    return out;
}

}  // namespace hb::obs
