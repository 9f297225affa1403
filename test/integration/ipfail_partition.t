#!/usr/bin/env bash
# ipfail_partition.t: a partition without STONITH but with a ping node
# (ipfail's partition rule, res/ipfail.h). VIP group owned by node1, ipfail
# on both nodes, ping node = the lab client.
#
# 1. Boot: node1 holds the VIP.
# 2. node1 is cut from both node2 and the ping node (nftables drops all of
#    node1's traffic with them; node2 still reaches the client): node2 takes
#    the VIP, node1 gives it up (it sees no ping node and its peer is dead),
#    and keeps not holding it; node1 logged why.
# 3. A sampler never sees the VIP on both nodes for longer than the gap
#    between deadping and deadtime allows (here: never, deadping < deadtime).
# 4. The mirror case: the cut is lifted and instead node2 is cut from node1
#    and the client: node1 gets the VIP back and node2 holds nothing.
# timeout: 150
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"
source "$(dirname "$0")/../lib/failover.sh"
source "$(dirname "$0")/../lib/ping.sh"

# cut NODE ADDR...: NODE exchanges no packets at all with ADDR... (both ways)
cut() {
    local n=$1 a set=''; shift
    for a in "$@"; do set+="${set:+, }$a"; done
    ip netns exec "$(lab_ns "$n")" nft -f - <<NFT
table inet hbcut
delete table inet hbcut
table inet hbcut {
    chain in {
        type filter hook input priority filter; policy accept;
        ip saddr { $set } counter drop
    }
    chain out {
        type filter hook output priority filter; policy accept;
        ip daddr { $set } counter drop
    }
}
NFT
}
uncut() { ip netns exec "$(lab_ns "$1")" nft delete table inet hbcut 2>/dev/null; true; }

lab_init
fo_add_nodes hbd hbd
P=$(lab_ip client)
fo_config on "node1 IPaddr::$FO_VIP/24/eth0" "ping $P" "deadping 1" "ipfail on"

SAMPLES=$LAB_DIR/vip-samples
( for ((i = 0; i < 1300; i++)); do fo_has_vip node1 && fo_has_vip node2 && echo "both $(date +%T.%N)"; sleep 0.1; done ) \
    > "$SAMPLES" 2>/dev/null &
SAMPLER=$!
lab_on_cleanup sh -c "kill $SAMPLER 2>/dev/null; true"

# --- 1.
fo_start_pair
ok_if "node1 holds the VIP" lab_wait 30 fo_has_vip node1
ok_if "both nodes settled" lab_wait 15 eval 'fo_stable node1 && fo_stable node2'
ok_if "both see the ping node" lab_wait 10 eval "[ \"\$(ping_status node1 $P)\" = ping ] && [ \"\$(ping_status node2 $P)\" = ping ]"
hbd_wait_past_startup "$FO_T_START"

# --- 2.
t0=$(lab_now_ms)
cut node1 "$(lab_ip node2)" "$P"
ok_if "node2 takes the VIP" lab_wait $((FO_DEADTIME + 10)) fo_has_vip node2
diag "VIP on node2 $(( $(lab_now_ms) - t0 )) ms after the cut"
ok_if "node1 gave it up" lab_wait 5 eval '! fo_has_vip node1'
ok_if "node1 sees node2 dead" lab_wait 5 lab_out_is dead hbd_status node1 node2
kept=0
for ((i = 0; i < 50; i++)); do
    fo_has_vip node2 && ! fo_has_vip node1 || { kept=1; break; }
    sleep 0.1
done
is "only node2 holds the VIP for the next 5 s" "$kept" 0
ok_if "node1 logged why" hbd_has node1 'No ping node reachable and the other node is dead'
is "node1: rscstatus" "$(fo_rsc node1)" none

# --- 4.
uncut node1
ok_if "partition healed: node1 sees node2 again" lab_wait 15 lab_out_is active hbd_status node1 node2
ok_if "the VIP settles on exactly one node" lab_wait 20 eval '[ "$(fo_has_vip node1 && echo 1)$(fo_has_vip node2 && echo 2)" = 1 ] || [ "$(fo_has_vip node1 && echo 1)$(fo_has_vip node2 && echo 2)" = 2 ]'
ok_if "both settled after the heal" lab_wait 20 eval 'fo_stable node1 && fo_stable node2'
cut node2 "$(lab_ip node1)" "$P"
ok_if "mirror: node1 holds the VIP" lab_wait $((FO_DEADTIME + 10)) fo_has_vip node1
ok_if "mirror: node2 holds nothing" lab_wait 5 eval '! fo_has_vip node2'

# --- 3.
kill "$SAMPLER" 2>/dev/null
both=$(grep -c both "$SAMPLES")
is "the VIP was never seen on both nodes" "$both" 0
[ "$both" -eq 0 ] || diag "$(head -5 "$SAMPLES")"
lab_exit
