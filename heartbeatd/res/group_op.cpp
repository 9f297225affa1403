#include "res/group_op.h"

#include "base/strings.h"

namespace hb::res {

namespace {

std::string describe(const config::ResourceGroup& g)
{
    std::string s = g.node;
    for (const config::Resource& r : g.resources) {
        s += ' ';
        s += r.spec;
    }
    return s;
}

}  // namespace

namespace {

// [Rr]unning at position i
bool running_at(std::string_view s, std::size_t i)
{
    return i + 7 <= s.size() && (s[i] == 'R' || s[i] == 'r') && s.substr(i + 1, 6) == "unning";
}

bool has_running_from(std::string_view s, std::size_t from)
{
    for (std::size_t i = from; i < s.size(); ++i) {
        if (running_at(s, i)) {
            return true;
        }
    }
    return false;
}

}  // namespace

bool status_says_running(std::string_view output)
{
    // The shell case patterns of we_own_resource(), in order:
    //   *[Nn][Oo][Tt]\ *[Rr]unning*  -> not owned
    //   *[Rr]unning*|*OK*             -> owned
    //   *                             -> not owned
    auto ci = [](char c, char lower) { return c == lower || c == lower - 'a' + 'A'; };
    for (std::size_t i = 0; i + 4 <= output.size(); ++i) {
        if (ci(output[i], 'n') && ci(output[i + 1], 'o') && ci(output[i + 2], 't') && output[i + 3] == ' '
            && has_running_from(output, i + 4)) {
            return false;
        }
    }
    return has_running_from(output, 0) || output.find("OK") != std::string_view::npos;
}

GroupOp::GroupOp(const config::ResourceGroup& group, GroupAction action, GroupOpOptions opts, Logger& log)
    : group_(group), action_(action), opts_(opts), log_(log)
{
}

void GroupOp::start(MonoTime now)
{
    if (action_ == GroupAction::take) {
        log_.log(LogLevel::info, "Acquiring resource group: " + describe(group_));
        index_ = 0;
        if (group_.resources.empty()) {
            finish(Outcome::ok);
            return;
        }
        run(0, Phase::take_status);
    } else {
        log_.log(LogLevel::info, "Releasing resource group: " + describe(group_));
        begin_give(group_.resources.size());
        if (state_ != State::done) {
            return;
        }
    }
    (void)now;
}

void GroupOp::begin_give(std::size_t count)
{
    if (count == 0) {
        finish(giving_after_failure_ ? Outcome::start_failed : Outcome::ok);
        return;
    }
    retries_ = 0;
    run(count - 1, Phase::give_stop);
}

void GroupOp::run(std::size_t index, Phase phase)
{
    index_ = index;
    phase_ = phase;
    const config::Resource& r = group_.resources[index];
    call_ = ScriptCall{r.spec, r.script, r.args,
        phase == Phase::take_status || phase == Phase::give_status ? "status"
            : phase == Phase::take_start                             ? "start"
                                                                     : "stop"};
    state_ = State::running_script;
}

void GroupOp::finish(Outcome o)
{
    outcome_ = o;
    state_ = State::done;
}

void GroupOp::on_result(const ScriptResult& r, MonoTime now)
{
    if (state_ != State::running_script) {
        return;
    }
    const std::string& spec = group_.resources[index_].spec;
    switch (phase_) {
    case Phase::take_status:
        if (status_says_running(r.output)) {
            next_take(now);  // already ours: skip its start
        } else {
            run(index_, Phase::take_start);
        }
        return;
    case Phase::take_start:
        if (r.exit_code == 0 && !r.timed_out) {
            next_take(now);
            return;
        }
        failed_ = spec;
        log_.log(LogLevel::crit, "Giving up resources due to failure of " + spec);
        giving_after_failure_ = true;
        log_.log(LogLevel::info, "Releasing resource group: " + describe(group_));
        begin_give(group_.resources.size());
        return;
    case Phase::give_stop:
        if (r.exit_code == 0 && !r.timed_out) {
            next_give(now);
            return;
        }
        if (opts_.stop_retries <= 0 || retries_ < opts_.stop_retries) {
            ++retries_;
            state_ = State::waiting;
            wake_at_ = now + opts_.retry_interval;
            return;
        }
        run(index_, Phase::give_status);
        return;
    case Phase::give_status:
        if (status_says_running(r.output)) {
            // The resource is still active and we cannot stop it: only
            // taking the node down keeps the peer from a double start.
            failed_ = spec;
            log_.log(LogLevel::crit, "Resource " + spec + " could not be stopped; it is still running");
            finish(Outcome::stop_failed);
            return;
        }
        log_.log(LogLevel::err, "Resource script for " + spec + " probably not LSB-compliant.");
        log_.log(LogLevel::warn, "it (" + spec + ") MUST succeed on a stop when already stopped");
        log_.log(LogLevel::warn, "Machine reboot narrowly avoided!");
        next_give(now);
        return;
    }
}

void GroupOp::on_timer(MonoTime now)
{
    if (state_ != State::waiting || now < wake_at_) {
        return;
    }
    log_.log(LogLevel::info, "Retrying failed stop operation [" + group_.resources[index_].spec + "]");
    run(index_, Phase::give_stop);
}

void GroupOp::next_take(MonoTime /*now*/)
{
    if (index_ + 1 < group_.resources.size()) {
        run(index_ + 1, Phase::take_status);
    } else {
        finish(Outcome::ok);
    }
}

void GroupOp::next_give(MonoTime /*now*/)
{
    retries_ = 0;
    if (index_ == 0) {
        finish(giving_after_failure_ ? Outcome::start_failed : Outcome::ok);
    } else {
        run(index_ - 1, Phase::give_stop);
    }
}

}  // namespace hb::res
