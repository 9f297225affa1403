#include "node/node.h"

#include <variant>

#include "base/strings.h"

namespace hb::node {

/// Routes engine events to the manager and the host, and the manager's
/// requests to the engine and the host.
class Node::Glue : public member::Host, public res::ManagerHost, public PeerOutdater::Host {
public:
    explicit Glue(Node& n) : n_(n) {}

    // Logger (both interfaces)
    void log(LogLevel level, std::string_view text) override { n_.host_.log(level, text); }
    void log_fields(LogLevel level, std::string_view text, std::span<const LogField> fields) override
    {
        n_.host_.log_fields(level, text, fields);
    }
    int debug_level() const override { return n_.host_.debug_level(); }

    // member::Host
    void transmit(const member::OutFrame& f) override { n_.host_.transmit(f); }
    void forward_serial(std::size_t m, std::string_view c) override { n_.host_.forward_serial(m, c); }
    std::string loadavg() override { return n_.host_.loadavg(); }
    void on_event(const member::Event& ev) override
    {
        res::Manager* mgr = n_.manager_.get();
        const MonoTime now = n_.now_.mono;
        n_.record_event(ev);
        std::visit(
            [&](const auto& e) {
                using E = std::decay_t<decltype(e)>;
                if (n_.ipfail_) {
                    n_.ipfail_event(ev);  // before the manager sees a death
                }
                if constexpr (std::is_same_v<E, member::CommUp>) {
                    if (mgr) mgr->on_comm_up(now);
                    if (n_.waiting_for_comm_) {
                        n_.waiting_for_comm_ = false;
                        n_.pending_shutdown_ = true;
                    }
                } else if constexpr (std::is_same_v<E, member::NodeStatusChanged>) {
                    n_.outdater_->on_node_status(e.node, e.new_status);
                    if (mgr) mgr->on_node_status(e.node, e.old_status, e.new_status, now);
                } else if constexpr (std::is_same_v<E, member::NodeDead>) {
                    if (mgr) mgr->on_node_dead(e.node, e.heard_from, now);
                } else if constexpr (std::is_same_v<E, member::NodeRestarted>) {
                    if (mgr) mgr->on_node_restarted(e.node);
                } else if constexpr (std::is_same_v<E, member::MessageIn>) {
                    n_.outdater_->on_message(e.from, e.msg, now);
                    if (mgr) {
                        mgr->on_message(e.from, e.msg, now);
                    } else {
                        n_.host_.run_hook(e.msg, "");
                    }
                } else if constexpr (std::is_same_v<E, member::LinkStatusChanged>) {
                    wire::Message m("ifstat");
                    m.add("node", e.node);
                    m.add("ifname", e.link);
                    m.add("st", e.up ? "up" : "dead");
                    n_.host_.run_hook(m, "");
                } else if constexpr (std::is_same_v<E, member::ShutdownComplete>) {
                    n_.host_.shutdown_complete();
                } else if constexpr (std::is_same_v<E, member::OwnHeartbeat>) {
                    n_.host_.own_heartbeat();
                    n_.send_pings();
                } else if constexpr (std::is_same_v<E, member::NodeUuidLearned>) {
                    n_.host_.uuid_learned(e.node, e.uuid);
                }
            },
            ev);
    }

    // res::ManagerHost
    void send(wire::Message msg) override { n_.engine_->send(std::move(msg), n_.now_); }
    void resources_released() override { n_.engine_->send_shutdone(n_.now_); }
    void failed_stop(const std::string& resource) override { n_.host_.failed_stop(resource); }
    void notify_world(const wire::Message& msg, const std::string& old) override { n_.host_.run_hook(msg, old); }
    bool can_fence() const override { return n_.host_.can_fence(); }
    void fence(const std::string& node) override { n_.host_.fence(node); }
    void check_fence_device() override { n_.host_.check_fence_device(); }

