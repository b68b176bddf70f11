/* riscv64 control and status registers: access rules, legal values, side effects. */
#include <time.h>
#include "translate.h"
#include "trix/hw.h"
#include "trix/icount.h"

enum {
    CSR_FFLAGS = 0x001, CSR_FRM = 0x002, CSR_FCSR = 0x003,
    CSR_SSTATUS = 0x100, CSR_SIE = 0x104, CSR_STVEC = 0x105, CSR_SCOUNTEREN = 0x106,
    CSR_SENVCFG = 0x10a, CSR_SSCRATCH = 0x140, CSR_SEPC = 0x141, CSR_SCAUSE = 0x142,
    CSR_STVAL = 0x143, CSR_SIP = 0x144, CSR_STIMECMP = 0x14d, CSR_SATP = 0x180,
    CSR_MSTATUS = 0x300, CSR_MISA = 0x301, CSR_MEDELEG = 0x302, CSR_MIDELEG = 0x303,
    CSR_MIE = 0x304, CSR_MTVEC = 0x305, CSR_MCOUNTEREN = 0x306, CSR_MENVCFG = 0x30a,
    CSR_MCOUNTINHIBIT = 0x320, CSR_MHPMEVENT3 = 0x323, CSR_MHPMEVENT31 = 0x33f,
    CSR_MSCRATCH = 0x340, CSR_MEPC = 0x341, CSR_MCAUSE = 0x342, CSR_MTVAL = 0x343,
    CSR_MIP = 0x344,
    CSR_MCYCLE = 0xb00, CSR_MINSTRET = 0xb02, CSR_MHPMCOUNTER3 = 0xb03,
    CSR_MHPMCOUNTER31 = 0xb1f,
    CSR_CYCLE = 0xc00, CSR_TIME = 0xc01, CSR_INSTRET = 0xc02, CSR_HPMCOUNTER3 = 0xc03,
    CSR_HPMCOUNTER31 = 0xc1f,
    CSR_MVENDORID = 0xf11, CSR_MARCHID = 0xf12, CSR_MIMPID = 0xf13, CSR_MHARTID = 0xf14,
    CSR_MCONFIGPTR = 0xf15,
};

#define SSTATUS_MASK (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_FS | MSTATUS_XS | \
                      MSTATUS_SUM | MSTATUS_MXR | MSTATUS_UXL | MSTATUS_SD)
#define MSTATUS_WRITABLE (MSTATUS_SIE | MSTATUS_MIE | MSTATUS_SPIE | MSTATUS_MPIE | \
                          MSTATUS_SPP | MSTATUS_MPP | MSTATUS_FS | MSTATUS_MPRV | \
                          MSTATUS_SUM | MSTATUS_MXR | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR)
#define SSTATUS_WRITABLE (MSTATUS_WRITABLE & SSTATUS_MASK)
#define MIP_SSIP (1ull << RV_IRQ_SSI)
#define MIP_STIP (1ull << RV_IRQ_STI)
#define MIP_SEIP (1ull << RV_IRQ_SEI)
#define S_INTERRUPTS (MIP_SSIP | MIP_STIP | MIP_SEIP)
#define ALL_INTERRUPTS (S_INTERRUPTS | (1ull << RV_IRQ_MSI) | (1ull << RV_IRQ_MTI) | \
                        (1ull << RV_IRQ_MEI))
/* Exceptions that S mode may handle: everything but ecall from M (and the reserved codes). */
#define MEDELEG_WRITABLE 0xb3ffull
#define MENVCFG_FIOM 1ull

/* ---- counters ---- */

static uint64_t host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Without instruction counting, cycle and instret follow the host clock; instret is kept
 * strictly increasing between reads, as an emulator without icount reports it. */
static uint64_t rv_instret(RVCPU *env)
{
    if (icount_enabled)         /* -icount: the instructions this hart retired */
        return icount_cpu_insns(&env->cs);
    uint64_t now = host_ns();
    env->insn_count = now > env->insn_count ? now : env->insn_count + 1;
    return env->insn_count;
}

static uint64_t rv_cycle(RVCPU *env)
{
    return (icount_enabled ? icount_cpu_insns(&env->cs) : host_ns()) + (uint64_t)env->cycle_offset;
}
static uint64_t rv_minstret(RVCPU *env) { return rv_instret(env) + (uint64_t)env->instret_offset; }

