/* test_port.c - the POSIX port against its written contract (port/port.h):
 * connect over IPv4 and IPv6, partial sends and receives, timeouts that end
 * on time, end of stream as 0, refusal, clocks, entropy and sleep.
 * The test itself needs listening sockets, so it includes socket headers:
 * the "only port/ touches the OS" rule is for the library, not its tests. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"
#include "port.h"

/* A listening socket on the loopback of the given family; returns the fd
 * and its port, or -1 when the family is not available here. */
static int listener(int family, uint16_t *port)
{
    struct sockaddr_storage ss;
    socklen_t len;
    int fd = socket(family, SOCK_STREAM, 0);
    memset(&ss, 0, sizeof ss);
    if (family == AF_INET) {
        struct sockaddr_in *a = (struct sockaddr_in *)&ss;
        a->sin_family = AF_INET;
        a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        len = sizeof *a;
    } else {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
        a->sin6_family = AF_INET6;
        a->sin6_addr = in6addr_loopback;
        len = sizeof *a;
    }
    if (fd < 0 || bind(fd, (struct sockaddr *)&ss, len) != 0 || listen(fd, 4) != 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    getsockname(fd, (struct sockaddr *)&ss, &len);
    *port = ntohs(family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
                                    : ((struct sockaddr_in6 *)&ss)->sin6_port);
    return fd;
}

static void test_stream(int family, const char *host)
{
    uint16_t port;
    int lfd = listener(family, &port), peer;
    fc_port_sock s;
    char buf[64];
    uint64_t t0;
    long n;

    if (lfd < 0) {
        printf("# %s: no loopback for this family here, skipped\n", host);
        return;
    }
    CHECK_EQ_INT(fc_port_connect(host, port, 2000, &s), 0);
    peer = accept(lfd, NULL, NULL);
    CHECK(peer >= 0, "%s: accepted", host);

    CHECK_EQ_INT(fc_port_send(s, "hello", 5, 1000), 5);
    CHECK_EQ_INT(read(peer, buf, sizeof buf), 5);
    CHECK(memcmp(buf, "hello", 5) == 0, "%s: bytes arrived intact", host);

    CHECK_EQ_INT(write(peer, "abcdef", 6), 6);
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
     * the process with SIGPIPE (it returns an error instead). */
    close(peer);
    CHECK_EQ_INT(fc_port_recv(s, buf, sizeof buf, 1000), 0);
    {
        int i, err = 0;
        static char big[65536];
        for (i = 0; i < 50 && !err; i++)
            err = fc_port_send(s, big, sizeof big, 500) < 0;
        CHECK(err, "%s: send to a closed peer fails (and we are still alive)", host);
    }
    fc_port_close(s);
    close(lfd);
}

static void test_refused_and_dns(void)
{
    uint16_t port;
    int lfd = listener(AF_INET, &port);
    fc_port_sock s;
    close(lfd); /* the port is now free: nobody listens */
    CHECK_EQ_INT(fc_port_connect("127.0.0.1", port, 2000, &s), FC_PORT_REFUSED);
    /* Resolution that cannot succeed without any network: an empty name
     * and a malformed numeric address. */
    CHECK_EQ_INT(fc_port_connect("", port, 2000, &s), FC_PORT_DNS);
}

static void test_connect_timeout(void)
{
    /* A listener whose backlog is full never completes more handshakes on
     * Linux loopback: connect must give up at its timeout. */
    uint16_t port;
    int lfd = listener(AF_INET, &port), i, rc = 0;
    fc_port_sock s[8];
    uint64_t t0 = 0;
    if (lfd < 0)
        return;
    listen(lfd, 0);
    for (i = 0; i < 8; i++) {
        t0 = fc_port_millis();
        rc = fc_port_connect("127.0.0.1", port, 300, &s[i]);
        if (rc != 0)
            break;
    }
    if (rc == FC_PORT_TIMEOUT) {
        uint64_t took = fc_port_millis() - t0;
        CHECK(took >= 290 && took < 1300, "connect timeout took %llu ms",
              (unsigned long long)took);
    } else {
        printf("# connect never blocked here (rc %d), timeout not measured\n", rc);
    }
    while (i-- > 0)
        fc_port_close(s[i]);
    close(lfd);
}

static void test_clocks_entropy(void)
{
    unsigned char a[64], b[64];
    uint64_t t0, t1;
    int i, same = 1, zero = 1;

    CHECK(fc_port_time() > 1700000000, "wall clock is plausible (%lld)", (long long)fc_port_time());
    t0 = fc_port_millis();
    fc_port_sleep_ms(120);
    t1 = fc_port_millis();
    CHECK(t1 - t0 >= 118 && t1 - t0 < 1000, "sleep 120 ms took %llu ms",
          (unsigned long long)(t1 - t0));
    CHECK_EQ_INT(fc_port_entropy(a, sizeof a), 0);
    CHECK_EQ_INT(fc_port_entropy(b, sizeof b), 0);
    for (i = 0; i < 64; i++) {
        same &= a[i] == b[i];
        zero &= a[i] == 0;
    }
    CHECK(!same && !zero, "entropy differs between calls and is not zero");
    CHECK_EQ_INT(fc_port_entropy(a, 0), 0);
}

int main(void)
{
    test_stream(AF_INET, "127.0.0.1");
    test_stream(AF_INET, "localhost");
    test_stream(AF_INET6, "::1");
    test_refused_and_dns();
    test_connect_timeout();
    test_clocks_entropy();
    return check_done();
}
