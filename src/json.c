/* json.c - parsing (see json.h); json_text.c decodes strings, json_get.c
 * looks values up, json_stream.c reads an array one element at a time.
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

#include "json_text.h"

#ifdef JSMN_PARENT_LINKS
#error "framec's tokens carry no parent links: build without JSMN_PARENT_LINKS"
#endif

/* ---- Parsing ------------------------------------------------------------ */

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
static long string_text(const char *s, size_t n, fc_json_sink *check, size_t *used)
{
    size_t i = plain_run(s, n);
    if (i < n && s[i] == '"') {
        *used = i;
        return 0;
    }
    return fc_json_decode(s, n, check, used);
}

enum { P_VALUE, P_KEY, P_AFTER };

/* fc_json_parse, and with vend set, a prefix parse for the stream: one value
 * at js[0] that must end inside js[0..len), its end put in *vend, whatever
 * follows left alone. Running out of input is then FC_ERR_JSON too, so a
 * prefix parse never accepts a value that more input would change, as long
 * as that value ends in its own closing byte (an object, array or string). */
int fc_json_parse_prefix(fc_json *j, jsmntok_t *pool, unsigned cap, const char *js, size_t len,
                         size_t *vend)
{
    size_t open[FC_JSON_MAX_DEPTH]; /* token index of each open container */
    unsigned char isobj[FC_JSON_MAX_DEPTH];
    unsigned depth = 0;
    size_t pos = 0, n = 0, m, used;
    int st = P_VALUE;
    fc_json_sink check;
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
    return fc_json_parse_prefix(j, pool, cap, js, len, NULL);
}
