// hbd-control socket I/O. The request/reply logic and framing are pure and
// live in member/control_protocol.{h,cpp}; this file only moves bytes,
// checks credentials and keeps every operation non-blocking.
#include "control/server.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <grp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <unistd.h>

#include "member/control_protocol.h"

namespace hb::control {

namespace {

constexpr const char* kGroup = "haclient";

std::string errno_text(int e)
{
    return std::strerror(e);
}

long lookup_gid(const char* name)
{
    struct group gr;
    struct group* res = nullptr;
    std::vector<char> buf(16384);
    if (getgrnam_r(name, &gr, buf.data(), buf.size(), &res) != 0 || res == nullptr) {
        return -1;
    }
    return static_cast<long>(gr.gr_gid);
}

bool fill_addr(const std::string& path, sockaddr_un& sa)
{
    std::memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    if (path.size() >= sizeof sa.sun_path) {
        return false;
    }
    std::memcpy(sa.sun_path, path.data(), path.size());
    return true;
}

// True when something accepts connections on `path` (a live daemon).
bool someone_listens(const std::string& path)
{
    sockaddr_un sa;
    if (!fill_addr(path, sa)) {
        return false;
    }
    const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return false;
    }
    const int rc = connect(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa);
    const int e = errno;
    ::close(fd);
    // EAGAIN: the backlog is full, so someone is listening.
    return rc == 0 || e == EAGAIN;
}

}  // namespace

std::string control_socket_path(std::string_view rundir)
{
    std::string p(rundir);
    while (p.size() > 1 && p.back() == '/') {
        p.pop_back();
    }
    return p + "/heartbeat/hbd-control";
}

ControlServer::ControlServer(Logger& log, SnapshotFn snapshot, ServerHooks hooks)
    : log_(log), snapshot_(std::move(snapshot)), hooks_(std::move(hooks))
{
}

ControlServer::~ControlServer()
{
    close();
}

bool ControlServer::open(std::string_view rundir)
{
    close();
    const std::string path = control_socket_path(rundir);
    sockaddr_un sa;
    if (!fill_addr(path, sa)) {
        log_.log(LogLevel::err, "control: socket path too long: " + path);
        return false;
    }
    haclient_gid_ = lookup_gid(kGroup);
    const gid_t group = haclient_gid_ >= 0 ? static_cast<gid_t>(haclient_gid_) : 0;

    const std::string dir = path.substr(0, path.rfind('/'));
    if (mkdir(dir.c_str(), 0750) == 0) {
        // Ours: let haclient members reach the socket. (3.0.6's package
        // makes it hacluster:haclient 0750; an existing one is left alone.)
        if (chown(dir.c_str(), 0, group) != 0 && geteuid() == 0) {
            log_.log(LogLevel::warn, "control: chown " + dir + ": " + errno_text(errno));
        }
    } else if (errno != EEXIST) {
        log_.log(LogLevel::err, "control: cannot create " + dir + ": " + errno_text(errno));
        return false;
    }

    struct stat st;
    if (lstat(path.c_str(), &st) == 0) {
        if (!S_ISSOCK(st.st_mode)) {
            log_.log(LogLevel::err, "control: " + path + " exists and is not a socket");
            return false;
        }
        if (someone_listens(path)) {
            log_.log(LogLevel::err, "control: another daemon answers on " + path);
            return false;
        }
        if (unlink(path.c_str()) != 0) {
            log_.log(LogLevel::err, "control: cannot remove stale " + path + ": " + errno_text(errno));
            return false;
        }
    }

    const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        log_.log(LogLevel::err, "control: socket: " + errno_text(errno));
        return false;
    }
    // The socket file is created 0660 from the start (never wider), then
    // handed to group haclient.
    const mode_t old_mask = umask(0117);
    const int rc = bind(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa);
    const int bind_errno = errno;
    umask(old_mask);
    if (rc != 0) {
        log_.log(LogLevel::err, "control: bind " + path + ": " + errno_text(bind_errno));
        ::close(fd);
        return false;
    }
    if (chown(path.c_str(), geteuid(), group) != 0 && geteuid() == 0) {
        log_.log(LogLevel::warn, "control: chown " + path + ": " + errno_text(errno));
    }
    if (chmod(path.c_str(), 0660) != 0 || listen(fd, static_cast<int>(kMaxClients)) != 0) {
        log_.log(LogLevel::err, "control: listen on " + path + ": " + errno_text(errno));
        ::close(fd);
        unlink(path.c_str());
        return false;
    }
    listen_fd_ = fd;
    path_ = path;
    return true;
}

void ControlServer::close()
{
    while (!clients_.empty()) {
        drop(clients_.begin()->first);
    }
    if (listen_fd_ >= 0) {
        ::close(listen_fd_);
        listen_fd_ = -1;
        // Only remove the file if it is still the socket we bound.
        struct stat st;
        if (!path_.empty() && lstat(path_.c_str(), &st) == 0 && S_ISSOCK(st.st_mode)) {
            unlink(path_.c_str());
        }
    }
    path_.clear();
}

