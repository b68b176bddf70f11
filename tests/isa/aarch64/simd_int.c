/* AdvSIMD integer edge cases: saturation and FPSR.QC, shifts by >= the lane width and by
 * negative counts (SSHL/USHL and their rounding/saturating forms), rounding shifts by the
 * full width, narrowing saturation, widening, pairwise, across lanes, by element and the
 * scalar forms (which zero the rest of the register). Each line is checked against the
 * Arm ARM result and printed for the comparison with qemu-aarch64. */
#include "a64_rt.h"

typedef struct { u64 lo, hi; } V;
static V res;
static u64 fpsr_out;

/* d = insn(v0 = dv, v1 = a, v2 = b), FPSR cleared first; result and QC kept. Operands are
 * macros (Z, VB(x), P(lo, hi), ...) so that their commas stay inside one argument. */
#define T(insn, dv, a, b, lo, hi, qc) do { \
        static const V in_[3] = { dv, a, b }; \
        __asm__ volatile("ldp q0, q1, [%1]\n ldr q2, [%1, #32]\n msr fpsr, xzr\n" insn "\n" \
                         "str q0, [%2]\n mrs %0, fpsr" : "=r"(fpsr_out) \
                         : "r"(in_), "r"(&res) : "v0", "v1", "v2", "memory"); \
        check(insn, __LINE__, lo, hi, qc); \
    } while (0)

static void check(const char *name, int line, u64 lo, u64 hi, int qc)
{
    rt_puts(name);
    rt_putc(' ');
    rt_hex(res.lo);
    rt_putc(' ');
    rt_hex(res.hi);
    rt_puts(fpsr_out & (1u << 27) ? " QC\n" : "\n");
    rt_check(name, line, res.lo, lo);
    rt_check(name, line, res.hi, hi);
    rt_check(name, line, (fpsr_out >> 27) & 1, (u64)qc);
}

#define P(lo, hi) { lo, hi }
#define Z P(0, 0)
#define B8(x) (0x0101010101010101ull * (u64)(x))
#define H4(x) (0x0001000100010001ull * (u64)(x))
#define S2(x) (0x0000000100000001ull * (u64)(x))
#define VB(x) P(B8(x), B8(x))
#define VH(x) P(H4(x), H4(x))
#define VS(x) P(S2(x), S2(x))
#define VD(x) P((u64)(x), (u64)(x))
#define M1 0xffffffffffffffffull