    // PeerOutdater::Host (send is shared with ManagerHost)
    void run_outdate(std::uint64_t job, const std::string& resource) override { n_.host_.run_outdate(job, resource); }

private:
    Node& n_;
};

Node::Node(const config::Config& cfg, member::Identity id, NodeHost& host, std::uint64_t seed, NodeOptions opts)
    : host_(host), opts_(opts), glue_(std::make_unique<Glue>(*this)), ping_(cfg.ha), ping_signer_(cfg.keys)
{
    engine_ = std::make_unique<member::Engine>(cfg, std::move(id), *glue_, seed);
    outdater_ = std::make_unique<PeerOutdater>(static_cast<PeerOutdater::Host&>(*glue_), cfg.local_node);
    if (opts_.manage_resources) {
        manager_ = std::make_unique<res::Manager>(cfg, *glue_, opts_.manager);
        res::MonitorOptions mo;
        if (opts_.monitor) {
            mo = *opts_.monitor;
        } else if (cfg.ha.monitor_interval.count() > 0) {
            mo.enabled = true;
            mo.interval = cfg.ha.monitor_interval;
            mo.max_restarts = static_cast<unsigned>(cfg.ha.monitor_max_restarts);
            mo.window = cfg.ha.monitor_window;
        }
        if (mo.enabled && !cfg.ha.nice_failback()) {
            // Legacy mode keeps no record of held groups and has no standby
            // exchange to hand a group over.
            host_.log(LogLevel::warn,
                "resource_monitor needs auto_failback on or off; ignored with auto_failback legacy");
            mo.enabled = false;
        }
        monitor_ = std::make_unique<res::Monitor>(cfg, mo);
    }
    history_ = obs::History(opts_.history_capacity);
    for (const std::string& n : cfg.ha.nodes) {
        if (to_lower(n) != to_lower(cfg.local_node) && peer_.empty()) {
            peer_ = to_lower(n);
        }
    }
    if (cfg.ha.ipfail && manager_) {
        ipfail_ = std::make_unique<res::IpFail>(to_lower(cfg.local_node), peer_,
            res::IpFailOptions{cfg.ha.auto_failback == config::AutoFailback::on, 2 * cfg.ha.keepalive});
    }
}

Node::~Node() = default;

void Node::start(Now now)
{
    now_ = now;
    ping_.start(now.mono);
    engine_->start(now);
    after_input(now);
}

void Node::on_frame(std::size_t medium, std::string_view bytes, Now now, std::string_view source)
{
    now_ = now;
    engine_->on_frame(medium, bytes, now, source);
    after_input(now);
}

void Node::on_fifo(std::string_view bytes, Now now)
{
    now_ = now;
    engine_->on_fifo(bytes, now);
    after_input(now);
}

void Node::on_script_result(const res::ScriptResult& r, Now now)
{
    now_ = now;
    script_in_flight_ = false;
    if (monitor_call_) {
        monitor_call_ = false;
        const bool routine = call_.action == "status" && res::status_says_running(r.output);
        if (routine && !r.timed_out) {
            history_.count("status", "ok");  // passing checks are only counted
        } else {
            record_script(r, now);
        }
        for (const res::MonitorNote& note : monitor_->on_result(r, now.mono)) {
            record_monitor_note(note, now);
            if (!note.give_away.empty() && manager_) {
                manager_->give_away(note.give_away, now.mono);
            }
        }
        after_input(now);
        return;
    }
    record_script(r, now);
    if (manager_) {
        manager_->on_script_result(r, now.mono);
    }
    after_input(now);
}

void Node::on_fence_result(const std::string& node, bool ok, const std::string& result, Now now)
{
    now_ = now;
    if (ok) {
        outdater_->note_fenced(node);  // DRBD fence-peer requests now answer 7
    }
    if (manager_) {
        manager_->on_fence_result(node, ok, result, now.mono);
    }
    after_input(now);
}

void Node::tick(Now now)
{
    now_ = now;
    engine_->tick(now);
    outdater_->tick(now.mono);
    ping_tick();
    if (manager_) {
        manager_->tick(now.mono);
    }
    after_input(now);
}

MonoTime Node::next_deadline() const
{
    MonoTime t = engine_->next_deadline();
    if (auto o = outdater_->next_deadline(); o && *o < t) {
        t = *o;
    }
    if (auto p = ping_deadline(); p && *p < t) {
        t = *p;
    }
    if (manager_) {
        if (auto m = manager_->next_deadline(); m && *m < t) {
            t = *m;
        }
    }
    // Only when a check could run now: a due check that waits for the
    // manager would otherwise make every tick due (a busy loop). The
    // manager's own events run after_input(), which starts it then.
    if (monitor_can_run()) {
        if (auto m = monitor_->next_deadline(); m && *m < t) {
            t = *m;
        }
    }
    return t;
}

bool Node::monitor_can_run() const
{
    // Only while the manager is idle and settled: no job, nothing queued,
    // no standby or takeover in flux.
    return monitor_ && monitor_->enabled() && !script_in_flight_ && !stopping_ && manager_ && !manager_->busy()
        && manager_->stable() && manager_->rscstatus() != "transition";
}

void Node::request_shutdown(Now now)
{
    now_ = now;
    if (stopping_) {
        return;
    }
    stopping_ = true;
    if (!engine_->comm_up()) {
        host_.log(LogLevel::warn, "Shutdown delayed until Communication is up.");
        waiting_for_comm_ = true;
        return;
    }
    pending_shutdown_ = true;
    after_input(now);
}

void Node::after_input(Now now)
{
    if (pending_shutdown_) {
        pending_shutdown_ = false;
        if (manager_) {
            manager_->request_shutdown(now.mono);
        } else {
            engine_->send_shutdone(now);
        }
    }
    if (manager_) {
        manager_->poll(now.mono);
    }
    if (manager_ && !script_in_flight_) {
        if (const res::ScriptCall* call = manager_->pending_script()) {
            script_in_flight_ = true;
            call_ = *call;
            call_reason_ = manager_->current_job();
            call_started_ = now.mono;
            host_.run_script(*call);
        }
    }
    run_monitor(now);
}

std::vector<std::string> Node::held_groups() const
{
    std::vector<std::string> keys;
    if (!manager_) {
        return keys;
    }
    const res::Hold h = manager_->holding();
    if (any(h & res::Hold::local)) {
        keys = manager_->our_keys();
    }
    if (any(h & res::Hold::foreign)) {
        for (const std::string& k : manager_->other_keys()) {
            keys.push_back(k);
        }
    }
    return keys;
}

void Node::run_monitor(Now now)
{
    if (!monitor_can_run()) {
        return;
    }
    for (const res::MonitorNote& note : monitor_->set_held(held_groups(), now.mono)) {
        record_monitor_note(note, now);
    }
    if (auto call = monitor_->next_call(now.mono)) {
        script_in_flight_ = true;
        monitor_call_ = true;
        call_ = *call;
        call_reason_ = "monitor";
        call_started_ = now.mono;
        host_.run_script(call_);
    }
}

void Node::record_monitor_note(const res::MonitorNote& note, Now now)
{
    obs::HistoryEntry e;
    e.wall = now.wall;
    e.kind = "monitor";
    e.event = note.event;
    e.subject = note.subject;
    e.detail = note.detail;
    history_.add(std::move(e));
    host_.log(note.event == "restarted" ? LogLevel::info : LogLevel::warn,
        "resource monitor: " + note.subject + ": " + note.event + ": " + note.detail);
}

void Node::record_script(const res::ScriptResult& r, Now now)
{
    obs::HistoryEntry e;
    e.wall = now.wall;
    e.kind = "resource";
    e.event = call_.action;
    e.subject = call_.resource;
    e.script = call_.script;
    e.args = call_.args;
    e.exit_code = r.exit_code;
    e.timed_out = r.timed_out;
    e.duration_ms = to_ms(now.mono - call_started_);
    e.output = obs::first_lines(r.output, obs::History::kOutputLines, obs::History::kOutputBytes);
    e.reason = call_reason_;
    history_.add(std::move(e));
}

void Node::record_event(const member::Event& ev)
{
    obs::HistoryEntry e;
    e.wall = now_.wall;
    e.kind = "membership";
    std::visit(
        [&](const auto& x) {
            using E = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<E, member::NodeStatusChanged>) {
                e.event = "node-status";
                e.subject = x.node;
                e.detail = x.old_status + " -> " + x.new_status;
            } else if constexpr (std::is_same_v<E, member::LinkStatusChanged>) {
                e.event = x.up ? "link-up" : "link-dead";
                e.subject = x.node;
                e.detail = "link " + x.link;
            } else if constexpr (std::is_same_v<E, member::NodeDead>) {
                e.event = "node-dead";
                e.subject = x.node;
                e.detail = x.heard_from ? "declared dead" : "declared dead (never heard from)";
            } else if constexpr (std::is_same_v<E, member::NodeRestarted>) {
                e.event = "node-restart";
                e.subject = x.node;
                e.detail = x.first_contact ? "first contact" : "new generation";
            } else if constexpr (std::is_same_v<E, member::PartitionHealed>) {
                e.event = "node-returned";
                e.subject = x.node;
            } else if constexpr (std::is_same_v<E, member::CommUp>) {
                e.event = "comm-up";
            } else if constexpr (std::is_same_v<E, member::LocalStatusChanged>) {
                e.event = "local-status";
                e.detail = x.status;
            } else if constexpr (std::is_same_v<E, member::PeerShutdown>) {
                e.event = "peer-shutdown";
                e.subject = x.node;
            } else if constexpr (std::is_same_v<E, member::MessageIn>) {
                // Resource protocol messages say why resources move.
                const std::string t(x.msg.type());
                if (t == "ask_resources" || t == "hb_takeover" || t == "ip-request" || t == "shutdone"
                    || t == "starting" || t == "resource") {
                    e.event = "message";
                    e.subject = x.from;
                    e.detail = t;
                    for (const char* f : {"rsc_hold", "info", "rsc_resource"}) {
                        if (auto v = x.msg.get(f)) {
                            e.detail += std::string(" ") + f + "=" + std::string(*v);
                        }
                    }
                }
            }
        },
        ev);
    if (!e.event.empty()) {
        history_.add(std::move(e));
    }
}

