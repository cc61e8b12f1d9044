/* request.c - one call, its body streamed to the output as it arrives.
 *
 * JSON arrays are processed one element at a time, so memory stays flat
 * however long a list is: passed through as received and checked on the
 * way (SINK_RAW), or one --field row per element (SINK_ELEMENTS). A
 * retry forgets what the failed try printed, unless it already streamed
 * to stdout (then there is no retry). */
#include <string.h>

#include "cli.h"

typedef struct {
    fc_response r;
    int mode;
    int json;         /* the body is JSON: it is checked as it passes */
    fc_json_stream js;
    fc_json doc;      /* --field: the element the stream parsed */
    size_t out_mark;  /* output before this call */
    size_t elements;  /* in this response */
    char err[1024];   /* start of an error body, for the message */
    size_t err_len;
    int cb_err;       /* why a callback stopped the request */
    int prefixed;     /* batch: the status prefix is out */
} call_ctx;

static int on_element(void *ctx, const char *elem, size_t len)
{
    call_ctx *x = ctx;
    x->elements++;
    if (x->mode == SINK_RAW) {
        fc_json j;
        /* Passing through needs no tokens: an empty pool still checks the
         * whole element (FC_ERR_JSON_TOKENS then means "valid"). */
        int rc = fc_json_parse(&j, NULL, 0, elem, len);
        if (rc && rc != FC_ERR_JSON_TOKENS) {
            x->cb_err = rc;
            return 1;
        }
    } else {
        emit_row(&x->doc); /* --field: the stream parsed it (stream_init) */
    }
    return 0;
}

/* application/json, or any type/subtype+json (RFC 6839). */
static int is_json(const char *type)
{
    size_t n = strcspn(type, "; \t");
    return (n == 16 && !strncmp(type, "application/json", 16)) ||
           (n > 5 && !strncmp(type + n - 5, "+json", 5));
}

/* batch: the status and a tab, once, before the body. */
static void batch_prefix(call_ctx *x)
{
    char pre[16];
    if (opt.status && !x->prefixed)
        emit(pre, fmt_buf(pre, sizeof pre, "%d\t", x->r.status));
    x->prefixed = 1;
}

static int on_body(void *ctx, const unsigned char *data, size_t len)
{
    call_ctx *x = ctx;
    int rc;
    if (x->mode == SINK_BATCH) {
        /* One line per response: line breaks go (JSON needs none). */
        size_t i, start = 0;
        batch_prefix(x);
        for (i = 0; i <= len; i++)
            if (i == len || data[i] == '\n' || data[i] == '\r') {
                emit(data + start, i - start);
                start = i + 1;
            }
        return 0;
    }
    if (x->r.status < 200 || x->r.status > 299) {
        size_t n = sizeof x->err - x->err_len;
        memcpy(x->err + x->err_len, data, len < n ? len : n);
        x->err_len += len < n ? len : n;
        return 0;
    }
    if (!x->r.body_len)
        x->json = is_json(x->r.content_type);
    switch (x->mode) {
    case SINK_RAW:
        /* Passed through as received, and checked on the way, one element
         * at a time; an element too large for the element buffer cannot be
         * checked, and is only passed through. */
        emit(data, len);
        if (x->json) {
            rc = fc_json_stream_push(&x->js, (const char *)data, len);
            if (rc == FC_ERR_JSON_TOO_BIG) {
                x->json = 0;
            } else if (rc) {
                x->cb_err = rc == FC_ERR_CALLBACK ? x->cb_err : rc;
                return 1;
            }
        }
        return 0;
    default: /* SINK_ELEMENTS */
        rc = fc_json_stream_push(&x->js, (const char *)data, len);
        if (rc && rc != FC_ERR_CALLBACK)
            x->cb_err = rc;
        return rc != 0;
    }
}

/* With --field the stream parses each element itself: one pass over the
 * bytes of most elements instead of a scan and then a parse. */
static void stream_init(call_ctx *x)
{
    fc_json_stream_init(&x->js, elem_buf, sizeof elem_buf, on_element, x);
    if (x->mode == SINK_ELEMENTS && opt.nfield)
        fc_json_stream_parse(&x->js, &x->doc, tokens, TOKENS);
}

/* Before a retry: forget what this call delivered. Output that already
 * streamed to stdout cannot be taken back, so then no retry. */
static int on_retry(void *ctx)
{
    call_ctx *x = ctx;
    if (out_spilled)
        return 1;
    out_len = x->out_mark;
    x->err_len = 0;
    x->elements = 0;
    x->cb_err = 0;
    x->prefixed = 0;
    stream_init(x);
    return 0;
}

size_t perform(const fc_endpoint *e, const char *const *args, size_t nargs, const fc_query *q,
               size_t nq, const char *body, size_t body_len, int mode)
{
    static call_ctx x;
    int rc;

    memset(&x, 0, sizeof x);
    x.mode = mode;
    x.r.on_body = on_body;
    x.r.on_retry = on_retry;
    x.r.ctx = &x;
    x.out_mark = out_len;
    stream_init(&x);
    if (e) {
        rc = fc_api_call(&client, e, args, nargs, q, nq, body, body_len, &x.r);
    } else {
        fc_request rq;
        char method[8];
        size_t i;
        for (i = 0; args[0][i] && i < sizeof method - 1; i++)
            method[i] = (char)(args[0][i] >= 'a' && args[0][i] <= 'z' ? args[0][i] - 32 : args[0][i]);
        method[i] = '\0';
        memset(&rq, 0, sizeof rq);
        rq.method = method;
        rq.path = args[1];
        rq.query = q;
        rq.nquery = nq;
        if (body) {
            rq.content_type = "application/json";
            rq.body = body;
            rq.body_len = body_len;
        }
        rc = fc_client_request(&client, &rq, &x.r);
    }
    if (rc == FC_ERR_CALLBACK && x.cb_err)
        rc = x.cb_err;
    if (rc)
        fail_rc(rc);
    if (mode == SINK_BATCH) {
        batch_prefix(&x);
        if (!x.r.body_len)
            emit_str("null");
        return (size_t)x.r.status;
    }
    if (x.r.status < 200 || x.r.status > 299)
        fail_http(x.r.status, x.err, x.err_len);
    if ((mode == SINK_ELEMENTS || (mode == SINK_RAW && x.json)) &&
        (rc = fc_json_stream_end(&x.js)) != FC_OK)
        fail_rc(rc == FC_ERR_CALLBACK && x.cb_err ? x.cb_err : rc);
    return mode == SINK_ELEMENTS ? x.elements : x.r.body_len;
}

