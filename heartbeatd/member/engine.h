// The heartbeat protocol engine: Heartbeat 3.0.6's master control process
// without the processes. It owns node and link liveness, the local status,
// sequence numbers, generation and retransmission, acks, the comm-up gate
// (reqnodes/repnodes) and the graceful-stop message. Pure: every input comes
// with `Now`, every output goes through `Host`; the shell calls tick() at
// next_deadline().
//
// Local status:   init --start()--> up --comm up--> active
// Peer status:    init --status msg--> up/active --timeout--> dead
//                 dead --status msg (higher hg)--> init/up/active (restart)
//                 dead --status msg (same hg)--> "returning after partition"
// Comm up (facts 4.1): every configured node heard from or declared dead
//   (initdead), then reqnodes to the first live peer once a second until it
//   answers repnodes; then status active and CommUp.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "base/time.h"
#include "config/config.h"
#include "member/events.h"
#include "member/history.h"
#include "member/seqtrack.h"
#include "wire/auth.h"
#include "wire/codec.h"

namespace hb::member {

/// Why a received frame was dropped; counted per link (status, metrics).
enum class DropReason {
    too_big,
    bad_framing,
    bad_auth,        // unknown key index, digest mismatch, missing auth
    missing_field,   // t, src, ts, or seq on a sequenced type
    bad_seq,         // unparsable seq/generation
    unknown_node,    // "bad node [x] in message"
    replay,          // lower generation
    stale,           // old status from a dead node with the same generation
    count_
};
std::string_view to_string(DropReason r);

struct LinkState {
    std::string name;
    bool up = false;
    std::optional<MonoTime> last_heard;
    // Observability: the largest gap between two frames heard from the node
    // on this link, and how many gaps exceeded warntime.
    Duration largest_gap{0};
    std::uint64_t late = 0;
};

struct NodeState {
    std::string name;
    std::string status = "init";     // init, up, active, dead
    std::string uuid;                // 16 raw bytes once known
    SeqTrack track;
    std::vector<LinkState> links;    // one per configured link name
    bool any_packets = false;        // anypacketsyet
    std::optional<MonoTime> last_status;  // local_lastupdate
    WallSeconds remote_ts = 0;       // rmt_lastupdate
    std::uint64_t status_seqno = 0;
    Duration dead_interval{30000};   // the peer's advertised dt
    bool protocol_seen = false;
    // Observability (cl_status --json later)
    Duration largest_gap{0};
    std::uint64_t late_warnings = 0;
};

struct Identity {
    std::string uuid;             // 16 raw bytes
    std::uint64_t generation = 0;
    /// Peers' uuids from the hostcache, so messages to them carry destuuid
    /// before they are heard from.
    std::map<std::string, std::string> known_uuids;
};

struct EngineStats {
    std::map<std::string, std::array<std::uint64_t, static_cast<std::size_t>(DropReason::count_)>>
        drops;                    // link name ("-" for the FIFO/unknown) -> counts
    std::uint64_t frames_in = 0;
    std::uint64_t frames_out = 0;
    std::uint64_t rexmit_requests_sent = 0;
    std::uint64_t rexmits_sent = 0;
    std::uint64_t naks_sent = 0;
    std::uint64_t duplicates = 0;
};

class Engine {
public:
    Engine(const config::Config& cfg, Identity id, Host& host, std::uint64_t seed);

    /// Sends status init then up, arms timers. Call once.
    void start(Now now);

    /// A frame arrived on medium `medium_index` (index into cfg.ha.media)
    /// from `source` (the sender's address, for log lines; may be empty).
    void on_frame(std::size_t medium_index, std::string_view bytes, Now now,
        std::string_view source = {});

    /// A classic message written to the FIFO by a local script: the common
    /// fields are added and it is sent to the cluster (3.0.6 FIFO reader).
    void on_fifo(std::string_view bytes, Now now);

    /// Sends a message originated locally (upper layers). Adds the common
    /// fields, signs, records it for retransmission, processes it locally and
    /// transmits it.
    void send(wire::Message msg, Now now);

    /// Runs every timer that is due.
    void tick(Now now);
    /// When tick() next needs to run.
    MonoTime next_deadline() const;

