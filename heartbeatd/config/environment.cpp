// Configuration checks against the machine, through SystemProbe. Pure; see
// environment.h. Messages are those of 3.0.6's plugins and config.c.
#include "config/environment.h"

#include "config/values.h"

namespace hb::config {

namespace {

std::string quoted(std::string_view v) { return "[" + std::string(v) + "]"; }

void check_medium(Medium& m, const SystemProbe& probe, DiagSink& diag)
{
    switch (m.type) {
    case MediumType::bcast:
        if (!probe.interface_exists(m.iface)) {
            diag.error(m.line, "IP interface " + quoted(m.iface) + " does not exist");
        }
        return;
    case MediumType::ucast:
        if (!probe.interface_exists(m.iface)) {
            diag.error(m.line, "ucast: interface " + quoted(m.iface) + " does not exist");
        }
        if (!m.host.empty()) {
            if (auto ip = probe.resolve(m.host, false)) {
                m.address = *ip;
            } else {
                diag.error(m.line, "ucast: cannot resolve hostname " + quoted(m.host));
            }
        }
        return;
    case MediumType::mcast:
    case MediumType::ucast6:
    case MediumType::mcast6:
        if (!probe.interface_exists(m.iface)) {
            const char* type = m.type == MediumType::mcast ? "mcast" : m.type == MediumType::ucast6 ? "ucast6" : "mcast6";
            diag.error(m.line, std::string(type) + " device " + quoted(m.iface) + " is invalid or not set up properly");
        }
        return;
    case MediumType::serial:
        switch (probe.device_kind(m.iface)) {
        case SystemProbe::DeviceKind::missing:
            diag.error(m.line, "Nonexistent serial port " + quoted(m.iface) + " in config file");
            return;
        case SystemProbe::DeviceKind::other:
            diag.error(m.line, "Serial port " + quoted(m.iface) + " not a char device in config file");
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
            diag.error(n.line, "unknown host: " + a);
        }
    }
}

}  // namespace

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
            diag.error(c.line, "Invalid uid " + quoted(c.user) + " specified for client child");
        } else if (!c.native && !probe.executable(c.program)) {  // native: nothing is run
            diag.error(c.line, "Client child command " + quoted(c.program) + " is not executable");
        }
    }
}

}  // namespace hb::config
