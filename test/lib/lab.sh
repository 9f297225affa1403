# shellcheck shell=bash disable=SC2034
# lab.sh: a throw-away L2 cluster lab for one test (source it from a *.t file).
#
# Owns: the test's network namespaces (one switch with bridges br0/br1, one
# netns per node/client), the per-node "holder" (nsinit as PID 1 of a private
# mount+UTS+PID namespace, see node-setup.sh), the node's private directories,
# nft loss tables, socat/tcpdump helpers, TAP assertion helpers, and tearing
# all of that down again (also after a crash of an earlier run: lab_clean_stale).
# Must not: touch any namespace, process, mount or file it did not create.
# Processes are killed by recorded PID (checked against their start time) or
# because they live inside one of this lab's own network namespaces; never
# by name. Addresses used: 192.0.2.0/24, 198.51.100.0/24, 2001:db8::/64 and
# 2001:db8:1::/64, only inside the lab's namespaces.
#
# Quick use (see docs/testing.md):
#   source "$(dirname "$0")/../lib/lab.sh"
#   lab_init; lab_add_node node1; lab_add_node node2
#   lab_hacf_base | lab_write_hacf node1 ...; lab_start_real node1
#   ok_if "node2 active" lab_wait 20 lab_out_is active lab_cl_status node1 nodestatus node2

# ---------------------------------------------------------------- globals --
HB_ROOT=${HB_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
LAB_NSINIT=${HB_NSINIT:-$HB_ROOT/build/test/nsinit}
LAB_STATE_ROOT=/run/hb-lab
LAB_REAL_HB=/usr/libexec/heartbeat/heartbeat
LAB_REAL_CL=/usr/bin/cl_status
LAB_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

LAB_P=''            # unique prefix, e.g. hbk3x9q
LAB_STATE=''        # /run/hb-lab/$LAB_P: owner, labdir, netns, pids
LAB_DIR=''          # /tmp/hb-lab.$LAB_P: nodes/<name>/{etc,varlib,log}, helpers
LAB_SW=''           # switch netns name
LAB_LOGDIR=''       # where pcaps and copied node logs go
LAB_LAN2=0          # br1 created?
LAB_CLEANED=0
LAB_FAILS=0
LAB_SERIAL_A='' LAB_SERIAL_B=''
LAB_NODES=()        # names, in creation order
declare -gA LAB_NS=() LAB_KIND=() LAB_HOST=() LAB_HASLAN2=() LAB_HOLDER=() LAB_HOLDER_ST=() \
    LAB_ISCLIENT=()
LAB_NCLIENTS=0 LAB_NOTHER=0 LAB_PCAP_PID='' LAB_PCAP_ST=''

# ------------------------------------------------------------- TAP output --
diag() { printf '# %s\n' "$*" >&2; }

# ok_if DESC CMD...: "ok - DESC" if CMD succeeds, else "not ok - DESC".
# CMD's stdout goes to stderr so that stdout carries only TAP lines.
ok_if() {
    local desc=$1; shift
    if "$@" >&2; then echo "ok - $desc"; return 0; fi
    echo "not ok - $desc"; LAB_FAILS=$((LAB_FAILS + 1)); diag "failed: $*"; return 1
}

# is DESC GOT WANT: string equality.
is() {
    if [ "$2" == "$3" ]; then echo "ok - $1"; return 0; fi
    echo "not ok - $1"; LAB_FAILS=$((LAB_FAILS + 1))
    diag "     got: '$2'"; diag "expected: '$3'"; return 1
}

# lab_bail MSG: a setup step failed; report and end the test (cleanup via trap).
lab_bail() { echo "not ok - lab: $*"; diag "lab: $*"; exit 1; }

# lab_exit: exit 1 if any assertion failed, else 0.
lab_exit() { [ "$LAB_FAILS" -eq 0 ] && exit 0; exit 1; }

# ------------------------------------------------------------- small bits --
lab_now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }

