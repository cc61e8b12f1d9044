/* json.c - see json.h.
 *
 * One pass: a strict RFC 8259 checker that writes jsmn 1.1.0's tokens as it
 * goes (jsmn is not a validator: it takes [1,,2], {"a":1,} and nul), and
 * counts them past the pool's end, which tells "pool too small" apart from
 * "invalid" whatever the pool size. jsmn_parse itself is not run: over a
 * valid text it would only write the same tokens again, at about the cost
 * of the check, and without JSMN_PARENT_LINKS it rescans the earlier tokens
 * each time a container closes (quadratic over one large array: 800 KB of
 * small objects took 15 s). tests/test_json.c and tests/fuzz_json.c keep
 * jsmn as the reference: the tokens must equal jsmn_parse's on every valid
 * text. Lists still go through fc_json_stream one element at a time, and
 * the command line bounds any document by its element buffer. */
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "json.h"

#include "http.h" /* fc_http_hexval: one copy of the hex digits */

#ifdef JSMN_PARENT_LINKS
#error "framec's tokens carry no parent links: build without JSMN_PARENT_LINKS"
#endif

/* ---- String decoding ---------------------------------------------------- */

/* Compare mode stops at the first differing byte with this code; it never
 * leaves this file. */
#define DIFFERS (-1000)

/* Where decoded bytes go: written to out, compared with cmp, or, with
 * neither, only checked and counted. */
typedef struct {
    char *out;
    size_t cap;
    const char *cmp;
    size_t cmplen;
    size_t len; /* bytes decoded so far */
} sink;

