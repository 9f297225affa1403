// A snapshot of what the daemon knows, for cl_status and other local
// queries. Built by the daemon from the engine on each request; the control
// protocol formats it. Pure data.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "obs/history.h"

namespace hb::control {

struct LinkView {
    std::string name;    // interface / serial device
    std::string status;  // "up" or "dead"
    // Observability (hb_status --json, metrics); not used by cl_status.
    std::int64_t largest_gap_ms = 0;  // largest gap between frames heard on it
    std::uint64_t late_gaps = 0;      // gaps longer than warntime
};

struct NodeView {
    std::string name;
    std::string type;    // "normal" or "ping"
    std::string status;  // init, up, active, dead, ping
    std::vector<LinkView> links;
    // Observability (hb_status --json, metrics); not used by cl_status.
    std::int64_t largest_gap_ms = 0;  // largest gap between its heartbeats seen
    std::uint64_t late_warnings = 0;  // "Late heartbeat" warnings logged
};

/// One haresources group as this node sees it (hb_status --json, metrics).
struct GroupView {
    std::string key;                     // first resource as written
    std::string owner;                   // haresources node (preferred owner)
    std::vector<std::string> resources;  // specs, in start order
    std::string state;                   // held, released, transition
    // Resource monitoring (empty monitor: off).
    std::string monitor;                 // "", ok, restarting, failed, given-away
    unsigned restarts = 0;               // restarts within the current window
    std::string last_failure;            // resource spec that failed last
};

/// Frames dropped on receipt, by link ("-" for the FIFO) and reason.
struct DropView {
    std::string link;
    std::string reason;
    std::uint64_t count = 0;
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

    // Observability (hb_status, hb_history, metrics); not used by cl_status.
    std::string version;
    std::int64_t uptime_s = 0;
    std::vector<GroupView> groups;
    std::vector<std::string> stonith_pending;  // nodes awaiting a STONITH outcome
    std::vector<DropView> drops;               // only non-zero counts
    std::vector<std::pair<std::string, std::uint64_t>> counters;  // frames_in, ...
    std::map<std::pair<std::string, std::string>, std::uint64_t> actions;  // (action, result)
    std::vector<obs::HistoryEntry> history;    // oldest first
    std::uint64_t history_dropped = 0;
};

}  // namespace hb::control
