/* test_json.c - json.h against RFC 8259, Unicode's UTF-8 table and jsmn.
 *
 * Expectations come from the RFC and from UTF-8 encodings worked out by
 * hand, never from what the code printed. Every valid document is also
 * tokenized by jsmn 1.1.0 itself (its implementation is compiled in here,
 * static, for that alone) and the tokens must be identical. */
#define JSMN_STATIC
#include <jsmn.h>

#include <limits.h>
#include <stdint.h>
#include <time.h>

#include "check.h"
#include "json.h"
#include "json_text.h" /* the word scans, tested directly below */

/* The microcontroller image (tests/mcu.mk, FC_TEST_SMALL) runs every check
 * on smaller documents: a Cortex-M4 under qemu-system-arm is about fifty
 * times slower than the host and has 16 MB of RAM. The sizes below change
 * how much is fed, never what is expected of it. */
#ifdef FC_TEST_SMALL
#define BIG_BYTES (2 << 20)
#define STREAM_ELEMS 10000L
#define SPEED_BYTES (256 << 10)
#define SPEED_ROUNDS 1
#else
#define BIG_BYTES (11 << 20)
#define STREAM_ELEMS 100000L
#define SPEED_BYTES (10 << 20)
#define SPEED_ROUNDS 5
#endif

#define POOL 4096
static jsmntok_t pool[POOL], ref[POOL];
static char big[BIG_BYTES];

/* ---- Small tools -------------------------------------------------------- */

typedef struct {
    uint64_t s;
} rng;

static uint32_t rnd(rng *r)
{
    r->s ^= r->s << 13;
    r->s ^= r->s >> 7;
    r->s ^= r->s << 17;
    return (uint32_t)(r->s >> 32);
}

static size_t below(rng *r, size_t n)
{
    return (size_t)rnd(r) % n;
}

static int parse(fc_json *j, const char *s)
{
    return fc_json_parse(j, pool, POOL, s, strlen(s));
}

/* Our tokens equal jsmn_parse's for the same (valid) text. */
static int same_as_jsmn(const fc_json *j)
{
    jsmn_parser p;
    int r, i;
    jsmn_init(&p);
    r = jsmn_parse(&p, j->js, j->len, ref, POOL);
    if (r != j->count)
        return 0;
    for (i = 0; i < r; i++)
        if (ref[i].type != j->tok[i].type || ref[i].start != j->tok[i].start ||
            ref[i].end != j->tok[i].end || ref[i].size != j->tok[i].size)
            return 0;
    return 1;
}

/* ---- Validation --------------------------------------------------------- */

typedef struct {
    const char *doc;
    size_t len; /* 0: strlen */
} doc_case;

static const doc_case valid[] = {
    {"\"string\"", 0},
    {"0", 0},
    {"-0", 0},
    {"-0.5e+10", 0},
    {"1E5", 0},
    {"1e-5", 0},
    {"0.0", 0},
    {"10", 0},
    {"-1.5E-3", 0},
    {"123456789012345678901234567890", 0}, /* valid JSON, just not an int64 */
    {"true", 0},
    {"false", 0},
    {"null", 0},
    {" \t\n\r 1 \r\n\t ", 0},
    {"[]", 0},
    {"{}", 0},
    {"[ ]", 0},
    {"{ }", 0},
    {"[[[]]]", 0},
    {"[{}]", 0},
    {"{\"a\":{\"b\":[1,{\"c\":null}]}}", 0},
    {"\"\\u00e9\\u20AC\\ud83d\\ude80\"", 0},
    {"\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", 0},
    {"\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x9a\x80\"", 0},
    {"{\"\":\"\"}", 0},
    {"[1,-1,0.5,1e10,true,false,null,\"x\",[],{}]", 0},
    {"\"\\u0000\"", 0},       /* valid JSON; only fc_json_string refuses it */
    {"\"\x7f\"", 0},          /* DEL is not a control character in RFC 8259 */
    {"{\"a\":1,\"a\":2}", 0}, /* duplicates are grammatical */
    {" [ 1 , { \"k\" : [ ] } ] ", 0},
    {"\"\\uDBFF\\uDFFF\"", 0},
    {"\"\xf4\x8f\xbf\xbf\"", 0}, /* U+10FFFF */
    {"\"\xed\x9f\xbf\"", 0},     /* U+D7FF, just below the surrogates */
    {"\"\xee\x80\x80\"", 0},     /* U+E000, just above */
    {"\"\xc2\x80\xdf\xbf\xe0\xa0\x80\xf0\x90\x80\x80\"", 0},
    {"{\"id\":\"acc_1\",\"capacity_settings\":[{\"nodes_count\":3}],\"x\":[\"]\",\"}\"]}", 0},
    {"[\"a\\\"b\", \"[\", \"{\", \",\", \":\"]", 0},
};

static const doc_case invalid[] = {
    /* jsmn's known non-validations */
    {"[1,,2]", 0},
    {"{\"a\":1,}", 0},
    {"[nul]", 0},
    {"[tru]", 0},
    {"[1.2.3]", 0},
    {"[nul, tru, 1.2.3]", 0},
    {"\"a\tb\"", 0},
    {"\"a\nb\"", 0},
    {"\"\x01\"", 0},
    {"\"\x1f\"", 0},
    {"{\"a\" 1}", 0},
    {"{1:2}", 0},
    {"[\"a\":1]", 0},
    /* numbers */
    {"[01]", 0},
    {"[1.]", 0},
    {"[.5]", 0},
    {"[-]", 0},
    {"[1e]", 0},
    {"-01", 0},
    {"1.e5", 0},
    {"1e+", 0},
    {"[-0.]", 0},
    {"[1e5.5]", 0},
    {"[- 1]", 0},
    {"+1", 0},
    {"0x10", 0},
    {"NaN", 0},
    {"Infinity", 0},
    {"-Infinity", 0},
    /* literals */
    {"nul", 0},
    {"tru", 0},
    {"True", 0},
    {"NULL", 0},
    {"nulll", 0},
    {"[true false]", 0},
    /* escapes and surrogates */
    {"\"\\x\"", 0},
    {"\"\\u12\"", 0},
    {"\"\\uZZZZ\"", 0},
    {"\"\\U0041\"", 0},
    {"\"\\'\"", 0},
    {"\"\\ud800\"", 0},
    {"\"\\udc00\\ud800\"", 0},
    {"\"\\ud800\\u0041\"", 0},
    {"\"\\ud800x\"", 0},
    {"\"\\ud800\\\"", 0},
    {"[\"\\\"]", 0},
    /* structure */
    {"{} x", 0},
    {"1 2", 0},
    {"\"a\" \"b\"", 0},
    {"", 0},
    {"   ", 0},
    {"[", 0},
    {"{", 0},
    {"{\"a\":", 0},
    {"{\"a\"", 0},
    {"]", 0},
    {"}", 0},
    {"[1]]", 0},
    {"{\"a\":1}}", 0},
    {"[1}", 0},
    {"{\"a\":1]", 0},
    {"{\"a\"}", 0},
    {"{\"a\":}", 0},
    {"{,}", 0},
    {"[,1]", 0},
    {"[1,]", 0},
    {"[1 2]", 0},
    {"{\"a\":1 \"b\":2}", 0},
    {"{\"a\":1,,\"b\":2}", 0},
    {"{\"a\"::1}", 0},
    {"[1;2]", 0},
    {"[1]x", 0},
    {"\"abc", 0},
    {"\"abc\\\"", 0},
    {"'a'", 0},
    {"/* c */ 1", 0},
    {"[\xc3\xa9]", 0}, /* non-ASCII outside a string */
    /* invalid UTF-8 inside strings (RFC 8259 section 8.1) */
    {"\"\xc3\"", 0},
    {"\"\xc3(\"", 0},
    {"\"\xc0\xaf\"", 0},         /* overlong '/' */
    {"\"\xc1\xbf\"", 0},         /* overlong */
    {"\"\xe0\x80\xaf\"", 0},     /* overlong, 3 bytes */
    {"\"\xed\xa0\x80\"", 0},     /* U+D800 encoded directly */
    {"\"\xf4\x90\x80\x80\"", 0}, /* U+110000 */
    {"\"\xf5\x80\x80\x80\"", 0},
    {"\"\x80\"", 0},
    {"\"\xbf\"", 0},
    {"\"\xfe\"", 0},
    {"\"\xff\"", 0},
    {"\"\xf0\x9f\x9a\"", 0}, /* 4-byte sequence cut short */
    {"\xef\xbb\xbf{}", 0},   /* a BOM: RFC 8259 says do not add one */
    /* NUL bytes, which C strings would hide */
    {"[1]\0", 4},
    {"\"a\0b\"", 5},
    {"\0", 1},
    {"[1,\0 2]", 7},
    {"1\0", 2},
};

static void test_validation(void)
{
    fc_json j;
    size_t i;
    for (i = 0; i < sizeof valid / sizeof valid[0]; i++) {
        const char *d = valid[i].doc;
        size_t n = valid[i].len ? valid[i].len : strlen(d);
        int r = fc_json_parse(&j, pool, POOL, d, n);
        CHECK(r == FC_OK, "valid[%zu] '%s': %d", i, d, r);
        CHECK(r != FC_OK || same_as_jsmn(&j), "valid[%zu] '%s': tokens differ from jsmn", i, d);
    }
    for (i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
        const char *d = invalid[i].doc;
        size_t n = invalid[i].len ? invalid[i].len : strlen(d);
        int r = fc_json_parse(&j, pool, POOL, d, n);
        CHECK(r == FC_ERR_JSON, "invalid[%zu] '%s': %d", i, d, r);
        CHECK_EQ_INT(j.count, 0);
    }
    /* Arguments */
    CHECK_EQ_INT(fc_json_parse(NULL, pool, POOL, "1", 1), FC_ERR_ARG);
    CHECK_EQ_INT(fc_json_parse(&j, pool, POOL, NULL, 1), FC_ERR_ARG);
    CHECK_EQ_INT(fc_json_parse(&j, NULL, 4, "1", 1), FC_ERR_ARG);
    CHECK_EQ_INT(fc_json_parse(&j, pool, POOL, NULL, 0), FC_ERR_JSON);
    /* Only len counts: bytes after it are not read. */
    CHECK_EQ_INT(fc_json_parse(&j, pool, POOL, "[1]xyz", 3), FC_OK);
    CHECK_EQ_INT(fc_json_parse(&j, pool, POOL, "12345", 2), FC_OK);
    CHECK_EQ_INT(j.tok[0].end, 2);
}

