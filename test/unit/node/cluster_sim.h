// A whole cluster of Nodes (engine + resource manager) on a simulated LAN
// with a fake clock, and a fake resource world per node: scripts take a
// configurable time, status prints running/stopped, starts can be made to
// fail and stops to hang or fail. Every event re-checks the one invariant
// that matters: no resource runs on two nodes at once.
#pragma once

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <queue>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "node/node.h"
#include "wire/codec.h"

namespace hb::test {

struct ClusterNode;

class Cluster {
public:
    struct Event {
        std::int64_t at;
        std::uint64_t order;
        std::function<void()> fn;
        bool operator>(const Event& o) const { return at != o.at ? at > o.at : order > o.order; }
    };

    explicit Cluster(std::uint64_t seed = 1) : rng_(seed) {}

    ClusterNode& add(const config::Config& cfg, std::uint64_t generation = 100);
    ClusterNode& node(const std::string& name);
    std::vector<std::unique_ptr<ClusterNode>>& nodes() { return nodes_; }

    void start(const std::string& name);
    void crash(const std::string& name);
    void stop(const std::string& name);  // graceful (SIGTERM)

    Now now() const { return Now{mono_ms(clock_), 1700000000 + clock_ / 1000}; }
    std::int64_t clock_ms() const { return clock_; }
    void at(std::int64_t delay, std::function<void()> fn)
    {
        queue_.push(Event{clock_ + delay, order_++, std::move(fn)});
    }
    void run_for(std::int64_t ms);
    /// Runs until pred() holds or `limit` ms pass; returns whether it held.
    bool run_until(const std::function<bool()>& pred, std::int64_t limit);

    void deliver(ClusterNode& from, const std::string& bytes);

    std::set<std::pair<std::string, std::string>> cut;
    /// Ping targets that answer echo requests, and (node, target) pairs
    /// that cannot reach each other.
    std::set<std::string> ping_targets;
    std::set<std::pair<std::string, std::string>> ping_cut;
    std::int64_t net_delay = 1;
    /// Resources seen running on two nodes at once (should stay empty).
    std::vector<std::string> violations;
    void check_exclusive();

private:
    std::vector<std::unique_ptr<ClusterNode>> nodes_;
    std::priority_queue<Event, std::vector<Event>, std::greater<>> queue_;
    std::mt19937_64 rng_;
    std::int64_t clock_ = 1000000;
    std::uint64_t order_ = 0;
};

struct ClusterNode : node::NodeHost {
    Cluster& cl;
    std::string name;
    config::Config cfg;
    std::uint64_t generation;
    std::unique_ptr<node::Node> node;
    bool up = false;
    bool stopped = false;

    // The fake world
    std::map<std::string, bool> running;        // resource spec -> running here
    std::set<std::string> fail_start;           // specs whose start fails
    std::set<std::string> fail_stop;            // specs whose stop fails forever
    std::int64_t script_ms = 50;
    std::vector<std::string> script_log;        // "spec action"
    std::vector<std::pair<LogLevel, std::string>> logs;
    std::vector<wire::Message> sent;            // decoded frames we transmitted
    std::vector<std::string> failed_stops;
    std::vector<std::string> hooks;             // rc.d hook types run
    // A fake STONITH device: a reset takes fence_ms and powers the target
    // off (crash), unless it is one of the next fence_failures attempts.
    bool fence_device = false;
    int fence_failures = 0;
    std::string fence_fail_result = "bad";
    std::int64_t fence_ms = 200;
    std::vector<std::string> fence_log;         // targets, one per attempt
    int fence_checks = 0;

    ClusterNode(Cluster& c, const config::Config& cf, std::uint64_t gen)
        : cl(c), name(cf.local_node), cfg(cf), generation(gen)
    {
    }

