// The watchdog logic with a fake device: one tickle per own heartbeat, the
// magic close on a clean exit, closed for good after a write failure.
#include <doctest/doctest.h>

#include "node/cluster_sim.h"
#include "node/watchdog.h"

using namespace hb;

namespace {

struct FakeDevice : node::WatchdogDevice {
    std::string written;
    bool closed = false;
    bool fail = false;
    bool write_byte(char c, std::string& error) override
    {
        if (fail || closed) {
            error = "Input/output error";
            return false;
        }
        written.push_back(c);
        return true;
    }
    void close() override { closed = true; }
};

struct NullLog : Logger {
    std::vector<std::string> lines;
    void log(LogLevel, std::string_view t) override { lines.emplace_back(t); }
};

}  // namespace

TEST_CASE("watchdog: tickled on every own heartbeat of a running node, within one keepalive")
{
    test::Cluster c;
    c.add(test::cluster_config("node1", config::AutoFailback::on));
    c.add(test::cluster_config("node2", config::AutoFailback::on));
    c.start("node1");
    c.start("node2");
    c.run_for(20000);
    FakeDevice dev;
    NullLog log;
    node::Watchdog wd(dev, "/dev/watchdog", log);
    for (std::int64_t t : c.node("node1").heartbeats) {
        wd.tickle(mono_ms(t));
    }
    CHECK(wd.tickles() == c.node("node1").heartbeats.size());
    CHECK(wd.tickles() >= 39);  // 20 s at keepalive 500 ms
    CHECK(wd.longest_gap() <= Duration(500));
    CHECK(dev.written == std::string(wd.tickles(), '\0'));
    wd.close_clean();
    CHECK(dev.written.back() == 'V');
    CHECK(dev.closed);
}

TEST_CASE("watchdog: a write failure closes the device; no magic close afterwards")
{
    FakeDevice dev;
    NullLog log;
    node::Watchdog wd(dev, "/dev/watchdog", log);
    wd.tickle(mono_ms(1000));
    dev.fail = true;
    wd.tickle(mono_ms(2000));
    CHECK_FALSE(wd.open());
    CHECK(dev.closed);
    dev.fail = false;
    wd.tickle(mono_ms(3000));
    wd.close_clean();
    CHECK(dev.written == std::string(1, '\0'));
    CHECK(log.lines.front().find("Watchdog write failure: closing /dev/watchdog!") == 0);
}
