/* fuzz_chunked.c - libFuzzer target for the chunked decoder in http.c.
 *
 *   make fuzz (tests/fuzz.mk), or by hand:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
 *       -Isrc -Iport tests/fuzz_chunked.c src/http.c -o fuzz_chunked
 *   ./fuzz_chunked -dict=tests/corpus/chunked.dict build/fuzz/corpus-chunked tests/corpus/chunked
 *
 * Input: byte 0 picks the line buffer (bits 0-1: 26, 40, 128 or 4096 bytes;
 * 26 is the longest head line) and max_headers (bits 2-3: 1, 2, 3 or 100:
 * the head's one header counts), bytes 1-3 seed the split, and the rest
 * follows a fixed head, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
 * so every run is about chunk framing.
 *
 * The response is parsed all at once and in pieces from the seed (1-byte
 * pieces included, each in its own exact-size heap copy so ASan sees any
 * read past it), and both must agree on the result, the bytes consumed and
 * the body. A reference decoder written here from RFC 9112 section 7.1, as
 * http.h describes it (whole buffer: hex size without overflow, then
 * chunk-ext = *( BWS ";" BWS token [ BWS "=" BWS ( token / quoted-string ) ] )
 * checked by a state machine of its own and skipped, CRLF after the size
 * line and the data, trailer lines that are field lines (a token, ':',
 * then only VCHAR, SP, HTAB and obs-text) ending in CRLF or LF, bounded by
 * the same line and header limits), must give the same result (1, or
 * which error, with FC_ERR_HTTP_TRUNCATED when the input ends early), the
 * same number of bytes consumed and byte for byte the same de-chunked
 * body, on success and failure alike. Any disagreement traps. */
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

static const char head[] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
#define HEAD_LEN (sizeof head - 1)

typedef struct {
    unsigned char body[MAX_IN];
    size_t body_len;
    const unsigned char *piece;
    size_t piece_len;
} record;

static int on_body(void *ctx, const unsigned char *d, size_t n)
{
    record *r = ctx;
    CHECK(n > 0 && d >= r->piece && d + n <= r->piece + r->piece_len);
    CHECK(r->body_len + n <= MAX_IN);
    memcpy(r->body + r->body_len, d, n);
    r->body_len += n;
    return 0;
}

static uint32_t rng;

static uint32_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

static size_t piece_size(size_t left)
{
    uint32_t r = next();
    size_t n;
    switch (r & 3) {
    case 0: n = 1; break;
    case 1: n = 1 + (r >> 2) % 8; break;
    case 2: n = 1 + (r >> 2) % 300; break;
    default: n = left; break;
    }
    return n < left ? n : left;
}

/* Returns 1 or a negative fc_err (after fc_http_finish); *consumed. */
static int run(record *r, char *line, size_t cap, unsigned max_headers, const unsigned char *d,
               size_t n, int split, size_t *consumed)
{
    fc_http_sink s = {NULL, NULL, on_body, NULL};
    fc_http_parser p;
    size_t off = 0, used;
    int rc = 0;

    memset(r, 0, sizeof *r);
    s.ctx = r;
    fc_http_parser_init(&p, line, cap, max_headers, 0, &s);
    while (off < n) {
        size_t k = split ? piece_size(n - off) : n - off;
        unsigned char *copy = malloc(k);
        CHECK(copy != NULL);
        memcpy(copy, d + off, k);
        r->piece = copy;
        r->piece_len = k;
        used = (size_t)-1;
        rc = fc_http_parse(&p, copy, k, &used);
        free(copy);
        CHECK(used <= k);
        off += used;
        if (rc != 0)
            break;
        CHECK(used == k);
    }
    if (rc == 0)
        rc = fc_http_finish(&p);
    *consumed = off;
    return rc;
}

/* ---- Reference decoder ------------------------------------------------------ */

typedef struct {
    const unsigned char *b;
    size_t n, cap;
    unsigned max_headers, nheaders;
    unsigned char body[MAX_IN];
    size_t body_len;
} ref;

