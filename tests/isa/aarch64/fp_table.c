/* A64 FP differential table (a64fp): scalar 1-source, FCVT between H/S/D (incl. AHP), every
 * FCVT* rounding variant to W/X and fixed point, [SU]CVTF, FRINT*, FCMP/FCCMP/FCSEL and the
 * AdvSIMD FP groups, over interesting operands under several FPCR modes (RMode, FZ, DN,
 * AHP). Prints "name a b -> V0.d[1] V0.d[0] FPSR" lines; the -diff test compares them
 * with qemu-aarch64's. */
#include "a64_rt.h"

/* FRINT32/64 are Armv8.5 (tests.sh compiles for 8.3). */
__asm__(".arch armv8.5-a+crc");

typedef void (*FpFn)(u64 a, u64 b, u64 *r);

/* An instruction sequence on v1 = {a, b}, v2 = {b, a}, v0 = a marker; result in v0. */
#define FPT(fn, insns) \
    static void fn(u64 a, u64 b, u64 *r) \
    { \
        __asm__ volatile("mov v1.d[0], %2\n mov v1.d[1], %3\n mov v2.d[0], %3\n" \
                         "mov v2.d[1], %2\n movi v0.16b, #0x5a\n" insns "\n" \
                         "mov %0, v0.d[0]\n mov %1, v0.d[1]" \
                         : "=&r"(r[0]), "=&r"(r[1]) : "r"(a), "r"(b) \
                         : "x9", "x10", "v0", "v1", "v2", "memory", "cc"); \
    }
/* The same with the result in x9 (integer results, NZCV). */
#define FPX(fn, insns) FPT(fn, insns "\n fmov d0, x9")

