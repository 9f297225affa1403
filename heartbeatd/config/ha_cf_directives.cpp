// The ha.cf directive table (one row per directive Heartbeat 3.0.6 accepts:
// its Directives[] and WLdirectives[] tables, the HBcomm media plugins
// Debian ships, and the `udp` alias) and the handlers of the option
// directives. Media and whole-line handlers live in ha_cf_media.cpp.
// Pure. Message texts keep 3.0.6's wording where it has one.
#include <algorithm>
#include <array>

#include "base/strings.h"
#include "config/ha_cf_parser.h"
#include "config/values.h"

namespace hb::config {

namespace {

std::string quoted(std::string_view v) { return "[" + std::string(v) + "]"; }

const char* const kTimeHint = "expected a time: seconds (10, 1.5) or a number ending in ms or us";
const char* const kBoolHint = "expected yes/no, on/off, true/false, y/n or 1/0";

std::optional<Duration> read_time(HaCfParser& p, int line, std::string_view name, std::string_view v)
{
    auto t = parse_time(v);
    if (!t) {
        p.error(line, "Invalid " + std::string(name) + " " + quoted(v) + ": " + kTimeHint);
    }
    return t;
}

std::optional<bool> read_bool(HaCfParser& p, int line, std::string_view name, std::string_view v)
{
    auto b = parse_bool(v);
    if (!b) {
        p.error(line, "Invalid " + std::string(name) + " " + quoted(v) + ": " + kBoolHint);
    }
    return b;
}

std::optional<long long> read_int(HaCfParser& p, int line, std::string_view name, std::string_view v,
                                  long long lo, long long hi)
{
    auto n = parse_int(v, lo, hi);
    if (!n) {
        p.error(line, "Invalid " + std::string(name) + " " + quoted(v) + ": expected an integer from "
                          + std::to_string(lo) + " to " + std::to_string(hi));
    }
    return n;
}

// --- handlers ----------------------------------------------------------------

void set_hopfudge(HaCfParser& p, int line, std::string_view v)
{
    if (auto n = read_int(p, line, "hopfudge", v, 0, 255)) {
        p.cf.hopfudge = static_cast<int>(*n);
    }
}

void set_udpport(HaCfParser& p, int line, std::string_view v)
{
    auto n = parse_int(v, 1, 65535);
    if (!n) {
        p.error(line, "invalid port " + quoted(v) + " specified.");
        return;
    }
    p.cf.udpport = static_cast<int>(*n);
    p.udpport_set = true;
    // 3.0.6 prints "udpport setting must precede media statements" always;
    // it only matters when a bcast/ucast/ucast6 line already fixed its port.
    if (p.bcast_port || p.ucast_port || p.ucast6_port) {
        p.warning(line,
                  "udpport setting must precede media statements: bcast, ucast and ucast6 keep the "
                  "port in effect at their first line",
                  "move 'udpport " + std::string(v) + "' above the first bcast/ucast/ucast6 line");
    }
}

void set_baud(HaCfParser& p, int line, std::string_view v)
{
    static constexpr std::array<long long, 7> rates{9600, 19200, 38400, 57600, 115200, 230400, 460800};
    if (p.baud_set) {
        p.error(line, "Baudrate multiply specified.");
        return;
    }
    p.baud_set = true;
    auto n = parse_int(v, 1, 460800);
    if (!n || std::find(rates.begin(), rates.end(), *n) == rates.end()) {
        p.error(line, "invalid baudrate " + quoted(v) + " specified.");
        return;
    }
    p.cf.baud = static_cast<int>(*n);
    if (p.serial_baud) {
        p.warning(line,
                  "baudrate setting must precede media statements: serial links keep "
                      + std::to_string(*p.serial_baud) + " baud",
                  "move 'baud " + std::string(v) + "' above the first serial line");
    }
}

void set_logfile(HaCfParser& p, int, std::string_view v) { p.cf.logfile = std::string(v); }
void set_debugfile(HaCfParser& p, int, std::string_view v) { p.cf.debugfile = std::string(v); }

void set_logfacility(HaCfParser& p, int line, std::string_view v)
{
    auto code = syslog_facility(v);
    if (!code) {
        p.error(line, "Log facility(" + std::string(v) + ") not valid");
        return;
    }
    p.cf.logfacility = std::string(v);
    p.facility_code = *code;
}

void set_use_logd(HaCfParser& p, int line, std::string_view v)
{
    if (auto b = read_bool(p, line, "use_logd", v)) {
        p.cf.use_logd = *b;
        p.use_logd_set = true;
    }
}

void set_syslogmsgfmt(HaCfParser& p, int line, std::string_view v)
{
    if (auto b = read_bool(p, line, "syslogmsgfmt", v)) {
        p.cf.syslogmsgfmt = *b;
    }
}

void set_logformat(HaCfParser& p, int line, std::string_view v)
{
    if (v == "classic") {
        p.cf.logformat = LogFormat::classic;
    } else if (v == "json") {
        p.cf.logformat = LogFormat::json;
    } else {
        p.error(line, "Invalid logformat " + quoted(v) + ": expected classic or json");
    }
}

void set_log_badpack(HaCfParser& p, int line, std::string_view v)
{
    if (auto b = read_bool(p, line, "log_badpack", v)) {
        p.cf.log_badpack = *b;
    }
}

void set_debug(HaCfParser& p, int line, std::string_view v)
{
    if (auto n = read_int(p, line, "debug", v, 0, 255)) {
        p.cf.debug = static_cast<int>(*n);
    }
}

void set_realtime(HaCfParser& p, int line, std::string_view v)
{
    if (auto b = read_bool(p, line, "realtime", v)) {
        p.cf.realtime = *b;
    }
}

}  // namespace

void set_ipfail(HaCfParser& p, int line, std::string_view v)
{
    if (auto b = read_bool(p, line, "ipfail", v)) {
        p.cf.ipfail = *b;
        p.ipfail_directive_line = line;
    }
}

namespace {

void set_rtprio(HaCfParser& p, int line, std::string_view v)
{
    // sched_get_priority_min/max(SCHED_FIFO) on Linux.
    auto n = parse_int(v, 1, 99);
    if (!n) {
        p.error(line, "Illegal realtime priority " + quoted(v) + " (expected 1 to 99)");
        return;
    }
    p.cf.rtprio = static_cast<int>(*n);
}

void set_auto_failback(HaCfParser& p, int line, std::string_view v)
{
    if (auto b = parse_bool(v)) {
        p.cf.auto_failback = *b ? AutoFailback::on : AutoFailback::off;
        p.nice_failback_global = true;
    } else if (iequals(v, "legacy")) {
        p.cf.auto_failback = AutoFailback::legacy;
        p.nice_failback_global = false;
    } else {
        p.error(line, "Invalid auto_failback " + quoted(v) + ": expected on, off or legacy");
    }
}

void set_nice_failback(HaCfParser& p, int line, std::string_view v)
{
    p.warning(line, "nice_failback flag is obsolete. Use auto_failback {on, off, legacy} instead.");
    if (!read_bool(p, line, "nice_failback", v)) {
        return;
    }
    // 3.0.6's set_nice_failback() tests its global nice_failback flag, which
    // only an earlier `auto_failback on|off` sets, not the value given here.
    // So `nice_failback on` alone means legacy. Peers must agree on the mode,
    // so we read it exactly as a 3.0.6 node next to us does.
    if (p.nice_failback_global) {
        p.warning(line, "'nice_failback " + std::string(v) + "' has been changed to 'auto_failback off'");
        p.cf.auto_failback = AutoFailback::off;
        p.record("auto_failback", "off");
    } else {
        p.warning(line, "nice_failback " + std::string(v)
                            + " has been strictly interpreted as 'auto_failback legacy'");
        p.cf.auto_failback = AutoFailback::legacy;
        p.record("auto_failback", "legacy");
    }
}

void set_hbgenmethod(HaCfParser& p, int line, std::string_view v)
{
    if (v == "file") {
        p.cf.hbgenmethod = HbGenMethod::file;
    } else if (v == "time") {
        p.cf.hbgenmethod = HbGenMethod::time;
    } else {
        p.error(line, "Illegal hb generation method " + quoted(v) + " (expected file or time)");
    }
}

void set_msgfmt(HaCfParser& p, int line, std::string_view v)
{
    if (v == "classic") {
        p.cf.msgfmt = MsgFmt::classic;
    } else if (v == "netstring") {
        p.cf.msgfmt = MsgFmt::netstring;
    } else {
        p.error(line, "Invalid msgfmt " + quoted(v) + ": expected classic or netstring");
    }
}

void set_max_rexmit_delay(HaCfParser& p, int line, std::string_view v)
{
    auto n = parse_int(v, 1, 3'600'000);
    if (!n) {
        p.error(line, "Invalid max_rexmit_delay time(" + std::string(v) + "): expected milliseconds, 1 or more");
        return;
    }
    p.cf.max_rexmit_delay_ms = static_cast<int>(*n);
}

void set_uuidfrom(HaCfParser& p, int line, std::string_view v)
{
    if (v == "file") {
        p.cf.uuidfrom = UuidFrom::file;
    } else if (v == "nodename") {
        p.cf.uuidfrom = UuidFrom::nodename;
    } else {
        p.error(line, "Invalid uuidfrom directive " + quoted(v) + " (expected file or nodename)");
    }
}

void set_watchdog(HaCfParser& p, int line, std::string_view v)
{
    if (p.watchdog_set) {
        p.error(line, "Watchdog device multiply specified.");
        return;
    }
    p.watchdog_set = true;
    p.cf.watchdog = std::string(v);
}

void set_env(HaCfParser& p, int line, std::string_view v)
{
    const auto eq = v.find('=');
    if (eq == std::string_view::npos || eq == 0) {
        p.error(line, "env: invalid nvpair(" + std::string(v) + "): expected NAME=value");
        return;
    }
    p.cf.env.emplace_back(std::string(v.substr(0, eq)), std::string(v.substr(eq + 1)));
}

// Pacemaker (crm) and autojoin: accepted only when switched off, because
// heartbeatd runs haresources (R1) resource management only.
void set_pacemaker_common(HaCfParser& p, int line, std::string_view name, std::string_view v)
{
    if (p.pacemaker_seen) {
        p.error(line, "pacemaker/crm directive used multiple times!");
        return;
    }
    p.pacemaker_seen = true;
    auto b = parse_bool(v);
    if (b && !*b) {
        p.record("pacemaker", v);
        return;
    }
    static constexpr std::array<std::string_view, 5> modes{"respawn", "minimal", "manual", "ccm-only", "valgrind"};
    const bool known = b.has_value()
                       || std::any_of(modes.begin(), modes.end(), [&](auto m) { return iequals(v, m); });
    if (!known) {
        p.error(line, "Invalid " + std::string(name) + " directive " + quoted(v));
        return;
    }
    p.error(line, "crm/pacemaker mode is not supported by heartbeatd (haresources/R1 mode only); "
                  "remove the line or set it to off");
}

void set_crm(HaCfParser& p, int line, std::string_view v) { set_pacemaker_common(p, line, "crm", v); }
void set_pacemaker(HaCfParser& p, int line, std::string_view v) { set_pacemaker_common(p, line, "pacemaker", v); }

void set_autojoin(HaCfParser& p, int line, std::string_view v)
{
    if (iequals(v, "none")) {
        return;
    }
    if (iequals(v, "other") || iequals(v, "any")) {
        p.error(line, "autojoin " + std::string(v)
                          + " is not supported by heartbeatd: R1 style resource management conflicts with "
                            "autojoin; remove the line or set it to none");
        return;
    }
    p.error(line, "Invalid autojoin directive " + quoted(v));
}

// Accepted-and-ignored directives: values checked as 3.0.6 checks them.
void accept_any(HaCfParser&, int, std::string_view) {}

void accept_bool(HaCfParser& p, int line, std::string_view v)
{
    if (!parse_bool(v)) {
        p.error(line, "Invalid directive value " + quoted(v) + ": " + kBoolHint);
    }
}

void accept_positive(HaCfParser& p, int line, std::string_view v)
{
    if (!parse_int(v, 1, 1'000'000'000)) {
        p.error(line, "Invalid directive value " + quoted(v) + ": expected a positive integer");
    }
}

void accept_compression(HaCfParser& p, int line, std::string_view v)
{
    // The compression plugins Debian's 3.0.6 ships.
    if (v != "zlib" && v != "bz2") {
        p.error(line, "Invalid compression " + quoted(v) + ": expected zlib or bz2");
    }
}

void accept_time_positive(HaCfParser& p, int line, std::string_view v)
{
    auto t = read_time(p, line, "conn_logd_time", v);
    if (t && t->count() <= 0) {
        p.error(line, "Invalid conn_logd_time " + quoted(v) + ": must be greater than 0");
    }
}

void accept_before_pacemaker(HaCfParser& p, int line, std::string_view name)
{
    if (p.pacemaker_seen) {
        p.error(line, "If you specify " + std::string(name) + ", it must come before the pacemaker directive");
    }
}

void accept_crm_daemon_dir(HaCfParser& p, int line, std::string_view)
{
    accept_before_pacemaker(p, line, "crm_daemon_dir");
}

void accept_crmd_spawns_pengine(HaCfParser& p, int line, std::string_view v)
{
    accept_before_pacemaker(p, line, "crmd_spawns_pengine");
    accept_bool(p, line, v);
}

// --- heartbeatd extensions (not in 3.0.6) -------------------------------------

void set_metrics(HaCfParser& p, int line, std::string_view v)
{
    // ADDRESS:PORT, [IPV6]:PORT, or off.
    if (v == "off" || v == "no") {
        p.cf.metrics.clear();
        return;
    }
    const std::size_t colon = v.rfind(':');
    std::string_view host = colon == std::string_view::npos ? std::string_view() : v.substr(0, colon);
    const std::string_view port = colon == std::string_view::npos ? std::string_view() : v.substr(colon + 1);
    bool v6 = false;
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
        v6 = true;
    }
    const bool host_ok = v6 ? is_ipv6_with_scope(host) && host.find('%') == std::string_view::npos : is_ipv4(host);
    if (!host_ok || !parse_int(port, 1, 65535)) {
        p.error(line, "Invalid metrics " + quoted(v)
                          + ": expected ADDRESS:PORT with an IP address, e.g. 127.0.0.1:9630 or [::1]:9630, or off");
        return;
    }
    p.cf.metrics = std::string(v);
}

void set_resource_monitor(HaCfParser& p, int line, std::string_view rest)
{
    const auto w = split_ws(rest);
    if (w.size() == 1 && (w[0] == "off" || w[0] == "no")) {
        p.cf.monitor_interval = Duration(0);
        return;
    }
    if (w.empty() || w.size() > 3) {
        p.error(line, "resource_monitor: expected INTERVAL [MAX_RESTARTS [WINDOW]] or off");
        return;
    }
    auto interval = read_time(p, line, "resource_monitor interval", w[0]);
    if (!interval) {
        return;
    }
    if (interval->count() < 100) {
        p.error(line, "Invalid resource_monitor interval " + quoted(w[0]) + ": must be at least 100ms");
        return;
    }
    int max_restarts = 3;
    Duration window{300000};
    if (w.size() >= 2) {
        auto n = read_int(p, line, "resource_monitor max_restarts", w[1], 0, 1000);
        if (!n) {
            return;
        }
        max_restarts = static_cast<int>(*n);
    }
    if (w.size() == 3) {
        auto t = read_time(p, line, "resource_monitor window", w[2]);
        if (!t) {
            return;
        }
        if (t->count() <= 0) {
            p.error(line, "Invalid resource_monitor window " + quoted(w[2]) + ": must be greater than 0");
            return;
        }
        window = *t;
    }
    p.cf.monitor_interval = *interval;
    p.cf.monitor_max_restarts = max_restarts;
    p.cf.monitor_window = window;
}

using F = DirectiveForm;
using S = DirectiveSupport;

constexpr DirectiveInfo kDirectives[] = {
    // Membership and media.
    {"node", F::words, S::implemented, false, "", "NAME...",
     "cluster member(s); names are lower-cased and this node (uname -n or nodeinfo) must be one", set_node},
    {"bcast", F::words, S::implemented, false, "", "IFACE...",
     "UDP broadcast heartbeat on each interface, to udpport", add_bcast},
    {"udp", F::words, S::implemented, false, "", "IFACE...", "old name of bcast", add_udp_alias},
    {"ucast", F::line, S::implemented, false, "", "IFACE PEER",
     "UDP unicast heartbeat to PEER (address or host name) through IFACE, to udpport", add_ucast},
    {"mcast", F::line, S::implemented, false, "", "IFACE GROUP PORT TTL LOOP",
     "UDP multicast heartbeat to GROUP:PORT through IFACE; TTL 0-4, LOOP 0 or 1", add_mcast},
    {"ucast6", F::line, S::stored, false, "", "IFACE ADDRESS[%SCOPE]",
     "UDP/IPv6 unicast heartbeat to ADDRESS through IFACE, to udpport", add_ucast6},
    {"mcast6", F::line, S::stored, false, "", "IFACE GROUP PORT HOPS LOOP",
     "UDP/IPv6 multicast heartbeat to GROUP (ff00::/8); HOPS 0-4, LOOP 0 or 1", add_mcast6},
    {"serial", F::words, S::implemented, false, "", "DEVICE...",
     "serial-line heartbeat on each device (full path), at the baud rate in effect", add_serial},
    {"baud", F::single, S::implemented, true, "19200", "RATE",
     "serial speed: 9600, 19200, 38400, 57600, 115200, 230400 or 460800; must precede serial", set_baud},
    {"udpport", F::single, S::implemented, true, "", "PORT",
     "UDP port of bcast/ucast media (default: ha-cluster in /etc/services, else 694); must precede them",
     set_udpport},
    {"ping", F::words, S::implemented, false, "", "ADDRESS...",
     "ping node: a pseudo-member per address, alive while it answers ICMP echo", add_ping},
    {"ping6", F::words, S::implemented, false, "", "ADDRESS...", "IPv6 ping node(s)", add_ping6},
    {"ping_group", F::line, S::implemented, false, "", "NAME ADDRESS...",
     "ping node NAME, alive while any of the addresses answers", add_ping_group},
    {"hopfudge", F::single, S::implemented, true, "1", "N",
     "added to the node count for the ttl field (0-255)", set_hopfudge},
    // Timing.
    {"keepalive", F::single, S::implemented, true, "1000ms", "TIME", "interval between heartbeats",
     set_keepalive},
    {"deadtime", F::single, S::implemented, true, "30000ms", "TIME",
     "silence after which a node is declared dead; must exceed twice keepalive", set_deadtime},
    {"warntime", F::single, S::implemented, true, "", "TIME",
     "a heartbeat later than this is logged as late (default deadtime/2)", set_warntime},
    {"initdead", F::single, S::implemented, true, "", "TIME",
     "deadtime used until the cluster first forms; at least deadtime", set_initdead},
    {"deadping", F::single, S::implemented, true, "", "TIME",
     "deadtime of ping nodes (default deadtime)", set_deadping},
    {"max_rexmit_delay", F::single, S::implemented, true, "250", "MS",
     "milliseconds before a retransmission request or a retransmission is repeated", set_max_rexmit_delay},
    // Resources.
    {"auto_failback", F::single, S::implemented, true, "legacy", "on|off|legacy",
     "whether resource groups move back to their home node when it returns", set_auto_failback},
    {"nice_failback", F::single, S::implemented, false, "", "BOOL",
     "obsolete; read as auto_failback off or legacy, exactly as Heartbeat 3.0.6 does", set_nice_failback},
    {"stonith", F::line, S::stored, false, "", "TYPE CONFIGFILE",
     "STONITH device of TYPE whose parameters are in CONFIGFILE", set_stonith},
    {"stonith_host", F::line, S::stored, false, "", "HOST|* TYPE PARAMS...",
     "STONITH device usable from HOST (* = any node); lines for other hosts are ignored", set_stonith_host},
    // Logging.
    {"logfile", F::single, S::implemented, true, "", "PATH", "file for log messages", set_logfile},
    {"debugfile", F::single, S::implemented, true, "", "PATH", "file for debug messages", set_debugfile},
    {"logfacility", F::single, S::implemented, true, "", "FACILITY|none",
     "syslog facility (local0...local7, daemon, ...); none: no syslog", set_logfacility},
    {"use_logd", F::single, S::implemented, true, "", "BOOL",
     "log through the logging daemon (default on when no other log target is set)", set_use_logd},
    {"syslogmsgfmt", F::single, S::implemented, true, "true", "BOOL",
     "write syslog-style lines to log files", set_syslogmsgfmt},
    {"logformat", F::single, S::extension, false, "", "classic|json",
     "logfile/debugfile lines as 3.0.6 writes them, or one JSON object per line (heartbeatd only)",
     set_logformat},
    {"log_badpack", F::single, S::implemented, true, "true", "BOOL", "log bad packets", set_log_badpack},
    {"debug", F::single, S::implemented, true, "0", "0-255", "debug level", set_debug},
    // Process and protocol.
    {"realtime", F::single, S::implemented, true, "true", "BOOL",
     "run with realtime scheduling and locked memory", set_realtime},
    {"rtprio", F::single, S::implemented, true, "", "1-99", "realtime priority", set_rtprio},
    {"hbgenmethod", F::single, S::implemented, true, "file", "file|time",
     "where the generation number comes from at start", set_hbgenmethod},
    {"msgfmt", F::single, S::implemented, true, "classic", "classic|netstring",
     "message format on the wire", set_msgfmt},
    {"uuidfrom", F::single, S::implemented, true, "file", "file|nodename",
     "where this node's uuid comes from", set_uuidfrom},
    {"watchdog", F::single, S::implemented, true, "", "DEVICE",
     "kernel watchdog device, written with every heartbeat", set_watchdog},
    {"ipfail", F::single, S::extension, true, "", "BOOL",
     "heartbeatd only (3.0.6 rejects it): built-in ipfail; a `respawn USER .../ipfail` line does the same",
     set_ipfail},
    {"respawn", F::line, S::implemented, false, "", "USER /PATH [ARGS...]",
     "program started with heartbeat as USER and restarted when it exits", add_respawn},
    {"failfast", F::line, S::implemented, false, "", "USER /PATH [ARGS...]",
     "like respawn, but the node reboots if the program dies", add_failfast},
    {"apiauth", F::line, S::stored, false, "", "CLIENT [uid=UID,...] [gid=GID,...]",
     "users and groups allowed to use the API as CLIENT", set_apiauth},
    {"env", F::words, S::stored, false, "", "NAME=VALUE...",
     "environment for respawn clients, exported as HA_NAME", set_env},
    // Rejected unless off.
    {"crm", F::single, S::rejected, false, "", "off",
     "Pacemaker mode (old name); only off is accepted", set_crm},
    {"pacemaker", F::single, S::rejected, true, "false", "off",
     "Pacemaker mode; only off is accepted (heartbeatd manages haresources only)", set_pacemaker},
    {"autojoin", F::single, S::rejected, true, "none", "none",
     "dynamic membership; only none is accepted with haresources", set_autojoin},
    // heartbeatd extensions (not in 3.0.6; off by default).
    {"metrics", F::single, S::extension, false, "", "ADDRESS:PORT|off",
     "heartbeatd only: serve Prometheus text metrics on GET /metrics at this address (docs/operations.md)",
     set_metrics},
    {"resource_monitor", F::line, S::extension, false, "", "INTERVAL [MAX_RESTARTS [WINDOW]]|off",
     "heartbeatd only: check held resources' status every INTERVAL; restart up to MAX_RESTARTS (3) "
     "times within WINDOW (300), then give the group to the peer",
     set_resource_monitor},
    // Accepted and ignored (no effect in R1 mode).
    {"cluster", F::single, S::accepted, true, "linux-ha", "NAME", "cluster name (ignored)", accept_any},
    {"quorum_server", F::single, S::accepted, true, "", "HOST", "quorum server (ignored)", accept_any},
    {"compression", F::single, S::accepted, true, "zlib", "zlib|bz2",
     "compression of large messages (ignored)", accept_compression},
    {"compression_threshold", F::single, S::accepted, true, "2", "KB",
     "size above which messages are compressed (ignored)", accept_positive},
    {"traditional_compression", F::single, S::accepted, true, "no", "BOOL",
     "compress whole messages (ignored)", accept_bool},
    {"coredumps", F::single, S::accepted, true, "true", "BOOL", "enable core dumps (ignored)", accept_bool},
    {"coreroot", F::single, S::accepted, true, "", "DIR", "root of the core dump area (ignored)", accept_any},
    {"memreserve", F::single, S::accepted, true, "6500", "KB", "memory to preallocate (ignored)",
     accept_positive},
    {"conn_logd_time", F::single, S::accepted, true, "60", "TIME",
     "interval between reconnects to the logging daemon (ignored)", accept_time_positive},
    {"use_apphbd", F::single, S::accepted, false, "", "BOOL", "register with apphbd (ignored)", accept_bool},
    {"crm_daemon_dir", F::single, S::accepted, true, "", "DIR", "Pacemaker only (ignored)",
     accept_crm_daemon_dir},
    {"crmd_spawns_pengine", F::single, S::accepted, true, "", "BOOL", "Pacemaker only (ignored)",
     accept_crmd_spawns_pengine},
    {"record_config_changes", F::single, S::accepted, true, "on", "BOOL", "Pacemaker only (ignored)",
     accept_bool},
    {"record_pengine_inputs", F::single, S::accepted, true, "on", "BOOL", "Pacemaker only (ignored)",
     accept_bool},
    {"enable_config_writes", F::single, S::accepted, true, "on", "BOOL", "Pacemaker only (ignored)",
     accept_bool},
};

}  // namespace

// Handlers declared in ha_cf_parser.h (shared with the other ha_cf files).
void set_keepalive(HaCfParser& p, int line, std::string_view v)
{
    auto t = read_time(p, line, "keepalive", v);
    if (!t) {
        return;
    }
    if (t->count() <= 0) {
        p.error(line, "Invalid keepalive " + quoted(v) + ": must be greater than 0");
        return;
    }
    p.cf.keepalive = *t;
}

void set_deadtime(HaCfParser& p, int line, std::string_view v)
{
    if (auto t = read_time(p, line, "deadtime", v)) {
        p.cf.deadtime = *t;
    }
}

void set_deadping(HaCfParser& p, int line, std::string_view v)
{
    if (auto t = read_time(p, line, "deadping", v)) {
        p.cf.deadping = *t;
        p.deadping_set = true;
    }
}

void set_initdead(HaCfParser& p, int line, std::string_view v)
{
    if (auto t = read_time(p, line, "initdead", v)) {
        p.cf.initdead = *t;
        p.initdead_set = true;
    }
}

void set_warntime(HaCfParser& p, int line, std::string_view v)
{
    auto t = parse_time(v);
    if (!t || t->count() <= 0) {
        p.error(line, "Warn time " + quoted(v) + " is invalid.");
        return;
    }
    p.cf.warntime = *t;
    p.warntime_set = true;
}

void set_node(HaCfParser& p, int line, std::string_view v)
{
    std::string name = to_lower(v);
    if (p.add_node_name(line, name)) {
        p.cf.nodes.push_back(std::move(name));
    }
}

std::span<const DirectiveInfo> ha_cf_directives() { return kDirectives; }

const DirectiveInfo* find_ha_cf_directive(std::string_view name)
{
    for (const auto& d : kDirectives) {
        if (d.name == name) {
            return &d;
        }
    }
    return nullptr;
}

}  // namespace hb::config
