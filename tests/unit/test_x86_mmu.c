/* x86-64 paging (target/x86_64/mmu.c): 32-bit (4 KiB / 4 MiB), PAE, 4- and 5-level walks,
 * 2 MiB / 1 GiB pages, U/S, R/W with CR0.WP, NX, SMEP/SMAP, reserved bits, the #PF error
 * codes and CR2, A/D updates, non-canonical addresses, TLB fills and global-page flushes,
 * on page tables built in RAM. Expected values are the SDM's (Vol. 3 4.7 for error codes). */
#include <stdio.h>
#include <string.h>
#include "trix/memory.h"
#include "target/x86_64/sys_internal.h"

#define RAM_SIZE (32ull << 20)
#define PT_BASE 0x100000ull
#define P  (1ull << 0)
#define RW (1ull << 1)
#define US (1ull << 2)
#define A  (1ull << 5)
#define D  (1ull << 6)
#define PS (1ull << 7)
#define G  (1ull << 8)
#define XD (1ull << 63)
enum { PF_P = 1, PF_W = 2, PF_U = 4, PF_RSVD = 8, PF_I = 16 };

static int failures;
static uint64_t next_table = PT_BASE;

#define CHECK(cond) \
    do { if (!(cond)) { printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); failures++; } } while (0)

static uint64_t alloc_table(void)
{
    static const uint8_t zero[4096];
    uint64_t t = next_table;
    next_table += 4096;
    phys_write(t, zero, sizeof zero);
    return t;
}

static uint64_t rd64(uint64_t pa) { uint64_t v = 0; phys_read(pa, &v, 8); return v; }
static void wr64(uint64_t pa, uint64_t v) { phys_write(pa, &v, 8); }
static uint32_t rd32(uint64_t pa) { uint32_t v = 0; phys_read(pa, &v, 4); return v; }
static void wr32(uint64_t pa, uint32_t v) { phys_write(pa, &v, 4); }

/* 64-bit entries: map va at `level` (1 = 4 KiB, 2 = 2 MiB, 3 = 1 GiB) below root with
 * `levels` levels (3: PAE, 4, 5); table entries get P|RW|US. Returns the leaf's address. */
static uint64_t map(uint64_t root, int levels, uint64_t va, uint64_t pa, uint64_t flags, int level)
{
    uint64_t table = root;
    for (int lv = levels; lv > level; lv--) {
        unsigned idx = (unsigned)(va >> (12 + 9 * (lv - 1))) & (levels == 3 && lv == 3 ? 3 : 511);
        uint64_t slot = table + idx * 8ull, e = rd64(slot);
        if (!(e & P)) {
            e = alloc_table() | P | (levels == 3 && lv == 3 ? 0 : RW | US);
            wr64(slot, e);
        }
        table = e & 0xffffffffff000ull;
    }
    uint64_t slot = table + ((va >> (12 + 9 * (level - 1))) & 511) * 8;
    wr64(slot, pa | flags | (level > 1 ? PS : 0));
    return slot;
}

typedef struct { bool ok; uint64_t pa; int prot; X86Fault f; } Res;

static Res xl(X86CPU *env, uint64_t va, MMUAccessType t, bool user, bool smap)
{
    Res r = { 0 };
    r.ok = x86_mmu_translate(env, va, t, user, smap, true, &r.pa, &r.prot, &r.f);
    r.prot &= 7;
    return r;
}

static void set_mode(X86CPU *env, uint64_t cr0, uint64_t cr4, uint64_t efer, uint64_t cr3)
{
    env->sys.cr0 = cr0 | X86_CR0_PE | X86_CR0_ET;
    env->sys.cr4 = cr4;
    env->sys.efer = efer;
    env->sys.cr3 = cr3;
    x86_update_hflags(env);
}

static void test_paging_off(X86CPU *env)
{
    set_mode(env, 0, 0, 0, 0);
    Res r = xl(env, 0x123456789ull, MMU_DATA_LOAD, false, false);
    CHECK(r.ok && r.pa == 0x23456789 && r.prot == 7);
}

