/* test_client.c - the library API: URL handling, init errors, and (when the
 * integration script points it at the local Frame API) keep-alive and the
 * transparent reconnect after a server closed an idle connection.
 *
 * Environment for the network part (set by tests/integration.sh):
 *   FRAMEC_TEST_CA     CA bundle of the local API
 *   FRAMEC_TEST_URL    an API that keeps connections alive
 *   FRAMEC_TEST_URL_CLOSE  an API that silently closes after each response
 *   FRAMEC_TEST_URL_FAIL   an API whose first 4 answers are 503
 *   FRAMEC_TEST_PIN    sha256//BASE64 of FRAMEC_TEST_URL's public key
 *   FRAMEC_TEST_URL_SESSIONS  an API that keeps TLS sessions (resumption) */
#include <stdlib.h>

#include "check.h"
#include "framec.h"
#include "port.h"

#define SECRET "0123456789abcdef0123456789abcdef01234567"
#define CLIENT_ID "test-client.img.frame.nutanix.com"

static unsigned char iobuf[BR_SSL_BUFSIZE_MONO];
static br_x509_trust_anchor slots[8];
static unsigned char store[8192];
static fc_anchors anchors;
static fc_client c;
static unsigned char body[65536];

static unsigned cfg_retries;
static uint32_t cfg_retry_after_max;
static const fc_pin *cfg_pins;
static size_t cfg_npins;
static fc_session *cfg_session;
static const uint8_t *cfg_trust; /* a NUL-ended name for the anchors */
static int traced_fallback; /* the client said a resumed handshake failed */

static void trace(void *ctx, char dir, const char *line, size_t len)
{
    static const char note[] = "resumed TLS handshake failed";
    size_t i;
    (void)ctx;
    for (i = 0; dir == '*' && i + sizeof note - 1 <= len; i++)
        if (!memcmp(line + i, note, sizeof note - 1))
            traced_fallback++;
}

static int init(const char *url)
{
    fc_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.url = url;
    cfg.client_id = CLIENT_ID;
    cfg.secret = SECRET;
    cfg.secret_len = strlen(SECRET);
    cfg.anchors = &anchors;
    cfg.tls_buf = iobuf;
    cfg.tls_buf_len = sizeof iobuf;
    cfg.timeout_ms = 5000;
    cfg.retries = cfg_retries;
    cfg.backoff_ms = 50;
    cfg.retry_after_max_ms = cfg_retry_after_max;
    cfg.pins = cfg_pins;
    cfg.npins = cfg_npins;
    cfg.session = cfg_session;
    cfg.trust_id = cfg_trust;
    cfg.trust_id_len = cfg_trust ? strlen((const char *)cfg_trust) : 0;
    cfg.trace = cfg_session ? trace : NULL;
    return fc_client_init(&c, &cfg);
}

static void test_urls(void)
{
    static const char *bad[] = {
        "http://localhost/v1", "https://", "https:///v1", "https://host:0/",
        "https://host:65536", "https://host:12ab/v1", "https://host:/v1",
        "https://host/v1?x=1", "https://host/v1#frag", "https://[::1/v1",
        "ftp://host", "HTTPS:/host", NULL};
    int i;

    CHECK_EQ_INT(init("https://api.console.nutanix.com/v1"), FC_OK);
    CHECK_EQ_STR(c.host, "api.console.nutanix.com");
    CHECK_EQ_INT(c.port, 443);
    CHECK_EQ_STR(c.base_path, "/v1");
    CHECK_EQ_STR(c.host_header, "api.console.nutanix.com");

    CHECK_EQ_INT(init("https://localhost:8443/v1/"), FC_OK);
    CHECK_EQ_STR(c.host, "localhost");
    CHECK_EQ_INT(c.port, 8443);
    CHECK_EQ_STR(c.base_path, "/v1");
    CHECK_EQ_STR(c.host_header, "localhost:8443");

    CHECK_EQ_INT(init("https://[::1]:9000"), FC_OK);
    CHECK_EQ_STR(c.host, "::1");
    CHECK_EQ_STR(c.base_path, "");
    CHECK_EQ_STR(c.host_header, "[::1]:9000");

    CHECK_EQ_INT(init("https://h:65535//"), FC_OK);
    CHECK_EQ_INT(c.port, 65535);
    CHECK_EQ_STR(c.base_path, "");

    for (i = 0; bad[i]; i++)
        CHECK(init(bad[i]) == FC_ERR_URL, "URL %s accepted", bad[i]);
    /* NULL means the documented default. */
    CHECK_EQ_INT(init(NULL), FC_OK);
    CHECK_EQ_STR(c.host, "api.console.nutanix.com");
}

