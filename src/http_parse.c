/* http_parse.c - the incremental HTTP/1.1 response parser (status line,
 * headers, Content-Length, chunked and close-delimited bodies, trailers)
 * and HTTP-date. */
#include "http.h"

#include <string.h>

enum {
    S_STATUS,     /* status line */
    S_HEADER,     /* header lines up to the empty line */
    S_BODY_LEN,   /* Content-Length body */
    S_BODY_CLOSE, /* body delimited by the end of the stream */
    S_CHUNK_SIZE, /* chunk size line */
    S_CHUNK_DATA,
    S_CHUNK_CR,   /* the CR LF after chunk data */
    S_CHUNK_LF,
    S_TRAILER,    /* trailer lines after the last chunk */
    S_DONE
};


/* ---- Response parser ---------------------------------------------------- */

void fc_http_parser_init(fc_http_parser *p, char *line, size_t line_cap,
                         unsigned max_headers, int head_request,
                         const fc_http_sink *sink)
{
    memset(p, 0, sizeof *p);
    p->sink = sink;
    p->line = line;
    p->line_cap = line_cap;
    p->max_headers = max_headers;
    p->no_body = head_request;
    p->state = S_STATUS;
}

static int is_tchar(unsigned char c)
{
    return c > 0x20 && c < 0x7f && !strchr("\"(),/:;<=>?@[\\]{}", c);
}

/* A byte a field value may hold (RFC 9110 5.5): VCHAR, SP, HTAB or
 * obs-text; the same set a quoted-pair may escape. */
static int is_field_byte(unsigned char c)
{
    return c == '\t' || (c >= 0x20 && c != 0x7f);
}

static size_t skip_ows(const char *s, size_t n, size_t i)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i;
}

/* Past the token at s[i] or, when quoted, a quoted-string there (RFC 9110
 * 5.6.4); i itself when there is none (empty, unterminated). */
static size_t skip_word(const char *s, size_t n, size_t i, int quoted)
{
    size_t j = i;
    if (quoted && j < n && s[j] == '"') {
        for (j++; j < n && s[j] != '"'; j++) {
            if (s[j] == '\\' && j + 1 < n)
                j++; /* quoted-pair: the escaped byte is checked below */
            if (!is_field_byte((unsigned char)s[j]))
                return i;
        }
        return j < n ? j + 1 : i;
    }
    while (j < n && is_tchar((unsigned char)s[j]))
        j++;
    return j;
}

/* A field line (RFC 9112 5): a token, ':', then a value of field bytes
 * only (NUL, CR and LF never reach here: they end or refuse the line).
 * Header and trailer lines alike. Returns the name's length, 0 when the
 * line is not one. */
static size_t field_name_len(const char *s, size_t n)
{
    size_t i = skip_word(s, n, 0, 0), k;
    if (i == 0 || i == n || s[i] != ':')
        return 0;
    for (k = i + 1; k < n; k++)
        if (!is_field_byte((unsigned char)s[k]))
            return 0;
    return i;
}

/* Strict decimal: digits only, at least one, no overflow. */
static int parse_u64(const char *s, size_t n, uint64_t *v)
{
    uint64_t x = 0;
    size_t i;
    if (n == 0)
        return -1;
    for (i = 0; i < n; i++) {
        unsigned d = (unsigned)(unsigned char)s[i] - '0';
        if (d > 9 || x > (UINT64_MAX - d) / 10)
            return -1;
        x = x * 10 + d;
    }
    *v = x;
    return 0;
}

static int parse_status(fc_http_parser *p, const char *s, size_t n)
{
    int i, code = 0;
    /* "HTTP/1.x NNN" then end or a space and any reason phrase. */
    if (n < 12 || memcmp(s, "HTTP/1.", 7) != 0 || s[7] < '0' || s[7] > '9' ||
        s[8] != ' ' || (n > 12 && s[12] != ' '))
        return FC_ERR_HTTP_STATUS;
    for (i = 9; i < 12; i++) {
        if (s[i] < '0' || s[i] > '9')
            return FC_ERR_HTTP_STATUS;
        code = code * 10 + (s[i] - '0');
    }
    /* 101: framec never asks to switch protocols. */
    if (code < 100 || code > 599 || code == 101)
        return FC_ERR_HTTP_STATUS;
    p->status = code;
    p->http10 = s[7] == '0'; /* 1.2 and later minors are read as 1.1 */
    p->keep_alive = !p->http10;
    if (p->sink && p->sink->on_status && p->sink->on_status(p->sink->ctx, s, n))
        return FC_ERR_CALLBACK;
    return FC_OK;
}

