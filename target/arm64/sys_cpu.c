/* arm64 system mode: reset and boot state, exception entry and return, interrupts, WFI. */
#include <string.h>
#include "sys_internal.h"
#include "trix/machine.h"
#include "trix/softmmu.h"

/* ---- -cpu models ---- */

typedef struct A64Model { const char *name; uint64_t midr; } A64Model;
static const A64Model a64_models[] = {
    { "cortex-a72", 0x410fd083 },       /* the default, as the EL0 ID registers report */
    { "cortex-a53", 0x410fd034 },
    { "cortex-a57", 0x411fd070 },
    { "max", 0x410fd083 },
    { "any", 0x410fd083 },
};

const TargetCpuModel a64_cpu_models[] = {
    { "cortex-a72", "Cortex-A72 identity (MIDR r0p3); the features trix implements" },
    { "cortex-a53", "Cortex-A53 identity (MIDR r0p4)" },
    { "cortex-a57", "Cortex-A57 identity (MIDR r1p0)" },
    { "max", "every feature trix implements (Cortex-A72 MIDR)" },
    { "any", "alias of max (qemu-aarch64 accepts it)" },
    { NULL, NULL },
};

static int a64_model_index(const char *name)
{
    for (size_t i = 0; name && i < ARRAY_SIZE(a64_models); i++)
        if (!strcmp(name, a64_models[i].name))
            return (int)i;
    return 0;
}

/* ---- PSTATE, SP banking ---- */

uint64_t a64_pstate_read(A64CPU *env)
{
    return a64_get_nzcv(env) | env->sys.pstate | (uint64_t)env->sys.el << 2;
}

static int a64_sp_bank(A64CPU *env)
{
    return env->sys.el && (env->sys.pstate & PS_SP) ? env->sys.el : 0;
}

/* Change EL and SPSel, banking the stack pointer. */
void a64_sp_switch(A64CPU *env, int el, bool spx)
{
    env->sys.sp_el[a64_sp_bank(env)] = env->sp;
    env->sys.el = el;
    env->sys.pstate = spx ? env->sys.pstate | PS_SP : env->sys.pstate & ~PS_SP;
    env->sp = env->sys.sp_el[a64_sp_bank(env)];
}

/* ---- reset, configuration, boot ---- */

/* MPIDR_EL1: the board's affinity, or (-M none) Aff0 = the vCPU index. */
uint64_t a64_mpidr(A64CPU *env)
{
    if (env->sys.configured)
        return env->sys.mpidr;
    return 0x80000000ull | (uint64_t)env->cs.cpu_index;
}

void a64_cpu_reset_sys(A64CPU *env)
{
    A64SysState *s = &env->sys;
    CPUState *cs = &env->cs;
    memset(env->x, 0, sizeof(env->x));
    memset(env->v, 0, sizeof(env->v));
    env->sp = env->pc = 0;
    a64_set_nzcv(env, 0);
    env->fpcr = env->fpsr = 0;
    env->excl_addr = ~0ull;
    env->tpidr_el0 = env->tpidrro_el0 = 0;
    memset(s->sp_el, 0, sizeof(s->sp_el));
    memset(s->elr, 0, sizeof(s->elr)); memset(s->spsr, 0, sizeof(s->spsr));
    memset(s->esr, 0, sizeof(s->esr)); memset(s->far, 0, sizeof(s->far));
    memset(s->vbar, 0, sizeof(s->vbar)); memset(s->tcr, 0, sizeof(s->tcr));
    memset(s->ttbr0, 0, sizeof(s->ttbr0)); memset(s->tpidr, 0, sizeof(s->tpidr));
    s->ttbr1 = s->contextidr = s->cpacr = s->mdscr = s->par = s->cntkctl = 0;
    s->hcr = s->vttbr = s->vtcr = s->cptr_el2 = s->hstr = s->mdcr_el2 = s->hpfar = 0;
    s->cntvoff = 0;
    s->cnthctl = 3;                             /* EL1 may use the physical timer */
    s->oslsr = 0x8;                             /* OS lock implemented, unlocked */
    s->sctlr[1] = 0x30d00800;                   /* RES1 bits; MMU, caches off */
    s->sctlr[2] = 0x30c50830;
    s->midr = a64_models[s->model].midr;
    s->vpidr = s->midr;
    s->vmpidr = a64_mpidr(env);
    for (int t = 0; t < A64_GT_COUNT; t++) {
        s->gt[t].ctl = 0;
        s->gt[t].cval = 0;
    }
    s->el = s->boot.set ? s->boot.el : (s->has_el2 ? 2 : 1);
    s->pstate = PS_DAIF | PS_SP;
    s->powered_off = s->boot.set && s->boot.powered_off;
    if (s->boot.set) {
        env->pc = s->boot.pc;
        memcpy(env->x, s->boot.x, sizeof(s->boot.x));
    }
    cs->halted = s->powered_off;
    a64_gt_update_all(env);
    if (exec_softmmu)
        tlb_flush(cs);
    s->tlb_large = false;
}

