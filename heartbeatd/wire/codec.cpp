// Wire codec: bytes <-> Message for the netstring form (facts 1.2) and the
// classic form (facts 1.3), plus the two auth layers of facts 1.4.
// Owns framing, field parsing, base64 and which bytes each auth covers. Must
// not do I/O, log, throw on bad input, recurse, or read past the buffer: every
// datagram is untrusted until decode() returns without error.
//
// Strictness, and where it deliberately differs from 3.0.6 (cluster-glue
// cl_netstring.c / cl_msg.c / cl_msg_types.c, heartbeat ha_msg_internal.c):
// - Netstring lengths: decimal digits only, at most 7, no leading zero. 3.0.6
//   accepts leading zeros and skips junk up to ':'; no 3.0.6 sender emits
//   either, so rejecting them costs nothing.
// - Item type digit: 0 string, 1 binary; 2..5 are real cluster-glue types
//   R1 never uses (unsupported_type); anything else is malformed. 3.0.6
//   assert()s on a missing '(' or ')'; we reject.
// - Field names: non-empty, no '\n' or NUL, must not start with '(' (3.0.6
//   would re-read such a name as another type prefix). Values may be empty.
// - "%%%\n" is required (3.0.6 accepts a netstring that just runs out).
// - After the trailer only nothing or one NUL may follow; anything else is
//   bad_framing (3.0.6 ignores trailing bytes). The lone NUL mirrors the
//   classic form and is outside every auth, so it cannot carry meaning.
// - Without a signer (FIFO) the trailer is optional but, if present, must
//   be well formed.
// - The trailer and the classic auth= value must read `<idx> <hex>`: idx 1-2
//   digits, one space, 1-128 lowercase hex digits. 3.0.6 uses sscanf("%d %s")
//   and strcmp, so uppercase hex never verified there either.
// - Classic: blank lines are skipped as 3.0.6's string2msg_ll does; a line
//   without '=' or with a NUL is bad_field; "<<<" must end the frame,
//   followed by nothing, "\0", "\n" or "\n\0". Byte 0x13 in a string value
//   is 3.0.6's stand-in for '\n' (SPECIAL_SYM) and is turned back into '\n';
//   classic_body()/encode_classic() do the reverse. Binary values must be
//   canonical base64 (padding present, unused bits zero) so that re-rendering
//   for the auth check reproduces the sender's bytes exactly.
// - Classic auth: like isauthentic(), the LAST auth field is the token and
//   every auth field is left out of the covered body.
#include "wire/codec.h"

#include <array>
#include <cstdint>
#include <string>
#include <utility>

namespace hb::wire {

namespace {

constexpr std::string_view kNsStart = "###\n";
constexpr std::string_view kNsEnd = "%%%\n";
constexpr std::string_view kClassicStart = ">>>\n";
constexpr std::string_view kClassicEndLine = "<<<";
constexpr char kNewlineSym = '\x13';  // cluster-glue SPECIAL_SYM (19)
constexpr std::size_t kMaxLenDigits = 7;
constexpr std::size_t kMaxIndexDigits = 2;
constexpr std::size_t kMaxTokenHex = 128;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_lower_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); }

/// Untrusted bytes made safe for a log line: printable ASCII kept, the rest
/// as \xNN, cut at `max` input bytes.
std::string printable(std::string_view s, std::size_t max = 64)
{
    static const char digits[] = "0123456789abcdef";
    std::string out;
    const std::size_t n = s.size() < max ? s.size() : max;
    for (std::size_t i = 0; i < n; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c < 0x7f && c != '\\') {
            out += static_cast<char>(c);
        } else {
            out += "\\x";
            out += digits[c >> 4];
            out += digits[c & 15];
        }
    }
    if (n < s.size()) {
        out += "...";
    }
    return out;
}

