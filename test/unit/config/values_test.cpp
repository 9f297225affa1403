#include <doctest/doctest.h>

#include "config/values.h"

using namespace hb;
using namespace hb::config;

namespace {
long long ms(std::string_view s)
{
    auto t = parse_time(s);
    return t ? t->count() : -1;
}
}  // namespace

TEST_CASE("times read like cl_get_msec: seconds, ms/msec, us/usec, rounded half up")
{
    // Values checked against cluster-glue's cl_get_msec() on this machine.
    CHECK(ms("1") == 1000);
    CHECK(ms("1.5") == 1500);
    CHECK(ms(".5") == 500);
    CHECK(ms("5.") == 5000);
    CHECK(ms("0") == 0);
    CHECK(ms("1500ms") == 1500);
    CHECK(ms("1500MS") == 1500);
    CHECK(ms("1500msec") == 1500);
    CHECK(ms("5mS") == 5);
    CHECK(ms("0.5ms") == 1);
    CHECK(ms("0.4ms") == 0);
    CHECK(ms("2us") == 0);
    CHECK(ms("499us") == 0);
    CHECK(ms("501us") == 1);
    CHECK(ms("1499.5us") == 1);
    CHECK(ms("1000000usec") == 1000);
    CHECK(ms("5Usec") == 0);
    CHECK(ms("0.0005") == 1);
    CHECK(ms("0.0004") == 0);
    CHECK(ms("1.23456789") == 1235);
}

TEST_CASE("times: anything cl_get_msec would half-read is an error here")
{
    for (const char* bad : {"", "10s", "1500mfoo", "1500msx", "5u", "5m", "-1", "abc", "1e3", "0x10", "1.2.3",
                            "1.2.3ms", " 3", "3 ", ".", "ms", "99999999999"}) {
        CAPTURE(bad);
        CHECK(ms(bad) == -1);
    }
    CHECK(ms("2147483") == 2147483000);
    CHECK(ms("2147484") == -1);  // above INT32_MAX ms
}

TEST_CASE("booleans are cl_str_to_boolean's words in any case")
{
    for (const char* t : {"true", "on", "yes", "y", "1", "TRUE", "On", "Yes", "Y"}) {
        CHECK(parse_bool(t) == true);
    }
    for (const char* f : {"false", "off", "no", "n", "0", "OFF", "N"}) {
        CHECK(parse_bool(f) == false);
    }
    CHECK_FALSE(parse_bool("maybe").has_value());
    CHECK_FALSE(parse_bool("").has_value());
    CHECK_FALSE(parse_bool("2").has_value());
}

TEST_CASE("bounded integers")
{
    CHECK(parse_int("255", 0, 255) == 255);
    CHECK(parse_int("+7", 0, 255) == 7);
    CHECK(parse_int("-1", -5, 5) == -1);
    CHECK_FALSE(parse_int("256", 0, 255).has_value());
    CHECK_FALSE(parse_int("1x", 0, 255).has_value());
    CHECK_FALSE(parse_int("", 0, 255).has_value());
    CHECK_FALSE(parse_int("+-1", -5, 5).has_value());
}

TEST_CASE("IPv4 literals follow inet_pton")
{
    CHECK(parse_ipv4("192.0.2.1") == std::array<std::uint8_t, 4>{192, 0, 2, 1});
    CHECK(is_ipv4("0.0.0.0"));
    CHECK(is_ipv4("255.255.255.255"));
    for (const char* bad : {"256.0.0.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1..2.3", "1.2.3.4 ", "a.b.c.d", "",
                            "1.2.3.4/24"}) {
        CAPTURE(bad);
        CHECK_FALSE(is_ipv4(bad));
    }
}

TEST_CASE("IPv6 literals")
{
    auto a = parse_ipv6("2001:db8::2");
    REQUIRE(a);
    CHECK((*a)[0] == 0x20);
    CHECK((*a)[1] == 0x01);
    CHECK((*a)[15] == 2);
    CHECK(parse_ipv6("::") == std::array<std::uint8_t, 16>{});
    CHECK(parse_ipv6("::1").value()[15] == 1);
    CHECK(parse_ipv6("1::").value()[1] == 1);
    CHECK(parse_ipv6("ff12::1:2:3:4").value()[0] == 0xff);
    CHECK(parse_ipv6("::ffff:192.0.2.1").value()[12] == 192);
    CHECK(parse_ipv6("1:2:3:4:5:6:7:8").value()[15] == 8);
    for (const char* bad : {"", ":", ":::", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "1:",
                            ":1", "g::1", "1:2:3:4:5:6:7:8::", "::1.2.3"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_ipv6(bad).has_value());
    }
    CHECK(is_ipv6_with_scope("fe80::1%eth0"));
    CHECK(ipv6_without_scope("fe80::1%eth0") == "fe80::1");
    CHECK_FALSE(is_ipv6_with_scope("fe80::1%"));
    CHECK_FALSE(is_ipv6_with_scope("fe80::1%a b"));
}

TEST_CASE("host names")
{
    CHECK(is_hostname("node2"));
    CHECK(is_hostname("node2.example.com"));
    CHECK(is_hostname("node2.example.com."));
    CHECK(is_hostname("my_host-1"));
    CHECK_FALSE(is_hostname(""));
    CHECK_FALSE(is_hostname("-bad"));
    CHECK_FALSE(is_hostname("a..b"));
    CHECK_FALSE(is_hostname("10.0.0.300"));  // an address typo, not a name
    CHECK_FALSE(is_hostname("a/b"));
    CHECK_FALSE(is_hostname(std::string(64, 'a')));
}

TEST_CASE("syslog facilities: glibc's names plus Debian's none, case-sensitive")
{
    // Codes checked against cl_syslogfac_str2int() on this machine.
    CHECK(syslog_facility("local0") == 128);
    CHECK(syslog_facility("daemon") == 24);
    CHECK(syslog_facility("security") == 32);
    CHECK(syslog_facility("mark") == 192);
    CHECK(syslog_facility("none") == 0);
    CHECK(syslog_facility("local7") == 184);
    CHECK_FALSE(syslog_facility("LOCAL0").has_value());
    CHECK_FALSE(syslog_facility("local8").has_value());
}

TEST_CASE("option values split on blanks and commas")
{
    CHECK(split_delims(" a,b\tc , d\f") == std::vector<std::string>{"a", "b", "c", "d"});
    CHECK(split_delims(",,").empty());
}

TEST_CASE("the ha-cluster port from /etc/services")
{
    const char* services = "# comment\n"
                           "ssh\t\t22/tcp\n"
                           "ha-cluster\t694/tcp\n"
                           "ha-cluster\t694/udp\t\t\t# Heartbeat HA-cluster\n";
    CHECK(services_udp_port(services, "ha-cluster") == 694);
    CHECK(services_udp_port("hb 7000/udp ha-cluster\n", "ha-cluster") == 7000);
    CHECK_FALSE(services_udp_port("ha-cluster 694/tcp\n", "ha-cluster").has_value());
    CHECK_FALSE(services_udp_port("", "ha-cluster").has_value());
    CHECK_FALSE(services_udp_port("ha-cluster 0/udp\n", "ha-cluster").has_value());
}