static int init_proxy(const char *proxy)
{
    fc_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.url = "https://api.example:8443/v1";
    cfg.client_id = CLIENT_ID;
    cfg.secret = SECRET;
    cfg.secret_len = strlen(SECRET);
    cfg.tls_buf = iobuf;
    cfg.tls_buf_len = sizeof iobuf;
    cfg.proxy = proxy;
    return fc_client_init(&c, &cfg);
}

static void test_proxy_urls(void)
{
    static const char *bad[] = {"https://proxy:3128", "http://", "http://:3128", "http://h:0",
                                "http://h:3128/path", "http://u:p@", "socks5://h:1080",
                                "http://u:%0d%0a@h:1", NULL};
    int i;
    /* Expected base64 from Python's base64.b64encode. */
    CHECK_EQ_INT(init_proxy("http://u:p%40ss@proxy.example:3128"), FC_OK);
    CHECK_EQ_STR(c.proxy_host, "proxy.example");
    CHECK_EQ_INT(c.proxy_port, 3128);
    CHECK_EQ_STR(c.proxy_auth, "dTpwQHNz"); /* u:p@ss */
    CHECK_EQ_STR(c.host, "api.example"); /* the tunnel's far end is unchanged */
    CHECK_EQ_INT(init_proxy("http://user:pass@[::1]:8080/"), FC_OK);
    CHECK_EQ_STR(c.proxy_host, "::1");
    CHECK_EQ_STR(c.proxy_auth, "dXNlcjpwYXNz");
    CHECK_EQ_INT(init_proxy("http://u:pa@proxy"), FC_OK);
    CHECK_EQ_STR(c.proxy_auth, "dTpwYQ=="); /* two bytes of padding */
    CHECK_EQ_INT(init_proxy("http://u:pas@proxy"), FC_OK);
    CHECK_EQ_STR(c.proxy_auth, "dTpwYXM="); /* one */
    CHECK_EQ_INT(init_proxy("http://proxy"), FC_OK);
    CHECK_EQ_INT(c.proxy_port, 1080); /* curl's default */
    CHECK_EQ_STR(c.proxy_auth, "");
    CHECK_EQ_INT(init_proxy(""), FC_OK);
    CHECK_EQ_STR(c.proxy_host, ""); /* empty: direct */
    for (i = 0; bad[i]; i++)
        CHECK(init_proxy(bad[i]) == FC_ERR_PROXY_URL, "proxy %s accepted", bad[i]);
    fc_client_close(&c);
    CHECK_EQ_STR(c.proxy_auth, ""); /* wiped */
}

static void test_init_errors(void)
{
    fc_config cfg;
    char long_id[FC_CLIENT_ID_MAX + 1];

    memset(&cfg, 0, sizeof cfg);
    CHECK_EQ_INT(fc_client_init(&c, NULL), FC_ERR_ARG);
    CHECK_EQ_INT(fc_client_init(&c, &cfg), FC_ERR_ARG);
    cfg.client_id = "id with space";
    cfg.secret = "s";
    cfg.secret_len = 1;
    cfg.tls_buf = iobuf;
    cfg.tls_buf_len = sizeof iobuf;
    CHECK_EQ_INT(fc_client_init(&c, &cfg), FC_ERR_FIELD);
    cfg.client_id = "id\r\nX-Injected: 1";
    CHECK_EQ_INT(fc_client_init(&c, &cfg), FC_ERR_FIELD);
    memset(long_id, 'a', sizeof long_id - 1);
    long_id[sizeof long_id - 1] = '\0';
    cfg.client_id = long_id;
    CHECK_EQ_INT(fc_client_init(&c, &cfg), FC_ERR_ARG);
    cfg.client_id = "";
    CHECK_EQ_INT(fc_client_init(&c, &cfg), FC_ERR_ARG);

    /* Signing works without anchors; connecting does not. */
    cfg.client_id = "abc.img.frame.nutanix.com";
    cfg.secret = SECRET;
    cfg.secret_len = strlen(SECRET);
    CHECK_EQ_INT(fc_client_init(&c, &cfg), FC_OK);
    {
        char ts[FC_TS_MAX], sig[FC_SIG_HEX_LEN + 1];
        fc_request q = {"GET", "/accounts", NULL, 0, NULL, NULL, 0, 0};
        fc_response r;
        fc_client_sign(&c, 1700000000u, ts, sig);
        CHECK_EQ_STR(ts, "1700000000");
        CHECK_EQ_STR(sig, "a00975f6ef06471301abd1a3a337adec128d5549ec82c81f4f27e767cb03812e");
        memset(&r, 0, sizeof r);
        CHECK_EQ_INT(fc_client_request(&c, &q, &r), FC_ERR_NO_ANCHORS);
    }
    fc_client_close(&c);
}

