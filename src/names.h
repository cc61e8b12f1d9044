/* names.h - IP literals and DNS names, as certificates name hosts.
 *
 * Pure functions for x509.c: which hosts are IP literals (they are matched
 * against iPAddress entries and never sent as SNI), and whether a DNS name
 * lies inside a nameConstraints subtree. Names are compared as ASCII,
 * case-insensitively; nothing here allocates or touches the OS. */
#ifndef FC_NAMES_H
#define FC_NAMES_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Parses an IPv4 dotted quad (four decimal parts, no leading zeros) or an
 * IPv6 address (RFC 4291 2.2, "::" and a trailing dotted quad allowed)
 * into ip; returns 4, 16, or 0 when s is neither. */
size_t fc_name_parse_ip(const char *s, unsigned char ip[16]);

/* The name n (nl bytes) lies in the subtree c (RFC 5280 4.2.1.10): equal
 * to it, or c with labels added on the left. A constraint with a leading
 * dot (".example.com") holds only the names below it; an empty one holds
 * every name. */
int fc_name_dns_within(const unsigned char *n, size_t nl, const unsigned char *c, size_t cl);

/* For an excluded subtree: fc_name_dns_within, and a wildcard "*.base" is
 * also caught when the subtree lies anywhere under base. */
int fc_name_dns_excluded(const unsigned char *n, size_t nl, const unsigned char *c, size_t cl);

#ifdef __cplusplus
}
#endif

#endif
