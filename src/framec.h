/* framec.h - the framec library: signed requests to the Frame Admin API.
 *
 * One caller-allocated fc_client holds everything a connection needs: the
 * HMAC key state (the secret itself is never kept), the TLS contexts and a
 * work buffer. There is no global state and nothing is allocated: the
 * caller owns every byte, and several clients may live side by side.
 * Single-threaded: one client must not be used by two threads at once.
 *
 *     static unsigned char iobuf[BR_SSL_BUFSIZE_MONO];
 *     static fc_client c;
 *     fc_config cfg = {0};
 *     cfg.url = FC_DEFAULT_URL;          cfg.client_id = id;
 *     cfg.secret = secret;               cfg.secret_len = strlen(secret);
 *     cfg.anchors = &anchors;            (see tls.h: fc_anchors_add_pem)
 *     cfg.tls_buf = iobuf;               cfg.tls_buf_len = sizeof iobuf;
 *     if (fc_client_init(&c, &cfg) == FC_OK) {
 *         fc_request rq = {"GET", "/accounts", NULL, 0, NULL, NULL, 0, 0};
 *         fc_response rs = {0};
 *         rs.body = buf; rs.body_cap = sizeof buf;
 *         int rc = fc_client_request(&c, &rq, &rs);
 *         ... rc == FC_OK: rs.status, rs.body, rs.body_len ...
 *         fc_client_close(&c);
 *     }
 *
 * Every function returns FC_OK or a negative fc_err (fc_strerror explains).
 * An HTTP error status is not a library error: it comes back in status. */
#ifndef FC_FRAMEC_H
#define FC_FRAMEC_H

#include <stddef.h>
#include <stdint.h>

#include "framec_config.h"
#include "error.h"
#include "http.h"
#include "session.h"
#include "sign.h"
#include "tls.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FC_DEFAULT_URL "https://api.console.nutanix.com/v1"


typedef struct {
    const char *url;         /* https://host[:port][/base-path] */
    const char *client_id;
    const char *secret;      /* only read by fc_client_init: wipe yours */
    size_t secret_len;
    const fc_anchors *anchors; /* needed to connect, not to sign */
    /* Optional public-key pins, as curl's --pinnedpubkey (fc_pins_parse
     * reads its sha256//BASE64 form): once the chain is valid, the SHA-256
     * of the server certificate's SubjectPublicKeyInfo must be one of
     * pins[0..npins-1], else FC_ERR_TLS_PINNED. Kept by pointer. */
    const fc_pin *pins;
    size_t npins;
    unsigned char *tls_buf;  /* BR_SSL_BUFSIZE_MONO bytes recommended */
    size_t tls_buf_len;
    uint32_t connect_timeout_ms; /* TCP, proxy and TLS handshake; 0: default */
    uint32_t timeout_ms;         /* longest wait for one read or write; 0: default */
    /* Retries of transient failures (see fc_client_request); 0: none. */
    unsigned retries;
    uint32_t backoff_ms, backoff_max_ms, retry_after_max_ms; /* 0: defaults */
    /* Optional HTTP proxy for a CONNECT tunnel: http://[user:pass@]host[:port]
     * (port 1080 when absent, as curl). user and pass may be %-encoded. */
    const char *proxy;
    /* Optional: each request and response head line as it goes ('>' out,
     * '<' in), with the signature already redacted. For -v. */
    void (*trace)(void *ctx, char dir, const char *line, size_t len);
    void *trace_ctx;
    /* Optional TLS session resumption (session.h). session is offered on
     * connect when it fits (made for this host, port, profile, anchors and
     * pins; young enough) and refilled after every full handshake; a
     * resumed handshake that fails empties it and runs one full handshake.
     * Save it (fc_session_save) to resume in a later process. trust_id
     * names the trust anchors in the binding (the CA file's identity, a
     * firmware's anchor set version); NULL: the hash of the anchors loaded
     * (fc_anchors_identity), which needs them loaded to connect. */
    fc_session *session;
    const uint8_t *trust_id;
    size_t trust_id_len;
} fc_config;

typedef struct {
    fc_hmac_key key;
    char client_id[FC_CLIENT_ID_MAX];
    char host[FC_HOST_MAX];
    char host_header[FC_HOST_MAX + 8];
    char base_path[FC_BASE_PATH_MAX];
    uint16_t port;
    const fc_anchors *anchors;
    unsigned char *tls_buf;
    size_t tls_buf_len;
    uint32_t connect_timeout_ms, timeout_ms;
    unsigned retries;
    uint32_t backoff_ms, backoff_max_ms, retry_after_max_ms;
    uint64_t deadline; /* fc_port_millis() limit for requests; 0: none */
    char proxy_host[FC_HOST_MAX];  /* empty: connect directly */
    uint16_t proxy_port;
    char proxy_auth[FC_PROXY_AUTH_MAX]; /* base64 user:pass, or empty */
    int proxy_status;                   /* the proxy's answer to CONNECT */
    void (*trace)(void *ctx, char dir, const char *line, size_t len);
    void *trace_ctx;
    fc_session *session;   /* the caller's, or NULL */
    const uint8_t *trust_id;
    size_t trust_id_len;
    uint8_t session_bind[32];
    int session_bound;     /* session_bind is worked out */
    int session_why;       /* fc_session_check's verdict at the last connect */
    int64_t clock_offset; /* seconds added to the local clock when signing */
    unsigned attempts;    /* requests sent by the last fc_client_request */
    int connected;
    unsigned connects;    /* TLS handshakes so far: keep-alive shows here */
    fc_tls tls;
    char work[FC_WORK_MAX];
} fc_client;

