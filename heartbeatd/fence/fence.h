// STONITH devices as Heartbeat 3.0.6 configures them (`stonith TYPE FILE`,
// `stonith_host HOST|* TYPE PARAMS...`, facts section 8), and how each kind
// of plugin is driven. Pure: the shell (fencer/) reads files and runs the
// programs this module describes.
//
// Plugin kinds, chosen by TYPE:
//   null, meatware, suicide, ssh   built-in (heartbeatd's own scripts, the
//                                  cluster-glue "external" interface)
//   external/NAME                  a cluster-glue external plugin: an
//                                  executable taking reset/on/off/status/
//                                  gethosts/getconfignames/getinfo-* HOST,
//                                  its parameters in the environment
//   fence_NAME                     a fence-agents agent: name=value lines on
//                                  stdin (action=, plug=, and the parameters)
//   anything else, or glue/NAME    cluster-glue's compiled plugins, through
//                                  its `stonith -t TYPE -p PARAMS -T ACTION HOST`
//                                  (glue/NAME: cluster-glue's NAME even where a
//                                  built-in has that name, e.g. glue/null)
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/config.h"

namespace hb::fence {

enum class Kind { builtin, external, fence_agent, glue };

/// One configured device.
struct Device {
    std::string type;
    std::vector<std::string> params;  // from stonith_host (positional words)
    std::string config_file;          // from `stonith TYPE FILE` (read by the shell)
    int line = 0;
};

/// The devices this node may use, in ha.cf order: `stonith` lines and the
/// `stonith_host` lines for this node or `*` (others are ignored, as 3.0.6).
std::vector<Device> devices_for(const config::Config& cfg, std::string_view me);

Kind kind_of(std::string_view type);
/// The built-in plugin names.
const std::vector<std::string>& builtin_types();

/// A device's parameters: name=value pairs, or positional words (libstonith's
/// stonith_set_config_info form, e.g. `null node1 node2`).
struct Params {
    std::vector<std::pair<std::string, std::string>> named;
    std::vector<std::string> positional;
};

/// When the first word is name=value the words are named parameters (a word
/// without '=' continues the previous value: "hostlist=a b"); otherwise
/// they are all positional.
Params parse_words(const std::vector<std::string>& words);

/// A `stonith TYPE FILE` parameter file: name=value lines (read with inih;
/// `#` and `;` comments) or, when no line has a `=`, whitespace-separated
/// positional words. nullopt with `error` ("line N: ...") when a file mixes
/// or cannot be parsed.
std::optional<Params> parse_param_file(std::string_view text, std::string& error);

/// Environment for an external plugin: the base environment plus one
/// NAME=value per parameter. Positional words are given to the plugin's
/// configuration names (getconfignames) in order; the last name takes the
/// remaining words joined by spaces. Names that are not shell variable names
/// are refused (error).
std::optional<std::vector<std::string>> external_env(const Params& p,
    const std::vector<std::string>& confignames, std::vector<std::string> base, std::string& error);

/// cluster-glue `stonith -p` string for a compiled plugin.
std::string glue_param_string(const Params& p);

/// fence-agents stdin: action=..., plug=NODE (when given), one line per
/// named parameter; positional words are refused.
std::optional<std::string> fence_agent_stdin(const Params& p, std::string_view action,
    std::string_view node, std::string& error);

/// Host names from gethosts output / getconfignames names: whitespace or
/// comma separated, lower-cased for hosts.
std::vector<std::string> parse_list(std::string_view out, bool lower);

/// fence-agents use "reboot" for reset.
std::string fence_agent_action(std::string_view stonith_action);

/// The name a device is logged under: "[NULL STONITH device]" style for the
/// built-ins, "[TYPE]" otherwise.
std::string describe(std::string_view type);

/// STONITH result as the `stonith` message's `result` field carries it.
enum class Outcome { ok, bad, badhost };
const char* outcome_name(Outcome o);

/// external/glue exit codes: 0 ok; cluster-glue's S_BADHOST (3) means the
/// device does not know the host.
Outcome outcome_of_exit(int exit_code);

}  // namespace hb::fence
