#include "obs/history.h"

#include <cstdio>

namespace hb::obs {

namespace {

void cut(std::string& s, std::size_t bytes)
{
    if (s.size() > bytes) {
        s.resize(bytes > 3 ? bytes - 3 : 0);
        s += "...";
    }
}

}  // namespace

const HistoryEntry& History::add(HistoryEntry e)
{
    e.id = next_id_++;
    cut(e.kind, kFieldBytes);
    cut(e.event, kFieldBytes);
    cut(e.subject, kFieldBytes);
    cut(e.detail, kFieldBytes);
    cut(e.script, kFieldBytes);
    cut(e.reason, kFieldBytes);
    cut(e.output, kOutputBytes);
    if (e.args.size() > 16) {
        e.args.resize(16);
    }
    for (std::string& a : e.args) {
        cut(a, kFieldBytes);
    }
    if (e.kind == "resource") {
        ++action_counts_[{e.event, std::string(action_result(e))}];
    }
    while (entries_.size() >= capacity_) {
        entries_.pop_front();
        ++dropped_;
    }
    entries_.push_back(std::move(e));
    return entries_.back();
}

std::string_view action_result(const HistoryEntry& e)
{
    if (e.timed_out) {
        return "timeout";
    }
    return e.exit_code && *e.exit_code == 0 ? "ok" : "failed";
}

std::string first_lines(std::string_view text, std::size_t lines, std::size_t bytes)
{
    std::string out;
    std::size_t taken = 0;
    std::size_t start = 0;
    while (taken < lines && start < text.size()) {
        std::size_t nl = text.find('\n', start);
        std::string_view line = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
            line.remove_suffix(1);
        }
        if (!line.empty()) {
            if (!out.empty()) {
                out += " | ";
            }
            for (char ch : line) {
                const unsigned char u = static_cast<unsigned char>(ch);
                out += u < 0x20 || u == 0x7f ? '?' : ch;
            }
            ++taken;
        }
        if (nl == std::string_view::npos) {
            break;
        }
        start = nl + 1;
    }
    cut(out, bytes);
    return out;
}

std::string utc_stamp(WallSeconds t)
{
    // Days since the epoch to a civil date (Howard Hinnant's algorithm).
    std::int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    std::int64_t secs = t - days * 86400;
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const std::int64_t doe = days - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    std::int64_t y = yoe + era * 400;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) {
        ++y;
    }
    char buf[128];
    std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld %02lld:%02lld:%02lld", static_cast<long long>(y),
        static_cast<long long>(m), static_cast<long long>(d), static_cast<long long>(secs / 3600),
        static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60));
    return buf;
}

std::string format_history(const std::deque<HistoryEntry>& entries)
{
    std::string out;
    for (const HistoryEntry& e : entries) {
        out += utc_stamp(e.wall) + " #" + std::to_string(e.id) + " " + e.kind + " " + e.event;
        if (!e.subject.empty()) {
            out += " " + e.subject;
        }
        if (!e.detail.empty()) {
            out += " (" + e.detail + ")";
        }
        if (e.kind == "resource") {
            if (!e.script.empty()) {
                out += " script=" + e.script;
            }
            if (e.exit_code) {
                out += " exit=" + std::to_string(*e.exit_code);
            }
            if (e.timed_out) {
                out += " timed-out";
            }
            if (e.duration_ms >= 0) {
                out += " " + std::to_string(e.duration_ms) + "ms";
            }
        }
        if (!e.reason.empty()) {
            out += " reason=" + e.reason;
        }
        if (!e.output.empty()) {
            out += " out=\"" + e.output + "\"";
        }
        out += "\n";
    }
    return out;
}

}  // namespace hb::obs
