/* A64 FP conversions, rounding, compares and FPCR modes with literal expectations (a64fp):
 * every FCVT* rounding variant, fixed point, FRINT*, FCVT H/S/D incl. AHP, NaN propagation
 * and quieting, FZ/DN, FPSR flags, NZCV of FCMP/FCCMP, AdvSIMD FP. Self-checking: the
 * program exits non-zero on a mismatch (fp_table.c is the exhaustive qemu comparison). */
#include "a64_rt.h"

__asm__(".arch armv8.5-a+crc");     /* FRINT32/64 (FEAT_FRINTTS) */

static void set_fpcr(u64 v) { __asm__ volatile("msr fpcr, %0" :: "r"(v)); }
static u64 get_fpsr(void) { u64 v; __asm__ volatile("mrs %0, fpsr" : "=r"(v)); return v; }
static void set_fpsr(u64 v) { __asm__ volatile("msr fpsr, %0" :: "r"(v)); }

/* insn on d1 (= a) and d2 (= b), result in x9 or d0 -> r */
#define RX(insn, a, b) ({ u64 r_; __asm__ volatile("fmov d1, %1\n fmov d2, %2\n" insn \
        "\n mov %0, x9" : "=r"(r_) : "r"((u64)(a)), "r"((u64)(b)) : "x9", "v0", "v1", "v2", \
        "x10", "cc"); r_; })
#define RD(insn, a, b) ({ u64 r_; __asm__ volatile("fmov d1, %1\n fmov d2, %2\n" insn \
        "\n fmov %0, d0" : "=r"(r_) : "r"((u64)(a)), "r"((u64)(b)) : "x9", "v0", "v1", "v2", \
        "cc"); r_; })
/* vector: v1 = {a, b}, v0 = {c, c}; the result's two halves xor'ed with a rotate */
#define RV(insn, a, b, c) ({ u64 lo_, hi_; __asm__ volatile("mov v1.d[0], %2\n mov v1.d[1], %3\n" \
        "dup v0.2d, %4\n mov v2.16b, v1.16b\n" insn "\n mov %0, v0.d[0]\n mov %1, v0.d[1]" \
        : "=&r"(lo_), "=&r"(hi_) : "r"((u64)(a)), "r"((u64)(b)), "r"((u64)(c)) \
        : "v0", "v1", "v2"); lo_ ^ (hi_ << 1 | hi_ >> 63); })

static void expect(const char *what, int line, u64 got, u64 want, u64 flags)
{
    rt_check(what, line, got, want);
    rt_check(what, line, get_fpsr() & 0x9f, flags);
    set_fpsr(0);
}
#define EXPECT(g, w, f) expect(#g, __LINE__, g, w, f)

#define S(x) ((u64)(x))
#define D(x) ((u64)(x##ull))
#define ROT(lo, hi) ((u64)(lo) ^ ((u64)(hi) << 1 | (u64)(hi) >> 63))

