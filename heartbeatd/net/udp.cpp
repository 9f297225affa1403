// UDP heartbeat media: bcast, ucast, mcast, ucast6, mcast6 (facts 3). Each
// medium owns a send socket aimed at its destination; receive sockets are
// shared per (family, interface, bound address, port) so bcast + ucast on one
// interface and port read every datagram exactly once. Moves datagrams only:
// no parsing, no auth. Never blocks: sockets are non-blocking and a failed
// send is counted and logged (throttled), never queued.
//
// Socket options follow 3.0.6's HBcomm plugins:
//   bcast  send: SO_BROADCAST, SO_DONTROUTE, SO_BINDTODEVICE, to the
//                interface's broadcast address (SIOCGIFBRDADDR) : udpport
//   ucast  send: SO_BINDTODEVICE, IP_TOS lowdelay, to PEER : udpport
//   mcast  send: IP_MULTICAST_IF/TTL/LOOP, to GROUP : PORT
//   ucast6/mcast6: the IPv6 equivalents (ifindex, hops, loop)
//   receive:     SO_REUSEADDR + SO_BINDTODEVICE, bound to ANY : port
//                (bcast/ucast/ucast6) or GROUP : PORT plus a membership on
//                the interface (mcast/mcast6).
// Differences from 3.0.6, on purpose: no SO_REUSEPORT (it load-balances
// unicast between sockets; the shared receive socket makes it unnecessary),
// and IP(V6)_MULTICAST_ALL off on receive sockets so a socket only gets the
// groups it joined on its own interface (an ANY socket otherwise also reads
// mcast traffic on the same port, and mcast sockets read other links' groups).
#include <arpa/inet.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <vector>

#include "net/fd.h"
#include "net/media_impl.h"
#include "wire/codec.h"

namespace hb::net::detail {

namespace {

/// At most this many datagrams per on_readable(), so one busy link cannot
/// starve the others in the same loop iteration.
constexpr int kMaxDatagramsPerCall = 64;

/// Receive buffer asked for (the kernel caps it at rmem_max): room for a
/// burst of retransmissions. 3.0.6's IPv6 media ask for the same.
constexpr int kRcvBuf = 1024 * 1024;

using config::MediumType;

std::string errno_text(std::string_view what)
{
    return with_errno(what, errno);
}

bool set_opt(int fd, int level, int opt, int value, const char* name, std::string& reason)
{
    if (::setsockopt(fd, level, opt, &value, sizeof value) < 0) {
        reason = errno_text(std::string("cannot set ") + name);
        return false;
    }
    return true;
}

bool bind_to_device(int fd, const std::string& iface, std::string& reason)
{
    if (::setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, iface.c_str(),
                     static_cast<socklen_t>(iface.size() + 1)) < 0) {
        reason = errno_text("cannot set SO_BINDTODEVICE");
        return false;
    }
    return true;
}

UniqueFd udp_socket(int family, std::string& reason)
{
    UniqueFd fd(::socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd) {
        reason = errno_text("cannot create socket");
    }
    return fd;
}

std::string addr_text(const sockaddr_storage& ss)
{
    char buf[INET6_ADDRSTRLEN] = {};
    if (ss.ss_family == AF_INET) {
        const auto* a = reinterpret_cast<const sockaddr_in*>(&ss);
        ::inet_ntop(AF_INET, &a->sin_addr, buf, sizeof buf);
        return std::string(buf) + ":" + std::to_string(ntohs(a->sin_port));
    }
    const auto* a6 = reinterpret_cast<const sockaddr_in6*>(&ss);
    ::inet_ntop(AF_INET6, &a6->sin6_addr, buf, sizeof buf);
    return "[" + std::string(buf) + "]:" + std::to_string(ntohs(a6->sin6_port));
}

/// The sender's address without the (ephemeral) port.
std::string addr_only(const sockaddr_storage& ss)
{
    char buf[INET6_ADDRSTRLEN] = {};
    if (ss.ss_family == AF_INET) {
        ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&ss)->sin_addr, buf, sizeof buf);
    } else if (ss.ss_family == AF_INET6) {
        ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(&ss)->sin6_addr, buf, sizeof buf);
    }
    return buf;
}

// ---------------------------------------------------------------------------
// Shared receive sockets

class RxSocket {
public:
    explicit RxSocket(UniqueFd fd) : fd_(std::move(fd)), buf_(wire::kMaxMessage) {}
    int fd() const { return fd_.get(); }

