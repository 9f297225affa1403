#include "base/diag.h"

#include <algorithm>

namespace hb {

std::string Diagnostic::str() const
{
    std::string s = file;
    if (line > 0) {
        s += ':';
        s += std::to_string(line);
    }
    s += ": ";
    if (severity == Severity::warning) {
        s += "warning: ";
    } else if (severity == Severity::note) {
        s += "note: ";
    }
    s += message;
    return s;
}

bool has_errors(const Diagnostics& d)
{
    return count_errors(d) != 0;
}

std::size_t count_errors(const Diagnostics& d)
{
    return static_cast<std::size_t>(std::count_if(d.begin(), d.end(),
        [](const Diagnostic& x) { return x.severity == Severity::error; }));
}

std::size_t count_warnings(const Diagnostics& d)
{
    return static_cast<std::size_t>(std::count_if(d.begin(), d.end(),
        [](const Diagnostic& x) { return x.severity == Severity::warning; }));
}

void DiagSink::error(int line, std::string message, std::string hint)
{
    out_.push_back(Diagnostic{file_, line, Severity::error, std::move(message), std::move(hint)});
}

void DiagSink::warning(int line, std::string message, std::string hint)
{
    out_.push_back(Diagnostic{file_, line, Severity::warning, std::move(message), std::move(hint)});
}

void DiagSink::note(int line, std::string message, std::string hint)
{
    out_.push_back(Diagnostic{file_, line, Severity::note, std::move(message), std::move(hint)});
}

}  // namespace hb
