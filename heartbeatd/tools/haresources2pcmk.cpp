// haresources2pcmk: converts a Heartbeat v1 configuration (ha.cf +
// haresources) to Corosync 3 (corosync.conf, knet links) and Pacemaker
// (CIB XML, crm shell, pcs). The conversion is convert/convert.h; this file
// reads the files, asks where scripts live, and writes the results.
//
//   haresources2pcmk [--confdir DIR] [--initdir DIR] [--format cib|crm|pcs|corosync]
//                    [--out DIR] [--local-node NAME] [--addr NODE=ADDR[,ADDR...]]...
//                    [--init-class systemd|lsb|service] [--cluster-name NAME]
// Exit: 0 converted (warnings on stderr), 1 configuration errors or an
//       unwritable output, 2 usage.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "base/strings.h"
#include "config/assemble.h"
#include "config/values.h"
#include "convert/convert.h"

using namespace hb;

namespace {

constexpr const char* kUsage =
    "usage: haresources2pcmk [--confdir DIR] [--initdir DIR] [--format cib|crm|pcs|corosync]\n"
    "                        [--out DIR] [--local-node NAME] [--addr NODE=ADDR[,ADDR...]]...\n"
    "                        [--init-class systemd|lsb|service] [--cluster-name NAME]\n";

bool read_file(const std::string& path, std::string& out)
{
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) {
        return false;
    }
    char buf[8192];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
        out.append(buf, n);
    }
    const bool ok = std::ferror(f) == 0;
    std::fclose(f);
    return ok;
}

bool write_file(const std::string& path, const std::string& text, mode_t mode)
{
    // Created with its final mode, so a password is never readable by others.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0 || ::fchmod(fd, mode) != 0) {
        std::fprintf(stderr, "haresources2pcmk: %s: %s\n", path.c_str(), std::strerror(errno));
        if (fd >= 0) {
            ::close(fd);
        }
        return false;
    }
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            std::fprintf(stderr, "haresources2pcmk: %s: %s\n", path.c_str(), std::strerror(errno));
            ::close(fd);
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0) {
        std::fprintf(stderr, "haresources2pcmk: %s: %s\n", path.c_str(), std::strerror(errno));
        return false;
    }
    return true;
}

bool executable(const std::string& path)
{
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

int usage_error(const std::string& msg)
{
    std::fprintf(stderr, "haresources2pcmk: %s\n%s", msg.c_str(), kUsage);
    return 2;
}

}  // namespace

