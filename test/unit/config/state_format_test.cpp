#include <doctest/doctest.h>

#include <cstdlib>

#include "config/state_format.h"

using namespace hb;
using namespace hb::config;

TEST_CASE("hb_generation is 15 right-aligned columns and a newline")
{
    // The bytes a real 3.0.6 node wrote (facts 2.1, and od -c of a lab run).
    CHECK(format_generation(1795451387) == "     1795451387\n");
    CHECK(format_generation(1795451387).size() == 16);
    CHECK(format_generation(1) == "              1\n");
    CHECK(format_generation(0) == "              0\n");
}

TEST_CASE("hb_generation is read like sscanf %lu over 16 bytes")
{
    CHECK(parse_generation("     1795460059\n") == 1795460059u);
    CHECK(parse_generation("42") == 42u);
    CHECK(parse_generation("\n  42 junk") == 42u);
    CHECK(parse_generation("42abc") == 42u);
    CHECK_FALSE(parse_generation("").has_value());
    CHECK_FALSE(parse_generation("   \n").has_value());
    CHECK_FALSE(parse_generation("abc").has_value());
    CHECK_FALSE(parse_generation("-5").has_value());
    // Only the first 16 bytes count.
    CHECK_FALSE(parse_generation(std::string(16, ' ') + "7").has_value());
}

TEST_CASE("the next generation")
{
    SUBCASE("file method, existing value: +1 and written back")
    {
        auto s = next_generation(std::string_view("     1795460059\n"), 1795999999, HbGenMethod::file);
        CHECK(s.generation == 1795460060u);
        CHECK(s.write);
        CHECK(s.warning.empty());
    }
    SUBCASE("missing file: time + 1, as 3.0.6 logged it in the lab run")
    {
        // Lab: time(2) = 1795460058 gave "starting at 1795460059" and that value.
        auto s = next_generation(std::nullopt, 1795460058, HbGenMethod::file);
        CHECK(s.generation == 1795460059u);
        CHECK(s.write);
        CHECK(s.warning == "No Previous generation - starting at 1795460059");
    }
    SUBCASE("empty file counts as missing")
    {
        auto s = next_generation(std::string_view(""), 100, HbGenMethod::file);
        CHECK(s.generation == 101u);
        CHECK(s.warning == "No Previous generation - starting at 101");
    }
    SUBCASE("broken file: time + 1 (3.0.6 would write 1)")
    {
        auto s = next_generation(std::string_view("garbage\n"), 100, HbGenMethod::file);
        CHECK(s.generation == 101u);
        CHECK(s.write);
        CHECK(s.warning == "BROKEN previous generation - starting at 101");
    }
    SUBCASE("time method: the time itself, nothing written")
    {
        auto s = next_generation(std::string_view("     1795460059\n"), 1800000000, HbGenMethod::time);
        CHECK(s.generation == 1800000000u);
        CHECK_FALSE(s.write);
        CHECK(s.warning.empty());
    }
}

TEST_CASE("uuid text")
{
    const Uuid u{0x44, 0xc2, 0x2e, 0xbf, 0xff, 0xa4, 0x46, 0xc8, 0xb0, 0x60, 0x3b, 0x55, 0x1c, 0x45, 0x6c, 0x5d};
    CHECK(format_uuid(u) == "44c22ebf-ffa4-46c8-b060-3b551c456c5d");
    CHECK(parse_uuid("44c22ebf-ffa4-46c8-b060-3b551c456c5d") == u);
    CHECK(parse_uuid("44C22EBF-FFA4-46C8-B060-3B551C456C5D") == u);
    CHECK_FALSE(parse_uuid("44c22ebf-ffa4-46c8-b060-3b551c456c5").has_value());
    CHECK_FALSE(parse_uuid("44c22ebf_ffa4-46c8-b060-3b551c456c5d").has_value());
    CHECK_FALSE(parse_uuid("44c22ebf-ffa4-46c8-b060-3b551c456c5g").has_value());
    CHECK(uuid_is_null(Uuid{}));
    CHECK_FALSE(uuid_is_null(u));
}

TEST_CASE("random uuids get version 4 and the RFC 4122 variant")
{
    std::array<std::uint8_t, 16> ones;
    ones.fill(0xff);
    const auto u = uuid_v4(ones);
    CHECK(u[6] == 0x4f);
    CHECK(u[8] == 0xbf);
    CHECK(u[0] == 0xff);
    const auto z = uuid_v4(std::array<std::uint8_t, 16>{});
    CHECK(z[6] == 0x40);
    CHECK(z[8] == 0x80);
}