/// Strict decimal at `pos`: 1..kMaxLenDigits digits, no leading zero
/// (except "0" itself). On success sets `value` and `end` (first non-digit).
bool parse_len(std::string_view buf, std::size_t pos, std::size_t& value, std::size_t& end)
{
    std::size_t i = pos;
    std::size_t v = 0;
    while (i < buf.size() && is_digit(buf[i])) {
        if (i - pos >= kMaxLenDigits) {
            return false;
        }
        v = v * 10 + static_cast<std::size_t>(buf[i] - '0');
        ++i;
    }
    if (i == pos || (buf[pos] == '0' && i - pos > 1)) {
        return false;
    }
    value = v;
    end = i;
    return true;
}

/// One netstring `<len>:<data>,` at `pos`; `next` is just past the ','.
bool peel(std::string_view buf, std::size_t pos, std::string_view& data, std::size_t& next)
{
    std::size_t len = 0;
    std::size_t colon = 0;
    if (!parse_len(buf, pos, len, colon)) {
        return false;
    }
    if (colon >= buf.size() || buf[colon] != ':') {
        return false;
    }
    const std::size_t start = colon + 1;
    // start + len must leave room for the ',' inside the buffer.
    if (len >= buf.size() - start || buf[start + len] != ',') {
        return false;
    }
    data = buf.substr(start, len);
    next = start + len + 1;
    return true;
}

bool valid_name(std::string_view name)
{
    if (name.empty() || name.front() == '(') {
        return false;
    }
    return name.find('\n') == std::string_view::npos
        && name.find('\0') == std::string_view::npos;
}

struct Token {
    int index = -1;
    std::string_view hex;
};

/// `<idx> <hex>` as both auth layers write it.
bool parse_token(std::string_view s, Token& t)
{
    const std::size_t sp = s.find(' ');
    if (sp == std::string_view::npos || sp == 0 || sp > kMaxIndexDigits) {
        return false;
    }
    const std::string_view idx = s.substr(0, sp);
    int v = 0;
    for (char c : idx) {
        if (!is_digit(c)) {
            return false;
        }
        v = v * 10 + (c - '0');
    }
    if (idx.size() > 1 && idx.front() == '0') {
        return false;
    }
    const std::string_view hex = s.substr(sp + 1);
    if (hex.empty() || hex.size() > kMaxTokenHex) {
        return false;
    }
    for (char c : hex) {
        if (!is_lower_hex(c)) {
            return false;
        }
    }
    t.index = v;
    t.hex = hex;
    return true;
}

Decoded failed(Decoded& d, DecodeError e, std::string detail)
{
    d.error = e;
    d.detail = std::move(detail);
    d.msg = Message();
    return std::move(d);
}

/// Checks a parsed token against the signer; none on success.
DecodeError check_token(const Signer& signer, const Token& t, std::string_view covered,
    std::string_view raw, std::string& detail)
{
    if (!signer.has_index(t.index)) {
        detail = "unknown auth index " + std::to_string(t.index);
        return DecodeError::unknown_key;
    }
    if (!signer.verify(t.index, t.hex, covered)) {
        // Only what we received: the expected digest never leaves the signer.
        detail = "authtoken=" + printable(raw, 160);
        if (const std::string why = signer.method_mismatch(t.index, t.hex.size()); !why.empty()) {
            detail += "; " + why;
        }
        return DecodeError::auth_failed;
    }
    return DecodeError::none;
}

/// `(T)name=value` of one netstring item.
DecodeError parse_item(std::string_view item, Message& m, std::string& detail)
{
    if (item.size() < 3 || item[0] != '(' || item[2] != ')') {
        detail = "item without (type): " + printable(item, 24);
        return DecodeError::bad_field;
    }
    const char t = item[1];
    if (t >= '2' && t <= '5') {
        detail = std::string("unsupported field type ") + t;
        return DecodeError::unsupported_type;
    }
    if (t != '0' && t != '1') {
        detail = "bad field type " + printable(item.substr(1, 1));
        return DecodeError::bad_field;
    }
    const std::string_view rest = item.substr(3);
    const std::size_t eq = rest.find('=');
    if (eq == std::string_view::npos) {
        detail = "item without '=': " + printable(item, 24);
        return DecodeError::bad_field;
    }
    const std::string_view name = rest.substr(0, eq);
    if (!valid_name(name)) {
        detail = "bad field name: " + printable(name, 24);
        return DecodeError::bad_field;
    }
    m.add(name, rest.substr(eq + 1), t == '1' ? FieldType::binary : FieldType::string);
    return DecodeError::none;
}

