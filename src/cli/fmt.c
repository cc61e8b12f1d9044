/* fmt.c - fmt.h: a formatter for the conversions the command uses. */
#include "fmt.h"

#include <string.h>

#include "port_cli.h"

void fmt_to_buf(fmt_out *o, char *buf, size_t cap)
{
    o->buf = buf;
    o->cap = cap;
    o->len = o->total = 0;
    o->fd = -1;
    o->failed = 0;
}

void fmt_to_fd(fmt_out *o, int fd, char *buf, size_t cap)
{
    fmt_to_buf(o, buf, cap);
    o->fd = fd;
}

static void drain(fmt_out *o)
{
    if (o->len && !o->failed && fc_port_write_all(o->fd, o->buf, o->len) != 0)
        o->failed = 1;
    o->len = 0;
}

void fmt_put(fmt_out *o, const char *p, size_t n)
{
    o->total += n;
    if (o->fd < 0) {
        /* One byte stays free for the NUL. */
        size_t room = o->cap - 1 - o->len;
        if (n > room)
            n = room;
        memcpy(o->buf + o->len, p, n);
        o->len += n;
        return;
    }
    while (n) {
        size_t k = o->cap - o->len < n ? o->cap - o->len : n;
        memcpy(o->buf + o->len, p, k);
        o->len += k;
        p += k;
        n -= k;
        if (o->len == o->cap)
            drain(o);
    }
}

void fmt_str(fmt_out *o, const char *s)
{
    fmt_put(o, s, strlen(s));
}

void fmt_char(fmt_out *o, char c)
{
    fmt_put(o, &c, 1);
}

static void pad(fmt_out *o, char c, size_t n)
{
    while (n--)
        fmt_put(o, &c, 1);
}

/* s (n bytes) in a field of width, left-justified or padded with fill;
 * for numbers, a sign goes before zero padding. */
static void field(fmt_out *o, const char *s, size_t n, size_t width, int left, char fill)
{
    size_t gap = width > n ? width - n : 0;
    if (left) {
        fmt_put(o, s, n);
        pad(o, ' ', gap);
        return;
    }
    if (fill == '0' && n && *s == '-') {
        fmt_put(o, s, 1);
        s++;
        n--;
    }
    pad(o, fill, gap);
    fmt_put(o, s, n);
}

/* Digits of v in base 10 or 16 at the end of buf; returns the first. */
static char *digits(char *end, unsigned long long v, unsigned base)
{
    do {
        *--end = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    return end;
}

void fmt_vprint(fmt_out *o, const char *f, va_list ap)
{
    while (*f) {
        const char *p = strchr(f, '%');
        char num[24], *d, *end = num + sizeof num, fill = ' ', conv;
        int left = 0, lng = 0, siz = 0, has_prec = 0;
        size_t width = 0, prec = 0;
        if (!p) {
            fmt_str(o, f);
            return;
        }
        fmt_put(o, f, (size_t)(p - f));
        f = p + 1;
        for (;; f++) {
            if (*f == '-')
                left = 1;
            else if (*f == '0')
                fill = '0';
            else
                break;
        }
        if (*f == '*') {
            int w = va_arg(ap, int);
            if (w < 0) {
                left = 1;
                w = -w;
            }
            width = (size_t)w;
            f++;
        }
        for (; *f >= '0' && *f <= '9'; f++)
            width = width * 10 + (size_t)(*f - '0');
        if (*f == '.') {
            has_prec = 1;
            if (*++f == '*') {
                int pr = va_arg(ap, int);
                has_prec = pr >= 0; /* a negative precision is none */
                prec = pr >= 0 ? (size_t)pr : 0;
                f++;
            }
            for (; *f >= '0' && *f <= '9'; f++)
                prec = prec * 10 + (size_t)(*f - '0');
        }
        if (*f == 'l')
            lng = 1, f++;
        else if (*f == 'z')
            siz = 1, f++;
        conv = *f;
        if (!conv)
            return;
        f++;
        if (left)
            fill = ' ';
        switch (conv) {
        case 's': {
            const char *s = va_arg(ap, const char *);
            size_t n;
            if (!s)
                s = "(null)";
            if (has_prec) {
                const char *z = memchr(s, '\0', prec);
                n = z ? (size_t)(z - s) : prec;
            } else {
                n = strlen(s);
            }
            field(o, s, n, width, left, ' ');
            break;
        }
        case 'c':
            num[0] = (char)va_arg(ap, int);
            field(o, num, 1, width, left, ' ');
            break;
        case 'd': {
            long long v = lng ? va_arg(ap, long) : siz ? (long long)va_arg(ap, size_t) : va_arg(ap, int);
            /* The magnitude in unsigned arithmetic: -LONG_MIN overflows. */
            unsigned long long m = v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;
            d = digits(end, m, 10);
            if (v < 0)
                *--d = '-';
            field(o, d, (size_t)(end - d), width, left, fill);
            break;
        }
        case 'u':
        case 'x': {
            unsigned long long v = lng ? va_arg(ap, unsigned long)
                                   : siz ? va_arg(ap, size_t)
                                         : va_arg(ap, unsigned);
            d = digits(end, v, conv == 'x' ? 16 : 10);
            field(o, d, (size_t)(end - d), width, left, fill);
            break;
        }
        default: /* %% and anything unknown: the character itself */
            fmt_char(o, conv);
        }
    }
}

void fmt_print(fmt_out *o, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    fmt_vprint(o, f, ap);
    va_end(ap);
}

int fmt_flush(fmt_out *o)
{
    if (o->fd < 0) {
        o->buf[o->len] = '\0';
        return 0;
    }
    drain(o);
    return o->failed ? -1 : 0;
}

size_t fmt_vbuf(char *buf, size_t cap, const char *f, va_list ap)
{
    fmt_out o;
    fmt_to_buf(&o, buf, cap);
    fmt_vprint(&o, f, ap);
    fmt_flush(&o);
    return o.total;
}

size_t fmt_buf(char *buf, size_t cap, const char *f, ...)
{
    size_t n;
    va_list ap;
    va_start(ap, f);
    n = fmt_vbuf(buf, cap, f, ap);
    va_end(ap);
    return n;
}

int fmt_fd(int fd, const char *f, ...)
{
    char buf[1024];
    fmt_out o;
    va_list ap;
    fmt_to_fd(&o, fd, buf, sizeof buf);
    va_start(ap, f);
    fmt_vprint(&o, f, ap);
    va_end(ap);
    return fmt_flush(&o);
}
