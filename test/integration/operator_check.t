#!/usr/bin/env bash
# operator_check.t: `heartbeat --check` / `-t` as an operator uses it, and the
# JSON-lines log format.
#  - a clean configuration: `configuration OK`, exit 0, nothing on stderr,
#    also with --strict;
#  - warnings only (split brain: two nodes, one link, no ping node or
#    STONITH; crc over the network; udpport after the media; a ucast peer on
#    no local subnet): each as `file:line: warning: ...` followed by a
#    `    fix: ...` line, exit 0 and `configuration OK`; with --strict exit 1
#    and no OK;
#  - notes (sha256 active, logformat json) are never fatal, even with --strict;
#  - errors (this node missing from `node` lines, authkeys 0644, a resource
#    script that is not executable, one that is missing): every one with its
#    fix, exit 6, and the daemon refuses to start on them (exit 6) as before;
#  - `logformat json`: node1's logfile and debugfile hold one JSON object
#    per line (ts, level, node, ident, pid, msg; config diagnostics also with
#    file, line, severity, hint; link events with peer, link, status; script
#    runs with resource, action, exit_code, elapsed_ms) while it runs with
#    node2, which keeps 3.0.6's line format.
# timeout: 120
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"

lab_init
lab_add_node node1
lab_add_node node2
hbd_build
command -v jq >/dev/null || lab_bail "jq is needed (make deps)"
d1=$(lab_node_dir node1)
mapfile -t ENV < <(_lab_daemon_env)
F=/etc/ha.d/ha.cf K=/etc/ha.d/authkeys R=/etc/ha.d/haresources

# hb NODE ARGS...: run the daemon binary in NODE; sets OUT (stdout+stderr),
# ERR (stderr only) and RC.
hb() {
    local n=$1; shift
    local errf=$LAB_DIR/hb.err
    OUT=$(lab_exec_t 30 "$n" "${ENV[@]}" "$HBD_BIN" "$@" 2>"$errf" </dev/null)
    RC=$?
    ERR=$(cat "$errf")
    OUT="$OUT${ERR:+$'\n'}$ERR"
    printf '%s\n' "$OUT" | sed 's/^/#   | /' >&2
}
has() { grep -qF -- "$1" <<< "$OUT"; }
has_re() { grep -qE -- "$1" <<< "$OUT"; }
lacks() { ! grep -qF -- "$1" <<< "$OUT"; }
# fix_after PATTERN FIX: the line after the one starting with PATTERN is "    fix: FIX"
fix_after() { grep -A1 -F -- "$1" <<< "$OUT" | sed -n 2p | grep -qxF -- "    fix: $2"; }

