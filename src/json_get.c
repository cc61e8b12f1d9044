/* json_get.c - lookups over parsed tokens (keys, indexes, paths) and the
 * typed getters: one token at a time, never past the document. */
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "json_text.h"

/* ---- Lookups and getters ------------------------------------------------ */

static int check_tok(const fc_json *j, int t)
{
    if (t < 0)
        return t;
    if (!j || t >= j->count)
        return FC_ERR_ARG;
    return FC_OK;
}

int fc_json_skip(const fc_json *j, int t)
{
    long pending = 1; /* tokens of the subtree still to pass */
    int r = check_tok(j, t);
    if (r)
        return r;
    while (pending > 0 && t < j->count) {
        pending += j->tok[t].size - 1;
        t++;
    }
    return t;
}

/* 1 when string token t decodes to exactly s[0..n). */
static int key_is(const fc_json *j, int t, const char *s, size_t n)
{
    const jsmntok_t *k = &j->tok[t];
    const char *raw = j->js + k->start;
    size_t len = (size_t)(k->end - k->start);
    fc_json_sink c;
    size_t used;
    long r;
    /* Escapes only ever shorten a string, and text without one (parse
     * checked it) is its own decoding: most keys need no decoder. */
    if (len < n || (n && raw[0] != '\\' && raw[0] != s[0]))
        return 0; /* without an escape first, the first byte is itself */
    if (!memchr(raw, '\\', len))
        return len == n && memcmp(raw, s, n) == 0;
    memset(&c, 0, sizeof c);
    c.cmp = s;
    c.cmplen = n;
    r = fc_json_decode(raw, len, &c, &used);
    return r >= 0 && (size_t)r == n;
}

static int find_n(const fc_json *j, int obj, const char *key, size_t n)
{
    int r = check_tok(j, obj), k, i, found = FC_ERR_JSON_MISSING;
    if (r)
        return r;
    if (j->tok[obj].type != JSMN_OBJECT)
        return FC_ERR_JSON_TYPE;
    for (k = obj + 1, i = 0; i < j->tok[obj].size; i++) {
        if (key_is(j, k, key, n)) {
            if (found >= 0)
                return FC_ERR_JSON;
            found = k + 1;
        }
        k = fc_json_skip(j, k);
        if (k < 0)
            return k;
    }
    return found;
}

int fc_json_find(const fc_json *j, int obj, const char *key)
{
    if (!key)
        return obj < 0 ? obj : FC_ERR_ARG;
    return find_n(j, obj, key, strlen(key));
}

int fc_json_index(const fc_json *j, int arr, size_t i)
{
    int r = check_tok(j, arr), t;
    if (r)
        return r;
    if (j->tok[arr].type != JSMN_ARRAY)
        return FC_ERR_JSON_TYPE;
    if (i >= (size_t)j->tok[arr].size)
        return FC_ERR_JSON_MISSING;
    for (t = arr + 1; i > 0 && t >= 0; i--)
        t = fc_json_skip(j, t);
    return t;
}

int fc_json_size(const fc_json *j, int t)
{
    int r = check_tok(j, t);
    if (r)
        return r;
    if (j->tok[t].type != JSMN_OBJECT && j->tok[t].type != JSMN_ARRAY)
        return FC_ERR_JSON_TYPE;
    return j->tok[t].size;
}

int fc_json_first(const fc_json *j, int c)
{
    int r = fc_json_size(j, c);
    if (r < 0)
        return r;
    return r > 0 ? c + 1 : FC_ERR_JSON_MISSING;
}

int fc_json_next(const fc_json *j, int c, int t)
{
    int r = fc_json_size(j, c), u;
    if (r < 0)
        return r;
    if ((u = fc_json_skip(j, t)) < 0)
        return u;
    /* Whatever starts before c ends is inside c. */
    if (u < j->count && j->tok[u].start < j->tok[c].end)
        return u;
    return FC_ERR_JSON_MISSING;
}

