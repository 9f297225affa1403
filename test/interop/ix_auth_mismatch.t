#!/usr/bin/env bash
# ix_auth_mismatch.t: interop matrix cell: a key mismatch. node1 =
# Heartbeat 3.0.6, node2 = heartbeatd, ucast, both `1 sha1 KEY` but with
# different keys (then node2 switched to `1 md5` with node1's key: same
# index, another method). Both sides refuse each other's packets, say so in
# their logs naming the peer, and call the other dead after initdead; no
# packet of the peer is ever accepted (no "Link ... up" for the peer, no
# status update). No resource groups: two nodes that cannot hear each
# other both taking the groups is the expected split brain, not under test.
# timeout: 120
# shellcheck disable=SC2034  # variables read by the sourced libraries
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"

HBD_KEEPALIVE=250ms HBD_DEADTIME=2 HBD_WARNTIME=1 HBD_INITDEAD=4
hbd_build
lab_init
lab_add_node node1
lab_add_node node2
hbd_config "node1 node2" "ucast eth0 192.0.2.1" "ucast eth0 192.0.2.2"
lab_write_authkeys node1 sha1 "key-one-$LAB_P"
lab_write_authkeys node2 sha1 "key-two-$LAB_P"

for round in "sha1 with another key" "md5 with node1's key"; do
    if [ "$round" != "sha1 with another key" ]; then
        lab_write_authkeys node2 md5 "key-one-$LAB_P"
        : > "$(lab_log node1)"; : > "$(lab_log node2)"
    fi
    ok_if "[$round] node1 (3.0.6) started" lab_start_real node1
    ok_if "[$round] node2 (heartbeatd) started" lab_start_hbd node2
    ok_if "[$round] node1 calls node2 dead" lab_wait 20 lab_out_is dead lab_cl_status node1 nodestatus node2
    ok_if "[$round] node2 calls node1 dead" lab_wait 20 lab_out_is dead lab_cl_status node2 nodestatus node1
    sleep 2
    ok_if "[$round] node1 (3.0.6) logs the refused packets" \
        hbd_has node1 'ERROR: .*authentication failed'
    ok_if "[$round] node2 (heartbeatd) logs the refused packets, naming node1's address" \
        hbd_has node2 'ERROR: bad packet from 192\.0\.2\.1 on eth0: auth_failed'
    ok_if "[$round] node1 never saw node2's link up" hbd_hasnt node1 'Link node2:eth0 up|Status update for node node2'
    ok_if "[$round] node2 never saw node1's link up" hbd_hasnt node2 'Link node1:eth0 up|Status update for node node1'
    ok_if "[$round] node1 still runs" lab_out_is active lab_cl_status node1 nodestatus node1
    ok_if "[$round] node2 still runs" lab_out_is active lab_cl_status node2 nodestatus node2
    diag "node1: $(grep -m1 'authentication failed' "$(lab_log node1)" | cut -c1-200)"
    diag "node2: $(grep -m1 'bad packet' "$(lab_log node2)" | cut -c1-200)"
    ok_if "[$round] node1 stopped" lab_stop node1
    ok_if "[$round] node2 stopped" lab_stop node2
done
lab_exit
