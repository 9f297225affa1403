# shellcheck shell=bash disable=SC2034
# interop.sh: the mixed-cluster matrix (test/interop/ix_*.t): one real
# Heartbeat 3.0.6 node and one heartbeatd node with the same ha.cf, authkeys
# and haresources, two resource groups, and assertions checked at every
# sample. Source it after lab.sh, hbd.sh and failover.sh.
#
#   group A: home node1: IPaddr 192.0.2.100 + Filesystem (loop ext4) + lighttpd
#   group B: home node2: IPaddr 192.0.2.101 + hbDummy::beta
#
# Owns: the cell's configuration (medium, auth, auto_failback), the expected
# owner of each group (IX_OWN_A, IX_OWN_B, updated by the ix_ev_* events),
# two samplers and their analysis:
#   placement (every 100 ms, read from /proc and `ip`, no process inside the
#     nodes): where group A (VIP or mount) and group B (VIP2 or hbDummy
#     state) run. Never on two nodes; between "settled" and the next event,
#     exactly on the expected node.
#   status (cl_status nodestatus x2 + rscstatus on both nodes, as fast as
#     the calls allow, about every 150-300 ms): the nodes agree on each
#     other's status and on rscstatus (all/none, local/local, ...); a
#     disagreement may last at most IX_GRACE_MS outside settled periods, none
#     inside.
# and the log / capture checks: no authentication errors, "bad node",
# "attempted replay attack", "returning after partition"; no NS_rexmit for
# the same packet outstanding more than 2 s without the sender resending it
# (from the bridge capture: ix_rexmit_storms).
# Must not: start anything the lab does not record (samplers are recorded).
#
#   ix_setup real hbd ucast sha1 on; ix_start_both; ix_settle boot
#   ix_ev_crash node1; ix_settle "crash of node1"; ix_ev_restart node1; ...
#   ix_finish   # stops the samplers, runs the analyses and the log checks

IX_GRACE_MS=${IX_GRACE_MS:-6000}
IX_OWN_A=node1 IX_OWN_B=node2
IX_AFB='' IX_MEDIUM='' IX_AUTH=''
IX_PLACE_LOG='' IX_STATUS_LOG='' IX_MARKS=''
IX_PS_PID='' IX_PS_ST='' IX_SS_PID='' IX_SS_ST=''
declare -gA IX_GEN=()

# ix_media_lines MEDIUM NODE: the media lines of ha.cf for NODE
ix_media_lines() {
    case $1 in
        ucast) printf '%s\n' "ucast eth0 $(lab_ip node1)" "ucast eth0 $(lab_ip node2)" ;;
        bcast) echo "bcast eth0" ;;
        mcast) echo "mcast eth0 239.192.7.7 694 1 0" ;;
        serial)
            if [ "$2" = node1 ]; then echo "serial $LAB_SERIAL_A"; else echo "serial $LAB_SERIAL_B"; fi ;;
        two) printf '%s\n' "ucast eth0 $(lab_ip node1)" "ucast eth0 $(lab_ip node2)" "bcast eth1" ;;
        *) lab_bail "ix_media_lines: unknown medium '$1'" ;;
    esac
}

# ix_setup KIND1 KIND2 MEDIUM AUTH AUTO_FAILBACK: lab, shared disk, node1
# (KIND1: real|hbd), node2 (KIND2), the client, the configuration on both
# nodes (keepalive IX_KEEPALIVE, deadtime IX_DEADTIME, ...), bridge capture.
ix_setup() {
    local k1=$1 k2=$2 medium=$3 auth=$4 afb=$5 n lan2=()
    IX_MEDIUM=$medium IX_AUTH=$auth IX_AFB=$afb
    [ "$medium" = two ] && lan2=(--lan2)
    lab_init
    fo_build
    fo_disk_create
    [ "$medium" = serial ] && { lab_serial_pair >/dev/null; diag "serial: node1 $LAB_SERIAL_A node2 $LAB_SERIAL_B"; }
    fo_add_node node1 "$k1" "${lan2[@]}"
    fo_add_node node2 "$k2" "${lan2[@]}"
    lab_add_client client
    for n in node1 node2; do
        {
            lab_hacf_base
            printf '%s\n' "keepalive ${IX_KEEPALIVE:-250ms}" "deadtime ${IX_DEADTIME:-2}" \
                "warntime ${IX_WARNTIME:-1}" "initdead ${IX_INITDEAD:-4}" "auto_failback $afb" "crm off"
            [ "$medium" = serial ] && echo "baud 19200"
            ix_media_lines "$medium" "$n"
            [ -d "$LAB_DIR/habin" ] && [ "${FO_KIND[$n]}" = hbd ] && echo "env HA_BIN=$LAB_DIR/habin"
            printf '%s\n' "node node1" "node node2"
        } | lab_write_hacf "$n"
        lab_write_authkeys "$n" "$auth" "ix-$LAB_P"
        printf '%s\n' "$(fo_group1)" "$(fo_group2)" | lab_write_haresources "$n"
        ix_set_kind "$n" "${FO_KIND[$n]}"
    done
    IX_MARKS=$LAB_DIR/marks.log; : > "$IX_MARKS"
    lab_pcap_start br0
    diag "cell: node1=$k1 node2=$k2 medium=$medium auth=$auth auto_failback=$afb"
}

