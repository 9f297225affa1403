// cl_status answers and hbd-control framing. Every expected text and exit
// code below is copied from docs/cl_status-3.0.6.md (real Heartbeat 3.0.6
// observed in network namespaces); "[n]" refers to that table's rows.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "member/control_protocol.h"

using namespace hb::control;

namespace {

using Args = std::vector<std::string>;

ErrLine L(std::string t) { return {ErrLine::Kind::log, std::move(t)}; }
ErrLine P(std::string t) { return {ErrLine::Kind::plain, std::move(t)}; }

Reply R(int code, std::string out, std::vector<ErrLine> err = {})
{
    Reply r;
    r.exit_code = code;
    r.out = std::move(out);
    r.err = std::move(err);
    return r;
}

const char* const kVersion = "3.0.6 (node: 958e11be8686759f1b99204c17812f2c2633b169)";

// The first lab: ha.cf had `ping 192.0.2.254` before `node node1`,
// `node node2`; media `ucast eth0 ...` twice, then `bcast eth1`. Views are in
// configuration order; 3.0.6 lists in reverse.
StatusView live_view()
{
    StatusView v;
    v.local_node = "node1";
    v.local_status = "active";
    v.nodes = {
        {"192.0.2.254", "ping", "ping", {{"192.0.2.254", "up"}}},
        {"node1", "normal", "active", {{"eth0", "up"}, {"eth1", "up"}}},
        {"node2", "normal", "active", {{"eth0", "up"}, {"eth1", "up"}}},
    };
    v.parameters = {
        {"auto_failback", "on"}, {"baud", "19200"}, {"debug", "0"},
        {"debugfile", "/var/log/ha-debug"}, {"deadping", "5000ms"}, {"deadtime", "5"},
        {"hbversion", kVersion}, {"hopfudge", "1"}, {"initdead", "12000ms"},
        {"keepalive", "1000ms"}, {"logfacility", "none"}, {"logfile", "/var/log/ha-log"},
        {"msgfmt", "classic"}, {"udpport", "694"}, {"warntime", "2500ms"},
        {"cluster", "linux-ha"}, {"realtime", "off"}, {"crm", "off"}, {"pacemaker", "off"},
        {"use_logd", "no"},
    };
    v.rscstatus = "local";
    return v;
}

StatusView dead_view()
{
    StatusView v = live_view();
    v.nodes[2].status = "dead";
    v.nodes[2].links = {{"eth0", "dead"}, {"eth1", "dead"}};
    v.rscstatus = "all";
    return v;
}

Reply run(const Args& a) { return answer(a, live_view()); }
Reply run_dead(const Args& a) { return answer(a, dead_view()); }

void check(const Reply& got, const Reply& want)
{
    CHECK(got.exit_code == want.exit_code);
    CHECK(got.out == want.out);
    REQUIRE(got.err.size() == want.err.size());
    for (std::size_t i = 0; i < got.err.size(); ++i) {
        CHECK(got.err[i].kind == want.err[i].kind);
        CHECK(got.err[i].text == want.err[i].text);
    }
}

const std::string kUsage =
    "Usage: cl_status <sub-command> [<options>] [<parameters>]\n\nSub-commands:\n"
    "clientstatus <node-name> <client-id> [<timeout>]\n\tShow the status of heartbeat clients.\n"
    "hblinkstatus <node-name> <link-name>\n\tShow the status of a heartbeat link\n"
    "hbstatus\n\tIndicate if heartbeat is running on the local system.\n\tOptions:\n"
    "\t\t-v\tverbose: also add \"listnodes -v\" output\n"
    "listnodes [<option>]\n\tList the nodes in the cluster.\n\tOptions:\n"
    "\t\t-p\tlist only 'ping' type nodes\n\t\t-n\tlist only 'normal' type nodes\n"
    "\t\t-v\tverbose: also list type and status,\n\t\t\tthen add \"listhblinks -v\" output\n"
    "listhblinks <node-name>\n\tList the network interfaces used as hearbeat links.\n"
    "\tOptions:\n\t\t-v\tverbose: list link status as well\n"
    "nodestatus <node-name>\n\tList the node status.\n"
    "nodeweight <node-name>\n\tList the node weight.\n"
    "nodesite <node-name>\n\tList the node site.\n"
    "nodetype <node-name>\n\tList the nodes of a given type.\n"
    "rscstatus\n\tShow the status of cluster resources.\n"
    "hbparameter -p <parameter-name>\n\tRetrieve the value of a cluster parameter.\n"
    "\tAs for the valid parameter names, please refer to the man page.\n";

const std::string kListV =
    "\nnode2\tactive\t(nodetype: normal)\n\teth1\tup\n\teth0\tup\n"
    "\nnode1\tactive\t(nodetype: normal)\n\teth1\tup\n\teth0\tup\n"
    "\n192.0.2.254\tping\t(nodetype: ping)\n\t192.0.2.254\tup\n";

const std::string kHdr = "\tthis node has the following heartbeat links:\n";

}  // namespace