/* scalar 1-source */
FPT(s_fsqrt, "fsqrt s0, s1") FPT(d_fsqrt, "fsqrt d0, d1")
FPT(s_fabs, "fabs s0, s1") FPT(d_fneg, "fneg d0, d1")
FPT(s_frintn, "frintn s0, s1") FPT(s_frintp, "frintp s0, s1") FPT(s_frintm, "frintm s0, s1")
FPT(s_frintz, "frintz s0, s1") FPT(s_frinta, "frinta s0, s1") FPT(s_frintx, "frintx s0, s1")
FPT(s_frinti, "frinti s0, s1") FPT(d_frinta, "frinta d0, d1") FPT(d_frintx, "frintx d0, d1")
FPT(d_frintn, "frintn d0, d1") FPT(d_frintm, "frintm d0, d1")
FPT(s_cvt_d, "fcvt d0, s1") FPT(d_cvt_s, "fcvt s0, d1") FPT(s_cvt_h, "fcvt h0, s1")
FPT(d_cvt_h, "fcvt h0, d1") FPT(h_cvt_s, "fcvt s0, h1") FPT(h_cvt_d, "fcvt d0, h1")
/* to integer, every rounding */
FPX(s_ns_w, "fcvtns w9, s1") FPX(s_nu_w, "fcvtnu w9, s1") FPX(s_ps_x, "fcvtps x9, s1")
FPX(s_pu_w, "fcvtpu w9, s1") FPX(s_ms_w, "fcvtms w9, s1") FPX(s_mu_x, "fcvtmu x9, s1")
FPX(s_zs_w, "fcvtzs w9, s1") FPX(s_zu_w, "fcvtzu w9, s1") FPX(s_as_w, "fcvtas w9, s1")
FPX(s_au_x, "fcvtau x9, s1") FPX(d_zs_x, "fcvtzs x9, d1") FPX(d_zu_x, "fcvtzu x9, d1")
FPX(d_ns_w, "fcvtns w9, d1") FPX(d_as_x, "fcvtas x9, d1") FPX(d_ms_x, "fcvtms x9, d1")
FPX(d_pu_x, "fcvtpu x9, d1") FPX(d_zs_w, "fcvtzs w9, d1") FPX(d_au_w, "fcvtau w9, d1")
FPX(s_zs_w5, "fcvtzs w9, s1, #5") FPX(s_zu_x40, "fcvtzu x9, s1, #40")
FPX(d_zs_x64, "fcvtzs x9, d1, #64") FPX(d_zu_w1, "fcvtzu w9, d1, #1")
/* from integer (x1 = a) */
FPT(w_scvtf_s, "mov x9, v1.d[0]\n scvtf s0, w9") FPT(x_ucvtf_s, "mov x9, v1.d[0]\n ucvtf s0, x9")
FPT(x_scvtf_d, "mov x9, v1.d[0]\n scvtf d0, x9") FPT(w_ucvtf_d, "mov x9, v1.d[0]\n ucvtf d0, w9")
FPT(x_scvtf_s3, "mov x9, v1.d[0]\n scvtf s0, x9, #3")
FPT(w_ucvtf_d32, "mov x9, v1.d[0]\n ucvtf d0, w9, #32")
/* compares, select */
FPX(s_fcmp, "fcmp s1, s2\n mrs x9, nzcv") FPX(s_fcmpe, "fcmpe s1, s2\n mrs x9, nzcv")
FPX(d_fcmp0, "fcmp d1, #0.0\n mrs x9, nzcv") FPX(d_fcmpe, "fcmpe d1, d2\n mrs x9, nzcv")
FPX(s_fccmp, "cmp x9, x9\n fccmp s1, s2, #5, ne\n mrs x9, nzcv")
FPX(s_fccmpe, "cmp x9, x9\n fccmpe s1, s2, #5, eq\n mrs x9, nzcv")
FPX(d_fccmp, "cmp x9, x9\n fccmp d1, d2, #2, eq\n mrs x9, nzcv")
FPT(s_fcsel, "fcmp s1, s2\n fcsel s0, s1, s2, gt") FPT(d_fcsel, "fcmp d1, d2\n fcsel d0, d1, d2, ls")
FPT(s_fmovi, "fmov s0, #-1.25\n fadd s0, s0, s1") FPT(d_fmovi, "fmov d0, #31.0\n fmul d0, d0, d1")
/* scalar 2/3-source recheck */
FPT(s_fmax, "fmax s0, s1, s2") FPT(d_fminnm, "fminnm d0, d1, d2") FPT(s_fnmul, "fnmul s0, s1, s2")
FPT(d_fmadd, "fmadd d0, d1, d2, d1") FPT(s_fnmsub, "fnmsub s0, s1, s2, s2")
/* AdvSIMD three same */
FPT(v_fadd4s, "fadd v0.4s, v1.4s, v2.4s") FPT(v_fsub2d, "fsub v0.2d, v1.2d, v2.2d")
FPT(v_fmul2s, "fmul v0.2s, v1.2s, v2.2s") FPT(v_fdiv4s, "fdiv v0.4s, v1.4s, v2.4s")
FPT(v_fmla4s, "fmla v0.4s, v1.4s, v2.4s") FPT(v_fmls2d, "mov v0.16b, v2.16b\n fmls v0.2d, v1.2d, v2.2d")
FPT(v_fmax4s, "fmax v0.4s, v1.4s, v2.4s") FPT(v_fminnm2d, "fminnm v0.2d, v1.2d, v2.2d")
FPT(v_fmaxnm4s, "fmaxnm v0.4s, v1.4s, v2.4s") FPT(v_fmin2d, "fmin v0.2d, v1.2d, v2.2d")
FPT(v_fabd4s, "fabd v0.4s, v1.4s, v2.4s") FPT(v_fmulx2d, "fmulx v0.2d, v1.2d, v2.2d")
FPT(v_fmulx4s, "fmulx v0.4s, v1.4s, v2.4s")
FPT(v_frecps4s, "frecps v0.4s, v1.4s, v2.4s") FPT(v_frsqrts2d, "frsqrts v0.2d, v1.2d, v2.2d")
FPT(v_frsqrts4s, "frsqrts v0.4s, v1.4s, v2.4s")
FPT(v_faddp4s, "faddp v0.4s, v1.4s, v2.4s") FPT(v_fmaxp2s, "fmaxp v0.2s, v1.2s, v2.2s")
FPT(v_fminnmp2d, "fminnmp v0.2d, v1.2d, v2.2d") FPT(v_fmaxnmp4s, "fmaxnmp v0.4s, v1.4s, v2.4s")
FPT(v_fcmeq4s, "fcmeq v0.4s, v1.4s, v2.4s") FPT(v_fcmge2d, "fcmge v0.2d, v1.2d, v2.2d")
FPT(v_fcmgt4s, "fcmgt v0.4s, v1.4s, v2.4s") FPT(v_facge4s, "facge v0.4s, v1.4s, v2.4s")
FPT(v_facgt2d, "facgt v0.2d, v1.2d, v2.2d")
/* AdvSIMD two-register misc */
FPT(v_fabs4s, "fabs v0.4s, v1.4s") FPT(v_fneg2d, "fneg v0.2d, v1.2d")
FPT(v_fsqrt4s, "fsqrt v0.4s, v1.4s") FPT(v_frinta2d, "frinta v0.2d, v1.2d")
FPT(v_frintn4s, "frintn v0.4s, v1.4s") FPT(v_frintx4s, "frintx v0.4s, v1.4s")
FPT(v_frintm2s, "frintm v0.2s, v1.2s") FPT(v_frinti2d, "frinti v0.2d, v1.2d")
FPT(v_fcvtzs4s, "fcvtzs v0.4s, v1.4s") FPT(v_fcvtnu2d, "fcvtnu v0.2d, v1.2d")
FPT(v_fcvtas4s, "fcvtas v0.4s, v1.4s") FPT(v_fcvtpu4s, "fcvtpu v0.4s, v1.4s")
FPT(v_fcvtms2d, "fcvtms v0.2d, v1.2d")
FPT(v_scvtf4s, "scvtf v0.4s, v1.4s") FPT(v_ucvtf2d, "ucvtf v0.2d, v1.2d")
FPT(v_fcvtl4s, "fcvtl v0.4s, v1.4h") FPT(v_fcvtl2_2d, "fcvtl2 v0.2d, v1.4s")
FPT(v_fcvtn4h, "fcvtn v0.4h, v1.4s") FPT(v_fcvtn2_4s, "fcvtn2 v0.4s, v1.2d")
FPT(v_fcvtxn2s, "fcvtxn v0.2s, v1.2d") FPT(s_fcvtxn, "fcvtxn s0, d1")
FPT(v_frecpe4s, "frecpe v0.4s, v1.4s") FPT(v_frecpe2d, "frecpe v0.2d, v1.2d")
FPT(v_frsqrte4s, "frsqrte v0.4s, v1.4s") FPT(v_frsqrte2d, "frsqrte v0.2d, v1.2d")
FPT(v_fcmgt0_4s, "fcmgt v0.4s, v1.4s, #0.0") FPT(v_fcmeq0_2d, "fcmeq v0.2d, v1.2d, #0.0")
FPT(v_fcmlt0_4s, "fcmlt v0.4s, v1.4s, #0.0") FPT(v_fcmge0_2d, "fcmge v0.2d, v1.2d, #0.0")
FPT(v_fcmle0_4s, "fcmle v0.4s, v1.4s, #0.0")
/* scalar AdvSIMD forms */
FPT(s_fmulx, "fmulx s0, s1, s2") FPT(d_fcmeq, "fcmeq d0, d1, d2") FPT(s_facgt, "facgt s0, s1, s2")
FPT(d_fabd, "fabd d0, d1, d2") FPT(s_frecps, "frecps s0, s1, s2") FPT(d_frsqrts, "frsqrts d0, d1, d2")
FPT(s_frecpe, "frecpe s0, s1") FPT(d_frsqrte, "frsqrte d0, d1") FPT(s_frecpx, "frecpx s0, s1")
FPT(d_frecpx, "frecpx d0, d1") FPT(s_fcvtzs_v, "fcvtzs s0, s1") FPT(d_ucvtf_v, "ucvtf d0, d1")
FPT(d_fcmle0, "fcmle d0, d1, #0.0") FPT(s_fcvtau_v, "fcvtau s0, s1")
/* pairwise, across lanes, by element */
FPT(s_faddp, "faddp s0, v1.2s") FPT(d_fmaxp, "fmaxp d0, v1.2d") FPT(d_fminnmp, "fminnmp d0, v1.2d")
FPT(v_fmaxv, "fmaxv s0, v1.4s") FPT(v_fminnmv, "fminnmv s0, v1.4s") FPT(v_fminv, "fminv s0, v1.4s")
FPT(v_fmaxnmv, "fmaxnmv s0, v1.4s")
FPT(e_fmul4s, "fmul v0.4s, v1.4s, v2.s[3]") FPT(e_fmla2d, "fmla v0.2d, v1.2d, v2.d[1]")
FPT(e_fmls2s, "fmls v0.2s, v1.2s, v2.s[1]") FPT(e_fmulx4s, "fmulx v0.4s, v1.4s, v2.s[2]")
FPT(e_fmul_s, "fmul s0, s1, v2.s[1]") FPT(e_fmla_d, "fmla d0, d1, v2.d[0]")
FPT(e_fmulx_d, "fmulx d0, d1, v2.d[1]")
/* fixed point by immediate, vector and scalar */
FPT(x_fcvtzs4s, "fcvtzs v0.4s, v1.4s, #3") FPT(x_fcvtzu2d, "fcvtzu v0.2d, v1.2d, #60")
FPT(x_scvtf2s, "scvtf v0.2s, v1.2s, #31") FPT(x_ucvtf2d, "ucvtf v0.2d, v1.2d, #1")
FPT(x_fcvtzs_s, "fcvtzs s0, s1, #32") FPT(x_ucvtf_d, "ucvtf d0, d1, #64")
/* FEAT_JSCVT, FEAT_FRINTTS */
FPX(d_fjcvtzs, "fjcvtzs w9, d1\n mrs x10, nzcv\n orr x9, x9, x10")
FPT(s_frint32z, "frint32z s0, s1") FPT(s_frint32x, "frint32x s0, s1")
FPT(d_frint64z, "frint64z d0, d1") FPT(d_frint64x, "frint64x d0, d1")
FPT(d_frint32x, "frint32x d0, d1") FPT(v_frint32z4s, "frint32z v0.4s, v1.4s")
FPT(v_frint64x2d, "frint64x v0.2d, v1.2d")
FPT(v_urecpe4s, "urecpe v0.4s, v1.4s") FPT(v_ursqrte2s, "ursqrte v0.2s, v1.2s") FPT(v_frint32x2d, "frint32x v0.2d, v1.2d")

