#!/usr/bin/env bash
# media_bcast.t: two heartbeatd nodes over bcast alone. Both become active,
# the single link eth0 is up, and on the wire the heartbeats go to the LAN's
# broadcast address 192.0.2.255:694 from both nodes (nothing unicast).
# timeout: 90
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"

lab_init
lab_add_node node1
lab_add_node node2
hbd_config "node1 node2" "bcast eth0"

lab_pcap_start
hbd_media_pair eth0
lab_pcap_stop

n1=$(hbd_pcap_count 'udp and src host 192.0.2.1 and dst host 192.0.2.255 and dst port 694')
n2=$(hbd_pcap_count 'udp and src host 192.0.2.2 and dst host 192.0.2.255 and dst port 694')
other=$(hbd_pcap_count 'udp and not dst host 192.0.2.255')
diag "pcap: node1 $n1, node2 $n2 broadcasts; $other other UDP"
ok_if "node1 broadcast its heartbeats ($n1)" test "$n1" -ge 8
ok_if "node2 broadcast its heartbeats ($n2)" test "$n2" -ge 8
is "no other UDP on the LAN" "$other" 0
lab_exit
