/* test_http.c - the HTTP/1.1 request writer and response parser.
 *
 * Expectations come from RFC 9112 (message syntax and framing), RFC 3986
 * (percent-encoding), the Frame API header names (/work/shared/frame-api.md)
 * and the contracts in http.h; none was copied from what the code printed.
 * Every parser case runs all at once, one byte at a time and in 200 seeded
 * random splits (each chunk in its own exact-size heap copy, so a sanitizer
 * catches any read past it), and each run must give the same outcome. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "http.h"

/* ---- Request writer ------------------------------------------------------ */

static const char sig_hex[] = "a00975f6ef06471301abd1a3a337adec128d5549ec82c81f4f27e767cb03812e";

static void base_request(fc_http_request *r)
{
    memset(r, 0, sizeof *r);
    r->method = "GET";
    r->host = "api.example.com:8443";
    r->base_path = "/v1";
    r->path = "/accounts/42";
    r->client_id = "0f1e2d3c.img.frame.nutanix.com";
    r->timestamp = "1700000000";
    r->signature = sig_hex;
}

#define COMMON_HEADERS                                                                             \
    "Host: api.example.com:8443\r\n"                                                               \
    "User-Agent: framec/" FC_VERSION "\r\n"                                                        \
    "Accept: application/json\r\n"                                                                 \
    "X-Frame-ClientId: 0f1e2d3c.img.frame.nutanix.com\r\n"                                         \
    "X-Frame-Timestamp: 1700000000\r\n"                                                            \
    "X-Frame-Signature: a00975f6ef06471301abd1a3a337adec128d5549ec82c81f4f27e767cb03812e\r\n"

/* Writes r and compares the whole head with want. */
static void expect_head(const char *what, const fc_http_request *r, const char *want)
{
    char buf[4096];
    long n;

    memset(buf, 0, sizeof buf);
    n = fc_http_write_request(buf, sizeof buf, r);
    CHECK(n == (long)strlen(want) && memcmp(buf, want, strlen(want)) == 0,
          "%s: got %ld bytes:\n%.*s\nwant %zu bytes:\n%s", what, n, n > 0 ? (int)n : 0, buf,
          strlen(want), want);
}

static void test_write_exact(void)
{
    static const fc_query q[] = {
        {"page", "2"},
        {"name", "a b&c=d"},
        {"flag", NULL},
        {"empty", ""},
    };
    fc_http_request r;

    base_request(&r);
    r.path = "/accounts/42/users";
    r.query = q;
    r.nquery = 4;
    expect_head("GET with query", &r,
                "GET /v1/accounts/42/users?page=2&name=a%20b%26c%3Dd&flag&empty= "
                "HTTP/1.1\r\n" COMMON_HEADERS "\r\n");

    base_request(&r);
    expect_head("GET, no query", &r, "GET /v1/accounts/42 HTTP/1.1\r\n" COMMON_HEADERS "\r\n");

    base_request(&r);
    r.method = "POST";
    r.path = "/accounts";
    r.content_type = "application/json";
    r.content_length = 27;
    expect_head("POST with body", &r,
                "POST /v1/accounts HTTP/1.1\r\n" COMMON_HEADERS "Content-Type: application/json\r\n"
                "Content-Length: 27\r\n"
                "\r\n");

    /* POST and PUT say their length even without a body type. */
    base_request(&r);
    r.method = "POST";
    expect_head("POST, no content type", &r,
                "POST /v1/accounts/42 HTTP/1.1\r\n" COMMON_HEADERS "Content-Length: 0\r\n"
                "\r\n");
    base_request(&r);
    r.method = "PUT";
    expect_head("PUT, no content type", &r,
                "PUT /v1/accounts/42 HTTP/1.1\r\n" COMMON_HEADERS "Content-Length: 0\r\n"
                "\r\n");

    /* No body headers for a bodiless DELETE; a DELETE with a body has them. */
    base_request(&r);
    r.method = "DELETE";
    expect_head("DELETE, no body", &r, "DELETE /v1/accounts/42 HTTP/1.1\r\n" COMMON_HEADERS "\r\n");
    r.content_type = "application/json";
    r.content_length = 4000000000u;
    expect_head("DELETE with body", &r,
                "DELETE /v1/accounts/42 HTTP/1.1\r\n" COMMON_HEADERS
                "Content-Type: application/json\r\n"
                "Content-Length: 4000000000\r\n"
                "\r\n");

    base_request(&r);
    r.close = 1;
    expect_head("GET close", &r,
                "GET /v1/accounts/42 HTTP/1.1\r\n" COMMON_HEADERS "Connection: close\r\n"
                "\r\n");
    r.method = "PUT";
    r.content_type = "text/plain";
    r.content_length = 0;
    expect_head("PUT close", &r,
                "PUT /v1/accounts/42 HTTP/1.1\r\n" COMMON_HEADERS "Content-Type: text/plain\r\n"
                "Content-Length: 0\r\n"
                "Connection: close\r\n"
                "\r\n");

    /* Path forms: a missing leading '/' is added, '/' is kept, the rest
     * encoded; an empty base path adds nothing. */
    base_request(&r);
    r.path = "accounts/42";
    expect_head("path without slash", &r, "GET /v1/accounts/42 HTTP/1.1\r\n" COMMON_HEADERS "\r\n");
    r.path = "/a b/c?d#e%f+g/\xc3\xa9";
    expect_head("path encoded", &r,
                "GET /v1/a%20b/c%3Fd%23e%25f%2Bg/%C3%A9 HTTP/1.1\r\n" COMMON_HEADERS "\r\n");
    r.base_path = "";
    r.path = "/accounts";
    expect_head("empty base path", &r, "GET /accounts HTTP/1.1\r\n" COMMON_HEADERS "\r\n");
    r.path = "x";
    expect_head("empty base, relative path", &r, "GET /x HTTP/1.1\r\n" COMMON_HEADERS "\r\n");
}

static void test_write_query_encoding(void)
{
    static const fc_query q[] = {
        {"a/b", "c/d"},  {"q", "x?y#z"},    {"pct", "100%"},     {"k&=", "v&="},
        {"plus", "1+1"}, {"e", "\xc3\xa9"}, {"t", "-._~AZaz09"},
    };
    fc_http_request r;

    base_request(&r);
    r.query = q;
    r.nquery = sizeof q / sizeof q[0];
    expect_head("query encoding", &r,
                "GET /v1/accounts/42?a%2Fb=c%2Fd&q=x%3Fy%23z&pct=100%25&k%26%3D=v%26%3D"
                "&plus=1%2B1&e=%C3%A9&t=-._~AZaz09 HTTP/1.1\r\n" COMMON_HEADERS "\r\n");
}

