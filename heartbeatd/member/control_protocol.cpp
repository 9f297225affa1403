// cl_status's sub-commands answered from a StatusView, with 3.0.6's texts and
// exit codes (docs/cl_status-3.0.6.md is the observation table the unit
// tests pin). Pure: no I/O. The wire framing is in control_wire.cpp.
#include "member/control_protocol.h"

#include "obs/json.h"

#include <climits>
#include <cstdint>

#include "base/strings.h"

namespace hb::control {

namespace {

constexpr std::string_view kUsage =
    "Usage: cl_status <sub-command> [<options>] [<parameters>]\n"
    "\n"
    "Sub-commands:\n"
    "clientstatus <node-name> <client-id> [<timeout>]\n"
    "\tShow the status of heartbeat clients.\n"
    "hblinkstatus <node-name> <link-name>\n"
    "\tShow the status of a heartbeat link\n"
    "hbstatus\n"
    "\tIndicate if heartbeat is running on the local system.\n"
    "\tOptions:\n"
    "\t\t-v\tverbose: also add \"listnodes -v\" output\n"
    "listnodes [<option>]\n"
    "\tList the nodes in the cluster.\n"
    "\tOptions:\n"
    "\t\t-p\tlist only 'ping' type nodes\n"
    "\t\t-n\tlist only 'normal' type nodes\n"
    "\t\t-v\tverbose: also list type and status,\n"
    "\t\t\tthen add \"listhblinks -v\" output\n"
    "listhblinks <node-name>\n"
    "\tList the network interfaces used as hearbeat links.\n"
    "\tOptions:\n"
    "\t\t-v\tverbose: list link status as well\n"
    "nodestatus <node-name>\n"
    "\tList the node status.\n"
    "nodeweight <node-name>\n"
    "\tList the node weight.\n"
    "nodesite <node-name>\n"
    "\tList the node site.\n"
    "nodetype <node-name>\n"
    "\tList the nodes of a given type.\n"
    "rscstatus\n"
    "\tShow the status of cluster resources.\n"
    "hbparameter -p <parameter-name>\n"
    "\tRetrieve the value of a cluster parameter.\n"
    "\tAs for the valid parameter names, please refer to the man page.\n";

// 3.0.6 matches the sub-command exactly (strncmp over 16 bytes, and every
// name is shorter). "test" is its undocumented debugging command.
constexpr std::string_view kCommands[] = {"hbstatus", "listnodes", "nodestatus", "nodeweight",
    "nodesite", "nodetype", "listhblinks", "hblinkstatus", "clientstatus", "rscstatus",
    "hbparameter", "test", "stonithstatus"};

// 3.0.6 v1 nodes have no weight or site setting: every node reports these.
constexpr int kNodeWeight = 100;
constexpr std::string_view kNodeSite = "";

// clientstatus's timeout (ms) when none is given.
constexpr int kDefaultClientTimeout = 500;

void plain(Reply& r, std::string text)
{
    r.err.push_back({ErrLine::Kind::plain, std::move(text)});
}

void logerr(Reply& r, std::string text)
{
    r.err.push_back({ErrLine::Kind::log, std::move(text)});
}

bool is_command(std::string_view s)
{
    for (std::string_view c : kCommands) {
        if (c == s) {
            return true;
        }
    }
    return false;
}

// GNU getopt(3) as cl_status calls it: getopt(argc-1, argv+1, optstr), so
// the sub-command is "argv[0]" in its messages. Default (permuting) mode:
// non-options are skipped and collected, "--" ends the options, "-" and ""
// are non-options, "-pVAL" and "-p VAL" give an argument, and "--x" is read
// as the short options '-', 'x' (plain getopt has no long options).
class Getopt {
public:
    Getopt(const std::vector<std::string>& args, std::string_view optstring, Reply& r)
        : args_(args), opts_(optstring), r_(r)
    {
    }

