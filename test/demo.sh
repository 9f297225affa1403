#!/usr/bin/env bash
# demo.sh: `make demo` - a two-node heartbeatd cluster with a virtual IP, a
# shared disk and a web server, a power cut of the active node, the
# failover, the failback, and a timeline with the measured times.
#
# Runs as root on Debian 12 (make demo installs what it needs). Everything
# lives in throw-away namespaces (test/lib/lab.sh) and is removed at the
# end, also on Ctrl-C or an error: the namespaces and every process in them,
# the loop device, the disk image, the temp dir. The nodes' logs are kept in
# build/demo-logs/ for a look afterwards.
#
#   switch ── node1 192.0.2.1 ── node2 192.0.2.2 ── client 192.0.2.10
#   haresources: node1 IPaddr::192.0.2.100/24/eth0 Filesystem::/dev/loopN::/srv/www::ext4 lighttpd
#   ha.cf: keepalive 250ms, deadtime 2, warntime 1, initdead 4, auto_failback on
set -u
HB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export HB_ROOT
HB_TEST_LOGDIR=$HB_ROOT/build/demo-logs
rm -rf -- "$HB_TEST_LOGDIR"
mkdir -p "$HB_TEST_LOGDIR"
DEMO_LOG=$HB_TEST_LOGDIR/demo.log
: > "$DEMO_LOG"
source "$HB_ROOT/test/lib/lab.sh"
source "$HB_ROOT/test/lib/hbd.sh"
source "$HB_ROOT/test/lib/failover.sh"

if [ "$(id -u)" -ne 0 ]; then echo "demo: run me as root (sudo make demo)" >&2; exit 1; fi

T0=$(lab_now_ms)
B=$(tput bold 2>/dev/null) N=$(tput sgr0 2>/dev/null)
[ -t 1 ] || B='' N=''
# say TEXT: one step, with the time since the start
say() { printf '[%5.1fs] %s\n' "$(awk -v ms=$(( $(lab_now_ms) - T0 )) 'BEGIN { print ms / 1000 }')" "$*"; }
# detail TEXT: a detail line under a step
detail() { printf '         %s\n' "$*"; }
secs() { awk -v ms="$1" 'BEGIN { printf "%.2f s", ms / 1000 }'; }
fail() { say "FAILED: $*"; detail "node logs: $HB_TEST_LOGDIR/nodes/ (after cleanup), setup log: $DEMO_LOG"; exit 1; }
# page: what the client gets from http://VIP/ (the heading and the Server header)
page() {
    local out
    out=$(lab_exec_t 3 client curl -sS --connect-timeout 0.5 -m 1 -w '\n%header{server}' "http://$FO_VIP/" 2>&1) ||
        { echo "(no answer)"; return; }
    printf '%s  (Server: %s)' "$(sed -n 's:.*<h1>\(.*\)</h1>.*:\1:p' <<< "$out" | head -n 1)" "${out##*$'\n'}"
}
# hb_line NODE ERE: first line of NODE's ha-log matching ERE, as "HH:MM:SS text"
hb_line() {
    grep -E -- "$2" "$(lab_log "$1")" 2>/dev/null | head -n 1 |
        sed -E 's/^[A-Z][a-z]{2} +[0-9]+ ([0-9:]{8}) ([a-z0-9]+) heartbeat: \[[0-9]+\]: /\1  \2  /'
}

echo "${B}heartbeatd demo: two nodes, a virtual IP, a shared disk and a web server${N}"
echo

# --- the lab
{
    lab_init
    fo_disk_create
    fo_add_nodes hbd hbd
    fo_config on "$(fo_group1)"
} 2>>"$DEMO_LOG" || fail "lab setup (see $DEMO_LOG)"
say "Lab up: a switch, node1 ($(lab_ip node1)), node2 ($(lab_ip node2)) and a client ($(lab_ip client)),"
detail "each in its own network namespace; the nodes also in their own PID and mount namespaces."
say "Shared disk: a 16 MB ext4 image on $FO_DEV - both nodes see the device, only the active one mounts it."
detail "haresources: $(fo_group1)"
detail "ha.cf:       keepalive $FO_KEEPALIVE, deadtime $FO_DEADTIME, initdead $FO_INITDEAD, auto_failback on, ucast on eth0"
detail "lighttpd serves /srv/www; its Server header names the node that answers."

# --- boot
say "Starting heartbeatd on node1 and node2 (both boot at once: 3.0.6's protocol waits 10 s for a stable peer) ..."
t_boot=$(lab_now_ms)
fo_start node1 2>>"$DEMO_LOG" || fail "heartbeatd did not start on node1"
fo_start node2 2>>"$DEMO_LOG" || fail "heartbeatd did not start on node2"
lab_wait 40 fo_served_by node1 || fail "node1 did not bring the service up"
say "node1 runs the group: $FO_VIP on eth0, /srv/www mounted, lighttpd running."
detail "client\$ curl http://$FO_VIP/   ->  $(page)"
lab_wait 10 eval 'fo_stable node1 && fo_stable node2'
detail "cl_status rscstatus: node1 $(fo_rsc node1), node2 $(fo_rsc node2)"
# a node advertises deadtime + 2 s during its first 5 s: cut the power later
hbd_wait_past_startup "$t_boot"
sleep 1

