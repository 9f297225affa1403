// hb_status / hb_history (one program, named by argv[0]): heartbeatd's own
// status views, beside the 3.0.6-identical cl_status.
//
//   hb_status --json           the status dump: nodes, links (gaps, late
//                              heartbeats), groups, monitoring, pending
//                              STONITH, dropped packets, counters,
//                              generation, uptime (docs/operations.md)
//   hb_status history [--json] the action history
//   hb_history [--json]        the same
// Exit: 0 answered, 2 usage, 3 heartbeat not running or refusing us.
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "control/client.h"

using namespace hb;

namespace {

int usage(const char* prog)
{
    std::fprintf(stderr,
        "usage: %s --json\n"
        "       %s history [--json]\n"
        "       hb_history [--json]\n",
        prog, prog);
    return 2;
}

void write_all(int fd, const std::string& s)
{
    for (std::size_t off = 0; off < s.size();) {
        const ssize_t n = write(fd, s.data() + off, s.size() - off);
        if (n <= 0) {
            return;
        }
        off += static_cast<std::size_t>(n);
    }
}

}  // namespace

int main(int argc, char** argv)
{
    const char* base = std::strrchr(argv[0], '/');
    const std::string prog = base ? base + 1 : argv[0];
    std::vector<std::string> args(argv + 1, argv + argc);
    bool history = prog == "hb_history";
    if (!history && !args.empty() && args[0] == "history") {
        history = true;
        args.erase(args.begin());
    }
    bool json = false;
    for (const std::string& a : args) {
        if (a == "--json" || a == "-j") {
            json = true;
        } else {
            return usage(prog.c_str());
        }
    }
    if (!history && !json) {
        return usage(prog.c_str());
    }
    const std::string cmd(history ? (json ? control::kHistoryJsonCommand : control::kHistoryCommand)
                                  : control::kDumpCommand);
    control::Reply r = control::ask_daemon({cmd});
    if (control::is_signon_failure(r)) {
        std::string text = prog + ": cannot talk to heartbeat";
        for (const control::ErrLine& e : r.err) {
            text += "; " + e.text;
        }
        write_all(STDERR_FILENO, text + "\n");
        return 3;
    }
    for (const control::ErrLine& e : r.err) {
        write_all(STDERR_FILENO, prog + ": " + e.text + "\n");
    }
    write_all(STDOUT_FILENO, r.out);
    return r.exit_code == 0 ? 0 : 3;
}
