#include "sys/process.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "base/strings.h"

namespace hb::sys {

long running_pid(const std::string& path)
{
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return -1;
    }
    char buf[32] = {};
    ssize_t n = ::read(fd, buf, sizeof buf - 1);
    // A running daemon holds an exclusive flock on its pidfile
    // (PidFile::acquire). If we can lock it, nobody does: the file was left
    // by a daemon that died without cleaning up, and its pid may belong to
    // an unrelated process by now, which `-k` must never signal. (3.0.6
    // trusts kill(pid, 0) alone and kills such a process.)
    const bool stale = ::flock(fd, LOCK_SH | LOCK_NB) == 0;
    ::close(fd);
    if (n <= 0 || stale) {
        return -1;
    }
    auto pid = parse_dec(trim(std::string_view(buf, static_cast<std::size_t>(n))));
    if (!pid || *pid == 0 || *pid > 4194304) {
        return -1;
    }
    if (::kill(static_cast<pid_t>(*pid), 0) == 0 || errno == EPERM) {
        return static_cast<long>(*pid);
    }
    return -1;
}

PidFile::~PidFile() { release(); }

bool PidFile::acquire(const std::string& path, std::string& error)
{
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        error = "could not create pidfile [" + path + "]: " + std::strerror(errno);
        return false;
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        long other = running_pid(path);
        ::close(fd);
        error = "already running [pid " + std::to_string(other) + "]";
        return false;
    }
    std::string pid = std::to_string(static_cast<long>(::getpid())) + "\n";
    if (::ftruncate(fd, 0) != 0 || ::write(fd, pid.data(), pid.size()) != static_cast<ssize_t>(pid.size())) {
        error = "could not write pidfile [" + path + "]: " + std::strerror(errno);
        ::close(fd);
        return false;
    }
    fd_ = fd;
    path_ = path;
    return true;
}

void PidFile::release()
{
    if (fd_ >= 0) {
        ::unlink(path_.c_str());
        ::close(fd_);
        fd_ = -1;
    }
}

void daemonize()
{
    pid_t pid = ::fork();
    if (pid < 0) {
        std::perror("heartbeat: fork");
        std::exit(1);
    }
    if (pid > 0) {
        std::_Exit(0);
    }
    ::setsid();
    ::umask(022);
    int null = ::open("/dev/null", O_RDWR);
    if (null >= 0) {
        ::dup2(null, 0);
        ::dup2(null, 1);
        ::dup2(null, 2);
        if (null > 2) {
            ::close(null);
        }
    }
}

std::string make_realtime(int priority)
{
    std::string problems;
    int lo = sched_get_priority_min(SCHED_RR);
    int hi = sched_get_priority_max(SCHED_RR);
    int prio = priority < 0 ? (lo + hi) / 2 : priority;
    if (prio < lo) {
        prio = lo;
    }
    if (prio > hi) {
        prio = hi;
    }
    struct sched_param sp {};
    sp.sched_priority = prio;
    if (sched_setscheduler(0, SCHED_RR, &sp) != 0) {
        problems = std::string("cannot set SCHED_RR priority ") + std::to_string(prio) + ": "
            + std::strerror(errno);
    }
    if (mlockall(MCL_CURRENT | MCL_FUTURE) != 0) {
        problems += (problems.empty() ? "" : "; ") + std::string("cannot lock memory: ")
            + std::strerror(errno);
    }
    return problems;
}

bool signal_and_wait(long pid, int sig, int timeout_ms)
{
    if (::kill(static_cast<pid_t>(pid), sig) != 0) {
        return errno == ESRCH;
    }
    for (int waited = 0; waited < timeout_ms; waited += 100) {
        struct timespec ts {0, 100 * 1000 * 1000};
        nanosleep(&ts, nullptr);
        if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
            return true;
        }
    }
    return false;
}

}  // namespace hb::sys
