/* posix_cli.c - port/port_cli.h on Linux and other POSIX systems: what the
 * command needs of the system beyond the library's port (posix.c). */
#define _FILE_OFFSET_BITS 64 /* stat() of large files on 32-bit; see posix.c */
#define _TIME_BITS 64
#define _POSIX_C_SOURCE 200809L /* O_NOFOLLOW, O_CLOEXEC, lstat, mkstemp, fchmod */
#include "port_cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

int fc_port_read_private(const char *path, void *buf, size_t len)
{
    struct stat st;
    size_t got = 0;
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK | O_CLOEXEC), rc = FC_PRIV_OK;

    if (fd < 0) {
        struct stat lst;
        if (errno == ENOENT)
            return FC_PRIV_MISSING;
        if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode))
            return FC_PRIV_SYMLINK; /* ELOOP, or EMLINK on some BSDs */
        return FC_PRIV_IO;
    }
    /* The checks are of the file opened, not of the name (no race). */
    if (fstat(fd, &st) != 0)
        rc = FC_PRIV_IO;
    else if (!S_ISREG(st.st_mode))
        rc = FC_PRIV_NOT_FILE;
    else if (st.st_uid != geteuid())
        rc = FC_PRIV_OWNER;
    else if (st.st_mode & 077)
        rc = FC_PRIV_MODE;
    else if ((unsigned long long)st.st_size != (unsigned long long)len)
        rc = FC_PRIV_SIZE;
    while (rc == FC_PRIV_OK && got < len) {
        ssize_t n = read(fd, (char *)buf + got, len - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            rc = n == 0 ? FC_PRIV_SIZE : FC_PRIV_IO;
        else
            got += (size_t)n;
    }
    close(fd);
    return rc;
}

int fc_port_write_private(const char *path, const void *buf, size_t len)
{
    char tmp[4096];
    const char *slash = strrchr(path, '/');
    size_t dir = slash ? (size_t)(slash - path) + 1 : 0, put = 0;
    int fd, ok;

    if (dir + sizeof ".framec-XXXXXX" > sizeof tmp)
        return FC_PRIV_IO;
    memcpy(tmp, path, dir);
    memcpy(tmp + dir, ".framec-XXXXXX", sizeof ".framec-XXXXXX");
    fd = mkstemp(tmp); /* O_EXCL, mode 0600 whatever the umask */
    if (fd < 0)
        return FC_PRIV_IO;
    while (put < len) {
        ssize_t n = write(fd, (const char *)buf + put, len - put);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        put += (size_t)n;
    }
    ok = put == len && fchmod(fd, 0600) == 0 && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        unlink(tmp);
        return FC_PRIV_IO;
    }
    return FC_PRIV_OK;
}

int fc_port_remove_private(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return -1;
    return unlink(path);
}

int fc_port_file_stamp(const char *path, unsigned long long out[4])
{
    struct stat st;
    if (stat(path, &st) != 0)
        return -1;
    out[0] = (unsigned long long)st.st_dev;
    out[1] = (unsigned long long)st.st_ino;
    out[2] = (unsigned long long)st.st_size;
    out[3] = (unsigned long long)st.st_mtim.tv_sec * 1000000000ull + (unsigned long long)st.st_mtim.tv_nsec;
    return 0;
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
