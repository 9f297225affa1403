#!/usr/bin/env bash
# loss.t: 30 % random loss of incoming UDP on both nodes for 30 s (both
# directions). Nobody is falsely declared dead: nodestatus stays `active` on
# both nodes at every 0.1 s sample and neither log says "is dead". Lost
# packets are noticed (`N lost packet(s) for [peer]`) and retransmission
# fills the gaps (`No pkts missing from peer!`). After the loss stops, every
# gap gets filled (each node's last gap-related line is "No pkts missing"),
# and no new gap opens afterwards.
#
# Timers: keepalive 250 ms, deadtime 3 s. With keepalive 500 ms a false
# death needs only 5-6 consecutive lost status packets: at 30 % loss over
# 60 packets per direction that happens in roughly 5-20 % of runs (3.0.6
# counts only status messages as signs of life, and a run of lost statuses is
# invisible to retransmission until a later one arrives). 3 s of silence at
# 250 ms is 12 losses in a row: ~2e-4 per run. (LOSS_KEEPALIVE=500ms runs
# it with the slower heartbeat.)
# timeout: 150
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"

LOSS=30 LOSS_S=30
HBD_KEEPALIVE=${LOSS_KEEPALIVE:-250ms} HBD_DEADTIME=3 HBD_WARNTIME=2 HBD_INITDEAD=6
lab_init
lab_add_node node1
lab_add_node node2
hbd_config "node1 node2" "ucast eth0 $(lab_ip node1)" "ucast eth0 $(lab_ip node2)"

t_start=$(lab_now_ms)
ok_if "node1: heartbeatd started" hbd_start node1
ok_if "node2: heartbeatd started" hbd_start node2
hbd_ok_active node1 node2 eth0
hbd_ok_active node2 node1 eth0
hbd_wait_past_startup "$t_start"

# gap_settled NODE PEER: the last gap-related line about PEER in NODE's log
# is "No pkts missing from PEER!" (the engine logs it when PEER's missing
# list becomes empty), i.e. nothing is missing now.
gap_settled() {
    local last
    last=$(grep -E "lost packet\(s\) for \[$2\]|No pkts missing from $2!|Irretrievably lost packet: node $2 " \
        "$(lab_log "$1")" | tail -n 1)
    [[ $last == *"No pkts missing from $2!" ]]
}

# --- the lossy period
diag "loss $LOSS % on both nodes for $LOSS_S s"
ok_if "loss on node1" lab_loss node1 "$LOSS"
ok_if "loss on node2" lab_loss node2 "$LOSS"
t_loss=$(lab_now_ms)
ok_if "both stay active at every 0.1 s sample for $LOSS_S s" \
    hbd_stays_active "$LOSS_S" node1:node2 node2:node1
for n in node1 node2; do
    dropped=$(ip netns exec "$(lab_ns "$n")" nft list table inet hblab_loss 2>/dev/null |
        sed -n 's/.*counter packets \([0-9]*\).*/\1/p')
    diag "$n: nft dropped ${dropped:-?} packets"
    ok_if "$n: the loss rule dropped packets" test "${dropped:-0}" -gt 10
done
lab_loss node1 0 off
lab_loss node2 0 off
t_off=$(lab_now_ms)
diag "loss off after $(( $(lab_now_ms) - t_loss )) ms"

lost1=$(hbd_count node1 'WARN: [0-9]+ lost packet\(s\) for \[node2\]')
lost2=$(hbd_count node2 'WARN: [0-9]+ lost packet\(s\) for \[node1\]')
fill1=$(hbd_count node1 'info: No pkts missing from node2!')
fill2=$(hbd_count node2 'info: No pkts missing from node1!')
diag "node1: $lost1 gap lines, $fill1 'No pkts missing'; node2: $lost2 gap lines, $fill2 'No pkts missing'"
ok_if "node1 noticed lost packets from node2 ($lost1)" test "$lost1" -ge 5
ok_if "node2 noticed lost packets from node1 ($lost2)" test "$lost2" -ge 5
ok_if "node1: retransmissions filled gaps ($fill1)" test "$fill1" -ge 1
ok_if "node2: retransmissions filled gaps ($fill2)" test "$fill2" -ge 1

# --- after the loss: every gap closes, and stays closed.
# Packets dropped just before the loss stopped leave a gap the receiver
# notices only when the peer's next sequenced packet arrives, one keepalive
# later; after 2 keepalives (+0.5 s) every gap the loss made is known, and
# the last gap-related line must become (and stay) "No pkts missing".
ka_ms=$(( ${HBD_KEEPALIVE%ms} ))
hbd_sleep_ms $(( t_off + 2 * ka_ms + 500 - $(lab_now_ms) ))
ok_if "node1: nothing missing from node2 any more" lab_wait 10 gap_settled node1 node2
ok_if "node2: nothing missing from node1 any more" lab_wait 10 gap_settled node2 node1
m1=$(hbd_lines node1) m2=$(hbd_lines node2)
sleep 3
is "node1: no new gap in 3 s without loss" \
    "$(hbd_since node1 "$m1" | grep -c 'lost packet')" 0
is "node2: no new gap in 3 s without loss" \
    "$(hbd_since node2 "$m2" | grep -c 'lost packet')" 0
for n in node1 node2; do
    ok_if "$n: no death, restart, partition, irretrievable loss or CRIT" \
        hbd_hasnt "$n" 'is dead|Heartbeat restart on|returning after partition|Irretrievably|lost a lot|CRIT:'
done
ok_if "both still active" hbd_stays_active 1 node1:node2 node2:node1
lab_exit
