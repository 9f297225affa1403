#!/usr/bin/env bash
# failover_hang.t: resource scripts that hang never stall the daemon's event
# loop. Group `node1 hbDummy::a hbHang::h` (hbHang: a test script written
# below whose status or stop `exec sleep 60`s while a flag file exists),
# auto_failback on, both heartbeatd, keepalive 250 ms, warntime 1 s.
# 1. node1's status call of hbHang hangs (during its takeover): for 8 s both
#    nodes keep seeing each other active (cl_status sampled every 0.1 s and
#    answered at once; node1 says rscstatus `transition`), and neither log
#    has "Late heartbeat", "is dead" or an event-loop stall. The hung status
#    is then killed: node1 starts hbHang and runs the group.
# 2. hb_standby on node1: the stop of hbHang hangs; again 8 s with no late
#    heartbeat anywhere. Killing the hung stop lets the retry succeed and
#    node2 takes the group. (The daemon's own timeouts, 60 s for status and
#    300 s for stop, are not waited for.)
# timeout: 150
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"
source "$(dirname "$0")/../lib/failover.sh"

lab_init
fo_add_nodes hbd hbd
fo_config on "node1 hbDummy::a hbHang::h"
for n in node1 node2; do
    cat > "$(lab_node_dir "$n")/etc/resource.d/hbHang" <<'EOS'
#!/bin/sh
# hbHang NAME start|stop|status: status/stop hang (exec sleep 60, pid in
# hbHang.NAME.pid) while /var/lib/heartbeat/hbHang.NAME.hang{status,stop} exists
name=$1 action=$2 dir=/var/lib/heartbeat
state=$dir/hbHang.$name.state
case $action in
    status)
        if [ -f "$dir/hbHang.$name.hangstatus" ]; then echo $$ > "$dir/hbHang.$name.pid"; exec sleep 60; fi
        if [ -f "$state" ]; then echo running; else echo stopped; fi ;;
    start) touch "$state" ;;
    stop)
        if [ -f "$dir/hbHang.$name.hangstop" ]; then echo $$ > "$dir/hbHang.$name.pid"; exec sleep 60; fi
        rm -f "$state" ;;
esac
exit 0
EOS
    chmod 755 "$(lab_node_dir "$n")/etc/resource.d/hbHang"
done
# shellcheck disable=SC2034  # V2 is used inside eval strings
V1=$(lab_node_dir node1)/varlib V2=$(lab_node_dir node2)/varlib
touch "$V1/hbHang.h.hangstatus"
BAD='Late heartbeat|is dead|event loop was stalled'

# hung_pid: the PID (inside node1) of the hanging script, once it hangs
hung_pid() { local p; p=$(cat "$V1/hbHang.h.pid" 2>/dev/null) && [ -n "$p" ] && lab_exec node1 kill -0 "$p" && echo "$p"; }
# answers_fast NODE: cl_status rscstatus answers within 1 s
answers_fast() { local t0 out; t0=$(lab_now_ms); out=$(fo_rsc "$1"); [ -n "$out" ] && [ $(( $(lab_now_ms) - t0 )) -lt 1000 ]; }

fo_start_pair
# --- 1. status hangs
ok_if "node1's status call of hbHang hangs" lab_wait 30 hung_pid
pid=$(hung_pid)
m1=$(hbd_lines node1) m2=$(hbd_lines node2)
ok_if "8 s with the status hanging: both nodes see each other active at every sample" \
    hbd_stays_active 8 node1:node2 node2:node1
ok_if "node1's cl_status answers at once during the hang" answers_fast node1
is "node1: rscstatus during the hang" "$(fo_rsc node1)" transition
ok_if "the status script is still hanging" lab_exec node1 kill -0 "$pid"
ok_if "node2: no late heartbeat, death or stall while node1's status hung" \
    sh -c '! tail -n +$(( $1 + 1 )) "$2" | grep -nE "$3" >&2' _ "$m2" "$(lab_log node2)" "$BAD"
ok_if "node1: no late heartbeat, death or stall while its status hung" \
    sh -c '! tail -n +$(( $1 + 1 )) "$2" | grep -nE "$3" >&2' _ "$m1" "$(lab_log node1)" "$BAD"
rm -f "$V1/hbHang.h.hangstatus" "$V1/hbHang.h.pid"
lab_exec node1 kill "$pid"
ok_if "after the hung status was killed node1 runs the group" \
    lab_wait 10 eval 'test -f "$V1/hbHang.h.state" && test -f "$V1/hbDummy.a.state"'
ok_if "node1: rscstatus local" lab_wait 10 lab_out_is local fo_rsc node1

# --- 2. stop hangs
touch "$V1/hbHang.h.hangstop"
m1=$(hbd_lines node1) m2=$(hbd_lines node2)
ok_if "node1: hb_standby -n" lab_exec_t 10 node1 "$HB_ROOT/build/hb_standby" -n
ok_if "node1's stop of hbHang hangs" lab_wait 10 hung_pid
pid=$(hung_pid)
ok_if "8 s with the stop hanging: both nodes see each other active at every sample" \
    hbd_stays_active 8 node1:node2 node2:node1
ok_if "node1's cl_status answers at once during the hang" answers_fast node1
ok_if "the stop script is still hanging" lab_exec node1 kill -0 "$pid"
ok_if "node2: no late heartbeat, death or stall while node1's stop hung" \
    sh -c '! tail -n +$(( $1 + 1 )) "$2" | grep -nE "$3" >&2' _ "$m2" "$(lab_log node2)" "$BAD"
ok_if "node1: no late heartbeat, death or stall while its stop hung" \
    sh -c '! tail -n +$(( $1 + 1 )) "$2" | grep -nE "$3" >&2' _ "$m1" "$(lab_log node1)" "$BAD"
rm -f "$V1/hbHang.h.hangstop" "$V1/hbHang.h.pid"
lab_exec node1 kill "$pid"
ok_if "after the hung stop was killed the group moves to node2" \
    lab_wait 20 eval 'test -f "$V2/hbHang.h.state" && test -f "$V2/hbDummy.a.state" && test ! -f "$V1/hbHang.h.state"'
ok_if "node2: rscstatus all" lab_wait 10 lab_out_is all fo_rsc node2
ok_if "node1 never rebooted itself (the stop did not fail for good)" \
    test ! -s "$(lab_node_dir node1)/log/fake-reboot.log"
lab_exit
