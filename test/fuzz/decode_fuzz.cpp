// libFuzzer target for wire::decode (not part of `make test`).
//
//   clang++ -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -Iheartbeatd \
//       test/fuzz/decode_fuzz.cpp heartbeatd/wire/codec.cpp heartbeatd/wire/auth.cpp \
//       heartbeatd/wire/message.cpp heartbeatd/base/strings.cpp -lcrypto -o build/decode_fuzz
//   build/decode_fuzz -max_len=4096 test/vectors/
//
// Besides "no crash", it checks the codec's invariants on every input that
// decodes: a netstring packet that authenticates re-encodes to the same bytes
// (items and trailer have exactly one spelling), and a classic one re-encodes
// to something that decodes to the same message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "wire/codec.h"

namespace {

const hb::wire::Signer& crc_signer()
{
    static const hb::wire::Signer s = [] {
        hb::config::Authkeys k;
        k.active = 1;
        k.keys[1] = hb::config::AuthKey{hb::config::AuthMethod::crc, "", 1};
        return hb::wire::Signer(k);
    }();
    return s;
}

void require(bool ok)
{
    if (!ok) {
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    const hb::wire::Signer& crc = crc_signer();

    const hb::wire::Decoded plain = hb::wire::decode(in, nullptr);
    const hb::wire::Decoded d = hb::wire::decode(in, &crc);
    if (!d) {
        require(d.msg.empty());
        return 0;
    }
    require(static_cast<bool>(plain) && plain.msg == d.msg);
    if (d.format == hb::wire::Format::netstring) {
        std::string_view exact = in;
        if (!exact.empty() && exact.back() == '\0') {
            exact.remove_suffix(1);
        }
        require(hb::wire::encode_netstring(d.msg, crc) == exact);
    } else {
        const hb::wire::Decoded again = hb::wire::decode(hb::wire::encode_classic(d.msg), &crc);
        require(static_cast<bool>(again) && again.msg == d.msg);
    }
    return 0;
}