    /// Reads up to kMaxDatagramsPerCall datagrams, one frame each. Returns 0,
    /// or the errno of a read that failed for a reason other than "no more".
    int read(std::vector<RxFrame>& out, MediumStats& st)
    {
        for (int i = 0; i < kMaxDatagramsPerCall; ++i) {
            iovec iov{buf_.data(), buf_.size()};
            sockaddr_storage from{};
            msghdr mh{};
            mh.msg_name = &from;
            mh.msg_namelen = sizeof from;
            mh.msg_iov = &iov;
            mh.msg_iovlen = 1;
            const ssize_t n = ::recvmsg(fd_.get(), &mh, MSG_DONTWAIT);
            if (n < 0) {
                if (errno == EINTR) {
                    continue;
                }
                return (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : errno;
            }
            if ((mh.msg_flags & MSG_TRUNC) != 0) {
                ++st.oversize_in;  // 3.0.6 cannot send these either (MAXMSG)
                continue;
            }
            if (n == 0) {
                continue;
            }
            out.push_back(RxFrame{std::string(buf_.data(), static_cast<std::size_t>(n)),
                mh.msg_namelen > 0 ? addr_only(from) : std::string()});
            ++st.frames_in;
        }
        return 0;
    }

private:
    UniqueFd fd_;
    std::vector<char> buf_;
};

/// One process-wide table (the daemon is single-threaded): the kernel binds
/// a port per interface once, and so do we. Entries die with their last user.
std::map<std::string, std::weak_ptr<RxSocket>>& rx_table()
{
    static std::map<std::string, std::weak_ptr<RxSocket>> table;
    return table;
}

template <class Make>
std::shared_ptr<RxSocket> shared_rx(const std::string& key, Make make, std::string& reason)
{
    auto& table = rx_table();
    if (auto it = table.find(key); it != table.end()) {
        if (auto sp = it->second.lock()) {
            return sp;
        }
        table.erase(it);
    }
    UniqueFd fd = make(reason);
    if (!fd) {
        return nullptr;
    }
    auto sp = std::make_shared<RxSocket>(std::move(fd));
    table[key] = sp;
    return sp;
}

UniqueFd make_rx4(const std::string& iface, unsigned ifindex, in_addr bind_addr, int port,
                  const in_addr* group, std::string& reason)
{
    UniqueFd fd = udp_socket(AF_INET, reason);
    if (!fd || !set_opt(fd.get(), SOL_SOCKET, SO_REUSEADDR, 1, "SO_REUSEADDR", reason)
        || !bind_to_device(fd.get(), iface, reason)) {
        return UniqueFd();
    }
    int off = 0;
    (void)::setsockopt(fd.get(), IPPROTO_IP, IP_MULTICAST_ALL, &off, sizeof off);  // best effort
    (void)::setsockopt(fd.get(), SOL_SOCKET, SO_RCVBUF, &kRcvBuf, sizeof kRcvBuf);   // as 3.0.6's *6
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(static_cast<std::uint16_t>(port));
    sa.sin_addr = bind_addr;
    if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&sa), sizeof sa) < 0) {
        sockaddr_storage ss{};
        std::memcpy(&ss, &sa, sizeof sa);
        reason = errno_text("cannot bind receive socket to " + addr_text(ss));
        return UniqueFd();
    }
    if (group != nullptr) {
        ip_mreqn mr{};
        mr.imr_multiaddr = *group;
        mr.imr_ifindex = static_cast<int>(ifindex);
        if (::setsockopt(fd.get(), IPPROTO_IP, IP_ADD_MEMBERSHIP, &mr, sizeof mr) < 0) {
            reason = errno_text("cannot join multicast group");
            return UniqueFd();
        }
    }
    return fd;
}

UniqueFd make_rx6(const std::string& iface, unsigned ifindex, const sockaddr_in6& bind_sa,
                  bool join, std::string& reason)
{
    UniqueFd fd = udp_socket(AF_INET6, reason);
    if (!fd || !set_opt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, 1, "IPV6_V6ONLY", reason)
        || !set_opt(fd.get(), SOL_SOCKET, SO_REUSEADDR, 1, "SO_REUSEADDR", reason)
        || !bind_to_device(fd.get(), iface, reason)) {
        return UniqueFd();
    }
    int off = 0;
    (void)::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_MULTICAST_ALL, &off, sizeof off);  // best effort
    (void)::setsockopt(fd.get(), SOL_SOCKET, SO_RCVBUF, &kRcvBuf, sizeof kRcvBuf);
    if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&bind_sa), sizeof bind_sa) < 0) {
        sockaddr_storage ss{};
        std::memcpy(&ss, &bind_sa, sizeof bind_sa);
        reason = errno_text("cannot bind receive socket to " + addr_text(ss));
        return UniqueFd();
    }
    if (join) {
        ipv6_mreq mr{};
        mr.ipv6mr_multiaddr = bind_sa.sin6_addr;
        mr.ipv6mr_interface = ifindex;
        if (::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_JOIN_GROUP, &mr, sizeof mr) < 0) {
            reason = errno_text("cannot join multicast group");
            return UniqueFd();
        }
    }
    return fd;
}

