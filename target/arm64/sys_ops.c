/* arm64 system mode: the SYS instructions (DC, IC, AT, TLBI) behind helper_a64_sys_op. */
#include "sys_internal.h"

static NORETURN void sys_op_trap(A64CPU *env, uint32_t op, uint32_t rt)
{
    unsigned op1 = (op >> 11) & 7, crn = (op >> 7) & 15, crm = (op >> 3) & 15, op2 = op & 7;
    uint32_t iss = 1u << 20 | op2 << 17 | op1 << 14 | crn << 10 | rt << 5 | crm << 1;
    a64_pend_sync(env, a64_exc_target_el(env), ESR(EC_SYSREG, iss), false, 0);
    cpu_loop_exit_restore(&env->cs, A64_EXCP_SYNC);
}

/* Cache maintenance and address translation (CRn 7). */
static void sys_op_crn7(A64CPU *env, uint32_t op, uint32_t rt, uint64_t xt)
{
    unsigned op1 = (op >> 11) & 7, crm = (op >> 3) & 15, op2 = op & 7;
    bool el0_denied = env->sys.el == 0 && !(env->sys.sctlr[1] & SCTLR_UCI);
    if (op1 == 0 && (crm == 1 || crm == 5) && op2 == 0) {
        tb_flush_all();                                     /* IC IALLU(IS) */
    } else if (op1 == 3 && crm == 5 && op2 == 1) {          /* IC IVAU */
        if (el0_denied)
            sys_op_trap(env, op, rt);
        a64_ic_ivau(env, xt);
    } else if (op1 == 0 && crm == 6 && op2 == 1) {          /* DC IVAC */
        a64_dc_check(env, xt, true);
    } else if (op1 == 3 && crm == 4 && op2 == 1) {          /* DC ZVA (the IR stores) */
        if (env->sys.el == 0 && !(env->sys.sctlr[1] & SCTLR_DZE))
            sys_op_trap(env, op, rt);
    } else if (op1 == 3 && op2 == 1) {                      /* DC CVAC/CVAU/CVAP/CVADP/CIVAC */
        if (el0_denied)
            sys_op_trap(env, op, rt);
        a64_dc_check(env, xt, false);
    } else if (op1 == 0 && (crm == 8 || crm == 9)) {        /* AT S1E1*, S1E0*, S1E1*P */
        env->sys.par = a64_at(env, 0, (int)op2 | (crm == 9 ? 8 : 0), xt);
    } else if (op1 == 4 && crm == 8) {                      /* AT S1E2*, S12E1*, S12E0* */
        env->sys.par = op2 < 4 ? a64_at(env, 4, (int)op2, xt)
                               : a64_at(env, 0, ((int)op2 & 3) | 16, xt);
    }
}

/* op: op1 << 11 | CRn << 7 | CRm << 3 | op2 (translation checked the EL); arg: op | rt << 16. */
void helper_a64_sys_op(CPUState *cs, uint32_t arg, uint64_t xt)
{
    A64CPU *env = a64_cpu(cs);
    uint32_t op = arg & 0x3fff, rt = (arg >> 16) & 31;
    unsigned crn = (op >> 7) & 15;
    if (crn == 7)
        sys_op_crn7(env, op, rt, xt);
    else if (crn == 8)
        a64_tlbi(env, (int)((op >> 11) & 7) << 7 | (int)(op & 0x7f), xt);
}
IR_HELPER(a64_sys_op, IR_HTYPE_VOID, IR_CALL_MAY_RAISE | IR_CALL_NO_WRITE_GLOBALS, IR_HTYPE_PTR,
          IR_I32, IR_I64);
