// authkeys parser and permission rule. Pure; see authkeys.h. Follows 3.0.6
// parse_authfile(): a line whose first non-blank character is `#` is a
// comment (a `#` later on the line is part of the text, so a secret may
// contain one); a line starting with `a` is the `auth N` line; any other
// line is `index method [secret]`, extra words ignored.
#include "config/authkeys.h"

#include <array>
#include <string>

#include "base/strings.h"
#include "config/values.h"

namespace hb::config {

namespace {

// st_mode permission bits, spelled out because pure code may not include
// <sys/stat.h>: S_IRGRP is 040 and S_IROTH is 004.
constexpr unsigned kGroupRead = 040;
constexpr unsigned kOtherRead = 004;

std::string quoted(std::string_view v) { return "[" + std::string(v) + "]"; }

std::optional<AuthMethod> method_from(std::string_view s)
{
    // The HBauth plugin names, compared case-sensitively like plugin files.
    if (s == "crc") {
        return AuthMethod::crc;
    }
    if (s == "md5") {
        return AuthMethod::md5;
    }
    if (s == "sha1") {
        return AuthMethod::sha1;
    }
    if (s == "sha256") {  // heartbeatd extension, unknown to 3.0.6
        return AuthMethod::sha256;
    }
    return std::nullopt;
}

}  // namespace

std::string_view auth_method_name(AuthMethod m)
{
    switch (m) {
    case AuthMethod::crc: return "crc";
    case AuthMethod::md5: return "md5";
    case AuthMethod::sha1: return "sha1";
    case AuthMethod::sha256: return "sha256";
    }
    return "crc";
}

Authkeys parse_authkeys(std::string_view text, DiagSink& diag)
{
    Authkeys keys;
    int authnum = -1;   // the last `auth N` read so far
    int auth_line = 0;
    std::array<int, kMaxAuthIndex + 1> key_line{};
    int lineno = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto nl = text.find('\n', pos);
        if (nl == std::string_view::npos) {
            nl = text.size();
        }
        const std::string_view raw = text.substr(pos, nl - pos);
        pos = nl + 1;
        ++lineno;
        const std::string_view body = trim(raw);
        if (body.empty() || body.front() == '#') {
            continue;
        }
        const auto w = split_ws(body);
        if (body.front() == 'a') {
            auto n = w.size() >= 2 && w[0] == "auth" ? parse_int(w[1], -1'000'000, 1'000'000) : std::nullopt;
            if (!n) {
                diag.error(lineno, "Invalid auth line " + quoted(body));
                continue;
            }
            if (auth_line != 0) {
                diag.warning(lineno, "auth directive repeated (first at line " + std::to_string(auth_line)
                                         + "); signing follows the key lines that come after each one");
            }
            authnum = static_cast<int>(*n);
            auth_line = lineno;
            continue;
        }
        auto index = w.size() >= 2 ? parse_int(w[0], -1'000'000, 1'000'000) : std::nullopt;
        if (!index) {
            diag.error(lineno, "Auth line " + quoted(body) + " is invalid.");
            continue;
        }
        const int i = static_cast<int>(*index);
        if (i < 0 || i > kMaxAuthIndex) {
            diag.error(lineno, "Invalid authnum [" + std::to_string(i) + "] (expected 0 to "
                                   + std::to_string(kMaxAuthIndex) + ")");
            continue;
        }
        auto method = method_from(w[1]);
        if (!method) {
            diag.error(lineno, "Invalid authtype " + quoted(w[1]) + " (expected crc, md5, sha1 or sha256)",
                       "use sha1 with a random secret (e.g. '" + std::to_string(i)
                           + " sha1 ' followed by the output of 'openssl rand -hex 20')");
            continue;
        }
        const std::string secret = w.size() >= 3 ? w[2] : std::string();
        if (*method == AuthMethod::crc && !secret.empty()) {
            diag.error(lineno, "Auth method [crc] doesn't use a key");
            continue;
        }
        if (*method != AuthMethod::crc && secret.empty()) {
            diag.error(lineno, "Auth method " + quoted(w[1]) + " requires a key");
            continue;
        }
        if (secret.front() == '#') {
            diag.warning(lineno, "the key of index " + std::to_string(i)
                                     + " starts with '#': it is part of the key, not a comment");
        }
        const auto slot = static_cast<std::size_t>(i);
        if (keys.keys[slot]) {
            diag.error(lineno, "Duplicate auth key index [" + std::to_string(i) + "] (first defined at line "
                                   + std::to_string(key_line[slot]) + ")");
            continue;
        }
        keys.keys[slot] = AuthKey{*method, secret, lineno};
        key_line[slot] = lineno;
        // As in 3.0.6, a key becomes the signing key only if its line comes
        // after the `auth N` line naming it.
        if (i == authnum) {
            keys.active = i;
        }
    }
    if (keys.active < 0) {
        if (authnum < 0) {
            diag.error(0, "Missing auth directive in keyfile [" + diag.file() + "]",
                       "add an 'auth N' line naming the key index to sign with, above that key's line");
        } else {
            std::string msg = "Auth Key [" + std::to_string(authnum) + "] not found in keyfile [" + diag.file() + "]";
            if (authnum <= kMaxAuthIndex && keys.find(authnum) != nullptr) {
                msg += " (its key line must come after the 'auth " + std::to_string(authnum) + "' line)";
            }
            diag.error(auth_line, msg, "add a line '" + std::to_string(authnum)
                                           + " sha1 SECRET' after the 'auth' line, or make 'auth' name an existing index");
        }
    }
    return keys;
}

bool keyfile_mode_ok(unsigned mode) { return (mode & (kGroupRead | kOtherRead)) == 0; }

bool check_keyfile_mode(unsigned mode, DiagSink& diag)
{
    if (keyfile_mode_ok(mode)) {
        return true;
    }
    diag.error(0, "Bad permissions on keyfile [" + diag.file() + "], 600 recommended.",
               "chmod 600 " + diag.file());
    return false;
}

}  // namespace hb::config
