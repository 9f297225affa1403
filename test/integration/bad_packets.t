#!/usr/bin/env bash
# bad_packets.t: packets node1 must refuse, sent to its UDP port 694 with
# build/test/hbinject: a wrong sha1 key, a correctly signed status from node2
# with an old generation (a replay), a correctly signed status from an
# unknown node9, broken framing (junk, a truncated netstring), and a flood of
# 1000 junk datagrams. Each kind is dropped, counted and logged once per
# 10 s (`... [link eth0, N dropped for REASON]`); the counts are checked by
# sending one more of a kind after the rate limit expired. Nothing changes:
# node2 stays active on node1 throughout, no restart/partition lines, node1
# keeps answering cl_status, its daemon keeps running (same pid).
# timeout: 120
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"

lab_init
lab_add_node node1
lab_add_node node2
lab_add_client client
hbd_config "node1 node2" "ucast eth0 $(lab_ip node1)" "ucast eth0 $(lab_ip node2)"
KEY="hbd-$LAB_P"   # what hbd_config wrote into authkeys
N1=$(lab_ip node1)

ok_if "node1: heartbeatd started" hbd_start node1
ok_if "node2: heartbeatd started" hbd_start node2
hbd_ok_active node1 node2 eth0
hbd_ok_active node2 node1 eth0
pid1=$(hbd_pid node1)
gen2=$(hbd_gen node2)
ok_if "node2's generation is known ($gen2)" test -n "$gen2"
mark=$(hbd_lines node1)
since() { hbd_since node1 "$mark"; }
# count_since ERE: lines logged by node1 since the mark matching ERE
count_since() { since | grep -cE -- "$1"; }
# seen_once DESC ERE: exactly one such line since the mark (wait up to 3 s)
seen_once() {
    lab_wait 3 sh -c '[ "$(tail -n +"$2" "$1" | grep -cE -- "$3")" -ge 1 ]' _ \
        "$(lab_log node1)" "$((mark + 1))" "$2"
    is "$1" "$(count_since "$2")" 1
}
udp_rcvbuf_errors() {   # node1's kernel UDP receive-buffer drops
    lab_exec node1 awk '/^Udp:/ { if (!h) { for (i = 1; i <= NF; i++) c[$i] = i; h = 1 }
        else print $c["RcvbufErrors"] }' /proc/net/snmp
}

# --- 1. wrong key: claims to be node2 restarting and dead; 3 copies
hbd_inject client --auth sha1:wrongkey --src node2 --gen "$((gen2 + 1))" --seq 1 --st dead \
    --count 3 "$N1"
seen_once "wrong key: one rate-limited line" \
    '^.*ERROR: bad packet from 192\.0\.2\.[0-9]+ on eth0: auth_failed.* \[link eth0, 1 dropped for bad-auth\]$'
# --- 2. replay: node2's key, node2's name, an older generation, st=dead
hbd_inject node2 --auth "sha1:$KEY" --src node2 --gen "$((gen2 - 1))" --seq 5 --st dead "$N1"
seen_once "replay: one line naming the generations" \
    "ERROR: .*attempted replay attack \[node2\]\? \[gen = $((gen2 - 1)), curgen = $gen2\] \[link eth0, 1 dropped for replay\]\$"
# --- 3. unknown node, correctly signed
hbd_inject client --auth "sha1:$KEY" --src node9 --gen 1 --seq 1 --st active "$N1"
seen_once "unknown node9: one line" \
    'ERROR: bad node \[node9\] in message from 192\.0\.2\.[0-9]+ on eth0 \[link eth0, 1 dropped for unknown-node\]$'
# --- 4. broken framing: a truncated netstring, then plain junk
t_framing=$(lab_now_ms)
hbd_inject client --raw $'###\n11:(0)t=status,12:(0)st=act' "$N1"
seen_once "truncated netstring: one line" \
    'ERROR: bad packet.* on eth0: (bad_framing|bad_field) .* \[link eth0, 1 dropped for bad-framing\]$'
hbd_inject client --raw 'junk' "$N1"

# --- 5. a flood of junk
rb0=$(udp_rcvbuf_errors)
hbd_inject client --raw 'junk' --count 1000 "$N1"
sleep 1
rb1=$(udp_rcvbuf_errors)
kernel_dropped=$(( ${rb1:-0} - ${rb0:-0} ))
diag "kernel dropped $kernel_dropped datagrams for a full receive buffer during the flood"
is "the junk and the flood added no log line (rate limit)" "$(count_since 'dropped for bad-framing')" 1
is "exactly 4 drop lines so far" "$(count_since 'dropped for ')" 4

# --- nothing changed
ok_if "node1 keeps seeing node2 active (sampled 3 s)" hbd_stays_active 3 node1:node2
ok_if "node2 keeps seeing node1 active" lab_out_is active lab_cl_status node2 nodestatus node1
ok_if "node1 still answers hbstatus" lab_out_is "Heartbeat is running on this machine." \
    lab_cl_status node1 hbstatus
is "node1's daemon still runs with the same pid" "$(hbd_running node1 && hbd_pid node1)" "$pid1"
is "node1 knows no node9" "$(lab_cl_status node1 listnodes | tr '\n' ' ')" "node2 node1 "
ok_if "node1: no restart, partition, status change or death since the bad packets" \
    sh -c "! tail -n +$((mark + 1)) '$(lab_log node1)' | grep -nE 'Heartbeat restart|returning after partition|Status update|is dead|Link .* dead|CRIT:'"

# --- counted: once the 10 s rate limit is over, one more of a kind logs the
# running total.
hbd_sleep_ms $(( t_framing + 10500 - $(lab_now_ms) ))
hbd_inject client --raw 'junk' "$N1"
hbd_inject client --auth sha1:wrongkey --src node2 --gen "$((gen2 + 1))" --seq 2 --st dead "$N1"
ok_if "a second bad-framing line appears" \
    lab_wait 3 sh -c "[ \$(tail -n +$((mark + 1)) '$(lab_log node1)' | grep -c 'dropped for bad-framing') -ge 2 ]"
ok_if "a second bad-auth line appears" \
    lab_wait 3 sh -c "[ \$(tail -n +$((mark + 1)) '$(lab_log node1)' | grep -c 'dropped for bad-auth') -ge 2 ]"
framing=$(since | sed -n 's/.*\[link eth0, \([0-9]*\) dropped for bad-framing\]$/\1/p' | tail -n 1)
auth=$(since | sed -n 's/.*\[link eth0, \([0-9]*\) dropped for bad-auth\]$/\1/p' | tail -n 1)
diag "bad-framing total $framing (1 truncated + 1 junk + 1000 flood - $kernel_dropped kernel drops + 1)"
is "bad-auth total counts every wrong-key packet" "$auth" 4
ok_if "bad-framing total counts every junk datagram the kernel delivered ($framing)" \
    test "${framing:-0}" -ge $((1003 - kernel_dropped)) -a "${framing:-0}" -le 1003
is "6 drop lines in all for 1008 bad packets" "$(count_since 'dropped for ')" 6
ok_if "node1 still sees node2 active" lab_out_is active lab_cl_status node1 nodestatus node2
is "node1's daemon still runs with the same pid" "$(hbd_running node1 && hbd_pid node1)" "$pid1"
hbd_clean_log node2
lab_exit
