// Heartbeat v1 (ha.cf + haresources) to Corosync 3 + Pacemaker. Pure: the
// files' texts come in, the new configuration comes out as strings
// (corosync.conf, CIB XML, a crm shell script, a pcs script), with every
// problem as `file:line: message`. The two files are read by the daemon's
// own parsers (config/ha_cf, config/haresources), so the converter accepts
// exactly what heartbeatd accepts. The tool heartbeatd/tools/haresources2pcmk
// reads the files and asks the machine where a script lives.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/diag.h"
#include "convert/model.h"

namespace hb::convert {

/// Where a haresources script name was found (resource.d first, then
/// init.d, as ResourceManager's scriptpath() looks).
enum class ScriptPlace { resource_d, init_d, unknown };

/// Which Pacemaker class an init script becomes.
enum class InitClass { systemd, lsb, service };

struct Sources {
    std::string_view ha_cf;
    std::string ha_cf_name = "ha.cf";
    std::string_view haresources;
    std::string haresources_name = "haresources";
    int default_udpport = 694;  // /etc/services ha-cluster/udp
};

struct Options {
    /// This node's name (lower-cased), when known: a ucast line then gives
    /// the peer's address. Empty: unknown.
    std::string local_node;
    /// Addresses given by the operator: node -> one address per link, in
    /// link order; an empty string leaves that link to the derivation.
    std::vector<std::pair<std::string, std::vector<std::string>>> node_addrs;
    InitClass init_class = InitClass::systemd;
    std::function<ScriptPlace(std::string_view script)> where;  // unset: unknown
    std::string cluster_name = "hacluster";
    std::string source_label;  // for the generated files' headers, e.g. "/etc/ha.d"
};

struct Output {
    bool ok = false;          // no errors; the strings are set only then
    Diagnostics diagnostics;  // warnings (and errors)
    Model model;
    std::string corosync_conf;
    std::string cib_xml;
    std::string crm;
    std::string pcs;
};

Output convert(const Sources& src, const Options& opt);

/// The model alone (used by convert(); exposed for tests).
Model build_model(const config::HaCf& cf, const config::Haresources& res, const Options& opt, DiagSink& ha_diag,
                  DiagSink& res_diag);

std::string emit_corosync(const Model& m, const std::string& header);
std::string emit_cib(const Model& m, const std::string& header);
std::string emit_crm(const Model& m, const std::string& header);
std::string emit_pcs(const Model& m, const std::string& header);

/// A name made a valid XML ID (letters, digits, '_', '.', '-'; not starting
/// with a digit, '.' or '-').
std::string xml_id(std::string_view text);

/// cluster-glue's configuration names of a STONITH plugin, in the order
/// heartbeat's positional `stonith_host` parameters are given to them
/// (stonith1_compat_string_to_NVpair); nullopt for an unknown plugin.
std::optional<std::vector<std::string>> stonith_plugin_params(std::string_view type);

}  // namespace hb::convert
