/* AVX/AVX2/FMA3/F16C on YMM registers (VEX.256, and VEX.128 zeroing the upper half) vs the
 * host CPU: register and memory sources, results and MXCSR hashed per instruction. No libc. */
#define X86_RT_SEED 0x6a09e667f3bcc909ull
#include "x86_rt.h"

typedef long long Y __attribute__((vector_size(32), aligned(32)));
typedef long long X __attribute__((vector_size(16), aligned(16)));
static u64 hs[160];
static void mix(int i, u64 v) { hs[i] = (hs[i] ^ v) * 1099511628211ull + 1; }
static void mixy(int i, Y v) { for (int k = 0; k < 4; k++) mix(i, (u64)v[k]); }
static void mixx(int i, X v) { for (int k = 0; k < 2; k++) mix(i, (u64)v[k]); }

/* Random lanes, sometimes small or special so that compares and FP see equal/edge values. */
static u64 rlane(void)
{
    u64 r = rnd();
    switch (r & 7) {
    case 0: return r >> 60;
    case 1: return 0x3ff0000000000000ull ^ (r & 0x800fffff0000000full);
    case 2: return 0x3f8000003f800000ull ^ (r & 0x807f00ff807f00ffull);
    default: return rnd();
    }
}
static Y ry(void) { Y v = { (long long)rlane(), (long long)rlane(), (long long)rlane(), (long long)rlane() }; return v; }
static X rx(void) { X v = { (long long)rlane(), (long long)rlane() }; return v; }

#define Y3(i, insn) do { Y a = ry(), b = ry(), d = ry(); \
    __asm__(insn " %2, %1, %0" : "=x"(d) : "x"(a), "x"(b)); mixy(i, d); \
    __asm__(insn " %2, %1, %0" : "=x"(d) : "x"(a), "m"(b)); mixy(i, d); \
    X xa = rx(), xb = rx(); Y yd = ry(); \
    __asm__("vmovdqa %3, %0\n\t" insn " %2, %1, %x0" : "=&x"(yd) : "x"(xa), "x"(xb), "m"(yd)); mixy(i, yd); } while (0)
#define Y3Y(i, insn) do { Y a = ry(), b = ry(), d; \
    __asm__(insn " %2, %1, %0" : "=x"(d) : "x"(a), "x"(b)); mixy(i, d); \
    __asm__(insn " %2, %1, %0" : "=x"(d) : "x"(a), "m"(b)); mixy(i, d); } while (0)
#define Y3I(i, insn, imm) do { Y a = ry(), b = ry(), d; \
    __asm__(insn " $" #imm ", %2, %1, %0" : "=x"(d) : "x"(a), "x"(b)); mixy(i, d); \
    __asm__(insn " $" #imm ", %2, %1, %0" : "=x"(d) : "x"(a), "m"(b)); mixy(i, d); } while (0)
#define Y2(i, insn) do { Y b = ry(), d; \
    __asm__(insn " %1, %0" : "=x"(d) : "x"(b)); mixy(i, d); \
    __asm__(insn " %1, %0" : "=x"(d) : "m"(b)); mixy(i, d); } while (0)
#define Y2I(i, insn, imm) do { Y b = ry(), d; \
    __asm__(insn " $" #imm ", %1, %0" : "=x"(d) : "x"(b)); mixy(i, d); \
    __asm__(insn " $" #imm ", %1, %0" : "=x"(d) : "m"(b)); mixy(i, d); } while (0)
/* ymm <- xmm/m128 (widening) */
#define YX(i, insn) do { X b = rx(); Y d; \
    __asm__(insn " %1, %0" : "=x"(d) : "x"(b)); mixy(i, d); \
    __asm__(insn " %1, %0" : "=x"(d) : "m"(b)); mixy(i, d); } while (0)
/* xmm <- ymm/m256 (narrowing) */
#define XY(i, insn) do { Y b = ry(); X d; \
    __asm__(insn "y %1, %0" : "=x"(d) : "x"(b)); mixx(i, d); \
    __asm__(insn "y %1, %0" : "=x"(d) : "m"(b)); mixx(i, d); } while (0)
/* FMA: d = op(d, a, b) */
#define F3(i, insn) do { Y a = ry(), b = ry(), d = ry(); \
    __asm__(insn " %2, %1, %0" : "+x"(d) : "x"(a), "x"(b)); mixy(i, d); \
    __asm__(insn " %2, %1, %0" : "+x"(d) : "x"(a), "m"(b)); mixy(i, d); \
    X xa = rx(), xb = rx(); Y yd = ry(); \
    __asm__(insn " %2, %1, %x0" : "+x"(yd) : "x"(xa), "x"(xb)); mixy(i, yd); } while (0)

