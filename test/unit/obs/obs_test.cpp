// The action history ring, JSON escaping and documents, the Prometheus
// page and the metrics endpoint's request parsing.
#include <doctest/doctest.h>

#include "obs/history.h"
#include "obs/http.h"
#include "obs/json.h"

using namespace hb;
using namespace hb::obs;

namespace {

HistoryEntry action(const std::string& what, int exit_code)
{
    HistoryEntry e;
    e.wall = 1700000000;
    e.kind = "resource";
    e.event = what;
    e.subject = "IPaddr::192.0.2.100";
    e.script = "IPaddr";
    e.args = {"192.0.2.100"};
    e.exit_code = exit_code;
    e.duration_ms = 12;
    e.reason = "mach_down";
    return e;
}

control::StatusView sample_view()
{
    control::StatusView v;
    v.version = "1.0";
    v.local_node = "node1";
    v.local_status = "active";
    v.generation = 7;
    v.uptime_s = 42;
    control::NodeView n;
    n.name = "node2";
    n.type = "normal";
    n.status = "dead";
    n.largest_gap_ms = 2500;
    n.late_warnings = 3;
    n.links = {{"eth0", "dead", 0, 0}, {"eth1", "up", 1500, 2}};
    v.nodes = {n};
    control::GroupView g;
    g.key = "IPaddr::192.0.2.100";
    g.owner = "node1";
    g.resources = {"IPaddr::192.0.2.100", "lighttpd"};
    g.state = "held";
    g.monitor = "restarting";
    g.restarts = 2;
    v.groups = {g};
    v.drops = {{"eth0", "bad-auth", 4}, {"eth1", "bad-auth", 1}, {"eth1", "replay", 2}};
    v.counters = {{"frames_in", 10}};
    v.actions[{"start", "ok"}] = 5;
    return v;
}

}  // namespace

TEST_CASE("history: the ring keeps the newest entries up to its capacity, ids keep counting")
{
    History h(3);
    for (int i = 0; i < 5; ++i) {
        h.add(action("start", 0));
    }
    REQUIRE(h.entries().size() == 3);
    CHECK(h.entries().front().id == 3);
    CHECK(h.entries().back().id == 5);
    CHECK(h.dropped() == 2);
}

TEST_CASE("history: action counts survive the ring and say ok, failed or timeout")
{
    History h(1);
    h.add(action("start", 0));
    h.add(action("start", 1));
    HistoryEntry t = action("stop", -1);
    t.timed_out = true;
    h.add(t);
    h.count("status", "ok");
    CHECK(h.action_counts().at({"start", "ok"}) == 1);
    CHECK(h.action_counts().at({"start", "failed"}) == 1);
    CHECK(h.action_counts().at({"stop", "timeout"}) == 1);
    CHECK(h.action_counts().at({"status", "ok"}) == 1);
    CHECK(h.entries().size() == 1);
}

TEST_CASE("history: text fields are bounded")
{
    History h(2);
    HistoryEntry e = action("start", 0);
    e.detail = std::string(5000, 'x');
    e.output = std::string(5000, 'y');
    const HistoryEntry& kept = h.add(e);
    CHECK(kept.detail.size() == History::kFieldBytes);
    CHECK(kept.output.size() == History::kOutputBytes);
    CHECK(kept.output.substr(kept.output.size() - 3) == "...");
}

TEST_CASE("first_lines: non-empty lines joined, control bytes replaced, cut to the bound")
{
    CHECK(first_lines("a\n\nb\r\nc\nd\n", 3, 100) == "a | b | c");
    CHECK(first_lines("x\x01y\n", 3, 100) == "x?y");
    CHECK(first_lines("", 3, 100).empty());
    CHECK(first_lines("abcdefghij", 1, 8) == "abcde...");
}

TEST_CASE("utc_stamp: civil UTC time")
{
    CHECK(utc_stamp(0) == "1970-01-01 00:00:00");
    CHECK(utc_stamp(1700000000) == "2023-11-14 22:13:20");
    CHECK(utc_stamp(951782400) == "2000-02-29 00:00:00");
}

TEST_CASE("format_history: one line per entry with script, exit code, duration and reason")
{
    History h;
    HistoryEntry e = action("start", 1);
    e.output = "boom";
    h.add(e);
    const std::string text = format_history(h.entries());
    CHECK(text == "2023-11-14 22:13:20 #1 resource start IPaddr::192.0.2.100 script=IPaddr exit=1 12ms "
                  "reason=mach_down out=\"boom\"\n");
}

TEST_CASE("json_string: quotes, backslashes, control characters and bytes that are not UTF-8")
{
    CHECK(json_string("plain") == "\"plain\"");
    CHECK(json_string("a\"b\\c") == "\"a\\\"b\\\\c\"");
    CHECK(json_string("l1\nl2\tx\r") == "\"l1\\nl2\\tx\\r\"");
    CHECK(json_string(std::string("\x01\x1f\x7f", 3)) == "\"\\u0001\\u001f\\u007f\"");
    CHECK(json_string(std::string("nul\0x", 5)) == "\"nul\\u0000x\"");
    CHECK(json_string("caf\xc3\xa9") == "\"caf\xc3\xa9\"");            // valid UTF-8 kept
    CHECK(json_string("\xe2\x82\xac") == "\"\xe2\x82\xac\"");
    CHECK(json_string("bad\xff") == "\"bad\\u00ff\"");                  // stray byte escaped
    CHECK(json_string("\xc3") == "\"\\u00c3\"");                        // truncated sequence
    CHECK(json_string("\xc0\xaf") == "\"\\u00c0\\u00af\"");             // overlong
    CHECK(json_string("\xed\xa0\x80") == "\"\\u00ed\\u00a0\\u0080\"");  // surrogate
}

