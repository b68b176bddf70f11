/* x86-64 helpers called from IR: exceptions, flags, CPUID, RDTSC, shifts/rotates, divides. */
#include <stdint.h>
#include <time.h>
#include "target/x86_64/translate.h"
#include "target/x86_64/sys_internal.h"

void helper_x86_raise(CPUState *cs, uint32_t excp)
{
    x86_cpu(cs)->error_code = 0;        /* #GP(0), #TS... raised by the frontend */
    cpu_loop_exit(cs, (int)excp);
}
IR_HELPER(x86_raise, IR_HTYPE_VOID, IR_CALL_MAY_RAISE | IR_CALL_NORETURN, IR_HTYPE_PTR, IR_I32);

uint64_t helper_x86_cc_compute(uint64_t op, uint64_t dst, uint64_t src, uint64_t src2)
{
    return x86_cc_compute(op, dst, src, src2);
}
IR_HELPER(x86_cc_compute, IR_I64, IR_CALL_PURE, IR_I64, IR_I64, IR_I64, IR_I64);

/* RDTSC: the host monotonic clock in nanoseconds (a 1 GHz invariant TSC). */
uint64_t helper_x86_rdtsc(CPUState *cs)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}
IR_HELPER(x86_rdtsc, IR_I64, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS, IR_HTYPE_PTR);

static uint64_t mask_of(unsigned sz) { return sz == 8 ? ~0ull : (1ull << (8 * sz)) - 1; }

static void set_flags(X86CPU *env, uint64_t mask, uint64_t value)
{
    env->cc_src = (env->cc_src & ~mask) | (value & mask);
}

static uint64_t zsp(uint64_t r, unsigned sz)
{
    r &= mask_of(sz);
    return (r ? 0 : X86_ZF) | ((r >> (8 * sz - 1)) & 1 ? X86_SF : 0) |
           (__builtin_parity((unsigned)(r & 0xff)) ? 0 : X86_PF);
}

/* Rotates through carry, by one bit at a time (counts are small: at most 64). */
static uint64_t rotate_carry(X86CPU *env, uint64_t v, unsigned n, unsigned sz, bool left)
{
    unsigned bits = 8 * sz;
    uint64_t cf = env->cc_src & X86_CF, m = mask_of(sz);
    for (unsigned i = 0; i < n; i++) {
        uint64_t out = left ? (v >> (bits - 1)) & 1 : v & 1;
        v = left ? ((v << 1) | cf) & m : (v >> 1) | (cf << (bits - 1));
        cf = out;
    }
    uint64_t of = left ? ((v >> (bits - 1)) & 1) ^ cf : ((v >> (bits - 1)) ^ (v >> (bits - 2))) & 1;
    set_flags(env, X86_CF | X86_OF, cf | (of ? X86_OF : 0));
    return v;
}

static uint64_t do_shift(X86CPU *env, int kind, uint64_t v, unsigned n, unsigned sz)
{
    unsigned bits = 8 * sz;
    uint64_t m = mask_of(sz), r, cf, of;
    int64_t sv = (int64_t)(v << (64 - bits)) >> (64 - bits);
    switch (kind) {
    case 0: case 1:                         /* ROL, ROR: only CF and OF */
        n %= bits;
        r = n ? (kind == 0 ? (v << n) | (v >> (bits - n)) : (v >> n) | (v << (bits - n))) & m : v;
        cf = kind == 0 ? r & 1 : (r >> (bits - 1)) & 1;
        of = kind == 0 ? ((r >> (bits - 1)) & 1) ^ cf : ((r >> (bits - 1)) ^ (r >> (bits - 2))) & 1;
        set_flags(env, X86_CF | X86_OF, cf | (of ? X86_OF : 0));
        return r;
    case 2: case 3:                         /* RCL, RCR */
        return rotate_carry(env, v, n % (bits + 1), sz, kind == 2);
    case 4: case 6:                         /* SHL/SAL */
        r = n >= 64 ? 0 : (v << n) & m;
        cf = n > bits ? 0 : (v >> (bits - n)) & 1;
        of = ((r >> (bits - 1)) & 1) ^ cf;
        break;
    case 5:                                 /* SHR */
        r = n >= 64 ? 0 : v >> n;
        cf = n > bits ? 0 : (v >> (n - 1)) & 1;
        of = n == 1 ? (v >> (bits - 1)) & 1 : 0;
        break;
    default:                                /* SAR */
        r = (uint64_t)(sv >> (n >= bits ? bits - 1 : n)) & m;
        cf = (uint64_t)(sv >> (n > bits ? bits - 1 : n - 1)) & 1;
        of = 0;
        break;
    }
    set_flags(env, X86_CC_MASK, cf | (of ? X86_OF : 0) | zsp(r, sz));
    return r;
}

