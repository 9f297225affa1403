// Resource monitoring's policy: status checks of held groups, restarts
// bounded within a window, then the group is given away.
#include <doctest/doctest.h>

#include "res/monitor.h"

using namespace hb;
using namespace hb::res;

namespace {

config::Config two_groups()
{
    config::Config c;
    c.local_node = "node1";
    config::ResourceGroup g1;
    g1.node = "node1";
    g1.key = "IPaddr::192.0.2.100";
    g1.resources = {{"IPaddr::192.0.2.100", "IPaddr", {"192.0.2.100"}}, {"lighttpd", "lighttpd", {}}};
    config::ResourceGroup g2;
    g2.node = "node2";
    g2.key = "svc::beta";
    g2.resources = {{"svc::beta", "svc", {"beta"}}};
    c.resources.groups = {g1, g2};
    return c;
}

MonitorOptions opts(unsigned max_restarts = 2)
{
    MonitorOptions o;
    o.enabled = true;
    o.interval = Duration(1000);
    o.max_restarts = max_restarts;
    o.window = Duration(60000);
    return o;
}

ScriptResult says(const char* out, int code = 0)
{
    ScriptResult r;
    r.output = out;
    r.exit_code = code;
    return r;
}

std::string call_text(const std::optional<ScriptCall>& c)
{
    return c ? c->resource + " " + c->action : "-";
}

}  // namespace

TEST_CASE("monitor: off by default, nothing to run")
{
    Monitor m(two_groups(), MonitorOptions{});
    m.set_held({"IPaddr::192.0.2.100"}, mono_ms(0));
    CHECK_FALSE(m.next_call(mono_ms(100000)));
    CHECK_FALSE(m.next_deadline());
}

TEST_CASE("monitor: checks only held groups, one interval after they became held, resource by resource")
{
    Monitor m(two_groups(), opts());
    m.set_held({"IPaddr::192.0.2.100"}, mono_ms(0));
    CHECK_FALSE(m.next_call(mono_ms(500)));
    REQUIRE(m.next_deadline());
    CHECK(to_ms(*m.next_deadline()) == 1000);
    CHECK(call_text(m.next_call(mono_ms(1000))) == "IPaddr::192.0.2.100 status");
    CHECK_FALSE(m.next_call(mono_ms(1000)));  // one at a time
    CHECK(m.on_result(says("running"), mono_ms(1010)).empty());
    CHECK(call_text(m.next_call(mono_ms(1010))) == "lighttpd status");
    CHECK(m.on_result(says("lighttpd is running."), mono_ms(1020)).empty());
    CHECK_FALSE(m.next_call(mono_ms(1020)));
    CHECK(call_text(m.next_call(mono_ms(2000))) == "IPaddr::192.0.2.100 status");
}

TEST_CASE("monitor: a stopped resource is restarted (stop, start, status) and recovers")
{
    Monitor m(two_groups(), opts());
    m.set_held({"IPaddr::192.0.2.100"}, mono_ms(0));
    CHECK(call_text(m.next_call(mono_ms(1000))) == "IPaddr::192.0.2.100 status");
    m.on_result(says("running"), mono_ms(1000));
    CHECK(call_text(m.next_call(mono_ms(1000))) == "lighttpd status");
    auto notes = m.on_result(says("lighttpd is not running"), mono_ms(1000));
    REQUIRE(notes.size() == 2);
    CHECK(notes[0].event == "failed");
    CHECK(notes[1].event == "restart");
    CHECK(m.groups()[0].state == "restarting");
    CHECK(call_text(m.next_call(mono_ms(1000))) == "lighttpd stop");
    m.on_result(says(""), mono_ms(1000));
    CHECK(call_text(m.next_call(mono_ms(1000))) == "lighttpd start");
    m.on_result(says(""), mono_ms(1000));
    CHECK(call_text(m.next_call(mono_ms(1000))) == "lighttpd status");
    notes = m.on_result(says("running"), mono_ms(1000));
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].event == "restarted");
    CHECK(m.groups()[0].state == "ok");
    CHECK(m.restarts_in_window("IPaddr::192.0.2.100", mono_ms(1000)) == 1);
    CHECK(m.restarts_in_window("IPaddr::192.0.2.100", mono_ms(61000)) == 0);
}

