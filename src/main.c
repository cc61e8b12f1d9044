/* main.c - the framec command line.
 *
 * A thin layer over the library: parse arguments, find credentials and the
 * CA bundle, make the requests, print the result, and turn every failure
 * into one line on stderr and a documented exit code. Secrets come only
 * from a credentials file or the environment, never from argv, and are
 * wiped as soon as the HMAC key state exists.
 *
 * Output is held in OUT_BUF until the command has succeeded, so a failure
 * leaves stdout empty; output larger than that streams through in blocks of
 * OUT_BUF, flushed before any message on stderr (then, as with curl, the
 * exit code alone says it was complete).
 * JSON arrays are processed one element at a time, so memory stays flat
 * however long a list is. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "framec.h"
#include "json.h"

enum {
    EX_OK = 0,
    EX_LOCAL = 1,    /* local failure: writing output, entropy */
    EX_USAGE = 2,    /* bad command line, unreadable --data file, bad --field */
    EX_CONFIG = 3,   /* credentials, URL or CA bundle missing or bad */
    EX_NET = 4,      /* DNS, connect, or connection lost */
    EX_TLS = 5,      /* TLS handshake or certificate check */
    EX_HTTP_4XX = 6,
    EX_HTTP_5XX = 7,
    EX_TIMEOUT = 8,  /* network timeout, or --max-wait expired */
    EX_RESPONSE = 9, /* malformed, truncated or oversized response */
    EX_FAILED = 10   /* publish task ended in failure */
};

#define DEFAULT_CA_FILE "/etc/ssl/certs/ca-certificates.crt"
#define SYSTEM_CREDENTIALS "/etc/framec/credentials"
#define MAX_QUERY 32
#define MAX_FIELDS 16
#define MAX_ARGS 4
#define PAGE_SIZE "100"  /* --all: default page size */
#define RETRIES 3          /* --retries default */
#define MAX_TIME_MS 300000 /* --max-time default for one-shot commands */
#define OUT_BUF (16 * 1024)
#define ELEM_BUF (64 * 1024) /* largest array element or non-array body */
#define TOKENS 2048
#define DATA_MAX (1024 * 1024)
#define CRED_MAX 4096

/* In a batch, a request's failure ends that request, not the command:
 * fail() then jumps back to the batch loop with the exit code. */
static jmp_buf *batch_jump;
static unsigned long batch_line;

static void out_pending(void);

/* The message goes out as one line in one write, so that it does not
 * interleave with other processes writing to the same stderr (a script's
 * log, parallel batch runs). Messages quote at most 1 KB of a server's
 * error body, well inside the line. */
static void fail(int code, const char *fmt, ...)
{
    char line[2048];
    size_t n;
    va_list ap;
    out_pending();
    fflush(stdout);
    if (batch_jump)
        snprintf(line, sizeof line, "framec: line %lu: ", batch_line);
    else
        strcpy(line, "framec: ");
    n = strlen(line);
    va_start(ap, fmt);
    vsnprintf(line + n, sizeof line - n - 1, fmt, ap);
    va_end(ap);
    n = strlen(line);
    line[n] = '\n';
    fwrite(line, 1, n + 1, stderr);
    if (batch_jump && code != EX_LOCAL)
        longjmp(*batch_jump, code);
    exit(code);
}

/* ---- Help ----------------------------------------------------------------- */

static const char usage_head[] =
    "usage: framec [options] ENTITY VERB [ARGS...] [command options]\n"
    "       framec [options] get|delete PATH [--query KEY=VALUE]...\n"
    "       framec [options] post|put PATH [--data JSON | --data @FILE]\n"
    "       framec [options] sign [--timestamp T]\n"
    "       framec [options] batch [--status] [--fail-fast] < REQUESTS\n"
    "\n"
    "Calls the Frame Admin API with signed requests. The response body goes\n"
    "to stdout exactly as received; errors are one line on stderr.\n"
    "`framec ENTITY VERB --help` shows one command's options.\n"
    "\n"
    "commands:\n";

static const char usage_tail[] =
    "  accounts session-wait ACCOUNT SESSION           poll until the session ends\n"
    "  get|delete|post|put PATH                        any other endpoint\n"
    "  sign                                            print the three X-Frame headers\n"
    "  batch                                           requests from stdin, one connection\n"
    "\n"
    "options:\n"
    "  --url BASE          API base URL (env FRAME_API_URL; default\n"
    "                      " FC_DEFAULT_URL ")\n"
    "  --cacert FILE       CA bundle, PEM (env SSL_CERT_FILE; default\n"
    "                      " DEFAULT_CA_FILE ")\n"
    "  --credentials FILE  lines client_id=... and client_secret=...; default:\n"
    "                      $XDG_CONFIG_HOME/framec/credentials (~/.config/...),\n"
    "                      " SYSTEM_CREDENTIALS ", then env FRAME_CLIENT_ID and\n"
    "                      FRAME_CLIENT_SECRET; files must be mode 600\n"
    "  --connect-timeout S limit for connecting: TCP, proxy, TLS (10)\n"
    "  --timeout SECONDS   longest wait for any one read or write (30)\n"
    "  --max-time SECONDS  limit for the whole command, retries included (300;\n"
    "                      none for --wait, session-wait and --all unless given)\n"
    "  --retries N         retries of transient failures, with backoff (3)\n"
    "  --tls-max-fragment N\n"
    "                      ask for TLS records of at most N bytes (512, 1024,\n"
    "                      2048, 4096): the small-RAM profile; only servers that\n"
    "                      honour max_fragment_length (OpenSSL-based) accept it\n"
    "  --proxy URL         http://[user:pass@]host:port (env https_proxy,\n"
    "                      HTTPS_PROXY; no_proxy/NO_PROXY lists hosts to reach\n"
    "                      directly)\n"
    "  --field PATH        print this value instead of the body (repeatable:\n"
    "                      tab-separated columns; one line per array element)\n"
    "  --all               paged lists: fetch every page (page size " PAGE_SIZE
    " or --limit)\n"
    "  --wait              accounts publish: poll the task until it ends\n"
    "  --interval SECONDS  polling interval (publish --wait 5, session-wait 10)\n"
    "  --max-wait SECONDS  give up polling after this long (exit 8)\n"
    "  -v, --verbose       request and response headers to stderr\n"
    "                      (the signature is redacted)\n"
    "  -h, --help          this help\n"
    "  --version           print the version\n"
    "\n"
    "exit codes:\n"
    "  0 success                      6 HTTP 4xx\n"
    "  1 local failure (output)       7 HTTP 5xx\n"
    "  2 usage error                  8 timeout (network or --max-wait)\n"
    "  3 credentials or config error  9 malformed response\n"
    "  4 DNS or connection failure   10 publish task failed\n"
    "  5 TLS or certificate failure\n";

/* The command-line spelling of a parameter word: dashes for underscores,
 * without its @ prefix or type suffix. */
static size_t param_name(const char *w, size_t wlen, char *out, size_t cap)
{
    size_t i, n = 0;
    if (*w == '@')
        w++, wlen--;
    for (i = 0; i < wlen && n + 1 < cap && !strchr(":#!=", w[i]); i++)
        out[n++] = w[i] == '_' ? '-' : w[i];
    out[n] = '\0';
    return n;
}

/* Walks e->params word by word. */
static const char *next_param(const char *p, size_t *len)
{
    while (*p == ' ')
        p++;
    *len = strcspn(p, " ");
    return *len ? p : NULL;
}

