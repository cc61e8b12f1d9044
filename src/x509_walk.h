/* x509_walk.h - the streaming DER walk of x509.h (internal, not installed).
 *
 * x509.c's br_x509_class hands every certificate of the chain to these
 * calls as BearSSL hands it over; the walk reads it one byte at a time,
 * records what it finds in the fc_x509 (x->err, x->detail, the leaf's
 * names, not_yet, ip_match) and never buffers a certificate. It decides
 * nothing about the chain as a whole: x509.c does, in end_chain. */
#ifndef FC_X509_WALK_H
#define FC_X509_WALK_H

#include "x509.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A new chain: forgets the last one's names, and keeps the host (its IP
 * literal, or the DNS name server_name) as the first name that issuers'
 * nameConstraints must allow. */
void fc_x509_walk_chain(fc_x509 *x, const char *server_name);
/* A new certificate of length bytes; active: walk it (0 for those the
 * minimal validator ignores). */
void fc_x509_walk_cert(fc_x509 *x, uint32_t length, int active);
/* The next bytes of the certificate. */
void fc_x509_walk_bytes(fc_x509 *x, const unsigned char *d, size_t len);
/* The certificate's end: one cut short fails with FC_X509_ERR_DER. */
void fc_x509_walk_end(fc_x509 *x);
/* True when the leaf's SubjectPublicKeyInfo was read whole and its
 * SHA-256 is one of x->pins. */
int fc_x509_walk_pinned(const fc_x509 *x);

#ifdef __cplusplus
}
#endif

#endif