TEST_CASE("cl_status: usage and unknown sub-commands need no daemon")
{
    Reply r;
    REQUIRE(answer_without_daemon({}, r));
    check(r, R(0, kUsage));
    REQUIRE(answer_without_daemon({"-h"}, r));
    check(r, R(0, kUsage));
    CHECK(usage_text() == kUsage);
    const Args bad[] = {{"-h", "extra"}, {"--help"}, {"foo"}, {""}, {"hbstatuss"}, {"HBSTATUS"},
        {"-m", "hbstatus"}};
    for (const Args& a : bad) {
        REQUIRE(answer_without_daemon(a, r));
        check(r, R(11, "", {L(a[0] + ": invalid sub-command.")}));
        check(run(a), R(11, "", {L(a[0] + ": invalid sub-command.")}));
        check(answer_signon_failed(a, false, kNotRunningReason),
            R(11, "", {L(a[0] + ": invalid sub-command.")}));
    }
    CHECK_FALSE(answer_without_daemon({"hbstatus"}, r));
    CHECK_FALSE(answer_without_daemon({"test"}, r));
    check(run({}), R(0, kUsage));
}

TEST_CASE("cl_status hbstatus")
{
    const std::string running = "Heartbeat is running on this machine.\n";
    check(run({"hbstatus"}), R(0, running));
    check(run({"hbstatus", "-m"}), R(0, running));
    check(run({"hbstatus", "extra"}), R(0, running));
    check(run({"hbstatus", "-x"}), R(0, running, {P("hbstatus: invalid option -- 'x'")}));
    check(run({"hbstatus", "-xy"}), R(0, running,
        {P("hbstatus: invalid option -- 'x'"), P("hbstatus: invalid option -- 'y'")}));
    check(run({"hbstatus", "--foo"}), R(0, running,
        {P("hbstatus: invalid option -- '-'"), P("hbstatus: invalid option -- 'f'"),
            P("hbstatus: invalid option -- 'o'"), P("hbstatus: invalid option -- 'o'")}));
    const std::string verbose = std::string("version:\t") + kVersion
        + "\nmanaged by:\t\"haresources\"\n" + kListV;
    check(run({"hbstatus", "-v"}), R(0, verbose));
    check(run({"hbstatus", "-v", "-x"}), R(0, verbose, {P("hbstatus: invalid option -- 'x'")}));
    check(run({"hbstatus", "-m", "-v"}), R(0, std::string("Heartbeat version ") + kVersion
        + "\nResources controlled by \"haresources\"\nThe nodes are as follow:\n"
        + "\nnode2\tactive\t(nodetype: normal)\n" + kHdr + "\teth1\tup\n\teth0\tup\n"
        + "\nnode1\tactive\t(nodetype: normal)\n" + kHdr + "\teth1\tup\n\teth0\tup\n"
        + "\n192.0.2.254\tping\t(nodetype: ping)\n" + kHdr + "\t192.0.2.254\tup\n"));
    check(run_dead({"hbstatus", "-v"}), R(0, std::string("version:\t") + kVersion
        + "\nmanaged by:\t\"haresources\"\n"
        + "\nnode2\tdead\t(nodetype: normal)\n\teth1\tdead\n\teth0\tdead\n"
        + "\nnode1\tactive\t(nodetype: normal)\n\teth1\tup\n\teth0\tup\n"
        + "\n192.0.2.254\tping\t(nodetype: ping)\n\t192.0.2.254\tup\n"));

    // Without hbversion 3.0.6's client falls back as below (source).
    StatusView v = live_view();
    v.parameters.clear();
    v.nodes.clear();
    check(answer({"hbstatus", "-v"}, v), R(0, "version:\tunknown\nmanaged by:\t\"haresources\"\n"));
    check(answer({"hbstatus", "-v", "-m"}, v), R(0, "Heartbeat is running on this machine.\n"
        "Resources controlled by \"haresources\"\nThe nodes are as follow:\n"));
    v.parameters = {{"pacemaker", "respawn"}};
    check(answer({"hbstatus", "-v"}, v), R(0, "version:\tunknown\nmanaged by:\tpacemaker\t(respawn)\n"));
}