std::string rx_key(int family, const std::string& iface, unsigned ifindex, const std::string& addr,
                   int port)
{
    return std::to_string(family) + "|" + iface + "#" + std::to_string(ifindex) + "|" + addr + "|"
           + std::to_string(port);
}

// ---------------------------------------------------------------------------
// The medium

class UdpMedium final : public Medium {
public:
    UdpMedium(const config::Medium& m, Logger& log, UniqueFd tx, const sockaddr_storage& dest,
              socklen_t dest_len, std::shared_ptr<RxSocket> rx)
        : cfg_(m), log_(log), what_(describe(m)), tx_(std::move(tx)), dest_(dest),
          dest_len_(dest_len), rx_(std::move(rx))
    {
    }

    const config::Medium& config() const override { return cfg_; }
    int rx_fd() const override { return rx_ ? rx_->fd() : -1; }
    const MediumStats& stats() const override { return stats_; }

    void on_readable(std::vector<RxFrame>& out) override
    {
        if (!rx_) {
            return;
        }
        if (const int err = rx_->read(out, stats_); err != 0) {
            // on_readable() carries no clock: throttle by the last send time
            // (a medium sends at least every keepalive).
            if (auto line = rx_throttle_.note(last_now_, with_errno("read failure on " + what_, err))) {
                log_.log(LogLevel::err, *line);
            }
        }
    }

    void send(std::string_view netstring, std::string_view /*classic*/, MonoTime now) override
    {
        last_now_ = now;
        ssize_t n;
        do {
            n = ::sendto(tx_.get(), netstring.data(), netstring.size(), MSG_DONTWAIT | MSG_NOSIGNAL,
                         reinterpret_cast<const sockaddr*>(&dest_), dest_len_);
        } while (n < 0 && errno == EINTR);
        if (n >= 0 && static_cast<std::size_t>(n) == netstring.size()) {
            ++stats_.frames_out;
            return;
        }
        // UDP has no useful queue: EAGAIN, ENETUNREACH, ENODEV (link down)...
        // all lose this datagram; the protocol's rexmit covers it.
        const int err = n < 0 ? errno : EMSGSIZE;
        ++stats_.send_errors;
        if (auto line = tx_throttle_.note(now, with_errno("write failure on " + what_, err))) {
            log_.log(LogLevel::err, *line);
        }
    }

private:
    config::Medium cfg_;
    Logger& log_;
    std::string what_;
    UniqueFd tx_;
    sockaddr_storage dest_;
    socklen_t dest_len_;
    std::shared_ptr<RxSocket> rx_;
    MediumStats stats_;
    ErrorThrottle tx_throttle_;
    ErrorThrottle rx_throttle_;
    MonoTime last_now_{};
};

// ---------------------------------------------------------------------------
// Address parsing

bool parse_v4(const std::string& text, in_addr& out, std::string& reason)
{
    if (::inet_pton(AF_INET, text.c_str(), &out) == 1) {
        return true;
    }
    // 3.0.6's ucast also accepts a host name.
    addrinfo hints{};
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_DGRAM;
    addrinfo* res = nullptr;
    const int rc = ::getaddrinfo(text.c_str(), nullptr, &hints, &res);
    if (rc != 0 || res == nullptr) {
        reason = "cannot resolve " + text + ": " + ::gai_strerror(rc);
        return false;
    }
    sockaddr_in sa{};
    std::memcpy(&sa, res->ai_addr, sizeof sa);
    out = sa.sin_addr;
    ::freeaddrinfo(res);
    return true;
}

