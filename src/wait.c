/* wait.c - publish-and-wait and session-wait, one poll per step.
 *
 * A step makes at most one request and never sleeps: the caller (an RTOS
 * task, a main loop, fc_wait_run) decides when the next one runs, and
 * cancels by not calling again. The final states are the ones the Frame
 * API documents for publish tasks and sessions, matched without regard to
 * case; anything else is "still going". */
#include "flows.h"

#include <string.h>

#include "port.h"

static int ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if ((*a | 32) != (*b | 32))
            return 0;
    return *a == *b;
}

static int is_one_of(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (ieq(s, *list))
            return 1;
    return 0;
}

static const char *const publish_ok[] = {"success", "succeeded", "completed", "complete",
                                         "done", "finished", NULL};
static const char *const publish_bad[] = {"failed", "failure", "error", "errored",
                                          "cancelled", "canceled", NULL};
static const char *const session_alive[] = {"init", "reserved", "open", NULL};

static int setup(fc_wait *w, int kind, fc_client *c, const char *account, char *buf, size_t cap,
                 jsmntok_t *pool, unsigned ntok, uint32_t interval_ms, uint32_t max_wait_ms)
{
    if (!w || !c || !account || !*account || !buf || cap < 2 || !pool || !ntok)
        return FC_ERR_ARG;
    memset(w, 0, sizeof *w);
    w->kind = kind;
    w->c = c;
    w->account = account;
    w->buf = buf;
    w->cap = cap;
    w->tok = pool;
    w->ntok = ntok;
    w->interval_ms = interval_ms ? interval_ms : kind == FC_WAIT_PUBLISH ? 5000 : 10000;
    w->started = fc_port_millis();
    w->limit = max_wait_ms ? w->started + max_wait_ms : 0;
    w->body = buf;
    buf[0] = '\0';
    return FC_OK;
}

int fc_wait_publish(fc_wait *w, fc_client *c, const char *account, char *buf, size_t cap,
                    jsmntok_t *pool, unsigned ntok, uint32_t interval_ms, uint32_t max_wait_ms)
{
    return setup(w, FC_WAIT_PUBLISH, c, account, buf, cap, pool, ntok, interval_ms, max_wait_ms);
}

int fc_wait_session(fc_wait *w, fc_client *c, const char *account, const char *session,
                    char *buf, size_t cap, jsmntok_t *pool, unsigned ntok, uint32_t interval_ms,
                    uint32_t max_wait_ms)
{
    int rc;
    if (!session || !*session || strlen(session) >= sizeof w->id)
        return FC_ERR_ARG;
    rc = setup(w, FC_WAIT_SESSION, c, account, buf, cap, pool, ntok, interval_ms, max_wait_ms);
    if (!rc)
        strcpy(w->id, session);
    return rc;
}

/* Copies the string at one of the keys into out; FC_ERR_JSON_MISSING when
 * neither holds a string that fits. */
static int take_string(fc_wait *w, const char *key, const char *alt, char *out, size_t cap)
{
    int t = fc_json_find(&w->doc, 0, key);
    if (t < 0 && alt)
        t = fc_json_find(&w->doc, 0, alt);
    if (t < 0 || fc_json_type(&w->doc, t) != FC_JSON_STRING ||
        fc_json_string(&w->doc, t, out, cap) < 0)
        return FC_ERR_JSON_MISSING;
    return FC_OK;
}

/* One request into buf, parsed into doc as a JSON object. The publish
 * request sends an empty object, as every POST of fc_api_send does. */
static int request(fc_wait *w, const char *verb, const char *const *args, size_t nargs)
{
    const fc_endpoint *e = fc_api_find("accounts", verb);
    fc_response r;
    int rc;
    memset(&r, 0, sizeof r);
    r.body = (unsigned char *)w->buf;
    r.body_cap = w->cap - 1;
    w->doc.count = 0;
    w->body_len = 0;
    w->buf[0] = '\0';
    rc = fc_api_call(w->c, e, args, nargs, NULL, 0, strcmp(e->method, "POST") ? NULL : "{}", 2,
                     &r);
    w->status = r.status;
    w->body_len = r.body_len;
    w->buf[r.body_len] = '\0';
    if (rc)
        return rc;
    if ((rc = fc_err_status(r.status)) != FC_OK)
        return rc;
    rc = fc_json_parse(&w->doc, w->tok, w->ntok, w->buf, r.body_len);
    if (rc)
        return rc;
    return fc_json_type(&w->doc, 0) == FC_JSON_OBJECT ? FC_OK : FC_ERR_JSON_TYPE;
}

int fc_wait_step(fc_wait *w, uint32_t *next_ms)
{
    const char *args[2];
    uint64_t now;
    int rc;

    *next_ms = 0;
    if (w->expiring)
        return FC_ERR_WAIT_EXPIRED;
    args[0] = w->account;
    args[1] = w->id;
    if (w->kind == FC_WAIT_PUBLISH && !w->id[0]) {
        if ((rc = request(w, "publish", args, 1)) != FC_OK)
            return rc;
        return take_string(w, "task_id", "id", w->id, sizeof w->id) ? FC_ERR_JSON_MISSING : 1;
    }
    rc = request(w, w->kind == FC_WAIT_PUBLISH ? "publish-status" : "session", args, 2);
    w->polls++;
    if (rc)
        return rc;
    if (w->kind == FC_WAIT_PUBLISH) {
        if (take_string(w, "status", "state", w->state, sizeof w->state))
            return FC_ERR_JSON_MISSING;
        if (is_one_of(w->state, publish_ok))
            return 0;
        if (is_one_of(w->state, publish_bad))
            return FC_ERR_TASK_FAILED;
    } else {
        if (take_string(w, "state", NULL, w->state, sizeof w->state))
            return FC_ERR_JSON_MISSING;
        if (!is_one_of(w->state, session_alive))
            return 0;
    }
    /* Another poll would pass the limit: wait out what is left, then
     * report it (as a deadline does) without a request that cannot count. */
    now = fc_port_millis();
    *next_ms = w->interval_ms;
    if (w->limit && now + w->interval_ms > w->limit) {
        *next_ms = now < w->limit ? (uint32_t)(w->limit - now) : 0;
        w->expiring = 1;
    }
    return 1;
}

int fc_wait_run(fc_wait *w, int (*pause)(void *ctx, uint32_t ms), void *ctx)
{
    for (;;) {
        uint32_t ms;
        int rc = fc_wait_step(w, &ms);
        if (rc != 1)
            return rc;
        if (pause) {
            if (pause(ctx, ms))
                return FC_ERR_CANCELLED;
        } else if (ms) {
            fc_port_sleep_ms(ms);
        }
    }
}
