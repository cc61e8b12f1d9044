/* credentials.c - the files the command reads: credentials, the CA bundle.
 *
 * Secrets come only from a credentials file or the environment, never from
 * argv. A credentials file that others can read is refused; its errors name
 * the line, never its text (it could hold the secret). */
#include <stdio.h> /* input only: stdin and files are read with stdio */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "port.h"
#include "port_cli.h"

static long read_file(void *ctx, unsigned char *buf, size_t len)
{
    FILE *f = ctx;
    size_t n = fread(buf, 1, len, f);
    return n == 0 && ferror(f) ? -1 : (long)n;
}

/* Reads a whole file (or stdin for "-") into buf; returns its length. */
size_t slurp(const char *path, char *buf, size_t cap, const char *what, int code)
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

/* client_id=..., client_secret=... and tls_sessions=... lines; '#' comments and blank lines
 * are skipped, anything else is an error naming the line (never its text:
 * it could hold the secret). */
char cred_tls_sessions[1024];

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
        else if (!strcmp(k, "tls_sessions")) {
            /* Copied out: cred_buf is wiped once the key exists. */
            const char *v = trim(eq + 1);
            if (strlen(v) >= sizeof cred_tls_sessions)
                fail(EX_CONFIG, "%s:%u: tls_sessions path is too long", path, lineno);
            memcpy(cred_tls_sessions, v, strlen(v) + 1);
        } else
            fail(EX_CONFIG, "%s:%u: unknown key '%s'", path, lineno, k);
    }
    if (!*id || !**id || !*secret || !**secret)
        fail(EX_CONFIG, "%s: needs both client_id=... and client_secret=...", path);
}

char cred_buf[CRED_MAX];

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
void find_credentials(const options *o, const char **id, char **secret)
{
    static char path[1024];
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    if (o->credentials) {
        load_credentials_file(o->credentials, 1, id, secret);
        return;
    }
    path[0] = '\0';
    if (xdg && *xdg)
        fmt_buf(path, sizeof path, "%s/framec/credentials", xdg);
    else if (home && *home)
        fmt_buf(path, sizeof path, "%s/.config/framec/credentials", home);
    if ((path[0] && load_credentials_file(path, 0, id, secret)) ||
        load_credentials_file(SYSTEM_CREDENTIALS, 0, id, secret))
        return;
    *id = getenv("FRAME_CLIENT_ID");
    *secret = getenv("FRAME_CLIENT_SECRET");
    if (!*id || !**id || !*secret || !**secret)
        fail(EX_CONFIG, "no credentials: set FRAME_CLIENT_ID and FRAME_CLIENT_SECRET, "
                        "or write ~/.config/framec/credentials (mode 600), or use --credentials FILE");
}

static br_x509_trust_anchor anchor_slots[256];
static unsigned char anchor_store[192 * 1024];

void load_anchors(fc_anchors *a, const char *path)
{
    FILE *f;
    int64_t now;
    int rc;
    if (!path && fc_builtin_anchors_count) {
        fc_anchors_use(a, fc_builtin_anchors, fc_builtin_anchors_count);
        if (opt.verbose)
            fmt_fd(2, "* CA: %zu compiled-in trust anchors\n", fc_builtin_anchors_count);
        return;
    }
    if (!path)
        path = DEFAULT_CA_FILE;
    f = fopen(path, "rb");
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
        fmt_fd(2,
               "* CA bundle '%s': %zu CA certificates, %zu dropped (%zu expired, "
               "%zu with RSA below 2048 bits)\n",
               path, a->count, a->dropped_expired + a->dropped_weak, a->dropped_expired,
               a->dropped_weak);
}

static int load_later(void *ctx, fc_anchors *a)
{
    load_anchors(a, ctx); /* exits with its message on failure, as before */
    return FC_OK;
}

/* With a session file, a bundle is read only if a full handshake needs it
 * (reading the Debian bundle costs more than a resumed handshake). The
 * session is then bound to the file as it is now, not to its content:
 * its path, device, inode, size and modification time (trust_id), so a
 * changed bundle makes the next handshake a full one. Compiled-in anchors
 * cost nothing to load and are named by what they hold. */
int defer_anchors(fc_anchors *a, const char *path, uint8_t trust_id[32])
{
    static char ca_path[4096];
    unsigned long long st[4];
    uint8_t raw[8 * 4];
    fc_sha256_ctx h;
    int i;

    if (!path && fc_builtin_anchors_count)
        return 0;
    if (!path)
        path = DEFAULT_CA_FILE;
    if (strlen(path) >= sizeof ca_path || fc_port_file_stamp(path, st) != 0)
        return 0; /* read now: its error is reported as always */
    memcpy(ca_path, path, strlen(path) + 1);
    for (i = 0; i < 32; i++)
        raw[i] = (uint8_t)(st[i / 8] >> (8 * (i % 8)));
    fc_sha256_init(&h);
    fc_sha256_update(&h, "CA file\0", 8);
    fc_sha256_update(&h, ca_path, strlen(ca_path) + 1);
    fc_sha256_update(&h, raw, sizeof raw);
    fc_sha256_final(&h, trust_id);
    fc_anchors_init(a, NULL, 0, NULL, 0);
    fc_anchors_defer(a, load_later, ca_path);
    return 1;
}
