/* riscv64 MMU and PMP: page walks at every level and mode, each fault kind, A/D updates,
 * superpage alignment, TLB fills, and PMP matching/locking, on page tables built in RAM. */
#include <string.h>
#include "target/riscv64/cpu.h"
#include "trix/memory.h"
#include "trix/softmmu.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (16ull << 20)
#define PT_BASE  (RAM_BASE + 0x100000)     /* page-table pages are allocated from here */
#define V (1ull << 0)
#define R (1ull << 1)
#define W (1ull << 2)
#define X (1ull << 3)
#define U (1ull << 4)
#define A (1ull << 6)
#define D (1ull << 7)

static int failures;
static uint64_t next_table = PT_BASE;

#define CHECK(cond) \
    do { if (!(cond)) { printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); failures++; } } while (0)

static uint64_t alloc_table(void)
{
    uint64_t t = next_table;
    next_table += 4096;
    static const uint8_t zero[4096];
    phys_write(t, zero, sizeof zero);
    return t;
}

static uint64_t rd64(uint64_t pa)
{
    uint64_t v = 0;
    phys_read(pa, &v, 8);
    return v;
}

static void wr64(uint64_t pa, uint64_t v) { phys_write(pa, &v, 8); }

static uint64_t pte_for(uint64_t pa, uint64_t flags) { return (pa >> 12) << 10 | flags; }

/* Map va with a leaf at `level` (0 = 4 KiB) below root; returns the leaf PTE's address. */
static uint64_t map(uint64_t root, int levels, uint64_t va, uint64_t pa, uint64_t flags, int level)
{
    uint64_t table = root;
    for (int lv = levels - 1; lv > level; lv--) {
        uint64_t slot = table + ((va >> (12 + 9 * lv)) & 511) * 8, pte = rd64(slot);
        if (!(pte & V)) {
            pte = pte_for(alloc_table(), V);
            wr64(slot, pte);
        }
        table = (pte >> 10) << 12;
    }
    uint64_t slot = table + ((va >> (12 + 9 * level)) & 511) * 8;
    wr64(slot, pte_for(pa, flags));
    return slot;
}

static RVXlateResult xlate(RVCPU *env, uint64_t va, MMUAccessType t, int idx, uint64_t *pa,
                           int *prot)
{
    int shift;
    return rv_translate_addr(env, va, t, idx, pa, prot, &shift);
}

static void set_satp(RVCPU *env, int mode, uint64_t root)
{
    env->satp = (uint64_t)mode << SATP_MODE_SHIFT | root >> 12;
}

static void test_bare(RVCPU *env)
{
    uint64_t pa;
    int prot;
    env->satp = 0;
    CHECK(xlate(env, 0x80001234, MMU_DATA_LOAD, RV_MMU_S, &pa, &prot) == RV_XLATE_OK);
    CHECK(pa == 0x80001234 && prot == (PROT_R | PROT_W | PROT_X));
    /* M mode ignores satp entirely. */
    set_satp(env, RV_SATP_SV39, PT_BASE);
    CHECK(xlate(env, 0x80001234, MMU_INST_FETCH, RV_MMU_M, &pa, &prot) == RV_XLATE_OK);
    CHECK(pa == 0x80001234);
}

