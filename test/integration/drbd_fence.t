#!/usr/bin/env bash
# drbd_fence.t: DRBD's fence-peer handler (build/hb-fence-peer) through the
# heartbeat links, with drbd-utils' real drbdadm driving the simulated
# backend (test/lib/fake-drbdsetup: the DRBD module cannot load here).
# Resource r0, `fencing resource-only`; DRBD replicates over eth1
# (198.51.100.0/24), heartbeat runs on eth0 and eth1 (ucast), no
# haresources: the test drives drbdadm itself.
#
# 1. Both nodes up and connected: node1 becomes Primary; node2's promotion
#    fails with drbdsetup's (-1) "Multiple primaries" (exit 11).
# 2. eth1 cut (DRBD disconnected, heartbeat still on eth0). node2's
#    `drbdadm primary r0` makes the simulated kernel run the handler; node2's
#    heartbeatd sends start_outdate, node1's runs `drbdadm outdate r0`
#    (exit 17, it is Primary) and answers 6: node2 outdates its own disk and
#    stays Secondary (drbdadm exit 17).
# 3. node1 Secondary: node2's promotion -> node1 outdated -> handler exit 4,
#    node2 Primary, node1's disk Outdated.
# 4. node1's disk Inconsistent -> exit 3, promotion goes on.
# 5. node1's DRBD down -> drbdadm falls back to drbdmeta, the disk is
#    outdated -> exit 4.
# 6. eth1 back, node1 Primary again (connected), then every link of node1 cut: node2 calls node1 dead;
#    the handler refuses (exit 1: unreachable on every link, not fenced),
#    drbdsetup says (-7) "Refusing to be Primary while peer is not
#    outdated" (exit 11), node2 stays Secondary.
# 7. A sampler (100 ms, whole test) never sees both nodes Primary.
# timeout: 180
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"
source "$(dirname "$0")/../lib/drbd.sh"

lab_init
lab_add_node node1 --lan2
lab_add_node node2 --lan2
drbd_setup resource-only lan2
drbd_node node1
drbd_node node2
hbd_config "node1 node2" "ucast eth0 192.0.2.1" "ucast eth0 192.0.2.2" \
    "ucast eth1 198.51.100.1" "ucast eth1 198.51.100.2"
ok_if "both nodes start heartbeatd" hbd_start node1 node2
ok_if "node1 sees node2 active" lab_wait 30 lab_out_is active hbd_status node1 node2
ok_if "node2 sees node1 active" lab_wait 10 lab_out_is active hbd_status node2 node1
ok_if "drbdadm up r0 on both nodes" drbd_up node1 node2
drbd_sampler_start 170

# run_rc NODE CMD...: CMD's exit code inside NODE (output to stderr)
run_rc() { local n=$1; shift; lab_exec_t 40 "$n" "$@" >&2; echo $?; }
# handler_exit NODE: the exit code of NODE's last fence-peer handler run
handler_exit() { drbd_calls "$1" | grep -o 'fence-peer handler: exit [0-9]*' | tail -1 | awk '{print $4}'; }
forget_fencing() { rm -f "$DRBD_SIM/node2/pdsk"; }

# --- 1. connected
is "node1: drbdadm primary r0 (connected)" "$(run_rc node1 drbdadm primary r0)" 0
is "node2: drbdadm primary r0 refused while node1 is Primary (exit 11)" "$(run_rc node2 drbdadm primary r0)" 11
is "drbdadm role r0 on node1" "$(lab_exec node1 drbdadm role r0 2>/dev/null)" Primary
is "drbddisk status on node1" "$(lab_exec node1 /etc/ha.d/resource.d/drbddisk r0 status)" "running (Primary)"
is "drbddisk status on node2" "$(lab_exec node2 /etc/ha.d/resource.d/drbddisk r0 status)" "stopped (Secondary)"

