// The state files in /var/lib/heartbeat that must survive restarts and stay
// compatible with a 3.0.6 node's: hb_generation (bumped and fsynced on every
// start), hb_uuid (16 raw bytes), hostcache and delhostcache. I/O shell: the
// formats and the rules live in config/state_format.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/time.h"
#include "config/config.h"
#include "config/state_format.h"

namespace hb::sys {

struct GenerationOutcome {
    bool ok = false;
    std::uint64_t generation = 0;
    std::string warning;  // 3.0.6 WARN text ("No Previous generation - starting at N"), or empty
    std::string error;    // why it failed, when !ok
};

/// This start's generation: reads `path`, applies config::next_generation()
/// and, for hbgenmethod file, writes the new value back durably (temp file,
/// fsync, rename, fsync of the directory). The caller logs
/// "Heartbeat generation: N" and refuses to start when !ok.
[[nodiscard]] GenerationOutcome bump_generation(const std::string& path, config::HbGenMethod method, WallSeconds now);

struct UuidOutcome {
    bool ok = false;
    config::Uuid uuid{};
    std::string info;   // 3.0.6 info text to log, or empty
    std::string error;
};

/// This node's uuid. uuidfrom nodename: derived from the name, no file
/// touched. uuidfrom file: the first 16 bytes of `path`; when missing or
/// short, a new random uuid is written there (mode 0644), as 3.0.6 does.
[[nodiscard]] UuidOutcome load_or_create_uuid(const std::string& path, config::UuidFrom from,
                                              const std::string& nodename);

/// hostcache / delhostcache. A missing file reads as no entries.
std::optional<std::vector<config::NodeCacheEntry>> read_node_cache(const std::string& path, std::string& error);
[[nodiscard]] bool write_node_cache(const std::string& path, const std::vector<config::NodeCacheEntry>& entries,
                                    std::string& error);

/// Replaces `path` with `bytes` so that a crash leaves the old or the new
/// content: writes path.tmp, fsyncs, renames, fsyncs the directory.
[[nodiscard]] bool write_file_durably(const std::string& path, std::string_view bytes, unsigned mode,
                                      std::string& error);

}  // namespace hb::sys
