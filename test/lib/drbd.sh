# shellcheck shell=bash disable=SC2034
# drbd.sh: a simulated DRBD resource r0 for the lab's node1 and node2.
# Source it after lab.sh (and failover.sh when the web group is used).
#
# The DRBD kernel module cannot load on the test machines, so every node
# runs drbd-utils' real drbdadm (Debian 12: 9.22) against
# test/lib/fake-drbdsetup, bound over /usr/sbin/drbdsetup and
# /usr/sbin/drbdmeta inside the node (see that file for what it simulates).
# Shared state: $LAB_DIR/drbd (bound at /run/fake-drbd in each node).
# The lab's drbd.conf is bound over /etc/drbd.conf in each node; its
# fence-peer handler is build/hb-fence-peer.
# With a web group (failover.sh), each node gets a private /dev (a tmpfs
# with the usual nodes, the host's /dev/pts and /dev/shm) holding
# /dev/drbd0: a block device node with the shared loop device's numbers, so
# `Filesystem::/dev/drbd0::...` mounts the shared ext4 image.
#
# Owns: $LAB_DIR/drbd*, the node mounts above. Must not: touch the host's
# /dev, /etc or any real DRBD device.
#
#   drbd_setup resource-only [REPL_LAN]   # config; REPL_LAN: lan (eth0, default) or lan2 (eth1)
#   drbd_node node1; drbd_node node2      # after lab_add_node/fo_add_node
#   drbd_up node1 ...; drbd_role node1    # -> Primary|Secondary|down

DRBD_SIM=''
DRBD_FENCING=dont-care
DRBD_REPL=lan

# drbd_setup FENCING [lan|lan2]: the shared state dir and drbd.conf
drbd_setup() {
    DRBD_FENCING=$1 DRBD_REPL=${2:-lan}
    DRBD_SIM=$LAB_DIR/drbd
    mkdir -p "$DRBD_SIM/node1" "$DRBD_SIM/node2" || lab_bail "cannot create $DRBD_SIM"
    [ -x "$HB_ROOT/build/hb-fence-peer" ] || make -s -C "$HB_ROOT" build/hb-fence-peer >&2 \
        || lab_bail "cannot build hb-fence-peer"
    local ip1 ip2
    if [ "$DRBD_REPL" = lan2 ]; then ip1=198.51.100.1 ip2=198.51.100.2; else ip1=192.0.2.1 ip2=192.0.2.2; fi
    cat > "$DRBD_SIM/config" <<EOF
FENCING=$DRBD_FENCING
NODES="node1 node2"
IP_node1=$ip1
IP_node2=$ip2
NODEID_node1=0
NODEID_node2=1
EOF
    # The backing disk is never touched (fake drbdmeta); /dev/null keeps
    # drbdadm's parser content.
    cat > "$LAB_DIR/drbd.conf" <<EOF
# lab drbd.conf (test/lib/drbd.sh): simulated backend, see test/lib/fake-drbdsetup
global { usage-count no; }
resource r0 {
  device /dev/drbd0;
  disk /dev/null;
  meta-disk internal;
  net { fencing $DRBD_FENCING; }
  handlers { fence-peer "$HB_ROOT/build/hb-fence-peer -t 5"; }
  on node1 { address $ip1:7788; node-id 0; }
  on node2 { address $ip2:7788; node-id 1; }
}
EOF
    chmod 644 "$LAB_DIR/drbd.conf"
}

# drbd_node NODE [--dev]: the node's mounts (again after every crash) and
# our drbddisk in its resource.d. --dev: the private /dev with /dev/drbd0.
drbd_node() {
    local n=$1 d; d=$(lab_node_dir "$1")
    install -m 0755 "$HB_ROOT/drbd-helper/drbddisk" "$d/etc/resource.d/drbddisk" || lab_bail "$n: drbddisk"
    lab_exec "$n" mount --bind "$HB_ROOT/test/lib/fake-drbdsetup" /usr/sbin/drbdsetup || lab_bail "$n: drbdsetup"
    lab_exec "$n" mount --bind "$HB_ROOT/test/lib/fake-drbdsetup" /usr/sbin/drbdmeta || lab_bail "$n: drbdmeta"
    lab_exec "$n" mount --bind "$LAB_DIR/drbd.conf" /etc/drbd.conf || lab_bail "$n: drbd.conf"
    lab_exec "$n" sh -c "mkdir -p /run/fake-drbd && mount --bind '$DRBD_SIM' /run/fake-drbd" || lab_bail "$n: state dir"
    [ "${2:-}" = --dev ] && { _drbd_private_dev "$n" || lab_bail "$n: private /dev"; }
    return 0
}

