/* test_x509.c - the chain checks of x509.h, without a network.
 *
 * Certificates are built here at test time, DER by hand from RFC 5280's
 * ASN.1, with keys that BearSSL generates and ECDSA signatures it makes, so
 * each chain differs from a good one in exactly the field under test. Each
 * chain goes through fc_x509 as BearSSL's engine would drive it
 * (start_chain, start_cert, append, end_cert, end_chain), whole and one
 * byte at a time, and both must give the expected fc_err, which comes
 * from the rule (RFC 5280, RFC 6125, the CA/Browser Forum's), not from the
 * code. The pure helpers (IP literals, ASN.1 times) are checked against
 * RFC 4291 forms and dates computed independently below.
 *
 *   test_x509 [--seeds DIR]   DIR: also write each chain as a seed for
 *                             tests/fuzz_x509.c */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "error.h"
#include "names.h"
#include "x509.h"

#define NOW 1800000000 /* 2027-01-15T08:00:00Z */
#define DAY 86400

/* ---- DER writing ---------------------------------------------------------- */

typedef struct {
    unsigned char b[8192];
    size_t n;
} der;

static void raw(der *o, const void *p, size_t n)
{
    if (o->n + n > sizeof o->b) {
        fprintf(stderr, "test_x509: DER buffer too small\n");
        exit(2);
    }
    memcpy(o->b + o->n, p, n);
    o->n += n;
}

static void tlv(der *o, unsigned tag, const void *v, size_t n)
{
    unsigned char h[6];
    size_t k = 0;
    h[k++] = (unsigned char)tag;
    if (n < 0x80) {
        h[k++] = (unsigned char)n;
    } else if (n < 0x100) {
        h[k++] = 0x81;
        h[k++] = (unsigned char)n;
    } else {
        h[k++] = 0x82;
        h[k++] = (unsigned char)(n >> 8);
        h[k++] = (unsigned char)n;
    }
    raw(o, h, k);
    raw(o, v, n);
}

static void wrap(der *o, unsigned tag, const der *in)
{
    tlv(o, tag, in->b, in->n);
}

static void str(der *o, unsigned tag, const char *s)
{
    tlv(o, tag, s, strlen(s));
}

/* An OID from its dotted form. */
static void oid(der *o, const char *dotted)
{
    unsigned char v[32];
    unsigned long a[16];
    size_t n = 0, k = 0, i;
    char *e;
    const char *p = dotted;
    while (*p) {
        a[n++] = strtoul(p, &e, 10);
        p = *e ? e + 1 : e;
    }
    a[1] += a[0] * 40;
    for (i = 1; i < n; i++) {
        unsigned char t[8];
        size_t m = 0;
        unsigned long x = a[i];
        do
            t[m++] = (unsigned char)(x & 0x7f);
        while (x >>= 7);
        while (m--)
            v[k++] = (unsigned char)(t[m] | (m ? 0x80 : 0));
    }
    tlv(o, 0x06, v, k);
}

/* Civil date from Unix days, written independently of x509.c (Howard
 * Hinnant's algorithm, the other direction). */
static void utc_time(der *o, int64_t t)
{
    int64_t z = t / DAY + 719468, era = z / 146097;
    unsigned doe = (unsigned)(z - era * 146097), s = (unsigned)(t % DAY);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
    unsigned y = (unsigned)(yoe + era * 400) + (m <= 2);
    char buf[64];
    if (y >= 2050)
        snprintf(buf, sizeof buf, "%04u%02u%02u%02u%02u%02uZ", y, m, d, s / 3600, s / 60 % 60,
                 s % 60);
    else
        snprintf(buf, sizeof buf, "%02u%02u%02u%02u%02u%02uZ", y % 100, m, d, s / 3600, s / 60 % 60,
                 s % 60);
    str(o, y >= 2050 ? 0x18 : 0x17, buf);
}

static void name(der *o, const char *cn)
{
    der atv = {0}, set = {0}, seq = {0};
    oid(&atv, "2.5.4.3");
    str(&atv, 0x0c, cn);
    wrap(&set, 0x30, &atv);
    wrap(&seq, 0x31, &set);
    wrap(o, 0x30, &seq);
}

/* ---- Keys ----------------------------------------------------------------- */

typedef struct {
    br_ec_private_key sk;
    br_ec_public_key pk;
    unsigned char skb[BR_EC_KBUF_PRIV_MAX_SIZE], pkb[BR_EC_KBUF_PUB_MAX_SIZE];
} key;

static br_hmac_drbg_context rng;

static void keygen(key *k, int curve)
{
    const br_ec_impl *ec = br_ec_get_default();
    if (!br_ec_keygen(&rng.vtable, ec, &k->sk, k->skb, curve) ||
        !br_ec_compute_pub(ec, &k->pk, k->pkb, &k->sk)) {
        fprintf(stderr, "test_x509: key generation failed\n");
        exit(2);
    }
}

/* ---- Certificates --------------------------------------------------------- */

