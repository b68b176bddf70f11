/* MMX: every MMX instruction (register and memory forms) and the SSE/SSSE3 ones on MM
 * registers vs the host CPU, with the x87 side effects (TOP, tag word, the registers'
 * exponent field in FXSAVE, EMMS). Results hashed per instruction. No libc. */
#define X86_RT_SEED 0x9e3779b97f4a7c15ull
#include "x86_rt.h"

static u64 hs[128];
static void mix(int i, u64 v) { hs[i] = (hs[i] ^ v) * 1099511628211ull + 1; }

/* mm0 = a, mm1 = b; insn mm1, mm0 and insn m64, mm0. */
#define M2(i, insn) do { u64 a = rnd(), b = rnd(), d; \
    __asm__ volatile("movq %1, %%mm0\n\tmovq %2, %%mm1\n\t" insn " %%mm1, %%mm0\n\tmovq %%mm0, %0" \
                     : "=m"(d) : "m"(a), "m"(b) : "mm0", "mm1"); mix(i, d); \
    __asm__ volatile("movq %1, %%mm0\n\t" insn " %2, %%mm0\n\tmovq %%mm0, %0" \
                     : "=m"(d) : "m"(a), "m"(b) : "mm0"); mix(i, d); } while (0)
#define M2I(i, insn, imm) do { u64 a = rnd(), b = rnd(), d; \
    __asm__ volatile("movq %1, %%mm0\n\tmovq %2, %%mm1\n\t" insn " $" #imm ", %%mm1, %%mm0\n\tmovq %%mm0, %0" \
                     : "=m"(d) : "m"(a), "m"(b) : "mm0", "mm1"); mix(i, d); \
    __asm__ volatile("movq %1, %%mm0\n\t" insn " $" #imm ", %2, %%mm0\n\tmovq %%mm0, %0" \
                     : "=m"(d) : "m"(a), "m"(b) : "mm0"); mix(i, d); } while (0)
#define MSI(i, insn, imm) do { u64 a = rnd(), d; \
    __asm__ volatile("movq %1, %%mm3\n\t" insn " $" #imm ", %%mm3\n\tmovq %%mm3, %0" \
                     : "=m"(d) : "m"(a) : "mm3"); mix(i, d); } while (0)
/* Shift by a count register with small and large counts. */
#define MSC(i, insn) do { u64 a = rnd(), c = rnd() % 80, d; \
    __asm__ volatile("movq %1, %%mm0\n\tmovq %2, %%mm1\n\t" insn " %%mm1, %%mm0\n\tmovq %%mm0, %0" \
                     : "=m"(d) : "m"(a), "m"(c) : "mm0", "mm1"); mix(i, d); } while (0)

typedef struct { u64 lo, hi; } __attribute__((aligned(16))) V;
static unsigned char fx[512] __attribute__((aligned(16)));
static unsigned short env[14];

static void x87_state(int i)
{
    __asm__ volatile("fxsave %0" : "=m"(fx));
    mix(i, *(unsigned short *)fx);                  /* FCW */
    mix(i, *(unsigned short *)(fx + 2));            /* FSW (TOP) */
    mix(i, fx[4]);                                  /* abridged tag */
    for (int r = 0; r < 8; r++) {
        u64 lo, hi;
        __builtin_memcpy(&lo, fx + 32 + 16 * r, 8);
        __builtin_memcpy(&hi, fx + 40 + 16 * r, 2);
        mix(i, lo); mix(i, hi & 0xffff);
    }
    __asm__ volatile("fnstenv %0\n\tfldcw %0" : "=m"(env));
    mix(i, env[4]);                                 /* full tag word */
}

