/* framec_config.h - every knob of the library, each with its default.
 *
 * Set a knob with -D, or write your own header of #defines and build the
 * library AND your application with -DFC_CONFIG_FILE='"my_config.h"' (it
 * is read first, so its values win over the defaults below; coreHTTP's
 * core_http_config.h pattern). Knobs that change the size of a struct the
 * application allocates are folded into FC_CONFIG_ID: fc_client_init()
 * compares the application's view with the library's and refuses a
 * mismatch with FC_ERR_CONFIG before it touches the client, so a library
 * and an application built with different knobs cannot corrupt memory.
 *
 * Every header of the library includes this one; nothing here depends on
 * the platform. */
#ifndef FC_FRAMEC_CONFIG_H
#define FC_FRAMEC_CONFIG_H

#ifdef FC_CONFIG_FILE
#include FC_CONFIG_FILE
#endif

/* ---- Sizes of the client (in FC_CONFIG_ID) ------------------------------ */
#ifndef FC_WORK_MAX
#define FC_WORK_MAX 2048 /* request head; longest response header line */
#endif
#ifndef FC_MAX_HEADERS
#define FC_MAX_HEADERS 100 /* response header lines, 1xx and trailers too */
#endif
#ifndef FC_HOST_MAX
#define FC_HOST_MAX 256
#endif
#ifndef FC_CLIENT_ID_MAX
#define FC_CLIENT_ID_MAX 256
#endif
#ifndef FC_BASE_PATH_MAX
#define FC_BASE_PATH_MAX 128
#endif
#ifndef FC_PROXY_AUTH_MAX
#define FC_PROXY_AUTH_MAX 256 /* base64 of user:password */
#endif
/* Bytes kept for the leaf's names while the issuers' nameConstraints are
 * still to come (the leaf arrives first): each name costs its length plus
 * two. A leaf whose names do not fit can still be used, unless an issuer
 * has name constraints: then the chain is refused (FC_ERR_TLS_CONSTRAINTS). */
#ifndef FC_X509_NAMES_MAX
#define FC_X509_NAMES_MAX 512
#endif

/* The type of the port's connection handle (fc_port_sock in port.h) and
 * the value that means none: a descriptor on POSIX, a pointer or an index
 * on an RTOS. fc_client holds one, so its size is in the init check
 * (sizeof(fc_client)). */
#ifndef FC_PORT_SOCK
#define FC_PORT_SOCK int
#endif
#ifndef FC_PORT_SOCK_NONE
#define FC_PORT_SOCK_NONE (-1)
#endif

/* ---- Time limits and retries (defaults of fc_config) ----------------------- */
#ifndef FC_CONNECT_TIMEOUT_MS
#define FC_CONNECT_TIMEOUT_MS 10000
#endif
#ifndef FC_TIMEOUT_MS
#define FC_TIMEOUT_MS 30000 /* longest wait for any one send or receive */
#endif
#ifndef FC_BACKOFF_MS
#define FC_BACKOFF_MS 500 /* first retry waits up to this; doubles each time */
#endif
#ifndef FC_BACKOFF_MAX_MS
#define FC_BACKOFF_MAX_MS 30000
#endif
#ifndef FC_RETRY_AFTER_MAX_MS
#define FC_RETRY_AFTER_MAX_MS 60000 /* cap on a server's Retry-After */
#endif
#ifndef FC_SKEW_MAX_S
#define FC_SKEW_MAX_S 30 /* a 401 with a Date further off re-signs */
#endif
/* Certificates are never validated against a time before this (seconds
 * since the epoch; the Makefile sets the build time): a device that boots
 * with its clock at 1970 still connects. The cost: a certificate that
 * expired after the build but before the (unknown) real date is accepted
 * while the clock is wrong. */
#ifndef FC_TIME_FLOOR
#define FC_TIME_FLOOR 1767225600 /* 2026-01-01 */
#endif

/* ---- Sizes of the workflows (flows.h; in FC_CONFIG_ID) ------------------- */
/* Parameters of one call: the query a pager keeps, the query fc_api_send
 * sorts out of its parameters. */
#ifndef FC_PARAMS_MAX
#define FC_PARAMS_MAX 16
#endif
/* The longest publish task id, session id and state an fc_wait keeps. */
#ifndef FC_WAIT_ID_MAX
#define FC_WAIT_ID_MAX 256
#endif

/* ---- Parsing limits --------------------------------------------------------- */
#ifndef FC_HTTP_MAX_INTERIM
#define FC_HTTP_MAX_INTERIM 8 /* 1xx responses accepted before the final one */
#endif
/* Containers nested deeper than this are FC_ERR_JSON_DEPTH, in parse and in
 * the stream alike, so that no input decides how much work a level costs. */
#ifndef FC_JSON_MAX_DEPTH
#define FC_JSON_MAX_DEPTH 32
#endif

/* ---- Trust anchors ----------------------------------------------------------- */
/* The largest certificate a PEM bundle may hold (DER bytes): each is
 * collected whole before it is decoded, in a buffer on the loader's
 * stack. The Debian bundle's largest is under 2 KB. */
#ifndef FC_CERT_MAX
#define FC_CERT_MAX 4096
#endif

/* ---- Code generation (no effect on any struct) ------------------------------ */
/* FC_SHA256_SMALL picks (sha256.c) a rolled loop of 64 rounds: about 1 KB of Cortex-M4
 * code instead of 3 KB, and some 25% slower. Size-optimised builds (-Os)
 * get it unless they say otherwise. */
#ifndef FC_SHA256_SMALL
#ifdef __OPTIMIZE_SIZE__
#define FC_SHA256_SMALL 1
#else
#define FC_SHA256_SMALL 0
#endif
#endif

/* FC_JSON_WORD: the word json_text.h scans strings with, an unsigned type of 4
 * or 8 bytes; the native size_t unless set (tests build it as uint32_t). */
#ifndef FC_JSON_WORD
#define FC_JSON_WORD size_t
#endif

#ifndef FC_VERSION
#define FC_VERSION "0.1.0"
#endif

/* The knobs above that size a struct the application allocates (fc_client
 * and what it holds, fc_pager, fc_wait), as one number: fc_client_init()
 * refuses a client built with another. */
#define FC_CONFIG_ID                                                                              \
    ((((((((unsigned long)FC_WORK_MAX * 31u + FC_MAX_HEADERS) * 31u + FC_HOST_MAX) * 31u +        \
         FC_CLIENT_ID_MAX) * 31u + FC_BASE_PATH_MAX) * 31u + FC_PROXY_AUTH_MAX) * 31u +           \
       FC_X509_NAMES_MAX) * 31u + FC_PARAMS_MAX) * 31u + FC_WAIT_ID_MAX

#endif
