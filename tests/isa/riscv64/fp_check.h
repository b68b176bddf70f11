/* Helpers for the fp_*.c ISA tests: run one F/D instruction on raw register bits with fflags
 * cleared, return the raw result (full 64-bit f register, so NaN boxes are visible) and keep
 * the flags it raised in fp_flags. */
#ifndef FP_CHECK_H
#define FP_CHECK_H

#include "base_check.h"

enum { NX = 1, UF = 2, OF = 4, DZ = 8, NV = 16 };

static uint64_t fp_flags;

#define BOX(x) (0xffffffff00000000ull | (uint32_t)(x))
#define CANON_S BOX(0x7fc00000)
#define CANON_D 0x7ff8000000000000ull

/* rd(f) = op rs1(f), rs2(f)[, rm] */
#define F_FFF(op, rm, a, b) ({ \
        uint64_t r_, fl_; double fa_, fb_, fr_; \
        __asm__ volatile("fmv.d.x %[fa], %[xa]\n\tfmv.d.x %[fb], %[xb]\n\tcsrw fflags, zero\n\t" \
                         op " %[fr], %[fa], %[fb]" rm "\n\tcsrr %[fl], fflags\n\t" \
                         "fmv.x.d %[r], %[fr]" \
                         : [r] "=r"(r_), [fl] "=&r"(fl_), [fa] "=&f"(fa_), [fb] "=&f"(fb_), \
                           [fr] "=&f"(fr_) \
                         : [xa] "r"((uint64_t)(a)), [xb] "r"((uint64_t)(b)) : "memory"); \
        fp_flags = fl_; r_; })

/* rd(f) = op rs1(f), rs2(f), rs3(f), rm */
#define F_FFFF(op, rm, a, b, c) ({ \
        uint64_t r_, fl_; double fa_, fb_, fc_, fr_; \
        __asm__ volatile("fmv.d.x %[fa], %[xa]\n\tfmv.d.x %[fb], %[xb]\n\t" \
                         "fmv.d.x %[fc], %[xc]\n\tcsrw fflags, zero\n\t" \
                         op " %[fr], %[fa], %[fb], %[fc]" rm "\n\tcsrr %[fl], fflags\n\t" \
                         "fmv.x.d %[r], %[fr]" \
                         : [r] "=r"(r_), [fl] "=&r"(fl_), [fa] "=&f"(fa_), [fb] "=&f"(fb_), \
                           [fc] "=&f"(fc_), [fr] "=&f"(fr_) \
                         : [xa] "r"((uint64_t)(a)), [xb] "r"((uint64_t)(b)), \
                           [xc] "r"((uint64_t)(c)) : "memory"); \
        fp_flags = fl_; r_; })

/* rd(f) = op rs1(f)[, rm] */
#define F_FF(op, rm, a) ({ \
        uint64_t r_, fl_; double fa_, fr_; \
        __asm__ volatile("fmv.d.x %[fa], %[xa]\n\tcsrw fflags, zero\n\t" \
                         op " %[fr], %[fa]" rm "\n\tcsrr %[fl], fflags\n\t" \
                         "fmv.x.d %[r], %[fr]" \
                         : [r] "=r"(r_), [fl] "=&r"(fl_), [fa] "=&f"(fa_), [fr] "=&f"(fr_) \
                         : [xa] "r"((uint64_t)(a)) : "memory"); \
        fp_flags = fl_; r_; })

/* rd(x) = op rs1(f)[, rm] */
#define F_XF(op, rm, a) ({ \
        uint64_t r_, fl_; double fa_; \
        __asm__ volatile("fmv.d.x %[fa], %[xa]\n\tcsrw fflags, zero\n\t" \
                         op " %[r], %[fa]" rm "\n\tcsrr %[fl], fflags" \
                         : [r] "=&r"(r_), [fl] "=&r"(fl_), [fa] "=&f"(fa_) \
                         : [xa] "r"((uint64_t)(a)) : "memory"); \
        fp_flags = fl_; r_; })

/* rd(f) = op rs1(x)[, rm] */
#define F_FX(op, rm, a) ({ \
        uint64_t r_, fl_; double fr_; \
        __asm__ volatile("csrw fflags, zero\n\t" op " %[fr], %[xa]" rm "\n\t" \
                         "csrr %[fl], fflags\n\tfmv.x.d %[r], %[fr]" \
                         : [r] "=r"(r_), [fl] "=&r"(fl_), [fr] "=&f"(fr_) \
                         : [xa] "r"((uint64_t)(a)) : "memory"); \
        fp_flags = fl_; r_; })

/* rd(x) = op rs1(f), rs2(f) */
#define F_XFF(op, a, b) ({ \
        uint64_t r_, fl_; double fa_, fb_; \
        __asm__ volatile("fmv.d.x %[fa], %[xa]\n\tfmv.d.x %[fb], %[xb]\n\tcsrw fflags, zero\n\t" \
                         op " %[r], %[fa], %[fb]\n\tcsrr %[fl], fflags" \
                         : [r] "=&r"(r_), [fl] "=&r"(fl_), [fa] "=&f"(fa_), [fb] "=&f"(fb_) \
                         : [xa] "r"((uint64_t)(a)), [xb] "r"((uint64_t)(b)) : "memory"); \
        fp_flags = fl_; r_; })

static void set_frm(unsigned rm) { __asm__ volatile("csrw frm, %0" : : "r"(rm) : "memory"); }

static uint64_t read_fflags(void)
{
    uint64_t v;
    __asm__ volatile("csrr %0, fflags" : "=r"(v) : : "memory");
    return v;
}

/* Check a result and the flags it raised. */
#define CHECKF(what, got, expected, flags) do { \
        uint64_t g_ = (got); \
        CHECK(what, g_, expected); \
        CHECK(what " (fflags)", fp_flags, flags); \
    } while (0)

#endif
