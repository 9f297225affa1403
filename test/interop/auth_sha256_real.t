#!/usr/bin/env bash
# auth_sha256_real.t: heartbeatd's sha256 authkeys method against a real
# Heartbeat 3.0.6, which does not have it.
#  - 3.0.6 given `1 sha256 KEY` refuses its authkeys file and does not start;
#  - 3.0.6 with `1 sha1 KEY` and heartbeatd with `1 sha256 KEY` (same index
#    and secret): 3.0.6 logs authentication errors for heartbeatd's packets,
#    heartbeatd logs the dropped packets with the method mismatch (a 40-digit
#    sha1 token against its sha256 key), and neither sees the other active.
# timeout: 120
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"

lab_init
lab_add_node node1
lab_add_node node2
hbd_build
hbd_config "node1 node2" "ucast eth0 $(lab_ip node1)" "ucast eth0 $(lab_ip node2)"
d1=$(lab_node_dir node1)
log1=$d1/log/ha-log log2=$(lab_node_dir node2)/log/ha-log

# --- 3.0.6 cannot load a sha256 key
lab_write_authkeys node1 sha256 "x-$LAB_P"
lab_start_real node1
rc=$?
ok_if "3.0.6 with a sha256 key does not start (exit $rc)" test "$rc" -ne 0
ok_if "3.0.6 is not running" lab_exec node1 sh -c '! test -s /run/heartbeat.pid || ! kill -0 "$(cat /run/heartbeat.pid)" 2>/dev/null'
diag "3.0.6 said: $(grep -ihE 'auth|keyfile' "$d1/log/daemon.out" "$log1" 2>/dev/null | tail -3 | tr '\n' '|')"
ok_if "3.0.6 names the authkeys problem" grep -qiE 'auth' "$d1/log/daemon.out" "$log1"

# --- sha1 (3.0.6) against sha256 (heartbeatd), same index and secret
lab_write_authkeys node1 sha1 "x-$LAB_P"
lab_write_authkeys node2 sha256 "x-$LAB_P"
ok_if "node1 (3.0.6, sha1) started" lab_start_real node1
ok_if "node2 (heartbeatd, sha256) started" hbd_start node2
ok_if "3.0.6 logs authentication errors for heartbeatd's packets" \
    lab_wait 15 grep -qiE 'authtoken does not match|authentication failed' "$log1"
ok_if "heartbeatd logs the dropped packets with the method mismatch" \
    lab_wait 15 grep -qE "ERROR: bad packet from $(lab_ip node1) on eth0: auth_failed \(authtoken=1 [0-9a-f]{40}; a 40-digit token is sha1, key 1 here is sha256 \(sha256 is heartbeatd only; Heartbeat 3.0.6 does not have it\)\)" "$log2"
ok_if "3.0.6 itself runs (own status active)" lab_wait 20 lab_out_is active lab_cl_status node1 nodestatus node1
sleep 3
st=$(lab_cl_status node1 nodestatus node2 2>/dev/null | tr -d ' \n')
ok_if "3.0.6 does not see heartbeatd active (status '$st')" test "$st" != active
st=$(lab_cl_status node2 nodestatus node1 2>/dev/null | tr -d ' \n')
ok_if "heartbeatd does not see 3.0.6 active (status '$st')" test "$st" != active
lab_exit
