// Checks of a parsed configuration against the machine: interfaces, serial
// devices, users, executables, host names and resource scripts. Pure: every
// question goes through SystemProbe, which the loader implements with real
// system calls and tests implement with a fake. The decisions (what is an
// error, which 3.0.6 message it gets, which line it names) are made here.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diag.h"
#include "config/config.h"

namespace hb::config {

class SystemProbe {
public:
    enum class DeviceKind { missing, char_device, other };

    virtual ~SystemProbe() = default;
    /// A network interface of that name exists.
    virtual bool interface_exists(const std::string& name) const = 0;
    virtual DeviceKind device_kind(const std::string& path) const = 0;
    virtual bool user_exists(const std::string& name) const = 0;
    /// A regular file we may execute.
    virtual bool executable(const std::string& path) const = 0;
    /// The first address of `host` (IPv4, or IPv6 when `v6`), as a literal.
    virtual std::optional<std::string> resolve(const std::string& host, bool v6) const = 0;
    /// An executable resource script of that name in resource.d or init.d.
    virtual bool resource_script(std::string_view name) const = 0;

    /// Where a resource script is: found (executable), present but not
    /// executable (path set), or missing. The default knows only what
    /// resource_script() says.
    struct Script {
        enum class State { found, not_executable, missing } state = State::missing;
        std::string path;  // the file found, if any
    };
    virtual Script resource_script_info(std::string_view name) const
    {
        return Script{resource_script(name) ? Script::State::found : Script::State::missing, {}};
    }

    /// One IPv4 address configured on an interface.
    struct IfAddr {
        std::string iface;
        std::array<std::uint8_t, 4> addr{};
        int prefix = 32;
    };
    /// Every IPv4 address of every interface; nullopt when unknown (then the
    /// ucast peer checks are skipped).
    virtual std::optional<std::vector<IfAddr>> ipv4_addresses() const { return std::nullopt; }
};

/// `Cannot locate resource script X` (error), or `... is not executable`
/// (error, with the path), once per script at the first group using it.
void check_resource_scripts(const Haresources& r, const SystemProbe& probe, DiagSink& diag);

/// Warnings for ucast peers no interface reaches directly: a peer address
/// (not one of ours) outside every subnet of the interface its line names,
/// or that interface having no IPv4 address at all. Pure given `addrs`.
void check_ucast_peers(const HaCf& cf, const std::vector<SystemProbe::IfAddr>& addrs, DiagSink& diag);

/// Checks ha.cf's media, ping nodes and child programs (diagnostics go to
/// the ha.cf sink) and resolves host names in place: a ucast peer's
/// `address` and ping addresses become literals.
void check_ha_cf_environment(HaCf& cf, const SystemProbe& probe, DiagSink& diag);

}  // namespace hb::config
