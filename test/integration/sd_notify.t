#!/usr/bin/env bash
# sd_notify.t: heartbeatd speaks systemd's notify protocol itself (no
# libsystemd). A python3 datagram listener stands in for systemd inside a
# lab node; the daemon runs with -f as the unit runs it.
#  - abstract socket (NOTIFY_SOCKET=@name) with WATCHDOG_USEC=400000:
#    READY=1 with MAINPID = the pidfile's pid; STATUS= with the node count;
#    WATCHDOG=1 repeated (every 200 ms: at least 4 within 2 s); STATUS
#    changes to 2/2 nodes up when node2 joins; STOPPING=1 on `heartbeat -k`
#    and the daemon exits;
#  - path socket with WATCHDOG_PID naming another process: READY=1, but no
#    WATCHDOG=1 (the watchdog is not ours).
# timeout: 120
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"

lab_init
lab_add_node node1
lab_add_node node2
hbd_build
hbd_config "node1 node2" "ucast eth0 $(lab_ip node1)" "ucast eth0 $(lab_ip node2)"
d1=$(lab_node_dir node1)
mapfile -t ENV < <(_lab_daemon_env)
LAB_KIND[node1]=hbd

cat > "$LAB_DIR/notify_listener.py" <<'PY'
# notify_listener.py SOCKET OUTFILE SECONDS: one line per datagram received
# on the AF_UNIX datagram SOCKET ('@' = abstract), newlines shown as '|'.
import os, socket, sys, time
path, out, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("\0" + path[1:] if path.startswith("@") else path)
s.settimeout(0.2)
open(out + ".bound", "w").close()
end = time.monotonic() + seconds
with open(out, "a") as f:
    while time.monotonic() < end:
        try:
            data = s.recv(4096)
        except socket.timeout:
            continue
        f.write(data.decode(errors="replace").replace("\n", "|") + "\n")
        f.flush()
PY

# listen SOCKET OUTFILE: start the listener in node1 and wait until it is bound.
listen() {
    lab_bg node1 /usr/bin/python3 "$LAB_DIR/notify_listener.py" "$1" "$2" 90
    lab_wait 10 test -e "$2.bound" || lab_bail "notify listener did not start"
}
has() { grep -q -- "$2" "$1" 2>/dev/null; }
count() { local c; c=$(grep -c -- "$2" "$1" 2>/dev/null); echo "${c:-0}"; }

# --- abstract socket, watchdog for us
OUT=$LAB_DIR/notify1.txt
listen "@hbd-notify" "$OUT"
lab_bg node1 "${ENV[@]}" NOTIFY_SOCKET=@hbd-notify WATCHDOG_USEC=400000 "$HBD_BIN" -f \
    >>"$d1/log/daemon.out" 2>&1
ok_if "READY=1 received" lab_wait 15 has "$OUT" '^READY=1'
is "READY=1 is the first message" "$(head -1 "$OUT" | cut -d'|' -f1)" "READY=1"
pid=$(hbd_pid node1)
ok_if "READY=1 carries MAINPID=$pid (the pidfile's)" grep -q "^READY=1|MAINPID=$pid\$" "$OUT"
ok_if "STATUS= reports the nodes and resources" lab_wait 5 has "$OUT" '^STATUS=1/2 nodes up; resources: '
w0=$(count "$OUT" '^WATCHDOG=1$')
hbd_sleep_ms 2000
w1=$(count "$OUT" '^WATCHDOG=1$')
diag "WATCHDOG=1 pings in 2 s: $((w1 - w0))"
ok_if "WATCHDOG=1 repeats (>= 4 in 2 s with WATCHDOG_USEC=400000)" test $((w1 - w0)) -ge 4
ok_if "at most one ping per 100 ms (half of 200 ms would be a busy loop)" test $((w1 - w0)) -le 20
hbd_start node2
ok_if "STATUS changes to 2/2 nodes up when node2 joins" lab_wait 20 has "$OUT" '^STATUS=2/2 nodes up'
s=$(count "$OUT" '^STATUS=')
ok_if "STATUS is sent on changes only (not with every ping: $s lines)" test "$s" -le 6
ok_if "heartbeat -k stops it" lab_stop node1
ok_if "STOPPING=1 received" lab_wait 5 has "$OUT" '^STOPPING=1'
ok_if "the daemon has exited" lab_wait 10 bash -c "! kill -0 $LAB_BG_PID 2>/dev/null"
sed 's/^/#   notify: /' "$OUT" | grep -v WATCHDOG >&2

# --- path socket, watchdog for another process
OUT2=$d1/notify2.txt
SOCK=$d1/notify.sock
listen "$SOCK" "$OUT2"
lab_bg node1 "${ENV[@]}" NOTIFY_SOCKET="$SOCK" WATCHDOG_USEC=400000 WATCHDOG_PID=1 "$HBD_BIN" -f \
    >>"$d1/log/daemon.out" 2>&1
ok_if "READY=1 on a path socket" lab_wait 15 has "$OUT2" '^READY=1'
hbd_sleep_ms 1000
is "no WATCHDOG=1 when WATCHDOG_PID is another process" "$(count "$OUT2" '^WATCHDOG=1$')" 0
ok_if "heartbeat -k stops it" lab_stop node1
ok_if "STOPPING=1 on a path socket" lab_wait 5 has "$OUT2" '^STOPPING=1'
lab_exit
