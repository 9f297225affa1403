// ha.cf: how ipfail is switched on (heartbeatd's `ipfail on`, or 3.0.6's
// `respawn USER .../ipfail`), and what it needs.
#include <doctest/doctest.h>

#include "config/ha_cf_fixture.h"

using namespace hbtest;

TEST_CASE("respawn .../ipfail switches on the built-in ipfail and starts nothing")
{
    const auto p = parse_ha(base_plus("auto_failback on\nping 192.0.2.254\nrespawn hacluster /usr/lib/heartbeat/ipfail\n"));
    CHECK(p.errors().empty());
    CHECK(p.cf.ipfail);
    REQUIRE(p.cf.clients.size() == 1);
    CHECK(p.cf.clients[0].native);
}

TEST_CASE("other respawn programs, and a failfast ipfail, are started as written")
{
    const auto p = parse_ha(base_plus("auto_failback on\nrespawn nobody /bin/sleep 10\n"
                                      "failfast hacluster /usr/lib/heartbeat/ipfail\n"));
    CHECK(p.errors().empty());
    CHECK_FALSE(p.cf.ipfail);
    REQUIRE(p.cf.clients.size() == 2);
    CHECK_FALSE(p.cf.clients[0].native);
    CHECK(p.cf.clients[0].args == std::vector<std::string>{"10"});
    CHECK_FALSE(p.cf.clients[1].native);
}

TEST_CASE("ipfail on: heartbeatd's switch; refused with auto_failback legacy")
{
    auto p = parse_ha(base_plus("auto_failback off\nping 192.0.2.254\nipfail on\n"));
    CHECK(p.errors().empty());
    CHECK(p.cf.ipfail);
    p = parse_ha(base_plus("auto_failback legacy\nping 192.0.2.254\nipfail yes\n"));
    REQUIRE(p.errors().size() == 1);
    CHECK(p.errors()[0].find("ipfail: auto_failback set to incompatible legacy option") != std::string::npos);
    p = parse_ha(base_plus("ping 192.0.2.254\nipfail maybe\n"));
    CHECK(p.errors().size() == 1);
}

TEST_CASE("respawn ipfail with auto_failback legacy: a warning and ipfail stays off, as 3.0.6's ipfail exits")
{
    const auto p = parse_ha(base_plus("auto_failback legacy\nping 192.0.2.254\nrespawn hacluster /usr/lib/heartbeat/ipfail\n"));
    CHECK(p.errors().empty());
    CHECK_FALSE(p.cf.ipfail);
    bool warned = false;
    for (const auto& w : p.warnings()) {
        warned = warned || w.find("ipfail stays off") != std::string::npos;
    }
    CHECK(warned);
}

TEST_CASE("ipfail without ping nodes is accepted with a warning")
{
    const auto p = parse_ha(base_plus("auto_failback on\nipfail on\n"));
    CHECK(p.errors().empty());
    REQUIRE(p.warnings().size() == 1);
    CHECK(p.warnings()[0].find("ipfail without ping nodes") != std::string::npos);
}
