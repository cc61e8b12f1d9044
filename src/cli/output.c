/* output.c - stdout held until success, and every failure as one line.
 *
 * Output is held in OUT_BUF until the command has succeeded, so a failure
 * leaves stdout empty; output larger than that streams through in blocks of
 * OUT_BUF, flushed before any message on stderr (then, as with curl, the
 * exit code alone says it was complete). A failure's exit code is the
 * library's class of its fc_err (fc_err_classify). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"



/* The message goes out as one line in one write, so that it does not
 * interleave with other processes writing to the same stderr (a script's
 * log, parallel batch runs). Messages quote at most 1 KB of a server's
 * error body, well inside the line. */
void fail(int code, const char *fmt, ...)
{
    char line[2048];
    size_t n;
    va_list ap;
    out_pending();
    if (batch_jump)
        fmt_buf(line, sizeof line, "framec: line %lu: ", batch_line);
    else
        strcpy(line, "framec: ");
    n = strlen(line);
    va_start(ap, fmt);
    fmt_vbuf(line + n, sizeof line - n - 1, fmt, ap);
    va_end(ap);
    n = strlen(line);
    line[n] = '\n';
    fc_port_write_all(2, line, n + 1);
    if (batch_jump && code != EX_LOCAL)
        longjmp(*batch_jump, code);
    exit(code);
}


static char out_buf[OUT_BUF];
size_t out_len;
int out_spilled;

static void out_write(const void *p, size_t n)
{
    if (n && fc_port_write_all(1, p, n) != 0)
        fail(EX_LOCAL, "cannot write to stdout");
}

/* Once output has spilled, out_buf is a block buffer: what it holds is
 * already promised to stdout and goes out before any message on stderr.
 * out_len is cleared first, so a failing write does not come back here
 * from fail(). */
void out_pending(void)
{
    size_t n = out_len;
    if (!out_spilled || !n)
        return;
    out_len = 0;
    out_write(out_buf, n);
}

/* Holds output until the command succeeds; past OUT_BUF it streams, in
 * blocks of OUT_BUF (one write per small piece cost more than the JSON). */
void emit(const void *p, size_t n)
{
    if (OUT_BUF - out_len >= n) {
        memcpy(out_buf + out_len, p, n);
        out_len += n;
        return;
    }
    out_spilled = 1;
    out_pending();
    if (n >= OUT_BUF) {
        out_write(p, n);
        return;
    }
    memcpy(out_buf, p, n);
    out_len = n;
}

void emit_str(const char *s)
{
    emit(s, strlen(s));
}

void out_finish(void)
{
    size_t n = out_len;
    out_len = 0;
    out_write(out_buf, n);
}

void fail_rc(int rc)
{
    if (rc == FC_ERR_JSON_TOKENS)
        fail(EX_RESPONSE, "response too large for %d JSON tokens", TOKENS);
    if (rc == FC_ERR_PROXY)
        fail(EX_NET, "proxy %s:%u: %s: %s%d", client.proxy_host, client.proxy_port,
             fc_strerror(rc), client.proxy_status ? "HTTP " : "no answer", client.proxy_status);
    if (client.proxy_host[0] && (rc == FC_ERR_DNS || rc == FC_ERR_CONNECT))
        fail(EX_NET, "proxy %s:%u: %s", client.proxy_host, client.proxy_port, fc_strerror(rc));
    /* Name the server, and for TLS faults without a check of their own,
     * BearSSL's code (bearssl_ssl.h lists them). */
    if (rc == FC_ERR_TLS || rc == FC_ERR_TLS_CERT || rc == FC_ERR_TLS_ALERT)
        fail((int)fc_err_classify(rc), "%s:%u: %s (BearSSL error %d)", client.host, client.port,
             fc_strerror(rc), fc_client_tls_error(&client));
    if (rc == FC_ERR_TLS_KEY_TYPE)
        fail(EX_TLS, "%s:%u: %s (%s; this is the %s TLS profile)", client.host, client.port,
             fc_strerror(rc),
             fc_client_tls_detail(&client) ? fc_client_tls_detail(&client) : "unknown",
             fc_client_tls_profile());
    if (rc == FC_ERR_TLS_UNTRUSTED && anchors.dropped_expired)
        fail(EX_TLS, "%s:%u: %s (%zu CA certificate%s of the bundle expired)", client.host,
             client.port, fc_strerror(rc), anchors.dropped_expired,
             anchors.dropped_expired == 1 ? "" : "s");
    fail((int)fc_err_classify(rc), "%s:%u: %s", client.host, client.port, fc_strerror(rc));
}

/* Writes one --field value: strings decoded, everything else as written.
 * Tab, newline, CR and backslash are escaped so a row stays one line. */
void emit_value(const fc_json *j, int t)
{
    const char *s;
    size_t n;
    if (fc_json_type(j, t) == FC_JSON_STRING) {
        long len;
        /* Without a backslash the text parse accepted is the value, and
         * holds no tab, line break or backslash to escape. */
        s = fc_json_raw(j, t, &n);
        if (!memchr(s, '\\', n)) {
            emit(s, n);
            return;
        }
        len = fc_json_string(j, t, str_buf, sizeof str_buf);
        if (len < 0)
            fail(EX_RESPONSE, "cannot decode a string: %s", fc_strerror((int)len));
        s = str_buf;
        n = (size_t)len;
    } else {
        s = fc_json_raw(j, t, &n);
    }
    emit_text(s, n);
}

/* Tab, newline, CR and backslash escaped, so that a value stays on its
 * line of output. */
void emit_text(const char *s, size_t n)
{
    size_t i, run;
    for (i = 0, run = 0; i < n; i++) {
        const char *esc = s[i] == '\t' ? "\\t" : s[i] == '\n' ? "\\n" : s[i] == '\r' ? "\\r"
                        : s[i] == '\\' ? "\\\\" : NULL;
        if (esc) {
            emit(s + run, i - run);
            emit(esc, 2);
            run = i + 1;
        }
    }
    emit(s + run, n - run);
}

void emit_row(const fc_json *j)
{
    size_t f;
    for (f = 0; f < opt.nfield; f++) {
        int t = fc_json_path(j, 0, opt.field[f]);
        if (f)
            emit("\t", 1);
        if (t == FC_ERR_JSON_TYPE)
            fail(EX_USAGE, "--field %s: the path goes through a value that is not an object or array",
                 opt.field[f]);
        if (t >= 0)
            emit_value(j, t);
    }
    emit("\n", 1);
}

/* Quotes the start of an error body on one line and exits with the
 * status's class. */
void fail_http(int status, const char *body, size_t len)
{
    char quote[300];
    size_t i, n = len < sizeof quote ? len : sizeof quote;
    for (i = 0; i < n; i++)
        quote[i] = (unsigned char)body[i] < 0x20 ? ' ' : body[i];
    fail((int)fc_err_classify(fc_err_status(status)), "HTTP %d%s%s%.*s%s", status,
         status < 400 ? " (framec follows no redirects)" : "", n ? ": " : "", (int)n, quote,
         n < len ? "..." : "");
}

