#!/usr/bin/env bash
# bench/idle.sh: what an idle two-node cluster costs, three ways in one run:
# a heartbeatd pair, a Heartbeat 3.0.6 pair and a keepalived (VRRP) pair, each
# alone in the namespace lab of test/lib/lab.sh (see docs/performance.md).
#
#   bash bench/idle.sh [SECONDS]          (as root; default window 60 s)
#   IDLE_IMPLS="hbd real" bash bench/idle.sh 30    (a subset, in that order)
#   IDLE_REALTIME=on bash bench/idle.sh      (heartbeat pairs with `realtime on`,
#                                             their default: SCHED_RR + mlockall)
#
# Per node and implementation, over the idle window (measured after the
# pair is up and has settled):
#   procs   processes running the daemon's binary in the node (3.0.6: master
#           control process + FIFO reader + a write and a read child per
#           medium; keepalived: parent + VRRP child)
#   RSS     sum of VmRSS over those processes (kB; shared pages counted in
#           every process)
#   PSS     sum of Pss from /proc/PID/smaps_rollup (kB; shared pages split
#           between the processes mapping them, on the whole host)
#   USS     sum of Private_Clean + Private_Dirty (kB; memory only they use)
#   CPU     utime+stime delta from /proc/PID/stat (ms, 10 ms ticks), and the
#           scheduler's on-CPU time delta from /proc/PID/task/*/schedstat (ms,
#           ns resolution)
#   wakeups context switches (voluntary + involuntary) per second
#   tx      packets and bytes per second the node sent on eth0
# Configuration: keepalive 1 s (advert_int 1), ucast for the heartbeat pairs
# (VRRP uses its default multicast), sha1 auth, realtime off (see
# IDLE_REALTIME), no resources
# for the heartbeat pairs (heartbeat v1 does no resource monitoring while idle),
# VIP 192.0.2.100 for keepalived.
#
# Installs keepalived with apt-get if it is missing; builds build/heartbeat
# and the lab helper only if they are missing (run `make` first to measure the
# current tree). Cleans up after itself (lab_cleanup trap).
# Must not: run from `make test`; touch anything outside its own lab.
set -u
HB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WINDOW=${1:-60}
SETTLE=${IDLE_SETTLE:-5}
IMPLS=${IDLE_IMPLS:-hbd real keepalived}
REALTIME=${IDLE_REALTIME:-off}   # heartbeat pairs: realtime on = SCHED_RR + mlockall
[[ $REALTIME =~ ^(on|off)$ ]] || { echo "IDLE_REALTIME must be on or off" >&2; exit 2; }
[[ $WINDOW =~ ^[0-9]+$ ]] && [ "$WINDOW" -ge 5 ] || { echo "usage: bash bench/idle.sh [SECONDS>=5]" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "bench/idle.sh: needs root (network namespaces)" >&2; exit 2; }

# ---------------------------------------------------------------- setup --
need_pkg() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed' && return 0
    echo "# installing $1" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$1" >&2 \
        || { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$1" >&2; }
}
for w in $IMPLS; do
    case $w in
        hbd) [ -x "${HB_DAEMON:-$HB_ROOT/build/heartbeat}" ] && [ -x "$HB_ROOT/build/cl_status" ] \
                 || make -s -C "$HB_ROOT" all >&2 || exit 1 ;;
        real) need_pkg heartbeat || exit 1 ;;
        keepalived) need_pkg keepalived || exit 1 ;;
        *) echo "unknown implementation '$w' (hbd, real, keepalived)" >&2; exit 2 ;;
    esac
done
for p in iproute2 nftables; do need_pkg "$p" || exit 1; done

# Node logs and captures of this run (lab.sh copies the nodes' /var/log here).
export HB_TEST_LOGDIR=${HB_TEST_LOGDIR:-$HB_ROOT/build/bench/idle-logs}
rm -rf -- "$HB_TEST_LOGDIR"
# shellcheck source=../test/lib/lab.sh
source "$HB_ROOT/test/lib/lab.sh"
HB_BIN=$(readlink -f "${HB_DAEMON:-$HB_ROOT/build/heartbeat}")
KA_BIN=/usr/sbin/keepalived
TICK_MS=$(( 1000 / $(getconf CLK_TCK) ))

lab_init
lab_add_node node1
lab_add_node node2

# -------------------------------------------------------------- configs --
write_heartbeat_config() {
    local n
    for n in node1 node2; do
        {
            lab_hacf_base | sed "s/^realtime off\$/realtime $REALTIME/"
            cat <<'EOF'
keepalive 1
deadtime 10
warntime 5
initdead 20
ucast eth0 192.0.2.1
ucast eth0 192.0.2.2
auto_failback on
node node1
node node2
EOF
        } | lab_write_hacf "$n"
        lab_write_authkeys "$n" sha1 "idle-bench-$LAB_P"
        printf '# no resource groups: the idle cost of membership only\n' | lab_write_haresources "$n"
    done
}