    /// Next option character, '?' after printing getopt's complaint, or -1
    /// when the options are exhausted.
    int next(std::string* optarg)
    {
        const std::size_t n = args_.size();
        if (pos_ == 0) {
            while (i_ < n && is_nonoption(args_[i_])) {
                positional_.push_back(args_[i_]);
                ++i_;
            }
            if (i_ == n) {
                return -1;
            }
            if (args_[i_] == "--") {
                for (++i_; i_ < n; ++i_) {
                    positional_.push_back(args_[i_]);
                }
                return -1;
            }
            cur_ = i_;
            pos_ = 1;
        }
        const std::string& a = args_[cur_];
        const char c = a[pos_++];
        const bool last = pos_ >= a.size();
        if (last) {
            ++i_;
            pos_ = 0;
        }
        const std::size_t at = (c == ':' || c == ';' || c == '\0') ? std::string_view::npos
                                                                     : opts_.find(c);
        if (at == std::string_view::npos) {
            plain(r_, args_[0] + ": invalid option -- '" + std::string(1, c) + "'");
            return '?';
        }
        if (at + 1 < opts_.size() && opts_[at + 1] == ':') {
            if (!last) {
                if (optarg) {
                    *optarg = a.substr(pos_);
                }
                ++i_;
                pos_ = 0;
            } else if (i_ < n) {
                if (optarg) {
                    *optarg = args_[i_];
                }
                ++i_;
            } else {
                plain(r_, args_[0] + ": option requires an argument -- '" + std::string(1, c)
                        + "'");
                return '?';
            }
        }
        return static_cast<unsigned char>(c);
    }

    /// Operands in order (valid once next() returned -1).
    const std::vector<std::string>& positional() const { return positional_; }

private:
    static bool is_nonoption(const std::string& s) { return s.size() < 2 || s[0] != '-'; }

    const std::vector<std::string>& args_;  // args_[0] is the sub-command
    std::string_view opts_;
    Reply& r_;
    std::size_t i_ = 1;    // next element to look at
    std::size_t cur_ = 0;  // element being scanned while pos_ > 0
    std::size_t pos_ = 0;  // position inside args_[cur_]; 0: none
    std::vector<std::string> positional_;
};

// One cl_status run against a snapshot.
class Run {
public:
    Run(const std::vector<std::string>& args, const StatusView& view, Reply& r)
        : args_(args), view_(view), r_(r)
    {
    }

    void dispatch()
    {
        const std::string& c = args_[0];
        if (c == "hbstatus") hbstatus();
        else if (c == "listnodes") listnodes();
        else if (c == "nodestatus") nodestatus();
        else if (c == "nodeweight") nodeweight();
        else if (c == "nodesite") nodesite();
        else if (c == "nodetype") nodetype();
        else if (c == "listhblinks") listhblinks();
        else if (c == "hblinkstatus") hblinkstatus();
        else if (c == "clientstatus") clientstatus();
        else if (c == "rscstatus") rscstatus();
        else if (c == "hbparameter") hbparameter();
        else if (c == "test") test();
        else if (c == "stonithstatus") stonithstatus();
    }

private:
    void out(std::string_view s) { r_.out += s; }
    void done(int code) { r_.exit_code = code; }

    // 3.0.6 looks node names up case-insensitively.
    const NodeView* find_node(std::string_view name) const
    {
        for (const NodeView& n : view_.nodes) {
            if (iequals(n.name, name)) {
                return &n;
            }
        }
        return nullptr;
    }

    const std::string* param(std::string_view name) const
    {
        const std::string* found = nullptr;
        for (const auto& [k, v] : view_.parameters) {
            if (k == name) {
                found = &v;  // the last value written wins, as in 3.0.6
            }
        }
        return found;
    }

    // 3.0.6's is_pacemaker_enabled(): "pacemaker" (or its alias "crm");
    // any value cl_str_to_boolean() does not know counts as enabled.
    // Unlike 3.0.6 (which always has a value) a missing one means "no":
    // heartbeatd only does haresources.
    bool pacemaker(std::string* value) const
    {
        const std::string* v = param("pacemaker");
        if (!v) {
            v = param("crm");
        }
        if (!v) {
            return false;
        }
        if (value) {
            *value = *v;
        }
        for (std::string_view f : {"false", "off", "no", "n", "0"}) {
            if (iequals(*v, f)) {
                return false;
            }
        }
        return true;
    }

    // general_simple_opt_deal(): only -m.
    bool simple_opts()
    {
        Getopt g(args_, "m", r_);
        for (int c; (c = g.next(nullptr)) != -1;) {
            if (c == 'm') {
                human_ = true;
            } else {
                logerr(r_, "Error: getopt returnedcharacter ?.");
                done(kExitParam);
                return false;
            }
        }
        pos_ = g.positional();
        return true;
    }

    void bad_option_code()
    {
        logerr(r_, "Error: getopt returnedcharacter code ?.");
        done(kExitParam);
    }

