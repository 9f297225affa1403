// Whole-configuration assembly. Pure; see assemble.h.
#include "config/assemble.h"

#include "base/strings.h"
#include "config/authkeys.h"
#include "config/haresources.h"
#include "config/lint.h"

namespace hb::config {

Assembled assemble_config(const ConfigSources& src, const HaCfContext& ctx, const SystemProbe* probe)
{
    Assembled out;
    Config cfg;
    cfg.local_node = ctx.local_node;
    {
        DiagSink sink(out.diagnostics, src.ha_cf_name);
        cfg.ha = parse_ha_cf(src.ha_cf, ctx, sink);
        if (probe != nullptr) {
            check_ha_cf_environment(cfg.ha, *probe, sink);
        }
    }
    {
        DiagSink sink(out.diagnostics, src.authkeys_name);
        // 3.0.6 stops at a bad mode; we parse anyway so one run shows all.
        check_keyfile_mode(src.authkeys_mode, sink);
        cfg.keys = parse_authkeys(src.authkeys, sink);
    }
    {
        DiagSink sink(out.diagnostics, src.haresources_name);
        cfg.resources = parse_haresources(src.haresources, sink);
        check_resource_nodes(cfg.resources, cfg.ha.nodes, sink);
        if (probe != nullptr) {
            check_resource_scripts(cfg.resources, *probe, sink);
        }
    }
    if (!has_errors(out.diagnostics)) {
        // The advisory checks look at a complete configuration only.
        lint_config(cfg, LintFiles{src.ha_cf_name, src.authkeys_name, src.haresources_name}, probe,
                    out.diagnostics);
        out.config = std::move(cfg);
    }
    return out;
}

std::string local_node_name(std::string_view uname_nodename, std::optional<std::string_view> nodeinfo)
{
    if (nodeinfo) {
        const auto nl = nodeinfo->find('\n');
        if (nl != std::string_view::npos) {
            const auto first = trim(nodeinfo->substr(0, nl));
            if (!first.empty()) {
                return to_lower(first);
            }
        }
    }
    return to_lower(uname_nodename);
}

}  // namespace hb::config
