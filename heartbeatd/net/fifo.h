// The command FIFO <statedir>/fifo (facts 7): hb_standby, hb_takeover,
// mach_down, req_resource and the rc.d scripts append classic-form messages
// (`>>>\nname=value\n...<<<\n`) to it. This reader only cuts the stream into
// blocks; the daemon parses them and adds the common fields. Shell (net/);
// the daemon watches rx_fd() with libev.
//
// As 3.0.6 (/var/lib/heartbeat/fifo): the FIFO is created mode 0600 at start
// when missing or not a FIFO (anything else at that path, a symlink included,
// is removed first); an existing FIFO is chmod-ed to 0600. We also open it
// for writing ourselves so readers never see end-of-file between scripts.
// A script's message written with one write() of at most PIPE_BUF (4096)
// bytes is never interleaved with another script's.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/log.h"
#include "net/fd.h"
#include "wire/stream_framer.h"

namespace hb::net {

inline constexpr unsigned kFifoMode = 0600;

class FifoReader {
public:
    /// Creates (or fixes) and opens the FIFO at `path`. On failure returns
    /// nullptr and sets `error`, e.g. "cannot create FIFO /x/fifo: No such
    /// file or directory".
    static std::unique_ptr<FifoReader> open(const std::string& path, Logger& log, std::string& error);

    const std::string& path() const { return path_; }
    int rx_fd() const { return rd_.get(); }

    /// Reads what is available now (bounded per call) and appends each
    /// complete `>>>`..`<<<` block to `out`.
    void on_readable(std::vector<std::string>& out);

    std::uint64_t frames_in() const { return frames_in_; }
    /// Bytes of garbage and broken or oversize messages thrown away.
    std::uint64_t discarded_bytes() const { return framer_.discarded_bytes(); }

private:
    FifoReader(std::string path, UniqueFd rd, UniqueFd wr, Logger& log);

    std::string path_;
    UniqueFd rd_;
    UniqueFd wr_;  // our own writer: keeps the FIFO from ever reading EOF
    Logger& log_;
    wire::ClassicStreamFramer framer_;
    std::uint64_t frames_in_ = 0;
};

}  // namespace hb::net