std::vector<std::string> Node::reload(const config::Config& cfg)
{
    std::vector<std::string> kept = engine_->reload(cfg);
    ping_.set_deadping(cfg.ha.deadping);
    ping_.set_deadtime(cfg.ha.deadtime);
    ping_signer_ = wire::Signer(cfg.keys);
    if (manager_ && (cfg.resources.groups.size() != engine_->config().resources.groups.size())) {
        kept.push_back("haresources changed: restart heartbeat to apply it");
    }
    return kept;
}

const OutdateRequest& Node::request_outdate(const std::string& resource, const std::string& peer,
    Duration timeout, Now now)
{
    now_ = now;
    PeerView view;
    const std::string p = to_lower(peer);
    view.is_me = p == to_lower(engine_->local_name());
    if (const member::NodeState* n = engine_->find_node(p)) {
        view.known = true;
        view.reachable = n->status == "up" || n->status == "active";
    }
    const OutdateRequest& r = outdater_->request(resource, peer, view, timeout, now.mono);
    after_input(now);
    return r;
}

void Node::on_outdate_done(std::uint64_t job, int drbdadm_exit, Now now)
{
    now_ = now;
    outdater_->on_outdate_done(job, drbdadm_exit, now.mono);
    after_input(now);
}

std::string Node::rscstatus() const
{
    return manager_ ? manager_->rscstatus() : "none";
}

}  // namespace hb::node
