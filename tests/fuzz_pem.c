/* fuzz_pem.c - libFuzzer target for the trust-anchor loader in tls.h.
 *
 *   make fuzz (tests/fuzz.mk), or by hand:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
 *       -Isrc -Iport tests/fuzz_pem.c src/tls.c src/hmac.c src/sha256.c port/posix.c \
 *       -lbearssl -o fuzz_pem
 *   ./fuzz_pem -dict=tests/corpus/pem.dict build/fuzz/corpus-pem tests/corpus/pem
 *
 * Input: byte 0 holds flags (bit 0: anchors already hold one certificate
 * before the call; bit 1: the reader fails part way; bits 2-3: the size of
 * the small storage), bytes 1-3 seed the read sizes, the rest is the bundle.
 *
 * The bundle is loaded five ways: from memory into normal storage (160
 * slots, 64 KiB, as tls.h sizes the Debian bundle); the same after one
 * certificate is already loaded; into small storage; through the read
 * callback in chunks from the seed (1 byte to 512); and through a reader
 * that fails at an offset.
 * It traps unless: the result is FC_OK, FC_ERR_PEM, FC_ERR_ANCHORS_FULL or
 * FC_ERR_NO_ANCHORS; on error count and store_len are what they were
 * before the call and earlier anchors and their bytes are untouched; on
 * success every anchor's name and key lie inside the used store, with a
 * known key type; chunked reads give the same result and the same anchors,
 * byte for byte; a preloaded anchor or small storage changes nothing but
 * possibly FC_ERR_ANCHORS_FULL; a failing reader never gives FC_OK.
 * Loads into normal and small storage must also give what the loader gave
 * when it ran on BearSSL's own PEM and certificate decoders (the reference
 * below): the same result, the same store bytes, the same anchors. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tls.h"

#define MAX_IN 65536
#define NSLOTS 160
#define STORE (64 * 1024)
#define CHECK(c)                                                                                   \
    do {                                                                                           \
        if (!(c))                                                                                  \
            __builtin_trap();                                                                      \
    } while (0)

static const char preload[] = "-----BEGIN CERTIFICATE-----\n"
                              "MIIBhDCCASugAwIBAgIUc/HjOhxb5sRA1uQVZVibDb/uVeMwCgYIKoZIzj0EAwIw\n"
                              "FzEVMBMGA1UEAwwMZnV6eiBwcmVsb2FkMCAXDTI2MTEyMjA4NTgwMFoYDzIxMjYx\n"
                              "MDI5MDg1ODAwWjAXMRUwEwYDVQQDDAxmdXp6IHByZWxvYWQwWTATBgcqhkjOPQIB\n"
                              "BggqhkjOPQMBBwNCAARFHO8DMWI7tJV5ZZ37l9rY77KiuNI40rSFkOYBVihE/XbQ\n"
                              "OFMZnrKG9J1L9Ggti3M/rAf3QdEm81Wp8ktIOc2Do1MwUTAdBgNVHQ4EFgQU1VTx\n"
                              "rTM3onDueWPAaqhS5ETGDgswHwYDVR0jBBgwFoAU1VTxrTM3onDueWPAaqhS5ETG\n"
                              "DgswDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNHADBEAiBecoKMFaBiWAEN\n"
                              "C2CCJQO0nyBfwDZeVUqPllrwUynRfgIgC4YaFx6M3JdEwbJCq+xVj0O8stOUP70Q\n"
                              "VfklNOPx/SI=\n"
                              "-----END CERTIFICATE-----\n";

typedef struct {
    br_x509_trust_anchor slots[NSLOTS];
    unsigned char store[STORE];
    fc_anchors a;
} storage;

static storage plain, pre, small, chunked, failing, ref;
static unsigned char before[STORE];

static uint32_t rng;

static uint32_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

typedef struct {
    const unsigned char *p;
    size_t left, fail_at; /* fail_at: bytes delivered before the error */
} reader;

