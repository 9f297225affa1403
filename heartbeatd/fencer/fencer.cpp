#include "fencer/fencer.h"

#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <fstream>
#include <sstream>

#include "base/strings.h"

namespace hb::fencer {

namespace {

const char* kPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

std::string first_line(const std::string& s)
{
    std::string t(trim(s));
    auto nl = t.find('\n');
    return nl == std::string::npos ? t : t.substr(0, nl);
}

std::string how(const exec::Result& r)
{
    if (!r.spawn_error.empty()) return r.spawn_error;
    if (r.timed_out) return "timed out";
    if (r.term_signal) return "killed by signal " + std::to_string(r.term_signal);
    std::string s = "exit code " + std::to_string(r.exit_code);
    if (!trim(r.err).empty()) s += ": " + first_line(r.err);
    return s;
}

bool usable(const std::string& path, std::string& error)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        return false;
    }
    if (!S_ISREG(st.st_mode) || ::access(path.c_str(), X_OK) != 0) {
        error = "STONITH plugin " + path + " is not an executable file";
        return false;
    }
    if (st.st_mode & (S_IWGRP | S_IWOTH)) {
        error = "refusing STONITH plugin " + path + ": it is group or world writable";
        return false;
    }
    return true;
}

}  // namespace

std::vector<std::string> default_builtin_dirs()
{
    std::vector<std::string> dirs;
    char buf[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n > 0) {
        std::string exe(buf, static_cast<std::size_t>(n));
        auto slash = exe.rfind('/');
        if (slash != std::string::npos) {
            dirs.push_back(exe.substr(0, slash) + "/../stonith/plugins");         // build tree
            dirs.push_back(exe.substr(0, slash) + "/../../lib/heartbeatd/stonith");  // make install
        }
    }
    dirs.push_back("/usr/lib/heartbeatd/stonith");
    return dirs;
}

struct Fencer::Call {
    std::string action;
    std::string node;
    Done done;
};

Fencer::Fencer(loop::Loop& loop, exec::Runner& runner, fence::Device device, Options opts)
    : loop_(loop), runner_(runner), device_(std::move(device)), opts_(std::move(opts))
{
    if (opts_.builtin_dirs.empty()) {
        opts_.builtin_dirs = default_builtin_dirs();
    }
}

Fencer::~Fencer() = default;

std::optional<std::string> Fencer::program(std::string& error) const
{
    const std::string& type = device_.type;
    if (type.find("..") != std::string::npos) {
        error = "bad STONITH type " + type;
        return std::nullopt;
    }
    std::vector<std::string> candidates;
    switch (fence::kind_of(type)) {
    case fence::Kind::builtin:
        for (const std::string& d : opts_.builtin_dirs) candidates.push_back(d + "/" + type);
        break;
    case fence::Kind::external:
        candidates.push_back(opts_.external_dir + "/" + type.substr(9));
        break;
    case fence::Kind::fence_agent:
        for (const std::string& d : opts_.agent_dirs) candidates.push_back(d + "/" + type);
        break;
    case fence::Kind::glue:
        candidates.push_back(opts_.glue_stonith);
        break;
    }
    for (const std::string& c : candidates) {
        if (type.find('/') != std::string::npos && fence::kind_of(type) == fence::Kind::builtin) {
            break;
        }
        if (usable(c, error)) {
            return c;
        }
        if (!error.empty()) {
            return std::nullopt;
        }
    }
    error = fence::kind_of(type) == fence::Kind::glue
        ? "unknown STONITH type " + type + " (and cluster-glue's " + opts_.glue_stonith + " is not installed)"
        : "STONITH plugin for type " + type + " not found";
    return std::nullopt;
}