typedef struct {
    const char *cn, *issuer; /* subject and issuer CN */
    const key *subject_key, *issuer_key;
    int ca;               /* basicConstraints cA */
    const char *dns[40];  /* SAN dNSNames */
    unsigned char ip[16]; /* SAN iPAddress, ip_len bytes */
    size_t ip_len;
    const char *eku;                /* an OID, or NULL for no extension */
    const char *permit, *exclude;   /* nameConstraints dNSName subtrees */
    const unsigned char *permit_ip; /* an 8-byte IPv4 address and mask */
    int permit_dirname;             /* a directoryName permitted subtree */
    int sha1;                       /* ecdsa-with-SHA1 instead of SHA-256 */
    int64_t not_before, not_after;
} spec;

static void ext(der *exts, const char *id, int critical, const der *value)
{
    der e = {0};
    static const unsigned char yes[] = {0xff};
    oid(&e, id);
    if (critical)
        tlv(&e, 0x01, yes, 1);
    wrap(&e, 0x04, value);
    wrap(exts, 0x30, &e);
}

static void cert(der *out, const spec *s)
{
    static const unsigned char v3[] = {0x02, 0x01, 0x02}, serial[] = {0x01, 0x02};
    der tbs = {0}, t = {0}, alg = {0}, validity = {0}, spki = {0}, a = {0}, exts = {0}, x = {0},
        c = {0}, v = {0}, sig = {0};
    unsigned char hash[64], sigbuf[160], bits[200];
    size_t i, n;
    const br_hash_class *h = s->sha1 ? &br_sha1_vtable : &br_sha256_vtable;
    br_hash_compat_context hc;

    oid(&alg, s->sha1 ? "1.2.840.10045.4.1" : "1.2.840.10045.4.3.2");
    tlv(&tbs, 0xa0, v3, sizeof v3);
    tlv(&tbs, 0x02, serial, sizeof serial);
    wrap(&tbs, 0x30, &alg);
    name(&tbs, s->issuer);
    utc_time(&validity, s->not_before ? s->not_before : NOW - 30 * DAY);
    utc_time(&validity, s->not_after ? s->not_after : NOW + 30 * DAY);
    wrap(&tbs, 0x30, &validity);
    name(&tbs, s->cn);
    oid(&a, "1.2.840.10045.2.1");
    oid(&a, s->subject_key->pk.curve == BR_EC_secp384r1 ? "1.3.132.0.34" : "1.2.840.10045.3.1.7");
    wrap(&spki, 0x30, &a);
    bits[0] = 0;
    memcpy(bits + 1, s->subject_key->pk.q, s->subject_key->pk.qlen);
    tlv(&spki, 0x03, bits, s->subject_key->pk.qlen + 1);
    wrap(&tbs, 0x30, &spki);

    if (s->ca) {
        static const unsigned char ca_true[] = {0x01, 0x01, 0xff};
        der bc = {0};
        tlv(&bc, 0x30, ca_true, sizeof ca_true);
        ext(&exts, "2.5.29.19", 1, &bc);
    }
    if (s->dns[0] || s->ip_len) {
        memset(&c, 0, sizeof c);
        for (i = 0; i < 40 && s->dns[i]; i++)
            str(&c, 0x82, s->dns[i]);
        if (s->ip_len)
            tlv(&c, 0x87, s->ip, s->ip_len);
        memset(&v, 0, sizeof v);
        wrap(&v, 0x30, &c);
        ext(&exts, "2.5.29.17", 0, &v);
    }
    if (s->eku) {
        memset(&c, 0, sizeof c);
        oid(&c, s->eku);
        memset(&v, 0, sizeof v);
        wrap(&v, 0x30, &c);
        ext(&exts, "2.5.29.37", 0, &v);
    }
    if (s->permit || s->exclude || s->permit_ip || s->permit_dirname) {
        der nc = {0}, list = {0}, sub = {0};
        if (s->permit || s->permit_ip || s->permit_dirname) {
            if (s->permit) {
                memset(&sub, 0, sizeof sub);
                str(&sub, 0x82, s->permit);
                wrap(&list, 0x30, &sub);
            }
            if (s->permit_ip) {
                memset(&sub, 0, sizeof sub);
                tlv(&sub, 0x87, s->permit_ip, 8);
                wrap(&list, 0x30, &sub);
            }
            if (s->permit_dirname) {
                der dn = {0};
                memset(&sub, 0, sizeof sub);
                name(&dn, "Example Org");
                wrap(&sub, 0xa4, &dn);
                wrap(&list, 0x30, &sub);
            }
            wrap(&nc, 0xa0, &list);
        }
        if (s->exclude) {
            memset(&list, 0, sizeof list);
            memset(&sub, 0, sizeof sub);
            str(&sub, 0x82, s->exclude);
            wrap(&list, 0x30, &sub);
            wrap(&nc, 0xa1, &list);
        }
        memset(&v, 0, sizeof v);
        wrap(&v, 0x30, &nc);
        ext(&exts, "2.5.29.30", 0, &v);
    }
    if (exts.n) {
        wrap(&x, 0x30, &exts);
        wrap(&tbs, 0xa3, &x);
    }
    wrap(&t, 0x30, &tbs);

    h->init(&hc.vtable);
    h->update(&hc.vtable, t.b, t.n);
    h->out(&hc.vtable, hash);
    n = br_ecdsa_i31_sign_asn1(br_ec_get_default(), h, hash, &s->issuer_key->sk, sigbuf);
    if (!n) {
        fprintf(stderr, "test_x509: signing failed\n");
        exit(2);
    }
    bits[0] = 0;
    memcpy(bits + 1, sigbuf, n);
    raw(&sig, t.b, t.n);
    wrap(&sig, 0x30, &alg);
    tlv(&sig, 0x03, bits, n + 1);
    out->n = 0;
    wrap(out, 0x30, &sig);
}

