/* anchors.c - trust anchors from PEM and DER into caller storage. */
#include "anchors.h"

#include <string.h>

#include "x509.h" /* fc_x509_time */

/* The loader reads PEM and DER itself rather than through BearSSL's
 * br_pem_decoder and br_x509_decoder: those are T0 interpreters that take
 * one byte per step, and loading Debian's bundle through them cost about
 * 380 M instructions, more than the whole TLS handshake that follows. Both
 * readers below accept and refuse exactly what those decoders (BearSSL 0.6)
 * did, quirks included, and produce the same bytes: tests/test_tls.c keeps
 * the BearSSL decoders as the reference and compares, certificate by
 * certificate, and tests/fuzz_pem.c does the same on fuzzed bundles. */

/* Where the PEM reader is in its input. The steps are those of BearSSL's
 * pemdec.t0: a line starting "-----BEGIN " opens an object whose label is
 * the rest of the line, upper-cased, without trailing dashes; base64
 * follows, blanks (spaces and control bytes) allowed between characters,
 * but no line may end inside a quartet; a line starting with '-' (or the
 * first non-empty line after padding) must start "-----END ", and the rest
 * of that line is ignored. */
enum {
    PEM_LINE,     /* outside objects, k bytes of "-----BEGIN " matched */
    PEM_SKIP,     /* outside objects, a line that is no banner */
    PEM_LABEL,    /* the label: k bytes read */
    PEM_BODY,     /* base64: q characters of the quartet read */
    PEM_PAD,      /* "xy=" read: the fourth character must be '=' */
    PEM_PAD_LINE, /* after the padding: blanks only, to the line end */
    PEM_TRAILER,  /* after the padding line: empty lines, then the END line */
    PEM_END,      /* k bytes of "-----END " matched */
    PEM_END_LINE  /* the rest of the END line */
};

static const char pem_begin[] = "-----BEGIN ";
static const char pem_end[] = "-----END ";
/* BearSSL read at most 126 label bytes: a label of 127 or more makes the
 * line no banner. */
#define PEM_LABEL_MAX 127

typedef struct {
    fc_anchors *a;
    int state;
    size_t k;      /* bytes of a banner matched, or of the label read */
    unsigned q;    /* base64 characters of the quartet read */
    uint32_t acc;  /* the quartet's bits so far */
    int first;     /* no quartet yet on this line: a '-' starts the END line */
    int blank;     /* blanks before the quartet's first character: no '-' then */
    int in_cert;   /* the object is a CERTIFICATE */
    char label[PEM_LABEL_MAX + 1];
    unsigned char der[FC_CERT_MAX]; /* one certificate, checked whole */
    size_t der_len;
    int der_over; /* it did not fit */
} loader;

static int store_append(fc_anchors *a, const void *p, size_t len,
                        unsigned char **where)
{
    if (a->store_cap - a->store_len < len)
        return FC_ERR_ANCHORS_FULL;
    *where = a->store + a->store_len;
    memcpy(*where, p, len);
    a->store_len += len;
    return FC_OK;
}

/* Reads one DER header at *off: tag and length; 0 when it fits in n. */
static int der_header(const unsigned char *d, size_t n, size_t *off, unsigned *tag, size_t *len)
{
    size_t i = *off, k, v = 0;
    if (n - i < 2)
        return -1;
    *tag = d[i++];
    if (d[i] < 0x80) {
        v = d[i++];
    } else {
        k = d[i++] & 0x7f;
        if (k == 0 || k > 3 || n - i < k)
            return -1;
        while (k--)
            v = v << 8 | d[i++];
    }
    if (n - i < v)
        return -1;
    *off = i;
    *len = v;
    return 0;
}

static int two_digits(const unsigned char *p, unsigned lo, unsigned hi)
{
    unsigned v;
    if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
        return 0;
    v = (unsigned)(p[0] - '0') * 10 + (unsigned)(p[1] - '0');
    return v >= lo && v <= hi;
}

