/* main.c - the framec command line: the library with a shell interface.
 *
 * Parses the arguments, finds the credentials and the CA bundle, sets up
 * one client, runs the command, and turns every failure into one line on
 * stderr and a documented exit code (cli.h lists the files that do each
 * part). Secrets come only from a credentials file or the environment,
 * never from argv, and are wiped as soon as the HMAC key state exists. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "port_cli.h"

options opt;
fc_client client;
fc_anchors anchors; /* the CA bundle, read once */
char data_buf[DATA_MAX + 1];
char elem_buf[ELEM_BUF];
char str_buf[ELEM_BUF];
jsmntok_t tokens[TOKENS];
static unsigned char tls_buf[BR_SSL_BUFSIZE_MONO];
static uint8_t trust_id[32]; /* the CA file's identity, when read later */

static uint64_t parse_timestamp(const char *s)
{
    uint64_t v = 0;
    const char *p = s;
    for (; *p >= '0' && *p <= '9' && v <= UINT64_MAX / 10 - 1; p++)
        v = v * 10 + (uint64_t)(*p - '0');
    if (p == s || *p)
        fail(EX_USAGE, "--timestamp: '%s' is not a Unix time in seconds", s);
    return v;
}

/* no_proxy: comma-separated names; "*" is every host; a name matches
 * itself and its subdomains; a leading dot or "*." and a :port are
 * ignored (as curl does). */
static int no_proxy_match(const char *list, const char *host, size_t hlen)
{
    while (*list) {
        size_t n;
        const char *e;
        while (*list == ',' || *list == ' ')
            list++;
        n = strcspn(list, ", ");
        e = list;
        if (n == 1 && *e == '*')
            return 1;
        if (n > 2 && e[0] == '*' && e[1] == '.')
            e += 2, n -= 2;
        else if (n > 1 && e[0] == '.')
            e++, n--;
        if (memchr(e, ':', n) && *e != '[')
            n = (size_t)((const char *)memchr(e, ':', n) - e);
        if (n && n <= hlen && !strncmp(host + hlen - n, e, n) &&
            (n == hlen || host[hlen - n - 1] == '.'))
            return 1;
        list += strcspn(list, ",");
    }
    return 0;
}

/* --proxy, else https_proxy/HTTPS_PROXY, unless no_proxy names the host.
 * An empty --proxy "" turns the environment's proxy off. */
static const char *choose_proxy(const char *url)
{
    const char *p = opt.proxy, *np = getenv("no_proxy"), *h;
    size_t hlen;
    /* --proxy "" turns every proxy off, as in curl: the environment is
     * read only when there is no --proxy at all. */
    if (!p) {
        p = getenv("https_proxy");
        if (!p || !*p)
            p = getenv("HTTPS_PROXY");
    }
    if (!p || !*p)
        return NULL;
    if (!np || !*np)
        np = getenv("NO_PROXY");
    h = strncmp(url, "https://", 8) ? url : url + 8;
    if (*h == '[')
        hlen = strcspn(++h, "]");
    else
        hlen = strcspn(h, ":/");
    return np && no_proxy_match(np, h, hlen) ? NULL : p;
}

static void trace(void *ctx, char dir, const char *line, size_t len)
{
    (void)ctx;
    out_pending(); /* -v: what the previous request printed comes first */
    fmt_fd(2, "%c %.*s\n", dir, (int)len, line);
}

