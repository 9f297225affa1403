#!/usr/bin/env bash
# rolling_upgrade.t: a two-node Heartbeat 3.0.6 cluster serving the web page
# (test/lib/failover.sh: VIP + shared ext4 disk + lighttpd = group A; VIP2 +
# hbDummy = group B; ucast, sha1, auto_failback off) is upgraded to
# heartbeatd one node at a time, as an operator would:
#   node2 starts first and serves everything (auto_failback off);
#   1. hb_standby on node2 (planned switchover: the page moves to node1),
#      `heartbeat -k` of 3.0.6 on node2, heartbeatd started on node2 with the
#      same /etc/ha.d (3.0.6's stock harc, rc.d, resource.d) and
#      /var/lib/heartbeat: it keeps hb_uuid, continues hb_generation (+1)
#      and keeps hostcache; node1 (3.0.6) logs a restart, no partition;
#   2. hb_standby on node1 (planned switchover: the page moves to node2),
#      node1 replaced the same way.
# A client fetches the page every 100 ms the whole time: it fails only
# inside the two switchovers; the unavailable milliseconds of each are
# reported. The interop samplers (test/lib/interop.sh) watch placement and
# cl_status agreement throughout.
# timeout: 240
# shellcheck disable=SC2034  # variables read by the sourced libraries
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"
source "$(dirname "$0")/../lib/failover.sh"
source "$(dirname "$0")/../lib/interop.sh"

ix_setup real real ucast sha1 off
ix_samplers_start 230

