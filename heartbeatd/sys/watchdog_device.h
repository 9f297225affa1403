// The watchdog device file behind node::Watchdog: opened write-only and
// non-blocking (a FIFO without a reader is an error, never a hang), with
// WDIOC_SETTIMEOUT set to the deadtime when it is a real watchdog.
#pragma once

#include <memory>
#include <string>

#include "base/log.h"
#include "base/time.h"
#include "node/watchdog.h"

namespace hb::sys {

class WatchdogFile : public node::WatchdogDevice {
public:
    /// nullptr and `error` set when the device cannot be opened.
    static std::unique_ptr<WatchdogFile> open(const std::string& path, Duration deadtime, Logger& log,
        std::string& error);
    ~WatchdogFile() override;
    bool write_byte(char c, std::string& error) override;
    void close() override;

private:
    explicit WatchdogFile(int fd) : fd_(fd) {}
    int fd_ = -1;
};

}  // namespace hb::sys
