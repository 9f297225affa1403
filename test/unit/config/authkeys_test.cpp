#include <doctest/doctest.h>

#include "config/authkeys.h"

using namespace hb;
using namespace hb::config;
using Strings = std::vector<std::string>;

namespace {

struct Parsed {
    Authkeys keys;
    Diagnostics diags;
    Strings errors() const
    {
        Strings out;
        for (const auto& d : diags) {
            if (d.severity == Severity::error) {
                out.push_back(d.str());
            }
        }
        return out;
    }
};

Parsed parse(std::string_view text)
{
    Parsed p;
    DiagSink sink(p.diags, "/etc/ha.d/authkeys");
    p.keys = parse_authkeys(text, sink);
    return p;
}

}  // namespace

TEST_CASE("authkeys: Debian's example, uncommented")
{
    const auto p = parse("#\n#\tAuthentication file.  Must be mode 600\n#\n"
                         "auth 1\n"
                         "1 crc\n"
                         "2 sha1 HI!\n"
                         "3 md5 Hello!\n");
    CHECK(p.diags.empty());
    CHECK(p.keys.active == 1);
    REQUIRE(p.keys.find(1) != nullptr);
    CHECK(p.keys.find(1)->method == AuthMethod::crc);
    CHECK(p.keys.find(1)->secret.empty());
    CHECK(p.keys.find(2)->method == AuthMethod::sha1);
    CHECK(p.keys.find(2)->secret == "HI!");
    CHECK(p.keys.find(3)->method == AuthMethod::md5);
    CHECK(p.keys.find(3)->secret == "Hello!");
    CHECK(p.keys.find(3)->line == 7);
    CHECK(p.keys.find(4) == nullptr);
    CHECK(p.keys.find(16) == nullptr);
    CHECK(p.keys.find(-1) == nullptr);
}

TEST_CASE("authkeys: index 0 and 15, blanks, extra words")
{
    const auto p = parse("  auth\t15\n\t0 md5 k0\n15 sha1 k15 trailing words\n");
    CHECK(p.errors().empty());
    CHECK(p.keys.active == 15);
    CHECK(p.keys.find(0)->secret == "k0");
    CHECK(p.keys.find(15)->secret == "k15");
}

TEST_CASE("authkeys: the shipped all-comments file has no auth line")
{
    const auto p = parse("#\n#\tAuthentication file.  Must be mode 600\n#auth 1\n#1 crc\n#2 sha1 HI!\n");
    CHECK(p.errors() == Strings{"/etc/ha.d/authkeys: Missing auth directive in keyfile [/etc/ha.d/authkeys]"});
    CHECK(p.keys.active == -1);
}

TEST_CASE("authkeys: every problem in one run, with 3.0.6's texts")
{
    const auto p = parse("auth x\n"
                         "auth 1\n"
                         "16 crc\n"
                         "-1 crc\n"
                         "2 des secret\n"
                         "3 crc secret\n"
                         "4 sha1\n"
                         "5 MD5 secret\n"
                         "foo bar\n"
                         "6\n"
                         "1 sha1 a\n"
                         "1 md5 b\n"
                         "abc\n");
    CHECK(p.errors()
          == Strings{"/etc/ha.d/authkeys:1: Invalid auth line [auth x]",
                     "/etc/ha.d/authkeys:3: Invalid authnum [16] (expected 0 to 15)",
                     "/etc/ha.d/authkeys:4: Invalid authnum [-1] (expected 0 to 15)",
                     "/etc/ha.d/authkeys:5: Invalid authtype [des] (expected crc, md5, sha1 or sha256)",
                     "/etc/ha.d/authkeys:6: Auth method [crc] doesn't use a key",
                     "/etc/ha.d/authkeys:7: Auth method [sha1] requires a key",
                     "/etc/ha.d/authkeys:8: Invalid authtype [MD5] (expected crc, md5, sha1 or sha256)",
                     "/etc/ha.d/authkeys:9: Auth line [foo bar] is invalid.",
                     "/etc/ha.d/authkeys:10: Auth line [6] is invalid.",
                     "/etc/ha.d/authkeys:12: Duplicate auth key index [1] (first defined at line 11)",
                     "/etc/ha.d/authkeys:13: Invalid auth line [abc]"});
    CHECK(p.keys.active == 1);
    CHECK(p.keys.find(1)->secret == "a");
}

