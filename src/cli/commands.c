/* commands.c - the named commands, over the library's workflows.
 *
 * One call prints its body (request.c); --all walks every page with
 * fc_pager and prints one array (or one --field row per element);
 * publish --wait and session-wait step fc_wait and sleep between polls,
 * with a progress line per poll when stderr is a terminal; sat-token
 * prints the token fc_api_token decoded. */
#include <string.h>

#include "cli.h"
#include "port.h"
#include "port_cli.h"

/* --all: the elements of every page become one array, or rows. */
typedef struct {
    fc_pager pg;
    size_t printed;                /* elements printed, every page */
    size_t out_mark, printed_mark; /* before this page */
} all_ctx;

static int on_page_element(void *ctx, const char *elem, size_t len)
{
    all_ctx *a = ctx;
    if (opt.nfield) {
        emit_row(fc_pager_doc(&a->pg));
    } else {
        emit(a->printed ? "," : "[", 1);
        emit(elem, len);
    }
    a->printed++;
    return 0;
}

/* A page is delivered again: forget what it printed, unless that already
 * streamed to stdout (then no retry). */
static int on_page_retry(void *ctx)
{
    all_ctx *a = ctx;
    if (out_spilled)
        return 1;
    out_len = a->out_mark;
    a->printed = a->printed_mark;
    return 0;
}

static void run_all(const fc_endpoint *e, const char *const *args, size_t nargs)
{
    static all_ctx a;
    int rc = fc_pager_init(&a.pg, &client, e, args, nargs, opt.query, opt.nquery,
                           100, elem_buf, sizeof elem_buf, on_page_element, &a);
    if (rc && opt.nquery > FC_PARAMS_MAX)
        fail(EX_USAGE, "--all takes at most %d query parameters", FC_PARAMS_MAX);
    if (rc)
        fail(EX_USAGE, "--all needs a --limit above 0");
    a.pg.on_retry = on_page_retry;
    if (opt.nfield)
        fc_pager_parse(&a.pg, tokens, TOKENS);
    do {
        a.out_mark = out_len;
        a.printed_mark = a.printed;
        rc = fc_pager_next(&a.pg);
    } while (rc == 1);
    if (rc == FC_ERR_HTTP_4XX || rc == FC_ERR_HTTP_5XX || rc == FC_ERR_HTTP_UNEXPECTED)
        fail_http(a.pg.status, a.pg.err, a.pg.err_len);
    if (rc)
        fail_rc(rc);
    if (!opt.nfield)
        emit_str(a.printed ? "]\n" : "[]\n");
}

/* The token itself, ready for a URL (no quotes, escapes decoded). */
static void run_token(const fc_endpoint *e, const char *const *args, size_t nargs)
{
    fc_query p[FC_PARAMS_MAX];
    size_t i, np = 0;
    int status;
    long n;
    for (i = 0; i < opt.nbody && np < FC_PARAMS_MAX; i++)
        p[np++] = opt.body[i];
    for (i = 0; i < opt.nquery; i++) {
        if (np == FC_PARAMS_MAX)
            fail(EX_USAGE, "at most %d parameters for a token", FC_PARAMS_MAX);
        p[np++] = opt.query[i];
    }
    n = fc_api_token(&client, e, args, nargs, p, np, elem_buf, sizeof elem_buf, str_buf,
                     sizeof str_buf, &status);
    if (n == FC_ERR_HTTP_4XX || n == FC_ERR_HTTP_5XX || n == FC_ERR_HTTP_UNEXPECTED)
        fail_http(status, elem_buf, strlen(elem_buf));
    if (n == FC_ERR_JSON_TYPE)
        fail(EX_RESPONSE, "expected a JSON string (the token) in the response");
    if (n < 0)
        fail_rc((int)n);
    emit_text(str_buf, (size_t)n);
    emit("\n", 1);
}

