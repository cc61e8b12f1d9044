#include "error.h"

/* Every message, in code order from FC_OK (0) down to FC_ERR_CANCELLED
 * (-72), each ended by its NUL; an unused code is an empty string. Walking
 * the NULs costs a few cycles on a path that is never hot, and saves the
 * 4-byte pointer per code that a switch's lookup table takes (184 B on a
 * Cortex-M4). tests/test_client.c pins each code to its message. */
static const char messages[] =
    "success\0"                                                          /*   0 */
    "invalid argument\0"                                                 /*  -1 ARG */
    "URL must look like https://host[:port][/path]\0"                    /*  -2 URL */
    "request field contains CR, LF, NUL, space or a control character\0" /*  -3 FIELD */
    "request head does not fit the buffer\0"                             /*  -4 REQUEST_TOO_BIG */
    "CA bundle does not fit the trust anchor storage\0"                  /*  -5 ANCHORS_FULL */
    "CA bundle is not valid PEM certificates\0"                          /*  -6 PEM */
    "no trust anchors (CA certificates) loaded\0"                        /*  -7 NO_ANCHORS */
    "no entropy available for TLS\0"                                     /*  -8 ENTROPY */
    "library and application were built with different framec_config.h knobs\0" /*  -9 CONFIG */
    "host name did not resolve\0"                                        /* -10 DNS */
    "connection refused or host unreachable\0"                           /* -11 CONNECT */
    "timed out\0"                                                        /* -12 TIMEOUT */
    "connection failed while sending or receiving\0"                     /* -13 IO */
    "server closed the connection before the response was complete\0"    /* -14 CLOSED */
    "proxy refused the tunnel (CONNECT)\0"                               /* -15 PROXY */
    "proxy URL must look like http://[user:pass@]host[:port]\0"          /* -16 PROXY_URL */
    "\0\0\0"                                                             /* -17 .. -19 */
    "certificate check failed: not signed by a trusted CA\0"             /* -20 TLS_UNTRUSTED */
    "certificate check failed: name does not match the host\0"           /* -21 TLS_NAME */
    "certificate check failed: expired\0"                                /* -22 TLS_EXPIRED */
    "certificate check failed: malformed certificate\0"                  /* -23 TLS_CERT */
    "TLS: server sent a fatal alert\0"                                   /* -24 TLS_ALERT */
    "TLS failure\0"                                                      /* -25 TLS */
    "server closed the connection during the TLS handshake\0"            /* -26 TLS_CLOSED */
    "server did not answer with TLS (plain HTTP on an HTTPS port?)\0"    /* -27 NOT_TLS */
    "TLS: server ignored max_fragment_length (record too large for the small TLS buffer)\0" /* -28 TLS_FRAGMENT */
    "certificate check failed: not yet valid\0"                          /* -29 TLS_NOT_YET_VALID */
    "malformed response: bad status line\0"                              /* -30 HTTP_STATUS */
    "malformed response: bad header line\0"                              /* -31 HTTP_HEADER */
    "malformed response: header line too long\0"                         /* -32 HTTP_LINE_LONG */
    "malformed response: too many header lines\0"                        /* -33 HTTP_HEADERS_MANY */
    "malformed response: bad or conflicting Content-Length\0"            /* -34 HTTP_LENGTH */
    "malformed response: bad chunk header\0"                             /* -35 HTTP_CHUNK */
    "malformed response: conflicting or unsupported transfer framing\0"  /* -36 HTTP_FRAMING */
    "malformed response: cut short before its end\0"                     /* -37 HTTP_TRUNCATED */
    "response body larger than the buffer\0"                             /* -38 BODY_TOO_BIG */
    "stopped by the caller\0"                                            /* -39 CALLBACK */
    "response is not valid JSON\0"                                       /* -40 JSON */
    "response too large for the JSON token pool\0"                       /* -41 JSON_TOKENS */
    "response JSON nested too deeply\0"                                  /* -42 JSON_DEPTH */
    "JSON value has the wrong type\0"                                    /* -43 JSON_TYPE */
    "JSON key or index not found\0"                                      /* -44 JSON_MISSING */
    "JSON value larger than its buffer\0"                                /* -45 JSON_TOO_BIG */
    "malformed response: server closed without close_notify, so the body may be cut short\0" /* -46 HTTP_NO_CLOSE_NOTIFY */
    "server answered with an HTTP 4xx status\0"                          /* -47 HTTP_4XX */
    "server answered with an HTTP 5xx status\0"                          /* -48 HTTP_5XX */
    "server answered with a status that is not 2xx (framec follows no redirects)\0" /* -49 HTTP_UNEXPECTED */
    "certificate check failed: not for TLS servers (extendedKeyUsage lacks serverAuth)\0" /* -50 TLS_EKU */
    "certificate check failed: name outside the issuer's name constraints\0" /* -51 TLS_CONSTRAINED */
    "certificate check failed: the issuer's name constraints have a form framec cannot check\0" /* -52 TLS_CONSTRAINTS */
    "certificate check failed: key too weak (RSA below 2048 bits)\0"     /* -53 TLS_WEAK_KEY */
    "certificate check failed: SHA-1 signature\0"                        /* -54 TLS_SHA1 */
    "certificate check failed: key usage forbids this use\0"             /* -55 TLS_KEY_USAGE */
    "certificate check failed: chain out of order\0"                     /* -56 TLS_CHAIN_ORDER */
    "certificate check failed: unsupported critical extension\0"         /* -57 TLS_CRITICAL */
    "certificate check failed: unsupported key or curve\0"               /* -58 TLS_KEY_TYPE */
    "certificate check failed: issuer is not a CA\0"                     /* -59 TLS_NOT_CA */
    "certificate check failed: bad signature\0"                          /* -60 TLS_SIGNATURE */
    "server requires TLS 1.3 (framec speaks TLS 1.2)\0"                  /* -61 TLS_VERSION */
    "server offered no cipher suite or curve this build has\0"           /* -62 TLS_NO_SHARED */
    "certificate check failed: the server's public key matches no pinned key (--pinnedpubkey)\0" /* -63 TLS_PINNED */
    "public key pin must be sha256// and the base64 of 32 bytes\0"      /* -64 PIN */
    "more public key pins than the pin storage holds\0"                 /* -65 PINS_FULL */
    "saved TLS session is damaged or not in framec's format\0"           /* -66 SESSION_FORMAT */
    "\0\0\0"                                                           /* -67 .. -69 */
    "publish task ended in failure\0"                                    /* -70 TASK_FAILED */
    "still not finished when the wait's limit passed\0"                  /* -71 WAIT_EXPIRED */
    "cancelled by the caller";                                           /* -72 CANCELLED */

