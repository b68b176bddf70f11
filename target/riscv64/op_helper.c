/* riscv64 helpers called from IR: exceptions, CSR access, carry-less multiply. */
#include <time.h>
#include "translate.h"

/* ---- exceptions: the IR has already stored the faulting pc ---- */

void helper_raise_exception(CPUState *cs, uint32_t excp)
{
    rv_cpu(cs)->badaddr = 0;
    cpu_loop_exit(cs, (int)excp);
}
IR_HELPER(raise_exception, IR_HTYPE_VOID, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I32);

void helper_raise_exception_tval(CPUState *cs, uint32_t excp, uint64_t tval)
{
    rv_cpu(cs)->badaddr = tval;
    cpu_loop_exit(cs, (int)excp);
}
IR_HELPER(raise_exception_tval, IR_HTYPE_VOID, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I32, IR_I64);

/* ---- CSRs (user mode: the FP CSRs and the read-only counters) ---- */

enum {
    CSR_FFLAGS = 0x001, CSR_FRM = 0x002, CSR_FCSR = 0x003,
    CSR_CYCLE = 0xc00, CSR_TIME = 0xc01, CSR_INSTRET = 0xc02,
};

/* Illegal instruction from inside a helper: the pc comes back from insn_start. */
static NORETURN void csr_illegal(CPUState *cs, uint32_t insn)
{
    rv_cpu(cs)->badaddr = insn;
    cpu_loop_exit_restore(cs, RV_EXCP_ILLEGAL_INST);
}

static uint64_t host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* User mode has no instruction counting: instret follows the host clock, strictly
 * increasing between reads, as an emulator without icount reports it. */
static uint64_t rv_instret(RVCPU *env)
{
    uint64_t now = host_ns();
    env->insn_count = now > env->insn_count ? now : env->insn_count + 1;
    return env->insn_count;
}

/* Reads a CSR into *val; false when it does not exist for this hart. */
static bool csr_read(RVCPU *env, uint32_t csr, uint64_t *val)
{
    switch (csr) {
    case CSR_FFLAGS:  *val = env->fflags & 0x1f; return true;
    case CSR_FRM:     *val = env->frm & 7; return true;
    case CSR_FCSR:    *val = (env->frm & 7) << 5 | (env->fflags & 0x1f); return true;
    case CSR_CYCLE:
    case CSR_TIME:    *val = host_ns(); return true;
    case CSR_INSTRET: *val = rv_instret(env); return true;
    default:          return false;
    }
}

/* Writes the legal bits of a writable CSR; false when the CSR is read-only. */
static bool csr_write(RVCPU *env, uint32_t csr, uint64_t val)
{
    switch (csr) {
    case CSR_FFLAGS:  env->fflags = val & 0x1f; return true;
    case CSR_FRM:     env->frm = val & 7; return true;
    case CSR_FCSR:    env->fflags = val & 0x1f; env->frm = (val >> 5) & 7; return true;
    default:          return false;
    }
}

/* Returns the old value; when `write`, stores (old & ~mask) | (value & mask). Unknown CSRs
 * and writes to read-only ones raise illegal instruction with the instruction as tval. */
uint64_t helper_csrrw(CPUState *cs, uint32_t csr, uint32_t write, uint64_t value,
                      uint64_t mask, uint32_t insn)
{
    RVCPU *env = rv_cpu(cs);
    uint64_t old;
    if (!csr_read(env, csr, &old))
        csr_illegal(cs, insn);
    if (write && !csr_write(env, csr, (old & ~mask) | (value & mask)))
        csr_illegal(cs, insn);
    return old;
}
IR_HELPER(csrrw, IR_I64, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I32, IR_I32, IR_I64, IR_I64, IR_I32);

/* ---- Zbc: carry-less products ---- */

/* Low 64 bits of the 128-bit carry-less product. */
uint64_t helper_clmul(uint64_t a, uint64_t b)
{
    uint64_t r = 0;
    for (int i = 0; i < 64; i++)
        if ((b >> i) & 1)
            r ^= a << i;
    return r;
}
IR_HELPER(clmul, IR_I64, IR_CALL_PURE, IR_I64, IR_I64);

/* High 64 bits of the 128-bit carry-less product. */
uint64_t helper_clmulh(uint64_t a, uint64_t b)
{
    uint64_t r = 0;
    for (int i = 1; i < 64; i++)
        if ((b >> i) & 1)
            r ^= a >> (64 - i);
    return r;
}
IR_HELPER(clmulh, IR_I64, IR_CALL_PURE, IR_I64, IR_I64);

/* Bits 126..63 of the 128-bit carry-less product. */
uint64_t helper_clmulr(uint64_t a, uint64_t b)
{
    uint64_t r = 0;
    for (int i = 0; i < 64; i++)
        if ((b >> i) & 1)
            r ^= a >> (63 - i);
    return r;
}
IR_HELPER(clmulr, IR_I64, IR_CALL_PURE, IR_I64, IR_I64);
