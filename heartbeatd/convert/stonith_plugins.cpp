// cluster-glue STONITH plugins' configuration names, in order. Pure data,
// taken from `stonith -t TYPE -n` of cluster-glue 1.0.12 (Debian 12): the
// order in which Heartbeat 3.0.6 hands a stonith_host line's positional
// parameters to the plugin (stonith1_compat_string_to_NVpair).
#include "convert/convert.h"

#include <array>

namespace hb::convert {

namespace {

struct Plugin {
    std::string_view type;
    std::string_view names;  // blank-separated
};

constexpr std::array kPlugins{
    Plugin{"apcmaster", "ipaddr login password"},
    Plugin{"apcmastersnmp", "ipaddr port community"},
    Plugin{"apcsmart", "ttydev hostlist"},
    Plugin{"baytech", "ipaddr login password"},
    Plugin{"bladehpi", "entity_root"},
    Plugin{"cyclades", "ipaddr login serialport"},
    Plugin{"drac3", "host login password"},
    Plugin{"external/drac5", "hostname ipaddr userid"},
    Plugin{"external/dracmc-telnet", "nodename cyclades_ip cyclades_port servername username password"},
    Plugin{"external/hetzner", "hostname remote_ip"},
    Plugin{"external/hmchttp", "hostlist hmc_ipaddr user password"},
    Plugin{"external/ibmrsa", "hostname ipaddr userid passwd type"},
    Plugin{"external/ibmrsa-telnet", "nodename ip_address username password"},
    Plugin{"external/ipmi", "hostname ipaddr userid passwd interface"},
    Plugin{"external/ippower9258", "deviceip username password hostlist"},
    Plugin{"external/kdumpcheck", "hostlist identity_file"},
    Plugin{"external/libvirt", "hostlist hypervisor_uri reboot_method"},
    Plugin{"external/nut", "hostname ups username password poweron poweroff reset statusvar upscmd upsc"},
    Plugin{"external/rackpdu", "hostlist pduip community"},
    Plugin{"external/riloe", "hostlist ilo_hostname ilo_user ilo_password ilo_can_reset ilo_protocol ilo_powerdown_method ilo_proxyhost ilo_proxyport"},
    Plugin{"external/ssh", "hostlist"},
    Plugin{"external/vcenter", "VI_SERVER VI_PORTNUMBER VI_PROTOCOL VI_SERVICEPATH VI_CREDSTORE HOSTLIST RESETPOWERON"},
    Plugin{"external/vmware", "device_host"},
    Plugin{"external/xen0", "hostlist dom0"},
    Plugin{"external/xen0-ha", "hostlist dom0_cluster_ip timeout"},
    Plugin{"ibmhmc", "ipaddr"},
    Plugin{"ipmilan", "hostname ipaddr port auth priv login password reset_method"},
    Plugin{"meatware", "hostlist"},
    Plugin{"null", "hostlist"},
    Plugin{"nw_rpc100s", "ttydev hostlist"},
    Plugin{"rcd_serial", "hostlist ttydev dtr_rts msduration"},
    Plugin{"rps10", "serial_to_targets"},
    Plugin{"ssh", "hostlist"},
    Plugin{"suicide", ""},
    Plugin{"wti_mpc", "ipaddr port community mib-version"},
    Plugin{"wti_nps", "ipaddr password"},
};

}  // namespace

std::optional<std::vector<std::string>> stonith_plugin_params(std::string_view type)
{
    for (const auto& p : kPlugins) {
        if (p.type != type) {
            continue;
        }
        std::vector<std::string> out;
        std::size_t pos = 0;
        while (pos < p.names.size()) {
            auto sp = p.names.find(' ', pos);
            if (sp == std::string_view::npos) {
                sp = p.names.size();
            }
            if (sp > pos) {
                out.emplace_back(p.names.substr(pos, sp - pos));
            }
            pos = sp + 1;
        }
        return out;
    }
    return std::nullopt;
}

}  // namespace hb::convert
