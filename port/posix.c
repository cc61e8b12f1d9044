/* posix.c - the port for Linux and other POSIX systems. See port.h for the
 * contract. Sockets are non-blocking from connect on, and every wait goes
 * through poll() so that each call honours its timeout exactly. */
#define _GNU_SOURCE
/* 64-bit time_t and file offsets on 32-bit glibc (armhf, i386: glibc 2.34
 * and later; musl has had only 64-bit time since 1.2), so that the clock
 * still reads after January 2038. Before any system header. */
#define _FILE_OFFSET_BITS 64
#define _TIME_BITS 64
#include "port.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* A 32-bit time_t cannot hold the time after 2038-01-19: refuse to build
 * rather than sign with a wrong clock then. */
typedef char fc_time_t_has_64_bits[sizeof(time_t) >= 8 ? 1 : -1];

#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0 /* BSDs: SO_NOSIGPIPE below does the same job */
#endif

/* Waits for events on s; returns >0 when ready, 0 on timeout, -1 on error.
 * Retries EINTR with the time that is left, so signals never cut a wait
 * short or stretch it. */
static int wait_fd(int fd, short events, uint32_t timeout_ms)
{
    uint64_t end = fc_port_millis() + timeout_ms;
    for (;;) {
        struct pollfd p = {fd, events, 0};
        uint64_t now = fc_port_millis();
        int left = now >= end ? 0 : (int)(end - now);
        int r = poll(&p, 1, left);
        if (r >= 0)
            return r;
        if (errno != EINTR)
            return -1;
    }
}

static int connect_one(const struct addrinfo *ai, uint64_t end, int *out)
{
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0)
        return FC_PORT_IO;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
#ifdef SO_NOSIGPIPE
    setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
#endif
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
        if (errno != EINPROGRESS) {
            close(fd);
            return FC_PORT_REFUSED;
        }
        uint64_t now = fc_port_millis();
        int r = wait_fd(fd, POLLOUT, now >= end ? 0 : (uint32_t)(end - now));
        int err = 0;
        socklen_t len = sizeof err;
        if (r <= 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err) {
            close(fd);
            return r == 0 ? FC_PORT_TIMEOUT : FC_PORT_REFUSED;
        }
    }
    *out = fd;
    return 0;
}

int fc_port_connect(const char *host, uint16_t port, uint32_t timeout_ms,
                    fc_port_sock *out)
{
    struct addrinfo hints, *res, *ai;
    char service[6];
    int i = 5, rc = FC_PORT_REFUSED;
    uint64_t end = fc_port_millis() + timeout_ms;

    service[i] = '\0';
    do {
        service[--i] = (char)('0' + port % 10);
        port /= 10;
    } while (port);
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_ADDRCONFIG | AI_NUMERICSERV;
    int g = getaddrinfo(host, service + i, &hints, &res);
    if (g == EAI_ADDRFAMILY || g == EAI_NODATA || g == EAI_NONAME) {
        /* AI_ADDRCONFIG hides ::1 and 127.0.0.1 on a host whose only
         * interface is loopback; ask once more without it. */
        hints.ai_flags = AI_NUMERICSERV;
        g = getaddrinfo(host, service + i, &hints, &res);
    }
    if (g != 0)
        return FC_PORT_DNS;
    for (ai = res; ai; ai = ai->ai_next) {
        if (fc_port_millis() >= end) {
            rc = FC_PORT_TIMEOUT;
            break;
        }
        rc = connect_one(ai, end, out);
        if (rc == 0)
            break;
    }
    freeaddrinfo(res);
    return rc;
}

long fc_port_send(fc_port_sock s, const void *buf, size_t len, uint32_t timeout_ms)
{
    for (;;) {
        ssize_t n = send(s, buf, len, MSG_NOSIGNAL);
        if (n > 0)
            return (long)n;
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
            return FC_PORT_IO;
        int r = wait_fd(s, POLLOUT, timeout_ms);
        if (r == 0)
            return FC_PORT_TIMEOUT;
        if (r < 0)
            return FC_PORT_IO;
    }
}

long fc_port_recv(fc_port_sock s, void *buf, size_t len, uint32_t timeout_ms)
{
    for (;;) {
        ssize_t n = recv(s, buf, len, 0);
        if (n >= 0)
            return (long)n;
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return FC_PORT_IO;
        /* Nothing there and no time to wait (the idle check before each
         * keep-alive request): the answer is known without a poll. */
        if (timeout_ms == 0)
            return FC_PORT_TIMEOUT;
        int r = wait_fd(s, POLLIN, timeout_ms);
        if (r == 0)
            return FC_PORT_TIMEOUT;
        if (r < 0)
            return FC_PORT_IO;
    }
}

void fc_port_close(fc_port_sock s)
{
    if (s != FC_PORT_NONE)
        close(s);
}

/* A clock that cannot be read says 0, "no idea" (port.h): the library then
 * checks certificates at FC_TIME_FLOOR and, after the server's 401, signs
 * with the time of its Date header. Never an uninitialised timespec. */
int64_t fc_port_time(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
        return 0;
    return (int64_t)ts.tv_sec;
}

/* CLOCK_MONOTONIC cannot fail on Linux; if it ever did, the wall clock
 * keeps timeouts running rather than frozen at 0. */
uint64_t fc_port_millis(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0 && clock_gettime(CLOCK_REALTIME, &ts) != 0)
        return 0;
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

int fc_port_entropy(void *buf, size_t len)
{
    unsigned char *p = buf;
    while (len) {
        ssize_t n = getrandom(p, len, 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

void fc_port_sleep_ms(uint32_t ms)
{
    struct timespec ts = {(time_t)(ms / 1000u), (long)(ms % 1000u) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}