/* ---- Running a chain ------------------------------------------------------ */

static key root_key, inter_key, leaf_key, p384_key, other_key;
static unsigned char root_dn[64];
static br_x509_trust_anchor anchor;

static void make_anchor(void)
{
    der dn = {0};
    name(&dn, "Test Root");
    memcpy(root_dn, dn.b, dn.n);
    anchor.dn.data = root_dn;
    anchor.dn.len = dn.n;
    anchor.flags = BR_X509_TA_CA;
    anchor.pkey.key_type = BR_KEYTYPE_EC;
    anchor.pkey.key.ec = root_key.pk;
}

/* The public-key pins every run_chain sets (none unless test_pins). */
static const fc_pin *run_pins;
static size_t run_npins;

/* test_x509 --seeds DIR: every chain run is also written there, in
 * tests/fuzz_x509.c's input format, as that fuzzer's seeds. */
static const char *seeds_dir;
static unsigned seeds_written;

static void write_seed(const char *host, uint32_t curves, der *const *chain, size_t n)
{
    static const char *const hosts[] = {"localhost", "127.0.0.1", "::1", "a.example.com"};
    char path[512];
    unsigned char b = 0;
    size_t i;
    FILE *f;
    for (i = 0; i < 4; i++)
        if (!strcmp(host, hosts[i]))
            b = (unsigned char)i;
    if (!(curves >> BR_EC_secp384r1 & 1))
        b |= 4;
    if (run_npins)
        b |= 8; /* fuzz_x509 then pins a key */
    snprintf(path, sizeof path, "%s/seed-%03u", seeds_dir, seeds_written++);
    if (!(f = fopen(path, "wb"))) {
        perror(path);
        exit(2);
    }
    fputc(b, f);
    for (i = 0; i < n; i++) {
        fputc((int)(chain[i]->n >> 8), f);
        fputc((int)(chain[i]->n & 0xff), f);
        fwrite(chain[i]->b, 1, chain[i]->n, f);
    }
    fclose(f);
}

/* Feeds the chain as BearSSL's engine does, in pieces of step bytes (0:
 * whole), and returns the fc_err of the outcome. */
static int run_chain(const char *host, uint32_t curves, der *const *chain, size_t n, size_t step,
                     const char **detail, const char **sni)
{
    static fc_x509 x;
    const br_x509_class **vt = &x.vtable;
    const char *s;
    size_t i, off;
    unsigned r;

    if (seeds_dir && !step)
        write_seed(host, curves, chain, n);
    memset(&x, 0x5a, sizeof x); /* nothing may depend on zeroed memory */
    br_x509_minimal_init(&x.minimal, &br_sha256_vtable, &anchor, 1);
    br_x509_minimal_set_hash(&x.minimal, br_sha1_ID, &br_sha1_vtable);
    br_x509_minimal_set_hash(&x.minimal, br_sha256_ID, &br_sha256_vtable);
    br_x509_minimal_set_ecdsa(&x.minimal, br_ec_get_default(), br_ecdsa_i31_vrfy_asn1);
    s = fc_x509_init(&x, host, NOW, curves);
    fc_x509_pins(&x, run_pins, run_npins);
    if (sni)
        *sni = s;
    (*vt)->start_chain(vt, s);
    for (i = 0; i < n; i++) {
        (*vt)->start_cert(vt, (uint32_t)chain[i]->n);
        for (off = 0; off < chain[i]->n; off += step ? step : chain[i]->n) {
            size_t k = step && chain[i]->n - off > step ? step : chain[i]->n - off;
            (*vt)->append(vt, chain[i]->b + off, k);
        }
        (*vt)->end_cert(vt);
    }
    r = (*vt)->end_chain(vt);
    if (detail)
        *detail = fc_x509_detail(&x);
    return r ? fc_x509_err((int)r) : FC_OK;
}

#define ALL_CURVES ((uint32_t)1 << BR_EC_secp256r1 | (uint32_t)1 << BR_EC_secp384r1)

