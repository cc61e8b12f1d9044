/* test_tls.c - trust anchors from PEM (no network).
 *
 * The certificates are made at test time by the openssl command in a fresh
 * directory under /tmp: an EC P-256 CA, an RSA-2048 CA and a P-384 leaf
 * (CA:FALSE) signed by the EC CA. What each anchor must hold comes from
 * openssl's own view of those files (the public key DER, the modulus) and
 * from BearSSL's certificate decoder run here on the DER; the Debian bundle
 * is counted by its "BEGIN CERTIFICATE" lines. */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "tls.h"

#define DEBIAN_BUNDLE "/etc/ssl/certs/ca-certificates.crt"
#define CLI_SLOTS 256
#define CLI_STORE (192u * 1024u)

static char tmpdir[] = "/tmp/framec-test-tls-XXXXXX";

/* ---- Files and commands --------------------------------------------------- */

static const char *const made_files[] = {
    "openssl.cnf", "ec_ca.key",  "ec_ca.pem",  "ec_ca.der",  "ec_ca.spki",
    "rsa_ca.key",  "rsa_ca.pem", "rsa_ca.der", "rsa_ca.mod", "leaf.key",
    "leaf.csr",    "leaf.pem",   "leaf.der",   "leaf.spki",  "openssl.log",
};

static int sh(const char *fmt, ...)
{
    char cmd[2048];
    int n;
    va_list ap;

    n = snprintf(cmd, sizeof cmd, "cd '%s' && ", tmpdir);
    va_start(ap, fmt);
    vsnprintf(cmd + n, sizeof cmd - (size_t)n, fmt, ap);
    va_end(ap);
    return system(cmd);
}

