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

#endif
