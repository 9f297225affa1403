#include "control/metrics_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "obs/http.h"
#include "obs/json.h"

namespace hb::control {

MetricsServer::MetricsServer(loop::Loop& loop, Logger& log, SnapshotFn snapshot)
    : loop_(loop), log_(log), snapshot_(std::move(snapshot))
{
}

MetricsServer::~MetricsServer()
{
    close();
}

bool MetricsServer::open(const std::string& address)
{
    close();
    const std::size_t colon = address.rfind(':');
    if (colon == std::string::npos) {
        log_.log(LogLevel::err, "metrics: bad address " + address);
        return false;
    }
    std::string host = address.substr(0, colon);
    const int port = std::atoi(address.c_str() + colon + 1);
    sockaddr_storage ss{};
    socklen_t len = 0;
    int family = AF_INET;
    if (host.size() >= 2 && host.front() == '[') {
        host = host.substr(1, host.size() - 2);
        family = AF_INET6;
        sockaddr_in6 sa{};
        sa.sin6_family = AF_INET6;
        sa.sin6_port = htons(static_cast<std::uint16_t>(port));
        if (inet_pton(AF_INET6, host.c_str(), &sa.sin6_addr) != 1) {
            log_.log(LogLevel::err, "metrics: bad address " + address);
            return false;
        }
        std::memcpy(&ss, &sa, sizeof sa);
        len = sizeof sa;
    } else {
        sockaddr_in sa{};
        sa.sin_family = AF_INET;
        sa.sin_port = htons(static_cast<std::uint16_t>(port));
        if (inet_pton(AF_INET, host.c_str(), &sa.sin_addr) != 1) {
            log_.log(LogLevel::err, "metrics: bad address " + address);
            return false;
        }
        std::memcpy(&ss, &sa, sizeof sa);
        len = sizeof sa;
    }
    const int fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        log_.log(LogLevel::err, std::string("metrics: socket: ") + std::strerror(errno));
        return false;
    }
    const int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, reinterpret_cast<const sockaddr*>(&ss), len) != 0 || listen(fd, 16) != 0) {
        log_.log(LogLevel::err, "metrics: cannot listen on " + address + ": " + std::strerror(errno));
        ::close(fd);
        return false;
    }
    listen_fd_ = fd;
    listen_watch_ = std::make_unique<loop::Io>(loop_, fd, loop::Io::read, [this] { on_accept(); });
    listen_watch_->start();
    timer_ = std::make_unique<loop::Timer>(loop_, [this] { on_timer(); });
    log_.log(LogLevel::info, "metrics: serving GET /metrics on " + address);
    return true;
}

void MetricsServer::close()
{
    while (!clients_.empty()) {
        drop(clients_.begin()->first);
    }
    retired_.clear();
    listen_watch_.reset();
    timer_.reset();
    if (listen_fd_ >= 0) {
        ::close(listen_fd_);
        listen_fd_ = -1;
    }
}

void MetricsServer::on_accept()
{
    retired_.clear();
    for (;;) {
        const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) {
                continue;
            }
            return;
        }
        if (clients_.size() >= kMaxClients) {
            ::close(fd);
            continue;
        }
        auto c = std::make_unique<Client>();
        c->since = std::chrono::steady_clock::now();
        c->rd = std::make_unique<loop::Io>(loop_, fd, loop::Io::read, [this, fd] { on_readable(fd); });
        c->wr = std::make_unique<loop::Io>(loop_, fd, loop::Io::write, [this, fd] { on_writable(fd); });
        c->rd->start();
        clients_[fd] = std::move(c);
        const Now now = loop::read_clock();
        timer_->arm_at(now.mono + Duration(kRequestTimeout.count()), now.mono);
    }
}

void MetricsServer::on_readable(int fd)
{
    retired_.clear();
    auto it = clients_.find(fd);
    if (it == clients_.end()) {
        return;
    }
    Client& c = *it->second;
    char chunk[2048];
    for (;;) {
        const ssize_t n = recv(fd, chunk, sizeof chunk, 0);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            break;
        }
        if (n <= 0) {
            drop(fd);
            return;
        }
        c.in.append(chunk, static_cast<std::size_t>(n));
        if (c.in.size() > obs::kMaxHttpRequest) {
            break;
        }
    }
    const obs::HttpRequest req = obs::parse_http_request(c.in);
    if (req.verdict == obs::HttpVerdict::incomplete) {
        return;
    }
    c.out = obs::http_response(req, req.verdict == obs::HttpVerdict::metrics ? obs::metrics_text(snapshot_()) : "");
    c.rd->stop();
    c.wr->start();
    on_writable(fd);
}

void MetricsServer::on_writable(int fd)
{
    auto it = clients_.find(fd);
    if (it == clients_.end()) {
        return;
    }
    Client& c = *it->second;
    while (c.sent < c.out.size()) {
        const ssize_t n = send(fd, c.out.data() + c.sent, c.out.size() - c.sent, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return;
        }
        if (n <= 0) {
            break;
        }
        c.sent += static_cast<std::size_t>(n);
    }
    shutdown(fd, SHUT_WR);
    // Read what the client still sent (an oversized request's tail), so the
    // close does not reset the connection before it reads the answer.
    char sink[4096];
    for (int i = 0; i < 16 && recv(fd, sink, sizeof sink, MSG_DONTWAIT) > 0; ++i) {
    }
    drop(fd);
}

void MetricsServer::on_timer()
{
    retired_.clear();
    const auto now = std::chrono::steady_clock::now();
    std::vector<int> old;
    for (const auto& [fd, c] : clients_) {
        if (now - c->since >= kRequestTimeout) {
            old.push_back(fd);
        }
    }
    for (int fd : old) {
        drop(fd);
    }
    if (!clients_.empty()) {
        const Now t = loop::read_clock();
        timer_->arm_at(t.mono + Duration(1000), t.mono);
    }
}

void MetricsServer::drop(int fd)
{
    auto it = clients_.find(fd);
    if (it == clients_.end()) {
        return;
    }
    // Often called from inside this client's own watcher: stop now, free later.
    it->second->rd->stop();
    it->second->wr->stop();
    retired_.push_back(std::move(it->second));
    clients_.erase(it);
    ::close(fd);
}

}  // namespace hb::control
