// ha.cf handlers for the media (bcast, ucast, mcast, ucast6, mcast6, serial),
// the ping pseudo-nodes (ping, ping6, ping_group) and the other whole-line
// directives (stonith, stonith_host, respawn, failfast, apiauth). Pure: the
// syntax is checked here; interfaces, devices, users and host names are
// checked by the loader. Messages keep the 3.0.6 plugins' wording.
#include <array>

#include "base/strings.h"
#include "config/ha_cf_parser.h"
#include "config/values.h"

namespace hb::config {

namespace {

constexpr std::size_t kMaxMedia = 64;  // 3.0.6 MAXMEDIA
constexpr std::size_t kMaxIfName = 15; // IFNAMSIZ - 1

std::string quoted(std::string_view v) { return "[" + std::string(v) + "]"; }

bool valid_iface(std::string_view s)
{
    if (s.empty() || s.size() > kMaxIfName || s == "." || s == "..") {
        return false;
    }
    for (char c : s) {
        if (c == '/' || c == ':' || c == ' ' || c == '\t') {
            return false;
        }
    }
    return true;
}

/// The port a bcast/ucast/ucast6 line gets: the udpport in effect when the
/// first line of its type was read (see HaCfParser).
int fixed_port(HaCfParser& p, std::optional<int>& slot)
{
    if (!slot) {
        slot = p.cf.udpport;
    }
    return *slot;
}

void warn_extra(HaCfParser& p, int line, std::string_view what, const std::vector<std::string>& w,
                std::size_t used)
{
    if (w.size() > used) {
        std::string extra;
        for (std::size_t i = used; i < w.size(); ++i) {
            extra += (i > used ? " " : "") + w[i];
        }
        p.warning(line, std::string(what) + ": extra text ignored [" + extra + "]");
    }
}

bool is_v4_multicast(std::string_view s)
{
    auto a = parse_ipv4(s);
    return a && ((*a)[0] & 0xf0) == 0xe0;  // 224.0.0.0/4
}

bool check_dev(HaCfParser& p, int line, std::string_view type, const std::vector<std::string>& w)
{
    if (w.empty()) {
        p.error(line, std::string(type) + " statement without device");
        return false;
    }
    if (!valid_iface(w[0])) {
        p.error(line, std::string(type) + " device " + quoted(w[0]) + " is not a valid interface name");
        return false;
    }
    return true;
}

/// mcast/mcast6: IFACE GROUP PORT TTL|HOPS LOOP.
void add_multicast(HaCfParser& p, int line, std::string_view rest, bool v6)
{
    const std::string type = v6 ? "mcast6" : "mcast";
    const std::string ttl_word = v6 ? "hops" : "ttl";
    const auto w = split_ws(rest);
    if (!check_dev(p, line, type, w)) {
        return;
    }
    const std::string dev = quoted(w[0]);
    const char* const names[] = {nullptr, v6 ? "mcast6 address" : "mcast address", "port", v6 ? "hops" : "ttl",
                                 "loop"};
    for (std::size_t i = 1; i < 5; ++i) {
        if (w.size() <= i) {
            p.error(line, type + " " + dev + " missing " + names[i]);
            return;
        }
    }
    bool ok = true;
    if (v6) {
        auto a = parse_ipv6(ipv6_without_scope(w[1]));
        if (!a || (*a)[0] != 0xff || !is_ipv6_with_scope(w[1])) {
            p.error(line, type + " " + dev + " bad addr " + quoted(w[1]) + " (expected an IPv6 multicast group, ff00::/8)");
            ok = false;
        }
    } else if (!is_v4_multicast(w[1])) {
        p.error(line, type + " " + dev + " bad addr " + quoted(w[1])
                          + " (expected an IPv4 multicast group, 224.0.0.0 to 239.255.255.255)");
        ok = false;
    }
    auto port = parse_int(w[2], 1, 65535);
    if (!port) {
        p.error(line, type + " " + dev + " bad port " + quoted(w[2]) + " (expected 1 to 65535)");
        ok = false;
    }
    // 3.0.6 rejects a TTL (hop limit) above 4, although its man page says 0-255.
    auto ttl = parse_int(w[3], 0, 4);
    if (!ttl) {
        p.error(line, type + " " + dev + " bad " + ttl_word + " " + quoted(w[3]) + " (expected 0 to 4)");
        ok = false;
    }
    auto loop = parse_int(w[4], 0, 1);
    if (!loop) {
        p.error(line, type + " " + dev + " bad loop " + quoted(w[4]) + " (expected 0 or 1)");
        ok = false;
    }
    if (!ok) {
        return;
    }
    warn_extra(p, line, type, w, 5);
    Medium m;
    m.type = v6 ? MediumType::mcast6 : MediumType::mcast;
    m.iface = w[0];
    m.address = w[1];
    m.port = static_cast<int>(*port);
    m.ttl = static_cast<int>(*ttl);
    m.loop = *loop == 1;
    p.add_medium(line, std::move(m));
}

void add_ping_node(HaCfParser& p, int line, PingNode n)
{
    if (p.cf.media.size() + p.cf.ping_nodes.size() >= kMaxMedia) {
        p.error(line, "Too many media specified (> " + std::to_string(kMaxMedia) + ")");
        return;
    }
    if (p.add_node_name(line, n.name)) {
        n.line = line;
        p.cf.ping_nodes.push_back(std::move(n));
    }
}

bool ping_target_ok(std::string_view a, bool v6)
{
    return v6 ? (is_ipv6_with_scope(a) || is_hostname(a)) : (is_ipv4(a) || is_hostname(a));
}

void add_child(HaCfParser& p, int line, std::string_view rest, bool failfast)
{
    const auto w = split_ws(rest);
    const std::string dir = failfast ? "failfast" : "respawn";
    if (w.empty()) {
        p.error(line, dir + ": missing user and program (expected: " + dir + " USER /PATH [ARGS...])");
        return;
    }
    if (w[0].size() >= 64) {
        p.error(line, "UID specified for client child is too long");
        return;
    }
    if (w.size() < 2 || w[1].front() != '/') {
        // 3.0.6 prints the whole command line here.
        std::string cmd;
        for (std::size_t i = 1; i < w.size(); ++i) {
            cmd += (i > 1 ? " " : "") + w[i];
        }
        p.error(line, "Client child command " + quoted(cmd) + " is not full pathname");
        return;
    }
    ChildClient c;
    c.user = w[0];
    c.program = w[1];
    c.args.assign(w.begin() + 2, w.end());
    c.failfast = failfast;
    c.line = line;
    // 3.0.6's ipfail client is built into heartbeatd (res/ipfail.h).
    const std::string base = c.program.substr(c.program.rfind('/') + 1);
    if (base == "ipfail" && !failfast) {
        c.native = true;
        p.cf.ipfail = true;  // the daemon logs that it provides it natively
    }
    p.cf.clients.push_back(std::move(c));
}

std::vector<std::string> split_commas(std::string_view s)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= s.size()) {
        auto end = s.find(',', start);
        if (end == std::string_view::npos) {
            end = s.size();
        }
        if (end > start) {
            out.emplace_back(s.substr(start, end - start));
        }
        start = end + 1;
    }
    return out;
}

}  // namespace

