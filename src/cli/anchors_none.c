/* anchors_none.c - the command's compiled-in trust anchors when it has
 * none: an empty list, so the CA bundle comes from a file. A build with
 * make ANCHORS=bundle.pem links the list framec-anchors generates
 * (src/tools/anchors2c.c) instead of this file. */
#include "cli.h"

const br_x509_trust_anchor fc_builtin_anchors[1];
const size_t fc_builtin_anchors_count = 0;
