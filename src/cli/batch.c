/* batch.c - framec batch: one request a line from stdin, one line out each.
 *
 * Every request goes over the one kept-alive connection. A request's
 * failure ends that request, not the batch: fail() jumps back here with its
 * exit code, and an empty line keeps the output aligned with the input. */
#include <stdio.h> /* input only: stdin and files are read with stdio */
#include <string.h>

#include "cli.h"

jmp_buf *batch_jump;
unsigned long batch_line;

/* The next word of *p (ended by space, tab or the end), NUL-terminated in
 * place; NULL when there is none. */
static char *next_word(char **p)
{
    char *w = *p;
    while (*w == ' ' || *w == '\t')
        w++;
    if (!*w)
        return NULL;
    *p = w + strcspn(w, " \t");
    if (**p)
        *(*p)++ = '\0';
    return w;
}

/* %XX escapes of a batch line's query, decoded in place (the request
 * writer encodes them again, so raw and escaped input both work). */
static char *unescape(char *s)
{
    size_t n = strlen(s);
    s[fc_http_unescape(s, n, s, n)] = '\0'; /* never longer: always fits */
    return s;
}

/* One batch line: METHOD PATH [BODY]. Returns the line's exit code, or
 * leaves through fail() (and the batch's jump) when the request fails. */
static int batch_do(char *line)
{
    static const char *const methods[] = {"GET", "POST", "PUT", "DELETE", "HEAD", NULL};
    const char *const *m;
    const char *args[2];
    char *rest = line, *method, *path, *qs;
    fc_query q[MAX_QUERY];
    size_t nq = 0;
    int known = 0, status;

    method = next_word(&rest);
    for (m = methods; *m; m++)
        known |= !strcmp(method, *m);
    path = next_word(&rest);
    while (*rest == ' ' || *rest == '\t')
        rest++;
    if (!known || !path)
        fail(EX_USAGE, "expected METHOD PATH [JSON BODY], METHOD one of GET POST PUT DELETE HEAD");
    if ((qs = strchr(path, '?')) != NULL) {
        *qs++ = '\0';
        while (*qs) {
            char *pair = qs, *eq;
            qs += strcspn(qs, "&");
            if (*qs)
                *qs++ = '\0';
            if (!*pair)
                continue;
            if (nq == MAX_QUERY)
                fail(EX_USAGE, "at most %d query parameters", MAX_QUERY);
            eq = strchr(pair, '=');
            if (eq)
                *eq++ = '\0';
            q[nq].key = unescape(pair);
            q[nq++].value = eq ? unescape(eq) : NULL;
        }
    }
    args[0] = method;
    args[1] = path;
    status = (int)perform(NULL, args, 2, q, nq, *rest ? rest : NULL, strlen(rest), SINK_BATCH);
    emit("\n", 1);
    if (status >= 200 && status < 300)
        return EX_OK;
    out_pending();
    fmt_fd(2, "framec: line %lu: HTTP %d\n", batch_line, status);
    return status >= 500 ? EX_HTTP_5XX : status >= 400 ? EX_HTTP_4XX : EX_RESPONSE;
}

/* framec batch: one request a line from stdin, one line out for each. */
int run_batch(void)
{
    jmp_buf jump;
    volatile int first_fail = EX_OK;
    char *line = data_buf;

    while (fgets(line, DATA_MAX + 1, stdin)) {
        size_t n = strlen(line);
        int code;
        batch_line++;
        if (n == DATA_MAX && line[n - 1] != '\n')
            fail(EX_USAGE, "line %lu is longer than %d bytes", batch_line, DATA_MAX);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        n = strspn(line, " \t");
        if (!line[n] || line[n] == '#')
            continue;
        out_finish();
        batch_jump = &jump;
        code = setjmp(jump);
        if (code == 0) {
            code = batch_do(line);
        } else {
            /* The request failed: what it printed goes, and an empty line
             * (with --status, "0" and a tab) keeps lines and requests
             * aligned. */
            if (!out_spilled)
                out_len = 0;
            emit_str(opt.status ? "0\t\n" : "\n");
        }
        batch_jump = NULL;
        out_finish();
        out_spilled = 0;
        if (code && !first_fail)
            first_fail = code;
        if (code && opt.fail_fast)
            break;
    }
    if (ferror(stdin))
        fail(EX_LOCAL, "cannot read the requests from stdin");
    return first_fail;
}
