#!/usr/bin/env bash
# packaging.t: `make install DESTDIR=... PREFIX=/usr` writes exactly the
# expected files at Debian's heartbeat paths, the systemd unit passes
# `systemd-analyze verify`, and `make uninstall DESTDIR=...` removes every
# one of them again. No cluster needed (root only for chgrp of cl_status).
#  - the installed tree is `make install-list` plus the shellfuncs copy and
#    nothing else; binaries executable, cl_status setgid haclient when the
#    group exists;
#  - the unit: Type=notify, WatchdogSec, ExecStartPre=--check, KillMode and
#    stop timeout as Debian's unit; `systemd-analyze verify` (ExecStart
#    pointed at the DESTDIR binary, man pages looked up in DESTDIR) prints
#    nothing and exits 0;
#  - the init script parses (sh -n) and has an LSB header; logrotate and
#    tmpfiles.d files are in place;
#  - uninstall leaves no file, link or directory of ours in DESTDIR.
# timeout: 300
set -u
HB_ROOT=${HB_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$HB_ROOT" || exit 2
FAILS=0
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1"; FAILS=$((FAILS + 1)); }
ok_if() { local d=$1; shift; if "$@" >&2; then ok "$d"; else nok "$d"; printf '# failed: %s\n' "$*" >&2; fi; }
diag() { printf '# %s\n' "$*" >&2; }

D=$(mktemp -d /tmp/hbd-pkg.XXXXXX)
trap 'rm -rf "$D"' EXIT

ok_if "make install DESTDIR=... PREFIX=/usr" make -s -j2 install DESTDIR="$D/root" PREFIX=/usr

mapfile -t expected < <({ make -s install-list; echo /etc/ha.d/shellfuncs; } | sort)
mapfile -t got < <(cd "$D/root" && find . \( -type f -o -type l \) | sed 's|^\.||' | sort)
is_list=$(diff <(printf '%s\n' "${expected[@]}") <(printf '%s\n' "${got[@]}"))
if [ -z "$is_list" ]; then ok "installed files are exactly the install list (${#got[@]} files)"
else nok "installed files are exactly the install list"; printf '%s\n' "$is_list" | sed 's/^/#   /' >&2; fi

for f in /usr/libexec/heartbeat/heartbeat /usr/libexec/heartbeat/send_arp /usr/bin/cl_status \
         /usr/share/heartbeat/hb_standby /usr/bin/hb_standby /usr/bin/hb_takeover /etc/init.d/heartbeat; do
    ok_if "$f is executable" test -x "$D/root$f"
done
ok_if "the installed daemon runs (-V)" "$D/root/usr/libexec/heartbeat/heartbeat" -V
if getent group haclient >/dev/null && [ "$(id -u)" = 0 ]; then
    ok_if "cl_status is setgid haclient" test "$(stat -c '%G %a' "$D/root/usr/bin/cl_status")" = "haclient 2555"
fi
for f in /etc/logrotate.d/heartbeat /usr/lib/tmpfiles.d/heartbeat.conf /lib/systemd/system/heartbeat.service \
         /usr/share/man/man5/ha.cf.5 /usr/share/man/man5/authkeys.5 /usr/share/man/man5/haresources.5 \
         /usr/share/man/man8/heartbeat.8; do
    ok_if "$f installed" test -f "$D/root$f"
done

# --- the unit
U=$D/root/lib/systemd/system/heartbeat.service
key() { sed -n "s/^$1=//p" "$U" | tr '\n' ' ' | sed 's/ $//'; }
is() { if [ "$2" == "$3" ]; then ok "$1"; else nok "$1"; diag "got '$2', want '$3'"; fi; }
is "unit: Type=notify" "$(key Type)" notify
is "unit: NotifyAccess=main" "$(key NotifyAccess)" main
is "unit: ExecStartPre checks the configuration" "$(key ExecStartPre)" "/usr/libexec/heartbeat/heartbeat --check \$HEARTBEAT_OPTS"
is "unit: ExecStart runs in the foreground" "$(key ExecStart)" "/usr/libexec/heartbeat/heartbeat -f \$HEARTBEAT_OPTS"
is "unit: WatchdogSec set" "$(key WatchdogSec)" 60s
is "unit: KillMode=process (as Debian)" "$(key KillMode)" process
is "unit: SendSIGKILL=no (as Debian)" "$(key SendSIGKILL)" no
is "unit: TimeoutStopSec=30min (as Debian)" "$(key TimeoutStopSec)" 30min
if command -v systemd-analyze >/dev/null; then
    # Verify the installed unit with its programs and man pages taken from
    # DESTDIR (so neither Debian's heartbeat binary nor its pages count).
    V=$D/verify/heartbeat.service
    mkdir -p "$D/verify"
    sed "s|/usr/libexec/heartbeat/|$D/root/usr/libexec/heartbeat/|g" "$U" > "$V"
    out=$(cd "$D" && MANPATH="$D/root/usr/share/man" systemd-analyze verify "$V" 2>&1)
    rc=$?
    if [ $rc -eq 0 ] && [ -z "$out" ]; then ok "systemd-analyze verify: clean"
    else nok "systemd-analyze verify: clean (exit $rc)"; printf '%s\n' "$out" | sed 's/^/#   /' >&2; fi
else
    echo "ok - systemd-analyze verify # SKIP systemd-analyze not installed"
fi

# --- init script, logrotate, tmpfiles
I=$D/root/etc/init.d/heartbeat
ok_if "init script: sh -n" sh -n "$I"
ok_if "init script: LSB header" grep -q '^### BEGIN INIT INFO' "$I"
ok_if "init script: unknown action exits 2" test "$(HEARTBEAT=/bin/true sh "$I" frobnicate 2>/dev/null; echo $?)" = 2
ok_if "logrotate names ha-log and ha-debug" grep -q '^/var/log/ha-log /var/log/ha-debug {' "$D/root/etc/logrotate.d/heartbeat"
if command -v logrotate >/dev/null; then
    ok_if "logrotate -d accepts the file" logrotate -d "$D/root/etc/logrotate.d/heartbeat"
fi
ok_if "tmpfiles.d creates /run/heartbeat" grep -qE '^d +/run/heartbeat ' "$D/root/usr/lib/tmpfiles.d/heartbeat.conf"
if command -v systemd-tmpfiles >/dev/null && getent group haclient >/dev/null; then
    # Applied to a scratch root that knows root and haclient.
    T=$D/tmpfiles
    mkdir -p "$T/etc"
    getent passwd root > "$T/etc/passwd"
    getent group root haclient > "$T/etc/group"
    out=$(systemd-tmpfiles --root="$T" --create "$D/root/usr/lib/tmpfiles.d/heartbeat.conf" 2>&1)
    rc=$?
    [ -z "$out" ] || printf '%s\n' "$out" | sed 's/^/#   tmpfiles: /' >&2
    is "systemd-tmpfiles --create: exit 0, no messages" "$rc:$out" "0:"
    is "/run/heartbeat is root:haclient 750" "$(stat -c '%U:%G %a' "$T/run/heartbeat" 2>&1)" "root:haclient 750"
fi

# --- uninstall
ok_if "make uninstall DESTDIR=..." make -s uninstall DESTDIR="$D/root" PREFIX=/usr
left=$(cd "$D/root" && find . \( -type f -o -type l \) | sed 's|^\.||')
if [ -z "$left" ]; then ok "uninstall leaves no file of ours"
else nok "uninstall leaves no file of ours"; printf '%s\n' "$left" | sed 's/^/#   /' >&2; fi
ourdirs=$(cd "$D/root" && find . -type d \( -path '*heartbeat*' -o -path './etc/ha.d*' \) | sed 's|^\.||')
if [ -z "$ourdirs" ]; then ok "uninstall removes our (empty) directories"
else nok "uninstall removes our (empty) directories"; printf '%s\n' "$ourdirs" | sed 's/^/#   /' >&2; fi

[ "$FAILS" -eq 0 ]
