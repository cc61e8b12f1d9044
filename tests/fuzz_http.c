/* fuzz_http.c - libFuzzer target for http.h: the response parser and the
 * request writer.
 *
 *   make fuzz (tests/fuzz.mk), or by hand:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
 *       -Isrc -Iport tests/fuzz_http.c src/http.c -o fuzz_http
 *   ./fuzz_http -dict=tests/corpus/http.dict build/fuzz/corpus-http tests/corpus/http
 *
 * Input: byte 0 chooses the mode and the limits, bytes 1-3 seed the split,
 * the rest is a response (or, in writer mode, request fields).
 *
 * Parser mode (byte 0 bit 7 clear; bit 0: HEAD request, bits 1-3: line
 * buffer size, bits 4-5: max_headers). The response is parsed three ways:
 *   - all at once with the chosen limits;
 *   - in pieces whose sizes come from the seed (1-byte pieces, empty calls
 *     and large pieces mixed), each piece in its own exact-size heap copy so
 *     ASan sees any read past it; fc_http_finish when the input runs out;
 *   - all at once with limits nothing can reach.
 * It traps unless: *used <= len, and every call short of the end or an
 * error consumes its whole piece; the split run gives the same result,
 * consumes the same bytes, and delivers the same status lines, headers and
 * body as the whole run; a tighter line buffer or header count only ever
 * turns the result into FC_ERR_HTTP_LINE_LONG or FC_ERR_HTTP_HEADERS_MANY
 * (otherwise everything is equal); a success with Content-Length delivered
 * exactly that many bytes, a close-delimited one consumed all input, and a
 * HEAD, 204 or 304 delivered none; callbacks point into the line buffer or
 * the current piece, headers are trimmed tokens, and a finished parser
 * takes no more bytes. Date and Retry-After values go through fc_http_date.
 *
 * Writer mode (byte 0 bit 7 set): NUL-separated fields make a request
 * (method, host, base path, path, client id, timestamp, signature, content
 * type, then query key/value pairs); bytes 1-3 pick flags and the buffer
 * size. fc_http_write_request must give FC_ERR_FIELD exactly when an
 * independent check finds a forbidden byte, otherwise a head equal to a
 * reference writer's: no CR or LF except the line ends, one "\r\n\r\n" at
 * the very end, a request line with two spaces and header lines with one.
 * A smaller buffer gives the same head or FC_ERR_REQUEST_TOO_BIG, never a
 * write past its end. fc_http_encode round-trips each field. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"

#define MAX_IN 65536
#define CHECK(c)                                                                                   \
    do {                                                                                           \
        if (!(c))                                                                                  \
            __builtin_trap();                                                                      \
    } while (0)

/* ---- Parser ---------------------------------------------------------------- */

typedef struct {
    unsigned char body[MAX_IN];
    size_t body_len;
    uint64_t hash;    /* status lines and headers, in order */
    unsigned nstatus; /* status lines seen (1xx included) */
    const char *line; /* the parser's line buffer */
    size_t line_cap;
    const unsigned char *piece; /* the bytes of the current call */
    size_t piece_len;
} record;

static void mix(record *r, const void *p, size_t n)
{
    const unsigned char *b = p;
    size_t i;
    for (i = 0; i < n; i++)
        r->hash = (r->hash ^ b[i]) * 0x100000001b3ull;
    r->hash = (r->hash ^ n) * 0x100000001b3ull;
}

static int in_line(const record *r, const char *s, size_t n)
{
    return s >= r->line && n <= r->line_cap && s + n <= r->line + r->line_cap;
}

static int tchar(unsigned char c)
{
    return c > 0x20 && c < 0x7f && !strchr("\"(),/:;<=>?@[\\]{}", c);
}

static int ieq(const char *s, size_t n, const char *lit)
{
    size_t i;
    if (strlen(lit) != n)
        return 0;
    for (i = 0; i < n; i++)
        if ((s[i] | 0x20) != lit[i])
            return 0;
    return 1;
}

static int on_status(void *ctx, const char *s, size_t n)
{
    record *r = ctx;
    size_t i;
    CHECK(in_line(r, s, n) && n >= 12 && memcmp(s, "HTTP/1.", 7) == 0);
    for (i = 0; i < n; i++)
        CHECK(s[i] != '\r' && s[i] != '\n' && s[i] != '\0');
    r->nstatus++;
    mix(r, "S", 1);
    mix(r, s, n);
    return 0;
}

