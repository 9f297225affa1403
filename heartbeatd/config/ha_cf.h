// ha.cf: the directive table and the parser that turns the file's text into
// an HaCf plus `file:line: message` diagnostics (every problem in one pass).
// Pure: what the parser cannot look up itself (uname -n / nodeinfo, the
// /etc/services port) comes in through HaCfContext; interfaces, users,
// executables and host names are checked by the loader (sys/config_loader).
//
// Behaviour follows Heartbeat 3.0.6's heartbeat/config.c and its HBcomm
// plugins: same directive names (case-sensitive), `#` comments anywhere,
// option directives split on blanks and commas, whole-line directives
// (stonith, stonith_host, apiauth, respawn, failfast, ucast, mcast, ucast6,
// mcast6, ping_group) get the rest of the line, and the same cross-checks
// and defaults (deadtime vs keepalive, initdead, warntime, deadping, port).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "base/diag.h"
#include "config/config.h"

namespace hb::config {

/// What ha.cf parsing needs from the outside world.
struct HaCfContext {
    std::string local_node;              // lower-cased; empty skips the "Current node" check
    int default_udpport = kDefaultUdpPort;  // /etc/services ha-cluster/udp, else 694
    // For the hint when local_node is not a `node`: where the name came from.
    std::string uname_node = {};         // uname -n as the kernel reports it (may be empty)
    bool from_nodeinfo = false;          // local_node came from nodeinfo, not uname -n
};

/// How a directive's value is read.
enum class DirectiveForm {
    single,  // exactly one value (keepalive 2)
    words,   // one or more values split on blanks/commas, each handled alone (node a b)
    line,    // the rest of the line, handled as a whole (ucast eth0 10.0.0.2)
};

/// What heartbeatd does with a directive.
enum class DirectiveSupport {
    implemented,  // parsed, checked and acted on
    stored,       // parsed, checked and kept in HaCf; acting on it is up to later work
    accepted,     // accepted (value checked where cheap) and ignored: no effect in R1 mode
    rejected,     // makes no sense for a v1/haresources daemon: an error unless switched off
    extension,    // heartbeatd only: Heartbeat 3.0.6 refuses ha.cf with it (`Illegal directive`)
};

struct HaCfParser;  // parser state, internal (ha_cf_parser.h)
using DirectiveHandler = void (*)(HaCfParser& p, int line, std::string_view value);

/// One row of the directive table: one per directive 3.0.6 accepts.
struct DirectiveInfo {
    std::string_view name;
    DirectiveForm form;
    DirectiveSupport support;
    bool recorded;                  // value kept for `cl_status hbparameter` (3.0.6 record_value)
    std::string_view default_value; // recorded when the directive is absent ("" = none)
    std::string_view synopsis;      // argument synopsis for the man page
    std::string_view description;   // one line for the man page
    DirectiveHandler handler;
};

/// Every directive, in man-page order.
std::span<const DirectiveInfo> ha_cf_directives();
/// The row for `name` (case-sensitive), or nullptr.
const DirectiveInfo* find_ha_cf_directive(std::string_view name);

/// Parses ha.cf. Problems go to `diag` (whose file name prefixes them). The
/// result is complete only when `diag` received no errors.
HaCf parse_ha_cf(std::string_view text, const HaCfContext& ctx, DiagSink& diag);

std::string_view medium_type_name(MediumType t);

}  // namespace hb::config
