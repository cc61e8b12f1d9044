/* client_request.c - one request: connect (directly or through a proxy
 * tunnel), sign, send, parse; reconnect, retry and re-sign when that is
 * safe. The configuration it works from is client.c's. */
#include "framec.h"

#include <string.h>

#include "names.h"
#include "port.h"

static void trace_note(fc_client *c, const char *msg)
{
    if (c->trace)
        c->trace(c->trace_ctx, '*', msg, strlen(msg));
}

static void disconnect(fc_client *c)
{
    if (c->connected)
        fc_tls_close(&c->tls);
    c->connected = 0;
}

/* ---- Connecting ---------------------------------------------------------- */

/* Sends all of buf on a plain socket (the proxy's request). */
static int send_plain(fc_port_sock s, const char *buf, size_t len, uint32_t timeout,
                      uint64_t deadline)
{
    while (len) {
        long n = fc_port_send(s, buf, len, fc_tls_wait_ms(timeout, deadline));
        if (n <= 0)
            return fc_tls_port_err(n);
        buf += n;
        len -= (size_t)n;
    }
    return FC_OK;
}

/* Asks the proxy for a tunnel to host:port (RFC 9110 9.3.6). Reads the
 * reply one byte at a time: nothing of the TLS stream that follows may be
 * consumed here. */
static int proxy_tunnel(fc_client *c, fc_port_sock s, uint32_t timeout, uint64_t deadline)
{
    fc_http_parser p;
    long n = fc_http_write_connect(c->work, sizeof c->work, c->host, c->port, c->host_header,
                                   c->proxy_auth);
    int rc;

    if (n < 0)
        return (int)n;
    rc = send_plain(s, c->work, (size_t)n, timeout, deadline);
    fc_wipe(c->work, (size_t)n); /* it holds the proxy credentials */
    if (rc)
        return rc;
    /* The reply's head only: a tunnel's 2xx has no body (RFC 9110). */
    fc_http_parser_init(&p, c->work, sizeof c->work, FC_MAX_HEADERS, 1, NULL);
    for (rc = 0; rc == 0;) {
        unsigned char b;
        size_t used;
        long got = fc_port_recv(s, &b, 1, fc_tls_wait_ms(timeout, deadline));
        if (got <= 0)
            return got == 0 ? FC_ERR_PROXY : fc_tls_port_err(got);
        rc = fc_http_parse(&p, &b, 1, &used);
    }
    if (rc < 0)
        return FC_ERR_PROXY;
    c->proxy_status = p.status;
    return p.status >= 200 && p.status < 300 ? FC_OK : FC_ERR_PROXY;
}

/* ---- TLS sessions (session.h) ------------------------------------------- */

/* Which session may be offered now: NULL when none (c->session_why says
 * why, for -v). The binding is worked out once per client. */
static const br_ssl_session_parameters *session_offer(fc_client *c, int64_t now)
{
    if (!c->session)
        return NULL;
    if (!c->session_bound) {
        uint8_t trust[32];
        unsigned char ip[16];
        const uint8_t *id = c->trust_id;
        size_t n = c->trust_id_len;
        if (!id) {
            /* Named by what they hold: a deferred set is loaded now. */
            if (c->anchors->load && fc_anchors_need((fc_anchors *)(uintptr_t)c->anchors) != FC_OK)
                return NULL;
            fc_anchors_identity(c->anchors, trust);
            id = trust, n = sizeof trust;
        }
        fc_session_bind(c->session_bind, c->host, c->port,
                        fc_name_parse_ip(c->host, ip) ? NULL : c->host, /* SNI, as fc_x509_init */
                        fc_tls_profile(), id, n, c->tls.pins, c->tls.npins);
        c->session_bound = 1;
    }
    c->session_why = fc_session_check(c->session, c->session_bind, now);
    return c->session_why == FC_SESSION_OK ? &c->session->p : NULL;
}

/* After a full handshake: keep its session when it may be resumed later
 * (TLS 1.2, ECDHE, a clock to age it by); else forget the old one. A
 * resumed handshake keeps the session as it was: resuming never makes it
 * younger. */
