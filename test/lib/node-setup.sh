#!/bin/bash
# node-setup.sh: runs as PID 1 of a fresh lab node (mount+UTS+PID namespace,
# already inside the node's netns), sets up the node's private view, then
# execs nsinit. Called only by lab.sh (_lab_start_holder).
#
# Usage: node-setup.sh NAME NODEDIR FAKE_REBOOT NSINIT
# Everything here happens in the node's private mount namespace (propagation
# private), so nothing is mounted on the host. Any failure exits, which kills
# the half-built node; lab.sh then reports the setup as failed.
set -eu
name=$1 dir=$2 fake=$3 nsinit=$4

hostname "$name"

# Drop this namespace's copies of the host's /run/netns mounts: they would
# keep other tests' network namespaces alive until this node dies.
umount -R -l /run/netns 2>/dev/null || true

mount --bind "$dir/etc"    /etc/ha.d
mount --bind "$dir/varlib" /var/lib/heartbeat
mount --bind "$dir/log"    /var/log
mount -t tmpfs -o mode=755 "hblab-$name" /run
mkdir -p /run/heartbeat/ccm /run/heartbeat/crm /run/heartbeat/dopd /run/heartbeat/rsctmp \
         /run/lock /run/resource-agents /run/crm /run/sendsigs.omit.d
chown -R hacluster:haclient /run/heartbeat /run/crm
chmod 750 /run/heartbeat

# Reboot guard: every path that can reboot/halt the machine ends in fake-reboot.
targets=(/usr/bin/systemctl /usr/lib/systemd/systemd)
for l in /sbin/reboot /sbin/halt /sbin/poweroff /sbin/shutdown /sbin/init /sbin/telinit \
         /usr/sbin/reboot /usr/sbin/halt /usr/sbin/poweroff /usr/sbin/shutdown; do
    t=$(readlink -f "$l" 2>/dev/null) || continue
    [ -f "$t" ] && targets+=("$t")
done
declare -A seen=()
for t in "${targets[@]}"; do
    [ -n "${seen[$t]:-}" ] && continue
    seen[$t]=1
    [ -e "$t" ] || continue
    mount --bind "$fake" "$t"
done
# Refuse to run a node whose reboot path is not guarded.
for l in /sbin/reboot /usr/bin/systemctl; do
    cmp -s "$fake" "$(readlink -f "$l")" || { echo "node-setup: $l is not guarded" >&2; exit 1; }
done

exec "$nsinit"
