#!/usr/bin/env bash
# watchdog_fifo.t: `watchdog DEVICE` file handling, with a FIFO standing in
# for /dev/watchdog (no softdog here; the timing is unit-tested with a fake
# device in test/unit/node/watchdog_test.cpp).
#
# 1. No reader on the FIFO: heartbeatd refuses to start with a clear error
#    naming the device (it never blocks on the open).
# 2. With a reader: "Using watchdog device: PATH" is logged; one NUL byte
#    per own heartbeat arrives (keepalive 500 ms: 5 s give 8..14 bytes).
# 3. Graceful stop: the last byte is the magic 'V', then the device is
#    closed (the reader sees end of file); the log says so.
# timeout: 60
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/../lib/hbd.sh"

lab_init
lab_add_node node1
lab_add_node node2
WD=/var/lib/heartbeat/wd.fifo
OUT=$(lab_node_dir node1)/varlib/wd.out
hbd_config "node1" "ucast eth0 $(lab_ip node2)" "watchdog $WD"
lab_exec node1 mkfifo -m 600 "$WD" || lab_bail "mkfifo"

# --- 1.
hbd_start node1 2>/dev/null
ok_if "no reader: heartbeatd does not keep running" lab_wait 5 eval '! hbd_running node1'
ok_if "... and says why" grep -q "Cannot open watchdog device: $WD" "$(lab_node_dir node1)/log/daemon.out" "$(lab_log node1)"

# --- 2.
lab_bg node1 sh -c "exec cat $WD > /var/lib/heartbeat/wd.out"
READER=$LAB_BG_PID
sleep 0.3
ok_if "with a reader: heartbeatd starts" hbd_start node1
ok_if "log: Using watchdog device" lab_wait 5 hbd_has node1 "Using watchdog device: $WD"
n0=$(stat -c %s "$OUT")
sleep 5
n1=$(stat -c %s "$OUT")
diag "$((n1 - n0)) bytes in 5 s"
ok_if "one byte per heartbeat ($((n1 - n0)) in 5 s)" test $((n1 - n0)) -ge 8 -a $((n1 - n0)) -le 14
is "the bytes are NULs" "$(tr -d '\0' < "$OUT" | wc -c)" 0

# --- 3.
ok_if "graceful stop" lab_stop node1
ok_if "the reader saw end of file (device closed)" lab_wait 5 eval "! kill -0 $READER 2>/dev/null"
is "last byte: the magic V" "$(tail -c 1 "$OUT")" V
ok_if "log: Successful watchdog 'V' write" hbd_has node1 "Successful watchdog 'V' write"
ok_if "log: Successful watchdog close" hbd_has node1 'Successful watchdog close'
lab_exit