/* ---- user mode: the FP CSRs and the read-only counters, always accessible ---- */

static bool csr_read_fp(RVCPU *env, uint32_t csr, uint64_t *val)
{
    switch (csr) {
    case CSR_FFLAGS:  *val = env->fflags & 0x1f; return true;
    case CSR_FRM:     *val = env->frm & 7; return true;
    case CSR_FCSR:    *val = (env->frm & 7) << 5 | (env->fflags & 0x1f); return true;
    default:          return false;
    }
}

static bool csr_write_fp(RVCPU *env, uint32_t csr, uint64_t val)
{
    switch (csr) {
    case CSR_FFLAGS:  env->fflags = val & 0x1f; return true;
    case CSR_FRM:     env->frm = val & 7; return true;
    case CSR_FCSR:    env->fflags = val & 0x1f; env->frm = (val >> 5) & 7; return true;
    default:          return false;
    }
}

static bool csr_rmw_user(RVCPU *env, uint32_t csr, bool write, uint64_t value, uint64_t mask,
                         uint64_t *old)
{
    switch (csr) {
    case CSR_CYCLE:
    case CSR_TIME:    *old = host_ns(); break;
    case CSR_INSTRET: *old = rv_instret(env); break;
    default:
        if (!csr_read_fp(env, csr, old))
            return false;
        break;
    }
    return !write || csr_write_fp(env, csr, (*old & ~mask) | (value & mask));
}

/* ---- system mode: access rules ---- */

void rv_set_fs_dirty(RVCPU *env)
{
    env->mstatus |= MSTATUS_FS;
}

static bool csr_fs_on(RVCPU *env) { return (env->mstatus & MSTATUS_FS) != 0; }

/* cycle/time/instret/hpmcounterN below M need the bit in mcounteren (and scounteren for U). */
static bool csr_counter_allowed(RVCPU *env, uint32_t csr)
{
    uint64_t bit = 1ull << (csr & 31);
    if (env->priv < RV_PRIV_M && !(env->mcounteren & bit))
        return false;
    return env->priv != RV_PRIV_U || (env->scounteren & bit);
}

/* The CSR number's privilege and read-only bits, then each register's extra conditions. */
static bool csr_allowed(RVCPU *env, uint32_t csr, bool write)
{
    if (env->priv < (int)((csr >> 8) & 3))
        return false;
    if (write && ((csr >> 10) & 3) == 3)
        return false;
    if (csr >= CSR_FFLAGS && csr <= CSR_FCSR)
        return csr_fs_on(env);
    if (csr >= CSR_CYCLE && csr <= CSR_HPMCOUNTER31)
        return csr_counter_allowed(env, csr);
    if (csr == CSR_SATP)
        return env->priv == RV_PRIV_M || !(env->mstatus & MSTATUS_TVM);
    if (csr == CSR_STIMECMP)
        return env->priv == RV_PRIV_M ||
               ((env->mcounteren & 2) && (env->menvcfg & MENVCFG_STCE));
    return true;
}

/* ---- system mode: reads ---- */

static uint64_t csr_mstatus(RVCPU *env)
{
    uint64_t s = env->mstatus;
    if ((s & MSTATUS_FS) == MSTATUS_FS)
        s |= MSTATUS_SD;
    return s;
}

uint64_t rv_read_mip(RVCPU *env)
{
    uint64_t mip = __atomic_load_n(&env->mip, __ATOMIC_SEQ_CST);
    return mip | (env->seip_sw ? MIP_SEIP : 0);
}

static bool csr_read_counter(RVCPU *env, uint32_t csr, uint64_t *val)
{
    switch (csr) {
    case CSR_CYCLE: case CSR_MCYCLE:     *val = rv_cycle(env); return true;
    case CSR_INSTRET: case CSR_MINSTRET: *val = rv_minstret(env); return true;
    case CSR_TIME:      cpu_time_seen(&env->cs); *val = rv_get_time(); return true;
    }
    if ((csr >= CSR_HPMCOUNTER3 && csr <= CSR_HPMCOUNTER31) ||
        (csr >= CSR_MHPMCOUNTER3 && csr <= CSR_MHPMCOUNTER31) ||
        (csr >= CSR_MHPMEVENT3 && csr <= CSR_MHPMEVENT31)) {
        *val = 0;                       /* implemented as hardwired zero */
        return true;
    }
    return false;
}