int main(int argc, char** argv)
{
    std::string confdir = "/etc/ha.d";
    std::string initdir = "/etc/init.d";
    std::string format;
    std::string outdir;
    std::string local_node;
    bool local_given = false;
    convert::Options opt;
    std::vector<std::string> args(argv + 1, argv + argc);
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "-h" || a == "--help") {
            std::fputs(kUsage, stdout);
            return 0;
        }
        auto value = [&](std::string& dst) {
            if (i + 1 >= args.size()) {
                return false;
            }
            dst = args[++i];
            return true;
        };
        std::string v;
        if (a == "--confdir" || a == "--initdir" || a == "--format" || a == "--out" || a == "--local-node"
            || a == "--addr" || a == "--init-class" || a == "--cluster-name") {
            if (!value(v)) {
                return usage_error(a + " needs a value");
            }
        } else {
            return usage_error("unknown argument [" + a + "]");
        }
        if (a == "--confdir") {
            confdir = v;
        } else if (a == "--initdir") {
            initdir = v;
        } else if (a == "--format") {
            if (v != "cib" && v != "crm" && v != "pcs" && v != "corosync") {
                return usage_error("--format: [" + v + "] is not one of cib crm pcs corosync");
            }
            format = v;
        } else if (a == "--out") {
            outdir = v;
        } else if (a == "--local-node") {
            local_node = to_lower(v);
            local_given = true;
        } else if (a == "--addr") {
            const auto eq = v.find('=');
            if (eq == std::string::npos || eq == 0 || eq + 1 == v.size()) {
                return usage_error("--addr: expected NODE=ADDR[,ADDR...], got [" + v + "]");
            }
            std::vector<std::string> addrs;
            std::size_t pos = eq + 1;
            while (true) {
                const auto comma = v.find(',', pos);
                addrs.push_back(v.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos));
                if (comma == std::string::npos) {
                    break;
                }
                pos = comma + 1;
            }
            opt.node_addrs.emplace_back(to_lower(v.substr(0, eq)), std::move(addrs));
        } else if (a == "--init-class") {
            if (v == "systemd") {
                opt.init_class = convert::InitClass::systemd;
            } else if (v == "lsb") {
                opt.init_class = convert::InitClass::lsb;
            } else if (v == "service") {
                opt.init_class = convert::InitClass::service;
            } else {
                return usage_error("--init-class: [" + v + "] is not one of systemd lsb service");
            }
        } else if (a == "--cluster-name") {
            if (v.empty() || v.size() > 32) {
                return usage_error("--cluster-name: 1 to 32 characters");
            }
            opt.cluster_name = v;
        }
    }
    if (outdir.empty() && format.empty()) {
        format = "cib";
    }

    const std::string ha_cf_path = confdir + "/ha.cf";
    const std::string haresources_path = confdir + "/haresources";
    std::string ha_cf;
    std::string haresources;
    bool missing = false;
    if (!read_file(ha_cf_path, ha_cf)) {
        std::fprintf(stderr, "%s: Cannot open config file [%s]: %s\n", ha_cf_path.c_str(), ha_cf_path.c_str(),
                     std::strerror(errno));
        missing = true;
    }
    if (!read_file(haresources_path, haresources)) {
        std::fprintf(stderr, "%s: Cannot open resources file [%s]: %s\n", haresources_path.c_str(),
                     haresources_path.c_str(), std::strerror(errno));
        missing = true;
    }
    if (missing) {
        return 1;
    }

    // This node, as the daemon names it: nodeinfo, else uname -n.
    if (!local_given) {
        std::string nodeinfo;
        const bool have_nodeinfo = read_file(confdir + "/nodeinfo", nodeinfo);
        struct utsname u {};
        const std::string uname_node = ::uname(&u) == 0 ? std::string(u.nodename) : std::string();
        local_node = config::local_node_name(
            uname_node, have_nodeinfo ? std::optional<std::string_view>(nodeinfo) : std::nullopt);
    }
    opt.local_node = local_node;
    opt.where = [&](std::string_view script) {
        if (executable(confdir + "/resource.d/" + std::string(script))) {
            return convert::ScriptPlace::resource_d;
        }
        if (executable(initdir + "/" + std::string(script))) {
            return convert::ScriptPlace::init_d;
        }
        return convert::ScriptPlace::unknown;
    };
    opt.source_label = confdir;

    convert::Sources src;
    src.ha_cf = ha_cf;
    src.ha_cf_name = ha_cf_path;
    src.haresources = haresources;
    src.haresources_name = haresources_path;
    std::string services;
    if (read_file("/etc/services", services)) {
        if (auto port = config::services_udp_port(services, "ha-cluster")) {
            src.default_udpport = *port;
        }
    }

    const auto out = convert::convert(src, opt);
    for (const auto& d : out.diagnostics) {
        std::fprintf(stderr, "%s\n", d.str().c_str());
    }
    if (!out.ok) {
        std::fprintf(stderr, "haresources2pcmk: %zu error(s); nothing written\n", count_errors(out.diagnostics));
        return 1;
    }

    struct File {
        const char* format;
        const char* name;
        const std::string* text;
        mode_t mode;
    };
    const File files[] = {
        {"corosync", "corosync.conf", &out.corosync_conf, 0644},
        // The Pacemaker files may hold fencing passwords from ha.cf.
        {"cib", "cib.xml", &out.cib_xml, 0600},
        {"crm", "pacemaker.crm", &out.crm, 0600},
        {"pcs", "pacemaker-pcs.sh", &out.pcs, 0700},
    };
    if (outdir.empty()) {
        for (const auto& f : files) {
            if (format == f.format) {
                std::fputs(f.text->c_str(), stdout);
            }
        }
        return std::fflush(stdout) == 0 ? 0 : 1;
    }
    if (::mkdir(outdir.c_str(), 0755) != 0 && errno != EEXIST) {
        std::fprintf(stderr, "haresources2pcmk: %s: %s\n", outdir.c_str(), std::strerror(errno));
        return 1;
    }
    for (const auto& f : files) {
        if (!format.empty() && format != f.format) {
            continue;
        }
        if (!write_file(outdir + "/" + f.name, *f.text, f.mode)) {
            return 1;
        }
        std::fprintf(stderr, "wrote %s/%s\n", outdir.c_str(), f.name);
    }
    return 0;
}