static void mxcsr_mix(int i)
{
    unsigned m;
    __asm__ volatile("stmxcsr %0" : "=m"(m));
    mix(i, m);
    m = 0x1f80 | ((unsigned)rnd() & 0x6000) | ((rnd() & 3) == 0 ? 0x8040 : 0);
    __asm__ volatile("ldmxcsr %0" :: "m"(m));
}

static void ints(void)
{
    Y3(0, "vpaddb"); Y3(1, "vpaddw"); Y3(2, "vpaddd"); Y3(3, "vpaddq"); Y3(4, "vpsubb");
    Y3(5, "vpsubq"); Y3(6, "vpcmpeqb"); Y3(7, "vpcmpeqd"); Y3(8, "vpcmpgtb"); Y3(9, "vpcmpgtq");
    Y3(10, "vpminub"); Y3(11, "vpminud"); Y3(12, "vpmaxsw"); Y3(13, "vpand"); Y3(14, "vpandn");
    Y3(15, "vpor"); Y3(16, "vpxor"); Y3(17, "vpmullw"); Y3(18, "vpmulld"); Y3(19, "vpmulhw");
    Y3(20, "vpmuludq"); Y3(21, "vpmaddwd"); Y3(22, "vpsadbw"); Y3(23, "vpavgb"); Y3(24, "vpaddusb");
    Y3(25, "vpsubsw"); Y3(26, "vpunpcklbw"); Y3(27, "vpunpckhwd"); Y3(28, "vpunpckldq");
    Y3(29, "vpunpckhqdq"); Y3(30, "vpacksswb"); Y3(31, "vpackusdw"); Y3(32, "vpshufb");
    Y3(33, "vphaddw"); Y3(34, "vpsignb"); Y3(35, "vpmaddubsw"); Y3(36, "vpmulhrsw");
    Y3(37, "vpmuldq"); Y3(38, "vpsllvd"); Y3(39, "vpsllvq"); Y3(40, "vpsrlvd"); Y3(41, "vpsrlvq");
    Y3(42, "vpsravd"); Y3Y(43, "vpermd"); Y3Y(44, "vpermps"); Y3(45, "vpermilps"); Y3(46, "vpermilpd");
    Y3I(47, "vpalignr", 5); Y3I(48, "vpblendw", 0x96); Y3I(49, "vpblendd", 0x5a);
    Y3I(50, "vperm2i128", 0x31); Y3I(51, "vperm2f128", 0x82); Y3I(52, "vshufps", 0x4e);
    Y3I(53, "vshufpd", 0x9); Y3I(54, "vmpsadbw", 0x2d); Y3I(55, "vblendps", 0xa6);
    Y3I(56, "vblendpd", 0x9);
    Y2I(57, "vpshufd", 0x1b); Y2I(58, "vpshufhw", 0x8d); Y2I(59, "vpshuflw", 0x72);
    Y2I(60, "vpermq", 0x8d); Y2I(61, "vpermpd", 0x39); Y2I(62, "vpermilps", 0xb1);
    Y2I(63, "vpermilpd", 0x6); Y2(64, "vpabsb"); Y2(65, "vpabsd"); Y2(66, "vmovdqu");
    Y2(67, "vmovshdup"); Y2(68, "vmovddup");
    YX(69, "vpmovzxbw"); YX(70, "vpmovsxwd"); YX(71, "vpmovzxdq"); YX(72, "vpbroadcastb");
    YX(73, "vpbroadcastw"); YX(74, "vpbroadcastd"); YX(75, "vpbroadcastq"); YX(76, "vbroadcastss");
    YX(77, "vbroadcastsd"); YX(78, "vcvtdq2pd"); YX(79, "vcvtps2pd");
    { Y a = ry(), d; X b = rx();
      __asm__("vinserti128 $1, %2, %1, %0" : "=x"(d) : "x"(a), "x"(b)); mixy(80, d);
      __asm__("vinsertf128 $0, %2, %1, %0" : "=x"(d) : "x"(a), "m"(b)); mixy(80, d);
      X e; __asm__("vextracti128 $1, %1, %0" : "=x"(e) : "x"(a)); mixx(81, e);
      __asm__("vextractf128 $1, %1, %0" : "=m"(e) : "x"(a)); mixx(81, e);
      __asm__("vbroadcasti128 %1, %0" : "=x"(d) : "m"(b)); mixy(82, d);
      unsigned m; __asm__("vpmovmskb %1, %0" : "=r"(m) : "x"(a)); mix(83, m);
      __asm__("vmovmskps %1, %0" : "=r"(m) : "x"(a)); mix(83, m);
      __asm__("vmovmskpd %1, %0" : "=r"(m) : "x"(a)); mix(83, m);
      Y b2 = ry(); u64 f;
      __asm__("vptest %2, %1\n\tpushfq\n\tpopq %0" : "=r"(f) : "x"(a), "x"(b2) : "cc"); mix(84, f & 0x8d5);
      __asm__("vptest %1, %1\n\tpushfq\n\tpopq %0" : "=r"(f) : "x"(a) : "cc"); mix(84, f & 0x8d5);
      __asm__("vtestps %2, %1\n\tpushfq\n\tpopq %0" : "=r"(f) : "x"(a), "x"(b2) : "cc"); mix(85, f & 0x8d5);
      __asm__("vtestpd %2, %1\n\tpushfq\n\tpopq %0" : "=r"(f) : "x"(a), "m"(b2) : "cc"); mix(85, f & 0x8d5);
      Y msk = ry(), mem = ry(), dd;
      __asm__("vpmaskmovd %2, %1, %0" : "=x"(dd) : "x"(msk), "m"(mem)); mixy(86, dd);
      __asm__("vmaskmovpd %2, %1, %0" : "=x"(dd) : "x"(msk), "m"(mem)); mixy(86, dd);
      __asm__("vpmaskmovq %2, %1, %0" : "+m"(mem) : "x"(msk), "x"(a)); mixy(87, mem);
      __asm__("vmaskmovps %2, %1, %0" : "+m"(mem) : "x"(msk), "x"(b2)); mixy(87, mem);
      Y c = ry();
      __asm__("vpblendvb %3, %2, %1, %0" : "=x"(dd) : "x"(a), "x"(b2), "x"(c)); mixy(88, dd);
      __asm__("vblendvps %3, %2, %1, %0" : "=x"(dd) : "x"(a), "m"(b2), "x"(c)); mixy(88, dd);
      __asm__("vblendvpd %3, %2, %1, %0" : "=x"(dd) : "x"(a), "x"(b2), "x"(c)); mixy(88, dd);
      __asm__("vpsllw %2, %1, %0" : "=x"(dd) : "x"(a), "x"((X){ (long long)(rnd() & 15), 0 })); mixy(89, dd);
      __asm__("vpsrad $5, %1, %0" : "=x"(dd) : "x"(a)); mixy(89, dd);
      __asm__("vpslldq $3, %1, %0" : "=x"(dd) : "x"(a)); mixy(89, dd);
      __asm__("vpsrlq %2, %1, %0" : "=x"(dd) : "x"(a), "m"((X){ (long long)(rnd() & 127), 0 })); mixy(89, dd);
      X xa = rx(), xb = rx(), xd; u64 g = rnd(), g2;
      __asm__("vmovhps %2, %1, %0" : "=x"(xd) : "x"(xa), "m"(g)); mixx(95, xd);
      __asm__("vmovlpd %2, %1, %0" : "=x"(xd) : "x"(xa), "m"(g)); mixx(95, xd);
      __asm__("vmovhlps %2, %1, %0" : "=x"(xd) : "x"(xa), "x"(xb)); mixx(95, xd);
      __asm__("vmovlhps %2, %1, %0" : "=x"(xd) : "x"(xa), "x"(xb)); mixx(95, xd);
      __asm__("vpinsrq $1, %2, %1, %0" : "=x"(xd) : "x"(xa), "r"(g)); mixx(96, xd);
      __asm__("vpinsrb $7, %k2, %1, %0" : "=x"(xd) : "x"(xa), "r"(g)); mixx(96, xd);
      __asm__("vpextrq $1, %1, %0" : "=r"(g2) : "x"(xa)); mix(96, g2);
      __asm__("vpextrw $5, %1, %k0" : "=r"(g2) : "x"(xa)); mix(96, g2);
      X buf[2] = { rx(), rx() };
      __asm__("maskmovdqu %1, %0" :: "x"(xa), "x"(xb), "D"(&buf[0]) : "memory"); mixx(97, buf[0]);
      __asm__("vmaskmovdqu %1, %0" :: "x"(xb), "x"(xa), "D"(&buf[1]) : "memory"); mixx(97, buf[1]);
      /* VEX.128 forms of the AVX-only ops (the upper half must become 0) */
      Y z = ry();
#define Z3(i, insn) __asm__("vmovdqa %3, %0\n\t" insn " %x0" : "=&x"(z) : "x"(xa), "x"(xb), "m"(z)); mixy(i, z)
      Z3(98, "vpblendd $0x5, %2, %1,"); Z3(98, "vblendvps %1, %2, %1,"); Z3(98, "vpermilps $0x1b, %2,");
      Z3(98, "vpermilpd $1, %1,"); Z3(98, "vpbroadcastb %1,"); Z3(98, "vpbroadcastq %2,");
      Z3(98, "vbroadcastss %1,"); Z3(98, "vpsravd %2, %1,"); Z3(98, "vpmaskmovd %3, %1,");
      Z3(98, "vmaskmovpd %3, %2,"); Z3(98, "vcvtph2ps %1,");
#undef Z3
      X mm = rx();
      __asm__("vmaskmovps %2, %1, %0" : "+m"(mm) : "x"(xa), "x"(xb)); mixx(98, mm);
      __asm__("vtestps %2, %1\n\tpushfq\n\tpopq %0" : "=r"(f) : "x"(xa), "x"(xb) : "cc"); mix(98, f & 0x8d5); }
}

