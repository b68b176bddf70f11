/* PLIC (virt only): the UART's transmitter-empty interrupt (source 10) through the PLIC to
 * the M-mode context of hart 0: priority, enable, threshold, pending, claim/complete, taken as
 * a machine external interrupt (cause 11); the S-mode context raises mip.SEIP.
 * TRIX_MACHINES: virt */
#include "sys.h"

#define PLIC 0x0c000000
#define PLIC_PENDING (PLIC + 0x1000)
#define PLIC_ENABLE_M (PLIC + 0x2000)
#define PLIC_ENABLE_S (PLIC + 0x2080)
#define PLIC_CTX_M (PLIC + 0x200000)    /* +0 threshold, +4 claim/complete */
#define PLIC_CTX_S (PLIC + 0x201000)
#define UART 0x10000000
#define IRQ 10
    .text
    .globl test_main
test_main:
    li s0, UART
    li s1, PLIC
    li s2, PLIC_CTX_M
    li s3, PLIC_CTX_S
    /* nothing pending: claim returns 0 */
    sw zero, 0(s2)
    lw t0, 4(s2)
    CHECK_EQ(t0, 0)
    /* source 10 priority 1; enabled for M only */
    li t0, 1
    sw t0, IRQ * 4(s1)
    lw t1, IRQ * 4(s1)
    CHECK_EQ(t1, 1)
    li t0, PLIC_ENABLE_M
    li t1, 1 << IRQ
    sw t1, 0(t0)
    li t0, PLIC_ENABLE_S
    sw zero, 0(t0)
    /* UART: THR empty interrupt on */
    li t0, 0x02
    sb t0, 1(s0)
    /* the PLIC sees it pending; mip.MEIP rises (MEIE off: no trap yet) */
    li t1, 1000000
1:  csrr t0, mip
    srli t0, t0, 11
    andi t0, t0, 1
    bnez t0, 2f
    addi t1, t1, -1
    bnez t1, 1b
    FAIL_HERE
2:  li t0, PLIC_PENDING
    lw t0, 0(t0)
    andi t0, t0, 1 << IRQ
    CHECK_EQ(t0, 1 << IRQ)
    /* a threshold at the priority masks it */
    li t0, 1
    sw t0, 0(s2)
    csrr t0, mip
    srli t0, t0, 11
    andi t0, t0, 1
    CHECK_EQ(t0, 0)
    sw zero, 0(s2)
    /* taken as a machine external interrupt */
    li t0, 1 << 11
    csrs mie, t0
    la s11, 1f
    csrsi mstatus, MSTATUS_MIE
2:  j 2b
1:  CHECK_EQ(s10, CAUSE_INTR | 11)
    lw t0, 4(s2)                    /* claim */
    CHECK_EQ(t0, IRQ)
    csrr t0, mip
    srli t0, t0, 11
    andi t0, t0, 1
    CHECK_EQ(t0, 0)                 /* claimed: no longer pending */
    sb zero, 1(s0)                  /* UART interrupt off */
    li t0, IRQ
    sw t0, 4(s2)                    /* complete */
    csrr t0, mip
    srli t0, t0, 11
    andi t0, t0, 1
    CHECK_EQ(t0, 0)
    lw t0, 4(s2)
    CHECK_EQ(t0, 0)
    /* the same source to the S context: mip.SEIP */
    li t0, PLIC_ENABLE_M
    sw zero, 0(t0)
    li t0, PLIC_ENABLE_S
    li t1, 1 << IRQ
    sw t1, 0(t0)
    sw zero, 0(s3)
    li t0, 0x02
    sb t0, 1(s0)
    li t1, 1000000
1:  csrr t0, mip
    andi t0, t0, 1 << 9
    bnez t0, 2f
    addi t1, t1, -1
    bnez t1, 1b
    FAIL_HERE
2:  lw t0, 4(s3)
    CHECK_EQ(t0, IRQ)
    sb zero, 1(s0)
    li t0, IRQ
    sw t0, 4(s3)
    csrr t0, mip
    andi t0, t0, 1 << 9
    CHECK_EQ(t0, 0)
    li t0, PLIC_ENABLE_S
    sw zero, 0(t0)
    ret
