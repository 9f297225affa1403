#!/usr/bin/env bash
# media_mcast6.t: two heartbeatd nodes over mcast6 alone (group ff15::694,
# port 694, hops 1, loop 0). Both become active, the single link eth0 is up,
# and the heartbeats go from the nodes' 2001:db8:: addresses to ff15::694:694
# with hop limit 1 (no IPv4 heartbeats).
# timeout: 90
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"

GROUP=ff15::694
lab_init
lab_add_node node1
lab_add_node node2
hbd_config "node1 node2" "mcast6 eth0 $GROUP 694 1 0"

lab_pcap_start
hbd_media_pair eth0
lab_pcap_stop

n1=$(hbd_pcap_count "ip6 and udp and dst host $GROUP and dst port 694 and src host $(lab_ip node1 v6)")
n2=$(hbd_pcap_count "ip6 and udp and dst host $GROUP and dst port 694 and src host $(lab_ip node2 v6)")
hop1=$(hbd_pcap_count "ip6 and udp and dst host $GROUP and ip6[7] = 1")
all=$(hbd_pcap_count "ip6 and udp and dst host $GROUP")
v4=$(hbd_pcap_count 'ip and udp')
diag "pcap: node1 $n1, node2 $n2 to $GROUP ($all in all, $hop1 with hop limit 1); $v4 IPv4 UDP"
ok_if "node1 multicast its heartbeats from its 2001:db8:: address ($n1)" test "$n1" -ge 8
ok_if "node2 multicast its heartbeats from its 2001:db8:: address ($n2)" test "$n2" -ge 8
is "every heartbeat to the group has hop limit 1" "$hop1" "$all"
is "no IPv4 UDP on the LAN" "$v4" 0
lab_exit
