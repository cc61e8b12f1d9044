/* port_contract.h - port/port.h's written contract as checks, against any
 * port: a new platform's port is tested with the same checks as
 * port/posix.c.
 *
 * The checks need the other end of a connection, and only the platform
 * knows how to make one, so the test program supplies it as a port_peer
 * (tests/test_port.c: POSIX sockets on loopback). Include this header once,
 * after check.h, in a program linked with the port under test:
 *
 *     port_contract_stream(&peer, "127.0.0.1");   one connection, end to end
 *     port_contract_refused(&peer, "127.0.0.1");  nobody listening
 *     port_contract_clocks(1700000000);           clocks, sleep, entropy
 *     return check_done();
 *
 * Timing checks allow what a loaded machine needs (a timeout of 300 ms may
 * end between 290 ms and 1 s), never an early return. */
#ifndef FC_TEST_PORT_CONTRACT_H
#define FC_TEST_PORT_CONTRACT_H

#include <stdint.h>
#include <string.h>

#include "check.h"
#include "port.h"

typedef struct port_peer port_peer;
struct port_peer {
    /* Listens where fc_port_connect(host, *port) reaches; 0, or -1 when it
     * cannot here (the stream checks are then skipped, with a note). */
    int (*listen)(port_peer *p, uint16_t *port);
    int (*accept)(port_peer *p); /* the connection just made: 0 or -1 */
    long (*write)(port_peer *p, const void *buf, size_t n);
    long (*read)(port_peer *p, void *buf, size_t n); /* blocks for >= 1 byte */
    void (*hangup)(port_peer *p);   /* closes the accepted connection */
    void (*unlisten)(port_peer *p); /* stops listening: the port refuses */
    void *ctx;
};

static void port_contract_stream(port_peer *p, const char *host)
{
    uint16_t port;
    fc_port_sock s;
    char buf[64];
    uint64_t t0;
    long n;

    if (p->listen(p, &port) != 0) {
        printf("# %s: no listener for this here, skipped\n", host);
        return;
    }
    CHECK_EQ_INT(fc_port_connect(host, port, 2000, &s), 0);
    CHECK(p->accept(p) == 0, "%s: accepted", host);

    CHECK_EQ_INT(fc_port_send(s, "hello", 5, 1000), 5);
    CHECK_EQ_INT(p->read(p, buf, sizeof buf), 5);
    CHECK(memcmp(buf, "hello", 5) == 0, "%s: bytes arrived intact", host);

    CHECK_EQ_INT(p->write(p, "abcdef", 6), 6);
    n = fc_port_recv(s, buf, 4, 1000); /* fewer than available: partial */
    CHECK_EQ_INT(n, 4);
    n = fc_port_recv(s, buf, sizeof buf, 1000);
    CHECK(n == 2 && memcmp(buf, "ef", 2) == 0, "%s: the rest follows", host);

    /* Nothing to read: the timeout, on time (not early, not much late). */
    t0 = fc_port_millis();
    CHECK_EQ_INT(fc_port_recv(s, buf, sizeof buf, 300), FC_PORT_TIMEOUT);
    CHECK(fc_port_millis() - t0 >= 290 && fc_port_millis() - t0 < 1000,
          "%s: recv timeout took %llu ms", host, (unsigned long long)(fc_port_millis() - t0));
    /* Timeout 0 answers at once. */
    t0 = fc_port_millis();
    CHECK_EQ_INT(fc_port_recv(s, buf, sizeof buf, 0), FC_PORT_TIMEOUT);
    CHECK(fc_port_millis() - t0 < 100, "%s: timeout 0 does not wait", host);

    /* The peer closes: end of stream is 0, and sending then must not kill
     * the process (SIGPIPE on POSIX): it returns an error instead. */
    p->hangup(p);
    CHECK_EQ_INT(fc_port_recv(s, buf, sizeof buf, 1000), 0);
    {
        int i, err = 0;
        static char big[65536];
        for (i = 0; i < 50 && !err; i++)
            err = fc_port_send(s, big, sizeof big, 500) < 0;
        CHECK(err, "%s: send to a closed peer fails (and we are still alive)", host);
    }
    fc_port_close(s);
    p->unlisten(p);
}

/* Nobody listens: FC_PORT_REFUSED, at once. */
static void port_contract_refused(port_peer *p, const char *host)
{
    uint16_t port;
    fc_port_sock s;
    if (p->listen(p, &port) != 0)
        return;
    p->unlisten(p); /* the port is free now */
    CHECK_EQ_INT(fc_port_connect(host, port, 2000, &s), FC_PORT_REFUSED);
}

/* The wall clock is at least time_floor; the monotonic one and sleep agree;
 * entropy differs between calls and is not all zero. */
static void port_contract_clocks(int64_t time_floor)
{
    unsigned char a[64], b[64];
    uint64_t t0, t1;
    int i, same = 1, zero = 1;

    CHECK(fc_port_time() >= time_floor, "wall clock is plausible (%lld)",
          (long long)fc_port_time());
    t0 = fc_port_millis();
    fc_port_sleep_ms(120);
    t1 = fc_port_millis();
    CHECK(t1 - t0 >= 118 && t1 - t0 < 1000, "sleep 120 ms took %llu ms",
          (unsigned long long)(t1 - t0));
    CHECK(fc_port_millis() >= t1, "the monotonic clock does not go back");
    CHECK_EQ_INT(fc_port_entropy(a, sizeof a), 0);
    CHECK_EQ_INT(fc_port_entropy(b, sizeof b), 0);
    for (i = 0; i < 64; i++) {
        same &= a[i] == b[i];
        zero &= a[i] == 0;
    }
    CHECK(!same && !zero, "entropy differs between calls and is not zero");
    CHECK_EQ_INT(fc_port_entropy(a, 0), 0);
}

#endif
