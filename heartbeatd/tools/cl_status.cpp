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

std::string socket_path()
{
    if (const char* p = secure_getenv("HBD_CONTROL_SOCKET"); p && *p) {
        return p;
    }
    return control_socket_path("/run");
}

Reply unknown_error(const std::string& reason)
{
    Reply r;
    r.exit_code = kExitUnknown;
    r.err.push_back({ErrLine::Kind::log, "Cannot talk to heartbeat"});
    r.err.push_back({ErrLine::Kind::log, "REASON: " + reason});
    return r;
}

Reply ask_daemon(const std::vector<std::string>& args)
{
    const std::string request = encode_request(args);
    if (request.empty()) {
        Reply r;
        r.exit_code = kExitParam;
        r.err.push_back({ErrLine::Kind::log, "too many or too long arguments"});
        return r;
    }
    const std::string path = socket_path();
    sockaddr_un sa;
    std::memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    if (path.size() >= sizeof sa.sun_path) {
        return answer_signon_failed(args, false, kNotRunningReason);
    }
    std::memcpy(sa.sun_path, path.data(), path.size());

    const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return unknown_error(std::string("socket: ") + std::strerror(errno));
    }
    int rc;
    do {
        rc = connect(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa);
    } while (rc != 0 && errno == EINTR);
    if (rc != 0) {
        const int e = errno;
        close(fd);
        if (e == EACCES || e == EPERM) {
            // The daemon may well run; we may not reach it.
            return answer_signon_failed(args, true,
                "permission denied on " + path + ": cl_status needs root or group haclient");
        }
        return answer_signon_failed(args, false, kNotRunningReason);
    }

    // Send everything, then read the reply. A refusing daemon answers and
    // closes without reading, so a failed send still has a reply to read.
    for (std::size_t off = 0; off < request.size();) {
        const ssize_t n = send(fd, request.data() + off, request.size() - off, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        off += static_cast<std::size_t>(n);
    }
    std::string buf;
    char chunk[8192];
    ReplyParse p;
    for (;;) {
        const ssize_t n = recv(fd, chunk, sizeof chunk, 0);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        buf.append(chunk, static_cast<std::size_t>(n));
        p = parse_reply(buf);
        if (p.status != ParseStatus::incomplete || buf.size() > kMaxReplyBytes) {
            break;
        }
    }
    close(fd);
    p = parse_reply(buf);
    if (p.status != ParseStatus::complete) {
        return unknown_error(p.status == ParseStatus::malformed
                ? "bad reply from " + path + " (" + p.error + ")"
                : "no complete reply from " + path);
    }
    if (p.refused) {
        return answer_signon_failed(args, true, p.reason);
    }
    return p.reply;
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
