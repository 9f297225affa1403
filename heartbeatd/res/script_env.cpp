#include "res/script_env.h"

#include "base/strings.h"

namespace hb::res {

std::vector<std::string> script_environment(const config::Config& cfg, const ScriptPaths& p, int debug_level)
{
    std::vector<std::string> env = {
        "PATH=/usr/sbin:/usr/bin:/sbin:/bin:/usr/share/heartbeat",
        "HA_DIR=" + p.confdir,
        "HA_FUNCS=" + p.confdir + "/shellfuncs",
        "HA_RESOURCEDIR=" + p.confdir + "/resource.d",
        "HA_RCDIR=" + p.confdir + "/rc.d",
        "HA_CF=" + p.confdir + "/ha.cf",
        "HA_FIFO=" + p.statedir + "/fifo",
        "HA_VARLIB=" + p.statedir,
        "HA_VARRUN=" + p.rundir + "/",
        "HA_RSCTMP=" + p.rundir + "/heartbeat/rsctmp",
        "HA_DATEFMT=%Y/%m/%d_%T ",
        "HA_LOGD=no",
        "OCF_ROOT=" + p.ocf_root,
        "HA_CURHOST=" + to_lower(cfg.local_node),
        "HA_LOGFILE=" + cfg.ha.logfile,
        "HA_DEBUGLOG=" + cfg.ha.debugfile,
        "HA_LOGFACILITY=" + (cfg.ha.logfacility == "none" ? std::string() : cfg.ha.logfacility),
    };
    if (cfg.ha.nice_failback()) {
        env.push_back("HA_NICEFAILBACK=yes");
    }
    if (debug_level > 0) {
        env.push_back("HA_debug=" + std::to_string(debug_level));
    }
    for (const auto& [name, value] : cfg.ha.env) {
        env.push_back(name + "=" + value);  // ha.cf `env NAME=value`
    }
    return env;
}

std::vector<std::string> script_candidates(const std::string& script, const ScriptPaths& p)
{
    if (script.empty() || script.find('/') != std::string::npos) {
        return {};  // never leave the two directories
    }
    return {p.confdir + "/resource.d/" + script, p.initdir + "/" + script};
}

std::vector<std::string> script_argv(const std::string& path, const ScriptCall& call)
{
    std::vector<std::string> argv{path};
    argv.insert(argv.end(), call.args.begin(), call.args.end());
    argv.push_back(call.action);
    return argv;
}

std::vector<std::string> hook_environment(const config::Config& cfg, const ScriptPaths& p, int debug_level,
    const wire::Message& msg, const std::string& old_status)
{
    std::vector<std::string> env = script_environment(cfg, p, debug_level);
    for (const wire::Field& f : msg.fields()) {
        if (f.type != wire::FieldType::string || f.name.empty()) {
            continue;
        }
        bool ok = true;
        for (char c : f.name) {
            const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            ok = ok && word;
        }
        if (ok && f.value.find('\0') == std::string::npos) {
            env.push_back("HA_" + f.name + "=" + f.value);
        }
    }
    if (!old_status.empty()) {
        env.push_back("HA_OSTATUS=" + old_status);
    }
    return env;
}

bool is_stock_rc_script(const std::string& name, const std::string& sha256_hex)
{
    // Debian 12 heartbeat 1:3.0.6-13+b2, /etc/ha.d/rc.d/*
    static const std::pair<const char*, const char*> stock[] = {
        {"ask_resources", "c152bd16f9108c8430f1d0a8f1f4615efb0f12190a56bc1e066668a4f5c19700"},
        {"hb_takeover", "2a867e92779ba6f0f9dc444690c9121e366466ca573a2b3d22f462d7c28b76d9"},
        {"ip-request", "ddcd7bd757af52b8d0d2fb9d5be88d28c4bce4992b61e0ecf43746f2c28f5ee6"},
        {"ip-request-resp", "fd3a080beef9bce32a206e233813680b258b0d02d5a5cc21ba1fa1d3094e4833"},
        {"status", "1f1d6edbf0dee327cca9d43a047cd9265ede139654e906531e5563217295b4a5"},
    };
    for (const auto& [n, h] : stock) {
        if (name == n && sha256_hex == h) {
            return true;
        }
    }
    return false;
}

}  // namespace hb::res
