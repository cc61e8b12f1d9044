/* client.c - one request: connect, sign, send, parse, reconnect once. */
#include "framec.h"

#include <string.h>

/* Copies a NUL-terminated string or fails: nothing is ever truncated. */
static int copy_str(char *dst, size_t cap, const char *src, size_t len)
{
    if (len >= cap)
        return FC_ERR_ARG;
    memcpy(dst, src, len);
    dst[len] = '\0';
    return FC_OK;
}

/* https://host[:port][/base-path]; IPv6 literals in brackets. */
static int parse_url(fc_client *c, const char *url)
{
    const char *h, *e, *p;
    unsigned long port = 443;
    size_t hlen;

    if (!url || strncmp(url, "https://", 8) != 0)
        return FC_ERR_URL;
    h = url + 8;
    if (*h == '[') {
        e = strchr(++h, ']');
        if (!e)
            return FC_ERR_URL;
        hlen = (size_t)(e - h);
        p = e + 1;
    } else {
        for (e = h; *e && *e != ':' && *e != '/'; e++) {
        }
        hlen = (size_t)(e - h);
        p = e;
    }
    if (hlen == 0 || copy_str(c->host, sizeof c->host, h, hlen))
        return FC_ERR_URL;
    if (*p == ':') {
        port = 0;
        if (!(p[1] >= '0' && p[1] <= '9'))
            return FC_ERR_URL;
        for (p++; *p >= '0' && *p <= '9'; p++)
            if ((port = port * 10 + (unsigned long)(*p - '0')) > 65535)
                return FC_ERR_URL;
        if (port == 0)
            return FC_ERR_URL;
    }
    if (*p && *p != '/')
        return FC_ERR_URL;
    c->port = (uint16_t)port;
    /* The base path keeps its leading slash and loses trailing ones, so
     * that base + "/accounts" never doubles a slash. */
    e = p + strlen(p);
    while (e > p && e[-1] == '/')
        e--;
    if (memchr(p, '?', (size_t)(e - p)) || memchr(p, '#', (size_t)(e - p)) ||
        copy_str(c->base_path, sizeof c->base_path, p, (size_t)(e - p)))
        return FC_ERR_URL;
    {
        /* Host header: name, brackets for IPv6, port unless 443. */
        char *o = c->host_header;
        int v6 = strchr(c->host, ':') != NULL;
        char d[6];
        size_t i = sizeof d;
        if (v6)
            *o++ = '[';
        memcpy(o, c->host, hlen);
        o += hlen;
        if (v6)
            *o++ = ']';
        if (port != 443) {
            *o++ = ':';
            do {
                d[--i] = (char)('0' + port % 10);
                port /= 10;
            } while (port);
            memcpy(o, d + i, sizeof d - i);
            o += sizeof d - i;
        }
        *o = '\0';
    }
    return FC_OK;
}

int fc_client_init(fc_client *c, const fc_config *cfg)
{
    const char *p;
    int rc;

    memset(c, 0, sizeof *c);
    c->tls.sock = FC_PORT_NONE;
    if (!cfg || !cfg->client_id || !cfg->secret || !cfg->tls_buf ||
        cfg->tls_buf_len < 512)
        return FC_ERR_ARG;
    rc = parse_url(c, cfg->url ? cfg->url : FC_DEFAULT_URL);
    if (rc)
        return rc;
    if (!cfg->client_id[0])
        return FC_ERR_ARG;
    for (p = cfg->client_id; *p; p++)
        if ((unsigned char)*p <= 0x20 || *p == 0x7f)
            return FC_ERR_FIELD;
    if (copy_str(c->client_id, sizeof c->client_id, cfg->client_id,
                 strlen(cfg->client_id)))
        return FC_ERR_ARG;
    c->anchors = cfg->anchors;
    c->tls_buf = cfg->tls_buf;
    c->tls_buf_len = cfg->tls_buf_len;
    c->connect_timeout_ms =
        cfg->connect_timeout_ms ? cfg->connect_timeout_ms : FC_CONNECT_TIMEOUT_MS;
    c->timeout_ms = cfg->timeout_ms ? cfg->timeout_ms : FC_TIMEOUT_MS;
    c->trace = cfg->trace;
    c->trace_ctx = cfg->trace_ctx;
    /* The key pads are all that is kept of the secret. */
    fc_hmac_key_init(&c->key, cfg->secret, cfg->secret_len);
    return FC_OK;
}

