#include "member/ping_nodes.h"

#include "base/strings.h"
#include "wire/ping.h"

namespace hb::member {

PingNodes::PingNodes(const config::HaCf& ha) : deadping_(ha.deadping), deadtime_(ha.deadtime)
{
    for (const config::PingNode& p : ha.ping_nodes) {
        PingNodeState n;
        n.name = to_lower(p.name);
        n.addresses = p.addresses;
        n.group = p.group;
        n.v6 = p.v6;
        n.link_up.assign(n.addresses.size(), false);
        n.link_last.assign(n.addresses.size(), std::nullopt);
        nodes_.push_back(std::move(n));
    }
}

void PingNodes::start(MonoTime now)
{
    started_ = now;
}

std::vector<PingProbe> PingNodes::probes(WallSeconds ts, const wire::Signer& signer) const
{
    std::vector<PingProbe> out;
    for (const PingNodeState& n : nodes_) {
        const std::string payload = wire::build_ping_payload(n.name, n.group, ts, signer);
        for (const std::string& a : n.addresses) {
            out.push_back(PingProbe{a, n.v6, payload});
        }
    }
    return out;
}

std::optional<PingStatusChange> PingNodes::on_reply(std::string_view address, std::string_view payload,
    const wire::Signer& signer, MonoTime now, std::string& why)
{
    why.clear();
    for (PingNodeState& n : nodes_) {
        std::size_t member = n.addresses.size();
        for (std::size_t i = 0; i < n.addresses.size(); ++i) {
            if (to_lower(n.addresses[i]) == to_lower(address)) {
                member = i;
            }
        }
        if (member == n.addresses.size()) {
            continue;
        }
        wire::PingReply r = wire::verify_ping_payload(payload, n.name, n.group, signer);
        if (!r) {
            ++n.rejected;
            why = "echo reply from " + std::string(address) + " for ping node " + n.name + " ignored: "
                + std::string(wire::to_string(r.error)) + (r.detail.empty() ? "" : " (" + r.detail + ")");
            continue;  // the address may belong to another group too
        }
        ++n.replies;
        n.last_reply = now;
        n.link_last[member] = now;
        if (!n.link_up[member]) {
            n.link_up[member] = true;
            link_changes_.push_back(PingLinkChange{n.name, n.addresses[member], true});
        }
        if (n.status != "ping") {
            PingStatusChange c{n.name, n.status, "ping"};
            n.status = "ping";
            return c;
        }
        return std::nullopt;
    }
    if (why.empty()) {
        why = "echo reply from " + std::string(address) + ", which is no ping node";
    }
    return std::nullopt;
}

std::vector<PingStatusChange> PingNodes::tick(MonoTime now)
{
    std::vector<PingStatusChange> out;
    if (!started_) {
        return out;
    }
    for (PingNodeState& n : nodes_) {
        for (std::size_t i = 0; i < n.addresses.size(); ++i) {
            if (n.link_up[i] && n.link_last[i] && now - *n.link_last[i] > deadtime_) {
                n.link_up[i] = false;
                link_changes_.push_back(PingLinkChange{n.name, n.addresses[i], false});
            }
        }
        if (n.status == "dead") {
            continue;
        }
        const MonoTime last = n.last_reply ? *n.last_reply : *started_;
        if (now - last > deadping_) {
            out.push_back(PingStatusChange{n.name, n.status, "dead"});
            n.status = "dead";
        }
    }
    return out;
}

std::optional<MonoTime> PingNodes::next_deadline() const
{
    std::optional<MonoTime> best;
    if (!started_) {
        return best;
    }
    auto consider = [&](MonoTime t) {
        if (!best || t < *best) {
            best = t;
        }
    };
    for (const PingNodeState& n : nodes_) {
        for (std::size_t i = 0; i < n.addresses.size(); ++i) {
            if (n.link_up[i] && n.link_last[i]) {
                consider(*n.link_last[i] + deadtime_ + Duration(1));
            }
        }
        if (n.status == "dead") {
            continue;
        }
        consider((n.last_reply ? *n.last_reply : *started_) + deadping_ + Duration(1));
    }
    return best;
}

std::vector<PingLinkChange> PingNodes::take_link_changes()
{
    std::vector<PingLinkChange> out;
    out.swap(link_changes_);
    return out;
}

const PingNodeState* PingNodes::find(std::string_view name) const
{
    const std::string l = to_lower(name);
    for (const PingNodeState& n : nodes_) {
        if (n.name == l) {
            return &n;
        }
    }
    return nullptr;
}

int PingNodes::alive() const
{
    int k = 0;
    for (const PingNodeState& n : nodes_) {
        k += n.status == "ping" ? 1 : 0;
    }
    return k;
}

}  // namespace hb::member