static void three_same(void)
{
    T("sqadd v0.16b, v1.16b, v2.16b", Z, VB(0x7f), VB(1), B8(0x7f), B8(0x7f), 1);
    T("sqadd v0.16b, v1.16b, v2.16b", Z, VB(0x80), VB(0xff), B8(0x80), B8(0x80), 1);
    T("sqadd v0.8b, v1.8b, v2.8b", Z, VB(0x10), VB(0x20), B8(0x30), 0, 0);
    T("uqadd v0.8h, v1.8h, v2.8h", Z, VH(0xffff), VH(1), H4(0xffff), H4(0xffff), 1);
    T("uqsub v0.4s, v1.4s, v2.4s", Z, VS(1), VS(2), 0, 0, 1);
    T("sqsub v0.2d, v1.2d, v2.2d", Z, VD(0x8000000000000000ull), VD(1),
      0x8000000000000000ull, 0x8000000000000000ull, 1);
    T("shadd v0.16b, v1.16b, v2.16b", Z, VB(0x7f), VB(0x7f), B8(0x7f), B8(0x7f), 0);
    T("uhadd v0.16b, v1.16b, v2.16b", Z, VB(0xff), VB(0xff), B8(0xff), B8(0xff), 0);
    T("srhadd v0.8h, v1.8h, v2.8h", Z, VH(0xffff), VH(0), 0, 0, 0);
    T("urhadd v0.8h, v1.8h, v2.8h", Z, VH(0xffff), VH(0), H4(0x8000), H4(0x8000), 0);
    T("shsub v0.4s, v1.4s, v2.4s", Z, VS(0x80000000), VS(0x7fffffff), S2(0x80000000),
      S2(0x80000000), 0);
    T("sabd v0.16b, v1.16b, v2.16b", Z, VB(0x80), VB(0x7f), B8(0xff), B8(0xff), 0);
    T("uaba v0.8h, v1.8h, v2.8h", VH(1), VH(3), VH(10), H4(8), H4(8), 0);
    /* shifts by register: the count is the signed low byte of each lane */
    T("sshl v0.2d, v1.2d, v2.2d", Z, P(0x8000000000000001ull, 0x8000000000000001ull),
      P(64, (u64)-64), 0, M1, 0);
    T("sshl v0.2d, v1.2d, v2.2d", Z, VD(0x8000000000000000ull), P((u64)-1, 0x80),
      0xc000000000000000ull, M1, 0);
    T("ushl v0.2d, v1.2d, v2.2d", Z, VD(M1), P((u64)-64, 0x3f), 0, 0x8000000000000000ull, 0);
    T("ushl v0.16b, v1.16b, v2.16b", Z, VB(0xff), P(0x8000f9f8f70801ffull, 0),
      0x00ff01000000fe7full, M1, 0);
    T("srshl v0.2d, v1.2d, v2.2d", Z, VD(0x8000000000000000ull), P((u64)-64, (u64)-63),
      0, M1, 0);
    T("urshl v0.2d, v1.2d, v2.2d", Z, VD(M1), P((u64)-64, (u64)-65), 1, 0, 0);
    T("urshl v0.8b, v1.8b, v2.8b", Z, VB(0x80), VB(0xf8), B8(1), 0, 0);
    T("sqshl v0.4s, v1.4s, v2.4s", Z, P(0xffffffff00000001ull, 0x0000000100000000ull),
      P(0x000000280000001full, 0x0000006400000080ull), 0x800000007fffffffull,
      0x7fffffff00000000ull, 1);
    T("sqshl v0.4s, v1.4s, v2.4s", Z, VS(0), VS(100), 0, 0, 0);
    T("uqshl v0.8h, v1.8h, v2.8h", Z, VH(0x8000), P(H4(1), H4(0xfff0)), H4(0xffff), H4(0), 1);
    T("uqrshl v0.16b, v1.16b, v2.16b", Z, VB(0xff), VB(0xf8), B8(1), B8(1), 0);
    T("sqrshl v0.8h, v1.8h, v2.8h", Z, VH(0x4000), VH(2), H4(0x7fff), H4(0x7fff), 1);
    T("sqdmulh v0.8h, v1.8h, v2.8h", Z, VH(0x8000), VH(0x8000), H4(0x7fff), H4(0x7fff), 1);
    T("sqdmulh v0.4s, v1.4s, v2.4s", Z, VS(0x40000000), VS(0x40000000), S2(0x20000000),
      S2(0x20000000), 0);
    T("sqrdmulh v0.4h, v1.4h, v2.4h", Z, VH(0x0001), VH(0x4000), H4(1), 0, 0);
    T("pmul v0.16b, v1.16b, v2.16b", Z, VB(0xff), VB(0xff), B8(0x55), B8(0x55), 0);
    T("mla v0.4s, v1.4s, v2.4s", VS(5), VS(3), VS(7), S2(26), S2(26), 0);
    T("mls v0.8h, v1.8h, v2.8h", VH(5), VH(3), VH(7), H4(0xfff0), H4(0xfff0), 0);
    T("mul v0.16b, v1.16b, v2.16b", Z, VB(0x11), VB(0x11), B8(0x21), B8(0x21), 0);
    T("cmtst v0.2d, v1.2d, v2.2d", Z, P(1, 2), VD(1), M1, 0, 0);
    T("cmhi v0.4s, v1.4s, v2.4s", Z, VS(0x80000000), VS(1), S2(0xffffffff), S2(0xffffffff), 0);
    T("cmgt v0.4s, v1.4s, v2.4s", Z, VS(0x80000000), VS(1), 0, 0, 0);
    T("smaxp v0.4s, v1.4s, v2.4s", Z, P(0xffffffff00000001ull, 5), P(0x80000000ull, 7),
      0x0000000500000001ull, 0x0000000700000000ull, 0);
    T("addp v0.2d, v1.2d, v2.2d", Z, P(1, 2), P(M1, 2), 3, 1, 0);
    T("bsl v0.16b, v1.16b, v2.16b", P(0xff00ff00ff00ff00ull, 0), VD(0x1111111111111111ull),
      VD(0x2222222222222222ull), 0x1122112211221122ull, 0x2222222222222222ull, 0);
}

