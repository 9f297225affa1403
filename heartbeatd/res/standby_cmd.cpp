#include "res/standby_cmd.h"

#include "base/strings.h"

namespace hb::res {

namespace {

std::string usage(const std::string& prog)
{
    return "usage:\n" + prog + " [all|foreign|local|failback]\n";
}

StandbyArgs parse(const std::vector<std::string>& args, const std::string& prog, bool standby)
{
    StandbyArgs a;
    if (args.size() >= 2) {
        a.error = prog + ": too many arguments\n" + usage(prog);
        return a;
    }
    a.what = args.empty() ? "all" : args[0];
    if (a.what == "--help") {
        a.error = usage(prog);
        return a;
    }
    if (a.what != "all" && a.what != "foreign" && a.what != "local" && a.what != "failback") {
        a.error = prog + ": wrong resources(" + a.what + ").\n" + usage(prog);
        return a;
    }
    if (standby && a.what == "failback") {
        a.what = "foreign";
    }
    a.ok = true;
    return a;
}

}  // namespace

StandbyArgs parse_standby_args(const std::vector<std::string>& args, const std::string& prog)
{
    return parse(args, prog, true);
}

StandbyArgs parse_takeover_args(const std::vector<std::string>& args, const std::string& prog)
{
    return parse(args, prog, false);
}

std::string standby_message(const std::string& what)
{
    return ">>>\nt=ask_resources\nrsc_hold=" + what + "\ninfo=me\n<<<\n";
}

std::string takeover_message(const std::string& what)
{
    return ">>>\nt=hb_takeover\nrsc_hold=" + what + "\n<<<\n";
}

std::string standby_log_local_node(const std::string& text)
{
    const std::string tag = "@local\t";
    if (text.rfind(tag, 0) != 0) {
        return {};
    }
    std::size_t nl = text.find('\n');
    return text.substr(tag.size(), nl == std::string::npos ? std::string::npos : nl - tag.size());
}

std::vector<StandbyEntry> parse_standby_log(const std::string& text)
{
    std::vector<StandbyEntry> out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t nl = text.find('\n', start);
        std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
        start = nl == std::string::npos ? text.size() : nl + 1;
        std::vector<std::string> f;
        std::size_t p = 0;
        for (int i = 0; i < 3; ++i) {
            std::size_t tab = line.find('\t', p);
            if (tab == std::string::npos) {
                break;
            }
            f.push_back(line.substr(p, tab - p));
            p = tab + 1;
        }
        if (f.size() != 3) {
            continue;
        }
        auto id = parse_dec(f[0]);
        if (!id) {
            continue;
        }
        out.push_back(StandbyEntry{static_cast<unsigned long>(*id), f[1], f[2], line.substr(p)});
    }
    return out;
}

std::optional<StandbyEntry> find_request(const std::vector<StandbyEntry>& log, unsigned long after_id,
    const std::string& node, bool peer)
{
    for (const StandbyEntry& e : log) {
        if (e.id > after_id && (peer ? e.from != node : e.from == node)) {
            return e;
        }
    }
    return std::nullopt;
}

std::string describe_outcome(const StandbyEntry& e, bool takeover, const std::string& asked, int& exit_code)
{
    if (e.outcome == "pending") {
        return {};
    }
    const std::string verb = takeover ? "Takeover" : "Standby";
    const std::string what = asked.empty() ? e.what : asked;
    if (e.outcome == "completed") {
        exit_code = 0;
        return verb + " [" + what + "] completed.";
    }
    exit_code = 1;
    if (e.outcome.rfind("ignored: ", 0) == 0) {
        return verb + " [" + what + "] refused: " + e.outcome.substr(9) + ".";
    }
    if (e.outcome.rfind("cancelled: ", 0) == 0) {
        return verb + " [" + what + "] cancelled: " + e.outcome.substr(11) + ".";
    }
    return verb + " [" + what + "]: " + e.outcome;
}

}  // namespace hb::res
