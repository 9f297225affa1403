// Structured log fields from the engine (for `logformat json`): the lines
// keep their 3.0.6 text, and carry the peer, link and status as fields.
#include <doctest/doctest.h>

#include "member/sim.h"

using namespace hb;
using hb::test::Sim;
using hb::test::make_config;
using KV = std::vector<std::pair<std::string, std::string>>;

TEST_CASE("link and death lines carry peer, link and status fields")
{
    Sim sim(3);
    sim.add(make_config("node1", {"node1", "node2"}, Duration(1000), Duration(10000)));
    sim.add(make_config("node2", {"node1", "node2"}, Duration(1000), Duration(10000)));
    sim.start("node1");
    sim.start("node2");
    sim.run_for(8000);
    sim.crash("node2");
    sim.run_for(15000);
    const auto& h = *sim.node("node1").host;
    const auto has = [&](const std::string& text, const KV& kv) {
        for (const auto& [t, f] : h.field_logs) {
            if (t == text && f == kv) {
                return true;
            }
        }
        return false;
    };
    CHECK(has("Link node2:eth0 up.", KV{{"peer", "node2"}, {"link", "eth0"}, {"status", "up"}}));
    CHECK(has("Link node2:eth0 dead.", KV{{"peer", "node2"}, {"link", "eth0"}, {"status", "dead"}}));
    CHECK(has("node node2: is dead", KV{{"peer", "node2"}, {"status", "dead"}}));
    // The plain text still reaches loggers without a structured format.
    CHECK(h.logged("node node2: is dead"));
}
