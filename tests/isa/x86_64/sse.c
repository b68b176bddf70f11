/* SSE/SSE2 differential test: every implemented register-form instruction over random and
 * edge inputs, results hashed per instruction; the host CPU running it natively is the
 * oracle (tests.sh compares). Built -O1 with no libc. */
#define X86_RT_SEED 0x243f6a8885a308d3ull
#include "x86_rt.h"
typedef struct { u64 lo, hi; } __attribute__((aligned(16))) V;



static const u64 fpedge[] = {
    0, 0x8000000000000000ull, 0x3ff0000000000000ull, 0xbff0000000000000ull,
    0x7ff0000000000000ull, 0xfff0000000000000ull, 0x7ff8000000000000ull, 0x7ff4000000000000ull,
    0x0000000000000001ull, 0x000fffffffffffffull, 0x7fefffffffffffffull, 0x4330000000000000ull,
    0x3f8000003f800000ull, 0x7fc000007f800000ull, 0x0040000080000001ull, 0x4f0000004effffffull,
};
static V operand(void)
{
    V v = { rnd(), rnd() };
    unsigned k = (unsigned)rnd() % 4;
    if (k == 0) v.lo = fpedge[rnd() % 16], v.hi = fpedge[rnd() % 16];
    if (k == 1) v.lo &= 0x00ff00ff00ff00ffull;          /* small bytes for pack/shift cases */
    return v;
}

static u64 hs[160];
static void mix(int i, u64 v) { hs[i] = (hs[i] ^ v) * 1099511628211ull + 1; }

#define OP2(i, insn) do { V a = operand(), b = operand(); \
    __asm__(insn " %1, %0" : "+x"(a) : "x"(b)); mix(i, a.lo); mix(i, a.hi); } while (0)
