/* arm64 system mode: the system registers (MRS/MSR), their access checks and side effects. */
#include <string.h>
#include "sys_internal.h"
#include "trix/softmmu.h"

typedef struct A64SysRegDef {
    const char *name;
    unsigned key;
    uint8_t el;                 /* lowest EL with access (EL0 ones may check more in read) */
    uint8_t flags;
    int32_t off;                /* plain field in A64CPU, or -1 */
    uint64_t (*read)(A64CPU *env);
    void (*write)(A64CPU *env, uint64_t v);
} A64SysRegDef;

enum {
    SRF_RO = 1, SRF_WO = 2,
    SRF_EL2 = 4,                /* exists only with EL2 */
    SRF_FLUSH = 8,              /* a write flushes this vCPU's TLB */
    SRF_ASID = 16,              /* a write flushes the non-global translations */
    SRF_CHECK = 32,             /* reads need the helper (EL0 access controls) */
};

static __thread uint32_t sr_iss;     /* the ISS of the access being made, for traps */

static NORETURN void sr_trap(A64CPU *env, int target_el)
{
    a64_pend_sync(env, target_el, ESR(EC_SYSREG, sr_iss), false, 0);
    cpu_loop_exit_restore(&env->cs, A64_EXCP_SYNC);
}

#define S(f) ((int32_t)offsetof(A64CPU, sys.f))
#define K A64_SRKEY

/* ---- identification ---- */

static uint64_t sr_midr(A64CPU *env)
{
    return env->sys.el == 1 && env->sys.has_el2 ? env->sys.vpidr : env->sys.midr;
}
static uint64_t sr_mpidr(A64CPU *env)
{
    return env->sys.el == 1 && env->sys.has_el2 ? env->sys.vmpidr : a64_mpidr(env);
}
static uint64_t sr_user_id(unsigned key)
{
    uint64_t v = 0;
    a64_id_reg_value(key, &v);
    return v;
}
static uint64_t sr_pfr0(A64CPU *env)
{
    return sr_user_id(K(3, 0, 0, 4, 0)) | (env->sys.has_el2 ? 1ull << 8 : 0) |
           (env->sys.gicv3 ? 1ull << 24 : 0);
}
static uint64_t sr_isar0(A64CPU *env) { return sr_user_id(K(3, 0, 0, 6, 0)); }
static uint64_t sr_isar1(A64CPU *env) { return sr_user_id(K(3, 0, 0, 6, 1)); }
/* PARange 48 bits, 16-bit ASIDs, 4K/16K/64K granules (stage 2 as stage 1). */
static uint64_t sr_mmfr0(A64CPU *env) { return 0x5 | 2u << 4 | 1u << 20; }
/* HAFDBS (access flag and dirty state), PAN; 16-bit VMIDs with EL2. */
static uint64_t sr_mmfr1(A64CPU *env) { return 0x2 | 1u << 20 | (env->sys.has_el2 ? 2u << 4 : 0); }
static uint64_t sr_mmfr2(A64CPU *env) { return 1u << 4; }             /* UAO */
static uint64_t sr_dfr0(A64CPU *env) { return 0x6 | 1u << 12 | 1u << 20; }  /* v8 debug, no PMU */
static uint64_t sr_ctr(A64CPU *env)
{
    if (env->sys.el == 0 && !(env->sys.sctlr[1] & SCTLR_UCT))
        sr_trap(env, a64_exc_target_el(env));
    return 0x8444c004;
}
static uint64_t sr_dczid(A64CPU *env)
{
    return 4 | (env->sys.el == 0 && !(env->sys.sctlr[1] & SCTLR_DZE) ? 0x10 : 0);
}
static uint64_t sr_clidr(A64CPU *env) { return 0x0a200023; }          /* L1 I+D, L2 unified */
static uint64_t sr_ccsidr(A64CPU *env) { return 0x700fe01a; }         /* 64-byte lines */

/* ---- PSTATE fields, stack pointers ---- */

