// The Pacemaker + Corosync configuration the converter builds, before it is
// written out in one of the output formats. Pure data.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "config/config.h"

namespace hb::convert {

using Pairs = std::vector<std::pair<std::string, std::string>>;

struct Op {
    std::string name;      // monitor
    std::string interval;  // "10s"
    std::string timeout;   // "" for the agent's default
    std::string role;      // "" or Promoted / Unpromoted
};

struct Primitive {
    std::string id;
    std::string cls;       // ocf, lsb, systemd, service, stonith
    std::string provider;  // heartbeat, pacemaker, linbit (ocf only)
    std::string type;
    Pairs params;
    std::vector<Op> ops;
    std::string from;      // the haresources word or ha.cf line it came from
    std::string agent() const { return cls + ":" + (provider.empty() ? "" : provider + ":") + type; }
};

struct Group {
    std::string id;
    std::string node;       // preferred node (haresources' first word)
    std::vector<Primitive> members;
    int line = 0;
};

struct Clone {
    std::string id;
    Primitive child;
    Pairs meta;
    bool promotable = false;
};

/// `rsc` prefers (score > 0) or avoids (score -INFINITY) `node`; with a
/// role, only that role (written as a rule on #uname).
struct Location {
    std::string id, rsc, node, score;
    std::string role = {};
};

/// `rsc` may not run where the ping attribute is undefined or 0.
struct PingRule {
    std::string id, rsc, attribute;
};

struct Colocation {
    std::string id, rsc, with_rsc, with_role;  // rsc with with_rsc (in with_role)
};

struct Order {
    std::string id, first, first_action, then, then_action;
};

struct Link {
    int number = 0;
    std::string iface;        // ha.cf interface the link replaces
    std::string media;        // e.g. "ucast", "bcast", "mcast 239.0.0.1"
};

struct NodeEntry {
    std::string name;
    int id = 0;
    std::vector<std::string> addrs;  // one per link; a placeholder when unknown
};

struct Model {
    std::vector<NodeEntry> nodes;
    std::vector<Link> links;
    long token_ms = 0;         // from deadtime
    std::string cluster_name;
    Pairs properties;          // cib-bootstrap-options
    Pairs rsc_defaults;
    std::vector<Primitive> stonith;
    std::vector<Clone> clones;
    std::vector<Group> groups;
    std::vector<Location> locations;
    std::vector<PingRule> ping_rules;
    std::vector<Colocation> colocations;
    std::vector<Order> orders;
    int location_score = 100;
    int stickiness = 0;
};

/// What an unknown address is written as: `@ADDR:node:linkN@`.
std::string placeholder_addr(const std::string& node, int link);
bool is_placeholder(const std::string& addr);

}  // namespace hb::convert