TEST_CASE("uuidfrom nodename matches 3.0.6 and glibc's rand()")
{
    // A real 3.0.6 node named node1 logged "seed is 104993391".
    CHECK(uuid_name_seed("node1") == 104993391);
    CHECK(format_uuid(uuid_from_nodename("node1")) == "90b8de77-08c8-7a6c-fef1-993a43051dba");
    // Against glibc's own generator (random_r keeps its state local).
    for (const char* name : {"node1", "node2", "just.linux-ha.org", "", "\xc3\xa9t\xc3\xa9", "a-very-long-node-name"}) {
        CAPTURE(name);
        random_data rd{};
        char state[128] = {};
        REQUIRE(initstate_r(1, state, sizeof state, &rd) == 0);
        REQUIRE(srandom_r(static_cast<unsigned>(uuid_name_seed(name)), &rd) == 0);
        Uuid expect{};
        for (auto& b : expect) {
            std::int32_t hi = 0;
            std::int32_t lo = 0;
            random_r(&rd, &hi);
            random_r(&rd, &lo);
            b = static_cast<std::uint8_t>((hi % 16) << 4 | (lo % 16));
        }
        CHECK(uuid_from_nodename(name) == expect);
    }
    CHECK(uuid_name_seed("") == 0);
    // Non-ASCII bytes hash as signed chars, as in 3.0.6.
    CHECK(uuid_name_seed("\xe9") == -23);
}

TEST_CASE("hostcache lines: name, uuid, weight, site")
{
    const Uuid u1 = *parse_uuid("c4077b81-3626-44da-bbce-72dcfa7e0621");
    const Uuid u2 = *parse_uuid("ade0b7e8-8b34-47c4-999c-5f51d455ffe7");
    const std::vector<NodeCacheEntry> entries{{"node1", u1, 100, ""}, {"node2", u2, 50, "dc2"}};
    const std::string text = format_node_cache(entries);
    CHECK(text
          == "node1\tc4077b81-3626-44da-bbce-72dcfa7e0621\t100\t\n"
             "node2\tade0b7e8-8b34-47c4-999c-5f51d455ffe7\t50\tdc2\n");
    auto back = parse_node_cache(text);
    REQUIRE(back);
    REQUIRE(back->size() == 2);
    CHECK((*back)[0].name == "node1");
    CHECK((*back)[0].uuid == u1);
    CHECK((*back)[0].weight == 100);
    CHECK((*back)[0].site.empty());
    CHECK((*back)[1].weight == 50);
    CHECK((*back)[1].site == "dc2");
    CHECK(format_node_cache({}).empty());
    CHECK(parse_node_cache("").value().empty());
}

TEST_CASE("hostcache: old lines without weight and site, and the 3.0.6 errors")
{
    auto old = parse_node_cache("node1\tc4077b81-3626-44da-bbce-72dcfa7e0621\n");
    REQUIRE(old);
    CHECK((*old)[0].weight == 100);
    CHECK((*old)[0].site.empty());

    std::string err;
    CHECK_FALSE(parse_node_cache("node1\tshort\n", &err));
    CHECK(err == "Malformed (short) node/uuid line [node1\tshort\n] (1)");
    CHECK_FALSE(parse_node_cache("node1\tc4077b81-3626-44da-bbce-72dcfa7e0621", &err));
    CHECK(err == "Malformed (long) node/uuid line [node1\tc4077b81-3626-44da-bbce-72dcfa7e0621] (2)");
    CHECK_FALSE(parse_node_cache("node1 c4077b81-3626-44da-bbce-72dcfa7e0621 100\n", &err));
    CHECK(err == "Malformed node/uuid line [node1 c4077b81-3626-44da-bbce-72dcfa7e0621 100] (3)");
    CHECK_FALSE(parse_node_cache("\tc4077b81-3626-44da-bbce-72dcfa7e0621\t100\t\n", &err));
    CHECK(err == "Malformed node/uuid line [\tc4077b81-3626-44da-bbce-72dcfa7e0621\t100\t] (3)");
    CHECK_FALSE(parse_node_cache("node1\tzzzzzzzz-3626-44da-bbce-72dcfa7e0621\t100\t\n", &err));
    CHECK(err == "Malformed uuid in line [node1\tzzzzzzzz-3626-44da-bbce-72dcfa7e0621\t100\t] (5)");
}
