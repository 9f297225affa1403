#include "res/ipfail.h"

#include <charconv>

namespace hb::res {

IpFail::IpFail(std::string me, std::string peer, IpFailOptions opts)
    : me_(std::move(me)), peer_(std::move(peer)), opts_(opts)
{
}

std::vector<std::pair<LogLevel, std::string>> IpFail::take_log()
{
    std::vector<std::pair<LogLevel, std::string>> l;
    l.swap(log_);
    return l;
}

void IpFail::note(LogLevel l, std::string text)
{
    journal_.push_back(text);
    if (journal_.size() > 64) {
        journal_.erase(journal_.begin());
    }
    log_.emplace_back(l, "ipfail: " + std::move(text));
}

void IpFail::send_to_peer(wire::Message m, std::vector<wire::Message>& out)
{
    if (peer_.empty()) {
        return;
    }
    m.add(wire::f::dest, peer_);
    out.push_back(std::move(m));
}

void IpFail::ask_ping_nodes(int alive, std::vector<wire::Message>& out)
{
    note(LogLevel::info, "Asking other side for ping node count (we see " + std::to_string(alive) + ").");
    wire::Message m("num_ping_nodes");
    m.add("orig", me_);
    m.add("num_ping", std::to_string(alive));
    send_to_peer(std::move(m), out);
}

void IpFail::on_ping_status(const std::string& node, const std::string& status, int alive,
    MonoTime, std::vector<wire::Message>& out)
{
    note(LogLevel::info, "Status update: Node " + node + " now has status " + status);
    if (status == "ping") {
        // We see more than when the give-up was decided: the peer's answer
        // to the new count decides again (it may arrive after the delay).
        abort_giveup();
    }
    ask_ping_nodes(alive, out);
}

void IpFail::on_link_dead(int alive, std::vector<wire::Message>& out)
{
    ask_ping_nodes(alive, out);
}

void IpFail::on_peer_active(int alive, std::vector<wire::Message>& out)
{
    ask_ping_nodes(alive, out);
}

void IpFail::delay_giveup(const char* what, MonoTime now)
{
    giveup_what_ = what;
    giveup_at_ = now + opts_.giveup_delay;
    note(LogLevel::info, "Delayed giveup (" + giveup_what_ + ") in "
            + std::to_string(opts_.giveup_delay.count()) + " ms.");
}

void IpFail::abort_giveup()
{
    if (giveup_at_) {
        note(LogLevel::info, "Aborted delayed giveup.");
        giveup_at_.reset();
    }
}

void IpFail::on_message(const std::string& from, const wire::Message& msg, int alive, bool stable,
    MonoTime now, std::vector<wire::Message>& out)
{
    if (from == me_ || (msg.has(wire::f::dest) && msg.value(wire::f::dest) != me_)) {
        return;
    }
    const std::string_view t = msg.type();
    if (t == "num_ping_nodes") {
        int theirs = 0;
        const std::string_view v = msg.value("num_ping");
        if (std::from_chars(v.data(), v.data() + v.size(), theirs).ec != std::errc{}) {
            note(LogLevel::warn, "bad num_ping [" + std::string(v) + "] from " + from);
            return;
        }
        if (alive > theirs) {
            note(LogLevel::info, "Telling other node that we have more visible ping nodes.");
            send_to_peer(wire::Message("you_are_dead"), out);
        } else if (alive < theirs) {
            note(LogLevel::info, "Giving up because we have less visible ping nodes.");
            delay_giveup("all", now);
        } else {
            note(LogLevel::info, "Ping node count is balanced.");
            wire::Message a("abort_giveup");
            a.add("orig", me_);
            send_to_peer(std::move(a), out);
            if (giveup_at_) {
                abort_giveup();
            } else if (opts_.auto_failback && stable) {
                note(LogLevel::info, "Giving up foreign resources (auto_failback).");
                delay_giveup("foreign", now);
            }
        }
    } else if (t == "you_are_dead") {
        note(LogLevel::info, "Giving up because we were told that we have less ping nodes.");
        delay_giveup("all", now);
    } else if (t == "abort_giveup") {
        abort_giveup();
    } else if (t == "resource" && from == peer_ && msg.value("isstable") == "1" && !msg.has(wire::f::info)) {
        if (need_standby_) {
            need_standby_ = false;
            ask_ping_nodes(alive, out);
        }
    }
}

void IpFail::tick(bool stable, MonoTime now, std::vector<wire::Message>& out)
{
    if (!giveup_at_ || now < *giveup_at_) {
        return;
    }
    giveup_at_.reset();
    if (!stable) {
        note(LogLevel::info, "Resources in transition: giveup waits for the other side to be stable.");
        need_standby_ = true;
        return;
    }
    note(LogLevel::info, "giveup(): asking the other side to take " + giveup_what_ + " resources.");
    wire::Message m("ask_resources");
    m.add("rsc_hold", giveup_what_);
    m.add("orig", me_);
    m.add(wire::f::info, "me");
    out.push_back(std::move(m));
}

}  // namespace hb::res