TEST_CASE("cl_status listnodes")
{
    const std::string all = "node2\nnode1\n192.0.2.254\n";
    check(run({"listnodes"}), R(0, all));
    check(run({"listnodes", "extra"}), R(0, all));
    check(run({"listnodes", "--", "-n"}), R(0, all));
    check(run({"listnodes", "-n"}), R(0, "node2\nnode1\n"));
    check(run({"listnodes", "-p"}), R(0, "192.0.2.254\n"));
    check(run({"listnodes", "-n", "-p"}), R(0, all));
    check(run({"listnodes", "-np"}), R(0, all));
    check(run({"listnodes", "-m"}), R(0, "The nodes are as follow:\n" + all));
    check(run({"listnodes", "-v"}), R(0, kListV));
    check(run({"listnodes", "-v", "-n"}), R(0,
        "\nnode2\tactive\t(nodetype: normal)\n\teth1\tup\n\teth0\tup\n"
        "\nnode1\tactive\t(nodetype: normal)\n\teth1\tup\n\teth0\tup\n"));
    check(run({"listnodes", "-m", "-v"}), R(0, "The nodes are as follow:\n"
        "\nnode2\tactive\t(nodetype: normal)\n" + kHdr + "\teth1\tup\n\teth0\tup\n"
        "\nnode1\tactive\t(nodetype: normal)\n" + kHdr + "\teth1\tup\n\teth0\tup\n"
        "\n192.0.2.254\tping\t(nodetype: ping)\n" + kHdr + "\t192.0.2.254\tup\n"));
    const ErrLine code = L("Error: getopt returnedcharacter code ?.");
    check(run({"listnodes", "-x"}), R(11, "", {P("listnodes: invalid option -- 'x'"), code}));
    check(run({"listnodes", "-xy"}), R(11, "", {P("listnodes: invalid option -- 'x'"), code}));
    check(run({"listnodes", "--foo"}), R(11, "", {P("listnodes: invalid option -- '-'"), code}));
    check(run_dead({"listnodes", "-v"}), R(0,
        "\nnode2\tdead\t(nodetype: normal)\n\teth1\tdead\n\teth0\tdead\n"
        "\nnode1\tactive\t(nodetype: normal)\n\teth1\tup\n\teth0\tup\n"
        "\n192.0.2.254\tping\t(nodetype: ping)\n\t192.0.2.254\tup\n"));
}

TEST_CASE("cl_status lists in reverse configuration order (second lab)")
{
    // ha.cf: bcast eth1, ucast eth0 x2, node node2, node node1, ping.
    StatusView v;
    v.local_node = "node1";
    v.nodes = {
        {"node2", "normal", "active", {{"eth1", "up"}, {"eth0", "up"}}},
        {"node1", "normal", "active", {{"eth1", "up"}, {"eth0", "up"}}},
        {"192.0.2.254", "ping", "ping", {{"192.0.2.254", "up"}}},
    };
    check(answer({"listnodes"}, v), R(0, "192.0.2.254\nnode1\nnode2\n"));
    check(answer({"listhblinks", "node1"}, v), R(0, "\teth0\n\teth1\n"));
    check(answer({"listhblinks", "NODE2"}, v), R(0, "\teth0\n\teth1\n"));
    check(answer({"listnodes", "-v"}, v), R(0,
        "\n192.0.2.254\tping\t(nodetype: ping)\n\t192.0.2.254\tup\n"
        "\nnode1\tactive\t(nodetype: normal)\n\teth0\tup\n\teth1\tup\n"
        "\nnode2\tactive\t(nodetype: normal)\n\teth0\tup\n\teth1\tup\n"));
}

