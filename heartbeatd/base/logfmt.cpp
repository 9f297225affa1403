#include "base/logfmt.h"

#include <cstdio>

namespace hb {

std::string format_log_line(const LocalTime& t, std::string_view node, std::string_view entity,
    long pid, LogLevel level, std::string_view text, bool syslogmsgfmt)
{
    static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
        "Sep", "Oct", "Nov", "Dec"};
    char stamp[64];
    std::string out;
    if (syslogmsgfmt) {
        const char* mon = months[(t.month >= 1 && t.month <= 12) ? t.month - 1 : 0];
        std::snprintf(stamp, sizeof stamp, "%s %2d %02d:%02d:%02d", mon, t.day, t.hour, t.minute,
            t.second);
        out.reserve(text.size() + 64);
        out += stamp;
        out += ' ';
        out += node;
        out += ' ';
        out += entity;
        out += ": [";
        out += std::to_string(pid);
        out += "]: ";
    } else {
        std::snprintf(stamp, sizeof stamp, "%04d/%02d/%02d_%02d:%02d:%02d", t.year, t.month, t.day,
            t.hour, t.minute, t.second);
        out += entity;
        out += '[';
        out += std::to_string(pid);
        out += "]: ";
        out += stamp;
        out += ' ';
    }
    out += level_word(level);
    out += ": ";
    out += text;
    return out;
}

}  // namespace hb
