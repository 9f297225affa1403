// Diagnostics: every configuration problem is reported as `file:line: message`
// and collected, so one run shows all of them (OpenBSD parse.y, ninja style).
#pragma once

#include <string>
#include <vector>

namespace hb {

enum class Severity { warning, error };

struct Diagnostic {
    std::string file;
    int line = 0;  // 0: about the file as a whole
    Severity severity = Severity::error;
    std::string message;

    /// `file:line: message`, or `file: message` when line is 0. Warnings are
    /// prefixed `warning: ` after the location.
    std::string str() const;
};

using Diagnostics = std::vector<Diagnostic>;

bool has_errors(const Diagnostics& d);
std::size_t count_errors(const Diagnostics& d);

/// Collects diagnostics for one file.
class DiagSink {
public:
    DiagSink(Diagnostics& out, std::string file) : out_(out), file_(std::move(file)) {}
    void error(int line, std::string message);
    void warning(int line, std::string message);
    const std::string& file() const { return file_; }

private:
    Diagnostics& out_;
    std::string file_;
};

}  // namespace hb
