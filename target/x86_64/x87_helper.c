/* x86-64 x87 FPU: the register stack, status/control/tag words and every x87 operation on the
 * shared 80-bit softfloat (fpu/softfp_x80.c). Transcendental instructions are not here (#UD). */
#include <string.h>
#include "fpu/softfp_x80.h"
#include "trix/guest_mem.h"
#include "target/x86_64/x87.h"

/* FSW: IE DE ZE OE UE PE (0-5), SF (6), ES (7), C0 (8), C1 (9), C2 (10), TOP (13:11), C3 (14). */
#define SW_IE 0x01u
#define SW_SF 0x40u
#define SW_ES 0x80u
#define SW_C0 0x100u
#define SW_C1 0x200u
#define SW_C2 0x400u
#define SW_C3 0x4000u
#define SW_CC (SW_C0 | SW_C1 | SW_C2 | SW_C3)

typedef struct X87 {
    CPUState *cs;
    X86CPU *env;
    FpStatus st;
    int prec;
    bool fault;         /* a stack fault happened: the result is the indefinite (or none) */
} X87;

static int x87_top(X86CPU *env) { return (env->fsw >> 11) & 7; }
static int phys(X86CPU *env, int i) { return (x87_top(env) + i) & 7; }

static void set_top(X86CPU *env, int t)
{
    env->fsw = (uint16_t)((env->fsw & ~0x3800u) | (unsigned)(t & 7) << 11);
}

static FpX80 reg_get(X86CPU *env, int p)
{
    FpX80 v;
    memcpy(&v.sig, &env->fpregs[p][0], 8);
    memcpy(&v.se, &env->fpregs[p][8], 2);
    return v;
}

static void reg_set(X86CPU *env, int p, FpX80 v)
{
    memcpy(&env->fpregs[p][0], &v.sig, 8);
    memcpy(&env->fpregs[p][8], &v.se, 2);
    memset(&env->fpregs[p][10], 0, 6);
    env->ftw |= (uint8_t)(1u << p);
}

static bool is_empty(X86CPU *env, int i) { return !((env->ftw >> phys(env, i)) & 1); }

static void set_cc(X86CPU *env, unsigned cc)
{
    env->fsw = (uint16_t)((env->fsw & ~SW_CC) | cc);
}

/* Stack underflow (reading an empty register) or overflow (pushing onto a full one). */
static void stack_fault(X87 *x, bool overflow)
{
    x->env->fsw |= SW_IE | SW_SF;
    set_cc(x->env, (x->env->fsw & ~SW_C1) | (overflow ? SW_C1 : 0));
    x->fault = true;
}

static bool masked_ie(X87 *x) { return x->env->fcw & 1; }

static FpX80 st_get(X87 *x, int i)
{
    if (is_empty(x->env, i)) {
        stack_fault(x, false);
        return fpx80_default_nan();
    }
    return reg_get(x->env, phys(x->env, i));
}

/* Write ST(i); after a stack fault only when invalid is masked (the indefinite). */
static void st_set(X87 *x, int i, FpX80 v)
{
    if (x->fault && !masked_ie(x))
        return;
    reg_set(x->env, phys(x->env, i), v);
}

static void st_pop(X87 *x)
{
    x->env->ftw &= (uint8_t)~(1u << phys(x->env, 0));
    set_top(x->env, x87_top(x->env) + 1);
}

static void st_push(X87 *x, FpX80 v)
{
    if (!is_empty(x->env, 7)) {
        stack_fault(x, true);
        if (!masked_ie(x))
            return;
        v = fpx80_default_nan();
    }
    set_top(x->env, x87_top(x->env) - 1);
    reg_set(x->env, phys(x->env, 0), v);
}

static const uint8_t rc_rm[4] = { FP_RM_NE, FP_RM_DN, FP_RM_UP, FP_RM_TZ };
static const uint8_t pc_bits[4] = { 24, 64, 53, 64 };