static void test_sv39_4k(RVCPU *env)
{
    uint64_t root = alloc_table(), pa;
    int prot;
    uint64_t va = 0x12345000, leaf = map(root, 3, va, RAM_BASE + 0x200000, V | R | W | X | U, 0);
    set_satp(env, RV_SATP_SV39, root);
    /* S without SUM may not touch user pages; with SUM it may load but never execute. */
    CHECK(xlate(env, va + 0x10, MMU_DATA_LOAD, RV_MMU_S, &pa, &prot) == RV_XLATE_PAGE_FAULT);
    CHECK(xlate(env, va + 0x10, MMU_DATA_LOAD, RV_MMU_S_SUM, &pa, &prot) == RV_XLATE_OK);
    CHECK(pa == RAM_BASE + 0x200010);
    CHECK(!(prot & PROT_X));
    CHECK(xlate(env, va, MMU_INST_FETCH, RV_MMU_S, &pa, &prot) == RV_XLATE_PAGE_FAULT);
    /* The load set A but not D, so the TLB must not grant writes yet. */
    CHECK((rd64(leaf) & (A | D)) == A);
    CHECK(xlate(env, va, MMU_DATA_LOAD, RV_MMU_U, &pa, &prot) == RV_XLATE_OK);
    CHECK(prot == (PROT_R | PROT_X));
    CHECK(xlate(env, va, MMU_DATA_STORE, RV_MMU_U, &pa, &prot) == RV_XLATE_OK);
    CHECK((rd64(leaf) & (A | D)) == (A | D));
    CHECK(prot == (PROT_R | PROT_W | PROT_X));

    /* A supervisor page is invisible to U. */
    uint64_t sva = 0x12346000;
    map(root, 3, sva, RAM_BASE + 0x201000, V | R | A, 0);
    CHECK(xlate(env, sva, MMU_DATA_LOAD, RV_MMU_U, &pa, &prot) == RV_XLATE_PAGE_FAULT);
    CHECK(xlate(env, sva, MMU_DATA_LOAD, RV_MMU_S, &pa, &prot) == RV_XLATE_OK);
    CHECK(xlate(env, sva, MMU_DATA_STORE, RV_MMU_S, &pa, &prot) == RV_XLATE_PAGE_FAULT);
    CHECK(xlate(env, sva, MMU_INST_FETCH, RV_MMU_S, &pa, &prot) == RV_XLATE_PAGE_FAULT);

    /* Execute-only: loads need MXR. */
    uint64_t xva = 0x12347000;
    map(root, 3, xva, RAM_BASE + 0x202000, V | X | A, 0);
    CHECK(xlate(env, xva, MMU_DATA_LOAD, RV_MMU_S, &pa, &prot) == RV_XLATE_PAGE_FAULT);
    CHECK(xlate(env, xva, MMU_DATA_LOAD, RV_MMU_S | RV_MMU_MXR, &pa, &prot) == RV_XLATE_OK);
    CHECK(xlate(env, xva, MMU_INST_FETCH, RV_MMU_S, &pa, &prot) == RV_XLATE_OK);
    CHECK(pa == RAM_BASE + 0x202000);
}

/* The monitor's / debugger's look (TargetOps.debug_translate): no A/D update, no fault
 * state, user and execute-only pages readable from S, identity in M-mode. */
static void test_debug_translate(CPUState *cs, RVCPU *env)
{
    uint64_t root = alloc_table(), pa = 0;
    uint64_t uva = 0x22345000, uleaf = map(root, 3, uva, RAM_BASE + 0x300000, V | R | U, 0);
    uint64_t xva = 0x22346000, xleaf = map(root, 3, xva, RAM_BASE + 0x301000, V | X, 0);
    set_satp(env, RV_SATP_SV39, root);
    env->priv = RV_PRIV_S;
    env->mstatus &= ~(MSTATUS_SUM | MSTATUS_MXR);
    uint64_t badaddr = env->badaddr;
    int excp = cs->exception_index;
    CHECK(rv_target_ops.debug_translate(cs, uva + 8, &pa) && pa == RAM_BASE + 0x300008);
    CHECK(rv_target_ops.debug_translate(cs, xva, &pa) && pa == RAM_BASE + 0x301000);
    CHECK(!(rd64(uleaf) & (A | D)) && !(rd64(xleaf) & (A | D)));
    CHECK(!rv_target_ops.debug_translate(cs, 0x22347000, &pa));         /* unmapped */
    CHECK(!rv_target_ops.debug_translate(cs, 0x0000400000000000ull, &pa)); /* not canonical */
    CHECK(env->badaddr == badaddr && cs->exception_index == excp);
    env->priv = RV_PRIV_M;
    CHECK(rv_target_ops.debug_translate(cs, 0x22347000, &pa) && pa == 0x22347000);
    env->satp = 0;
}

