/* main.c - the framec command line.
 *
 * A thin layer over the library: parse arguments, find credentials and the
 * CA bundle, make the request, print the body, and turn every failure into
 * one line on stderr and a documented exit code. Secrets come only from the
 * environment or a credentials file, never from argv, and are wiped as soon
 * as the HMAC key state exists. The body reaches stdout only after the
 * whole response arrived (bodies larger than OUT_BUF stream through: then
 * the exit code alone says whether they were complete, as with curl). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "framec.h"

enum {
    EX_OK = 0,
    EX_LOCAL = 1,    /* local failure: writing output, entropy */
    EX_USAGE = 2,    /* bad command line or unreadable --data file */
    EX_CONFIG = 3,   /* credentials, URL or CA bundle missing or bad */
    EX_NET = 4,      /* DNS, connect, or connection lost */
    EX_TLS = 5,      /* TLS handshake or certificate check */
    EX_HTTP_4XX = 6,
    EX_HTTP_5XX = 7,
    EX_TIMEOUT = 8,
    EX_RESPONSE = 9  /* malformed, truncated or oversized response */
};

#define DEFAULT_CA_FILE "/etc/ssl/certs/ca-certificates.crt"
#define MAX_QUERY 32
#define OUT_BUF (64 * 1024)
#define DATA_MAX (1024 * 1024)
#define CRED_MAX 4096

static const char usage[] =
    "usage: framec [options] get|delete PATH\n"
    "       framec [options] post|put PATH [--data JSON | --data @FILE]\n"
    "       framec [options] sign [--timestamp T]\n"
    "\n"
    "Calls the Frame Admin API with signed requests. The response body goes\n"
    "to stdout exactly as received; errors are one line on stderr.\n"
    "\n"
    "options:\n"
    "  --url BASE          API base URL (env FRAME_API_URL; default\n"
    "                      " FC_DEFAULT_URL ")\n"
    "  --cacert FILE       CA bundle, PEM (env SSL_CERT_FILE; default\n"
    "                      " DEFAULT_CA_FILE ")\n"
    "  --credentials FILE  lines client_id=... and client_secret=...\n"
    "                      (default: env FRAME_CLIENT_ID, FRAME_CLIENT_SECRET)\n"
    "  --timeout SECONDS   limit for connecting and for each wait (30)\n"
    "  --query KEY=VALUE   add a query parameter (repeatable; encoded)\n"
    "  --data JSON|@FILE   request body for post/put (@- reads stdin)\n"
    "  --timestamp T       sign: Unix time to sign instead of now\n"
    "  -v, --verbose       request and response headers to stderr\n"
    "                      (the signature is redacted)\n"
    "  -h, --help          this help\n"
    "  --version           print the version\n"
    "\n"
    "exit codes:\n"
    "  0 success                      5 TLS or certificate failure\n"
    "  1 local failure (output)       6 HTTP 4xx\n"
    "  2 usage error                  7 HTTP 5xx\n"
    "  3 credentials or config error  8 timeout\n"
    "  4 DNS or connection failure    9 malformed response\n";

static void fail(int code, const char *fmt, ...)
{
    va_list ap;
    fputs("framec: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(code);
}

/* ---- Options ------------------------------------------------------------ */

typedef struct {
    const char *cmd, *path;
    const char *url, *cacert, *credentials, *data, *timestamp;
    uint32_t timeout_ms;
    int verbose;
    fc_query query[MAX_QUERY];
    size_t nquery;
} options;

/* SECONDS, decimals allowed (0.5), up to a day. */
static uint32_t parse_seconds(const char *opt, const char *s)
{
    unsigned long ms = 0, scale = 1000;
    const char *p = s;
    for (; *p >= '0' && *p <= '9' && ms <= 86400000ul; p++)
        ms = ms * 10 + (unsigned long)(*p - '0') * 1000;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++)
            if ((scale /= 10) > 0)
                ms += (unsigned long)(*p - '0') * scale;
    if (p == s || *p || ms == 0 || ms > 86400000ul)
        fail(EX_USAGE, "%s: '%s' is not a number of seconds (0 < s <= 86400)", opt, s);
    return (uint32_t)ms;
}

