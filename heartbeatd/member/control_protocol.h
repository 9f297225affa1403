// The cl_status command language and the hbd-control wire format. Pure.
//
// Owns: what `cl_status ARGS` prints (stdout, stderr lines, exit code) given
// a StatusView, byte for byte as Heartbeat 3.0.6's cl_status does (observed
// on real nodes, docs/cl_status-3.0.6.md), including its getopt behaviour;
// the answers that need no daemon (usage, unknown sub-command, daemon not
// running or refusing); and the framing of requests and replies on the
// local control socket.
// Must not: touch sockets, clocks, files or the process (the server in
// control/server.cpp and tools/cl_status.cpp do the I/O). It lives in
// member/ only because the unit tests link just the pure core.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "control/status_view.h"

namespace hb::control {

// 3.0.6's exit codes (tools/cl_status.c: OK, NORMAL_FAIL, PARAMETER_ERROR,
// TIMEOUT, UNKNOWN_ERROR).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFail = 1;
inline constexpr int kExitParam = 11;
inline constexpr int kExitTimeout = 12;
inline constexpr int kExitUnknown = 13;

/// One line cl_status writes to stderr (without the newline).
struct ErrLine {
    enum class Kind {
        plain,  // written as is (getopt's and cl_status's fprintf messages)
        log,    // a cl_log ERROR line: the client prefixes 3.0.6's
                // `Mon DD HH:MM:SS host cl_status: [pid]: ERROR: `
    };
    Kind kind = Kind::plain;
    std::string text;

    bool operator==(const ErrLine&) const = default;
};

/// Everything one cl_status run prints, and its exit code.
struct Reply {
    int exit_code = kExitOk;
    std::string out;            // stdout bytes
    std::vector<ErrLine> err;   // stderr lines, in order

    bool operator==(const Reply&) const = default;
};

/// 3.0.6's usage screen (printed for no arguments or exactly `-h`).
std::string_view usage_text();

/// The REASON 3.0.6 prints when no daemon answers on its socket.
inline constexpr std::string_view kNotRunningReason =
    "hb_api_signon: Can't initiate connection to heartbeat";

/// Answers that need no daemon, in 3.0.6's order: the usage screen (no
/// arguments, or exactly `-h`) and an unknown sub-command. False: the
/// daemon must be asked. `args` is argv without the program name.
bool answer_without_daemon(const std::vector<std::string>& args, Reply& out);

/// hb_standby/hb_takeover's query: the daemon's standby request log, one
/// `id<TAB>from<TAB>what<TAB>outcome` line per request.
inline constexpr std::string_view kStandbyLogCommand = "_standbylog";

/// hb_status's queries (like kStandbyLogCommand, not cl_status commands):
/// the status dump as JSON, the action history as text or JSON.
inline constexpr std::string_view kDumpCommand = "_dump";
inline constexpr std::string_view kHistoryCommand = "_history";
inline constexpr std::string_view kHistoryJsonCommand = "_history_json";

/// The reply of a running daemon whose state is `view`.
Reply answer(const std::vector<std::string>& args, const StatusView& view);

/// What cl_status prints when it cannot sign on. `running` false: nothing
/// answers (reason kNotRunningReason; hbstatus says "stopped", exit 1).
/// `running` true: the daemon refused us (hbstatus says "apparently running
/// ... refuses my connection", exit 0). Other sub-commands print "Cannot
/// signon with heartbeat" and `REASON: <reason>`, exit 1.
Reply answer_signon_failed(const std::vector<std::string>& args, bool running,
    std::string_view reason);

// ---------------------------------------------------------------- wire --
// Request:  "HBDC1 <argc>\n" then argc netstrings "<len>:<bytes>,"
// Reply:    "HBDR1 A <exit> <nerr>\n" ns(stdout) then nerr netstrings whose
//           first byte is 'P' (plain) or 'L' (log) followed by the text;
//   or      "HBDR1 X\n" ns(reason): the daemon refuses this peer.
// Arguments are arbitrary bytes (NUL included); lengths are decimal.

inline constexpr std::size_t kMaxRequestBytes = 16 * 1024;
inline constexpr std::size_t kMaxArgs = 64;
inline constexpr std::size_t kMaxReplyBytes = 4 * 1024 * 1024;

enum class ParseStatus { incomplete, complete, malformed };

/// Empty string if `args` exceeds kMaxArgs or kMaxRequestBytes.
std::string encode_request(const std::vector<std::string>& args);

struct RequestParse {
    ParseStatus status = ParseStatus::incomplete;
    std::vector<std::string> args;  // when complete
    std::size_t consumed = 0;       // bytes of the frame, when complete
    std::string error;              // when malformed
};

/// Parses a (possibly partial) request at the start of `buf`. Malformed as
/// soon as a prefix cannot start a valid frame or any bound is exceeded.
RequestParse parse_request(std::string_view buf);

std::string encode_reply(const Reply& reply);
std::string encode_refusal(std::string_view reason);

struct ReplyParse {
    ParseStatus status = ParseStatus::incomplete;
    bool refused = false;   // an "X" frame; reason in `reason`
    std::string reason;
    Reply reply;            // an "A" frame
    std::size_t consumed = 0;
    std::string error;
};

ReplyParse parse_reply(std::string_view buf);

}  // namespace hb::control