# ix_set_kind NODE KIND: NODE runs KIND from now on (rolling upgrade)
ix_set_kind() { FO_KIND[$1]=$2; LAB_KIND[$1]=$2; echo "$2" > "$LAB_DIR/kind.$1"; }

# ix_mark WORDS: a line in the marks log (the analyses read it)
ix_mark() { echo "$(lab_now_ms) $*" >> "$IX_MARKS"; diag "$(date +%T.%N | cut -c1-12) -- $*"; }

# ------------------------------------------------------------ samplers --
# ix_samplers_start [MAX_SECS]: start both samplers (bounded, default 300 s).
# Each sample line starts with the times (ms) its reads began and ended.
ix_samplers_start() {
    local max=${1:-300}
    IX_PLACE_LOG=$LAB_DIR/place.log IX_STATUS_LOG=$LAB_DIR/status.log
    : > "$IX_PLACE_LOG"; : > "$IX_STATUS_LOG"
    (
        trap - EXIT INT TERM
        # No process is started per sample: the mounts and the local
        # addresses (fib_trie) are read through the node holder's /proc.
        local i n h st what mnt fib a b ra rb ma mb va vb t t1 end=$(( $(lab_now_ms) + max * 1000 ))
        local pidsf=$LAB_STATE/pids
        local d1 d2; d1=$(lab_node_dir node1) d2=$(lab_node_dir node2)
        local -A dir=([node1]=$d1 [node2]=$d2) hof=()
        local re_a="-- ${FO_VIP//./\\.}"$'\n'"[[:space:]]+/32 host LOCAL"
        local re_b="-- ${FO_VIP2//./\\.}"$'\n'"[[:space:]]+/32 host LOCAL"
        # a fd nothing is ever written to: `read -t` on it sleeps without a fork
        local nap; exec {nap}<> <(:)
        # _ix_read_node NODE: ra, rb = groups A and B on NODE: F = fully
        # there, P = partly, - = none
        _ix_read_node() {
            local h=${hof[$1]:-}
            mnt='' fib=''
            if [ -n "$h" ]; then
                { read -r -d '' mnt < "/proc/$h/mounts"; read -r -d '' fib < "/proc/$h/net/fib_trie"; } 2>/dev/null
            fi
            ma=0; [[ $mnt == *" $FO_MNT "* ]] && ma=1
            va=0; [[ $fib =~ $re_a ]] && va=1
            vb=0; [[ $fib =~ $re_b ]] && vb=1
            mb=0; [ -f "${dir[$1]}/varlib/hbDummy.beta.state" ] && mb=1
            if [ $ma$va = 11 ]; then ra=F; elif [ $ma$va = 00 ]; then ra=-; else ra=P; fi
            if [ $mb$vb = 11 ]; then rb=F; elif [ $mb$vb = 00 ]; then rb=-; else rb=P; fi
        }
        for ((i = 0; i < max * 10; i++)); do
            t=${EPOCHREALTIME/./}; t=$((t / 1000)); [ "$t" -ge "$end" ] && break
            # the nodes' newest holders (lab_crash starts new ones)
            hof=()
            while read -r h st what; do
                [[ $what == holder:* ]] && hof[${what#holder:}]=$h
            done < "$pidsf"
            a='' b=''
            for n in node1 node2; do
                _ix_read_node "$n"
                a+=$ra b+=$rb
            done
            # node1 was read first: if it seems to hand a group over to
            # node2, read it again; gone now = a handover between the two
            # reads (h), not an overlap
            if [[ $a == [FP][FP] || $b == [FP][FP] ]]; then
                _ix_read_node node1
                [[ $a == [FP][FP] && $ra == - ]] && a=h${a:1}
                [[ $b == [FP][FP] && $rb == - ]] && b=h${b:1}
            fi
            t1=${EPOCHREALTIME/./}; t1=$((t1 / 1000))
            echo "$t $t1 $a $b" >> "$IX_PLACE_LOG"
            # every 100 ms (from this sample's start)
            t=$(( t + 100 - t1 ))
            [ "$t" -gt 0 ] && read -r -t "0.$(( t / 100 ))$(( t / 10 % 10 ))$(( t % 10 ))" -u "$nap"
        done
    ) 2>/dev/null &
    IX_PS_PID=$!; _lab_record_pid "$IX_PS_PID" sampler; IX_PS_ST=$LAB_REC_ST
    (
        trap - EXIT INT TERM
        local i n h st what t t1 kind cl q k end=$(( $(lab_now_ms) + max * 1000 )) pidsf=$LAB_STATE/pids line
        local tmp=$LAB_DIR/ss; mkdir -p "$tmp"
        local -a qs=("nodestatus node1" "nodestatus node2" rscstatus)
        local -A hof=()
        for ((i = 0; i < max * 10; i++)); do
            t=$(lab_now_ms); [ "$t" -ge "$end" ] && break
            hof=()
            while read -r h st what; do
                [[ $what == holder:* ]] && hof[${what#holder:}]=$h
            done < "$pidsf"
            # the six questions at once ("-" for one the daemon did not answer)
            for n in node1 node2; do
                h=${hof[$n]:-}
                kind=$(< "$LAB_DIR/kind.$n")
                cl=$LAB_REAL_CL; [ "$kind" = hbd ] && cl=${HB_CL_STATUS:-$HB_ROOT/build/cl_status}
                for k in 0 1 2; do
                    : > "$tmp/$n.$k"
                    [ -n "$h" ] && [ -d "/proc/$h" ] || continue
                    # shellcheck disable=SC2086
                    timeout -k 1 3 nsenter -t "$h" -m -u -n -p -- "$cl" ${qs[$k]} > "$tmp/$n.$k" 2>/dev/null &
                done
            done
            wait
            t1=$(lab_now_ms)
            line="$t $t1"
            for n in node1 node2; do
                for k in 0 1 2; do
                    q=$(< "$tmp/$n.$k"); q=${q//[[:space:]]/}
                    line+=" ${q:--}"
                done
            done
            echo "$line" >> "$IX_STATUS_LOG"
            t=$(( t + 100 - t1 ))
            if [ "$t" -gt 0 ]; then sleep "0.$(printf '%03d' "$t")"; fi
        done
    ) 2>/dev/null &
    IX_SS_PID=$!; _lab_record_pid "$IX_SS_PID" sampler; IX_SS_ST=$LAB_REC_ST
}

_ix_stop_pid() {
    [ -n "$1" ] || return 0
    _lab_alive "$1" "$2" && kill "$1" 2>/dev/null
    wait "$1" 2>/dev/null
}

# ix_place_now: "A=WHERE B=WHERE" for the current state (node1, node2,
# none, both; "(partial)" when only part of the group runs there)
ix_place_now() {
    local a b
    a=$(_fo_where _fo_a_any); [[ $a == node? ]] && ! { fo_has_vip "$a" && fo_mounted "$a"; } && a="$a(partial)"
    b=$(_fo_where _fo_b_any); [[ $b == node? ]] && ! _fo_b_all "$b" && b="$b(partial)"
    echo "A=$a B=$b"
}

# ix_expected_rsc NODE: the rscstatus NODE should report for IX_OWN_A/B
ix_expected_rsc() {
    local n=$1 home_mine home_other own_mine own_other
    [ "$IX_AFB" = legacy ] && { echo none; return; }
    if [ "$n" = node1 ]; then own_mine=$IX_OWN_A own_other=$IX_OWN_B
    else own_mine=$IX_OWN_B own_other=$IX_OWN_A; fi
    home_mine=0 home_other=0
    [ "$own_mine" = "$n" ] && home_mine=1
    [ "$own_other" = "$n" ] && home_other=1
    case $home_mine$home_other in 11) echo all ;; 10) echo local ;; 01) echo foreign ;; 00) echo none ;; esac
}

# _ix_settled_now: placement as expected (whole groups), lighttpd answers on
# A's owner, both running daemons report the expected rscstatus and see each
# other as they should
_ix_settled_now() {
    [ "$(ix_place_now)" = "A=$IX_OWN_A B=$IX_OWN_B" ] || return 1
    fo_lighttpd "$IX_OWN_A" || return 1
    local n o
    for n in node1 node2; do
        [ "${IX_UP[$n]:-1}" = 1 ] || continue
        [ "$(fo_rsc "$n")" = "$(ix_expected_rsc "$n")" ] || return 1
        if [ "$n" = node1 ]; then o=node2; else o=node1; fi
        if [ "${IX_UP[$o]:-1}" = 1 ]; then
            [ "$(hbd_status "$n" "$o")" = active ] || return 1
        else
            [ "$(hbd_status "$n" "$o")" = dead ] || return 1
        fi
    done
    return 0
}
declare -gA IX_UP=([node1]=1 [node2]=1)

# ix_settle WHAT [SECS]: TAP: within SECS (default 30) the cluster reaches
# the expected placement (A on IX_OWN_A, B on IX_OWN_B) and status; from
# then until the next event every sample must show exactly that. Sets
# IX_SETTLE_MS (time since the last event mark).
ix_settle() {
    local what=$1 secs=${2:-30} t0=${IX_T_EVENT:-$(lab_now_ms)}
    if ok_if "$what: settles with A on $IX_OWN_A, B on $IX_OWN_B (rscstatus $(ix_expected_rsc node1)/$(ix_expected_rsc node2))" \
        lab_wait "$secs" _ix_settled_now; then
        IX_SETTLE_MS=$(( $(lab_now_ms) - t0 ))
        diag "$what: settled after $IX_SETTLE_MS ms"
        ix_mark SETTLED "$IX_OWN_A" "$IX_OWN_B" "$(ix_expected_rsc node1)" "$(ix_expected_rsc node2)" \
            "${IX_UP[node1]}" "${IX_UP[node2]}"
        # hold the settled state a moment: the samplers check it
        sleep "${IX_HOLD:-0.7}"
    else
        diag "$what: now $(ix_place_now) rsc=$(fo_rsc node1)/$(fo_rsc node2)" \
            "status node1->node2 $(hbd_status node1 node2) node2->node1 $(hbd_status node2 node1)"
        ix_mark UNSETTLED
    fi
}

# ix_event WHAT: the cluster is about to change (ends a settled period)
ix_event() { IX_T_EVENT=$(lab_now_ms); ix_mark EVENT "$*"; }

# ------------------------------------------------------------- events --
_ix_other() { if [ "$1" = node1 ]; then echo node2; else echo node1; fi; }
_ix_home() { if [ "$1" = A ]; then echo node1; else echo node2; fi; }

# ix_start NODE: start NODE's daemon (its kind); records the generation
ix_start() {
    local n=$1
    IX_GEN[$n]=$(hbd_gen "$n")
    ok_if "$n: ${FO_KIND[$n]} started" fo_start "$n"
    IX_UP[$n]=1
}

# ix_start_both: the usual cluster boot (both at once)
ix_start_both() {
    ix_event "simultaneous start"
    IX_GEN[node1]=$(hbd_gen node1) IX_GEN[node2]=$(hbd_gen node2)
    fo_start node1 & local p1=$!
    fo_start node2 & local p2=$!
    wait $p1; is "node1: ${FO_KIND[node1]} started" "$?" 0
    wait $p2; is "node2: ${FO_KIND[node2]} started" "$?" 0
    IX_UP[node1]=1 IX_UP[node2]=1
    IX_OWN_A=node1 IX_OWN_B=node2
}

# ix_ev_staggered FIRST: FIRST starts alone and takes both groups; then the
# other starts and (auto_failback on/legacy) takes its own group back
ix_ev_staggered() {
    local first=$1 second; second=$(_ix_other "$1")
    ix_event "staggered start: $first first"
    IX_UP[$second]=0
    ix_start "$first"
    IX_OWN_A=$first IX_OWN_B=$first
    ix_settle "staggered start: $first alone" 30
    ix_ev_restart "$second" "staggered start: $second joins"
}

# _ix_after_return NODE: expected owners once NODE is back
_ix_after_return() {
    case $IX_AFB in
        on|legacy) IX_OWN_A=node1 IX_OWN_B=node2 ;;
        off) ;;
    esac
}

