// Helpers for the ha.cf tests: parse a text as node1 would and look at the
// diagnostics as printed strings.
#pragma once

#include <string>
#include <vector>

#include "base/diag.h"
#include "config/ha_cf.h"

namespace hbtest {

struct ParsedHaCf {
    hb::config::HaCf cf;
    hb::Diagnostics diags;

    std::vector<std::string> errors() const
    {
        std::vector<std::string> out;
        for (const auto& d : diags) {
            if (d.severity == hb::Severity::error) {
                out.push_back(d.str());
            }
        }
        return out;
    }
    std::vector<std::string> warnings() const
    {
        std::vector<std::string> out;
        for (const auto& d : diags) {
            if (d.severity == hb::Severity::warning) {
                out.push_back(d.str());
            }
        }
        return out;
    }
};

inline ParsedHaCf parse_ha(std::string_view text, std::string local = "node1", int port = 694)
{
    ParsedHaCf p;
    hb::DiagSink sink(p.diags, "ha.cf");
    hb::config::HaCfContext ctx;
    ctx.local_node = std::move(local);
    ctx.default_udpport = port;
    p.cf = hb::config::parse_ha_cf(text, ctx, sink);
    return p;
}

/// A complete, clean two-node ha.cf (lines 1-4); tests append to it, so
/// their lines start at 5.
inline const char* const kBase = "node node1 node2\n"
                                 "bcast eth0\n"
                                 "auto_failback on\n"
                                 "logfacility local0\n";

inline std::string base_plus(std::string_view more) { return std::string(kBase) + std::string(more); }

}  // namespace hbtest
