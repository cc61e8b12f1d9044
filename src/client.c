/* client.c - the client's configuration: the URL, the proxy and its
 * credentials, the key, the clock; and the accessors. client_request.c
 * runs the requests. */
#include "framec.h"

#include <string.h>

#include "port.h" /* fc_port_time, fc_port_millis */

/* Copies a NUL-terminated string or fails: nothing is ever truncated. */
static int copy_str(char *dst, size_t cap, const char *src, size_t len)
{
    if (len >= cap)
        return FC_ERR_ARG;
    memcpy(dst, src, len);
    dst[len] = '\0';
    return FC_OK;
}

/* host[:port] up to '/', end or (for proxies) nothing else; IPv6 literals
 * in brackets. Leaves *rest after the port. */
static int parse_authority(const char *h, char *host, size_t cap, uint16_t *port,
                           unsigned default_port, const char **rest)
{
    const char *e, *p;
    unsigned long v = default_port;
    size_t hlen;

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
    if (hlen == 0 || copy_str(host, cap, h, hlen))
        return FC_ERR_URL;
    /* The host goes verbatim into SNI, the proxy's CONNECT line and the
     * Host header: nothing that could end or split a line. */
    if (!fc_http_field_ok(host))
        return FC_ERR_URL;
    if (*p == ':') {
        v = 0;
        if (!(p[1] >= '0' && p[1] <= '9'))
            return FC_ERR_URL;
        for (p++; *p >= '0' && *p <= '9'; p++)
            if ((v = v * 10 + (unsigned long)(*p - '0')) > 65535)
                return FC_ERR_URL;
        if (v == 0)
            return FC_ERR_URL;
    }
    if (*p && *p != '/')
        return FC_ERR_URL;
    *port = (uint16_t)v;
    *rest = p;
    return FC_OK;
}

/* https://host[:port][/base-path] */
static int parse_url(fc_client *c, const char *url)
{
    const char *p, *e;

    if (!url || strncmp(url, "https://", 8) != 0 ||
        parse_authority(url + 8, c->host, sizeof c->host, &c->port, 443, &p))
        return FC_ERR_URL;
    /* The base path keeps its leading slash and loses trailing ones, so
     * that base + "/accounts" never doubles a slash. */
    e = p + strlen(p);
    while (e > p && e[-1] == '/')
        e--;
    if (memchr(p, '?', (size_t)(e - p)) || memchr(p, '#', (size_t)(e - p)) ||
        copy_str(c->base_path, sizeof c->base_path, p, (size_t)(e - p)))
        return FC_ERR_URL;
    /* Host header: name, brackets for IPv6, port unless 443 (it fits:
     * host_header has room for the brackets and ":65535"). */
    if (fc_http_authority(c->host_header, sizeof c->host_header, c->host, c->port, 443) < 0)
        return FC_ERR_URL;
    return FC_OK;
}