static int gather_tab[64];
static long long gather_tab64[64];

static void gathers(void)
{
    for (int i = 0; i < 64; i++) gather_tab[i] = (int)rnd(), gather_tab64[i] = (long long)rnd();
    Y idx = { 0 }, m = ry(), d = ry();
    int *ii = (int *)&idx;
    for (int i = 0; i < 8; i++) ii[i] = (int)(rnd() % 64) - 16;
    Y m2 = m, d2 = d;
    __asm__("vpgatherdd %1, 64(%3,%2,4), %0" : "+x"(d2), "+x"(m2) : "x"(idx), "r"(gather_tab) : "memory");
    mixy(90, d2); mixy(90, m2);
    Y qidx = { (long long)(rnd() % 40), (long long)(rnd() % 40), (long long)(rnd() % 40), (long long)(rnd() % 40) };
    m2 = m, d2 = d;
    __asm__("vpgatherqq %1, (%3,%2,8), %0" : "+x"(d2), "+x"(m2) : "x"(qidx), "r"(gather_tab64) : "memory");
    mixy(91, d2); mixy(91, m2);
    X xd = rx(), xm = rx();
    __asm__("vpgatherqd %1, 8(%3,%2,4), %0" : "+x"(xd), "+x"(xm) : "x"(qidx), "r"(gather_tab) : "memory");
    mixx(92, xd); mixx(92, xm);
    m2 = m, d2 = d;
    __asm__("vgatherdpd %1, 64(%3,%x2,8), %0" : "+x"(d2), "+x"(m2) : "x"(idx), "r"(gather_tab64) : "memory");
    mixy(93, d2); mixy(93, m2);
    X xd2 = rx(), xm2 = rx();
    __asm__("vgatherdps %1, 64(%3,%2,4), %0" : "+x"(xd2), "+x"(xm2) : "x"(*(X *)&idx), "r"(gather_tab) : "memory");
    mixx(94, xd2); mixx(94, xm2);
}

