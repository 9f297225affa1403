#!/usr/bin/env bash
# media_ucast.t: two heartbeatd nodes over ucast alone (one ha.cf naming both
# addresses, copied to both nodes; the line with a node's own address just
# loops back). Both become active, the single link eth0 is up, and on the
# wire every heartbeat is a unicast UDP datagram between the two addresses
# (no broadcast, no multicast).
# timeout: 90
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"

lab_init
lab_add_node node1
lab_add_node node2
hbd_config "node1 node2" "ucast eth0 $(lab_ip node1)" "ucast eth0 $(lab_ip node2)"
is "node1 and node2 use the same ha.cf" \
    "$(md5sum < "$(lab_node_dir node1)/etc/ha.cf")" "$(md5sum < "$(lab_node_dir node2)/etc/ha.cf")"

lab_pcap_start
hbd_media_pair eth0
lab_pcap_stop

n12=$(hbd_pcap_count 'udp and src host 192.0.2.1 and dst host 192.0.2.2 and dst port 694')
n21=$(hbd_pcap_count 'udp and src host 192.0.2.2 and dst host 192.0.2.1 and dst port 694')
other=$(hbd_pcap_count 'udp and (ip broadcast or ip multicast or ip6)')
diag "pcap: $n12 node1->node2, $n21 node2->node1, $other broadcast/multicast/v6 UDP"
# 4 s + start-up at keepalive 500 ms: well over 8 status packets each way.
ok_if "node1 sent unicast heartbeats to node2 ($n12)" test "$n12" -ge 8
ok_if "node2 sent unicast heartbeats to node1 ($n21)" test "$n21" -ge 8
is "no broadcast, multicast or IPv6 UDP on the LAN" "$other" 0
lab_exit
