#include "loop/loop.h"

#include <ev.h>
#include <time.h>

namespace hb::loop {

Now read_clock()
{
    struct timespec ts {};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    Now n;
    n.mono = MonoTime(Duration(static_cast<std::int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000));
    n.wall = static_cast<WallSeconds>(::time(nullptr));
    return n;
}

Loop::Loop() : loop_(ev_default_loop(EVFLAG_AUTO | EVFLAG_NOSIGMASK)) {}
Loop::~Loop() = default;  // the default loop lives as long as the process
void Loop::run() { ev_run(loop_, 0); }
void Loop::stop() { ev_break(loop_, EVBREAK_ALL); }

struct Io::Impl {
    ev_io w;
    struct ev_loop* loop;
    std::function<void()> cb;
};

namespace {
void io_thunk(struct ev_loop*, ev_io* w, int)
{
    auto* impl = static_cast<Io::Impl*>(w->data);
    impl->cb();
}
void timer_thunk(struct ev_loop*, ev_timer* w, int);
void signal_thunk(struct ev_loop*, ev_signal* w, int);
}  // namespace

Io::Io(Loop& loop, int fd, int events, std::function<void()> cb, int priority)
    : impl_(new Impl{})
{
    impl_->loop = loop.raw();
    impl_->cb = std::move(cb);
    int ev = ((events & read) ? EV_READ : 0) | ((events & write) ? EV_WRITE : 0);
    ev_io_init(&impl_->w, io_thunk, fd, ev);
    ev_set_priority(&impl_->w, priority);
    impl_->w.data = impl_;
}

Io::~Io()
{
    stop();
    delete impl_;
}

void Io::start()
{
    if (impl_->w.fd >= 0) {
        ev_io_start(impl_->loop, &impl_->w);
    }
}
void Io::stop() { ev_io_stop(impl_->loop, &impl_->w); }
bool Io::active() const { return ev_is_active(&impl_->w); }
int Io::fd() const { return impl_->w.fd; }

void Io::reset(int fd)
{
    if (fd == impl_->w.fd) {
        return;
    }
    bool was_active = ev_is_active(&impl_->w);
    ev_io_stop(impl_->loop, &impl_->w);
    ev_io_set(&impl_->w, fd, impl_->w.events & (EV_READ | EV_WRITE));
    if (was_active && fd >= 0) {
        ev_io_start(impl_->loop, &impl_->w);
    }
}

struct Timer::Impl {
    ev_timer w;
    struct ev_loop* loop;
    std::function<void()> cb;
};

struct Signal::Impl {
    ev_signal w;
    struct ev_loop* loop;
    std::function<void()> cb;
};

namespace {
void timer_thunk(struct ev_loop*, ev_timer* w, int)
{
    static_cast<Timer::Impl*>(w->data)->cb();
}
void signal_thunk(struct ev_loop*, ev_signal* w, int)
{
    static_cast<Signal::Impl*>(w->data)->cb();
}
}  // namespace

Timer::Timer(Loop& loop, std::function<void()> cb) : impl_(new Impl{})
{
    impl_->loop = loop.raw();
    impl_->cb = std::move(cb);
    ev_timer_init(&impl_->w, timer_thunk, 0., 0.);
    impl_->w.data = impl_;
}

Timer::~Timer()
{
    stop();
    delete impl_;
}

void Timer::arm_at(MonoTime when, MonoTime now)
{
    ev_timer_stop(impl_->loop, &impl_->w);
    // libev measures relative to its cached loop time; refresh it so the
    // delay computed from our clock reading is not stretched.
    ev_now_update(impl_->loop);
    double delay = when > now ? static_cast<double>((when - now).count()) / 1000.0 : 0.0;
    ev_timer_set(&impl_->w, delay, 0.);
    ev_timer_start(impl_->loop, &impl_->w);
}

void Timer::stop() { ev_timer_stop(impl_->loop, &impl_->w); }

Signal::Signal(Loop& loop, int signum, std::function<void()> cb) : impl_(new Impl{})
{
    impl_->loop = loop.raw();
    impl_->cb = std::move(cb);
    ev_signal_init(&impl_->w, signal_thunk, signum);
    impl_->w.data = impl_;
    ev_signal_start(impl_->loop, &impl_->w);
}

Signal::~Signal()
{
    ev_signal_stop(impl_->loop, &impl_->w);
    delete impl_;
}

struct Child::Impl {
    ev_child w;
    struct ev_loop* loop;
    std::function<void(int)> cb;
};

namespace {
void child_thunk(struct ev_loop*, ev_child* w, int)
{
    auto* impl = static_cast<Child::Impl*>(w->data);
    ev_child_stop(impl->loop, w);
    impl->cb(w->rstatus);
}
}  // namespace

Child::Child(Loop& loop, int pid, std::function<void(int)> cb) : impl_(new Impl{})
{
    impl_->loop = loop.raw();
    impl_->cb = std::move(cb);
    ev_child_init(&impl_->w, child_thunk, pid, 0);
    impl_->w.data = impl_;
    ev_child_start(impl_->loop, &impl_->w);
}

Child::~Child()
{
    ev_child_stop(impl_->loop, &impl_->w);
    delete impl_;
}

}  // namespace hb::loop
