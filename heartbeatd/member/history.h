// Transmit history: the last 500 sequenced messages we sent, kept as the
// exact frames so a retransmission is byte-identical (facts 2.3). Pure.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>

#include "base/time.h"
#include "member/events.h"
#include "member/seqtrack.h"

namespace hb::member {

class XmitHistory {
public:
    struct Entry {
        std::uint64_t seq = 0;
        OutFrame frame;
        std::optional<MonoTime> last_rexmit;
    };

    explicit XmitHistory(std::size_t capacity = kMaxMsgHist) : capacity_(capacity) {}

    void add(std::uint64_t seq, OutFrame frame);
    Entry* find(std::uint64_t seq);
    /// Lowest and highest seq still stored (0 when empty).
    std::uint64_t lowseq() const { return entries_.empty() ? 0 : entries_.front().seq; }
    std::uint64_t hiseq() const { return hiseq_; }
    std::size_t size() const { return entries_.size(); }

private:
    std::size_t capacity_;
    std::deque<Entry> entries_;  // ascending seq
    std::uint64_t hiseq_ = 0;
};

}  // namespace hb::member