/* One case: the chain, whole and a byte at a time, must give want. */
static void expect(const char *what, const char *host, uint32_t curves, int want, der *const *chain,
                   size_t n)
{
    int whole = run_chain(host, curves, chain, n, 0, NULL, NULL);
    int bytes = run_chain(host, curves, chain, n, 1, NULL, NULL);
    int odd = run_chain(host, curves, chain, n, 7, NULL, NULL);
    CHECK(whole == want, "%s: got %d (%s), want %d (%s)", what, whole, fc_strerror(whole), want,
          fc_strerror(want));
    CHECK(bytes == whole && odd == whole, "%s: %d whole, %d byte by byte, %d in 7-byte pieces",
          what, whole, bytes, odd);
}

#define CHAIN(...)                                                                                 \
    ((der *const[]){__VA_ARGS__}), sizeof((der *const[]){__VA_ARGS__}) / sizeof(der *)

static der inter, leaf;

/* The usual intermediate (signed by the root) with changes. */
static void make_inter(der *out, spec s)
{
    s.cn = "Test Intermediate";
    s.issuer = "Test Root";
    s.subject_key = &inter_key;
    s.issuer_key = &root_key;
    s.ca = 1;
    cert(out, &s);
}

static spec leaf_spec(void)
{
    spec s;
    memset(&s, 0, sizeof s);
    s.cn = "localhost";
    s.issuer = "Test Intermediate";
    s.subject_key = &leaf_key;
    s.issuer_key = &inter_key;
    s.dns[0] = "localhost";
    s.eku = "1.3.6.1.5.5.7.3.1";
    return s;
}

