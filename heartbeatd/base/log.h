// Log levels and the logging seam used by pure code. Pure modules report
// through a `Logger&`; the shell's implementation formats 3.0.6's line format
// (facts section 7) and writes files/syslog; tests use a recording fake.
#pragma once

#include <string>
#include <string_view>

namespace hb {

enum class LogLevel { debug, info, warn, err, crit };

/// The word 3.0.6 prints for a level: debug, info, WARN, ERROR, CRIT.
std::string_view level_word(LogLevel l);

class Logger {
public:
    virtual ~Logger() = default;
    virtual void log(LogLevel level, std::string_view text) = 0;
    /// Current debug level (ha.cf `debug`, -d, SIGUSR1/2); debug lines are
    /// dropped when it is 0.
    virtual int debug_level() const { return 0; }
};

}  // namespace hb
