// The running daemon: wires the pure engine to libev, the media, the FIFO,
// the control socket, signals and the log. Everything here is plumbing; the
// decisions live in member/ (and later res/).
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cli/options.h"
#include "config/config.h"
#include "config/state_format.h"
#include "control/status_view.h"
#include "log/logger.h"
#include "loop/loop.h"
#include "exec/runner.h"
#include "member/engine.h"
#include "node/node.h"
#include "res/script_env.h"
#include "daemon/sd_notify.h"
#include "net/medium.h"
#include "sys/paths.h"

namespace hb::net {
class FifoReader;
class IcmpPinger;
}
namespace hb::sys {
class ClientSupervisor;
class WatchdogFile;
}
namespace hb::node {
class Watchdog;
}
namespace hb::control {
class ControlServer;
struct Reply;
class MetricsServer;
}
namespace hb::fencer {
class Fencer;
}

namespace hb::daemon {

class Daemon : public node::NodeHost {
public:
    Daemon(const cli::Options& opts, config::Config cfg, log::DaemonLogger& logger);
    ~Daemon() override;

    /// Opens everything, runs the loop until a graceful stop completes.
    /// Returns the process exit code.
    int run();

    // node::NodeHost
    void log(LogLevel level, std::string_view text) override { logger_.log(level, text); }
    void log_fields(LogLevel level, std::string_view text, std::span<const LogField> fields) override
    {
        logger_.log_fields(level, text, fields);
    }
    int debug_level() const override { return logger_.debug_level(); }
    void transmit(const member::OutFrame& frame) override;
    void forward_serial(std::size_t from_medium, std::string_view classic) override;
    std::string loadavg() override;
    void run_script(const res::ScriptCall& call) override;
    void run_hook(const wire::Message& msg, const std::string& old_status) override;
    void failed_stop(const std::string& resource) override;
    void shutdown_complete() override;
    void uuid_learned(const std::string& node, const std::string& uuid) override;
    void run_outdate(std::uint64_t job, const std::string& resource) override;  // drbd_fence.cpp
    // STONITH (daemon_fence.cpp)
    bool can_fence() const override;
    void fence(const std::string& node) override;
    void check_fence_device() override;
    // ping nodes, watchdog, respawn clients (daemon_extras.cpp)
    void send_pings(const std::vector<member::PingProbe>& probes) override;
    void own_heartbeat() override;

private:
    bool open_media();
    void on_medium_readable(std::size_t i);
    void on_medium_writable(std::size_t i);
    void on_fifo_readable();
    void on_timer();
    void on_terminate();
    void on_reload();
    void after_event();  // re-arms timers and write watchers
    control::StatusView snapshot() const;
    /// The DRBD fence-peer handler's control commands (drbd_fence.cpp).
    bool drbd_command(const std::vector<std::string>& args, control::Reply& reply);
    // Status dump, history and metrics (daemon/observability.cpp).
    void add_observability(control::StatusView& v) const;
    void open_metrics();
    std::map<std::string, std::string> load_hostcache();
    void save_hostcache(const std::string& node, const std::string& uuid);

    cli::Options opts_;
    sys::Paths paths_;
    config::Config cfg_;
    log::DaemonLogger& logger_;
    loop::Loop loop_;
    Now now_{};

    std::unique_ptr<node::Node> node_;
    std::unique_ptr<exec::Runner> runner_;
    res::ScriptPaths script_paths_;
    std::map<std::string, std::string> hooks_;  // rc.d type -> path (scanned at start)
    std::deque<std::pair<wire::Message, std::string>> hook_queue_;
    bool hook_running_ = false;
    void scan_hooks();
    void prepare_rsctmp();
    std::deque<res::ScriptResult> pending_results_;
    void start_next_hook();
    std::vector<std::unique_ptr<net::Medium>> media_;
    std::vector<std::size_t> media_index_;  // media_[k] serves cfg_.ha.media[media_index_[k]]
    std::vector<std::unique_ptr<loop::Io>> rx_watchers_;
    std::vector<std::unique_ptr<loop::Io>> tx_watchers_;
    std::unique_ptr<loop::Timer> timer_;
    std::unique_ptr<net::FifoReader> fifo_;
    std::unique_ptr<loop::Io> fifo_watcher_;
    std::unique_ptr<control::ControlServer> control_;
    std::unique_ptr<control::MetricsServer> metrics_;
    MonoTime started_{};
    std::vector<std::unique_ptr<loop::Io>> control_watchers_;
    std::vector<std::unique_ptr<loop::Io>> retired_watchers_;
    std::vector<std::unique_ptr<loop::Signal>> signals_;

    // daemon_extras.cpp
    bool open_extras();     // ICMP sockets, watchdog (before the node starts)
    void start_clients();   // respawn/failfast programs (after it started)
    void stop_extras();     // clean exit: stop clients, magic watchdog close
    void add_ping_views(control::StatusView& v) const;
    void on_ping_readable(std::size_t k);
    std::vector<std::unique_ptr<net::IcmpPinger>> pingers_;
    std::vector<std::unique_ptr<loop::Io>> ping_watchers_;
    std::unique_ptr<sys::WatchdogFile> watchdog_file_;
    std::unique_ptr<node::Watchdog> watchdog_;
    std::unique_ptr<sys::ClientSupervisor> clients_;

    std::vector<config::NodeCacheEntry> hostcache_;
    std::unique_ptr<fencer::Fencer> fencer_;
    void setup_fencing();
    void fill_fencing(control::StatusView& v) const;
    void log_fence_output(const std::string& text, LogLevel level);
    int loadavg_fd_ = -1;
    int exit_code_ = 0;

    // systemd notification (sd_notify.h): READY, STATUS, STOPPING, WATCHDOG.
    SdNotify notify_ = SdNotify::from_environment();
    std::unique_ptr<loop::Timer> watchdog_timer_;
    void start_notify();
    void notify_status();
};

}  // namespace hb::daemon
