#include "hmac.h"

#include <string.h>

void fc_hmac_key_init(fc_hmac_key *k, const void *key, size_t key_len)
{
    uint8_t pad[FC_SHA256_BLOCK];
    size_t i;

    memset(pad, 0, sizeof pad);
    if (key_len > FC_SHA256_BLOCK)
        fc_sha256(key, key_len, pad);
    else if (key_len > 0)
        memcpy(pad, key, key_len);

    for (i = 0; i < sizeof pad; i++)
        pad[i] ^= 0x36;
    fc_sha256_init(&k->inner);
    fc_sha256_update(&k->inner, pad, sizeof pad);

    /* Flip ipad into opad in place rather than keep a second copy of the
     * key on the stack. */
    for (i = 0; i < sizeof pad; i++)
        pad[i] ^= 0x36 ^ 0x5c;
    fc_sha256_init(&k->outer);
    fc_sha256_update(&k->outer, pad, sizeof pad);

    fc_wipe(pad, sizeof pad);
}

void fc_hmac_start(const fc_hmac_key *k, fc_sha256_ctx *ctx)
{
    *ctx = k->inner;
}

void fc_hmac_finish(const fc_hmac_key *k, fc_sha256_ctx *ctx,
                    uint8_t out[FC_SHA256_LEN])
{
    uint8_t inner[FC_SHA256_LEN];

    fc_sha256_final(ctx, inner);
    /* Reuse the caller's context for the outer hash: one context of stack
     * instead of two; the final call wipes it again. */
    *ctx = k->outer;
    fc_sha256_update(ctx, inner, sizeof inner);
    fc_sha256_final(ctx, out);
    fc_wipe(inner, sizeof inner);
}

void fc_hmac(const fc_hmac_key *k, const void *msg, size_t len,
             uint8_t out[FC_SHA256_LEN])
{
    fc_sha256_ctx ctx;

    fc_hmac_start(k, &ctx);
    fc_sha256_update(&ctx, msg, len);
    fc_hmac_finish(k, &ctx, out);
}