/* Base64 of user:password (both %-decoded) into c->proxy_auth. */
static int proxy_credentials(fc_client *c, const char *s, size_t n)
{
    static const char b64[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    unsigned char raw[(FC_PROXY_AUTH_MAX - 1) / 4 * 3];
    long got = fc_http_unescape((char *)raw, sizeof raw, s, n);
    size_t i, len = got > 0 ? (size_t)got : 0, o = 0;

    for (i = 0; i < len && got >= 0; i++)
        if (raw[i] < 0x20 || raw[i] == 0x7f)
            got = FC_ERR_URL;
    if (got < 0) {
        fc_wipe(raw, sizeof raw);
        return FC_ERR_URL;
    }
    for (i = 0; i < len; i += 3) {
        unsigned v = (unsigned)raw[i] << 16 | (i + 1 < len ? (unsigned)raw[i + 1] << 8 : 0) |
                     (i + 2 < len ? raw[i + 2] : 0);
        c->proxy_auth[o++] = b64[v >> 18];
        c->proxy_auth[o++] = b64[v >> 12 & 63];
        c->proxy_auth[o++] = i + 1 < len ? b64[v >> 6 & 63] : '=';
        c->proxy_auth[o++] = i + 2 < len ? b64[v & 63] : '=';
    }
    c->proxy_auth[o] = '\0';
    fc_wipe(raw, sizeof raw);
    return FC_OK;
}

/* http://[user:pass@]host[:port][/] */
static int parse_proxy(fc_client *c, const char *url)
{
    const char *h, *at, *rest;
    if (strncmp(url, "http://", 7) != 0)
        return FC_ERR_URL;
    h = url + 7;
    at = strchr(h, '@');
    if (at && (!strchr(h, '/') || at < strchr(h, '/'))) {
        if (proxy_credentials(c, h, (size_t)(at - h)))
            return FC_ERR_URL;
        h = at + 1;
    }
    if (parse_authority(h, c->proxy_host, sizeof c->proxy_host, &c->proxy_port, 1080, &rest) ||
        (*rest && strcmp(rest, "/") != 0))
        return FC_ERR_URL;
    return FC_OK;
}

int fc_client_init_checked(fc_client *c, const fc_config *cfg, size_t client_size,
                           unsigned long config_id)
{
    int rc;

    /* Before any byte of c is written: it may be smaller than ours. */
    if (client_size != sizeof *c || config_id != FC_CONFIG_ID)
        return FC_ERR_CONFIG;
    memset(c, 0, sizeof *c);
    c->tls.sock = FC_PORT_NONE;
    if (!cfg || !cfg->client_id || !cfg->secret || !cfg->tls_buf ||
        cfg->tls_buf_len < 512)
        return FC_ERR_ARG;
    rc = parse_url(c, cfg->url ? cfg->url : FC_DEFAULT_URL);
    if (!rc && cfg->proxy && *cfg->proxy && parse_proxy(c, cfg->proxy))
        rc = FC_ERR_PROXY_URL;
    if (rc)
        return rc;
    if (!cfg->client_id[0])
        return FC_ERR_ARG;
    if (!fc_http_field_ok(cfg->client_id))
        return FC_ERR_FIELD;
    if (copy_str(c->client_id, sizeof c->client_id, cfg->client_id,
                 strlen(cfg->client_id)))
        return FC_ERR_ARG;
    c->anchors = cfg->anchors;
    c->tls.pins = cfg->pins;
    c->tls.npins = cfg->npins;
    c->tls_buf = cfg->tls_buf;
    c->tls_buf_len = cfg->tls_buf_len;
    c->connect_timeout_ms =
        cfg->connect_timeout_ms ? cfg->connect_timeout_ms : FC_CONNECT_TIMEOUT_MS;
    c->timeout_ms = cfg->timeout_ms ? cfg->timeout_ms : FC_TIMEOUT_MS;
    c->retries = cfg->retries;
    c->backoff_ms = cfg->backoff_ms ? cfg->backoff_ms : FC_BACKOFF_MS;
    c->backoff_max_ms = cfg->backoff_max_ms ? cfg->backoff_max_ms : FC_BACKOFF_MAX_MS;
    c->retry_after_max_ms =
        cfg->retry_after_max_ms ? cfg->retry_after_max_ms : FC_RETRY_AFTER_MAX_MS;
    c->trace = cfg->trace;
    c->trace_ctx = cfg->trace_ctx;
    c->session = cfg->session;
    c->trust_id = cfg->trust_id;
    c->trust_id_len = cfg->trust_id ? cfg->trust_id_len : 0;
    /* The key pads are all that is kept of the secret. */
    fc_hmac_key_init(&c->key, cfg->secret, cfg->secret_len);
    return FC_OK;
}

void fc_client_deadline(fc_client *c, uint32_t ms)
{
    c->deadline = ms ? fc_port_millis() + ms : 0;
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

int fc_client_tls_error(const fc_client *c)
{
    return c->tls.br_err;
}

const char *fc_client_tls_detail(const fc_client *c)
{
    return fc_x509_detail(&c->tls.x509);
}

const char *fc_client_tls_profile(void)
{
    return fc_tls_profile();
}

unsigned fc_client_attempts(const fc_client *c)
{
    return c->attempts;
}

int fc_client_tls_resumed(const fc_client *c)
{
    return c->tls.resumed;
}

const char *fc_client_tls_suite(const fc_client *c)
{
    return fc_tls_suite_name(c->tls.sc.eng.session.cipher_suite);
}
