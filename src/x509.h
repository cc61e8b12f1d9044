/* x509.h - the certificate checks BearSSL's minimal validator does not make.
 *
 * fc_x509 is a br_x509_class that wraps br_x509_minimal_context: every call
 * goes to the minimal validator unchanged (chain building, signatures,
 * dates, basicConstraints, keyUsage, the host name), and the same bytes go
 * through a streaming DER walk of each certificate the minimal validator
 * takes as part of the chain (it stops looking once a trust anchor signed
 * the last one). The walk adds what curl and browsers also refuse:
 *   - extendedKeyUsage, where present, must allow serverAuth or
 *     anyExtendedKeyUsage (every certificate of the chain, as OpenSSL does);
 *   - nameConstraints on an issuing certificate apply to the host name and
 *     to every dNSName and iPAddress of the leaf (RFC 5280 4.2.1.10);
 *     constraints of any other form (directoryName, rfc822Name, URI, ...)
 *     cannot be checked here, so the chain is refused;
 *   - no SHA-1 or MD5 signature; RSA keys of 2048 bits or more (BearSSL's
 *     own minimum, raised);
 *   - a host that is an IP literal matches only an iPAddress of the leaf,
 *     byte for byte, never a dNSName, and is not sent as SNI (RFC 6066 3);
 *   - with pins (fc_x509_pins), the leaf's public key must match one;
 *   - the refusals BearSSL reports with one shared code get their cause
 *     back: "not yet valid" apart from "expired", the key type or curve
 *     this build lacks (named in fc_x509_detail).
 * x509.c is the br_x509_class and the verdict, x509_walk.c the walk, der.c
 * the object identifiers and dates it shares with anchors_der.c.
 * It never buffers a certificate: a few hundred bytes of state, whatever
 * the certificate's size. Like the rest of the library it never allocates
 * and never reads a clock: the validation time comes from the caller.
 *
 * Known limits of this layer, refused rather than guessed: a critical
 * nameConstraints or extendedKeyUsage extension is refused by BearSSL 0.6
 * itself (it knows neither), so only their non-critical forms, which the
 * CA/Browser Forum rules allow, can pass. */
#ifndef FC_X509_H
#define FC_X509_H

#include <bearssl.h>
#include <stddef.h>
#include <stdint.h>

#include "framec_config.h"
#include "sha256.h"

