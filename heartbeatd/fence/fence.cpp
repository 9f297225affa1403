#include "fence/fence.h"

#include <ini.h>

#include <algorithm>

#include "base/strings.h"

namespace hb::fence {

std::vector<Device> devices_for(const config::Config& cfg, std::string_view me)
{
    std::vector<Device> out;
    const std::string self = to_lower(me);
    for (const config::Stonith& s : cfg.ha.stonith) {
        out.push_back(Device{s.type, {}, s.config_file, s.line});
    }
    for (const config::StonithHost& h : cfg.ha.stonith_hosts) {
        if (h.host == "*" || h.host == self) {
            out.push_back(Device{h.type, h.params, {}, h.line});
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const Device& a, const Device& b) { return a.line < b.line; });
    return out;
}

const std::vector<std::string>& builtin_types()
{
    static const std::vector<std::string> types{"meatware", "null", "ssh", "suicide"};
    return types;
}

Kind kind_of(std::string_view type)
{
    if (type.rfind("external/", 0) == 0) {
        return Kind::external;
    }
    if (type.rfind("glue/", 0) == 0) {
        return Kind::glue;  // cluster-glue's own plugin, even where a built-in has the name
    }
    if (type.rfind("fence_", 0) == 0) {
        return Kind::fence_agent;
    }
    const auto& b = builtin_types();
    if (std::find(b.begin(), b.end(), type) != b.end()) {
        return Kind::builtin;
    }
    return Kind::glue;
}

Params parse_words(const std::vector<std::string>& words)
{
    // name=value words, where a word without '=' continues the previous
    // value ("hostlist=a b"); positional when the first word has no '='.
    Params p;
    const bool named = !words.empty() && words[0].find('=') != std::string::npos && words[0][0] != '=';
    for (const std::string& w : words) {
        const auto eq = w.find('=');
        if (!named) {
            p.positional.push_back(w);
        } else if (eq == std::string::npos || eq == 0) {
            p.named.back().second += " " + w;
        } else {
            p.named.emplace_back(w.substr(0, eq), w.substr(eq + 1));
        }
    }
    return p;
}

namespace {

int ini_collect(void* user, const char* section, const char* name, const char* value)
{
    auto* p = static_cast<Params*>(user);
    if (section && *section) {
        return 0;  // sections mean nothing to a plugin
    }
    p->named.emplace_back(name, value ? value : "");
    return 1;
}

bool is_comment_or_blank(std::string_view line)
{
    line = trim(line);
    return line.empty() || line[0] == '#' || line[0] == ';';
}

}  // namespace

std::optional<Params> parse_param_file(std::string_view text, std::string& error)
{
    bool any_eq = false;
    std::size_t start = 0;
    std::vector<std::string> words;
    while (start <= text.size()) {
        std::size_t nl = text.find('\n', start);
        std::string_view line = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
        if (!is_comment_or_blank(line)) {
            if (line.find('=') != std::string_view::npos) {
                any_eq = true;
            }
            for (std::string& w : split_ws(line)) {
                words.push_back(std::move(w));
            }
        }
        if (nl == std::string_view::npos) {
            break;
        }
        start = nl + 1;
    }
    if (!any_eq) {
        Params p;
        p.positional = std::move(words);
        return p;
    }
    Params p;
    const std::string copy(text);
    const int rc = ini_parse_string(copy.c_str(), ini_collect, &p);
    if (rc != 0) {
        error = rc > 0 ? "line " + std::to_string(rc) + ": expected name=value" : "cannot parse";
        return std::nullopt;
    }
    return p;
}

namespace {

bool shell_name(std::string_view n)
{
    if (n.empty() || (n[0] >= '0' && n[0] <= '9')) {
        return false;
    }
    return std::all_of(n.begin(), n.end(), [](char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    });
}

}  // namespace

std::optional<std::vector<std::string>> external_env(const Params& p,
    const std::vector<std::string>& confignames, std::vector<std::string> base, std::string& error)
{
    for (const auto& [name, value] : p.named) {
        if (!shell_name(name)) {
            error = "parameter name \"" + name + "\" is not a valid variable name";
            return std::nullopt;
        }
        base.push_back(name + "=" + value);
    }
    if (!p.positional.empty()) {
        if (confignames.empty()) {
            error = "the plugin names no parameters (getconfignames) for positional values";
            return std::nullopt;
        }
        for (std::size_t i = 0; i < confignames.size() && i < p.positional.size(); ++i) {
            if (!shell_name(confignames[i])) {
                error = "configuration name \"" + confignames[i] + "\" is not a valid variable name";
                return std::nullopt;
            }
            std::string value = p.positional[i];
            if (i + 1 == confignames.size()) {
                for (std::size_t j = i + 1; j < p.positional.size(); ++j) {
                    value += " " + p.positional[j];
                }
            }
            base.push_back(confignames[i] + "=" + value);
        }
    }
    return base;
}

std::string glue_param_string(const Params& p)
{
    std::string s;
    for (const auto& [name, value] : p.named) {
        s += (s.empty() ? "" : " ") + name + "=" + value;
    }
    for (const std::string& w : p.positional) {
        s += (s.empty() ? "" : " ") + w;
    }
    return s;
}

std::optional<std::string> fence_agent_stdin(const Params& p, std::string_view action,
    std::string_view node, std::string& error)
{
    if (!p.positional.empty()) {
        error = "fence agents take name=value parameters only";
        return std::nullopt;
    }
    std::string s = "action=" + std::string(action) + "\n";
    bool has_plug = false;
    for (const auto& [name, value] : p.named) {
        if (name.find('\n') != std::string::npos || value.find('\n') != std::string::npos) {
            error = "parameter " + name + " contains a newline";
            return std::nullopt;
        }
        if (name == "action") {
            continue;  // ours wins
        }
        has_plug = has_plug || name == "plug" || name == "port";
        s += name + "=" + value + "\n";
    }
    if (!node.empty() && !has_plug) {
        s += "plug=" + std::string(node) + "\n";
    }
    return s;
}

std::vector<std::string> parse_list(std::string_view out, bool lower)
{
    std::string flat(out);
    std::replace(flat.begin(), flat.end(), ',', ' ');
    std::vector<std::string> v = split_ws(flat);
    if (lower) {
        for (std::string& s : v) {
            s = to_lower(s);
        }
    }
    return v;
}

std::string fence_agent_action(std::string_view stonith_action)
{
    if (stonith_action == "reset") {
        return "reboot";
    }
    if (stonith_action == "status") {
        return "monitor";
    }
    if (stonith_action == "gethosts") {
        return "list";
    }
    if (stonith_action == "getconfignames") {
        return "metadata";
    }
    return std::string(stonith_action);
}

std::string describe(std::string_view type)
{
    if (type.rfind("glue/", 0) == 0) return "[" + std::string(type.substr(5)) + " (cluster-glue)]";
    if (type == "null") return "[NULL STONITH device]";
    if (type == "meatware") return "[Meatware STONITH device]";
    if (type == "suicide") return "[suicide STONITH device]";
    if (type == "ssh") return "[SSH STONITH device]";
    return "[" + std::string(type) + "]";
}

const char* outcome_name(Outcome o)
{
    switch (o) {
    case Outcome::ok: return "OK";
    case Outcome::badhost: return "badhost";
    case Outcome::bad: break;
    }
    return "bad";
}

Outcome outcome_of_exit(int exit_code)
{
    if (exit_code == 0) return Outcome::ok;
    if (exit_code == 3) return Outcome::badhost;
    return Outcome::bad;
}

}  // namespace hb::fence
