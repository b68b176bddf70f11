/* Sv39: 1 GiB, 2 MiB and 4 KiB leaves at every level, a negative (sign-extended) address,
 * non-canonical and unmapped addresses, read-only pages, sfence.vma after a PTE change, and
 * MPRV from M-mode. */
#include "sys.h"
#include "vm.h"

    .text
    .globl test_main
test_main:
    pte_imm root, 2, 0x80000000, LEAF_RWX                       /* identity 1G */
    pte_imm root, 1, 0x80000000, PTE_V | PTE_R | PTE_A          /* 0x40000000: 1G, read-only */
    pte_imm root, 511, 0x80000000, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D  /* -1G */
    pte_ptr root, 0, l1
    pte_imm l1, 1, 0x80000000, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D     /* 0x200000: 2M */
    pte_ptr l1, 2, l0
    pte_lbl l0, 5, tdata, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D           /* 0x405000: 4K */
    set_satp SATP_SV39, root
    M_TO_S(s_code)

s_code:
    ram_off s1, tdata
    /* 1G */
    li t0, 0x40000000
    add t0, t0, s1
    NO_TRAP(ld a0, 0(t0))
    CHECK_EQ(a0, MAGIC1)
    /* -1G: 0xffffffffc0000000 */
    li t0, 0xffffffffc0000000
    add t0, t0, s1
    NO_TRAP(ld a0, 0(t0))
    CHECK_EQ(a0, MAGIC1)
    /* 2M */
    li t0, 0x200000
    add t0, t0, s1
    NO_TRAP(ld a0, 0(t0))
    CHECK_EQ(a0, MAGIC1)
    /* 4K, first and last dword */
    li t0, 0x405000
    NO_TRAP(ld a0, 0(t0))
    CHECK_EQ(a0, MAGIC1)
    li t1, 0x405ff8
    NO_TRAP(ld a0, 0(t1))
    CHECK_EQ(a0, MAGIC3)
    /* store through the 4K page, read through the identity map */
    li a1, 0x1234567890abcdef
    NO_TRAP(sd a1, 8(t0))
    la t1, tdata
    ld a0, 8(t1)
    CHECK_REG_EQ(a0, a1)
    /* store to the read-only 1G page: store page fault, tval = address */
    li t0, 0x40000000
    add t0, t0, s1
    EXPECT_TRAP(15, sd a1, 16(t0))
    addi t0, t0, 16
    CHECK_REG_EQ(s9, t0)
    /* not mapped (l1[3] empty): load page fault */
    li t0, 0x600010
    EXPECT_TRAP(13, ld a0, 0(t0))
    CHECK_TVAL(0x600010)
    /* the next 4K page in l0 is empty */
    li t0, 0x406000
    EXPECT_TRAP(15, sd a0, 0(t0))
    CHECK_TVAL(0x406000)
    /* non-canonical (bit 38 set, bits 63..39 clear): page fault */
    li t0, 0x4000000000
    EXPECT_TRAP(13, ld a0, 0(t0))
    /* fetch through a non-executable mapping: instruction page fault, tval = epc = target */
    la t0, s_target
    li t1, 0x40000000 - 0x80000000
    add t0, t0, t1                  /* s_target seen through the read-only 1G page */
    la s11, 1f
    jr t0
1:  CHECK_CAUSE(12)
    CHECK_REG_EQ(s9, t0)
    CHECK_REG_EQ(s8, t0)
    /* change the 4K leaf to tdata2; after sfence.vma the new page is seen */
    la t0, tdata2
    srli t0, t0, 12
    slli t0, t0, 10
    ori t0, t0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    la t1, l0
    sd t0, 5 * 8(t1)
    sfence.vma
    li t0, 0x405000
    ld a0, 0(t0)
    CHECK_EQ(a0, MAGIC2)
    BACK_TO_M

    /* M-mode with MPRV = 1 and MPP = S: loads are translated */
    li t0, MSTATUS_MPP
    csrc mstatus, t0
    li t0, (1 << 11) | MSTATUS_MPRV
    csrs mstatus, t0
    li t0, 0x405000
    ld a0, 0(t0)
    li t0, MSTATUS_MPRV
    csrc mstatus, t0
    CHECK_EQ(a0, MAGIC2)
    csrw satp, zero
    sfence.vma
    ret

s_target:
    FAIL_HERE

    .data
    .align 12
root: .zero 4096
l1: .zero 4096
l0: .zero 4096
tdata: .dword MAGIC1
    .zero 4096 - 16
    .dword MAGIC3
tdata2: .dword MAGIC2
    .zero 4096 - 8
