/* riscv64 traps and interrupts: trap entry and return, wfi, interrupt lines, the Sstc timer. */
#include <string.h>
#include <time.h>
#include "translate.h"
#include "trix/hw.h"


/* ---- time ---- */

static uint64_t rv_host_time(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 10000000u + (uint64_t)ts.tv_nsec / 100u;
}

uint64_t (*rv_time_source)(void) = rv_host_time;
uint64_t rv_timebase_hz = 10000000;

uint64_t rv_get_time(void) { return rv_time_source(); }

/* ---- reset ---- */

void rv_cpu_reset_system(RVCPU *env, uint64_t hartid, uint64_t reset_pc)
{
    CPUState *cs = &env->cs;
    memset(env->gpr, 0, sizeof(env->gpr));
    env->sys = true;
    env->priv = RV_PRIV_M;
    env->pc = reset_pc;
    env->load_res = ~0ull;
    env->mstatus = (2ull << 32) | (2ull << 34);     /* UXL = SXL = 64 bits, FS off */
    env->misa = rv_misa_of(env->ext);
    env->mhartid = hartid;
    env->mie = env->medeleg = env->mideleg = 0;
    __atomic_store_n(&env->mip, 0, __ATOMIC_SEQ_CST);
    env->seip_sw = false;
    env->mtvec = env->stvec = env->mepc = env->sepc = 0;
    env->mcause = env->scause = env->mtval = env->stval = 0;
    env->mcounteren = env->scounteren = env->mcountinhibit = 0;
    env->menvcfg = env->senvcfg = 0;
    env->stimecmp = ~0ull;
    env->satp = 0;
    memset(env->pmpcfg, 0, sizeof(env->pmpcfg));
    memset(env->pmpaddr, 0, sizeof(env->pmpaddr));
    cs->halted = false;
    __atomic_store_n(&cs->interrupt_request, 0, __ATOMIC_SEQ_CST);
    rv_tlb_flush_all(env);
    if (env->stimer)
        timer_del(env->stimer);
}

/* ---- trap entry ---- */

static uint64_t rv_trap_vector(uint64_t tvec, uint64_t cause)
{
    uint64_t base = tvec & ~3ull;
    if ((tvec & 3) == 1 && (cause & RV_CAUSE_INTR))
        return base + 4 * (cause & 63);
    return base;
}

void rv_do_exception(RVCPU *env, uint64_t cause, uint64_t tval)
{
    bool intr = (cause & RV_CAUSE_INTR) != 0;
    unsigned code = (unsigned)(cause & 63);
    uint64_t deleg = intr ? env->mideleg : env->medeleg;
    uint64_t s = env->mstatus;
    log_mask(LOG_INT, "riscv: trap cause %#llx tval %#llx pc %#llx priv %d\n",
             (unsigned long long)cause, (unsigned long long)tval,
             (unsigned long long)env->pc, env->priv);
    if (env->priv <= RV_PRIV_S && ((deleg >> code) & 1)) {
        env->scause = cause;
        env->sepc = env->pc;
        env->stval = tval;
        s = (s & ~(MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE)) |
            (env->priv == RV_PRIV_S ? MSTATUS_SPP : 0) | ((s & MSTATUS_SIE) ? MSTATUS_SPIE : 0);
        env->priv = RV_PRIV_S;
        env->pc = rv_trap_vector(env->stvec, cause);
    } else {
        env->mcause = cause;
        env->mepc = env->pc;
        env->mtval = tval;
        s = (s & ~(MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE)) |
            ((uint64_t)env->priv << MSTATUS_MPP_SHIFT) | ((s & MSTATUS_MIE) ? MSTATUS_MPIE : 0);
        env->priv = RV_PRIV_M;
        env->pc = rv_trap_vector(env->mtvec, cause);
    }
    env->mstatus = s;
    env->load_res = ~0ull;      /* a trap breaks any LR/SC sequence */
    rv_update_irq(env);
}

/* TargetOps.do_exception: an architected exception number returned by cpu_exec. */
void rv_do_exception_hook(CPUState *cs, int excp)
{
    RVCPU *env = rv_cpu(cs);
    rv_do_exception(env, (uint64_t)excp, env->badaddr);
}

/* ---- interrupts ---- */

/* The highest-priority interrupt in `set`: MEI, MSI, MTI, SEI, SSI, STI. */
static int rv_irq_pick(uint64_t set)
{
    static const int order[] = { RV_IRQ_MEI, RV_IRQ_MSI, RV_IRQ_MTI,
                                 RV_IRQ_SEI, RV_IRQ_SSI, RV_IRQ_STI };
    for (size_t i = 0; i < ARRAY_SIZE(order); i++)
        if (set & (1ull << order[i]))
            return order[i];
    return -1;
}

/* The interrupt to take now, or -1. M-level ones (not delegated) come first; each level is
 * enabled when running below it, or at it with its xIE bit set. */
static int rv_pending_irq(RVCPU *env)
{
    uint64_t pend = rv_read_mip(env) & env->mie;
    if (!pend)
        return -1;
    uint64_t m = pend & ~env->mideleg, s = pend & env->mideleg;
    bool m_on = env->priv < RV_PRIV_M || (env->mstatus & MSTATUS_MIE);
    bool s_on = env->priv < RV_PRIV_S || (env->priv == RV_PRIV_S && (env->mstatus & MSTATUS_SIE));
    if (m && m_on)
        return rv_irq_pick(m);
    if (s && s_on)
        return rv_irq_pick(s);
    return -1;
}

