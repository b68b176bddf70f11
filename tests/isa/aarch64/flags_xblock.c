/* Conditions read in the block of the flag-setting instruction and in the blocks after it:
 * B.cond then CSET in the successor, a branch to a block that overwrites NZCV first (the
 * flags discarded at the block end) and one that reads them after a load, for every
 * condition after SUBS/ADDS/ANDS, 64 and 32 bit, and branches where only one exit reads
 * NZCV (recomputed on that exit alone), and FP instructions in the successor (FCSEL reads,
 * FCMP writes) (docs/architecture.md "Flags"). */
#include "a64_rt.h"

/* The architected value of condition c (0..15) for flags nzcv (bits 31..28). */
static int cond_holds(int c, u64 nzcv)
{
    int n = nzcv >> 31 & 1, z = nzcv >> 30 & 1, cf = nzcv >> 29 & 1, v = nzcv >> 28 & 1, r;
    switch (c >> 1) {
    case 0: r = z; break;
    case 1: r = cf; break;
    case 2: r = n; break;
    case 3: r = v; break;
    case 4: r = cf && !z; break;
    case 5: r = n == v; break;
    case 6: r = n == v && !z; break;
    default: return 1;
    }
    return (c & 1) && c != 15 ? !r : r;
}

static u64 mem_word = 7;

/* For setter S and condition C: the flags, B.C taken?, CSET C in the successor, CSET C
 * after a load in the successor, and CSET C after a block that set the flags again. */
