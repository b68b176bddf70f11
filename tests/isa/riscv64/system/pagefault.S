/* Sv39 page-fault kinds: U pages from S (SUM), S pages from U, fetch from U pages in S (even
 * with SUM), MXR for execute-only pages, W without R (reserved), V = 0, misaligned 2 MiB
 * superpage, fetch from a non-executable page, store to a read-only page, and hardware A/D
 * updates (what QEMU does: the A bit is set on a first access, D on a first store). The image
 * is identity-mapped with 4 KiB pages so that one code page can carry the U bit. */
#include "sys.h"
#include "vm.h"

#define RW (PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)
#define VA_U 0x1000         /* tdata, U RW */
#define VA_XO 0x2000        /* tdata, execute-only */
#define VA_NOA 0x3000       /* tdata, R W, A = D = 0 */
#define VA_NOD 0x4000       /* tdata, R W A, D = 0 */
#define VA_WO 0x5000        /* tdata, W only: reserved */
#define VA_RO 0x7000        /* ucode, R only */
#define VA_INV 0x8000       /* tdata, RWAD but V = 0 */

    .text
    .globl test_main
test_main:
    /* identity: root[2] -> id1; id1[0] -> id0: 512 4K pages from 0x80000000 */
    pte_ptr root, 2, id1
    pte_ptr id1, 0, id0
    la t4, id0
    li t5, 0x80000000
    li a2, 512
1:  srli t1, t5, 12
    slli t1, t1, 10
    ori t1, t1, LEAF_RWX
    sd t1, 0(t4)
    addi t4, t4, 8
    li t0, 4096
    add t5, t5, t0
    addi a2, a2, -1
    bnez a2, 1b
    /* the ucode page: user, read + execute */
    la t5, ucode
    li t0, 0x80000000
    sub t0, t5, t0
    srli t0, t0, 12
    slli t0, t0, 3
    la t4, id0
    add t4, t4, t0
    srli t1, t5, 12
    slli t1, t1, 10
    ori t1, t1, PTE_V | PTE_R | PTE_X | PTE_U | PTE_A
    sd t1, 0(t4)
    /* test pages */
    pte_ptr root, 0, l1
    pte_ptr l1, 0, l0
    pte_lbl l0, 1, tdata, RW | PTE_U
    pte_lbl l0, 2, tdata, PTE_V | PTE_X | PTE_A
    pte_lbl l0, 3, tdata, PTE_V | PTE_R | PTE_W
    pte_lbl l0, 4, tdata, PTE_V | PTE_R | PTE_W | PTE_A
    pte_lbl l0, 5, tdata, PTE_V | PTE_W | PTE_A | PTE_D
    pte_lbl l0, 7, ucode, PTE_V | PTE_R | PTE_A
    pte_lbl l0, 8, tdata, PTE_R | PTE_W | PTE_A | PTE_D
    pte_imm l1, 1, 0x80001000, RW                   /* 0x200000: misaligned 2M leaf */
    set_satp SATP_SV39, root
    M_TO_S(s_code)

s_code:
    /* U page from S: fault without SUM, fine with it (loads and stores) */
    li t0, VA_U
    EXPECT_TRAP(13, ld a0, 0(t0))
    CHECK_TVAL(VA_U)
    EXPECT_TRAP(15, sd a0, 8(t0))
    li t1, MSTATUS_SUM
    csrs sstatus, t1
    NO_TRAP(ld a0, 0(t0))
    CHECK_EQ(a0, MAGIC1)
    li a1, MAGIC2
    NO_TRAP(sd a1, 8(t0))
    /* fetch from a U page in S: instruction page fault even with SUM */
    la t0, ucode
    la s11, 1f
    jr t0
1:  CHECK_CAUSE(12)
    CHECK_REG_EQ(s9, t0)
    li t1, MSTATUS_SUM
    csrc sstatus, t1
    /* execute-only page: loads need MXR */
    li t0, VA_XO
    EXPECT_TRAP(13, ld a0, 0(t0))
    li t1, MSTATUS_MXR
    csrs sstatus, t1
    NO_TRAP(ld a0, 0(t0))
    CHECK_EQ(a0, MAGIC1)
    EXPECT_TRAP(15, sd a0, 0(t0))   /* MXR does not make it writable */
    li t1, MSTATUS_MXR
    csrc sstatus, t1
    /* W without R is reserved: page faults for loads and stores */
    li t0, VA_WO
    EXPECT_TRAP(13, ld a0, 0(t0))
    EXPECT_TRAP(15, sd a0, 0(t0))
    /* V = 0 */
    li t0, VA_INV
    EXPECT_TRAP(13, lw a0, 4(t0))
    CHECK_TVAL(VA_INV + 4)
    /* misaligned 2M superpage */
    li t0, 0x200000
    EXPECT_TRAP(13, ld a0, 0(t0))
    /* fetch from a readable, non-executable page; store to it */
    li t0, VA_RO
    la s11, 1f
    jr t0
1:  CHECK_CAUSE(12)
    CHECK_TVAL(VA_RO)
    EXPECT_TRAP(15, sd a0, 0(t0))
    li t0, VA_RO
    NO_TRAP(lw a0, 0(t0))
    /* A/D: a load sets A (only); a store sets D */
    li t0, VA_NOA
    NO_TRAP(ld a0, 0(t0))
    CHECK_EQ(a0, MAGIC1)
    load_pte a0, l0, 3
    andi a1, a0, PTE_A | PTE_D
    CHECK_EQ(a1, PTE_A)
    li t0, VA_NOD
    NO_TRAP(sd a0, 16(t0))
    load_pte a0, l0, 4
    andi a1, a0, PTE_A | PTE_D
    CHECK_EQ(a1, PTE_A | PTE_D)
    sfence.vma
    BACK_TO_M
    /* the store through the U page landed */
    la t0, tdata
    ld a0, 8(t0)
    CHECK_EQ(a0, MAGIC2)

    /* U-mode on the ucode page */
    M_TO_U(ucode)
u_done:
    csrw satp, zero
    sfence.vma
    ret

    .align 12
ucode:
    li t0, VA_U
    NO_TRAP(ld a0, 0(t0))
    CHECK_EQ(a0, MAGIC1)
    NO_TRAP(sd a0, 24(t0))
    /* S pages are out of reach of U */
    la t0, tdata
    EXPECT_TRAP(13, ld a0, 0(t0))
    la t0, s_code
    la s11, 1f
    jr t0
1:  CHECK_CAUSE(12)
    CHECK_REG_EQ(s9, t0)
    /* U-mode cannot use SUM-less S pages even with MXR on an execute-only page... but MXR
     * does apply to U: the execute-only page is not a U page, so it still faults */
    li t0, VA_XO
    EXPECT_TRAP(13, ld a0, 0(t0))
    li a7, SYS_TO_M
    ecall
    j u_done
    .align 12

    .data
    .align 12
root: .zero 4096
l1: .zero 4096
l0: .zero 4096
id1: .zero 4096
id0: .zero 4096
tdata: .dword MAGIC1
    .zero 4096 - 8
