/* fuzz_args.c - libFuzzer target for what the command line and the URL
 * become: fc_client_init's URL, proxy and client id parsing, fc_api_path,
 * fc_http_encode, and the framec CLI's own parse_args and check_args.
 *
 *   make fuzz (tests/fuzz.mk), or by hand:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
 *       -Isrc -Iport tests/fuzz_args.c src/[a-z]*.c port/posix.c \
 *       -lbearssl -o fuzz_args
 *   ./fuzz_args -dict=tests/corpus/args.dict build/fuzz/corpus-args tests/corpus/args
 *
 * Input: words separated by NUL bytes ("accounts\0list\0--name\0x").
 *
 * (a) Each word is a base URL for fc_client_init (and the next word, in
 * turn, a proxy URL and a client id). The result must be FC_OK, FC_ERR_URL,
 * FC_ERR_ARG, FC_ERR_FIELD or FC_ERR_PROXY_URL, and agree with a reference
 * parser written here; on FC_OK host, port, base_path and host_header must
 * be exactly what the reference says (NUL-terminated, host_header the host,
 * bracketed when it holds a ':', and the port unless 443; a host holding a
 * space or control byte is FC_ERR_URL, since it reaches the proxy's
 * CONNECT request verbatim), and a proxy's Basic credentials must decode
 * to its %-decoded user:password. Every endpoint's fc_api_path, with the
 * words as arguments, must equal the template filled by a reference
 * encoder or be refused for the right reason; fc_http_encode must
 * round-trip each word, and a smaller buffer only ever adds
 * FC_ERR_REQUEST_TOO_BIG.
 *
 * (b) The words are argv for the CLI: src/cli/args.c (with help.c and
 * output.c, which it calls) is compiled in here with exit() turned into a
 * longjmp, and only parse_args and
 * check_args run (they never touch files or the network), on the zeroed
 * options static, as main() starts. An exit must be 0 (--help,
 * --version) or 2 (usage); a command line they accept must be consistent
 * (one command kind, word count matching it, limits kept, options only
 * where they apply) and its request, written as fc_api_call or a generic
 * request would write it, must be refused (FC_ERR_FIELD, FC_ERR_ARG,
 * FC_ERR_REQUEST_TOO_BIG) or be a well-formed head. The CLI writes its
 * output and messages through fc_port_write_all (src/cli/fmt.c compiled
 * in too), which here discards them, so libFuzzer's own reports still
 * reach the terminal. The only function statics of those files live in
 * functions these two never reach. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "framec.h"
#include "json.h"

#define MAX_IN 65536
#define MAX_WORDS 64
#define CHECK(c)                                                                                   \
    do {                                                                                           \
        if (!(c))                                                                                  \
            __builtin_trap();                                                                      \
    } while (0)

static jmp_buf fuzz_jmp;
static int fuzz_code;

static void fuzz_exit(int code) __attribute__((noreturn));
static void fuzz_exit(int code)
{
    fuzz_code = code;
    longjmp(fuzz_jmp, 1);
}

#define exit fuzz_exit
#include "../src/cli/args.c"
#include "../src/cli/fmt.c"
#include "../src/cli/help.c"
#include "../src/cli/output.c"
#undef exit

/* port_cli.h's write, discarding: --help and the messages go nowhere. */
int fc_port_write_all(int fd, const void *p, size_t n)
{
    (void)fd;
    (void)p;
    (void)n;
    return 0;
}

/* What args.c, help.c and output.c read of the other CLI files
 * (main.c, batch.c): the same definitions, never touched here. */
options opt;
fc_client client;
fc_anchors anchors;
char str_buf[ELEM_BUF];
jmp_buf *batch_jump;
unsigned long batch_line;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

/* ---- References ------------------------------------------------------------ */

static int unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

static int hexv(unsigned char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

static int has_ctl(const char *s) /* what fc_http_encode refuses */
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return 1;
    return 0;
}

/* Appends the percent-encoding of s; returns the new length. */
static size_t ref_encode(char *out, size_t len, const char *s, int keep_slash)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (unreserved(c) || (keep_slash && c == '/')) {
            out[len++] = (char)c;
        } else {
            out[len++] = '%';
            out[len++] = "0123456789ABCDEF"[c >> 4];
            out[len++] = "0123456789ABCDEF"[c & 15];
        }
    }
    out[len] = '\0';
    return len;
}

typedef struct {
    char host[FC_HOST_MAX + MAX_IN];
    char host_header[FC_HOST_MAX + 16];
    char base_path[MAX_IN];
    unsigned port;
} url_parts;

