#include "sys/respawn.h"

#include <grp.h>
#include <pwd.h>
#include <signal.h>

#include <cstring>

namespace hb::sys {

struct ClientSupervisor::Client {
    config::ChildClient cfg;
    std::string display;  // "USER PROGRAM ARGS"
    exec::Spec spec;
    bool resolved = false;
    int pid = -1;
    Backoff backoff;
    std::uint64_t starts = 0;
    std::unique_ptr<loop::Timer> timer;
};

ClientSupervisor::ClientSupervisor(loop::Loop& loop, exec::Runner& runner, Logger& log,
    std::function<void(const config::ChildClient&)> failfast)
    : loop_(loop), runner_(runner), log_(log), failfast_(std::move(failfast))
{
}

ClientSupervisor::~ClientSupervisor() = default;

std::size_t ClientSupervisor::running() const
{
    std::size_t n = 0;
    for (const auto& c : clients_) {
        n += c->pid > 0 ? 1 : 0;
    }
    return n;
}

void ClientSupervisor::start(const std::vector<config::ChildClient>& clients, std::vector<std::string> env)
{
    env_ = std::move(env);
    for (const config::ChildClient& cc : clients) {
        std::string display = cc.user + " " + cc.program;
        for (const std::string& a : cc.args) {
            display += " " + a;
        }
        if (cc.native) {
            log_.log(LogLevel::info, "ha.cf line " + std::to_string(cc.line) + ": respawn " + display
                    + ": heartbeatd provides ipfail natively; the program is not started.");
            continue;
        }
        // Heartbeat's API clients sign on through /var/run/heartbeat/register,
        // which heartbeatd does not provide: they could only crash-loop.
        static const char* const kApiClients[] = {"ccm", "dopd", "pingd", "attrd", "cib", "crmd", "mgmtd",
            "hbagent"};
        const std::string base = cc.program.substr(cc.program.rfind('/') + 1);
        bool api = false;
        for (const char* a : kApiClients) {
            api = api || base == a;
        }
        if (api) {
            log_.log(LogLevel::err, "ha.cf line " + std::to_string(cc.line) + ": " + display
                    + ": this program needs Heartbeat's client API, which heartbeatd does not provide; not started.");
            continue;
        }
        auto c = std::make_unique<Client>();
        c->cfg = cc;
        c->display = display;
        c->spec.argv.push_back(cc.program);
        c->spec.argv.insert(c->spec.argv.end(), cc.args.begin(), cc.args.end());
        c->spec.env = env_;
        c->spec.timeout = Duration(0);
        c->spec.max_output = 4096;
        // The user's ids and groups, looked up once at start.
        passwd pw {};
        passwd* res = nullptr;
        std::vector<char> buf(16384);
        if (::getpwnam_r(cc.user.c_str(), &pw, buf.data(), buf.size(), &res) != 0 || !res) {
            log_.log(LogLevel::err, "Invalid uid [" + cc.user + "] specified for client child "
                    + cc.program + ": not started");
            continue;
        }
        c->spec.uid = static_cast<long>(pw.pw_uid);
        c->spec.gid = static_cast<long>(pw.pw_gid);
        int ngroups = 64;
        std::vector<gid_t> groups(static_cast<std::size_t>(ngroups));
        if (::getgrouplist(cc.user.c_str(), pw.pw_gid, groups.data(), &ngroups) < 0) {
            groups.resize(static_cast<std::size_t>(ngroups));
            ::getgrouplist(cc.user.c_str(), pw.pw_gid, groups.data(), &ngroups);
        }
        groups.resize(static_cast<std::size_t>(std::max(ngroups, 0)));
        c->spec.groups.assign(groups.begin(), groups.end());
        c->spec.env.push_back("HOME=" + std::string(pw.pw_dir));
        c->spec.env.push_back("USER=" + cc.user);
        c->spec.env.push_back("LOGNAME=" + cc.user);
        c->resolved = true;
        Client* raw = c.get();
        c->timer = std::make_unique<loop::Timer>(loop_, [this, raw] { spawn(*raw); });
        clients_.push_back(std::move(c));
        spawn(*raw);
    }
}

void ClientSupervisor::spawn(Client& c)
{
    if (stopping_ || c.pid > 0) {
        return;
    }
    ++c.starts;
    log_.log(LogLevel::info, std::string(c.starts > 1 ? "Respawning" : "Starting") + " client \""
            + c.display + "\"" + (c.cfg.failfast ? " (failfast)" : ""));
    Client* raw = &c;
    c.pid = runner_.start(c.spec, [this, raw](const exec::Result& r) { exited(*raw, r); });
}

void ClientSupervisor::exited(Client& c, const exec::Result& r)
{
    const int pid = c.pid;
    c.pid = -1;
    if (stopping_) {
        return;
    }
    std::string how = !r.spawn_error.empty() ? r.spawn_error
        : r.term_signal ? "was killed by signal " + std::to_string(r.term_signal)
                        : "exited with return code " + std::to_string(r.exit_code);
    log_.log(LogLevel::warn, "Client " + c.cfg.program + " (pid " + std::to_string(pid) + ") " + how + ".");
    for (const std::string& stream : {r.err, r.out}) {
        if (!stream.empty()) {
            log_.log(LogLevel::info, "  " + c.cfg.program + ": " + stream.substr(0, stream.find('\n')));
        }
    }
    if (c.cfg.failfast) {
        failfast_(c.cfg);
        return;
    }
    const Duration delay = c.backoff.next(r.elapsed);
    if (delay >= Duration(4000)) {
        log_.log(LogLevel::warn, "Client \"" + c.display + "\" respawning too fast; next start in "
                + std::to_string(delay.count() / 1000) + " s");
    }
    const MonoTime now = loop::read_clock().mono;
    c.timer->arm_at(now + delay, now);
}

void ClientSupervisor::stop()
{
    stopping_ = true;
    for (auto& c : clients_) {
        c->timer->stop();
        if (c->pid > 0) {
            log_.log(LogLevel::info, "Stopping client \"" + c->display + "\" (pid " + std::to_string(c->pid) + ")");
            ::kill(-c->pid, SIGTERM);
        }
    }
}

}  // namespace hb::sys
