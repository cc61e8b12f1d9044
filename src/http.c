/* http.c - HTTP/1.1 request writer and incremental response parser. */
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

/* ---- Text helpers, shared with client.c and sign.c ---------------------- */

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

int fc_http_hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = lower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

int fc_http_name_is(const char *s, size_t n, const char *name)
{
    size_t i;
    if (strlen(name) != n)
        return 0;
    for (i = 0; i < n; i++)
        if (lower((unsigned char)s[i]) != name[i])
            return 0;
    return 1;
}

size_t fc_http_decimal(uint64_t v, char out[FC_HTTP_DECIMAL_MAX])
{
    uint64_t t = v;
    size_t n = 0, i;
    do
        n++;
    while (t /= 10);
    out[n] = '\0';
    for (i = n; i > 0; v /= 10)
        out[--i] = (char)('0' + v % 10);
    return n;
}

/* ---- Request writer ----------------------------------------------------- */

typedef struct {
    char *buf;
    size_t cap, len;
    int err;
} out;

static void put(out *o, const char *s, size_t n)
{
    if (o->err)
        return;
    if (o->cap - o->len < n) {
        o->err = FC_ERR_REQUEST_TOO_BIG;
        return;
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
}

static void put_str(out *o, const char *s)
{
    put(o, s, strlen(s));
}

int fc_http_field_ok(const char *s)
{
    if (!s || !*s)
        return 0;
    for (; *s; s++)
        if ((unsigned char)*s <= 0x20 || *s == 0x7f)
            return 0;
    return 1;
}

/* A header value or request-line token: nothing that could end or split
 * the line, and no space (no field framec sends needs one). */
static void put_field(out *o, const char *s)
{
    if (fc_http_field_ok(s))
        put_str(o, s);
    else if (!o->err)
        o->err = FC_ERR_FIELD;
}

static int unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
           c == '~';
}

/* Copies s, percent-encoding every byte outside the unreserved set (and
 * '/' when keep_slash). An already encoded path (encoded) is only checked:
 * its %XX escapes are kept and any other such byte is refused. */
static void put_encoded(out *o, const char *s, int keep_slash, int encoded)
{
    static const char hex[] = "0123456789ABCDEF";
    for (; *s && !o->err; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x20 || c == 0x7f) {
            o->err = FC_ERR_FIELD; /* CR, LF and friends: never encoded */
        } else if (unreserved(c) || (keep_slash && c == '/')) {
            put(o, s, 1);
        } else if (encoded) {
            if (c != '%' || fc_http_hexval(s[1]) < 0 || fc_http_hexval(s[2]) < 0) {
                o->err = FC_ERR_FIELD; /* and s + 2 may be past the end */
                return;
            }
            put(o, s, 3);
            s += 2;
        } else {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            put(o, e, 3);
        }
    }
}

long fc_http_encode(char *dst, size_t cap, const char *src, int keep_slash)
{
    out o = {dst, cap, 0, 0};
    put_encoded(&o, src, keep_slash, 0);
    put(&o, "", 1);
    return o.err ? o.err : (long)o.len - 1;
}

static void put_decimal(out *o, uint64_t v)
{
    char d[FC_HTTP_DECIMAL_MAX];
    put(o, d, fc_http_decimal(v, d));
}

static void put_header(out *o, const char *name, const char *value)
{
    put_str(o, name);
    put(o, ": ", 2);
    put_field(o, value);
    put(o, "\r\n", 2);
}

/* The end of the request line and Host: how both requests framec writes
 * go on after their target (the strings then exist once in a
 * microcontroller's flash). */
static void put_version_host(out *o, const char *host)
{
    put_str(o, " HTTP/1.1\r\n");
    put_header(o, "Host", host);
}

static void put_user_agent(out *o)
{
    put_header(o, "User-Agent", FC_USER_AGENT);
}

/* host, or [host] for an IPv6 literal, then :port unless it is the
 * default (0: always). */
static void put_authority(out *o, const char *host, unsigned port, unsigned default_port)
{
    int v6 = strchr(host, ':') != NULL;
    if (v6)
        put(o, "[", 1);
    put_str(o, host);
    if (v6)
        put(o, "]", 1);
    if (port != default_port) {
        put(o, ":", 1);
        put_decimal(o, port);
    }
}

long fc_http_authority(char *dst, size_t cap, const char *host, unsigned port,
                       unsigned default_port)
{
    out o = {dst, cap, 0, 0};
    put_authority(&o, host, port, default_port);
    put(&o, "", 1);
    return o.err ? o.err : (long)o.len - 1;
}

/* Written here rather than in client.c so that it shares the request
 * writer's strings and bounds checks. The target always names the port;
 * Host is the server's own Host header. */
long fc_http_write_connect(char *buf, size_t cap, const char *host, unsigned port,
                           const char *host_header, const char *proxy_auth)
{
    out o = {buf, cap, 0, 0};
    put_str(&o, "CONNECT ");
    put_authority(&o, host, port, 0);
    put_version_host(&o, host_header);
    if (proxy_auth[0]) {
        put_str(&o, "Proxy-Authorization: Basic ");
        put_field(&o, proxy_auth);
        put(&o, "\r\n", 2);
    }
    put_user_agent(&o);
    put(&o, "\r\n", 2);
    return o.err ? o.err : (long)o.len;
}

long fc_http_write_request(char *buf, size_t cap, const fc_http_request *r)
{
    out o = {buf, cap, 0, 0};
    size_t i;
    int body = r->content_type || !strcmp(r->method, "POST") ||
               !strcmp(r->method, "PUT");

    put_field(&o, r->method);
    put(&o, " ", 1);
    put_encoded(&o, r->base_path, 1, 0);
    if (r->path[0] != '/')
        put(&o, "/", 1);
    put_encoded(&o, r->path, 1, r->path_encoded);
    for (i = 0; i < r->nquery; i++) {
        put(&o, i ? "&" : "?", 1);
        put_encoded(&o, r->query[i].key, 0, 0);
        if (r->query[i].value) {
            put(&o, "=", 1);
            put_encoded(&o, r->query[i].value, 0, 0);
        }
    }
    put_version_host(&o, r->host);
    put_user_agent(&o);
    put_header(&o, "Accept", "application/json");
    put_header(&o, "X-Frame-ClientId", r->client_id);
    put_header(&o, "X-Frame-Timestamp", r->timestamp);
    put_header(&o, "X-Frame-Signature", r->signature);
    if (r->content_type)
        put_header(&o, "Content-Type", r->content_type);
    if (body) {
        /* POST and PUT always say their length, even 0: proxies and some
         * servers answer 411 otherwise. */
        put_str(&o, "Content-Length: ");
        put_decimal(&o, r->content_length);
        put(&o, "\r\n", 2);
    }
    if (r->close)
        put_str(&o, "Connection: close\r\n");
    put(&o, "\r\n", 2);
    return o.err ? o.err : (long)o.len;
}

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
