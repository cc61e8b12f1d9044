/* interop_bind.c - an LD_PRELOAD shim that keeps gnutls-serv on loopback.
 *
 * gnutls-serv 3.7 has no listen-address option: it binds every address
 * getaddrinfo gives for its port (0.0.0.0 and ::), and with port 0 it never
 * says which port it got. Under this shim an IPv4 bind goes to 127.0.0.1
 * instead, an IPv6 bind fails (gnutls-serv then listens on IPv4 only), and
 * the port an IPv4 bind got is written to $INTEROP_PORT_FILE (through a
 * temporary name, so a reader never sees half a number).
 *
 * Built by tests/interop.sh with the house warnings but -std=gnu99 and no
 * -Wpedantic: with _GNU_SOURCE (for RTLD_NEXT) glibc declares bind() with a
 * transparent union, which ISO C calls incompatible with any definition. It
 * must never be preloaded into anything but a test server. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

typedef int bind_fn(int, const struct sockaddr *, socklen_t);

static void announce(int fd)
{
    struct sockaddr_in sin;
    socklen_t n = sizeof sin;
    const char *path = getenv("INTEROP_PORT_FILE");
    char tmp[4096];
    FILE *f;

    if (!path || getsockname(fd, (struct sockaddr *)&sin, &n) != 0 ||
        snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp)
        return;
    f = fopen(tmp, "w");
    if (!f)
        return;
    fprintf(f, "%u\n", (unsigned)ntohs(sin.sin_port));
    if (fclose(f) == 0)
        rename(tmp, path);
}

int bind(int fd, const struct sockaddr *addr, socklen_t len)
{
    static bind_fn *real;
    struct sockaddr_in sin;
    void *sym;
    int rc;

    if (!real) {
        sym = dlsym(RTLD_NEXT, "bind");
        if (!sym) {
            errno = ENOSYS;
            return -1;
        }
        memcpy(&real, &sym, sizeof real); /* ISO C has no void* to function cast */
    }
    if (addr->sa_family == AF_INET6) {
        errno = EADDRNOTAVAIL;
        return -1;
    }
    if (addr->sa_family != AF_INET || len < sizeof sin)
        return real(fd, addr, len);
    memcpy(&sin, addr, sizeof sin);
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    rc = real(fd, (const struct sockaddr *)&sin, sizeof sin);
    if (rc == 0)
        announce(fd);
    return rc;
}
