// hb_standby and hb_takeover, the commands: argument rules of 3.0.6's
// scripts, the FIFO message they write, and how to read the daemon's
// standby log to tell the operator what became of the request. Pure.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace hb::res {

struct StandbyArgs {
    bool ok = false;
    std::string what;   // all / local / foreign (hb_standby maps failback to foreign)
    std::string error;  // what to print when !ok (3.0.6's texts)
};

/// hb_standby [all|foreign|local|failback]: none means all; failback means
/// foreign; anything else (failover included) is refused.
StandbyArgs parse_standby_args(const std::vector<std::string>& args, const std::string& prog);
/// hb_takeover [all|foreign|local|failback]: sent as given.
StandbyArgs parse_takeover_args(const std::vector<std::string>& args, const std::string& prog);

std::string standby_message(const std::string& what);   // t=ask_resources ... info=me
std::string takeover_message(const std::string& what);  // t=hb_takeover rsc_hold=...

struct StandbyEntry {
    unsigned long id = 0;
    std::string from;
    std::string what;
    std::string outcome;
};

/// The local node's name from the `_standbylog` answer (its `@local` line).
std::string standby_log_local_node(const std::string& text);

/// Parses the daemon's `_standbylog` answer; bad lines are skipped.
std::vector<StandbyEntry> parse_standby_log(const std::string& text);

/// The first entry after `after_id` from (or, with `peer` true, not from)
/// `node`.
std::optional<StandbyEntry> find_request(const std::vector<StandbyEntry>& log, unsigned long after_id,
    const std::string& node, bool peer);

/// What to tell the operator about a finished request; empty while it is
/// still pending. `asked` is the operator's own argument (for hb_takeover the
/// entry is the peer's standby, whose set is the mirror image: `hb_takeover
/// local` shows up as the peer's `foreign`); empty means the entry's set.
/// `exit_code` 0 for completed, 1 otherwise.
std::string describe_outcome(const StandbyEntry& e, bool takeover, const std::string& asked, int& exit_code);

}  // namespace hb::res
