/* check.h - the smallest test harness that can fail.
 *
 * Each test program counts checks, prints one "not ok" line per failure
 * (with file and line) and closes with "N passed, N failed" on its own line.
 * tests/run.sh adds the counts of every program into the closing total.
 * Never asserts nothing: a program that ran zero checks exits non-zero. */
#ifndef FC_TEST_CHECK_H
#define FC_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond, ...)                                                      \
    do {                                                                      \
        if (cond) {                                                           \
            check_passed++;                                                   \
        } else {                                                              \
            check_failed++;                                                   \
            printf("not ok %s:%d: ", __FILE__, __LINE__);                     \
            printf(__VA_ARGS__);                                              \
            printf("\n");                                                     \
        }                                                                     \
    } while (0)

#define CHECK_EQ_INT(a, b)                                                    \
    CHECK((long long)(a) == (long long)(b), "%s == %lld, want %s == %lld", #a, \
          (long long)(a), #b, (long long)(b))

#define CHECK_EQ_STR(a, b)                                                    \
    CHECK(strcmp((a), (b)) == 0, "%s == \"%s\", want \"%s\"", #a, (a), (b))

static int check_done(void)
{
    printf("%d passed, %d failed\n", check_passed, check_failed);
    return (check_failed || !check_passed) ? 1 : 0;
}

#endif
