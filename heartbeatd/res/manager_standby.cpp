// Standby and takeover (hb_standby / hb_takeover, the ask_resources 3-phase
// exchange), auto failback, and the graceful stop.
#include <algorithm>

#include "base/strings.h"
#include "res/manager.h"
#include "res/manager_job.h"

namespace hb::res {

void Manager::record_standby(const std::string& from, const std::string& what, const std::string& outcome)
{
    standby_log_.push_back(StandbyRecord{next_standby_id_++, from, what, outcome});
    while (standby_log_.size() > 32) {
        standby_log_.pop_front();
    }
}

void Manager::finish_standby(const std::string& outcome)
{
    for (auto it = standby_log_.rbegin(); it != standby_log_.rend(); ++it) {
        if (it->outcome == "pending") {
            it->outcome = outcome;
            return;
        }
    }
}

void Manager::ask_for_resources(const std::string& from, const wire::Message& msg, MonoTime now)
{
    if (!nice()) {
        log(LogLevel::info, "Standby mode only implemented when nice_failback on");
        record_standby(from, std::string(msg.value("rsc_hold")),
            "ignored: standby mode only works with auto_failback on or off (this cluster runs legacy)");
        return;
    }
    if (rstate_ == RState::shutdown) {
        return;  // ignored during shutdown
    }
    const std::string info(msg.value("info"));
    const bool from_me = from == me_;
    const auto rsc = msg.get("rsc_hold");
    const Hold rtype = rsc ? parse_hold(*rsc) : Hold::all;
    const std::string rname(hold_name(rtype));
    if (info.empty() || from.empty()) {
        log(LogLevel::err, "Received standby message without info/from");
        return;
    }
    if (standby_running_ && now < *standby_running_ && iequals(info, "me")) {
        const auto left = (*standby_running_ - now).count();
        log(LogLevel::warn, "Standby in progress- new request from " + from + " ignored ["
                + std::to_string((left + 999) / 1000) + " seconds left]");
        record_standby(from, rname, "ignored: another standby is in progress");
        return;
    }
    const Standby orig = going_standby_;
    bool ignored = false;
    switch (going_standby_) {
    case Standby::not_:
        if (!other_is_stable_) {
            log(LogLevel::warn, "standby message [" + info + "] from " + from + " ignored.  Other side is in flux.");
            if (iequals(info, "me")) {
                record_standby(from, rname, "ignored: other side is in flux");
            }
            return;
        }
        if (rstate_ != RState::stable) {
            log(LogLevel::warn, "standby message [" + info + "] from " + from + " ignored.  local resources in flux.");
            if (iequals(info, "me")) {
                record_standby(from, rname, "ignored: local resources in flux");
            }
            return;
        }
        standby_rsctype_ = rtype;
        if (iequals(info, "me")) {
            other_is_stable_ = false;
            log(LogLevel::info, from + " wants to go standby [" + rname + "]");
            record_standby(from, rname, "pending");
            if (from_me) {
                standby_running_ = now + opts_.standby_reply_timeout;
                going_standby_ = Standby::me;
            } else {
                going_standby_ = Standby::other;
                send_standby_msg(going_standby_);
                standby_running_ = now + opts_.standby_phase_timeout;
            }
        } else {
            ignored = true;
        }
        break;
    case Standby::me:
        if (!from_me) {
            standby_rsctype_ = rtype;
            standby_running_ = now + opts_.standby_phase_timeout;
            if (iequals(info, "other")) {
                log(LogLevel::info, "standby: " + from + " can take our " + rname + " resources");
                go_standby(true, rtype, now);
            } else {
                ignored = true;
            }
        } else if (iequals(info, "done")) {
            log(LogLevel::info, "Local standby process completed [" + rname + "].");
            going_standby_ = Standby::done;
            i_hold_ = without(i_hold_, standby_rsctype_);
            standby_running_ = now + opts_.standby_phase_timeout;
        } else {
            ignored = true;
        }
        break;
    case Standby::other:
        standby_rsctype_ = rtype;
        if (iequals(info, "done")) {
            standby_running_ = now + opts_.standby_phase_timeout;
            if (!from_me) {
                log(LogLevel::info, "standby: acquire [" + rname + "] resources from " + from);
                going_standby_ = Standby::done;
                go_standby(false, standby_rsctype_, now);
            } else {
                ignored = true;
            }
        } else if (!from_me || !iequals(info, "other")) {
            ignored = true;
        }
        break;
    case Standby::done:
        standby_rsctype_ = rtype;
        if (info == "done") {
            standby_running_.reset();
            going_standby_ = Standby::not_;
            if (from_me) {
                log(LogLevel::info, "Standby resource acquisition done [" + rname + "].");
                if (auto_failback_) {
                    local_takeover_work_done_ = true;
                    announce_takeover("auto_failback");
                }
                Hold rup = rtype == Hold::local ? Hold::foreign : rtype == Hold::foreign ? Hold::local : Hold::all;
                if (rtype == Hold::none) {
                    rup = Hold::none;
                }
                i_hold_ = i_hold_ | rup;
            } else {
                log(LogLevel::info, "Other node completed standby takeover of " + rname + " resources.");
            }
            finish_standby("completed");
            send_resources_held(true, nullptr);
            going_standby_ = Standby::not_;
        } else {
            ignored = true;
        }
        break;
    }
    if (ignored) {
        log(LogLevel::err, "Ignored standby message '" + info + "' from " + from + " in state "
                + std::to_string(static_cast<int>(orig)));
    }
}

void Manager::go_standby(bool me, Hold set, MonoTime now)
{
    if (me) {
        // They are about to pick up our resources: not stable until done.
        other_is_stable_ = false;
        i_hold_ = without(i_hold_, set);
        send_resources_held(false, "standby");
    }
    Hold act = Hold::none;
    switch (set) {
    case Hold::foreign: act = me ? Hold::foreign : Hold::local; break;
    case Hold::local: act = me ? Hold::local : Hold::foreign; break;
    case Hold::all: act = Hold::all; break;
    case Hold::none:
        log(LogLevel::err, std::string("no resources to ") + (me ? "give up" : "acquire"));
        return;
    }
    const std::vector<std::string> keys = act == Hold::foreign ? other_keys()
        : act == Hold::local                                    ? our_keys()
                                                                : all_keys();
    const std::string action = me ? "give up" : "acquire";
    const std::string what(hold_name(act));
    auto job = std::make_unique<Job>();
    job->name = "go_standby";
    job->then([action, what](Manager& m, Job&, MonoTime) {
        m.log(LogLevel::info, action + " " + what + " HA resources (standby).");
    });
    if (me) {
        // givegroup in haresources order, as 3.0.6's loop over the keys does
        for (const std::string& k : keys) {
            job->give(k);
        }
    } else {
        for (const std::string& k : keys) {
            job->take(k);
        }
    }
    // The standby type is captured now: 3.0.6's child reports the value it
    // had when it was forked.
    const Hold rsctype = standby_rsctype_;
    job->then([me, what, rsctype](Manager& m, Job&, MonoTime) {
        m.log(LogLevel::info, what + " HA resource " + (me ? "release" : "acquisition") + " completed (standby).");
        const Hold saved = m.standby_rsctype_;
        m.standby_rsctype_ = rsctype;
        m.send_standby_msg(Standby::done);
        m.standby_rsctype_ = saved;
    });
    enqueue(std::move(job), now);
}

void Manager::perform_auto_failback(MonoTime now)
{
    if (shutdown_in_progress_ || !any(i_hold_ & Hold::foreign) || !rsc_needs_failback_ || !auto_failback_) {
        rsc_needs_failback_ = false;
        shutdown_if_needed(now);
        return;
    }
    if (going_standby_ != Standby::not_ || !other_is_stable_ || rstate_ != RState::stable) {
        log(LogLevel::debug, "Auto failback delayed.");
        auto_failback_retry_ = now + Duration(1000);
        return;
    }
    standby_rsctype_ = Hold::foreign;
    send_standby_msg(Standby::me);
    rsc_needs_failback_ = false;
}

void Manager::request_shutdown(MonoTime now)
{
    rsc_needs_shutdown_ = true;
    giveup_resources(now);
}

void Manager::shutdown_if_needed(MonoTime now)
{
    if (rsc_needs_shutdown_ && !shutdown_in_progress_) {
        giveup_resources(now);
    }
}

void Manager::giveup_resources(MonoTime now)
{
    if (!stable()) {
        if (!rsc_needs_shutdown_ || !shutdown_delay_logged_) {
            log(LogLevel::warn, "Shutdown delayed until current resource activity finishes.");
            shutdown_delay_logged_ = true;
        }
        rsc_needs_shutdown_ = true;
        return;
    }
    rsc_needs_shutdown_ = false;
    if (shutdown_in_progress_) {
        log(LogLevel::info, "Heartbeat shutdown already underway.");
        return;
    }
    shutdown_in_progress_ = true;
    i_hold_ = Hold::none;
    rstate_ = RState::shutdown;
    if (nice()) {
        send_resources_held(false, "shutdown");
    }
    auto job = std::make_unique<Job>();
    job->name = "giveup_resources";
    job->then([](Manager& m, Job&, MonoTime) { m.log(LogLevel::info, "Giving up all HA resources."); });
    for (const std::string& k : all_keys()) {
        job->give(k);
    }
    job->then([](Manager& m, Job&, MonoTime) {
        m.log(LogLevel::info, "All HA resources relinquished.");
        m.resources_released_ = true;
        m.host_.resources_released();
    });
    // Pending work that would take resources again is dropped.
    queue_.clear();
    enqueue(std::move(job), now);
}

}  // namespace hb::res
