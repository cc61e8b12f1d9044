#include "sha256.h"

#include "framec_config.h" /* FC_SHA256_SMALL */

#include <string.h>

static const uint32_t fc_sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
#define CH(x, y, z) ((z) ^ ((x) & ((y) ^ (z))))
#define MAJ(x, y, z) (((x) & (y)) | ((z) & ((x) | (y))))
#define BSIG0(x) (ROTR(x, 2) ^ ROTR(x, 13) ^ ROTR(x, 22))
#define BSIG1(x) (ROTR(x, 6) ^ ROTR(x, 11) ^ ROTR(x, 25))
#define SSIG0(x) (ROTR(x, 7) ^ ROTR(x, 18) ^ ((x) >> 3))
#define SSIG1(x) (ROTR(x, 17) ^ ROTR(x, 19) ^ ((x) >> 10))

/* FC_SHA256_SMALL (framec_config.h) picks the rolled loop. */

/* Schedule word t needs t-2, t-7, t-15 and t-16, all still in the rolling
 * window of 16 words: each round from 16 on advances its word in place. */
#define SCHEDULE(t)                                                           \
    (w[(t) & 15] += SSIG1(w[((t) + 14) & 15]) + w[((t) + 9) & 15] +          \
                    SSIG0(w[((t) + 1) & 15]))

/* Renaming the variables instead of shifting them saves eight moves per
 * round; after eight rounds every name is back in its original role. With
 * the schedule advanced inside the round rather than in a pass before each
 * 16 rounds, its arithmetic overlaps the round's: about 25% faster on
 * x86-64. Uses w and j from fc_sha256_blocks, the only place it is
 * expanded. */
#define ROUND(a, b, c, d, e, f, g, h, i)                                      \
    do {                                                                      \
        uint32_t t_;                                                          \
        if (j > 0)                                                            \
            SCHEDULE(i);                                                      \
        t_ = (h) + BSIG1(e) + CH(e, f, g) + fc_sha256_k[j + (i)] + w[i];      \
        (d) += t_;                                                            \
        (h) = t_ + BSIG0(a) + MAJ(a, b, c);                                   \
    } while (0)