static int on_header(void *ctx, const char *name, size_t nlen, const char *value, size_t vlen)
{
    record *r = ctx;
    size_t i;
    CHECK(in_line(r, name, nlen) && in_line(r, value, vlen) && nlen > 0 && value > name + nlen &&
          name[nlen] == ':');
    for (i = 0; i < nlen; i++)
        CHECK(tchar((unsigned char)name[i]));
    for (i = 0; i < vlen; i++)
        CHECK(value[i] != '\r' && value[i] != '\n' && value[i] != '\0');
    CHECK(vlen == 0 || (value[0] != ' ' && value[0] != '\t' && value[vlen - 1] != ' ' &&
                        value[vlen - 1] != '\t'));
    if (ieq(name, nlen, "date") || ieq(name, nlen, "retry-after")) {
        int64_t when = -1;
        if (fc_http_date(value, vlen, &when) == FC_OK)
            CHECK(when >= 0);
    }
    mix(r, "H", 1);
    mix(r, name, nlen);
    mix(r, value, vlen);
    return 0;
}

static int on_body(void *ctx, const unsigned char *d, size_t n)
{
    record *r = ctx;
    CHECK(n > 0 && d >= r->piece && d + n <= r->piece + r->piece_len);
    CHECK(r->body_len + n <= MAX_IN);
    memcpy(r->body + r->body_len, d, n);
    r->body_len += n;
    return 0;
}

static const fc_http_sink sink = {on_status, on_header, on_body, NULL};

typedef struct {
    int rc;          /* 1 or a negative fc_err, after fc_http_finish */
    size_t consumed; /* bytes the parser took */
    int status, reusable;
    fc_http_parser p;
} outcome;

static uint32_t rng;

static uint32_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

/* Next piece size: single bytes, small runs, larger blocks or the rest. */
static size_t piece_size(size_t left)
{
    uint32_t r = next();
    size_t n;
    switch (r & 3) {
    case 0: n = 1; break;
    case 1: n = 1 + (r >> 2) % 8; break;
    case 2: n = 1 + (r >> 2) % 600; break;
    default: n = left; break;
    }
    return n < left ? n : left;
}

static char line_buf[3][MAX_IN + 1];

/* Feeds d in pieces (split) or at once; calls fc_http_finish on running out. */
static void run(outcome *o, record *r, char *line, size_t cap, unsigned max_headers, int head,
                const unsigned char *d, size_t n, int split)
{
    fc_http_sink s = sink;
    size_t off = 0, used;
    int rc = 0;

    memset(r, 0, sizeof *r);
    memset(o, 0, sizeof *o);
    r->line = line;
    r->line_cap = cap;
    s.ctx = r;
    fc_http_parser_init(&o->p, line, cap, max_headers, head, &s);
    while (off < n) {
        size_t k = split ? piece_size(n - off) : n - off;
        unsigned char *copy;
        if (split && (next() & 15) == 0) {
            r->piece = NULL;
            r->piece_len = 0;
            used = 99;
            CHECK(fc_http_parse(&o->p, (const unsigned char *)"", 0, &used) == 0 && used == 0);
        }
        copy = malloc(k ? k : 1);
        CHECK(copy != NULL);
        memcpy(copy, d + off, k);
        r->piece = copy;
        r->piece_len = k;
        used = (size_t)-1;
        rc = fc_http_parse(&o->p, copy, k, &used);
        free(copy);
        CHECK(used <= k);
        CHECK(rc == 1 || rc <= 0);
        off += used;
        if (rc != 0)
            break;
        CHECK(used == k); /* more input needed: everything was taken */
    }
    if (rc == 1) {
        /* Done: the bytes after the response are left alone. */
        if (off < n) {
            used = 99;
            CHECK(fc_http_parse(&o->p, d + off, n - off, &used) == 1 && used == 0);
        }
        CHECK(fc_http_finish(&o->p) == 1);
    } else if (rc == 0) {
        rc = fc_http_finish(&o->p);
        CHECK(rc == 1 || rc == FC_ERR_HTTP_TRUNCATED || rc == FC_ERR_CLOSED);
        CHECK(rc != FC_ERR_CLOSED || n == 0);
    }
    o->rc = rc;
    o->consumed = off;
    o->status = o->p.status;
    o->reusable = rc == 1 && fc_http_reusable(&o->p);
}

