// Whole-configuration assembly: the three files' texts (read by the loader)
// to one Config, or to the diagnostics that explain why not. Pure. This is
// where the checks that span files live (haresources nodes against ha.cf)
// and where the machine checks of environment.h are applied.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/diag.h"
#include "config/config.h"
#include "config/environment.h"
#include "config/ha_cf.h"

namespace hb::config {

struct ConfigSources {
    std::string_view ha_cf;
    std::string ha_cf_name = "ha.cf";          // prefix of its diagnostics
    std::string_view authkeys;
    std::string authkeys_name = "authkeys";
    unsigned authkeys_mode = 0600;              // st_mode of the key file
    std::string_view haresources;
    std::string haresources_name = "haresources";
};

struct Assembled {
    std::optional<Config> config;  // set only when there are no errors
    Diagnostics diagnostics;       // warnings, and errors if config is empty
};

/// Parses and cross-checks everything, all problems in one run. With a
/// probe, also checks interfaces, devices, users, programs and resource
/// scripts and resolves host names; without one those checks are skipped.
/// When there are no errors, the advisory checks of lint.h add their
/// warnings and notes.
Assembled assemble_config(const ConfigSources& src, const HaCfContext& ctx, const SystemProbe* probe = nullptr);

/// This node's name as 3.0.6 get_localnodeinfo() chooses it: the first line
/// of /etc/ha.d/nodeinfo if the file has one ending in a newline (3.0.6
/// ignores a first line without its newline), else uname -n; lower-cased.
/// A trailing CR or blanks on the nodeinfo line are dropped.
std::string local_node_name(std::string_view uname_nodename, std::optional<std::string_view> nodeinfo);

}  // namespace hb::config