static void test_chains(void)
{
    spec s, none;
    der other, root_extra, leaf2;
    int i;

    memset(&none, 0, sizeof none);
    make_inter(&inter, none);

    s = leaf_spec();
    cert(&leaf, &s);
    expect("good chain", "localhost", ALL_CURVES, FC_OK, CHAIN(&leaf, &inter));
    expect("good chain, other host", "other.example", ALL_CURVES, FC_ERR_TLS_NAME,
           CHAIN(&leaf, &inter));

    /* extendedKeyUsage */
    s = leaf_spec();
    s.eku = "1.3.6.1.5.5.7.3.2"; /* clientAuth */
    cert(&leaf, &s);
    expect("EKU clientAuth only", "localhost", ALL_CURVES, FC_ERR_TLS_EKU, CHAIN(&leaf, &inter));
    s.eku = "2.5.29.37.0";
    cert(&leaf, &s);
    expect("EKU anyExtendedKeyUsage", "localhost", ALL_CURVES, FC_OK, CHAIN(&leaf, &inter));
    s.eku = NULL;
    cert(&leaf, &s);
    expect("no EKU", "localhost", ALL_CURVES, FC_OK, CHAIN(&leaf, &inter));
    {
        spec is = none;
        der bad_inter;
        is.eku = "1.3.6.1.5.5.7.3.2";
        make_inter(&bad_inter, is);
        s = leaf_spec();
        cert(&leaf, &s);
        expect("intermediate EKU clientAuth only", "localhost", ALL_CURVES, FC_ERR_TLS_EKU,
               CHAIN(&leaf, &bad_inter));
    }

    /* nameConstraints: dNSName */
    {
        static const struct {
            const char *permit, *exclude, *host, *dns0, *dns1;
            int want;
        } nc[] = {
            {"example.com", NULL, "localhost", "localhost", NULL, FC_ERR_TLS_CONSTRAINED},
            {"localhost", NULL, "localhost", "localhost", NULL, FC_OK},
            {"LOCALHOST", NULL, "localhost", "localhost", NULL, FC_OK},
            {"localhost", NULL, "localhost", "localhost", "other.example", FC_ERR_TLS_CONSTRAINED},
            {NULL, "localhost", "localhost", "localhost", NULL, FC_ERR_TLS_CONSTRAINED},
            {NULL, "other.example", "localhost", "localhost", NULL, FC_OK},
            {"example.com", NULL, "www.example.com", "www.example.com", NULL, FC_OK},
            {"example.com", NULL, "example.com", "example.com", NULL, FC_OK},
            {"example.com", NULL, "badexample.com", "badexample.com", NULL, FC_ERR_TLS_CONSTRAINED},
            {".example.com", NULL, "www.example.com", "www.example.com", NULL, FC_OK},
            {".example.com", NULL, "example.com", "example.com", NULL, FC_ERR_TLS_CONSTRAINED},
            {"example.com", NULL, "a.example.com", "*.example.com", NULL, FC_OK},
            {NULL, "bad.example.com", "a.example.com", "*.example.com", NULL,
             FC_ERR_TLS_CONSTRAINED},
            {NULL, "example.com", "a.example.com", "a.example.com", NULL, FC_ERR_TLS_CONSTRAINED},
            {"example.com", "bad.example.com", "good.example.com", "good.example.com", NULL, FC_OK},
            {"example.com", "bad.example.com", "x.bad.example.com", "x.bad.example.com", NULL,
             FC_ERR_TLS_CONSTRAINED},
        };
        for (i = 0; i < (int)(sizeof nc / sizeof nc[0]); i++) {
            spec is = none;
            char what[160];
            is.permit = nc[i].permit;
            is.exclude = nc[i].exclude;
            make_inter(&inter, is);
            s = leaf_spec();
            s.dns[0] = nc[i].dns0;
            s.dns[1] = nc[i].dns1;
            cert(&leaf, &s);
            snprintf(what, sizeof what, "nameConstraints permit %s exclude %s, host %s, SAN %s %s",
                     nc[i].permit ? nc[i].permit : "-", nc[i].exclude ? nc[i].exclude : "-",
                     nc[i].host, nc[i].dns0, nc[i].dns1 ? nc[i].dns1 : "");
            expect(what, nc[i].host, ALL_CURVES, nc[i].want, CHAIN(&leaf, &inter));
        }
    }
    /* A CN-only leaf: the host name itself is constrained. */
    {
        spec is = none;
        is.permit = "example.com";
        make_inter(&inter, is);
        s = leaf_spec();
        s.dns[0] = NULL;
        cert(&leaf, &s);
        expect("nameConstraints, CN-only leaf outside", "localhost", ALL_CURVES,
               FC_ERR_TLS_CONSTRAINED, CHAIN(&leaf, &inter));
        is.permit = "localhost";
        make_inter(&inter, is);
        expect("nameConstraints, CN-only leaf inside", "localhost", ALL_CURVES, FC_OK,
               CHAIN(&leaf, &inter));
    }
    /* A form this layer cannot check. */
    {
        spec is = none;
        is.permit = "localhost";
        is.permit_dirname = 1;
        make_inter(&inter, is);
        s = leaf_spec();
        cert(&leaf, &s);
        expect("nameConstraints with a directoryName", "localhost", ALL_CURVES,
               FC_ERR_TLS_CONSTRAINTS, CHAIN(&leaf, &inter));
    }
    /* More names than kept: fine alone, refused under constraints. */
    {
        static char names[40][16];
        spec is = none;
        s = leaf_spec();
        for (i = 0; i < 39; i++) {
            snprintf(names[i], sizeof names[i], "h%02d.localhost", i);
            s.dns[i + 1] = names[i];
        }
        cert(&leaf, &s);
        make_inter(&inter, none);
        expect("40 names, no constraints", "localhost", ALL_CURVES, FC_OK, CHAIN(&leaf, &inter));
        is.permit = "localhost";
        make_inter(&inter, is);
        expect("40 names under constraints", "localhost", ALL_CURVES, FC_ERR_TLS_CONSTRAINTS,
               CHAIN(&leaf, &inter));
    }

    /* SHA-1 */
    make_inter(&inter, none);
    s = leaf_spec();
    s.sha1 = 1;
    cert(&leaf, &s);
    expect("SHA-1 leaf", "localhost", ALL_CURVES, FC_ERR_TLS_SHA1, CHAIN(&leaf, &inter));
    {
        spec is = none;
        der sha1_inter;
        is.sha1 = 1;
        make_inter(&sha1_inter, is);
        s = leaf_spec();
        cert(&leaf, &s);
        expect("SHA-1 intermediate", "localhost", ALL_CURVES, FC_ERR_TLS_SHA1,
               CHAIN(&leaf, &sha1_inter));
    }
    /* What follows the certificate the anchor signed is not looked at:
     * a SHA-1 self-signed root sent along. */
    memset(&s, 0, sizeof s);
    s.cn = "Test Root";
    s.issuer = "Test Root";
    s.subject_key = &root_key;
    s.issuer_key = &root_key;
    s.ca = 1;
    s.sha1 = 1;
    cert(&root_extra, &s);
    s = leaf_spec();
    cert(&leaf, &s);
    expect("SHA-1 root sent after the chain", "localhost", ALL_CURVES, FC_OK,
           CHAIN(&leaf, &inter, &root_extra));

    /* Dates */
    s = leaf_spec();
    s.not_before = NOW + DAY;
    s.not_after = NOW + 30 * DAY;
    cert(&leaf, &s);
    expect("leaf not yet valid", "localhost", ALL_CURVES, FC_ERR_TLS_NOT_YET_VALID,
           CHAIN(&leaf, &inter));
    s.not_before = NOW - 30 * DAY;
    s.not_after = NOW - DAY;
    cert(&leaf, &s);
    expect("leaf expired", "localhost", ALL_CURVES, FC_ERR_TLS_EXPIRED, CHAIN(&leaf, &inter));
    s.not_before = NOW - 30 * DAY;
    s.not_after = 2600000000; /* 2052: a GeneralizedTime */
    cert(&leaf, &s);
    expect("leaf valid to 2052", "localhost", ALL_CURVES, FC_OK, CHAIN(&leaf, &inter));

    /* IP literals */
    {
        static const unsigned char lo4[] = {127, 0, 0, 1}, lo4b[] = {127, 0, 0, 2};
        static const unsigned char lo6[16] = {[15] = 1};
        static const unsigned char net10[] = {10, 0, 0, 0, 255, 0, 0, 0},
                                   net127[] = {127, 0, 0, 0, 255, 0, 0, 0};
        const char *sni = "x";
        s = leaf_spec();
        s.dns[0] = NULL;
        memcpy(s.ip, lo4, 4);
        s.ip_len = 4;
        cert(&leaf, &s);
        expect("IP SAN 127.0.0.1, host 127.0.0.1", "127.0.0.1", ALL_CURVES, FC_OK,
               CHAIN(&leaf, &inter));
        run_chain("127.0.0.1", ALL_CURVES, CHAIN(&leaf, &inter), 0, NULL, &sni);
        CHECK(sni == NULL, "an IP literal host is not sent as SNI (got %s)", sni ? sni : "NULL");
        run_chain("localhost", ALL_CURVES, CHAIN(&leaf, &inter), 0, NULL, &sni);
        CHECK(sni && !strcmp(sni, "localhost"), "a DNS host is sent as SNI");
        expect("IP SAN 127.0.0.1, host localhost", "localhost", ALL_CURVES, FC_ERR_TLS_NAME,
               CHAIN(&leaf, &inter));
        memcpy(s.ip, lo4b, 4);
        cert(&leaf, &s);
        expect("IP SAN 127.0.0.2, host 127.0.0.1", "127.0.0.1", ALL_CURVES, FC_ERR_TLS_NAME,
               CHAIN(&leaf, &inter));
        s.ip_len = 0;
        s.dns[0] = "127.0.0.1";
        cert(&leaf, &s);
        expect("dNSName 127.0.0.1, host 127.0.0.1", "127.0.0.1", ALL_CURVES, FC_ERR_TLS_NAME,
               CHAIN(&leaf, &inter));
        s.dns[0] = NULL;
        memcpy(s.ip, lo6, 16);
        s.ip_len = 16;
        cert(&leaf, &s);
        expect("IP SAN ::1, host ::1", "::1", ALL_CURVES, FC_OK, CHAIN(&leaf, &inter));
        expect("IP SAN ::1, host 127.0.0.1", "127.0.0.1", ALL_CURVES, FC_ERR_TLS_NAME,
               CHAIN(&leaf, &inter));

        memcpy(s.ip, lo4, 4);
        s.ip_len = 4;
        cert(&leaf, &s);
        {
            spec is = none;
            is.permit_ip = net10;
            make_inter(&inter, is);
            expect("IP under permitted 10/8", "127.0.0.1", ALL_CURVES, FC_ERR_TLS_CONSTRAINED,
                   CHAIN(&leaf, &inter));
            is.permit_ip = net127;
            make_inter(&inter, is);
            expect("IP under permitted 127/8", "127.0.0.1", ALL_CURVES, FC_OK,
                   CHAIN(&leaf, &inter));
        }
        make_inter(&inter, none);
    }

    /* Curves: a leaf on P-384 where only P-256 signatures are verified. */
    s = leaf_spec();
    s.subject_key = &p384_key;
    cert(&leaf, &s);
    expect("P-384 leaf, P-384 verified", "localhost", ALL_CURVES, FC_OK, CHAIN(&leaf, &inter));
    {
        const char *detail = NULL;
        int rc = run_chain("localhost", (uint32_t)1 << BR_EC_secp256r1, CHAIN(&leaf, &inter), 0,
                           &detail, NULL);
        CHECK(rc == FC_ERR_TLS_KEY_TYPE, "P-384 leaf, P-256 only: %d (%s)", rc, fc_strerror(rc));
        CHECK(detail && !strcmp(detail, "P-384"), "the curve is named (%s)",
              detail ? detail : "NULL");
    }

    /* Order: the intermediate's issuer sent before it. */
    memset(&s, 0, sizeof s);
    s.cn = "Other CA";
    s.issuer = "Other CA";
    s.subject_key = &other_key;
    s.issuer_key = &other_key;
    s.ca = 1;
    cert(&other, &s);
    s = leaf_spec();
    cert(&leaf2, &s);
    expect("chain out of order", "localhost", ALL_CURVES, FC_ERR_TLS_CHAIN_ORDER,
           CHAIN(&leaf2, &other, &inter));
    expect("chain without its intermediate", "localhost", ALL_CURVES, FC_ERR_TLS_CHAIN_ORDER,
           CHAIN(&leaf2, &other));
}