static void misc(void)
{
    T("sqabs v0.16b, v1.16b", Z, VB(0x80), Z, B8(0x7f), B8(0x7f), 1);
    T("abs v0.16b, v1.16b", Z, VB(0x80), Z, B8(0x80), B8(0x80), 0);
    T("sqneg v0.2d, v1.2d", Z, P(0x8000000000000000ull, 5), Z, 0x7fffffffffffffffull,
      (u64)-5, 1);
    T("suqadd v0.16b, v1.16b", VB(0x7f), VB(1), Z, B8(0x7f), B8(0x7f), 1);
    T("usqadd v0.16b, v1.16b", VB(1), VB(0xfe), Z, 0, 0, 1);
    T("cls v0.16b, v1.16b", Z, P(0xff00, 0x40c0), Z, 0x0707070707070707ull,
      0x0707070707070000ull | 0x0001, 0);
    T("clz v0.8h, v1.8h", Z, P(0x0001000000008000ull, M1), Z, 0x000f001000100000ull, 0, 0);
    T("cnt v0.16b, v1.16b", Z, P(0xff0f0100, 0), Z, 0x08040100, 0, 0);
    T("rbit v0.8b, v1.8b", Z, P(0x01c0, 0), Z, 0x8003, 0, 0);
    T("rev64 v0.4h, v1.4h", Z, P(0x0004000300020001ull, 0), Z, 0x0001000200030004ull, 0, 0);
    T("rev32 v0.8h, v1.8h", Z, P(0x0004000300020001ull, 7), Z, 0x0003000400010002ull,
      0x0000000000070000ull, 0);
    T("rev16 v0.16b, v1.16b", Z, P(0x0102030405060708ull, 0), Z, 0x0201040306050807ull, 0, 0);
    T("cmle v0.8h, v1.8h, #0", Z, P(0x0001000080000000ull, 0), Z, 0x0000ffffffffffffull,
      M1, 0);
    T("cmge v0.2d, v1.2d, #0", Z, P(0, M1), Z, M1, 0, 0);
    T("saddlp v0.4s, v1.8h", Z, P(0xffffffff7fff7fffull, 0), Z, 0xfffffffe0000fffeull, 0, 0);
    T("uadalp v0.1d, v1.2s", P(1, 9), P(M1, 0), Z, 0x1ffffffffull, 0, 0);
    T("xtn2 v0.16b, v1.8h", P(0x1234, 0x5678), VH(0x1ff), Z, 0x1234, B8(0xff), 0);
    T("sqxtn v0.8b, v1.8h", P(0, 9), P(0x0100ff80007f8000ull, 0x7fff), Z,
      0x0000007f7f807f80ull, 0, 1);
    T("uqxtn v0.4h, v1.4s", Z, P(0x0000ffff00010000ull, 0), Z, 0xffffffff, 0, 1);
    T("sqxtun2 v0.4s, v1.2d", P(3, 4), P(M1, 0x100000000ull), Z, 3, 0xffffffff00000000ull, 1);
    T("shll v0.8h, v1.8b, #8", Z, P(0xff01, 0), Z, 0xff000100, 0, 0);
    T("shll2 v0.2d, v1.4s, #32", Z, P(0, 0x80000000ull), Z, 0x8000000000000000ull, 0, 0);
}

