/* SSE3/SSSE3/SSE4.1/SSE4.2 differential test: each instruction in register and memory forms
 * over random and edge inputs (PCMPxSTRx over every imm8 mode on short-alphabet strings with
 * nulls; PCLMULQDQ too), results, RFLAGS and MXCSR hashed per instruction; the host CPU is the oracle. */
#define X86_RT_SEED 0x13198a2e03707344ull
#include "x86_rt.h"
typedef struct { u64 lo, hi; } __attribute__((aligned(16))) V;



static const u64 edge[] = {
    0, ~0ull, 0x8000000080000000ull, 0x7fff7fff7fff7fffull, 0x8000800080008000ull,
    0x3ff0000000000000ull, 0x7ff8000000000000ull, 0x0000000000000001ull, 0x7f8000003f800000ull,
    0x00ff00ff00ff00ffull, 0x8080808080808080ull, 0x0001000100010001ull,
};
/* Strings for PCMPxSTRx: bytes from a 4-letter alphabet, sometimes a null. */
static u64 strword(void)
{
    u64 r = 0;
    for (int i = 0; i < 8; i++) {
        u64 c = "abcd"[rnd() & 3];
        if ((rnd() & 31) == 0)
            c = 0;
        if ((rnd() & 63) == 0)
            c = 0x80 | (rnd() & 0x7f);
        r |= c << (8 * i);
    }
    return r;
}
static V operand(void)
{
    V v = { rnd(), rnd() };
    unsigned k = (unsigned)rnd() % 5;
    if (k == 0) v.lo = edge[rnd() % 12], v.hi = edge[rnd() % 12];
    if (k == 1) v.lo = strword(), v.hi = strword();
    return v;
}

static u64 hs[200];
static void mix(int i, u64 v) { hs[i] = (hs[i] ^ v) * 1099511628211ull + 1; }

#define MIXV(i, v) do { mix(i, (v).lo); mix(i, (v).hi); } while (0)
/* Register form and memory form of "insn src, dst" (and with an imm8). */
#define OP2(i, insn) do { V a = operand(), b = operand(), c = a; \
    __asm__(insn " %1, %0" : "+x"(a) : "x"(b)); MIXV(i, a); \
    __asm__(insn " %1, %0" : "+x"(c) : "m"(b)); MIXV(i, c); } while (0)
#define OPI(i, insn, imm) do { V a = operand(), b = operand(), c = a; \
    __asm__(insn " $" #imm ", %1, %0" : "+x"(a) : "x"(b)); MIXV(i, a); \
    __asm__(insn " $" #imm ", %1, %0" : "+x"(c) : "m"(b)); MIXV(i, c); } while (0)
/* Blends with the implicit XMM0 mask. */
#define OPX0(i, insn) do { V a = operand(), b = operand(), m = operand(), c = a; \
    __asm__("movdqa %2, %%xmm0\n\t" insn " %%xmm0, %1, %0" : "+x"(a) : "x"(b), "m"(m) : "xmm0"); MIXV(i, a); \
    __asm__("movdqa %2, %%xmm0\n\t" insn " %%xmm0, %1, %0" : "+x"(c) : "m"(b), "m"(m) : "xmm0"); MIXV(i, c); } while (0)
/* FP ops: MXCSR flags too. */
#define FP2(i, insn) do { V a = operand(), b = operand(), c = a; unsigned m = mxcsr, r; \
    __asm__ volatile("ldmxcsr %2\n\t" insn " %1, %0\n\tstmxcsr %3" : "+x"(a) : "x"(b), "m"(m), "m"(r)); \
    MIXV(i, a); mix(i, r); \
    __asm__ volatile("ldmxcsr %2\n\t" insn " %1, %0\n\tstmxcsr %3" : "+x"(c) : "m"(b), "m"(m), "m"(r)); \
    MIXV(i, c); mix(i, r); } while (0)
#define FPI(i, insn, imm) do { V a = operand(), b = operand(), c = a; unsigned m = mxcsr, r; \
    __asm__ volatile("ldmxcsr %2\n\t" insn " $" #imm ", %1, %0\n\tstmxcsr %3" : "+x"(a) : "x"(b), "m"(m), "m"(r)); \
    MIXV(i, a); mix(i, r); \
    __asm__ volatile("ldmxcsr %2\n\t" insn " $" #imm ", %1, %0\n\tstmxcsr %3" : "+x"(c) : "m"(b), "m"(m), "m"(r)); \
    MIXV(i, c); mix(i, r); } while (0)
/* Narrow memory sources (PMOVSX/ZX, MOVDDUP): the low bytes of b. */
#define OPN(i, insn, T) do { V a = operand(), b = operand(), c = a; \
    __asm__(insn " %1, %0" : "+x"(a) : "x"(b)); MIXV(i, a); \
    __asm__(insn " %1, %0" : "+x"(c) : "m"(*(T *)&b)); MIXV(i, c); } while (0)

