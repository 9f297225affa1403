// Node: ping pseudo-nodes (member/ping_nodes.h) and the built-in ipfail
// (res/ipfail.h), wired like the rest of the Node: pure, time from `now_`.
#include <variant>

#include "node/node.h"

namespace hb::node {

void Node::send_pings()
{
    if (ping_.empty()) {
        return;
    }
    // The payload's ts is the ts of the status message that just went out.
    host_.send_pings(ping_.probes(now_.wall, ping_signer_));
}

void Node::on_ping_reply(std::string_view address, std::string_view payload, Now now)
{
    now_ = now;
    std::string why;
    auto c = ping_.on_reply(address, payload, ping_signer_, now.mono, why);
    ping_links();  // 3.0.6 logs the link up before the status update
    if (c) {
        ping_changed(*c);
    } else if (!why.empty()) {
        host_.log(LogLevel::debug, why);
    }
    after_input(now);
}

void Node::ping_tick()
{
    for (const member::PingStatusChange& c : ping_.tick(now_.mono)) {
        ping_changed(c);
    }
    ping_links();
    if (ipfail_) {
        update_isolation();
    }
    if (ipfail_) {
        std::vector<wire::Message> out;
        ipfail_->tick(!manager_ || manager_->stable(), now_.mono, out);
        ipfail_flush(out);
    }
}

std::optional<MonoTime> Node::ping_deadline() const
{
    std::optional<MonoTime> t = ping_.next_deadline();
    if (rejoin_at_ && (!t || *rejoin_at_ < *t)) {
        t = rejoin_at_;
    }
    if (ipfail_) {
        if (auto g = ipfail_->next_deadline(); g && (!t || *g < *t)) {
            t = g;
        }
    }
    return t;
}

void Node::ping_links()
{
    for (const member::PingLinkChange& l : ping_.take_link_changes()) {
        host_.log(LogLevel::info, "Link " + l.node + ":" + l.address + (l.up ? " up." : " dead."));
        wire::Message m("ifstat");
        m.add("node", l.node);
        m.add("ifname", l.address);
        m.add("st", l.up ? "up" : "dead");
        host_.run_hook(m, "");
        if (ipfail_ && !l.up) {
            std::vector<wire::Message> out;
            ipfail_->on_link_dead(ping_.alive(), out);
            ipfail_flush(out);
        }
    }
}

void Node::ping_changed(const member::PingStatusChange& c)
{
    if (c.new_status == "dead") {
        host_.log(LogLevel::warn, "node " + c.node + ": is dead");
    } else {
        host_.log(LogLevel::info, "Status update for node " + c.node + ": status " + c.new_status);
        // rc.d/status, as for any status change (not for a death: 3.0.6
        // runs no takeover for ping nodes).
        wire::Message m("status");
        m.add("src", c.node);
        m.add("st", c.new_status);
        host_.run_hook(m, c.old_status);
    }
    if (ipfail_) {
        std::vector<wire::Message> out;
        ipfail_->on_ping_status(c.node, c.new_status, ping_.alive(), now_.mono, out);
        ipfail_flush(out);
        update_isolation();
    }
}

void Node::ipfail_flush(std::vector<wire::Message>& out)
{
    for (auto& [level, text] : ipfail_->take_log()) {
        host_.log(level, text);
    }
    // Nothing to tell the peer before comm is up (ipfail signs on only then).
    if (!engine_->comm_up()) {
        out.clear();
        return;
    }
    for (wire::Message& m : out) {
        engine_->send(std::move(m), now_);
    }
    out.clear();
}

void Node::update_isolation()
{
    if (!ipfail_ || !manager_) {
        return;
    }
    const member::NodeState* peer = engine_->find_node(peer_);
    const bool peer_dead = peer && peer->status == "dead";
    // The peer's silence counts from half its dead interval on: the side
    // that lost the ping node must let go before the other side (which
    // still sees it) declares it dead and takes over at deadtime.
    const Duration half = (peer ? peer->dead_interval : engine_->config().ha.deadtime) / 2;
    const bool peer_silent = peer_dead
        || (peer && peer->last_status && engine_->comm_up() && now_.mono - *peer->last_status > half);
    if (res::ipfail_isolated(!ping_.empty(), peer_silent, ping_.alive())) {
        rejoin_at_.reset();
        if (!manager_->isolated()) {
            peer_died_while_isolated_ = peer_dead;
        }
        peer_died_while_isolated_ = peer_died_while_isolated_ || peer_dead;
        manager_->set_isolated(true, now_.mono);
        return;
    }
    if (!manager_->isolated()) {
        return;
    }
    if (!peer_silent) {
        rejoin_at_.reset();
        manager_->set_isolated(false, now_.mono, false, !peer_died_while_isolated_);
        return;
    }
    if (!peer_dead) {
        return;  // silent but not declared dead yet: wait for the verdict
    }
    // A ping node answers while the peer is dead. When a cut
    // network heals, the peer's heartbeat is usually just behind the echo
    // reply: give it two keepalives before taking everything over.
    if (!rejoin_at_) {
        rejoin_at_ = now_.mono + 2 * engine_->config().ha.keepalive;
    } else if (now_.mono >= *rejoin_at_) {
        rejoin_at_.reset();
        manager_->set_isolated(false, now_.mono, true);
    }
}

void Node::ipfail_event(const member::Event& ev)
{
    std::vector<wire::Message> out;
    const int alive = ping_.alive();
    std::visit(
        [&](const auto& e) {
            using E = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<E, member::NodeDead>) {
                if (e.node == peer_) {
                    update_isolation();
                }
            } else if constexpr (std::is_same_v<E, member::NodeStatusChanged>) {
                if (e.node == peer_ && e.new_status != "dead") {
                    update_isolation();
                    if (e.new_status == "active") {
                        ipfail_->on_peer_active(alive, out);
                    }
                }
            } else if constexpr (std::is_same_v<E, member::LinkStatusChanged>) {
                if (!e.up && e.node == peer_) {
                    ipfail_->on_link_dead(alive, out);
                }
            } else if constexpr (std::is_same_v<E, member::CommUp>) {
                ipfail_->on_peer_active(alive, out);
            } else if constexpr (std::is_same_v<E, member::MessageIn>) {
                ipfail_->on_message(e.from, e.msg, alive, !manager_ || manager_->stable(), now_.mono, out);
            }
        },
        ev);
    ipfail_flush(out);
}

}  // namespace hb::node
