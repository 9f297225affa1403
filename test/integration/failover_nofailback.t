#!/usr/bin/env bash
# failover_nofailback.t: the demo cluster (test/lib/failover.sh) with
# `auto_failback off`, both nodes heartbeatd. node1 serves after the boot;
# after a crash of node1, node2 serves (within deadtime + 2 s); node1's
# return does NOT move the group back (node1 rscstatus none, node2 all, the
# client still served by node2 several seconds later); then the other way:
# a crash of node2 moves it to node1, node2's return leaves it there. The
# disk and the VIP are never on both nodes (100 ms sampler).
# timeout: 150
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"
source "$(dirname "$0")/../lib/failover.sh"

lab_init
fo_disk_create
fo_add_nodes hbd hbd
fo_config off "$(fo_group1)"
fo_sampler_start 140

fo_start_pair
ok_if "node1 serves the page through the VIP" fo_wait_served_by node1 30
ok_if "both settled: rscstatus local on node1 and node2" \
    lab_wait 10 eval '[ "$(fo_rsc node1)" = local ] && [ "$(fo_rsc node2)" = local ]'

# $1 = the node that crashes, $2 = the survivor
crash_and_return() {
    local gone=$1 surv=$2 t_kill ms
    t_kill=$(lab_now_ms)
    fo_crash "$gone"
    ok_if "$surv serves after the crash of $gone" fo_watch_failover "$surv" "$gone" $((FO_DEADTIME + 8))
    ms=$(( ${FO_T_SERVED:-$(lab_now_ms)} - t_kill ))
    diag "failover $gone -> $surv: dead after $(( ${FO_T_DEAD:-0} - t_kill )) ms," \
        "VIP after $(( ${FO_T_VIP:-0} - t_kill )) ms, first page after $ms ms"
    ok_if "first page from $surv within deadtime + 2 s ($ms ms)" test "$ms" -le $(( FO_DEADTIME * 1000 + 2000 ))
    ok_if "$surv: rscstatus all" lab_wait 10 lab_out_is all fo_rsc "$surv"

    ok_if "$gone: heartbeatd restarted" fo_start "$gone"
    ok_if "$gone: rscstatus none once settled (no failback)" lab_wait 15 lab_out_is none fo_rsc "$gone"
    # Give a failback every chance to (wrongly) happen.
    sleep 3
    ok_if "$surv still serves the page" fo_served_by "$surv"
    ok_if "$surv still runs the group" fo_active "$surv"
    ok_if "$gone runs none of it" fo_idle "$gone"
    is "$surv: rscstatus still all" "$(fo_rsc "$surv")" all
    is "$gone: rscstatus still none" "$(fo_rsc "$gone")" none
}
crash_and_return node1 node2
crash_and_return node2 node1

ok_if "the disk and the VIP were never active on both nodes (100 ms samples)" fo_sampler_stop
ok_if "node1: no ERROR/CRIT in its log" hbd_hasnt node1 'ERROR:|CRIT:'
ok_if "node2: no ERROR/CRIT in its log" hbd_hasnt node2 'ERROR:|CRIT:'
lab_exit