    void hbstatus()
    {
        bool verbose = false;
        Getopt g(args_, "mv", r_);
        for (int c; (c = g.next(nullptr)) != -1;) {
            // 3.0.6 ignores bad options here (getopt has complained).
            if (c == 'm') human_ = true;
            if (c == 'v') verbose = true;
        }
        if (!verbose) {
            out("Heartbeat is running on this machine.\n");
            done(kExitOk);
            return;
        }
        const std::string* version = param("hbversion");
        std::string pcmk_value;
        const bool pcmk = pacemaker(&pcmk_value);
        if (human_) {
            out(version ? "Heartbeat version " + *version + "\n"
                        : std::string("Heartbeat is running on this machine.\n"));
            out(pcmk ? "Resources controlled by Pacemaker.\n"
                     : "Resources controlled by \"haresources\"\n");
        } else {
            out("version:\t" + (version ? *version : std::string("unknown")) + "\n");
            out(pcmk ? "managed by:\tpacemaker\t(" + pcmk_value + ")\n"
                     : std::string("managed by:\t\"haresources\"\n"));
        }
        // (3.0.6 shows CCM membership here when ccm runs; it never does in v1.)
        list_nodes(false, false, true);
        done(kExitOk);
    }

    // 3.0.6's API client prepends every node and link it receives, so its
    // walks run in reverse configuration order.
    void list_nodes(bool normal_only, bool ping_only, bool verbose)
    {
        if (normal_only && ping_only) {
            normal_only = ping_only = false;
        }
        if (human_) {
            out("The nodes are as follow:\n");
        }
        for (auto it = view_.nodes.rbegin(); it != view_.nodes.rend(); ++it) {
            if ((normal_only && it->type != "normal") || (ping_only && it->type != "ping")) {
                continue;
            }
            if (verbose) {
                out("\n" + it->name + "\t" + it->status + "\t(nodetype: " + it->type + ")\n");
                list_links(*it, true);
            } else {
                out(it->name + "\n");
            }
        }
    }

    void list_links(const NodeView& node, bool verbose)
    {
        if (human_) {
            out("\tthis node has the following heartbeat links:\n");
        }
        for (auto it = node.links.rbegin(); it != node.links.rend(); ++it) {
            out(verbose ? "\t" + it->name + "\t" + it->status + "\n" : "\t" + it->name + "\n");
        }
    }

    void listnodes()
    {
        bool verbose = false, ping_only = false, normal_only = false;
        Getopt g(args_, "mpnv", r_);
        for (int c; (c = g.next(nullptr)) != -1;) {
            switch (c) {
            case 'm': human_ = true; break;
            case 'v': verbose = true; break;
            case 'p': ping_only = true; break;
            case 'n': normal_only = true; break;
            default: bad_option_code(); return;
            }
        }
        list_nodes(normal_only, ping_only, verbose);
        done(kExitOk);
    }

    // 3.0.6's answer when a sub-command lacks arguments (its text varies
    // from one sub-command to the next); false when it was given.
    bool need_args(std::size_t n, const char* text)
    {
        if (pos_.size() >= n) {
            return true;
        }
        plain(r_, text);
        done(kExitParam);
        return false;
    }

    // The node named by the first argument, or 3.0.6's error (`text`) for
    // an unknown one (nullptr).
    const NodeView* node_arg(const char* text)
    {
        const NodeView* n = find_node(pos_[0]);
        if (!n) {
            plain(r_, text);
            done(kExitParam);
        }
        return n;
    }

    void nodestatus()
    {
        if (!simple_opts() || !need_args(1, "Not enough parameters.")) return;
        const NodeView* n = node_arg("Error. May be due to incorrect node name");
        if (!n) return;
        out(human_ ? "The cluster node " + pos_[0] + " is " + n->status + "\n" : n->status + "\n");
        const bool alive = n->status == "active" || n->status == "up" || n->status == "ping";
        done(alive ? kExitOk : kExitFail);
    }

    void nodeweight()
    {
        if (!simple_opts() || !need_args(1, "Not enough parameters.")) return;
        if (!node_arg("Error. Maybe due to incorrect node name.")) return;
        const std::string w = std::to_string(kNodeWeight);
        out(human_ ? "The weight of the cluster node " + pos_[0] + " is " + w + "\n" : w + "\n");
        done(kExitOk);
    }

    void nodesite()
    {
        if (!simple_opts() || !need_args(1, "Not enough parameters.")) return;
        if (!node_arg("Error. May be due to incorrect node name")) return;
        const std::string site(kNodeSite);
        out(human_ ? "The site of the cluster node " + pos_[0] + " is " + site + "\n" : site + "\n");
        done(kExitOk);
    }

    void nodetype()
    {
        if (!simple_opts() || !need_args(1, "No enough parameter.")) return;
        const NodeView* n = node_arg("Error. May be due to incorrect node name");
        if (!n) return;
        out(human_ ? "The node " + pos_[0] + "'s type: " + n->type + "\n" : n->type + "\n");
        done(kExitOk);
    }