#ifdef __cplusplus
extern "C" {
#endif


/* BearSSL-style codes for the checks of this layer, returned by end_chain
 * (and so seen as br_ssl_engine_last_error()). BearSSL's own codes stop at
 * 63 for X.509 and start again at 256 for alerts. */
enum {
    FC_X509_ERR_EKU = 128,     /* extendedKeyUsage without serverAuth */
    FC_X509_ERR_CONSTRAINED,   /* a name outside nameConstraints */
    FC_X509_ERR_CONSTRAINTS,   /* nameConstraints this layer cannot check */
    FC_X509_ERR_HASH,          /* signed with SHA-1 or MD5 */
    FC_X509_ERR_KEY_TYPE,      /* key type or curve this build lacks */
    FC_X509_ERR_NOT_YET_VALID, /* notBefore is after the validation time */
    FC_X509_ERR_DER,           /* the walk could not read a certificate */
    FC_X509_ERR_PINNED         /* the leaf's key matches no pin */
};

/* One public-key pin: the SHA-256 of a SubjectPublicKeyInfo's DER
 * (fc_pins_parse in anchors.h reads curl's text form). A struct, so that
 * an array of them passes as const without a cast. */
struct fc_anchors; /* anchors.h */

typedef struct {
    uint8_t sha256[32];
} fc_pin;

/* Certificate walk state (private). */
typedef struct {
    uint32_t end; /* offset just past the element */
    uint8_t kind; /* what the element is (x509.c) */
    uint8_t idx;  /* children seen so far */
} fc_x509_frame;

typedef struct {
    const br_x509_class *vtable; /* first: BearSSL calls through it */
    br_x509_minimal_context minimal;
    /* Set by fc_x509_init. */
    uint32_t curves; /* curves the build verifies signatures on */
    int64_t now;     /* validation time, Unix seconds */
    /* One chain. */
    int err;            /* first check of ours that failed */
    const char *detail; /* the key type or curve refused, or NULL */
    unsigned depth;     /* certificates started; 1 = the leaf */
    int active;         /* this certificate is walked */
    int not_yet, ip_match, eku_ok, key_ec, ext_id;
    unsigned char ip[16], ip_len; /* the host as an IP literal */
    /* The leaf's names (type byte 2 or 7, length byte, bytes); the host is
     * the first. hit marks names matched by the permitted subtrees of the
     * nameConstraints list being read; seen which name types it holds. */
    unsigned char names[FC_X509_NAMES_MAX];
    size_t names_len, names_count;
    int names_over;
    uint32_t hit;
    int seen_dns, seen_ip;
    /* The DER walk. */
    fc_x509_frame st[12]; /* nameConstraints subtrees sit 10 deep */
    unsigned sp;
    uint32_t pos, left;
    uint8_t hstate, tag, lenbytes, cap_kind;
    uint8_t cap[256];
    size_t cap_len;
    /* Public-key pins (fc_x509_pins): the leaf's SubjectPublicKeyInfo is
     * hashed as it streams by, its header as it came (hdr). */
    const fc_pin *pins;
    size_t npins;
    fc_sha256_ctx spki_sha;
    uint8_t spki_hash[32];
    uint32_t spki_end;
    uint8_t spki_state, hdr[5], hdr_len;
    /* Anchors whose loader waits (fc_anchors_defer): run at start_chain,
     * and what it failed with. */
    struct fc_anchors *lazy;
    int load_err;
} fc_x509;

/* Sets x up for one handshake, once x->minimal is initialised with its
 * trust anchors, hashes and signature code (br_x509_minimal_init or
 * the full profile in tls.c): the validation time (Unix seconds), the curves
 * whose ECDSA signatures the build verifies (bit BR_EC_xxx), and the host:
 * a DNS name is handed to BearSSL for name matching; an IP literal (IPv4
 * dotted quad or IPv6) is matched here. Give the engine &x->vtable
 * (br_ssl_engine_set_x509). Returns the name to give br_ssl_client_reset()
 * for SNI and name matching: host, or NULL for an IP literal. */
const char *fc_x509_init(fc_x509 *x, const char *host, int64_t now, uint32_t curves);

/* Anchors loaded when the chain arrives (fc_anchors_defer): start_chain
 * runs the loader and hands the minimal validator what it loaded. */
void fc_x509_lazy(fc_x509 *x, struct fc_anchors *a);

/* Public-key pinning, as curl's --pinnedpubkey: after every other check
 * passed, the SHA-256 of the leaf's SubjectPublicKeyInfo (its DER, tag
 * and length included) must be one of pins[0..n-1], else end_chain fails
 * with FC_X509_ERR_PINNED (FC_ERR_TLS_PINNED). n = 0: no pinning. Call
 * after fc_x509_init (which clears the pins); pins must outlive the
 * handshake. The pins never stand in for chain validation. */
void fc_x509_pins(fc_x509 *x, const fc_pin *pins, size_t n);

/* The key type or curve behind FC_ERR_TLS_KEY_TYPE ("P-521",
 * "secp256k1", "Ed25519"), or NULL when unknown. */
const char *fc_x509_detail(const fc_x509 *x);

/* The fc_err for a BearSSL X.509 code or one of FC_X509_ERR_*; FC_ERR_TLS
 * for any other code. */
int fc_x509_err(int br_code);

/* A UTCTime (tag 0x17) or GeneralizedTime (0x18) value of the form
 * YYMMDDHHMMSSZ / YYYYMMDDHHMMSSZ, fractions of a second allowed, as Unix
 * seconds (years 0000 to 9999, as BearSSL reads them). 0 on success, -1
 * when malformed (a day past its month's end included). The one date
 * reader of the library: the chain walk and the trust anchor reader both
 * use it. */
int fc_x509_time(unsigned tag, const unsigned char *v, size_t len, int64_t *out);

#ifdef __cplusplus
}
#endif

#endif