TEST_CASE("cl_status nodestatus")
{
    check(run({"nodestatus", "node1"}), R(0, "active\n"));
    check(run({"nodestatus", "node2"}), R(0, "active\n"));
    check(run({"nodestatus", "192.0.2.254"}), R(0, "ping\n"));
    check(run({"nodestatus", "NODE2"}), R(0, "active\n"));
    check(run({"nodestatus", "node2", "extra"}), R(0, "active\n"));
    check(run({"nodestatus", "--", "node2"}), R(0, "active\n"));
    check(run({"nodestatus", "-m", "node2"}), R(0, "The cluster node node2 is active\n"));
    check(run({"nodestatus", "node2", "-m"}), R(0, "The cluster node node2 is active\n"));
    check(run({"nodestatus", "node1", "-m", "-m"}), R(0, "The cluster node node1 is active\n"));
    const ErrLine bad_name = P("Error. May be due to incorrect node name");
    check(run({"nodestatus", "nosuchnode"}), R(11, "", {bad_name}));
    check(run({"nodestatus", ""}), R(11, "", {bad_name}));
    check(run({"nodestatus", "-", "node2"}), R(11, "", {bad_name}));
    check(run({"nodestatus"}), R(11, "", {P("Not enough parameters.")}));
    const ErrLine simple = L("Error: getopt returnedcharacter ?.");
    check(run({"nodestatus", "-x", "node2"}), R(11, "", {P("nodestatus: invalid option -- 'x'"), simple}));
    check(run({"nodestatus", "-v", "node2"}), R(11, "", {P("nodestatus: invalid option -- 'v'"), simple}));
    check(run_dead({"nodestatus", "node2"}), R(1, "dead\n"));
    check(run_dead({"nodestatus", "-m", "node2"}), R(1, "The cluster node node2 is dead\n"));

    // Exit codes by status (3.0.6: active, up and ping are "alive").
    StatusView v = live_view();
    v.nodes[2].status = "up";
    check(answer({"nodestatus", "node2"}, v), R(0, "up\n"));
    v.nodes[2].status = "init";
    check(answer({"nodestatus", "node2"}, v), R(1, "init\n"));
}

TEST_CASE("cl_status nodeweight, nodesite, nodetype")
{
    check(run({"nodeweight", "node1"}), R(0, "100\n"));
    check(run({"nodeweight", "192.0.2.254"}), R(0, "100\n"));
    check(run({"nodeweight", "-m", "node1"}), R(0, "The weight of the cluster node node1 is 100\n"));
    check(run({"nodeweight", "nosuchnode"}), R(11, "", {P("Error. Maybe due to incorrect node name.")}));
    check(run({"nodeweight"}), R(11, "", {P("Not enough parameters.")}));

    check(run({"nodesite", "node1"}), R(0, "\n"));
    check(run({"nodesite", "-m", "node1"}), R(0, "The site of the cluster node node1 is \n"));
    check(run({"nodesite", "nosuchnode"}), R(11, "", {P("Error. May be due to incorrect node name")}));
    check(run({"nodesite"}), R(11, "", {P("Not enough parameters.")}));

    check(run({"nodetype", "node1"}), R(0, "normal\n"));
    check(run({"nodetype", "NODE2"}), R(0, "normal\n"));
    check(run({"nodetype", "192.0.2.254"}), R(0, "ping\n"));
    check(run({"nodetype", "-m", "node2"}), R(0, "The node node2's type: normal\n"));
    check(run({"nodetype", "nosuchnode"}), R(11, "", {P("Error. May be due to incorrect node name")}));
    check(run({"nodetype"}), R(11, "", {P("No enough parameter.")}));
    check(run_dead({"nodetype", "node2"}), R(0, "normal\n"));
}

TEST_CASE("cl_status listhblinks")
{
    check(run({"listhblinks", "node1"}), R(0, "\teth1\n\teth0\n"));
    check(run({"listhblinks", "node2"}), R(0, "\teth1\n\teth0\n"));
    check(run({"listhblinks", "192.0.2.254"}), R(0, "\t192.0.2.254\n"));
    check(run({"listhblinks", "-v", "node2"}), R(0, "\teth1\tup\n\teth0\tup\n"));
    check(run({"listhblinks", "-m", "node2"}), R(0, kHdr + "\teth1\n\teth0\n"));
    check(run({"listhblinks", "-m", "-v", "node2"}), R(0, kHdr + "\teth1\tup\n\teth0\tup\n"));
    check(run({"listhblinks", "nosuchnode"}), R(13, "",
        {L("Cannot start heartbeat link interface walk."), L("REASON: EINVAL")}));
    check(run({"listhblinks"}), R(11, "", {P("No enough parameter.")}));
    check(run({"listhblinks", "-x", "node2"}), R(11, "",
        {P("listhblinks: invalid option -- 'x'"), L("Error: getopt returnedcharacter code ?.")}));
    check(run_dead({"listhblinks", "node2"}), R(0, "\teth1\n\teth0\n"));
    check(run_dead({"listhblinks", "-v", "node2"}), R(0, "\teth1\tdead\n\teth0\tdead\n"));
}

