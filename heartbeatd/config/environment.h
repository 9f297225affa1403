// Checks of a parsed configuration against the machine: interfaces, serial
// devices, users, executables, host names and resource scripts. Pure: every
// question goes through SystemProbe, which the loader implements with real
// system calls and tests implement with a fake. The decisions (what is an
// error, which 3.0.6 message it gets, which line it names) are made here.
#pragma once

#include <optional>
#include <string>
#include <string_view>

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
};

/// Checks ha.cf's media, ping nodes and child programs (diagnostics go to
/// the ha.cf sink) and resolves host names in place: a ucast peer's
/// `address` and ping addresses become literals.
void check_ha_cf_environment(HaCf& cf, const SystemProbe& probe, DiagSink& diag);

}  // namespace hb::config
