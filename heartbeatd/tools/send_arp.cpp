// send_arp: announces an IPv4 address with gratuitous ARP frames. Command
// line, frames and timing match the send_arp that Heartbeat 3.0.6's IPaddr,
// IPaddr2 and SendArp scripts call (Debian: /usr/libexec/heartbeat/send_arp,
// from resource-agents, built on libnet):
//
//   send_arp [-i interval_ms] [-r repeat] [-p pidfile] DEV IP MAC|auto BCAST MASK
//
// REPEAT pairs (default 1) of an ARP request then an ARP reply go out
// INTERVAL/2 apart (default interval 1000 ms), Ethernet destination
// broadcast, Ethernet source the interface's own MAC; in both frames the
// sender is IP/MAC and the target IP is IP; the request's target MAC is
// zero, the reply's is MAC. BCAST and MASK are accepted and ignored, as in
// 3.0.6 (IPaddr passes `IP ffffffffffff`, IPaddr2 `not_used not_used`).
//
// Owns: argv checking (usage on stderr, exit 1), the pid file (created
// O_EXCL mode 0600 holding the bare pid; a stale one is replaced and the
// send_arp it names is SIGKILLed, as 3.0.6 does), the frame schedule,
// building and writing frames through libnet, cl_log-style error lines.
// Must not: look up host names (no DNS on a failover path), signal a process
// that is not a send_arp, leave its pid file behind when it exits, also on
// SIGTERM/SIGINT/SIGHUP (3.0.6's exits on SIGTERM without removing it).
#include <libnet.h>

#include <arpa/inet.h>
#include <array>
#include <cerrno>
#include <cctype>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <optional>
#include <poll.h>
#include <string>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <syslog.h>
#include <unistd.h>

#include "base/logfmt.h"

using hb::LogLevel;

