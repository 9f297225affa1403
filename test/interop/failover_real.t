#!/usr/bin/env bash
# failover_real.t: the demo cluster (test/lib/failover.sh: VIP 192.0.2.100,
# the shared ext4 disk on a loop device, lighttpd) with node1 running the
# real Heartbeat 3.0.6 (Debian's stock harc, rc.d, shellfuncs and
# resource.d scripts) and node2 heartbeatd (the project's resource.d
# scripts), `auto_failback on`. The group moves both ways between them:
#  1. boot: node1 (3.0.6) serves; rscstatus local on both;
#  2. crash of node1: node2 serves within deadtime + 2 s;
#  3. node1 back: failback, node1 serves;
#  4. hb_standby (3.0.6's script) on node1: node2 serves;
#  5. crash of node2 while it serves: node1 serves within deadtime + 2 s;
#  6. node2 back: node1 keeps its own group;
#  7. `heartbeat -k` of node1: node2 serves before deadtime.
# The disk and the VIP are never on both nodes (100 ms sampler), and
# neither log reports both nodes owning the resources.
# timeout: 180
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"
source "$(dirname "$0")/../lib/failover.sh"

lab_init
fo_disk_create
fo_add_nodes real hbd
fo_config on "$(fo_group1)"
fo_sampler_start 170
mapfile -t DENV < <(_lab_daemon_env)

# failover GONE SURVIVOR T0 LIMIT_MS WHAT: SURVIVOR serves within LIMIT_MS of T0
failover() {
    local gone=$1 surv=$2 t0=$3 limit=$4 what=$5 ms
    ok_if "$what: $surv serves" fo_watch_failover "$surv" "$gone" $((FO_DEADTIME + 10))
    ms=$(( ${FO_T_SERVED:-$(lab_now_ms)} - t0 ))
    local dead="not declared dead before"
    [ -n "$FO_T_DEAD" ] && dead="declared dead after $(( FO_T_DEAD - t0 )) ms,"
    diag "$what: $gone $dead VIP on $surv after $(( ${FO_T_VIP:-$t0} - t0 )) ms, first page after $ms ms"
    ok_if "$what: first page from $surv within $limit ms ($ms ms)" test "$ms" -le "$limit"
    ok_if "$what: $gone runs none of the group" lab_wait 5 fo_idle "$gone"
}

# --- 1. boot
fo_start_pair
ok_if "boot: node1 (3.0.6) serves the page" fo_wait_served_by node1 40
diag "node1 serving $(( $(lab_now_ms) - FO_T_START )) ms after the start"
ok_if "boot: rscstatus local on both" \
    lab_wait 15 eval '[ "$(fo_rsc node1)" = local ] && [ "$(fo_rsc node2)" = local ]'
ok_if "boot: node2 runs none of it" fo_idle node2
hbd_wait_past_startup "$FO_T_START"

# --- 2. crash of node1 (3.0.6)
t=$(lab_now_ms); fo_crash node1
failover node1 node2 "$t" $((FO_DEADTIME * 1000 + 2000)) "crash of node1"
ok_if "node2: rscstatus all" lab_wait 10 lab_out_is all fo_rsc node2

# --- 3. node1 back: failback to 3.0.6
t=$(lab_now_ms)
ok_if "node1: heartbeat 3.0.6 restarted" fo_start node1
ok_if "failback: node1 (3.0.6) serves again" fo_wait_served_by node1 30
diag "failback: node1 serving $(( $(lab_now_ms) - t )) ms after its restart"
ok_if "failback: node2 runs nothing" lab_wait 5 fo_idle node2
ok_if "rscstatus local on both after the failback" \
    lab_wait 15 eval '[ "$(fo_rsc node1)" = local ] && [ "$(fo_rsc node2)" = local ]'
hbd_wait_past_startup "$t"

# --- 4. 3.0.6's hb_standby on node1
t=$(lab_now_ms)
ok_if "node1: /usr/share/heartbeat/hb_standby" lab_exec_t 20 node1 /usr/share/heartbeat/hb_standby
ok_if "standby of node1: node2 serves" fo_wait_served_by node2 20
diag "standby of node1: node2 serving $(( $(lab_now_ms) - t )) ms after hb_standby"
ok_if "standby of node1: node1 runs nothing" lab_wait 5 fo_idle node1
ok_if "after the standby: rscstatus node1 none, node2 all" \
    lab_wait 15 eval '[ "$(fo_rsc node1)" = none ] && [ "$(fo_rsc node2)" = all ]'

# --- 5. crash of node2 (heartbeatd) while it serves
t=$(lab_now_ms); fo_crash node2
failover node2 node1 "$t" $((FO_DEADTIME * 1000 + 2000)) "crash of node2"
ok_if "node1: rscstatus all" lab_wait 15 lab_out_is all fo_rsc node1

# --- 6. node2 back: node1 keeps its own group
t=$(lab_now_ms)
ok_if "node2: heartbeatd restarted" fo_start node2
ok_if "node2 settles holding nothing of node1's (rscstatus local)" lab_wait 20 lab_out_is local fo_rsc node2
ok_if "node1 still serves" fo_served_by node1
ok_if "node2 runs none of it" fo_idle node2
hbd_wait_past_startup "$t"

# --- 7. heartbeat -k of node1 (3.0.6)
t=$(lab_now_ms)
lab_bg node1 "${DENV[@]}" "$LAB_REAL_HB" -k
stop_pid=$LAB_BG_PID
failover node1 node2 "$t" $((FO_DEADTIME * 1000)) "heartbeat -k of node1"
ok_if "node2 logged node1's shutdown notice" hbd_has node2 "info: Received shutdown notice from 'node1'\.$"
wait "$stop_pid"; is "node1: heartbeat -k exit status" "$?" 0

ok_if "the disk and the VIP were never active on both nodes (100 ms samples)" fo_sampler_stop
for n in node1 node2; do
    ok_if "$n: no 'Both machines own' or 'No one owns' in its log" \
        hbd_hasnt "$n" 'Both machines own|No one owns'
done
for n in node1 node2; do ok_if "$n: no ERROR/CRIT in its log" hbd_hasnt "$n" 'ERROR:|CRIT:'; done
lab_exit
