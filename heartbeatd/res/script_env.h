// What a resource script or an rc.d hook sees: argv and a clean
// environment with the HA_* and OCF variables 3.0.6's daemon and shellfuncs
// provide, so Debian's stock resource.d scripts and resource-agents work
// unchanged. Pure.
#pragma once

#include <string>
#include <vector>

#include "config/config.h"
#include "res/group_op.h"
#include "wire/message.h"

namespace hb::res {

struct ScriptPaths {
    std::string confdir = "/etc/ha.d";
    std::string statedir = "/var/lib/heartbeat";
    std::string rundir = "/run";
    std::string initdir = "/etc/init.d";
    std::string ocf_root = "/usr/lib/ocf";
};

/// Environment for every script (NAME=value strings).
std::vector<std::string> script_environment(const config::Config& cfg, const ScriptPaths& paths,
    int debug_level);

/// Where `script` is looked for, in order: resource.d, then the init
/// scripts directory.
std::vector<std::string> script_candidates(const std::string& script, const ScriptPaths& paths);

/// `path args... action`
std::vector<std::string> script_argv(const std::string& path, const ScriptCall& call);

/// An rc.d hook (3.0.6 notify_world + harc): argv `rc.d/TYPE TYPE`, the base
/// environment plus HA_<field> for every string field of the message,
/// HA_CURHOST, HA_OSTATUS and HA_NICEFAILBACK.
std::vector<std::string> hook_environment(const config::Config& cfg, const ScriptPaths& paths,
    int debug_level, const wire::Message& msg, const std::string& old_status);

/// Debian's Heartbeat 3.0.6 ships rc.d scripts for ask_resources,
/// hb_takeover, ip-request, ip-request-resp and status that drive its shell
/// ResourceManager; heartbeatd does their work itself, so running them would
/// act twice. True when `content` is one of those stock files (by SHA-256
/// as hex, computed by the caller).
bool is_stock_rc_script(const std::string& name, const std::string& sha256_hex);

}  // namespace hb::res
