// Heartbeat media: the sockets and ttys frames travel over (facts section 3).
// A Medium moves bytes only: it never parses or authenticates a message (the
// engine does). The daemon watches rx_fd() (and tx_fd() while output is
// queued) with libev and calls on_readable()/on_writable(); this module does
// not include <ev.h>.
//
// Contract with the daemon: rx_fd(), tx_fd() and tx_deadline() may change
// after any call into the medium (send, on_readable, on_writable,
// on_tx_deadline); re-read all three after each call and re-arm the watchers
// that changed. (A serial medium whose tty hangs up closes it, reports
// rx_fd() == -1 and reopens it from on_tx_deadline().)
//
// Several UDP media on one interface and port (bcast + ucast, or two ucast
// lines) share one receive socket, so each datagram is read once; each of
// them reports the same rx_fd(). Watching it once per medium is fine (libev
// allows several watchers per fd): whichever runs first reads, the others find
// nothing. The frames are the same link either way (the link is the interface).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/log.h"
#include "base/time.h"
#include "config/config.h"

namespace hb::net {

/// One received frame and who sent it (an address for UDP, the device for
/// serial), for log lines about bad packets.
struct RxFrame {
    std::string bytes;
    std::string source;
};

struct MediumStats {
    std::uint64_t frames_in = 0;
    std::uint64_t frames_out = 0;
    std::uint64_t send_errors = 0;
    std::uint64_t oversize_in = 0;  // datagrams/frames too big, dropped unread
};

class Medium {
public:
    virtual ~Medium() = default;

    /// The ha.cf line this medium serves; link_name() names the link.
    virtual const config::Medium& config() const = 0;
    const std::string& link_name() const { return config().link_name(); }

    /// File descriptor to watch for input, or -1.
    virtual int rx_fd() const = 0;
    /// Reads everything available now and appends each complete frame
    /// (one datagram, or one `>>>`..`<<<` block from a tty) to `out`.
    virtual void on_readable(std::vector<RxFrame>& out) = 0;

    /// Sends one message. UDP media transmit `netstring`; serial media
    /// transmit `classic` (facts 3: serial converts every message to the
    /// classic form). Never blocks: a medium that cannot write now queues.
    virtual void send(std::string_view netstring, std::string_view classic, MonoTime now) = 0;

    /// Descriptor to watch for writability while output is queued, else -1.
    virtual int tx_fd() const { return -1; }
    virtual void on_writable(MonoTime /*now*/) {}
    /// Media that pace output (serial, by baud rate) ask to be called back
    /// at this time; nullopt when idle.
    virtual std::optional<MonoTime> tx_deadline() const { return std::nullopt; }
    virtual void on_tx_deadline(MonoTime /*now*/) {}

    /// Serial links forward other nodes' messages around the ring (facts 3).
    virtual bool is_serial() const { return false; }

    virtual const MediumStats& stats() const = 0;
};

/// Opens the sockets or tty for one configured medium. On failure returns
/// nullptr and sets `error` to a one-line reason naming the medium, e.g.
/// "bcast eth0: interface has no broadcast address".
std::unique_ptr<Medium> open_medium(const config::Medium& m, Logger& log, std::string& error);

/// The medium as ha.cf names it, for messages: "bcast eth0",
/// "ucast eth0 192.0.2.2", "mcast eth0 239.192.0.1", "serial /dev/ttyS0".
std::string describe(const config::Medium& m);

}  // namespace hb::net