static X87 x87_begin(CPUState *cs)
{
    X86CPU *env = x86_cpu(cs);
    X87 x = { .cs = cs, .env = env, .prec = pc_bits[(env->fcw >> 8) & 3] };
    x.st = (FpStatus){ .rm = rc_rm[(env->fcw >> 10) & 3], .nan_rule = FP_NAN_X86,
                       .int_invalid = FP_INTINV_INDEFINITE };
    return x;
}

/* Accrue the flags; c1 = the C1 rule for rounded results (set when rounded up). */
static void x87_end(X87 *x, bool c1)
{
    uint32_t f = x->st.flags;
    uint16_t sw = x->env->fsw;
    sw |= ((f & FP_FLAG_NV) ? 0x01 : 0) | ((f & FP_FLAG_ID) ? 0x02 : 0) |
          ((f & FP_FLAG_DZ) ? 0x04 : 0) | ((f & FP_FLAG_OF) ? 0x08 : 0) |
          ((f & FP_FLAG_UF) ? 0x10 : 0) | ((f & FP_FLAG_NX) ? 0x20 : 0);
    if (c1 && !x->fault)
        sw = (uint16_t)((sw & ~SW_C1) | ((f & FP_FLAG_RUP) && (f & FP_FLAG_NX) ? SW_C1 : 0));
    if (sw & ~x->env->fcw & 0x3f)
        sw |= SW_ES | 0x8000;
    x->env->fsw = sw;
}

static FpX80 mem_load(X87 *x, int mt, uint64_t addr)
{
    CPUState *cs = x->cs;
    switch (mt) {
    case X87_M_F32: return fpx80_from_fmt(&fpu_fmt_s, gm_ld(cs, addr, MO_32, x86_mmu_idx(cs)), &x->st);
    case X87_M_F64: return fpx80_from_fmt(&fpu_fmt_d, gm_ld(cs, addr, MO_64, x86_mmu_idx(cs)), &x->st);
    case X87_M_F80: {
        FpX80 v = { gm_ld(cs, addr, MO_64, x86_mmu_idx(cs)), (uint16_t)gm_ld(cs, addr + 8, MO_16, x86_mmu_idx(cs)) };
        return v;
    }
    case X87_M_I16: return fpx80_from_int((int16_t)gm_ld(cs, addr, MO_16, x86_mmu_idx(cs)));
    case X87_M_I32: return fpx80_from_int((int32_t)gm_ld(cs, addr, MO_32, x86_mmu_idx(cs)));
    case X87_M_I64: return fpx80_from_int((int64_t)gm_ld(cs, addr, MO_64, x86_mmu_idx(cs)));
    default: {      /* packed BCD: 18 digits, sign in bit 79 */
        uint64_t lo = gm_ld(cs, addr, MO_64, x86_mmu_idx(cs)), hi = gm_ld(cs, addr + 8, MO_16, x86_mmu_idx(cs));
        int64_t v = 0;
        for (int d = 8; d >= 0; d--)
            v = v * 100 + (int64_t)(((d == 8 ? hi : lo >> (8 * d)) >> 4 & 15) * 10 +
                                    ((d == 8 ? hi : lo >> (8 * d)) & 15));
        FpX80 r = fpx80_from_int(v);
        if (hi & 0x8000)
            r.se |= 0x8000;
        return r;
    }
    }
}

