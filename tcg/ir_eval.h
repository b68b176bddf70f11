/* Pinned IR op semantics (ir_ops.h) as inline functions shared by the optimizer and interpreter. */
#ifndef TRIX_IR_EVAL_H
#define TRIX_IR_EVAL_H

#include "ir.h"

/* Binary ops with a 64-bit and a 32-bit form; the 32-bit form returns a zero-extended value.
 * IR_EVAL_BIN_OPS(F, X) expands F(X, name) for each. */
#define IR_EVAL_BIN_OPS(F, X) \
    F(X, add) F(X, sub) F(X, mul) F(X, and) F(X, or) F(X, xor) F(X, shl) F(X, shr) \
    F(X, sar) F(X, div) F(X, divu) F(X, rem) F(X, remu) F(X, mulsh) F(X, muluh) \
    F(X, mulsuh) F(X, andc) F(X, orc) F(X, eqv) F(X, rotl) F(X, rotr) F(X, clz) F(X, ctz)
#define IR_EVAL_UN_OPS(F, X) \
    F(X, mov) F(X, neg) F(X, not) F(X, ctpop) F(X, bswap16) F(X, bswap32) F(X, ext8s) \
    F(X, ext8u) F(X, ext16s) F(X, ext16u)

#define IR_SEM_BOTH(name, expr64, expr32) \
    static inline uint64_t ir_sem_##name##_64(uint64_t a, uint64_t b) \
    { (void)b; return (expr64); } \
    static inline uint64_t ir_sem_##name##_32(uint64_t a64, uint64_t b64) \
    { uint32_t a = (uint32_t)a64, b = (uint32_t)b64; (void)b; return (uint32_t)(expr32); }
#define IR_SEM_SAME(name, expr) IR_SEM_BOTH(name, expr, expr)

IR_SEM_SAME(add, a + b)
IR_SEM_SAME(sub, a - b)
IR_SEM_SAME(mul, a * b)
IR_SEM_SAME(and, a & b)
IR_SEM_SAME(or, a | b)
IR_SEM_SAME(xor, a ^ b)
IR_SEM_SAME(andc, a & ~b)
IR_SEM_SAME(orc, a | ~b)
IR_SEM_SAME(eqv, ~(a ^ b))
IR_SEM_BOTH(shl, a << (b & 63), a << (b & 31))
IR_SEM_BOTH(shr, a >> (b & 63), a >> (b & 31))
IR_SEM_BOTH(sar, (uint64_t)((int64_t)a >> (b & 63)), (uint32_t)((int32_t)a >> (b & 31)))
IR_SEM_BOTH(rotl, (a << (b & 63)) | (a >> ((64 - (b & 63)) & 63)),
            (a << (b & 31)) | (a >> ((32 - (b & 31)) & 31)))
IR_SEM_BOTH(rotr, (a >> (b & 63)) | (a << ((64 - (b & 63)) & 63)),
            (a >> (b & 31)) | (a << ((32 - (b & 31)) & 31)))
IR_SEM_BOTH(div,
            b == 0 ? ~(uint64_t)0 : (a == (1ull << 63) && b == ~0ull) ? a
                : (uint64_t)((int64_t)a / (int64_t)b),
            b == 0 ? ~0u : (a == (1u << 31) && b == ~0u) ? a : (uint32_t)((int32_t)a / (int32_t)b))
IR_SEM_SAME(divu, b == 0 ? ~(__typeof__(a))0 : a / b)
IR_SEM_BOTH(rem,
            b == 0 ? a : (a == (1ull << 63) && b == ~0ull) ? 0
                : (uint64_t)((int64_t)a % (int64_t)b),
            b == 0 ? a : (a == (1u << 31) && b == ~0u) ? 0 : (uint32_t)((int32_t)a % (int32_t)b))
IR_SEM_SAME(remu, b == 0 ? a : a % b)
IR_SEM_BOTH(mulsh, (uint64_t)(((__int128)(int64_t)a * (int64_t)b) >> 64),
            (uint32_t)(((int64_t)(int32_t)a * (int32_t)b) >> 32))
IR_SEM_BOTH(muluh, (uint64_t)(((unsigned __int128)a * b) >> 64),
            (uint32_t)(((uint64_t)a * b) >> 32))
IR_SEM_BOTH(mulsuh, (uint64_t)(((__int128)(int64_t)a * (__int128)(unsigned __int128)b) >> 64),
            (uint32_t)(((int64_t)(int32_t)a * (int64_t)(uint64_t)b) >> 32))