# ix_ev_crash NODE: power cut; the other node takes everything
ix_ev_crash() {
    local n=$1 o; o=$(_ix_other "$1")
    ix_event "crash of $n"
    local t0; t0=$(lab_now_ms)
    # hbDummy's state file stands for a process: it dies with the node
    # (fo_crash removes it too, but only after the new holder is up)
    rm -f "$(lab_node_dir "$n")"/varlib/hbDummy.*.state
    fo_crash "$n"
    IX_UP[$n]=0
    IX_OWN_A=$o IX_OWN_B=$o
    ix_settle "crash of $n (${FO_KIND[$n]})" 20
    # failover time: from the power cut to the first sample with both groups
    # whole on the survivor
    local col=3; [ "$o" = node2 ] && col=4
    IX_FAILOVER_MS[$n]=$(awk -v t0="$t0" -v c=$((col - 2)) '
        $1 > t0 && substr($3, c, 1) == "F" && substr($4, c, 1) == "F" { print $1 - t0; exit }' "$IX_PLACE_LOG")
    diag "crash of $n: both groups whole on $o ${IX_FAILOVER_MS[$n]:-?} ms after the power cut"
}
declare -gA IX_FAILOVER_MS=()

# ix_ev_stop NODE: graceful stop (heartbeat -k); the other takes everything
ix_ev_stop() {
    local n=$1 o; o=$(_ix_other "$1")
    ix_event "graceful stop of $n"
    ok_if "$n: heartbeat -k" lab_stop "$n"
    IX_UP[$n]=0
    IX_OWN_A=$o IX_OWN_B=$o
    ix_settle "stop of $n (${FO_KIND[$n]})" 20
    ok_if "$(_ix_other "$n") logged $n's shutdown notice" \
        grep -q "Received shutdown notice from '$n'" "$(lab_log "$o")"
}

# ix_ev_restart NODE [WHAT]: start NODE again: a higher generation, no
# "returning after partition"; groups as auto_failback says
ix_ev_restart() {
    local n=$1 what=${2:-restart of $1} g0
    ix_event "$what"
    g0=$(hbd_gen "$n")
    ix_start "$n"
    _ix_after_return
    ix_settle "$what" 40
    local g1; g1=$(hbd_gen "$n")
    if [ -n "$g0" ]; then
        ok_if "$n: new generation ($g0 -> $g1)" test "${g1:-0}" -gt "$g0"
    fi
}

# ix_ev_cmd NODE CMD ARG: hb_standby/hb_takeover (the node's own tool: 3.0.6's
# /usr/share/heartbeat scripts or build/hb_*); then the expected placement
_ix_tool() {
    if [ "${FO_KIND[$1]}" = real ]; then echo "/usr/share/heartbeat/$2"; else echo "$HB_ROOT/build/$2"; fi
}
# ix_run_tool NODE CMD ARG: run the node's CMD; on a 3.0.6 node whose FIFO
# reader dropped the request ("msg2string: Message with zero fields", a
# known 3.0.6 problem, docs/interop.md) send it once more and count that
# in IX_FIFO_DROPS[NODE] (ix_logs_clean allows exactly that many such lines)
declare -gA IX_FIFO_DROPS=()
ix_run_tool() {
    local n=$1 cmd=$2 arg=$3 mark rc
    mark=$(hbd_lines "$n")
    lab_exec_t 30 "$n" "$(_ix_tool "$n" "$cmd")" "$arg"; rc=$?
    [ "${FO_KIND[$n]}" = real ] && [ "$rc" = 0 ] || return "$rc"
    if lab_wait 1.5 eval "hbd_since $n $mark | grep -q 'msg2string: Message with zero fields'"; then
        IX_FIFO_DROPS[$n]=$(( ${IX_FIFO_DROPS[$n]:-0} + 1 ))
        diag "$n: 3.0.6's FIFO reader dropped the $cmd request (msg2string: Message with zero fields); sending it again"
        lab_exec_t 30 "$n" "$(_ix_tool "$n" "$cmd")" "$arg"; rc=$?
    fi
    return "$rc"
}

ix_ev_cmd() {
    local n=$1 cmd=$2 arg=${3:-all} o g mine; o=$(_ix_other "$1")
    ix_event "$cmd $arg on $n"
    ok_if "$n: $cmd $arg" ix_run_tool "$n" "$cmd" "$arg"
    if [ "$IX_AFB" != legacy ]; then
        # the node that gives up, and what it gives, from its own point of view
        local giver=$n what=$arg
        if [ "$cmd" = hb_takeover ]; then
            giver=$o
            case $arg in local) what=foreign ;; foreign) what=local ;; esac
        fi
        for g in A B; do
            local var=IX_OWN_$g
            [ "${!var}" = "$giver" ] || continue
            if [ "$(_ix_home "$g")" = "$giver" ]; then mine=local; else mine=foreign; fi
            if [ "$what" = all ] || [ "$what" = "$mine" ]; then printf -v "$var" %s "$(_ix_other "$giver")"; fi
        done
    fi
    ix_settle "$cmd $arg on $n" 30
}