/* Random valid documents: each must parse and match jsmn token for token. */
static void put(char *b, size_t *n, size_t cap, const char *s)
{
    size_t l = strlen(s);
    if (*n + l < cap) {
        memcpy(b + *n, s, l);
        *n += l;
    } else {
        *n = cap; /* marks overflow */
    }
}

static void gen_ws(rng *r, char *b, size_t *n, size_t cap)
{
    static const char *const ws[] = {"", "", "", " ", "\n", "\t ", "\r\n  "};
    put(b, n, cap, ws[below(r, sizeof ws / sizeof ws[0])]);
}

static void gen_value(rng *r, char *b, size_t *n, size_t cap, int depth)
{
    /* clang-format off */
    static const char *const pieces[] = {
        "a", "Z", "09", " ", "[", "]", "{", "}", ",", ":", "\\\"", "\\\\", "\\/", "\\b", "\\f",
        "\\n", "\\r", "\\t", "\\u00e9", "\\u20AC", "\\ud83d\\ude80", "\\u0000", "\xc3\xa9",
        "\xe2\x82\xac", "\xf0\x9f\x9a\x80", "\x7f"};
    static const char *const nums[] = {
        "0", "-0", "1", "-1", "123", "0.5", "-0.5e+10", "1E5", "1e-5", "9223372036854775807",
        "-9223372036854775808", "3.14159", "10"};
    /* clang-format on */
    static const char *const lits[] = {"true", "false", "null"};
    size_t k = below(r, depth >= 5 ? 4 : 6), i, m;
    switch (k) {
    case 0:
    case 3:
        put(b, n, cap, "\"");
        for (i = below(r, 6); i > 0; i--)
            put(b, n, cap, pieces[below(r, sizeof pieces / sizeof pieces[0])]);
        put(b, n, cap, "\"");
        break;
    case 1: put(b, n, cap, nums[below(r, sizeof nums / sizeof nums[0])]); break;
    case 2: put(b, n, cap, lits[below(r, 3)]); break;
    case 4:
        put(b, n, cap, "[");
        gen_ws(r, b, n, cap);
        for (i = 0, m = below(r, 5); i < m; i++) {
            if (i)
                put(b, n, cap, ",");
            gen_ws(r, b, n, cap);
            gen_value(r, b, n, cap, depth + 1);
            gen_ws(r, b, n, cap);
        }
        put(b, n, cap, "]");
        break;
    default:
        put(b, n, cap, "{");
        gen_ws(r, b, n, cap);
        for (i = 0, m = below(r, 5); i < m; i++) {
            if (i)
                put(b, n, cap, ",");
            gen_ws(r, b, n, cap);
            put(b, n, cap, below(r, 2) ? "\"id\"" : "\"k\\u00e9y\"");
            gen_ws(r, b, n, cap);
            put(b, n, cap, ":");
            gen_ws(r, b, n, cap);
            gen_value(r, b, n, cap, depth + 1);
        }
        put(b, n, cap, "}");
        break;
    }
}

static void test_random_docs(void)
{
    static char b[1 << 16];
    rng r = {0x9E3779B97F4A7C15u};
    fc_json j;
    int k, bad = 0, overflow = 0;
    for (k = 0; k < 3000; k++) {
        size_t n = 0;
        int res;
        gen_ws(&r, b, &n, sizeof b);
        gen_value(&r, b, &n, sizeof b, 0);
        gen_ws(&r, b, &n, sizeof b);
        if (n >= sizeof b) {
            overflow++;
            continue;
        }
        res = fc_json_parse(&j, pool, POOL, b, n);
        if (res != FC_OK || !same_as_jsmn(&j)) {
            if (!bad)
                printf("# random doc %d (%d): %.*s\n", k, res, (int)n, b);
            bad++;
        }
    }
    CHECK(bad == 0, "%d random valid documents failed or differ from jsmn", bad);
    CHECK(overflow < 30, "%d generated documents overflowed", overflow);
}

/* ---- Token pool and depth ----------------------------------------------- */

static void test_tokens_depth(void)
{
    static jsmntok_t small[8];
    fc_json j;
    size_t i, n;
    /* {"a":[1,{"b":2}]}: object, "a", array, 1, object, "b", 2 = 7 tokens */
    const char *d = "{\"a\":[1,{\"b\":2}]}";
    memset(small, 0x5A, sizeof small);
    CHECK_EQ_INT(fc_json_parse(&j, small, 7, d, strlen(d)), FC_OK);
    CHECK_EQ_INT(j.count, 7);
    CHECK_EQ_INT(small[7].start, 0x5A5A5A5A); /* nothing written past cap */
    memset(small, 0x5A, sizeof small);
    CHECK_EQ_INT(fc_json_parse(&j, small, 6, d, strlen(d)), FC_ERR_JSON_TOKENS);
    CHECK_EQ_INT(j.count, 0);
    CHECK_EQ_INT(small[6].start, 0x5A5A5A5A);
    CHECK_EQ_INT(fc_json_parse(&j, NULL, 0, d, strlen(d)), FC_ERR_JSON_TOKENS);
    CHECK_EQ_INT(fc_json_parse(&j, small, 1, "1", 1), FC_OK);
    CHECK_EQ_INT(fc_json_parse(&j, small, 0, "1", 1), FC_ERR_JSON_TOKENS);
    /* Invalid beats too big: the verdict does not depend on the pool. */
    CHECK_EQ_INT(fc_json_parse(&j, small, 2, "[1,2,3,]", 8), FC_ERR_JSON);

    /* 100,000 elements into 8 tokens. */
    n = 0;
    big[n++] = '[';
    for (i = 0; i < 100000; i++) {
        if (i)
            big[n++] = ',';
        big[n++] = '1';
    }
    big[n++] = ']';
    CHECK_EQ_INT(fc_json_parse(&j, small, 8, big, n), FC_ERR_JSON_TOKENS);
    CHECK_EQ_INT(j.count, 0);

    /* Depth: FC_JSON_MAX_DEPTH arrays nest, one more does not. */
    for (n = 0; n < FC_JSON_MAX_DEPTH; n++)
        big[n] = '[';
    for (i = 0; i < FC_JSON_MAX_DEPTH; i++)
        big[n++] = ']';
    CHECK_EQ_INT(fc_json_parse(&j, pool, POOL, big, n), FC_OK);
    CHECK_EQ_INT(j.count, FC_JSON_MAX_DEPTH);
    for (n = 0; n < FC_JSON_MAX_DEPTH + 1; n++)
        big[n] = '[';
    for (i = 0; i < FC_JSON_MAX_DEPTH + 1; i++)
        big[n++] = ']';
    CHECK_EQ_INT(fc_json_parse(&j, pool, POOL, big, n), FC_ERR_JSON_DEPTH);
    /* Objects count the same way: {"a":{"a":...1...}} */
    n = 0;
    for (i = 0; i < FC_JSON_MAX_DEPTH; i++)
        put(big, &n, sizeof big, "{\"a\":");
    put(big, &n, sizeof big, "1");
    for (i = 0; i < FC_JSON_MAX_DEPTH; i++)
        put(big, &n, sizeof big, "}");
    CHECK_EQ_INT(fc_json_parse(&j, pool, POOL, big, n), FC_OK);
    CHECK_EQ_INT(fc_json_int64(&j, j.count - 1, &(int64_t){0}), FC_OK);
    n = 0;
    for (i = 0; i < FC_JSON_MAX_DEPTH + 1; i++)
        put(big, &n, sizeof big, i % 2 ? "[" : "{\"a\":");
    put(big, &n, sizeof big, "1");
    CHECK_EQ_INT(fc_json_parse(&j, pool, POOL, big, n), FC_ERR_JSON_DEPTH);
    /* 100,000 '[' : an error, and no stack overflow. */
    memset(big, '[', 100000);
    CHECK_EQ_INT(fc_json_parse(&j, pool, POOL, big, 100000), FC_ERR_JSON_DEPTH);
    memset(big + 100000, ']', 100000);
    CHECK_EQ_INT(fc_json_parse(&j, pool, POOL, big, 200000), FC_ERR_JSON_DEPTH);
}

/* ---- Lookups ------------------------------------------------------------ */