/* RFC 3986 section 2.3, written here independently of the code. */
static int rfc3986_unreserved(unsigned c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

static void test_encode(void)
{
    static const struct {
        const char *src;
        int keep_slash;
        const char *want;
    } v[] = {
        {"", 0, ""},
        {"abcXYZ019-._~", 0, "abcXYZ019-._~"},
        {"a b", 0, "a%20b"},
        {"a/b", 0, "a%2Fb"},
        {"a/b", 1, "a/b"},
        {"/a b/", 1, "/a%20b/"},
        {"?#%&=+", 1, "%3F%23%25%26%3D%2B"},
        {"\xc3\xa9", 0, "%C3%A9"},
        {"\xe6\x97\xa5\xe6\x9c\xac", 1, "%E6%97%A5%E6%9C%AC"},
        {"100% sure?", 0, "100%25%20sure%3F"},
        {"\xff\x80", 0, "%FF%80"},
        {"\"<>\\^`{|}", 0, "%22%3C%3E%5C%5E%60%7B%7C%7D"},
        {"!$'()*,;:@[]", 0, "%21%24%27%28%29%2A%2C%3B%3A%40%5B%5D"},
    };
    static const char hex[] = "0123456789ABCDEF";
    char out[64];
    size_t i;
    unsigned c;
    int bad = 0;

    for (i = 0; i < sizeof v / sizeof v[0]; i++) {
        long n;
        memset(out, 'Z', sizeof out);
        n = fc_http_encode(out, sizeof out, v[i].src, v[i].keep_slash);
        CHECK(n == (long)strlen(v[i].want) && strcmp(out, v[i].want) == 0,
              "encode(\"%s\", %d) = %ld \"%.*s\", want \"%s\"", v[i].src, v[i].keep_slash, n,
              n > 0 ? (int)n : 0, out, v[i].want);
    }

    /* Every printable and non-ASCII byte, alone, both modes. */
    for (c = 0x20; c <= 0xff; c++) {
        char src[2], want[4];
        int ks;
        if (c == 0x7f)
            continue;
        src[0] = (char)c;
        src[1] = '\0';
        for (ks = 0; ks <= 1; ks++) {
            long n;
            if (rfc3986_unreserved(c) || (ks && c == '/')) {
                want[0] = (char)c;
                want[1] = '\0';
            } else {
                want[0] = '%';
                want[1] = hex[c >> 4];
                want[2] = hex[c & 15];
                want[3] = '\0';
            }
            n = fc_http_encode(out, sizeof out, src, ks);
            if (n != (long)strlen(want) || strcmp(out, want) != 0) {
                bad++;
                printf("# encode byte 0x%02x keep_slash %d: %ld \"%s\", want \"%s\"\n", c, ks, n,
                       n >= 0 ? out : "", want);
            }
        }
    }
    CHECK_EQ_INT(bad, 0);

    /* Control bytes never come out raw (whatever the code returns). */
    for (c = 1; c < 0x20; c++) {
        char src[4] = {'a', (char)c, 'b', '\0'};
        long n = fc_http_encode(out, sizeof out, src, 1);
        CHECK(n < 0 || !memchr(out, (int)c, (size_t)n), "encode let byte 0x%02x through raw", c);
    }
    {
        long n = fc_http_encode(out, sizeof out, "a\x7f", 1);
        CHECK(n < 0 || !memchr(out, 0x7f, (size_t)n), "encode let DEL through raw");
    }
}

/* The output must fit exactly: every cap below the need is refused without
 * a byte written at or past cap; the exact need succeeds. */
static void test_encode_caps(void)
{
    static const char src[] = "/a b/\xc3\xa9?x=1&y";
    static const char want[] = "/a%20b/%C3%A9%3Fx%3D1%26y";
    size_t need = sizeof want; /* with the NUL */
    size_t cap, k;
    int bad_rc = 0, bad_canary = 0;
    char buf[sizeof want + 8];
    long n;

    for (cap = 0; cap < need; cap++) {
        memset(buf, 0xA5, sizeof buf);
        n = fc_http_encode(buf, cap, src, 1);
        if (n != FC_ERR_REQUEST_TOO_BIG) {
            bad_rc++;
            printf("# encode cap %zu: %ld\n", cap, n);
        }
        for (k = cap; k < sizeof buf; k++)
            if ((unsigned char)buf[k] != 0xA5) {
                bad_canary++;
                printf("# encode cap %zu: byte %zu written\n", cap, k);
                break;
            }
    }
    CHECK_EQ_INT(bad_rc, 0);
    CHECK_EQ_INT(bad_canary, 0);
    memset(buf, 0xA5, sizeof buf);
    n = fc_http_encode(buf, need, src, 1);
    CHECK_EQ_INT(n, (long)strlen(want));
    CHECK(memcmp(buf, want, need) == 0, "encode at exact cap: \"%s\"", buf);
    CHECK_EQ_INT((unsigned char)buf[need], 0xA5);
}

static void test_write_caps(void)
{
    static const fc_query q[] = {{"name", "a b"}, {"flag", NULL}, {"x", "\xc3\xa9"}};
    fc_http_request reqs[3];
    char ref[4096];
    size_t i;

    base_request(&reqs[0]);
    reqs[0].query = q;
    reqs[0].nquery = 3;
    base_request(&reqs[1]);
    reqs[1].method = "POST";
    reqs[1].content_type = "application/json";
    reqs[1].content_length = 1234567;
    reqs[1].close = 1;
    base_request(&reqs[2]);
    reqs[2].method = "PUT";
    reqs[2].path = "a b";
    reqs[2].close = 1;

    for (i = 0; i < 3; i++) {
        long need = fc_http_write_request(ref, sizeof ref, &reqs[i]);
        size_t cap, k;
        int bad_rc = 0, bad_canary = 0;
        char *buf;
        long n;

        CHECK(need > 0, "request %zu: %ld", i, need);
        if (need <= 0)
            continue;
        buf = malloc((size_t)need + 16);
        for (cap = 0; cap < (size_t)need; cap++) {
            memset(buf, 0xA5, (size_t)need + 16);
            n = fc_http_write_request(buf, cap, &reqs[i]);
            if (n != FC_ERR_REQUEST_TOO_BIG) {
                bad_rc++;
                printf("# request %zu cap %zu: %ld\n", i, cap, n);
            }
            for (k = cap; k < (size_t)need + 16; k++)
                if ((unsigned char)buf[k] != 0xA5) {
                    bad_canary++;
                    printf("# request %zu cap %zu: byte %zu written\n", i, cap, k);
                    break;
                }
        }
        CHECK(bad_rc == 0, "request %zu: %d caps below %ld not refused", i, bad_rc, need);
        CHECK(bad_canary == 0, "request %zu: %d caps wrote past cap", i, bad_canary);
        memset(buf, 0xA5, (size_t)need + 16);
        n = fc_http_write_request(buf, (size_t)need, &reqs[i]);
        CHECK_EQ_INT(n, need);
        CHECK(memcmp(buf, ref, (size_t)need) == 0, "request %zu differs at exact cap", i);
        CHECK_EQ_INT((unsigned char)buf[need], 0xA5);
        free(buf);
    }
}

static long write_big(const fc_http_request *r)
{
    char buf[4096];
    return fc_http_write_request(buf, sizeof buf, r);
}

static void test_write_refusals(void)
{
    /* Bytes no header field or request-line token may hold here. */
    static const char bad_field[] = {'\r', '\n', ' ', '\t', 0x7f, 0x01, 0x1f};
    /* Bytes path and query refuse rather than encode. */
    static const char bad_uri[] = {'\r', '\n', '\t', 0x01, 0x1f, 0x7f};
    fc_http_request r;
    size_t f, b;
    char val[16];

    base_request(&r);
    CHECK(write_big(&r) > 0, "the base request is valid");

    for (f = 0; f < 6; f++) {
        for (b = 0; b < sizeof bad_field; b++) {
            int pos;
            for (pos = 0; pos < 3; pos++) {
                /* bad byte at the start, the middle, the end */
                const char *fmt = pos == 0 ? "%cabc" : pos == 1 ? "ab%ccd" : "abc%c";
                snprintf(val, sizeof val, fmt, bad_field[b]);
                base_request(&r);
                switch (f) {
                case 0: r.method = val; break;
                case 1: r.host = val; break;
                case 2: r.client_id = val; break;
                case 3: r.timestamp = val; break;
                case 4: r.signature = val; break;
                default: r.content_type = val; break;
                }
                CHECK(write_big(&r) == FC_ERR_FIELD, "field %zu byte 0x%02x pos %d: %ld", f,
                      (unsigned char)bad_field[b], pos, write_big(&r));
            }
        }
    }
    base_request(&r);
    r.method = "";
    CHECK_EQ_INT(write_big(&r), FC_ERR_FIELD);

    for (b = 0; b < sizeof bad_uri; b++) {
        fc_query q[2] = {{"ok", "1"}, {"k", "v"}};
        snprintf(val, sizeof val, "a%cb", bad_uri[b]);

        base_request(&r);
        r.path = val;
        CHECK(write_big(&r) == FC_ERR_FIELD, "path byte 0x%02x: %ld", (unsigned char)bad_uri[b],
              write_big(&r));

        base_request(&r);
        q[1].key = val;
        r.query = q;
        r.nquery = 2;
        CHECK(write_big(&r) == FC_ERR_FIELD, "query key byte 0x%02x: %ld",
              (unsigned char)bad_uri[b], write_big(&r));

        q[1].key = "k";
        q[1].value = val;
        CHECK(write_big(&r) == FC_ERR_FIELD, "query value byte 0x%02x: %ld",
              (unsigned char)bad_uri[b], write_big(&r));
    }
}

/* An already encoded path is checked, not encoded again. */
static void test_write_path_encoded(void)
{
    static const char *bad[] = {"/a b", "/a%2", "/a%zz", "/a?b", "/a\r\nX: y", "/a%", "/\xc3\xa9"};
    fc_http_request r;
    size_t i;

    base_request(&r);
    r.path_encoded = 1;
    r.path = "/files/a%2Fb/c%20d~x";
    expect_head("path_encoded kept", &r,
                "GET /v1/files/a%2Fb/c%20d~x HTTP/1.1\r\n" COMMON_HEADERS "\r\n");
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        r.path = bad[i];
        CHECK(write_big(&r) == FC_ERR_FIELD, "path_encoded \"%s\": %ld", bad[i], write_big(&r));
    }
}

/* The proxy's CONNECT head (RFC 9110 9.3.6): the target always names the
 * port, IPv6 literals in brackets; Host is the server's own Host header;
 * Basic credentials only when given. */
static void test_write_connect(void)
{
    static const char ua[] = "User-Agent: framec/" FC_VERSION "\r\n";
    char buf[512], want[512];
    long n;

    n = fc_http_write_connect(buf, sizeof buf, "api.example.com", 443, "api.example.com", "");
    snprintf(want, sizeof want,
             "CONNECT api.example.com:443 HTTP/1.1\r\nHost: api.example.com\r\n%s\r\n", ua);
    CHECK(n == (long)strlen(want) && !memcmp(buf, want, (size_t)n), "plain CONNECT: %.*s",
          (int)(n > 0 ? n : 0), buf);
    n = fc_http_write_connect(buf, sizeof buf, "::1", 8443, "[::1]:8443", "dXNlcjpwYXNz");
    snprintf(want, sizeof want,
             "CONNECT [::1]:8443 HTTP/1.1\r\nHost: [::1]:8443\r\n"
             "Proxy-Authorization: Basic dXNlcjpwYXNz\r\n%s\r\n",
             ua);
    CHECK(n == (long)strlen(want) && !memcmp(buf, want, (size_t)n), "CONNECT with auth: %.*s",
          (int)(n > 0 ? n : 0), buf);
    CHECK_EQ_INT(fc_http_write_connect(buf, 40, "api.example.com", 443, "api.example.com", ""),
                 FC_ERR_REQUEST_TOO_BIG);
    CHECK_EQ_INT(fc_http_write_connect(buf, sizeof buf, "h", 1, "h", "a\r\nX: y"), FC_ERR_FIELD);
}