# _lab_ms SECONDS (may be fractional, e.g. 2.5) -> milliseconds
_lab_ms() {
    if [[ $1 =~ ^([0-9]+)(\.([0-9]{1,3}))?$ ]]; then
        local frac=${BASH_REMATCH[3]}000
        echo $(( 10#${BASH_REMATCH[1]} * 1000 + 10#${frac:0:3} ))
    else
        echo 0
    fi
}

# _lab_starttime PID -> the process start time (jiffies since boot) or nothing
_lab_starttime() {
    local s
    s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    s=${s##*) }
    local -a f
    read -ra f <<< "$s"
    echo "${f[19]}"
}

# _lab_alive PID STARTTIME: the same process is still there (no PID reuse)
# and not a zombie (a killed test's bash can linger unreaped for a moment).
_lab_alive() {
    local s
    s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    s=${s##*) }
    local -a f
    read -ra f <<< "$s"
    [ "${f[19]}" = "$2" ] && [ "${f[0]}" != Z ] && [ "${f[0]}" != X ]
}

# _lab_record_pid PID WHAT: remember a process for cleanup (also stale cleanup)
# Sets LAB_REC_ST to its start time.
_lab_record_pid() {
    local st
    LAB_REC_ST=''
    st=$(_lab_starttime "$1") || return 0
    LAB_REC_ST=$st
    echo "$1 $st $2" >> "$LAB_STATE/pids"
}

_lab_need() { [ -n "${LAB_NS[$1]:-}" ] || lab_bail "unknown node '$1'"; }

# _lab_spawn OUT CMD...: start CMD detached (stdout+stderr appended to OUT) and
# set LAB_SPAWNED_PID. Detached = not a child of the test's shell, so a bare
# `wait` in a test never blocks on lab infrastructure; it still shares the
# test's process group, so the runner's group signals reach it.
_lab_spawn() {
    local out=$1; shift
    LAB_SPAWNED_PID=$("$@" </dev/null >>"$out" 2>&1 & echo $!)
}

# lab_wait TIMEOUT_S CMD...: run CMD every 0.1 s until it succeeds (return 0)
# or TIMEOUT_S (fractions allowed) has passed (return 1). CMD output is dropped.
lab_wait() {
    local ms; ms=$(_lab_ms "$1"); shift
    local deadline=$(( $(lab_now_ms) + ms )) max=$(( ms / 100 + 2 )) i
    for ((i = 0; i < max; i++)); do
        "$@" >/dev/null 2>&1 && return 0
        [ "$(lab_now_ms)" -ge "$deadline" ] && return 1
        sleep 0.1
    done
    return 1
}

# lab_out_is WANT CMD...: CMD's stdout (whitespace-trimmed) equals WANT.
lab_out_is() {
    local want=$1 out; shift
    out=$("$@" 2>/dev/null)
    out=$(printf '%s' "$out" | sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//')
    [ "$out" == "$want" ]
}

# -------------------------------------------------------------- lifecycle --
# lab_init: create this test's prefix, state dir, temp dir and switch namespace
# (bridge br0 = 192.0.2.254/24 + 2001:db8::254, also the ping node), and set
# the cleanup trap. Call once, from the test's main shell.
lab_init() {
    [ "$(id -u)" -eq 0 ] || lab_bail "lab tests need root"
    [ -n "$LAB_P" ] && lab_bail "lab_init called twice"
    lab_clean_stale quiet
    if [ ! -x "$LAB_NSINIT" ]; then
        make -s -C "$HB_ROOT" "${LAB_NSINIT#"$HB_ROOT"/}" >&2 || lab_bail "cannot build $LAB_NSINIT"
    fi
    local i p tmp
    for ((i = 0; i < 20; i++)); do
        p=hb$(printf '%05x' $(( ((RANDOM << 15) | RANDOM) & 0xfffff )))
        [ ${#p} -eq 7 ] && [ ! -e "$LAB_STATE_ROOT/$p" ] && [ ! -e "/run/netns/$p-sw" ] && break
        p=''
    done
    [ -n "$p" ] || lab_bail "no free lab prefix"
    mkdir -p "$LAB_STATE_ROOT"
    # Publish the state dir atomically, owner first, so a concurrent
    # lab_clean_stale never sees an ownerless dir.
    tmp=$(mktemp -d "$LAB_STATE_ROOT/.new.XXXXXX")
    echo "$$ $(_lab_starttime $$)" > "$tmp/owner"
    LAB_DIR=$(mktemp -d "/tmp/hb-lab.$p.XXXX")
    echo "$LAB_DIR" > "$tmp/labdir"
    : > "$tmp/netns"; : > "$tmp/pids"
    mv -T "$tmp" "$LAB_STATE_ROOT/$p" || lab_bail "cannot create $LAB_STATE_ROOT/$p"
    LAB_P=$p LAB_STATE=$LAB_STATE_ROOT/$p LAB_SW=$p-sw
    trap 'lab_cleanup' EXIT
    trap 'lab_cleanup; trap - EXIT; exit 130' INT
    trap 'lab_cleanup; trap - EXIT; exit 143' TERM

    if [ -z "${HB_TEST_LOGDIR:-}" ]; then   # run by hand: fresh log dir
        local t=${0##*/} d; d=$(basename "$(dirname "$0")")
        HB_TEST_LOGDIR=$HB_ROOT/build/test-logs/$d-${t%.t}.d
        rm -rf -- "$HB_TEST_LOGDIR"
    fi
    LAB_LOGDIR=$HB_TEST_LOGDIR
    mkdir -p "$LAB_LOGDIR" "$LAB_DIR/nodes"
    install -m 755 "$HB_ROOT/test/lib/fake-reboot" "$LAB_DIR/fake-reboot"
    diag "lab $LAB_P: dir $LAB_DIR, logs $LAB_LOGDIR"

    _lab_netns_add "$LAB_SW"
    ip -n "$LAB_SW" link set lo up
    ip -n "$LAB_SW" link add br0 type bridge stp_state 0 forward_delay 0 mcast_snooping 0 \
        || lab_bail "cannot create bridge"
    ip -n "$LAB_SW" addr add 192.0.2.254/24 brd + dev br0
    ip -n "$LAB_SW" addr add 2001:db8::254/64 nodad dev br0
    ip -n "$LAB_SW" link set br0 up
}

# _lab_netns_add NAME: record first (so a crash right after still gets cleaned)
_lab_netns_add() {
    echo "$1" >> "$LAB_STATE/netns"
    ip netns add "$1" || lab_bail "ip netns add $1 failed"
    ip netns exec "$1" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
        net.ipv6.conf.all.keep_addr_on_down=1 net.ipv6.conf.default.keep_addr_on_down=1 >/dev/null 2>&1 || true
}

_lab_lan2_init() {
    [ "$LAB_LAN2" = 1 ] && return 0
    ip -n "$LAB_SW" link add br1 type bridge stp_state 0 forward_delay 0 mcast_snooping 0 \
        || lab_bail "cannot create br1"
    ip -n "$LAB_SW" addr add 198.51.100.254/24 brd + dev br1
    ip -n "$LAB_SW" addr add 2001:db8:1::254/64 nodad dev br1
    ip -n "$LAB_SW" link set br1 up
    LAB_LAN2=1
}

# _lab_plug NS HOSTNUM IFACE(eth0|eth1): veth from the switch into NS
_lab_plug() {
    local ns=$1 h=$2 ifc=$3 br port
    if [ "$ifc" = eth0 ]; then br=br0 port=${LAB_P}p$h; else br=br1 port=${LAB_P}q$h; fi
    ip -n "$LAB_SW" link add "$port" type veth peer name "$ifc" netns "$ns" \
        || lab_bail "cannot create veth $port"
    ip -n "$LAB_SW" link set "$port" master "$br"
    ip -n "$LAB_SW" link set "$port" up
    _lab_base_addr "$ns" "$h" "$ifc"
    ip -n "$ns" link set "$ifc" up
}

# _lab_base_addr NS HOSTNUM IFACE: the interface's configured addresses
_lab_base_addr() {
    local ns=$1 h=$2 ifc=$3
    if [ "$ifc" = eth0 ]; then
        ip -n "$ns" addr add "192.0.2.$h/24" brd + dev eth0
        ip -n "$ns" addr add "2001:db8::$h/64" nodad dev eth0
    else
        ip -n "$ns" addr add "198.51.100.$h/24" brd + dev eth1
        ip -n "$ns" addr add "2001:db8:1::$h/64" nodad dev eth1
    fi
}

# _lab_add_ns NAME ISCLIENT ARGS...: common part of lab_add_node/lab_add_client
_lab_add_ns() {
    local name=$1 isclient=$2; shift 2
    local lan2=0 host=''
    while [ $# -gt 0 ]; do
        case $1 in
            --lan2) lan2=1 ;;
            --host) host=$2; shift ;;
            *) lab_bail "unknown option '$1'" ;;
        esac
        shift
    done
    [ -n "$LAB_P" ] || lab_bail "call lab_init first"
    [[ $name =~ ^[a-z][a-z0-9_-]{0,30}$ ]] || lab_bail "bad node name '$name'"
    [ -z "${LAB_NS[$name]:-}" ] || lab_bail "node '$name' exists"
    if [ -z "$host" ]; then
        if [ "$isclient" = 1 ]; then host=$((10 + LAB_NCLIENTS)); LAB_NCLIENTS=$((LAB_NCLIENTS + 1))
        elif [[ $name =~ ^node([1-9])$ ]]; then host=${BASH_REMATCH[1]}
        else host=$((20 + LAB_NOTHER)); LAB_NOTHER=$((LAB_NOTHER + 1)); fi
    fi
    [[ $host =~ ^[0-9]+$ ]] && [ "$host" -ge 1 ] && [ "$host" -le 99 ] || lab_bail "bad host number '$host'"
    local n
    for n in "${LAB_NODES[@]}"; do
        [ "${LAB_HOST[$n]}" != "$host" ] || lab_bail "host number $host already used by $n"
    done
    local ns=$LAB_P-$name
    LAB_NS[$name]=$ns LAB_HOST[$name]=$host LAB_HASLAN2[$name]=$lan2 LAB_ISCLIENT[$name]=$isclient
    LAB_NODES+=("$name")
    _lab_netns_add "$ns"
    ip -n "$ns" link set lo up
    _lab_plug "$ns" "$host" eth0
    if [ "$lan2" = 1 ]; then _lab_lan2_init; _lab_plug "$ns" "$host" eth1; fi
}

# lab_add_node NAME [--lan2] [--host N]: a cluster node: netns with eth0
# (192.0.2.N, 2001:db8::N; N = the digit of nodeN unless --host) and with
# --lan2 eth1 (198.51.100.N, 2001:db8:1::N), private dirs (lab_node_dir) and
# a holder (hostname NAME, private /etc/ha.d /var/lib/heartbeat /var/log /run,
# reboot guard).
lab_add_node() {
    local name=$1; shift
    _lab_add_ns "$name" 0 "$@"
    local d=$LAB_DIR/nodes/$name
    mkdir -p "$d/etc" "$d/varlib" "$d/log"
    cp -a /etc/ha.d/. "$d/etc/"
    rm -f "$d/etc/ha.cf" "$d/etc/authkeys" "$d/etc/haresources"
    install -m 755 "$HB_ROOT/test/lib/hbDummy" "$d/etc/resource.d/hbDummy"
    # Same directory tree (owners, modes) as the package's, but no state.
    cp -a /var/lib/heartbeat/. "$d/varlib/" 2>/dev/null || true
    find "$d/varlib" -mindepth 1 ! -type d -delete
    chmod 755 "$d/log"
    LAB_KIND[$name]=real
    _lab_start_holder "$name"
}

# lab_add_client NAME [--lan2] [--host N]: a plain netns on the LAN
# (192.0.2.10, .11, ... unless --host). lab_exec runs commands in it.
lab_add_client() {
    local name=$1; shift
    _lab_add_ns "$name" 1 "$@"
}

# _lab_start_holder NAME: build the node's mount/UTS/PID namespace
_lab_start_holder() {
    local name=$1 d=$LAB_DIR/nodes/$1 u h='' i exe want
    _lab_spawn "$d/log/holder.out" ip netns exec "${LAB_NS[$name]}" \
        unshare --mount --uts --pid --fork --mount-proc --propagation private \
        "$HB_ROOT/test/lib/node-setup.sh" "$name" "$d" "$LAB_DIR/fake-reboot" "$LAB_NSINIT"
    u=$LAB_SPAWNED_PID
    _lab_record_pid "$u" "unshare:$name"
    want=$(readlink -f "$LAB_NSINIT")
    for ((i = 0; i < 100; i++)); do
        [ -z "$h" ] && h=$(cat "/proc/$u/task/$u/children" 2>/dev/null | awk '{print $1}')
        if [ -n "$h" ]; then
            exe=$(readlink "/proc/$h/exe" 2>/dev/null)
            [ "$exe" = "$want" ] && break
        fi
        kill -0 "$u" 2>/dev/null || break
        sleep 0.05
    done
    if [ -z "$h" ] || [ "$(readlink "/proc/$h/exe" 2>/dev/null)" != "$want" ]; then
        diag "holder.out of $name:"; sed 's/^/#   /' "$d/log/holder.out" >&2
        lab_bail "holder for $name did not start"
    fi
    _lab_record_pid "$h" "holder:$name"
    LAB_HOLDER[$name]=$h LAB_HOLDER_ST[$name]=$LAB_REC_ST
}

# lab_node_dir NODE: host path of NODE's private dirs: etc/ (= /etc/ha.d),
# varlib/ (= /var/lib/heartbeat), log/ (= /var/log).
lab_node_dir() { _lab_need "$1"; echo "$LAB_DIR/nodes/$1"; }

# lab_log NODE: host path of NODE's ha-log
lab_log() { echo "$(lab_node_dir "$1")/log/ha-log"; }

# lab_ns NODE: NODE's netns name;  lab_holder_pid NODE: host PID of its nsinit
lab_ns() { _lab_need "$1"; echo "${LAB_NS[$1]}"; }
lab_holder_pid() { _lab_need "$1"; echo "${LAB_HOLDER[$1]:-}"; }

# lab_ip NODE [lan2|v6|v6lan2]: NODE's configured address
lab_ip() {
    _lab_need "$1"
    local h=${LAB_HOST[$1]}
    case ${2:-lan1} in
        lan1) echo "192.0.2.$h" ;; lan2) echo "198.51.100.$h" ;;
        v6) echo "2001:db8::$h" ;; v6lan2) echo "2001:db8:1::$h" ;;
        *) lab_bail "lab_ip: unknown kind '$2'" ;;
    esac
}

# lab_exec NODE CMD...: run CMD inside NODE (all its namespaces, cwd /) or
# inside a client's netns. Returns CMD's exit status.
lab_exec() {
    _lab_need "$1"
    local n=$1; shift
    if [ "${LAB_ISCLIENT[$n]}" = 1 ]; then
        ip netns exec "${LAB_NS[$n]}" "$@"
        return
    fi
    local h=${LAB_HOLDER[$n]:-}
    if [ -z "$h" ] || ! _lab_alive "$h" "${LAB_HOLDER_ST[$n]}"; then
        diag "lab_exec: node $n is not running (crashed or powered off?)"; return 125
    fi
    nsenter -t "$h" -m -u -n -p -w -- "$@"
}

# lab_exec_t SECONDS NODE CMD...: lab_exec bounded in time (124 on timeout)
lab_exec_t() {
    local t=$1 n=$2; shift 2
    _lab_need "$n"
    if [ "${LAB_ISCLIENT[$n]}" = 1 ]; then
        timeout --foreground -k 3 "$t" ip netns exec "${LAB_NS[$n]}" "$@"; return
    fi
    local h=${LAB_HOLDER[$n]:-}
    if [ -z "$h" ] || ! _lab_alive "$h" "${LAB_HOLDER_ST[$n]}"; then
        diag "lab_exec_t: node $n is not running"; return 125
    fi
    timeout --foreground -k 3 "$t" nsenter -t "$h" -m -u -n -p -w -- "$@"
}

# lab_bg NODE CMD...: start CMD in the background inside NODE; prints nothing,
# sets LAB_BG_PID (host PID of the nsenter/ip wrapper, a child of the test's
# shell: `wait $LAB_BG_PID` gives CMD's status), recorded for cleanup.
lab_bg() {
    _lab_need "$1"
    local n=$1; shift
    if [ "${LAB_ISCLIENT[$n]}" = 1 ]; then
        ip netns exec "${LAB_NS[$n]}" "$@" </dev/null &
    else
        lab_alive "$n" || { diag "lab_bg: node $n is not running"; return 125; }
        nsenter -t "${LAB_HOLDER[$n]}" -m -u -n -p -w -- "$@" </dev/null &
    fi
    LAB_BG_PID=$!
    _lab_record_pid "$LAB_BG_PID" "bg:$n"
}

# Clean environment for daemons (like an init system would give them).
_lab_daemon_env() {
    local -a e=(env -i "PATH=$LAB_PATH" LANG=C HOME=/root)
    local v
    for v in ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS HB_DEBUG; do
        [ -n "${!v:-}" ] && e+=("$v=${!v}")
    done
    printf '%s\n' "${e[@]}"
}

# _lab_start NODE KIND BINARY ARGS...
_lab_start() {
    local n=$1 kind=$2 bin=$3; shift 3
    _lab_need "$n"
    LAB_KIND[$n]=$kind
    local -a e; mapfile -t e < <(_lab_daemon_env)
    local out; out=$(lab_node_dir "$n")/log/daemon.out
    echo "=== $(date '+%T') start $bin $*" >> "$out"
    local a
    for a in "$@"; do
        if [ "$a" = -f ]; then   # foreground: keep it running in the background
            lab_bg "$n" "${e[@]}" "$bin" "$@" >>"$out" 2>&1
            return 0
        fi
    done
    lab_exec_t 60 "$n" "${e[@]}" "$bin" "$@" </dev/null >>"$out" 2>&1
}

# lab_start_real NODE [ARGS...]: start Heartbeat 3.0.6 inside NODE (it
# daemonises; its stdout/stderr go to NODE's log/daemon.out). Returns its status.
lab_start_real() { local n=$1; shift; _lab_start "$n" real "$LAB_REAL_HB" "$@"; }

# lab_start_hbd NODE [ARGS...]: start heartbeatd (${HB_DAEMON:-build/heartbeat})
# the same way. With -f it stays in the foreground, run via lab_bg.
lab_start_hbd() { local n=$1; shift; _lab_start "$n" hbd "${HB_DAEMON:-$HB_ROOT/build/heartbeat}" "$@"; }

_lab_bin() {
    if [ "${LAB_KIND[$1]:-real}" = hbd ]; then echo "${HB_DAEMON:-$HB_ROOT/build/heartbeat}"; else echo "$LAB_REAL_HB"; fi
}

# lab_stop NODE: graceful stop (`heartbeat -k` of the binary the node runs),
# bounded to 120 s. Returns its status.
lab_stop() {
    _lab_need "$1"
    local -a e; mapfile -t e < <(_lab_daemon_env)
    lab_exec_t 120 "$1" "${e[@]}" "$(_lab_bin "$1")" -k </dev/null >>"$(lab_node_dir "$1")/log/daemon.out" 2>&1
}

# lab_cl_status NODE ARGS...: cl_status (real one or build/cl_status to match
# the node's daemon) inside NODE, bounded to 10 s.
lab_cl_status() {
    _lab_need "$1"
    local n=$1 bin=$LAB_REAL_CL; shift
    [ "${LAB_KIND[$n]:-real}" = hbd ] && bin=${HB_CL_STATUS:-$HB_ROOT/build/cl_status}
    lab_exec_t 10 "$n" "$bin" "$@"
}

# lab_crash NODE: power-cut NODE: SIGKILL its holder (the whole PID namespace),
# restore its interfaces to the base addresses (drops eth0:* aliases and any
# address a resource added), then build a fresh holder (empty /run) so it can
# be started again. varlib/ and log/ survive (uuid, generation, resource state
# files: remove those yourself if the test needs a clean restart).
# Also revives a node that powered itself off through the reboot guard.
lab_crash() {
    _lab_need "$1"
    local n=$1 h=${LAB_HOLDER[$1]:-} hst=${LAB_HOLDER_ST[$1]:-} i
    [ "${LAB_ISCLIENT[$n]}" = 1 ] && lab_bail "lab_crash: $n is a client"
    [ -n "$h" ] && _lab_alive "$h" "$hst" && kill -9 "$h" 2>/dev/null
    for ((i = 0; i < 100; i++)); do
        { [ -z "$h" ] || ! _lab_alive "$h" "$hst"; } && break
        sleep 0.05
    done
    [ -n "$h" ] && _lab_alive "$h" "$hst" && lab_bail "holder $h of $n survived SIGKILL"
    local ns=${LAB_NS[$n]} ifc
    for ifc in eth0 eth1; do
        [ "$ifc" = eth1 ] && [ "${LAB_HASLAN2[$n]}" != 1 ] && continue
        ip -n "$ns" -4 addr flush dev "$ifc"
        ip -n "$ns" -6 addr flush dev "$ifc" scope global
        _lab_base_addr "$ns" "${LAB_HOST[$n]}" "$ifc"
    done
    LAB_HOLDER[$n]=''
    _lab_start_holder "$n"
}

# lab_alive NODE: NODE's holder is running (not crashed / powered off)
lab_alive() { _lab_need "$1"; local h=${LAB_HOLDER[$1]:-}; [ -n "$h" ] && _lab_alive "$h" "${LAB_HOLDER_ST[$1]}"; }

# ------------------------------------------------------------ net faults --
# lab_loss NODE PERCENT [on|off] [--from ADDR]: randomly drop PERCENT % of the
# UDP packets NODE receives (not on lo), via nftables in NODE's netns
# (`numgen random mod 100 < PERCENT drop`). `off` (or 0 %) removes it.
lab_loss() {
    _lab_need "$1"
    local n=$1 pct=$2 mode=${3:-on} from='' ns=${LAB_NS[$1]}
    [ $# -ge 5 ] && [ "$4" = --from ] && from=$5
    [[ $pct =~ ^[0-9]+$ ]] && [ "$pct" -le 100 ] || lab_bail "lab_loss: bad percent '$pct'"
    if [ "$mode" = off ] || [ "$pct" -eq 0 ]; then
        ip netns exec "$ns" nft delete table inet hblab_loss 2>/dev/null
        return 0
    fi
    local match='meta l4proto udp' rnd="numgen random mod 100 < $pct "
    [ "$pct" -eq 100 ] && rnd=''   # numgen's range is 0-99
    if [ -n "$from" ]; then
        if [[ $from == *:* ]]; then match="ip6 saddr $from $match"; else match="ip saddr $from $match"; fi
    fi
    ip netns exec "$ns" nft -f - <<EOF
table inet hblab_loss
delete table inet hblab_loss
table inet hblab_loss {
    chain in {
        type filter hook input priority filter; policy accept;
        iifname != "lo" $match ${rnd}counter drop
    }
}
EOF
}

# lab_link NODE IFACE up|down: plug/unplug NODE's cable (IFACE eth0 or eth1):
# the switch port goes down, NODE's interface stays admin-up without carrier.
lab_link() {
    _lab_need "$1"
    local port
    case $2 in
        eth0) port=${LAB_P}p${LAB_HOST[$1]} ;;
        eth1) port=${LAB_P}q${LAB_HOST[$1]} ;;
        *) lab_bail "lab_link: unknown interface '$2'" ;;
    esac
    case $3 in up|down) ;; *) lab_bail "lab_link: say up or down" ;; esac
    ip -n "$LAB_SW" link set "$port" "$3"
}