static void round_ssse3(void)
{
    OP2(0, "phaddw"); OP2(1, "phaddd"); OP2(2, "phaddsw"); OP2(3, "phsubw"); OP2(4, "phsubd");
    OP2(5, "phsubsw"); OP2(6, "pmaddubsw"); OP2(7, "pmulhrsw"); OP2(8, "psignb");
    OP2(9, "psignw"); OP2(10, "psignd"); OP2(11, "pabsb"); OP2(12, "pabsw"); OP2(13, "pabsd");
    OP2(14, "pshufb"); OPI(15, "palignr", 0); OPI(16, "palignr", 7); OPI(17, "palignr", 16);
    OPI(18, "palignr", 31); OPI(19, "palignr", 200);
}

static void round_sse41(void)
{
    OPN(20, "pmovsxbw", u64); OPN(21, "pmovsxbd", unsigned); OPN(22, "pmovsxbq", unsigned short);
    OPN(23, "pmovsxwd", u64); OPN(24, "pmovsxwq", unsigned); OPN(25, "pmovsxdq", u64);
    OPN(26, "pmovzxbw", u64); OPN(27, "pmovzxbd", unsigned); OPN(28, "pmovzxbq", unsigned short);
    OPN(29, "pmovzxwd", u64); OPN(30, "pmovzxwq", unsigned); OPN(31, "pmovzxdq", u64);
    OPI(32, "pblendw", 0xa5); OPI(33, "blendps", 6); OPI(34, "blendpd", 2);
    OPX0(35, "pblendvb"); OPX0(36, "blendvps"); OPX0(37, "blendvpd");
    OPI(38, "insertps", 0x00); OPI(39, "insertps", 0x9a); OPI(40, "insertps", 0x7f);
    OPI(41, "insertps", 0xe1);
    OP2(42, "pmuldq"); OPI(43, "mpsadbw", 0); OPI(44, "mpsadbw", 5); OPI(45, "mpsadbw", 7);
    OP2(46, "phminposuw"); OP2(47, "pmulld"); OP2(48, "packusdw"); OP2(49, "pcmpeqq");
    OPI(59, "pclmulqdq", 0x00); OPI(59, "pclmulqdq", 0x01); OPI(59, "pclmulqdq", 0x10);
    OPI(59, "pclmulqdq", 0x11);
    OP2(50, "pminsb"); OP2(51, "pmaxud"); OP2(52, "pcmpgtq");
    V a = operand(), b = operand(); u64 g = rnd(), r, f;
    __asm__("extractps $2, %1, %k0" : "=r"(r) : "x"(a)); mix(53, r);
    __asm__("extractps $1, %1, %0" : "=m"(r) : "x"(a)); mix(53, r & 0xffffffff);
    __asm__("pinsrq $1, %1, %0" : "+x"(a) : "r"(g)); MIXV(54, a);
    __asm__("pinsrq $0, %1, %0" : "+x"(a) : "m"(g)); MIXV(54, a);
    __asm__("pextrq $1, %1, %0" : "=r"(r) : "x"(b)); mix(55, r);
    __asm__("pextrq $0, %1, %0" : "=m"(r) : "x"(b)); mix(55, r);
    __asm__("pinsrd $3, %k1, %0" : "+x"(a) : "r"(g)); MIXV(56, a);
    __asm__("pextrd $2, %1, %k0" : "=r"(r) : "x"(a)); mix(56, r);
    __asm__("ptest %2, %1\n\tpushfq\n\tpopq %0" : "=r"(f) : "x"(a), "x"(b) : "cc"); mix(57, f & 0x8d5);
    __asm__("movntdqa %1, %0" : "=x"(a) : "m"(b)); MIXV(58, a);
}

static unsigned mxcsr = 0x1f80;
static void round_sse3(void)
{
    mxcsr = (rnd() & 3) ? 0x1f80 : 0x1f80 | (unsigned)(rnd() & 0x6000) | ((rnd() & 1) ? 0x8040 : 0);
    OP2(60, "movsldup"); OP2(61, "movshdup"); OPN(62, "movddup", u64); { V a, b = operand(); __asm__("lddqu %1, %0" : "=x"(a) : "m"(b)); MIXV(63, a); }
    FP2(64, "haddps"); FP2(65, "haddpd"); FP2(66, "hsubps"); FP2(67, "hsubpd");
    FP2(68, "addsubps"); FP2(69, "addsubpd"); FP2(78, "mulps"); FP2(79, "mulpd");
    FPI(70, "dpps", 0xff); FPI(71, "dpps", 0x31); FPI(72, "dpps", 0xa6); FPI(73, "dpps", 0x0f);
    FPI(74, "dppd", 0x33); FPI(75, "dppd", 0x12); FPI(76, "dppd", 0x21); FPI(77, "dppd", 0xf3);
}

