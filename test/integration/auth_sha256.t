#!/usr/bin/env bash
# auth_sha256.t: the heartbeatd-only `sha256` authkeys method (HMAC-SHA256).
#  - two heartbeatd nodes with `1 sha256 KEY` see each other active, the
#    link up, and log no bad packets over a few seconds of steady state;
#  - on the wire every auth token is index 1 and 64 hex digits (captured on
#    the lab bridge);
#  - `--check` notes that sha256 is active and unknown to Heartbeat 3.0.6;
#  - node2 restarted with `1 sha1 KEY` (same secret, other method): node1
#    drops its packets and logs why (`auth_failed`, the 40-digit token is
#    sha1 while key 1 here is sha256) and does not see node2 come back.
# timeout: 120
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"

lab_init
lab_add_node node1
lab_add_node node2
hbd_build
hbd_config "node1 node2" "ucast eth0 $(lab_ip node1)" "ucast eth0 $(lab_ip node2)"
for n in node1 node2; do lab_write_authkeys "$n" sha256 "sha256-$LAB_P"; done
d1=$(lab_node_dir node1)
log1=$d1/log/ha-log log2=$(lab_node_dir node2)/log/ha-log
mapfile -t ENV < <(_lab_daemon_env)

out=$(lab_exec_t 30 node1 "${ENV[@]}" "$HBD_BIN" --check 2>&1 </dev/null); rc=$?
printf '%s\n' "$out" | sed 's/^/#   | /' >&2
is "--check with sha256: exit 0" "$rc" 0
ok_if "--check notes sha256 is active and heartbeatd-only" \
    grep -qF '/etc/ha.d/authkeys:2: note: sha256 (key 1) is active: it is a heartbeatd extension unknown to Heartbeat 3.0.6' <<< "$out"

lab_pcap_start
ok_if "node1 started" hbd_start node1
ok_if "node2 started" hbd_start node2
hbd_ok_active node1 node2 eth0
hbd_ok_active node2 node1 eth0
sleep 4
ok_if "node1 still sees node2 active after 4 s" lab_out_is active lab_cl_status node1 nodestatus node2
ok_if "node1: no bad packets" sh -c "! grep -n 'bad packet' '$log1'"
ok_if "node2: no bad packets" sh -c "! grep -n 'bad packet' '$log2'"
lab_pcap_stop

pcap=$LAB_LOGDIR/br0.pcap
if [ -s "$pcap" ]; then
    tokens=$(grep -aoE 'auth=[0-9]+ [0-9a-f]+' "$pcap" | sort -u)
    n=$(grep -c . <<< "$tokens")
    diag "distinct inner auth tokens captured: $n"
    ok_if "auth tokens captured ($n)" test "$n" -gt 5
    ok_if "every captured token is key 1 with 64 hex digits (HMAC-SHA256)" \
        sh -c "! grep -vxE 'auth=1 [0-9a-f]{64}' <<'EOF'
$tokens
EOF"
else
    diag "no capture (tcpdump missing?): wire check skipped"
fi

# Same index and secret, other method on node2.
lab_crash node2
ok_if "node1 declares node2 dead" lab_wait 15 lab_out_is dead lab_cl_status node1 nodestatus node2
lab_write_authkeys node2 sha1 "sha256-$LAB_P"
ok_if "node2 restarted with sha1" hbd_start node2
ok_if "node1 logs the dropped packets with the method mismatch" \
    lab_wait 10 grep -qE "ERROR: bad packet from $(lab_ip node2) on eth0: auth_failed \(authtoken=1 [0-9a-f]{40}; a 40-digit token is sha1, key 1 here is sha256 \(sha256 is heartbeatd only; Heartbeat 3.0.6 does not have it\)\)" "$log1"
ok_if "node2 logs the mirror image" \
    lab_wait 10 grep -qF "a 64-digit token is sha256, key 1 here is sha1" "$log2"
sleep 3
ok_if "node1 does not take node2 back" lab_out_is dead lab_cl_status node1 nodestatus node2
lab_exit