static uint64_t sr_currentel(A64CPU *env) { return (uint64_t)env->sys.el << 2; }
static uint64_t sr_daif(A64CPU *env)
{
    if (env->sys.el == 0 && !(env->sys.sctlr[1] & SCTLR_UMA))
        sr_trap(env, a64_exc_target_el(env));
    return env->sys.pstate & PS_DAIF;
}
static void sr_daif_w(A64CPU *env, uint64_t v)
{
    if (env->sys.el == 0 && !(env->sys.sctlr[1] & SCTLR_UMA))
        sr_trap(env, a64_exc_target_el(env));
    env->sys.pstate = (env->sys.pstate & ~PS_DAIF) | ((uint32_t)v & PS_DAIF);
    a64_update_irq(env);
}
static uint64_t sr_spsel(A64CPU *env) { return env->sys.pstate & PS_SP; }
static void sr_spsel_w(A64CPU *env, uint64_t v) { a64_sp_switch(env, env->sys.el, v & 1); }
static uint64_t sr_pan(A64CPU *env) { return env->sys.pstate & PS_PAN; }
static void sr_pan_w(A64CPU *env, uint64_t v)
{
    env->sys.pstate = (env->sys.pstate & ~PS_PAN) | ((uint32_t)v & PS_PAN);
}
static uint64_t sr_uao(A64CPU *env) { return env->sys.pstate & PS_UAO; }
static void sr_uao_w(A64CPU *env, uint64_t v)
{
    env->sys.pstate = (env->sys.pstate & ~PS_UAO) | ((uint32_t)v & PS_UAO);
}
/* SP_EL0 is live in A64CPU.sp while SPSel = 0 (then MSR/MRS of it are UNDEF at EL1). */
static uint64_t sr_sp_el0(A64CPU *env)
{
    return (env->sys.pstate & PS_SP) ? env->sys.sp_el[0] : env->sp;
}
static void sr_sp_el0_w(A64CPU *env, uint64_t v)
{
    if (env->sys.pstate & PS_SP)
        env->sys.sp_el[0] = v;
    else
        env->sp = v;
}
static uint64_t sr_isr(A64CPU *env)
{
    uint32_t l = __atomic_load_n(&env->sys.irq_lines, __ATOMIC_SEQ_CST);
    return ((l >> A64_IRQ_IRQ) & 1) << 7 | ((l >> A64_IRQ_FIQ) & 1) << 6;
}
static uint64_t sr_tpidrro(A64CPU *env) { return env->tpidrro_el0; }
static void sr_tpidrro_w(A64CPU *env, uint64_t v) { env->tpidrro_el0 = v; }

/* ---- writes with side effects ---- */

static void sr_hcr_w(A64CPU *env, uint64_t v)
{
    env->sys.hcr = v;
    a64_update_irq(env);
}
static void sr_oslar_w(A64CPU *env, uint64_t v)
{
    env->sys.oslsr = (env->sys.oslsr & ~2ull) | (v & 1) << 1;
}
static void sr_cntkctl_w(A64CPU *env, uint64_t v) { env->sys.cntkctl = v & 0x3ff; }
static uint64_t sr_zero(A64CPU *env) { return 0; }
static void sr_ignore(A64CPU *env, uint64_t v) { }

/* ---- the generic timer ---- */

/* EL0 access: CNTKCTL_EL1 bit `bit` (and EL1 under EL2's CNTHCTL for the physical ones). */
static void sr_gt_check(A64CPU *env, int el0_bit, bool phys)
{
    if (env->sys.el == 0 && !(env->sys.cntkctl & (1u << el0_bit)))
        sr_trap(env, a64_exc_target_el(env));
    if (phys && env->sys.el < 2 && env->sys.has_el2 && !(env->sys.cnthctl & 1))
        sr_trap(env, 2);
}
static uint64_t sr_cntfrq(A64CPU *env)
{
    if (env->sys.el == 0 && !(env->sys.cntkctl & 3))
        sr_trap(env, a64_exc_target_el(env));
    return A64_GT_FREQ_HZ;
}
static uint64_t sr_cntpct(A64CPU *env) { sr_gt_check(env, 0, true); return a64_gt_count(env, false); }
static uint64_t sr_cntvct(A64CPU *env) { sr_gt_check(env, 1, false); return a64_gt_count(env, true); }