/* Reads a whole file (malloc'd, NUL added after len). */
static unsigned char *slurp_path(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    size_t cap = 0, n = 0, got;

    *len = 0;
    if (!f)
        return NULL;
    do {
        if (cap - n < 4096) {
            cap = cap * 2 + 8192;
            buf = realloc(buf, cap + 1);
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got);
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

static unsigned char *slurp(const char *name, size_t *len)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    return slurp_path(path, len);
}

static int make_certs(void)
{
    static const char cnf[] = "[req]\n"
                              "distinguished_name = dn\n"
                              "prompt = no\n"
                              "[dn]\n"
                              "CN = unused\n"
                              "[ca]\n"
                              "basicConstraints = critical,CA:TRUE\n"
                              "keyUsage = critical,keyCertSign,cRLSign\n"
                              "subjectKeyIdentifier = hash\n"
                              "[leaf]\n"
                              "basicConstraints = critical,CA:FALSE\n"
                              "keyUsage = critical,digitalSignature\n"
                              "subjectAltName = DNS:leaf.test\n";
    char path[256];
    FILE *f;
    int rc = 0;

    snprintf(path, sizeof path, "%s/openssl.cnf", tmpdir);
    f = fopen(path, "w");
    if (!f)
        return -1;
    fputs(cnf, f);
    fclose(f);
    rc |= sh("openssl req -x509 -config openssl.cnf -extensions ca -newkey ec "
             "-pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ec_ca.key -out ec_ca.pem "
             "-subj '/CN=framec test EC CA/O=framec tests' -days 3650 >>openssl.log 2>&1");
    rc |= sh("openssl req -x509 -config openssl.cnf -extensions ca -newkey rsa:2048 "
             "-nodes -keyout rsa_ca.key -out rsa_ca.pem "
             "-subj '/CN=framec test RSA CA/O=framec tests' -days 3650 >>openssl.log 2>&1");
    rc |= sh("openssl req -new -config openssl.cnf -newkey ec -pkeyopt ec_paramgen_curve:P-384 "
             "-nodes -keyout leaf.key -out leaf.csr -subj '/CN=leaf.test' >>openssl.log 2>&1");
    rc |= sh("openssl x509 -req -in leaf.csr -CA ec_ca.pem -CAkey ec_ca.key -set_serial 2 "
             "-out leaf.pem -days 365 -extfile openssl.cnf -extensions leaf >>openssl.log 2>&1");
    rc |= sh("for c in ec_ca rsa_ca leaf; do openssl x509 -in $c.pem -outform DER -out $c.der "
             "|| exit 1; done");
    rc |= sh("openssl x509 -in ec_ca.pem -noout -pubkey | openssl pkey -pubin -outform DER "
             "-out ec_ca.spki");
    rc |= sh("openssl x509 -in leaf.pem -noout -pubkey | openssl pkey -pubin -outform DER "
             "-out leaf.spki");
    rc |= sh("openssl x509 -in rsa_ca.pem -noout -modulus > rsa_ca.mod");
    return rc;
}

static void cleanup(void)
{
    size_t i;
    char path[256];
    for (i = 0; i < sizeof made_files / sizeof made_files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", tmpdir, made_files[i]);
        unlink(path);
    }
    CHECK(rmdir(tmpdir) == 0, "temp dir %s not removed (left-over files?)", tmpdir);
}

/* ---- Helpers ---------------------------------------------------------------- */

typedef struct {
    unsigned char *p;
    size_t len;
} blob;

static blob cat3(const blob *a, const blob *b, const blob *c)
{
    blob r;
    r.len = a->len + (b ? b->len : 0) + (c ? c->len : 0);
    r.p = malloc(r.len + 1);
    memcpy(r.p, a->p, a->len);
    if (b)
        memcpy(r.p + a->len, b->p, b->len);
    if (c)
        memcpy(r.p + a->len + (b ? b->len : 0), c->p, c->len);
    r.p[r.len] = '\0';
    return r;
}

static blob from_str(const char *s)
{
    blob r;
    r.len = strlen(s);
    r.p = malloc(r.len + 1);
    memcpy(r.p, s, r.len + 1);
    return r;
}

/* A read callback over memory, step bytes per call; fail_at: return -1
 * once that many bytes were given (SIZE_MAX: never). */
typedef struct {
    const unsigned char *p;
    size_t len, off, step, fail_at;
    unsigned long calls;
} reader;

static long read_step(void *ctx, unsigned char *buf, size_t len)
{
    reader *r = ctx;
    size_t n = r->len - r->off;
    r->calls++;
    if (r->off >= r->fail_at)
        return -1;
    if (n > r->step)
        n = r->step;
    if (n > len)
        n = len;
    if (r->fail_at != SIZE_MAX && n > r->fail_at - r->off)
        n = r->fail_at - r->off;
    memcpy(buf, r->p + r->off, n);
    r->off += n;
    return (long)n;
}

static long read_file(void *ctx, unsigned char *buf, size_t len)
{
    FILE *f = ctx;
    size_t n = fread(buf, 1, len, f);
    if (n == 0 && ferror(f))
        return -1;
    return (long)n;
}

static int add_stepped(fc_anchors *a, const blob *b, size_t step)
{
    reader r = {b->p, b->len, 0, step, SIZE_MAX, 0};
    return fc_anchors_add_pem(a, read_step, &r);
}

static int inside(const fc_anchors *a, const void *p, size_t len)
{
    const unsigned char *q = p;
    return q && len > 0 && q >= a->store && q <= a->store + a->store_len &&
           len <= (size_t)(a->store + a->store_len - q);
}

/* Every pointer of every anchor lies in the used part of the store. */
static int all_inside(const fc_anchors *a)
{
    size_t i;
    for (i = 0; i < a->count; i++) {
        const br_x509_trust_anchor *t = &a->slots[i];
        if (!inside(a, t->dn.data, t->dn.len))
            return 0;
        if (t->pkey.key_type == BR_KEYTYPE_RSA) {
            if (!inside(a, t->pkey.key.rsa.n, t->pkey.key.rsa.nlen) ||
                !inside(a, t->pkey.key.rsa.e, t->pkey.key.rsa.elen))
                return 0;
        } else if (t->pkey.key_type == BR_KEYTYPE_EC) {
            if (!inside(a, t->pkey.key.ec.q, t->pkey.key.ec.qlen))
                return 0;
        } else {
            return 0;
        }
    }
    return 1;
}

static size_t off_in(const fc_anchors *a, const void *p)
{
    return (size_t)((const unsigned char *)p - a->store);
}

/* Same anchors, same bytes, at the same places in two stores. */
static int same_anchors(const fc_anchors *x, const fc_anchors *y)
{
    size_t i;
    if (x->count != y->count || x->store_len != y->store_len ||
        memcmp(x->store, y->store, x->store_len) != 0)
        return 0;
    for (i = 0; i < x->count; i++) {
        const br_x509_trust_anchor *s = &x->slots[i], *t = &y->slots[i];
        if (s->flags != t->flags || s->pkey.key_type != t->pkey.key_type ||
            s->dn.len != t->dn.len || off_in(x, s->dn.data) != off_in(y, t->dn.data))
            return 0;
        if (s->pkey.key_type == BR_KEYTYPE_RSA) {
            if (s->pkey.key.rsa.nlen != t->pkey.key.rsa.nlen ||
                s->pkey.key.rsa.elen != t->pkey.key.rsa.elen ||
                off_in(x, s->pkey.key.rsa.n) != off_in(y, t->pkey.key.rsa.n) ||
                off_in(x, s->pkey.key.rsa.e) != off_in(y, t->pkey.key.rsa.e))
                return 0;
        } else {
            if (s->pkey.key.ec.curve != t->pkey.key.ec.curve ||
                s->pkey.key.ec.qlen != t->pkey.key.ec.qlen ||
                off_in(x, s->pkey.key.ec.q) != off_in(y, t->pkey.key.ec.q))
                return 0;
        }
    }
    return 1;
}

/* BearSSL's own decoding of one DER certificate, for comparison. */
typedef struct {
    unsigned char dn[1024];
    size_t dn_len;
    int overflow;
} dn_buf;

static void dn_append(void *ctx, const void *buf, size_t len)
{
    dn_buf *d = ctx;
    if (sizeof d->dn - d->dn_len < len) {
        d->overflow = 1;
        return;
    }
    memcpy(d->dn + d->dn_len, buf, len);
    d->dn_len += len;
}

static size_t count_begin_lines(const blob *b)
{
    static const char tag[] = "-----BEGIN CERTIFICATE-----";
    size_t i, n = 0;
    for (i = 0; i + sizeof tag - 1 <= b->len; i++)
        if ((i == 0 || b->p[i - 1] == '\n') && memcmp(b->p + i, tag, sizeof tag - 1) == 0)
            n++;
    return n;
}

static size_t strip_zeros(const unsigned char **p, size_t len)
{
    while (len && **p == 0) {
        (*p)++;
        len--;
    }
    return len;
}

static int hexval(int c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                  : -1;
}

/* ---- The tests ------------------------------------------------------------- */

static blob ec_pem, rsa_pem, leaf_pem, ec_key, bundle3;

static void compare_with_decoder(const char *what, const br_x509_trust_anchor *t,
                                 const char *der_name)
{
    blob der;
    br_x509_decoder_context dc;
    dn_buf d;
    const br_x509_pkey *pk;

    memset(&d, 0, sizeof d);
    der.p = slurp(der_name, &der.len);
    CHECK(der.p && der.len > 100, "%s: no DER", what);
    if (!der.p)
        return;
    br_x509_decoder_init(&dc, dn_append, &d);
    br_x509_decoder_push(&dc, der.p, der.len);
    pk = br_x509_decoder_get_pkey(&dc);
    CHECK(pk != NULL && br_x509_decoder_last_error(&dc) == 0 && !d.overflow,
          "%s: the reference decode failed", what);
    if (pk) {
        CHECK(t->dn.len == d.dn_len && memcmp(t->dn.data, d.dn, d.dn_len) == 0,
              "%s: DN differs from br_x509_decoder's", what);
        CHECK_EQ_INT(t->pkey.key_type, pk->key_type);
        CHECK_EQ_INT((t->flags & BR_X509_TA_CA) != 0, br_x509_decoder_isCA(&dc) != 0);
        if (pk->key_type == BR_KEYTYPE_RSA && t->pkey.key_type == BR_KEYTYPE_RSA) {
            CHECK(t->pkey.key.rsa.nlen == pk->key.rsa.nlen &&
                      memcmp(t->pkey.key.rsa.n, pk->key.rsa.n, pk->key.rsa.nlen) == 0,
                  "%s: RSA n differs from br_x509_decoder's", what);
            CHECK(t->pkey.key.rsa.elen == pk->key.rsa.elen &&
                      memcmp(t->pkey.key.rsa.e, pk->key.rsa.e, pk->key.rsa.elen) == 0,
                  "%s: RSA e differs from br_x509_decoder's", what);
        } else if (pk->key_type == BR_KEYTYPE_EC && t->pkey.key_type == BR_KEYTYPE_EC) {
            CHECK_EQ_INT(t->pkey.key.ec.curve, pk->key.ec.curve);
            CHECK(t->pkey.key.ec.qlen == pk->key.ec.qlen &&
                      memcmp(t->pkey.key.ec.q, pk->key.ec.q, pk->key.ec.qlen) == 0,
                  "%s: EC q differs from br_x509_decoder's", what);
        }
    }
    free(der.p);
}

/* The EC point is the last bytes of the SubjectPublicKeyInfo openssl wrote
 * (its BIT STRING comes last). */
static void compare_ec_with_openssl(const char *what, const br_x509_trust_anchor *t,
                                    const char *spki_name, int curve, size_t qlen)
{
    blob spki;
    spki.p = slurp(spki_name, &spki.len);
    CHECK_EQ_INT(t->pkey.key_type, BR_KEYTYPE_EC);
    CHECK_EQ_INT(t->pkey.key.ec.curve, curve);
    CHECK_EQ_INT(t->pkey.key.ec.qlen, qlen);
    CHECK(t->pkey.key.ec.qlen > 0 && t->pkey.key.ec.q[0] == 0x04,
          "%s: q is not an uncompressed point", what);
    CHECK(spki.p && spki.len > qlen && t->pkey.key.ec.qlen == qlen &&
              memcmp(t->pkey.key.ec.q, spki.p + spki.len - qlen, qlen) == 0,
          "%s: q differs from openssl's public key", what);
    free(spki.p);
}

static void compare_rsa_with_openssl(const br_x509_trust_anchor *t)
{
    static const unsigned char e65537[] = {0x01, 0x00, 0x01};
    unsigned char n[512];
    size_t nlen = 0, tlen;
    const unsigned char *tn, *te;
    blob mod;
    const char *h;

    mod.p = slurp("rsa_ca.mod", &mod.len);
    CHECK(mod.p && strncmp((const char *)mod.p, "Modulus=", 8) == 0, "no openssl modulus");
    if (!mod.p)
        return;
    for (h = (const char *)mod.p + 8; hexval(h[0]) >= 0 && hexval(h[1]) >= 0 && nlen < sizeof n;
         h += 2)
        n[nlen++] = (unsigned char)(hexval(h[0]) * 16 + hexval(h[1]));
    free(mod.p);

    CHECK_EQ_INT(t->pkey.key_type, BR_KEYTYPE_RSA);
    tn = t->pkey.key.rsa.n;
    tlen = strip_zeros(&tn, t->pkey.key.rsa.nlen);
    CHECK_EQ_INT(tlen, 256); /* RSA-2048 */
    {
        const unsigned char *on = n;
        size_t olen = strip_zeros(&on, nlen);
        CHECK(tlen == olen && memcmp(tn, on, olen) == 0, "RSA n differs from openssl's modulus");
    }
    te = t->pkey.key.rsa.e;
    tlen = strip_zeros(&te, t->pkey.key.rsa.elen);
    CHECK(tlen == 3 && memcmp(te, e65537, 3) == 0, "RSA e is not 65537");
}

static int dn_has(const br_x509_trust_anchor *t, const char *text)
{
    size_t n = strlen(text), i;
    for (i = 0; i + n <= t->dn.len; i++)
        if (memcmp(t->dn.data + i, text, n) == 0)
            return 1;
    return 0;
}

static void test_three(void)
{
    br_x509_trust_anchor slots[8];
    unsigned char store[16384];
    fc_anchors a, b;
    br_x509_trust_anchor slots2[8];
    unsigned char store2[16384];
    size_t i, steps[] = {1, 2, 7, 511, 512, 513, 100000};
    int rc;

    fc_anchors_init(&a, slots, 8, store, sizeof store);
    rc = fc_anchors_add_pem_mem(&a, bundle3.p, bundle3.len);
    CHECK_EQ_INT(rc, FC_OK);
    CHECK_EQ_INT(a.count, 3);
    CHECK_EQ_INT(count_begin_lines(&bundle3), 3);
    if (a.count != 3)
        return;
    CHECK(all_inside(&a), "an anchor points outside the used store");
    CHECK(a.store_len > 0 && a.store_len <= sizeof store, "store_len %zu", a.store_len);
    for (i = 0; i < 3; i++)
        CHECK(a.slots[i].dn.len > 2 && a.slots[i].dn.data[0] == 0x30,
              "anchor %zu: DN is not a DER SEQUENCE", i);

    /* Flags: the two CAs are CAs, the leaf is not. */
    CHECK(slots[0].flags & BR_X509_TA_CA, "EC CA lacks BR_X509_TA_CA");
    CHECK(slots[1].flags & BR_X509_TA_CA, "RSA CA lacks BR_X509_TA_CA");
    CHECK(!(slots[2].flags & BR_X509_TA_CA), "leaf has BR_X509_TA_CA");

    CHECK(dn_has(&slots[0], "framec test EC CA"), "EC CA DN");
    CHECK(dn_has(&slots[1], "framec test RSA CA"), "RSA CA DN");
    CHECK(dn_has(&slots[2], "leaf.test") && !dn_has(&slots[2], "framec test"), "leaf DN");

    compare_ec_with_openssl("EC CA", &slots[0], "ec_ca.spki", BR_EC_secp256r1, 65);
    compare_rsa_with_openssl(&slots[1]);
    compare_ec_with_openssl("leaf", &slots[2], "leaf.spki", BR_EC_secp384r1, 97);
    compare_with_decoder("EC CA", &slots[0], "ec_ca.der");
    compare_with_decoder("RSA CA", &slots[1], "rsa_ca.der");
    compare_with_decoder("leaf", &slots[2], "leaf.der");

    /* Through the read callback, in any read size: the same anchors. */
    for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        fc_anchors_init(&b, slots2, 8, store2, sizeof store2);
        memset(store2, 0x5A, sizeof store2);
        rc = add_stepped(&b, &bundle3, steps[i]);
        CHECK(rc == FC_OK && same_anchors(&a, &b), "read %zu bytes at a time: rc %d, count %zu",
              steps[i], rc, b.count);
    }
}

