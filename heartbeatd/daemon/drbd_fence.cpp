// The daemon's side of DRBD peer fencing (node/peer_outdate.h holds the
// logic): runs `drbdadm outdate RES` when a peer asks, and answers the
// fence-peer handler's two control commands:
//   _outdate_peer RES PEER TIMEOUT_MS   start a request
//   _outdate_result ID                  poll it
// Both reply one line: "ID pending" or "ID done CODE DETAIL".
#include <string>
#include <vector>

#include "base/strings.h"
#include "daemon/daemon.h"
#include "member/control_protocol.h"

namespace hb::daemon {

namespace {
// Debian's drbd-utils; its drbddisk calls the same path.
constexpr const char* kDrbdadm = "/sbin/drbdadm";

std::string request_line(const node::OutdateRequest& r)
{
    std::string s = std::to_string(r.id);
    if (!r.done) {
        return s + " pending\n";
    }
    return s + " done " + std::to_string(r.code) + " " + r.detail + "\n";
}

void fail(control::Reply& reply, const std::string& why)
{
    reply.exit_code = control::kExitParam;
    reply.err.push_back({control::ErrLine::Kind::plain, why});
}
}  // namespace

void Daemon::run_outdate(std::uint64_t job, const std::string& resource)
{
    exec::Spec spec;
    spec.argv = {kDrbdadm, "outdate", resource};
    spec.env = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/"};
    spec.timeout = Duration(30000);
    logger_.log(LogLevel::info, std::string("Running ") + kDrbdadm + " outdate " + resource);
    runner_->start(spec, [this, job, resource](const exec::Result& r) {
        now_ = loop::read_clock();
        const int code = r.spawn_error.empty() && !r.term_signal && !r.timed_out ? r.exit_code : -1;
        std::string how = !r.spawn_error.empty() ? r.spawn_error
            : r.timed_out                     ? "timed out"
            : r.term_signal                   ? "killed by signal " + std::to_string(r.term_signal)
                                              : "exit code " + std::to_string(r.exit_code);
        logger_.log(code == 0 ? LogLevel::info : LogLevel::warn,
            std::string(kDrbdadm) + " outdate " + resource + ": " + how);
        for (const std::string* text : {&r.out, &r.err}) {
            std::size_t start = 0;
            for (int lines = 0; lines < 4 && start < text->size(); ++lines) {
                std::size_t nl = text->find('\n', start);
                std::string line = text->substr(start, nl == std::string::npos ? std::string::npos : nl - start);
                if (!line.empty()) {
                    logger_.log(LogLevel::info, "  " + line);
                }
                if (nl == std::string::npos) {
                    break;
                }
                start = nl + 1;
            }
        }
        node_->on_outdate_done(job, code, now_);
        after_event();
    });
}

bool Daemon::drbd_command(const std::vector<std::string>& args, control::Reply& reply)
{
    const std::string& cmd = args[0];
    if (cmd == "_outdate_peer") {
        if (args.size() != 4) {
            fail(reply, "usage: _outdate_peer RESOURCE PEER TIMEOUT_MS");
            return true;
        }
        auto ms = parse_dec(args[3]);
        if (!ms || *ms == 0 || *ms > 600000) {
            fail(reply, "_outdate_peer: timeout must be 1..600000 ms");
            return true;
        }
        now_ = loop::read_clock();
        const node::OutdateRequest& r = node_->request_outdate(args[1], args[2],
            Duration(static_cast<std::int64_t>(*ms)), now_);
        reply.out = request_line(r);
        return true;
    }
    if (cmd == "_outdate_result") {
        auto id = args.size() == 2 ? parse_dec(args[1]) : std::nullopt;
        const node::OutdateRequest* r = id ? node_->outdate_request(*id) : nullptr;
        if (!r) {
            fail(reply, "_outdate_result: no such request");
            return true;
        }
        reply.out = request_line(*r);
        return true;
    }
    return false;
}

}  // namespace hb::daemon
