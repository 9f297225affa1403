// Where heartbeatd finds its configuration and keeps its state: Debian's
// heartbeat layout by default, overridable for tests and packaging. Shared
// by the loader, the state files and the daemon.
#pragma once

#include <string>

namespace hb::sys {

struct Paths {
    std::string confdir = "/etc/ha.d";
    std::string statedir = "/var/lib/heartbeat";
    std::string rundir = "/run";
    std::string initdir = "/etc/init.d";    // second place resource scripts are looked for
    std::string services = "/etc/services"; // for the ha-cluster/udp port

    std::string ha_cf() const { return confdir + "/ha.cf"; }
    std::string authkeys() const { return confdir + "/authkeys"; }
    std::string haresources() const { return confdir + "/haresources"; }
    std::string nodeinfo() const { return confdir + "/nodeinfo"; }
    std::string resource_d() const { return confdir + "/resource.d"; }
    std::string generation() const { return statedir + "/hb_generation"; }
    std::string uuid() const { return statedir + "/hb_uuid"; }
    std::string hostcache() const { return statedir + "/hostcache"; }
    std::string delhostcache() const { return statedir + "/delhostcache"; }
    std::string fifo() const { return statedir + "/fifo"; }
    std::string pidfile() const { return rundir + "/heartbeat.pid"; }
};

}  // namespace hb::sys
