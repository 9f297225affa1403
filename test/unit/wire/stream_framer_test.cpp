// ClassicStreamFramer: cutting a serial/FIFO byte stream into classic blocks.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "wire/stream_framer.h"

using hb::wire::ClassicStreamFramer;
using hb::wire::kMaxClassicBlock;

namespace {

const std::string kMsg1 =
    ">>>\nt=status\nst=active\nsrc=node1\n(1)srcuuid=xAd7gTYmRNq7znLc+n4GIQ==\n"
    "auth=1 f5c6975e\n<<<\n";
const std::string kMsg2 = ">>>\nt=hb_standby\ninfo=all\n<<<\n";

std::vector<std::string> drain(ClassicStreamFramer& f)
{
    std::vector<std::string> out;
    while (auto b = f.next()) {
        out.push_back(*b);
    }
    return out;
}

std::vector<std::string> frame_all(const std::string& input)
{
    ClassicStreamFramer f;
    f.feed(input);
    return drain(f);
}

}  // namespace

TEST_CASE("framer: one message in one feed comes out unchanged")
{
    ClassicStreamFramer f;
    CHECK_FALSE(f.next().has_value());
    f.feed(kMsg1);
    auto b = f.next();
    REQUIRE(b.has_value());
    CHECK(*b == kMsg1);
    CHECK_FALSE(f.next().has_value());
    CHECK(f.discarded_bytes() == 0);
    CHECK(f.buffered() == 0);
}

TEST_CASE("framer: a message split at every byte position")
{
    for (std::size_t cut = 0; cut <= kMsg1.size(); ++cut) {
        CAPTURE(cut);
        ClassicStreamFramer f;
        f.feed(std::string_view(kMsg1).substr(0, cut));
        if (cut < kMsg1.size()) {
            CHECK_FALSE(f.next().has_value());
        }
        f.feed(std::string_view(kMsg1).substr(cut));
        auto out = drain(f);
        REQUIRE(out.size() == 1);
        CHECK(out[0] == kMsg1);
        CHECK(f.discarded_bytes() == 0);
    }
}

TEST_CASE("framer: a message fed one byte at a time, and split in three everywhere")
{
    ClassicStreamFramer f;
    for (char c : kMsg1 + kMsg2) {
        f.feed(std::string_view(&c, 1));
    }
    auto out = drain(f);
    REQUIRE(out.size() == 2);
    CHECK(out[0] == kMsg1);
    CHECK(out[1] == kMsg2);

    const std::string both = kMsg2 + kMsg1;
    for (std::size_t a = 0; a <= both.size(); a += 3) {
        for (std::size_t b = a; b <= both.size(); b += 5) {
            ClassicStreamFramer g;
            g.feed(both.substr(0, a));
            g.feed(both.substr(a, b - a));
            g.feed(both.substr(b));
            auto o = drain(g);
            REQUIRE(o.size() == 2);
            CHECK(o[0] == kMsg2);
            CHECK(o[1] == kMsg1);
        }
    }
}

TEST_CASE("framer: two messages in one feed come out in order")
{
    auto out = frame_all(kMsg1 + kMsg2);
    REQUIRE(out.size() == 2);
    CHECK(out[0] == kMsg1);
    CHECK(out[1] == kMsg2);
}

TEST_CASE("framer: garbage before, between and after messages is discarded and counted")
{
    const std::string g1 = "line noise\n";
    const std::string g2 = "x>>>\n>>> \n<<<\n";  // not exact markers outside a block
    const std::string g3 = "trailing junk without newline";
    ClassicStreamFramer f;
    f.feed(g1 + kMsg1 + g2 + kMsg2 + g3);
    auto out = drain(f);
    REQUIRE(out.size() == 2);
    CHECK(out[0] == kMsg1);
    CHECK(out[1] == kMsg2);
    // g3 has no newline yet: it is still held, not yet counted.
    CHECK(f.discarded_bytes() == g1.size() + g2.size());
    f.feed("\n");
    CHECK(f.discarded_bytes() == g1.size() + g2.size() + g3.size() + 1);
    CHECK(f.buffered() == 0);
}

TEST_CASE("framer: markers must be whole lines; inside a block other lines are content")
{
    const std::string m = ">>>\na=<<<\n<<< x\n>>>x\n\nb=1\n<<<\n";
    auto out = frame_all(m);
    REQUIRE(out.size() == 1);
    CHECK(out[0] == m);  // empty line and near-markers kept as content
}

TEST_CASE("framer: CRLF line endings are tolerated and removed")
{
    const std::string crlf = ">>>\r\nt=status\r\nsrc=node1\r\n<<<\r\n";
    auto out = frame_all("junk\r\n" + crlf);
    REQUIRE(out.size() == 1);
    CHECK(out[0] == ">>>\nt=status\nsrc=node1\n<<<\n");
}

