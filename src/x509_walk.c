/* x509_walk.c - the streaming DER walk of each certificate, and the checks
 * made as it reads (x509_walk.h): extendedKeyUsage, the leaf's names
 * against the issuers' nameConstraints, the key type and curve, the
 * signature algorithm, notBefore, and the SHA-256 of the leaf's
 * SubjectPublicKeyInfo for the public-key pins. */
#include "x509_walk.h"

#include <string.h>

#include "der.h"
#include "names.h"

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
enum { SPKI_NONE, SPKI_HASHING, SPKI_DONE };

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
    const fc_der_named *n;
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
        if (FC_OID_EQ(v, len, fc_oid_ec)) {
            x->key_ec = 1;
        } else if (!FC_OID_EQ(v, len, fc_oid_rsa)) {
            n = fc_der_key_type(v, len);
            x->detail = n ? n->name : "unknown key type";
            set_err(x, FC_X509_ERR_KEY_TYPE);
        }
        break;
    case C_CURVE:
        n = fc_der_curve(v, len);
        if (!n || n->curve < 0 || !(x->curves >> n->curve & 1)) {
            x->detail = n ? n->name : "unknown curve";
            set_err(x, FC_X509_ERR_KEY_TYPE);
        }
        break;
    case C_EXT_OID:
        if (FC_OID_EQ(v, len, fc_oid_eku))
            x->ext_id = EXT_EKU;
        else if (FC_OID_EQ(v, len, fc_oid_san) && x->depth == 1)
            x->ext_id = EXT_SAN;
        else if (FC_OID_EQ(v, len, fc_oid_nc) && x->depth > 1)
            x->ext_id = EXT_NC;
        break;
    case C_EKU:
        if (FC_OID_EQ(v, len, fc_oid_server_auth) || FC_OID_EQ(v, len, fc_oid_any_eku))
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
        if (fc_der_weak_sig(v, len))
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
        /* The leaf's key, for the pins: its DER whole, header as it came. */
        if (kind == K_SPKI && x->depth == 1 && x->npins && x->spki_state == SPKI_NONE) {
            fc_sha256_init(&x->spki_sha);
            fc_sha256_update(&x->spki_sha, x->hdr, x->hdr_len);
            x->spki_end = x->pos + x->left;
            x->spki_state = SPKI_HASHING;
        }
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

void fc_x509_walk_bytes(fc_x509 *x, const unsigned char *d, size_t len)
{
    const unsigned char *run = d; /* where the SPKI bytes not yet hashed start */
    for (; len && x->active; len--) {
        unsigned b = *d++, hashing = x->spki_state == SPKI_HASHING;
        x->pos++;
        if ((x->hstate == H_LEN || x->hstate == H_LENX) && x->hdr_len < sizeof x->hdr)
            x->hdr[x->hdr_len++] = (uint8_t)b;
        switch (x->hstate) {
        case H_TAG:
            if ((b & 0x1f) == 0x1f) { /* tag numbers past 30: BearSSL refuses them too */
                der_fail(x);
                break;
            }
            x->tag = (uint8_t)b;
            x->hdr[0] = (uint8_t)b;
            x->hdr_len = 1;
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
        if (x->spki_state == SPKI_HASHING) {
            if (!hashing)
                run = d; /* the header ended with this byte */
            if (x->pos == x->spki_end) {
                fc_sha256_update(&x->spki_sha, run, (size_t)(d - run));
                fc_sha256_final(&x->spki_sha, x->spki_hash);
                x->spki_state = SPKI_DONE;
            }
        }
    }
    if (x->spki_state == SPKI_HASHING)
        fc_sha256_update(&x->spki_sha, run, (size_t)(d - run));
}

void fc_x509_walk_chain(fc_x509 *x, const char *server_name)
{
    x->spki_state = SPKI_NONE;
    x->names_len = 0;
    x->names_count = 0;
    x->names_over = 0;
    if (x->ip_len)
        add_name(x, NAME_IP, x->ip, x->ip_len);
    else if (server_name)
        add_name(x, NAME_DNS, (const unsigned char *)server_name, strlen(server_name));
}

void fc_x509_walk_cert(fc_x509 *x, uint32_t length, int active)
{
    x->active = active;
    x->key_ec = 0;
    x->ext_id = EXT_NONE;
    x->sp = 1;
    x->st[0].end = length;
    x->st[0].kind = K_ROOT;
    x->st[0].idx = 0;
    x->pos = 0;
    x->hstate = H_TAG;
    x->hdr_len = 0;
    x->cap_kind = 0;
}

int fc_x509_walk_pinned(const fc_x509 *x)
{
    size_t i;
    if (x->spki_state != SPKI_DONE || !x->pins)
        return 0;
    for (i = 0; i < x->npins; i++)
        if (memcmp(x->pins[i].sha256, x->spki_hash, sizeof x->spki_hash) == 0)
            return 1;
    return 0;
}

void fc_x509_walk_end(fc_x509 *x)
{
    if (x->active && x->hstate != H_DONE)
        der_fail(x);
    x->active = 0;
}