static uint32_t fc_load32_be(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
           ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static void fc_store32_be(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* The schedule is kept as a rolling window of 16 words rather than all 64:
 * 192 bytes less stack, which matters on a microcontroller, and the same
 * number of operations. */
static void fc_sha256_blocks(uint32_t st[8], const uint8_t *p, size_t n)
{
    uint32_t w[16];
    uint32_t a, b, c, d, e, f, g, h;
    unsigned i, j;

    for (; n > 0; n--, p += FC_SHA256_BLOCK) {
        for (i = 0; i < 16; i++)
            w[i] = fc_load32_be(p + 4 * i);
        a = st[0];
        b = st[1];
        c = st[2];
        d = st[3];
        e = st[4];
        f = st[5];
        g = st[6];
        h = st[7];
#if FC_SHA256_SMALL
        for (j = 0; j < 64; j++) {
            uint32_t t1, t2;
            if (j >= 16)
                SCHEDULE(j);
            t1 = h + BSIG1(e) + CH(e, f, g) + fc_sha256_k[j] + w[j & 15];
            t2 = BSIG0(a) + MAJ(a, b, c);
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
#else
        for (j = 0; j < 64; j += 16) {
            ROUND(a, b, c, d, e, f, g, h, 0);
            ROUND(h, a, b, c, d, e, f, g, 1);
            ROUND(g, h, a, b, c, d, e, f, 2);
            ROUND(f, g, h, a, b, c, d, e, 3);
            ROUND(e, f, g, h, a, b, c, d, 4);
            ROUND(d, e, f, g, h, a, b, c, 5);
            ROUND(c, d, e, f, g, h, a, b, 6);
            ROUND(b, c, d, e, f, g, h, a, 7);
            ROUND(a, b, c, d, e, f, g, h, 8);
            ROUND(h, a, b, c, d, e, f, g, 9);
            ROUND(g, h, a, b, c, d, e, f, 10);
            ROUND(f, g, h, a, b, c, d, e, 11);
            ROUND(e, f, g, h, a, b, c, d, 12);
            ROUND(d, e, f, g, h, a, b, c, 13);
            ROUND(c, d, e, f, g, h, a, b, 14);
            ROUND(b, c, d, e, f, g, h, a, 15);
        }
#endif
        st[0] += a;
        st[1] += b;
        st[2] += c;
        st[3] += d;
        st[4] += e;
        st[5] += f;
        st[6] += g;
        st[7] += h;
    }
    /* The schedule runs backwards to the block it came from, and for HMAC's
     * first block that is the key. */
    fc_wipe(w, sizeof w);
}

void fc_sha256_init(fc_sha256_ctx *ctx)
{
    static const uint32_t iv[8] = {
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
        0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    };

    memcpy(ctx->h, iv, sizeof iv);
    ctx->len = 0;
    ctx->fill = 0;
}

void fc_sha256_update(fc_sha256_ctx *ctx, const void *data, size_t len)
{
    const uint8_t *p = data;
    size_t whole;

    /* Also keeps NULL away from memcpy, which is undefined even for 0. */
    if (len == 0)
        return;
    ctx->len += (uint64_t)len;
    if (ctx->fill > 0) {
        size_t take = FC_SHA256_BLOCK - ctx->fill;

        if (take > len)
            take = len;
        memcpy(ctx->buf + ctx->fill, p, take);
        ctx->fill += take;
        p += take;
        len -= take;
        if (ctx->fill < FC_SHA256_BLOCK)
            return;
        fc_sha256_blocks(ctx->h, ctx->buf, 1);
        ctx->fill = 0;
    }
    /* Whole blocks straight from the caller's memory: no copy. */
    whole = len / FC_SHA256_BLOCK;
    if (whole > 0) {
        fc_sha256_blocks(ctx->h, p, whole);
        p += whole * FC_SHA256_BLOCK;
        len -= whole * FC_SHA256_BLOCK;
    }
    if (len > 0) {
        memcpy(ctx->buf, p, len);
        ctx->fill = len;
    }
}

void fc_sha256_final(fc_sha256_ctx *ctx, uint8_t out[FC_SHA256_LEN])
{
    /* FIPS 180-4 counts bits modulo 2^64. */
    uint64_t bits = ctx->len << 3;
    /* 0x80, zeros up to 8 bytes short of a block end, the bit count: fed
     * through update, which already knows how to fill and run a block
     * (less code than a second copy of that here). */
    uint8_t pad[FC_SHA256_BLOCK + 8] = {0x80};
    size_t zeros = (FC_SHA256_BLOCK * 2 - 8 - 1 - ctx->fill) % FC_SHA256_BLOCK;
    unsigned i;

    fc_store32_be(pad + 1 + zeros, (uint32_t)(bits >> 32));
    fc_store32_be(pad + 1 + zeros + 4, (uint32_t)bits);
    fc_sha256_update(ctx, pad, 1 + zeros + 8);
    for (i = 0; i < 8; i++)
        fc_store32_be(out + 4 * i, ctx->h[i]);
    /* The state may be a keyed HMAC state: leave nothing behind. */
    fc_wipe(ctx, sizeof *ctx);
}

void fc_sha256(const void *data, size_t len, uint8_t out[FC_SHA256_LEN])
{
    fc_sha256_ctx ctx;

    fc_sha256_init(&ctx);
    fc_sha256_update(&ctx, data, len);
    fc_sha256_final(&ctx, out);
}

/* A wipe the compiler may not drop as a dead store. With GCC and clang,
 * memset then an empty asm that is told it reads the memory (BoringSSL's
 * OPENSSL_cleanse, glibc's explicit_bzero): the C library's memset clears
 * whole words, and nothing lands in .data. (A volatile pointer to memset,
 * the other known way, is a 4-byte object GCC puts in RAM on ARM: the
 * library keeps no static data at all, which tests/mcu/run.sh checks.)
 * Other compilers get one volatile byte at a time. */
void fc_wipe(void *p, size_t n)
{
    if (n == 0)
        return;
#if defined(__GNUC__) || defined(__clang__)
    memset(p, 0, n);
    __asm__ __volatile__("" : : "r"(p) : "memory");
#else
    {
        volatile unsigned char *q = p;
        while (n--)
            *q++ = 0;
    }
#endif
}
