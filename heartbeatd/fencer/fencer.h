// Runs one STONITH device's plugin (fence/fence.h describes the kinds)
// through exec::Runner: never blocks the loop. Used by the daemon (reset
// before takeover, status checks) and by the `stonith` front-end.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/log.h"
#include "exec/runner.h"
#include "fence/fence.h"
#include "loop/loop.h"

namespace hb::fencer {

struct Options {
    /// Where the built-in plugins (null, meatware, suicide, ssh) live; the
    /// first directory holding the type wins.
    std::vector<std::string> builtin_dirs;
    std::string external_dir = "/usr/lib/stonith/plugins/external";
    std::string glue_stonith = "/usr/sbin/stonith";
    std::vector<std::string> agent_dirs{"/usr/sbin", "/sbin"};
    Duration timeout{120000};
    /// meatware's reset waits for an operator.
    Duration meatware_timeout{86400000};
};

/// Built-in plugin directories relative to the running program (build tree:
/// <exe>/../stonith/plugins; make install: <exe>/../../lib/heartbeatd/stonith)
/// and /usr/lib/heartbeatd/stonith.
std::vector<std::string> default_builtin_dirs();

struct Outcome {
    bool ok = false;
    fence::Outcome result = fence::Outcome::bad;
    std::string output;  // the plugin's stdout
    std::string detail;  // why it failed (exit code, stderr, refusal)
};

class Fencer {
public:
    using Done = std::function<void(const Outcome&)>;

    Fencer(loop::Loop& loop, exec::Runner& runner, fence::Device device, Options opts);
    ~Fencer();
    Fencer(const Fencer&) = delete;
    Fencer& operator=(const Fencer&) = delete;

    const fence::Device& device() const { return device_; }
    std::string description() const { return fence::describe(device_.type); }
    bool meatware() const { return device_.type == "meatware"; }

    /// ACTION: reset, on, off, status, gethosts, getconfignames, getinfo-*.
    /// NODE only for reset/on/off. `done` always runs later, on the loop.
    void run(const std::string& action, const std::string& node, Done done);

    /// Resolved program for the device, or an error (missing, not
    /// executable, group/world-writable).
    std::optional<std::string> program(std::string& error) const;

private:
    struct Call;
    void launch(std::shared_ptr<Call> call);
    void run_external(std::shared_ptr<Call> call, const std::string& prog, const fence::Params& p);
    std::optional<fence::Params> params(std::string& error) const;

    loop::Loop& loop_;
    exec::Runner& runner_;
    fence::Device device_;
    Options opts_;
};

}  // namespace hb::fencer
