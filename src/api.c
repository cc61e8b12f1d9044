/* api.c - the endpoint table, from ../shared/frame-api.md.
 *
 * A new endpoint is one line here plus its one-line help, keyed by entity
 * and verb, in the summaries table of src/cli/help.c: help text belongs to the
 * command line, and the library stays small enough for a microcontroller. */
#include "api.h"

#include <string.h>

#include "json.h"

#define PAGE "offset# limit#"
#define SAT "@first_name @last_name @email @email_domain @metadata="

/* clang-format off */
const fc_endpoint fc_api[] = {
/*  entity           verb                    method  path                                                           params                                              kind flags */
{"accounts",       "list",                 "GET",  "/accounts",                                                     "name organization_id",                              'a', 0},
{"accounts",       "get",                  "GET",  "/accounts/{account_id}",                                        "",                                                  'o', 0},
{"accounts",       "availability-zones",   "GET",  "/accounts/{account_id}/availability_zones",                     "",                                                  'a', 0},
{"accounts",       "upgrade-groups",       "GET",  "/accounts/{account_id}/deployment_groups",                      "",                                                  'a', 0},
{"accounts",       "user-volumes-settings","GET",  "/accounts/{account_id}/user_volumes_settings",                  "",                                                  'o', 0},
{"accounts",       "publish",              "POST", "/accounts/{account_id}/publish",                                "",                                                  'o', 0},
{"accounts",       "publish-tasks",        "GET",  "/accounts/{account_id}/publish/tasks",                          "",                                                  'a', 0},
{"accounts",       "publish-status",       "GET",  "/accounts/{account_id}/publish/{task_id}",                      "",                                                  'o', 0},
{"accounts",       "session",              "GET",  "/accounts/{account_id}/sessions/{session_id}",                  "",                                                  'o', 0},
{"accounts",       "sat-token",            "POST", "/accounts/{account_id}/secure-anonymous/{provider_name}/tokens","" SAT,                                              's', 0},
{"organizations",  "list",                 "GET",  "/organizations",                                                "name show_deleted! order:asc|desc order_by " PAGE,  'a', FC_API_PAGED},
{"organizations",  "get",                  "GET",  "/organizations/{organization_id}",                              "",                                                  'o', 0},
{"organizations",  "audit-trails",         "GET",  "/organizations/{organization_id}/audit-trails",                 "search kind " PAGE,                                 'a', FC_API_PAGED},
{"organizations",  "sat-token",            "POST", "/organizations/{organization_id}/secure-anonymous/{provider_name}/tokens", "" SAT,                                   's', 0},
{"customers",      "get",                  "GET",  "/customers/",                                                   "",                                                  'o', 0},
{"customers",      "accounts",             "GET",  "/customers/{customer_id}/accounts",                             "name active:true|false organization_id order:asc|desc order_by " PAGE, 'a', FC_API_PAGED},
{"customers",      "audit-trails",         "GET",  "/customers/{customer_id}/audit-trails",                         "search " PAGE,                                      'a', FC_API_PAGED},
{"infrastructure", "cloud-providers",      "GET",  "/cloud_providers",                                              "",                                                  'a', 0},
{"infrastructure", "datacenters",          "GET",  "/datacenters",                                                  "",                                                  'a', 0},
};
/* clang-format on */
const size_t fc_api_count = sizeof fc_api / sizeof fc_api[0];

const fc_endpoint *fc_api_find(const char *entity, const char *verb)
{
    size_t i;
    for (i = 0; i < fc_api_count; i++)
        if (!strcmp(fc_api[i].entity, entity) && !strcmp(fc_api[i].verb, verb))
            return &fc_api[i];
    return NULL;
}

size_t fc_api_path_params(const fc_endpoint *e)
{
    size_t n = 0;
    const char *p;
    for (p = e->path; *p; p++)
        n += *p == '{';
    return n;
}

long fc_api_path(const fc_endpoint *e, const char *const *args, size_t nargs,
                 char *out, size_t cap)
{
    const char *p = e->path;
    size_t len = 0, used = 0;

    if (nargs != fc_api_path_params(e))
        return FC_ERR_ARG;
    while (*p) {
        if (*p == '{') {
            long n;
            if (!args[used] || !args[used][0])
                return FC_ERR_ARG;
            n = fc_http_encode(out + len, cap - len, args[used++], 0);
            if (n < 0)
                return n;
            len += (size_t)n;
            p = strchr(p, '}') + 1;
        } else {
            if (cap - len < 2)
                return FC_ERR_REQUEST_TOO_BIG;
            out[len++] = *p++;
        }
    }
    if (len >= cap)
        return FC_ERR_REQUEST_TOO_BIG;
    out[len] = '\0';
    return (long)len;
}

int fc_api_call(fc_client *c, const fc_endpoint *e, const char *const *args,
                size_t nargs, const fc_query *query, size_t nquery,
                const char *body, size_t body_len, fc_response *r)
{
    char path[FC_WORK_MAX / 2];
    fc_request q;
    long n = fc_api_path(e, args, nargs, path, sizeof path);

    if (n < 0)
        return (int)n;
    memset(&q, 0, sizeof q);
    q.method = e->method;
    q.path = path;
    q.path_encoded = 1;
    q.query = query;
    q.nquery = nquery;
    if (body) {
        q.content_type = "application/json";
        q.body = body;
        q.body_len = body_len;
    }
    return fc_client_request(c, &q, r);
}

