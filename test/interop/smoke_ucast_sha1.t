#!/usr/bin/env bash
# smoke_ucast_sha1.t: a real Heartbeat 3.0.6 node (node1) and a heartbeatd node
# (node2) form a cluster over ucast with sha1 authentication.
#
# Checks, at the membership level (resource groups are not implemented in
# heartbeatd yet):
#   - each side reports the other `active` through its own cl_status, and the
#     eth0 link `up`, within a bound;
#   - neither log shows rejected packets (ERROR lines, bad node,
#     authentication failures, replay, partition) and the real node saw no
#     sequence gaps;
#   - heartbeatd crashes -> the real node declares it dead within the dt that
#     heartbeatd advertises; heartbeatd restarts -> `Heartbeat restart on node
#     node2`, active again (a bumped generation, no "returning after partition");
#   - the real node crashes and restarts -> heartbeatd logs the restart and
#     sees it active again;
#   - `heartbeat -k` of heartbeatd -> the real node logs
#     `Received shutdown notice from 'node2'.`
#
# Why auto_failback legacy (for now): with `on` or `off` (nice_failback) the
# real node sends `starting` once it is active and stays in its STARTING
# resource state until the peer answers with a `resource` report; it has no
# timer for that, so without heartbeatd's answer it never takes its group and
# `cl_status rscstatus` says `transition` for good. In legacy mode the real
# node's only resource traffic is one `ip-request` per group when it finds
# the peer active at its comm-up (3.0.6 req_resource; facts 4.6); when it is
# alone (or the peer is dead) it answers itself and takes the group. So the
# traffic under test stays almost pure membership, and the one resource
# assertion below (node1 takes its group once node2 has stopped) depends only
# on the real node. haresources names only node1's group, so heartbeatd never
# owns anything. Whether node1 also gets its group at the simultaneous start
# is a race (who is active first), so that is not asserted.
# timeout: 240
source "$(dirname "$0")/../lib/lab.sh"

KEEPALIVE_MS=500
DEADTIME_MS=3000
MARGIN_MS=1500      # scheduling + the 100 ms polling of lab_wait + cl_status latency

lab_init
lab_add_node node1
lab_add_node node2

for n in node1 node2; do
    {
        lab_hacf_base
        cat <<'EOF'
keepalive 500ms
deadtime 3
warntime 2
initdead 6
ucast eth0 192.0.2.1
ucast eth0 192.0.2.2
auto_failback legacy
node node1
node node2
EOF
    } | lab_write_hacf "$n"
    lab_write_authkeys "$n" sha1 "smoke-sha1-$LAB_P"
    lab_write_haresources "$n" <<'EOF'
node1 hbDummy::alpha
EOF
done
d1=$(lab_node_dir node1) d2=$(lab_node_dir node2)
log1=$d1/log/ha-log log2=$d2/log/ha-log

lab_pcap_start

# ms_since T: milliseconds since lab_now_ms value T
ms_since() { echo $(( $(lab_now_ms) - $1 )); }

# sleep_until_ms T MS: sleep until MS ms have passed since T
sleep_until_ms() {
    local left=$(( $2 - $(ms_since "$1") ))
    [ "$left" -gt 0 ] && sleep "$(awk -v ms="$left" 'BEGIN{printf "%.2f", ms/1000}')"
    return 0
}

# log_count FILE PATTERN: number of lines matching the extended regex
log_count() { grep -cE -- "$2" "$1" 2>/dev/null; }

# log_grew FILE PATTERN N: more than N lines match now (for lab_wait)
log_grew() { [ "$(log_count "$1" "$2")" -gt "$3" ]; }

# no_bad_lines WHO FILE...: the rejection patterns of the brief
no_bad_lines() {
    local who=$1; shift
    ok_if "$who: no ERROR lines" sh -c "! grep -n 'ERROR:' $*"
    ok_if "$who: no 'bad node'" sh -c "! grep -in 'bad node' $*"
    ok_if "$who: no authentication failures" sh -c "! grep -in 'authentication' $*"
    ok_if "$who: no replay" sh -c "! grep -in 'replay' $*"
    ok_if "$who: no 'returning after partition'" sh -c "! grep -in 'returning after partition' $*"
}

# ---------------------------------------------------------------- start --
t_start=$(lab_now_ms)
ok_if "node1 (3.0.6) started" lab_start_real node1
ok_if "node2 (heartbeatd) started" lab_start_hbd node2

ok_if "node1 (3.0.6) sees node2 active" lab_wait 20 lab_out_is active lab_cl_status node1 nodestatus node2
ok_if "node2 (heartbeatd) sees node1 active" lab_wait 20 lab_out_is active lab_cl_status node2 nodestatus node1
diag "both active after $(ms_since "$t_start") ms"
ok_if "node1: link node2/eth0 up" lab_wait 5 lab_out_is up lab_cl_status node1 hblinkstatus node2 eth0
ok_if "node2: link node1/eth0 up" lab_wait 5 lab_out_is up lab_cl_status node2 hblinkstatus node1 eth0
ok_if "node1: own status active" lab_wait 5 lab_out_is active lab_cl_status node1 nodestatus node1
ok_if "node2: own status active" lab_wait 5 lab_out_is active lab_cl_status node2 nodestatus node2

