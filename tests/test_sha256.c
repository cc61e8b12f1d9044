/* test_sha256.c - SHA-256 against published vectors, and streaming against
 * one-shot.
 *
 * Every expected digest below was checked, before being written here, with
 * both Python's hashlib and `openssl dgst -sha256`, never with this code. */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "sha256.h"

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
            else if (c >= 'A' && c <= 'F')
                v |= (unsigned)(c - 'A' + 10);
        }
        out[n++] = (uint8_t)v;
        s += 2;
    }
    return n;
}

static void tohex(const uint8_t d[FC_SHA256_LEN], char out[2 * FC_SHA256_LEN + 1])
{
    static const char hex[] = "0123456789abcdef";
    size_t i;

    for (i = 0; i < FC_SHA256_LEN; i++) {
        out[2 * i] = hex[d[i] >> 4];
        out[2 * i + 1] = hex[d[i] & 15];
    }
    out[2 * FC_SHA256_LEN] = '\0';
}

static const char *digest_hex(const void *msg, size_t len)
{
    static char text[2 * FC_SHA256_LEN + 1];
    uint8_t d[FC_SHA256_LEN];

    fc_sha256(msg, len, d);
    tohex(d, text);
    return text;
}

/* xorshift64: deterministic, so a failing split can be replayed. */
static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void test_fips_examples(void)
{
    static const char two_block[] =
        "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
        "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    static const char one_block_448[] =
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

    /* FIPS 180-4 / NIST "SHA-256 examples" (one block, two blocks, 896-bit) */
    CHECK_EQ_STR(digest_hex("abc", 3),
                 "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK_EQ_INT(strlen(one_block_448), 56);
    CHECK_EQ_STR(digest_hex(one_block_448, strlen(one_block_448)),
                 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK_EQ_INT(strlen(two_block), 112);
    CHECK_EQ_STR(digest_hex(two_block, strlen(two_block)),
                 "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
    /* Empty input, with and without a pointer. */
    CHECK_EQ_STR(digest_hex("", 0),
                 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK_EQ_STR(digest_hex(NULL, 0),
                 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void test_million_a(void)
{
    static const char want[] =
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
    static uint8_t big[1000000];
    uint8_t chunk[1000], d[FC_SHA256_LEN];
    char text[2 * FC_SHA256_LEN + 1];
    fc_sha256_ctx ctx;
    int i;

    /* One million 'a' (FIPS 180-2 appendix B.3): once in one call, which
     * runs the no-copy whole-block path, and once in 1000-byte updates,
     * which straddle block boundaries every time. */
    memset(big, 'a', sizeof big);
    CHECK_EQ_STR(digest_hex(big, sizeof big), want);

    memset(chunk, 'a', sizeof chunk);
    fc_sha256_init(&ctx);
    for (i = 0; i < 1000; i++)
        fc_sha256_update(&ctx, chunk, sizeof chunk);
    fc_sha256_final(&ctx, d);
    tohex(d, text);
    CHECK_EQ_STR(text, want);
}

static void test_cavp(void)
{
    /* NIST CAVP SHAVS, byte-oriented, SHA256ShortMsg.rsp (Len = 0, 8, 16,
     * 24, 440, 448, 504, 512 bits) and SHA256LongMsg.rsp (Len = 1304, 2096):
     * 55/56 bytes are the last one-block / first two-block padding, 63/64
     * straddle the block end. */
    static const struct {
        const char *msg, *md;
    } v[] = {
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"d3", "28969cdfa74a12c82f3bad960b0b000aca2ac329deea5c2328ebc6f2ba9802c1"},
        {"11af", "5ca7133fa735326081558ac312c620eeca9970d1e70a4b95533d956f072d1f98"},
        {"b4190e", "dff2e73091f6c05e528896c4c831b9448653dc2ff043528f6769437bc7b975c2"},
        {"3ebfb06db8c38d5ba037f1363e118550aad94606e26835a01af05078533cc25f"
         "2f39573c04b632f62f68c294ab31f2a3e2a1a0d8c2be51",
         "6595a2ef537a69ba8583dfbf7f5bec0ab1f93ce4c8ee1916eff44a93af5749c4"},
        {"2d52447d1244d2ebc28650e7b05654bad35b3a68eedc7f8515306b496d75f3e7"
         "3385dd1b002625024b81a02f2fd6dffb6e6d561cb7d0bd7a",
         "cfb88d6faf2de3a69d36195acec2e255e2af2b7d933997f348e09f6ce5758360"},
        {"e2f76e97606a872e317439f1a03fcd92e632e5bd4e7cbc4e97f1afc19a16fde9"
         "2d77cbe546416b51640cddb92af996534dfd81edb17c4424cf1ac4d75aceeb",
         "18041bd4665083001fba8c5411d2d748e8abbfdcdfd9218cb02b68a78e7d4c23"},
        {"5a86b737eaea8ee976a0a24da63e7ed7eefad18a101c1211e2b3650c5187c2a8"
         "a650547208251f6d4237e661c7bf4c77f335390394c37fa1a9f9be836ac28509",
         "42e61e174fbb3897d6dd6cef3dd2802fe67b331953b06114a65c772859dfc1aa"},
        {"451101250ec6f26652249d59dc974b7361d571a8101cdfd36aba3b5854d3ae08"
         "6b5fdd4597721b66e3c0dc5d8c606d9657d0e323283a5217d1f53f2f284f57b8"
         "5c8a61ac8924711f895c5ed90ef17745ed2d728abd22a5f7a13479a462d71b56"
         "c19a74a40b655c58edfe0a188ad2cf46cbf30524f65d423c837dd1ff2bf462ac"
         "4198007345bb44dbb7b1c861298cdf61982a833afc728fae1eda2f87aa2c9480"
         "858bec",
         "3c593aa539fdcdae516cdf2f15000f6634185c88f505b39775fb9ab137a10aa2"},
        {"6b918fb1a5ad1f9c5e5dbdf10a93a9c8f6bca89f37e79c9fe12a57227941b173"
         "ac79d8d440cde8c64c4ebc84a4c803d198a296f3de060900cc427f58ca6ec373"
         "084f95dd6c7c427ecfbf781f68be572a88dbcbb188581ab200bfb99a3a816407"
         "e7dd6dd21003554d4f7a99c93ebfce5c302ff0e11f26f83fe669acefb0c1bbb8"
         "b1e909bd14aa48ba3445c88b0e1190eef765ad898ab8ca2fe507015f1578f10d"
         "ce3c11a55fb9434ee6e9ad6cc0fdc4684447a9b3b156b908646360f24fec2d8f"
         "a69e2c93db78708fcd2eef743dcb9353819b8d667c48ed54cd436fb1476598c4"
         "a1d7028e6f2ff50751db36ab6bc32435152a00abd3d58d9a8770d9a3e52d5a36"
         "28ae3c9e0325",
         "46500b6ae1ab40bde097ef168b0f3199049b55545a1588792d39d594f493dca7"},
    };
    static const size_t want_len[] = {0, 1, 2, 3, 55, 56, 63, 64, 163, 262};
    uint8_t msg[300];
    size_t i, n;

    for (i = 0; i < sizeof v / sizeof v[0]; i++) {
        n = unhex(v[i].msg, msg, sizeof msg);
        CHECK_EQ_INT(n, want_len[i]);
        CHECK_EQ_STR(digest_hex(msg, n), v[i].md);
    }
}

static void test_block_boundaries(void)
{
    /* CAVP has no byte lengths 65, 119, 120, 127-129: the message is bytes
     * 0x00, 0x01, ... (i mod 256); digests from hashlib and openssl. */
    static const struct {
        size_t len;
        const char *md;
    } v[] = {
        {65, "4bfd2c8b6f1eec7a2afeb48b934ee4b2694182027e6d0fc075074f2fabb31781"},
        {119, "da18797ed7c3a777f0847f429724a2d8cd5138e6ed2895c3fa1a6d39d18f7ec6"},
        {120, "f52b23db1fbb6ded89ef42a23ce0c8922c45f25c50b568a93bf1c075420bbb7c"},
        {127, "92ca0fa6651ee2f97b884b7246a562fa71250fedefe5ebf270d31c546bfea976"},
        {128, "471fb943aa23c511f6f72f8d1652d9c880cfa392ad80503120547703e56a2be5"},
        {129, "5099c6a56203f9687f7d33f4bfdf576d31dc91f6b695ecea38b2770c87631135"},
    };
    uint8_t msg[256];
    size_t i;

    for (i = 0; i < sizeof msg; i++)
        msg[i] = (uint8_t)i;
    for (i = 0; i < sizeof v / sizeof v[0]; i++)
        CHECK_EQ_STR(digest_hex(msg, v[i].len), v[i].md);
}

static void test_random_splits(void)
{
    static uint8_t msg[2000];
    uint8_t one[FC_SHA256_LEN], parts[FC_SHA256_LEN];
    fc_sha256_ctx ctx;
    size_t i, len, off;
    int round;

    for (i = 0; i < sizeof msg; i++)
        msg[i] = (uint8_t)rng();
    printf("# split seed 0x9e3779b97f4a7c15\n");
    for (round = 0; round < 2000; round++) {
        len = (size_t)(rng() % (sizeof msg + 1));
        fc_sha256(msg, len, one);
        fc_sha256_init(&ctx);
        for (off = 0; off < len;) {
            /* Mostly short pieces, so block edges get crossed at every
             * offset; sometimes long ones, for the whole-block path. */
            size_t take = (size_t)(rng() % ((rng() & 3) ? 70 : 300));
            if (take > len - off)
                take = len - off;
            fc_sha256_update(&ctx, msg + off, take);
            off += take;
        }
        fc_sha256_final(&ctx, parts);
        CHECK(memcmp(one, parts, sizeof one) == 0, "split mismatch, len %zu", len);
    }

    /* Byte at a time over three blocks and a bit. */
    fc_sha256_init(&ctx);
    for (i = 0; i < 200; i++)
        fc_sha256_update(&ctx, msg + i, 1);
    fc_sha256_final(&ctx, parts);
    fc_sha256(msg, 200, one);
    CHECK(memcmp(one, parts, sizeof one) == 0, "byte-at-a-time mismatch");
}

static void test_context(void)
{
    static const uint8_t zero[sizeof(fc_sha256_ctx)];
    uint8_t a[FC_SHA256_LEN], b[FC_SHA256_LEN], want[FC_SHA256_LEN];
    fc_sha256_ctx ctx, fork;

    /* Copying a context mid-stream forks it: what HMAC depends on. */
    fc_sha256_init(&ctx);
    fc_sha256_update(&ctx, "hello, ", 7);
    fork = ctx;
    fc_sha256_update(&ctx, "world", 5);
    fc_sha256_update(&fork, "frame", 5);
    fc_sha256_final(&ctx, a);
    fc_sha256_final(&fork, b);
    fc_sha256("hello, world", 12, want);
    CHECK(memcmp(a, want, sizeof a) == 0, "original after fork");
    fc_sha256("hello, frame", 12, want);
    CHECK(memcmp(b, want, sizeof b) == 0, "fork");

    /* final leaves no state behind. */
    CHECK(memcmp(&ctx, zero, sizeof ctx) == 0, "final did not wipe ctx");
    CHECK(memcmp(&fork, zero, sizeof fork) == 0, "final did not wipe fork");

    /* A context is reusable after init. */
    fc_sha256_init(&ctx);
    fc_sha256_update(&ctx, "abc", 3);
    fc_sha256_final(&ctx, a);
    fc_sha256("abc", 3, want);
    CHECK(memcmp(a, want, sizeof a) == 0, "reuse after init");
}

static void test_wipe(void)
{
    uint8_t buf[37];
    size_t i, nonzero = 0;

    memset(buf, 0xa5, sizeof buf);
    fc_wipe(buf + 1, sizeof buf - 2);
    for (i = 1; i < sizeof buf - 1; i++)
        nonzero += buf[i] != 0;
    CHECK_EQ_INT(nonzero, 0);
    CHECK_EQ_INT(buf[0], 0xa5);
    CHECK_EQ_INT(buf[sizeof buf - 1], 0xa5);
    fc_wipe(buf, 0);
    CHECK_EQ_INT(buf[0], 0xa5);
}

int main(void)
{
    test_fips_examples();
    test_million_a();
    test_cavp();
    test_block_boundaries();
    test_random_splits();
    test_context();
    test_wipe();
    return check_done();
}
