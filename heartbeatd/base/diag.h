// Diagnostics: every configuration problem is reported as `file:line: message`
// and collected, so one run shows all of them (OpenBSD parse.y, ninja style).
#pragma once

#include <string>
#include <vector>

namespace hb {

/// error: the daemon refuses the configuration (as 3.0.6 does).
/// warning: it runs, but something is likely wrong (`--check --strict`
/// makes warnings fatal). note: a fact worth knowing (e.g. a heartbeatd-only
/// feature is in use); never fatal.
enum class Severity { warning, error, note };

struct Diagnostic {
    std::string file;
    int line = 0;  // 0: about the file as a whole
    Severity severity = Severity::error;
    std::string message;
    /// One line telling the operator how to fix it (may be empty). Not part
    /// of str(); `heartbeat --check` prints it on the next line.
    std::string hint = {};

    /// `file:line: message`, or `file: message` when line is 0. Warnings are
    /// prefixed `warning: ` after the location, notes `note: `.
    std::string str() const;
};

using Diagnostics = std::vector<Diagnostic>;

bool has_errors(const Diagnostics& d);
std::size_t count_errors(const Diagnostics& d);
std::size_t count_warnings(const Diagnostics& d);

/// Collects diagnostics for one file.
class DiagSink {
public:
    DiagSink(Diagnostics& out, std::string file) : out_(out), file_(std::move(file)) {}
    void error(int line, std::string message, std::string hint = {});
    void warning(int line, std::string message, std::string hint = {});
    void note(int line, std::string message, std::string hint = {});
    const std::string& file() const { return file_; }

private:
    Diagnostics& out_;
    std::string file_;
};

}  // namespace hb