#define OPI(i, insn, imm) do { V a = operand(), b = operand(); \
    __asm__(insn " $" #imm ", %1, %0" : "+x"(a) : "x"(b)); mix(i, a.lo); mix(i, a.hi); } while (0)
#define SHI(i, insn, imm) do { V a = operand(); \
    __asm__(insn " $" #imm ", %0" : "+x"(a)); mix(i, a.lo); mix(i, a.hi); } while (0)
/* Flags and MXCSR after FP ops: the status flags are part of the result. */
#define FP2(i, insn) do { V a = operand(), b = operand(); unsigned m = 0x1f80, r; \
    __asm__ volatile("ldmxcsr %2\n\t" insn " %1, %0\n\tstmxcsr %3" : "+x"(a) : "x"(b), "m"(m), "m"(r)); \
    mix(i, a.lo); mix(i, a.hi); mix(i, r); } while (0)
#define FPI(i, insn, imm) do { V a = operand(), b = operand(); unsigned m = 0x1f80, r; \
    __asm__ volatile("ldmxcsr %2\n\t" insn " $" #imm ", %1, %0\n\tstmxcsr %3" : "+x"(a) : "x"(b), "m"(m), "m"(r)); \
    mix(i, a.lo); mix(i, a.hi); mix(i, r); } while (0)

static void round_int(void)
{
    OP2(0, "pxor"); OP2(1, "por"); OP2(2, "pand"); OP2(3, "pandn"); OP2(4, "paddb");
    OP2(5, "paddw"); OP2(6, "paddd"); OP2(7, "paddq"); OP2(8, "psubb"); OP2(9, "psubw");
    OP2(10, "psubd"); OP2(11, "psubq"); OP2(12, "pcmpeqb"); OP2(13, "pcmpeqw"); OP2(14, "pcmpeqd");
    OP2(15, "pcmpgtb"); OP2(16, "pcmpgtw"); OP2(17, "pcmpgtd"); OP2(18, "pminub"); OP2(19, "pmaxub");
    OP2(20, "pminsw"); OP2(21, "pmaxsw"); OP2(22, "pmullw"); OP2(23, "psllw"); OP2(24, "pslld");
    OP2(25, "psllq"); OP2(26, "psrlw"); OP2(27, "psrld"); OP2(28, "psrlq"); OP2(29, "psraw");
    OP2(30, "psrad"); OP2(31, "punpcklbw"); OP2(32, "punpcklwd"); OP2(33, "punpckldq");
    OP2(34, "punpcklqdq"); OP2(35, "punpckhbw"); OP2(36, "punpckhwd"); OP2(37, "punpckhdq");
    OP2(38, "punpckhqdq"); OP2(39, "packsswb"); OP2(40, "packuswb"); OP2(41, "packssdw");
    OP2(42, "pavgb"); OP2(43, "pavgw"); OP2(44, "psadbw"); OP2(45, "pmuludq"); OP2(46, "pmulhw");
    OP2(47, "pmulhuw"); OP2(48, "pmaddwd"); OP2(49, "paddsb"); OP2(50, "paddsw"); OP2(51, "paddusb");
    OP2(52, "paddusw"); OP2(53, "psubsb"); OP2(54, "psubsw"); OP2(55, "psubusb"); OP2(56, "psubusw");
    OP2(57, "unpcklps"); OP2(58, "unpckhps"); OP2(59, "unpcklpd"); OP2(60, "unpckhpd");
    OP2(61, "xorps"); OP2(62, "andps"); OP2(63, "orps"); OP2(64, "andnps"); OP2(65, "andnpd");
    OPI(66, "pshufd", 0x1b); OPI(67, "pshuflw", 0x72); OPI(68, "pshufhw", 0xd8);
    OPI(69, "shufps", 0x4e); OPI(70, "shufpd", 2);
    SHI(71, "psllw", 3); SHI(72, "pslld", 17); SHI(73, "psllq", 40); SHI(74, "psrlw", 15);
    SHI(75, "psrld", 1); SHI(76, "psrlq", 63); SHI(77, "psraw", 9); SHI(78, "psrad", 31);
    SHI(79, "pslldq", 5); SHI(80, "psrldq", 11); SHI(81, "psraw", 16); SHI(82, "psllq", 64);
    V a = operand(); unsigned r;
    __asm__("pmovmskb %1, %0" : "=r"(r) : "x"(a)); mix(83, r);
    __asm__("movmskps %1, %0" : "=r"(r) : "x"(a)); mix(84, r);
    __asm__("movmskpd %1, %0" : "=r"(r) : "x"(a)); mix(85, r);
    u64 g = rnd();
    __asm__("pinsrw $5, %k1, %0" : "+x"(a) : "r"(g)); mix(86, a.lo); mix(86, a.hi);
    __asm__("pextrw $3, %1, %k0" : "=r"(r) : "x"(a)); mix(87, r);
    __asm__("movq %1, %0" : "=x"(a) : "r"(g)); mix(88, a.lo); mix(88, a.hi);
    __asm__("movd %k1, %0" : "=x"(a) : "r"(g)); mix(89, a.lo); mix(89, a.hi);
}

static void round_fp(void)
{
    FP2(100, "addps"); FP2(101, "addpd"); FP2(102, "addss"); FP2(103, "addsd");
    FP2(104, "subps"); FP2(105, "subsd"); FP2(106, "mulps"); FP2(107, "mulsd");
    FP2(108, "divps"); FP2(109, "divsd"); FP2(110, "minps"); FP2(111, "maxsd");
    FP2(112, "minsd"); FP2(113, "maxps"); FP2(114, "sqrtps"); FP2(115, "sqrtsd");
    FPI(116, "cmpps", 0); FPI(117, "cmpps", 1); FPI(118, "cmpps", 2); FPI(119, "cmpps", 3);
    FPI(120, "cmppd", 4); FPI(121, "cmppd", 5); FPI(122, "cmpsd", 6); FPI(123, "cmpss", 7);
    FP2(124, "cvtps2pd"); FP2(125, "cvtpd2ps"); FP2(126, "cvtdq2ps"); FP2(127, "cvtps2dq");
    FP2(128, "cvttps2dq"); FP2(129, "cvtdq2pd"); FP2(130, "cvtpd2dq"); FP2(131, "cvttpd2dq");
    FP2(132, "cvtss2sd"); FP2(133, "cvtsd2ss");
    V a = operand(), b = operand(); u64 f, x; unsigned m = 0x1f80, r;
    __asm__ volatile("ldmxcsr %3\n\tucomisd %2, %1\n\tpushfq\n\tpopq %0\n\tstmxcsr %4"
                     : "=r"(f) : "x"(a), "x"(b), "m"(m), "m"(r) : "cc");
    mix(134, f & 0x8d5); mix(134, r);
    __asm__ volatile("ldmxcsr %3\n\tcomiss %2, %1\n\tpushfq\n\tpopq %0\n\tstmxcsr %4"
                     : "=r"(f) : "x"(a), "x"(b), "m"(m), "m"(r) : "cc");
    mix(135, f & 0x8d5); mix(135, r);
    __asm__ volatile("ldmxcsr %2\n\tcvtsd2si %1, %0\n\tstmxcsr %3" : "=r"(x) : "x"(a), "m"(m), "m"(r));
    mix(136, x); mix(136, r);
    __asm__ volatile("ldmxcsr %2\n\tcvttss2si %1, %k0\n\tstmxcsr %3" : "=r"(x) : "x"(a), "m"(m), "m"(r));
    mix(137, x & 0xffffffff); mix(137, r);
    x = rnd();
    __asm__ volatile("ldmxcsr %2\n\tcvtsi2sdq %1, %0\n\tstmxcsr %3" : "+x"(a) : "r"(x), "m"(m), "m"(r));
    mix(138, a.lo); mix(138, a.hi); mix(138, r);
    __asm__ volatile("ldmxcsr %2\n\tcvtsi2ssl %k1, %0\n\tstmxcsr %3" : "+x"(a) : "r"(x), "m"(m), "m"(r));
    mix(139, a.lo); mix(139, a.hi); mix(139, r);
    m = 0x1f80 | 0x6000;            /* round toward zero */
    FP2(140, "addpd"); FP2(141, "mulss");
    __asm__ volatile("ldmxcsr %2\n\tcvtsd2si %1, %0\n\tstmxcsr %3" : "=r"(x) : "x"(a), "m"(m), "m"(r));
    mix(142, x); mix(142, r);
}

/* The kernel enters with rsp 16-byte aligned, not as after a call: realign. */
__attribute__((force_align_arg_pointer)) void _start(void)
{
    for (int i = 0; i < 3000; i++) {
        round_int();
        round_fp();
    }
    for (int i = 0; i < 143; i++)
        if (hs[i]) {
            put_hex((u64)i);
            put_hex(hs[i]);
        }
    sys3(60, 0, 0, 0);
}