#define E(fn, kind) { #fn, fn, kind }
/* kind: operand set (1: single values, 2: double values, 3: half/int values) and arity. */
static const struct { const char *name; FpFn fn; int kind; } tests[] = {
    E(s_fsqrt, 1), E(d_fsqrt, 2), E(s_fabs, 1), E(d_fneg, 2), E(s_frintn, 1), E(s_frintp, 1),
    E(s_frintm, 1), E(s_frintz, 1), E(s_frinta, 1), E(s_frintx, 1), E(s_frinti, 1),
    E(d_frinta, 2), E(d_frintx, 2), E(d_frintn, 2), E(d_frintm, 2), E(s_cvt_d, 1),
    E(d_cvt_s, 2), E(s_cvt_h, 1), E(d_cvt_h, 2), E(h_cvt_s, 3), E(h_cvt_d, 3),
    E(s_ns_w, 1), E(s_nu_w, 1), E(s_ps_x, 1), E(s_pu_w, 1), E(s_ms_w, 1), E(s_mu_x, 1),
    E(s_zs_w, 1), E(s_zu_w, 1), E(s_as_w, 1), E(s_au_x, 1), E(d_zs_x, 2), E(d_zu_x, 2),
    E(d_ns_w, 2), E(d_as_x, 2), E(d_ms_x, 2), E(d_pu_x, 2), E(d_zs_w, 2), E(d_au_w, 2),
    E(s_zs_w5, 1), E(s_zu_x40, 1), E(d_zs_x64, 2), E(d_zu_w1, 2),
    E(w_scvtf_s, 3), E(x_ucvtf_s, 3), E(x_scvtf_d, 3), E(w_ucvtf_d, 3), E(x_scvtf_s3, 3),
    E(w_ucvtf_d32, 3),
    E(s_fcmp, 1), E(s_fcmpe, 1), E(d_fcmp0, 2), E(d_fcmpe, 2), E(s_fccmp, 1), E(s_fccmpe, 1),
    E(d_fccmp, 2), E(s_fcsel, 1), E(d_fcsel, 2), E(s_fmovi, 1), E(d_fmovi, 2),
    E(s_fmax, 1), E(d_fminnm, 2), E(s_fnmul, 1), E(d_fmadd, 2), E(s_fnmsub, 1),
    E(v_fadd4s, 1), E(v_fsub2d, 2), E(v_fmul2s, 1), E(v_fdiv4s, 1), E(v_fmla4s, 1),
    E(v_fmls2d, 2), E(v_fmax4s, 1), E(v_fminnm2d, 2), E(v_fmaxnm4s, 1), E(v_fmin2d, 2),
    E(v_fabd4s, 1), E(v_fmulx2d, 2), E(v_fmulx4s, 1), E(v_frecps4s, 1), E(v_frsqrts2d, 2),
    E(v_frsqrts4s, 1), E(v_faddp4s, 1), E(v_fmaxp2s, 1), E(v_fminnmp2d, 2), E(v_fmaxnmp4s, 1),
    E(v_fcmeq4s, 1), E(v_fcmge2d, 2), E(v_fcmgt4s, 1), E(v_facge4s, 1), E(v_facgt2d, 2),
    E(v_fabs4s, 1), E(v_fneg2d, 2), E(v_fsqrt4s, 1), E(v_frinta2d, 2), E(v_frintn4s, 1),
    E(v_frintx4s, 1), E(v_frintm2s, 1), E(v_frinti2d, 2), E(v_fcvtzs4s, 1), E(v_fcvtnu2d, 2),
    E(v_fcvtas4s, 1), E(v_fcvtpu4s, 1), E(v_fcvtms2d, 2), E(v_scvtf4s, 3), E(v_ucvtf2d, 3),
    E(v_fcvtl4s, 3), E(v_fcvtl2_2d, 1), E(v_fcvtn4h, 1), E(v_fcvtn2_4s, 2), E(v_fcvtxn2s, 2),
    E(s_fcvtxn, 2), E(v_frecpe4s, 1), E(v_frecpe2d, 2), E(v_frsqrte4s, 1), E(v_frsqrte2d, 2),
    E(v_fcmgt0_4s, 1), E(v_fcmeq0_2d, 2), E(v_fcmlt0_4s, 1), E(v_fcmge0_2d, 2),
    E(v_fcmle0_4s, 1), E(s_fmulx, 1), E(d_fcmeq, 2), E(s_facgt, 1), E(d_fabd, 2),
    E(s_frecps, 1), E(d_frsqrts, 2), E(s_frecpe, 1), E(d_frsqrte, 2), E(s_frecpx, 1),
    E(d_frecpx, 2), E(s_fcvtzs_v, 1), E(d_ucvtf_v, 3), E(d_fcmle0, 2), E(s_fcvtau_v, 1),
    E(s_faddp, 1), E(d_fmaxp, 2), E(d_fminnmp, 2), E(v_fmaxv, 1), E(v_fminnmv, 1),
    E(v_fminv, 1), E(v_fmaxnmv, 1), E(e_fmul4s, 1), E(e_fmla2d, 2), E(e_fmls2s, 1),
    E(e_fmulx4s, 1), E(e_fmul_s, 1), E(e_fmla_d, 2), E(e_fmulx_d, 2),
    E(x_fcvtzs4s, 1), E(x_fcvtzu2d, 2), E(x_scvtf2s, 3), E(x_ucvtf2d, 3), E(x_fcvtzs_s, 1),
    E(x_ucvtf_d, 3), E(d_fjcvtzs, 2), E(s_frint32z, 1), E(s_frint32x, 1), E(d_frint64z, 2),
    E(d_frint64x, 2), E(d_frint32x, 2), E(v_frint32z4s, 1), E(v_frint64x2d, 2),
    E(v_frint32x2d, 2), E(v_urecpe4s, 3), E(v_ursqrte2s, 3), E(v_urecpe4s, 1),
};

