#include "cli/options.h"

namespace hb::cli {

namespace {

bool set_action(Options& o, Action a, const std::string& flag)
{
    if (o.action != Action::start && o.action != a) {
        o.errors.push_back("option " + flag + " conflicts with an earlier action option");
        return false;
    }
    o.action = a;
    return true;
}

}  // namespace

Options parse_options(const std::vector<std::string>& args)
{
    Options o;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](const std::string& name) -> std::string {
            auto eq = a.find('=');
            if (eq != std::string::npos) {
                return a.substr(eq + 1);
            }
            if (i + 1 < args.size()) {
                return args[++i];
            }
            o.errors.push_back("option " + name + " needs a value");
            return {};
        };
        auto long_is = [&](const char* name) {
            std::string n(name);
            return a == n || a.rfind(n + "=", 0) == 0;
        };
        if (a == "--check" || a == "--test") {
            set_action(o, Action::check, a);
        } else if (a == "--strict") {
            o.warnings_fatal = true;
        } else if (a == "--list-directives") {
            set_action(o, Action::list_directives, a);
        } else if (a == "--help") {
            set_action(o, Action::help, a);
        } else if (long_is("--confdir")) {
            o.confdir = value("--confdir");
        } else if (long_is("--statedir")) {
            o.statedir = value("--statedir");
        } else if (long_is("--rundir")) {
            o.rundir = value("--rundir");
        } else if (long_is("--on-failed-stop")) {
            o.failed_stop_action = value("--on-failed-stop");
            const std::string& v = o.failed_stop_action;
            if (v != "reboot" && v != "exit" && v.rfind("/", 0) != 0) {
                o.errors.push_back("--on-failed-stop must be reboot, exit or an absolute program path");
            }
        } else if (a.size() >= 2 && a[0] == '-' && a[1] != '-') {
            for (std::size_t j = 1; j < a.size(); ++j) {
                const char c = a[j];
                const std::string flag = std::string("-") + c;
                switch (c) {
                case 'd': ++o.debug; break;
                case 'D': set_action(o, Action::defaults, flag); break;
                case 'k': set_action(o, Action::stop, flag); break;
                case 'M': o.manage_resources = false; break;
                case 'r': set_action(o, Action::reload, flag); break;
                case 'R': o.restarting = true; break;
                case 's': set_action(o, Action::status, flag); break;
                case 'v': o.verbose = true; break;
                case 'W': o.wiki = true; break;
                case 'l': o.no_realtime = true; break;
                case 'V': set_action(o, Action::version, flag); break;
                case 'f': o.foreground = true; break;
                case 't': set_action(o, Action::check, flag); break;
                case 'h': set_action(o, Action::help, flag); break;
                case 'C':
                    if (j + 1 < a.size()) {
                        o.current_resources = a.substr(j + 1);
                    } else if (i + 1 < args.size()) {
                        o.current_resources = args[++i];
                    } else {
                        o.errors.push_back("option -C needs a value");
                    }
                    j = a.size();
                    break;
                default:
                    o.errors.push_back("unknown option " + flag);
                }
            }
        } else {
            o.errors.push_back("unexpected argument [" + a + "]");
        }
    }
    if (!o.current_resources.empty() && !o.restarting) {
        o.errors.push_back("-C only valid with -R");
    }
    if (o.restarting && o.action == Action::reload) {
        o.errors.push_back("-r is mutually exclusive with -R");
    }
    return o;
}

std::string usage(const std::string& prog)
{
    return "\nUsage: " + prog + " [-dDkMrRsvWlVft] [-C Current-resource-state]"
           " [--check [--strict]] [--confdir DIR] [--statedir DIR] [--rundir DIR]\n"
           "\t[--on-failed-stop reboot|exit|/path/to/program]\n"
           "\t-C only valid with -R\n"
           "\t-r is mutually exclusive with -R\n";
}

}  // namespace hb::cli