/// IPv6 address with an optional "%scope" (name or index), which must name
/// the medium's interface. Link-scope addresses get the interface as scope.
bool parse_v6(const std::string& text, unsigned ifindex, sockaddr_in6& out, std::string& reason)
{
    const std::size_t pct = text.find('%');
    const std::string addr = text.substr(0, pct);
    out = sockaddr_in6{};
    out.sin6_family = AF_INET6;
    if (::inet_pton(AF_INET6, addr.c_str(), &out.sin6_addr) != 1) {
        reason = "not an IPv6 address: " + text;
        return false;
    }
    if (pct != std::string::npos) {
        const std::string scope = text.substr(pct + 1);
        unsigned idx = ::if_nametoindex(scope.c_str());
        if (idx == 0 && !scope.empty() && scope.find_first_not_of("0123456789") == std::string::npos
            && scope.size() < 10) {
            idx = static_cast<unsigned>(std::stoul(scope));
        }
        if (idx != ifindex) {
            reason = "scope %" + scope + " is not this interface";
            return false;
        }
    }
    const unsigned char* b = out.sin6_addr.s6_addr;
    const bool link_local_unicast = b[0] == 0xfe && (b[1] & 0xc0) == 0x80;
    const bool small_scope_multicast = b[0] == 0xff && (b[1] & 0x0f) <= 2;
    if (link_local_unicast || small_scope_multicast) {
        out.sin6_scope_id = ifindex;
    }
    return true;
}

bool is_v6_multicast(const sockaddr_in6& a) { return a.sin6_addr.s6_addr[0] == 0xff; }

// ---------------------------------------------------------------------------
// Openers, one per kind. Each fills `reason` (without the medium prefix).

std::unique_ptr<Medium> open_bcast(const config::Medium& m, unsigned ifindex, Logger& log,
                                   std::string& reason)
{
    sockaddr_in dest{};
    dest.sin_family = AF_INET;
    dest.sin_port = htons(static_cast<std::uint16_t>(m.port));
    {
        UniqueFd probe = udp_socket(AF_INET, reason);
        if (!probe) {
            return nullptr;
        }
        ifreq ifr{};
        std::memcpy(ifr.ifr_name, m.iface.c_str(), m.iface.size());
        if (::ioctl(probe.get(), SIOCGIFBRDADDR, &ifr) < 0) {
            // No IPv4 address at all gives EADDRNOTAVAIL: same cause to the operator.
            reason = errno == EADDRNOTAVAIL ? std::string("interface has no broadcast address")
                                            : errno_text("cannot read the broadcast address");
            return nullptr;
        }
        sockaddr_in brd{};
        std::memcpy(&brd, &ifr.ifr_broadaddr, sizeof brd);
        // `ip addr add A/24` without `brd +` leaves 0.0.0.0: 3.0.6 then sends
        // nowhere and says nothing (the lab gotcha). Refuse instead.
        if (brd.sin_addr.s_addr == 0) {
            reason = "interface has no broadcast address";
            return nullptr;
        }
        dest.sin_addr = brd.sin_addr;
    }
    UniqueFd tx = udp_socket(AF_INET, reason);
    if (!tx || !set_opt(tx.get(), SOL_SOCKET, SO_BROADCAST, 1, "SO_BROADCAST", reason)
        || !set_opt(tx.get(), SOL_SOCKET, SO_DONTROUTE, 1, "SO_DONTROUTE", reason)
        || !bind_to_device(tx.get(), m.iface, reason)) {
        return nullptr;
    }
    in_addr any{};
    auto rx = shared_rx(rx_key(AF_INET, m.iface, ifindex, "*", m.port),
                        [&](std::string& r) { return make_rx4(m.iface, ifindex, any, m.port, nullptr, r); },
                        reason);
    if (!rx) {
        return nullptr;
    }
    sockaddr_storage ss{};
    std::memcpy(&ss, &dest, sizeof dest);
    log.log(LogLevel::info, "UDP Broadcast heartbeat started on port " + std::to_string(m.port) + " ("
                                + std::to_string(m.port) + ") interface " + m.iface);
    return std::make_unique<UdpMedium>(m, log, std::move(tx), ss, static_cast<socklen_t>(sizeof dest),
                                       std::move(rx));
}

