#!/usr/bin/env bash
# failover_legacy.t: the demo cluster (test/lib/failover.sh) with
# `auto_failback legacy`, both nodes heartbeatd: no nice_failback messages
# (no starting/resource/ask_resources on the wire), rscstatus `none` (3.0.6:
# legacy never sets what it holds), hb_standby refused. node1 serves after
# the boot; a crash of node1 moves the group to node2 (mach_down) within
# deadtime + 2 s; when node1 restarts it requests its own group
# (ip-request), node2 gives it up and answers (ip-request-resp ok=OK to
# node1), and node1 serves again. The disk and the VIP are never on both
# nodes (100 ms sampler).
# timeout: 150
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"
source "$(dirname "$0")/../lib/failover.sh"

lab_init
fo_disk_create
fo_add_nodes hbd hbd
fo_config legacy "$(fo_group1)"
lab_pcap_start
fo_sampler_start 140

fo_start_pair
ok_if "node1 serves the page through the VIP" fo_wait_served_by node1 30
diag "node1 serving $(( $(lab_now_ms) - FO_T_START )) ms after the start"
ok_if "node2 runs none of it" fo_idle node2
is "node1: rscstatus (legacy)" "$(fo_rsc node1)" none
is "node2: rscstatus (legacy)" "$(fo_rsc node2)" none
out=$(lab_exec_t 20 node2 "$HB_ROOT/build/hb_standby" 2>&1); rc=$?
ok_if "hb_standby is refused in legacy mode (exit $rc)" test "$rc" -ne 0
diag "hb_standby: $out"
ok_if "node2 logged 'Standby mode only implemented when nice_failback on'" \
    lab_wait 3 hbd_has node2 'Standby mode only implemented when nice_failback on'

# --- crash node1 (once its advertised deadtime is the configured one)
hbd_wait_past_startup "$FO_T_START"
t_kill=$(lab_now_ms)
fo_crash node1
ok_if "node2 serves after the crash of node1" fo_watch_failover node2 node1 $((FO_DEADTIME + 8))
ms=$(( ${FO_T_SERVED:-$(lab_now_ms)} - t_kill ))
diag "failover: dead after $(( ${FO_T_DEAD:-0} - t_kill )) ms, VIP after $(( ${FO_T_VIP:-0} - t_kill )) ms, page after $ms ms"
ok_if "first page from node2 within deadtime + 2 s ($ms ms)" test "$ms" -le $(( FO_DEADTIME * 1000 + 2000 ))

# --- node1 returns and asks for its group
mark=$(hbd_pcap_count 'udp port 694')
t_back=$(lab_now_ms)
ok_if "node1: heartbeatd restarted" fo_start node1
ok_if "node1 gets its group back and serves" fo_wait_served_by node1 20
diag "node1 serving $(( $(lab_now_ms) - t_back )) ms after its restart"
ok_if "node2 runs nothing" lab_wait 5 fo_idle node2
sleep 1.5   # tcpdump hands packets over in blocks (up to 1 s late)
lab_pcap_stop
after=$(hbd_pcap_payloads 'udp port 694' | tail -n +"$((mark + 1))")
# has_msg FIELD...: one captured message (after the mark) has every field
has_msg() {
    local f; local -a m; mapfile -t m <<< "$after"
    for f in "$@"; do mapfile -t m < <(printf '%s\n' "${m[@]}" | grep -F -- ")$f,"); done
    [ -n "${m[0]:-}" ]
}
ok_if "node1 sent ip-request for its group" \
    has_msg t=ip-request src=node1 "ipaddr=IPaddr::$FO_VIP/24/eth0"
ok_if "node2 gave it up: ip-request-resp dest=node1 weown=yes ok=OK" \
    has_msg t=ip-request-resp src=node2 dest=node1 "ipaddr=IPaddr::$FO_VIP/24/eth0" weown=yes ok=OK
all=$(hbd_pcap_payloads 'udp port 694')
ok_if "no nice_failback messages on the wire (starting/resource)" \
    sh -c '! grep -E "\)t=(starting|resource)," >&2' <<< "$all"

ok_if "the disk and the VIP were never active on both nodes (100 ms samples)" fo_sampler_stop
ok_if "node1: no ERROR/CRIT in its log" hbd_hasnt node1 'ERROR:|CRIT:'
ok_if "node2: no ERROR/CRIT in its log" hbd_hasnt node2 'ERROR:|CRIT:'
lab_exit
