#!/usr/bin/env bash
# stonith_failing.t: the demo cluster with the lab's power switch as its
# STONITH device (as stonith_partition.t), but the switch is broken when the
# two heartbeat links are cut (full partition).
#
# 1. While the device fails: each node logs "STONITH of X failed.
#    Retrying..." and retries every 5 s (at least 3 tries in 14 s, none
#    closer than 4 s apart); node2 never takes the VIP; node1 keeps serving;
#    `cl_status stonithstatus` on node2 says "waiting for STONITH of node1"
#    and `hb_status --json` lists node1 under stonith_pending;
#    both nodes still run; node2's t=stonith node=node1 result=bad
#    messages are on the wire (one per try; the peer drops them).
# 2. The switch is repaired: within 5 s + margin one node resets the other
#    and only then takes over; the survivor serves and runs the group; the
#    switch powered off exactly one node; the survivor broadcast
#    t=stonith result=OK.
# 3. A sampler (every 100 ms) never saw the VIP or the disk on both nodes.
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

fo_start_pair
ok_if "node1 serves the page through the VIP" fo_wait_served_by node1 30
ok_if "both nodes report a settled rscstatus" lab_wait 10 eval 'fo_stable node1 && fo_stable node2'
hbd_wait_past_startup "$FO_T_START"

# --- 1. partition with a broken device
lab_pcap_start
labpower_broken on
lab_loss node1 100
lab_loss node2 100
ok_if "node2 declares node1 dead" lab_wait $((FO_DEADTIME + 5)) hbd_has node2 'WARN: node node1: is dead'
ok_if "node2: a reset failed" lab_wait 5 hbd_has node2 '^.*ERROR: STONITH of node1 failed\.  Retrying\.\.\.$'
t_fail=$(lab_now_ms)
ok_if "node2: stonithstatus: waiting for STONITH of node1" \
    lab_wait 3 lab_out_is "waiting for STONITH of node1" lab_cl_status node2 stonithstatus
[ -x "$HB_ROOT/build/hb_status" ] || make -s -C "$HB_ROOT" -j2 build/hb_status >&2
is "node2: hb_status --json .stonith_pending" \
    "$(lab_exec_t 10 node2 "$HB_ROOT/build/hb_status" --json | jq -c .stonith_pending)" '["node1"]'
vip_on_node2=0
for ((i = 0; i < 140; i++)); do   # 14 s
    fo_has_vip node2 && vip_on_node2=1
    sleep 0.1
done
is "node2 never took the VIP while the device failed (14 s)" "$vip_on_node2" 0
ok_if "node1 still serves" fo_served_by node1
ok_if "both nodes still run" eval 'lab_alive node1 && lab_alive node2'
tries=$(hbd_count node2 'STONITH of node1 failed\.  Retrying\.\.\.$')
diag "node2: $tries failed resets so far"
ok_if "node2 retried at least 3 times ($tries)" test "$tries" -ge 3
ok_if "node2 logged each retry" hbd_has node2 'info: Retrying STONITH of node1 \(attempt [0-9]+\)\.$'
# Retry spacing: the "Resetting" lines' seconds, at least 4 s apart.
mapfile -t secs < <(grep -E 'info: Resetting node node1 with' "$(lab_log node2)" | awk '{split($3, t, ":"); print t[1]*3600 + t[2]*60 + t[3]}')
close=0
for ((i = 1; i < ${#secs[@]}; i++)); do
    [ $(( secs[i] - secs[i-1] )) -lt 4 ] && close=1
done
is "node2's resets are at least 4 s apart (${#secs[@]} tries)" "$close" 0
ok_if "node2 runs none of the group while the device fails" fo_idle node2
_stonith_msgs() {   # _stonith_msgs NODE RESULT: t=stonith node=<peer> result=RESULT datagrams from NODE
    hbd_pcap_payloads "udp and src host $(lab_ip "$1")" | grep 't=stonith' | grep "result=$2" | grep -c "node=$3"
}
n_bad=$(_stonith_msgs node2 bad node1)
ok_if "node2 broadcast t=stonith node=node1 result=bad for its failures ($n_bad datagrams)" test "$n_bad" -ge 3

# --- 2. repair
t_fix=$(lab_now_ms)
labpower_broken off
ok_if "one node is powered off once the switch works" \
    lab_wait 12 eval 'labpower_is_off node1 || labpower_is_off node2'
diag "repair -> power off: $(( $(lab_now_ms) - t_fix )) ms"
sleep 2
if labpower_is_off node1; then dead=node1 alive=node2; else dead=node2 alive=node1; fi
diag "switch log:"; sed 's/^/#   /' "$LABPOWER_DIR/log" >&2
ok_if "$alive is still running" lab_alive "$alive"
is "the switch powered off exactly one node" "$(labpower_count)" 1
lab_loss "$alive" 0 off
ok_if "$alive serves the page" fo_wait_served_by "$alive" 20
lab_pcap_stop
ok_if "$alive broadcast t=stonith node=$dead result=OK" test "$(_stonith_msgs "$alive" OK "$dead")" -ge 1
ok_if "$alive runs the whole group" fo_active "$alive"
is "$alive: nothing waits for STONITH any more" "$(lab_cl_status "$alive" stonithstatus)" ""

# --- 3. never on both
ok_if "the disk and the VIP were never active on both nodes (100 ms samples)" fo_sampler_stop
lab_exit
