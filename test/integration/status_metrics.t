#!/usr/bin/env bash
# status_metrics.t: hb_status --json, hb_history and the metrics endpoint on
# the demo cluster (test/lib/failover.sh: VIP + ext4 disk + lighttpd,
# auto_failback on, both heartbeatd, `metrics 127.0.0.1:9630` in ha.cf).
#
# 1. After the boot `hb_status --json` is valid JSON (jq) on both nodes:
#    local node and generation, node2 active with link eth0 up, the group
#    owned by node1 and held by node1 (released on node2), uptime.
#    cl_status keeps its 3.0.6 answers (listnodes, rscstatus).
# 2. curl gets GET /metrics on 127.0.0.1:9630 inside node1 (status 200,
#    Content-Type text/plain; version=0.0.4), with heartbeat_node_up,
#    heartbeat_link_up, heartbeat_resource_group_active,
#    heartbeat_packets_dropped_total, heartbeat_generation; other paths get
#    404, POST 405, an oversized request 400; nothing listens on node1's
#    LAN address (the client cannot connect).
# 3. kill -9 of node1: node2 takes over; `hb_history` on node2 shows
#    node1's death and the starts of the group with script, exit code 0,
#    duration and reason mach_down; `hb_history --json` is valid JSON with
#    the same facts; node2's metrics say node1 down, the group active.
#    (Before the crash lighttpd is killed on node1: without
#    resource_monitor nothing restarts it.)
# timeout: 150
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"
source "$(dirname "$0")/../lib/failover.sh"

for t in build/hb_status build/hb_history; do
    [ -x "$HB_ROOT/$t" ] || make -s -C "$HB_ROOT" -j2 "$t" >&2 || lab_bail "cannot build $t"
done
command -v jq >/dev/null || lab_bail "jq is not installed (make deps)"

HBS=$HB_ROOT/build/hb_status
HBH=$HB_ROOT/build/hb_history
json() { lab_exec_t 10 "$1" "$HBS" --json; }
jqn() { local n=$1; shift; json "$n" | jq -e "$@" >/dev/null; }
metrics() { lab_exec_t 10 "$1" curl -s --max-time 5 "http://127.0.0.1:9630${2:-/metrics}"; }
has_metric() { metrics "$1" | grep -qxF -- "$2"; }

lab_init
fo_disk_create
fo_add_nodes hbd hbd
fo_config on "$(fo_group1)" "metrics 127.0.0.1:9630"

# --- 1. boot, status dump
fo_start_pair
ok_if "node1 serves the page through the VIP" fo_wait_served_by node1 30
ok_if "both nodes settle" lab_wait 10 eval 'fo_stable node1 && fo_stable node2'
out=$(json node1)
ok_if "node1: hb_status --json is valid JSON" eval 'printf "%s" "$out" | jq -e . >/dev/null'
is "node1: .node" "$(printf '%s' "$out" | jq -r .node)" node1
is "node1: .status" "$(printf '%s' "$out" | jq -r .status)" active
ok_if "node1: .generation is a positive number" eval 'printf "%s" "$out" | jq -e ".generation > 0" >/dev/null'
ok_if "node1: .uptime_s is a number" eval 'printf "%s" "$out" | jq -e ".uptime_s >= 0" >/dev/null'
ok_if "node1: node2 active, link eth0 up, gap and late counters present" \
    jqn node1 '.nodes[] | select(.name=="node2") | .status=="active" and (.links[] | select(.name=="eth0") | .status=="up" and .largest_gap_ms > 0 and .late_gaps >= 0) and (.largest_gap_ms >= 0) and (.late_warnings >= 0)'
ok_if "node1: the group is owned by node1 and held" \
    jqn node1 '.groups[0].owner=="node1" and .groups[0].state=="held" and (.groups[0].resources | length == 3)'
ok_if "node2: the group is released there" jqn node2 '.groups[0].state=="released"'
ok_if "node1: dropped packets, counters, pending STONITH and monitor fields present" \
    jqn node1 '(.dropped_packets | type=="object") and (.counters.frames_in > 0) and (.stonith_pending | type=="array") and (.groups[0].monitor.enabled == false)'
is "cl_status listnodes keeps 3.0.6's answer" "$(lab_cl_status node1 listnodes | tr '\n' ' ')" "node2 node1 "
is "cl_status rscstatus keeps 3.0.6's answer" "$(fo_rsc node1)" local