static void print_synopsis(FILE *f, const fc_endpoint *e)
{
    const char *p = e->params, *w;
    size_t n;
    fprintf(f, "framec %s %s", e->entity, e->verb);
    for (w = e->path; (w = strchr(w, '{')) != NULL; w++) {
        size_t k = strcspn(w + 1, "}");
        fputc(' ', f);
        for (n = 0; n < k && w[1 + n] != '_'; n++)
            fputc(w[1 + n] - 'a' + 'A', f);
    }
    while ((w = next_param(p, &n)) != NULL) {
        char name[64];
        const char *colon = memchr(w, ':', n);
        param_name(w, n, name, sizeof name);
        if (w[n - 1] == '!')
            fprintf(f, " [--%s]", name);
        else if (colon)
            fprintf(f, " [--%s %.*s]", name, (int)(w + n - colon - 1), colon + 1);
        else
            fprintf(f, " [--%s %s]", name,
                    w[n - 1] == '#' ? "N" : w[n - 1] == '=' ? "JSON" : "X");
        p = w + n;
    }
    if (e->flags & FC_API_PAGED)
        fputs(" [--all]", f);
    if (!strcmp(e->verb, "publish"))
        fputs(" [--wait [--interval S] [--max-wait S]]", f);
}

static void usage_batch(void)
{
    puts("usage: framec [options] batch [--status] [--fail-fast] < REQUESTS\n"
         "\n"
         "Reads one request a line, METHOD PATH [JSON BODY] (blank lines and\n"
         "#comments skipped; PATH may carry ?key=value&... with %-escapes), sends\n"
         "them in order over one kept-alive connection, and prints one line per\n"
         "request: the response body with its line breaks removed (an empty body\n"
         "prints null). --status puts the HTTP status and a tab first. A request\n"
         "that fails prints an empty line (with --status: 0 and a tab) and a line\n"
         "on stderr; the batch goes on unless --fail-fast. Exits 0 when every\n"
         "request got a 2xx status, else with the code of the first failure.");
    exit(EX_OK);
}

/* One line of help per endpoint of src/api.c, found by its command words.
 * It lives here, not in the endpoint table, because only the command line
 * shows it, and the library must fit a microcontroller. tests/commands.sh
 * checks that every endpoint has one. */
/* clang-format off */
static const struct {
    const char *entity, *verb, *summary;
} summaries[] = {
{"accounts",       "list",                  "list accounts (name: substring)"},
{"accounts",       "get",                   "one account"},
{"accounts",       "availability-zones",    "availability zones of an account"},
{"accounts",       "upgrade-groups",        "upgrade (deployment) groups"},
{"accounts",       "user-volumes-settings", "user volume settings"},
{"accounts",       "publish",               "publish the sandbox (--wait: until the task ends)"},
{"accounts",       "publish-tasks",         "publish tasks"},
{"accounts",       "publish-status",        "status of one publish task"},
{"accounts",       "session",               "one session (state: init, reserved, open, ...)"},
{"accounts",       "sat-token",             "secure anonymous token (printed bare)"},
{"organizations",  "list",                  "list organizations"},
{"organizations",  "get",                   "one organization"},
{"organizations",  "audit-trails",          "audit trail of an organization"},
{"organizations",  "sat-token",             "secure anonymous token (printed bare)"},
{"customers",      "get",                   "the caller's customer"},
{"customers",      "accounts",              "accounts of a customer"},
{"customers",      "audit-trails",          "audit trail of a customer"},
{"infrastructure", "cloud-providers",       "cloud providers"},
{"infrastructure", "datacenters",           "datacenters"},
};
/* clang-format on */

static const char *summary(const fc_endpoint *e)
{
    size_t i;
    for (i = 0; i < sizeof summaries / sizeof summaries[0]; i++)
        if (!strcmp(summaries[i].entity, e->entity) && !strcmp(summaries[i].verb, e->verb))
            return summaries[i].summary;
    return "";
}

static void usage_all(void)
{
    size_t i;
    fputs(usage_head, stdout);
    for (i = 0; i < fc_api_count; i++) {
        /* "accounts get ACCOUNT": the verb, then its path parameters. */
        char cmd[72];
        const char *w;
        size_t n = (size_t)snprintf(cmd, sizeof cmd, "%s %s", fc_api[i].entity, fc_api[i].verb);
        for (w = fc_api[i].path; (w = strchr(w, '{')) != NULL && n + 2 < sizeof cmd; w++) {
            cmd[n++] = ' ';
            for (w++; *w != '_' && *w != '}' && n + 1 < sizeof cmd; w++)
                cmd[n++] = (char)(*w - 'a' + 'A');
            cmd[n] = '\0';
        }
        printf("  %-46s  %s\n", cmd, summary(&fc_api[i]));
    }
    fputs(usage_tail, stdout);
    exit(EX_OK);
}

static void usage_endpoint(const fc_endpoint *e)
{
    fputs("usage: ", stdout);
    print_synopsis(stdout, e);
    printf(" [--field PATH]...\n\n%s\n%s %s%s\n", summary(e), e->method,
           e->path, e->kind == 's' ? "\nprints the token itself (no quotes)" : "");
    if (e->flags & FC_API_PAGED)
        puts("--all follows offset/limit until a short page and prints one array");
    exit(EX_OK);
}

/* ---- Options -------------------------------------------------------------- */

typedef struct {
    const char *word[2 + MAX_ARGS]; /* command words, then arguments */
    size_t nword;
    const fc_endpoint *ep;
    int generic, sign, session_wait, batch, help;
    const char *url, *cacert, *credentials, *data, *timestamp;
    uint32_t timeout_ms, connect_timeout_ms, max_time_ms, interval_ms, max_wait_ms;
    const char *proxy;
    long retries; /* -1: the default */
    unsigned tls_frag; /* --tls-max-fragment; 0: full-size records */
    int verbose, all, wait, status, fail_fast;
    fc_query query[MAX_QUERY];
    size_t nquery;
    const char *field[MAX_FIELDS];
    size_t nfield;
    /* Body fields of the endpoint, in table order ("@name"/"@name="). */
    const char *body_key[8], *body_val[8];
    int body_raw[8];
    size_t nbody;
    char keys[32][40]; /* wire names of the endpoint options given */
    size_t nkeys;
} options;

/* SECONDS, decimals allowed (0.5), up to a day. */
static uint32_t parse_seconds(const char *opt, const char *s)
{
    unsigned long ms = 0, scale = 1000;
    const char *p = s;
    for (; *p >= '0' && *p <= '9' && ms <= 86400000ul; p++)
        ms = ms * 10 + (unsigned long)(*p - '0') * 1000;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++)
            if ((scale /= 10) > 0)
                ms += (unsigned long)(*p - '0') * scale;
    if (p == s || *p || ms == 0 || ms > 86400000ul)
        fail(EX_USAGE, "%s: '%s' is not a number of seconds (0 < s <= 86400)", opt, s);
    return (uint32_t)ms;
}

static void add_query(options *o, const char *key, const char *value)
{
    if (o->nquery == MAX_QUERY)
        fail(EX_USAGE, "at most %d query parameters", MAX_QUERY);
    o->query[o->nquery].key = key;
    o->query[o->nquery++].value = value;
}

/* An option of the endpoint's own (--name, --show-deleted, ...). Returns
 * how many argv entries it used, 0 when it is not one. The key strings
 * are copied into o->keys, without the word's prefix and suffix. */