static long read_chunks(void *ctx, unsigned char *buf, size_t len)
{
    reader *r = ctx;
    uint32_t x = next();
    size_t n = (x & 3) == 0   ? 1
               : (x & 3) == 1 ? 1 + (x >> 2) % 16
               : (x & 3) == 2 ? 1 + (x >> 2) % 512
                              : len;
    if (r->fail_at == 0)
        return -1;
    if (n > len)
        n = len;
    if (n > r->left)
        n = r->left;
    if (n > r->fail_at)
        n = r->fail_at;
    if (n == 0)
        return 0;
    memcpy(buf, r->p, n);
    r->p += n;
    r->left -= n;
    r->fail_at -= n;
    return (long)n;
}

static int inside(const fc_anchors *a, const unsigned char *p, size_t n)
{
    return p >= a->store && n <= a->store_len && p + n <= a->store + a->store_len;
}

/* Anchors from first on lie in the used store, at or after from_store. */
static void check_anchors(const fc_anchors *a, size_t first, size_t from_store)
{
    size_t i;
    CHECK(a->count <= a->cap && a->store_len <= a->store_cap);
    for (i = first; i < a->count; i++) {
        const br_x509_trust_anchor *t = &a->slots[i];
        CHECK(t->dn.data >= a->store + from_store && inside(a, t->dn.data, t->dn.len));
        CHECK(t->flags == 0 || t->flags == BR_X509_TA_CA);
        /* Lengths may be 0: an all-zero INTEGER or an empty BIT STRING is
         * well-formed DER, and BearSSL's decoder took it too (such an
         * anchor verifies nothing). */
        if (t->pkey.key_type == BR_KEYTYPE_RSA) {
            CHECK(inside(a, t->pkey.key.rsa.n, t->pkey.key.rsa.nlen) &&
                  inside(a, t->pkey.key.rsa.e, t->pkey.key.rsa.elen));
        } else {
            CHECK(t->pkey.key_type == BR_KEYTYPE_EC);
            CHECK(inside(a, t->pkey.key.ec.q, t->pkey.key.ec.qlen));
        }
    }
}

static int same_anchor(const br_x509_trust_anchor *x, const br_x509_trust_anchor *y)
{
    if (x->flags != y->flags || x->dn.len != y->dn.len ||
        memcmp(x->dn.data, y->dn.data, x->dn.len) || x->pkey.key_type != y->pkey.key_type)
        return 0;
    if (x->pkey.key_type == BR_KEYTYPE_RSA)
        return x->pkey.key.rsa.nlen == y->pkey.key.rsa.nlen &&
               x->pkey.key.rsa.elen == y->pkey.key.rsa.elen &&
               !memcmp(x->pkey.key.rsa.n, y->pkey.key.rsa.n, x->pkey.key.rsa.nlen) &&
               !memcmp(x->pkey.key.rsa.e, y->pkey.key.rsa.e, x->pkey.key.rsa.elen);
    return x->pkey.key.ec.curve == y->pkey.key.ec.curve &&
           x->pkey.key.ec.qlen == y->pkey.key.ec.qlen &&
           !memcmp(x->pkey.key.ec.q, y->pkey.key.ec.q, x->pkey.key.ec.qlen);
}

/* a's anchors from a_first on are b's from b_first on. */
static int same_added(const fc_anchors *a, size_t a_first, const fc_anchors *b, size_t b_first)
{
    size_t i;
    if (a->count - a_first != b->count - b_first)
        return 0;
    for (i = 0; i < a->count - a_first; i++)
        if (!same_anchor(&a->slots[a_first + i], &b->slots[b_first + i]))
            return 0;
    return 1;
}

static int valid_rc(int rc)
{
    return rc == FC_OK || rc == FC_ERR_PEM || rc == FC_ERR_ANCHORS_FULL || rc == FC_ERR_NO_ANCHORS;
}