static void fp(void)
{
    Y3(100, "vaddps"); mxcsr_mix(100); Y3(101, "vmulpd"); mxcsr_mix(101); Y3(102, "vdivps"); mxcsr_mix(102);
    Y3(103, "vminpd"); mxcsr_mix(103); Y3(104, "vmaxps"); mxcsr_mix(104); Y3(105, "vandps"); Y3(106, "vxorpd");
    Y3(107, "vunpcklps"); Y3(108, "vunpckhpd"); Y3I(109, "vcmpps", 0x1d); mxcsr_mix(109);
    Y3I(110, "vcmppd", 0x4); mxcsr_mix(110);
    Y3(119, "vhaddps"); mxcsr_mix(119); Y3(98, "vaddsubpd"); mxcsr_mix(98); Y3I(99, "vdpps", 0xb7); mxcsr_mix(99);
    Y2(111, "vsqrtps"); mxcsr_mix(111); Y2I(112, "vroundpd", 0x9); mxcsr_mix(112);
    Y2(113, "vcvtdq2ps"); mxcsr_mix(113); Y2(114, "vcvtps2dq"); mxcsr_mix(114); Y2(115, "vcvttps2dq"); mxcsr_mix(115);
    XY(116, "vcvtpd2ps"); mxcsr_mix(116); XY(117, "vcvtpd2dq"); mxcsr_mix(117); XY(118, "vcvttpd2dq"); mxcsr_mix(118);
    F3(120, "vfmadd132ps"); mxcsr_mix(120); F3(121, "vfmadd213pd"); mxcsr_mix(121); F3(122, "vfmadd231ps"); mxcsr_mix(122);
    F3(123, "vfmsub132pd"); mxcsr_mix(123); F3(124, "vfmsub213ps"); mxcsr_mix(124); F3(125, "vfmsub231pd"); mxcsr_mix(125);
    F3(126, "vfnmadd132ps"); mxcsr_mix(126); F3(127, "vfnmadd213pd"); mxcsr_mix(127); F3(128, "vfnmadd231ps"); mxcsr_mix(128);
    F3(129, "vfnmsub132pd"); mxcsr_mix(129); F3(130, "vfnmsub213ps"); mxcsr_mix(130); F3(131, "vfnmsub231pd"); mxcsr_mix(131);
    F3(132, "vfmaddsub132ps"); mxcsr_mix(132); F3(133, "vfmsubadd213pd"); mxcsr_mix(133); F3(134, "vfmaddsub231pd"); mxcsr_mix(134);
    { X a = rx(), b = rx(), d = rx();
      __asm__("vfmadd132ss %2, %1, %0" : "+x"(d) : "x"(a), "x"(b)); mixx(135, d); mxcsr_mix(135);
      __asm__("vfmsub213sd %2, %1, %0" : "+x"(d) : "x"(a), "m"(b)); mixx(136, d); mxcsr_mix(136);
      __asm__("vfnmadd231sd %2, %1, %0" : "+x"(d) : "x"(a), "x"(b)); mixx(137, d); mxcsr_mix(137);
      __asm__("vfnmsub132ss %2, %1, %0" : "+x"(d) : "x"(a), "m"(b)); mixx(138, d); mxcsr_mix(138); }
    { X h = rx(); Y f;
      __asm__("vcvtph2ps %1, %0" : "=x"(f) : "x"(h)); mixy(140, f); mxcsr_mix(140);
      __asm__("vcvtph2ps %1, %x0" : "=x"(f) : "m"(h)); mixy(140, f); mxcsr_mix(140);
      Y s = ry(); X o;
      __asm__("vcvtps2ph $0, %1, %0" : "=x"(o) : "x"(s)); mixx(141, o); mxcsr_mix(141);
      __asm__("vcvtps2ph $1, %1, %0" : "=m"(o) : "x"(s)); mixx(141, o); mxcsr_mix(141);
      __asm__("vcvtps2ph $6, %x1, %0" : "=x"(o) : "x"(s)); mixx(141, o); mxcsr_mix(141);
      __asm__("vcvtps2ph $3, %1, %0" : "=x"(o) : "x"(s)); mixx(141, o); mxcsr_mix(141); }
}

__attribute__((force_align_arg_pointer)) void _start(void)
{
    for (int k = 0; k < 1500; k++) {
        ints();
        gathers();
        fp();
    }
    /* VZEROUPPER / VZEROALL */
    Y a = ry(), d;
    __asm__("vmovdqa %1, %%ymm5\n\tvzeroupper\n\tvmovdqa %%ymm5, %0" : "=m"(d) : "m"(a) : "xmm5"); mixy(150, d);
    __asm__("vmovdqa %1, %%ymm6\n\tvzeroall\n\tvmovdqa %%ymm6, %0" : "=m"(d) : "m"(a) : "xmm6"); mixy(150, d);
    for (int i = 0; i < 160; i++)
        if (hs[i]) { put_hex((u64)i); put_hex(hs[i]); }
    sys3(60, 0, 0, 0);
}