# ---------------------------------------------------------- config files --
# lab_hacf_base: the ha.cf lines every lab node uses (logging into the node's
# /var/log, no syslog, no logd, no realtime).
lab_hacf_base() {
    printf '%s\n' 'logfile /var/log/ha-log' 'debugfile /var/log/ha-debug' \
        'logfacility none' 'use_logd no' 'realtime off'
}

# lab_write_hacf NODE <<EOF ... EOF: NODE's /etc/ha.d/ha.cf from stdin
lab_write_hacf() { local f; f=$(lab_node_dir "$1")/etc/ha.cf; cat > "$f"; chmod 644 "$f"; }

# lab_write_haresources NODE <<EOF ... EOF: NODE's /etc/ha.d/haresources
lab_write_haresources() { local f; f=$(lab_node_dir "$1")/etc/haresources; cat > "$f"; chmod 644 "$f"; }

# lab_write_authkeys NODE KIND [KEY]: "auth 1" + "1 KIND KEY" (crc: no key),
# mode 600. KEY defaults to "labsecret".
lab_write_authkeys() {
    local f; f=$(lab_node_dir "$1")/etc/authkeys
    (umask 077; if [ "$2" = crc ]; then printf 'auth 1\n1 crc\n'; else printf 'auth 1\n1 %s %s\n' "$2" "${3:-labsecret}"; fi > "$f")
    chmod 600 "$f"
}

