#!/usr/bin/env bash
# drbd_dopd.t: DRBD peer fencing between a real Heartbeat 3.0.6 node running
# 3.0.6's dopd (node1, `respawn hacluster /usr/libexec/heartbeat/dopd`) and
# a heartbeatd node (node2): both speak dopd's start_outdate/outdate_rc.
# DRBD is simulated (test/lib/fake-drbdsetup behind drbd-utils' real
# drbdadm; the DRBD module cannot load here). r0 replicates over eth1,
# heartbeat runs on eth0 and eth1; eth1 of node1 is cut so DRBD is
# disconnected while heartbeat still talks.
#
# A. heartbeatd asks dopd: node2's hb-fence-peer (run by the simulated
#    kernel on `drbdadm primary r0`) gets 6 from node1's dopd while node1 is
#    Primary (node2 outdates itself), then 4 once node1 is Secondary
#    (dopd ran `drbdadm outdate r0` there).
# B. dopd asks heartbeatd: 3.0.6's drbd-peer-outdater on node1 gets 4 from
#    node2 (Secondary: heartbeatd ran drbdadm outdate), then 6 (node2 Primary).
#    (3.0.6's dopd segfaults when its client disconnects after an answer,
#    whoever answered; heartbeat respawns it; the test waits for that.)
# timeout: 180
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"
source "$(dirname "$0")/../lib/drbd.sh"

[ -x /usr/libexec/heartbeat/dopd ] || lab_bail "3.0.6's dopd is not installed"
lab_init
lab_add_node node1 --lan2
lab_add_node node2 --lan2
drbd_setup resource-only lan2
drbd_node node1
drbd_node node2
# dopd runs drbdadm as hacluster: the simulated state must be writable for it.
chmod -R a+rwX "$DRBD_SIM"
for n in node1 node2; do
    extra=()
    [ "$n" = node1 ] && extra=("respawn hacluster /usr/libexec/heartbeat/dopd" "apiauth dopd gid=haclient uid=hacluster")
    hbd_hacf_text "ucast eth0 192.0.2.1" "ucast eth0 192.0.2.2" \
        "ucast eth1 198.51.100.1" "ucast eth1 198.51.100.2" "${extra[@]}" | lab_write_hacf "$n"
    lab_write_authkeys "$n" sha1 "dopd-$LAB_P"
    echo "node1 hbDummy::alpha" | lab_write_haresources "$n"
done
hbd_build
ok_if "node1: Heartbeat 3.0.6 started" lab_start_real node1
ok_if "node2: heartbeatd started" lab_start_hbd node2
ok_if "node1 sees node2 active" lab_wait 30 lab_out_is active lab_cl_status node1 nodestatus node2
ok_if "node2 sees node1 active" lab_wait 10 lab_out_is active hbd_status node2 node1
ok_if "node1: dopd runs" lab_wait 15 lab_exec node1 sh -c 'test -S /run/heartbeat/dopd/outdater'
ok_if "drbdadm up r0 on both nodes" drbd_up node1 node2
[ -n "${DRBD_PCAP:-}" ] && lab_pcap_start
chmod -R a+rwX "$DRBD_SIM"

run_rc() { local n=$1; shift; lab_exec_t 40 "$n" "$@" >&2; echo $?; }
handler_exit() { drbd_calls "$1" | grep -o 'fence-peer handler: exit [0-9]*' | tail -1 | awk '{print $4}'; }

is "node1: drbdadm primary r0 (connected)" "$(run_rc node1 drbdadm primary r0)" 0
lab_link node1 eth1 down
ok_if "node2: DRBD disconnected" lab_wait 5 eval '[ "$(lab_exec node2 drbdadm cstate r0 2>/dev/null)" != Connected ]'

# --- A. heartbeatd asks 3.0.6's dopd
is "node2: promotion fails, node1 is Primary (drbdadm exit 17)" "$(run_rc node2 drbdadm primary r0)" 17
is "node2: hb-fence-peer exited 6 (dopd answered: peer is Primary)" "$(handler_exit node2)" 6
is "node2 outdated its own disk" "$(drbd_disk node2)" Outdated
lab_exec node1 drbdadm secondary r0 >&2
drbd_set_disk node2 UpToDate
is "node2: promotion with node1 Secondary succeeds" "$(run_rc node2 drbdadm primary r0)" 0
is "node2: hb-fence-peer exited 4 (dopd outdated node1)" "$(handler_exit node2)" 4
is "node1's disk is Outdated (dopd ran drbdadm outdate as hacluster)" "$(drbd_disk node1)" Outdated

# --- B. 3.0.6's drbd-peer-outdater asks heartbeatd
lab_exec node2 drbdadm secondary r0 >&2
drbd_set_disk node1 UpToDate
is "node1: drbd-peer-outdater -r r0 -p node2 exits 4" \
    "$(run_rc node1 /usr/libexec/heartbeat/drbd-peer-outdater -r r0 -p node2 -t 5)" 4
is "node2's disk is Outdated" "$(drbd_disk node2)" Outdated
ok_if "node2 logged dopd's request" hbd_has node2 'node1 asks to outdate our disk of r0'
# 3.0.6's dopd dies (SIGSEGV) when its client disconnects after an answer
# (it tears the connection down twice); heartbeat respawns it.
dopd_pid() { lab_exec node1 pgrep -u hacluster -x dopd 2>/dev/null | head -1; }
old_dopd=$(dopd_pid)
ok_if "node1: dopd runs again (respawned after its crash, or still there)" \
    lab_wait 15 eval '[ -n "$(dopd_pid)" ] && [ "$(dopd_pid)" != "$old_dopd" ] || hbd_hasnt node1 "dopd process [0-9]* killed"'
sleep 1
diag "dopd crashes seen on node1: $(grep -c 'dopd process [0-9]* killed by signal' "$(lab_log node1)")"
drbd_set_disk node2 UpToDate
echo Primary > "$DRBD_SIM/node2/role"
is "node1: drbd-peer-outdater exits 6 while node2 is Primary" \
    "$(run_rc node1 /usr/libexec/heartbeat/drbd-peer-outdater -r r0 -p node2 -t 5)" 6
is "node2's disk stays UpToDate" "$(drbd_disk node2)" UpToDate
echo Secondary > "$DRBD_SIM/node2/role"

lab_link node1 eth1 up
drbd_save_logs
ok_if "node2: no ERROR in its log" hbd_hasnt node2 '\]: ERROR:'
lab_exit
