/* Sv57: five levels; a 256 TiB leaf at the root (positive and negative addresses), 512 GiB,
 * 1 GiB, 2 MiB and 4 KiB leaves, a non-canonical address. */
#include "sys.h"
#include "vm.h"

#define RW (PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)
    .text
    .globl test_main
test_main:
    pte_ptr root, 0, l3
    pte_ptr l3, 0, l2
    pte_imm l2, 2, 0x80000000, LEAF_RWX                     /* identity 1G */
    pte_imm l2, 3, 0x80000000, RW                           /* 0xc0000000: 1G */
    pte_ptr l2, 1, l1
    pte_imm l1, 0, 0x80000000, RW                           /* 0x40000000: 2M */
    pte_ptr l1, 1, l0
    pte_lbl l0, 7, tdata, RW                                /* 0x40207000: 4K */
    pte_imm l3, 1, 0, RW                                    /* 0x8000000000: 512G */
    pte_imm root, 1, 0, RW                                  /* 0x1000000000000: 256T */
    pte_imm root, 511, 0, RW                                /* 0xffff000000000000: 256T */
    set_satp SATP_SV57, root
    M_TO_S(s_code)

s_code:
    ram_off s1, tdata
    la s2, tdata
    li t0, 0xc0000000
    add t0, t0, s1
    NO_TRAP(ld a0, 0(t0))
    CHECK_EQ(a0, MAGIC1)
    li t0, 0x40000000
    add t0, t0, s1
    NO_TRAP(ld a0, 0(t0))
    CHECK_EQ(a0, MAGIC1)
    li t0, 0x40207000
    NO_TRAP(ld a0, 0(t0))
    CHECK_EQ(a0, MAGIC1)
    li t0, 0x8000000000
    add t0, t0, s2
    NO_TRAP(ld a0, 0(t0))
    CHECK_EQ(a0, MAGIC1)
    li t0, 0x1000000000000
    add t0, t0, s2
    NO_TRAP(ld a0, 0(t0))
    CHECK_EQ(a0, MAGIC1)
    li a1, MAGIC3
    NO_TRAP(sd a1, 8(t0))
    ld a0, 8(s2)
    CHECK_EQ(a0, MAGIC3)
    li t0, 0xffff000000000000
    add t0, t0, s2
    NO_TRAP(ld a0, 0(t0))
    CHECK_EQ(a0, MAGIC1)
    /* not sign-extended from bit 56 */
    li t0, 0x0100000000000000
    EXPECT_TRAP(13, ld a0, 0(t0))
    /* empty root entry */
    li t0, 0x2000000000000
    EXPECT_TRAP(13, ld a0, 0(t0))
    CHECK_TVAL(0x2000000000000)
    BACK_TO_M
    csrw satp, zero
    sfence.vma
    ret

    .data
    .align 12
root: .zero 4096
l3: .zero 4096
l2: .zero 4096
l1: .zero 4096
l0: .zero 4096
tdata: .dword MAGIC1
    .zero 4096 - 8