# ---------------------------------------------------------------- helpers --
# lab_serial_pair: a socat pty pair; sets LAB_SERIAL_A and LAB_SERIAL_B to the
# two /dev/pts paths (visible inside every node) and prints "A B". Call it from
# the main shell (not in $(...)) so the variables stick.
lab_serial_pair() {
    local log i a='' b=''
    log=$(mktemp "$LAB_DIR/socat.XXXX")
    _lab_spawn "$log" socat -d -d pty,raw,echo=0 pty,raw,echo=0
    local pid=$LAB_SPAWNED_PID
    _lab_record_pid "$pid" socat
    for ((i = 0; i < 100; i++)); do
        a=$(grep -o 'PTY is /dev/pts/[0-9]*' "$log" | sed -n '1s/PTY is //p')
        b=$(grep -o 'PTY is /dev/pts/[0-9]*' "$log" | sed -n '2s/PTY is //p')
        [ -n "$a" ] && [ -n "$b" ] && grep -q 'starting data transfer' "$log" && break
        sleep 0.05
    done
    [ -n "$a" ] && [ -n "$b" ] || lab_bail "socat pty pair did not come up: $(cat "$log")"
    LAB_SERIAL_A=$a LAB_SERIAL_B=$b
    echo "$a $b"
}

# lab_pcap_start [BRIDGE] [NAME]: tcpdump on BRIDGE (br0) into
# $HB_TEST_LOGDIR/NAME.pcap (NAME defaults to BRIDGE). No tcpdump: diag, ok.
lab_pcap_start() {
    local br=${1:-br0} name=${2:-${1:-br0}} i
    command -v tcpdump >/dev/null || { diag "tcpdump not installed; no capture"; return 0; }
    lab_pcap_stop
    : > "$LAB_LOGDIR/$name.tcpdump.err"
    _lab_spawn "$LAB_LOGDIR/$name.tcpdump.err" \
        ip netns exec "$LAB_SW" tcpdump -i "$br" -s 0 -U -n -w "$LAB_LOGDIR/$name.pcap"
    LAB_PCAP_PID=$LAB_SPAWNED_PID
    _lab_record_pid "$LAB_PCAP_PID" tcpdump
    LAB_PCAP_ST=$LAB_REC_ST
    for ((i = 0; i < 50; i++)); do
        grep -q 'listening on' "$LAB_LOGDIR/$name.tcpdump.err" 2>/dev/null && return 0
        sleep 0.05
    done
    diag "tcpdump did not report listening"
}

