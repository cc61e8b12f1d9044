/* tls.h - TLS over BearSSL: one client stream.
 *
 * With anchors.h and x509.h, the only module that calls BearSSL.
 * Everything lives in caller-owned structs and buffers: the stream works in
 * the caller's I/O buffer, over trust anchors from anchors.h.
 *
 * The stream reports a peer that closed TCP without close_notify as the
 * end of the stream, as it does close_notify (many servers do exactly
 * that), and says which it was in clean_close: the layer above decides
 * completeness from HTTP framing, and trusts a body delimited by the end
 * of the stream only after close_notify. This
 * module must never log, allocate, or read the OS clock or entropy except
 * through port/. */
#ifndef FC_TLS_H
#define FC_TLS_H

#include <bearssl.h>
#include <stddef.h>
#include <stdint.h>

#include "anchors.h" /* and framec_config.h */
#include "error.h"
#include "x509.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One TLS 1.2 client connection. */
typedef struct {
    br_ssl_client_context sc;
    fc_x509 x509;        /* the chain checks, BearSSL's minimal validator inside */
    FC_PORT_SOCK sock;   /* the port's fc_port_sock */
    uint32_t timeout_ms; /* longest wait for any one socket call */
    uint64_t deadline;   /* fc_port_millis() limit for everything; 0: none */
    int io_err;          /* why the last socket call failed (FC_ERR_*) */
    int br_err;          /* BearSSL code of the last failure, for messages */
    int small_buf;       /* buffer below BR_SSL_BUFSIZE_MONO: fragments asked */
    int clean_close;     /* the stream ended with the peer's close_notify */
    int resumed;         /* the handshake resumed the offered session */
    const fc_pin *pins; /* public-key pins (fc_x509_pins): set before */
    size_t npins;       /* the handshake, like timeout_ms */
} fc_tls;

/* The record buffer for the small-RAM profile: records of at most frag
 * bytes (512, 1024, 2048 or 4096) plus BearSSL's per-record overhead. A
 * buffer this size makes BearSSL ask the server for max_fragment_length
 * (RFC 6066). OpenSSL-based servers (nginx, Apache, Python) honour it; Go,
 * LibreSSL and rustls front ends ignore it and the first large record then
 * fails with FC_ERR_TLS_FRAGMENT. So it is opt-in: BR_SSL_BUFSIZE_MONO
 * (16,709 B) is the default that works everywhere. */
#define FC_TLS_BUFSIZE(frag) ((frag) + 325)

/* Runs the handshake over sock, a connected stream that t now owns (it is
 * closed on failure), with SNI and host name verification. Set timeout_ms
 * and deadline first. now is the validation time (seconds since the Unix
 * epoch). buf is the record buffer: BR_SSL_BUFSIZE_MONO (16,709 B) carries
 * any record from any server; smaller sizes ask for max_fragment_length,
 * which only some servers honour. resume, when not NULL, is a session to
 * offer (session.h decides which may be): t->resumed says whether the
 * server took it; if not, the full handshake ran, chain checks and all.
 * After success, t->sc.eng.session holds the session's parameters. */
int fc_tls_handshake(fc_tls *t, FC_PORT_SOCK sock, const fc_anchors *a,
                     const char *host, int64_t now, unsigned char *buf,
                     size_t buf_len, const br_ssl_session_parameters *resume);
/* How long the next socket call may wait: timeout_ms, cut to what is left
 * before the deadline. 0 when the deadline has passed. */
uint32_t fc_tls_wait_ms(uint32_t timeout_ms, uint64_t deadline);
/* Sends all of data (buffered: call fc_tls_flush when the request ends). */
int fc_tls_write(fc_tls *t, const void *data, size_t len);
int fc_tls_flush(fc_tls *t);
/* Zero-copy read: points *data at decrypted bytes inside the record buffer
 * and returns how many (> 0), 0 when the peer ended the stream (with or
 * without close_notify: clean_close tells which), or a negative fc_err.
 * Consume with fc_tls_ack. */
long fc_tls_read(fc_tls *t, const unsigned char **data);
void fc_tls_ack(fc_tls *t, size_t len);
/* True when an idle connection can still carry a request: nothing arrived
 * while idle (a server that closed would have sent EOF or an alert). */
int fc_tls_idle_ok(fc_tls *t);
/* Maps a port result (0 = end of stream, FC_PORT_*) to an fc_err. */
int fc_tls_port_err(long r);
/* "full" or "lean": the profile this library was built with (README "TLS
 * profiles"). */
const char *fc_tls_profile(void);
/* Sends close_notify (best effort, bounded wait) and closes the socket. */
void fc_tls_close(fc_tls *t);

#ifdef __cplusplus
}
#endif

#endif
