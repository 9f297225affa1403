// Internal to net/: the per-kind openers behind open_medium() and the small
// helpers they share. Not for use outside this directory.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/log.h"
#include "base/time.h"
#include "config/config.h"
#include "net/medium.h"

namespace hb::net::detail {

std::unique_ptr<Medium> open_udp_medium(const config::Medium& m, Logger& log, std::string& error);
std::unique_ptr<Medium> open_serial_medium(const config::Medium& m, Logger& log, std::string& error);

/// "<text>: <strerror(err)>".
std::string with_errno(std::string_view text, int err);

/// Log throttle for repeated I/O errors on one medium: the first error is
/// reported, then at most one line per interval, saying how many were
/// suppressed in between. A link that is down fails every send; this keeps
/// that to one line per interval.
class ErrorThrottle {
public:
    explicit ErrorThrottle(Duration interval = Duration(10000)) : interval_(interval) {}

    /// Records one error at `now`; returns the line to log, or nullopt when
    /// this one is suppressed.
    std::optional<std::string> note(MonoTime now, std::string_view line);

    std::uint64_t suppressed() const { return suppressed_; }

private:
    Duration interval_;
    std::optional<MonoTime> last_;
    std::uint64_t suppressed_ = 0;
};

}  // namespace hb::net::detail
