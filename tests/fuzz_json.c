/* fuzz_json.c - libFuzzer target for json.h.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc -Iport \
 *       tests/fuzz_json.c src/json.c src/error.c -o fuzz_json
 *
 * Beyond "no crash", it checks what must hold between independent parts:
 * tokens equal jsmn 1.1.0's on every document the parser accepts; a small
 * pool changes only FC_ERR_JSON_TOKENS, never the verdict; every getter
 * and lookup behaves on every token; the byte-level array stream, split at
 * a point taken from the data, agrees with the parser on which documents
 * are whole arrays and on each element's text; and the stream that parses
 * its elements agrees with parsing each element of the plain stream. */
#define JSMN_STATIC
#include <jsmn.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

#define MAX_IN 65536
#define NTOK 8192

static jsmntok_t toks[NTOK], small[8], ref[NTOK];
static char store[MAX_IN];
static size_t off[MAX_IN], lens[MAX_IN];

typedef struct {
    size_t used;
    int n;
} collect;

static int collect_fn(void *ctx, const char *e, size_t len)
{
    collect *c = ctx;
    if (c->used + len > sizeof store)
        abort(); /* elements are disjoint pieces of the input */
    memcpy(store + c->used, e, len);
    off[c->n] = c->used;
    lens[c->n] = len;
    c->used += len;
    c->n++;
    return 0;
}

static int has_nul_escape(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i + 6 <= n; i++)
        if (memcmp(s + i, "\\u0000", 6) == 0)
            return 1;
    return 0;
}

static int stream(const char *d, size_t n, size_t split, collect *c)
{
    static char buf[MAX_IN];
    fc_json_stream s;
    int r;
    memset(c, 0, sizeof *c);
    fc_json_stream_init(&s, buf, n, collect_fn, c);
    r = fc_json_stream_push(&s, d, split);
    if (r == FC_OK)
        r = fc_json_stream_push(&s, d + split, n - split);
    if (r == FC_OK)
        r = fc_json_stream_end(&s);
    if (r != FC_OK && fc_json_stream_end(&s) != r)
        abort(); /* errors are sticky */
    return r;
}

/* The same stream parsing its elements (fc_json_stream_parse): each doc
 * must be what fc_json_parse makes of the element, the elements those of
 * the plain stream (c) up to the first one parse refuses, and the result
 * that one's error, else the plain stream's. */
static jsmntok_t ptoks[NTOK], etoks[NTOK]; /* toks holds the document */
static fc_json pdoc;
static const collect *plain;
static int pn;

static int parsed_fn(void *ctx, const char *e, size_t len)
{
    fc_json j;
    (void)ctx;
    if (pn >= plain->n || lens[pn] != len || memcmp(store + off[pn], e, len) != 0)
        abort();
    if (fc_json_parse(&j, etoks, NTOK, e, len) != FC_OK || pdoc.js != e || pdoc.len != len ||
        pdoc.count != j.count || memcmp(pdoc.tok, j.tok, (size_t)j.count * sizeof j.tok[0]) != 0)
        abort();
    pn++;
    return 0;
}

static void stream_parse(const char *d, size_t n, size_t split, const collect *c, int plain_r)
{
    static char buf[MAX_IN];
    fc_json_stream s;
    fc_json j;
    int r, want = plain_r, e;
    for (e = 0; e < c->n; e++)
        if ((r = fc_json_parse(&j, etoks, NTOK, store + off[e], lens[e])) != FC_OK) {
            want = r;
            break;
        }
    plain = c;
    pn = 0;
    fc_json_stream_init(&s, buf, n, parsed_fn, NULL);
    fc_json_stream_parse(&s, &pdoc, ptoks, NTOK);
    r = fc_json_stream_push(&s, d, split);
    if (r == FC_OK)
        r = fc_json_stream_push(&s, d + split, n - split);
    if (r == FC_OK)
        r = fc_json_stream_end(&s);
    if (r != want || pn != e)
        abort();
}

