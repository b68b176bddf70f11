/* x87 differential test: each instruction over random and edge operands, under every
 * rounding mode and precision control, with empty/full stacks; the whole FNSAVE image (control,
 * status, tag words, the eight registers), memory results and RFLAGS are hashed per
 * instruction. The host CPU running it natively is the oracle (tests.sh compares). No libc. */
#define X86_RT_SEED 0x243f6a8885a308d3ull
#include "x86_rt.h"
typedef unsigned short u16;



typedef struct { u64 m; u16 se; u16 pad[3]; } X80;
static X80 vals[3];
static unsigned char mem[16];
static unsigned char sv[108], envb[28], fxb[512] __attribute__((aligned(16)));
static u16 cw;
static long drop, fill;
static u64 fl;

static X80 operand(void)
{
    X80 v = { rnd() | 1ull << 63, (u16)(rnd() & 0x8000), { 0 } };
    unsigned k = (unsigned)rnd() % 16;
    if (k < 6) v.se |= (u16)(0x3fff + (int)(rnd() % 80) - 40);
    else if (k < 8) v.se |= (u16)(rnd() & 0x7fff);
    else if (k == 8) v.se |= 0, v.m = rnd() % 4 ? v.m >> (rnd() % 64) : 0;   /* denormal / zero */
    else if (k == 9) v.se |= 0x7fff, v.m = rnd() % 2 ? 1ull << 63 : v.m;     /* inf / NaN */
    else if (k == 10) v.se |= (u16)(0x3fff + rnd() % 64), v.m &= ~0ull << (rnd() % 64); /* integers */
    else if (k == 11) v.se |= (u16)(0x3fff + (int)(rnd() % 8) - 4), v.m &= 0xffffffffff000000ull;
    else if (k == 12) v.se |= (u16)(0x3fff + (int)(rnd() % 8) - 4), v.m &= 0xfffffffffffff800ull;
    else if (k == 13) v.se |= (u16)(rnd() % 3 ? 1 + rnd() % 3 : 0x7ffe - rnd() % 3);
    else if (k == 14) v.m = 0, v.se |= (u16)(rnd() % 2 ? 0 : 0x3fff);
    else v.se |= 0x3fff;
    if (rnd() % 64 == 0) v.m &= ~(1ull << 63);        /* unnormal / pseudo-denormal */
    return v;
}

static void fill_mem(void)
{
    static const u64 edge[] = { 0, 0x8000000000000000ull, 0x3ff0000000000000ull,
        0x7ff0000000000000ull, 0x7ff8000000000000ull, 0x7ff4000000000000ull, 1,
        0x000fffffffffffffull, 0x7fefffffffffffffull, 0x3f8000007f800000ull, 0x7fc00001ull,
        0x00400000ull, 0x7fffffffull, 0x8000ull, 0x4330000000000001ull, 0x43e0000000000000ull };
    u64 a = rnd(), b = rnd();
    unsigned k = (unsigned)rnd() % 4;
    if (k == 0) a = edge[rnd() % 16];
    if (k == 1) a = (a & 0x800fffffffffffffull) | (u64)(1023 + (int)(rnd() % 40) - 20) << 52;
    if (k == 2) a = (a & 0x807fffffull) | (u64)(127 + (int)(rnd() % 40) - 20) << 23;
    if (rnd() % 4 == 0) a = (long)(short)a;
    if (rnd() % 4 == 0) a = (long)(int)a;
    X80 x = operand();
    if (rnd() % 4 == 0) a = x.m, b = x.se;
    for (int i = 0; i < 8; i++) mem[i] = (unsigned char)(a >> (8 * i));
    for (int i = 0; i < 8; i++) mem[8 + i] = (unsigned char)(b >> (8 * i));
    if (rnd() % 8 == 0) {   /* packed BCD */
        for (int i = 0; i < 9; i++) mem[i] = (unsigned char)((rnd() % 10) << 4 | rnd() % 10);
        mem[9] = rnd() % 2 ? 0x80 : 0;
    }
}