TEST_CASE("monitor: when restarts fail max_restarts times within the window the group is given away")
{
    Monitor m(two_groups(), opts(2));
    m.set_held({"svc::beta"}, mono_ms(0));
    CHECK(call_text(m.next_call(mono_ms(1000))) == "svc::beta status");
    auto notes = m.on_result(says("stopped"), mono_ms(1000));
    REQUIRE(notes.size() == 2);
    // Restart 1: the start fails.
    CHECK(call_text(m.next_call(mono_ms(1000))) == "svc::beta stop");
    m.on_result(says(""), mono_ms(1000));
    CHECK(call_text(m.next_call(mono_ms(1000))) == "svc::beta start");
    notes = m.on_result(says("", 1), mono_ms(1100));
    REQUIRE(notes.size() == 2);
    CHECK(notes[0].detail == "start failed with exit code 1");
    CHECK(notes[1].event == "restart");
    // Restart 2: started, but status says stopped.
    CHECK(call_text(m.next_call(mono_ms(1100))) == "svc::beta stop");
    m.on_result(says(""), mono_ms(1100));
    CHECK(call_text(m.next_call(mono_ms(1100))) == "svc::beta start");
    CHECK(m.on_result(says(""), mono_ms(1200)).empty());
    CHECK(call_text(m.next_call(mono_ms(1200))) == "svc::beta status");
    notes = m.on_result(says("stopped"), mono_ms(1300));
    REQUIRE(notes.size() == 2);
    CHECK(notes[1].event == "giveup");
    CHECK(notes[1].give_away == "svc::beta");
    CHECK(m.groups()[1].state == "given-away");
    CHECK_FALSE(m.next_call(mono_ms(100000)));
    // Released, and held again later: monitored afresh.
    m.set_held({}, mono_ms(200000));
    m.set_held({"svc::beta"}, mono_ms(300000));
    CHECK(m.groups()[1].state == "ok");
    CHECK(call_text(m.next_call(mono_ms(301000))) == "svc::beta status");
}

TEST_CASE("monitor: restarts older than the window do not count")
{
    Monitor m(two_groups(), opts(1));
    m.set_held({"svc::beta"}, mono_ms(0));
    auto fail_and_restart = [&](std::int64_t t) {
        CHECK(call_text(m.next_call(mono_ms(t))) == "svc::beta status");
        auto notes = m.on_result(says("stopped"), mono_ms(t));
        REQUIRE(notes.size() == 2);
        CHECK(notes[1].event == "restart");
        m.next_call(mono_ms(t));
        m.on_result(says(""), mono_ms(t));
        m.next_call(mono_ms(t));
        m.on_result(says(""), mono_ms(t));
        m.next_call(mono_ms(t));
        m.on_result(says("running"), mono_ms(t));
    };
    fail_and_restart(1000);
    fail_and_restart(70000);  // the first restart left the 60 s window
    CHECK(m.groups()[1].state == "ok");
}

TEST_CASE("monitor: a group released while it is being checked is dropped quietly")
{
    Monitor m(two_groups(), opts());
    m.set_held({"svc::beta"}, mono_ms(0));
    CHECK(call_text(m.next_call(mono_ms(1000))) == "svc::beta status");
    m.set_held({}, mono_ms(1001));
    CHECK(m.on_result(says("stopped"), mono_ms(1002)).empty());
    CHECK_FALSE(m.next_call(mono_ms(5000)));
}

TEST_CASE("monitor: a group still held a while after its giveup is monitored and restarted again")
{
    Monitor m(two_groups(), opts(0));
    m.set_held({"svc::beta"}, mono_ms(0));
    CHECK(call_text(m.next_call(mono_ms(1000))) == "svc::beta status");
    auto notes = m.on_result(says("stopped"), mono_ms(1000));
    REQUIRE(notes.size() == 2);
    CHECK(notes[1].event == "giveup");
    CHECK(m.set_held({"svc::beta"}, mono_ms(30000)).empty());
    CHECK_FALSE(m.next_call(mono_ms(30000)));
    REQUIRE(m.next_deadline());
    CHECK(to_ms(*m.next_deadline()) == 1000 + Monitor::kGiveawayGrace.count());
    notes = m.set_held({"svc::beta"}, mono_ms(1000 + Monitor::kGiveawayGrace.count()));
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].event == "giveup-failed");
    CHECK(m.groups()[1].state == "ok");
    CHECK(call_text(m.next_call(mono_ms(1000 + Monitor::kGiveawayGrace.count()))) == "svc::beta status");
}
