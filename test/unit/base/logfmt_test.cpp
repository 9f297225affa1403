#include <doctest/doctest.h>

#include "base/logfmt.h"

using namespace hb;

TEST_CASE("log lines in 3.0.6's syslog-style format")
{
    LocalTime t{2026, 11, 23, 16, 34, 24};
    CHECK(format_log_line(t, "node2", "heartbeat", 760, LogLevel::warn, "node node1: is dead", true)
        == "Nov 23 16:34:24 node2 heartbeat: [760]: WARN: node node1: is dead");
    LocalTime early{2026, 3, 5, 1, 2, 3};
    CHECK(format_log_line(early, "n", "heartbeat", 1, LogLevel::info, "x", true)
        == "Mar  5 01:02:03 n heartbeat: [1]: info: x");
}

TEST_CASE("log lines with syslogmsgfmt false")
{
    LocalTime t{2026, 11, 23, 16, 34, 24};
    CHECK(format_log_line(t, "node2", "heartbeat", 760, LogLevel::crit, "boom", false)
        == "heartbeat[760]: 2026/11/23_16:34:24 CRIT: boom");
    CHECK(format_log_line(t, "node2", "heartbeat", 760, LogLevel::err, "e", false)
        == "heartbeat[760]: 2026/11/23_16:34:24 ERROR: e");
    CHECK(format_log_line(t, "node2", "heartbeat", 760, LogLevel::debug, "d", false)
        == "heartbeat[760]: 2026/11/23_16:34:24 debug: d");
}

TEST_CASE("JSON lines: fixed members in order, UTC with milliseconds")
{
    LocalTime t{2026, 11, 23, 16, 34, 24};
    CHECK(format_log_json(t, 7, "node2", "heartbeat", 760, LogLevel::warn, "node node1: is dead")
        == R"({"ts":"2026-11-23T16:34:24.007Z","level":"warn","node":"node2","ident":"heartbeat",)"
           R"("pid":760,"msg":"node node1: is dead"})");
    CHECK(format_log_json(t, 999, "n", "heartbeat", 1, LogLevel::err, "x").find(R"("level":"error")")
        != std::string::npos);
    CHECK(format_log_json(t, 0, "n", "heartbeat", 1, LogLevel::crit, "x").find(R"("level":"crit")")
        != std::string::npos);
    CHECK(format_log_json(t, 0, "n", "heartbeat", 1, LogLevel::debug, "x").find(R"("ts":"2026-11-23T16:34:24.000Z")")
        != std::string::npos);
}

TEST_CASE("JSON lines: fields from the call site, numbers unquoted, fixed names kept")
{
    LocalTime t{2026, 1, 2, 3, 4, 5};
    const LogField fields[] = {{"file", "/etc/ha.d/ha.cf"}, {"line", "12", true}, {"msg", "clobber"},
                               {"code", "007", true}, {"delta", "-5", true}, {"bad", "12a", true}};
    CHECK(format_log_json(t, 0, "n", "heartbeat", 9, LogLevel::info, "m", fields)
        == R"({"ts":"2026-01-02T03:04:05.000Z","level":"info","node":"n","ident":"heartbeat","pid":9,"msg":"m",)"
           R"("file":"/etc/ha.d/ha.cf","line":12,"code":"007","delta":-5,"bad":"12a"})");
}

TEST_CASE("JSON strings: escapes, control bytes, UTF-8 kept, invalid bytes as \\u00XX")
{
    CHECK(json_string("plain") == R"("plain")");
    CHECK(json_string("a\"b\\c") == R"("a\"b\\c")");
    CHECK(json_string("l1\nl2\r\t") == R"("l1\nl2\r\t")");
    CHECK(json_string(std::string_view("\x01\x1f\x7f", 3)) == R"("\u0001\u001f\u007f")");
    CHECK(json_string(std::string_view("nul\0x", 5)) == R"("nul\u0000x")");
    CHECK(json_string("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80") == "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
    CHECK(json_string("\xff\xfe") == R"("\u00ff\u00fe")");
    CHECK(json_string("\xc3") == R"("\u00c3")");                       // truncated sequence
    CHECK(json_string("\xc0\xaf") == R"("\u00c0\u00af")");             // overlong
    CHECK(json_string("\xed\xa0\x80") == R"("\u00ed\u00a0\u0080")");  // surrogate
    CHECK(json_string("\xf4\x90\x80\x80") == R"("\u00f4\u0090\u0080\u0080")");  // above U+10FFFF
}
