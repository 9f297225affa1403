// Internal to the resource manager: a job is a list of steps run one
// after the other (take or give a group, ask a resource's status, or run a
// piece of manager code), standing in for the processes 3.0.6 forks.
#pragma once

#include <deque>
#include <functional>
#include <optional>
#include <string>

#include "res/manager.h"

namespace hb::res {

/// HB_UPD_RSC: a full update replaces; a partial one adds, except "none".
inline Hold upd_rsc(bool full, Hold cur, Hold up)
{
    if (full) {
        return up;
    }
    return up == Hold::none ? Hold::none : (up | cur);
}

struct Manager::Job {
    struct Step {
        enum class Kind { take, give, status, call } kind;
        std::string key;
        std::function<void(Manager&, Job&, MonoTime)> fn;
    };
    std::string name;
    std::deque<Step> steps;
    bool last_running = false;  // result of the last status step
    std::optional<ScriptCall> status_call;

    Job& take(const std::string& k) { steps.push_back({Step::Kind::take, k, {}}); return *this; }
    Job& give(const std::string& k) { steps.push_back({Step::Kind::give, k, {}}); return *this; }
    Job& status(const std::string& k) { steps.push_back({Step::Kind::status, k, {}}); return *this; }
    Job& then(std::function<void(Manager&, Job&, MonoTime)> f)
    {
        steps.push_back({Step::Kind::call, {}, std::move(f)});
        return *this;
    }
};

}  // namespace hb::res
