#!/usr/bin/env bash
# smoke_crc.t: heartbeatd (node1) and a real Heartbeat 3.0.6 node (node2) with
# `authkeys crc`, first over bcast, then over mcast. The roles are swapped
# with respect to smoke_ucast_sha1.t: heartbeatd is the node whose name comes
# first in the node list.
#
# bcast round: both report each other `active` through their own cl_status
# and the eth0 link `up`; clean logs (no ERROR, bad node, authentication,
# replay, partition; no sequence gaps on the real node); heartbeatd crashes ->
# the real node declares it dead within its dt, heartbeatd restarts -> the
# real node logs `Heartbeat restart on node node1` and sees it active again;
# the real node crashes and restarts -> heartbeatd logs the restart;
# `heartbeat -k` of heartbeatd -> `Received shutdown notice from 'node1'.`
#
# mcast round (239.192.0.1:694, TTL 1, loop 0): the same start-up, link and
# log checks, then a graceful stop of the real node, which heartbeatd must
# see as a shutdown notice.
#
# auto_failback legacy, and haresources naming only the real node's group,
# for the reasons given in smoke_ucast_sha1.t (heartbeatd does not answer the
# nice_failback resource protocol yet).
# timeout: 300
source "$(dirname "$0")/../lib/lab.sh"

KEEPALIVE_MS=500
DEADTIME_MS=3000
MARGIN_MS=1500

lab_init
lab_add_node node1
lab_add_node node2
d1=$(lab_node_dir node1) d2=$(lab_node_dir node2)
log1=$d1/log/ha-log log2=$d2/log/ha-log

# write_config MEDIUM-LINE: ha.cf for both nodes with that medium
write_config() {
    local n
    for n in node1 node2; do
        {
            lab_hacf_base
            cat <<EOF
keepalive 500ms
deadtime 3
warntime 2
initdead 6
$1
auto_failback legacy
node node1
node node2
EOF
        } | lab_write_hacf "$n"
        lab_write_authkeys "$n" crc
        lab_write_haresources "$n" <<'EOF'
node2 hbDummy::beta
EOF
    done
}

ms_since() { echo $(( $(lab_now_ms) - $1 )); }
sleep_until_ms() {
    local left=$(( $2 - $(ms_since "$1") ))
    [ "$left" -gt 0 ] && sleep "$(awk -v ms="$left" 'BEGIN{printf "%.2f", ms/1000}')"
    return 0
}
log_count() { grep -cE -- "$2" "$1" 2>/dev/null; }
log_grew() { [ "$(log_count "$1" "$2")" -gt "$3" ]; }

# no_bad_lines WHO FILE...: none of the rejection patterns of 3.0.6
no_bad_lines() {
    local who=$1; shift
    ok_if "$who: no ERROR lines" sh -c "! grep -n 'ERROR:' $*"
    ok_if "$who: no 'bad node'" sh -c "! grep -in 'bad node' $*"
    ok_if "$who: no authentication failures" sh -c "! grep -in 'authentication' $*"
    ok_if "$who: no replay" sh -c "! grep -in 'replay' $*"
    ok_if "$who: no 'returning after partition'" sh -c "! grep -in 'returning after partition' $*"
}

# ================================================================ bcast ==
write_config 'bcast eth0'
lab_pcap_start br0 bcast
t_start=$(lab_now_ms)
ok_if "bcast: node1 (heartbeatd) started" lab_start_hbd node1
ok_if "bcast: node2 (3.0.6) started" lab_start_real node2
ok_if "bcast: node2 (3.0.6) sees node1 active" lab_wait 20 lab_out_is active lab_cl_status node2 nodestatus node1
ok_if "bcast: node1 (heartbeatd) sees node2 active" lab_wait 20 lab_out_is active lab_cl_status node1 nodestatus node2
diag "bcast: both active after $(ms_since "$t_start") ms"
ok_if "bcast: node2: link node1/eth0 up" lab_wait 5 lab_out_is up lab_cl_status node2 hblinkstatus node1 eth0
ok_if "bcast: node1: link node2/eth0 up" lab_wait 5 lab_out_is up lab_cl_status node1 hblinkstatus node2 eth0

sleep_until_ms "$t_start" 12000
no_bad_lines "bcast steady state" "$log1" "$log2"
ok_if "bcast: node2: no 'lost a lot of packets'" sh -c "! grep -n 'lost a lot of packets' '$log2'"
lost=$(log_count "$log2" 'lost packet\(s\)')
ok_if "bcast: node2: no lost packets in steady state ($lost)" test "$lost" -eq 0
ok_if "bcast: node2 still sees node1 active" lab_out_is active lab_cl_status node2 nodestatus node1

# heartbeatd crashes and comes back.
t_crash=$(lab_now_ms)
lab_crash node1
ok_if "bcast: node2 declares node1 dead" lab_wait 15 lab_out_is dead lab_cl_status node2 nodestatus node1
dead_ms=$(ms_since "$t_crash")
diag "bcast: node1 dead on node2 after $dead_ms ms"
ok_if "bcast: node1 declared dead within deadtime + keepalive + margin ($dead_ms ms)" \
    test "$dead_ms" -le $((DEADTIME_MS + KEEPALIVE_MS + MARGIN_MS))
ok_if "bcast: node1 declared dead no earlier than deadtime - keepalive ($dead_ms ms)" \
    test "$dead_ms" -ge $((DEADTIME_MS - KEEPALIVE_MS - 200))
