// Daemon: ping node sockets, the watchdog device and respawn/failfast
// programs. Kept apart from daemon.cpp; the logic lives in member/ping_nodes,
// res/ipfail, node/watchdog and sys/respawn.
#include <signal.h>
#include <unistd.h>

#include <ctime>

#include "daemon/daemon.h"
#include "net/icmp.h"
#include "node/watchdog.h"
#include "res/script_env.h"
#include "sys/respawn.h"
#include "sys/watchdog_device.h"

namespace hb::daemon {

bool Daemon::open_extras()
{
    bool v4 = false;
    bool v6 = false;
    for (const config::PingNode& p : cfg_.ha.ping_nodes) {
        (p.v6 ? v6 : v4) = true;
    }
    for (bool six : {false, true}) {
        if (!(six ? v6 : v4)) {
            continue;
        }
        std::string error;
        auto p = net::IcmpPinger::open(six, logger_, error);
        if (!p) {
            // Ping nodes then simply go dead after deadping; heartbeat goes on.
            logger_.log(LogLevel::err, error);
            continue;
        }
        const std::size_t k = pingers_.size();
        ping_watchers_.push_back(std::make_unique<loop::Io>(loop_, p->fd(), loop::Io::read,
            [this, k] { on_ping_readable(k); }, 1));
        ping_watchers_.back()->start();
        pingers_.push_back(std::move(p));
    }
    if (!cfg_.ha.watchdog.empty()) {
        std::string error;
        watchdog_file_ = sys::WatchdogFile::open(cfg_.ha.watchdog, cfg_.ha.deadtime, logger_, error);
        if (!watchdog_file_) {
            logger_.log(LogLevel::err, error);
            return false;  // 3.0.6 does not start without its watchdog
        }
        watchdog_ = std::make_unique<node::Watchdog>(*watchdog_file_, cfg_.ha.watchdog, logger_);
    }
    if (cfg_.ha.ipfail) {
        logger_.log(LogLevel::info, "ipfail: built in; it compares this node's ping node count with "
                                    + std::string("the peer's and moves resources to the better connected node."));
    }
    return true;
}

void Daemon::start_clients()
{
    if (cfg_.ha.clients.empty()) {
        return;
    }
    clients_ = std::make_unique<sys::ClientSupervisor>(loop_, *runner_, logger_,
        [this](const config::ChildClient& c) {
            // 3.0.6 reboots the node when a failfast client dies; here the
            // same action a failed resource stop takes (--on-failed-stop).
            logger_.log(LogLevel::crit, "Failfast client " + c.program + " died: this node must go down.");
            const std::string& action = opts_.failed_stop_action;
            if (action == "reboot" || action.rfind("/", 0) == 0) {
                exec::Spec spec;
                spec.argv = action == "reboot" ? std::vector<std::string>{"/sbin/reboot", "-nf"}
                                               : std::vector<std::string>{action, "failfast:" + c.program};
                spec.env = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin"};
                runner_->start(spec, [](const exec::Result&) {});
                struct timespec ts {0, 200 * 1000 * 1000};
                nanosleep(&ts, nullptr);
            }
            ::kill(::getpid(), SIGKILL);
        });
    std::vector<std::string> env = res::script_environment(cfg_, script_paths_, logger_.debug_level());
    clients_->start(cfg_.ha.clients, std::move(env));
}

void Daemon::stop_extras()
{
    if (clients_) {
        clients_->stop();
    }
    if (watchdog_) {
        watchdog_->close_clean();
    }
}

void Daemon::send_pings(const std::vector<member::PingProbe>& probes)
{
    for (const member::PingProbe& p : probes) {
        for (auto& s : pingers_) {
            if (s->v6() == p.v6) {
                s->send(p.address, p.payload);
            }
        }
    }
}

void Daemon::on_ping_readable(std::size_t k)
{
    now_ = loop::read_clock();
    std::vector<net::EchoReply> replies;
    pingers_[k]->on_readable(replies);
    for (const net::EchoReply& r : replies) {
        node_->on_ping_reply(r.source, r.payload, now_);
    }
    after_event();
}

void Daemon::own_heartbeat()
{
    if (watchdog_) {
        watchdog_->tickle(now_.mono);
    }
}

void Daemon::add_ping_views(control::StatusView& v) const
{
    for (const member::PingNodeState& p : node_->ping_nodes().nodes()) {
        control::NodeView nv;
        nv.name = p.name;
        nv.type = "ping";
        nv.status = p.status;
        for (std::size_t i = 0; i < p.addresses.size(); ++i) {
            nv.links.push_back(control::LinkView{p.addresses[i], p.link_up[i] ? "up" : "dead"});
        }
        v.nodes.push_back(std::move(nv));
    }
}

}  // namespace hb::daemon
