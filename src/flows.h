/* flows.h - the Frame API's workflows: paging, waiting, tokens.
 *
 * What an application does with the endpoint table beyond one call, with
 * the caller's memory and no exit(): every list page by page with one
 * element at a time handed to a callback (fc_pager), publish-and-wait and
 * session-wait one poll per step so that an RTOS main loop can drive them
 * and stop whenever it likes (fc_wait), and the secure-anonymous token
 * decoded from its JSON string (fc_api_token).
 *
 * Nothing here sleeps unless asked to (fc_wait_run), allocates, or keeps
 * global state. An HTTP status other than 2xx ends a workflow with
 * FC_ERR_HTTP_4XX, FC_ERR_HTTP_5XX or FC_ERR_HTTP_UNEXPECTED; the status
 * and the start of the body stay in the struct for the message. */
#ifndef FC_FLOWS_H
#define FC_FLOWS_H

#include "api.h"
#include "framec.h"
#include "json.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Paging: offset/limit until a short page ---------------------------- */

/* Gets each element of a page (its JSON text, not NUL-terminated, valid
 * during the call). Non-zero stops the page with FC_ERR_CALLBACK. */
typedef int (*fc_pager_fn)(void *ctx, const char *elem, size_t len);

typedef struct {
    /* Optional, set after fc_pager_init: called before a retry delivers
     * the page again from its start. Return non-zero to refuse the retry.
     * Without it, a page that already handed out elements is not retried
     * (the callback would see them twice). */
    int (*on_retry)(void *ctx);
    /* Read after a call. */
    int status;          /* the last page's HTTP status */
    size_t total;        /* elements of the pages fetched so far */
    char err[256];       /* start of a non-2xx body (err_len bytes) */
    size_t err_len;
    /* Internal. */
    fc_client *c;
    const fc_endpoint *e;
    const char *const *args;
    size_t nargs;
    fc_query q[FC_PARAMS_MAX + 2];
    size_t nq;
    uint64_t offset;     /* 64 bits on every machine: never wraps at 2^32 */
    unsigned long limit;
    char offset_s[FC_HTTP_DECIMAL_MAX], limit_s[FC_HTTP_DECIMAL_MAX];
    fc_json_stream js;
    fc_json doc;
    jsmntok_t *tok;
    unsigned ntok;
    fc_pager_fn fn;
    void *ctx;
    fc_response r;
    size_t page;         /* elements of the page so far */
    int cb_err, done;
} fc_pager;

/* Sets p up to list e (a paged endpoint: FC_API_PAGED) with path args and
 * query q (at most FC_PARAMS_MAX entries, copied; an "offset" or "limit"
 * among them is where paging starts and its page size), pages of limit
 * elements when q has none (0: 100). Each element goes through elem_buf
 * (the largest element it can hand out: FC_ERR_JSON_TOO_BIG beyond).
 * FC_ERR_ARG for an endpoint that is not paged, too many parameters, or
 * an offset or limit that is not 1 to 9 decimal digits (a limit of 0
 * too): the same range on every machine, the offset kept in 64 bits. */
int fc_pager_init(fc_pager *p, fc_client *c, const fc_endpoint *e, const char *const *args,
                  size_t nargs, const fc_query *q, size_t nq, unsigned long limit,
                  char *elem_buf, size_t elem_cap, fc_pager_fn fn, void *ctx);
/* Optional: each element is parsed into the pager's document before fn
 * sees it, with the caller's token pool: fc_pager_doc() then reads it
 * without a second pass over its bytes. */
void fc_pager_parse(fc_pager *p, jsmntok_t *pool, unsigned cap);
const fc_json *fc_pager_doc(const fc_pager *p);
/* Fetches the next page and hands each of its elements to fn. Returns 1
 * when another page follows, 0 after the last one (a page shorter than
 * the limit: then every later call returns 0 too), or a negative fc_err
 * (the same call may be made again: it fetches the same page). */
