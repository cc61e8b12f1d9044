/* api.h - the Frame Admin API endpoint table.
 *
 * One line per endpoint (src/api.c) drives both the library calls and the
 * command line: `framec ENTITY VERB ARGS... [--option VALUE]`. Adding an
 * endpoint is adding one line (and its help line in src/main.c). The
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
 * Underscores in names become dashes on the command line (organization_id
 * is --organization-id). Path parameters are the {braces} of the path:
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

#ifdef __cplusplus
}
#endif

#endif