static void test_32bit(X86CPU *env)
{
    uint64_t pd = alloc_table(), pt = alloc_table();
    wr32(pd + 4 * 1, (uint32_t)(pt | P | RW | US));            /* 0x00400000.. */
    wr32(pt + 4 * 2, 0x00200000 | P | US);                     /* 0x00402000: user, RO */
    wr32(pd + 4 * 2, 0x00c00000 | P | RW | PS);                /* 0x00800000: 4 MiB, sup */
    set_mode(env, X86_CR0_PG, X86_CR4_PSE, 0, pd);
    Res r = xl(env, 0x00402abc, MMU_DATA_LOAD, true, false);
    CHECK(r.ok && r.pa == 0x00200abc && r.prot == (PROT_R | PROT_X));
    CHECK((rd32(pt + 8) & (A | D)) == A);
    r = xl(env, 0x00402000, MMU_DATA_STORE, true, false);
    CHECK(!r.ok && r.f.vec == X86_EXCP_PF && r.f.err == (PF_P | PF_W | PF_U));
    CHECK(env->fault_addr == 0x00402000);
    /* CR0.WP = 0: the supervisor writes read-only pages, and sets D */
    r = xl(env, 0x00402000, MMU_DATA_STORE, false, false);
    CHECK(r.ok && (rd32(pt + 8) & D));
    env->sys.cr0 |= X86_CR0_WP;
    r = xl(env, 0x00402000, MMU_DATA_STORE, false, false);
    CHECK(!r.ok && r.f.err == (PF_P | PF_W));
    /* a 4 MiB page */
    r = xl(env, 0x00923456, MMU_DATA_STORE, false, false);
    CHECK(r.ok && r.pa == 0x00d23456);
    CHECK((rd32(pd + 8) & (A | D)) == (A | D));
    r = xl(env, 0x00923456, MMU_DATA_LOAD, true, false);
    CHECK(!r.ok && r.f.err == (PF_P | PF_U));
    /* not present: the error code says only what the access was */
    r = xl(env, 0x00c00000, MMU_DATA_STORE, true, false);
    CHECK(!r.ok && r.f.err == (PF_W | PF_U));
    r = xl(env, 0x00403000, MMU_DATA_LOAD, false, false);
    CHECK(!r.ok && r.f.err == 0 && env->fault_addr == 0x00403000);
}

static void test_pae(X86CPU *env)
{
    uint64_t pdpt = alloc_table();
    uint64_t l2m = map(pdpt, 3, 0x40200000, 0x00400000, P | RW | US | XD, 2);
    map(pdpt, 3, 0x40400000, 0x00600000, P | RW | XD, 2);
    set_mode(env, X86_CR0_PG | X86_CR0_WP, X86_CR4_PAE, X86_EFER_NXE, pdpt);
    Res r = xl(env, 0x40212345, MMU_DATA_LOAD, true, false);
    CHECK(r.ok && r.pa == 0x00412345 && r.prot == (PROT_R | PROT_W));
    r = xl(env, 0x40212345, MMU_INST_FETCH, true, false);
    CHECK(!r.ok && r.f.err == (PF_P | PF_U | PF_I));
    /* XD without EFER.NXE is a reserved bit */
    env->sys.efer = 0;
    r = xl(env, 0x40212345, MMU_DATA_LOAD, true, false);
    CHECK(!r.ok && r.f.err == (PF_P | PF_U | PF_RSVD));
    env->sys.efer = X86_EFER_NXE;
    /* a 2 MiB entry with bits 20:13 set is reserved */
    wr64(l2m, rd64(l2m) | (1ull << 13));
    r = xl(env, 0x40200000, MMU_DATA_LOAD, false, false);
    CHECK(!r.ok && (r.f.err & PF_RSVD));
    /* PAE linear addresses are 32 bits */
    r = xl(env, 0x140400010ull, MMU_DATA_LOAD, false, false);
    CHECK(r.ok && r.pa == 0x00600010);
}

