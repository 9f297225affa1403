// The serial heartbeat medium (facts 3): a tty carrying the classic form.
// Moves bytes only: output is the classic text the engine gives us, input is
// cut into `>>>`..`<<<` blocks by wire::ClassicStreamFramer; nothing is parsed
// or authenticated here. Never blocks: the tty is non-blocking, output waits
// in a bounded queue and is paced through tx_deadline().
//
// Like 3.0.6's serial plugin: termios 8 bits, CLOCAL, CRTSCTS, input ISTRIP,
// IGNCR and BRKINT, raw otherwise; a message is written in 512-byte chunks
// with a pause of 512/(baud/8) s between the chunks of one message (no pause
// between messages). Not done: UUCP lock files and the break 3.0.6 sends at
// open to flush the peer (a break reads as a NUL here, which the framer skips).
//
// A tty that hangs up or fails (EOF, EIO: e.g. the far end of a pty closed)
// is closed, rx_fd() becomes -1, and it is reopened from on_tx_deadline()
// one second later, then every five seconds; messages sent meanwhile are
// dropped and counted as send errors.
#include <fcntl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <deque>
#include <string>
#include <vector>

#include "net/fd.h"
#include "net/media_impl.h"
#include "wire/stream_framer.h"

namespace hb::net::detail {

namespace {

constexpr std::size_t kChunk = 512;                // 3.0.6 FRAGSIZE
constexpr std::size_t kMaxQueued = 64 * 1024;      // waiting (unstarted) bytes
constexpr std::size_t kReadChunk = 4096;
constexpr int kMaxReadsPerCall = 16;               // 64 KiB per on_readable()
constexpr Duration kFirstReopen{1000};
constexpr Duration kNextReopen{5000};

struct Baud {
    int rate;
    speed_t code;
};

constexpr Baud kBauds[] = {
    {9600, B9600},     {19200, B19200},   {38400, B38400},   {57600, B57600},
    {115200, B115200}, {230400, B230400}, {460800, B460800},
};

std::optional<speed_t> baud_code(int rate)
{
    for (const Baud& b : kBauds) {
        if (b.rate == rate) {
            return b.code;
        }
    }
    return std::nullopt;
}

/// 512/(baud/8) seconds, rounded up to whole milliseconds (deadlines are ms).
Duration chunk_gap(int baud)
{
    const std::int64_t bytes_per_s = baud / 8;
    return Duration((static_cast<std::int64_t>(kChunk) * 1000 + bytes_per_s - 1) / bytes_per_s);
}

/// Opens and configures the tty. Returns an invalid fd and sets `reason`.
UniqueFd open_tty(const std::string& path, speed_t speed, std::string& reason)
{
    UniqueFd fd(::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
    if (!fd) {
        reason = with_errno("cannot open", errno);
        return fd;
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) < 0 || !S_ISCHR(st.st_mode)) {
        reason = "not a character device";
        return UniqueFd();
    }
    termios ti{};
    if (::tcgetattr(fd.get(), &ti) < 0) {
        reason = with_errno("cannot get tty attributes", errno);
        return UniqueFd();
    }
    ::cfmakeraw(&ti);
    ti.c_iflag |= ISTRIP | IGNCR | BRKINT;
    ti.c_cflag &= ~static_cast<tcflag_t>(CSIZE | PARENB | CSTOPB);
    ti.c_cflag |= CS8 | CREAD | CLOCAL | CRTSCTS;  // CRTSCTS is ignored by ptys
    ti.c_cc[VMIN] = 1;
    ti.c_cc[VTIME] = 0;
    if (::cfsetispeed(&ti, speed) < 0 || ::cfsetospeed(&ti, speed) < 0
        || ::tcsetattr(fd.get(), TCSANOW, &ti) < 0) {
        reason = with_errno("cannot set tty attributes", errno);
        return UniqueFd();
    }
    ::tcflush(fd.get(), TCIOFLUSH);  // start clean, as 3.0.6 does
    return fd;
}

class SerialMedium final : public Medium {
public:
    SerialMedium(const config::Medium& m, Logger& log, UniqueFd fd, speed_t speed)
        : cfg_(m), log_(log), what_(describe(m)), fd_(std::move(fd)), speed_(speed),
          gap_(chunk_gap(m.baud))
    {
    }