/* cpu_init in system mode: -M none defaults the first time, then the reset state. */
void a64_cpu_init_sys(A64CPU *env)
{
    if (!env->sys.on) {
        env->sys.on = true;
        env->sys.psci_conduit = 1;
        env->sys.model = a64_model_index(current_machine ? current_machine->cpu_model : NULL);
        a64_gt_wire_direct(env, true);
    }
    a64_cpu_reset_sys(env);
}

void a64_cpu_configure(A64CPU *env, const A64CpuConfig *cfg)
{
    env->sys.has_el2 = cfg->has_el2;
    env->sys.gicv3 = cfg->gicv3_sysregs;
    env->sys.psci_conduit = cfg->psci_conduit;
    env->sys.mpidr = cfg->mpidr | 0x80000000ull;
    env->sys.configured = true;
    a64_gt_wire_direct(env, false);     /* the board wires them (a64_cpu_set_timer_out) */
    a64_cpu_reset_sys(env);
}

void a64_cpu_set_boot(A64CPU *env, const A64BootState *bs)
{
    A64SysState *s = &env->sys;
    s->boot.pc = bs->pc;
    memcpy(s->boot.x, bs->x, sizeof(s->boot.x));
    s->boot.el = bs->el == 2 && s->has_el2 ? 2 : 1;
    s->boot.powered_off = bs->powered_off;
    s->boot.set = true;
    a64_cpu_reset_sys(env);
}

/* ---- exception entry ---- */

int a64_exc_target_el(A64CPU *env)
{
    if (env->sys.el == 2)
        return 2;
    if (env->sys.has_el2 && env->sys.el == 0 && (env->sys.hcr & HCR_TGE))
        return 2;
    return 1;
}

void a64_pend_sync(A64CPU *env, int target_el, uint32_t esr, bool far_valid, uint64_t far)
{
    env->sys.pend.target_el = target_el;
    env->sys.pend.esr = esr;
    env->sys.pend.far_valid = far_valid;
    env->sys.pend.far = far;
}

void a64_raise_sync(A64CPU *env, uint32_t esr)
{
    a64_pend_sync(env, a64_exc_target_el(env), esr, false, 0);
    cpu_loop_exit_restore(&env->cs, A64_EXCP_SYNC);
}

void a64_take_exception(A64CPU *env, int target, unsigned vec, uint32_t esr, bool far_valid,
                        uint64_t far)
{
    A64SysState *s = &env->sys;
    int from = s->el;
    unsigned base = from < target ? 0x400 : (from && (s->pstate & PS_SP)) ? 0x200 : 0;
    uint64_t spsr = a64_pstate_read(env);
    log_mask(LOG_INT, "arm64: exception vec %#x esr %#x far %#llx pc %#llx EL%d -> EL%d\n",
             vec, esr, (unsigned long long)far, (unsigned long long)env->pc, from, target);
    s->spsr[target] = spsr;
    s->elr[target] = env->pc;
    if (vec == VEC_SYNC || vec == VEC_SERROR)
        s->esr[target] = esr;
    if (far_valid)
        s->far[target] = far;
    a64_sp_switch(env, target, true);
    uint32_t ps = (s->pstate & PS_PAN) | PS_DAIF | PS_SP;
    if (target == 1 && !(s->sctlr[1] & SCTLR_SPAN))
        ps |= PS_PAN;
    s->pstate = ps;
    env->pc = s->vbar[target] + base + vec;
    env->excl_addr = ~0ull;
    a64_update_irq(env);
}

