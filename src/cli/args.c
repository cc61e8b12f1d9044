/* args.c - the command line, read and checked before any network.
 *
 * Options may come in any order around the command words; the endpoint's
 * own options (--name, --show-deleted, ...) come from its parameter words
 * in the endpoint table, and their values are checked by the library's
 * fc_api_param_check. Every combination that makes no sense is refused
 * here with a usage error. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The command-line spelling of a parameter word: dashes for underscores,
 * without its @ prefix or type suffix. */
size_t param_name(const char *w, size_t wlen, char *out, size_t cap)
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
const char *next_param(const char *p, size_t *len)
{
    while (*p == ' ')
        p++;
    *len = strcspn(p, " ");
    return *len ? p : NULL;
}

static uint32_t parse_seconds(const char *name, const char *s)
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
        fail(EX_USAGE, "%s: '%s' is not a number of seconds (0 < s <= 86400)", name, s);
    return (uint32_t)ms;
}

/* --pinnedpubkey: hashes only. curl also takes a PEM or DER key file;
 * framec refuses one rather than read key formats for it (the man page
 * shows the openssl line that gives the hash). */
static void parse_pins(options *o, const char *v)
{
    int rc;
    if (strncmp(v, "sha256//", 8) != 0)
        fail(EX_USAGE, "--pinnedpubkey: '%s' is not sha256//BASE64 (framec takes hashes only, "
                       "not key files)", v);
    rc = fc_pins_parse(v, o->pins, MAX_PINS, &o->npins);
    if (rc == FC_ERR_PINS_FULL)
        fail(EX_USAGE, "--pinnedpubkey: more than %d pins", MAX_PINS);
    if (rc)
        fail(EX_USAGE, "--pinnedpubkey: '%s' is not sha256// and the base64 of a SHA-256 "
                       "(44 characters), ';' between several", v);
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
        /* @name= objects are checked with the whole body (commands.c). */
        if (last != '=' && fc_api_param_check(w, n, val) != FC_OK) {
            const char *colon = memchr(w, ':', n);
            if (!colon)
                fail(EX_USAGE, "%s: '%s' is not a non-negative integer of at most 9 digits", a, val);
            fail(EX_USAGE, "%s: '%s' is not one of %.*s", a, val, (int)(w + n - colon - 1),
                 colon + 1);
        }
        if (*w == '@') {
            if (o->nbody == MAX_BODY)
                fail(EX_USAGE, "too many body options");
            o->body[o->nbody].key = o->keys[o->nkeys++];
            o->body[o->nbody++].value = val;
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

void parse_args(int argc, char **argv, options *o)
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
            static const char version[] = "framec " FC_VERSION "\n";
            fc_port_write_all(1, version, sizeof version - 1);
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
        } else if (!strcmp(a, "--tls-sessions")) {
            str = &o->tls_sessions;
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
        } else if (!strcmp(a, "--pinnedpubkey")) {
            if (!v)
                fail(EX_USAGE, "--pinnedpubkey needs a value (try --help)");
            parse_pins(o, v);
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
void check_args(const options *o)
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
            /* One line in one write, as fail() writes. */
            char buf[1024];
            fmt_out out;
            fmt_to_fd(&out, 2, buf, sizeof buf);
            fmt_str(&out, "framec: usage: ");
            print_synopsis(&out, o->ep);
            fmt_char(&out, '\n');
            fmt_flush(&out);
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
