#include "daemon/daemon.h"
#include "fencer/fencer.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <openssl/evp.h>
#include <signal.h>
#include <unistd.h>

#include <cstring>
#include <random>

#include "base/strings.h"
#include "base/version.h"
#include "control/metrics_server.h"
#include "control/server.h"
#include "net/fifo.h"
#include "sys/config_loader.h"
#include "net/icmp.h"
#include "node/watchdog.h"
#include "sys/process.h"
#include "sys/respawn.h"
#include "sys/watchdog_device.h"
#include "sys/state_files.h"

namespace hb::daemon {

namespace {
constexpr int kRxPriority = 2;  // read input before timers in the same loop turn

std::string sha256_file(const std::string& path)
{
    std::string data;
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return {};
    }
    char buf[8192];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0 && data.size() < (1u << 20)) {
        data.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
    return hex_bytes(std::string_view(reinterpret_cast<const char*>(md), len));
}
}  // namespace

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
        node_->on_frame(media_index_[k], f.bytes, now_, f.source);
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
        node_->on_fifo(f, now_);
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
    while (!pending_results_.empty()) {
        res::ScriptResult r = pending_results_.front();
        pending_results_.pop_front();
        node_->on_script_result(r, now_);
    }
    for (auto& m : media_) {
        if (auto d = m->tx_deadline(); d && *d <= now_.mono) {
            m->on_tx_deadline(now_.mono);
        }
    }
    node_->tick(now_);
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
    notify_status();
    MonoTime next = node_->next_deadline();
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

void Daemon::prepare_rsctmp()
{
    // 3.0.6 empties its resource scripts' scratch directory at every start
    // (the machine may have crashed with stale state in it).
    const std::string dir = paths_.rundir + "/heartbeat/rsctmp";
    ::mkdir((paths_.rundir + "/heartbeat").c_str(), 0755);
    if (DIR* d = ::opendir(dir.c_str())) {
        std::vector<std::string> names;
        while (dirent* e = ::readdir(d)) {
            if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0) {
                names.emplace_back(e->d_name);
            }
        }
        ::closedir(d);
        for (const std::string& n : names) {
            ::unlink((dir + "/" + n).c_str());
        }
    }
    ::mkdir(dir.c_str(), 01777);
    ::chmod(dir.c_str(), 01777);
}

void Daemon::scan_hooks()
{
    // Like 3.0.6's CreateInitialFilter(): only hooks present at start run.
    const std::string dir = paths_.confdir + "/rc.d";
    DIR* d = ::opendir(dir.c_str());
    if (!d) {
        return;
    }
    while (dirent* e = ::readdir(d)) {
        const std::string name = e->d_name;
        if (name.empty() || name[0] == '.') {
            continue;
        }
        const std::string path = dir + "/" + name;
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || ::access(path.c_str(), X_OK) != 0) {
            continue;
        }
        if (res::is_stock_rc_script(name, sha256_file(path))) {
            logger_.log(LogLevel::info, "rc.d/" + name
                    + " is Heartbeat 3.0.6's stock script; heartbeatd does its work itself and will not run it.");
            continue;
        }
        hooks_[name] = path;
    }
    ::closedir(d);
}

void Daemon::run_hook(const wire::Message& msg, const std::string& old_status)
{
    const std::string type = to_lower(msg.type());
    if (hooks_.find(type) == hooks_.end()) {
        return;
    }
    hook_queue_.emplace_back(msg, old_status);
    if (!hook_running_) {
        start_next_hook();
    }
}

void Daemon::start_next_hook()
{
    while (!hook_queue_.empty()) {
        auto [msg, old_status] = std::move(hook_queue_.front());
        hook_queue_.pop_front();
        const std::string type = to_lower(msg.type());
        auto it = hooks_.find(type);
        if (it == hooks_.end()) {
            continue;
        }
        exec::Spec spec;
        spec.argv = {it->second, type};
        spec.env = res::hook_environment(cfg_, script_paths_, logger_.debug_level(), msg, old_status);
        spec.timeout = Duration(60000);
        logger_.log(LogLevel::info, "Running " + it->second + " " + type);
        hook_running_ = true;
        const std::string path = it->second;
        int pid = runner_->start(spec, [this, path](const exec::Result& r) {
            now_ = loop::read_clock();
            if (!r.spawn_error.empty() || r.exit_code != 0) {
                logger_.log(LogLevel::warn, path + ": " + (r.spawn_error.empty()
                        ? (r.timed_out ? "timed out" : "exit code " + std::to_string(r.exit_code))
                        : r.spawn_error));
            }
            hook_running_ = false;
            start_next_hook();
            after_event();
        });
        if (pid > 0) {
            return;
        }
    }
}

