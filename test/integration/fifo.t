#!/usr/bin/env bash
# fifo.t: a classic message written into node1's /var/lib/heartbeat/fifo (as
# hb_standby, mach_down and friends do) goes to the cluster: on the wire
# (captured on the switch) node1 sends node2 a signed netstring message with
# t=hbtest foo=bar, src=node1 and a sequence number S; node1's next status
# carries S+1, and node2 reports no lost packet and no bad packet, so node2
# accepted S in order. (heartbeatd has no consumer of such messages yet, so
# the capture plus node2's sequence tracking is how delivery is observed.)
# Two messages in one write both go out; a message without t= is refused
# with `bad message in FIFO: no t= field` and nothing else changes.
# timeout: 90
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"

lab_init
lab_add_node node1
lab_add_node node2
hbd_config "node1 node2" "ucast eth0 $(lab_ip node1)" "ucast eth0 $(lab_ip node2)"
ok_if "node1: heartbeatd started" hbd_start node1
ok_if "node2: heartbeatd started" hbd_start node2
hbd_ok_active node1 node2 eth0
hbd_ok_active node2 node1 eth0
ok_if "node1's FIFO exists (mode 600)" \
    lab_exec node1 sh -c 'test -p /var/lib/heartbeat/fifo && [ "$(stat -c %a /var/lib/heartbeat/fifo)" = 600 ]'

# payloads: the node1 -> node2 datagrams of the capture, one per line
# (the netstring fields are printable text)
payloads() {
    hbd_pcap_payloads "udp and src host $(lab_ip node1) and dst host $(lab_ip node2) and dst port 694" |
        grep -a '(0)t='
}
hexseq() { sed -n 's/.*,[0-9]*:(0)seq=\([0-9a-f]*\),.*/\1/p'; }

m1=$(hbd_lines node1) m2=$(hbd_lines node2)
lab_pcap_start
sleep 0.6
ok_if "a message written into node1's FIFO" \
    lab_exec_t 5 node1 sh -c "printf '>>>\nt=hbtest\nfoo=bar\n<<<\n' > /var/lib/heartbeat/fifo"
sleep 1.5   # the next status (keepalive 500 ms) follows it
ok_if "two messages in one write" \
    lab_exec_t 5 node1 sh -c "printf '>>>\nt=hbtest2\nn=1\n<<<\n>>>\nt=hbtest2\nn=2\n<<<\n' > /var/lib/heartbeat/fifo"
sleep 1.5
lab_pcap_stop

msg=$(payloads | grep -a 't=hbtest,' | head -n 1)
diag "captured: ${msg:0:160}"
ok_if "node1 sent it to node2 (t=hbtest, foo=bar, src=node1)" \
    sh -c 'case "$1" in *"11:(0)t=hbtest,10:(0)foo=bar,"*"12:(0)src=node1,"*) exit 0;; esac; exit 1' _ "$msg"
ok_if "it carries a generation, a timestamp and a sha1 digest" \
    sh -c 'case "$1" in *",14:(0)hg="*",14:(0)ts="*",50:(0)auth=1 "*) exit 0;; esac; exit 1' _ "$msg"
s=$(printf '%s\n' "$msg" | hexseq)
ok_if "it has a sequence number ($s)" test -n "$s"
next=$(payloads | hexseq | grep -x -A1 "${s:-none}" | sed -n 2p)
is "the next message from node1 carries the next sequence number" "$next" "$(printf '%x' $((16#${s:-0} + 1)))"
is "the message was sent once (no retransmission needed)" "$(payloads | grep -ac 't=hbtest,')" 1
two=$(payloads | grep -a 't=hbtest2,' | sed -n 's/.*,[0-9]*:(0)n=\([12]\),.*/\1/p' | tr '\n' ' ')
is "both messages of one write went out, in order" "$two" "1 2 "
ok_if "node2 lost nothing from node1 and rejected nothing" \
    sh -c "! tail -n +$((m2 + 1)) '$(lab_log node2)' | grep -nE 'lost packet|bad packet|ERROR|CRIT'"
ok_if "node1 logged no error for the FIFO messages" \
    sh -c "! tail -n +$((m1 + 1)) '$(lab_log node1)' | grep -nE 'ERROR|CRIT'"

# --- a message without a type is refused
lab_exec_t 5 node1 sh -c "printf '>>>\nfoo=bar\n<<<\n' > /var/lib/heartbeat/fifo"
ok_if "node1 logs 'bad message in FIFO: no t= field'" \
    lab_wait 3 hbd_has node1 'ERROR: bad message in FIFO: no t= field'
ok_if "node1's daemon keeps running" hbd_running node1
ok_if "node2 still active on node1" lab_out_is active lab_cl_status node1 nodestatus node2
ok_if "node1 still active on node2" lab_out_is active lab_cl_status node2 nodestatus node1
lab_exit