static void across_long(void)
{
    T("addv b0, v1.16b", VB(0xee), VB(0x11), Z, 0x10, 0, 0);
    T("uaddlv h0, v1.8b", Z, VB(0xff), Z, 0x7f8, 0, 0);
    T("saddlv s0, v1.8h", Z, VH(0x8000), Z, 0xfffc0000, 0, 0);
    T("smaxv h0, v1.8h", Z, P(0x8000fffe00010002ull, 0xffff), Z, 2, 0, 0);
    T("uminv s0, v1.4s", Z, P(0xffffffff80000000ull, 0x7fffffffffffffffull), Z, 0x7fffffff,
      0, 0);
    T("saddl v0.8h, v1.8b, v2.8b", Z, VB(0x80), VB(0xff), H4(0xff7f), H4(0xff7f), 0);
    T("uaddw2 v0.4s, v1.4s, v2.8h", Z, VS(0xffffffff), P(0, H4(1)), 0, 0, 0);
    T("usubl v0.2d, v1.2s, v2.2s", Z, VS(0), VS(1), M1, M1, 0);
    T("sabdl2 v0.8h, v1.16b, v2.16b", Z, P(0, B8(0x80)), P(0, B8(0x7f)), H4(0xff), H4(0xff), 0);
    T("umlal v0.2d, v1.2s, v2.2s", VD(1), VS(0xffffffff), VS(0xffffffff),
      0xfffffffe00000002ull, 0xfffffffe00000002ull, 0);
    T("smlsl v0.4s, v1.4h, v2.4h", VS(0), VH(0x8000), VH(0x8000), S2(0xc0000000),
      S2(0xc0000000), 0);
    T("smull v0.4s, v1.4h, v2.4h", Z, VH(0xffff), VH(0x7fff), S2(0xffff8001), S2(0xffff8001), 0);
    T("sqdmull v0.4s, v1.4h, v2.4h", Z, VH(0x8000), VH(0x8000), S2(0x7fffffff), S2(0x7fffffff), 1);
    T("sqdmlal v0.2d, v1.2s, v2.2s", VD(0x7fffffffffffffffull), VS(1), VS(1),
      0x7fffffffffffffffull, 0x7fffffffffffffffull, 1);
    T("sqdmlsl2 v0.4s, v1.8h, v2.8h", VS(0), P(0, H4(0x8000)), P(0, H4(0x8000)),
      S2(0x80000001), S2(0x80000001), 1);
    T("addhn v0.8b, v1.8h, v2.8h", Z, VH(0x80ff), VH(0x0001), B8(0x81), 0, 0);
    T("raddhn2 v0.16b, v1.8h, v2.8h", P(5, 6), VH(0x0080), VH(0), 5, B8(1), 0);
    T("subhn v0.4h, v1.4s, v2.4s", Z, VS(0), VS(1), H4(0xffff), 0, 0);
    T("rsubhn v0.2s, v1.2d, v2.2d", Z, VD(0x80000000ull), VD(0), S2(1), 0, 0);
}

static void by_element(void)
{
    T("mul v0.8h, v1.8h, v2.h[7]", Z, VH(3), P(0, 0x0005000000000000ull), H4(15), H4(15), 0);
    T("mla v0.4s, v1.4s, v2.s[1]", VS(1), VS(3), P(0x0000000700000000ull, 0), S2(22), S2(22), 0);
    T("mls v0.4h, v1.4h, v2.h[0]", VH(1), VH(3), P(2, 0), H4(0xfffb), 0, 0);
    T("umull2 v0.2d, v1.4s, v2.s[3]", Z, P(0, S2(0xffffffff)), P(0, 0xffffffff00000000ull),
      0xfffffffe00000001ull, 0xfffffffe00000001ull, 0);
    T("smlal v0.4s, v1.4h, v2.h[2]", VS(1), VH(0xffff), P(0x0000000200000000ull, 0),
      S2(0xffffffff), S2(0xffffffff), 0);
    T("sqdmulh v0.4s, v1.4s, v2.s[0]", Z, VS(0x80000000), P(0x80000000, 0), S2(0x7fffffff),
      S2(0x7fffffff), 1);
    T("sqrdmulh v0.8h, v1.8h, v2.h[1]", Z, VH(0x4000), P(0x40000000, 0), H4(0x2000),
      H4(0x2000), 0);
    T("sqdmull v0.2d, v1.2s, v2.s[1]", Z, VS(0x80000000), P(0x8000000000000000ull, 0),
      0x7fffffffffffffffull, 0x7fffffffffffffffull, 1);
    T("sqdmulh s0, s1, v2.s[2]", Z, P(0x4000000080000000ull, M1), P(0, 0x80000000),
      0x7fffffff, 0, 1);
    T("sqdmlal s0, h1, v2.h[3]", P(0xffffffff00000005ull, M1), VH(2), P(0x0003000000000000ull, 0),
      17, 0, 0);
}

