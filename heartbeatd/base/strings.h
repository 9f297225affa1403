// Small string helpers shared by the parsers and the codec. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hb {

/// Splits on runs of spaces and tabs (and \r, \n); no empty tokens.
std::vector<std::string> split_ws(std::string_view s);

std::string to_lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
std::string_view trim(std::string_view s);

/// Whole-string unsigned parses; nullopt on empty input, junk or overflow.
std::optional<std::uint64_t> parse_dec(std::string_view s);
std::optional<std::uint64_t> parse_hex(std::string_view s);

/// Lowercase hex without padding, as heartbeat's "%lx".
std::string to_hex(std::uint64_t v);

/// Lowercase hex of every byte, two digits each.
std::string hex_bytes(std::string_view bytes);

}  // namespace hb
