#include "sys/watchdog_device.h"

#include <fcntl.h>
#include <linux/watchdog.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace hb::sys {

std::unique_ptr<WatchdogFile> WatchdogFile::open(const std::string& path, Duration deadtime, Logger& log,
    std::string& error)
{
    int fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        error = "Cannot open watchdog device: " + path + ": " + std::strerror(errno)
            + (errno == ENXIO ? " (a FIFO needs a reader)" : "");
        return nullptr;
    }
    log.log(LogLevel::info, "Using watchdog device: " + path);
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISCHR(st.st_mode)) {
        int seconds = static_cast<int>((deadtime.count() + 999) / 1000);
        if (::ioctl(fd, WDIOC_SETTIMEOUT, &seconds) == 0) {
            log.log(LogLevel::info, "Set watchdog timer to " + std::to_string(seconds) + " seconds.");
        } else {
            log.log(LogLevel::warn, "WDIOC_SETTIMEOUT: Failed to set watchdog timer to "
                    + std::to_string(seconds) + " seconds.");
        }
    }
    return std::unique_ptr<WatchdogFile>(new WatchdogFile(fd));
}

WatchdogFile::~WatchdogFile()
{
    // Not a clean close: no magic character (the kernel may reboot).
    close();
}

bool WatchdogFile::write_byte(char c, std::string& error)
{
    if (fd_ < 0) {
        error = "not open";
        return false;
    }
    if (::write(fd_, &c, 1) != 1) {
        error = std::strerror(errno);
        return false;
    }
    return true;
}

void WatchdogFile::close()
{
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
}

}  // namespace hb::sys
