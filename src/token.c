/* token.c - the secure-anonymous token, decoded.
 *
 * The API answers a token request with a bare JSON string; a kiosk wants
 * the token itself, ready to put in a URL. This never hands back part of a
 * token: one that does not fit is an error. */
#include "flows.h"

#include <string.h>

long fc_api_token(fc_client *c, const fc_endpoint *e, const char *const *args, size_t nargs,
                  const fc_query *p, size_t np, char *buf, size_t cap, char *token,
                  size_t token_cap, int *status)
{
    fc_response r;
    fc_json j;
    jsmntok_t tok[1];
    fc_query q[FC_PARAMS_MAX];
    size_t i, nq = 0, wlen;
    long blen;
    char *body;
    int rc;

    if (status)
        *status = 0;
    if (!e || e->kind != 's' || !buf || cap < 3 || !token || !token_cap)
        return FC_ERR_ARG;
    token[0] = '\0';
    if (np > FC_PARAMS_MAX)
        return FC_ERR_ARG;
    /* The body moves to the end of buf and the response fills it from the
     * start: a request sent again (a reconnect, a re-signed 401) must find
     * its body intact after a response arrived. */
    blen = fc_api_body(e, p, np, buf, cap, NULL);
    if (blen < 0)
        return blen;
    if ((size_t)blen + 3 > cap)
        return FC_ERR_REQUEST_TOO_BIG;
    body = buf + cap - (size_t)blen;
    memmove(body, buf, (size_t)blen);
    for (i = 0; i < np; i++) {
        const char *w = fc_api_param(e, p[i].key, &wlen);
        if (w && *w == '@')
            continue;
        if (w && fc_api_param_check(w, wlen, p[i].value) != FC_OK)
            return FC_ERR_ARG;
        q[nq++] = p[i];
    }
    memset(&r, 0, sizeof r);
    r.body = (unsigned char *)buf;
    r.body_cap = cap - (size_t)blen - 1;
    rc = fc_api_call(c, e, args, nargs, q, nq, body, (size_t)blen, &r);
    if (status)
        *status = r.status;
    if (rc)
        return rc;
    buf[r.body_len] = '\0';
    if ((rc = fc_err_status(r.status)) != FC_OK)
        return rc;
    rc = fc_json_parse(&j, tok, 1, buf, r.body_len);
    if (rc == FC_ERR_JSON_TOKENS)
        return FC_ERR_JSON_TYPE; /* valid JSON, but more than one value */
    if (rc)
        return rc;
    if (fc_json_type(&j, 0) != FC_JSON_STRING)
        return FC_ERR_JSON_TYPE;
    rc = (int)fc_json_string(&j, 0, token, token_cap);
    return rc < 0 ? rc : (long)rc;
}