    /// Graceful stop, the last step: sends `shutdone st=dead`, keeps
    /// heartbeating for a second, then reports ShutdownComplete.
    void send_shutdone(Now now);
    bool comm_up() const { return comm_up_; }

    /// Applies a new, already validated configuration: timing, keys and
    /// rexmit pacing change live. Node and media lists cannot change while
    /// running; differences are returned as messages and the old ones kept.
    std::vector<std::string> reload(const config::Config& cfg);

    // Queries (cl_status, status dump)
    const std::string& local_name() const { return cfg_.local_node; }
    const std::string& local_status() const { return nodes_[local_].status; }
    const std::vector<NodeState>& nodes() const { return nodes_; }
    const NodeState* find_node(std::string_view name) const;
    const std::vector<std::string>& link_names() const { return link_names_; }
    const EngineStats& stats() const { return stats_; }
    const config::Config& config() const { return cfg_; }
    std::uint64_t generation() const { return id_.generation; }
    bool flow_control() const { return flow_control_; }

private:
    enum class Verdict { keep, drop, duplicate };

    // receive path (engine_rx.cpp)
    void process(const wire::Message& msg, std::optional<std::size_t> link, Now now,
        std::string_view source = {});
    Verdict should_drop(NodeState& node, const wire::Message& msg, std::optional<std::size_t> link,
        bool& filled_gap, Now now);
    bool is_lost_packet(NodeState& node, std::uint64_t seq, Now now);
    void ack_if_needed(NodeState& node, std::uint64_t seq, Now now);
    void dispatch(NodeState& node, const wire::Message& msg, std::uint64_t seqno, Now now);
    void on_status(NodeState& node, const wire::Message& msg, std::uint64_t seqno, Now now);
    void on_ack(NodeState& node, const wire::Message& msg);
    void on_rexmit_request(NodeState& node, const wire::Message& msg, Now now);
    void on_reqnodes(NodeState& node, Now now);
    void on_repnodes(NodeState& node, const wire::Message& msg, Now now);
    void drop(std::optional<std::size_t> link, DropReason reason, const std::string& text, Now now);
    void maybe_forward_serial(std::size_t medium_index, const wire::Message& msg);

    // local side (engine.cpp)
    void send_local_status(Now now);
    void set_local_status(const std::string& status, Now now);
    void check_timeouts(Now now);
    void check_comm_isup(Now now);
    void send_reqnodes(Now now);
    void comm_now_up(Now now);
    void mark_node_dead(NodeState& node, Now now);
    void change_link(NodeState& node, LinkState& link, bool up);
    void send_rexmit_requests(Now now);
    void nak(const std::string& to, std::uint64_t seq, const char* reason, Now now);
    Duration dead_interval(const NodeState& node) const;
    Duration advertised_deadtime(Now now) const;
    NodeState* lookup(std::string_view name);
    void emit(Event ev) { host_.on_event(ev); }
    void log(LogLevel level, const std::string& text) { host_.log(level, text); }

    config::Config cfg_;
    Identity id_;
    Host& host_;
    wire::Signer signer_;
    std::mt19937_64 rng_;
    bool any_serial_ = false;

    std::vector<NodeState> nodes_;
    std::size_t local_ = 0;
    std::vector<std::string> link_names_;
    std::vector<std::size_t> medium_link_;  // medium index -> link index

    XmitHistory history_;
    std::uint64_t next_seq_ = 1;
    bool flow_control_ = true;
    bool started_ = false;
    bool comm_linksup_ = false;   // every node heard from or dead
    bool comm_up_ = false;        // repnodes answered, status active
    bool got_repnodes_ = false;
    std::size_t reqnodes_target_ = 0;

    MonoTime start_time_{};
    MonoTime next_status_{};
    std::optional<MonoTime> next_reqnodes_;
    std::optional<MonoTime> last_tick_;
    std::optional<MonoTime> tilt_until_;
    std::optional<MonoTime> shutdown_exit_at_;
    bool shutdone_sent_ = false;

    EngineStats stats_;
    std::map<std::pair<std::string, DropReason>, MonoTime> drop_log_next_;  // log rate limit
};

}  // namespace hb::member
