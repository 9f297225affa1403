#!/usr/bin/env bash
# ix_bcast_md5_off.t: interop matrix cell: bcast, md5, auto_failback off;
# roles swapped: node1 = heartbeatd (owns group A: VIP + disk + lighttpd),
# node2 = Heartbeat 3.0.6 (owns group B: VIP2 + hbDummy).
# Events: staggered start, 3.0.6 first (it takes both groups; heartbeatd
# joins and, auto_failback off, gets nothing); graceful stop of node2
# (3.0.6) and its restart; 30 % random loss both ways for 30 s on the only
# medium (retransmissions both ways); hb_standby local/foreign and
# hb_takeover from each side; graceful stop of node1 (heartbeatd) and its
# restart.
# Assertions at every sample: see test/lib/interop.sh.
# timeout: 240
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"
source "$(dirname "$0")/../lib/failover.sh"
source "$(dirname "$0")/../lib/interop.sh"

ix_setup hbd real bcast md5 off
ix_samplers_start 230
ix_ev_staggered node2                  # A, B on node2; node1 joins, gets nothing
hbd_wait_past_startup "$IX_T_EVENT"
ix_ev_stop node2                       # A, B -> node1
ix_ev_restart node2                    # stays on node1
hbd_wait_past_startup "$IX_T_EVENT"
ix_ev_loss 30 30                       # one medium: every lost packet is a gap
ix_ev_cmd node1 hb_standby foreign     # B -> node2
ix_ev_cmd node2 hb_takeover all        # A -> node2
ix_ev_cmd node1 hb_takeover foreign    # B -> node1 (node2 gives its local)
ix_ev_cmd node2 hb_standby all         # A -> node1
ix_ev_cmd node1 hb_standby local       # A -> node2
ix_ev_stop node1                       # B -> node2
ix_ev_restart node1                    # stays on node2
ix_finish
lab_exit