bool HaCfParser::add_medium(int line, Medium m)
{
    if (cf.media.size() + cf.ping_nodes.size() >= kMaxMedia) {
        error(line, "Too many media specified (> " + std::to_string(kMaxMedia) + ")");
        return false;
    }
    m.line = line;
    cf.media.push_back(std::move(m));
    return true;
}

void add_bcast(HaCfParser& p, int line, std::string_view iface)
{
    if (!valid_iface(iface)) {
        p.error(line, "bcast: " + quoted(iface) + " is not a valid interface name");
        return;
    }
    Medium m;
    m.type = MediumType::bcast;
    m.iface = std::string(iface);
    m.port = fixed_port(p, p.bcast_port);
    p.add_medium(line, std::move(m));
}

void add_udp_alias(HaCfParser& p, int line, std::string_view iface)
{
    if (p.udp_alias_warned_line != line) {
        p.udp_alias_warned_line = line;
        p.warning(line, "directive 'udp' replaced by 'bcast'");
    }
    add_bcast(p, line, iface);
}

void add_ucast(HaCfParser& p, int line, std::string_view rest)
{
    const auto w = split_ws(rest);
    if (!check_dev(p, line, "ucast", w)) {
        return;
    }
    if (w.size() < 2) {
        p.error(line, "ucast: " + quoted(w[0]) + " missing target IP address/hostname");
        return;
    }
    Medium m;
    m.type = MediumType::ucast;
    m.iface = w[0];
    m.address = w[1];
    if (!is_ipv4(w[1])) {
        // 3.0.6 resolves the peer with gethostbyname(), so names are allowed.
        if (!is_hostname(w[1])) {
            p.error(line, "ucast: " + quoted(w[0]) + " bad target " + quoted(w[1])
                              + " (expected an IPv4 address or a host name)");
            return;
        }
        m.host = w[1];
    }
    warn_extra(p, line, "ucast", w, 2);
    m.port = fixed_port(p, p.ucast_port);
    p.add_medium(line, std::move(m));
}

