#!/usr/bin/env bash
# failover_failstart.t: a resource whose start fails on node1 only. The demo
# group (test/lib/failover.sh) with a gate in it:
#   node1 IPaddr::192.0.2.100/24/eth0 Filesystem::DEV::/srv/www::ext4 hbDummy::gate lighttpd
# and node1's hbDummy.gate.failstart flag (test/lib/hbDummy), auto_failback
# on, both heartbeatd. After the boot node1 tries its group: the gate fails,
# node1 logs 3.0.6's "CRIT: Giving up resources due to failure of
# hbDummy::gate", stops what it had started (no VIP, no mount left), and 30 s
# later goes standby for its local group (3.0.6's `sleep 30; hb_standby
# local`); node2 takes the group and the client gets the page from node2
# (rscstatus: node2 all). The disk and the VIP are never on both nodes.
# timeout: 180
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"
source "$(dirname "$0")/../lib/failover.sh"

lab_init
fo_disk_create
fo_add_nodes hbd hbd
fo_config on "node1 IPaddr::$FO_VIP/24/eth0 Filesystem::$FO_DEV::$FO_MNT::ext4 hbDummy::gate lighttpd"
touch "$(lab_node_dir node1)/varlib/hbDummy.gate.failstart"
fo_sampler_start 170

fo_start_pair
ok_if "node1: the gate's start fails and node1 gives the group up" \
    lab_wait 30 hbd_has node1 'CRIT: Giving up resources due to failure of hbDummy::gate$'
t_fail=$(lab_now_ms)
diag "start failure $(( t_fail - FO_T_START )) ms after the start"
ok_if "node1 released what it had started (no VIP, no mount, no lighttpd)" lab_wait 10 fo_idle node1
ok_if "node2 has not taken anything yet" fo_idle node2
ok_if "node1 asks to go standby for its local group" \
    lab_wait 40 hbd_has node1 'info: node1 wants to go standby \[local\]$'
diag "standby request $(( $(lab_now_ms) - t_fail )) ms after the failure"
ok_if "the standby came ~30 s after the failure (3.0.6's sleep 30)" \
    test $(( $(lab_now_ms) - t_fail )) -ge 28000
ok_if "node2 takes the group and serves the page" fo_wait_served_by node2 15
diag "node2 serving $(( $(lab_now_ms) - t_fail )) ms after node1's failure"
ok_if "node2 runs the whole group" fo_active node2
ok_if "node2 runs the gate" test -f "$(lab_node_dir node2)/varlib/hbDummy.gate.state"
ok_if "node1 runs nothing" fo_idle node1
ok_if "node2: rscstatus all" lab_wait 10 lab_out_is all fo_rsc node2
ok_if "node1: rscstatus none" lab_wait 10 lab_out_is none fo_rsc node1

ok_if "the disk and the VIP were never active on both nodes (100 ms samples)" fo_sampler_stop
ok_if "node2: no ERROR/CRIT in its log" hbd_hasnt node2 'ERROR:|CRIT:'
lab_exit
