#!/usr/bin/env bash
# stonith_plugins.t: the plugin kinds through the `stonith` front-end and the
# daemon, inside lab nodes.
#
# 1. build/stonith -L lists the built-ins (null, meatware, suicide, ssh),
#    Debian's cluster-glue external plugins (external/ssh), cluster-glue's
#    compiled plugins (ipmilan) and fence agents (fence_dummy).
# 2. cluster-glue's compiled null plugin through its `stonith` command
#    (type glue/null): -l lists the hosts, -S succeeds, a reset succeeds.
# 3. Debian's /usr/lib/stonith/plugins/external/ssh runs directly, its
#    parameters in the environment: -l lists hostlist=node1,node2.
# 4. fence-agents' fence_dummy (name=value on stdin): a reset of a file-type
#    device succeeds (the device is on again after it); type=fail fails.
# 5. A group-writable external plugin is refused (status fails, "refusing").
#    Parameters from a file (-F): a name=value file (inih) works; a bad
#    one is refused naming file and line.
# 6. The daemon with `stonith glue/null /etc/ha.d/null.cfg` (positional
#    parameters "node1 node2" in the file): node1 loses
#    power; node2 logs "Resetting node node1 with [null (cluster-glue)]",
#    "node node1 now reset." and takes the group over; t=stonith result=OK
#    is on the wire.
# 7. The built-in suicide device refuses another node and powers off its own
#    (reboot -nf, the lab's reboot guard).
# timeout: 120
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"
source "$(dirname "$0")/../lib/failover.sh"

ST=$HB_ROOT/build/stonith
lab_init
fo_disk_create
fo_add_nodes hbd hbd
[ -x "$ST" ] || make -s -C "$HB_ROOT" build/stonith >&2 || lab_bail "cannot build stonith"
[ -x /usr/sbin/stonith ] || lab_bail "cluster-glue is not installed"

# --- 1. types
types=$("$ST" -L)
for t in null meatware suicide ssh external/ssh ipmilan fence_dummy; do
    ok_if "stonith -L lists $t" grep -qx -- "$t" <<< "$types"
done

# --- 2. cluster-glue's null
is "glue/null -l lists its hosts" "$(lab_exec_t 10 node1 "$ST" -t glue/null -p "node1 node2" -l | tr '\n' ' ')" "node1 node2 "
ok_if "glue/null -S: the device is fine" lab_exec_t 10 node1 "$ST" -t glue/null -p "node1 node2" -S
ok_if "glue/null: reset node2 succeeds" lab_exec_t 10 node1 "$ST" -t glue/null -p "node1 node2" -T reset node2

# --- 3. Debian's external/ssh (gethosts only: no ssh to anything)
is "Debian's external/ssh -l, hostlist in its environment" \
    "$(lab_exec_t 10 node1 "$ST" -t external/ssh -p "hostlist=node1,node2" -l | tr '\n' ' ')" "node1 node2 "

# parameters from a file (`stonith TYPE FILE` form): name=value lines, read with inih
printf '# hosts this ssh device resets\nhostlist = node1,node2\n' > "$LAB_DIR/ssh.cfg"
is "Debian's external/ssh -l with -F (name=value file)" \
    "$(lab_exec_t 10 node1 "$ST" -t external/ssh -F "$LAB_DIR/ssh.cfg" -l | tr '\n' ' ')" "node1 node2 "
printf 'hostlist=node1\nnot a parameter line\n' > "$LAB_DIR/bad.cfg"
out=$(lab_exec_t 10 node1 "$ST" -t external/ssh -F "$LAB_DIR/bad.cfg" -l 2>&1)
ok_if "a bad parameter file is refused, naming the file and line" grep -q "$LAB_DIR/bad.cfg: line 2: expected name=value" <<< "$out"

# --- 4. fence-agents
if [ -x /usr/sbin/fence_dummy ]; then
    sf=$LAB_DIR/fence_dummy.status
    printf on > "$sf"
    ok_if "fence_dummy (stdin parameters): reset node2 succeeds" \
        lab_exec_t 20 node1 "$ST" -t fence_dummy -p "type=file status_file=$sf" node2
    is "fence_dummy: its device is on again after the reboot" "$(cat "$sf")" on
    ok_if "fence_dummy type=fail: the reset fails" eval "! lab_exec_t 20 node1 $ST -t fence_dummy -p type=fail node2"
else
    echo "ok - fence_dummy (fence-agents) not installed # SKIP"
fi

# --- 5. refusal of a writable plugin (inside node1's mount namespace only)
mkdir -p "$LAB_DIR/ext"
printf '#!/bin/sh\nexit 0\n' > "$LAB_DIR/ext/gw"
chmod 775 "$LAB_DIR/ext/gw"
lab_exec node1 mount --bind "$LAB_DIR/ext" /usr/lib/stonith/plugins/external || lab_bail "bind mount"
out=$(lab_exec_t 10 node1 "$ST" -t external/gw -S 2>&1); rc=$?
ok_if "a group-writable external plugin is refused (exit $rc)" test "$rc" -ne 0
ok_if "... saying why" grep -q 'refusing STONITH plugin /usr/lib/stonith/plugins/external/gw: it is group or world writable' <<< "$out"
lab_exec node1 umount /usr/lib/stonith/plugins/external

# --- 6. the daemon with cluster-glue's null
for n in node1 node2; do echo "node1 node2" > "$(lab_node_dir $n)/etc/null.cfg"; done
fo_config on "$(fo_group1)" "stonith glue/null /etc/ha.d/null.cfg"
lab_pcap_start
fo_start_pair
ok_if "node1 serves the page through the VIP" fo_wait_served_by node1 30
ok_if "node2 checked the device at comm up" \
    hbd_has node2 'info: Checking status of STONITH device \[null \(cluster-glue\)\]$'
ok_if "both nodes report a settled rscstatus" lab_wait 10 eval 'fo_stable node1 && fo_stable node2'
hbd_wait_past_startup "$FO_T_START"
fo_crash node1
ok_if "node2 serves after node1's power cut" fo_wait_served_by node2 $((FO_DEADTIME + 10))
ok_if "node2 logged the reset" hbd_has node2 'info: Resetting node node1 with \[null \(cluster-glue\)\]$'
ok_if "node2 logged 'node node1 now reset.'" hbd_has node2 'info: node node1 now reset\.$'
ok_if "node2 did not warn about a missing device" hbd_hasnt node2 'No STONITH device configured'
_ok_msgs() { hbd_pcap_payloads "udp and src host $(lab_ip node2)" | grep 't=stonith' | grep 'node=node1' | grep -c 'result=OK'; }
ok_if "t=stonith node=node1 result=OK on the wire" lab_wait 5 eval '[ "$(_ok_msgs)" -ge 1 ]'
lab_pcap_stop

# --- 7. the built-in suicide device, inside node1 (its reboot is the lab's
# guard: it powers the node off)
ok_if "suicide refuses to reset another node" eval "! lab_exec_t 10 node1 $ST -t suicide node2"
lab_exec_t 10 node1 "$ST" -t suicide node1 >/dev/null 2>&1
ok_if "suicide: node1 powered itself off" lab_wait 5 eval '! lab_alive node1'
ok_if "... through reboot -nf" grep -q 'reboot -nf' "$(lab_node_dir node1)/log/fake-reboot.log"
lab_exit