/* Store ST(0) to memory in type mt (float types rounded in RC, integers in RC or truncated). */
static void mem_store(X87 *x, int mt, uint64_t addr, FpX80 v, bool trunc)
{
    CPUState *cs = x->cs;
    int rm = trunc ? FP_RM_TZ : x->st.rm;
    switch (mt) {
    case X87_M_F32: gm_st(cs, addr, fpx80_to_fmt(&fpu_fmt_s, v, &x->st), MO_32, x86_mmu_idx(cs)); break;
    case X87_M_F64: gm_st(cs, addr, fpx80_to_fmt(&fpu_fmt_d, v, &x->st), MO_64, x86_mmu_idx(cs)); break;
    case X87_M_F80:
        gm_st(cs, addr, v.sig, MO_64, x86_mmu_idx(cs));
        gm_st(cs, addr + 8, v.se, MO_16, x86_mmu_idx(cs));
        break;
    case X87_M_I16: gm_st(cs, addr, fpx80_to_int(v, 16, rm, &x->st), MO_16, x86_mmu_idx(cs)); break;
    case X87_M_I32: gm_st(cs, addr, fpx80_to_int(v, 32, rm, &x->st), MO_32, x86_mmu_idx(cs)); break;
    case X87_M_I64: gm_st(cs, addr, fpx80_to_int(v, 64, rm, &x->st), MO_64, x86_mmu_idx(cs)); break;
    default: {
        uint32_t had_de = x->st.flags & FP_FLAG_ID, f0 = x->st.flags;
        FpX80 r = fpx80_round_to_int(v, rm, &x->st);
        x->st.flags = (x->st.flags & ~FP_FLAG_ID) | had_de;    /* stores raise no DE */
        int c = fpx80_classify(r);
        uint64_t lo = 0, hi = 0;
        bool bad = fpu_is_nan_cls(c) || c == FPC_INF;
        uint64_t m = 0;
        if (!bad && c != FPC_ZERO) {
            int e = (r.se & 0x7fff) - FPX80_BIAS - 63;
            m = e >= 0 ? ~0ull : e <= -64 ? 0 : r.sig >> -e;
            bad = m >= 1000000000000000000ull;
        }
        if (bad) {
            x->st.flags = f0 | FP_FLAG_NV;     /* invalid: no inexact */
            lo = 0xc000000000000000ull;
            hi = 0xffff;
        } else {
            for (int d = 0; d < 18; d++, m /= 10) {
                if (d < 16)
                    lo |= (m % 10) << (4 * d);
                else
                    hi |= (m % 10) << (4 * (d - 16));
            }
            hi |= (r.se & 0x8000) ? 0x8000 : 0;
        }
        gm_st(cs, addr, lo, MO_64, x86_mmu_idx(cs));
        gm_st(cs, addr + 8, hi, MO_16, x86_mmu_idx(cs));
        break;
    }
    }
}

/* A memory operand converted under its own status: its denormal flag obeys the denormal
 * rule of the operation (not after a NaN operand, invalid or divide by zero), and nothing
 * counts after a stack fault. */
static FpX80 mem_operand(X87 *x, int mt, uint64_t addr, FpStatus *cv)
{
    FpStatus keep = x->st;
    FpX80 v = mem_load(x, mt, addr);
    *cv = x->st;
    x->st = keep;
    cv->flags &= ~keep.flags;
    if ((cv->flags & FP_FLAG_NV) && fpu_is_nan_cls(fpx80_classify(v))) {
        v.sig &= ~(1ull << 62);     /* the operation sees the signalling NaN itself */
        cv->flags &= ~FP_FLAG_NV;
    }
    return v;
}

static void merge_conv(X87 *x, const FpStatus *cv, FpX80 a, FpX80 b, uint32_t before)
{
    if (x->fault)
        return;
    uint32_t f = cv->flags;
    x->st.flags |= f & ~FP_FLAG_ID;
    if ((f & FP_FLAG_ID) && !((x->st.flags & ~before) & (FP_FLAG_NV | FP_FLAG_DZ)) &&
        !fpu_is_nan_cls(fpx80_classify(a)) && !fpu_is_nan_cls(fpx80_classify(b)))
        x->st.flags |= FP_FLAG_ID;
}

static FpX80 arith(X87 *x, int op, FpX80 a, FpX80 b)
{
    switch (op) {
    case X87_ADD: return fpx80_add(a, b, x->prec, &x->st);
    case X87_MUL: return fpx80_mul(a, b, x->prec, &x->st);
    case X87_SUB: return fpx80_sub(a, b, x->prec, &x->st);
    case X87_SUBR: return fpx80_sub(b, a, x->prec, &x->st);
    case X87_DIV: return fpx80_div(a, b, x->prec, &x->st);
    default: return fpx80_div(b, a, x->prec, &x->st);
    }
}

