// Resource monitoring (ha.cf `resource_monitor`, off by default so v1
// behaviour is unchanged): every interval, ask the status of each resource
// of each group this node holds; when one is not running, restart it (stop,
// start, status) up to max_restarts times within a window; one failure more
// and the group is given to the peer (the standby path a failed start
// already uses). Pure: the Node runs the scripts it asks for, one at a time,
// only while the resource manager is idle and stable.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "base/time.h"
#include "config/config.h"
#include "res/group_op.h"

namespace hb::res {

struct MonitorOptions {
    bool enabled = false;
    Duration interval{10000};
    unsigned max_restarts = 3;
    Duration window{300000};
};

/// What a result made the monitor decide (for the history and the log).
struct MonitorNote {
    std::string event;    // failed, restart, restarted, giveup
    std::string subject;  // resource spec
    std::string detail;
    std::string give_away;  // group key to hand to the peer, when event is giveup
};

class Monitor {
public:
    struct GroupState {
        std::string key;
        bool held = false;
        std::string state = "ok";  // ok, restarting, given-away
        std::deque<MonoTime> restarts;  // restart times within the window
        std::string last_failure;
        MonoTime next_check{};
        MonoTime given_at{};
    };

    /// A group still held this long after its giveup (the peer is dead or
    /// refused the standby) is monitored and restarted again.
    static constexpr Duration kGiveawayGrace{60000};

    Monitor(const config::Config& cfg, MonitorOptions opts);

    bool enabled() const { return opts_.enabled; }
    const MonitorOptions& options() const { return opts_; }

    /// The groups this node holds now (call before next_call()). A group
    /// that becomes held is first checked one interval later. Notes: a
    /// giveup that did not move the group within kGiveawayGrace.
    std::vector<MonitorNote> set_held(const std::vector<std::string>& keys, MonoTime now);

    /// The next script to run, if one is due; its result must come back
    /// through on_result() before next_call() is asked again.
    std::optional<ScriptCall> next_call(MonoTime now);
    bool in_flight() const { return in_flight_; }
    /// The result of the last call. Routine passing checks give no notes.
    std::vector<MonitorNote> on_result(const ScriptResult& r, MonoTime now);

    std::optional<MonoTime> next_deadline() const;
    const std::vector<GroupState>& groups() const { return groups_; }
    /// Restarts of `key` inside the window ending at `now`.
    unsigned restarts_in_window(const std::string& key, MonoTime now) const;

private:
    struct Step {
        std::size_t resource;
        std::string action;  // status, stop, start
    };
    GroupState* find(const std::string& key);
    const config::ResourceGroup* group_cfg(const std::string& key) const;
    std::vector<MonitorNote> failed(GroupState& g, const config::Resource& r, const std::string& why, MonoTime now);

    MonitorOptions opts_;
    std::vector<config::ResourceGroup> cfg_groups_;
    std::vector<GroupState> groups_;
    // The group being worked on and its remaining steps.
    std::optional<std::size_t> current_;
    std::deque<Step> steps_;
    bool in_flight_ = false;
    std::optional<Step> running_;
};

}  // namespace hb::res