static void shifts(void)
{
    T("sshr v0.16b, v1.16b, #8", Z, P(0x80, 0x7f), Z, 0xff, 0, 0);
    T("ushr v0.2d, v1.2d, #64", Z, VD(M1), Z, 0, 0, 0);
    T("sshr v0.2d, v1.2d, #64", Z, P(M1, 1), Z, M1, 0, 0);
    T("ssra v0.4s, v1.4s, #32", VS(5), VS(0x80000000), Z, S2(4), S2(4), 0);
    T("usra v0.8h, v1.8h, #16", VH(5), VH(0xffff), Z, H4(5), H4(5), 0);
    T("srshr v0.2d, v1.2d, #64", Z, P(0x8000000000000000ull, 0x7fffffffffffffffull), Z, 0, 0, 0);
    T("urshr v0.2d, v1.2d, #64", Z, P(0x8000000000000000ull, 0x7fffffffffffffffull), Z, 1, 0, 0);
    T("ursra v0.16b, v1.16b, #8", VB(1), VB(0x80), Z, B8(2), B8(2), 0);
    T("srsra v0.8h, v1.8h, #1", VH(1), VH(0xffff), Z, H4(1), H4(1), 0);
    T("sri v0.2d, v1.2d, #64", VD(0x1234), VD(M1), Z, 0x1234, 0x1234, 0);
    T("sri v0.8h, v1.8h, #4", VH(0x1234), VH(0xabcd), Z, H4(0x1abc), H4(0x1abc), 0);
    T("sli v0.4s, v1.4s, #8", VS(0x12345678), VS(0xabcdef01), Z, S2(0xcdef0178), S2(0xcdef0178), 0);
    T("shl v0.16b, v1.16b, #7", Z, VB(3), Z, B8(0x80), B8(0x80), 0);
    T("sqshl v0.16b, v1.16b, #1", Z, P(0x8040c0, 0), Z, 0x807f80, 0, 1);
    T("uqshl v0.4s, v1.4s, #31", Z, P(1, 2), Z, 0x80000000, 0xffffffff, 1);
    T("sqshlu v0.4s, v1.4s, #1", Z, P(0x40000000ffffffffull, 0x7fffffff), Z,
      0x8000000000000000ull, 0xfffffffe, 1);
    T("shrn v0.8b, v1.8h, #8", Z, VH(0x1234), Z, B8(0x12), 0, 0);
    T("rshrn2 v0.16b, v1.8h, #8", P(7, 7), VH(0x1280), Z, 7, B8(0x13), 0);
    T("sqshrn v0.8b, v1.8h, #1", Z, P(0x7fff, 0), Z, 0x7f, 0, 1);
    T("uqshrn v0.4h, v1.4s, #1", Z, P(0xffffffff, 0), Z, 0xffff, 0, 1);
    T("sqrshrn v0.2s, v1.2d, #32", Z, P(0xffffffff80000000ull, 0x7fffffff80000000ull), Z,
      0x7fffffff00000000ull, 0, 1);
    T("uqrshrn v0.8b, v1.8h, #8", Z, P(0xff80, 0), Z, 0xff, 0, 1);
    T("sqshrun v0.4h, v1.4s, #4", Z, P(0xffffffff00000100ull, 0), Z, 0x10, 0, 1);
    T("sqrshrun2 v0.8h, v1.4s, #16", P(9, 9), P(0x00007fff0001ffffull, 0), Z, 9, 2, 0);
    T("sshll v0.8h, v1.8b, #0", Z, P(0x80, 0), Z, 0xff80, 0, 0);
    T("ushll2 v0.4s, v1.8h, #15", Z, P(0, 0xffff), Z, 0x7fff8000, 0, 0);
}

