/* CLINT timer: mtime advances; mtimecmp in the future raises mip.MTIP when reached, taken as
 * machine timer interrupt (cause 7) with mie.MTIE and mstatus.MIE; wfi with MIE = 0 still
 * wakes when the timer fires; rewriting mtimecmp clears MTIP. Machine software interrupt
 * through CLINT msip (cause 3). A timer interrupt taken from S-mode. */
#include "sys.h"

#define DELTA 20000         /* 2 ms at 10 MHz */
    .text
    .globl test_main
test_main:
    li s0, CLINT_MTIME
    li s1, CLINT_MTIMECMP
    li t0, -1
    sd t0, 0(s1)
    csrr t0, mip
    andi t0, t0, 1 << 7
    CHECK_EQ(t0, 0)
    ld t0, 0(s0)
    li t1, 10000000
1:  ld t2, 0(s0)
    bne t2, t0, 2f
    addi t1, t1, -1
    bnez t1, 1b
    FAIL_HERE
2:
    /* interrupt taken in M */
    li t0, 1 << 7
    csrs mie, t0
    ld t0, 0(s0)
    li t1, DELTA
    add s2, t0, t1
    sd s2, 0(s1)
    la s11, 1f
    csrsi mstatus, MSTATUS_MIE
    li t0, 1000000000
2:  addi t0, t0, -1
    bnez t0, 2b
    FAIL_HERE
1:  CHECK_EQ(s10, CAUSE_INTR | 7)
    csrr t0, mie
    CHECK_EQ(t0, 0)                 /* the handler disabled MTIE */
    CHECK_STATUS_FIELD(3, 1, 0)     /* MIE = 0 in the handler */
    CHECK_STATUS_FIELD(7, 1, 1)     /* MPIE = 1 */
    csrr t0, mstatus
    andi t0, t0, MSTATUS_MIE
    CHECK_EQ(t0, 0)                 /* the handler left MIE off (cleared MPIE) */
    ld t0, 0(s0)
    CHECK_GTU(t0, s2)               /* it fired at or after mtimecmp */
    bne t0, s2, 3f
3:  csrr t0, mip
    andi t0, t0, 1 << 7
    CHECK_EQ(t0, 1 << 7)            /* still pending */
    li t0, -1
    sd t0, 0(s1)
    csrr t0, mip
    andi t0, t0, 1 << 7
    CHECK_EQ(t0, 0)                 /* cleared by the new mtimecmp */

    /* wfi with MIE = 0: wakes up when MTIP rises (with MTIE), no trap */
    li t0, 1 << 7
    csrs mie, t0
    ld t0, 0(s0)
    li t1, DELTA
    add s2, t0, t1
    sd s2, 0(s1)
    li s3, 0
1:  wfi
    addi s3, s3, 1
    csrr t0, mip
    andi t0, t0, 1 << 7
    beqz t0, 1b
    ld t0, 0(s0)
    CHECK_GTU(t0, s2)
    li t0, -1
    sd t0, 0(s1)
    li t0, 1 << 7
    csrc mie, t0

    /* software interrupt through msip */
    li t0, 1 << 3
    csrs mie, t0
    li s4, CLINT_MSIP
    la s11, 1f
    csrsi mstatus, MSTATUS_MIE
    li t0, 1
    sw t0, 0(s4)
2:  j 2b
1:  CHECK_EQ(s10, CAUSE_INTR | 3)
    sw zero, 0(s4)
    csrr t0, mip
    andi t0, t0, 1 << 3
    CHECK_EQ(t0, 0)
    li t0, 1 << 3
    csrc mie, t0

    /* a machine timer interrupt arriving in S-mode is taken in M whatever mstatus.MIE */
    li t0, 1 << 7
    csrs mie, t0
    M_TO_S(s_code)
s_code:
    li t0, CLINT_MTIME
    ld t0, 0(t0)
    li t1, DELTA
    add t0, t0, t1
    li t1, CLINT_MTIMECMP
    la s11, 1f
    sd t0, 0(t1)
2:  j 2b
1:  CHECK_EQ(s10, CAUSE_INTR | 7)
    CHECK_MPP(1)
    /* the resume went back to S: mcounteren-free check of the mode: mstatus is illegal */
    EXPECT_TRAP(2, csrr t0, mstatus)
    BACK_TO_M
    li t0, -1
    li t1, CLINT_MTIMECMP
    sd t0, 0(t1)
    csrw mie, zero
    ret
