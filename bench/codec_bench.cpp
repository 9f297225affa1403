// codec_bench: how many typical status heartbeats heartbeatd's codec signs
// and verifies per second, per auth method (crc, md5, sha1), single thread,
// and — when built with cluster-glue's headers — the same for Heartbeat
// 3.0.6's own path (libplumb + heartbeat's HBauth plugins, hb306_codec.h).
//
//   encode = add_inner_auth + encode_netstring  (3.0.6: add_msg_auth + msg2wirefmt)
//   decode = decode(bytes, &signer)              (3.0.6: wirefmt2msg(MSG_NEEDAUTH))
//
// Each measurement runs the operation for a fixed count (calibrated to about
// --time seconds), --runs times, and reports the median run (with the fastest
// and slowest) as msgs/s and ns/msg. Before timing, both implementations'
// outputs are cross-checked: each must verify the other's bytes, and the
// bytes should be identical (same fields, same digests).
// Must not: be part of `make test` (timing is not a pass/fail property).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "hb306_codec.h"
#include "wire/codec.h"

namespace {

using Clock = std::chrono::steady_clock;
using hb::config::AuthMethod;

struct Options {
    int runs = 7;
    double seconds = 0.4;  // per run
    bool with_306 = true;
};

struct Stat {
    double median_ns = 0;
    double min_ns = 0;
    double max_ns = 0;
};

// Defeats dead-code elimination: every result's size is folded in and printed.
unsigned long long g_sink = 0;

struct Field {
    std::string name;
    std::string value;
    bool binary = false;
};

/// Heartbeat 3.0.6's path (hb306_codec.h) for one auth method; closes the
/// process-global codec when it goes out of scope.
class Codec306 {
public:
    static std::unique_ptr<Codec306> open(const char* method, const std::string& key,
        const std::vector<Field>& fields, std::string& error)
    {
        char err[256] = "";
        if (hb306_open(method, key.c_str(), err, sizeof err) != 0) {
            error = err;
            return nullptr;
        }
        std::unique_ptr<Codec306> c(new Codec306);
        std::vector<hb306_field> raw;
        for (const Field& f : fields) {
            raw.push_back(hb306_field{f.name.c_str(), f.value.c_str(), f.value.size(), f.binary ? 1 : 0});
        }
        if (hb306_set_prototype(raw.data(), raw.size()) != 0) {
            error = "cannot build the message";
            return nullptr;
        }
        return c;
    }
    ~Codec306() { hb306_close(); }
    Codec306(const Codec306&) = delete;
    Codec306& operator=(const Codec306&) = delete;

    std::string encode()
    {
        std::size_t len = 0;
        std::unique_ptr<char, decltype(&std::free)> w(hb306_encode(&len), &std::free);
        return w ? std::string(w.get(), len) : std::string();
    }
    bool decode(const std::string& wire) { return hb306_decode(wire.data(), wire.size()) == 1; }

private:
    Codec306() = default;
};

/// The status heartbeat of facts 1.5 (244 bytes with crc): the fields in the
/// order 3.0.6 sends them, before the inner auth.
std::vector<Field> status_fields()
{
    const unsigned char uuid[16] = {0xc4, 0x07, '{', 0x81, '6', '&', 'D', 0xda, 0xbb, 0xce, 'r', 0xdc, 0xfa, '~', 0x06, '!'};
    return {
        {"t", "status", false},
        {"st", "active", false},
        {"dt", "2710", false},
        {"protocol", "1", false},
        {"src", "node1", false},
        {"srcuuid", std::string(reinterpret_cast<const char*>(uuid), sizeof uuid), true},
        {"seq", "e", false},
        {"hg", "6b0469fb", false},
        {"ts", "6b0469ff", false},
        {"ld", "0.45 0.46 0.22 4/108 91", false},
        {"ttl", "4", false},
    };
}

hb::wire::Message to_message(const std::vector<Field>& fields)
{
    hb::wire::Message m;
    for (const auto& f : fields) {
        m.add(f.name, f.value, f.binary ? hb::wire::FieldType::binary : hb::wire::FieldType::string);
    }
    return m;
}

hb::config::Authkeys keys(AuthMethod method, const std::string& secret)
{
    hb::config::Authkeys k;
    k.active = 1;
    k.keys[1] = hb::config::AuthKey{method, method == AuthMethod::crc ? std::string() : secret, 1};
    return k;
}

double elapsed_ns(Clock::time_point a, Clock::time_point b)
{
    return static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(b - a).count());
}

/// Runs `op` (which returns a size to sink) `count` times; ns per call.
double time_once(const std::function<std::size_t()>& op, long count)
{
    const auto t0 = Clock::now();
    for (long i = 0; i < count; ++i) {
        g_sink += op();
    }
    return elapsed_ns(t0, Clock::now()) / static_cast<double>(count);
}

