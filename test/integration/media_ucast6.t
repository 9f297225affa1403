#!/usr/bin/env bash
# media_ucast6.t: two heartbeatd nodes over ucast6 alone (one ha.cf naming
# both 2001:db8:: addresses, copied to both nodes). Both become active, the
# single link eth0 is up, and the heartbeats are IPv6 unicast UDP on port 694
# (no IPv4 heartbeats at all).
# timeout: 90
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"

lab_init
lab_add_node node1
lab_add_node node2
a1=$(lab_ip node1 v6) a2=$(lab_ip node2 v6)
hbd_config "node1 node2" "ucast6 eth0 $a1" "ucast6 eth0 $a2"

lab_pcap_start
hbd_media_pair eth0
lab_pcap_stop

n12=$(hbd_pcap_count "ip6 and udp and src host $a1 and dst host $a2 and dst port 694")
n21=$(hbd_pcap_count "ip6 and udp and src host $a2 and dst host $a1 and dst port 694")
v4=$(hbd_pcap_count 'ip and udp')
diag "pcap: $n12 node1->node2, $n21 node2->node1 over IPv6; $v4 IPv4 UDP"
ok_if "node1 sent IPv6 unicast heartbeats to node2 ($n12)" test "$n12" -ge 8
ok_if "node2 sent IPv6 unicast heartbeats to node1 ($n21)" test "$n21" -ge 8
is "no IPv4 UDP on the LAN" "$v4" 0
lab_exit
