/* Bare-metal AArch64 test runtime (start.S, rt.c): console, exit, traps, checks. */
#ifndef RT_H
#define RT_H
#include <stdint.h>

typedef struct Frame {
    uint64_t x[31];
    uint64_t elr, spsr, esr, far, x0_copy;
} Frame;

#define SYSREG_R(name) ({ uint64_t _v; __asm__ volatile("mrs %0, " #name : "=r"(_v)); _v; })
#define SYSREG_W(name, v) __asm__ volatile("msr " #name ", %0" :: "r"((uint64_t)(v)) : "memory")
#define ISB() __asm__ volatile("isb" ::: "memory")

void rt_puts(const char *s);
void rt_puthex(uint64_t v);
void rt_exit(int code);                 /* PASS/FAIL line, then finisher or PSCI SYSTEM_OFF */
uint64_t rt_psci(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
/* Trap hook: return 1 if handled (may edit f->elr); unhandled traps fail the test. */
extern int (*rt_on_trap)(Frame *f, int vec);
extern int rt_failures;
extern int rt_el2;                      /* started at EL2 (start.S) */
void rt_el2_trap(Frame *f, int vec);    /* EL2 vectors (weak default: fail) */
void rt_check(const char *what, uint64_t got, uint64_t want);
/* Run fn at EL0 on the given stack; it returns to EL1 through svc #0xfff. */
void rt_run_el0(void (*fn)(void), uint64_t sp);
/* The last trap seen by the default recorder. */
extern volatile uint64_t last_esr, last_far, last_elr;
extern volatile int last_vec, trap_count;
int rt_record_skip(Frame *f, int vec);  /* record, skip the faulting insn */

#ifdef RT_QEMU
#define RAM_BASE 0x40000000ull
#else
#define RAM_BASE 0x80000000ull
#endif
#endif
