/* x509.c - BearSSL's minimal validator, and the checks it does not make. */
#include "x509.h"

#include <string.h>

#include "error.h"
#include "names.h"

/* ---- Object identifiers (DER contents) ------------------------------------ */

#define OID(name, ...) static const unsigned char name[] = {__VA_ARGS__}
OID(oid_eku, 0x55, 0x1d, 0x25);
OID(oid_san, 0x55, 0x1d, 0x11);
OID(oid_nc, 0x55, 0x1d, 0x1e);
OID(oid_server_auth, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01);
OID(oid_any_eku, 0x55, 0x1d, 0x25, 0x00);
OID(oid_rsa, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01);
OID(oid_ec, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01);

typedef struct {
    const unsigned char *oid;
    unsigned char len;
    signed char curve; /* BR_EC_xxx, or -1 for a curve BearSSL has no name for */
    const char *name;
} named_oid;

#define NAMED(curve, name, ...)                                                                    \
    {                                                                                              \
        (const unsigned char[]){__VA_ARGS__}, sizeof((const unsigned char[]){__VA_ARGS__}), curve, \
            name                                                                                   \
    }

static const named_oid curve_names[] = {
    NAMED(BR_EC_secp256r1, "P-256", 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07),
    NAMED(BR_EC_secp384r1, "P-384", 0x2b, 0x81, 0x04, 0x00, 0x22),
    NAMED(BR_EC_secp521r1, "P-521", 0x2b, 0x81, 0x04, 0x00, 0x23),
    NAMED(-1, "secp256k1", 0x2b, 0x81, 0x04, 0x00, 0x0a),
    NAMED(-1, "brainpoolP256r1", 0x2b, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x07),
    NAMED(-1, "brainpoolP384r1", 0x2b, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x0b),
    NAMED(-1, "brainpoolP512r1", 0x2b, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x0d),
};

/* Key algorithms BearSSL cannot use, by name. */
static const named_oid key_types[] = {
    NAMED(-1, "Ed25519", 0x2b, 0x65, 0x70),
    NAMED(-1, "Ed448", 0x2b, 0x65, 0x71),
    NAMED(-1, "RSA-PSS", 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a),
    NAMED(-1, "DSA", 0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01),
};

/* Signature algorithms on SHA-1 or MD5, refused as curl and browsers do. */
static const named_oid weak_sigs[] = {
    NAMED(-1, "sha1WithRSAEncryption", 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x05),
    NAMED(-1, "md5WithRSAEncryption", 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x04),
    NAMED(-1, "md2WithRSAEncryption", 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x02),
    NAMED(-1, "ecdsa-with-SHA1", 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x01),
    NAMED(-1, "dsa-with-sha1", 0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x03),
    NAMED(-1, "sha1WithRSA (OIW)", 0x2b, 0x0e, 0x03, 0x02, 0x1d),
};

static int oid_eq(const unsigned char *v, size_t len, const unsigned char *oid, size_t olen)
{
    return len == olen && memcmp(v, oid, len) == 0;
}
#define OID_EQ(v, len, oid) oid_eq(v, len, oid, sizeof oid)

static const named_oid *oid_find(const named_oid *t, size_t n, const unsigned char *v, size_t len)
{
    for (; n; n--, t++)
        if (oid_eq(v, len, t->oid, t->len))
            return t;
    return NULL;
}
#define FIND(table, v, len) oid_find(table, sizeof table / sizeof table[0], v, len)

/* ---- Time ----------------------------------------------------------------- */

static int dec2(const unsigned char *p, unsigned lo, unsigned hi, unsigned *v)
{
    if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
        return -1;
    *v = (unsigned)(p[0] - '0') * 10 + (unsigned)(p[1] - '0');
    return *v < lo || *v > hi ? -1 : 0;
}

/* Days from 1970-01-01 to y-m-d, proleptic Gregorian (y >= 1). */
static int64_t days_from_civil(unsigned y, unsigned m, unsigned d)
{
    unsigned era, yoe, doy;
    y -= m <= 2;
    era = y / 400;
    yoe = y - era * 400;
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    return (int64_t)era * 146097 + (int64_t)(yoe * 365 + yoe / 4 - yoe / 100 + doy) - 719468;
}