    void log(LogLevel l, std::string_view t) override { logs.emplace_back(l, std::string(t)); }
    void transmit(const member::OutFrame& f) override
    {
        if (auto d = wire::decode(f.netstring, nullptr)) {
            sent.push_back(d.msg);
        }
        cl.deliver(*this, f.netstring);
    }
    void forward_serial(std::size_t, std::string_view) override {}
    std::string loadavg() override { return "0.00 0.00 0.00 1/1 1"; }
    // `drbdadm outdate RES` (peer_outdate): exits with outdate_exit after script_ms.
    int outdate_exit = 0;
    std::vector<std::string> outdates;
    void run_outdate(std::uint64_t job, const std::string& res) override
    {
        outdates.push_back(res);
        cl.at(script_ms, [this, job] {
            if (up) {
                node->on_outdate_done(job, outdate_exit, cl.now());
            }
        });
    }
    void run_script(const res::ScriptCall& call) override
    {
        script_log.push_back(call.resource + " " + call.action);
        const std::uint64_t epoch = epoch_;
        cl.at(script_ms, [this, call, epoch] {
            if (!up || epoch != epoch_) {
                return;  // the node died while the script ran
            }
            res::ScriptResult r;
            if (call.action == "status") {
                r.output = running[call.resource] ? "running" : "stopped";
            } else if (call.action == "start") {
                if (fail_start.count(call.resource)) {
                    r.exit_code = 1;
                } else {
                    running[call.resource] = true;
                }
            } else if (fail_stop.count(call.resource)) {
                r.exit_code = 1;
            } else {
                running[call.resource] = false;
            }
            cl.check_exclusive();
            node->on_script_result(r, cl.now());
        });
    }
    void run_hook(const wire::Message& m, const std::string&) override { hooks.emplace_back(m.type()); }
    void failed_stop(const std::string& r) override { failed_stops.push_back(r); }
    void shutdown_complete() override
    {
        up = false;
        stopped = true;
    }
    void uuid_learned(const std::string&, const std::string&) override {}
    bool can_fence() const override { return fence_device; }
    void check_fence_device() override { ++fence_checks; }
    void fence(const std::string& target) override;
    std::vector<std::int64_t> heartbeats;       // clock of every own heartbeat (watchdog)
    std::uint64_t pings_sent = 0;
    void own_heartbeat() override { heartbeats.push_back(cl.clock_ms()); }
    void send_pings(const std::vector<member::PingProbe>& probes) override;

    bool logged(std::string_view needle) const
    {
        return std::any_of(logs.begin(), logs.end(), [&](const auto& l) { return l.second.find(needle) != std::string::npos; });
    }
    std::vector<wire::Message> sent_of(std::string_view type) const
    {
        std::vector<wire::Message> out;
        for (const auto& m : sent) {
            if (m.type() == type) out.push_back(m);
        }
        return out;
    }
    bool runs(const std::string& spec) const
    {
        auto it = running.find(spec);
        return it != running.end() && it->second;
    }
    std::string rscstatus() const { return node->rscstatus(); }
    std::string status_of(const std::string& peer) const
    {
        const auto* n = node->engine().find_node(peer);
        return n ? n->status : "?";
    }
    void fifo(const std::string& classic) { node->on_fifo(classic, cl.now()); }

