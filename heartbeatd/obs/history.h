// The action history: the last N membership events and resource actions
// (script, arguments, exit code, duration, first lines of output, why it
// ran), so "why is node2 not taking over" has an answer on the box
// (`hb_history`). Pure: times are passed in.
//
// Owns: the bounded ring (oldest entries fall out first, each entry keeps a
// bounded amount of text) and its plain-text rendering.
// Must not: read clocks or files; the Node records into it, the daemon
// copies it into the StatusView.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/time.h"

namespace hb::obs {

struct HistoryEntry {
    std::uint64_t id = 0;          // 1, 2, ... (ids keep counting past the bound)
    WallSeconds wall = 0;          // when it finished (or happened)
    /// "membership" (node/link events), "resource" (a script ran),
    /// "monitor" (resource monitoring decisions).
    std::string kind;
    /// membership: node-status, node-dead, node-restart, node-returned,
    /// link-up, link-dead, comm-up, peer-shutdown; resource: the action
    /// (start, stop, status); monitor: failed, restart, giveup, recovered.
    std::string event;
    std::string subject;           // node name, or the resource spec
    std::string detail;            // membership: "active -> dead"; monitor: the why
    // Resource actions only.
    std::string script;
    std::vector<std::string> args;
    std::optional<int> exit_code;  // -1: killed, timed out or not runnable
    bool timed_out = false;
    std::int64_t duration_ms = -1;
    std::string output;            // first lines of stdout, bounded
    std::string reason;            // what asked for it (mach_down, monitor, ...)
};

class History {
public:
    static constexpr std::size_t kDefaultCapacity = 256;
    static constexpr std::size_t kOutputLines = 3;
    static constexpr std::size_t kOutputBytes = 240;
    static constexpr std::size_t kFieldBytes = 512;

    explicit History(std::size_t capacity = kDefaultCapacity) : capacity_(capacity ? capacity : 1) {}

    /// Adds `e` (its id is assigned; text fields are cut to their bounds).
    const HistoryEntry& add(HistoryEntry e);
    const std::deque<HistoryEntry>& entries() const { return entries_; }
    std::size_t capacity() const { return capacity_; }
    /// Entries that fell out of the ring.
    std::uint64_t dropped() const { return dropped_; }
    /// Resource actions ever recorded, by (action, result): result is ok,
    /// failed or timeout (kept when entries fall out of the ring).
    /// Counts an action without keeping an entry (routine monitor checks).
    void count(const std::string& action, const std::string& result) { ++action_counts_[{action, result}]; }
    const std::map<std::pair<std::string, std::string>, std::uint64_t>& action_counts() const
    {
        return action_counts_;
    }

private:
    std::size_t capacity_;
    std::deque<HistoryEntry> entries_;
    std::uint64_t next_id_ = 1;
    std::uint64_t dropped_ = 0;
    std::map<std::pair<std::string, std::string>, std::uint64_t> action_counts_;
};

/// ok, failed or timeout: how a resource action ended.
std::string_view action_result(const HistoryEntry& e);

/// The first `lines` non-empty lines of `text`, joined with " | ", at most
/// `bytes` bytes (a cut line ends with "...").
std::string first_lines(std::string_view text, std::size_t lines, std::size_t bytes);

/// `YYYY-MM-DD HH:MM:SS` (UTC) of a wall time.
std::string utc_stamp(WallSeconds t);

/// One line per entry, oldest first, e.g.
/// `2026-12-06 01:02:03 #12 resource start IPaddr::192.0.2.100 exit=0 1234ms reason=mach_down out="..."`
std::string format_history(const std::deque<HistoryEntry>& entries);

}  // namespace hb::obs
