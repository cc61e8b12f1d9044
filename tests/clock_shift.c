/* clock_shift.c - LD_PRELOAD for the cross tests: the wall clock reads
 * FC_CLOCK_AT (Unix seconds) instead of now, as glibc would give it.
 *
 * faketime cannot do this on 32-bit glibc: it hooks clock_gettime (the
 * 32-bit time_t entry) but not __clock_gettime64, the one a program built
 * with _TIME_BITS=64 calls. This hooks both. The 32-bit entry fails with
 * EOVERFLOW when the time does not fit, as glibc's does on a real clock
 * past 2038-01-19, so a build that forgot _TIME_BITS=64 is seen failing
 * (tests/cross.sh). Other clocks are passed through untouched. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* glibc's struct __timespec64 on a 32-bit machine (padding after a 32-bit
 * tv_nsec on little-endian, before it on big-endian). */
struct ts64 {
    int64_t tv_sec;
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ && __SIZEOF_LONG__ == 4
    int32_t pad, tv_nsec;
#elif __SIZEOF_LONG__ == 4
    int32_t tv_nsec, pad;
#else
    long tv_nsec;
#endif
};

static int fake_now(int64_t *out)
{
    const char *at = getenv("FC_CLOCK_AT");
    if (!at || !*at)
        return 0;
    *out = strtoll(at, NULL, 10);
    return 1;
}

static void *next(const char *name)
{
    return dlsym(RTLD_NEXT, name);
}

int clock_gettime(clockid_t id, struct timespec *ts)
{
    int64_t now;
    int (*real)(clockid_t, struct timespec *);
    if (id == CLOCK_REALTIME && fake_now(&now)) {
        if ((int64_t)(time_t)now != now) {
            errno = EOVERFLOW;
            return -1;
        }
        ts->tv_sec = (time_t)now;
        ts->tv_nsec = 0;
        return 0;
    }
    *(void **)&real = next("clock_gettime");
    return real(id, ts);
}

int __clock_gettime64(clockid_t id, struct ts64 *ts);
int __clock_gettime64(clockid_t id, struct ts64 *ts)
{
    int64_t now;
    int (*real)(clockid_t, struct ts64 *);
    if (id == CLOCK_REALTIME && fake_now(&now)) {
        memset(ts, 0, sizeof *ts);
        ts->tv_sec = now;
        return 0;
    }
    *(void **)&real = next("__clock_gettime64");
    return real(id, ts);
}
