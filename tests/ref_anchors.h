/* ref_anchors.h - the reference trust-anchor loader, for tests/test_tls.c
 * and tests/fuzz_pem.c: fc_anchors_add_pem as it was, reading PEM with
 * br_pem_decoder and each certificate with br_x509_decoder. The faster
 * loader in src/tls.c must match it: the same result, count and store
 * bytes, the same anchors at the same places. BearSSL 0.6's certificate
 * decoder is only ever given one whole certificate whose dates passed
 * ref_valid_times: it crashes on data pushed after a failure and reads out
 * of bounds on non-digit dates. Static functions: include it once. */
#ifndef FC_TEST_REF_ANCHORS_H
#define FC_TEST_REF_ANCHORS_H

#include <string.h>

#include "tls.h"

typedef struct {
    fc_anchors *a;
    br_pem_decoder_context pem;
    br_x509_decoder_context x509;
    unsigned char der[FC_CERT_MAX];
    size_t der_len;
    int der_over, in_obj, in_cert, err;
    size_t dn_start;
} ref_loader;

static int ref_store(fc_anchors *a, const void *p, size_t len, unsigned char **where)
{
    if (a->store_cap - a->store_len < len)
        return FC_ERR_ANCHORS_FULL;
    *where = a->store + a->store_len;
    memcpy(*where, p, len);
    a->store_len += len;
    return FC_OK;
}

static void ref_append_dn(void *ctx, const void *buf, size_t len)
{
    ref_loader *l = ctx;
    unsigned char *ignored;
    if (!l->err)
        l->err = ref_store(l->a, buf, len, &ignored);
}

static void ref_to_der(void *ctx, const void *buf, size_t len)
{
    ref_loader *l = ctx;
    if (!l->in_cert || l->der_over)
        return;
    if (sizeof l->der - l->der_len < len) {
        l->der_over = 1;
        return;
    }
    memcpy(l->der + l->der_len, buf, len);
    l->der_len += len;
}

static int ref_der_header(const unsigned char *d, size_t n, size_t *off, unsigned *tag,
                          size_t *len)
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

static int ref_two_digits(const unsigned char *p, unsigned lo, unsigned hi)
{
    unsigned v;
    if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
        return 0;
    v = (unsigned)(p[0] - '0') * 10 + (unsigned)(p[1] - '0');
    return v >= lo && v <= hi;
}

static int ref_valid_times(const unsigned char *d, size_t n)
{
    size_t off = 0, len, end;
    unsigned tag;
    int i, t;
    if (ref_der_header(d, n, &off, &tag, &len) || tag != 0x30 ||
        ref_der_header(d, n, &off, &tag, &len) || tag != 0x30)
        return 0;
    end = off + len;
    for (i = 0; i < 4; i++) {
        if (ref_der_header(d, end, &off, &tag, &len))
            return 0;
        if (i == 0 && tag != 0xa0)
            i++;
        off += len;
    }
    if (ref_der_header(d, end, &off, &tag, &len) || tag != 0x30)
        return 0;
    for (t = 0; t < 2; t++) {
        const unsigned char *p;
        size_t y;
        if (ref_der_header(d, end, &off, &tag, &len))
            return 0;
        y = tag == 0x17 ? 2 : tag == 0x18 ? 4 : 0;
        p = d + off;
        if (!y || len != y + 11 || p[len - 1] != 'Z' || !ref_two_digits(p, 0, 99) ||
            (y == 4 && !ref_two_digits(p + 2, 0, 99)) || !ref_two_digits(p + y, 1, 12) ||
            !ref_two_digits(p + y + 2, 1, 31) || !ref_two_digits(p + y + 4, 0, 23) ||
            !ref_two_digits(p + y + 6, 0, 59) || !ref_two_digits(p + y + 8, 0, 60))
            return 0;
        off += len;
    }
    return 1;
}

/* BearSSL's decoder says BR_ERR_X509_UNSUPPORTED for a key it cannot use,
 * and also for an X.509 version past v3, which the loader refuses as
 * damaged: 1 when the certificate has a version field whose value is not
 * 0, 1 or 2 in one byte. */
static int ref_bad_version(const unsigned char *d, size_t n)
{
    size_t off = 0, len;
    unsigned tag;
    if (ref_der_header(d, n, &off, &tag, &len) || ref_der_header(d, n, &off, &tag, &len) ||
        ref_der_header(d, n, &off, &tag, &len) || tag != 0xa0 ||
        ref_der_header(d, n, &off, &tag, &len))
        return 0;
    return tag != 0x02 || len != 1 || d[off] > 2;
}

