// The v1 resource protocol (facts section 4): comm-up, starting/resource,
// the standby 3-phase exchange, takeover on death and shutdown, legacy
// ip-request. Split from manager.cpp (jobs, stability) for size.
#include <algorithm>

#include "base/strings.h"
#include "res/manager.h"
#include "res/manager_job.h"

namespace hb::res {

// ---------------------------------------------------------------- inputs --

void Manager::on_comm_up(MonoTime now)
{
    comm_up_ = true;
    fence_comm_up(now);
    if (dead_nodes_.empty()) {
        // Everyone is up: nobody's resources to take over.
        foreign_takeover_work_done_ = true;
    }
    if (nice()) {
        wire::Message m("starting");
        host_.send(std::move(m));
        rstate_ = RState::starting;
    } else {
        req_our_resources(false, now);
    }
}

void Manager::on_node_status(const std::string& node, const std::string& old_status,
    const std::string& new_status, MonoTime now)
{
    const std::string n = to_lower(node);
    auto it = std::find(dead_nodes_.begin(), dead_nodes_.end(), n);
    if (new_status == "dead") {
        if (it == dead_nodes_.end()) {
            dead_nodes_.push_back(n);
        }
    } else if (it != dead_nodes_.end()) {
        dead_nodes_.erase(it);
    }
    // rc.d/status hooks run for every status change a status message
    // brings, as notify_world does. A death is not such a message: 3.0.6
    // runs the hook for it once, from takeover_from_node().
    if (new_status == "dead") {
        return;
    }
    wire::Message m("status");
    m.add("src", n);
    m.add("st", new_status);
    host_.notify_world(m, old_status);
    (void)now;
}

void Manager::on_node_restarted(const std::string& node)
{
    // 3.0.6 sets has_resources when a new generation of a node appears (its
    // first contact included) and clears it on shutdone: legacy mode's
    // "was it holding anything" for the STONITH decision.
    const std::string n = to_lower(node);
    if (std::find(node_has_resources_.begin(), node_has_resources_.end(), n) == node_has_resources_.end()) {
        node_has_resources_.push_back(n);
    }
}

void Manager::on_message(const std::string& from, const wire::Message& msg, MonoTime now)
{
    const std::string_view type = msg.type();
    const std::string src = to_lower(from);
    const bool from_me = src == me_;
    // 3.0.6 registers its resource message handlers only at comm up
    // (comm_up_resource_action); earlier ones only reach API clients.
    if (!comm_up_ && type != "shutdone") {
        return;
    }
    if (type == "starting" || type == "resource") {
        process_resources(src, msg, now);
        shutdown_if_needed(now);
        return;
    }
    if (type == "ask_resources") {
        ask_for_resources(src, msg, now);
        shutdown_if_needed(now);
        return;
    }
    if (type == "shutdone") {
        if (comm_up_) {
            process_resources(src, msg, now);
        }
        if (!from_me) {
            std::erase(node_has_resources_, src);
            other_is_stable_ = false;
            other_holds_ = Hold::none;
            takeover_from_node(src, now);
        }
        return;
    }
    // Messages 3.0.6 handles through rc.d scripts (queued, one at a time).
    host_.notify_world(msg, "");
    if (type == "ip-request") {
        if (from_me) {
            return;  // request is from us
        }
        const std::string key(msg.value("ipaddr"));
        if (key.empty()) {
            log(LogLevel::err, "ip-request from " + src + " without ipaddr");
            return;
        }
        auto job = std::make_unique<Job>();
        job->name = "ip-request";
        job->status(key).then([key, src](Manager& m, Job& j, MonoTime) {
            const bool weown = j.last_running;
            if (weown) {
                j.steps.push_front({Job::Step::Kind::call, {}, [key, src](Manager& mm, Job&, MonoTime) {
                    wire::Message r("ip-request-resp");
                    r.add("dest", src);
                    r.add("ipaddr", key);
                    r.add("weown", "yes");
                    r.add("ok", "OK");
                    mm.host_.send(std::move(r));
                }});
                j.steps.push_front({Job::Step::Kind::give, key, {}});
            } else {
                wire::Message r("ip-request-resp");
                r.add("dest", src);
                r.add("ipaddr", key);
                r.add("weown", "no");
                r.add("ok", "OK");
                m.host_.send(std::move(r));
            }
        });
        enqueue(std::move(job), now);
    } else if (type == "ip-request-resp") {
        const std::string key(msg.value("ipaddr"));
        if (to_lower(msg.value("dest")) != me_ || key.empty()) {
            return;  // we did not request it
        }
        log(LogLevel::info, "received ip-request-resp " + key + " " + std::string(msg.value("ok")) + " "
                + std::string(msg.value("weown")));
        if (!group(key)) {
            log(LogLevel::warn, "ip-request-resp for [" + key + "], which is no resource group in haresources: ignored");
            return;
        }
        if (msg.value("ok") == "OK") {
            auto job = std::make_unique<Job>();
            job->name = "ip-request-resp";
            job->take(key);
            enqueue(std::move(job), now);
        }
    } else if (type == "hb_takeover") {
        if (from_me) {
            return;  // request is from us
        }
        // rc.d/hb_takeover: the other side asked to take over, so we go
        // standby with the mirrored set. "failback" maps to nothing there,
        // which makes hb_standby default to "all".
        const std::string_view want = msg.value("rsc_hold");
        std::string what = want == "local" ? "foreign" : want == "foreign" ? "local" : "all";
        log(LogLevel::info, src + " asked to take over [" + std::string(want) + "]: going standby ["
                + what + "].");
        wire::Message m("ask_resources");
        m.add("rsc_hold", what);
        m.add("info", "me");
        host_.send(std::move(m));
    }
}

// --------------------------------------------------------- nice_failback --

void Manager::process_resources(const std::string& from, const wire::Message& msg, MonoTime now)
{
    if (!nice()) {
        return;
    }
    const bool from_me = from == me_;
    const std::string_view type = msg.type();
    RState newstate = rstate_;

    if (type == "starting" && !from_me) {
        switch (rstate_) {
        case RState::rscrcvd:
        case RState::stable:
        case RState::shutdown:
            break;
        case RState::starting:
            newstate = RState::bothstarting;
            foreign_takeover_work_done_ = true;
            announce_takeover("HB_R_BOTHSTARTING");
            break;
        default:
            log(LogLevel::err, "Received 'starting' message in state " + std::to_string(static_cast<int>(rstate_)));
            return;
        }
        other_is_stable_ = false;
        if (takeover_in_progress_) {
            log(LogLevel::warn, "T_STARTING received during takeover.");
        }
        send_resources_held(rstate_ == RState::stable, nullptr);
    }

    if (type == "resource") {
        auto p = msg.get("rsc_hold");
        if (!p) {
            log(LogLevel::err, "resource message without rsc_hold field.");
            return;
        }
        const Hold n = parse_hold(*p);
        if (n == Hold::none && *p != "none") {
            log(LogLevel::err, "encode_resources: bad resource type [" + std::string(*p) + "]");
        }
        const bool full = msg.value("rtype") == "full";
        switch (rstate_) {
        case RState::bothstarting:
        case RState::starting:
            newstate = RState::rscrcvd;
            if (!auto_failback_) {
                foreign_takeover_work_done_ = true;
                announce_takeover("T_RESOURCES");
            }
            break;
        case RState::rscrcvd:
        case RState::stable:
        case RState::shutdown:
            break;
        default:
            log(LogLevel::err, "resource message received in state " + std::to_string(static_cast<int>(rstate_)));
            return;
        }
        if (!from_me) {
            other_holds_ = upd_rsc(full, other_holds_, n);
            if (auto st = msg.get("isstable")) {  // absent when from a takeover script
                if (*st == "1") {
                    if (!other_is_stable_) {
                        log(LogLevel::info, "remote resource transition completed.");
                        other_is_stable_ = true;
                        send_resources_held(rstate_ == RState::stable, nullptr);
                        perform_auto_failback(now);
                    }
                } else {
                    other_is_stable_ = false;
                }
            }
            if (rstate_ != RState::stable && rstate_ != RState::shutdown && other_is_stable_) {
                log(LogLevel::info, "remote resource transition completed.");
                req_our_resources(false, now);
                newstate = RState::stable;
                send_resources_held(true, nullptr);
                perform_auto_failback(now);
                foreign_takeover_work_done_ = true;
                if (!auto_failback_ && any(other_holds_ & Hold::foreign)) {
                    local_takeover_work_done_ = true;
                }
                announce_takeover("T_RESOURCES(them)");
            }
        } else {
            // From us: mach_down's report, our standby/shutdown notice, or
            // our own answer to a starting message.
            i_hold_ = upd_rsc(full, i_hold_, n);
            if (any(i_hold_ & Hold::local)) {
                local_takeover_work_done_ = true;
                announce_takeover("T_RESOURCES(us)");
            }
            const std::string_view comment = msg.value("info");
            if (comment == "mach_down") {
                log(LogLevel::info, "mach_down takeover complete.");
                takeover_in_progress_ = false;
                i_hold_ = i_hold_ | Hold::foreign;
                rsc_needs_failback_ = true;
                other_is_stable_ = true;
                foreign_takeover_work_done_ = true;
                announce_takeover("mach_down");
            } else if (comment == "shutdown") {
                newstate = RState::shutdown;
            }
        }
    }

    if (type == "shutdone") {
        if (!from_me) {
            other_is_stable_ = true;
            other_holds_ = Hold::none;
            if (i_hold_ != Hold::all && !shutdown_in_progress_) {
                Hold rtype = i_hold_ == Hold::foreign ? Hold::local
                    : i_hold_ == Hold::local          ? Hold::foreign
                                                      : Hold::all;
                // Take over at once, without waiting for deadtime.
                going_standby_ = Standby::done;
                go_standby(false, rtype, now);
            }
        } else {
            newstate = RState::shutdown;
            i_hold_ = Hold::none;
        }
    }

    rstate_ = newstate;
    if (rstate_ == RState::rscrcvd && !local_takeover_time_) {
        local_takeover_time_ = now + opts_.rqstdelay;
    }
    audit_resources();
}

void Manager::req_our_resources(bool getthemanyway, MonoTime now)
{
    if (shutdown_in_progress_) {
        return;
    }
    if (isolated_) {
        log(LogLevel::warn, "Not acquiring local resources: no ping node reachable (ipfail).");
        return;
    }
    if (nice()) {
        if ((any(other_holds_ & Hold::foreign) || any(i_hold_ & Hold::local)) && !getthemanyway) {
            if (going_standby_ == Standby::not_) {
                log(LogLevel::info, "Local Resource acquisition completed. (none)");
                return;
            }
        }
        // Now, before the work: an interim resource message must already
        // say we hold them.
        i_hold_ = i_hold_ | Hold::local;
    }
    // "Are we all alone in the world?" decides legacy mode's ip-request.
    std::size_t up = 1;  // ourselves
    for (const std::string& n : cfg_.ha.nodes) {
        const std::string ln = to_lower(n);
        if (ln != me_ && std::find(dead_nodes_.begin(), dead_nodes_.end(), ln) == dead_nodes_.end()) {
            ++up;
        }
    }
    const bool dont_ask = nice() || up < 2;
    const std::vector<std::string> keys = our_keys();
    auto job = std::make_unique<Job>();
    job->name = "req_our_resources";
    for (const std::string& key : keys) {
        // req_resource KEY: nothing to do when we already run it.
        job->status(key).then([key, dont_ask](Manager& m, Job& j, MonoTime) {
            if (j.last_running) {
                return;
            }
            if (dont_ask) {
                // Pretend the current owner gave it up peacefully.
                wire::Message r("ip-request-resp");
                r.add("dest", m.me_);
                r.add("ipaddr", key);
                r.add("weown", "yes");
                r.add("ok", "OK");
                m.host_.send(std::move(r));
            } else {
                wire::Message r("ip-request");
                r.add("ipaddr", key);
                m.host_.send(std::move(r));
            }
        });
    }
    const bool none = keys.empty();
    job->then([none](Manager& m, Job&, MonoTime) {
        if (none) {
            m.log(LogLevel::info, "No local resources [ResourceManager listkeys " + m.me_ + "] to acquire.");
        } else {
            m.log(LogLevel::info, "Local Resource acquisition completed.");
        }
        m.send_resources_held(true, "req_our_resources()");
    });
    enqueue(std::move(job), now);
}

void Manager::takeover_from_node(const std::string& node, MonoTime now)
{
    if (isolated_) {
        log(LogLevel::warn, "Not taking over resources from " + node + ": no ping node reachable (ipfail).");
        return;
    }
    if (shutdown_in_progress_) {
        log(LogLevel::info, "Resource takeover cancelled - shutdown in progress.");
        shutdown_if_needed(now);
        return;
    }
    log(LogLevel::info, "Resources being acquired from " + node + ".");
    // rc.d/status -> mach_down NODE
    wire::Message status("status");
    status.add("src", node);
    status.add("st", "dead");
    host_.notify_world(status, "");
    auto job = std::make_unique<Job>();
    job->name = "mach_down";
    for (const std::string& key : keys_of(node)) {
        job->then([key](Manager& m, Job&, MonoTime) { m.log(LogLevel::info, "Taking over resource group " + key); });
        job->take(key);
    }
    job->then([node](Manager& m, Job&, MonoTime) {
        if (m.nice()) {
            m.log(LogLevel::info, "mach_down: nice_failback: foreign resources acquired");
            wire::Message r("resource");
            r.add("rsc_hold", "foreign");
            r.add("info", "mach_down");
            m.host_.send(std::move(r));
        }
        m.log(LogLevel::info, "mach_down takeover complete for node " + node + ".");
    });
    if (nice()) {
        i_hold_ = i_hold_ | Hold::foreign;
        other_holds_ = Hold::none;
        other_is_stable_ = true;  // not going anywhere
        takeover_in_progress_ = true;
    }
    enqueue(std::move(job), now);
    req_our_resources(true, now);
}

void Manager::on_node_dead(const std::string& node, bool heard_from, MonoTime now)
{
    const std::string n = to_lower(node);
    if (std::find(dead_nodes_.begin(), dead_nodes_.end(), n) == dead_nodes_.end()) {
        dead_nodes_.push_back(n);
    }
    if (going_standby_ != Standby::not_) {
        log(LogLevel::info, "Cancelling pending standby operation");
        going_standby_ = Standby::not_;
        standby_running_.reset();
        finish_standby("cancelled: " + n + " died");
        if (!other_is_stable_ && i_hold_ == Hold::all) {
            other_is_stable_ = true;
        }
        shutdown_if_needed(now);
    }
    if (shutdown_in_progress_) {
        if (rstate_ == RState::shutdown || rstate_ == RState::stable) {
            return;
        }
        giveup_resources(now);
        return;
    }
    rsc_needs_failback_ = true;
    // Heard from and reported holding nothing: no need to fence it.
    bool need_stonith = true;
    if (heard_from) {
        if (nice()) {
            need_stonith = other_holds_ != Hold::none;
        } else {
            need_stonith = std::find(node_has_resources_.begin(), node_has_resources_.end(), n)
                != node_has_resources_.end();
        }
    }
    if (need_stonith) {
        if (host_.can_fence()) {
            // Reset it first; on_fence_result() takes over once that worked.
            start_fencing(n, now);
            return;
        }
        send_stonith_msg(n, "n_stnth");
        log(LogLevel::warn, "No STONITH device configured.");
        log(LogLevel::warn, "Shared disks are not protected.");
        takeover_from_node(n, now);
        return;
    }
    log(LogLevel::info, "Dead node " + n + " gave up resources.");
    send_stonith_msg(n, "unneeded");
    if (nice()) {
        if (i_hold_ == Hold::all) {
            other_is_stable_ = true;
            return;
        }
        if (!any(i_hold_ & Hold::local)) {
            req_our_resources(true, now);
        }
        if (!any(i_hold_ & Hold::foreign)) {
            takeover_from_node(n, now);
        }
    } else {
        takeover_from_node(n, now);
    }
}

}  // namespace hb::res