static void prep(void)
{
    static const u16 pcs[3] = { 0, 2, 3 };
    for (int i = 0; i < 3; i++) vals[i] = operand();
    fill_mem();
    cw = (u16)(0x3f | 0x40 | pcs[rnd() % 3] << 8 | (rnd() % 4) << 10);
    unsigned k = (unsigned)rnd() % 8;
    drop = k == 0 ? 1 + (long)(rnd() % 3) : 0;
    fill = k == 1 ? 5 : 0;
}

static u64 hs[128];
static void mix(int i, u64 v) { hs[i] = (hs[i] ^ v) * 1099511628211ull + 1; }

static void hash_state(int i)
{
#ifdef TRACE
    if (i == TRACE) {
        put_hex(vals[0].m); put_hex(vals[0].se); put_hex(vals[1].m); put_hex(vals[1].se);
        put_hex(*(u64 *)mem); put_hex(cw | drop << 16 | fill << 24);
        put_hex((u64)sv[0] | (u64)sv[1] << 8 | (u64)sv[4] << 16 | (u64)sv[5] << 24 |
                (u64)sv[8] << 32 | (u64)sv[9] << 40);
        for (int j = 28; j < 108; j += 10) { put_hex(*(u64 *)&sv[j]); put_hex(*(u16 *)&sv[j + 8]); }
        put_hex(fl & 0x8d5);
        sys3(1, 1, (long)"--\n", 3);
    }
#endif
    mix(i, (u64)sv[0] | (u64)sv[1] << 8 | (u64)sv[4] << 16 | (u64)sv[5] << 24 |
           (u64)sv[8] << 32 | (u64)sv[9] << 40);
    unsigned top = (sv[5] >> 3) & 7, tw = sv[8] | sv[9] << 8;
    for (int j = 0; j < 8; j++)     /* empty registers' contents are not compared */
        if (((tw >> 2 * ((top + j) & 7)) & 3) != 3)
            for (int k = 0; k < 10; k++) mix(i, sv[28 + 10 * j + k]);
    for (int j = 0; j < 16; j++) mix(i, mem[j]);
    mix(i, fl & 0x8d5);
    if (i == 90) {      /* the FXSAVE image: words, abridged tags, valid ST(i) slots */
        unsigned ftop = (fxb[3] >> 3) & 7;
        for (int j = 0; j < 5; j++) mix(i, fxb[j]);
        for (int j = 0; j < 8; j++)
            if ((fxb[4] >> ((ftop + j) & 7)) & 1)
                for (int k = 0; k < 10; k++) mix(i, fxb[32 + 16 * j + k]);
    }
}

#define RUN(i, insn) do { prep(); __asm__ volatile( \
    "fninit\n\tfldcw %[cw]\n\tmov %[fill], %%rcx\n1:\n\ttest %%rcx, %%rcx\n\tjz 2f\n\tfldz\n\t" \
    "dec %%rcx\n\tjmp 1b\n2:\n\tfldt 32(%[v])\n\tfldt 16(%[v])\n\tfldt (%[v])\n\t" \
    "mov %[drop], %%rcx\n3:\n\ttest %%rcx, %%rcx\n\tjz 4f\n\tfstp %%st(0)\n\tdec %%rcx\n\tjmp 3b\n4:\n\t" \
    "fnclex\n\t" insn "\n\tpushfq\n\tpopq %[fl]\n\tfnsave %[s]\n\tfninit" \
    : [s] "=m"(sv), [m] "+m"(mem), [fl] "=r"(fl), [e] "+m"(envb), [x] "+m"(fxb) \
    : [cw] "m"(cw), [v] "r"(vals), [fill] "r"(fill), [drop] "r"(drop) : "rcx", "memory", "cc"); \
    hash_state(i); } while (0)

