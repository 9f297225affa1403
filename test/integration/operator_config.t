#!/usr/bin/env bash
# operator_config.t: configuration handling seen by an operator.
#  - `heartbeat --check` on a good configuration prints `configuration OK`
#    and exits 0; on an ha.cf with five errors it prints every one as
#    `file:line: message` and exits 6 (LSB "not configured"), and `heartbeat`
#    refuses to start on it (exit 6, `Configuration error, heartbeat not
#    started.`, no daemon left behind).
#  - authkeys mode 0644: the daemon refuses to start, exit 6, with
#    `Bad permissions on keyfile [...], 600 recommended.`
#  - --confdir/--statedir/--rundir: node1 runs with everything in other
#    directories (no ha.cf in /etc/ha.d), becomes active with node2; its
#    state files, FIFO, pidfile and control socket are where the options say;
#    -s and -k work with the same options.
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

# hb NODE ARGS...: run the daemon binary in NODE with a clean environment;
# sets OUT (stdout+stderr) and RC.
hb() {
    local n=$1; shift
    OUT=$(lab_exec_t 30 "$n" "${ENV[@]}" "$HBD_BIN" "$@" 2>&1 </dev/null)
    RC=$?
    printf '%s\n' "$OUT" | sed 's/^/#   | /' >&2
}

# hb_lacks PATTERN TEXT: TEXT has no line matching the fixed string PATTERN
hb_lacks() { ! grep -qF -- "$1" <<< "$2"; }

# --- --check, good configuration
hb node1 --check
is "--check on a good configuration: exit 0" "$RC" 0
ok_if "--check prints 'configuration OK'" grep -qx 'configuration OK' <<< "$OUT"
ok_if "--check started nothing" test ! -e "$d1/varlib/hb_generation"

# --- --check, five errors
cp "$d1/etc/ha.cf" "$d1/etc/ha.cf.good"
{
    lab_hacf_base                            # lines 1-5
    echo 'keepalive abc'                     # 6: bad time
    echo 'deadtime 3'                        # 7
    echo 'frobnicate yes'                    # 8: unknown directive
    echo 'bcast eth9'                        # 9: no such interface
    echo 'udpport 99999'                     # 10: bad port
    echo 'mcast eth0 239.192.0.1 694 9 0'    # 11: ttl above 4
    echo 'node node1 node2'
} | lab_write_hacf node1
hb node1 --check
is "--check on a broken ha.cf: exit 6" "$RC" 6
F=/etc/ha.d/ha.cf
ok_if "reports line 6 (keepalive)" grep -q "^$F:6: Invalid keepalive \[abc\]" <<< "$OUT"
ok_if "reports line 8 (unknown directive)" grep -q "^$F:8: Illegal directive \[frobnicate\]" <<< "$OUT"
ok_if "reports line 9 (no interface eth9)" grep -q "^$F:9: .*\[eth9\] does not exist" <<< "$OUT"
ok_if "reports line 10 (port)" grep -q "^$F:10: .*\[99999\]" <<< "$OUT"
ok_if "reports line 11 (mcast ttl)" grep -q "^$F:11: mcast .*ttl \[9\]" <<< "$OUT"
is "exactly five file:line errors" "$(grep -cE "^$F:[0-9]+: " <<< "$OUT" | tr -d ' ')" 5
ok_if "--check does not say OK" hb_lacks 'configuration OK' "$OUT"
hb node1
is "start on the broken ha.cf: exit 6" "$RC" 6
ok_if "start says 'Configuration error, heartbeat not started.'" \
    grep -q 'Configuration error, heartbeat not started\.' <<< "$OUT"
ok_if "broken ha.cf: nothing running (no pidfile)" lab_exec node1 test ! -e /run/heartbeat.pid
mv "$d1/etc/ha.cf.good" "$d1/etc/ha.cf"

# --- authkeys readable by others
chmod 644 "$d1/etc/authkeys"
hb node1
is "authkeys 0644: start exits 6" "$RC" 6
ok_if "says 'Bad permissions on keyfile [/etc/ha.d/authkeys], 600 recommended.'" \
    grep -qF 'Bad permissions on keyfile [/etc/ha.d/authkeys], 600 recommended.' <<< "$OUT"
ok_if "authkeys 0644: nothing running" lab_exec node1 test ! -e /run/heartbeat.pid
ok_if "authkeys 0644: no generation written" test ! -e "$d1/varlib/hb_generation"
hb node1 --check
is "authkeys 0644: --check exits 6 too" "$RC" 6
chmod 600 "$d1/etc/authkeys"

# --- other directories
alt=$LAB_DIR/alt-node1
mkdir -p "$alt/conf" "$alt/state" "$alt/run"
mv "$d1/etc/ha.cf" "$d1/etc/authkeys" "$d1/etc/haresources" "$alt/conf/"
DIRS=(--confdir "$alt/conf" --statedir "$alt/state" --rundir "$alt/run")
hb node1 --check
is "without --confdir there is no configuration: exit 6" "$RC" 6
hb node1 "${DIRS[@]}" --check
is "--confdir ... --check: exit 0" "$RC" 0
ok_if "--confdir ... --check: configuration OK" grep -qx 'configuration OK' <<< "$OUT"
ok_if "node1 started with --confdir/--statedir/--rundir" lab_start_hbd node1 "${DIRS[@]}"
ok_if "node2: heartbeatd started" hbd_start node2
export HBD_CONTROL_SOCKET=$alt/run/heartbeat/hbd-control
ok_if "node1 (its socket under --rundir) sees node2 active" \
    lab_wait 20 lab_out_is active lab_cl_status node1 nodestatus node2
unset HBD_CONTROL_SOCKET
ok_if "node2 sees node1 active" lab_wait 20 lab_out_is active lab_cl_status node2 nodestatus node1
ok_if "pidfile in --rundir" test -s "$alt/run/heartbeat.pid"
ok_if "no pidfile in /run of node1" lab_exec node1 test ! -e /run/heartbeat.pid
ok_if "generation and uuid in --statedir" test -s "$alt/state/hb_generation" -a -s "$alt/state/hb_uuid"
ok_if "FIFO in --statedir" test -p "$alt/state/fifo"
ok_if "nothing written to node1's /var/lib/heartbeat" \
    test ! -e "$d1/varlib/hb_generation" -a ! -e "$d1/varlib/hb_uuid" -a ! -e "$d1/varlib/fifo"
hb node1 "${DIRS[@]}" -s
is "-s with --rundir: exit 0" "$RC" 0
ok_if "-s with --rundir: running" grep -q "^heartbeat OK \[pid $(tr -d ' \n' < "$alt/run/heartbeat.pid") et al\] is running on node1 \[node1\]" <<< "$OUT"
hb node1 "${DIRS[@]}" -k
is "-k with --rundir: exit 0" "$RC" 0
ok_if "pidfile in --rundir removed" test ! -e "$alt/run/heartbeat.pid"
ok_if "node2 got node1's shutdown notice" lab_wait 5 hbd_has node2 "Received shutdown notice from 'node1'\."
lab_exit
