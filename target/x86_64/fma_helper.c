/* x86-64 FMA3 (fused multiply-add, one rounding) and F16C (half <-> single) on the shared
 * softfloat under MXCSR. Vector operands are YMM-sized slots (avx_helper.h). */
#include <string.h>
#include "target/x86_64/avx_helper.h"

static void ld32(CPUState *cs, uint32_t off, uint8_t *v)
{
    memcpy(v, (uint8_t *)cs + off, 16);
    memcpy(v + 16, (uint8_t *)cs + x86_ymm_hi((int32_t)off), 16);
}

static void st32(CPUState *cs, uint32_t off, const uint8_t *v, bool wide)
{
    static const uint8_t zero[16];
    memcpy((uint8_t *)cs + off, v, 16);
    memcpy((uint8_t *)cs + x86_ymm_hi((int32_t)off), wide ? v + 16 : zero, 16);
}

static uint64_t lane(const uint8_t *v, int i, int bytes)
{
    uint64_t x = 0;
    memcpy(&x, v + i * bytes, (size_t)bytes);
    return x;
}

static void set_lane(uint8_t *v, int i, int bytes, uint64_t x) { memcpy(v + i * bytes, &x, (size_t)bytes); }

/* One lane: s1 = the destination, s2 = VEX.vvvv, s3 = r/m; the order picks x * y + z. A NaN
 * operand gives the first NaN of x, y, z (the order's own), quietened and unnegated (as
 * measured on the host). */
static uint64_t fma_lane(const FpFmt *f, int kind, int order, bool odd, uint64_t s1, uint64_t s2,
                         uint64_t s3, FpStatus *st)
{
    uint64_t x = order == X86_FMA_132 ? s1 : s2;
    uint64_t y = order == X86_FMA_213 ? s1 : s3;
    uint64_t z = order == X86_FMA_132 ? s2 : order == X86_FMA_213 ? s3 : s1;
    uint64_t sign = fpu_sign_bit(f);
    bool negp = kind == X86_FMA_NMADD || kind == X86_FMA_NMSUB;
    bool subz = kind == X86_FMA_MSUB || kind == X86_FMA_NMSUB ||
                (kind == X86_FMA_MADDSUB && !odd) || (kind == X86_FMA_MSUBADD && odd);
    uint32_t acc = st->flags;
    st->flags = 0;
    uint64_t r = fpu_fma(f, negp ? x ^ sign : x, y, subz ? z ^ sign : z, st);
    uint64_t ops[3] = { x, y, z };
    for (int i = 0; i < 3; i++)
        if (fpu_is_nan_cls(fpu_classify(f, ops[i]))) {
            r = ops[i] | fpu_quiet_bit(f);
            break;
        }
    x86_mx_denormal_rule(f, ops, 3, 0, st);
    st->flags |= acc;
    return r;
}

/* ctl: kind | order << 3 | double << 5 | scalar << 6 | VEX.L << 7 (avx_helper.h). */
void helper_x86_fma(CPUState *cs, uint32_t ctl, uint32_t d, uint32_t aoff, uint32_t boff)
{
    X86CPU *env = x86_cpu(cs);
    int kind = ctl & 7, order = (ctl >> 3) & 3, bytes = (ctl & 32) ? 8 : 4;
    bool scalar = ctl & 64, wide = ctl & 128;
    const FpFmt *f = bytes == 8 ? &fpu_fmt_d : &fpu_fmt_s;
    uint8_t s1[32], s2[32], s3[32], r[32];
    ld32(cs, d, s1);
    ld32(cs, aoff, s2);
    ld32(cs, boff, s3);
    memcpy(r, s1, 32);
    int n = scalar ? 1 : (wide ? 32 : 16) / bytes;
    FpStatus st = x86_mx_status(env);
    for (int i = 0; i < n; i++)
        set_lane(r, i, bytes, fma_lane(f, kind, order, i & 1, lane(s1, i, bytes), lane(s2, i, bytes),
                                       lane(s3, i, bytes), &st));
    x86_mx_finish(cs, env, &st);
    st32(cs, d, r, wide);
}
IR_HELPER(x86_fma, IR_HTYPE_VOID, IR_CALL_MAY_RAISE | IR_CALL_NO_READ_GLOBALS |
          IR_CALL_NO_WRITE_GLOBALS, IR_HTYPE_PTR, IR_I32, IR_I32, IR_I32, IR_I32);

/* ctl bit 0: VEX.L; bit 1: VCVTPS2PH (else VCVTPH2PS); bits 10:8 its imm (bit 2: MXCSR.RC,
 * else bits 1:0 the rounding mode). The half side is never flushed. */
void helper_x86_f16c(CPUState *cs, uint32_t ctl, uint32_t d, uint32_t s)
{
    static const uint8_t rc_rm[4] = { FP_RM_NE, FP_RM_DN, FP_RM_UP, FP_RM_TZ };
    X86CPU *env = x86_cpu(cs);
    bool wide = ctl & 1;
    unsigned imm = (ctl >> 8) & 7;
    int n = wide ? 8 : 4;
    uint8_t a[32], r[32] = { 0 };
    ld32(cs, s, a);
    FpStatus st = x86_mx_status(env);
    if (ctl & 2) {
        if (!(imm & 4))
            st.rm = rc_rm[imm & 3];
        for (int i = 0; i < n; i++) {
            uint64_t v = lane(a, i, 4);
            uint32_t acc = st.flags;
            st.flags = 0;
            uint64_t h = fpu_convert(&fpu_fmt_h, &fpu_fmt_s, v, &st);
            x86_mx_denormal_rule(&fpu_fmt_s, &v, 1, 0, &st);
            st.flags |= acc;
            set_lane(r, i, 2, h);
        }
        x86_mx_finish(cs, env, &st);
        st32(cs, d, r, false);
    } else {
        for (int i = 0; i < n; i++)
            set_lane(r, i, 4, fpu_convert(&fpu_fmt_s, &fpu_fmt_h, lane(a, i, 2), &st));
        x86_mx_finish(cs, env, &st);
        st32(cs, d, r, wide);
    }
}
IR_HELPER(x86_f16c, IR_HTYPE_VOID, IR_CALL_MAY_RAISE | IR_CALL_NO_READ_GLOBALS |
          IR_CALL_NO_WRITE_GLOBALS, IR_HTYPE_PTR, IR_I32, IR_I32, IR_I32);