#define GT_REGS(nm, t, bit, phys) \
    static uint64_t sr_##nm##_tval(A64CPU *env) { sr_gt_check(env, bit, phys); return a64_gt_read(env, t, 0); } \
    static uint64_t sr_##nm##_ctl(A64CPU *env) { sr_gt_check(env, bit, phys); return a64_gt_read(env, t, 1); } \
    static uint64_t sr_##nm##_cval(A64CPU *env) { sr_gt_check(env, bit, phys); return a64_gt_read(env, t, 2); } \
    static void sr_##nm##_tval_w(A64CPU *env, uint64_t v) { sr_gt_check(env, bit, phys); a64_gt_write(env, t, 0, v); } \
    static void sr_##nm##_ctl_w(A64CPU *env, uint64_t v) { sr_gt_check(env, bit, phys); a64_gt_write(env, t, 1, v); } \
    static void sr_##nm##_cval_w(A64CPU *env, uint64_t v) { sr_gt_check(env, bit, phys); a64_gt_write(env, t, 2, v); }
GT_REGS(cntp, A64_GT_PHYS, 9, true)
GT_REGS(cntv, A64_GT_VIRT, 8, false)
GT_REGS(cnthp, A64_GT_HYP, 0, false)
static void sr_cntvoff_w(A64CPU *env, uint64_t v) { env->sys.cntvoff = v; a64_gt_update_all(env); }
static void sr_cnthctl_w(A64CPU *env, uint64_t v) { env->sys.cnthctl = v; }

/* ---- the table ---- */

#define FIELD(nm, k, e, fl, f) { nm, k, e, fl, S(f), NULL, NULL }
#define CONST_FN(nm, k, e, fn) { nm, k, e, SRF_RO, -1, fn, NULL }
#define FN(nm, k, e, fl, r, w) { nm, k, e, fl, -1, r, w }

