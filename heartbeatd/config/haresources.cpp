// haresources parser. Pure; see haresources.h.
#include "config/haresources.h"

#include <algorithm>
#include <map>
#include <set>

#include "base/strings.h"
#include "config/values.h"

namespace hb::config {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string quoted(std::string_view v) { return "[" + std::string(v) + "]"; }

struct Entry {
    std::string text;
    int line = 0;
};

/// Physical lines to entries: comments cut, `\` continuations joined.
/// ResourceManager's sed deletes the backslash and the newline and nothing
/// else, so "a\" + "b" gives "ab" (no blank is inserted).
std::vector<Entry> read_entries(std::string_view text, DiagSink& diag)
{
    std::vector<Entry> out;
    bool continuing = false;
    int lineno = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto nl = text.find('\n', pos);
        if (nl == std::string_view::npos) {
            nl = text.size();
        }
        std::string_view line = text.substr(pos, nl - pos);
        pos = nl + 1;
        ++lineno;
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        const auto hash = line.find('#');
        if (hash != std::string_view::npos) {
            line = line.substr(0, hash);
            if (continuing && !trim(line).empty()) {
                // ResourceManager strips comments from the first line of an
                // entry only; a 3.0.6 node would read these words as resources.
                diag.warning(lineno, "comment on a continued line: Heartbeat 3.0.6's ResourceManager "
                                     "would read its words as resources");
            }
        }
        const bool more = !line.empty() && line.back() == '\\';
        if (more) {
            line.remove_suffix(1);
        }
        if (continuing) {
            out.back().text += line;
        } else {
            out.push_back(Entry{std::string(line), lineno});
        }
        continuing = more;
    }
    if (continuing) {
        diag.warning(lineno, "continuation backslash on the last line");
    }
    return out;
}

}  // namespace

bool looks_like_ip(std::string_view w)
{
    if (w.empty() || !is_digit(w[0])) {
        return false;
    }
    std::size_t at = 1;
    for (int k = 0; k < 3; ++k) {
        bool found = false;
        while (at + 1 < w.size()) {
            if (w[at] == '.' && is_digit(w[at + 1])) {
                found = true;
                at += 2;
                break;
            }
            ++at;
        }
        if (!found) {
            return false;
        }
    }
    return true;
}

std::optional<Resource> parse_resource(std::string_view spec, std::string* why)
{
    auto fail = [&](std::string reason) -> std::optional<Resource> {
        if (why != nullptr) {
            *why = std::move(reason);
        }
        return std::nullopt;
    };
    Resource r;
    r.spec = std::string(spec);
    const auto sep = spec.find("::");
    if (sep == std::string_view::npos && looks_like_ip(spec)) {
        // IPaddr's own argument may be ip[/cidr[/iface[/broadcast]]].
        const auto addr = spec.substr(0, spec.find('/'));
        if (!is_ipv4(addr)) {
            return fail("bad IP address " + quoted(addr));
        }
        r.script = "IPaddr";
        r.args.emplace_back(spec);
        return r;
    }
    r.script = std::string(spec.substr(0, sep));
    if (r.script.empty()) {
        return fail("no script name");
    }
    if (r.script.find('/') != std::string::npos || r.script == "." || r.script == "..") {
        return fail("a script name cannot contain '/'");
    }
    if (looks_like_ip(r.script)) {
        return fail("an address takes no '::' arguments; write IPaddr::" + std::string(spec));
    }
    if (sep != std::string_view::npos) {
        // Arguments are split on "::"; empty ones vanish in the shell's word
        // splitting, so they vanish here too.
        std::string_view rest = spec.substr(sep + 2);
        while (true) {
            const auto next = rest.find("::");
            const auto arg = rest.substr(0, next);
            if (!arg.empty()) {
                r.args.emplace_back(arg);
            }
            if (next == std::string_view::npos) {
                break;
            }
            rest = rest.substr(next + 2);
        }
    }
    return r;
}

Haresources parse_haresources(std::string_view text, DiagSink& diag)
{
    Haresources out;
    std::map<std::string, int, std::less<>> key_line;
    for (const auto& e : read_entries(text, diag)) {
        const auto words = split_ws(e.text);
        if (words.empty()) {
            continue;
        }
        ResourceGroup g;
        g.node = to_lower(words[0]);
        g.line = e.line;
        if (words.size() < 2) {
            diag.error(e.line, "Node [" + words[0] + "] has no resources");
            continue;
        }
        g.key = words[1];
        bool ok = true;
        for (std::size_t i = 1; i < words.size(); ++i) {
            std::string why;
            auto r = parse_resource(words[i], &why);
            if (!r) {
                diag.error(e.line, "Bad resource " + quoted(words[i]) + ": " + why);
                ok = false;
                continue;
            }
            g.resources.push_back(std::move(*r));
        }
        if (auto it = key_line.find(g.key); it != key_line.end()) {
            diag.error(e.line, "Duplicate resource group " + quoted(g.key) + " (also at line "
                                   + std::to_string(it->second) + "): the first resource names the group "
                                     "and must be unique",
                       "merge the two lines, or start one of them with another resource");
            ok = false;
        } else {
            key_line.emplace(g.key, e.line);
        }
        if (ok) {
            out.groups.push_back(std::move(g));
        }
    }
    return out;
}

bool check_resource_nodes(const Haresources& r, const std::vector<std::string>& nodes, DiagSink& diag)
{
    bool ok = true;
    for (const auto& g : r.groups) {
        if (std::find(nodes.begin(), nodes.end(), g.node) == nodes.end()) {
            diag.error(g.line, "Bad nodename in haresources [" + g.node + "]",
                       "the first word of a haresources line must be a 'node' of ha.cf");
            ok = false;
        }
    }
    return ok;
}

bool check_resource_scripts(const Haresources& r, const ScriptLookup& found, DiagSink& diag)
{
    std::set<std::string, std::less<>> reported;
    bool ok = true;
    for (const auto& g : r.groups) {
        for (const auto& res : g.resources) {
            if (reported.count(res.script) != 0 || found(res.script)) {
                continue;
            }
            reported.insert(res.script);
            diag.error(g.line, "Cannot locate resource script " + res.script);
            ok = false;
        }
    }
    return ok;
}

const ResourceGroup* find_group(const Haresources& r, std::string_view key)
{
    for (const auto& g : r.groups) {
        if (g.key == key) {
            return &g;
        }
    }
    return nullptr;
}

}  // namespace hb::config
