/* Page-table helpers for the system tests (after sys.h). Tables are built at run time in
 * M-mode; clobber t0-t3. */
#define SATP_SV39 (8 << 60)
#define SATP_SV48 (9 << 60)
#define SATP_SV57 (10 << 60)
#define LEAF_RWX (PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)

/* table[idx] = PTE for the physical address in register pa with flags */
.macro pte_reg table, idx, pa, flags
    la t0, \table
    li t1, (\idx) * 8
    add t0, t0, t1
    srli t1, \pa, 12
    slli t1, t1, 10
    li t2, \flags
    or t1, t1, t2
    sd t1, 0(t0)
.endm
/* table[idx] = leaf for the physical address imm */
.macro pte_imm table, idx, imm, flags
    li t3, \imm
    pte_reg \table, \idx, t3, \flags
.endm
/* table[idx] = leaf for the physical address of label */
.macro pte_lbl table, idx, label, flags
    la t3, \label
    pte_reg \table, \idx, t3, \flags
.endm
/* table[idx] = pointer to next-level table */
.macro pte_ptr table, idx, next
    pte_lbl \table, \idx, \next, PTE_V
.endm
/* satp = mode | root, then sfence.vma */
.macro set_satp mode, root
    la t0, \root
    srli t0, t0, 12
    li t1, \mode
    or t0, t0, t1
    csrw satp, t0
    sfence.vma
.endm
/* reg = pte of table[idx] */
.macro load_pte reg, table, idx
    la t0, \table
    ld \reg, (\idx) * 8(t0)
.endm
/* reg = physical address of label - 0x80000000 (offset inside the RAM image) */
.macro ram_off reg, label
    la \reg, \label
    li t0, 0x80000000
    sub \reg, \reg, t0
.endm

#define MAGIC1 0x1122334455667788
#define MAGIC2 0x0badc0ffee15600d
#define MAGIC3 0x5a5aa5a5c3c33c3c
