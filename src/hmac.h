/* hmac.h - HMAC-SHA256 (RFC 2104) with the key pads absorbed once.
 *
 * A client signs every request with the same secret, so fc_hmac_key_init
 * hashes key^ipad and key^opad a single time and each signature then costs
 * two compressions fewer. The fc_hmac_key holds secret-equivalent state: it
 * must never be logged or sent anywhere, and the caller wipes it with
 * fc_wipe when done. Nothing here allocates or keeps global state, and
 * every buffer that holds key material, down to SHA-256's message schedule,
 * is wiped before returning (registers and spills are beyond portable C). Verifying a MAC
 * is not this module's job: compare in constant time, never with memcmp. */
#ifndef FC_HMAC_H
#define FC_HMAC_H

#include "sha256.h"

#ifdef __cplusplus
extern "C" {
#endif

/* SHA-256 states after absorbing key^ipad and key^opad; never consumed, so
 * one key serves any number of messages, from any number of callers. */
typedef struct {
    fc_sha256_ctx inner, outer;
} fc_hmac_key;

/* Keys longer than one block are hashed first (RFC 2104); key may be NULL
 * when key_len is 0. */
void fc_hmac_key_init(fc_hmac_key *k, const void *key, size_t key_len);

/* Streaming form: fc_hmac_start, any number of fc_sha256_update on ctx,
 * then fc_hmac_finish, which wipes ctx. */
void fc_hmac_start(const fc_hmac_key *k, fc_sha256_ctx *ctx);
void fc_hmac_finish(const fc_hmac_key *k, fc_sha256_ctx *ctx,
                    uint8_t out[FC_SHA256_LEN]);

void fc_hmac(const fc_hmac_key *k, const void *msg, size_t len,
             uint8_t out[FC_SHA256_LEN]);

#ifdef __cplusplus
}
#endif

#endif
