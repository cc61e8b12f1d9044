/* test_fmt.c - src/cli/fmt.c against the C library's snprintf, the
 * reference: every conversion the command uses, the edge values of each
 * type, widths, precisions, truncation, and output through a descriptor
 * across its buffer's boundary. */
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "fmt.h"

/* Both formatters into buffers of cap bytes; the texts and the returned
 * lengths must match. (The cap goes through a volatile so that GCC does
 * not warn about the truncation that is being tested.) */
static volatile size_t cap_v;
#define SAME(cap, ...)                                                        \
    do {                                                                      \
        char want[256], got[256];                                             \
        int wn = snprintf(want, (cap_v = (cap), cap_v), __VA_ARGS__);         \
        size_t gn = fmt_buf(got, (cap), __VA_ARGS__);                         \
        CHECK(wn >= 0 && (size_t)wn == gn && strcmp(want, got) == 0,          \
              "%s (cap %d): got \"%s\" (%zu), want \"%s\" (%d)", #__VA_ARGS__, \
              (int)(cap), got, gn, want, wn);                                 \
    } while (0)

static void test_integers(void)
{
    SAME(256, "%d", 0);
    SAME(256, "%d", 7);
    SAME(256, "%d", -7);
    SAME(256, "%d", INT_MAX);
    SAME(256, "%d", INT_MIN);
    SAME(256, "%u", 0u);
    SAME(256, "%u", UINT_MAX);
    SAME(256, "%ld", LONG_MAX);
    SAME(256, "%ld", LONG_MIN);
    SAME(256, "%lu", ULONG_MAX);
    SAME(256, "%lu", 0ul);
    SAME(256, "%zu", (size_t)0);
    SAME(256, "%zu", SIZE_MAX);
    SAME(256, "%x", 0u);
    SAME(256, "%x", 0xdeadbeefu);
    SAME(256, "%x", UINT_MAX);
    SAME(256, "%lx", ULONG_MAX);
    SAME(256, "%d\t", 200);
    SAME(256, "%d%s", 503, " (framec follows no redirects)");
}

static void test_widths(void)
{
    SAME(256, "%5d|", 42);
    SAME(256, "%-5d|", 42);
    SAME(256, "%05d|", 42);
    SAME(256, "%05d|", -42);
    SAME(256, "%2d|", 12345);
    SAME(256, "%08x|", 0xbeefu);
    SAME(256, "%*d|", 6, -3);
    SAME(256, "%*d|", -6, -3);
    SAME(256, "%12lu|", 99ul);
    SAME(256, "%-46s|", "accounts get ACCOUNT");
    SAME(256, "  %-46s  %s\n", "infrastructure cloud-providers", "cloud providers");
    SAME(256, "%-46s|", "a command name longer than the forty-six column field");
    SAME(256, "%8s|", "abc");
    SAME(256, "%-3c|", 'x');
    SAME(256, "%3c|", 'x');
}

/* Volatile, so that the compiler cannot see the NULL that %s is given. */
static const char *volatile no_string;

static void test_strings(void)
{
    const char *null = no_string;
    SAME(256, "%s", "");
    SAME(256, "[%s]", "text");
    SAME(256, "%s '%s' is larger than %lu bytes", "CA bundle", "/x", 4095ul);
    SAME(256, "%.*s", 3, "abcdef");
    SAME(256, "%.*s", 0, "abcdef");
    SAME(256, "%.*s", 10, "abc");
    SAME(256, "%.*s|", -1, "abc"); /* a negative precision is none */
    SAME(256, "%.2s|", "abc");
    SAME(256, "%c %.*s\n", '<', 5, "HTTP/1.1 200 OK");
    SAME(256, "%c", 'A');
    SAME(256, "100%% %s", "done");
    SAME(256, "no conversion at all");
    SAME(256, "%s", null); /* "(null)" in glibc and musl */
    /* (A precision below 6 with NULL differs between glibc and musl; the
     * command never passes NULL with a precision.) */
}

static void test_truncation(void)
{
    char buf[8];
    SAME(1, "%s", "abcdef");
    SAME(4, "%s", "abcdef");
    SAME(7, "%s", "abcdef");
    SAME(8, "%d", INT_MIN);
    SAME(5, "%-10s|", "ab");
    SAME(3, "%05d", 7);
    /* What fail() does: the prefix, then the message into the rest. */
    CHECK_EQ_INT(fmt_buf(buf, sizeof buf, "line %lu: ", 12ul), 9);
    CHECK_EQ_STR(buf, "line 12");
}

/* Through a descriptor: the bytes that arrive are snprintf's, also when
 * they pass the output buffer's end several times. */
static void test_fd(void)
{
    int p[2];
    char small[7], want[512], got[512];
    fmt_out o;
    int i, wn;
    ssize_t n;
    if (pipe(p) != 0) {
        CHECK(0, "pipe");
        return;
    }
    fmt_to_fd(&o, p[1], small, sizeof small);
    wn = 0;
    for (i = 0; i < 20; i++) {
        fmt_print(&o, "[%d %-9s%zu]", i - 10, "ab", (size_t)i);
        wn += snprintf(want + wn, sizeof want - (size_t)wn, "[%d %-9s%zu]", i - 10, "ab", (size_t)i);
    }
    fmt_str(&o, "tail");
    wn += snprintf(want + wn, sizeof want - (size_t)wn, "tail");
    CHECK_EQ_INT(fmt_flush(&o), 0);
    CHECK_EQ_INT(o.total, wn);
    close(p[1]);
    n = read(p[0], got, sizeof got);
    close(p[0]);
    CHECK(n == wn && memcmp(got, want, (size_t)wn) == 0, "descriptor output differs (%zd of %d bytes)",
          n, wn);

    /* A write that fails is reported (a pipe's read end takes no write);
     * with nothing to write, none is made. */
    if (pipe(p) != 0) {
        CHECK(0, "pipe");
        return;
    }
    CHECK_EQ_INT(fmt_fd(p[0], "%s", "nowhere"), -1);
    CHECK_EQ_INT(fmt_fd(p[0], "%s", ""), 0);
    close(p[0]);
    close(p[1]);
}

int main(void)
{
    test_integers();
    test_widths();
    test_strings();
    test_truncation();
    test_fd();
    return check_done();
}