/* Each store size below the need fails whole, with nothing kept; the exact
 * need works. Here for every size, the bundle being small. */
static void test_sizes_small(void)
{
    br_x509_trust_anchor slots[8];
    static unsigned char store[16384];
    fc_anchors a;
    size_t need, cap;
    int bad = 0, rc;

    fc_anchors_init(&a, slots, 8, store, sizeof store);
    CHECK_EQ_INT(fc_anchors_add_pem_mem(&a, bundle3.p, bundle3.len), FC_OK);
    need = a.store_len;

    for (cap = 0; cap < need; cap++) {
        fc_anchors_init(&a, slots, 8, store, cap);
        rc = fc_anchors_add_pem_mem(&a, bundle3.p, bundle3.len);
        if (rc != FC_ERR_ANCHORS_FULL || a.count != 0 || a.store_len != 0) {
            if (!bad)
                printf("# store %zu of %zu: rc %d count %zu store_len %zu\n", cap, need, rc,
                       a.count, a.store_len);
            bad++;
        }
    }
    CHECK(bad == 0, "%d store sizes below %zu not refused cleanly", bad, need);
    fc_anchors_init(&a, slots, 8, store, need);
    CHECK_EQ_INT(fc_anchors_add_pem_mem(&a, bundle3.p, bundle3.len), FC_OK);
    CHECK_EQ_INT(a.count, 3);
    CHECK_EQ_INT(a.store_len, need);

    for (cap = 0; cap < 3; cap++) {
        fc_anchors_init(&a, slots, cap, store, sizeof store);
        rc = fc_anchors_add_pem_mem(&a, bundle3.p, bundle3.len);
        CHECK(rc == FC_ERR_ANCHORS_FULL && a.count == 0 && a.store_len == 0,
              "%zu slots: rc %d count %zu store_len %zu", cap, rc, a.count, a.store_len);
    }
    fc_anchors_init(&a, slots, 3, store, sizeof store);
    CHECK_EQ_INT(fc_anchors_add_pem_mem(&a, bundle3.p, bundle3.len), FC_OK);
}