static void test_find(void)
{
    fc_json j;
    int t;
    int64_t v = 0;
    const char *d = "{\"x\":{\"id\":1,\"name\":\"inner\",\"y\":{\"id\":7}},"
                    "\"arr\":[{\"id\":2},\"id\",[\"id\",{\"id\":8}]],"
                    "\"s\":\"id\","
                    "\"id\":3,"
                    "\"caf\\u00e9\":4,"
                    "\"a\\\"b\":5,"
                    "\"\\u0069\\u0064x\":9,"
                    "\"last\":{\"id\":6},"
                    "\"\":10}";
    CHECK_EQ_INT(parse(&j, d), FC_OK);
    t = fc_json_find(&j, 0, "id");
    CHECK_EQ_INT(fc_json_int64(&j, t, &v), FC_OK);
    CHECK_EQ_INT(v, 3); /* the top-level key, not any nested "id" */
    CHECK_EQ_INT(fc_json_int64(&j, fc_json_find(&j, 0, "caf\xc3\xa9"), &v), FC_OK);
    CHECK_EQ_INT(v, 4);
    CHECK_EQ_INT(fc_json_find(&j, 0, "cafe"), FC_ERR_JSON_MISSING);
    CHECK_EQ_INT(fc_json_int64(&j, fc_json_find(&j, 0, "a\"b"), &v), FC_OK);
    CHECK_EQ_INT(v, 5);
    CHECK_EQ_INT(fc_json_int64(&j, fc_json_find(&j, 0, "idx"), &v), FC_OK);
    CHECK_EQ_INT(v, 9);
    CHECK_EQ_INT(fc_json_int64(&j, fc_json_find(&j, 0, ""), &v), FC_OK);
    CHECK_EQ_INT(v, 10);
    CHECK_EQ_INT(fc_json_find(&j, 0, "i"), FC_ERR_JSON_MISSING);
    CHECK_EQ_INT(fc_json_find(&j, 0, "ids"), FC_ERR_JSON_MISSING);
    CHECK_EQ_INT(fc_json_find(&j, 0, "name"), FC_ERR_JSON_MISSING); /* only nested */
    CHECK_EQ_INT(fc_json_find(&j, 0, "missing"), FC_ERR_JSON_MISSING);
    /* nested lookups */
    t = fc_json_find(&j, 0, "x");
    CHECK_EQ_INT(fc_json_int64(&j, fc_json_find(&j, t, "id"), &v), FC_OK);
    CHECK_EQ_INT(v, 1);
    CHECK_EQ_INT(fc_json_int64(&j, fc_json_find(&j, fc_json_find(&j, 0, "last"), "id"), &v), FC_OK);
    CHECK_EQ_INT(v, 6);
    /* not an object */
    CHECK_EQ_INT(fc_json_find(&j, fc_json_find(&j, 0, "arr"), "id"), FC_ERR_JSON_TYPE);
    CHECK_EQ_INT(fc_json_find(&j, fc_json_find(&j, 0, "s"), "id"), FC_ERR_JSON_TYPE);
    CHECK_EQ_INT(fc_json_find(&j, fc_json_find(&j, 0, "id"), "id"), FC_ERR_JSON_TYPE);
    /* errors pass through, bad indexes are refused */
    CHECK_EQ_INT(fc_json_find(&j, FC_ERR_JSON_MISSING, "id"), FC_ERR_JSON_MISSING);
    CHECK_EQ_INT(fc_json_find(&j, j.count, "id"), FC_ERR_ARG);
    CHECK_EQ_INT(fc_json_find(&j, 0, NULL), FC_ERR_ARG);
    CHECK_EQ_INT(fc_json_find(NULL, 0, "id"), FC_ERR_ARG);
    v = 42;
    CHECK_EQ_INT(fc_json_int64(&j, fc_json_find(&j, 0, "nope"), &v), FC_ERR_JSON_MISSING);
    CHECK_EQ_INT(v, 42);

    /* Duplicates are ambiguous: refused, whichever position. */
    CHECK_EQ_INT(parse(&j, "{\"a\":1,\"b\":[{\"a\":0}],\"a\":2}"), FC_OK);
    CHECK_EQ_INT(fc_json_find(&j, 0, "a"), FC_ERR_JSON);
    CHECK_EQ_INT(fc_json_find(&j, 0, "b"), 4);
    CHECK_EQ_INT(parse(&j, "{\"a\":1,\"\\u0061\":2}"), FC_OK);
    CHECK_EQ_INT(fc_json_find(&j, 0, "a"), FC_ERR_JSON);
    /* A key with \u0000 never equals a C string. */
    CHECK_EQ_INT(parse(&j, "{\"admin\\u0000x\":1}"), FC_OK);
    CHECK_EQ_INT(fc_json_find(&j, 0, "admin"), FC_ERR_JSON_MISSING);
    CHECK_EQ_INT(parse(&j, "{}"), FC_OK);
    CHECK_EQ_INT(fc_json_find(&j, 0, "a"), FC_ERR_JSON_MISSING);

    /* streq */
    CHECK_EQ_INT(parse(&j, "[\"caf\\u00e9\",\"caf\",1,\"\"]"), FC_OK);
    CHECK_EQ_INT(fc_json_streq(&j, 1, "caf\xc3\xa9"), 1);
    CHECK_EQ_INT(fc_json_streq(&j, 1, "caf"), 0);
    CHECK_EQ_INT(fc_json_streq(&j, 2, "caf\xc3\xa9"), 0);
    CHECK_EQ_INT(fc_json_streq(&j, 3, "1"), 0);
    CHECK_EQ_INT(fc_json_streq(&j, 4, ""), 1);
    CHECK_EQ_INT(fc_json_streq(&j, 4, "x"), 0);
    CHECK_EQ_INT(fc_json_streq(&j, -44, ""), 0);

    /* Keys are compared decoded, also when the written text has the same
     * bytes as the key looked up: the written a\n is "a" and a newline. */
    CHECK_EQ_INT(parse(&j, "{\"a\\n\":1,\"b\\\\\":2,\"\\u0063\":3}"), FC_OK);
    CHECK_EQ_INT(fc_json_find(&j, 0, "a\\n"), FC_ERR_JSON_MISSING);
    CHECK_EQ_INT(fc_json_find(&j, 0, "a\n"), 2);
    CHECK_EQ_INT(fc_json_find(&j, 0, "b\\\\"), FC_ERR_JSON_MISSING);
    CHECK_EQ_INT(fc_json_find(&j, 0, "b\\"), 4);
    CHECK_EQ_INT(fc_json_find(&j, 0, "\\u0063"), FC_ERR_JSON_MISSING);
    CHECK_EQ_INT(fc_json_find(&j, 0, "c"), 6);
    CHECK_EQ_INT(fc_json_streq(&j, 1, "a\\n"), 0);
    CHECK_EQ_INT(fc_json_streq(&j, 1, "a\n"), 1);
}

static void test_index_iter(void)
{
    fc_json j;
    int t, k;
    size_t n;
    const char *raw;
    static const char *const want[] = {"[1,[2]]", "{\"a\":[3,{\"b\":4}]}", "s", "4", "[]", "null"};
    int64_t v;
    CHECK_EQ_INT(parse(&j, "[[1,[2]],{\"a\":[3,{\"b\":4}]},\"s\",4,[],null]"), FC_OK);
    CHECK_EQ_INT(fc_json_size(&j, 0), 6);
    for (k = 0; k < 6; k++) {
        t = fc_json_index(&j, 0, (size_t)k);
        raw = fc_json_raw(&j, t, &n);
        CHECK(raw && n == strlen(want[k]) && memcmp(raw, want[k], n) == 0, "index %d: %.*s", k,
              (int)n, raw ? raw : "");
    }
    CHECK_EQ_INT(fc_json_index(&j, 0, 6), FC_ERR_JSON_MISSING);
    CHECK_EQ_INT(fc_json_index(&j, 0, (size_t)-1), FC_ERR_JSON_MISSING);
    CHECK_EQ_INT(fc_json_int64(&j, fc_json_index(&j, fc_json_index(&j, 0, 0), 0), &v), FC_OK);
    CHECK_EQ_INT(v, 1);
    t = fc_json_index(&j, 0, 1);
    CHECK_EQ_INT(fc_json_index(&j, t, 0), FC_ERR_JSON_TYPE); /* an object */
    CHECK_EQ_INT(fc_json_index(&j, fc_json_index(&j, 0, 2), 0), FC_ERR_JSON_TYPE);
    CHECK_EQ_INT(fc_json_index(&j, fc_json_index(&j, 0, 4), 0), FC_ERR_JSON_MISSING);

    /* iteration sees the same elements in order */
    k = 0;
    for (t = fc_json_first(&j, 0); t >= 0; t = fc_json_next(&j, 0, t), k++) {
        raw = fc_json_raw(&j, t, &n);
        CHECK(k < 6 && n == strlen(want[k]) && memcmp(raw, want[k], n) == 0, "iter %d", k);
    }
    CHECK_EQ_INT(k, 6);
    CHECK_EQ_INT(t, FC_ERR_JSON_MISSING);
    /* a nested array ends at its own end, not the document's */
    k = 0;
    for (t = fc_json_first(&j, 1); t >= 0; t = fc_json_next(&j, 1, t))
        k++;
    CHECK_EQ_INT(k, 2);
    CHECK_EQ_INT(fc_json_first(&j, fc_json_index(&j, 0, 4)), FC_ERR_JSON_MISSING);
    CHECK_EQ_INT(fc_json_first(&j, fc_json_index(&j, 0, 3)), FC_ERR_JSON_TYPE);

    /* objects iterate keys; the value follows its key */
    CHECK_EQ_INT(parse(&j, "{\"a\":{\"x\":1},\"b\":[1,2],\"c\":3}"), FC_OK);
    CHECK_EQ_INT(fc_json_size(&j, 0), 3);
    k = 0;
    for (t = fc_json_first(&j, 0); t >= 0; t = fc_json_next(&j, 0, t), k++) {
        CHECK(fc_json_streq(&j, t, k == 0 ? "a" : k == 1 ? "b" : "c"), "key %d", k);
        CHECK_EQ_INT(fc_json_skip(&j, t), k == 0 ? 5 : k == 1 ? 9 : 11);
    }
    CHECK_EQ_INT(k, 3);
    CHECK_EQ_INT(fc_json_skip(&j, 0), 11);
    CHECK_EQ_INT(fc_json_skip(&j, 2), 5);
    CHECK_EQ_INT(fc_json_skip(&j, 11), FC_ERR_ARG);
    CHECK_EQ_INT(fc_json_size(&j, 1), FC_ERR_JSON_TYPE);
}

