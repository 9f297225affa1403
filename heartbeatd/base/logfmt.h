// The log line formats of Heartbeat 3.0.6 (facts section 7). Pure: the
// caller supplies the broken-down local time.
#pragma once

#include <string>
#include <string_view>

#include "base/log.h"

namespace hb {

struct LocalTime {
    int year = 1970;  // e.g. 2026
    int month = 1;    // 1..12
    int day = 1;      // 1..31
    int hour = 0, minute = 0, second = 0;
};

/// syslogmsgfmt true (default):
///   `Nov 23 16:34:24 node2 heartbeat: [760]: WARN: node node1: is dead`
/// syslogmsgfmt false:
///   `heartbeat[760]: 2026/11/23_16:34:24 WARN: node node1: is dead`
std::string format_log_line(const LocalTime& t, std::string_view node, std::string_view entity,
    long pid, LogLevel level, std::string_view text, bool syslogmsgfmt);

}  // namespace hb