    std::uint64_t epoch_ = 0;  // bumps on crash so in-flight scripts are dropped
    std::uint64_t ticks = 0;   // timer wake-ups (a deadline stuck in the past spins)
};

inline ClusterNode& Cluster::add(const config::Config& cfg, std::uint64_t generation)
{
    nodes_.push_back(std::make_unique<ClusterNode>(*this, cfg, generation));
    return *nodes_.back();
}

inline ClusterNode& Cluster::node(const std::string& name)
{
    for (auto& n : nodes_) {
        if (n->name == name) return *n;
    }
    throw std::runtime_error("no node " + name);
}

inline void Cluster::start(const std::string& name)
{
    ClusterNode& n = node(name);
    std::string uuid(16, static_cast<char>('A' + nodes_.size()));
    uuid[0] = name.back();
    n.node = std::make_unique<node::Node>(n.cfg, member::Identity{uuid, n.generation, {}}, n, rng_());
    n.up = true;
    n.stopped = false;
    n.node->start(now());
}

inline void Cluster::crash(const std::string& name)
{
    ClusterNode& n = node(name);
    n.up = false;
    ++n.epoch_;
    // A crash loses the node's running resources (the machine is off).
    for (auto& [spec, r] : n.running) r = false;
}

inline void ClusterNode::fence(const std::string& target)
{
    fence_log.push_back(target);
    const std::uint64_t epoch = epoch_;
    cl.at(fence_ms, [this, target, epoch] {
        if (!up || epoch != epoch_) {
            return;  // we were powered off ourselves meanwhile
        }
        const bool ok = fence_failures <= 0;
        if (ok) {
            cl.crash(target);
        } else {
            --fence_failures;
        }
        node->on_fence_result(target, ok, ok ? "OK" : fence_fail_result, cl.now());
    });
}

inline void Cluster::stop(const std::string& name) { node(name).node->request_shutdown(now()); }

inline void Cluster::deliver(ClusterNode& from, const std::string& bytes)
{
    for (auto& to : nodes_) {
        if (to.get() == &from || cut.count({from.name, to->name})) continue;
        ClusterNode* t = to.get();
        at(net_delay, [this, t, bytes] {
            if (t->up) t->node->on_frame(0, bytes, now());
        });
    }
}

inline void ClusterNode::send_pings(const std::vector<member::PingProbe>& probes)
{
    for (const member::PingProbe& p : probes) {
        ++pings_sent;
        if (!cl.ping_targets.count(p.address) || cl.ping_cut.count({name, p.address})) {
            continue;
        }
        const std::uint64_t epoch = epoch_;
        cl.at(2 * cl.net_delay, [this, p, epoch] {
            if (up && epoch == epoch_) node->on_ping_reply(p.address, p.payload, cl.now());
        });
    }
}

inline void Cluster::check_exclusive()
{
    std::map<std::string, int> count;
    for (auto& n : nodes_) {
        for (auto& [spec, r] : n->running) {
            if (r) ++count[spec];
        }
    }
    for (auto& [spec, c] : count) {
        if (c > 1) violations.push_back(spec + " at " + std::to_string(clock_));
    }
}

inline void Cluster::run_for(std::int64_t ms)
{
    const std::int64_t end = clock_ + ms;
    int guard = 0;
    for (; guard < 10000000; ++guard) {
        std::int64_t next = end + 1;
        for (auto& n : nodes_) {
            if (n->up) next = std::min(next, to_ms(n->node->next_deadline()));
        }
        if (!queue_.empty()) next = std::min(next, queue_.top().at);
        if (next > end) break;
        clock_ = std::max(clock_, next);
        if (!queue_.empty() && queue_.top().at <= clock_) {
            Event e = queue_.top();
            queue_.pop();
            e.fn();
            continue;
        }
        for (auto& n : nodes_) {
            if (n->up && to_ms(n->node->next_deadline()) <= clock_) {
                ++n->ticks;
                n->node->tick(now());
            }
        }
    }
    if (guard == 10000000) {
        // Ten million wake-ups in `ms`: some deadline stays in the past and
        // the daemon's event loop would spin on it.
        violations.push_back("busy loop: a node's next deadline stays due");
    }
    clock_ = end;
}

inline bool Cluster::run_until(const std::function<bool()>& pred, std::int64_t limit)
{
    for (std::int64_t t = 0; t < limit; t += 50) {
        if (pred()) return true;
        run_for(50);
    }
    return pred();
}

/// Two nodes, a group per node: node1 `IPaddr::192.0.2.100 fs::data`,
/// node2 `svc::beta`.
inline config::Config cluster_config(const std::string& local, config::AutoFailback af,
    Duration deadtime = Duration(4000))
{
    config::Config c;
    c.local_node = local;
    c.ha.nodes = {"node1", "node2"};
    config::Medium m;
    m.iface = "eth0";
    c.ha.media.push_back(m);
    c.ha.keepalive = Duration(500);
    c.ha.deadtime = deadtime;
    c.ha.warntime = deadtime / 2;
    c.ha.initdead = deadtime * 2;
    c.ha.auto_failback = af;
    c.keys.active = 1;
    c.keys.keys[1] = config::AuthKey{config::AuthMethod::md5, "k", 1};
    config::ResourceGroup g1;
    g1.node = "node1";
    g1.key = "IPaddr::192.0.2.100";
    g1.resources = {{"IPaddr::192.0.2.100", "IPaddr", {"192.0.2.100"}}, {"fs::data", "fs", {"data"}}};
    config::ResourceGroup g2;
    g2.node = "node2";
    g2.key = "svc::beta";
    g2.resources = {{"svc::beta", "svc", {"beta"}}};
    c.resources.groups = {g1, g2};
    return c;
}

}  // namespace hb::test