# _drbd_private_dev NODE: a tmpfs /dev inside NODE with /dev/drbd0 = FO_DEV
_drbd_private_dev() {
    local mm; mm=$(stat -L -c '%t %T' "$FO_DEV") || return 1
    read -r maj min <<< "$mm"
    lab_exec "$1" bash -ec "
        mkdir -p /run/hbdev
        mount -t tmpfs -o mode=755,size=256k hbdev-$1 /run/hbdev
        cd /run/hbdev
        for f in null zero full random urandom tty ptmx loop-control $FO_DEV; do cp -a \"\$f\" . 2>/dev/null || cp -a \"/dev/\$f\" .; done
        mknod -m 660 drbd0 b $((16#$maj)) $((16#$min))
        mkdir pts shm
        ln -s /proc/self/fd fd; ln -s fd/0 stdin; ln -s fd/1 stdout; ln -s fd/2 stderr
        mount --bind /dev/pts pts
        mount --bind /dev/shm shm
        mount --rbind /run/hbdev /dev"
}

# drbd_up NODE...: drbdadm up r0 inside each node
drbd_up() {
    local n
    for n in "$@"; do lab_exec_t 10 "$n" drbdadm up r0 >&2 || return 1; done
}

# drbd_role NODE: Primary | Secondary | down (read from the shared state)
drbd_role() {
    [ -f "$DRBD_SIM/$1/up" ] || { echo down; return; }
    cat "$DRBD_SIM/$1/role" 2>/dev/null || echo Secondary
}
# drbd_disk NODE: UpToDate | Outdated | Inconsistent
drbd_disk() { cat "$DRBD_SIM/$1/disk" 2>/dev/null || echo UpToDate; }
# drbd_set_disk NODE STATE: the test changes a node's on-disk state
drbd_set_disk() { echo "$2" > "$DRBD_SIM/$1/disk"; }

# drbd_powercut NODE: what a power cut does to the simulated kernel state
# (the resource is down, the role gone; the on-disk state stays). Call it
# right after lab_crash/fo_crash, then drbd_node again.
drbd_powercut() { rm -f "$DRBD_SIM/$1/up" "$DRBD_SIM/$1/pdsk"; echo Secondary > "$DRBD_SIM/$1/role"; }

# drbd_calls NODE: the node's drbdsetup call log (for diagnostics)
drbd_calls() { cat "$DRBD_SIM/$1/calls.log" 2>/dev/null; }

# drbd_sampler_start [MAX_SECS] / drbd_sampler_stop: every 100 ms, the two
# roles; a sample with both Primary is a violation. stop fails on any.
DRBD_SAMPLER_PID='' DRBD_SAMPLER_ST=''
drbd_sampler_start() {
    local max=$(( ${1:-120} * 10 ))
    : > "$LAB_DIR/drbd-roles.log"
    (
        trap - EXIT INT TERM
        local i r1 r2
        for ((i = 0; i < max; i++)); do
            r1=$(drbd_role node1) r2=$(drbd_role node2)
            if [ "$r1" = Primary ] && [ "$r2" = Primary ]; then
                echo "$(date +%T.%N | cut -c1-12) BOTH-PRIMARY" >> "$LAB_DIR/drbd-roles.log"
            else
                echo "$(date +%T.%N | cut -c1-12) $r1/$r2" >> "$LAB_DIR/drbd-roles.log"
            fi
            sleep 0.1
        done
    ) &
    DRBD_SAMPLER_PID=$!
    _lab_record_pid "$DRBD_SAMPLER_PID" drbd-sampler
    DRBD_SAMPLER_ST=$LAB_REC_ST
}
drbd_sampler_stop() {
    [ -n "$DRBD_SAMPLER_PID" ] || return 1
    _lab_alive "$DRBD_SAMPLER_PID" "$DRBD_SAMPLER_ST" && kill "$DRBD_SAMPLER_PID" 2>/dev/null
    wait "$DRBD_SAMPLER_PID" 2>/dev/null
    DRBD_SAMPLER_PID=''
    cp "$LAB_DIR/drbd-roles.log" "$LAB_LOGDIR/drbd-roles.log" 2>/dev/null
    local total bad prim
    total=$(wc -l < "$LAB_DIR/drbd-roles.log")
    bad=$(grep -c BOTH-PRIMARY "$LAB_DIR/drbd-roles.log")
    prim=$(grep -c Primary "$LAB_DIR/drbd-roles.log")
    diag "drbd sampler: $total samples ($prim with a Primary), $bad with both Primary"
    [ "$total" -gt 0 ] && [ "$bad" -eq 0 ]
}

# drbd_save_logs: the call logs into the test's log dir
drbd_save_logs() {
    local n
    for n in node1 node2; do drbd_calls "$n" > "$LAB_LOGDIR/drbd-calls-$n.log" 2>/dev/null; done
}
