// The daemon's logger: 3.0.6's line format (or, with `logformat json`, one
// JSON object per line) into `logfile` (info and above) and `debugfile`
// (everything), syslog with `logfacility`, and stderr while
// the daemon is still attached to a terminal. Files are opened per line in
// append mode so logrotate needs no signal.
#pragma once

#include <string>

#include "base/diag.h"
#include "base/log.h"
#include "config/config.h"

namespace hb::log {

class DaemonLogger : public Logger {
public:
    DaemonLogger();
    ~DaemonLogger() override;

    /// Applies ha.cf's logging directives (call again after a reload).
    void configure(const config::HaCf& ha, const std::string& node);
    void set_stderr(bool on) { to_stderr_ = on; }
    void set_debug_level(int level) { debug_ = level < 0 ? 0 : (level > 255 ? 255 : level); }
    void set_entity(std::string entity) { entity_ = std::move(entity); }

    void log(LogLevel level, std::string_view text) override;
    /// With `logformat json` the fields become members of the JSON line.
    void log_fields(LogLevel level, std::string_view text, std::span<const LogField> fields) override;
    int debug_level() const override { return debug_; }

private:
    void write_file(const std::string& path, const std::string& line);

    std::string node_ = "localhost";
    std::string entity_ = "heartbeat";
    std::string logfile_;
    std::string debugfile_;
    int facility_ = -1;  // -1: no syslog
    bool syslog_open_ = false;
    bool syslogmsgfmt_ = true;
    bool json_ = false;  // logformat json: logfile/debugfile lines are JSON objects
    bool to_stderr_ = true;
    int debug_ = 0;
};

/// Logs a configuration diagnostic: errors as ERROR, warnings as WARN,
/// notes as info, with the fields file, line, severity and hint.
void log_diagnostic(Logger& log, const Diagnostic& d);

}  // namespace hb::log