TEST_CASE("cl_status hblinkstatus")
{
    check(run({"hblinkstatus", "node2", "eth0"}), R(0, "up\n"));
    check(run({"hblinkstatus", "node2", "eth1"}), R(0, "up\n"));
    check(run({"hblinkstatus", "node1", "eth0"}), R(0, "up\n"));
    check(run({"hblinkstatus", "NODE2", "eth0"}), R(0, "up\n"));
    check(run({"hblinkstatus", "192.0.2.254", "192.0.2.254"}), R(0, "up\n"));
    check(run({"hblinkstatus", "-m", "node2", "eth0"}), R(0, "The node node2's heartbeat link eth0 is up\n"));
    const Reply cannot = R(13, "", {L("Cannot get heartbeat link status"), L("REASON: ")});
    check(run({"hblinkstatus", "node2", "bogus"}), cannot);
    check(run({"hblinkstatus", "node2", "ETH0"}), cannot);
    check(run({"hblinkstatus", "nosuchnode", "eth0"}), cannot);
    check(run({"hblinkstatus", "--", "node2", "-x"}), cannot);
    check(run({"hblinkstatus", "node2"}), R(11, "", {P("No enough parameter.")}));
    check(run({"hblinkstatus"}), R(11, "", {P("No enough parameter.")}));
    check(run({"hblinkstatus", "-x", "node2", "eth0"}), R(11, "",
        {P("hblinkstatus: invalid option -- 'x'"), L("Error: getopt returnedcharacter ?.")}));
    check(run_dead({"hblinkstatus", "node2", "eth0"}), R(1, "dead\n"));
    check(run_dead({"hblinkstatus", "node2", "eth1"}), R(1, "dead\n"));
    check(run_dead({"hblinkstatus", "-m", "node2", "eth0"}),
        R(1, "The node node2's heartbeat link eth0 is dead\n"));
}

TEST_CASE("cl_status clientstatus")
{
    check(run({"clientstatus", "node1", "ipfail"}), R(1, "offline\n"));
    check(run({"clientstatus", "node2", "ipfail"}), R(1, "offline\n"));
    check(run({"clientstatus", "node1", "cl_status"}), R(1, "offline\n"));
    check(run({"clientstatus", "node1", ""}), R(1, "offline\n"));
    check(run({"clientstatus", "-m", "node1", "ipfail"}), R(1, "offline\n"));
    check(run_dead({"clientstatus", "node2", "ipfail"}), R(1, "offline\n"));
    const Reply no_answer = R(13, "", {L("Cannot get heartbeat client ipfail's status"),
        L("REASON: No timely response.")});
    check(run({"clientstatus", "nosuchnode", "ipfail"}), no_answer);
    check(run({"clientstatus", "node1", "ipfail", "0"}), no_answer);
    check(run({"clientstatus", "node1", "ipfail", "abc"}), no_answer);
    check(run({"clientstatus", "--", "node1", "ipfail", "-5"}), no_answer);
    // Without "--" a negative timeout is an option to getopt.
    check(run({"clientstatus", "node1", "ipfail", "-5"}), R(11, "",
        {P("clientstatus: invalid option -- '5'"), L("Error: getopt returnedcharacter ?.")}));
    check(run({"clientstatus", "node1", "ipfail", " 100ms"}), R(1, "offline\n"));
    check(run({"clientstatus", "", "ipfail"}), R(13, "", {L("Cannot get heartbeat client ipfail's status"),
        L("REASON: client status : bad nodename")}));
    check(run({"clientstatus", "node1"}), R(11, "", {P("No enough parameter.")}));
    check(run({"clientstatus"}), R(11, "", {P("No enough parameter.")}));
}