static void session_keep(fc_client *c, int64_t now)
{
    const br_ssl_session_parameters *p = &c->tls.sc.eng.session;
    if (!c->session || c->tls.resumed)
        return;
    fc_session_clear(c->session);
    if (p->session_id_len == 0 || p->version != BR_TLS12 ||
        !fc_session_suite_ecdhe(p->cipher_suite) || now < FC_TIME_FLOOR)
        return;
    c->session->p = *p;
    memcpy(c->session->bind, c->session_bind, sizeof c->session->bind);
    c->session->created = now;
}

static size_t append(char *line, size_t cap, size_t n, const char *s)
{
    while (*s && n + 1 < cap)
        line[n++] = *s++;
    line[n] = '\0';
    return n;
}

/* -v: "TLS 1.2 full handshake, ECDHE_..._SHA256, the session expired". */
static void trace_handshake(fc_client *c)
{
    static const char *const why[] = {", the server did not resume the session", "",
                                      ", the session is for another host, CA, pins or profile",
                                      ", the session expired", ", the clock reads before the session",
                                      ", the session's suite is not ECDHE"};
    char line[160];
    size_t n;
    if (!c->trace)
        return;
    n = append(line, sizeof line, 0, c->tls.resumed ? "TLS 1.2 resumed handshake, " : "TLS 1.2 full handshake, ");
    n = append(line, sizeof line, n, fc_tls_suite_name(c->tls.sc.eng.session.cipher_suite));
    if (c->session && !c->tls.resumed && c->session_why >= 0 && c->session_why <= FC_SESSION_SUITE)
        n = append(line, sizeof line, n, why[c->session_why]);
    c->trace(c->trace_ctx, '*', line, n);
}

/* TCP (to the proxy or the server), the tunnel, the TLS handshake: all
 * within the connect timeout and the deadline. *reached: the handshake
 * began (the failure, if any, is TLS's). */
static int connect_once(fc_client *c, int64_t now, uint64_t deadline,
                        const br_ssl_session_parameters *offer, int *reached)
{
    int proxied = c->proxy_host[0] != '\0';
    fc_port_sock s;
    int rc;

    *reached = 0;
    rc = fc_port_connect(proxied ? c->proxy_host : c->host, proxied ? c->proxy_port : c->port,
                         fc_tls_wait_ms(c->connect_timeout_ms, deadline), &s);
    if (rc)
        return fc_tls_port_err(rc);
    if (proxied && (rc = proxy_tunnel(c, s, c->timeout_ms, deadline)) != FC_OK) {
        fc_port_close(s);
        return rc;
    }
    c->tls.timeout_ms = c->timeout_ms;
    c->tls.deadline = deadline;
    *reached = 1;
    return fc_tls_handshake(&c->tls, s, c->anchors, c->host, now < FC_TIME_FLOOR ? FC_TIME_FLOOR : now,
                            c->tls_buf, c->tls_buf_len, offer);
}

static int connect_tls(fc_client *c)
{
    int64_t now = fc_client_now(c);
    uint64_t deadline = fc_port_millis() + c->connect_timeout_ms;
    const br_ssl_session_parameters *offer;
    int rc, reached;

    if (!fc_anchors_loaded(c->anchors))
        return FC_ERR_NO_ANCHORS; /* before any packet leaves */
    if (c->deadline && c->deadline < deadline)
        deadline = c->deadline;
    offer = session_offer(c, now);
    rc = connect_once(c, now, deadline, offer, &reached);
    if (rc && offer && reached) {
        /* A resumed handshake that failed (a server that echoed the ID
         * but not the secret, a broken cache): forget the session and
         * run one full handshake, as if it had never been offered. */
        fc_session_clear(c->session);
        c->session_why = FC_SESSION_NONE;
        trace_note(c, "the resumed TLS handshake failed: forgetting the session, full handshake");
        rc = connect_once(c, now, deadline, NULL, &reached);
    }
    if (rc)
        return rc;
    session_keep(c, now);
    trace_handshake(c);
    c->tls.deadline = c->deadline;
    c->connected = 1;
    c->connects++;
    return FC_OK;
}

/* ---- What the parser hands back ------------------------------------------ */

