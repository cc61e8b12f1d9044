/* test_session.c - session.h: what a saved TLS session is bound to, when it
 * may be offered, and its byte form.
 *
 * The rules come from session.h and RFC 5246 (session IDs of at most 32
 * bytes, 48-byte master secrets); the suite numbers from the IANA
 * registry (RFC 8422, RFC 7905). The resumption itself, against a real
 * server that keeps sessions, is tests/sessions.sh. */
#include <string.h>

#include "check.h"
#include "session.h"

#define NOW ((int64_t)FC_TIME_FLOOR + 1000000)

static const fc_pin pin_a = {{1, 2, 3}}, pin_b = {{1, 2, 4}};

static void bind_std(uint8_t out[32])
{
    fc_session_bind(out, "api.example.com", 443, "api.example.com", "full",
                    (const uint8_t *)"trust", 5, &pin_a, 1);
}

/* Every input changes the binding; the same inputs give the same. */
static void test_bind(void)
{
    uint8_t std[32], again[32], b[32];
    bind_std(std);
    bind_std(again);
    CHECK(!memcmp(std, again, 32), "the same inputs bind alike");
#define DIFFERS(what, ...)                                                  \
    do {                                                                    \
        fc_session_bind(b, __VA_ARGS__);                                    \
        CHECK(memcmp(std, b, 32) != 0, "another %s binds differently", what); \
    } while (0)
    DIFFERS("host", "api.example.org", 443, "api.example.com", "full", (const uint8_t *)"trust", 5, &pin_a, 1);
    DIFFERS("port", "api.example.com", 8443, "api.example.com", "full", (const uint8_t *)"trust", 5, &pin_a, 1);
    DIFFERS("SNI", "api.example.com", 443, NULL, "full", (const uint8_t *)"trust", 5, &pin_a, 1);
    DIFFERS("profile", "api.example.com", 443, "api.example.com", "lean", (const uint8_t *)"trust", 5, &pin_a, 1);
    DIFFERS("trust", "api.example.com", 443, "api.example.com", "full", (const uint8_t *)"trusT", 5, &pin_a, 1);
    DIFFERS("pin", "api.example.com", 443, "api.example.com", "full", (const uint8_t *)"trust", 5, &pin_b, 1);
    DIFFERS("pin count", "api.example.com", 443, "api.example.com", "full", (const uint8_t *)"trust", 5, &pin_a, 0);
    /* Fields are length-prefixed: moving a byte from one to the next counts. */
    DIFFERS("split", "api.example.co", 443, "mapi.example.com", "full", (const uint8_t *)"trust", 5, &pin_a, 1);
    /* An empty SNI is not the absent one. */
    fc_session_bind(std, "h", 1, NULL, "full", NULL, 0, NULL, 0);
    fc_session_bind(b, "h", 1, "", "full", NULL, 0, NULL, 0);
    CHECK(memcmp(std, b, 32) != 0, "no SNI and an empty SNI bind differently");
#undef DIFFERS
}

static void test_anchor_identity(void)
{
    static const unsigned char dn1[] = "CN=one", dn2[] = "CN=two", q[] = {4, 1, 2, 3};
    br_x509_trust_anchor ta[2];
    fc_anchors a;
    uint8_t one[32], both[32], again[32], none[32];

    memset(ta, 0, sizeof ta);
    ta[0].dn.data = (unsigned char *)dn1;
    ta[0].dn.len = sizeof dn1 - 1;
    ta[0].flags = BR_X509_TA_CA;
    ta[0].pkey.key_type = BR_KEYTYPE_EC;
    ta[0].pkey.key.ec.curve = BR_EC_secp256r1;
    ta[0].pkey.key.ec.q = (unsigned char *)q;
    ta[0].pkey.key.ec.qlen = sizeof q;
    ta[1] = ta[0];
    ta[1].dn.data = (unsigned char *)dn2;
    fc_anchors_use(&a, ta, 1);
    fc_anchors_identity(&a, one);
    fc_anchors_identity(&a, again);
    CHECK(!memcmp(one, again, 32), "the same anchors, the same identity");
    fc_anchors_use(&a, ta, 2);
    fc_anchors_identity(&a, both);
    CHECK(memcmp(one, both, 32) != 0, "one more anchor, another identity");
    fc_anchors_use(&a, ta, 0);
    fc_anchors_identity(&a, none);
    CHECK(memcmp(one, none, 32) != 0, "no anchors, another identity");
}

static void make(fc_session *s, const uint8_t bind[32])
{
    size_t i;
    memset(s, 0, sizeof *s);
    s->p.session_id_len = 32;
    for (i = 0; i < 32; i++)
        s->p.session_id[i] = (unsigned char)(0xA0 + i);
    for (i = 0; i < 48; i++)
        s->p.master_secret[i] = (unsigned char)(i * 7 + 1);
    s->p.version = BR_TLS12;
    s->p.cipher_suite = BR_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
    memcpy(s->bind, bind, 32);
    s->created = NOW;
}

