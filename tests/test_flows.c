/* test_flows.c - the library's workflows (flows.h) and the request
 * parameters behind them (api.h): paging, waiting, tokens, bodies.
 *
 * The parameter checks run anywhere; the rest runs when
 * tests/integration.sh points it at the local Frame API:
 *   FRAMEC_TEST_CA   CA bundle of the local API
 *   FRAMEC_TEST_URL  the API (fixtures of tests/frame_api.py) */
#include <stdlib.h>

#include "check.h"
#include "flows.h"

#define SECRET "0123456789abcdef0123456789abcdef01234567"
#define CLIENT_ID "test-client.img.frame.nutanix.com"
#define PRODUCTION "f0145d11-f205-49bd-9df5-7bd7697f027a"
#define BROKEN "5499d3cb-cf74-471f-8204-66af66fe31b4" /* its publishes fail */
#define KIOSK "3584a552-5bf1-4991-a650-437873165175"
#define PROVIDER "secure-anon-7d1015db-6564-4e7f-a3f9-5fb16f6756c2"
#define ORG_HQ "ab4f06b1-412c-4aed-809a-06166ee8704b"

static unsigned char iobuf[BR_SSL_BUFSIZE_MONO];
static br_x509_trust_anchor slots[8];
static unsigned char store[8192];
static fc_anchors anchors;
static fc_client c;
static char buf[65536], elem[8192], token[4096];
static jsmntok_t tok[512];

static const fc_endpoint *ep(const char *entity, const char *verb)
{
    const fc_endpoint *e = fc_api_find(entity, verb);
    CHECK(e != NULL, "no endpoint %s %s", entity, verb);
    return e;
}

static void test_param(void)
{
    size_t n = 0;
    const char *w = fc_api_param(ep("organizations", "list"), "show_deleted", &n);
    CHECK(w && n == 13 && !strncmp(w, "show_deleted!", n), "show_deleted: %.*s", (int)n, w);
    w = fc_api_param(ep("accounts", "sat-token"), "metadata", &n);
    CHECK(w && n == 10 && !strncmp(w, "@metadata=", n), "metadata: %.*s", (int)n, w);
    w = fc_api_param(ep("organizations", "list"), "order", &n);
    CHECK(w && n == 14 && !strncmp(w, "order:asc|desc", n), "order: %.*s", (int)n, w);
    CHECK(fc_api_param(ep("organizations", "list"), "nam", &n) == NULL, "a prefix matched");
    CHECK(fc_api_param(ep("organizations", "list"), "names", &n) == NULL, "a longer name matched");
    CHECK(fc_api_param(ep("accounts", "get"), "name", &n) == NULL, "get has no params");
    CHECK(fc_api_param(ep("accounts", "sat-token"), "@email", &n) == NULL, "@ is no name");
}

static void test_param_check(void)
{
    static const struct {
        const char *word, *value;
        int want;
    } cases[] = {
        {"limit#", "0", FC_OK}, {"limit#", "123456789", FC_OK},
        {"limit#", "1234567890", FC_ERR_ARG}, {"limit#", "", FC_ERR_ARG},
        {"limit#", "-1", FC_ERR_ARG}, {"limit#", "1a", FC_ERR_ARG}, {"limit#", " 1", FC_ERR_ARG},
        {"order:asc|desc", "asc", FC_OK}, {"order:asc|desc", "desc", FC_OK},
        {"order:asc|desc", "as", FC_ERR_ARG}, {"order:asc|desc", "ascx", FC_ERR_ARG},
        {"order:asc|desc", "", FC_ERR_ARG}, {"order:asc|desc", "asc|desc", FC_ERR_ARG},
        {"show_deleted!", "true", FC_OK}, {"show_deleted!", "false", FC_OK},
        {"show_deleted!", "yes", FC_ERR_ARG},
        {"@metadata=", "{\"a\":[1,{}]}", FC_OK}, {"@metadata=", " \t{}", FC_OK},
        {"@metadata=", "[1]", FC_ERR_JSON_TYPE}, {"@metadata=", "\"x\"", FC_ERR_JSON_TYPE},
        {"@metadata=", "{", FC_ERR_JSON}, {"@metadata=", "{} {}", FC_ERR_JSON},
        {"@metadata=", "", FC_ERR_JSON},
        {"@email", "any \"thing\"", FC_OK}, {"name", "", FC_OK},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int rc = fc_api_param_check(cases[i].word, strlen(cases[i].word), cases[i].value);
        CHECK(rc == cases[i].want, "%s = '%s': %d, want %d", cases[i].word, cases[i].value, rc,
              cases[i].want);
    }
    /* The word ends where its length says, not at the NUL. */
    CHECK_EQ_INT(fc_api_param_check("order:asc|desc next", 14, "desc"), FC_OK);
    CHECK_EQ_INT(fc_api_param_check("order:asc|desc next", 14, "next"), FC_ERR_ARG);
    CHECK_EQ_INT(fc_api_param_check("limit#", 6, NULL), FC_ERR_ARG);
}

