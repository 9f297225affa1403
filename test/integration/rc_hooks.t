#!/usr/bin/env bash
# rc_hooks.t: operators' /etc/ha.d/rc.d hooks keep working under heartbeatd
# (3.0.6's notify_world/harc): a hook named after a message type runs, in
# order, with every string field as HA_<name> plus HA_CURHOST; it can talk
# back to the cluster through shellfuncs' ha_clustermsg; Debian's stock
# rc.d scripts (which drive 3.0.6's shell ResourceManager) are recognised
# and not run, since heartbeatd does their work itself.
# timeout: 120
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"

lab_init
lab_add_node node1
lab_add_node node2
hbd_config "node1 node2" "ucast eth0 192.0.2.1" "ucast eth0 192.0.2.2"

for n in node1 node2; do
    d=$(lab_node_dir "$n")/etc
    mkdir -p "$d/rc.d"
    cp "$HB_ROOT/etc/ha.d/shellfuncs" "$d/shellfuncs"
    # An operator's hook for a custom message type, and one for status
    # changes: both record what they saw, the first one answers.
    cat > "$d/rc.d/hbtest" <<'X'
#!/bin/sh
. "$HA_FUNCS"
echo "hook=$1 src=$HA_src foo=$HA_foo curhost=$HA_CURHOST" >> /var/log/hooks.log
ha_log "info: hbtest hook ran for $HA_src"
[ "$HA_src" = "$HA_CURHOST" ] || printf 't=hbtest-reply\nfor=%s\n' "$HA_src" | ha_clustermsg
X
    cat > "$d/rc.d/status" <<'X'
#!/bin/sh
echo "status src=$HA_src st=$HA_st ostatus=$HA_OSTATUS" >> /var/log/hooks.log
X
    cat > "$d/rc.d/hbtest-reply" <<'X'
#!/bin/sh
echo "reply src=$HA_src for=$HA_for" >> /var/log/hooks.log
X
    # Debian's stock ip-request script, byte for byte: must not run.
    cp /etc/ha.d/rc.d/ip-request "$d/rc.d/ip-request"
    chmod 755 "$d/rc.d/"*
done

hbd_start node1 node2 || lab_bail "daemons did not start"
hbd_ok_active node1 node2 eth0
hbd_ok_active node2 node1 eth0

l1=$(lab_node_dir node1)/log
l2=$(lab_node_dir node2)/log
ok_if "node1: stock rc.d/ip-request recognised and skipped" \
    grep -q "rc.d/ip-request is Heartbeat 3.0.6's stock script" "$l1/ha-log"
ok_if "node2 ran its status hook for node1 going active" \
    lab_wait 10 grep -q "status src=node1 st=active ostatus=" "$l2/hooks.log"

# A custom message from node1's FIFO: node2's hook runs with the fields and
# answers through ha_clustermsg; node1's reply hook sees that answer.
lab_exec node1 sh -c 'printf ">>>\nt=hbtest\nfoo=bar baz\n<<<\n" > /var/lib/heartbeat/fifo'
ok_if "node2's hbtest hook ran with HA_ fields" \
    lab_wait 10 grep -q "hook=hbtest src=node1 foo=bar baz curhost=node2" "$l2/hooks.log"
ok_if "the hook logged through shellfuncs' ha_log" lab_wait 5 grep -q "hbtest hook ran for node1" "$l2/ha-log"
ok_if "node1 received the hook's answer (ha_clustermsg -> FIFO -> cluster)" \
    lab_wait 10 grep -q "reply src=node2 for=node1" "$l1/hooks.log"
ok_if "node1 ran its own hook for its own message too (3.0.6 does)" \
    grep -q "hook=hbtest src=node1 foo=bar baz curhost=node1" "$l1/hooks.log"
ok_if "hooks are logged like harc does" grep -q "Running .*/rc.d/hbtest hbtest" "$l2/ha-log"

# An ip-request for a group node2 does not run: the stock script would call
# ResourceManager; heartbeatd answers itself (weown=no) and runs no hook.
lab_exec node1 sh -c 'printf ">>>\nt=ip-request\nipaddr=nosuchgroup\n<<<\n" > /var/lib/heartbeat/fifo'
ok_if "node2 logged no run of rc.d/ip-request" sh -c "! grep -q 'rc.d/ip-request ip-request' '$l2/ha-log'"
ok_if "node1 warned about the unknown group, no ERROR anywhere" lab_wait 5 grep -q "ip-request-resp for \[nosuchgroup\], which is no resource group" "$l1/ha-log"
ok_if "no ERROR in either log" sh -c "! grep -h 'ERROR:' '$l1/ha-log' '$l2/ha-log'"
lab_exit
