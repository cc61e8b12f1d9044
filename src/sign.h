/* sign.h - the Frame request signature.
 *
 * X-Frame-Signature is the lowercase hex of HMAC-SHA256 keyed with the
 * client secret's own bytes over the decimal timestamp immediately followed
 * by the client_id: no separator, no method, path or body. The secret is
 * never hex-decoded even though it looks like hex. A signature can be
 * replayed for as long as the server accepts its timestamp, so this module
 * must never log what it produces, and callers sign afresh per request and
 * send the result over TLS only. No snprintf, no allocation, no clock: the
 * caller supplies the time. */
#ifndef FC_SIGN_H
#define FC_SIGN_H

#include <stddef.h>
#include <stdint.h>

#include "hmac.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FC_SIG_HEX_LEN 64
#define FC_TS_MAX 21 /* decimal UINT64_MAX is 20 digits, plus NUL */

/* Writes ts in decimal without leading zeros, NUL-terminated; returns the
 * number of digits. This is the exact text of X-Frame-Timestamp, so the
 * header and the signed message cannot disagree. */
size_t fc_sign_timestamp(uint64_t ts, char out[FC_TS_MAX]);

/* key comes from fc_hmac_key_init over the client secret. client_id need
 * not be NUL-terminated. */
void fc_sign(const fc_hmac_key *key, uint64_t ts, const char *client_id,
             size_t client_id_len, char sig_hex[FC_SIG_HEX_LEN + 1]);

#ifdef __cplusplus
}
#endif

#endif
