#!/usr/bin/env bash
# ix_mcast_crc_legacy.t: interop matrix cell: mcast, crc, auto_failback
# legacy (ip-request); node1 = Heartbeat 3.0.6 (group A), node2 =
# heartbeatd (group B).
# Events: staggered start, heartbeatd first (it takes both; 3.0.6 joins and
# asks for its group back with ip-request); crash of node2 (heartbeatd) and
# restart with a new generation; graceful stop of node1 (3.0.6) and
# restart; crash of node1 and restart; graceful stop of node2 and restart.
# rscstatus is "none" on both in legacy mode (as 3.0.6 reports it).
# Assertions at every sample: see test/lib/interop.sh.
# timeout: 240
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"
source "$(dirname "$0")/../lib/failover.sh"
source "$(dirname "$0")/../lib/interop.sh"

ix_setup real hbd mcast crc legacy
ix_samplers_start 230
ix_ev_staggered node2
hbd_wait_past_startup "$IX_T_EVENT"
ix_ev_crash node2
ix_ev_restart node2
hbd_wait_past_startup "$IX_T_EVENT"
ix_ev_stop node1
ix_ev_restart node1
hbd_wait_past_startup "$IX_T_EVENT"
ix_ev_crash node1
ix_ev_restart node1
hbd_wait_past_startup "$IX_T_EVENT"
ix_ev_stop node2
ix_ev_restart node2
ix_finish
lab_exit
