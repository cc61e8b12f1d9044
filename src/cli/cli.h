/* cli.h - what the files of the framec command share.
 *
 * The command is a thin layer over the library: args.c reads the command
 * line, help.c prints the help, credentials.c finds the secret and the CA
 * bundle, output.c holds stdout until success and turns every failure
 * into one line and an exit code, request.c makes one call and streams its
 * body out, commands.c runs the named commands over the library's
 * workflows (flows.h), batch.c runs requests from stdin, sessions.c keeps
 * the TLS session between runs (--tls-sessions), main.c ties them
 * together. Only these files print or exit; the library does neither. */
#ifndef FC_CLI_H
#define FC_CLI_H

#include <setjmp.h>
#include <stdint.h>

#include "api.h"
#include "flows.h"
#include "fmt.h"
#include "framec.h"
#include "json.h"
#include "port_cli.h"

/* The exit codes are the library's error classes (error.h). */
enum {
    EX_OK = FC_CLASS_OK,
    EX_LOCAL = FC_CLASS_LOCAL,
    EX_USAGE = FC_CLASS_USAGE,
    EX_CONFIG = FC_CLASS_CONFIG,
    EX_NET = FC_CLASS_NET,
    EX_TLS = FC_CLASS_TLS,
    EX_HTTP_4XX = FC_CLASS_HTTP_4XX,
    EX_HTTP_5XX = FC_CLASS_HTTP_5XX,
    EX_TIMEOUT = FC_CLASS_TIMEOUT,
    EX_RESPONSE = FC_CLASS_RESPONSE,
    EX_FAILED = FC_CLASS_FAILED
};

#define DEFAULT_CA_FILE "/etc/ssl/certs/ca-certificates.crt"
#define SYSTEM_CREDENTIALS "/etc/framec/credentials"
#define MAX_QUERY 32
#define MAX_FIELDS 16
#define MAX_ARGS 4
#define MAX_BODY 8
#define PAGE_SIZE "100"    /* --all: default page size */
#define RETRIES 3          /* --retries default */
#define MAX_TIME_MS 300000 /* --max-time default for one-shot commands */
#define OUT_BUF (16 * 1024)
#define ELEM_BUF (64 * 1024) /* largest array element or non-array body */
#define TOKENS 2048
#define DATA_MAX (1024 * 1024)
#define CRED_MAX 4096
#define MAX_PINS 16 /* --pinnedpubkey hashes */

typedef struct {
    const char *word[2 + MAX_ARGS]; /* command words, then arguments */
    size_t nword;
    const fc_endpoint *ep;
    int generic, sign, session_wait, batch, help;
    const char *url, *cacert, *credentials, *data, *timestamp;
    const char *tls_sessions; /* --tls-sessions FILE ("": none) */
    uint32_t timeout_ms, connect_timeout_ms, max_time_ms, interval_ms, max_wait_ms;
    const char *proxy;
    long retries;      /* -1: the default */
    unsigned tls_frag; /* --tls-max-fragment; 0: full-size records */
    fc_pin pins[MAX_PINS]; /* --pinnedpubkey */
    size_t npins;
    int verbose, all, wait, status, fail_fast;
    fc_query query[MAX_QUERY];
    size_t nquery;
    const char *field[MAX_FIELDS];
    size_t nfield;
    /* Body fields of the endpoint ("@name"/"@name="), in the order given. */
    fc_query body[MAX_BODY];
    size_t nbody;
    char keys[32][40]; /* wire names of the endpoint options given */
    size_t nkeys;
} options;

/* State of the one command this process runs. */
extern options opt;
extern fc_client client;
extern fc_anchors anchors;
extern char data_buf[DATA_MAX + 1];
extern char elem_buf[ELEM_BUF];
extern char str_buf[ELEM_BUF];
extern jsmntok_t tokens[TOKENS];
extern char cred_buf[CRED_MAX];
extern char cred_tls_sessions[1024]; /* tls_sessions= of the credentials file */

/* args.c */
void parse_args(int argc, char **argv, options *o);
void check_args(const options *o);
size_t param_name(const char *w, size_t wlen, char *out, size_t cap);
const char *next_param(const char *p, size_t *len);

/* help.c: each prints to stdout and exits 0, except print_synopsis. */
void print_synopsis(fmt_out *o, const fc_endpoint *e);
void usage_all(void);
void usage_endpoint(const fc_endpoint *e);
void usage_batch(void);

/* Trust anchors compiled in (make ANCHORS=bundle.pem; anchors_none.c
 * otherwise: count 0). */
extern const br_x509_trust_anchor fc_builtin_anchors[];
extern const size_t fc_builtin_anchors_count;

/* sessions.c: the session file (NULL: none or not safe to use); saved
 * and wiped at exit. */
fc_session *sessions_open(const char *file);

/* credentials.c */
void find_credentials(const options *o, const char **id, char **secret);
size_t slurp(const char *path, char *buf, size_t cap, const char *what, int code);
/* path NULL: the compiled-in anchors if there are any, else
 * DEFAULT_CA_FILE. */
void load_anchors(fc_anchors *a, const char *path);
/* A bundle file read only when a full handshake needs it (with a session
 * file): 1 and trust_id set when deferred, 0 when read now is better. */
int defer_anchors(fc_anchors *a, const char *path, uint8_t trust_id[32]);

/* output.c: output is held until out_finish (or streams once past
 * OUT_BUF); fail() flushes what is promised, prints one line, exits (in a
 * batch, jumps back to batch.c). */
extern size_t out_len;
extern int out_spilled;
#ifdef __GNUC__
#define CLI_NORETURN __attribute__((noreturn))
#define CLI_PRINTF __attribute__((format(printf, 2, 3)))
#else
#define CLI_NORETURN
#define CLI_PRINTF
#endif
CLI_NORETURN CLI_PRINTF void fail(int code, const char *fmt, ...);
CLI_NORETURN void fail_rc(int rc);
CLI_NORETURN void fail_http(int status, const char *body, size_t len);
void emit(const void *p, size_t n);
void emit_str(const char *s);
void emit_text(const char *s, size_t n);
void emit_value(const fc_json *j, int t);
void emit_row(const fc_json *j);
void out_pending(void);
void out_finish(void);

/* request.c: one call; returns only when it succeeded with a 2xx status
 * (in SINK_BATCH, with any status: then it returns the status). */
enum { SINK_RAW, SINK_ELEMENTS, SINK_BATCH };
size_t perform(const fc_endpoint *e, const char *const *args, size_t nargs, const fc_query *q,
               size_t nq, const char *body, size_t body_len, int mode);

/* commands.c */
int run_endpoint(void);
int session_wait(void);

/* batch.c */
extern unsigned long batch_line;
extern jmp_buf *batch_jump; /* set while a batch line runs */
int run_batch(void);

#endif
