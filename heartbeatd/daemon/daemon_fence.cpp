// The daemon's STONITH device (facts section 8): resets asked for by the
// resource manager and the periodic status checks, run by fencer::Fencer.
#include "daemon/daemon.h"

#include "fencer/fencer.h"

namespace hb::daemon {

void Daemon::setup_fencing()
{
    const auto devices = fence::devices_for(cfg_, cfg_.local_node);
    if (devices.empty()) {
        return;
    }
    for (std::size_t i = 1; i < devices.size(); ++i) {
        logger_.log(LogLevel::warn, "ha.cf:" + std::to_string(devices[i].line)
                + ": only one STONITH device is used; this " + devices[i].type + " device is ignored");
    }
    fencer_ = std::make_unique<fencer::Fencer>(loop_, *runner_, devices[0], fencer::Options{});
    std::string error;
    if (!fencer_->program(error)) {
        logger_.log(LogLevel::err, "ha.cf:" + std::to_string(devices[0].line) + ": " + error);
    }
}

bool Daemon::can_fence() const { return fencer_ != nullptr; }

void Daemon::log_fence_output(const std::string& text, LogLevel level)
{
    std::size_t start = 0;
    for (int lines = 0; lines < 8 && start < text.size(); ++lines) {
        std::size_t nl = text.find('\n', start);
        std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
        if (!line.empty()) {
            logger_.log(level, "  " + line);
        }
        if (nl == std::string::npos) {
            break;
        }
        start = nl + 1;
    }
}

void Daemon::fence(const std::string& node)
{
    const std::string desc = fencer_->description();
    logger_.log(LogLevel::info, "Resetting node " + node + " with " + desc);
    if (fencer_->meatware()) {
        logger_.log(LogLevel::crit, "OPERATOR INTERVENTION REQUIRED to reset " + node + ".");
        logger_.log(LogLevel::crit, "Run \"meatclient -c " + node + "\" AFTER power-cycling the machine.");
    }
    fencer_->run("reset", node, [this, node, desc](const fencer::Outcome& o) {
        now_ = loop::read_clock();
        log_fence_output(o.output, LogLevel::info);
        if (!o.ok) {
            logger_.log(LogLevel::err, "Reset of " + node + " with " + desc + " failed: " + o.detail);
        }
        node_->on_fence_result(node, o.ok, fence::outcome_name(o.result), now_);
        after_event();
    });
}

void Daemon::check_fence_device()
{
    const std::string desc = fencer_->description();
    logger_.log(LogLevel::info, "Checking status of STONITH device " + desc);
    fencer_->run("status", "", [this, desc](const fencer::Outcome& o) {
        if (!o.ok) {
            logger_.log(LogLevel::err, "STONITH device " + desc + " failed its status check: " + o.detail);
        } else {
            logger_.log(LogLevel::debug, "STONITH device " + desc + " is OK");
        }
    });
}

void Daemon::fill_fencing(control::StatusView& v) const
{
    const res::Manager* m = node_->manager();
    if (!m) {
        return;
    }
    for (const std::string& n : m->fencing_nodes()) {
        v.stonith_pending.push_back(n);
        std::string line = "waiting for STONITH of " + n;
        if (fencer_ && fencer_->meatware()) {
            line += " (meatware: run \"meatclient -c " + n + "\" after power-cycling it)";
        }
        v.fencing.push_back(std::move(line));
    }
}

}  // namespace hb::daemon