static void test_path(void)
{
    fc_json j;
    int64_t v = 0;
    char s[64];
    int t;
    const char *acct =
        "{\"id\":\"acc_42\",\"name\":\"Kiosk\",\"status\":\"active\","
        "\"owner\":{\"email\":\"ops@example.com\",\"roles\":[\"admin\",\"billing\"]},"
        "\"capacity_settings\":[{\"nodes_count\":3,\"instance_type\":\"gpu.large\"},"
        "{\"nodes_count\":5,\"regions\":[{\"code\":\"eu\"}]}],"
        "\"0\":\"zero\",\"quota\":null}";
    CHECK_EQ_INT(parse(&j, acct), FC_OK);
    CHECK_EQ_INT(fc_json_int64(&j, fc_json_path(&j, 0, "capacity_settings.0.nodes_count"), &v),
                 FC_OK);
    CHECK_EQ_INT(v, 3);
    CHECK_EQ_INT(fc_json_int64(&j, fc_json_path(&j, 0, "capacity_settings.1.nodes_count"), &v),
                 FC_OK);
    CHECK_EQ_INT(v, 5);
    CHECK_EQ_INT(
        fc_json_string(&j, fc_json_path(&j, 0, "capacity_settings.1.regions.0.code"), s, sizeof s),
        2);
    CHECK_EQ_STR(s, "eu");
    CHECK_EQ_INT(fc_json_string(&j, fc_json_path(&j, 0, "owner.email"), s, sizeof s), 15);
    CHECK_EQ_STR(s, "ops@example.com");
    CHECK_EQ_INT(fc_json_string(&j, fc_json_path(&j, 0, "owner.roles.1"), s, sizeof s), 7);
    CHECK_EQ_STR(s, "billing");
    CHECK_EQ_INT(fc_json_string(&j, fc_json_path(&j, 0, "0"), s, sizeof s), 4); /* key "0" */
    CHECK_EQ_STR(s, "zero");
    CHECK_EQ_INT(fc_json_path(&j, 0, ""), 0);
    CHECK_EQ_INT(fc_json_is_null(&j, fc_json_path(&j, 0, "quota")), 1);
    /* missing */
    CHECK_EQ_INT(fc_json_path(&j, 0, "capacity_settings.2"), FC_ERR_JSON_MISSING);
    CHECK_EQ_INT(fc_json_path(&j, 0, "capacity_settings.99999999999999999999999"),
                 FC_ERR_JSON_MISSING);
    CHECK_EQ_INT(fc_json_path(&j, 0, "capacity_settings.0.missing"), FC_ERR_JSON_MISSING);
    CHECK_EQ_INT(fc_json_path(&j, 0, "nope.a.b"), FC_ERR_JSON_MISSING);
    CHECK_EQ_INT(fc_json_path(&j, 0, "owner.0"), FC_ERR_JSON_MISSING); /* key "0" */
    /* wrong type */
    CHECK_EQ_INT(fc_json_path(&j, 0, "capacity_settings.x"), FC_ERR_JSON_TYPE);
    CHECK_EQ_INT(fc_json_path(&j, 0, "capacity_settings.-1"), FC_ERR_JSON_TYPE);
    CHECK_EQ_INT(fc_json_path(&j, 0, "capacity_settings.0.nodes_count.x"), FC_ERR_JSON_TYPE);
    CHECK_EQ_INT(fc_json_path(&j, 0, "capacity_settings.0.nodes_count.0"), FC_ERR_JSON_TYPE);
    CHECK_EQ_INT(fc_json_path(&j, 0, "name.first"), FC_ERR_JSON_TYPE);
    CHECK_EQ_INT(fc_json_path(&j, 0, "quota.x"), FC_ERR_JSON_TYPE);
    /* malformed paths */
    CHECK_EQ_INT(fc_json_path(&j, 0, "owner..email"), FC_ERR_ARG);
    CHECK_EQ_INT(fc_json_path(&j, 0, "owner."), FC_ERR_ARG);
    CHECK_EQ_INT(fc_json_path(&j, 0, ".owner"), FC_ERR_ARG);
    CHECK_EQ_INT(fc_json_path(&j, 0, NULL), FC_ERR_ARG);
    /* from an inner token; errors pass through */
    t = fc_json_path(&j, 0, "capacity_settings");
    CHECK_EQ_INT(fc_json_int64(&j, fc_json_path(&j, t, "1.nodes_count"), &v), FC_OK);
    CHECK_EQ_INT(v, 5);
    CHECK_EQ_INT(fc_json_path(&j, FC_ERR_JSON_TYPE, "a"), FC_ERR_JSON_TYPE);
    /* a top-level array */
    CHECK_EQ_INT(parse(&j, "[{\"a\":[10,20]}]"), FC_OK);
    CHECK_EQ_INT(fc_json_int64(&j, fc_json_path(&j, 0, "0.a.1"), &v), FC_OK);
    CHECK_EQ_INT(v, 20);
    CHECK_EQ_INT(fc_json_path(&j, 0, "a"), FC_ERR_JSON_TYPE);
}

/* ---- Getters ------------------------------------------------------------ */

static int int64_of(const char *d, int64_t *v)
{
    fc_json j;
    int r = parse(&j, d);
    return r ? r : fc_json_int64(&j, 0, v);
}

static void test_getters(void)
{
    fc_json j;
    int64_t v;
    int b;
    size_t n;
    const char *raw;
    CHECK_EQ_INT(int64_of("9223372036854775807", &v), FC_OK);
    CHECK(v == INT64_MAX, "INT64_MAX");
    CHECK_EQ_INT(int64_of("-9223372036854775808", &v), FC_OK);
    CHECK(v == INT64_MIN, "INT64_MIN");
    CHECK_EQ_INT(int64_of("-9223372036854775807", &v), FC_OK);
    CHECK(v == -INT64_MAX, "-INT64_MAX");
    CHECK_EQ_INT(int64_of("0", &v), FC_OK);
    CHECK_EQ_INT(v, 0);
    CHECK_EQ_INT(int64_of("-0", &v), FC_OK);
    CHECK_EQ_INT(v, 0);
    CHECK_EQ_INT(int64_of(" 42 ", &v), FC_OK);
    CHECK_EQ_INT(v, 42);
    CHECK_EQ_INT(int64_of("-7", &v), FC_OK);
    CHECK_EQ_INT(v, -7);
    v = 99;
    CHECK_EQ_INT(int64_of("9223372036854775808", &v), FC_ERR_JSON_TYPE);
    CHECK_EQ_INT(int64_of("-9223372036854775809", &v), FC_ERR_JSON_TYPE);
    CHECK_EQ_INT(int64_of("10000000000000000000", &v), FC_ERR_JSON_TYPE);
    CHECK_EQ_INT(int64_of("123456789012345678901234567890", &v), FC_ERR_JSON_TYPE);
    CHECK_EQ_INT(int64_of("1.0", &v), FC_ERR_JSON_TYPE);
    CHECK_EQ_INT(int64_of("1e2", &v), FC_ERR_JSON_TYPE);
    CHECK_EQ_INT(int64_of("1E2", &v), FC_ERR_JSON_TYPE);
    CHECK_EQ_INT(int64_of("-0.0", &v), FC_ERR_JSON_TYPE);
    CHECK_EQ_INT(int64_of("\"1\"", &v), FC_ERR_JSON_TYPE);
    CHECK_EQ_INT(int64_of("true", &v), FC_ERR_JSON_TYPE);
    CHECK_EQ_INT(int64_of("null", &v), FC_ERR_JSON_TYPE);
    CHECK_EQ_INT(int64_of("[1]", &v), FC_ERR_JSON_TYPE);
    CHECK_EQ_INT(v, 99); /* untouched on every error */

    CHECK_EQ_INT(parse(&j, "[true,false,null,0,\"true\",\"null\",[],{}]"), FC_OK);
    CHECK_EQ_INT(fc_json_bool(&j, 1, &b), FC_OK);
    CHECK_EQ_INT(b, 1);
    CHECK_EQ_INT(fc_json_bool(&j, 2, &b), FC_OK);
    CHECK_EQ_INT(b, 0);
    b = 7;
    CHECK_EQ_INT(fc_json_bool(&j, 3, &b), FC_ERR_JSON_TYPE);
    CHECK_EQ_INT(fc_json_bool(&j, 4, &b), FC_ERR_JSON_TYPE);
    CHECK_EQ_INT(fc_json_bool(&j, 5, &b), FC_ERR_JSON_TYPE);
    CHECK_EQ_INT(fc_json_bool(&j, FC_ERR_JSON_MISSING, &b), FC_ERR_JSON_MISSING);
    CHECK_EQ_INT(b, 7);
    CHECK_EQ_INT(fc_json_is_null(&j, 3), 1);
    CHECK_EQ_INT(fc_json_is_null(&j, 2), 0);
    CHECK_EQ_INT(fc_json_is_null(&j, 4), 0);
    CHECK_EQ_INT(fc_json_is_null(&j, 6), 0);
    CHECK_EQ_INT(fc_json_is_null(&j, 0), 0);
    CHECK_EQ_INT(fc_json_is_null(&j, FC_ERR_JSON_MISSING), 0);
    CHECK_EQ_INT(fc_json_is_null(&j, 99), 0);

    CHECK_EQ_INT(fc_json_type(&j, 0), FC_JSON_ARRAY);
    CHECK_EQ_INT(fc_json_type(&j, 1), FC_JSON_TRUE);
    CHECK_EQ_INT(fc_json_type(&j, 2), FC_JSON_FALSE);
    CHECK_EQ_INT(fc_json_type(&j, 3), FC_JSON_NULL);
    CHECK_EQ_INT(fc_json_type(&j, 4), FC_JSON_NUMBER);
    CHECK_EQ_INT(fc_json_type(&j, 5), FC_JSON_STRING);
    CHECK_EQ_INT(fc_json_type(&j, 7), FC_JSON_ARRAY);
    CHECK_EQ_INT(fc_json_type(&j, 8), FC_JSON_OBJECT);
    CHECK_EQ_INT(fc_json_type(&j, 9), FC_ERR_ARG);
    CHECK_EQ_INT(fc_json_type(&j, -43), -43);
    CHECK_EQ_INT(parse(&j, "[-0.5e+10,-0]"), FC_OK);
    CHECK_EQ_INT(fc_json_type(&j, 1), FC_JSON_NUMBER);
    CHECK_EQ_INT(fc_json_type(&j, 2), FC_JSON_NUMBER);

    /* raw text as written */
    raw = fc_json_raw(&j, 1, &n);
    CHECK(n == 8 && memcmp(raw, "-0.5e+10", 8) == 0, "raw number");
    CHECK_EQ_INT(parse(&j, "{\"k\\n\":\"a\\u00e9\"}"), FC_OK);
    raw = fc_json_raw(&j, 2, &n);
    CHECK(n == 7 && memcmp(raw, "a\\u00e9", 7) == 0, "raw string stays escaped");
    raw = fc_json_raw(&j, 0, &n);
    CHECK(n == j.len && raw == j.js, "raw container");
    n = 5;
    CHECK(fc_json_raw(&j, 3, &n) == NULL && n == 0, "raw of a bad index");
}

