#!/usr/bin/env bash
# failover_crash.t: the demo cluster (test/lib/failover.sh: VIP 192.0.2.100,
# an ext4 disk on a loop device mounted on /srv/www, lighttpd) with
# `auto_failback on`, both nodes heartbeatd.
#
# 1. After the usual boot (both start, 3.0.6's 10 s RQSTDELAY) the client
#    gets the page through the VIP from node1; node1 runs the VIP, the mount
#    and lighttpd, node2 none of them; cl_status rscstatus says `local` on
#    both (3.0.6: a node that took its - empty - local set holds `local`).
# 2. kill -9 of node1's whole PID namespace (lab_crash): no mount namespace
#    keeps the disk mounted; node2 serves within deadtime + 2 s of the kill
#    (measured to the first page; printed with death detection and VIP
#    times); node2's rscstatus becomes `all`.
# 3. The client's neighbour entry for the VIP switches to node2's MAC, and
#    node2's gratuitous ARP frames for the VIP are on the wire.
# 4. A sampler (every 100 ms, the whole test) never sees the disk mounted or
#    the VIP configured on both nodes.
# 5. node1 restarts: failback (auto_failback on): node1 serves again, node2
#    runs nothing, rscstatus local/local, the neighbour entry is node1's.
# timeout: 150
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"
source "$(dirname "$0")/../lib/failover.sh"

lab_init
fo_disk_create
fo_add_nodes hbd hbd
fo_config on "$(fo_group1)"
MAC1=$(fo_mac node1) MAC2=$(fo_mac node2)
lab_pcap_start
fo_sampler_start 140

# --- 1. boot
fo_start_pair
ok_if "node1 serves the page through the VIP" fo_wait_served_by node1 30
diag "node1 serving $(( $(lab_now_ms) - FO_T_START )) ms after the start"
ok_if "both nodes report a settled rscstatus" lab_wait 10 eval 'fo_stable node1 && fo_stable node2'
is "node1: cl_status rscstatus" "$(fo_rsc node1)" local
is "node2: cl_status rscstatus" "$(fo_rsc node2)" local
ok_if "node1 runs the group (VIP, /srv/www mounted, lighttpd)" fo_active node1
ok_if "node2 runs none of it" fo_idle node2
is "client: the VIP's neighbour entry is node1's MAC" "$(fo_neigh_mac)" "$MAC1"

# --- 2. power cut of node1 (after its first 5 s: it advertises its real deadtime)
hbd_wait_past_startup "$FO_T_START"
t_kill=$(lab_now_ms)
fo_crash node1
is "no mount namespace keeps $FO_DEV mounted after the crash" "$(fo_disk_holders)" 0
ok_if "node2 serves after the crash" fo_watch_failover node2 node1 $((FO_DEADTIME + 8))
served_ms=$(( ${FO_T_SERVED:-$(lab_now_ms)} - t_kill ))
diag "failover: kill -> node2 declares node1 dead $(( ${FO_T_DEAD:-0} - t_kill )) ms," \
    "-> VIP on node2 $(( ${FO_T_VIP:-0} - t_kill )) ms, -> first page from node2 $served_ms ms"
ok_if "first page from node2 within deadtime + 2 s of the kill ($served_ms ms)" \
    test "$served_ms" -le $(( FO_DEADTIME * 1000 + 2000 ))
ok_if "node2 runs the group" fo_active node2
ok_if "node2: rscstatus all" lab_wait 10 lab_out_is all fo_rsc node2
ok_if "node2 logged the takeover" hbd_has node2 'info: mach_down takeover complete for node node1\.$'

# --- 3. gratuitous ARP
ok_if "client: the VIP's neighbour entry switched to node2's MAC" lab_wait 2 lab_out_is "$MAC2" fo_neigh_mac
# ARP frames from node2 whose sender address is the VIP (request and reply)
garp="arp and ether src $MAC2 and arp[14:4] = 0x$(printf '%02x' ${FO_VIP//./ })"
ok_if "node2 sent gratuitous ARP for the VIP" lab_wait 3 eval '[ "$(hbd_pcap_count "$garp")" -ge 2 ]'
diag "gratuitous ARP frames from node2 so far: $(hbd_pcap_count "$garp")"

# --- 5. node1 returns: failback
t_back=$(lab_now_ms)
ok_if "node1: heartbeatd restarted" fo_start node1
ok_if "failback: node1 serves again" fo_wait_served_by node1 20
diag "failback: node1 serving $(( $(lab_now_ms) - t_back )) ms after its restart"
ok_if "node2 runs nothing after the failback" lab_wait 5 fo_idle node2
ok_if "rscstatus local on both after the failback" \
    lab_wait 10 eval '[ "$(fo_rsc node1)" = local ] && [ "$(fo_rsc node2)" = local ]'
ok_if "client: the VIP's neighbour entry is node1's MAC again" lab_wait 3 lab_out_is "$MAC1" fo_neigh_mac

# --- 4. never on both nodes
ok_if "the disk and the VIP were never active on both nodes (100 ms samples)" fo_sampler_stop
ok_if "node1: no ERROR/CRIT in its log" hbd_hasnt node1 'ERROR:|CRIT:'
ok_if "node2: no ERROR/CRIT in its log" hbd_hasnt node2 'ERROR:|CRIT:'
lab_exit
