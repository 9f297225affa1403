// heartbeat: the heartbeatd daemon's entry point. Parses the command line,
// handles the one-shot actions (-k, -r, -s, -D, -V, --check) and starts the
// daemon. Exit codes follow 3.0.6 and LSB: 0 ok, 2 bad usage, 3 status
// stopped, 6 not configured.
#include <signal.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "base/strings.h"
#include "base/version.h"
#include "cli/options.h"
#include "config/ha_cf.h"
#include "daemon/daemon.h"
#include "log/logger.h"
#include "sys/config_loader.h"
#include "sys/paths.h"
#include "sys/process.h"

using namespace hb;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitGeneric = 1;
constexpr int kExitUsage = 2;        // LSB_EXIT_EINVAL
constexpr int kExitStopped = 3;      // LSB_STATUS_STOPPED
constexpr int kExitNotConfigured = 6;

sys::Paths paths_from(const cli::Options& o)
{
    sys::Paths p;
    p.confdir = o.confdir;
    p.statedir = o.statedir;
    p.rundir = o.rundir;
    return p;
}

void print_defaults()
{
    std::printf("%-24s %-9s %s\n", "Directive", "Default", "Description");
    std::printf("%s\n", std::string(80, '-').c_str());
    for (const config::DirectiveInfo& d : config::ha_cf_directives()) {
        if (d.default_value.empty()) {
            continue;
        }
        std::printf("%-24.*s %-9.*s %.*s\n", static_cast<int>(d.name.size()), d.name.data(),
            static_cast<int>(d.default_value.size()), d.default_value.data(),
            static_cast<int>(d.description.size()), d.description.data());
    }
}

/// Loads the configuration and prints every problem to stderr, each with its
/// `    fix: ...` line when it has one.
sys::LoadResult load_and_report(const sys::Paths& paths, Logger* log)
{
    sys::LoadResult r = sys::load_config(paths);
    for (const Diagnostic& d : r.diagnostics) {
        std::fprintf(stderr, "%s\n", d.str().c_str());
        if (!d.hint.empty()) {
            std::fprintf(stderr, "    fix: %s\n", d.hint.c_str());
        }
        if (log) {
            log::log_diagnostic(*log, d);
        }
    }
    return r;
}

std::string uname_node()
{
    struct utsname u {};
    if (::uname(&u) != 0) {
        return "?";
    }
    return to_lower(u.nodename);
}

int do_status(const sys::Paths& paths, const std::string& prog)
{
    long pid = sys::running_pid(paths.pidfile());
    if (pid < 0) {
        std::printf("%s is stopped. No process\n", prog.c_str());
        return kExitStopped;
    }
    sys::LoadResult r = sys::load_config(paths);
    std::string local = r.config ? r.config->local_node : uname_node();
    std::printf("%s OK [pid %ld et al] is running on %s [%s]...\n", prog.c_str(), pid,
        uname_node().c_str(), local.c_str());
    return kExitOk;
}

int do_stop(const sys::Paths& paths)
{
    long pid = sys::running_pid(paths.pidfile());
    if (pid < 0) {
        std::fprintf(stderr, "INFO: Heartbeat already stopped.\n");
        return kExitOk;
    }
    // A graceful stop releases resources first; 3.0.6 waits for as long as
    // that takes. Bound it generously.
    if (!sys::signal_and_wait(pid, SIGTERM, 30 * 60 * 1000)) {
        std::fprintf(stderr, "ERROR: Could not kill pid %ld\n", pid);
        return kExitGeneric;
    }
    return kExitOk;
}

// --check / -t: every problem with its fix, then the verdict. Exit 0 (OK,
// warnings allowed), 1 (warnings and --strict), 6 (errors: LSB "not
// configured", what starting would exit with).
int do_check(const sys::Paths& paths, bool warnings_fatal)
{
    sys::LoadResult r = load_and_report(paths, nullptr);
    const std::size_t errors = count_errors(r.diagnostics);
    const std::size_t warnings = count_warnings(r.diagnostics);
    const std::size_t notes = r.diagnostics.size() - errors - warnings;
    if (!r.config) {
        std::fprintf(stderr, "%zu error(s), %zu warning(s) in the configuration.\n", errors, warnings);
        return kExitNotConfigured;
    }
    if (warnings != 0 || notes != 0) {
        std::fprintf(stderr, "%zu warning(s), %zu note(s).\n", warnings, notes);
    }
    if (warnings_fatal && warnings != 0) {
        std::fprintf(stderr, "configuration has warnings (--strict makes them fatal).\n");
        return kExitGeneric;
    }
    std::printf("configuration OK\n");
    return kExitOk;
}