static void test_bad_ptes(RVCPU *env)
{
    uint64_t root = alloc_table(), pa;
    int prot;
    set_satp(env, RV_SATP_SV39, root);
    uint64_t va = 0x40000000;
    uint64_t leaf = map(root, 3, va, RAM_BASE + 0x300000, V | R | A, 0);
    CHECK(xlate(env, va, MMU_DATA_LOAD, RV_MMU_S, &pa, &prot) == RV_XLATE_OK);
    wr64(leaf, pte_for(RAM_BASE + 0x300000, R | A));               /* not valid */
    CHECK(xlate(env, va, MMU_DATA_LOAD, RV_MMU_S, &pa, &prot) == RV_XLATE_PAGE_FAULT);
    wr64(leaf, pte_for(RAM_BASE + 0x300000, V | W | A | D));       /* W without R */
    CHECK(xlate(env, va, MMU_DATA_LOAD, RV_MMU_S, &pa, &prot) == RV_XLATE_PAGE_FAULT);
    wr64(leaf, pte_for(RAM_BASE + 0x300000, V | R | A) | 1ull << 61);  /* PBMT: reserved */
    CHECK(xlate(env, va, MMU_DATA_LOAD, RV_MMU_S, &pa, &prot) == RV_XLATE_PAGE_FAULT);
    wr64(leaf, pte_for(RAM_BASE + 0x300000, V));                   /* pointer at level 0 */
    CHECK(xlate(env, va, MMU_DATA_LOAD, RV_MMU_S, &pa, &prot) == RV_XLATE_PAGE_FAULT);
    /* Not canonical for Sv39: bit 39 set without the bits above it. */
    CHECK(xlate(env, 1ull << 39, MMU_DATA_LOAD, RV_MMU_S, &pa, &prot) == RV_XLATE_PAGE_FAULT);
    CHECK(xlate(env, ~0ull << 40, MMU_DATA_LOAD, RV_MMU_S, &pa, &prot) == RV_XLATE_PAGE_FAULT);
    /* A page table outside RAM is an access fault. */
    set_satp(env, RV_SATP_SV39, 0x10000000);
    CHECK(xlate(env, va, MMU_DATA_LOAD, RV_MMU_S, &pa, &prot) == RV_XLATE_ACCESS_FAULT);
    CHECK(xlate(env, va, MMU_INST_FETCH, RV_MMU_S, &pa, &prot) == RV_XLATE_ACCESS_FAULT);
}

static void test_superpages(RVCPU *env)
{
    uint64_t root = alloc_table(), pa;
    int prot;
    set_satp(env, RV_SATP_SV39, root);
    /* 1 GiB at level 2 and 2 MiB at level 1. */
    map(root, 3, 0xc0000000, RAM_BASE, V | R | W | A | D, 2);
    CHECK(xlate(env, 0xc0123456, MMU_DATA_STORE, RV_MMU_S, &pa, &prot) == RV_XLATE_OK);
    CHECK(pa == RAM_BASE + 0x123456);
    map(root, 3, 0x200000, RAM_BASE + 0x400000, V | R | A, 1);
    CHECK(xlate(env, 0x2abcde, MMU_DATA_LOAD, RV_MMU_S, &pa, &prot) == RV_XLATE_OK);
    CHECK(pa == RAM_BASE + 0x4abcde);
    /* Misaligned superpages fault. */
    map(root, 3, 0x400000, RAM_BASE + 0x401000, V | R | A, 1);
    CHECK(xlate(env, 0x400000, MMU_DATA_LOAD, RV_MMU_S, &pa, &prot) == RV_XLATE_PAGE_FAULT);
    map(root, 3, 0x100000000, RAM_BASE + 0x200000, V | R | A, 2);
    CHECK(xlate(env, 0x100000000, MMU_DATA_LOAD, RV_MMU_S, &pa, &prot) == RV_XLATE_PAGE_FAULT);
}

static void test_sv48_sv57(RVCPU *env)
{
    uint64_t pa;
    int prot;
    uint64_t root48 = alloc_table(), va48 = 0x7f1234567000;
    map(root48, 4, va48, RAM_BASE + 0x500000, V | R | A, 0);
    set_satp(env, RV_SATP_SV48, root48);
    CHECK(xlate(env, va48 + 8, MMU_DATA_LOAD, RV_MMU_S, &pa, &prot) == RV_XLATE_OK);
    CHECK(pa == RAM_BASE + 0x500008);
    CHECK(xlate(env, 1ull << 47, MMU_DATA_LOAD, RV_MMU_S, &pa, &prot) == RV_XLATE_PAGE_FAULT);
    /* A 512 GiB page at level 3. */
    map(root48, 4, 0xffff800000000000, 0, V | R | A, 3);
    CHECK(xlate(env, 0xffff800080000010, MMU_DATA_LOAD, RV_MMU_S, &pa, &prot) == RV_XLATE_OK);
    CHECK(pa == RAM_BASE + 0x10);

    uint64_t root57 = alloc_table(), va57 = 0xff5123456789a000;
    map(root57, 5, va57, RAM_BASE + 0x600000, V | R | W | A | D, 0);
    set_satp(env, RV_SATP_SV57, root57);
    CHECK(xlate(env, va57 + 0x20, MMU_DATA_STORE, RV_MMU_S, &pa, &prot) == RV_XLATE_OK);
    CHECK(pa == RAM_BASE + 0x600020);
    CHECK(xlate(env, 1ull << 56, MMU_DATA_LOAD, RV_MMU_S, &pa, &prot) == RV_XLATE_PAGE_FAULT);
}

