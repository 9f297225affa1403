#!/usr/bin/env bash
# stonith_meatware.t: the demo cluster with the built-in meatware STONITH
# device (`stonith_host * meatware node1 node2`: positional parameters, given
# to the plugin's configuration name hostlist).
#
# 1. Boot: the device is checked at comm up ("Checking status of STONITH
#    device [Meatware STONITH device]"); node1 serves.
# 2. node1 loses power (lab_crash). node2 declares it dead, logs
#    "OPERATOR INTERVENTION REQUIRED to reset node1." and waits: for 8 s it
#    does not take the VIP, and `cl_status stonithstatus` says it waits for
#    STONITH of node1 and that meatclient -c node1 confirms it.
# 3. The operator runs `meatclient -c node1` on node2: the reset counts as
#    done ("node node1 now reset."), node2 takes over and serves.
# timeout: 120
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"
source "$(dirname "$0")/../lib/failover.sh"

lab_init
fo_disk_create
fo_add_nodes hbd hbd
[ -x "$HB_ROOT/build/meatclient" ] || make -s -C "$HB_ROOT" build/meatclient >&2 || lab_bail "cannot build meatclient"
fo_config on "$(fo_group1)" "stonith_host * meatware node1 node2"
fo_sampler_start 110

fo_start_pair
ok_if "node1 serves the page through the VIP" fo_wait_served_by node1 30
ok_if "node2 checked the meatware device at comm up" \
    hbd_has node2 'info: Checking status of STONITH device \[Meatware STONITH device\]$'
ok_if "both nodes report a settled rscstatus" lab_wait 10 eval 'fo_stable node1 && fo_stable node2'
hbd_wait_past_startup "$FO_T_START"

# --- 2. power cut of node1: node2 waits for the operator
fo_crash node1
ok_if "node2 declares node1 dead" lab_wait $((FO_DEADTIME + 5)) hbd_has node2 'WARN: node node1: is dead'
ok_if "node2 asks for the operator" lab_wait 3 hbd_has node2 'CRIT: OPERATOR INTERVENTION REQUIRED to reset node1\.$'
ok_if "node2: stonithstatus says it waits for STONITH of node1 and meatclient" \
    lab_wait 3 lab_out_is 'waiting for STONITH of node1 (meatware: run "meatclient -c node1" after power-cycling it)' \
    lab_cl_status node2 stonithstatus
vip=0
for ((i = 0; i < 80; i++)); do fo_has_vip node2 && vip=1; sleep 0.1; done
is "node2 does not take the VIP before the confirmation (8 s)" "$vip" 0
ok_if "node2 runs none of the group" fo_idle node2

# --- 3. the operator confirms
t_conf=$(lab_now_ms)
ok_if "meatclient -c node1 on node2 confirms the reset" lab_exec_t 10 node2 "$HB_ROOT/build/meatclient" -c node1
ok_if "node2 logged 'node node1 now reset.'" lab_wait 5 hbd_has node2 'info: node node1 now reset\.$'
ok_if "node2 serves after the confirmation" fo_wait_served_by node2 20
diag "confirmation -> node2 serving: $(( $(lab_now_ms) - t_conf )) ms"
ok_if "node2 runs the whole group" fo_active node2
is "node2: nothing waits for STONITH any more" "$(lab_cl_status node2 stonithstatus)" ""
ok_if "the disk and the VIP were never active on both nodes (100 ms samples)" fo_sampler_stop
lab_exit
