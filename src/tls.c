/* tls.c - a BearSSL client stream over port/, in two profiles. */
#include "tls.h"

#include <string.h>

#include "hmac.h" /* fc_wipe */
#include "port.h"
#include "tls_suites.h"

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
    if (t->x509.load_err)
        return t->x509.load_err; /* the deferred anchors could not load */
    if (e == BR_ERR_OK || e == BR_ERR_IO)
        return FC_ERR_IO;
    /* A well-formed record header announcing more than the buffer holds:
     * with a small buffer, the server did not honour max_fragment_length. */
    if (e == BR_ERR_TOO_LARGE && t->small_buf)
        return FC_ERR_TLS_FRAGMENT;
    /* protocol_version: what a server that speaks only TLS 1.3 answers a
     * TLS 1.2 ClientHello (RFC 8446 D.2); handshake_failure and
     * insufficient_security: nothing offered was acceptable. */
    if (e == BR_ERR_RECV_FATAL_ALERT + 70)
        return FC_ERR_TLS_VERSION;
    if (e == BR_ERR_RECV_FATAL_ALERT + 40 || e == BR_ERR_RECV_FATAL_ALERT + 71 ||
        e == BR_ERR_BAD_CIPHER_SUITE || e == BR_ERR_INVALID_ALGORITHM)
        return FC_ERR_TLS_NO_SHARED;
    if (e == BR_ERR_WRONG_KEY_USAGE)
        return FC_ERR_TLS_KEY_USAGE;
    if (e >= BR_ERR_RECV_FATAL_ALERT && e < BR_ERR_RECV_FATAL_ALERT + 256)
        return FC_ERR_TLS_ALERT;
    return fc_x509_err(e);
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
 * P-384/P-521. The full profile is what BearSSL's br_ssl_client_init_full
 * assembles, for any TLS 1.2 server BearSSL can talk to, written out here
 * without its TLS 1.0/1.1 pieces (see below).
 *
 * Both put AES-GCM first when the CPU has AES instructions (BearSSL's list
 * puts ChaCha20 first, best without them): servers that follow the client's
 * order (nginx and OpenSSL by default) then pick the faster one. */

#define PREFER_GCM(s)                                                         \
    ((s) == BR_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 ||                     \
     (s) == BR_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 ||                       \
     (s) == BR_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 ||                     \
     (s) == BR_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384)

/* The profile's suites (tls_suites.h), in BearSSL's order. */
#define SUITE_ID(x) BR_TLS_##x,
static const uint16_t profile_suites[] = {FC_PROFILE_SUITES(SUITE_ID)};

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
/* P-256 and P-384 (ECDSA and ECDHE) and X25519 (ECDHE) in one br_ec_impl,
 * so that P-521 is never linked and P-256 keeps its fast m31 code. Any
 * other curve fails every operation (BearSSL checks supported_curves
 * first; this is the backstop). */
