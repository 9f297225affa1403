// Process-level plumbing for the daemon: the pidfile, detaching from the
// terminal, realtime scheduling. I/O shell.
#pragma once

#include <string>

namespace hb::sys {

/// The pid recorded in `path` if that process is alive and still holds the
/// file's lock (a heartbeatd daemon), else -1.
long running_pid(const std::string& path);

/// Holds the pidfile: created with our pid, write-locked while we run,
/// removed on destruction. 3.0.6 keeps /run/heartbeat.pid.
class PidFile {
public:
    PidFile() = default;
    ~PidFile();
    PidFile(const PidFile&) = delete;
    PidFile& operator=(const PidFile&) = delete;

    /// False (with `error`) when another live process holds it.
    bool acquire(const std::string& path, std::string& error);
    void release();

private:
    std::string path_;
    int fd_ = -1;
};

/// fork, parent exits 0; child: setsid, stdio on /dev/null, umask 022.
void daemonize();

/// SCHED_RR at `priority` (-1: the middle of the range) and mlockall, as
/// ha.cf `realtime on` asks. Returns a message on failure, empty on success.
std::string make_realtime(int priority);

/// Sends `sig` to `pid` and waits until it exits, up to `timeout_ms`
/// (heartbeat -k). True when the process is gone.
bool signal_and_wait(long pid, int sig, int timeout_ms);

}  // namespace hb::sys
