/* help.c - the command's help: every command from the endpoint table,
 * each command's options from its parameter words, the exit codes.
 *
 * The one-line summaries live here, not in the table, because only the
 * command line shows them and the library must fit a microcontroller. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

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
    "  --pinnedpubkey sha256//BASE64[;sha256//BASE64...]\n"
    "                      the server key's SHA-256 (of its SubjectPublicKeyInfo)\n"
    "                      must be one of these, after the usual checks (hashes\n"
    "                      only: no key files)\n"
    "  --tls-sessions FILE keep the TLS session in FILE (mode 600; it holds a\n"
    "                      key) and resume it next time: a fraction of a full\n"
    "                      handshake (env FRAMEC_TLS_SESSIONS, or tls_sessions=\n"
    "                      in the credentials file; none by default)\n"
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

void print_synopsis(fmt_out *o, const fc_endpoint *e)
{
    const char *p = e->params, *w;
    size_t n;
    fmt_print(o, "framec %s %s", e->entity, e->verb);
    for (w = e->path; (w = strchr(w, '{')) != NULL; w++) {
        size_t k = strcspn(w + 1, "}");
        fmt_char(o, ' ');
        for (n = 0; n < k && w[1 + n] != '_'; n++)
            fmt_char(o, (char)(w[1 + n] - 'a' + 'A'));
    }
    while ((w = next_param(p, &n)) != NULL) {
        char name[64];
        const char *colon = memchr(w, ':', n);
        param_name(w, n, name, sizeof name);
        if (w[n - 1] == '!')
            fmt_print(o, " [--%s]", name);
        else if (colon)
            fmt_print(o, " [--%s %.*s]", name, (int)(w + n - colon - 1), colon + 1);
        else
            fmt_print(o, " [--%s %s]", name,
                      w[n - 1] == '#' ? "N" : w[n - 1] == '=' ? "JSON" : "X");
        p = w + n;
    }
    if (e->flags & FC_API_PAGED)
        fmt_str(o, " [--all]");
    if (!strcmp(e->verb, "publish"))
        fmt_str(o, " [--wait [--interval S] [--max-wait S]]");
}

/* Help goes to stdout through one buffer, flushed before exit; as with
 * stdio before, a failed write of help changes nothing. */
static char help_buf[4096];
static fmt_out help_out;

static fmt_out *help_start(void)
{
    fmt_to_fd(&help_out, 1, help_buf, sizeof help_buf);
    return &help_out;
}

CLI_NORETURN static void help_end(void)
{
    fmt_flush(&help_out);
    exit(EX_OK);
}

void usage_batch(void)
{
    fmt_str(help_start(), "usage: framec [options] batch [--status] [--fail-fast] < REQUESTS\n"
         "\n"
         "Reads one request a line, METHOD PATH [JSON BODY] (blank lines and\n"
         "#comments skipped; PATH may carry ?key=value&... with %-escapes), sends\n"
         "them in order over one kept-alive connection, and prints one line per\n"
         "request: the response body with its line breaks removed (an empty body\n"
         "prints null). --status puts the HTTP status and a tab first. A request\n"
         "that fails prints an empty line (with --status: 0 and a tab) and a line\n"
         "on stderr; the batch goes on unless --fail-fast. Exits 0 when every\n"
         "request got a 2xx status, else with the code of the first failure.\n");
    help_end();
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

void usage_all(void)
{
    size_t i;
    fmt_out *o = help_start();
    fmt_str(o, usage_head);
    for (i = 0; i < fc_api_count; i++) {
        /* "accounts get ACCOUNT": the verb, then its path parameters. */
        char cmd[72];
        const char *w;
        size_t n = fmt_buf(cmd, sizeof cmd, "%s %s", fc_api[i].entity, fc_api[i].verb);
        for (w = fc_api[i].path; (w = strchr(w, '{')) != NULL && n + 2 < sizeof cmd; w++) {
            cmd[n++] = ' ';
            for (w++; *w != '_' && *w != '}' && n + 1 < sizeof cmd; w++)
                cmd[n++] = (char)(*w - 'a' + 'A');
            cmd[n] = '\0';
        }
        fmt_print(o, "  %-46s  %s\n", cmd, summary(&fc_api[i]));
    }
    fmt_str(o, usage_tail);
    help_end();
}

void usage_endpoint(const fc_endpoint *e)
{
    fmt_out *o = help_start();
    fmt_str(o, "usage: ");
    print_synopsis(o, e);
    fmt_print(o, " [--field PATH]...\n\n%s\n%s %s%s\n", summary(e), e->method, e->path,
              e->kind == 's' ? "\nprints the token itself (no quotes)" : "");
    if (e->flags & FC_API_PAGED)
        fmt_str(o, "--all follows offset/limit until a short page and prints one array\n");
    help_end();
}
