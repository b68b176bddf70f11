/* x86-64 lazy condition codes: the flags of the last flag-setting operation, computed on demand. */
#include "target/x86_64/cpu.h"

static uint64_t cc_mask(unsigned sz) { return sz == 3 ? ~0ull : (1ull << (8 << sz)) - 1; }
static uint64_t cc_sign(unsigned sz) { return 1ull << ((8 << sz) - 1); }

static uint64_t cc_parity(uint64_t v)
{
    return __builtin_parity((unsigned)(v & 0xff)) ? 0 : X86_PF;
}

/* ZF, SF and PF of a result. */
static uint64_t cc_zsp(uint64_t dst, unsigned sz)
{
    dst &= cc_mask(sz);
    return (dst ? 0 : X86_ZF) | ((dst & cc_sign(sz)) ? X86_SF : 0) | cc_parity(dst);
}

static uint64_t cc_add(uint64_t dst, uint64_t a, uint64_t b, uint64_t cin, unsigned sz)
{
    uint64_t m = cc_mask(sz);
    dst &= m, a &= m, b &= m;
    bool cf = cin ? dst <= a : dst < a;
    bool of = ((a ^ dst) & (b ^ dst) & cc_sign(sz)) != 0;
    return (cf ? X86_CF : 0) | (of ? X86_OF : 0) | ((dst ^ a ^ b) & X86_AF) | cc_zsp(dst, sz);
}

static uint64_t cc_sub(uint64_t dst, uint64_t a, uint64_t b, uint64_t bin, unsigned sz)
{
    uint64_t m = cc_mask(sz);
    dst &= m, a &= m, b &= m;
    bool cf = bin ? a <= b : a < b;
    bool of = ((a ^ b) & (a ^ dst) & cc_sign(sz)) != 0;
    return (cf ? X86_CF : 0) | (of ? X86_OF : 0) | ((dst ^ a ^ b) & X86_AF) | cc_zsp(dst, sz);
}

/* cc_dst = result, cc_src = second operand, cc_src2 = first operand (see cpu.h). */
uint64_t x86_cc_compute(uint64_t cc_op, uint64_t dst, uint64_t src, uint64_t src2)
{
    unsigned sz = cc_op & 3, m_of;
    uint64_t m = cc_mask(sz), carry;
    switch (cc_op >> 2) {
    case X86_CC_EFLAGS:
        return src & X86_CC_MASK;
    case X86_CC_ADD:            /* (cc_src2 is not kept for ADD, SUB, INC, DEC: see cpu.h) */
        return cc_add(dst, dst - src, src, 0, sz);
    case X86_CC_ADC:
        carry = (dst - src2 - src) & m;      /* the carry-in, recovered from the result */
        return cc_add(dst, src2, src, carry & 1, sz);
    case X86_CC_SUB:
        return cc_sub(dst, dst + src, src, 0, sz);
    case X86_CC_SBB:
        carry = (src2 - src - dst) & m;
        return cc_sub(dst, src2, src, carry & 1, sz);
    case X86_CC_LOGIC:
        return cc_zsp(dst, sz);
    case X86_CC_MUL:
        return (src ? X86_CF | X86_OF : 0) | cc_zsp(dst, sz);
    case X86_CC_SHL: {
        uint64_t cf = (src >> ((8u << sz) - 1)) & 1, top = (dst >> ((8u << sz) - 1)) & 1;
        return cf | ((cf ^ top) ? X86_OF : 0) | cc_zsp(dst, sz);
    }
    case X86_CC_SAR:
        return (src & 1) | (((src ^ dst) & cc_sign(sz)) ? X86_OF : 0) | cc_zsp(dst, sz);
    case X86_CC_INC:
    case X86_CC_DEC:
        m_of = (cc_op >> 2) == X86_CC_INC ? (dst & m) == cc_sign(sz) : (dst & m) == cc_sign(sz) - 1;
        src2 = (cc_op >> 2) == X86_CC_INC ? dst - 1 : dst + 1;
        return (src & X86_CF) | (m_of ? X86_OF : 0) | ((dst ^ src2 ^ 1) & X86_AF) | cc_zsp(dst, sz);
    default:
        return 0;
    }
}

uint64_t x86_get_eflags(const X86CPU *env)
{
    uint64_t f = env->eflags & ~(uint64_t)(X86_CC_MASK | X86_DF);
    f |= x86_cc_compute(env->cc_op, env->cc_dst, env->cc_src, env->cc_src2);
    if (env->df == (uint64_t)-1)
        f |= X86_DF;
    return f | 2;
}

void x86_set_eflags(X86CPU *env, uint64_t v)
{
    env->cc_op = X86_CC_OP(X86_CC_EFLAGS, 3);
    env->cc_src = v & X86_CC_MASK;
    env->df = (v & X86_DF) ? (uint64_t)-1 : 1;
    env->eflags = (v & ~(uint64_t)(X86_CC_MASK | X86_DF)) | 2;
}