write_keepalived_config() {
    local n prio
    for n in node1 node2; do
        if [ "$n" = node1 ]; then prio=150; else prio=100; fi
        cat > "$(lab_node_dir "$n")/etc/keepalived-idle.conf" <<EOF
global_defs {
    router_id $n
}
vrrp_instance idle_bench {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority $prio
    advert_int 1
    virtual_ipaddress {
        192.0.2.100/24 dev eth0
    }
}
EOF
    done
}

# --------------------------------------------------------- measurement --
# daemon_pids NODE BIN: host PIDs of the processes in NODE's PID namespace
# whose executable is BIN.
daemon_pids() {
    local h ns p
    h=$(lab_holder_pid "$1")
    ns=$(readlink "/proc/$h/ns/pid") || return 0
    for p in /proc/[0-9]*; do
        p=${p#/proc/}
        [ "$p" = "$h" ] && continue
        [ "$(readlink "/proc/$p/ns/pid" 2>/dev/null)" = "$ns" ] || continue
        [ "$(readlink "/proc/$p/exe" 2>/dev/null)" = "$2" ] || continue
        echo "$p"
    done
}

# proc_sample PID: "ticks schedns ctxsw rss pss uss" for one process
proc_sample() {
    local p=$1 s ticks schedns=0 ctx=0 rss=0 pss=0 uss=0 t f v k
    s=$(cat "/proc/$p/stat" 2>/dev/null) || return 1
    s=${s##*) }
    read -ra f <<< "$s"
    ticks=$(( f[11] + f[12] ))          # utime, stime (fields 14, 15)
    for t in /proc/"$p"/task/*; do
        read -r v _ < "$t/schedstat" 2>/dev/null && schedns=$(( schedns + v ))
        while read -r k v _; do
            case $k in voluntary_ctxt_switches:|nonvoluntary_ctxt_switches:) ctx=$(( ctx + v )) ;; esac
        done < "$t/status"
    done
    while read -r k v _; do
        case $k in VmRSS:) rss=$v ;; esac
    done < "/proc/$p/status"
    if [ -r "/proc/$p/smaps_rollup" ]; then
        while read -r k v _; do
            case $k in
                Pss:) pss=$v ;;
                Private_Clean:|Private_Dirty:) uss=$(( uss + v )) ;;
            esac
        done < "/proc/$p/smaps_rollup"
    fi
    echo "$ticks $schedns $ctx $rss $pss $uss"
}

# net_sample NODE: "tx_packets tx_bytes" of NODE's eth0
net_sample() {
    lab_exec "$1" sh -c 'cat /sys/class/net/eth0/statistics/tx_packets /sys/class/net/eth0/statistics/tx_bytes' \
        | tr '\n' ' '
}

declare -A S0   # "node pid" -> sample at window start
declare -A N0   # node -> net sample at window start
RESULTS=()

# measure IMPL BIN: snapshot both nodes, sleep the window, snapshot again,
# append one result line per node to RESULTS.
measure() {
    local impl=$1 bin=$2 n p
    declare -A pids0=()
    for n in node1 node2; do
        pids0[$n]=$(daemon_pids "$n" "$bin" | tr '\n' ' ')
        for p in ${pids0[$n]}; do S0["$n $p"]=$(proc_sample "$p"); done
        N0[$n]=$(net_sample "$n")
    done
    local t0; t0=$(lab_now_ms)
    sleep "$WINDOW"
    local secs_ms=$(( $(lab_now_ms) - t0 ))
    for n in node1 node2; do
        local pids1 nprocs=0 dt=0 dsched=0 dctx=0 rss=0 pss=0 uss=0 note=''
        pids1=$(daemon_pids "$n" "$bin" | tr '\n' ' ')
        [ "$pids1" = "${pids0[$n]}" ] || note="process set changed: [${pids0[$n]}] -> [$pids1]"
        for p in $pids1; do
            local a b sm
            sm=$(proc_sample "$p") || continue
            read -ra b <<< "$sm"
            if [ -n "${S0["$n $p"]:-}" ]; then read -ra a <<< "${S0["$n $p"]}"; else a=(0 0 0); fi
            nprocs=$((nprocs + 1))
            dt=$(( dt + b[0] - a[0] )); dsched=$(( dsched + b[1] - a[1] )); dctx=$(( dctx + b[2] - a[2] ))
            rss=$(( rss + b[3] )); pss=$(( pss + b[4] )); uss=$(( uss + b[5] ))
        done
        local net1 tx0 txb0 tx1 txb1
        net1=$(net_sample "$n")
        read -r tx0 txb0 <<< "${N0[$n]}"; read -r tx1 txb1 <<< "$net1"
        RESULTS+=("$(awk -v impl="$impl" -v n="$n" -v np="$nprocs" -v rss="$rss" -v pss="$pss" -v uss="$uss" \
            -v ticks="$dt" -v tick="$TICK_MS" -v sched="$dsched" -v ctx="$dctx" -v ms="$secs_ms" \
            -v tx=$((tx1 - tx0)) -v txb=$((txb1 - txb0)) 'BEGIN {
                s = ms / 1000.0
                printf "%-10s %-5s %5d %8d %8d %8d %9d %9.1f %8.2f %8.2f %8.0f", impl, n, np, rss, pss, uss,
                    ticks * tick, sched / 1e6, ctx / s, tx / s, txb / s
            }')")
        [ -n "$note" ] && diag "$impl $n: $note"
    done
}

# ------------------------------------------------------------ the runs --
up_pair() { lab_wait 40 lab_out_is active lab_cl_status node1 nodestatus node2 && \
            lab_wait 40 lab_out_is active lab_cl_status node2 nodestatus node1; }
has_vip() { lab_exec "$1" ip -4 -o addr show dev eth0 | grep -q ' 192\.0\.2\.100/'; }

run_hbd() {
    write_heartbeat_config
    lab_start_hbd node1 && lab_start_hbd node2 || lab_bail "heartbeatd did not start"
    up_pair || lab_bail "heartbeatd pair did not become active"
    sleep "$SETTLE"
    measure heartbeatd "$HB_BIN"
    lab_stop node2; lab_stop node1
}

run_real() {
    write_heartbeat_config
    lab_start_real node1 && lab_start_real node2 || lab_bail "heartbeat 3.0.6 did not start"
    up_pair || lab_bail "3.0.6 pair did not become active"
    sleep "$SETTLE"
    measure hb-3.0.6 "$(readlink -f "$LAB_REAL_HB")"
    lab_stop node2; lab_stop node1
}

run_keepalived() {
    write_keepalived_config
    local n
    for n in node1 node2; do
        lab_bg "$n" sh -c "exec $KA_BIN -n -l -D -P -f /etc/ha.d/keepalived-idle.conf \
            -p /run/keepalived-idle.pid -r /run/keepalived-idle-vrrp.pid >>/var/log/keepalived.out 2>&1"
    done
    lab_wait 20 has_vip node1 || lab_bail "keepalived: node1 did not take 192.0.2.100"
    has_vip node2 && lab_bail "keepalived: both nodes hold the VIP"
    sleep "$SETTLE"
    measure keepalived "$KA_BIN"
    for n in node1 node2; do lab_exec "$n" sh -c 'kill -TERM "$(cat /run/keepalived-idle.pid)"' 2>/dev/null; done
    lab_wait 10 ka_gone || diag "keepalived did not stop on SIGTERM (cleanup will kill it)"
}
ka_gone() { [ -z "$(daemon_pids node1 "$KA_BIN")$(daemon_pids node2 "$KA_BIN")" ]; }

diag "idle window ${WINDOW} s per implementation (+${SETTLE} s settle); implementations: $IMPLS"
for w in $IMPLS; do
    diag "running $w pair"
    case $w in hbd) run_hbd ;; real) run_real ;; keepalived) run_keepalived ;; esac
done

# ------------------------------------------------------------- report --
echo
echo "Idle two-node cluster, ${WINDOW} s window, keepalive/advert_int 1 s, heartbeat realtime $REALTIME ($(nproc) CPUs, $(uname -r))"
echo "versions: heartbeatd $("$HB_BIN" -V 2>/dev/null | tr -d '\n'); heartbeat $(dpkg-query -W -f='${Version}' heartbeat 2>/dev/null);" \
    "keepalived $(dpkg-query -W -f='${Version}' keepalived 2>/dev/null)"
printf '%-10s %-5s %5s %8s %8s %8s %9s %9s %8s %8s %8s\n' impl node procs 'RSS kB' 'PSS kB' 'USS kB' \
    'CPU ms' 'sched ms' 'wakeup/s' 'tx pkt/s' 'tx B/s'
printf '%s\n' "${RESULTS[@]}"
echo "(CPU ms: utime+stime over the window, ${TICK_MS} ms ticks; sched ms: on-CPU time from schedstat)"
lab_cleanup
exit 0
