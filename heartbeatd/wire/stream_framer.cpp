// Classic-form stream framing (see stream_framer.h). Pure.
#include "wire/stream_framer.h"

#include <utility>

namespace hb::wire {

namespace {

constexpr std::string_view kStart = ">>>";
constexpr std::string_view kEnd = "<<<";
constexpr std::string_view kEndLine = "<<<\n";

// Outside a block only a marker line matters, so a longer line is garbage
// and is skipped without being stored (a marker plus a few CRs fits).
constexpr std::size_t kMaxLineOutsideBlock = 64;

std::string_view strip_cr(std::string_view s)
{
    while (!s.empty() && s.back() == '\r') {
        s.remove_suffix(1);
    }
    return s;
}

}  // namespace

ClassicStreamFramer::ClassicStreamFramer(std::size_t max_block) : max_block_(max_block) {}

void ClassicStreamFramer::feed(std::string_view bytes)
{
    while (!bytes.empty()) {
        const std::size_t nl = bytes.find('\n');
        const bool complete = nl != std::string_view::npos;
        const std::string_view part = bytes.substr(0, complete ? nl : bytes.size());
        bytes.remove_prefix(complete ? nl + 1 : bytes.size());
        std::size_t raw = part.size() + (complete ? 1 : 0);

        if (skipping_) {
            discarded_ += raw;
            skipping_ = !complete;
            continue;
        }
        if (in_block_) {
            line_.append(part);
        } else {
            // NUL padding between messages is dropped silently.
            for (const char c : part) {
                if (c == '\0') {
                    --raw;
                } else if (line_.size() <= kMaxLineOutsideBlock) {
                    line_.push_back(c);
                }
            }
        }
        line_raw_ += raw;
        take_line(complete);
    }
}

void ClassicStreamFramer::take_line(bool complete)
{
    if (!complete) {
        if (!in_block_) {
            if (line_.size() > kMaxLineOutsideBlock) {
                discarded_ += line_raw_;
                line_.clear();
                line_raw_ = 0;
                skipping_ = true;
            }
        } else if (block_.size() + line_.size() + 1 > max_block_) {
            // Even if this line turned out to be the end marker, the block
            // would be too big: give up on it now to bound memory.
            block_raw_ += line_raw_;
            line_.clear();
            line_raw_ = 0;
            drop_block(true);
            skipping_ = true;
        }
        return;
    }

    const std::size_t used = line_raw_;
    std::string line = std::move(line_);
    line_.clear();
    line_raw_ = 0;
    const std::string_view l = strip_cr(line);

    if (!in_block_) {
        if (l == kStart) {
            in_block_ = true;
            block_ = ">>>\n";
            block_raw_ = used;
        } else {
            discarded_ += used;
        }
        return;
    }
    if (l == kEnd) {
        block_ += kEndLine;
        block_raw_ += used;
        if (block_.size() > max_block_) {
            drop_block(true);
            return;
        }
        ready_.push_back(std::move(block_));
        block_.clear();
        block_raw_ = 0;
        in_block_ = false;
        return;
    }
    if (l == kStart) {
        // The sender was cut off (restarted, line noise): keep the new one.
        drop_block(false);
        in_block_ = true;
        block_ = ">>>\n";
        block_raw_ = used;
        return;
    }
    block_.append(l);
    block_.push_back('\n');
    block_raw_ += used;
    if (block_.size() + kEndLine.size() > max_block_) {
        drop_block(true);  // no room left for the end marker
    }
}

void ClassicStreamFramer::drop_block(bool oversize)
{
    discarded_ += block_raw_;
    if (oversize) {
        ++oversize_;
    }
    block_.clear();
    block_raw_ = 0;
    in_block_ = false;
}

std::optional<std::string> ClassicStreamFramer::next()
{
    if (ready_.empty()) {
        return std::nullopt;
    }
    std::string out = std::move(ready_.front());
    ready_.pop_front();
    return out;
}

}  // namespace hb::wire
