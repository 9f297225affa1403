// The v1 resource manager: Heartbeat 3.0.6's hb_resource.c and the scripts
// it drives (ResourceManager, req_resource, mach_down, rc.d/ip-request,
// rc.d/ip-request-resp, rc.d/hb_takeover, hb_standby) as one pure state
// machine. It speaks the same messages in the same order (facts section 4),
// so a real 3.0.6 peer cannot tell the difference.
//
// Resource state (nice_failback, i.e. auto_failback on|off):
//   init --comm up: send starting--> starting
//   starting --peer's starting--> bothstarting
//   starting|bothstarting --peer's resource msg--> rscrcvd
//   rscrcvd --peer stable--> stable (take what is ours, unless the peer holds it)
//   rscrcvd --10 s (RQSTDELAY) with nobody stable--> stable (take local groups)
//   any --graceful stop--> shutdown
// Standby (3-phase, ask_resources): not --me--> me --other--> (give) done
//   not --peer's me: send other--> other --peer's done--> (take) done --done--> not
// Legacy (auto_failback legacy): ip-request / ip-request-resp, no starting,
// no resource messages, rscstatus none.
//
// Resource work (taking or giving groups, sending the messages that report
// it) runs as jobs, one at a time in arrival order, like 3.0.6's queue of
// resource processes; the shell executes the scripts a job asks for.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/log.h"
#include "base/time.h"
#include "config/config.h"
#include "res/group_op.h"
#include "wire/message.h"

namespace hb::res {

/// rsc_hold values, from the sender's point of view (bit 1 local, bit 2 foreign).
enum class Hold : int { none = 0, local = 1, foreign = 2, all = 3 };
std::string_view hold_name(Hold h);
Hold parse_hold(std::string_view s);  // unknown -> none (3.0.6 logs and uses 0)
inline Hold operator|(Hold a, Hold b) { return static_cast<Hold>(static_cast<int>(a) | static_cast<int>(b)); }
inline Hold operator&(Hold a, Hold b) { return static_cast<Hold>(static_cast<int>(a) & static_cast<int>(b)); }
inline Hold without(Hold a, Hold b) { return static_cast<Hold>(static_cast<int>(a) & ~static_cast<int>(b)); }
inline bool any(Hold h) { return h != Hold::none; }

enum class RState { init, starting, bothstarting, rscrcvd, stable, shutdown };
enum class Standby { not_, me, other, done };

/// What the manager needs from the daemon.
class ManagerHost : public Logger {
public:
    /// Send a cluster message (the engine adds the common fields).
    virtual void send(wire::Message msg) = 0;
    /// The graceful stop released everything: send shutdone and finish.
    virtual void resources_released() = 0;
    /// A stop failed while the resource still runs (RecoverFromFailedStop).
    virtual void failed_stop(const std::string& resource) = 0;
    /// Run /etc/ha.d/rc.d/<type> hooks for this message (harc semantics).
    virtual void notify_world(const wire::Message& msg, const std::string& old_status) = 0;
    /// STONITH (facts section 8): whether a device is configured for this
    /// node; reset a node (answer later with Manager::on_fence_result(),
    /// never from inside this call); check the device (comm up, hourly).
    virtual bool can_fence() const { return false; }
    virtual void fence(const std::string& /*node*/) {}
    virtual void check_fence_device() {}
};

struct ManagerOptions {
    Duration rqstdelay{10000};              // RQSTDELAY
    Duration standby_reply_timeout{10000};  // STANDBY_INIT_TO_MS
    Duration standby_phase_timeout{3600000};  // HB_STANDBY_RSC_TO_MS
    Duration start_failure_standby_delay{30000};  // (sleep 30; hb_standby ...)
    GroupOpOptions group;
};

/// One outcome of a standby or takeover request, for operators asking
/// "why did nothing happen" (hb_standby reports it).
struct StandbyRecord {
    std::uint64_t id = 0;
    std::string from;     // who asked
    std::string what;     // all / local / foreign
    std::string outcome;  // pending, ignored: <why>, cancelled: <why>, completed
};

class Manager {
public:
    Manager(const config::Config& cfg, ManagerHost& host, ManagerOptions opts = {});
    ~Manager();
    Manager(const Manager&) = delete;
    Manager& operator=(const Manager&) = delete;

    // Inputs from the engine (all with the time).
    void on_comm_up(MonoTime now);
    void on_message(const std::string& from, const wire::Message& msg, MonoTime now);
    void on_node_status(const std::string& node, const std::string& old_status,
        const std::string& new_status, MonoTime now);
    /// A peer was declared dead. `heard_from`: it had sent packets since it
    /// was last declared dead or restarted (3.0.6 anypacketsyet).
    void on_node_dead(const std::string& node, bool heard_from, MonoTime now);
    void on_node_restarted(const std::string& node);
    /// The reset of `node` that the manager asked for finished: `result` is
    /// the stonith message's result (OK, bad, badhost).
    void on_fence_result(const std::string& node, bool ok, const std::string& result, MonoTime now);
    /// SIGTERM: give up everything (when stable), then resources_released().
    void request_shutdown(MonoTime now);