static bool csr_read_s(RVCPU *env, uint32_t csr, uint64_t *val)
{
    switch (csr) {
    case CSR_SSTATUS:    *val = csr_mstatus(env) & SSTATUS_MASK; return true;
    case CSR_SIE:        *val = env->mie & env->mideleg; return true;
    case CSR_STVEC:      *val = env->stvec; return true;
    case CSR_SCOUNTEREN: *val = env->scounteren; return true;
    case CSR_SENVCFG:    *val = env->senvcfg; return true;
    case CSR_SSCRATCH:   *val = env->sscratch; return true;
    case CSR_SEPC:       *val = rv_xepc(env, env->sepc); return true;
    case CSR_SCAUSE:     *val = env->scause; return true;
    case CSR_STVAL:      *val = env->stval; return true;
    case CSR_SIP:        *val = rv_read_mip(env) & env->mideleg; return true;
    case CSR_STIMECMP:   *val = env->stimecmp; return true;
    case CSR_SATP:       *val = env->satp; return true;
    default:             return false;
    }
}

static bool csr_read_m(RVCPU *env, uint32_t csr, uint64_t *val)
{
    switch (csr) {
    case CSR_MSTATUS:       *val = csr_mstatus(env); return true;
    case CSR_MISA:          *val = env->misa; return true;
    case CSR_MEDELEG:       *val = env->medeleg; return true;
    case CSR_MIDELEG:       *val = env->mideleg; return true;
    case CSR_MIE:           *val = env->mie; return true;
    case CSR_MTVEC:         *val = env->mtvec; return true;
    case CSR_MCOUNTEREN:    *val = env->mcounteren; return true;
    case CSR_MENVCFG:       *val = env->menvcfg; return true;
    case CSR_MCOUNTINHIBIT: *val = env->mcountinhibit; return true;
    case CSR_MSCRATCH:      *val = env->mscratch; return true;
    case CSR_MEPC:          *val = rv_xepc(env, env->mepc); return true;
    case CSR_MCAUSE:        *val = env->mcause; return true;
    case CSR_MTVAL:         *val = env->mtval; return true;
    case CSR_MIP:           *val = rv_read_mip(env); return true;
    case CSR_MVENDORID: case CSR_MARCHID: case CSR_MIMPID: case CSR_MCONFIGPTR:
        *val = 0;
        return true;
    case CSR_MHARTID:       *val = env->mhartid; return true;
    default:                return rv_pmp_read_csr(env, csr, val);
    }
}

static bool csr_read_sys(RVCPU *env, uint32_t csr, uint64_t *val)
{
    return csr_read_fp(env, csr, val) || csr_read_counter(env, csr, val) ||
           csr_read_s(env, csr, val) || csr_read_m(env, csr, val);
}

/* ---- system mode: writes of the legal bits ---- */

