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