static blob debian;
static size_t debian_count, debian_store;

static void test_debian(void)
{
    static br_x509_trust_anchor slots[CLI_SLOTS], slots2[CLI_SLOTS];
    static unsigned char store[CLI_STORE], store2[CLI_STORE];
    fc_anchors a, b;
    size_t lines, i, rsa = 0, ec = 0, ca = 0;
    FILE *f;
    int rc;

    lines = count_begin_lines(&debian);
    CHECK(lines > 50, "%s has %zu certificates", DEBIAN_BUNDLE, lines);

    fc_anchors_init(&a, slots, CLI_SLOTS, store, sizeof store);
    rc = fc_anchors_add_pem_mem(&a, debian.p, debian.len);
    CHECK_EQ_INT(rc, FC_OK);
    CHECK_EQ_INT(a.count, lines);
    CHECK(all_inside(&a), "a Debian anchor points outside the used store");
    for (i = 0; i < a.count; i++) {
        rsa += slots[i].pkey.key_type == BR_KEYTYPE_RSA;
        ec += slots[i].pkey.key_type == BR_KEYTYPE_EC;
        ca += (slots[i].flags & BR_X509_TA_CA) != 0;
    }
    CHECK_EQ_INT(rsa + ec, a.count);
    printf("# %s: %zu BEGIN CERTIFICATE lines, %zu anchors (%zu RSA, %zu EC, %zu CA), "
           "%zu of %u store bytes, %zu of %d slots\n",
           DEBIAN_BUNDLE, lines, a.count, rsa, ec, ca, a.store_len, CLI_STORE, a.count, CLI_SLOTS);
    debian_count = a.count;
    debian_store = a.store_len;

    /* One byte per read gives the same anchors; so does stdio. */
    fc_anchors_init(&b, slots2, CLI_SLOTS, store2, sizeof store2);
    rc = add_stepped(&b, &debian, 1);
    CHECK(rc == FC_OK && same_anchors(&a, &b), "1 byte at a time: rc %d count %zu", rc, b.count);
    fc_anchors_init(&b, slots2, CLI_SLOTS, store2, sizeof store2);
    f = fopen(DEBIAN_BUNDLE, "rb");
    CHECK(f != NULL, "open %s", DEBIAN_BUNDLE);
    if (f) {
        rc = fc_anchors_add_pem(&b, read_file, f);
        fclose(f);
        CHECK(rc == FC_OK && same_anchors(&a, &b), "fread: rc %d count %zu", rc, b.count);
    }
}

