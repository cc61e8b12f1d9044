/* anchors_der.c - one DER certificate into a trust anchor.
 *
 * Reads the certificate with BearSSL 0.6's rules and takes what an anchor
 * holds (subject name, key, CA flag), as anchors.c explains. */
#include "anchors.h"

#include <string.h>

#include "der.h"
#include "x509.h" /* fc_x509_time */

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

/* The validity dates must be well formed before anything else is looked at
 * (kept from when BearSSL 0.6's decoder, which reads them without checking
 * for digits, saw every certificate): Certificate > tbsCertificate >
 * [0] version? > serial > signature > issuer > validity, two times, each
 * UTCTime YYMMDDHHMMSSZ or GeneralizedTime YYYYMMDDHHMMSSZ, without the
 * fractions of a second that cert_walk reads later. */
static int valid_times(const unsigned char *d, size_t n)
{
    size_t off = 0, len, end;
    unsigned tag;
    int i, t;
    int64_t when;
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
        size_t y;
        if (der_header(d, end, &off, &tag, &len))
            return 0;
        y = tag == 0x17 ? 2 : tag == 0x18 ? 4 : 0;
        if (!y || len != y + 11 || fc_x509_time(tag, d + off, len, &when))
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

/* A UTCTime or GeneralizedTime, read by fc_x509_time: the day must
 * exist in its month; fractions of a second are allowed, as BearSSL read
 * them; *t gets its time. */
static int der_time(der_in *in, int64_t *t)
{
    der_in el;
    unsigned tag;
    if (der_tag(in, &tag) || der_value(in, &el))
        return -1;
    return fc_x509_time(tag, el.p, el.left, t);
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
    const fc_der_named *curve;
    size_t len;

    if (der_open(spki, 0x30, &alg) || der_oid(&alg, &oid, &len))
        return -1;
    if (FC_OID_EQ(oid, len, fc_oid_rsa)) {
        /* n and e share BearSSL's BR_X509_BUFSIZE_KEY bytes. */
        if (der_bits(spki, &bits) || der_open(&bits, 0x30, &seq) ||
            der_uint(&seq, BR_X509_BUFSIZE_KEY, &ci->n, &ci->nlen) ||
            der_uint(&seq, BR_X509_BUFSIZE_KEY - ci->nlen, &ci->e, &ci->elen) || seq.left ||
            bits.left)
            return -1;
        ci->key_type = BR_KEYTYPE_RSA;
    } else if (FC_OID_EQ(oid, len, fc_oid_ec)) {
        if (der_oid(&alg, &oid, &len))
            return -1;
        curve = fc_der_curve(oid, len);
        ci->curve = curve && curve->curve >= 0 ? curve->curve : 0;
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
        if (FC_OID_EQ(oid, len, fc_oid_basic)) {
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

/* A certificate both broken and too big for the store gets the answer
 * BearSSL's decoder gave: that stored the subject name as it read it, so
 * the store is checked for the part of the name that was read before the
 * rest is judged. */
int fc_anchors_add_der(fc_anchors *a, const unsigned char *der, size_t len)
{
    br_x509_trust_anchor *ta;
    cert_info ci;
    int bad, e;

    if (!valid_times(der, len))
        return FC_ERR_PEM;
    bad = cert_walk(der, len, &ci);
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