static const A64SysRegDef a64_sysregs[] = {
    CONST_FN("MIDR_EL1", K(3, 0, 0, 0, 0), 1, sr_midr),
    CONST_FN("MPIDR_EL1", K(3, 0, 0, 0, 5), 1, sr_mpidr),
    CONST_FN("REVIDR_EL1", K(3, 0, 0, 0, 6), 1, sr_zero),
    CONST_FN("ID_AA64PFR0_EL1", K(3, 0, 0, 4, 0), 1, sr_pfr0),
    CONST_FN("ID_AA64DFR0_EL1", K(3, 0, 0, 5, 0), 1, sr_dfr0),
    CONST_FN("ID_AA64ISAR0_EL1", K(3, 0, 0, 6, 0), 1, sr_isar0),
    CONST_FN("ID_AA64ISAR1_EL1", K(3, 0, 0, 6, 1), 1, sr_isar1),
    CONST_FN("ID_AA64MMFR0_EL1", K(3, 0, 0, 7, 0), 1, sr_mmfr0),
    CONST_FN("ID_AA64MMFR1_EL1", K(3, 0, 0, 7, 1), 1, sr_mmfr1),
    CONST_FN("ID_AA64MMFR2_EL1", K(3, 0, 0, 7, 2), 1, sr_mmfr2),
    CONST_FN("CCSIDR_EL1", K(3, 1, 0, 0, 0), 1, sr_ccsidr),
    CONST_FN("CLIDR_EL1", K(3, 1, 0, 0, 1), 1, sr_clidr),
    CONST_FN("AIDR_EL1", K(3, 1, 0, 0, 7), 1, sr_zero),
    FN("CSSELR_EL1", K(3, 2, 0, 0, 0), 1, 0, sr_zero, sr_ignore),
    FN("CTR_EL0", K(3, 3, 0, 0, 1), 0, SRF_RO | SRF_CHECK, sr_ctr, NULL),
    FN("DCZID_EL0", K(3, 3, 0, 0, 7), 0, SRF_RO | SRF_CHECK, sr_dczid, NULL),
    FIELD("SCTLR_EL1", K(3, 0, 1, 0, 0), 1, SRF_FLUSH, sctlr[1]),
    FIELD("ACTLR_EL1", K(3, 0, 1, 0, 1), 1, 0, actlr[1]),
    FIELD("CPACR_EL1", K(3, 0, 1, 0, 2), 1, 0, cpacr),
    FIELD("TTBR0_EL1", K(3, 0, 2, 0, 0), 1, SRF_ASID, ttbr0[1]),
    FIELD("TTBR1_EL1", K(3, 0, 2, 0, 1), 1, SRF_ASID, ttbr1),
    FIELD("TCR_EL1", K(3, 0, 2, 0, 2), 1, SRF_FLUSH, tcr[1]),
    FIELD("SPSR_EL1", K(3, 0, 4, 0, 0), 1, 0, spsr[1]),
    FIELD("ELR_EL1", K(3, 0, 4, 0, 1), 1, 0, elr[1]),
    FN("SP_EL0", K(3, 0, 4, 1, 0), 1, 0, sr_sp_el0, sr_sp_el0_w),
    FN("SPSel", K(3, 0, 4, 2, 0), 1, 0, sr_spsel, sr_spsel_w),
    FN("CurrentEL", K(3, 0, 4, 2, 2), 1, SRF_RO, sr_currentel, NULL),
    FN("PAN", K(3, 0, 4, 2, 3), 1, 0, sr_pan, sr_pan_w),
    FN("UAO", K(3, 0, 4, 2, 4), 1, 0, sr_uao, sr_uao_w),
    FN("DAIF", K(3, 3, 4, 2, 1), 0, SRF_CHECK, sr_daif, sr_daif_w),
    FIELD("AFSR0_EL1", K(3, 0, 5, 1, 0), 1, 0, afsr0[1]),
    FIELD("AFSR1_EL1", K(3, 0, 5, 1, 1), 1, 0, afsr1[1]),
    FIELD("ESR_EL1", K(3, 0, 5, 2, 0), 1, 0, esr[1]),
    FIELD("DISR_EL1", K(3, 0, 12, 1, 1), 1, 0, disr),
    FIELD("FAR_EL1", K(3, 0, 6, 0, 0), 1, 0, far[1]),
    FIELD("PAR_EL1", K(3, 0, 7, 4, 0), 1, 0, par),
    FIELD("MAIR_EL1", K(3, 0, 10, 2, 0), 1, 0, mair[1]),
    FIELD("AMAIR_EL1", K(3, 0, 10, 3, 0), 1, 0, amair[1]),
    FIELD("VBAR_EL1", K(3, 0, 12, 0, 0), 1, 0, vbar[1]),
    FN("ISR_EL1", K(3, 0, 12, 1, 0), 1, SRF_RO, sr_isr, NULL),
    FIELD("CONTEXTIDR_EL1", K(3, 0, 13, 0, 1), 1, 0, contextidr),
    FIELD("TPIDR_EL1", K(3, 0, 13, 0, 4), 1, 0, tpidr[1]),
    FN("TPIDRRO_EL0", K(3, 3, 13, 0, 3), 1, 0, sr_tpidrro, sr_tpidrro_w),
    FN("CNTKCTL_EL1", K(3, 0, 14, 1, 0), 1, 0, NULL, sr_cntkctl_w),
    /* debug: MDSCR and the OS lock; breakpoints and watchpoints read as zero */
    FIELD("MDSCR_EL1", K(2, 0, 0, 2, 2), 1, 0, mdscr),
    FIELD("MDCCINT_EL1", K(2, 0, 0, 2, 0), 1, 0, mdccint),
    FN("OSLAR_EL1", K(2, 0, 1, 0, 4), 1, SRF_WO, NULL, sr_oslar_w),
    FIELD("OSLSR_EL1", K(2, 0, 1, 1, 4), 1, SRF_RO, oslsr),
    FN("OSDLR_EL1", K(2, 0, 1, 3, 4), 1, 0, sr_zero, sr_ignore),
    FN("MDRAR_EL1", K(2, 0, 1, 0, 0), 1, SRF_RO, sr_zero, NULL),
    FN("DBGPRCR_EL1", K(2, 0, 1, 4, 4), 1, 0, sr_zero, sr_ignore),
    FN("DBGCLAIMSET_EL1", K(2, 0, 7, 8, 6), 1, 0, sr_zero, sr_ignore),
    FN("DBGCLAIMCLR_EL1", K(2, 0, 7, 9, 6), 1, 0, sr_zero, sr_ignore),
    FN("MDCCSR_EL0", K(2, 3, 0, 1, 0), 1, SRF_RO, sr_zero, NULL),
    /* the generic timer */
    FN("CNTFRQ_EL0", K(3, 3, 14, 0, 0), 0, SRF_RO | SRF_CHECK, sr_cntfrq, NULL),
    FN("CNTPCT_EL0", K(3, 3, 14, 0, 1), 0, SRF_RO | SRF_CHECK, sr_cntpct, NULL),
    FN("CNTVCT_EL0", K(3, 3, 14, 0, 2), 0, SRF_RO | SRF_CHECK, sr_cntvct, NULL),
    FN("CNTPCTSS_EL0", K(3, 3, 14, 0, 5), 0, SRF_RO | SRF_CHECK, sr_cntpct, NULL),
    FN("CNTVCTSS_EL0", K(3, 3, 14, 0, 6), 0, SRF_RO | SRF_CHECK, sr_cntvct, NULL),
    FN("CNTP_TVAL_EL0", K(3, 3, 14, 2, 0), 0, SRF_CHECK, sr_cntp_tval, sr_cntp_tval_w),
    FN("CNTP_CTL_EL0", K(3, 3, 14, 2, 1), 0, SRF_CHECK, sr_cntp_ctl, sr_cntp_ctl_w),
    FN("CNTP_CVAL_EL0", K(3, 3, 14, 2, 2), 0, SRF_CHECK, sr_cntp_cval, sr_cntp_cval_w),
    FN("CNTV_TVAL_EL0", K(3, 3, 14, 3, 0), 0, SRF_CHECK, sr_cntv_tval, sr_cntv_tval_w),
    FN("CNTV_CTL_EL0", K(3, 3, 14, 3, 1), 0, SRF_CHECK, sr_cntv_ctl, sr_cntv_ctl_w),
    FN("CNTV_CVAL_EL0", K(3, 3, 14, 3, 2), 0, SRF_CHECK, sr_cntv_cval, sr_cntv_cval_w),
    /* EL2 */
    FIELD("VPIDR_EL2", K(3, 4, 0, 0, 0), 2, SRF_EL2, vpidr),
    FIELD("VMPIDR_EL2", K(3, 4, 0, 0, 5), 2, SRF_EL2, vmpidr),
    FIELD("SCTLR_EL2", K(3, 4, 1, 0, 0), 2, SRF_EL2 | SRF_FLUSH, sctlr[2]),
    FIELD("ACTLR_EL2", K(3, 4, 1, 0, 1), 2, SRF_EL2, actlr[2]),
    FN("HCR_EL2", K(3, 4, 1, 1, 0), 2, SRF_EL2 | SRF_FLUSH, NULL, sr_hcr_w),
    FIELD("MDCR_EL2", K(3, 4, 1, 1, 1), 2, SRF_EL2, mdcr_el2),
    FIELD("CPTR_EL2", K(3, 4, 1, 1, 2), 2, SRF_EL2, cptr_el2),
    FIELD("HSTR_EL2", K(3, 4, 1, 1, 3), 2, SRF_EL2, hstr),
    FIELD("HACR_EL2", K(3, 4, 1, 1, 7), 2, SRF_EL2, hacr),
    FIELD("TTBR0_EL2", K(3, 4, 2, 0, 0), 2, SRF_EL2 | SRF_FLUSH, ttbr0[2]),
    FIELD("TCR_EL2", K(3, 4, 2, 0, 2), 2, SRF_EL2 | SRF_FLUSH, tcr[2]),
    FIELD("VTTBR_EL2", K(3, 4, 2, 1, 0), 2, SRF_EL2 | SRF_FLUSH, vttbr),
    FIELD("VTCR_EL2", K(3, 4, 2, 1, 2), 2, SRF_EL2 | SRF_FLUSH, vtcr),
    FIELD("SPSR_EL2", K(3, 4, 4, 0, 0), 2, SRF_EL2, spsr[2]),
    FIELD("ELR_EL2", K(3, 4, 4, 0, 1), 2, SRF_EL2, elr[2]),
    FIELD("SP_EL1", K(3, 4, 4, 1, 0), 2, SRF_EL2, sp_el[1]),
    FIELD("AFSR0_EL2", K(3, 4, 5, 1, 0), 2, SRF_EL2, afsr0[2]),
    FIELD("AFSR1_EL2", K(3, 4, 5, 1, 1), 2, SRF_EL2, afsr1[2]),
    FIELD("ESR_EL2", K(3, 4, 5, 2, 0), 2, SRF_EL2, esr[2]),
    FIELD("FAR_EL2", K(3, 4, 6, 0, 0), 2, SRF_EL2, far[2]),
    FIELD("HPFAR_EL2", K(3, 4, 6, 0, 4), 2, SRF_EL2, hpfar),
    FIELD("MAIR_EL2", K(3, 4, 10, 2, 0), 2, SRF_EL2, mair[2]),
    FIELD("AMAIR_EL2", K(3, 4, 10, 3, 0), 2, SRF_EL2, amair[2]),
    FIELD("VBAR_EL2", K(3, 4, 12, 0, 0), 2, SRF_EL2, vbar[2]),
    FIELD("TPIDR_EL2", K(3, 4, 13, 0, 2), 2, SRF_EL2, tpidr[2]),
    FN("CNTHCTL_EL2", K(3, 4, 14, 1, 0), 2, SRF_EL2, NULL, sr_cnthctl_w),
    FN("CNTVOFF_EL2", K(3, 4, 14, 0, 3), 2, SRF_EL2, NULL, sr_cntvoff_w),
    FN("CNTHP_TVAL_EL2", K(3, 4, 14, 2, 0), 2, SRF_EL2, sr_cnthp_tval, sr_cnthp_tval_w),
    FN("CNTHP_CTL_EL2", K(3, 4, 14, 2, 1), 2, SRF_EL2, sr_cnthp_ctl, sr_cnthp_ctl_w),
    FN("CNTHP_CVAL_EL2", K(3, 4, 14, 2, 2), 2, SRF_EL2, sr_cnthp_cval, sr_cnthp_cval_w),
};
#define A64_NSYSREGS ((int)ARRAY_SIZE(a64_sysregs))
#define SR_DEV_BASE 0x1000

