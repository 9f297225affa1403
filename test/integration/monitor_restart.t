#!/usr/bin/env bash
# monitor_restart.t: resource monitoring (ha.cf `resource_monitor 1 2 60`:
# status every second, at most 2 restarts within 60 s) on the demo cluster
# (test/lib/failover.sh: VIP + ext4 disk + lighttpd, auto_failback on, both
# heartbeatd).
#
# 1. After the boot node1 serves; kill -9 of lighttpd inside node1: the
#    monitor sees it stopped and restarts it on node1 (stop, start,
#    status); the client gets the page from node1 again; node2 stays idle.
# 2. hb_history on node1 shows the failure, the restart and the start of
#    lighttpd (exit 0, reason monitor); hb_status --json shows the group
#    held, monitor state ok, 1 restart in the window; the metrics count it.
# 3. The disk and the VIP are never active on both nodes.
# timeout: 120
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"
source "$(dirname "$0")/../lib/failover.sh"

for t in build/hb_status build/hb_history; do
    [ -x "$HB_ROOT/$t" ] || make -s -C "$HB_ROOT" -j2 "$t" >&2 || lab_bail "cannot build $t"
done
command -v jq >/dev/null || lab_bail "jq is not installed (make deps)"
HBS=$HB_ROOT/build/hb_status
HBH=$HB_ROOT/build/hb_history

lab_init
fo_disk_create
fo_add_nodes hbd hbd
fo_config on "$(fo_group1)" "resource_monitor 1 2 60" "metrics 127.0.0.1:9630"
fo_sampler_start 110

fo_start_pair
ok_if "node1 serves the page through the VIP" fo_wait_served_by node1 30
ok_if "both nodes settle" lab_wait 10 eval 'fo_stable node1 && fo_stable node2'
ok_if "node1: hb_status --json says monitoring is on, state ok" \
    eval 'lab_exec_t 10 node1 "$HBS" --json | jq -e ".groups[0].monitor.enabled and .groups[0].monitor.state==\"ok\"" >/dev/null'

# --- 1. kill lighttpd on node1
pid=$(lab_exec node1 cat /run/lighttpd.pid 2>/dev/null | tr -d ' \n')
ok_if "node1: lighttpd runs (pid $pid)" test -n "$pid"
t_kill=$(lab_now_ms)
lab_exec node1 kill -9 "$pid"
ok_if "lighttpd is gone on node1" lab_wait 3 eval '! fo_lighttpd node1'
ok_if "the monitor restarts lighttpd on node1" lab_wait 15 fo_lighttpd node1
diag "lighttpd running again $(( $(lab_now_ms) - t_kill )) ms after the kill"
ok_if "the client gets the page from node1 again" fo_wait_served_by node1 10
newpid=$(lab_exec node1 cat /run/lighttpd.pid 2>/dev/null | tr -d ' \n')
ok_if "it is a new lighttpd process ($pid -> $newpid)" test -n "$newpid" -a "$newpid" != "$pid"
ok_if "node1 still runs the whole group" fo_active node1
ok_if "node2 runs none of it" fo_idle node2
is "node1: rscstatus still local" "$(fo_rsc node1)" local

# --- 2. history, status, metrics
lab_wait 5 eval 'lab_exec_t 10 node1 "$HBH" | grep -q " monitor restarted lighttpd"' >/dev/null
hist=$(lab_exec_t 10 node1 "$HBH")
diag "node1 history (tail):"; printf '%s\n' "$hist" | tail -n 8 | sed 's/^/#   /' >&2
ok_if "hb_history: the failure of lighttpd" \
    eval 'printf "%s\n" "$hist" | grep -q " monitor failed lighttpd (status: not running)"'
ok_if "hb_history: the restart (1 of 2)" \
    eval 'printf "%s\n" "$hist" | grep -q " monitor restart lighttpd (restart 1 of 2 within 60 s)"'
ok_if "hb_history: lighttpd started, exit 0, reason monitor" \
    eval 'printf "%s\n" "$hist" | grep -qE " resource start lighttpd script=lighttpd exit=0 [0-9]+ms reason=monitor"'
ok_if "hb_history: running again" eval 'printf "%s\n" "$hist" | grep -q " monitor restarted lighttpd"'
ok_if "hb_status --json: held, monitor ok, 1 restart in the window, last failure lighttpd" \
    eval 'lab_exec_t 10 node1 "$HBS" --json | jq -e ".groups[0].state==\"held\" and .groups[0].monitor.state==\"ok\" and .groups[0].monitor.restarts_in_window==1 and .groups[0].monitor.last_failure==\"lighttpd\"" >/dev/null'
ok_if "metrics: heartbeat_resource_group_restarts 1" \
    eval 'lab_exec_t 10 node1 curl -s --max-time 5 http://127.0.0.1:9630/metrics | grep -qxF "heartbeat_resource_group_restarts{group=\"IPaddr::$FO_VIP/24/eth0\"} 1"'
ok_if "metrics: passing status checks are counted" \
    eval 'lab_exec_t 10 node1 curl -s --max-time 5 http://127.0.0.1:9630/metrics | grep -q "^heartbeat_resource_actions_total{action=\"status\",result=\"ok\"} [1-9]"'

# --- 3.
ok_if "the disk and the VIP were never active on both nodes (100 ms samples)" fo_sampler_stop
ok_if "node1: no ERROR/CRIT in its log" hbd_hasnt node1 'ERROR:|CRIT:'
lab_exit