    void listhblinks()
    {
        bool verbose = false;
        Getopt g(args_, "mv", r_);
        for (int c; (c = g.next(nullptr)) != -1;) {
            switch (c) {
            case 'm': human_ = true; break;
            case 'v': verbose = true; break;
            default: bad_option_code(); return;
            }
        }
        const auto& pos = g.positional();
        if (pos.empty()) {
            plain(r_, "No enough parameter.");
            done(kExitParam);
            return;
        }
        const NodeView* n = find_node(pos[0]);
        if (!n) {
            logerr(r_, "Cannot start heartbeat link interface walk.");
            logerr(r_, "REASON: EINVAL");
            done(kExitUnknown);
            return;
        }
        list_links(*n, verbose);
        done(kExitOk);
    }

    void hblinkstatus()
    {
        if (!simple_opts() || !need_args(2, "No enough parameter.")) return;
        const LinkView* link = nullptr;
        if (const NodeView* n = find_node(pos_[0])) {
            for (const LinkView& l : n->links) {
                if (l.name == pos_[1]) {  // link names are case-sensitive
                    link = &l;
                    break;
                }
            }
        }
        if (!link) {
            logerr(r_, "Cannot get heartbeat link status");
            logerr(r_, "REASON: ");
            done(kExitUnknown);
            return;
        }
        out(human_ ? "The node " + pos_[0] + "'s heartbeat link " + pos_[1] + " is " + link->status
                    + "\n"
                   : link->status + "\n");
        done(link->status == "up" ? kExitOk : kExitFail);
    }

    // C's atoi(): leading blanks, a sign, digits; anything else ends it.
    static int c_atoi(std::string_view s)
    {
        std::size_t i = 0;
        while (i < s.size() && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r'))) ++i;
        bool neg = false;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
        std::int64_t v = 0;
        for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
            v = v * 10 + (s[i] - '0');
            if (v > INT_MAX) {
                v = INT_MAX;
            }
        }
        return static_cast<int>(neg ? -v : v);
    }

    // heartbeatd runs no API clients, so every client is "offline". 3.0.6
    // waits `timeout` ms for an answer and gives up with "No timely
    // response." when it is not positive or the node is unknown; heartbeatd
    // knows the answer at once and does not wait.
    void clientstatus()
    {
        if (!simple_opts() || !need_args(2, "No enough parameter.")) return;
        const int timeout = pos_.size() > 2 ? c_atoi(pos_[2]) : kDefaultClientTimeout;
        std::string reason;
        if (pos_[0].empty()) {
            reason = "client status : bad nodename";
        } else if (timeout <= 0 || !find_node(pos_[0])) {
            reason = "No timely response.";
        }
        if (!reason.empty()) {
            logerr(r_, "Cannot get heartbeat client " + pos_[1] + "'s status");
            logerr(r_, "REASON: " + reason);
            done(kExitUnknown);
            return;
        }
        out("offline\n");  // 3.0.6 prints the bare word even with -m
        done(kExitFail);
    }

    void rscstatus()
    {
        if (!simple_opts()) return;
        if (pacemaker(nullptr)) {
            logerr(r_, "Cannot get cluster resource status of a pacemaker cluster; try crm_mon");
            done(kExitFail);
            return;
        }
        if (view_.rscstatus.empty()) {
            logerr(r_, "Cannot get cluster resource status");
            logerr(r_, "REASON: ");
            done(kExitUnknown);
            return;
        }
        out(human_ ? "This node is holding " + view_.rscstatus + " resources.\n"
                   : view_.rscstatus + "\n");
        done(kExitOk);
    }

    void hbparameter()
    {
        bool have_name = false;
        std::string name;
        Getopt g(args_, "mp:", r_);
        std::string arg;
        for (int c; (c = g.next(&arg)) != -1;) {
            switch (c) {
            case 'm': human_ = true; break;
            case 'p': name = arg; have_name = true; break;
            default: bad_option_code(); return;
            }
        }
        if (!have_name) {
            logerr(r_, "parameter name required");
            done(kExitParam);
            return;
        }
        const std::string* v = param(name);
        if (!v) {
            logerr(r_, "Cannot get parameter " + name + "'s value");
            logerr(r_, "REASON: ");
            done(kExitFail);
            return;
        }
        out(human_ ? "Heartbeat parameter " + name + "'s value: " + *v + "\n" : *v + "\n");
        done(kExitOk);
    }