namespace {

using Mac = std::array<std::uint8_t, 6>;

// Where 3.0.6's send_arp puts its pid file when -p is not given
// (HA_VARRUNDIR/PACKAGE/send_arp-<ip>; /var/run is /run on Debian).
constexpr const char* kDefaultPidPrefix = "/run/resource-agents/send_arp-";

constexpr const char* kUsage =
    "send_arp: announce an IPv4 address with gratuitous ARP.\n"
    "  usage: send_arp [-i repeatinterval-ms] [-r repeatcount] [-p pidfile] \\\n"
    "              device src_ip_addr src_hw_addr broadcast_ip_addr netmask\n"
    "\n"
    "  -i  milliseconds between two ARP announcements (default 1000). Every\n"
    "      announcement is a pair: an ARP request, then half the interval\n"
    "      later an ARP reply, because some hosts only listen to one kind.\n"
    "  -r  number of announcements (pairs) to send (default 1).\n"
    "  -p  pid file, an absolute path (default /run/resource-agents/send_arp-<ip>).\n"
    "  device             interface to send on, e.g. eth0\n"
    "  src_ip_addr        the address to announce\n"
    "  src_hw_addr        hardware address to announce, 12 hex digits,\n"
    "                     or \"auto\" for the interface's own address\n"
    "  broadcast_ip_addr  ignored\n"
    "  netmask            ignored\n";

volatile std::sig_atomic_t g_stop = 0;
bool g_syslog = false;

extern "C" void on_stop_signal(int)
{
    g_stop = 1;
}

// cl_log-style: `Nov 23 20:11:47 node1 send_arp: [8534]: ERROR: text` on
// stderr, and the same text to syslog unless HA_LOGFACILITY says none.
void log_msg(LogLevel level, const std::string& text)
{
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    const hb::LocalTime lt{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
        tm.tm_sec};
    utsname un{};
    const char* host = uname(&un) == 0 ? un.nodename : "localhost";
    std::string line = hb::format_log_line(lt, host, "send_arp", static_cast<long>(getpid()),
        level, text, true);
    line += '\n';
    if (::write(STDERR_FILENO, line.data(), line.size()) < 0) {
        // nowhere else to report it
    }
    if (g_syslog) {
        const int prio = level == LogLevel::err ? LOG_ERR
            : level == LogLevel::warn           ? LOG_WARNING
            : level == LogLevel::debug          ? LOG_DEBUG
                                                : LOG_INFO;
        ::syslog(prio, "%s: %s", std::string(hb::level_word(level)).c_str(), text.c_str());
    }
}

// 3.0.6's send_arp logs to syslog facility user; heartbeat's environment
// may name another one (ha.cf logfacility), or none.
void open_syslog()
{
    const char* env = std::getenv("HA_LOGFACILITY");
    int facility = LOG_USER;
    if (env != nullptr) {
        const std::string f = env;
        static const struct {
            const char* name;
            int value;
        } names[] = {{"auth", LOG_AUTH}, {"authpriv", LOG_AUTHPRIV}, {"cron", LOG_CRON},
            {"daemon", LOG_DAEMON}, {"kern", LOG_KERN}, {"lpr", LOG_LPR}, {"mail", LOG_MAIL},
            {"news", LOG_NEWS}, {"syslog", LOG_SYSLOG}, {"user", LOG_USER}, {"uucp", LOG_UUCP},
            {"local0", LOG_LOCAL0}, {"local1", LOG_LOCAL1}, {"local2", LOG_LOCAL2},
            {"local3", LOG_LOCAL3}, {"local4", LOG_LOCAL4}, {"local5", LOG_LOCAL5},
            {"local6", LOG_LOCAL6}, {"local7", LOG_LOCAL7}};
        if (f.empty() || f == "none") {
            return;
        }
        for (const auto& n : names) {
            if (f == n.name) {
                facility = n.value;
            }
        }
    }
    ::openlog("send_arp", LOG_PID, facility);
    g_syslog = true;
}

[[noreturn]] void usage_exit()
{
    std::fputs(kUsage, stderr);
    std::fputs("\n", stderr);
    std::exit(EXIT_FAILURE);
}

std::optional<long> parse_number(const char* s, long min, long max)
{
    if (s == nullptr || *s == '\0' || std::isdigit(static_cast<unsigned char>(*s)) == 0) {
        return std::nullopt;
    }
    errno = 0;
    char* end = nullptr;
    const long v = std::strtol(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < min || v > max) {
        return std::nullopt;
    }
    return v;
}

int hex_value(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}

// 12 hex digits, optionally with ':' or '-' between the octets
// ("00a0cc34a878", "00:a0:cc:34:a8:78").
std::optional<Mac> parse_mac(const std::string& s)
{
    Mac mac{};
    std::size_t pos = 0;
    for (std::size_t i = 0; i < mac.size(); ++i) {
        if (i > 0 && pos < s.size() && (s[pos] == ':' || s[pos] == '-')) {
            ++pos;
        }
        if (pos + 2 > s.size()) {
            return std::nullopt;
        }
        const int hi = hex_value(s[pos]);
        const int lo = hex_value(s[pos + 1]);
        if (hi < 0 || lo < 0) {
            return std::nullopt;
        }
        mac[i] = static_cast<std::uint8_t>(hi * 16 + lo);
        pos += 2;
    }
    if (pos != s.size()) {
        return std::nullopt;
    }
    return mac;
}

bool is_send_arp(long pid)
{
    const std::string path = "/proc/" + std::to_string(pid) + "/comm";
    std::FILE* f = std::fopen(path.c_str(), "re");
    if (f == nullptr) {
        return false;
    }
    char buf[32] = {};
    const bool ok = std::fgets(buf, sizeof buf, f) != nullptr;
    std::fclose(f);
    return ok && std::strcmp(buf, "send_arp\n") == 0;
}

std::string read_small_file(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        return {};
    }
    char buf[32];
    const ssize_t n = ::read(fd, buf, sizeof buf - 1);
    ::close(fd);
    return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
}

// Creates the parent directory (one level, mode 0750) when it is missing,
// as 3.0.6 does for its default /run/resource-agents.
bool ensure_parent_dir(const std::string& path)
{
    const std::size_t slash = path.rfind('/');
    const std::string dir = slash == 0 ? "/" : path.substr(0, slash);
    struct stat st{};
    if (::stat(dir.c_str(), &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            return true;
        }
        log_msg(LogLevel::info, "Pid-File directory exists but is not a directory [" + dir + "]");
        return false;
    }
    if (::mkdir(dir.c_str(), 0750) == 0 || errno == EEXIST) {
        return true;
    }
    log_msg(LogLevel::info,
        "Could not create pid-file directory [" + dir + "]: " + std::strerror(errno));
    return false;
}

