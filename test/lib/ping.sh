# shellcheck shell=bash
# ping.sh: helpers for the ping node / ipfail tests. Source after lab.sh.
# Owns: one nftables table (inet hbping) inside a node's netns that drops
# ICMP to and from given addresses (the node "loses" its ping node while the
# cluster link stays up). Gone with the netns at lab cleanup.

# ping_block NODE ADDR... : NODE neither sends ICMP to nor hears it from ADDR
ping_block() {
    local n=$1 ns a set=''; shift
    ns=$(lab_ns "$n")
    for a in "$@"; do set+="${set:+, }$a"; done
    ip netns exec "$ns" nft -f - <<EOF
table inet hbping
delete table inet hbping
table inet hbping {
    chain in {
        type filter hook input priority filter; policy accept;
        ip saddr { $set } meta l4proto icmp counter drop
    }
    chain out {
        type filter hook output priority filter; policy accept;
        ip daddr { $set } meta l4proto icmp counter drop
    }
}
EOF
}

# ping_unblock NODE: undo ping_block
ping_unblock() { ip netns exec "$(lab_ns "$1")" nft delete table inet hbping 2>/dev/null; true; }

# ping_status NODE PINGNODE: cl_status nodestatus as NODE sees it
ping_status() { lab_cl_status "$1" nodestatus "$2" 2>/dev/null | tr -d ' \n'; }
