/* fuzz_x509.c - libFuzzer target for the certificate walk in x509.c.
 *
 * Input: one byte choosing the host (a DNS name, an IPv4 or an IPv6
 * literal), the curves verified and whether a public-key pin is set (bit
 * 3: the leaf's key is then hashed too, and the hash must not depend on
 * how the bytes were cut either), then certificates, each as a two-byte
 * big-endian length and that many bytes (a chain as a TLS server sends
 * it). Seeds are the chains tests/test_x509.c builds (test_x509 --seeds
 * DIR writes them; tests/fuzz.sh does that before each run).
 *
 * Each chain runs through fc_x509 whole, one byte at a time, and in
 * pieces whose sizes come from the input; all three must agree, and the
 * answer must be 0 or a code fc_x509_err knows (never a bare FC_ERR_TLS):
 * a walk that depended on how the bytes were cut, or read past what it
 * was given (ASan), is a bug. The minimal validator alone must refuse
 * whatever the wrapper refuses with one of BearSSL's own codes: the
 * wrapper may add refusals, never take one away. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "x509.h"

static const char *const hosts[] = {"localhost", "127.0.0.1", "::1", "a.example.com"};

/* An EC P-256 anchor named "Test Root", its key a fixed point. */
static const unsigned char root_dn[] = {0x30, 0x14, 0x31, 0x12, 0x30, 0x10, 0x06, 0x03,
                                        0x55, 0x04, 0x03, 0x0c, 0x09, 'T',  'e',  's',
                                        't',  ' ',  'R',  'o',  'o',  't'};

/* What the walk made of the leaf's key: its state and hash. */
static uint8_t spki[3][33];

static unsigned run(const br_x509_trust_anchor *ta, const char *host, uint32_t curves,
                    const fc_pin *pin, uint8_t *spki_out, const uint8_t *d, size_t n, size_t step,
                    const uint8_t *cuts, size_t ncuts, int wrapped)
{
    static fc_x509 x;
    unsigned r;
    const br_x509_class **vt;
    const char *sni;
    size_t k = 0;

    memset(&x, 0xa5, sizeof x);
    br_x509_minimal_init(&x.minimal, &br_sha256_vtable, ta, 1);
    br_x509_minimal_set_hash(&x.minimal, br_sha1_ID, &br_sha1_vtable);
    br_x509_minimal_set_hash(&x.minimal, br_sha256_ID, &br_sha256_vtable);
    br_x509_minimal_set_hash(&x.minimal, br_sha384_ID, &br_sha384_vtable);
    br_x509_minimal_set_rsa(&x.minimal, br_rsa_i31_pkcs1_vrfy);
    br_x509_minimal_set_ecdsa(&x.minimal, br_ec_get_default(), br_ecdsa_i31_vrfy_asn1);
    sni = fc_x509_init(&x, host, 1800000000, curves);
    fc_x509_pins(&x, pin, pin ? 1 : 0);
    vt = wrapped ? &x.vtable : &x.minimal.vtable;
    (*vt)->start_chain(vt, sni);
    while (n >= 2) {
        size_t len = (size_t)d[0] << 8 | d[1], off = 0;
        d += 2;
        n -= 2;
        if (len > n)
            len = n;
        (*vt)->start_cert(vt, (uint32_t)len);
        while (off < len) {
            size_t piece = step ? step : ncuts ? (size_t)cuts[k++ % ncuts] % 97 + 1 : len;
            if (piece > len - off)
                piece = len - off;
            (*vt)->append(vt, d + off, piece);
            off += piece;
        }
        (*vt)->end_cert(vt);
        d += len;
        n -= len;
    }
    r = (*vt)->end_chain(vt);
    if (spki_out) {
        spki_out[0] = x.spki_state;
        memcpy(spki_out + 1, x.spki_hash, 32);
        if (x.spki_state != 2) /* no hash was finished: its bytes are stale */
            memset(spki_out + 1, 0, 32);
    }
    return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static br_x509_trust_anchor ta;
    static const fc_pin pin = {{0x42}};
    const fc_pin *p;
    static unsigned char q[65];
    const char *host;
    uint32_t curves;
    unsigned whole, bytes, cut, bare;

    if (size < 1)
        return 0;
    if (!ta.dn.len) {
        q[0] = 0x04;
        memset(q + 1, 0x42, 64);
        ta.dn.data = (unsigned char *)root_dn;
        ta.dn.len = sizeof root_dn;
        ta.flags = BR_X509_TA_CA;
        ta.pkey.key_type = BR_KEYTYPE_EC;
        ta.pkey.key.ec.curve = BR_EC_secp256r1;
        ta.pkey.key.ec.q = q;
        ta.pkey.key.ec.qlen = sizeof q;
    }
    host = hosts[data[0] & 3];
    curves = data[0] & 4 ? (uint32_t)1 << BR_EC_secp256r1
                         : (uint32_t)1 << BR_EC_secp256r1 | (uint32_t)1 << BR_EC_secp384r1 |
                               (uint32_t)1 << BR_EC_secp521r1;
    p = data[0] & 8 ? &pin : NULL;
    whole = run(&ta, host, curves, p, spki[0], data + 1, size - 1, 0, NULL, 0, 1);
    bytes = run(&ta, host, curves, p, spki[1], data + 1, size - 1, 1, NULL, 0, 1);
    cut = run(&ta, host, curves, p, spki[2], data + 1, size - 1, 0, data, size, 1);
    bare = run(&ta, host, curves, p, NULL, data + 1, size - 1, 0, NULL, 0, 0);
    if (whole != bytes || whole != cut)
        abort(); /* the walk depends on how the bytes were cut */
    if (memcmp(spki[0], spki[1], 33) || memcmp(spki[0], spki[2], 33))
        abort(); /* so does the leaf key's hash */
    if (whole && fc_x509_err((int)whole) == FC_ERR_TLS)
        abort(); /* an answer nobody maps */
    if (!bare && whole && whole < 64 && whole != BR_ERR_X509_BAD_SERVER_NAME)
        abort(); /* a BearSSL code the minimal validator did not give */
    if (bare && !whole)
        abort(); /* the wrapper took a refusal away */
    return 0;
}