/* The two operands of a binary form: dst index (into *d) and the values. */
static void binary(X87 *x, uint32_t ctl, uint64_t addr, int op)
{
    int i = (ctl >> 8) & 7, form = (ctl >> 12) & 3, mt = (ctl >> 16) & 15;
    int d = form == X87_F_STI_ST0 ? i : 0;
    FpX80 a = st_get(x, d), b;
    FpStatus cv = { 0 };
    if (form == X87_F_MEM)
        b = mem_operand(x, mt, addr, &cv);
    else
        b = st_get(x, form == X87_F_STI_ST0 ? 0 : i);
    uint32_t before = x->st.flags;
    FpX80 r = x->fault ? fpx80_default_nan() : arith(x, op, a, b);
    merge_conv(x, &cv, a, b, before);
    st_set(x, d, r);
    if ((ctl >> 14) & 3)
        st_pop(x);
    x87_end(x, true);
}

/* C3 C2 C0 from a compare (> 000, < 001, = 100, unordered 111). */
static const unsigned cmp_cc[4] = { SW_C3, SW_C0, 0, SW_C3 | SW_C2 | SW_C0 };

static void compare(X87 *x, uint32_t ctl, uint64_t addr, bool signalling)
{
    int i = (ctl >> 8) & 7, form = (ctl >> 12) & 3, mt = (ctl >> 16) & 15;
    FpX80 a = st_get(x, 0);
    FpStatus cv = { 0 };
    FpX80 b = form == X87_F_MEM ? mem_operand(x, mt, addr, &cv) : st_get(x, i);
    uint32_t before = x->st.flags;
    int r = x->fault ? FP_CMP_UN : fpx80_compare(a, b, signalling, &x->st);
    merge_conv(x, &cv, a, b, before);
    set_cc(x->env, x->fault ? cmp_cc[FP_CMP_UN] : cmp_cc[r]);
    for (int p = (ctl >> 14) & 3; p > 0; p--)
        st_pop(x);
    x87_end(x, false);
}

static void load(X87 *x, uint32_t ctl, uint64_t addr)
{
    int i = (ctl >> 8) & 7, form = (ctl >> 12) & 3, mt = (ctl >> 16) & 15;
    FpX80 v;
    if (!is_empty(x->env, 7)) {     /* overflow: nothing is read */
        st_push(x, v = fpx80_default_nan());
        x87_end(x, false);
        return;
    }
    if (form == X87_F_MEM) {
        v = mem_load(x, mt, addr);  /* single/double sNaNs quietened with IE, DE */
    } else {
        v = st_get(x, i);
    }
    set_cc(x->env, x->env->fsw & ~SW_C1);
    x->fault = false;           /* an empty source gives the indefinite, pushed */
    st_push(x, v);
    x87_end(x, false);
}

static void store(X87 *x, uint32_t ctl, uint64_t addr)
{
    int i = (ctl >> 8) & 7, form = (ctl >> 12) & 3, mt = (ctl >> 16) & 15;
    FpX80 v = st_get(x, 0);
    bool fault = x->fault;
    if (form == X87_F_MEM) {
        if (fault && !masked_ie(x)) {
            x87_end(x, false);
            return;
        }
        if (fault && mt >= X87_M_I16 && mt <= X87_M_I64)
            v = (FpX80){ 0, 0x7fff };           /* stored as the integer indefinite */
        set_cc(x->env, x->env->fsw & ~SW_C1);
        mem_store(x, mt, addr, v, ctl & X87_TRUNC);
    } else {
        x->fault = false;
        st_set(x, i, v);
    }
    x->fault = fault;
    if ((ctl >> 14) & 3)
        st_pop(x);
    x87_end(x, !fault && (mt == X87_M_F32 || mt == X87_M_F64 || mt >= X87_M_I16));
}

static void unary(X87 *x, int op)
{
    FpX80 a = st_get(x, 0), r = a;
    if (!x->fault) {
        switch (op) {
        case X87_CHS: r.se ^= 0x8000; break;
        case X87_ABS: r.se &= 0x7fff; break;
        case X87_SQRT: r = fpx80_sqrt(a, x->prec, &x->st); break;
        default: r = fpx80_round_to_int(a, x->st.rm, &x->st); break;
        }
    }
    if (op == X87_CHS || op == X87_ABS)
        set_cc(x->env, x->env->fsw & ~SW_C1);
    st_set(x, 0, x->fault ? fpx80_default_nan() : r);
    x87_end(x, op == X87_SQRT || op == X87_RNDINT);
}