static int endpoint_option(options *o, const char *a, const char *val)
{
    const char *p = o->ep->params, *w;
    size_t n;
    while ((w = next_param(p, &n)) != NULL) {
        char name[40];
        char last = w[n - 1];
        p = w + n;
        param_name(w, n, name, sizeof name);
        if (strncmp(a, "--", 2) || strcmp(a + 2, name))
            continue;
        if (o->nkeys == sizeof o->keys / sizeof o->keys[0])
            fail(EX_USAGE, "too many options");
        /* The wire name: the word without prefix and suffix. */
        {
            const char *k = *w == '@' ? w + 1 : w;
            size_t klen = strcspn(k, ":#!= ");
            if (klen >= sizeof o->keys[0])
                fail(EX_USAGE, "%s: option name too long", a);
            memcpy(o->keys[o->nkeys], k, klen);
            o->keys[o->nkeys][klen] = '\0';
        }
        if (last == '!') {
            add_query(o, o->keys[o->nkeys++], "true");
            return 1;
        }
        if (!val)
            fail(EX_USAGE, "%s needs a value (try --help)", a);
        if (last == '#') {
            const char *d = val;
            while (*d >= '0' && *d <= '9')
                d++;
            if (d == val || *d || d - val > 9)
                fail(EX_USAGE, "%s: '%s' is not a non-negative integer", a, val);
        } else if (memchr(w, ':', n)) {
            const char *choices = (const char *)memchr(w, ':', n) + 1, *end = w + n, *c;
            int found = 0;
            for (c = choices; c < end && !found;) {
                size_t k = strcspn(c, "| ");
                found = strlen(val) == k && !strncmp(c, val, k);
                c += k + 1;
            }
            if (!found)
                fail(EX_USAGE, "%s: '%s' is not one of %.*s", a, val, (int)(end - choices),
                     choices);
        }
        if (*w == '@') {
            if (o->nbody == sizeof o->body_key / sizeof o->body_key[0])
                fail(EX_USAGE, "too many body options");
            o->body_key[o->nbody] = o->keys[o->nkeys++];
            o->body_raw[o->nbody] = last == '=';
            o->body_val[o->nbody++] = val;
        } else {
            add_query(o, o->keys[o->nkeys++], val);
        }
        return 2;
    }
    return 0;
}

/* Decides what the command words name, once enough of them are known. */
static void resolve_command(options *o)
{
    const char *c = o->word[0];
    if (o->ep || o->generic || o->sign || o->session_wait || o->batch || o->nword == 0)
        return;
    if (!strcmp(c, "get") || !strcmp(c, "delete") || !strcmp(c, "post") || !strcmp(c, "put")) {
        o->generic = 1;
    } else if (!strcmp(c, "sign")) {
        o->sign = 1;
    } else if (!strcmp(c, "batch")) {
        o->batch = 1;
    } else if (o->nword == 2) {
        if (!strcmp(c, "accounts") && !strcmp(o->word[1], "session-wait")) {
            o->session_wait = 1;
            return;
        }
        o->ep = fc_api_find(c, o->word[1]);
        if (!o->ep)
            fail(EX_USAGE, "unknown command '%s %s' (try --help)", c, o->word[1]);
    }
}

static void parse_args(int argc, char **argv, options *o)
{
    int i;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        const char **str = NULL;
        uint32_t *secs = NULL;
        int used;

        resolve_command(o);
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            o->help = 1;
            continue;
        } else if (!strcmp(a, "--version")) {
            puts("framec " FC_VERSION);
            exit(EX_OK);
        } else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
            o->verbose = 1;
            continue;
        } else if (!strcmp(a, "--all")) {
            o->all = 1;
            continue;
        } else if (!strcmp(a, "--wait")) {
            o->wait = 1;
            continue;
        } else if (!strcmp(a, "--status")) {
            o->status = 1;
            continue;
        } else if (!strcmp(a, "--fail-fast")) {
            o->fail_fast = 1;
            continue;
        } else if (o->ep && (used = endpoint_option(o, a, v)) > 0) {
            i += used - 1;
            continue;
        } else if (!strcmp(a, "--url")) {
            str = &o->url;
        } else if (!strcmp(a, "--cacert")) {
            str = &o->cacert;
        } else if (!strcmp(a, "--credentials")) {
            str = &o->credentials;
        } else if (!strcmp(a, "--data")) {
            str = &o->data;
        } else if (!strcmp(a, "--timestamp")) {
            str = &o->timestamp;
        } else if (!strcmp(a, "--timeout")) {
            secs = &o->timeout_ms;
        } else if (!strcmp(a, "--connect-timeout")) {
            secs = &o->connect_timeout_ms;
        } else if (!strcmp(a, "--max-time")) {
            secs = &o->max_time_ms;
        } else if (!strcmp(a, "--proxy")) {
            str = &o->proxy;
        } else if (!strcmp(a, "--retries")) {
            const char *d = v;
            if (!v)
                fail(EX_USAGE, "--retries needs a value (try --help)");
            while (*d >= '0' && *d <= '9')
                d++;
            if (d == v || *d || d - v > 2)
                fail(EX_USAGE, "--retries: '%s' is not a number from 0 to 99", v);
            o->retries = atol(v);
            i++;
            continue;
        } else if (!strcmp(a, "--tls-max-fragment")) {
            if (!v)
                fail(EX_USAGE, "--tls-max-fragment needs a value (try --help)");
            if (strcmp(v, "512") && strcmp(v, "1024") && strcmp(v, "2048") && strcmp(v, "4096"))
                fail(EX_USAGE, "--tls-max-fragment: '%s' is not 512, 1024, 2048 or 4096", v);
            o->tls_frag = (unsigned)atol(v);
            i++;
            continue;
        } else if (!strcmp(a, "--interval")) {
            secs = &o->interval_ms;
        } else if (!strcmp(a, "--max-wait")) {
            secs = &o->max_wait_ms;
        } else if (!strcmp(a, "--field") || !strcmp(a, "--query")) {
            if (!v)
                fail(EX_USAGE, "%s needs a value (try --help)", a);
            if (a[2] == 'f') {
                if (o->nfield == MAX_FIELDS)
                    fail(EX_USAGE, "at most %d --field options", MAX_FIELDS);
                if (!*v)
                    fail(EX_USAGE, "--field needs a PATH such as name or a.0.b");
                o->field[o->nfield++] = v;
            } else {
                char *eq = strchr(argv[i + 1], '=');
                if (!eq || eq == v)
                    fail(EX_USAGE, "--query wants KEY=VALUE, got '%s'", v);
                *eq = '\0';
                add_query(o, v, eq + 1);
            }
            i++;
            continue;
        } else if (a[0] == '-' && a[1]) {
            fail(EX_USAGE, "unknown option '%s'%s (try --help)", a,
                 o->ep || o->nword >= 2 ? " for this command" : "");
        } else {
            if (o->nword == sizeof o->word / sizeof o->word[0])
                fail(EX_USAGE, "unexpected argument '%s' (try --help)", a);
            o->word[o->nword++] = a;
            continue;
        }
        if (!v)
            fail(EX_USAGE, "%s needs a value (try --help)", a);
        if (str)
            *str = v;
        else
            *secs = parse_seconds(a, v);
        i++;
    }
    resolve_command(o);
}