static int parse_header(fc_http_parser *p, const char *s, size_t n)
{
    size_t i = field_name_len(s, n), v, e;
    if (i == 0)
        return FC_ERR_HTTP_HEADER; /* obsolete line folding too: SP is no tchar */
    v = skip_ows(s, n, i + 1);
    for (e = n; e > v && (s[e - 1] == ' ' || s[e - 1] == '\t'); e--) {
    }
    if (p->status < 200)
        return FC_OK; /* interim response headers are skipped */
    if (fc_http_name_is(s, i, "content-length")) {
        uint64_t len;
        if (parse_u64(s + v, e - v, &len) || (p->has_length && len != p->length))
            return FC_ERR_HTTP_LENGTH;
        p->has_length = 1;
        p->length = len;
    } else if (fc_http_name_is(s, i, "transfer-encoding")) {
        /* framec sends no TE and no Accept-Encoding: only chunked is
         * legitimate, and only once. */
        if (!fc_http_name_is(s + v, e - v, "chunked") || p->chunked)
            return FC_ERR_HTTP_FRAMING;
        p->chunked = 1;
    } else if (fc_http_name_is(s, i, "connection")) {
        size_t k;
        for (k = v; k + 5 <= e; k++)
            if (fc_http_name_is(s + k, 5, "close") && (k == v || !is_tchar((unsigned char)s[k - 1])) &&
                (k + 5 == e || !is_tchar((unsigned char)s[k + 5])))
                p->keep_alive = 0;
    }
    if (p->sink && p->sink->on_header &&
        p->sink->on_header(p->sink->ctx, s, i, s + v, e - v))
        return FC_ERR_CALLBACK;
    return FC_OK;
}

/* Headers are done: choose how the body is delimited. */
static int end_of_headers(fc_http_parser *p)
{
    if (p->status < 200) {
        p->state = S_STATUS; /* 1xx: the real response follows */
        p->interim++;
        return FC_OK;
    }
    if (p->chunked && p->http10)
        return FC_ERR_HTTP_FRAMING; /* RFC 9112 6.1: faulty framing */
    if (p->chunked && p->has_length)
        return FC_ERR_HTTP_FRAMING; /* a smuggling classic: refuse both */
    if (p->no_body || p->status == 204 || p->status == 304) {
        p->state = S_DONE;
    } else if (p->chunked) {
        p->state = S_CHUNK_SIZE;
    } else if (p->has_length) {
        p->left = p->length;
        p->state = p->left ? S_BODY_LEN : S_DONE;
    } else {
        p->keep_alive = 0;
        p->state = S_BODY_CLOSE;
    }
    return FC_OK;
}

/* chunk-size [ chunk-ext ] (RFC 9112 7.1): extensions are checked and
 * skipped. White space is only BWS around ';' and '=', never trailing. */
static int parse_chunk_size(fc_http_parser *p, const char *s, size_t n)
{
    uint64_t v = 0;
    size_t i = 0, j;
    int d;

    for (; i < n && (d = fc_http_hexval(s[i])) >= 0; i++) {
        if (v > (UINT64_MAX >> 4))
            return FC_ERR_HTTP_CHUNK;
        v = v << 4 | (unsigned)d;
    }
    if (i == 0)
        return FC_ERR_HTTP_CHUNK;
    while (i < n) {
        i = skip_ows(s, n, i);
        if (i == n || s[i] != ';')
            return FC_ERR_HTTP_CHUNK;
        i = skip_ows(s, n, i + 1);
        if ((j = skip_word(s, n, i, 0)) == i)
            return FC_ERR_HTTP_CHUNK; /* no name */
        i = skip_ows(s, n, j);
        if (i < n && s[i] == '=') {
            i = skip_ows(s, n, i + 1);
            if ((j = skip_word(s, n, i, 1)) == i)
                return FC_ERR_HTTP_CHUNK; /* no value */
        }
        i = j; /* white space after a name or value must lead to a ';' */
    }
    p->left = v;
    p->state = v ? S_CHUNK_DATA : S_TRAILER;
    return FC_OK;
}