    // 3.0.6's time values ("5", "1.5", "500ms", "2s", "250000us") in ms; 0
    // when unparsable.
    static long time_ms(const std::string* v)
    {
        if (!v) return 0;
        std::string_view s = *v;
        std::size_t i = 0;
        std::int64_t whole = 0, frac = 0, scale = 1;
        for (; i < s.size() && s[i] >= '0' && s[i] <= '9' && whole < INT_MAX; ++i) {
            whole = whole * 10 + (s[i] - '0');
        }
        if (i == 0) return 0;
        if (i < s.size() && s[i] == '.') {
            for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
                if (scale < 1000000) {
                    frac = frac * 10 + (s[i] - '0');
                    scale *= 10;
                }
            }
        }
        const std::string_view unit = s.substr(i);
        if (unit.empty() || unit == "s") return static_cast<long>(whole * 1000 + frac * 1000 / scale);
        if (unit == "ms") return static_cast<long>(whole);
        if (unit == "us") return static_cast<long>(whole / 1000);
        return 0;
    }

    // 3.0.6's undocumented debugging sub-command.
    void test()
    {
        out("Dead time: " + std::to_string(time_ms(param("deadtime"))) + "\n");
        out(" keeplive time: " + std::to_string(time_ms(param("keepalive"))) + "\n");
        out(" mynodeid: " + view_.local_node + "\n");
        out(" rsc: " + (view_.rscstatus.empty() ? std::string("(null)") : view_.rscstatus) + "\n");
        done(kExitOk);
    }

    // heartbeatd's own (not in 3.0.6, so not in the usage text): the
    // takeovers waiting for a STONITH reset, one line each.
    void stonithstatus()
    {
        for (const std::string& line : view_.fencing) {
            out(line + "\n");
        }
        done(kExitOk);
    }

    const std::vector<std::string>& args_;
    const StatusView& view_;
    Reply& r_;
    bool human_ = false;              // -m, "make the output more human readable"
    std::vector<std::string> pos_;    // operands after simple_opts()
};

}  // namespace

std::string_view usage_text()
{
    return kUsage;
}

bool answer_without_daemon(const std::vector<std::string>& args, Reply& out)
{
    if (args.empty() || (args.size() == 1 && args[0] == "-h")) {
        out = Reply{};
        out.out = std::string(kUsage);
        return true;
    }
    if (!is_command(args[0])) {
        out = Reply{};
        logerr(out, args[0] + ": invalid sub-command.");
        out.exit_code = kExitParam;
        return true;
    }
    return false;
}

Reply answer(const std::vector<std::string>& args, const StatusView& view)
{
    // Internal query of hb_standby/hb_takeover (not a cl_status command:
    // answer_without_daemon() rejects it, so only our tools send it).
    if (args.size() == 1 && args[0] == kStandbyLogCommand) {
        Reply r;
        r.out = "@local\t" + view.local_node + "\n";
        for (const StandbyView& sv : view.standby) {
            r.out += std::to_string(sv.id) + "\t" + sv.from + "\t" + sv.what + "\t" + sv.outcome + "\n";
        }
        return r;
    }
    if (args.size() == 1 && (args[0] == kDumpCommand || args[0] == kHistoryCommand
                                || args[0] == kHistoryJsonCommand)) {
        Reply r;
        r.out = args[0] == kDumpCommand ? obs::status_json(view)
            : args[0] == kHistoryCommand ? obs::format_history({view.history.begin(), view.history.end()})
                                         : obs::history_json(view.history, view.history_dropped);
        return r;
    }
    Reply r;
    if (answer_without_daemon(args, r)) {
        return r;
    }
    Run(args, view, r).dispatch();
    return r;
}

Reply answer_signon_failed(const std::vector<std::string>& args, bool running,
    std::string_view reason)
{
    Reply r;
    if (answer_without_daemon(args, r)) {
        return r;
    }
    if (args[0] != "hbstatus") {
        // Every other sub-command needs the sign-on and stops before
        // looking at its options.
        logerr(r, "Cannot signon with heartbeat");
        logerr(r, "REASON: " + std::string(reason));
        r.exit_code = kExitFail;
        return r;
    }
    bool verbose = false;
    Getopt g(args, "mv", r);
    for (int c; (c = g.next(nullptr)) != -1;) {
        if (c == 'v') verbose = true;
    }
    if (running) {
        r.out = "Heartbeat is apparently running on this machine, but refuses my connection\n";
        r.exit_code = kExitOk;
    } else {
        r.out = "Heartbeat is stopped on this machine.\n";
        r.exit_code = kExitFail;
    }
    if (verbose && !reason.empty()) {
        r.out += "(" + std::string(reason) + ")\n";
    }
    return r;
}

}  // namespace hb::control
