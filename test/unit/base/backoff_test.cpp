#include <doctest/doctest.h>

#include "base/backoff.h"

using namespace hb;

TEST_CASE("respawn back-off: doubles while the program dies quickly, capped, reset after a stable run")
{
    Backoff b(Duration(1000), Duration(8000), Duration(60000));
    CHECK(b.next(Duration(10)) == Duration(1000));
    CHECK(b.next(Duration(10)) == Duration(2000));
    CHECK(b.next(Duration(10)) == Duration(4000));
    CHECK(b.next(Duration(10)) == Duration(8000));
    CHECK(b.next(Duration(10)) == Duration(8000));
    CHECK(b.next(Duration(120000)) == Duration(0));  // ran long: restart at once
    CHECK(b.next(Duration(10)) == Duration(2000));   // and the ladder starts over
}
