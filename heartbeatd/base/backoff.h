// Restart back-off for supervised programs (`respawn`): restart at once
// after a program that ran a while, wait longer and longer (doubling up to a
// ceiling) when it keeps dying right after starting. Pure.
#pragma once

#include <algorithm>

#include "base/time.h"

namespace hb {

class Backoff {
public:
    Backoff(Duration first = Duration(1000), Duration ceiling = Duration(60000), Duration stable = Duration(60000))
        : first_(first), ceiling_(ceiling), stable_(stable)
    {
    }

    /// The program exited after running for `ran`: how long to wait before
    /// the next start.
    Duration next(Duration ran)
    {
        if (ran >= stable_) {
            current_ = Duration(0);
        }
        current_ = current_.count() == 0 ? first_ : std::min(ceiling_, current_ * 2);
        if (ran >= stable_) {
            return Duration(0);  // it ran fine for a while: restart now
        }
        return current_;
    }
    Duration current() const { return current_; }

private:
    Duration first_;
    Duration ceiling_;
    Duration stable_;
    Duration current_{0};
};

}  // namespace hb
