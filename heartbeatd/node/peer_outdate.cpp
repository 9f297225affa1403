#include "node/peer_outdate.h"

#include "base/strings.h"

namespace hb::node {

namespace {
constexpr std::size_t kKeepRequests = 32;
}

std::string_view fence_code_text(int code)
{
    switch (code) {
    case kPeerInconsistent: return "peer's disk is Inconsistent";
    case kPeerOutdated: return "peer's disk is now Outdated";
    case kPeerDown: return "peer's DRBD is not running";
    case kPeerPrimary: return "peer is Primary";
    case kPeerStonithed: return "peer was fenced (STONITH)";
    default: return "fencing failed";
    }
}

int outdate_exit_to_fence_code(int drbdadm_exit)
{
    switch (drbdadm_exit) {
    case 0: return kPeerOutdated;
    case 5: return kPeerInconsistent;
    case 17: return kPeerPrimary;
    case 10:  // resource not configured here
    case 20:  // module not loaded
        return kPeerDown;
    default: return 20;
    }
}

bool valid_resource_name(std::string_view res)
{
    if (res.empty() || res.size() > 128 || res[0] == '-' || res[0] == '.') {
        return false;
    }
    for (char c : res) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '_' || c == '-' || c == '.' || c == '/';
        if (!ok) {
            return false;
        }
    }
    return res.find("..") == std::string_view::npos;
}

std::string resolve_drbd_peer(const std::string& opt,
    const std::function<std::optional<std::string>(const std::string&)>& env, const std::string& local)
{
    if (!opt.empty()) {
        return opt;
    }
    if (auto id = env("DRBD_PEER_NODE_ID"); id && !id->empty()) {
        if (auto name = env("DRBD_NODE_ID_" + *id); name && !name->empty()) {
            return *name;
        }
    }
    const std::string me = to_lower(local);
    for (const char* var : {"DRBD_PEERS", "DRBD_PEER"}) {
        auto v = env(var);
        if (!v) {
            continue;
        }
        for (const std::string& name : split_ws(*v)) {
            if (to_lower(name) != me) {
                return name;
            }
        }
    }
    return {};
}

PeerOutdater::PeerOutdater(Host& host, std::string local_node)
    : host_(host), me_(to_lower(local_node))
{
}

void PeerOutdater::finish(OutdateRequest& r, int code, std::string detail)
{
    r.done = true;
    r.code = code;
    r.detail = std::move(detail);
    host_.log(code == kFenceFailed ? LogLevel::err : LogLevel::info,
        "fence-peer " + r.resource + " on " + r.peer + ": " + r.detail + " (exit "
            + std::to_string(code) + ")");
}

const OutdateRequest& PeerOutdater::request(const std::string& resource, const std::string& peer,
    const PeerView& view, Duration timeout, MonoTime now)
{
    if (requests_.size() >= kKeepRequests) {
        // Drop the oldest finished one; pending ones stay until answered.
        for (auto it = requests_.begin(); it != requests_.end(); ++it) {
            if (it->done) {
                requests_.erase(it);
                break;
            }
        }
    }
    OutdateRequest& r = requests_.emplace_back();
    r.id = next_id_++;
    r.resource = resource;
    r.peer = to_lower(peer);
    r.deadline = now + timeout;
    if (!valid_resource_name(resource)) {
        finish(r, kFenceFailed, "invalid resource name '" + resource + "'");
    } else if (view.is_me || r.peer == me_) {
        finish(r, kFenceFailed, "the DRBD peer " + peer + " is this node");
    } else if (!view.known) {
        finish(r, kFenceFailed, "the DRBD peer " + peer + " is not a node in ha.cf");
    } else if (!view.reachable) {
        if (fenced(r.peer)) {
            finish(r, kPeerStonithed, std::string(fence_code_text(kPeerStonithed)));
        } else {
            finish(r, kFenceFailed, "peer " + r.peer
                    + " is unreachable on every link and was not fenced: refusing");
        }
    } else {
        wire::Message m(kStartOutdate);
        m.add(kDopRes, resource);
        m.add(wire::f::dest, r.peer);
        host_.log(LogLevel::info, "fence-peer " + resource + ": asking " + r.peer
                + " to outdate its disk (start_outdate)");
        host_.send(std::move(m));
    }
    return r;
}

