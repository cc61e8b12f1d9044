/* fortify.c - glibc's _FORTIFY_SOURCE entry points, for static musl links.
 *
 * Debian builds libbearssl.a with _FORTIFY_SOURCE, so the archive calls
 * __memcpy_chk and friends, which musl does not have. These have glibc's
 * meaning: abort when the length exceeds the destination's size, else do
 * the plain call. Linked only into the static musl build. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

void *__memcpy_chk(void *dst, const void *src, size_t len, size_t dstlen);
void *__memmove_chk(void *dst, const void *src, size_t len, size_t dstlen);
void *__memset_chk(void *dst, int c, size_t len, size_t dstlen);

void *__memcpy_chk(void *dst, const void *src, size_t len, size_t dstlen)
{
    if (len > dstlen)
        abort();
    return memcpy(dst, src, len);
}

void *__memmove_chk(void *dst, const void *src, size_t len, size_t dstlen)
{
    if (len > dstlen)
        abort();
    return memmove(dst, src, len);
}

void *__memset_chk(void *dst, int c, size_t len, size_t dstlen)
{
    if (len > dstlen)
        abort();
    return memset(dst, c, len);
}