static const unsigned sv[] = {
    0, 0x80000000, 0x3f800000, 0xbfc00000, 0x40200000, 0x3f000000, 0x3fc00000, 0x00000001,
    0x807fffff, 0x00800000, 0x7f7fffff, 0x7f800000, 0xff800000, 0x7fc00001, 0x7f800002,
    0xffc00003, 0x501502f9, 0xcf32d05e, 0x4f800000, 0x4f000000, 0xcf000000, 0x3effffff,
    0x42f6e979, 0x477fe000, 0x47800000, 0x00400000, 0xbf400001, 0x5f000000, 0x0d800000,
};
static const u64 dv[] = {
    0, 0x8000000000000000ull, 0x3ff0000000000000ull, 0xc004000000000000ull,
    0x3fe0000000000000ull, 0x3ff8000000000000ull, 0x0000000000000001ull,
    0x800fffffffffffffull, 0x0010000000000000ull, 0x7fefffffffffffffull,
    0x7ff0000000000000ull, 0xfff0000000000000ull, 0x7ff8000000000001ull,
    0x7ff0000000000002ull, 0xfff8000000000003ull, 0x41dfffffffc00000ull,
    0xc1e0000000200000ull, 0x43e0000000000000ull, 0x43f0000000000000ull,
    0x3fdfffffffffffffull, 0x405ec00000000000ull, 0x47efffffe0000000ull,
    0x36a0000000000000ull, 0x3810000000000000ull, 0x40f0000000000001ull,
    0x4415af1d78b58c40ull, 0xbfe8000000000001ull, 0x7fe0000000000000ull,
};
/* halves (low 16 bits), integers */
static const u64 hv[] = {
    0, 0x8000, 0x3c00, 0x7bff, 0x7c00, 0xfc00, 0x7e01, 0x7c02, 0x0001, 0x03ff, 0x0400,
    0xfbff, 0x3555, 0x7fff, 0xffff, 0x12345, 0x7fffffff, 0x80000000, 0xffffffff,
    0x100000001ull, 0x7fffffffffffffffull, 0x8000000000000000ull, 0xfffffffffffffff7ull,
    0x123456789abcdefull, 0x1000001, 0x1000003,
};

