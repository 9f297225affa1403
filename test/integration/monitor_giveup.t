#!/usr/bin/env bash
# monitor_giveup.t: resource monitoring (`resource_monitor 1 2 60`) when a
# resource cannot be kept running: on the demo cluster (test/lib/failover.sh,
# auto_failback on, both heartbeatd) node1's lighttpd.conf is broken (so
# /etc/init.d/lighttpd start fails its syntax check inside node1 only) and
# lighttpd is killed on node1.
#
# 1. The monitor restarts it twice (both starts fail), then gives the group
#    to the peer through the standby exchange: node2 serves the page, node1
#    runs nothing, rscstatus node1 none / node2 all.
# 2. hb_history on node1 shows the two failed restarts and the giveup;
#    hb_status --json shows the group released with monitor state
#    given-away; node2's history shows node1's ask_resources and its
#    starts; node2's metrics show the group active there.
# 3. The disk and the VIP are never active on both nodes.
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

lab_init
fo_disk_create
fo_add_nodes hbd hbd
fo_config on "$(fo_group1)" "resource_monitor 1 2 60" "metrics 127.0.0.1:9630"
fo_sampler_start 140

fo_start_pair
ok_if "node1 serves the page through the VIP" fo_wait_served_by node1 30
ok_if "both nodes settle" lab_wait 10 eval 'fo_stable node1 && fo_stable node2'

# --- 1. break node1's lighttpd (its config is a bind mount of this file,
# so appending keeps the inode), then kill it
echo 'this is not a lighttpd directive' >> "$(lab_node_dir node1)/lighttpd.conf"
ok_if "node1: lighttpd's config check now fails" \
    eval '! lab_exec_t 10 node1 /usr/sbin/lighttpd -tt -f /etc/lighttpd/lighttpd.conf >/dev/null 2>&1'
pid=$(lab_exec node1 cat /run/lighttpd.pid 2>/dev/null | tr -d ' \n')
t_kill=$(lab_now_ms)
lab_exec node1 kill -9 "$pid"
ok_if "node1 gives up on lighttpd" lab_wait 20 hbd_has node1 'resource monitor: lighttpd: giveup: '
diag "giveup $(( $(lab_now_ms) - t_kill )) ms after the kill"
ok_if "node2 takes the group and serves the page" fo_wait_served_by node2 30
diag "node2 serving $(( $(lab_now_ms) - t_kill )) ms after the kill"
ok_if "node2 runs the whole group" fo_active node2
ok_if "node1 runs nothing" lab_wait 5 fo_idle node1
ok_if "rscstatus node1 none, node2 all" \
    lab_wait 10 eval '[ "$(fo_rsc node1)" = none ] && [ "$(fo_rsc node2)" = all ]'

# --- 2. history and status
hist=$(lab_exec_t 10 node1 "$HBH")
diag "node1 history (tail):"; printf '%s\n' "$hist" | tail -n 16 | sed 's/^/#   /' >&2
is "hb_history: two restarts" "$(printf '%s\n' "$hist" | grep -c ' monitor restart lighttpd ')" 2
ok_if "hb_history: failed starts with their exit code, reason monitor" \
    eval 'printf "%s\n" "$hist" | grep -qE " resource start lighttpd script=lighttpd exit=[1-9][0-9]* [0-9]+ms reason=monitor"'
ok_if "hb_history: the giveup names the group" \
    eval 'printf "%s\n" "$hist" | grep -q " monitor giveup lighttpd (2 restarts within 60 s did not keep it running: giving group IPaddr::$FO_VIP/24/eth0 to the peer)"'
ok_if "hb_history: the stops of the group (go_standby)" \
    eval 'printf "%s\n" "$hist" | grep -qE " resource stop IPaddr::$FO_VIP/24/eth0 script=IPaddr exit=0 [0-9]+ms reason=go_standby"'
ok_if "hb_status --json on node1: released, monitor given-away" \
    eval 'lab_exec_t 10 node1 "$HBS" --json | jq -e ".groups[0].state==\"released\" and .groups[0].monitor.state==\"given-away\" and .groups[0].monitor.restarts_in_window==2" >/dev/null'
hist2=$(lab_exec_t 10 node2 "$HBH")
ok_if "node2's history: node1 asked to go standby" \
    eval 'printf "%s\n" "$hist2" | grep -q " membership message node1 (ask_resources rsc_hold=local info=me)"'
ok_if "node2's history: it started lighttpd (exit 0)" \
    eval 'printf "%s\n" "$hist2" | grep -qE " resource start lighttpd script=lighttpd exit=0 "'
ok_if "node2's metrics: the group active on node2" \
    eval 'lab_exec_t 10 node2 curl -s --max-time 5 http://127.0.0.1:9630/metrics | grep -qxF "heartbeat_resource_group_active{group=\"IPaddr::$FO_VIP/24/eth0\",node=\"node2\"} 1"'
ok_if "node1's metrics: failed starts counted" \
    eval 'lab_exec_t 10 node1 curl -s --max-time 5 http://127.0.0.1:9630/metrics | grep -q "^heartbeat_resource_actions_total{action=\"start\",result=\"failed\"} 2$"'

# --- 3.
ok_if "the disk and the VIP were never active on both nodes (100 ms samples)" fo_sampler_stop
ok_if "node2: no ERROR/CRIT in its log" hbd_hasnt node2 'ERROR:|CRIT:'
lab_exit
