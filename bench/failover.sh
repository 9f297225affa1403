#!/usr/bin/env bash
# shellcheck disable=SC2016,SC2317  # sh -c scripts get $1; run_* are called as "run_$s"
# bench/failover.sh: how long a client cannot reach a service on the VIP when
# the cluster moves it, heartbeatd vs Heartbeat 3.0.6 in the same run, each
# pair alone in the namespace lab of test/lib/lab.sh (see docs/performance.md,
# section 3).
#
#   bash bench/failover.sh [REPS]          (as root; default 5 repetitions)
#   FAILOVER_IMPLS="hbd" bash bench/failover.sh 3      (a subset, in that order)
#   FAILOVER_SCENARIOS="crash standby" ...             (default: crash standby stop)
#   FAILOVER_DEBUG=1 ...   (`debug 1` in ha.cf: heartbeatd then logs the
#                           duration of every status run too; the report
#                           splits its takeovers into scripts and the rest)
#   FAILOVER_TRACE=1 ...   (investigation: `debug 1` and an exec timeline of
#                           each daemon and its children through strace;
#                           slows process creation, numbers are not comparable)
#
# Cluster: node1 + node2 (ucast, sha1, keepalive 500ms, deadtime 3, warntime
# 2, initdead 6, auto_failback on, realtime off), one group
#   node1 IPaddr::192.0.2.100/24/eth0 benchweb
# heartbeatd nodes use the project's resource.d scripts and build/send_arp
# (bind-mounted over /usr/libexec/heartbeat/send_arp); 3.0.6 nodes Debian's
# stock ones. benchweb (written below, the same file for both) is
# `socat TCP-LISTEN:8080,bind=VIP,fork` answering the node's name; it logs
# its own start/stop with microsecond stamps to /var/log/benchweb.log.
# The client (192.0.2.10, default sysctls, it keeps its neighbour cache)
# opens a TCP connection to VIP:8080 every FAILOVER_POLL_MS (10) ms, each
# with a 200 ms connect timeout, and logs when each answer came and from
# which node. Per repetition and implementation:
#   crash    lab_crash node1 (SIGKILL of its PID namespace): detection =
#            kill -> node2 declares node1 dead (the `stonith` message it
#            sends then, on the switch; also from a 20 ms poll of
#            `cl_status nodestatus node1` on node2); takeover = declared
#            dead -> first answer from node2
#   failback node1's daemon started again after the crash (failback.crash)
#            or the stop (failback.stop) -> node1 answers (auto_failback on);
#            window = last node2 -> first node1
#   standby  hb_standby on node1 (heartbeatd: build/hb_standby, 3.0.6:
#            /usr/share/heartbeat/hb_standby); window = last answer from node1
#            -> first from node2; total = command -> first answer from node2
#   back     hb_standby foreign on node2 (node1 gets its group back), same
#   stop     `heartbeat -k` on node1, same; node1 is then started again
# Also recorded (for the breakdown): heartbeat packets and ARP frames on the
# switch (tcpdump), address changes in both nodes and the client's neighbour
# entry (ip -ts monitor), benchweb's own stamps and the daemons' logs.
#
# Needs: heartbeat, socat, tcpdump, iproute2, python3 (client and report;
# installed with apt-get if missing), strace only with FAILOVER_TRACE=1.
# Builds build/heartbeat etc. only if missing (run `make` first to measure the
# current tree); copies the binaries it runs into the lab first, so a rebuild
# during the run does not mix versions. Cleans up after itself (lab_cleanup
# trap). Raw data of the last run: build/bench/failover-logs/.
# Must not: run from `make test`; touch anything outside its own lab.
set -u
HB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPS=${1:-5}
IMPLS=${FAILOVER_IMPLS:-hbd real}
SCENARIOS=${FAILOVER_SCENARIOS:-crash standby stop}
POLL_MS=${FAILOVER_POLL_MS:-10}
SETTLE=${FAILOVER_SETTLE:-6}     # > send_arp's 10 x 500 ms, so no announcement overlaps the next step
TRACE=${FAILOVER_TRACE:-0}
DEBUG=${FAILOVER_DEBUG:-0}; [ "$TRACE" = 1 ] && DEBUG=1
[[ $DEBUG =~ ^[0-9]$ ]] || { echo "FAILOVER_DEBUG must be a digit" >&2; exit 2; }
for w in $IMPLS; do case $w in hbd|real) ;; *) echo "unknown implementation '$w' (hbd, real)" >&2; exit 2 ;; esac; done
for s in $SCENARIOS; do case $s in crash|standby|stop) ;; *) echo "unknown scenario '$s' (crash, standby, stop)" >&2; exit 2 ;; esac; done
[ -n "$IMPLS" ] && [ -n "$SCENARIOS" ] || { echo "FAILOVER_IMPLS and FAILOVER_SCENARIOS must not be empty" >&2; exit 2; }
VIP=192.0.2.100 PORT=8080
[[ $REPS =~ ^[0-9]+$ ]] && [ "$REPS" -ge 1 ] && [ "$REPS" -le 50 ] \
    || { echo "usage: bash bench/failover.sh [REPS 1-50]" >&2; exit 2; }
[[ $POLL_MS =~ ^[0-9]+$ ]] && [ "$POLL_MS" -ge 2 ] || { echo "FAILOVER_POLL_MS must be >= 2" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "bench/failover.sh: needs root (network namespaces)" >&2; exit 2; }

