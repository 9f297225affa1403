// Test harness for the engine: N engines on a simulated shared medium with a
// fake clock, seeded loss and delay, and partitions. No sockets, no sleeping.
// Every frame a node transmits is delivered to every other node (and back to
// the sender, as a bcast medium does) unless dropped.
#pragma once

#include <algorithm>
#include <map>
#include <memory>
#include <queue>
#include <random>
#include <functional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "config/config.h"
#include "member/engine.h"

namespace hb::test {

inline config::Config make_config(const std::string& local, std::vector<std::string> nodes,
    Duration keepalive = Duration(1000), Duration deadtime = Duration(10000))
{
    config::Config c;
    c.local_node = local;
    c.ha.nodes = std::move(nodes);
    config::Medium m;
    m.type = config::MediumType::bcast;
    m.iface = "eth0";
    c.ha.media.push_back(m);
    c.ha.keepalive = keepalive;
    c.ha.deadtime = deadtime;
    c.ha.warntime = deadtime / 2;
    c.ha.initdead = deadtime * 2;
    c.ha.deadping = deadtime;
    c.keys.active = 1;
    c.keys.keys[1] = config::AuthKey{config::AuthMethod::sha1, "test-secret", 2};
    return c;
}

struct RecordingHost : member::Host {
    std::vector<member::OutFrame> sent;
    std::vector<member::Event> events;
    std::vector<std::pair<LogLevel, std::string>> logs;
    std::function<void(const member::OutFrame&)> on_transmit;
    std::vector<std::pair<std::size_t, std::string>> forwarded;

    void log(LogLevel level, std::string_view text) override { logs.emplace_back(level, std::string(text)); }
    /// Lines logged with structured fields: text and key=value pairs.
    std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>> field_logs;
    void log_fields(LogLevel level, std::string_view text, std::span<const LogField> fields) override
    {
        std::vector<std::pair<std::string, std::string>> kv;
        for (const auto& f : fields) {
            kv.emplace_back(std::string(f.key), f.value);
        }
        field_logs.emplace_back(std::string(text), std::move(kv));
        log(level, text);
    }
    int debug_level() const override { return 0; }
    void transmit(const member::OutFrame& f) override
    {
        sent.push_back(f);
        if (on_transmit) {
            on_transmit(f);
        }
    }
    void forward_serial(std::size_t from, std::string_view classic) override
    {
        forwarded.emplace_back(from, std::string(classic));
    }
    void on_event(const member::Event& ev) override { events.push_back(ev); }
    std::string loadavg() override { return "0.00 0.01 0.05 1/100 42"; }

    bool logged(std::string_view needle) const
    {
        return std::any_of(logs.begin(), logs.end(),
            [&](const auto& l) { return l.second.find(needle) != std::string::npos; });
    }
    std::size_t count_logged(std::string_view needle) const
    {
        return static_cast<std::size_t>(std::count_if(logs.begin(), logs.end(),
            [&](const auto& l) { return l.second.find(needle) != std::string::npos; }));
    }
    template <class E> std::size_t count_events() const
    {
        return static_cast<std::size_t>(std::count_if(events.begin(), events.end(),
            [](const member::Event& e) { return std::holds_alternative<E>(e); }));
    }
};

class Sim {
public:
    struct Node {
        std::string name;
        config::Config cfg;
        std::unique_ptr<RecordingHost> host;
        std::unique_ptr<member::Engine> engine;
        std::uint64_t generation = 100;
        bool up = false;
    };

    explicit Sim(std::uint64_t seed = 1) : rng_(seed) {}

    Node& add(const config::Config& cfg, std::uint64_t generation = 100)
    {
        auto n = std::make_unique<Node>();
        n->name = cfg.local_node;
        n->cfg = cfg;
        n->generation = generation;
        nodes_.push_back(std::move(n));
        return *nodes_.back();
    }

    Node& node(const std::string& name)
    {
        for (auto& n : nodes_) {
            if (n->name == name) {
                return *n;
            }
        }
        throw std::runtime_error("no node " + name);
    }

