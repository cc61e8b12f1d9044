/* fmt.h - the command's own printf, to a buffer or a file descriptor.
 *
 * The command line prints through this instead of stdio's printf family,
 * which costs the static binary 12 KB (musl's vfprintf carries floating
 * point and every conversion) for the handful of conversions framec uses:
 * %s %c %d %u %x with the l and z modifiers, the flags '-' and '0', a
 * width and, for %s, a precision (both may be '*'). A %% prints '%'.
 * A NULL string prints "(null)", as glibc and musl do. Results are
 * byte-identical to snprintf's for these (tests/test_fmt.c compares them).
 * Nothing here allocates or touches stdio; writes go through
 * fc_port_write_all (port/port_cli.h). */
#ifndef FC_CLI_FMT_H
#define FC_CLI_FMT_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __GNUC__
#define FMT_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define FMT_PRINTF(f, a)
#endif

/* One output: a buffer (fd < 0), or a buffer in front of a descriptor,
 * written out when full and by fmt_flush. */
typedef struct {
    char *buf;
    size_t cap, len;
    size_t total; /* bytes formatted so far, written or not */
    int fd;
    int failed; /* a write failed: later output is dropped */
} fmt_out;

/* Into buf, at most cap - 1 bytes and a NUL (cap > 0), like snprintf. */
void fmt_to_buf(fmt_out *o, char *buf, size_t cap);
/* Through buf (cap > 0) to fd. */
void fmt_to_fd(fmt_out *o, int fd, char *buf, size_t cap);
void fmt_put(fmt_out *o, const char *p, size_t n);
void fmt_str(fmt_out *o, const char *s);
void fmt_char(fmt_out *o, char c);
void fmt_print(fmt_out *o, const char *f, ...) FMT_PRINTF(2, 3);
void fmt_vprint(fmt_out *o, const char *f, va_list ap);
/* A buffer output: NUL-terminates and returns 0. A descriptor output:
 * writes what is pending; 0, or -1 when a write failed. */
int fmt_flush(fmt_out *o);

/* snprintf's contract: returns the length the whole text has. */
size_t fmt_buf(char *buf, size_t cap, const char *f, ...) FMT_PRINTF(3, 4);
size_t fmt_vbuf(char *buf, size_t cap, const char *f, va_list ap);
/* Formats to fd, in one write when it fits 1 KB; 0, or -1 on a failed
 * write. */
int fmt_fd(int fd, const char *f, ...) FMT_PRINTF(2, 3);

#endif