int fc_json_path(const fc_json *j, int root, const char *path)
{
    int t = check_tok(j, root);
    if (t)
        return t;
    if (!path)
        return FC_ERR_ARG;
    if (*path == '\0')
        return root;
    for (t = root;;) {
        const char *dot = strchr(path, '.');
        size_t n = dot ? (size_t)(dot - path) : strlen(path), i, idx = 0;
        if (n == 0)
            return FC_ERR_ARG;
        if (j->tok[t].type == JSMN_OBJECT) {
            t = find_n(j, t, path, n);
        } else if (j->tok[t].type == JSMN_ARRAY) {
            for (i = 0; i < n; i++) {
                if (!is_digit(path[i]))
                    return FC_ERR_JSON_TYPE;
                /* Saturates: an index that large is simply missing. */
                idx = idx > (SIZE_MAX - 9) / 10 ? SIZE_MAX : idx * 10 + (size_t)(path[i] - '0');
            }
            t = fc_json_index(j, t, idx);
        } else {
            return FC_ERR_JSON_TYPE;
        }
        if (t < 0 || !dot)
            return t;
        path = dot + 1;
    }
}

int fc_json_type(const fc_json *j, int t)
{
    int r = check_tok(j, t);
    if (r)
        return r;
    switch (j->tok[t].type) {
    case JSMN_OBJECT: return FC_JSON_OBJECT;
    case JSMN_ARRAY: return FC_JSON_ARRAY;
    case JSMN_STRING: return FC_JSON_STRING;
    case JSMN_PRIMITIVE:
    case JSMN_UNDEFINED: break;
    }
    switch (j->js[j->tok[t].start]) {
    case 't': return FC_JSON_TRUE;
    case 'f': return FC_JSON_FALSE;
    case 'n': return FC_JSON_NULL;
    default: return FC_JSON_NUMBER;
    }
}

int fc_json_int64(const fc_json *j, int t, int64_t *out)
{
    const char *s;
    size_t n, i;
    int64_t v = 0;
    int r = fc_json_type(j, t), neg;
    if (r < 0)
        return r;
    if (r != FC_JSON_NUMBER)
        return FC_ERR_JSON_TYPE;
    s = j->js + j->tok[t].start;
    n = (size_t)(j->tok[t].end - j->tok[t].start);
    neg = s[0] == '-';
    /* Accumulates downwards: INT64_MIN has no positive counterpart. */
    for (i = (size_t)neg; i < n; i++) {
        int d;
        if (!is_digit(s[i]))
            return FC_ERR_JSON_TYPE; /* a fraction or exponent */
        d = s[i] - '0';
        if (v < (INT64_MIN + d) / 10)
            return FC_ERR_JSON_TYPE;
        v = v * 10 - d;
    }
    if (!neg) {
        if (v == INT64_MIN)
            return FC_ERR_JSON_TYPE;
        v = -v;
    }
    if (!out)
        return FC_ERR_ARG;
    *out = v;
    return FC_OK;
}

int fc_json_bool(const fc_json *j, int t, int *out)
{
    int r = fc_json_type(j, t);
    if (r < 0)
        return r;
    if (r != FC_JSON_TRUE && r != FC_JSON_FALSE)
        return FC_ERR_JSON_TYPE;
    if (!out)
        return FC_ERR_ARG;
    *out = r == FC_JSON_TRUE;
    return FC_OK;
}

int fc_json_is_null(const fc_json *j, int t)
{
    return fc_json_type(j, t) == FC_JSON_NULL;
}

int fc_json_streq(const fc_json *j, int t, const char *s)
{
    if (check_tok(j, t) || !s || j->tok[t].type != JSMN_STRING)
        return 0;
    return key_is(j, t, s, strlen(s));
}

long fc_json_string(const fc_json *j, int t, char *out, size_t cap)
{
    const char *raw;
    size_t n;
    int r = check_tok(j, t);
    if (r == FC_OK && j->tok[t].type != JSMN_STRING)
        r = FC_ERR_JSON_TYPE;
    if (r) {
        if (out && cap)
            out[0] = '\0';
        return r;
    }
    raw = j->js + j->tok[t].start;
    n = (size_t)(j->tok[t].end - j->tok[t].start);
    /* Without a backslash the text parse accepted is the decoding. */
    if (out && cap > n && !memchr(raw, '\\', n)) {
        memcpy(out, raw, n);
        out[n] = '\0';
        return (long)n;
    }
    return fc_json_unescape(raw, n, out, cap);
}

const char *fc_json_raw(const fc_json *j, int t, size_t *len)
{
    size_t dummy;
    if (!len)
        len = &dummy;
    *len = 0;
    if (check_tok(j, t))
        return NULL;
    *len = (size_t)(j->tok[t].end - j->tok[t].start);
    return j->js + j->tok[t].start;
}

