/* sha256.h - SHA-256 (FIPS 180-4), the hash under every Frame signature.
 *
 * Our own implementation so the signing path does not depend on the TLS
 * library and runs on bare-metal targets with only <stdint.h>, <stddef.h>
 * and <string.h>. It must never allocate, never keep global state, never
 * read a byte the caller did not pass, and never assume alignment or host
 * endianness. Timing depends on message length only, never on its content,
 * because HMAC feeds secrets through it.
 *
 * fc_wipe lives here, at the bottom of the dependency chain, because this
 * module already needs it to clear its own state; hmac.h re-exports it. */
#ifndef FC_SHA256_H
#define FC_SHA256_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FC_SHA256_LEN 32
#define FC_SHA256_BLOCK 64

/* A plain struct: copying one mid-stream forks the hash, which is how HMAC
 * reuses its precomputed key pads. */
typedef struct {
    uint32_t h[8];
    uint64_t len; /* bytes absorbed so far */
    uint8_t buf[FC_SHA256_BLOCK];
    size_t fill; /* bytes pending in buf, always < FC_SHA256_BLOCK */
} fc_sha256_ctx;

void fc_sha256_init(fc_sha256_ctx *ctx);

/* data may be NULL when len is 0. */
void fc_sha256_update(fc_sha256_ctx *ctx, const void *data, size_t len);

/* Writes the digest and wipes ctx: call fc_sha256_init before reusing it. */
void fc_sha256_final(fc_sha256_ctx *ctx, uint8_t out[FC_SHA256_LEN]);

void fc_sha256(const void *data, size_t len, uint8_t out[FC_SHA256_LEN]);

/* Zeroes n bytes through a volatile function pointer to memset, so the
 * compiler cannot drop the stores as dead even when the buffer is never read
 * again. */
void fc_wipe(void *p, size_t n);

#ifdef __cplusplus
}
#endif

#endif