typedef struct {
    fc_client *c;
    fc_response *r;
    int err;      /* why a callback stopped the parser */
    int sent;     /* the request began to leave */
    int got_byte; /* any response byte arrived: the request was received */
} exchange;

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
    char *keep = NULL; /* the fc_response field this header fills, if any */
    size_t cap = 0;
    if (x->c->trace)
        x->c->trace(x->c->trace_ctx, '<', name, (size_t)(value - name) + vlen);
    if (fc_http_name_is(name, nlen, "content-type"))
        keep = r->content_type, cap = sizeof r->content_type;
    else if (fc_http_name_is(name, nlen, "date"))
        keep = r->date, cap = sizeof r->date;
    else if (fc_http_name_is(name, nlen, "retry-after"))
        keep = r->retry_after, cap = sizeof r->retry_after;
    if (keep) {
        size_t n = vlen < cap ? vlen : 0; /* too long: as if absent */
        memcpy(keep, value, n);
        keep[n] = '\0';
    }
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
    /* One string for both: the name to look for is red's first 18 bytes. */
    static const char red[] = "X-Frame-Signature: [redacted]";
    const size_t name_len = sizeof "X-Frame-Signature:" - 1;
    const char *end = head + len;
    while (head < end) {
        const char *nl = memchr(head, '\n', (size_t)(end - head));
        size_t n = (size_t)(nl - head) - 1; /* without CR LF */
        if (n == 0)
            break;
        if (n > name_len + 1 && !strncmp(head, red, name_len)) {
            c->trace(c->trace_ctx, '>', red, sizeof red - 1);
        } else {
            c->trace(c->trace_ctx, '>', head, n);
        }
        head = nl + 1;
    }
}

static int send_request(fc_client *c, const fc_request *q, exchange *x)
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
    x->sent = 1;
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
            /* Only a body delimited by the end of the stream is complete
             * here, and only close_notify proves that end: a TCP close
             * can be anyone's (RFC 9112 9.8). */
            if (rc == 1 && !c->tls.clean_close)
                rc = FC_ERR_HTTP_NO_CLOSE_NOTIFY;
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

/* ---- Retrying ------------------------------------------------------------ */

static int idempotent(const char *m)
{
    return !strcmp(m, "GET") || !strcmp(m, "HEAD") || !strcmp(m, "PUT") ||
           !strcmp(m, "DELETE");
}

/* May this failure be tried again? Before the request left, any network
 * failure (all methods); after, only a lost connection, and only for
 * methods that may be repeated. Certificate and framing faults never. */
static int transient(int rc, const exchange *x, int idem)
{
    /* A proxy's 4xx (auth, forbidden port) will not change; its 5xx or a
     * silent close might. */
    int net = rc == FC_ERR_DNS || rc == FC_ERR_CONNECT || rc == FC_ERR_IO ||
              rc == FC_ERR_CLOSED || rc == FC_ERR_TLS_CLOSED ||
              (rc == FC_ERR_PROXY && (x->c->proxy_status == 0 || x->c->proxy_status >= 500));
    if (!x->sent)
        return net || rc == FC_ERR_TIMEOUT;
    return idem && (rc == FC_ERR_IO || rc == FC_ERR_CLOSED || rc == FC_ERR_HTTP_TRUNCATED);
}

/* Full jitter: a uniform wait in [0, min(max, base * 2^attempt)]. */
static uint32_t backoff(const fc_client *c, unsigned attempt)
{
    uint32_t cap = c->backoff_ms, rnd = 0;
    unsigned i;
    for (i = 0; i < attempt && cap < c->backoff_max_ms; i++)
        cap = cap > c->backoff_max_ms / 2 ? c->backoff_max_ms : cap * 2;
    if (cap > c->backoff_max_ms)
        cap = c->backoff_max_ms;
    if (fc_port_entropy(&rnd, sizeof rnd) != 0)
        return cap; /* no randomness: the full wait is the safe choice */
    return (uint32_t)(rnd % ((uint64_t)cap + 1));
}

/* Retry-After in seconds or as an HTTP-date, capped; 0 when absent. */
static uint32_t retry_after(const fc_client *c, const fc_response *r)
{
    const char *v = r->retry_after;
    size_t i, n = strlen(v);
    long digits = 0; /* stops at 86400 or more: 32 bits hold it */
    int64_t secs, when;
    if (!n)
        return 0;
    for (i = 0; i < n && v[i] >= '0' && v[i] <= '9' && digits < 86400; i++)
        digits = digits * 10 + (v[i] - '0');
    secs = digits;
    if (i < n) {
        if (fc_http_date(v, n, &when))
            return 0;
        secs = when - fc_client_now(c);
    }
    if (secs <= 0)
        return 0;
    /* secs > max / 1000 is secs * 1000 > max, without a 64-bit product. */
    return secs > c->retry_after_max_ms / 1000 ? c->retry_after_max_ms : (uint32_t)secs * 1000;
}

