#!/usr/bin/env bash
# stonith_partition.t: the demo cluster (test/lib/failover.sh: VIP, shared
# disk, lighttpd on node1) with two heartbeat links (ucast on eth0 and on
# eth1) and a real fencing device: the lab's power switch
# (test/lib/labpower.sh, plugin external/labpower), configured on both nodes
# with `stonith_host * external/labpower switchdir=... hostlist=node1 node2`.
#
# 1. Boot: both check the device at comm up ("Checking status of STONITH
#    device [external/labpower]"); node1 serves.
# 2. Both heartbeat links are cut (every UDP packet dropped on both nodes:
#    a full partition; the client still reaches the nodes over TCP). Each
#    declares the other dead and resets it through the switch before any
#    takeover. Exactly one node survives: the other is powered off (holder
#    killed, addresses gone, ports down); the survivor logged
#    "node X now reset." and runs the whole group and serves the page.
# 3. The switch served exactly one power-off; a sampler (every 100 ms)
#    never saw the VIP or the disk on both nodes.
# timeout: 150
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"
source "$(dirname "$0")/../lib/failover.sh"
source "$(dirname "$0")/../lib/labpower.sh"

FO_LAN2=1
lab_init
fo_disk_create
fo_add_nodes hbd hbd
labpower_start 140
labpower_install node1 || lab_bail "labpower plugin on node1"
labpower_install node2 || lab_bail "labpower plugin on node2"
fo_config on "$(fo_group1)" "ucast eth1 $(lab_ip node1 lan2)" "ucast eth1 $(lab_ip node2 lan2)" "$(labpower_hacf)"
fo_sampler_start 140

# --- 1. boot
fo_start_pair
ok_if "node1 serves the page through the VIP" fo_wait_served_by node1 30
ok_if "node1 checked the STONITH device at comm up" \
    hbd_has node1 'info: Checking status of STONITH device \[external/labpower\]$'
ok_if "node2 checked the STONITH device at comm up" \
    hbd_has node2 'info: Checking status of STONITH device \[external/labpower\]$'
ok_if "both nodes report a settled rscstatus" lab_wait 10 eval 'fo_stable node1 && fo_stable node2'
hbd_wait_past_startup "$FO_T_START"

# --- 2. full partition
t_cut=$(lab_now_ms)
lab_loss node1 100
lab_loss node2 100
ok_if "one node is powered off by the switch" \
    lab_wait $((FO_DEADTIME + 15)) eval 'labpower_is_off node1 || labpower_is_off node2'
sleep 3   # let a second (refused or late) reset show itself
if labpower_is_off node1; then dead=node1 alive=node2; else dead=node2 alive=node1; fi
diag "partition: $alive reset $dead $(( $(lab_now_ms) - t_cut - 3000 )) ms (or less) after the cut"
diag "switch log:"; sed 's/^/#   /' "$LABPOWER_DIR/log" >&2
ok_if "$alive is still running" lab_alive "$alive"
ok_if "$dead is off" labpower_is_off "$dead"
is "the switch powered off exactly one node" "$(labpower_count)" 1
ok_if "$alive logged the reset of $dead" hbd_has "$alive" "info: Resetting node $dead with \[external/labpower\]$"
ok_if "$alive logged 'node $dead now reset.'" hbd_has "$alive" "info: node $dead now reset\.$"
lab_loss "$alive" 0 off
ok_if "$alive serves the page" fo_wait_served_by "$alive" 20
ok_if "$alive runs the whole group" fo_active "$alive"
ok_if "$alive: rscstatus all" lab_wait 10 lab_out_is all fo_rsc "$alive"
is "$alive: nothing waits for STONITH" "$(lab_cl_status "$alive" stonithstatus)" ""

# --- 3. never on both
ok_if "the disk and the VIP were never active on both nodes (100 ms samples)" fo_sampler_stop
ok_if "$alive: no CRIT in its log" hbd_hasnt "$alive" 'CRIT:'
lab_exit