/* desc: kind << 8 | operand size. The caller put the flags in EFLAGS form (cc_src). The
 * count is masked to 5 bits (6 for 64-bit operands); a zero count changes nothing. */
uint64_t helper_x86_shift(CPUState *cs, uint64_t v, uint64_t count, uint32_t desc)
{
    X86CPU *env = x86_cpu(cs);
    unsigned sz = desc & 0xff, n = (unsigned)count & (sz == 8 ? 63 : 31);
    v &= mask_of(sz);
    return n ? do_shift(env, (int)(desc >> 8), v, n, sz) : v;
}
IR_HELPER(x86_shift, IR_I64, 0, IR_HTYPE_PTR, IR_I64, IR_I64, IR_I32);

/* SHLD/SHRD (desc: 0x100 for SHRD | size): dst shifted by count, the vacated bits from src.
 * A count larger than the operand size (16-bit forms) gives an undefined result; we give
 * the hardware's usual one (the double-width rotate of dst:src:dst). */
uint64_t helper_x86_shiftd(CPUState *cs, uint64_t dst, uint64_t src, uint64_t count, uint32_t desc)
{
    X86CPU *env = x86_cpu(cs);
    unsigned sz = desc & 0xff, bits = 8 * sz, n = (unsigned)count & (sz == 8 ? 63 : 31);
    bool right = desc & 0x100;
    uint64_t m = mask_of(sz), r, cf, of;
    dst &= m, src &= m;
    if (!n)
        return dst;
    unsigned __int128 cat = right ? ((unsigned __int128)src << bits) | dst
                                  : ((unsigned __int128)dst << bits) | src;
    if (sz == 2)                            /* 16-bit: dst:src:dst, counts up to 31 */
        cat = right ? ((unsigned __int128)dst << 32) | (src << 16) | dst
                    : ((unsigned __int128)dst << 32) | (src << 16) | dst;
    if (right) {
        r = (uint64_t)(cat >> n) & m;
        cf = (uint64_t)(cat >> (n - 1)) & 1;
    } else {
        unsigned total = sz == 2 ? 48 : 2 * bits;
        r = (uint64_t)(cat >> (total - bits - n)) & m;
        cf = (uint64_t)(cat >> (total - n)) & 1;
    }
    of = ((r ^ dst) >> (bits - 1)) & 1;     /* defined for count 1: the sign changed */
    set_flags(env, X86_CC_MASK, cf | (of ? X86_OF : 0) | zsp(r, sz));
    return r;
}
IR_HELPER(x86_shiftd, IR_I64, 0, IR_HTYPE_PTR, IR_I64, IR_I64, IR_I64, IR_I32);

/* The dividend's high half is AH for bytes, else rDX: the quotient fits iff it is below the
 * divisor. Only a 64-bit operand with a non-zero rDX needs a 128-bit division. */
