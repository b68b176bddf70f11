/* Bare-metal AArch64 test runtime: output (16550 THR on trix -M none, PL011 on QEMU virt), exit,
 * PSCI calls, the trap dispatcher and its recorder, EL0 entry. */
#include "rt.h"

#ifdef RT_QEMU
#define UART ((volatile uint32_t *)0x09000000)
#else
#define UART ((volatile uint8_t *)0x10000000)
#define FINISHER ((volatile uint32_t *)0x100000)
#endif

int rt_failures;
int (*rt_on_trap)(Frame *f, int vec);
volatile uint64_t last_esr, last_far, last_elr;
volatile int last_vec, trap_count;

void rt_putc(char c) { *UART = (uint8_t)c; }

void rt_puts(const char *s)
{
    while (*s)
        rt_putc(*s++);
}

void rt_puthex(uint64_t v)
{
    rt_puts("0x");
    for (int i = 60; i >= 0; i -= 4)
        rt_putc("0123456789abcdef"[(v >> i) & 15]);
}

uint64_t rt_psci(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
    register uint64_t x0 __asm__("x0") = fn, x1 __asm__("x1") = a1;
    register uint64_t x2 __asm__("x2") = a2, x3 __asm__("x3") = a3;
    if (rt_el2)         /* EL2 present (QEMU virt,virtualization=on): PSCI is on SMC */
        __asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) :: "memory");
    else
        __asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) :: "memory");
    return x0;
}

/* Traps taken to EL2 (only when started there); a test that uses EL2 defines its own. */
__attribute__((weak)) void rt_el2_trap(Frame *f, int vec)
{
    rt_puts("FAIL unexpected EL2 trap vec ");
    rt_puthex((uint64_t)vec);
    rt_puts(" esr ");
    rt_puthex(f->esr);
    rt_puts(" elr ");
    rt_puthex(f->elr);
    rt_puts("\n");
    rt_failures++;
    rt_exit(1);
}

void rt_check(const char *what, uint64_t got, uint64_t want)
{
    rt_puts(got == want ? "ok   " : "FAIL ");
    rt_puts(what);
    rt_puts(" = ");
    rt_puthex(got);
    if (got != want) {
        rt_puts(" want ");
        rt_puthex(want);
        rt_failures++;
    }
    rt_puts("\n");
}

void rt_exit(int code)
{
    if (rt_failures)
        code = 1;
    rt_puts(code ? "RESULT FAIL\n" : "RESULT PASS\n");
#ifndef RT_QEMU
    if (code)
        *FINISHER = (uint32_t)code << 16 | 0x3333;
#endif
    rt_psci(0x84000008, 0, 0, 0);       /* SYSTEM_OFF */
    for (;;)
        ;
}

int rt_record_skip(Frame *f, int vec)
{
    last_esr = f->esr;
    last_far = f->far;
    last_elr = f->elr;
    last_vec = vec;
    trap_count++;
    f->elr += 4;
    return 1;
}

uint64_t el0_return_sp;
extern void rt_el0_trampoline(void);

/* svc #0xfff from EL0: back to rt_run_el0's caller at EL1. */
static int rt_el0_exit(Frame *f, int vec)
{
    if (vec != 8 || (f->esr >> 26) != 0x15 || (f->esr & 0xffff) != 0xfff)
        return 0;
    f->elr = (uint64_t)rt_el0_trampoline;
    f->spsr = 0x3c5;
    f->x[0] = el0_return_sp;
    return 1;
}

void rt_trap(Frame *f, int vec)
{
    if (rt_on_trap && rt_on_trap(f, vec))
        return;
    if (rt_el0_exit(f, vec))
        return;
    rt_puts("FAIL unexpected trap vec ");
    rt_puthex((uint64_t)vec);
    rt_puts(" esr ");
    rt_puthex(f->esr);
    rt_puts(" far ");
    rt_puthex(f->far);
    rt_puts(" elr ");
    rt_puthex(f->elr);
    rt_puts("\n");
    rt_failures++;
    rt_exit(1);
}

/* EL0 entry: save callee-saved state on the EL1 stack, eret to fn with SP_EL0 = sp. */
__asm__(
    ".global rt_run_el0\n"
    "rt_run_el0:\n"
    "   stp x29, x30, [sp, #-96]!\n"
    "   stp x19, x20, [sp, #16]\n"
    "   stp x21, x22, [sp, #32]\n"
    "   stp x23, x24, [sp, #48]\n"
    "   stp x25, x26, [sp, #64]\n"
    "   stp x27, x28, [sp, #80]\n"
    "   mov x2, sp\n"
    "   adrp x3, el0_return_sp\n"
    "   str x2, [x3, :lo12:el0_return_sp]\n"
    "   msr sp_el0, x1\n"
    "   msr elr_el1, x0\n"
    "   mov x2, #0\n"                   /* EL0t, interrupts enabled */
    "   msr spsr_el1, x2\n"
    "   adr x30, rt_el0_done\n"
    "   eret\n"
    "rt_el0_done:\n"
    "   svc #0xfff\n"
    ".global rt_el0_trampoline\n"
    "rt_el0_trampoline:\n"
    "   mov sp, x0\n"
    "   ldp x19, x20, [sp, #16]\n"
    "   ldp x21, x22, [sp, #32]\n"
    "   ldp x23, x24, [sp, #48]\n"
    "   ldp x25, x26, [sp, #64]\n"
    "   ldp x27, x28, [sp, #80]\n"
    "   ldp x29, x30, [sp], #96\n"
    "   ret\n");

__attribute__((weak)) void secondary_main(void)
{
    for (;;)
        __asm__ volatile("wfi");
}
