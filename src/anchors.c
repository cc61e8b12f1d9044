/* anchors.c - trust anchors from PEM bundles into caller storage, and the
 * public-key pins' text form (the base64 reader serves both). */
#include "anchors.h"

#include <string.h>

/* The loader reads PEM and DER itself rather than through BearSSL's
 * br_pem_decoder and br_x509_decoder: those are T0 interpreters that take
 * one byte per step, and loading Debian's bundle through them cost about
 * 380 M instructions, more than the whole TLS handshake that follows. Both
 * readers (PEM here, DER in anchors_der.c) accept and refuse exactly what those decoders (BearSSL 0.6)
 * did, quirks included, and produce the same bytes: tests/test_tls.c keeps
 * the BearSSL decoders as the reference and compares, certificate by
 * certificate, and tests/fuzz_pem.c does the same on fuzzed bundles. */

/* Where the PEM reader is in its input. The steps are those of BearSSL's
 * pemdec.t0: a line starting "-----BEGIN " opens an object whose label is
 * the rest of the line, upper-cased, without trailing dashes; base64
 * follows, blanks (spaces and control bytes) allowed between characters,
 * but no line may end inside a quartet; a line starting with '-' (or the
 * first non-empty line after padding) must start "-----END ", and the rest
 * of that line is ignored. */
enum {
    PEM_LINE,     /* outside objects, k bytes of "-----BEGIN " matched */
    PEM_SKIP,     /* outside objects, a line that is no banner */
    PEM_LABEL,    /* the label: k bytes read */
    PEM_BODY,     /* base64: q characters of the quartet read */
    PEM_PAD,      /* "xy=" read: the fourth character must be '=' */
    PEM_PAD_LINE, /* after the padding: blanks only, to the line end */
    PEM_TRAILER,  /* after the padding line: empty lines, then the END line */
    PEM_END,      /* k bytes of "-----END " matched */
    PEM_END_LINE  /* the rest of the END line */
};

static const char pem_begin[] = "-----BEGIN ";
static const char pem_end[] = "-----END ";
/* BearSSL read at most 126 label bytes: a label of 127 or more makes the
 * line no banner. */
#define PEM_LABEL_MAX 127

typedef struct {
    fc_anchors *a;
    int state;
    size_t k;      /* bytes of a banner matched, or of the label read */
    unsigned q;    /* base64 characters of the quartet read */
    uint32_t acc;  /* the quartet's bits so far */
    int first;     /* no quartet yet on this line: a '-' starts the END line */
    int blank;     /* blanks before the quartet's first character: no '-' then */
    int in_cert;   /* the object is a CERTIFICATE */
    char label[PEM_LABEL_MAX + 1];
    unsigned char der[FC_CERT_MAX]; /* one certificate, checked whole */
    size_t der_len;
    int der_over; /* it did not fit */
} loader;

/* The certificate collected in l->der, as an anchor (anchors_der.c). */
static int finish_cert(loader *l)
{
    return l->der_over ? FC_ERR_PEM : fc_anchors_add_der(l->a, l->der, l->der_len);
}

/* ---- The PEM reader ---------------------------------------------------- */

static unsigned upper(unsigned c)
{
    return c >= 'a' && c <= 'z' ? c - 32 : c;
}

/* A blank as BearSSL saw it: any control byte or space but the newline. */
static int blank(unsigned c)
{
    return c <= 32 && c != '\n';
}