TEST_CASE("cl_status rscstatus")
{
    check(run({"rscstatus"}), R(0, "local\n"));
    check(run({"rscstatus", "extra"}), R(0, "local\n"));
    check(run({"rscstatus", "-m"}), R(0, "This node is holding local resources.\n"));
    check(run({"rscstatus", "-x"}), R(11, "",
        {P("rscstatus: invalid option -- 'x'"), L("Error: getopt returnedcharacter ?.")}));
    check(run_dead({"rscstatus"}), R(0, "all\n"));
    StatusView v = live_view();
    for (const char* s : {"none", "foreign", "transition"}) {
        v.rscstatus = s;
        check(answer({"rscstatus"}, v), R(0, std::string(s) + "\n"));
    }
    v.rscstatus.clear();
    check(answer({"rscstatus"}, v), R(13, "", {L("Cannot get cluster resource status"), L("REASON: ")}));
    v.parameters = {{"crm", "yes"}};
    check(answer({"rscstatus"}, v), R(1, "",
        {L("Cannot get cluster resource status of a pacemaker cluster; try crm_mon")}));
}

TEST_CASE("cl_status hbparameter")
{
    check(run({"hbparameter", "-p", "deadtime"}), R(0, "5\n"));
    check(run({"hbparameter", "-pdeadtime"}), R(0, "5\n"));
    check(run({"hbparameter", "-p", "deadtime", "-p", "keepalive"}), R(0, "1000ms\n"));
    check(run({"hbparameter", "-m", "-p", "deadtime"}), R(0, "Heartbeat parameter deadtime's value: 5\n"));
    check(run({"hbparameter", "-p", "deadtime", "-m"}), R(0, "Heartbeat parameter deadtime's value: 5\n"));
    check(run({"hbparameter", "-p", "hbversion"}), R(0, std::string(kVersion) + "\n"));
    check(run({"hbparameter", "-p", "udpport"}), R(0, "694\n"));
    check(run({"hbparameter", "-p", "warntime"}), R(0, "2500ms\n"));
    auto missing = [](const std::string& n) {
        return R(1, "", {L("Cannot get parameter " + n + "'s value"), L("REASON: ")});
    };
    check(run({"hbparameter", "-p", "nosuchparam"}), missing("nosuchparam"));
    check(run({"hbparameter", "-p", "DEADTIME"}), missing("DEADTIME"));
    check(run({"hbparameter", "-p", "node"}), missing("node"));
    check(run({"hbparameter", "-p", ""}), missing(""));
    check(run({"hbparameter"}), R(11, "", {L("parameter name required")}));
    check(run({"hbparameter", "deadtime"}), R(11, "", {L("parameter name required")}));
    const ErrLine code = L("Error: getopt returnedcharacter code ?.");
    check(run({"hbparameter", "-p"}), R(11, "", {P("hbparameter: option requires an argument -- 'p'"), code}));
    check(run({"hbparameter", "-x", "-p", "deadtime"}), R(11, "", {P("hbparameter: invalid option -- 'x'"), code}));
    // Permutation: the operand before -p is skipped, the one after is its value.
    check(run({"hbparameter", "x", "-p", "debug"}), R(0, "0\n"));
    // The last value the daemon lists wins.
    StatusView v = live_view();
    v.parameters.push_back({"deadtime", "7"});
    check(answer({"hbparameter", "-p", "deadtime"}, v), R(0, "7\n"));
}

TEST_CASE("cl_status test (3.0.6's debugging sub-command)")
{
    check(run({"test"}), R(0, "Dead time: 5000\n keeplive time: 1000\n mynodeid: node1\n rsc: local\n"));
    StatusView v = live_view();
    v.parameters = {{"deadtime", "1.5"}, {"keepalive", "250000us"}};
    check(answer({"test", "-x"}, v),
        R(0, "Dead time: 1500\n keeplive time: 250\n mynodeid: node1\n rsc: local\n"));
}

