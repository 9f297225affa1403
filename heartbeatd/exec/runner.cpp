#include "exec/runner.h"

#include <grp.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace hb::exec {

namespace {

constexpr Duration kKillGrace{2000};  // TERM, then KILL this much later

void set_nonblock_cloexec(int fd)
{
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    ::fcntl(fd, F_SETFD, FD_CLOEXEC);
}

/// Reads what is there now, keeping at most `max` bytes. False on EOF.
bool drain(int fd, std::string& into, std::size_t max)
{
    char buf[4096];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n > 0) {
            std::size_t room = into.size() < max ? max - into.size() : 0;
            into.append(buf, std::min(room, static_cast<std::size_t>(n)));
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        return n != 0;  // 0: EOF; <0 with EAGAIN: nothing more now
    }
}

}  // namespace

struct Runner::ChildState {
    int pid = -1;
    int out_fd = -1;
    int err_fd = -1;
    Spec spec;
    Done done;
    Result result;
    MonoTime started{};
    bool term_sent = false;
    std::unique_ptr<loop::Io> out_w, err_w;
    std::unique_ptr<loop::Timer> timer;
    std::unique_ptr<loop::Child> child_w;

    void close_pipes()
    {
        out_w.reset();
        err_w.reset();
        if (out_fd >= 0) {
            ::close(out_fd);
            out_fd = -1;
        }
        if (err_fd >= 0) {
            ::close(err_fd);
            err_fd = -1;
        }
    }
};

Runner::Runner(loop::Loop& loop) : loop_(loop) {}

Runner::~Runner()
{
    for (auto& [pid, c] : children_) {
        c->close_pipes();
    }
}

int Runner::start(const Spec& spec, Done done)
{
    auto c = std::make_unique<ChildState>();
    c->spec = spec;
    c->done = std::move(done);
    c->started = loop::read_clock().mono;
    int out[2], err[2];
    if (spec.argv.empty() || ::pipe2(out, O_CLOEXEC) != 0) {
        c->result.spawn_error = spec.argv.empty() ? "empty command" : std::string("pipe: ") + std::strerror(errno);
        c->done(c->result);
        return -1;
    }
    if (::pipe2(err, O_CLOEXEC) != 0) {
        ::close(out[0]);
        ::close(out[1]);
        c->result.spawn_error = std::string("pipe: ") + std::strerror(errno);
        c->done(c->result);
        return -1;
    }
    // Everything the child needs is prepared before fork: after it, only
    // async-signal-safe calls.
    std::vector<char*> argv, envp;
    for (const std::string& a : spec.argv) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    for (const std::string& e : spec.env) envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);

    std::vector<gid_t> groups(spec.groups.begin(), spec.groups.end());

    const pid_t pid = ::fork();
    if (pid < 0) {
        c->result.spawn_error = std::string("fork: ") + std::strerror(errno);
        for (int fd : {out[0], out[1], err[0], err[1]}) ::close(fd);
        c->done(c->result);
        return -1;
    }
    if (pid == 0) {
        ::setpgid(0, 0);
        sigset_t all;
        sigemptyset(&all);
        ::sigprocmask(SIG_SETMASK, &all, nullptr);
        for (int s = 1; s < NSIG; ++s) {
            ::signal(s, SIG_DFL);
        }
        int null = ::open("/dev/null", O_RDONLY);
        if (null >= 0) ::dup2(null, 0);
        ::dup2(out[1], 1);
        ::dup2(err[1], 2);
        ::syscall(SYS_close_range, 3U, ~0U, 0U);
        if ((spec.gid >= 0 && (::setgroups(groups.size(), groups.data()) != 0
                                  || ::setgid(static_cast<gid_t>(spec.gid)) != 0))
            || (spec.uid >= 0 && ::setuid(static_cast<uid_t>(spec.uid)) != 0)) {
            const char* m = "cannot switch user: ";
            ssize_t w2 = ::write(2, m, std::strlen(m));
            const char* why2 = std::strerror(errno);
            w2 = ::write(2, why2, std::strlen(why2));
            (void)w2;
            ::_exit(127);
        }
        ::execve(argv[0], argv.data(), envp.data());
        const char* msg = "exec failed: ";
        ssize_t w = ::write(2, msg, std::strlen(msg));
        const char* why = std::strerror(errno);
        w = ::write(2, why, std::strlen(why));
        (void)w;
        ::_exit(127);
    }
    ::setpgid(pid, pid);  // also from here, so a kill never misses the group
    ::close(out[1]);
    ::close(err[1]);
    c->pid = pid;
    c->out_fd = out[0];
    c->err_fd = err[0];
    set_nonblock_cloexec(c->out_fd);
    set_nonblock_cloexec(c->err_fd);
    ChildState* cs = c.get();
    c->out_w = std::make_unique<loop::Io>(loop_, c->out_fd, loop::Io::read, [cs] {
        if (!drain(cs->out_fd, cs->result.out, cs->spec.max_output)) cs->out_w->stop();
    });
    c->err_w = std::make_unique<loop::Io>(loop_, c->err_fd, loop::Io::read, [cs] {
        if (!drain(cs->err_fd, cs->result.err, cs->spec.max_output)) cs->err_w->stop();
    });
    c->out_w->start();
    c->err_w->start();
    c->timer = std::make_unique<loop::Timer>(loop_, [this, pid] { on_timeout(pid); });
    if (spec.timeout.count() > 0) {
        c->timer->arm_at(c->started + spec.timeout, c->started);
    }
    c->child_w = std::make_unique<loop::Child>(loop_, pid, [this, pid](int status) { finish(pid, status); });
    children_[pid] = std::move(c);
    return pid;
}

void Runner::on_timeout(int pid)
{
    auto it = children_.find(pid);
    if (it == children_.end()) {
        return;
    }
    ChildState& c = *it->second;
    c.result.timed_out = true;
    const MonoTime now = loop::read_clock().mono;
    if (!c.term_sent) {
        c.term_sent = true;
        ::kill(-pid, SIGTERM);
        c.timer->arm_at(now + kKillGrace, now);
    } else {
        ::kill(-pid, SIGKILL);
    }
}

void Runner::finish(int pid, int status)
{
    auto it = children_.find(pid);
    if (it == children_.end()) {
        return;
    }
    std::unique_ptr<ChildState> c = std::move(it->second);
    children_.erase(it);
    // Take what the pipes hold now; do not wait for EOF: a daemon the
    // script started may keep them open forever.
    if (c->out_fd >= 0) drain(c->out_fd, c->result.out, c->spec.max_output);
    if (c->err_fd >= 0) drain(c->err_fd, c->result.err, c->spec.max_output);
    c->close_pipes();
    c->timer->stop();
    if (WIFEXITED(status)) {
        c->result.exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        c->result.term_signal = WTERMSIG(status);
    }
    c->result.elapsed = loop::read_clock().mono - c->started;
    Done done = std::move(c->done);
    Result r = std::move(c->result);
    // The watchers may be inside their own callback chain: free them later.
    retired_.push_back(std::move(c));
    if (retired_.size() > 16) {
        retired_.erase(retired_.begin(), retired_.begin() + 8);
    }
    done(r);
}

void Runner::signal_all(int sig)
{
    for (auto& [pid, c] : children_) {
        ::kill(-pid, sig);
    }
}

}  // namespace hb::exec