/* 0-63, or -1 for a byte that is no base64 digit ('=' included). */
static int b64(unsigned c)
{
    if (c - 'A' < 26)
        return (int)(c - 'A');
    if (c - 'a' < 26)
        return (int)(c - 'a' + 26);
    if (c - '0' < 10)
        return (int)(c - '0' + 52);
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* One decoded byte; only a certificate's are kept. */
static void der_put(loader *l, uint32_t b)
{
    if (!l->in_cert)
        return;
    if (l->der_len == sizeof l->der)
        l->der_over = 1;
    else
        l->der[l->der_len++] = (unsigned char)b;
}

/* The label is read: the object starts. Trailing dashes are dropped and
 * the label ends at a NUL, as in BearSSL's name buffer. */
static void pem_open(loader *l)
{
    size_t n = l->k;
    while (n && l->label[n - 1] == '-')
        n--;
    l->label[n] = '\0';
    l->in_cert = strcmp(l->label, "CERTIFICATE") == 0 || strcmp(l->label, "X509 CERTIFICATE") == 0;
    l->der_len = 0;
    l->der_over = 0;
    l->state = PEM_BODY;
    l->q = 0;
    l->acc = 0;
    l->first = 1;
    l->blank = 0;
}

/* Feeds one byte (never a CR) to the reader; FC_ERR_PEM for a damaged
 * object. */
static int pem_byte(loader *l, unsigned c)
{
    int v;
    switch (l->state) {
    case PEM_LINE:
        if (c == '\n')
            l->k = 0;
        else if (upper(c) != (unsigned char)pem_begin[l->k])
            l->state = PEM_SKIP;
        else if (++l->k == sizeof pem_begin - 1)
            l->state = PEM_LABEL, l->k = 0;
        return FC_OK;
    case PEM_SKIP:
        if (c == '\n')
            l->state = PEM_LINE, l->k = 0;
        return FC_OK;
    case PEM_LABEL:
        if (c == '\n') {
            if (l->k == 0 || l->k == PEM_LABEL_MAX)
                l->state = PEM_LINE, l->k = 0; /* no label, or too long: no banner */
            else
                pem_open(l);
        } else if (l->k == PEM_LABEL_MAX) {
            l->state = PEM_SKIP;
        } else {
            l->label[l->k++] = (char)upper(c);
        }
        return FC_OK;
    case PEM_BODY:
        if (c == '\n') {
            l->first = 1;
            l->blank = 0;
            return l->q ? FC_ERR_PEM : FC_OK; /* a quartet spans no line end */
        }
        if (blank(c)) {
            l->blank |= l->q == 0;
            return FC_OK;
        }
        if (c == '-' && l->q == 0 && !l->blank) {
            if (!l->first)
                return FC_ERR_PEM;
            l->state = PEM_END;
            l->k = 1;
            return FC_OK;
        }
        if (c == '=' && l->q == 2) {
            l->state = PEM_PAD;
            return FC_OK;
        }
        if (c == '=' && l->q == 3) {
            if (l->acc & 3)
                return FC_ERR_PEM;
            der_put(l, l->acc >> 10);
            der_put(l, l->acc >> 2 & 0xff);
            l->state = PEM_PAD_LINE;
            return FC_OK;
        }
        v = b64(c);
        if (v < 0)
            return FC_ERR_PEM;
        l->acc = l->acc << 6 | (uint32_t)v;
        if (++l->q == 4) {
            der_put(l, l->acc >> 16);
            der_put(l, l->acc >> 8 & 0xff);
            der_put(l, l->acc & 0xff);
            l->q = 0;
            l->acc = 0;
            l->first = 0;
            l->blank = 0;
        }
        return FC_OK;
    case PEM_PAD:
        if (blank(c))
            return FC_OK;
        if (c != '=' || (l->acc & 0xf))
            return FC_ERR_PEM;
        der_put(l, l->acc >> 4);
        l->state = PEM_PAD_LINE;
        return FC_OK;
    case PEM_PAD_LINE:
        if (c == '\n')
            l->state = PEM_TRAILER;
        else if (!blank(c))
            return FC_ERR_PEM;
        return FC_OK;
    case PEM_TRAILER:
        if (c == '-')
            l->state = PEM_END, l->k = 1;
        else if (c != '\n')
            return FC_ERR_PEM;
        return FC_OK;
    case PEM_END:
        if (upper(c) != (unsigned char)pem_end[l->k])
            return FC_ERR_PEM; /* a newline included */
        if (++l->k == sizeof pem_end - 1)
            l->state = PEM_END_LINE;
        return FC_OK;
    default: /* PEM_END_LINE: the label after END is not checked */
        if (c != '\n')
            return FC_OK;
        l->state = PEM_LINE;
        l->k = 0;
        return l->in_cert ? finish_cert(l) : FC_OK;
    }
}

/* Feeds a chunk, CRs dropped. The base64 runs of a body, nearly all of a
 * bundle, take a short loop with the quartet in locals; every other byte
 * goes through pem_byte. */
static int pem_feed(loader *l, const unsigned char *p, size_t n)
{
    const unsigned char *end = p + n;
    int rc, v;
    while (p < end) {
        if (l->state == PEM_BODY) {
            uint32_t acc = l->acc;
            unsigned q = l->q;
            for (; p < end && (v = b64(*p)) >= 0; p++) {
                acc = acc << 6 | (uint32_t)v;
                if (++q < 4)
                    continue;
                if (l->in_cert && sizeof l->der - l->der_len >= 3) {
                    l->der[l->der_len++] = (unsigned char)(acc >> 16);
                    l->der[l->der_len++] = (unsigned char)(acc >> 8);
                    l->der[l->der_len++] = (unsigned char)acc;
                } else {
                    der_put(l, acc >> 16);
                    der_put(l, acc >> 8 & 0xff);
                    der_put(l, acc & 0xff);
                }
                q = 0;
                acc = 0;
                l->first = 0;
                l->blank = 0;
            }
            l->acc = acc;
            l->q = q;
            if (p == end)
                break;
        }
        if (*p != '\r') {
            rc = pem_byte(l, *p);
            if (rc)
                return rc;
        }
        p++;
    }
    return FC_OK;
}

/* Inside an object: a bundle that ends here is cut short. */
static int pem_in_object(const loader *l)
{
    return l->state != PEM_LINE && l->state != PEM_SKIP && l->state != PEM_LABEL;
}

void fc_anchors_init(fc_anchors *a, br_x509_trust_anchor *slots, size_t nslots,
                     void *store, size_t store_len)
{
    a->slots = slots;
    a->cap = nslots;
    a->count = 0;
    a->store = store;
    a->store_cap = store_len;
    a->store_len = 0;
    a->check = 0;
    a->now = 0;
    a->dropped_expired = a->dropped_weak = 0;
    a->load = NULL;
    a->load_ctx = NULL;
    a->load_rc = FC_OK;
}

void fc_anchors_use(fc_anchors *a, const br_x509_trust_anchor *ta, size_t n)
{
    /* BearSSL reads anchors through a const pointer; only the loader
     * writes slots, and a full list (count == cap, no store) stops it
     * before any write. */
    fc_anchors_init(a, (br_x509_trust_anchor *)(uintptr_t)ta, n, NULL, 0);
    a->count = n;
}

int fc_anchors_loaded(const fc_anchors *a)
{
    return a && (a->count || a->dropped_expired || a->dropped_weak || a->load);
}

void fc_anchors_defer(fc_anchors *a, int (*load)(void *ctx, fc_anchors *a), void *ctx)
{
    a->load = load;
    a->load_ctx = ctx;
    a->load_rc = FC_OK;
}

int fc_anchors_need(fc_anchors *a)
{
    int (*load)(void *, fc_anchors *) = a->load;
    if (load) {
        a->load = NULL; /* once, even if it fails */
        a->load_rc = load(a->load_ctx, a);
        if (a->load_rc == FC_OK && !fc_anchors_loaded(a))
            a->load_rc = FC_ERR_NO_ANCHORS;
    }
    return a->load_rc;
}

void fc_anchors_drop_unusable(fc_anchors *a, int64_t now)
{
    a->check = 1;
    a->now = now;
}

int fc_anchors_add_pem(fc_anchors *a, fc_read_fn read, void *read_ctx)
{
    loader l;
    unsigned char buf[512];
    size_t count0 = a->count, store0 = a->store_len;
    size_t dropped0 = a->dropped_expired + a->dropped_weak;
    int rc = FC_OK;

    memset(&l, 0, sizeof l);
    l.a = a;
    l.state = PEM_LINE;
    for (;;) {
        long got = read(read_ctx, buf, sizeof buf);
        if (got < 0)
            rc = FC_ERR_PEM;
        if (got <= 0)
            break;
        /* Every CR is dropped, wherever it is, as the loader always did
         * (BearSSL 0.6 kept a CR in the object name): PEM never needs one. */
        rc = pem_feed(&l, buf, (size_t)got);
        if (rc)
            break;
    }
    /* A bundle whose last line has no newline ends it here. */
    if (!rc)
        rc = pem_byte(&l, '\n');
    /* A bundle cut inside any object is damaged: refuse all of it. */
    if (!rc && pem_in_object(&l))
        rc = FC_ERR_PEM;
    /* A bundle of roots that all expired is a bundle: the handshake then
     * fails as untrusted, and the caller can say why from the counts. */
    if (!rc && a->count == count0 && a->dropped_expired + a->dropped_weak == dropped0)
        rc = FC_ERR_NO_ANCHORS;
    if (rc) {
        a->count = count0;
        a->store_len = store0;
    }
    return rc;
}

typedef struct {
    const unsigned char *p;
    size_t left;
} mem_reader;

static long read_mem(void *ctx, unsigned char *buf, size_t len)
{
    mem_reader *m = ctx;
    if (len > m->left)
        len = m->left;
    memcpy(buf, m->p, len);
    m->p += len;
    m->left -= len;
    return (long)len;
}

int fc_anchors_add_pem_mem(fc_anchors *a, const void *pem, size_t len)
{
    mem_reader m = {pem, len};
    return fc_anchors_add_pem(a, read_mem, &m);
}

/* ---- Public-key pins ---------------------------------------------------- */

static const char pin_prefix[] = "sha256//";

/* One pin of exactly 44 characters: 43 digits carrying 256 bits (the
 * last one's two low bits zero, as strict base64 has it) and a '='. */
static int pin_decode(const char *p, size_t len, uint8_t out[32])
{
    uint32_t acc = 0;
    size_t i, k = 0;
    int v;
    if (len != 44 || p[43] != '=')
        return FC_ERR_PIN;
    for (i = 0; i < 43; i++) {
        v = b64((unsigned char)p[i]);
        if (v < 0)
            return FC_ERR_PIN;
        acc = acc << 6 | (uint32_t)v;
        if (i % 4 == 3) {
            out[k++] = (uint8_t)(acc >> 16);
            out[k++] = (uint8_t)(acc >> 8);
            out[k++] = (uint8_t)acc;
            acc = 0;
        }
    }
    if (acc & 3) /* 3 digits left: 18 bits, 16 of them the last two bytes */
        return FC_ERR_PIN;
    out[k++] = (uint8_t)(acc >> 10);
    out[k] = (uint8_t)(acc >> 2);
    return FC_OK;
}

int fc_pins_parse(const char *s, fc_pin *pins, size_t cap, size_t *n)
{
    size_t count = 0;
    *n = 0;
    if (!s)
        return FC_ERR_PIN;
    for (;;) {
        size_t len = strcspn(s, ";");
        int rc;
        if (len < sizeof pin_prefix - 1 || memcmp(s, pin_prefix, sizeof pin_prefix - 1) != 0)
            return FC_ERR_PIN;
        if (count == cap)
            return FC_ERR_PINS_FULL;
        rc = pin_decode(s + sizeof pin_prefix - 1, len - (sizeof pin_prefix - 1), pins[count].sha256);
        if (rc)
            return rc;
        count++;
        if (!s[len])
            break;
        s += len + 1;
    }
    *n = count;
    return FC_OK;
}
