/* The generic timer: CNTFRQ, a counting CNTVCT/CNTPCT, ISTATUS from CVAL/TVAL, and an
 * interrupt that wakes WFI (on trix -M none the timer drives the CPU's IRQ input directly;
 * on QEMU virt through the GIC, which this test does not program, so the IRQ part is
 * trix-only). */
#include "rt.h"

static volatile int irqs;

static int on_trap(Frame *f, int vec)
{
    if (vec == 5) {                         /* IRQ, current EL, SPx */
        irqs++;
        SYSREG_W(cntv_ctl_el0, 2);          /* mask it: level goes down */
        return 1;
    }
    return 0;
}

int main(void)
{
    rt_on_trap = on_trap;
    rt_check("CNTFRQ", SYSREG_R(cntfrq_el0), 62500000);
    uint64_t a = SYSREG_R(cntvct_el0);
    for (volatile int i = 0; i < 100000; i++)
        ;
    uint64_t b = SYSREG_R(cntvct_el0);
    rt_check("CNTVCT counts", b > a, 1);
    rt_check("CNTPCT counts", SYSREG_R(cntpct_el0) >= b, 1);

    SYSREG_W(cntv_cval_el0, ~0ull);
    SYSREG_W(cntv_ctl_el0, 1);
    rt_check("CTL enabled, not yet", SYSREG_R(cntv_ctl_el0), 1);
    SYSREG_W(cntv_cval_el0, 0);
    rt_check("CTL ISTATUS", SYSREG_R(cntv_ctl_el0), 5);
    SYSREG_W(cntv_ctl_el0, 3);
    SYSREG_W(cntv_tval_el0, 3125000);        /* 50 ms */
    uint64_t tv = SYSREG_R(cntv_tval_el0);
    rt_check("TVAL counts down", tv <= 3125000 && tv > 0, 1);
    while (!(SYSREG_R(cntv_ctl_el0) & 4))
        ;
    rt_check("TVAL expired: <= 0", (int32_t)SYSREG_R(cntv_tval_el0) <= 0, 1);
#ifndef RT_QEMU
    /* IRQ through WFI: unmask the timer, keep PSTATE.I set, WFI wakes, then take it */
    /* t0 before the deadline is set: the host may preempt trix between the two, and the
     * wait is measured from the TVAL write */
    uint64_t t0 = SYSREG_R(cntvct_el0);
    SYSREG_W(cntv_tval_el0, 625000);         /* 10 ms */
    SYSREG_W(cntv_ctl_el0, 1);
    __asm__ volatile("wfi");
    uint64_t t1 = SYSREG_R(cntvct_el0);
    rt_check("WFI slept until the deadline", t1 - t0 >= 600000, 1);
    rt_check("no IRQ while masked", (uint64_t)irqs, 0);
    rt_check("ISR_EL1.I", SYSREG_R(isr_el1) & 0x80, 0x80);
    __asm__ volatile("msr daifclr, #2\n isb\n nop" ::: "memory");
    rt_check("IRQ taken", (uint64_t)irqs, 1);
    __asm__ volatile("msr daifset, #2" ::: "memory");
    /* physical timer */
    SYSREG_W(cntp_tval_el0, 6250);
    SYSREG_W(cntp_ctl_el0, 1);
    __asm__ volatile("wfi");
    rt_check("CNTP ISTATUS after WFI", SYSREG_R(cntp_ctl_el0), 5);
    SYSREG_W(cntp_ctl_el0, 0);
#endif
    return rt_failures;
}
