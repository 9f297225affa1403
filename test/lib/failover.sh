# shellcheck shell=bash disable=SC2034
# failover.sh: the demo cluster, shared by test/demo.sh and the failover
# tests (test/integration/failover_*.t, test/interop/failover_real.t).
# Source it after lab.sh (and hbd.sh).
#
#   switch br0 ── node1 192.0.2.1 ── node2 192.0.2.2 ── client 192.0.2.10
#   VIP 192.0.2.100 (IPaddr), shared disk: an ext4 image on a loop device
#   attached once on the host (every node sees /dev/loopN; only the active
#   node mounts it on /srv/www), lighttpd (Debian's /etc/init.d/lighttpd)
#   serving /srv/www; its Server header names the node ("lighttpd (node1)").
#
# Owns: the disk image and its loop device (detached at lab cleanup through
# lab_on_cleanup, also for a killed test), the per-node mounts that make a
# node a web server (lighttpd.conf over /etc/lighttpd/lighttpd.conf, a tmpfs
# on /srv, the project's send_arp over /usr/libexec/heartbeat/send_arp), the
# cluster configuration, the client's view (fo_fetch) and the sampler that
# checks the disk and the VIP are never active on two nodes at once.
# Must not: mount anything on the host, or touch loop devices it did not
# attach.
#
#   fo_disk_create; fo_add_nodes hbd hbd
#   fo_config on "$(fo_group1)"   # node1 IPaddr::192.0.2.100/24/eth0 Filesystem::$FO_DEV::/srv/www::ext4 lighttpd
#   fo_start_pair; fo_wait_served_by node1 30; fo_crash node1; fo_watch_failover node2 node1 10

FO_VIP=${FO_VIP:-192.0.2.100}
FO_MNT=/srv/www
FO_KEEPALIVE=${FO_KEEPALIVE:-250ms}
FO_DEADTIME=${FO_DEADTIME:-2}
FO_WARNTIME=${FO_WARNTIME:-1}
FO_INITDEAD=${FO_INITDEAD:-4}
FO_PAGE_TEXT='Hello from the shared disk'
FO_IMG='' FO_DEV=''
FO_SAMPLER_PID='' FO_SAMPLER_ST='' FO_SAMPLER_LOG=''
declare -gA FO_KIND=()   # node -> hbd | real

