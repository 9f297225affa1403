#!/usr/bin/env bash
# ping_real.t: ping nodes and the built-in ipfail next to a real Heartbeat
# 3.0.6 node that runs no ipfail (node1 real, node2 heartbeatd with
# `ipfail on`); ping node = the lab client.
#
# 1. Both show the ping node as `ping`, with their own cl_status (listnodes
#    -p, nodetype); the real node's log has the same "Status update for node
#    ... status ping" line as heartbeatd's.
# 2. node2 loses the ping node: both daemons agree it is `dead` only on
#    node2; heartbeatd asks the 3.0.6 peer for its count (num_ping_nodes);
#    3.0.6 ignores the message (no error logged, no hook run), nothing moves
#    because nobody answers, and both nodes stay active.
# timeout: 120
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
            "ping $P" "node node1" "node node2"
        [ "$n" = node2 ] && echo "ipfail on"
    } | lab_write_hacf "$n"
    lab_write_authkeys "$n" sha1 "ping-real-$LAB_P"
    printf '%s\n' "node1 hbDummy::alpha" "node2 hbDummy::beta" | lab_write_haresources "$n"
done
runs() { test -f "$(lab_node_dir "$1")/varlib/hbDummy.$2.state"; }

ok_if "node1: Heartbeat 3.0.6 started" lab_start_real node1
ok_if "node2: heartbeatd started" hbd_start node2
ok_if "alpha on node1, beta on node2" lab_wait 40 eval 'runs node1 alpha && runs node2 beta'

# --- 1.
ok_if "3.0.6 sees the ping node" lab_wait 15 lab_out_is ping ping_status node1 "$P"
ok_if "heartbeatd sees the ping node" lab_wait 15 lab_out_is ping ping_status node2 "$P"
is "3.0.6: listnodes -p" "$(lab_cl_status node1 listnodes -p | tr -d ' \n')" "$P"
is "heartbeatd: listnodes -p" "$(lab_cl_status node2 listnodes -p | tr -d ' \n')" "$P"
is "3.0.6: nodetype" "$(lab_cl_status node1 nodetype "$P" | tr -d ' \n')" ping
is "heartbeatd: nodetype" "$(lab_cl_status node2 nodetype "$P" | tr -d ' \n')" ping
ok_if "3.0.6 logs: Status update for node $P: status ping" hbd_has node1 "Status update for node $P: status ping"
ok_if "heartbeatd logs the same line" hbd_has node2 "Status update for node $P: status ping"
sleep 3

# --- 2.
before=$(hbd_lines node1)
ping_block node2 "$P"
ok_if "node2: the ping node goes dead" lab_wait 10 lab_out_is dead ping_status node2 "$P"
is "node1 still sees it" "$(ping_status node1 "$P")" ping
ok_if "heartbeatd asked for the peer's count" hbd_has node2 'ipfail: Asking other side for ping node count \(we see 0\)'
sleep 5
ok_if "nothing moved" eval 'runs node1 alpha && runs node2 beta && ! runs node1 beta && ! runs node2 alpha'
is "node1 sees node2 active" "$(hbd_status node1 node2)" active
is "node2 sees node1 active" "$(hbd_status node2 node1)" active
bad=$(hbd_since node1 "$before" | grep -E 'ERROR|CRIT' | grep -v -E 'write failure on ping|Error sending packet' | head -3)
is "3.0.6 logged no error about heartbeatd's messages" "$bad" ""
ok_if "3.0.6 ran no hook for num_ping_nodes" eval '! hbd_since node1 "$before" | grep -q num_ping_nodes'
lab_exit
