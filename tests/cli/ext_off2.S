/* Run with -cpu rv64,c=off,f=off,d=off,sstc=off,zicond=off (built with -march=rv64g: no
 * compressed code): misa is RV64 AIMSU; a 16-bit encoding, the FP CSRs and instructions,
 * stimecmp and czero.eqz raise illegal instruction; mstatus.FS and menvcfg.STCE stay 0;
 * jumps and taken branches to a target with bit 1 set raise instruction-address-misaligned.
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
    la t1, 97f
    addi t1, t1, 2
    EXPECT_TRAP(0, jalr t2, 0(t1))          /* IALIGN=32: misaligned target */
97: CHECK_REG_EQ(s9, t1)                    /* tval = the target */
    li t2, 7
    EXPECT_TRAP(0, beq t2, t2, . + 6)
    EXPECT_TRAP(0, jal zero, . + 6)
    li t0, 0x80000006
    csrw mepc, t0
    csrr t0, mepc
    CHECK_EQ(t0, 0x80000004)                /* bit 1 reads as 0 */
    li t1, 5
    NO_TRAP(mul t0, t1, t1)
    CHECK_EQ(t0, 25)
    ret