# lab_pcap_stop: stop the capture started by lab_pcap_start (flushes the file)
lab_pcap_stop() {
    [ -n "$LAB_PCAP_PID" ] || return 0
    local i p=$LAB_PCAP_PID st=$LAB_PCAP_ST
    _lab_alive "$p" "$st" && kill -TERM "$p" 2>/dev/null
    for ((i = 0; i < 40; i++)); do _lab_alive "$p" "$st" || break; sleep 0.05; done
    _lab_alive "$p" "$st" && kill -9 "$p" 2>/dev/null
    LAB_PCAP_PID=''
}

# ---------------------------------------------------------------- cleanup --
# _lab_teardown STATEDIR [keep]: kill recorded processes and everything inside
# the recorded namespaces, delete the namespaces, remove the temp dir (unless
# keep) and the state dir. Used by lab_cleanup and lab_clean_stale alike.
_lab_teardown() {
    local -; set +e
    local st=$1 keep=${2:-} pid start what ns i
    [ -d "$st" ] || return 0
    # 1. holders first: SIGKILL to a PID-namespace init kills the whole node.
    if [ -f "$st/pids" ]; then
        while read -r pid start what; do
            [[ $what == holder:* ]] && _lab_alive "$pid" "$start" && kill -9 "$pid" 2>/dev/null
        done < "$st/pids"
        while read -r pid start what; do
            [[ $what == holder:* ]] && continue
            _lab_alive "$pid" "$start" && kill -TERM "$pid" 2>/dev/null
        done < "$st/pids"
        for ((i = 0; i < 40; i++)); do
            local left=0
            while read -r pid start what; do _lab_alive "$pid" "$start" && left=1; done < "$st/pids"
            [ $left = 0 ] && break
            sleep 0.05
        done
        while read -r pid start what; do
            _lab_alive "$pid" "$start" && kill -9 "$pid" 2>/dev/null
        done < "$st/pids"
    fi
    # 2. anything else still living in one of our network namespaces
    #    (e.g. a client command left running), then the namespaces.
    if [ -f "$st/netns" ]; then
        while read -r ns; do
            [ -n "$ns" ] && [ -e "/run/netns/$ns" ] || continue
            for ((i = 0; i < 3; i++)); do
                local pids; pids=$(ip netns pids "$ns" 2>/dev/null)
                [ -z "$pids" ] && break
                # shellcheck disable=SC2086
                kill -9 $pids 2>/dev/null
                sleep 0.1
            done
        done < "$st/netns"
        while read -r ns; do
            [ -n "$ns" ] || continue
            [ -e "/run/netns/$ns" ] && ip netns exec "$ns" nft delete table inet hblab_loss 2>/dev/null
            [ -e "/run/netns/$ns" ] && ip netns del "$ns" 2>/dev/null
        done < "$st/netns"
    fi
    # 2b. the test's own cleanup commands (lab_on_cleanup), newest first, now
    #     that the nodes' mount namespaces (and their mounts) are gone.
    if [ -f "$st/oncleanup" ]; then
        local c
        tac "$st/oncleanup" | while IFS= read -r c; do
            [ -n "$c" ] && timeout -k 2 20 bash -c "$c" </dev/null >&2
        done
    fi
    # 3. host mounts under the temp dir (the lab makes none; be thorough).
    local dir=''
    [ -f "$st/labdir" ] && dir=$(cat "$st/labdir")
    if [[ $dir == /tmp/hb-lab.* ]]; then
        local m
        awk '{print $5}' /proc/self/mountinfo | grep -F "$dir" | sort -r | while read -r m; do
            umount -l "$m" 2>/dev/null
        done
        [ "$keep" = keep ] || rm -rf -- "$dir"
    fi
    rm -rf -- "$st"
}