/* ---- The pure helpers ------------------------------------------------------ */

static void test_ip(void)
{
    static const struct {
        const char *s;
        size_t len;
        unsigned char ip[16];
    } v[] = {
        {"127.0.0.1", 4, {127, 0, 0, 1}},
        {"0.0.0.0", 4, {0}},
        {"255.255.255.255", 4, {255, 255, 255, 255}},
        {"::1", 16, {[15] = 1}},
        {"::", 16, {0}},
        {"2001:db8::8:800:200c:417a",
         16,
         {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0x08, 0x08, 0, 0x20, 0x0c, 0x41, 0x7a}},
        {"2001:DB8:0:0:8:800:200C:417A",
         16,
         {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0x08, 0x08, 0, 0x20, 0x0c, 0x41, 0x7a}},
        {"ff01::101", 16, {0xff, 0x01, [14] = 0x01, [15] = 0x01}},
        {"::ffff:129.144.52.38",
         16,
         {[10] = 0xff, [11] = 0xff, [12] = 129, [13] = 144, [14] = 52, [15] = 38}},
        {"::13.1.68.3", 16, {[12] = 13, [13] = 1, [14] = 68, [15] = 3}},
        {"1::", 16, {0, 1}},
        {"1:2:3:4:5:6:7::", 16, {0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 0}},
        /* not IP literals */
        {"localhost", 0, {0}},
        {"127.0.0", 0, {0}},
        {"127.0.0.1.", 0, {0}},
        {"127.0.0.256", 0, {0}},
        {"127.0.0.01", 0, {0}},
        {"1.2.3.4a", 0, {0}},
        {"", 0, {0}},
        {":1", 0, {0}},
        {"1:", 0, {0}},
        {"1::2::3", 0, {0}},
        {"1:2:3:4:5:6:7:8:9", 0, {0}},
        {"1:2:3:4:5:6:7", 0, {0}},
        {"12345::", 0, {0}},
        {"fe80::1%eth0", 0, {0}},
        {"1:2:3:4:5:6:7:8::", 0, {0}},
        {"::1.2.3.4.5", 0, {0}},
    };
    size_t i;
    for (i = 0; i < sizeof v / sizeof v[0]; i++) {
        unsigned char ip[16];
        size_t n = fc_name_parse_ip(v[i].s, ip);
        CHECK(n == v[i].len, "parse_ip(\"%s\") = %zu, want %zu", v[i].s, n, v[i].len);
        if (n == v[i].len && n)
            CHECK(memcmp(ip, v[i].ip, n) == 0, "parse_ip(\"%s\"): wrong bytes", v[i].s);
    }
}

