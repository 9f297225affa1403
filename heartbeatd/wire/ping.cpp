#include "wire/ping.h"

#include <charconv>

#include "base/strings.h"
#include "wire/codec.h"
#include "wire/message.h"

namespace hb::wire {

namespace {
std::string_view plugin(bool group) { return group ? "ping_group" : "ping"; }
}  // namespace

std::string build_ping_payload(std::string_view name, bool group, WallSeconds ts, const Signer& signer)
{
    Message m("NS_st");
    m.add(f::st, "ping");
    m.add(f::info, plugin(group));
    m.add(f::src, name);
    m.add(f::ts, to_hex(static_cast<std::uint64_t>(ts)));
    add_inner_auth(m, signer);
    return encode_netstring(m, signer);
}

std::string_view to_string(PingReplyError e)
{
    switch (e) {
    case PingReplyError::none: return "ok";
    case PingReplyError::bad_message: return "bad message";
    case PingReplyError::wrong_type: return "not a ping message";
    case PingReplyError::wrong_plugin: return "wrong plugin";
    case PingReplyError::wrong_source: return "wrong source";
    }
    return "?";
}

PingReply verify_ping_payload(std::string_view payload, std::string_view name, bool group,
    const Signer& signer)
{
    PingReply r;
    // Some stacks pad echo data; 3.0.6 decodes up to the trailer.
    while (!payload.empty() && payload.back() == '\0') {
        payload.remove_suffix(1);
    }
    Decoded d = decode(payload, &signer);
    if (!d) {
        r.error = PingReplyError::bad_message;
        r.detail = std::string(to_string(d.error)) + (d.detail.empty() ? "" : " (" + d.detail + ")");
        return r;
    }
    if (d.msg.type() != "NS_st" || d.msg.value(f::st) != "ping") {
        r.error = PingReplyError::wrong_type;
        r.detail = "t=" + std::string(d.msg.type());
        return r;
    }
    if (d.msg.value(f::info) != plugin(group)) {
        r.error = PingReplyError::wrong_plugin;
        r.detail = "info=" + std::string(d.msg.value(f::info));
        return r;
    }
    if (to_lower(d.msg.value(f::src)) != to_lower(name)) {
        r.error = PingReplyError::wrong_source;
        r.detail = "src=" + std::string(d.msg.value(f::src));
        return r;
    }
    std::string_view ts = d.msg.value(f::ts);
    std::uint64_t v = 0;
    std::from_chars(ts.data(), ts.data() + ts.size(), v, 16);
    r.ts = static_cast<WallSeconds>(v);
    return r;
}

}  // namespace hb::wire