static void test_long4(X86CPU *env)
{
    uint64_t pml4 = alloc_table();
    uint64_t va4k = 0x00007f1234567000ull, va1g = 0xffff888040000000ull;
    uint64_t l4k = map(pml4, 4, va4k, 0x00300000, P | RW | US, 1);
    map(pml4, 4, 0x0000000000600000ull, 0x00800000, P | RW, 2);
    map(pml4, 4, va1g, 0x40000000, P | RW | G, 3);
    set_mode(env, X86_CR0_PG | X86_CR0_WP, X86_CR4_PAE | X86_CR4_PGE, X86_EFER_LME |
             X86_EFER_LMA | X86_EFER_NXE, pml4);
    Res r = xl(env, va4k + 0x10, MMU_DATA_LOAD, true, false);
    CHECK(r.ok && r.pa == 0x00300010);
    CHECK((rd64(l4k) & (A | D)) == A);
    r = xl(env, 0x0000000000612345ull, MMU_DATA_STORE, false, false);
    CHECK(r.ok && r.pa == 0x00812345);
    r = xl(env, va1g + 0x3456789, MMU_DATA_LOAD, false, false);
    CHECK(r.ok && r.pa == 0x43456789);
    /* non-canonical: #GP(0), not #PF */
    r = xl(env, 0x0000800000000000ull, MMU_DATA_LOAD, false, false);
    CHECK(!r.ok && r.f.vec == X86_EXCP_GP && r.f.err == 0);
    CHECK(!x86_canonical(env, 0xffff7fffffffffffull) && x86_canonical(env, 0xffff800000000000ull));
    /* SMEP: no supervisor fetch from a user page; SMAP: no supervisor data access */
    env->sys.cr4 |= X86_CR4_SMEP | X86_CR4_SMAP;
    r = xl(env, va4k, MMU_INST_FETCH, false, false);
    CHECK(!r.ok && r.f.err == (PF_P | PF_I));
    r = xl(env, va4k, MMU_DATA_LOAD, false, true);
    CHECK(!r.ok && r.f.err == PF_P);
    r = xl(env, va4k, MMU_DATA_LOAD, false, false);            /* EFLAGS.AC = 1 */
    CHECK(r.ok);
    r = xl(env, va4k, MMU_INST_FETCH, true, false);
    CHECK(r.ok);
    env->sys.cr4 &= ~(X86_CR4_SMEP | X86_CR4_SMAP);
    /* a user access to a supervisor page */
    r = xl(env, 0x0000000000600000ull, MMU_DATA_LOAD, true, false);
    CHECK(!r.ok && r.f.err == (PF_P | PF_U));
    /* PS in a PML4 entry is reserved */
    wr64(pml4 + 8 * 200, 0x1000000 | P | RW | PS);
    r = xl(env, 200ull << 39, MMU_DATA_LOAD, false, false);
    CHECK(!r.ok && r.f.err == (PF_P | PF_RSVD));
}

static void test_long5(X86CPU *env)
{
    uint64_t pml5 = alloc_table();
    uint64_t va = 0xff43ac1112345000ull;        /* bit 56 set: needs LA57 */
    map(pml5, 5, va, 0x00500000, P | RW, 1);
    set_mode(env, X86_CR0_PG, X86_CR4_PAE | X86_CR4_LA57, X86_EFER_LME | X86_EFER_LMA, pml5);
    Res r = xl(env, va + 0x123, MMU_DATA_LOAD, false, false);
    CHECK(r.ok && r.pa == 0x00500123);
    CHECK(x86_canonical(env, va) && !x86_canonical(env, 0x0100000000000000ull));
    env->sys.cr4 &= ~X86_CR4_LA57;
    CHECK(!x86_canonical(env, va));
}

/* tlb_fill: write permission only once D is set; CR3 writes keep global entries. */
static void test_tlb(CPUState *cs, X86CPU *env)
{
    uint64_t pml4 = alloc_table();
    uint64_t vu = 0x0000000012345000ull, vg = 0xffffffff81000000ull;
    uint64_t lu = map(pml4, 4, vu, 0x00310000, P | RW | US, 1);
    map(pml4, 4, vg, 0x00320000, P | RW | G, 1);
    set_mode(env, X86_CR0_PG | X86_CR0_WP, X86_CR4_PAE | X86_CR4_PGE,
             X86_EFER_LME | X86_EFER_LMA, pml4);
    tlb_flush(cs);
    CHECK(x86_tlb_fill(cs, vu, MMU_DATA_LOAD, X86_MMU_KNOSMAP, true));
    TLBEntry *e = tlb_entry(cs, X86_MMU_KNOSMAP, vu);
    CHECK(e->addr_read == vu && e->addr_write == (uint64_t)-1);
    CHECK(x86_tlb_fill(cs, vu, MMU_DATA_STORE, X86_MMU_KNOSMAP, true));
    CHECK((rd64(lu) & D) && (e->addr_write & TARGET_PAGE_MASK) == vu);
    CHECK(x86_tlb_fill(cs, vg, MMU_DATA_LOAD, X86_MMU_KNOSMAP, true));
    TLBEntry *eg = tlb_entry(cs, X86_MMU_KNOSMAP, vg);
    CHECK(eg->addr_read == vg);
    /* a probe fault leaves CR2 alone */
    env->fault_addr = 0x1234;
    CHECK(!x86_tlb_fill(cs, 0x0000000099999000ull, MMU_DATA_LOAD, X86_MMU_KNOSMAP, true));
    CHECK(env->fault_addr == 0x1234);
    uint64_t old = env->sys.cr3;
    CHECK(x86_write_cr(env, 3, pml4));
    (void)old;
    CHECK(e->addr_read == (uint64_t)-1 || (e->addr_read & TLB_INVALID));
    CHECK(eg->addr_read == vg);
    /* CR4.PGE off: everything goes */
    CHECK(x86_write_cr(env, 4, X86_CR4_PAE));
    CHECK(eg->addr_read != vg);
    /* the debugger's view: no A/D updates */
    uint64_t vd = 0x0000000022345000ull, ld = map(pml4, 4, vd, 0x00330000, P | RW, 1), pa = 0;
    CHECK(x86_debug_translate(cs, vd + 5, &pa) && pa == 0x00330005);
    CHECK(!(rd64(ld) & (A | D)));
    CHECK(!x86_debug_translate(cs, 0x0000000033333000ull, &pa));
}