# The client: one fetch every 100 ms: "START_MS END_MS SERVER|-"
FETCH_LOG=$LAB_DIR/fetch.log; : > "$FETCH_LOG"
fetcher() {
    local i t s end=$(( $(lab_now_ms) + 220000 ))
    for ((i = 0; i < 3000; i++)); do
        t=$(lab_now_ms); [ "$t" -ge "$end" ] && break
        s=$(ip netns exec "$(lab_ns client)" curl -sS --connect-timeout 0.3 -m 0.5 -w '\n%header{server}' \
            "http://$FO_VIP/" 2>/dev/null)
        if [[ $s == *"$FO_PAGE_TEXT"* && ${s##*$'\n'} =~ \((node[0-9])\) ]]; then s=${BASH_REMATCH[1]}; else s=-; fi
        echo "$t $(lab_now_ms) $s" >> "$FETCH_LOG"
        t=$(( t + 100 - $(lab_now_ms) ))
        if [ "$t" -gt 0 ]; then sleep "0.$(printf '%03d' "$t")"; fi
    done
}

# state NODE: "uuid gen" of NODE's /var/lib/heartbeat
uuid_of() { od -An -tx1 "$(lab_node_dir "$1")/varlib/hb_uuid" 2>/dev/null | tr -d ' \n'; }
hostcache_of() { cat "$(lab_node_dir "$1")/varlib/hostcache" 2>/dev/null; }

# replace NODE: stop 3.0.6 on NODE, start heartbeatd on the same files
replace() {
    local n=$1 o u0 g0 h0 r0; o=$(_ix_other "$1")
    u0=$(uuid_of "$n") g0=$(hbd_gen "$n") h0=$(hostcache_of "$n")
    ix_event "replace $n"
    ok_if "$n: heartbeat -k (3.0.6)" lab_stop "$n"
    IX_UP[$n]=0
    ok_if "$n: 3.0.6 gone" lab_wait 10 eval "! lab_exec $n pgrep -x heartbeat >/dev/null"
    ok_if "$o calls $n dead after its shutdown" lab_wait 10 lab_out_is dead lab_cl_status "$o" nodestatus "$n"
    diag "$n before: uuid $u0 generation $g0 hostcache: $(echo "$h0" | tr '\n' ' ')"
    r0=$(hbd_count "$o" "Heartbeat restart on node $n")
    lab_exec "$n" mount --bind "$HB_ROOT/build/send_arp" /usr/libexec/heartbeat/send_arp
    ix_set_kind "$n" hbd
    ix_start "$n"
    ok_if "$n (heartbeatd) and $o (3.0.6) see each other active" lab_wait 20 eval \
        "lab_out_is active lab_cl_status $o nodestatus $n && lab_out_is active lab_cl_status $n nodestatus $o"
    is "$n: heartbeatd kept 3.0.6's hb_uuid" "$(uuid_of "$n")" "$u0"
    is "$n: heartbeatd continued 3.0.6's generation" "$(hbd_gen "$n")" "$((g0 + 1))"
    # 3.0.6 had left hostcache empty here (it had nothing new to record);
    # heartbeatd records the peer under the uuid the peer keeps in hb_uuid
    local pu; pu=$(uuid_of "$o")
    pu=${pu:0:8}-${pu:8:4}-${pu:12:4}-${pu:16:4}-${pu:20:12}
    ok_if "$n: hostcache names $o with $o's own uuid ($pu)" grep -qP "^$o\t$pu\t" "$(lab_node_dir "$n")/varlib/hostcache"
    if [ -n "$h0" ]; then
        ok_if "$n: hostcache keeps what 3.0.6 recorded" eval "[ -z \"\$(comm -23 <(echo \"$h0\" | sort) <(hostcache_of $n | sort))\" ]"
    fi
    ok_if "$o (3.0.6) logged the restart of $n" lab_wait 5 eval "[ \$(hbd_count $o 'Heartbeat restart on node $n') -gt $r0 ]"
    ix_settle "$n replaced by heartbeatd" 30
}

# switchover NODE: hb_standby (3.0.6's script) on NODE; the page moves
switchover() {
    local n=$1 o; o=$(_ix_other "$1")
    ix_event "hb_standby on $n"
    SW_T0[$n]=$(lab_now_ms)
    ok_if "$n: hb_standby (3.0.6)" ix_run_tool "$n" hb_standby all
    IX_OWN_A=$o IX_OWN_B=$o
    ok_if "hb_standby on $n: the page is served by $o" fo_wait_served_by "$o" 20
    SW_T1[$n]=$(lab_now_ms)
    ix_settle "hb_standby on $n" 20
}
declare -A SW_T0=() SW_T1=()

# ---- the 3.0.6 cluster: node2 first, serves everything
ix_ev_staggered node2
ok_if "the page is served by node2 (3.0.6)" fo_wait_served_by node2 10
hbd_wait_past_startup "$IX_T_EVENT"
fetcher & FETCH_PID=$!; _lab_record_pid "$FETCH_PID" fetcher
sleep 2

switchover node2
replace node2
sleep 2
switchover node1
replace node1
sleep 2
ok_if "the page is served by node2 (heartbeatd) at the end" fo_served_by node2
kill "$FETCH_PID" 2>/dev/null; wait "$FETCH_PID" 2>/dev/null
cp "$FETCH_LOG" "$LAB_LOGDIR/"

# ---- availability: failed fetches only inside the switchovers
outages() {
    awk -v a0="${SW_T0[node2]}" -v a1="${SW_T1[node2]}" -v b0="${SW_T0[node1]}" -v b1="${SW_T1[node1]}" '
        { n++ }
        $3 == "-" { fails++
            inside = ($1 >= a0 - 200 && $2 <= a1 + 200) || ($1 >= b0 - 200 && $2 <= b1 + 200)
            if (!inside) { stray++; print "# failed fetch outside the switchovers: " $0 > "/dev/stderr" }
            if (!down) down = lastok ? lastok : $1
            next }
        { if (down) { ms = $1 - down; w = ($1 <= a1 + 200) ? "node2" : "node1"; out[w] += ms; printf "# outage (hb_standby on %s): %d ms\n", w, ms > "/dev/stderr"; down = 0 }
          lastok = $2 }
        END { printf "# %d fetches, %d failed; unavailable: switchover 1 (hb_standby on node2) %d ms, switchover 2 (hb_standby on node1) %d ms\n", n, fails, out["node2"], out["node1"] > "/dev/stderr"
              printf "%d %d %d\n", out["node2"], out["node1"], stray }' "$FETCH_LOG"
}
read -r OUT1 OUT2 STRAY < <(outages)
is "no failed fetch outside the two planned switchovers" "$STRAY" 0
diag "unavailable: switchover 1 $OUT1 ms, switchover 2 $OUT2 ms"
ok_if "each switchover's outage under 10 s ($OUT1 ms, $OUT2 ms)" test "$OUT1" -lt 10000 -a "$OUT2" -lt 10000
ix_finish
lab_exit
