// Engine: local status, sending, timers, comm-up gate, death detection.
// The receive path is in engine_rx.cpp.
#include "member/engine.h"

#include <algorithm>

#include "base/strings.h"

namespace hb::member {

namespace {

constexpr Duration kDtBoost{2000};        // hb_add_deadtime(2000) at start...
constexpr Duration kDtBoostPeriod{5000};  // ...popped after 5 s
constexpr Duration kReqnodesInterval{1000};
constexpr Duration kShutdownGrace{1000};  // shutdown phase 1 -> 2 delay

bool is_noseq(std::string_view type) { return type.substr(0, 3) == "NS_"; }

}  // namespace

std::string_view to_string(DropReason r)
{
    switch (r) {
    case DropReason::too_big: return "too-big";
    case DropReason::bad_framing: return "bad-framing";
    case DropReason::bad_auth: return "bad-auth";
    case DropReason::missing_field: return "missing-field";
    case DropReason::bad_seq: return "bad-seq";
    case DropReason::unknown_node: return "unknown-node";
    case DropReason::replay: return "replay";
    case DropReason::stale: return "stale";
    case DropReason::count_: break;
    }
    return "?";
}

Engine::Engine(const config::Config& cfg, Identity id, Host& host, std::uint64_t seed)
    : cfg_(cfg), id_(std::move(id)), host_(host), signer_(cfg.keys), rng_(seed)
{
    for (const config::Medium& m : cfg_.ha.media) {
        auto it = std::find(link_names_.begin(), link_names_.end(), m.link_name());
        if (it == link_names_.end()) {
            link_names_.push_back(m.link_name());
            it = link_names_.end() - 1;
        }
        medium_link_.push_back(static_cast<std::size_t>(it - link_names_.begin()));
        any_serial_ = any_serial_ || m.type == config::MediumType::serial;
    }
    std::uniform_int_distribution<int> trigger(0, static_cast<int>(kAckDiv) - 1);
    for (const std::string& name : cfg_.ha.nodes) {
        NodeState n;
        n.name = to_lower(name);
        n.dead_interval = cfg_.ha.deadtime;
        n.track.ack_trigger = trigger(rng_);
        for (const std::string& l : link_names_) {
            n.links.push_back(LinkState{l, false, std::nullopt});
        }
        if (n.name == to_lower(cfg_.local_node)) {
            local_ = nodes_.size();
        }
        if (auto it = id_.known_uuids.find(n.name); it != id_.known_uuids.end() && it->second.size() == 16) {
            n.uuid = it->second;
        }
        nodes_.push_back(std::move(n));
    }
    nodes_[local_].uuid = id_.uuid;
}

const NodeState* Engine::find_node(std::string_view name) const
{
    std::string lname = to_lower(name);
    for (const NodeState& n : nodes_) {
        if (n.name == lname) {
            return &n;
        }
    }
    return nullptr;
}

NodeState* Engine::lookup(std::string_view name)
{
    return const_cast<NodeState*>(std::as_const(*this).find_node(name));
}

void Engine::start(Now now)
{
    started_ = true;
    start_time_ = now.mono;
    for (NodeState& n : nodes_) {
        n.last_status = now.mono;  // "Reset timeout times to now"
    }
    nodes_[local_].status = "init";
    send_local_status(now);
    set_local_status("up", now);
    next_status_ = now.mono + cfg_.ha.keepalive;
    last_tick_ = now.mono;
}

Duration Engine::advertised_deadtime(Now now) const
{
    if (now.mono < start_time_ + kDtBoostPeriod) {
        return cfg_.ha.deadtime + kDtBoost;
    }
    return cfg_.ha.deadtime;
}

void Engine::send_local_status(Now now)
{
    wire::Message m("status");
    m.add(wire::f::st, nodes_[local_].status);
    m.add(wire::f::dt, to_hex(static_cast<std::uint64_t>(advertised_deadtime(now).count())));
    if (flow_control_) {
        m.add(wire::f::protocol, "1");
    }
    send(std::move(m), now);
}

void Engine::set_local_status(const std::string& status, Now now)
{
    NodeState& self = nodes_[local_];
    if (self.status == status) {
        return;
    }
    self.status = status;
    send_local_status(now);
    log(LogLevel::info, "Local status now set to: '" + status + "'");
    emit(LocalStatusChanged{status});
}

void Engine::send(wire::Message msg, Now now)
{
    const std::string type(msg.type());
    if (type.empty()) {
        log(LogLevel::err, "Invalid message in send_cluster_msg (no type)");
        return;
    }
    const bool noseq = is_noseq(type);

    // A message for one node carries that node's uuid right after the
    // type-specific fields (add_control_msg_fields).
    if (auto dest = msg.get(wire::f::dest)) {
        if (const NodeState* d = find_node(*dest); d && d->uuid.size() == 16) {
            msg.set(wire::f::destuuid, d->uuid, wire::FieldType::binary);
        }
    }
    // NS_ messages keep fields they already have (e.g. a forwarded src).
    auto put = [&](std::string_view name, std::string_view value,
                   wire::FieldType ft = wire::FieldType::string) {
        if (noseq && msg.has(name)) {
            return;
        }
        msg.set(name, value, ft);
    };
    put(wire::f::src, nodes_[local_].name);
    if (id_.uuid.size() == 16) {
        put(wire::f::srcuuid, id_.uuid, wire::FieldType::binary);
    }
    std::uint64_t seq = 0;
    if (!noseq) {
        seq = next_seq_++;
        msg.set(wire::f::seq, to_hex(seq));
    }
    put(wire::f::hg, to_hex(id_.generation));
    put(wire::f::ts, to_hex(static_cast<std::uint64_t>(now.wall)));
    if (!noseq) {
        msg.set(wire::f::ld, host_.loadavg());
    }
    put(wire::f::ttl, std::to_string(cfg_.ha.ttl()));
    msg.remove(wire::f::auth);
    if (cfg_.ha.msgfmt == config::MsgFmt::classic || any_serial_) {
        // The inner auth field; serial links need it even with msgfmt
        // netstring because they carry the classic form.
        wire::add_inner_auth(msg, signer_);
    }

    OutFrame frame;
    if (cfg_.ha.msgfmt == config::MsgFmt::classic) {
        frame.netstring = wire::encode_netstring(msg, signer_);
    } else {
        wire::Message bare = msg;
        bare.remove(wire::f::auth);
        frame.netstring = wire::encode_netstring(bare, signer_);
    }
    if (any_serial_) {
        frame.classic = wire::encode_classic(msg);
    }
    if (frame.netstring.size() >= wire::kMaxMessage) {
        log(LogLevel::err, "message of type " + type + " too big to send ("
                + std::to_string(frame.netstring.size()) + " bytes)");
        return;
    }
    if (!noseq) {
        history_.add(seq, frame);
    }
    // Our own messages also go through the receive path (status, acks for
    // ourselves, resource messages). 3.0.6 processes them before putting
    // them on the wire, so messages sent while processing (an ack, the
    // reqnodes that completes comm-up) overtake this one and the peer logs a
    // spurious gap. Transmitting first keeps the wire in sequence order.
    ++stats_.frames_out;
    host_.transmit(frame);
    process(msg, std::nullopt, now);
}

void Engine::on_fifo(std::string_view bytes, Now now)
{
    wire::Decoded d = wire::decode(bytes, nullptr);
    if (!d) {
        log(LogLevel::err, "bad message in FIFO: " + std::string(wire::to_string(d.error))
                + (d.detail.empty() ? "" : " (" + d.detail + ")"));
        return;
    }
    if (d.msg.type().empty()) {
        log(LogLevel::err, "bad message in FIFO: no t= field");
        return;
    }
    d.msg.remove(wire::f::auth);
    send(std::move(d.msg), now);
}

void Engine::send_shutdone(Now now)
{
    if (shutdone_sent_) {
        return;
    }
    shutdone_sent_ = true;
    wire::Message m("shutdone");
    m.add(wire::f::st, "dead");
    send(std::move(m), now);
    shutdown_exit_at_ = now.mono + kShutdownGrace;
}

Duration Engine::dead_interval(const NodeState& node) const
{
    // Until every node was heard from, the first dead interval is initdead
    // (networks can be slow to come up).
    return comm_linksup_ ? node.dead_interval : cfg_.ha.initdead;
}

void Engine::tick(Now now)
{
    if (!started_) {
        return;
    }
    // Loop-stall guard (Sentinel's TILT): ticks come at least once per
    // keepalive. A longer gap means this process was stopped or starved, and
    // the peers' heartbeats are probably waiting unread in the sockets.
    // Do not declare anyone dead until they had a chance to be read.
    if (last_tick_) {
        Duration gap = now.mono - *last_tick_;
        Duration limit = std::max(2 * cfg_.ha.keepalive, Duration(1000));
        if (gap > limit) {
            log(LogLevel::warn, "event loop was stalled for " + std::to_string(gap.count())
                    + " ms; not declaring nodes dead for one keepalive");
            tilt_until_ = now.mono + cfg_.ha.keepalive;
        }
    }
    last_tick_ = now.mono;

    if (now.mono >= next_status_) {
        send_local_status(now);
        next_status_ += cfg_.ha.keepalive;
        if (next_status_ <= now.mono) {
            next_status_ = now.mono + cfg_.ha.keepalive;
        }
    }
    if (tilt_until_ && now.mono >= *tilt_until_) {
        tilt_until_.reset();
    }
    if (!tilt_until_) {
        check_timeouts(now);
    }
    send_rexmit_requests(now);
    if (next_reqnodes_ && now.mono >= *next_reqnodes_) {
        next_reqnodes_.reset();
        send_reqnodes(now);
    }
    if (!comm_linksup_) {
        check_comm_isup(now);
    }
    if (shutdown_exit_at_ && now.mono >= *shutdown_exit_at_) {
        shutdown_exit_at_.reset();
        emit(ShutdownComplete{});
    }
}

MonoTime Engine::next_deadline() const
{
    MonoTime best = next_status_;
    auto consider = [&](std::optional<MonoTime> t) {
        if (t && *t < best) {
            best = *t;
        }
    };
    consider(next_reqnodes_);
    consider(tilt_until_);
    consider(shutdown_exit_at_);
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
        const NodeState& n = nodes_[i];
        if (i == local_) {
            continue;
        }
        Duration interval = dead_interval(n);
        if (n.status != "dead" && n.last_status) {
            consider(*n.last_status + interval + Duration(1));
        }
        for (const LinkState& l : n.links) {
            if (l.up && l.last_heard) {
                consider(*l.last_heard + interval + Duration(1));
            }
        }
        if (n.status == "up" || n.status == "active") {
            consider(n.track.next_request());
        }
    }
    return best;
}