/* The wire name of a word: without the @ prefix and the type suffix. */
static size_t wire_len(const char *w, size_t n)
{
    size_t k = 0;
    while (k < n && !strchr(":#!=", w[k]))
        k++;
    return k;
}

const char *fc_api_param(const fc_endpoint *e, const char *name, size_t *len)
{
    const char *p = e->params;
    size_t nlen = strlen(name);
    for (;;) {
        const char *w;
        size_t n;
        while (*p == ' ')
            p++;
        if (!*p)
            return NULL;
        n = strcspn(p, " ");
        w = *p == '@' ? p + 1 : p;
        if (wire_len(w, n - (size_t)(w - p)) == nlen && !strncmp(w, name, nlen)) {
            *len = n;
            return p;
        }
        p += n;
    }
}

int fc_api_param_check(const char *word, size_t len, const char *value)
{
    char last = len ? word[len - 1] : '\0';
    const char *colon = memchr(word, ':', len);
    if (!value)
        return FC_ERR_ARG;
    if (last == '#') {
        size_t d = strspn(value, "0123456789");
        return d && d <= 9 && !value[d] ? FC_OK : FC_ERR_ARG;
    }
    if (last == '!')
        return !strcmp(value, "true") || !strcmp(value, "false") ? FC_OK : FC_ERR_ARG;
    if (colon) {
        const char *c = colon + 1, *end = word + len;
        size_t vlen = strlen(value);
        while (c < end) {
            size_t k = strcspn(c, "| ");
            if (k > (size_t)(end - c))
                k = (size_t)(end - c);
            if (k == vlen && !strncmp(c, value, k))
                return FC_OK;
            c += k + 1;
        }
        return FC_ERR_ARG;
    }
    if (last == '=' && *word == '@') {
        /* An empty token pool still checks the whole text: "too many
         * tokens" then means it is valid JSON. */
        fc_json j;
        int rc = fc_json_parse(&j, NULL, 0, value, strlen(value));
        if (rc && rc != FC_ERR_JSON_TOKENS)
            return rc;
        return value[strspn(value, " \t\r\n")] == '{' ? FC_OK : FC_ERR_JSON_TYPE;
    }
    return FC_OK;
}

long fc_api_body(const fc_endpoint *e, const fc_query *p, size_t n, char *out, size_t cap,
                 size_t *bad)
{
    size_t i, len = 0, wlen;
    if (cap < 3)
        return FC_ERR_REQUEST_TOO_BIG;
    out[len++] = '{';
    for (i = 0; i < n; i++) {
        const char *w = fc_api_param(e, p[i].key, &wlen);
        long k;
        int rc;
        if (!w || *w != '@')
            continue;
        if (bad)
            *bad = i;
        if ((rc = fc_api_param_check(w, wlen, p[i].value)) != FC_OK)
            return rc;
        if (len > 1)
            out[len++] = ',';
        /* Room is kept for ",", ":" and the closing "}" and NUL. */
        k = fc_json_write_string(out + len, cap - len - 1, p[i].key);
        if (k < 0 || cap - len - (size_t)k < 4)
            return FC_ERR_REQUEST_TOO_BIG;
        len += (size_t)k;
        out[len++] = ':';
        if (w[wlen - 1] == '=') {
            size_t v = strlen(p[i].value);
            if (v > cap - len - 3)
                return FC_ERR_REQUEST_TOO_BIG;
            memcpy(out + len, p[i].value, v);
            k = (long)v;
        } else {
            k = fc_json_write_string(out + len, cap - len - 2, p[i].value);
            if (k < 0)
                return FC_ERR_REQUEST_TOO_BIG;
        }
        len += (size_t)k;
    }
    out[len++] = '}';
    out[len] = '\0';
    return (long)len;
}

int fc_api_send(fc_client *c, const fc_endpoint *e, const char *const *args, size_t nargs,
                const fc_query *p, size_t np, char *body_buf, size_t body_cap, fc_response *r)
{
    fc_query q[FC_PARAMS_MAX];
    size_t i, nq = 0, wlen;
    long body_len = 0;
    int has_body = !strcmp(e->method, "POST");

    if (np > FC_PARAMS_MAX)
        return FC_ERR_ARG;
    for (i = 0; i < np; i++) {
        const char *w = fc_api_param(e, p[i].key, &wlen);
        if (w && *w == '@') {
            has_body = 1;
            continue;
        }
        if (w && fc_api_param_check(w, wlen, p[i].value) != FC_OK)
            return FC_ERR_ARG;
        q[nq++] = p[i];
    }
    if (has_body) {
        if (!body_buf)
            return FC_ERR_ARG;
        body_len = fc_api_body(e, p, np, body_buf, body_cap, NULL);
        if (body_len < 0)
            return (int)body_len;
    }
    return fc_api_call(c, e, args, nargs, q, nq, has_body ? body_buf : NULL, (size_t)body_len, r);
}
