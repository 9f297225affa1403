// The v1 resource manager (see manager.h). Function names follow
// hb_resource.c so the two can be read side by side; the shell scripts
// 3.0.6 forks (req_resource, mach_down, rc.d/*, ResourceManager) are jobs.
#include "res/manager.h"
#include "res/manager_job.h"

#include <algorithm>

#include "base/strings.h"

namespace hb::res {

namespace {

const char* const kRscMsg[] = {"none", "local", "foreign", "all"};

}  // namespace

std::string_view hold_name(Hold h)
{
    return kRscMsg[static_cast<int>(h) & 3];
}

Hold parse_hold(std::string_view s)
{
    for (int i = 0; i < 4; ++i) {
        if (s == kRscMsg[i]) {
            return static_cast<Hold>(i);
        }
    }
    return Hold::none;
}

Manager::Manager(const config::Config& cfg, ManagerHost& host, ManagerOptions opts)
    : cfg_(cfg),
      host_(host),
      opts_(opts),
      me_(to_lower(cfg.local_node)),
      nice_failback_(cfg.ha.auto_failback != config::AutoFailback::legacy),
      auto_failback_(cfg.ha.auto_failback == config::AutoFailback::on)
{
}

Manager::~Manager() = default;

// ------------------------------------------------------------ haresources --

std::vector<std::string> Manager::keys_of(const std::string& node) const
{
    std::vector<std::string> keys;
    const std::string n = to_lower(node);
    for (const config::ResourceGroup& g : cfg_.resources.groups) {
        if (n == ".*" || to_lower(g.node) == n) {
            keys.push_back(g.key);
        }
    }
    return keys;
}

std::vector<std::string> Manager::our_keys() const { return keys_of(me_); }

std::vector<std::string> Manager::other_keys() const
{
    std::vector<std::string> keys;
    for (const config::ResourceGroup& g : cfg_.resources.groups) {
        if (to_lower(g.node) != me_) {
            keys.push_back(g.key);
        }
    }
    return keys;
}

std::vector<std::string> Manager::all_keys() const { return keys_of(".*"); }

const config::ResourceGroup* Manager::group(const std::string& key) const
{
    for (const config::ResourceGroup& g : cfg_.resources.groups) {
        if (g.key == key) {
            return &g;
        }
    }
    return nullptr;
}

// -------------------------------------------------------------- messages --

void Manager::send_resources_held(bool stable, const char* comment)
{
    if (!nice()) {
        return;
    }
    wire::Message m("resource");
    m.add("rsc_hold", hold_name(i_hold_));
    m.add("rtype", "full");
    m.add("isstable", stable ? "1" : "0");
    if (comment) {
        m.add("info", comment);
    }
    host_.send(std::move(m));
}

void Manager::send_standby_msg(Standby state)
{
    static const char* const names[] = {"not", "me", "other", "done"};
    wire::Message m("ask_resources");
    m.add("rsc_hold", hold_name(standby_rsctype_));
    m.add("info", names[static_cast<int>(state)]);
    host_.send(std::move(m));
}

void Manager::send_stonith_msg(const std::string& node, const char* result)
{
    wire::Message m("stonith");
    m.add("node", node);
    m.add("result", result);
    host_.send(std::move(m));
}

// ------------------------------------------------------------------ jobs --

void Manager::enqueue(std::unique_ptr<Job> job, MonoTime /*now*/)
{
    // Started by poll(), never from inside the state change that asked for
    // it: 3.0.6 forks, so its bookkeeping after the fork always runs before
    // the child's first message comes back.
    queue_.push_back(std::move(job));
}

void Manager::poll(MonoTime now)
{
    if (!job_) {
        start_next_job(now);
    }
}

void Manager::start_next_job(MonoTime now)
{
    while (!job_ && !queue_.empty()) {
        job_ = std::move(queue_.front());
        queue_.pop_front();
        advance_job(now);
    }
    if (!job_) {
        shutdown_if_needed(now);
    }
}

const ScriptCall* Manager::pending_script() const
{
    if (op_ && op_->state() == GroupOp::State::running_script) {
        return &op_->call();
    }
    if (job_ && job_->status_call) {
        return &*job_->status_call;
    }
    return nullptr;
}

void Manager::advance_job(MonoTime now)
{
    while (job_) {
        if (op_ || job_->status_call) {
            return;  // waiting for a script or a retry timer
        }
        if (job_->steps.empty()) {
            job_finished(now);
            return;
        }
        Job::Step step = std::move(job_->steps.front());
        job_->steps.pop_front();
        switch (step.kind) {
        case Job::Step::Kind::take:
        case Job::Step::Kind::give: {
            const config::ResourceGroup* g = group(step.key);
            if (!g) {
                log(LogLevel::err, "no resource group with key [" + step.key + "] in haresources");
                break;
            }
            op_ = std::make_unique<GroupOp>(*g,
                step.kind == Job::Step::Kind::take ? GroupAction::take : GroupAction::give, opts_.group, host_);
            op_->start(now);
            if (op_->state() == GroupOp::State::done) {
                op_.reset();
            }
            break;
        }
        case Job::Step::Kind::status: {
            // ResourceManager status KEY: the key resource's own status.
            const config::ResourceGroup* g = group(step.key);
            if (!g || g->resources.empty()) {
                job_->last_running = false;
                break;
            }
            const config::Resource& r = g->resources.front();
            job_->status_call = ScriptCall{r.spec, r.script, r.args, "status"};
            break;
        }
        case Job::Step::Kind::call:
            step.fn(*this, *job_, now);
            break;
        }
    }
}

void Manager::on_script_result(const ScriptResult& r, MonoTime now)
{
    if (job_ && job_->status_call && !op_) {
        job_->status_call.reset();
        job_->last_running = status_says_running(r.output);
        advance_job(now);
        return;
    }
    if (!op_) {
        return;
    }
    op_->on_result(r, now);
    if (op_->state() != GroupOp::State::done) {
        return;
    }
    std::unique_ptr<GroupOp> done = std::move(op_);
    if (done->outcome() == GroupOp::Outcome::stop_failed) {
        // RecoverFromFailedStop: the node must go down so the peer can take
        // over safely. Nothing more runs here.
        queue_.clear();
        job_.reset();
        host_.failed_stop(done->failed_resource());
        return;
    }
    if (done->outcome() == GroupOp::Outcome::start_failed) {
        // 3.0.6: (sleep 30; hb_standby local|foreign) &
        const std::string key = done->group().key;
        const auto ours = our_keys();
        const bool local = std::find(ours.begin(), ours.end(), key) != ours.end();
        delayed_standby_.emplace_back(now + opts_.start_failure_standby_delay, local ? "local" : "foreign");
    }
    advance_job(now);
}

void Manager::job_finished(MonoTime now)
{
    const std::string name = job_->name;
    job_.reset();
    if (name == "req_our_resources" || name == "ip-request-resp") {
        local_takeover_work_done_ = true;
        announce_takeover(name.c_str());
    }
    start_next_job(now);
}

void Manager::tick(MonoTime now)
{
    fence_tick(now);
    if (op_ && op_->state() == GroupOp::State::waiting && now >= op_->wake_at()) {
        op_->on_timer(now);
    }
    if (standby_running_ && now >= *standby_running_) {
        standby_running_.reset();
        other_is_stable_ = true;
        going_standby_ = Standby::not_;
        log(LogLevel::warn, "No reply to standby request.  Standby request cancelled.");
        finish_standby("cancelled: no reply to standby request within "
            + std::to_string(opts_.standby_reply_timeout.count() / 1000) + " s");
        shutdown_if_needed(now);
    }
    if (nice() && rstate_ == RState::rscrcvd && local_takeover_time_ && now > *local_takeover_time_) {
        rstate_ = RState::stable;
        req_our_resources(false, now);
        log(LogLevel::info, "local resource transition completed.");
        send_resources_held(true, nullptr);
        audit_resources();
    }
    if (auto_failback_retry_ && now >= *auto_failback_retry_) {
        auto_failback_retry_.reset();
        perform_auto_failback(now);
    }
    for (auto it = delayed_standby_.begin(); it != delayed_standby_.end();) {
        if (now >= it->first) {
            std::string what = it->second;
            it = delayed_standby_.erase(it);
            // What hb_standby writes into the FIFO.
            log(LogLevel::info, "Going standby [" + what + "].");
            wire::Message m("ask_resources");
            m.add("rsc_hold", what);
            m.add("info", "me");
            host_.send(std::move(m));
        } else {
            ++it;
        }
    }
    advance_job(now);
}

std::optional<MonoTime> Manager::next_deadline() const
{
    std::optional<MonoTime> best;
    auto consider = [&](std::optional<MonoTime> t) {
        if (t && (!best || *t < *best)) {
            best = t;
        }
    };
    if (op_ && op_->state() == GroupOp::State::waiting) {
        consider(op_->wake_at());
    }
    consider(standby_running_);
    if (nice() && rstate_ == RState::rscrcvd && local_takeover_time_) {
        consider(*local_takeover_time_ + Duration(1));
    }
    consider(auto_failback_retry_);
    consider(fence_deadline());
    for (const auto& d : delayed_standby_) {
        consider(d.first);
    }
    return best;
}

// ------------------------------------------------------------- stability --

bool Manager::stable() const
{
    if (!nice()) {
        return !busy();  // legacy: no resource work running
    }
    if (shutdown_in_progress_ && rstate_ == RState::init) {
        return true;
    }
    return other_is_stable_ && !takeover_in_progress_ && going_standby_ == Standby::not_
        && !standby_running_ && !busy()
        && (rstate_ == RState::stable || rstate_ == RState::shutdown || rstate_ == RState::init);
}

std::string Manager::rscstatus() const
{
    return stable() ? std::string(hold_name(i_hold_)) : std::string("transition");
}

void Manager::announce_takeover(const char* reason)
{
    if (init_takeover_announced_ || !local_takeover_work_done_ || !foreign_takeover_work_done_) {
        return;
    }
    log(LogLevel::info, std::string("Initial resource acquisition complete (") + reason + ")");
    init_takeover_announced_ = true;
}

void Manager::audit_resources()
{
    if (!nice()) {
        return;
    }
    if (any(i_hold_ & Hold::local) && any(other_holds_ & Hold::foreign)) {
        log(LogLevel::err, "Both machines own our resources!");
    }
    if (any(other_holds_ & Hold::local) && any(i_hold_ & Hold::foreign)) {
        log(LogLevel::err, "Both machines own foreign resources!");
    }
    if (stable() && !shutdown_in_progress_ && rstate_ != RState::shutdown) {
        // (Only for kinds of groups that exist: with no local groups there
        // is nothing for anyone to own.)
        if (!our_keys().empty() && !any(i_hold_ & Hold::local) && !any(other_holds_ & Hold::foreign)) {
            log(LogLevel::err, "No one owns our local resources!");
        }
        if (!other_keys().empty() && !any(other_holds_ & Hold::local) && !any(i_hold_ & Hold::foreign)) {
            log(LogLevel::err, "No one owns foreign resources!");
        }
    }
}

// ------------------------------------------------------ monitoring hooks --

std::string Manager::current_job() const
{
    return job_ ? job_->name : std::string();
}

void Manager::give_away(const std::string& key, MonoTime now)
{
    const auto ours = our_keys();
    const bool local = std::find(ours.begin(), ours.end(), key) != ours.end();
    delayed_standby_.emplace_back(now, local ? "local" : "foreign");
}

}  // namespace hb::res