int do_reload(const sys::Paths& paths, const cli::Options& opts, const std::string& prog);
int do_start(const sys::Paths& paths, const cli::Options& opts);

int do_reload(const sys::Paths& paths, const cli::Options& opts, const std::string& prog)
{
    long pid = sys::running_pid(paths.pidfile());
    if (pid < 0) {
        return do_start(paths, opts);
    }
    sys::LoadResult r = load_and_report(paths, nullptr);
    if (!r.config) {
        std::fprintf(stderr, "Config errors: %s pid %ld NOT restarted\n", prog.c_str(), pid);
        return kExitNotConfigured;
    }
    std::fprintf(stderr, "Signalling %s pid %ld to reread config files\n", prog.c_str(), pid);
    if (::kill(static_cast<pid_t>(pid), SIGHUP) != 0) {
        std::perror("kill");
        return kExitGeneric;
    }
    return kExitOk;
}

int do_start(const sys::Paths& paths, const cli::Options& opts)
{
    log::DaemonLogger logger;
    logger.set_stderr(true);
    logger.set_debug_level(opts.debug);
    sys::LoadResult r = load_and_report(paths, nullptr);
    if (!r.config) {
        std::fprintf(stderr, "Configuration error, heartbeat not started.\n");
        return kExitNotConfigured;
    }
    config::Config cfg = std::move(*r.config);
    logger.configure(cfg.ha, cfg.local_node);
    logger.set_debug_level(cfg.ha.debug + opts.debug);
    for (const Diagnostic& d : r.diagnostics) {
        log::log_diagnostic(logger, d);
    }
    long running = sys::running_pid(paths.pidfile());
    if (running > 0) {
        logger.log(LogLevel::info, "heartbeat: already running [pid " + std::to_string(running) + "].");
        return kExitOk;
    }
    if (!opts.foreground) {
        logger.set_stderr(false);
        sys::daemonize();
    } else {
        // In the foreground (systemd, tests) stderr is the log only when
        // nothing else is configured.
        logger.set_stderr(cfg.ha.logfile.empty() && cfg.ha.debugfile.empty() && cfg.ha.logfacility.empty());
    }
    sys::PidFile pidfile;
    std::string error;
    if (!pidfile.acquire(paths.pidfile(), error)) {
        logger.log(LogLevel::err, "heartbeat: " + error);
        return kExitGeneric;
    }
    daemon::Daemon d(opts, std::move(cfg), logger);
    int rc = d.run();
    pidfile.release();
    return rc;
}

}  // namespace

int main(int argc, char** argv)
{
    std::string prog = "heartbeat";
    std::vector<std::string> args(argv + 1, argv + argc);
    cli::Options opts = cli::parse_options(args);
    if (!opts.errors.empty()) {
        for (const std::string& e : opts.errors) {
            std::fprintf(stderr, "%s: %s\n", argv[0], e.c_str());
        }
        std::fprintf(stderr, "%s", cli::usage(prog).c_str());
        return kExitUsage;
    }
    const sys::Paths paths = paths_from(opts);
    switch (opts.action) {
    case cli::Action::version:
        std::printf("%s (heartbeatd %s)\n", HB_COMPAT_VERSION, HB_VERSION);
        return kExitOk;
    case cli::Action::help:
        std::printf("%s", cli::usage(prog).c_str());
        return kExitOk;
    case cli::Action::defaults:
        print_defaults();
        return kExitOk;
    case cli::Action::list_directives:
        // For the man page test (test/integration/man_pages.t).
        for (const config::DirectiveInfo& d : config::ha_cf_directives()) {
            std::printf("%.*s\n", static_cast<int>(d.name.size()), d.name.data());
        }
        return kExitOk;
    case cli::Action::status:
        return do_status(paths, prog);
    case cli::Action::stop:
        return do_stop(paths);
    case cli::Action::check:
        return do_check(paths, opts.warnings_fatal);
    case cli::Action::reload:
        return do_reload(paths, opts, prog);
    case cli::Action::start:
        return do_start(paths, opts);
    }
    return kExitGeneric;
}