/* A 401 from a server whose clock is far from ours: learn the offset. */
static int learn_skew(fc_client *c, const fc_response *r)
{
    int64_t server, skew, local = fc_port_time();
    if (!r->date[0] || fc_http_date(r->date, strlen(r->date), &server))
        return 0;
    skew = server - (local + c->clock_offset);
    if (skew <= FC_SKEW_MAX_S && skew >= -FC_SKEW_MAX_S)
        return 0;
    c->clock_offset = server - local;
    trace_note(c, "clock skew: signing again with the server's time");
    return 1;
}

/* What fc_client_request hands back: the body kept in r->body gets the
 * NUL framec.h promises, when there is room for it. */
static int finish(fc_response *r, int rc)
{
    if (!r->on_body && r->body && r->body_len < r->body_cap)
        r->body[r->body_len] = '\0';
    return rc;
}

int fc_client_request(fc_client *c, const fc_request *q, fc_response *r)
{
    unsigned retries = 0;
    int resigned = 0, reconnected = 0, idem;

    if (!q || !q->method || !q->path || !r || (q->body_len && !q->body) ||
        (!r->on_body && r->body_cap && !r->body))
        return FC_ERR_ARG;
    idem = idempotent(q->method);
    c->attempts = 0;
    for (;;) {
        exchange x = {c, r, 0, 0, 0};
        int reused, reusable = 0, rc;
        uint32_t wait = 0;

        r->status = 0;
        r->body_len = 0;
        r->content_type[0] = r->date[0] = r->retry_after[0] = '\0';
        if (c->deadline && fc_port_millis() >= c->deadline)
            return finish(r, FC_ERR_TIMEOUT);
        /* A connection the server closed while idle is found here, before
         * anything is sent, so even a POST can safely reconnect. */
        if (c->connected && !fc_tls_idle_ok(&c->tls))
            disconnect(c);
        reused = c->connected;
        c->attempts++;
        rc = reused ? FC_OK : connect_tls(c);
        if (!rc) {
            c->tls.deadline = c->deadline;
            rc = send_request(c, q, &x);
        }
        if (!rc)
            rc = read_response(c, q, &x, &reusable);
        if (rc || !reusable)
            disconnect(c);

        if (!rc && r->status == 401 && !resigned && learn_skew(c, r)) {
            resigned = 1; /* once, and at once: not a retry */
        } else if (rc && reused && !x.got_byte && !reconnected && idem &&
                   (rc == FC_ERR_CLOSED || rc == FC_ERR_IO)) {
            /* The race the idle check cannot see: the server closed just
             * as the request went out. Nothing came back, so an idempotent
             * request goes again at once on a fresh connection. */
            reconnected = 1;
        } else if (retries < c->retries &&
                   (rc ? transient(rc, &x, idem)
                       : idem && (r->status == 429 || r->status == 502 ||
                                                   r->status == 503 || r->status == 504))) {
            wait = rc ? 0 : retry_after(c, r);
            if (!wait)
                wait = backoff(c, retries);
            retries++;
        } else {
            return finish(r, rc);
        }
        /* No retry may outlive the deadline: hand back what we have. */
        if (c->deadline && fc_port_millis() + wait >= c->deadline)
            return finish(r, rc);
        if (r->on_retry && r->on_retry(r->ctx))
            return finish(r, rc);
        if (wait) {
            trace_note(c, rc ? "retrying after a transient failure" : "retrying after the status");
            fc_port_sleep_ms(wait);
        }
    }
}

void fc_client_close(fc_client *c)
{
    disconnect(c);
    fc_wipe(&c->key, sizeof c->key);
    fc_wipe(c->work, sizeof c->work);
    fc_wipe(c->proxy_auth, sizeof c->proxy_auth);
    /* The engine's copy of the session: its master secret, and the keys
     * BearSSL derived from it. The caller's fc_session is the caller's. */
    fc_wipe(&c->tls.sc, sizeof c->tls.sc);
}

