/* ram_bench.c - the library's RAM for one request, and its heap use.
 *
 * RAM: sizeof(fc_client) + the TLS record buffer (BR_SSL_BUFSIZE_MONO, the
 * default profile) + the command's JSON token pool (2,048 jsmntok_t) + the
 * peak stack of one real, signed request against the local Frame API,
 * handshake included. The stack is measured by painting: the request runs
 * on a thread whose stack is a buffer filled with 0xA5 beforehand, and the
 * deepest byte no longer 0xA5 afterwards is the peak. A thread that does
 * nothing is measured the same way and subtracted (glibc keeps the thread
 * descriptor and TLS at the top of a caller-given stack).
 *
 * Two cold requests are measured: one as a program would make it (the
 * POSIX port's getaddrinfo() included, on the same stack), and one with
 * fc_port_connect moved to another thread (-Wl,--wrap), which is the
 * library's own stack; then a keep-alive request on the open connection.
 *
 * Heap: malloc, calloc, realloc and the aligned allocators are replaced
 * (glibc allows a program to do so; libc's own calls come here too) and
 * counted only while fc_client_request runs, separately inside
 * fc_port_connect (the port: getaddrinfo allocates) and outside it (the
 * library, the rest of the port and BearSSL).
 *
 * Usage: ram_bench URL CA_FILE   (credentials from FRAME_CLIENT_ID/SECRET)
 * Prints KEY VALUE lines. Link: libframec.a -lbearssl -lpthread
 *   -Wl,--wrap=fc_port_connect */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "framec.h"
#include "json.h"
#include "port.h" /* fc_port_sock: framec.h does not include port.h */

#ifndef CLI_TOKENS
#error "build with -DCLI_TOKENS=N, the TOKENS of src/cli/cli.h (bench.sh reads it)"
#endif
#define STACK_SIZE (512 * 1024)
#define PAINT 0xA5

/* ---- Counting allocations ------------------------------------------------ */

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);
extern void *__libc_memalign(size_t, size_t);

static volatile int counting, in_port;
static volatile long n_lib, n_port, bytes_lib, bytes_port;

static void note(size_t n)
{
    if (!counting)
        return;
    if (in_port) {
        n_port++;
        bytes_port += (long)n;
    } else {
        n_lib++;
        bytes_lib += (long)n;
    }
}

void *malloc(size_t n)
{
    note(n);
    return __libc_malloc(n);
}

void *calloc(size_t a, size_t b)
{
    note(a * b);
    return __libc_calloc(a, b);
}

void *realloc(void *p, size_t n)
{
    note(n);
    return __libc_realloc(p, n);
}

void free(void *p)
{
    __libc_free(p);
}

void *memalign(size_t a, size_t n)
{
    note(n);
    return __libc_memalign(a, n);
}

void *aligned_alloc(size_t a, size_t n)
{
    note(n);
    return __libc_memalign(a, n);
}

int posix_memalign(void **p, size_t a, size_t n)
{
    note(n);
    *p = __libc_memalign(a, n);
    return *p ? 0 : ENOMEM;
}

/* ---- fc_port_connect, optionally on another stack ------------------------ */

int __real_fc_port_connect(const char *host, uint16_t port, uint32_t timeout_ms,
                           fc_port_sock *out);

static int offload_connect;

typedef struct {
    const char *host;
    uint16_t port;
    uint32_t timeout_ms;
    fc_port_sock *out;
    int rc;
} connect_args;

static void *connect_thread(void *p)
{
    connect_args *a = p;
    a->rc = __real_fc_port_connect(a->host, a->port, a->timeout_ms, a->out);
    return NULL;
}

int __wrap_fc_port_connect(const char *host, uint16_t port, uint32_t timeout_ms,
                           fc_port_sock *out);
int __wrap_fc_port_connect(const char *host, uint16_t port, uint32_t timeout_ms,
                           fc_port_sock *out)
{
    connect_args a = {host, port, timeout_ms, out, FC_PORT_IO};
    in_port = 1;
    if (offload_connect) {
        pthread_t t;
        if (pthread_create(&t, NULL, connect_thread, &a) == 0)
            pthread_join(t, NULL);
    } else {
        connect_thread(&a);
    }
    in_port = 0;
    return a.rc;
}

/* ---- Painted stacks ------------------------------------------------------ */

static unsigned char stack_mem[STACK_SIZE] __attribute__((aligned(4096)));

static long painted(void *(*fn)(void *), void *arg)
{
    pthread_attr_t attr;
    pthread_t t;
    size_t i;
    memset(stack_mem, PAINT, sizeof stack_mem);
    if (pthread_attr_init(&attr) || pthread_attr_setstack(&attr, stack_mem, sizeof stack_mem) ||
        pthread_create(&t, &attr, fn, arg) || pthread_join(t, NULL)) {
        fputs("ram_bench: cannot run a thread on the painted stack\n", stderr);
        exit(1);
    }
    pthread_attr_destroy(&attr);
    for (i = 0; i < sizeof stack_mem && stack_mem[i] == PAINT; i++) {
    }
    if (i == 0) {
        fputs("ram_bench: the painted stack overflowed\n", stderr);
        exit(1);
    }
    return (long)(sizeof stack_mem - i);
}