/* The validity dates must be well formed before anything else is looked at
 * (kept from when BearSSL 0.6's decoder, which reads them without checking
 * for digits, saw every certificate): Certificate > tbsCertificate >
 * [0] version? > serial > signature > issuer > validity, two times, each
 * UTCTime YYMMDDHHMMSSZ or GeneralizedTime YYYYMMDDHHMMSSZ. */
static int valid_times(const unsigned char *d, size_t n)
{
    size_t off = 0, len, end;
    unsigned tag;
    int i, t;
    if (der_header(d, n, &off, &tag, &len) || tag != 0x30 ||  /* Certificate */
        der_header(d, n, &off, &tag, &len) || tag != 0x30)    /* tbsCertificate */
        return 0;
    end = off + len;
    for (i = 0; i < 4; i++) { /* [0] version (optional), serial, signature, issuer */
        if (der_header(d, end, &off, &tag, &len))
            return 0;
        if (i == 0 && tag != 0xa0)
            i++; /* no version: this was the serial */
        off += len;
    }
    if (der_header(d, end, &off, &tag, &len) || tag != 0x30) /* validity */
        return 0;
    for (t = 0; t < 2; t++) {
        const unsigned char *p;
        size_t y;
        if (der_header(d, end, &off, &tag, &len))
            return 0;
        y = tag == 0x17 ? 2 : tag == 0x18 ? 4 : 0;
        p = d + off;
        if (!y || len != y + 11 || p[len - 1] != 'Z' || !two_digits(p, 0, 99) ||
            (y == 4 && !two_digits(p + 2, 0, 99)) || !two_digits(p + y, 1, 12) ||
            !two_digits(p + y + 2, 1, 31) || !two_digits(p + y + 4, 0, 23) ||
            !two_digits(p + y + 6, 0, 59) || !two_digits(p + y + 8, 0, 60))
            return 0;
        off += len;
    }
    return 1;
}

/* ---- The certificate ----------------------------------------------------
 * A walk over the DER with BearSSL 0.6's rules (x509_decoder.t0 and
 * asn1.t0): tags are one byte, universal or context class; lengths are
 * definite, long forms need not be minimal; each element must fit in its
 * parent, and a parent must end where its last element does. Only the
 * parts BearSSL looked into are checked; the issuer, the signature and
 * unknown extensions are skipped unread. */

/* The unread rest of one element. */
typedef struct {
    const unsigned char *p;
    size_t left;
} der_in;

static int der_byte(der_in *in, unsigned *b)
{
    if (!in->left)
        return -1;
    *b = *in->p++;
    in->left--;
    return 0;
}

/* A tag BearSSL's read-tag accepts: no application or private class, no
 * multi-byte tag number. */
static int der_tag(der_in *in, unsigned *tag)
{
    if (der_byte(in, tag) || (*tag & 0x40) || (*tag & 0x1f) == 0x1f)
        return -1;
    return 0;
}

/* A definite length; a long form may have leading zeros, and BearSSL
 * stopped at values past 0x7fffff before reading the next byte. */
static int der_length(der_in *in, size_t *v)
{
    unsigned b, n;
    if (der_byte(in, &b) || b == 0x80)
        return -1;
    if (b < 0x80) {
        *v = b;
        return 0;
    }
    for (*v = 0, n = b & 0x7f; n; n--) {
        if (*v > 0x7fffff || der_byte(in, &b))
            return -1;
        *v = *v << 8 | b;
    }
    return 0;
}

/* Reads a length and takes that many bytes of in as the element el. */
static int der_value(der_in *in, der_in *el)
{
    size_t v;
    if (der_length(in, &v) || v > in->left)
        return -1;
    el->p = in->p;
    el->left = v;
    in->p += v;
    in->left -= v;
    return 0;
}

/* The next tag, or NO_TAG at the end of in. */
#define NO_TAG 0x100u
static int next_tag(der_in *in, unsigned *tag)
{
    *tag = NO_TAG;
    return in->left ? der_tag(in, tag) : 0;
}

