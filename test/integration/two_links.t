#!/usr/bin/env bash
# two_links.t: two heartbeatd nodes with two links, bcast on eth0 and ucast on
# eth1 (second LAN). Both links come up. Pulling node2's eth1 cable kills only
# that link (`Link node2:eth1 dead.` on node1, within deadtime + margin), the
# nodes stay active all along (sampled every 0.1 s), eth0 stays up; plugging
# it back brings eth1 up again. Nobody is declared dead or restarted.
# timeout: 120
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"

DEADTIME_MS=3000 KEEPALIVE_MS=500
lab_init
lab_add_node node1 --lan2
lab_add_node node2 --lan2
hbd_config "node1 node2" "bcast eth0" \
    "ucast eth1 $(lab_ip node1 lan2)" "ucast eth1 $(lab_ip node2 lan2)"

t_start=$(lab_now_ms)
ok_if "node1: heartbeatd started" hbd_start node1
ok_if "node2: heartbeatd started" hbd_start node2
hbd_ok_active node1 node2 eth0 eth1
hbd_ok_active node2 node1 eth0 eth1
# 3.0.6's link walk (listhblinks) runs in reverse configuration order.
is "node1 lists both links to node2" "$(hbd_links node1 node2)" "eth1 eth0"

# For its first 5 s a node advertises deadtime + 2 s (dt) and its peer uses
# that; cut only once the normal deadtime is in force.
hbd_wait_past_startup "$t_start"

# --- pull node2's eth1 cable
t_cut=$(lab_now_ms)
lab_link node2 eth1 down
ok_if "node1: link node2:eth1 goes dead" \
    lab_wait 8 lab_out_is dead lab_cl_status node1 hblinkstatus node2 eth1
dead_ms=$(( $(lab_now_ms) - t_cut ))
diag "eth1 dead on node1 after $dead_ms ms"
ok_if "eth1 declared dead after >= deadtime - keepalive ($dead_ms ms)" \
    test "$dead_ms" -ge $((DEADTIME_MS - KEEPALIVE_MS))
ok_if "eth1 declared dead within deadtime + keepalive + 1 s ($dead_ms ms)" \
    test "$dead_ms" -le $((DEADTIME_MS + KEEPALIVE_MS + 1000))
ok_if "node2: link node1:eth1 goes dead" \
    lab_wait 5 lab_out_is dead lab_cl_status node2 hblinkstatus node1 eth1
ok_if "node1 logged 'Link node2:eth1 dead.'" hbd_has node1 'info: Link node2:eth1 dead\.$'
ok_if "node2 logged 'Link node1:eth1 dead.'" hbd_has node2 'info: Link node1:eth1 dead\.$'
ok_if "both stay active while eth1 is down (sampled 4 s)" \
    hbd_stays_active 4 node1:node2 node2:node1
ok_if "node1: eth0 to node2 still up" lab_out_is up lab_cl_status node1 hblinkstatus node2 eth0
ok_if "node1: eth1 to node2 still dead" lab_out_is dead lab_cl_status node1 hblinkstatus node2 eth1

# --- plug it back
t_up=$(lab_now_ms)
lab_link node2 eth1 up
ok_if "node1: link node2:eth1 up again" lab_wait 5 lab_out_is up lab_cl_status node1 hblinkstatus node2 eth1
ok_if "node2: link node1:eth1 up again" lab_wait 5 lab_out_is up lab_cl_status node2 hblinkstatus node1 eth1
diag "eth1 up again after $(( $(lab_now_ms) - t_up )) ms"
ok_if "node1 logged 'Link node2:eth1 up.' after the dead line" \
    sh -c "grep -E 'Link node2:eth1 (dead|up)\.\$' '$(lab_log node1)' | tail -n 1 | grep -q 'up\.\$'"
is "node1: exactly one eth1 dead line" "$(hbd_count node1 'Link node2:eth1 dead\.')" 1
is "node1: eth0 never went dead" "$(hbd_count node1 'Link node2:eth0 dead')" 0
ok_if "both still active" hbd_stays_active 1 node1:node2 node2:node1
for n in node1 node2; do
    ok_if "$n: no death, restart or partition" \
        hbd_hasnt "$n" 'is dead|Heartbeat restart on|returning after partition|CRIT:'
done
lab_exit