void add_ucast6(HaCfParser& p, int line, std::string_view rest)
{
    const auto w = split_ws(rest);
    if (!check_dev(p, line, "ucast6", w)) {
        return;
    }
    if (w.size() < 2) {
        p.error(line, "ucast6 " + quoted(w[0]) + " missing ucast6 address");
        return;
    }
    // 3.0.6: a numeric IPv6 address, not multicast, unspecified or loopback.
    static constexpr std::array<std::uint8_t, 16> kAny{};
    static constexpr std::array<std::uint8_t, 16> kLoop{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    auto a = parse_ipv6(ipv6_without_scope(w[1]));
    if (!a || !is_ipv6_with_scope(w[1]) || (*a)[0] == 0xff || *a == kAny || *a == kLoop) {
        p.error(line, "ucast6 " + quoted(w[0]) + " bad addr " + quoted(w[1]));
        return;
    }
    warn_extra(p, line, "ucast6", w, 2);
    Medium m;
    m.type = MediumType::ucast6;
    m.iface = w[0];
    m.address = w[1];
    m.port = fixed_port(p, p.ucast6_port);
    p.add_medium(line, std::move(m));
}

void add_mcast(HaCfParser& p, int line, std::string_view rest) { add_multicast(p, line, rest, false); }
void add_mcast6(HaCfParser& p, int line, std::string_view rest) { add_multicast(p, line, rest, true); }

void add_serial(HaCfParser& p, int line, std::string_view dev)
{
    if (dev.front() != '/') {
        p.error(line, "Serial port not full pathname " + quoted(dev) + " in config file");
        return;
    }
    // The serial plugin reads `baud` once, when the first serial line loads it.
    if (!p.serial_baud) {
        p.serial_baud = p.cf.baud;
    }
    Medium m;
    m.type = MediumType::serial;
    m.iface = std::string(dev);
    m.baud = *p.serial_baud;
    p.add_medium(line, std::move(m));
}

void add_ping(HaCfParser& p, int line, std::string_view addr)
{
    if (!ping_target_ok(addr, false)) {
        p.error(line, "ping: " + quoted(addr) + " is not an IPv4 address or host name");
        return;
    }
    add_ping_node(p, line, PingNode{to_lower(addr), {std::string(addr)}, false, false, line});
}

void add_ping6(HaCfParser& p, int line, std::string_view addr)
{
    if (!ping_target_ok(addr, true)) {
        p.error(line, "ping6: " + quoted(addr) + " is not an IPv6 address or host name");
        return;
    }
    add_ping_node(p, line, PingNode{to_lower(addr), {std::string(addr)}, false, true, line});
}

void add_ping_group(HaCfParser& p, int line, std::string_view rest)
{
    const auto w = split_ws(rest);
    if (w.empty()) {
        p.error(line, "ping_group statement without a group name");
        return;
    }
    if (w.size() < 2) {
        p.error(line, "ping_group " + quoted(w[0]) + " has no addresses");
        return;
    }
    PingNode n{to_lower(w[0]), {}, true, false, line};
    for (std::size_t i = 1; i < w.size(); ++i) {
        if (!ping_target_ok(w[i], false)) {
            p.error(line, "ping_group " + quoted(w[0]) + ": " + quoted(w[i])
                              + " is not an IPv4 address or host name");
            return;
        }
        n.addresses.push_back(w[i]);
    }
    add_ping_node(p, line, std::move(n));
}

void set_stonith(HaCfParser& p, int line, std::string_view rest)
{
    const auto w = split_ws(rest);
    if (w.empty()) {
        p.error(line, "No Stonith type given");
        return;
    }
    // The config file is the rest of the line after the type.
    auto after = trim(rest.substr(rest.find(w[0]) + w[0].size()));
    if (after.empty()) {
        p.error(line, "Invalid Stonith config file [] (expected: stonith TYPE CONFIGFILE)");
        return;
    }
    p.cf.stonith.push_back(Stonith{w[0], std::string(after), line});
}

void set_stonith_host(HaCfParser& p, int line, std::string_view rest)
{
    const auto w = split_ws(rest);
    if (w.empty()) {
        p.error(line, "No Stonith hostname argument given");
        return;
    }
    if (w[0].size() >= 100) {
        p.error(line, "Stonith hostname too long");
        return;
    }
    const std::string host = to_lower(w[0]);
    // 3.0.6 keeps only the lines for this node or "*", without checking the others.
    if (host != "*" && !p.ctx.local_node.empty() && host != p.ctx.local_node) {
        return;
    }
    if (w.size() < 2) {
        p.error(line, "No Stonith type given");
        return;
    }
    p.cf.stonith_hosts.push_back(StonithHost{host, w[1], {w.begin() + 2, w.end()}, line});
}

void add_respawn(HaCfParser& p, int line, std::string_view rest) { add_child(p, line, rest, false); }
void add_failfast(HaCfParser& p, int line, std::string_view rest) { add_child(p, line, rest, true); }

void set_apiauth(HaCfParser& p, int line, std::string_view rest)
{
    const auto w = split_ws(rest);
    const std::string bad = "Invalid apiauth directive " + quoted(trim(rest))
                            + " (expected: apiauth CLIENT [uid=UID,...] [gid=GID,...])";
    if (w.empty()) {
        p.error(line, bad);
        return;
    }
    if (w[0].size() >= 64) {
        p.error(line, "client name " + quoted(w[0]) + " too long");
        return;
    }
    ApiAuth a{w[0], {}, {}, line};
    bool have_uid = false;
    bool have_gid = false;
    for (std::size_t i = 1; i < w.size(); ++i) {
        std::string_view t = w[i];
        if (t.substr(0, 4) == "uid=") {
            if (have_uid) {
                p.error(line, "Duplicate uid list in apiauth");
                return;
            }
            have_uid = true;
            a.uids = split_commas(t.substr(4));
        } else if (t.substr(0, 4) == "gid=") {
            if (have_gid) {
                p.error(line, "Duplicate gid list in apiauth");
                return;
            }
            have_gid = true;
            a.gids = split_commas(t.substr(4));
        } else {
            p.error(line, "Missing uid or gid in apiauth (got " + quoted(t) + ")");
            return;
        }
    }
    if (a.uids.empty() && a.gids.empty()) {
        p.error(line, bad);
        return;
    }
    for (const auto& existing : p.cf.apiauth) {
        if (existing.client == a.client) {
            p.error(line, "Duplicate apiauth directive for API client " + a.client + ": " + quoted(trim(rest))
                              + " (first at line " + std::to_string(existing.line) + ")");
            return;
        }
    }
    p.cf.apiauth.push_back(std::move(a));
}

}  // namespace hb::config