static void check_tokens(const fc_json *j)
{
    static char out[MAX_IN + 1];
    jsmn_parser p;
    int i, r;
    jsmn_init(&p);
    r = jsmn_parse(&p, j->js, j->len, ref, NTOK);
    if (r != j->count)
        abort();
    for (i = 0; i < r; i++)
        if (ref[i].type != j->tok[i].type || ref[i].start != j->tok[i].start ||
            ref[i].end != j->tok[i].end || ref[i].size != j->tok[i].size)
            abort();
    for (i = 0; i < j->count; i++) {
        int64_t v;
        int b, k, type = fc_json_type(j, i), t, m = 0;
        size_t rl;
        long sl;
        const char *raw = fc_json_raw(j, i, &rl);
        if (type < FC_JSON_OBJECT || type > FC_JSON_NULL || !raw)
            abort();
        if (fc_json_skip(j, i) <= i || fc_json_skip(j, i) > j->count)
            abort();
        (void)fc_json_int64(j, i, &v);
        if ((fc_json_bool(j, i, &b) == FC_OK) != (type == FC_JSON_TRUE || type == FC_JSON_FALSE))
            abort();
        if (fc_json_is_null(j, i) != (type == FC_JSON_NULL))
            abort();
        if (type == FC_JSON_OBJECT || type == FC_JSON_ARRAY) {
            for (t = fc_json_first(j, i); t >= 0; t = fc_json_next(j, i, t))
                m++;
            if (m != fc_json_size(j, i))
                abort();
            if (type == FC_JSON_ARRAY && m > 0 && fc_json_index(j, i, (size_t)m - 1) < 0)
                abort();
        }
        if (type != FC_JSON_STRING)
            continue;
        /* Decoding never grows a string, and a valid string only fails on \u0000. */
        sl = fc_json_string(j, i, out, sizeof out);
        if (sl == FC_ERR_JSON) {
            if (!has_nul_escape(raw, rl))
                abort();
            continue;
        }
        if (sl < 0 || (size_t)sl > rl || out[sl] != '\0' || !fc_json_streq(j, i, out))
            abort();
        /* A key is found under its decoded name, unless it is duplicated. */
        if (j->tok[i].size == 1) {
            for (k = i - 1; k >= 0; k--)
                if (j->tok[k].type == JSMN_OBJECT && fc_json_skip(j, k) > i)
                    break;
            t = fc_json_find(j, k, out);
            if (t != i + 1 && t != FC_ERR_JSON)
                abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *d = (const char *)data;
    fc_json j, js;
    collect c;
    int r, rs, sr, e, t;
    size_t split, plen;
    char path[24];
    if (size > MAX_IN)
        return 0;
    r = fc_json_parse(&j, toks, NTOK, d, size);
    rs = fc_json_parse(&js, small, 8, d, size);
    /* The pool only ever turns a success into FC_ERR_JSON_TOKENS. */
    if (r == FC_OK ? (rs != FC_OK && rs != FC_ERR_JSON_TOKENS) : rs != r)
        abort();
    if (r == FC_OK && rs == FC_OK && memcmp(toks, small, (size_t)js.count * sizeof small[0]))
        abort();
    if (r != FC_OK && j.count != 0)
        abort();
    if (r == FC_OK) {
        check_tokens(&j);
        /* a path taken from the data itself */
        plen = size < sizeof path - 1 ? size : sizeof path - 1;
        memcpy(path, d, plen);
        path[plen] = '\0';
        (void)fc_json_path(&j, 0, path);
        (void)fc_json_path(&j, 0, "0.a.1");
    }

    split = size ? data[0] % (size + 1) : 0;
    sr = stream(d, size, split, &c);
    stream_parse(d, size, split, &c, sr);
    if (r == FC_OK) {
        /* The parser accepted it: the stream must deliver the same pieces. */
        if (sr != FC_OK)
            abort();
        if (j.tok[0].type == JSMN_ARRAY) {
            if (c.n != j.tok[0].size)
                abort();
            for (t = fc_json_first(&j, 0), e = 0; t >= 0; t = fc_json_next(&j, 0, t), e++) {
                size_t rl;
                const char *raw = fc_json_raw(&j, t, &rl);
                if (j.tok[t].type == JSMN_STRING) {
                    raw--;
                    rl += 2;
                }
                if (lens[e] != rl || memcmp(store + off[e], raw, rl) != 0)
                    abort();
            }
        } else if (c.n != 1) {
            abort();
        }
    } else if (sr == FC_OK && r == FC_ERR_JSON) {
        /* The stream passed it: then some element must be invalid on its own. */
        for (e = 0; e < c.n; e++)
            if (fc_json_parse(&js, toks, NTOK, store + off[e], lens[e]) == FC_ERR_JSON)
                break;
        if (e == c.n)
            abort();
    }
    return 0;
}
