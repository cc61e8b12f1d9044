/* mcu.h - what the Cortex-M test images share (tests/mcu/).
 *
 * The images run on qemu-system-arm -M mps2-an386 (a Cortex-M4) with no
 * operating system: startup.c is the whole runtime (vectors, .data/.bss,
 * semihosting for output and the exit code), port_mem.c is framec's port
 * (an in-memory pipe to server.c, a BearSSL server in the same image). */
#ifndef FC_MCU_H
#define FC_MCU_H

#include <stddef.h>
#include <stdint.h>

/* Ends the run: qemu exits with code (semihosting SYS_EXIT_EXTENDED). */
void mcu_exit(int code) __attribute__((noreturn));
/* Calls fn(arg) on another stack (top: one past its highest byte). */
void mcu_call_on_stack(void (*fn)(void *), void *arg, void *top);
/* The stack painting: mcu_paint fills the stack below the caller's frame
 * (less a margin) with a pattern; mcu_stack_used tells how many bytes
 * below sp0 (a stack pointer taken before the call measured) were
 * written since. */
void mcu_paint(void);
size_t mcu_stack_used(uintptr_t sp0);
static inline uintptr_t mcu_sp(void)
{
    uintptr_t sp;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    return sp;
}

/* The server in the image (server.c). */
void server_start(void);                  /* a new connection */
void server_pump(void *unused);           /* run until it waits */
int server_requests(void);                /* requests answered so far */
int server_signature_ok(void);            /* every signature checked out */
extern const char mcu_client_id[], mcu_secret[];

/* The two directions of the in-memory connection (port_mem.c). */
typedef struct {
    unsigned char buf[8192];
    size_t head, len;
} mcu_pipe;
extern mcu_pipe mcu_to_server, mcu_to_client;
size_t mcu_pipe_put(mcu_pipe *p, const void *data, size_t n);
size_t mcu_pipe_get(mcu_pipe *p, void *data, size_t n);
extern int mcu_server_closed; /* the server sent close_notify or failed */

/* Generated at build time by certs.sh from tests/certs.sh's PKI. */
extern const unsigned char mcu_server_cert[], mcu_server_key[];
extern const size_t mcu_server_cert_len, mcu_server_key_len;
extern const long long mcu_cert_time; /* a time inside their validity */

#endif
