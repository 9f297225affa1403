// The ICMP echo payload of a ping pseudo-node (facts section 3): the netstring
// message `t=NS_st st=ping info=ping|ping_group src=<IP|group> ts=<status ts>`
// with the inner auth field and the trailer, signed with the active key.
// The echo reply carries the same bytes back; it counts only when it
// authenticates and names the expected plugin. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/time.h"
#include "wire/auth.h"

namespace hb::wire {

/// The payload sent to ping node `name` (the address for `ping`/`ping6`, the
/// group name for `ping_group`) with one outgoing status message.
std::string build_ping_payload(std::string_view name, bool group, WallSeconds ts, const Signer& signer);

enum class PingReplyError { none, bad_message, wrong_type, wrong_plugin, wrong_source };
std::string_view to_string(PingReplyError e);

struct PingReply {
    PingReplyError error = PingReplyError::none;
    std::string detail;  // for the log
    WallSeconds ts = 0;  // the ts we sent (round trip bookkeeping)
    explicit operator bool() const { return error == PingReplyError::none; }
};

/// Checks an echo reply's payload for ping node `name`: it must decode and
/// authenticate, be an NS_st with st=ping, name the plugin (`info`) of the
/// node's kind, and carry `src=name` (3.0.6 checks the first three).
PingReply verify_ping_payload(std::string_view payload, std::string_view name, bool group,
    const Signer& signer);

}  // namespace hb::wire