int64_t fc_client_now(const fc_client *c)
{
    return fc_port_time() + c->clock_offset;
}

void fc_client_sign(const fc_client *c, uint64_t ts, char ts_dec[FC_TS_MAX],
                    char sig_hex[FC_SIG_HEX_LEN + 1])
{
    fc_sign_timestamp(ts, ts_dec);
    fc_sign(&c->key, ts, c->client_id, strlen(c->client_id), sig_hex);
}

static void disconnect(fc_client *c)
{
    if (c->connected)
        fc_tls_close(&c->tls);
    c->connected = 0;
}

static int connect_tls(fc_client *c)
{
    int64_t now = fc_client_now(c);
    int rc;
    if (now < FC_TIME_FLOOR)
        now = FC_TIME_FLOOR;
    rc = fc_tls_connect(&c->tls, c->anchors, c->host, c->port, now, c->tls_buf,
                        c->tls_buf_len, c->connect_timeout_ms, c->timeout_ms);
    if (rc)
        return rc;
    c->connected = 1;
    c->connects++;
    return FC_OK;
}

/* ---- What the parser hands back ------------------------------------------ */

typedef struct {
    fc_client *c;
    fc_response *r;
    int err;      /* why a callback stopped the parser */
    int got_byte; /* any response byte arrived: the request was received */
} exchange;

static void keep_header(char *dst, size_t cap, const char *v, size_t vlen)
{
    if (copy_str(dst, cap, v, vlen))
        dst[0] = '\0';
}

static int on_status(void *ctx, const char *line, size_t len)
{
    exchange *x = ctx;
    /* The parser checked the line: three digits at offset 9. Setting the
     * status early lets body callbacks know what they are receiving. */
    x->r->status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
    if (x->c->trace)
        x->c->trace(x->c->trace_ctx, '<', line, len);
    return 0;
}

static int on_header(void *ctx, const char *name, size_t nlen,
                     const char *value, size_t vlen)
{
    exchange *x = ctx;
    fc_response *r = x->r;
    if (x->c->trace)
        x->c->trace(x->c->trace_ctx, '<', name, (size_t)(value - name) + vlen);
    if (nlen == 12 && !strncmp(name, "Content-Type", 12))
        keep_header(r->content_type, sizeof r->content_type, value, vlen);
    else if (nlen == 4 && !strncmp(name, "Date", 4))
        keep_header(r->date, sizeof r->date, value, vlen);
    else if (nlen == 11 && !strncmp(name, "Retry-After", 11))
        keep_header(r->retry_after, sizeof r->retry_after, value, vlen);
    return r->on_header ? r->on_header(r->ctx, name, nlen, value, vlen) : 0;
}

static int on_body(void *ctx, const unsigned char *data, size_t len)
{
    exchange *x = ctx;
    fc_response *r = x->r;
    if (r->on_body) {
        if (r->on_body(r->ctx, data, len))
            return 1;
        r->body_len += len; /* counts what the callback accepted */
        return 0;
    }
    if (r->body_cap - r->body_len < len) {
        x->err = FC_ERR_BODY_TOO_BIG;
        return 1;
    }
    memcpy(r->body + r->body_len, data, len);
    r->body_len += len;
    return 0;
}

/* Emits the request head to the trace one line at a time, the signature
 * replaced: headers are replayable for minutes and must not reach logs. */
static void trace_head(fc_client *c, const char *head, size_t len)
{
    static const char sig[] = "X-Frame-Signature:";
    const char *end = head + len;
    while (head < end) {
        const char *nl = memchr(head, '\n', (size_t)(end - head));
        size_t n = (size_t)(nl - head) - 1; /* without CR LF */
        if (n == 0)
            break;
        if (n > sizeof sig && !strncmp(head, sig, sizeof sig - 1)) {
            static const char red[] = "X-Frame-Signature: [redacted]";
            c->trace(c->trace_ctx, '>', red, sizeof red - 1);
        } else {
            c->trace(c->trace_ctx, '>', head, n);
        }
        head = nl + 1;
    }
}

