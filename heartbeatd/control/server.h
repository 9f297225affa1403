// The daemon's local control socket, <rundir>/heartbeat/hbd-control, which
// build/cl_status talks to (not 3.0.6's /run/heartbeat/register: 3.0.6
// clients speak another protocol there).
//
// Owns: creating the socket (stale file removed, mode 0660, group haclient,
// tight umask), accepting connections without blocking, checking the peer's
// credentials, reading one bounded request per connection, answering it
// from a fresh StatusView and closing.
// Must not: include <ev.h> or block. The daemon owns the event loop: it
// watches listen_fd() and every fd handed to ServerHooks::watch, calls the
// matching on_*_readable(), and calls on_tick() about once a second.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/log.h"
#include "control/status_view.h"

namespace hb::control {

/// `<rundir>/heartbeat/hbd-control`.
std::string control_socket_path(std::string_view rundir);

struct Reply;

/// How the server asks the daemon's loop to watch client connections.
struct ServerHooks {
    /// Start watching `fd` for readability; when readable, call
    /// ControlServer::on_client_readable(fd).
    std::function<void(int fd)> watch;
    /// Stop watching `fd`; called just before the server closes it.
    std::function<void(int fd)> unwatch;
    /// Optional: commands the daemon answers itself (not from a snapshot,
    /// e.g. the DRBD fence-peer requests). Returns true when it filled
    /// `reply`; false lets the snapshot answer.
    std::function<bool(const std::vector<std::string>& args, Reply& reply)> command;
};

class ControlServer {
public:
    using SnapshotFn = std::function<StatusView()>;

    /// Connections that have not sent a whole request by then are dropped.
    static constexpr std::chrono::milliseconds kRequestTimeout{2000};
    /// Connections beyond this many are closed at once.
    static constexpr std::size_t kMaxClients = 16;

    ControlServer(Logger& log, SnapshotFn snapshot, ServerHooks hooks);
    ~ControlServer();
    ControlServer(const ControlServer&) = delete;
    ControlServer& operator=(const ControlServer&) = delete;

    /// Creates and listens on control_socket_path(rundir). Creates
    /// <rundir>/heartbeat (0750, group haclient) when missing. A stale socket
    /// is removed; a live one (another daemon answers) or a non-socket file
    /// at the path is an error. False on failure (logged).
    bool open(std::string_view rundir = "/run");

    /// Closes every connection (unwatching it) and the listener, and removes
    /// the socket file. Idempotent; the destructor calls it.
    void close();

    /// The listening socket, or -1 when not open. Watch it for readability.
    int listen_fd() const { return listen_fd_; }
    const std::string& path() const { return path_; }

    /// Accepts every pending connection (non-blocking). Peers that are not
    /// root, the daemon's own user or in group haclient get a refusal frame
    /// (cl_status prints it as 3.0.6's "refuses my connection") and are
    /// closed.
    void on_listen_readable();

    /// Reads what `fd` has; once the request is whole, answers and closes.
    void on_client_readable(int fd);

    /// Drops connections older than kRequestTimeout.
    void on_tick();

    /// Open client connections (for tests and diagnostics).
    std::vector<int> client_fds() const;

private:
    struct Client {
        std::string buf;
        std::chrono::steady_clock::time_point since;
    };

    bool peer_allowed(int fd, std::string& who) const;
    void finish(int fd, const std::string& frame);
    void drop(int fd);

    Logger& log_;
    SnapshotFn snapshot_;
    ServerHooks hooks_;
    std::string path_;
    int listen_fd_ = -1;
    long haclient_gid_ = -1;  // -1: no such group, only root is allowed
    std::map<int, Client> clients_;
};

}  // namespace hb::control
