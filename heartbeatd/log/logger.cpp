#include "log/logger.h"

#include <fcntl.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <vector>

#include "base/logfmt.h"

namespace hb::log {

namespace {

struct FacilityName {
    const char* name;
    int value;
};

const FacilityName kFacilities[] = {
    {"auth", LOG_AUTH}, {"authpriv", LOG_AUTHPRIV}, {"cron", LOG_CRON}, {"daemon", LOG_DAEMON},
    {"ftp", LOG_FTP}, {"kern", LOG_KERN}, {"lpr", LOG_LPR}, {"mail", LOG_MAIL},
    {"news", LOG_NEWS}, {"syslog", LOG_SYSLOG}, {"user", LOG_USER}, {"uucp", LOG_UUCP},
    {"local0", LOG_LOCAL0}, {"local1", LOG_LOCAL1}, {"local2", LOG_LOCAL2},
    {"local3", LOG_LOCAL3}, {"local4", LOG_LOCAL4}, {"local5", LOG_LOCAL5},
    {"local6", LOG_LOCAL6}, {"local7", LOG_LOCAL7},
};

int syslog_priority(LogLevel l)
{
    switch (l) {
    case LogLevel::debug: return LOG_DEBUG;
    case LogLevel::info: return LOG_INFO;
    case LogLevel::warn: return LOG_WARNING;
    case LogLevel::err: return LOG_ERR;
    case LogLevel::crit: return LOG_CRIT;
    }
    return LOG_INFO;
}

}  // namespace

DaemonLogger::DaemonLogger() = default;

DaemonLogger::~DaemonLogger()
{
    if (syslog_open_) {
        closelog();
    }
}

void DaemonLogger::configure(const config::HaCf& ha, const std::string& node)
{
    node_ = node;
    logfile_ = ha.logfile;
    debugfile_ = ha.debugfile;
    syslogmsgfmt_ = ha.syslogmsgfmt;
    json_ = ha.logformat == config::LogFormat::json;
    debug_ = ha.debug;
    int facility = -1;
    for (const FacilityName& f : kFacilities) {
        if (ha.logfacility == f.name) {
            facility = f.value;
        }
    }
    if (syslog_open_ && facility != facility_) {
        closelog();
        syslog_open_ = false;
    }
    facility_ = facility;
    if (facility_ >= 0 && !syslog_open_) {
        openlog("heartbeat", LOG_PID | LOG_NDELAY, facility_);
        syslog_open_ = true;
    }
}

void DaemonLogger::write_file(const std::string& path, const std::string& line)
{
    int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        return;
    }
    std::string buf = line + "\n";
    ssize_t rc = ::write(fd, buf.data(), buf.size());
    (void)rc;
    ::close(fd);
}

void DaemonLogger::log(LogLevel level, std::string_view text)
{
    log_fields(level, text, {});
}

void DaemonLogger::log_fields(LogLevel level, std::string_view text, std::span<const LogField> fields)
{
    if (level == LogLevel::debug && debug_ == 0) {
        return;
    }
    struct timespec ts {};
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tmv {};
    localtime_r(&ts.tv_sec, &tmv);
    LocalTime lt{tmv.tm_year + 1900, tmv.tm_mon + 1, tmv.tm_mday, tmv.tm_hour, tmv.tm_min,
        tmv.tm_sec};
    const long pid = static_cast<long>(::getpid());
    const std::string line = format_log_line(lt, node_, entity_, pid, level, text, syslogmsgfmt_);
    std::string json;
    if (json_ && (!logfile_.empty() || !debugfile_.empty())) {
        struct tm utc {};
        gmtime_r(&ts.tv_sec, &utc);
        const LocalTime ut{utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec};
        json = format_log_json(ut, static_cast<int>(ts.tv_nsec / 1000000), node_, entity_, pid, level, text,
            fields);
    }
    const std::string& file_line = json_ ? json : line;
    if (!logfile_.empty() && level != LogLevel::debug) {
        write_file(logfile_, file_line);
    }
    if (!debugfile_.empty()) {
        write_file(debugfile_, file_line);
    }
    if (syslog_open_) {
        std::string msg = std::string(level_word(level)) + ": " + std::string(text);
        ::syslog(syslog_priority(level), "%s", msg.c_str());
    }
    if (to_stderr_) {
        std::fprintf(stderr, "%s\n", line.c_str());
    }
}

void log_diagnostic(Logger& log, const Diagnostic& d)
{
    const LogLevel level = d.severity == Severity::error ? LogLevel::err
                           : d.severity == Severity::warning ? LogLevel::warn
                                                             : LogLevel::info;
    std::vector<LogField> fields;
    fields.push_back(LogField{"file", d.file});
    if (d.line > 0) {
        fields.push_back(LogField{"line", std::to_string(d.line), true});
    }
    fields.push_back(LogField{"severity", d.severity == Severity::error ? "error"
                                          : d.severity == Severity::warning ? "warning" : "note"});
    if (!d.hint.empty()) {
        fields.push_back(LogField{"hint", d.hint});
    }
    log.log_fields(level, d.str(), fields);
}

}  // namespace hb::log
