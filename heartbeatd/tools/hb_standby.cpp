// hb_standby / hb_takeover (one program, named by argv[0]): ask the cluster
// to move resource groups, the way Heartbeat 3.0.6's scripts do — a classic
// message written into the daemon's FIFO — and then, unlike 3.0.6, tell
// the operator what became of the request: completed, refused (the other
// side or our resources in flux), or cancelled (no reply in 10 s).
//
//   hb_standby  [all|foreign|local|failback]   give these groups away
//   hb_takeover [all|foreign|local|failback]   ask the peer to give them to us
// Options: -n (no wait: write the request and exit, as 3.0.6 did),
//          -w SECONDS (how long to wait for the outcome, default 120).
// Exit: 0 completed (or sent, with -n), 1 refused/cancelled/no answer,
//       2 usage, 3 heartbeat not running.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "base/strings.h"
#include "control/client.h"
#include "res/standby_cmd.h"

using namespace hb;

namespace {

std::string fifo_path()
{
    if (const char* p = secure_getenv("HA_FIFO"); p && *p) {
        return p;
    }
    return "/var/lib/heartbeat/fifo";
}

void sleep_ms(long ms)
{
    struct timespec ts {ms / 1000, (ms % 1000) * 1000000};
    nanosleep(&ts, nullptr);
}

/// The daemon's standby log and the local node's name (as ha.cf knows it).
bool standby_log(std::vector<res::StandbyEntry>& out, std::string& local)
{
    control::Reply r = control::ask_daemon({std::string(control::kStandbyLogCommand)});
    if (control::is_signon_failure(r) || r.exit_code != 0) {
        return false;
    }
    out = res::parse_standby_log(r.out);
    local = res::standby_log_local_node(r.out);
    return true;
}

}  // namespace

int main(int argc, char** argv)
{
    std::string prog = argv[0];
    if (auto slash = prog.rfind('/'); slash != std::string::npos) {
        prog = prog.substr(slash + 1);
    }
    const bool takeover = prog.find("takeover") != std::string::npos;
    bool wait = true;
    long wait_s = 120;
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "-n") {
            wait = false;
        } else if (a == "-w" && i + 1 < argc) {
            auto v = parse_dec(argv[++i]);
            if (!v || *v == 0 || *v > 86400) {
                std::fprintf(stderr, "%s: -w needs a number of seconds (1-86400)\n", prog.c_str());
                return 2;
            }
            wait_s = static_cast<long>(*v);
        } else {
            args.push_back(a);
        }
    }
    res::StandbyArgs sa = takeover ? res::parse_takeover_args(args, prog) : res::parse_standby_args(args, prog);
    if (!sa.ok) {
        std::fputs(sa.error.c_str(), stderr);
        return sa.what == "--help" ? 0 : 2;
    }

    std::vector<res::StandbyEntry> before;
    std::string me;
    if (!standby_log(before, me)) {
        std::fprintf(stderr, "%s: heartbeat is not running on this node.\n", prog.c_str());
        return 3;
    }
    const unsigned long last_id = before.empty() ? 0 : before.back().id;

    const std::string msg = takeover ? res::takeover_message(sa.what) : res::standby_message(sa.what);
    const std::string path = fifo_path();
    const int fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        std::fprintf(stderr, "%s: cannot open %s: %s\n", prog.c_str(), path.c_str(), std::strerror(errno));
        return errno == ENXIO ? 3 : 1;
    }
    // One write, so concurrent writers cannot interleave (< PIPE_BUF).
    const ssize_t n = ::write(fd, msg.data(), msg.size());
    ::close(fd);
    if (n != static_cast<ssize_t>(msg.size())) {
        std::fprintf(stderr, "%s: cannot write to %s: %s\n", prog.c_str(), path.c_str(), std::strerror(errno));
        return 1;
    }
    if (takeover) {
        std::printf("Asking the other node to give up [%s] resources.\n", sa.what.c_str());
    } else {
        std::printf("Going standby [%s].\n", sa.what.c_str());
    }
    std::fflush(stdout);
    if (!wait) {
        return 0;
    }

    // The request shows up in the daemon's standby log: ours for
    // hb_standby, the peer's for hb_takeover (the peer goes standby).
    const long deadline_ms = wait_s * 1000;
    const long first_answer_ms = takeover ? 15000 : 5000;
    bool announced = false;
    for (long waited = 0; waited <= deadline_ms; waited += 100) {
        std::vector<res::StandbyEntry> log;
        std::string unused;
        if (!standby_log(log, unused)) {
            std::fprintf(stderr, "%s: heartbeat stopped while the request was in progress.\n", prog.c_str());
            return 1;
        }
        auto e = res::find_request(log, last_id, me, takeover);
        if (!e && waited >= first_answer_ms) {
            std::fprintf(stderr, takeover
                    ? "%s: no answer from the other node: it refused the request or is busy (see its log).\n"
                    : "%s: heartbeat did not act on the request (see the log).\n",
                prog.c_str());
            return 1;
        }
        if (e) {
            int rc = 1;
            std::string text = res::describe_outcome(*e, takeover, sa.what, rc);
            if (!text.empty()) {
                (rc == 0 ? std::printf("%s\n", text.c_str()) : std::fprintf(stderr, "%s\n", text.c_str()));
                return rc;
            }
            if (!announced) {
                announced = true;
                std::printf("Request accepted; resources are moving...\n");
                std::fflush(stdout);
            }
        }
        sleep_ms(100);
    }
    std::fprintf(stderr, "%s: still in progress after %ld s (see cl_status rscstatus).\n", prog.c_str(), wait_s);
    return 1;
}