std::unique_ptr<Medium> open_ucast(const config::Medium& m, unsigned ifindex, Logger& log,
                                   std::string& reason)
{
    sockaddr_in dest{};
    dest.sin_family = AF_INET;
    dest.sin_port = htons(static_cast<std::uint16_t>(m.port));
    if (!parse_v4(m.address, dest.sin_addr, reason)) {
        return nullptr;
    }
    UniqueFd tx = udp_socket(AF_INET, reason);
    if (!tx || !bind_to_device(tx.get(), m.iface, reason)
        || !set_opt(tx.get(), IPPROTO_IP, IP_TOS, IPTOS_LOWDELAY, "IP_TOS", reason)) {
        return nullptr;
    }
    in_addr any{};
    auto rx = shared_rx(rx_key(AF_INET, m.iface, ifindex, "*", m.port),
                        [&](std::string& r) { return make_rx4(m.iface, ifindex, any, m.port, nullptr, r); },
                        reason);
    if (!rx) {
        return nullptr;
    }
    char buf[INET_ADDRSTRLEN] = {};
    ::inet_ntop(AF_INET, &dest.sin_addr, buf, sizeof buf);
    log.log(LogLevel::info, "ucast: started on port " + std::to_string(m.port) + " interface " + m.iface
                                + " to " + buf);
    sockaddr_storage ss{};
    std::memcpy(&ss, &dest, sizeof dest);
    return std::make_unique<UdpMedium>(m, log, std::move(tx), ss, static_cast<socklen_t>(sizeof dest),
                                       std::move(rx));
}

std::unique_ptr<Medium> open_mcast(const config::Medium& m, unsigned ifindex, Logger& log,
                                   std::string& reason)
{
    in_addr group{};
    if (::inet_pton(AF_INET, m.address.c_str(), &group) != 1 || (ntohl(group.s_addr) >> 28) != 0xe) {
        reason = "not an IPv4 multicast group: " + m.address;
        return nullptr;
    }
    if (m.ttl < 0 || m.ttl > 255) {
        reason = "bad ttl " + std::to_string(m.ttl);
        return nullptr;
    }
    UniqueFd tx = udp_socket(AF_INET, reason);
    if (!tx) {
        return nullptr;
    }
    ip_mreqn mif{};
    mif.imr_ifindex = static_cast<int>(ifindex);
    if (::setsockopt(tx.get(), IPPROTO_IP, IP_MULTICAST_IF, &mif, sizeof mif) < 0) {
        reason = errno_text("cannot set IP_MULTICAST_IF");
        return nullptr;
    }
    if (!set_opt(tx.get(), IPPROTO_IP, IP_MULTICAST_TTL, m.ttl, "IP_MULTICAST_TTL", reason)
        || !set_opt(tx.get(), IPPROTO_IP, IP_MULTICAST_LOOP, m.loop ? 1 : 0, "IP_MULTICAST_LOOP", reason)
        || !bind_to_device(tx.get(), m.iface, reason)) {
        return nullptr;
    }
    char canon[INET_ADDRSTRLEN] = {};
    ::inet_ntop(AF_INET, &group, canon, sizeof canon);
    auto rx = shared_rx(rx_key(AF_INET, m.iface, ifindex, canon, m.port),
                        [&](std::string& r) { return make_rx4(m.iface, ifindex, group, m.port, &group, r); },
                        reason);
    if (!rx) {
        return nullptr;
    }
    sockaddr_in dest{};
    dest.sin_family = AF_INET;
    dest.sin_port = htons(static_cast<std::uint16_t>(m.port));
    dest.sin_addr = group;
    sockaddr_storage ss{};
    std::memcpy(&ss, &dest, sizeof dest);
    log.log(LogLevel::info, "UDP multicast heartbeat started for group " + m.address + " port "
                                + std::to_string(m.port) + " interface " + m.iface + " (ttl="
                                + std::to_string(m.ttl) + " loop=" + (m.loop ? "1" : "0") + ")");
    return std::make_unique<UdpMedium>(m, log, std::move(tx), ss, static_cast<socklen_t>(sizeof dest),
                                       std::move(rx));
}

