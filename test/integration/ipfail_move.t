#!/usr/bin/env bash
# ipfail_move.t: the built-in ipfail on two heartbeatd nodes, a VIP group
# owned by node1 (IPaddr 192.0.2.100), auto_failback on, ping node = the lab
# client. node1 switches ipfail on the 3.0.6 way (`respawn hacluster
# /usr/lib/heartbeat/ipfail`), node2 with heartbeatd's `ipfail on`.
#
# 1. Boot: node1 holds the VIP; node1 logs that it provides ipfail natively.
# 2. node1 loses the ping node (nftables drops ICMP to/from the client, the
#    cluster link stays up): node2 holds the VIP within deadping + 10 s,
#    node1 holds nothing (rscstatus none/all); node1 logged the give-up.
# 3. node1 reaches the ping node again: the VIP returns to node1
#    (auto_failback on), rscstatus local/local.
# 4. Both nodes lose the ping node: nothing moves for 10 s.
# 5. A sampler never sees the VIP on both nodes.
# timeout: 150
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"
source "$(dirname "$0")/../lib/failover.sh"
source "$(dirname "$0")/../lib/ping.sh"

lab_init
fo_add_nodes hbd hbd
P=$(lab_ip client)
fo_config on "node1 IPaddr::$FO_VIP/24/eth0" "ping $P" "deadping 1"
# The two ways to switch ipfail on.
echo "respawn hacluster /usr/lib/heartbeat/ipfail" >> "$(lab_node_dir node1)/etc/ha.cf"
echo "ipfail on" >> "$(lab_node_dir node2)/etc/ha.cf"

both_vip() { fo_has_vip node1 && fo_has_vip node2; }
SAMPLES=$LAB_DIR/vip-samples
( for ((i = 0; i < 1300; i++)); do both_vip && echo "both $(date +%T.%N)"; sleep 0.1; done ) > "$SAMPLES" 2>/dev/null &
SAMPLER=$!
lab_on_cleanup sh -c "kill $SAMPLER 2>/dev/null; true"

# --- 1.
fo_start_pair
ok_if "node1 holds the VIP" lab_wait 30 fo_has_vip node1
ok_if "both nodes settled" lab_wait 15 eval 'fo_stable node1 && fo_stable node2'
ok_if "node1 logged that heartbeatd provides ipfail natively" \
    hbd_has node1 'respawn hacluster /usr/lib/heartbeat/ipfail: heartbeatd provides ipfail natively'
ok_if "both see the ping node" lab_wait 10 eval "[ \"\$(ping_status node1 $P)\" = ping ] && [ \"\$(ping_status node2 $P)\" = ping ]"

# --- 2.
t0=$(lab_now_ms)
ping_block node1 "$P"
ok_if "node2 takes the VIP after node1 lost its ping node" lab_wait 11 fo_has_vip node2
diag "VIP on node2 $(( $(lab_now_ms) - t0 )) ms after the block"
ok_if "node1 no longer holds the VIP" lab_wait 5 eval '! fo_has_vip node1'
ok_if "rscstatus none / all" lab_wait 10 eval '[ "$(fo_rsc node1)" = none ] && [ "$(fo_rsc node2)" = all ]'
ok_if "node1 logged the give-up" hbd_has node1 'ipfail: Giving up because we (were told that we )?have less'
ok_if "node2 logged the count comparison" hbd_has node2 'ipfail: Telling other node that we have more visible ping nodes'

# --- 3.
t0=$(lab_now_ms)
ping_unblock node1
ok_if "the VIP returns to node1 (auto_failback on)" lab_wait 20 fo_has_vip node1
diag "VIP back on node1 $(( $(lab_now_ms) - t0 )) ms after the unblock"
ok_if "node2 released it" lab_wait 5 eval '! fo_has_vip node2'
ok_if "rscstatus local / local" lab_wait 10 eval '[ "$(fo_rsc node1)" = local ] && [ "$(fo_rsc node2)" = local ]'

# --- 4.
ping_block node1 "$P"
ping_block node2 "$P"
ok_if "both lose the ping node" lab_wait 10 eval "[ \"\$(ping_status node1 $P)\" = dead ] && [ \"\$(ping_status node2 $P)\" = dead ]"
moved=0
for ((i = 0; i < 100; i++)); do
    fo_has_vip node1 && ! fo_has_vip node2 || { moved=1; break; }
    sleep 0.1
done
is "nothing moves for 10 s when both lose it" "$moved" 0
is "rscstatus still local / local" "$(fo_rsc node1)/$(fo_rsc node2)" local/local

# --- 5.
kill "$SAMPLER" 2>/dev/null
is "the VIP was never on both nodes" "$(grep -c both "$SAMPLES")" 0
lab_exit
