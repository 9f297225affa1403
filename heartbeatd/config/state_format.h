// Byte formats of the state files in /var/lib/heartbeat that a 3.0.6 node
// leaves behind and heartbeatd continues: hb_generation, hb_uuid, hostcache
// and delhostcache; plus the generation rule and the uuid-from-nodename
// derivation. Pure: sys/state_files does the reading, writing and fsync.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/time.h"
#include "config/config.h"

namespace hb::config {

using Uuid = std::array<std::uint8_t, 16>;

/// hb_generation: the number right-aligned in 15 columns, then '\n'
/// (16 bytes, 3.0.6 "%*lu\n" with GENLEN-1).
std::string format_generation(std::uint64_t generation);

/// Reads a generation as 3.0.6 does (sscanf "%lu" over the first 16 bytes):
/// leading blanks, then decimal digits; anything after them is ignored.
/// nullopt when there is no number.
std::optional<std::uint64_t> parse_generation(std::string_view bytes);

struct GenerationStep {
    std::uint64_t generation = 0;  // the generation of this run
    bool write = false;            // write format_generation(generation) back
    std::string warning;           // 3.0.6 WARN text, empty if none
};

/// The generation for this start. `file` is hb_generation's content, or
/// nullopt when it is missing or unreadable.
///  - hbgenmethod time: the time, nothing written (3.0.6 GetTimeBasedGeneration).
///  - file missing or empty: now + 1, "No Previous generation - starting at N".
///  - file without a number: now + 1, "BROKEN previous generation - starting
///    at N". (3.0.6 logs that but then writes 1, below every generation its
///    peers saw, so they would drop us as a replay; we keep now + 1.)
///  - otherwise: the stored value + 1.
GenerationStep next_generation(std::optional<std::string_view> file, WallSeconds now, HbGenMethod method);

/// Lower-case 8-4-4-4-12 text, as cl_uuid_unparse() writes it.
std::string format_uuid(const Uuid& u);
/// 36-character uuid text (hex in either case); nullopt otherwise.
std::optional<Uuid> parse_uuid(std::string_view s);
bool uuid_is_null(const Uuid& u);

/// A random (version 4) uuid from 16 random bytes, as libuuid's
/// uuid_generate() makes one: version nibble 4, variant bits 10.
Uuid uuid_v4(const std::array<std::uint8_t, 16>& random_bytes);

/// `uuidfrom nodename`: 3.0.6 gen_uuid_from_name() seeds glibc's srand()
/// with a string hash of the (lower-cased) node name, takes rand() % 16 for
/// each of the 32 hex digits and parses the text. Reproduced bit for bit
/// (glibc's TYPE_3 additive generator), so both implementations derive the
/// same uuid for the same name.
Uuid uuid_from_nodename(std::string_view nodename);
/// The seed 3.0.6 logs as "seed is N" for that name.
std::int32_t uuid_name_seed(std::string_view nodename);

/// One line of hostcache/delhostcache: "name\tuuid\tweight\tsite\n".
struct NodeCacheEntry {
    std::string name;
    Uuid uuid{};
    int weight = 100;
    std::string site;
};

/// The whole file, one line per entry (3.0.6 node_uuid_file_out()).
std::string format_node_cache(const std::vector<NodeCacheEntry>& entries);

/// Parses a cache file as 3.0.6 node_uuid_file_in() does (older lines
/// without weight/site columns get weight 100 and no site). On a malformed
/// line returns nullopt and sets `error` to 3.0.6's message.
std::optional<std::vector<NodeCacheEntry>> parse_node_cache(std::string_view text, std::string* error = nullptr);

}  // namespace hb::config
