/* names.c - IP literals and DNS names, as certificates name hosts. */
#include "names.h"

#include <string.h>

#include "http.h" /* fc_http_hexval */

static int ipv4(const char *s, unsigned char out[4])
{
    unsigned i, v, n;
    for (i = 0; i < 4; i++) {
        if (i && *s++ != '.')
            return 0;
        for (v = 0, n = 0; *s >= '0' && *s <= '9'; s++, n++)
            if ((n && v == 0) || (v = v * 10 + (unsigned)(*s - '0')) > 255)
                return 0; /* a leading zero, or past 255 */
        if (!n)
            return 0;
        out[i] = (unsigned char)v;
    }
    return *s == '\0';
}

/* RFC 4291 2.2: eight groups of one to four hex digits, one "::" standing
 * for one or more zero groups, the last 32 bits optionally a dotted quad. */
static int ipv6(const char *s, unsigned char out[16])
{
    unsigned char w[16];
    size_t n = 0, i, k;
    long gap = -1; /* where "::" stands, in bytes */
    unsigned v;
    int d;

    if (*s == ':') {
        if (s[1] != ':')
            return 0;
        gap = 0;
        s += 2;
    }
    while (*s) {
        if (n == 16)
            return 0;
        if (strchr(s, '.') && !strchr(s, ':')) { /* the trailing dotted quad */
            if (n > 12 || !ipv4(s, w + n))
                return 0;
            n += 4;
            break;
        }
        for (v = 0, k = 0; (d = fc_http_hexval(*s)) >= 0; s++, k++)
            v = v << 4 | (unsigned)d;
        if (k == 0 || k > 4)
            return 0;
        w[n++] = (unsigned char)(v >> 8);
        w[n++] = (unsigned char)v;
        if (!*s)
            break;
        if (*s++ != ':')
            return 0;
        if (*s == ':') {
            if (gap >= 0)
                return 0;
            gap = (long)n;
            s++;
        } else if (!*s) {
            return 0; /* a single trailing ':' */
        }
    }
    if (gap < 0 ? n != 16 : n > 14)
        return 0;
    memset(out, 0, 16);
    for (i = 0; i < n; i++)
        out[(long)i < gap || gap < 0 ? i : 16 - n + i] = w[i];
    return 1;
}

size_t fc_name_parse_ip(const char *s, unsigned char ip[16])
{
    if (ipv4(s, ip))
        return 4;
    return strchr(s, ':') && ipv6(s, ip) ? 16 : 0;
}

static int ieq(const unsigned char *a, const unsigned char *b, size_t n)
{
    for (; n; n--, a++, b++) {
        unsigned ca = *a >= 'A' && *a <= 'Z' ? *a + 32u : *a;
        unsigned cb = *b >= 'A' && *b <= 'Z' ? *b + 32u : *b;
        if (ca != cb)
            return 0;
    }
    return 1;
}

/* The name lies in the subtree c (RFC 5280 4.2.1.10): equal to it, or c
 * with labels added on the left. A constraint written with a leading dot
 * (".example.com", a common form) holds only the names below it; an empty
 * one holds every name. */
int fc_name_dns_within(const unsigned char *n, size_t nl, const unsigned char *c, size_t cl)
{
    if (cl == 0)
        return 1;
    if (c[0] == '.')
        return nl > cl && ieq(n + nl - cl, c, cl);
    if (nl == cl)
        return ieq(n, c, cl);
    return nl > cl && n[nl - cl - 1] == '.' && ieq(n + nl - cl, c, cl);
}

/* For an excluded subtree: a wildcard "*.base" also reaches every name one
 * label below base, so it is refused when the subtree lies anywhere under
 * base (a stricter reading than names alone, never a looser one). */
int fc_name_dns_excluded(const unsigned char *n, size_t nl, const unsigned char *c, size_t cl)
{
    if (fc_name_dns_within(n, nl, c, cl))
        return 1;
    if (nl > 2 && n[0] == '*' && n[1] == '.') {
        if (cl && c[0] == '.')
            c++, cl--;
        return fc_name_dns_within(c, cl, n + 2, nl - 2);
    }
    return 0;
}
