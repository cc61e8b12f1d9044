/* port.h - what a platform must provide to framec.
 *
 * This is the only boundary between framec and an operating system: sockets,
 * clocks, entropy and sleep. Nothing outside port/ includes socket or OS
 * headers; a firmware team ports framec by writing one file that implements
 * these functions (port/posix.c is the Linux/POSIX one). The library calls
 * nothing else; the command's few extra needs are in port/port_cli.h.
 *
 * Contract for the byte stream (coreHTTP style, spelled out so that no
 * caller has to guess):
 *   - every call blocks for at most its timeout_ms (0 means "do not wait":
 *     answer from what is already buffered);
 *   - fc_port_send returns the number of bytes accepted (> 0, possibly
 *     fewer than asked), FC_PORT_TIMEOUT, or FC_PORT_IO; never 0;
 *   - fc_port_recv returns the number of bytes read (> 0), 0 for an orderly
 *     end of stream (the peer closed), FC_PORT_TIMEOUT when nothing arrived
 *     in time, or FC_PORT_IO for a reset or any other failure;
 *   - a peer that closes must never kill the process (no SIGPIPE).
 * Implementations must not allocate per call in a way that can fail later,
 * and must be safe to call from a single thread only. */
#ifndef FC_PORT_H
#define FC_PORT_H

#include <stddef.h>
#include <stdint.h>

#include "framec_config.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A connected stream; FC_PORT_NONE when there is none. The type is a knob
 * (FC_PORT_SOCK in framec_config.h: a descriptor here, a pointer or an
 * index on an RTOS), because fc_client holds one. */
typedef FC_PORT_SOCK fc_port_sock;
#define FC_PORT_NONE FC_PORT_SOCK_NONE

enum {
    FC_PORT_IO = -1,      /* reset, unreachable, or any other failure */
    FC_PORT_TIMEOUT = -2, /* nothing happened within the timeout */
    FC_PORT_DNS = -3,     /* host name did not resolve */
    FC_PORT_REFUSED = -4  /* every address refused or was unreachable */
};

/* Resolves host (a name, or an IPv4/IPv6 literal without brackets) and
 * connects to the first address that answers, trying IPv6 and IPv4 in the
 * resolver's order, within timeout_ms overall for the TCP part (name
 * resolution itself is as fast as the system resolver allows). Sets
 * TCP_NODELAY. Returns 0 and *out, or FC_PORT_DNS, FC_PORT_REFUSED,
 * FC_PORT_TIMEOUT. */
int fc_port_connect(const char *host, uint16_t port, uint32_t timeout_ms,
                    fc_port_sock *out);
long fc_port_send(fc_port_sock s, const void *buf, size_t len,
                  uint32_t timeout_ms);
long fc_port_recv(fc_port_sock s, void *buf, size_t len, uint32_t timeout_ms);
void fc_port_close(fc_port_sock s);

/* Wall clock, seconds since the Unix epoch, in 64 bits (past 2038 too);
 * 0 when the platform cannot tell. May be wrong on devices with no
 * real-time clock: the library checks certificates at no time before
 * FC_TIME_FLOOR and learns the server's clock from a 401's Date header. */
int64_t fc_port_time(void);
/* Monotonic milliseconds from an arbitrary origin; never goes back. */
uint64_t fc_port_millis(void);
/* Fills buf with cryptographically secure random bytes. Returns 0, or -1
 * when the platform has none (TLS must not proceed then). */
int fc_port_entropy(void *buf, size_t len);
void fc_port_sleep_ms(uint32_t ms);

#ifdef __cplusplus
}
#endif

#endif