/* The plain field of CNTKCTL/HCR/CNTHCTL/CNTVOFF for reads (they have write functions). */
static int32_t sr_read_field(const A64SysRegDef *d)
{
    if (d->write == sr_cntkctl_w) return S(cntkctl);
    if (d->write == sr_hcr_w) return S(hcr);
    if (d->write == sr_cnthctl_w) return S(cnthctl);
    if (d->write == sr_cntvoff_w) return S(cntvoff);
    return d->off;
}

/* The ID space (op0 3, op1 0, CRn 0, CRm 1..7) reads as zero where not listed. */
static bool sr_id_space(unsigned key)
{
    return (key & ~0x3fu) == K(3, 0, 0, 0, 0) && (key & 0x38u) != 0;
}

static int sr_find_dev(A64CPU *env, unsigned key)
{
    for (int d = 0; d < env->sys.ndev; d++) {
        for (int i = 0; i < env->sys.dev[d].n; i++) {
            const A64DevSysReg *r = &env->sys.dev[d].regs[i];
            if ((unsigned)K(r->op0, r->op1, r->crn, r->crm, r->op2) == key)
                return SR_DEV_BASE + d * 256 + i;
        }
    }
    return -1;
}

static bool sr_debug_bp(unsigned key)       /* DBGBVR/BCR/WVR/WCR<n>_EL1 */
{
    return (key & ~0x7fu) == K(2, 0, 0, 0, 0) && (key & 7) >= 4;
}