bool ControlServer::peer_allowed(int fd, std::string& who) const
{
    ucred cred{};
    socklen_t len = sizeof cred;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) {
        who = "unknown peer";
        return false;
    }
    who = "uid " + std::to_string(cred.uid) + " gid " + std::to_string(cred.gid) + " pid "
        + std::to_string(cred.pid);
    if (cred.uid == 0 || cred.uid == geteuid()) {
        return true;
    }
    if (haclient_gid_ < 0) {
        return false;
    }
    const gid_t want = static_cast<gid_t>(haclient_gid_);
    if (cred.gid == want) {
        return true;  // also a setgid-haclient cl_status, as Debian installs 3.0.6's
    }
    // Supplementary groups of the peer at connect time.
    std::vector<gid_t> groups(64);
    for (int tries = 0; tries < 4; ++tries) {
        socklen_t glen = static_cast<socklen_t>(groups.size() * sizeof(gid_t));
        if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups.data(), &glen) == 0) {
            groups.resize(glen / sizeof(gid_t));
            return std::find(groups.begin(), groups.end(), want) != groups.end();
        }
        if (errno != ERANGE) {
            return false;
        }
        groups.resize(glen / sizeof(gid_t) + 1);
    }
    return false;
}

void ControlServer::on_listen_readable()
{
    if (listen_fd_ < 0) {
        return;
    }
    for (;;) {
        const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) {
                continue;
            }
            if (errno != EAGAIN && errno != EWOULDBLOCK) {
                log_.log(LogLevel::warn, "control: accept: " + errno_text(errno));
            }
            return;
        }
        std::string who;
        if (!peer_allowed(fd, who)) {
            log_.log(LogLevel::warn, "control: refused cl_status from " + who
                    + ": not root and not in group " + kGroup);
            const std::string frame = encode_refusal(
                "permission denied: cl_status needs root or membership in group haclient");
            (void)!send(fd, frame.data(), frame.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
            ::close(fd);
            continue;
        }
        if (clients_.size() >= kMaxClients) {
            log_.log(LogLevel::warn, "control: too many cl_status connections; closing one");
            ::close(fd);
            continue;
        }
        clients_[fd] = Client{{}, std::chrono::steady_clock::now()};
        if (hooks_.watch) {
            hooks_.watch(fd);
        }
    }
}

void ControlServer::on_client_readable(int fd)
{
    auto it = clients_.find(fd);
    if (it == clients_.end()) {
        return;
    }
    std::string& buf = it->second.buf;
    char chunk[4096];
    for (;;) {
        const std::size_t want = std::min(sizeof chunk, kMaxRequestBytes + 1 - buf.size());
        const ssize_t n = recv(fd, chunk, want, 0);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return;  // wait for more
        }
        if (n <= 0) {
            drop(fd);  // EOF or error before a whole request: nothing to answer
            return;
        }
        buf.append(chunk, static_cast<std::size_t>(n));
        const RequestParse p = parse_request(buf);
        if (p.status == ParseStatus::incomplete && buf.size() <= kMaxRequestBytes) {
            continue;
        }
        if (p.status == ParseStatus::complete && p.consumed == buf.size()) {
            Reply own;
            if (hooks_.command && !p.args.empty() && hooks_.command(p.args, own)) {
                finish(fd, encode_reply(own));
                return;
            }
            finish(fd, encode_reply(answer(p.args, snapshot_())));
            return;
        }
        const std::string why = p.status == ParseStatus::complete ? "trailing bytes"
            : p.error.empty()                                     ? "request too large"
                                                                  : p.error;
        log_.log(LogLevel::warn, "control: malformed request (" + why + ")");
        Reply bad;
        bad.exit_code = kExitUnknown;
        bad.err.push_back({ErrLine::Kind::log, "hbd-control: malformed request (" + why + ")"});
        finish(fd, encode_reply(bad));
        return;
    }
}

void ControlServer::finish(int fd, const std::string& frame)
{
    // Replies are a few KiB and the socket buffer is far larger, so one
    // non-blocking send normally takes all of it; if it cannot, the client
    // gets a short reply (which it reports) rather than stalling the loop.
    std::size_t off = 0;
    while (off < frame.size()) {
        const ssize_t n = send(fd, frame.data() + off, frame.size() - off, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            log_.log(LogLevel::warn, "control: could not send the whole reply: "
                    + errno_text(n < 0 ? errno : EAGAIN));
            break;
        }
        off += static_cast<std::size_t>(n);
    }
    drop(fd);
}

void ControlServer::drop(int fd)
{
    auto it = clients_.find(fd);
    if (it == clients_.end()) {
        return;
    }
    if (hooks_.unwatch) {
        hooks_.unwatch(fd);
    }
    clients_.erase(it);
    ::close(fd);
}

void ControlServer::on_tick()
{
    const auto now = std::chrono::steady_clock::now();
    std::vector<int> old;
    for (const auto& [fd, c] : clients_) {
        if (now - c.since >= kRequestTimeout) {
            old.push_back(fd);
        }
    }
    for (int fd : old) {
        drop(fd);
    }
}

std::vector<int> ControlServer::client_fds() const
{
    std::vector<int> out;
    out.reserve(clients_.size());
    for (const auto& kv : clients_) {
        out.push_back(kv.first);
    }
    return out;
}

}  // namespace hb::control
