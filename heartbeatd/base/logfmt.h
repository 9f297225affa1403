// The log line formats of Heartbeat 3.0.6 (facts section 7), and heartbeatd's
// JSON-lines format (`logformat json`). Pure: the caller supplies the
// broken-down time.
#pragma once

#include <span>
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

/// `logformat json`: one JSON object per line, members in this order:
///   {"ts":"2026-11-23T16:34:24.123Z","level":"warn","node":"node2",
///    "ident":"heartbeat","pid":760,"msg":"node node1: is dead", FIELDS...}
/// `utc` is the UTC time, `millis` 0-999. Fields follow in the order given;
/// one named like a fixed member is dropped. Strings are escaped per RFC
/// 8259; bytes that are not valid UTF-8 become \u00XX (their Latin-1
/// reading), so every line is valid JSON whatever a message carries.
std::string format_log_json(const LocalTime& utc, int millis, std::string_view node, std::string_view entity,
    long pid, LogLevel level, std::string_view text, std::span<const LogField> fields = {});

/// `s` as a JSON string literal, quotes included (see format_log_json).
std::string json_string(std::string_view s);

}  // namespace hb
