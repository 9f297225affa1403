#include "daemon/sd_notify.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace hb::daemon {

namespace {

std::optional<unsigned long long> env_number(const char* name)
{
    const char* v = std::getenv(name);
    if (!v || !*v) {
        return std::nullopt;
    }
    char* end = nullptr;
    errno = 0;
    unsigned long long n = std::strtoull(v, &end, 10);
    if (errno != 0 || *end != '\0') {
        return std::nullopt;
    }
    return n;
}

}  // namespace

SdNotify SdNotify::from_environment()
{
    SdNotify n;
    const char* path = std::getenv("NOTIFY_SOCKET");
    // Only absolute paths and abstract names, as sd_notify(3) accepts.
    if (path && (path[0] == '/' || path[0] == '@') && path[1] != '\0'
        && std::strlen(path) < sizeof(sockaddr_un{}.sun_path)) {
        n.socket_path_ = path;
    }
    auto usec = env_number("WATCHDOG_USEC");
    auto pid = env_number("WATCHDOG_PID");
    if (usec && *usec > 0 && (!pid || *pid == static_cast<unsigned long long>(::getpid()))) {
        n.watchdog_ = Duration(std::max<unsigned long long>(*usec / 1000, 1));
    }
    return n;
}

SdNotify::SdNotify(SdNotify&& o) noexcept
    : socket_path_(std::move(o.socket_path_)),
      watchdog_(o.watchdog_),
      last_status_(std::move(o.last_status_)),
      error_(std::move(o.error_)),
      fd_(o.fd_)
{
    o.fd_ = -1;
}

SdNotify::~SdNotify()
{
    if (fd_ >= 0) {
        ::close(fd_);
    }
}

bool SdNotify::send(const std::string& state)
{
    if (!enabled()) {
        return false;
    }
    if (fd_ < 0) {
        fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd_ < 0) {
            error_ = std::string("NOTIFY_SOCKET: socket: ") + std::strerror(errno);
            return false;
        }
    }
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, socket_path_.data(), socket_path_.size());
    socklen_t len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + socket_path_.size());
    if (addr.sun_path[0] == '@') {
        addr.sun_path[0] = '\0';  // abstract: no trailing NUL in the length
    } else {
        len += 1;
    }
    if (::sendto(fd_, state.data(), state.size(), MSG_NOSIGNAL, reinterpret_cast<const sockaddr*>(&addr), len)
        < 0) {
        error_ = "NOTIFY_SOCKET " + socket_path_ + ": " + std::strerror(errno);
        return false;
    }
    return true;
}

void SdNotify::status(const std::string& text)
{
    if (!enabled() || text == last_status_) {
        return;
    }
    last_status_ = text;
    send("STATUS=" + text);
}

}  // namespace hb::daemon