void Engine::check_timeouts(Now now)
{
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
        NodeState& n = nodes_[i];
        if (i == local_) {
            continue;  // our own liveness is the stall guard's business
        }
        Duration interval = dead_interval(n);
        if (n.status != "dead" && n.last_status && now.mono - *n.last_status > interval) {
            mark_node_dead(n, now);
        }
        for (LinkState& l : n.links) {
            if (l.up && (!l.last_heard || now.mono - *l.last_heard > interval)) {
                change_link(n, l, false);
            }
        }
    }
}

void Engine::mark_node_dead(NodeState& node, Now /*now*/)
{
    const LogField fields[] = {{"peer", node.name}, {"status", "dead"}};
    host_.log_fields(LogLevel::warn, "node " + node.name + ": is dead", fields);
    const bool heard = node.any_packets;
    std::string old = node.status;
    node.status = "dead";
    node.remote_ts = 0;
    node.any_packets = false;
    node.track.reset();
    emit(NodeStatusChanged{node.name, old, "dead"});
    emit(NodeDead{node.name, heard});
}

void Engine::change_link(NodeState& node, LinkState& link, bool up)
{
    link.up = up;
    const LogField fields[] = {{"peer", node.name}, {"link", link.name}, {"status", up ? "up" : "dead"}};
    host_.log_fields(LogLevel::info, "Link " + node.name + ":" + link.name + (up ? " up." : " dead."), fields);
    emit(LinkStatusChanged{node.name, link.name, up});
}

