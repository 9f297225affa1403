// hb-fence-peer: DRBD's fence-peer handler for heartbeatd (drbd.conf:
// `handlers { fence-peer "/usr/libexec/heartbeat/hb-fence-peer"; }` with
// `fencing resource-only` or `resource-and-stonith`).
//
// It asks the local heartbeatd (control socket) to have the peer outdate its
// disk over the heartbeat links (3.0.6 dopd's start_outdate/outdate_rc
// messages, so a 3.0.6 peer running dopd answers too), waits for the outcome
// and exits with DRBD's fence-peer codes:
//   3 the peer's disk is Inconsistent     4 the peer's disk is now Outdated
//   5 the peer's DRBD is not running      6 the peer is Primary (DRBD then
//   7 the peer was STONITHed                outdates the local disk)
//   1 fencing failed: no answer in time, heartbeatd not running, or the peer
//     unreachable on every link and not fenced. DRBD then refuses to
//     promote this node.
// Options as 3.0.6's drbd-peer-outdater: -r RESOURCE, -p PEER, -t SECONDS
// (default 60); without them DRBD's environment names the resource and the
// peer (DRBD_RESOURCE; DRBD_PEER_NODE_ID + DRBD_NODE_ID_<id>, or DRBD_PEERS).
#include <sys/utsname.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "base/strings.h"
#include "control/client.h"
#include "node/peer_outdate.h"

using namespace hb;

namespace {

constexpr const char* kProg = "hb-fence-peer";

void usage(FILE* f)
{
    std::fprintf(f,
        "usage: %s [-r RESOURCE] [-p PEER] [-t SECONDS]\n"
        "\t-r RESOURCE\tDRBD resource (default: $DRBD_RESOURCE)\n"
        "\t-p PEER\t\tpeer node (default: from $DRBD_PEER_NODE_ID/$DRBD_NODE_ID_<id>,\n"
        "\t\t\t$DRBD_PEERS or $DRBD_PEER)\n"
        "\t-t SECONDS\thow long to wait for the peer (default 60)\n",
        kProg);
}

std::optional<std::string> env(const std::string& name)
{
    const char* v = std::getenv(name.c_str());
    if (!v) {
        return std::nullopt;
    }
    return std::string(v);
}

void sleep_ms(long ms)
{
    struct timespec ts {ms / 1000, (ms % 1000) * 1000000};
    nanosleep(&ts, nullptr);
}

/// "ID pending" or "ID done CODE DETAIL"
struct Line {
    bool ok = false;
    std::uint64_t id = 0;
    bool done = false;
    int code = node::kFenceFailed;
    std::string detail;
};

Line parse_line(const std::string& out)
{
    Line l;
    std::string s = out;
    while (!s.empty() && s.back() == '\n') {
        s.pop_back();
    }
    auto sp = s.find(' ');
    if (sp == std::string::npos) {
        return l;
    }
    auto id = parse_dec(s.substr(0, sp));
    if (!id) {
        return l;
    }
    l.id = *id;
    std::string rest = s.substr(sp + 1);
    if (rest == "pending") {
        l.ok = true;
        return l;
    }
    if (rest.rfind("done ", 0) != 0) {
        return l;
    }
    rest = rest.substr(5);
    sp = rest.find(' ');
    auto code = parse_dec(rest.substr(0, sp));
    if (!code || *code > 255) {
        return l;
    }
    l.ok = true;
    l.done = true;
    l.code = static_cast<int>(*code);
    l.detail = sp == std::string::npos ? "" : rest.substr(sp + 1);
    return l;
}

}  // namespace

int main(int argc, char** argv)
{
    std::string res, peer;
    long timeout_s = 60;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&](std::string& out) {
            if (a.size() > 2) {
                out = a.substr(2);
                return true;
            }
            if (i + 1 < argc) {
                out = argv[++i];
                return true;
            }
            return false;
        };
        std::string v;
        if (a == "-h" || a == "--help") {
            usage(stdout);
            return 0;
        } else if (a == "-V") {
            continue;  // drbd-peer-outdater's verbosity flag
        } else if (a.rfind("-r", 0) == 0 && value(v)) {
            res = v;
        } else if (a.rfind("-p", 0) == 0 && value(v)) {
            peer = v;
        } else if (a.rfind("-t", 0) == 0 && value(v)) {
            auto t = parse_dec(v);
            if (!t || *t == 0 || *t > 600) {
                std::fprintf(stderr, "%s: -t needs 1..600 seconds\n", kProg);
                return node::kFenceFailed;
            }
            timeout_s = static_cast<long>(*t);
        } else {
            std::fprintf(stderr, "%s: unknown argument '%s'\n", kProg, a.c_str());
            usage(stderr);
            return node::kFenceFailed;
        }
    }
    if (res.empty()) {
        res = env("DRBD_RESOURCE").value_or("");
    }
    struct utsname u {};
    uname(&u);
    peer = node::resolve_drbd_peer(peer, env, u.nodename);
    if (res.empty() || peer.empty()) {
        std::fprintf(stderr, "%s: the DRBD resource and peer must be given (-r, -p) or set by DRBD "
                             "($DRBD_RESOURCE, $DRBD_PEER_NODE_ID/$DRBD_NODE_ID_<id>, $DRBD_PEERS)\n", kProg);
        usage(stderr);
        return node::kFenceFailed;
    }

    control::Reply r = control::ask_daemon(
        {"_outdate_peer", res, peer, std::to_string(timeout_s * 1000)});
    if (control::is_signon_failure(r)) {
        std::fprintf(stderr, "%s: %s on %s: heartbeat is not running here; refusing (exit 1)\n",
            kProg, res.c_str(), peer.c_str());
        return node::kFenceFailed;
    }
    Line l = parse_line(r.out);
    const std::uint64_t id = l.id;
    // The daemon ends the request itself at the deadline; a little slack.
    const long limit_ms = timeout_s * 1000 + 3000;
    for (long waited = 0; l.ok && !l.done && waited < limit_ms; waited += 100) {
        sleep_ms(100);
        r = control::ask_daemon({"_outdate_result", std::to_string(id)});
        if (control::is_signon_failure(r)) {
            break;
        }
        l = parse_line(r.out);
    }
    if (!l.ok || !l.done) {
        std::string why = r.exit_code != 0 && !r.err.empty() ? r.err.front().text
            : l.ok ? "no outcome in time" : "heartbeat stopped or gave a bad answer";
        std::fprintf(stderr, "%s: %s on %s: %s; refusing (exit 1)\n", kProg, res.c_str(), peer.c_str(),
            why.c_str());
        return node::kFenceFailed;
    }
    std::printf("%s: %s on %s: %s (exit %d)\n", kProg, res.c_str(), peer.c_str(), l.detail.c_str(), l.code);
    return l.code;
}
