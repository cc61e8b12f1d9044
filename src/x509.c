/* x509.c - BearSSL's minimal validator wrapped as one br_x509_class: every
 * call goes to it and to the walk of x509_walk.c, and end_chain gives the
 * verdict of both (x509.h). The shared vocabulary (object identifiers,
 * dates) is der.c's. */
#include "x509.h"

#include "anchors.h"
#include "error.h"
#include "names.h"
#include "x509_walk.h"

/* ---- br_x509_class -------------------------------------------------------- */

#define SELF(ctx) ((fc_x509 *)(void *)(ctx))
#define MINIMAL(x) (&(x)->minimal.vtable)

static void xw_start_chain(const br_x509_class **ctx, const char *server_name)
{
    fc_x509 *x = SELF(ctx);
    if (x->lazy) {
        x->load_err = fc_anchors_need(x->lazy);
        x->minimal.trust_anchors = x->lazy->slots;
        x->minimal.trust_anchors_num = x->load_err ? 0 : x->lazy->count;
        x->lazy = NULL;
    }
    (*MINIMAL(x))->start_chain(MINIMAL(x), server_name);
    x->err = 0;
    x->detail = NULL;
    x->depth = 0;
    x->not_yet = x->ip_match = 0;
    fc_x509_walk_chain(x, server_name);
}

static void xw_start_cert(const br_x509_class **ctx, uint32_t length)
{
    fc_x509 *x = SELF(ctx);
    /* The minimal validator ignores what follows the certificate a trust
     * anchor signed (err is then BR_ERR_X509_OK), and everything after a
     * failure: so does the walk. */
    int in_chain = x->minimal.err == 0;
    (*MINIMAL(x))->start_cert(MINIMAL(x), length);
    x->depth++;
    fc_x509_walk_cert(x, length, in_chain);
}

static void xw_append(const br_x509_class **ctx, const unsigned char *buf, size_t len)
{
    fc_x509 *x = SELF(ctx);
    (*MINIMAL(x))->append(MINIMAL(x), buf, len);
    fc_x509_walk_bytes(x, buf, len);
}

static void xw_end_cert(const br_x509_class **ctx)
{
    fc_x509 *x = SELF(ctx);
    (*MINIMAL(x))->end_cert(MINIMAL(x));
    fc_x509_walk_end(x);
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
    /* Last: a pin adds a refusal, it never takes one away. */
    if (x->npins && !fc_x509_walk_pinned(x))
        return FC_X509_ERR_PINNED;
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
    x->pins = NULL;
    x->npins = 0;
    x->lazy = NULL;
    x->load_err = 0;
    x->ip_len = (unsigned char)fc_name_parse_ip(host, x->ip);
    return x->ip_len ? NULL : host;
}

void fc_x509_lazy(fc_x509 *x, struct fc_anchors *a)
{
    x->lazy = a;
}

void fc_x509_pins(fc_x509 *x, const fc_pin *pins, size_t n)
{
    x->pins = pins;
    x->npins = n;
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
    case FC_X509_ERR_PINNED: return FC_ERR_TLS_PINNED;
    default:
        return (e > BR_ERR_X509_OK && e < 64) || e == FC_X509_ERR_DER ? FC_ERR_TLS_CERT
                                                                      : FC_ERR_TLS;
    }
}
