// hbinject: crafts heartbeat messages for tests and sends them as one UDP
// datagram. Used to show that bad packets are dropped, counted and change
// nothing. Test tool only (never installed).
//
//   hbinject [options] DEST_IP [PORT]
//     --type T          message type (default status)
//     --src NAME        src field (default node9)
//     --gen N           hg, decimal (default 1)
//     --seq N           seq, decimal (default 1)
//     --st STATUS       st for status messages (default active)
//     --field n=v       extra field (repeatable)
//     --auth M:KEY      sign with method crc|md5|sha1 (index 1)
//     --index N         key index (default 1)
//     --raw TEXT        send TEXT as is (broken framing)
//     --count N         send N copies (default 1)
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "base/strings.h"
#include "wire/codec.h"

using namespace hb;

int main(int argc, char** argv)
{
    std::string type = "status", src = "node9", st = "active", raw, dest;
    std::uint64_t gen = 1, seq = 1;
    int port = 694, count = 1, index = 1;
    bool have_raw = false;
    std::vector<std::pair<std::string, std::string>> extra;
    config::Authkeys keys;
    keys.active = 1;
    keys.keys[1] = config::AuthKey{config::AuthMethod::crc, "", 0};
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "hbinject: %s needs a value\n", a.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--type") type = next();
        else if (a == "--src") src = next();
        else if (a == "--gen") gen = std::strtoull(next().c_str(), nullptr, 10);
        else if (a == "--seq") seq = std::strtoull(next().c_str(), nullptr, 10);
        else if (a == "--st") st = next();
        else if (a == "--count") count = std::atoi(next().c_str());
        else if (a == "--index") index = std::atoi(next().c_str());
        else if (a == "--raw") { raw = next(); have_raw = true; }
        else if (a == "--field") {
            std::string f = next();
            auto eq = f.find('=');
            extra.emplace_back(f.substr(0, eq), eq == std::string::npos ? "" : f.substr(eq + 1));
        } else if (a == "--auth") {
            std::string s = next();
            auto colon = s.find(':');
            std::string m = s.substr(0, colon);
            std::string key = colon == std::string::npos ? "" : s.substr(colon + 1);
            config::AuthMethod method = m == "md5" ? config::AuthMethod::md5
                : m == "sha1" ? config::AuthMethod::sha1 : config::AuthMethod::crc;
            keys.keys[1] = config::AuthKey{method, key, 0};
        } else if (dest.empty()) dest = a;
        else port = std::atoi(a.c_str());
    }
    if (index != 1) {
        keys.keys[static_cast<std::size_t>(index)] = keys.keys[1];
        keys.keys[1].reset();
        keys.active = index;
    }
    if (dest.empty()) {
        std::fprintf(stderr, "usage: hbinject [options] DEST_IP [PORT]\n");
        return 2;
    }
    std::string bytes = raw;
    if (!have_raw) {
        wire::Message m(type);
        if (type == "status") {
            m.add("st", st);
            m.add("dt", "2710");
            m.add("protocol", "1");
        }
        for (auto& [n, v] : extra) m.add(n, v);
        m.add("src", src);
        m.add("seq", to_hex(seq));
        m.add("hg", to_hex(gen));
        m.add("ts", to_hex(static_cast<std::uint64_t>(::time(nullptr))));
        m.add("ld", "0.00 0.00 0.00 1/1 1");
        m.add("ttl", "3");
        wire::Signer signer(keys);
        wire::add_inner_auth(m, signer);
        bytes = wire::encode_netstring(m, signer);
    }
    int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof one);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(static_cast<std::uint16_t>(port));
    if (::inet_pton(AF_INET, dest.c_str(), &sa.sin_addr) != 1) {
        std::fprintf(stderr, "hbinject: bad address %s\n", dest.c_str());
        return 2;
    }
    for (int i = 0; i < count; ++i) {
        if (::sendto(fd, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&sa), sizeof sa) < 0) {
            std::perror("hbinject: sendto");
            return 1;
        }
    }
    ::close(fd);
    return 0;
}
