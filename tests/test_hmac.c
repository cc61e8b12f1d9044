/* test_hmac.c - HMAC-SHA256 against RFC 4231 and, on random inputs, against
 * BearSSL's independent implementation.
 *
 * Usage: test_hmac [seed]. The seed (hex or decimal) is printed so a failure
 * on some other machine can be replayed exactly. */
#include <bearssl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "hmac.h"

static size_t unhex(const char *s, uint8_t *out, size_t cap)
{
    size_t n = 0;

    while (s[0] && s[1] && n < cap) {
        unsigned v = 0;
        int i;

        for (i = 0; i < 2; i++) {
            char c = s[i];
            v <<= 4;
            if (c >= '0' && c <= '9')
                v |= (unsigned)(c - '0');
            else if (c >= 'a' && c <= 'f')
                v |= (unsigned)(c - 'a' + 10);
        }
        out[n++] = (uint8_t)v;
        s += 2;
    }
    return n;
}

static uint64_t rng_state;

/* xorshift64 */
static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void fill_random(uint8_t *p, size_t n)
{
    while (n-- > 0)
        *p++ = (uint8_t)rng();
}

static void br_hmac_sha256(const void *key, size_t key_len, const void *msg,
                           size_t len, uint8_t out[FC_SHA256_LEN])
{
    br_hmac_key_context kc;
    br_hmac_context hc;

    br_hmac_key_init(&kc, &br_sha256_vtable, key, key_len);
    br_hmac_init(&hc, &kc, 0);
    br_hmac_update(&hc, msg, len);
    br_hmac_out(&hc, out);
}