static void test_tlb_fill(CPUState *cs, RVCPU *env)
{
    uint64_t root = alloc_table();
    uint64_t va = 0x5000, leaf = map(root, 3, va, RAM_BASE + 0x700000, V | R | W, 0);
    set_satp(env, RV_SATP_SV39, root);
    rv_tlb_flush_all(env);
    CHECK(rv_tlb_fill(cs, va + 4, MMU_DATA_LOAD, RV_MMU_S, true));
    TLBEntry *e = tlb_entry(cs, RV_MMU_S, va);
    CHECK((e->addr_read & TARGET_PAGE_MASK) == va && !(e->addr_read & TLB_INVALID));
    CHECK(e->addr_write == ~0ull && e->addr_code == ~0ull);
    CHECK(e->paddr == RAM_BASE + 0x700000);
    CHECK(rv_tlb_fill(cs, va, MMU_DATA_STORE, RV_MMU_S, true));
    CHECK((e->addr_write & TARGET_PAGE_MASK) == va);
    CHECK(rd64(leaf) & D);
    CHECK(!rv_tlb_fill(cs, 0x9000, MMU_DATA_LOAD, RV_MMU_S, true));   /* unmapped: probe */
}

/* ---- PMP ---- */

static void pmp_write(RVCPU *env, uint32_t csr, uint64_t val)
{
    uint64_t old;
    CHECK(rv_csr_rmw(env, csr, true, val, ~0ull, &old));
}

static uint64_t napot(uint64_t base, uint64_t size) { return (base | (size / 2 - 1)) >> 2; }