Decoded decode_netstring(std::string_view bytes, const Signer* signer)
{
    Decoded d;
    d.format = Format::netstring;
    std::size_t pos = kNsStart.size();
    for (;;) {
        if (pos >= bytes.size() || !is_digit(bytes[pos])) {
            if (bytes.substr(pos, kNsEnd.size()) == kNsEnd) {
                break;
            }
            return failed(d, DecodeError::bad_framing,
                "no end marker at offset " + std::to_string(pos));
        }
        std::string_view item;
        std::size_t next = 0;
        if (!peel(bytes, pos, item, next)) {
            return failed(d, DecodeError::bad_field,
                "malformed item at offset " + std::to_string(pos));
        }
        std::string detail;
        const DecodeError e = parse_item(item, d.msg, detail);
        if (e != DecodeError::none) {
            return failed(d, e, detail + " at offset " + std::to_string(pos));
        }
        pos = next;
    }
    const std::size_t covered_end = pos + kNsEnd.size();
    const std::string_view covered = bytes.substr(0, covered_end);
    const std::string_view rest = bytes.substr(covered_end);
    const bool has_trailer = !(rest.empty() || rest == std::string_view("\0", 1));

    Token tok;
    std::string_view raw;
    if (has_trailer) {
        std::size_t next = 0;
        if (!peel(bytes, covered_end, raw, next)) {
            return failed(d, DecodeError::bad_trailer, "malformed trailer: " + printable(rest, 48));
        }
        const std::string_view after = bytes.substr(next);
        if (!(after.empty() || after == std::string_view("\0", 1))) {
            return failed(d, DecodeError::bad_framing,
                std::to_string(after.size()) + " bytes after the trailer");
        }
        if (!parse_token(raw, tok)) {
            return failed(d, DecodeError::bad_trailer, "malformed trailer: " + printable(raw, 48));
        }
    }
    if (signer != nullptr) {
        if (!has_trailer) {
            return failed(d, DecodeError::bad_trailer, "no trailer auth");
        }
        std::string detail;
        const DecodeError e = check_token(*signer, tok, covered, raw, detail);
        if (e != DecodeError::none) {
            return failed(d, e, std::move(detail));
        }
    }
    return d;
}

/// One classic line `name=value` or `(1)name=<base64>`.
DecodeError parse_line(std::string_view line, Message& m, std::string& detail)
{
    if (line.find('\0') != std::string_view::npos) {
        detail = "NUL inside a line";
        return DecodeError::bad_field;
    }
    const std::size_t eq = line.find('=');
    if (eq == std::string_view::npos) {
        detail = "line doesn't contain '=': " + printable(line, 24);
        return DecodeError::bad_field;
    }
    std::string_view name = line.substr(0, eq);
    const std::string_view value = line.substr(eq + 1);
    FieldType type = FieldType::string;
    if (!name.empty() && name.front() == '(') {
        if (name.size() < 3 || name[2] != ')') {
            detail = "no closing parenthesis: " + printable(name, 24);
            return DecodeError::bad_field;
        }
        const char t = name[1];
        if (t >= '2' && t <= '5') {
            detail = std::string("unsupported field type ") + t;
            return DecodeError::unsupported_type;
        }
        if (t != '1') {  // "(0)" is refused by 3.0.6 too ("wrong type")
            detail = "bad field type " + printable(name.substr(1, 1));
            return DecodeError::bad_field;
        }
        type = FieldType::binary;
        name.remove_prefix(3);
    }
    if (!valid_name(name)) {
        detail = "bad field name: " + printable(name, 24);
        return DecodeError::bad_field;
    }
    if (type == FieldType::binary) {
        std::string bytes;
        if (!base64_decode(value, bytes)) {
            detail = "bad base64 in " + printable(name, 24);
            return DecodeError::bad_field;
        }
        m.add(name, bytes, FieldType::binary);
        return DecodeError::none;
    }
    std::string v(value);
    for (char& c : v) {
        if (c == kNewlineSym) {
            c = '\n';
        }
    }
    m.add(name, v, FieldType::string);
    return DecodeError::none;
}

