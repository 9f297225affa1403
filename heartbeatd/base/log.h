// Log levels and the logging seam used by pure code. Pure modules report
// through a `Logger&`; the shell's implementation formats 3.0.6's line format
// (facts section 7) and writes files/syslog; tests use a recording fake.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace hb {

enum class LogLevel { debug, info, warn, err, crit };

/// The word 3.0.6 prints for a level: debug, info, WARN, ERROR, CRIT.
std::string_view level_word(LogLevel l);

/// A structured detail a call site has at hand (a node, a file and line, a
/// link): written as its own member by the JSON-lines log format, ignored by
/// the 3.0.6 line format (where the text already says it). `number`: the
/// value is an integer written without quotes.
struct LogField {
    std::string_view key;
    std::string value;
    bool number = false;
};

/// The lower-case level name used in structured logs: debug, info, warn,
/// error, crit.
std::string_view level_name(LogLevel l);

class Logger {
public:
    virtual ~Logger() = default;
    virtual void log(LogLevel level, std::string_view text) = 0;
    /// log() with structured fields; loggers without a structured format
    /// drop the fields.
    virtual void log_fields(LogLevel level, std::string_view text, std::span<const LogField> fields)
    {
        (void)fields;
        log(level, text);
    }
    /// Current debug level (ha.cf `debug`, -d, SIGUSR1/2); debug lines are
    /// dropped when it is 0.
    virtual int debug_level() const { return 0; }
};

}  // namespace hb
