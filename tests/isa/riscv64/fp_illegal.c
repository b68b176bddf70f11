/* F/D illegal encodings: reserved static rounding modes (5, 6), rm=dyn with a reserved frm
 * (5, 6, 7), and unused funct3 values; each must raise SIGILL at the instruction without
 * touching the destination or fflags. */
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include "fp_check.h"

static sigjmp_buf jb;
static volatile uint64_t fault_addr;

static void on_sigill(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    fault_addr = (uint64_t)si->si_addr;
    siglongjmp(jb, 1);
}

static volatile uint64_t insn_addr;

/* Run `insn` (operands fa0, fa1, fa2 / a0) with fa0 = marker; returns 1 on SIGILL (and
 * checks the faulting address, the destination and fflags), 0 when it executed. */
#define TRY(insn) ({ \
        int ill_ = 0; \
        fault_addr = 0; \
        if (sigsetjmp(jb, 1)) { \
            uint64_t fa0_; \
            ill_ = 1; \
            __asm__ volatile("fmv.x.d %0, fa0" : "=r"(fa0_)); \
            CHECK(insn ": fa0 untouched", fa0_, 0x5555aaaa5555aaaaull); \
            CHECK(insn ": fflags untouched", read_fflags(), 0); \
            CHECK(insn ": si_addr is the insn", fault_addr, insn_addr); \
        } else { \
            __asm__ volatile("lla t0, 1f\n\tsd t0, 0(%[pa])\n\t" \
                             "fmv.d.x fa0, %[m]\n\tfmv.d.x fa1, %[one]\n\tfmv.d.x fa2, %[one]\n\t" \
                             "csrw fflags, zero\n\t" \
                             "1: " insn "\n\t" \
                             : \
                             : [m] "r"(0x5555aaaa5555aaaaull), [one] "r"(0x3ff0000000000000ull), \
                               [pa] "r"(&insn_addr) \
                             : "t0", "fa0", "fa1", "fa2", "a0", "memory"); \
        } \
        ill_; })

#define EXPECT_ILL(insn) CHECK("SIGILL: " insn, TRY(insn), 1)
#define EXPECT_OK(insn) CHECK("runs: " insn, TRY(insn), 0)

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_sigill;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGILL, &sa, 0);

    /* reserved static rm: fadd.s/fadd.d/fsqrt.d/fmadd.d/fcvt.w.s/fcvt.s.d/fcvt.d.s */
    EXPECT_ILL(".insn r 0x53, 5, 0x00, fa0, fa1, fa2");
    EXPECT_ILL(".insn r 0x53, 6, 0x00, fa0, fa1, fa2");
    EXPECT_ILL(".insn r 0x53, 5, 0x01, fa0, fa1, fa2");
    EXPECT_ILL(".insn r 0x53, 6, 0x2d, fa0, fa1, x0");
    EXPECT_ILL(".insn r4 0x43, 5, 1, fa0, fa1, fa2, fa2");
    EXPECT_ILL(".insn r 0x53, 6, 0x60, a0, fa1, x0");
    EXPECT_ILL(".insn r 0x53, 5, 0x20, fa0, fa1, x1");
    EXPECT_ILL(".insn r 0x53, 5, 0x21, fa0, fa1, x0");
    EXPECT_ILL(".insn r 0x53, 6, 0x68, fa0, a0, x0");
    /* the valid static modes run */
    EXPECT_OK(".insn r 0x53, 4, 0x00, fa0, fa1, fa2");
    EXPECT_OK(".insn r 0x53, 0, 0x01, fa0, fa1, fa2");

    /* rm=dyn: illegal exactly when frm is 5, 6 or 7 */
    for (unsigned frm = 0; frm < 8; frm++) {
        set_frm(frm);
        int want = frm >= 5;
        CHECK("fadd.s dyn", TRY("fadd.s fa0, fa1, fa2, dyn"), want);
        CHECK("fdiv.d dyn", TRY("fdiv.d fa0, fa1, fa2, dyn"), want);
        CHECK("fmsub.s dyn", TRY("fmsub.s fa0, fa1, fa2, fa2, dyn"), want);
        CHECK("fsqrt.d dyn", TRY("fsqrt.d fa0, fa1, dyn"), want);
        CHECK("fcvt.l.d dyn", TRY("fcvt.l.d a0, fa1, dyn"), want);
        CHECK("fcvt.d.lu dyn", TRY("fcvt.d.lu fa0, a0, dyn"), want);
        CHECK("fcvt.s.d dyn", TRY("fcvt.s.d fa0, fa1, dyn"), want);
        /* no rounding mode: never illegal */
        CHECK("fsgnj.d with bad frm", TRY("fsgnj.d fa0, fa1, fa2"), 0);
        CHECK("fmin.s with bad frm", TRY("fmin.s fa0, fa1, fa2"), 0);
        CHECK("feq.d with bad frm", TRY("feq.d a0, fa1, fa2"), 0);
    }
    set_frm(0);

    /* unused funct3 / rs2 encodings */
    EXPECT_ILL(".insn r 0x53, 3, 0x10, fa0, fa1, fa2");    /* fsgnj.s funct3=3 */
    EXPECT_ILL(".insn r 0x53, 3, 0x50, a0, fa1, fa2");     /* feq.s funct3=3 */
    EXPECT_ILL(".insn r 0x53, 2, 0x70, a0, fa1, x0");      /* fmv.x.w funct3=2 */
    EXPECT_ILL(".insn r 0x53, 0, 0x2c, fa0, fa1, x1");     /* fsqrt.s rs2=1 */
    EXPECT_ILL(".insn r 0x53, 0, 0x60, a0, fa1, x4");      /* fcvt.w.s rs2=4 */

    return DONE();
}
