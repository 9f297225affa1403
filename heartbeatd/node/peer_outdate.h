// DRBD peer fencing over the heartbeat links: the role Heartbeat 3.0.6's
// dopd plays for drbd-peer-outdater, with dopd's wire messages, and a
// stricter rule for a peer nobody can reach. Pure: the Node feeds it
// messages, membership and job results; it asks its host to send messages
// and to run `drbdadm outdate RES`.
//
// Requesting side (the fence-peer handler asked the local daemon):
//   peer is this node or not a cluster node   -> failed at once
//   peer unreachable on every link (not up/active):
//       fenced since it was last heard (STONITH) -> 7 at once
//       otherwise                                -> failed at once: no
//         promotion while the peer may still run as Primary
//   peer reachable -> `t=start_outdate dop_res=RES dest=PEER`; the peer's
//       `t=outdate_rc dop_value=N` answers it (3..7 are taken as they are,
//       anything else is a failure); no answer by the deadline -> failed.
// Answering side (`start_outdate` from a peer): run `drbdadm outdate RES`,
// map its exit code as dopd does (0 -> 4 outdated, 5 -> 3 inconsistent,
// 17 -> 6 primary; 10 or 20, DRBD not configured or not loaded here,
// -> 5 down) and anything else to 20, which every fence-peer caller treats
// as a failure; reply `t=outdate_rc dop_value=N dop_res=RES dest=REQUESTER`
// (3.0.6's dopd names the resource in its reply and crashes on a reply
// without it). A reply ends the oldest request pending for that peer and
// resource (older dopd versions sent no dop_res: then any resource).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "base/log.h"
#include "base/time.h"
#include "wire/message.h"

namespace hb::node {

// 3.0.6 dopd's message types and fields.
inline constexpr std::string_view kStartOutdate = "start_outdate";
inline constexpr std::string_view kOutdateRc = "outdate_rc";
inline constexpr std::string_view kDopRes = "dop_res";
inline constexpr std::string_view kDopValue = "dop_value";

/// DRBD's fence-peer handler exit codes (drbd.conf(5), the DRBD kernel
/// module's reading of them), and ours for "fencing failed".
enum FenceCode : int {
    kFenceFailed = 1,        // not 3..7: DRBD refuses the promotion
    kPeerInconsistent = 3,
    kPeerOutdated = 4,
    kPeerDown = 5,           // reachable, but its DRBD is not running
    kPeerPrimary = 6,
    kPeerStonithed = 7,
};

/// What the peer's answer means, for logs and the handler's message.
std::string_view fence_code_text(int code);

/// dopd's mapping of `drbdadm outdate` exit codes to fence-peer codes,
/// plus 10/20 -> 5; anything else (and a signal/timeout: pass -1) -> 20.
int outdate_exit_to_fence_code(int drbdadm_exit);

/// True for a DRBD resource name we pass to drbdadm (no option, no path).
bool valid_resource_name(std::string_view res);

/// The fence-peer handler's peer node: `opt` (-p) when given, else DRBD
/// 9's DRBD_PEER_NODE_ID -> DRBD_NODE_ID_<id>, else DRBD 8.4's DRBD_PEERS
/// or DRBD_PEER: the first name that is not `local`. Empty when none.
std::string resolve_drbd_peer(const std::string& opt,
    const std::function<std::optional<std::string>(const std::string&)>& env, const std::string& local);

/// How the requesting side sees the peer when a request starts.
struct PeerView {
    bool known = false;       // a `node` in ha.cf
    bool is_me = false;
    bool reachable = false;   // status up or active
};

struct OutdateRequest {
    std::uint64_t id = 0;
    std::string resource;
    std::string peer;
    MonoTime deadline{};
    bool done = false;
    int code = kFenceFailed;
    std::string detail;       // one line for the handler and the log
};

class PeerOutdater {
public:
    class Host : public Logger {
    public:
        virtual void send(wire::Message msg) = 0;
        /// Run `drbdadm outdate RES`; answer with on_outdate_done(job, ...).
        virtual void run_outdate(std::uint64_t job, const std::string& resource) = 0;
    };

    explicit PeerOutdater(Host& host, std::string local_node);

    // --- requesting side
    /// A fence-peer handler asks to outdate `peer`'s disk of `resource`.
    /// Returns the request (done at once, or pending until the answer or
    /// `timeout`).
    const OutdateRequest& request(const std::string& resource, const std::string& peer,
        const PeerView& view, Duration timeout, MonoTime now);
    const OutdateRequest* find(std::uint64_t id) const;

    /// A STONITH of `node` succeeded (the node is powered off/reset).
    void note_fenced(const std::string& node);
    bool fenced(const std::string& node) const;
    /// Membership: a node heard again is no longer fenced.
    void on_node_status(const std::string& node, const std::string& status);

    // --- both sides
    /// A message from the cluster (own messages included); ignores types
    /// other than start_outdate / outdate_rc.
    void on_message(const std::string& from, const wire::Message& msg, MonoTime now);

    // --- answering side
    void on_outdate_done(std::uint64_t job, int drbdadm_exit, MonoTime now);

    void tick(MonoTime now);
    std::optional<MonoTime> next_deadline() const;

private:
    void finish(OutdateRequest& r, int code, std::string detail);

    struct Job {
        std::string requester;
        std::string resource;
    };

    Host& host_;
    std::string me_;
    std::uint64_t next_id_ = 1;
    std::deque<OutdateRequest> requests_;  // newest last, bounded
    std::map<std::uint64_t, Job> jobs_;
    std::set<std::string> fenced_;
};

}  // namespace hb::node