/* FXAM: C1 the sign; C3 C2 C0 the class. */
static void xam(X87 *x)
{
    FpX80 a = reg_get(x->env, phys(x->env, 0));
    unsigned cc = (a.se & 0x8000) ? SW_C1 : 0;
    if (is_empty(x->env, 0)) {
        cc |= SW_C3 | SW_C0;
    } else if (fpx80_is_unsupported(a)) {
        cc |= 0;
    } else {
        switch (fpx80_classify(a)) {
        case FPC_ZERO: cc |= SW_C3; break;
        case FPC_INF: cc |= SW_C2 | SW_C0; break;
        case FPC_QNAN: case FPC_SNAN: cc |= SW_C0; break;
        default: cc |= fpx80_is_denormal(a) ? SW_C3 | SW_C2 : SW_C2; break;
        }
    }
    set_cc(x->env, cc);
}

/* FSCALE: ST(0) * 2^trunc(ST(1)). */
static FpX80 scale(X87 *x, FpX80 a, FpX80 b)
{
    int ca = fpx80_classify(a), cb = fpx80_classify(b);
    if (fpu_is_nan_cls(ca) || fpu_is_nan_cls(cb))
        return fpx80_add(a, b, 64, &x->st);     /* the NaN rules of a binary op */
    if (fpx80_is_denormal(a) || fpx80_is_denormal(b))
        x->st.flags |= FP_FLAG_ID;
    if (cb == FPC_INF) {
        bool neg = b.se & 0x8000;
        if ((ca == FPC_ZERO && !neg) || (ca == FPC_INF && neg)) {
            x->st.flags |= FP_FLAG_NV;
            return fpx80_default_nan();
        }
        if (ca == FPC_ZERO || ca == FPC_INF)
            return a;
        return (FpX80){ neg ? 0 : 1ull << 63, (uint16_t)((a.se & 0x8000) | (neg ? 0 : 0x7fff)) };
    }
    if (ca != FPC_FINITE)
        return a;
    FpStatus t = x->st;
    uint64_t n = fpx80_to_int(b, 64, FP_RM_TZ, &t);
    int64_t s = (int64_t)n;
    if (t.flags & FP_FLAG_NV)
        s = (b.se & 0x8000) ? INT64_MIN : INT64_MAX;
    if (s > 70000)
        s = 70000;
    if (s < -70000)
        s = -70000;
    int e = ((a.se & 0x7fff) ? (a.se & 0x7fff) : 1) - FPX80_BIAS - 63;
    return fpx80_round_pack(a.se & 0x8000, a.sig, e + (int)s, false, 64, x->st.rm, &x->st);
}

/* FXTRACT: ST(0) = the exponent, then push the significand (exponent 0). */
static void xtract(X87 *x)
{
    if (!is_empty(x->env, 7) && !is_empty(x->env, 0)) {    /* overflow: both indefinite */
        stack_fault(x, true);
        if (masked_ie(x)) {
            st_set(x, 0, fpx80_default_nan());
            set_top(x->env, x87_top(x->env) - 1);
            st_set(x, 0, fpx80_default_nan());
        }
        x87_end(x, false);
        return;
    }
    FpX80 a = st_get(x, 0), e, m = a;
    int c = fpx80_classify(a);
    if (x->fault || fpu_is_nan_cls(c)) {
        m = e = x->fault ? fpx80_default_nan() : fpx80_add(a, a, 64, &x->st);
    } else if (c == FPC_ZERO) {
        x->st.flags |= FP_FLAG_DZ;
        e = (FpX80){ 1ull << 63, 0xffff };
    } else if (c == FPC_INF) {
        e = (FpX80){ 1ull << 63, 0x7fff };
    } else {
        if (fpx80_is_denormal(a))
            x->st.flags |= FP_FLAG_ID;
        int lz = __builtin_clzll(a.sig);
        int ex = ((a.se & 0x7fff) ? (a.se & 0x7fff) : 1) - FPX80_BIAS - lz;
        e = fpx80_from_int(ex);
        m = (FpX80){ a.sig << lz, (uint16_t)((a.se & 0x8000) | FPX80_BIAS) };
    }
    st_set(x, 0, e);
    x->fault = false;
    st_push(x, m);
    x87_end(x, false);
}