static int same(const outcome *a, const record *ra, const outcome *b, const record *rb)
{
    return a->rc == b->rc && a->consumed == b->consumed && a->status == b->status &&
           a->reusable == b->reusable && ra->hash == rb->hash && ra->nstatus == rb->nstatus &&
           ra->body_len == rb->body_len && memcmp(ra->body, rb->body, ra->body_len) == 0;
}

static record rec_all, rec_split, rec_free;

static void fuzz_parser(unsigned flags, const unsigned char *d, size_t n)
{
    static const size_t caps[8] = {0, 1, 12, 26, 40, 128, 2048, 8192};
    static const unsigned maxh[4] = {0, 1, 4, 100};
    int head = flags & 1;
    size_t cap = caps[flags >> 1 & 7];
    unsigned max_headers = maxh[flags >> 4 & 3];
    outcome all, split, relaxed;
    const fc_http_parser *p = &all.p;

    run(&all, &rec_all, line_buf[0], cap, max_headers, head, d, n, 0);
    run(&split, &rec_split, line_buf[1], cap, max_headers, head, d, n, 1);
    run(&relaxed, &rec_free, line_buf[2], MAX_IN + 1, 1u << 30, head, d, n, 0);

    CHECK(same(&all, &rec_all, &split, &rec_split));
    CHECK(relaxed.rc != FC_ERR_HTTP_LINE_LONG);
    if (all.rc == FC_ERR_HTTP_LINE_LONG || all.rc == FC_ERR_HTTP_HEADERS_MANY) {
        /* Cut short by a limit: what was delivered is a prefix. */
        CHECK(rec_all.body_len <= rec_free.body_len &&
              memcmp(rec_all.body, rec_free.body, rec_all.body_len) == 0);
    } else {
        CHECK(same(&all, &rec_all, &relaxed, &rec_free));
    }
    if (all.rc != 1)
        return;
    CHECK(p->status >= 200 && p->status <= 599 && rec_all.nstatus >= 1 &&
          rec_all.nstatus <= FC_HTTP_MAX_INTERIM + 1);
    CHECK(!all.reusable || !p->http10); /* 1.0 keep-alive is never assumed */
    if (head || p->status == 204 || p->status == 304) {
        CHECK(rec_all.body_len == 0);
    } else if (p->chunked) {
        CHECK(!p->has_length && !p->http10);
    } else if (p->has_length) {
        CHECK(rec_all.body_len == p->length);
    } else {
        CHECK(all.consumed == n && !all.reusable); /* delimited by the close */
    }
}

/* ---- Writer ---------------------------------------------------------------- */

#define NFIELD 8
#define MAX_Q 8

typedef struct {
    char *buf;
    size_t len;
} ref;

static void ref_put(ref *o, const char *s, size_t n)
{
    memcpy(o->buf + o->len, s, n);
    o->len += n;
}

static void ref_str(ref *o, const char *s)
{
    ref_put(o, s, strlen(s));
}

static int unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

static int hexdig(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static void ref_enc(ref *o, const char *s, int keep_slash)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (unreserved(c) || (keep_slash && c == '/')) {
            ref_put(o, s, 1);
        } else {
            char e[3];
            e[0] = '%';
            e[1] = "0123456789ABCDEF"[c >> 4];
            e[2] = "0123456789ABCDEF"[c & 15];
            ref_put(o, e, 3);
        }
    }
}

static int token_ok(const char *s) /* a header value or method */
{
    if (!s || !*s)
        return 0;
    for (; *s; s++)
        if ((unsigned char)*s <= 0x20 || *s == 0x7f)
            return 0;
    return 1;
}

static int encodable(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return 0;
    return 1;
}

static int encoded_ok(const char *s)
{
    for (; *s; s++) {
        if (*s == '%' && hexdig((unsigned char)s[1]) && hexdig((unsigned char)s[2]))
            s += 2;
        else if (!unreserved((unsigned char)*s) && *s != '/')
            return 0;
    }
    return 1;
}

static char ref_head[8 * MAX_IN], out_big[8 * MAX_IN];

