/* anchors2c.c - framec-anchors: a PEM bundle as C source of ready trust
 * anchors, for a device with no CA file (make ANCHORS=bundle.pem).
 *
 *   framec-anchors [-n NAME] [-o OUT.c] BUNDLE.pem
 *
 * The bundle is read by the library's own PEM and DER reader
 * (fc_anchors_add_pem_mem, as --cacert reads it; BearSSL's brssl is not in
 * Debian), and every anchor is written as const data: its subject name,
 * its key (RSA n and e, or the EC curve and point) and its CA flag, in
 *   const br_x509_trust_anchor NAME[];   const size_t NAME_count;
 * (NAME fc_builtin_anchors unless -n), for fc_anchors_use().
 *
 * Compiled-in anchors are never rechecked (a trust anchor carries no
 * dates), so the tool drops what --cacert would drop, at the time it runs:
 * roots expired by then and RSA keys below 2048 bits. A device never
 * validates at a time before its build (FC_TIME_FLOOR), so a root expired
 * at build time could never be used. SOURCE_DATE_EPOCH, when set, is that
 * time instead of the clock (reproducible builds). A root that expires
 * after the build stays in; the chain's own certificates still have their
 * dates checked on the device. A host program: it may print and exit, the
 * library it uses does neither. */
/* 64-bit time_t on 32-bit glibc: "expired" must still work after 2038. */
#define _FILE_OFFSET_BITS 64
#define _TIME_BITS 64
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "anchors.h"

#define BUNDLE_MAX (4 * 1024 * 1024)

static br_x509_trust_anchor slots[4096];
static unsigned char store[2 * 1024 * 1024];
static char pem[BUNDLE_MAX];

static void die(const char *fmt, const char *a, const char *b)
{
    fprintf(stderr, "framec-anchors: ");
    fprintf(stderr, fmt, a, b);
    fputc('\n', stderr);
    exit(1);
}

static void bytes(FILE *f, const char *name, size_t i, const char *part,
                  const unsigned char *p, size_t n)
{
    size_t k;
    fprintf(f, "static const unsigned char %s_%zu_%s[%zu] = {", name, i, part, n);
    for (k = 0; k < n; k++)
        fprintf(f, "%s0x%02x%s", k % 12 ? " " : "\n    ", p[k], k + 1 < n ? "," : "");
    fprintf(f, "\n};\n");
}

int main(int argc, char **argv)
{
    const char *name = "fc_builtin_anchors", *out = NULL, *in = NULL, *epoch;
    fc_anchors a;
    int64_t now;
    FILE *f;
    size_t len, i;
    int rc;

    for (i = 1; i < (size_t)argc; i++) {
        if (!strcmp(argv[i], "-n") && i + 1 < (size_t)argc)
            name = argv[++i];
        else if (!strcmp(argv[i], "-o") && i + 1 < (size_t)argc)
            out = argv[++i];
        else if (argv[i][0] == '-' || in)
            die("usage: framec-anchors [-n NAME] [-o OUT.c] BUNDLE.pem%s%s", "", "");
        else
            in = argv[i];
    }
    if (!in)
        die("usage: framec-anchors [-n NAME] [-o OUT.c] BUNDLE.pem%s%s", "", "");
    if (!(f = fopen(in, "rb")))
        die("cannot open '%s'%s", in, "");
    len = fread(pem, 1, sizeof pem, f);
    if (ferror(f) || len == sizeof pem)
        die("cannot read '%s' (or it is larger than 4 MiB)%s", in, "");
    fclose(f);
    fc_anchors_init(&a, slots, sizeof slots / sizeof slots[0], store, sizeof store);
    epoch = getenv("SOURCE_DATE_EPOCH");
    if (epoch && *epoch) {
        char *end;
        errno = 0;
        now = (int64_t)strtoll(epoch, &end, 10);
        if (*end || now < 0 || errno)
            die("SOURCE_DATE_EPOCH '%s' is not a number of seconds%s", epoch, "");
    } else {
        now = (int64_t)time(NULL);
    }
    fc_anchors_drop_unusable(&a, now);
    rc = fc_anchors_add_pem_mem(&a, pem, len);
    if (rc)
        die("'%s': %s", in, fc_strerror(rc));
    if (a.count == 0)
        die("'%s': every certificate was dropped (expired, or RSA below 2048 bits)%s", in, "");
    if (a.dropped_expired + a.dropped_weak)
        fprintf(stderr, "framec-anchors: %zu trust anchors, %zu dropped (%zu expired, %zu with RSA below 2048 bits)\n",
                a.count, a.dropped_expired + a.dropped_weak, a.dropped_expired, a.dropped_weak);

    f = out ? fopen(out, "w") : stdout;
    if (!f)
        die("cannot write '%s'%s", out, "");
    fprintf(f, "/* %zu trust anchors from %s, written by framec-anchors. Do not edit:\n"
               " * give the bundle to make ANCHORS= (or run framec-anchors again). */\n"
               "#include <bearssl.h>\n#include <stddef.h>\n\n",
            a.count, in);
    for (i = 0; i < a.count; i++) {
        const br_x509_trust_anchor *t = &a.slots[i];
        bytes(f, name, i, "dn", t->dn.data, t->dn.len);
        if (t->pkey.key_type == BR_KEYTYPE_RSA) {
            bytes(f, name, i, "n", t->pkey.key.rsa.n, t->pkey.key.rsa.nlen);
            bytes(f, name, i, "e", t->pkey.key.rsa.e, t->pkey.key.rsa.elen);
        } else {
            bytes(f, name, i, "q", t->pkey.key.ec.q, t->pkey.key.ec.qlen);
        }
    }
    /* BearSSL's structures hold plain pointers; the data stays const. */
    fprintf(f, "\nextern const br_x509_trust_anchor %s[%zu];\n", name, a.count);
    fprintf(f, "const br_x509_trust_anchor %s[%zu] = {\n", name, a.count);
    for (i = 0; i < a.count; i++) {
        const br_x509_trust_anchor *t = &a.slots[i];
        fprintf(f, "    {{(unsigned char *)%s_%zu_dn, %zu}, %s,\n", name, i, t->dn.len,
                t->flags & BR_X509_TA_CA ? "BR_X509_TA_CA" : "0");
        if (t->pkey.key_type == BR_KEYTYPE_RSA)
            fprintf(f, "     {BR_KEYTYPE_RSA, {.rsa = {(unsigned char *)%s_%zu_n, %zu, "
                       "(unsigned char *)%s_%zu_e, %zu}}}},\n",
                    name, i, t->pkey.key.rsa.nlen, name, i, t->pkey.key.rsa.elen);
        else
            fprintf(f, "     {BR_KEYTYPE_EC, {.ec = {%d, (unsigned char *)%s_%zu_q, %zu}}}},\n",
                    t->pkey.key.ec.curve, name, i, t->pkey.key.ec.qlen);
    }
    fprintf(f, "};\nextern const size_t %s_count;\nconst size_t %s_count = %zu;\n", name, name,
            a.count);
    if (ferror(f) || (out && fclose(f)))
        die("cannot write '%s'%s", out ? out : "standard output", "");
    if (!out && fflush(stdout))
        die("cannot write standard output%s%s", "", "");
    return 0;
}
