// The parsed cluster configuration: ha.cf, authkeys and haresources as data.
// Pure: produced by the parsers in this directory from file text, consumed by
// the engine and the shell. Names follow the ha.cf directives so a grep from
// the file lands here.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/time.h"

namespace hb::config {

inline constexpr int kDefaultUdpPort = 694;
inline constexpr int kMaxAuthIndex = 15;

enum class AutoFailback { on, off, legacy };

enum class MediumType { bcast, ucast, mcast, serial, ucast6, mcast6 };

/// One heartbeat medium line (one per interface for bcast/serial, one per
/// ucast/mcast line). The link it feeds is named by `link_name()`.
struct Medium {
    MediumType type = MediumType::bcast;
    std::string iface;    // interface name; for serial the device path
    std::string address;  // ucast peer / mcast group (text as written; for a
                          // peer written as a host name, the loader puts the
                          // resolved address literal here)
    std::string host;     // ucast/ucast6 peer written as a host name, else empty
    int port = kDefaultUdpPort;
    int ttl = 1;          // mcast
    bool loop = false;    // mcast
    int baud = 19200;     // serial
    int line = 0;         // ha.cf line, for messages

    /// 3.0.6 names a link after the interface (or the serial device), so two
    /// ucast lines on eth0 make one link "eth0".
    const std::string& link_name() const { return iface; }
};

/// A `ping`/`ping6` target or a `ping_group`. The pseudo-node's name is the
/// address (ping) or the group name (ping_group).
struct PingNode {
    std::string name;                    // lower-cased, as 3.0.6's add_node() does
    std::vector<std::string> addresses;  // as written; host names are replaced
                                         // by their address by the loader
    bool group = false;
    bool v6 = false;
    int line = 0;
};

struct Stonith {           // `stonith TYPE CONFIGFILE`
    std::string type;
    std::string config_file;
    int line = 0;
};

struct StonithHost {       // `stonith_host HOST|* TYPE PARAMS...`
    std::string host;      // lower-cased, or "*"
    std::string type;
    std::vector<std::string> params;
    int line = 0;
};

struct ChildClient {       // `respawn` / `failfast USER PROGRAM ARGS...`
    std::string user;
    std::string program;
    std::vector<std::string> args;
    bool failfast = false;
    bool native = false;   // heartbeatd does this program's work itself (ipfail)
    int line = 0;
};

struct ApiAuth {           // `apiauth CLIENT uid=a,b gid=c,d`
    std::string client;
    std::vector<std::string> uids;
    std::vector<std::string> gids;
    int line = 0;
};

enum class HbGenMethod { file, time };
enum class MsgFmt { classic, netstring };
enum class UuidFrom { file, nodename };
/// Format of the logfile/debugfile lines: 3.0.6's (default), or one JSON
/// object per line (`logformat json`, a heartbeatd extension).
enum class LogFormat { classic, json };

/// ha.cf. Durations are already converted from the file's units.
struct HaCf {
    std::vector<std::string> nodes;  // lower-cased, in file order, unique
    std::vector<Medium> media;
    std::vector<PingNode> ping_nodes;

    Duration keepalive{1000};
    Duration deadtime{30000};
    Duration warntime{15000};        // default deadtime/2 (resolved by the parser)
    Duration initdead{30000};        // default per facts section 5 (resolved)
    Duration deadping{30000};        // default deadtime (resolved)
    int max_rexmit_delay_ms = 250;

    AutoFailback auto_failback = AutoFailback::legacy;
    int hopfudge = 1;
    int udpport = kDefaultUdpPort;   // last value seen (media carry their own)
    int baud = 19200;

    std::string logfile;             // empty: none
    std::string debugfile;
    std::string logfacility;         // empty: unset; "none" allowed
    bool use_logd = false;
    bool syslogmsgfmt = true;
    LogFormat logformat = LogFormat::classic;
    bool log_badpack = true;
    int debug = 0;
    bool realtime = true;
    int rtprio = -1;                 // -1: default

    HbGenMethod hbgenmethod = HbGenMethod::file;
    MsgFmt msgfmt = MsgFmt::classic;
    UuidFrom uuidfrom = UuidFrom::file;

    std::string watchdog;            // device path, empty: none
    std::vector<Stonith> stonith;
    std::vector<StonithHost> stonith_hosts;
    std::vector<ChildClient> clients;  // respawn + failfast, in order
    /// Built-in ipfail (res/ipfail.h): `ipfail on`, or a `respawn ... ipfail`
    /// line (which then starts no program).
    bool ipfail = false;
    std::vector<ApiAuth> apiauth;
    std::vector<std::pair<std::string, std::string>> env;  // `env NAME=value`

    // heartbeatd extensions (not in 3.0.6), off by default.
    std::string metrics;                 // `metrics ADDRESS:PORT`; empty: no endpoint
    Duration monitor_interval{0};        // `resource_monitor INTERVAL ...`; 0: off
    int monitor_max_restarts = 3;
    Duration monitor_window{300000};

    /// Every directive's value as written (last one wins), for
    /// `cl_status hbparameter -p NAME`.
    std::vector<std::pair<std::string, std::string>> parameters;

    /// The last line each directive appeared on (for diagnostics about the
    /// parsed result, e.g. config/lint.cpp).
    std::map<std::string, int, std::less<>> directive_lines;

    /// Value as written for `name`, or nullopt.
    std::optional<std::string> parameter(const std::string& name) const;
    /// Last line of directive `name`, 0 when absent.
    int line_of(std::string_view name) const
    {
        auto it = directive_lines.find(name);
        return it == directive_lines.end() ? 0 : it->second;
    }
    /// ttl field value: node count (normal + ping pseudo-nodes) + hopfudge.
    int ttl() const { return static_cast<int>(nodes.size() + ping_nodes.size()) + hopfudge; }
    bool nice_failback() const { return auto_failback != AutoFailback::legacy; }
};

/// sha256 (HMAC-SHA256) is a heartbeatd extension: Heartbeat 3.0.6 has no
/// such HBauth plugin and refuses an authkeys file naming it.
enum class AuthMethod { crc, md5, sha1, sha256 };

struct AuthKey {
    AuthMethod method = AuthMethod::crc;
    std::string secret;  // empty for crc
    int line = 0;
};

/// authkeys: up to 16 indexed keys and the active index used for signing.
struct Authkeys {
    int active = -1;
    std::array<std::optional<AuthKey>, kMaxAuthIndex + 1> keys{};

    const AuthKey* find(int index) const
    {
        if (index < 0 || index > kMaxAuthIndex || !keys[static_cast<std::size_t>(index)]) {
            return nullptr;
        }
        return &*keys[static_cast<std::size_t>(index)];
    }
};

/// One haresources entry: `Script::arg1::arg2`, a bare IP becomes IPaddr.
struct Resource {
    std::string spec;    // as written
    std::string script;  // e.g. "IPaddr", "Filesystem", "lighttpd"
    std::vector<std::string> args;
};

/// One haresources line: a resource group owned by `node`, keyed by its
/// first resource's spec.
struct ResourceGroup {
    std::string node;  // lower-cased
    std::string key;   // first resource as written
    std::vector<Resource> resources;
    int line = 0;
};

struct Haresources {
    std::vector<ResourceGroup> groups;
};

/// Everything the daemon runs on. Built only when all three files parsed
/// without errors; a reload builds a new one and swaps it in only if clean.
struct Config {
    std::string local_node;  // lower-cased; present in ha.nodes
    HaCf ha;
    Authkeys keys;
    Haresources resources;
};

}  // namespace hb::config
