/* hb306_codec: see hb306_codec.h. The adapter between the benchmark and
 * Heartbeat 3.0.6's libraries (libplumb for ha_msg and the netstring form,
 * libpils + heartbeat's HBauth plugins for the digests). */
#include "hb306_codec.h"

#ifdef HB_BENCH_WITH_306

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <clplumbing/netstring.h>
#include <ha_msg.h>
#include <pils/generic.h>
#include <pils/plugin.h>

#define PLUGIN_DIR "/usr/lib/heartbeat/plugins" /* 3.0.6's HA_PLUGIN_D */
#define AUTH_INDEX 1                             /* `auth 1` */

/* The HBauth plugin interface as heartbeat's HBauth.h lays it out: the ops
 * table a plugin registers, and the per-key info its auth() receives. */
struct auth_info;
struct auth_ops {
    int (*auth)(const struct auth_info* info, const void* data, size_t len, char* result, int resultlen);
    int (*needskey)(void);
};
struct auth_info {
    struct auth_ops* auth;
    const char* authname;
    char* key;
};

/* libplumb's auth callback is a plain function pointer, so the active key
 * lives here. */
static struct auth_info g_active;
static char* g_key;
static char g_method[16];
static struct ha_msg* g_proto;

static PILPluginUniv* g_univ;
static GHashTable* g_auth_ops; /* filled by the generic interface manager */
static PILGenericIfMgmtRqst g_requests[] = {
    {"HBauth", &g_auth_ops, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* The trailer auth callback, with 3.0.6's contract: index < 0 means "sign
 * with the active key"; returns the index used, negative on failure. As in
 * 3.0.6, a received index must be a configured one and the active key's
 * secret is used. */
static int compute_auth(int index, const void* data, size_t len, char* out, size_t outlen)
{
    if (index < 0) {
        index = AUTH_INDEX;
    }
    if (index != AUTH_INDEX || g_active.auth == NULL) {
        return -1;
    }
    if (!g_active.auth->auth(&g_active, data, len, out, (int)outlen)) {
        return -2;
    }
    return index;
}

int hb306_open(const char* method, const char* key, char* err, size_t errlen)
{
    PIL_rc rc;
    if (g_active.auth != NULL) {
        snprintf(err, errlen, "another 3.0.6 codec is still open");
        return -1;
    }
    if (g_univ == NULL) {
        g_univ = NewPILPluginUniv(PLUGIN_DIR);
        if (g_univ == NULL) {
            snprintf(err, errlen, "NewPILPluginUniv(%s) failed", PLUGIN_DIR);
            return -1;
        }
        rc = PILLoadPlugin(g_univ, "InterfaceMgr", "generic", g_requests);
        if (rc != PIL_OK) {
            snprintf(err, errlen, "cannot load InterfaceMgr/generic: %s", PIL_strerror(rc));
            return -1;
        }
        cl_set_authentication_computation_method(compute_auth);
    }
    if (g_auth_ops == NULL || g_hash_table_lookup(g_auth_ops, method) == NULL) {
        rc = PILLoadPlugin(g_univ, "HBauth", method, NULL);
        if (rc != PIL_OK) {
            snprintf(err, errlen, "cannot load HBauth/%s: %s", method, PIL_strerror(rc));
            return -1;
        }
    }
    struct auth_ops* ops = g_auth_ops ? g_hash_table_lookup(g_auth_ops, method) : NULL;
    if (ops == NULL) {
        snprintf(err, errlen, "HBauth/%s registered no interface", method);
        return -1;
    }
    snprintf(g_method, sizeof g_method, "%s", method);
    g_key = strdup(key);
    g_active.auth = ops;
    g_active.authname = g_method;
    g_active.key = g_key;
    return 0;
}

void hb306_close(void)
{
    if (g_proto != NULL) {
        ha_msg_del(g_proto);
        g_proto = NULL;
    }
    free(g_key);
    g_key = NULL;
    memset(&g_active, 0, sizeof g_active);
}

int hb306_set_prototype(const struct hb306_field* fields, size_t n)
{
    struct ha_msg* m = ha_msg_new((int)n + 1);
    size_t i;
    if (m == NULL) {
        return -1;
    }
    for (i = 0; i < n; ++i) {
        int rc = fields[i].binary ? ha_msg_addbin(m, fields[i].name, fields[i].value, fields[i].value_len)
                                  : ha_msg_add(m, fields[i].name, fields[i].value);
        if (rc != HA_OK) {
            ha_msg_del(m);
            return -1;
        }
    }
    if (g_proto != NULL) {
        ha_msg_del(g_proto);
    }
    g_proto = m;
    return 0;
}

/* What 3.0.6's add_msg_auth does, through libplumb's public API: the classic
 * rendering without markers (msg2string_buf, NOHEAD) into a stack buffer when
 * it fits, the digest with the active key, `auth=<idx> <hex>` set in place or
 * appended (ha_msg_mod). */
static int add_inner_auth(struct ha_msg* m)
{
    char stackbuf[4096];
    char token[256];
    char authstring[300];
    int need = get_stringlen(m);
    char* buf = need < (int)sizeof stackbuf ? stackbuf : malloc((size_t)need);
    int ok;
    if (buf == NULL) {
        return 0;
    }
    buf[0] = '\0';
    ok = msg2string_buf(m, buf, (size_t)need, 0, NOHEAD) == HA_OK;
    if (ok) {
        ok = g_active.auth->auth(&g_active, buf, strlen(buf), token, (int)sizeof token) != 0;
    }
    if (buf != stackbuf) {
        free(buf);
    }
    if (!ok) {
        return 0;
    }
    snprintf(authstring, sizeof authstring, "%d %s", AUTH_INDEX, token);
    return ha_msg_mod(m, F_AUTH, authstring) == HA_OK;
}

char* hb306_encode(size_t* len)
{
    struct ha_msg* m;
    char* wire = NULL;
    if (g_proto == NULL || (m = ha_msg_copy(g_proto)) == NULL) {
        return NULL;
    }
    *len = 0;
    if (add_inner_auth(m)) {
        wire = msg2wirefmt(m, len);
    }
    ha_msg_del(m);
    return wire;
}

int hb306_decode(const char* wire, size_t len)
{
    struct ha_msg* m = wirefmt2msg(wire, len, MSG_NEEDAUTH);
    if (m == NULL) {
        return 0;
    }
    ha_msg_del(m);
    return 1;
}

const char* hb306_description(void)
{
    return "libplumb (cluster-glue) msg2wirefmt/wirefmt2msg + heartbeat HBauth plugins from " PLUGIN_DIR;
}

#else /* !HB_BENCH_WITH_306 */

#include <stdio.h>

int hb306_open(const char* method, const char* key, char* err, size_t errlen)
{
    (void)method;
    (void)key;
    snprintf(err, errlen, "built without Heartbeat 3.0.6's libraries (install cluster-glue-dev, rebuild)");
    return -1;
}
void hb306_close(void) {}
int hb306_set_prototype(const struct hb306_field* fields, size_t n)
{
    (void)fields;
    (void)n;
    return -1;
}
char* hb306_encode(size_t* len)
{
    *len = 0;
    return NULL;
}
int hb306_decode(const char* wire, size_t len)
{
    (void)wire;
    (void)len;
    return 0;
}
const char* hb306_description(void) { return ""; }

#endif
