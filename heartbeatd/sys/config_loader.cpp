// Configuration loader: file reads and system questions for the pure
// config::assemble_config(). I/O shell; see config_loader.h.
#include "sys/config_loader.h"

#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netdb.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "config/assemble.h"
#include "config/values.h"

namespace hb::sys {

std::optional<std::string> read_file(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return std::nullopt;
    }
    std::string out;
    char buf[8192];
    while (true) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            const int saved = errno;
            ::close(fd);
            errno = saved;
            return std::nullopt;
        }
        if (n == 0) {
            break;
        }
        out.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return out;
}

bool RealSystemProbe::interface_exists(const std::string& name) const
{
    return ::if_nametoindex(name.c_str()) != 0;
}

config::SystemProbe::DeviceKind RealSystemProbe::device_kind(const std::string& path) const
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        return DeviceKind::missing;
    }
    return S_ISCHR(st.st_mode) ? DeviceKind::char_device : DeviceKind::other;
}

bool RealSystemProbe::user_exists(const std::string& name) const
{
    std::vector<char> buf(16384);
    struct passwd pw {};
    struct passwd* result = nullptr;
    return ::getpwnam_r(name.c_str(), &pw, buf.data(), buf.size(), &result) == 0 && result != nullptr;
}

bool RealSystemProbe::executable(const std::string& path) const
{
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

std::optional<std::string> RealSystemProbe::resolve(const std::string& host, bool v6) const
{
    struct addrinfo hints {};
    hints.ai_family = v6 ? AF_INET6 : AF_INET;
    hints.ai_socktype = SOCK_DGRAM;
    struct addrinfo* res = nullptr;
    if (::getaddrinfo(host.c_str(), nullptr, &hints, &res) != 0 || res == nullptr) {
        return std::nullopt;
    }
    char text[INET6_ADDRSTRLEN] = {};
    const void* addr = nullptr;
    if (v6) {
        addr = &reinterpret_cast<const sockaddr_in6*>(res->ai_addr)->sin6_addr;
    } else {
        addr = &reinterpret_cast<const sockaddr_in*>(res->ai_addr)->sin_addr;
    }
    const bool ok = ::inet_ntop(hints.ai_family, addr, text, sizeof text) != nullptr;
    ::freeaddrinfo(res);
    return ok ? std::optional<std::string>(text) : std::nullopt;
}

bool RealSystemProbe::resource_script(std::string_view name) const
{
    return resource_script_info(name).state == Script::State::found;
}

config::SystemProbe::Script RealSystemProbe::resource_script_info(std::string_view name) const
{
    // ResourceManager's scriptpath(): resource.d first, then init.d.
    Script out;
    for (const auto& dir : {paths_.resource_d(), paths_.initdir}) {
        const std::string path = dir + "/" + std::string(name);
        if (executable(path)) {
            return Script{Script::State::found, path};
        }
        struct stat st {};
        if (out.state == Script::State::missing && ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
            out = Script{Script::State::not_executable, path};
        }
    }
    return out;
}

std::optional<std::vector<config::SystemProbe::IfAddr>> RealSystemProbe::ipv4_addresses() const
{
    struct ifaddrs* list = nullptr;
    if (::getifaddrs(&list) != 0) {
        return std::nullopt;
    }
    std::vector<IfAddr> out;
    for (const struct ifaddrs* i = list; i != nullptr; i = i->ifa_next) {
        if (i->ifa_addr == nullptr || i->ifa_addr->sa_family != AF_INET || (i->ifa_flags & IFF_UP) == 0) {
            continue;
        }
        IfAddr a;
        a.iface = i->ifa_name;
        std::uint32_t addr = 0;
        std::memcpy(&addr, &reinterpret_cast<const sockaddr_in*>(i->ifa_addr)->sin_addr, sizeof addr);
        addr = ntohl(addr);
        a.addr = {static_cast<std::uint8_t>(addr >> 24), static_cast<std::uint8_t>(addr >> 16),
                  static_cast<std::uint8_t>(addr >> 8), static_cast<std::uint8_t>(addr)};
        a.prefix = 32;
        if (i->ifa_netmask != nullptr) {
            std::uint32_t mask = 0;
            std::memcpy(&mask, &reinterpret_cast<const sockaddr_in*>(i->ifa_netmask)->sin_addr, sizeof mask);
            a.prefix = __builtin_popcount(ntohl(mask));
        }
        out.push_back(std::move(a));
    }
    ::freeifaddrs(list);
    return out;
}

LoadResult load_config(const Paths& paths)
{
    LoadResult out;
    const auto ha_cf = read_file(paths.ha_cf());
    const auto authkeys = read_file(paths.authkeys());
    const auto haresources = read_file(paths.haresources());
    if (!ha_cf) {
        DiagSink(out.diagnostics, paths.ha_cf()).error(0, "Cannot open config file [" + paths.ha_cf() + "]");
    }
    if (!authkeys) {
        DiagSink(out.diagnostics, paths.authkeys()).error(0, "Cannot open keyfile [" + paths.authkeys() + "].  Stop.");
    }
    if (!haresources) {
        DiagSink(out.diagnostics, paths.haresources())
            .error(0, "Cannot open resources file [" + paths.haresources() + "]");
    }
    if (!ha_cf || !authkeys || !haresources) {
        return out;
    }
    struct stat st {};
    unsigned mode = 0;
    if (::stat(paths.authkeys().c_str(), &st) == 0) {
        mode = static_cast<unsigned>(st.st_mode);
    } else {
        // 3.0.6 treats a failed fstat() like bad permissions.
        mode = 0777;
    }

    struct utsname u {};
    std::string uname_node = ::uname(&u) == 0 ? std::string(u.nodename) : std::string();
    const auto nodeinfo = read_file(paths.nodeinfo());

    config::HaCfContext ctx;
    ctx.local_node = config::local_node_name(
        uname_node, nodeinfo ? std::optional<std::string_view>(*nodeinfo) : std::nullopt);
    ctx.uname_node = uname_node;
    ctx.from_nodeinfo = ctx.local_node != config::local_node_name(uname_node, std::nullopt);
    if (const auto services = read_file(paths.services)) {
        if (auto port = config::services_udp_port(*services, "ha-cluster")) {
            ctx.default_udpport = *port;
        }
    }

    config::ConfigSources src;
    src.ha_cf = *ha_cf;
    src.ha_cf_name = paths.ha_cf();
    src.authkeys = *authkeys;
    src.authkeys_name = paths.authkeys();
    src.authkeys_mode = mode;
    src.haresources = *haresources;
    src.haresources_name = paths.haresources();

    const RealSystemProbe probe(paths);
    auto assembled = config::assemble_config(src, ctx, &probe);
    out.config = std::move(assembled.config);
    out.diagnostics = std::move(assembled.diagnostics);
    return out;
}

}  // namespace hb::sys
