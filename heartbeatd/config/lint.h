// Advisory checks of a complete configuration (one that parsed without
// errors): things Heartbeat 3.0.6 accepts but that are probably wrong or
// worth knowing. They never make a configuration fail to load; they are
// warnings (fatal only under `heartbeat --check --strict`) or notes. Pure:
// the machine facts come through SystemProbe, like environment.h.
//
//   timing     deadtime vs keepalive (few heartbeats per deadtime), warntime
//              not above keepalive, initdead below twice deadtime
//   split      two nodes, one link, no ping node and no STONITH
//   crc        the active key is crc while a network medium is used
//   sha256     heartbeatd-only features in use (sha256 keys, extension
//              directives such as logformat): notes
//   resources  the same resource in two groups
//   ucast      peer addresses no interface reaches (with a probe)
#pragma once

#include <string>

#include "base/diag.h"
#include "config/config.h"
#include "config/environment.h"

namespace hb::config {

struct LintFiles {
    std::string ha_cf = "ha.cf";
    std::string authkeys = "authkeys";
    std::string haresources = "haresources";
};

/// Appends the advisory diagnostics for `cfg` to `out`. With a probe, also
/// the ucast peer check.
void lint_config(const Config& cfg, const LintFiles& files, const SystemProbe* probe, Diagnostics& out);

}  // namespace hb::config