/* FPREM/FPREM1: the partial remainder; C2 set while incomplete, C0 C3 C1 quotient bits 2 1 0. */
static void prem(X87 *x, bool ieee)
{
    FpX80 a = st_get(x, 0), b = st_get(x, 1), r;
    int ca = fpx80_classify(a), cb = fpx80_classify(b);
    unsigned cc = 0;
    if (x->fault) {
        r = fpx80_default_nan();
    } else if (fpu_is_nan_cls(ca) || fpu_is_nan_cls(cb)) {
        r = fpx80_add(a, b, 64, &x->st);
    } else if (ca == FPC_INF || cb == FPC_ZERO) {
        x->st.flags |= FP_FLAG_NV;
        r = fpx80_default_nan();
    } else if (ca == FPC_ZERO || cb == FPC_INF) {
        if (fpx80_is_denormal(a) || fpx80_is_denormal(b))
            x->st.flags |= FP_FLAG_ID;
        r = a;
    } else {
        if (fpx80_is_denormal(a) || fpx80_is_denormal(b))
            x->st.flags |= FP_FLAG_ID;
        int la = __builtin_clzll(a.sig), lb = __builtin_clzll(b.sig);
        uint64_t ma = a.sig << la, mb = b.sig << lb;
        int ea = ((a.se & 0x7fff) ? (a.se & 0x7fff) : 1) - la;
        int eb = ((b.se & 0x7fff) ? (b.se & 0x7fff) : 1) - lb;
        int d = ea - eb;
        bool sign = a.se & 0x8000;
        unsigned __int128 A, B = mb, q;
        int rexp;
        if (d >= 64) {
            int n = 32 + d % 32;        /* N of the SDM's pseudo-code, as the hardware does */
            A = (unsigned __int128)ma << n;
            q = A / B;
            A -= q * B;
            rexp = ea - FPX80_BIAS - 63 - n;
            cc = SW_C2;
        } else {
            if (d >= 0) {
                A = (unsigned __int128)ma << d;
                rexp = eb - FPX80_BIAS - 63;
            } else {
                A = ma;
                B = -d >= 64 ? ~(unsigned __int128)0 : (unsigned __int128)mb << -d;
                rexp = ea - FPX80_BIAS - 63;
            }
            q = A / B;
            A -= q * B;
            if (ieee && (2 * A > B || (2 * A == B && (q & 1)))) {
                A = B - A;
                q++;
                sign = !sign;
            }
            cc = ((q & 4) ? SW_C0 : 0) | ((q & 2) ? SW_C3 : 0) | ((q & 1) ? SW_C1 : 0);
        }
        r = A ? fpx80_round_pack(sign, A, rexp, false, 64, FP_RM_NE, &x->st)
              : (FpX80){ 0, (uint16_t)(a.se & 0x8000) };
    }
    set_cc(x->env, cc);
    st_set(x, 0, r);
    x87_end(x, false);
}

static FpX80 constant(X87 *x, int k)
{
    static const struct { uint64_t sig; uint16_t e; bool up_ne; } K[] = {
        { 1ull << 63, 16383, false },
        { 0xd49a784bcd1b8afeull, 16384, false },    /* log2(10) */
        { 0xb8aa3b295c17f0bbull, 16383, true },     /* log2(e) */
        { 0xc90fdaa22168c234ull, 16384, true },     /* pi */
        { 0x9a209a84fbcff798ull, 16381, true },     /* log10(2) */
        { 0xb17217f7d1cf79abull, 16382, true },     /* ln(2) */
        { 0, 0, false },
    };
    FpX80 v = { K[k].sig, K[k].e };
    if (k != X87_K_ONE && k != X87_K_ZERO &&
        ((x->st.rm == FP_RM_NE && K[k].up_ne) || x->st.rm == FP_RM_UP))
        v.sig++;
    return v;
}