static void test_rfc4231(void)
{
    /* RFC 4231 section 4, HMAC-SHA-256 results of test cases 1 to 7. Case 5
     * is specified truncated to 128 bits. Cases 6 and 7 use a 131-byte key,
     * which must be hashed first. */
    static const struct {
        const char *key, *data, *mac;
    } v[] = {
        {"0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265",
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
        {"4a656665",
         "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
        {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
         "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
         "dddddddddddddddddddddddddddddddddddd",
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
        {"0102030405060708090a0b0c0d0e0f10111213141516171819",
         "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd"
         "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd",
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
        {"0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c",
         "546573742057697468205472756e636174696f6e",
         "a3b6167473100ee06e0c796c2955552b"},
        {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
         "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
         "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
         "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
         "aaaaaa",
         "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a"
         "65204b6579202d2048617368204b6579204669727374",
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
        {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
         "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
         "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
         "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
         "aaaaaa",
         "5468697320697320612074657374207573696e672061206c6172676572207468"
         "616e20626c6f636b2d73697a65206b657920616e642061206c61726765722074"
         "68616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565"
         "647320746f20626520686173686564206265666f7265206265696e6720757365"
         "642062792074686520484d414320616c676f726974686d2e",
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
    };
    static const size_t key_len[] = {20, 4, 20, 25, 20, 131, 131};
    static const size_t data_len[] = {8, 28, 50, 50, 20, 54, 152};
    uint8_t key[200], data[200], want[FC_SHA256_LEN], got[FC_SHA256_LEN];
    size_t i, kn, dn, mn;
    fc_hmac_key k;

    for (i = 0; i < sizeof v / sizeof v[0]; i++) {
        kn = unhex(v[i].key, key, sizeof key);
        dn = unhex(v[i].data, data, sizeof data);
        mn = unhex(v[i].mac, want, sizeof want);
        CHECK_EQ_INT(kn, key_len[i]);
        CHECK_EQ_INT(dn, data_len[i]);
        fc_hmac_key_init(&k, key, kn);
        fc_hmac(&k, data, dn, got);
        CHECK(memcmp(got, want, mn) == 0, "RFC 4231 test case %zu", i + 1);
    }
}

static void test_against_bearssl(uint64_t seed)
{
    static uint8_t key[200], msg[1000];
    uint8_t ours[FC_SHA256_LEN], theirs[FC_SHA256_LEN];
    uint8_t streamed[FC_SHA256_LEN];
    br_sha256_context bc;
    fc_sha256_ctx ctx;
    fc_hmac_key k;
    size_t kn, mn, cut;
    int i;

    rng_state = seed;
    for (i = 0; i < 10000; i++) {
        kn = (size_t)(rng() % (sizeof key + 1));
        mn = (size_t)(rng() % (sizeof msg + 1));
        fill_random(key, kn);
        fill_random(msg, mn);

        fc_sha256(msg, mn, ours);
        br_sha256_init(&bc);
        br_sha256_update(&bc, msg, mn);
        br_sha256_out(&bc, theirs);
        CHECK(memcmp(ours, theirs, sizeof ours) == 0,
              "SHA-256 vs br_sha256: iteration %d, msg %zu bytes", i, mn);

        fc_hmac_key_init(&k, key, kn);
        fc_hmac(&k, msg, mn, ours);
        br_hmac_sha256(key, kn, msg, mn, theirs);
        CHECK(memcmp(ours, theirs, sizeof ours) == 0,
              "HMAC vs br_hmac: iteration %d, key %zu, msg %zu bytes", i, kn,
              mn);

        /* The same message in two parts through the streaming form. */
        cut = mn ? (size_t)(rng() % (mn + 1)) : 0;
        fc_hmac_start(&k, &ctx);
        fc_sha256_update(&ctx, msg, cut);
        fc_sha256_update(&ctx, msg + cut, mn - cut);
        fc_hmac_finish(&k, &ctx, streamed);
        CHECK(memcmp(streamed, theirs, sizeof streamed) == 0,
              "streamed HMAC: iteration %d, cut %zu of %zu", i, cut, mn);
    }
}

static void test_streaming(void)
{
    static const char msg[] =
        "1700000000abc.img.frame.nutanix.com and then a good deal more text, "
        "enough to run past one SHA-256 block and into the next one";
    static const uint8_t zero[sizeof(fc_sha256_ctx)];
    uint8_t one[FC_SHA256_LEN], parts[FC_SHA256_LEN];
    size_t len = strlen(msg), i;
    fc_sha256_ctx ctx;
    fc_hmac_key k;

    fc_hmac_key_init(&k, "secret-example", 14);
    fc_hmac(&k, msg, len, one);

    /* Every split point, including empty first and last parts. */
    for (i = 0; i <= len; i++) {
        fc_hmac_start(&k, &ctx);
        fc_sha256_update(&ctx, msg, i);
        fc_sha256_update(&ctx, msg + i, len - i);
        fc_hmac_finish(&k, &ctx, parts);
        CHECK(memcmp(one, parts, sizeof one) == 0, "split at %zu", i);
    }
    /* Many small parts. */
    fc_hmac_start(&k, &ctx);
    for (i = 0; i < len; i += 3)
        fc_sha256_update(&ctx, msg + i, len - i < 3 ? len - i : 3);
    fc_hmac_finish(&k, &ctx, parts);
    CHECK(memcmp(one, parts, sizeof one) == 0, "three-byte parts");
    CHECK(memcmp(&ctx, zero, sizeof ctx) == 0, "finish did not wipe ctx");
}

static void test_key_reuse(void)
{
    uint8_t key[100], msg[300], ours[FC_SHA256_LEN], theirs[FC_SHA256_LEN];
    fc_hmac_key k, snapshot;
    size_t kn, mn;
    int i;

    /* One key, many messages, interleaved with a second streaming use: the
     * pads must come out of every call untouched. */
    rng_state = 0x0123456789abcdefu;
    for (kn = 0; kn <= sizeof key; kn += 25) {
        fill_random(key, kn);
        /* Zeroed first: the unused tail of a block buffer is never written,
         * and comparing whole structs must not read undefined bytes. */
        memset(&k, 0, sizeof k);
        fc_hmac_key_init(&k, key, kn);
        snapshot = k;
        for (i = 0; i < 50; i++) {
            mn = (size_t)(rng() % (sizeof msg + 1));
            fill_random(msg, mn);
            fc_hmac(&k, msg, mn, ours);
            br_hmac_sha256(key, kn, msg, mn, theirs);
            CHECK(memcmp(ours, theirs, sizeof ours) == 0,
                  "reused key %zu bytes, message %d", kn, i);
        }
        CHECK(memcmp(&k, &snapshot, sizeof k) == 0, "key state changed");
    }
}

static void test_key_edges(void)
{
    uint8_t key[65], ours[FC_SHA256_LEN], theirs[FC_SHA256_LEN];
    fc_hmac_key k;
    size_t i;

    /* Empty key, given as NULL: same as any empty key. */
    fc_hmac_key_init(&k, NULL, 0);
    fc_hmac(&k, "msg", 3, ours);
    br_hmac_sha256("", 0, "msg", 3, theirs);
    CHECK(memcmp(ours, theirs, sizeof ours) == 0, "NULL empty key");

    /* 64 bytes is used as is; 65 is the first length that gets hashed. */
    for (i = 0; i < sizeof key; i++)
        key[i] = (uint8_t)(i * 7 + 1);
    for (i = 63; i <= 65; i++) {
        fc_hmac_key_init(&k, key, i);
        fc_hmac(&k, NULL, 0, ours);
        br_hmac_sha256(key, i, "", 0, theirs);
        CHECK(memcmp(ours, theirs, sizeof ours) == 0, "key of %zu bytes", i);
    }
}

int main(int argc, char **argv)
{
    uint64_t seed = 0x5eed0f12a3e5u;

    if (argc > 1)
        seed = strtoull(argv[1], NULL, 0);
    if (seed == 0)
        seed = 1; /* xorshift never leaves zero */
    printf("# seed 0x%llx\n", (unsigned long long)seed);

    test_rfc4231();
    test_against_bearssl(seed);
    test_streaming();
    test_key_reuse();
    test_key_edges();
    return check_done();
}
