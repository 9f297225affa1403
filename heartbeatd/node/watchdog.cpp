#include "node/watchdog.h"

namespace hb::node {

void Watchdog::tickle(MonoTime now)
{
    if (!open_) {
        return;
    }
    std::string error;
    if (!dev_.write_byte('\0', error)) {
        log_.log(LogLevel::err, "Watchdog write failure: closing " + path_ + "! (" + error + ")");
        dev_.close();
        open_ = false;
        return;
    }
    ++tickles_;
    if (last_ && now - *last_ > longest_gap_) {
        longest_gap_ = now - *last_;
    }
    last_ = now;
}

void Watchdog::close_clean()
{
    if (!open_) {
        return;
    }
    std::string error;
    if (dev_.write_byte('V', error)) {
        log_.log(LogLevel::info, "Successful watchdog 'V' write");
    } else {
        log_.log(LogLevel::err, "Watchdog write magic character failure: closing " + path_ + "! (" + error + ")");
    }
    dev_.close();
    open_ = false;
    log_.log(LogLevel::info, "Successful watchdog close");
}

}  // namespace hb::node
