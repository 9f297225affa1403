// Message authentication: the authkeys methods (3.0.6's crc, md5, sha1 and
// heartbeatd's sha256). Owns the CRC-32/POSIX
// table and the HMAC calls into OpenSSL; must not do I/O, keep state beyond
// the keys it was built with, or log (callers log, and never the expected
// digest). Facts section 1.4.
#include "wire/auth.h"

#include <array>
#include <cstdint>

#include <openssl/crypto.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <cstdio>

#include "base/strings.h"
#include "config/authkeys.h"

namespace hb::wire {

namespace {

// Table for the MSB-first polynomial 0x04C11DB7, the one 3.0.6's crc method
// (and POSIX cksum) uses.
constexpr std::array<std::uint32_t, 256> make_crc_table()
{
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
        std::uint32_t c = i << 24;
        for (int bit = 0; bit < 8; ++bit) {
            c = (c & 0x80000000u) ? (c << 1) ^ 0x04C11DB7u : (c << 1);
        }
        t[i] = c;
    }
    return t;
}

constexpr std::array<std::uint32_t, 256> kCrcTable = make_crc_table();

// HMAC through OpenSSL 3's one-shot EVP_Q_mac (HMAC() is deprecated in 3.0).
// A key longer than the 64-byte block is hashed first by HMAC itself, as
// RFC 2104 and 3.0.6's md5/sha1 plugins do. Returns "" if OpenSSL fails.
std::string hmac_hex(const char* digest, std::string_view key, std::string_view data)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    std::size_t out_len = 0;
    // A zero-length key must still be passed as a valid pointer.
    static const unsigned char empty = 0;
    const void* key_ptr = key.empty() ? static_cast<const void*>(&empty)
                                      : static_cast<const void*>(key.data());
    const unsigned char* data_ptr = data.empty()
        ? &empty
        : reinterpret_cast<const unsigned char*>(data.data());
    if (EVP_Q_mac(nullptr, "HMAC", nullptr, digest, nullptr, key_ptr, key.size(), data_ptr,
            data.size(), out, sizeof out, &out_len) == nullptr) {
        return std::string();
    }
    return hex_bytes(std::string_view(reinterpret_cast<const char*>(out), out_len));
}

// OpenSSL digest name of an HMAC method (crc has none).
const char* digest_name(config::AuthMethod m)
{
    switch (m) {
    case config::AuthMethod::md5: return "MD5";
    case config::AuthMethod::sha1: return "SHA1";
    case config::AuthMethod::sha256: return "SHA256";
    case config::AuthMethod::crc: break;
    }
    return "";
}

}  // namespace

std::uint32_t crc32_posix(std::string_view data)
{
    std::uint32_t crc = 0;
    for (unsigned char b : data) {
        crc = (crc << 8) ^ kCrcTable[((crc >> 24) ^ b) & 0xffu];
    }
    // No length bytes are fed (unlike cksum(1)); only the final inversion.
    return ~crc;
}

Signer::Signer(const config::Authkeys& keys) : keys_(keys)
{
    static EVP_MAC* const hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    if (hmac == nullptr) {
        return;  // compute() falls back to the one-shot path
    }
    for (int i = 0; i <= config::kMaxAuthIndex; ++i) {
        const config::AuthKey* key = keys_.find(i);
        if (key == nullptr || key->method == config::AuthMethod::crc) {
            continue;
        }
        EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(hmac);
        if (ctx == nullptr) {
            continue;
        }
        char digest[8];
        std::snprintf(digest, sizeof digest, "%s", digest_name(key->method));
        OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("digest", digest, 0), OSSL_PARAM_construct_end()};
        static const unsigned char empty = 0;
        const unsigned char* k = key->secret.empty() ? &empty : reinterpret_cast<const unsigned char*>(key->secret.data());
        if (EVP_MAC_init(ctx, k, key->secret.size(), params) != 1) {
            EVP_MAC_CTX_free(ctx);
            continue;
        }
        macs_[static_cast<std::size_t>(i)] =
            std::shared_ptr<void>(ctx, [](void* c) { EVP_MAC_CTX_free(static_cast<EVP_MAC_CTX*>(c)); });
    }
}

// Per-index semantics: the digest uses the method AND the secret of `index`.
// 3.0.6 differs for netstring packets: it takes the method of the packet's
// index but the secret of its own active entry (facts 1.4). Both agree when
// the nodes share one active key, which is the only setup that interoperates;
// using the named entry is the coherent reading and lets a key roll-over keep
// verifying old-index packets.
std::string Signer::compute(int index, std::string_view data) const
{
    const config::AuthKey* key = keys_.find(index);
    if (key == nullptr) {
        return std::string();
    }
    if (const auto& base = macs_[static_cast<std::size_t>(index)]) {
        EVP_MAC_CTX* ctx = EVP_MAC_CTX_dup(static_cast<EVP_MAC_CTX*>(base.get()));
        unsigned char out[EVP_MAX_MD_SIZE];
        std::size_t out_len = 0;
        const bool ok = ctx != nullptr
            && EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1
            && EVP_MAC_final(ctx, out, &out_len, sizeof out) == 1;
        EVP_MAC_CTX_free(ctx);
        if (ok) {
            return hex_bytes(std::string_view(reinterpret_cast<const char*>(out), out_len));
        }
    }
    switch (key->method) {
    case config::AuthMethod::crc:
        return to_hex(crc32_posix(data));
    case config::AuthMethod::md5:
    case config::AuthMethod::sha1:
    case config::AuthMethod::sha256:
        return hmac_hex(digest_name(key->method), key->secret, data);
    }
    return std::string();
}

std::string Signer::method_mismatch(int index, std::size_t hex_len) const
{
    const config::AuthKey* key = keys_.find(index);
    if (key == nullptr) {
        return std::string();
    }
    const auto expected = [](config::AuthMethod m) -> std::size_t {
        switch (m) {
        case config::AuthMethod::md5: return 32;
        case config::AuthMethod::sha1: return 40;
        case config::AuthMethod::sha256: return 64;
        case config::AuthMethod::crc: break;
        }
        return 0;  // crc: 1 to 8 digits
    };
    const std::size_t want = expected(key->method);
    if (want == 0 ? hex_len <= 8 : hex_len == want) {
        return std::string();
    }
    std::string theirs = hex_len <= 8 ? "crc" : hex_len == 32 ? "md5" : hex_len == 40 ? "sha1"
                       : hex_len == 64 ? "sha256" : "no known method";
    std::string s = "a " + std::to_string(hex_len) + "-digit token is " + theirs + ", key " + std::to_string(index)
                    + " here is " + std::string(config::auth_method_name(key->method));
    if (theirs == "sha256" || key->method == config::AuthMethod::sha256) {
        s += " (sha256 is heartbeatd only; Heartbeat 3.0.6 does not have it)";
    }
    return s;
}

std::string Signer::token(std::string_view data) const
{
    return std::to_string(keys_.active) + " " + compute(keys_.active, data);
}

bool Signer::verify(int index, std::string_view hex, std::string_view data) const
{
    const std::string expected = compute(index, data);
    if (expected.empty() || expected.size() != hex.size()) {
        return false;
    }
    return CRYPTO_memcmp(expected.data(), hex.data(), expected.size()) == 0;
}

}  // namespace hb::wire