# ---------------------------------------------------------------- setup --
need_pkg() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed' && return 0
    echo "# installing $1" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$1" >&2 \
        || { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$1" >&2; }
}
for p in heartbeat socat tcpdump iproute2 python3; do need_pkg "$p" || exit 1; done
[ "$TRACE" = 1 ] && { need_pkg strace || exit 1; }
for t in build/heartbeat build/cl_status build/hb_standby build/send_arp build/test/nsinit; do
    [ -x "$HB_ROOT/$t" ] || { make -s -C "$HB_ROOT" -j2 all build/test/nsinit >&2 || exit 1; break; }
done

OUT=$HB_ROOT/build/bench/failover-logs
export HB_TEST_LOGDIR=$OUT/lab
rm -rf -- "$OUT"; mkdir -p "$OUT"
# shellcheck source=../test/lib/lab.sh
source "$HB_ROOT/test/lib/lab.sh"
lab_init
BIN=$LAB_DIR/bin
mkdir -p "$BIN"
cp "$HB_ROOT"/build/{heartbeat,cl_status,hb_standby,send_arp} "$BIN/" || lab_bail "cannot copy the binaries"
export HB_DAEMON=$BIN/heartbeat HB_CL_STATUS=$BIN/cl_status
lab_add_node node1
lab_add_node node2
lab_add_client client
MAC1=$(lab_exec node1 cat /sys/class/net/eth0/address)
MAC2=$(lab_exec node2 cat /sys/class/net/eth0/address)

# ------------------------------------------------------ the service -----
# benchweb: the same resource script for both implementations.
BENCHWEB=$LAB_DIR/benchweb
cat > "$BENCHWEB" <<EOF
#!/bin/bash
# benchweb {start|stop|status}: bench/failover.sh's service: socat on
# $VIP:$PORT answering the node's name. Logs its steps with microsecond
# stamps to /var/log/benchweb.log.
VIP=$VIP PORT=$PORT
EOF
cat >> "$BENCHWEB" <<'EOF'
PIDF=/run/benchweb.pid ANSWER=/run/benchweb.answer LOG=/var/log/benchweb.log
stamp() { echo "$EPOCHREALTIME $$ $*" >> "$LOG"; }
pid() { local p; [ -s "$PIDF" ] && read -r p < "$PIDF" && [ -n "$p" ] && echo "$p"; }
alive() { local c; [ -r "/proc/$1/comm" ] && read -r c < "/proc/$1/comm" && [ "$c" = socat ]; }
listening() {   # VIP:PORT in state LISTEN (0A) in this netns, without forking
    local want l a
    printf -v want '%02X%02X%02X%02X:%04X' $(IFS=.; set -- $VIP; echo "$4 $3 $2 $1") "$PORT"
    # listening sockets come first; stop at the first other one (there are
    # thousands of TIME_WAIT entries after a while)
    while read -r _ l _ a _; do
        [ "$a" = st ] && continue
        [ "$a" = 0A ] || return 1
        [ "$l" = "$want" ] && return 0
    done < /proc/net/tcp
    return 1
}
case ${1:-} in
start)
    stamp start-begin
    p=$(pid) && alive "$p" && { stamp start-already; exit 0; }
    read -r h < /proc/sys/kernel/hostname; echo "$h" > "$ANSWER"
    # its own session and process group: stop kills it and every per-connection child
    setsid socat TCP-LISTEN:$PORT,bind=$VIP,fork,reuseaddr OPEN:$ANSWER,rdonly </dev/null >/dev/null 2>&1 &
    p=$!; echo "$p" > "$PIDF"
    for ((i = 0; i < 600; i++)); do     # spin for the first few ms, then 5 ms steps (2 s at most)
        listening && { stamp listening; exit 0; }
        kill -0 "$p" 2>/dev/null || break   # (not alive: before its exec, comm is not socat yet)
        [ "$i" -ge 200 ] && sleep 0.005
    done
    stamp start-failed; kill -KILL -- "-$p" 2>/dev/null; rm -f "$PIDF"; exit 1 ;;
stop)
    stamp stop-begin
    if p=$(pid); then
        kill -TERM -- "-$p" 2>/dev/null
        for ((i = 0; i < 400; i++)); do   # spin first, then 10 ms steps (2 s at most)
            kill -0 -- "-$p" 2>/dev/null || break
            [ "$i" -ge 200 ] && sleep 0.01
        done
        kill -KILL -- "-$p" 2>/dev/null
        rm -f "$PIDF"
    fi
    stamp stop-end; exit 0 ;;
status)
    if p=$(pid) && alive "$p"; then echo running; else echo stopped; fi; exit 0 ;;
*)  echo "usage: $0 {start|stop|status}" >&2; exit 1 ;;
esac
EOF
chmod 755 "$BENCHWEB"

# ------------------------------------------------------------ the client --
CLIENT_PY=$LAB_DIR/client.py
cat > "$CLIENT_PY" <<'EOF'
# client.py VIP PORT PERIOD_MS TIMEOUT_MS MAX_S OUT STATE STOPFILE
# Opens a TCP connection to VIP:PORT every PERIOD_MS (non-blocking, many in
# flight), reads the answer (the node's name) to EOF. One line per attempt:
# "start end ok NODE" | "start end refused|timeout|err<errno> -" (wall clock,
# seconds). STATE is rewritten every 50 ms: "NODE END" of the newest answer.
import errno, os, selectors, socket, sys, time
vip, port = sys.argv[1], int(sys.argv[2])
period, tmo, max_s = float(sys.argv[3]) / 1000, float(sys.argv[4]) / 1000, float(sys.argv[5])
out, state, stopf = sys.argv[6], sys.argv[7], sys.argv[8]
sel = selectors.DefaultSelector()
log = open(out, "w", buffering=1 << 16)
mono0 = time.monotonic(); end_at = mono0 + max_s; next_at = mono0; next_state = mono0
last = ("-", 0.0)
def done(s, info, what, node="-"):
    global last
    t1 = time.time()
    try: sel.unregister(s)
    except Exception: pass
    s.close()
    log.write("%.6f %.6f %s %s\n" % (info[0], t1, what, node))
    if what == "ok": last = (node, t1)