/* Collects one line into p->line. Returns 1 with a complete line (CR LF
 * removed), 0 when input ran out, or an error. Chunk framing lines must end
 * in CR LF; header lines may end in a bare LF (RFC 9112 section 2.2). A CR
 * not followed by LF is an error: it is how responses get split. The CR is
 * never stored, so a line may use the whole buffer. */
static int take_line(fc_http_parser *p, const unsigned char *d, size_t len,
                     size_t *i, int strict)
{
    int bad = strict ? FC_ERR_HTTP_CHUNK : FC_ERR_HTTP_HEADER;
    while (*i < len) {
        unsigned char c = d[(*i)++];
        if (p->cr) {
            p->cr = 0;
            return c == '\n' ? 1 : bad;
        }
        if (c == '\r') {
            p->cr = 1;
            continue;
        }
        if (c == '\n')
            return strict ? bad : 1;
        if (c == 0)
            return bad;
        if (p->line_len == p->line_cap)
            return FC_ERR_HTTP_LINE_LONG;
        p->line[p->line_len++] = (char)c;
    }
    return 0;
}

static int emit(fc_http_parser *p, const unsigned char *d, size_t n)
{
    if (n && p->sink && p->sink->on_body && p->sink->on_body(p->sink->ctx, d, n))
        return FC_ERR_CALLBACK;
    return FC_OK;
}

static int count_line(fc_http_parser *p)
{
    return ++p->nheaders > p->max_headers ? FC_ERR_HTTP_HEADERS_MANY : FC_OK;
}

int fc_http_parse(fc_http_parser *p, const unsigned char *d, size_t len,
                  size_t *used)
{
    /* The position lives in *used throughout: take_line moves it anyway,
     * and every way out of the loop then leaves it right without a store
     * of its own (one per exit in a microcontroller's code). */
    size_t *i = used;
    int rc = FC_OK;

    *i = 0;
    while (*i < len && p->state != S_DONE && rc == FC_OK) {
        int st = p->state, got;
        size_t n;
        if (st == S_BODY_LEN || st == S_CHUNK_DATA || st == S_BODY_CLOSE) {
            n = len - *i;
            if (st != S_BODY_CLOSE && n > p->left)
                n = (size_t)p->left;
            rc = emit(p, d + *i, n);
            *i += n;
            if (st != S_BODY_CLOSE) {
                p->left -= n;
                if (!p->left)
                    p->state = st == S_BODY_LEN ? S_DONE : S_CHUNK_CR;
            }
            continue;
        }
        if (st == S_CHUNK_CR || st == S_CHUNK_LF) {
            if (d[(*i)++] != (st == S_CHUNK_CR ? '\r' : '\n'))
                rc = FC_ERR_HTTP_CHUNK;
            p->state = st == S_CHUNK_CR ? S_CHUNK_LF : S_CHUNK_SIZE;
            continue;
        }
        p->started = 1;
        got = take_line(p, d, len, i, st == S_CHUNK_SIZE);
        if (got <= 0) {
            rc = got;
            break;
        }
        /* The line is complete: the buffer is free for the next one. */
        n = p->line_len;
        p->line_len = 0;
        if (st == S_STATUS) {
            /* Interim responses are skipped, but not forever. */
            rc = p->interim > FC_HTTP_MAX_INTERIM ? FC_ERR_HTTP_HEADERS_MANY
                                                  : parse_status(p, p->line, n);
            if (!rc)
                p->state = S_HEADER;
        } else if (st == S_HEADER) {
            if (n == 0)
                rc = end_of_headers(p);
            else if (!(rc = count_line(p)))
                rc = parse_header(p, p->line, n);
        } else if (st == S_CHUNK_SIZE) {
            rc = parse_chunk_size(p, p->line, n);
        } else { /* S_TRAILER: checked as header lines are, bounded, not reported */
            if (n == 0)
                p->state = S_DONE;
            else if (!(rc = count_line(p)) && !field_name_len(p->line, n))
                rc = FC_ERR_HTTP_HEADER;
        }
    }
    if (rc < 0)
        return rc;
    return p->state == S_DONE;
}

