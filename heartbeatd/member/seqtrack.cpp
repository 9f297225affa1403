#include "member/seqtrack.h"

namespace hb::member {

void SeqTrack::reset()
{
    last_seq.reset();
    first_missing = 0;
    ackseq = 0;
    missing_.clear();
}

void SeqTrack::add_missing(std::uint64_t lo, std::uint64_t hi, MonoTime now, Duration max_delay,
    std::mt19937_64& rng)
{
    // 50 ms offset allows out-of-order arrival without asking (hb_rexmit.c).
    const std::int64_t a = max_delay.count() < 100 ? 0 : 50;
    const std::int64_t b = std::max<std::int64_t>(a, max_delay.count());
    std::uniform_int_distribution<std::int64_t> delay(a, b);
    for (std::uint64_t s = lo; s <= hi; ++s) {
        if (missing_.size() >= kMaxMissing) {
            // Full: replace the lowest missing seq, as 3.0.6 does.
            missing_.erase(missing_.begin());
        }
        missing_[s] = now + Duration(delay(rng));
    }
    if (!missing_.empty()) {
        first_missing = missing_.begin()->first;
    }
}

bool SeqTrack::take_missing(std::uint64_t seq)
{
    auto it = missing_.find(seq);
    if (it == missing_.end()) {
        return false;
    }
    missing_.erase(it);
    first_missing = missing_.empty() ? 0 : missing_.begin()->first;
    return true;
}

std::vector<std::uint64_t> SeqTrack::due_requests(MonoTime now, Duration max_delay)
{
    std::vector<std::uint64_t> due;
    for (auto& [seq, when] : missing_) {
        if (when <= now) {
            due.push_back(seq);
            when = now + max_delay;
        }
    }
    return due;
}

std::optional<MonoTime> SeqTrack::next_request() const
{
    std::optional<MonoTime> best;
    for (const auto& [seq, when] : missing_) {
        if (!best || when < *best) {
            best = when;
        }
    }
    return best;
}

}  // namespace hb::member
