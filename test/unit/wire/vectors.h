// Wire images and keys from the facts (sections 1.4 and 1.5), rebuilt byte
// for byte. Raw uuid bytes come from explicit byte arrays so that no C++ hex
// escape can swallow a following character. Shared by the wire tests; the
// same images are in test/vectors/*.bin for tools that want files.
#pragma once

#include <initializer_list>
#include <string>

#include "config/config.h"
#include "wire/message.h"

namespace hbtest {

inline std::string bytes(std::initializer_list<unsigned char> b)
{
    std::string s;
    for (unsigned char c : b) {
        s += static_cast<char>(c);
    }
    return s;
}

/// node1's uuid: \xc4\x07{\x816&D\xda\xbb\xcer\xdc\xfa~\x06!
inline std::string uuid_node1()
{
    return bytes({0xc4, 0x07, '{', 0x81, '6', '&', 'D', 0xda, 0xbb, 0xce, 'r', 0xdc, 0xfa, '~', 0x06, '!'});
}

/// node2's uuid: \xad\xe0\xb7\xe8\x8b4G\xc4\x99\x9c_Q\xd4U\xff\xe7
inline std::string uuid_node2()
{
    return bytes({0xad, 0xe0, 0xb7, 0xe8, 0x8b, '4', 'G', 0xc4, 0x99, 0x9c, '_', 'Q', 0xd4, 'U', 0xff, 0xe7});
}

// ---- facts 1.4 ------------------------------------------------------------

/// Ping-node payload, crc: the 114 bytes the trailer covers.
inline std::string ping_covered()
{
    return "###\n10:(0)t=NS_st,10:(0)st=ping,12:(0)info=ping,18:(0)src=192.0.2.254,"
           "14:(0)ts=6b0469fa,18:(0)auth=1 a060d593,%%%\n";
}
inline const char* const kPingTrailer = "10:1 a218d3a3,";
inline const char* const kPingInnerBody = "t=NS_st\nst=ping\ninfo=ping\nsrc=192.0.2.254\nts=6b0469fa\n";

inline const char* const kMd5LabKey = "PA-TEST-KEY-md5";
inline const char* const kMd5InnerBody = "t=NS_st\nst=ping\ninfo=ping_group\nsrc=pg1\nts=6b046ba2\n";
inline const char* const kMd5InnerHex = "b9ff493c782a73bdcb9787d32a8be69d";
inline std::string md5_covered()
{
    return "###\n10:(0)t=NS_st,10:(0)st=ping,18:(0)info=ping_group,10:(0)src=pg1,14:(0)ts=6b046ba2,"
           "42:(0)auth=1 b9ff493c782a73bdcb9787d32a8be69d,%%%\n";
}
inline const char* const kMd5TrailerHex = "76aba528f853eed4f2d10e8064a3be92";

inline const char* const kSha1LabKey = "PA-TEST-KEY-sha1";
inline const char* const kSha1InnerBody =
    "t=ip-request\nipaddr=paDummy::beta\nsrc=node2\n(1)srcuuid=reC36Is0R8SZnF9R1FX/5w==\nseq=7\n"
    "hg=6b046a01\nts=6b046c20\nld=0.21 0.27 0.20 2/119 726\nttl=3\n";
inline const char* const kSha1InnerHex = "ade12c5fcd93c664a11c5e6d96287bef5043fa3f";

// ---- facts 1.5 ------------------------------------------------------------

/// Status heartbeat, crc, bcast, 244 bytes.
inline std::string status_crc()
{
    return "###\n11:(0)t=status,12:(0)st=active,10:(0)dt=2710,13:(0)protocol=1,12:(0)src=node1,"
           "27:(1)srcuuid="
        + uuid_node1()
        + ",8:(0)seq=e,14:(0)hg=6b0469fb,"
          "14:(0)ts=6b0469ff,29:(0)ld=0.45 0.46 0.22 4/108 91,8:(0)ttl=4,18:(0)auth=1 b569ffa7,%%%\n"
          "10:1 5619c1fa,";
}

/// Resource report from mach_down, md5 (key unknown), ucast, 293 bytes.
inline std::string resource_md5()
{
    return "###\n13:(0)t=resource,19:(0)rsc_hold=foreign,17:(0)info=mach_down,12:(0)src=node1,"
           "27:(1)srcuuid="
        + uuid_node1()
        + ",9:(0)seq=1e,14:(0)hg=6b0469fd,"
          "14:(0)ts=6b046bb6,30:(0)ld=0.35 0.30 0.21 1/117 613,8:(0)ttl=4,"
          "42:(0)auth=1 1a462a9d0128b71ddacc7fced816be74,%%%\n34:1 6de5396730a93788748b2f71a480fb99,";
}

/// Retransmission request, crc: no seq, no ld, decimal firstseq/lastseq.
inline std::string rexmit_crc()
{
    return "###\n14:(0)t=NS_rexmit,13:(0)dest=node1,15:(0)firstseq=186,14:(0)lastseq=186,"
           "28:(1)destuuid="
        + uuid_node1()
        + ",12:(0)src=node2,"
          "27:(1)srcuuid="
        + uuid_node2()
        + ",14:(0)hg=6b0469fe,"
          "14:(0)ts=6b046aa4,8:(0)ttl=4,18:(0)auth=1 a4ca3452,%%%\n10:1 a169266a,";
}

// ---- keys -----------------------------------------------------------------

inline hb::config::Authkeys one_key(int index, hb::config::AuthMethod method, std::string secret = "")
{
    hb::config::Authkeys k;
    k.active = index;
    k.keys[static_cast<std::size_t>(index)] = hb::config::AuthKey{method, std::move(secret), 1};
    return k;
}

inline hb::config::Authkeys crc_keys() { return one_key(1, hb::config::AuthMethod::crc); }

}  // namespace hbtest
