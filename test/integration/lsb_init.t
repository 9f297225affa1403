#!/usr/bin/env bash
# lsb_init.t: etc/init.d/heartbeat inside a lab node (its own /etc/ha.d,
# /run and PID namespace), with LSB exit codes:
#  - status of a stopped daemon: 3; stop when stopped: 0;
#  - start: 0 and the daemon runs (pidfile, status 0); start when running: 0
#    and still one daemon (same pid);
#  - reload: 0, the daemon logs the reread and keeps its pid; reload with a
#    broken ha.cf: 6 and the daemon keeps running;
#  - restart: 0 with a new pid; try-restart and force-reload when running: 0;
#  - stop: 0 and the daemon is gone (status 3); reload when stopped: 7;
#  - start with a broken ha.cf: 6 and nothing runs; unknown action: 2.
# timeout: 180
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"

lab_init
lab_add_node node1
lab_add_node node2
hbd_build
hbd_config "node1 node2" "ucast eth0 $(lab_ip node1)" "ucast eth0 $(lab_ip node2)"
d1=$(lab_node_dir node1)
LAB_KIND[node1]=hbd
mapfile -t ENV < <(_lab_daemon_env)
INIT=$HB_ROOT/etc/init.d/heartbeat

# init ACTION: run the init script in node1 as an init system would (clean
# environment); sets RC and OUT.
init() {
    OUT=$(lab_exec_t 120 node1 "${ENV[@]}" HEARTBEAT="$HBD_BIN" HEARTBEAT_DEFAULTS=/nonexistent \
        /bin/sh "$INIT" "$@" 2>&1 </dev/null)
    RC=$?
    printf '%s\n' "$OUT" | sed "s/^/#   init $1 | /" >&2
}
daemons() { local c; c=$(lab_exec node1 pgrep -c -x heartbeat 2>/dev/null); echo "${c:-0}"; }

hbd_start node2
init status;  is "status when stopped: 3" "$RC" 3
init stop;    is "stop when stopped: 0" "$RC" 0
init start;   is "start: 0" "$RC" 0
ok_if "the daemon runs after start" hbd_running node1
pid=$(hbd_pid node1)
init status;  is "status when running: 0" "$RC" 0
init start;   is "start when running: 0" "$RC" 0
is "start when running leaves one daemon, same pid" "$(daemons) $(hbd_pid node1)" "1 $pid"
ok_if "node1 sees node2 active" lab_wait 20 lab_out_is active lab_cl_status node1 nodestatus node2

n=$(hbd_lines node1)
init reload;  is "reload: 0" "$RC" 0
ok_if "the daemon rereads its configuration" lab_wait 10 bash -c "tail -n +$((n + 1)) '$(lab_log node1)' | grep -q 'Configuration reloaded'"
is "reload keeps the pid" "$(hbd_pid node1)" "$pid"

cp "$d1/etc/ha.cf" "$d1/etc/ha.cf.good"
echo 'frobnicate yes' >> "$d1/etc/ha.cf"
init reload;  is "reload with a broken ha.cf: 6" "$RC" 6
ok_if "the reload names the bad line" grep -q 'ha.cf:[0-9]*: Illegal directive \[frobnicate\]' <<< "$OUT"
is "the daemon keeps running on the old configuration" "$(hbd_pid node1)" "$pid"
cp "$d1/etc/ha.cf.good" "$d1/etc/ha.cf"

init restart; is "restart: 0" "$RC" 0
pid2=$(hbd_pid node1)
ok_if "restart gives a new daemon ($pid -> $pid2)" test -n "$pid2" -a "$pid2" != "$pid"
init try-restart; is "try-restart when running: 0" "$RC" 0
init force-reload; is "force-reload when running: 0" "$RC" 0

init stop;    is "stop: 0" "$RC" 0
ok_if "no daemon after stop" test "$(daemons)" = 0
init status;  is "status after stop: 3" "$RC" 3
init reload;  is "reload when stopped: 7" "$RC" 7
init try-restart; is "try-restart when stopped: 0 (nothing started)" "$RC:$(daemons)" "0:0"

echo 'frobnicate yes' >> "$d1/etc/ha.cf"
init start;   is "start with a broken ha.cf: 6" "$RC" 6
ok_if "nothing runs after a failed start" test "$(daemons)" = 0
cp "$d1/etc/ha.cf.good" "$d1/etc/ha.cf"
init frobnicate; is "unknown action: 2" "$RC" 2
lab_exit
