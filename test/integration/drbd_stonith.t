#!/usr/bin/env bash
# drbd_stonith.t: the web group on a DRBD device with
# `fencing resource-only`, build/hb-fence-peer as fence-peer handler and a
# real fencing device (the lab's power switch, test/lib/labpower.sh):
#   node1 drbddisk::r0 Filesystem::/dev/drbd0::/srv/www::ext4 192.0.2.100/24/eth0 lighttpd
# DRBD is simulated (test/lib/fake-drbdsetup behind drbd-utils' real drbdadm;
# the DRBD module cannot load here).
#
# 1. Boot: node1 Primary and serving.
# 2. Power cut of node1. node2 calls it dead, resets it through the switch
#    ("node node1 now reset."), then takes the group over: DRBD asks the
#    handler, which answers 7 (the peer was fenced): node2 becomes Primary
#    and serves within deadtime + 10 s.
# 3. Samplers (100 ms): never both Primary, the disk never on both nodes.
# timeout: 150
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"
source "$(dirname "$0")/../lib/failover.sh"
source "$(dirname "$0")/../lib/labpower.sh"
source "$(dirname "$0")/../lib/drbd.sh"

lab_init
fo_disk_create
fo_add_nodes hbd hbd
labpower_start 140
labpower_install node1 || lab_bail "labpower plugin on node1"
labpower_install node2 || lab_bail "labpower plugin on node2"
drbd_setup resource-only lan
drbd_node node1 --dev
drbd_node node2 --dev
fo_config on "node1 drbddisk::r0 Filesystem::/dev/drbd0::$FO_MNT::ext4 $FO_VIP/24/eth0 lighttpd" \
    "$(labpower_hacf)"
ok_if "drbdadm up r0 on both nodes (boot)" drbd_up node1 node2
fo_sampler_start 140
drbd_sampler_start 140

# --- 1. boot
fo_start_pair
ok_if "node1 serves the page through the VIP" fo_wait_served_by node1 40
ok_if "both nodes report a settled rscstatus" lab_wait 10 eval 'fo_stable node1 && fo_stable node2'
is "DRBD roles node1/node2" "$(drbd_role node1)/$(drbd_role node2)" Primary/Secondary

# --- 2. power cut of node1, STONITH, takeover
hbd_wait_past_startup "$FO_T_START"
t_kill=$(lab_now_ms)
_labpower_off node1
drbd_powercut node1
ok_if "node2 serves after the power cut" fo_watch_failover node2 node1 $((FO_DEADTIME + 12))
served_ms=$(( ${FO_T_SERVED:-$(lab_now_ms)} - t_kill ))
diag "failover with STONITH: first page from node2 $served_ms ms after the cut"
ok_if "node2 reset node1 before the takeover" hbd_has node2 'node node1 now reset\.'
ok_if "the handler answered 7 (peer fenced)" \
    eval 'drbd_calls node2 | grep -q "fence-peer handler: exit 7"'
ok_if "node2 logged the fenced peer" hbd_has node2 'fence-peer r0 on node1: peer was fenced \(STONITH\)'
is "DRBD roles node1/node2" "$(drbd_role node1)/$(drbd_role node2)" down/Primary
ok_if "node2 runs the group" fo_active node2

# --- 3.
ok_if "the disk and the VIP were never active on both nodes (100 ms samples)" fo_sampler_stop
ok_if "never both Primary (100 ms samples)" drbd_sampler_stop
drbd_save_logs
ok_if "node2: no ERROR in its log" hbd_hasnt node2 '\]: ERROR:'
lab_exit
