#!/usr/bin/env bash
# ix_two_md5_on.t: interop matrix cell: two media at once (ucast on eth0,
# bcast on eth1), md5, auto_failback on; node1 = Heartbeat 3.0.6 (group
# A), node2 = heartbeatd (group B).
# Events: simultaneous start; 30 % random loss of every UDP packet, both
# ways, for 30 s (retransmissions both ways; both stay active, the groups
# stay put); eth1 unplugged and plugged back (the eth0 link carries on);
# crash of node2 (heartbeatd) and restart; graceful stop of node1 (3.0.6)
# and restart.
# Assertions at every sample: see test/lib/interop.sh.
# timeout: 240
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"
source "$(dirname "$0")/../lib/failover.sh"
source "$(dirname "$0")/../lib/interop.sh"

ix_setup real hbd two md5 on
ix_samplers_start 230
ix_start_both
ix_settle "simultaneous start" 40
ok_if "node1 sees node2's eth1 link up" lab_wait 5 lab_out_is up lab_cl_status node1 hblinkstatus node2 eth1
ok_if "node2 sees node1's eth1 link up" lab_wait 5 lab_out_is up lab_cl_status node2 hblinkstatus node1 eth1
hbd_wait_past_startup "$IX_T_EVENT"
m1=$(hbd_lines node1) m2=$(hbd_lines node2)
ix_ev_loss 30 30
lost1=$(hbd_since node1 "$m1" | grep -c 'lost packet(s)') lost2=$(hbd_since node2 "$m2" | grep -c 'lost packet(s)')
diag "during the loss: node1 (3.0.6) logged $lost1 gaps, node2 (heartbeatd) $lost2"
ok_if "node1 (3.0.6) saw gaps from node2 (the loss was real)" test "$lost1" -gt 0
ok_if "node2 (heartbeatd) saw gaps from node1" test "$lost2" -gt 0

ix_event "eth1 unplugged"
lab_link node1 eth1 down
ok_if "node2 sees node1's eth1 link dead" lab_wait 8 lab_out_is dead lab_cl_status node2 hblinkstatus node1 eth1
ok_if "node1 sees node2's eth1 link dead" lab_wait 8 lab_out_is dead lab_cl_status node1 hblinkstatus node2 eth1
ix_settle "eth1 down" 10
ix_event "eth1 plugged back"
lab_link node1 eth1 up
ok_if "node2 sees node1's eth1 link up again" lab_wait 8 lab_out_is up lab_cl_status node2 hblinkstatus node1 eth1
ok_if "node1 sees node2's eth1 link up again" lab_wait 8 lab_out_is up lab_cl_status node1 hblinkstatus node2 eth1
ix_settle "eth1 up" 10
ix_ev_crash node2
ix_ev_restart node2
hbd_wait_past_startup "$IX_T_EVENT"
ix_ev_stop node1
ix_ev_restart node1
ix_finish
lab_exit