static int ref_finish_cert(ref_loader *l)
{
    fc_anchors *a = l->a;
    const br_x509_pkey *pk;
    br_x509_trust_anchor *ta;

    if (l->der_over || !ref_valid_times(l->der, l->der_len))
        return FC_ERR_PEM;
    l->dn_start = a->store_len;
    br_x509_decoder_init(&l->x509, ref_append_dn, l);
    br_x509_decoder_push(&l->x509, l->der, l->der_len);
    if (l->err)
        return l->err;
    /* A key BearSSL cannot use: skipped, its name taken back out. */
    if (br_x509_decoder_last_error(&l->x509) == BR_ERR_X509_UNSUPPORTED &&
        !ref_bad_version(l->der, l->der_len)) {
        a->store_len = l->dn_start;
        return FC_OK;
    }
    if (br_x509_decoder_last_error(&l->x509) != 0)
        return FC_ERR_PEM;
    pk = br_x509_decoder_get_pkey(&l->x509);
    if (!pk)
        return FC_ERR_PEM;
    if (a->count == a->cap)
        return FC_ERR_ANCHORS_FULL;
    ta = &a->slots[a->count];
    memset(ta, 0, sizeof *ta);
    ta->dn.data = a->store + l->dn_start;
    ta->dn.len = a->store_len - l->dn_start;
    ta->flags = br_x509_decoder_isCA(&l->x509) ? BR_X509_TA_CA : 0;
    ta->pkey.key_type = pk->key_type;
    if (pk->key_type == BR_KEYTYPE_RSA) {
        int e = ref_store(a, pk->key.rsa.n, pk->key.rsa.nlen, &ta->pkey.key.rsa.n);
        if (!e)
            e = ref_store(a, pk->key.rsa.e, pk->key.rsa.elen, &ta->pkey.key.rsa.e);
        if (e)
            return e;
        ta->pkey.key.rsa.nlen = pk->key.rsa.nlen;
        ta->pkey.key.rsa.elen = pk->key.rsa.elen;
    } else if (pk->key_type == BR_KEYTYPE_EC) {
        int e = ref_store(a, pk->key.ec.q, pk->key.ec.qlen, &ta->pkey.key.ec.q);
        if (e)
            return e;
        ta->pkey.key.ec.curve = pk->key.ec.curve;
        ta->pkey.key.ec.qlen = pk->key.ec.qlen;
    } else {
        return FC_ERR_PEM;
    }
    a->count++;
    return FC_OK;
}

static int ref_push(ref_loader *l, const unsigned char *buf, size_t len)
{
    while (len) {
        size_t n = br_pem_decoder_push(&l->pem, buf, len);
        int rc = FC_OK;
        buf += n;
        len -= n;
        switch (br_pem_decoder_event(&l->pem)) {
        case BR_PEM_BEGIN_OBJ: {
            const char *name = br_pem_decoder_name(&l->pem);
            l->in_obj = 1;
            l->in_cert =
                strcmp(name, "CERTIFICATE") == 0 || strcmp(name, "X509 CERTIFICATE") == 0;
            l->der_len = 0;
            l->der_over = 0;
            break;
        }
        case BR_PEM_END_OBJ:
            if (l->in_cert)
                rc = ref_finish_cert(l);
            l->in_cert = l->in_obj = 0;
            break;
        case BR_PEM_ERROR:
            rc = FC_ERR_PEM;
            break;
        default:
            break;
        }
        if (rc)
            return rc;
    }
    return FC_OK;
}

/* The old fc_anchors_add_pem_mem, CRs dropped as it did. */
static int ref_add_pem(fc_anchors *a, const unsigned char *pem, size_t len)
{
    static ref_loader l;
    unsigned char buf[512];
    size_t count0 = a->count, store0 = a->store_len, off = 0;
    int rc = FC_OK;

    memset(&l, 0, sizeof l);
    l.a = a;
    br_pem_decoder_init(&l.pem);
    br_pem_decoder_setdest(&l.pem, ref_to_der, &l);
    while (off < len && !rc) {
        size_t k, m = 0, n = len - off < sizeof buf ? len - off : sizeof buf;
        for (k = 0; k < n; k++)
            if (pem[off + k] != '\r')
                buf[m++] = pem[off + k];
        off += n;
        rc = ref_push(&l, buf, m);
    }
    if (!rc)
        rc = ref_push(&l, (const unsigned char *)"\n", 1);
    if (!rc && l.in_obj)
        rc = FC_ERR_PEM;
    if (!rc && a->count == count0)
        rc = FC_ERR_NO_ANCHORS;
    if (rc) {
        a->count = count0;
        a->store_len = store0;
    }
    return rc;
}

#endif
