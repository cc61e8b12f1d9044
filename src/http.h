/* http.h - HTTP/1.1 request writer and incremental response parser.
 *
 * Pure functions over caller buffers: no sockets, no clocks, no allocation.
 * The writer percent-encodes path and query and refuses any other field
 * holding CR, LF, NUL, space or a control character, so no caller input can
 * split a header. The parser accepts bytes in any split (one at a time
 * included), bounds every line and the header count, and takes the end of
 * the body only from framing (Content-Length, chunked, or close when neither
 * is given): a body cut short is FC_ERR_HTTP_TRUNCATED, never success. */
#ifndef FC_HTTP_H
#define FC_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "framec_config.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FC_USER_AGENT "framec/" FC_VERSION

/* A query parameter; value NULL sends the bare key. */
typedef struct {
    const char *key;
    const char *value;
} fc_query;

typedef struct {
    const char *method;    /* GET, POST, PUT, DELETE, HEAD */
    const char *host;      /* Host header value, port included if needed */
    const char *base_path; /* from the base URL, e.g. "/v1" ("" for none) */
    const char *path;      /* e.g. "/accounts/42": segments encoded, '/' kept */
    int path_encoded;      /* path is already percent-encoded: only checked */
    const fc_query *query;
    size_t nquery;
    const char *client_id, *timestamp, *signature; /* the X-Frame headers */
    const char *content_type; /* NULL: no body headers */
    size_t content_length;
    int close; /* send Connection: close */
} fc_http_request;

/* Writes the request head (through the empty line) into buf. Returns the
 * length, FC_ERR_FIELD for a forbidden byte, or FC_ERR_REQUEST_TOO_BIG. */
long fc_http_write_request(char *buf, size_t cap, const fc_http_request *r);

/* Percent-encodes src into dst (everything outside A-Z a-z 0-9 - . _ ~,
 * plus '/' when keep_slash). Returns the length, FC_ERR_FIELD for a control
 * byte (never encoded: no ID holds one), or FC_ERR_REQUEST_TOO_BIG. The
 * output is NUL-terminated when it fits. */
long fc_http_encode(char *dst, size_t cap, const char *src, int keep_slash);

/* Callbacks from the parser, each optional. Return 0 to go on, non-zero to
 * stop with FC_ERR_CALLBACK. on_status sees each status line; on_header sees every header of the final response
 * (name and value trimmed, not NUL-terminated); on_body sees body bytes
 * after de-chunking, pointing into the caller's input. */
typedef struct {
    int (*on_status)(void *ctx, const char *line, size_t len); /* 1xx too */
    int (*on_header)(void *ctx, const char *name, size_t nlen,
                     const char *value, size_t vlen);
    int (*on_body)(void *ctx, const unsigned char *data, size_t len);
    void *ctx;
} fc_http_sink;

typedef struct {
    const fc_http_sink *sink;
    char *line;           /* caller's line buffer: bounds each line */
    size_t line_cap, line_len;
    unsigned max_headers, nheaders;
    unsigned interim;     /* 1xx responses skipped so far */
    int started;          /* any byte arrived */
    int cr;               /* the last byte was a CR */
    int state;
    int status;           /* final status once headers are done */
    int no_body;          /* HEAD request: never a body */
    int chunked, has_length, keep_alive, http10;
    uint64_t length;      /* Content-Length as given */
    uint64_t left;        /* body or chunk bytes still to come */
} fc_http_parser;

void fc_http_parser_init(fc_http_parser *p, char *line, size_t line_cap,
                         unsigned max_headers, int head_request,
                         const fc_http_sink *sink);
/* Feeds bytes. Sets *used to how many were consumed. Returns 0 when more
 * input is needed, 1 when the response is complete (bytes after it are left
 * unconsumed), or a negative fc_err. */
int fc_http_parse(fc_http_parser *p, const unsigned char *data, size_t len,
                  size_t *used);
/* The stream ended. Returns 1 when that completes a close-delimited body,
 * else FC_ERR_HTTP_TRUNCATED (or FC_ERR_CLOSED before any status line). */
int fc_http_finish(fc_http_parser *p);
/* True when the connection may carry another request after this one. */
int fc_http_reusable(const fc_http_parser *p);

/* Small text helpers the rest of the library shares (one copy each in a
 * microcontroller's flash). */
#define FC_HTTP_DECIMAL_MAX 21 /* UINT64_MAX is 20 digits, plus NUL */
/* Writes v in decimal, NUL-terminated; returns the digit count. */
size_t fc_http_decimal(uint64_t v, char out[FC_HTTP_DECIMAL_MAX]);
/* The value of a hex digit (either case), or -1. */
int fc_http_hexval(int c);
/* Percent-decodes in[0..n) into out (cap bytes; out == in decodes in
 * place): %XX with two hex digits (either case) becomes that byte, and
 * everything else, a '%' without two hex digits after it included, stays
 * as it is (as curl reads a proxy URL's credentials). Writes no NUL.
 * Returns the decoded length, or FC_ERR_ARG when it does not fit. */
long fc_http_unescape(char *out, size_t cap, const char *in, size_t n);
/* True when s is not NULL, not empty, and holds no space, DEL or control
 * byte (CR, LF, NUL...): it cannot end or split a request or header line. */
int fc_http_field_ok(const char *s);
/* True when s[0..n) equals name, ASCII case ignored; name is lower case. */
int fc_http_name_is(const char *s, size_t n, const char *name);
/* Writes host (in brackets when it holds a ':', i.e. IPv6) and ":port"
 * unless port is default_port (0: always) into dst, NUL-terminated.
 * Returns the length or FC_ERR_REQUEST_TOO_BIG. */
long fc_http_authority(char *dst, size_t cap, const char *host, unsigned port,
                       unsigned default_port);
/* Writes a CONNECT request head asking a proxy for a tunnel to host:port
 * (RFC 9110 9.3.6), with Proxy-Authorization: Basic when proxy_auth is
 * not empty. Returns the length, FC_ERR_FIELD or FC_ERR_REQUEST_TOO_BIG. */
long fc_http_write_connect(char *buf, size_t cap, const char *host, unsigned port,
                           const char *host_header, const char *proxy_auth);

/* Parses an HTTP-date (RFC 9110 5.6.7: IMF-fixdate, and the obsolete RFC
 * 850 and asctime forms a recipient must accept) into seconds since the
 * Unix epoch. Returns FC_OK or FC_ERR_HTTP_HEADER. */
int fc_http_date(const char *s, size_t n, int64_t *out);

#ifdef __cplusplus
}
#endif

#endif
