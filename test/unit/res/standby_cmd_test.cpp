#include <doctest/doctest.h>

#include "member/control_protocol.h"
#include "res/standby_cmd.h"

using namespace hb;
using namespace hb::res;

TEST_CASE("hb_standby takes 3.0.6's arguments")
{
    CHECK(parse_standby_args({}, "hb_standby").what == "all");
    CHECK(parse_standby_args({"local"}, "hb_standby").what == "local");
    CHECK(parse_standby_args({"failback"}, "hb_standby").what == "foreign");
    auto bad = parse_standby_args({"failover"}, "hb_standby");
    CHECK_FALSE(bad.ok);
    CHECK(bad.error == "hb_standby: wrong resources(failover).\nusage:\nhb_standby [all|foreign|local|failback]\n");
    CHECK(parse_standby_args({"a", "b"}, "hb_standby").error.rfind("hb_standby: too many arguments\n", 0) == 0);
    CHECK(parse_takeover_args({"failback"}, "hb_takeover").what == "failback");
    CHECK(standby_message("all") == ">>>\nt=ask_resources\nrsc_hold=all\ninfo=me\n<<<\n");
    CHECK(takeover_message("local") == ">>>\nt=hb_takeover\nrsc_hold=local\n<<<\n");
}

TEST_CASE("the daemon's standby log tells the operator what happened")
{
    control::StatusView v;
    v.local_node = "node1";
    v.standby = {{3, "node1", "all", "completed"}, {4, "node2", "foreign", "ignored: other side is in flux"},
        {5, "node1", "local", "pending"}};
    control::Reply r = control::answer({std::string(control::kStandbyLogCommand)}, v);
    CHECK(standby_log_local_node(r.out) == "node1");
    auto log = parse_standby_log(r.out);
    REQUIRE(log.size() == 3);
    CHECK(find_request(log, 3, "node1", false)->id == 5);
    CHECK(find_request(log, 3, "node1", true)->id == 4);
    CHECK_FALSE(find_request(log, 5, "node1", false).has_value());
    int rc = -1;
    CHECK(describe_outcome(log[0], false, "all", rc) == "Standby [all] completed.");
    CHECK(rc == 0);
    CHECK(describe_outcome(log[1], true, "", rc) == "Takeover [foreign] refused: other side is in flux.");
    CHECK(rc == 1);
    // hb_takeover local: the peer's entry says foreign, the operator asked local.
    CHECK(describe_outcome(log[1], true, "local", rc) == "Takeover [local] refused: other side is in flux.");
    CHECK(rc == 1);
    CHECK(describe_outcome(log[2], false, "local", rc).empty());
    // Not a cl_status command.
    control::Reply direct;
    CHECK(control::answer_without_daemon({std::string(control::kStandbyLogCommand)}, direct));
}
