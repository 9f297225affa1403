// The daemon's part of hb_status --json, hb_history and the metrics
// endpoint: copying what the engine, the resource manager, the monitor and
// the history know into the StatusView, and opening the metrics listener.
#include <algorithm>

#include "base/version.h"
#include "control/metrics_server.h"
#include "daemon/daemon.h"

namespace hb::daemon {

void Daemon::add_observability(control::StatusView& v) const
{
    const member::Engine& engine = node_->engine();
    v.version = HB_VERSION;
    v.uptime_s = to_ms(now_.mono - started_) / 1000;
    const auto& states = engine.nodes();
    for (control::NodeView& nv : v.nodes) {
        for (const member::NodeState& n : states) {
            if (n.name == nv.name) {
                nv.largest_gap_ms = to_ms(n.largest_gap);
                nv.late_warnings = n.late_warnings;
                for (control::LinkView& lv : nv.links) {
                    for (const member::LinkState& l : n.links) {
                        if (l.name == lv.name) {
                            lv.largest_gap_ms = to_ms(l.largest_gap);
                            lv.late_gaps = l.late;
                        }
                    }
                }
            }
        }
    }
    const member::EngineStats& st = engine.stats();
    for (const auto& [link, counts] : st.drops) {
        for (std::size_t r = 0; r < counts.size(); ++r) {
            if (counts[r] != 0) {
                v.drops.push_back(control::DropView{link,
                    std::string(member::to_string(static_cast<member::DropReason>(r))), counts[r]});
            }
        }
    }
    v.counters = {{"frames_in", st.frames_in}, {"frames_out", st.frames_out},
        {"rexmit_requests_sent", st.rexmit_requests_sent}, {"rexmits_sent", st.rexmits_sent},
        {"naks_sent", st.naks_sent}, {"duplicates", st.duplicates}};

    const res::Manager* mgr = node_->manager();
    const res::Monitor* mon = node_->monitor();
    const std::vector<std::string> held = node_->held_groups();
    const bool transition = mgr && (mgr->busy() || node_->rscstatus() == "transition");
    for (const config::ResourceGroup& g : cfg_.resources.groups) {
        control::GroupView gv;
        gv.key = g.key;
        gv.owner = g.node;
        for (const config::Resource& r : g.resources) {
            gv.resources.push_back(r.spec);
        }
        const bool is_held = std::find(held.begin(), held.end(), g.key) != held.end();
        gv.state = !mgr ? "unmanaged" : transition ? "transition" : is_held ? "held" : "released";
        if (mon && mon->enabled()) {
            for (const res::Monitor::GroupState& s : mon->groups()) {
                if (s.key == g.key) {
                    gv.monitor = s.state;
                    gv.restarts = mon->restarts_in_window(g.key, now_.mono);
                    gv.last_failure = s.last_failure;
                }
            }
        }
        v.groups.push_back(std::move(gv));
    }
    const obs::History& h = node_->history();
    v.history.assign(h.entries().begin(), h.entries().end());
    v.history_dropped = h.dropped();
    v.actions = h.action_counts();
}

void Daemon::open_metrics()
{
    if (cfg_.ha.metrics.empty()) {
        return;
    }
    metrics_ = std::make_unique<control::MetricsServer>(loop_, logger_, [this] { return snapshot(); });
    if (!metrics_->open(cfg_.ha.metrics)) {
        // Metrics are an extra: the cluster keeps running without them.
        metrics_.reset();
    }
}

}  // namespace hb::daemon
