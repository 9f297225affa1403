#!/usr/bin/env bash
# ipfail_real.t: ipfail between a real Heartbeat 3.0.6 node (node1, running
# 3.0.6's own ipfail through `respawn hacluster /usr/libexec/heartbeat/ipfail`)
# and a heartbeatd node (node2, the same respawn line: the built-in ipfail).
# Groups: node1 hbDummy::alpha, node2 hbDummy::beta; auto_failback on; ping
# node = the lab client.
#
# 1. Both daemons show the ping node as `ping` (each with its own cl_status).
# 2. node2 (heartbeatd) loses the ping node: the two ipfails agree that
#    node2 sees fewer, node2 gives up, node1 (3.0.6) runs both groups.
# 3. node2 sees the ping node again: counts balanced, node1 gives beta back
#    (auto_failback on).
# 4. node1 (3.0.6) loses the ping node: node2 runs both groups.
# timeout: 180
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"
source "$(dirname "$0")/../lib/ping.sh"

lab_init
lab_add_node node1
lab_add_node node2
lab_add_client client
P=$(lab_ip client)
for n in node1 node2; do
    {
        lab_hacf_base
        printf '%s\n' "keepalive 500ms" "deadtime 4" "warntime 2" "initdead 8" "deadping 2" \
            "ucast eth0 $(lab_ip node1)" "ucast eth0 $(lab_ip node2)" "auto_failback on" "crm off" \
            "ping $P" "respawn hacluster /usr/libexec/heartbeat/ipfail" "node node1" "node node2"
    } | lab_write_hacf "$n"
    lab_write_authkeys "$n" sha1 "ipfail-real-$LAB_P"
    printf '%s\n' "node1 hbDummy::alpha" "node2 hbDummy::beta" | lab_write_haresources "$n"
done
runs() { test -f "$(lab_node_dir "$1")/varlib/hbDummy.$2.state"; }
where() { local a b; a=$(runs node1 "$1" && echo 1)$(runs node2 "$1" && echo 2); echo "${a:-none}"; }

ok_if "node1: Heartbeat 3.0.6 started" lab_start_real node1
ok_if "node2: heartbeatd started" hbd_start node2
ok_if "alpha on node1, beta on node2" lab_wait 40 eval '[ "$(where alpha)$(where beta)" = 12 ]'

# --- 1.
ok_if "3.0.6 sees the ping node" lab_wait 15 lab_out_is ping ping_status node1 "$P"
ok_if "heartbeatd sees the ping node" lab_wait 15 lab_out_is ping ping_status node2 "$P"
ok_if "3.0.6's ipfail is running on node1" lab_wait 10 eval 'lab_exec node1 ps -C ipfail -o pid= | grep -q .'
ok_if "heartbeatd logged the native ipfail" hbd_has node2 'heartbeatd provides ipfail natively'
sleep 3

# --- 2.
ping_block node2 "$P"
ok_if "node2 lost the ping node" lab_wait 10 lab_out_is dead ping_status node2 "$P"
ok_if "both groups on node1 (3.0.6)" lab_wait 30 eval '[ "$(where alpha)$(where beta)" = 11 ]'
ok_if "heartbeatd was told it sees fewer" hbd_has node2 'ipfail: Giving up because we (were told that we )?have less'

# --- 3.
ping_unblock node2
ok_if "node2 sees the ping node again" lab_wait 10 lab_out_is ping ping_status node2 "$P"
ok_if "beta back on node2 (auto_failback on)" lab_wait 40 eval '[ "$(where alpha)$(where beta)" = 12 ]'

# --- 4.
sleep 3
ping_block node1 "$P"
ok_if "node1 lost the ping node" lab_wait 10 lab_out_is dead ping_status node1 "$P"
ok_if "both groups on node2 (heartbeatd)" lab_wait 40 eval '[ "$(where alpha)$(where beta)" = 22 ]'
ok_if "heartbeatd told 3.0.6's ipfail it sees more" hbd_has node2 'ipfail: Telling other node that we have more visible ping nodes'
lab_exit