static void test_body(void)
{
    const fc_endpoint *e = ep("accounts", "sat-token");
    static const char want[] =
        "{\"first_name\":\"A \\\"q\\\" \\\\ \\u000a\",\"metadata\":{\"k\": [1]},\"email\":\"x@y\"}";
    fc_query p[4] = {{"first_name", "A \"q\" \\ \n"}, {"metadata", "{\"k\": [1]}"},
                     {"not_a_body_field", "skipped"}, {"email", "x@y"}};
    char out[256];
    size_t bad = 99, cap;
    long n = fc_api_body(e, p, 4, out, sizeof out, &bad);
    CHECK(n == (long)strlen(want) && !strcmp(out, want), "body %ld: %s", n, n > 0 ? out : "");
    /* Every buffer too small by even one byte is refused, never cut. */
    for (cap = 0; cap <= strlen(want); cap++)
        CHECK(fc_api_body(e, p, 4, out, cap, NULL) == FC_ERR_REQUEST_TOO_BIG, "cap %zu", cap);
    CHECK_EQ_INT(fc_api_body(e, p, 4, out, strlen(want) + 1, NULL), (long)strlen(want));
    CHECK_EQ_INT(fc_api_body(e, p, 0, out, sizeof out, NULL), 2);
    CHECK_EQ_STR(out, "{}");
    p[3].value = NULL;
    CHECK_EQ_INT(fc_api_body(e, p, 4, out, sizeof out, &bad), FC_ERR_ARG);
    CHECK_EQ_INT(bad, 3);
    p[1].value = "[]";
    CHECK_EQ_INT(fc_api_body(e, p, 4, out, sizeof out, &bad), FC_ERR_JSON_TYPE);
    CHECK_EQ_INT(bad, 1);
}

static int count_element(void *ctx, const char *e, size_t len)
{
    (void)e;
    (void)len;
    ++*(size_t *)ctx;
    return 0;
}

