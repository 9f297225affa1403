#!/usr/bin/env bash
# media_mcast.t: two heartbeatd nodes over mcast alone (group 239.192.0.1,
# port 694, ttl 1, loop 0). Both become active, the single link eth0 is up,
# and on the wire the heartbeats go to 239.192.0.1:694 with IP TTL 1.
# timeout: 90
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"

lab_init
lab_add_node node1
lab_add_node node2
hbd_config "node1 node2" "mcast eth0 239.192.0.1 694 1 0"

lab_pcap_start
hbd_media_pair eth0
lab_pcap_stop

n1=$(hbd_pcap_count 'udp and src host 192.0.2.1 and dst host 239.192.0.1 and dst port 694')
n2=$(hbd_pcap_count 'udp and src host 192.0.2.2 and dst host 239.192.0.1 and dst port 694')
ttl1=$(hbd_pcap_count 'udp and dst host 239.192.0.1 and ip[8] = 1')
other=$(hbd_pcap_count 'udp and not dst host 239.192.0.1')
diag "pcap: node1 $n1, node2 $n2 to the group, $ttl1 with TTL 1; $other other UDP"
ok_if "node1 multicast its heartbeats ($n1)" test "$n1" -ge 8
ok_if "node2 multicast its heartbeats ($n2)" test "$n2" -ge 8
is "every multicast heartbeat has IP TTL 1" "$ttl1" "$((n1 + n2))"
is "no other UDP on the LAN" "$other" 0
lab_exit
