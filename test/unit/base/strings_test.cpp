#include <doctest/doctest.h>

#include "base/diag.h"
#include "base/strings.h"

using namespace hb;

TEST_CASE("split_ws splits on runs of blanks and drops empties")
{
    CHECK(split_ws("  node  node1\tnode2 \r\n") == std::vector<std::string>{"node", "node1", "node2"});
    CHECK(split_ws("").empty());
    CHECK(split_ws(" \t ").empty());
}

TEST_CASE("number parsing is whole-string and bounded")
{
    CHECK(parse_dec("694") == 694u);
    CHECK_FALSE(parse_dec("69x").has_value());
    CHECK_FALSE(parse_dec("").has_value());
    CHECK_FALSE(parse_dec("-1").has_value());
    CHECK_FALSE(parse_dec("99999999999999999999999").has_value());
    CHECK(parse_hex("2710") == 10000u);
    CHECK(parse_hex("6b0469fb") == 0x6b0469fbu);
    CHECK(to_hex(0x2ee0) == "2ee0");
    CHECK(to_hex(0) == "0");
    CHECK(hex_bytes(std::string("\x00\xff\x10", 3)) == "00ff10");
}

TEST_CASE("case-insensitive helpers")
{
    CHECK(to_lower("Node1") == "node1");
    CHECK(iequals("NODE1", "node1"));
    CHECK_FALSE(iequals("node1", "node12"));
    CHECK(trim("  a b \n") == "a b");
}

TEST_CASE("diagnostics print file:line: message")
{
    Diagnostics d;
    DiagSink sink(d, "/etc/ha.d/ha.cf");
    sink.error(3, "Illegal directive [crm]");
    sink.warning(0, "udpport setting must precede media statements");
    REQUIRE(d.size() == 2);
    CHECK(d[0].str() == "/etc/ha.d/ha.cf:3: Illegal directive [crm]");
    CHECK(d[1].str() == "/etc/ha.d/ha.cf: warning: udpport setting must precede media statements");
    CHECK(has_errors(d));
    CHECK(count_errors(d) == 1);
}