static int send_request(fc_client *c, const fc_request *q)
{
    fc_http_request h;
    char ts[FC_TS_MAX], sig[FC_SIG_HEX_LEN + 1];
    long n;
    int rc;

    memset(&h, 0, sizeof h);
    h.method = q->method;
    h.host = c->host_header;
    h.base_path = c->base_path;
    h.path = q->path;
    h.path_encoded = q->path_encoded;
    h.query = q->query;
    h.nquery = q->nquery;
    h.client_id = c->client_id;
    /* A fresh timestamp and signature for every request, retries too. */
    fc_client_sign(c, (uint64_t)fc_client_now(c), ts, sig);
    h.timestamp = ts;
    h.signature = sig;
    h.content_type = q->content_type;
    h.content_length = q->body_len;
    n = fc_http_write_request(c->work, sizeof c->work, &h);
    fc_wipe(sig, sizeof sig);
    if (n < 0)
        return (int)n;
    if (c->trace)
        trace_head(c, c->work, (size_t)n);
    rc = fc_tls_write(&c->tls, c->work, (size_t)n);
    fc_wipe(c->work, (size_t)n);
    if (!rc && q->body_len)
        rc = fc_tls_write(&c->tls, q->body, q->body_len);
    if (!rc)
        rc = fc_tls_flush(&c->tls);
    return rc;
}

static int read_response(fc_client *c, const fc_request *q, exchange *x,
                         int *reusable)
{
    fc_http_sink sink = {on_status, on_header, on_body, x};
    fc_http_parser p;
    int rc = 0;

    fc_http_parser_init(&p, c->work, sizeof c->work, FC_MAX_HEADERS,
                        !strcmp(q->method, "HEAD"), &sink);
    while (rc == 0) {
        const unsigned char *data;
        size_t used;
        long n = fc_tls_read(&c->tls, &data);
        if (n < 0)
            return (int)n;
        if (n == 0) {
            rc = fc_http_finish(&p);
            break;
        }
        x->got_byte = 1;
        rc = fc_http_parse(&p, data, (size_t)n, &used);
        fc_tls_ack(&c->tls, used);
        if (rc == FC_ERR_CALLBACK && x->err)
            rc = x->err;
        /* Bytes after a complete response answer nothing we asked. */
        if (rc == 1 && used < (size_t)n)
            p.keep_alive = 0;
    }
    if (rc < 0)
        return rc;
    x->r->status = p.status;
    *reusable = fc_http_reusable(&p);
    return FC_OK;
}

static int idempotent(const char *m)
{
    return !strcmp(m, "GET") || !strcmp(m, "HEAD") || !strcmp(m, "PUT") ||
           !strcmp(m, "DELETE");
}

int fc_client_request(fc_client *c, const fc_request *q, fc_response *r)
{
    int attempt;

    if (!q || !q->method || !q->path || !r || (q->body_len && !q->body) ||
        (!r->on_body && r->body_cap && !r->body))
        return FC_ERR_ARG;
    for (attempt = 0;; attempt++) {
        exchange x = {c, r, 0, 0};
        int reused, reusable = 0, rc;

        r->status = 0;
        r->body_len = 0;
        r->content_type[0] = r->date[0] = r->retry_after[0] = '\0';
        /* A connection the server closed while idle is found here, before
         * anything is sent, so even a POST can safely reconnect. */
        if (c->connected && !fc_tls_idle_ok(&c->tls))
            disconnect(c);
        reused = c->connected;
        if (!reused && (rc = connect_tls(c)) != FC_OK)
            return rc;
        rc = send_request(c, q);
        if (!rc)
            rc = read_response(c, q, &x, &reusable);
        if (!rc) {
            if (!reusable)
                disconnect(c);
            if (!r->on_body && r->body_len < r->body_cap)
                r->body[r->body_len] = '\0';
            return FC_OK;
        }
        disconnect(c);
        /* The race the idle check cannot see: the server closed just as
         * the request went out. Nothing came back, so an idempotent
         * request may go again, once, on a fresh connection. */
        if (attempt == 0 && reused && !x.got_byte && idempotent(q->method) &&
            (rc == FC_ERR_CLOSED || rc == FC_ERR_IO))
            continue;
        return rc;
    }
}

void fc_client_close(fc_client *c)
{
    disconnect(c);
    fc_wipe(&c->key, sizeof c->key);
    fc_wipe(c->work, sizeof c->work);
}
