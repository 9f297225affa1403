// Wire codec: the netstring form 3.0.6 transmits (facts 1.2) and the classic
// `>>>`/`<<<` form (facts 1.3, used on serial links and in the FIFO).
// Decoding authenticates before anything else reads the message: a netstring
// message by its trailer, a classic one by its `auth=` field (facts 1.4).
// Pure: bytes in, Message or a reject reason out.
#pragma once

#include <string>
#include <string_view>

#include "wire/auth.h"
#include "wire/message.h"

namespace hb::wire {

/// Largest message accepted or sent (3.0.6 MAXMSG is 256 KiB, exclusive).
inline constexpr std::size_t kMaxMessage = 262144;

enum class Format { netstring, classic };

enum class DecodeError {
    none,
    too_big,          // >= kMaxMessage bytes
    bad_framing,      // no ###/>>> start, no %%% / <<< end, garbage
    bad_field,        // malformed item: length, type digit, missing '='
    unsupported_type, // field types 2..5
    bad_trailer,      // trailer missing or malformed, or auth= malformed
    unknown_key,      // key index not in our authkeys
    auth_failed,      // digest mismatch
    no_auth,          // classic message without an auth field (when required)
};

std::string_view to_string(DecodeError e);

struct Decoded {
    DecodeError error = DecodeError::none;
    Format format = Format::netstring;
    Message msg;          // valid when error == none
    std::string detail;   // human detail for the log ("authtoken=..." etc.)
    explicit operator bool() const { return error == DecodeError::none; }
};

/// Decodes one datagram or serial/FIFO frame. With a signer, the message must
/// authenticate; with nullptr (local FIFO input) auth is not checked, but a
/// netstring trailer, if present, must still be well formed. The format is
/// chosen by the first bytes ("###\n" or ">>>\n"). One trailing NUL is
/// tolerated after either form (and "\n" / "\n\0" after "<<<\n"). Any auth
/// field is kept in `msg` as an ordinary field. On failure `msg` is empty and
/// `detail` says why; it may quote the received token but never the digest
/// we expected. Never throws on bad input (codec.cpp lists the exact rules).
Decoded decode(std::string_view bytes, const Signer* signer);

/// The classic rendering of every field except `auth`, without markers: the
/// bytes the inner `auth` field covers. `name=value\n`, binary fields as
/// `(1)name=<base64>\n`.
std::string classic_body(const Message& m);

/// Sets the inner `auth` field (last field before the end marker) to the
/// active key's token over classic_body(m). Every earlier `auth` field is
/// removed, so exactly one remains and it is last.
void add_inner_auth(Message& m, const Signer& s);

/// Netstring form with the trailer auth over `###\n`...`%%%\n`. No trailing NUL.
std::string encode_netstring(const Message& m, const Signer& s);

/// Classic form: `>>>\n` name=value lines `<<<\n` (includes whatever auth
/// field `m` has). No trailing NUL. The form cannot carry a NUL or a 0x13
/// byte in a string value (0x13 stands for '\n'), nor names with '=' or '\n':
/// such messages do not survive a round trip (3.0.6 has the same limits).
std::string encode_classic(const Message& m);

/// Standard alphabet, '=' padding. Decoding is strict: length a multiple of
/// 4, padding only at the end, unused bits zero; false on anything else.
std::string base64_encode(std::string_view bytes);
bool base64_decode(std::string_view text, std::string& out);

}  // namespace hb::wire