# ix_ev_loss PCT SECS: PCT % random loss of UDP both ways for SECS seconds;
# the nodes stay active and the groups stay where they are
ix_ev_loss() {
    local pct=$1 secs=$2 n
    ix_event "loss $pct% for ${secs}s"
    for n in node1 node2; do lab_loss "$n" "$pct"; done
    local ok=1
    hbd_stays_active "$secs" node1:node2 node2:node1 || ok=0
    for n in node1 node2; do lab_loss "$n" 0 off; done
    is "$pct % loss for $secs s: both stay active throughout" "$ok" 1
    if [ "$IX_MEDIUM" != serial ]; then
        local r1 r2 p; p=$(hbd_pcap_payloads udp | grep 't=NS_rexmit')
        r1=$(grep -c 'src=node1[,|]' <<< "$p") r2=$(grep -c 'src=node2[,|]' <<< "$p")
        diag "NS_rexmit requests captured so far: from node1 (${FO_KIND[node1]}) $r1, from node2 (${FO_KIND[node2]}) $r2"
        ok_if "retransmissions asked both ways: node1 ($r1 requests)" test "$r1" -gt 0
        ok_if "retransmissions asked both ways: node2 ($r2 requests)" test "$r2" -gt 0
    fi
    ix_settle "after the loss" 15
}

