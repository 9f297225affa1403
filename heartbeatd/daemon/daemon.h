// The running daemon: wires the pure engine to libev, the media, the FIFO,
// the control socket, signals and the log. Everything here is plumbing; the
// decisions live in member/ (and later res/).
#pragma once

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
#include "member/engine.h"
#include "net/medium.h"
#include "sys/paths.h"

namespace hb::net {
class FifoReader;
}
namespace hb::control {
class ControlServer;
}

namespace hb::daemon {

class Daemon : public member::Host {
public:
    Daemon(const cli::Options& opts, config::Config cfg, log::DaemonLogger& logger);
    ~Daemon() override;

    /// Opens everything, runs the loop until a graceful stop completes.
    /// Returns the process exit code.
    int run();

    // member::Host
    void log(LogLevel level, std::string_view text) override { logger_.log(level, text); }
    int debug_level() const override { return logger_.debug_level(); }
    void transmit(const member::OutFrame& frame) override;
    void forward_serial(std::size_t from_medium, std::string_view classic) override;
    void on_event(const member::Event& ev) override;
    std::string loadavg() override;

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
    std::map<std::string, std::string> load_hostcache();
    void save_hostcache(const std::string& node, const std::string& uuid);

    cli::Options opts_;
    sys::Paths paths_;
    config::Config cfg_;
    log::DaemonLogger& logger_;
    loop::Loop loop_;
    Now now_{};

    std::unique_ptr<member::Engine> engine_;
    std::vector<std::unique_ptr<net::Medium>> media_;
    std::vector<std::size_t> media_index_;  // media_[k] serves cfg_.ha.media[media_index_[k]]
    std::vector<std::unique_ptr<loop::Io>> rx_watchers_;
    std::vector<std::unique_ptr<loop::Io>> tx_watchers_;
    std::unique_ptr<loop::Timer> timer_;
    std::unique_ptr<net::FifoReader> fifo_;
    std::unique_ptr<loop::Io> fifo_watcher_;
    std::unique_ptr<control::ControlServer> control_;
    std::vector<std::unique_ptr<loop::Io>> control_watchers_;
    std::vector<std::unique_ptr<loop::Io>> retired_watchers_;
    std::vector<std::unique_ptr<loop::Signal>> signals_;

    std::vector<config::NodeCacheEntry> hostcache_;
    int loadavg_fd_ = -1;
    bool stopping_ = false;
    bool stop_waiting_for_comm_ = false;
    int exit_code_ = 0;
};

}  // namespace hb::daemon
