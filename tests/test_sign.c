/* test_sign.c - the Frame request signature.
 *
 * The two published vectors come from /work/shared/frame-api.md (computed
 * there with two independent implementations); the one-character variants
 * were computed with Python's hmac module, not with this code. */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "sign.h"

static const char secret_a[] = "0123456789abcdef0123456789abcdef01234567";
static const char client_a[] = "abc.img.frame.nutanix.com";

static void sign(const char *secret, uint64_t ts, const char *client_id,
                 char sig[FC_SIG_HEX_LEN + 1])
{
    fc_hmac_key k;

    fc_hmac_key_init(&k, secret, strlen(secret));
    fc_sign(&k, ts, client_id, strlen(client_id), sig);
    fc_wipe(&k, sizeof k);
}

static void test_vectors(void)
{
    char sig[FC_SIG_HEX_LEN + 1];

    /* The secret looks like hex but is keyed as its own 40 ASCII bytes. */
    sign(secret_a, 1700000000, client_a, sig);
    CHECK_EQ_STR(sig, "a00975f6ef06471301abd1a3a337adec128d5549ec82c81f4f27e767cb03812e");
    sign("secret-example", 1475183415, "client-id-example", sig);
    CHECK_EQ_STR(sig, "d107d402773b528b63b38aea3746de3569ebd282266d62bee18c94234d9fa8bb");
}

static void test_timestamp(void)
{
    static const struct {
        uint64_t ts;
        const char *text;
    } v[] = {
        {0, "0"},
        {1, "1"},
        {9, "9"},
        {10, "10"},
        {1700000000, "1700000000"},
        {UINT64_MAX, "18446744073709551615"},
    };
    char out[FC_TS_MAX + 4];
    size_t i, n;

    for (i = 0; i < sizeof v / sizeof v[0]; i++) {
        memset(out, 'x', sizeof out);
        n = fc_sign_timestamp(v[i].ts, out);
        CHECK_EQ_STR(out, v[i].text);
        CHECK_EQ_INT(n, strlen(v[i].text));
        /* Nothing written past the NUL. */
        CHECK_EQ_INT(out[n + 1], 'x');
    }
    CHECK_EQ_INT(strlen("18446744073709551615") + 1, FC_TS_MAX);
}

static void test_one_change(void)
{
    char base[FC_SIG_HEX_LEN + 1], sig[FC_SIG_HEX_LEN + 1];

    sign(secret_a, 1700000000, client_a, base);

    sign("0123456789abcdef0123456789abcdef01234568", 1700000000, client_a, sig);
    CHECK(strcmp(sig, base) != 0, "secret change left signature alone");
    CHECK_EQ_STR(sig, "55ca42950566a540627ebebc439712716e320c238281478b52aa3b8b9dc7eef3");

    sign(secret_a, 1700000000, "abd.img.frame.nutanix.com", sig);
    CHECK(strcmp(sig, base) != 0, "client_id change left signature alone");
    CHECK_EQ_STR(sig, "680f68a0c64d92b74c51356611127069e3a2959d99c9c7523561168c01f252fe");

    sign(secret_a, 1700000001, client_a, sig);
    CHECK(strcmp(sig, base) != 0, "timestamp change left signature alone");
    CHECK_EQ_STR(sig, "cbf783af3464ac4f8b78def2c81f7beeac58c425e05a2c598971dd1d1646856e");
}

static void test_output_and_length(void)
{
    static const char longer[] = "abc.img.frame.nutanix.com-and-trailing-junk";
    char out[FC_SIG_HEX_LEN + 8];
    fc_hmac_key k;
    size_t i, bad = 0;

    fc_hmac_key_init(&k, secret_a, strlen(secret_a));

    /* client_id is taken by length, so it need not end in a NUL. */
    memset(out, 'x', sizeof out);
    fc_sign(&k, 1700000000, longer, strlen(client_a), out);
    CHECK_EQ_STR(out, "a00975f6ef06471301abd1a3a337adec128d5549ec82c81f4f27e767cb03812e");
    CHECK_EQ_INT(out[FC_SIG_HEX_LEN + 1], 'x');

    /* Lowercase hex only, exactly 64 characters. */
    fc_sign(&k, 1475183415, client_a, strlen(client_a), out);
    for (i = 0; i < FC_SIG_HEX_LEN; i++)
        bad += !((out[i] >= '0' && out[i] <= '9') || (out[i] >= 'a' && out[i] <= 'f'));
    CHECK_EQ_INT(bad, 0);
    CHECK_EQ_INT(strlen(out), FC_SIG_HEX_LEN);

    /* The same key signs again with the same result: no state consumed. */
    fc_sign(&k, 1700000000, client_a, strlen(client_a), out);
    CHECK_EQ_STR(out, "a00975f6ef06471301abd1a3a337adec128d5549ec82c81f4f27e767cb03812e");
    fc_wipe(&k, sizeof k);
}

int main(void)
{
    test_vectors();
    test_timestamp();
    test_one_change();
    test_output_and_length();
    return check_done();
}
