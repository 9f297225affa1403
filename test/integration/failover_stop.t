#!/usr/bin/env bash
# failover_stop.t: graceful stop (`heartbeat -k`) in the demo cluster
# (test/lib/failover.sh), `auto_failback on`, both nodes heartbeatd.
# `heartbeat -k` on node1 (the active node) releases the group (lighttpd,
# the mount, the VIP, in reverse order) and node2 takes over on the
# shutdown notice: the client gets the page from node2 in less than
# deadtime after the -k (measured; no waiting for node1 to be declared
# dead), node2 logs "Received shutdown notice from 'node1'.", -k exits 0
# and node1's daemon is gone. node1 starts again: failback. Stopping node2,
# which holds nothing, leaves node1 serving. The disk and the VIP are never
# on both nodes (100 ms sampler).
# timeout: 150
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"
source "$(dirname "$0")/../lib/failover.sh"

lab_init
fo_disk_create
fo_add_nodes hbd hbd
fo_config on "$(fo_group1)"
fo_sampler_start 140
mapfile -t DENV < <(_lab_daemon_env)

fo_start_pair
ok_if "node1 serves the page through the VIP" fo_wait_served_by node1 30
ok_if "both settled: rscstatus local/local" \
    lab_wait 10 eval '[ "$(fo_rsc node1)" = local ] && [ "$(fo_rsc node2)" = local ]'
hbd_wait_past_startup "$FO_T_START"

# --- heartbeat -k on the active node
t_stop=$(lab_now_ms)
lab_bg node1 "${DENV[@]}" "$HBD_BIN" -k
stop_pid=$LAB_BG_PID
ok_if "node2 serves after node1's graceful stop" fo_watch_failover node2 node1 $((FO_DEADTIME + 8))
ms=$(( ${FO_T_SERVED:-$(lab_now_ms)} - t_stop ))
diag "graceful handover: -k -> VIP on node2 $(( ${FO_T_VIP:-0} - t_stop )) ms, -> first page from node2 $ms ms"
ok_if "first page from node2 before deadtime ($ms ms < $((FO_DEADTIME * 1000)) ms)" \
    test "$ms" -lt $((FO_DEADTIME * 1000))
ok_if "node2 had not declared node1 dead when it served" \
    test -z "$FO_T_DEAD" -o "${FO_T_DEAD:-0}" -ge "${FO_T_SERVED:-0}"
ok_if "node2 logged the shutdown notice" hbd_has node2 "info: Received shutdown notice from 'node1'\.$"
wait "$stop_pid"; rc=$?
is "node1: heartbeat -k exit status" "$rc" 0
ok_if "node1: the daemon is gone" lab_wait 5 eval '! hbd_running node1'
ok_if "node1 runs none of the group" fo_idle node1
ok_if "node1 logged its shutdown" hbd_has node1 'info: node1 Heartbeat shutdown complete\.$'
ok_if "node2: rscstatus all" lab_wait 10 lab_out_is all fo_rsc node2

# --- node1 back: failback
ok_if "node1: heartbeatd restarted" fo_start node1
ok_if "failback: node1 serves again" fo_wait_served_by node1 20
ok_if "node2 runs nothing" lab_wait 5 fo_idle node2

# --- stopping the idle node changes nothing for the client
ok_if "node2 settled (rscstatus local)" lab_wait 10 lab_out_is local fo_rsc node2
t_stop=$(lab_now_ms)
ok_if "node2: heartbeat -k" lab_stop node2
diag "node2 stopped in $(( $(lab_now_ms) - t_stop )) ms"
keeps_serving() { local i; for i in 1 2 3 4 5 6; do fo_served_by "$1" || return 1; sleep 0.5; done; }
ok_if "node1 keeps serving while node2 is down (3 s)" keeps_serving node1
ok_if "node1: rscstatus all (its peer left cleanly)" lab_wait 10 lab_out_is all fo_rsc node1

ok_if "the disk and the VIP were never active on both nodes (100 ms samples)" fo_sampler_stop
ok_if "node1: no ERROR/CRIT in its log" hbd_hasnt node1 'ERROR:|CRIT:'
ok_if "node2: no ERROR/CRIT in its log" hbd_hasnt node2 'ERROR:|CRIT:'
lab_exit
