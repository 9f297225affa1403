#!/usr/bin/env bash
# operator_control.t: controlling a running heartbeatd.
#  - a second `heartbeat` start while one runs is refused: it logs
#    `heartbeat: already running [pid P].` (exit 0, as 3.0.6), the first
#    keeps running with the same pid, no second daemon appears;
#  - `heartbeat -s`: `heartbeat OK [pid P et al] is running on node1
#    [node1]...` (exit 0) while running, `heartbeat is stopped. No process`
#    (exit 3) when stopped;
#  - reload (SIGHUP and `heartbeat -r`): with a broken ha.cf the daemon logs
#    the errors and keeps running on the old configuration (still active,
#    warntime unchanged), `-r` refuses with exit 6; with a valid change
#    (warntime) it logs `Configuration reloaded.` and cl_status hbparameter
#    shows the new value;
#  - `heartbeat -k` on node2: node1 logs `Received shutdown notice from
#    'node2'.` and sees node2 dead, node2's daemon exits and its pidfile is
#    gone;
#  - a stale pidfile whose pid belongs to an unrelated process: -s says
#    stopped, -k leaves the process alone, a start works.
# timeout: 120
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"

lab_init
lab_add_node node1
lab_add_node node2
hbd_build
MEDIA=("ucast eth0 $(lab_ip node1)" "ucast eth0 $(lab_ip node2)")
hbd_config "node1 node2" "${MEDIA[@]}"
d1=$(lab_node_dir node1)
mapfile -t ENV < <(_lab_daemon_env)
hb() {   # hb NODE ARGS...: run the daemon binary in NODE; sets OUT and RC
    local n=$1; shift
    OUT=$(lab_exec_t 60 "$n" "${ENV[@]}" "$HBD_BIN" "$@" 2>&1 </dev/null)
    RC=$?
    printf '%s\n' "$OUT" | sed 's/^/#   | /' >&2
}
# daemons NODE: PIDs of heartbeat daemons inside NODE (its own PID namespace)
daemons() {
    lab_exec "$1" sh -c 'for p in /proc/[0-9]*; do
        [ "$(readlink "$p/exe" 2>/dev/null)" = "$1" ] && echo "${p#/proc/}"; done' _ "$HBD_BIN" |
        sort -n | tr '\n' ' '
}

# --- -s while stopped
hb node1 -s
is "-s before start: exit 3" "$RC" 3
is "-s before start: says stopped" "$OUT" "heartbeat is stopped. No process"

ok_if "node1: heartbeatd started" hbd_start node1
ok_if "node2: heartbeatd started" hbd_start node2
hbd_ok_active node1 node2 eth0
hbd_ok_active node2 node1 eth0
pid1=$(hbd_pid node1)
is "one daemon in node1, the pidfile's" "$(daemons node1)" "$pid1 "

# --- -s while running
hb node1 -s
is "-s while running: exit 0" "$RC" 0
is "-s while running: output" "$OUT" "heartbeat OK [pid $pid1 et al] is running on node1 [node1]..."

# --- second start
mark=$(hbd_lines node1)
hb node1
is "second start: exit 0 (3.0.6: LSB 'already running' is success)" "$RC" 0
ok_if "second start says 'heartbeat: already running [pid $pid1].'" \
    grep -qF "heartbeat: already running [pid $pid1]." <<< "$OUT"
ok_if "... and logs it" lab_wait 2 sh -c \
    "tail -n +$((mark + 1)) '$(lab_log node1)' | grep -qF 'info: heartbeat: already running [pid $pid1].'"
sleep 0.5
is "still exactly one daemon, the first" "$(daemons node1)" "$pid1 "
is "pidfile unchanged" "$(hbd_pid node1)" "$pid1"
ok_if "node1 still sees node2 active" lab_out_is active lab_cl_status node1 nodestatus node2
is "no second generation bump: one 'Heartbeat generation' line on node1" "$(hbd_count node1 'info: Heartbeat generation: ')" 1

# --- reload with a broken ha.cf: SIGHUP and heartbeat -r
is "warntime before" "$(lab_cl_status node1 hbparameter -p warntime | tr -d ' \n')" "$HBD_WARNTIME"
cp "$d1/etc/ha.cf" "$d1/etc/ha.cf.good"
{ cat "$d1/etc/ha.cf.good"; echo 'warntime banana'; echo 'frobnicate yes'; } | lab_write_hacf node1
nl=$(wc -l < "$d1/etc/ha.cf")
mark=$(hbd_lines node1)
lab_exec node1 kill -HUP "$pid1"
ok_if "SIGHUP, broken ha.cf: the errors are logged" \
    lab_wait 3 sh -c "tail -n +$((mark + 1)) '$(lab_log node1)' | grep -q 'ERROR: /etc/ha.d/ha.cf:$nl: Illegal directive \[frobnicate\]'"
ok_if "... with their line numbers (warntime on line $((nl - 1)))" \
    sh -c "tail -n +$((mark + 1)) '$(lab_log node1)' | grep -qiE 'ERROR: /etc/ha.d/ha.cf:$((nl - 1)): .*warn ?time \[banana\]'"
ok_if "... and it keeps the old configuration" \
    sh -c "tail -n +$((mark + 1)) '$(lab_log node1)' | grep -q 'Configuration reload failed; still running on the previous configuration.'"
ok_if "... no 'Configuration reloaded.'" \
    sh -c "! tail -n +$((mark + 1)) '$(lab_log node1)' | grep -q 'Configuration reloaded\.'"
