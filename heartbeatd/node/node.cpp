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
        std::visit(
            [&](const auto& e) {
                using E = std::decay_t<decltype(e)>;
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
    : host_(host), opts_(opts), glue_(std::make_unique<Glue>(*this))
{
    engine_ = std::make_unique<member::Engine>(cfg, std::move(id), *glue_, seed);
    outdater_ = std::make_unique<PeerOutdater>(static_cast<PeerOutdater::Host&>(*glue_), cfg.local_node);
    if (opts_.manage_resources) {
        manager_ = std::make_unique<res::Manager>(cfg, *glue_, opts_.manager);
    }
}

Node::~Node() = default;

void Node::start(Now now)
{
    now_ = now;
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
    if (manager_) {
        if (auto m = manager_->next_deadline(); m && *m < t) {
            t = *m;
        }
    }
    return t;
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
            host_.run_script(*call);
        }
    }
}

std::vector<std::string> Node::reload(const config::Config& cfg)
{
    std::vector<std::string> kept = engine_->reload(cfg);
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
