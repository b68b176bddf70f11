/* PMP: a NAPOT entry without permissions in front of an allow-all entry makes S-mode loads,
 * stores and fetches there fault with access faults (5, 7, 1) while M-mode is unaffected; a
 * TOR read-only range; a locked entry applies to M too. */
#include "sys.h"

#define NAPOT (3 << 3)
#define TOR (1 << 3)
#define LOCK (1 << 7)
#define MAGIC 0x7e57da7a7e57da7a
#define PMP_R 1
#define PMP_W 2
#define PMP_X 4
    .text
    .globl test_main
test_main:
    /* entry 0: the 4K page `denied`, NAPOT, no permission; entry 1: everything, RWX */
    la t0, denied
    srli t0, t0, 2
    ori t0, t0, (4096 / 8 - 1)      /* NAPOT encoding of a 4 KiB region */
    csrw pmpaddr0, t0
    li t0, -1
    csrw pmpaddr1, t0
    li t0, NAPOT | ((NAPOT | PMP_R | PMP_W | PMP_X) << 8)
    csrw pmpcfg0, t0
    csrr t1, pmpcfg0
    CHECK_REG_EQ(t0, t1)
    sfence.vma
    /* M-mode: no lock, no check */
    la t0, denied
    ld a0, 0(t0)
    CHECK_EQ(a0, MAGIC)
    M_TO_S(s1_code)
s1_code:
    la t0, denied
    EXPECT_TRAP(5, ld a0, 8(t0))
    addi t1, t0, 8
    CHECK_REG_EQ(s9, t1)
    EXPECT_TRAP(7, sd a0, 0(t0))
    la t0, dcode
    la s11, 1f
    jr t0
1:  CHECK_CAUSE(1)
    CHECK_REG_EQ(s9, t0)
    /* the page before is fine */
    la t0, denied
    NO_TRAP(ld a0, -8(t0))
    BACK_TO_M

    /* TOR: entry 0 = base (off), entry 1 = end (TOR, R only), entry 2 = the rest (RWX) */
    la t0, denied
    srli t0, t0, 2
    csrw pmpaddr0, t0
    la t0, denied + 4096
    srli t0, t0, 2
    csrw pmpaddr1, t0
    li t0, -1
    csrw pmpaddr2, t0
    li t0, ((TOR | PMP_R) << 8) | ((NAPOT | PMP_R | PMP_W | PMP_X) << 16)
    csrw pmpcfg0, t0
    sfence.vma
    M_TO_S(s2_code)
s2_code:
    la t0, denied
    NO_TRAP(ld a0, 0(t0))
    CHECK_EQ(a0, MAGIC)
    EXPECT_TRAP(7, sd a0, 0(t0))
    la t0, dcode
    la s11, 1f
    jr t0
1:  CHECK_CAUSE(1)
    BACK_TO_M

    /* a locked entry applies to M-mode: lock `denied` read-only (entry 0 NAPOT, R, L) */
    la t0, denied
    srli t0, t0, 2
    ori t0, t0, (4096 / 8 - 1)
    csrw pmpaddr0, t0
    li t0, -1
    csrw pmpaddr1, t0
    li t0, (NAPOT | PMP_R | LOCK) | ((NAPOT | PMP_R | PMP_W | PMP_X) << 8)
    csrw pmpcfg0, t0
    sfence.vma
    la t0, denied
    NO_TRAP(ld a0, 0(t0))
    EXPECT_TRAP(7, sd a0, 0(t0))
    /* locked: pmpaddr0 cannot be changed any more */
    csrr t1, pmpaddr0
    csrw pmpaddr0, zero
    csrr t2, pmpaddr0
    CHECK_REG_EQ(t1, t2)
    ret

    .data
    .align 12
    .dword 0
    .align 12
denied: .dword MAGIC, 0
dcode:                              /* code inside the denied page: S must not run it */
    FAIL_HERE
    .align 12