/* Ends a wait that did not end well, with the message for its case. */
static void fail_wait(const fc_wait *w, int rc)
{
    const char *what = w->kind == FC_WAIT_PUBLISH ? "publish task" : "session";
    switch (rc) {
    case FC_ERR_HTTP_4XX: case FC_ERR_HTTP_5XX: case FC_ERR_HTTP_UNEXPECTED:
        fail_http(w->status, w->body, w->body_len);
    case FC_ERR_WAIT_EXPIRED:
        fail(EX_TIMEOUT, "%s still %s after --max-wait %u s", what, w->state,
             (unsigned)(opt.max_wait_ms / 1000));
    case FC_ERR_JSON_MISSING:
        if (w->kind == FC_WAIT_SESSION)
            fail(EX_RESPONSE, "session has no state");
        if (!w->id[0])
            fail(EX_RESPONSE, "publish response has no task_id");
        fail(EX_RESPONSE, "publish task %s has no status", w->id);
    case FC_ERR_JSON_TYPE:
        fail(EX_RESPONSE, "expected a JSON object in the response");
    default:
        fail_rc(rc);
    }
}

/* Steps w to its end; returns 0, or FC_ERR_TASK_FAILED with the final
 * answer in w. */
static int wait_out(fc_wait *w)
{
    int tty = fc_port_stderr_is_tty();
    for (;;) {
        unsigned polls = w->polls;
        uint32_t ms;
        int rc = fc_wait_step(w, &ms);
        if (tty && w->polls != polls && (rc >= 0 || rc == FC_ERR_TASK_FAILED))
            fmt_fd(2, "framec: %s %s: %s\n",
                   w->kind == FC_WAIT_PUBLISH ? "publish task" : "session", w->id, w->state);
        if (rc == 0 || rc == FC_ERR_TASK_FAILED)
            return rc;
        if (rc != 1)
            fail_wait(w, rc);
        if (ms)
            fc_port_sleep_ms(ms);
    }
}

/* accounts publish --wait: start, then poll the task until it ends. */
static int publish_wait(const char *account)
{
    static fc_wait w;
    int rc = fc_wait_publish(&w, &client, account, elem_buf, sizeof elem_buf, tokens, TOKENS,
                             opt.interval_ms, opt.max_wait_ms);
    if (rc)
        fail_rc(rc);
    rc = wait_out(&w);
    if (opt.nfield)
        emit_row(&w.doc);
    else
        emit(w.body, w.body_len), emit("\n", 1);
    out_finish();
    if (rc) {
        int t = fc_json_find(&w.doc, 0, "error");
        long n = t >= 0 && fc_json_type(&w.doc, t) == FC_JSON_STRING
                     ? fc_json_string(&w.doc, t, str_buf, sizeof str_buf) : -1;
        fail(EX_FAILED, "publish task %s %s%s%s", w.id, w.state, n >= 0 ? ": " : "",
             n >= 0 ? str_buf : "");
    }
    return EX_OK;
}

/* accounts session-wait: poll until the session is no longer alive. */
int session_wait(void)
{
    static fc_wait w;
    int rc = fc_wait_session(&w, &client, opt.word[2], opt.word[3], elem_buf, sizeof elem_buf,
                             tokens, TOKENS, opt.interval_ms, opt.max_wait_ms);
    if (rc)
        fail(EX_USAGE, "session id longer than %d bytes", FC_WAIT_ID_MAX - 1);
    wait_out(&w);
    emit_str(w.state);
    emit("\n", 1);
    out_finish();
    return EX_OK;
}

/* A named command: one call, every page of a paged list, a wait, or a
 * token. Body fields are checked, and the body built, before any call. */
int run_endpoint(void)
{
    const fc_endpoint *e = opt.ep;
    const char *const *args = opt.word + 2;
    size_t nargs = opt.nword - 2, bad = 0;
    long body_len = 0;
    const char *body = NULL;

    if (e->kind == 's' || !strcmp(e->method, "POST")) {
        body_len = fc_api_body(e, opt.body, opt.nbody, data_buf, DATA_MAX, &bad);
        if (body_len == FC_ERR_REQUEST_TOO_BIG)
            fail(EX_USAGE, "request body too large");
        if (body_len < 0)
            fail(EX_USAGE, "--%s wants a JSON object%s%s", opt.body[bad].key,
                 body_len == FC_ERR_JSON_TYPE ? "" : ": ",
                 body_len == FC_ERR_JSON_TYPE ? "" : fc_strerror((int)body_len));
        body = data_buf;
    }
    if (opt.wait)
        return publish_wait(args[0]);
    if (e->kind == 's')
        run_token(e, args, nargs);
    else if (opt.all)
        run_all(e, args, nargs);
    else
        perform(e, args, nargs, opt.query, opt.nquery, body, (size_t)body_len,
                opt.nfield ? SINK_ELEMENTS : SINK_RAW);
    out_finish();
    return EX_OK;
}
