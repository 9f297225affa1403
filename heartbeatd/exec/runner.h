// Runs child processes without ever blocking the event loop: fork/exec of
// an argv (never a shell string), a clean environment, stdin on /dev/null,
// every other descriptor closed, its own process group, bounded capture of
// stdout and stderr, and a timeout that kills the whole group.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/time.h"
#include "loop/loop.h"

namespace hb::exec {

struct Spec {
    std::vector<std::string> argv;  // argv[0] is the program path
    std::vector<std::string> env;   // NAME=value, the whole environment
    Duration timeout{300000};            // 0: none (supervised daemons)
    std::size_t max_output = 64 * 1024;  // per stream; the rest is dropped
    // Run as this user (respawn clients): -1 keeps ours. Set in the child
    // before exec: supplementary groups, then gid, then uid.
    long uid = -1;
    long gid = -1;
    std::vector<unsigned int> groups;
};

struct Result {
    int exit_code = -1;     // -1 when killed by a signal or never started
    int term_signal = 0;
    bool timed_out = false;
    std::string out;
    std::string err;
    Duration elapsed{0};
    std::string spawn_error;  // fork/exec failure, empty otherwise
};

class Runner {
public:
    using Done = std::function<void(const Result&)>;

    explicit Runner(loop::Loop& loop);
    ~Runner();
    Runner(const Runner&) = delete;
    Runner& operator=(const Runner&) = delete;

    /// Starts the program; `done` runs on the loop when it has exited (or
    /// could not be started). Returns the pid, or -1.
    int start(const Spec& spec, Done done);
    std::size_t running() const { return children_.size(); }
    /// Signals every running child's process group.
    void signal_all(int sig);

private:
    struct ChildState;
    void finish(int pid, int status);
    void on_timeout(int pid);

    loop::Loop& loop_;
    std::map<int, std::unique_ptr<ChildState>> children_;
    std::vector<std::unique_ptr<ChildState>> retired_;
};

}  // namespace hb::exec
