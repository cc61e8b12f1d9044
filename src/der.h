/* der.h - what the two certificate readers share (internal, not installed).
 *
 * x509_walk.c reads the server's chain as BearSSL streams it in;
 * anchors_der.c reads a trust anchor's certificate whole. Both name the
 * same object identifiers, curves and key types, and both read the
 * validity dates with fc_x509_time (x509.h), which lives in der.c: one
 * copy of each. Const tables and pure functions only: no state, no
 * allocation, no BearSSL call. */
#ifndef FC_DER_H
#define FC_DER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Object identifiers, DER contents (no tag or length). */
extern const unsigned char fc_oid_rsa[9];         /* rsaEncryption */
extern const unsigned char fc_oid_ec[7];          /* id-ecPublicKey */
extern const unsigned char fc_oid_eku[3];         /* extendedKeyUsage */
extern const unsigned char fc_oid_san[3];         /* subjectAltName */
extern const unsigned char fc_oid_nc[3];          /* nameConstraints */
extern const unsigned char fc_oid_basic[3];       /* basicConstraints */
extern const unsigned char fc_oid_server_auth[8]; /* id-kp-serverAuth */
extern const unsigned char fc_oid_any_eku[4];     /* anyExtendedKeyUsage */

/* True when the OID v (len bytes) is oid. */
int fc_der_oid_eq(const unsigned char *v, size_t len, const unsigned char *oid, size_t olen);
#define FC_OID_EQ(v, len, oid) fc_der_oid_eq(v, len, oid, sizeof oid)

/* An object identifier with a name for messages. */
typedef struct {
    const unsigned char *oid;
    unsigned char len;
    signed char curve; /* BR_EC_xxx, or -1 for a curve BearSSL has no name for */
    const char *name;
} fc_der_named;

/* The entry for v in each table, or NULL: named curves (those with
 * curve >= 0 are P-256, P-384 and P-521, the ones BearSSL implements);
 * key algorithms BearSSL cannot use; signature algorithms on SHA-1 or
 * MD5. */
const fc_der_named *fc_der_curve(const unsigned char *v, size_t len);
const fc_der_named *fc_der_key_type(const unsigned char *v, size_t len);
const fc_der_named *fc_der_weak_sig(const unsigned char *v, size_t len);

#ifdef __cplusplus
}
#endif

#endif