/* One line at *pos: its content is every byte before CR LF (or LF when not
 * strict); a NUL, a CR without LF or, strict, a bare LF is bad; more than
 * cap content bytes is too long. Returns 1 with the line, 0 when the input
 * ends first, or an error with *pos just past the byte that showed it. */
static int ref_line(const ref *r, size_t *pos, int strict, size_t *start, size_t *len)
{
    int bad = strict ? FC_ERR_HTTP_CHUNK : FC_ERR_HTTP_HEADER;
    size_t i = *pos, k = 0;
    *start = i;
    while (i < r->n) {
        unsigned char c = r->b[i++];
        *pos = i;
        if (c == '\r') {
            if (i == r->n)
                return 0;
            *pos = i + 1;
            if (r->b[i] != '\n')
                return bad;
            *len = k;
            return 1;
        }
        if (c == '\n') {
            if (strict)
                return bad;
            *len = k;
            return 1;
        }
        if (c == 0)
            return bad;
        if (k == r->cap)
            return FC_ERR_HTTP_LINE_LONG;
        k++;
    }
    return 0;
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* RFC 9110 5.6.2: ALPHA / DIGIT / one of these. */
static int ref_tchar(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr("!#$%&'*+-.^_`|~", c));
}

/* The bytes after the chunk size: 1 when they are a chunk-ext (RFC 9112
 * 7.1.1; quoted-string, qdtext and quoted-pair from RFC 9110 5.6.4). */
static int ref_ext(const unsigned char *s, size_t n)
{
    enum {
        DONE,      /* after the size, a name or a value: the end may come */
        WANT_SEMI, /* BWS that only a ';' may end */
        PRE_NAME,  /* after ';' */
        NAME,
        POST_NAME, /* BWS after a name: '=' or ';' */
        PRE_VALUE, /* after '=' */
        TOKEN,
        QUOTED,
        PAIR /* after a '\' in a quoted-string */
    } st = DONE;
    size_t i;

    for (i = 0; i < n; i++) {
        unsigned char c = s[i];
        int ws = c == ' ' || c == '\t';
        int text = c == '\t' || c == ' ' || (c >= 0x21 && c <= 0x7e) || c >= 0x80;
        switch (st) {
        case DONE:
        case WANT_SEMI:
            if (c == ';')
                st = PRE_NAME;
            else if (ws)
                st = WANT_SEMI;
            else
                return 0;
            break;
        case PRE_NAME:
            if (ref_tchar(c))
                st = NAME;
            else if (!ws)
                return 0;
            break;
        case NAME:
        case POST_NAME:
            if (c == '=')
                st = PRE_VALUE;
            else if (c == ';')
                st = PRE_NAME;
            else if (ws)
                st = POST_NAME;
            else if (st == POST_NAME || !ref_tchar(c))
                return 0;
            break;
        case PRE_VALUE:
            if (c == '"')
                st = QUOTED;
            else if (ref_tchar(c))
                st = TOKEN;
            else if (!ws)
                return 0;
            break;
        case TOKEN:
            if (c == ';')
                st = PRE_NAME;
            else if (ws)
                st = WANT_SEMI;
            else if (!ref_tchar(c))
                return 0;
            break;
        case QUOTED:
            if (c == '"')
                st = DONE;
            else if (c == '\\')
                st = PAIR;
            else if (!text)
                return 0;
            break;
        case PAIR:
            if (!text)
                return 0;
            st = QUOTED;
            break;
        }
    }
    return st == DONE || st == NAME || st == TOKEN;
}

/* field-line = field-name ":" OWS field-value OWS (RFC 9112 5, RFC 9110
 * 5.5): 1 when s[0..n) is one. */
static int ref_field_line(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n && ref_tchar(s[i]))
        i++;
    if (i == 0 || i == n || s[i] != ':')
        return 0;
    for (i++; i < n; i++)
        if (!(s[i] == '\t' || (s[i] >= 0x20 && s[i] <= 0x7e) || s[i] >= 0x80))
            return 0;
    return 1;
}