/* ---- Strings ------------------------------------------------------------ */

/* Decodes the single string document d; want/wlen is the expected UTF-8. */
static void check_str(int line, const char *d, const char *want, size_t wlen)
{
    fc_json j;
    char out[64];
    long r;
    CHECK(parse(&j, d) == FC_OK, "line %d: parse", line);
    r = fc_json_string(&j, 0, out, sizeof out);
    CHECK(r == (long)wlen && memcmp(out, want, wlen) == 0 && out[wlen] == '\0',
          "line %d: %s -> %ld", line, d, r);
}

#define STR(d, w) check_str(__LINE__, d, w, sizeof(w) - 1)

static void test_strings(void)
{
    fc_json j;
    char out[16];
    long r;
    STR("\"\"", "");
    STR("\"abc\"", "abc");
    STR("\"\\\"\"", "\"");
    STR("\"\\\\\"", "\\");
    STR("\"\\/\"", "/");
    STR("\"\\b\\f\\n\\r\\t\"", "\x08\x0c\x0a\x0d\x09");
    STR("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\/\b\f\n\r\t");
    STR("\"\\u0041\"", "A");
    STR("\"\\u00e9\"", "\xc3\xa9");
    STR("\"\\u00E9\"", "\xc3\xa9");
    STR("\"\\u20ac\"", "\xe2\x82\xac");
    STR("\"\\ud83d\\ude80\"", "\xf0\x9f\x9a\x80");
    STR("\"\\uD83D\\uDE80\"", "\xf0\x9f\x9a\x80");
    STR("\"\\u007f\\u0080\"", "\x7f\xc2\x80");
    STR("\"\\u07ff\\u0800\"", "\xdf\xbf\xe0\xa0\x80");
    STR("\"\\uffff\"", "\xef\xbf\xbf");
    STR("\"\\ud800\\udc00\"", "\xf0\x90\x80\x80");
    STR("\"\\udbff\\udfff\"", "\xf4\x8f\xbf\xbf");
    STR("\"\\u0001\"", "\x01"); /* escaped controls are fine */
    STR("\"caf\xc3\xa9 \xf0\x9f\x9a\x80\"", "caf\xc3\xa9 \xf0\x9f\x9a\x80");
    STR("\"a\\nb\\u00e9"
        "c\"",
        "a\nb\xc3\xa9"
        "c");
    CHECK_EQ_INT(parse(&j, "{\"k\\u00e9y\":1}"), FC_OK);
    r = fc_json_string(&j, 1, out, sizeof out); /* keys decode too */
    CHECK(r == 4 && memcmp(out, "k\xc3\xa9y", 5) == 0, "key -> %ld", r);

    /* \u0000 parses but does not decode into a C string. */
    CHECK_EQ_INT(parse(&j, "\"ab\\u0000cd\""), FC_OK);
    memset(out, 'x', sizeof out);
    CHECK_EQ_INT(fc_json_string(&j, 0, out, sizeof out), FC_ERR_JSON);
    CHECK_EQ_INT(out[0], 0);

    /* Capacity: length + 1 fits, length does not, nothing written past cap. */
    CHECK_EQ_INT(parse(&j, "\"h\xc3\xa9llo\""), FC_OK); /* 6 bytes */
    memset(out, 0x5A, sizeof out);
    CHECK_EQ_INT(fc_json_string(&j, 0, out, 7), 6);
    CHECK(memcmp(out, "h\xc3\xa9llo", 7) == 0, "exact fit");
    CHECK_EQ_INT(out[7], 0x5A);
    memset(out, 0x5A, sizeof out);
    CHECK_EQ_INT(fc_json_string(&j, 0, out, 6), FC_ERR_JSON_TOO_BIG);
    CHECK_EQ_INT(out[0], 0);
    CHECK_EQ_INT(out[6], 0x5A);
    CHECK_EQ_INT(fc_json_string(&j, 0, out, 0), FC_ERR_JSON_TOO_BIG);
    CHECK_EQ_INT(parse(&j, "\"\\u20ac\""), FC_OK); /* 3 bytes from one escape */
    memset(out, 0x5A, sizeof out);
    CHECK_EQ_INT(fc_json_string(&j, 0, out, 3), FC_ERR_JSON_TOO_BIG);
    CHECK_EQ_INT(out[3], 0x5A);
    CHECK_EQ_INT(fc_json_string(&j, 0, out, 4), 3);
    CHECK_EQ_INT(parse(&j, "\"\\ud83d\\ude80\""), FC_OK);
    memset(out, 0x5A, sizeof out);
    CHECK_EQ_INT(fc_json_string(&j, 0, out, 4), FC_ERR_JSON_TOO_BIG);
    CHECK_EQ_INT(out[4], 0x5A);
    CHECK_EQ_INT(fc_json_string(&j, 0, out, 5), 4);
    CHECK_EQ_INT(parse(&j, "\"\""), FC_OK);
    CHECK_EQ_INT(fc_json_string(&j, 0, out, 1), 0);
    CHECK_EQ_INT(fc_json_string(&j, 0, NULL, 1), FC_ERR_ARG);

    /* Not a string */
    CHECK_EQ_INT(parse(&j, "[1,null,[]]"), FC_OK);
    CHECK_EQ_INT(fc_json_string(&j, 1, out, sizeof out), FC_ERR_JSON_TYPE);
    CHECK_EQ_INT(fc_json_string(&j, 2, out, sizeof out), FC_ERR_JSON_TYPE);
    CHECK_EQ_INT(fc_json_string(&j, 0, out, sizeof out), FC_ERR_JSON_TYPE);
    CHECK_EQ_INT(fc_json_string(&j, FC_ERR_JSON_MISSING, out, sizeof out), FC_ERR_JSON_MISSING);

    /* The raw decoder on text that never went through the parser */
    CHECK_EQ_INT(fc_json_unescape("", 0, out, 1), 0);
    CHECK_EQ_INT(fc_json_unescape("a\\tb", 4, out, sizeof out), 3);
    CHECK_EQ_STR(out, "a\tb");
    CHECK_EQ_INT(fc_json_unescape("a\"b", 3, out, sizeof out), FC_ERR_JSON);
    CHECK_EQ_INT(out[0], 0);
    CHECK_EQ_INT(fc_json_unescape("a\tb", 3, out, sizeof out), FC_ERR_JSON);
    CHECK_EQ_INT(fc_json_unescape("a\0b", 3, out, sizeof out), FC_ERR_JSON);
    CHECK_EQ_INT(fc_json_unescape("ab\\", 3, out, sizeof out), FC_ERR_JSON);
    CHECK_EQ_INT(fc_json_unescape("\\u00", 4, out, sizeof out), FC_ERR_JSON);
    CHECK_EQ_INT(fc_json_unescape("\\u00e", 5, out, sizeof out), FC_ERR_JSON);
    CHECK_EQ_INT(fc_json_unescape("\\u00g0", 6, out, sizeof out), FC_ERR_JSON);
    CHECK_EQ_INT(fc_json_unescape("\\x", 2, out, sizeof out), FC_ERR_JSON);
    CHECK_EQ_INT(fc_json_unescape("\\ud800", 6, out, sizeof out), FC_ERR_JSON);
    CHECK_EQ_INT(fc_json_unescape("\\ud800\\u", 8, out, sizeof out), FC_ERR_JSON);
    CHECK_EQ_INT(fc_json_unescape("\\udc00", 6, out, sizeof out), FC_ERR_JSON);
    CHECK_EQ_INT(fc_json_unescape("\\udc00\\ud800", 12, out, sizeof out), FC_ERR_JSON);
    CHECK_EQ_INT(fc_json_unescape("\\ud800\\ud800", 12, out, sizeof out), FC_ERR_JSON);
    CHECK_EQ_INT(fc_json_unescape("\\ud800\\u0041", 12, out, sizeof out), FC_ERR_JSON);
    CHECK_EQ_INT(fc_json_unescape("\\ud800\\n", 8, out, sizeof out), FC_ERR_JSON);
    CHECK_EQ_INT(fc_json_unescape("\\u0000", 6, out, sizeof out), FC_ERR_JSON);
    CHECK_EQ_INT(fc_json_unescape("\xc0\xaf", 2, out, sizeof out), FC_ERR_JSON);
    CHECK_EQ_INT(fc_json_unescape("\xed\xa0\x80", 3, out, sizeof out), FC_ERR_JSON);
    CHECK_EQ_INT(fc_json_unescape("\xe2\x82", 2, out, sizeof out), FC_ERR_JSON);
    CHECK_EQ_INT(fc_json_unescape("\xe2\x82\xac", 3, out, sizeof out), 3);
    CHECK_EQ_INT(fc_json_unescape("abc", 3, NULL, 4), FC_ERR_ARG);
    CHECK_EQ_INT(fc_json_unescape(NULL, 1, out, 4), FC_ERR_ARG);
    CHECK_EQ_INT(fc_json_unescape("abc", 3, out, 0), FC_ERR_JSON_TOO_BIG);
    CHECK_EQ_INT(fc_json_unescape("abc", 3, out, 3), FC_ERR_JSON_TOO_BIG);
    CHECK_EQ_INT(fc_json_unescape("abc", 3, out, 4), 3);
}

/* ---- Stream ------------------------------------------------------------- */

typedef struct {
    char store[1 << 16];
    size_t used;
    size_t off[256], len[256];
    int n;
    int stop_at; /* return non-zero on this call (1-based), 0: never */
} collect;

static int collect_fn(void *ctx, const char *e, size_t len)
{
    collect *c = ctx;
    if (c->n < 256 && c->used + len <= sizeof c->store) {
        memcpy(c->store + c->used, e, len);
        c->off[c->n] = c->used;
        c->len[c->n] = len;
        c->used += len;
    }
    c->n++;
    return c->n == c->stop_at;
}

static int collected(const collect *c, int i, const char *want, size_t wlen)
{
    return i < c->n && i < 256 && c->len[i] == wlen &&
           memcmp(c->store + c->off[i], want, wlen) == 0;
}

/* Feeds d in chunks: 0 whole, 1 one byte at a time, 2 random sizes (0
 * included). Returns the first error, else the result of end. */