/* The full tag word: 00 valid, 01 zero, 10 special, 11 empty per physical register. */
static unsigned full_tag(X86CPU *env)
{
    unsigned tw = 0;
    for (int p = 0; p < 8; p++) {
        unsigned t = 3;
        if ((env->ftw >> p) & 1) {
            FpX80 v = reg_get(env, p);
            int c = fpx80_classify(v);
            t = c == FPC_ZERO ? 1 : (c == FPC_FINITE && !fpx80_is_denormal(v)) ? 0 : 2;
        }
        tw |= t << (2 * p);
    }
    return tw;
}

/* FNSTENV/FLDENV: the 28-byte 32-bit-format environment (instruction and data pointers 0). */
static void stenv(X87 *x, uint64_t addr)
{
    X86CPU *env = x->env;
    uint64_t w[7] = { 0xffff0000u | env->fcw, 0xffff0000u | env->fsw,
                      0xffff0000u | full_tag(env), 0, 0, 0, 0xffff0000u };
    for (int i = 0; i < 7; i++)
        gm_st(x->cs, addr + 4 * i, w[i], MO_32, x86_mmu_idx(x->cs));
}

static void ldenv(X87 *x, uint64_t addr)
{
    X86CPU *env = x->env;
    uint16_t cw = (uint16_t)gm_ld(x->cs, addr, MO_16, x86_mmu_idx(x->cs));
    uint16_t sw = (uint16_t)gm_ld(x->cs, addr + 4, MO_16, x86_mmu_idx(x->cs));
    unsigned tw = (unsigned)gm_ld(x->cs, addr + 8, MO_16, x86_mmu_idx(x->cs));
    env->fcw = cw;
    env->fsw = sw;
    env->ftw = 0;
    for (int p = 0; p < 8; p++)
        if (((tw >> (2 * p)) & 3) != 3)
            env->ftw |= (uint8_t)(1u << p);
}

static void save(X87 *x, uint64_t addr)
{
    stenv(x, addr);
    for (int i = 0; i < 8; i++) {
        FpX80 v = reg_get(x->env, phys(x->env, i));
        gm_st(x->cs, addr + 28 + 10 * i, v.sig, MO_64, x86_mmu_idx(x->cs));
        gm_st(x->cs, addr + 36 + 10 * i, v.se, MO_16, x86_mmu_idx(x->cs));
    }
    x->env->fcw = 0x37f;
    x->env->fsw = 0;
    x->env->ftw = 0;
}

static void rstor(X87 *x, uint64_t addr)
{
    FpX80 r[8];
    for (int i = 0; i < 8; i++) {
        r[i].sig = gm_ld(x->cs, addr + 28 + 10 * i, MO_64, x86_mmu_idx(x->cs));
        r[i].se = (uint16_t)gm_ld(x->cs, addr + 36 + 10 * i, MO_16, x86_mmu_idx(x->cs));
    }
    ldenv(x, addr);
    uint8_t tw = x->env->ftw;
    for (int i = 0; i < 8; i++)
        reg_set(x->env, phys(x->env, i), r[i]);
    x->env->ftw = tw;
}

static void xch(X87 *x, int i)
{
    FpX80 a = st_get(x, 0), b = st_get(x, i);
    bool fault = x->fault;
    if (fault && !masked_ie(x))
        return;
    x->fault = false;
    st_set(x, 0, b);
    st_set(x, i, a);
    x->fault = fault;
    if (!fault)
        set_cc(x->env, x->env->fsw & ~SW_C1);
}