    const config::Medium& config() const override { return cfg_; }
    const MediumStats& stats() const override { return stats_; }
    bool is_serial() const override { return true; }

    int rx_fd() const override { return fd_.get(); }
    int tx_fd() const override { return (fd_ && want_writable_) ? fd_.get() : -1; }

    std::optional<MonoTime> tx_deadline() const override
    {
        if (!fd_) {
            return reopen_at_;
        }
        if (!queue_.empty() && !want_writable_) {
            return next_chunk_at_;  // nullopt while nothing is paced
        }
        return std::nullopt;
    }

    void on_tx_deadline(MonoTime now) override
    {
        last_now_ = now;
        if (!fd_) {
            try_reopen(now);
            return;
        }
        pump(now);
    }

    void on_writable(MonoTime now) override
    {
        last_now_ = now;
        want_writable_ = false;
        pump(now);
    }

    void send(std::string_view /*netstring*/, std::string_view classic, MonoTime now) override
    {
        last_now_ = now;
        if (classic.empty()) {
            return;
        }
        if (!fd_) {
            ++stats_.send_errors;  // tty closed, waiting to reopen
            return;
        }
        // Bound the queue: drop the oldest messages not yet started.
        const std::size_t first_waiting = head_started_ ? 1 : 0;
        std::size_t dropped = 0;
        while (waiting_bytes_ + classic.size() > kMaxQueued && queue_.size() > first_waiting) {
            auto victim = queue_.begin() + static_cast<std::ptrdiff_t>(first_waiting);
            waiting_bytes_ -= victim->size();
            queue_.erase(victim);
            ++dropped;
        }
        if (dropped > 0) {
            stats_.send_errors += dropped;
            note_tx_error(now, what_ + ": output queue full, dropped " + std::to_string(dropped)
                                   + " message(s)");
        }
        queue_.emplace_back(classic);
        waiting_bytes_ += classic.size();
        if (!want_writable_ && !next_chunk_at_) {
            pump(now);
        }
    }

    void on_readable(std::vector<RxFrame>& out) override
    {
        if (!fd_) {
            return;
        }
        char buf[kReadChunk];
        std::string failure;
        for (int i = 0; i < kMaxReadsPerCall; ++i) {
            const ssize_t n = ::read(fd_.get(), buf, sizeof buf);
            if (n > 0) {
                framer_.feed(std::string_view(buf, static_cast<std::size_t>(n)));
                continue;
            }
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                break;
            }
            failure = n == 0 ? "read failure on " + what_ + ": end of file"
                             : with_errno("read failure on " + what_, errno);
            break;
        }
        while (auto block = framer_.next()) {
            out.push_back(RxFrame{std::move(*block), cfg_.iface});
            ++stats_.frames_in;
        }
        stats_.oversize_in += framer_.oversize_blocks() - seen_oversize_;
        seen_oversize_ = framer_.oversize_blocks();
        if (!failure.empty()) {
            // EOF (hangup) or a hard error: left open, a level-triggered
            // watcher would spin on it.
            break_tty(failure);
        }
    }

private:
    /// Writes as much as the tty takes now, one chunk at a time, pausing
    /// between the chunks of one message.
    void pump(MonoTime now)
    {
        while (fd_ && !queue_.empty()) {
            if (next_chunk_at_ && now < *next_chunk_at_) {
                return;
            }
            next_chunk_at_.reset();
            const std::string& msg = queue_.front();
            if (!head_started_) {
                waiting_bytes_ -= msg.size();  // started: no longer droppable
                head_started_ = true;
            }
            const std::size_t chunk_end = std::min(msg.size(), (head_off_ / kChunk + 1) * kChunk);
            const ssize_t n = ::write(fd_.get(), msg.data() + head_off_, chunk_end - head_off_);
            if (n < 0) {
                if (errno == EINTR) {
                    continue;
                }
                if (errno == EAGAIN || errno == EWOULDBLOCK) {
                    want_writable_ = true;
                    return;
                }
                break_tty(with_errno("write failure on " + what_, errno));
                return;
            }
            head_off_ += static_cast<std::size_t>(n);
            if (head_off_ < chunk_end) {
                want_writable_ = true;  // the tty took part of the chunk
                return;
            }
            if (head_off_ == msg.size()) {
                ++stats_.frames_out;
                queue_.pop_front();
                head_off_ = 0;
                head_started_ = false;
                continue;
            }
            next_chunk_at_ = now + gap_;
            return;
        }
    }

