// cl_status: Heartbeat 3.0.6's status command for heartbeatd. Same
// sub-commands, texts and exit codes (docs/cl_status-3.0.6.md), but it talks
// to heartbeatd's own socket, /run/heartbeat/hbd-control.
//
// Owns: argv to request, one round trip on the socket, printing the reply
// (cl_log-style stderr lines get 3.0.6's prefix here, with our pid, the
// local time and the host name), and 3.0.6's answers when the daemon is not
// there or refuses us. Everything cl_status prints is decided in
// member/control_protocol.cpp.
// Must not: honour the environment when run set-id (Debian installs 3.0.6's
// cl_status setgid haclient); the socket path override is read with
// secure_getenv() only.
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <vector>

#include "base/logfmt.h"
#include "control/client.h"
#include "control/server.h"
#include "member/control_protocol.h"

using namespace hb;
using namespace hb::control;

namespace {

// 3.0.6 gives up after 5 s (alarm) and exits with TIMEOUT, printing nothing.
constexpr unsigned kTimeoutSeconds = 5;

extern "C" void on_alarm(int)
{
    _exit(kExitTimeout);
}

void write_all(int fd, const std::string& s)
{
    for (std::size_t off = 0; off < s.size();) {
        const ssize_t n = write(fd, s.data() + off, s.size() - off);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return;
        }
        off += static_cast<std::size_t>(n);
    }
}

// cl_log's stderr line: `Nov 23 18:58:22 node1 cl_status: [38]: ERROR: text`.
std::string log_line(const std::string& text)
{
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    LocalTime lt{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec};
    utsname un{};
    const char* host = uname(&un) == 0 ? un.nodename : "localhost";
    return format_log_line(lt, host, "cl_status", static_cast<long>(getpid()), LogLevel::err,
        text, true);
}

void print(const Reply& r)
{
    std::string err;
    for (const ErrLine& e : r.err) {
        err += e.kind == ErrLine::Kind::log ? log_line(e.text) : e.text;
        err += '\n';
    }
    write_all(STDERR_FILENO, err);
    write_all(STDOUT_FILENO, r.out);
}

}  // namespace

int main(int argc, char** argv)
{
    std::signal(SIGPIPE, SIG_IGN);
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) {
        args.emplace_back(argv[i]);
    }
    Reply r;
    if (!answer_without_daemon(args, r)) {
        std::signal(SIGALRM, on_alarm);
        alarm(kTimeoutSeconds);
        r = ask_daemon(args);
        alarm(0);
    }
    print(r);
    return r.exit_code;
}
