/* api.h - the Frame Admin API endpoint table.
 *
 * One line per endpoint (src/api.c) drives both the library calls and the
 * command line: `framec ENTITY VERB ARGS... [--option VALUE]`. Adding an
 * endpoint is adding one line (and its help line in src/cli/help.c). The
 * table is constant data; nothing here allocates or touches the network
 * except through fc_client_request.
 *
 * Parameters are one space-separated string, each word one of:
 *   name          query parameter, --name VALUE
 *   name:a|b      query parameter whose value must be one of a, b
 *   name#         query parameter that must be a non-negative integer
 *   name!         query flag: --name sends name=true
 *   @name         JSON body string field, --name VALUE
 *   @name=        JSON body field holding raw JSON, --name JSON (an object)
 * A parameter's wire name is its word without prefix and suffix
 * ("organization_id", "show_deleted", "metadata"); fc_api_send takes
 * parameters by that name. Underscores in names become dashes on the
 * command line (organization_id is --organization-id). Path parameters are the {braces} of the path:
 * they are positional arguments, percent-encoded in full ('/' included). */
#ifndef FC_API_H
#define FC_API_H

#include "framec.h"

#ifdef __cplusplus
extern "C" {
#endif

enum {
    FC_API_PAGED = 1 /* offset/limit paging: the CLI offers --all */
};

typedef struct {
    const char *entity, *verb; /* command words */
    const char *method, *path; /* path template with {params} */
    const char *params;        /* see above */
    char kind;                 /* response: 'a' array, 'o' object, 's' JSON string */
    unsigned char flags;       /* FC_API_*; a byte beside kind: 4 B less per line */
} fc_endpoint;

extern const fc_endpoint fc_api[];
extern const size_t fc_api_count;

const fc_endpoint *fc_api_find(const char *entity, const char *verb);
/* Number of {params} in e's path. */
size_t fc_api_path_params(const fc_endpoint *e);
/* Fills the path template with args (nargs must equal the count), each
 * fully percent-encoded, into out. Returns the length, FC_ERR_ARG for a
 * wrong count or an empty argument, FC_ERR_FIELD for a control byte, or
 * FC_ERR_REQUEST_TOO_BIG. */
long fc_api_path(const fc_endpoint *e, const char *const *args, size_t nargs,
                 char *out, size_t cap);
/* One call of endpoint e: path from args, the given query and body (body
 * may be NULL; POST bodies are JSON). */
int fc_api_call(fc_client *c, const fc_endpoint *e, const char *const *args,
                size_t nargs, const fc_query *query, size_t nquery,
                const char *body, size_t body_len, fc_response *r);

/* The word of e's parameters whose wire name is name (*len its length;
 * not NUL-terminated), or NULL when e has no such parameter. */
const char *fc_api_param(const fc_endpoint *e, const char *name, size_t *len);
/* FC_OK when value fits the word: a non-negative integer of at most 9
 * digits for name#, one of the choices for name:a|b, "true" or "false"
 * for name!, a JSON object for @name= (FC_ERR_JSON or FC_ERR_JSON_DEPTH
 * when it is not JSON, FC_ERR_JSON_TYPE when it is no object); anything
 * for the others. FC_ERR_ARG otherwise, and for a NULL value. */
int fc_api_param_check(const char *word, size_t len, const char *value);
/* The JSON body of the @ parameters among p, in p's order (parameters of
 * other words, and names e does not know, are skipped: they belong in the
 * query): strings escaped, @name= objects copied after fc_api_param_check.
 * "{}" when there are none. Writes a NUL after it and returns its length;
 * on a value that does not fit its word the fc_api_param_check error, or
 * FC_ERR_REQUEST_TOO_BIG when out is too small, with *bad (when bad is
 * not NULL) the index of the parameter at fault. */
long fc_api_body(const fc_endpoint *e, const fc_query *p, size_t n, char *out, size_t cap,
                 size_t *bad);
/* One call of e with named parameters: the path from args; parameters of
 * e's query words, and names e does not know, in the query (value NULL
 * sends the bare key); its @ words in a JSON body built in body_buf (a
 * POST always sends one, {} at least; body_buf may be NULL for endpoints
 * that take none). Every value is checked (fc_api_param_check) before
 * anything is sent; at most FC_PARAMS_MAX parameters (FC_ERR_ARG). The
 * HTTP status comes back in r, as with fc_client_request. */
int fc_api_send(fc_client *c, const fc_endpoint *e, const char *const *args, size_t nargs,
                const fc_query *p, size_t np, char *body_buf, size_t body_cap, fc_response *r);

#ifdef __cplusplus
}
#endif

#endif