TEST_CASE("status_json: nodes with gaps and late warnings, groups, drops by reason, counters")
{
    const std::string j = status_json(sample_view());
    CHECK(j.find("\"generation\":7") != std::string::npos);
    CHECK(j.find("\"uptime_s\":42") != std::string::npos);
    CHECK(j.find("\"largest_gap_ms\":2500") != std::string::npos);
    CHECK(j.find("\"late_warnings\":3") != std::string::npos);
    CHECK(j.find("{\"name\":\"eth1\",\"status\":\"up\",\"largest_gap_ms\":1500,\"late_gaps\":2}")
        != std::string::npos);
    CHECK(j.find("\"owner\":\"node1\",\"state\":\"held\"") != std::string::npos);
    CHECK(j.find("\"restarts_in_window\":2") != std::string::npos);
    CHECK(j.find("\"dropped_packets\":{\"bad-auth\":5,\"replay\":2}") != std::string::npos);
    CHECK(j.find("\"stonith_pending\":[]") != std::string::npos);
    CHECK(j.find("{\"action\":\"start\",\"result\":\"ok\",\"count\":5}") != std::string::npos);
}

TEST_CASE("history_json: resource entries carry exit code, duration, output and result")
{
    std::vector<HistoryEntry> v{action("start", 1)};
    v[0].id = 9;
    v[0].output = "line \"1\"";
    const std::string j = history_json(v, 4);
    CHECK(j.find("\"dropped\":4") != std::string::npos);
    CHECK(j.find("\"id\":9") != std::string::npos);
    CHECK(j.find("\"exit_code\":1") != std::string::npos);
    CHECK(j.find("\"duration_ms\":12") != std::string::npos);
    CHECK(j.find("\"output\":\"line \\\"1\\\"\"") != std::string::npos);
    CHECK(j.find("\"result\":\"failed\"") != std::string::npos);
    CHECK(j.find("\"args\":[\"192.0.2.100\"]") != std::string::npos);
}

TEST_CASE("metrics_text: stable names, escaped labels, every drop reason present")
{
    control::StatusView v = sample_view();
    v.nodes[0].name = "we\"ird\\node";
    const std::string m = metrics_text(v);
    CHECK(m.find("heartbeat_generation 7\n") != std::string::npos);
    CHECK(m.find("heartbeat_node_up{node=\"we\\\"ird\\\\node\"} 0\n") != std::string::npos);
    CHECK(m.find("heartbeat_link_up{node=\"we\\\"ird\\\\node\",link=\"eth1\"} 1\n") != std::string::npos);
    CHECK(m.find("heartbeat_packets_dropped_total{reason=\"bad-auth\"} 5\n") != std::string::npos);
    CHECK(m.find("heartbeat_packets_dropped_total{reason=\"too-big\"} 0\n") != std::string::npos);
    CHECK(m.find("heartbeat_resource_group_active{group=\"IPaddr::192.0.2.100\",node=\"node1\"} 1\n")
        != std::string::npos);
    CHECK(m.find("heartbeat_resource_actions_total{action=\"start\",result=\"ok\"} 5\n") != std::string::npos);
    CHECK(m.find("heartbeat_largest_gap_seconds{node=\"we\\\"ird\\\\node\"} 2.500\n") != std::string::npos);
    CHECK(m.find("# TYPE heartbeat_packets_dropped_total counter\n") != std::string::npos);
    CHECK(m.find("heartbeat_link_largest_gap_seconds{node=\"we\\\"ird\\\\node\",link=\"eth1\"} 1.500\n")
        != std::string::npos);
    CHECK(m.find("heartbeat_link_late_gaps_total{node=\"we\\\"ird\\\\node\",link=\"eth1\"} 2\n")
        != std::string::npos);
    CHECK(prom_label("a\nb") == "a\\nb");
}

TEST_CASE("http: GET /metrics, other paths, other methods, partial and oversized requests")
{
    CHECK(parse_http_request("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n").verdict == HttpVerdict::metrics);
    CHECK(parse_http_request("GET /metrics?x=1 HTTP/1.0\n\n").verdict == HttpVerdict::metrics);
    CHECK(parse_http_request("HEAD /metrics HTTP/1.1\r\n\r\n").head);
    CHECK(parse_http_request("GET / HTTP/1.1\r\n\r\n").verdict == HttpVerdict::not_found);
    CHECK(parse_http_request("POST /metrics HTTP/1.1\r\n\r\n").verdict == HttpVerdict::bad_method);
    CHECK(parse_http_request("GET /metrics HTTP/1.1\r\nHost").verdict == HttpVerdict::incomplete);
    CHECK(parse_http_request(std::string(kMaxHttpRequest + 1, 'a')).verdict == HttpVerdict::bad_request);
    CHECK(parse_http_request("garbage\r\n\r\n").verdict == HttpVerdict::bad_request);
    const std::string big = "GET /metrics HTTP/1.1\r\nX: " + std::string(kMaxHttpRequest, 'a') + "\r\n\r\n";
    CHECK(parse_http_request(big).verdict == HttpVerdict::bad_request);
    const std::string r = http_response(HttpRequest{HttpVerdict::metrics, false}, "x 1\n");
    CHECK(r.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
    CHECK(r.find("Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n") != std::string::npos);
    CHECK(r.find("Content-Length: 4\r\n") != std::string::npos);
    CHECK(r.substr(r.size() - 4) == "x 1\n");
    CHECK(http_response(HttpRequest{HttpVerdict::not_found, false}, "").rfind("HTTP/1.1 404", 0) == 0);
}