int fc_pager_next(fc_pager *p);

/* ---- Waiting: publish a sandbox, watch a session ----------------------- */

enum { FC_WAIT_PUBLISH = 1, FC_WAIT_SESSION = 2 };

typedef struct {
    /* Read after each step. */
    int kind;                   /* FC_WAIT_PUBLISH or FC_WAIT_SESSION */
    int status;                 /* the last response's HTTP status */
    unsigned polls;             /* status requests made so far */
    char id[FC_WAIT_ID_MAX];    /* the publish task id, or the session id */
    char state[FC_WAIT_ID_MAX]; /* the last state; "" before the first */
    const char *body;           /* the last response body (NUL after it) */
    size_t body_len;
    fc_json doc;                /* and its tokens, after a 2xx response */
    /* Internal. */
    fc_client *c;
    const char *account;
    char *buf;
    size_t cap;
    jsmntok_t *tok;
    unsigned ntok;
    uint32_t interval_ms;
    uint64_t started, limit;    /* fc_port_millis(); limit 0: none */
    int expiring;
} fc_wait;

/* Sets w up to publish account's sandbox and wait for the task to end,
 * or to wait until session of account is no longer alive (init, reserved
 * or open). buf holds each response (and the last one, for the caller),
 * pool its tokens; account and session must outlive w. Polls every
 * interval_ms (0: 5 s for a publish, 10 s for a session) for at most
 * max_wait_ms from now (0: no limit). No request is made yet. */
int fc_wait_publish(fc_wait *w, fc_client *c, const char *account, char *buf, size_t cap,
                    jsmntok_t *pool, unsigned ntok, uint32_t interval_ms, uint32_t max_wait_ms);
int fc_wait_session(fc_wait *w, fc_client *c, const char *account, const char *session,
                    char *buf, size_t cap, jsmntok_t *pool, unsigned ntok, uint32_t interval_ms,
                    uint32_t max_wait_ms);
/* One step: the publish request itself (first step of a publish), or one
 * status poll. Returns 1 when the task or session goes on: call again
 * after *next_ms (0 right after the publish request; the interval, or what
 * is left of the limit); 0 when it ended well (the publish task succeeded,
 * the session is over: state and doc hold the final answer);
 * FC_ERR_TASK_FAILED when the publish task ended in failure (doc holds it);
 * FC_ERR_WAIT_EXPIRED when the limit passed, without a request; any other
 * fc_err of the request (state is unchanged); FC_ERR_JSON_MISSING when
 * the answer lacks the task id, status or state. To cancel, stop calling. */
int fc_wait_step(fc_wait *w, uint32_t *next_ms);
/* Steps until the end, pausing between steps with pause (return non-zero
 * to stop: FC_ERR_CANCELLED) or, when pause is NULL, fc_port_sleep_ms.
 * Returns what the last step returned. */
int fc_wait_run(fc_wait *w, int (*pause)(void *ctx, uint32_t ms), void *ctx);

/* ---- The secure-anonymous token ------------------------------------------ */

/* POSTs e (a kind 's' endpoint: accounts or organizations sat-token) with
 * path args and its body parameters p (first_name, last_name, email,
 * email_domain, metadata; see fc_api_send), and decodes the JSON string
 * the API answers into token, NUL-terminated. buf holds the request body
 * (at its end) and the response (from its start, with a NUL after it, so
 * that on a non-2xx status it holds the error body for a message); *status (when not NULL) gets the HTTP status. Returns
 * the token's length, or a negative fc_err (FC_ERR_JSON_TYPE when the
 * answer is JSON but no string, FC_ERR_JSON_TOO_BIG when token is too
 * small). */
long fc_api_token(fc_client *c, const fc_endpoint *e, const char *const *args, size_t nargs,
                  const fc_query *p, size_t np, char *buf, size_t cap, char *token,
                  size_t token_cap, int *status);

#ifdef __cplusplus
}
#endif

#endif
