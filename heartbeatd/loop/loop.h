// The only module that includes <ev.h>: RAII watchers over libev's default
// loop. Callbacks must not throw (they run inside ev_run).
#pragma once

#include <functional>

#include "base/time.h"

struct ev_loop;

namespace hb::loop {

/// Both clocks, read now: CLOCK_MONOTONIC (deadlines) and time(2) (data).
Now read_clock();

class Loop {
public:
    Loop();
    ~Loop();
    Loop(const Loop&) = delete;
    Loop& operator=(const Loop&) = delete;

    struct ev_loop* raw() const { return loop_; }
    void run();
    void stop();

private:
    struct ev_loop* loop_;
};

/// Watches a descriptor for readability or writability.
class Io {
public:
    enum : int { read = 1, write = 2 };
    Io(Loop& loop, int fd, int events, std::function<void()> cb, int priority = 0);
    ~Io();
    Io(const Io&) = delete;
    Io& operator=(const Io&) = delete;
    void start();
    void stop();
    bool active() const;
    int fd() const;
    /// Watches another descriptor (stopped while fd < 0).
    void reset(int fd);

    struct Impl;  // libev glue, defined in loop.cpp

private:
    Impl* impl_;
};

/// A one-shot timer armed for an absolute monotonic time.
class Timer {
public:
    Timer(Loop& loop, std::function<void()> cb);
    ~Timer();
    Timer(const Timer&) = delete;
    Timer& operator=(const Timer&) = delete;
    void arm_at(MonoTime when, MonoTime now);
    void stop();

    struct Impl;

private:
    Impl* impl_;
};

/// A signal delivered as an ordinary loop event.
class Signal {
public:
    Signal(Loop& loop, int signum, std::function<void()> cb);
    ~Signal();
    Signal(const Signal&) = delete;
    Signal& operator=(const Signal&) = delete;

    struct Impl;

private:
    Impl* impl_;
};

/// Reports the exit of one child process (libev child watcher).
class Child {
public:
    /// `cb(status)` with the waitpid() status.
    Child(Loop& loop, int pid, std::function<void(int status)> cb);
    ~Child();
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    struct Impl;

private:
    Impl* impl_;
};

}  // namespace hb::loop