TEST_CASE("authkeys: the active key must exist, and follow its auth line (3.0.6)")
{
    CHECK(parse("auth 2\n1 crc\n").errors()
          == Strings{"/etc/ha.d/authkeys:1: Auth Key [2] not found in keyfile [/etc/ha.d/authkeys]"});
    CHECK(parse("1 sha1 secret\nauth 1\n").errors()
          == Strings{"/etc/ha.d/authkeys:2: Auth Key [1] not found in keyfile [/etc/ha.d/authkeys] (its key line "
                     "must come after the 'auth 1' line)"});
    CHECK(parse("auth 16\n").errors()
          == Strings{"/etc/ha.d/authkeys:1: Auth Key [16] not found in keyfile [/etc/ha.d/authkeys]"});
    // Two auth lines: as in 3.0.6, a key becomes active when read after its auth line.
    const auto p = parse("auth 2\n2 md5 two\nauth 1\n1 sha1 one\n");
    CHECK(p.errors().empty());
    CHECK(p.keys.active == 1);
    REQUIRE(p.diags.size() == 1);
    CHECK(p.diags[0].str()
          == "/etc/ha.d/authkeys:3: warning: auth directive repeated (first at line 1); signing follows the key lines "
             "that come after each one");
}

TEST_CASE("authkeys: '#' is a comment only at the start of a line")
{
    const auto p = parse("auth 1 # active\n1 sha1 #secret\n");
    CHECK(p.errors().empty());
    CHECK(p.keys.find(1)->secret == "#secret");
    REQUIRE(p.diags.size() == 1);
    CHECK(p.diags[0].str()
          == "/etc/ha.d/authkeys:2: warning: the key of index 1 starts with '#': it is part of the key, not a comment");
    CHECK(parse("auth 1\n1 crc # comment\n").errors()
          == Strings{"/etc/ha.d/authkeys:2: Auth method [crc] doesn't use a key",
                     "/etc/ha.d/authkeys:1: Auth Key [1] not found in keyfile [/etc/ha.d/authkeys]"});
}

TEST_CASE("key file permissions: any group or other read bit is refused")
{
    // Octal modes as st_mode gives them (file type bits included or not).
    CHECK(keyfile_mode_ok(0600));
    CHECK(keyfile_mode_ok(0400));
    CHECK(keyfile_mode_ok(0700));
    CHECK(keyfile_mode_ok(0100600));
    CHECK(keyfile_mode_ok(0622));  // write bits are not checked, as in 3.0.6
    CHECK(keyfile_mode_ok(0611));
    CHECK_FALSE(keyfile_mode_ok(0640));  // refused by a real 3.0.6 node
    CHECK_FALSE(keyfile_mode_ok(0604));  // refused by a real 3.0.6 node
    CHECK_FALSE(keyfile_mode_ok(0644));
    CHECK_FALSE(keyfile_mode_ok(0100444));

    Diagnostics d;
    DiagSink sink(d, "/etc/ha.d/authkeys");
    CHECK(check_keyfile_mode(0600, sink));
    CHECK(d.empty());
    CHECK_FALSE(check_keyfile_mode(0640, sink));
    REQUIRE(d.size() == 1);
    CHECK(d[0].str() == "/etc/ha.d/authkeys: Bad permissions on keyfile [/etc/ha.d/authkeys], 600 recommended.");
}

TEST_CASE("authkeys: sha256 (heartbeatd extension) is a keyed method like sha1")
{
    const auto p = parse("auth 4\n4 sha256 s3cret\n");
    CHECK(p.diags.empty());
    CHECK(p.keys.active == 4);
    REQUIRE(p.keys.find(4) != nullptr);
    CHECK(p.keys.find(4)->method == AuthMethod::sha256);
    CHECK(p.keys.find(4)->secret == "s3cret");
    CHECK(auth_method_name(AuthMethod::sha256) == "sha256");
    CHECK(parse("auth 1\n1 sha256\n").errors().at(0) == "/etc/ha.d/authkeys:2: Auth method [sha256] requires a key");
    // Case-sensitive, like the other plugin names.
    CHECK(parse("auth 1\n1 SHA256 k\n").errors().size() == 2);
}

TEST_CASE("authkeys: the mode error tells how to fix it")
{
    Diagnostics d;
    DiagSink sink(d, "/etc/ha.d/authkeys");
    CHECK_FALSE(check_keyfile_mode(0644, sink));
    REQUIRE(d.size() == 1);
    CHECK(d[0].hint == "chmod 600 /etc/ha.d/authkeys");
}
