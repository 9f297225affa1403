// haresources: one resource group per entry, `node resource resource...`,
// read the way 3.0.6's ResourceManager reads it (sed/awk in its ipres()):
// `#` comments, a trailing `\` joins the next line, blanks collapse, the node
// name is lower-cased, `Script::arg1::arg2` gives arguments, and a word that
// looks like an IPv4 address stands for IPaddr::<word>. Pure: whether the
// scripts exist is asked through a predicate the loader supplies.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diag.h"
#include "config/config.h"

namespace hb::config {

/// Parses the file. Errors name the first line of the entry they are about.
Haresources parse_haresources(std::string_view text, DiagSink& diag);

/// Every group's node must be a `node` of ha.cf (lower-cased names):
/// `Bad nodename in haresources [x]`. Returns true when all are.
bool check_resource_nodes(const Haresources& r, const std::vector<std::string>& nodes, DiagSink& diag);

/// True when the script is an executable file in resource.d or init.d.
using ScriptLookup = std::function<bool(std::string_view script)>;

/// `Cannot locate resource script X`, once per missing script, at the first
/// group using it. Returns true when every script was found.
bool check_resource_scripts(const Haresources& r, const ScriptLookup& found, DiagSink& diag);

/// ResourceManager's isip(): the shell pattern [0-9]*.[0-9]*.[0-9]*.[0-9]*,
/// i.e. a digit, then three times "." followed by a digit, anything between.
bool looks_like_ip(std::string_view word);

/// One resource word to script + arguments; nullopt with `why` set when the
/// word cannot name a script.
std::optional<Resource> parse_resource(std::string_view spec, std::string* why = nullptr);

/// The group whose key is `key` (as written), or nullptr.
const ResourceGroup* find_group(const Haresources& r, std::string_view key);

}  // namespace hb::config