TEST_CASE("framer: NUL padding between messages is ignored and not counted")
{
    ClassicStreamFramer f;
    f.feed(kMsg1 + std::string(1, '\0') + kMsg2 + std::string(3, '\0'));
    f.feed(std::string(2, '\0') + kMsg1);
    auto out = drain(f);
    REQUIRE(out.size() == 3);
    CHECK(out[0] == kMsg1);
    CHECK(out[1] == kMsg2);
    CHECK(out[2] == kMsg1);
    CHECK(f.discarded_bytes() == 0);
}

TEST_CASE("framer: a new start marker inside a block restarts the block")
{
    const std::string cut = ">>>\nt=status\nsrc=no";
    ClassicStreamFramer f;
    f.feed(cut + "\n" + kMsg2);
    auto out = drain(f);
    REQUIRE(out.size() == 1);
    CHECK(out[0] == kMsg2);
    CHECK(f.discarded_bytes() == cut.size() + 1);
}

TEST_CASE("framer: an incomplete block is held until its end marker arrives")
{
    ClassicStreamFramer f;
    f.feed(">>>\nt=status\n");
    CHECK_FALSE(f.next().has_value());
    CHECK(f.buffered() == std::string(">>>\nt=status\n").size());
    f.feed("<<");
    CHECK_FALSE(f.next().has_value());
    f.feed("<\n");
    auto b = f.next();
    REQUIRE(b.has_value());
    CHECK(*b == ">>>\nt=status\n<<<\n");
}

TEST_CASE("framer: an oversize block is dropped and the framer resynchronises")
{
    const std::size_t limit = 64;
    ClassicStreamFramer f(limit);
    std::string big = ">>>\n";
    for (int i = 0; i < 10; ++i) {
        big += "field" + std::to_string(i) + "=0123456789\n";
    }
    big += "<<<\n";
    REQUIRE(big.size() > limit);
    f.feed(big + kMsg2);
    auto out = drain(f);
    REQUIRE(out.size() == 1);
    CHECK(out[0] == kMsg2);
    CHECK(f.oversize_blocks() == 1);
    CHECK(f.discarded_bytes() == big.size());
    CHECK(f.buffered() == 0);
}

TEST_CASE("framer: the block limit is inclusive")
{
    // Pad a block to exactly the limit, then one byte more.
    auto block_of = [](std::size_t size) {
        const std::string head = ">>>\nx=";
        const std::string tail = "\n<<<\n";
        return head + std::string(size - head.size() - tail.size(), 'a') + tail;
    };
    const std::size_t limit = 100;
    for (std::size_t cut : {std::size_t{1}, std::size_t{7}, std::size_t{50}}) {
        ClassicStreamFramer f(limit);
        const std::string fits = block_of(limit);
        const std::string over = block_of(limit + 1);
        const std::string all = fits + over + fits;
        f.feed(all.substr(0, cut));
        f.feed(all.substr(cut));
        auto out = drain(f);
        REQUIRE(out.size() == 2);
        CHECK(out[0] == fits);
        CHECK(out[1] == fits);
        CHECK(f.oversize_blocks() == 1);
        CHECK(f.discarded_bytes() == over.size());
    }
}

TEST_CASE("framer: the default limit is 3.0.6's MAXMSG, exclusive")
{
    CHECK(kMaxClassicBlock == 262143);
    const std::string head = ">>>\nbig=";
    const std::string tail = "\n<<<\n";
    const std::string fits = head + std::string(kMaxClassicBlock - head.size() - tail.size(), 'b') + tail;
    const std::string over = head + std::string(kMaxClassicBlock + 1 - head.size() - tail.size(), 'b') + tail;
    ClassicStreamFramer f;
    f.feed(over);
    f.feed(fits);
    auto out = drain(f);
    REQUIRE(out.size() == 1);
    CHECK(out[0].size() == kMaxClassicBlock);
    CHECK(f.oversize_blocks() == 1);
}

TEST_CASE("framer: memory stays bounded on endless input without markers or newlines")
{
    ClassicStreamFramer f(1024);
    const std::string chunk(4096, 'z');
    for (int i = 0; i < 256; ++i) {  // 1 MiB of one garbage line
        f.feed(chunk);
        CHECK(f.buffered() <= 128);
    }
    f.feed("\n" + kMsg2);
    auto out = drain(f);
    REQUIRE(out.size() == 1);
    CHECK(out[0] == kMsg2);
    CHECK(f.discarded_bytes() == 256 * chunk.size() + 1);

    // The same inside a block: one endless content line.
    ClassicStreamFramer g(1024);
    g.feed(">>>\nv=");
    for (int i = 0; i < 256; ++i) {
        g.feed(chunk);
        CHECK(g.buffered() <= 1024);
    }
    g.feed("\n<<<\n" + kMsg2);  // the tail of the dropped block is garbage
    out = drain(g);
    REQUIRE(out.size() == 1);
    CHECK(out[0] == kMsg2);
    CHECK(g.oversize_blocks() == 1);
    CHECK(g.discarded_bytes() == 6 + 256 * chunk.size() + 1 + 4);
}