/* The head the writer must produce, or 0 when some field must be refused. */
static size_t reference_head(const fc_http_request *r)
{
    ref o = {ref_head, 0};
    size_t i;
    char num[24];
    int k = (int)sizeof num;
    uint64_t v = r->content_length;

    if (!token_ok(r->method) || !encodable(r->base_path) ||
        !(r->path_encoded ? encoded_ok(r->path) : encodable(r->path)) || !token_ok(r->host) ||
        !token_ok(r->client_id) || !token_ok(r->timestamp) || !token_ok(r->signature) ||
        (r->content_type && !token_ok(r->content_type)))
        return 0;
    for (i = 0; i < r->nquery; i++)
        if (!encodable(r->query[i].key) || (r->query[i].value && !encodable(r->query[i].value)))
            return 0;
    ref_str(&o, r->method);
    ref_str(&o, " ");
    ref_enc(&o, r->base_path, 1);
    if (r->path[0] != '/')
        ref_str(&o, "/");
    if (r->path_encoded)
        ref_str(&o, r->path);
    else
        ref_enc(&o, r->path, 1);
    for (i = 0; i < r->nquery; i++) {
        ref_str(&o, i ? "&" : "?");
        ref_enc(&o, r->query[i].key, 0);
        if (r->query[i].value) {
            ref_str(&o, "=");
            ref_enc(&o, r->query[i].value, 0);
        }
    }
    ref_str(&o, " HTTP/1.1\r\nHost: ");
    ref_str(&o, r->host);
    ref_str(&o, "\r\nUser-Agent: framec/" FC_VERSION "\r\nAccept: application/json\r\n"
                "X-Frame-ClientId: ");
    ref_str(&o, r->client_id);
    ref_str(&o, "\r\nX-Frame-Timestamp: ");
    ref_str(&o, r->timestamp);
    ref_str(&o, "\r\nX-Frame-Signature: ");
    ref_str(&o, r->signature);
    ref_str(&o, "\r\n");
    if (r->content_type) {
        ref_str(&o, "Content-Type: ");
        ref_str(&o, r->content_type);
        ref_str(&o, "\r\n");
    }
    if (r->content_type || !strcmp(r->method, "POST") || !strcmp(r->method, "PUT")) {
        do
            num[--k] = (char)('0' + v % 10);
        while (v /= 10);
        ref_str(&o, "Content-Length: ");
        ref_put(&o, num + k, sizeof num - (size_t)k);
        ref_str(&o, "\r\n");
    }
    if (r->close)
        ref_str(&o, "Connection: close\r\n");
    ref_str(&o, "\r\n");
    return o.len;
}

/* Line structure alone, whatever the fields were. */
static void check_head(const char *h, size_t n)
{
    size_t i, line = 0, spaces = 0;
    CHECK(n >= 4 && memcmp(h + n - 4, "\r\n\r\n", 4) == 0);
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)h[i];
        CHECK(c != 0 && c != 0x7f && (c >= 0x20 || c == '\r' || c == '\n'));
        CHECK(c != '\r' || (i + 1 < n && h[i + 1] == '\n'));
        CHECK(c != '\n' || (i > 0 && h[i - 1] == '\r'));
        CHECK(i + 4 >= n || memcmp(h + i, "\r\n\r\n", 4) != 0);
        if (c == ' ')
            spaces++;
        if (c == '\n') {
            CHECK(line == 0 ? spaces == 2 : i + 1 == n || spaces == 1);
            line++;
            spaces = 0;
        }
    }
}

/* Percent-decodes an fc_http_encode result; it must be the source again. */
static void check_encode(const char *src, int keep_slash, unsigned cap_pick)
{
    static char enc[3 * MAX_IN + 1];
    static const size_t caps[4] = {0, 1, 8, 64};
    size_t cap = caps[cap_pick & 3], i, j;
    char *small;
    long n = fc_http_encode(enc, sizeof enc, src, keep_slash), m;

    if (!encodable(src)) {
        CHECK(n == FC_ERR_FIELD);
    } else {
        CHECK(n >= 0 && (size_t)n < sizeof enc && enc[n] == '\0');
        for (i = 0, j = 0; i < (size_t)n; i++, j++) {
            unsigned char c = (unsigned char)enc[i];
            if (c == '%') {
                unsigned x;
                CHECK(hexdig((unsigned char)enc[i + 1]) && hexdig((unsigned char)enc[i + 2]));
                x = (unsigned)strtoul((char[]){enc[i + 1], enc[i + 2], 0}, NULL, 16);
                CHECK(!unreserved((unsigned char)x) && (!keep_slash || x != '/'));
                CHECK((unsigned char)src[j] == x);
                i += 2;
            } else {
                CHECK((unreserved(c) || (keep_slash && c == '/')) && src[j] == enc[i]);
            }
        }
        CHECK(src[j] == '\0');
    }
    small = malloc(cap ? cap : 1);
    CHECK(small != NULL);
    m = fc_http_encode(small, cap, src, keep_slash);
    if (n >= 0 && (size_t)n < cap)
        CHECK(m == n && memcmp(small, enc, (size_t)n + 1) == 0);
    else
        CHECK(m == FC_ERR_REQUEST_TOO_BIG || (n == FC_ERR_FIELD && m == FC_ERR_FIELD));
    free(small);
}