A64SysRegAccess a64_sysreg_lookup(A64CPU *env, int el, unsigned key, bool read, int *idx,
                                  int32_t *off)
{
    int dev = sr_find_dev(env, key);
    if (dev >= 0) {
        *idx = dev;
        return el >= 1 ? SRA_HELPER : SRA_UNDEF;
    }
    for (int i = 0; i < A64_NSYSREGS; i++) {
        const A64SysRegDef *d = &a64_sysregs[i];
        if (d->key != key)
            continue;
        if (el < d->el || ((d->flags & SRF_EL2) && !env->sys.has_el2) ||
            ((d->flags & SRF_RO) && !read) || ((d->flags & SRF_WO) && read))
            return SRA_UNDEF;
        *idx = i;
        *off = sr_read_field(d);
        if (read && !d->read && !(d->flags & SRF_CHECK))
            return SRA_FIELD;
        return SRA_HELPER;
    }
    if (el >= 1 && read && sr_id_space(key)) {
        *off = -1;
        return SRA_FIELD;           /* *off < 0: zero */
    }
    if (el >= 1 && sr_debug_bp(key)) {
        *off = -1;
        *idx = -1;
        return read ? SRA_FIELD : SRA_HELPER;
    }
    return SRA_UNDEF;
}

/* ISS of a trapped MRS/MSR: Op0 Op2 Op1 CRn Rt CRm Direction. */
static uint32_t sr_make_iss(uint32_t arg)
{
    unsigned key = arg & 0x7fff, rt = (arg >> 16) & 31, rd = (arg >> 21) & 1;
    unsigned op0 = 2 + (key >> 14), op1 = (key >> 11) & 7, crn = (key >> 7) & 15;
    unsigned crm = (key >> 3) & 15, op2 = key & 7;
    return op0 << 20 | op2 << 17 | op1 << 14 | crn << 10 | rt << 5 | crm << 1 | rd;
}