bool classic_tail_ok(std::string_view rest)
{
    return rest.empty() || rest == std::string_view("\0", 1) || rest == "\n"
        || rest == std::string_view("\n\0", 2);
}

Decoded decode_classic(std::string_view bytes, const Signer* signer)
{
    Decoded d;
    d.format = Format::classic;
    std::size_t pos = kClassicStart.size();
    bool ended = false;
    while (pos < bytes.size()) {
        const std::size_t nl = bytes.find('\n', pos);
        if (nl == std::string_view::npos) {
            break;
        }
        const std::string_view line = bytes.substr(pos, nl - pos);
        pos = nl + 1;
        if (line.empty()) {
            continue;  // 3.0.6 skips newlines before each line
        }
        if (line == kClassicEndLine) {
            ended = true;
            break;
        }
        std::string detail;
        const DecodeError e = parse_line(line, d.msg, detail);
        if (e != DecodeError::none) {
            return failed(d, e, std::move(detail));
        }
    }
    if (!ended) {
        return failed(d, DecodeError::bad_framing, "no <<< end marker");
    }
    if (!classic_tail_ok(bytes.substr(pos))) {
        return failed(d, DecodeError::bad_framing,
            std::to_string(bytes.size() - pos) + " bytes after the end marker");
    }
    if (signer != nullptr) {
        const Field* auth = nullptr;
        for (const Field& fl : d.msg.fields()) {
            if (fl.name == f::auth) {
                auth = &fl;  // the last one counts, as in isauthentic()
            }
        }
        if (auth == nullptr) {
            return failed(d, DecodeError::no_auth, "no auth field");
        }
        Token tok;
        if (auth->type != FieldType::string || !parse_token(auth->value, tok)) {
            return failed(d, DecodeError::bad_trailer, "malformed auth field: " + printable(auth->value, 48));
        }
        std::string detail;
        const DecodeError e = check_token(*signer, tok, classic_body(d.msg), auth->value, detail);
        if (e != DecodeError::none) {
            return failed(d, e, std::move(detail));
        }
    }
    return d;
}

void append_classic_line(std::string& out, const Field& fl)
{
    if (fl.type == FieldType::binary) {
        out += "(1)";
        out += fl.name;
        out += '=';
        out += base64_encode(fl.value);
    } else {
        out += fl.name;
        out += '=';
        for (char c : fl.value) {
            out += (c == '\n') ? kNewlineSym : c;
        }
    }
    out += '\n';
}

constexpr std::string_view kB64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<std::int8_t, 256> make_b64_values()
{
    std::array<std::int8_t, 256> v{};
    for (auto& x : v) {
        x = -1;
    }
    for (std::size_t i = 0; i < kB64.size(); ++i) {
        v[static_cast<unsigned char>(kB64[i])] = static_cast<std::int8_t>(i);
    }
    return v;
}

constexpr std::array<std::int8_t, 256> kB64Values = make_b64_values();

}  // namespace

std::string_view to_string(DecodeError e)
{
    switch (e) {
    case DecodeError::none: return "none";
    case DecodeError::too_big: return "too_big";
    case DecodeError::bad_framing: return "bad_framing";
    case DecodeError::bad_field: return "bad_field";
    case DecodeError::unsupported_type: return "unsupported_type";
    case DecodeError::bad_trailer: return "bad_trailer";
    case DecodeError::unknown_key: return "unknown_key";
    case DecodeError::auth_failed: return "auth_failed";
    case DecodeError::no_auth: return "no_auth";
    }
    return "unknown";
}