std::unique_ptr<Medium> open_ucast6(const config::Medium& m, unsigned ifindex, Logger& log,
                                    std::string& reason)
{
    sockaddr_in6 dest{};
    if (!parse_v6(m.address, ifindex, dest, reason)) {
        return nullptr;
    }
    static const in6_addr unspecified{};
    in6_addr loopback{};
    loopback.s6_addr[15] = 1;
    if (is_v6_multicast(dest) || std::memcmp(&dest.sin6_addr, &unspecified, sizeof unspecified) == 0
        || std::memcmp(&dest.sin6_addr, &loopback, sizeof loopback) == 0) {
        reason = "not a usable unicast address: " + m.address;
        return nullptr;
    }
    dest.sin6_port = htons(static_cast<std::uint16_t>(m.port));
    UniqueFd tx = udp_socket(AF_INET6, reason);
    if (!tx || !bind_to_device(tx.get(), m.iface, reason)) {
        return nullptr;
    }
    sockaddr_in6 any{};
    any.sin6_family = AF_INET6;
    any.sin6_port = htons(static_cast<std::uint16_t>(m.port));
    auto rx = shared_rx(rx_key(AF_INET6, m.iface, ifindex, "*", m.port),
                        [&](std::string& r) { return make_rx6(m.iface, ifindex, any, false, r); }, reason);
    if (!rx) {
        return nullptr;
    }
    sockaddr_storage ss{};
    std::memcpy(&ss, &dest, sizeof dest);
    log.log(LogLevel::info, "ucast6: heartbeat started for " + addr_text(ss) + " on interface " + m.iface);
    return std::make_unique<UdpMedium>(m, log, std::move(tx), ss, static_cast<socklen_t>(sizeof dest),
                                       std::move(rx));
}

std::unique_ptr<Medium> open_mcast6(const config::Medium& m, unsigned ifindex, Logger& log,
                                    std::string& reason)
{
    sockaddr_in6 group{};
    if (!parse_v6(m.address, ifindex, group, reason)) {
        return nullptr;
    }
    if (!is_v6_multicast(group)) {
        reason = "not an IPv6 multicast group: " + m.address;
        return nullptr;
    }
    if (m.ttl < 0 || m.ttl > 255) {
        reason = "bad hop limit " + std::to_string(m.ttl);
        return nullptr;
    }
    group.sin6_port = htons(static_cast<std::uint16_t>(m.port));
    UniqueFd tx = udp_socket(AF_INET6, reason);
    if (!tx
        || !set_opt(tx.get(), IPPROTO_IPV6, IPV6_MULTICAST_IF, static_cast<int>(ifindex),
                    "IPV6_MULTICAST_IF", reason)
        || !set_opt(tx.get(), IPPROTO_IPV6, IPV6_MULTICAST_HOPS, m.ttl, "IPV6_MULTICAST_HOPS", reason)
        || !set_opt(tx.get(), IPPROTO_IPV6, IPV6_MULTICAST_LOOP, m.loop ? 1 : 0, "IPV6_MULTICAST_LOOP",
                    reason)
        || !bind_to_device(tx.get(), m.iface, reason)) {
        return nullptr;
    }
    char canon[INET6_ADDRSTRLEN] = {};
    ::inet_ntop(AF_INET6, &group.sin6_addr, canon, sizeof canon);
    auto rx = shared_rx(rx_key(AF_INET6, m.iface, ifindex, canon, m.port),
                        [&](std::string& r) { return make_rx6(m.iface, ifindex, group, true, r); }, reason);
    if (!rx) {
        return nullptr;
    }
    sockaddr_storage ss{};
    std::memcpy(&ss, &group, sizeof group);
    log.log(LogLevel::info, "UDP multicast heartbeat started for " + addr_text(ss) + " on interface "
                                + m.iface + " (hops=" + std::to_string(m.ttl) + " loop="
                                + (m.loop ? "1" : "0") + ")");
    return std::make_unique<UdpMedium>(m, log, std::move(tx), ss, static_cast<socklen_t>(sizeof group),
                                       std::move(rx));
}

}  // namespace

std::unique_ptr<Medium> open_udp_medium(const config::Medium& m, Logger& log, std::string& error)
{
    std::string reason;
    std::unique_ptr<Medium> out;
    const unsigned ifindex =
        (m.iface.empty() || m.iface.size() >= IFNAMSIZ) ? 0 : ::if_nametoindex(m.iface.c_str());
    if (ifindex == 0) {
        reason = "no such interface";
    } else if (m.port < 1 || m.port > 65535) {
        reason = "bad port " + std::to_string(m.port);
    } else {
        switch (m.type) {
        case MediumType::bcast: out = open_bcast(m, ifindex, log, reason); break;
        case MediumType::ucast: out = open_ucast(m, ifindex, log, reason); break;
        case MediumType::mcast: out = open_mcast(m, ifindex, log, reason); break;
        case MediumType::ucast6: out = open_ucast6(m, ifindex, log, reason); break;
        case MediumType::mcast6: out = open_mcast6(m, ifindex, log, reason); break;
        case MediumType::serial: reason = "not a UDP medium"; break;
        }
    }
    if (!out) {
        error = describe(m) + ": " + reason;
    }
    return out;
}

}  // namespace hb::net::detail
