#include "member/history.h"

namespace hb::member {

void XmitHistory::add(std::uint64_t seq, OutFrame frame)
{
    if (entries_.size() >= capacity_) {
        entries_.pop_front();
    }
    entries_.push_back(Entry{seq, std::move(frame), std::nullopt});
    hiseq_ = seq;
}

XmitHistory::Entry* XmitHistory::find(std::uint64_t seq)
{
    if (entries_.empty() || seq < entries_.front().seq || seq > entries_.back().seq) {
        return nullptr;
    }
    // Seqs are consecutive, so index directly; fall back to a scan if not.
    std::size_t idx = static_cast<std::size_t>(seq - entries_.front().seq);
    if (idx < entries_.size() && entries_[idx].seq == seq) {
        return &entries_[idx];
    }
    for (Entry& e : entries_) {
        if (e.seq == seq) {
            return &e;
        }
    }
    return nullptr;
}

}  // namespace hb::member
