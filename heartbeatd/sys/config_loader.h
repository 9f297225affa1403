// The configuration loader: reads ha.cf, authkeys (and its mode), haresources,
// nodeinfo, uname -n and /etc/services, answers the machine questions
// (interfaces, devices, users, programs, host names, resource scripts) and
// hands everything to the pure config::assemble_config(). I/O shell: it
// decides nothing itself.
#pragma once

#include <optional>
#include <string>

#include "base/diag.h"
#include "config/config.h"
#include "config/environment.h"
#include "sys/paths.h"

namespace hb::sys {

struct LoadResult {
    std::optional<config::Config> config;  // only when there are no errors
    Diagnostics diagnostics;               // `file:line: message`, all of them
};

/// Loads and checks the configuration under `paths`. A missing ha.cf,
/// authkeys or haresources is an error (3.0.6 refuses to start without
/// haresources in R1 mode). 3.0.6 exits 6 (LSB "not configured") on any
/// configuration error; that choice is the daemon's.
LoadResult load_config(const Paths& paths);

/// The real SystemProbe: if_nametoindex, stat, getpwnam, access,
/// getaddrinfo, and resource scripts in <confdir>/resource.d then initdir.
class RealSystemProbe : public config::SystemProbe {
public:
    explicit RealSystemProbe(Paths paths) : paths_(std::move(paths)) {}
    bool interface_exists(const std::string& name) const override;
    DeviceKind device_kind(const std::string& path) const override;
    bool user_exists(const std::string& name) const override;
    bool executable(const std::string& path) const override;
    std::optional<std::string> resolve(const std::string& host, bool v6) const override;
    bool resource_script(std::string_view name) const override;
    Script resource_script_info(std::string_view name) const override;
    /// getifaddrs(): the IPv4 addresses of the interfaces that are up.
    std::optional<std::vector<IfAddr>> ipv4_addresses() const override;

private:
    Paths paths_;
};

/// Whole file, or nullopt when it cannot be read.
std::optional<std::string> read_file(const std::string& path);

}  // namespace hb::sys