# --- 2. metrics
hdr=$(lab_exec_t 10 node1 curl -s --max-time 5 -o /dev/null -D - http://127.0.0.1:9630/metrics | tr -d '\r')
ok_if "metrics: 200 OK" eval 'printf "%s\n" "$hdr" | grep -q "^HTTP/1.1 200 OK$"'
ok_if "metrics: Content-Type text/plain; version=0.0.4" \
    eval 'printf "%s\n" "$hdr" | grep -qi "^Content-Type: text/plain; version=0.0.4"'
ok_if "metrics: heartbeat_node_up{node=\"node2\"} 1" has_metric node1 'heartbeat_node_up{node="node2"} 1'
ok_if "metrics: heartbeat_link_up{node=\"node2\",link=\"eth0\"} 1" \
    has_metric node1 'heartbeat_link_up{node="node2",link="eth0"} 1'
ok_if "metrics: the group is active on node1" \
    has_metric node1 "heartbeat_resource_group_active{group=\"IPaddr::$FO_VIP/24/eth0\",node=\"node1\"} 1"
ok_if "metrics: heartbeat_packets_dropped_total by reason" \
    eval 'metrics node1 | grep -q "^heartbeat_packets_dropped_total{reason=\"bad-auth\"} [0-9]*$"'
ok_if "metrics: heartbeat_generation" eval 'metrics node1 | grep -q "^heartbeat_generation [1-9][0-9]*$"'
ok_if "metrics: resource actions counted (start ok)" \
    eval 'metrics node1 | grep -q "^heartbeat_resource_actions_total{action=\"start\",result=\"ok\"} [1-9]"'
code() { lab_exec_t 10 node1 curl -s --max-time 5 -o /dev/null -w '%{http_code}' "$@"; }
is "metrics: another path is 404" "$(code http://127.0.0.1:9630/)" 404
is "metrics: POST is 405" "$(code -X POST http://127.0.0.1:9630/metrics)" 405
is "metrics: an oversized request is 400" \
    "$(code -H "X-Big: $(head -c 9000 /dev/zero | tr '\0' a)" http://127.0.0.1:9630/metrics)" 400
ok_if "metrics: not reachable on node1's LAN address" \
    eval '! lab_exec_t 10 client curl -s --max-time 3 -o /dev/null http://192.0.2.1:9630/metrics'
ok_if "node1 still answers after the bad requests" has_metric node1 'heartbeat_node_up{node="node2"} 1'

# Without resource_monitor (the default) nothing watches lighttpd, as in 3.0.6.
lab_exec node1 kill -9 "$(lab_exec node1 cat /run/lighttpd.pid 2>/dev/null | tr -d ' \n')"
sleep 4
ok_if "monitoring off: a killed lighttpd stays dead on node1" eval '! fo_lighttpd node1'

# --- 3. crash of node1: the history on node2
hbd_wait_past_startup "$FO_T_START"
fo_crash node1
ok_if "node2 serves after node1's crash" fo_watch_failover node2 node1 $((FO_DEADTIME + 10))
ok_if "node2 settles" lab_wait 10 fo_stable node2
hist=$(lab_exec_t 10 node2 "$HBH")
diag "node2 history:"; printf '%s\n' "$hist" | sed 's/^/#   /' >&2
ok_if "hb_history: node1 declared dead" eval 'printf "%s\n" "$hist" | grep -q " membership node-dead node1 "'
ok_if "hb_history: IPaddr started with exit 0, a duration and reason mach_down" \
    eval 'printf "%s\n" "$hist" | grep -qE " resource start IPaddr::$FO_VIP/24/eth0 script=IPaddr exit=0 [0-9]+ms reason=mach_down"'
ok_if "hb_history: lighttpd started (mach_down)" \
    eval 'printf "%s\n" "$hist" | grep -qE " resource start lighttpd script=lighttpd exit=0 [0-9]+ms reason=mach_down"'
hj=$(lab_exec_t 10 node2 "$HBH" --json)
ok_if "hb_history --json is valid JSON" eval 'printf "%s" "$hj" | jq -e . >/dev/null'
ok_if "hb_history --json: the Filesystem start with script, args, exit code, duration, reason" \
    eval 'printf "%s" "$hj" | jq -e "[.entries[] | select(.kind==\"resource\" and .event==\"start\" and .script==\"Filesystem\" and .exit_code==0 and .duration_ms>=0 and .reason==\"mach_down\" and (.args|length)==3)] | length >= 1" >/dev/null'
is "hb_status history is the same as hb_history" \
    "$(lab_exec_t 10 node2 "$HBS" history | grep -c resource)" "$(printf '%s\n' "$hist" | grep -c resource)"
ok_if "node2: hb_status --json says node1 dead, the group held" \
    jqn node2 '(.nodes[] | select(.name=="node1") | .status=="dead") and .groups[0].state=="held"'
ok_if "node2 metrics: node1 down" has_metric node2 'heartbeat_node_up{node="node1"} 0'
ok_if "node2 metrics: the group active on node2" \
    has_metric node2 "heartbeat_resource_group_active{group=\"IPaddr::$FO_VIP/24/eth0\",node=\"node2\"} 1"
ok_if "hb_status with a bad argument: usage, exit 2" \
    eval 'lab_exec_t 10 node2 "$HBS" --bogus 2>/dev/null; [ $? -eq 2 ]'
ok_if "hb_status on node1 (no daemon after the crash): exit 3" \
    eval 'lab_exec_t 10 node1 "$HBS" --json >/dev/null 2>&1; [ $? -eq 3 ]'
ok_if "node2: no ERROR/CRIT in its log" hbd_hasnt node2 'ERROR:|CRIT:'
lab_exit
