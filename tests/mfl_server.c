/* mfl_server.c - a TLS server that ignores max_fragment_length, for
 * tests/tls_profiles.sh: BearSSL's server, on 127.0.0.1, which agrees to
 * the client's fragment length in the handshake and then sends its
 * response in full 16 KiB records anyway, as servers that ignore the
 * extension do (Go, LibreSSL, rustls). The client can only see records
 * larger than its buffer, either way.
 *
 *   mfl_server CERT.pem EC-KEY.pem PORT-FILE
 *
 * Serves connections one after another until killed: reads a request head
 * and answers 200 with a 10,000-byte body. */
#include <arpa/inet.h>
#include <bearssl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static unsigned char der[2][8192]; /* the certificate, the key */
static size_t der_len[2];
static int which;

static void to_der(void *ctx, const void *data, size_t len)
{
    (void)ctx;
    if (sizeof der[which] - der_len[which] < len) {
        fputs("mfl_server: PEM object too large\n", stderr);
        exit(1);
    }
    memcpy(der[which] + der_len[which], data, len);
    der_len[which] += len;
}

/* The first PEM object of a file, as DER. */
static void load(const char *path, int slot)
{
    br_pem_decoder_context pem;
    unsigned char buf[4096];
    size_t n, off;
    int in = 0, done = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(1);
    }
    which = slot;
    br_pem_decoder_init(&pem);
    while (!done && (n = fread(buf, 1, sizeof buf, f)) > 0)
        for (off = 0; !done && off < n;) {
            off += br_pem_decoder_push(&pem, buf + off, n - off);
            switch (br_pem_decoder_event(&pem)) {
            case BR_PEM_BEGIN_OBJ:
                in = 1;
                br_pem_decoder_setdest(&pem, to_der, NULL);
                break;
            case BR_PEM_END_OBJ:
                done = in;
                break;
            case BR_PEM_ERROR:
                fprintf(stderr, "mfl_server: %s: bad PEM\n", path);
                exit(1);
            }
        }
    fclose(f);
    if (!done) {
        fprintf(stderr, "mfl_server: %s: no PEM object\n", path);
        exit(1);
    }
}

static int sock_read(void *ctx, unsigned char *buf, size_t len)
{
    ssize_t n = read(*(int *)ctx, buf, len);
    return n > 0 ? (int)n : -1;
}

static int sock_write(void *ctx, const unsigned char *buf, size_t len)
{
    ssize_t n = write(*(int *)ctx, buf, len);
    return n > 0 ? (int)n : -1;
}

int main(int argc, char **argv)
{
    static br_ssl_server_context sc;
    static unsigned char iobuf[BR_SSL_BUFSIZE_BIDI];
    static char body[10000];
    br_skey_decoder_context kd;
    const br_ec_private_key *sk;
    br_x509_certificate chain;
    struct sockaddr_in a;
    socklen_t alen = sizeof a;
    int ls, one = 1;
    FILE *pf;
    char tmp[4096];

    if (argc != 4) {
        fputs("usage: mfl_server CERT.pem EC-KEY.pem PORT-FILE\n", stderr);
        return 2;
    }
    load(argv[1], 0);
    load(argv[2], 1);
    br_skey_decoder_init(&kd);
    br_skey_decoder_push(&kd, der[1], der_len[1]);
    sk = br_skey_decoder_get_ec(&kd);
    if (!sk) {
        fputs("mfl_server: the key is not an EC private key\n", stderr);
        return 1;
    }
    chain.data = der[0];
    chain.data_len = der_len[0];
    memset(body, 'x', sizeof body);

    ls = socket(AF_INET, SOCK_STREAM, 0);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (ls < 0 || bind(ls, (struct sockaddr *)&a, sizeof a) || listen(ls, 4) ||
        getsockname(ls, (struct sockaddr *)&a, &alen)) {
        perror("mfl_server: listen");
        return 1;
    }
    snprintf(tmp, sizeof tmp, "%s.tmp", argv[3]);
    pf = fopen(tmp, "w");
    if (!pf || fprintf(pf, "%u\n", ntohs(a.sin_port)) < 0 || fclose(pf) || rename(tmp, argv[3])) {
        perror("mfl_server: port file");
        return 1;
    }
    for (;;) {
        br_sslio_context io;
        char head[256];
        size_t got = 0;
        int c = accept(ls, NULL, NULL);
        if (c < 0)
            continue;
        br_ssl_server_init_full_ec(&sc, &chain, 1, BR_KEYTYPE_EC, sk);
        br_ssl_engine_set_buffer(&sc.eng, iobuf, sizeof iobuf, 1);
        br_ssl_server_reset(&sc);
        br_sslio_init(&io, &sc.eng, sock_read, &c, sock_write, &c);
        /* Read the request head (the handshake happens on the way). */
        while (got < sizeof head - 1) {
            int n = br_sslio_read(&io, head + got, sizeof head - 1 - got);
            if (n <= 0)
                break;
            got += (size_t)n;
            head[got] = '\0';
            if (strstr(head, "\r\n\r\n"))
                break;
        }
        if (got > 0) {
            /* The fragment length was agreed; send full records anyway. */
            sc.eng.max_frag_len = 16384;
            snprintf(tmp, sizeof tmp,
                     "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                     "Content-Length: %zu\r\nConnection: close\r\n\r\n",
                     sizeof body + 2);
            br_sslio_write_all(&io, tmp, strlen(tmp));
            br_sslio_write_all(&io, "\"", 1);
            br_sslio_write_all(&io, body, sizeof body);
            br_sslio_write_all(&io, "\"", 1);
            /* No close_notify: with its fragment length changed under it,
             * the engine spins in br_sslio_close. Content-Length frames
             * the body. */
            br_sslio_flush(&io);
        }
        close(c);
    }
}
