# shellcheck shell=bash disable=SC2034
# hbd.sh: shared helpers for the heartbeatd cluster tests (test/integration).
# Source it after lab.sh. Owns: writing the usual two-node configuration,
# starting heartbeatd nodes, the liveness/link/log checks the tests share.
# Must not: create lab resources itself (only through lab.sh functions).
#
#   source "$(dirname "$0")/../lib/lab.sh"; source "$(dirname "$0")/../lib/hbd.sh"
#   lab_init; lab_add_node node1; lab_add_node node2
#   hbd_config "node1 node2" "ucast eth0 192.0.2.1" "ucast eth0 192.0.2.2"
#   hbd_start node1 node2; hbd_ok_active node1 node2 eth0; hbd_ok_active node2 node1 eth0

HBD_KEEPALIVE=${HBD_KEEPALIVE:-500ms}
HBD_DEADTIME=${HBD_DEADTIME:-3}
HBD_WARNTIME=${HBD_WARNTIME:-2}
HBD_INITDEAD=${HBD_INITDEAD:-6}
HBD_BIN=${HB_DAEMON:-$HB_ROOT/build/heartbeat}
HBD_HBINJECT=${HB_HBINJECT:-$HB_ROOT/build/test/hbinject}

# hbd_build: make sure the binaries the tests use exist (a test run by hand
# right after a checkout).
hbd_build() {
    local -a want=() t
    for t in build/heartbeat build/cl_status build/test/hbinject; do
        [ -x "$HB_ROOT/$t" ] || want+=("$t")
    done
    [ ${#want[@]} -eq 0 ] && return 0
    make -s -C "$HB_ROOT" -j2 "${want[@]}" >&2 || lab_bail "cannot build ${want[*]}"
}

# hbd_hacf_text MEDIA_LINE...: the ha.cf every test node uses: lab logging,
# short timers ($HBD_KEEPALIVE etc.), the media lines (any other directive
# may be passed the same way), node1 node2.
hbd_hacf_text() {
    lab_hacf_base
    printf '%s\n' "keepalive $HBD_KEEPALIVE" "deadtime $HBD_DEADTIME" \
        "warntime $HBD_WARNTIME" "initdead $HBD_INITDEAD" "auto_failback on" "crm off"
    printf '%s\n' "$@"
    printf '%s\n' "node node1" "node node2"
}

# hbd_config "NODES" MEDIA_LINE...: the same ha.cf (hbd_hacf_text), sha1
# authkeys (key unique to this lab) and an empty haresources on every node
# named in NODES.
hbd_config() {
    local nodes=$1 n; shift
    for n in $nodes; do
        hbd_hacf_text "$@" | lab_write_hacf "$n"
        lab_write_authkeys "$n" sha1 "hbd-$LAB_P"
        : | lab_write_haresources "$n"
    done
}

# hbd_start NODE...: start heartbeatd on each NODE (it daemonises); returns
# non-zero if any start failed.
hbd_start() {
    local n rc=0
    hbd_build
    for n in "$@"; do
        lab_start_hbd "$n" || { rc=1; diag "heartbeatd on $n failed to start:"; hbd_show "$n" daemon.out; }
    done
    return $rc
}

# hbd_pid NODE: the daemon's PID inside NODE (from /run/heartbeat.pid), or
# nothing. hbd_running NODE: that process exists.
hbd_pid() { lab_exec "$1" cat /run/heartbeat.pid 2>/dev/null | tr -d ' \n'; }
hbd_running() {
    local p; p=$(hbd_pid "$1")
    [ -n "$p" ] && lab_exec "$1" kill -0 "$p" 2>/dev/null
}

# hbd_status NODE PEER: cl_status nodestatus PEER on NODE (trimmed)
hbd_status() { lab_cl_status "$1" nodestatus "$2" 2>/dev/null | tr -d ' \n'; }

# hbd_ok_active NODE PEER [SECS] LINK...: TAP: NODE sees PEER active and each
# LINK up (within SECS, default 20, counted from the call).
hbd_ok_active() {
    local n=$1 p=$2 secs=20 l
    shift 2
    if [[ ${1:-} =~ ^[0-9]+$ ]]; then secs=$1; shift; fi
    ok_if "$n sees $p active" lab_wait "$secs" lab_out_is active lab_cl_status "$n" nodestatus "$p"
    for l in "$@"; do
        ok_if "$n sees link $p:$l up" lab_wait 5 lab_out_is up lab_cl_status "$n" hblinkstatus "$p" "$l"
    done
}

# hbd_count NODE ERE: number of lines of NODE's ha-log matching ERE
hbd_count() { local c; c=$(grep -cE -- "$2" "$(lab_log "$1")" 2>/dev/null); echo "${c:-0}"; }

# hbd_has NODE ERE / hbd_hasnt NODE ERE: the log has / has no matching line
hbd_has() { grep -qE -- "$2" "$(lab_log "$1")" 2>/dev/null; }
hbd_hasnt() {
    local f; f=$(lab_log "$1")
    if grep -nE -- "$2" "$f" >&2 2>/dev/null; then return 1; fi
    return 0
}

# hbd_lines NODE: current number of lines in NODE's ha-log (a mark; use
# hbd_since NODE MARK to get what was logged after it)
hbd_lines() { local c; c=$(wc -l < "$(lab_log "$1")" 2>/dev/null); echo "${c:-0}"; }
hbd_since() { tail -n +"$(( $2 + 1 ))" "$(lab_log "$1")" 2>/dev/null; }

# hbd_show NODE FILE: print a node's log file (under /var/log) to stderr
hbd_show() {
    local f; f=$(lab_node_dir "$1")/log/$2
    [ -f "$f" ] || return 0
    diag "---- $1:/var/log/$2 (last 40 lines)"
    tail -n 40 "$f" | sed 's/^/#   /' >&2
}

# hbd_sleep_ms MS: sleep MS milliseconds (nothing if MS <= 0)
hbd_sleep_ms() {
    [ "$1" -gt 0 ] 2>/dev/null || return 0
    sleep "$(awk -v ms="$1" 'BEGIN { printf "%.3f", ms / 1000 }')"
}

# hbd_gen NODE: the node's generation number (hb_generation, trimmed)
hbd_gen() { tr -d ' \n' < "$(lab_node_dir "$1")/varlib/hb_generation" 2>/dev/null; }

# hbd_inject NODE HBINJECT-ARGS...: run build/test/hbinject inside NODE
hbd_inject() { local n=$1; shift; lab_exec_t 20 "$n" "$HBD_HBINJECT" "$@"; }

# hbd_links NODE PEER: PEER's link names as NODE lists them, space-separated
hbd_links() { lab_cl_status "$1" listhblinks "$2" 2>/dev/null | awk '{print $1}' | tr '\n' ' ' | sed 's/ $//'; }

# hbd_clean_log NODE: TAP: NODE's log has no ERROR/CRIT line and no sign of a
# peer restart, partition or death.
hbd_clean_log() {
    ok_if "$1: log has no ERROR/CRIT, death, restart or partition" \
        hbd_hasnt "$1" 'ERROR:|CRIT:|is dead|Heartbeat restart on|returning after partition'
}

# hbd_media_pair LINK: the common part of the media tests, once both nodes'
# configuration is written: start both, each sees the other active over LINK
# (and that is the only link), and the logs stay clean.
hbd_media_pair() {
    local link=$1 t0
    t0=$(lab_now_ms)
    ok_if "node1: heartbeatd started" hbd_start node1
    ok_if "node2: heartbeatd started" hbd_start node2
    hbd_ok_active node1 node2 "$link"
    hbd_ok_active node2 node1 "$link"
    diag "both active after $(( $(lab_now_ms) - t0 )) ms"
    is "node1: the only link to node2 is $link" "$(hbd_links node1 node2)" "$link"
    is "node2: the only link to node1 is $link" "$(hbd_links node2 node1)" "$link"
    # Keep it up for a few deadtimes: no flapping.
    sleep 4
    ok_if "node1 still sees node2 active" lab_out_is active lab_cl_status node1 nodestatus node2
    ok_if "node2 still sees node1 active" lab_out_is active lab_cl_status node2 nodestatus node1
    ok_if "node1: link $link still up" lab_out_is up lab_cl_status node1 hblinkstatus node2 "$link"
    hbd_clean_log node1
    hbd_clean_log node2
}

# hbd_pcap_count FILTER [NAME]: packets in the capture NAME (br0) matching
# the tcpdump FILTER
hbd_pcap_count() {
    local f=$LAB_LOGDIR/${2:-br0}.pcap
    [ -f "$f" ] || { echo 0; return; }
    tcpdump -r "$f" -n "$1" 2>/dev/null | wc -l
}

# hbd_stays_active SECS NODE:PEER...: sample `cl_status nodestatus PEER` on
# each NODE every 0.1 s for SECS seconds; succeed only if every sample said
# `active`. Prints the number of samples (and the first bad ones) to stderr.
hbd_stays_active() {
    local ms; ms=$(_lab_ms "$1"); shift
    local deadline=$(( $(lab_now_ms) + ms )) samples=0 bad=0 pair n p s rc
    local max=$(( ms / 100 + 2 )) i
    for ((i = 0; i < max; i++)); do
        for pair in "$@"; do
            n=${pair%%:*} p=${pair#*:}
            s=$(lab_cl_status "$n" nodestatus "$p" 2>"$LAB_DIR/hbd_stays.err")
            rc=$?
            s=${s//[[:space:]]/}
            samples=$((samples + 1))
            if [ "$s" != active ]; then
                bad=$((bad + 1))
                if [ "$bad" -le 5 ]; then
                    echo "# $(date +%T.%N | cut -c1-12) $n sees $p '$s' (exit $rc)" >&2
                    sed 's/^/#     stderr: /' "$LAB_DIR/hbd_stays.err" >&2
                fi
            fi
        done
        [ "$(lab_now_ms)" -ge "$deadline" ] && break
        sleep 0.1
    done
    echo "# $samples samples, $bad not active" >&2
    [ "$bad" -eq 0 ] && [ "$samples" -gt 0 ]
}

# hbd_wait_past_startup T_START_MS: sleep until 6.5 s after T_START_MS (a
# node advertises deadtime + 2 s as its dt during its first 5 s, facts 5;
# timing checks must start after a status with the normal dt went out).
hbd_wait_past_startup() {
    hbd_sleep_ms $(( $1 + 6500 - $(lab_now_ms) ))
}

# hbd_pcap_payloads FILTER [NAME]: one line per captured datagram matching the
# tcpdump FILTER: the packet as tcpdump -A shows it (IP header bytes, then the
# payload; non-printable bytes as '.'), its line breaks turned into '|' (a
# binary field such as srcuuid may contain a newline byte).
hbd_pcap_payloads() {
    local f=$LAB_LOGDIR/${2:-br0}.pcap
    [ -f "$f" ] || return 0
    tcpdump -r "$f" -n -A "$1" 2>/dev/null | awk '
        /^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9]+ IP6? / { if (have) print rec; rec = ""; have = 1; next }
        { rec = rec $0 "|" }
        END { if (have) print rec }'
}
