/* pager.c - every page of an offset/limit list, one element at a time.
 *
 * Each page streams through fc_json_stream, so memory stays one element
 * however long a page is; a page shorter than the limit is the last. The
 * pager never buffers a page and never hands out an element it has not
 * checked as JSON. */
#include "flows.h"

#include <string.h>

/* A decimal of at most 9 digits (what the endpoint table's # words take):
 * the same range on 32- and 64-bit machines, and never a silent clamp. */
#define COUNT_MAX 999999999ul
static int parse_count(const char *s, unsigned long *v)
{
    size_t n = s ? strspn(s, "0123456789") : 0;
    if (!n || n > 9 || s[n])
        return FC_ERR_ARG;
    for (*v = 0; *s; s++)
        *v = *v * 10 + (unsigned long)(*s - '0');
    return FC_OK;
}

static int on_element(void *ctx, const char *elem, size_t len)
{
    fc_pager *p = ctx;
    if (!fc_json_stream_is_array(&p->js)) {
        p->cb_err = FC_ERR_JSON_TYPE;
        return 1;
    }
    if (!p->tok) {
        /* An empty pool checks the whole element ("too many tokens" then
         * means valid). */
        fc_json j;
        int rc = fc_json_parse(&j, NULL, 0, elem, len);
        if (rc && rc != FC_ERR_JSON_TOKENS) {
            p->cb_err = rc;
            return 1;
        }
    }
    p->page++;
    p->total++;
    if (p->fn(p->ctx, elem, len)) {
        p->cb_err = FC_ERR_CALLBACK;
        return 1;
    }
    return 0;
}

static void stream_init(fc_pager *p, char *buf, size_t cap)
{
    fc_json_stream_init(&p->js, buf, cap, on_element, p);
    if (p->tok)
        fc_json_stream_parse(&p->js, &p->doc, p->tok, p->ntok);
}

static int on_body(void *ctx, const unsigned char *data, size_t len)
{
    fc_pager *p = ctx;
    int rc;
    if (p->r.status < 200 || p->r.status > 299) {
        size_t n = sizeof p->err - p->err_len;
        memcpy(p->err + p->err_len, data, len < n ? len : n);
        p->err_len += len < n ? len : n;
        return 0;
    }
    rc = fc_json_stream_push(&p->js, (const char *)data, len);
    if (rc && rc != FC_ERR_CALLBACK)
        p->cb_err = rc;
    return rc != 0;
}

/* The library delivers the page again from its start: forget this try. */
static int on_retry(void *ctx)
{
    fc_pager *p = ctx;
    if (p->page && (!p->on_retry || p->on_retry(p->ctx)))
        return 1;
    p->total -= p->page;
    p->page = 0;
    p->err_len = 0;
    p->cb_err = 0;
    stream_init(p, p->js.buf, p->js.cap);
    return 0;
}

int fc_pager_init(fc_pager *p, fc_client *c, const fc_endpoint *e, const char *const *args,
                  size_t nargs, const fc_query *q, size_t nq, unsigned long limit,
                  char *elem_buf, size_t elem_cap, fc_pager_fn fn, void *ctx)
{
    size_t i;
    if (!p || !c || !e || !(e->flags & FC_API_PAGED) || !fn || !elem_buf || nq > FC_PARAMS_MAX)
        return FC_ERR_ARG;
    memset(p, 0, sizeof *p);
    p->c = c;
    p->e = e;
    p->args = args;
    p->nargs = nargs;
    p->fn = fn;
    p->ctx = ctx;
    p->limit = limit ? limit : 100;
    for (i = 0; i < nq; i++) {
        int rc = FC_OK;
        if (!strcmp(q[i].key, "offset")) {
            unsigned long off = 0;
            rc = parse_count(q[i].value, &off);
            p->offset = off;
        } else if (!strcmp(q[i].key, "limit"))
            rc = parse_count(q[i].value, &p->limit);
        else
            p->q[p->nq++] = q[i];
        if (rc)
            return rc;
    }
    if (!p->limit || p->limit > COUNT_MAX)
        return FC_ERR_ARG;
    fc_http_decimal(p->limit, p->limit_s);
    p->q[p->nq].key = "offset";
    p->q[p->nq].value = p->offset_s;
    p->q[p->nq + 1].key = "limit";
    p->q[p->nq + 1].value = p->limit_s;
    stream_init(p, elem_buf, elem_cap);
    return FC_OK;
}

void fc_pager_parse(fc_pager *p, jsmntok_t *pool, unsigned cap)
{
    p->tok = pool;
    p->ntok = cap;
    stream_init(p, p->js.buf, p->js.cap);
}

const fc_json *fc_pager_doc(const fc_pager *p)
{
    return &p->doc;
}

int fc_pager_next(fc_pager *p)
{
    int rc;
    if (p->done)
        return 0;
    fc_http_decimal(p->offset, p->offset_s);
    p->page = 0;
    p->err_len = 0;
    p->cb_err = 0;
    stream_init(p, p->js.buf, p->js.cap);
    memset(&p->r, 0, sizeof p->r);
    p->r.on_body = on_body;
    p->r.on_retry = on_retry;
    p->r.ctx = p;
    rc = fc_api_call(p->c, p->e, p->args, p->nargs, p->q, p->nq + 2, NULL, 0, &p->r);
    if (rc == FC_ERR_CALLBACK && p->cb_err)
        rc = p->cb_err;
    p->status = p->r.status;
    if (!rc)
        rc = fc_err_status(p->r.status);
    if (!rc && (rc = fc_json_stream_end(&p->js)) == FC_ERR_CALLBACK && p->cb_err)
        rc = p->cb_err;
    if (rc) {
        p->total -= p->page;
        return rc;
    }
    p->offset += p->page;
    if (p->page < p->limit) {
        p->done = 1;
        return 0;
    }
    return 1;
}