/* The small helpers client.c and sign.c share. */
static void test_helpers(void)
{
    static const struct {
        uint64_t v;
        const char *s;
    } dec[] = {{0, "0"},
               {7, "7"},
               {10, "10"},
               {65535, "65535"},
               {1700000000, "1700000000"},
               {UINT64_MAX, "18446744073709551615"}};
    char d[FC_HTTP_DECIMAL_MAX], buf_auth[32];
    size_t i;
    int c;

    for (i = 0; i < sizeof dec / sizeof dec[0]; i++) {
        memset(d, 'x', sizeof d);
        CHECK_EQ_INT(fc_http_decimal(dec[i].v, d), strlen(dec[i].s));
        CHECK_EQ_STR(d, dec[i].s);
    }
    for (c = -1; c < 256; c++) {
        int want = c >= '0' && c <= '9'   ? c - '0'
                   : c >= 'a' && c <= 'f' ? c - 'a' + 10
                   : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                          : -1;
        CHECK(fc_http_hexval(c) == want, "hexval(%d) = %d", c, fc_http_hexval(c));
    }
    CHECK(fc_http_field_ok("api.example.com:8443"), "field_ok: a host");
    CHECK(!fc_http_field_ok(NULL) && !fc_http_field_ok(""), "field_ok: NULL and empty refused");
    CHECK(!fc_http_field_ok("a b") && !fc_http_field_ok("a\r\nX: y") && !fc_http_field_ok("a\tb") &&
              !fc_http_field_ok("a\x7f"),
          "field_ok: space, CR LF, tab and DEL refused");
    CHECK(fc_http_field_ok("\xc3\xa9"), "field_ok: bytes above 0x7f pass (not a line break)");
    CHECK(fc_http_name_is("Content-Type", 12, "content-type"), "name_is ignores case");
    CHECK(!fc_http_name_is("Content-Typ", 11, "content-type"), "name_is: shorter");
    CHECK(!fc_http_name_is("Content-Types", 13, "content-type"), "name_is: longer");
    CHECK(!fc_http_name_is("Content_Type", 12, "content-type"), "name_is: '_' is not '-'");
    CHECK(!fc_http_name_is("Content\rType", 12, "content-type"), "name_is: CR is not '-'");

    CHECK_EQ_INT(fc_http_authority(buf_auth, sizeof buf_auth, "example.com", 443, 443), 11);
    CHECK_EQ_STR(buf_auth, "example.com");
    CHECK_EQ_INT(fc_http_authority(buf_auth, sizeof buf_auth, "example.com", 8443, 443), 16);
    CHECK_EQ_STR(buf_auth, "example.com:8443");
    CHECK_EQ_INT(fc_http_authority(buf_auth, sizeof buf_auth, "2001:db8::1", 443, 443), 13);
    CHECK_EQ_STR(buf_auth, "[2001:db8::1]");
    CHECK_EQ_INT(fc_http_authority(buf_auth, sizeof buf_auth, "::1", 443, 0), 9);
    CHECK_EQ_STR(buf_auth, "[::1]:443");
    CHECK_EQ_INT(fc_http_authority(buf_auth, 9, "::1", 443, 0), FC_ERR_REQUEST_TOO_BIG);
    CHECK_EQ_INT(fc_http_authority(buf_auth, 10, "::1", 443, 0), 9);
}

/* ---- Response parser: the harness ---------------------------------------- */

typedef struct {
    int stop_on; /* 's', 'h', 'b': that callback returns 1 */
    char status[1024];
    size_t slen;
    char headers[4096];
    size_t hlen;
    unsigned char body[8192];
    size_t blen;
    const unsigned char *chunk; /* the input the parser is reading now */
    size_t chunk_len;
    int outside; /* on_body pointed outside the current input */
    int overflow;
} sink_log;

static void log_add(char *dst, size_t cap, size_t *len, const char *s, size_t n, sink_log *l)
{
    if (cap - *len < n) {
        l->overflow = 1;
        return;
    }
    memcpy(dst + *len, s, n);
    *len += n;
}

static int on_status(void *ctx, const char *line, size_t len)
{
    sink_log *l = ctx;
    log_add(l->status, sizeof l->status, &l->slen, line, len, l);
    log_add(l->status, sizeof l->status, &l->slen, "\n", 1, l);
    return l->stop_on == 's';
}

static int on_header(void *ctx, const char *name, size_t nlen, const char *value, size_t vlen)
{
    sink_log *l = ctx;
    log_add(l->headers, sizeof l->headers, &l->hlen, name, nlen, l);
    log_add(l->headers, sizeof l->headers, &l->hlen, "|", 1, l);
    log_add(l->headers, sizeof l->headers, &l->hlen, value, vlen, l);
    log_add(l->headers, sizeof l->headers, &l->hlen, "\n", 1, l);
    return l->stop_on == 'h';
}

static int on_body(void *ctx, const unsigned char *data, size_t len)
{
    sink_log *l = ctx;
    if (data < l->chunk || len > l->chunk_len || data > l->chunk + (l->chunk_len - len))
        l->outside = 1;
    if (sizeof l->body - l->blen < len)
        l->overflow = 1;
    else
        memcpy(l->body + l->blen, data, len);
    l->blen += len;
    return l->stop_on == 'b';
}

typedef struct {
    int head;             /* HEAD request */
    size_t line_cap;      /* 0: 256 */
    unsigned max_headers; /* 0: 32 */
    int stop_on;
} pconf;

typedef struct {
    int rc;        /* 1 or a negative fc_err */
    int by_finish; /* rc came from fc_http_finish */
    int status;
    int reusable;
    size_t used; /* bytes consumed in all */
    sink_log log;
} outcome;

static uint64_t rng_state;

static uint64_t rng(void)
{
    /* xorshift64* */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ull;
}

/* mode 0: all at once; 1: a byte at a time; 2: random (from rng). */
static void run_parser(const unsigned char *in, size_t len, const pconf *c, int mode, outcome *o)
{
    fc_http_sink sink = {on_status, on_header, on_body, NULL};
    fc_http_parser p;
    size_t line_cap = c->line_cap ? c->line_cap : 256;
    char *line = malloc(line_cap);
    size_t off = 0;
    static const unsigned char dummy = 0;

    memset(o, 0, sizeof *o);
    o->log.stop_on = c->stop_on;
    sink.ctx = &o->log;
    fc_http_parser_init(&p, line, line_cap, c->max_headers ? c->max_headers : 32, c->head, &sink);
    for (;;) {
        size_t n, used = 0;
        unsigned char *copy;
        int rc;
        if (off == len) {
            o->rc = fc_http_finish(&p);
            o->by_finish = 1;
            break;
        }
        if (mode == 0) {
            n = len - off;
        } else if (mode == 1) {
            n = 1;
        } else {
            uint64_t r = rng() % 8;
            size_t left = len - off;
            if (r == 0)
                n = 0; /* an empty feed must change nothing */
            else if (r < 5)
                n = 1 + (size_t)(rng() % 4);
            else
                n = 1 + (size_t)(rng() % left);
            if (n > left)
                n = left;
        }
        copy = n ? malloc(n) : NULL;
        if (n)
            memcpy(copy, in + off, n);
        o->log.chunk = copy ? copy : &dummy;
        o->log.chunk_len = n;
        rc = fc_http_parse(&p, copy ? copy : &dummy, n, &used);
        free(copy);
        if (rc == 0 && used != n) {
            o->rc = 99; /* "need more" must consume everything */
            break;
        }
        off += used;
        if (rc != 0) {
            o->rc = rc;
            break;
        }
    }
    o->used = off;
    o->status = p.status;
    o->reusable = fc_http_reusable(&p);
    free(line);
}

/* What a case must give; NULL strings are not checked. */
typedef struct {
    int rc;
    int by_finish;
    int status;
    int reusable;
    const char *statuses; /* each status line + "\n" */
    const char *headers;  /* each "name|value\n" */
    const char *body;
    long used; /* -1: the whole input */
} expect;

static int outcome_ok(const outcome *o, const expect *e, size_t len, char *why, size_t why_cap)
{
    size_t used = e->used < 0 ? len : (size_t)e->used;
    if (o->rc != e->rc) {
        snprintf(why, why_cap, "rc %d, want %d", o->rc, e->rc);
        return 0;
    }
    if (o->log.overflow || o->log.outside) {
        snprintf(why, why_cap, "on_body outside the input, or log overflow");
        return 0;
    }
    if (e->rc < 0)
        return 1;
    if (o->by_finish != e->by_finish) {
        snprintf(why, why_cap, "completed by %s, want by %s",
                 o->by_finish ? "fc_http_finish" : "fc_http_parse",
                 e->by_finish ? "fc_http_finish" : "fc_http_parse");
        return 0;
    }
    if (o->status != e->status) {
        snprintf(why, why_cap, "status %d, want %d", o->status, e->status);
        return 0;
    }
    if (o->reusable != e->reusable) {
        snprintf(why, why_cap, "reusable %d, want %d", o->reusable, e->reusable);
        return 0;
    }
    if (o->used != used) {
        snprintf(why, why_cap, "used %zu, want %zu", o->used, used);
        return 0;
    }
    if (e->statuses &&
        (o->log.slen != strlen(e->statuses) || memcmp(o->log.status, e->statuses, o->log.slen))) {
        snprintf(why, why_cap, "status lines \"%.*s\", want \"%s\"", (int)o->log.slen,
                 o->log.status, e->statuses);
        return 0;
    }
    if (e->headers &&
        (o->log.hlen != strlen(e->headers) || memcmp(o->log.headers, e->headers, o->log.hlen))) {
        snprintf(why, why_cap, "headers \"%.*s\", want \"%s\"", (int)o->log.hlen, o->log.headers,
                 e->headers);
        return 0;
    }
    if (e->body && (o->log.blen != strlen(e->body) || memcmp(o->log.body, e->body, o->log.blen))) {
        snprintf(why, why_cap, "body \"%.*s\", want \"%s\"", (int)o->log.blen,
                 (const char *)o->log.body, e->body);
        return 0;
    }
    return 1;
}

