/* error.h - every way a framec call can fail.
 *
 * Errors are negative values of one enum (lwIP style) so that a caller can
 * switch on them, and fc_strerror() gives each a one-line English cause.
 * Each security-relevant failure (bad chunk header, conflicting lengths,
 * which certificate check failed) has its own value: a caller must never
 * need to parse a message to learn what happened. */
#ifndef FC_ERROR_H
#define FC_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    FC_OK = 0,
    /* Caller and configuration. */
    FC_ERR_ARG = -1,           /* invalid argument or missing config field */
    FC_ERR_URL = -2,           /* base URL is not https://host[:port][/path] */
    FC_ERR_FIELD = -3,         /* CR, LF, NUL, space or control in a field */
    FC_ERR_REQUEST_TOO_BIG = -4, /* request head does not fit the buffer */
    FC_ERR_ANCHORS_FULL = -5,  /* CA bundle does not fit the anchor storage */
    FC_ERR_PEM = -6,           /* CA bundle is not valid PEM/X.509 */
    FC_ERR_NO_ANCHORS = -7,    /* no trust anchors were given */
    FC_ERR_ENTROPY = -8,       /* the platform could not provide entropy */
    FC_ERR_CONFIG = -9,        /* application and library built with other
                                  framec_config.h knobs */
    /* Network. */
    FC_ERR_DNS = -10,          /* host name did not resolve */
    FC_ERR_CONNECT = -11,      /* TCP connection refused or unreachable */
    FC_ERR_TIMEOUT = -12,      /* connect or read exceeded its time limit */
    FC_ERR_IO = -13,           /* send or receive failed (reset, ...) */
    FC_ERR_CLOSED = -14,       /* peer closed before the response ended */
    FC_ERR_PROXY = -15,        /* proxy refused or broke the tunnel */
    FC_ERR_PROXY_URL = -16,    /* proxy is not http://[user:pass@]host[:port] */
    /* TLS: each certificate check has its own value. */
    FC_ERR_TLS_UNTRUSTED = -20, /* chain does not end at a trust anchor */
    FC_ERR_TLS_NAME = -21,      /* certificate is not valid for the host */
    FC_ERR_TLS_EXPIRED = -22,   /* a certificate expired */
    FC_ERR_TLS_CERT = -23,      /* certificate malformed */
    FC_ERR_TLS_ALERT = -24,     /* server sent a fatal TLS alert */
    FC_ERR_TLS = -25,           /* other TLS handshake or record failure */
    FC_ERR_TLS_CLOSED = -26,    /* server closed during the handshake */
    FC_ERR_NOT_TLS = -27,       /* server answered with something not TLS */
    FC_ERR_TLS_FRAGMENT = -28,  /* record too large for a small TLS buffer:
                                   the server ignored max_fragment_length */
    FC_ERR_TLS_NOT_YET_VALID = -29, /* a certificate is not valid yet */
    /* HTTP response framing: anything here means "do not trust the body". */
    FC_ERR_HTTP_STATUS = -30,    /* status line is not HTTP/1.x NNN */
    FC_ERR_HTTP_HEADER = -31,    /* malformed header line */
    FC_ERR_HTTP_LINE_LONG = -32, /* a header line exceeds the line buffer */
    FC_ERR_HTTP_HEADERS_MANY = -33, /* more header lines than allowed */
    FC_ERR_HTTP_LENGTH = -34,    /* bad or conflicting Content-Length */
    FC_ERR_HTTP_CHUNK = -35,     /* bad chunk size line */
    FC_ERR_HTTP_FRAMING = -36,   /* Content-Length with chunked, or unknown
                                    Transfer-Encoding */
    FC_ERR_HTTP_TRUNCATED = -37, /* stream ended before the response did */
    FC_ERR_BODY_TOO_BIG = -38,   /* body exceeds the caller's buffer */
    FC_ERR_CALLBACK = -39,       /* a caller callback asked to stop */
    /* JSON (json.h). */
    FC_ERR_JSON = -40,           /* not valid JSON (RFC 8259) */
    FC_ERR_JSON_TOKENS = -41,    /* more tokens than the token pool holds */
    FC_ERR_JSON_DEPTH = -42,     /* nested deeper than allowed */
    FC_ERR_JSON_TYPE = -43,      /* value or path step of the wrong type */
    FC_ERR_JSON_MISSING = -44,   /* key or index not present */
    FC_ERR_JSON_TOO_BIG = -45,   /* value or element exceeds the buffer */
    /* HTTP response framing, continued. */
    FC_ERR_HTTP_NO_CLOSE_NOTIFY = -46, /* a body delimited by the connection's
                                          end, which came without close_notify */
    /* HTTP status of a workflow's request (flows.h); fc_client_request
     * itself returns FC_OK with the status. */
    FC_ERR_HTTP_4XX = -47,       /* the server answered 4xx */
    FC_ERR_HTTP_5XX = -48,       /* the server answered 5xx */
    FC_ERR_HTTP_UNEXPECTED = -49, /* a status that is not 2xx, 4xx or 5xx
                                    (framec follows no redirects) */
    /* TLS, continued: the checks of x509.h, and handshakes that cannot
     * agree. */
    FC_ERR_TLS_EKU = -50,          /* extendedKeyUsage lacks serverAuth */
    FC_ERR_TLS_CONSTRAINED = -51,  /* a name outside an issuer's
                                      nameConstraints */
    FC_ERR_TLS_CONSTRAINTS = -52,  /* nameConstraints of a form framec
                                      cannot check */
    FC_ERR_TLS_WEAK_KEY = -53,     /* RSA key below 2048 bits */
    FC_ERR_TLS_SHA1 = -54,         /* signed with SHA-1 (or MD5) */
    FC_ERR_TLS_KEY_USAGE = -55,    /* keyUsage forbids what the suite needs */
    FC_ERR_TLS_CHAIN_ORDER = -56,  /* a certificate is not issued by the next */
    FC_ERR_TLS_CRITICAL = -57,     /* unsupported critical extension */
    FC_ERR_TLS_KEY_TYPE = -58,     /* key type or curve this build lacks */
    FC_ERR_TLS_NOT_CA = -59,       /* an issuing certificate is not a CA */
    FC_ERR_TLS_SIGNATURE = -60,    /* a signature does not verify */
    FC_ERR_TLS_VERSION = -61,      /* server requires TLS 1.3 */
    FC_ERR_TLS_NO_SHARED = -62,    /* no cipher suite or curve in common */
    FC_ERR_TLS_PINNED = -63,       /* the server's public key matches no pin
                                      (fc_config.pins) */
    /* Public-key pins (fc_pins_parse, anchors.h). */
    FC_ERR_PIN = -64,              /* a pin is not sha256// and the base64
                                      of 32 bytes */
    FC_ERR_PINS_FULL = -65,        /* more pins than the caller's storage */
    /* Saved TLS sessions (session.h). */
    FC_ERR_SESSION_FORMAT = -66,   /* not a session in fc_session_save's form */
    /* Workflows (flows.h). */
    FC_ERR_TASK_FAILED = -70,      /* the publish task ended in failure */
    FC_ERR_WAIT_EXPIRED = -71,     /* still not finished at the wait's limit */
    FC_ERR_CANCELLED = -72         /* the caller's pause hook cancelled */
} fc_err;

