#include "net/icmp.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace hb::net {

namespace {
constexpr std::size_t kMaxPacket = 65536;
}

std::uint16_t inet_checksum(const unsigned char* data, std::size_t len)
{
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i + 1 < len; i += 2) {
        sum += static_cast<std::uint32_t>(data[i] << 8 | data[i + 1]);
    }
    if (len & 1) {
        sum += static_cast<std::uint32_t>(data[len - 1] << 8);
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return static_cast<std::uint16_t>(~sum & 0xffff);
}

std::unique_ptr<IcmpPinger> IcmpPinger::open(bool v6, Logger& log, std::string& error)
{
    int fd = v6 ? ::socket(AF_INET6, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMPV6)
                : ::socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMP);
    if (fd < 0) {
        error = std::string("cannot open raw ") + (v6 ? "ICMPv6" : "ICMP") + " socket for ping nodes: "
            + std::strerror(errno) + (errno == EPERM ? " (needs CAP_NET_RAW)" : "");
        return nullptr;
    }
    UniqueFd owned(fd);
    if (v6) {
        // Only echo replies reach us.
        icmp6_filter filter;
        ICMP6_FILTER_SETBLOCKALL(&filter);
        ICMP6_FILTER_SETPASS(ICMP6_ECHO_REPLY, &filter);
        ::setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filter, sizeof filter);
    }
    return std::unique_ptr<IcmpPinger>(new IcmpPinger(std::move(owned), v6, log));
}

IcmpPinger::IcmpPinger(UniqueFd fd, bool v6, Logger& log)
    : fd_(std::move(fd)), v6_(v6), log_(log), id_(static_cast<std::uint16_t>(::getpid() & 0xffff))
{
}

void IcmpPinger::send(const std::string& address, const std::string& payload)
{
    std::string pkt(8, '\0');
    pkt[0] = static_cast<char>(v6_ ? ICMP6_ECHO_REQUEST : ICMP_ECHO);
    pkt[4] = static_cast<char>(id_ >> 8);
    pkt[5] = static_cast<char>(id_ & 0xff);
    ++seq_;
    pkt[6] = static_cast<char>(seq_ >> 8);
    pkt[7] = static_cast<char>(seq_ & 0xff);
    pkt += payload;
    sockaddr_storage ss {};
    socklen_t sl = 0;
    if (v6_) {
        auto* sa = reinterpret_cast<sockaddr_in6*>(&ss);
        sa->sin6_family = AF_INET6;
        std::string a = address;
        if (auto pct = a.find('%'); pct != std::string::npos) {
            a.resize(pct);
        }
        if (::inet_pton(AF_INET6, a.c_str(), &sa->sin6_addr) != 1) {
            log_.log(LogLevel::err, "ping6: bad address " + address);
            return;
        }
        sl = sizeof(sockaddr_in6);
        // The kernel fills in the ICMPv6 checksum.
    } else {
        auto* sa = reinterpret_cast<sockaddr_in*>(&ss);
        sa->sin_family = AF_INET;
        if (::inet_pton(AF_INET, address.c_str(), &sa->sin_addr) != 1) {
            log_.log(LogLevel::err, "ping: bad address " + address);
            return;
        }
        sl = sizeof(sockaddr_in);
        const std::uint16_t c = inet_checksum(reinterpret_cast<const unsigned char*>(pkt.data()), pkt.size());
        pkt[2] = static_cast<char>(c >> 8);
        pkt[3] = static_cast<char>(c & 0xff);
    }
    if (::sendto(fd_.get(), pkt.data(), pkt.size(), 0, reinterpret_cast<sockaddr*>(&ss), sl) < 0) {
        // Unreachable networks are the normal case while a link is down.
        if (send_errors_++ % 60 == 0) {
            log_.log(LogLevel::warn, "ping " + address + ": " + std::strerror(errno));
        }
    }
}

void IcmpPinger::on_readable(std::vector<EchoReply>& out)
{
    std::string buf(kMaxPacket, '\0');
    for (int i = 0; i < 256; ++i) {
        sockaddr_storage ss {};
        socklen_t sl = sizeof ss;
        ssize_t n = ::recvfrom(fd_.get(), buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&ss), &sl);
        if (n < 0) {
            return;  // EAGAIN or an error: the watcher fires again if needed
        }
        const auto* p = reinterpret_cast<const unsigned char*>(buf.data());
        std::size_t len = static_cast<std::size_t>(n);
        char addr[INET6_ADDRSTRLEN] = {};
        if (v6_) {
            // Raw ICMPv6 sockets deliver no IP header.
            ::inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(&ss)->sin6_addr, addr, sizeof addr);
        } else {
            if (len < 20) {
                continue;
            }
            const std::size_t ihl = static_cast<std::size_t>(p[0] & 0x0f) * 4;
            if (ihl < 20 || len < ihl) {
                continue;
            }
            p += ihl;
            len -= ihl;
            ::inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(&ss)->sin_addr, addr, sizeof addr);
        }
        if (len < 8) {
            continue;
        }
        const int type = p[0];
        const std::uint16_t id = static_cast<std::uint16_t>(p[4] << 8 | p[5]);
        if (type != (v6_ ? ICMP6_ECHO_REPLY : ICMP_ECHOREPLY) || id != id_) {
            continue;
        }
        out.push_back(EchoReply{addr, std::string(reinterpret_cast<const char*>(p + 8), len - 8)});
    }
}

}  // namespace hb::net
