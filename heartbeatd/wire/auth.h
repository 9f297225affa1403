// Message authentication as authkeys configures it: crc (CRC-32/POSIX, no
// length, unpadded hex), md5 (HMAC-MD5), sha1 (HMAC-SHA1), sha256
// (HMAC-SHA256, heartbeatd only; 3.0.6 has no such method), all through
// OpenSSL (no hand-written crypto beyond the CRC table). Pure: no I/O.
// Facts section 1.4.
#pragma once

#include <cstdint>
#include <array>
#include <memory>
#include <string>
#include <string_view>

#include "config/config.h"

namespace hb::wire {

class Signer {
public:
    explicit Signer(const config::Authkeys& keys);

    int active_index() const { return keys_.active; }
    bool has_index(int index) const { return keys_.find(index) != nullptr; }

    /// Lowercase hex digest of `data` with the method and secret of `index`
    /// (crc: "%lx", no padding). Empty when the index is not configured.
    std::string compute(int index, std::string_view data) const;

    /// `<index> <hex>` with the active key: the form both auth layers use.
    /// (Config validation guarantees the active index has a key.)
    std::string token(std::string_view data) const;

    /// Constant-time check of `hex` against compute(index, data).
    bool verify(int index, std::string_view hex, std::string_view data) const;

    /// When a received token's length cannot come from the method of
    /// `index` here: a note such as "a 40-digit token is sha1 (or md5/crc),
    /// key 1 here is sha256" for the operator (the peer uses another
    /// method); empty when the length fits. Says nothing about the secret.
    std::string method_mismatch(int index, std::size_t hex_len) const;

private:
    config::Authkeys keys_;
    // Per index, an HMAC context already keyed (OpenSSL EVP_MAC_CTX); each
    // digest works on a copy, so the algorithm lookup and key schedule are
    // paid once, not per message. Opaque here to keep OpenSSL out of headers.
    std::array<std::shared_ptr<void>, config::kMaxAuthIndex + 1> macs_{};
};

/// CRC-32/POSIX as 3.0.6's crc method computes it (facts 1.4 table).
std::uint32_t crc32_posix(std::string_view data);

}  // namespace hb::wire
