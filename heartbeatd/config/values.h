// Value readers shared by the configuration parsers: times, booleans,
// bounded integers, address literals, host names, syslog facilities and the
// /etc/services lookup. Pure: no sockets, no resolver, no files; the address
// checks are written here because <arpa/inet.h> is off limits in pure code.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/time.h"

namespace hb::config {

/// A Heartbeat time value as cluster-glue's cl_get_msec() reads it:
/// `10` or `1.5` are seconds, `1500ms`/`1500msec` milliseconds,
/// `500us`/`500usec` microseconds (suffixes case-insensitive), rounded to the
/// nearest millisecond (half up). Unlike cl_get_msec, junk such as `1.2.3`,
/// `10s` or `1500msx` is rejected instead of half-read. Values above about
/// 24 days (INT32_MAX ms) are rejected too.
std::optional<Duration> parse_time(std::string_view s);

/// cl_str_to_boolean(): true/on/yes/y/1 and false/off/no/n/0, any case.
std::optional<bool> parse_bool(std::string_view s);

/// A whole-string decimal integer in [lo, hi] (an optional leading '+' or
/// '-' is allowed); nullopt otherwise.
std::optional<long long> parse_int(std::string_view s, long long lo, long long hi);

/// Dotted-quad IPv4 literal, exactly four decimal parts 0..255 (inet_pton
/// AF_INET rules: no leading zeros beyond a lone 0 are required, so "010" is
/// rejected as inet_pton does).
std::optional<std::array<std::uint8_t, 4>> parse_ipv4(std::string_view s);
bool is_ipv4(std::string_view s);

/// IPv6 literal (RFC 4291 text forms, including "::" and a trailing dotted
/// quad), without any "%scope".
std::optional<std::array<std::uint8_t, 16>> parse_ipv6(std::string_view s);
/// IPv6 literal with an optional "%scope" suffix (interface name or index).
bool is_ipv6_with_scope(std::string_view s);
/// The part of an IPv6 text before any "%scope".
std::string_view ipv6_without_scope(std::string_view s);

/// A syntactically valid DNS host name (letters, digits, '-', '_' and dots;
/// labels of 1..63 characters, 253 at most in all, not all-numeric at the
/// end so that a mistyped address such as 10.0.0.300 is not taken for one).
bool is_hostname(std::string_view s);

/// The syslog facility names 3.0.6 accepts for `logfacility` (glibc's
/// facilitynames table as Debian's cluster-glue uses it, plus `none`).
/// Returns the facility code (LOG_LOCAL0 is 128); `none` and `kern` are 0,
/// which 3.0.6 treats as "no syslog".
std::optional<int> syslog_facility(std::string_view name);

/// Splits on 3.0.6's DELIMS (space, tab, CR, LF, FF and comma): the way the
/// option directives (`node a,b`) are read.
std::vector<std::string> split_delims(std::string_view s);

/// The UDP port of `service` in an /etc/services text, or nullopt.
std::optional<int> services_udp_port(std::string_view services_text, std::string_view service);

}  // namespace hb::config