std::optional<fence::Params> Fencer::params(std::string& error) const
{
    if (device_.config_file.empty()) {
        return fence::parse_words(device_.params);
    }
    std::ifstream in(device_.config_file);
    if (!in) {
        error = "cannot read STONITH configuration file " + device_.config_file;
        return std::nullopt;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    auto p = fence::parse_param_file(ss.str(), error);
    if (!p) {
        error = device_.config_file + ": " + error;
    }
    return p;
}

void Fencer::run(const std::string& action, const std::string& node, Done done)
{
    auto call = std::make_shared<Call>(Call{action, node, std::move(done)});
    launch(call);
}

void Fencer::launch(std::shared_ptr<Call> call)
{
    std::string error;
    auto prog = program(error);
    std::optional<fence::Params> p;
    if (prog) {
        p = params(error);
    }
    if (!prog || !p) {
        // Answer from the loop, never from inside the caller's call.
        exec::Spec spec;
        spec.argv = {"/bin/sh", "-c", "exit 1"};
        spec.env = {kPath};
        runner_.start(spec, [call, error](const exec::Result&) {
            Outcome o;
            o.detail = error;
            call->done(o);
        });
        return;
    }
    exec::Spec spec;
    spec.env = {kPath, "LANG=C"};
    spec.timeout = meatware() && call->action == "reset" ? opts_.meatware_timeout : opts_.timeout;
    switch (fence::kind_of(device_.type)) {
    case fence::Kind::builtin:
    case fence::Kind::external:
        run_external(call, *prog, *p);
        return;
    case fence::Kind::glue: {
        const std::string t = device_.type.rfind("glue/", 0) == 0 ? device_.type.substr(5) : device_.type;
        spec.argv = {*prog, "-t", t, "-p", fence::glue_param_string(*p)};
        if (call->action == "getconfignames") {
            spec.argv = {*prog, "-t", t, "-n"};
        } else if (call->action == "status") {
            spec.argv.push_back("-S");
        } else if (call->action == "gethosts") {
            spec.argv.push_back("-l");
        } else {
            spec.argv.insert(spec.argv.end(), {"-T", call->action, call->node});
        }
        break;
    }
    case fence::Kind::fence_agent: {
        auto input = fence::fence_agent_stdin(*p, fence::fence_agent_action(call->action),
            call->action == "reset" || call->action == "on" || call->action == "off" ? call->node : "", error);
        if (!input) {
            spec.argv = {"/bin/sh", "-c", "exit 1"};
            runner_.start(spec, [call, error](const exec::Result&) {
                Outcome o;
                o.detail = error;
                call->done(o);
            });
            return;
        }
        spec.argv = {"/bin/sh", "-c", "printf '%s' \"$HBD_FENCE_STDIN\" | \"$0\"", *prog};
        spec.env.push_back("HBD_FENCE_STDIN=" + *input);
        break;
    }
    }
    const bool glue = fence::kind_of(device_.type) == fence::Kind::glue;
    runner_.start(spec, [call, glue](const exec::Result& r) {
        Outcome o;
        o.ok = r.spawn_error.empty() && !r.timed_out && !r.term_signal && r.exit_code == 0;
        o.result = o.ok ? fence::Outcome::ok : glue && !r.timed_out ? fence::outcome_of_exit(r.exit_code) : fence::Outcome::bad;
        o.output = r.out;
        o.detail = o.ok ? std::string() : how(r);
        call->done(o);
    });
}

void Fencer::run_external(std::shared_ptr<Call> call, const std::string& prog, const fence::Params& p)
{
    const Duration timeout = meatware() && call->action == "reset" ? opts_.meatware_timeout : opts_.timeout;
    auto finish = [this, call, prog, timeout](const std::vector<std::string>& names, const fence::Params& params) {
        std::string error;
        auto env = fence::external_env(params, names, {kPath, "LANG=C"}, error);
        exec::Spec spec;
        spec.timeout = timeout;
        if (!env) {
            spec.argv = {"/bin/sh", "-c", "exit 1"};
            spec.env = {kPath};
            runner_.start(spec, [call, error](const exec::Result&) {
                Outcome o;
                o.detail = error;
                call->done(o);
            });
            return;
        }
        spec.env = *env;
        spec.argv = {prog, call->action};
        if (!call->node.empty()) {
            spec.argv.push_back(call->node);
        }
        runner_.start(spec, [call](const exec::Result& r) {
            Outcome o;
            o.ok = r.spawn_error.empty() && !r.timed_out && !r.term_signal && r.exit_code == 0;
            o.result = o.ok ? fence::Outcome::ok : fence::Outcome::bad;
            o.output = r.out;
            o.detail = o.ok ? std::string() : how(r);
            call->done(o);
        });
    };
    if (p.positional.empty() || call->action == "getconfignames" || call->action.rfind("getinfo-", 0) == 0) {
        finish({}, p.positional.empty() ? p : fence::Params{p.named, {}});
        return;
    }
    // Positional words go to the plugin's configuration names, in order.
    exec::Spec names;
    names.argv = {prog, "getconfignames"};
    names.env = {kPath, "LANG=C"};
    names.timeout = opts_.timeout;
    runner_.start(names, [finish, p](const exec::Result& r) {
        finish(fence::parse_list(r.out, false), p);
    });
}

}  // namespace hb::fencer