static void scalar(void)
{
    T("sqadd b0, b1, b2", Z, VB(0x7f), VB(0x7f), 0x7f, 0, 1);
    T("uqsub h0, h1, h2", Z, VH(0x0010), VH(0x0001), 0xf, 0, 0);
    T("sqsub s0, s1, s2", Z, VS(0x80000000), VS(1), 0x80000000, 0, 1);
    T("sqshl d0, d1, d2", Z, VD(1), VD(63), 0x7fffffffffffffffull, 0, 1);
    T("uqrshl s0, s1, s2", Z, VS(0xffffffff), VS(0xe0), 1, 0, 0);
    T("sshl d0, d1, d2", Z, VD(0x8000000000000000ull), VD(0xc1), 0xffffffffffffffffull, 0, 0);
    T("cmtst d0, d1, d2", Z, VD(6), VD(2), M1, 0, 0);
    T("cmhs d0, d1, d2", Z, VD(1), VD(M1), 0, 0, 0);
    T("add d0, d1, d2", Z, VD(M1), VD(2), 1, 0, 0);
    T("sqdmulh h0, h1, h2", Z, VH(0x8000), VH(0x8000), 0x7fff, 0, 1);
    T("sqrdmulh s0, s1, s2", Z, VS(0x7fffffff), VS(0x7fffffff), 0x7ffffffe, 0, 0);
    T("sqabs b0, b1", Z, VB(0x80), Z, 0x7f, 0, 1);
    T("sqneg d0, d1", Z, VD(0x8000000000000000ull), Z, 0x7fffffffffffffffull, 0, 1);
    T("suqadd h0, h1", VH(0x7ff0), VH(0x00ff), Z, 0x7fff, 0, 1);
    T("usqadd s0, s1", VS(5), VS(0xfffffffb), Z, 0, 0, 0);
    T("abs d0, d1", Z, VD(0x8000000000000000ull), Z, 0x8000000000000000ull, 0, 0);
    T("neg d0, d1", Z, VD(1), Z, M1, 0, 0);
    T("cmlt d0, d1, #0", Z, VD(M1), Z, M1, 0, 0);
    T("sqxtn b0, h1", Z, VH(0xff7f), Z, 0x80, 0, 1);
    T("uqxtn h0, s1", Z, VS(0x12345), Z, 0xffff, 0, 1);
    T("sqxtun s0, d1", Z, VD(0x7fffffff), Z, 0x7fffffff, 0, 0);
    T("addp d0, v1.2d", Z, P(5, 7), Z, 12, 0, 0);
    T("sshr d0, d1, #64", Z, VD(0x8000000000000000ull), Z, M1, 0, 0);
    T("ursra d0, d1, #64", VD(3), VD(M1), Z, 4, 0, 0);
    T("sri d0, d1, #1", VD(M1), VD(0), Z, 0x8000000000000000ull, 0, 0);
    T("shl d0, d1, #63", Z, VD(3), Z, 0x8000000000000000ull, 0, 0);
    T("sqshl b0, b1, #7", Z, VB(1), Z, 0x7f, 0, 1);
    T("sqshlu h0, h1, #0", Z, VH(0x8000), Z, 0, 0, 1);
    T("uqshl s0, s1, #4", Z, VS(0x0fffffff), Z, 0xfffffff0, 0, 0);
    T("sqrshrn b0, h1, #8", Z, VH(0x7f80), Z, 0x7f, 0, 1);
    T("uqshrn s0, d1, #32", Z, VD(0x123456789ull), Z, 1, 0, 0);
    T("sqrshrun h0, s1, #1", Z, VS(0xffffffff), Z, 0, 0, 0);
    T("sqdmull d0, s1, s2", Z, VS(0x80000000), VS(0x80000000), 0x7fffffffffffffffull, 0, 1);
    T("sqdmlsl s0, h1, h2", VS(0x80000000), VH(1), VH(1), 0x80000000, 0, 1);
}

int main(void)
{
    three_same();
    misc();
    across_long();
    by_element();
    shifts();
    scalar();
    return DONE();
}
