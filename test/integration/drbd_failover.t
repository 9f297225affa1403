#!/usr/bin/env bash
# drbd_failover.t: the web group on a DRBD device, both nodes heartbeatd,
# `auto_failback on`:
#   node1 drbddisk::r0 Filesystem::/dev/drbd0::/srv/www::ext4 192.0.2.100/24/eth0 lighttpd
# DRBD is simulated (test/lib/fake-drbdsetup behind drbd-utils' real drbdadm;
# the DRBD module cannot load here): /dev/drbd0 in each node is the shared
# loop device's ext4 image, r0 replicates over eth0 with DRBD's default
# `fencing dont-care` (the fence-peer handler is not asked; with
# resource-only a crashed Primary is taken over only after a STONITH reset,
# see drbd_stonith.t, drbd_splitbrain.t and drbddisk(8)).
#
# 1. Boot: node1 is Primary and serves the page from /dev/drbd0; node2 is
#    Secondary and runs nothing.
# 2. Power cut of node1 (its DRBD "kernel" state is lost): node2 becomes
#    Primary, mounts /dev/drbd0 and serves within deadtime + 8 s.
# 3. node1 boots (drbdadm up r0, heartbeatd): failback: node2 goes
#    Secondary, node1 Primary and serving.
# 4. Samplers (100 ms): the disk and the VIP never on both nodes, never both
#    Primary.
# timeout: 180
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"
source "$(dirname "$0")/../lib/failover.sh"
source "$(dirname "$0")/../lib/drbd.sh"

lab_init
fo_disk_create
fo_add_nodes hbd hbd
drbd_setup dont-care lan
drbd_node node1 --dev
drbd_node node2 --dev
GROUP="node1 drbddisk::r0 Filesystem::/dev/drbd0::$FO_MNT::ext4 $FO_VIP/24/eth0 lighttpd"
fo_config on "$GROUP"
ok_if "/dev/drbd0 inside node1 is the shared disk" \
    eval '[ "$(lab_exec node1 stat -L -c %t:%T /dev/drbd0)" = "$(stat -L -c %t:%T "$FO_DEV")" ]'
ok_if "drbdadm up r0 on both nodes (boot)" drbd_up node1 node2
fo_sampler_start 160
drbd_sampler_start 160

# --- 1. boot
fo_start_pair
ok_if "node1 serves the page through the VIP" fo_wait_served_by node1 40
ok_if "both nodes report a settled rscstatus" lab_wait 10 eval 'fo_stable node1 && fo_stable node2'
is "DRBD roles node1/node2" "$(drbd_role node1)/$(drbd_role node2)" Primary/Secondary
ok_if "node1 mounted /dev/drbd0 on $FO_MNT" eval 'lab_exec node1 grep -q "^/dev/drbd0 $FO_MNT " /proc/mounts'
ok_if "node2 runs none of it" fo_idle node2
is "drbddisk status on node1" "$(lab_exec node1 /etc/ha.d/resource.d/drbddisk r0 status)" "running (Primary)"

# --- 2. power cut of node1
hbd_wait_past_startup "$FO_T_START"
t_kill=$(lab_now_ms)
fo_crash node1
drbd_powercut node1
drbd_node node1 --dev
ok_if "node2 serves after the crash" fo_watch_failover node2 node1 $((FO_DEADTIME + 8))
served_ms=$(( ${FO_T_SERVED:-$(lab_now_ms)} - t_kill ))
diag "failover: kill -> node2 declares node1 dead $(( ${FO_T_DEAD:-0} - t_kill )) ms," \
    "-> VIP on node2 $(( ${FO_T_VIP:-0} - t_kill )) ms, -> first page from node2 $served_ms ms"
ok_if "first page from node2 within deadtime + 8 s of the kill ($served_ms ms)" \
    test "$served_ms" -le $(( FO_DEADTIME * 1000 + 8000 ))
is "DRBD roles node1/node2 after the crash" "$(drbd_role node1)/$(drbd_role node2)" down/Primary
ok_if "node2 runs the group" fo_active node2
ok_if "node2 ran drbddisk r0 start" hbd_has node2 'Running .*drbddisk r0 start'

# --- 3. node1 returns: failback
t_back=$(lab_now_ms)
ok_if "node1: drbdadm up r0 (boot)" drbd_up node1
ok_if "node1: heartbeatd restarted" fo_start node1
ok_if "failback: node1 serves again" fo_wait_served_by node1 30
diag "failback: node1 serving $(( $(lab_now_ms) - t_back )) ms after its restart"
ok_if "node2 runs nothing after the failback" lab_wait 5 fo_idle node2
is "DRBD roles node1/node2 after the failback" "$(drbd_role node1)/$(drbd_role node2)" Primary/Secondary
ok_if "node2 ran drbddisk r0 stop" hbd_has node2 'Running .*drbddisk r0 stop'

# --- 4. never on both nodes
ok_if "the disk and the VIP were never active on both nodes (100 ms samples)" fo_sampler_stop
ok_if "never both Primary (100 ms samples)" drbd_sampler_stop
drbd_save_logs
ok_if "node1: no ERROR in its log" hbd_hasnt node1 '\]: ERROR:'
ok_if "node2: no ERROR in its log" hbd_hasnt node2 '\]: ERROR:'
lab_exit
