/* port_cli.h - what the framec command asks of a platform beyond port.h.
 *
 * The library never calls these (port.h is its whole contract); they keep
 * the command's secrets and streams safe, and a firmware that embeds the
 * library has no need for them. port/posix_cli.c is the POSIX version,
 * linked into the command only. Not installed. */
#ifndef FC_PORT_PORT_CLI_H
#define FC_PORT_PORT_CLI_H

#include <stddef.h>

/* Keeps secrets out of core dumps and other processes' reach. Best effort;
 * returns 0 on success. */
int fc_port_no_core_dumps(void);
/* 0: path is a regular file that only its owner can read or write;
 * 1: group or others have access; -1: it does not exist or is no file. */
int fc_port_file_private(const char *path);
/* Opens /dev/null on whichever of descriptors 0, 1 and 2 is closed, so
 * that no file or socket opened later takes its number (a closed stdout
 * would otherwise receive the connection's socket, and the output would
 * go to the server). Returns a mask of the ones that were closed (bit n
 * for descriptor n), or -1 when one could not be filled. */
int fc_port_std_streams(void);
/* True when standard error is a terminal (progress lines go there). */
int fc_port_stderr_is_tty(void);
/* Writes all n bytes of p to descriptor fd (1 standard output, 2 standard
 * error), through short writes and interruptions. Returns 0, or -1 when a
 * write failed (then how much went out is unknown). */
int fc_port_write_all(int fd, const void *p, size_t n);

/* A small private file (the saved TLS session, which holds a key).
 * fc_port_read_private reads exactly len bytes of path, and only when it
 * is safe to trust: never through a symbolic link, only a regular file
 * owned by this user with no access for group or others, of exactly len
 * bytes. fc_port_write_private replaces path atomically with a new file
 * created 0600 (a unique temporary name in the same folder, written,
 * flushed to disk, then renamed over path), so no reader ever sees half
 * a file and the umask never widens it. Both return FC_PRIV_OK or why not. */
enum {
    FC_PRIV_OK = 0,
    FC_PRIV_MISSING, /* no such file */
    FC_PRIV_SYMLINK, /* a symbolic link */
    FC_PRIV_NOT_FILE,/* a directory, a device, a FIFO... */
    FC_PRIV_OWNER,   /* owned by another user */
    FC_PRIV_MODE,    /* group or others have access */
    FC_PRIV_SIZE,    /* not exactly len bytes */
    FC_PRIV_IO       /* the system refused (permissions, disk full) */
};
int fc_port_read_private(const char *path, void *buf, size_t len);
int fc_port_write_private(const char *path, const void *buf, size_t len);
/* What names a file's present content without reading it: device, inode,
 * size and modification time (ns) into out; 0, or -1 when it cannot be
 * stat'ed. */
int fc_port_file_stamp(const char *path, unsigned long long out[4]);
/* Removes path if it is a file (not through a link); 0 or -1. */
int fc_port_remove_private(const char *path);

#endif
