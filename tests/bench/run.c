/* run.c - the benchmark's process runner: several commands, run in turn
 * (interleaved, so that a noisy neighbour hurts every peer alike), each
 * timed from fork to exit and its peak RSS taken from wait4().
 *
 *   bench_run [-r ROUNDS] [-w WARMUP] [-e ERRDIR] -- \
 *       NAME [<FILE] CMD [ARGS...] ::: NAME [<FILE] CMD [ARGS...] ...
 *
 * Round r starts with command r mod K, so no peer always runs first or
 * last. stdout of every command goes to /dev/null, stdin comes from FILE
 * (or /dev/null), stderr to ERRDIR/NAME.err (the last run's) or /dev/null.
 * Warm-up rounds are run and discarded. One line per command on stdout:
 *
 *   NAME OK FAILED MEDIAN_US P25_US P75_US MIN_US MAX_US RSS_MEDIAN_KB RSS_MAX_KB
 *
 * Built static with musl, like peak_rss: the runner forks the commands, and
 * Linux charges a child with its parent's size until exec, so a big parent
 * (Python, hyperfine) would inflate the small RSS figures it reports. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CMDS 16

typedef struct {
    const char *name, *in;
    char **argv;
    long *us, *rss;
    int ok, failed;
} cmd;

static long now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000L + t.tv_nsec / 1000;
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* Percentile p (0..100) of n sorted values, nearest rank, interpolated. */
static long pct(const long *v, int n, int p)
{
    double pos;
    int i;
    if (n == 0)
        return -1;
    pos = (double)(n - 1) * p / 100.0;
    i = (int)pos;
    if (i + 1 >= n)
        return v[n - 1];
    return (long)(v[i] + (v[i + 1] - v[i]) * (pos - i) + 0.5);
}

static int run_one(cmd *c, const char *errdir, long *us, long *rss)
{
    struct rusage ru;
    int status;
    long t0 = now_us();
    pid_t pid = fork();
    if (pid == 0) {
        int in = open(c->in ? c->in : "/dev/null", O_RDONLY);
        int out = open("/dev/null", O_WRONLY);
        int err = out;
        if (errdir) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s.err", errdir, c->name);
            err = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        }
        if (in < 0 || out < 0 || err < 0)
            _exit(126);
        dup2(in, 0);
        dup2(out, 1);
        dup2(err, 2);
        execvp(c->argv[0], c->argv);
        _exit(127);
    }
    if (pid < 0 || wait4(pid, &status, 0, &ru) != pid)
        return -1;
    *us = now_us() - t0;
    *rss = ru.ru_maxrss;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
    cmd cmds[MAX_CMDS];
    int ncmd = 0, rounds = 10, warmup = 1, i, r, k;
    const char *errdir = NULL;

    for (i = 1; i < argc && strcmp(argv[i], "--"); i++) {
        if (!strcmp(argv[i], "-r") && i + 1 < argc)
            rounds = atoi(argv[++i]);
        else if (!strcmp(argv[i], "-w") && i + 1 < argc)
            warmup = atoi(argv[++i]);
        else if (!strcmp(argv[i], "-e") && i + 1 < argc)
            errdir = argv[++i];
        else
            break;
    }
    if (i >= argc || strcmp(argv[i], "--") || rounds < 1 || warmup < 0) {
        fputs("usage: bench_run [-r ROUNDS] [-w WARMUP] [-e ERRDIR] -- "
              "NAME [<FILE] CMD [ARGS...] [::: NAME [<FILE] CMD [ARGS...]]...\n",
              stderr);
        return 2;
    }
    for (i++; i < argc;) {
        cmd *c;
        if (ncmd == MAX_CMDS) {
            fputs("bench_run: too many commands\n", stderr);
            return 2;
        }
        c = &cmds[ncmd++];
        memset(c, 0, sizeof *c);
        c->name = argv[i++];
        if (i < argc && argv[i][0] == '<')
            c->in = argv[i++] + 1;
        c->argv = argv + i;
        while (i < argc && strcmp(argv[i], ":::"))
            i++;
        if (c->argv == argv + i) {
            fprintf(stderr, "bench_run: %s has no command\n", c->name);
            return 2;
        }
        if (i < argc)
            argv[i++] = NULL; /* ends this command's argv */
        c->us = calloc((size_t)rounds, sizeof(long));
        c->rss = calloc((size_t)rounds, sizeof(long));
        if (!c->us || !c->rss)
            return 1;
    }
    if (ncmd == 0)
        return 2;

    for (r = -warmup; r < rounds; r++) {
        int start = ((r % ncmd) + ncmd) % ncmd;
        for (k = 0; k < ncmd; k++) {
            cmd *c = &cmds[(start + k) % ncmd];
            long us = 0, rss = 0;
            int rc = run_one(c, errdir, &us, &rss);
            if (r < 0)
                continue;
            if (rc != 0) {
                c->failed++;
                continue;
            }
            c->us[c->ok] = us;
            c->rss[c->ok] = rss;
            c->ok++;
        }
    }
    for (k = 0; k < ncmd; k++) {
        cmd *c = &cmds[k];
        qsort(c->us, (size_t)c->ok, sizeof(long), cmp_long);
        qsort(c->rss, (size_t)c->ok, sizeof(long), cmp_long);
        printf("%s %d %d %ld %ld %ld %ld %ld %ld %ld\n", c->name, c->ok, c->failed,
               pct(c->us, c->ok, 50), pct(c->us, c->ok, 25), pct(c->us, c->ok, 75),
               c->ok ? c->us[0] : -1, c->ok ? c->us[c->ok - 1] : -1,
               pct(c->rss, c->ok, 50), c->ok ? c->rss[c->ok - 1] : -1);
    }
    return 0;
}
