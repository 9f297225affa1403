#!/usr/bin/env bash
# real_pair.t: self-test of the cluster lab (test/lib/lab.sh) with two real
# Heartbeat 3.0.6 nodes. Checks that the lab's network, holders, crash/restart,
# reboot guard and cleanup behave, and that 3.0.6 itself is happy in it.
# timeout: 180
source "$(dirname "$0")/../lib/lab.sh"

DEADTIME_MS=3000

lab_init
lab_add_node node1
lab_add_node node2

for n in node1 node2; do
    {
        lab_hacf_base
        cat <<'EOF'
keepalive 500ms
deadtime 3
warntime 2
initdead 6
ucast eth0 192.0.2.1
ucast eth0 192.0.2.2
auto_failback on
crm off
node node1
node node2
EOF
    } | lab_write_hacf "$n"
    lab_write_authkeys "$n" sha1 "real-pair-$LAB_P"
    lab_write_haresources "$n" <<'EOF'
node1 192.0.2.100 hbDummy::alpha
node2 hbDummy::beta
EOF
done

d1=$(lab_node_dir node1) d2=$(lab_node_dir node2)
ok_if "node1: reboot guard in place (/sbin/reboot is fake-reboot)" \
    lab_exec node1 cmp -s "$HB_ROOT/test/lib/fake-reboot" /sbin/reboot
is "node1: hostname is the node name" "$(lab_exec node1 uname -n)" node1

t_start=$(lab_now_ms)
ok_if "node1: heartbeat started" lab_start_real node1
ok_if "node2: heartbeat started" lab_start_real node2

ok_if "node1 sees node2 active" lab_wait 20 lab_out_is active lab_cl_status node1 nodestatus node2
ok_if "node2 sees node1 active" lab_wait 20 lab_out_is active lab_cl_status node2 nodestatus node1
diag "both active after $(( $(lab_now_ms) - t_start )) ms"
is "node1: cl_status hbstatus" "$(lab_cl_status node1 hbstatus)" "Heartbeat is running on this machine."
is "node2: cl_status hbstatus" "$(lab_cl_status node2 hbstatus)" "Heartbeat is running on this machine."

ok_if "node1 runs its group (hbDummy alpha)" lab_wait 20 test -f "$d1/varlib/hbDummy.alpha.state"
ok_if "node2 runs its group (hbDummy beta)" lab_wait 20 test -f "$d2/varlib/hbDummy.beta.state"
ok_if "node1 holds 192.0.2.100" lab_wait 10 lab_exec node1 sh -c 'ip -4 addr show dev eth0 | grep -q "inet 192.0.2.100/"'
diag "resources up after $(( $(lab_now_ms) - t_start )) ms"

# 3.0.6 advertises deadtime + 2 s for its first 5 s; crash only after that.
elapsed=$(( $(lab_now_ms) - t_start ))
[ "$elapsed" -lt 6500 ] && sleep "$(awk -v ms=$((6500 - elapsed)) 'BEGIN{printf "%.1f", ms/1000}')"

old_holder=$(lab_holder_pid node1)
t_crash=$(lab_now_ms)
lab_crash node1
ok_if "node1's old PID namespace is gone" test ! -e "/proc/$old_holder"
ok_if "node2 reports node1 dead" lab_wait 10 lab_out_is dead lab_cl_status node2 nodestatus node1
dead_ms=$(( $(lab_now_ms) - t_crash ))
diag "node1 dead on node2 after $dead_ms ms"
ok_if "node1 declared dead within deadtime + 2 s ($dead_ms ms)" test "$dead_ms" -le $((DEADTIME_MS + 2000))
ok_if "node2 took over hbDummy alpha" lab_wait 15 test -f "$d2/varlib/hbDummy.alpha.state"
ok_if "node2 took over 192.0.2.100" lab_wait 15 lab_exec node2 sh -c 'ip -4 addr show dev eth0 | grep -q "inet 192.0.2.100/"'

# The crashed node comes back as a clean machine with its disk intact.
ok_if "node1 restarted holder is up" lab_alive node1
is "node1: service address flushed by lab_crash" \
    "$(lab_exec node1 ip -4 -o addr show dev eth0 | awk '{print $4}' | tr '\n' ' ')" "192.0.2.1/24 "
ok_if "node1: varlib survived (hb_uuid)" test -s "$d1/varlib/hb_uuid"
ok_if "node1: /run is fresh (no heartbeat.pid)" lab_exec node1 test ! -e /run/heartbeat.pid

# Logs: clean, no packets rejected.
ok_if "node1 log has no ERROR" sh -c "! grep -n 'ERROR:' '$d1/log/ha-log'"
ok_if "node2 log has no ERROR" sh -c "! grep -n 'ERROR:' '$d2/log/ha-log'"
ok_if "no 'bad node' in the logs" sh -c "! grep -in 'bad node' '$d1/log/ha-log' '$d2/log/ha-log'"

# Reboot guard: reboot inside node2 powers off node2 only and is recorded.
h2=$(lab_holder_pid node2)
lab_exec node2 /sbin/reboot -nf >/dev/null 2>&1
ok_if "reboot -nf inside node2 powered node2 off" lab_wait 5 test ! -e "/proc/$h2"
ok_if "the reboot request was recorded" grep -q 'POWER-OFF: /sbin/reboot -nf' "$d2/log/fake-reboot.log"
ok_if "node1 holder unaffected" lab_alive node1

# Cleanup leaves nothing behind.
mapfile -t recorded < "$LAB_STATE/pids"
labdir=$LAB_DIR statedir=$LAB_STATE
lab_cleanup
is "no lab namespaces left" "$(ip netns list | grep -c "^$LAB_P-")" 0
alive=0
for r in "${recorded[@]}"; do
    read -r pid start _ <<< "$r"
    _lab_alive "$pid" "$start" && alive=$((alive + 1))
done
is "no recorded process left (of ${#recorded[@]})" "$alive" 0
is "no mounts left" "$(grep -cE "$LAB_P|hb-lab" /proc/self/mountinfo)" 0
ok_if "temp and state dirs removed" test ! -e "$labdir" -a ! -e "$statedir"
ok_if "node logs copied to the test log dir" test -s "$LAB_LOGDIR/nodes/node2/ha-log"
diag "total $(( $(lab_now_ms) - t_start )) ms"
lab_exit