# lab_on_cleanup CMD [ARGS...]: run CMD (as `bash -c`, quoted) when the lab
# is torn down: after its processes and namespaces are gone, before its temp
# dir is removed; newest first. Kept in the state dir, so lab_clean_stale
# runs it too for a test that was SIGKILLed (e.g. detach a loop device).
lab_on_cleanup() {
    [ -n "$LAB_STATE" ] || lab_bail "lab_on_cleanup: call lab_init first"
    printf '%q ' "$@" >> "$LAB_STATE/oncleanup"
    echo >> "$LAB_STATE/oncleanup"
}

# lab_cleanup: tear this test's lab down (idempotent; runs from the EXIT/INT/
# TERM trap). Node logs are copied to $HB_TEST_LOGDIR/nodes/ first.
# HB_KEEP_LAB=1 keeps the temp dir.
lab_cleanup() {
    local -; set +e
    [ "$LAB_CLEANED" = 1 ] && return 0
    [ -n "$LAB_STATE" ] || { LAB_CLEANED=1; return 0; }
    if [[ ${HB_LAB_HOLD:-} =~ ^[0-9]+$ ]] && [ "$HB_LAB_HOLD" -gt 0 ]; then
        local n
        diag "HB_LAB_HOLD: lab $LAB_P stays up for $HB_LAB_HOLD s; enter a node with:"
        for n in "${LAB_NODES[@]}"; do
            if [ "${LAB_ISCLIENT[$n]}" = 1 ]; then diag "  $n: ip netns exec ${LAB_NS[$n]} bash"
            else diag "  $n: nsenter -t ${LAB_HOLDER[$n]:-?} -m -u -n -p -w bash"; fi
        done
        sleep "$(( HB_LAB_HOLD > 3600 ? 3600 : HB_LAB_HOLD ))"
    fi
    if [ -n "$LAB_LOGDIR" ] && [ -d "$LAB_DIR/nodes" ]; then
        local n
        for n in "${LAB_NODES[@]}"; do
            [ -d "$LAB_DIR/nodes/$n/log" ] || continue
            mkdir -p "$LAB_LOGDIR/nodes/$n"
            cp -r "$LAB_DIR/nodes/$n/log/." "$LAB_LOGDIR/nodes/$n/" 2>/dev/null
        done
    fi
    lab_pcap_stop
    local keep=''
    [ "${HB_KEEP_LAB:-0}" = 1 ] && keep=keep && diag "HB_KEEP_LAB=1: keeping $LAB_DIR"
    _lab_teardown "$LAB_STATE" $keep
    LAB_CLEANED=1
}

# lab_clean_stale [quiet]: tear down labs of earlier runs whose owning test
# process is gone (only state dirs under /run/hb-lab made by lab_init).
lab_clean_stale() {
    local -; set +e
    local st owner start n=0
    [ -d "$LAB_STATE_ROOT" ] || return 0
    for st in "$LAB_STATE_ROOT"/hb*; do
        [ -d "$st" ] || continue
        [[ ${st##*/} =~ ^hb[0-9a-f]{5}$ ]] || continue
        read -r owner start < "$st/owner" 2>/dev/null || { owner='' start=''; }
        if [ -n "$owner" ] && _lab_alive "$owner" "$start"; then continue; fi
        [ "${1:-}" = quiet ] || echo "# lab_clean_stale: removing ${st##*/} (owner ${owner:-?} gone)" >&2
        _lab_teardown "$st"
        n=$((n + 1))
    done
    # half-created state dirs (crash inside lab_init) older than a minute
    find "$LAB_STATE_ROOT" -maxdepth 1 -name '.new.*' -mmin +1 -exec rm -rf {} + 2>/dev/null
    return 0
}