/* TargetOps.do_exception. */
void a64_do_exception(CPUState *cs, int excp)
{
    A64CPU *env = a64_cpu(cs);
    A64SysState *s = &env->sys;
    switch (excp) {
    case A64_EXCP_SYNC:
        a64_take_exception(env, s->pend.target_el, VEC_SYNC, s->pend.esr, s->pend.far_valid,
                           s->pend.far);
        break;
    case A64_EXCP_BRK:
        a64_take_exception(env, a64_exc_target_el(env), VEC_SYNC, ESR(EC_BRK, 0), false, 0);
        break;
    case A64_EXCP_SVC:
        env->pc += 4;
        a64_take_exception(env, a64_exc_target_el(env), VEC_SYNC, ESR(EC_SVC, 0), false, 0);
        break;
    case A64_EXCP_PABORT:
        a64_take_exception(env, a64_exc_target_el(env), VEC_SYNC, ESR(EC_PC_ALIGN, 0), true,
                           env->fault_addr);
        break;
    default:        /* A64_EXCP_UDEF, and anything unexpected */
        a64_take_exception(env, a64_exc_target_el(env), VEC_SYNC, ESR(EC_UNKNOWN, 0), false, 0);
        break;
    }
}

/* ---- interrupts ---- */

static uint64_t a64_hcr(A64CPU *env) { return env->sys.has_el2 ? env->sys.hcr : 0; }

/* May an interrupt routed to EL t, masked by PSTATE bit m, be taken now? */
static bool a64_irq_takeable(A64CPU *env, int t, uint32_t m)
{
    return t > env->sys.el || (t == env->sys.el && !(env->sys.pstate & m));
}

/* The interrupt to take now: its vector offset and target EL; false if none. */
static bool a64_irq_pick(A64CPU *env, unsigned *vec, int *target)
{
    uint32_t lines = __atomic_load_n(&env->sys.irq_lines, __ATOMIC_SEQ_CST);
    uint64_t hcr = a64_hcr(env);
    int el = env->sys.el;
    int tf = (hcr & HCR_FMO) ? 2 : 1, ti = (hcr & HCR_IMO) ? 2 : 1;
    if ((lines & (1u << A64_IRQ_FIQ)) && a64_irq_takeable(env, tf, PS_F)) {
        *vec = VEC_FIQ, *target = tf;
        return true;
    }
    if ((lines & (1u << A64_IRQ_IRQ)) && a64_irq_takeable(env, ti, PS_I)) {
        *vec = VEC_IRQ, *target = ti;
        return true;
    }
    if (el > 1)
        return false;
    bool vf = ((lines & (1u << A64_IRQ_VFIQ)) || (hcr & HCR_VF)) && (hcr & HCR_FMO);
    bool vi = ((lines & (1u << A64_IRQ_VIRQ)) || (hcr & HCR_VI)) && (hcr & HCR_IMO);
    if (vf && a64_irq_takeable(env, 1, PS_F)) {
        *vec = VEC_FIQ, *target = 1;
        return true;
    }
    if (vi && a64_irq_takeable(env, 1, PS_I)) {
        *vec = VEC_IRQ, *target = 1;
        return true;
    }
    return false;
}

/* WFI wakes on any asserted interrupt, masked or not. */
bool a64_has_work(CPUState *cs)
{
    A64CPU *env = a64_cpu(cs);
    if (env->sys.powered_off)
        return false;
    return __atomic_load_n(&env->sys.irq_lines, __ATOMIC_SEQ_CST) != 0 ||
           (a64_hcr(env) & (HCR_VI | HCR_VF)) != 0;
}

void a64_update_irq(A64CPU *env)
{
    CPUState *cs = &env->cs;
    unsigned vec;
    int t;
    if (a64_has_work(cs)) {
        __atomic_fetch_or(&cs->interrupt_request, CPU_INTERRUPT_HARD, __ATOMIC_SEQ_CST);
        if (cs->halted || a64_irq_pick(env, &vec, &t))
            cpu_exit_request(cs);
    } else {
        __atomic_fetch_and(&cs->interrupt_request, ~(uint32_t)CPU_INTERRUPT_HARD,
                           __ATOMIC_SEQ_CST);
    }
}

bool a64_exec_interrupt(CPUState *cs)
{
    A64CPU *env = a64_cpu(cs);
    unsigned vec;
    int target;
    if (env->sys.powered_off || !a64_irq_pick(env, &vec, &target))
        return false;
    cs->halted = false;
    a64_take_exception(env, target, vec, 0, false, 0);
    return true;
}

static void a64_irq_handler(void *opaque, int line, int level)
{
    A64CPU *env = opaque;
    if (level)
        __atomic_fetch_or(&env->sys.irq_lines, 1u << line, __ATOMIC_SEQ_CST);
    else
        __atomic_fetch_and(&env->sys.irq_lines, ~(1u << line), __ATOMIC_SEQ_CST);
    a64_update_irq(env);
}

