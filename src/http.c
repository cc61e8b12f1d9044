/* http.c - the HTTP/1.1 request writer, and the small text helpers the
 * library shares; http_parse.c is the response parser. */
#include "http.h"

#include <string.h>

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

long fc_http_unescape(char *out, size_t cap, const char *in, size_t n)
{
    size_t i, o = 0;
    for (i = 0; i < n; i++, o++) {
        int c = (unsigned char)in[i], hi, lo;
        if (c == '%' && n - i > 2 && (hi = fc_http_hexval(in[i + 1])) >= 0 &&
            (lo = fc_http_hexval(in[i + 2])) >= 0) {
            c = hi * 16 + lo;
            i += 2;
        }
        if (o == cap)
            return FC_ERR_ARG;
        out[o] = (char)c; /* o <= i: in place is safe */
    }
    return (long)o;
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
