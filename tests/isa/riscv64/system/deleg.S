/* Delegation to S-mode: medeleg (illegal instruction, breakpoint, ecall from U, load page
 * fault), mideleg (supervisor software interrupt), scause/sepc/stval/sstatus.SPP/SPIE, sret
 * back to S and U; undelegated traps still go to M; M-mode traps are never delegated. */
#include "sys.h"
#include "vm.h"

    .text
    .globl test_main
test_main:
    li t0, (1 << 2) | (1 << 3) | (1 << 8) | (1 << 13)
    csrw medeleg, t0
    csrr t1, medeleg
    CHECK_REG_EQ(t0, t1)
    li t0, (1 << 1)
    csrw mideleg, t0
    /* an illegal instruction in M still traps to M */
    EXPECT_TRAP(2, .word 0)
    csrr t0, mcause
    CHECK_EQ(t0, 2)
    la t0, sys_strap
    csrw stvec, t0
    M_TO_S(s_code)

s_code:
    /* delegated: illegal instruction -> S; stval = 0 or the encoding */
    la s11, 2f
1:  csrw mscratch, zero
2:  la t0, 1b
    CHECK_REG_EQ(s8, t0)
    CHECK_CAUSE(2)
    csrr t0, scause
    CHECK_EQ(t0, 2)
    CHECK_STATUS_FIELD(8, 1, 1)     /* SPP = S */
    /* breakpoint -> S */
    EXPECT_TRAP(3, ebreak)
    /* ecall from S is not delegated: M sees cause 9, scause keeps its old value */
    csrw scause, zero
    li a7, 0
    EXPECT_TRAP(9, ecall)
    csrr t0, scause
    CHECK_EQ(t0, 0)
    /* a load page fault from S with paging off cannot happen; an access fault (5) is not
     * delegated: M */
    li t0, 0x98000000
    EXPECT_TRAP(5, ld a0, 0(t0))
    /* S software interrupt, delegated: pending via sip.SSIP, enabled by sie.SSIE + SIE */
    csrsi sie, 1 << 1
    la s11, 1f
    csrsi sip, 1 << 1
    csrsi sstatus, MSTATUS_SIE
2:  j 2b
1:  li t0, CAUSE_INTR | 1
    CHECK_REG_EQ(s10, t0)
    csrr t0, scause
    CHECK_EQ(t0, CAUSE_INTR | 1)
    CHECK_STATUS_FIELD(1, 1, 0)     /* SIE = 0 in the handler */
    CHECK_STATUS_FIELD(5, 1, 1)     /* SPIE = 1 */
    csrci sip, 1 << 1
    csrr t0, sip
    andi t0, t0, 2
    CHECK_EQ(t0, 0)
    csrci sie, 1 << 1
    /* into U through sret */
    S_TO_U(u_code)
u_code:
    /* ecall from U -> S (delegated) */
    li a7, 0
    la s11, 2f
1:  ecall
2:  la t0, 1b
    CHECK_REG_EQ(s8, t0)
    CHECK_CAUSE(8)
    CHECK_STATUS_FIELD(8, 1, 0)     /* SPP = U */
    /* illegal in U -> S */
    EXPECT_TRAP(2, csrr t0, sstatus)
    EXPECT_TRAP(3, ebreak)
    /* back to S through the S handler, then to M */
    BACK_TO_S
    csrr t0, sstatus
    BACK_TO_M
    /* SPP was cleared to U by the last sret; mcause of the last M trap is the ecall from S */
    csrr t0, mcause
    CHECK_EQ(t0, 9)
    csrw medeleg, zero
    csrw mideleg, zero
    ret