static void parse_args(int argc, char **argv, options *o)
{
    int i, npos = 0;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **val = NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(usage, stdout);
            exit(EX_OK);
        } else if (!strcmp(a, "--version")) {
            puts("framec " FC_VERSION);
            exit(EX_OK);
        } else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
            o->verbose = 1;
            continue;
        } else if (!strcmp(a, "--url")) {
            val = &o->url;
        } else if (!strcmp(a, "--cacert")) {
            val = &o->cacert;
        } else if (!strcmp(a, "--credentials")) {
            val = &o->credentials;
        } else if (!strcmp(a, "--data")) {
            val = &o->data;
        } else if (!strcmp(a, "--timestamp")) {
            val = &o->timestamp;
        } else if (!strcmp(a, "--timeout") || !strcmp(a, "--query")) {
            if (i + 1 == argc)
                fail(EX_USAGE, "%s needs a value (try --help)", a);
            if (a[2] == 't') {
                o->timeout_ms = parse_seconds(a, argv[++i]);
            } else {
                char *kv = argv[++i], *eq = strchr(kv, '=');
                if (!eq || eq == kv)
                    fail(EX_USAGE, "--query wants KEY=VALUE, got '%s'", kv);
                if (o->nquery == MAX_QUERY)
                    fail(EX_USAGE, "at most %d --query options", MAX_QUERY);
                *eq = '\0';
                o->query[o->nquery].key = kv;
                o->query[o->nquery++].value = eq + 1;
            }
            continue;
        } else if (a[0] == '-' && a[1]) {
            fail(EX_USAGE, "unknown option '%s' (try --help)", a);
        } else if (npos == 0) {
            o->cmd = a;
            npos++;
            continue;
        } else if (npos == 1) {
            o->path = a;
            npos++;
            continue;
        } else {
            fail(EX_USAGE, "unexpected argument '%s' (try --help)", a);
        }
        if (i + 1 == argc)
            fail(EX_USAGE, "%s needs a value (try --help)", a);
        *val = argv[++i];
    }
    if (!o->cmd)
        fail(EX_USAGE, "no command given (try --help)");
}

/* ---- Files -------------------------------------------------------------- */

static long read_file(void *ctx, unsigned char *buf, size_t len)
{
    FILE *f = ctx;
    size_t n = fread(buf, 1, len, f);
    return n == 0 && ferror(f) ? -1 : (long)n;
}

/* Reads a whole file (or stdin for "-") into buf; returns its length. */
static size_t slurp(const char *path, char *buf, size_t cap, const char *what,
                    int code)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    size_t n;
    if (!f)
        fail(code, "cannot open %s '%s'", what, path);
    n = fread(buf, 1, cap, f);
    if (ferror(f))
        fail(code, "cannot read %s '%s'", what, path);
    if (n == cap && fgetc(f) != EOF)
        fail(code, "%s '%s' is larger than %lu bytes", what, path,
             (unsigned long)cap - 1);
    if (f != stdin)
        fclose(f);
    buf[n] = '\0';
    return n;
}