is "same daemon still running" "$(hbd_running node1 && hbd_pid node1)" "$pid1"
ok_if "still active (sampled 3.5 s > deadtime)" hbd_stays_active 3.5 node1:node2 node2:node1
is "warntime unchanged" "$(lab_cl_status node1 hbparameter -p warntime | tr -d ' \n')" "$HBD_WARNTIME"
hb node1 -r
is "heartbeat -r with a broken ha.cf: exit 6" "$RC" 6
ok_if "heartbeat -r says 'Config errors: heartbeat pid $pid1 NOT restarted'" \
    grep -qF "Config errors: heartbeat pid $pid1 NOT restarted" <<< "$OUT"
ok_if "heartbeat -r prints the errors as file:line" \
    grep -q "^/etc/ha.d/ha.cf:$nl: Illegal directive \[frobnicate\]" <<< "$OUT"

# --- reload with a valid change
{ grep -v '^warntime' "$d1/etc/ha.cf.good"; echo 'warntime 1500ms'; } | lab_write_hacf node1
mark=$(hbd_lines node1)
lab_exec node1 kill -HUP "$pid1"
ok_if "SIGHUP, valid change: 'Configuration reloaded.'" \
    lab_wait 3 sh -c "tail -n +$((mark + 1)) '$(lab_log node1)' | grep -q 'info: Configuration reloaded\.\$'"
is "warntime is the new one" "$(lab_cl_status node1 hbparameter -p warntime | tr -d ' \n')" 1500ms
ok_if "no error while reloading" sh -c "! tail -n +$((mark + 1)) '$(lab_log node1)' | grep -q ERROR"
{ grep -v '^warntime' "$d1/etc/ha.cf.good"; echo 'warntime 1'; } | lab_write_hacf node1
mark=$(hbd_lines node1)
hb node1 -r
is "heartbeat -r, valid change: exit 0" "$RC" 0
ok_if "heartbeat -r says 'Signalling heartbeat pid $pid1 to reread config files'" \
    grep -qF "Signalling heartbeat pid $pid1 to reread config files" <<< "$OUT"
ok_if "heartbeat -r: 'Configuration reloaded.'" \
    lab_wait 3 sh -c "tail -n +$((mark + 1)) '$(lab_log node1)' | grep -q 'info: Configuration reloaded\.\$'"
is "warntime is 1 now" "$(lab_cl_status node1 hbparameter -p warntime | tr -d ' \n')" 1
is "same daemon" "$(hbd_pid node1)" "$pid1"
ok_if "both still active" hbd_stays_active 1 node1:node2 node2:node1

# --- heartbeat -k on node2
pid2=$(hbd_pid node2)
mark=$(hbd_lines node1)
t_stop=$(lab_now_ms)
hb node2 -k
is "heartbeat -k: exit 0" "$RC" 0
diag "heartbeat -k took $(( $(lab_now_ms) - t_stop )) ms"
ok_if "node1 logs 'Received shutdown notice from 'node2'.'" \
    lab_wait 3 sh -c "tail -n +$((mark + 1)) '$(lab_log node1)' | grep -q \"info: Received shutdown notice from 'node2'\.\""
ok_if "node1 sees node2 dead" lab_wait 5 lab_out_is dead lab_cl_status node1 nodestatus node2
is "node2's daemon (pid $pid2) has exited" "$(daemons node2)" ""
ok_if "node2's pidfile is gone" lab_exec node2 test ! -e /run/heartbeat.pid
ok_if "node2 logged its shutdown" hbd_has node2 'Heartbeat shutdown complete\.'
hb node2 -s
is "-s after -k: exit 3" "$RC" 3
is "-s after -k: says stopped" "$OUT" "heartbeat is stopped. No process"
hb node2 -k
is "-k when stopped: exit 0" "$RC" 0
is "-k when stopped: says so" "$OUT" "INFO: Heartbeat already stopped."

# --- a stale pidfile (left by a daemon that died without cleaning up) whose
# pid now belongs to an unrelated process: -s says stopped, -k leaves that
# process alone, and a start is not refused.
lab_exec node2 sh -c 'sleep 600 </dev/null >/dev/null 2>&1 &'   # dies with the node
sleep_pid() {   # the pid of that sleep inside node2
    lab_exec node2 sh -c 'for p in /proc/[0-9]*; do
        [ "$(cat "$p/comm" 2>/dev/null)" = sleep ] && echo "${p#/proc/}"; done' | head -n 1
}
sleep_runs() { [ -n "$(sleep_pid)" ]; }
lab_wait 3 sleep_runs
other=$(sleep_pid)
ok_if "an unrelated process runs in node2 (pid ${other:-?})" test -n "$other"
lab_exec node2 sh -c "echo '$other' > /run/heartbeat.pid"
hb node2 -s
is "stale pidfile: -s exit 3" "$RC" 3
is "stale pidfile: -s says stopped" "$OUT" "heartbeat is stopped. No process"
hb node2 -k
is "stale pidfile: -k exit 0" "$RC" 0
is "stale pidfile: -k says already stopped" "$OUT" "INFO: Heartbeat already stopped."
ok_if "stale pidfile: -k did not signal the unrelated process" lab_exec node2 kill -0 "$other"
ok_if "stale pidfile: heartbeat starts anyway" hbd_start node2
new2=$(hbd_pid node2)
ok_if "stale pidfile: replaced by the new daemon's pid ($new2)" \
    test -n "$new2" -a "$new2" != "$other"
ok_if "node1 sees node2 back (restart)" lab_wait 15 lab_out_is active lab_cl_status node1 nodestatus node2
ok_if "the unrelated process is still alive" lab_exec node2 kill -0 "$other"
ok_if "node1 stays up and active" lab_out_is active lab_cl_status node1 nodestatus node1
ok_if "node1: no partition or CRIT lines" hbd_hasnt node1 'returning after partition|CRIT:'
lab_exit
