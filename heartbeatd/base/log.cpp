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

}  // namespace hb