IR_SEM_BOTH(clz, a ? (uint64_t)__builtin_clzll(a) : b, a ? (uint32_t)__builtin_clz(a) : b)
IR_SEM_BOTH(ctz, a ? (uint64_t)__builtin_ctzll(a) : b, a ? (uint32_t)__builtin_ctz(a) : b)

IR_SEM_SAME(mov, a)
IR_SEM_SAME(neg, -a)
IR_SEM_SAME(not, ~a)
IR_SEM_BOTH(ctpop, (uint64_t)__builtin_popcountll(a), (uint32_t)__builtin_popcount(a))
IR_SEM_SAME(bswap16, __builtin_bswap16((uint16_t)a))
IR_SEM_SAME(bswap32, __builtin_bswap32((uint32_t)a))
IR_SEM_BOTH(ext8s, (uint64_t)(int64_t)(int8_t)a, (uint32_t)(int32_t)(int8_t)a)
IR_SEM_SAME(ext8u, (uint8_t)a)
IR_SEM_BOTH(ext16s, (uint64_t)(int64_t)(int16_t)a, (uint32_t)(int32_t)(int16_t)a)
IR_SEM_SAME(ext16u, (uint16_t)a)

/* Untyped conversions (results as stored: I32 results zero-extended). */
static inline uint64_t ir_sem_bswap64(uint64_t a) { return __builtin_bswap64(a); }
static inline uint64_t ir_sem_ext32s(uint64_t a) { return (uint64_t)(int64_t)(int32_t)a; }
static inline uint64_t ir_sem_ext32u(uint64_t a) { return (uint32_t)a; }
static inline uint64_t ir_sem_ext_i32_i64(uint64_t a) { return (uint64_t)(int64_t)(int32_t)a; }
static inline uint64_t ir_sem_extu_i32_i64(uint64_t a) { return (uint32_t)a; }
static inline uint64_t ir_sem_extrl_i64_i32(uint64_t a) { return (uint32_t)a; }
static inline uint64_t ir_sem_extrh_i64_i32(uint64_t a) { return a >> 32; }

static inline uint64_t ir_width_mask(IRType t)
{
    return t == IR_I32 ? 0xffffffffull : ~0ull;
}

/* Condition flags of a +/- b +/- (c & 1) at the type's width (ir_ops.h), 0 or 1. */
#define IR_EVAL_FLAG_OPS(F, X) F(X, addco) F(X, addvo) F(X, subbo) F(X, subvo)
static inline uint64_t ir_sem_flag(IROpcode opc, IRType t, uint64_t a, uint64_t b, uint64_t c)
{
    unsigned w = t == IR_I32 ? 32 : 64;
    uint64_t m = ir_width_mask(t), sign = 1ull << (w - 1);
    a &= m;
    b &= m;
    c &= 1;
    switch (opc) {
    case IR_addco: {
        uint64_t r = (a + b) & m;
        return r < a || (c && r == m);
    }
    case IR_addvo: {
        uint64_t r = (a + b + c) & m;
        return (((r ^ a) & (r ^ b)) & sign) != 0;
    }
    case IR_subbo:
        return a < b || (c && a == b);
    case IR_subvo: {
        uint64_t r = (a - b - c) & m;
        return (((a ^ b) & (a ^ r)) & sign) != 0;
    }
    default:
        return 0;
    }
}

/* Bit fields; pos + len must be within the type width (checked by ir_check). */
static inline uint64_t ir_sem_extract(IRType t, uint64_t a, unsigned pos, unsigned len)
{
    uint64_t v = a >> pos;
    return len >= 64 ? v : v & ((1ull << len) - 1);
}

static inline uint64_t ir_sem_sextract(IRType t, uint64_t a, unsigned pos, unsigned len)
{
    if (len == 0)
        return 0;
    int64_t v = (int64_t)(a << (64 - pos - len)) >> (64 - len);
    return (uint64_t)v & ir_width_mask(t);
}

static inline uint64_t ir_sem_deposit(IRType t, uint64_t a, uint64_t b, unsigned pos,
                                      unsigned len)
{
    uint64_t m = (len >= 64 ? ~0ull : (1ull << len) - 1) << pos;
    return ((a & ~m) | ((b << pos) & m)) & ir_width_mask(t);
}

#endif