# ------------------------------------------------------------- analysis --
# The settled periods, from the marks: [SETTLED, next EVENT/UNSETTLED).
# A sample counts as settled when its reads began after the SETTLED mark
# and ended before the next event.
_IX_AWK_PERIODS='
    FNR == NR {
        if ($2 == "SETTLED") { np++; ps[np] = $1; pe[np] = 9e15; oa[np] = $3; ob[np] = $4 }
        else if (($2 == "EVENT" || $2 == "UNSETTLED") && np && pe[np] == 9e15) pe[np] = $1
        next
    }
    function settled_in(t0, t1,   k) {
        for (k = np; k >= 1; k--) if (ps[k] <= t0) return (t1 < pe[k]) ? k : 0
        return 0
    }
    function interval(t0) { if (prev) { gap = t0 - prev; sum += gap; if (gap > maxgap) maxgap = gap } prev = t0 }
'

# _ix_analyse_place: prints violations; fails if any
_ix_analyse_place() {
    awk "$_IX_AWK_PERIODS"'
        NF == 4 {
            n++; interval($1)
            if ($3 ~ /^[FP][FP]$/ || $4 ~ /^[FP][FP]$/) { bad++; if (bad <= 5) print "on both nodes: " $0; next }
            k = settled_in($1, $2)
            if (k) {
                ea = (oa[k] == "node1") ? "F-" : "-F"; eb = (ob[k] == "node1") ? "F-" : "-F"
                if ($3 != ea || $4 != eb) { bad++; if (bad <= 5) print "settled, expected A " ea " B " eb ": " $0 }
                s++
            }
            if ($3 ~ /h/ || $4 ~ /h/) h++
        }
        END { printf "# placement: %d samples (mean interval %d ms, max %d; %d in settled periods; %d handovers seen between two reads), %d violations\n", n, (n > 1 ? sum / (n - 1) : 0), maxgap, s, h, bad
              exit bad > 0 }' "$IX_MARKS" "$IX_PLACE_LOG"
}