static void csr_write_mstatus(RVCPU *env, uint64_t val, uint64_t writable)
{
    uint64_t mpp = (val & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT;
    if (mpp == 2)                       /* reserved privilege: keep the old MPP */
        writable &= ~MSTATUS_MPP;
    if (!(env->ext & RV_EXT_F))         /* no FP state: FS is read-only zero */
        writable &= ~MSTATUS_FS;
    env->mstatus = (env->mstatus & ~writable) | (val & writable);
    rv_update_irq(env);
}

/* Base must be 4-byte aligned; modes other than direct and vectored leave it unchanged. */
static void csr_write_tvec(uint64_t *tvec, uint64_t val)
{
    if ((val & 3) < 2)
        *tvec = val;
}

/* mip bits software may write: SSIP and SEIP, and STIP unless Sstc drives it. */
static void csr_write_mip(RVCPU *env, uint64_t val, uint64_t writable)
{
    if (env->menvcfg & MENVCFG_STCE)
        writable &= ~MIP_STIP;
    uint64_t hw = writable & ~MIP_SEIP, cur = __atomic_load_n(&env->mip, __ATOMIC_SEQ_CST);
    while (!__atomic_compare_exchange_n(&env->mip, &cur, (cur & ~hw) | (val & hw), false,
                                        __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
        ;
    if (writable & MIP_SEIP)
        env->seip_sw = (val & MIP_SEIP) != 0;
    rv_update_irq(env);
}

/* Unsupported modes make the whole write a no-op; a Bare satp holds no ASID or root. */
static void csr_write_satp(RVCPU *env, uint64_t val)
{
    uint64_t mode = val >> SATP_MODE_SHIFT;
    if (mode != RV_SATP_BARE && mode != RV_SATP_SV39 && mode != RV_SATP_SV48 &&
        mode != RV_SATP_SV57)
        return;
    env->satp = mode == RV_SATP_BARE ? 0
              : val & ((0xfull << SATP_MODE_SHIFT) | (0xffffull << SATP_ASID_SHIFT) |
                       SATP_PPN_MASK);
    rv_tlb_flush_all(env);
}

static bool csr_write_counter(RVCPU *env, uint32_t csr, uint64_t val)
{
    switch (csr) {
    case CSR_MCYCLE:
        env->cycle_offset = 0;
        env->cycle_offset = (int64_t)(val - rv_cycle(env));
        return true;
    case CSR_MINSTRET: env->instret_offset = (int64_t)(val - rv_instret(env)); return true;
    }
    return (csr >= CSR_MHPMCOUNTER3 && csr <= CSR_MHPMCOUNTER31) ||
           (csr >= CSR_MHPMEVENT3 && csr <= CSR_MHPMEVENT31);
}

static bool csr_write_s(RVCPU *env, uint32_t csr, uint64_t val)
{
    switch (csr) {
    case CSR_SSTATUS:    csr_write_mstatus(env, val, SSTATUS_WRITABLE); return true;
    case CSR_SIE:
        env->mie = (env->mie & ~env->mideleg) | (val & env->mideleg & S_INTERRUPTS);
        rv_update_irq(env);
        return true;
    case CSR_STVEC:      csr_write_tvec(&env->stvec, val); return true;
    case CSR_SCOUNTEREN: env->scounteren = val & 0xffffffffu; return true;
    case CSR_SENVCFG:    env->senvcfg = val & MENVCFG_FIOM; return true;
    case CSR_SSCRATCH:   env->sscratch = val; return true;
    case CSR_SEPC:       env->sepc = val & ~1ull; return true;
    case CSR_SCAUSE:     env->scause = val; return true;
    case CSR_STVAL:      env->stval = val; return true;
    case CSR_SIP:        csr_write_mip(env, val, env->mideleg & MIP_SSIP); return true;
    case CSR_STIMECMP:   env->stimecmp = val; rv_timer_update(env); return true;
    case CSR_SATP:       csr_write_satp(env, val); return true;
    default:             return false;
    }
}

static bool csr_write_m(RVCPU *env, uint32_t csr, uint64_t val)
{
    switch (csr) {
    case CSR_MSTATUS:       csr_write_mstatus(env, val, MSTATUS_WRITABLE); return true;
    case CSR_MISA:          return true;        /* extensions cannot be switched off */
    case CSR_MEDELEG:       env->medeleg = val & MEDELEG_WRITABLE; return true;
    case CSR_MIDELEG:       env->mideleg = val & S_INTERRUPTS; rv_update_irq(env); return true;
    case CSR_MIE:           env->mie = val & ALL_INTERRUPTS; rv_update_irq(env); return true;
    case CSR_MTVEC:         csr_write_tvec(&env->mtvec, val); return true;
    case CSR_MCOUNTEREN:    env->mcounteren = val & 0xffffffffu; return true;
    case CSR_MENVCFG:
        env->menvcfg = val & ((env->ext & RV_EXT_SSTC ? MENVCFG_STCE : 0) | MENVCFG_FIOM);
        rv_timer_update(env);
        return true;
    case CSR_MCOUNTINHIBIT: env->mcountinhibit = val & 5; return true;
    case CSR_MSCRATCH:      env->mscratch = val; return true;
    case CSR_MEPC:          env->mepc = val & ~1ull; return true;
    case CSR_MCAUSE:        env->mcause = val; return true;
    case CSR_MTVAL:         env->mtval = val; return true;
    case CSR_MIP:           csr_write_mip(env, val, S_INTERRUPTS); return true;
    default:                return rv_pmp_write_csr(env, csr, val);
    }
}

static bool csr_write_sys(RVCPU *env, uint32_t csr, uint64_t val)
{
    if (csr_write_fp(env, csr, val)) {
        rv_set_fs_dirty(env);
        return true;
    }
    return csr_write_counter(env, csr, val) || csr_write_s(env, csr, val) ||
           csr_write_m(env, csr, val);
}

/* CSRs that belong to an extension -cpu switched off do not exist. */
static bool csr_ext_present(RVCPU *env, uint32_t csr)
{
    if (csr >= CSR_FFLAGS && csr <= CSR_FCSR)
        return (env->ext & RV_EXT_F) != 0;
    if (csr == CSR_STIMECMP)
        return (env->ext & RV_EXT_SSTC) != 0;
    return true;
}

bool rv_csr_rmw(RVCPU *env, uint32_t csr, bool write, uint64_t value, uint64_t mask,
                uint64_t *old)
{
    if (!csr_ext_present(env, csr))
        return false;
    if (!env->sys)
        return csr_rmw_user(env, csr, write, value, mask, old);
    if (!csr_allowed(env, csr, write) || !csr_read_sys(env, csr, old))
        return false;
    if (!write)
        return true;
    /* Set/clear instructions modify mip's software-written SEIP, not the PLIC's line. */
    uint64_t base = *old;
    if (csr == CSR_MIP)
        base = (base & ~MIP_SEIP) | (env->seip_sw ? MIP_SEIP : 0);
    return csr_write_sys(env, csr, (base & ~mask) | (value & mask));
}

/* For debuggers: read or write any CSR whatever the privilege and mstatus.FS (a debugger
 * acts from debug mode); false for unknown and, on writes, read-only CSRs. */
bool rv_csr_debug_access(RVCPU *env, uint32_t csr, bool write, uint64_t *val)
{
    uint64_t old;
    if (!env->sys) {
        if (!csr_rmw_user(env, csr, write, *val, ~0ull, &old))
            return false;
        if (!write)
            *val = old;
        return true;
    }
    if (!write)
        return csr_read_sys(env, csr, val);
    return ((csr >> 10) & 3) != 3 && csr_write_sys(env, csr, *val);
}

/* ---- the IR helpers ---- */

/* Returns the old value; when `write`, stores (old & ~mask) | (value & mask). Unknown CSRs,
 * insufficient privilege and writes to read-only ones raise illegal instruction. */
uint64_t helper_csrrw(CPUState *cs, uint32_t csr, uint32_t write, uint64_t value,
                      uint64_t mask, uint32_t insn)
{
    uint64_t old;
    if (!rv_csr_rmw(rv_cpu(cs), csr, write != 0, value, mask, &old)) {
        log_mask(LOG_UNIMP, "riscv: illegal access to csr %#x (write %u)\n", csr, write);
        rv_cpu(cs)->badaddr = insn;
        cpu_loop_exit_restore(cs, RV_EXCP_ILLEGAL_INST);
    }
    return old;
}
IR_HELPER(csrrw, IR_I64, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I32, IR_I32, IR_I64, IR_I64, IR_I32);
/* The FP CSRs (fflags, frm, fcsr) are not IR globals: the same helper, declared so, lets JIT
 * code keep guest registers in host registers across frflags/fsflags. */
uint64_t helper_csrrw_fp(CPUState *cs, uint32_t csr, uint32_t write, uint64_t value,
                         uint64_t mask, uint32_t insn)
{
    return helper_csrrw(cs, csr, write, value, mask, insn);
}
IR_HELPER(csrrw_fp, IR_I64, IR_CALL_MAY_RAISE | IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS,
          IR_HTYPE_PTR, IR_I32, IR_I32, IR_I64, IR_I64, IR_I32);

/* FP instructions in a block translated while FS was not Dirty. */
void helper_mark_fs_dirty(CPUState *cs)
{
    rv_set_fs_dirty(rv_cpu(cs));
}
IR_HELPER(mark_fs_dirty, IR_HTYPE_VOID, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS,
          IR_HTYPE_PTR);