Stat measure(const std::function<std::size_t()>& op, const Options& o)
{
    // Calibrate: grow the count until one batch takes >= 50 ms.
    long count = 64;
    double per = 0;
    for (;;) {
        per = time_once(op, count);
        if (per * static_cast<double>(count) >= 50e6 || count > (1L << 30)) {
            break;
        }
        count *= 4;
    }
    count = std::max(1000L, static_cast<long>(o.seconds * 1e9 / per));
    const auto n = static_cast<std::size_t>(o.runs);
    std::vector<double> runs(n);
    for (double& r : runs) {
        r = time_once(op, count);
    }
    std::sort(runs.begin(), runs.end());
    return Stat{runs[n / 2], runs[0], runs[n - 1]};
}

void print_row(const char* method, const char* impl, std::size_t bytes, const Stat& enc, const Stat& dec)
{
    std::printf("%-5s %-11s %5zu  %10.0f %8.0f (%5.0f-%5.0f)  %10.0f %8.0f (%5.0f-%5.0f)\n", method, impl, bytes,
        1e9 / enc.median_ns, enc.median_ns, enc.min_ns, enc.max_ns, 1e9 / dec.median_ns, dec.median_ns,
        dec.min_ns, dec.max_ns);
}

int usage(const char* argv0)
{
    std::fprintf(stderr, "usage: %s [--runs N] [--time SECONDS_PER_RUN] [--no-306]\n", argv0);
    return 2;
}

}  // namespace

int main(int argc, char** argv)
{
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--runs" && i + 1 < argc) {
            o.runs = std::atoi(argv[++i]);
        } else if (a == "--time" && i + 1 < argc) {
            o.seconds = std::atof(argv[++i]);
        } else if (a == "--no-306") {
            o.with_306 = false;
        } else {
            return usage(argv[0]);
        }
    }
    if (o.runs < 1 || o.seconds <= 0) {
        return usage(argv[0]);
    }

    const std::string secret = "bench-secret-0123456789";
    const auto fields = status_fields();
    const hb::wire::Message proto = to_message(fields);
    struct Method {
        const char* name;
        AuthMethod method;
    };
    const Method methods[] = {{"crc", AuthMethod::crc}, {"md5", AuthMethod::md5}, {"sha1", AuthMethod::sha1}};

    std::printf("codec_bench: status heartbeat (facts 1.5 fields), single thread, %d runs of ~%.2f s, median "
                "(fastest-slowest run)\n",
        o.runs, o.seconds);
    if (o.with_306) {
        const std::string d = hb306_description();
        std::printf("3.0.6 path: %s\n", d.empty() ? "not built in" : d.c_str());
    }
    std::printf("\n%-5s %-11s %5s  %10s %8s %13s  %10s %8s %13s\n", "auth", "impl", "bytes", "enc msg/s", "enc ns",
        "(min-max)", "dec msg/s", "dec ns", "(min-max)");

    int failures = 0;
    for (const Method& me : methods) {
        const hb::wire::Signer signer(keys(me.method, secret));
        hb::wire::Message m = proto;
        hb::wire::add_inner_auth(m, signer);
        const std::string wire = hb::wire::encode_netstring(m, signer);
        if (!hb::wire::decode(wire, &signer)) {
            std::fprintf(stderr, "%s: heartbeatd cannot decode its own message\n", me.name);
            return 1;
        }

        // 3.0.6's path, cross-checked against ours before anything is timed.
        std::unique_ptr<Codec306> c306;
        std::string wire306;
        if (o.with_306) {
            std::string error;
            c306 = Codec306::open(me.name, secret, fields, error);
            if (!c306) {
                std::printf("# %s: 3.0.6 path unavailable: %s\n", me.name, error.c_str());
            } else if ((wire306 = c306->encode()).empty()) {
                std::printf("# %s: 3.0.6 path failed to encode\n", me.name);
                c306.reset();
            } else {
                const bool ours_ok = static_cast<bool>(hb::wire::decode(wire306, &signer));
                const bool theirs_ok = c306->decode(wire);
                std::printf("# %s: 3.0.6 verifies heartbeatd's bytes: %s; heartbeatd verifies 3.0.6's: %s; "
                            "byte-identical: %s\n",
                    me.name, theirs_ok ? "yes" : "NO", ours_ok ? "yes" : "NO", wire == wire306 ? "yes" : "no");
                if (!ours_ok || !theirs_ok) {
                    ++failures;
                }
            }
        }

        const Stat enc = measure(
            [&] {
                hb::wire::Message x = proto;
                hb::wire::add_inner_auth(x, signer);
                return hb::wire::encode_netstring(x, signer).size();
            },
            o);
        const Stat dec = measure(
            [&] {
                hb::wire::Decoded d = hb::wire::decode(wire, &signer);
                return d ? d.msg.fields().size() : 0;
            },
            o);
        print_row(me.name, "heartbeatd", wire.size(), enc, dec);

        if (c306) {
            const Stat enc3 = measure([&] { return c306->encode().size(); }, o);
            const Stat dec3 = measure([&] { return static_cast<std::size_t>(c306->decode(wire306)); }, o);
            print_row(me.name, "hb-3.0.6", wire306.size(), enc3, dec3);
            c306.reset();  // releases the process-global auth key before the next method
        }
    }
    std::printf("\n(sink %llu)\n", g_sink);
    return failures == 0 ? 0 : 1;
}