# --- power cut
echo
say "${B}Power cut on node1${N}: SIGKILL to its PID namespace (heartbeatd, lighttpd, everything)."
t_kill=$(lab_now_ms)
fo_crash node1 2>>"$DEMO_LOG"
detail "node1's mount of $FO_DEV went with its mount namespace: $(fo_disk_holders) namespaces have it mounted now."
fo_watch_failover node2 node1 15 || fail "node2 did not take over"
say "node2 took over; the client is served by node2:"
detail "client\$ curl http://$FO_VIP/   ->  $(page)"
lab_wait 2 lab_out_is "$(fo_mac node2)" fo_neigh_mac
detail "client's ARP entry for $FO_VIP: $(fo_neigh_mac) = node2's eth0 (updated by node2's gratuitous ARP)"
lab_wait 10 lab_out_is all fo_rsc node2
detail "cl_status rscstatus on node2: $(fo_rsc node2)"
T_DEAD=${FO_T_DEAD:-} T_VIP=$FO_T_VIP T_SERVED=$FO_T_SERVED
sleep 1

# --- failback
echo
say "node1 comes back (a fresh boot) and starts heartbeatd; auto_failback on gives it its group back ..."
t_back=$(lab_now_ms)
fo_start node1 2>>"$DEMO_LOG" || fail "heartbeatd did not start on node1"
lab_wait 30 fo_served_by node1 || fail "no failback to node1"
t_fb=$(lab_now_ms)
lab_wait 5 fo_idle node2
say "Failback done: the client is served by node1 again, node2 runs nothing."
detail "client\$ curl http://$FO_VIP/   ->  $(page)"

# --- planned switchover
echo
say "Planned maintenance on node1: hb_standby hands its group to node2 (no waiting for a deadtime) ..."
t_sb=$(lab_now_ms)
out=$(lab_exec_t 60 node1 "$HB_ROOT/build/hb_standby" 2>&1) || fail "hb_standby: $out"
detail "node1\$ hb_standby   ->  $(tail -n 1 <<< "$out")"
lab_wait 10 fo_served_by node2 || fail "node2 does not serve after hb_standby"
detail "client\$ curl http://$FO_VIP/   ->  $(page)   ($(secs $(( $(lab_now_ms) - t_sb ))) after hb_standby)"
out=$(lab_exec_t 60 node1 "$HB_ROOT/build/hb_takeover" 2>&1) || fail "hb_takeover: $out"
detail "node1\$ hb_takeover  ->  $(tail -n 1 <<< "$out")"
lab_wait 10 fo_served_by node1 || fail "node1 does not serve after hb_takeover"
detail "client\$ curl http://$FO_VIP/   ->  $(page)"

# --- timeline
echo
echo "${B}Timeline${N} (node2's log)"
for re in 'WARN: node node1: is dead' 'Taking over resource group' 'Running .*IPaddr .* start' \
          'Running .*Filesystem .* start' 'Running .*lighttpd start' 'mach_down takeover complete for node' \
          'Heartbeat restart on node node1' 'wants to go standby' 'foreign HA resource release completed'; do
    l=$(hb_line node2 "$re"); [ -n "$l" ] && detail "$l"
done
echo
echo "${B}Measured${N} (the test polls every 50 ms)"
[ -n "$T_DEAD" ] && detail "power cut -> node2 declares node1 dead   $(secs $(( T_DEAD - t_kill )))   (deadtime $FO_DEADTIME s, keepalive $FO_KEEPALIVE)"
[ -n "$T_DEAD" ] && detail "death detected -> VIP answering on node2 $(secs $(( T_SERVED - T_DEAD )))   (VIP configured after $(secs $(( T_VIP - T_DEAD ))))"
detail "power cut -> first page from node2      ${B}$(secs $(( T_SERVED - t_kill )))${N}"
detail "node1 restart -> page from node1 again  $(secs $(( t_fb - t_back )))"

# --- cleanup
echo
lab_pcap_stop
ns_prefix=$LAB_P dev=$FO_DEV img=$FO_IMG
lab_cleanup 2>>"$DEMO_LOG"
left=$(ip netns list | grep -c "^$ns_prefix-")
loop_left=$(losetup -n -O BACK-FILE "$dev" 2>/dev/null | grep -cF "$img")
if [ "$left" -eq 0 ] && [ "$loop_left" -eq 0 ] && [ ! -e "$img" ]; then
    say "Cleaned up: namespaces and their processes, $dev detached, disk image removed."
else
    say "Cleanup incomplete: $left namespaces, $loop_left loop devices left (see $DEMO_LOG)"
    exit 1
fi
detail "The nodes' logs: $HB_TEST_LOGDIR/nodes/<node>/{ha-log,ha-debug}"