static void test_pmp(RVCPU *env)
{
    env->priv = RV_PRIV_M;
    env->satp = 0;
    /* Nothing configured: everybody may access everything. */
    CHECK(rv_pmp_check(env, RAM_BASE, 8, MMU_DATA_STORE, RV_PRIV_U));
    /* Entry 0: NAPOT 64 KiB at RAM_BASE, no permissions (firmware protection). Entry 1: TOR
     * up to RAM_BASE + 1 MiB, read-only. Entry 2: NA4 at 0x1000, RW. Entry 3: everything. */
    pmp_write(env, 0x3b0, napot(RAM_BASE, 0x10000));
    pmp_write(env, 0x3b1, (RAM_BASE + 0x100000) >> 2);
    pmp_write(env, 0x3b2, 0x1000 >> 2);
    pmp_write(env, 0x3b3, ~0ull);
    pmp_write(env, 0x3a0, 0x18ull | (0x09ull << 8) | (0x13ull << 16) | (0x1full << 24));
    uint64_t cfg;
    CHECK(rv_csr_rmw(env, 0x3a0, false, 0, 0, &cfg) && cfg == 0x1f130918ull);
    CHECK(!rv_pmp_check(env, RAM_BASE + 0x100, 4, MMU_DATA_LOAD, RV_PRIV_S));
    CHECK(rv_pmp_check(env, RAM_BASE + 0x100, 4, MMU_DATA_LOAD, RV_PRIV_M));   /* not locked */
    CHECK(rv_pmp_check(env, RAM_BASE + 0x10000, 4, MMU_DATA_LOAD, RV_PRIV_S));
    CHECK(!rv_pmp_check(env, RAM_BASE + 0x10000, 4, MMU_DATA_STORE, RV_PRIV_S));
    CHECK(!rv_pmp_check(env, RAM_BASE + 0xfffc, 8, MMU_DATA_LOAD, RV_PRIV_S));  /* straddles */
    CHECK(rv_pmp_check(env, 0x1000, 4, MMU_DATA_STORE, RV_PRIV_U));
    CHECK(!rv_pmp_check(env, 0x1000, 8, MMU_DATA_STORE, RV_PRIV_U));           /* past NA4 */
    CHECK(rv_pmp_check(env, RAM_BASE + 0x200000, 8, MMU_INST_FETCH, RV_PRIV_U));
    /* Page permissions: the firmware page is closed, the read-only one open for reads. */
    CHECK(rv_pmp_page_prot(env, RAM_BASE, RV_PRIV_S) == 0);
    CHECK(rv_pmp_page_prot(env, RAM_BASE + 0x20000, RV_PRIV_S) == PROT_R);
    CHECK(rv_pmp_page_prot(env, RAM_BASE, RV_PRIV_M) == (PROT_R | PROT_W | PROT_X));
    /* Translation reports PMP failures as access faults. */
    uint64_t pa;
    int prot;
    CHECK(xlate(env, RAM_BASE + 8, MMU_DATA_LOAD, RV_MMU_S, &pa, &prot) == RV_XLATE_ACCESS_FAULT);
    CHECK(xlate(env, RAM_BASE + 0x20000, MMU_DATA_STORE, RV_MMU_S, &pa, &prot) ==
          RV_XLATE_ACCESS_FAULT);
    CHECK(xlate(env, RAM_BASE + 0x20000, MMU_DATA_LOAD, RV_MMU_S, &pa, &prot) == RV_XLATE_OK);
    CHECK(prot == PROT_R);
    /* ... including for the page-table walk itself (S-level implicit accesses). */
    uint64_t root = RAM_BASE + 0x1000;          /* inside the closed firmware region */
    set_satp(env, RV_SATP_SV39, root);
    CHECK(xlate(env, 0x1000, MMU_DATA_LOAD, RV_MMU_S, &pa, &prot) == RV_XLATE_ACCESS_FAULT);
    env->satp = 0;

    /* Without a catch-all entry an unmatched S/U access fails; M's still passes. */
    pmp_write(env, 0x3a0, 0x18ull | (0x09ull << 8) | (0x13ull << 16));
    CHECK(!rv_pmp_check(env, RAM_BASE + 0x200000, 8, MMU_DATA_LOAD, RV_PRIV_S));
    CHECK(rv_pmp_check(env, RAM_BASE + 0x200000, 8, MMU_DATA_LOAD, RV_PRIV_M));

    /* TOR with an empty or inverted range matches nothing. */
    pmp_write(env, 0x3b4, 0x2000 >> 2);
    pmp_write(env, 0x3b5, 0x1000 >> 2);
    pmp_write(env, 0x3a0, (0x0full << 40) | 0x18ull);    /* entry 5: TOR RWX over [0x2000,0x1000) */
    CHECK(!rv_pmp_check(env, 0x1800, 4, MMU_DATA_LOAD, RV_PRIV_S));

    /* Locking: a locked entry binds M too and ignores writes; a locked TOR entry also locks
     * the pmpaddr below it. R=0 W=1 is reserved and leaves the byte unchanged. */
    pmp_write(env, 0x3b6, (RAM_BASE + 0x800000) >> 2);
    pmp_write(env, 0x3b7, (RAM_BASE + 0x900000) >> 2);
    pmp_write(env, 0x3a0, 0x89ull << 56);                /* entry 7: L, TOR, R */
    CHECK(!rv_pmp_check(env, RAM_BASE + 0x800000, 4, MMU_DATA_STORE, RV_PRIV_M));
    CHECK(rv_pmp_check(env, RAM_BASE + 0x800000, 4, MMU_DATA_LOAD, RV_PRIV_M));
    pmp_write(env, 0x3a0, 0x1full << 56);
    pmp_write(env, 0x3b7, 0);
    pmp_write(env, 0x3b6, 0);
    CHECK(rv_csr_rmw(env, 0x3a0, false, 0, 0, &cfg) && (cfg >> 56) == 0x89);
    CHECK(env->pmpaddr[7] == (RAM_BASE + 0x900000) >> 2);
    CHECK(env->pmpaddr[6] == (RAM_BASE + 0x800000) >> 2);
    pmp_write(env, 0x3a2, 0x02);                         /* entry 8: W only */
    CHECK(env->pmpcfg[8] == 0);
    /* RV64 has no odd pmpcfg registers. */
    uint64_t old;
    CHECK(!rv_csr_rmw(env, 0x3a1, false, 0, 0, &old));
    /* pmpaddr holds 54 bits (G = 0): OpenSBI probes it with all ones. */
    pmp_write(env, 0x3b9, ~0ull);
    CHECK(env->pmpaddr[9] == (1ull << 54) - 1);
}

int main(void)
{
    mem_reset();
    mem_map_ram("ram", RAM_BASE, RAM_SIZE);
    CPUState *cs = cpu_create(&rv_target_ops);
    RVCPU *env = rv_cpu(cs);
    rv_cpu_reset_system(env, 0, RAM_BASE);
    test_bare(env);
    test_sv39_4k(env);
    test_bad_ptes(env);
    test_superpages(env);
    test_sv48_sv57(env);
    test_tlb_fill(cs, env);
    test_debug_translate(cs, env);
    test_pmp(env);
    if (failures) {
        printf("%d failures\n", failures);
        return 1;
    }
    printf("OK\n");
    return 0;
}