static void *nothing(void *p)
{
    return p;
}

/* ---- One request --------------------------------------------------------- */

static unsigned char iobuf[BR_SSL_BUFSIZE_MONO];
static br_x509_trust_anchor slots[4];
static unsigned char store[8192];
static fc_anchors anchors;
static fc_client client;
static fc_config cfg;

typedef struct {
    int rc, status;
    size_t body;
    long allocs_lib, allocs_port, bytes_lib, bytes_port;
} result;

static int discard(void *ctx, const unsigned char *data, size_t len)
{
    (void)ctx;
    (void)data;
    (void)len;
    return 0;
}

static void *request(void *p)
{
    result *r = p;
    fc_request rq = {"GET", "/accounts", NULL, 0, NULL, NULL, 0, 0};
    fc_response rs;
    memset(&rs, 0, sizeof rs);
    rs.on_body = discard; /* streamed: no body buffer to count */
    n_lib = n_port = bytes_lib = bytes_port = 0;
    counting = 1;
    r->rc = fc_client_request(&client, &rq, &rs);
    counting = 0;
    r->status = rs.status;
    r->body = rs.body_len;
    r->allocs_lib = n_lib;
    r->allocs_port = n_port;
    r->bytes_lib = bytes_lib;
    r->bytes_port = bytes_port;
    return NULL;
}

static void init_client(void)
{
    if (fc_client_init(&client, &cfg) != FC_OK) {
        fputs("ram_bench: fc_client_init failed\n", stderr);
        exit(1);
    }
}

static void check(const char *what, const result *r)
{
    if (r->rc != FC_OK || r->status != 200 || r->body == 0) {
        fprintf(stderr, "ram_bench: %s request failed: %s, HTTP %d\n", what,
                fc_strerror(r->rc), r->status);
        exit(1);
    }
}

int main(int argc, char **argv)
{
    static char pem[16384];
    result cold, lib, keep;
    long base, d_cold, d_lib, d_keep;
    FILE *f;
    size_t n;

    if (argc != 3 || !(f = fopen(argv[2], "rb"))) {
        fputs("usage: ram_bench URL CA_FILE\n", stderr);
        return 2;
    }
    n = fread(pem, 1, sizeof pem, f);
    fclose(f);
    fc_anchors_init(&anchors, slots, 4, store, sizeof store);
    if (fc_anchors_add_pem_mem(&anchors, pem, n) != FC_OK) {
        fputs("ram_bench: cannot read the CA\n", stderr);
        return 1;
    }
    cfg.url = argv[1];
    cfg.client_id = getenv("FRAME_CLIENT_ID");
    cfg.secret = getenv("FRAME_CLIENT_SECRET");
    cfg.secret_len = cfg.secret ? strlen(cfg.secret) : 0;
    cfg.anchors = &anchors;
    cfg.tls_buf = iobuf;
    cfg.tls_buf_len = sizeof iobuf;

    base = painted(nothing, NULL);

    init_client();
    offload_connect = 0;
    d_cold = painted(request, &cold) - base;
    check("cold", &cold);

    fc_client_close(&client);
    init_client();
    offload_connect = 1;
    d_lib = painted(request, &lib) - base;
    check("cold (connect offloaded)", &lib);

    offload_connect = 0;
    d_keep = painted(request, &keep) - base;
    check("keep-alive", &keep);
    if (client.connects != 1) {
        fprintf(stderr, "ram_bench: the keep-alive request reconnected (%u connects)\n",
                client.connects);
        return 1;
    }
    fc_client_close(&client);

    printf("sizeof_fc_client %zu\n", sizeof(fc_client));
    printf("sizeof_fc_tls %zu\n", sizeof(fc_tls));
    printf("tls_buf %zu\n", sizeof iobuf);
    printf("sizeof_jsmntok %zu\n", sizeof(jsmntok_t));
    printf("token_pool %zu\n", (size_t)CLI_TOKENS * sizeof(jsmntok_t));
    printf("anchors_1ca %zu\n", anchors.count * sizeof(br_x509_trust_anchor) + anchors.store_len);
    printf("stack_thread_base %ld\n", base);
    printf("stack_cold_request %ld\n", d_cold);
    printf("stack_cold_library %ld\n", d_lib);
    printf("stack_keepalive_request %ld\n", d_keep);
    printf("allocs_cold_library %ld\n", cold.allocs_lib);
    printf("allocs_cold_port_connect %ld\n", cold.allocs_port);
    printf("alloc_bytes_cold_port_connect %ld\n", cold.bytes_port);
    printf("allocs_keepalive_library %ld\n", keep.allocs_lib);
    printf("allocs_offloaded_library %ld\n", lib.allocs_lib);
    return 0;
}
