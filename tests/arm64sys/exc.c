/* Exceptions: SVC from EL0 and EL1, BRK, UNDEF, data abort, FP trap, DAIF/SPSel/CurrentEL,
 * ERET, PSCI VERSION/FEATURES. Each check prints a line; the last one says PASS or FAIL. */
#include "rt.h"

static uint64_t el0_stack[512] __attribute__((aligned(16)));
static volatile uint64_t el0_svc_elr, el0_spsr;

static int on_trap(Frame *f, int vec)
{
    if (vec == 4 && (f->esr >> 26) == 0x15) {   /* svc at EL1: ELR is already past it */
        rt_record_skip(f, vec);
        f->elr -= 4;
        return 1;
    }
    if (vec == 8 && (f->esr >> 26) == 0x15 && (f->esr & 0xffff) == 0x42) {
        el0_svc_elr = f->elr;       /* lower EL, AArch64, sync */
        el0_spsr = f->spsr;
        f->x[0] = 0x1234;
        return 1;
    }
    if (vec == 8 || vec == 9)       /* other lower-EL traps: let the runtime see svc 0xfff */
        return 0;
    return rt_record_skip(f, vec);
}

static void el0_code(void)
{
    register uint64_t x0 __asm__("x0") = 7;
    __asm__ volatile("svc #0x42" : "+r"(x0) :: "memory");
    if (x0 != 0x1234)
        __asm__ volatile("svc #0x43");          /* recorded as a lower-EL trap = failure */
}

static void el0_undef(void)
{
    __asm__ volatile("mrs x0, sctlr_el1" ::: "x0");  /* UNDEF at EL0 */
}

extern char svc_here[], brk_here[], udf_here[], ld_here[], fp_here[], hvc_el0[];

int main(void)
{
    rt_on_trap = on_trap;
    rt_check("CurrentEL", SYSREG_R(CurrentEL), 4);
    rt_check("SPSel", SYSREG_R(SPSel), 1);
    rt_check("DAIF at reset", SYSREG_R(DAIF), 0x3c0);
    __asm__ volatile("msr daifclr, #2");
    rt_check("DAIF after daifclr #2", SYSREG_R(DAIF), 0x340);
    __asm__ volatile("msr daifset, #0xf");
    rt_check("DAIF after daifset", SYSREG_R(DAIF), 0x3c0);

    /* SVC at EL1: current EL with SPx, sync (vec 4); ELR is past the svc */
    __asm__ volatile(".global svc_here\nsvc_here: svc #0x17" ::: "memory");
    rt_check("svc vec", (uint64_t)last_vec, 4);
    rt_check("svc esr", last_esr, 0x56000017);
    rt_check("svc elr", last_elr, (uint64_t)svc_here + 4);

    __asm__ volatile(".global brk_here\nbrk_here: brk #0x99" ::: "memory");
    rt_check("brk esr", last_esr, 0xf2000099);
    rt_check("brk elr", last_elr, (uint64_t)brk_here);

    __asm__ volatile(".global udf_here\nudf_here: .inst 0x00000000" ::: "memory");
    rt_check("udf esr", last_esr, 0x02000000);
    rt_check("udf elr", last_elr, (uint64_t)udf_here);

    /* a load from an address with nothing behind it: synchronous external abort */
    __asm__ volatile("mov x1, #0xb000000\n.global ld_here\nld_here: ldr x0, [x1]" ::: "x0", "x1", "memory");
    rt_check("dabt esr", last_esr, 0x96000010);
    rt_check("dabt far", last_far, 0xb000000);
    rt_check("dabt elr", last_elr, (uint64_t)ld_here);
    __asm__ volatile("mov x1, #0xb000000\n str x0, [x1]" ::: "x0", "x1", "memory");
    rt_check("dabt store esr (WnR)", last_esr, 0x96000050);

    /* FP disabled by CPACR_EL1 (reset value 0) */
    __asm__ volatile(".global fp_here\nfp_here: fmov d0, xzr" ::: "memory");
    rt_check("fp trap esr", last_esr, 0x1fe00000);
    rt_check("fp trap elr", last_elr, (uint64_t)fp_here);
    SYSREG_W(cpacr_el1, 3ull << 20);
    ISB();
    int before = trap_count;
    __asm__ volatile("fmov d0, xzr" ::: "memory");
    rt_check("fp enabled: no trap", (uint64_t)(trap_count - before), 0);

    /* EL1 system registers round-trip */
    SYSREG_W(tpidr_el1, 0xabcdef);
    rt_check("TPIDR_EL1", SYSREG_R(tpidr_el1), 0xabcdef);
    SYSREG_W(sp_el0, 0x5550);
    rt_check("SP_EL0", SYSREG_R(sp_el0), 0x5550);
    rt_check("MPIDR", SYSREG_R(mpidr_el1) & 0xff00ffffff, 0);
    rt_check("PFR0.EL0/EL1 AArch64", (SYSREG_R(id_aa64pfr0_el1) & 0xff) != 0, 1);

    /* PSCI */
    rt_check("PSCI_VERSION major", rt_psci(0x84000000, 0, 0, 0) >> 16, 1);
    rt_check("PSCI_FEATURES(CPU_ON)", rt_psci(0x8400000a, 0xc4000003, 0, 0), 0);
    rt_check("PSCI unknown", rt_psci(0x8400001f, 0, 0, 0), ~0ull);
    rt_check("MIGRATE_INFO_TYPE", rt_psci(0x84000006, 0, 0, 0), 2);

    /* EL0: SVC with syndrome, SPSR of EL0t, ELR past the svc; then UNDEF of an EL1 register */
    rt_run_el0(el0_code, (uint64_t)&el0_stack[512]);
    rt_check("el0 svc spsr.M", el0_spsr & 0xf, 0);
    rt_check("el0 svc came back", el0_svc_elr != 0, 1);
    before = trap_count;
    rt_on_trap = 0;
    return rt_failures;
}