static int feed(fc_json_stream *s, const char *d, size_t n, int mode, rng *r)
{
    size_t i = 0;
    int e;
    while (i < n || (mode == 2 && i == 0 && n == 0)) {
        size_t k = mode == 0 ? n - i : mode == 1 ? 1 : below(r, 24);
        if (k > n - i)
            k = n - i;
        e = fc_json_stream_push(s, d + i, k);
        if (e) {
            int again = fc_json_stream_push(s, "1", 1);
            int end = fc_json_stream_end(s);
            CHECK(again == e && end == e, "error %d is not sticky (%d, %d)", e, again, end);
            return e;
        }
        i += k;
        if (n == 0)
            break;
    }
    return fc_json_stream_end(s);
}

static collect col;

/* With fc_json_stream_parse the callback sees each element parsed: the
 * doc must be exactly what fc_json_parse makes of the element's text. */
static fc_json sdoc;
static jsmntok_t spool[POOL];
static int sdoc_bad;
static long s_inplace, s_copied;
static const char *s_from, *s_to; /* the data being pushed */

static int parsed_fn(void *ctx, const char *e, size_t len)
{
    fc_json j;
    int i;
    if (fc_json_parse(&j, pool, POOL, e, len) != FC_OK || sdoc.js != e || sdoc.len != len ||
        sdoc.count != j.count)
        sdoc_bad++;
    for (i = 0; !sdoc_bad && i < j.count; i++)
        if (memcmp(&sdoc.tok[i], &j.tok[i], sizeof j.tok[i]) != 0)
            sdoc_bad++;
    if (e >= s_from && e < s_to)
        s_inplace++;
    else
        s_copied++;
    return collect_fn(ctx, e, len);
}

/* The same stream with fc_json_stream_parse: the outcome is what parsing
 * each element in the callback gives. The elements are the plain stream's,
 * up to the first one fc_json_parse refuses, and that one's error is the
 * result; if none, the plain stream's result. */
static void check_stream_parse(int line, const char *d, size_t cap)
{
    static collect plain_col;
    char buf[256];
    rng r = {0x9E3779B97F4A7C15u ^ (uint64_t)line};
    fc_json_stream s;
    fc_json j;
    int want, mode, rep, i, nvalid;
    memset(&col, 0, sizeof col);
    fc_json_stream_init(&s, buf, cap, collect_fn, &col);
    want = feed(&s, d, strlen(d), 0, &r);
    plain_col = col;
    for (nvalid = 0; nvalid < plain_col.n && nvalid < 256; nvalid++) {
        int e = fc_json_parse(&j, pool, POOL, plain_col.store + plain_col.off[nvalid],
                              plain_col.len[nvalid]);
        if (e != FC_OK) {
            want = e;
            break;
        }
    }
    for (mode = 0; mode < 3; mode++) {
        for (rep = 0; rep < (mode == 2 ? 200 : 1); rep++) {
            int res, ok;
            memset(&col, 0, sizeof col);
            sdoc_bad = 0;
            s_from = d;
            s_to = d + strlen(d);
            fc_json_stream_init(&s, buf, cap, parsed_fn, &col);
            fc_json_stream_parse(&s, &sdoc, spool, POOL);
            res = feed(&s, d, strlen(d), mode, &r);
            ok = res == want && !sdoc_bad && col.n == nvalid;
            for (i = 0; ok && i < col.n && i < 256; i++)
                ok = collected(&col, i, plain_col.store + plain_col.off[i], plain_col.len[i]);
            CHECK(ok, "line %d parse mode %d rep %d: result %d (want %d), %d elements, %d bad docs",
                  line, mode, rep, res, want, col.n, sdoc_bad);
            if (!ok)
                return;
        }
    }
}

/* Streams d under every split mode; expects result and the elements. */
static void check_stream(int line, const char *d, size_t cap, int want, const char *const *elems,
                         int nelems)
{
    char buf[256];
    rng r = {0x2545F4914F6CDD1Du ^ (uint64_t)line};
    int mode, rep, i;
    for (mode = 0; mode < 3; mode++) {
        for (rep = 0; rep < (mode == 2 ? 200 : 1); rep++) {
            fc_json_stream s;
            int res, ok = 1;
            memset(&col, 0, sizeof col);
            fc_json_stream_init(&s, buf, cap, collect_fn, &col);
            res = feed(&s, d, strlen(d), mode, &r);
            if (want == FC_OK) {
                ok = col.n == nelems;
                for (i = 0; ok && i < nelems; i++)
                    ok = collected(&col, i, elems[i], strlen(elems[i]));
            }
            CHECK(res == want && ok, "line %d mode %d rep %d: result %d (want %d), %d elements",
                  line, mode, rep, res, want, col.n);
            if (res != want || !ok)
                return;
        }
    }
    check_stream_parse(line, d, cap);
}

#define STREAM_OK(d, cap, ...)                                                                     \
    do {                                                                                           \
        static const char *const e_[] = {__VA_ARGS__};                                             \
        check_stream(__LINE__, d, cap, FC_OK, e_, (int)(sizeof e_ / sizeof e_[0]));                \
    } while (0)
#define STREAM_ERR(d, cap, want) check_stream(__LINE__, d, cap, want, NULL, 0)

static int count_fn(void *ctx, const char *e, size_t len)
{
    (void)e;
    (void)len;
    (*(long *)ctx)++;
    return 0;
}

/* The realistic consumer: parse each element, read a field. */
typedef struct {
    long n, bad;
    int64_t sum;
} accounts;

static int account_fn(void *ctx, const char *e, size_t len)
{
    accounts *a = ctx;
    jsmntok_t tok[64];
    fc_json j;
    int64_t v = 0;
    if (fc_json_parse(&j, tok, 64, e, len) != FC_OK ||
        fc_json_int64(&j, fc_json_path(&j, 0, "capacity_settings.0.nodes_count"), &v) != FC_OK)
        a->bad++;
    a->sum += v;
    a->n++;
    return 0;
}

/* An array of account objects: count of them, or as many as fit in cap.
 * Compact ones stay under 256 bytes; full ones are about 340. */
static size_t make_accounts(char *b, size_t cap, long count, int compact, long *made)
{
    size_t n = 0;
    long i;
    b[n++] = '[';
    for (i = 0; i < count && n + 512 < cap; i++) {
        int w = compact ? snprintf(b + n, cap - n,
                                   "%s{\"id\":\"acc_%06ld\",\"name\":\"K \\\"%ld\\\" [e]\","
                                   "\"capacity_settings\":[{\"nodes_count\":%ld}],"
                                   "\"tags\":[\"b,c\",\"{x}\"]}",
                                   i ? ",\n " : "", i, i, i % 7)
                        : snprintf(b + n, cap - n,
                                   "%s{\"id\":\"acc_%06ld\",\"name\":\"Kiosk \\\"%ld\\\" [east]\","
                                   "\"email\":\"user%ld@example.com\",\"status\":\"active\","
                                   "\"capacity_settings\":[{\"nodes_count\":%ld,\"instance_type\":"
                                   "\"gpu.large\"}],\"tags\":[\"a\",\"b,c\",\"{x}\"],"
                                   "\"created_at\":\"2024-01-01T00:00:00Z\",\"balance\":-12.5e2,"
                                   "\"enabled\":true,\"parent\":null}",
                                   i ? ",\n " : "", i, i, i, i % 7);
        n += (size_t)w;
    }
    b[n++] = ']';
    *made = i;
    return n;
}

