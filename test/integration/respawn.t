#!/usr/bin/env bash
# respawn.t: `respawn USER PROGRAM ARGS` on a heartbeatd node (no peer
# running; the program does not depend on the cluster).
#
# 1. The program (/bin/sleep 3600) runs as the configured user (nobody)
#    with that user's gid, in the node's PID namespace; the log says
#    "Starting client".
# 2. It is killed (SIGKILL): heartbeatd restarts it (a new pid, still user
#    nobody) within 3 s and logs the exit and "Respawning client".
# 3. A program that exits at once (/bin/false) is restarted with a growing
#    delay: fewer than 8 starts in 10 s, "respawning too fast" logged.
# 4. A graceful stop of heartbeatd stops the program.
# 5. `failfast nobody /bin/sleep 3601`: when the program is killed, the node
#    goes down the way a failed stop takes it down (here --on-failed-stop
#    runs a marker script; the daemon is gone afterwards).
# timeout: 120
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"

lab_init
lab_add_node node1
lab_add_node node2
hbd_config "node1" "ucast eth0 $(lab_ip node2)" "respawn nobody /bin/sleep 3600" "respawn nobody /bin/false"
ok_if "node1 started" hbd_start node1

sleeper() { lab_exec node1 ps -o pid=,user=,group=,args= -C sleep 2>/dev/null | awk '$4 == "/bin/sleep" && $5 == "3600"'; }
pid_of() { sleeper | awk '{print $1}' | head -1; }

# --- 1.
ok_if "the program runs" lab_wait 10 eval '[ -n "$(pid_of)" ]'
is "as user nobody" "$(sleeper | awk '{print $2}' | head -1)" nobody
is "with nobody's group" "$(sleeper | awk '{print $3}' | head -1)" "$(id -gn nobody)"
ok_if "log: Starting client" hbd_has node1 'Starting client "nobody /bin/sleep 3600"'

# --- 2.
p1=$(pid_of)
lab_exec node1 kill -9 "$p1"
ok_if "restarted after SIGKILL" lab_wait 3 eval '[ -n "$(pid_of)" ] && [ "$(pid_of)" != "$p1" ]'
is "still as user nobody" "$(sleeper | awk '{print $2}' | head -1)" nobody
ok_if "log: the client was killed" hbd_has node1 'Client /bin/sleep \(pid [0-9]+\) was killed by signal 9'
ok_if "log: Respawning client" hbd_has node1 'Respawning client "nobody /bin/sleep 3600"'

# --- 3.
sleep 10
starts=$(hbd_count node1 '(Starting|Respawning) client "nobody /bin/false"')
diag "/bin/false started $starts times"
ok_if "a program that exits at once is restarted, with back-off ($starts starts)" \
    test "$starts" -ge 3 -a "$starts" -le 7
ok_if "log: respawning too fast" hbd_has node1 'Client "nobody /bin/false" respawning too fast'

# --- 4.
ok_if "graceful stop" lab_stop node1
ok_if "the program is gone" lab_wait 5 eval '[ -z "$(pid_of)" ]'

# --- 5.
hbd_config "node1" "ucast eth0 $(lab_ip node2)" "failfast nobody /bin/sleep 3601"
D1=$(lab_node_dir node1)
printf '#!/bin/sh\necho "$@" > /var/lib/heartbeat/failfast.marker\n' > "$D1/varlib/ff.sh"
chmod 755 "$D1/varlib/ff.sh"
ok_if "node1 started with a failfast client" lab_start_hbd node1 --on-failed-stop /var/lib/heartbeat/ff.sh
ffpid() { lab_exec node1 ps -o pid=,args= -C sleep 2>/dev/null | awk '$3 == "3601" {print $1}' | head -1; }
ok_if "the failfast program runs" lab_wait 10 eval '[ -n "$(ffpid)" ]'
lab_exec node1 kill -9 "$(ffpid)"
ok_if "the failed-stop action ran for it" lab_wait 5 grep -q 'failfast:/bin/sleep' "$D1/varlib/failfast.marker"
ok_if "the daemon is gone" lab_wait 5 eval '! hbd_running node1'
ok_if "log: Failfast client died" hbd_has node1 'CRIT: Failfast client /bin/sleep died'
lab_exit