#define XB(S, C, ci, W)                                                                        \
    static void xb_##S##_##C##W(u64 a, u64 b)                                                  \
    {                                                                                          \
        u64 f, taken, late, afterld, again, f2, t, t2, split1, split0;                         \
        __asm__ volatile(#S " %" #W "1, %" #W "2, %" #W "3\n mrs %0, nzcv\n"                   \
                         : "=&r"(f), "=&r"(t) : "r"(a), "r"(b));                               \
        __asm__ volatile(#S " %" #W "2, %" #W "3, %" #W "4\n b." #C " 1f\n mov %0, #0\n"       \
                         " b 2f\n1: mov %0, #1\n2: cset %1, " #C "\n"                          \
                         : "=&r"(taken), "=&r"(late), "=&r"(t) : "r"(a), "r"(b));              \
        __asm__ volatile(#S " %" #W "1, %" #W "3, %" #W "4\n b 1f\n1: ldr %2, [%5]\n"          \
                         " cset %0, " #C "\n" : "=&r"(afterld), "=&r"(t), "=&r"(t2)            \
                         : "r"(a), "r"(b), "r"(&mem_word) : "memory");                         \
        __asm__ volatile("cmp %3, %4\n b.ne 1f\n nop\n1: " #S " %" #W "2, %" #W "4, %" #W      \
                         "3\n b 3f\n3: cset %0, " #C "\n mrs %1, nzcv\n"                       \
                         : "=&r"(again), "=&r"(f2), "=&r"(t) : "r"(b), "r"(a));                \
        /* one exit reads NZCV, the other overwrites it first; the inverse flags are in the  \
         * CPU state before (the getpid call ends a block) */                                  \
        u64 inv = ~f & 0xf0000000;                                                             \
        __asm__ volatile("msr nzcv, %4\n mov x8, #172\n svc #0\n"                              \
                         #S " %" #W "1, %" #W "2, %" #W "3\n b." #C " 1f\n cmp xzr, xzr\n"       \
                         " mrs %0, nzcv\n b 2f\n1: mrs %0, nzcv\n2:\n"                          \
                         : "=&r"(split1), "=&r"(t) : "r"(a), "r"(b), "r"(inv) : "x0", "x8");   \
        __asm__ volatile("msr nzcv, %4\n mov x8, #172\n svc #0\n"                              \
                         #S " %" #W "1, %" #W "2, %" #W "3\n b." #C " 1f\n mrs %0, nzcv\n"      \
                         " b 2f\n1: cmp xzr, xzr\n mrs %0, nzcv\n2:\n"                          \
                         : "=&r"(split0), "=&r"(t) : "r"(a), "r"(b), "r"(inv) : "x0", "x8");   \
        int want = cond_holds(ci, f);                                                          \
        CHECK(#S " " #C " " #W " split taken", split1, want ? f : 0x60000000);                 \
        CHECK(#S " " #C " " #W " split fall", split0, want ? 0x60000000 : f);                  \
        CHECK(#S " " #C " " #W " b.cond", taken, want);                                        \
        CHECK(#S " " #C " " #W " successor", late, want);                                      \
        CHECK(#S " " #C " " #W " after load", afterld, want);                                  \
        CHECK(#S " " #C " " #W " set again", again, cond_holds(ci, f2));                       \
        CHECK(#S " " #C " " #W " same flags", f2, f);                                          \
        rt_line(#S "." #C #W, a, b, taken | late << 1 | afterld << 2 | again << 3, f);         \
    }

#define XB_ALL(S, W) \
    XB(S, eq, 0, W) XB(S, ne, 1, W) XB(S, hs, 2, W) XB(S, lo, 3, W) XB(S, mi, 4, W)            \
    XB(S, pl, 5, W) XB(S, vs, 6, W) XB(S, vc, 7, W) XB(S, hi, 8, W) XB(S, ls, 9, W)            \
    XB(S, ge, 10, W) XB(S, lt, 11, W) XB(S, gt, 12, W) XB(S, le, 13, W)

XB_ALL(subs, x)
XB_ALL(adds, x)
XB_ALL(ands, x)
XB_ALL(subs, w)
XB_ALL(adds, w)
XB_ALL(ands, w)

#define RUN(S, W, a, b)                                                                        \
    do {                                                                                       \
        xb_##S##_eq##W(a, b); xb_##S##_ne##W(a, b); xb_##S##_hs##W(a, b);                      \
        xb_##S##_lo##W(a, b); xb_##S##_mi##W(a, b); xb_##S##_pl##W(a, b);                      \
        xb_##S##_vs##W(a, b); xb_##S##_vc##W(a, b); xb_##S##_hi##W(a, b);                      \
        xb_##S##_ls##W(a, b); xb_##S##_ge##W(a, b); xb_##S##_lt##W(a, b);                      \
        xb_##S##_gt##W(a, b); xb_##S##_le##W(a, b);                                            \
    } while (0)

/* FP and AdvSIMD data processing keep NZCV: FCSEL after an FADD and an FMLA in the
 * successor reads the SUBS flags; an FCMP there overwrites them first (dead at the branch). */
static void fp_xblock(u64 a, u64 b)
{
    u64 f, f2, t, lo;
    double one = 1.0, two = 2.0, r, sel;
    __asm__ volatile("subs %0, %1, %2\n mrs %0, nzcv\n" : "=&r"(f) : "r"(a), "r"(b));
    u64 inv = ~f & 0xf0000000;      /* in the CPU state before (getpid ends a block) */
    __asm__ volatile("msr nzcv, %7\n mov x8, #172\n svc #0\n"
                     "subs %2, %3, %4\n b 1f\n1: fadd %d0, %d5, %d6\n"
                     " fmla v0.2d, v0.2d, v0.2d\n fcsel %d1, %d5, %d6, lo\n"
                     : "=&w"(r), "=&w"(sel), "=&r"(t) : "r"(a), "r"(b), "w"(one), "w"(two),
                       "r"(inv) : "v0", "x0", "x8", "cc");
    __asm__ volatile("subs %2, %3, %4\n b.ne 1f\n nop\n1: fadd d1, %d5, %d6\n"
                     " fcmp %d5, %d6\n cset %0, lo\n mrs %1, nzcv\n"
                     : "=&r"(lo), "=&r"(f2), "=&r"(t) : "r"(a), "r"(b), "w"(one), "w"(two)
                     : "v1", "cc");
    (void)r;
    CHECK("fp fcsel after fadd", sel == (cond_holds(3, f) ? one : two), 1);
    CHECK("fp fcmp after fadd", lo, 1);
    CHECK("fp fcmp flags", f2, 0x80000000);
}

/* The scan follows CBZ and TBNZ into both successors: flags read on the taken path (and
 * not on the other) must survive the branch before them. */
static void cb_xblock(u64 a, u64 b)
{
    u64 f, t, r[4];
    __asm__ volatile("subs %0, %1, %2\n mrs %0, nzcv\n" : "=&r"(f) : "r"(a), "r"(b));
    u64 inv = ~f & 0xf0000000;
    for (u64 sel = 0; sel < 2; sel++) {
        __asm__ volatile("msr nzcv, %5\n mov x8, #172\n svc #0\n"
                         "subs %1, %2, %3\n b 1f\n1: cbz %4, 2f\n cmp xzr, xzr\n"
                         " mrs %0, nzcv\n b 3f\n nop\n nop\n2: mrs %0, nzcv\n3:\n"
                         : "=&r"(r[sel]), "=&r"(t) : "r"(a), "r"(b), "r"(sel), "r"(inv)
                         : "x0", "x8", "cc");
        __asm__ volatile("msr nzcv, %5\n mov x8, #172\n svc #0\n"
                         "subs %1, %2, %3\n b 1f\n1: tbnz %4, #0, 2f\n cmp xzr, xzr\n"
                         " mrs %0, nzcv\n b 3f\n nop\n2: mrs %0, nzcv\n3:\n"
                         : "=&r"(r[2 + sel]), "=&r"(t) : "r"(a), "r"(b), "r"(sel), "r"(inv)
                         : "x0", "x8", "cc");
    }
    CHECK("cbz taken", r[0], f);
    CHECK("cbz not taken", r[1], 0x60000000);
    CHECK("tbnz not taken", r[2], 0x60000000);
    CHECK("tbnz taken", r[3], f);
}

static const u64 vals[] = { 0, 1, 2, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull,
                            0x7fffffffffffffffull, 0x8000000000000000ull, ~0ull,
                            0x123456789abcdef0ull, 0xfffffffe80000001ull };

int main(void)
{
    int n = sizeof(vals) / sizeof(vals[0]);
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
            RUN(subs, x, vals[i], vals[j]);
            RUN(adds, x, vals[i], vals[j]);
            RUN(ands, x, vals[i], vals[j]);
            RUN(subs, w, vals[i], vals[j]);
            RUN(adds, w, vals[i], vals[j]);
            RUN(ands, w, vals[i], vals[j]);
            fp_xblock(vals[i], vals[j]);
            cb_xblock(vals[i], vals[j]);
        }
    }
    return DONE();
}