/* PCMPxSTRx: every imm8 mode (bits 6:0), index/mask results and the flags. */
#define PCMP(i, insn, imm, out) do { \
    __asm__(insn " $" #imm ", %4, %3\n\tpushfq\n\tpopq %0" \
            : "=r"(f), "=c"(ix), "=Yz"(m) : "x"(a), "x"(b), "a"(la), "d"(lb) : "cc"); \
    mix(i, f & 0x8d5); mix(i, out ? m.lo : ix); if (out) mix(i, m.hi); \
    __asm__(insn " $" #imm ", %4, %3\n\tpushfq\n\tpopq %0" \
            : "=r"(f), "=c"(ix), "=Yz"(m) : "x"(a), "m"(b), "a"(la), "d"(lb) : "cc"); \
    mix(i, f & 0x8d5); mix(i, out ? m.lo : ix); if (out) mix(i, m.hi); } while (0)
#define PCMP4(i, imm) PCMP(i, "pcmpistri", imm, 0); PCMP(i + 1, "pcmpistrm", imm, 1); \
    PCMP(i + 2, "pcmpestri", imm, 0); PCMP(i + 3, "pcmpestrm", imm, 1)
static void round_sse42(void)
{
    V a = operand(), b = operand(), m; u64 f, ix;
    long la = (long)(rnd() % 40) - 20, lb = (long)(rnd() % 40) - 20;
    if (rnd() & 1) la = (long)rnd();
    PCMP4(80, 0x00); PCMP4(80, 0x01); PCMP4(80, 0x02); PCMP4(80, 0x03);
    PCMP4(84, 0x04); PCMP4(84, 0x05); PCMP4(84, 0x06); PCMP4(84, 0x07);
    PCMP4(88, 0x08); PCMP4(88, 0x09); PCMP4(88, 0x0a); PCMP4(88, 0x0b);
    PCMP4(92, 0x0c); PCMP4(92, 0x0d); PCMP4(92, 0x0e); PCMP4(92, 0x0f);
    PCMP4(96, 0x10); PCMP4(96, 0x14); PCMP4(96, 0x18); PCMP4(96, 0x1d);
    PCMP4(100, 0x30); PCMP4(100, 0x34); PCMP4(100, 0x38); PCMP4(100, 0x3d);
    PCMP4(104, 0x40); PCMP4(104, 0x44); PCMP4(104, 0x48); PCMP4(104, 0x4c);
    PCMP4(108, 0x71); PCMP4(108, 0x56); PCMP4(108, 0x6a); PCMP4(108, 0x7f);
    u64 q = rnd();
    __asm__("pcmpestri $0x0c, %1, %2" : "=c"(ix) : "x"(b), "x"(a), "a"(q), "d"(~q) : "cc"); mix(112, ix);
    __asm__("movdqa %1, %%xmm0\n\tmovdqa %2, %%xmm1\n\t"
            ".byte 0x66, 0x48, 0x0f, 0x3a, 0x61, 0xc1, 0x00" /* pcmpestri $0, xmm1, xmm0 (REX.W) */
            : "=c"(ix) : "m"(a), "m"(b), "a"(q >> 60), "d"(q) : "cc", "xmm0", "xmm1"); mix(112, ix);
    u64 c = rnd(), v = rnd();
    unsigned char v8 = (unsigned char)v; unsigned short v16 = (unsigned short)v; unsigned v32 = (unsigned)v;
    u64 c1 = c, c2 = c, c3 = c, c4 = c;
    __asm__("crc32b %1, %k0" : "+r"(c1) : "r"(v8)); mix(113, c1);
    __asm__("crc32w %1, %k0" : "+r"(c2) : "r"(v16)); mix(113, c2);
    __asm__("crc32l %1, %k0" : "+r"(c3) : "r"(v32)); mix(113, c3);
    __asm__("crc32q %1, %0" : "+r"(c4) : "r"(v)); mix(113, c4);
    __asm__("crc32b %1, %k0" : "+r"(c1) : "m"(v8)); mix(114, c1);
    __asm__("crc32w %1, %k0" : "+r"(c2) : "m"(v16)); mix(114, c2);
    __asm__("crc32l %1, %k0" : "+r"(c3) : "m"(v32)); mix(114, c3);
    __asm__("crc32q %1, %0" : "+r"(c4) : "m"(v)); mix(114, c4);
}


__attribute__((force_align_arg_pointer)) void _start(void)
{
    for (int i = 0; i < 2000; i++) {
        round_ssse3();
        round_sse41();
        round_sse3();
        round_sse42();
    }
    for (int i = 0; i < 200; i++)
        if (hs[i]) {
            put_hex((u64)i);
            put_hex(hs[i]);
        }
    sys3(60, 0, 0, 0);
}
