#!/usr/bin/env bash
# haresources2pcmk.t: the Heartbeat v1 -> Corosync 3 + Pacemaker converter on
# realistic configurations (test/fixtures/pcmk/<case>/: ha.cf, haresources,
# nodeinfo where the case has one; `args` are the tool's extra options,
# `expect` lists "group node" as haresources places them, `attrs` node
# attributes the agents would set at run time: pingd, DRBD's promotion score).
# No cluster runs; Debian's Pacemaker and Corosync tools check the output:
#   - the tool exits 0 and writes corosync.conf, cib.xml, pacemaker.crm, pcs.sh;
#   - cibadmin loads cib.xml into a running cluster's CIB (higher epoch);
#   - crm_verify finds nothing (not even a warning) in the CIB with both
#     nodes online and quorate;
#   - crm_simulate starts each group (all its members) on its haresources node;
#   - every parameter the CIB gives an agent is in that agent's meta-data
#     (resource-agents, pacemaker, drbd-utils, cluster-glue);
#   - the crm script, loaded by crmsh into an empty CIB, gives the same
#     configuration as the XML (same ids, agents, parameters, constraints);
#     so do the pcs script's commands (run against a CIB file; --force since
#     the services are not installed here), up to what pcs adds itself;
#   - corosync -t accepts corosync.conf inside a network namespace holding
#     node 1's link addresses;
#   - behaviour: auto_failback on brings a group home after its node returns,
#     off leaves it; a node without ping connectivity loses its group; a
#     stonith_host device runs only on its host; DRBD is promoted on the
#     group's node;
#   - bad input: clear file:line errors, exit 1, nothing written; unknown
#     addresses become marked placeholders that corosync refuses.
# timeout: 300
source "$(dirname "$0")/../lib/lab.sh"

TOOL=$HB_ROOT/build/haresources2pcmk
FIX=$HB_ROOT/test/fixtures/pcmk
if [ ! -x "$TOOL" ]; then
    make -s -C "$HB_ROOT" build/haresources2pcmk >&2 || lab_bail "cannot build build/haresources2pcmk"
fi
for t in crm_verify crm_simulate crm_resource cibadmin corosync corosync-keygen crm pcs python3; do
    command -v "$t" >/dev/null || lab_bail "missing $t (make deps)"
done

lab_init
lab_add_client probe
W=$LAB_DIR/pcmk
mkdir -p "$W"
corosync-keygen -k "$W/authkey" >/dev/null 2>&1 || lab_bail "corosync-keygen failed"
export OCF_ROOT=/usr/lib/ocf

# live SRC DST [k=v,...]: the CIB as a running cluster would hold it: both
# nodes online members, quorum, optional transient node attributes.
live() {
    python3 - "$@" <<'EOF'
import re, sys
src, dst = sys.argv[1], sys.argv[2]
attrs = sys.argv[3] if len(sys.argv) > 3 else ''
x = open(src).read()
st = "<status>"
for i, u in re.findall(r'<node id="([^"]+)" uname="([^"]+)"/>', x):
    st += f'<node_state id="{i}" uname="{u}" in_ccm="true" crmd="online" join="member" expected="member">'
    if attrs:
        st += f'<transient_attributes id="{i}"><instance_attributes id="status-{i}">'
        for kv in attrs.split(','):
            k, v = kv.split('=')
            st += f'<nvpair id="status-{i}-{k}" name="{k}" value="{v}"/>'
        st += '</instance_attributes></transient_attributes>'
    st += '</node_state>'
st += "</status>"
open(dst, 'w').write(x.replace("<status/>", st).replace("<cib ", '<cib have-quorum="1" dc-uuid="1" ', 1))
EOF
}