static unsigned long splits_run;

/* Runs one response all at once, a byte at a time and in 200 random splits;
 * all must meet the expectation. */
static void parse_case_n(const char *name, const char *in, size_t len, const pconf *c,
                         const expect *e)
{
    static const pconf none;
    char why[2048];
    outcome o;
    int k, bad = 0;
    uint64_t seed = 0x9E3779B97F4A7C15ull;
    const char *n;

    if (!c)
        c = &none;
    for (n = name; *n; n++)
        seed = (seed ^ (unsigned char)*n) * 0x100000001B3ull;
    rng_state = seed | 1;

    run_parser((const unsigned char *)in, len, c, 0, &o);
    CHECK(outcome_ok(&o, e, len, why, sizeof why), "%s (all at once): %s", name, why);
    run_parser((const unsigned char *)in, len, c, 1, &o);
    CHECK(outcome_ok(&o, e, len, why, sizeof why), "%s (byte at a time): %s", name, why);
    for (k = 0; k < 200; k++) {
        run_parser((const unsigned char *)in, len, c, 2, &o);
        splits_run++;
        if (!outcome_ok(&o, e, len, why, sizeof why)) {
            if (!bad)
                printf("# %s: random split %d: %s\n", name, k, why);
            bad++;
        }
    }
    CHECK(bad == 0, "%s: %d of 200 random splits differ", name, bad);
    splits_run += 2;
}

static void parse_case(const char *name, const char *in, const pconf *c, const expect *e)
{
    parse_case_n(name, in, strlen(in), c, e);
}

static void parse_err(const char *name, const char *in, const pconf *c, int err)
{
    expect e;
    memset(&e, 0, sizeof e);
    e.rc = err;
    parse_case(name, in, c, &e);
}

/* ---- Response parser: valid responses ------------------------------------ */