// 3.0.6's protocol: exclusive create; an existing file is removed and the
// send_arp it names (an earlier announcement of the same address, still
// running) is SIGKILLed, then try again.
bool write_pidfile(const std::string& path)
{
    if (path.empty() || path[0] != '/') {
        log_msg(LogLevel::info, "Invalid pid-file name, must begin with a '/' [" + path + "]");
        return false;
    }
    if (!ensure_parent_dir(path)) {
        return false;
    }
    for (int attempt = 0; attempt < 10; ++attempt) {
        const int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd >= 0) {
            const std::string pid = std::to_string(getpid());
            const bool ok = ::write(fd, pid.data(), pid.size()) == static_cast<ssize_t>(pid.size());
            ::close(fd);
            if (!ok) {
                log_msg(LogLevel::info, "Could not write pid-file [" + path + "]: " + std::strerror(errno));
                ::unlink(path.c_str());
            }
            return ok;
        }
        if (errno != EEXIST) {
            log_msg(LogLevel::info, "Could not open pid-file [" + path + "]: " + std::strerror(errno));
            return false;
        }
        const std::string old = read_small_file(path);
        if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
            log_msg(LogLevel::info, "Could not delete pid-file [" + path + "]: " + std::strerror(errno));
            return false;
        }
        const std::optional<long> pid = parse_number(old.c_str(), 1, 1L << 30);
        if (pid && *pid != getpid() && is_send_arp(*pid) && ::kill(static_cast<pid_t>(*pid), SIGKILL) == 0) {
            log_msg(LogLevel::info, "Killed old send_arp process [" + std::to_string(*pid) + "]");
        }
    }
    log_msg(LogLevel::info, "Could not create pid-file [" + path + "]");
    return false;
}

// Removes the pid file if it is still ours (a newer send_arp for the same
// address may have taken it over).
void remove_pidfile(const std::string& path)
{
    if (read_small_file(path) == std::to_string(getpid())) {
        ::unlink(path.c_str());
    }
}

