#!/usr/bin/env bash
# drbd_splitbrain.t: the web group on a DRBD device with
# `fencing resource-only` and build/hb-fence-peer as fence-peer handler,
# both nodes heartbeatd, one link (eth0, also DRBD's replication link):
#   node1 drbddisk::r0 Filesystem::/dev/drbd0::/srv/www::ext4 192.0.2.100/24/eth0 lighttpd
# DRBD is simulated (test/lib/fake-drbdsetup behind drbd-utils' real drbdadm;
# the DRBD module cannot load here).
#
# 1. Boot: node1 Primary and serving.
# 2. Split brain: node1's cable pulled. node2 calls node1 dead and takes
#    over: drbddisk start asks DRBD for Primary; DRBD asks the handler; the
#    handler refuses (node1 unreachable on every link, not fenced): drbddisk
#    start fails after its 6 tries and node2 gives the group up. node1 stays
#    Primary with the disk mounted.
# 3. Cable back: one Primary (node1), node2 runs nothing.
# 4. Samplers (100 ms): never both Primary, the disk never mounted on both.
# timeout: 200
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"
source "$(dirname "$0")/../lib/failover.sh"
source "$(dirname "$0")/../lib/drbd.sh"

lab_init
fo_disk_create
fo_add_nodes hbd hbd
drbd_setup resource-only lan
drbd_node node1 --dev
drbd_node node2 --dev
fo_config on "node1 drbddisk::r0 Filesystem::/dev/drbd0::$FO_MNT::ext4 $FO_VIP/24/eth0 lighttpd"
ok_if "drbdadm up r0 on both nodes (boot)" drbd_up node1 node2
fo_sampler_start 180
drbd_sampler_start 180
handler_runs() { drbd_calls node2 | grep -c 'fence-peer handler: exit 1'; }

# --- 1. boot
fo_start_pair
ok_if "node1 serves the page through the VIP" fo_wait_served_by node1 40
ok_if "both nodes report a settled rscstatus" lab_wait 10 eval 'fo_stable node1 && fo_stable node2'
is "DRBD roles node1/node2" "$(drbd_role node1)/$(drbd_role node2)" Primary/Secondary

# --- 2. split brain
hbd_wait_past_startup "$FO_T_START"
lab_link node1 eth0 down
ok_if "node2 calls node1 dead" lab_wait 15 lab_out_is dead hbd_status node2 node1
ok_if "node2 tried to take the group over (drbddisk r0 start)" lab_wait 10 hbd_has node2 'Running .*drbddisk r0 start'
ok_if "node2's drbddisk start failed after its retries" lab_wait 30 hbd_has node2 'drbddisk r0 start: exit code 1'
ok_if "the handler refused on node2 (exit 1, node1 unreachable and not fenced)" \
    eval '[ "$(handler_runs)" -ge 1 ] && drbd_calls node2 | grep -q "unreachable on every link and was not fenced"'
diag "handler refusals on node2: $(handler_runs)"
ok_if "node2 gives the group up (nothing of it runs there)" lab_wait 30 fo_idle node2
is "DRBD roles node1/node2 during the split" "$(drbd_role node1)/$(drbd_role node2)" Primary/Secondary
ok_if "node1 still has the disk mounted" fo_mounted node1

# --- 3. heal
lab_link node1 eth0 up
ok_if "node2 sees node1 again" lab_wait 20 lab_out_is active hbd_status node2 node1
ok_if "node1 serves the page again" fo_wait_served_by node1 30
is "DRBD roles node1/node2 after the heal" "$(drbd_role node1)/$(drbd_role node2)" Primary/Secondary
ok_if "node2 runs nothing" fo_idle node2

# --- 4.
ok_if "the disk and the VIP were never active on both nodes (100 ms samples)" fo_sampler_stop
ok_if "never both Primary (100 ms samples)" drbd_sampler_stop
drbd_save_logs
lab_exit