static void test_stream(void)
{
    char buf[256], kbuf[1024];
    long made;
    fc_json_stream s;
    size_t n, i;
    long calls;
    int r, k;
    clock_t t0;
    double secs;
    accounts acc;

    STREAM_OK("[1, \"a[b]c\", \"x,y\", \"q\\\"]\", {\"k\":[1,2,{\"z\":\"}\"}]},[[],[{}]],true,"
              "null , -0.5e3,\"\\\\\",\"\\\\\\\"\",{},\"\\u00e9 \xc3\xa9\"]",
              sizeof buf, "1", "\"a[b]c\"", "\"x,y\"", "\"q\\\"]\"", "{\"k\":[1,2,{\"z\":\"}\"}]}",
              "[[],[{}]]", "true", "null", "-0.5e3", "\"\\\\\"", "\"\\\\\\\"\"", "{}",
              "\"\\u00e9 \xc3\xa9\"");
    STREAM_OK(" \n\t[ 1 ,\r\n 2\t] \n", sizeof buf, "1", "2");
    STREAM_OK("[{ \"a\" : [ 1 , 2 ] } ]", sizeof buf, "{ \"a\" : [ 1 , 2 ] }");
    STREAM_OK("[\"]\",\"[\",\"\\\\\",\"}\"]", sizeof buf, "\"]\"", "\"[\"", "\"\\\\\"", "\"}\"");
    /* Empty arrays: no calls. */
    check_stream(__LINE__, "[]", sizeof buf, FC_OK, NULL, 0);
    check_stream(__LINE__, " [ \n ] ", sizeof buf, FC_OK, NULL, 0);
    /* Anything else arrives once, whole, at the end. */
    STREAM_OK("{\"a\":[1,2]}", sizeof buf, "{\"a\":[1,2]}");
    STREAM_OK("  \"tok_abc\\\"]\"  ", sizeof buf, "\"tok_abc\\\"]\"");
    STREAM_OK("42", sizeof buf, "42");
    STREAM_OK(" -1.5e3\n", sizeof buf, "-1.5e3");
    STREAM_OK("null", sizeof buf, "null");
    memset(&col, 0, sizeof col);
    fc_json_stream_init(&s, buf, sizeof buf, collect_fn, &col);
    CHECK_EQ_INT(fc_json_stream_push(&s, "{\"a\":1}", 7), FC_OK);
    CHECK_EQ_INT(col.n, 0); /* not before the end */
    CHECK_EQ_INT(fc_json_stream_is_array(&s), 0);
    CHECK_EQ_INT(fc_json_stream_end(&s), FC_OK);
    CHECK_EQ_INT(col.n, 1);
    CHECK_EQ_INT(fc_json_stream_end(&s), FC_ERR_ARG);
    CHECK_EQ_INT(fc_json_stream_push(&s, " ", 1), FC_ERR_ARG);
    fc_json_stream_init(&s, buf, sizeof buf, collect_fn, &col);
    CHECK_EQ_INT(fc_json_stream_push(&s, " [", 2), FC_OK);
    CHECK_EQ_INT(fc_json_stream_is_array(&s), 1);

    /* Sizes: an element of exactly cap bytes fits, one more does not. */
    STREAM_OK("[1,\"123456\",2]", 8, "1", "\"123456\"", "2");
    STREAM_ERR("[1,\"1234567\",2]", 8, FC_ERR_JSON_TOO_BIG);
    STREAM_ERR("[[1,2,3,4,5]]", 8, FC_ERR_JSON_TOO_BIG);
    STREAM_ERR("{\"abcdefgh\":1}", 8, FC_ERR_JSON_TOO_BIG);
    STREAM_ERR("123456789", 8, FC_ERR_JSON_TOO_BIG);
    check_stream(__LINE__, "[]", 0, FC_OK, NULL, 0);
    STREAM_ERR("[1]", 0, FC_ERR_JSON_TOO_BIG);

    /* Cut short or garbage at the array level. */
    STREAM_ERR("", sizeof buf, FC_ERR_JSON);
    STREAM_ERR("  \n", sizeof buf, FC_ERR_JSON);
    STREAM_ERR("[", sizeof buf, FC_ERR_JSON);
    STREAM_ERR("[1", sizeof buf, FC_ERR_JSON);
    STREAM_ERR("[1,", sizeof buf, FC_ERR_JSON);
    STREAM_ERR("[1,2", sizeof buf, FC_ERR_JSON);
    STREAM_ERR("[\"ab", sizeof buf, FC_ERR_JSON);
    STREAM_ERR("[\"ab\\\"]", sizeof buf, FC_ERR_JSON);
    STREAM_ERR("[{\"a\":1", sizeof buf, FC_ERR_JSON);
    STREAM_ERR("{\"a\":1", sizeof buf, FC_ERR_JSON);
    STREAM_ERR("\"abc", sizeof buf, FC_ERR_JSON);
    STREAM_ERR("[1,]", sizeof buf, FC_ERR_JSON);
    STREAM_ERR("[,1]", sizeof buf, FC_ERR_JSON);
    STREAM_ERR("[,]", sizeof buf, FC_ERR_JSON);
    STREAM_ERR("[1,,2]", sizeof buf, FC_ERR_JSON);
    STREAM_ERR("[1 2]", sizeof buf, FC_ERR_JSON);
    STREAM_ERR("[1]x", sizeof buf, FC_ERR_JSON);
    STREAM_ERR("[1] [2]", sizeof buf, FC_ERR_JSON);
    STREAM_ERR("[1]]", sizeof buf, FC_ERR_JSON);
    STREAM_ERR("[1}", sizeof buf, FC_ERR_JSON);
    STREAM_ERR("[{]]", sizeof buf, FC_ERR_JSON);
    STREAM_ERR("[[}]", sizeof buf, FC_ERR_JSON);
    STREAM_ERR("[{\"a\":1]}", sizeof buf, FC_ERR_JSON);
    STREAM_ERR("[\"a\"\"b\"]", sizeof buf, FC_ERR_JSON);
    STREAM_ERR("[1\"b\"]", sizeof buf, FC_ERR_JSON);
    STREAM_ERR("[:]", sizeof buf, FC_ERR_JSON);
    STREAM_ERR("]", sizeof buf, FC_ERR_JSON);
    STREAM_ERR(",", sizeof buf, FC_ERR_JSON);
    STREAM_ERR("{}x", sizeof buf, FC_ERR_JSON);
    STREAM_ERR("{} {}", sizeof buf, FC_ERR_JSON);
    STREAM_ERR("1 2", sizeof buf, FC_ERR_JSON);
    STREAM_ERR("\"a\" x", sizeof buf, FC_ERR_JSON);
    STREAM_ERR("}", sizeof buf, FC_ERR_JSON);
    STREAM_ERR("\xef\xbb\xbf[]", sizeof buf, FC_ERR_JSON);

    /* Depth inside an element matches fc_json_parse's limit. */
    {
        char elem[2 * FC_JSON_MAX_DEPTH + 3], doc[2 * FC_JSON_MAX_DEPTH + 8];
        const char *one[1];
        for (i = 0; i < FC_JSON_MAX_DEPTH; i++) {
            elem[i] = i % 3 ? '[' : '{';
            elem[2 * FC_JSON_MAX_DEPTH - 1 - i] = i % 3 ? ']' : '}';
        }
        elem[2 * FC_JSON_MAX_DEPTH] = '\0';
        one[0] = elem;
        /* the element is not valid JSON ({ without keys), but its nesting is */
        snprintf(doc, sizeof doc, "[%s]", elem);
        check_stream(__LINE__, doc, sizeof buf, FC_OK, one, 1);
        snprintf(doc, sizeof doc, "[[%s]]", elem);
        STREAM_ERR(doc, sizeof buf, FC_ERR_JSON_DEPTH);
        snprintf(doc, sizeof doc, "[%s", elem);
        doc[strlen(doc) - 1] = '\0';
        STREAM_ERR(doc, sizeof buf, FC_ERR_JSON);
    }

    /* The callback stops the stream, and nothing after. */
    memset(&col, 0, sizeof col);
    col.stop_at = 2;
    fc_json_stream_init(&s, buf, sizeof buf, collect_fn, &col);
    CHECK_EQ_INT(fc_json_stream_push(&s, "[1,2,3,4]", 9), FC_ERR_CALLBACK);
    CHECK_EQ_INT(col.n, 2);
    CHECK_EQ_INT(fc_json_stream_push(&s, "5", 1), FC_ERR_CALLBACK);
    CHECK_EQ_INT(fc_json_stream_end(&s), FC_ERR_CALLBACK);
    CHECK_EQ_INT(col.n, 2);
    memset(&col, 0, sizeof col);
    col.stop_at = 1;
    fc_json_stream_init(&s, buf, sizeof buf, collect_fn, &col);
    CHECK_EQ_INT(fc_json_stream_push(&s, "{}", 2), FC_OK);
    CHECK_EQ_INT(fc_json_stream_end(&s), FC_ERR_CALLBACK);
    /* No callback: structure only. */
    fc_json_stream_init(&s, buf, sizeof buf, NULL, NULL);
    CHECK_EQ_INT(fc_json_stream_push(&s, "[1,{\"a\":[]}]", 12), FC_OK);
    CHECK_EQ_INT(fc_json_stream_end(&s), FC_OK);
    CHECK_EQ_INT(fc_json_stream_push(NULL, "1", 1), FC_ERR_ARG);

    /* Random documents: stream elements equal the parser's element tokens. */
    {
        rng g = {0xD1B54A32D192ED03u};
        int bad = 0;
        for (k = 0; k < 500; k++) {
            fc_json j;
            int t, e = 0, ok;
            char sbuf[4096];
            n = 0;
            put(big, &n, 1 << 16, "[");
            for (i = below(&g, 6); i > 0; i--) {
                gen_ws(&g, big, &n, 1 << 16);
                gen_value(&g, big, &n, 1 << 16, 1);
                gen_ws(&g, big, &n, 1 << 16);
                if (i > 1)
                    put(big, &n, 1 << 16, ",");
            }
            put(big, &n, 1 << 16, "]");
            big[n] = '\0';
            if (n >= 1 << 16 || parse(&j, big) != FC_OK)
                continue;
            memset(&col, 0, sizeof col);
            fc_json_stream_init(&s, sbuf, sizeof sbuf, collect_fn, &col);
            ok = feed(&s, big, n, 2, &g) == FC_OK && col.n == fc_json_size(&j, 0);
            for (t = fc_json_first(&j, 0); ok && t >= 0; t = fc_json_next(&j, 0, t), e++) {
                size_t rl;
                const char *raw = fc_json_raw(&j, t, &rl);
                if (j.tok[t].type == JSMN_STRING) {
                    raw--;
                    rl += 2;
                }
                ok = collected(&col, e, raw, rl);
            }
            if (!ok)
                bad++;
        }
        CHECK(bad == 0, "%d random arrays streamed differently from the parse", bad);
    }

    /* 100,000 elements (10,000 small) through a 256-byte buffer, each parsed
     * by the callback. */
    n = make_accounts(big, sizeof big, STREAM_ELEMS, 1, &made);
    CHECK_EQ_INT(made, STREAM_ELEMS);
    memset(&acc, 0, sizeof acc);
    fc_json_stream_init(&s, buf, sizeof buf, account_fn, &acc);
    {
        rng g = {42};
        r = feed(&s, big, n, 2, &g);
    }
    CHECK_EQ_INT(r, FC_OK);
    CHECK_EQ_INT(acc.n, STREAM_ELEMS);
    CHECK_EQ_INT(acc.bad, 0);
    /* nodes_count is i % 7: full cycles of 0..6 (21 each), then 0..N%7-1 */
    CHECK_EQ_INT(acc.sum, STREAM_ELEMS / 7 * 21 + STREAM_ELEMS % 7 * (STREAM_ELEMS % 7 - 1) / 2);

    /* Throughput over about 10 MB, 256 KB small (informational). */
    n = make_accounts(big, SPEED_BYTES, LONG_MAX, 0, &made);
    calls = 0;
    t0 = clock();
    for (k = 0; k < SPEED_ROUNDS; k++) {
        fc_json_stream_init(&s, kbuf, sizeof kbuf, count_fn, &calls);
        for (i = 0; i < n; i += 16384)
            fc_json_stream_push(&s, big + i, n - i < 16384 ? n - i : 16384);
        r = fc_json_stream_end(&s);
    }
    secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    CHECK_EQ_INT(r, FC_OK);
    CHECK_EQ_INT(calls, SPEED_ROUNDS * made);
    printf("# stream scan: %.1f MB, %ld elements, %.0f MB/s\n", (double)n / 1e6,
           calls / SPEED_ROUNDS, secs > 0 ? SPEED_ROUNDS * (double)n / 1e6 / secs : 0.0);
    memset(&acc, 0, sizeof acc);
    t0 = clock();
    fc_json_stream_init(&s, kbuf, sizeof kbuf, account_fn, &acc);
    for (i = 0; i < n; i += 16384)
        fc_json_stream_push(&s, big + i, n - i < 16384 ? n - i : 16384);
    r = fc_json_stream_end(&s);
    secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    CHECK_EQ_INT(r, FC_OK);
    CHECK_EQ_INT(acc.bad, 0);
    printf("# stream + fc_json_parse + path per element: %.0f MB/s\n",
           secs > 0 ? (double)n / 1e6 / secs : 0.0);
}