/* Loads into s (already initialised) and checks what must hold of any call. */
static int load(storage *s, const unsigned char *d, size_t n, int use_reader, size_t fail_at)
{
    fc_anchors *a = &s->a;
    size_t count0 = a->count, store0 = a->store_len;
    br_x509_trust_anchor slot0;
    int rc;

    memcpy(before, a->store, store0);
    memset(&slot0, 0, sizeof slot0);
    if (count0)
        slot0 = a->slots[0];
    if (use_reader) {
        reader r;
        r.p = d;
        r.left = n;
        r.fail_at = fail_at;
        rc = fc_anchors_add_pem(a, read_chunks, &r);
    } else {
        rc = fc_anchors_add_pem_mem(a, d, n);
    }
    CHECK(valid_rc(rc));
    CHECK(memcmp(before, a->store, store0) == 0);
    CHECK(count0 == 0 || memcmp(&slot0, &a->slots[0], sizeof slot0) == 0);
    if (rc != FC_OK) {
        CHECK(a->count == count0 && a->store_len == store0);
    } else {
        CHECK(a->count > count0 && a->store_len > store0);
        check_anchors(a, count0, store0);
    }
    check_anchors(a, 0, 0);
    return rc;
}

static void init(storage *s, size_t nslots, size_t store)
{
    fc_anchors_init(&s->a, s->slots, nslots, s->store, store);
}

/* ---- The reference: the loader as it was, on BearSSL's decoders -----------
 * (tests/ref_anchors.h, shared with tests/test_tls.c) */
#include "ref_anchors.h"

/* The reference in storage like s's: the same result and the same bytes. */
static void check_reference(const storage *s, int rc, const unsigned char *d, size_t n)
{
    size_t i;
    init(&ref, s->a.cap, s->a.store_cap);
    CHECK(ref_add_pem(&ref.a, d, n) == rc);
    CHECK(ref.a.count == s->a.count && ref.a.store_len == s->a.store_len &&
          memcmp(ref.store, s->store, s->a.store_len) == 0);
    for (i = 0; i < s->a.count; i++) {
        const br_x509_trust_anchor *x = &s->a.slots[i], *y = &ref.a.slots[i];
        CHECK(same_anchor(x, y) && x->dn.data - s->store == y->dn.data - ref.store);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const size_t small_slots[4] = {1, 2, 3, NSLOTS};
    static const size_t small_store[4] = {256, 1024, 2048, 4096};
    const unsigned char *d = data + 4;
    size_t n;
    unsigned flags;
    int rc, rc_pre, rc_small, rc_chunked;

    if (size < 4 || size - 4 > MAX_IN)
        return 0;
    flags = data[0];
    n = size - 4;
    rng = ((uint32_t)data[1] << 16 | (uint32_t)data[2] << 8 | data[3]) * 2654435761u + 1;
    if (!rng)
        rng = 1;

    init(&plain, NSLOTS, STORE);
    rc = load(&plain, d, n, 0, SIZE_MAX);
    check_reference(&plain, rc, d, n);

    init(&chunked, NSLOTS, STORE);
    rc_chunked = load(&chunked, d, n, 1, SIZE_MAX);
    CHECK(rc_chunked == rc && chunked.a.store_len == plain.a.store_len &&
          memcmp(chunked.store, plain.store, plain.a.store_len) == 0 &&
          same_added(&chunked.a, 0, &plain.a, 0));

    init(&small, small_slots[flags >> 2 & 3], small_store[flags >> 2 & 3]);
    rc_small = load(&small, d, n, 0, SIZE_MAX);
    check_reference(&small, rc_small, d, n);
    CHECK(rc_small == FC_ERR_ANCHORS_FULL ||
          (rc_small == rc && (rc != FC_OK || same_added(&small.a, 0, &plain.a, 0))));

    if (flags & 1) {
        init(&pre, NSLOTS, STORE);
        CHECK(fc_anchors_add_pem_mem(&pre.a, preload, sizeof preload - 1) == FC_OK &&
              pre.a.count == 1);
        rc_pre = load(&pre, d, n, 0, SIZE_MAX);
        CHECK(rc_pre == FC_ERR_ANCHORS_FULL ||
              (rc_pre == rc && (rc != FC_OK || same_added(&pre.a, 1, &plain.a, 0))));
    }
    if ((flags & 2) && n > 0) {
        init(&failing, NSLOTS, STORE);
        CHECK(load(&failing, d, n, 1, next() % n) != FC_OK);
    }
    return 0;
}
