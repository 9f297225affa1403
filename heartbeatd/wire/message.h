// An ha_msg: an ordered list of name=value fields. Pure.
// Values are raw bytes (binary uuids included); the field type digit says how
// the netstring form tags them and whether the classic form base64-encodes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hb::wire {

enum class FieldType : std::uint8_t {
    string = 0,
    binary = 1,
    // 2..5 (nested message, string list, compressed, struct) never appear in
    // R1 traffic; the codec rejects them.
};

struct Field {
    std::string name;
    std::string value;
    FieldType type = FieldType::string;
};

// Well-known field names (cluster-glue ha_msg.h).
namespace f {
inline constexpr std::string_view type = "t";
inline constexpr std::string_view src = "src";
inline constexpr std::string_view srcuuid = "srcuuid";
inline constexpr std::string_view seq = "seq";
inline constexpr std::string_view hg = "hg";
inline constexpr std::string_view ts = "ts";
inline constexpr std::string_view ld = "ld";
inline constexpr std::string_view ttl = "ttl";
inline constexpr std::string_view auth = "auth";
inline constexpr std::string_view dest = "dest";
inline constexpr std::string_view destuuid = "destuuid";
inline constexpr std::string_view st = "st";
inline constexpr std::string_view dt = "dt";
inline constexpr std::string_view protocol = "protocol";
inline constexpr std::string_view firstseq = "firstseq";
inline constexpr std::string_view lastseq = "lastseq";
inline constexpr std::string_view ackseq = "ackseq";
inline constexpr std::string_view info = "info";
inline constexpr std::string_view nodelist = "nodelist";
inline constexpr std::string_view delnodelist = "delnodelist";
}  // namespace f

class Message {
public:
    Message() = default;
    explicit Message(std::string_view type) { add(f::type, type); }

    /// Pointer to the first field called `name`, or nullptr.
    const Field* find(std::string_view name) const;
    bool has(std::string_view name) const { return find(name) != nullptr; }
    /// Value of the first field called `name`, or "" when absent.
    std::string_view value(std::string_view name) const;
    std::optional<std::string_view> get(std::string_view name) const;

    /// Appends a field (duplicates allowed, as in ha_msg_add).
    void add(std::string_view name, std::string_view value, FieldType type = FieldType::string);
    /// Replaces the first field called `name` in place, or appends it
    /// (ha_msg_mod semantics: field order is preserved).
    void set(std::string_view name, std::string_view value, FieldType type = FieldType::string);
    void remove(std::string_view name);

    std::string_view type() const { return value(f::type); }
    const std::vector<Field>& fields() const { return fields_; }
    bool empty() const { return fields_.empty(); }

    friend bool operator==(const Message& a, const Message& b);

private:
    std::vector<Field> fields_;
};

bool operator==(const Field& a, const Field& b);

}  // namespace hb::wire