static void test_check(void)
{
    uint8_t bind[32], other[32];
    fc_session s;

    bind_std(bind);
    memcpy(other, bind, 32);
    other[31] ^= 1;
    make(&s, bind);
    CHECK_EQ_INT(fc_session_check(&s, bind, NOW), FC_SESSION_OK);
    CHECK_EQ_INT(fc_session_check(&s, bind, NOW + FC_SESSION_LIFETIME_S - 1), FC_SESSION_OK);
    CHECK_EQ_INT(fc_session_check(&s, bind, NOW + FC_SESSION_LIFETIME_S), FC_SESSION_EXPIRED);
    CHECK_EQ_INT(fc_session_check(&s, bind, NOW - 1), FC_SESSION_CLOCK);
    CHECK_EQ_INT(fc_session_check(&s, bind, 0), FC_SESSION_CLOCK); /* no clock */
    CHECK_EQ_INT(fc_session_check(&s, other, NOW), FC_SESSION_OTHER);
    CHECK_EQ_INT(fc_session_check(NULL, bind, NOW), FC_SESSION_NONE);
    s.p.cipher_suite = BR_TLS_RSA_WITH_AES_128_GCM_SHA256; /* no forward secrecy */
    CHECK_EQ_INT(fc_session_check(&s, bind, NOW), FC_SESSION_SUITE);
    s.p.cipher_suite = BR_TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256; /* static ECDH */
    CHECK_EQ_INT(fc_session_check(&s, bind, NOW), FC_SESSION_SUITE);
    s.p.cipher_suite = BR_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256;
    CHECK_EQ_INT(fc_session_check(&s, bind, NOW), FC_SESSION_OK);
    s.p.version = BR_TLS11;
    CHECK_EQ_INT(fc_session_check(&s, bind, NOW), FC_SESSION_SUITE);
    fc_session_clear(&s);
    CHECK_EQ_INT(fc_session_check(&s, bind, NOW), FC_SESSION_NONE);
    {
        size_t i, nonzero = 0;
        for (i = 0; i < sizeof s; i++)
            nonzero += ((unsigned char *)&s)[i] != 0;
        CHECK_EQ_INT(nonzero, 0);
    }
    CHECK_EQ_STR(fc_session_why(FC_SESSION_EXPIRED), "expired");
    CHECK_EQ_STR(fc_session_why(99), "?");
}

static void test_suite_names(void)
{
#ifdef FC_TLS_LEAN
    CHECK_EQ_STR(fc_tls_suite_name(0xC02B), "ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    CHECK_EQ_STR(fc_tls_suite_name(0x009C), "?"); /* not offered by lean */
    return;
#endif
    /* IANA: 0xC02B, 0xCCA8, 0x009C, 0xC02D. */
    CHECK_EQ_STR(fc_tls_suite_name(0xC02B), "ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    CHECK_EQ_STR(fc_tls_suite_name(0xCCA8), "ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    CHECK_EQ_STR(fc_tls_suite_name(0x009C), "RSA_WITH_AES_128_GCM_SHA256");
    CHECK_EQ_STR(fc_tls_suite_name(0xC02D), "ECDH_ECDSA_WITH_AES_128_GCM_SHA256");
    CHECK_EQ_STR(fc_tls_suite_name(0x1301), "?"); /* TLS 1.3: not here */
    CHECK(fc_session_suite_ecdhe(0xC02B) && fc_session_suite_ecdhe(0xCCA8), "ECDHE suites");
    CHECK(!fc_session_suite_ecdhe(0x009C) && !fc_session_suite_ecdhe(0xC02D) &&
              !fc_session_suite_ecdhe(0x1301),
          "RSA, static ECDH and unknown suites are not ECDHE");
}

static void test_bytes(void)
{
    uint8_t bind[32], b[FC_SESSION_BYTES], c[FC_SESSION_BYTES];
    fc_session s, t;
    size_t i;
    int bad = 0;

    bind_std(bind);
    make(&s, bind);
    s.created = (int64_t)0x0102030405060708LL;
    fc_session_save(&s, b);
    /* The layout session.h documents. */
    CHECK(!memcmp(b, "FCS1", 4), "magic");
    CHECK(b[4] == 1 && b[11] == 8, "created, big-endian");
    CHECK(!memcmp(b + 12, bind, 32), "binding at 12");
    CHECK(b[44] == 0x03 && b[45] == 0x03, "version 0x0303 at 44");
    CHECK(b[46] == 0xC0 && b[47] == 0x2B, "suite at 46");
    CHECK_EQ_INT(b[48], 32);
    CHECK(!memcmp(b + 81, s.p.master_secret, 48), "master secret at 81");
    CHECK_EQ_INT(fc_session_load(&t, b, sizeof b), FC_OK);
    CHECK(t.created == s.created && !memcmp(t.bind, s.bind, 32) && t.p.version == s.p.version &&
              t.p.cipher_suite == s.p.cipher_suite && t.p.session_id_len == 32 &&
              !memcmp(t.p.session_id, s.p.session_id, 32) &&
              !memcmp(t.p.master_secret, s.p.master_secret, 48),
          "load gives back what save wrote");
    /* Sizes other than 137, and every single flipped bit, are refused. */
    CHECK_EQ_INT(fc_session_load(&t, b, sizeof b - 1), FC_ERR_SESSION_FORMAT);
    CHECK_EQ_INT(t.p.session_id_len, 0);
    CHECK_EQ_INT(fc_session_load(&t, b, 0), FC_ERR_SESSION_FORMAT);
    for (i = 0; i < 8 * sizeof b; i++) {
        memcpy(c, b, sizeof b);
        c[i / 8] ^= (uint8_t)(1u << (i % 8));
        if (fc_session_load(&t, c, sizeof c) != FC_ERR_SESSION_FORMAT || t.p.session_id_len)
            bad++;
    }
    CHECK(bad == 0, "%d flipped bits were accepted", bad);
    /* A well-formed check over an impossible id length. */
    s.p.session_id_len = 33;
    fc_session_save(&s, c);
    CHECK_EQ_INT(fc_session_load(&t, c, sizeof c), FC_ERR_SESSION_FORMAT);
}

int main(void)
{
    test_bind();
    test_anchor_identity();
    test_check();
    test_suite_names();
    test_bytes();
    return check_done();
}
