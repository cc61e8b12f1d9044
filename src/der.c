/* der.c - object identifiers, names and dates that both certificate
 * readers use (der.h). */
#include "der.h"

#include <bearssl.h> /* BR_EC_xxx */
#include <string.h>

#include "x509.h" /* fc_x509_time */

/* ---- Object identifiers --------------------------------------------------- */

const unsigned char fc_oid_rsa[9] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01};
const unsigned char fc_oid_ec[7] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01};
const unsigned char fc_oid_eku[3] = {0x55, 0x1d, 0x25};
const unsigned char fc_oid_san[3] = {0x55, 0x1d, 0x11};
const unsigned char fc_oid_nc[3] = {0x55, 0x1d, 0x1e};
const unsigned char fc_oid_basic[3] = {0x55, 0x1d, 0x13};
const unsigned char fc_oid_server_auth[8] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01};
const unsigned char fc_oid_any_eku[4] = {0x55, 0x1d, 0x25, 0x00};

int fc_der_oid_eq(const unsigned char *v, size_t len, const unsigned char *oid, size_t olen)
{
    return len == olen && memcmp(v, oid, len) == 0;
}

#define NAMED(curve, name, ...)                                                                    \
    {                                                                                              \
        (const unsigned char[]){__VA_ARGS__}, sizeof((const unsigned char[]){__VA_ARGS__}), curve, \
            name                                                                                   \
    }

static const fc_der_named curve_names[] = {
    NAMED(BR_EC_secp256r1, "P-256", 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07),
    NAMED(BR_EC_secp384r1, "P-384", 0x2b, 0x81, 0x04, 0x00, 0x22),
    NAMED(BR_EC_secp521r1, "P-521", 0x2b, 0x81, 0x04, 0x00, 0x23),
    NAMED(-1, "secp256k1", 0x2b, 0x81, 0x04, 0x00, 0x0a),
    NAMED(-1, "brainpoolP256r1", 0x2b, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x07),
    NAMED(-1, "brainpoolP384r1", 0x2b, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x0b),
    NAMED(-1, "brainpoolP512r1", 0x2b, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x0d),
};

static const fc_der_named key_types[] = {
    NAMED(-1, "Ed25519", 0x2b, 0x65, 0x70),
    NAMED(-1, "Ed448", 0x2b, 0x65, 0x71),
    NAMED(-1, "RSA-PSS", 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a),
    NAMED(-1, "DSA", 0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01),
};

/* Refused as curl and browsers refuse them. */
static const fc_der_named weak_sigs[] = {
    NAMED(-1, "sha1WithRSAEncryption", 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x05),
    NAMED(-1, "md5WithRSAEncryption", 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x04),
    NAMED(-1, "md2WithRSAEncryption", 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x02),
    NAMED(-1, "ecdsa-with-SHA1", 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x01),
    NAMED(-1, "dsa-with-sha1", 0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x03),
    NAMED(-1, "sha1WithRSA (OIW)", 0x2b, 0x0e, 0x03, 0x02, 0x1d),
};

static const fc_der_named *find(const fc_der_named *t, size_t n, const unsigned char *v,
                                size_t len)
{
    for (; n; n--, t++)
        if (fc_der_oid_eq(v, len, t->oid, t->len))
            return t;
    return NULL;
}
#define FIND(table, v, len) find(table, sizeof table / sizeof table[0], v, len)

const fc_der_named *fc_der_curve(const unsigned char *v, size_t len)
{
    return FIND(curve_names, v, len);
}

const fc_der_named *fc_der_key_type(const unsigned char *v, size_t len)
{
    return FIND(key_types, v, len);
}

const fc_der_named *fc_der_weak_sig(const unsigned char *v, size_t len)
{
    return FIND(weak_sigs, v, len);
}

/* ---- Time ----------------------------------------------------------------- */

static int dec2(const unsigned char *p, unsigned lo, unsigned hi, unsigned *v)
{
    if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
        return -1;
    *v = (unsigned)(p[0] - '0') * 10 + (unsigned)(p[1] - '0');
    return *v < lo || *v > hi ? -1 : 0;
}

/* Days from 1970-01-01 to y-m-d, proleptic Gregorian, year 0 included
 * (BearSSL reads GeneralizedTime 0000 as a date: so does this). */
static int64_t days_from_civil(unsigned year, unsigned m, unsigned d)
{
    int64_t y = (int64_t)year - (m <= 2), era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400, doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

int fc_x509_time(unsigned tag, const unsigned char *v, size_t len, int64_t *out)
{
    static const unsigned char mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    unsigned y, lo, mon, d, h, mi, s, dmax;
    size_t k = tag == 0x18 ? 4 : tag == 0x17 ? 2 : 0;

    if (!k || len < k + 11 || dec2(v, 0, 99, &y))
        return -1;
    if (k == 4) {
        if (dec2(v + 2, 0, 99, &lo))
            return -1;
        y = y * 100 + lo;
    } else {
        y += y < 50 ? 2000 : 1900; /* RFC 5280 4.1.2.5.1 */
    }
    if (dec2(v + k, 1, 12, &mon))
        return -1;
    dmax = mdays[mon - 1];
    if (mon == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
        dmax = 29;
    if (dec2(v + k + 2, 1, dmax, &d) || dec2(v + k + 4, 0, 23, &h) || dec2(v + k + 6, 0, 59, &mi) ||
        dec2(v + k + 8, 0, 60, &s))
        return -1;
    k += 10;
    if (v[k] == '.')
        for (k++; k < len && v[k] >= '0' && v[k] <= '9'; k++) {
        }
    if (k + 1 != len || v[k] != 'Z')
        return -1;
    *out = days_from_civil(y, mon, d) * 86400 + h * 3600 + mi * 60 + s;
    return 0;
}
