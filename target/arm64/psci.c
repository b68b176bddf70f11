/* arm64 PSCI 1.0 firmware interface on the HVC or SMC conduit: CPU_ON/OFF, AFFINITY_INFO,
 * SYSTEM_OFF/RESET, FEATURES; and the HVC/SMC instructions that reach it. */
#include "sys_internal.h"
#include "trix/machine.h"

enum {
    PSCI_VERSION = 0x84000000, PSCI_CPU_SUSPEND = 0x84000001, PSCI_CPU_OFF = 0x84000002,
    PSCI_CPU_ON = 0x84000003, PSCI_AFFINITY_INFO = 0x84000004, PSCI_MIGRATE = 0x84000005,
    PSCI_MIGRATE_INFO_TYPE = 0x84000006, PSCI_SYSTEM_OFF = 0x84000008,
    PSCI_SYSTEM_RESET = 0x84000009, PSCI_FEATURES = 0x8400000a,
    PSCI_64 = 0x40000000,           /* the SMC64 form of a function id */
};
enum {
    PSCI_SUCCESS = 0, PSCI_NOT_SUPPORTED = -1, PSCI_INVALID_PARAMS = -2, PSCI_ALREADY_ON = -4,
};
#define MPIDR_AFF_MASK 0xff00ffffffull

static A64CPU *psci_find_cpu(uint64_t mpidr)
{
    MachineState *ms = current_machine;
    for (int i = 0; ms && i < ms->smp; i++) {
        A64CPU *c = a64_cpu(ms->cpus[i]);
        if ((a64_mpidr(c) & MPIDR_AFF_MASK) == (mpidr & MPIDR_AFF_MASK))
            return c;
    }
    return NULL;
}

/* Start target at entry in the caller's EL, MMU off, interrupts masked, x0 = context_id. */
static int64_t psci_cpu_on(A64CPU *env, uint64_t mpidr, uint64_t entry, uint64_t ctx)
{
    A64CPU *t = psci_find_cpu(mpidr);
    if (!t)
        return PSCI_INVALID_PARAMS;
    if (!t->sys.powered_off)
        return PSCI_ALREADY_ON;
    a64_cpu_reset_sys(t);
    t->sys.powered_off = false;
    t->sys.el = env->sys.el;
    t->pc = entry;
    t->x[0] = ctx;
    t->cs.halted = false;
    log_mask(LOG_INT, "arm64: PSCI CPU_ON cpu %d at %#llx\n", t->cs.cpu_index,
             (unsigned long long)entry);
    cpu_kick(&t->cs);
    return PSCI_SUCCESS;
}

static int64_t psci_affinity_info(uint64_t mpidr, uint64_t level)
{
    if (level != 0)
        return PSCI_INVALID_PARAMS;
    A64CPU *t = psci_find_cpu(mpidr);
    if (!t)
        return PSCI_INVALID_PARAMS;
    return t->sys.powered_off ? 1 : 0;
}

static bool psci_known(uint32_t fn)
{
    switch (fn & ~(uint32_t)PSCI_64) {
    case PSCI_VERSION: case PSCI_CPU_SUSPEND: case PSCI_CPU_OFF: case PSCI_CPU_ON:
    case PSCI_AFFINITY_INFO: case PSCI_MIGRATE_INFO_TYPE: case PSCI_SYSTEM_OFF:
    case PSCI_SYSTEM_RESET: case PSCI_FEATURES:
        return true;
    default:
        return false;
    }
}

static NORETURN void psci_stop_self(A64CPU *env)
{
    env->cs.halted = true;
    cpu_loop_exit(&env->cs, EXCP_HALTED);
}

/* x0 = function id, x1..x3 arguments; the result goes to x0. Every call on the conduit is
 * answered (NOT_SUPPORTED for unknown ids), as firmware does. */
bool a64_psci_call(A64CPU *env)
{
    uint32_t fn = (uint32_t)env->x[0];
    bool is64 = (fn & PSCI_64) != 0;
    uint64_t a1 = env->x[1], a2 = env->x[2], a3 = env->x[3];
    if (!is64) {
        a1 = (uint32_t)a1, a2 = (uint32_t)a2, a3 = (uint32_t)a3;
    }
    int64_t r = PSCI_NOT_SUPPORTED;
    switch (fn & ~(uint32_t)PSCI_64) {
    case PSCI_VERSION: r = 0x10000; break;                 /* 1.0 */
    case PSCI_CPU_SUSPEND: r = PSCI_SUCCESS; break;        /* standby: returns at once */
    case PSCI_CPU_ON: r = psci_cpu_on(env, a1, a2, a3); break;
    case PSCI_AFFINITY_INFO: r = psci_affinity_info(a1, a2); break;
    case PSCI_MIGRATE_INFO_TYPE: r = 2; break;             /* no Trusted OS */
    case PSCI_FEATURES: r = psci_known((uint32_t)a1) ? 0 : PSCI_NOT_SUPPORTED; break;
    case PSCI_CPU_OFF:
        env->sys.powered_off = true;
        psci_stop_self(env);
    case PSCI_SYSTEM_OFF:
        machine_guest_shutdown(0);
        psci_stop_self(env);
    case PSCI_SYSTEM_RESET:
        machine_guest_reset();
        psci_stop_self(env);
    default: break;
    }
    env->x[0] = (uint64_t)r;
    return true;
}

/* HVC (is_smc 0) / SMC (1) #imm; the pc is already past the instruction. */
void helper_a64_hvc_smc(CPUState *cs, uint32_t is_smc, uint32_t imm)
{
    A64CPU *env = a64_cpu(cs);
    A64SysState *s = &env->sys;
    if (s->psci_conduit == (is_smc ? 2 : 1) && s->el >= 1 && a64_psci_call(env))
        return;
    if (!is_smc && s->has_el2 && s->el >= 1) {
        a64_pend_sync(env, 2, ESR(EC_HVC, imm), false, 0);
        cpu_loop_exit(cs, A64_EXCP_SYNC);
    }
    if (is_smc && s->has_el2 && s->el == 1 && (s->hcr & (1ull << 19))) {    /* HCR.TSC */
        a64_pend_sync(env, 2, ESR(EC_SMC, imm), false, 0);
        cpu_loop_exit_restore(cs, A64_EXCP_SYNC);
    }
    a64_pend_sync(env, a64_exc_target_el(env), ESR(EC_UNKNOWN, 0), false, 0);
    cpu_loop_exit_restore(cs, A64_EXCP_SYNC);
}
IR_HELPER(a64_hvc_smc, IR_HTYPE_VOID, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I32, IR_I32);