# fo_build: the binaries the cluster needs (a run by hand after a checkout).
fo_build() {
    local -a want=() t
    for t in build/heartbeat build/cl_status build/hb_standby build/hb_takeover build/send_arp \
             build/test/nsinit; do
        [ -x "$HB_ROOT/$t" ] || want+=("$t")
    done
    [ ${#want[@]} -eq 0 ] && return 0
    make -s -C "$HB_ROOT" -j2 "${want[@]}" >&2 || lab_bail "cannot build ${want[*]}"
}

# fo_disk_create [SIZE_MB]: the shared disk: an ext4 image (index.html
# included, made by mkfs -d) in the lab's temp dir, attached to a free loop
# device (FO_DEV). Detached again at cleanup, whoever still has it mounted.
fo_disk_create() {
    local seed=$LAB_DIR/disk-seed
    FO_IMG=$LAB_DIR/shared-disk.img
    mkdir -p "$seed"
    cat > "$seed/index.html" <<EOF
<html><body><h1>$FO_PAGE_TEXT</h1>
<p>This page lives on an ext4 filesystem that only the active node mounts.</p></body></html>
EOF
    chmod 644 "$seed/index.html"
    truncate -s "${1:-16}M" "$FO_IMG" || lab_bail "cannot create $FO_IMG"
    mkfs.ext4 -q -F -L hbshared -d "$seed" "$FO_IMG" >&2 || lab_bail "mkfs.ext4 failed"
    # Registered before attaching: a test killed in between leaves nothing.
    # shellcheck disable=SC2016
    lab_on_cleanup sh -c 'for d in $(losetup -n -O NAME -j "$1"); do losetup -d "$d"; done' _ "$FO_IMG"
    FO_DEV=$(losetup -f --show "$FO_IMG") || lab_bail "losetup failed"
    [ -b "$FO_DEV" ] || lab_bail "no loop device ($FO_DEV)"
}

# fo_lighttpd_conf NODE: NODE's lighttpd.conf (document root on the shared
# disk, pid and logs in the node's private /run and /var/log, the node's
# name in the Server header).
fo_lighttpd_conf() {
    cat <<EOF
server.modules = ( "mod_indexfile", "mod_staticfile" )
server.document-root = "$FO_MNT"
server.errorlog = "/var/log/lighttpd/error.log"
server.pid-file = "/run/lighttpd.pid"
server.username = "www-data"
server.groupname = "www-data"
server.port = 80
server.tag = "lighttpd ($1)"
server.feature-flags += ( "server.graceful-shutdown-timeout" => 1 )
index-file.names = ( "index.html" )
mimetype.assign = ( ".html" => "text/html" )
EOF
}

# fo_node_mounts NODE: the node's private mounts (again after every
# lab_crash: the new holder starts from the host's view).
fo_node_mounts() {
    local n=$1 d; d=$(lab_node_dir "$1")
    lab_exec "$n" mount --bind "$d/lighttpd.conf" /etc/lighttpd/lighttpd.conf || lab_bail "$n: lighttpd.conf"
    lab_exec "$n" mount -t tmpfs -o mode=755,size=1m "fo-srv-$n" /srv || lab_bail "$n: tmpfs on /srv"
    lab_exec "$n" mkdir -p "$FO_MNT"
    if [ "${FO_KIND[$n]}" = hbd ] && [ -f /usr/libexec/heartbeat/send_arp ]; then
        lab_exec "$n" mount --bind "$HB_ROOT/build/send_arp" /usr/libexec/heartbeat/send_arp \
            || lab_bail "$n: send_arp"
    fi
}

# fo_add_node NAME KIND [LAB_ADD_NODE_OPTIONS]: a lab node running heartbeatd (hbd: the project's
# resource.d scripts) or Heartbeat 3.0.6 (real: Debian's stock harc, rc.d,
# shellfuncs and resource.d, as lab_add_node copies them from /etc/ha.d).
fo_add_node() {
    local n=$1 kind=$2 d
    shift 2
    # FO_LAN2=1: a second LAN (eth1) too; further arguments go to lab_add_node.
    lab_add_node "$n" ${FO_LAN2:+--lan2} "$@"
    FO_KIND[$n]=$kind
    d=$(lab_node_dir "$n")
    if [ "$kind" = hbd ]; then
        cp "$HB_ROOT"/resource.d/* "$HB_ROOT"/resource.d/.hbd-* "$d/etc/resource.d/" \
            || lab_bail "cannot install the project's resource scripts"
        if [ ! -f /usr/libexec/heartbeat/send_arp ]; then
            mkdir -p "$LAB_DIR/habin" && cp "$HB_ROOT/build/send_arp" "$LAB_DIR/habin/"
        fi
    fi
    fo_lighttpd_conf "$n" > "$d/lighttpd.conf"
    fo_node_mounts "$n"
}

# fo_add_nodes KIND1 KIND2: node1, node2 and the client
fo_add_nodes() {
    fo_build
    fo_add_node node1 "$1"
    fo_add_node node2 "$2"
    lab_add_client client
}

# fo_config AUTO_FAILBACK HARESOURCES [EXTRA_HACF_LINE...]: ha.cf (lab
# logging, FO_* timers, ucast both ways), sha1 authkeys and haresources on
# node1 and node2.
fo_config() {
    local afb=$1 hares=$2 n; shift 2
    for n in node1 node2; do
        {
            lab_hacf_base
            printf '%s\n' "keepalive $FO_KEEPALIVE" "deadtime $FO_DEADTIME" "warntime $FO_WARNTIME" \
                "initdead $FO_INITDEAD" "auto_failback $afb" "crm off" \
                "ucast eth0 $(lab_ip node1)" "ucast eth0 $(lab_ip node2)"
            [ -d "$LAB_DIR/habin" ] && [ "${FO_KIND[$n]}" = hbd ] && echo "env HA_BIN=$LAB_DIR/habin"
            printf '%s\n' "$@"
            printf '%s\n' "node node1" "node node2"
        } | lab_write_hacf "$n"
        lab_write_authkeys "$n" sha1 "fo-$LAB_P"
        printf '%s\n' "$hares" | lab_write_haresources "$n"
    done
}

# fo_group1: the demo's resource group line (owned by node1)
fo_group1() { echo "node1 IPaddr::$FO_VIP/24/eth0 Filesystem::$FO_DEV::$FO_MNT::ext4 lighttpd"; }

# Group B, for the two-group tests: owned by node2, a second VIP and a
# test resource (hbDummy's state file in the node's /var/lib/heartbeat).
FO_VIP2=192.0.2.101
fo_group2() { echo "node2 IPaddr::$FO_VIP2/24/eth0 hbDummy::beta"; }
_fo_vip2_on() { ip -n "$(lab_ns "$1")" -4 -o addr show dev eth0 2>/dev/null | grep -q " $FO_VIP2/"; }
_fo_beta_on() { test -f "$(lab_node_dir "$1")/varlib/hbDummy.beta.state"; }
_fo_a_any() { fo_has_vip "$1" || fo_mounted "$1" || fo_lighttpd "$1"; }
_fo_b_any() { _fo_vip2_on "$1" || _fo_beta_on "$1"; }
_fo_b_all() { _fo_vip2_on "$1" && _fo_beta_on "$1"; }
_fo_where() {
    local on=() n
    for n in node1 node2; do "$1" "$n" && on+=("$n"); done
    case ${#on[@]} in 0) echo none ;; 1) echo "${on[0]}" ;; *) echo both ;; esac
}
# fo_placement: "A=WHERE B=WHERE rsc=R1/R2": where each group runs (node1,
# node2, none, both; "(partial)" when not every resource of it runs there)
# and both nodes' rscstatus
fo_placement() {
    local a b
    a=$(_fo_where _fo_a_any)
    if [[ $a == node? ]] && ! fo_active "$a"; then a="$a(partial)"; fi
    b=$(_fo_where _fo_b_any)
    if [[ $b == node? ]] && ! _fo_b_all "$b"; then b="$b(partial)"; fi
    echo "A=$a B=$b rsc=$(fo_rsc node1)/$(fo_rsc node2)"
}

# fo_start NODE [ARGS]: start the node's daemon (it daemonises)
fo_start() {
    local n=$1; shift
    if [ "${FO_KIND[$n]}" = real ]; then lab_start_real "$n" "$@"; else lab_start_hbd "$n" "$@"; fi
}

# fo_start_pair: start node1 and node2 together (the usual cluster boot:
# both starting, 3.0.6's RQSTDELAY of 10 s, then each takes its groups) and
# wait until both report a stable rscstatus. Sets FO_T_START (ms).
fo_start_pair() {
    FO_T_START=$(lab_now_ms)
    ok_if "node1: ${FO_KIND[node1]} started" fo_start node1
    ok_if "node2: ${FO_KIND[node2]} started" fo_start node2
}

# fo_stable NODE: rscstatus is settled (not transition, daemon answering)
fo_stable() { local r; r=$(fo_rsc "$1"); [ -n "$r" ] && [ "$r" != transition ]; }

# fo_crash NODE: power cut (lab_crash), then the node's mounts for its next
# life. hbDummy's state files live on the node's disk (varlib survives a
# crash) but stand for a process: a rebooted node does not run them.
fo_crash() {
    lab_crash "$1"
    rm -f "$(lab_node_dir "$1")"/varlib/hbDummy.*.state
    fo_node_mounts "$1"
}

# fo_mounted NODE: the shared disk is mounted on /srv/www inside NODE (read
# from the host through its holder's /proc entry: no process is started)
fo_mounted() {
    local h; h=$(lab_holder_pid "$1")
    [ -n "$h" ] && grep -q " $FO_MNT " "/proc/$h/mounts" 2>/dev/null
}

# fo_has_vip NODE: NODE has the VIP on eth0
fo_has_vip() { ip -n "$(lab_ns "$1")" -4 -o addr show dev eth0 2>/dev/null | grep -q " $FO_VIP/"; }

# fo_lighttpd NODE: lighttpd runs inside NODE
fo_lighttpd() { lab_exec_t 5 "$1" /etc/init.d/lighttpd status >/dev/null 2>&1; }

# fo_disk_holders: how many mount namespaces on the machine have FO_DEV mounted
fo_disk_holders() {
    local f ns seen=' '
    for f in /proc/[0-9]*/mountinfo; do
        grep -q " $FO_DEV " "$f" 2>/dev/null || continue
        ns=$(readlink "${f%/mountinfo}/ns/mnt" 2>/dev/null) || continue
        [[ $seen == *" $ns "* ]] || seen+="$ns "
    done
    local -a a; read -ra a <<< "$seen"
    echo "${#a[@]}"
}

# fo_fetch: the client fetches http://VIP/; prints the serving node's name
# (from the Server header) when the page is the shared disk's, else fails.
fo_fetch() {
    local out server
    out=$(lab_exec_t 3 client curl -sS --connect-timeout 0.5 -m 1 -w '\n%header{server}' \
        "http://$FO_VIP/" 2>/dev/null) || return 1
    server=${out##*$'\n'}
    [[ $out == *"$FO_PAGE_TEXT"* ]] || return 1
    [[ $server =~ ^lighttpd\ \((node[0-9])\)$ ]] || return 1
    echo "${BASH_REMATCH[1]}"
}

# fo_served_by NODE: the client gets the page from NODE
fo_served_by() { [ "$(fo_fetch)" = "$1" ]; }

# fo_wait_served_by NODE SECS: wait until the client gets the page from
# NODE; sets FO_WAITED_MS (time from the call). Fails after SECS.
fo_wait_served_by() {
    local t0; t0=$(lab_now_ms)
    lab_wait "$2" fo_served_by "$1" || { FO_WAITED_MS=$(( $(lab_now_ms) - t0 )); return 1; }
    FO_WAITED_MS=$(( $(lab_now_ms) - t0 ))
}

# fo_watch_failover SURVIVOR GONE SECS: after GONE failed (crash or stop),
# poll every 50 ms until the client gets the page from SURVIVOR; records
# absolute times (ms): FO_T_DEAD (SURVIVOR's cl_status calls GONE dead),
# FO_T_VIP (the VIP is on SURVIVOR), FO_T_SERVED (first page from it). A
# fetch is tried only once the VIP is there (before, nothing could answer).
# Fails after SECS.
fo_watch_failover() {
    local surv=$1 gone=$2 deadline
    deadline=$(( $(lab_now_ms) + $(_lab_ms "$3") ))
    FO_T_DEAD='' FO_T_VIP='' FO_T_SERVED=''
    while [ "$(lab_now_ms)" -lt "$deadline" ]; do
        if [ -z "$FO_T_DEAD" ] && [ "$(lab_cl_status "$surv" nodestatus "$gone" 2>/dev/null)" = dead ]; then
            FO_T_DEAD=$(lab_now_ms)
        fi
        [ -z "$FO_T_VIP" ] && fo_has_vip "$surv" && FO_T_VIP=$(lab_now_ms)
        if [ -n "$FO_T_VIP" ] && [ "$(fo_fetch)" = "$surv" ]; then
            FO_T_SERVED=$(lab_now_ms)
            return 0
        fi
        sleep 0.05
    done
    return 1
}

# fo_neigh_mac: the client's neighbour entry for the VIP (MAC or nothing)
fo_neigh_mac() { lab_exec client ip neigh show "$FO_VIP" dev eth0 2>/dev/null | awk '/lladdr/ {print $3}'; }
fo_mac() { lab_exec "$1" cat /sys/class/net/eth0/address; }

# fo_rsc NODE: cl_status rscstatus on NODE (trimmed)
fo_rsc() { lab_cl_status "$1" rscstatus 2>/dev/null | tr -d ' \n'; }

# fo_active NODE: the whole group runs on NODE (VIP, mount, lighttpd)
fo_active() { fo_has_vip "$1" && fo_mounted "$1" && fo_lighttpd "$1"; }
# fo_idle NODE: none of it runs on NODE
fo_idle() { ! fo_has_vip "$1" && ! fo_mounted "$1" && ! fo_lighttpd "$1"; }

# ------------------------------------------------------------- sampler --
# fo_sampler_start [MAX_SECS]: every 100 ms, for node1 and node2: is the
# shared disk mounted (the current holder's /proc/PID/mounts) and which of
# the VIPs (FO_SAMPLE_VIPS, default FO_VIP) are configured; a sample where
# both nodes have the disk or the same VIP is a violation.
# Bounded (MAX_SECS, default 170); fo_sampler_stop ends it.
fo_sampler_start() {
    local max=$(( ${1:-170} * 10 ))
    FO_SAMPLER_LOG=$LAB_DIR/sampler.log
    : > "$FO_SAMPLER_LOG"
    (
        trap - EXIT INT TERM
        local i n h m v line both_m seen_v clash ns addrs vip pidsf=$LAB_STATE/pids
        local vips=${FO_SAMPLE_VIPS:-$FO_VIP} b=1
        local -A bit=() nsof=([node1]=$(lab_ns node1) [node2]=$(lab_ns node2))
        for vip in $vips; do bit[$vip]=$b; b=$((b * 2)); done
        for ((i = 0; i < max; i++)); do
            line='' both_m=0 seen_v=0 clash=0
            for n in node1 node2; do
                # the node's newest holder (lab_crash starts a new one)
                h=$(awk -v w="holder:$n" '$3 == w {p = $1} END {print p}' "$pidsf" 2>/dev/null)
                m=0; [ -n "$h" ] && grep -q " $FO_MNT " "/proc/$h/mounts" 2>/dev/null && m=1
                v=0
                addrs=$(ip -n "${nsof[$n]}" -4 -o addr show dev eth0 2>/dev/null)
                for vip in $vips; do
                    [[ $addrs == *" $vip/"* ]] && v=$((v | bit[$vip]))
                done
                [ $((seen_v & v)) -ne 0 ] && clash=1
                seen_v=$((seen_v | v)) both_m=$((both_m + m))
                line+=" $n:m$m/v$v"
            done
            if [ "$both_m" -ge 2 ] || [ "$clash" = 1 ]; then
                echo "$(date +%T.%N | cut -c1-12) VIOLATION$line" >> "$FO_SAMPLER_LOG"
            else
                echo "$(date +%T.%N | cut -c1-12)$line" >> "$FO_SAMPLER_LOG"
            fi
            sleep 0.1
        done
    ) &
    FO_SAMPLER_PID=$!
    _lab_record_pid "$FO_SAMPLER_PID" sampler
    FO_SAMPLER_ST=$LAB_REC_ST
}

# fo_sampler_stop: end the sampler; TAP-free: prints a summary to stderr,
# fails if any sample had the disk or the VIP on both nodes.
fo_sampler_stop() {
    [ -n "$FO_SAMPLER_PID" ] || return 1
    _lab_alive "$FO_SAMPLER_PID" "$FO_SAMPLER_ST" && kill "$FO_SAMPLER_PID" 2>/dev/null
    wait "$FO_SAMPLER_PID" 2>/dev/null
    FO_SAMPLER_PID=''
    cp "$FO_SAMPLER_LOG" "$LAB_LOGDIR/sampler.log" 2>/dev/null
    local total bad mounted
    total=$(wc -l < "$FO_SAMPLER_LOG")
    bad=$(grep -c VIOLATION "$FO_SAMPLER_LOG")
    mounted=$(grep -c 'm1' "$FO_SAMPLER_LOG")
    diag "sampler: $total samples ($mounted with the disk mounted somewhere), $bad on both nodes"
    grep VIOLATION "$FO_SAMPLER_LOG" | head -5 | sed 's/^/#   /' >&2
    [ "$total" -gt 0 ] && [ "$bad" -eq 0 ]
}
