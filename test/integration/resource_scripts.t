#!/usr/bin/env bash
# shellcheck disable=SC2016  # sh -c scripts get their arguments as $1
# resource_scripts.t: heartbeatd's resource.d scripts and send_arp, each run
# inside a lab node exactly as heartbeatd runs them (installed in the node's
# /etc/ha.d/resource.d, `Script args... action`, the daemon's clean
# environment; build/send_arp bind-mounted over the node's
# /usr/libexec/heartbeat/send_arp, its installed place).
#
# send_arp: frames on the switch (-i 500 -r 3: 6 frames, request/reply
#   alternating, 250 ms apart, every byte as Heartbeat 3.0.6 builds them),
#   byte-identical to Debian's real send_arp; pid file while running, gone
#   after SIGTERM (exit 0); usage/errors exit 1.
# IPaddr: start adds eth0:0 with the route's /24 and broadcast, logs 3.0.6's
#   lines, runs send_arp with 3.0.6's arguments; the client's neighbour
#   table learns node1's MAC from the gratuitous ARP alone; status running;
#   moving the address to node2 switches the client to node2's MAC; stop
#   kills the running send_arp and removes the address; a second stop
#   succeeds; the next alias gets eth0:1; ARP tunables; usage errors.
# IPaddr2 (IPv4 with and without label, IPv6), SendArp, Filesystem (a loop
#   device: mount, status, stop kills a holder that ignores SIGTERM and one
#   that does not, remount; an image file with -o loop), Delay and MailTo
#   (a fake sendmail) the same way. Status of bad arguments never reads as
#   "owned" under 3.0.6's rule.
# timeout: 180
source "$(dirname "$0")/../lib/lab.sh"

if [ ! -x "$HB_ROOT/build/send_arp" ]; then
    make -s -C "$HB_ROOT" build/send_arp >&2 || lab_bail "cannot build build/send_arp"
fi

lab_init
lab_add_node node1
lab_add_node node2
lab_add_client client
RSDIR=/etc/ha.d/resource.d
RSCTMP=/run/heartbeat/rsctmp
VIP=192.0.2.100

REAL_SENDARP=$LAB_DIR/real_send_arp
have_real=0
if [ -x /usr/libexec/heartbeat/send_arp ]; then
    cp /usr/libexec/heartbeat/send_arp "$REAL_SENDARP" && have_real=1
fi
# send_arp where heartbeatd installs it: bind-mounted in the nodes' private
# mount namespaces; without Debian's file to mount over, through HA_BIN.
SA_PATH=/usr/libexec/heartbeat/send_arp
BASE_ENV=()
if [ ! -f $SA_PATH ]; then
    mkdir -p "$LAB_DIR/habin" && cp "$HB_ROOT/build/send_arp" "$LAB_DIR/habin/"
    SA_PATH=$LAB_DIR/habin/send_arp BASE_ENV=(HA_BIN="$LAB_DIR/habin")
