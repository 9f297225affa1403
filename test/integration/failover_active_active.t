#!/usr/bin/env bash
# failover_active_active.t: two groups, one per node, `auto_failback on`
# (heartbeat's man page / haresources: each node runs its own group; the
# survivor runs both; a returning node gets its own group back):
#   A (node1): the demo group (VIP 192.0.2.100, the shared disk, lighttpd)
#   B (node2): IPaddr 192.0.2.101 + hbDummy::beta
# Boot: A on node1, B on node2 (rscstatus local/local; the client reaches
# both VIPs). Crash of node1: node2 runs both (rscstatus all) and serves the
# page within deadtime + 2 s; node1 back: one each again. The same with
# node2 crashing. The disk and each VIP are never on both nodes.
# timeout: 150
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"
source "$(dirname "$0")/../lib/failover.sh"

lab_init
fo_disk_create
fo_add_nodes hbd hbd
fo_config on "$(fo_group1)
$(fo_group2)"
FO_SAMPLE_VIPS="$FO_VIP $FO_VIP2"
fo_sampler_start 140
ping_b() { lab_exec_t 3 client ping -c 1 -W 1 "$FO_VIP2" >/dev/null; }

fo_start_pair
ok_if "boot: A on node1, B on node2, rscstatus local/local" \
    lab_wait 30 lab_out_is "A=node1 B=node2 rsc=local/local" fo_placement
ok_if "the client gets the page from node1" fo_served_by node1
ok_if "the client reaches B's VIP" ping_b
hbd_wait_past_startup "$FO_T_START"

# cycle GONE SURVIVOR: crash GONE, SURVIVOR runs both; GONE back, one each
cycle() {
    local gone=$1 surv=$2 t_kill ms all_rsc t_back
    if [ "$surv" = node2 ]; then all_rsc='none/all'; else all_rsc='all/none'; fi
    t_kill=$(lab_now_ms)
    fo_crash "$gone"
    ok_if "crash of $gone: $surv runs both groups" \
        lab_wait $((FO_DEADTIME + 8)) lab_out_is "A=$surv B=$surv rsc=${all_rsc/none/}" fo_placement
    diag "crash of $gone: both groups on $surv $(( $(lab_now_ms) - t_kill )) ms after the kill"
    ok_if "the client gets the page from $surv" lab_wait 3 fo_served_by "$surv"
    ms=$(( $(lab_now_ms) - t_kill ))
    ok_if "page from $surv within deadtime + 2 s of the kill ($ms ms)" test "$ms" -le $(( FO_DEADTIME * 1000 + 2000 ))
    ok_if "the client reaches B's VIP" ping_b
    t_back=$(lab_now_ms)
    ok_if "$gone: heartbeatd restarted" fo_start "$gone"
    ok_if "$gone back: A on node1, B on node2, rscstatus local/local" \
        lab_wait 20 lab_out_is "A=node1 B=node2 rsc=local/local" fo_placement
    diag "$gone back: one group each $(( $(lab_now_ms) - t_back )) ms after its restart"
    ok_if "the client gets the page from node1" lab_wait 3 fo_served_by node1
    ok_if "the client reaches B's VIP" lab_wait 3 ping_b
    hbd_wait_past_startup "$t_back"
}
cycle node1 node2
cycle node2 node1

ok_if "the disk and the VIPs were never active on both nodes (100 ms samples)" fo_sampler_stop
ok_if "node1: no ERROR/CRIT in its log" hbd_hasnt node1 'ERROR:|CRIT:'
ok_if "node2: no ERROR/CRIT in its log" hbd_hasnt node2 'ERROR:|CRIT:'
lab_exit
