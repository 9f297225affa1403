/* hb306_codec: Heartbeat 3.0.6's own message path, for the codec benchmark
 * only: cluster-glue's libplumb (ha_msg, msg2wirefmt/wirefmt2msg) with
 * heartbeat's HBauth plugins (crc.so, md5.so, sha1.so), loaded through libpils
 * the way the 3.0.6 daemon loads them. Written in C because those libraries'
 * headers are not valid C++ (they use `private` and `typename` as names).
 * Built with HB_BENCH_WITH_306 only when cluster-glue-dev is installed;
 * otherwise hb306_open() fails and says why.
 *
 * Owns: the PILS plugin universe, the current signing key, the callback
 * libplumb uses for the trailer auth. Must not: be linked into anything but
 * build/bench/codec_bench (GPL libraries; a local benchmark binary that is
 * never distributed). No 3.0.6 code is copied: the calls follow the
 * documented behaviour (facts 1.4: inner `auth` over the classic body,
 * trailer over ###..%%%) through the libraries' public entry points. */
#ifndef HB_BENCH_HB306_CODEC_H
#define HB_BENCH_HB306_CODEC_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct hb306_field {
    const char* name;
    const char* value;
    size_t value_len;
    int binary; /* 1: binary field (the uuids), 0: string */
};

/* Loads the HBauth plugin `method` ("crc", "md5", "sha1") with `key` as auth
 * index 1. 0 on success; -1 with a reason in `err` otherwise. One open codec
 * at a time (libplumb's auth callback is process-global). */
int hb306_open(const char* method, const char* key, char* err, size_t errlen);
void hb306_close(void);

/* The message every encode starts from (fields in order, no auth). 0 ok. */
int hb306_set_prototype(const struct hb306_field* fields, size_t n);

/* One send: copy the prototype, add the inner `auth` field as 3.0.6's
 * add_msg_auth does (classic body without markers, active key, set in place
 * or appended), then msg2wirefmt(). Returns malloc'd bytes (free() them) and
 * their length in *len; NULL on failure. */
char* hb306_encode(size_t* len);

/* One receive: wirefmt2msg(MSG_NEEDAUTH) = parse + trailer check with the
 * plugin. 1 when the message authenticated, 0 otherwise. */
int hb306_decode(const char* wire, size_t len);

/* What was loaded, for the report ("" when not built in). */
const char* hb306_description(void);

#ifdef __cplusplus
}
#endif

#endif