static void test_init_errors(void)
{
    fc_pager p;
    fc_wait w;
    size_t n = 0;
    fc_query q[FC_PARAMS_MAX + 1];
    const fc_endpoint *orgs = ep("organizations", "list");
    size_t i;
    for (i = 0; i <= FC_PARAMS_MAX; i++)
        q[i].key = "name", q[i].value = "x";
    CHECK_EQ_INT(fc_pager_init(&p, &c, ep("accounts", "list"), NULL, 0, NULL, 0, 10, elem,
                               sizeof elem, count_element, &n),
                 FC_ERR_ARG); /* not a paged list */
    CHECK_EQ_INT(fc_pager_init(&p, &c, orgs, NULL, 0, q, FC_PARAMS_MAX + 1, 10, elem, sizeof elem,
                               count_element, &n),
                 FC_ERR_ARG);
    CHECK_EQ_INT(fc_pager_init(&p, &c, orgs, NULL, 0, q, FC_PARAMS_MAX, 10, elem, sizeof elem,
                               count_element, &n),
                 FC_OK);
    q[0].key = "limit", q[0].value = "0";
    CHECK_EQ_INT(fc_pager_init(&p, &c, orgs, NULL, 0, q, 1, 10, elem, sizeof elem, count_element, &n),
                 FC_ERR_ARG);
    q[0].key = "offset", q[0].value = "x";
    CHECK_EQ_INT(fc_pager_init(&p, &c, orgs, NULL, 0, q, 1, 10, elem, sizeof elem, count_element, &n),
                 FC_ERR_ARG);
    /* Numbers: 1 to 9 digits on every machine, nothing clamped (2^32 once
     * went out as 4294967295 on 32-bit). */
    {
        static const char *const bad[] = {"4294967296", "1000000000", "-1", "+1", " 1", "1 ", "",
                                          "0x10", "18446744073709551617"};
        size_t b;
        for (b = 0; b < sizeof bad / sizeof bad[0]; b++) {
            q[0].key = "offset", q[0].value = bad[b];
            CHECK(fc_pager_init(&p, &c, orgs, NULL, 0, q, 1, 10, elem, sizeof elem, count_element,
                                &n) == FC_ERR_ARG, "offset '%s' refused", bad[b]);
            q[0].key = "limit";
            CHECK(fc_pager_init(&p, &c, orgs, NULL, 0, q, 1, 10, elem, sizeof elem, count_element,
                                &n) == FC_ERR_ARG, "limit '%s' refused", bad[b]);
        }
        q[0].key = "offset", q[0].value = "999999999";
        CHECK_EQ_INT(fc_pager_init(&p, &c, orgs, NULL, 0, q, 1, 10, elem, sizeof elem,
                                   count_element, &n), FC_OK);
        CHECK(p.offset == 999999999u && !strcmp(p.limit_s, "10"), "offset %llu limit %s",
              (unsigned long long)p.offset, p.limit_s);
        CHECK_EQ_INT(fc_pager_init(&p, &c, orgs, NULL, 0, NULL, 0, 1000000000ul, elem, sizeof elem,
                                   count_element, &n), FC_ERR_ARG);
        CHECK_EQ_INT(fc_pager_init(&p, &c, orgs, NULL, 0, NULL, 0, 999999999ul, elem, sizeof elem,
                                   count_element, &n), FC_OK);
    }
    CHECK_EQ_INT(fc_pager_init(&p, &c, orgs, NULL, 0, NULL, 0, 10, elem, sizeof elem, NULL, &n),
                 FC_ERR_ARG);
    CHECK_EQ_INT(fc_wait_publish(&w, &c, "", buf, sizeof buf, tok, 512, 0, 0), FC_ERR_ARG);
    CHECK_EQ_INT(fc_wait_publish(&w, &c, "a", buf, sizeof buf, NULL, 0, 0, 0), FC_ERR_ARG);
    CHECK_EQ_INT(fc_wait_session(&w, &c, "a", "", buf, sizeof buf, tok, 512, 0, 0), FC_ERR_ARG);
    memset(elem, 'x', FC_WAIT_ID_MAX);
    elem[FC_WAIT_ID_MAX] = '\0';
    CHECK_EQ_INT(fc_wait_session(&w, &c, "a", elem, buf, sizeof buf, tok, 512, 0, 0), FC_ERR_ARG);
    elem[FC_WAIT_ID_MAX - 1] = '\0';
    CHECK_EQ_INT(fc_wait_session(&w, &c, "a", elem, buf, sizeof buf, tok, 512, 0, 0), FC_OK);
    CHECK_EQ_INT(fc_api_token(&c, ep("accounts", "get"), NULL, 0, NULL, 0, buf, sizeof buf, token,
                              sizeof token, NULL),
                 FC_ERR_ARG); /* not a token endpoint */
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
    return fc_client_init(&c, &cfg);
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

/* Every element's "id", in order, as one string. */
typedef struct {
    char ids[4096];
    size_t n, stop_after;
    const fc_pager *pg;
} ids_ctx;

static int collect(void *ctx, const char *e, size_t len)
{
    ids_ctx *x = ctx;
    fc_json j;
    int t;
    char id[64];
    if (x->pg) {
        t = fc_json_find(fc_pager_doc(x->pg), 0, "id");
        CHECK(fc_json_string(fc_pager_doc(x->pg), t, id, sizeof id) > 0, "parsed element has an id");
    } else {
        CHECK_EQ_INT(fc_json_parse(&j, tok, 512, e, len), FC_OK);
        t = fc_json_find(&j, 0, "id");
        CHECK(fc_json_string(&j, t, id, sizeof id) > 0, "element has an id");
    }
    strcat(x->ids, id);
    strcat(x->ids, " ");
    return ++x->n == x->stop_after;
}

static void test_pager(void)
{
    const fc_endpoint *orgs = ep("organizations", "list");
    fc_query show = {"show_deleted", "true"};
    ids_ctx all, x;
    fc_pager p;
    unsigned long limit;
    int rc, pages;

    /* The reference: one unpaged request (the server sends everything). */
    memset(&all, 0, sizeof all);
    CHECK_EQ_INT(fc_pager_init(&p, &c, orgs, NULL, 0, &show, 1, 1000, elem, sizeof elem, collect,
                               &all),
                 FC_OK);
    CHECK_EQ_INT(fc_pager_next(&p), 0);
    CHECK(all.n == 4, "4 organizations with show_deleted, got %zu", all.n);
    CHECK_EQ_INT(p.status, 200);
    CHECK_EQ_INT(fc_pager_next(&p), 0); /* stays at the end, no request */

    for (limit = 1; limit <= 5; limit++) {
        memset(&x, 0, sizeof x);
        CHECK_EQ_INT(fc_pager_init(&p, &c, orgs, NULL, 0, &show, 1, limit, elem, sizeof elem,
                                   collect, &x),
                     FC_OK);
        if (limit == 2) {
            x.pg = &p;
            fc_pager_parse(&p, tok, 512);
        }
        pages = 0;
        while ((rc = fc_pager_next(&p)) == 1)
            pages++;
        CHECK(rc == 0, "limit %lu: %d", limit, rc);
        /* 4 elements: pages of limit, and one short (maybe empty) page. */
        CHECK(pages + 1 == (int)(4 / limit) + 1, "limit %lu: %d full pages", limit, pages);
        CHECK(!strcmp(x.ids, all.ids), "limit %lu: %s, want %s", limit, x.ids, all.ids);
        CHECK_EQ_INT(p.total, 4);
    }

    /* An offset in the query is where paging starts. */
    {
        fc_query q[2] = {{"show_deleted", "true"}, {"offset", "3"}};
        memset(&x, 0, sizeof x);
        CHECK_EQ_INT(fc_pager_init(&p, &c, orgs, NULL, 0, q, 2, 2, elem, sizeof elem, collect, &x),
                     FC_OK);
        CHECK_EQ_INT(fc_pager_next(&p), 0);
        CHECK(x.n == 1 && !strcmp(x.ids, strrchr(all.ids, ' ') - 36), "offset 3: %s", x.ids);
    }

    /* A callback that stops. */
    memset(&x, 0, sizeof x);
    x.stop_after = 2;
    fc_pager_init(&p, &c, orgs, NULL, 0, &show, 1, 10, elem, sizeof elem, collect, &x);
    CHECK_EQ_INT(fc_pager_next(&p), FC_ERR_CALLBACK);
    CHECK_EQ_INT(p.total, 0);

    /* An element larger than the element buffer. */
    memset(&x, 0, sizeof x);
    fc_pager_init(&p, &c, orgs, NULL, 0, &show, 1, 10, elem, 16, collect, &x);
    CHECK_EQ_INT(fc_pager_next(&p), FC_ERR_JSON_TOO_BIG);

    /* An error status ends it, with the body's start kept. */
    {
        const char *args[1] = {"no-such-customer"};
        memset(&x, 0, sizeof x);
        fc_pager_init(&p, &c, ep("customers", "accounts"), args, 1, NULL, 0, 10, elem, sizeof elem,
                      collect, &x);
        CHECK_EQ_INT(fc_pager_next(&p), FC_ERR_HTTP_4XX);
        CHECK_EQ_INT(p.status, 404);
        CHECK(p.err_len > 0 && memchr(p.err, '{', p.err_len), "the 404's body is kept");
    }

    /* The pager sends its query as given: the server's 400 comes back. */
    {
        fc_query bad = {"order", "sideways"};
        memset(&x, 0, sizeof x);
        fc_pager_init(&p, &c, orgs, NULL, 0, &bad, 1, 10, elem, sizeof elem, collect, &x);
        rc = fc_pager_next(&p);
        CHECK(rc == FC_ERR_HTTP_4XX && p.status == 400, "order=sideways: %d %d", rc, p.status);
    }
}

static void test_publish(void)
{
    fc_wait w;
    uint32_t ms = 99;
    int rc;

    CHECK_EQ_INT(fc_wait_publish(&w, &c, PRODUCTION, buf, sizeof buf, tok, 512, 1, 0), FC_OK);
    CHECK_EQ_INT(fc_wait_step(&w, &ms), 1); /* the publish request itself */
    CHECK_EQ_INT(ms, 0);
    CHECK(strlen(w.id) == 36, "task id: %s", w.id);
    CHECK_EQ_INT(w.polls, 0);
    CHECK_EQ_STR(w.state, "");
    rc = fc_wait_step(&w, &ms);
    CHECK(rc == 1 && ms == 1, "first poll: %d, %u ms", rc, (unsigned)ms);
    CHECK_EQ_STR(w.state, "in_progress");
    CHECK_EQ_INT(fc_wait_step(&w, &ms), 0);
    CHECK_EQ_STR(w.state, "success");
    CHECK_EQ_INT(w.polls, 2);
    CHECK_EQ_INT(w.status, 200);
    CHECK(w.body_len == strlen(w.body) && strstr(w.body, w.id), "the final answer is kept");
    CHECK(fc_json_find(&w.doc, 0, "status") > 0, "and parsed");

    CHECK_EQ_INT(fc_wait_publish(&w, &c, BROKEN, buf, sizeof buf, tok, 512, 1, 0), FC_OK);
    CHECK_EQ_INT(fc_wait_run(&w, NULL, NULL), FC_ERR_TASK_FAILED);
    CHECK_EQ_STR(w.state, "failed");

    /* A limit shorter than the interval: what is left of it, then expiry
     * without another request. */
    CHECK_EQ_INT(fc_wait_publish(&w, &c, PRODUCTION, buf, sizeof buf, tok, 512, 60000, 50), FC_OK);
    CHECK_EQ_INT(fc_wait_step(&w, &ms), 1);
    CHECK_EQ_INT(fc_wait_step(&w, &ms), 1);
    CHECK(ms <= 50, "next step in %u ms, within the 50 ms limit", (unsigned)ms);
    CHECK_EQ_INT(fc_wait_step(&w, &ms), FC_ERR_WAIT_EXPIRED);
    CHECK_EQ_INT(w.polls, 1);
    CHECK_EQ_STR(w.state, "in_progress");

    /* A request that fails: the status and body stay for the message. */
    CHECK_EQ_INT(fc_wait_publish(&w, &c, "no-such-account", buf, sizeof buf, tok, 512, 1, 0), FC_OK);
    CHECK_EQ_INT(fc_wait_step(&w, &ms), FC_ERR_HTTP_4XX);
    CHECK(w.status == 404 && strstr(w.body, "error"), "404 kept: %d %s", w.status, w.body);
}

static unsigned pauses;
static int count_pause(void *ctx, uint32_t ms)
{
    CHECK_EQ_INT(ms, 1);
    pauses++;
    return ctx != NULL; /* non-NULL: cancel */
}

static void test_session(void)
{
    static const char *const ids[] = {"gateway-prod.Flows1", "gateway-prod.Flows2"};
    fc_wait w;
    CHECK_EQ_INT(fc_wait_session(&w, &c, KIOSK, ids[0], buf, sizeof buf, tok, 512, 1, 0), FC_OK);
    pauses = 0;
    CHECK_EQ_INT(fc_wait_run(&w, count_pause, NULL), 0);
    CHECK_EQ_STR(w.state, "closed"); /* after init, reserved, Open, open */
    CHECK_EQ_INT(w.polls, 5);
    CHECK_EQ_INT(pauses, 4);

    CHECK_EQ_INT(fc_wait_session(&w, &c, KIOSK, ids[1], buf, sizeof buf, tok, 512, 1, 0), FC_OK);
    pauses = 0;
    CHECK_EQ_INT(fc_wait_run(&w, count_pause, &w), FC_ERR_CANCELLED);
    CHECK_EQ_INT(pauses, 1);
    CHECK_EQ_STR(w.state, "init");
}

static void test_token(void)
{
    const char *args[2] = {KIOSK, PROVIDER};
    fc_query who[2] = {{"first_name", "Kiosk"}, {"metadata", "{\"seat\": 7}"}};
    int status = 0;
    long n = fc_api_token(&c, ep("accounts", "sat-token"), args, 2, who, 2, buf, sizeof buf, token,
                          sizeof token, &status);
    CHECK(n > 20 && status == 200 && (size_t)n == strlen(token), "token: %ld, status %d", n, status);
    CHECK(!strchr(token, '"') && strchr(token, '.'), "a bare JWT: %s", token);
    /* A token buffer one byte short is an error, never a cut token. */
    CHECK_EQ_INT(fc_api_token(&c, ep("accounts", "sat-token"), args, 2, who, 2, buf, sizeof buf,
                              token, (size_t)n, &status),
                 FC_ERR_JSON_TOO_BIG);
    CHECK_EQ_STR(token, "");
    args[1] = "secure-anon-unknown";
    CHECK_EQ_INT(fc_api_token(&c, ep("accounts", "sat-token"), args, 2, NULL, 0, buf, sizeof buf,
                              token, sizeof token, &status),
                 FC_ERR_HTTP_4XX);
    CHECK(status == 404 && strstr(buf, "provider"), "404 kept: %d %s", status, buf);
    args[1] = PROVIDER;
    who[1].value = "[1]";
    CHECK_EQ_INT(fc_api_token(&c, ep("accounts", "sat-token"), args, 2, who, 2, buf, sizeof buf,
                              token, sizeof token, &status),
                 FC_ERR_JSON_TYPE);
    CHECK_EQ_INT(status, 0); /* refused before any request */
    {
        /* An organization's token, and a body that does not fit. */
        const char *org[2] = {ORG_HQ, PROVIDER};
        CHECK(fc_api_token(&c, ep("organizations", "sat-token"), org, 2, NULL, 0, buf, sizeof buf,
                           token, sizeof token, &status) > 20,
              "organization token");
        who[1].value = "{}";
        CHECK_EQ_INT(fc_api_token(&c, ep("organizations", "sat-token"), org, 2, who, 2, buf, 20,
                                  token, sizeof token, &status),
                     FC_ERR_REQUEST_TOO_BIG);
    }
}

static void test_send(void)
{
    fc_response r;
    fc_query q[2] = {{"organization_id", ORG_HQ}, {"name", "a"}};
    memset(&r, 0, sizeof r);
    r.body = (unsigned char *)buf;
    r.body_cap = sizeof buf;
    CHECK_EQ_INT(fc_api_send(&c, ep("accounts", "list"), NULL, 0, q, 2, NULL, 0, &r), FC_OK);
    CHECK(r.status == 200 && buf[0] == '[', "filtered list: %d", r.status);
    q[0].key = "order", q[0].value = "up";
    CHECK_EQ_INT(fc_api_send(&c, ep("organizations", "list"), NULL, 0, q, 1, NULL, 0, &r),
                 FC_ERR_ARG);
    /* A POST without a body buffer cannot send its body. */
    {
        const char *acct[1] = {PRODUCTION};
        CHECK_EQ_INT(fc_api_send(&c, ep("accounts", "publish"), acct, 1, NULL, 0, NULL, 0, &r),
                     FC_ERR_ARG);
        CHECK_EQ_INT(fc_api_send(&c, ep("accounts", "publish"), acct, 1, NULL, 0, elem, sizeof elem,
                                 &r),
                     FC_OK);
        CHECK(r.status == 200 && !strcmp(elem, "{}"), "publish sent {}: %d", r.status);
    }
}

int main(void)
{
    const char *ca = getenv("FRAMEC_TEST_CA");
    const char *url = getenv("FRAMEC_TEST_URL");

    test_param();
    test_param_check();
    test_body();
    CHECK_EQ_INT(init("https://localhost:1/v1"), FC_OK);
    test_init_errors();
    if (ca && url) {
        CHECK_EQ_INT(load_ca(ca), FC_OK);
        CHECK_EQ_INT(init(url), FC_OK);
        test_pager();
        test_publish();
        test_session();
        test_token();
        test_send();
        fc_client_close(&c);
    }
    return check_done();
}
