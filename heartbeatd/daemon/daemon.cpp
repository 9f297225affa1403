#include "daemon/daemon.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cstring>
#include <random>

#include "base/strings.h"
#include "base/version.h"
#include "control/server.h"
#include "net/fifo.h"
#include "sys/config_loader.h"
#include "sys/process.h"
#include "sys/state_files.h"

namespace hb::daemon {

namespace {
constexpr int kRxPriority = 2;  // read input before timers in the same loop turn
}

Daemon::Daemon(const cli::Options& opts, config::Config cfg, log::DaemonLogger& logger)
    : opts_(opts),
      paths_{opts.confdir, opts.statedir, opts.rundir},
      cfg_(std::move(cfg)),
      logger_(logger)
{
}

Daemon::~Daemon()
{
    if (loadavg_fd_ >= 0) {
        ::close(loadavg_fd_);
    }
}

std::string Daemon::loadavg()
{
    // Kept open, as 3.0.6 does, so a busy /proc lookup cannot stall us.
    if (loadavg_fd_ < 0) {
        loadavg_fd_ = ::open("/proc/loadavg", O_RDONLY | O_CLOEXEC);
    }
    char buf[128];
    ssize_t n = loadavg_fd_ >= 0 ? ::pread(loadavg_fd_, buf, sizeof buf - 1, 0) : -1;
    if (n <= 0) {
        return "n/a";
    }
    std::string s(buf, static_cast<std::size_t>(n));
    if (auto nl = s.find('\n'); nl != std::string::npos) {
        s.resize(nl);
    }
    return s;
}

bool Daemon::open_media()
{
    for (std::size_t i = 0; i < cfg_.ha.media.size(); ++i) {
        std::string error;
        auto m = net::open_medium(cfg_.ha.media[i], logger_, error);
        if (!m) {
            logger_.log(LogLevel::err, "cannot open " + error);
            continue;
        }
        media_index_.push_back(i);
        media_.push_back(std::move(m));
    }
    if (media_.empty()) {
        logger_.log(LogLevel::err, "No working heartbeat media: heartbeat not started.");
        return false;
    }
    for (std::size_t k = 0; k < media_.size(); ++k) {
        rx_watchers_.push_back(std::make_unique<loop::Io>(
            loop_, media_[k]->rx_fd(), loop::Io::read, [this, k] { on_medium_readable(k); },
            kRxPriority));
        rx_watchers_.back()->start();
        tx_watchers_.push_back(std::make_unique<loop::Io>(
            loop_, -1, loop::Io::write, [this, k] { on_medium_writable(k); }));
    }
    return true;
}

void Daemon::on_medium_readable(std::size_t k)
{
    now_ = loop::read_clock();
    std::vector<net::RxFrame> frames;
    media_[k]->on_readable(frames);
    for (const net::RxFrame& f : frames) {
        engine_->on_frame(media_index_[k], f.bytes, now_, f.source);
    }
    after_event();
}

void Daemon::on_medium_writable(std::size_t k)
{
    now_ = loop::read_clock();
    media_[k]->on_writable(now_.mono);
    after_event();
}

void Daemon::on_fifo_readable()
{
    now_ = loop::read_clock();
    std::vector<std::string> frames;
    fifo_->on_readable(frames);
    for (const std::string& f : frames) {
        engine_->on_fifo(f, now_);
    }
    after_event();
}

void Daemon::transmit(const member::OutFrame& frame)
{
    for (auto& m : media_) {
        m->send(frame.netstring, frame.classic, now_.mono);
    }
}

void Daemon::forward_serial(std::size_t from_medium, std::string_view classic)
{
    for (std::size_t k = 0; k < media_.size(); ++k) {
        if (media_[k]->is_serial() && media_index_[k] != from_medium) {
            media_[k]->send({}, classic, now_.mono);
        }
    }
}

void Daemon::on_timer()
{
    now_ = loop::read_clock();
    for (auto& m : media_) {
        if (auto d = m->tx_deadline(); d && *d <= now_.mono) {
            m->on_tx_deadline(now_.mono);
        }
    }
    engine_->tick(now_);
    if (control_) {
        control_->on_tick();
    }
    after_event();
}

void Daemon::after_event()
{
    retired_watchers_.clear();
    // Media may change descriptors after any call (a serial tty that hung up
    // and reopened), and may have output queued.
    for (std::size_t k = 0; k < media_.size(); ++k) {
        int rx = media_[k]->rx_fd();
        if (rx != rx_watchers_[k]->fd()) {
            rx_watchers_[k]->reset(rx);
            rx_watchers_[k]->start();
        }
        int tx = media_[k]->tx_fd();
        if (tx != tx_watchers_[k]->fd()) {
            tx_watchers_[k]->reset(tx);
        }
        if (tx >= 0 && !tx_watchers_[k]->active()) {
            tx_watchers_[k]->start();
        } else if (tx < 0 && tx_watchers_[k]->active()) {
            tx_watchers_[k]->stop();
        }
    }
    if (stopping_ && stop_waiting_for_comm_ && engine_->comm_up()) {
        stop_waiting_for_comm_ = false;
        engine_->send_shutdone(now_);
    }
    MonoTime next = engine_->next_deadline();
    for (auto& m : media_) {
        if (auto d = m->tx_deadline(); d && *d < next) {
            next = *d;
        }
    }
    if (control_ && next > now_.mono + Duration(1000)) {
        next = now_.mono + Duration(1000);  // connection timeouts
    }
    timer_->arm_at(next, now_.mono);
}

std::map<std::string, std::string> Daemon::load_hostcache()
{
    // 3.0.6 keeps every node's uuid in hostcache and creates delhostcache
    // empty; we continue the same files (rolling upgrades keep them).
    std::map<std::string, std::string> uuids;
    std::string error;
    if (auto entries = sys::read_node_cache(paths_.hostcache(), error)) {
        for (const config::NodeCacheEntry& e : *entries) {
            hostcache_.push_back(e);
            if (!config::uuid_is_null(e.uuid)) {
                uuids[to_lower(e.name)] = std::string(e.uuid.begin(), e.uuid.end());
            }
        }
    } else if (!error.empty()) {
        logger_.log(LogLevel::warn, paths_.hostcache() + ": " + error + " (ignored; it will be rewritten)");
    }
    if (::access(paths_.delhostcache().c_str(), F_OK) != 0) {
        if (!sys::write_file_durably(paths_.delhostcache(), "", 0644, error)) {
            logger_.log(LogLevel::warn, "cannot create " + paths_.delhostcache() + ": " + error);
        }
    }
    return uuids;
}

void Daemon::save_hostcache(const std::string& node, const std::string& uuid)
{
    config::NodeCacheEntry* entry = nullptr;
    for (config::NodeCacheEntry& e : hostcache_) {
        if (to_lower(e.name) == node) {
            entry = &e;
        }
    }
    if (!entry) {
        hostcache_.push_back(config::NodeCacheEntry{node, {}, 100, {}});
        entry = &hostcache_.back();
    }
    std::copy_n(uuid.begin(), std::min<std::size_t>(16, uuid.size()), entry->uuid.begin());
    std::string error;
    if (!sys::write_node_cache(paths_.hostcache(), hostcache_, error)) {
        logger_.log(LogLevel::warn, "cannot write " + paths_.hostcache() + ": " + error);
    }
}

void Daemon::on_event(const member::Event& ev)
{
    if (const auto* u = std::get_if<member::NodeUuidLearned>(&ev)) {
        save_hostcache(u->node, u->uuid);
        return;
    }
    if (std::holds_alternative<member::ShutdownComplete>(ev)) {
        logger_.log(LogLevel::info, cfg_.local_node + " Heartbeat shutdown complete.");
        loop_.stop();
    }
}

void Daemon::on_terminate()
{
    now_ = loop::read_clock();
    if (stopping_) {
        return;
    }
    stopping_ = true;
    logger_.log(LogLevel::info, "Heartbeat shutdown in progress. (" + std::to_string(::getpid()) + ")");
    if (!engine_->comm_up()) {
        // 3.0.6 finishes starting before it stops (comm comes up by initdead
        // at the latest).
        logger_.log(LogLevel::warn, "Shutdown delayed until Communication is up.");
        stop_waiting_for_comm_ = true;
    } else {
        engine_->send_shutdone(now_);
    }
    after_event();
}

void Daemon::on_reload()
{
    now_ = loop::read_clock();
    logger_.log(LogLevel::info, "Signal 1 received. Rereading configuration files.");
    sys::LoadResult r = sys::load_config(paths_);
    for (const Diagnostic& d : r.diagnostics) {
        logger_.log(d.severity == Severity::error ? LogLevel::err : LogLevel::warn, d.str());
    }
    if (!r.config) {
        logger_.log(LogLevel::err, "Configuration reload failed; still running on the previous configuration.");
        after_event();
        return;
    }
    for (const std::string& kept : engine_->reload(*r.config)) {
        logger_.log(LogLevel::warn, kept);
    }
    config::Config next = *r.config;
    next.ha.nodes = cfg_.ha.nodes;
    next.ha.media = cfg_.ha.media;
    cfg_ = std::move(next);
    logger_.configure(cfg_.ha, cfg_.local_node);
    logger_.set_debug_level(cfg_.ha.debug + opts_.debug);
    logger_.log(LogLevel::info, "Configuration reloaded.");
    after_event();
}

control::StatusView Daemon::snapshot() const
{
    control::StatusView v;
    v.local_node = engine_->local_name();
    v.local_status = engine_->local_status();
    for (const member::NodeState& n : engine_->nodes()) {
        control::NodeView nv;
        nv.name = n.name;
        nv.type = "normal";
        nv.status = n.status;
        for (const member::LinkState& l : n.links) {
            nv.links.push_back(control::LinkView{l.name, l.up ? "up" : "dead"});
        }
        v.nodes.push_back(std::move(nv));
    }
    v.parameters = cfg_.ha.parameters;
    v.generation = engine_->generation();
    v.pid = static_cast<long>(::getpid());
    return v;
}

int Daemon::run()
{
    now_ = loop::read_clock();
    logger_.log(LogLevel::info, "Configuration validated. Starting heartbeatd " HB_VERSION
                                " (Heartbeat 3.0.6 compatible).");

    sys::GenerationOutcome gen = sys::bump_generation(paths_.generation(), cfg_.ha.hbgenmethod, now_.wall);
    if (!gen.ok) {
        logger_.log(LogLevel::err, "Cannot get/increment generation number: " + gen.error);
        return 1;
    }
    if (!gen.warning.empty()) {
        logger_.log(LogLevel::warn, gen.warning);
    }
    logger_.log(LogLevel::info, "Heartbeat generation: " + std::to_string(gen.generation));
    sys::UuidOutcome uuid = sys::load_or_create_uuid(paths_.uuid(), cfg_.ha.uuidfrom, cfg_.local_node);
    if (!uuid.ok) {
        logger_.log(LogLevel::err, "getting uuid for the local node failed: " + uuid.error);
        return 1;
    }
    if (!uuid.info.empty()) {
        logger_.log(LogLevel::info, uuid.info);
    }

    if (cfg_.ha.realtime && !opts_.no_realtime) {
        std::string problem = sys::make_realtime(cfg_.ha.rtprio);
        if (!problem.empty()) {
            logger_.log(LogLevel::warn, "realtime: " + problem);
        }
    }

    timer_ = std::make_unique<loop::Timer>(loop_, [this] { on_timer(); });
    if (!open_media()) {
        return 1;
    }
    {
        std::string error;
        fifo_ = net::FifoReader::open(paths_.fifo(), logger_, error);
        if (!fifo_) {
            logger_.log(LogLevel::err, error);
            return 1;
        }
        fifo_watcher_ = std::make_unique<loop::Io>(loop_, fifo_->rx_fd(), loop::Io::read,
            [this] { on_fifo_readable(); });
        fifo_watcher_->start();
    }

    std::random_device rd;
    std::string uuid_bytes(uuid.uuid.begin(), uuid.uuid.end());
    member::Identity identity{uuid_bytes, gen.generation, load_hostcache()};
    engine_ = std::make_unique<member::Engine>(cfg_, identity, *this,
        (static_cast<std::uint64_t>(rd()) << 32) ^ rd());

    control_ = std::make_unique<control::ControlServer>(
        logger_, [this] { return snapshot(); },
        control::ServerHooks{
            [this](int fd) {
                auto w = std::make_unique<loop::Io>(loop_, fd, loop::Io::read, [this, fd] {
                    now_ = loop::read_clock();
                    control_->on_client_readable(fd);
                    after_event();
                });
                w->start();
                control_watchers_.push_back(std::move(w));
            },
            [this](int fd) {
                // Often called from inside that fd's own callback: stop the
                // watcher now, free it once the callback has returned.
                for (auto it = control_watchers_.begin(); it != control_watchers_.end(); ++it) {
                    if ((*it)->fd() == fd) {
                        (*it)->stop();
                        retired_watchers_.push_back(std::move(*it));
                        control_watchers_.erase(it);
                        break;
                    }
                }
            }});
    if (!control_->open(paths_.rundir)) {
        return 1;
    }
    auto listen = std::make_unique<loop::Io>(loop_, control_->listen_fd(), loop::Io::read,
        [this] {
            now_ = loop::read_clock();
            control_->on_listen_readable();
            after_event();
        });
    listen->start();
    control_watchers_.push_back(std::move(listen));

    signals_.push_back(std::make_unique<loop::Signal>(loop_, SIGTERM, [this] { on_terminate(); }));
    signals_.push_back(std::make_unique<loop::Signal>(loop_, SIGINT, [this] { on_terminate(); }));
    signals_.push_back(std::make_unique<loop::Signal>(loop_, SIGHUP, [this] { on_reload(); }));
    signals_.push_back(std::make_unique<loop::Signal>(loop_, SIGUSR1, [this] {
        logger_.set_debug_level(logger_.debug_level() + 1);
        logger_.log(LogLevel::info, "debug now set to " + std::to_string(logger_.debug_level()));
    }));
    signals_.push_back(std::make_unique<loop::Signal>(loop_, SIGUSR2, [this] {
        logger_.set_debug_level(logger_.debug_level() - 1);
        logger_.log(LogLevel::info, "debug now set to " + std::to_string(logger_.debug_level()));
    }));
    ::signal(SIGPIPE, SIG_IGN);

    now_ = loop::read_clock();
    engine_->start(now_);
    after_event();
    loop_.run();

    control_watchers_.clear();
    control_->close();
    return exit_code_;
}

}  // namespace hb::daemon