static void test_debian_too_small(void)
{
    static br_x509_trust_anchor slots[CLI_SLOTS + 8];
    static unsigned char store[CLI_STORE + 16384];
    static unsigned char before[16384];
    br_x509_trust_anchor slots_before[3];
    fc_anchors a;
    size_t n = debian_count, s = debian_store, pre_count, pre_store, k;
    size_t sizes[64], nsizes = 0;
    int rc, bad = 0;

    if (!n)
        return;
    /* Slots: one short. */
    fc_anchors_init(&a, slots, n - 1, store, CLI_STORE);
    rc = fc_anchors_add_pem_mem(&a, debian.p, debian.len);
    CHECK(rc == FC_ERR_ANCHORS_FULL && a.count == 0 && a.store_len == 0,
          "%zu slots: rc %d count %zu store_len %zu", n - 1, rc, a.count, a.store_len);
    fc_anchors_init(&a, slots, n, store, s);
    rc = fc_anchors_add_pem_mem(&a, debian.p, debian.len);
    CHECK(rc == FC_OK && a.count == n && a.store_len == s,
          "exactly %zu slots and %zu bytes: rc %d count %zu store_len %zu", n, s, rc, a.count,
          a.store_len);

    /* Store: a spread of sizes, the edges included. */
    sizes[nsizes++] = 0;
    sizes[nsizes++] = 1;
    sizes[nsizes++] = 64;
    for (k = 1; k < 40; k++)
        sizes[nsizes++] = s * k / 40;
    sizes[nsizes++] = s - 1000;
    sizes[nsizes++] = s - 100;
    sizes[nsizes++] = s - 10;
    sizes[nsizes++] = s - 2;
    sizes[nsizes++] = s - 1;
    for (k = 0; k < nsizes; k++) {
        fc_anchors_init(&a, slots, CLI_SLOTS, store, sizes[k]);
        rc = fc_anchors_add_pem_mem(&a, debian.p, debian.len);
        if (rc != FC_ERR_ANCHORS_FULL || a.count != 0 || a.store_len != 0) {
            printf("# store %zu of %zu: rc %d count %zu store_len %zu\n", sizes[k], s, rc, a.count,
                   a.store_len);
            bad++;
        }
    }
    CHECK(bad == 0, "%d of %zu store sizes below %zu not refused cleanly", bad, nsizes, s);

    /* After a first bundle, a failing second one leaves the first alone. */
    fc_anchors_init(&a, slots, 3 + n - 1, store, sizeof store);
    CHECK_EQ_INT(fc_anchors_add_pem_mem(&a, bundle3.p, bundle3.len), FC_OK);
    pre_count = a.count;
    pre_store = a.store_len;
    memcpy(before, store, pre_store);
    memcpy(slots_before, slots, sizeof slots_before);
    rc = fc_anchors_add_pem_mem(&a, debian.p, debian.len);
    CHECK(rc == FC_ERR_ANCHORS_FULL && a.count == pre_count && a.store_len == pre_store,
          "second add, a slot short: rc %d count %zu store_len %zu", rc, a.count, a.store_len);
    a.cap = 3 + n;
    a.store_cap = pre_store + s - 1;
    rc = fc_anchors_add_pem_mem(&a, debian.p, debian.len);
    CHECK(rc == FC_ERR_ANCHORS_FULL && a.count == pre_count && a.store_len == pre_store,
          "second add, a byte short: rc %d count %zu store_len %zu", rc, a.count, a.store_len);
    CHECK(memcmp(before, store, pre_store) == 0 &&
              memcmp(slots_before, slots, sizeof slots_before) == 0,
          "a failed add changed the anchors already there");
    a.store_cap = pre_store + s;
    rc = fc_anchors_add_pem_mem(&a, debian.p, debian.len);
    CHECK(rc == FC_OK && a.count == pre_count + n && a.store_len == pre_store + s,
          "second add, exact: rc %d count %zu store_len %zu", rc, a.count, a.store_len);
    CHECK(all_inside(&a), "appended anchors point outside the store");
}