/* https://host[:port][/base-path], as framec.h describes it: a host in
 * brackets may hold ':', no host holds a space or control byte, a port is
 * 1-65535 (leading zeros allowed), the base path keeps its leading '/'
 * and loses trailing ones, and holds no '?' or '#'. Returns 0 or
 * FC_ERR_URL. */
static int ref_url(const char *url, url_parts *u)
{
    const char *a, *rest, *end;
    size_t hlen, i;
    if (strncmp(url, "https://", 8) != 0)
        return FC_ERR_URL;
    a = url + 8;
    if (*a == '[') {
        const char *close = strchr(a + 1, ']');
        if (!close)
            return FC_ERR_URL;
        hlen = (size_t)(close - a - 1);
        memcpy(u->host, a + 1, hlen);
        rest = close + 1;
    } else {
        hlen = strcspn(a, ":/");
        memcpy(u->host, a, hlen);
        rest = a + hlen;
    }
    u->host[hlen] = '\0';
    if (hlen == 0 || hlen >= FC_HOST_MAX)
        return FC_ERR_URL;
    /* No space or control byte: the host goes verbatim into the proxy's
     * CONNECT request line and Host header (client.c proxy_tunnel). */
    for (i = 0; i < hlen; i++)
        if ((unsigned char)u->host[i] <= 0x20 || u->host[i] == 0x7f)
            return FC_ERR_URL;
    u->port = 443;
    if (*rest == ':') {
        size_t digits = strspn(rest + 1, "0123456789"), z;
        if (digits == 0)
            return FC_ERR_URL;
        for (z = 0; z < digits && rest[1 + z] == '0'; z++) {
        }
        if (digits - z > 5)
            return FC_ERR_URL;
        u->port = 0;
        for (i = z; i < digits; i++)
            u->port = u->port * 10 + (unsigned)(rest[1 + i] - '0');
        if (u->port == 0 || u->port > 65535)
            return FC_ERR_URL;
        rest += 1 + digits;
    }
    if (*rest && *rest != '/')
        return FC_ERR_URL;
    end = rest + strlen(rest);
    while (end > rest && end[-1] == '/')
        end--;
    if (memchr(rest, '?', (size_t)(end - rest)) || memchr(rest, '#', (size_t)(end - rest)) ||
        (size_t)(end - rest) >= FC_BASE_PATH_MAX)
        return FC_ERR_URL;
    memcpy(u->base_path, rest, (size_t)(end - rest));
    u->base_path[end - rest] = '\0';
    if (strchr(u->host, ':'))
        snprintf(u->host_header, sizeof u->host_header, "[%s]", u->host);
    else
        snprintf(u->host_header, sizeof u->host_header, "%s", u->host);
    if (u->port != 443)
        snprintf(u->host_header + strlen(u->host_header), 8, ":%u", u->port);
    return 0;
}

/* Decodes standard base64 (with padding) into out; returns the length or -1. */
static long unbase64(const char *s, unsigned char *out)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t n = strlen(s), i, o = 0;
    if (n % 4)
        return -1;
    for (i = 0; i < n; i += 4) {
        unsigned v = 0, k, pad = 0;
        for (k = 0; k < 4; k++) {
            const char *p = s[i + k] ? strchr(b64, s[i + k]) : NULL;
            if (s[i + k] == '=' && i + 4 == n && k >= 2) {
                pad++;
                v <<= 6;
                continue;
            }
            if (!p || pad)
                return -1;
            v = v << 6 | (unsigned)(p - b64);
        }
        out[o++] = (unsigned char)(v >> 16);
        if (pad < 2)
            out[o++] = (unsigned char)(v >> 8);
        if (pad < 1)
            out[o++] = (unsigned char)v;
    }
    return (long)o;
}

/* ---- (a) URL, proxy, client id, paths, encoding ------------------------------ */

static fc_client client_a;
static unsigned char tls_scratch[512];
static url_parts want;

static int nul_within(const char *s, size_t cap)
{
    return memchr(s, '\0', cap) != NULL;
}

