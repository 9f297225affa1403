// `respawn USER PROGRAM ARGS` and `failfast USER PROGRAM ARGS`: programs
// started with the daemon as USER (its groups, its gid), in their own process
// group, restarted when they exit (with back-off, base/backoff.h). A failfast
// program's exit is fatal for the node, as in 3.0.6 (the daemon decides what
// that means). Lines heartbeatd serves natively (ipfail) start nothing.
// Shell: fork/exec through exec::Runner, timers from loop/.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/backoff.h"
#include "base/log.h"
#include "config/config.h"
#include "exec/runner.h"
#include "loop/loop.h"

namespace hb::sys {

class ClientSupervisor {
public:
    /// `failfast(client)` runs when a failfast program exits.
    ClientSupervisor(loop::Loop& loop, exec::Runner& runner, Logger& log,
        std::function<void(const config::ChildClient&)> failfast);
    ~ClientSupervisor();

    /// Starts every configured program (environment `env` plus HA_* names).
    void start(const std::vector<config::ChildClient>& clients, std::vector<std::string> env);
    /// SIGTERM to every running program's group; no more restarts.
    void stop();
    std::size_t running() const;

private:
    struct Client;
    void spawn(Client& c);
    void exited(Client& c, const exec::Result& r);

    loop::Loop& loop_;
    exec::Runner& runner_;
    Logger& log_;
    std::function<void(const config::ChildClient&)> failfast_;
    std::vector<std::string> env_;
    std::vector<std::unique_ptr<Client>> clients_;
    bool stopping_ = false;
};

}  // namespace hb::sys
