/* json.h - strict JSON reading over jsmn tokens, and a fixed-memory array stream.
 *
 * fc_json_parse checks a document against RFC 8259 in full (jsmn alone is
 * not a validator) and, in the same pass, fills the caller's pool with the
 * tokens jsmn would give, pointing into the caller's text: nothing is
 * copied or allocated, and the text must outlive the tokens. Lookups, typed getters and the string
 * decoder only ever read a document that parse accepted, so they never guess.
 *
 * fc_json_stream cuts a top-level array into its elements as bytes arrive,
 * in any split, holding only one element at a time in the caller's buffer.
 *
 * This module must never allocate, recurse once per nesting level, keep
 * global mutable state, truncate a string or hand back part of a result:
 * every limit (token pool, depth, buffer) is a distinct error. It is the
 * only module that uses jsmn's token type. */
#ifndef FC_JSON_H
#define FC_JSON_H

#include <stddef.h>
#include <stdint.h>

/* Types only: framec never runs jsmn_parse (see json.c); the tests do. */
#ifndef JSMN_HEADER
#define JSMN_HEADER
#endif
#include <jsmn.h>

#include "error.h"
#include "framec_config.h"

#ifdef __cplusplus
extern "C" {
#endif


typedef struct {
    const char *js;
    size_t len; /* the caller's text; tokens point into it */
    jsmntok_t *tok;
    unsigned cap; /* the caller's token pool */
    int count;    /* tokens used; 0 after any error */
} fc_json;

/* What a token holds. Zero is never a kind, so a kind can not be confused
 * with a successful-but-empty result. */
typedef enum {
    FC_JSON_OBJECT = 1,
    FC_JSON_ARRAY,
    FC_JSON_STRING, /* object keys included */
    FC_JSON_NUMBER,
    FC_JSON_TRUE,
    FC_JSON_FALSE,
    FC_JSON_NULL
} fc_json_kind;

/* Checks js[0..len) against RFC 8259 and tokenizes it, in one linear
 * pass. Long lists still go through fc_json_stream, so that memory does not
 * grow with them. Any single value is a document (a bare "string", 0, true...), with
 * whitespace around it. Strings must be valid UTF-8 (RFC 8259 section 8.1:
 * overlong forms, UTF-16 surrogates and code points past U+10FFFF are
 * refused), and a \u escape of a surrogate must be a high-low pair.
 * "\u0000" is valid JSON and parses; only fc_json_string refuses it.
 *
 * Tokens are exactly what jsmn 1.1.0 gives for the same valid text (objects
 * count keys in size, a key has size 1, strings span the text between the
 * quotes), written in document order. Returns FC_OK; FC_ERR_JSON for
 * anything invalid (empty input and trailing bytes included);
 * FC_ERR_JSON_DEPTH when containers nest deeper than FC_JSON_MAX_DEPTH;
 * FC_ERR_JSON_TOKENS when the text is valid but needs more than cap tokens;
 * FC_ERR_JSON_TOO_BIG when len exceeds INT_MAX (jsmn offsets are int).
 * On any error j->count is 0: there is never a partial result. */
int fc_json_parse(fc_json *j, jsmntok_t *pool, unsigned cap, const char *js, size_t len);

/* Every function below takes a token index t from this module. A negative t
 * (an error from an earlier lookup) is returned unchanged, so lookups chain:
 * fc_json_int64(j, fc_json_path(j, 0, "a.b"), &v) reports the missing key.
 * An index outside the document is FC_ERR_ARG. */

/* The index just after t's whole subtree (a key's subtree is its value). */
int fc_json_skip(const fc_json *j, int t);

/* The value of key in object obj, matched on the decoded key ("caf\u00e9"
 * matches "café"), only among obj's own keys, never nested ones.
 * FC_ERR_JSON_MISSING when absent, FC_ERR_JSON_TYPE when obj is not an
 * object, FC_ERR_JSON when the key appears twice: RFC 8259 leaves the
 * meaning of duplicates open and parsers disagree on which one wins, so
 * framec refuses to pick one. */
int fc_json_find(const fc_json *j, int obj, const char *key);

/* Element i of array arr: FC_ERR_JSON_MISSING or FC_ERR_JSON_TYPE. */
int fc_json_index(const fc_json *j, int arr, size_t i);

/* Elements of an array, or keys of an object (a key's value is key + 1):
 *     for (t = fc_json_first(j, c); t >= 0; t = fc_json_next(j, c, t))
 * Each step costs the size of the element it passes, so a full walk is
 * O(tokens). The end is FC_ERR_JSON_MISSING; a scalar c is FC_ERR_JSON_TYPE. */
int fc_json_first(const fc_json *j, int c);
int fc_json_next(const fc_json *j, int c, int t);

/* Number of elements of an array or keys of an object, or FC_ERR_JSON_TYPE. */
int fc_json_size(const fc_json *j, int t);

/* Walks a dot-separated path from root: "capacity_settings.0.nodes_count".
 * On an object a step is a key (digits included: "0" looks up the key "0");
 * on an array it must be all digits and indexes it. An empty path is root
 * itself. A missing key or index is FC_ERR_JSON_MISSING; a step into a
 * string, number, true, false or null, or a non-digit step into an array,
 * is FC_ERR_JSON_TYPE; an empty step ("a..b", "a.") is FC_ERR_ARG. Keys
 * holding a dot can only be reached with fc_json_find. */
int fc_json_path(const fc_json *j, int root, const char *path);

/* One of fc_json_kind. */
int fc_json_type(const fc_json *j, int t);

/* An integer written without fraction or exponent that fits int64_t.
 * Anything else (1.0, 1e2, a string, out of range) is FC_ERR_JSON_TYPE, and
 * *out is left alone on any error. */
int fc_json_int64(const fc_json *j, int t, int64_t *out);

/* true -> 1, false -> 0; anything else is FC_ERR_JSON_TYPE. */
int fc_json_bool(const fc_json *j, int t, int *out);

/* 1 when t is null; 0 for any other token and for an error index. */
int fc_json_is_null(const fc_json *j, int t);

/* 1 when string token t decodes to exactly s, else 0 (also for an error
 * index or a non-string); no buffer needed. */
int fc_json_streq(const fc_json *j, int t, const char *s);

/* Decodes string token t (a key or a value) into out as NUL-terminated
 * UTF-8. Returns the length without the NUL; FC_ERR_JSON_TYPE when t is not
 * a string; FC_ERR_JSON_TOO_BIG when length + 1 exceeds cap (nothing is
 * truncated, and nothing is written past cap); FC_ERR_JSON for "\u0000":
 * a NUL inside a C string would silently cut the value short (a key
 * "admin\u0000x" read as "admin"), so it is refused rather than decoded.
 * On any error out holds "" when cap > 0. */
long fc_json_string(const fc_json *j, int t, char *out, size_t cap);

/* The decoder itself, over the raw text between the quotes (s[0..n), which
 * need not come from fc_json_parse): \" \\ \/ \b \f \n \r \t, \uXXXX with
 * surrogate pairs to 4-byte UTF-8, raw UTF-8 copied after validation. The
 * same results as fc_json_string, plus FC_ERR_JSON for anything a JSON
 * string can not hold (a raw quote or control byte, a bad escape, a lone or
 * reversed surrogate, invalid UTF-8) and FC_ERR_ARG for a NULL out. */
long fc_json_unescape(const char *s, size_t n, char *out, size_t cap);

/* The text of t as written: numbers, true, false and null exactly as in the
 * document, a string's raw (still escaped) text between its quotes, a
 * container's whole text. Not NUL-terminated. NULL (and *len 0) for a bad t. */
/* Writes s (NUL-terminated UTF-8) as a JSON string with its quotes,
 * escaping '"', '\\' and control characters. Returns the length written
 * (no NUL is added), or FC_ERR_JSON_TOO_BIG when it does not fit. */
long fc_json_write_string(char *out, size_t cap, const char *s);

const char *fc_json_raw(const fc_json *j, int t, size_t *len);

/* ---- Streaming a top-level array in fixed memory ------------------------ */

/* Gets one element (or the whole non-array value), not NUL-terminated, in
 * the stream's buffer or, with fc_json_stream_parse, possibly in the data
 * being pushed: valid only during the call. Non-zero stops the stream with
 * FC_ERR_CALLBACK. */
typedef int (*fc_json_element_fn)(void *ctx, const char *elem, size_t len);

/* Scanner state; read only buf, cap and len (the element so far, when it
 * goes through buf). */
typedef struct {
    fc_json_element_fn fn;
    void *ctx;
    char *buf;
    size_t cap, len;
    int state;
    int err;        /* sticky: the first error, returned from then on */
    int array;      /* the top-level value is an array */
    unsigned depth; /* open brackets inside the current value */
    unsigned char in_str, esc, prim;
    unsigned char objs[(FC_JSON_MAX_DEPTH + 7) / 8]; /* 1 bit per level: '{' */
    /* fc_json_stream_parse: where elements are parsed, or NULL */
    fc_json *doc;
    jsmntok_t *pool;
    unsigned pool_cap;
} fc_json_stream;

/* buf (cap bytes) bounds the largest element; it need not hold the array. */
void fc_json_stream_init(fc_json_stream *s, char *buf, size_t cap, fc_json_element_fn fn,
                         void *ctx);

/* Feeds bytes in any split. When the top-level value is an array, each
 * element (no surrounding whitespace or commas) goes to fn as soon as its
 * last byte arrives. The scanner checks the array level (one comma between
 * elements, none trailing, the closing bracket, only whitespace after it)
 * and that brackets inside an element match and nest at most
 * FC_JSON_MAX_DEPTH; the element's own grammar is for the callback to check
 * with fc_json_parse, or for the stream (fc_json_stream_parse). Any other
 * top-level value is held whole in buf and delivered by fc_json_stream_end,
 * once it is known to be complete. Returns FC_OK, FC_ERR_JSON,
 * FC_ERR_JSON_DEPTH, FC_ERR_JSON_TOO_BIG (an element longer than cap),
 * FC_ERR_CALLBACK, or FC_ERR_ARG after end. */
int fc_json_stream_push(fc_json_stream *s, const char *data, size_t len);

/* The input is over. FC_OK when one complete value (and only whitespace
 * after it) was seen, after delivering a non-array value; FC_ERR_JSON when
 * the input was empty or cut short; else the sticky error. Elements already
 * delivered stay delivered: a caller that must be all-or-nothing waits for
 * this result before acting on them. */
int fc_json_stream_end(fc_json_stream *s);

/* From now on the stream parses each element (and a non-array value) with
 * fc_json_parse into doc, with pool and cap, before fn sees it: fn reads
 * doc's tokens at once, and an element parse refuses stops the stream with
 * parse's error (FC_ERR_JSON, FC_ERR_JSON_DEPTH, FC_ERR_JSON_TOKENS). An
 * element whole inside one push is then checked, tokenized and cut from the
 * array in a single pass over its bytes, and read where it lies instead of
 * being copied to buf; any other takes the byte scan and buf as before. The
 * outcome is the one parsing in fn would give (its error comes back as
 * itself, not as FC_ERR_CALLBACK), and every limit holds as before: cap
 * still bounds each element, in place or not. Call after
 * fc_json_stream_init. */
void fc_json_stream_parse(fc_json_stream *s, fc_json *doc, jsmntok_t *pool, unsigned cap);

/* 1 once the first value byte was '[', else 0. */
int fc_json_stream_is_array(const fc_json_stream *s);

#ifdef __cplusplus
}
#endif

#endif