void Engine::check_comm_isup(Now now)
{
    if (comm_linksup_) {
        return;
    }
    std::size_t heard = 0;
    for (const NodeState& n : nodes_) {
        if (n.any_packets || n.status == "dead") {
            ++heard;
        }
    }
    if (heard < nodes_.size()) {
        return;
    }
    comm_linksup_ = true;
    if (flow_control_) {
        send_reqnodes(now);
    } else {
        // Mixed versions without flow control: no reqnodes/repnodes.
        comm_now_up(now);
    }
}

void Engine::send_reqnodes(Now now)
{
    if (got_repnodes_ || comm_up_) {
        return;
    }
    // Ask the first live peer from the last one asked onwards (3.0.6 keeps
    // asking the same node while it lives).
    const NodeState* dest = nullptr;
    for (std::size_t i = reqnodes_target_; i < nodes_.size(); ++i) {
        if (i != local_ && nodes_[i].status != "dead") {
            dest = &nodes_[i];
            reqnodes_target_ = i;
            break;
        }
    }
    if (!dest) {
        got_repnodes_ = true;
        comm_now_up(now);
        return;
    }
    wire::Message m("reqnodes");
    m.add(wire::f::dest, dest->name);
    send(std::move(m), now);
    next_reqnodes_ = now.mono + kReqnodesInterval;
}

