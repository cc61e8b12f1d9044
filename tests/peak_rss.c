/* peak_rss.c - runs a command and prints its peak resident memory in KB.
 *
 * Linux charges a child's exec with the memory of the process that forked
 * it, so a wrapper in Python or the shell reports its own size instead of
 * framec's. Built static with musl, this wrapper is smaller than what it
 * measures. stdout of the command is discarded; the exit status is the
 * command's (1 if it could not be run or was killed). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    struct rusage ru;
    int status;
    pid_t pid;
    if (argc < 2) {
        fputs("usage: peak_rss COMMAND [ARGS...]\n", stderr);
        return 2;
    }
    pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        execv(argv[1], argv + 1);
        _exit(127);
    }
    if (pid < 0 || wait4(pid, &status, 0, &ru) != pid)
        return 1;
    printf("%ld\n", ru.ru_maxrss);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
