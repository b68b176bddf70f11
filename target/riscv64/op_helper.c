/* riscv64 helpers called from IR: exceptions, carry-less multiply (CSRs live in csr.c). */
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