int fc_x509_time(unsigned tag, const unsigned char *v, size_t len, int64_t *out)
{
    static const unsigned char mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    unsigned y, lo, mon, d, h, mi, s, dmax;
    size_t k = tag == 0x18 ? 4 : tag == 0x17 ? 2 : 0;

    if (!k || len < k + 11 || dec2(v, 0, 99, &y))
        return -1;
    if (k == 4) {
        if (dec2(v + 2, 0, 99, &lo))
            return -1;
        y = y * 100 + lo;
    } else {
        y += y < 50 ? 2000 : 1900; /* RFC 5280 4.1.2.5.1 */
    }
    if (y == 0 || dec2(v + k, 1, 12, &mon))
        return -1;
    dmax = mdays[mon - 1];
    if (mon == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
        dmax = 29;
    if (dec2(v + k + 2, 1, dmax, &d) || dec2(v + k + 4, 0, 23, &h) || dec2(v + k + 6, 0, 59, &mi) ||
        dec2(v + k + 8, 0, 60, &s))
        return -1;
    k += 10;
    if (v[k] == '.')
        for (k++; k < len && v[k] >= '0' && v[k] <= '9'; k++) {
        }
    if (k + 1 != len || v[k] != 'Z')
        return -1;
    *out = days_from_civil(y, mon, d) * 86400 + h * 3600 + mi * 60 + s;
    return 0;
}

/* ---- Names and constraints ------------------------------------------------ */

#define NAME_DNS 2 /* GeneralName tags: dNSName [2], iPAddress [7] */
#define NAME_IP 7
#define NAMES_COUNT 32 /* one bit each in hit */

static void add_name(fc_x509 *x, unsigned type, const unsigned char *v, size_t len)
{
    if (len > 255 || x->names_count == NAMES_COUNT ||
        FC_X509_NAMES_MAX - x->names_len < len + 2) {
        x->names_over = 1;
        return;
    }
    x->names[x->names_len] = (unsigned char)type;
    x->names[x->names_len + 1] = (unsigned char)len;
    memcpy(x->names + x->names_len + 2, v, len);
    x->names_len += len + 2;
    x->names_count++;
}

/* One subtree (tag NAME_DNS or NAME_IP) of nameConstraints against every
 * name of its type: permitted subtrees mark the names they hold, excluded
 * ones refuse them. */
static void constrain(fc_x509 *x, unsigned type, int permitted)
{
    const unsigned char *c = x->cap;
    size_t cl = x->cap_len, i, k;
    unsigned bit = 0;

    if (cl > 255 || (type == NAME_IP && cl != 8 && cl != 32) || x->names_over) {
        if (!x->err)
            x->err = FC_X509_ERR_CONSTRAINTS;
        return;
    }
    if (permitted) {
        if (type == NAME_DNS)
            x->seen_dns = 1;
        else
            x->seen_ip = 1;
    }
    for (i = 0; i < x->names_len; i += 2 + x->names[i + 1], bit++) {
        const unsigned char *n = x->names + i + 2;
        size_t nl = x->names[i + 1];
        int in = 0;
        if (x->names[i] != type)
            continue;
        if (type == NAME_DNS) {
            in = permitted ? fc_name_dns_within(n, nl, c, cl) : fc_name_dns_excluded(n, nl, c, cl);
        } else if (nl * 2 == cl) {
            for (in = 1, k = 0; k < nl; k++)
                if ((n[k] & c[nl + k]) != (c[k] & c[nl + k]))
                    in = 0;
        }
        if (in && permitted)
            x->hit |= (uint32_t)1 << bit;
        else if (in && !x->err)
            x->err = FC_X509_ERR_CONSTRAINED;
    }
}

/* The end of a permitted list: every name of a type it constrains must be
 * in one of its subtrees. */
static void permitted_end(fc_x509 *x)
{
    size_t i;
    unsigned bit = 0;
    for (i = 0; i < x->names_len; i += 2 + x->names[i + 1], bit++) {
        unsigned t = x->names[i];
        if (((t == NAME_DNS && x->seen_dns) || (t == NAME_IP && x->seen_ip)) &&
            !(x->hit >> bit & 1) && !x->err)
            x->err = FC_X509_ERR_CONSTRAINED;
    }
}

/* ---- The certificate walk -------------------------------------------------
 * One byte at a time, as BearSSL hands them over: a stack of the elements
 * being read, and for each new element a decision from its parent's kind,
 * its place there and its tag: read into it, keep its value (cap), or skip
 * it. The walk is never looser than BearSSL's decoder where it looks: an
 * element it cannot read fails the certificate (FC_X509_ERR_DER). */

enum {
    K_SKIP,
    /* Elements read into. */
    K_ROOT,
    K_CERT,
    K_TBS,
    K_VALIDITY,
    K_SPKI,
    K_SPKI_ALG,
    K_EXTS_WRAP,
    K_EXTS,
    K_EXT,
    K_EXT_VALUE,
    K_EKU,
    K_SAN,
    K_NC,
    K_PERMITTED,
    K_EXCLUDED,
    K_SUBTREE_P,
    K_SUBTREE_E,
    K_SIGALG,
    /* Values kept. */
    C_FIRST = 32,
    C_NOT_BEFORE = C_FIRST,
    C_KEY_ALG,
    C_CURVE,
    C_EXT_OID,
    C_EKU,
    C_DNS,
    C_IP,
    C_NC_DNS_P,
    C_NC_DNS_E,
    C_NC_IP_P,
    C_NC_IP_E,
    C_SIGALG,
    K_FAIL = 255
};

enum { EXT_NONE, EXT_EKU, EXT_SAN, EXT_NC };
enum { H_TAG, H_LEN, H_LENX, H_VALUE, H_DONE };

static void set_err(fc_x509 *x, int e)
{
    if (!x->err)
        x->err = e;
}

static unsigned classify(fc_x509 *x, fc_x509_frame *p, unsigned tag)
{
    unsigned i = p->idx;
    switch (p->kind) {
    case K_ROOT: return i == 0 && tag == 0x30 ? K_CERT : K_FAIL;
    case K_CERT:
        if (i < 2)
            return tag != 0x30 ? K_FAIL : i == 0 ? K_TBS : K_SIGALG;
        return K_SKIP;
    case K_TBS:
        if (i == 0 && tag != 0xa0) /* no version: the serial comes first */
            p->idx = (uint8_t)(i = 1);
        if (i == 4 || i == 6)
            return tag != 0x30 ? K_FAIL : i == 4 ? K_VALIDITY : K_SPKI;
        return i >= 7 && tag == 0xa3 ? K_EXTS_WRAP : K_SKIP;
    case K_VALIDITY: return i == 0 ? C_NOT_BEFORE : K_SKIP;
    case K_SPKI: return i == 0 ? (tag == 0x30 ? K_SPKI_ALG : K_FAIL) : K_SKIP;
    case K_SPKI_ALG:
        if (i == 0)
            return tag == 0x06 ? C_KEY_ALG : K_FAIL;
        if (i == 1 && x->key_ec) {
            if (tag == 0x06)
                return C_CURVE;
            x->detail = "explicit curve parameters";
            set_err(x, FC_X509_ERR_KEY_TYPE);
        }
        return K_SKIP;
    case K_EXTS_WRAP: return i == 0 && tag == 0x30 ? K_EXTS : K_FAIL;
    case K_EXTS: return tag == 0x30 ? K_EXT : K_FAIL;
    case K_EXT:
        if (i == 0) {
            x->ext_id = EXT_NONE;
            return tag == 0x06 ? C_EXT_OID : K_FAIL;
        }
        return tag == 0x04 && x->ext_id != EXT_NONE ? K_EXT_VALUE : K_SKIP;
    case K_EXT_VALUE:
        if (i == 0 && tag == 0x30)
            return x->ext_id == EXT_EKU ? K_EKU : x->ext_id == EXT_SAN ? K_SAN : K_NC;
        /* Not the SEQUENCE each of them is: an unreadable EKU grants
         * nothing, unreadable constraints cannot be checked. */
        if (x->ext_id == EXT_EKU)
            set_err(x, FC_X509_ERR_EKU);
        else if (x->ext_id == EXT_NC)
            set_err(x, FC_X509_ERR_CONSTRAINTS);
        return K_SKIP;
    case K_EKU: return tag == 0x06 ? C_EKU : K_SKIP;
    case K_SAN: return tag == 0x82 ? C_DNS : tag == 0x87 ? C_IP : K_SKIP;
    case K_NC:
        if (tag == 0xa0 || tag == 0xa1)
            return tag == 0xa0 ? K_PERMITTED : K_EXCLUDED;
        set_err(x, FC_X509_ERR_CONSTRAINTS);
        return K_SKIP;
    case K_PERMITTED:
    case K_EXCLUDED:
        if (tag == 0x30)
            return p->kind == K_PERMITTED ? K_SUBTREE_P : K_SUBTREE_E;
        set_err(x, FC_X509_ERR_CONSTRAINTS);
        return K_SKIP;
    case K_SUBTREE_P:
    case K_SUBTREE_E:
        if (i > 0) /* minimum and maximum: unused in the Web PKI */
            return K_SKIP;
        if (tag == 0x82 || tag == 0x87)
            return (tag == 0x82 ? C_NC_DNS_P : C_NC_IP_P) + (p->kind == K_SUBTREE_E ? 1u : 0u);
        set_err(x, FC_X509_ERR_CONSTRAINTS); /* directoryName, rfc822Name, URI, ... */
        return K_SKIP;
    case K_SIGALG: return i == 0 ? (tag == 0x06 ? C_SIGALG : K_FAIL) : K_SKIP;
    default: return K_SKIP;
    }
}

static void kept(fc_x509 *x)
{
    const unsigned char *v = x->cap;
    size_t len = x->cap_len;
    const named_oid *n;
    int64_t t;

    if (len > sizeof x->cap) { /* too long to be any value kept */
        if (x->cap_kind == C_DNS || x->cap_kind == C_IP)
            x->names_over = 1;
        else if (x->cap_kind >= C_NC_DNS_P && x->cap_kind <= C_NC_IP_E)
            set_err(x, FC_X509_ERR_CONSTRAINTS);
        else if (x->cap_kind == C_KEY_ALG || x->cap_kind == C_CURVE)
            x->detail = "unknown key type", set_err(x, FC_X509_ERR_KEY_TYPE);
        return;
    }
    switch (x->cap_kind) {
    case C_NOT_BEFORE:
        if (fc_x509_time(x->tag, v, len, &t) == 0 && t > x->now)
            x->not_yet = 1;
        break;
    case C_KEY_ALG:
        if (OID_EQ(v, len, oid_ec)) {
            x->key_ec = 1;
        } else if (!OID_EQ(v, len, oid_rsa)) {
            n = FIND(key_types, v, len);
            x->detail = n ? n->name : "unknown key type";
            set_err(x, FC_X509_ERR_KEY_TYPE);
        }
        break;
    case C_CURVE:
        n = FIND(curve_names, v, len);
        if (!n || n->curve < 0 || !(x->curves >> n->curve & 1)) {
            x->detail = n ? n->name : "unknown curve";
            set_err(x, FC_X509_ERR_KEY_TYPE);
        }
        break;
    case C_EXT_OID:
        if (OID_EQ(v, len, oid_eku))
            x->ext_id = EXT_EKU;
        else if (OID_EQ(v, len, oid_san) && x->depth == 1)
            x->ext_id = EXT_SAN;
        else if (OID_EQ(v, len, oid_nc) && x->depth > 1)
            x->ext_id = EXT_NC;
        break;
    case C_EKU:
        if (OID_EQ(v, len, oid_server_auth) || OID_EQ(v, len, oid_any_eku))
            x->eku_ok = 1;
        break;
    case C_DNS: add_name(x, NAME_DNS, v, len); break;
    case C_IP:
        if (x->ip_len && len == x->ip_len && memcmp(v, x->ip, len) == 0)
            x->ip_match = 1;
        add_name(x, NAME_IP, v, len);
        break;
    case C_NC_DNS_P:
    case C_NC_DNS_E: constrain(x, NAME_DNS, x->cap_kind == C_NC_DNS_P); break;
    case C_NC_IP_P:
    case C_NC_IP_E: constrain(x, NAME_IP, x->cap_kind == C_NC_IP_P); break;
    case C_SIGALG:
        if (FIND(weak_sigs, v, len))
            set_err(x, FC_X509_ERR_HASH);
        break;
    default: break;
    }
}

static void der_fail(fc_x509 *x)
{
    set_err(x, FC_X509_ERR_DER);
    x->active = 0;
}

/* Closes every element that ends here. */
static void pop_ended(fc_x509 *x)
{
    while (x->sp && x->pos == x->st[x->sp - 1].end) {
        unsigned kind = x->st[--x->sp].kind;
        if (kind == K_EKU && !x->eku_ok)
            set_err(x, FC_X509_ERR_EKU);
        else if (kind == K_PERMITTED)
            permitted_end(x);
    }
    x->hstate = x->sp ? H_TAG : H_DONE;
}

static void value_end(fc_x509 *x)
{
    if (x->cap_kind)
        kept(x);
    x->cap_kind = 0;
    pop_ended(x);
}

/* A complete tag and length: what to do with the element. */
static void header(fc_x509 *x)
{
    fc_x509_frame *p = &x->st[x->sp - 1];
    unsigned kind;

    if (x->pos > p->end || x->left > p->end - x->pos) {
        der_fail(x);
        return;
    }
    kind = classify(x, p, x->tag);
    if (p->idx < 255)
        p->idx++;
    if (kind == K_FAIL) {
        der_fail(x);
    } else if (kind != K_SKIP && kind < C_FIRST) {
        if (x->sp == sizeof x->st / sizeof x->st[0]) {
            der_fail(x);
            return;
        }
        x->st[x->sp].end = x->pos + x->left;
        x->st[x->sp].kind = (uint8_t)kind;
        x->st[x->sp].idx = 0;
        x->sp++;
        if (kind == K_EKU)
            x->eku_ok = 0;
        else if (kind == K_PERMITTED)
            x->hit = 0, x->seen_dns = x->seen_ip = 0;
        pop_ended(x); /* an empty one ends at once */
    } else {
        x->cap_kind = (uint8_t)(kind == K_SKIP ? 0 : kind);
        x->cap_len = 0;
        x->hstate = H_VALUE;
        if (!x->left)
            value_end(x);
    }
}

static void walk(fc_x509 *x, const unsigned char *d, size_t len)
{
    for (; len && x->active; len--) {
        unsigned b = *d++;
        x->pos++;
        switch (x->hstate) {
        case H_TAG:
            if ((b & 0x1f) == 0x1f) { /* tag numbers past 30: BearSSL refuses them too */
                der_fail(x);
                break;
            }
            x->tag = (uint8_t)b;
            x->hstate = H_LEN;
            break;
        case H_LEN:
            if (b < 0x80) {
                x->left = b;
                header(x);
            } else if ((b & 0x7f) == 0 || (b & 0x7f) > 3) {
                der_fail(x);
            } else {
                x->lenbytes = (uint8_t)(b & 0x7f);
                x->left = 0;
                x->hstate = H_LENX;
            }
            break;
        case H_LENX:
            x->left = x->left << 8 | b;
            if (--x->lenbytes == 0)
                header(x);
            break;
        case H_VALUE:
            if (x->cap_kind) {
                if (x->cap_len < sizeof x->cap)
                    x->cap[x->cap_len] = (uint8_t)b;
                x->cap_len++; /* past sizeof cap: too long to be what it should */
            }
            if (--x->left == 0)
                value_end(x);
            break;
        default: /* bytes past the certificate's end: BearSSL's to refuse */ x->active = 0; break;
        }
    }
}

/* ---- br_x509_class -------------------------------------------------------- */

#define SELF(ctx) ((fc_x509 *)(void *)(ctx))
#define MINIMAL(x) (&(x)->minimal.vtable)

static void xw_start_chain(const br_x509_class **ctx, const char *server_name)
{
    fc_x509 *x = SELF(ctx);
    (*MINIMAL(x))->start_chain(MINIMAL(x), server_name);
    x->err = 0;
    x->detail = NULL;
    x->depth = 0;
    x->not_yet = x->ip_match = 0;
    x->names_len = 0;
    x->names_count = 0;
    x->names_over = 0;
    if (x->ip_len)
        add_name(x, NAME_IP, x->ip, x->ip_len);
    else if (server_name)
        add_name(x, NAME_DNS, (const unsigned char *)server_name, strlen(server_name));
}

static void xw_start_cert(const br_x509_class **ctx, uint32_t length)
{
    fc_x509 *x = SELF(ctx);
    /* The minimal validator ignores what follows the certificate a trust
     * anchor signed (err is then BR_ERR_X509_OK), and everything after a
     * failure: so does the walk. */
    int in_chain = x->minimal.err == 0;
    (*MINIMAL(x))->start_cert(MINIMAL(x), length);
    x->active = in_chain;
    x->depth++;
    x->key_ec = 0;
    x->ext_id = EXT_NONE;
    x->sp = 1;
    x->st[0].end = length;
    x->st[0].kind = K_ROOT;
    x->st[0].idx = 0;
    x->pos = 0;
    x->hstate = H_TAG;
    x->cap_kind = 0;
}

static void xw_append(const br_x509_class **ctx, const unsigned char *buf, size_t len)
{
    fc_x509 *x = SELF(ctx);
    (*MINIMAL(x))->append(MINIMAL(x), buf, len);
    walk(x, buf, len);
}

static void xw_end_cert(const br_x509_class **ctx)
{
    fc_x509 *x = SELF(ctx);
    (*MINIMAL(x))->end_cert(MINIMAL(x));
    if (x->active && x->hstate != H_DONE)
        der_fail(x);
    x->active = 0;
}

static unsigned xw_end_chain(const br_x509_class **ctx)
{
    fc_x509 *x = SELF(ctx);
    unsigned r = (*MINIMAL(x))->end_chain(MINIMAL(x));

    /* BearSSL's codes first, each given back the cause it shares. */
    if (r == BR_ERR_X509_EXPIRED && x->not_yet)
        return FC_X509_ERR_NOT_YET_VALID;
    if ((r == BR_ERR_X509_UNSUPPORTED || r == BR_ERR_X509_BAD_SIGNATURE) &&
        (x->err == FC_X509_ERR_KEY_TYPE || x->err == FC_X509_ERR_HASH))
        return (unsigned)x->err;
    if (r)
        return r;
    if (x->err)
        return (unsigned)x->err;
    if (x->ip_len && !x->ip_match)
        return BR_ERR_X509_BAD_SERVER_NAME;
    return 0;
}

static const br_x509_pkey *xw_get_pkey(const br_x509_class *const *ctx, unsigned *usages)
{
    const fc_x509 *x = (const fc_x509 *)(const void *)ctx;
    return (*MINIMAL(x))->get_pkey(MINIMAL(x), usages);
}

static const br_x509_class fc_x509_vtable = {
    sizeof(fc_x509), xw_start_chain, xw_start_cert, xw_append,
    xw_end_cert,     xw_end_chain,   xw_get_pkey,
};

const char *fc_x509_init(fc_x509 *x, const char *host, int64_t now, uint32_t curves)
{
    x->vtable = &fc_x509_vtable;
    /* 2048 bits (256 bytes) and more, as curl, OpenSSL's default security
     * level and every browser want; BearSSL's own floor is 1017 bits. */
    br_x509_minimal_set_minrsa(&x->minimal, 256);
    if (now < 0)
        now = 0;
    /* BearSSL counts days from 1 January of year 0; the Unix epoch is
     * day 719528 of that calendar. */
    br_x509_minimal_set_time(&x->minimal, (uint32_t)(now / 86400) + 719528u,
                             (uint32_t)(now % 86400));
    x->now = now;
    x->curves = curves;
    x->ip_len = (unsigned char)fc_name_parse_ip(host, x->ip);
    return x->ip_len ? NULL : host;
}

const char *fc_x509_detail(const fc_x509 *x)
{
    return x->detail;
}

int fc_x509_err(int e)
{
    switch (e) {
    case BR_ERR_X509_NOT_TRUSTED: return FC_ERR_TLS_UNTRUSTED;
    case BR_ERR_X509_BAD_SERVER_NAME: return FC_ERR_TLS_NAME;
    case BR_ERR_X509_EXPIRED: return FC_ERR_TLS_EXPIRED;
    case FC_X509_ERR_NOT_YET_VALID: return FC_ERR_TLS_NOT_YET_VALID;
    case BR_ERR_X509_DN_MISMATCH: return FC_ERR_TLS_CHAIN_ORDER;
    case BR_ERR_X509_CRITICAL_EXTENSION: return FC_ERR_TLS_CRITICAL;
    case BR_ERR_X509_NOT_CA: return FC_ERR_TLS_NOT_CA;
    case BR_ERR_X509_FORBIDDEN_KEY_USAGE: return FC_ERR_TLS_KEY_USAGE;
    case BR_ERR_X509_WEAK_PUBLIC_KEY: return FC_ERR_TLS_WEAK_KEY;
    case BR_ERR_X509_BAD_SIGNATURE: return FC_ERR_TLS_SIGNATURE;
    case BR_ERR_X509_UNSUPPORTED:
    case FC_X509_ERR_KEY_TYPE: return FC_ERR_TLS_KEY_TYPE;
    case FC_X509_ERR_EKU: return FC_ERR_TLS_EKU;
    case FC_X509_ERR_CONSTRAINED: return FC_ERR_TLS_CONSTRAINED;
    case FC_X509_ERR_CONSTRAINTS: return FC_ERR_TLS_CONSTRAINTS;
    case FC_X509_ERR_HASH: return FC_ERR_TLS_SHA1;
    default:
        return (e > BR_ERR_X509_OK && e < 64) || e == FC_X509_ERR_DER ? FC_ERR_TLS_CERT
                                                                      : FC_ERR_TLS;
    }
}