TEST_CASE("cl_status when heartbeat is not running")
{
    const Reply cannot = R(1, "", {L("Cannot signon with heartbeat"),
        L("REASON: hb_api_signon: Can't initiate connection to heartbeat")});
    const Args others[] = {{"listnodes"}, {"listnodes", "-x"}, {"nodestatus", "node2"},
        {"nodestatus"}, {"nodeweight", "node2"}, {"nodesite", "node2"}, {"nodetype", "node2"},
        {"listhblinks", "node2"}, {"hblinkstatus", "node2", "eth0"},
        {"clientstatus", "node2", "ipfail"}, {"rscstatus"}, {"hbparameter", "-p", "deadtime"},
        {"hbparameter"}, {"test"}};
    for (const Args& a : others) {
        CAPTURE(a[0]);
        check(answer_signon_failed(a, false, kNotRunningReason), cannot);
    }
    const std::string stopped = "Heartbeat is stopped on this machine.\n";
    check(answer_signon_failed({"hbstatus"}, false, kNotRunningReason), R(1, stopped));
    check(answer_signon_failed({"hbstatus", "-m"}, false, kNotRunningReason), R(1, stopped));
    check(answer_signon_failed({"hbstatus", "-v"}, false, kNotRunningReason),
        R(1, stopped + "(hb_api_signon: Can't initiate connection to heartbeat)\n"));
    check(answer_signon_failed({"hbstatus", "-x"}, false, kNotRunningReason),
        R(1, stopped, {P("hbstatus: invalid option -- 'x'")}));
    check(answer_signon_failed({}, false, kNotRunningReason), R(0, kUsage));
    check(answer_signon_failed({"-h"}, false, kNotRunningReason), R(0, kUsage));
}

TEST_CASE("cl_status when the daemon refuses the connection")
{
    const std::string why = "permission denied";
    const std::string refused =
        "Heartbeat is apparently running on this machine, but refuses my connection\n";
    check(answer_signon_failed({"hbstatus"}, true, why), R(0, refused));
    check(answer_signon_failed({"hbstatus", "-v"}, true, why), R(0, refused + "(permission denied)\n"));
    check(answer_signon_failed({"hbstatus", "-v"}, true, ""), R(0, refused));
    check(answer_signon_failed({"rscstatus"}, true, why), R(1, "",
        {L("Cannot signon with heartbeat"), L("REASON: permission denied")}));
}

// ------------------------------------------------------------------ wire --

TEST_CASE("hbd-control request: round trip of arbitrary bytes")
{
    std::string every;
    for (int c = 0; c < 256; ++c) {
        every += static_cast<char>(c);
    }
    const Args args = {"hblinkstatus", "", every, "a,b:c\n\x1f", "12:x,", std::string(3, '\0')};
    const std::string wire = encode_request(args);
    REQUIRE_FALSE(wire.empty());
    const RequestParse p = parse_request(wire);
    REQUIRE(p.status == ParseStatus::complete);
    CHECK(p.args == args);
    CHECK(p.consumed == wire.size());
    CHECK(wire.rfind("HBDC1 6\n12:hblinkstatus,0:,256:", 0) == 0);

    // Every proper prefix is incomplete, never malformed.
    for (std::size_t n = 0; n < wire.size(); ++n) {
        CAPTURE(n);
        CHECK(parse_request(std::string_view(wire).substr(0, n)).status == ParseStatus::incomplete);
    }
    // Bytes after the frame are not part of it.
    const RequestParse more = parse_request(wire + "junk");
    CHECK(more.status == ParseStatus::complete);
    CHECK(more.consumed == wire.size());

    const RequestParse none = parse_request(encode_request({}));
    CHECK(none.status == ParseStatus::complete);
    CHECK(none.args.empty());
}

TEST_CASE("hbd-control request: limits")
{
    CHECK(encode_request(Args(kMaxArgs, "x")).size() > 0);
    CHECK(encode_request(Args(kMaxArgs + 1, "x")).empty());
    CHECK(encode_request({std::string(kMaxRequestBytes, 'a')}).empty());
    const std::string near = encode_request({std::string(kMaxRequestBytes - 40, 'a')});
    REQUIRE_FALSE(near.empty());
    CHECK(parse_request(near).status == ParseStatus::complete);
}

TEST_CASE("hbd-control request: malformed input is rejected early")
{
    const char* const bad[] = {
        "X", "hbdc1 1\n", "HBDC2 1\n", "HBDC1 x\n", "HBDC1 -1\n", "HBDC1 01\n", "HBDC1 1 \n",
        "HBDC1 65\n", "HBDC1 \n", "HBDC1 1\nx", "HBDC1 1\n3:abc;", "HBDC1 1\n3;abc,",
        "HBDC1 1\n03:abc,", "HBDC1 1\n-3:abc,", "HBDC1 1\n:abc,", "HBDC1 1\n99999999999:",
        "HBDC1 1\n16380:",  // more than fits in kMaxRequestBytes: refused before the bytes come
        "HBDC1 99999999999999999999\n",
    };
    for (const char* b : bad) {
        CAPTURE(b);
        const RequestParse p = parse_request(b);
        CHECK(p.status == ParseStatus::malformed);
        CHECK_FALSE(p.error.empty());
        CHECK(p.args.empty());
    }
    // A length that never ends cannot make us buffer without bound.
    std::string digits = "HBDC1 1\n" + std::string(kMaxRequestBytes, '1');
    CHECK(parse_request(digits).status == ParseStatus::malformed);
}

