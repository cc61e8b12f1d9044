/* test_tls.c - trust anchors from PEM (no network).
 *
 * The certificates are made at test time by the openssl command in a fresh
 * directory under /tmp: an EC P-256 CA, an RSA-2048 CA and a P-384 leaf
 * (CA:FALSE) signed by the EC CA. What each anchor must hold comes from
 * openssl's own view of those files (the public key DER, the modulus) and
 * from BearSSL's certificate decoder run here on the DER; the Debian bundle
 * is counted by its "BEGIN CERTIFICATE" lines.
 *
 * The loader reads PEM and DER itself; the differential tests at the end
 * hold it to the loader it replaced, which ran on BearSSL's br_pem_decoder
 * and br_x509_decoder (ref_add_pem, the reference): every certificate of
 * the Debian bundle and the bundle whole, certificates openssl makes here
 * (RSA 1024 with e=3, 2048 and 4096; EC P-256, P-384, P-521, secp256k1;
 * Ed25519; v1 without extensions; CA, not CA, no basicConstraints; a name
 * over 255 bytes; a GeneralizedTime date), each of those changed at every
 * tag, length and short value and cut short, the PEM grammar's edges, and
 * random edits of PEM text. Results, counts, store bytes and anchors must
 * be the same, in small storage too. */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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
                              "subjectAltName = DNS:leaf.test\n"
                              "[ca_path]\n"
                              "basicConstraints = CA:TRUE,pathlen:0\n"
                              "keyUsage = keyCertSign\n"
                              "[nobc]\n"
                              "keyUsage = critical,digitalSignature\n"
                              "subjectAltName = DNS:nobc.test\n";
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

/* Certificates of every kind openssl makes, for the differential tests:
 * the file, what the loader must give (so the comparison is never between
 * two loaders that refuse everything) and whether it is a CA. */
static const struct {
    const char *name;
    int rc, ca;
} gen[] = {
    {"d_rsa2048", FC_OK, 1}, {"d_rsa4096", FC_OK, 0}, {"d_rsa_e3", FC_OK, 1},
    {"d_p256", FC_OK, 0},    {"d_p384", FC_OK, 1},    {"d_p521", FC_OK, 1},
    /* Keys BearSSL cannot use (secp256k1, a curve it does not name; Ed25519)
     * are skipped: alone, no anchor at all. */
    {"d_k256", FC_ERR_NO_ANCHORS, 0},
    {"d_ed25519", FC_ERR_NO_ANCHORS, 0}, {"d_v1rsa", FC_OK, 0}, {"d_v1ec", FC_OK, 0},
    {"d_longdn", FC_OK, 1},  {"d_nobc", FC_OK, 0},
};

