// authkeys: `auth N` plus `N crc|md5|sha1|sha256 [secret]` lines (sha256 is a
// heartbeatd extension), read as 3.0.6's
// parse_authfile() (heartbeat/auth.c) reads them, and the file-mode rule.
// Pure: the mode is passed in by the loader, which does the stat().
#pragma once

#include <string_view>

#include "base/diag.h"
#include "config/config.h"

namespace hb::config {

/// Parses authkeys text. Errors go to `diag`; the result is usable only if
/// there were none. The keyfile path in messages is diag.file().
Authkeys parse_authkeys(std::string_view text, DiagSink& diag);

/// 3.0.6 refuses a key file readable by group or others (the owner and the
/// write bits are not checked): `mode` is st_mode or its permission bits.
bool keyfile_mode_ok(unsigned mode);

/// Reports `Bad permissions on keyfile [PATH], 600 recommended.` (line 0)
/// when keyfile_mode_ok() fails; returns whether the mode was fine. The
/// daemon exits 6 on it, as 3.0.6 does.
bool check_keyfile_mode(unsigned mode, DiagSink& diag);

std::string_view auth_method_name(AuthMethod m);

}  // namespace hb::config