typedef struct {
    const char *method;       /* "GET", "POST", "PUT", "DELETE", "HEAD" */
    const char *path;         /* below the base path; percent-encoded here */
    const fc_query *query;    /* percent-encoded here */
    size_t nquery;
    const char *content_type; /* NULL when there is no body */
    const void *body;
    size_t body_len;
    int path_encoded;         /* path is already percent-encoded (fc_api) */
} fc_request;

typedef struct {
    /* Filled in by the library. */
    int status;
    char content_type[64]; /* empty when absent or longer than this */
    char date[40];         /* the server's Date header, for clock checks */
    char retry_after[40];
    size_t body_len;       /* bytes of body delivered */
    /* Set by the caller: the body goes to on_body when set, else into body
     * (up to body_cap; a larger body is FC_ERR_BODY_TOO_BIG, and a NUL is
     * added after it when there is room). */
    unsigned char *body;
    size_t body_cap;
    int (*on_body)(void *ctx, const unsigned char *data, size_t len);
    /* Optional, with on_body: called before a retry, which delivers the
     * body again from its start; return non-zero to refuse the retry (the
     * result so far is returned). */
    int (*on_retry)(void *ctx);
    /* Optional: every header of the final response. */
    int (*on_header)(void *ctx, const char *name, size_t nlen,
                     const char *value, size_t vlen);
    void *ctx;
} fc_response;

/* Checks that the application and the library agree on the knobs that
 * size fc_client (framec_config.h), then sets c up from cfg. Call it as
 * fc_client_init(c, cfg): the macro passes the application's view.
 * FC_ERR_CONFIG when they disagree, before c is touched. */
int fc_client_init_checked(fc_client *c, const fc_config *cfg, size_t client_size,
                           unsigned long config_id);
#define fc_client_init(c, cfg) fc_client_init_checked((c), (cfg), sizeof(fc_client), FC_CONFIG_ID)
/* Performs one request. FC_OK means the whole response arrived, framed as
 * HTTP says: status and body are complete (the status may be an error).
 *
 * Reuses the open connection when there is one; if the server closed it
 * while idle, an idempotent request (GET, HEAD, PUT, DELETE) reconnects
 * once, transparently, and a POST only when it is certain the request never
 * left. With cfg.retries, transient failures are tried again after an
 * exponential backoff with full jitter (a random wait up to backoff_ms * 2^n,
 * so a fleet never retries in lockstep): a failed connect for every method,
 * and for idempotent ones a connection lost before the response was
 * complete and the statuses 429, 502, 503 and 504, whose Retry-After
 * (seconds or HTTP-date) is honoured up to retry_after_max_ms. A 401 whose
 * Date is more than FC_SKEW_MAX_S from the local clock is signed again with
 * the server's time, once, and the offset is kept for later requests. No
 * wait ever passes the deadline. */
int fc_client_request(fc_client *c, const fc_request *req, fc_response *resp);
/* Sets a deadline ms from now for every request until changed (0: none):
 * connects, waits, retries and backoff all end by then with FC_ERR_TIMEOUT. */
void fc_client_deadline(fc_client *c, uint32_t ms);
/* Writes the three X-Frame header values for timestamp ts. */
void fc_client_sign(const fc_client *c, uint64_t ts, char ts_dec[FC_TS_MAX],
                    char sig_hex[FC_SIG_HEX_LEN + 1]);
/* The local clock plus the client's learned offset (seconds). */
int64_t fc_client_now(const fc_client *c);
/* Closes the connection and wipes the key state and the TLS engine (its
 * session keys); cfg.session stays the caller's to keep or wipe. */
void fc_client_close(fc_client *c);

/* What a caller may want to know after a call, without reading the
 * struct: BearSSL's code of the last TLS failure (bearssl_ssl.h and
 * x509.h list them; 0 when none), the key type or curve behind
 * FC_ERR_TLS_KEY_TYPE (NULL when unknown), the TLS profile the library
 * was built with ("full" or "lean"), and how many times the last
 * fc_client_request sent its request (retries and reconnects included). */
int fc_client_tls_error(const fc_client *c);
const char *fc_client_tls_detail(const fc_client *c);
const char *fc_client_tls_profile(void);
unsigned fc_client_attempts(const fc_client *c);
/* After a connect: whether the handshake resumed a session (1) or was
 * full (0), and its cipher suite's name (fc_tls_suite_name). */
int fc_client_tls_resumed(const fc_client *c);
const char *fc_client_tls_suite(const fc_client *c);

#ifdef __cplusplus
}
#endif

#endif
