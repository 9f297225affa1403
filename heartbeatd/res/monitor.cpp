#include "res/monitor.h"

#include <algorithm>

namespace hb::res {

Monitor::Monitor(const config::Config& cfg, MonitorOptions opts)
    : opts_(opts), cfg_groups_(cfg.resources.groups)
{
    for (const config::ResourceGroup& g : cfg_groups_) {
        GroupState s;
        s.key = g.key;
        groups_.push_back(std::move(s));
    }
}

Monitor::GroupState* Monitor::find(const std::string& key)
{
    for (GroupState& g : groups_) {
        if (g.key == key) {
            return &g;
        }
    }
    return nullptr;
}

const config::ResourceGroup* Monitor::group_cfg(const std::string& key) const
{
    for (const config::ResourceGroup& g : cfg_groups_) {
        if (g.key == key) {
            return &g;
        }
    }
    return nullptr;
}

std::vector<MonitorNote> Monitor::set_held(const std::vector<std::string>& keys, MonoTime now)
{
    std::vector<MonitorNote> notes;
    for (std::size_t i = 0; i < groups_.size(); ++i) {
        GroupState& g = groups_[i];
        const bool held = std::find(keys.begin(), keys.end(), g.key) != keys.end();
        if (held && g.held && g.state == "given-away" && now - g.given_at >= kGiveawayGrace) {
            g.state = "ok";
            g.restarts.clear();
            g.next_check = now;
            notes.push_back(MonitorNote{"giveup-failed", g.key,
                "still held " + std::to_string(kGiveawayGrace.count() / 1000)
                    + " s after the giveup (no peer took it): monitoring and restarting again",
                {}});
        }
        if (held && !g.held) {
            g.next_check = now + opts_.interval;
            if (g.state == "given-away") {
                g.state = "ok";
            }
        }
        if (!held && g.held) {
            if (g.state == "restarting") {
                g.state = "ok";
            }
            if (current_ == i && !in_flight_) {
                current_.reset();
                steps_.clear();
            }
        }
        g.held = held;
    }
    return notes;
}

std::optional<ScriptCall> Monitor::next_call(MonoTime now)
{
    if (!opts_.enabled || in_flight_) {
        return std::nullopt;
    }
    if (current_ && steps_.empty()) {
        current_.reset();
    }
    if (!current_) {
        for (std::size_t i = 0; i < groups_.size(); ++i) {
            GroupState& g = groups_[i];
            if (g.held && g.state != "given-away" && now >= g.next_check) {
                const config::ResourceGroup* c = group_cfg(g.key);
                if (!c) {
                    continue;
                }
                current_ = i;
                for (std::size_t r = 0; r < c->resources.size(); ++r) {
                    steps_.push_back(Step{r, "status"});
                }
                g.next_check = now + opts_.interval;
                break;
            }
        }
    }
    if (!current_ || steps_.empty()) {
        return std::nullopt;
    }
    const GroupState& g = groups_[*current_];
    const config::ResourceGroup* c = group_cfg(g.key);
    if (!c || !g.held || g.state == "given-away") {
        current_.reset();
        steps_.clear();
        return std::nullopt;
    }
    running_ = steps_.front();
    steps_.pop_front();
    const config::Resource& r = c->resources[running_->resource];
    in_flight_ = true;
    return ScriptCall{r.spec, r.script, r.args, running_->action};
}

std::vector<MonitorNote> Monitor::failed(GroupState& g, const config::Resource& r, const std::string& why,
    MonoTime now)
{
    std::vector<MonitorNote> notes;
    g.last_failure = r.spec;
    while (!g.restarts.empty() && now - g.restarts.front() >= opts_.window) {
        g.restarts.pop_front();
    }
    notes.push_back(MonitorNote{"failed", r.spec, why, {}});
    steps_.clear();
    if (g.restarts.size() < opts_.max_restarts) {
        g.restarts.push_back(now);
        g.state = "restarting";
        const std::size_t idx = running_->resource;
        steps_.push_back(Step{idx, "stop"});
        steps_.push_back(Step{idx, "start"});
        steps_.push_back(Step{idx, "status"});
        notes.push_back(MonitorNote{"restart", r.spec,
            "restart " + std::to_string(g.restarts.size()) + " of " + std::to_string(opts_.max_restarts)
                + " within " + std::to_string(opts_.window.count() / 1000) + " s",
            {}});
    } else {
        g.state = "given-away";
        g.given_at = now;
        current_.reset();
        notes.push_back(MonitorNote{"giveup", r.spec,
            std::to_string(g.restarts.size()) + " restarts within " + std::to_string(opts_.window.count() / 1000)
                + " s did not keep it running: giving group " + g.key + " to the peer",
            g.key});
    }
    return notes;
}

std::vector<MonitorNote> Monitor::on_result(const ScriptResult& res, MonoTime now)
{
    std::vector<MonitorNote> notes;
    if (!in_flight_ || !running_ || !current_) {
        in_flight_ = false;
        return notes;
    }
    in_flight_ = false;
    GroupState& g = groups_[*current_];
    const config::ResourceGroup* c = group_cfg(g.key);
    if (!c || !g.held) {
        current_.reset();
        steps_.clear();
        return notes;
    }
    const config::Resource& r = c->resources[running_->resource];
    const std::string action = running_->action;
    if (action == "status") {
        if (!status_says_running(res.output)) {
            notes = failed(g, r, "status: not running", now);
        } else if (g.state == "restarting" && steps_.empty()) {
            g.state = "ok";
            notes.push_back(MonitorNote{"restarted", r.spec, "running again", {}});
        }
    } else if (action == "start" && (res.exit_code != 0 || res.timed_out)) {
        notes = failed(g, r,
            res.timed_out ? "start timed out" : "start failed with exit code " + std::to_string(res.exit_code), now);
    }
    // A failed stop is not fatal here: the start that follows decides.
    running_.reset();
    if (steps_.empty() && g.state != "restarting") {
        current_.reset();
    }
    return notes;
}

std::optional<MonoTime> Monitor::next_deadline() const
{
    if (!opts_.enabled) {
        return std::nullopt;
    }
    std::optional<MonoTime> best;
    for (const GroupState& g : groups_) {
        if (!g.held) {
            continue;
        }
        const MonoTime t = g.state == "given-away" ? g.given_at + kGiveawayGrace : g.next_check;
        if (!best || t < *best) {
            best = t;
        }
    }
    return best;
}

unsigned Monitor::restarts_in_window(const std::string& key, MonoTime now) const
{
    for (const GroupState& g : groups_) {
        if (g.key == key) {
            unsigned n = 0;
            for (MonoTime t : g.restarts) {
                n += now - t < opts_.window ? 1 : 0;
            }
            return n;
        }
    }
    return 0;
}

}  // namespace hb::res
