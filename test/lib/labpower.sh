# shellcheck shell=bash
# labpower.sh: the lab's power switch, a real fencing device for the
# namespace lab (source after lab.sh). The switch runs on the host, as a
# bounded background loop of the test's shell; lab nodes reach it through the
# STONITH plugin test/lib/stonith-external/labpower (a cluster-glue external
# plugin), which drops a request file into the switch's directory.
#
# Powering a node off = what a real power cut does to a lab node: SIGKILL of
# its holder (the whole PID namespace: heartbeatd, resources, mounts), its
# addresses gone (a dead machine answers for no address), its switch ports
# down. The node stays off (no new holder; lab_crash revives it).
# Requests are served one at a time; a request from a node that is off by
# now is refused (its plugin was killed with it, or is about to be), so two
# nodes resetting each other leave exactly one running.
#
# Owns: $LAB_DIR/power (the switch's directory) and the switch process.
#   labpower_start [MAX_SECS]   start the switch; LABPOWER_DIR is its directory
#   labpower_install NODE       make the plugin visible in NODE as external/labpower
#   labpower_broken on|off      the switch refuses (on) or serves (off) requests
#   labpower_hacf               the stonith_host line for ha.cf
#   labpower_count              requests served so far (ok ones)
LABPOWER_DIR='' LABPOWER_PID=''

labpower_start() {
    local max=$(( ${1:-170} * 10 ))
    LABPOWER_DIR=$LAB_DIR/power
    mkdir -p "$LABPOWER_DIR/req" "$LABPOWER_DIR/resp"
    chmod 777 "$LABPOWER_DIR/req" "$LABPOWER_DIR/resp"
    : > "$LABPOWER_DIR/log"
    (
        trap - EXIT INT TERM
        local i f id act target from answer
        for ((i = 0; i < max; i++)); do
            for f in "$LABPOWER_DIR"/req/*.req; do
                [ -f "$f" ] || continue
                id=$(basename "$f" .req)
                read -r act target from < "$f"
                rm -f "$f"
                answer=$(_labpower_serve "$act" "$target" "$from")
                echo "$(date +%T.%N | cut -c1-12) $act $target from $from: $answer" >> "$LABPOWER_DIR/log"
                echo "$answer" > "$LABPOWER_DIR/resp/$id.tmp"
                mv "$LABPOWER_DIR/resp/$id.tmp" "$LABPOWER_DIR/resp/$id"
            done
            sleep 0.1
        done
    ) &
    LABPOWER_PID=$!
    _lab_record_pid "$LABPOWER_PID" labpower
}

_labpower_serve() {
    local act=$1 target=$2 from=$3
    [ -e "$LABPOWER_DIR/broken" ] && { echo "fail device broken (lab)"; return; }
    [ -n "${LAB_NS[$target]:-}" ] || { echo "fail no outlet for $target"; return; }
    if [ -n "${LAB_NS[$from]:-}" ] && ! lab_alive "$from"; then
        echo "fail requester $from is powered off"; return
    fi
    case $act in
        off) _labpower_off "$target"; echo "ok $target is off" ;;
        *) echo "fail $act not supported" ;;
    esac
}

_labpower_off() {
    local n=$1 h=${LAB_HOLDER[$1]:-} hst=${LAB_HOLDER_ST[$1]:-} i ifc ns=${LAB_NS[$1]}
    [ -n "$h" ] && _lab_alive "$h" "$hst" && kill -9 "$h" 2>/dev/null
    for ((i = 0; i < 100; i++)); do
        { [ -z "$h" ] || ! _lab_alive "$h" "$hst"; } && break
        sleep 0.05
    done
    for ifc in eth0 eth1; do
        [ "$ifc" = eth1 ] && [ "${LAB_HASLAN2[$n]}" != 1 ] && continue
        ip -n "$ns" -4 addr flush dev "$ifc" 2>/dev/null
        ip -n "$ns" -6 addr flush dev "$ifc" scope global 2>/dev/null
        lab_link "$n" "$ifc" down
    done
    touch "$LABPOWER_DIR/off.$n"
}

labpower_install() {
    # Inside NODE's private mount namespace only (cluster-glue's directory
    # must exist: it is in TEST_DEPS).
    [ -d /usr/lib/stonith/plugins/external ] || lab_bail "cluster-glue is not installed"
    lab_exec "$1" mount --bind "$HB_ROOT/test/lib/stonith-external" /usr/lib/stonith/plugins/external
}

labpower_broken() {
    if [ "$1" = on ]; then touch "$LABPOWER_DIR/broken"; else rm -f "$LABPOWER_DIR/broken"; fi
}

labpower_hacf() { echo "stonith_host * external/labpower switchdir=$LABPOWER_DIR hostlist=node1 node2"; }

labpower_count() { grep -c ': ok ' "$LABPOWER_DIR/log" 2>/dev/null || echo 0; }

# labpower_is_off NODE: the switch powered NODE off
labpower_is_off() { [ -e "$LABPOWER_DIR/off.$1" ] && ! lab_alive "$1"; }