int main(int argc, char **argv)
{
    fc_config cfg;
    const char *id = NULL;
    char *secret = NULL;
    int rc;

    fc_port_no_core_dumps();
    /* Before anything opens a file or a socket: a closed stdout must not
     * become the TLS socket (the output would go to the server). Every
     * command prints its result, so a closed stdout is an error; a closed
     * stdin reads as empty and a closed stderr swallows messages. */
    rc = fc_port_std_streams();
    if (rc < 0)
        return EX_LOCAL;
    if (rc & 2)
        fail(EX_LOCAL, "standard output is closed: nothing would be printed");
    opt.retries = -1;
    parse_args(argc, argv, &opt);
    check_args(&opt);

    find_credentials(&opt, &id, &secret);
    memset(&cfg, 0, sizeof cfg);
    cfg.url = opt.url ? opt.url : getenv("FRAME_API_URL");
    if (!cfg.url || !*cfg.url)
        cfg.url = FC_DEFAULT_URL;
    cfg.client_id = id;
    cfg.secret = secret;
    cfg.secret_len = strlen(secret);
    cfg.tls_buf = tls_buf;
    cfg.tls_buf_len = opt.tls_frag ? FC_TLS_BUFSIZE(opt.tls_frag) : sizeof tls_buf;
    cfg.connect_timeout_ms = opt.connect_timeout_ms;
    cfg.timeout_ms = opt.timeout_ms;
    cfg.retries = opt.retries < 0 ? RETRIES : (unsigned)opt.retries;
    cfg.proxy = choose_proxy(cfg.url);
    if (opt.verbose)
        cfg.trace = trace;
    if (!opt.sign) {
        const char *ca = opt.cacert ? opt.cacert : getenv("SSL_CERT_FILE");
        /* --tls-sessions, else FRAMEC_TLS_SESSIONS, else the credentials
         * file's tls_sessions=; "" turns it off. */
        const char *f = opt.tls_sessions ? opt.tls_sessions : getenv("FRAMEC_TLS_SESSIONS");
        cfg.session = sessions_open(f ? f : cred_tls_sessions);
        /* With a session to resume, the bundle waits for a full handshake
         * (a batch reads it now: its errors must not cut a run short). */
        if (cfg.session && !opt.batch && defer_anchors(&anchors, ca && *ca ? ca : NULL, trust_id)) {
            cfg.trust_id = trust_id;
            cfg.trust_id_len = sizeof trust_id;
        } else
            load_anchors(&anchors, ca && *ca ? ca : NULL);
        cfg.anchors = &anchors;
        cfg.pins = opt.pins;
        cfg.npins = opt.npins;
    }
    rc = fc_client_init(&client, &cfg);
    /* From here on only the key pads exist: wipe every copy of the secret. */
    fc_wipe(secret, strlen(secret));
    fc_wipe(cred_buf, sizeof cred_buf);
    if (rc)
        fail(EX_CONFIG, "%s: %s", rc == FC_ERR_URL ? cfg.url : rc == FC_ERR_PROXY_URL ? "proxy" : "client id",
             fc_strerror(rc));
    /* One-shot commands end by --max-time (default MAX_TIME_MS); polling
     * and paging run as long as they make progress unless it is given. */
    fc_client_deadline(&client, opt.max_time_ms ? opt.max_time_ms
                                : opt.wait || opt.session_wait || opt.all || opt.batch ? 0
                                                                                     : MAX_TIME_MS);

    if (opt.sign) {
        char ts[FC_TS_MAX], sig[FC_SIG_HEX_LEN + 1];
        uint64_t t = opt.timestamp ? parse_timestamp(opt.timestamp)
                                   : (uint64_t)fc_client_now(&client);
        fc_client_sign(&client, t, ts, sig);
        rc = fmt_fd(1, "X-Frame-ClientId: %s\nX-Frame-Timestamp: %s\nX-Frame-Signature: %s\n",
                    client.client_id, ts, sig);
        fc_wipe(sig, sizeof sig);
        return rc ? EX_LOCAL : EX_OK;
    }
    if (opt.batch)
        rc = run_batch();
    else if (opt.session_wait)
        rc = session_wait();
    else if (opt.ep)
        rc = run_endpoint();
    else {
        const char *body = NULL;
        size_t body_len = 0;
        if (opt.data) {
            body = data_buf;
            body_len = opt.data[0] == '@'
                           ? slurp(opt.data + 1, data_buf, sizeof data_buf, "data file", EX_USAGE)
                           : strlen(opt.data);
            if (opt.data[0] != '@') {
                if (body_len > DATA_MAX)
                    fail(EX_USAGE, "--data is larger than %d bytes", DATA_MAX);
                memcpy(data_buf, opt.data, body_len + 1);
            }
        }
        perform(NULL, opt.word, 2, opt.query, opt.nquery, body, body_len,
                opt.nfield ? SINK_ELEMENTS : SINK_RAW);
        out_finish();
        rc = EX_OK;
    }
    fc_client_close(&client);
    return rc;
}

