// stonith: run a STONITH device by hand, the way heartbeatd runs it (same
// plugin resolution, parameters and environment), with cluster-glue's
// stonith command line:
//   stonith -L                                  list the device types
//   stonith -t TYPE -n                          the type's parameter names
//   stonith -t TYPE [-p "PARAMS" | -F FILE] -S  device status
//   stonith -t TYPE [-p "PARAMS" | -F FILE] -l  hosts the device can reset
//   stonith -t TYPE [-p "PARAMS" | -F FILE] [-T reset|on|off] HOST
// Exit: 0 success, 1 the device failed, 2 usage.
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "base/strings.h"
#include "exec/runner.h"
#include "fencer/fencer.h"
#include "log/logger.h"
#include "loop/loop.h"

using namespace hb;

namespace {

int usage()
{
    std::fprintf(stderr,
        "usage: stonith -L\n"
        "       stonith -t TYPE -n\n"
        "       stonith -t TYPE [-p \"PARAMS\" | -F FILE] -S\n"
        "       stonith -t TYPE [-p \"PARAMS\" | -F FILE] -l\n"
        "       stonith -t TYPE [-p \"PARAMS\" | -F FILE] [-T reset|on|off] HOST\n");
    return 2;
}

void list_dir(const std::string& dir, const std::string& prefix, std::set<std::string>& out, bool want_exec)
{
    DIR* d = ::opendir(dir.c_str());
    if (!d) return;
    while (dirent* e = ::readdir(d)) {
        std::string n = e->d_name;
        if (n.empty() || n[0] == '.') continue;
        std::string path = dir + "/" + n;
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
        if (want_exec && ::access(path.c_str(), X_OK) != 0) continue;
        if (n.size() > 3 && n.compare(n.size() - 3, 3, ".so") == 0) n.resize(n.size() - 3);
        out.insert(prefix + n);
    }
    ::closedir(d);
}

class StderrLogger : public Logger {
public:
    void log(LogLevel, std::string_view text) override { std::fprintf(stderr, "%.*s\n", static_cast<int>(text.size()), text.data()); }
    int debug_level() const override { return 0; }
};

}  // namespace

int main(int argc, char** argv)
{
    std::string type, params, file, action = "reset";
    bool list_types = false, names = false, status = false, hosts = false;
    int c;
    while ((c = ::getopt(argc, argv, "Lnt:p:F:T:Slhv")) != -1) {
        switch (c) {
        case 'L': list_types = true; break;
        case 'n': names = true; break;
        case 't': type = optarg; break;
        case 'p': params = optarg; break;
        case 'F': file = optarg; break;
        case 'T': action = optarg; break;
        case 'S': status = true; break;
        case 'l': hosts = true; break;
        case 'v': break;
        default: return usage();
        }
    }
    fencer::Options opts;
    if (list_types) {
        std::set<std::string> types;
        for (const std::string& t : fence::builtin_types()) types.insert(t);
        list_dir(opts.external_dir, "external/", types, true);
        for (const std::string& d : opts.agent_dirs) {
            std::set<std::string> agents;
            list_dir(d, "", agents, true);
            for (const std::string& a : agents) {
                if (a.rfind("fence_", 0) == 0) types.insert(a);
            }
        }
        if (::access(opts.glue_stonith.c_str(), X_OK) == 0) {
            list_dir("/usr/lib/stonith/plugins/stonith2", "", types, false);
            types.erase("external");
        }
        for (const std::string& t : types) std::printf("%s\n", t.c_str());
        return 0;
    }
    if (type.empty() || (!params.empty() && !file.empty())) {
        return usage();
    }
    std::string host;
    if (optind < argc) host = argv[optind++];
    if (optind < argc) return usage();
    std::string act;
    if (names) act = "getconfignames";
    else if (status) act = "status";
    else if (hosts) act = "gethosts";
    else {
        if (host.empty() || (action != "reset" && action != "on" && action != "off")) return usage();
        act = action;
    }
    fence::Device dev{type, split_ws(params), file, 0};
    loop::Loop loop;
    exec::Runner runner(loop);
    fencer::Fencer f(loop, runner, dev, opts);
    int rc = 1;
    f.run(act, act == "reset" || act == "on" || act == "off" ? host : "", [&](const fencer::Outcome& o) {
        std::fputs(o.output.c_str(), stdout);
        if (!o.ok) {
            std::fprintf(stderr, "stonith: %s %s%s with %s failed: %s\n", act.c_str(), host.c_str(),
                host.empty() ? "" : "", f.description().c_str(), o.detail.c_str());
        } else if (act == "reset" || act == "on" || act == "off") {
            std::fprintf(stderr, "stonith: %s of %s with %s: OK\n", act.c_str(), host.c_str(), f.description().c_str());
        }
        rc = o.ok ? 0 : 1;
        loop.stop();
    });
    loop.run();
    return rc;
}
