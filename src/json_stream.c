/* json_stream.c - a JSON array read one element at a time from a byte
 * stream of any chunking (see fc_json_stream in json.h): each element is
 * collected whole in the caller's buffer and handed out, so a list of any
 * length costs one element's memory. */
#include <string.h>

#include "json_text.h"

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
            if (fc_json_parse_prefix(s->doc, s->pool, s->pool_cap, data + i, avail, &m) == FC_OK) {
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