    void break_tty(const std::string& line)
    {
        note_tx_error(last_now_, line);
        fd_.reset();
        stats_.send_errors += queue_.size();  // including a half-written one
        queue_.clear();
        head_off_ = 0;
        head_started_ = false;
        waiting_bytes_ = 0;
        want_writable_ = false;
        next_chunk_at_.reset();
        framer_ = wire::ClassicStreamFramer();
        seen_oversize_ = 0;
        reopen_at_ = last_now_ + kFirstReopen;
    }

    void try_reopen(MonoTime now)
    {
        std::string reason;
        UniqueFd fd = open_tty(cfg_.iface, speed_, reason);
        if (!fd) {
            reopen_at_ = now + kNextReopen;
            if (auto l = reopen_throttle_.note(now, "cannot reopen " + what_ + ": " + reason)) {
                log_.log(LogLevel::err, *l);
            }
            return;
        }
        fd_ = std::move(fd);
        reopen_at_.reset();
        err_throttle_ = ErrorThrottle();
        reopen_throttle_ = ErrorThrottle();
        log_.log(LogLevel::info, "Reopened serial heartbeat on tty " + cfg_.iface);
    }

    void note_tx_error(MonoTime now, const std::string& line)
    {
        if (auto l = err_throttle_.note(now, line)) {
            log_.log(LogLevel::err, *l);
        }
    }

    config::Medium cfg_;
    Logger& log_;
    std::string what_;
    UniqueFd fd_;
    speed_t speed_;
    Duration gap_;
    wire::ClassicStreamFramer framer_;
    std::deque<std::string> queue_;
    std::size_t head_off_ = 0;        // bytes of queue_.front() written
    bool head_started_ = false;       // queue_.front() left waiting_bytes_
    std::uint64_t seen_oversize_ = 0; // framer_'s count already in stats_
    std::size_t waiting_bytes_ = 0;   // bytes of messages not yet started
    bool want_writable_ = false;
    std::optional<MonoTime> next_chunk_at_;
    std::optional<MonoTime> reopen_at_;
    MonoTime last_now_{};
    ErrorThrottle err_throttle_;     // write/read failures, queue overflow
    ErrorThrottle reopen_throttle_;  // failed reopen attempts
    MediumStats stats_;
};

}  // namespace

std::unique_ptr<Medium> open_serial_medium(const config::Medium& m, Logger& log, std::string& error)
{
    const auto speed = baud_code(m.baud);
    if (!speed) {
        error = describe(m) + ": unsupported baud rate " + std::to_string(m.baud);
        return nullptr;
    }
    if (m.iface.empty() || m.iface[0] != '/') {
        error = describe(m) + ": serial port is not a full path name";
        return nullptr;
    }
    std::string reason;
    UniqueFd fd = open_tty(m.iface, *speed, reason);
    if (!fd) {
        error = describe(m) + ": " + reason;
        return nullptr;
    }
    log.log(LogLevel::info, "Starting serial heartbeat on tty " + m.iface + " (" + std::to_string(m.baud)
                                + " baud)");
    return std::make_unique<SerialMedium>(m, log, std::move(fd), *speed);
}

}  // namespace hb::net::detail