static void cleanup(void)
{
    size_t i;
    char path[256];
    for (i = 0; i < sizeof made_files / sizeof made_files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", tmpdir, made_files[i]);
        unlink(path);
    }
    for (i = 0; i < sizeof gen / sizeof gen[0]; i++) {
        static const char *const ext[] = {"key", "pem", "csr"};
        size_t e;
        for (e = 0; e < 3; e++) {
            snprintf(path, sizeof path, "%s/%s.%s", tmpdir, gen[i].name, ext[e]);
            unlink(path);
        }
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

/* ---- The reference: the loader as it was, on BearSSL's decoders -----------
 * (tests/ref_anchors.h, shared with tests/fuzz_pem.c) */
#include "ref_anchors.h"

/* The reference for one certificate's DER, without PEM. */
static int ref_add_der(fc_anchors *a, const unsigned char *der, size_t len)
{
    static ref_loader l;
    size_t count0 = a->count, store0 = a->store_len;
    int rc;

    memset(&l, 0, sizeof l);
    l.a = a;
    l.in_cert = 1;
    ref_to_der(&l, der, len);
    rc = ref_finish_cert(&l);
    if (!rc && a->count == count0)
        rc = FC_ERR_NO_ANCHORS; /* skipped: as the PEM loader says it */
    if (rc) {
        a->count = count0;
        a->store_len = store0;
    }
    return rc;
}

/* ---- Differential tests: the loader against the reference ------------------ */

#define DIFF_SLOTS 256
#define DIFF_STORE (192u * 1024u)

static unsigned long diff_runs, diff_ok, diff_bad;
static uint32_t diff_rng = 2463534242u;

static uint32_t diff_next(void)
{
    diff_rng ^= diff_rng << 13;
    diff_rng ^= diff_rng >> 17;
    diff_rng ^= diff_rng << 5;
    return diff_rng;
}

/* Both loaders on the same input, into equal storage: 1 when they differ
 * (reported, the first few in full). step 0 reads from memory, else
 * through the read callback step bytes at a time; der: the reference
 * skips PEM and takes this DER straight (the input is its PEM form). */
static int differs(const char *what, size_t n, const unsigned char *pem, size_t len, size_t step,
                   const unsigned char *der, size_t der_len, size_t nslots, size_t store_cap)
{
    static br_x509_trust_anchor s1[DIFF_SLOTS], s2[DIFF_SLOTS];
    static unsigned char st1[DIFF_STORE], st2[DIFF_STORE];
    fc_anchors a, b;
    blob in;
    int rc1, rc2;

    in.p = (unsigned char *)(uintptr_t)pem;
    in.len = len;
    fc_anchors_init(&a, s1, nslots, st1, store_cap);
    fc_anchors_init(&b, s2, nslots, st2, store_cap);
    rc1 = step ? add_stepped(&a, &in, step) : fc_anchors_add_pem_mem(&a, pem, len);
    rc2 = der ? ref_add_der(&b, der, der_len) : ref_add_pem(&b, pem, len);
    diff_runs++;
    diff_ok += rc1 == FC_OK;
    if (rc1 == rc2 && same_anchors(&a, &b))
        return 0;
    if (diff_bad++ < 10)
        printf("# %s %zu (step %zu, %zu slots, store %zu): rc %d count %zu, reference rc %d "
               "count %zu\n",
               what, n, step, nslots, store_cap, rc1, a.count, rc2, b.count);
    return 1;
}

/* PEM text for DER bytes: base64 in lines of 64, as openssl writes. */
static blob to_pem(const unsigned char *der, size_t len)
{
    static const char digits[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    static const char head[] = "-----BEGIN CERTIFICATE-----\n";
    static const char tail[] = "-----END CERTIFICATE-----\n";
    blob r;
    size_t i, col = 0;
    r.p = malloc(sizeof head + sizeof tail + len / 3 * 4 + len / 48 + 8);
    memcpy(r.p, head, sizeof head - 1);
    r.len = sizeof head - 1;
    for (i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)der[i] << 16 | (i + 1 < len ? (uint32_t)der[i + 1] << 8 : 0) |
                     (i + 2 < len ? der[i + 2] : 0);
        r.p[r.len++] = (unsigned char)digits[v >> 18];
        r.p[r.len++] = (unsigned char)digits[v >> 12 & 63];
        r.p[r.len++] = (unsigned char)(i + 1 < len ? digits[v >> 6 & 63] : '=');
        r.p[r.len++] = (unsigned char)(i + 2 < len ? digits[v & 63] : '=');
        if (++col == 16 || i + 3 >= len) {
            r.p[r.len++] = '\n';
            col = 0;
        }
    }
    memcpy(r.p + r.len, tail, sizeof tail);
    r.len += sizeof tail - 1;
    return r;
}

/* The DER of a PEM certificate, through BearSSL's PEM decoder. */
static void der_dest(void *ctx, const void *buf, size_t len)
{
    blob *d = ctx;
    memcpy(d->p + d->len, buf, len);
    d->len += len;
}

static blob to_der(const blob *pem)
{
    br_pem_decoder_context pc;
    blob d;
    size_t off = 0;
    d.p = malloc(pem->len);
    d.len = 0;
    br_pem_decoder_init(&pc);
    br_pem_decoder_setdest(&pc, der_dest, &d);
    while (off < pem->len) {
        off += br_pem_decoder_push(&pc, pem->p + off, pem->len - off);
        if (br_pem_decoder_event(&pc) == BR_PEM_END_OBJ)
            break;
    }
    return d;
}

/* Where the DER tree's tags and lengths are (2) and the bytes of short
 * primitive values: dates, OIDs, versions, booleans (1). BIT STRING and
 * OCTET STRING values that hold DER are looked into. Returns 0 when
 * [start, end) is a clean run of elements. */
static int mark_tree(const unsigned char *d, size_t start, size_t end, unsigned char *mark)
{
    size_t i = start;
    while (i < end) {
        size_t h = i, len = 0, k;
        unsigned tag = d[i];
        if (end - i < 2)
            return -1;
        i++;
        if (d[i] < 0x80) {
            len = d[i++];
        } else {
            k = d[i++] & 0x7f;
            if (k == 0 || k > 3 || end - i < k)
                return -1;
            while (k--)
                len = len << 8 | d[i++];
        }
        if (len > end - i)
            return -1;
        for (k = h; k < i; k++)
            mark[k] = 2;
        if (tag & 0x20) {
            if (mark_tree(d, i, i + len, mark))
                return -1;
        } else if (tag == 0x04 || (tag == 0x03 && len > 1 && d[i] == 0)) {
            size_t s = i + (tag == 0x03);
            unsigned char *trial = calloc(1, end);
            if (!mark_tree(d, s, i + len, trial))
                for (k = s; k < i + len; k++)
                    mark[k] |= trial[k];
            free(trial);
        } else if (len <= 24) {
            for (k = i; k < i + len; k++)
                mark[k] = 1;
        }
        i += len;
    }
    return 0;
}

/* One certificate's DER, changed many ways: each tag and length byte four
 * ways, each byte of short values two ways, a sample of the rest, cuts and
 * an extra byte. Every few, the storage is too small or has no slot, so
 * which error wins is compared too. Each change goes through the loader
 * as PEM and through the reference as DER. */
static void diff_mutations(const char *what, const blob *der)
{
    unsigned char *mark = calloc(1, der->len + 1), *d = malloc(der->len + 1);
    unsigned long bad = 0, runs = diff_runs;
    size_t i, j, k = 0, n;

    mark_tree(der->p, 0, der->len, mark);
    for (i = 0; i <= der->len; i++) {
        unsigned char xs[4];
        size_t nx = 0, dlen = der->len;
        memcpy(d, der->p, der->len);
        if (i == der->len) { /* one byte more */
            d[dlen++] = (unsigned char)diff_next();
            nx = 1;
            xs[0] = 0;
        } else if (mark[i] == 2) {
            xs[nx++] = 0x01;
            xs[nx++] = 0x20;
            xs[nx++] = 0x80;
            xs[nx++] = (unsigned char)(diff_next() | 1);
        } else if (mark[i] == 1) {
            xs[nx++] = 0x01;
            xs[nx++] = (unsigned char)(diff_next() | 1);
        } else if (i % 61 == 0) {
            xs[nx++] = (unsigned char)(diff_next() | 1);
        }
        for (j = 0; j < nx; j++, k++) {
            blob pem;
            size_t slots = k % 13 == 7 ? 0 : DIFF_SLOTS;
            size_t cap = k % 5 == 3 ? k % 97 : DIFF_STORE;
            if (i < der->len)
                d[i] = der->p[i] ^ xs[j];
            pem = to_pem(d, dlen);
            bad += (unsigned long)differs(what, i, pem.p, pem.len, 0, d, dlen, slots, cap);
            free(pem.p);
        }
    }
    /* Cut short at every tag or length byte. */
    for (n = 0; n < der->len; n++) {
        blob pem;
        if (mark[n] != 2)
            continue;
        pem = to_pem(der->p, n);
        bad += (unsigned long)differs(what, n, pem.p, pem.len, 0, der->p, n, DIFF_SLOTS, DIFF_STORE);
        free(pem.p);
    }
    CHECK(bad == 0, "%s: %lu of %lu changed certificates loaded unlike the reference", what, bad,
          diff_runs - runs);
    free(mark);
    free(d);
}


static int make_gen_certs(void)
{
    static const char req[] = "openssl req -x509 -config openssl.cnf -nodes -days %s "
                              "-newkey %s -keyout %s.key -out %s.pem -extensions %s "
                              "-subj '%s' >>openssl.log 2>&1";
    int rc = 0;
    rc |= sh(req, "3650", "rsa:2048", "d_rsa2048", "d_rsa2048", "ca", "/CN=diff RSA 2048/O=framec");
    rc |= sh(req, "3650", "rsa:4096", "d_rsa4096", "d_rsa4096", "leaf", "/CN=diff RSA 4096");
    rc |= sh(req, "3650", "rsa:1024 -pkeyopt rsa_keygen_pubexp:3", "d_rsa_e3", "d_rsa_e3",
             "ca_path", "/CN=diff RSA e=3");
    rc |= sh(req, "3650", "ec -pkeyopt ec_paramgen_curve:P-256", "d_p256", "d_p256", "leaf",
             "/CN=diff P-256 leaf");
    rc |= sh(req, "3650", "ec -pkeyopt ec_paramgen_curve:P-384", "d_p384", "d_p384", "ca",
             "/CN=diff P-384");
    /* Past 2049: the notAfter is a GeneralizedTime. */
    rc |= sh(req, "30000", "ec -pkeyopt ec_paramgen_curve:P-521", "d_p521", "d_p521", "ca",
             "/CN=diff P-521");
    rc |= sh(req, "3650", "ec -pkeyopt ec_paramgen_curve:secp256k1", "d_k256", "d_k256", "ca",
             "/CN=diff secp256k1");
    rc |= sh(req, "3650", "ed25519", "d_ed25519", "d_ed25519", "ca", "/CN=diff Ed25519");
    /* A name over 255 bytes, with repeated attribute types. */
    rc |= sh(req, "3650", "ec -pkeyopt ec_paramgen_curve:P-256", "d_longdn", "d_longdn", "ca_path",
             "/C=DE/ST=Some State With A Long Name/L=Some City/O=framec tests organisation "
             "with a rather long name/OU=unit one/OU=unit two/OU=unit three with a longer "
             "name/CN=framec differential test certificate with a long common "
             "name/emailAddress=nobody@example.invalid");
    rc |= sh(req, "3650", "ec -pkeyopt ec_paramgen_curve:P-256", "d_nobc", "d_nobc", "nobc",
             "/CN=diff no basicConstraints");
    /* v1: no version field, no extensions. */
    rc |= sh("openssl req -new -config openssl.cnf -key d_rsa2048.key -subj '/CN=diff v1 RSA' "
             "-out d_v1rsa.csr >>openssl.log 2>&1 && openssl x509 -req -in d_v1rsa.csr "
             "-signkey d_rsa2048.key -days 30 -out d_v1rsa.pem >>openssl.log 2>&1");
    rc |= sh("openssl req -new -config openssl.cnf -key d_p256.key -subj '/CN=diff v1 EC' "
             "-out d_v1ec.csr >>openssl.log 2>&1 && openssl x509 -req -in d_v1ec.csr "
             "-signkey d_p256.key -days 30 -out d_v1ec.pem >>openssl.log 2>&1");
    return rc;
}

static void test_diff_generated(void)
{
    size_t i, bad = 0;
    char name[64];
    for (i = 0; i < sizeof gen / sizeof gen[0]; i++) {
        static br_x509_trust_anchor slots[2];
        static unsigned char store[4096];
        fc_anchors a;
        blob pem, der;
        int rc;

        snprintf(name, sizeof name, "%s.pem", gen[i].name);
        pem.p = slurp(name, &pem.len);
        CHECK(pem.p != NULL, "%s missing", name);
        if (!pem.p)
            continue;
        fc_anchors_init(&a, slots, 2, store, sizeof store);
        rc = fc_anchors_add_pem_mem(&a, pem.p, pem.len);
        CHECK(rc == gen[i].rc, "%s: rc %d, want %d", name, rc, gen[i].rc);
        if (rc == FC_OK)
            CHECK((slots[0].flags & BR_X509_TA_CA) == (gen[i].ca ? BR_X509_TA_CA : 0u),
                  "%s: CA flag %u", name, slots[0].flags);
        bad += (size_t)differs(name, 0, pem.p, pem.len, 0, NULL, 0, DIFF_SLOTS, DIFF_STORE);
        bad += (size_t)differs(name, 0, pem.p, pem.len, 1, NULL, 0, DIFF_SLOTS, DIFF_STORE);
        bad += (size_t)differs(name, 0, pem.p, pem.len, 7, NULL, 0, DIFF_SLOTS, DIFF_STORE);
        der = to_der(&pem);
        bad += (size_t)differs(name, 1, pem.p, pem.len, 0, der.p, der.len, DIFF_SLOTS, DIFF_STORE);
        diff_mutations(name, &der);
        free(der.p);
        free(pem.p);
    }
    CHECK(bad == 0, "%zu generated certificates load unlike the reference", bad);
}

/* A bundle holding keys BearSSL cannot use (Ed25519, secp256k1) between
 * usable ones still loads: those are skipped, the others are anchors,
 * their bytes stored back to back as if the skipped ones were not there. */
static void test_unusable_keys_skipped(void)
{
    static const char *const names[] = {"d_p256.pem", "d_ed25519.pem", "d_rsa2048.pem", "d_k256.pem"};
    static br_x509_trust_anchor slots[4], alone[4];
    static unsigned char store[16384], store2[16384];
    static unsigned char bundle[32768];
    fc_anchors a, b;
    size_t i, len = 0;
    int rc;

    for (i = 0; i < 4; i++) {
        size_t n;
        unsigned char *p = slurp(names[i], &n);
        CHECK(p != NULL && len + n <= sizeof bundle, "%s missing or too big", names[i]);
        if (!p || len + n > sizeof bundle) {
            free(p);
            return;
        }
        memcpy(bundle + len, p, n);
        len += n;
        free(p);
    }
    fc_anchors_init(&a, slots, 4, store, sizeof store);
    rc = fc_anchors_add_pem_mem(&a, bundle, len);
    CHECK(rc == FC_OK && a.count == 2, "bundle with unusable keys: rc %d, %zu anchors, want 0 and 2",
          rc, a.count);
    CHECK(a.count == 2 && slots[0].pkey.key_type == BR_KEYTYPE_EC &&
              slots[1].pkey.key_type == BR_KEYTYPE_RSA,
          "bundle with unusable keys: the P-256 and RSA anchors, in order");
    /* The usable two alone give the same store bytes. */
    {
        size_t n1, n2;
        unsigned char *p1 = slurp("d_p256.pem", &n1), *p2 = slurp("d_rsa2048.pem", &n2);
        fc_anchors_init(&b, alone, 4, store2, sizeof store2);
        if (p1 && p2) {
            rc = fc_anchors_add_pem_mem(&b, p1, n1);
            if (!rc)
                rc = fc_anchors_add_pem_mem(&b, p2, n2);
        }
        CHECK(p1 && p2 && rc == FC_OK && b.store_len == a.store_len &&
                  memcmp(store, store2, a.store_len) == 0,
              "bundle with unusable keys: store differs from the usable certificates alone");
        free(p1);
        free(p2);
    }
}

/* Each certificate of the Debian bundle alone, then the whole bundle in
 * storage of several sizes, then two of them changed many ways. */
static void test_diff_debian(void)
{
    static size_t starts[1024];
    size_t n = 0, i, bad = 0, accepted = diff_ok;
    static const char tag[] = "-----BEGIN CERTIFICATE-----";

    for (i = 0; i + sizeof tag - 1 <= debian.len && n < 1023; i++)
        if ((i == 0 || debian.p[i - 1] == '\n') && memcmp(debian.p + i, tag, sizeof tag - 1) == 0)
            starts[n++] = i;
    starts[n] = debian.len;
    CHECK(n == debian_count, "%zu certificates found, %zu loaded", n, debian_count);
    for (i = 0; i < n; i++)
        bad += (size_t)differs("Debian certificate", i, debian.p + starts[i],
                               starts[i + 1] - starts[i], 0, NULL, 0, DIFF_SLOTS, DIFF_STORE);
    CHECK(bad == 0, "%zu Debian certificates load unlike the reference", bad);
    CHECK(diff_ok - accepted == n, "%lu of %zu Debian certificates accepted",
          diff_ok - accepted, n);
    bad = (size_t)differs("Debian bundle", 0, debian.p, debian.len, 0, NULL, 0, DIFF_SLOTS,
                          DIFF_STORE);
    bad += (size_t)differs("Debian bundle", 1, debian.p, debian.len, 0, NULL, 0, n - 1,
                           DIFF_STORE);
    for (i = 1; i < 8; i++)
        bad += (size_t)differs("Debian bundle", i * 100, debian.p, debian.len, 0, NULL, 0,
                               DIFF_SLOTS, debian_store * i / 8);
    CHECK(bad == 0, "the Debian bundle loads unlike the reference");
    for (i = 0; n >= 2 && i < n; i += n / 2) {
        blob one, der;
        one.p = debian.p + starts[i];
        one.len = starts[i + 1] - starts[i];
        der = to_der(&one);
        diff_mutations("Debian certificate", &der);
        free(der.p);
    }
}

/* Copy of b with the first from replaced by to; p NULL when from is absent. */
static blob replace1(const blob *b, const char *from, size_t flen, const char *to, size_t tlen)
{
    blob r = {NULL, 0};
    size_t i;
    for (i = 0; i + flen <= b->len; i++)
        if (memcmp(b->p + i, from, flen) == 0)
            break;
    if (i + flen > b->len)
        return r;
    r.len = b->len - flen + tlen;
    r.p = malloc(r.len + 1);
    memcpy(r.p, b->p, i);
    memcpy(r.p + i, to, tlen);
    memcpy(r.p + i + tlen, b->p + i + flen, b->len - i - flen);
    r.p[r.len] = '\0';
    return r;
}

/* The PEM grammar's edges: banners, labels, blanks, padding, line ends. */
static const struct {
    const char *from, *to;
    size_t tlen; /* 0: strlen(to) */
} pem_edits[] = {
    {"-----BEGIN CERTIFICATE-----", "-----begin certificate-----", 0},
    {"-----END CERTIFICATE-----", "-----end certificate-----", 0},
    {"-----END CERTIFICATE-----", "-----eNd whatever", 0},
    {"BEGIN CERTIFICATE-----", "BEGIN X509 CERTIFICATE-----", 0},
    {"BEGIN CERTIFICATE-----", "BEGIN x509 certificate", 0},
    {"BEGIN CERTIFICATE-----", "BEGIN TRUSTED CERTIFICATE-----", 0},
    {"BEGIN CERTIFICATE-----", "BEGIN CERTIFICATE", 0},
    {"BEGIN CERTIFICATE-----", "BEGIN CERTIFICATE----- ", 0},
    {"BEGIN CERTIFICATE-----", "BEGIN  CERTIFICATE-----", 0},
    {"BEGIN CERTIFICATE-----", "BEGIN CERTIFICATE-----junk", 0},
    {"BEGIN CERTIFICATE-----", "BEGIN CERTIFICATE\0junk-----", 27},
    {"BEGIN CERTIFICATE-----", "BEGIN -----", 0},
    {"BEGIN CERTIFICATE-----", "BEGIN ", 0},
    {"BEGIN CERTIFICATE-----", "BEGIN", 0},
    {"-----BEGIN", " -----BEGIN", 0},
    {"-----BEGIN", "----BEGIN", 0},
    {"-----BEGIN", "x-----BEGIN", 0},
    {"-----BEGIN", "some text\n\n-----BEGIN", 0},
    {"-----BEGIN", "-----BEGIN X-----\n-----END X-----\n-----BEGIN", 0},
    {"-----BEGIN", "-----BEGIN X-----\nAAAA\n-----END X-----\n-----BEGIN", 0},
    {"-----BEGIN", "-----BEGIN X-----\nAA*A\n-----END X-----\n-----BEGIN", 0},
    {"-----END CERTIFICATE-----", "-----END X-----", 0},
    {"-----END CERTIFICATE-----", "-----END-----", 0},
    {"-----END CERTIFICATE-----", "-----END", 0},
    {"-----END CERTIFICATE-----", "-----END ", 0},
    {"-----END CERTIFICATE-----", "----END CERTIFICATE-----", 0},
    {"-----END CERTIFICATE-----", "------END CERTIFICATE-----", 0},
    {"-----END CERTIFICATE-----", " -----END CERTIFICATE-----", 0},
    {"-----END CERTIFICATE-----", "\t-----END CERTIFICATE-----", 0},
    {"-----END CERTIFICATE-----", "\n\n-----END CERTIFICATE-----", 0},
    {"-----END CERTIFICATE-----", " \n-----END CERTIFICATE-----", 0},
    {"-----END CERTIFICATE-----", "-----BEGIN CERTIFICATE-----", 0},
    {"-----END CERTIFICATE-----\n", "-----END CERTIFICATE-----", 0},
    {"-----END CERTIFICATE-----\n", "-----END CERTIFICATE-----\ntext\n-----BEGIN", 0},
    {"-----END CERTIFICATE-----\n", "-----END CERTIFICATE-----\n-----BEGIN KEY-----\n", 0},
    {"-----END CERTIFICATE-----\n", "-----END CERTIFICATE-----\n-----BEGIN KEY-----\nAAAA", 0},
    {"-----END CERTIFICATE-----\n", "-----END CERTIFICATE-----\n-----BEGIN \n", 0},
    {"CERTIFICATE-----\nMII", "CERTIFICATE-----\n MII", 0},
    {"CERTIFICATE-----\nMII", "CERTIFICATE-----\n\tM I\vI", 0},
    {"CERTIFICATE-----\nMII", "CERTIFICATE-----\nM\0I\fI", 22},
    {"CERTIFICATE-----\nMII", "CERTIFICATE-----\nM\nII", 0},
    {"CERTIFICATE-----\nMII", "CERTIFICATE-----\n\n\nMII", 0},
    {"CERTIFICATE-----\nMII", "CERTIFICATE-----\n  \nMII", 0},
    {"CERTIFICATE-----\nMII", "CERTIFICATE-----\nM\x7fII", 0},
    {"CERTIFICATE-----\nMII", "CERTIFICATE-----\nM\xc3II", 0},
    {"CERTIFICATE-----\nMII", "CERTIFICATE-----\nMI=I", 0},
    {"CERTIFICATE-----\nMII", "CERTIFICATE-----\n=MII", 0},
    {"CERTIFICATE-----\nMII", "CERTIFICATE-----\nMII-", 0},
    {"CERTIFICATE-----\nMII", "CERTIFICATE-----\nMII\r", 0},
    {"CERTIFICATE-----\nMII", "CERTIFICATE-----\r\r\nMII", 0},
    {"\n-----END", "=\n-----END", 0},
    {"\n-----END", "==\n-----END", 0},
    {"\n-----END", "AA==\n-----END", 0},
    {"\n-----END", "AB==\n-----END", 0},
    {"\n-----END", "AAA=\n-----END", 0},
    {"\n-----END", "AAB=\n-----END", 0},
    {"\n-----END", "AAAA\n-----END", 0},
    {"=\n-----END", "= \n-----END", 0},
    {"=\n-----END", "=\t \n\n\n-----END", 0},
    {"=\n-----END", "=\n \n-----END", 0},
    {"=\n-----END", "=x\n-----END", 0},
    {"=\n-----END", "= =\n-----END", 0},
    {"=\n-----END", "==\n-----END", 0},
    {"=\n-----END", "=\nAAAA\n-----END", 0},
    {"=\n-----END", "=\n-----END CERTIFICATE-----\n", 0},
    {"=\n-----END", "=\n----END", 0},
    {"==\n-----END", "= =\n-----END", 0},
    {"==\n-----END", "=\n=\n-----END", 0},
    {"==\n-----END", "=A\n-----END", 0},
    {"==\n-----END", "===\n-----END", 0},
};

static void test_diff_pem_forms(void)
{
    static const char alphabet[] = "-=\n\r \t\v\f\0AZaz09+/ECNDIBGTRF*~\x80\xff";
    const char *names[] = {"ec_ca.pem", "rsa_ca.pem", "leaf.pem", "d_rsa2048.pem", "d_p521.pem",
                           "d_v1ec.pem", "d_longdn.pem"};
    size_t i, j, bad = 0, accepted = diff_ok;
    char label[200];
    blob base, t, key_cert;

    for (j = 0; j < sizeof names / sizeof names[0]; j++) {
        base.p = slurp(names[j], &base.len);
        if (!base.p)
            continue;
        for (i = 0; i < sizeof pem_edits / sizeof pem_edits[0]; i++) {
            size_t tlen = pem_edits[i].tlen ? pem_edits[i].tlen : strlen(pem_edits[i].to);
            t = replace1(&base, pem_edits[i].from, strlen(pem_edits[i].from), pem_edits[i].to,
                         tlen);
            if (!t.p)
                continue;
            bad += (size_t)differs(names[j], i, t.p, t.len, 0, NULL, 0, DIFF_SLOTS, DIFF_STORE);
            bad += (size_t)differs(names[j], i, t.p, t.len, 1, NULL, 0, DIFF_SLOTS, DIFF_STORE);
            bad += (size_t)differs(names[j], i, t.p, t.len, 3, NULL, 0, DIFF_SLOTS, DIFF_STORE);
            free(t.p);
        }
        /* Labels of 126 bytes (the longest BearSSL read) and more. */
        for (i = 125; i <= 128; i++) {
            memset(label, '-', sizeof label); /* CERTIFICATE, then dashes */
            memcpy(label, "-----BEGIN CERTIFICATE", 22);
            t = replace1(&base, "-----BEGIN CERTIFICATE-----", 27, label, 11 + i);
            bad += (size_t)differs(names[j], 1000 + i, t.p, t.len, 0, NULL, 0, DIFF_SLOTS,
                                   DIFF_STORE);
            free(t.p);
        }
        t = to_crlf(&base);
        bad += (size_t)differs(names[j], 2000, t.p, t.len, 1, NULL, 0, DIFF_SLOTS, DIFF_STORE);
        free(t.p);
        free(base.p);
    }
    CHECK(bad == 0, "%zu PEM forms load unlike the reference", bad);
    CHECK(diff_ok - accepted > 100, "only %lu PEM forms accepted", diff_ok - accepted);

    /* Random edits of a key and two certificates: a byte replaced by one
     * that matters to PEM, removed, or doubled. */
    t = cat3(&ec_key, &ec_pem, &leaf_pem);
    key_cert.p = malloc(t.len + 8);
    bad = 0;
    for (i = 0; i < 600; i++) {
        size_t at = diff_next() % t.len, op = diff_next() % 3, k;
        memcpy(key_cert.p, t.p, t.len);
        key_cert.len = t.len;
        for (k = 0; k <= i % 3; k++) {
            unsigned char c = (unsigned char)alphabet[diff_next() % (sizeof alphabet - 1)];
            at = k ? diff_next() % key_cert.len : at;
            if (op == 0) {
                key_cert.p[at] = c;
            } else if (op == 1) {
                memmove(key_cert.p + at, key_cert.p + at + 1, key_cert.len - at - 1);
                key_cert.len--;
            } else {
                memmove(key_cert.p + at + 1, key_cert.p + at, key_cert.len - at);
                key_cert.p[at] = c;
                key_cert.len++;
            }
        }
        bad += (size_t)differs("edited PEM", i, key_cert.p, key_cert.len, i % 2 ? 0 : 1 + i % 9,
                               NULL, 0, DIFF_SLOTS, DIFF_STORE);
    }
    CHECK(bad == 0, "%zu edited PEM bundles load unlike the reference", bad);
    free(key_cert.p);
    free(t.p);
}

/* Dates put in place of a certificate's first UTCTime (tag 0x17, 13 bytes)
 * or GeneralizedTime (0x18, 15 bytes): the day must exist in its month,
 * February 29 only in leap years (BearSSL's rule, which the loader keeps).
 * want: 1 accepted, 0 refused. */
static const struct {
    const char *date;
    int want;
} dates[] = {
    {"000229120000Z", 1},   {"010229120000Z", 0},   {"040229120000Z", 1},
    {"490229120000Z", 0},   {"500229120000Z", 0},   {"960229120000Z", 1},
    {"000131000000Z", 1},   {"000331000000Z", 1},   {"000430235960Z", 1},
    {"000431000000Z", 0},   {"000531000000Z", 1},   {"000631000000Z", 0},
    {"000731000000Z", 1},   {"000831000000Z", 1},   {"000931000000Z", 0},
    {"001031000000Z", 1},   {"001131000000Z", 0},   {"001231235959Z", 1},
    {"001232000000Z", 0},   {"000100000000Z", 0},   {"001300000000Z", 0},
    {"19000229120000Z", 0}, {"20000229120000Z", 1}, {"21000229120000Z", 0},
    {"24000229120000Z", 1}, {"20230229120000Z", 0}, {"20240229120000Z", 1},
    {"20240230120000Z", 0}, {"20241131120000Z", 0}, {"20241130120000Z", 1},
};

static void test_diff_dates(void)
{
    blob pem, der, t;
    size_t i, k, bad = 0, wrong = 0;
    pem.p = slurp("d_p521.pem", &pem.len); /* UTCTime notBefore, GeneralizedTime notAfter */
    CHECK(pem.p != NULL, "d_p521.pem missing");
    if (!pem.p)
        return;
    der = to_der(&pem);
    for (i = 0; i < sizeof dates / sizeof dates[0]; i++) {
        size_t n = strlen(dates[i].date);
        unsigned char tag = n == 13 ? 0x17 : 0x18;
        static br_x509_trust_anchor slots[1];
        static unsigned char store[4096];
        fc_anchors a;
        t = cat3(&der, NULL, NULL);
        for (k = 0; k + 2 + n <= t.len; k++)
            if (t.p[k] == tag && t.p[k + 1] == n)
                break;
        CHECK(k + 2 + n <= t.len, "no time of %zu bytes in d_p521", n);
        if (k + 2 + n <= t.len) {
            blob p;
            memcpy(t.p + k + 2, dates[i].date, n);
            p = to_pem(t.p, t.len);
            bad += (size_t)differs("date", i, p.p, p.len, 0, t.p, t.len, DIFF_SLOTS, DIFF_STORE);
            fc_anchors_init(&a, slots, 1, store, sizeof store);
            if ((fc_anchors_add_pem_mem(&a, p.p, p.len) == FC_OK) != dates[i].want) {
                printf("# %s: %s\n", dates[i].date, dates[i].want ? "refused" : "accepted");
                wrong++;
            }
            free(p.p);
        }
        free(t.p);
    }
    CHECK(bad == 0, "%zu dates judged unlike the reference", bad);
    CHECK(wrong == 0, "%zu dates judged wrongly", wrong);
    free(der.p);
    free(pem.p);
}

/* fc_anchors_drop_unusable: roots past their notAfter, and RSA roots
 * below 2048 bits, are counted instead of added; without the call every
 * usable certificate is added. The dates come from make_gen_certs: d_v1ec
 * is valid for 30 days, the others for 3650; d_rsa_e3 is RSA-1024. */
static void test_dropped(void)
{
    static br_x509_trust_anchor slots[8];
    static unsigned char store[16384];
    static const char *const names[] = {"d_p256.pem", "d_rsa2048.pem", "d_rsa_e3.pem", "d_v1ec.pem"};
    blob b[4], all = {NULL, 0};
    fc_anchors a;
    size_t i;
    int rc;
    int64_t now = (int64_t)time(NULL);

    for (i = 0; i < 4; i++) {
        b[i].p = slurp(names[i], &b[i].len);
        CHECK(b[i].p != NULL, "%s missing", names[i]);
        if (!b[i].p)
            return;
        all.p = realloc(all.p, all.len + b[i].len + 1);
        memcpy(all.p + all.len, b[i].p, b[i].len);
        all.len += b[i].len;
    }
    fc_anchors_init(&a, slots, 8, store, sizeof store);
    rc = fc_anchors_add_pem_mem(&a, all.p, all.len);
    CHECK(rc == FC_OK && a.count == 4 && a.dropped_expired == 0 && a.dropped_weak == 0,
          "without the call: rc %d, %zu anchors, %zu + %zu dropped", rc, a.count,
          a.dropped_expired, a.dropped_weak);

    fc_anchors_init(&a, slots, 8, store, sizeof store);
    fc_anchors_drop_unusable(&a, now + 40 * 86400);
    rc = fc_anchors_add_pem_mem(&a, all.p, all.len);
    CHECK(rc == FC_OK && a.count == 2, "40 days on: rc %d, %zu anchors, want 2", rc, a.count);
    CHECK(a.dropped_expired == 1, "40 days on: %zu expired, want 1 (d_v1ec)", a.dropped_expired);
    CHECK(a.dropped_weak == 1, "40 days on: %zu weak, want 1 (d_rsa_e3)", a.dropped_weak);

    fc_anchors_init(&a, slots, 8, store, sizeof store);
    fc_anchors_drop_unusable(&a, now);
    rc = fc_anchors_add_pem_mem(&a, all.p, all.len);
    CHECK(rc == FC_OK && a.count == 3 && a.dropped_expired == 0,
          "today: rc %d, %zu anchors (want 3), %zu expired", rc, a.count, a.dropped_expired);

    /* A bundle whose only root expired is still a bundle: no anchors, one
     * dropped, and FC_OK, so the handshake can say why it fails. */
    fc_anchors_init(&a, slots, 8, store, sizeof store);
    fc_anchors_drop_unusable(&a, now + 40 * 86400);
    rc = fc_anchors_add_pem_mem(&a, b[3].p, b[3].len);
    CHECK(rc == FC_OK && a.count == 0 && a.dropped_expired == 1,
          "only an expired root: rc %d, %zu anchors, %zu expired", rc, a.count, a.dropped_expired);
    for (i = 0; i < 4; i++)
        free(b[i].p);
    free(all.p);
}

/* fc_pins_parse: curl's sha256//BASE64 list, strict. */
#define PIN_ABC "sha256//ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=" /* SHA-256("abc") */
#define PIN_EMPTY "sha256//47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=" /* SHA-256("") */
static void test_pins_parse(void)
{
    static const unsigned char abc[32] = {
        0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
        0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad};
    static const struct {
        const char *s;
        int rc;
        size_t n;
    } v[] = {
        {PIN_ABC, FC_OK, 1},
        {PIN_EMPTY ";" PIN_ABC, FC_OK, 2},
        {PIN_ABC ";" PIN_ABC ";" PIN_EMPTY, FC_OK, 3},
        {PIN_ABC ";" PIN_ABC ";" PIN_EMPTY ";" PIN_ABC, FC_ERR_PINS_FULL, 0}, /* cap 3 */
        {"", FC_ERR_PIN, 0},
        {"ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=", FC_ERR_PIN, 0}, /* no prefix */
        {"SHA256//ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=", FC_ERR_PIN, 0},
        {"sha1//ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=", FC_ERR_PIN, 0},
        {"/etc/ssl/server-key.pem", FC_ERR_PIN, 0}, /* curl's key file: not here */
        {"sha256//ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0", FC_ERR_PIN, 0},  /* no '=' */
        {"sha256//ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0=", FC_ERR_PIN, 0}, /* base64url */
        {"sha256//ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa1=", FC_ERR_PIN, 0}, /* stray bits */
        {"sha256//ungWv48Bz+pBQUDeXa4iI7ADYaOW F3qctBD/YfIAFa0=", FC_ERR_PIN, 0}, /* a blank */
        {"sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==", FC_ERR_PIN, 0},  /* 31 bytes */
        {"sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", FC_ERR_PIN, 0},  /* 33 bytes */
        {PIN_ABC ";", FC_ERR_PIN, 0},                                           /* empty last */
        {";" PIN_ABC, FC_ERR_PIN, 0},
        {PIN_ABC ";;" PIN_EMPTY, FC_ERR_PIN, 0},
        {PIN_ABC " ", FC_ERR_PIN, 0},
        {PIN_ABC ";nonsense", FC_ERR_PIN, 0},
    };
    fc_pin pins[3];
    size_t i, n;
    for (i = 0; i < sizeof v / sizeof v[0]; i++) {
        int rc;
        n = 99;
        rc = fc_pins_parse(v[i].s, pins, 3, &n);
        CHECK(rc == v[i].rc && n == v[i].n, "pins_parse(\"%s\"): %d, %zu pins; want %d, %zu",
              v[i].s, rc, n, v[i].rc, v[i].n);
    }
    CHECK(fc_pins_parse(PIN_EMPTY ";" PIN_ABC, pins, 3, &n) == FC_OK && n == 2 &&
              memcmp(pins[1].sha256, abc, 32) == 0,
          "the second pin decodes to SHA-256(\"abc\")");
    CHECK_EQ_INT(fc_pins_parse(NULL, pins, 3, &n), FC_ERR_PIN);
    CHECK_EQ_INT(fc_pins_parse(PIN_ABC, pins, 0, &n), FC_ERR_PINS_FULL);
}

int main(void)
{
    test_pins_parse();
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
        CHECK(make_gen_certs() == 0, "openssl could not make the differential test certificates");
        test_diff_generated();
        test_unusable_keys_skipped();
        test_dropped();
        test_diff_pem_forms();
        test_diff_dates();
        if (debian.p)
            test_diff_debian();
        printf("# differential: %lu loads compared with the BearSSL reference, %lu accepted\n",
               diff_runs, diff_ok);
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