/* Returns 1 or the error the parser must report; *end is where it stops. */
static int ref_decode(ref *r, size_t *end)
{
    size_t pos = 0, start, len, i;
    int rc;

    for (;;) {
        uint64_t size = 0;
        unsigned digits = 0; /* significant ones */
        rc = ref_line(r, &pos, 1, &start, &len);
        if (rc != 1)
            goto out;
        for (i = 0; i < len && hexval(r->b[start + i]) >= 0; i++) {
            if (size || hexval(r->b[start + i]))
                digits++;
            size = size << 4 | (uint64_t)hexval(r->b[start + i]);
        }
        if (i == 0 || digits > 16) {
            rc = FC_ERR_HTTP_CHUNK;
            goto out;
        }
        if (!ref_ext(r->b + start + i, len - i)) {
            rc = FC_ERR_HTTP_CHUNK;
            goto out;
        }
        if (size == 0)
            break;
        if (size > r->n - pos) {
            memcpy(r->body + r->body_len, r->b + pos, r->n - pos);
            r->body_len += r->n - pos;
            pos = r->n;
            rc = FC_ERR_HTTP_TRUNCATED;
            goto out;
        }
        memcpy(r->body + r->body_len, r->b + pos, (size_t)size);
        r->body_len += (size_t)size;
        pos += (size_t)size;
        for (i = 0; i < 2; i++) {
            if (pos == r->n) {
                rc = FC_ERR_HTTP_TRUNCATED;
                goto out;
            }
            if (r->b[pos++] != "\r\n"[i]) {
                rc = FC_ERR_HTTP_CHUNK;
                goto out;
            }
        }
    }
    /* Trailers: counted with the head's headers, never reported. */
    for (;;) {
        rc = ref_line(r, &pos, 0, &start, &len);
        if (rc != 1)
            goto out;
        if (len == 0)
            break;
        if (++r->nheaders > r->max_headers) {
            rc = FC_ERR_HTTP_HEADERS_MANY;
            goto out;
        }
        if (!ref_field_line(r->b + start, len)) {
            rc = FC_ERR_HTTP_HEADER;
            goto out;
        }
    }
    rc = 1;
out:
    if (rc == 0) {
        rc = FC_ERR_HTTP_TRUNCATED;
        pos = r->n;
    }
    *end = pos;
    return rc;
}

static unsigned char full[HEAD_LEN + MAX_IN];
static char line[2][4096];
static record whole, pieces;
static ref expect;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const size_t caps[4] = {26, 40, 128, 4096};
    static const unsigned maxh[4] = {1, 2, 3, 100};
    size_t cap, n, c_whole, c_pieces, end;
    unsigned max_headers;
    int rc_whole, rc_pieces, rc_ref;

    if (size < 4 || size - 4 > MAX_IN)
        return 0;
    cap = caps[data[0] & 3];
    max_headers = maxh[data[0] >> 2 & 3];
    rng = ((uint32_t)data[1] << 16 | (uint32_t)data[2] << 8 | data[3]) * 2654435761u + 1;
    if (!rng)
        rng = 1;
    n = size - 4;
    memcpy(full, head, HEAD_LEN);
    memcpy(full + HEAD_LEN, data + 4, n);

    rc_whole = run(&whole, line[0], cap, max_headers, full, HEAD_LEN + n, 0, &c_whole);
    rc_pieces = run(&pieces, line[1], cap, max_headers, full, HEAD_LEN + n, 1, &c_pieces);
    CHECK(rc_whole == rc_pieces && c_whole == c_pieces && whole.body_len == pieces.body_len &&
          memcmp(whole.body, pieces.body, whole.body_len) == 0);

    memset(&expect, 0, offsetof(ref, body));
    expect.b = data + 4;
    expect.n = n;
    expect.cap = cap;
    expect.max_headers = max_headers;
    expect.nheaders = 1; /* Transfer-Encoding */
    expect.body_len = 0;
    rc_ref = ref_decode(&expect, &end);
    CHECK(rc_whole == rc_ref);
    CHECK(c_whole == HEAD_LEN + end);
    CHECK(whole.body_len == expect.body_len &&
          memcmp(whole.body, expect.body, whole.body_len) == 0);
    return 0;
}