    /// (Re)starts a node's engine at the current time with its generation.
    void start(const std::string& name)
    {
        Node& n = node(name);
        n.host = std::make_unique<RecordingHost>();
        std::string uuid(16, '\0');
        for (std::size_t i = 0; i < 16; ++i) {
            uuid[i] = static_cast<char>(name[i % name.size()] + static_cast<char>(i));
        }
        n.engine = std::make_unique<member::Engine>(n.cfg, member::Identity{uuid, n.generation, {}}, *n.host, rng_());
        n.up = true;
        n.host->on_transmit = [this, &n](const member::OutFrame& f) { broadcast(n, f.netstring); };
        n.engine->start(now());
    }

    /// Crash: the node stops sending and receiving instantly.
    void crash(const std::string& name) { node(name).up = false; }

    Now now() const { return Now{mono_ms(clock_ms_), 1700000000 + clock_ms_ / 1000}; }
    std::int64_t clock_ms() const { return clock_ms_; }

    /// Percent of frames lost between any two distinct nodes.
    double loss = 0.0;
    /// Delivery delay range in ms.
    std::int64_t min_delay = 1, max_delay = 3;
    /// Pairs (from,to) that cannot reach each other.
    std::set<std::pair<std::string, std::string>> cut;
    /// Hook to tamper with or inject frames; return false to drop.
    std::function<bool(const Node& from, const Node& to, std::string& bytes)> filter;

    void inject(const std::string& to, std::string bytes, std::int64_t delay = 1)
    {
        queue_.push(Delivery{clock_ms_ + delay, seqno_++, "", to, std::move(bytes)});
    }

    /// Advances simulated time, delivering frames and running ticks in order.
    void run_for(std::int64_t ms)
    {
        const std::int64_t end = clock_ms_ + ms;
        for (int guard = 0; guard < 10000000; ++guard) {
            std::int64_t next = end;
            for (auto& n : nodes_) {
                if (n->up) {
                    next = std::min(next, to_ms(n->engine->next_deadline()));
                }
            }
            if (!queue_.empty()) {
                next = std::min(next, queue_.top().at);
            }
            if (next > end) {
                break;
            }
            clock_ms_ = std::max(clock_ms_, next);
            if (!queue_.empty() && queue_.top().at <= clock_ms_) {
                Delivery d = queue_.top();
                queue_.pop();
                Node& to = node(d.to);
                if (to.up) {
                    to.engine->on_frame(0, d.bytes, now());
                }
                continue;
            }
            for (auto& n : nodes_) {
                if (n->up && to_ms(n->engine->next_deadline()) <= clock_ms_) {
                    n->engine->tick(now());
                }
            }
            if (next == end) {
                break;
            }
        }
        clock_ms_ = end;
    }

    /// Moves the clock without running anything (a stalled process).
    void stall(std::int64_t ms) { clock_ms_ += ms; }

private:
    struct Delivery {
        std::int64_t at;
        std::uint64_t order;
        std::string from;
        std::string to;
        std::string bytes;
        bool operator>(const Delivery& o) const { return at != o.at ? at > o.at : order > o.order; }
    };

    void broadcast(Node& from, const std::string& bytes)
    {
        if (!from.up) {
            return;
        }
        std::uniform_real_distribution<double> coin(0.0, 100.0);
        std::uniform_int_distribution<std::int64_t> delay(min_delay, max_delay);
        for (auto& to : nodes_) {
            std::string b = bytes;
            if (to.get() != &from) {
                if (cut.count({from.name, to->name}) || coin(rng_) < loss) {
                    continue;
                }
                if (filter && !filter(from, *to, b)) {
                    continue;
                }
            }
            // One link keeps order, as a LAN does: never deliver before the
            // previous frame between the same pair.
            std::int64_t at = clock_ms_ + delay(rng_);
            std::int64_t& last = last_at_[{from.name, to->name}];
            at = std::max(at, last);
            last = at;
            queue_.push(Delivery{at, seqno_++, from.name, to->name, std::move(b)});
        }
    }

    std::vector<std::unique_ptr<Node>> nodes_;
    std::priority_queue<Delivery, std::vector<Delivery>, std::greater<>> queue_;
    std::mt19937_64 rng_;
    std::int64_t clock_ms_ = 1000000;
    std::map<std::pair<std::string, std::string>, std::int64_t> last_at_;
    std::uint64_t seqno_ = 0;
};

}  // namespace hb::test