before=$(log_count "$log2" 'Heartbeat restart on node node1')
t_restart=$(lab_now_ms)
ok_if "bcast: node1 (heartbeatd) restarted" lab_start_hbd node1
ok_if "bcast: node2 logs 'Heartbeat restart on node node1'" \
    lab_wait 15 log_grew "$log2" 'Heartbeat restart on node node1' "$before"
ok_if "bcast: node2 sees node1 active again" lab_wait 20 lab_out_is active lab_cl_status node2 nodestatus node1
ok_if "bcast: node1 sees node2 active after its restart" lab_wait 20 lab_out_is active lab_cl_status node1 nodestatus node2
diag "bcast: node1 back to active on node2 after $(ms_since "$t_restart") ms"

# The 3.0.6 node crashes and comes back (its group's state file is lost
# with the power, as on a real machine with a tmpfs-kept state).
sleep_until_ms "$t_restart" 7000
t_crash=$(lab_now_ms)
lab_crash node2
rm -f "$d2/varlib/hbDummy.beta.state"
ok_if "bcast: node1 declares node2 dead" lab_wait 15 lab_out_is dead lab_cl_status node1 nodestatus node2
dead_ms=$(ms_since "$t_crash")
diag "bcast: node2 dead on node1 after $dead_ms ms"
ok_if "bcast: node2 declared dead within deadtime + keepalive + margin ($dead_ms ms)" \
    test "$dead_ms" -le $((DEADTIME_MS + KEEPALIVE_MS + MARGIN_MS))
before=$(log_count "$log1" 'Heartbeat restart on node node2')
t_restart=$(lab_now_ms)
ok_if "bcast: node2 (3.0.6) restarted" lab_start_real node2
ok_if "bcast: node1 logs 'Heartbeat restart on node node2'" \
    lab_wait 15 log_grew "$log1" 'Heartbeat restart on node node2' "$before"
ok_if "bcast: node1 sees node2 active again" lab_wait 20 lab_out_is active lab_cl_status node1 nodestatus node2
ok_if "bcast: node2 sees node1 active after its restart" lab_wait 20 lab_out_is active lab_cl_status node2 nodestatus node1

# heartbeatd stops cleanly.
sleep_until_ms "$t_restart" 7000
lost=$(log_count "$log2" 'lost packet\(s\)')
ok_if "bcast: node2: no lost packets over crashes and restarts ($lost)" test "$lost" -eq 0
ok_if "bcast: node1 (heartbeatd) stopped with -k" lab_stop node1
ok_if "bcast: node2 logs the shutdown notice" \
    lab_wait 10 grep -qF "Received shutdown notice from 'node1'." "$log2"
ok_if "bcast: node2 marks node1 dead" lab_wait 10 lab_out_is dead lab_cl_status node2 nodestatus node1
ok_if "bcast: node2 runs its own group once node1 is gone" lab_wait 20 test -f "$d2/varlib/hbDummy.beta.state"
no_bad_lines "bcast whole round" "$log1" "$log2"
ok_if "bcast: node2: no 'lost a lot of packets'" sh -c "! grep -n 'lost a lot of packets' '$log2'"

# Stop the 3.0.6 node too and start the next round with fresh logs.
ok_if "bcast: node2 (3.0.6) stopped with -k" lab_stop node2
for f in "$log1" "$log2"; do mv "$f" "${f%-log}-log.bcast"; done
rm -f "$d2/varlib/hbDummy.beta.state"

# ================================================================ mcast ==
write_config 'mcast eth0 239.192.0.1 694 1 0'
lab_pcap_start br0 mcast
t_start=$(lab_now_ms)
ok_if "mcast: node1 (heartbeatd) started" lab_start_hbd node1
ok_if "mcast: node2 (3.0.6) started" lab_start_real node2
ok_if "mcast: node2 (3.0.6) sees node1 active" lab_wait 20 lab_out_is active lab_cl_status node2 nodestatus node1
ok_if "mcast: node1 (heartbeatd) sees node2 active" lab_wait 20 lab_out_is active lab_cl_status node1 nodestatus node2
diag "mcast: both active after $(ms_since "$t_start") ms"
ok_if "mcast: node2: link node1/eth0 up" lab_wait 5 lab_out_is up lab_cl_status node2 hblinkstatus node1 eth0
ok_if "mcast: node1: link node2/eth0 up" lab_wait 5 lab_out_is up lab_cl_status node1 hblinkstatus node2 eth0

sleep_until_ms "$t_start" 10000
ok_if "mcast: node2 still sees node1 active" lab_out_is active lab_cl_status node2 nodestatus node1
ok_if "mcast: node1 still sees node2 active" lab_out_is active lab_cl_status node1 nodestatus node2
lost=$(log_count "$log2" 'lost packet\(s\)')
ok_if "mcast: node2: no lost packets ($lost)" test "$lost" -eq 0

# Graceful stop of the 3.0.6 node, seen by heartbeatd.
ok_if "mcast: node2 (3.0.6) stopped with -k" lab_stop node2
ok_if "mcast: node1 logs the shutdown notice" \
    lab_wait 10 grep -qF "Received shutdown notice from 'node2'." "$log1"
ok_if "mcast: node1 marks node2 dead" lab_wait 10 lab_out_is dead lab_cl_status node1 nodestatus node2
ok_if "mcast: node1 keeps running" lab_out_is active lab_cl_status node1 nodestatus node1
no_bad_lines "mcast round" "$log1" "$log2"
ok_if "mcast: node2: no 'lost a lot of packets'" sh -c "! grep -n 'lost a lot of packets' '$log2'"
ok_if "mcast: node1 (heartbeatd) stopped with -k" lab_stop node1
diag "total $(ms_since "$t_start") ms in the mcast round"
lab_exit