/* What kind of failure an fc_err is, for a caller that reacts by kind
 * (retry later, fix the configuration, alert). The values are the framec
 * command's exit codes, so a shell script and a firmware see the same
 * classes. */
typedef enum {
    FC_CLASS_OK = 0,
    FC_CLASS_LOCAL = 1,    /* this machine: entropy, output, cancelled */
    FC_CLASS_USAGE = 2,    /* the caller's request or arguments */
    FC_CLASS_CONFIG = 3,   /* credentials, URL, proxy URL or CA bundle */
    FC_CLASS_NET = 4,      /* DNS, connect, connection lost */
    FC_CLASS_TLS = 5,      /* TLS handshake or certificate check */
    FC_CLASS_HTTP_4XX = 6,
    FC_CLASS_HTTP_5XX = 7,
    FC_CLASS_TIMEOUT = 8,  /* a network timeout or a wait's limit */
    FC_CLASS_RESPONSE = 9, /* malformed, truncated or oversized response */
    FC_CLASS_FAILED = 10   /* a publish task ended in failure */
} fc_err_class;

/* One line, no trailing newline, never NULL (unknown codes included). */
const char *fc_strerror(int err);
/* The class of err (FC_CLASS_OK for FC_OK; FC_CLASS_RESPONSE for codes
 * it does not know). */
fc_err_class fc_err_classify(int err);
/* The fc_err of an HTTP status: FC_OK for 2xx, else FC_ERR_HTTP_4XX,
 * FC_ERR_HTTP_5XX or FC_ERR_HTTP_UNEXPECTED. */
int fc_err_status(int status);

#ifdef __cplusplus
}
#endif

#endif
