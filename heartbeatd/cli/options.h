// Command line of the heartbeat daemon: heartbeat(8)'s flags plus
// heartbeatd's --check and directory options. Pure: argv in, Options out.
#pragma once

#include <string>
#include <vector>

namespace hb::cli {

enum class Action {
    start,     // default: run the daemon
    stop,      // -k
    reload,    // -r
    status,    // -s
    defaults,  // -D
    version,   // -V
    check,     // --check / -t
    help,      // -h / --help
    list_directives,  // --list-directives (hidden): every ha.cf directive, one a line
};

struct Options {
    Action action = Action::start;
    int debug = 0;              // -d, repeatable
    bool foreground = false;    // -f
    bool no_realtime = false;   // -l
    bool manage_resources = true;  // -M turns it off
    bool verbose = false;       // -v
    bool restarting = false;    // -R (3.0.6 internal re-exec; accepted)
    std::string current_resources;  // -C (with -R only)
    bool wiki = false;          // -W (with -D)
    bool warnings_fatal = false;  // --check --strict
    std::string confdir = "/etc/ha.d";
    std::string statedir = "/var/lib/heartbeat";
    std::string rundir = "/run";
    /// What to do when a resource cannot be stopped but still runs (3.0.6:
    /// kill heartbeat, `reboot -nf`): "reboot", "exit" (only die), or the
    /// absolute path of a program to run with the resource as argument.
    std::string failed_stop_action = "reboot";
    std::vector<std::string> errors;  // usage problems, one line each
};

Options parse_options(const std::vector<std::string>& args);

/// The usage text (3.0.6 prints `Usage: heartbeat [-dDkMrRsvWlVf] [-C Current-resource-state]`).
std::string usage(const std::string& prog);

}  // namespace hb::cli
