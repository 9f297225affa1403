// systemd's readiness protocol (sd_notify(3)), the few lines of it we need,
// without libsystemd: datagrams such as "READY=1" sent to the AF_UNIX socket
// named by $NOTIFY_SOCKET ('@' = abstract namespace). Does nothing when the
// variable is unset (started by hand, by the LSB script or by a test).
#pragma once

#include <optional>
#include <string>

#include "base/time.h"

namespace hb::daemon {

class SdNotify {
public:
    /// Reads NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID from the environment.
    static SdNotify from_environment();
    SdNotify() = default;
    ~SdNotify();
    SdNotify(SdNotify&& o) noexcept;
    SdNotify& operator=(SdNotify&&) = delete;
    SdNotify(const SdNotify&) = delete;
    SdNotify& operator=(const SdNotify&) = delete;

    bool enabled() const { return !socket_path_.empty(); }
    /// Sends one state string ("READY=1\nSTATUS=..."); false if not sent.
    bool send(const std::string& state);
    /// Sends STATUS=text only when it differs from the last one sent.
    void status(const std::string& text);
    /// WATCHDOG_USEC when set and WATCHDOG_PID (if given) is this process.
    std::optional<Duration> watchdog_interval() const { return watchdog_; }
    /// The last error (for a single log line).
    const std::string& error() const { return error_; }

private:
    std::string socket_path_;
    std::optional<Duration> watchdog_;
    std::string last_status_;
    std::string error_;
    int fd_ = -1;
};

}  // namespace hb::daemon