# _ix_analyse_status: node status and rscstatus agreement
_ix_analyse_status() {
    awk -v grace="$IX_GRACE_MS" -v legacy="$([ "$IX_AFB" = legacy ] && echo 1 || echo 0)" "$_IX_AWK_PERIODS"'
        function pairok(r1, r2) {
            if (r1 == "-" || r2 == "-" || r1 == "transition" || r2 == "transition") return 1
            if (legacy) return r1 == "none" && r2 == "none"
            return (r1 == "all" && r2 == "none") || (r1 == "none" && r2 == "all") ||
                   (r1 == "local" && r2 == "local") || (r1 == "foreign" && r2 == "foreign")
        }
        # view: what a node says of the other; self: what the other says of itself
        function viewok(view, self) {
            if (view == "-") return 1          # the viewer did not answer
            if (self == "-") return view == "dead"
            return view == self
        }
        NF == 8 {
            n++; interval($1)
            # node1: $3 (of node1) $4 (of node2) $5 (rsc); node2: $6 $7 $8
            k = settled_in($1, $2)
            ok = pairok($5, $8) && viewok($4, $7) && viewok($6, $3)
            if (k && (($3 != "-" && $3 != "active") || ($7 != "-" && $7 != "active"))) ok = 0
            if (ok) { since = 0; next }
            if (!since) since = $1
            if (k || $1 - since > grace) {
                bad++; if (bad <= 8) print (k ? "settled: " : "for " ($1 - since) " ms: ") $0
            }
        }
        END { printf "# status: %d samples (mean interval %d ms, max %d), %d violations\n", n, (n > 1 ? sum / (n - 1) : 0), maxgap, bad
              exit bad > 0 }' "$IX_MARKS" "$IX_STATUS_LOG"
}