static void misc(X87 *x, uint32_t ctl, uint64_t addr)
{
    int op = ctl & 0xff, i = (ctl >> 8) & 7;
    X86CPU *env = x->env;
    switch (op) {
    case X87_XCH: xch(x, i); break;
    case X87_TST: {
        FpX80 a = st_get(x, 0);
        int r = x->fault ? FP_CMP_UN : fpx80_compare(a, (FpX80){ 0, 0 }, true, &x->st);
        set_cc(env, cmp_cc[r]);
        break;
    }
    case X87_XAM: xam(x); return;
    case X87_SCALE: {
        FpX80 a = st_get(x, 0), b = st_get(x, 1);
        FpX80 r = x->fault ? fpx80_default_nan() : scale(x, a, b);
        st_set(x, 0, r);
        x87_end(x, true);
        return;
    }
    case X87_XTRACT: xtract(x); return;
    case X87_PREM: prem(x, false); return;
    case X87_PREM1: prem(x, true); return;
    case X87_FREE:
        env->ftw &= (uint8_t)~(1u << phys(env, i));
        if ((ctl >> 14) & 3)
            st_pop(x);
        return;
    case X87_INCSTP: case X87_DECSTP:
        set_top(env, x87_top(env) + (op == X87_INCSTP ? 1 : -1));
        set_cc(env, env->fsw & ~SW_C1);
        return;
    case X87_LDCONST:
        set_cc(env, env->fsw & ~SW_C1);
        st_push(x, constant(x, (ctl >> 21) & 7));
        break;
    case X87_CMOV: {
        FpX80 b = st_get(x, i);
        st_get(x, 0);
        if (x->fault)               /* an underflow writes the indefinite, moved or not */
            st_set(x, 0, fpx80_default_nan());
        else if (addr)
            st_set(x, 0, b);
        if (!x->fault)
            set_cc(env, env->fsw & ~SW_C1);
        break;
    }
    case X87_LDENV: ldenv(x, addr); return;
    case X87_STENV: stenv(x, addr); env->fcw |= 0x3f; return;
    case X87_SAVE: save(x, addr); return;
    case X87_RSTOR: rstor(x, addr); return;
    }
    x87_end(x, false);
}

void helper_x86_x87(CPUState *cs, uint32_t ctl, uint64_t addr)
{
    X87 x = x87_begin(cs);
    int op = ctl & 0xff;
    switch (op) {
    case X87_ADD: case X87_MUL: case X87_SUB: case X87_SUBR: case X87_DIV: case X87_DIVR:
        binary(&x, ctl, addr, op);
        break;
    case X87_COM: compare(&x, ctl, addr, ctl & X87_TRUNC); break;
    case X87_LD: load(&x, ctl, addr); break;
    case X87_ST: store(&x, ctl, addr); break;
    case X87_CHS: case X87_ABS: case X87_SQRT: case X87_RNDINT: unary(&x, op); break;
    default: misc(&x, ctl, addr); break;
    }
}
IR_HELPER(x86_x87, IR_HTYPE_VOID, IR_CALL_MAY_RAISE | IR_CALL_NO_READ_GLOBALS |
          IR_CALL_NO_WRITE_GLOBALS, IR_HTYPE_PTR, IR_I32, IR_I64);

/* FCOMI/FUCOMI (and their P forms): ZF PF CF from the compare; C1 cleared. */
uint64_t helper_x86_x87_comi(CPUState *cs, uint32_t ctl)
{
    X87 x = x87_begin(cs);
    FpX80 a = st_get(&x, 0), b = st_get(&x, (ctl >> 8) & 7);
    int r = x.fault ? FP_CMP_UN : fpx80_compare(a, b, ctl & X87_TRUNC, &x.st);
    static const uint64_t fl[4] = { 0x40, 0x01, 0, 0x45 };
    if (!x.fault)
        set_cc(x.env, x.env->fsw & ~SW_C1);
    if ((ctl >> 14) & 3)
        st_pop(&x);
    x87_end(&x, false);
    return fl[r];
}
IR_HELPER(x86_x87_comi, IR_I64, IR_CALL_MAY_RAISE | IR_CALL_NO_READ_GLOBALS |
          IR_CALL_NO_WRITE_GLOBALS, IR_HTYPE_PTR, IR_I32);