Decoded decode(std::string_view bytes, const Signer* signer)
{
    if (bytes.size() >= kMaxMessage) {
        Decoded d;
        d.error = DecodeError::too_big;
        d.detail = "message of " + std::to_string(bytes.size()) + " bytes";
        return d;
    }
    if (bytes.substr(0, kNsStart.size()) == kNsStart) {
        return decode_netstring(bytes, signer);
    }
    if (bytes.substr(0, kClassicStart.size()) == kClassicStart) {
        return decode_classic(bytes, signer);
    }
    Decoded d;
    d.error = DecodeError::bad_framing;
    d.detail = "no message start: " + printable(bytes, 16);
    return d;
}

std::string classic_body(const Message& m)
{
    std::string out;
    for (const Field& fl : m.fields()) {
        if (fl.name != f::auth) {
            append_classic_line(out, fl);
        }
    }
    return out;
}

void add_inner_auth(Message& m, const Signer& s)
{
    // Like add_msg_auth(), but the field always ends up last: 3.0.6's
    // ha_msg_mod would keep an earlier auth in place.
    m.remove(f::auth);
    m.add(f::auth, s.token(classic_body(m)));
}

std::string encode_netstring(const Message& m, const Signer& s)
{
    std::string out(kNsStart);
    std::string item;
    for (const Field& fl : m.fields()) {
        item.assign(fl.type == FieldType::binary ? "(1)" : "(0)");
        item += fl.name;
        item += '=';
        item += fl.value;
        out += std::to_string(item.size());
        out += ':';
        out += item;
        out += ',';
    }
    out += kNsEnd;
    const std::string tok = s.token(out);
    out += std::to_string(tok.size());
    out += ':';
    out += tok;
    out += ',';
    return out;
}

std::string encode_classic(const Message& m)
{
    std::string out(kClassicStart);
    for (const Field& fl : m.fields()) {
        append_classic_line(out, fl);
    }
    out += kClassicEndLine;
    out += '\n';
    return out;
}

std::string base64_encode(std::string_view bytes)
{
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    auto at = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[k])); };
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t v = (at(i) << 16) | (at(i + 1) << 8) | at(i + 2);
        out += kB64[(v >> 18) & 63];
        out += kB64[(v >> 12) & 63];
        out += kB64[(v >> 6) & 63];
        out += kB64[v & 63];
    }
    const std::size_t left = bytes.size() - i;
    if (left > 0) {
        std::uint32_t v = at(i) << 16;
        if (left == 2) {
            v |= at(i + 1) << 8;
        }
        out += kB64[(v >> 18) & 63];
        out += kB64[(v >> 12) & 63];
        out += left == 2 ? kB64[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

bool base64_decode(std::string_view text, std::string& out)
{
    out.clear();
    if (text.size() % 4 != 0) {
        return false;
    }
    out.reserve(text.size() / 4 * 3);
    for (std::size_t i = 0; i < text.size(); i += 4) {
        const bool last = i + 4 == text.size();
        std::size_t pad = 0;
        if (last) {
            pad = text[i + 3] == '=' ? (text[i + 2] == '=' ? 2 : 1) : 0;
        }
        std::uint32_t v = 0;
        for (std::size_t k = 0; k < 4; ++k) {
            if (k >= 4 - pad) {
                v <<= 6;
                continue;
            }
            const std::int8_t s = kB64Values[static_cast<unsigned char>(text[i + k])];
            if (s < 0) {
                return false;  // also catches '=' anywhere but the end
            }
            v = (v << 6) | static_cast<std::uint32_t>(s);
        }
        // Canonical form only: the bits the padding leaves unused must be 0.
        if ((pad == 1 && (v & 0xffu) != 0) || (pad == 2 && (v & 0xffffu) != 0)) {
            return false;
        }
        out += static_cast<char>((v >> 16) & 0xffu);
        if (pad < 2) {
            out += static_cast<char>((v >> 8) & 0xffu);
        }
        if (pad < 1) {
            out += static_cast<char>(v & 0xffu);
        }
    }
    return true;
}

}  // namespace hb::wire