/* Every combination that makes no sense is refused before any network. */
static void check_args(const options *o)
{
    size_t want;
    if (o->help) {
        if (o->ep)
            usage_endpoint(o->ep);
        if (o->batch)
            usage_batch();
        usage_all();
    }
    if (o->nword == 0)
        fail(EX_USAGE, "no command given (try --help)");
    if (!o->ep && !o->generic && !o->sign && !o->session_wait && !o->batch)
        fail(EX_USAGE, o->nword == 1 ? "unknown command '%s' (try --help)"
                                     : "unknown command '%s' (try --help)",
             o->word[0]);
    want = o->generic ? 2 : o->sign || o->batch ? 1 : o->session_wait ? 4
                                                  : 2 + fc_api_path_params(o->ep);
    if (o->nword != want) {
        if (o->ep) {
            fputs("framec: usage: ", stderr);
            print_synopsis(stderr, o->ep);
            fputc('\n', stderr);
            exit(EX_USAGE);
        }
        fail(EX_USAGE, o->generic ? "%s needs a PATH" : o->sign || o->batch ? "%s takes no argument"
                                                                 : "usage: framec accounts session-wait ACCOUNT SESSION",
             o->word[0]);
    }
    if ((o->status || o->fail_fast) && !o->batch)
        fail(EX_USAGE, "--status and --fail-fast go with batch");
    if (o->batch && o->nfield)
        fail(EX_USAGE, "--field does not apply to batch (use --status for the status)");
    if (o->timestamp && !o->sign)
        fail(EX_USAGE, "--timestamp only goes with sign");
    if (o->data && !(o->generic && (!strcmp(o->word[0], "post") || !strcmp(o->word[0], "put"))))
        fail(EX_USAGE, "--data only goes with post or put");
    if (o->nquery && o->generic == 0 && !o->ep)
        fail(EX_USAGE, "--query goes with get, delete, post, put and the named commands");
    if (o->all && !(o->ep && (o->ep->flags & FC_API_PAGED)))
        fail(EX_USAGE, "--all only goes with paged lists (organizations list, audit-trails, customers accounts)");
    if (o->wait && !(o->ep && !strcmp(o->ep->verb, "publish")))
        fail(EX_USAGE, "--wait only goes with accounts publish");
    if ((o->interval_ms || o->max_wait_ms) && !o->wait && !o->session_wait)
        fail(EX_USAGE, "--interval and --max-wait go with --wait or session-wait");
    if (o->nfield && (o->sign || (o->ep && o->ep->kind == 's')))
        fail(EX_USAGE, "--field does not apply to this command");
    if (o->generic && strchr(o->word[1], '?'))
        fail(EX_USAGE, "PATH holds a '?': give the query as --query KEY=VALUE");
}

/* ---- Files and credentials ------------------------------------------------ */

static long read_file(void *ctx, unsigned char *buf, size_t len)
{
    FILE *f = ctx;
    size_t n = fread(buf, 1, len, f);
    return n == 0 && ferror(f) ? -1 : (long)n;
}

/* Reads a whole file (or stdin for "-") into buf; returns its length. */
static size_t slurp(const char *path, char *buf, size_t cap, const char *what, int code)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    size_t n;
    if (!f)
        fail(code, "cannot open %s '%s'", what, path);
    n = fread(buf, 1, cap - 1, f);
    if (ferror(f))
        fail(code, "cannot read %s '%s'", what, path);
    if (n == cap - 1 && fgetc(f) != EOF)
        fail(code, "%s '%s' is larger than %lu bytes", what, path, (unsigned long)cap - 1);
    if (f != stdin)
        fclose(f);
    buf[n] = '\0';
    return n;
}

