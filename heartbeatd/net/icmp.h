// ICMP echo for ping nodes (facts section 3): a raw ICMP (or ICMPv6) socket,
// echo requests with id = pid & 0xffff and an incrementing sequence number,
// replies with our id handed back as (source address, payload). What the
// payload means is member/ping_nodes.h's business. Shell: needs CAP_NET_RAW.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/log.h"
#include "net/fd.h"

namespace hb::net {

struct EchoReply {
    std::string source;   // numeric address
    std::string payload;
};

class IcmpPinger {
public:
    /// nullptr and `error` set when the socket cannot be opened.
    static std::unique_ptr<IcmpPinger> open(bool v6, Logger& log, std::string& error);

    int fd() const { return fd_.get(); }
    bool v6() const { return v6_; }
    /// Sends one echo request; failures are logged (rate-limited), never fatal.
    void send(const std::string& address, const std::string& payload);
    /// Reads every queued datagram; echo replies carrying our id are appended.
    void on_readable(std::vector<EchoReply>& out);
    std::uint16_t id() const { return id_; }

private:
    IcmpPinger(UniqueFd fd, bool v6, Logger& log);

    UniqueFd fd_;
    bool v6_;
    Logger& log_;
    std::uint16_t id_;
    std::uint16_t seq_ = 0;
    std::uint64_t send_errors_ = 0;
};

/// The Internet checksum (RFC 1071) over `data`.
std::uint16_t inet_checksum(const unsigned char* data, std::size_t len);

}  // namespace hb::net
