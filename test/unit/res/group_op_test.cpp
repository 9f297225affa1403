#include <doctest/doctest.h>

#include <map>
#include <vector>

#include "res/group_op.h"

using namespace hb;
using namespace hb::res;

namespace {

struct NullLog : Logger {
    std::vector<std::string> lines;
    void log(LogLevel, std::string_view t) override { lines.emplace_back(t); }
};

config::ResourceGroup group3()
{
    config::ResourceGroup g;
    g.node = "node1";
    g.key = "IPaddr::192.0.2.100";
    g.resources = {{"IPaddr::192.0.2.100", "IPaddr", {"192.0.2.100"}},
        {"Filesystem::/dev/loop0::/srv::ext4", "Filesystem", {"/dev/loop0", "/srv", "ext4"}},
        {"lighttpd", "lighttpd", {}}};
    return g;
}

// Drives a GroupOp with a scripted world: status answers and exit codes.
struct World {
    std::map<std::string, bool> running;         // resource -> state
    std::map<std::string, int> start_rc, stop_rc;  // defaults 0
    std::map<std::string, int> stop_failures;    // fail this many stops first
    std::vector<std::string> calls;              // "script action"

    ScriptResult run(const ScriptCall& c)
    {
        calls.push_back(c.script + " " + c.action);
        ScriptResult r;
        if (c.action == "status") {
            r.output = running[c.resource] ? "running" : "stopped";
        } else if (c.action == "start") {
            r.exit_code = start_rc[c.resource];
            if (r.exit_code == 0) running[c.resource] = true;
        } else {
            if (stop_failures[c.resource] > 0) {
                --stop_failures[c.resource];
                r.exit_code = 1;
            } else {
                r.exit_code = stop_rc[c.resource];
                if (r.exit_code == 0) running[c.resource] = false;
            }
        }
        return r;
    }
};

GroupOp::Outcome drive(GroupOp& op, World& w, std::int64_t* waited_ms = nullptr)
{
    MonoTime t = mono_ms(0);
    op.start(t);
    for (int guard = 0; guard < 1000 && op.state() != GroupOp::State::done; ++guard) {
        if (op.state() == GroupOp::State::running_script) {
            op.on_result(w.run(op.call()), t);
        } else {
            t = op.wake_at();
            op.on_timer(t);
        }
    }
    if (waited_ms) *waited_ms = to_ms(t);
    return op.outcome();
}

}  // namespace

TEST_CASE("status text decides ownership exactly as 3.0.6's shell patterns")
{
    CHECK(status_says_running("running"));
    CHECK(status_says_running("lighttpd is running."));
    CHECK(status_says_running("Running"));
    CHECK(status_says_running("OK"));
    CHECK(status_says_running("running (Primary)"));
    // The facts file calls this "owned"; 3.0.6's shell pattern says otherwise
    // ("cannot " contains "not "), and the real ResourceManager wins.
    CHECK_FALSE(status_says_running("cannot determine status, may be running (Unknown)"));
    CHECK_FALSE(status_says_running("not running"));
    CHECK_FALSE(status_says_running("lighttpd is not running ... failed!"));
    CHECK_FALSE(status_says_running("NOT Running"));
    CHECK_FALSE(status_says_running("stopped"));
    CHECK_FALSE(status_says_running(""));
    CHECK_FALSE(status_says_running("RUNNING"));     // [Rr]unning only
    CHECK_FALSE(status_says_running("ok"));          // *OK* is case-sensitive
    CHECK(status_says_running("notrunning"));        // "not" needs a space after it
}

TEST_CASE("take: left to right, status first, skipping what already runs")
{
    NullLog log;
    World w;
    w.running["Filesystem::/dev/loop0::/srv::ext4"] = true;
    GroupOp op(group3(), GroupAction::take, {}, log);
    CHECK(drive(op, w) == GroupOp::Outcome::ok);
    CHECK(w.calls == std::vector<std::string>{"IPaddr status", "IPaddr start", "Filesystem status",
                         "lighttpd status", "lighttpd start"});
    CHECK(log.lines.front() == "Acquiring resource group: node1 IPaddr::192.0.2.100 "
                               "Filesystem::/dev/loop0::/srv::ext4 lighttpd");
}

TEST_CASE("take: a failing start gives the whole group up again, right to left")
{
    NullLog log;
    World w;
    w.start_rc["Filesystem::/dev/loop0::/srv::ext4"] = 1;
    GroupOp op(group3(), GroupAction::take, {}, log);
    CHECK(drive(op, w) == GroupOp::Outcome::start_failed);
    CHECK(op.failed_resource() == "Filesystem::/dev/loop0::/srv::ext4");
    CHECK(w.calls == std::vector<std::string>{"IPaddr status", "IPaddr start", "Filesystem status",
                         "Filesystem start", "lighttpd stop", "Filesystem stop", "IPaddr stop"});
    bool crit = false;
    for (auto& l : log.lines) crit |= l == "Giving up resources due to failure of Filesystem::/dev/loop0::/srv::ext4";
    CHECK(crit);
}

TEST_CASE("give: right to left, a failing stop is retried 1 s apart up to 10 times")
{
    NullLog log;
    World w;
    w.stop_failures["Filesystem::/dev/loop0::/srv::ext4"] = 3;
    GroupOp op(group3(), GroupAction::give, {}, log);
    std::int64_t waited = 0;
    CHECK(drive(op, w, &waited) == GroupOp::Outcome::ok);
    CHECK(w.calls == std::vector<std::string>{"lighttpd stop", "Filesystem stop", "Filesystem stop",
                         "Filesystem stop", "Filesystem stop", "IPaddr stop"});
    CHECK(waited == 3000);
    int retries = 0;
    for (auto& l : log.lines) retries += l == "Retrying failed stop operation [Filesystem::/dev/loop0::/srv::ext4]";
    CHECK(retries == 3);
}

TEST_CASE("give: a stop that keeps failing while the resource runs is a failed stop")
{
    NullLog log;
    World w;
    w.running["lighttpd"] = true;
    w.stop_rc["lighttpd"] = 1;
    GroupOp op(group3(), GroupAction::give, {}, log);
    std::int64_t waited = 0;
    CHECK(drive(op, w, &waited) == GroupOp::Outcome::stop_failed);
    CHECK(op.failed_resource() == "lighttpd");
    CHECK(waited == 10000);  // 10 retries, 1 s apart
    CHECK(w.calls.size() == 12);  // 11 stops + 1 status
    CHECK(w.calls.back() == "lighttpd status");
}

TEST_CASE("give: a failing stop of something not running only warns (not LSB-compliant)")
{
    NullLog log;
    World w;
    w.stop_rc["lighttpd"] = 1;
    GroupOpOptions o;
    o.stop_retries = 2;
    GroupOp op(group3(), GroupAction::give, o, log);
    CHECK(drive(op, w) == GroupOp::Outcome::ok);
    bool warned = false;
    for (auto& l : log.lines) warned |= l == "Resource script for lighttpd probably not LSB-compliant.";
    CHECK(warned);
    CHECK(w.calls.back() == "IPaddr stop");
}