while True:
    now = time.monotonic()
    if now >= end_at or os.path.exists(stopf): break
    if now >= next_at:
        next_at += period
        if next_at < now: next_at = now + period
        if len(sel.get_map()) < 200:
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM | socket.SOCK_NONBLOCK)
            info = [time.time(), now + tmo, b""]
            rc = s.connect_ex((vip, port))
            if rc in (0, errno.EINPROGRESS):
                sel.register(s, selectors.EVENT_WRITE, info)
            else:
                done(s, info, "refused" if rc == errno.ECONNREFUSED else "err%d" % rc)
    if now >= next_state:
        next_state = now + 0.05
        with open(state + ".tmp", "w") as f: f.write("%s %.6f\n" % last)
        os.replace(state + ".tmp", state)
        log.flush()
    timeout = max(0.0, min(next_at, next_state) - time.monotonic())
    for key, ev in sel.select(timeout):
        s, info = key.fileobj, key.data
        if ev & selectors.EVENT_WRITE and key.events == selectors.EVENT_WRITE:
            err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            if err:
                done(s, info, "refused" if err == errno.ECONNREFUSED else "err%d" % err)
            else:
                info[1] = time.monotonic() + 0.5      # answer within 0.5 s
                sel.modify(s, selectors.EVENT_READ, info)
            continue
        try: b = s.recv(256)
        except OSError as e:
            done(s, info, "err%d" % e.errno); continue
        if b: info[2] += b
        else: done(s, info, "ok" if info[2].strip() else "empty", info[2].decode(errors="replace").strip() or "-")
    now = time.monotonic()
    for key in list(sel.get_map().values()):
        if now >= key.data[1]: done(key.fileobj, key.data, "timeout")
log.close()
EOF

# ------------------------------------------------------------- configs --
HBIMPL=''   # hbd | real: the pair being measured
write_config() {
    local n
    for n in node1 node2; do
        {
            lab_hacf_base
            printf '%s\n' "keepalive 500ms" "deadtime 3" "warntime 2" "initdead 6" "auto_failback on" \
                "crm off" "ucast eth0 192.0.2.1" "ucast eth0 192.0.2.2" "node node1" "node node2"
            [ "$DEBUG" != 0 ] && echo "debug $DEBUG"
        } | lab_write_hacf "$n"
        lab_write_authkeys "$n" sha1 "failover-bench-$LAB_P"
        echo "node1 IPaddr::$VIP/24/eth0 benchweb" | lab_write_haresources "$n"
    done
}

