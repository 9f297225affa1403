// ipfail, built in: Heartbeat 3.0.6's ipfail client (ipfail.c) as a pure state
// machine. Each side counts the ping nodes it sees; when a ping node or a
// link changes, it tells the peer its count (`num_ping_nodes`, num_ping=N,
// dest=peer). The side that sees more answers `you_are_dead`; the side that
// sees fewer (or is told so) gives up all its resources after a delay of two
// keepalives (`ask_resources rsc_hold=all info=me`, the hb_standby message).
// Equal counts abort a pending give-up (`abort_giveup`), and with
// auto_failback on the side holding foreign resources gives those back.
// These are ipfail's own message types, so a 3.0.6 peer running ipfail
// understands them and one without it ignores them.
//
// Partition rule (heartbeatd's addition, no STONITH needed): while the peer
// is dead, a node that sees no ping node is `isolated`: it must neither keep
// nor take resources. Node feeds isolated() to the resource manager.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/log.h"
#include "base/time.h"
#include "wire/message.h"

namespace hb::res {

struct IpFailOptions {
    bool auto_failback = true;
    Duration giveup_delay{2000};  // 2 x keepalive, as ipfail's delay_giveup(-1)
};

class IpFail {
public:
    IpFail(std::string me, std::string peer, IpFailOptions opts);

    // Inputs. `alive`: ping nodes now `ping`; `stable`: rscstatus is not
    // transition. Messages to send to the cluster are appended to `out`.
    void on_ping_status(const std::string& node, const std::string& status, int alive,
        MonoTime now, std::vector<wire::Message>& out);
    void on_link_dead(int alive, std::vector<wire::Message>& out);
    /// The peer became active (stands in for ipfail's join message).
    void on_peer_active(int alive, std::vector<wire::Message>& out);
    /// A cluster message (ours included; they are ignored).
    void on_message(const std::string& from, const wire::Message& msg, int alive, bool stable,
        MonoTime now, std::vector<wire::Message>& out);
    /// Runs a due give-up.
    void tick(bool stable, MonoTime now, std::vector<wire::Message>& out);
    std::optional<MonoTime> next_deadline() const { return giveup_at_; }

    bool giveup_pending() const { return giveup_at_.has_value(); }
    const std::vector<std::string>& journal() const { return journal_; }
    /// Log lines produced by the last calls (taken by the caller).
    std::vector<std::pair<LogLevel, std::string>> take_log();

private:
    void ask_ping_nodes(int alive, std::vector<wire::Message>& out);
    void delay_giveup(const char* what, MonoTime now);
    void abort_giveup();
    void send_to_peer(wire::Message m, std::vector<wire::Message>& out);
    void note(LogLevel l, std::string text);

    std::string me_;
    std::string peer_;
    IpFailOptions opts_;
    std::optional<MonoTime> giveup_at_;
    std::string giveup_what_ = "all";
    bool need_standby_ = false;
    std::vector<std::string> journal_;
    std::vector<std::pair<LogLevel, std::string>> log_;
};

/// The partition rule: with ping nodes configured and the peer dead, a node
/// that sees none of them holds nothing.
inline bool ipfail_isolated(bool have_ping_nodes, bool peer_dead, int alive)
{
    return have_ping_nodes && peer_dead && alive == 0;
}

}  // namespace hb::res
