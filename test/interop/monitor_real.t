#!/usr/bin/env bash
# monitor_real.t: resource monitoring on heartbeatd with a real Heartbeat
# 3.0.6 peer. The demo cluster (test/lib/failover.sh: VIP + ext4 disk +
# lighttpd, auto_failback on): node1 heartbeatd with `resource_monitor 1 1
# 60` in its ha.cf only (3.0.6 knows no such directive), node2 Heartbeat
# 3.0.6.
#
# 1. kill -9 of lighttpd on node1: restarted on node1; node2 stays idle.
# 2. node1's lighttpd.conf broken, lighttpd killed again: the one restart
#    fails, node1 gives the group away through the standby exchange and the
#    real 3.0.6 node2 takes it and serves the page; node1 runs nothing.
# 3. The disk and the VIP are never active on both nodes.
# timeout: 150
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"
source "$(dirname "$0")/../lib/failover.sh"

for t in build/hb_history; do
    [ -x "$HB_ROOT/$t" ] || make -s -C "$HB_ROOT" -j2 "$t" >&2 || lab_bail "cannot build $t"
done
HBH=$HB_ROOT/build/hb_history

lab_init
fo_disk_create
fo_add_nodes hbd real
fo_config on "$(fo_group1)"
echo "resource_monitor 1 1 60" >> "$(lab_node_dir node1)/etc/ha.cf"
fo_sampler_start 140

fo_start_pair
ok_if "node1 (heartbeatd) serves the page through the VIP" fo_wait_served_by node1 30
ok_if "both nodes settle" lab_wait 10 eval 'fo_stable node1 && fo_stable node2'

# --- 1. restart in place
pid=$(lab_exec node1 cat /run/lighttpd.pid 2>/dev/null | tr -d ' \n')
lab_exec node1 kill -9 "$pid"
ok_if "lighttpd is gone on node1" lab_wait 3 eval '! fo_lighttpd node1'
ok_if "the monitor restarts lighttpd on node1" lab_wait 15 fo_lighttpd node1
ok_if "the client gets the page from node1 again" fo_wait_served_by node1 10
ok_if "node2 (3.0.6) runs none of the group" fo_idle node2

# --- 2. cannot restart: the group goes to the 3.0.6 peer
echo 'this is not a lighttpd directive' >> "$(lab_node_dir node1)/lighttpd.conf"
pid=$(lab_exec node1 cat /run/lighttpd.pid 2>/dev/null | tr -d ' \n')
t_kill=$(lab_now_ms)
lab_exec node1 kill -9 "$pid"
ok_if "node1 gives up on lighttpd" lab_wait 20 hbd_has node1 'resource monitor: lighttpd: giveup: '
ok_if "node2 (3.0.6) takes the group and serves the page" fo_wait_served_by node2 40
diag "node2 serving $(( $(lab_now_ms) - t_kill )) ms after the kill"
ok_if "node2 runs the whole group" fo_active node2
ok_if "node1 runs nothing" lab_wait 5 fo_idle node1
ok_if "node1's history: the giveup and the stops for go_standby" \
    eval 'h=$(lab_exec_t 10 node1 "$HBH"); printf "%s\n" "$h" | grep -q " monitor giveup lighttpd " && printf "%s\n" "$h" | grep -q " resource stop lighttpd .*reason=go_standby"'

# --- 3.
ok_if "the disk and the VIP were never active on both nodes (100 ms samples)" fo_sampler_stop
lab_exit