int fc_http_finish(fc_http_parser *p)
{
    if (p->state == S_DONE)
        return 1;
    if (p->state == S_BODY_CLOSE) {
        p->state = S_DONE;
        return 1;
    }
    if (!p->started)
        return FC_ERR_CLOSED;
    return FC_ERR_HTTP_TRUNCATED;
}

int fc_http_reusable(const fc_http_parser *p)
{
    return p->state == S_DONE && p->keep_alive;
}

/* ---- HTTP-date ------------------------------------------------------------ */

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
 * (Howard Hinnant's days_from_civil). In long, not int64_t: the years
 * fc_http_date passes (1970 to 9999) need 32 bits, and 64-bit arithmetic
 * is slow, large code on a 32-bit microcontroller. */
static long days_from_civil(long y, unsigned m, unsigned d)
{
    long era;
    unsigned yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = (unsigned)(y - era * 400);
    doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

/* So that "31 Feb" is refused rather than read as 2 or 3 March. */
static unsigned days_in_month(long y, unsigned m)
{
    static const unsigned char days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return days[m - 1] + (m == 2 && leap ? 1u : 0u);
}

/* "00" to "99", else -1. */
static int two_digits(const char *s)
{
    if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
        return -1;
    return (s[0] - '0') * 10 + (s[1] - '0');
}

/* The three forms differ only in order and separators, so the date is read
 * as tokens: a month name, hh:mm:ss, a day and a year, in any order. */
int fc_http_date(const char *s, size_t n, int64_t *when)
{
    static const char months[] = "jan\0feb\0mar\0apr\0may\0jun\0jul\0aug\0sep\0oct\0nov\0dec";
    unsigned month = 0, day = 0, hh = 0, mm = 0, ss = 0, ntime = 0;
    long year = -1;
    size_t i = 0;

    while (i < n) {
        size_t j = i, k;
        while (j < n && s[j] != ' ' && s[j] != ',' && s[j] != '-')
            j++;
        k = j - i;
        if (k == 8 && s[i + 2] == ':' && s[i + 5] == ':') {
            int h = two_digits(s + i), m = two_digits(s + i + 3), x = two_digits(s + i + 6);
            if (h < 0 || m < 0 || x < 0 || h > 23 || m > 59 || x > 60)
                return FC_ERR_HTTP_HEADER;
            hh = (unsigned)h, mm = (unsigned)m, ss = (unsigned)x, ntime++;
        } else if (k == 3 && !(s[i] >= '0' && s[i] <= '9')) {
            size_t t;
            for (t = 0; t < 12; t++)
                if (fc_http_name_is(s + i, 3, months + t * 4))
                    month = (unsigned)t + 1;
        } else if (k >= 1 && s[i] >= '0' && s[i] <= '9') {
            uint64_t v;
            if (parse_u64(s + i, k, &v))
                return FC_ERR_HTTP_HEADER;
            if (k <= 2 && !day)
                day = (unsigned)v;
            else if (k == 2 || k == 4)
                year = k == 2 ? (long)v + (v < 70 ? 2000 : 1900) : (long)v;
            else
                return FC_ERR_HTTP_HEADER;
        }
        i = j + 1;
    }
    if (!month || !day || year < 1970 || ntime != 1 || day > days_in_month(year, month))
        return FC_ERR_HTTP_HEADER;
    *when = (int64_t)days_from_civil(year, month, day) * 86400 + hh * 3600 + mm * 60 + ss;
    return FC_OK;
}

