// One cluster node's logic: the protocol engine and the resource manager,
// wired together the way 3.0.6's master control process wires heartbeat.c
// and hb_resource.c. Pure: the daemon feeds it input and carries out what
// it asks through NodeHost; the unit tests run whole clusters of Nodes.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "config/config.h"
#include "member/engine.h"
#include "node/peer_outdate.h"
#include "member/ping_nodes.h"
#include "obs/history.h"
#include "res/ipfail.h"
#include "res/manager.h"
#include "res/monitor.h"
#include "wire/auth.h"

namespace hb::node {

class NodeHost : public Logger {
public:
    /// Send one frame on every medium (must not call back into the Node).
    virtual void transmit(const member::OutFrame& frame) = 0;
    virtual void forward_serial(std::size_t from_medium, std::string_view classic) = 0;
    virtual std::string loadavg() = 0;
    /// Start a resource script asynchronously; answer with
    /// Node::on_script_result(). At most one runs at a time.
    virtual void run_script(const res::ScriptCall& call) = 0;
    /// Run the operator's rc.d hook for this message type, if any
    /// (notify_world / harc). Fire and forget.
    virtual void run_hook(const wire::Message& msg, const std::string& old_status) = 0;
    /// A resource could not be stopped and still runs: the node must go
    /// down (3.0.6 RecoverFromFailedStop).
    virtual void failed_stop(const std::string& resource) = 0;
    /// The graceful stop finished: exit.
    virtual void shutdown_complete() = 0;
    virtual void uuid_learned(const std::string& node, const std::string& uuid) = 0;
    /// Our own heartbeat went out and came back through the engine (watchdog).
    virtual void own_heartbeat() {}
    /// A peer asked us to outdate our DRBD disk (node/peer_outdate.h): run
    /// `drbdadm outdate RES` asynchronously and answer with
    /// Node::on_outdate_done(job, exit code).
    virtual void run_outdate(std::uint64_t job, const std::string& resource)
    {
        (void)job;
        (void)resource;
    }
    /// STONITH: a device is configured for this node; reset NODE (answer
    /// with Node::on_fence_result(), from the loop); check the device.
    virtual bool can_fence() const { return false; }
    virtual void fence(const std::string& /*node*/) {}
    virtual void check_fence_device() {}
    /// ICMP echo requests for the ping nodes, one batch per own heartbeat.
    virtual void send_pings(const std::vector<member::PingProbe>& /*probes*/) {}
};

struct NodeOptions {
    bool manage_resources = true;  // heartbeat -M turns it off
    res::ManagerOptions manager;
    /// Resource monitoring; nullopt: from ha.cf's resource_monitor.
    std::optional<res::MonitorOptions> monitor;
    std::size_t history_capacity = obs::History::kDefaultCapacity;
};

class Node {
public:
    Node(const config::Config& cfg, member::Identity id, NodeHost& host, std::uint64_t seed,
        NodeOptions opts = {});
    ~Node();

    void start(Now now);
    void on_frame(std::size_t medium, std::string_view bytes, Now now, std::string_view source = {});
    void on_fifo(std::string_view bytes, Now now);
    void on_script_result(const res::ScriptResult& r, Now now);
    /// The reset asked for through NodeHost::fence() finished.
    void on_fence_result(const std::string& node, bool ok, const std::string& result, Now now);
    void tick(Now now);
    MonoTime next_deadline() const;
    /// An ICMP echo reply for one of our probes (id already matched) from
    /// `address`, carrying `payload` (node_ping.cpp).
    void on_ping_reply(std::string_view address, std::string_view payload, Now now);

    /// SIGTERM: release resources (once stable), then shutdone.
    void request_shutdown(Now now);
    bool stopping() const { return stopping_; }

    std::vector<std::string> reload(const config::Config& cfg);

    const member::Engine& engine() const { return *engine_; }
    const res::Manager* manager() const { return manager_.get(); }
    const member::PingNodes& ping_nodes() const { return ping_; }
    const res::IpFail* ipfail() const { return ipfail_.get(); }
    /// cl_status rscstatus
    std::string rscstatus() const;
    /// Membership events and resource actions (hb_history).
    const obs::History& history() const { return history_; }
    /// Resource monitoring state (nullptr without a resource manager).
    const res::Monitor* monitor() const { return monitor_.get(); }
    /// The groups this node holds now (haresources keys).
    std::vector<std::string> held_groups() const;

    // DRBD fence-peer support (node/peer_outdate.h).
    const OutdateRequest& request_outdate(const std::string& resource, const std::string& peer,
        Duration timeout, Now now);
    const OutdateRequest* outdate_request(std::uint64_t id) const { return outdater_->find(id); }
    void on_outdate_done(std::uint64_t job, int drbdadm_exit, Now now);
    /// A STONITH reset `node`: fence-peer requests for it answer 7 until
    /// it is heard again.
    void note_fenced(const std::string& node) { outdater_->note_fenced(node); }

private:
    class Glue;
    void after_input(Now now);
    void record_event(const member::Event& ev);
    void record_script(const res::ScriptResult& r, Now now);
    void record_monitor_note(const res::MonitorNote& note, Now now);
    void run_monitor(Now now);
    bool monitor_can_run() const;
    // ping nodes and ipfail (node_ping.cpp)
    void send_pings();
    void ping_changed(const member::PingStatusChange& c);
    void ping_links();
    void ping_tick();
    void ipfail_event(const member::Event& ev);
    void ipfail_flush(std::vector<wire::Message>& out);
    void update_isolation();
    std::optional<MonoTime> ping_deadline() const;

    NodeHost& host_;
    NodeOptions opts_;
    std::unique_ptr<Glue> glue_;
    std::unique_ptr<member::Engine> engine_;
    std::unique_ptr<res::Manager> manager_;
    std::unique_ptr<PeerOutdater> outdater_;
    member::PingNodes ping_;
    wire::Signer ping_signer_;
    std::unique_ptr<res::IpFail> ipfail_;
    std::string peer_;  // the other normal node (ipfail's partner)
    std::optional<MonoTime> rejoin_at_;  // isolated, a ping node answers: take over then
    bool peer_died_while_isolated_ = false;
    Now now_{};
    bool stopping_ = false;
    bool waiting_for_comm_ = false;
    bool pending_shutdown_ = false;
    bool script_in_flight_ = false;
    // The script now running: for the history.
    res::ScriptCall call_;
    std::string call_reason_;
    MonoTime call_started_{};
    bool monitor_call_ = false;
    obs::History history_;
    std::unique_ptr<res::Monitor> monitor_;
};

}  // namespace hb::node
