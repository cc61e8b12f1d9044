/* posix_cli.c - port/port_cli.h on Linux and other POSIX systems: what the
 * command needs of the system beyond the library's port (posix.c). */
#define _FILE_OFFSET_BITS 64 /* stat() of large files on 32-bit; see posix.c */
#define _TIME_BITS 64
#include "port_cli.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <unistd.h>

int fc_port_no_core_dumps(void)
{
    struct rlimit none = {0, 0};
    int rc = setrlimit(RLIMIT_CORE, &none);
#ifdef __linux__
    /* Also closes /proc/PID/mem and ptrace to other processes of the user. */
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
        rc = -1;
#endif
    return rc;
}

int fc_port_std_streams(void)
{
    int fd, mask = 0;
    for (fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
            continue;
        /* open returns the lowest free number: this one. */
        if (open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) != fd)
            return -1;
        mask |= 1 << fd;
    }
    return mask;
}

int fc_port_file_private(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return -1;
    return (st.st_mode & 077) ? 1 : 0;
}

int fc_port_stderr_is_tty(void)
{
    return isatty(2);
}

int fc_port_write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n) {
        ssize_t k = write(fd, c, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        c += k;
        n -= (size_t)k;
    }
    return 0;
}
