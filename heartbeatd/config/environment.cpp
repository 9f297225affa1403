// Configuration checks against the machine, through SystemProbe. Pure; see
// environment.h. Messages are those of 3.0.6's plugins and config.c.
#include "config/environment.h"

#include <algorithm>

#include "config/values.h"

namespace hb::config {

namespace {

std::string quoted(std::string_view v) { return "[" + std::string(v) + "]"; }

const char* const kIfaceHint = "use an interface name that 'ip link' lists on this node";

void check_medium(Medium& m, const SystemProbe& probe, DiagSink& diag)
{
    switch (m.type) {
    case MediumType::bcast:
        if (!probe.interface_exists(m.iface)) {
            diag.error(m.line, "IP interface " + quoted(m.iface) + " does not exist", kIfaceHint);
        }
        return;
    case MediumType::ucast:
        if (!probe.interface_exists(m.iface)) {
            diag.error(m.line, "ucast: interface " + quoted(m.iface) + " does not exist", kIfaceHint);
        }
        if (!m.host.empty()) {
            if (auto ip = probe.resolve(m.host, false)) {
                m.address = *ip;
            } else {
                diag.error(m.line, "ucast: cannot resolve hostname " + quoted(m.host),
                           "write the peer's address, or add the name to /etc/hosts (heartbeat resolves it at start)");
            }
        }
        return;
    case MediumType::mcast:
    case MediumType::ucast6:
    case MediumType::mcast6:
        if (!probe.interface_exists(m.iface)) {
            const char* type = m.type == MediumType::mcast ? "mcast" : m.type == MediumType::ucast6 ? "ucast6" : "mcast6";
            diag.error(m.line, std::string(type) + " device " + quoted(m.iface) + " is invalid or not set up properly",
                       kIfaceHint);
        }
        return;
    case MediumType::serial:
        switch (probe.device_kind(m.iface)) {
        case SystemProbe::DeviceKind::missing:
            diag.error(m.line, "Nonexistent serial port " + quoted(m.iface) + " in config file",
                       "name the tty device that exists on this node (e.g. /dev/ttyS0)");
            return;
        case SystemProbe::DeviceKind::other:
            diag.error(m.line, "Serial port " + quoted(m.iface) + " not a char device in config file",
                       "name a tty device (e.g. /dev/ttyS0), not a file");
            return;
        case SystemProbe::DeviceKind::char_device:
            return;
        }
        return;
    }
}

void resolve_ping(PingNode& n, const SystemProbe& probe, DiagSink& diag)
{
    for (auto& a : n.addresses) {
        const bool literal = n.v6 ? is_ipv6_with_scope(a) : is_ipv4(a);
        if (literal) {
            continue;
        }
        if (auto ip = probe.resolve(a, n.v6)) {
            a = *ip;
        } else {
            diag.error(n.line, "unknown host: " + a, "write the address, or add the name to /etc/hosts");
        }
    }
}

bool in_subnet(const std::array<std::uint8_t, 4>& a, const SystemProbe::IfAddr& net)
{
    const auto word = [](const std::array<std::uint8_t, 4>& x) {
        return (std::uint32_t{x[0]} << 24) | (std::uint32_t{x[1]} << 16) | (std::uint32_t{x[2]} << 8) | x[3];
    };
    const int prefix = net.prefix < 0 ? 0 : (net.prefix > 32 ? 32 : net.prefix);
    const std::uint32_t mask = prefix == 0 ? 0u : ~std::uint32_t{0} << (32 - prefix);
    return (word(a) & mask) == (word(net.addr) & mask);
}

std::string cidr(const SystemProbe::IfAddr& a)
{
    return std::to_string(a.addr[0]) + "." + std::to_string(a.addr[1]) + "." + std::to_string(a.addr[2]) + "."
           + std::to_string(a.addr[3]) + "/" + std::to_string(a.prefix);
}

}  // namespace

void check_resource_scripts(const Haresources& r, const SystemProbe& probe, DiagSink& diag)
{
    std::vector<std::string> reported;
    for (const auto& g : r.groups) {
        for (const auto& res : g.resources) {
            if (std::find(reported.begin(), reported.end(), res.script) != reported.end()) {
                continue;
            }
            const auto info = probe.resource_script_info(res.script);
            if (info.state == SystemProbe::Script::State::found) {
                continue;
            }
            reported.push_back(res.script);
            if (info.state == SystemProbe::Script::State::not_executable) {
                diag.error(g.line, "Resource script " + res.script + " [" + info.path + "] is not executable",
                           "chmod +x " + info.path);
            } else {
                diag.error(g.line, "Cannot locate resource script " + res.script,
                           "install " + res.script + " as an executable in resource.d or /etc/init.d, "
                           "or fix the name (resource names are case-sensitive)");
            }
        }
    }
}

void check_ucast_peers(const HaCf& cf, const std::vector<SystemProbe::IfAddr>& addrs, DiagSink& diag)
{
    for (const auto& m : cf.media) {
        if (m.type != MediumType::ucast) {
            continue;
        }
        const auto peer = parse_ipv4(m.address);
        if (!peer) {
            continue;  // unresolved: already an error
        }
        const bool ours = std::any_of(addrs.begin(), addrs.end(), [&](const auto& a) { return a.addr == *peer; });
        if (ours) {
            continue;  // this node's own line of a shared ha.cf: not sent to
        }
        std::vector<const SystemProbe::IfAddr*> on_iface;
        for (const auto& a : addrs) {
            if (a.iface == m.iface) {
                on_iface.push_back(&a);
            }
        }
        const std::string where = "ucast " + m.iface + " " + m.address;
        if (on_iface.empty()) {
            diag.warning(m.line, "ucast: interface [" + m.iface + "] has no IPv4 address: heartbeats to ["
                                     + m.address + "] cannot be sent",
                         "configure an address on " + m.iface + " in " + m.address
                             + "'s subnet, or name the interface that reaches it");
            continue;
        }
        if (std::any_of(on_iface.begin(), on_iface.end(), [&](const auto* a) { return in_subnet(*peer, *a); })) {
            continue;
        }
        std::string have;
        for (const auto* a : on_iface) {
            have += (have.empty() ? "" : ", ") + cidr(*a);
        }
        const auto other = std::find_if(addrs.begin(), addrs.end(),
                                        [&](const auto& a) { return a.iface != m.iface && in_subnet(*peer, a); });
        if (other != addrs.end()) {
            diag.warning(m.line, "ucast peer [" + m.address + "] is not on a subnet of [" + m.iface + "] (" + have
                                     + ") but on [" + other->iface + "]'s",
                         "write 'ucast " + other->iface + " " + m.address + "' instead of '" + where + "'");
        } else {
            diag.warning(m.line, "ucast peer [" + m.address + "] is on no subnet of any local interface ("
                                     + m.iface + " has " + have + "): it is reachable only through a router, if at all",
                         "check the address; a heartbeat peer is normally on the link " + m.iface + " is attached to");
        }
    }
}

void check_ha_cf_environment(HaCf& cf, const SystemProbe& probe, DiagSink& diag)
{
    for (auto& m : cf.media) {
        check_medium(m, probe, diag);
    }
    for (auto& n : cf.ping_nodes) {
        resolve_ping(n, probe, diag);
    }
    for (const auto& c : cf.clients) {
        if (!probe.user_exists(c.user)) {
            diag.error(c.line, "Invalid uid " + quoted(c.user) + " specified for client child",
                       "name an existing user (e.g. hacluster)");
        } else if (!c.native && !probe.executable(c.program)) {  // native: nothing is run
            diag.error(c.line, "Client child command " + quoted(c.program) + " is not executable",
                       "install the program or chmod +x " + c.program);
        }
    }
}

}  // namespace hb::config