/* The next element, which must have this tag. */
static int der_open(der_in *in, unsigned tag, der_in *el)
{
    unsigned t;
    if (der_tag(in, &t) || t != tag)
        return -1;
    return der_value(in, el);
}

/* An OBJECT IDENTIFIER; *len 0 for one over 255 bytes, which matches none. */
static int der_oid(der_in *in, const unsigned char **oid, size_t *len)
{
    der_in el;
    if (der_open(in, 0x06, &el))
        return -1;
    *oid = el.p;
    *len = el.left <= 255 ? el.left : 0;
    return 0;
}

static int oid_is(const unsigned char *oid, size_t len, const char *want, size_t want_len)
{
    return len == want_len && memcmp(oid, want, len) == 0;
}
#define OID_IS(oid, len, want) oid_is(oid, len, want, sizeof want - 1)

static const char oid_rsa[] = "\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01"; /* rsaEncryption */
static const char oid_ec[] = "\x2a\x86\x48\xce\x3d\x02\x01";          /* id-ecPublicKey */
static const char oid_p256[] = "\x2a\x86\x48\xce\x3d\x03\x01\x07";
static const char oid_p384[] = "\x2b\x81\x04\x00\x22";
static const char oid_p521[] = "\x2b\x81\x04\x00\x23";
static const char oid_basic[] = "\x55\x1d\x13"; /* basicConstraints */

/* A BIT STRING with no unused bits: el holds its bytes. */
static int der_bits(der_in *in, der_in *el)
{
    unsigned unused;
    return der_open(in, 0x03, el) || der_byte(el, &unused) || unused != 0 ? -1 : 0;
}

/* A non-negative INTEGER as BearSSL stores a key's: leading zeros dropped
 * (zero itself is empty), at most cap bytes left. */
static int der_uint(der_in *in, size_t cap, const unsigned char **v, size_t *len)
{
    der_in el;
    unsigned b;
    if (der_open(in, 0x02, &el) || der_byte(&el, &b) || b >= 0x80)
        return -1;
    while (b == 0 && el.left)
        (void)der_byte(&el, &b);
    *v = el.p - 1;
    *len = b == 0 ? 0 : el.left + 1;
    return *len > cap ? -1 : 0;
}

/* BOOLEAN after its tag was read: the length must say one byte (in any
 * form), and any value but 0 is TRUE. */
static int der_bool(der_in *in, unsigned tag, int *v)
{
    size_t len;
    unsigned b;
    if (tag != 0x01 || der_length(in, &len) || len != 1 || der_byte(in, &b))
        return -1;
    *v = b != 0;
    return 0;
}

/* Two decimal digits in [lo, hi]. */
static int der_dec2(der_in *in, unsigned lo, unsigned hi, unsigned *v)
{
    unsigned a, b;
    if (der_byte(in, &a) || der_byte(in, &b) || a - '0' > 9 || b - '0' > 9)
        return -1;
    *v = (a - '0') * 10 + (b - '0');
    return *v < lo || *v > hi ? -1 : 0;
}

/* A UTCTime or GeneralizedTime, checked the way BearSSL reads it (the
 * day must exist in its month; fractions of a second are allowed); *t
 * gets its time. */