# ix_rexmit_storms [MAX_MS]: from the bridge capture: every NS_rexmit for a
# (requester, sender, seq) answered by the sender resending that seq within
# MAX_MS (default 2000) of the first request
ix_rexmit_storms() {
    local max=${1:-2000} f=$LAB_LOGDIR/br0.pcap
    [ -f "$f" ] || { diag "no capture"; return 0; }
    tcpdump -r "$f" -n -tt -A udp 2>/dev/null | awk -v max="$max" '
        function flush() {
            if (rec == "") return
            src = ""; t = ""; dst = ""; seq = ""; fs = ""; ls = ""
            if (match(rec, /src=[a-z0-9]+/)) src = substr(rec, RSTART + 4, RLENGTH - 4)
            if (match(rec, /\)t=[A-Za-z_-]+/)) t = substr(rec, RSTART + 3, RLENGTH - 3)
            else if (match(rec, /[|>]t=[A-Za-z_-]+/)) t = substr(rec, RSTART + 3, RLENGTH - 3)
            if (match(rec, /dest=[a-z0-9]+/)) dst = substr(rec, RSTART + 5, RLENGTH - 5)
            if (match(rec, /[^a-z]seq=[0-9a-f]+/)) seq = substr(rec, RSTART + 5, RLENGTH - 5)
            if (match(rec, /firstseq=[0-9]+/)) fs = substr(rec, RSTART + 9, RLENGTH - 9)
            if (match(rec, /lastseq=[0-9]+/)) ls = substr(rec, RSTART + 8, RLENGTH - 8)
            if (t == "NS_rexmit" && fs != "") {
                for (s = fs + 0; s <= ls + 0; s++) {
                    k = src " " dst " " s
                    # a request long after the last episode was answered
                    # (a later gap, or a new generation reusing the seq)
                    # starts a new episode
                    if ((k in first) && (k in done) && ts - done[k] > 1000) { judge(k); delete first[k] }
                    if (!(k in first)) {
                        first[k] = ts; reqs++; delete done[k]
                        # the sender may already have resent it: NS_rexmit goes
                        # out on every medium and the capture sees only br0
                        x = dst " " s
                        if ((x in sent) && sent[x] >= ts - 40 && sent[x] > orig[x]) done[k] = ts
                    }
                    last[k] = ts
                }
            } else if (seq != "" && src != "") {
                x = src " " strtonum("0x" seq)
                if (!(x in sent) || ts - sent[x] > 30000) orig[x] = ts
                sent[x] = ts
                # a resend answers every open request for that seq
                for (k in first) {
                    split(k, p, " ")
                    if (p[2] " " p[3] == x && !(k in done) && ts > orig[x]) done[k] = ts
                }
            }
            rec = ""
        }
        function judge(k,   span, p) {
            span = ((k in done) ? done[k] : last[k]) - first[k]
            if (span > worst) worst = span
            if (span > max) { bad++; split(k, p, " ")
                if (bad <= 5) printf "# storm: %s asked %s for seq %s for %d ms%s\n", p[1], p[2], p[3], span, (k in done) ? " before the resend" : ", never resent" }
        }
        /^[0-9]+\.[0-9]+ IP6? / { flush(); ts = int($1 * 1000); rec = "|"; next }
        { rec = rec $0 "|" }
        END {
            flush()
            for (k in first) judge(k)
            printf "# rexmit: %d packets asked again, worst %d ms to the resend, %d over %d ms\n", reqs, worst, bad, max
            exit bad > 0
        }' >&2
}

