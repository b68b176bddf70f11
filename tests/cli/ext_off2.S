/* Run with -cpu rv64,c=off,f=off,d=off,sstc=off,zicond=off (built with -march=rv64g: no
 * compressed code): misa is RV64 AIMSU; a 16-bit encoding, the FP CSRs and instructions,
 * stimecmp and czero.eqz raise illegal instruction; mstatus.FS and menvcfg.STCE stay 0.
 * Built and run by tests/cli/cpu-ext.sh. */
#include "sys.h"

    .text
    .globl test_main
test_main:
    csrr t0, misa
    CHECK_EQ(t0, 0x8000000000141101)        /* RV64 AIMSU */
    EXPECT_TRAP(2, .2byte 0x0001; .2byte 0x0001)        /* c.nop twice: illegal */
    li t0, 0x6000
    csrs mstatus, t0                        /* FS: read-only zero without F */
    csrr t1, mstatus
    and t1, t1, t0
    CHECK_EQ(t1, 0)
    EXPECT_TRAP(2, csrr t0, fcsr)
    EXPECT_TRAP(2, .insn r 0x53, 0, 0x01, f1, f2, f3)   /* fadd.d */
    EXPECT_TRAP(2, csrr t0, stimecmp)
    li t0, -1
    csrw menvcfg, t0
    csrr t1, menvcfg
    srli t1, t1, 63
    CHECK_EQ(t1, 0)                         /* STCE does not stick */
    li t1, 5
    EXPECT_TRAP(2, .insn r 0x33, 5, 0x07, t0, t1, t1)   /* czero.eqz */
    NO_TRAP(mul t0, t1, t1)
    CHECK_EQ(t0, 25)
    ret