static char *trim(char *s)
{
    char *e = s + strlen(s);
    while (*s == ' ' || *s == '\t')
        s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

/* client_id=... and client_secret=... lines; '#' comments and blank lines
 * are skipped, anything else is an error naming the line (never its text:
 * it could hold the secret). */
static void parse_credentials(const char *path, char *buf, const char **id, char **secret)
{
    char *line = buf, *next;
    unsigned lineno = 1;
    for (; line; line = next, lineno++) {
        char *eq, *k;
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        k = trim(line);
        if (!*k || *k == '#')
            continue;
        eq = strchr(k, '=');
        if (!eq)
            fail(EX_CONFIG, "%s:%u: expected client_id=... or client_secret=...", path, lineno);
        *eq = '\0';
        k = trim(k);
        if (!strcmp(k, "client_id"))
            *id = trim(eq + 1);
        else if (!strcmp(k, "client_secret"))
            *secret = trim(eq + 1);
        else
            fail(EX_CONFIG, "%s:%u: unknown key '%s'", path, lineno, k);
    }
    if (!*id || !**id || !*secret || !**secret)
        fail(EX_CONFIG, "%s: needs both client_id=... and client_secret=...", path);
}

static char cred_buf[CRED_MAX];

/* A credentials file that others can read is refused, as ssh refuses
 * such keys: the secret would already be exposed. */
static int load_credentials_file(const char *path, int must_exist, const char **id, char **secret)
{
    int priv = fc_port_file_private(path);
    if (priv < 0) {
        if (must_exist)
            fail(EX_CONFIG, "cannot open credentials file '%s'", path);
        return 0;
    }
    if (priv > 0)
        fail(EX_CONFIG, "credentials file '%s' is readable by others: run chmod 600 '%s'",
             path, path);
    slurp(path, cred_buf, sizeof cred_buf, "credentials file", EX_CONFIG);
    parse_credentials(path, cred_buf, id, secret);
    return 1;
}

/* --credentials, else the user's file, else the system's, else the
 * environment. */
static void find_credentials(const options *o, const char **id, char **secret)
{
    static char path[1024];
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    if (o->credentials) {
        load_credentials_file(o->credentials, 1, id, secret);
        return;
    }
    path[0] = '\0';
    if (xdg && *xdg)
        snprintf(path, sizeof path, "%s/framec/credentials", xdg);
    else if (home && *home)
        snprintf(path, sizeof path, "%s/.config/framec/credentials", home);
    if ((path[0] && load_credentials_file(path, 0, id, secret)) ||
        load_credentials_file(SYSTEM_CREDENTIALS, 0, id, secret))
        return;
    *id = getenv("FRAME_CLIENT_ID");
    *secret = getenv("FRAME_CLIENT_SECRET");
    if (!*id || !**id || !*secret || !**secret)
        fail(EX_CONFIG, "no credentials: set FRAME_CLIENT_ID and FRAME_CLIENT_SECRET, "
                        "or write ~/.config/framec/credentials (mode 600), or use --credentials FILE");
}

/* ---- Output --------------------------------------------------------------- */

static char out_buf[OUT_BUF];
static size_t out_len;
static int out_spilled;

static void out_write(const void *p, size_t n)
{
    if (n && fwrite(p, 1, n, stdout) != n)
        fail(EX_LOCAL, "cannot write to stdout");
}

/* Once output has spilled, out_buf is a block buffer: what it holds is
 * already promised to stdout and goes out before any message on stderr.
 * out_len is cleared first, so a failing write does not come back here
 * from fail(). */
static void out_pending(void)
{
    size_t n = out_len;
    if (!out_spilled || !n)
        return;
    out_len = 0;
    if (fwrite(out_buf, 1, n, stdout) != n)
        fail(EX_LOCAL, "cannot write to stdout");
}

/* Holds output until the command succeeds; past OUT_BUF it streams, in
 * blocks of OUT_BUF (one fwrite per small piece cost more than the JSON). */
static void emit(const void *p, size_t n)
{
    if (OUT_BUF - out_len >= n) {
        memcpy(out_buf + out_len, p, n);
        out_len += n;
        return;
    }
    out_spilled = 1;
    out_pending();
    if (n >= OUT_BUF) {
        out_write(p, n);
        return;
    }
    memcpy(out_buf, p, n);
    out_len = n;
}

static void emit_str(const char *s)
{
    emit(s, strlen(s));
}

static void out_finish(void)
{
    size_t n = out_len;
    out_len = 0;
    out_write(out_buf, n);
    if (fflush(stdout))
        fail(EX_LOCAL, "cannot write to stdout");
}

/* ---- Requests ------------------------------------------------------------- */

static br_x509_trust_anchor anchor_slots[256];
static unsigned char anchor_store[192 * 1024];
static unsigned char tls_buf[BR_SSL_BUFSIZE_MONO];
static char data_buf[DATA_MAX + 1];
static char elem_buf[ELEM_BUF];
static char str_buf[ELEM_BUF];
static jsmntok_t tokens[TOKENS];
static fc_client client;
static fc_anchors anchors; /* the CA bundle, read once */
static options opt;

enum { SINK_RAW, SINK_ELEMENTS, SINK_CAPTURE, SINK_BATCH };

typedef struct {
    fc_response r;
    int mode;
    int json;         /* the body is JSON: it is checked as it passes */
    fc_json_stream js;
    fc_json doc;      /* --field: the element the stream parsed */
    size_t out_mark, printed_mark; /* output before this call */
    size_t elements;  /* in this response */
    char err[1024];   /* start of an error body, for the message */
    size_t err_len;
    int cb_err;       /* why a callback stopped the request */
    int cb_exit;      /* and the exit code it asks for */
    int prefixed;     /* batch: the status prefix is out */
} call_ctx;

static size_t printed; /* array elements printed so far (--all) */

static int exit_code(int rc)
{
    switch (rc) {
    case FC_ERR_ARG: case FC_ERR_FIELD: case FC_ERR_REQUEST_TOO_BIG:
        return EX_USAGE;
    case FC_ERR_URL: case FC_ERR_PROXY_URL: case FC_ERR_ANCHORS_FULL: case FC_ERR_PEM:
    case FC_ERR_NO_ANCHORS:
        return EX_CONFIG;
    case FC_ERR_DNS: case FC_ERR_CONNECT: case FC_ERR_IO: case FC_ERR_PROXY:
    case FC_ERR_TLS_CLOSED:
        return EX_NET;
    case FC_ERR_TIMEOUT:
        return EX_TIMEOUT;
    case FC_ERR_TLS_UNTRUSTED: case FC_ERR_TLS_NAME: case FC_ERR_TLS_EXPIRED:
    case FC_ERR_TLS_CERT: case FC_ERR_TLS_ALERT: case FC_ERR_TLS: case FC_ERR_NOT_TLS:
    case FC_ERR_TLS_FRAGMENT: case FC_ERR_TLS_NOT_YET_VALID: case FC_ERR_TLS_EKU:
    case FC_ERR_TLS_CONSTRAINED: case FC_ERR_TLS_CONSTRAINTS: case FC_ERR_TLS_WEAK_KEY:
    case FC_ERR_TLS_SHA1: case FC_ERR_TLS_KEY_USAGE: case FC_ERR_TLS_CHAIN_ORDER:
    case FC_ERR_TLS_CRITICAL: case FC_ERR_TLS_KEY_TYPE: case FC_ERR_TLS_NOT_CA:
    case FC_ERR_TLS_SIGNATURE: case FC_ERR_TLS_VERSION: case FC_ERR_TLS_NO_SHARED:
        return EX_TLS;
    case FC_ERR_ENTROPY:
        return EX_LOCAL;
    default:
        return EX_RESPONSE;
    }
}

static void fail_rc(int rc)
{
    if (rc == FC_ERR_JSON_TOKENS)
        fail(EX_RESPONSE, "response too large for %d JSON tokens", TOKENS);
    if (rc == FC_ERR_PROXY)
        fail(EX_NET, "proxy %s:%u: %s: %s%d", client.proxy_host, client.proxy_port,
             fc_strerror(rc), client.proxy_status ? "HTTP " : "no answer", client.proxy_status);
    if (client.proxy_host[0] && (rc == FC_ERR_DNS || rc == FC_ERR_CONNECT))
        fail(EX_NET, "proxy %s:%u: %s", client.proxy_host, client.proxy_port, fc_strerror(rc));
    /* Name the server, and for TLS faults without a check of their own,
     * BearSSL's code (bearssl_ssl.h lists them). */
    if (rc == FC_ERR_TLS || rc == FC_ERR_TLS_CERT || rc == FC_ERR_TLS_ALERT)
        fail(exit_code(rc), "%s:%u: %s (BearSSL error %d)", client.host, client.port,
             fc_strerror(rc), fc_client_tls_error(&client));
    if (rc == FC_ERR_TLS_KEY_TYPE)
        fail(EX_TLS, "%s:%u: %s (%s; this is the %s TLS profile)", client.host, client.port,
             fc_strerror(rc),
             fc_client_tls_detail(&client) ? fc_client_tls_detail(&client) : "unknown",
             fc_client_tls_profile());
    if (rc == FC_ERR_TLS_UNTRUSTED && anchors.dropped_expired)
        fail(EX_TLS, "%s:%u: %s (%zu CA certificate%s of the bundle expired)", client.host,
             client.port, fc_strerror(rc), anchors.dropped_expired,
             anchors.dropped_expired == 1 ? "" : "s");
    fail(exit_code(rc), "%s:%u: %s", client.host, client.port, fc_strerror(rc));
}

/* Writes one --field value: strings decoded, everything else as written.
 * Tab, newline, CR and backslash are escaped so a row stays one line. */
static void emit_value(const fc_json *j, int t)
{
    const char *s;
    size_t n, i, run;
    if (fc_json_type(j, t) == FC_JSON_STRING) {
        long len;
        /* Without a backslash the text parse accepted is the value, and
         * holds no tab, line break or backslash to escape. */
        s = fc_json_raw(j, t, &n);
        if (!memchr(s, '\\', n)) {
            emit(s, n);
            return;
        }
        len = fc_json_string(j, t, str_buf, sizeof str_buf);
        if (len < 0)
            fail(EX_RESPONSE, "cannot decode a string: %s", fc_strerror((int)len));
        s = str_buf;
        n = (size_t)len;
    } else {
        s = fc_json_raw(j, t, &n);
    }
    for (i = 0, run = 0; i < n; i++) {
        const char *esc = s[i] == '\t' ? "\\t" : s[i] == '\n' ? "\\n" : s[i] == '\r' ? "\\r"
                        : s[i] == '\\' ? "\\\\" : NULL;
        if (esc) {
            emit(s + run, i - run);
            emit(esc, 2);
            run = i + 1;
        }
    }
    emit(s + run, n - run);
}

static void emit_row(const fc_json *j)
{
    size_t f;
    for (f = 0; f < opt.nfield; f++) {
        int t = fc_json_path(j, 0, opt.field[f]);
        if (f)
            emit("\t", 1);
        if (t == FC_ERR_JSON_TYPE)
            fail(EX_USAGE, "--field %s: the path goes through a value that is not an object or array",
                 opt.field[f]);
        if (t >= 0)
            emit_value(j, t);
    }
    emit("\n", 1);
}

static int on_element(void *ctx, const char *elem, size_t len)
{
    call_ctx *x = ctx;
    x->elements++;
    if (x->mode == SINK_RAW) {
        fc_json j;
        /* Passing through needs no tokens: an empty pool still checks the
         * whole element (FC_ERR_JSON_TOKENS then means "valid"). */
        int rc = fc_json_parse(&j, NULL, 0, elem, len);
        if (rc && rc != FC_ERR_JSON_TOKENS) {
            x->cb_err = rc;
            return 1;
        }
    } else if (opt.nfield) {
        emit_row(&x->doc); /* the stream parsed it (stream_init) */
    } else {
        /* --all: the elements of every page become one array. */
        emit(printed++ ? "," : "[", 1);
        emit(elem, len);
    }
    return 0;
}

/* application/json, or any type/subtype+json (RFC 6839). */
static int is_json(const char *type)
{
    size_t n = strcspn(type, "; \t");
    return (n == 16 && !strncmp(type, "application/json", 16)) ||
           (n > 5 && !strncmp(type + n - 5, "+json", 5));
}

/* batch: the status and a tab, once, before the body. */
static void batch_prefix(call_ctx *x)
{
    char pre[16];
    if (opt.status && !x->prefixed)
        emit(pre, (size_t)snprintf(pre, sizeof pre, "%d\t", x->r.status));
    x->prefixed = 1;
}

static int on_body(void *ctx, const unsigned char *data, size_t len)
{
    call_ctx *x = ctx;
    int rc;
    if (x->mode == SINK_BATCH) {
        /* One line per response: line breaks go (JSON needs none). */
        size_t i, start = 0;
        batch_prefix(x);
        for (i = 0; i <= len; i++)
            if (i == len || data[i] == '\n' || data[i] == '\r') {
                emit(data + start, i - start);
                start = i + 1;
            }
        return 0;
    }
    if (x->r.status < 200 || x->r.status > 299) {
        size_t n = sizeof x->err - x->err_len;
        memcpy(x->err + x->err_len, data, len < n ? len : n);
        x->err_len += len < n ? len : n;
        return 0;
    }
    if (!x->r.body_len)
        x->json = is_json(x->r.content_type);
    switch (x->mode) {
    case SINK_RAW:
        /* Passed through as received, and checked on the way, one element
         * at a time; an element too large for the element buffer cannot be
         * checked, and is only passed through. */
        emit(data, len);
        if (x->json) {
            rc = fc_json_stream_push(&x->js, (const char *)data, len);
            if (rc == FC_ERR_JSON_TOO_BIG) {
                x->json = 0;
            } else if (rc) {
                x->cb_err = rc == FC_ERR_CALLBACK ? x->cb_err : rc;
                return 1;
            }
        }
        return 0;
    case SINK_ELEMENTS:
        rc = fc_json_stream_push(&x->js, (const char *)data, len);
        if (rc && rc != FC_ERR_CALLBACK)
            x->cb_err = rc;
        return rc != 0;
    default:
        if (ELEM_BUF - 1 - x->r.body_len < len) {
            x->cb_err = FC_ERR_JSON_TOO_BIG;
            return 1;
        }
        memcpy(elem_buf + x->r.body_len, data, len);
        return 0;
    }
}

/* With --field the stream parses each element itself: one pass over the
 * bytes of most elements instead of a scan and then a parse. */
static void stream_init(call_ctx *x)
{
    fc_json_stream_init(&x->js, elem_buf, sizeof elem_buf, on_element, x);
    if (x->mode == SINK_ELEMENTS && opt.nfield)
        fc_json_stream_parse(&x->js, &x->doc, tokens, TOKENS);
}

/* Before a retry: forget what this call delivered. Output that already
 * streamed to stdout cannot be taken back, so then no retry. */
static int on_retry(void *ctx)
{
    call_ctx *x = ctx;
    if (out_spilled)
        return 1;
    out_len = x->out_mark;
    printed = x->printed_mark;
    x->err_len = 0;
    x->elements = 0;
    x->cb_err = 0;
    x->prefixed = 0;
    stream_init(x);
    return 0;
}

/* Quotes an error body on one line and exits with the status's code. */
static void fail_status(call_ctx *x)
{
    size_t i, n = x->err_len < 300 ? x->err_len : 300;
    int st = x->r.status;
    for (i = 0; i < n; i++)
        if ((unsigned char)x->err[i] < 0x20)
            x->err[i] = ' ';
    fail(st >= 500 ? EX_HTTP_5XX : st >= 400 ? EX_HTTP_4XX : EX_RESPONSE, "HTTP %d%s%s%.*s%s",
         st, st < 400 ? " (framec follows no redirects)" : "", n ? ": " : "", (int)n, x->err,
         n < x->err_len ? "..." : "");
}

/* One request; returns only when it succeeded with a 2xx status (in
 * SINK_BATCH, with any status: then it returns the status). In
 * SINK_CAPTURE mode the body is left in elem_buf (NUL-terminated). */
static size_t perform(const fc_endpoint *e, const char *const *args, size_t nargs,
                      const fc_query *q, size_t nq, const char *body, size_t body_len, int mode)
{
    static call_ctx x;
    int rc;

    memset(&x, 0, sizeof x);
    x.mode = mode;
    x.r.on_body = on_body;
    x.r.on_retry = on_retry;
    x.r.ctx = &x;
    x.out_mark = out_len;
    x.printed_mark = printed;
    stream_init(&x);
    if (e) {
        rc = fc_api_call(&client, e, args, nargs, q, nq, body, body_len, &x.r);
    } else {
        fc_request rq;
        char method[8];
        size_t i;
        for (i = 0; args[0][i] && i < sizeof method - 1; i++)
            method[i] = (char)(args[0][i] >= 'a' && args[0][i] <= 'z' ? args[0][i] - 32 : args[0][i]);
        method[i] = '\0';
        memset(&rq, 0, sizeof rq);
        rq.method = method;
        rq.path = args[1];
        rq.query = q;
        rq.nquery = nq;
        if (body) {
            rq.content_type = "application/json";
            rq.body = body;
            rq.body_len = body_len;
        }
        rc = fc_client_request(&client, &rq, &x.r);
    }
    if (rc == FC_ERR_CALLBACK && x.cb_err)
        rc = x.cb_err;
    if (rc)
        fail_rc(rc);
    if (mode == SINK_BATCH) {
        batch_prefix(&x);
        if (!x.r.body_len)
            emit_str("null");
        return (size_t)x.r.status;
    }
    if (x.r.status < 200 || x.r.status > 299)
        fail_status(&x);
    if ((mode == SINK_ELEMENTS || (mode == SINK_RAW && x.json)) &&
        (rc = fc_json_stream_end(&x.js)) != FC_OK)
        fail_rc(rc == FC_ERR_CALLBACK && x.cb_err ? x.cb_err : rc);
    if (mode == SINK_CAPTURE)
        elem_buf[x.r.body_len] = '\0';
    return mode == SINK_ELEMENTS ? x.elements : x.r.body_len;
}

/* Parses the captured body (elem_buf) and returns the string at key, or
 * NULL when absent. */
static const char *captured_string(fc_json *j, const char *key)
{
    int t = fc_json_find(j, 0, key);
    if (t < 0 || fc_json_type(j, t) != FC_JSON_STRING)
        return NULL;
    return fc_json_string(j, t, str_buf, sizeof str_buf) < 0 ? NULL : str_buf;
}

static void parse_captured(fc_json *j, size_t len)
{
    int rc = fc_json_parse(j, tokens, TOKENS, elem_buf, len);
    if (rc)
        fail_rc(rc);
    if (fc_json_type(j, 0) != FC_JSON_OBJECT)
        fail(EX_RESPONSE, "expected a JSON object in the response");
}

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

/* Sleeps one polling interval, unless that would pass the deadline. */
static void poll_pause(uint64_t start, uint32_t interval, const char *what, const char *state)
{
    uint64_t now = fc_port_millis();
    if (opt.max_wait_ms && now + interval > start + opt.max_wait_ms) {
        if (now < start + opt.max_wait_ms)
            fc_port_sleep_ms((uint32_t)(start + opt.max_wait_ms - now));
        fail(EX_TIMEOUT, "%s still %s after --max-wait %u s", what, state,
             (unsigned)(opt.max_wait_ms / 1000));
    }
    fc_port_sleep_ms(interval);
}

/* accounts publish --wait: start, then poll the task until it ends. */
static int publish_wait(const char *account)
{
    static const char *const ok[] = {"success", "succeeded", "completed", "complete", "done", "finished", NULL};
    static const char *const bad[] = {"failed", "failure", "error", "errored", "cancelled", "canceled", NULL};
    static char task[256];
    const fc_endpoint *status_ep = fc_api_find("accounts", "publish-status");
    uint32_t interval = opt.interval_ms ? opt.interval_ms : 5000;
    uint64_t start = fc_port_millis();
    int tty = fc_port_stderr_is_tty();
    fc_json j;
    const char *s, *args[2];
    size_t len = perform(opt.ep, &account, 1, NULL, 0, NULL, 0, SINK_CAPTURE);

    parse_captured(&j, len);
    s = captured_string(&j, "task_id");
    if (!s)
        s = captured_string(&j, "id");
    if (!s || strlen(s) >= sizeof task)
        fail(EX_RESPONSE, "publish response has no task_id");
    strcpy(task, s);
    args[0] = account;
    args[1] = task;
    for (;;) {
        const char *state;
        len = perform(status_ep, args, 2, NULL, 0, NULL, 0, SINK_CAPTURE);
        parse_captured(&j, len);
        state = captured_string(&j, "status");
        if (!state)
            state = captured_string(&j, "state");
        if (!state)
            fail(EX_RESPONSE, "publish task %s has no status", task);
        if (tty)
            fprintf(stderr, "framec: publish task %s: %s\n", task, state);
        if (is_one_of(state, ok) || is_one_of(state, bad)) {
            int failed = is_one_of(state, bad);
            if (opt.nfield)
                emit_row(&j);
            else
                emit(elem_buf, len), emit("\n", 1);
            out_finish();
            if (failed) {
                const char *msg = captured_string(&j, "error");
                fail(EX_FAILED, "publish task %s %s%s%s", task, state, msg ? ": " : "",
                     msg ? msg : "");
            }
            return EX_OK;
        }
        poll_pause(start, interval, "publish task", state);
    }
}

/* accounts session-wait: poll until the session is no longer alive. */
static int session_wait(void)
{
    static const char *const alive[] = {"init", "reserved", "open", NULL};
    const fc_endpoint *ep = fc_api_find("accounts", "session");
    const char *args[2];
    uint32_t interval = opt.interval_ms ? opt.interval_ms : 10000;
    uint64_t start = fc_port_millis();
    int tty = fc_port_stderr_is_tty();
    args[0] = opt.word[2];
    args[1] = opt.word[3];
    for (;;) {
        fc_json j;
        size_t len = perform(ep, args, 2, NULL, 0, NULL, 0, SINK_CAPTURE);
        const char *state;
        parse_captured(&j, len);
        state = captured_string(&j, "state");
        if (!state)
            fail(EX_RESPONSE, "session has no state");
        if (tty)
            fprintf(stderr, "framec: session %s: %s\n", args[1], state);
        if (!is_one_of(state, alive)) {
            emit_str(state);
            emit("\n", 1);
            out_finish();
            return EX_OK;
        }
        poll_pause(start, interval, "session", state);
    }
}

/* JSON body from the endpoint's @fields: strings escaped, raw fields
 * validated as JSON objects. */
static size_t build_body(void)
{
    size_t i, n = 0;
    data_buf[n++] = '{';
    for (i = 0; i < opt.nbody; i++) {
        const char *v = opt.body_val[i];
        long w;
        if (i)
            data_buf[n++] = ',';
        w = fc_json_write_string(data_buf + n, DATA_MAX - n, opt.body_key[i]);
        if (w < 0)
            fail(EX_USAGE, "request body too large");
        n += (size_t)w;
        data_buf[n++] = ':';
        if (opt.body_raw[i]) {
            fc_json j;
            int rc = fc_json_parse(&j, tokens, TOKENS, v, strlen(v));
            if (rc || fc_json_type(&j, 0) != FC_JSON_OBJECT)
                fail(EX_USAGE, "--%s wants a JSON object%s%s", opt.body_key[i], rc ? ": " : "",
                     rc ? fc_strerror(rc) : "");
            w = (long)strlen(v);
            if ((size_t)w >= DATA_MAX - n)
                fail(EX_USAGE, "request body too large");
            memcpy(data_buf + n, v, (size_t)w);
        } else {
            w = fc_json_write_string(data_buf + n, DATA_MAX - n, v);
            if (w < 0)
                fail(EX_USAGE, "request body too large");
        }
        n += (size_t)w;
        if (n + 2 >= DATA_MAX)
            fail(EX_USAGE, "request body too large");
    }
    data_buf[n++] = '}';
    data_buf[n] = '\0';
    return n;
}

/* A named command: one call, or every page of a paged list. */
static int run_endpoint(void)
{
    const fc_endpoint *e = opt.ep;
    const char *const *args = opt.word + 2;
    size_t nargs = opt.nword - 2, body_len = 0;
    const char *body = NULL;

    if (e->kind == 's' || !strcmp(e->method, "POST")) {
        body_len = build_body();
        body = data_buf;
    }
    if (opt.wait)
        return publish_wait(args[0]);
    if (e->kind == 's') {
        /* A bare JSON string: print the token itself, ready for a URL. */
        fc_json j;
        size_t len = perform(e, args, nargs, opt.query, opt.nquery, body, body_len, SINK_CAPTURE);
        int rc = fc_json_parse(&j, tokens, TOKENS, elem_buf, len);
        if (rc)
            fail_rc(rc);
        if (fc_json_type(&j, 0) != FC_JSON_STRING)
            fail(EX_RESPONSE, "expected a JSON string (the token) in the response");
        emit_value(&j, 0);
        emit("\n", 1);
    } else if (opt.all) {
        static char offset_buf[24];
        fc_query q[MAX_QUERY + 2];
        size_t i, nq = 0, got;
        unsigned long offset = 0, limit = 100;
        const char *limit_s = PAGE_SIZE;
        for (i = 0; i < opt.nquery; i++) {
            if (!strcmp(opt.query[i].key, "offset"))
                offset = strtoul(opt.query[i].value, NULL, 10);
            else if (!strcmp(opt.query[i].key, "limit"))
                limit = strtoul(limit_s = opt.query[i].value, NULL, 10);
            else
                q[nq++] = opt.query[i];
        }
        if (limit == 0)
            fail(EX_USAGE, "--all needs a --limit above 0");
        q[nq].key = "offset";
        q[nq].value = offset_buf;
        q[nq + 1].key = "limit";
        q[nq + 1].value = limit_s;
        do {
            snprintf(offset_buf, sizeof offset_buf, "%lu", offset);
            got = perform(e, args, nargs, q, nq + 2, NULL, 0, SINK_ELEMENTS);
            offset += got;
        } while (got >= limit);
        if (!opt.nfield)
            emit_str(printed ? "]\n" : "[]\n");
    } else {
        perform(e, args, nargs, opt.query, opt.nquery, body, body_len,
                opt.nfield ? SINK_ELEMENTS : SINK_RAW);
    }
    out_finish();
    return EX_OK;
}

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
    char *o = s, *p = s;
    for (; *p; p++) {
        int hi, lo;
        if (*p == '%' && (hi = fc_http_hexval(p[1])) >= 0 && (lo = fc_http_hexval(p[2])) >= 0) {
            *o++ = (char)(hi * 16 + lo);
            p += 2;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
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
    fprintf(stderr, "framec: line %lu: HTTP %d\n", batch_line, status);
    return status >= 500 ? EX_HTTP_5XX : status >= 400 ? EX_HTTP_4XX : EX_RESPONSE;
}

/* framec batch: one request a line from stdin, one line out for each. */
static int run_batch(void)
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

static void load_anchors(fc_anchors *a, const char *path)
{
    FILE *f = fopen(path, "rb");
    int64_t now;
    int rc;
    if (!f)
        fail(EX_CONFIG, "cannot open CA bundle '%s' (set --cacert or SSL_CERT_FILE)", path);
    fc_anchors_init(a, anchor_slots, sizeof anchor_slots / sizeof anchor_slots[0], anchor_store,
                    sizeof anchor_store);
    /* Roots that expired (by this machine's clock, never before the build)
     * or hold RSA keys below 2048 bits could only fail a chain. */
    now = fc_port_time();
    fc_anchors_drop_unusable(a, now < FC_TIME_FLOOR ? FC_TIME_FLOOR : now);
    rc = fc_anchors_add_pem(a, read_file, f);
    fclose(f);
    if (rc)
        fail(EX_CONFIG, "CA bundle '%s': %s", path, fc_strerror(rc));
    if (opt.verbose)
        fprintf(stderr,
                "* CA bundle '%s': %zu CA certificates, %zu dropped (%zu expired, "
                "%zu with RSA below 2048 bits)\n",
                path, a->count, a->dropped_expired + a->dropped_weak, a->dropped_expired,
                a->dropped_weak);
}

static uint64_t parse_timestamp(const char *s)
{
    uint64_t v = 0;
    const char *p = s;
    for (; *p >= '0' && *p <= '9' && v <= UINT64_MAX / 10 - 1; p++)
        v = v * 10 + (uint64_t)(*p - '0');
    if (p == s || *p)
        fail(EX_USAGE, "--timestamp: '%s' is not a Unix time in seconds", s);
    return v;
}

/* no_proxy: comma-separated names; "*" is every host; a name matches
 * itself and its subdomains; a leading dot or "*." and a :port are
 * ignored (as curl does). */
static int no_proxy_match(const char *list, const char *host, size_t hlen)
{
    while (*list) {
        size_t n;
        const char *e;
        while (*list == ',' || *list == ' ')
            list++;
        n = strcspn(list, ", ");
        e = list;
        if (n == 1 && *e == '*')
            return 1;
        if (n > 2 && e[0] == '*' && e[1] == '.')
            e += 2, n -= 2;
        else if (n > 1 && e[0] == '.')
            e++, n--;
        if (memchr(e, ':', n) && *e != '[')
            n = (size_t)((const char *)memchr(e, ':', n) - e);
        if (n && n <= hlen && !strncmp(host + hlen - n, e, n) &&
            (n == hlen || host[hlen - n - 1] == '.'))
            return 1;
        list += strcspn(list, ",");
    }
    return 0;
}

/* --proxy, else https_proxy/HTTPS_PROXY, unless no_proxy names the host.
 * An empty --proxy "" turns the environment's proxy off. */
static const char *choose_proxy(const char *url)
{
    const char *p = opt.proxy, *np = getenv("no_proxy"), *h;
    size_t hlen;
    if (!p)
        p = getenv("https_proxy");
    if (!p || !*p)
        p = getenv("HTTPS_PROXY");
    if (!p || !*p)
        return NULL;
    if (!np || !*np)
        np = getenv("NO_PROXY");
    h = strncmp(url, "https://", 8) ? url : url + 8;
    if (*h == '[')
        hlen = strcspn(++h, "]");
    else
        hlen = strcspn(h, ":/");
    return np && no_proxy_match(np, h, hlen) ? NULL : p;
}

static void trace(void *ctx, char dir, const char *line, size_t len)
{
    (void)ctx;
    out_pending(); /* -v: what the previous request printed comes first */
    fprintf(stderr, "%c %.*s\n", dir, (int)len, line);
}

int main(int argc, char **argv)
{
    fc_config cfg;
    const char *id = NULL;
    char *secret = NULL;
    int rc;

    fc_port_no_core_dumps();
    /* Before anything opens a file or a socket: a closed stdout must not
     * become the TLS socket (the output would go to the server). Every
     * command prints its result, so a closed stdout is an error; a closed
     * stdin reads as empty and a closed stderr swallows messages. */
    rc = fc_port_std_streams();
    if (rc < 0)
        return EX_LOCAL;
    if (rc & 2)
        fail(EX_LOCAL, "standard output is closed: nothing would be printed");
    opt.retries = -1;
    parse_args(argc, argv, &opt);
    check_args(&opt);

    find_credentials(&opt, &id, &secret);
    memset(&cfg, 0, sizeof cfg);
    cfg.url = opt.url ? opt.url : getenv("FRAME_API_URL");
    if (!cfg.url || !*cfg.url)
        cfg.url = FC_DEFAULT_URL;
    cfg.client_id = id;
    cfg.secret = secret;
    cfg.secret_len = strlen(secret);
    cfg.tls_buf = tls_buf;
    cfg.tls_buf_len = opt.tls_frag ? FC_TLS_BUFSIZE(opt.tls_frag) : sizeof tls_buf;
    cfg.connect_timeout_ms = opt.connect_timeout_ms;
    cfg.timeout_ms = opt.timeout_ms;
    cfg.retries = opt.retries < 0 ? RETRIES : (unsigned)opt.retries;
    cfg.proxy = choose_proxy(cfg.url);
    if (opt.verbose)
        cfg.trace = trace;
    if (!opt.sign) {
        const char *ca = opt.cacert ? opt.cacert : getenv("SSL_CERT_FILE");
        load_anchors(&anchors, ca && *ca ? ca : DEFAULT_CA_FILE);
        cfg.anchors = &anchors;
    }
    rc = fc_client_init(&client, &cfg);
    /* From here on only the key pads exist: wipe every copy of the secret. */
    fc_wipe(secret, strlen(secret));
    fc_wipe(cred_buf, sizeof cred_buf);
    if (rc)
        fail(EX_CONFIG, "%s: %s", rc == FC_ERR_URL ? cfg.url : rc == FC_ERR_PROXY_URL ? "proxy" : "client id",
             fc_strerror(rc));
    /* One-shot commands end by --max-time (default MAX_TIME_MS); polling
     * and paging run as long as they make progress unless it is given. */
    fc_client_deadline(&client, opt.max_time_ms ? opt.max_time_ms
                                : opt.wait || opt.session_wait || opt.all || opt.batch ? 0
                                                                                     : MAX_TIME_MS);

    if (opt.sign) {
        char ts[FC_TS_MAX], sig[FC_SIG_HEX_LEN + 1];
        uint64_t t = opt.timestamp ? parse_timestamp(opt.timestamp)
                                   : (uint64_t)fc_client_now(&client);
        fc_client_sign(&client, t, ts, sig);
        printf("X-Frame-ClientId: %s\nX-Frame-Timestamp: %s\nX-Frame-Signature: %s\n",
               client.client_id, ts, sig);
        fc_wipe(sig, sizeof sig);
        return fflush(stdout) ? EX_LOCAL : EX_OK;
    }
    if (opt.batch)
        rc = run_batch();
    else if (opt.session_wait)
        rc = session_wait();
    else if (opt.ep)
        rc = run_endpoint();
    else {
        const char *body = NULL;
        size_t body_len = 0;
        if (opt.data) {
            body = data_buf;
            body_len = opt.data[0] == '@'
                           ? slurp(opt.data + 1, data_buf, sizeof data_buf, "data file", EX_USAGE)
                           : strlen(opt.data);
            if (opt.data[0] != '@') {
                if (body_len > DATA_MAX)
                    fail(EX_USAGE, "--data is larger than %d bytes", DATA_MAX);
                memcpy(data_buf, opt.data, body_len + 1);
            }
        }
        perform(NULL, opt.word, 2, opt.query, opt.nquery, body, body_len,
                opt.nfield ? SINK_ELEMENTS : SINK_RAW);
        out_finish();
        rc = EX_OK;
    }
    fc_client_close(&client);
    return rc;
}