/* PCID: two address spaces keep their TLB entries across CR3 writes with the no-flush bit. */
static void test_pcid(CPUState *cs, X86CPU *env)
{
    uint64_t pml4a = alloc_table(), pml4b = alloc_table(), va = 0x0000000044440000ull;
    map(pml4a, 4, va, 0x00340000, P | RW | A | D, 1);
    map(pml4b, 4, va, 0x00350000, P | RW | A | D, 1);
    x86_cpu_reset_sys(env);
    set_mode(env, X86_CR0_PG, X86_CR4_PAE | X86_CR4_PGE, X86_EFER_LME | X86_EFER_LMA,
             pml4a | 1);
    env->sys.cr3 = pml4a;                       /* PCIDE needs CR3[11:0] = 0 */
    CHECK(x86_write_cr(env, 4, X86_CR4_PAE | X86_CR4_PGE | X86_CR4_PCIDE));
    CHECK(x86_write_cr(env, 3, pml4a | 1));
    int ia = x86_cpu_mmu_index(cs, false);
    CHECK(x86_tlb_fill(cs, va, MMU_DATA_LOAD, ia, true));
    TLBEntry *ea = tlb_entry(cs, ia, va);
    CHECK(ea->addr_read == va && ea->paddr == 0x00340000);
    CHECK(x86_write_cr(env, 3, pml4b | 2));             /* another PCID: another slot */
    int ib = x86_cpu_mmu_index(cs, false);
    CHECK(ib != ia);
    CHECK(x86_tlb_fill(cs, va, MMU_DATA_LOAD, ib, true));
    CHECK(tlb_entry(cs, ib, va)->paddr == 0x00350000);
    CHECK(x86_write_cr(env, 3, pml4a | 1 | (1ull << 63)));     /* back, no flush: kept */
    CHECK(x86_cpu_mmu_index(cs, false) == ia && ea->addr_read == va);
    CHECK(x86_write_cr(env, 3, pml4a | 1));             /* back with a flush: gone */
    CHECK(ea->addr_read != va);
    CHECK(tlb_entry(cs, ib, va)->addr_read == va);      /* PCID 2's entry stays */
    x86_invpcid(env, 1, 2, 0);                          /* single-context INVPCID */
    CHECK(tlb_entry(cs, ib, va)->addr_read != va);
    CHECK(x86_write_cr(env, 3, pml4b | 3));             /* a third PCID evicts one slot */
    CHECK(env->sys.pcid_slot[0] == 3 || env->sys.pcid_slot[1] == 3);
}

/* Control registers: the architected #GP checks of MOV CR and long-mode activation. */
static void test_cr(X86CPU *env)
{
    x86_cpu_reset_sys(env);
    CHECK(!x86_write_cr(env, 0, X86_CR0_PG | X86_CR0_ET));           /* PG without PE */
    CHECK(x86_write_cr(env, 0, X86_CR0_PE | X86_CR0_ET));
    CHECK(x86_write_efer(env, X86_EFER_LME));
    CHECK(!x86_write_cr(env, 0, X86_CR0_PE | X86_CR0_PG));           /* LME without PAE */
    CHECK(x86_write_cr(env, 4, X86_CR4_PAE));
    CHECK(x86_write_cr(env, 0, X86_CR0_PE | X86_CR0_PG));
    CHECK(env->sys.efer & X86_EFER_LMA);
    CHECK(!x86_write_efer(env, 0));                                 /* LME with paging on */
    CHECK(!x86_write_cr(env, 4, 0));                                /* PAE off in long mode */
    CHECK(!x86_write_cr(env, 4, X86_CR4_PAE | (1ull << 30)));       /* reserved */
    CHECK(x86_write_cr(env, 0, X86_CR0_PE));                        /* compatibility mode */
    CHECK(!(env->sys.efer & X86_EFER_LMA));
}

int main(void)
{
    mem_reset();
    mem_map_ram("ram", 0, RAM_SIZE);
    softmmu_init();
    CPUState *cs = cpu_create(&x86_target_ops);
    X86CPU *env = x86_cpu(cs);
    test_paging_off(env);
    test_32bit(env);
    test_pae(env);
    test_long4(env);
    test_long5(env);
    test_tlb(cs, env);
    test_pcid(cs, env);
    test_cr(env);
    if (failures) {
        printf("%d failures\n", failures);
        return 1;
    }
    printf("OK\n");
    return 0;
}