static char fields[MAX_IN + 1];

static void fuzz_writer(const uint8_t seed[3], const unsigned char *d, size_t n)
{
    static const char *const defaults[NFIELD] = {
        "GET", "api.example.com", "/v1", "/accounts", "id.example", "1700000000", "abcdef", NULL};
    static const size_t caps[8] = {0, 1, 16, 64, 200, 256, 512, 2048};
    const char *f[NFIELD + 2 * MAX_Q];
    fc_query q[MAX_Q];
    fc_http_request r;
    size_t nf = 0, i, want, cap = caps[seed[2] & 7];
    char *small;
    long got, got_small;

    /* NUL-separated fields, in a copy that is NUL-terminated. */
    memcpy(fields, d, n);
    fields[n] = '\0';
    for (i = 0; i <= n && nf < NFIELD + 2 * MAX_Q; i++) {
        f[nf++] = fields + i;
        i += strlen(fields + i);
    }
    memset(&r, 0, sizeof r);
    r.method = nf > 0 ? f[0] : defaults[0];
    r.host = nf > 1 ? f[1] : defaults[1];
    r.base_path = nf > 2 ? f[2] : defaults[2];
    r.path = nf > 3 ? f[3] : defaults[3];
    r.client_id = nf > 4 ? f[4] : defaults[4];
    r.timestamp = nf > 5 ? f[5] : defaults[5];
    r.signature = nf > 6 ? f[6] : defaults[6];
    r.content_type = nf > 7 && !(seed[0] & 1) ? f[7] : NULL;
    r.path_encoded = seed[0] >> 1 & 1;
    r.close = seed[0] >> 2 & 1;
    r.content_length = seed[1] & 0x80 ? UINT64_MAX - seed[1] : seed[1];
    for (i = 0; nf > NFIELD && i < (nf - NFIELD + 1) / 2; i++) {
        q[i].key = f[NFIELD + 2 * i];
        q[i].value =
            NFIELD + 2 * i + 1 < nf && !(seed[0] >> (3 + i % 5) & 1) ? f[NFIELD + 2 * i + 1] : NULL;
    }
    r.query = q;
    r.nquery = i;

    want = reference_head(&r);
    got = fc_http_write_request(out_big, sizeof out_big, &r);
    if (want == 0) {
        CHECK(got == FC_ERR_FIELD);
    } else {
        CHECK(got >= 0 && (size_t)got == want && memcmp(out_big, ref_head, want) == 0);
        check_head(out_big, want);
    }
    small = malloc(cap ? cap : 1);
    CHECK(small != NULL);
    got_small = fc_http_write_request(small, cap, &r);
    if (got >= 0 && (size_t)got <= cap)
        CHECK(got_small == got && memcmp(small, out_big, (size_t)got) == 0);
    else
        CHECK(got_small == FC_ERR_REQUEST_TOO_BIG || (got == FC_ERR_FIELD && got_small == got));
    free(small);

    for (i = 0; i < nf && i < 4; i++)
        check_encode(f[i], (int)(seed[1] >> i & 1), seed[2] >> 3 >> i);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 4 || size - 4 > MAX_IN)
        return 0;
    if (data[0] & 0x80) {
        fuzz_writer(data + 1, data + 4, size - 4);
    } else {
        rng = (uint32_t)data[1] << 16 | (uint32_t)data[2] << 8 | data[3];
        rng = rng * 2654435761u + 1; /* never zero: xorshift would stay there */
        if (!rng)
            rng = 1;
        fuzz_parser(data[0], data + 4, size - 4);
    }
    return 0;
}
