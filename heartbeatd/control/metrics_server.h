// The opt-in Prometheus endpoint (ha.cf `metrics ADDRESS:PORT`): a tiny
// non-blocking HTTP listener on the daemon's loop answering GET /metrics
// with obs::metrics_text() of a fresh StatusView.
//
// Owns: the listening TCP socket, its client connections (at most
// kMaxClients, each closed after one answer, kRequestTimeout or a request
// over obs::kMaxHttpRequest bytes), and their loop watchers.
// Must not: block, or serve anything but /metrics.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "base/log.h"
#include "control/status_view.h"
#include "loop/loop.h"

namespace hb::control {

class MetricsServer {
public:
    using SnapshotFn = std::function<StatusView()>;
    static constexpr std::size_t kMaxClients = 8;
    static constexpr std::chrono::milliseconds kRequestTimeout{5000};

    MetricsServer(loop::Loop& loop, Logger& log, SnapshotFn snapshot);
    ~MetricsServer();
    MetricsServer(const MetricsServer&) = delete;
    MetricsServer& operator=(const MetricsServer&) = delete;

    /// Listens on `address` ("127.0.0.1:9630", "[::1]:9630"). False on
    /// failure (logged).
    bool open(const std::string& address);
    void close();
    int listen_fd() const { return listen_fd_; }

private:
    struct Client {
        std::string in;
        std::string out;
        std::size_t sent = 0;
        std::chrono::steady_clock::time_point since;
        std::unique_ptr<loop::Io> rd;
        std::unique_ptr<loop::Io> wr;
    };
    void on_accept();
    void on_readable(int fd);
    void on_writable(int fd);
    void on_timer();
    void drop(int fd);

    loop::Loop& loop_;
    Logger& log_;
    SnapshotFn snapshot_;
    int listen_fd_ = -1;
    std::unique_ptr<loop::Io> listen_watch_;
    std::unique_ptr<loop::Timer> timer_;
    std::map<int, std::unique_ptr<Client>> clients_;
    std::vector<std::unique_ptr<Client>> retired_;
};

}  // namespace hb::control