const OutdateRequest* PeerOutdater::find(std::uint64_t id) const
{
    for (const OutdateRequest& r : requests_) {
        if (r.id == id) {
            return &r;
        }
    }
    return nullptr;
}

void PeerOutdater::note_fenced(const std::string& node)
{
    fenced_.insert(to_lower(node));
}

bool PeerOutdater::fenced(const std::string& node) const
{
    return fenced_.count(to_lower(node)) != 0;
}

void PeerOutdater::on_node_status(const std::string& node, const std::string& status)
{
    if (status == "up" || status == "active") {
        fenced_.erase(to_lower(node));
    }
}

void PeerOutdater::on_message(const std::string& from, const wire::Message& msg, MonoTime now)
{
    (void)now;
    const std::string src = to_lower(from);
    if (src == me_) {
        return;
    }
    const std::string_view type = msg.type();
    if (type == kStartOutdate) {
        const std::string res(msg.value(kDopRes));
        if (!valid_resource_name(res)) {
            host_.log(LogLevel::err, "start_outdate from " + src + ": invalid resource name '" + res
                    + "'; answering 20");
            wire::Message m(kOutdateRc);
            m.add(kDopValue, "20");
            m.add(kDopRes, res);
            m.add(wire::f::dest, src);
            host_.send(std::move(m));
            return;
        }
        const std::uint64_t job = next_id_++;
        jobs_[job] = Job{src, res};
        host_.log(LogLevel::info, src + " asks to outdate our disk of " + res
                + ": running drbdadm outdate " + res);
        host_.run_outdate(job, res);
        return;
    }
    if (type == kOutdateRc) {
        const std::string_view v = msg.value(kDopValue);
        const auto res = msg.get(kDopRes);
        for (OutdateRequest& r : requests_) {
            if (r.done || r.peer != src || (res && *res != r.resource)) {
                continue;
            }
            const auto n = parse_dec(v);
            if (n && *n >= 3 && *n <= 7) {
                const int code = static_cast<int>(*n);
                finish(r, code, std::string(fence_code_text(code)) + " (" + src + " answered "
                        + std::string(v) + ")");
            } else {
                finish(r, kFenceFailed, src + " could not outdate its disk (answered '"
                        + std::string(v) + "')");
            }
            return;
        }
        host_.log(LogLevel::warn, "outdate_rc " + std::string(v) + " from " + src
                + " answers no pending request (late answer?)");
    }
}

void PeerOutdater::on_outdate_done(std::uint64_t job, int drbdadm_exit, MonoTime now)
{
    (void)now;
    auto it = jobs_.find(job);
    if (it == jobs_.end()) {
        return;
    }
    const Job j = it->second;
    jobs_.erase(it);
    const int code = outdate_exit_to_fence_code(drbdadm_exit);
    host_.log(code == 20 ? LogLevel::err : LogLevel::info,
        "drbdadm outdate " + j.resource + ": exit " + std::to_string(drbdadm_exit)
            + "; answering " + j.requester + " " + std::to_string(code));
    // 3.0.6's dopd names the resource in its answer, and its requesting
    // side relies on it (it crashes on an answer without one).
    wire::Message m(kOutdateRc);
    m.add(kDopValue, std::to_string(code));
    m.add(kDopRes, j.resource);
    m.add(wire::f::dest, j.requester);
    host_.send(std::move(m));
}

void PeerOutdater::tick(MonoTime now)
{
    for (OutdateRequest& r : requests_) {
        if (!r.done && now >= r.deadline) {
            finish(r, kFenceFailed, "no answer from " + r.peer + " in time: refusing");
        }
    }
}

std::optional<MonoTime> PeerOutdater::next_deadline() const
{
    std::optional<MonoTime> t;
    for (const OutdateRequest& r : requests_) {
        if (!r.done && (!t || r.deadline < *t)) {
            t = r.deadline;
        }
    }
    return t;
}

}  // namespace hb::node