static char *trim(char *s)
{
    char *e = s + strlen(s);
    while (*s == ' ' || *s == '\t')
        s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

/* client_id=... and client_secret=... lines; '#' comments and blank lines
 * are skipped, anything else is an error naming the line (never its
 * text: it could hold the secret). */
static void parse_credentials(const char *path, char *buf, const char **id,
                              char **secret)
{
    char *line = buf, *next;
    unsigned lineno = 1;
    for (; line; line = next, lineno++) {
        char *eq, *k;
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        k = trim(line);
        if (!*k || *k == '#')
            continue;
        eq = strchr(k, '=');
        if (!eq)
            fail(EX_CONFIG, "%s:%u: expected client_id=... or client_secret=...",
                 path, lineno);
        *eq = '\0';
        k = trim(k);
        if (!strcmp(k, "client_id"))
            *id = trim(eq + 1);
        else if (!strcmp(k, "client_secret"))
            *secret = trim(eq + 1);
        else
            fail(EX_CONFIG, "%s:%u: unknown key '%s'", path, lineno, k);
    }
    if (!*id || !**id || !*secret || !**secret)
        fail(EX_CONFIG, "%s: needs both client_id=... and client_secret=...", path);
}

/* ---- Output ------------------------------------------------------------- */

typedef struct {
    fc_response *r;
    size_t len;  /* bytes held in buf */
    int spilled; /* the body outgrew buf and streams to stdout */
    int write_err;
} output;

static char out_buf[OUT_BUF];

static void write_out(output *o, const void *p, size_t n)
{
    if (n && fwrite(p, 1, n, stdout) != n)
        o->write_err = 1;
}

static int on_body(void *ctx, const unsigned char *data, size_t len)
{
    output *o = ctx;
    int ok = o->r->status >= 200 && o->r->status < 300;
    if (!o->spilled && OUT_BUF - o->len >= len) {
        memcpy(out_buf + o->len, data, len);
        o->len += len;
    } else if (ok) {
        /* Too large to hold: stream it, as curl does. */
        if (!o->spilled)
            write_out(o, out_buf, o->len);
        o->spilled = 1;
        write_out(o, data, len);
    } else if (OUT_BUF > o->len) {
        /* An error body is only quoted on stderr: keep its beginning. */
        size_t n = OUT_BUF - o->len;
        memcpy(out_buf + o->len, data, n);
        o->len += n;
    }
    return o->write_err;
}

static void trace(void *ctx, char dir, const char *line, size_t len)
{
    (void)ctx;
    fprintf(stderr, "%c %.*s\n", dir, (int)len, line);
}

static int exit_code(int rc)
{
    switch (rc) {
    case FC_ERR_ARG: case FC_ERR_FIELD: case FC_ERR_REQUEST_TOO_BIG:
        return EX_USAGE;
    case FC_ERR_URL: case FC_ERR_ANCHORS_FULL: case FC_ERR_PEM: case FC_ERR_NO_ANCHORS:
        return EX_CONFIG;
    case FC_ERR_DNS: case FC_ERR_CONNECT: case FC_ERR_IO:
        return EX_NET;
    case FC_ERR_TIMEOUT:
        return EX_TIMEOUT;
    case FC_ERR_TLS_UNTRUSTED: case FC_ERR_TLS_NAME: case FC_ERR_TLS_EXPIRED:
    case FC_ERR_TLS_CERT: case FC_ERR_TLS_ALERT: case FC_ERR_TLS:
        return EX_TLS;
    case FC_ERR_ENTROPY: case FC_ERR_CALLBACK:
        return EX_LOCAL;
    default:
        return EX_RESPONSE;
    }
}

/* Quotes an error body on one line: newlines and controls become spaces,
 * and it is cut to a readable length. */
static void report_status(const fc_response *r, size_t len)
{
    size_t i, n = len < 300 ? len : 300;
    int code = r->status >= 500 ? EX_HTTP_5XX : r->status >= 400 ? EX_HTTP_4XX : EX_RESPONSE;
    for (i = 0; i < n; i++)
        if ((unsigned char)out_buf[i] < 0x20)
            out_buf[i] = ' ';
    fprintf(stderr, "framec: HTTP %d%s%s%.*s%s\n", r->status,
            code == EX_RESPONSE ? " (framec follows no redirects)" : "",
            n ? ": " : "", (int)n, out_buf, n < len ? "..." : "");
    exit(code);
}

/* ---- Main --------------------------------------------------------------- */

static br_x509_trust_anchor anchor_slots[256];
static unsigned char anchor_store[192 * 1024];
static unsigned char tls_buf[BR_SSL_BUFSIZE_MONO];
static char cred_buf[CRED_MAX];
static char data_buf[DATA_MAX + 1];
static fc_client client;

static void load_anchors(fc_anchors *a, const char *path)
{
    FILE *f = fopen(path, "rb");
    int rc;
    if (!f)
        fail(EX_CONFIG, "cannot open CA bundle '%s' (set --cacert or SSL_CERT_FILE)", path);
    fc_anchors_init(a, anchor_slots, sizeof anchor_slots / sizeof anchor_slots[0],
                    anchor_store, sizeof anchor_store);
    rc = fc_anchors_add_pem(a, read_file, f);
    fclose(f);
    if (rc)
        fail(EX_CONFIG, "CA bundle '%s': %s", path, fc_strerror(rc));
}

static uint64_t parse_timestamp(const char *s)
{
    uint64_t v = 0;
    const char *p = s;
    for (; *p >= '0' && *p <= '9' && v <= UINT64_MAX / 10 - 1; p++)
        v = v * 10 + (uint64_t)(*p - '0');
    if (p == s || *p)
        fail(EX_USAGE, "--timestamp: '%s' is not a Unix time in seconds", s);
    return v;
}

int main(int argc, char **argv)
{
    options o;
    fc_config cfg;
    fc_anchors anchors;
    const char *id = NULL;
    char *secret = NULL;
    int sign_only, rc;

    fc_port_no_core_dumps();
    memset(&o, 0, sizeof o);
    parse_args(argc, argv, &o);

    sign_only = !strcmp(o.cmd, "sign");
    if (!sign_only && strcmp(o.cmd, "get") && strcmp(o.cmd, "delete") &&
        strcmp(o.cmd, "post") && strcmp(o.cmd, "put"))
        fail(EX_USAGE, "unknown command '%s' (try --help)", o.cmd);
    if (sign_only ? o.path != NULL : o.path == NULL)
        fail(EX_USAGE, sign_only ? "sign takes no PATH" : "%s needs a PATH", o.cmd);
    if (o.timestamp && !sign_only)
        fail(EX_USAGE, "--timestamp only goes with sign");
    if (o.data && strcmp(o.cmd, "post") && strcmp(o.cmd, "put"))
        fail(EX_USAGE, "--data only goes with post or put");
    if (o.path && strchr(o.path, '?'))
        fail(EX_USAGE, "PATH holds a '?': give the query as --query KEY=VALUE");

    if (o.credentials) {
        slurp(o.credentials, cred_buf, sizeof cred_buf, "credentials file", EX_CONFIG);
        parse_credentials(o.credentials, cred_buf, &id, &secret);
    } else {
        id = getenv("FRAME_CLIENT_ID");
        secret = getenv("FRAME_CLIENT_SECRET");
        if (!id || !*id || !secret || !*secret)
            fail(EX_CONFIG, "no credentials: set FRAME_CLIENT_ID and "
                            "FRAME_CLIENT_SECRET, or use --credentials FILE");
    }

    memset(&cfg, 0, sizeof cfg);
    cfg.url = o.url ? o.url : getenv("FRAME_API_URL");
    if (!cfg.url || !*cfg.url)
        cfg.url = FC_DEFAULT_URL;
    cfg.client_id = id;
    cfg.secret = secret;
    cfg.secret_len = strlen(secret);
    cfg.tls_buf = tls_buf;
    cfg.tls_buf_len = sizeof tls_buf;
    cfg.connect_timeout_ms = o.timeout_ms;
    cfg.timeout_ms = o.timeout_ms;
    if (o.verbose)
        cfg.trace = trace;
    if (!sign_only) {
        const char *ca = o.cacert ? o.cacert : getenv("SSL_CERT_FILE");
        load_anchors(&anchors, ca && *ca ? ca : DEFAULT_CA_FILE);
        cfg.anchors = &anchors;
    }
    rc = fc_client_init(&client, &cfg);
    /* From here on only the key pads exist: wipe every copy of the secret. */
    fc_wipe(secret, strlen(secret));
    fc_wipe(cred_buf, sizeof cred_buf);
    if (rc)
        fail(EX_CONFIG, "%s: %s", rc == FC_ERR_URL ? cfg.url : "client id",
             fc_strerror(rc));

    if (sign_only) {
        char ts[FC_TS_MAX], sig[FC_SIG_HEX_LEN + 1];
        uint64_t t = o.timestamp ? parse_timestamp(o.timestamp)
                                 : (uint64_t)fc_client_now(&client);
        fc_client_sign(&client, t, ts, sig);
        printf("X-Frame-ClientId: %s\nX-Frame-Timestamp: %s\nX-Frame-Signature: %s\n",
               client.client_id, ts, sig);
        fc_wipe(sig, sizeof sig);
        return fflush(stdout) ? EX_LOCAL : EX_OK;
    }

    {
        fc_request q;
        fc_response r;
        output out;
        size_t body_len = 0;
        char method[8];
        size_t i;

        for (i = 0; o.cmd[i] && i < sizeof method - 1; i++)
            method[i] = (char)(o.cmd[i] - 'a' + 'A');
        method[i] = '\0';
        if (o.data)
            body_len = o.data[0] == '@'
                           ? slurp(o.data + 1, data_buf, sizeof data_buf, "data file", EX_USAGE)
                           : strlen(strcpy(data_buf, o.data));
        memset(&q, 0, sizeof q);
        q.method = method;
        q.path = o.path;
        q.query = o.query;
        q.nquery = o.nquery;
        if (o.data) {
            q.content_type = "application/json";
            q.body = data_buf;
            q.body_len = body_len;
        }
        memset(&r, 0, sizeof r);
        memset(&out, 0, sizeof out);
        out.r = &r;
        r.on_body = on_body;
        r.ctx = &out;
        rc = fc_client_request(&client, &q, &r);
        fc_client_close(&client);
        if (out.write_err)
            fail(EX_LOCAL, "cannot write the response to stdout");
        if (rc) {
            /* Name the server, and for TLS faults without a check of their
             * own, BearSSL's code (bearssl_ssl.h lists them). */
            if (rc == FC_ERR_TLS || rc == FC_ERR_TLS_CERT || rc == FC_ERR_TLS_ALERT)
                fail(exit_code(rc), "%s:%u: %s (BearSSL error %d)", client.host,
                     client.port, fc_strerror(rc), client.tls.br_err);
            fail(exit_code(rc), "%s:%u: %s", client.host, client.port, fc_strerror(rc));
        }
        if (r.status < 200 || r.status >= 300)
            report_status(&r, out.len);
        if (!out.spilled)
            write_out(&out, out_buf, out.len);
        if (out.write_err || fflush(stdout))
            fail(EX_LOCAL, "cannot write the response to stdout");
    }
    return EX_OK;
}