static int load_ca(const char *path)
{
    static char pem[16384];
    FILE *f = fopen(path, "rb");
    size_t n;
    if (!f)
        return -1;
    n = fread(pem, 1, sizeof pem, f);
    fclose(f);
    fc_anchors_init(&anchors, slots, 8, store, sizeof store);
    return fc_anchors_add_pem_mem(&anchors, pem, n);
}

static int get(const char *path, fc_response *r)
{
    fc_request q = {"GET", path, NULL, 0, NULL, NULL, 0, 0};
    memset(r, 0, sizeof *r);
    r->body = body;
    r->body_cap = sizeof body;
    return fc_client_request(&c, &q, r);
}

/* cfg.pins: the server's key among the pins passes, a key pinned that
 * is not the server's fails the handshake, before any request is sent. */
static void test_pins(const char *url, const char *pin)
{
    fc_pin pins[3];
    size_t n;
    fc_response r;
    int rc;
    char list[256];

    snprintf(list, sizeof list, "sha256//47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;%s", pin);
    CHECK_EQ_INT(fc_pins_parse(list, pins, 3, &n), FC_OK);
    cfg_pins = pins + 1, cfg_npins = 1;
    CHECK_EQ_INT(init(url), FC_OK);
    rc = get("/accounts", &r);
    CHECK(rc == FC_OK && r.status == 200, "the server's pin: rc %d (%s) status %d", rc,
          fc_strerror(rc), r.status);
    fc_client_close(&c);
    cfg_pins = pins, cfg_npins = 2;
    CHECK_EQ_INT(init(url), FC_OK);
    rc = get("/accounts", &r);
    CHECK(rc == FC_OK && r.status == 200, "the server's pin second of two: rc %d", rc);
    fc_client_close(&c);
    cfg_pins = pins, cfg_npins = 1;
    CHECK_EQ_INT(init(url), FC_OK);
    rc = get("/accounts", &r);
    CHECK_EQ_INT(rc, FC_ERR_TLS_PINNED);
    CHECK_EQ_INT(fc_client_tls_error(&c), FC_X509_ERR_PINNED);
    CHECK_EQ_INT(fc_err_classify(rc), FC_CLASS_TLS);
    CHECK_EQ_INT(c.attempts, 1); /* a certificate failure is never retried */
    fc_client_close(&c);
    cfg_pins = NULL, cfg_npins = 0;
}

static void test_keep_alive(const char *url)
{
    fc_response r;
    int i, rc;

    CHECK_EQ_INT(init(url), FC_OK);
    for (i = 0; i < 5; i++) {
        rc = get("/accounts", &r);
        CHECK(rc == FC_OK && r.status == 200, "request %d: rc %d status %d", i, rc, r.status);
        CHECK(r.body_len > 2 && body[0] == '[', "request %d: body is a JSON array", i);
    }
    CHECK_EQ_INT(c.connects, 1); /* five requests, one handshake */

    /* Body larger than the caller's buffer: an error, never a cut body. */
    {
        fc_request q = {"GET", "/accounts", NULL, 0, NULL, NULL, 0, 0};
        memset(&r, 0, sizeof r);
        r.body = body;
        r.body_cap = 10;
        CHECK_EQ_INT(fc_client_request(&c, &q, &r), FC_ERR_BODY_TOO_BIG);
    }
    /* Control bytes in a path never reach the wire. */
    CHECK_EQ_INT(get("/accounts\r\nX: y", &r), FC_ERR_FIELD);
    /* A 404 is a response, not a library error. */
    CHECK_EQ_INT(get("/accounts/no-such-account", &r), FC_OK);
    CHECK_EQ_INT(r.status, 404);
    /* framec.h promises a NUL after the body: the 404's body is shorter
     * than the listing before it, so without the NUL its end would run
     * into the listing's tail (as README's %s example printed it). */
    CHECK(r.body_len < sizeof body && body[r.body_len] == '\0' &&
              strlen((const char *)body) == r.body_len,
          "a NUL right after the %zu-byte body", r.body_len);
    CHECK(strstr(r.content_type, "application/json") != NULL, "content type '%s'", r.content_type);
    CHECK(r.date[0] != '\0', "Date header kept");
    fc_client_close(&c);
}

