#!/usr/bin/env bash
# failover_standby.t: hb_standby and hb_takeover (build/hb_standby,
# build/hb_takeover run inside the nodes) with two groups, `auto_failback on`:
#   A (node1): the demo group (VIP 192.0.2.100, the shared disk, lighttpd)
#   B (node2): IPaddr 192.0.2.101 + hbDummy::beta
# From either node: hb_standby [all] / local / foreign / failback and
# hb_takeover all / local / foreign. Each command prints its outcome
# ("... completed.") and exits 0; afterwards each group runs on exactly the
# node 3.0.6's semantics say (ask_resources is relative to the node going
# standby; hb_takeover X makes the peer go standby with local<->foreign
# swapped), cl_status rscstatus agrees, and the client is served by the
# node that runs A. The disk and both VIPs are never on both nodes.
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

fo_start_pair
ok_if "boot: A on node1, B on node2, rscstatus local/local" \
    lab_wait 30 lab_out_is "A=node1 B=node2 rsc=local/local" fo_placement
diag "settled $(( $(lab_now_ms) - FO_T_START )) ms after the start"
ok_if "the client gets the page from node1" fo_served_by node1

# step NODE CMD ARG WANT_OUTCOME WANT_PLACEMENT: run CMD (hb_standby or
# hb_takeover) [ARG] inside NODE; it must exit 0 with WANT_OUTCOME as its
# last line, and the groups must end as WANT_PLACEMENT.
step() {
    local n=$1 cmd=$2 arg=$3 expect=$4 place=$5 out rc t0 srv
    t0=$(lab_now_ms)
    out=$(lab_exec_t 60 "$n" "$HB_ROOT/build/$cmd" $arg 2>&1); rc=$?
    printf '%s\n' "$out" | sed "s/^/#   $n\$ $cmd $arg: /" >&2
    is "$n: $cmd $arg exits 0" "$rc" 0
    is "$n: $cmd $arg reports the outcome" "$(printf '%s\n' "$out" | tail -n 1)" "$expect"
    ok_if "after $n: $cmd $arg: $place" lab_wait 10 lab_out_is "$place" fo_placement
    diag "$n: $cmd $arg: done in $(( $(lab_now_ms) - t0 )) ms"
    srv=${place#A=}; srv=${srv%% *}
    ok_if "the client gets the page from $srv" lab_wait 3 fo_served_by "$srv"
}

step node1 hb_standby  ''       'Standby [all] completed.'      'A=node2 B=node2 rsc=none/all'
step node1 hb_takeover local    'Takeover [local] completed.'   'A=node1 B=node2 rsc=local/local'
step node2 hb_takeover foreign  'Takeover [foreign] completed.' 'A=node2 B=node2 rsc=none/all'
step node2 hb_standby  foreign  'Standby [foreign] completed.'  'A=node1 B=node2 rsc=local/local'
step node2 hb_standby  local    'Standby [local] completed.'    'A=node1 B=node1 rsc=all/none'
step node2 hb_takeover all      'Takeover [all] completed.'     'A=node2 B=node2 rsc=none/all'
step node1 hb_takeover ''       'Takeover [all] completed.'     'A=node1 B=node1 rsc=all/none'
step node1 hb_standby  foreign  'Standby [foreign] completed.'  'A=node1 B=node2 rsc=local/local'
step node1 hb_standby  local    'Standby [local] completed.'    'A=node2 B=node2 rsc=none/all'
step node2 hb_standby  failback 'Standby [foreign] completed.'  'A=node1 B=node2 rsc=local/local'

ok_if "the disk and the VIPs were never active on both nodes (100 ms samples)" fo_sampler_stop
ok_if "node1: no ERROR/CRIT in its log" hbd_hasnt node1 'ERROR:|CRIT:'
ok_if "node2: no ERROR/CRIT in its log" hbd_hasnt node2 'ERROR:|CRIT:'
lab_exit