std::int64_t now_ms()
{
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

// Waits until the monotonic deadline; false when a stop signal came. The
// stop signals are blocked outside ppoll, so none is lost between the
// check and the wait.
bool wait_until(std::int64_t deadline_ms, const sigset_t& unblocked)
{
    for (;;) {
        if (g_stop != 0) {
            return false;
        }
        const std::int64_t left = deadline_ms - now_ms();
        if (left <= 0) {
            return true;
        }
        const timespec ts{static_cast<time_t>(left / 1000), static_cast<long>((left % 1000) * 1000000)};
        ::ppoll(nullptr, 0, &ts, &unblocked);
    }
}

bool send_frame(libnet_t* l, std::uint16_t op, const Mac& sender, const std::uint8_t ip[4],
    const Mac& own)
{
    static const Mac broadcast{0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    static const Mac zero{};
    // 3.0.6 (after RFC 2002 4.6): request target MAC zero, reply target MAC
    // the announced one; Ethernet source the interface's own address.
    const Mac& target = op == ARPOP_REQUEST ? zero : sender;
    libnet_clear_packet(l);
    if (libnet_build_arp(ARPHRD_ETHER, ETHERTYPE_IP, 6, 4, op, sender.data(), ip, target.data(), ip,
            nullptr, 0, l, 0) == -1) {
        log_msg(LogLevel::err, std::string("libnet_build_arp failed: ") + libnet_geterror(l));
        return false;
    }
    if (libnet_build_ethernet(broadcast.data(), own.data(), ETHERTYPE_ARP, nullptr, 0, l, 0) == -1) {
        log_msg(LogLevel::err, std::string("libnet_build_ethernet failed: ") + libnet_geterror(l));
        return false;
    }
    if (libnet_write(l) == -1) {
        log_msg(LogLevel::err, std::string("libnet_write failed: ") + libnet_geterror(l));
        return false;
    }
    return true;
}

struct Args {
    long interval_ms = 1000;
    long repeat = 1;
    std::string pidfile;
    std::string device;
    std::string ip;
    std::string mac;
};

Args parse_args(int argc, char** argv)
{
    Args a;
    int c = 0;
    while ((c = ::getopt(argc, argv, "i:r:p:")) != -1) {
        switch (c) {
        case 'i': {
            const auto v = parse_number(optarg, 0, 3600L * 1000);
            if (!v) {
                std::fprintf(stderr, "send_arp: bad interval [%s]\n", optarg);
                usage_exit();
            }
            a.interval_ms = *v;
            break;
        }
        case 'r': {
            const auto v = parse_number(optarg, 1, 1000000);
            if (!v) {
                std::fprintf(stderr, "send_arp: bad repeat count [%s]\n", optarg);
                usage_exit();
            }
            a.repeat = *v;
            break;
        }
        case 'p':
            a.pidfile = optarg;
            break;
        default:
            usage_exit();
        }
    }
    if (argc - optind != 5) {
        usage_exit();
    }
    a.device = argv[optind];
    a.ip = argv[optind + 1];
    a.mac = argv[optind + 2];
    // argv[optind + 3] (broadcast) and argv[optind + 4] (netmask): ignored.
    if (a.pidfile.empty()) {
        a.pidfile = kDefaultPidPrefix + a.ip;
    }
    return a;
}

}  // namespace

int main(int argc, char** argv)
{
    std::signal(SIGPIPE, SIG_IGN);
    const Args a = parse_args(argc, argv);
    open_syslog();

    in_addr addr{};
    if (::inet_pton(AF_INET, a.ip.c_str(), &addr) != 1) {
        log_msg(LogLevel::err, "Cannot resolve IP address [" + a.ip + "]");
        return EXIT_FAILURE;
    }
    std::uint8_t ip[4];
    std::memcpy(ip, &addr.s_addr, sizeof ip);
    std::optional<Mac> sender;
    const bool auto_mac = strcasecmp(a.mac.c_str(), "auto") == 0;
    if (!auto_mac) {
        sender = parse_mac(a.mac);
        if (!sender) {
            log_msg(LogLevel::err, "Invalid hardware address [" + a.mac + "]");
            return EXIT_FAILURE;
        }
    }

    // Block the stop signals before the pid file exists, so a SIGTERM from
    // IPaddr's stop can never end us without removing it.
    sigset_t stop_set;
    sigset_t old_set;
    sigemptyset(&stop_set);
    sigaddset(&stop_set, SIGTERM);
    sigaddset(&stop_set, SIGINT);
    sigaddset(&stop_set, SIGHUP);
    ::sigprocmask(SIG_BLOCK, &stop_set, &old_set);
    struct sigaction sa{};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    for (const int sig : {SIGTERM, SIGINT, SIGHUP}) {
        ::sigaction(sig, &sa, nullptr);
    }
    sigset_t unblocked = old_set;
    for (const int sig : {SIGTERM, SIGINT, SIGHUP}) {
        sigdelset(&unblocked, sig);
    }

    if (!write_pidfile(a.pidfile)) {
        return EXIT_FAILURE;
    }

    char errbuf[LIBNET_ERRBUF_SIZE] = {};
    libnet_t* l = libnet_init(LIBNET_LINK, a.device.c_str(), errbuf);
    if (l == nullptr) {
        log_msg(LogLevel::err, "libnet_init failure on " + a.device + ": " + errbuf);
        remove_pidfile(a.pidfile);
        return EXIT_FAILURE;
    }
    const libnet_ether_addr* hw = libnet_get_hwaddr(l);
    if (hw == nullptr) {
        log_msg(LogLevel::err, "Cannot find mac address for " + a.device);
        libnet_destroy(l);
        remove_pidfile(a.pidfile);
        return EXIT_FAILURE;
    }
    Mac own{};
    std::memcpy(own.data(), hw->ether_addr_octet, own.size());
    if (auto_mac) {
        sender = own;
    }

    // Frame k goes out at start + k * interval/2 (a fixed schedule, so the
    // spacing does not drift with the time spent sending).
    const std::int64_t half = a.interval_ms / 2;
    const std::int64_t start = now_ms();
    bool ok = true;
    for (long j = 0; j < a.repeat && ok; ++j) {
        if (g_stop != 0) {
            break;
        }
        ok = send_frame(l, ARPOP_REQUEST, *sender, ip, own);
        if (!ok || !wait_until(start + (2 * j + 1) * half, unblocked)) {
            break;
        }
        ok = send_frame(l, ARPOP_REPLY, *sender, ip, own);
        if (ok && j != a.repeat - 1 && !wait_until(start + (2 * j + 2) * half, unblocked)) {
            break;
        }
    }
    libnet_destroy(l);
    remove_pidfile(a.pidfile);
    return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