TEST_CASE("hbd-control reply: round trip, refusal, malformed")
{
    Reply r = R(13, "line1\n\ttab\n", {P("plain: -- 'x'"), L("REASON: "), P("")});
    r.out += std::string(1, '\0') + "\xff";
    const std::string wire = encode_reply(r);
    const ReplyParse p = parse_reply(wire);
    REQUIRE(p.status == ParseStatus::complete);
    CHECK_FALSE(p.refused);
    CHECK(p.reply == r);
    CHECK(p.consumed == wire.size());
    for (std::size_t n = 0; n < wire.size(); ++n) {
        CAPTURE(n);
        CHECK(parse_reply(std::string_view(wire).substr(0, n)).status == ParseStatus::incomplete);
    }

    const std::string x = encode_refusal("not in group haclient");
    const ReplyParse q = parse_reply(x);
    REQUIRE(q.status == ParseStatus::complete);
    CHECK(q.refused);
    CHECK(q.reason == "not in group haclient");

    const char* const bad[] = {"HBDR1 B\n", "HBDR1 A 256 0\n0:,", "HBDR1 A 1 1\n0:,1:Q,",
        "HBDR1 A 1 1\n0:,0:,", "HBDR1 A 1 0\n0:;", "HBDR1 X 0:,", "HBDR1 A 01 0\n",
        "HBDR1 A 1 99999\n", "HBDR2 A 0 0\n0:,", "HBDR1 A 1 0\n9999999999:"};
    for (const char* b : bad) {
        CAPTURE(b);
        CHECK(parse_reply(b).status == ParseStatus::malformed);
    }
    // Exit codes outside 0..255 are clamped by the encoder.
    CHECK(parse_reply(encode_reply(R(300, ""))).reply.exit_code == 255);
}

TEST_CASE("hbd-control: a request answered through the wire gives the same reply")
{
    const Args args = {"hbstatus", "-m", "-v"};
    const RequestParse req = parse_request(encode_request(args));
    REQUIRE(req.status == ParseStatus::complete);
    const Reply direct = answer(args, live_view());
    const ReplyParse back = parse_reply(encode_reply(answer(req.args, live_view())));
    REQUIRE(back.status == ParseStatus::complete);
    CHECK(back.reply == direct);
}

TEST_CASE("cl_status stonithstatus (heartbeatd's own): the takeovers waiting for a reset")
{
    StatusView v = live_view();
    Reply none = answer({"stonithstatus"}, v);
    CHECK(none.exit_code == 0);
    CHECK(none.out.empty());
    v.fencing = {"waiting for STONITH of node2"};
    Reply one = answer({"stonithstatus"}, v);
    CHECK(one.exit_code == 0);
    CHECK(one.out == "waiting for STONITH of node2\n");
}

TEST_CASE("hb_status's queries are answered by the daemon but are not cl_status sub-commands")
{
    StatusView v = live_view();
    hb::obs::History h;
    hb::obs::HistoryEntry e;
    e.kind = "membership";
    e.event = "node-dead";
    e.subject = "node2";
    v.history.push_back(h.add(e));
    Reply r = answer({std::string(kDumpCommand)}, v);
    CHECK(r.exit_code == 0);
    CHECK(r.out.rfind("{\"version\":", 0) == 0);
    r = answer({std::string(kHistoryCommand)}, v);
    CHECK(r.out.find(" #1 membership node-dead node2\n") != std::string::npos);
    r = answer({std::string(kHistoryJsonCommand)}, v);
    CHECK(r.out.find("\"event\":\"node-dead\"") != std::string::npos);
    // cl_status itself refuses them as 3.0.6 refuses any unknown word.
    for (std::string_view c : {kDumpCommand, kHistoryCommand, kHistoryJsonCommand}) {
        Reply own;
        REQUIRE(answer_without_daemon({std::string(c)}, own));
        CHECK(own.exit_code == kExitParam);
        REQUIRE(own.err.size() == 1);
        CHECK(own.err[0].text == std::string(c) + ": invalid sub-command.");
    }
}