void Engine::comm_now_up(Now now)
{
    if (comm_up_) {
        return;
    }
    comm_up_ = true;
    next_reqnodes_.reset();
    log(LogLevel::info, "Comm_now_up(): updating status to active");
    set_local_status("active", now);
    emit(CommUp{});
}

void Engine::send_rexmit_requests(Now now)
{
    const Duration delay(cfg_.ha.max_rexmit_delay_ms);
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
        NodeState& n = nodes_[i];
        // No point asking a node that is not up (hb_rexmit.c).
        if (i == local_ || (n.status != "up" && n.status != "active")) {
            continue;
        }
        for (std::uint64_t seq : n.track.due_requests(now.mono, delay)) {
            wire::Message m("NS_rexmit");
            m.add(wire::f::dest, n.name);
            m.add(wire::f::firstseq, std::to_string(seq));  // decimal on the wire
            m.add(wire::f::lastseq, std::to_string(seq));
            ++stats_.rexmit_requests_sent;
            send(std::move(m), now);
        }
    }
}

void Engine::nak(const std::string& to, std::uint64_t seq, const char* reason, Now now)
{
    log(LogLevel::err, "Cannot rexmit pkt " + std::to_string(seq) + " for " + to + ": " + reason);
    wire::Message m("NS_nak_rexmit");
    m.add(wire::f::firstseq, to_hex(seq));
    m.add(wire::f::dest, to);
    m.add(wire::f::info, reason);
    ++stats_.naks_sent;
    send(std::move(m), now);
}

std::vector<std::string> Engine::reload(const config::Config& cfg)
{
    std::vector<std::string> kept;
    if (cfg.ha.nodes != cfg_.ha.nodes) {
        kept.push_back("node list changed: restart heartbeat to apply it");
    }
    bool media_same = cfg.ha.media.size() == cfg_.ha.media.size();
    for (std::size_t i = 0; media_same && i < cfg.ha.media.size(); ++i) {
        const config::Medium& a = cfg.ha.media[i];
        const config::Medium& b = cfg_.ha.media[i];
        media_same = a.type == b.type && a.iface == b.iface && a.address == b.address
            && a.port == b.port && a.ttl == b.ttl && a.loop == b.loop && a.baud == b.baud;
    }
    if (!media_same) {
        kept.push_back("media changed: restart heartbeat to apply them");
    }
    config::HaCf ha = cfg.ha;
    ha.nodes = cfg_.ha.nodes;
    ha.media = cfg_.ha.media;
    cfg_.ha = std::move(ha);
    cfg_.keys = cfg.keys;
    cfg_.resources = cfg.resources;
    signer_ = wire::Signer(cfg_.keys);
    return kept;
}

}  // namespace hb::member