# Steady state for a while (3.0.6 advertises deadtime + 2 s for its first 5 s;
# crash only after that), then look at the logs.
sleep_until_ms "$t_start" 12000
no_bad_lines "steady state" "$log1" "$log2"
ok_if "node1: no 'lost a lot of packets'" sh -c "! grep -n 'lost a lot of packets' '$log1'"
lost=$(log_count "$log1" 'lost packet\(s\)')
ok_if "node1: no lost packets in steady state ($lost)" test "$lost" -eq 0
ok_if "node1 still sees node2 active" lab_out_is active lab_cl_status node1 nodestatus node2

# ------------------------------------------------- heartbeatd crashes --
lost_before=$lost
t_crash=$(lab_now_ms)
lab_crash node2
ok_if "node1 declares node2 dead" lab_wait 15 lab_out_is dead lab_cl_status node1 nodestatus node2
dead_ms=$(ms_since "$t_crash")
diag "node2 dead on node1 after $dead_ms ms"
ok_if "node2 declared dead within deadtime + keepalive + margin ($dead_ms ms)" \
    test "$dead_ms" -le $((DEADTIME_MS + KEEPALIVE_MS + MARGIN_MS))
# The last heartbeat before the crash may be up to one keepalive old; 3.0.6
# measures in clock ticks, hence a little slack.
ok_if "node2 declared dead no earlier than deadtime - keepalive ($dead_ms ms)" \
    test "$dead_ms" -ge $((DEADTIME_MS - KEEPALIVE_MS - 200))
ok_if "node1 logs node2 dead" grep -q 'WARN: node node2: is dead' "$log1"

restarts_before=$(log_count "$log1" 'Heartbeat restart on node node2')
t_restart2=$(lab_now_ms)
ok_if "node2 (heartbeatd) restarted" lab_start_hbd node2
ok_if "node1 logs 'Heartbeat restart on node node2'" \
    lab_wait 15 log_grew "$log1" 'Heartbeat restart on node node2' "$restarts_before"
ok_if "node1 sees node2 active again" lab_wait 20 lab_out_is active lab_cl_status node1 nodestatus node2
ok_if "node2 sees node1 active after its restart" lab_wait 20 lab_out_is active lab_cl_status node2 nodestatus node1
diag "node2 back to active on node1 after $(ms_since "$t_restart2") ms"

# ------------------------------------------------- 3.0.6 node crashes --
sleep_until_ms "$t_restart2" 7000
t_crash=$(lab_now_ms)
lab_crash node1
# A crashed 3.0.6 node would find its group's state file and believe it still
# owns the group (legacy mode); a power cut loses that, so remove it.
rm -f "$d1/varlib/hbDummy.alpha.state"
ok_if "node2 declares node1 dead" lab_wait 15 lab_out_is dead lab_cl_status node2 nodestatus node1
dead_ms=$(ms_since "$t_crash")
diag "node1 dead on node2 after $dead_ms ms"
ok_if "node1 declared dead within deadtime + keepalive + margin ($dead_ms ms)" \
    test "$dead_ms" -le $((DEADTIME_MS + KEEPALIVE_MS + MARGIN_MS))

restarts_before=$(log_count "$log2" 'Heartbeat restart on node node1')
t_restart1=$(lab_now_ms)
ok_if "node1 (3.0.6) restarted" lab_start_real node1
ok_if "node2 logs 'Heartbeat restart on node node1'" \
    lab_wait 15 log_grew "$log2" 'Heartbeat restart on node node1' "$restarts_before"
ok_if "node2 sees node1 active again" lab_wait 20 lab_out_is active lab_cl_status node2 nodestatus node1
ok_if "node1 sees node2 active after its restart" lab_wait 20 lab_out_is active lab_cl_status node1 nodestatus node2
# (Not checked here: node1 taking its group back. Restarting while node2 is
# active, the legacy node asks node2 with `ip-request ipaddr=hbDummy::alpha`
# and waits for the answer, which heartbeatd does not give before resource
# groups are implemented; see the end of the test for the takeover.)
diag "node1 back to active on node2 after $(ms_since "$t_restart1") ms"

# -------------------------------------------- heartbeatd stops cleanly --
sleep_until_ms "$t_restart1" 7000
lost=$(log_count "$log1" 'lost packet\(s\)')
ok_if "node1: no lost packets over crashes and restarts ($lost)" test "$lost" -le "$lost_before"
t_stop=$(lab_now_ms)
ok_if "node2 (heartbeatd) stopped with -k" lab_stop node2
ok_if "node1 logs the shutdown notice" \
    lab_wait 10 grep -qF "Received shutdown notice from 'node2'." "$log1"
diag "shutdown notice after $(ms_since "$t_stop") ms"
ok_if "node1 marks node2 dead" lab_wait 10 lab_out_is dead lab_cl_status node1 nodestatus node2
ok_if "node1 keeps running" lab_out_is active lab_cl_status node1 nodestatus node1
ok_if "node1 runs its own group once node2 is gone" lab_wait 20 test -f "$d1/varlib/hbDummy.alpha.state"

# -------------------------------------------------------- whole logs --
no_bad_lines "whole run" "$log1" "$log2"
ok_if "node1: no 'lost a lot of packets'" sh -c "! grep -n 'lost a lot of packets' '$log1'"
diag "total $(ms_since "$t_start") ms"
lab_exit
