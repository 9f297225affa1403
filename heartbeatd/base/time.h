// Time types for heartbeatd. Pure code never reads a clock: the shell reads
// the monotonic and wall clocks once per event and passes them in as `Now`.
// MonoClock deliberately has no now() so a pure module cannot call one.
#pragma once

#include <chrono>
#include <cstdint>

namespace hb {

using Duration = std::chrono::milliseconds;

struct MonoClock {
    using rep = std::int64_t;
    using period = std::milli;
    using duration = Duration;
    using time_point = std::chrono::time_point<MonoClock, Duration>;
    static constexpr bool is_steady = true;
};

using MonoTime = MonoClock::time_point;

/// Seconds since the epoch, as time(2) gives them. Data only (the wire `ts`
/// field, log stamps), never used for deadlines.
using WallSeconds = std::int64_t;

/// What the shell passes with every input: both clocks, read once.
struct Now {
    MonoTime mono;
    WallSeconds wall = 0;
};

inline MonoTime mono_ms(std::int64_t ms) { return MonoTime(Duration(ms)); }
inline std::int64_t to_ms(Duration d) { return d.count(); }
inline std::int64_t to_ms(MonoTime t) { return t.time_since_epoch().count(); }

}  // namespace hb