    // The script the current job wants run, if any; its result comes back
    // through on_script_result(). One at a time.
    const ScriptCall* pending_script() const;
    void on_script_result(const ScriptResult& r, MonoTime now);
    void tick(MonoTime now);
    /// Starts queued resource work; call after every input.
    void poll(MonoTime now);
    std::optional<MonoTime> next_deadline() const;

    // cl_status rscstatus: all/local/foreign/none, or transition.
    std::string rscstatus() const;
    Hold holding() const { return i_hold_; }
    bool stable() const;
    bool busy() const { return job_ != nullptr || !queue_.empty(); }
    const std::deque<StandbyRecord>& standby_log() const { return standby_log_; }
    RState state() const { return rstate_; }
    /// Dead nodes whose takeover waits for a successful STONITH reset.
    std::vector<std::string> fencing_nodes() const;
    /// Name of the job now running ("" when idle), for the action history.
    std::string current_job() const;
    /// Resource monitoring gave up on `key`: hand its set (local or
    /// foreign) to the peer through the standby path a failed start uses.
    void give_away(const std::string& key, MonoTime now);

    /// ipfail's partition rule (res/ipfail.h, manager_isolation.cpp): while
    /// isolated, give up everything and take nothing. Leaving isolation:
    /// `take_dead` takes everything a takeover from the dead peers would
    /// (a ping node answers, the peer is still dead); `reacquire_local`
    /// takes our own groups back unless the peer reported holding them (the
    /// peer came back without ever having been declared dead).
    void set_isolated(bool isolated, MonoTime now, bool take_dead = false, bool reacquire_local = false);
    bool isolated() const { return isolated_; }

    // The haresources view (ResourceManager listkeys/ourkeys/otherkeys).
    std::vector<std::string> keys_of(const std::string& node) const;
    std::vector<std::string> our_keys() const;
    std::vector<std::string> other_keys() const;
    std::vector<std::string> all_keys() const;

    struct Job;  // defined in manager.cpp

private:
    // 3.0.6 hb_resource.c, by name
    void req_our_resources(bool getthemanyway, MonoTime now);
    void takeover_from_node(const std::string& node, MonoTime now);
    void process_resources(const std::string& from, const wire::Message& msg, MonoTime now);
    void ask_for_resources(const std::string& from, const wire::Message& msg, MonoTime now);
    void go_standby(bool me, Hold set, MonoTime now);
    void send_resources_held(bool stable, const char* comment);
    void send_standby_msg(Standby state);
    void send_stonith_msg(const std::string& node, const char* result);
    void perform_auto_failback(MonoTime now);
    void start_fencing(const std::string& node, MonoTime now);
    void fence_comm_up(MonoTime now);
    void fence_tick(MonoTime now);
    std::optional<MonoTime> fence_deadline() const;
    void giveup_resources(MonoTime now);
    void shutdown_if_needed(MonoTime now);
    void audit_resources();
    void announce_takeover(const char* reason);
    void record_standby(const std::string& from, const std::string& what, const std::string& outcome);
    void finish_standby(const std::string& outcome);

    // jobs
    void enqueue(std::unique_ptr<Job> job, MonoTime now);
    void start_next_job(MonoTime now);
    void advance_job(MonoTime now);
    void job_finished(MonoTime now);

    const config::ResourceGroup* group(const std::string& key) const;
    bool nice() const { return nice_failback_; }
    void log(LogLevel l, const std::string& t) { host_.log(l, t); }

    config::Config cfg_;
    ManagerHost& host_;
    ManagerOptions opts_;
    std::string me_;
    bool nice_failback_;
    bool auto_failback_;

    Hold i_hold_ = Hold::none;
    Hold other_holds_ = Hold::none;
    bool other_is_stable_ = false;
    RState rstate_ = RState::init;
    Standby going_standby_ = Standby::not_;
    std::optional<MonoTime> standby_running_;
    Hold standby_rsctype_ = Hold::all;
    bool takeover_in_progress_ = false;
    bool rsc_needs_failback_ = false;
    bool rsc_needs_shutdown_ = false;
    bool shutdown_delay_logged_ = false;
    bool shutdown_in_progress_ = false;
    bool resources_released_ = false;
    std::optional<MonoTime> local_takeover_time_;
    std::optional<MonoTime> auto_failback_retry_;
    bool local_takeover_work_done_ = false;
    bool foreign_takeover_work_done_ = false;
    bool init_takeover_announced_ = false;
    bool comm_up_ = false;
    bool isolated_ = false;  // ipfail partition rule
    std::vector<std::pair<MonoTime, std::string>> delayed_standby_;  // after a start failure
    std::vector<std::string> node_has_resources_;  // legacy: peers that may hold resources
    std::vector<std::string> dead_nodes_;
    struct Fencing {
        std::string node;
        std::optional<MonoTime> retry_at;  // set while waiting to retry
        int tries = 1;
    };
    std::vector<Fencing> fencing_;  // resets in progress or being retried
    std::optional<MonoTime> fence_check_at_;

    std::deque<std::unique_ptr<Job>> queue_;
    std::unique_ptr<Job> job_;
    std::unique_ptr<GroupOp> op_;

    std::deque<StandbyRecord> standby_log_;
    std::uint64_t next_standby_id_ = 1;
};

}  // namespace hb::res
