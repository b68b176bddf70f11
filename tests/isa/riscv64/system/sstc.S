/* Sstc: stimecmp is reachable from S only with menvcfg.STCE (and mcounteren.TM); when time
 * passes stimecmp, mip.STIP rises; delegated through mideleg it is taken in S as a supervisor
 * timer interrupt (cause 5); wfi in S wakes on it; a new stimecmp clears STIP.
 * virt only: QEMU's spike machine has no time CSR, hence no Sstc.
 * TRIX_MACHINES: virt */
#include "sys.h"

#define CSR_STIMECMP 0x14d
#define CSR_MENVCFG 0x30a
#define DELTA 20000
    .text
    .globl test_main
test_main:
    csrwi mcounteren, 7
    li t0, -1
    csrw CSR_STIMECMP, t0
    csrw CSR_MENVCFG, zero
    M_TO_S(s1_code)
s1_code:
    EXPECT_TRAP(2, csrr t0, CSR_STIMECMP)           /* STCE = 0 */
    BACK_TO_M
    li t0, 1 << 63
    csrs CSR_MENVCFG, t0
    li t0, 1 << 5
    csrw mideleg, t0
    la t0, sys_strap
    csrw stvec, t0
    M_TO_S(s2_code)
s2_code:
    NO_TRAP(csrr t0, CSR_STIMECMP)
    CHECK_EQ(t0, -1)
    csrr t0, sip
    andi t0, t0, 1 << 5
    CHECK_EQ(t0, 0)
    /* taken in S */
    li t0, 1 << 5; csrs sie, t0
    rdtime t0
    li t1, DELTA
    add s2, t0, t1
    la s11, 1f
    csrw CSR_STIMECMP, s2
    csrsi sstatus, MSTATUS_SIE
2:  j 2b
1:  CHECK_EQ(s10, CAUSE_INTR | 5)
    csrr t0, scause
    CHECK_EQ(t0, CAUSE_INTR | 5)
    rdtime t0
    CHECK_GTU(t0, s2)
    csrr t0, sip
    andi t0, t0, 1 << 5
    CHECK_EQ(t0, 1 << 5)
    li t0, -1
    csrw CSR_STIMECMP, t0
    csrr t0, sip
    andi t0, t0, 1 << 5
    CHECK_EQ(t0, 0)
    /* wfi in S with SIE = 0 wakes on the enabled STIP */
    li t0, 1 << 5; csrs sie, t0
    rdtime t0
    li t1, DELTA
    add s2, t0, t1
    csrw CSR_STIMECMP, s2
1:  wfi
    csrr t0, sip
    andi t0, t0, 1 << 5
    beqz t0, 1b
    rdtime t0
    CHECK_GTU(t0, s2)
    li t0, -1
    csrw CSR_STIMECMP, t0
    li t0, 1 << 5; csrc sie, t0
    BACK_TO_M
    csrw mideleg, zero
    ret