static void test_parse_valid(void)
{
    {
        expect e = {1,
                    0,
                    200,
                    1,
                    "HTTP/1.1 200 OK\n",
                    "Content-Type|application/json\nContent-Length|13\n",
                    "hello, world!",
                    -1};
        parse_case("content-length",
                   "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 13\r\n"
                   "\r\nhello, world!",
                   NULL, &e);
    }
    {
        expect e = {1, 0, 201, 1, "HTTP/1.1 201 Created\n", "Content-Length|0\n", "", -1};
        parse_case("content-length 0", "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n", NULL,
                   &e);
    }
    {
        /* Upper and lower case hex, leading zeros. */
        expect e = {1,
                    0,
                    200,
                    1,
                    "HTTP/1.1 200 OK\n",
                    "Transfer-Encoding|chunked\n",
                    "hello0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP",
                    -1};
        parse_case("chunked",
                   "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                   "5\r\nhello\r\n"
                   "A\r\n0123456789\r\n"
                   "1a\r\nabcdefghijklmnopqrstuvwxyz\r\n"
                   "0010\r\nABCDEFGHIJKLMNOP\r\n"
                   "0\r\n\r\n",
                   NULL, &e);
    }
    {
        /* Transfer coding names are case-insensitive (RFC 9112 section 7). */
        expect e = {1, 0, 200, 1, NULL, "Transfer-Encoding|Chunked\n", "abc", -1};
        parse_case("chunked mixed case",
                   "HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
                   NULL, &e);
    }
    {
        expect e = {1, 0, 200, 1, NULL, "Transfer-Encoding|chunked\n", "helloworld!", -1};
        parse_case("chunk extensions",
                   "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                   "5;ext=1\r\nhello\r\n"
                   "5 ;name=\"v\"\r\nworld\r\n"
                   "1;a;b=c\r\n!\r\n"
                   "0;last\r\n\r\n",
                   NULL, &e);
    }
    {
        /* Trailers are consumed and not reported as headers. */
        expect e = {1, 0, 200, 1, NULL, "Transfer-Encoding|chunked\nX-Before|1\n", "hello", -1};
        parse_case("chunked trailers",
                   "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Before: 1\r\n\r\n"
                   "5\r\nhello\r\n0\r\nX-Trailer: yes\r\nX-Other: 2\r\n\r\n",
                   NULL, &e);
    }
    {
        /* Close-delimited: no CL, no TE; only the end of the stream ends it. */
        expect e = {1, 1, 200, 0, NULL, "Content-Type|text/plain\n", "all of this until EOF\r\n",
                    -1};
        parse_case("close-delimited",
                   "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of this until EOF\r\n",
                   NULL, &e);
    }
    {
        expect e = {1, 1, 200, 0, NULL, "", "", -1};
        parse_case("close-delimited, empty", "HTTP/1.1 200 OK\r\n\r\n", NULL, &e);
    }
    {
        expect e = {1, 0, 200, 0, "HTTP/1.0 200 OK\n", "Content-Length|2\n", "hi", -1};
        parse_case("HTTP/1.0", "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nhi", NULL, &e);
    }
    {
        expect e = {1, 1, 200, 0, NULL, "", "bye", -1};
        parse_case("HTTP/1.0 close-delimited", "HTTP/1.0 200 OK\r\n\r\nbye", NULL, &e);
    }
    {
        expect e = {1, 0, 200, 0, NULL, "Connection|close\nContent-Length|2\n", "hi", -1};
        parse_case("connection close",
                   "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nhi", NULL, &e);
    }
    {
        expect e = {1, 0, 200, 0, NULL, "connection|cLoSe\nContent-Length|2\n", "hi", -1};
        parse_case("connection close mixed case",
                   "HTTP/1.1 200 OK\r\nconnection: cLoSe\r\nContent-Length: 2\r\n\r\nhi", NULL, &e);
    }
    {
        expect e = {1,    0, 200, 0, NULL, "Connection|keep-alive, close\nContent-Length|2\n",
                    "hi", -1};
        parse_case(
            "connection close in list",
            "HTTP/1.1 200 OK\r\nConnection: keep-alive, close\r\nContent-Length: 2\r\n\r\nhi", NULL,
            &e);
    }
    {
        expect e = {1, 0, 200, 0, NULL, NULL, "hi", -1};
        parse_case("connection close in list, no space",
                   "HTTP/1.1 200 OK\r\nConnection: Upgrade,CLOSE\r\nContent-Length: 2\r\n\r\nhi",
                   NULL, &e);
    }
    {
        /* Tokens that only contain "close" are other options. */
        expect e = {1, 0, 200, 1, NULL, NULL, "hi", -1};
        parse_case("connection x-close",
                   "HTTP/1.1 200 OK\r\nConnection: x-close, closed, keep-alive\r\n"
                   "Content-Length: 2\r\n\r\nhi",
                   NULL, &e);
    }
    {
        expect e = {1, 0, 200, 1, NULL, "Content-Length|2\n", "hi", -1};
        parse_case("keep-alive default", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi", NULL,
                   &e);
    }
    {
        /* Interim responses: skipped, their headers not reported. */
        expect e = {1,
                    0,
                    200,
                    1,
                    "HTTP/1.1 100 Continue\nHTTP/1.1 102 Processing\nHTTP/1.1 200 OK\n",
                    "Content-Length|2\n",
                    "ok",
                    -1};
        parse_case("100 and 102 before 200",
                   "HTTP/1.1 100 Continue\r\nX-Interim: 1\r\n\r\n"
                   "HTTP/1.1 102 Processing\r\nContent-Length: 99\r\n\r\n"
                   "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
                   NULL, &e);
    }
    {
        /* HEAD: the Content-Length describes a body that is never sent. */
        pconf c = {1, 0, 0, 0};
        expect e = {1, 0, 200, 1, NULL, "Content-Length|10\n", "", -1};
        parse_case("HEAD", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n", &c, &e);
    }
    {
        pconf c = {1, 0, 0, 0};
        expect e = {1, 0, 200, 1, NULL, NULL, "", -1};
        parse_case("HEAD chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", &c, &e);
    }
    {
        expect e = {1, 0, 204, 1, "HTTP/1.1 204 No Content\n", "", "", -1};
        parse_case("204", "HTTP/1.1 204 No Content\r\n\r\n", NULL, &e);
    }
    {
        expect e = {1, 0, 304, 1, NULL, "ETag|\"x\"\nContent-Length|10\n", "", -1};
        parse_case("304", "HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\nContent-Length: 10\r\n\r\n",
                   NULL, &e);
    }
    {
        /* An empty reason phrase (the space is still there). */
        expect e = {1, 0, 204, 1, "HTTP/1.1 204 \n", "", "", -1};
        parse_case("empty reason", "HTTP/1.1 204 \r\n\r\n", NULL, &e);
    }
    {
        /* OWS around the value is not part of it (RFC 9110 section 5.5). */
        expect e = {
            1,    0,
            200,  1,
            NULL, "X-A|spaced value\nX-B|v\nX-Empty|\nX-Empty2|\nX-In|a  b\tc\nContent-Length|1\n",
            "z",  -1};
        parse_case("header whitespace",
                   "HTTP/1.1 200 OK\r\nX-A:   spaced value \t \r\nX-B:\tv\r\nX-Empty:\r\n"
                   "X-Empty2:  \t \r\nX-In: a  b\tc\r\nContent-Length:   1  \r\n\r\nz",
                   NULL, &e);
    }
    {
        expect e = {1, 0, 200, 1, NULL, "Content-Length|5\ncontent-length|5\n", "hello", -1};
        parse_case("duplicate identical content-length",
                   "HTTP/1.1 200 OK\r\nContent-Length: 5\r\ncontent-length: 5\r\n\r\nhello", NULL,
                   &e);
    }
    {
        /* RFC 9112 section 2.2: a bare LF may end a line. */
        expect e = {1, 0, 200, 1, "HTTP/1.1 200 OK\n", "Content-Length|2\nX-A|b\n", "hi", -1};
        parse_case("bare LF", "HTTP/1.1 200 OK\nContent-Length: 2\nX-A: b\n\nhi", NULL, &e);
    }
    {
        /* Bytes after the response are left for the caller. */
        static const char first[] = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc";
        expect e = {1, 0, 200, 1, NULL, NULL, "abc", (long)(sizeof first - 1)};
        parse_case("bytes after content-length body",
                   "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc"
                   "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
                   NULL, &e);
    }
    {
        static const char first[] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                    "3\r\nabc\r\n0\r\n\r\n";
        expect e = {1, 0, 200, 1, NULL, NULL, "abc", (long)(sizeof first - 1)};
        parse_case("bytes after chunked body",
                   "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                   "3\r\nabc\r\n0\r\n\r\nextra bytes",
                   NULL, &e);
    }
    {
        static const char first[] = "HTTP/1.1 204 No Content\r\n\r\n";
        expect e = {1, 0, 204, 1, NULL, NULL, "", (long)(sizeof first - 1)};
        parse_case("bytes after 204", "HTTP/1.1 204 No Content\r\n\r\nXYZ", NULL, &e);
    }
    {
        /* Body bytes that are NULs, CRs and LFs are body, not framing. */
        static const char in[] = "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\n\0\r\n\r\n\0";
        expect e = {1, 0, 200, 1, NULL, NULL, NULL, -1};
        outcome o;
        pconf c = {0, 0, 0, 0};
        parse_case_n("binary body", in, sizeof in - 1, NULL, &e);
        run_parser((const unsigned char *)in, sizeof in - 1, &c, 1, &o);
        CHECK(o.log.blen == 6 && memcmp(o.log.body, "\0\r\n\r\n\0", 6) == 0,
              "binary body: %zu bytes", o.log.blen);
    }
    {
        /* The largest Content-Length a uint64 holds is accepted as a number;
         * the stream then ends early. */
        static const char in[] =
            "HTTP/1.1 200 OK\r\nContent-Length: 18446744073709551615\r\n\r\nab";
        expect e = {FC_ERR_HTTP_TRUNCATED, 1, 0, 0, NULL, NULL, NULL, -1};
        parse_case("content-length UINT64_MAX", in, NULL, &e);
    }
}

/* Limits: a line exactly at the line buffer's size and exactly
 * max_headers headers are fine; one more is not. */
static void test_parse_limits(void)
{
    char in[512], pad[128];
    pconf c = {0, 64, 0, 0};
    size_t k;

    /* Interim responses are skipped, but an endless stream of them is not:
     * FC_HTTP_MAX_INTERIM are fine, one more is refused. */
    {
        pconf many = {0, 256, 100, 0};
        expect ok = {1, 0, 200, 1, NULL, NULL, "x", -1};
        in[0] = '\0';
        for (k = 0; k < FC_HTTP_MAX_INTERIM; k++)
            strcat(in, "HTTP/1.1 100 Continue\r\n\r\n");
        strcat(in, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx");
        parse_case("interim responses up to the limit", in, &many, &ok);
        in[0] = '\0';
        for (k = 0; k <= FC_HTTP_MAX_INTERIM; k++)
            strcat(in, "HTTP/1.1 100 Continue\r\n\r\n");
        strcat(in, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx");
        parse_err("one interim response too many", in, &many, FC_ERR_HTTP_HEADERS_MANY);
    }

    /* "X-Pad: " + 57 = 64 bytes, the line buffer's size. */
    memset(pad, 'a', sizeof pad);
    for (k = 0; k < 2; k++) {
        const char *eol = k ? "\n" : "\r\n";
        char name[64];
        expect ok = {1, 0, 200, 1, NULL, NULL, "x", -1};
        snprintf(in, sizeof in, "HTTP/1.1 200 OK%sX-Pad: %.*s%sContent-Length: 1%s%sx", eol, 57,
                 pad, eol, eol, eol);
        snprintf(name, sizeof name, "header line at the limit (%s)", k ? "LF" : "CRLF");
        parse_case(name, in, &c, &ok);
        snprintf(in, sizeof in, "HTTP/1.1 200 OK%sX-Pad: %.*s%sContent-Length: 1%s%sx", eol, 58,
                 pad, eol, eol, eol);
        snprintf(name, sizeof name, "header line over the limit (%s)", k ? "LF" : "CRLF");
        parse_err(name, in, &c, FC_ERR_HTTP_LINE_LONG);

        /* The status line is bounded too: "HTTP/1.1 200 " + 51 = 64. */
        snprintf(in, sizeof in, "HTTP/1.1 200 %.*s%sContent-Length: 1%s%sx", 51, pad, eol, eol,
                 eol);
        snprintf(name, sizeof name, "status line at the limit (%s)", k ? "LF" : "CRLF");
        parse_case(name, in, &c, &ok);
        snprintf(in, sizeof in, "HTTP/1.1 200 %.*s%sContent-Length: 1%s%sx", 52, pad, eol, eol,
                 eol);
        snprintf(name, sizeof name, "status line over the limit (%s)", k ? "LF" : "CRLF");
        parse_err(name, in, &c, FC_ERR_HTTP_LINE_LONG);
    }

    /* A header line with no end at all never grows past the buffer. */
    memset(in, 0, sizeof in);
    strcpy(in, "HTTP/1.1 200 OK\r\nX-Long: ");
    memset(in + strlen(in), 'b', 300);
    parse_err("endless header line", in, &c, FC_ERR_HTTP_LINE_LONG);

    {
        pconf m = {0, 0, 4, 0};
        expect ok = {1, 0, 200, 1, NULL, "A|1\nB|2\nC|3\nContent-Length|1\n", "x", -1};
        parse_case("exactly max_headers",
                   "HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\nContent-Length: 1\r\n\r\nx", &m,
                   &ok);
        parse_err("max_headers + 1",
                  "HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nContent-Length: 1\r\n\r\nx",
                  &m, FC_ERR_HTTP_HEADERS_MANY);
        /* Endless headers stop at the bound, whatever the line buffer. */
        memset(in, 0, sizeof in);
        strcpy(in, "HTTP/1.1 200 OK\r\n");
        for (k = 0; k < 40; k++)
            strcat(in, "X: y\r\n");
        parse_err("endless headers", in, &m, FC_ERR_HTTP_HEADERS_MANY);
    }
}

/* ---- Response parser: errors -------------------------------------------- */

static void test_parse_errors(void)
{
    static const struct {
        const char *name, *in;
        int err;
    } v[] = {
        /* Status lines (RFC 9112 section 4). */
        {"HTTP/2", "HTTP/2 200 OK\r\n\r\n", FC_ERR_HTTP_STATUS},
        {"two-digit code", "HTTP/1.1 20 OK\r\n\r\n", FC_ERR_HTTP_STATUS},
        {"four-digit code", "HTTP/1.1 2000 OK\r\n\r\n", FC_ERR_HTTP_STATUS},
        {"ICY", "ICY 200 OK\r\n\r\n", FC_ERR_HTTP_STATUS},
        {"garbage", "garbage\r\n\r\n", FC_ERR_HTTP_STATUS},
        {"101", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n", FC_ERR_HTTP_STATUS},
        {"lowercase http", "http/1.1 200 OK\r\n\r\n", FC_ERR_HTTP_STATUS},
        {"code 099", "HTTP/1.1 099 Low\r\n\r\n", FC_ERR_HTTP_STATUS},
        {"letters in code", "HTTP/1.1 2x0 OK\r\n\r\n", FC_ERR_HTTP_STATUS},
        /* Header lines (RFC 9112 section 5). */
        {"no colon", "HTTP/1.1 200 OK\r\nNoColon\r\n\r\n", FC_ERR_HTTP_HEADER},
        {"space before colon", "HTTP/1.1 200 OK\r\nName : v\r\n\r\n", FC_ERR_HTTP_HEADER},
        {"empty name", "HTTP/1.1 200 OK\r\n: v\r\n\r\n", FC_ERR_HTTP_HEADER},
        {"obs-fold", "HTTP/1.1 200 OK\r\nX-A: a\r\n folded\r\n\r\n", FC_ERR_HTTP_HEADER},
        {"obs-fold tab", "HTTP/1.1 200 OK\r\nX-A: a\r\n\tfolded\r\n\r\n", FC_ERR_HTTP_HEADER},
        {"bare CR in header", "HTTP/1.1 200 OK\r\nX-A: a\rb\r\nContent-Length: 0\r\n\r\n",
         FC_ERR_HTTP_HEADER},
        {"bare CR splitting a header",
         "HTTP/1.1 200 OK\r\nX-A: a\rContent-Length: 0\r\nContent-Length: 0\r\n\r\n",
         FC_ERR_HTTP_HEADER},
        {"CR CR LF", "HTTP/1.1 200 OK\r\nX-A: a\r\r\n\r\n", FC_ERR_HTTP_HEADER},
        /* Content-Length (RFC 9110 section 8.6, RFC 9112 section 6.3). */
        {"CL negative", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", FC_ERR_HTTP_LENGTH},
        {"CL non-numeric", "HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n", FC_ERR_HTTP_LENGTH},
        {"CL empty", "HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n", FC_ERR_HTTP_LENGTH},
        {"CL blank", "HTTP/1.1 200 OK\r\nContent-Length:   \r\n\r\n", FC_ERR_HTTP_LENGTH},
        {"CL 1 2", "HTTP/1.1 200 OK\r\nContent-Length: 1 2\r\n\r\n", FC_ERR_HTTP_LENGTH},
        {"CL +5", "HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\n", FC_ERR_HTTP_LENGTH},
        {"CL 0x5", "HTTP/1.1 200 OK\r\nContent-Length: 0x5\r\n\r\n", FC_ERR_HTTP_LENGTH},
        {"CL 5.0", "HTTP/1.1 200 OK\r\nContent-Length: 5.0\r\n\r\n", FC_ERR_HTTP_LENGTH},
        {"CL UINT64_MAX + 1", "HTTP/1.1 200 OK\r\nContent-Length: 18446744073709551616\r\n\r\n",
         FC_ERR_HTTP_LENGTH},
        {"CL 20 nines", "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n",
         FC_ERR_HTTP_LENGTH},
        {"CL 30 digits",
         "HTTP/1.1 200 OK\r\nContent-Length: 123456789012345678901234567890\r\n\r\n",
         FC_ERR_HTTP_LENGTH},
        {"CL two values", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
         FC_ERR_HTTP_LENGTH},
        {"CL 0 then 5", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nContent-Length: 5\r\n\r\n",
         FC_ERR_HTTP_LENGTH},
        /* Transfer-Encoding (RFC 9112 section 6.1). */
        {"TE gzip", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", FC_ERR_HTTP_FRAMING},
        {"TE gzip, chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
         FC_ERR_HTTP_FRAMING},
        {"TE chunked twice",
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
         FC_ERR_HTTP_FRAMING},
        {"TE chunked, chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n",
         FC_ERR_HTTP_FRAMING},
        {"CL then TE",
         "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
         "5\r\nhello\r\n0\r\n\r\n",
         FC_ERR_HTTP_FRAMING},
        {"TE then CL",
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n"
         "5\r\nhello\r\n0\r\n\r\n",
         FC_ERR_HTTP_FRAMING},
        /* Chunk size lines (RFC 9112 section 7.1). */
        {"chunk size overflow",
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n",
         FC_ERR_HTTP_CHUNK},
        {"chunk size 2^64",
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000000\r\n",
         FC_ERR_HTTP_CHUNK},
        {"empty chunk size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\nhello\r\n",
         FC_ERR_HTTP_CHUNK},
        {"chunk size zz", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
         FC_ERR_HTTP_CHUNK},
        {"chunk size 5 x", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5 x\r\nhello\r\n",
         FC_ERR_HTTP_CHUNK},
        {"chunk size -5", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n",
         FC_ERR_HTTP_CHUNK},
        {"chunk size 0x5", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n",
         FC_ERR_HTTP_CHUNK},
        {"chunk size bare LF",
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n",
         FC_ERR_HTTP_CHUNK},
        {"chunk size bare CR",
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\rhello\r\n0\r\n\r\n",
         FC_ERR_HTTP_CHUNK},
        {"chunk data then X", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloX",
         FC_ERR_HTTP_CHUNK},
        {"chunk data then LF",
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\n0\r\n\r\n",
         FC_ERR_HTTP_CHUNK},
        {"chunk data then CR X",
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\rX0\r\n\r\n",
         FC_ERR_HTTP_CHUNK},
        {"chunk too long for its size",
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n",
         FC_ERR_HTTP_CHUNK},
        {"trailer without colon",
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nbad trailer\r\n\r\n",
         FC_ERR_HTTP_HEADER},
    };
    size_t i;

    for (i = 0; i < sizeof v / sizeof v[0]; i++)
        parse_err(v[i].name, v[i].in, NULL, v[i].err);

    /* NUL bytes need an explicit length. */
    {
        static const char nul_hdr[] = "HTTP/1.1 200 OK\r\nX-A: a\0b\r\nContent-Length: 0\r\n\r\n";
        static const char nul_name[] = "HTTP/1.1 200 OK\r\nX\0A: b\r\nContent-Length: 0\r\n\r\n";
        static const char nul_status[] = "HTTP/1.1 200 O\0K\r\nContent-Length: 0\r\n\r\n";
        expect e;
        memset(&e, 0, sizeof e);
        e.rc = FC_ERR_HTTP_HEADER;
        parse_case_n("NUL in header value", nul_hdr, sizeof nul_hdr - 1, NULL, &e);
        parse_case_n("NUL in header name", nul_name, sizeof nul_name - 1, NULL, &e);
        /* A NUL in the status line must fail too (which code is not
         * specified: either header or status). */
        {
            outcome o;
            pconf c = {0, 0, 0, 0};
            run_parser((const unsigned char *)nul_status, sizeof nul_status - 1, &c, 0, &o);
            CHECK(o.rc == FC_ERR_HTTP_HEADER || o.rc == FC_ERR_HTTP_STATUS,
                  "NUL in status line: %d", o.rc);
        }
    }
}

/* ---- Response parser: chunk extensions (RFC 9112 7.1.1) ----------------- */

/* chunk = chunk-size [ chunk-ext ] CRLF, chunk-ext = *( BWS ";" BWS name
 * [ BWS "=" BWS value ] ), name = token, value = token / quoted-string
 * (RFC 9110 5.6.2 and 5.6.4). Each line below is the size line of a
 * 0x25-byte chunk, followed by its data and the last chunk. */
#define DATA25 "0123456789abcdefghijklmnopqrstuvwxyzA" /* 0x25 = 37 bytes */

static void chunk_line_case(const char *name, const char *size_line, int err)
{
    char in[512];
    snprintf(in, sizeof in,
             "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n%s\r\n" DATA25 "\r\n0\r\n\r\n",
             size_line);
    if (err) {
        parse_err(name, in, NULL, err);
    } else {
        expect e = {1, 0, 200, 1, NULL, "Transfer-Encoding|chunked\n", DATA25, -1};
        parse_case(name, in, NULL, &e);
    }
}

static void test_parse_chunk_ext(void)
{
    static const struct {
        const char *name, *line;
        int err;
    } v[] = {
        {"ext: none", "25", 0},
        {"ext: BWS before ';'", "25 ;ext", 0},
        {"ext: name=token", "25;ext=val", 0},
        {"ext: two, one quoted with a quoted-pair", "25;a=b;c=\"q\\\"x\"", 0},
        {"ext: BWS everywhere", "25 ; a = b", 0},
        {"ext: HTAB as BWS", "25\t;\ta\t=\tb", 0},
        {"ext: names only", "25;a;b;c", 0},
        {"ext: BWS before the next ';'", "25;a ;b=c ;d", 0},
        {"ext: empty quoted-string", "25;a=\"\"", 0},
        {"ext: ';' '=' and SP inside quotes", "25;a=\"x;y=z w\"", 0},
        {"ext: HTAB and obs-text in qdtext", "25;a=\"x\ty\xc3\xa9\"", 0},
        {"ext: quoted-pair of HTAB, SP, '\\', obs-text", "25;a=\"\\\t\\ \\\\\\\xff\"", 0},
        {"ext: all tchar", "25;!#$%&'*+-.^_`|~09AZaz=!#$%&'*+-.^_`|~09AZaz", 0},

        {"ext: trailing SP", "25  ", FC_ERR_HTTP_CHUNK},
        {"ext: trailing HTAB", "25\t", FC_ERR_HTTP_CHUNK},
        {"ext: empty name", "25;", FC_ERR_HTTP_CHUNK},
        {"ext: empty name, BWS", "25 ; ", FC_ERR_HTTP_CHUNK},
        {"ext: empty name between", "25;a;;b", FC_ERR_HTTP_CHUNK},
        {"ext: no name before '='", "25;=b", FC_ERR_HTTP_CHUNK},
        {"ext: empty value", "25;a=", FC_ERR_HTTP_CHUNK},
        {"ext: empty value, BWS", "25;a = ", FC_ERR_HTTP_CHUNK},
        {"ext: empty value before ';'", "25;a=;b", FC_ERR_HTTP_CHUNK},
        {"ext: space in name", "25;a b", FC_ERR_HTTP_CHUNK},
        {"ext: space in value", "25;a=b c", FC_ERR_HTTP_CHUNK},
        {"ext: trailing SP after name", "25;a ", FC_ERR_HTTP_CHUNK},
        {"ext: trailing SP after value", "25;a=b ", FC_ERR_HTTP_CHUNK},
        {"ext: trailing HTAB after quoted value", "25;a=\"b\"\t", FC_ERR_HTTP_CHUNK},
        {"ext: second '='", "25;a=b=c", FC_ERR_HTTP_CHUNK},
        {"ext: separator in name", "25;a/b", FC_ERR_HTTP_CHUNK},
        {"ext: separator in token value", "25;a=b@c", FC_ERR_HTTP_CHUNK},
        {"ext: quoted name", "25;\"a\"=b", FC_ERR_HTTP_CHUNK},
        {"ext: unterminated quoted-string", "25;a=\"x", FC_ERR_HTTP_CHUNK},
        {"ext: quote closed by a quoted-pair only", "25;a=\"x\\\"", FC_ERR_HTTP_CHUNK},
        {"ext: '\\' last", "25;a=\"x\\", FC_ERR_HTTP_CHUNK},
        {"ext: text after the quoted-string", "25;a=\"x\"y", FC_ERR_HTTP_CHUNK},
        {"ext: obs-text in a token", "25;a=\xc3\xa9", FC_ERR_HTTP_CHUNK},
        {"ext: 0x01 in name", "25;a\x01", FC_ERR_HTTP_CHUNK},
        {"ext: 0x01 before ';'", "25\x01;a", FC_ERR_HTTP_CHUNK},
        {"ext: 0x1f in value", "25;a=b\x1f", FC_ERR_HTTP_CHUNK},
        {"ext: DEL in value", "25;a=b\x7f", FC_ERR_HTTP_CHUNK},
        {"ext: 0x01 in qdtext", "25;a=\"x\x01y\"", FC_ERR_HTTP_CHUNK},
        {"ext: DEL in qdtext", "25;a=\"x\177y\"", FC_ERR_HTTP_CHUNK},
        {"ext: 0x1f in a quoted-pair", "25;a=\"x\\\x1f\"", FC_ERR_HTTP_CHUNK},
        {"ext: DEL in a quoted-pair", "25;a=\"x\\\x7f\"", FC_ERR_HTTP_CHUNK},
    };
    size_t i;

    for (i = 0; i < sizeof v / sizeof v[0]; i++)
        chunk_line_case(v[i].name, v[i].line, v[i].err);

    /* The last chunk takes the same extensions (last-chunk = 1*"0"
     * [ chunk-ext ] CRLF), and the same rules. */
    {
        expect e = {1, 0, 200, 1, NULL, NULL, "ab", -1};
        parse_case("last chunk: BWS and a quoted value",
                   "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                   "2\r\nab\r\n00 ; a = \"b c\" ;d\r\n\r\n",
                   NULL, &e);
    }
    parse_err("last chunk: trailing SP",
              "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0 \r\n\r\n", NULL,
              FC_ERR_HTTP_CHUNK);
    parse_err("last chunk: empty value",
              "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0;a=\r\n\r\n", NULL,
              FC_ERR_HTTP_CHUNK);
    /* A NUL is a control byte too (it needs an explicit length). */
    {
        static const char in[] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                 "2;a=\"x\0\"\r\nab\r\n0\r\n\r\n";
        expect e;
        memset(&e, 0, sizeof e);
        e.rc = FC_ERR_HTTP_CHUNK;
        parse_case_n("ext: NUL in qdtext", in, sizeof in - 1, NULL, &e);
    }
}

/* ---- Response parser: field values (RFC 9110 5.5) ------------------------ */

/* field-value = *field-content: VCHAR, SP, HTAB and obs-text (0x80-0xff);
 * every other control byte and DEL make the message invalid. */
static int rfc9110_field_byte(unsigned c)
{
    return c == '\t' || c == ' ' || (c >= 0x21 && c <= 0x7e) || c >= 0x80;
}

static void test_parse_field_values(void)
{
    static const struct {
        const char *name, *in;
        int err;
        const char *headers;
    } v[] = {
        {"value: HTAB inside", "HTTP/1.1 200 OK\r\nX-A: a\tb\r\nContent-Length: 0\r\n\r\n", 0,
         "X-A|a\tb\nContent-Length|0\n"},
        {"value: obs-text",
         "HTTP/1.1 200 OK\r\nX-A: caf\xc3\xa9 \x80\xff\r\nContent-Length: 0\r\n\r\n", 0,
         "X-A|caf\xc3\xa9 \x80\xff\nContent-Length|0\n"},
        {"value: every VCHAR",
         "HTTP/1.1 200 OK\r\nX-A: !\"#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~\r\n"
         "Content-Length: 0\r\n\r\n",
         0, "X-A|!\"#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~\nContent-Length|0\n"},
        {"value: 0x01", "HTTP/1.1 200 OK\r\nX-A: a\001b\r\nContent-Length: 0\r\n\r\n",
         FC_ERR_HTTP_HEADER, NULL},
        {"value: 0x1f", "HTTP/1.1 200 OK\r\nX-A: a\037b\r\nContent-Length: 0\r\n\r\n",
         FC_ERR_HTTP_HEADER, NULL},
        {"value: DEL", "HTTP/1.1 200 OK\r\nX-A: a\177b\r\nContent-Length: 0\r\n\r\n",
         FC_ERR_HTTP_HEADER, NULL},
        {"value: ESC first", "HTTP/1.1 200 OK\r\nX-A: \x1b[31m\r\nContent-Length: 0\r\n\r\n",
         FC_ERR_HTTP_HEADER, NULL},
        {"value: VT after OWS", "HTTP/1.1 200 OK\r\nX-A: a \v\r\nContent-Length: 0\r\n\r\n",
         FC_ERR_HTTP_HEADER, NULL},
        {"value: FF alone", "HTTP/1.1 200 OK\r\nX-A:\f\r\nContent-Length: 0\r\n\r\n",
         FC_ERR_HTTP_HEADER, NULL},
        /* The field line is invalid before its value means anything. */
        {"value: 0x01 in Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 0\x01\r\n\r\n",
         FC_ERR_HTTP_HEADER, NULL},
        {"value: 0x01 in Transfer-Encoding",
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\x01\r\n\r\n0\r\n\r\n", FC_ERR_HTTP_HEADER,
         NULL},
        /* Trailer fields are field lines too (RFC 9112 7.1.2): the same
         * rules, though they are never reported. */
        {"trailer: HTAB, obs-text, empty value",
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: a\tb\xc3\xa9\r\n"
         "X-E:\r\nX-S:  v  \r\n\r\n",
         0, "Transfer-Encoding|chunked\n"},
        {"trailer: 0x01",
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: a\001b\r\n\r\n",
         FC_ERR_HTTP_HEADER, NULL},
        {"trailer: DEL",
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: a\177\r\n\r\n",
         FC_ERR_HTTP_HEADER, NULL},
        {"trailer: 0x1f after a good one",
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-A: 1\r\nX-T: \037\r\n\r\n",
         FC_ERR_HTTP_HEADER, NULL},
        {"trailer: empty name",
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n: v\r\n\r\n",
         FC_ERR_HTTP_HEADER, NULL},
        {"trailer: space in name",
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX T: v\r\n\r\n",
         FC_ERR_HTTP_HEADER, NULL},
        {"trailer: space before colon",
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T : v\r\n\r\n",
         FC_ERR_HTTP_HEADER, NULL},
        {"trailer: obs-fold",
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: v\r\n\tw\r\n\r\n",
         FC_ERR_HTTP_HEADER, NULL},
        /* An interim response is a message too, though its fields are
         * skipped. */
        {"value: 0x01 in a 100's field",
         "HTTP/1.1 100 Continue\r\nX-A: a\001b\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
         FC_ERR_HTTP_HEADER, NULL},
    };
    /* The byte goes at the start, the middle and the end of a header
     * value, then of a trailer value. */
    static const char *const fmt[6] = {
        "HTTP/1.1 200 OK\r\nX-A: %cb\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX-A: a%cb\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX-A: a%c\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-A: %cb\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-A: a%cb\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-A: a%c\r\n\r\n"};
    static const char *const where[3] = {"the start", "the middle", "the end"};
    size_t i;
    unsigned c;
    int pos;

    for (i = 0; i < sizeof v / sizeof v[0]; i++) {
        if (v[i].err) {
            parse_err(v[i].name, v[i].in, NULL, v[i].err);
        } else {
            expect e = {1, 0, 200, 1, NULL, v[i].headers, "", -1};
            parse_case(v[i].name, v[i].in, NULL, &e);
        }
    }

    /* Every byte in each place (CR and LF are line structure, tested with
     * the header errors). */
    for (c = 0; c < 256; c++) {
        if (c == '\r' || c == '\n')
            continue;
        for (pos = 0; pos < 6; pos++) {
            char in[128], name[64], want[64], one[2] = {(char)c, '\0'};
            int len = snprintf(in, sizeof in, fmt[pos], (int)c);
            expect e;
            memset(&e, 0, sizeof e);
            snprintf(name, sizeof name, "%s byte 0x%02x at %s", pos < 3 ? "value" : "trailer", c,
                     where[pos % 3]);
            if (rfc9110_field_byte(c)) {
                /* OWS at either end is not part of the value; trailers
                 * are not reported. */
                int ows = c == ' ' || c == '\t';
                if (pos < 3)
                    snprintf(want, sizeof want, "X-A|%s%s%s\nContent-Length|0\n",
                             pos == 0 ? "" : "a", ows && pos != 1 ? "" : one, pos == 2 ? "" : "b");
                else
                    snprintf(want, sizeof want, "Transfer-Encoding|chunked\n");
                e.rc = 1;
                e.status = 200;
                e.reusable = 1;
                e.headers = want;
                e.body = "";
                e.used = -1;
            } else {
                e.rc = FC_ERR_HTTP_HEADER;
            }
            parse_case_n(name, in, (size_t)len, NULL, &e);
        }
    }
}

static void test_parse_truncated(void)
{
    static const struct {
        const char *name, *in;
    } v[] = {
        {"half a status line", "HTTP/1.1 20"},
        {"status line without its LF", "HTTP/1.1 200 OK\r"},
        {"headers mid-way", "HTTP/1.1 200 OK\r\nContent-Le"},
        {"headers without the empty line", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n"},
        {"half the empty line", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r"},
        {"content-length body", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello"},
        {"content-length body, nothing", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n"},
        {"in a chunk size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1"},
        {"in a chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel"},
        {"after chunk data", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello"},
        {"after chunk data CR",
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r"},
        {"before the final chunk",
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"},
        {"after the final chunk size",
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n"},
        {"in trailers",
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-T: 1\r\n"},
        {"in a trailer line",
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-T"},
        {"after an interim response", "HTTP/1.1 100 Continue\r\n\r\n"},
        {"after an interim response, half a status", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 2"},
    };
    size_t i;

    for (i = 0; i < sizeof v / sizeof v[0]; i++) {
        expect e;
        memset(&e, 0, sizeof e);
        e.rc = FC_ERR_HTTP_TRUNCATED;
        parse_case(v[i].name, v[i].in, NULL, &e);
    }
    {
        expect e;
        memset(&e, 0, sizeof e);
        e.rc = FC_ERR_CLOSED;
        parse_case("nothing received", "", NULL, &e);
    }
    /* After a truncated body the status is known. */
    {
        outcome o;
        pconf c = {0, 0, 0, 0};
        static const char in[] = "HTTP/1.1 503 Busy\r\nContent-Length: 10\r\n\r\nhel";
        run_parser((const unsigned char *)in, sizeof in - 1, &c, 0, &o);
        CHECK_EQ_INT(o.rc, FC_ERR_HTTP_TRUNCATED);
        CHECK_EQ_INT(o.status, 503);
        CHECK_EQ_INT(o.reusable, 0);
        CHECK(o.log.blen == 3 && memcmp(o.log.body, "hel", 3) == 0, "partial body %zu", o.log.blen);
    }
}

static void test_parse_callbacks(void)
{
    static const char in[] = "HTTP/1.1 100 Continue\r\n\r\n"
                             "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
    pconf c = {0, 0, 0, 's'};
    expect e;

    memset(&e, 0, sizeof e);
    e.rc = FC_ERR_CALLBACK;
    parse_case("on_status stops", in, &c, &e);
    c.stop_on = 'h';
    parse_case("on_header stops", in, &c, &e);
    c.stop_on = 'b';
    parse_case("on_body stops", in, &c, &e);
    parse_case("on_body stops (chunked)",
               "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", &c,
               &e);
    parse_case("on_body stops (close-delimited)", "HTTP/1.1 200 OK\r\n\r\nhello", &c, &e);

    /* The status line reaches on_status whole; the status field is set. */
    {
        outcome o;
        pconf plain = {0, 0, 0, 0};
        static const char r[] = "HTTP/1.1 404 Not Found Here\r\nContent-Length: 0\r\n\r\n";
        run_parser((const unsigned char *)r, sizeof r - 1, &plain, 1, &o);
        CHECK_EQ_INT(o.rc, 1);
        CHECK_EQ_INT(o.status, 404);
        CHECK(o.log.slen == strlen("HTTP/1.1 404 Not Found Here\n") &&
                  memcmp(o.log.status, "HTTP/1.1 404 Not Found Here\n", o.log.slen) == 0,
              "status line \"%.*s\"", (int)o.log.slen, o.log.status);
    }

    /* A parser with no sink at all still frames. */
    {
        fc_http_parser p;
        char line[128];
        size_t used;
        static const char r[] = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcdef";
        fc_http_parser_init(&p, line, sizeof line, 8, 0, NULL);
        CHECK_EQ_INT(fc_http_parse(&p, (const unsigned char *)r, sizeof r - 1, &used), 1);
        CHECK_EQ_INT(used, sizeof r - 4);
        CHECK_EQ_INT(p.status, 200);
        CHECK_EQ_INT(fc_http_reusable(&p), 1);
    }
}

/* ---- HTTP-date (RFC 9110 5.6.7) ---------------------------------------- */

static void test_http_date(void)
{
    /* Expected values from RFC 9110's own example (784111777) and from
     * Python's email.utils + calendar.timegm. */
    static const struct {
        const char *s;
        int64_t t;
    } ok[] = {
        {"Sun, 06 Nov 1994 08:49:37 GMT", 784111777},  /* IMF-fixdate */
        {"Sunday, 06-Nov-94 08:49:37 GMT", 784111777}, /* RFC 850 */
        {"Sun Nov  6 08:49:37 1994", 784111777},       /* asctime */
        {"Thu, 01 Jan 1970 00:00:00 GMT", 0},
        {"Thu, 29 Feb 2024 12:00:00 GMT", 1709208000},
        {"Fri, 31 Dec 1999 23:59:59 GMT", 946684799},
        {"Tue, 19 Jan 2038 03:14:08 GMT", 2147483648},
        {"Tue, 29 Feb 2000 00:00:00 GMT", 951782400}, /* leap: divisible by 400 */
        {"Tue, 30 Apr 2024 23:59:59 GMT", 1714521599},
    };
    static const char *const bad[] = {
        "",
        "garbage",
        "Sun, 06 Nov 1994",
        "Sun, 06 Foo 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 25:49:37 GMT",
        "Sun, 32 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1969 08:49:37 GMT",
        "Sun, 06 Nov 19945 08:49:37 GMT",
        "Sat, 31 Feb 2024 08:49:37 GMT", /* no rolling over into March */
        "Wed, 29 Feb 2023 08:49:37 GMT", /* not a leap year */
        "Mon, 29 Feb 2100 08:49:37 GMT", /* divisible by 100, not by 400 */
        "Wed, 31 Apr 2024 08:49:37 GMT",
        "Sun, 00 Nov 1994 08:49:37 GMT",
        "120",
    };
    size_t i;
    for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int64_t t = -1;
        int rc = fc_http_date(ok[i].s, strlen(ok[i].s), &t);
        CHECK(rc == FC_OK && t == ok[i].t, "date '%s': rc %d, %lld, want %lld", ok[i].s, rc,
              (long long)t, (long long)ok[i].t);
    }
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t t = 12345;
        CHECK(fc_http_date(bad[i], strlen(bad[i]), &t) == FC_ERR_HTTP_HEADER && t == 12345,
              "date '%s' accepted", bad[i]);
    }
}

/* The one percent-decoder (proxy credentials, batch query strings). */
static void test_unescape(void)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"", ""},
        {"plain", "plain"},
        {"a%20b", "a b"},
        {"%41%62%7a%7A", "Abzz"},           /* either case of hex */
        {"p%40ss%3Aword", "p@ss:word"},
        {"100%", "100%"},                   /* '%' at the end */
        {"%4", "%4"},                       /* one digit, then the end */
        {"%zz%4g%%41", "%zz%4g%A"},         /* not hex: kept as is */
        {"%2541", "%41"},                   /* decoded once, never twice */
        {"%c3%a9", "\xc3\xa9"},
    };
    char out[32], buf[32];
    size_t i;
    long n;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len = strlen(cases[i].in);
        memset(out, 'x', sizeof out);
        n = fc_http_unescape(out, sizeof out, cases[i].in, len);
        CHECK(n == (long)strlen(cases[i].want) && memcmp(out, cases[i].want, (size_t)n) == 0 &&
                  out[n] == 'x',
              "unescape '%s': %ld bytes, no NUL written", cases[i].in, n);
        memcpy(buf, cases[i].in, len + 1); /* in place */
        n = fc_http_unescape(buf, len, buf, len);
        CHECK(n == (long)strlen(cases[i].want) && memcmp(buf, cases[i].want, (size_t)n) == 0,
              "unescape '%s' in place", cases[i].in);
    }
    n = fc_http_unescape(out, 3, "%00%01%7f", 9);
    CHECK(n == 3 && out[0] == 0 && out[1] == 1 && out[2] == 0x7f, "unescape: %%00 is a byte like any");
    n = fc_http_unescape(out, sizeof out, "%41", 2); /* the length ends it, not a NUL */
    CHECK(n == 2 && memcmp(out, "%4", 2) == 0, "unescape: an escape cut by the length stays");
    CHECK_EQ_INT(fc_http_unescape(out, 2, "abc", 3), FC_ERR_ARG);
    CHECK_EQ_INT(fc_http_unescape(out, 2, "a%20b", 5), FC_ERR_ARG);
    CHECK_EQ_INT(fc_http_unescape(out, 3, "a%20b", 5), 3);
    CHECK_EQ_INT(fc_http_unescape(out, 0, "", 0), 0);
}

int main(void)
{
    test_http_date();
    test_write_exact();
    test_write_query_encoding();
    test_encode();
    test_encode_caps();
    test_write_caps();
    test_write_refusals();
    test_write_path_encoded();
    test_write_connect();
    test_helpers();
    test_unescape();
    test_parse_valid();
    test_parse_limits();
    test_parse_errors();
    test_parse_chunk_ext();
    test_parse_field_values();
    test_parse_truncated();
    test_parse_callbacks();
    printf("# %lu parser runs (all at once, byte at a time, random splits)\n", splits_run);
    return check_done();
}
