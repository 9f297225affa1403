// Engine receive path: decode and authenticate, validate the common fields,
// sequence/generation processing (should_drop_message), link liveness, then
// dispatch by type. Layered like chrony's input path: each layer rejects
// before the next one reads anything.
#include <algorithm>
#include <set>

#include "base/strings.h"
#include "member/engine.h"

namespace hb::member {

namespace {

constexpr Duration kDropLogInterval{10000};  // one line per link+reason per 10 s
constexpr std::uint64_t kMaxRexmitBatch = 50;

bool is_noseq(std::string_view type) { return type.substr(0, 3) == "NS_"; }

DropReason reason_for(wire::DecodeError e)
{
    switch (e) {
    case wire::DecodeError::too_big: return DropReason::too_big;
    case wire::DecodeError::unknown_key:
    case wire::DecodeError::auth_failed:
    case wire::DecodeError::no_auth:
    case wire::DecodeError::bad_trailer: return DropReason::bad_auth;
    default: return DropReason::bad_framing;
    }
}

}  // namespace

void Engine::drop(std::optional<std::size_t> link, DropReason reason, const std::string& text,
    Now now)
{
    const std::string lname = link ? link_names_[*link] : std::string("-");
    auto& counts = stats_.drops[lname];
    ++counts[static_cast<std::size_t>(reason)];
    if (!cfg_.ha.log_badpack || text.empty()) {
        return;
    }
    // Bounded log rate: a flood of bad packets costs one line per link and
    // reason every 10 s; the counters keep the full tally.
    auto key = std::make_pair(lname, reason);
    auto it = drop_log_next_.find(key);
    if (it != drop_log_next_.end() && now.mono < it->second) {
        return;
    }
    drop_log_next_[key] = now.mono + kDropLogInterval;
    log(LogLevel::err, text + " [link " + lname + ", "
            + std::to_string(counts[static_cast<std::size_t>(reason)]) + " dropped for "
            + std::string(to_string(reason)) + "]");
}

void Engine::on_frame(std::size_t medium_index, std::string_view bytes, Now now,
    std::string_view source)
{
    if (!started_ || medium_index >= medium_link_.size()) {
        return;
    }
    ++stats_.frames_in;
    const std::size_t link = medium_link_[medium_index];
    wire::Decoded d = wire::decode(bytes, &signer_);
    if (!d) {
        std::string peer = source.empty() ? std::string() : " from " + std::string(source);
        drop(link, reason_for(d.error),
            "bad packet" + peer + " on " + link_names_[link] + ": "
                + std::string(wire::to_string(d.error))
                + (d.detail.empty() ? "" : " (" + d.detail + ")"),
            now);
        return;
    }
    if (cfg_.ha.media[medium_index].type == config::MediumType::serial) {
        maybe_forward_serial(medium_index, d.msg);
    }
    process(d.msg, link, now, source);
}

void Engine::maybe_forward_serial(std::size_t medium_index, const wire::Message& msg)
{
    // Ring configuration: a message another node originated travels on to
    // the other serial ports while its ttl lasts (facts 3).
    if (to_lower(msg.value(wire::f::src)) == nodes_[local_].name) {
        return;
    }
    auto ttl = parse_dec(msg.value(wire::f::ttl));
    if (!ttl || *ttl == 0) {
        return;
    }
    std::size_t serial_count = 0;
    for (const config::Medium& m : cfg_.ha.media) {
        serial_count += m.type == config::MediumType::serial ? 1 : 0;
    }
    if (serial_count < 2) {
        return;
    }
    wire::Message copy = msg;
    copy.set(wire::f::ttl, std::to_string(*ttl - 1));
    wire::add_inner_auth(copy, signer_);
    host_.forward_serial(medium_index, wire::encode_classic(copy));
}

void Engine::process(const wire::Message& msg, std::optional<std::size_t> link, Now now,
    std::string_view source)
{
    auto type = msg.get(wire::f::type);
    auto from = msg.get(wire::f::src);
    auto ts = msg.get(wire::f::ts);
    const std::string where = (source.empty() ? std::string() : " from " + std::string(source))
        + (link ? " on " + link_names_[*link] : std::string());
    if (!type || !from || !ts) {
        drop(link, DropReason::missing_field,
            "process_clustermsg: missing from/ts/type" + where + ", from "
                + std::string(from ? *from : "<?>"),
            now);
        return;
    }
    std::uint64_t seqno = 0;
    if (auto cseq = msg.get(wire::f::seq)) {
        auto v = parse_hex(*cseq);
        if (!v || *v == 0) {
            drop(link, DropReason::bad_seq,
                "process_clustermsg: bad seq [" + std::string(*cseq) + "]" + where + ", from "
                    + std::string(*from),
                now);
            return;
        }
        seqno = *v;
    } else if (!is_noseq(*type)) {
        drop(link, DropReason::missing_field,
            "process_clustermsg: missing seqno" + where + ", from " + std::string(*from), now);
        return;
    }
    auto msgtime = parse_hex(*ts);
    if (!msgtime || *msgtime == 0) {
        drop(link, DropReason::missing_field, std::string(), now);  // silently, as 3.0.6
        return;
    }
    NodeState* node = lookup(*from);
    if (!node) {
        drop(link, DropReason::unknown_node,
            "bad node [" + std::string(*from) + "] in message" + where, now);
        return;
    }
    node->any_packets = true;
    if (const wire::Field* u = msg.find(wire::f::srcuuid);
        u && u->type == wire::FieldType::binary && u->value.size() == 16 && node->uuid != u->value) {
        node->uuid = u->value;
        emit(NodeUuidLearned{node->name, node->uuid});
    }

    bool filled_gap = false;
    Verdict v = should_drop(*node, msg, link, filled_gap, now);
    if (v == Verdict::drop) {
        return;
    }
    // Even a duplicate proves the link works.
    if (link) {
        LinkState& l = node->links[*link];
        if (l.last_heard) {
            const Duration gap = now.mono - *l.last_heard;
            l.largest_gap = std::max(l.largest_gap, gap);
            l.late += gap > cfg_.ha.warntime ? 1 : 0;
        }
        l.last_heard = now.mono;
        if (!l.up) {
            change_link(*node, l, true);
        }
    }
    if (v == Verdict::duplicate) {
        ++stats_.duplicates;
        return;
    }
    dispatch(*node, msg, seqno, now);
    if (!comm_linksup_) {
        check_comm_isup(now);
    }
}

Engine::Verdict Engine::should_drop(NodeState& node, const wire::Message& msg,
    std::optional<std::size_t> link, bool& filled_gap, Now now)
{
    SeqTrack& t = node.track;
    const std::string_view type = msg.type();
    const auto dest = msg.get(wire::f::dest);
    const std::string& me = nodes_[local_].name;

    if (is_noseq(type)) {
        if (type == "NS_nak_rexmit") {
            auto nseq = parse_hex(msg.value(wire::f::firstseq));
            if (!nseq || *nseq == 0) {
                log(LogLevel::err, "should_drop_message: bad nak seq number from " + node.name);
                return Verdict::drop;
            }
            if (!dest || to_lower(*dest) == me) {
                log(LogLevel::err, "Irretrievably lost packet: node " + node.name + " seq "
                        + std::to_string(*nseq));
            }
            is_lost_packet(node, *nseq, now);
            return Verdict::drop;
        }
        return (!dest || to_lower(*dest) == me) ? Verdict::keep : Verdict::drop;
    }

    const bool is_status = type == "status";
    const std::uint64_t seq = parse_hex(msg.value(wire::f::seq)).value_or(0);
    std::uint64_t gen = 0;
    if (auto cgen = msg.get(wire::f::hg)) {
        auto g = parse_hex(*cgen);
        if (!g) {
            drop(link, DropReason::bad_seq,
                "should_drop_message: bad generation number from " + node.name, now);
            return Verdict::drop;
        }
        gen = *g;
    }
    bool to_us;
    if (const wire::Field* du = msg.find(wire::f::destuuid);
        du && du->value.size() == 16 && id_.uuid.size() == 16) {
        to_us = du->value == id_.uuid;
    } else {
        to_us = !dest || to_lower(*dest) == me;
    }
    const Verdict accept = to_us ? Verdict::keep : Verdict::drop;

    bool restart = false;
    bool healed = false;
    if (gen < t.generation) {
        drop(link, DropReason::replay,
            "should_drop_message: attempted replay attack [" + node.name + "]? [gen = "
                + std::to_string(gen) + ", curgen = " + std::to_string(t.generation) + "]",
            now);
        return Verdict::drop;
    }
    if (is_status) {
        if (gen == t.generation && gen > 0) {
            if (node.status == "dead") {
                if (seq <= node.status_seqno) {
                    drop(link, DropReason::stale, std::string(), now);
                    return Verdict::drop;
                }
                // Alive again without a restart: the two sides were
                // partitioned, and both may hold resources.
                log(LogLevel::crit, "Cluster node " + node.name + " returning after partition.");
                log(LogLevel::warn, "Deadtime value may be too small.");
                healed = true;
                emit(PartitionHealed{node.name});
            }
        } else if (gen > t.generation) {
            restart = true;
            if (t.generation > 0) {
                log(LogLevel::info, "Heartbeat restart on node " + node.name);
            }
            emit(NodeRestarted{node.name, t.generation == 0});
            t.reset();
            node.remote_ts = 0;
            node.last_status.reset();
            node.status_seqno = 0;
        }
        t.generation = gen;
    }
    if (restart && &node != &nodes_[local_]) {
        // A peer that (re)starts may hear our ack of its first message, or
        // our repnodes, before our next status; Heartbeat 3.0.6 then goes
        // comm-up not knowing our status, thinks it is alone and (legacy
        // mode) takes its groups without asking. Our status goes first.
        send_local_status(now);
    }

    if (!t.last_seq || seq == *t.last_seq + 1) {
        t.last_seq = seq;
        ack_if_needed(node, seq, now);
        return accept;
    }
    if (seq == *t.last_seq) {
        return Verdict::duplicate;  // very common: the same packet on two media
    }
    if (seq > *t.last_seq) {
        const std::uint64_t last = *t.last_seq;
        const std::uint64_t nlost = seq - (last + 1);
        log(LogLevel::warn, std::to_string(nlost) + " lost packet(s) for [" + node.name + "] ["
                + std::to_string(last) + ":" + std::to_string(seq) + "]");
        if (nlost > kFlowControlLimit) {
            t.reset();
            t.last_seq = seq;
            log(LogLevel::err, "lost a lot of packets!");
            return accept;
        }
        t.add_missing(last + 1, seq - 1, now.mono, Duration(cfg_.ha.max_rexmit_delay_ms), rng_);
        t.last_seq = seq;
        return accept;
    }
    // Older than the last one: a packet we asked for, or a duplicate.
    if (is_lost_packet(node, seq, now)) {
        filled_gap = true;
        return accept;
    }
    if (healed || restart) {
        t.reset();
        t.last_seq = seq;
        ack_if_needed(node, seq, now);
        return accept;
    }
    ++stats_.duplicates;
    return Verdict::drop;
}

bool Engine::is_lost_packet(NodeState& node, std::uint64_t seq, Now now)
{
    SeqTrack& t = node.track;
    const std::uint64_t old_first = t.first_missing;
    if (!t.take_missing(seq)) {
        return false;
    }
    if (!t.has_missing()) {
        log(LogLevel::info, "No pkts missing from " + node.name + "!");
    }
    if (!flow_control_ || seq != old_first || !t.last_seq) {
        return true;
    }
    // The oldest gap closed: ack the highest in-order seq that matches our
    // ack trigger, if it lies beyond the old gap.
    const std::uint64_t upto = t.first_missing == 0 ? *t.last_seq : t.first_missing - 1;
    const std::uint64_t trig = static_cast<std::uint64_t>(t.ack_trigger);
    const std::uint64_t base = upto / kAckDiv;
    std::optional<std::uint64_t> ack;
    if (upto % kAckDiv >= trig) {
        ack = base * kAckDiv + trig;
    } else if (base > 0) {
        ack = (base - 1) * kAckDiv + trig;
    }
    if (ack && *ack >= old_first && *ack > 0) {
        ack_if_needed(node, *ack, now);
    }
    return true;
}

void Engine::ack_if_needed(NodeState& node, std::uint64_t seq, Now now)
{
    const SeqTrack& t = node.track;
    if (!flow_control_ || (t.first_missing != 0 && seq > t.first_missing)
        || seq % kAckDiv != static_cast<std::uint64_t>(t.ack_trigger)) {
        return;
    }
    wire::Message m("NS_ackmsg");
    m.add(wire::f::dest, node.name);
    m.add(wire::f::ackseq, to_hex(seq));
    send(std::move(m), now);
}

void Engine::dispatch(NodeState& node, const wire::Message& msg, std::uint64_t seqno, Now now)
{
    const std::string_view type = msg.type();
    const bool from_self = &node == &nodes_[local_];
    if (type == "status") {
        on_status(node, msg, seqno, now);
    } else if (type == "NS_rexmit") {
        if (!from_self) {
            on_rexmit_request(node, msg, now);
        }
    } else if (type == "NS_ackmsg") {
        if (flow_control_) {
            on_ack(node, msg);
        }
    } else if (type == "reqnodes") {
        on_reqnodes(node, now);
    } else if (type == "repnodes") {
        on_repnodes(node, msg, now);
    } else {
        if (type == "shutdone" && !from_self) {
            log(LogLevel::info, "Received shutdown notice from '" + node.name + "'.");
            emit(PeerShutdown{node.name});
        }
        emit(MessageIn{node.name, msg});
    }
}

void Engine::on_status(NodeState& node, const wire::Message& msg, std::uint64_t seqno, Now now)
{
    auto st = msg.get(wire::f::st);
    if (!st || st->empty()) {
        log(LogLevel::err, "HBDoMsg_T_STATUS: status update without st field from " + node.name);
        return;
    }
    const bool is_self = &node == &nodes_[local_];
    const WallSeconds msgtime =
        static_cast<WallSeconds>(parse_hex(msg.value(wire::f::ts)).value_or(0));
    if (msgtime < node.remote_ts && seqno < node.status_seqno) {
        return;  // we already have a newer status
    }
    if (flow_control_ && !is_self && !msg.has(wire::f::protocol)) {
        log(LogLevel::info, "flow control disabled due to different version heartbeat");
        flow_control_ = false;
    }
    if (!is_self) {
        node.protocol_seen = msg.has(wire::f::protocol);
    }
    if (node.last_status && !is_self) {
        const Duration gap = now.mono - *node.last_status;
        node.largest_gap = std::max(node.largest_gap, gap);
        if (gap > cfg_.ha.deadtime) {
            ++node.late_warnings;
            log(LogLevel::crit, "Late heartbeat: Node " + node.name + ": interval "
                    + std::to_string(gap.count()) + " ms (> deadtime)");
            // Something kept us from seeing it die; it turns out it was
            // alive after all, but it may have seen us die.
            mark_node_dead(node, now);
        } else if (gap > cfg_.ha.warntime) {
            ++node.late_warnings;
            log(LogLevel::warn, "Late heartbeat: Node " + node.name + ": interval "
                    + std::to_string(gap.count()) + " ms");
        }
    }
    const std::string status = to_lower(*st);
    if (!is_self && status != node.status) {
        log(LogLevel::info, "Status update for node " + node.name + ": status " + status);
        std::string old = node.status;
        node.status = status;
        emit(NodeStatusChanged{node.name, old, status});
    }
    if (auto dt = parse_hex(msg.value(wire::f::dt)); dt && *dt > 0 && !is_self) {
        // The peer says how long to wait before declaring it dead.
        node.dead_interval = Duration(static_cast<std::int64_t>(std::min<std::uint64_t>(*dt, 86400000)));
    }
    if (is_self) {
        emit(OwnHeartbeat{});
    }
    node.remote_ts = msgtime;
    node.last_status = now.mono;
    node.status_seqno = seqno;
}

void Engine::on_ack(NodeState& node, const wire::Message& msg)
{
    auto to = msg.get(wire::f::dest);
    if (!to || to_lower(*to) != nodes_[local_].name) {
        return;
    }
    auto ackseq = parse_hex(msg.value(wire::f::ackseq));
    if (!ackseq || *ackseq <= node.track.ackseq) {
        return;  // late or duplicate ack
    }
    if (*ackseq > history_.hiseq()) {
        log(LogLevel::err, "HBDoMsg_T_ACK: corrupted ackseq from " + node.name + ": current hiseq = "
                + std::to_string(history_.hiseq()) + " ackseq = " + std::to_string(*ackseq));
        return;
    }
    node.track.ackseq = *ackseq;
}

void Engine::on_rexmit_request(NodeState& node, const wire::Message& msg, Now now)
{
    auto fseq = parse_dec(msg.value(wire::f::firstseq));
    auto lseq = parse_dec(msg.value(wire::f::lastseq));
    if (!fseq || !lseq || *fseq == 0 || *lseq == 0 || *fseq > *lseq) {
        log(LogLevel::err, "Invalid rexmit seqnos from " + node.name);
        return;
    }
    // Bound the work one request can cause.
    const std::uint64_t last = std::min(*lseq, *fseq + kMaxMsgHist);
    const Duration min_interval(std::max(0, cfg_.ha.max_rexmit_delay_ms - 10));
    std::uint64_t sent = 0;
    for (std::uint64_t s = *fseq; s <= last; ++s) {
        if (s <= node.track.ackseq) {
            continue;  // the requester already acked it
        }
        if (history_.size() == 0 || s < history_.lowseq()) {
            nak(node.name, s, "seqno too low", now);
            continue;
        }
        if (s > history_.hiseq()) {
            log(LogLevel::warn, "Rexmit of seq " + std::to_string(s) + " requested. "
                    + std::to_string(history_.hiseq()) + " is max.");
            continue;
        }
        XmitHistory::Entry* e = history_.find(s);
        if (!e) {
            nak(node.name, s, "seqno not found", now);
            continue;
        }
        if (e->last_rexmit && now.mono - *e->last_rexmit < min_interval) {
            continue;  // resent very recently: answer at most once per interval
        }
        if (++sent > kMaxRexmitBatch) {
            return;
        }
        e->last_rexmit = now.mono;
        ++stats_.rexmits_sent;
        host_.transmit(e->frame);
    }
}

void Engine::on_reqnodes(NodeState& node, Now now)
{
    if (&node == &nodes_[local_]) {
        log(LogLevel::err, "HBDoMsg_T_REQNODES: get reqnodes msg from myself!");
        return;
    }
    std::string list;
    for (const NodeState& n : nodes_) {
        list += n.name + " ";  // each name followed by a space (facts 4.1)
    }
    // 3.0.6 builds this one with dest before t (HBDoMsg_T_REQNODES).
    wire::Message m;
    m.add(wire::f::dest, node.name);
    m.add(wire::f::type, "repnodes");
    m.add(wire::f::nodelist, list);
    m.add(wire::f::delnodelist, " ");
    send(std::move(m), now);
}

void Engine::on_repnodes(NodeState& node, const wire::Message& msg, Now now)
{
    if (&node == &nodes_[local_]) {
        return;
    }
    if (auto list = msg.get(wire::f::nodelist)) {
        std::vector<std::string> theirs = split_ws(*list);
        for (std::string& s : theirs) {
            s = to_lower(s);
        }
        std::set<std::string> a(theirs.begin(), theirs.end());
        std::set<std::string> b;
        for (const NodeState& n : nodes_) {
            b.insert(n.name);
        }
        if (a != b) {
            // 3.0.6 would add and remove nodes to match; heartbeatd keeps
            // ha.cf authoritative and says so.
            std::string t, o;
            for (const auto& s : a) t += (t.empty() ? "" : " ") + s;
            for (const auto& s : b) o += (o.empty() ? "" : " ") + s;
            log(LogLevel::warn, "node list from " + node.name + " [" + t
                    + "] differs from ha.cf [" + o + "]; keeping ha.cf's list");
        }
    }
    got_repnodes_ = true;
    comm_now_up(now);
}

}  // namespace hb::member
