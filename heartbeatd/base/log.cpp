#include "base/log.h"

namespace hb {

std::string_view level_word(LogLevel l)
{
    switch (l) {
    case LogLevel::debug: return "debug";
    case LogLevel::info: return "info";
    case LogLevel::warn: return "WARN";
    case LogLevel::err: return "ERROR";
    case LogLevel::crit: return "CRIT";
    }
    return "info";
}

std::string_view level_name(LogLevel l)
{
    switch (l) {
    case LogLevel::debug: return "debug";
    case LogLevel::info: return "info";
    case LogLevel::warn: return "warn";
    case LogLevel::err: return "error";
    case LogLevel::crit: return "crit";
    }
    return "info";
}

}  // namespace hb
