/* server.c - the other end of the in-memory connection: a BearSSL TLS
 * server in the same image, with the test PKI's localhost certificate
 * (ECDSA P-256, signed by the test CA the client trusts), answering HTTP/1.1
 * as the Frame API would. It checks each request's three X-Frame headers
 * with BearSSL's own HMAC-SHA256 (not framec's), answers 401 when they are
 * wrong and a small JSON account list when they are right, and keeps the
 * connection open for the next request.
 *
 * server_pump() runs the engine until it waits for the client: called by
 * the port (port_mem.c) on a stack of its own whenever the client waits. */
#include <bearssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcu.h"

const char mcu_client_id[] = "mcu-client.4f6e2c";
const char mcu_secret[] = "mcu-secret-that-only-the-test-knows";
const char mcu_body[] = "[{\"id\":\"acc-1\",\"name\":\"kiosk \\u00e9\",\"organization_id\":\"org-7\"},"
                        "{\"id\":\"acc-2\",\"name\":\"lobby\",\"organization_id\":\"org-7\"}]";

static br_ssl_server_context sc;
static unsigned char iobuf[BR_SSL_BUFSIZE_BIDI];
static br_skey_decoder_context key;
static br_x509_certificate chain[1];
static char req[4096];
static size_t req_len;
static char resp[1024];
static size_t resp_len, resp_off;
static int answered, bad_signatures;

void server_start(void)
{
    static const unsigned char seed[32] = "in-memory test server, not real";
    br_skey_decoder_init(&key);
    br_skey_decoder_push(&key, mcu_server_key, mcu_server_key_len);
    if (br_skey_decoder_last_error(&key) || br_skey_decoder_key_type(&key) != BR_KEYTYPE_EC) {
        printf("mcu: server key does not decode (%d)\n", br_skey_decoder_last_error(&key));
        mcu_exit(2);
    }
    chain[0].data = (unsigned char *)(uintptr_t)mcu_server_cert;
    chain[0].data_len = mcu_server_cert_len;
    br_ssl_server_init_full_ec(&sc, chain, 1, BR_KEYTYPE_EC, br_skey_decoder_get_ec(&key));
    br_ssl_engine_set_buffer(&sc.eng, iobuf, sizeof iobuf, 1);
    br_ssl_engine_inject_entropy(&sc.eng, seed, sizeof seed);
    if (!br_ssl_server_reset(&sc)) {
        printf("mcu: server reset failed (%d)\n", br_ssl_engine_last_error(&sc.eng));
        mcu_exit(2);
    }
    req_len = resp_len = resp_off = 0;
}

int server_requests(void)
{
    return answered;
}

int server_signature_ok(void)
{
    return answered > 0 && bad_signatures == 0;
}

/* The value of header name in the request head, or NULL (*n its length). */
static const char *header(const char *name, size_t *n)
{
    size_t nl = strlen(name);
    const char *p = strstr(req, "\r\n");
    while (p && p[2] != '\r') {
        p += 2;
        if (!strncmp(p, name, nl) && p[nl] == ':') {
            const char *v = p + nl + 1, *e = strstr(v, "\r\n");
            while (*v == ' ')
                v++;
            *n = (size_t)(e - v);
            return v;
        }
        p = strstr(p, "\r\n");
    }
    return NULL;
}

static int signed_right(void)
{
    br_hmac_key_context kc;
    br_hmac_context hc;
    unsigned char mac[32];
    char hex[65];
    size_t idl = 0, tsl = 0, sgl = 0, i;
    const char *id = header("X-Frame-ClientId", &idl);
    const char *ts = header("X-Frame-Timestamp", &tsl);
    const char *sg = header("X-Frame-Signature", &sgl);

    if (!id || !ts || !sg || idl != strlen(mcu_client_id) || memcmp(id, mcu_client_id, idl))
        return 0;
    br_hmac_key_init(&kc, &br_sha256_vtable, mcu_secret, strlen(mcu_secret));
    br_hmac_init(&hc, &kc, 0);
    br_hmac_update(&hc, ts, tsl);
    br_hmac_update(&hc, id, idl);
    br_hmac_out(&hc, mac);
    for (i = 0; i < 32; i++)
        sprintf(hex + 2 * i, "%02x", mac[i]);
    /* The timestamp must be the device's clock, give or take a minute. */
    return sgl == 64 && !memcmp(sg, hex, 64) &&
           llabs(strtoll(ts, NULL, 10) - mcu_cert_time) < 60;
}

static void answer(void)
{
    int ok = signed_right();
    const char *body = ok ? mcu_body : "{\"error\":\"bad signature\"}";
    if (!ok)
        bad_signatures++;
    resp_len = (size_t)snprintf(resp, sizeof resp,
                                "HTTP/1.1 %s\r\nContent-Type: application/json\r\n"
                                "Content-Length: %u\r\n\r\n%s",
                                ok ? "200 OK" : "401 Unauthorized", (unsigned)strlen(body), body);
    resp_off = 0;
    answered++;
}

void server_pump(void *unused)
{
    br_ssl_engine_context *eng = &sc.eng;
    (void)unused;
    for (;;) {
        unsigned st = br_ssl_engine_current_state(eng);
        unsigned char *b;
        size_t len, n;
        char *end;

        if (st & BR_SSL_CLOSED) {
            mcu_server_closed = 1;
            return;
        }
        if (st & BR_SSL_SENDREC) {
            b = br_ssl_engine_sendrec_buf(eng, &len);
            n = mcu_pipe_put(&mcu_to_client, b, len);
            if (!n)
                return;
            br_ssl_engine_sendrec_ack(eng, n);
        } else if (st & BR_SSL_RECVAPP) {
            b = br_ssl_engine_recvapp_buf(eng, &len);
            if (len > sizeof req - 1 - req_len)
                len = sizeof req - 1 - req_len;
            memcpy(req + req_len, b, len);
            req_len += len;
            req[req_len] = 0;
            br_ssl_engine_recvapp_ack(eng, len);
            /* Requests here are GETs: the head is the whole request. */
            if ((end = strstr(req, "\r\n\r\n")) != NULL) {
                answer();
                n = (size_t)(end + 4 - req);
                memmove(req, req + n, req_len - n + 1);
                req_len -= n;
            }
        } else if ((st & BR_SSL_SENDAPP) && resp_off < resp_len) {
            b = br_ssl_engine_sendapp_buf(eng, &len);
            if (len > resp_len - resp_off)
                len = resp_len - resp_off;
            memcpy(b, resp + resp_off, len);
            br_ssl_engine_sendapp_ack(eng, len);
            resp_off += len;
            if (resp_off == resp_len)
                br_ssl_engine_flush(eng, 0);
        } else if ((st & BR_SSL_RECVREC) && mcu_to_server.len) {
            b = br_ssl_engine_recvrec_buf(eng, &len);
            br_ssl_engine_recvrec_ack(eng, mcu_pipe_get(&mcu_to_server, b, len));
        } else {
            return; /* waits for the client */
        }
    }
}