static void test_reconnect(const char *url)
{
    fc_response r;
    int i, rc;

    CHECK_EQ_INT(init(url), FC_OK);
    for (i = 0; i < 4; i++) {
        rc = get("/accounts", &r);
        CHECK(rc == FC_OK && r.status == 200, "request %d after server close: rc %d (%s) status %d",
              i, rc, fc_strerror(rc), r.status);
    }
    /* The server dropped every connection after one response: each later
     * request reconnected on its own. */
    CHECK_EQ_INT(c.connects, 4);
    {
        /* POST on a connection the server closed while idle: detected
         * before sending, so it is safe to reconnect. The pause lets the
         * server's FIN arrive, as it would on any idle connection. */
        fc_request q = {"POST", "/accounts/f0145d11-f205-49bd-9df5-7bd7697f027a/secure-anonymous/demo/tokens",
                        NULL, 0, "application/json", "{}", 2, 0};
        memset(&r, 0, sizeof r);
        r.body = body;
        r.body_cap = sizeof body;
        fc_port_sleep_ms(200);
        rc = fc_client_request(&c, &q, &r);
        CHECK(rc == FC_OK, "POST after idle close: %s", fc_strerror(rc));
        CHECK_EQ_INT(c.connects, 5);
    }
    fc_client_close(&c);
}

/* ---- TLS sessions and anchors loaded on need ---------------------------- */

static const char *lazy_ca;
static int lazy_calls, lazy_rc;

static int lazy_load(void *ctx, fc_anchors *a)
{
    (void)ctx;
    lazy_calls++;
    if (lazy_rc)
        return lazy_rc;
    return load_ca(lazy_ca) == FC_OK && a == &anchors ? FC_OK : FC_ERR_PEM;
}

static void defer(void)
{
    fc_anchors_init(&anchors, slots, 8, store, sizeof store);
    fc_anchors_defer(&anchors, lazy_load, NULL);
    lazy_calls = 0;
}

/* One call through a new client (a new process, as far as TLS knows). */
static int call_once(const char *url)
{
    fc_response r;
    int rc;
    CHECK_EQ_INT(init(url), FC_OK);
    rc = get("/accounts", &r);
    if (rc == FC_OK && r.status != 200)
        rc = FC_ERR_HTTP_STATUS;
    return rc;
}

static void test_sessions(const char *url, const char *ca)
{
    static const uint8_t name[] = "the test CA, version 1";
    fc_session s;
    int64_t made;
    int rc;

    lazy_ca = ca;
    memset(&s, 0, sizeof s);
    cfg_session = &s;
    /* No name for the anchors: they are loaded to be hashed (once), a
     * full handshake runs, its ECDHE session is kept. */
    defer();
    CHECK_EQ_INT(call_once(url), FC_OK);
    CHECK_EQ_INT(fc_client_tls_resumed(&c), 0);
    CHECK_EQ_INT(lazy_calls, 1);
    CHECK(s.p.session_id_len > 0 && fc_session_suite_ecdhe(s.p.cipher_suite), "an ECDHE session kept");
    CHECK(strncmp(fc_client_tls_suite(&c), "ECDHE_", 6) == 0, "suite %s", fc_client_tls_suite(&c));
    fc_client_close(&c);
    /* The next client (a new process, as far as TLS knows) resumes it. */
    defer();
    CHECK_EQ_INT(call_once(url), FC_OK);
    CHECK_EQ_INT(fc_client_tls_resumed(&c), 1);
    fc_client_close(&c);
    /* Named anchors: another binding, so a full handshake, and the
     * anchors load only when the chain arrives... */
    cfg_trust = name;
    defer();
    CHECK_EQ_INT(call_once(url), FC_OK);
    CHECK_EQ_INT(fc_client_tls_resumed(&c), 0);
    CHECK_EQ_INT(lazy_calls, 1);
    made = s.created;
    fc_client_close(&c);
    /* ...and a resumed handshake never loads them. */
    defer();
    CHECK_EQ_INT(call_once(url), FC_OK);
    CHECK_EQ_INT(fc_client_tls_resumed(&c), 1);
    CHECK_EQ_INT(lazy_calls, 0);
    CHECK(s.created == made, "resuming does not make the session younger");
    fc_client_close(&c);
    /* An expired session is not offered: a full handshake, a new one. */
    s.created -= FC_SESSION_LIFETIME_S;
    defer();
    CHECK_EQ_INT(call_once(url), FC_OK);
    CHECK_EQ_INT(fc_client_tls_resumed(&c), 0);
    CHECK_EQ_INT(lazy_calls, 1);
    CHECK(s.created >= made, "the full handshake made a new session");
    fc_client_close(&c);
    /* A wrong master secret: the server resumes the ID, the Finished
     * messages disagree, the session is forgotten and one full handshake
     * follows, transparently. */
    memset(s.p.master_secret, 0x5a, sizeof s.p.master_secret);
    defer();
    traced_fallback = 0;
    CHECK_EQ_INT(call_once(url), FC_OK);
    CHECK_EQ_INT(traced_fallback, 1);
    CHECK_EQ_INT(fc_client_tls_resumed(&c), 0);
    CHECK_EQ_INT(c.connects, 1);
    CHECK_EQ_INT(lazy_calls, 1);
    CHECK(s.p.session_id_len > 0 && s.p.master_secret[0] != 0x5a, "the fallback kept its own session");
    fc_client_close(&c);
    /* A loader that fails: the handshake fails with its code. */
    memset(&s, 0, sizeof s);
    defer();
    lazy_rc = FC_ERR_PEM;
    rc = call_once(url);
    CHECK(rc == FC_ERR_PEM, "a failing loader: %s", fc_strerror(rc));
    CHECK_EQ_INT(lazy_calls, 1);
    CHECK_EQ_INT(s.p.session_id_len, 0);
    fc_client_close(&c);
    lazy_rc = FC_OK;
    cfg_session = NULL;
    cfg_trust = NULL;
    CHECK_EQ_INT(load_ca(ca), FC_OK);
}

