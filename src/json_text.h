/* json_text.h - the inside of the JSON module (not installed): the
 * string decoder that parsing, key lookup and fc_json_string share, and
 * the word-at-a-time scans over string bodies, inline because they are
 * the hot loops of the parser and the array stream. Only src/json*.c
 * include it. */
#ifndef FC_JSON_TEXT_H
#define FC_JSON_TEXT_H

#include <stdint.h>
#include <string.h>

#include "json.h"

/* Compare mode stops at the first differing byte with this code; it never
 * leaves the JSON module. */
#define FC_JSON_DIFFERS (-1000)

/* Where decoded bytes go: written to out, compared with cmp, or, with
 * neither, only checked and counted. */
typedef struct {
    char *out;
    size_t cap;
    const char *cmp;
    size_t cmplen;
    size_t len; /* bytes decoded so far */
} fc_json_sink;

/* Decodes string text s[0..n) into k up to the first raw quote (or n) and
 * sets *used to where it stopped (json_text.c). */
long fc_json_decode(const char *s, size_t n, fc_json_sink *k, size_t *used);

/* fc_json_parse, and with vend set, a prefix parse for the stream (json.c):
 * one value at js[0] that must end inside js[0..len), its end put in *vend,
 * whatever follows left alone. */
int fc_json_parse_prefix(fc_json *j, jsmntok_t *pool, unsigned cap, const char *js, size_t len,
                         size_t *vend);

/* A macro: it runs once per token, and -Os builds keep a function a call.
 * c is read more than once. */
#define IS_WS(c) ((c) == ' ' || (c) == '\n' || (c) == '\r' || (c) == '\t')

static inline int is_digit(char c)
{
    return c >= '0' && c <= '9';
}


/* Bytes that stand for themselves inside a JSON string. */
static inline int plain(unsigned char c)
{
    return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

/* String bodies are most of a listing's bytes, so the loops over them look
 * at a machine word per step (SWAR: "Bit Twiddling Hacks", haszero and
 * hasless). Each test only says whether some byte of the word matches,
 * exactly; the byte loop then finds which. The word is the native one,
 * size_t: 8 bytes on x86-64, 4 on a Cortex-M, where 64-bit words would
 * take register pairs, more code and more time. FC_JSON_WORD overrides it
 * (an unsigned type of 4 or 8 bytes), so that x86 tests the 4-byte one too
 * (build/tests/test_json_word32, run by make test). */
typedef FC_JSON_WORD word;
#define ONES ((word)-1 / 0xFF) /* 0x0101...01 */
#define HIGHS (ONES * 0x80u)

/* The word at p with p[0] in its low byte, on every machine, so that the
 * first byte in memory is always the lowest flag below. Little-endian is
 * one load; big-endian (s390x, PowerPC, some MIPS and ARM) one load and a
 * byte swap; a compiler that does not say its byte order gets the bytes
 * assembled one by one, which optimising compilers turn back into the
 * load. */
static inline word load_word(const char *p)
{
    word w;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(&w, p, sizeof w);
#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    memcpy(&w, p, sizeof w);
    w = sizeof w == 8 ? (word)__builtin_bswap64((uint64_t)w) : (word)__builtin_bswap32((uint32_t)w);
#else
    size_t k = sizeof w;
    for (w = 0; k--;)
        w = (word)(w << 8) | (unsigned char)p[k];
#endif
    return w;
}

/* High bit set in some byte when some byte of w equals b (b < 0x80). */
static inline word has_byte(word w, unsigned b)
{
    word v = w ^ (ONES * b);
    return (v - ONES) & ~v;
}

/* Where the word's first flagged byte is, from a mask of the tests above:
 * they flag wrongly only bytes after a true match (a borrow runs towards
 * the high end), so the lowest flag is exact, and load_word put the first
 * byte in memory lowest. */
static inline int first_flag(word m)
{
    word low = m & (~m + 1); /* the lowest flag alone: 0x80 << 8k */
    /* 2^8k - 1 masked with ONES holds k bytes of 1; the multiply adds
     * them up in the top byte. */
    return (int)(((((low >> 7) - 1) & ONES) * ONES) >> (8 * sizeof(word) - 8));
}

/* Length of the run of plain bytes at s[0..n). */
static inline size_t plain_run(const char *s, size_t n)
{
    size_t i = 0;
    for (; n - i >= sizeof(word); i += sizeof(word)) {
        word w = load_word(s + i);
        /* below 0x20, or 0x80 and up, or '"', or '\\' */
        word m = (((w - ONES * 0x20u) & ~w) | w | has_byte(w, '"') | has_byte(w, '\\')) & HIGHS;
        if (m)
            return i + (size_t)first_flag(m);
    }
    while (i < n && plain((unsigned char)s[i]))
        i++;
    return i;
}

/* Length of the run at s[0..n) holding neither '"' nor '\\'. */
static inline size_t quote_run(const char *s, size_t n)
{
    size_t i = 0;
    for (; n - i >= sizeof(word); i += sizeof(word)) {
        word w = load_word(s + i);
        word m = (has_byte(w, '"') | has_byte(w, '\\')) & HIGHS;
        if (m)
            return i + (size_t)first_flag(m);
    }
    while (i < n && s[i] != '"' && s[i] != '\\')
        i++;
    return i;
}


#endif