void Daemon::run_script(const res::ScriptCall& call)
{
    std::string path;
    for (const std::string& p : res::script_candidates(call.script, script_paths_)) {
        struct stat st {};
        if (::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(p.c_str(), X_OK) == 0) {
            path = p;
            break;
        }
    }
    if (path.empty()) {
        logger_.log(LogLevel::err, "Cannot locate resource script " + call.script);
        res::ScriptResult r;
        r.exit_code = 1;
        // Answer from the loop, never from inside the Node's own call.
        pending_results_.push_back(r);
        timer_->arm_at(now_.mono, now_.mono);
        return;
    }
    exec::Spec spec;
    spec.argv = res::script_argv(path, call);
    spec.env = res::script_environment(cfg_, script_paths_, logger_.debug_level());
    spec.timeout = call.action == "status" ? Duration(60000) : Duration(300000);
    std::string cmd;
    for (const std::string& a : spec.argv) {
        cmd += (cmd.empty() ? "" : " ") + a;
    }
    const bool quiet = call.action == "status";
    if (!quiet) {
        logger_.log(LogLevel::info, "Running " + cmd);
    } else {
        logger_.log(LogLevel::debug, "Running " + cmd);
    }
    int pid = runner_->start(spec, [this, cmd, quiet, call](const exec::Result& r) {
        now_ = loop::read_clock();
        std::string how = !r.spawn_error.empty() ? r.spawn_error
            : r.timed_out                     ? "timed out"
            : r.term_signal                   ? "killed by signal " + std::to_string(r.term_signal)
                                              : "exit code " + std::to_string(r.exit_code);
        const bool bad = !r.spawn_error.empty() || r.timed_out || r.exit_code != 0;
        const LogLevel lvl = bad && !quiet ? LogLevel::err : quiet ? LogLevel::debug : LogLevel::info;
        const LogField fields[] = {{"resource", call.resource}, {"action", call.action},
                                   {"exit_code", std::to_string(r.exit_code), true},
                                   {"elapsed_ms", std::to_string(r.elapsed.count()), true}};
        logger_.log_fields(lvl, cmd + ": " + how + " after " + std::to_string(r.elapsed.count()) + " ms", fields);
        // The script's own words, a few lines of each stream.
        auto show = [&](const std::string& text, const char* stream) {
            std::size_t start = 0;
            for (int lines = 0; lines < 8 && start < text.size(); ++lines) {
                std::size_t nl = text.find('\n', start);
                std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
                if (!line.empty()) {
                    logger_.log(quiet ? LogLevel::debug : LogLevel::info, std::string("  ") + stream + ": " + line);
                }
                if (nl == std::string::npos) {
                    break;
                }
                start = nl + 1;
            }
        };
        show(r.out, "stdout");
        show(r.err, "stderr");
        res::ScriptResult sr;
        sr.exit_code = r.spawn_error.empty() && !r.term_signal ? r.exit_code : -1;
        sr.output = r.out;
        sr.timed_out = r.timed_out;
        node_->on_script_result(sr, now_);
        after_event();
    });
    (void)pid;
}