void rv_update_irq(RVCPU *env)
{
    CPUState *cs = &env->cs;
    if (rv_read_mip(env) & env->mie) {
        __atomic_fetch_or(&cs->interrupt_request, CPU_INTERRUPT_HARD, __ATOMIC_SEQ_CST);
        if (cs->halted || rv_pending_irq(env) >= 0)
            cpu_exit_request(cs);
    } else {
        __atomic_fetch_and(&cs->interrupt_request, ~(uint32_t)CPU_INTERRUPT_HARD,
                           __ATOMIC_SEQ_CST);
    }
}

void rv_set_irq_level(RVCPU *env, int irq, int level)
{
    uint64_t bit = 1ull << irq;
    if (level)
        __atomic_fetch_or(&env->mip, bit, __ATOMIC_SEQ_CST);
    else
        __atomic_fetch_and(&env->mip, ~bit, __ATOMIC_SEQ_CST);
    rv_update_irq(env);
}

void rv_cpu_irq_handler(void *opaque, int irq, int level)
{
    rv_set_irq_level(opaque, irq, level);
}

bool rv_exec_interrupt(CPUState *cs)
{
    RVCPU *env = rv_cpu(cs);
    int irq = rv_pending_irq(env);
    if (irq < 0)
        return false;
    cs->halted = false;
    rv_do_exception(env, RV_CAUSE_INTR | (uint64_t)irq, 0);
    return true;
}

/* wfi wakes on any pending interrupt enabled in mie, whatever the global enables say. */
bool rv_has_work(CPUState *cs)
{
    RVCPU *env = rv_cpu(cs);
    return (rv_read_mip(env) & env->mie) != 0;
}

/* ---- Sstc: STIP follows time >= stimecmp while menvcfg.STCE is set ---- */

static void rv_stimer_cb(void *opaque) { rv_timer_update(opaque); }

/* Far deadlines (stimecmp = -1 disables the timer) are re-checked after about a day. */
#define RV_TIMER_MAX_TICKS (1ull << 40)

void rv_timer_update(RVCPU *env)
{
    if (!env->sys || !(env->menvcfg & MENVCFG_STCE)) {
        if (env->stimer)
            timer_del(env->stimer);
        return;
    }
    uint64_t now = rv_get_time();
    if (now >= env->stimecmp) {
        if (env->stimer)
            timer_del(env->stimer);
        rv_set_irq_level(env, RV_IRQ_STI, 1);
        return;
    }
    rv_set_irq_level(env, RV_IRQ_STI, 0);
    if (!env->stimer)
        env->stimer = timer_new(rv_stimer_cb, env);
    uint64_t ticks = env->stimecmp - now;
    if (ticks > RV_TIMER_MAX_TICKS)
        ticks = RV_TIMER_MAX_TICKS;
    uint64_t ns = (uint64_t)((unsigned __int128)ticks * 1000000000u / rv_timebase_hz);
    timer_mod(env->stimer, clock_ns() + (int64_t)ns + 1);
}

/* ---- trap return and wfi (IR helpers) ---- */

static NORETURN void rv_priv_illegal(CPUState *cs, uint32_t insn)
{
    rv_cpu(cs)->badaddr = insn;
    cpu_loop_exit_restore(cs, RV_EXCP_ILLEGAL_INST);
}

/* Returns the pc to continue at. */
uint64_t helper_mret(CPUState *cs, uint32_t insn)
{
    RVCPU *env = rv_cpu(cs);
    if (!env->sys || env->priv != RV_PRIV_M)
        rv_priv_illegal(cs, insn);
    uint64_t s = env->mstatus;
    int prev = (int)((s & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
    s = (s & ~(MSTATUS_MIE | MSTATUS_MPP)) | ((s & MSTATUS_MPIE) ? MSTATUS_MIE : 0) | MSTATUS_MPIE;
    if (prev != RV_PRIV_M)
        s &= ~MSTATUS_MPRV;
    env->mstatus = s;
    env->priv = prev;
    rv_update_irq(env);
    return rv_xepc(env, env->mepc);
}
IR_HELPER(mret, IR_I64, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I32);

uint64_t helper_sret(CPUState *cs, uint32_t insn)
{
    RVCPU *env = rv_cpu(cs);
    if (!env->sys || env->priv == RV_PRIV_U ||
        (env->priv == RV_PRIV_S && (env->mstatus & MSTATUS_TSR)))
        rv_priv_illegal(cs, insn);
    uint64_t s = env->mstatus;
    int prev = (s & MSTATUS_SPP) ? RV_PRIV_S : RV_PRIV_U;
    s = (s & ~(MSTATUS_SIE | MSTATUS_SPP | MSTATUS_MPRV)) |
        ((s & MSTATUS_SPIE) ? MSTATUS_SIE : 0) | MSTATUS_SPIE;
    env->mstatus = s;
    env->priv = prev;
    rv_update_irq(env);
    return rv_xepc(env, env->sepc);
}
IR_HELPER(sret, IR_I64, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I32);

/* The IR has set pc to the next instruction: a halted hart resumes there. U-mode wfi is
 * illegal (S mode exists), as is S-mode wfi under mstatus.TW. */
void helper_wfi(CPUState *cs, uint32_t insn)
{
    RVCPU *env = rv_cpu(cs);
    if (!env->sys || env->priv == RV_PRIV_U ||
        (env->priv == RV_PRIV_S && (env->mstatus & MSTATUS_TW)))
        rv_priv_illegal(cs, insn);
    if (rv_has_work(cs))
        return;
    cs->halted = true;
    cpu_loop_exit(cs, EXCP_HALTED);
}
IR_HELPER(wfi, IR_HTYPE_VOID, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I32);