IRQ a64_cpu_irq(A64CPU *env, int line)
{
    if (line < 0 || line >= A64_IRQ_COUNT)
        return (IRQ){ 0 };
    return irq_make(a64_irq_handler, env, line);
}

void a64_cpu_add_dev_sysregs(A64CPU *env, const A64DevSysReg *regs, int n, void *opaque)
{
    A64SysState *s = &env->sys;
    if (s->ndev == (int)ARRAY_SIZE(s->dev))
        trix_fatal("arm64: too many device system register sets");
    s->dev[s->ndev].regs = regs;
    s->dev[s->ndev].n = n;
    s->dev[s->ndev].opaque = opaque;
    s->ndev++;
}

/* ---- MMU index and block flags ---- */

int a64_mmu_index(A64CPU *env, bool ifetch)
{
    switch (env->sys.el) {
    case 0: return A64_MMU_EL0;
    case 1: return !ifetch && (env->sys.pstate & PS_PAN) ? A64_MMU_EL1_PAN : A64_MMU_EL1;
    default: return A64_MMU_EL2;
    }
}

/* FP/AdvSIMD disabled at the current EL (CPACR_EL1.FPEN, CPTR_EL2.TFP)? */
static bool a64_fp_trapped(A64CPU *env)
{
    int el = env->sys.el;
    unsigned fpen = (unsigned)(env->sys.cpacr >> 20) & 3;
    if (el <= 1 && (fpen == 0 || fpen == 2 || (fpen == 1 && el == 0)))
        return true;
    return env->sys.has_el2 && (env->sys.cptr_el2 & (1u << 10));
}

uint32_t a64_tb_flags(A64CPU *env)
{
    uint32_t f = A64_TBF_SYS | (uint32_t)env->sys.el;
    if (a64_fp_trapped(env))
        f |= A64_TBF_FP_OFF;
    if (env->sys.el && (env->sys.pstate & PS_SP))
        f |= A64_TBF_SPX;
    int unpriv = env->sys.el == 1 && !(env->sys.pstate & PS_UAO) ? A64_MMU_EL0
                                                                  : a64_mmu_index(env, false);
    return f | (uint32_t)a64_mmu_index(env, false) << A64_TBF_MMU_SHIFT |
           (uint32_t)unpriv << A64_TBF_UNPRIV_SHIFT;
}

/* Where an FP trap goes: EL1 by CPACR, else EL2 by CPTR_EL2.TFP. */
static int a64_fp_trap_el(A64CPU *env)
{
    int el = env->sys.el;
    unsigned fpen = (unsigned)(env->sys.cpacr >> 20) & 3;
    if (el <= 1 && (fpen == 0 || fpen == 2 || (fpen == 1 && el == 0)))
        return el == 0 && env->sys.has_el2 && (env->sys.hcr & HCR_TGE) ? 2 : 1;
    return 2;
}

/* ---- IR helpers: exceptions, ERET, WFI ---- */

/* A synchronous exception with syndrome esr; pc is the preferred return address. */
void helper_a64_exception(CPUState *cs, uint32_t esr, uint32_t target_el)
{
    A64CPU *env = a64_cpu(cs);
    int t = target_el ? (int)target_el : a64_exc_target_el(env);
    if ((esr >> 26) == EC_FP)
        t = a64_fp_trap_el(env);
    a64_pend_sync(env, t, esr, false, 0);
    cpu_loop_exit(cs, A64_EXCP_SYNC);
}
IR_HELPER(a64_exception, IR_HTYPE_VOID, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I32, IR_I32);

/* Is spsr a legal return from EL `from` (AArch64 only)? */
static bool a64_eret_legal(A64CPU *env, uint64_t spsr, int from)
{
    int el = (int)(spsr >> 2) & 3;
    if (spsr & 0x12)                    /* AArch32 (M[4]) or M[1] set */
        return false;
    if (el > from || el == 3 || (el == 2 && !env->sys.has_el2))
        return false;
    if (el == 0 && (spsr & PS_SP))
        return false;
    return true;
}