static void one_round(void)
{
    M2(0, "paddb"); M2(1, "paddw"); M2(2, "paddd"); M2(3, "paddq"); M2(4, "psubb");
    M2(5, "psubw"); M2(6, "psubd"); M2(7, "psubq"); M2(8, "paddsb"); M2(9, "paddsw");
    M2(10, "paddusb"); M2(11, "paddusw"); M2(12, "psubsb"); M2(13, "psubsw"); M2(14, "psubusb");
    M2(15, "psubusw"); M2(16, "pcmpeqb"); M2(17, "pcmpeqw"); M2(18, "pcmpeqd"); M2(19, "pcmpgtb");
    M2(20, "pcmpgtw"); M2(21, "pcmpgtd"); M2(22, "pand"); M2(23, "pandn"); M2(24, "por");
    M2(25, "pxor"); M2(26, "pmullw"); M2(27, "pmulhw"); M2(28, "pmulhuw"); M2(29, "pmuludq");
    M2(30, "pmaddwd"); M2(31, "psadbw"); M2(32, "pavgb"); M2(33, "pavgw"); M2(34, "pminub");
    M2(35, "pmaxub"); M2(36, "pminsw"); M2(37, "pmaxsw"); M2(38, "punpcklbw"); M2(39, "punpcklwd");
    M2(40, "punpckldq"); M2(41, "punpckhbw"); M2(42, "punpckhwd"); M2(43, "punpckhdq");
    M2(44, "packsswb"); M2(45, "packssdw"); M2(46, "packuswb"); M2(47, "pshufb"); M2(48, "phaddw");
    M2(49, "phaddd"); M2(50, "phaddsw"); M2(51, "phsubw"); M2(52, "phsubd"); M2(53, "phsubsw");
    M2(54, "pmaddubsw"); M2(55, "pmulhrsw"); M2(56, "psignb"); M2(57, "psignw"); M2(58, "psignd");
    M2(59, "pabsb"); M2(60, "pabsw"); M2(61, "pabsd");
    M2I(62, "palignr", 3); M2I(63, "palignr", 11); M2I(64, "palignr", 17); M2I(65, "pshufw", 0x1b);
    M2I(66, "pshufw", 0xe4);
    MSI(67, "psllw", 3); MSI(68, "psllw", 17); MSI(69, "pslld", 9); MSI(70, "psllq", 40);
    MSI(71, "psrlw", 5); MSI(72, "psrld", 33); MSI(73, "psrlq", 63); MSI(74, "psraw", 7);
    MSI(75, "psraw", 200); MSI(76, "psrad", 31); MSI(77, "psrad", 40);
    MSC(78, "psllw"); MSC(79, "pslld"); MSC(80, "psllq"); MSC(81, "psrlw"); MSC(82, "psrld");
    MSC(83, "psrlq"); MSC(84, "psraw"); MSC(85, "psrad");
    u64 a = rnd(), b = rnd(), d, g;
    /* MOVD/MOVQ with GPRs and memory, PEXTRW/PINSRW/PMOVMSKB */
    __asm__ volatile("movd %k2, %%mm2\n\tmovq %%mm2, %0\n\tmovq %3, %%mm4\n\tmovd %%mm4, %k1"
                     : "=m"(d), "=r"(g) : "r"(a), "r"(b) : "mm2", "mm4"); mix(86, d); mix(86, g);
    __asm__ volatile("movq %2, %%mm2\n\tmovq %%mm2, %0\n\tmovq %%mm2, %1" : "=m"(d), "=r"(g) : "r"(a) : "mm2");
    mix(87, d); mix(87, g);
    __asm__ volatile("movq %2, %%mm5\n\tpextrw $2, %%mm5, %k0\n\tpinsrw $1, %k3, %%mm5\n\tmovq %%mm5, %1"
                     : "=r"(g), "=m"(d) : "m"(a), "r"(b) : "mm5"); mix(88, d); mix(88, g);
    __asm__ volatile("movq %1, %%mm6\n\tpmovmskb %%mm6, %k0" : "=r"(g) : "m"(a) : "mm6"); mix(89, g);
    __asm__ volatile("movq %1, %%mm6\n\tpinsrw $3, %2, %%mm6\n\tmovq %%mm6, %0" : "=m"(d) : "m"(a), "m"(b) : "mm6"); mix(90, d);
    /* MOVQ2DQ / MOVDQ2Q */
    V x = { rnd(), rnd() }, y;
    __asm__ volatile("movq %2, %%mm7\n\tmovdqa %1, %%xmm3\n\tmovq2dq %%mm7, %%xmm3\n\tmovdqa %%xmm3, %0"
                     : "=m"(y) : "m"(x), "m"(a) : "mm7", "xmm3"); mix(91, y.lo); mix(91, y.hi);
    __asm__ volatile("movdqa %1, %%xmm3\n\tmovdq2q %%xmm3, %%mm7\n\tmovq %%mm7, %0"
                     : "=m"(d) : "m"(x) : "mm7", "xmm3"); mix(92, d);
    /* MASKMOVQ */
    u64 buf[2] = { rnd(), rnd() };
    __asm__ volatile("movq %1, %%mm0\n\tmovq %2, %%mm1\n\tmaskmovq %%mm1, %%mm0"
                     :: "D"(&buf[0]), "m"(a), "m"(b) : "mm0", "mm1", "memory"); mix(93, buf[0]); mix(93, buf[1]);
    /* conversions */
    int iv[2] = { (int)rnd() >> (rnd() & 31), (int)rnd() };
    __asm__ volatile("movdqa %1, %%xmm2\n\tmovq %2, %%mm3\n\tcvtpi2ps %%mm3, %%xmm2\n\tmovdqa %%xmm2, %0"
                     : "=m"(y) : "m"(x), "m"(iv) : "mm3", "xmm2"); mix(94, y.lo); mix(94, y.hi);
    __asm__ volatile("cvtpi2pd %1, %%xmm2\n\tmovdqa %%xmm2, %0" : "=m"(y) : "m"(iv) : "xmm2"); mix(95, y.lo); mix(95, y.hi);
    float f[4] = { (float)(int)rnd() / 7.0f, (float)(int)rnd() * 3.0f, 1e10f, -2.5f };
    double df[2] = { (double)(long)rnd() / 1e9, -0.5 };
    if (rnd() & 1) f[1] = -f[1] * 1e9f;
    __asm__ volatile("cvtps2pi %1, %%mm1\n\tmovq %%mm1, %0" : "=m"(d) : "m"(f) : "mm1"); mix(96, d);
    __asm__ volatile("cvttps2pi %1, %%mm1\n\tmovq %%mm1, %0" : "=m"(d) : "m"(f[2]) : "mm1"); mix(97, d);
    V dv = { 0, 0 }; __builtin_memcpy(&dv, df, 16);
    __asm__ volatile("cvtpd2pi %1, %%mm1\n\tmovq %%mm1, %0" : "=m"(d) : "m"(dv) : "mm1"); mix(98, d);
    __asm__ volatile("movapd %1, %%xmm4\n\tcvttpd2pi %%xmm4, %%mm1\n\tmovq %%mm1, %0" : "=m"(d) : "m"(dv) : "mm1", "xmm4"); mix(99, d);
    unsigned mx; __asm__ volatile("stmxcsr %0" : "=m"(mx)); mix(100, mx);
    /* the x87 view: after MMX, after EMMS, and x87 use after EMMS */
    x87_state(101);
    __asm__ volatile("emms");
    x87_state(102);
    __asm__ volatile("fld1\n\tfldpi\n\tfaddp\n\tmovq %0, %%mm2\n\tfstp %%st(0)" :: "m"(a) : "mm2");
    x87_state(103);
    __asm__ volatile("emms\n\tfldz\n\tfld1");
    x87_state(104);
    __asm__ volatile("movq %0, %%mm3" :: "m"(b) : "mm3");
    x87_state(105);
    __asm__ volatile("emms");
}

__attribute__((force_align_arg_pointer)) void _start(void)
{
    for (int k = 0; k < 2000; k++)
        one_round();
    for (int i = 0; i < 128; i++)
        if (hs[i]) { put_hex((u64)i); put_hex(hs[i]); }
    sys3(60, 0, 0, 0);
}