static int der_time(der_in *in, int64_t *t)
{
    static const unsigned char mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    der_in el;
    unsigned tag, y, lo, mon, v, c;
    if (der_tag(in, &tag) || (tag != 0x17 && tag != 0x18) || der_value(in, &el))
        return -1;
    /* The value as Unix seconds (x509.c reads the same forms). */
    if (fc_x509_time(tag, el.p, el.left, t))
        *t = INT64_MAX;
    if (der_dec2(&el, 0, 99, &y))
        return -1;
    if (tag == 0x18) {
        if (der_dec2(&el, 0, 99, &lo))
            return -1;
        y = y * 100 + lo;
    } else {
        y += y < 50 ? 2000 : 1900;
    }
    if (der_dec2(&el, 1, 12, &mon))
        return -1;
    v = mdays[mon - 1];
    if (mon == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
        v = 29;
    if (der_dec2(&el, 1, v, &v) || der_dec2(&el, 0, 23, &v) || der_dec2(&el, 0, 59, &v) ||
        der_dec2(&el, 0, 60, &v) || der_byte(&el, &c))
        return -1;
    if (c == '.')
        do {
            if (der_byte(&el, &c))
                return -1;
        } while (c - '0' <= 9);
    return c == 'Z' && !el.left ? 0 : -1;
}

/* What an anchor takes from a certificate; pointers into its DER. */
typedef struct {
    const unsigned char *dn; /* the subject Name, tag and length included */
    size_t dn_len;           /* on failure: the part of it that was read */
    unsigned char key_type;  /* BR_KEYTYPE_RSA: n and e; BR_KEYTYPE_EC: curve and q */
    const unsigned char *n, *e, *q;
    size_t nlen, elen, qlen;
    int curve;
    int ca;
    int64_t not_after; /* Unix seconds */
} cert_info;

/* The SubjectPublicKeyInfo: an RSA key, or an EC point on P-256, P-384 or
 * P-521 (the curves BearSSL names). 1 for a key BearSSL cannot use (another
 * algorithm, such as Ed25519 or RSA-PSS, or another named curve): the
 * certificate is skipped, as BearSSL's decoder stopped there with
 * BR_ERR_X509_UNSUPPORTED; -1 when malformed. */
static int cert_key(der_in *spki, cert_info *ci)
{
    der_in alg, bits, seq;
    const unsigned char *oid;
    size_t len;

    if (der_open(spki, 0x30, &alg) || der_oid(&alg, &oid, &len))
        return -1;
    if (OID_IS(oid, len, oid_rsa)) {
        /* n and e share BearSSL's BR_X509_BUFSIZE_KEY bytes. */
        if (der_bits(spki, &bits) || der_open(&bits, 0x30, &seq) ||
            der_uint(&seq, BR_X509_BUFSIZE_KEY, &ci->n, &ci->nlen) ||
            der_uint(&seq, BR_X509_BUFSIZE_KEY - ci->nlen, &ci->e, &ci->elen) || seq.left ||
            bits.left)
            return -1;
        ci->key_type = BR_KEYTYPE_RSA;
    } else if (OID_IS(oid, len, oid_ec)) {
        if (der_oid(&alg, &oid, &len))
            return -1;
        ci->curve = OID_IS(oid, len, oid_p256)   ? BR_EC_secp256r1
                    : OID_IS(oid, len, oid_p384) ? BR_EC_secp384r1
                    : OID_IS(oid, len, oid_p521) ? BR_EC_secp521r1
                                                 : 0;
        if (!ci->curve)
            return 1;
        if (alg.left || der_bits(spki, &bits) || bits.left > BR_X509_BUFSIZE_KEY)
            return -1;
        ci->key_type = BR_KEYTYPE_EC;
        ci->q = bits.p;
        ci->qlen = bits.left;
    } else {
        return 1;
    }
    return spki->left ? -1 : 0;
}

/* The extensions: only basicConstraints matters, its cA flag (BearSSL's
 * isCA: a certificate without the extension, or without the flag in it,
 * is no CA; with several, the last that holds the flag decides). */
static int cert_extensions(der_in *wrap, int *ca)
{
    der_in seq, ext, val, bc;
    const unsigned char *oid;
    size_t len;
    unsigned tag;
    int crit;

    if (der_open(wrap, 0x30, &seq))
        return -1;
    while (seq.left) {
        if (der_open(&seq, 0x30, &ext) || der_oid(&ext, &oid, &len) || der_tag(&ext, &tag))
            return -1;
        if ((tag & 0xdf) == 0x01) { /* critical */
            if (der_bool(&ext, tag, &crit) || der_tag(&ext, &tag))
                return -1;
        }
        if (tag != 0x04 || der_value(&ext, &val) || ext.left)
            return -1;
        if (OID_IS(oid, len, oid_basic)) {
            if (der_open(&val, 0x30, &bc) || val.left)
                return -1;
            if (bc.left) {
                if (der_tag(&bc, &tag))
                    return -1;
                if ((tag & 0xdf) == 0x01 && der_bool(&bc, tag, ca))
                    return -1;
            }
        }
    }
    return wrap->left ? -1 : 0;
}

static int cert_walk(const unsigned char *d, size_t n, cert_info *ci)
{
    der_in all = {d, n}, cert, tbs, el, spki;
    const unsigned char *oid;
    size_t len;
    unsigned tag, b;
    int t;
    int64_t t64;

    ci->dn_len = 0;
    ci->ca = 0;
    if (der_open(&all, 0x30, &cert) || der_open(&cert, 0x30, &tbs) || der_tag(&tbs, &tag))
        return -1;
    if ((tag & 0xdf) == 0x80) { /* [0] version: v1 to v3 */
        der_in ver;
        unsigned v;
        if (tag != 0xa0 || der_value(&tbs, &el) || der_open(&el, 0x02, &ver) || el.left ||
            der_byte(&ver, &v) || v >= 0x80)
            return -1;
        while (ver.left) {
            if (v >= 0xffffff)
                return -1;
            (void)der_byte(&ver, &b);
            v = v << 8 | b;
        }
        if (v > 2 || der_tag(&tbs, &tag))
            return -1;
    }
    if (tag != 0x02 || der_value(&tbs, &el) ||   /* serial */
        der_open(&tbs, 0x30, &el) ||             /* signature */
        der_open(&tbs, 0x30, &el) ||             /* issuer */
        der_open(&tbs, 0x30, &el) || der_time(&el, &t64) || der_time(&el, &ci->not_after) ||
        el.left) /* validity */
        return -1;
    ci->dn = tbs.p;
    t = der_open(&tbs, 0x30, &el);
    ci->dn_len = (size_t)(tbs.p - ci->dn);
    if (t || der_open(&tbs, 0x30, &spki))
        return -1;
    t = cert_key(&spki, ci);
    if (t)
        return t;
    /* issuerUniqueID [1] and subjectUniqueID [2], each optional, in that
     * order (BearSSL looked at their tag numbers only), then optional
     * extensions [3], then nothing. */
    if (next_tag(&tbs, &tag))
        return -1;
    if ((tag & 0xdf) == 0x81 && (der_value(&tbs, &el) || next_tag(&tbs, &tag)))
        return -1;
    if ((tag & 0xdf) == 0x82 && (der_value(&tbs, &el) || next_tag(&tbs, &tag)))
        return -1;
    if (tag != NO_TAG &&
        (tag != 0xa3 || der_value(&tbs, &el) || cert_extensions(&el, &ci->ca) || tbs.left))
        return -1;
    /* signatureAlgorithm (an OID first), signatureValue, nothing after
     * them nor after the certificate (BearSSL looked for a trailing byte
     * last, once the name was read) */
    if (der_open(&cert, 0x30, &el) || der_oid(&el, &oid, &len) || der_bits(&cert, &el) ||
        cert.left || all.left)
        return -1;
    return 0;
}

/* The bit length of a big-endian unsigned integer without leading zeros. */
static size_t rsa_bits(const unsigned char *n, size_t len)
{
    size_t bits = len * 8;
    unsigned top = len ? n[0] : 0;
    if (!len)
        return 0;
    for (; !(top & 0x80); top <<= 1)
        bits--;
    return bits;
}

/* Adds the certificate in l->der as an anchor. A certificate both broken
 * and too big for the store gets the answer BearSSL's decoder gave: that
 * stored the subject name as it read it, so the store is checked for the
 * part of the name that was read before the rest is judged. */
static int finish_cert(loader *l)
{
    fc_anchors *a = l->a;
    br_x509_trust_anchor *ta;
    cert_info ci;
    int bad, e;

    if (l->der_over || !valid_times(l->der, l->der_len))
        return FC_ERR_PEM;
    bad = cert_walk(l->der, l->der_len, &ci);
    if (a->store_cap - a->store_len < ci.dn_len)
        return FC_ERR_ANCHORS_FULL;
    if (bad < 0)
        return FC_ERR_PEM;
    /* A key BearSSL cannot use makes no anchor, and does not spoil the
     * bundle: one Ed25519 root in a system bundle must not stop every
     * call. */
    if (bad > 0)
        return FC_OK;
    /* Nor does a root that expired (the chain could only fail at it, with
     * a message naming the wrong certificate), or one whose RSA key is
     * below the 2048 bits x509.c asks of every certificate. */
    if (a->check && ci.not_after < a->now) {
        a->dropped_expired++;
        return FC_OK;
    }
    if (a->check && ci.key_type == BR_KEYTYPE_RSA && rsa_bits(ci.n, ci.nlen) < 2048) {
        a->dropped_weak++;
        return FC_OK;
    }
    if (a->count == a->cap)
        return FC_ERR_ANCHORS_FULL;
    ta = &a->slots[a->count];
    memset(ta, 0, sizeof *ta);
    e = store_append(a, ci.dn, ci.dn_len, &ta->dn.data);
    ta->dn.len = ci.dn_len;
    ta->flags = ci.ca ? BR_X509_TA_CA : 0;
    ta->pkey.key_type = ci.key_type;
    if (ci.key_type == BR_KEYTYPE_RSA) {
        if (!e)
            e = store_append(a, ci.n, ci.nlen, &ta->pkey.key.rsa.n);
        if (!e)
            e = store_append(a, ci.e, ci.elen, &ta->pkey.key.rsa.e);
        ta->pkey.key.rsa.nlen = ci.nlen;
        ta->pkey.key.rsa.elen = ci.elen;
    } else {
        if (!e)
            e = store_append(a, ci.q, ci.qlen, &ta->pkey.key.ec.q);
        ta->pkey.key.ec.curve = ci.curve;
        ta->pkey.key.ec.qlen = ci.qlen;
    }
    if (e)
        return e;
    a->count++;
    return FC_OK;
}

/* ---- The PEM reader ---------------------------------------------------- */

static unsigned upper(unsigned c)
{
    return c >= 'a' && c <= 'z' ? c - 32 : c;
}

/* A blank as BearSSL saw it: any control byte or space but the newline. */
static int blank(unsigned c)
{
    return c <= 32 && c != '\n';
}

/* 0-63, or -1 for a byte that is no base64 digit ('=' included). */
static int b64(unsigned c)
{
    if (c - 'A' < 26)
        return (int)(c - 'A');
    if (c - 'a' < 26)
        return (int)(c - 'a' + 26);
    if (c - '0' < 10)
        return (int)(c - '0' + 52);
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* One decoded byte; only a certificate's are kept. */
static void der_put(loader *l, uint32_t b)
{
    if (!l->in_cert)
        return;
    if (l->der_len == sizeof l->der)
        l->der_over = 1;
    else
        l->der[l->der_len++] = (unsigned char)b;
}

/* The label is read: the object starts. Trailing dashes are dropped and
 * the label ends at a NUL, as in BearSSL's name buffer. */
static void pem_open(loader *l)
{
    size_t n = l->k;
    while (n && l->label[n - 1] == '-')
        n--;
    l->label[n] = '\0';
    l->in_cert = strcmp(l->label, "CERTIFICATE") == 0 || strcmp(l->label, "X509 CERTIFICATE") == 0;
    l->der_len = 0;
    l->der_over = 0;
    l->state = PEM_BODY;
    l->q = 0;
    l->acc = 0;
    l->first = 1;
    l->blank = 0;
}

/* Feeds one byte (never a CR) to the reader; FC_ERR_PEM for a damaged
 * object. */
static int pem_byte(loader *l, unsigned c)
{
    int v;
    switch (l->state) {
    case PEM_LINE:
        if (c == '\n')
            l->k = 0;
        else if (upper(c) != (unsigned char)pem_begin[l->k])
            l->state = PEM_SKIP;
        else if (++l->k == sizeof pem_begin - 1)
            l->state = PEM_LABEL, l->k = 0;
        return FC_OK;
    case PEM_SKIP:
        if (c == '\n')
            l->state = PEM_LINE, l->k = 0;
        return FC_OK;
    case PEM_LABEL:
        if (c == '\n') {
            if (l->k == 0 || l->k == PEM_LABEL_MAX)
                l->state = PEM_LINE, l->k = 0; /* no label, or too long: no banner */
            else
                pem_open(l);
        } else if (l->k == PEM_LABEL_MAX) {
            l->state = PEM_SKIP;
        } else {
            l->label[l->k++] = (char)upper(c);
        }
        return FC_OK;
    case PEM_BODY:
        if (c == '\n') {
            l->first = 1;
            l->blank = 0;
            return l->q ? FC_ERR_PEM : FC_OK; /* a quartet spans no line end */
        }
        if (blank(c)) {
            l->blank |= l->q == 0;
            return FC_OK;
        }
        if (c == '-' && l->q == 0 && !l->blank) {
            if (!l->first)
                return FC_ERR_PEM;
            l->state = PEM_END;
            l->k = 1;
            return FC_OK;
        }
        if (c == '=' && l->q == 2) {
            l->state = PEM_PAD;
            return FC_OK;
        }
        if (c == '=' && l->q == 3) {
            if (l->acc & 3)
                return FC_ERR_PEM;
            der_put(l, l->acc >> 10);
            der_put(l, l->acc >> 2 & 0xff);
            l->state = PEM_PAD_LINE;
            return FC_OK;
        }
        v = b64(c);
        if (v < 0)
            return FC_ERR_PEM;
        l->acc = l->acc << 6 | (uint32_t)v;
        if (++l->q == 4) {
            der_put(l, l->acc >> 16);
            der_put(l, l->acc >> 8 & 0xff);
            der_put(l, l->acc & 0xff);
            l->q = 0;
            l->acc = 0;
            l->first = 0;
            l->blank = 0;
        }
        return FC_OK;
    case PEM_PAD:
        if (blank(c))
            return FC_OK;
        if (c != '=' || (l->acc & 0xf))
            return FC_ERR_PEM;
        der_put(l, l->acc >> 4);
        l->state = PEM_PAD_LINE;
        return FC_OK;
    case PEM_PAD_LINE:
        if (c == '\n')
            l->state = PEM_TRAILER;
        else if (!blank(c))
            return FC_ERR_PEM;
        return FC_OK;
    case PEM_TRAILER:
        if (c == '-')
            l->state = PEM_END, l->k = 1;
        else if (c != '\n')
            return FC_ERR_PEM;
        return FC_OK;
    case PEM_END:
        if (upper(c) != (unsigned char)pem_end[l->k])
            return FC_ERR_PEM; /* a newline included */
        if (++l->k == sizeof pem_end - 1)
            l->state = PEM_END_LINE;
        return FC_OK;
    default: /* PEM_END_LINE: the label after END is not checked */
        if (c != '\n')
            return FC_OK;
        l->state = PEM_LINE;
        l->k = 0;
        return l->in_cert ? finish_cert(l) : FC_OK;
    }
}

/* Feeds a chunk, CRs dropped. The base64 runs of a body, nearly all of a
 * bundle, take a short loop with the quartet in locals; every other byte
 * goes through pem_byte. */
static int pem_feed(loader *l, const unsigned char *p, size_t n)
{
    const unsigned char *end = p + n;
    int rc, v;
    while (p < end) {
        if (l->state == PEM_BODY) {
            uint32_t acc = l->acc;
            unsigned q = l->q;
            for (; p < end && (v = b64(*p)) >= 0; p++) {
                acc = acc << 6 | (uint32_t)v;
                if (++q < 4)
                    continue;
                if (l->in_cert && sizeof l->der - l->der_len >= 3) {
                    l->der[l->der_len++] = (unsigned char)(acc >> 16);
                    l->der[l->der_len++] = (unsigned char)(acc >> 8);
                    l->der[l->der_len++] = (unsigned char)acc;
                } else {
                    der_put(l, acc >> 16);
                    der_put(l, acc >> 8 & 0xff);
                    der_put(l, acc & 0xff);
                }
                q = 0;
                acc = 0;
                l->first = 0;
                l->blank = 0;
            }
            l->acc = acc;
            l->q = q;
            if (p == end)
                break;
        }
        if (*p != '\r') {
            rc = pem_byte(l, *p);
            if (rc)
                return rc;
        }
        p++;
    }
    return FC_OK;
}

/* Inside an object: a bundle that ends here is cut short. */
static int pem_in_object(const loader *l)
{
    return l->state != PEM_LINE && l->state != PEM_SKIP && l->state != PEM_LABEL;
}

void fc_anchors_init(fc_anchors *a, br_x509_trust_anchor *slots, size_t nslots,
                     void *store, size_t store_len)
{
    a->slots = slots;
    a->cap = nslots;
    a->count = 0;
    a->store = store;
    a->store_cap = store_len;
    a->store_len = 0;
    a->check = 0;
    a->now = 0;
    a->dropped_expired = a->dropped_weak = 0;
}

void fc_anchors_drop_unusable(fc_anchors *a, int64_t now)
{
    a->check = 1;
    a->now = now;
}

int fc_anchors_add_pem(fc_anchors *a, fc_read_fn read, void *read_ctx)
{
    loader l;
    unsigned char buf[512];
    size_t count0 = a->count, store0 = a->store_len;
    size_t dropped0 = a->dropped_expired + a->dropped_weak;
    int rc = FC_OK;

    memset(&l, 0, sizeof l);
    l.a = a;
    l.state = PEM_LINE;
    for (;;) {
        long got = read(read_ctx, buf, sizeof buf);
        if (got < 0)
            rc = FC_ERR_PEM;
        if (got <= 0)
            break;
        /* Every CR is dropped, wherever it is, as the loader always did
         * (BearSSL 0.6 kept a CR in the object name): PEM never needs one. */
        rc = pem_feed(&l, buf, (size_t)got);
        if (rc)
            break;
    }
    /* A bundle whose last line has no newline ends it here. */
    if (!rc)
        rc = pem_byte(&l, '\n');
    /* A bundle cut inside any object is damaged: refuse all of it. */
    if (!rc && pem_in_object(&l))
        rc = FC_ERR_PEM;
    /* A bundle of roots that all expired is a bundle: the handshake then
     * fails as untrusted, and the caller can say why from the counts. */
    if (!rc && a->count == count0 && a->dropped_expired + a->dropped_weak == dropped0)
        rc = FC_ERR_NO_ANCHORS;
    if (rc) {
        a->count = count0;
        a->store_len = store0;
    }
    return rc;
}

typedef struct {
    const unsigned char *p;
    size_t left;
} mem_reader;

static long read_mem(void *ctx, unsigned char *buf, size_t len)
{
    mem_reader *m = ctx;
    if (len > m->left)
        len = m->left;
    memcpy(buf, m->p, len);
    m->p += len;
    m->left -= len;
    return (long)len;
}

int fc_anchors_add_pem_mem(fc_anchors *a, const void *pem, size_t len)
{
    mem_reader m = {pem, len};
    return fc_anchors_add_pem(a, read_mem, &m);
}
