// nsinit: a tiny PID 1 for one lab node's PID namespace (test/lib/lab.sh).
//
// Owns: reaping every process that gets reparented to it, and "powering the
// node off" on SIGTERM/SIGINT by SIGKILLing everything in its namespace and
// exiting (the kernel then tears the namespace down).
// Must not: fork, touch the network or files, or signal anything outside its
// own PID namespace. kill(-1, ...) issued by the init of a non-initial PID
// namespace only reaches processes visible in that namespace (checked with a
// host-side sleeper surviving a node shutdown; see docs/testing.md).
//
// Usage: nsinit            (run as PID 1 of a fresh PID namespace)
// Exit: 0 after a SIGTERM/SIGINT shutdown, 2 if not PID 1.

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

// Reap every child that has exited; never blocks.
void reap_all() {
    for (;;) {
        int status = 0;
        const pid_t pid = waitpid(-1, &status, WNOHANG);
        if (pid > 0) continue;
        if (pid < 0 && errno == EINTR) continue;
        return;  // 0 = children left but none exited; -1/ECHILD = none left
    }
}

}  // namespace

int main() {
    if (getpid() != 1) {
        std::fprintf(stderr, "nsinit: must run as PID 1 of a PID namespace\n");
        return 2;
    }
    if (chdir("/") != 0) {
        // Not fatal: the node still works from whatever cwd it had.
        std::perror("nsinit: chdir /");
    }

    // Handle everything synchronously: block the signals we care about and
    // collect them with sigtimedwait, so there is no handler/wait race.
    sigset_t wanted;
    sigemptyset(&wanted);
    sigaddset(&wanted, SIGCHLD);
    sigaddset(&wanted, SIGTERM);
    sigaddset(&wanted, SIGINT);
    sigaddset(&wanted, SIGHUP);
    sigaddset(&wanted, SIGUSR1);
    sigaddset(&wanted, SIGUSR2);
    sigaddset(&wanted, SIGPIPE);
    if (sigprocmask(SIG_BLOCK, &wanted, nullptr) != 0) {
        std::perror("nsinit: sigprocmask");
        return 1;
    }

    for (;;) {
        // Periodic wake-up as well, so a coalesced SIGCHLD can never leave a
        // zombie behind for long.
        const timespec one_second{1, 0};
        const int sig = sigtimedwait(&wanted, nullptr, &one_second);
        if (sig == SIGTERM || sig == SIGINT) {
            // Power off: every process of this namespace dies at once, like a
            // machine losing power. Only this namespace is reachable.
            kill(-1, SIGKILL);
            reap_all();
            return 0;
        }
        // SIGCHLD, timeout (-1/EAGAIN), EINTR and the ignored signals all
        // end up here.
        reap_all();
    }
}
