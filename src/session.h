/* session.h - TLS sessions kept for the next connection, in this process or
 * the next one (TLS 1.2 session IDs, RFC 5246 7.3: BearSSL's client
 * resumes them).
 *
 * A resumed handshake skips the certificate chain and the ECDHE and ECDSA
 * arithmetic: about a twentieth of a full handshake's instructions. What
 * it trusts instead is the master secret of an earlier full handshake, so
 * a session is only offered where that handshake's checks would still
 * say the same:
 *   - bound to what the full handshake verified: host, port, SNI, the TLS
 *     profile, the trust anchors' identity and the pins (fc_session_bind);
 *     any change and the session is not offered;
 *   - at most FC_SESSION_LIFETIME_S old, counted from the full handshake
 *     (resuming never extends it), and never when the clock reads earlier
 *     than its creation or is unknown;
 *   - only from an ECDHE suite, TLS 1.2.
 * The master secret is a key: anyone who holds it can read the traffic of
 * every connection made with that session and impersonate this client to
 * the server within its lifetime (not the server to this client: the
 * server must know the session too). Wipe it (fc_session_clear) when done,
 * and store it where only this client can read it.
 *
 * fc_session_save and fc_session_load give a fixed-size byte form for a
 * file or flash: a magic, the fields, and a SHA-256 check of them (against
 * a torn or corrupted write; it is no authentication). */
#ifndef FC_SESSION_H
#define FC_SESSION_H

#include <bearssl.h>
#include <stddef.h>
#include <stdint.h>

#include "anchors.h"
#include "framec_config.h"

#ifdef __cplusplus
extern "C" {
#endif

/* How long a session may be resumed after its full handshake (seconds). */
#ifndef FC_SESSION_LIFETIME_S
#define FC_SESSION_LIFETIME_S 3600
#endif

typedef struct {
    br_ssl_session_parameters p; /* id, version, suite, master secret */
    uint8_t bind[32];            /* what it is for: fc_session_bind */
    int64_t created;             /* Unix seconds of the full handshake */
} fc_session;                    /* p.session_id_len == 0: none */

/* The byte form: "FCS1", created (8, big-endian), bind (32), version (2),
 * suite (2), id length (1), id (32), master secret (48), check (8). */
#define FC_SESSION_BYTES 137

/* What a session is bound to, as one SHA-256: host, port, SNI (NULL for an
 * IP literal, which gets none), profile name, the trust identity (any
 * bytes: fc_anchors_identity, or the caller's own name for its anchors)
 * and the pins. */
void fc_session_bind(uint8_t out[32], const char *host, uint16_t port, const char *sni,
                     const char *profile, const uint8_t *trust, size_t trust_len,
                     const fc_pin *pins, size_t npins);
/* SHA-256 over every anchor's name, flags and public key. */
void fc_anchors_identity(const fc_anchors *a, uint8_t out[32]);

/* Why a session is not offered: FC_SESSION_OK when it may be. */
enum {
    FC_SESSION_OK = 0,
    FC_SESSION_NONE,     /* empty */
    FC_SESSION_OTHER,    /* made for another host, port, CA, pins or profile */
    FC_SESSION_EXPIRED,  /* older than FC_SESSION_LIFETIME_S */
    FC_SESSION_CLOCK,    /* the clock reads before its creation, or is unknown */
    FC_SESSION_SUITE     /* not TLS 1.2 with an ECDHE suite */
};
int fc_session_check(const fc_session *s, const uint8_t bind[32], int64_t now);
/* One word for each of the above ("usable", "none", "other", "expired",
 * "clock", "suite"), for -v. */
const char *fc_session_why(int why);

/* Whether a TLS 1.2 suite is ECDHE (forward secret), and its IANA name
 * without the TLS_ prefix ("ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"; "?" for
 * one this build does not offer). */
int fc_session_suite_ecdhe(uint16_t suite);
const char *fc_tls_suite_name(uint16_t suite);

/* Empties s and wipes its master secret. */
void fc_session_clear(fc_session *s);
/* The byte form of s (FC_SESSION_BYTES into out). */
void fc_session_save(const fc_session *s, uint8_t out[FC_SESSION_BYTES]);
/* Reads the byte form: FC_OK, or FC_ERR_SESSION_FORMAT (wrong length,
 * magic or check, or an id longer than 32) with s left empty. */
int fc_session_load(fc_session *s, const uint8_t *in, size_t len);

#ifdef __cplusplus
}
#endif

#endif