# hacf [EXTRA_LINE...]: a clean ha.cf (lines 1-14), then the extra lines from 15.
hacf() {
    lab_hacf_base                                                        # 1-5
    printf '%s\n' "keepalive 500ms" "deadtime 3" "warntime 2" "initdead 10" "auto_failback on"  # 6-10
    printf '%s\n' "ucast eth0 $(lab_ip node1)" "ucast eth0 $(lab_ip node2)"  # 11-12
    printf '%s\n' "ping 192.0.2.254"                                     # 13
    printf '%s\n' "node node1 node2"                                     # 14
    [ $# -gt 0 ] && printf '%s\n' "$@"
    return 0
}
for n in node1 node2; do
    hacf | lab_write_hacf "$n"
    lab_write_authkeys "$n" sha1 "chk-$LAB_P"
    : | lab_write_haresources "$n"
done

# --- clean
hb node1 -t
is "clean: -t exits 0" "$RC" 0
ok_if "clean: configuration OK" grep -qx 'configuration OK' <<< "$OUT"
is "clean: nothing on stderr" "$ERR" ""
hb node1 --check --strict
is "clean: --check --strict exits 0" "$RC" 0

# --- warnings only
{
    lab_hacf_base
    printf '%s\n' "keepalive 500ms" "deadtime 3" "warntime 2" "initdead 10" "auto_failback on"  # 6-10
    printf '%s\n' "ucast eth0 $(lab_ip node2)"       # 11: the only link
    printf '%s\n' "udpport 694"                      # 12: after ucast
    printf '%s\n' "ucast eth0 198.51.100.77"         # 13: on no subnet of node1
    printf '%s\n' "node node1 node2"                 # 14
} | lab_write_hacf node1
lab_write_authkeys node1 crc
hb node1 -t
is "warnings: -t exits 0" "$RC" 0
ok_if "warnings: still configuration OK" grep -qx 'configuration OK' <<< "$OUT"
ok_if "split brain reported at the link's line" \
    has "$F:11: warning: two-node cluster with a single link (ucast eth0), no ping node and no STONITH"
ok_if "split brain: fix line" fix_after "$F:11: warning: two-node" \
    "add a second medium on another interface or a serial line, a ping node (ping GATEWAY), or a stonith_host line"
ok_if "udpport after media reported with its fix" fix_after "$F:12: warning: udpport setting must precede media" \
    "move 'udpport 694' above the first bcast/ucast/ucast6 line"
ok_if "ucast peer on no local subnet" \
    has "$F:13: warning: ucast peer [198.51.100.77] is on no subnet of any local interface (eth0 has $(lab_ip node1)/24)"
ok_if "crc over the network reported at the key line" \
    has "$K:2: warning: the active key is crc while heartbeats go over the network (ucast eth0)"
ok_if "crc: fix names an HMAC key" fix_after "$K:2: warning: the active key is crc" \
    "use an HMAC key: '1 sha1 SECRET' with a random SECRET (openssl rand -hex 20), the same on every node"
ok_if "summary counts the warnings" has "4 warning(s), 0 note(s)."
hb node1 -t --strict
is "warnings + --strict: exit 1" "$RC" 1
ok_if "warnings + --strict: no configuration OK" lacks 'configuration OK'

# --- notes only: sha256 and logformat json, never fatal
hacf "logformat json" | lab_write_hacf node1        # logformat at line 15
lab_write_authkeys node1 sha256 "chk-$LAB_P"
hb node1 --check --strict
is "notes + --strict: exit 0" "$RC" 0
ok_if "notes: configuration OK" grep -qx 'configuration OK' <<< "$OUT"
ok_if "sha256 active is noted" has "$K:2: note: sha256 (key 1) is active: it is a heartbeatd extension unknown to Heartbeat 3.0.6"
ok_if "logformat is noted" has "$F:15: note: 'logformat' is a heartbeatd extension"
ok_if "notes: no warning lines" lacks 'warning:'

# --- errors, each with its fix
hacf | sed 's/^node node1 node2$/node node1.example.com node2/' | lab_write_hacf node1
lab_write_authkeys node1 sha1 "chk-$LAB_P"
chmod 644 "$d1/etc/authkeys"
printf '#!/bin/sh\nexit 0\n' > "$d1/etc/resource.d/chkNoExec"
chmod 644 "$d1/etc/resource.d/chkNoExec"
printf 'node2 hbDummy::a chkNoExec chkMissing\n' | lab_write_haresources node1
hb node1 -t
is "errors: -t exits 6" "$RC" 6
ok_if "node name: error at the node line" has "$F:14: Current node [node1] not in configuration!"
ok_if "node name: fix compares with uname -n" fix_after "$F:14: Current node" \
    "ha.cf lists [node1.example.com] but uname -n says [node1]: write the node name exactly as uname -n prints it"
ok_if "authkeys mode: 3.0.6's message" has "$K: Bad permissions on keyfile [$K], 600 recommended."
ok_if "authkeys mode: fix" fix_after "$K: Bad permissions" "chmod 600 $K"
ok_if "script not executable" has "$R:1: Resource script chkNoExec [/etc/ha.d/resource.d/chkNoExec] is not executable"
ok_if "script not executable: fix" fix_after "$R:1: Resource script chkNoExec" "chmod +x /etc/ha.d/resource.d/chkNoExec"
ok_if "script missing" has "$R:1: Cannot locate resource script chkMissing"
ok_if "errors: summary" has "4 error(s), 0 warning(s) in the configuration."
ok_if "errors: no configuration OK" lacks 'configuration OK'
hb node1
is "errors: the daemon refuses to start (exit 6), as 3.0.6" "$RC" 6
ok_if "errors: nothing running" lab_exec node1 test ! -e /run/heartbeat.pid
chmod 600 "$d1/etc/authkeys"
rm -f "$d1/etc/resource.d/chkNoExec"
: | lab_write_haresources node1

# --- logformat json: node1 logs JSON lines, node2 keeps 3.0.6's format
hacf "logformat json" | lab_write_hacf node1
hacf | lab_write_hacf node2
for n in node1 node2; do echo 'node1 hbDummy::jsonA' | lab_write_haresources "$n"; done
ok_if "node1 (logformat json) started" hbd_start node1
ok_if "node2 (classic) started" hbd_start node2
ok_if "node1 sees node2 active" lab_wait 20 lab_out_is active lab_cl_status node1 nodestatus node2
ok_if "node2 sees node1 active" lab_wait 20 lab_out_is active lab_cl_status node2 nodestatus node1
log1=$d1/log/ha-log dbg1=$d1/log/ha-debug log2=$(lab_node_dir node2)/log/ha-log
ok_if "node1's logfile is not empty" test -s "$log1"
ok_if "every logfile line is a JSON object with ts, level, node, ident, pid, msg" \
    jq -e -s 'length > 0 and all(.[]; (.ts | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\\.[0-9]{3}Z$"))
        and (.level | IN("debug","info","warn","error","crit")) and .node == "node1"
        and .ident == "heartbeat" and (.pid | type) == "number" and (.msg | type) == "string")' "$log1"
ok_if "every debugfile line is JSON too" jq -e -s 'length > 0 and all(.[]; .node == "node1")' "$dbg1"
ok_if "a config note is logged with file, line, severity and hint" \
    jq -e -s 'any(.[]; .file == "/etc/ha.d/ha.cf" and .line == 15 and .severity == "note" and .level == "info"
        and (.hint | length) > 0)' "$log1"
ok_if "link events carry peer, link and status" \
    jq -e -s 'any(.[]; .peer == "node2" and .link == "eth0" and .status == "up" and .msg == "Link node2:eth0 up.")' "$log1"
ok_if "a resource script run carries resource, action, exit_code and elapsed_ms" \
    lab_wait 20 jq -e -s 'any(.[]; .resource == "hbDummy::jsonA" and .action == "start" and .exit_code == 0
        and (.elapsed_ms | type) == "number")' "$log1"
ok_if "node2's log keeps 3.0.6's line format" \
    grep -qE '^[A-Z][a-z]{2} [ 0-9][0-9] [0-9:]{8} node2 heartbeat: \[[0-9]+\]: (info|WARN|ERROR|CRIT): ' "$log2"
ok_if "node2's log has no JSON lines" sh -c "! grep -q '^{' '$log2'"
lab_exit
