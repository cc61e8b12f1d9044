/* tls.c - trust anchors from PEM, and a BearSSL client stream over port/. */
#include "tls.h"

#include <string.h>

#include "hmac.h" /* fc_wipe */

/* BearSSL counts days from 1 January of year 0; the Unix epoch is day
 * 719528 of that calendar. */
#define BR_DAYS_AT_UNIX_EPOCH 719528u

/* ---- Trust anchors ------------------------------------------------------ */

typedef struct {
    fc_anchors *a;
    br_pem_decoder_context pem;
    br_x509_decoder_context x509;
    unsigned char der[FC_CERT_MAX]; /* one certificate, checked first */
    size_t der_len;
    int der_over;                   /* it did not fit */
    int in_obj;  /* inside any PEM object */
    int in_cert; /* inside a CERTIFICATE object */
    int err;
    size_t dn_start;
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

static void append_dn(void *ctx, const void *buf, size_t len)
{
    loader *l = ctx;
    unsigned char *ignored;
    if (!l->err)
        l->err = store_append(l->a, buf, len, &ignored);
}

/* The certificate's DER is collected whole: it is checked before BearSSL's
 * decoder sees any of it (see valid_times). */
static void to_der(void *ctx, const void *buf, size_t len)
{
    loader *l = ctx;
    if (!l->in_cert || l->der_over)
        return;
    if (sizeof l->der - l->der_len < len) {
        l->der_over = 1;
        return;
    }
    memcpy(l->der + l->der_len, buf, len);
    l->der_len += len;
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

/* BearSSL 0.6's br_x509_decoder_push lacks the guard later versions have
 * against data pushed after the decoder failed: its interpreter resumes on
 * a broken stack and crashes (tests/fuzz_pem.c found it with a mangled
 * date). So a certificate is collected whole and pushed once. Its validity
 * dates are checked here first as well, which BearSSL 0.6 reads without
 * checking for digits: Certificate > tbsCertificate > [0] version? >
 * serial > signature > issuer > validity, two times, each UTCTime
 * YYMMDDHHMMSSZ or GeneralizedTime YYYYMMDDHHMMSSZ. */
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

/* The decoder's key points into its own context: copy it out. */
static int finish_cert(loader *l)
{
    fc_anchors *a = l->a;
    const br_x509_pkey *pk;
    br_x509_trust_anchor *ta;

    if (l->der_over || !valid_times(l->der, l->der_len))
        return FC_ERR_PEM;
    l->dn_start = a->store_len;
    br_x509_decoder_init(&l->x509, append_dn, l);
    br_x509_decoder_push(&l->x509, l->der, l->der_len);
    if (l->err)
        return l->err;
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
        int e = store_append(a, pk->key.rsa.n, pk->key.rsa.nlen, &ta->pkey.key.rsa.n);
        if (!e)
            e = store_append(a, pk->key.rsa.e, pk->key.rsa.elen, &ta->pkey.key.rsa.e);
        if (e)
            return e;
        ta->pkey.key.rsa.nlen = pk->key.rsa.nlen;
        ta->pkey.key.rsa.elen = pk->key.rsa.elen;
    } else if (pk->key_type == BR_KEYTYPE_EC) {
        int e = store_append(a, pk->key.ec.q, pk->key.ec.qlen, &ta->pkey.key.ec.q);
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

static int loader_push(loader *l, const unsigned char *buf, size_t len)
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
            l->in_cert = strcmp(name, "CERTIFICATE") == 0 ||
                         strcmp(name, "X509 CERTIFICATE") == 0;
            l->der_len = 0;
            l->der_over = 0;
            break;
        }
        case BR_PEM_END_OBJ:
            if (l->in_cert)
                rc = finish_cert(l);
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

void fc_anchors_init(fc_anchors *a, br_x509_trust_anchor *slots, size_t nslots,
                     void *store, size_t store_len)
{
    a->slots = slots;
    a->cap = nslots;
    a->count = 0;
    a->store = store;
    a->store_cap = store_len;
    a->store_len = 0;
}

int fc_anchors_add_pem(fc_anchors *a, fc_read_fn read, void *read_ctx)
{
    loader l;
    unsigned char buf[512];
    size_t count0 = a->count, store0 = a->store_len;
    int rc = FC_OK;

    memset(&l, 0, sizeof l);
    l.a = a;
    br_pem_decoder_init(&l.pem);
    br_pem_decoder_setdest(&l.pem, to_der, &l);
    for (;;) {
        long n = read(read_ctx, buf, sizeof buf);
        if (n < 0)
            rc = FC_ERR_PEM;
        if (n <= 0)
            break;
        /* BearSSL 0.6 keeps a CR in the object name ("CERTIFICATE-----"
         * from a CRLF bundle): drop every CR, PEM never needs one. */
        {
            size_t k, m = 0;
            for (k = 0; k < (size_t)n; k++)
                if (buf[k] != '\r')
                    buf[m++] = buf[k];
            n = (long)m;
        }
        rc = loader_push(&l, buf, (size_t)n);
        if (rc)
            break;
    }
    /* A bundle whose last line has no newline never reports its end. */
    if (!rc)
        rc = loader_push(&l, (const unsigned char *)"\n", 1);
    /* A bundle cut inside any object is damaged: refuse all of it. */
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

/* ---- The stream --------------------------------------------------------- */

int fc_tls_port_err(long r)
{
    switch (r) {
    case 0: return FC_ERR_CLOSED;
    case FC_PORT_TIMEOUT: return FC_ERR_TIMEOUT;
    case FC_PORT_DNS: return FC_ERR_DNS;
    case FC_PORT_REFUSED: return FC_ERR_CONNECT;
    default: return FC_ERR_IO;
    }
}

/* Maps BearSSL's last error to the one check that failed. */
static int tls_err(fc_tls *t)
{
    int e = br_ssl_engine_last_error(&t->sc.eng);
    t->br_err = e;
    if (t->io_err)
        return t->io_err;
    if (e == BR_ERR_OK || e == BR_ERR_IO)
        return FC_ERR_IO;
    /* A well-formed record header announcing more than the buffer holds:
     * with a small buffer, the server did not honour max_fragment_length. */
    if (e == BR_ERR_TOO_LARGE && t->small_buf)
        return FC_ERR_TLS_FRAGMENT;
    if (e == BR_ERR_X509_NOT_TRUSTED)
        return FC_ERR_TLS_UNTRUSTED;
    if (e == BR_ERR_X509_BAD_SERVER_NAME)
        return FC_ERR_TLS_NAME;
    if (e == BR_ERR_X509_EXPIRED)
        return FC_ERR_TLS_EXPIRED;
    if (e > BR_ERR_X509_OK && e <= BR_ERR_X509_NOT_TRUSTED)
        return FC_ERR_TLS_CERT;
    if (e >= BR_ERR_RECV_FATAL_ALERT && e < BR_ERR_RECV_FATAL_ALERT + 256)
        return FC_ERR_TLS_ALERT;
    return FC_ERR_TLS;
}

/* Drives the engine until one of the target states is reached (the loop of
 * BearSSL's br_sslio, kept here so that socket failures keep their cause).
 * Returns 0, or -1 when the engine closed or failed, or the socket did: a
 * socket failure is sticky in io_err, since the record stream is broken. */
static int run_until(fc_tls *t, unsigned target)
{
    br_ssl_engine_context *eng = &t->sc.eng;
    for (;;) {
        if (t->io_err)
            return -1;
        unsigned st = br_ssl_engine_current_state(eng);
        size_t len;
        unsigned char *buf;
        long n;

        if (st & BR_SSL_CLOSED)
            return -1;
        if (st & BR_SSL_SENDREC) {
            buf = br_ssl_engine_sendrec_buf(eng, &len);
            n = fc_port_send(t->sock, buf, len, fc_tls_wait_ms(t->timeout_ms, t->deadline));
            if (n <= 0) {
                t->io_err = fc_tls_port_err(n);
                return -1;
            }
            br_ssl_engine_sendrec_ack(eng, (size_t)n);
            continue;
        }
        if (st & target)
            return 0;
        if (st & BR_SSL_RECVAPP)
            return -1; /* unread data where we wanted to send: misuse */
        if (st & BR_SSL_RECVREC) {
            buf = br_ssl_engine_recvrec_buf(eng, &len);
            n = fc_port_recv(t->sock, buf, len, fc_tls_wait_ms(t->timeout_ms, t->deadline));
            if (n <= 0) {
                t->io_err = fc_tls_port_err(n);
                return -1;
            }
            br_ssl_engine_recvrec_ack(eng, (size_t)n);
            continue;
        }
        br_ssl_engine_flush(eng, 0);
    }
}

/* ---- Profiles -----------------------------------------------------------
 * FC_TLS_LEAN (make static TLS_PROFILE=lean) links only what a modern
 * TLS 1.2 server needs: ECDHE key exchange with RSA or ECDSA certificates,
 * AES-GCM and ChaCha20-Poly1305, curves P-256 and X25519, SHA-256/384.
 * It leaves out RSA key exchange, CBC, CCM, 3DES, SHA-1/MD5 signatures and
 * P-384/P-521. The full profile is BearSSL's own br_ssl_client_init_full,
 * for any server BearSSL can talk to.
 *
 * Both put AES-GCM first when the CPU has AES instructions (BearSSL's list
 * puts ChaCha20 first, best without them): servers that follow the client's
 * order (nginx and OpenSSL by default) then pick the faster one. */

#define PREFER_GCM(s)                                                         \
    ((s) == BR_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 ||                     \
     (s) == BR_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 ||                       \
     (s) == BR_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 ||                     \
     (s) == BR_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384)

/* Moves the ECDHE AES-GCM suites to the front, keeping the order of both
 * groups, when AES runs in hardware. */
static void order_suites(br_ssl_engine_context *eng, const uint16_t *in, size_t n)
{
    uint16_t out[BR_MAX_CIPHER_SUITES];
    size_t i, k = 0;
    int gcm_first = br_aes_x86ni_ctr_get_vtable() != NULL ||
                    br_aes_pwr8_ctr_get_vtable() != NULL;
    if (n > BR_MAX_CIPHER_SUITES)
        n = BR_MAX_CIPHER_SUITES;
    for (i = 0; i < n; i++)
        if (!gcm_first || PREFER_GCM(in[i]))
            out[k++] = in[i];
    if (gcm_first)
        for (i = 0; i < n; i++)
            if (!PREFER_GCM(in[i]))
                out[k++] = in[i];
    br_ssl_engine_set_suites(eng, out, k);
}

#ifdef FC_TLS_LEAN
/* P-256 (ECDSA and ECDHE) and X25519 (ECDHE) in one br_ec_impl, so that
 * BearSSL's P-384/P-521 code is never linked. Any other curve fails every
 * operation (BearSSL checks supported_curves first; this is the backstop). */
static const br_ec_impl *lean_curve(int curve)
{
    return curve == BR_EC_secp256r1    ? &br_ec_p256_m31
           : curve == BR_EC_curve25519 ? &br_ec_c25519_m31
                                       : NULL;
}

static const unsigned char *lean_generator(int curve, size_t *len)
{
    const br_ec_impl *c = lean_curve(curve);
    *len = 0;
    return c ? c->generator(curve, len) : NULL;
}

static const unsigned char *lean_order(int curve, size_t *len)
{
    const br_ec_impl *c = lean_curve(curve);
    *len = 0;
    return c ? c->order(curve, len) : NULL;
}

static size_t lean_xoff(int curve, size_t *len)
{
    const br_ec_impl *c = lean_curve(curve);
    *len = 0;
    return c ? c->xoff(curve, len) : 0;
}

static uint32_t lean_mul(unsigned char *g, size_t glen, const unsigned char *x,
                         size_t xlen, int curve)
{
    const br_ec_impl *c = lean_curve(curve);
    return c ? c->mul(g, glen, x, xlen, curve) : 0;
}

static size_t lean_mulgen(unsigned char *r, const unsigned char *x, size_t xlen,
                          int curve)
{
    const br_ec_impl *c = lean_curve(curve);
    return c ? c->mulgen(r, x, xlen, curve) : 0;
}

static uint32_t lean_muladd(unsigned char *a, const unsigned char *b, size_t len,
                            const unsigned char *x, size_t xlen,
                            const unsigned char *y, size_t ylen, int curve)
{
    const br_ec_impl *c = lean_curve(curve);
    return c ? c->muladd(a, b, len, x, xlen, y, ylen, curve) : 0;
}

static const br_ec_impl lean_ec = {
    (uint32_t)1 << BR_EC_secp256r1 | (uint32_t)1 << BR_EC_curve25519,
    lean_generator, lean_order, lean_xoff, lean_mul, lean_mulgen, lean_muladd,
};

static const uint16_t lean_suites[] = {
    BR_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    BR_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    BR_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    BR_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    BR_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    BR_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
};

static void profile_init(fc_tls *t, const fc_anchors *a)
{
    br_ssl_engine_context *eng = &t->sc.eng;
    /* i31, like the ECDSA code: the bignum routines are shared, and
     * BearSSL's default on 64-bit (i62) would link 3 KB more for no gain
     * in a verification with e = 65537. */
    br_rsa_pkcs1_vrfy rsa = br_rsa_i31_pkcs1_vrfy;

    br_ssl_client_zero(&t->sc);
    br_x509_minimal_init(&t->xc, &br_sha256_vtable, a->slots, a->count);
    br_x509_minimal_set_hash(&t->xc, br_sha256_ID, &br_sha256_vtable);
    br_x509_minimal_set_hash(&t->xc, br_sha384_ID, &br_sha384_vtable);
    br_x509_minimal_set_rsa(&t->xc, rsa);
    br_x509_minimal_set_ecdsa(&t->xc, &lean_ec, br_ecdsa_i31_vrfy_asn1);
    br_ssl_engine_set_x509(eng, &t->xc.vtable);
    br_ssl_engine_set_hash(eng, br_sha256_ID, &br_sha256_vtable);
    br_ssl_engine_set_hash(eng, br_sha384_ID, &br_sha384_vtable);
    br_ssl_engine_set_prf_sha256(eng, &br_tls12_sha256_prf);
    br_ssl_engine_set_prf_sha384(eng, &br_tls12_sha384_prf);
    br_ssl_engine_set_ec(eng, &lean_ec);
    br_ssl_engine_set_rsavrfy(eng, rsa);
    br_ssl_engine_set_ecdsa(eng, br_ecdsa_i31_vrfy_asn1);
    br_ssl_engine_set_default_aes_gcm(eng);
    br_ssl_engine_set_default_chapol(eng);
    order_suites(eng, lean_suites, sizeof lean_suites / sizeof lean_suites[0]);
}
#else
static void profile_init(fc_tls *t, const fc_anchors *a)
{
    uint16_t suites[BR_MAX_CIPHER_SUITES];
    size_t n;

    br_ssl_client_init_full(&t->sc, &t->xc, a->slots, a->count);
    /* The engine keeps its list in its own (public) fields: reorder a copy. */
    n = t->sc.eng.suites_num;
    memcpy(suites, t->sc.eng.suites_buf, n * sizeof suites[0]);
    order_suites(&t->sc.eng, suites, n);
}
#endif

uint32_t fc_tls_wait_ms(uint32_t timeout_ms, uint64_t deadline)
{
    uint64_t now;
    if (!deadline)
        return timeout_ms;
    now = fc_port_millis();
    if (now >= deadline)
        return 0;
    return deadline - now < timeout_ms ? (uint32_t)(deadline - now) : timeout_ms;
}

int fc_tls_handshake(fc_tls *t, fc_port_sock sock, const fc_anchors *a,
                     const char *host, int64_t now, unsigned char *buf,
                     size_t buf_len)
{
    unsigned char seed[32];
    int rc;

    t->sock = sock;
    t->io_err = FC_OK;
    t->br_err = 0;
    t->small_buf = buf_len < BR_SSL_BUFSIZE_MONO;
    if (!a || !a->count) {
        rc = FC_ERR_NO_ANCHORS;
        goto fail;
    }
    profile_init(t, a);
    /* TLS 1.2 only: every server framec talks to has it, and older versions
     * only add attack surface. */
    br_ssl_engine_set_versions(&t->sc.eng, BR_TLS12, BR_TLS12);
    if (now < 0)
        now = 0;
    br_x509_minimal_set_time(&t->xc,
                             (uint32_t)(now / 86400) + BR_DAYS_AT_UNIX_EPOCH,
                             (uint32_t)(now % 86400));
    br_ssl_engine_set_buffer(&t->sc.eng, buf, buf_len, 0);
    /* Never rely on BearSSL's own seeding (RDRAND alone when present). */
    if (fc_port_entropy(seed, sizeof seed) != 0) {
        rc = FC_ERR_ENTROPY;
        goto fail;
    }
    br_ssl_engine_inject_entropy(&t->sc.eng, seed, sizeof seed);
    fc_wipe(seed, sizeof seed);
    if (!br_ssl_client_reset(&t->sc, host, 0)) {
        rc = tls_err(t);
        goto fail;
    }
    if (run_until(t, BR_SSL_SENDAPP) == 0)
        return FC_OK;
    rc = tls_err(t);
    /* A close during the handshake is not a truncated response: it is a
     * connection failure of its own (retried like a refused connect). A
     * first record that is no TLS record is a server that speaks
     * something else, most often plain HTTP. */
    if (rc == FC_ERR_CLOSED)
        rc = FC_ERR_TLS_CLOSED;
    else if (rc == FC_ERR_TLS && t->br_err >= BR_ERR_UNSUPPORTED_VERSION &&
             t->br_err <= BR_ERR_TOO_LARGE)
        rc = FC_ERR_NOT_TLS;
fail:
    fc_port_close(t->sock);
    t->sock = FC_PORT_NONE;
    return rc;
}

int fc_tls_write(fc_tls *t, const void *data, size_t len)
{
    const unsigned char *p = data;
    while (len) {
        size_t avail, n;
        unsigned char *buf;
        if (run_until(t, BR_SSL_SENDAPP) < 0)
            return tls_err(t);
        buf = br_ssl_engine_sendapp_buf(&t->sc.eng, &avail);
        n = len < avail ? len : avail;
        memcpy(buf, p, n);
        br_ssl_engine_sendapp_ack(&t->sc.eng, n);
        p += n;
        len -= n;
    }
    return FC_OK;
}

int fc_tls_flush(fc_tls *t)
{
    br_ssl_engine_flush(&t->sc.eng, 0);
    if (run_until(t, BR_SSL_SENDAPP | BR_SSL_RECVAPP) < 0)
        return tls_err(t);
    return FC_OK;
}

long fc_tls_read(fc_tls *t, const unsigned char **data)
{
    size_t len;
    if (run_until(t, BR_SSL_RECVAPP) < 0) {
        /* close_notify, or TCP end without it: both are "end of stream";
         * whether the response was complete is for HTTP framing to say. */
        if (t->io_err == FC_ERR_CLOSED ||
            (!t->io_err && br_ssl_engine_last_error(&t->sc.eng) == BR_ERR_OK))
            return 0;
        return tls_err(t);
    }
    *data = br_ssl_engine_recvapp_buf(&t->sc.eng, &len);
    return (long)len;
}

void fc_tls_ack(fc_tls *t, size_t len)
{
    br_ssl_engine_recvapp_ack(&t->sc.eng, len);
}

int fc_tls_idle_ok(fc_tls *t)
{
    br_ssl_engine_context *eng = &t->sc.eng;
    unsigned st = br_ssl_engine_current_state(eng);
    unsigned char *buf;
    size_t len;

    if (t->sock == FC_PORT_NONE || (st & (BR_SSL_CLOSED | BR_SSL_RECVAPP)) ||
        !(st & BR_SSL_SENDAPP) || !(st & BR_SSL_RECVREC))
        return 0;
    /* Anything arriving on an idle connection (EOF, close_notify, junk)
     * means it cannot carry another request. */
    buf = br_ssl_engine_recvrec_buf(eng, &len);
    return fc_port_recv(t->sock, buf, len, 0) == FC_PORT_TIMEOUT;
}

void fc_tls_close(fc_tls *t)
{
    if (t->sock == FC_PORT_NONE)
        return;
    br_ssl_engine_close(&t->sc.eng);
    /* Send our close_notify if the engine still can, without waiting for
     * the peer's: a short timeout keeps a dead peer from stalling exit. */
    t->timeout_ms = 100;
    while (br_ssl_engine_current_state(&t->sc.eng) & BR_SSL_SENDREC) {
        size_t len;
        unsigned char *buf = br_ssl_engine_sendrec_buf(&t->sc.eng, &len);
        long n = fc_port_send(t->sock, buf, len, t->timeout_ms);
        if (n <= 0)
            break;
        br_ssl_engine_sendrec_ack(&t->sc.eng, (size_t)n);
    }
    fc_port_close(t->sock);
    t->sock = FC_PORT_NONE;
}
