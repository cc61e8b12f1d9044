/* test_port.c - the POSIX port (port/posix.c) against its written contract:
 * the checks of tests/port_contract.h, which any port can run, with a peer
 * made of loopback sockets (IPv4, the name localhost, IPv6), then what only
 * a POSIX system can show: a name that cannot resolve, a connect that
 * blocks on a full backlog until its timeout.
 * The peer needs listening sockets, so this file includes socket headers:
 * the "only port/ touches the OS" rule is for the library, not its tests. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"
#include "port.h"
#include "port_contract.h"

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

/* The peer: a listener of one family and the connection it accepted. */
typedef struct {
    int family, lfd, fd;
} sock_peer;

static int peer_listen(port_peer *p, uint16_t *port)
{
    sock_peer *sp = p->ctx;
    sp->fd = -1;
    return (sp->lfd = listener(sp->family, port)) < 0 ? -1 : 0;
}

static int peer_accept(port_peer *p)
{
    sock_peer *sp = p->ctx;
    return (sp->fd = accept(sp->lfd, NULL, NULL)) < 0 ? -1 : 0;
}

static long peer_write(port_peer *p, const void *buf, size_t n)
{
    return (long)write(((sock_peer *)p->ctx)->fd, buf, n);
}

static long peer_read(port_peer *p, void *buf, size_t n)
{
    return (long)read(((sock_peer *)p->ctx)->fd, buf, n);
}

static void peer_hangup(port_peer *p)
{
    sock_peer *sp = p->ctx;
    if (sp->fd >= 0)
        close(sp->fd);
    sp->fd = -1;
}

static void peer_unlisten(port_peer *p)
{
    sock_peer *sp = p->ctx;
    peer_hangup(p);
    close(sp->lfd);
}

static void stream(int family, const char *host)
{
    sock_peer sp = {family, -1, -1};
    port_peer p = {peer_listen, peer_accept, peer_write, peer_read,
                   peer_hangup, peer_unlisten, NULL};
    p.ctx = &sp;
    port_contract_stream(&p, host);
    if (family == AF_INET)
        port_contract_refused(&p, host);
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

int main(void)
{
    fc_port_sock s;
    stream(AF_INET, "127.0.0.1");
    stream(AF_INET, "localhost");
    stream(AF_INET6, "::1");
    /* Resolution that cannot succeed without any network: an empty name. */
    CHECK_EQ_INT(fc_port_connect("", 443, 2000, &s), FC_PORT_DNS);
    test_connect_timeout();
    port_contract_clocks(1700000000);
    return check_done();
}
