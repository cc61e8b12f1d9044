/* api.c - the endpoint table, from ../shared/frame-api.md.
 *
 * A new endpoint is one line here plus its one-line help, keyed by entity
 * and verb, in the summaries table of src/main.c: help text belongs to the
 * command line, and the library stays small enough for a microcontroller. */
#include "api.h"

#include <string.h>

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