static void test_time(void)
{
    static const struct {
        unsigned tag;
        const char *s;
        int ok;
        int64_t t;
    } v[] = {
        {0x17, "700101000000Z", 1, 0},
        {0x17, "000229120000Z", 1, 951825600},  /* 2000 is a leap year */
        {0x17, "491231235959Z", 1, 2524607999}, /* UTCTime's last year, 2049 */
        {0x17, "500101000000Z", 1, -631152000}, /* and its first, 1950 */
        {0x18, "20500101000000Z", 1, 2524608000},
        {0x18, "20380119031408Z", 1, 2147483648},
        {0x18, "21000301000000Z", 1, 4107542400},
        {0x18, "20270115080000.5Z", 1, 1800000000},
        {0x17, "270115080000Z", 1, 1800000000},
        {0x18, "00000101000000Z", 1, -62167219200}, /* year 0, BearSSL's day 0 */
        {0x18, "00000229000000Z", 1, -62162121600}, /* a leap year too */
        {0x17, "010229000000Z", 0, 0},   /* 2001 is not a leap year */
        {0x18, "21000229000000Z", 0, 0}, /* nor 2100 */
        {0x17, "270431000000Z", 0, 0},
        {0x17, "271301000000Z", 0, 0},
        {0x17, "270115240000Z", 0, 0},
        {0x17, "270115080000", 0, 0},
        {0x17, "270115080000+0100", 0, 0},
        {0x17, "2701150800Z", 0, 0},
        {0x18, "270115080000Z", 0, 0},
        {0x04, "270115080000Z", 0, 0},
    };
    size_t i;
    for (i = 0; i < sizeof v / sizeof v[0]; i++) {
        int64_t t = -1;
        int rc = fc_x509_time(v[i].tag, (const unsigned char *)v[i].s, strlen(v[i].s), &t);
        CHECK((rc == 0) == v[i].ok, "time(%s): %d, want %s", v[i].s, rc,
              v[i].ok ? "valid" : "refused");
        if (v[i].ok && rc == 0)
            CHECK(t == v[i].t, "time(%s) = %lld, want %lld", v[i].s, (long long)t,
                  (long long)v[i].t);
    }
}