static void div_unsigned(CPUState *cs, X86CPU *env, uint64_t d, unsigned sz)
{
    unsigned bits = 8 * sz;
    uint64_t m = mask_of(sz), q, r;
    uint64_t hi = sz == 1 ? (env->regs[X86_RAX] >> 8) & 0xff : env->regs[X86_RDX] & m;
    uint64_t lo = env->regs[X86_RAX] & m;
    if (!d || hi >= d)
        cpu_loop_exit_restore(cs, X86_EXCP_DE);
    if (sz < 8 || !hi) {
        uint64_t n = sz < 8 ? hi << bits | lo : lo;
        q = n / d, r = n % d;
    } else {
        unsigned __int128 n = ((unsigned __int128)hi << 64) | lo;
        q = (uint64_t)(n / d), r = (uint64_t)(n % d);
    }
    if (sz == 1) {
        env->regs[X86_RAX] = (env->regs[X86_RAX] & ~0xffffull) | q | (r << 8);
    } else if (sz == 4) {
        env->regs[X86_RAX] = q;
        env->regs[X86_RDX] = r;
    } else {
        env->regs[X86_RAX] = (env->regs[X86_RAX] & ~m) | q;
        env->regs[X86_RDX] = (env->regs[X86_RDX] & ~m) | r;
    }
}

static void div_signed(CPUState *cs, X86CPU *env, uint64_t dv, unsigned sz)
{
    unsigned bits = 8 * sz;
    uint64_t m = mask_of(sz);
    int64_t d = (int64_t)(dv << (64 - bits)) >> (64 - bits);
    __int128 n;
    if (sz == 1)
        n = (int16_t)env->regs[X86_RAX];
    else
        n = (__int128)(((unsigned __int128)(env->regs[X86_RDX] & m) << bits) |
                       (env->regs[X86_RAX] & m)) << (128 - 2 * bits) >> (128 - 2 * bits);
    if (!d)
        cpu_loop_exit_restore(cs, X86_EXCP_DE);
    __int128 q, r;
    if (n == (int64_t)n && !(n == INT64_MIN && d == -1)) {
        q = (int64_t)n / d, r = (int64_t)n % d;     /* the common case: 64-bit division */
    } else {
        q = n / d, r = n % d;
    }
    __int128 lim = (__int128)1 << (bits - 1);
    if (q >= lim || q < -lim)
        cpu_loop_exit_restore(cs, X86_EXCP_DE);
    uint64_t uq = (uint64_t)q & m, ur = (uint64_t)r & m;
    if (sz == 1) {
        env->regs[X86_RAX] = (env->regs[X86_RAX] & ~0xffffull) | uq | (ur << 8);
    } else if (sz == 4) {
        env->regs[X86_RAX] = uq;
        env->regs[X86_RDX] = ur;
    } else {
        env->regs[X86_RAX] = (env->regs[X86_RAX] & ~m) | uq;
        env->regs[X86_RDX] = (env->regs[X86_RDX] & ~m) | ur;
    }
}

/* desc: operand size | 0x100 for IDIV. #DE for a zero divisor or a quotient that does not
 * fit. The flags are undefined after DIV; they are left as they were. */
void helper_x86_div(CPUState *cs, uint64_t divisor, uint32_t desc)
{
    X86CPU *env = x86_cpu(cs);
    unsigned sz = desc & 0xff;
    if (desc & 0x100)
        div_signed(cs, env, divisor, sz);
    else
        div_unsigned(cs, env, divisor & mask_of(sz), sz);
}
IR_HELPER(x86_div, IR_HTYPE_VOID, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I64, IR_I32);

/* WRFSBASE (seg 0) / WRGSBASE (seg 1): #GP(0) for a non-canonical base (48-bit in user mode,
 * as Linux runs user code; 48 or 57 by CR4.LA57 in system mode). */
void helper_x86_wrbase(CPUState *cs, uint64_t v, uint32_t seg)
{
    X86CPU *env = x86_cpu(cs);
    bool ok = exec_softmmu ? x86_canonical(env, v) : (uint64_t)((int64_t)(v << 16) >> 16) == v;
    if (!ok)
        helper_x86_raise(cs, X86_EXCP_GP);
    if (seg == 0)
        env->fs_base = v;
    else
        env->gs_base = v;
}
IR_HELPER(x86_wrbase, IR_HTYPE_VOID, IR_CALL_MAY_RAISE, IR_HTYPE_PTR,
          IR_I64, IR_I32);