/* Replaces every "\n" with "\r\n". */
static blob to_crlf(const blob *b)
{
    blob r;
    size_t i, j = 0;
    r.p = malloc(b->len * 2 + 1);
    for (i = 0; i < b->len; i++) {
        if (b->p[i] == '\n')
            r.p[j++] = '\r';
        r.p[j++] = b->p[i];
    }
    r.p[j] = '\0';
    r.len = j;
    return r;
}

static int add_mem_n(const blob *b, size_t *count)
{
    static br_x509_trust_anchor slots[16];
    static unsigned char store[32768];
    fc_anchors a;
    int rc;
    fc_anchors_init(&a, slots, 16, store, sizeof store);
    rc = fc_anchors_add_pem_mem(&a, b->p, b->len);
    *count = a.count;
    return rc;
}

static void expect_add(const char *what, const blob *b, int want_rc, size_t want_count)
{
    size_t count;
    int rc = add_mem_n(b, &count);
    CHECK(rc == want_rc && count == want_count, "%s: rc %d count %zu, want rc %d count %zu", what,
          rc, count, want_rc, want_count);
}

/* A copy of b with the byte at the middle of its base64 body replaced. */
static blob poke_body(const blob *b, size_t from_begin, char c)
{
    blob r = cat3(b, NULL, NULL);
    const char *body = strstr((const char *)r.p, "-----\n");
    if (body)
        r.p[(size_t)(body - (const char *)r.p) + 6 + from_begin] = (unsigned char)c;
    return r;
}

