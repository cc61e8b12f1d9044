/* json_text.c - JSON string text: the one decoder (escapes, surrogate
 * pairs, strict UTF-8) behind parsing, key matching and fc_json_string,
 * fc_json_unescape, and fc_json_write_string, its inverse. */
#include <string.h>

#include "http.h" /* fc_http_hexval: one copy of the hex digits */
#include "json_text.h"

static int emit(fc_json_sink *k, const char *p, size_t n)
{
    if (k->out) {
        if (n >= k->cap - k->len) /* keeps room for the NUL */
            return FC_ERR_JSON_TOO_BIG;
        memcpy(k->out + k->len, p, n);
    } else if (k->cmp) {
        if (n > k->cmplen - k->len || memcmp(k->cmp + k->len, p, n) != 0)
            return FC_JSON_DIFFERS;
    }
    k->len += n;
    return 0;
}

/* The 4 hex digits after "\u" at s (n bytes available), or -1. */
static long hex4(const char *s, size_t n)
{
    long v = 0;
    size_t i;
    if (n < 4)
        return -1;
    for (i = 0; i < 4; i++) {
        int h = fc_http_hexval(s[i]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

/* Length of the well-formed UTF-8 sequence starting at p (Unicode table
 * 3-7: no overlong forms, no surrogates, nothing past U+10FFFF), or 0. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
    unsigned c = p[0], lo = 0x80, hi = 0xBF;
    size_t m, i;
    if (c >= 0xC2 && c <= 0xDF) {
        m = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        m = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        m = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        return 0;
    }
    if (n < m || p[1] < lo || p[1] > hi)
        return 0;
    for (i = 2; i < m; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    return m;
}

static size_t utf8_put(char *o, unsigned long cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decodes string text s[0..n) into k up to the first raw quote (or n) and
 * sets *used to where it stopped. One decoder serves parsing (check only),
 * key matching (compare) and fc_json_string (write), so all three agree on
 * what a string is. Returns the decoded length or a negative code. */
long fc_json_decode(const char *s, size_t n, fc_json_sink *k, size_t *used)
{
    size_t i = 0;
    int r;
    while (i < n) {
        size_t run = i;
        unsigned char c;
        char u[4];
        size_t m;
        long cp;
        i += plain_run(s + i, n - i);
        if (i > run && (r = emit(k, s + run, i - run)) != 0)
            return r;
        if (i == n)
            break;
        c = (unsigned char)s[i];
        if (c == '"')
            break;
        if (c >= 0x80) {
            m = utf8_len((const unsigned char *)s + i, n - i);
            if (m == 0)
                return FC_ERR_JSON;
            if ((r = emit(k, s + i, m)) != 0)
                return r;
            i += m;
            continue;
        }
        if (c != '\\' || i + 1 == n)
            return FC_ERR_JSON; /* a raw control byte, or a cut escape */
        if (s[i + 1] == 'u') {
            cp = hex4(s + i + 2, n - i - 2);
            if (cp < 0 || (cp >= 0xDC00 && cp <= 0xDFFF))
                return FC_ERR_JSON; /* bad hex, or a low surrogate first */
            i += 6;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                long lo = -1;
                if (n - i >= 6 && s[i] == '\\' && s[i + 1] == 'u')
                    lo = hex4(s + i + 2, n - i - 2);
                if (lo < 0xDC00 || lo > 0xDFFF)
                    return FC_ERR_JSON; /* a high surrogate alone */
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                i += 6;
            }
            if (cp == 0 && k->out)
                return FC_ERR_JSON; /* see fc_json_string */
            m = utf8_put(u, (unsigned long)cp);
        } else {
            /* The other escapes, each one letter for one byte: two tables
             * in step take less code than a switch. */
            static const char letter[] = "\"\\/bfnrt", byte[] = "\"\\/\b\f\n\r\t";
            const char *e = memchr(letter, s[i + 1], sizeof letter - 1);
            if (!e)
                return FC_ERR_JSON;
            u[0] = byte[e - letter];
            m = 1;
            i += 2;
        }
        if ((r = emit(k, u, m)) != 0)
            return r;
    }
    *used = i;
    return (long)k->len;
}

long fc_json_unescape(const char *s, size_t n, char *out, size_t cap)
{
    fc_json_sink k;
    size_t used = 0;
    long r;
    if (!out || (!s && n))
        return FC_ERR_ARG;
    if (cap == 0)
        return FC_ERR_JSON_TOO_BIG;
    memset(&k, 0, sizeof k);
    k.out = out;
    k.cap = cap;
    r = fc_json_decode(s, n, &k, &used);
    if (r >= 0 && used != n)
        r = FC_ERR_JSON; /* a raw quote ends a string: it can not be inside one */
    out[r >= 0 ? k.len : 0] = '\0';
    return r;
}

/* Appends n bytes to out when they fit. */
static int put_bytes(char *out, size_t cap, size_t *len, const char *p, size_t n)
{
    if (cap - *len < n)
        return FC_ERR_JSON_TOO_BIG;
    memcpy(out + *len, p, n);
    *len += n;
    return FC_OK;
}

long fc_json_write_string(char *out, size_t cap, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p;
    size_t len = 0;
    int rc = put_bytes(out, cap, &len, "\"", 1);
    for (p = (const unsigned char *)s; *p && !rc; p++) {
        char esc[6] = {'\\', (char)*p, '0', '0', 0, 0};
        if (*p == '"' || *p == '\\') {
            rc = put_bytes(out, cap, &len, esc, 2);
        } else if (*p < 0x20) {
            esc[1] = 'u';
            esc[4] = hex[*p >> 4];
            esc[5] = hex[*p & 15];
            rc = put_bytes(out, cap, &len, esc, 6);
        } else {
            rc = put_bytes(out, cap, &len, (const char *)p, 1);
        }
    }
    if (!rc)
        rc = put_bytes(out, cap, &len, "\"", 1);
    return rc ? rc : (long)len;
}