/* The whole 10 MB document in one parse: linear, unlike jsmn 1.1.0. */
/* A whole list in one parse works, but jsmn's time grows with the square
 * of one container's tokens: 64 KiB (the command line's element buffer) is
 * measured, not the 10 MB list that goes through the stream instead. */
static void test_parse_speed(void)
{
    static jsmntok_t toks[12000];
    fc_json j;
    long made;
    size_t n = make_accounts(big, 64 << 10, LONG_MAX, 0, &made);
    clock_t t0 = clock();
    double secs;
    int r = fc_json_parse(&j, toks, (unsigned)(sizeof toks / sizeof toks[0]), big, n);
    secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    CHECK_EQ_INT(r, FC_OK);
    CHECK_EQ_INT(fc_json_size(&j, 0), made);
    printf("# fc_json_parse whole document: %.1f MB, %d tokens, %.0f MB/s\n", (double)n / 1e6,
           j.count, secs > 0 ? (double)n / 1e6 / secs : 0.0);
}

/* ---- Word-at-a-time scanning -------------------------------------------- */

/* The string loops test 8 bytes per step, then finish byte by byte. Every
 * kind of byte that must stop them sits at every position of strings of
 * every length up to 40, so a word test that misses one, or a tail loop that
 * is skipped, is seen: the decoded text, the verdict of parse and of the
 * decoder, key lookup and the array stream's element ends. */
typedef struct {
    const char *raw; /* as written inside the quotes */
    const char *dec; /* decoded, NULL when the string is invalid */
} run_case;

static void test_word_runs(void)
{
    static const run_case ins[] = {
        {"~", "~"},
        {"\x7f", "\x7f"},
        {" ", " "},
        {"\\n", "\n"},
        {"\\\"", "\""},
        {"\\\\", "\\"},
        {"\\u00e9", "\xc3\xa9"},
        {"\xc3\xa9", "\xc3\xa9"},
        {"\xf0\x9f\x9a\x80", "\xf0\x9f\x9a\x80"},
        {"\x01", NULL},
        {"\x1f", NULL},
        {"\"", NULL},
        {"\x80", NULL},
        {"\xc3", NULL},
        {"\xff", NULL},
        {"\\x", NULL},
    };
    char raw[128], doc[300], want[128], out[128], arr[200];
    size_t len, pos, c;
    fc_json j;
    for (c = 0; c < sizeof ins / sizeof ins[0]; c++) {
        for (len = 1; len <= 40; len++) {
            for (pos = 0; pos < len; pos++) {
                size_t rl = 0, wl = 0, k;
                long r;
                int ok = 1;
                for (k = 0; k < len; k++) {
                    const char *a = k == pos ? ins[c].raw : "a";
                    const char *b = k == pos ? ins[c].dec : "a";
                    memcpy(raw + rl, a, strlen(a));
                    rl += strlen(a);
                    if (b) {
                        memcpy(want + wl, b, strlen(b));
                        wl += strlen(b);
                    }
                }
                raw[rl] = '\0';
                r = fc_json_unescape(raw, rl, out, sizeof out);
                if (ins[c].dec)
                    ok = r == (long)wl && memcmp(out, want, wl) == 0;
                else
                    ok = r == FC_ERR_JSON;
                snprintf(doc, sizeof doc, "{\"%s\":\"%s\"}", raw, raw);
                if (ins[c].dec) {
                    want[wl] = '\0';
                    ok = ok && parse(&j, doc) == FC_OK &&
                         fc_json_string(&j, 2, out, sizeof out) == (long)wl &&
                         memcmp(out, want, wl) == 0 && fc_json_find(&j, 0, want) == 2 &&
                         fc_json_streq(&j, 1, want) && same_as_jsmn(&j);
                    want[wl - 1] ^= 1; /* one byte off: no match */
                    ok = ok && fc_json_find(&j, 0, want) == FC_ERR_JSON_MISSING &&
                         !fc_json_streq(&j, 1, want);
                } else {
                    ok = ok && parse(&j, doc) == FC_ERR_JSON;
                }
                CHECK(ok, "insert %zu at %zu of %zu: unescape %ld", c, pos, len, r);
                if (!ok)
                    return;
            }
        }
    }
    /* The stream ends a string only at an unescaped quote, at any offset. */
    for (len = 0; len <= 24; len++) {
        static const char *const tails[] = {"\\\"]", "\\\\", "\\\\\\\"", "x"};
        for (c = 0; c < 4; c++) {
            const char *e[2];
            char e0[64], e1[64];
            snprintf(arr, sizeof arr, "[\"%.*s%s\",\"%.*s\"]", (int)len,
                     "bbbbbbbbbbbbbbbbbbbbbbbbbbbb", tails[c], (int)(24 - len),
                     "]]]]]]]]]]]]]]]]]]]]]]]]]]]");
            snprintf(e0, sizeof e0, "\"%.*s%s\"", (int)len, "bbbbbbbbbbbbbbbbbbbbbbbbbbbb",
                     tails[c]);
            snprintf(e1, sizeof e1, "\"%.*s\"", (int)(24 - len), "]]]]]]]]]]]]]]]]]]]]]]]]]]]");
            e[0] = e0;
            e[1] = e1;
            check_stream(__LINE__, arr, 256, FC_OK, e, 2);
        }
    }
}

/* The word scans themselves, on this machine's byte order: load_word puts
 * the first byte in memory lowest (big-endian swaps), so first_flag names
 * the stopping byte from the word alone, with no byte loop after it. On
 * s390x (make test runs this file there) a missing swap shows here. */
static void test_word_order(void)
{
    char s[2 * sizeof(word) + 1];
    size_t k, i;
    for (i = 0; i < sizeof s; i++)
        s[i] = (char)('a' + i);
    CHECK_EQ_INT((int)(load_word(s) & 0xFF), 'a');
    CHECK_EQ_INT((int)(load_word(s + 1) >> (8 * sizeof(word) - 8)), (int)('a' + sizeof(word)));
    for (k = 0; k < sizeof(word); k++) {
        const char stop[] = {'"', '\\', '\n', (char)0x80};
        for (i = 0; i < sizeof stop; i++) {
            word w, m;
            memset(s, 'a', sizeof s);
            s[k] = stop[i];
            w = load_word(s);
            m = (((w - ONES * 0x20u) & ~w) | w | has_byte(w, '"') | has_byte(w, '\\')) & HIGHS;
            CHECK(first_flag(m) == (int)k, "byte %zu stop %zu: first_flag %d", k, i, first_flag(m));
            CHECK(plain_run(s, sizeof s) == k, "byte %zu stop %zu: plain_run %zu", k, i,
                  plain_run(s, sizeof s));
            if (i < 2)
                CHECK(quote_run(s, sizeof s) == k, "byte %zu: quote_run %zu", k,
                      quote_run(s, sizeof s));
        }
    }
}

/* A long list in pushes of random sizes, parsing in the stream: elements
 * whole inside a push are read in place, the others from buf, and both
 * kinds hand the callback the same doc fc_json_parse makes. */
static void test_stream_parse_split(void)
{
    static const char bad[] = "[{\"a\":1},{\"a\" 1},{\"b\":2}]", many[] = "[[1,2],[1,2,3]]";
    static char buf[4096];
    fc_json_stream s;
    rng r = {0x1234567887654321u};
    long made;
    size_t n = make_accounts(big, 256 << 10, LONG_MAX, 0, &made), i = 0;
    int res = FC_OK;
    memset(&col, 0, sizeof col);
    sdoc_bad = 0;
    s_inplace = s_copied = 0;
    s_from = big;
    s_to = big + n;
    fc_json_stream_init(&s, buf, sizeof buf, parsed_fn, &col);
    fc_json_stream_parse(&s, &sdoc, spool, POOL);
    while (i < n && res == FC_OK) {
        size_t k = 1 + below(&r, 3000);
        if (k > n - i)
            k = n - i;
        res = fc_json_stream_push(&s, big + i, k);
        i += k;
    }
    if (res == FC_OK)
        res = fc_json_stream_end(&s);
    CHECK_EQ_INT(res, FC_OK);
    CHECK_EQ_INT(col.n, made);
    CHECK_EQ_INT(sdoc_bad, 0);
    CHECK(s_inplace > made / 2 && s_copied > 0, "%ld in place, %ld copied", s_inplace, s_copied);
    /* An invalid element whole inside one push is refused as parse refuses
     * it, after the elements before it. */
    memset(&col, 0, sizeof col);
    fc_json_stream_init(&s, buf, sizeof buf, parsed_fn, &col);
    fc_json_stream_parse(&s, &sdoc, spool, POOL);
    CHECK_EQ_INT(fc_json_stream_push(&s, bad, strlen(bad)), FC_ERR_JSON);
    CHECK_EQ_INT(col.n, 1);
    /* Valid, but more tokens than the pool: parse's error. */
    memset(&col, 0, sizeof col);
    fc_json_stream_init(&s, buf, sizeof buf, parsed_fn, &col);
    fc_json_stream_parse(&s, &sdoc, spool, 3);
    CHECK_EQ_INT(fc_json_stream_push(&s, many, strlen(many)), FC_ERR_JSON_TOKENS);
    CHECK_EQ_INT(col.n, 1);
}

int main(void)
{
    test_validation();
    test_random_docs();
    test_tokens_depth();
    test_find();
    test_index_iter();
    test_path();
    test_getters();
    test_strings();
    test_stream();
    test_word_runs();
    test_word_order();
    test_stream_parse_split();
    test_parse_speed();
    return check_done();
}
