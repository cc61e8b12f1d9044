/* port_mem.c - framec's port (port/port.h) on a board with no network: the
 * connection is a pair of in-memory pipes to the BearSSL server in the
 * same image (server.c), which runs, on a stack of its own, whenever the
 * client waits for bytes. One connection at a time, to "localhost" only.
 *
 * How it meets the contract of port.h, which is what a firmware port
 * must do too:
 *   - send accepts what fits in the pipe (> 0), else FC_PORT_TIMEOUT
 *     once the server has run and still takes nothing;
 *   - recv returns bytes, 0 once the server has closed and everything it
 *     sent is read, or FC_PORT_TIMEOUT when the server has run and has
 *     nothing to say (in memory nothing else can ever arrive, so waiting
 *     longer would hang);
 *   - the clock starts at mcu_cert_time (inside the test certificates'
 *     validity) and moves with every call and every sleep: a board
 *     without a real-time clock gets its time from the network or an RTC;
 *   - entropy is a fixed xorshift sequence. That is only for a test: a
 *     real port reads its TRNG (and fails with -1 when it has none, so
 *     that TLS never runs on predictable keys).
 * The server's stack is not the client's, so the client's peak stack is
 * measured alone. */
#include <string.h>

#include "mcu.h"
#include "port.h"

mcu_pipe mcu_to_server, mcu_to_client;
int mcu_server_closed;
static int connected;
static uint64_t ms_now;
static uint64_t rnd_state = 0x9e3779b97f4a7c15u;
static unsigned char server_stack[16384] __attribute__((aligned(8)));

size_t mcu_pipe_put(mcu_pipe *p, const void *data, size_t n)
{
    if (p->head && p->head + p->len + n > sizeof p->buf) {
        memmove(p->buf, p->buf + p->head, p->len);
        p->head = 0;
    }
    if (n > sizeof p->buf - p->head - p->len)
        n = sizeof p->buf - p->head - p->len;
    memcpy(p->buf + p->head + p->len, data, n);
    p->len += n;
    return n;
}

size_t mcu_pipe_get(mcu_pipe *p, void *data, size_t n)
{
    if (n > p->len)
        n = p->len;
    memcpy(data, p->buf + p->head, n);
    p->head += n;
    p->len -= n;
    if (!p->len)
        p->head = 0;
    return n;
}

static void run_server(void)
{
    mcu_call_on_stack(server_pump, NULL, server_stack + sizeof server_stack);
}

int fc_port_connect(const char *host, uint16_t port, uint32_t timeout_ms, fc_port_sock *out)
{
    (void)port;
    (void)timeout_ms;
    if (strcmp(host, "localhost") != 0)
        return FC_PORT_DNS;
    if (connected)
        return FC_PORT_REFUSED;
    memset(&mcu_to_server, 0, sizeof mcu_to_server);
    memset(&mcu_to_client, 0, sizeof mcu_to_client);
    mcu_server_closed = 0;
    server_start();
    connected = 1;
    *out = 1;
    return 0;
}

long fc_port_send(fc_port_sock s, const void *buf, size_t len, uint32_t timeout_ms)
{
    size_t n;
    (void)timeout_ms;
    if (s != 1 || !connected || mcu_server_closed)
        return FC_PORT_IO;
    n = mcu_pipe_put(&mcu_to_server, buf, len);
    if (!n) {
        run_server();
        n = mcu_pipe_put(&mcu_to_server, buf, len);
    }
    ms_now++;
    return n ? (long)n : FC_PORT_TIMEOUT;
}

long fc_port_recv(fc_port_sock s, void *buf, size_t len, uint32_t timeout_ms)
{
    size_t n;
    if (s != 1 || !connected)
        return FC_PORT_IO;
    if (!mcu_to_client.len && !mcu_server_closed)
        run_server();
    n = mcu_pipe_get(&mcu_to_client, buf, len);
    ms_now++;
    if (n)
        return (long)n;
    if (mcu_server_closed)
        return 0;
    ms_now += timeout_ms; /* waited in vain */
    return FC_PORT_TIMEOUT;
}

void fc_port_close(fc_port_sock s)
{
    (void)s;
    connected = 0;
}

int64_t fc_port_time(void)
{
    return (int64_t)mcu_cert_time + (int64_t)(ms_now / 1000);
}

uint64_t fc_port_millis(void)
{
    return ms_now++;
}

int fc_port_entropy(void *buf, size_t len)
{
    unsigned char *p = buf;
    while (len--) {
        rnd_state ^= rnd_state << 13;
        rnd_state ^= rnd_state >> 7;
        rnd_state ^= rnd_state << 17;
        *p++ = (unsigned char)(rnd_state >> 24);
    }
    return 0;
}

void fc_port_sleep_ms(uint32_t ms)
{
    ms_now += ms;
}
