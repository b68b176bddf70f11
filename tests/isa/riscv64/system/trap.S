/* Traps into M-mode: mcause/mepc/mtval and mstatus.MPP/MPIE for illegal instructions,
 * ebreak (32- and 16-bit), ecall from M, S and U, misaligned AMOs and LR, access faults on
 * loads, stores and fetches from unmapped physical memory; mret back to mepc. */
#include "sys.h"

#define UNMAPPED 0x98000000         /* beyond RAM on virt and spike (128 MiB) */

    .text
    .globl test_main
test_main:
    /* illegal instruction: a write to the read-only mhartid; mtval is 0 or the encoding */
illegal1:
    EXPECT_TRAP(2, csrw mhartid, zero)
    li t1, 0xf1401073
    beq s9, t1, 1f
    CHECK_EQ(s9, 0)
1:
    /* the all-zero instruction is illegal (mtval 0) */
    EXPECT_TRAP(2, .word 0)
    CHECK_EQ(s9, 0)
    /* mepc points at the faulting instruction */
    la s11, 2f
1:  .word 0xffffffff
2:  la t0, 1b
    CHECK_REG_EQ(s8, t0)
    CHECK_CAUSE(2)
    /* in the handler: MPP = M, MPIE = old MIE (0), MIE = 0 */
    CHECK_MPP(3)
    CHECK_STATUS_FIELD(7, 1, 0)
    CHECK_STATUS_FIELD(3, 1, 0)
    /* mret sets MPP to U */
    csrr t0, mstatus
    srli t1, t0, 11
    andi t1, t1, 3
    CHECK_EQ(t1, 0)

    /* ebreak: cause 3, mepc = its address; mtval 0 or the pc */
    la s11, 2f
1:  ebreak
2:  la t0, 1b
    CHECK_REG_EQ(s8, t0)
    CHECK_CAUSE(3)
    beqz s9, 3f
    CHECK_REG_EQ(s9, t0)
3:  la s11, 2f
    .option push
    .option rvc
1:  c.ebreak
    .option pop
2:  la t0, 1b
    CHECK_REG_EQ(s8, t0)
    CHECK_CAUSE(3)

    /* ecall from M */
    li a7, 0
    la s11, 2f
1:  ecall
2:  la t0, 1b
    CHECK_REG_EQ(s8, t0)
    CHECK_CAUSE(11)
    CHECK_TVAL(0)

    /* misaligned AMO: the spec says store/AMO address misaligned (6); QEMU 7.2 reports a load
     * address misaligned (4); both are accepted. mtval = the address. */
    la t0, data
    addi t0, t0, 2
    la s11, 1f
    amoadd.w t1, t2, (t0)
1:  CHECK_EQ(s11, 0)
    CHECK_REG_EQ(s9, t0)
    li t1, 4
    beq s10, t1, 2f
    CHECK_CAUSE(6)
2:  addi t0, t0, 2
    la s11, 1f
    amoswap.d t1, t2, (t0)
1:  CHECK_EQ(s11, 0)
    CHECK_REG_EQ(s9, t0)
    li t1, 4
    beq s10, t1, 2f
    CHECK_CAUSE(6)
2:
    /* misaligned LR: load address misaligned (4) */
    EXPECT_TRAP(4, lr.d t1, (t0))
    CHECK_REG_EQ(s9, t0)

    /* access faults: load 5, store 7, fetch 1; mtval = the address */
    li t0, UNMAPPED
    EXPECT_TRAP(5, ld t1, 8(t0))
    addi t1, t0, 8
    CHECK_REG_EQ(s9, t1)
    EXPECT_TRAP(7, sw t1, 16(t0))
    addi t1, t0, 16
    CHECK_REG_EQ(s9, t1)
    la s11, 1f
    jr t0
1:  CHECK_CAUSE(1)
    CHECK_REG_EQ(s9, t0)
    CHECK_REG_EQ(s8, t0)

    /* ecall from S: cause 9, MPP = S; MPIE = 1 when MIE was 1 */
    M_TO_S(in_s)
in_s:
    li a7, 0
    la s11, 2f
1:  ecall
2:  la t0, 1b
    CHECK_REG_EQ(s8, t0)
    CHECK_CAUSE(9)
    CHECK_MPP(1)
    /* an M-only CSR from S is illegal */
    EXPECT_TRAP(2, csrr t0, mstatus)
    /* mret from S is illegal */
    EXPECT_TRAP(2, mret)
    BACK_TO_M

    /* ecall from U: cause 8, MPP = U */
    li t0, MSTATUS_MPIE
    csrs mstatus, t0            /* mret sets MIE = MPIE = 1 in U (no interrupt is enabled) */
    M_TO_U(in_u)
in_u:
    li a7, 0
    la s11, 2f
1:  ecall
2:  la t0, 1b
    CHECK_REG_EQ(s8, t0)
    CHECK_CAUSE(8)
    CHECK_MPP(0)
    CHECK_STATUS_FIELD(7, 1, 1)     /* MPIE = 1 (MIE was 1 in U) */
    CHECK_STATUS_FIELD(3, 1, 0)     /* MIE = 0 in the handler */
    EXPECT_TRAP(2, csrr t0, sstatus)
    EXPECT_TRAP(2, sret)
    BACK_TO_M
    /* back in M: mret restored MIE from MPIE (1); turn it off again */
    csrr t0, mstatus
    andi t1, t0, MSTATUS_MIE
    CHECK_EQ(t1, MSTATUS_MIE)
    csrci mstatus, MSTATUS_MIE
    ret

    .data
    .align 4
data: .dword 0, 0
