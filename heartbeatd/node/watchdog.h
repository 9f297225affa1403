// The `watchdog DEVICE` logic (facts 6.1): 3.0.6 writes one byte to the
// kernel watchdog for each of its own heartbeats, closes the device after a
// write failure, and on a clean exit writes the magic 'V' before closing so
// the kernel does not reboot. Pure: the device is an interface (the shell's
// sys/watchdog_device.h, a fake in the unit tests).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/log.h"
#include "base/time.h"

namespace hb::node {

class WatchdogDevice {
public:
    virtual ~WatchdogDevice() = default;
    /// Writes one byte; false (with errno text in `error`) on failure.
    virtual bool write_byte(char c, std::string& error) = 0;
    virtual void close() = 0;
};

class Watchdog {
public:
    Watchdog(WatchdogDevice& dev, std::string path, Logger& log) : dev_(dev), path_(std::move(path)), log_(log) {}

    /// One own heartbeat went out: tickle.
    void tickle(MonoTime now);
    /// Clean exit: the magic close.
    void close_clean();

    bool open() const { return open_; }
    std::uint64_t tickles() const { return tickles_; }
    /// Longest time between two tickles so far (the margin left before
    /// the device's timeout fires).
    Duration longest_gap() const { return longest_gap_; }

private:
    WatchdogDevice& dev_;
    std::string path_;
    Logger& log_;
    bool open_ = true;
    std::uint64_t tickles_ = 0;
    std::optional<MonoTime> last_;
    Duration longest_gap_{0};
};

}  // namespace hb::node