# fresh_node NODE: a clean node for the pair being measured: new holder (no
# leftover mounts or /run), no state files, empty logs, the implementation's
# resource scripts plus benchweb, the project's send_arp for heartbeatd.
fresh_node() {
    local n=$1 d; d=$(lab_node_dir "$1")
    lab_crash "$n"
    find "$d/varlib" -mindepth 1 ! -type d -delete
    find "$d/log" -mindepth 1 -delete
    rm -rf "$d/etc/resource.d"; cp -a /etc/ha.d/resource.d "$d/etc/resource.d"
    [ "$HBIMPL" = hbd ] && { cp "$HB_ROOT"/resource.d/* "$HB_ROOT"/resource.d/.hbd-* "$d/etc/resource.d/" \
        || lab_bail "cannot install the project's resource scripts"; }
    install -m 755 "$BENCHWEB" "$d/etc/resource.d/benchweb"
    node_mounts "$n"
}
# node_mounts NODE: the project's send_arp where IPaddr calls it (heartbeatd
# pair only; again after every lab_crash, the new holder starts clean)
node_mounts() {
    [ "$HBIMPL" = hbd ] || return 0
    lab_exec "$1" mount --bind "$BIN/send_arp" /usr/libexec/heartbeat/send_arp || lab_bail "$1: send_arp"
}

start_daemon() {
    local n=$1
    if [ "$TRACE" = 1 ]; then   # strace stays in front as the tracer: run it in the background
        local bin=$HB_DAEMON; [ "$HBIMPL" = real ] && bin=$LAB_REAL_HB
        # shellcheck disable=SC2034  # lab.sh's: lab_stop and lab_cl_status read it
        LAB_KIND[$n]=$HBIMPL
        local -a e; mapfile -t e < <(_lab_daemon_env)
        lab_bg "$n" strace -f -q -A -s 200 --seccomp-bpf -ttt -e trace=execve -e signal=none \
            -o /var/log/exec.trace "${e[@]}" "$bin" >>"$(lab_node_dir "$n")/log/daemon.out" 2>&1
        lab_wait 10 lab_exec "$n" test -s /run/heartbeat.pid
        return
    fi
    if [ "$HBIMPL" = hbd ]; then lab_start_hbd "$n"; else lab_start_real "$n"; fi
}
standby_cmd() { if [ "$HBIMPL" = hbd ]; then echo "$BIN/hb_standby"; else echo /usr/share/heartbeat/hb_standby; fi; }

# --------------------------------------------------------- observation --
D=''            # $OUT/$HBIMPL: this pair's raw data
declare -a OBS_PIDS=()
mark() { echo "$EPOCHREALTIME $*" >> "$D/marks.log"; }
spawn_obs() {   # spawn_obs OUTFILE CMD...: a host-side observer, killed at the pair's end
    _lab_spawn "$1" "${@:2}"
    _lab_record_pid "$LAB_SPAWNED_PID" observer
    OBS_PIDS+=("$LAB_SPAWNED_PID $LAB_REC_ST")
}
start_observers() {
    OBS_PIDS=()
    spawn_obs "$D/addr.node1.log" ip -n "$(lab_ns node1)" -ts monitor address
    spawn_obs "$D/addr.node2.log" ip -n "$(lab_ns node2)" -ts monitor address
    spawn_obs "$D/neigh.client.log" ip -n "$(lab_ns client)" -ts monitor neigh
    spawn_obs "$D/tcpdump.err" ip netns exec "$LAB_SW" tcpdump -i br0 -s 0 -U -n -w "$D/wire.pcap" \
        'arp or udp port 694'
    rm -f "$D/client.stop"
    lab_bg client python3 "$CLIENT_PY" "$VIP" "$PORT" "$POLL_MS" 200 3600 \
        "$D/client.log" "$D/client.state" "$D/client.stop"
    CLIENT_PID=$LAB_BG_PID
}
stop_observers() {
    local x pid st i
    touch "$D/client.stop"
    for ((i = 0; i < 50; i++)); do kill -0 "$CLIENT_PID" 2>/dev/null || break; sleep 0.1; done
    kill "$CLIENT_PID" 2>/dev/null; wait "$CLIENT_PID" 2>/dev/null
    sleep 1   # the last packets reach tcpdump
    for x in "${OBS_PIDS[@]}"; do
        read -r pid st <<< "$x"
        _lab_alive "$pid" "$st" && kill -TERM "$pid" 2>/dev/null
    done
    sleep 0.3
}

# served_after NODE T: the client's newest answer came from NODE after T (s)
served_after() {
    local n t
    read -r n t 2>/dev/null < "$D/client.state" || return 1
    [ "$n" = "$1" ] && awk -v a="$t" -v b="$2" 'BEGIN { exit !(a > b) }'
}
wait_served() {   # wait_served NODE T SECS
    local i max=$(( $3 * 20 ))
    for ((i = 0; i < max; i++)); do served_after "$1" "$2" && return 0; sleep 0.05; done
    return 1
}
rsc() { lab_cl_status "$1" rscstatus 2>/dev/null | tr -d ' \n'; }
# settled: both nodes report a settled rscstatus (not transition) and each
# sees the other active.
settled() {
    local a b
    a=$(rsc node1) b=$(rsc node2)
    [ -n "$a" ] && [ -n "$b" ] && [ "$a" != transition ] && [ "$b" != transition ] || return 1
    lab_out_is active lab_cl_status node1 nodestatus node2 && lab_out_is active lab_cl_status node2 nodestatus node1
}
wait_settled() {  # wait_settled NODE_SERVING WHAT: served by it, settled, then SETTLE s
    local t; t=$(lab_now_ms)
    wait_served "$1" "$(echo "$t" | awk '{ printf "%.3f", $1 / 1000 - 1 }')" 60 || lab_bail "$HBIMPL $2: $1 does not serve"
    lab_wait 60 settled || lab_bail "$HBIMPL $2: the pair did not settle (rscstatus $(rsc node1)/$(rsc node2))"
    sleep "$SETTLE"
}

# ------------------------------------------------------------ scenarios --
# survivor_settled WHAT: node2 finished the takeover (rscstatus all) and
# its announcements are over, before node1 comes back
survivor_settled() {
    lab_wait 60 lab_out_is all rsc node2 || lab_bail "$HBIMPL $1: node2 did not settle ($(rsc node2))"
    sleep "$SETTLE"
}
restart_node1() {   # restart_node1 REP AFTER: failback after a crash or stop of node1
    local rep=$1 f=failback.$2 t
    t=$EPOCHREALTIME; mark "$f" "$rep" cmd
    start_daemon node1 || lab_bail "$HBIMPL: node1 did not start again"
    wait_served node1 "$t" 60 || lab_bail "$HBIMPL rep $rep: no failback to node1"
    mark "$f" "$rep" end
    wait_settled node1 "$f $rep"
}

run_crash() {
    local rep=$1 t dpid i
    mark crash "$rep" begin
    lab_bg node2 bash -c 'for ((i = 0; i < 1500; i++)); do t0=$EPOCHREALTIME; s=$("$1" nodestatus node1 2>/dev/null)
        echo "$t0 $EPOCHREALTIME ${s:-?}"; [ "$s" = dead ] && exit 0; sleep 0.02; done' _ \
        "$([ "$HBIMPL" = hbd ] && echo "$HB_CL_STATUS" || echo "$LAB_REAL_CL")" > "$D/detect.$rep.log"
    dpid=$LAB_BG_PID
    for ((i = 0; i < 50; i++)); do [ -s "$D/detect.$rep.log" ] && break; sleep 0.05; done
    sleep 0.2
    t=$EPOCHREALTIME; mark crash "$rep" kill
    lab_crash node1
    node_mounts node1
    wait_served node2 "$t" 30 || diag "$HBIMPL crash $rep: node2 does not serve"
    for ((i = 0; i < 100; i++)); do kill -0 "$dpid" 2>/dev/null || break; sleep 0.1; done
    kill "$dpid" 2>/dev/null; wait "$dpid" 2>/dev/null
    mark crash "$rep" end
    survivor_settled crash
    restart_node1 "$rep" crash
}

run_standby() {
    local rep=$1 t out
    t=$EPOCHREALTIME; mark standby "$rep" cmd
    out=$(lab_exec_t 60 node1 "$(standby_cmd)" 2>&1); mark standby "$rep" ret
    echo "standby $rep: $out" >> "$D/commands.log"
    wait_served node2 "$t" 30 || lab_bail "$HBIMPL standby $rep: node2 does not serve"
    mark standby "$rep" end
    wait_settled node2 "standby $rep"
    t=$EPOCHREALTIME; mark back "$rep" cmd
    out=$(lab_exec_t 60 node2 "$(standby_cmd)" foreign 2>&1); mark back "$rep" ret
    echo "back $rep: $out" >> "$D/commands.log"
    wait_served node1 "$t" 30 || lab_bail "$HBIMPL back $rep: node1 does not serve"
    mark back "$rep" end
    wait_settled node1 "back $rep"
}

run_stop() {
    local rep=$1 t
    t=$EPOCHREALTIME; mark stop "$rep" cmd
    lab_stop node1; mark stop "$rep" ret
    wait_served node2 "$t" 30 || lab_bail "$HBIMPL stop $rep: node2 does not serve"
    mark stop "$rep" end
    survivor_settled stop
    restart_node1 "$rep" stop
}

LOADS=()
run_pair() {
    HBIMPL=$1 D=$OUT/$1
    mkdir -p "$D"
    LOADS+=("$1 start $(cut -d' ' -f1-3 /proc/loadavg)")
    diag "pair $HBIMPL: preparing"
    fresh_node node1; fresh_node node2
    lab_exec client ip neigh flush dev eth0
    write_config
    start_observers
    mark boot 0 cmd
    start_daemon node1 && start_daemon node2 || lab_bail "$HBIMPL did not start"
    wait_settled node1 boot
    mark boot 0 end
    local rep s
    for ((rep = 1; rep <= REPS; rep++)); do
        for s in $SCENARIOS; do
            diag "pair $HBIMPL: $s $rep/$REPS"
            "run_$s" "$rep"
        done
    done
    LOADS+=("$1 end $(cut -d' ' -f1-3 /proc/loadavg)")
    lab_stop node2; lab_stop node1
    stop_observers
    local n
    for n in node1 node2; do
        mkdir -p "$D/$n"; cp -r "$(lab_node_dir "$n")/log/." "$D/$n/"
    done
    printf '%s %s\n' node1 "$MAC1" node2 "$MAC2" > "$D/macs"
    tcpdump -r "$D/wire.pcap" -tt -n -A 'udp port 694' > "$D/wire.txt" 2>/dev/null
    tcpdump -r "$D/wire.pcap" -tt -n -e arp > "$D/arp.txt" 2>/dev/null
    rm -f "$D/wire.pcap"
}

LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
T0=$(lab_now_ms)
for w in $IMPLS; do run_pair "$w"; done
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)

# ------------------------------------------------------------- report --
cat > "$OUT/report.py" <<'EOF'
# report.py OUTDIR IMPL...: per-step numbers and medians from the raw data
import datetime, os, re, statistics, sys, time
out, impls = sys.argv[1], sys.argv[2:]
VIP = "192.0.2.100"

def ipts(line):   # "[2026-11-23T20:45:27.669092] ..." -> epoch seconds
    m = re.match(r"\[(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+)\]", line)
    return datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S.%f").timestamp() if m else None

def load(d):
    L = {}
    L["macs"] = dict(l.split() for l in open(f"{d}/macs"))
    L["client"] = []
    for l in open(f"{d}/client.log"):
        f = l.split()
        if len(f) == 4: L["client"].append((float(f[0]), float(f[1]), f[2], f[3]))
    L["marks"] = [(float(a), b, int(c), e) for a, b, c, e in (l.split() for l in open(f"{d}/marks.log"))]
    L["addr"] = {}
    for n in ("node1", "node2"):
        ev = []
        for l in open(f"{d}/addr.{n}.log"):
            t = ipts(l)
            if t is not None and f" {VIP}/" in l: ev.append((t, "del" if "Deleted" in l else "add"))
        L["addr"][n] = ev
    L["neigh"] = []
    for l in open(f"{d}/neigh.client.log"):
        t = ipts(l); m = re.search(VIP + r" .*lladdr (\S+)", l)
        if t is not None and m and "Deleted" not in l: L["neigh"].append((t, m.group(1)))
    L["garp"] = []
    for l in open(f"{d}/arp.txt"):
        m = re.match(r"(\d+\.\d+) (\S+) > .*?(Request who-has ([\d.]+)(?: \([^)]*\))? tell ([\d.]+)|Reply ([\d.]+) is-at)", l)
        if m and (m.group(4) == VIP and m.group(5) == VIP or m.group(6) == VIP):
            L["garp"].append((float(m.group(1)), m.group(2)))
    L["wire"] = []   # (t, src ip, type, detail)
    cur = None
    def flush(c):
        if c:
            p = c[3]; tm = re.search(r"\)t=([A-Za-z_]+)", p)
            if tm and tm.group(1) not in ("status", "NS_ackmsg") or re.search(r"\)st=dead", p):
                det = " ".join(f"{k}={v}" for k, v in re.findall(r"\)(rsc_hold|info|result|st)=([A-Za-z_()]+)", p)
                               if not (k == "st" and tm and tm.group(1) != "status"))
                L["wire"].append((c[0], c[1], tm.group(1) if tm else "?", det))
    for l in open(f"{d}/wire.txt", errors="replace"):
        m = re.match(r"(\d+\.\d+) IP (\d+\.\d+\.\d+\.\d+)\.\d+ > (\S+): UDP", l)
        if m: flush(cur); cur = [float(m.group(1)), m.group(2), m.group(3), ""]
        elif cur: cur[3] += l.rstrip("\n")
    flush(cur)
    L["bw"] = {}
    for n in ("node1", "node2"):
        p = f"{d}/{n}/benchweb.log"
        L["bw"][n] = [(float(a), e) for a, _, e in (l.split()[:3] for l in open(p))] if os.path.exists(p) else []
    L["detect"] = {}
    for f in os.listdir(d):
        m = re.match(r"detect\.(\d+)\.log$", f)
        if m: L["detect"][int(m.group(1))] = [(float(a), float(b), s) for a, b, s in
                                              (l.split()[:3] for l in open(f"{d}/{f}") if len(l.split()) >= 3)]
    return L

IP = {"node1": "192.0.2.1", "node2": "192.0.2.2"}
def first(seq, t0, t1, pred=lambda e: True):
    for e in seq:
        if t0 <= e[0] <= t1 and pred(e): return e
    return None

def steps(L):
    """one dict per scenario instance"""
    res, marks = [], L["marks"]
    idx = {}
    for t, s, r, e in marks: idx[(s, r, e)] = t
    keys = sorted({(s, r) for _, s, r, _ in marks if s != "boot"}, key=lambda k: idx.get((k[0], k[1], "cmd"), idx.get((k[0], k[1], "kill"), 0)))
    ok = [c for c in L["client"] if c[2] == "ok"]
    for s, r in keys:
        cmd = idx.get((s, r, "kill"), idx.get((s, r, "cmd")))
        end = idx.get((s, r, "end"))
        if cmd is None or end is None: continue
        src, dst = ("node2", "node1") if s == "back" or s.startswith("failback") else ("node1", "node2")
        after = [c for c in ok if c[1] >= cmd and c[3] == dst]
        if not after: continue
        fdst = min(c[1] for c in after)
        before = [c[1] for c in ok if c[3] == src and c[1] < fdst and c[1] > cmd - 30]
        lsrc = max(before) if before else None
        x = {"scenario": s, "rep": r, "cmd": cmd, "first_dst": fdst, "last_src": lsrc,
             "total": (fdst - cmd) * 1000, "window": (fdst - lsrc) * 1000 if lsrc else None,
             "flaps": sum(1 for c in ok if c[3] == src and fdst < c[1] <= end + 2)}
        if (s, r, "ret") in idx: x["ret"] = (idx[(s, r, "ret")] - cmd) * 1000
        hi = end + 1
        if s == "crash":
            st = first(L["wire"], cmd, hi, lambda e: e[1] == IP[dst] and e[2] == "stonith")
            if st:
                x["declared"] = (st[0] - cmd) * 1000
                x["takeover_wire"] = (fdst - st[0]) * 1000
            det = L["detect"].get(r, [])
            dead = next((i for i, e in enumerate(det) if e[2] == "dead"), None)
            if dead is not None:
                x["dead"] = det[dead][1]
                x["dead_lo"] = det[dead - 1][1] if dead > 0 else det[dead][0]
                x["detect"] = (x["dead"] - cmd) * 1000
                x["takeover"] = (fdst - x["dead"]) * 1000
                x["poll_calls"] = [(e[1] - e[0]) * 1000 for e in det]
        ev = {}
        def put(k, e):
            if e: ev[k] = (e[0] - cmd) * 1000
        for t, srcip, typ, det in L["wire"]:
            if cmd <= t <= hi:
                who = "node1" if srcip == IP["node1"] else "node2" if srcip == IP["node2"] else srcip
                k = f"wire {who} {typ} {det}".strip()
                if k not in ev: ev[k] = (t - cmd) * 1000
        put(f"{src} VIP removed", first(L["addr"][src], cmd, hi, lambda e: e[1] == "del"))
        put(f"{dst} VIP added", first(L["addr"][dst], cmd, hi, lambda e: e[1] == "add"))
        put(f"{dst} first gratuitous ARP", first(L["garp"], cmd, hi, lambda e: e[1] == L["macs"][dst]))
        put(f"client neighbour entry -> {dst}", first(L["neigh"], cmd, hi, lambda e: e[1] == L["macs"][dst]))
        for n in (src, dst):
            for k in ("stop-begin", "stop-end", "start-begin", "listening"):
                put(f"{n} benchweb {k}", first(L["bw"][n], cmd, hi, lambda e, k=k: e[1] == k))
        if lsrc: ev[f"client last answer from {src}"] = (lsrc - cmd) * 1000
        ev[f"client first answer from {dst}"] = (fdst - cmd) * 1000
        if "dead" in x: ev[f"{dst} cl_status: node1 dead"] = (x["dead"] - cmd) * 1000
        x["events"] = ev
        if "declared" in x:   # the takeover, counted from node2's decision
            x["events_declared"] = {k: v - x["declared"] for k, v in ev.items() if v >= x["declared"] - 1}
        res.append(x)
    return res

def stat(v):
    v = [a for a in v if a is not None]
    if not v: return "-"
    return f"{statistics.median(v):7.0f} {min(v):7.0f} {max(v):7.0f}  (n={len(v)})"

all_steps = {}
for impl in impls:
    d = f"{out}/{impl}"
    if not os.path.isdir(d): continue
    all_steps[impl] = steps(load(d))

name = {"hbd": "heartbeatd", "real": "hb-3.0.6"}
rows = [("crash", "declared", "crash: kill -> node2 declares node1 dead (wire)"),
        ("crash", "takeover_wire", "crash: declared dead (wire) -> first node2 answer"),
        ("crash", "detect", "crash: kill -> cl_status on node2 says dead"),
        ("crash", "takeover", "crash: cl_status dead -> first node2 answer"),
        ("crash", "total", "crash: kill -> first answer from node2"),
        ("standby", "window", "hb_standby node1: last node1 -> first node2"),
        ("standby", "total", "hb_standby node1: command -> first node2"),
        ("back", "window", "hb_standby foreign node2: last node2 -> first node1"),
        ("back", "total", "hb_standby foreign node2: command -> first node1"),
        ("stop", "window", "heartbeat -k node1: last node1 -> first node2"),
        ("stop", "total", "heartbeat -k node1: command -> first node2"),
        ("failback.crash", "window", "failback after crash: last node2 -> first node1"),
        ("failback.stop", "window", "failback after stop: last node2 -> first node1"),
        ("standby", "ret", "hb_standby node1: command returned after")]
print("\nms: median min max (n)")
print(f"{'measure':55s} " + "  ".join(f"{name.get(i, i):>34s}" for i in all_steps))
for s, k, label in rows:
    cells = [stat([x.get(k) for x in all_steps[i] if x["scenario"] == s]) for i in all_steps]
    if all(c == "-" for c in cells): continue
    print(f"{label:55s} " + "  ".join(f"{c:>34s}" for c in cells))
for impl, st in all_steps.items():
    pc = sorted(v for x in st for v in x.get("poll_calls", []))
    fl = sum(x["flaps"] for x in st)
    q = lambda f: pc[min(len(pc) - 1, int(f * len(pc)))]
    poll = (f"cl_status nodestatus call (poll every 20 ms) median {q(0.5):.1f} ms, 90th percentile"
            f" {q(0.9):.1f} ms, max {pc[-1]:.1f} ms; ") if pc else ""
    print(f"{name.get(impl, impl)}: {poll}answers from the old node after the switch: {fl}")

# heartbeatd logs each start/stop (and with debug, status) with its duration
print("\nScript durations logged by heartbeatd (ms: median min max n):")
for impl in all_steps:
    durs = {}
    for n in ("node1", "node2"):
        p = f"{out}/{impl}/{n}/ha-debug"     # has every line (status runs only with debug)
        if not os.path.exists(p): p = f"{out}/{impl}/{n}/ha-log"
        if not os.path.exists(p): continue
        for l in open(p, errors="replace"):
            m = re.search(r"resource\.d/(\S+) (?:\S+ )?(start|stop|status): exit code \d+ after (\d+) ms", l)
            if m: durs.setdefault(f"{m.group(1)} {m.group(2)}", []).append(int(m.group(3)))
    for k, v in sorted(durs.items()):
        print(f"   {name.get(impl, impl):10s} {k:18s} {statistics.median(v):6.0f} {min(v):6d} {max(v):6d} {len(v):4d}")
print("\nMedian event times per scenario, ms after the kill/command (n = instances with the event):")
for s in ("crash", "standby", "back", "stop", "failback.crash", "failback.stop"):
    for impl, st in all_steps.items():
        xs = [x for x in st if x["scenario"] == s]
        if not xs: continue
        keys = {}
        for x in xs:
            for k, v in x["events"].items(): keys.setdefault(k, []).append(v)
        print(f"-- {s} / {name.get(impl, impl)} ({len(xs)} runs)")
        for k, v in sorted(keys.items(), key=lambda kv: statistics.median(kv[1])):
            print(f"   {statistics.median(v):8.1f}  [{min(v):7.1f} .. {max(v):7.1f}] n={len(v):<2d} {k}")
# heartbeatd's own durations per handover (needs debug for the status runs):
# time between the decision on the wire and the next point, minus the
# scripts that ran in between = the daemon's share (plus fork/exec).
def hbd_durations(d, n, year):
    p = f"{d}/{n}/ha-debug"
    if not os.path.exists(p): return []
    res = []
    for l in open(p, errors="replace"):
        m = re.match(r"(\w{3} +\d+ \d\d:\d\d:\d\d) \S+ heartbeat: \[\d+\]: \w+: \S*resource\.d/(\S+) (?:\S+ )?"
                     r"(start|stop|status): exit code -?\d+ after (\d+) ms", l)
        if m:
            t = time.mktime(time.strptime(f"{year} {m.group(1)}", "%Y %b %d %H:%M:%S"))
            res.append((t, f"{m.group(2)} {m.group(3)}", int(m.group(4))))
    return res
def split(impl, st):
    if impl != "hbd": return
    d = f"{out}/{impl}"; L = load(d)
    year = time.localtime(st[0]["cmd"]).tm_year if st else 0
    durs = {n: hbd_durations(d, n, year) for n in ("node1", "node2")}
    if not any(any(k.endswith("status") for _, k, _ in v) for v in durs.values()):
        print("\n(heartbeatd split: run with FAILOVER_DEBUG=1 to have status durations logged)"); return
    rows = {}
    for x in st:
        s = x["scenario"]
        src, dst = ("node2", "node1") if s == "back" or s.startswith("failback") else ("node1", "node2")
        lo, hi = x["cmd"], x["first_dst"] + 1
        def wire(who, pred):
            e = first(L["wire"], lo, hi, lambda e: e[1] == IP[who] and pred(e))
            return e[0] if e else None
        def bw(n, k):
            e = first(L["bw"][n], lo, hi, lambda e: e[1] == k)
            return e[0] if e else None
        def scripts(n, names, t0):
            got, want = [], list(names)
            for t, k, ms in durs[n]:
                if t >= int(t0) - 1 and t <= hi and want and k == want[0]:
                    got.append(ms); want.pop(0)
            return sum(got) if not want else None
        if s == "crash":
            t0 = wire(dst, lambda e: e[2] == "stonith")
        else:   # the giver's done (standby) or shutdone (stop) starts the taker
            t0 = wire(src, lambda e: e[2] == "shutdone" or "info=done" in e[3])
            g0 = wire(src, lambda e: e[2] == "resource" and ("info=standby" in e[3] or "info=shutdown" in e[3]))
            gs = scripts(src, ["benchweb stop", "IPaddr stop"], g0 or lo)
            if g0 and t0 and gs is not None:
                rows.setdefault((s, "giver: its standby/shutdown message -> its done/shutdone"), []).append((t0 - g0) * 1000)
                rows.setdefault((s, "giver: benchweb stop + IPaddr stop (logged durations)"), []).append(gs)
                rows.setdefault((s, "giver: the rest (daemon, fork/exec, messages)"), []).append((t0 - g0) * 1000 - gs)
        tb = bw(dst, "start-begin")
        ts = scripts(dst, ["IPaddr status", "IPaddr start", "benchweb status"], t0 or lo)
        if t0 and tb and ts is not None:
            a = "decision (stonith sent)" if s == "crash" else "done/shutdone sent"
            rows.setdefault((s, f"taker: {a} -> benchweb start begins"), []).append((tb - t0) * 1000)
            rows.setdefault((s, "taker: IPaddr status + start + benchweb status (logged)"), []).append(ts)
            rows.setdefault((s, "taker: the rest (daemon, fork/exec, bash start-up)"), []).append((tb - t0) * 1000 - ts)
            rows.setdefault((s, "taker: benchweb start begins -> first answer"), []).append((x["first_dst"] - tb) * 1000)
    print("\nheartbeatd handovers split (ms: median min max n):")
    for (s, k), v in rows.items():
        print(f"   {s:8s} {k:58s} {statistics.median(v):6.1f} {min(v):6.1f} {max(v):6.1f} {len(v):3d}")
for impl, st in all_steps.items():
    split(impl, st)

# FAILOVER_TRACE=1: exec timeline of each daemon and everything it ran
def traces(d):
    T = {}
    for n in ("node1", "node2"):
        p = f"{d}/{n}/exec.trace"
        if not os.path.exists(p): continue
        ev = []
        for l in open(p, errors="replace"):
            m = re.match(r'(\d+)\s+(\d+\.\d+) (?:execve\("([^"]*)", \[(.*?)\](?:, .*)?\) = 0|\+\+\+ (?:exited|killed))', l)
            if m: ev.append((float(m.group(2)), int(m.group(1)), m.group(3), m.group(4)))
        T[n] = ev
    return T
INTERESTING = re.compile(r"/etc/ha\.d/|/usr/share/heartbeat/|/usr/lib/ocf/|/(send_arp|ip|findif|ifconfig|route|socat|arping)$")
for impl, st in all_steps.items():
    T = traces(f"{out}/{impl}")
    if not T: continue
    print(f"\nExec timeline ({name.get(impl, impl)}, FAILOVER_TRACE=1: strace slows every fork/exec):")
    seen = set()
    for x in st:
        if x["scenario"] in seen: continue
        seen.add(x["scenario"])
        lo, hi = x["cmd"], x["first_dst"] + 0.3
        print(f"-- {x['scenario']} {x['rep']}: first answer from the new node at {(x['first_dst'] - lo) * 1000:.1f} ms")
        for n, ev in T.items():
            ends = {}
            for i, e in enumerate(ev):       # a run lasts until the pid execs again or exits
                for f in ev[i + 1:]:
                    if f[1] == e[1]: ends[i] = f[0]; break
            inwin = [(i, e) for i, e in enumerate(ev) if lo <= e[0] <= hi and e[2]]
            shown = 0
            for i, e in inwin:
                if not INTERESTING.search(e[2]) or shown >= 40: continue
                shown += 1
                args = " ".join(a.strip('"') for a in re.findall(r'"[^"]*"', e[3])[1:4])
                dur = f"{(ends[i] - e[0]) * 1000:7.1f}" if i in ends else "      ?"
                print(f"   {n} {(e[0] - lo) * 1000:8.1f} +{dur} ms  {e[2].rsplit('/', 1)[-1]} {args}")
            print(f"   {n}: {len(inwin)} programs executed in this window")

print("\nCrash takeover, median ms after node2 declared node1 dead (its stonith message on the wire):")
for impl, st in all_steps.items():
    keys = {}
    for x in st:
        for k, v in x.get("events_declared", {}).items(): keys.setdefault(k, []).append(v)
    print(f"-- {name.get(impl, impl)}")
    for k, v in sorted(keys.items(), key=lambda kv: statistics.median(kv[1])):
        print(f"   {statistics.median(v):8.1f}  [{min(v):7.1f} .. {max(v):7.1f}] n={len(v):<2d} {k}")

with open(f"{out}/steps.tsv", "w") as f:
    for impl, st in all_steps.items():
        for x in st:
            f.write("\t".join([impl, x["scenario"], str(x["rep"])] + [f"{k}={x[k]:.1f}" for k in
                    ("declared", "takeover_wire", "detect", "takeover", "total", "window", "ret")
                    if x.get(k) is not None]) + "\n")
EOF

echo
echo "Failover bench: $REPS repetitions, scenarios: $SCENARIOS; keepalive 500ms, deadtime 3 s, auto_failback on, ucast;" \
    "client poll every ${POLL_MS} ms ($(nproc) CPUs, $(uname -r))"
echo "versions: heartbeatd $("$HB_DAEMON" -V 2>/dev/null | tr -d '\n'); heartbeat $(dpkg-query -W -f='${Version}' heartbeat 2>/dev/null)"
echo "load average before: $LOAD0, after: $LOAD1; run took $(( ($(lab_now_ms) - T0) / 1000 )) s; debug: $DEBUG, trace: $TRACE"
echo "load average (1/5/15 min) at each pair's start and end: $(IFS=';'; echo "${LOADS[*]}")"
echo "client: net.ipv4.conf.eth0.arp_accept=$(lab_exec client sysctl -n net.ipv4.conf.eth0.arp_accept)" \
    "(a gratuitous ARP updates the existing neighbour entry)"
# shellcheck disable=SC2086
python3 "$OUT/report.py" "$OUT" $IMPLS | tee "$OUT/report.txt"
lab_cleanup
exit 0
