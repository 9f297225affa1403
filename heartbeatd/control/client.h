// Client side of the local control socket: one request, one reply. Used by
// cl_status, hb_standby and hb_takeover.
#pragma once

#include <string>
#include <vector>

#include "member/control_protocol.h"

namespace hb::control {

/// The socket to talk to: $HBD_CONTROL_SOCKET (ignored when set-id), else
/// /run/heartbeat/hbd-control.
std::string socket_path();

/// Sends `args` to the daemon and returns its reply; when it cannot, the
/// reply 3.0.6's cl_status gives in that situation (daemon not running,
/// refused, bad reply).
Reply ask_daemon(const std::vector<std::string>& args);

/// True when `r` is one of the "no daemon / cannot sign on" answers.
bool is_signon_failure(const Reply& r);

}  // namespace hb::control
