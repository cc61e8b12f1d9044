/* anchors.h - trust anchors: the CA certificates a connection may end at.
 *
 * PEM bundles (and the DER inside them) are decoded into fixed storage the
 * caller sizes: a bundle that does not fit is FC_ERR_ANCHORS_FULL, never a
 * silently shorter list. Only tls.c hands the anchors to BearSSL. This
 * module must never log, allocate, or read the OS clock: the validation
 * time, when the caller wants expired anchors dropped, is given to it. */
#ifndef FC_ANCHORS_H
#define FC_ANCHORS_H

#include <bearssl.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "framec_config.h"
#include "x509.h" /* fc_pin */

#ifdef __cplusplus
extern "C" {
#endif


/* Trust anchors decoded into caller storage. slots holds the anchor records
 * (64 bytes each on 64-bit hosts); store holds their names and keys. The
 * Debian bundle (about 145 CAs) needs about 160 slots and 64 KiB of store. */
typedef struct fc_anchors {
    br_x509_trust_anchor *slots;
    size_t cap, count;
    unsigned char *store;
    size_t store_cap, store_len;
    int check;       /* fc_anchors_drop_unusable was called */
    int64_t now;     /* its time */
    size_t dropped_expired, dropped_weak; /* certificates not added */
    /* fc_anchors_defer: the loader, until it has run. */
    int (*load)(void *ctx, struct fc_anchors *a);
    void *load_ctx;
    int load_rc;     /* what it returned */
} fc_anchors;

void fc_anchors_init(fc_anchors *a, br_x509_trust_anchor *slots, size_t nslots,
                     void *store, size_t store_len);

/* Trust anchors compiled in (src/tools/anchors2c.c, installed as
 * framec-anchors, writes them as const C data: NAME[] and NAME_count), or
 * any other ready list: a uses ta[0..n-1] where they are, without copying.
 * Nothing can be added to a afterwards (FC_ERR_ANCHORS_FULL), so the list
 * is never written; dates and key sizes are not rechecked. */
void fc_anchors_use(fc_anchors *a, const br_x509_trust_anchor *ta, size_t n);

/* From now on, certificates that could only make a chain fail are not
 * added, and counted instead: those whose notAfter is before now (Unix
 * seconds; give the validation time, with the caller's clock floor
 * applied), and RSA keys below 2048 bits, which x509.c refuses in every
 * certificate of a chain. Without this call every usable certificate is
 * added, whatever its dates. */
void fc_anchors_drop_unusable(fc_anchors *a, int64_t now);

/* True when certificates were read: anchors, or roots dropped as unusable
 * (a handshake over those honestly fails as untrusted), or a loader waits
 * (fc_anchors_defer). False for storage no bundle was ever added to:
 * FC_ERR_NO_ANCHORS, before anything is sent. */
int fc_anchors_loaded(const fc_anchors *a);

/* Loading on first need: set a up (fc_anchors_init, drop_unusable), then
 * defer; load(ctx, a) adds the certificates (fc_anchors_add_pem...) when a
 * handshake first needs them: when the server's certificate chain
 * arrives, so a resumed handshake (session.h) never reads a bundle. It
 * runs at most once; what it returns (FC_OK or an fc_err) is kept, and a
 * handshake it failed fails with that code. a must then stay writable
 * (the const pointers of fc_config are written through for this alone). */
void fc_anchors_defer(fc_anchors *a, int (*load)(void *ctx, fc_anchors *a), void *ctx);
/* Runs a deferred loader now, if it has not run: its result, else FC_OK. */
int fc_anchors_need(fc_anchors *a);

/* Reads a PEM bundle through read() until it returns 0 (end) and adds every
 * CERTIFICATE in it; other PEM objects are skipped, and so are certificates
 * whose key BearSSL cannot use (Ed25519, RSA-PSS, curves other than
 * P-256/384/521). read() returns bytes read (> 0), 0 at the end, or < 0 on
 * error (reported as FC_ERR_PEM). Returns FC_OK, FC_ERR_PEM,
 * FC_ERR_ANCHORS_FULL or FC_ERR_NO_ANCHORS (no usable certificate, none
 * dropped by fc_anchors_drop_unusable either); on
 * error the anchors added so far are dropped, so a caller never runs with
 * half a bundle. */
typedef long (*fc_read_fn)(void *ctx, unsigned char *buf, size_t len);
int fc_anchors_add_pem(fc_anchors *a, fc_read_fn read, void *read_ctx);
/* The same, from memory. */
int fc_anchors_add_pem_mem(fc_anchors *a, const void *pem, size_t len);
/* Adds one DER certificate: FC_OK (also when it is skipped or dropped, as
 * above), FC_ERR_PEM when it is malformed, or FC_ERR_ANCHORS_FULL. */
int fc_anchors_add_der(fc_anchors *a, const unsigned char *der, size_t len);

/* Public-key pins as curl's --pinnedpubkey writes them: "sha256//" and
 * the base64 (RFC 4648, padded, no blanks) of a SHA-256, several joined
 * by ';'. Each is the hash of a SubjectPublicKeyInfo's DER, as
 *   openssl x509 -pubkey -noout -in cert.pem |
 *   openssl pkey -pubin -outform DER | openssl dgst -sha256 -binary | base64
 * prints it. Fills pins[0..*n-1] and returns FC_OK, FC_ERR_PIN (an empty
 * list or pin, another prefix, a byte that is not base64, a length that is
 * not 32 bytes) or FC_ERR_PINS_FULL (more than cap); *n is 0 on error.
 * Give the result to fc_config.pins / npins (framec.h). */
int fc_pins_parse(const char *s, fc_pin *pins, size_t cap, size_t *n);

#ifdef __cplusplus
}
#endif

#endif