static void check_url(const char *url, const char *proxy, const char *client_id)
{
    fc_config cfg;
    int rc, ref = ref_url(url, &want);
    const char *p;

    memset(&cfg, 0, sizeof cfg);
    cfg.url = url;
    cfg.client_id = client_id;
    cfg.secret = "secret";
    cfg.secret_len = 6;
    cfg.tls_buf = tls_scratch;
    cfg.tls_buf_len = sizeof tls_scratch;
    cfg.proxy = proxy;
    rc = fc_client_init(&client_a, &cfg);
    CHECK(rc == FC_OK || rc == FC_ERR_URL || rc == FC_ERR_ARG || rc == FC_ERR_FIELD ||
          rc == FC_ERR_PROXY_URL);
    CHECK((rc == FC_ERR_URL) == (ref == FC_ERR_URL));
    if (rc == FC_ERR_URL)
        return;
    CHECK(nul_within(client_a.host, sizeof client_a.host) &&
          nul_within(client_a.host_header, sizeof client_a.host_header) &&
          nul_within(client_a.base_path, sizeof client_a.base_path));
    CHECK(!strcmp(client_a.host, want.host) && client_a.port == want.port &&
          !strcmp(client_a.base_path, want.base_path) &&
          !strcmp(client_a.host_header, want.host_header));
    if (rc == FC_ERR_PROXY_URL)
        return;
    if (rc == FC_OK || rc == FC_ERR_ARG || rc == FC_ERR_FIELD) {
        /* The client id: non-empty, no space or control, shorter than the field. */
        int bad = 0;
        for (p = client_id; *p; p++)
            bad |= (unsigned char)*p <= 0x20 || *p == 0x7f;
        CHECK(rc != FC_OK || (!bad && *client_id && strlen(client_id) < FC_CLIENT_ID_MAX &&
                              !strcmp(client_a.client_id, client_id)));
        CHECK(rc != FC_ERR_FIELD || bad);
        CHECK(rc != FC_ERR_ARG || !*client_id || strlen(client_id) >= FC_CLIENT_ID_MAX);
    }
    if (rc != FC_OK)
        return;
    if (proxy && *proxy) {
        static unsigned char raw[FC_PROXY_AUTH_MAX];
        static char user[MAX_IN];
        const char *h = proxy + 7, *at = strchr(h, '@'), *slash = strchr(h, '/');
        size_t i, n = 0;
        long len;
        CHECK(!strncmp(proxy, "http://", 7) && client_a.proxy_host[0] &&
              nul_within(client_a.proxy_host, sizeof client_a.proxy_host) &&
              client_a.proxy_port != 0 &&
              nul_within(client_a.proxy_auth, sizeof client_a.proxy_auth));
        if (!at || (slash && slash < at)) {
            CHECK(client_a.proxy_auth[0] == '\0');
            return;
        }
        for (i = 0; h + i < at; i++) {
            if (h[i] == '%' && h + i + 2 < at && hexv((unsigned char)h[i + 1]) >= 0 &&
                hexv((unsigned char)h[i + 2]) >= 0) {
                user[n++] =
                    (char)(hexv((unsigned char)h[i + 1]) * 16 + hexv((unsigned char)h[i + 2]));
                i += 2;
            } else {
                user[n++] = h[i];
            }
        }
        len = unbase64(client_a.proxy_auth, raw);
        CHECK(len >= 0 && (size_t)len == n && memcmp(raw, user, n) == 0);
        for (i = 0; i < n; i++)
            CHECK((unsigned char)user[i] >= 0x20 && user[i] != 0x7f);
    } else {
        CHECK(client_a.proxy_host[0] == '\0' && client_a.proxy_auth[0] == '\0');
    }
}

static char enc_big[3 * MAX_IN + 1];

static void check_encode(const char *src, int keep_slash, size_t cap)
{
    char *small = malloc(cap ? cap : 1);
    long n = fc_http_encode(enc_big, sizeof enc_big, src, keep_slash), m;
    CHECK(small != NULL);
    if (has_ctl(src)) {
        CHECK(n == FC_ERR_FIELD);
    } else {
        static char want_enc[3 * MAX_IN + 1];
        size_t w = ref_encode(want_enc, 0, src, keep_slash);
        CHECK(n >= 0 && (size_t)n == w && memcmp(enc_big, want_enc, w + 1) == 0);
    }
    m = fc_http_encode(small, cap, src, keep_slash);
    if (n >= 0 && (size_t)n < cap)
        CHECK(m == n && memcmp(small, enc_big, (size_t)n + 1) == 0);
    else
        CHECK(m == FC_ERR_REQUEST_TOO_BIG || (n == FC_ERR_FIELD && m == n));
    free(small);
}

