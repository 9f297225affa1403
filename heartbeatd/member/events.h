// What the engine reports to the layers above it (resource manager, control
// socket, rc.d hooks) and what it needs from the shell below it. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "base/log.h"
#include "wire/message.h"

namespace hb::member {

/// One message ready for the media: the netstring form for UDP, the classic
/// form (with inner auth) for serial links. classic is empty when no serial
/// medium is configured.
struct OutFrame {
    std::string netstring;
    std::string classic;
};

// Events, named with one vocabulary used in logs and status.
struct NodeStatusChanged {  // node-status: a peer's advertised status changed
    std::string node;
    std::string old_status;
    std::string new_status;
};
struct LinkStatusChanged {  // link-up / link-dead
    std::string node;
    std::string link;
    bool up = false;
};
struct NodeDead {           // node-dead: declared dead by timeout
    std::string node;
    bool heard_from = false;  // it had sent packets since its last death/restart
};
struct NodeRestarted {      // node-restart: higher generation seen
    std::string node;
    bool first_contact = false;  // the first generation seen from it at all
};
struct PartitionHealed {    // node-returned: same generation after death
    std::string node;
};
struct CommUp {};           // comm-up: local status went active
struct LocalStatusChanged { // own status init/up/active
    std::string status;
};
struct PeerShutdown {       // shutdone received from a peer
    std::string node;
};
struct ShutdownComplete {}; // our shutdone went out and the grace period ended
struct MessageIn {          // any accepted message the engine does not consume
    std::string from;
    wire::Message msg;
};
struct OwnHeartbeat {};     // our own status message was processed (watchdog)
struct NodeUuidLearned {    // a node's uuid seen for the first time or changed (hostcache)
    std::string node;
    std::string uuid;       // 16 raw bytes
};

using Event = std::variant<NodeStatusChanged, LinkStatusChanged, NodeDead, NodeRestarted,
    PartitionHealed, CommUp, LocalStatusChanged, PeerShutdown, ShutdownComplete, MessageIn,
    OwnHeartbeat, NodeUuidLearned>;

/// The shell side of the engine: media, events, and the two facts the engine
/// cannot compute itself. Tests implement it with a recording fake.
class Host : public Logger {
public:
    /// Send one message on every medium. Must not call back into the
    /// engine (write or queue; never deliver synchronously).
    virtual void transmit(const OutFrame& frame) = 0;
    /// Forward a classic frame received on serial medium `from_medium` to the
    /// other serial media (ring configuration, facts 3).
    virtual void forward_serial(std::size_t from_medium, std::string_view classic) = 0;
    virtual void on_event(const Event& ev) = 0;
    /// First line of /proc/loadavg, or "n/a" (the `ld` field).
    virtual std::string loadavg() = 0;
};

}  // namespace hb::member