void Daemon::failed_stop(const std::string& resource)
{
    // 3.0.6 RecoverFromFailedStop: the resource still runs and cannot be
    // stopped, so the peer must not start it while we live. Go down hard.
    logger_.log(LogLevel::crit, "Resource STOP failure (" + resource + "). Reboot required!");
    logger_.log(LogLevel::crit, "Killing heartbeat ungracefully!");
    const std::string& action = opts_.failed_stop_action;
    if (action == "reboot" || action.rfind("/", 0) == 0) {
        exec::Spec spec;
        spec.argv = action == "reboot" ? std::vector<std::string>{"/sbin/reboot", "-nf"}
                                       : std::vector<std::string>{action, resource};
        spec.env = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin"};
        runner_->start(spec, [](const exec::Result&) {});
        // Give the child a moment to exec before we vanish.
        struct timespec ts {0, 200 * 1000 * 1000};
        nanosleep(&ts, nullptr);
    }
    ::kill(::getpid(), SIGKILL);
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

void Daemon::uuid_learned(const std::string& node, const std::string& uuid)
{
    save_hostcache(node, uuid);
}

void Daemon::shutdown_complete()
{
    stop_extras();
    logger_.log(LogLevel::info, cfg_.local_node + " Heartbeat shutdown complete.");
    loop_.stop();
}

void Daemon::on_terminate()
{
    now_ = loop::read_clock();
    if (node_->stopping()) {
        return;
    }
    logger_.log(LogLevel::info, "Heartbeat shutdown in progress. (" + std::to_string(::getpid()) + ")");
    notify_.send("STOPPING=1\nSTATUS=shutting down: releasing resources");
    node_->request_shutdown(now_);
    after_event();
}

void Daemon::on_reload()
{
    now_ = loop::read_clock();
    logger_.log(LogLevel::info, "Signal 1 received. Rereading configuration files.");
    sys::LoadResult r = sys::load_config(paths_);
    for (const Diagnostic& d : r.diagnostics) {
        log::log_diagnostic(logger_, d);
    }
    if (!r.config) {
        logger_.log(LogLevel::err, "Configuration reload failed; still running on the previous configuration.");
        after_event();
        return;
    }
    for (const std::string& kept : node_->reload(*r.config)) {
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
    const member::Engine& engine = node_->engine();
    v.local_node = engine.local_name();
    v.local_status = engine.local_status();
    v.rscstatus = node_->rscstatus();
    fill_fencing(v);
    for (const member::NodeState& n : engine.nodes()) {
        control::NodeView nv;
        nv.name = n.name;
        nv.type = "normal";
        nv.status = n.status;
        for (const member::LinkState& l : n.links) {
            nv.links.push_back(control::LinkView{l.name, l.up ? "up" : "dead"});
        }
        v.nodes.push_back(std::move(nv));
    }
    add_ping_views(v);
    v.parameters = cfg_.ha.parameters;
    v.generation = engine.generation();
    if (const res::Manager* m = node_->manager()) {
        for (const res::StandbyRecord& r : m->standby_log()) {
            v.standby.push_back(control::StandbyView{static_cast<unsigned long>(r.id), r.from, r.what, r.outcome});
        }
    }
    v.pid = static_cast<long>(::getpid());
    add_observability(v);
    return v;
}

int Daemon::run()
{
    now_ = loop::read_clock();
    started_ = now_.mono;
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
    runner_ = std::make_unique<exec::Runner>(loop_);
    setup_fencing();
    script_paths_ = res::ScriptPaths{paths_.confdir, paths_.statedir, paths_.rundir, paths_.initdir, "/usr/lib/ocf"};
    prepare_rsctmp();
    scan_hooks();
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

    if (!open_extras()) {
        return 1;
    }

    std::random_device rd;
    std::string uuid_bytes(uuid.uuid.begin(), uuid.uuid.end());
    member::Identity identity{uuid_bytes, gen.generation, load_hostcache()};
    node::NodeOptions nopts;
    nopts.manage_resources = opts_.manage_resources;
    node_ = std::make_unique<node::Node>(cfg_, identity, *this,
        (static_cast<std::uint64_t>(rd()) << 32) ^ rd(), nopts);

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
            },
            [this](const std::vector<std::string>& args, control::Reply& reply) {
                return drbd_command(args, reply);
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
    open_metrics();

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
    node_->start(now_);
    start_clients();
    start_notify();
    after_event();
    loop_.run();

    control_watchers_.clear();
    control_->close();
    metrics_.reset();
    return exit_code_;
}

void Daemon::start_notify()
{
    if (!notify_.enabled()) {
        return;
    }
    // Configuration loaded, media, FIFO and control socket open.
    if (!notify_.send("READY=1\nMAINPID=" + std::to_string(::getpid()))) {
        logger_.log(LogLevel::warn, "sd_notify: " + notify_.error());
    }
    notify_status();
    if (auto interval = notify_.watchdog_interval()) {
        const Duration half = std::max(Duration(1), *interval / 2);
        watchdog_timer_ = std::make_unique<loop::Timer>(loop_, [this, half] {
            // Pinged from the loop itself: a stalled loop stops the pings.
            notify_.send("WATCHDOG=1");
            Now n = loop::read_clock();
            watchdog_timer_->arm_at(n.mono + half, n.mono);
        });
        logger_.log(LogLevel::info, "systemd watchdog: pinging every " + std::to_string(half.count()) + " ms");
        notify_.send("WATCHDOG=1");
        watchdog_timer_->arm_at(now_.mono + half, now_.mono);
    }
}

void Daemon::notify_status()
{
    if (!notify_.enabled() || !node_) {
        return;
    }
    // Cheap: a handful of nodes; sent only when the text changes.
    std::size_t up = 0;
    std::size_t total = 0;
    for (const member::NodeState& n : node_->engine().nodes()) {
        ++total;
        up += n.status != "dead" && n.status != "init" ? 1 : 0;
    }
    notify_.status(std::string(node_->stopping() ? "stopping; " : "") + std::to_string(up) + "/"
                   + std::to_string(total) + " nodes up; resources: " + node_->rscstatus());
}

}  // namespace hb::daemon