static int emit(sink *k, const char *p, size_t n)
{
    if (k->out) {
        if (n >= k->cap - k->len) /* keeps room for the NUL */
            return FC_ERR_JSON_TOO_BIG;
        memcpy(k->out + k->len, p, n);
    } else if (k->cmp) {
        if (n > k->cmplen - k->len || memcmp(k->cmp + k->len, p, n) != 0)
            return DIFFERS;
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

/* Bytes that stand for themselves inside a JSON string. */
static int plain(unsigned char c)
{
    return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

/* String bodies are most of a listing's bytes, so the loops over them look
 * at a machine word per step (SWAR: "Bit Twiddling Hacks", haszero and
 * hasless). Each test only says whether some byte of the word matches,
 * exactly; the byte loop then finds which. The word is the native one,
 * size_t: 8 bytes on x86-64, 4 on a Cortex-M, where 64-bit words would
 * take register pairs, more code and more time. FC_JSON_WORD overrides it
 * (an unsigned type of 4 or 8 bytes), so that x86 tests the 4-byte one too
 * (build/tests/test_json_word32, run by make test). */
typedef FC_JSON_WORD word;
#define ONES ((word)-1 / 0xFF) /* 0x0101...01 */
#define HIGHS (ONES * 0x80u)

static word load_word(const char *p)
{
    word w;
    memcpy(&w, p, sizeof w);
    return w;
}

/* High bit set in some byte when some byte of w equals b (b < 0x80). */
static word has_byte(word w, unsigned b)
{
    word v = w ^ (ONES * b);
    return (v - ONES) & ~v;
}

/* Where the word's first flagged byte is, from a mask of the tests above:
 * they flag wrongly only bytes after a true match (a borrow runs towards
 * the high end), so the lowest flag is exact, and it is the first byte in
 * memory when the machine is little-endian; elsewhere, -1. */
static int first_flag(word m)
{
    const uint16_t one = 1;
    unsigned char lo;
    word low = m & (~m + 1); /* the lowest flag alone: 0x80 << 8k */
    memcpy(&lo, &one, 1);
    if (lo != 1)
        return -1;
    /* 2^8k - 1 masked with ONES holds k bytes of 1; the multiply adds
     * them up in the top byte. */
    return (int)(((((low >> 7) - 1) & ONES) * ONES) >> (8 * sizeof(word) - 8));
}

/* Length of the run of plain bytes at s[0..n). */
static size_t plain_run(const char *s, size_t n)
{
    size_t i = 0;
    for (; n - i >= sizeof(word); i += sizeof(word)) {
        word w = load_word(s + i);
        /* below 0x20, or 0x80 and up, or '"', or '\\' */
        word m = (((w - ONES * 0x20u) & ~w) | w | has_byte(w, '"') | has_byte(w, '\\')) & HIGHS;
        if (m) {
            int k = first_flag(m);
            if (k >= 0)
                return i + (size_t)k;
            break;
        }
    }
    while (i < n && plain((unsigned char)s[i]))
        i++;
    return i;
}

/* Length of the run at s[0..n) holding neither '"' nor '\\'. */
static size_t quote_run(const char *s, size_t n)
{
    size_t i = 0;
    for (; n - i >= sizeof(word); i += sizeof(word))
        if ((has_byte(load_word(s + i), '"') | has_byte(load_word(s + i), '\\')) & HIGHS)
            break;
    while (i < n && s[i] != '"' && s[i] != '\\')
        i++;
    return i;
}

/* Decodes string text s[0..n) into k up to the first raw quote (or n) and
 * sets *used to where it stopped. One decoder serves parsing (check only),
 * key matching (compare) and fc_json_string (write), so all three agree on
 * what a string is. Returns the decoded length or a negative code. */
static long decode(const char *s, size_t n, sink *k, size_t *used)
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
    sink k;
    size_t used = 0;
    long r;
    if (!out || (!s && n))
        return FC_ERR_ARG;
    if (cap == 0)
        return FC_ERR_JSON_TOO_BIG;
    memset(&k, 0, sizeof k);
    k.out = out;
    k.cap = cap;
    r = decode(s, n, &k, &used);
    if (r >= 0 && used != n)
        r = FC_ERR_JSON; /* a raw quote ends a string: it can not be inside one */
    out[r >= 0 ? k.len : 0] = '\0';
    return r;
}

/* ---- Parsing ------------------------------------------------------------ */

/* A macro: it runs once per token, and -Os builds keep a function a call.
 * c is read more than once. */
#define IS_WS(c) ((c) == ' ' || (c) == '\n' || (c) == '\r' || (c) == '\t')

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Length of the RFC 8259 number at s, or 0 when there is none. */
static size_t number_len(const char *s, size_t n)
{
    size_t i = 0, d;
    if (i < n && s[i] == '-')
        i++;
    if (i < n && s[i] == '0') {
        i++;
    } else {
        for (d = i; i < n && is_digit(s[i]); i++)
            ;
        if (i == d)
            return 0;
    }
    if (i < n && s[i] == '.') {
        for (d = ++i; i < n && is_digit(s[i]); i++)
            ;
        if (i == d)
            return 0;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        if (++i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        for (d = i; i < n && is_digit(s[i]); i++)
            ;
        if (i == d)
            return 0;
    }
    return i;
}

static size_t literal_len(const char *s, size_t n)
{
    const char *w = s[0] == 't' ? "true" : s[0] == 'f' ? "false" : s[0] == 'n' ? "null" : NULL;
    size_t m = w ? strlen(w) : 0;
    return m && n >= m && memcmp(s, w, m) == 0 ? m : 0;
}

/* Adds a token when the pool has room; counts it either way, so a pool
 * that is too small is told apart from invalid text after the whole pass. */
static void add(fc_json *j, size_t *n, jsmntype_t type, size_t start, size_t end, int size)
{
    if (*n < j->cap) {
        jsmntok_t *t = &j->tok[*n];
        t->type = type;
        t->start = (int)start;
        t->end = end == (size_t)-1 ? -1 : (int)end;
        t->size = size;
    }
    (*n)++;
}

static int fail(fc_json *j, int err)
{
    j->count = 0;
    return err;
}

/* Checks the string text at s[0..n), after its opening quote, up to the
 * closing quote: *used is then the text's length (n when there is no
 * closing quote). Text without escapes or non-ASCII, most of it, needs no
 * decoder. Negative when invalid. */
static long string_text(const char *s, size_t n, sink *check, size_t *used)
{
    size_t i = plain_run(s, n);
    if (i < n && s[i] == '"') {
        *used = i;
        return 0;
    }
    return decode(s, n, check, used);
}

enum { P_VALUE, P_KEY, P_AFTER };

/* fc_json_parse, and with vend set, a prefix parse for the stream: one value
 * at js[0] that must end inside js[0..len), its end put in *vend, whatever
 * follows left alone. Running out of input is then FC_ERR_JSON too, so a
 * prefix parse never accepts a value that more input would change, as long
 * as that value ends in its own closing byte (an object, array or string). */
static int parse(fc_json *j, jsmntok_t *pool, unsigned cap, const char *js, size_t len,
                 size_t *vend)
{
    size_t open[FC_JSON_MAX_DEPTH]; /* token index of each open container */
    unsigned char isobj[FC_JSON_MAX_DEPTH];
    unsigned depth = 0;
    size_t pos = 0, n = 0, m, used;
    int st = P_VALUE;
    sink check;
    if (!j)
        return FC_ERR_ARG;
    j->js = js;
    j->len = len;
    j->tok = pool;
    j->cap = cap;
    j->count = 0;
    if ((!js && len) || (!pool && cap))
        return FC_ERR_ARG;
    if (len > (size_t)INT_MAX)
        return FC_ERR_JSON_TOO_BIG;
    memset(&check, 0, sizeof check);
    for (;;) {
        char c;
        if (vend && st == P_AFTER && depth == 0) {
            *vend = pos;
            j->len = pos;
            break;
        }
        while (pos < len && IS_WS(js[pos]))
            pos++;
        if (st == P_AFTER) {
            char close;
            if (depth == 0) {
                if (pos != len)
                    return fail(j, FC_ERR_JSON);
                break;
            }
            if (pos == len)
                return fail(j, FC_ERR_JSON);
            c = js[pos++];
            close = isobj[depth - 1] ? '}' : ']';
            if (c == ',') {
                st = isobj[depth - 1] ? P_KEY : P_VALUE;
            } else if (c == close) {
                depth--;
                if (open[depth] < cap)
                    pool[open[depth]].end = (int)pos;
            } else {
                return fail(j, FC_ERR_JSON);
            }
            continue;
        }
        if (pos == len)
            return fail(j, FC_ERR_JSON);
        c = js[pos];
        if (st == P_KEY) {
            if (c != '"' || string_text(js + pos + 1, len - pos - 1, &check, &used) < 0 ||
                pos + 1 + used == len)
                return fail(j, FC_ERR_JSON);
            if (open[depth - 1] < cap)
                pool[open[depth - 1]].size++;
            add(j, &n, JSMN_STRING, pos + 1, pos + 1 + used, 1);
            pos += used + 2;
            while (pos < len && IS_WS(js[pos]))
                pos++;
            if (pos == len || js[pos] != ':')
                return fail(j, FC_ERR_JSON);
            pos++;
            st = P_VALUE;
            continue;
        }
        /* A value. In an object the key already counted it. */
        if (depth && !isobj[depth - 1] && open[depth - 1] < cap)
            pool[open[depth - 1]].size++;
        st = P_AFTER;
        if (c == '{' || c == '[') {
            if (depth == FC_JSON_MAX_DEPTH)
                return fail(j, FC_ERR_JSON_DEPTH);
            open[depth] = n;
            isobj[depth] = c == '{';
            add(j, &n, c == '{' ? JSMN_OBJECT : JSMN_ARRAY, pos, (size_t)-1, 0);
            pos++;
            while (pos < len && IS_WS(js[pos]))
                pos++;
            if (pos < len && js[pos] == (c == '{' ? '}' : ']')) {
                if (open[depth] < cap)
                    pool[open[depth]].end = (int)(pos + 1);
                pos++;
            } else {
                st = c == '{' ? P_KEY : P_VALUE;
                depth++;
            }
        } else if (c == '"') {
            if (string_text(js + pos + 1, len - pos - 1, &check, &used) < 0 ||
                pos + 1 + used == len)
                return fail(j, FC_ERR_JSON);
            add(j, &n, JSMN_STRING, pos + 1, pos + 1 + used, 0);
            pos += used + 2;
        } else if ((m = literal_len(js + pos, len - pos)) != 0 ||
                   (m = number_len(js + pos, len - pos)) != 0) {
            add(j, &n, JSMN_PRIMITIVE, pos, pos + m, 0);
            pos += m;
        } else {
            return fail(j, FC_ERR_JSON);
        }
    }
    if (n > cap)
        return fail(j, FC_ERR_JSON_TOKENS);
    j->count = (int)n;
    return FC_OK;
}

int fc_json_parse(fc_json *j, jsmntok_t *pool, unsigned cap, const char *js, size_t len)
{
    return parse(j, pool, cap, js, len, NULL);
}

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
    sink c;
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
    r = decode(raw, len, &c, &used);
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

/* ---- Array stream ------------------------------------------------------- */

enum {
    S_START, /* before the top-level value */
    S_FIRST, /* after '[': an element or ']' */
    S_NEXT,  /* after ',': an element */
    S_AFTER, /* after an element: ',' or ']' */
    S_VALUE, /* inside an element, or the whole non-array value */
    S_DONE,  /* after the top-level value: whitespace only */
    S_ENDED  /* fc_json_stream_end was called */
};

void fc_json_stream_init(fc_json_stream *s, char *buf, size_t cap, fc_json_element_fn fn, void *ctx)
{
    memset(s, 0, sizeof *s);
    s->fn = fn;
    s->ctx = ctx;
    s->buf = buf;
    s->cap = buf ? cap : 0;
    s->state = S_START;
}

static int stream_fail(fc_json_stream *s, int err)
{
    s->err = err;
    return err;
}

/* Hands fn one element (or the non-array value), parsed into the stream's
 * doc first unless the in-place parse (parsed) already did. */
static int deliver(fc_json_stream *s, const char *elem, size_t len, int parsed)
{
    int r;
    if (s->doc && !parsed && (r = fc_json_parse(s->doc, s->pool, s->pool_cap, elem, len)) != FC_OK)
        return stream_fail(s, r);
    if (s->fn && s->fn(s->ctx, elem, len) != 0)
        return stream_fail(s, FC_ERR_CALLBACK);
    return FC_OK;
}

/* Bytes a number, true, false or null may hold. Anything else ends one, and
 * the array level or the element's own parse judges what follows. */
static int prim_byte(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
           c == '+' || c == '.';
}

/* Starts a value at byte c (not consumed: scan_value reads it). */
static int begin_value(fc_json_stream *s, char c)
{
    s->len = 0;
    s->depth = 0;
    s->in_str = s->esc = s->prim = 0;
    if (prim_byte(c))
        s->prim = 1;
    else if (c != '"' && c != '{' && c != '[')
        return FC_ERR_JSON;
    s->state = S_VALUE;
    return FC_OK;
}

/* Advances *pi through the current value. Returns 1 when it is complete
 * (*pi just past its last byte), 0 when d[*pi..n) was all inside it, or an
 * error. The loops inside strings and primitives are the hot path. */
static int scan_value(fc_json_stream *s, const char *d, size_t n, size_t *pi)
{
    size_t i = *pi;
    while (i < n) {
        char c;
        if (s->in_str) {
            if (s->esc) {
                s->esc = 0;
                i++;
                continue;
            }
            i += quote_run(d + i, n - i);
            if (i == n)
                break;
            if (d[i++] == '\\') {
                s->esc = 1;
                continue;
            }
            s->in_str = 0;
            if (s->depth == 0) {
                *pi = i;
                return 1;
            }
            continue;
        }
        if (s->prim) {
            while (i < n && prim_byte(d[i]))
                i++;
            if (i == n)
                break;
            *pi = i;
            return 1;
        }
        c = d[i++];
        switch (c) {
        case '"': s->in_str = 1; break;
        case '{':
        case '[':
            if (s->depth == FC_JSON_MAX_DEPTH)
                return FC_ERR_JSON_DEPTH;
            if (c == '{')
                s->objs[s->depth / 8] =
                    (unsigned char)(s->objs[s->depth / 8] | (1u << (s->depth % 8)));
            else
                s->objs[s->depth / 8] =
                    (unsigned char)(s->objs[s->depth / 8] & ~(1u << (s->depth % 8)));
            s->depth++;
            break;
        case '}':
        case ']':
            if (s->depth == 0)
                return FC_ERR_JSON;
            s->depth--;
            if (((s->objs[s->depth / 8] >> (s->depth % 8)) & 1u) != (c == '}'))
                return FC_ERR_JSON; /* [} or {] */
            if (s->depth == 0) {
                *pi = i;
                return 1;
            }
            break;
        default: break;
        }
    }
    *pi = i;
    return 0;
}

int fc_json_stream_push(fc_json_stream *s, const char *data, size_t len)
{
    size_t i = 0;
    if (!s || (!data && len))
        return FC_ERR_ARG;
    if (s->err)
        return s->err;
    if (s->state == S_ENDED)
        return FC_ERR_ARG;
    while (i < len) {
        int r;
        char c;
        if (s->state == S_VALUE) {
            size_t from = i;
            r = scan_value(s, data, len, &i);
            if (r < 0)
                return stream_fail(s, r);
            if (i - from > s->cap - s->len)
                return stream_fail(s, FC_ERR_JSON_TOO_BIG);
            if (i > from) {
                memcpy(s->buf + s->len, data + from, i - from);
                s->len += i - from;
            }
            if (r == 1) {
                if (!s->array) {
                    s->state = S_DONE; /* delivered by fc_json_stream_end */
                    continue;
                }
                s->state = S_AFTER;
                if ((r = deliver(s, s->buf, s->len, 0)) != FC_OK)
                    return r;
            }
            continue;
        }
        c = data[i];
        if (IS_WS(c)) {
            i++;
            continue;
        }
        switch (s->state) {
        case S_START:
            if (c == '[') {
                s->array = 1;
                s->state = S_FIRST;
                i++;
                continue;
            }
            break;
        case S_FIRST:
            if (c == ']') {
                s->state = S_DONE;
                i++;
                continue;
            }
            break;
        case S_NEXT: break;
        case S_AFTER:
            if (c != ',' && c != ']')
                return stream_fail(s, FC_ERR_JSON);
            s->state = c == ',' ? S_NEXT : S_DONE;
            i++;
            continue;
        default: return stream_fail(s, FC_ERR_JSON); /* S_DONE: whitespace only */
        }
        if (s->doc && s->array && (c == '{' || c == '[' || c == '"')) {
            /* The common case, an element whole inside this push: checked,
             * tokenized and cut out in one pass, read where it lies. Else
             * (cut by the push, too long, or invalid) the scan below takes
             * it from its first byte, exactly as without a doc. */
            size_t m, avail = len - i < s->cap ? len - i : s->cap;
            if (parse(s->doc, s->pool, s->pool_cap, data + i, avail, &m) == FC_OK) {
                s->state = S_AFTER;
                i += m;
                if ((r = deliver(s, data + i - m, m, 1)) != FC_OK)
                    return r;
                continue;
            }
        }
        if ((r = begin_value(s, c)) != FC_OK)
            return stream_fail(s, r);
    }
    return FC_OK;
}

int fc_json_stream_end(fc_json_stream *s)
{
    int st;
    if (!s)
        return FC_ERR_ARG;
    if (s->err)
        return s->err;
    if (s->state == S_ENDED)
        return FC_ERR_ARG;
    st = s->state;
    s->state = S_ENDED;
    if (st == S_VALUE && s->prim && !s->array)
        st = S_DONE; /* a top-level number ends with the input */
    if (st != S_DONE)
        return stream_fail(s, FC_ERR_JSON);
    return s->array ? FC_OK : deliver(s, s->buf, s->len, 0);
}

void fc_json_stream_parse(fc_json_stream *s, fc_json *doc, jsmntok_t *pool, unsigned cap)
{
    s->doc = doc;
    s->pool = pool;
    s->pool_cap = pool ? cap : 0;
}

int fc_json_stream_is_array(const fc_json_stream *s)
{
    return s && s->array;
}
