#!/usr/bin/env bash
# ping_status.t: ping pseudo-nodes on two heartbeatd nodes (facts section 3).
# The ping target is a lab client (192.0.2.10); a ping_group has the client
# and an address nobody answers for.
#
# 1. cl_status: listnodes -p lists the ping nodes (ping, ping6) and the group, nodetype says
#    ping, nodestatus goes to `ping` on both nodes; listnodes -n does not list
#    them; the log says "Status update for node 192.0.2.10: status ping".
# 2. (The payload bytes are checked against captured 3.0.6 packets in
#    test/unit/wire/ping_test.cpp.)
# 3. node1 loses the client (nftables drops ICMP): its view goes `dead`
#    within deadping + 2 s, node2 still sees `ping`; the group goes dead too
#    (its other member never answers).
# 4. The block is lifted: `ping` again on node1.
# timeout: 90
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"
source "$(dirname "$0")/../lib/ping.sh"

lab_init
lab_add_node node1
lab_add_node node2
lab_add_client client
P=$(lab_ip client)
P6=$(lab_ip client v6)
hbd_config "node1 node2" "ucast eth0 $(lab_ip node1)" "ucast eth0 $(lab_ip node2)" \
    "ping $P" "ping_group pg1 $P 192.0.2.99" "ping6 $P6" "deadping 2"
ok_if "both nodes started" hbd_start node1 node2

# --- 1.
for n in node1 node2; do
    ok_if "$n: ping node $P is ping" lab_wait 15 lab_out_is ping ping_status "$n" "$P"
    ok_if "$n: ping group pg1 is ping" lab_wait 5 lab_out_is ping ping_status "$n" pg1
done
ok_if "node1: ping6 node $P6 is ping" lab_wait 5 lab_out_is ping ping_status node1 "$P6"
is "listnodes -p" "$(lab_cl_status node1 listnodes -p | sort | tr '\n' ' ')" "$(printf '%s\n' "$P" "$P6" pg1 | sort | tr '\n' ' ')"
is "listnodes -n" "$(lab_cl_status node1 listnodes -n | sort | tr '\n' ' ')" "node1 node2 "
is "nodetype of the ping node" "$(lab_cl_status node1 nodetype "$P" | tr -d ' \n')" ping
is "nodetype of the peer" "$(lab_cl_status node1 nodetype node2 | tr -d ' \n')" normal
ok_if "log: Status update for node $P: status ping" hbd_has node1 "Status update for node $P: status ping"
ok_if "log: Link $P:$P up. (as 3.0.6)" hbd_has node1 "info: Link $P:$P up\\.$"
is "hblinkstatus pg1 $P" "$(lab_cl_status node1 hblinkstatus pg1 "$P" | tr -d ' \n')" up
is "hblinkstatus pg1 192.0.2.99 (never answers)" "$(lab_cl_status node1 hblinkstatus pg1 192.0.2.99 | tr -d ' \n')" dead

# --- 2. node1's view of the ping nodes' links
is "listhblinks of the group: its addresses" "$(hbd_links node1 pg1 | tr ' ' '\n' | sort | tr '\n' ' ')" "$P 192.0.2.99 "

# --- 3.
t0=$(lab_now_ms)
ping_block node1 "$P"
ok_if "node1: $P goes dead" lab_wait 10 lab_out_is dead ping_status node1 "$P"
ms=$(( $(lab_now_ms) - t0 ))
ok_if "... within deadping + 2 s ($ms ms)" test "$ms" -le 4000
ok_if "node1: pg1 goes dead" lab_wait 5 lab_out_is dead ping_status node1 pg1
is "node2 still sees $P" "$(ping_status node2 "$P")" ping
is "node1 still sees $P6 over IPv6 (only ICMPv4 is blocked)" "$(ping_status node1 "$P6")" ping
is "node1 still sees node2 active" "$(hbd_status node1 node2)" active
ok_if "node1 logged the death" hbd_has node1 "node $P: is dead"
ok_if "the link goes dead after deadtime (3.0.6: Link X:X dead.)" lab_wait 5 hbd_has node1 "info: Link $P:$P dead\\.$"

# --- 4.
ping_unblock node1
ok_if "node1: $P is ping again" lab_wait 10 lab_out_is ping ping_status node1 "$P"
ok_if "node1: pg1 is ping again" lab_wait 5 lab_out_is ping ping_status node1 pg1
lab_exit
