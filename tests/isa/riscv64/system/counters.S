/* Counters: mcycle/minstret/time increase; minstret writable; mcounteren gates cycle, time,
 * instret for S (and U), scounteren gates them for U. QEMU's spike machine has no time CSR
 * (rdtime is illegal there, even in M), so the time checks are for virt only. */
#include "sys.h"

    .text
    .globl test_main
test_main:
    csrr s0, mcycle
    csrr s1, minstret
#ifdef TRIX_VIRT
    rdtime s2
#endif
    li t0, 1000
1:  addi t0, t0, -1
    bnez t0, 1b
    csrr s3, mcycle
    csrr s4, minstret
    CHECK_GTU(s3, s0)
    sub t0, s4, s1
    li t1, 2000
    CHECK_GTU(t0, t1)               /* at least 2 instructions per iteration */
#ifdef TRIX_VIRT
    /* time moves (10 MHz timebase): wait for it */
    li t0, 10000000
1:  rdtime s5
    bne s5, s2, 2f
    addi t0, t0, -1
    bnez t0, 1b
    FAIL_HERE
2:  CHECK_GTU(s5, s2)
#endif
    /* the unprivileged aliases agree in M */
    rdcycle t0
    CHECK_GTU(t0, s3)
    rdinstret t0
    CHECK_GTU(t0, s4)
    /* minstret is writable (QEMU counts host time in it, so the upper bound is loose) */
    li t0, 0x100000000000
    csrw minstret, t0
    csrr t1, minstret
    CHECK_GTU(t1, t0)
    li t2, 0x100000000000 + 0x100000000
    CHECK_GTU(t2, t1)
#ifdef TRIX_VIRT
    /* mtime in the CLINT matches the time CSR closely */
    li t0, CLINT_MTIME
    rdtime t1
    ld t2, 0(t0)
    rdtime t3
    bltu t2, t1, 9f
    bltu t3, t2, 9f
    j 8f
9:  FAIL_HERE
8:
#endif
    /* S-mode with mcounteren = 0: all three are illegal */
    csrw mcounteren, zero
    M_TO_S(s1_code)
s1_code:
    EXPECT_TRAP(2, rdcycle t0)
    EXPECT_TRAP(2, rdtime t0)
    EXPECT_TRAP(2, rdinstret t0)
    BACK_TO_M
    csrwi mcounteren, 5             /* CY and IR */
    M_TO_S(s2_code)
s2_code:
    NO_TRAP(rdcycle t0)
    EXPECT_TRAP(2, rdtime t0)
    NO_TRAP(rdinstret t0)
    BACK_TO_M
    csrwi mcounteren, 7
    M_TO_S(s3_code)
s3_code:
#ifdef TRIX_VIRT
    NO_TRAP(rdtime t0)
#endif
    /* S controls U through scounteren */
    csrw scounteren, zero
    BACK_TO_M
    M_TO_U(u1_code)
u1_code:
    EXPECT_TRAP(2, rdcycle t0)
    EXPECT_TRAP(2, rdtime t0)
    BACK_TO_M
    csrwi scounteren, 1             /* CY only */
    M_TO_U(u2_code)
u2_code:
    NO_TRAP(rdcycle t0)
    EXPECT_TRAP(2, rdinstret t0)
    BACK_TO_M
    /* U needs both: mcounteren.CY = 0 wins over scounteren.CY = 1 */
    csrwi mcounteren, 6
    M_TO_U(u3_code)
u3_code:
    EXPECT_TRAP(2, rdcycle t0)
    BACK_TO_M
    ret
