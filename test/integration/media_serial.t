#!/usr/bin/env bash
# media_serial.t: two heartbeatd nodes over a serial line alone (a socat pty
# pair stands in for the null-modem cable; `baud 19200` before `serial`, each
# node's ha.cf names its own end). Both become active, the single link (named
# after the device) is up, and no heartbeat goes over the LAN.
# timeout: 90
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"

lab_init
lab_add_node node1
lab_add_node node2
lab_serial_pair >/dev/null
diag "serial pair: node1 $LAB_SERIAL_A, node2 $LAB_SERIAL_B"
hbd_config node1 "baud 19200" "serial $LAB_SERIAL_A"
hbd_config node2 "baud 19200" "serial $LAB_SERIAL_B"
ok_if "node1 sees its end of the line" lab_exec node1 test -c "$LAB_SERIAL_A"

lab_pcap_start
t0=$(lab_now_ms)
ok_if "node1: heartbeatd started" hbd_start node1
ok_if "node2: heartbeatd started" hbd_start node2
hbd_ok_active node1 node2 "$LAB_SERIAL_A"
hbd_ok_active node2 node1 "$LAB_SERIAL_B"
diag "both active after $(( $(lab_now_ms) - t0 )) ms"
is "node1: the only link to node2 is $LAB_SERIAL_A" "$(hbd_links node1 node2)" "$LAB_SERIAL_A"
is "node2: the only link to node1 is $LAB_SERIAL_B" "$(hbd_links node2 node1)" "$LAB_SERIAL_B"
sleep 4
ok_if "node1 still sees node2 active" lab_out_is active lab_cl_status node1 nodestatus node2
ok_if "node2 still sees node1 active" lab_out_is active lab_cl_status node2 nodestatus node1
ok_if "node2: link still up" lab_out_is up lab_cl_status node2 hblinkstatus node1 "$LAB_SERIAL_B"
hbd_clean_log node1
hbd_clean_log node2
lab_pcap_stop
is "no UDP on the LAN" "$(hbd_pcap_count udp)" 0
lab_exit