const char *fc_strerror(int err)
{
    const char *m = messages;
    int i;

    if (err > FC_OK || err < FC_ERR_CANCELLED)
        return "unknown error";
    for (i = FC_OK; i > err; i--)
        while (*m++) {
        }
    return *m ? m : "unknown error";
}

fc_err_class fc_err_classify(int err)
{
    switch (err) {
    case FC_OK:
        return FC_CLASS_OK;
    case FC_ERR_ARG: case FC_ERR_FIELD: case FC_ERR_REQUEST_TOO_BIG:
        return FC_CLASS_USAGE;
    case FC_ERR_URL: case FC_ERR_PROXY_URL: case FC_ERR_ANCHORS_FULL: case FC_ERR_PEM:
    case FC_ERR_NO_ANCHORS: case FC_ERR_CONFIG: case FC_ERR_PIN: case FC_ERR_PINS_FULL:
        return FC_CLASS_CONFIG;
    case FC_ERR_DNS: case FC_ERR_CONNECT: case FC_ERR_IO: case FC_ERR_PROXY:
    case FC_ERR_TLS_CLOSED:
        return FC_CLASS_NET;
    case FC_ERR_TIMEOUT: case FC_ERR_WAIT_EXPIRED:
        return FC_CLASS_TIMEOUT;
    case FC_ERR_ENTROPY: case FC_ERR_CANCELLED: case FC_ERR_SESSION_FORMAT:
        return FC_CLASS_LOCAL;
    case FC_ERR_HTTP_4XX:
        return FC_CLASS_HTTP_4XX;
    case FC_ERR_HTTP_5XX:
        return FC_CLASS_HTTP_5XX;
    case FC_ERR_TASK_FAILED:
        return FC_CLASS_FAILED;
    default:
        /* The TLS codes are two ranges; everything else left is about
         * what the server sent. */
        if ((err <= FC_ERR_TLS_UNTRUSTED && err >= FC_ERR_TLS_NOT_YET_VALID) ||
            (err <= FC_ERR_TLS_EKU && err >= FC_ERR_TLS_PINNED))
            return FC_CLASS_TLS;
        return FC_CLASS_RESPONSE;
    }
}

int fc_err_status(int status)
{
    if (status >= 200 && status <= 299)
        return FC_OK;
    return status >= 500 && status <= 599 ? FC_ERR_HTTP_5XX
         : status >= 400 && status <= 499 ? FC_ERR_HTTP_4XX : FC_ERR_HTTP_UNEXPECTED;
}