/* ERET: the new pc; an illegal return takes the Illegal Execution State exception there. */
uint64_t helper_a64_eret(CPUState *cs)
{
    A64CPU *env = a64_cpu(cs);
    A64SysState *s = &env->sys;
    int from = s->el;
    uint64_t spsr = s->spsr[from], pc = s->elr[from];
    env->excl_addr = ~0ull;
    if (!a64_eret_legal(env, spsr, from)) {
        log_mask(LOG_GUEST_ERROR, "arm64: illegal exception return, spsr %#llx\n",
                 (unsigned long long)spsr);
        env->pc = pc;
        s->pstate |= PS_IL;
        a64_pend_sync(env, a64_exc_target_el(env), ESR(EC_ILLEGAL, 0), false, 0);
        cpu_loop_exit(cs, A64_EXCP_SYNC);
    }
    a64_set_nzcv(env, spsr);
    a64_sp_switch(env, (int)(spsr >> 2) & 3, spsr & PS_SP);
    s->pstate = (uint32_t)(spsr & (PS_KEEP & ~PS_IL & ~PS_SS));
    if (s->el == 0)
        s->pstate &= ~PS_SP;
    a64_update_irq(env);
    log_mask(LOG_INT, "arm64: eret to EL%d pc %#llx\n", s->el, (unsigned long long)pc);
    return pc;
}
IR_HELPER(a64_eret, IR_I64, IR_CALL_MAY_RAISE, IR_HTYPE_PTR);

/* WFI/WFE (the pc is already past it). Traps: SCTLR_EL1.nTWI/nTWE at EL0, HCR_EL2.TWI/TWE. */
void helper_a64_wfx(CPUState *cs, uint32_t is_wfe)
{
    A64CPU *env = a64_cpu(cs);
    int el = env->sys.el;
    uint64_t bit = is_wfe ? 1ull << 18 : 1ull << 16;
    if (el == 0 && !(env->sys.sctlr[1] & bit)) {
        a64_pend_sync(env, a64_exc_target_el(env), ESR(EC_WFX, is_wfe), false, 0);
        cpu_loop_exit_restore(cs, A64_EXCP_SYNC);
    }
    if (el < 2 && (a64_hcr(env) & (is_wfe ? 1ull << 14 : 1ull << 13))) {
        a64_pend_sync(env, 2, ESR(EC_WFX, is_wfe), false, 0);
        cpu_loop_exit_restore(cs, A64_EXCP_SYNC);
    }
    if (is_wfe) {                       /* no event register: let the other vCPUs run */
        if (cpu_yield_wanted(cs))
            cpu_loop_exit(cs, EXCP_YIELD);
        return;
    }
    if (a64_has_work(cs))
        return;
    cs->halted = true;
    cpu_loop_exit(cs, EXCP_HALTED);
}
IR_HELPER(a64_wfx, IR_HTYPE_VOID, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I32);

/* TargetOps.mem_fault in system mode: misaligned (alignment fault) or nothing at the
 * physical address (synchronous external abort). */
void a64_sys_mem_fault(A64CPU *env, uint64_t addr, MMUAccessType type, MemFaultKind kind)
{
    int fsc = kind == FAULT_MISALIGNED ? FSC_ALIGN : kind == FAULT_ACCESS ? FSC_EXT : FSC_TRANS;
    a64_pend_abort(env, addr, type, fsc, false);
    env->cs.exception_index = A64_EXCP_SYNC;
}

void a64_dump_sys_state(A64CPU *env, FILE *f)
{
    A64SysState *s = &env->sys;
    int e = s->el ? s->el : 1;
    fprintf(f, " EL%d%s pstate %08llx sctlr %016llx tcr %016llx\n", s->el,
            (s->pstate & PS_SP) ? "h" : "t", (unsigned long long)a64_pstate_read(env),
            (unsigned long long)s->sctlr[e], (unsigned long long)s->tcr[e]);
    fprintf(f, " elr %016llx spsr %08llx esr %08llx far %016llx vbar %016llx\n",
            (unsigned long long)s->elr[e], (unsigned long long)s->spsr[e],
            (unsigned long long)s->esr[e], (unsigned long long)s->far[e],
            (unsigned long long)s->vbar[e]);
}

/* YIELD with several vCPUs: end this one's turn (the pc is past it) if another can run. */
void helper_a64_yield(CPUState *cs)
{
    if (cpu_yield_wanted(cs))
        cpu_loop_exit(cs, EXCP_YIELD);
}
IR_HELPER(a64_yield, IR_HTYPE_VOID, IR_CALL_MAY_RAISE | IR_CALL_NO_WRITE_GLOBALS, IR_HTYPE_PTR);
