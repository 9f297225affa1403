// STONITH before takeover (facts section 8): a dead node that may hold
// resources is reset through the host's device first; its resources are
// taken over only once a reset succeeded. A failed reset is reported
// (stonith result=bad|badhost), logged and retried every 5 s without limit.
#include "res/manager.h"

#include <algorithm>

#include "base/strings.h"

namespace hb::res {

namespace {
constexpr Duration kFenceRetry{5000};
constexpr Duration kFenceCheckInterval{3600000};
}  // namespace

void Manager::start_fencing(const std::string& node, MonoTime /*now*/)
{
    for (const Fencing& f : fencing_) {
        if (f.node == node) {
            return;  // already being reset
        }
    }
    fencing_.push_back(Fencing{node, std::nullopt, 1});
    log(LogLevel::info, "Waiting for STONITH of " + node + " before taking over its resources.");
    host_.fence(node);
}

void Manager::on_fence_result(const std::string& node, bool ok, const std::string& result, MonoTime now)
{
    const std::string n = to_lower(node);
    auto it = std::find_if(fencing_.begin(), fencing_.end(), [&](const Fencing& f) { return f.node == n; });
    if (it == fencing_.end() || it->retry_at) {
        return;  // not ours, or a stale answer
    }
    if (ok) {
        fencing_.erase(it);
        log(LogLevel::info, "node " + n + " now reset.");
        send_stonith_msg(n, "OK");
        takeover_from_node(n, now);
        return;
    }
    log(LogLevel::err, "STONITH of " + n + " failed.  Retrying...");
    send_stonith_msg(n, result == "badhost" ? "badhost" : "bad");
    it->retry_at = now + kFenceRetry;
}

void Manager::fence_comm_up(MonoTime now)
{
    if (host_.can_fence()) {
        host_.check_fence_device();
        fence_check_at_ = now + kFenceCheckInterval;
    }
}

void Manager::fence_tick(MonoTime now)
{
    for (std::size_t i = 0; i < fencing_.size(); ++i) {
        Fencing& f = fencing_[i];
        if (f.retry_at && now >= *f.retry_at) {
            f.retry_at.reset();
            ++f.tries;
            log(LogLevel::info, "Retrying STONITH of " + f.node + " (attempt " + std::to_string(f.tries) + ").");
            host_.fence(f.node);
        }
    }
    if (fence_check_at_ && now >= *fence_check_at_) {
        fence_check_at_ = now + kFenceCheckInterval;
        host_.check_fence_device();
    }
}

std::optional<MonoTime> Manager::fence_deadline() const
{
    std::optional<MonoTime> best = fence_check_at_;
    for (const Fencing& f : fencing_) {
        if (f.retry_at && (!best || *f.retry_at < *best)) {
            best = f.retry_at;
        }
    }
    return best;
}

std::vector<std::string> Manager::fencing_nodes() const
{
    std::vector<std::string> v;
    for (const Fencing& f : fencing_) {
        v.push_back(f.node);
    }
    return v;
}

}  // namespace hb::res
