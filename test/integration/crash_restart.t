#!/usr/bin/env bash
# crash_restart.t: power-cut node2 (lab_crash: the whole node is SIGKILLed).
# node1 declares it dead within deadtime + keepalive + 0.5 s (`node node2: is
# dead`, and its link dead). Restarting node2 bumps its generation by exactly
# 1, keeps its uuid; node1 logs `Heartbeat restart on node node2` and sees it
# active again, with no replay or partition complaints.
# timeout: 120
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"

DEADTIME_MS=3000 KEEPALIVE_MS=500 MARGIN_MS=500
lab_init
lab_add_node node1
lab_add_node node2
hbd_config "node1 node2" "ucast eth0 $(lab_ip node1)" "ucast eth0 $(lab_ip node2)"
d2=$(lab_node_dir node2)

t_start=$(lab_now_ms)
ok_if "node1: heartbeatd started" hbd_start node1
ok_if "node2: heartbeatd started" hbd_start node2
hbd_ok_active node1 node2 eth0
hbd_ok_active node2 node1 eth0
gen1=$(hbd_gen node2)
uuid1=$(od -An -tx1 "$d2/varlib/hb_uuid" | tr -d ' \n')
ok_if "node2 has a generation ($gen1)" test -n "$gen1"
is "node2's uuid file is 16 bytes" "$(stat -c %s "$d2/varlib/hb_uuid")" 16
hbd_wait_past_startup "$t_start"

# --- power cut
t_crash=$(lab_now_ms)
lab_crash node2
ok_if "node1 reports node2 dead" lab_wait 10 lab_out_is dead lab_cl_status node1 nodestatus node2
dead_ms=$(( $(lab_now_ms) - t_crash ))
diag "node2 dead on node1 after $dead_ms ms (deadtime $DEADTIME_MS, keepalive $KEEPALIVE_MS)"
ok_if "not before deadtime - keepalive ($dead_ms ms)" \
    test "$dead_ms" -ge $((DEADTIME_MS - KEEPALIVE_MS - 100))
ok_if "within deadtime + keepalive + $MARGIN_MS ms ($dead_ms ms)" \
    test "$dead_ms" -le $((DEADTIME_MS + KEEPALIVE_MS + MARGIN_MS))
ok_if "node1 logged 'node node2: is dead'" hbd_has node1 'WARN: node node2: is dead$'
ok_if "node1: link node2:eth0 dead" lab_out_is dead lab_cl_status node1 hblinkstatus node2 eth0
ok_if "node1 itself stays active" lab_out_is active lab_cl_status node1 nodestatus node1

# --- restart
mark=$(hbd_lines node1)
ok_if "node2: heartbeatd restarted" hbd_start node2
ok_if "node1 logs 'Heartbeat restart on node node2'" \
    lab_wait 10 hbd_has node1 'info: Heartbeat restart on node node2$'
hbd_ok_active node1 node2 eth0
hbd_ok_active node2 node1 eth0
gen2=$(hbd_gen node2)
is "node2's generation went up by exactly 1" "$gen2" "$((gen1 + 1))"
is "node2's uuid file is unchanged" "$(od -An -tx1 "$d2/varlib/hb_uuid" | tr -d ' \n')" "$uuid1"
ok_if "node2 logged its new generation" hbd_has node2 "info: Heartbeat generation: $gen2\$"
is "node1: one restart line" "$(hbd_count node1 'Heartbeat restart on node node2')" 1
after=$(hbd_since node1 "$mark")
ok_if "node1: no replay, partition or ERROR after the restart" \
    sh -c "! printf '%s\n' \"\$1\" | grep -nE 'replay|returning after partition|ERROR:|CRIT:'" _ "$after"
ok_if "node2: no replay, partition or ERROR after its restart" \
    sh -c "! grep -nE 'replay|returning after partition|ERROR:|CRIT:' '$(lab_log node2)'"
ok_if "both stay active (sampled 2 s)" hbd_stays_active 2 node1:node2 node2:node1
lab_exit