static const br_ec_impl *lean_curve(int curve)
{
    return curve == BR_EC_secp256r1    ? &br_ec_p256_m31
           : curve == BR_EC_curve25519 ? &br_ec_c25519_m31
           : curve == BR_EC_secp384r1  ? &br_ec_prime_i31
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

/* P-384 is offered for key exchange too, though its code is here for
 * signatures (Let's Encrypt's ECDSA chains pass through P-384
 * intermediates): OpenSSL and GnuTLS servers present a P-384 certificate
 * only to a client that lists P-384 among its curves (RFC 8422 5.1.1), and
 * the code is linked either way. BearSSL lists P-256 first, and servers
 * that follow the client's order keep to it. */
static const br_ec_impl lean_ec = {
    (uint32_t)1 << BR_EC_secp256r1 | (uint32_t)1 << BR_EC_secp384r1 |
        (uint32_t)1 << BR_EC_curve25519,
    lean_generator, lean_order, lean_xoff, lean_mul, lean_mulgen, lean_muladd,
};


/* The curves whose signatures this profile verifies, for fc_x509. */
#define PROFILE_CURVES ((uint32_t)1 << BR_EC_secp256r1 | (uint32_t)1 << BR_EC_secp384r1)

static void profile_init(fc_tls *t, const fc_anchors *a)
{
    br_ssl_engine_context *eng = &t->sc.eng;
    br_x509_minimal_context *xc = &t->x509.minimal;
    /* i31, like the ECDSA code: the bignum routines are shared, and
     * BearSSL's default on 64-bit (i62) would link 3 KB more for no gain
     * in a verification with e = 65537. */
    br_rsa_pkcs1_vrfy rsa = br_rsa_i31_pkcs1_vrfy;

    br_ssl_client_zero(&t->sc);
    br_x509_minimal_init(xc, &br_sha256_vtable, a->slots, a->count);
    br_x509_minimal_set_hash(xc, br_sha256_ID, &br_sha256_vtable);
    br_x509_minimal_set_hash(xc, br_sha384_ID, &br_sha384_vtable);
    br_x509_minimal_set_rsa(xc, rsa);
    br_x509_minimal_set_ecdsa(xc, &lean_ec, br_ecdsa_i31_vrfy_asn1);
    br_ssl_engine_set_hash(eng, br_sha256_ID, &br_sha256_vtable);
    br_ssl_engine_set_hash(eng, br_sha384_ID, &br_sha384_vtable);
    br_ssl_engine_set_prf_sha256(eng, &br_tls12_sha256_prf);
    br_ssl_engine_set_prf_sha384(eng, &br_tls12_sha384_prf);
    br_ssl_engine_set_ec(eng, &lean_ec);
    br_ssl_engine_set_rsavrfy(eng, rsa);
    br_ssl_engine_set_ecdsa(eng, br_ecdsa_i31_vrfy_asn1);
    br_ssl_engine_set_default_aes_gcm(eng);
    br_ssl_engine_set_default_chapol(eng);
    order_suites(eng, profile_suites, sizeof profile_suites / sizeof profile_suites[0]);
}
#else
#define PROFILE_CURVES                                                      \
    ((uint32_t)1 << BR_EC_secp256r1 | (uint32_t)1 << BR_EC_secp384r1 |      \
     (uint32_t)1 << BR_EC_secp521r1)


/* SHA-1 to SHA-512, indexed by BearSSL's hash ID minus 2. MD5 is left out
 * with br_tls10_prf: TLS 1.2 uses it for nothing (the Finished messages
 * and the PRF are SHA-256/384, and BearSSL offers no MD5 signature
 * algorithm), only TLS 1.0/1.1 do, which framec never negotiates. (An
 * MD5-signed certificate was refused before any hash ran: der.c.) */
static const br_hash_class *const full_hashes[] = {
    &br_sha1_vtable,   &br_sha224_vtable, &br_sha256_vtable,
    &br_sha384_vtable, &br_sha512_vtable,
};

static void profile_init(fc_tls *t, const fc_anchors *a)
{
    br_ssl_engine_context *eng = &t->sc.eng;
    br_x509_minimal_context *xc = &t->x509.minimal;
    int id;

    /* BearSSL's defaults, as br_ssl_client_init_full picks them: the
     * fastest code for this CPU (AES-NI, PCLMUL, the 64-bit bignums). */
    br_ssl_client_zero(&t->sc);
    br_x509_minimal_init(xc, &br_sha256_vtable, a->slots, a->count);
    br_ssl_client_set_default_rsapub(&t->sc);
    br_ssl_engine_set_default_rsavrfy(eng);
    br_ssl_engine_set_default_ecdsa(eng);
    br_x509_minimal_set_rsa(xc, br_ssl_engine_get_rsavrfy(eng));
    br_x509_minimal_set_ecdsa(xc, br_ssl_engine_get_ec(eng), br_ssl_engine_get_ecdsa(eng));
    for (id = br_sha1_ID; id <= br_sha512_ID; id++) {
        br_ssl_engine_set_hash(eng, id, full_hashes[id - br_sha1_ID]);
        br_x509_minimal_set_hash(xc, id, full_hashes[id - br_sha1_ID]);
    }
    br_ssl_engine_set_prf_sha256(eng, &br_tls12_sha256_prf);
    br_ssl_engine_set_prf_sha384(eng, &br_tls12_sha384_prf);
    br_ssl_engine_set_default_aes_cbc(eng);
    br_ssl_engine_set_default_aes_ccm(eng);
    br_ssl_engine_set_default_aes_gcm(eng);
    br_ssl_engine_set_default_des_cbc(eng);
    br_ssl_engine_set_default_chapol(eng);
    order_suites(eng, profile_suites, sizeof profile_suites / sizeof profile_suites[0]);
}
#endif

const char *fc_tls_profile(void)
{
#ifdef FC_TLS_LEAN
    return "lean";
#else
    return "full";
#endif
}

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
                     size_t buf_len, const br_ssl_session_parameters *resume)
{
    unsigned char seed[32];
    const char *sni;
    int rc;

    t->sock = sock;
    t->io_err = FC_OK;
    t->br_err = 0;
    t->clean_close = 0;
    t->resumed = 0;
    t->small_buf = buf_len < BR_SSL_BUFSIZE_MONO;
    if (!fc_anchors_loaded(a)) {
        rc = FC_ERR_NO_ANCHORS;
        goto fail;
    }
    profile_init(t, a);
    /* TLS 1.2 only: every server framec talks to has it, and older versions
     * only add attack surface. */
    br_ssl_engine_set_versions(&t->sc.eng, BR_TLS12, BR_TLS12);
    sni = fc_x509_init(&t->x509, host, now, PROFILE_CURVES);
    fc_x509_pins(&t->x509, t->pins, t->npins);
    if (a->load) /* loaded when the chain arrives: see fc_anchors_defer */
        fc_x509_lazy(&t->x509, (fc_anchors *)(uintptr_t)a);
    br_ssl_engine_set_x509(&t->sc.eng, &t->x509.vtable);
    br_ssl_engine_set_buffer(&t->sc.eng, buf, buf_len, 0);
    /* Never rely on BearSSL's own seeding (RDRAND alone when present). */
    if (fc_port_entropy(seed, sizeof seed) != 0) {
        rc = FC_ERR_ENTROPY;
        goto fail;
    }
    br_ssl_engine_inject_entropy(&t->sc.eng, seed, sizeof seed);
    fc_wipe(seed, sizeof seed);
    if (resume)
        br_ssl_engine_set_session_parameters(&t->sc.eng, resume);
    if (!br_ssl_client_reset(&t->sc, sni, resume != NULL)) {
        rc = tls_err(t);
        goto fail;
    }
    if (run_until(t, BR_SSL_SENDAPP) == 0) {
        /* The server resumed when it echoed the offered session ID (RFC
         * 5246 7.4.1.3); a new ID means it ran the full handshake. */
        const br_ssl_session_parameters *p = &t->sc.eng.session;
        t->resumed = resume && resume->session_id_len > 0 &&
                     p->session_id_len == resume->session_id_len &&
                     memcmp(p->session_id, resume->session_id, p->session_id_len) == 0;
        return FC_OK;
    }
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
        if (!t->io_err && br_ssl_engine_last_error(&t->sc.eng) == BR_ERR_OK) {
            t->clean_close = 1;
            return 0;
        }
        if (t->io_err == FC_ERR_CLOSED)
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
