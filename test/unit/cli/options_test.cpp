#include <doctest/doctest.h>

#include "cli/options.h"

using namespace hb::cli;

TEST_CASE("heartbeat(8) flags")
{
    CHECK(parse_options({}).action == Action::start);
    CHECK(parse_options({"-k"}).action == Action::stop);
    CHECK(parse_options({"-r"}).action == Action::reload);
    CHECK(parse_options({"-s"}).action == Action::status);
    CHECK(parse_options({"-D"}).action == Action::defaults);
    CHECK(parse_options({"-V"}).action == Action::version);
    Options o = parse_options({"-dd", "-f", "-l", "-M"});
    CHECK(o.errors.empty());
    CHECK(o.debug == 2);
    CHECK(o.foreground);
    CHECK(o.no_realtime);
    CHECK_FALSE(o.manage_resources);
}

TEST_CASE("check mode and directories")
{
    Options o = parse_options({"--check", "--confdir", "/tmp/x", "--statedir=/tmp/s", "--rundir", "/tmp/r"});
    CHECK(o.errors.empty());
    CHECK(o.action == Action::check);
    CHECK(o.confdir == "/tmp/x");
    CHECK(o.statedir == "/tmp/s");
    CHECK(o.rundir == "/tmp/r");
    CHECK(parse_options({"-t"}).action == Action::check);
    CHECK(parse_options({"--check", "--strict"}).warnings_fatal);
    Options d = parse_options({});
    CHECK(d.confdir == "/etc/ha.d");
    CHECK(d.statedir == "/var/lib/heartbeat");
    CHECK(d.rundir == "/run");
}

TEST_CASE("bad command lines are reported, not guessed")
{
    CHECK(parse_options({"-x"}).errors == std::vector<std::string>{"unknown option -x"});
    CHECK(parse_options({"-k", "-s"}).errors.size() == 1);
    CHECK(parse_options({"-C", "all"}).errors == std::vector<std::string>{"-C only valid with -R"});
    CHECK(parse_options({"-R", "-r"}).errors == std::vector<std::string>{"-r is mutually exclusive with -R"});
    CHECK(parse_options({"--confdir"}).errors == std::vector<std::string>{"option --confdir needs a value"});
    CHECK(parse_options({"stray"}).errors == std::vector<std::string>{"unexpected argument [stray]"});
    Options r = parse_options({"-R", "-C", "local"});
    CHECK(r.errors.empty());
    CHECK(r.current_resources == "local");
}

TEST_CASE("--list-directives is an action of its own (for the man page test)")
{
    CHECK(parse_options({"--list-directives"}).action == Action::list_directives);
    CHECK_FALSE(parse_options({"--list-directives", "-k"}).errors.empty());
}