static void test_pem_forms(void)
{
    blob t, u;
    const char *end;
    size_t i;

    /* The last line without its newline. */
    t = cat3(&ec_pem, NULL, NULL);
    while (t.len && (t.p[t.len - 1] == '\n' || t.p[t.len - 1] == '\r'))
        t.len--;
    expect_add("one cert, no final newline", &t, FC_OK, 1);
    free(t.p);
    t = cat3(&bundle3, NULL, NULL);
    while (t.len && t.p[t.len - 1] == '\n')
        t.len--;
    expect_add("bundle, no final newline", &t, FC_OK, 3);

    /* CRLF line ends: the same anchors. */
    {
        static br_x509_trust_anchor s1[8], s2[8];
        static unsigned char st1[16384], st2[16384];
        fc_anchors a, b;
        u = to_crlf(&bundle3);
        fc_anchors_init(&a, s1, 8, st1, sizeof st1);
        fc_anchors_init(&b, s2, 8, st2, sizeof st2);
        CHECK_EQ_INT(fc_anchors_add_pem_mem(&a, bundle3.p, bundle3.len), FC_OK);
        CHECK_EQ_INT(fc_anchors_add_pem_mem(&b, u.p, u.len), FC_OK);
        CHECK(same_anchors(&a, &b), "CRLF bundle gives other anchors (count %zu)", b.count);
        free(u.p);
        /* CRLF and no final line end. */
        u = to_crlf(&t);
        expect_add("CRLF, no final newline", &u, FC_OK, 3);
        free(u.p);
    }
    free(t.p);

    /* Other PEM objects are skipped. */
    t = cat3(&ec_key, &rsa_pem, &ec_key);
    u = cat3(&t, &leaf_pem, &ec_key);
    expect_add("private keys around certificates", &u, FC_OK, 2);
    free(t.p);
    free(u.p);

    /* A corrupted body. */
    t = poke_body(&ec_pem, 30, '*');
    expect_add("'*' in the base64", &t, FC_ERR_PEM, 0);
    free(t.p);
    t = poke_body(&ec_pem, 0, 'A'); /* valid base64, but no DER SEQUENCE */
    t.p[strstr((const char *)t.p, "-----\n") - (const char *)t.p + 7] = 'A';
    expect_add("DER header destroyed", &t, FC_ERR_PEM, 0);
    free(t.p);
    /* A base64 line missing from the middle: the DER is cut short. */
    t = cat3(&rsa_pem, NULL, NULL);
    {
        char *l1 = strstr((char *)t.p, "-----\n");
        char *l2 = l1 ? strchr(l1 + 6, '\n') : NULL;
        char *l3 = l2 ? strchr(l2 + 1, '\n') : NULL;
        CHECK(l3 != NULL, "RSA PEM has lines");
        if (l3) {
            memmove(l2 + 1, l3 + 1, t.len - (size_t)(l3 + 1 - (char *)t.p) + 1);
            t.len -= (size_t)(l3 - l2);
        }
    }
    expect_add("a base64 line missing", &t, FC_ERR_PEM, 0);
    free(t.p);
    /* A bad certificate after good ones: nothing is kept. */
    t = poke_body(&leaf_pem, 30, '*');
    u = cat3(&ec_pem, &rsa_pem, &t);
    expect_add("a bad third certificate", &u, FC_ERR_PEM, 0);
    free(t.p);
    free(u.p);

    /* Truncated objects. */
    t = cat3(&bundle3, NULL, NULL);
    t.len = ec_pem.len + rsa_pem.len + leaf_pem.len / 2;
    expect_add("cut in the last body", &t, FC_ERR_PEM, 0);
    end = strstr((const char *)leaf_pem.p, "-----END");
    t.len = ec_pem.len + rsa_pem.len + (size_t)(end - (const char *)leaf_pem.p);
    expect_add("cut before END", &t, FC_ERR_PEM, 0);
    t.len = ec_pem.len + rsa_pem.len + 12;
    expect_add("cut inside BEGIN", &t, FC_ERR_PEM, 0);
    free(t.p);
    t = cat3(&ec_pem, &ec_key, NULL);
    t.len = ec_pem.len + ec_key.len / 2;
    expect_add("cut in a private key after a certificate", &t, FC_ERR_PEM, 0);
    /* The same, cut at the end of the key's first base64 line. */
    end = strchr(strchr((const char *)t.p + ec_pem.len, '\n') + 1, '\n');
    t.len = (size_t)(end + 1 - (const char *)t.p);
    expect_add("private key cut at a line end", &t, FC_ERR_PEM, 0);
    free(t.p);

    /* Nothing to trust. */
    expect_add("only a private key", &ec_key, FC_ERR_NO_ANCHORS, 0);
    t = from_str("");
    expect_add("empty", &t, FC_ERR_NO_ANCHORS, 0);
    free(t.p);
    t = from_str("no PEM here at all\n");
    expect_add("plain text", &t, FC_ERR_NO_ANCHORS, 0);
    free(t.p);

    /* A read error is a PEM error, wherever it happens, and drops all. */
    {
        static br_x509_trust_anchor slots[8];
        static unsigned char store[16384];
        size_t fails[4];
        fc_anchors a;
        fails[0] = 0;
        fails[1] = 100;
        fails[2] = ec_pem.len;  /* after one whole certificate */
        fails[3] = bundle3.len; /* after everything, before the end */
        for (i = 0; i < 4; i++) {
            reader r = {bundle3.p, bundle3.len, 0, 64, fails[i], 0};
            int rc;
            fc_anchors_init(&a, slots, 8, store, sizeof store);
            rc = fc_anchors_add_pem(&a, read_step, &r);
            CHECK(rc == FC_ERR_PEM && a.count == 0 && a.store_len == 0,
                  "read fails at %zu: rc %d count %zu", fails[i], rc, a.count);
        }
    }
}

