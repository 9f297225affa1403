#!/usr/bin/env bash
# ix_ucast_sha1_on.t: interop matrix cell: ucast, sha1, auto_failback on;
# node1 = Heartbeat 3.0.6 (stock scripts, owns group A: VIP + disk +
# lighttpd), node2 = heartbeatd (owns group B: VIP2 + hbDummy).
# Events: simultaneous start; crash of node1 (3.0.6) and restart with a new
# generation (failback); crash of node2 (heartbeatd) and restart;
# hb_standby all on node1, hb_takeover local on node1, hb_takeover all on
# node2, hb_standby foreign and local on node2, hb_standby foreign on node1. Assertions at every sample
# (test/lib/interop.sh): each group on at most one node, exactly the
# expected one once settled; cl_status of both nodes agree; clean logs; no
# rexmit storm.
# timeout: 240
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"
source "$(dirname "$0")/../lib/failover.sh"
source "$(dirname "$0")/../lib/interop.sh"

ix_setup real hbd ucast sha1 on
ix_samplers_start 230
ix_start_both
ix_settle "simultaneous start" 40
hbd_wait_past_startup "$IX_T_EVENT"
ix_ev_crash node1
ix_ev_restart node1
hbd_wait_past_startup "$IX_T_EVENT"
ix_ev_crash node2
ix_ev_restart node2
hbd_wait_past_startup "$IX_T_EVENT"
ix_ev_cmd node1 hb_standby all        # A, B -> node2
ix_ev_cmd node1 hb_takeover local     # A -> node1
ix_ev_cmd node2 hb_takeover all       # A -> node2
ix_ev_cmd node2 hb_standby foreign    # A -> node1
ix_ev_cmd node2 hb_standby local      # B -> node1
ix_ev_cmd node1 hb_standby foreign    # B -> node2
diag "failover (crash -> settled): node1 ${IX_FAILOVER_MS[node1]:-?} ms, node2 ${IX_FAILOVER_MS[node2]:-?} ms"
ix_finish
lab_exit
