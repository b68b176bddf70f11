/* Run with -cpu rv64,m=off,zba=off: misa has no M, mul and sh1add raise illegal instruction,
 * the base ISA and Zbb still work. Built and run by tests/cli/cpu-ext.sh. */
#include "sys.h"

    .text
    .globl test_main
test_main:
    csrr t0, misa
    CHECK_EQ(t0, 0x800000000014012d)        /* RV64 ACDFISU: M is gone */
    li t1, 6
    li t2, 7
    EXPECT_TRAP(2, mul t0, t1, t2)
    CHECK_TVAL(0x027302b3)                  /* tval is the instruction */
    EXPECT_TRAP(2, .insn r 0x33, 2, 0x10, t0, t1, t2)   /* sh1add t0, t1, t2 */
    NO_TRAP(.insn r 0x33, 7, 0x20, t0, t1, t2)          /* andn (Zbb) is still there */
    NO_TRAP(add t0, t1, t2)
    CHECK_EQ(t0, 13)
    ret