# summary CIB [loose]: the configuration as sorted lines, without generated
# ids of nvpairs, ops, rules and expressions, and without comments. loose
# (for pcs) also ignores parameter order, the start/stop operations pcs adds
# from the agents' meta-data, defaults it writes out (rsc-role=Started,
# kind=Mandatory) and the node entries (pcs leaves those to the cluster).
summary() {
    python3 - "$@" <<'EOF'
import sys
import xml.etree.ElementTree as ET
loose = len(sys.argv) > 2
root = ET.parse(sys.argv[1]).getroot()
conf = root.find('configuration')
out = []
def attrs(e, skip=('id',)):
    items = sorted(e.attrib.items())
    if loose:
        items = [(k, v) for k, v in items if (k, v) not in (('rsc-role', 'Started'), ('kind', 'Mandatory'))]
    return ' '.join(f'{k}={v}' for k, v in items if k not in skip)
def nv(e, what):
    if e is None:
        return ''
    pairs = [f'{n.get("name")}={n.get("value")}' for n in e.iter('nvpair')]
    return ' '.join(sorted(pairs) if loose else pairs)
for p in conf.iter('primitive'):
    ops = ' '.join(sorted(attrs(o) for o in p.iter('op') if not (loose and o.get('interval') in ('0', '0s'))))
    out.append(f'primitive {attrs(p, ())} params[{nv(p.find("instance_attributes"), "")}] ops[{ops}]')
for g in conf.iter('group'):
    out.append(f'group {g.get("id")}: ' + ' '.join(p.get('id') for p in g.findall('primitive')))
for c in conf.iter('clone'):
    out.append(f'clone {c.get("id")} of {c.find("primitive").get("id")} meta[{nv(c.find("meta_attributes"), "")}]')
for tag in ('rsc_location', 'rsc_colocation', 'rsc_order'):
    for e in conf.iter(tag):
        rules = ' '.join(f'rule({attrs(r)}: ' + ', '.join(attrs(x) for x in r.iter('expression')) + ')' for r in e.iter('rule'))
        out.append(f'{tag} {attrs(e, ())} {rules}')
for n in ([] if loose else conf.find('nodes')):
    out.append(f'node {n.get("id")} {n.get("uname")}')
out.append('properties ' + nv(conf.find('crm_config'), ''))
out.append('rsc_defaults ' + nv(conf.find('rsc_defaults'), ''))
print('\n'.join(sorted(out)))
EOF
}

