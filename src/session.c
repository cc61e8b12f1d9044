/* session.c - TLS sessions to resume: what they are bound to, when they
 * may be offered, and their byte form (session.h says why each rule). */
#include <string.h>

#include "error.h"
#include "session.h"
#include "sha256.h"
#include "tls_suites.h"

/* Each field with its length first, so that no two different inputs hash
 * alike ("ab","c" against "a","bc"). */
static void put_field(fc_sha256_ctx *h, const void *data, size_t len)
{
    uint8_t n[4];
    n[0] = (uint8_t)(len >> 24);
    n[1] = (uint8_t)(len >> 16);
    n[2] = (uint8_t)(len >> 8);
    n[3] = (uint8_t)len;
    fc_sha256_update(h, n, 4);
    fc_sha256_update(h, data, len);
}

static void put_str(fc_sha256_ctx *h, const char *s)
{
    if (s)
        put_field(h, s, strlen(s));
    else
        put_field(h, "\xff", 1); /* absent is not the same as "" */
}

void fc_session_bind(uint8_t out[32], const char *host, uint16_t port, const char *sni,
                     const char *profile, const uint8_t *trust, size_t trust_len,
                     const fc_pin *pins, size_t npins)
{
    fc_sha256_ctx h;
    uint8_t p[2];
    size_t i;

    p[0] = (uint8_t)(port >> 8);
    p[1] = (uint8_t)port;
    fc_sha256_init(&h);
    put_str(&h, "framec TLS session 1");
    put_str(&h, host);
    put_field(&h, p, 2);
    put_str(&h, sni);
    put_str(&h, profile);
    put_field(&h, trust, trust ? trust_len : 0);
    put_field(&h, "pins", 4);
    for (i = 0; i < npins; i++)
        put_field(&h, pins[i].sha256, sizeof pins[i].sha256);
    fc_sha256_final(&h, out);
}

void fc_anchors_identity(const fc_anchors *a, uint8_t out[32])
{
    fc_sha256_ctx h;
    size_t i;

    fc_sha256_init(&h);
    put_str(&h, "framec anchors 1");
    for (i = 0; a && i < a->count; i++) {
        const br_x509_trust_anchor *t = &a->slots[i];
        uint8_t meta[2];
        meta[0] = (uint8_t)t->flags;
        meta[1] = t->pkey.key_type;
        put_field(&h, t->dn.data, t->dn.len);
        put_field(&h, meta, 2);
        if (t->pkey.key_type == BR_KEYTYPE_RSA) {
            put_field(&h, t->pkey.key.rsa.n, t->pkey.key.rsa.nlen);
            put_field(&h, t->pkey.key.rsa.e, t->pkey.key.rsa.elen);
        } else {
            meta[0] = (uint8_t)t->pkey.key.ec.curve;
            put_field(&h, meta, 1);
            put_field(&h, t->pkey.key.ec.q, t->pkey.key.ec.qlen);
        }
    }
    fc_sha256_final(&h, out);
}

/* The suites the profile offers (tls_suites.h, as tls.c offers them).
 * Names only for -v, so a firmware's lean build keeps 6 names, not 45. */
#define SUITE(x) {BR_TLS_##x, #x},
static const struct {
    uint16_t id;
    const char *name;
} suites[] = {FC_PROFILE_SUITES(SUITE)};

const char *fc_tls_suite_name(uint16_t suite)
{
    size_t i;
    for (i = 0; i < sizeof suites / sizeof suites[0]; i++)
        if (suites[i].id == suite)
            return suites[i].name;
    return "?";
}

int fc_session_suite_ecdhe(uint16_t suite)
{
    return strncmp(fc_tls_suite_name(suite), "ECDHE_", 6) == 0;
}

int fc_session_check(const fc_session *s, const uint8_t bind[32], int64_t now)
{
    if (!s || s->p.session_id_len == 0)
        return FC_SESSION_NONE;
    if (memcmp(s->bind, bind, sizeof s->bind) != 0)
        return FC_SESSION_OTHER;
    if (now < FC_TIME_FLOOR || now < s->created)
        return FC_SESSION_CLOCK;
    if (now - s->created >= FC_SESSION_LIFETIME_S)
        return FC_SESSION_EXPIRED;
    if (s->p.version != BR_TLS12 || !fc_session_suite_ecdhe(s->p.cipher_suite))
        return FC_SESSION_SUITE;
    return FC_SESSION_OK;
}

const char *fc_session_why(int why)
{
    static const char *const words[] = {"usable", "none", "other", "expired", "clock", "suite"};
    return why >= 0 && why <= FC_SESSION_SUITE ? words[why] : "?";
}

void fc_session_clear(fc_session *s)
{
    fc_wipe(s, sizeof *s);
}

/* ---- The byte form ------------------------------------------------------ */

#define CHECK_AT (FC_SESSION_BYTES - 8)

static void put_be(uint8_t *p, uint64_t v, int n)
{
    while (n-- > 0) {
        p[n] = (uint8_t)v;
        v >>= 8;
    }
}

static uint64_t get_be(const uint8_t *p, int n)
{
    uint64_t v = 0;
    int i;
    for (i = 0; i < n; i++)
        v = v << 8 | p[i];
    return v;
}

static void check_of(const uint8_t *in, uint8_t out[8])
{
    uint8_t h[FC_SHA256_LEN];
    fc_sha256(in, CHECK_AT, h);
    memcpy(out, h, 8);
}

void fc_session_save(const fc_session *s, uint8_t out[FC_SESSION_BYTES])
{
    uint8_t *p = out;
    memcpy(p, "FCS1", 4);
    put_be(p + 4, (uint64_t)s->created, 8);
    memcpy(p + 12, s->bind, 32);
    put_be(p + 44, s->p.version, 2);
    put_be(p + 46, s->p.cipher_suite, 2);
    p[48] = s->p.session_id_len;
    memcpy(p + 49, s->p.session_id, 32);
    memcpy(p + 81, s->p.master_secret, 48);
    check_of(out, out + CHECK_AT);
}

int fc_session_load(fc_session *s, const uint8_t *in, size_t len)
{
    uint8_t check[8];

    fc_session_clear(s);
    if (len != FC_SESSION_BYTES || memcmp(in, "FCS1", 4) != 0 || in[48] > 32)
        return FC_ERR_SESSION_FORMAT;
    check_of(in, check);
    if (memcmp(check, in + CHECK_AT, 8) != 0)
        return FC_ERR_SESSION_FORMAT;
    s->created = (int64_t)get_be(in + 4, 8);
    memcpy(s->bind, in + 12, 32);
    s->p.version = (uint16_t)get_be(in + 44, 2);
    s->p.cipher_suite = (uint16_t)get_be(in + 46, 2);
    s->p.session_id_len = in[48];
    memcpy(s->p.session_id, in + 49, 32);
    memcpy(s->p.master_secret, in + 81, 48);
    return FC_OK;
}