int main(void)
{
    set_fpcr(0);
    set_fpsr(0);
    /* -2.5 and 2.5 in every rounding: N (even), A (away), P, M, Z */
    EXPECT(RX("fcvtns w9, s1", S(0xc0200000), 0), 0xfffffffe, 0x10);
    EXPECT(RX("fcvtas w9, s1", S(0xc0200000), 0), 0xfffffffd, 0x10);
    EXPECT(RX("fcvtps w9, s1", S(0xc0200000), 0), 0xfffffffe, 0x10);
    EXPECT(RX("fcvtms w9, s1", S(0xc0200000), 0), 0xfffffffd, 0x10);
    EXPECT(RX("fcvtzs w9, s1", S(0xc0200000), 0), 0xfffffffe, 0x10);
    EXPECT(RX("fcvtnu x9, d1", D(0x4004000000000000), 0), 2, 0x10);
    EXPECT(RX("fcvtau x9, d1", D(0x4004000000000000), 0), 3, 0x10);
    EXPECT(RX("fcvtpu w9, d1", D(0x4004000000000000), 0), 3, 0x10);
    EXPECT(RX("fcvtmu w9, d1", D(0x4004000000000000), 0), 2, 0x10);
    EXPECT(RX("fcvtzu x9, d1", D(0xc004000000000000), 0), 0, 0x01);     /* negative: IOC */
    /* saturation and NaN -> 0, invalid */
    EXPECT(RX("fcvtzs w9, s1", S(0x4f000000), 0), 0x7fffffff, 0x01);
    EXPECT(RX("fcvtzs x9, d1", D(0xc3e0000000000000), 0), 0x8000000000000000ull, 0);
    EXPECT(RX("fcvtzu w9, s1", S(0x7fc00000), 0), 0, 0x01);
    EXPECT(RX("fcvtzs x9, d1", D(0xfff0000000000000), 0), 0x8000000000000000ull, 0x01);
    /* fixed point */
    EXPECT(RX("fcvtzs w9, s1, #4", S(0x3fc00000), 0), 24, 0);               /* 1.5 * 16 */
    EXPECT(RX("fcvtzu x9, d1, #64", D(0x3fe0000000000000), 0), 1ull << 63, 0);
    EXPECT(RD("mov x9, #3\n scvtf d0, x9, #1", 0, 0), D(0x3ff8000000000000), 0);
    EXPECT(RD("mov x9, #-1\n ucvtf s0, w9", 0, 0), S(0x4f800000), 0x10);
    EXPECT(RD("mov x9, #-1\n scvtf s0, x9", 0, 0), S(0xbf800000), 0);
    /* FRINT: 2.5 N/A/P/M/Z, X raises IXC, I follows FPCR */
    EXPECT(RD("frintn s0, s1", S(0x40200000), 0), S(0x40000000), 0);
    EXPECT(RD("frinta s0, s1", S(0x40200000), 0), S(0x40400000), 0);
    EXPECT(RD("frintp d0, d1", D(0xc004000000000000), 0), D(0xc000000000000000), 0);
    EXPECT(RD("frintm d0, d1", D(0xbfe0000000000000), 0), D(0xbff0000000000000), 0);
    EXPECT(RD("frintz d0, d1", D(0xbfe0000000000000), 0), D(0x8000000000000000), 0);
    EXPECT(RD("frintx s0, s1", S(0x40200000), 0), S(0x40000000), 0x10);
    EXPECT(RD("frintx s0, s1", S(0x7f800001), 0), S(0x7fc00001), 0x01);    /* quietened */
    set_fpcr(1ul << 22);                                                    /* RP */
    EXPECT(RD("frinti s0, s1", S(0x40200000), 0), S(0x40400000), 0);
    EXPECT(RX("fcvtzs w9, s1", S(0x40200000), 0), 2, 0x10);                 /* Z: not FPCR */
    set_fpcr(0);
    /* FJCVTZS: modulo 2^32, Z when exact; FRINT32Z/64X range */
    EXPECT(RX("fjcvtzs w9, d1\n mrs x10, nzcv\n orr x9, x9, x10", D(0xc1f0000000800000), 0),
           0xfffffff8ul, 0x01);                                     /* -(2^32 + 8): mod 2^32 */
    EXPECT(RX("fjcvtzs w9, d1\n mrs x10, nzcv\n orr x9, x9, x10", D(0xc0fe240000000000), 0),
           0xfffe1dc0ul | 0x40000000ul, 0);
    EXPECT(RD("frint32z s0, s1", S(0x4f000000), 0), S(0xcf000000), 0x01);
    EXPECT(RD("frint32z s0, s1", S(0xcf000000), 0), S(0xcf000000), 0);
    EXPECT(RD("frint64x d0, d1", D(0x3ff8000000000000), 0), D(0x4000000000000000), 0x10);
    /* FCVT between formats: payload kept and quietened, AHP, overflow */
    EXPECT(RD("fcvt d0, s1", S(0x7f800001), 0), D(0x7ff8000020000000), 0x01);
    EXPECT(RD("fcvt s0, d1", D(0x47f0000000000000), 0), S(0x7f800000), 0x14);
    EXPECT(RD("fcvt h0, s1", S(0x477fe000), 0), S(0x7bff), 0);               /* 65504 */
    EXPECT(RD("fcvt h0, s1", S(0x47800000), 0), S(0x7c00), 0x14);
    EXPECT(RD("fcvt s0, h1", S(0x0001), 0), S(0x33800000), 0);               /* denormal */
    set_fpcr(1ul << 26);                                                    /* AHP */
    EXPECT(RD("fcvt h0, s1", S(0x47800000), 0), S(0x7c00), 0);               /* 65536 */
    EXPECT(RD("fcvt h0, s1", S(0x48000000), 0), S(0x7fff), 0x01);            /* saturates */
    EXPECT(RD("fcvt h0, s1", S(0xffc00000), 0), S(0x8000), 0x01);            /* NaN: -0 */
    EXPECT(RD("fcvt s0, h1", S(0x7c00), 0), S(0x47800000), 0);
    /* FZ: denormal input flushed (IDC), tiny output flushed (UFC); DN */
    set_fpcr(1ul << 24);
    EXPECT(RD("fsqrt s0, s1", S(0x00000001), 0), 0, 0x80);
    EXPECT(RD("fcvt s0, d1", D(0x3800000000000000), 0), 0, 0x08);
    EXPECT(RX("fcmp s1, s2\n mrs x9, nzcv", S(0x00000001), S(0x80000000)), 0x60000000, 0x80);
    set_fpcr(1ul << 25);
    EXPECT(RD("fsqrt d0, d1", D(0x7ff0000000000001), 0), D(0x7ff8000000000000), 0x01);
    EXPECT(RD("fsqrt d0, d1", D(0xbff0000000000000), 0), D(0x7ff8000000000000), 0x01);
    set_fpcr(0);
    /* NaN propagation: signalling first, then the first operand */
    EXPECT(RD("fadd d0, d1, d2", D(0x7ff8000000000001), D(0x7ff0000000000002)),
           D(0x7ff8000000000002), 0x01);
    EXPECT(RD("fmul s0, s1, s2", S(0xffc00001), S(0x7fc00002)), S(0xffc00001), 0);
    EXPECT(RD("fmaxnm s0, s1, s2", S(0x7fc00001), S(0xbf800000)), S(0xbf800000), 0);
    /* compares: NZCV, FCMPE signals on quiet NaN, FCMP only on signalling */
    EXPECT(RX("fcmp d1, d2\n mrs x9, nzcv", D(0x3ff0000000000000), D(0x4000000000000000)),
           0x80000000, 0);
    EXPECT(RX("fcmp d1, #0.0\n mrs x9, nzcv", D(0x8000000000000000), 0), 0x60000000, 0);
    EXPECT(RX("fcmp s1, s2\n mrs x9, nzcv", S(0x7fc00000), S(0)), 0x30000000, 0);
    EXPECT(RX("fcmpe s1, s2\n mrs x9, nzcv", S(0x7fc00000), S(0)), 0x30000000, 0x01);
    EXPECT(RX("fcmp s1, s2\n mrs x9, nzcv", S(0x7f800001), S(0)), 0x30000000, 0x01);
    EXPECT(RX("fcmp s1, s2\n mrs x9, nzcv", S(0x40000000), S(0x3f800000)), 0x20000000, 0);
    EXPECT(RX("mov x9, #0\n cmp x9, #1\n fccmp s1, s2, #4, eq\n mrs x9, nzcv", S(0x7fc00000), 0),
           0x40000000, 0);                                      /* condition false: no IOC */
    EXPECT(RX("mov x9, #0\n cmp x9, #0\n fccmpe s1, s2, #4, eq\n mrs x9, nzcv", S(0x7fc00000), 0),
           0x30000000, 0x01);
    EXPECT(RD("fcmp d1, d2\n fcsel d0, d1, d2, mi", D(0x3ff0000000000000), D(0x4000000000000000)),
           D(0x3ff0000000000000), 0);
    EXPECT(RD("fmov s0, #-0.125", 0, 0), S(0xbe000000), 0);
    /* AdvSIMD: lanes, pairwise, across, by element, estimates */
    EXPECT(RV("fadd v0.4s, v1.4s, v2.4s", 0x3f80000040000000ull, 0x7f8000017fc00000ull, 0),
           ROT(0x4000000040800000ull, 0x7fc000017fc00000ull), 0x01);
    EXPECT(RV("fmla v0.2d, v1.2d, v2.2d", D(0x4000000000000000), D(0x7ff0000000000000),
              D(0x3ff0000000000000)), ROT(0x4014000000000000ull, 0x7ff0000000000000ull), 0);
    EXPECT(RV("faddp v0.4s, v1.4s, v2.4s", 0x3f8000003f800000ull, 0x4000000040000000ull, 0),
           ROT(0x4080000040000000ull, 0x4080000040000000ull), 0);
    EXPECT(RV("fmaxv s0, v1.4s", 0x3f800000bf800000ull, 0xc0000000c1000000ull, 0),
           0x3f800000, 0);
    EXPECT(RV("fminnmv s0, v1.4s", 0x7fc000003f800000ull, 0xc0000000c1000000ull, 0),
           0xc1000000, 0);
    EXPECT(RV("fmul v0.4s, v1.4s, v2.s[3]", 0x3f80000040000000ull, 0x4040000040800000ull, 0),
           0xc2600000c2400000ull, 0);
    EXPECT(RV("fcmge v0.2d, v1.2d, #0.0", D(0x8000000000000000), D(0x7ff8000000000000), 0),
           ROT(~0ull, 0), 0x01);
    EXPECT(RV("frecpe v0.4s, v1.4s", 0x3f80000040000000ull, 0, 0),
           ROT(0x3f7f80003eff8000ull, 0x7f8000007f800000ull), 0x02);
    EXPECT(RV("frsqrte v0.2d, v1.2d", D(0x4010000000000000), D(0x3ff0000000000000), 0),
           ROT(0x3fdff00000000000ull, 0x3feff00000000000ull), 0);
    EXPECT(RV("frecps v0.4s, v1.4s, v2.4s", 0x3f80000040000000ull, 0x7f80000000000000ull, 0),
           0xc080000040000001ull, 0);
    EXPECT(RV("fcvtxn v0.2s, v1.2d", D(0x3ff0000010000000), D(0x3ff0000000000001), 0),
           0x3f8000013f800001ull, 0x10);
    EXPECT(RV("fcvtl v0.2d, v1.2s", 0x3f800000c0000000ull, 0, 0),
           ROT(0xc000000000000000ull, 0x3ff0000000000000ull), 0);
    set_fpcr(0);
    return DONE();
}