# --- 2. DRBD link cut, peer Primary -> 6
lab_link node1 eth1 down
ok_if "node2: cstate no longer Connected" lab_wait 5 eval '[ "$(lab_exec node2 drbdadm cstate r0 2>/dev/null)" != Connected ]'
is "node2: promotion fails, peer is Primary (drbdadm exit 17)" "$(run_rc node2 drbdadm primary r0)" 17
is "node2: the handler exited 6 (peer is Primary)" "$(handler_exit node2)" 6
is "node2 outdated its own disk" "$(drbd_disk node2)" Outdated
is "node2 stays Secondary" "$(drbd_role node2)" Secondary
ok_if "node1 ran drbdadm outdate r0 for node2's request" hbd_has node1 'node2 asks to outdate our disk of r0'
ok_if "node2 logged the answer 6" hbd_has node2 'fence-peer r0 on node1: peer is Primary'

# --- 3. peer Secondary -> 4
lab_exec node1 drbdadm secondary r0 >&2
drbd_set_disk node2 UpToDate
is "node2: promotion with node1 Secondary succeeds" "$(run_rc node2 drbdadm primary r0)" 0
is "node2: the handler exited 4 (peer outdated)" "$(handler_exit node2)" 4
is "node1's disk is Outdated" "$(drbd_disk node1)" Outdated
is "roles node1/node2" "$(drbd_role node1)/$(drbd_role node2)" Secondary/Primary

# --- 4. peer Inconsistent -> 3
lab_exec node2 drbdadm secondary r0 >&2; forget_fencing
drbd_set_disk node1 Inconsistent
is "node2: promotion with node1 Inconsistent succeeds" "$(run_rc node2 drbdadm primary r0)" 0
is "node2: the handler exited 3 (peer inconsistent)" "$(handler_exit node2)" 3

# --- 5. peer's DRBD down -> drbdmeta outdates -> 4
lab_exec node2 drbdadm secondary r0 >&2; forget_fencing
drbd_set_disk node1 UpToDate
lab_exec node1 drbdadm down r0 >&2
is "node2: promotion with node1's DRBD down succeeds" "$(run_rc node2 drbdadm primary r0)" 0
is "node2: the handler exited 4 (outdated through drbdmeta)" "$(handler_exit node2)" 4
is "node1's disk is Outdated" "$(drbd_disk node1)" Outdated

# --- 6. peer unreachable on every link -> refuse
lab_exec node2 drbdadm secondary r0 >&2; forget_fencing
drbd_set_disk node1 UpToDate
drbd_up node1
lab_link node1 eth1 up
ok_if "node2: DRBD connected again" lab_wait 10 lab_out_is Connected lab_exec node2 drbdadm cstate r0
is "node1 Primary again (connected: no handler)" "$(run_rc node1 drbdadm primary r0)" 0
lab_link node1 eth0 down
lab_link node1 eth1 down
ok_if "node2 declares node1 dead" lab_wait 15 lab_out_is dead hbd_status node2 node1
is "node2: promotion refused (drbdadm exit 11)" "$(run_rc node2 drbdadm primary r0)" 11
is "node2: the handler exited 1 (fencing failed)" "$(handler_exit node2)" 1
ok_if "the handler said why" eval 'drbd_calls node2 | grep -q "unreachable on every link and was not fenced"'
ok_if "drbdsetup reported (-7)" eval 'drbd_calls node2 | grep -q "Refusing to be Primary while peer is not outdated"'
is "roles node1/node2" "$(drbd_role node1)/$(drbd_role node2)" Primary/Secondary
is "drbddisk start on node2 fails after its retries (exit 1)" "$(run_rc node2 /etc/ha.d/resource.d/drbddisk r0 start)" 1
is "node2 still Secondary" "$(drbd_role node2)" Secondary

# --- 7. links back
lab_link node1 eth0 up
lab_link node1 eth1 up
ok_if "node2 sees node1 again" lab_wait 20 lab_out_is active hbd_status node2 node1
ok_if "never both Primary (100 ms samples)" drbd_sampler_stop
drbd_save_logs
ok_if "node1: no ERROR in its log" hbd_hasnt node1 '\]: ERROR:'
lab_exit
