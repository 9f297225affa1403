// Cuts a byte stream (a serial line, the FIFO) into classic-form message
// blocks `>>>\n...<<<\n` (facts 1.3). It only finds message boundaries: it
// never parses fields or checks auth (the codec does). Pure: bytes in,
// blocks out; no I/O.
//
// Like 3.0.6's serial reader it skips to a `>>>` line and collects lines up
// to a `<<<` line. Unlike it, the markers must be the whole line (a trailing
// CR is ignored), a `>>>` inside a block restarts the block (the sender was
// cut off mid-message), and memory is bounded: a block larger than the
// limit is dropped and the framer resynchronises at the next `>>>`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "wire/codec.h"

namespace hb::wire {

/// Largest block emitted, markers included: one less than 3.0.6's MAXMSG,
/// the same bound the codec applies (kMaxMessage is exclusive).
inline constexpr std::size_t kMaxClassicBlock = kMaxMessage - 1;

class ClassicStreamFramer {
public:
    explicit ClassicStreamFramer(std::size_t max_block = kMaxClassicBlock);

    /// Appends input; any number of bytes, split anywhere.
    void feed(std::string_view bytes);

    /// The next complete block `>>>\n` ... `<<<\n` (CRs removed), oldest
    /// first, or nullopt when none is complete yet.
    std::optional<std::string> next();

    /// Input bytes thrown away: lines outside a block, blocks cut off by a new
    /// `>>>`, oversize blocks. NUL bytes between blocks are padding (a classic
    /// datagram may end in one; a break on a tty reads as one) and not counted.
    std::uint64_t discarded_bytes() const { return discarded_; }
    /// Blocks dropped because they exceeded the limit.
    std::uint64_t oversize_blocks() const { return oversize_; }
    /// Bytes held for incomplete lines and blocks (bounded by the limit).
    std::size_t buffered() const { return line_.size() + block_.size(); }

private:
    void take_line(bool complete);
    void drop_block(bool oversize);

    std::size_t max_block_;
    bool in_block_ = false;
    bool skipping_ = false;          // discarding up to the next '\n'
    std::string line_;               // current line, without '\n'
    std::size_t line_raw_ = 0;       // input bytes the current line used
    std::string block_;              // block so far (in_block_)
    std::uint64_t block_raw_ = 0;    // input bytes the block used so far
    std::deque<std::string> ready_;
    std::uint64_t discarded_ = 0;
    std::uint64_t oversize_ = 0;
};

}  // namespace hb::wire