static const A64DevSysReg *sr_dev(A64CPU *env, int idx, void **opaque)
{
    int d = (idx - SR_DEV_BASE) / 256;
    *opaque = env->sys.dev[d].opaque;
    return &env->sys.dev[d].regs[(idx - SR_DEV_BASE) % 256];
}

/* arg: key | rt << 16 | read << 21; idx from a64_sysreg_lookup. */
uint64_t helper_a64_mrs(CPUState *cs, uint32_t idx, uint32_t arg)
{
    A64CPU *env = a64_cpu(cs);
    sr_iss = sr_make_iss(arg | 1u << 21);
    if ((int)idx >= SR_DEV_BASE) {
        void *opaque;
        const A64DevSysReg *r = sr_dev(env, (int)idx, &opaque);
        hw_lock();
        uint64_t v = r->read ? r->read(opaque, env) : 0;
        hw_unlock();
        return v;
    }
    const A64SysRegDef *d = &a64_sysregs[idx];
    if (d->read)
        return d->read(env);
    int32_t off = sr_read_field(d);
    return off >= 0 ? *(uint64_t *)((char *)env + off) : 0;
}
IR_HELPER(a64_mrs, IR_I64, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I32, IR_I32);

static void sr_write_effects(A64CPU *env, const A64SysRegDef *d, uint64_t old, uint64_t v)
{
    if ((d->flags & SRF_FLUSH) && old != v) {
        tlb_flush(&env->cs);
        env->sys.tlb_large = false;
    } else if ((d->flags & SRF_ASID) && old != v) {
        a64_tlb_flush_asid(env);
    }
}

void helper_a64_msr(CPUState *cs, uint32_t idx, uint32_t arg, uint64_t v)
{
    A64CPU *env = a64_cpu(cs);
    sr_iss = sr_make_iss(arg);
    if ((int)idx < 0)
        return;                         /* a write-ignored debug register */
    if ((int)idx >= SR_DEV_BASE) {
        void *opaque;
        const A64DevSysReg *r = sr_dev(env, (int)idx, &opaque);
        hw_lock();
        if (r->write)
            r->write(opaque, env, v);
        hw_unlock();
        return;
    }
    const A64SysRegDef *d = &a64_sysregs[idx];
    int32_t off = sr_read_field(d);
    uint64_t old = off >= 0 ? *(uint64_t *)((char *)env + off) : 0;
    if (d->write)
        d->write(env, v);
    else
        *(uint64_t *)((char *)env + d->off) = v;
    sr_write_effects(env, d, old, v);
}
IR_HELPER(a64_msr, IR_HTYPE_VOID, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I32, IR_I32, IR_I64);

/* MSR (immediate): op = op1 << 3 | op2 (SPSel, DAIFSet, DAIFClr, PAN, UAO). */
void helper_a64_msr_i(CPUState *cs, uint32_t op, uint32_t crm)
{
    A64CPU *env = a64_cpu(cs);
    A64SysState *s = &env->sys;
    switch (op) {
    case 0 << 3 | 5: a64_sp_switch(env, s->el, crm & 1); break;
    case 0 << 3 | 4: s->pstate = crm & 1 ? s->pstate | PS_PAN : s->pstate & ~PS_PAN; break;
    case 0 << 3 | 3: s->pstate = crm & 1 ? s->pstate | PS_UAO : s->pstate & ~PS_UAO; break;
    case 3 << 3 | 6: case 3 << 3 | 7:
        if (s->el == 0 && !(s->sctlr[1] & SCTLR_UMA)) {
            sr_iss = 0x300000 | 3u << 14 | 4u << 10 | 31u << 5 | crm << 1 |
                     (op & 7) << 17;
            sr_trap(env, a64_exc_target_el(env));
        }
        if ((op & 7) == 6)
            s->pstate |= (crm & 15) << 6;
        else
            s->pstate &= ~((crm & 15) << 6);
        a64_update_irq(env);
        break;
    default: break;
    }
}
IR_HELPER(a64_msr_i, IR_HTYPE_VOID, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I32, IR_I32);
