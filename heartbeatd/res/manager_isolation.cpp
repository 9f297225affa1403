// ipfail's partition rule (res/ipfail.h): while the peer is dead and no ping
// node answers, this node holds no resources and takes none; when a ping
// node answers again and the peer is still dead, it takes everything, as a
// takeover would have. Kept apart from the 3.0.6 protocol files.
#include <algorithm>

#include "base/strings.h"
#include "res/manager.h"
#include "res/manager_job.h"

namespace hb::res {

void Manager::set_isolated(bool isolated, MonoTime now, bool take_dead, bool reacquire_local)
{
    if (isolated == isolated_) {
        return;
    }
    isolated_ = isolated;
    if (isolated) {
        log(LogLevel::warn, "No ping node reachable and the other node is dead: "
                            "giving up all resources (ipfail partition rule).");
        auto job = std::make_unique<Job>();
        job->name = "ipfail_isolate";
        job->then([](Manager& m, Job& j, MonoTime) {
            std::vector<std::string> keys;
            if (!m.nice()) {
                keys = m.all_keys();
            } else {
                if (any(m.i_hold_ & Hold::local)) {
                    keys = m.our_keys();
                }
                if (any(m.i_hold_ & Hold::foreign)) {
                    for (const std::string& k : m.other_keys()) {
                        keys.push_back(k);
                    }
                }
            }
            for (auto it = keys.rbegin(); it != keys.rend(); ++it) {
                j.give(*it);
            }
            j.then([](Manager& mm, Job&, MonoTime) {
                mm.i_hold_ = Hold::none;
                mm.log(LogLevel::info, "ipfail: all resources released while isolated.");
            });
        });
        enqueue(std::move(job), now);
        return;
    }
    if (shutdown_in_progress_) {
        return;
    }
    if (!take_dead) {
        log(LogLevel::info, "ipfail: no longer isolated (the other node is back).");
        if (reacquire_local) {
            req_our_resources(false, now);
        }
        return;
    }
    log(LogLevel::info, "ipfail: a ping node answers again: no longer isolated.");
    // The peer is still dead: take what a takeover would have taken.
    std::vector<std::string> dead;
    for (const std::string& n : cfg_.ha.nodes) {
        const std::string ln = to_lower(n);
        if (ln != me_ && std::find(dead_nodes_.begin(), dead_nodes_.end(), ln) != dead_nodes_.end()) {
            dead.push_back(ln);
        }
    }
    req_our_resources(true, now);
    for (const std::string& n : dead) {
        takeover_from_node(n, now);
    }
}

}  // namespace hb::res
