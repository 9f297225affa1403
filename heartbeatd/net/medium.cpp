// open_medium(): picks the implementation for a configured medium, plus the
// helpers the implementations share. Shell (net/).
#include "net/medium.h"

#include <cstring>

#include "net/media_impl.h"

namespace hb::net {

std::string describe(const config::Medium& m)
{
    using config::MediumType;
    switch (m.type) {
    case MediumType::bcast: return "bcast " + m.iface;
    case MediumType::ucast: return "ucast " + m.iface + " " + m.address;
    case MediumType::mcast: return "mcast " + m.iface + " " + m.address;
    case MediumType::ucast6: return "ucast6 " + m.iface + " " + m.address;
    case MediumType::mcast6: return "mcast6 " + m.iface + " " + m.address;
    case MediumType::serial: return "serial " + m.iface;
    }
    return m.iface;
}

std::unique_ptr<Medium> open_medium(const config::Medium& m, Logger& log, std::string& error)
{
    error.clear();
    if (m.type == config::MediumType::serial) {
        return detail::open_serial_medium(m, log, error);
    }
    return detail::open_udp_medium(m, log, error);
}

namespace detail {

std::string with_errno(std::string_view text, int err)
{
    std::string s(text);
    s += ": ";
    s += std::strerror(err);
    return s;
}

std::optional<std::string> ErrorThrottle::note(MonoTime now, std::string_view line)
{
    if (last_ && now - *last_ < interval_) {
        ++suppressed_;
        return std::nullopt;
    }
    std::string out(line);
    if (suppressed_ > 0) {
        out += " (" + std::to_string(suppressed_) + " more since the last report)";
    }
    suppressed_ = 0;
    last_ = now;
    return out;
}

}  // namespace detail

}  // namespace hb::net