static void test_append(void)
{
    static br_x509_trust_anchor slots[8];
    static unsigned char store[16384];
    br_x509_trust_anchor first;
    fc_anchors a;
    size_t s1;
    blob bad;

    fc_anchors_init(&a, slots, 8, store, sizeof store);
    CHECK_EQ_INT(fc_anchors_add_pem_mem(&a, ec_pem.p, ec_pem.len), FC_OK);
    CHECK_EQ_INT(a.count, 1);
    s1 = a.store_len;
    first = slots[0];
    CHECK_EQ_INT(fc_anchors_add_pem_mem(&a, rsa_pem.p, rsa_pem.len), FC_OK);
    CHECK_EQ_INT(a.count, 2);
    CHECK(a.store_len > s1, "store did not grow");
    CHECK(memcmp(&first, &slots[0], sizeof first) == 0, "first anchor changed");
    CHECK_EQ_INT(slots[1].pkey.key_type, BR_KEYTYPE_RSA);
    CHECK(dn_has(&slots[1], "framec test RSA CA"), "second anchor is the RSA CA");
    CHECK((const unsigned char *)slots[1].dn.data >= store + s1, "second DN not after the first");
    CHECK(all_inside(&a), "appended anchors point outside the store");

    /* A failing third add keeps the two. */
    bad = poke_body(&leaf_pem, 30, '*');
    s1 = a.store_len;
    CHECK_EQ_INT(fc_anchors_add_pem_mem(&a, bad.p, bad.len), FC_ERR_PEM);
    CHECK_EQ_INT(a.count, 2);
    CHECK_EQ_INT(a.store_len, s1);
    CHECK_EQ_INT(fc_anchors_add_pem_mem(&a, ec_key.p, ec_key.len), FC_ERR_NO_ANCHORS);
    CHECK_EQ_INT(a.count, 2);
    CHECK_EQ_INT(a.store_len, s1);
    free(bad.p);
}

int main(void)
{
    if (!mkdtemp(tmpdir)) {
        CHECK(0, "mkdtemp failed");
        return check_done();
    }
    if (make_certs() != 0) {
        CHECK(0, "openssl could not make the test certificates (see %s/openssl.log)", tmpdir);
        cleanup();
        return check_done();
    }
    ec_pem.p = slurp("ec_ca.pem", &ec_pem.len);
    rsa_pem.p = slurp("rsa_ca.pem", &rsa_pem.len);
    leaf_pem.p = slurp("leaf.pem", &leaf_pem.len);
    ec_key.p = slurp("ec_ca.key", &ec_key.len);
    debian.p = slurp_path(DEBIAN_BUNDLE, &debian.len);
    CHECK(ec_pem.p && rsa_pem.p && leaf_pem.p && ec_key.p, "generated files unreadable");
    CHECK(debian.p != NULL, "%s unreadable", DEBIAN_BUNDLE);
    if (ec_pem.p && rsa_pem.p && leaf_pem.p && ec_key.p) {
        bundle3 = cat3(&ec_pem, &rsa_pem, &leaf_pem);
        test_three();
        test_sizes_small();
        test_pem_forms();
        test_append();
        if (debian.p) {
            test_debian();
            test_debian_too_small();
        }
        free(bundle3.p);
    }
    free(ec_pem.p);
    free(rsa_pem.p);
    free(leaf_pem.p);
    free(ec_key.p);
    free(debian.p);
    cleanup();
    return check_done();
}