/* Every endpoint, its {params} filled with words from `first` on. */
static void check_paths(char **w, size_t nw, size_t first)
{
    static char out[4 * MAX_IN], ref[4 * MAX_IN];
    char small[FC_WORK_MAX / 2];
    size_t e;
    for (e = 0; e < fc_api_count; e++) {
        const fc_endpoint *ep = &fc_api[e];
        size_t np = fc_api_path_params(ep), i, len = 0, k = 0;
        const char *const *args = (const char *const *)(w + first);
        const char *t;
        int expect = 0;
        long n, m;
        if (first + np > nw)
            continue;
        for (i = 0; i < np && !expect; i++)
            expect = !*args[i] ? FC_ERR_ARG : has_ctl(args[i]) ? FC_ERR_FIELD : 0;
        CHECK(fc_api_path(ep, args, np + 1, out, sizeof out) == FC_ERR_ARG);
        n = fc_api_path(ep, args, np, out, sizeof out);
        if (expect) {
            CHECK(n == expect);
        } else {
            for (t = ep->path; *t;) {
                if (*t == '{') {
                    len = ref_encode(ref, len, args[k++], 0);
                    t = strchr(t, '}') + 1;
                } else {
                    ref[len++] = *t++;
                }
            }
            ref[len] = '\0';
            CHECK(n >= 0 && (size_t)n == len && !strcmp(out, ref));
        }
        m = fc_api_path(ep, args, np, small, sizeof small);
        if (n >= 0 && (size_t)n < sizeof small)
            CHECK(m == n && !strcmp(small, out));
        else
            CHECK(m == FC_ERR_REQUEST_TOO_BIG || (n < 0 && m == n));
    }
}

/* ---- (b) the CLI ---------------------------------------------------------------- */

/* Line structure of a request head: CR LF line ends only, one blank line
 * at the very end, two spaces in the request line, one in each header. */
static void check_head(const char *h, size_t n)
{
    size_t i, line = 0, spaces = 0;
    CHECK(n >= 4 && memcmp(h + n - 4, "\r\n\r\n", 4) == 0);
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)h[i];
        CHECK(c != 0 && c != 0x7f && (c >= 0x20 || c == '\r' || c == '\n'));
        CHECK(c != '\r' || (i + 1 < n && h[i + 1] == '\n'));
        CHECK(c != '\n' || (i > 0 && h[i - 1] == '\r'));
        CHECK(i + 4 >= n || memcmp(h + i, "\r\n\r\n", 4) != 0);
        spaces += c == ' ';
        if (c == '\n') {
            CHECK(line == 0 ? spaces == 2 : i + 1 == n || spaces == 1);
            line++;
            spaces = 0;
        }
    }
}

static int is_param_of(const fc_endpoint *e, const char *key)
{
    const char *p = e->params;
    size_t n, klen = strlen(key);
    for (; *p; p += n) {
        p += strspn(p, " ");
        n = strcspn(p, " ");
        if (n && !strncmp(*p == '@' ? p + 1 : p, key, klen) && (size_t)(*p == '@') + klen <= n &&
            strchr(":#!= ", p[(*p == '@') + klen]))
            return 1;
    }
    return 0;
}

static void check_options(const options *o)
{
    size_t i;
    CHECK(!o->help && o->nword >= 1 && o->nword <= sizeof o->word / sizeof o->word[0]);
    CHECK((o->ep != NULL) + o->generic + o->sign + o->session_wait + o->batch == 1);
    if (o->ep) {
        CHECK(o->ep >= fc_api && o->ep < fc_api + fc_api_count);
        CHECK(o->ep == fc_api_find(o->word[0], o->word[1]));
        CHECK(o->nword == 2 + fc_api_path_params(o->ep));
    } else if (o->generic) {
        CHECK(o->nword == 2 && !strchr(o->word[1], '?'));
        CHECK(!strcmp(o->word[0], "get") || !strcmp(o->word[0], "delete") ||
              !strcmp(o->word[0], "post") || !strcmp(o->word[0], "put"));
    } else {
        CHECK(o->nword == (o->sign || o->batch ? 1u : 4u));
    }
    CHECK(!(o->status || o->fail_fast) || o->batch);
    CHECK(!o->batch || o->nfield == 0);
    CHECK(o->nquery <= MAX_QUERY && o->nfield <= MAX_FIELDS && o->nkeys <= 32 && o->nbody <= 8 &&
          o->nbody <= o->nkeys);
    for (i = 0; i < o->nquery; i++) {
        CHECK(o->query[i].key && o->query[i].key[0] && o->query[i].value);
        /* --query KEY=VALUE is taken by named endpoints too. */
        CHECK(o->generic || o->ep);
    }
    for (i = 0; i < o->nbody; i++)
        CHECK(o->body[i].value && o->ep && is_param_of(o->ep, o->body[i].key));
    for (i = 0; i < o->nkeys; i++)
        CHECK(nul_within(o->keys[i], sizeof o->keys[i]));
    for (i = 0; i < o->nfield; i++)
        CHECK(o->field[i] && o->field[i][0]);
    CHECK(o->retries >= -1 && o->retries <= 99);
    CHECK(o->timeout_ms <= 86400000u && o->connect_timeout_ms <= 86400000u &&
          o->max_time_ms <= 86400000u && o->interval_ms <= 86400000u &&
          o->max_wait_ms <= 86400000u);
    CHECK(!o->timestamp || o->sign);
    CHECK(!o->data || (o->generic && (!strcmp(o->word[0], "post") || !strcmp(o->word[0], "put"))));
    CHECK(!o->all || (o->ep->flags & FC_API_PAGED));
    CHECK(!o->wait || !strcmp(o->ep->verb, "publish"));
    CHECK(!(o->interval_ms || o->max_wait_ms) || o->wait || o->session_wait);
}

