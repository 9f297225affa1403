#!/usr/bin/env bash
# ix_serial_sha1_on.t: interop matrix cell: serial (a socat pty pair, 19200
# baud) as the only medium, sha1, auto_failback on; node1 = heartbeatd
# (group A), node2 = Heartbeat 3.0.6 (group B).
# Events: simultaneous start; crash of node2 (3.0.6) and restart with a new
# generation; graceful stop of node1 (heartbeatd) and restart; hb_standby
# all on node2 and hb_takeover all on node2.
# Assertions at every sample: see test/lib/interop.sh (no capture: no
# rexmit check).
# timeout: 240
# shellcheck disable=SC2034  # variables read by the sourced libraries
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"
source "$(dirname "$0")/../lib/failover.sh"
source "$(dirname "$0")/../lib/interop.sh"

IX_KEEPALIVE=500ms IX_DEADTIME=3 IX_WARNTIME=2 IX_INITDEAD=6
ix_setup hbd real serial sha1 on
ix_samplers_start 230
ix_start_both
ix_settle "simultaneous start" 40
hbd_wait_past_startup "$IX_T_EVENT"
ix_ev_crash node2
ix_ev_restart node2
hbd_wait_past_startup "$IX_T_EVENT"
ix_ev_stop node1
ix_ev_restart node1
hbd_wait_past_startup "$IX_T_EVENT"
ix_ev_cmd node2 hb_standby all
ix_ev_cmd node2 hb_takeover all
ix_finish
lab_exit