/* FPCR modes: RN, RP, RM, RZ, FZ, DN, FZ+DN+RP, AHP. */
static const u64 modes[] = { 0, 1ul << 22, 2ul << 22, 3ul << 22, 1ul << 24, 1ul << 25,
                             (1ul << 24) | (1ul << 25) | (1ul << 22), 1ul << 26 };

static void set_fpcr(u64 v) { __asm__ volatile("msr fpcr, %0" :: "r"(v)); }
static u64 get_fpsr(void) { u64 v; __asm__ volatile("mrs %0, fpsr" : "=r"(v)); return v; }
static void set_fpsr(u64 v) { __asm__ volatile("msr fpsr, %0" :: "r"(v)); }

static u64 operand(int kind, int i, int j)
{
    /* two lanes of the single table: (i, j), (j, i + 1) make v1/v2 hold varied pairs */
    if (kind == 1)
        return sv[i] | (u64)sv[j] << 32;
    return kind == 2 ? dv[i] : hv[i] | (j & 1 ? hv[j] << 16 : 0);
}

static int count(int kind)
{
    return kind == 1 ? sizeof(sv) / sizeof(sv[0]) : kind == 2 ? sizeof(dv) / sizeof(dv[0])
                                                           : sizeof(hv) / sizeof(hv[0]);
}

int main(void)
{
    for (unsigned t = 0; t < sizeof(tests) / sizeof(tests[0]); t++) {
        int kind = tests[t].kind, n = count(kind);
        for (unsigned md = 0; md < sizeof(modes) / sizeof(modes[0]); md++) {
            set_fpcr(modes[md]);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j += (md ? 3 : 1)) {
                    u64 a = operand(kind, i, j), b = operand(kind, j, (i + 1) % n), r[2];
                    set_fpsr(j & 1 ? 0x10 : 0);     /* IXC already set: the fast paths */
                    tests[t].fn(a, b, r);
                    u64 fpsr = get_fpsr();
                    rt_puts(tests[t].name);
                    rt_putc(' ');
                    rt_hex(md);
                    rt_putc(' ');
                    rt_hex(a);
                    rt_putc(' ');
                    rt_hex(b);
                    rt_puts(" -> ");
                    rt_hex(r[1]);
                    rt_putc(' ');
                    rt_hex(r[0]);
                    rt_putc(' ');
                    rt_hex(fpsr);
                    rt_putc('\n');
                }
            }
        }
    }
    set_fpcr(0);
    return 0;
}
