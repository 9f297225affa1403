// Internal to the ha.cf parser (ha_cf*.cpp): the state the directive
// handlers share while one file is read, and the handler declarations the
// table in ha_cf_directives.cpp points at. Not for use outside config/.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "config/ha_cf.h"

namespace hb::config {

struct HaCfParser {
    HaCfParser(const HaCfContext& c, DiagSink& d) : ctx(c), diag(d) {}

    HaCf cf;
    const HaCfContext& ctx;
    DiagSink& diag;
    std::size_t errors = 0;

    /// Last line each directive appeared on (for cross-check messages).
    std::map<std::string, int, std::less<>> seen;

    // 3.0.6's bcast, ucast and ucast6 plugins each read `udpport` once, when
    // their first line is parsed, and keep that port for every later line of
    // the same type. The same holds for the serial plugin and `baud`.
    std::optional<int> bcast_port;
    std::optional<int> ucast_port;
    std::optional<int> ucast6_port;
    std::optional<int> serial_baud;
    bool udpport_set = false;
    bool baud_set = false;
    bool watchdog_set = false;
    bool pacemaker_seen = false;
    bool use_logd_set = false;
    bool warntime_set = false;
    bool initdead_set = false;
    bool deadping_set = false;
    int ipfail_directive_line = 0;  // `ipfail on|off` (heartbeatd's own switch)
    int facility_code = -1;  // -1: no logfacility line
    // 3.0.6 keeps a global "nice_failback" that only auto_failback on/off sets;
    // `nice_failback X` is mapped through it (see set_nice_failback).
    bool nice_failback_global = false;
    int udp_alias_warned_line = 0;
    std::map<std::string, int, std::less<>> node_lines;  // node and ping node names

    void error(int line, std::string msg, std::string hint = {})
    {
        ++errors;
        diag.error(line, std::move(msg), std::move(hint));
    }
    void warning(int line, std::string msg, std::string hint = {})
    {
        diag.warning(line, std::move(msg), std::move(hint));
    }
    /// Sets a recorded parameter (last one wins), as SetParameterValue().
    void record(std::string_view name, std::string_view value);
    bool has_parameter(std::string_view name) const;
    int line_of(std::string_view directive) const;
    /// Adds a normal or ping node name; reports duplicates.
    bool add_node_name(int line, const std::string& lower_name);
    bool add_medium(int line, Medium m);
};

// Option handlers (ha_cf_directives.cpp).
void set_node(HaCfParser&, int, std::string_view);
void set_keepalive(HaCfParser&, int, std::string_view);
void set_deadtime(HaCfParser&, int, std::string_view);
void set_deadping(HaCfParser&, int, std::string_view);
void set_initdead(HaCfParser&, int, std::string_view);
void set_warntime(HaCfParser&, int, std::string_view);
void set_ipfail(HaCfParser&, int, std::string_view);

// Media and whole-line handlers (ha_cf_media.cpp).
void add_bcast(HaCfParser&, int, std::string_view);
void add_udp_alias(HaCfParser&, int, std::string_view);
void add_ucast(HaCfParser&, int, std::string_view);
void add_mcast(HaCfParser&, int, std::string_view);
void add_ucast6(HaCfParser&, int, std::string_view);
void add_mcast6(HaCfParser&, int, std::string_view);
void add_serial(HaCfParser&, int, std::string_view);
void add_ping(HaCfParser&, int, std::string_view);
void add_ping6(HaCfParser&, int, std::string_view);
void add_ping_group(HaCfParser&, int, std::string_view);
void set_stonith(HaCfParser&, int, std::string_view);
void set_stonith_host(HaCfParser&, int, std::string_view);
void add_respawn(HaCfParser&, int, std::string_view);
void add_failfast(HaCfParser&, int, std::string_view);
void set_apiauth(HaCfParser&, int, std::string_view);

/// Cross-checks and defaults once every line is read (ha_cf.cpp).
void finish_ha_cf(HaCfParser& p);

}  // namespace hb::config