/* Every error has its own one-line message, exactly these words (users
 * and scripts see them; error.c keeps them in one string walked by code),
 * and unknown codes, the unused ones between the groups included, still
 * get a string (never NULL). */
static void test_strerror(void)
{
    static const struct {
        int code;
        const char *msg;
    } want[] = {
        {FC_OK, "success"},
        {FC_ERR_ARG, "invalid argument"},
        {FC_ERR_URL, "URL must look like https://host[:port][/path]"},
        {FC_ERR_FIELD, "request field contains CR, LF, NUL, space or a control character"},
        {FC_ERR_REQUEST_TOO_BIG, "request head does not fit the buffer"},
        {FC_ERR_ANCHORS_FULL, "CA bundle does not fit the trust anchor storage"},
        {FC_ERR_PEM, "CA bundle is not valid PEM certificates"},
        {FC_ERR_NO_ANCHORS, "no trust anchors (CA certificates) loaded"},
        {FC_ERR_ENTROPY, "no entropy available for TLS"},
        {FC_ERR_CONFIG, "library and application were built with different framec_config.h knobs"},
        {FC_ERR_DNS, "host name did not resolve"},
        {FC_ERR_CONNECT, "connection refused or host unreachable"},
        {FC_ERR_TIMEOUT, "timed out"},
        {FC_ERR_IO, "connection failed while sending or receiving"},
        {FC_ERR_CLOSED, "server closed the connection before the response was complete"},
        {FC_ERR_PROXY, "proxy refused the tunnel (CONNECT)"},
        {FC_ERR_PROXY_URL, "proxy URL must look like http://[user:pass@]host[:port]"},
        {FC_ERR_TLS_UNTRUSTED, "certificate check failed: not signed by a trusted CA"},
        {FC_ERR_TLS_NAME, "certificate check failed: name does not match the host"},
        {FC_ERR_TLS_EXPIRED, "certificate check failed: expired"},
        {FC_ERR_TLS_NOT_YET_VALID, "certificate check failed: not yet valid"},
        {FC_ERR_TLS_CERT, "certificate check failed: malformed certificate"},
        {FC_ERR_TLS_ALERT, "TLS: server sent a fatal alert"},
        {FC_ERR_TLS_CLOSED, "server closed the connection during the TLS handshake"},
        {FC_ERR_NOT_TLS, "server did not answer with TLS (plain HTTP on an HTTPS port?)"},
        {FC_ERR_TLS_FRAGMENT, "TLS: server ignored max_fragment_length (record too large for the small TLS buffer)"},
        {FC_ERR_TLS, "TLS failure"},
        {FC_ERR_HTTP_STATUS, "malformed response: bad status line"},
        {FC_ERR_HTTP_HEADER, "malformed response: bad header line"},
        {FC_ERR_HTTP_LINE_LONG, "malformed response: header line too long"},
        {FC_ERR_HTTP_HEADERS_MANY, "malformed response: too many header lines"},
        {FC_ERR_HTTP_LENGTH, "malformed response: bad or conflicting Content-Length"},
        {FC_ERR_HTTP_CHUNK, "malformed response: bad chunk header"},
        {FC_ERR_HTTP_FRAMING, "malformed response: conflicting or unsupported transfer framing"},
        {FC_ERR_HTTP_TRUNCATED, "malformed response: cut short before its end"},
        {FC_ERR_BODY_TOO_BIG, "response body larger than the buffer"},
        {FC_ERR_CALLBACK, "stopped by the caller"},
        {FC_ERR_JSON, "response is not valid JSON"},
        {FC_ERR_JSON_TOKENS, "response too large for the JSON token pool"},
        {FC_ERR_JSON_DEPTH, "response JSON nested too deeply"},
        {FC_ERR_JSON_TYPE, "JSON value has the wrong type"},
        {FC_ERR_JSON_MISSING, "JSON key or index not found"},
        {FC_ERR_JSON_TOO_BIG, "JSON value larger than its buffer"},
        {FC_ERR_HTTP_NO_CLOSE_NOTIFY, "malformed response: server closed without close_notify, so the body may be cut short"},
        {FC_ERR_TLS_EKU, "certificate check failed: not for TLS servers (extendedKeyUsage lacks serverAuth)"},
        {FC_ERR_TLS_CONSTRAINED, "certificate check failed: name outside the issuer's name constraints"},
        {FC_ERR_TLS_CONSTRAINTS, "certificate check failed: the issuer's name constraints have a form framec cannot check"},
        {FC_ERR_TLS_WEAK_KEY, "certificate check failed: key too weak (RSA below 2048 bits)"},
        {FC_ERR_TLS_SHA1, "certificate check failed: SHA-1 signature"},
        {FC_ERR_TLS_KEY_USAGE, "certificate check failed: key usage forbids this use"},
        {FC_ERR_TLS_CHAIN_ORDER, "certificate check failed: chain out of order"},
        {FC_ERR_TLS_CRITICAL, "certificate check failed: unsupported critical extension"},
        {FC_ERR_TLS_KEY_TYPE, "certificate check failed: unsupported key or curve"},
        {FC_ERR_TLS_NOT_CA, "certificate check failed: issuer is not a CA"},
        {FC_ERR_TLS_SIGNATURE, "certificate check failed: bad signature"},
        {FC_ERR_TLS_VERSION, "server requires TLS 1.3 (framec speaks TLS 1.2)"},
        {FC_ERR_TLS_NO_SHARED, "server offered no cipher suite or curve this build has"},
        {FC_ERR_TLS_PINNED, "certificate check failed: the server's public key matches no pinned key (--pinnedpubkey)"},
        {FC_ERR_PIN, "public key pin must be sha256// and the base64 of 32 bytes"},
        {FC_ERR_PINS_FULL, "more public key pins than the pin storage holds"},
        {FC_ERR_SESSION_FORMAT, "saved TLS session is damaged or not in framec's format"},
        {FC_ERR_HTTP_4XX, "server answered with an HTTP 4xx status"},
        {FC_ERR_HTTP_5XX, "server answered with an HTTP 5xx status"},
        {FC_ERR_HTTP_UNEXPECTED, "server answered with a status that is not 2xx (framec follows no redirects)"},
        {FC_ERR_TASK_FAILED, "publish task ended in failure"},
        {FC_ERR_WAIT_EXPIRED, "still not finished when the wait's limit passed"},
        {FC_ERR_CANCELLED, "cancelled by the caller"},
    };
    static const int unused[] = {1, -17, -18, -19, -67, -69, -73, -999};
    size_t i, j, n = sizeof want / sizeof want[0];
    for (i = 0; i < n; i++) {
        const char *m = fc_strerror(want[i].code);
        CHECK(m && strcmp(m, want[i].msg) == 0, "code %d: \"%s\"", want[i].code, m ? m : "(null)");
        for (j = 0; j < i; j++)
            CHECK(strcmp(m, fc_strerror(want[j].code)) != 0, "codes %d and %d share a message",
                  want[i].code, want[j].code);
    }
    for (i = 0; i < sizeof unused / sizeof unused[0]; i++)
        CHECK_EQ_STR(fc_strerror(unused[i]), "unknown error");
}

