#include "control/client.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "control/server.h"

namespace hb::control {

namespace {

Reply unknown_error(const std::string& reason)
{
    Reply r;
    r.exit_code = kExitUnknown;
    r.err.push_back({ErrLine::Kind::log, "Cannot talk to heartbeat"});
    r.err.push_back({ErrLine::Kind::log, "REASON: " + reason});
    return r;
}

}  // namespace

std::string socket_path()
{
    if (const char* p = secure_getenv("HBD_CONTROL_SOCKET"); p && *p) {
        return p;
    }
    return control_socket_path("/run");
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


bool is_signon_failure(const Reply& r)
{
    for (const ErrLine& e : r.err) {
        if (e.text.rfind("Cannot signon", 0) == 0 || e.text.rfind("Cannot talk", 0) == 0) {
            return true;
        }
    }
    return false;
}

}  // namespace hb::control
