/* anchors_same.c - the anchors framec-anchors compiled in are the ones
 * --cacert would load: built by tests/anchors.sh with the C that
 * framec-anchors wrote from BUNDLE, it loads BUNDLE again with
 * fc_anchors_add_pem_mem and compares every anchor byte for byte (name,
 * flags, key type, RSA n and e or EC curve and point).
 *
 *   anchors_same BUNDLE.pem     prints "N passed, N failed" */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anchors.h"
#include "check.h"

extern const br_x509_trust_anchor fc_builtin_anchors[];
extern const size_t fc_builtin_anchors_count;

static br_x509_trust_anchor slots[64];
static unsigned char store[65536];
static char pem[262144];

static int same(const unsigned char *a, size_t alen, const unsigned char *b, size_t blen)
{
    return alen == blen && memcmp(a, b, alen) == 0;
}

int main(int argc, char **argv)
{
    fc_anchors a, used;
    FILE *f = argc == 2 ? fopen(argv[1], "rb") : NULL;
    size_t len, i, rsa = 0, ec = 0;

    if (!f) {
        fprintf(stderr, "usage: anchors_same BUNDLE.pem\n");
        return 2;
    }
    len = fread(pem, 1, sizeof pem, f);
    fclose(f);
    fc_anchors_init(&a, slots, 64, store, sizeof store);
    CHECK_EQ_INT(fc_anchors_add_pem_mem(&a, pem, len), FC_OK);
    CHECK(a.count == fc_builtin_anchors_count, "%zu anchors loaded, %zu compiled in", a.count,
          fc_builtin_anchors_count);
    for (i = 0; i < a.count && i < fc_builtin_anchors_count; i++) {
        const br_x509_trust_anchor *x = &a.slots[i], *y = &fc_builtin_anchors[i];
        CHECK(same(x->dn.data, x->dn.len, y->dn.data, y->dn.len), "anchor %zu: name", i);
        CHECK(x->flags == y->flags, "anchor %zu: flags %u, %u", i, x->flags, y->flags);
        CHECK(x->pkey.key_type == y->pkey.key_type, "anchor %zu: key type", i);
        if (x->pkey.key_type == BR_KEYTYPE_RSA && y->pkey.key_type == BR_KEYTYPE_RSA) {
            const br_rsa_public_key *p = &x->pkey.key.rsa, *q = &y->pkey.key.rsa;
            CHECK(same(p->n, p->nlen, q->n, q->nlen) && same(p->e, p->elen, q->e, q->elen),
                  "anchor %zu: RSA key", i);
            rsa++;
        } else if (x->pkey.key_type == BR_KEYTYPE_EC && y->pkey.key_type == BR_KEYTYPE_EC) {
            const br_ec_public_key *p = &x->pkey.key.ec, *q = &y->pkey.key.ec;
            CHECK(p->curve == q->curve && same(p->q, p->qlen, q->q, q->qlen),
                  "anchor %zu: EC key", i);
            ec++;
        }
    }
    CHECK(rsa >= 1 && ec >= 2, "the bundle holds RSA and EC anchors (%zu RSA, %zu EC)", rsa, ec);
    /* fc_anchors_use takes the list where it is, and nothing can be added. */
    fc_anchors_use(&used, fc_builtin_anchors, fc_builtin_anchors_count);
    CHECK(used.slots == fc_builtin_anchors && used.count == fc_builtin_anchors_count,
          "fc_anchors_use copies nothing");
    CHECK(fc_anchors_loaded(&used), "compiled-in anchors count as loaded");
    CHECK_EQ_INT(fc_anchors_add_pem_mem(&used, pem, len), FC_ERR_ANCHORS_FULL);
    CHECK(used.count == fc_builtin_anchors_count, "a refused add leaves the list");
    return check_done();
}
