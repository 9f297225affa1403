// One resource group's start or stop, resource by resource, as 3.0.6's
// ResourceManager does it (takegroup / givegroup), without the shell. Pure:
// it asks for scripts to be run and is told their results; the shell runs
// them asynchronously.
//
// take:  for each resource left to right: status; owned -> next; else start;
//        start failed -> "Giving up resources due to failure of X", stop the
//        whole group again (give, below) and report failure.
// give:  for each resource right to left: stop; failed -> retry up to
//        stop_retries times, retry_interval apart; still failing and status
//        says it runs -> failed stop (the caller's recovery action); still
//        failing but not running -> "probably not LSB-compliant" warnings.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/log.h"
#include "base/time.h"
#include "config/config.h"

namespace hb::res {

/// A script invocation: `script args... action`.
struct ScriptCall {
    std::string resource;  // the haresources spec, e.g. "IPaddr::192.0.2.100/24/eth0"
    std::string script;    // e.g. "IPaddr"
    std::vector<std::string> args;
    std::string action;    // start, stop, status
};

struct ScriptResult {
    int exit_code = 0;         // -1 when killed (timeout) or not runnable
    std::string output;        // stdout (status is judged by it)
    bool timed_out = false;
};

/// 3.0.6's we_own_resource(): status output `*[Nn][Oo][Tt] *[Rr]unning*`
/// means not owned, `*[Rr]unning*` or `*OK*` owned, anything else not owned.
/// The exit code does not matter.
bool status_says_running(std::string_view output);

enum class GroupAction { take, give };

struct GroupOpOptions {
    int stop_retries = 10;             // HA_STOPRETRYMAX
    Duration retry_interval{1000};
};

class GroupOp {
public:
    enum class State { running_script, waiting, done };
    enum class Outcome { ok, start_failed, stop_failed };

    GroupOp(const config::ResourceGroup& group, GroupAction action, GroupOpOptions opts, Logger& log);

    /// Begins; afterwards `state()` says what to do.
    void start(MonoTime now);
    /// The script asked for by `call()` finished.
    void on_result(const ScriptResult& r, MonoTime now);
    /// Called at `wake_at()` while waiting (stop retry pause).
    void on_timer(MonoTime now);

    State state() const { return state_; }
    const ScriptCall& call() const { return call_; }
    MonoTime wake_at() const { return wake_at_; }
    Outcome outcome() const { return outcome_; }
    /// The resource that failed, for log lines and recovery.
    const std::string& failed_resource() const { return failed_; }
    const config::ResourceGroup& group() const { return group_; }
    GroupAction action() const { return action_; }

private:
    enum class Phase { take_status, take_start, give_stop, give_status };
    void run(std::size_t index, Phase phase);
    void next_take(MonoTime now);
    void next_give(MonoTime now);
    void begin_give(std::size_t from_end_index);
    void finish(Outcome o);

    config::ResourceGroup group_;
    GroupAction action_;
    GroupOpOptions opts_;
    Logger& log_;

    State state_ = State::done;
    Phase phase_ = Phase::take_status;
    std::size_t index_ = 0;     // resource being worked on
    int retries_ = 0;
    bool giving_after_failure_ = false;
    ScriptCall call_;
    MonoTime wake_at_{};
    Outcome outcome_ = Outcome::ok;
    std::string failed_;
};

}  // namespace hb::res
