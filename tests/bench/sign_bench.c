/* sign_bench.c - Frame signatures per second: framec's fc_sign (HMAC key
 * pads absorbed once by fc_hmac_key_init) against BearSSL's br_hmac (its
 * key context also holds the pads) and OpenSSL's one-shot HMAC().
 *
 * Every variant produces the same thing, the header value: the decimal
 * timestamp followed by the client_id, HMAC-SHA256 keyed with the secret,
 * as lowercase hex. The peers build the message and the hex with the same
 * code, so only the MAC differs. Timestamps run over 1,024 consecutive
 * seconds. The three must agree on every signature before anything is
 * timed.
 *
 * Usage: sign_bench [ROUNDS [SECONDS_PER_RUN]]   (defaults 7, 0.2)
 * Prints "check TS SIG" (for the caller to compare with an independent
 * HMAC), then one line per variant: NAME SIGNATURES_PER_SECOND (median of
 * ROUNDS interleaved runs) MIN MAX. */
#define _POSIX_C_SOURCE 200809L
#include <bearssl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sign.h"

#define SECRET "0123456789abcdef0123456789abcdef01234567"
#define CLIENT_ID "test-client.img.frame.nutanix.com"
#define TS0 1767225600u
#define MAX_ROUNDS 101

static fc_hmac_key fc_key;
static br_hmac_key_context br_key;
static volatile unsigned sink;

static void hex(const unsigned char *mac, char out[FC_SIG_HEX_LEN + 1])
{
    static const char digits[] = "0123456789abcdef";
    int i;
    for (i = 0; i < 32; i++) {
        out[2 * i] = digits[mac[i] >> 4];
        out[2 * i + 1] = digits[mac[i] & 15];
    }
    out[FC_SIG_HEX_LEN] = '\0';
}

/* timestamp + client_id, the message every variant signs */
static size_t message(uint64_t ts, char *msg)
{
    size_t n = fc_sign_timestamp(ts, msg);
    memcpy(msg + n, CLIENT_ID, sizeof CLIENT_ID - 1);
    return n + sizeof CLIENT_ID - 1;
}

static void sign_fc(uint64_t ts, char out[FC_SIG_HEX_LEN + 1])
{
    fc_sign(&fc_key, ts, CLIENT_ID, sizeof CLIENT_ID - 1, out);
}

static void sign_br(uint64_t ts, char out[FC_SIG_HEX_LEN + 1])
{
    char msg[FC_TS_MAX + sizeof CLIENT_ID];
    unsigned char mac[32];
    br_hmac_context hc;
    size_t n = message(ts, msg);
    br_hmac_init(&hc, &br_key, 0);
    br_hmac_update(&hc, msg, n);
    br_hmac_out(&hc, mac);
    hex(mac, out);
}

static void sign_ossl(uint64_t ts, char out[FC_SIG_HEX_LEN + 1])
{
    char msg[FC_TS_MAX + sizeof CLIENT_ID];
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned len = 0;
    size_t n = message(ts, msg);
    if (!HMAC(EVP_sha256(), SECRET, (int)(sizeof SECRET - 1), (const unsigned char *)msg, n, mac,
              &len) ||
        len != 32) {
        fputs("sign_bench: HMAC() failed\n", stderr);
        exit(1);
    }
    hex(mac, out);
}

typedef struct {
    const char *name;
    void (*fn)(uint64_t, char *);
    double rate[MAX_ROUNDS];
} variant;

static double seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double run(variant *v, long n)
{
    char out[FC_SIG_HEX_LEN + 1];
    double t0 = seconds();
    long i;
    for (i = 0; i < n; i++) {
        v->fn(TS0 + (uint64_t)(i & 1023), out);
        sink += (unsigned char)out[0];
    }
    return seconds() - t0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    variant vs[] = {{"framec", sign_fc, {0}}, {"bearssl", sign_br, {0}}, {"openssl", sign_ossl, {0}}};
    int nv = 3, rounds = argc > 1 ? atoi(argv[1]) : 7, r, k;
    double per_run = argc > 2 ? atof(argv[2]) : 0.2;
    long iters[3];
    uint64_t ts;

    if (rounds < 1 || rounds > MAX_ROUNDS || per_run <= 0) {
        fputs("usage: sign_bench [ROUNDS (1..101) [SECONDS_PER_RUN]]\n", stderr);
        return 2;
    }
    fc_hmac_key_init(&fc_key, SECRET, sizeof SECRET - 1);
    br_hmac_key_init(&br_key, &br_sha256_vtable, SECRET, sizeof SECRET - 1);

    /* Same answers first: a fast wrong signature is no result. */
    for (ts = TS0; ts < TS0 + 1024; ts++) {
        char a[FC_SIG_HEX_LEN + 1], b[FC_SIG_HEX_LEN + 1], c[FC_SIG_HEX_LEN + 1];
        sign_fc(ts, a);
        sign_br(ts, b);
        sign_ossl(ts, c);
        if (strcmp(a, b) || strcmp(a, c)) {
            fprintf(stderr, "sign_bench: signatures differ at %llu: %s %s %s\n",
                    (unsigned long long)ts, a, b, c);
            return 1;
        }
        if (ts == TS0)
            printf("check %u %s\n", TS0, a);
    }

    /* Calibrate each variant to about per_run seconds. */
    for (k = 0; k < nv; k++) {
        long n = 1000;
        double t;
        while ((t = run(&vs[k], n)) < 0.02)
            n *= 4;
        iters[k] = (long)((double)n * per_run / t) + 1;
    }
    for (r = 0; r < rounds; r++)
        for (k = 0; k < nv; k++) {
            variant *v = &vs[(r + k) % nv];
            long n = iters[(r + k) % nv];
            v->rate[r] = (double)n / run(v, n);
        }
    for (k = 0; k < nv; k++) {
        qsort(vs[k].rate, (size_t)rounds, sizeof(double), cmp_double);
        printf("%s %.0f %.0f %.0f\n", vs[k].name, vs[k].rate[rounds / 2], vs[k].rate[0],
               vs[k].rate[rounds - 1]);
    }
    return 0;
}