/* Every code's class, as the command's exit codes document them (README,
 * framec --help): written out here, not derived from error.c. */
static void test_classes(void)
{
    static const struct {
        int code;
        fc_err_class cls;
    } want[] = {
        {FC_OK, FC_CLASS_OK},
        {FC_ERR_ARG, FC_CLASS_USAGE}, {FC_ERR_FIELD, FC_CLASS_USAGE},
        {FC_ERR_REQUEST_TOO_BIG, FC_CLASS_USAGE},
        {FC_ERR_URL, FC_CLASS_CONFIG}, {FC_ERR_PROXY_URL, FC_CLASS_CONFIG},
        {FC_ERR_ANCHORS_FULL, FC_CLASS_CONFIG}, {FC_ERR_PEM, FC_CLASS_CONFIG},
        {FC_ERR_NO_ANCHORS, FC_CLASS_CONFIG}, {FC_ERR_CONFIG, FC_CLASS_CONFIG},
        {FC_ERR_ENTROPY, FC_CLASS_LOCAL}, {FC_ERR_CANCELLED, FC_CLASS_LOCAL},
        {FC_ERR_DNS, FC_CLASS_NET}, {FC_ERR_CONNECT, FC_CLASS_NET}, {FC_ERR_IO, FC_CLASS_NET},
        {FC_ERR_PROXY, FC_CLASS_NET}, {FC_ERR_TLS_CLOSED, FC_CLASS_NET},
        {FC_ERR_TIMEOUT, FC_CLASS_TIMEOUT}, {FC_ERR_WAIT_EXPIRED, FC_CLASS_TIMEOUT},
        {FC_ERR_CLOSED, FC_CLASS_RESPONSE},
        {FC_ERR_TLS_UNTRUSTED, FC_CLASS_TLS}, {FC_ERR_TLS_NAME, FC_CLASS_TLS},
        {FC_ERR_TLS_EXPIRED, FC_CLASS_TLS}, {FC_ERR_TLS_CERT, FC_CLASS_TLS},
        {FC_ERR_TLS_ALERT, FC_CLASS_TLS}, {FC_ERR_TLS, FC_CLASS_TLS},
        {FC_ERR_NOT_TLS, FC_CLASS_TLS}, {FC_ERR_TLS_FRAGMENT, FC_CLASS_TLS},
        {FC_ERR_TLS_NOT_YET_VALID, FC_CLASS_TLS}, {FC_ERR_TLS_EKU, FC_CLASS_TLS},
        {FC_ERR_TLS_CONSTRAINED, FC_CLASS_TLS}, {FC_ERR_TLS_CONSTRAINTS, FC_CLASS_TLS},
        {FC_ERR_TLS_WEAK_KEY, FC_CLASS_TLS}, {FC_ERR_TLS_SHA1, FC_CLASS_TLS},
        {FC_ERR_TLS_KEY_USAGE, FC_CLASS_TLS}, {FC_ERR_TLS_CHAIN_ORDER, FC_CLASS_TLS},
        {FC_ERR_TLS_CRITICAL, FC_CLASS_TLS}, {FC_ERR_TLS_KEY_TYPE, FC_CLASS_TLS},
        {FC_ERR_TLS_NOT_CA, FC_CLASS_TLS}, {FC_ERR_TLS_SIGNATURE, FC_CLASS_TLS},
        {FC_ERR_TLS_VERSION, FC_CLASS_TLS}, {FC_ERR_TLS_NO_SHARED, FC_CLASS_TLS},
        {FC_ERR_TLS_PINNED, FC_CLASS_TLS}, {FC_ERR_PIN, FC_CLASS_CONFIG},
        {FC_ERR_PINS_FULL, FC_CLASS_CONFIG}, {FC_ERR_SESSION_FORMAT, FC_CLASS_LOCAL},
        {-67, FC_CLASS_RESPONSE},
        {FC_ERR_HTTP_STATUS, FC_CLASS_RESPONSE}, {FC_ERR_HTTP_CHUNK, FC_CLASS_RESPONSE},
        {FC_ERR_HTTP_TRUNCATED, FC_CLASS_RESPONSE}, {FC_ERR_BODY_TOO_BIG, FC_CLASS_RESPONSE},
        {FC_ERR_CALLBACK, FC_CLASS_RESPONSE}, {FC_ERR_JSON, FC_CLASS_RESPONSE},
        {FC_ERR_JSON_TOO_BIG, FC_CLASS_RESPONSE},
        {FC_ERR_HTTP_NO_CLOSE_NOTIFY, FC_CLASS_RESPONSE},
        {FC_ERR_HTTP_4XX, FC_CLASS_HTTP_4XX}, {FC_ERR_HTTP_5XX, FC_CLASS_HTTP_5XX},
        {FC_ERR_HTTP_UNEXPECTED, FC_CLASS_RESPONSE}, {FC_ERR_TASK_FAILED, FC_CLASS_FAILED},
        {-999, FC_CLASS_RESPONSE},
    };
    static const struct {
        int status, err;
    } statuses[] = {{200, FC_OK}, {204, FC_OK}, {299, FC_OK}, {301, FC_ERR_HTTP_UNEXPECTED},
                    {100, FC_ERR_HTTP_UNEXPECTED}, {400, FC_ERR_HTTP_4XX},
                    {499, FC_ERR_HTTP_4XX}, {500, FC_ERR_HTTP_5XX}, {599, FC_ERR_HTTP_5XX},
                    {600, FC_ERR_HTTP_UNEXPECTED}, {0, FC_ERR_HTTP_UNEXPECTED}};
    size_t i;
    for (i = 0; i < sizeof want / sizeof want[0]; i++)
        CHECK(fc_err_classify(want[i].code) == want[i].cls, "class of %d: %d, want %d",
              want[i].code, (int)fc_err_classify(want[i].code), (int)want[i].cls);
    for (i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
        CHECK(fc_err_status(statuses[i].status) == statuses[i].err, "status %d: %d, want %d",
              statuses[i].status, fc_err_status(statuses[i].status), statuses[i].err);
}

/* A server that answers 503 (Retry-After: 1) to its first 4 requests. */
static void test_retries(const char *url)
{
    fc_response r;
    fc_request post = {"POST", "/accounts/f0145d11-f205-49bd-9df5-7bd7697f027a/publish",
                       NULL, 0, NULL, NULL, 0, 0};
    uint64_t t0;
    int rc;

    cfg_retry_after_max = 200; /* caps the server's Retry-After: 1 */
    cfg_retries = 1;
    CHECK_EQ_INT(init(url), FC_OK);
    t0 = fc_port_millis();
    rc = get("/accounts", &r);
    CHECK(rc == FC_OK && r.status == 503, "one retry, still 503: rc %d status %d", rc, r.status);
    CHECK_EQ_INT(c.attempts, 2);
    CHECK(fc_port_millis() - t0 >= 190, "Retry-After honoured up to its cap (%llu ms)",
          (unsigned long long)(fc_port_millis() - t0));
    CHECK(fc_port_millis() - t0 < 900, "Retry-After capped at 200 ms (%llu ms)",
          (unsigned long long)(fc_port_millis() - t0));
    fc_client_close(&c);

    cfg_retries = 5; /* a POST that reached the server is never repeated */
    CHECK_EQ_INT(init(url), FC_OK);
    memset(&r, 0, sizeof r);
    r.body = body;
    r.body_cap = sizeof body;
    rc = fc_client_request(&c, &post, &r);
    CHECK(rc == FC_OK && r.status == 503, "POST: rc %d status %d", rc, r.status);
    CHECK_EQ_INT(c.attempts, 1);

    cfg_retries = 3; /* one more 503, then the real answer */
    rc = get("/accounts", &r);
    CHECK(rc == FC_OK && r.status == 200, "retried to success: rc %d status %d", rc, r.status);
    CHECK_EQ_INT(c.attempts, 2);
    CHECK(r.body_len > 2 && body[0] == '[', "the body is the success's, not the 503's");
    fc_client_close(&c);
    cfg_retries = 0;
    cfg_retry_after_max = 0;
}

int main(void)
{
    test_strerror();
    test_classes();
    test_proxy_urls();
    const char *ca = getenv("FRAMEC_TEST_CA");
    const char *url = getenv("FRAMEC_TEST_URL");
    const char *url_close = getenv("FRAMEC_TEST_URL_CLOSE");

    test_urls();
    test_init_errors();
    if (ca && url && url_close) {
        CHECK_EQ_INT(load_ca(ca), FC_OK);
        test_keep_alive(url);
        if (getenv("FRAMEC_TEST_PIN"))
            test_pins(url, getenv("FRAMEC_TEST_PIN"));
        else
            CHECK(0, "FRAMEC_TEST_PIN is not set");
        if (getenv("FRAMEC_TEST_URL_SESSIONS"))
            test_sessions(getenv("FRAMEC_TEST_URL_SESSIONS"), ca);
        else
            CHECK(0, "FRAMEC_TEST_URL_SESSIONS is not set");
        test_reconnect(url_close);
        if (getenv("FRAMEC_TEST_URL_FAIL"))
            test_retries(getenv("FRAMEC_TEST_URL_FAIL"));
        else
            CHECK(0, "FRAMEC_TEST_URL_FAIL is not set");
    }
    return check_done();
}