static void test_err_map(void)
{
    CHECK_EQ_INT(fc_x509_err(BR_ERR_X509_NOT_TRUSTED), FC_ERR_TLS_UNTRUSTED);
    CHECK_EQ_INT(fc_x509_err(BR_ERR_X509_DN_MISMATCH), FC_ERR_TLS_CHAIN_ORDER);
    CHECK_EQ_INT(fc_x509_err(BR_ERR_X509_CRITICAL_EXTENSION), FC_ERR_TLS_CRITICAL);
    CHECK_EQ_INT(fc_x509_err(BR_ERR_X509_NOT_CA), FC_ERR_TLS_NOT_CA);
    CHECK_EQ_INT(fc_x509_err(BR_ERR_X509_FORBIDDEN_KEY_USAGE), FC_ERR_TLS_KEY_USAGE);
    CHECK_EQ_INT(fc_x509_err(BR_ERR_X509_WEAK_PUBLIC_KEY), FC_ERR_TLS_WEAK_KEY);
    CHECK_EQ_INT(fc_x509_err(BR_ERR_X509_UNSUPPORTED), FC_ERR_TLS_KEY_TYPE);
    CHECK_EQ_INT(fc_x509_err(BR_ERR_X509_BAD_SIGNATURE), FC_ERR_TLS_SIGNATURE);
    CHECK_EQ_INT(fc_x509_err(BR_ERR_X509_INVALID_VALUE), FC_ERR_TLS_CERT);
    CHECK_EQ_INT(fc_x509_err(FC_X509_ERR_DER), FC_ERR_TLS_CERT);
    CHECK_EQ_INT(fc_x509_err(BR_ERR_BAD_MAC), FC_ERR_TLS);
}

/* The pin of a key: the SHA-256 of its SubjectPublicKeyInfo, built as
 * cert() builds it and hashed by BearSSL, not by the code under test. */
static void spki_pin(const key *k, fc_pin *p)
{
    der a = {0}, spki = {0}, out = {0};
    unsigned char bits[200];
    br_sha256_context h;
    oid(&a, "1.2.840.10045.2.1");
    oid(&a, k->pk.curve == BR_EC_secp384r1 ? "1.3.132.0.34" : "1.2.840.10045.3.1.7");
    wrap(&spki, 0x30, &a);
    bits[0] = 0;
    memcpy(bits + 1, k->pk.q, k->pk.qlen);
    tlv(&spki, 0x03, bits, k->pk.qlen + 1);
    wrap(&out, 0x30, &spki);
    br_sha256_init(&h);
    br_sha256_update(&h, out.b, out.n);
    br_sha256_out(&h, p->sha256);
}

/* fc_x509_pins: the leaf's key only, checked after everything else. */
static void test_pins(void)
{
    fc_pin p[3]; /* the intermediate's key, the leaf's, another */
    spec s = leaf_spec();
    der expired;

    spki_pin(&inter_key, &p[0]);
    spki_pin(&leaf_key, &p[1]);
    spki_pin(&other_key, &p[2]);
    cert(&leaf, &s);
    s.not_after = NOW - DAY;
    cert(&expired, &s);
    run_pins = p + 1, run_npins = 1;
    expect("pinned: the leaf's key", "localhost", ALL_CURVES, FC_OK, CHAIN(&leaf, &inter));
    run_pins = p, run_npins = 3;
    expect("pinned: the leaf's key among three", "localhost", ALL_CURVES, FC_OK, CHAIN(&leaf, &inter));
    run_pins = p, run_npins = 1;
    expect("pinned: the intermediate's key does not count", "localhost", ALL_CURVES,
           FC_ERR_TLS_PINNED, CHAIN(&leaf, &inter));
    run_pins = p + 2, run_npins = 1;
    expect("pinned: another key", "localhost", ALL_CURVES, FC_ERR_TLS_PINNED, CHAIN(&leaf, &inter));
    run_pins = NULL, run_npins = 1;
    expect("pinned: a count without pins", "localhost", ALL_CURVES, FC_ERR_TLS_PINNED,
           CHAIN(&leaf, &inter));
    /* The right pin never stands in for the chain. */
    run_pins = p + 1, run_npins = 1;
    expect("pinned, but no path to the anchor", "localhost", ALL_CURVES, FC_ERR_TLS_UNTRUSTED,
           CHAIN(&leaf));
    expect("pinned, but expired", "localhost", ALL_CURVES, FC_ERR_TLS_EXPIRED,
           CHAIN(&expired, &inter));
    expect("pinned, but the wrong name", "other.example", ALL_CURVES, FC_ERR_TLS_NAME,
           CHAIN(&leaf, &inter));
    CHECK_EQ_INT(fc_x509_err(FC_X509_ERR_PINNED), FC_ERR_TLS_PINNED);
    run_pins = NULL, run_npins = 0;
}

int main(int argc, char **argv)
{
    static const unsigned char seed[] = "test_x509 keys, made at test time";
    if (argc == 3 && !strcmp(argv[1], "--seeds"))
        seeds_dir = argv[2];
    br_hmac_drbg_init(&rng, &br_sha256_vtable, seed, sizeof seed);
    keygen(&root_key, BR_EC_secp256r1);
    keygen(&inter_key, BR_EC_secp256r1);
    keygen(&leaf_key, BR_EC_secp256r1);
    keygen(&p384_key, BR_EC_secp384r1);
    keygen(&other_key, BR_EC_secp256r1);
    make_anchor();
    test_ip();
    test_time();
    test_err_map();
    test_chains();
    test_pins();
    return check_done();
}
