#!/usr/bin/env bash
# man_pages.t: the man pages say what the code accepts, and groff finds
# nothing wrong with them. No cluster needed.
#  - every man/*.[1-8] renders with `man --warnings=w -l` (all groff warnings)
#    and nothing at all on stderr;
#  - every ha.cf directive of the code's own table (`heartbeat
#    --list-directives`, i.e. heartbeatd/config/ha_cf_directives.cpp) has an
#    entry (`.TP` then `.B`/`.BI`/`.BR name`) in man/ha.cf.5, and every such
#    entry names a directive the code knows (no stale entries);
#  - every flag and long option of `heartbeat --help` is described in
#    heartbeat.8 (on a `.B`/`.BI`/`.BR` line);
#  - every cl_status sub-command of its usage screen has an entry in
#    cl_status.1;
#  - `make install-list` installs every man page.
# timeout: 60
set -u
HB_ROOT=${HB_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$HB_ROOT" || exit 2
FAILS=0
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1"; FAILS=$((FAILS + 1)); }
diag() { printf '# %s\n' "$*" >&2; }

for t in build/heartbeat build/cl_status; do
    [ -x "$t" ] || make -s -j2 "$t" >&2 || { echo "not ok - cannot build $t"; exit 1; }
done

# --- groff warnings
for page in man/*.[1-8]; do
    err=$(LC_ALL=C.UTF-8 MANWIDTH=80 MAN_KEEP_FORMATTING= man --warnings=w -l "$page" 2>&1 >/dev/null)
    if [ -z "$err" ]; then ok "$page: man --warnings is clean"
    else nok "$page: man --warnings is clean"; printf '%s\n' "$err" | sed 's/^/#   /' >&2; fi
done

# --- ha.cf.5 against the directive table
# Entries: the first word of a .B/.BI/.BR line right after .TP (quotes and
# escapes removed).
entries() {
    awk 'prev == ".TP" && $1 ~ /^\.B[IR]?$/ { w = $2; gsub(/"/, "", w); gsub(/\\/, "", w); print w }
         { prev = $1 }' "$1"
}
mapfile -t directives < <(build/heartbeat --list-directives)
if [ "${#directives[@]}" -lt 50 ]; then
    nok "heartbeat --list-directives lists the directive table (${#directives[@]} names)"
fi
mapfile -t documented < <(entries man/ha.cf.5 | sort -u)
declare -A have=() known=()
for w in "${documented[@]}"; do have[$w]=1; done
for d in "${directives[@]}"; do
    known[$d]=1
    if [ -n "${have[$d]:-}" ]; then ok "ha.cf.5 documents directive '$d'"
    else nok "ha.cf.5 documents directive '$d'"; fi
done
stale=()
for w in "${documented[@]}"; do [ -n "${known[$w]:-}" ] || stale+=("$w"); done
if [ ${#stale[@]} -eq 0 ]; then ok "every ha.cf.5 entry is a directive the code accepts"
else nok "every ha.cf.5 entry is a directive the code accepts"; diag "unknown: ${stale[*]}"; fi

# --- heartbeat.8 against heartbeat --help
usage=$(build/heartbeat --help)
flags=$(sed -n 's/.*\[-\([A-Za-z]*\)\].*/\1/p' <<< "$usage" | head -1)
[ -n "$flags" ] || nok "heartbeat --help shows its flags"
opts=()
for ((i = 0; i < ${#flags}; i++)); do opts+=("-${flags:i:1}"); done
mapfile -t -O "${#opts[@]}" opts < <(grep -oE -- '(^|[[ ])-(-[a-z-]+|[A-Za-z])' <<< "$usage" | grep -oE -- '-.*' | sort -u)
declare -A seen_opt=()
for o in "${opts[@]}"; do
    [ -n "${seen_opt[$o]:-}" ] && continue
    seen_opt[$o]=1
    pat=${o//-/\\\\-}
    if grep -qE "^\.B[IR]? (.*[ \"])?($pat)( |,|\"|$)" man/heartbeat.8; then ok "heartbeat.8 describes $o"
    else nok "heartbeat.8 describes $o"; fi
done

# --- cl_status.1 against cl_status's usage screen
mapfile -t subs < <(build/cl_status 2>&1 | awk '/^[a-z]+( |$)/ { print $1 }' | sort -u)
[ "${#subs[@]}" -ge 10 ] || nok "cl_status usage lists its sub-commands (${#subs[@]})"
for s in "${subs[@]}"; do
    if grep -qE "^\.BR? \"?$s( |\"|$)" man/cl_status.1; then ok "cl_status.1 describes '$s'"
    else nok "cl_status.1 describes '$s'"; fi
done

# --- installed
list=$(make -s install-list)
missing=()
for page in man/*.[1-8]; do
    s=${page##*.}
    grep -qx "/usr/share/man/man$s/${page##*/}" <<< "$list" || missing+=("$page")
done
if [ ${#missing[@]} -eq 0 ]; then ok "make install installs every man page"
else nok "make install installs every man page"; diag "missing: ${missing[*]}"; fi

[ "$FAILS" -eq 0 ]
