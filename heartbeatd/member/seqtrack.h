// Per-sender receive tracking: last sequence number, generation, the list of
// missing sequence numbers, and when to ask for each again (facts 2.2-2.4).
// Pure: the engine passes the time and a random source in.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <vector>

#include "base/time.h"

namespace hb::member {

/// 3.0.6 keeps MAXMSGHIST = 500 sent messages; a gap larger than half of
/// that resets tracking ("lost a lot of packets!").
inline constexpr std::uint64_t kMaxMsgHist = 500;
inline constexpr std::uint64_t kFlowControlLimit = kMaxMsgHist / 2;
inline constexpr std::size_t kMaxMissing = 500;
inline constexpr std::uint64_t kAckDiv = 10;

class SeqTrack {
public:
    std::uint64_t generation = 0;            // highest hg seen in a status
    std::optional<std::uint64_t> last_seq;   // none: nothing seen since reset
    std::uint64_t first_missing = 0;         // 0: nothing missing
    std::uint64_t ackseq = 0;                // highest seq this node acked of ours
    int ack_trigger = 0;                     // seq % 10 that makes us ack

    /// reset_seqtrack(): forget sequence state and pending requests; keeps
    /// the generation and the ack trigger.
    void reset();

    bool has_missing() const { return !missing_.empty(); }
    std::size_t missing_count() const { return missing_.size(); }
    const std::map<std::uint64_t, MonoTime>& pending_requests() const { return missing_; }

    /// Records seqs [lo, hi] as missing; each gets its first request at a
    /// random time between 50 ms (0 when max_delay < 100) and max_delay.
    void add_missing(std::uint64_t lo, std::uint64_t hi, MonoTime now, Duration max_delay,
        std::mt19937_64& rng);

    /// If `seq` is on the missing list, removes it and returns true
    /// (is_lost_packet). Recomputes first_missing.
    bool take_missing(std::uint64_t seq);

    /// Seqs whose request is due at `now`; each is rescheduled max_delay
    /// later (3.0.6 repeats every max_rexmit_delay without a cap).
    std::vector<std::uint64_t> due_requests(MonoTime now, Duration max_delay);

    /// Earliest pending request time.
    std::optional<MonoTime> next_request() const;

private:
    std::map<std::uint64_t, MonoTime> missing_;  // seq -> next request time
};

}  // namespace hb::member