fi
for n in node1 node2; do
    d=$(lab_node_dir "$n")/etc/resource.d
    cp "$HB_ROOT"/resource.d/* "$HB_ROOT"/resource.d/.hbd-* "$d/" || lab_bail "cannot install scripts"
    if [ ${#BASE_ENV[@]} -eq 0 ]; then
        lab_exec "$n" mount --bind "$HB_ROOT/build/send_arp" "$SA_PATH" ||
            lab_bail "cannot bind-mount send_arp into $n"
    fi
done
lab_exec client sysctl -qw net.ipv4.conf.eth0.arp_accept=1   # learn from gratuitous ARP
MAC1=$(lab_exec node1 cat /sys/class/net/eth0/address)
MAC2=$(lab_exec node2 cat /sys/class/net/eth0/address)

RS_ENV=()
RS_ERR=$LAB_LOGDIR/scripts.stderr
: > "$RS_ERR"
# rs NODE SCRIPT ARGS... ACTION: run a resource script as heartbeatd does
# (its stderr, which heartbeatd would log, is collected in RS_ERR)
rs() {
    local n=$1 s=$2; shift 2
    lab_exec_t 60 "$n" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin:/usr/share/heartbeat \
        HA_DIR=/etc/ha.d HA_FUNCS=/etc/ha.d/shellfuncs HA_RESOURCEDIR=$RSDIR HA_RCDIR=/etc/ha.d/rc.d \
        HA_CF=/etc/ha.d/ha.cf HA_FIFO=/var/lib/heartbeat/fifo HA_VARLIB=/var/lib/heartbeat \
        HA_VARRUN=/run/ HA_RSCTMP=$RSCTMP "HA_DATEFMT=%Y/%m/%d_%T " HA_LOGD=no OCF_ROOT=/usr/lib/ocf \
        HA_CURHOST="$n" HA_LOGFILE=/var/log/ha-log HA_DEBUGLOG=/var/log/ha-debug HA_LOGFACILITY= \
        "${BASE_ENV[@]}" "${RS_ENV[@]}" "$RSDIR/$s" "$@" 2>>"$RS_ERR"
}
# status NODE SCRIPT ARGS...: the script's status stdout
status() { local n=$1 s=$2; shift 2; rs "$n" "$s" "$@" status; }
# owned TEXT: 3.0.6's ResourceManager rule (we_own_resource) on status output
owned() {
    case $1 in
        *[Nn][Oo][Tt]\ *[Rr]unning*) return 1 ;;
        *[Rr]unning*|*OK*) return 0 ;;
    esac
    return 1
}
not_owned() { ! owned "$1"; }
neigh_mac() {
    lab_exec client ip neigh show "$1" dev eth0 | awk '{ for (i = 1; i < NF; i++) if ($i == "lladdr") print $(i + 1) }'
}
# v4addrs NODE: "ADDR/PREFIX brd BRD LABEL" of eth0's IPv4 addresses
v4addrs() {
    lab_exec "$1" ip -o -4 addr show dev eth0 | awk '{ l = ""; b = ""
        for (i = 4; i <= NF; i++) { if ($i == "brd") b = $(i + 1); if ($i ~ /\\$/) { l = $i; sub(/\\$/, "", l); break } }
        print $4, "brd", b, l }'
}
has_line() { grep -qxF -- "$2" <<< "$1"; }
# lacks_addr NODE IP: IP is not on NODE's eth0
lacks_addr() { ! v4addrs "$1" | grep -q "^$2/"; }
# new_log NODE FROM: ha-log lines after line FROM
new_log() { tail -n +$(($2 + 1)) "$(lab_log "$1")" 2>/dev/null; }
log_lines() { { wc -l < "$(lab_log "$1")"; } 2>/dev/null || echo 0; }
# shellcheck disable=SC2086  # split on the dots
iphex() { local IFS=.; set -- $1; printf '%02x%02x%02x%02x' "$1" "$2" "$3" "$4"; }
# frames PCAP MAC: "TIME_US HEX" per ARP frame from MAC in the capture
frames() {
    tcpdump -r "$1" -nn -tt -xx "arp and ether src $2" 2>/dev/null | awk '
        /^[0-9]/ { if (h != "") print t, h; split($1, a, "."); t = a[1] a[2]; h = ""; next }
        /^[[:space:]]+0x/ { for (i = 2; i <= NF; i++) h = h $i }
        END { if (h != "") print t, h }'
}
# expect_frame OP(1|2) MAC IP: the frame 3.0.6's send_arp builds
expect_frame() {
    local m=${2//:/} ip; ip=$(iphex "$3")
    local tha=000000000000
    [ "$1" = 2 ] && tha=$m
    echo "ffffffffffff${m}0806000108000604000$1${m}${ip}${tha}${ip}"
}

# ------------------------------------------------------------ send_arp --
lab_pcap_start br0 sendarp
ok_if "send_arp -i 500 -r 3 exits 0" lab_exec_t 20 node1 "$SA_PATH" \
    -i 500 -r 3 -p $RSCTMP/sa-test.pid eth0 $VIP auto $VIP ffffffffffff
sleep 1.2   # tcpdump hands packets over in blocks (up to 1 s late)
lab_pcap_stop
mapfile -t fr < <(frames "$LAB_LOGDIR/sendarp.pcap" "$MAC1")
is "6 frames on the wire (3 pairs)" "${#fr[@]}" 6
want_req=$(expect_frame 1 "$MAC1" $VIP) want_rep=$(expect_frame 2 "$MAC1" $VIP)
bad=''
for i in "${!fr[@]}"; do
    if ((i % 2 == 0)); then want=$want_req; else want=$want_rep; fi
    [ "${fr[i]#* }" = "$want" ] || bad+=" frame $i: ${fr[i]#* }"
done
is "request/reply alternate; broadcast, own MAC, VIP as sender and target, target MAC 0 / own" "$bad" ""
gaps=''
for ((i = 1; i < ${#fr[@]}; i++)); do
    gaps+=" $(( (${fr[i]%% *} - ${fr[i - 1]%% *}) / 1000 ))"
done
diag "gaps (ms):$gaps"
ok_if "frames 250 ms apart (200-320 ms)" awk -v g="$gaps" 'BEGIN { n = split(g, a, " "); if (n != 5) exit 1
    for (i = 1; i <= n; i++) if (a[i] < 200 || a[i] > 320) exit 1 }'
ok_if "the pid file is gone after the run" lab_exec node1 test ! -e $RSCTMP/sa-test.pid

if [ $have_real = 1 ]; then
    lab_pcap_start br0 sendarp-real
    lab_exec_t 20 node1 "$REAL_SENDARP" -i 100 -r 2 -p $RSCTMP/real.pid eth0 192.0.2.99 auto 192.0.2.99 ffffffffffff
    lab_exec_t 20 node1 "$SA_PATH" -i 100 -r 2 -p $RSCTMP/ours.pid eth0 192.0.2.98 auto 192.0.2.98 ffffffffffff
    sleep 1.2
    lab_pcap_stop
    real=$(frames "$LAB_LOGDIR/sendarp-real.pcap" "$MAC1" | cut -d' ' -f2 | grep "$(iphex 192.0.2.99)\$" | sed "s/$(iphex 192.0.2.99)/IP/g")
    ours=$(frames "$LAB_LOGDIR/sendarp-real.pcap" "$MAC1" | cut -d' ' -f2 | grep "$(iphex 192.0.2.98)\$" | sed "s/$(iphex 192.0.2.98)/IP/g")
    is "real send_arp sent 4 frames" "$(grep -c . <<< "$real")" 4
    is "ours is byte-identical to the real send_arp's frames" "$ours" "$real"
    real_usage=$("$REAL_SENDARP" 2>&1); real_rc=$?
    our_usage=$("$HB_ROOT/build/send_arp" 2>&1); our_rc=$?
    is "no arguments: exit status like the real one" "$our_rc" "$real_rc"
    is "the same synopsis line" "$(grep -m1 'usage:' <<< "$our_usage")" "$(grep -m1 'usage:' <<< "$real_usage")"
else
    echo "ok - # SKIP no real send_arp to compare with"
fi
lab_exec node1 "$HB_ROOT/build/send_arp" -i 100 -r 1 eth0 $VIP auto $VIP >/dev/null 2>&1
is "4 positional arguments: exit 1" "$?" 1
lab_exec node1 "$HB_ROOT/build/send_arp" -i 100 -r 1 -p $RSCTMP/x.pid nosuch0 $VIP auto $VIP x >/dev/null 2>&1
is "unknown interface: exit 1" "$?" 1
ok_if "... and its pid file is removed" lab_exec node1 test ! -e $RSCTMP/x.pid
lab_exec node1 "$HB_ROOT/build/send_arp" -p relative.pid eth0 $VIP auto $VIP x >/dev/null 2>&1
is "relative pid file: exit 1" "$?" 1

lab_bg node1 "$SA_PATH" -i 4000 -r 5 -p $RSCTMP/bg.pid eth0 $VIP auto $VIP x
bg=$LAB_BG_PID
ok_if "a running send_arp writes its pid file" lab_wait 3 lab_exec node1 test -s $RSCTMP/bg.pid
sapid=$(lab_exec node1 cat $RSCTMP/bg.pid)
is "the pid file names the send_arp process" "$(lab_exec node1 cat "/proc/$sapid/comm" 2>/dev/null)" send_arp
lab_exec node1 kill -TERM "$sapid"
wait "$bg"
is "SIGTERM: exit 0" "$?" 0
ok_if "SIGTERM: the pid file is removed" lab_exec node1 test ! -e $RSCTMP/bg.pid

# ------------------------------------------------------------ IPaddr --
is "IPaddr status before start" "$(status node1 IPaddr $VIP)" stopped
l1=$(log_lines node1)
ok_if "IPaddr $VIP start on node1" rs node1 IPaddr $VIP start
ok_if "node1: $VIP/24 with broadcast 192.0.2.255 as alias eth0:0" \
    has_line "$(v4addrs node1)" "$VIP/24 brd 192.0.2.255 eth0:0"
ok_if "the client learns node1's MAC for $VIP from the gratuitous ARP (2 s)" \
    lab_wait 2 lab_out_is "$MAC1" neigh_mac $VIP
is "IPaddr status on node1" "$(status node1 IPaddr $VIP)" running
log=$(new_log node1 "$l1")
ok_if "logged like 3.0.6: 'Using calculated netmask for $VIP: 255.255.255.0'" grep -qE \
    "^[0-9]{4}/[0-9]{2}/[0-9]{2}_[0-9]{2}:[0-9]{2}:[0-9]{2}  IPaddr\(IPaddr_$VIP\)\[[0-9]+\]:    INFO: Using calculated netmask for $VIP: 255\.255\.255\.0\$" <<< "$log"
ok_if "send_arp run with 3.0.6's arguments" grep -qF \
    "INFO: $SA_PATH -i 500 -r 10 -p $RSCTMP/send_arp-$VIP eth0 $VIP auto $VIP ffffffffffff" <<< "$log"
sapid=$(lab_exec node1 cat $RSCTMP/send_arp-$VIP 2>/dev/null)
is "send_arp still announcing in the background" "$(lab_exec node1 cat "/proc/${sapid:-0}/comm" 2>/dev/null)" send_arp
ok_if "IPaddr $VIP stop on node1" rs node1 IPaddr $VIP stop
ok_if "stop killed that send_arp and removed its pid file" lab_wait 2 \
    lab_exec node1 sh -c "! test -e /proc/${sapid:-0} && ! test -e $RSCTMP/send_arp-$VIP"
ok_if "node1 no longer has $VIP" lacks_addr node1 $VIP
ok_if "IPaddr $VIP start on node2 (the address moves)" rs node2 IPaddr $VIP start
ok_if "the client switches to node2's MAC (2 s)" lab_wait 2 lab_out_is "$MAC2" neigh_mac $VIP
is "IPaddr status on node1 after the move" "$(status node1 IPaddr $VIP)" stopped
is "IPaddr status on node2 after the move" "$(status node2 IPaddr $VIP)" running
RS_ENV=(ARP_INTERVAL_MS=100 ARP_REPEAT=2 ARP_BACKGROUND=no)
l2=$(log_lines node2)
ok_if "a second address on node2 (ARP tunables from the environment)" rs node2 IPaddr 192.0.2.101/24/eth0 start
RS_ENV=()
ok_if "... gets the next alias, eth0:1" has_line "$(v4addrs node2)" "192.0.2.101/24 brd 192.0.2.255 eth0:1"
ok_if "... and send_arp got -i 100 -r 2" grep -qF "send_arp -i 100 -r 2 -p" <<< "$(new_log node2 "$l2")"
ok_if "... in the foreground (finished when start returned)" \
    lab_exec node2 test ! -e $RSCTMP/send_arp-192.0.2.101
ok_if "stop of the second address" rs node2 IPaddr 192.0.2.101/24/eth0 stop
ok_if "IPaddr $VIP stop on node2" rs node2 IPaddr $VIP stop
ok_if "IPaddr stop when already stopped succeeds" rs node2 IPaddr $VIP stop
is "IPaddr status after stop" "$(status node2 IPaddr $VIP)" stopped
is "node2 keeps only its own address" "$(v4addrs node2)" "192.0.2.2/24 brd 192.0.2.255 eth0"
rs node1 IPaddr start >/dev/null 2>&1
is "IPaddr without the address: exit 1" "$?" 1
out=$(rs node1 IPaddr 192.0.2.300 start 2>/dev/null); rc=$?
is "IPaddr with a bad address: exit 1" "$rc" 1
ok_if "... with a usage message" grep -q '^usage: IPaddr ip-address' <<< "$out"
out=$(status node1 IPaddr 192.0.2.300)
ok_if "IPaddr status with a bad address is not 'owned' ($out)" not_owned "$out"
rs node1 IPaddr $VIP bogus >/dev/null 2>&1
is "IPaddr with an unknown action: exit 1" "$?" 1
rs node1 IPaddr 198.18.7.7 start >/dev/null 2>&1
is "IPaddr for an address no route covers: exit 1" "$?" 1
is "... and node1 is unchanged" "$(v4addrs node1)" "192.0.2.1/24 brd 192.0.2.255 eth0"

# ------------------------------------------------------------ IPaddr2 --
l1=$(log_lines node1)
ok_if "IPaddr2 192.0.2.120 start" rs node1 IPaddr2 192.0.2.120 start
ok_if "... added without an alias label, /24, broadcast" has_line "$(v4addrs node1)" "192.0.2.120/24 brd 192.0.2.255 eth0"
ok_if "... send_arp -i 200 -r 5 (IPaddr2's defaults)" grep -qF \
    "send_arp -i 200 -r 5 -p $RSCTMP/send_arp-192.0.2.120 eth0 192.0.2.120 auto not_used not_used" <<< "$(new_log node1 "$l1")"
ok_if "... the client learns node1's MAC (2 s)" lab_wait 2 lab_out_is "$MAC1" neigh_mac 192.0.2.120
is "IPaddr2 status" "$(status node1 IPaddr2 192.0.2.120)" running
ok_if "IPaddr2 with interface:label" rs node1 IPaddr2 192.0.2.121/24/eth0:vip start
ok_if "... has the label eth0:vip" has_line "$(v4addrs node1)" "192.0.2.121/24 brd 192.0.2.255 eth0:vip"
ok_if "IPaddr2 stop" rs node1 IPaddr2 192.0.2.120 stop
ok_if "IPaddr2 stop (with label)" rs node1 IPaddr2 192.0.2.121/24/eth0:vip stop
ok_if "IPaddr2 stop again succeeds" rs node1 IPaddr2 192.0.2.120 stop
is "IPaddr2 status after stop" "$(status node1 IPaddr2 192.0.2.120)" stopped
is "node1 is back to its own address" "$(v4addrs node1)" "192.0.2.1/24 brd 192.0.2.255 eth0"
ok_if "IPaddr2 IPv6 2001:db8::50 start" rs node1 IPaddr2 2001:db8::50 start
ok_if "... 2001:db8::50/64 on eth0" lab_exec node1 sh -c 'ip -o -6 addr show dev eth0 | grep -q " 2001:db8::50/64 "'
is "IPaddr2 IPv6 status" "$(status node1 IPaddr2 2001:db8::50)" running
ok_if "IPaddr2 IPv6 stop" rs node1 IPaddr2 2001:db8::50 stop
is "IPaddr2 IPv6 status after stop" "$(status node1 IPaddr2 2001:db8::50)" stopped
out=$(status node1 IPaddr2 nonsense)
ok_if "IPaddr2 status with a bad address is not 'owned'" not_owned "$out"

# ------------------------------------------------------------ SendArp --
is "SendArp status before start" "$(status node1 SendArp 192.0.2.130/eth0)" stopped
RS_ENV=(ARP_INTERVAL_MS=100 ARP_REPEAT=2 ARP_BACKGROUND=no)
lab_pcap_start br0 sendarp-rsc
ok_if "SendArp 192.0.2.130/eth0 start (foreground)" rs node1 SendArp 192.0.2.130/eth0 start
sleep 1.2
lab_pcap_stop
RS_ENV=()
n=$(frames "$LAB_LOGDIR/sendarp-rsc.pcap" "$MAC1" | grep -c "$(iphex 192.0.2.130)\$")
is "SendArp sent 2 pairs for 192.0.2.130" "$n" 4
ok_if "... without adding the address" lacks_addr node1 192.0.2.130
is "SendArp status" "$(status node1 SendArp 192.0.2.130/eth0)" running
ok_if "SendArp stop" rs node1 SendArp 192.0.2.130/eth0 stop
is "SendArp status after stop" "$(status node1 SendArp 192.0.2.130/eth0)" stopped
ok_if "SendArp stop again succeeds" rs node1 SendArp 192.0.2.130/eth0 stop
rs node1 SendArp 192.0.2.130 start >/dev/null 2>&1
is "SendArp without an interface: exit 1" "$?" 1
out=$(status node1 SendArp 192.0.2.130)
ok_if "SendArp status without an interface is not 'owned'" not_owned "$out"

# ------------------------------------------------------------ Filesystem --
IMG=$LAB_DIR/fs.img IMG2=$LAB_DIR/fs2.img MP=$LAB_DIR/mnt/data MP2=$LAB_DIR/mnt/img
truncate -s 32M "$IMG" && mkfs.ext4 -q -F "$IMG" >&2 && truncate -s 16M "$IMG2" && mkfs.ext4 -q -F "$IMG2" >&2 ||
    lab_bail "cannot make the ext4 images"
LOOP=$(losetup -f --show "$IMG") || lab_bail "losetup failed"
# fd_holders NODE PATTERN: pids (in NODE) whose cwd or an open file matches PATTERN
fd_holders() {
    lab_exec "$1" sh -c 'for l in /proc/[0-9]*/cwd /proc/[0-9]*/fd/*; do
        case $(readlink "$l" 2>/dev/null) in $1) p=${l#/proc/}; echo "${p%%/*}" ;; esac; done | sort -u' _ "$2"
}
# The loop device must go away in every case, also when this test is
# killed: a process in node1 keeps it open and the device is detached
# lazily now (autoclear), so it vanishes once node1 (or that process) is
# gone and nothing has it mounted.
lab_bg node1 sh -c 'exec 9<"$1"; exec sleep 100000' _ "$LOOP"
loopholder=$LAB_BG_PID
loop_held() { [ -n "$(fd_holders node1 "$LOOP")" ]; }
lab_wait 3 loop_held || lab_bail "the process holding $LOOP did not start"
losetup -d "$LOOP"
is "the loop device $LOOP is set to autoclear" "$(losetup -n -O AUTOCLEAR "$LOOP" 2>/dev/null | tr -d ' ')" 1

is "Filesystem status before start" "$(status node1 Filesystem "$LOOP" "$MP" ext4)" stopped
ok_if "Filesystem $LOOP start" rs node1 Filesystem "$LOOP" "$MP" ext4 start
ok_if "... created the missing mount point" test -d "$MP"
ok_if "... mounted in node1" lab_exec node1 grep -q "^$LOOP $MP ext4 " /proc/mounts
is "Filesystem status" "$(status node1 Filesystem "$LOOP" "$MP" ext4)" running
ok_if "Filesystem start again: nothing to do" rs node1 Filesystem "$LOOP" "$MP" ext4 start
lab_exec node1 sh -c "echo kept > '$MP/file'"
lab_bg node1 sh -c 'cd "$1" && exec sleep 1000' _ "$MP"
h1=$LAB_BG_PID
lab_bg node1 sh -c 'trap "" TERM; exec 3>"$1/held"; exec sleep 1000' _ "$MP"
h2=$LAB_BG_PID
holders_up() { [ "$(fd_holders node1 "$MP*" | grep -c .)" -ge 2 ]; }
ok_if "two processes hold the mount (cwd, open file)" lab_wait 3 holders_up
t0=$(lab_now_ms)
ok_if "Filesystem stop with two processes holding the mount" rs node1 Filesystem "$LOOP" "$MP" ext4 stop
diag "stop took $(( $(lab_now_ms) - t0 )) ms"
ok_if "... unmounted" lab_exec node1 sh -c "! grep -q ' $MP ' /proc/mounts"
{ wait "$h1"; r1=$?; wait "$h2"; r2=$?; } 2>/dev/null
is "... the holder in the mount got SIGTERM" "$r1" $((128 + 15))
is "... the holder that ignores SIGTERM got SIGKILL" "$r2" $((128 + 9))
ok_if "... and the log says so" grep -q "INFO: sending signal KILL to: " "$(lab_log node1)"
is "Filesystem status after stop" "$(status node1 Filesystem "$LOOP" "$MP" ext4)" stopped
ok_if "Filesystem stop again succeeds" rs node1 Filesystem "$LOOP" "$MP" ext4 stop
ok_if "Filesystem start again, same loop device" rs node1 Filesystem "$LOOP" "$MP" ext4 start
is "... the data survived" "$(lab_exec node1 cat "$MP/file" 2>/dev/null)" kept
ok_if "Filesystem stop (no holders)" rs node1 Filesystem "$LOOP" "$MP" ext4 stop
ok_if "Filesystem: an image file with -o loop" rs node1 Filesystem "$IMG2" "$MP2" ext4 loop,noatime start
ok_if "... mounted through a loop device, noatime" lab_exec node1 grep -qE "^/dev/loop[0-9]+ $MP2 ext4 rw,noatime" /proc/mounts
is "... status" "$(status node1 Filesystem "$IMG2" "$MP2" ext4 loop,noatime)" running
ok_if "... stop" rs node1 Filesystem "$IMG2" "$MP2" ext4 loop,noatime stop
ok_if "... and its loop device is released" lab_wait 2 sh -c "[ -z \"\$(losetup -j '$IMG2')\" ]"
rs node1 Filesystem "$LOOP" start >/dev/null 2>&1
is "Filesystem with too few arguments: exit 1" "$?" 1
rs node1 Filesystem /dev/nonexistent-disk "$MP" ext4 start >/dev/null 2>&1
is "Filesystem on a missing device: exit 1" "$?" 1
out=$(status node1 Filesystem "$MP")
ok_if "Filesystem status with too few arguments is not 'owned'" not_owned "$out"
for p in $(fd_holders node1 "$LOOP"); do lab_exec node1 kill "$p"; done
wait "$loopholder"
ok_if "the loop device is detached once its holder is gone" lab_wait 3 sh -c "! losetup '$LOOP' >/dev/null 2>&1"

# ------------------------------------------------------------ Delay --
t0=$(lab_now_ms)
ok_if "Delay 1 1.2 start" rs node1 Delay 1 1.2 start
dt=$(( $(lab_now_ms) - t0 ))
ok_if "... took the start delay (${dt} ms)" test "$dt" -ge 1000
is "Delay status" "$(status node1 Delay 1 1.2)" running
t0=$(lab_now_ms)
ok_if "Delay start when running" rs node1 Delay 1 1.2 start
ok_if "... returns at once" test $(( $(lab_now_ms) - t0 )) -lt 900
t0=$(lab_now_ms)
ok_if "Delay stop" rs node1 Delay 1 1.2 stop
ok_if "... took the stop delay" test $(( $(lab_now_ms) - t0 )) -ge 1200
is "Delay status after stop" "$(status node1 Delay 1 1.2)" stopped
t0=$(lab_now_ms)
ok_if "Delay stop when stopped succeeds" rs node1 Delay 1 1.2 stop
ok_if "... at once" test $(( $(lab_now_ms) - t0 )) -lt 900
rs node1 Delay soon start >/dev/null 2>&1
is "Delay with a bad delay: exit 1" "$?" 1

# ------------------------------------------------------------ MailTo --
if lab_exec node1 sh -c 'PATH=/usr/sbin:/usr/bin:/sbin:/bin command -v sendmail || test -x /usr/lib/sendmail' >/dev/null 2>&1; then
    echo "ok - # SKIP this machine has a sendmail; not testing MailTo without one"
else
    l1=$(log_lines node1)
    ok_if "MailTo without sendmail: start succeeds" rs node1 MailTo root@example.com start
    ok_if "... and logs the mail it would have sent" grep -qF \
        "INFO: no sendmail: would have mailed root@example.com: Resource Group Takeover in progress at" <<< "$(new_log node1 "$l1")"
    ok_if "... stop" rs node1 MailTo root@example.com stop
fi
mkdir -p "$LAB_DIR/bin"
cat > "$LAB_DIR/bin/sendmail" <<EOF
#!/bin/sh
{ echo "ARGS: \$*"; cat; echo "--END--"; } >> "$LAB_DIR/mail.out"
EOF
chmod 755 "$LAB_DIR/bin/sendmail"
RS_ENV=("PATH=$LAB_DIR/bin:/usr/sbin:/usr/bin:/sbin:/bin")
is "MailTo status before start" "$(status node1 MailTo ops@example.com,admin@example.org 'Web cluster')" stopped
ok_if "MailTo start" rs node1 MailTo ops@example.com,admin@example.org 'Web cluster' start
mail=$(cat "$LAB_DIR/mail.out" 2>/dev/null)
ok_if "... mailed both addresses through sendmail -oi -t" grep -qx "ARGS: -oi -t" <<< "$mail"
ok_if "... To: both" grep -qx "To: ops@example.com, admin@example.org" <<< "$mail"
ok_if "... 3.0.6's takeover subject" grep -qE "^Subject: Web cluster Takeover in progress at .* on node1\$" <<< "$mail"
ok_if "... the body has the command line" grep -qx "Command line was:" <<< "$mail"
is "MailTo status" "$(status node1 MailTo ops@example.com,admin@example.org 'Web cluster')" running
ok_if "MailTo stop" rs node1 MailTo ops@example.com,admin@example.org 'Web cluster' stop
ok_if "... 3.0.6's release subject" grep -qE "^Subject: Web cluster Migrating resource away at .* from node1\$" "$LAB_DIR/mail.out"
is "MailTo status after stop" "$(status node1 MailTo ops@example.com,admin@example.org 'Web cluster')" stopped
RS_ENV=()
rs node1 MailTo start >/dev/null 2>&1
is "MailTo without an address: exit 1" "$?" 1
out=$(status node1 MailTo)
ok_if "MailTo status without an address is not 'owned'" not_owned "$out"

# ------------------------------------------------------------ generic --
bad=''
for s in IPaddr IPaddr2 SendArp Filesystem Delay MailTo; do
    dash -n "$HB_ROOT/resource.d/$s" 2>/dev/null || bad+=" $s(syntax)"
    grep -v '^[[:space:]]*#' "$HB_ROOT/resource.d/$s" |
        grep -qE 'ocf-shellfuncs|hto-mapfuncs|/usr/lib/ocf|findif|ifconfig|shellfuncs' && bad+=" $s(uses 3.0.6 files)"
done
is "every script parses with dash and sources nothing of heartbeat/resource-agents" "$bad" ""
ok_if "no script wrote a shell error to stderr" \
    sh -c '! grep -E "not found|syntax error|unexpected|bad (number|substitution)|illegal|integer expression" "$1"' _ "$RS_ERR"

lab_exit