# params_known CIB: every instance parameter is in its agent's meta-data.
params_known() {
    local cib=$1 bad=0 line agent names p
    while read -r line; do
        agent=${line%% *}
        names=$(crm_resource --show-metadata "$agent" 2>/dev/null | grep -o '<parameter name="[^"]*"' | cut -d'"' -f2)
        if [ -z "$names" ]; then diag "no meta-data for $agent"; bad=1; continue; fi
        for p in ${line#* }; do
            grep -qx -- "$p" <<< "$names" || { diag "$agent has no parameter $p"; bad=1; }
        done
    done < <(python3 - "$cib" <<'EOF'
import sys
import xml.etree.ElementTree as ET
for p in ET.parse(sys.argv[1]).getroot().iter('primitive'):
    agent = p.get('class') + ':' + (p.get('provider') + ':' if p.get('provider') else '') + p.get('type')
    names = [n.get('name') for n in p.iter('nvpair')]
    if names:
        print(agent, ' '.join(names))
EOF
)
    return $bad
}

# where CIB RSC: the node(s) crm_resource reports RSC running on.
where() {
    CIB_file=$1 crm_resource --locate --resource "$2" 2>/dev/null | sed -n 's/.*is running on: //p' | tr '\n' ' ' \
        | sed 's/ $//'
}

# simulate IN OUT [crm_simulate options]: run the transition, keep the result.
simulate() {
    local in=$1 out=$2; shift 2
    crm_simulate --xml-file "$in" --simulate --save-output "$out" "$@" > "$out.log" 2>&1
}

# group_started CIB GROUP NODE: the group and each of its members run on NODE.
group_started() {
    local cib=$1 g=$2 node=$3 m ok=0
    [ "$(where "$cib" "$g")" = "$node" ] || { diag "$g runs on '$(where "$cib" "$g")'"; ok=1; }
    for m in $(python3 -c "
import sys, xml.etree.ElementTree as ET
for g in ET.parse(sys.argv[1]).getroot().iter('group'):
    if g.get('id') == sys.argv[2]:
        print(' '.join(p.get('id') for p in g.findall('primitive')))" "$cib" "$g"); do
        [ "$(where "$cib" "$m")" = "$node" ] || { diag "$m runs on '$(where "$cib" "$m")'"; ok=1; }
    done
    return $ok
}

# corosync_ok CONF: corosync -t in the probe netns, holding node 1's addresses.
corosync_ok() {
    local conf=$1 a rc
    sed "s|^\ttransport: knet|&\n\tkeyfile: $W/authkey|" "$conf" > "$conf.test"
    lab_exec probe ip addr flush dev lo
    lab_exec probe ip link set lo up
    for a in $(awk '/nodeid: 1$/ { f = 1; next } f && /ring[0-9]_addr:/ { print $2 } f && /^\t}/ { exit }' "$conf"); do
        lab_exec probe ip addr add "$a/32" dev lo
    done
    lab_exec_t 20 probe corosync -t -c "$conf.test"; rc=$?
    return $rc
}

# converts CONFDIR OUT [ARGS...]: the tool succeeds and writes the four files.
converts() {
    local dir=$1 out=$2; shift 2
    "$TOOL" --confdir "$dir" --out "$out" "$@" || return 1
    [ -s "$out/corosync.conf" ] && [ -s "$out/cib.xml" ] && [ -s "$out/pacemaker.crm" ] && [ -x "$out/pacemaker-pcs.sh" ] &&
        [ "$(stat -c %a "$out/cib.xml" "$out/pacemaker.crm" "$out/pacemaker-pcs.sh" "$out/corosync.conf" | tr '\n' ' ')" = "600 600 700 644 " ]
}

for dir in "$FIX"/*/; do
    c=$(basename "$dir")
    out=$W/$c
    read -ra args < "$dir/args"
    attrs=$(cat "$dir/attrs" 2>/dev/null || true)
    ok_if "$c: converts (exit 0, four files; the Pacemaker ones private)" converts "$dir" "$out" "${args[@]}"
    live "$out/cib.xml" "$out/live.xml" "$attrs"
    ok_if "$c: crm_verify finds nothing" bash -c '[ -z "$(crm_verify --xml-file "$1" -V 2>&1)" ]' _ "$out/live.xml"
    cibadmin --empty | sed 's/ epoch="[0-9]*"/ epoch="12"/' > "$out/running.xml"
    ok_if "$c: cibadmin --replace --scope configuration loads it into a running cluster's CIB" \
        bash -c 'CIB_file=$1 cibadmin --replace --scope configuration --xml-file "$2" && CIB_file=$1 crm_resource --list-raw | sort > "$1.ids" &&
                 [ -s "$1.ids" ] && [ "$(grep -c "<primitive" "$2")" = "$(grep -c "<primitive" "$1")" ]' _ "$out/running.xml" "$out/cib.xml"
    simulate "$out/live.xml" "$out/sim.xml" || diag "crm_simulate failed: $(tail -5 "$out/sim.xml.log")"
    while read -r g node; do
        ok_if "$c: crm_simulate starts $g on $node" group_started "$out/sim.xml" "$g" "$node"
    done < "$dir/expect"
    ok_if "$c: every parameter is in its agent's meta-data" params_known "$out/cib.xml"
    cibadmin --empty > "$out/crm.xml"
    CIB_file=$out/crm.xml crm -F configure load update "$out/pacemaker.crm" > "$out/crm.log" 2>&1 \
        || diag "crm load failed: $(tail -5 "$out/crm.log")"
    summary "$out/cib.xml" > "$out/cib.sum"
    summary "$out/crm.xml" > "$out/crm.sum" 2>/dev/null
    ok_if "$c: crmsh builds the same configuration from pacemaker.crm" diff "$out/cib.sum" "$out/crm.sum"
    # The pcs script's steps against a file (no cluster to fetch from or push to).
    cibadmin --empty > "$out/pcs.xml"
    grep '^pcs -f "$CIB" ' "$out/pacemaker-pcs.sh" | sed 's/^pcs -f "$CIB" /pcs --force -f "$CIB" /' \
        | CIB=$out/pcs.xml bash -e > "$out/pcs.log" 2>&1 || diag "pcs failed: $(tail -5 "$out/pcs.log")"
    summary "$out/cib.xml" loose > "$out/cib.loose"
    summary "$out/pcs.xml" loose > "$out/pcs.loose" 2>/dev/null
    ok_if "$c: pcs builds the same configuration from pacemaker-pcs.sh" diff "$out/cib.loose" "$out/pcs.loose"
    ok_if "$c: corosync -t accepts corosync.conf" corosync_ok "$out/corosync.conf"
done

# ----------------------------------------------------------- behaviour --
# fail_and_return CASE GROUP HOME: GROUP's location after HOME fails and after it returns.
fail_and_return() {
    local out=$W/$1 g=$2 home=$3 other
    simulate "$out/sim.xml" "$out/down.xml" --node-down "$home"
    other=$(where "$out/down.xml" "$g")
    simulate "$out/down.xml" "$out/up.xml" --node-up "$home"
    echo "$other $(where "$out/up.xml" "$g")"
}
is "auto_failback off: group moves to ha2 and stays after ha1 returns" \
    "$(fail_and_return failback-off group_IPaddr_192.0.2.60 ha1)" "ha2 ha2"
is "auto_failback on: group moves to bob and back after alice returns" \
    "$(fail_and_return vip-apache group_IPaddr_192.0.2.100 alice)" "bob alice"
is "drbd, auto_failback off: the group follows the promotion to filer-b and stays" \
    "$(fail_and_return drbd group_Filesystem_dev_drbd0 filer-a)" "filer-b filer-b"

out=$W/ping
python3 - "$out/live.xml" "$out/noping.xml" <<'EOF'
import sys
x = open(sys.argv[1]).read()
# gw1 (node 1) sees none of its ping nodes.
x = x.replace('id="status-1-pingd" name="pingd" value="1000"', 'id="status-1-pingd" name="pingd" value="0"')
open(sys.argv[2], 'w').write(x)
EOF
simulate "$out/noping.xml" "$out/noping-sim.xml"
is "ping: gw1 without connectivity: the group runs on gw2" "$(where "$out/noping-sim.xml" group_IPaddr2_192.0.2.40)" gw2
live "$W/ping/cib.xml" "$out/noattr.xml"
simulate "$out/noattr.xml" "$out/noattr-sim.xml"
is "ping: no node has reported connectivity: the group stays stopped" \
    "$(where "$out/noattr-sim.xml" group_IPaddr2_192.0.2.40)" ""
ok_if "ping: one ping clone over the ping node and the ping group's addresses" \
    grep -q 'name="host_list" value="192.0.2.254 192.0.2.253 192.0.2.252"' "$out/cib.xml"

out=$W/stonith
is "stonith_host db1 external/ipmi: the device runs on db1" "$(where "$out/sim.xml" stonith-external_ipmi-db1)" db1
is "stonith_host db2 external/ipmi: the device runs on db2" "$(where "$out/sim.xml" stonith-external_ipmi-db2)" db2
ok_if "stonith_host: positional parameters named as cluster-glue does (last takes the rest)" \
    bash -c 'grep -q "name=\"hostname\" value=\"db2\"" "$1" && grep -q "name=\"passwd\" value=\"secret\"" "$1" &&
             grep -q "name=\"hostlist\" value=\"db1 db2\"" "$1" && grep -q "name=\"stonith-enabled\" value=\"true\"" "$1"' \
    _ "$out/cib.xml"

out=$W/drbd
is "drbd: a line of drbddisk::r1 only: promoted on filer-b" "$(where "$out/sim.xml" drbd_r1-clone | grep -o 'filer-. Promoted')" "filer-b Promoted"
is "drbd: promoted on filer-a, the group's node" "$(where "$out/sim.xml" drbd_r0-clone | tr ' ' '\n' | grep -c Promoted) $(where "$out/sim.xml" drbd_r0-clone | grep -o 'filer-. Promoted')" "1 filer-a Promoted"

# ---------------------------------------------------------------- input --
bad=$W/bad
mkdir -p "$bad"
printf 'node a b\nbcast eth0\n' > "$bad/ha.cf"
printf 'a IPaddr::192.0.2.1/24::extra drbddisk Filesystem::/dev/sdb1\nc 192.0.2.9\n' > "$bad/haresources"
"$TOOL" --confdir "$bad" --out "$bad/out" > "$bad/stdout" 2> "$bad/stderr"; rc=$?
is "bad haresources: exit 1" "$rc" 1
ok_if "bad haresources: IPaddr's two arguments named with file:line" \
    grep -qF "$bad/haresources:1: IPaddr::192.0.2.1/24::extra: IPaddr takes one argument" "$bad/stderr"
ok_if "bad haresources: drbddisk without a DRBD resource" grep -qF "$bad/haresources:1: drbddisk: drbddisk needs the DRBD resource name" "$bad/stderr"
ok_if "bad haresources: Filesystem without a directory" grep -qF "$bad/haresources:1: Filesystem::/dev/sdb1: Filesystem takes device::directory" "$bad/stderr"
ok_if "bad haresources: a node not in ha.cf (the daemon's own message)" grep -qF "$bad/haresources:2: Bad nodename in haresources [c]" "$bad/stderr"
ok_if "bad haresources: nothing written" test ! -e "$bad/out"

printf 'a 192.0.2.1 myscript\n' > "$bad/haresources"
mkdir -p "$bad/resource.d"; printf '#!/bin/sh\n' > "$bad/resource.d/myscript"; chmod +x "$bad/resource.d/myscript"
"$TOOL" --confdir "$bad" --format cib > /dev/null 2> "$bad/stderr"; rc=$?
ok_if "an own resource.d script: exit 1, named" \
    bash -c '[ "$1" = 1 ] && grep -qF "haresources:1: myscript: resource.d/myscript has no Pacemaker equivalent" "$2"' _ "$rc" "$bad/stderr"

rm -rf "$bad/resource.d"
printf 'a 192.0.2.1\n' > "$bad/haresources"
"$TOOL" --confdir "$bad" --format corosync --local-node a > "$bad/corosync.conf" 2> "$bad/stderr"; rc=$?
ok_if "bcast without --addr: converts, says which addresses are placeholders" \
    bash -c '[ "$1" = 0 ] && grep -qF "address of a on link 0 (eth0, bcast) unknown" "$2" && grep -q "ring0_addr: @ADDR-b-link0@" "$3" &&
             grep -q "PLACEHOLDER" "$3"' _ "$rc" "$bad/stderr" "$bad/corosync.conf"
sed -i 's/@ADDR-a-link0@/192.0.2.201/' "$bad/corosync.conf"
refuses() { ! corosync_ok "$1"; }
ok_if "corosync -t refuses a placeholder" refuses "$bad/corosync.conf"

"$TOOL" --bogus > /dev/null 2> "$bad/stderr"; rc=$?
ok_if "unknown option: exit 2 with usage" bash -c '[ "$1" = 2 ] && grep -q "^usage: haresources2pcmk" "$2"' _ "$rc" "$bad/stderr"
"$TOOL" --confdir "$bad/none" > /dev/null 2> "$bad/stderr"; rc=$?
ok_if "missing ha.cf: exit 1, named" bash -c '[ "$1" = 1 ] && grep -qF "Cannot open config file [$2/none/ha.cf]" "$3"' _ "$rc" "$bad" "$bad/stderr"

lab_exit