# _ix_no_errors NODE: no ERROR/CRIT/ownership complaint, except as many
# "msg2string: Message with zero fields" as ix_run_tool resent requests for
_ix_no_errors() {
    local f drops; f=$(lab_log "$1")
    drops=$(grep -c 'ERROR: msg2string: Message with zero fields' "$f")
    if [ "${drops:-0}" -gt 0 ]; then
        diag "$1: $drops x 'msg2string: Message with zero fields' (3.0.6's FIFO reader; ${IX_FIFO_DROPS[$1]:-0} requests resent)"
    fi
    [ "${drops:-0}" -eq "${IX_FIFO_DROPS[$1]:-0}" ] || return 1
    if grep -v 'ERROR: msg2string: Message with zero fields' "$f" |
        grep -nE 'ERROR:|CRIT:|Both machines own|No one owns' >&2; then return 1; fi
    return 0
}

# _ix_no_auth_errors NODE: none of the forbidden lines in NODE's log. The
# configuration check's own warning about a crc key (heartbeatd, at start:
# "authkeys:N: warning: the active key is crc ...") is advice, not an error.
_ix_no_auth_errors() {
    local f; f=$(lab_log "$1")
    if grep -vE 'authkeys:[0-9]+: warning: ' "$f" 2>/dev/null |
        grep -nE 'authenticat|auth_failed|unknown_key|no_auth|bad packet|bad node|attempted replay attack|returning after partition' >&2; then
        return 1
    fi
    return 0
}

# ix_logs_clean: TAP per node: none of the forbidden log lines
ix_logs_clean() {
    local n
    for n in node1 node2; do
        ok_if "$n (${FO_KIND[$n]}): no authentication errors, bad node, replay or partition in its log" \
            _ix_no_auth_errors "$n"
        ok_if "$n: no ERROR/CRIT, 'Both machines own' or 'No one owns'" \
            _ix_no_errors "$n"
    done
}

# ix_finish: stop the samplers; TAP lines for the analyses and the logs
ix_finish() {
    _ix_stop_pid "$IX_PS_PID" "$IX_PS_ST"; _ix_stop_pid "$IX_SS_PID" "$IX_SS_ST"
    IX_PS_PID='' IX_SS_PID=''
    cp "$IX_PLACE_LOG" "$IX_STATUS_LOG" "$IX_MARKS" "$LAB_LOGDIR/" 2>/dev/null
    ok_if "every sample: each group on at most one node, exactly the expected one when settled" _ix_analyse_place
    ok_if "every sample: both nodes' cl_status agree on node status and rscstatus" _ix_analyse_status
    lab_pcap_stop
    if [ "$IX_MEDIUM" != serial ]; then
        ok_if "no rexmit storm (every NS_rexmit answered within 2 s)" ix_rexmit_storms 2000
    fi
    ix_logs_clean
}