/* The request head perform() would send, written without a connection. */
static void check_request(const options *o)
{
    static char head[FC_WORK_MAX];
    char path[FC_WORK_MAX / 2], method[8];
    fc_http_request h;
    long n;
    size_t i;

    if (o->sign || o->session_wait || o->batch)
        return;
    memset(&h, 0, sizeof h);
    h.host = "api.example.com";
    h.base_path = "/v1";
    h.client_id = "id.example";
    h.timestamp = "1700000000";
    h.signature = "0123abcd";
    h.query = o->query;
    h.nquery = o->nquery;
    if (o->ep) {
        n = fc_api_path(o->ep, o->word + 2, o->nword - 2, path, sizeof path);
        CHECK(n >= 0 || n == FC_ERR_ARG || n == FC_ERR_FIELD || n == FC_ERR_REQUEST_TOO_BIG);
        if (n < 0)
            return;
        h.method = o->ep->method;
        h.path = path;
        h.path_encoded = 1;
        if (o->ep->kind == 's' || !strcmp(o->ep->method, "POST"))
            h.content_type = "application/json";
    } else {
        for (i = 0; o->word[0][i] && i < sizeof method - 1; i++)
            method[i] = (char)(o->word[0][i] >= 'a' && o->word[0][i] <= 'z' ? o->word[0][i] - 32
                                                                            : o->word[0][i]);
        method[i] = '\0';
        h.method = method;
        h.path = o->word[1];
        if (o->data)
            h.content_type = "application/json";
    }
    n = fc_http_write_request(head, sizeof head, &h);
    CHECK(n > 0 || n == FC_ERR_FIELD || n == FC_ERR_REQUEST_TOO_BIG);
    if (n > 0)
        check_head(head, (size_t)n);
}

static char argbuf[MAX_IN + 1];
static char *args[MAX_WORDS + 2];
static char progname[] = "framec";

static void fuzz_cli(int argc)
{
    /* main() starts from the zeroed static and sets only retries before
     * parse_args; the only other static they read is batch_jump, which
     * only run_batch sets (fail() must exit, not jump into a batch). */
    memset(&opt, 0, sizeof opt);
    opt.retries = -1;
    batch_jump = NULL;
    fuzz_code = -1;
    if (setjmp(fuzz_jmp) == 0) {
        parse_args(argc, args, &opt);
        check_args(&opt);
        check_options(&opt);
        check_request(&opt);
    } else {
        CHECK(fuzz_code == EX_OK || fuzz_code == EX_USAGE);
    }
}

/* ---- Entry -------------------------------------------------------------------- */

static char words[MAX_IN + 1];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const size_t caps[4] = {0, 1, 16, 256};
    char *w[MAX_WORDS];
    size_t nw = 0, i;
    int argc = 1;

    if (size > MAX_IN)
        return 0;
    memcpy(words, data, size);
    words[size] = '\0';
    for (i = 0; i <= size && nw < MAX_WORDS; i++) {
        w[nw++] = words + i;
        i += strlen(words + i);
    }

    for (i = 0; i < nw && i < 8; i++) {
        const char *next = i + 1 < nw ? w[i + 1] : "";
        check_url(w[i], NULL, "id.example");
        check_url(w[i], next, "id.example");
        check_url(w[i], NULL, next);
        check_encode(w[i], (int)(i & 1), caps[(i >> 1) & 3]);
    }
    check_paths(w, nw, nw > 2 ? 2 : 0);

    /* argv from a fresh copy: parse_args writes into --query values. */
    memcpy(argbuf, words, size + 1);
    args[0] = progname;
    for (i = 0; i < nw; i++)
        args[argc++] = argbuf + (w[i] - words);
    args[argc] = NULL;
    fuzz_cli(argc);
    return 0;
}
