/* startup.c - the whole runtime of a Cortex-M test image: the vector table,
 * .data and .bss set up from the linker script (mps2_an386.ld), stdio over
 * semihosting (newlib's librdimon), the exit code handed to qemu, a
 * fault handler that says so, and the stack painting the images measure
 * their peak stack with. */
#include <stdio.h>
#include <string.h>

#include "mcu.h"

extern unsigned char __data_load[], __data_start[], __data_end[], __bss_start[], __bss_end[];
extern unsigned char __stack_limit[], __stack_top[];
extern void initialise_monitor_handles(void);
extern void __libc_init_array(void);
int main(int argc, char **argv);

#define PAINT 0xA5u

static long semihost(long op, void *arg)
{
    register long r0 __asm__("r0") = op;
    register void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void mcu_exit(int code)
{
    /* SYS_EXIT_EXTENDED: reason ADP_Stopped_ApplicationExit, and the code. */
    long block[2] = {0x20026, code};
    fflush(stdout);
    semihost(0x20, block);
    for (;;)
        ;
}

static void say(const char *s)
{
    semihost(0x04, (void *)s); /* SYS_WRITE0: straight to the console */
}

static void fault(void)
{
    say("mcu: fault (hard, memory, bus or usage)\n");
    mcu_exit(3);
}

/* What crti.o would give __libc_init_array (nothing to do here). */
void _init(void);
void _fini(void);
void _init(void) {}
void _fini(void) {}

void reset_handler(void)
{
    char name[] = "mcu";
    char *argv[] = {name, NULL};
    memcpy(__data_start, __data_load, (size_t)(__data_end - __data_start));
    memset(__bss_start, 0, (size_t)(__bss_end - __bss_start));
    __libc_init_array();
    initialise_monitor_handles();
    mcu_exit(main(1, argv));
}

/* Initial stack pointer, reset, NMI, and the four fault vectors. */
__attribute__((section(".vectors"), used)) static void (*const vectors[8])(void) = {
    (void (*)(void))(uintptr_t)__stack_top, reset_handler, fault, fault, fault, fault, fault, 0,
};

void mcu_call_on_stack(void (*fn)(void *), void *arg, void *top)
{
    register void (*r_fn)(void *) __asm__("r0") = fn;
    register void *r_arg __asm__("r1") = arg;
    register void *r_top __asm__("r2") = top;
    /* r4 keeps our stack pointer across the call (callee-saved). */
    __asm__ volatile("mov r4, sp\n\t"
                     "mov sp, r2\n\t"
                     "mov r3, r0\n\t"
                     "mov r0, r1\n\t"
                     "blx r3\n\t"
                     "mov sp, r4"
                     : "+r"(r_fn), "+r"(r_arg), "+r"(r_top)
                     :
                     : "r3", "r4", "r12", "lr", "memory", "cc");
}

void mcu_paint(void)
{
    unsigned char *lo = __stack_limit;
    unsigned char *hi = (unsigned char *)mcu_sp() - 64;
    while (lo < hi)
        *lo++ = PAINT;
}

size_t mcu_stack_used(uintptr_t sp0)
{
    const unsigned char *p = __stack_limit;
    while (p < (const unsigned char *)sp0 && *p == PAINT)
        p++;
    /* A byte written with the pattern's value is missed: the figure is
     * low by at most a few bytes, never high. */
    return (size_t)(sp0 - (uintptr_t)p);
}
