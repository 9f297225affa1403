// A snapshot of what the daemon knows, for cl_status and other local
// queries. Built by the daemon from the engine on each request; the control
// protocol formats it. Pure data.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace hb::control {

struct LinkView {
    std::string name;    // interface / serial device
    std::string status;  // "up" or "dead"
};

struct NodeView {
    std::string name;
    std::string type;    // "normal" or "ping"
    std::string status;  // init, up, active, dead, ping
    std::vector<LinkView> links;
};

/// One standby/takeover request and what became of it (hb_standby reports it).
struct StandbyView {
    unsigned long id = 0;
    std::string from;
    std::string what;
    std::string outcome;  // pending, completed, ignored: ..., cancelled: ...
};

struct StatusView {
    std::string local_node;
    std::string local_status;
    std::vector<NodeView> nodes;     // ha.cf order, local node included
    /// Directive values as written in ha.cf, for `hbparameter -p NAME`.
    std::vector<std::pair<std::string, std::string>> parameters;
    /// all / local / foreign / none / transition (filled by the resource
    /// layer; "none" until it exists).
    std::string rscstatus = "none";
    std::vector<StandbyView> standby;  // oldest first
    /// "waiting for STONITH of X" lines (cl_status stonithstatus).
    std::vector<std::string> fencing;
    unsigned long generation = 0;
    long pid = 0;
};

}  // namespace hb::control
