// Ping pseudo-nodes (`ping`, `ping6`, `ping_group`, facts section 3): one ICMP
// echo per target with every outgoing status message, a node is `ping` while
// verified replies arrive and `dead` after `deadping` without one. A group is
// alive while any member answers. Pure: the shell sends the probes and hands
// back the replies; time comes in with every call.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/time.h"
#include "config/config.h"
#include "wire/auth.h"

namespace hb::member {

struct PingNodeState {
    std::string name;                    // address, or group name
    std::vector<std::string> addresses;  // numeric (the loader resolved names)
    bool group = false;
    bool v6 = false;
    std::string status = "init";         // init, ping, dead
    std::optional<MonoTime> last_reply;
    // One link per address (3.0.6 names it NODE:ADDRESS): up with a reply
    // from that address, dead after deadtime (not deadping) without one.
    std::vector<bool> link_up;
    std::vector<std::optional<MonoTime>> link_last;
    std::uint64_t replies = 0;
    std::uint64_t rejected = 0;          // replies that did not verify
};

/// One echo request to send.
struct PingProbe {
    std::string address;
    bool v6 = false;
    std::string payload;
};

/// A ping node's link (one address) went up or dead.
struct PingLinkChange {
    std::string node;
    std::string address;
    bool up = false;
};

/// A ping node changed status (ping <-> dead).
struct PingStatusChange {
    std::string node;
    std::string old_status;
    std::string new_status;
};

class PingNodes {
public:
    explicit PingNodes(const config::HaCf& ha);

    bool empty() const { return nodes_.empty(); }
    /// Starts the deadping clocks (as if each node had answered at `now`).
    void start(MonoTime now);
    /// The probes for one outgoing status message with wall time `ts`.
    std::vector<PingProbe> probes(WallSeconds ts, const wire::Signer& signer) const;
    /// An echo reply (already matched by ICMP id) from `address`. Returns the
    /// status change it caused, if any; `why` explains a rejected reply.
    std::optional<PingStatusChange> on_reply(std::string_view address, std::string_view payload,
        const wire::Signer& signer, MonoTime now, std::string& why);
    /// Nodes silent for longer than deadping go dead.
    std::vector<PingStatusChange> tick(MonoTime now);
    std::optional<MonoTime> next_deadline() const;
    /// New deadping/deadtime after a reload (targets cannot change while running).
    void set_deadping(Duration d) { deadping_ = d; }
    void set_deadtime(Duration d) { deadtime_ = d; }
    /// Link changes since the last call (from on_reply and tick).
    std::vector<PingLinkChange> take_link_changes();

    const std::vector<PingNodeState>& nodes() const { return nodes_; }
    const PingNodeState* find(std::string_view name) const;
    /// How many ping nodes are `ping` (what ipfail counts).
    int alive() const;

private:
    std::vector<PingNodeState> nodes_;
    Duration deadping_;
    Duration deadtime_;
    std::optional<MonoTime> started_;
    std::vector<PingLinkChange> link_changes_;
};

}  // namespace hb::member
