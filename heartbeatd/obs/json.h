// JSON and Prometheus text renderings of a StatusView, for `hb_status
// --json`, `hb_history --json` and the metrics endpoint. Pure.
//
// Owns: the document layouts (docs/operations.md), JSON
// string escaping (control characters, quotes, backslashes; bytes that are
// not UTF-8 are escaped as \u00XX so the output always parses) and
// Prometheus label escaping.
#pragma once

#include <deque>
#include <string>
#include <string_view>

#include "control/status_view.h"
#include "obs/history.h"

namespace hb::obs {

/// `"..."`: `s` as a JSON string literal.
std::string json_string(std::string_view s);

/// The status dump: one JSON object (docs/operations.md).
std::string status_json(const control::StatusView& v);

/// The history as a JSON object {"capacity_dropped": N, "entries": [...]}.
std::string history_json(const std::vector<HistoryEntry>& entries, std::uint64_t dropped);

/// A Prometheus label value: backslash, double quote and newline escaped.
std::string prom_label(std::string_view s);

/// The metrics page (text exposition format 0.0.4; docs/metrics.md).
std::string metrics_text(const control::StatusView& v);

}  // namespace hb::obs