static void round_all(void)
{
    RUN(0, "fadd %%st(1), %%st"); RUN(1, "fadd %%st, %%st(2)"); RUN(2, "faddp %%st, %%st(1)");
    RUN(3, "fadds %[m]"); RUN(4, "faddl %[m]"); RUN(5, "fiadds %[m]"); RUN(6, "fiaddl %[m]");
    RUN(7, "fsub %%st(1), %%st"); RUN(8, "fsubr %%st(1), %%st"); RUN(9, "fsubp %%st, %%st(1)");
    RUN(10, "fsubrp %%st, %%st(2)"); RUN(11, "fsubs %[m]"); RUN(12, "fsubrl %[m]");
    RUN(13, "fisubl %[m]"); RUN(14, "fisubrs %[m]"); RUN(15, "fmul %%st(1), %%st");
    RUN(16, "fmulp %%st, %%st(1)"); RUN(17, "fmull %[m]"); RUN(18, "fimull %[m]");
    RUN(19, "fdiv %%st(1), %%st"); RUN(20, "fdivr %%st(1), %%st"); RUN(21, "fdivp %%st, %%st(1)");
    RUN(22, "fdivrp %%st, %%st(1)"); RUN(23, "fdivs %[m]"); RUN(24, "fdivrl %[m]");
    RUN(25, "fidivl %[m]"); RUN(26, "fidivrs %[m]"); RUN(27, "fsqrt"); RUN(28, "fchs");
    RUN(29, "fabs"); RUN(30, "frndint"); RUN(31, "fcom %%st(1)"); RUN(32, "fcomp %%st(2)");
    RUN(33, "fcompp"); RUN(34, "fucom %%st(1)"); RUN(35, "fucomp %%st(1)"); RUN(36, "fucompp");
    RUN(37, "fcoms %[m]"); RUN(38, "fcompl %[m]"); RUN(39, "ficoml %[m]"); RUN(40, "ficomps %[m]");
    RUN(41, "fcomi %%st(1), %%st"); RUN(42, "fcomip %%st(1), %%st"); RUN(43, "fucomi %%st(2), %%st");
    RUN(44, "fucomip %%st(1), %%st"); RUN(45, "ftst"); RUN(46, "fxam"); RUN(47, "flds %[m]");
    RUN(48, "fldl %[m]"); RUN(49, "fldt %[m]"); RUN(50, "fld %%st(2)"); RUN(51, "fsts %[m]");
    RUN(52, "fstpl %[m]"); RUN(53, "fstpt %[m]"); RUN(54, "fst %%st(2)"); RUN(55, "fstp %%st(1)");
    RUN(56, "filds %[m]"); RUN(57, "fildl %[m]"); RUN(58, "fildll %[m]"); RUN(59, "fists %[m]");
    RUN(60, "fistpl %[m]"); RUN(61, "fistpll %[m]"); RUN(62, "fisttps %[m]");
    RUN(63, "fisttpl %[m]"); RUN(64, "fisttpll %[m]"); RUN(65, "fld1"); RUN(66, "fldl2t");
    RUN(67, "fldl2e"); RUN(68, "fldpi"); RUN(69, "fldlg2"); RUN(70, "fldln2"); RUN(71, "fldz");
    RUN(72, "fxch %%st(2)"); RUN(73, "fscale"); RUN(74, "fxtract"); RUN(75, "fprem");
    RUN(76, "fprem1"); RUN(77, "ffree %%st(1)"); RUN(78, "fincstp"); RUN(79, "fdecstp");
    RUN(80, "cmp %%rcx, %%rcx\n\tfcmove %%st(1), %%st"); RUN(81, "fcmovne %%st(1), %%st");
    RUN(82, "stc\n\tfcmovb %%st(2), %%st"); RUN(83, "fcmovnbe %%st(1), %%st");
    RUN(84, "fcmovu %%st(1), %%st"); RUN(85, "fbld %[m]"); RUN(86, "fbstp %[m]");
    RUN(87, "fnstenv %[e]\n\tfldenv %[e]"); RUN(88, "fstps %[m]"); RUN(89, "fstl %[m]");
    RUN(90, "fxsave %[x]\n\tfldz\n\tfadd %%st(2), %%st\n\tfxrstor %[x]");
}

void _start(void)
{
    for (int r = 0; r < 3000; r++)
        round_all();
    for (int i = 0; i < 91; i++)
        put_hex(hs[i]);
    sys3(60, 0, 0, 0);
}
