/* x86-64 paging for the softmmu: 32-bit, PAE, 4- and 5-level walks, permissions, #PF, flushes. */
/*
 * One walker (x86_mmu_translate) serves tlb_fill, exception delivery and helpers (which
 * must not unwind: they get the fault back) and the debugger (no A/D updates). Rights
 * accumulate down the walk: user = AND of U/S, writable = AND of R/W, no-execute = OR of
 * XD (with EFER.NXE). The softmmu TLB caches 4 KiB pieces: a large page is installed one
 * piece at a time and then makes INVLPG flush everything. Write permission is only cached
 * once the dirty bit is set, so the first store through a clean page walks again and sets
 * D. Non-global entries are marked per TLB slot, so a CR3 write drops only those.
 */
#include <string.h>
#include "trix/common.h"
#include "target/x86_64/sys_internal.h"

#define PTE_P   (1ull << 0)
#define PTE_RW  (1ull << 1)
#define PTE_US  (1ull << 2)
#define PTE_A   (1ull << 5)
#define PTE_D   (1ull << 6)
#define PTE_PS  (1ull << 7)
#define PTE_G   (1ull << 8)
#define PTE_XD  (1ull << 63)
#define PHYS_BITS 40            /* CPUID 0x80000008 EAX[7:0] */
#define PTE_ADDR (((1ull << PHYS_BITS) - 1) & ~0xfffull)

enum { PF_P = 1, PF_W = 2, PF_U = 4, PF_RSVD = 8, PF_I = 16 };

int x86_cpu_mmu_index(CPUState *cs, bool ifetch)
{
    const X86SysState *s = &x86_cpu(cs)->sys;
    (void)ifetch;
    int base = X86_MMU_COUNT * s->cur_slot;
    if ((s->hflags & X86_HF_CPL_MASK) == 3)
        return base + X86_MMU_USER;
    bool ac = (x86_cpu(cs)->eflags & X86_AC) != 0;
    return base + ((s->hflags & X86_HF_SMAP) && !ac ? X86_MMU_KSMAP : X86_MMU_KNOSMAP);
}

bool x86_canonical(const X86CPU *env, uint64_t va)
{
    if (!x86_lma(env))
        return true;
    int bits = (env->sys.cr4 & X86_CR4_LA57) ? 57 : 48;
    int64_t s = (int64_t)(va << (64 - bits)) >> (64 - bits);
    return (uint64_t)s == va;
}

/* A page-table entry in RAM (entries elsewhere read as not present); the last RAM region
 * found is remembered (regions never move once mapped). */
static void *pte_ram(uint64_t pa, unsigned size)
{
    static __thread const MemoryRegion *last;
    const MemoryRegion *r = last;
    if (r && pa - r->base < r->size && pa - r->base + size <= r->size)
        return r->ram + (pa - r->base);
    r = mem_find(pa);
    if (!r || !r->ram || pa - r->base + size > r->size)
        return NULL;
    last = r;
    return r->ram + (pa - r->base);
}

static uint64_t *pte_ptr(uint64_t pa)
{
    return pte_ram(pa, 8);
}

static uint64_t pte_load(uint64_t *p)
{
    return p ? __atomic_load_n(p, __ATOMIC_RELAXED) : 0;
}

typedef struct Walk {
    uint64_t pa, page_size;
    bool user, write, nx, global, dirty;
    uint64_t *leaf64;           /* the leaf entry, for setting D after the rights check */
    uint32_t *leaf32;
    uint32_t err;               /* PF_RSVD or 0 on a not-present fault */
    bool ok;
} Walk;

/* Reserved bits of a present entry at level (1 = PTE ... 5 = PML5E); large: PS set. */
static bool pte_reserved(const X86CPU *env, uint64_t e, int level, bool large, bool pae)
{
    if (!pae)
        return large && (e & (1ull << 21));      /* 4 MiB PDE bit 21 (PSE-40 beyond 32 bits) */
    if ((e & PTE_XD) && !(env->sys.efer & X86_EFER_NXE))
        return true;
    if (e & ~PTE_XD & ~((1ull << PHYS_BITS) - 1) & ~(0x7full << 52))
        return true;
    if (level >= 4 && (e & PTE_PS))
        return true;
    if (large && (e & ((level == 3 ? (1ull << 30) : (1ull << 21)) - 1) & ~0x1fffull))
        return true;
    return false;
}

/* Accumulate one level's rights and set its accessed bit (when update). */
static void walk_level(Walk *w, uint64_t *p, uint64_t e, bool pae, bool update)
{
    w->user &= (e & PTE_US) != 0;
    w->write &= (e & PTE_RW) != 0;
    if (pae && (e & PTE_XD))
        w->nx = true;
    if (update && p && !(e & PTE_A))
        __atomic_fetch_or(p, PTE_A, __ATOMIC_RELAXED);
}

/* The leaf: physical address and (for a write, when update) the dirty bit. */
static void walk_leaf(const X86CPU *env, Walk *w, uint64_t *p, uint64_t e, uint64_t base,
                      uint64_t size, uint64_t va, bool dirty)
{
    w->pa = base | (va & (size - 1));
    w->page_size = size;
    w->global = (e & PTE_G) && (env->sys.cr4 & X86_CR4_PGE);
    w->dirty = (e & PTE_D) != 0;
    w->leaf64 = p;
    (void)dirty;
    w->ok = true;
}

static void walk_32(const X86CPU *env, uint64_t va, Walk *w, bool update, bool dirty)
{
    va &= 0xffffffffull;
    uint64_t pde_pa = (env->sys.cr3 & 0xfffff000ull) | ((va >> 22) << 2);
    uint32_t *pd = pte_ram(pde_pa, 4);
    uint32_t pde = pd ? __atomic_load_n(pd, __ATOMIC_RELAXED) : 0;
    if (!(pde & PTE_P))
        return;
    bool large = (pde & PTE_PS) && (env->sys.cr4 & X86_CR4_PSE);
    if (large && pte_reserved(env, pde, 2, true, false)) {
        w->err = PF_RSVD;
        return;
    }
    w->user &= (pde & PTE_US) != 0;
    w->write &= (pde & PTE_RW) != 0;
    if (update && !(pde & PTE_A))
        __atomic_fetch_or(pd, (uint32_t)PTE_A, __ATOMIC_RELAXED);
    if (large) {
        uint64_t base = (pde & 0xffc00000ull) | ((uint64_t)(pde >> 13) & 0xff) << 32;
        w->pa = base | (va & 0x3fffff);
        w->page_size = 1ull << 22;
        w->global = (pde & PTE_G) && (env->sys.cr4 & X86_CR4_PGE);
        w->dirty = (pde & PTE_D) != 0;
        w->leaf32 = pd;
        w->ok = true;
        return;
    }
    uint32_t *pt = pte_ram((pde & 0xfffff000u) | ((va >> 10) & 0xffc), 4);
    uint32_t pte = pt ? __atomic_load_n(pt, __ATOMIC_RELAXED) : 0;
    if (!(pte & PTE_P))
        return;
    w->user &= (pte & PTE_US) != 0;
    w->write &= (pte & PTE_RW) != 0;
    w->pa = (pte & 0xfffff000u) | (va & 0xfff);
    w->page_size = 4096;
    w->global = (pte & PTE_G) && (env->sys.cr4 & X86_CR4_PGE);
    w->dirty = (pte & PTE_D) != 0;
    w->leaf32 = pt;
    if (update && !(pte & PTE_A))
        __atomic_fetch_or(pt, (uint32_t)PTE_A, __ATOMIC_RELAXED);
    w->ok = true;
}

/* PAE and long-mode walks: levels top..1, 9 bits each (the PAE PDPT has 4 entries). */
static void walk_pae(const X86CPU *env, uint64_t va, Walk *w, bool update, bool dirty)
{
    bool lma = x86_lma(env);
    int top = !lma ? 3 : (env->sys.cr4 & X86_CR4_LA57) ? 5 : 4;
    uint64_t table = lma ? env->sys.cr3 & PTE_ADDR : env->sys.cr3 & 0xffffffe0ull;
    if (!lma)
        va &= 0xffffffffull;
    for (int level = top; level >= 1; level--) {
        unsigned shift = 12 + 9 * (unsigned)(level - 1);
        unsigned idx = (unsigned)(va >> shift) & (!lma && level == 3 ? 3 : 511);
        uint64_t *p = pte_ptr(table + idx * 8ull);
        uint64_t e = pte_load(p);
        if (!(e & PTE_P))
            return;
        bool large = level <= 3 && level >= 2 && (e & PTE_PS) && !(!lma && level == 3);
        if (!lma && level == 3) {
            /* PAE PDPTEs: no rights bits; reserved RW/US/XD and bits 5..8 */
            if (e & (0x1e6ull | PTE_XD | ~((1ull << PHYS_BITS) - 1))) {
                w->err = PF_RSVD;
                return;
            }
            table = e & PTE_ADDR;
            continue;
        }
        if (pte_reserved(env, e, level, large, true)) {
            w->err = PF_RSVD;
            return;
        }
        walk_level(w, p, e, true, update);
        if (large || level == 1) {
            uint64_t size = 1ull << shift;
            walk_leaf(env, w, update ? p : NULL, e, e & PTE_ADDR & ~(size - 1), size, va, dirty);
            return;
        }
        table = e & PTE_ADDR;
    }
}

/* The rights for this access mode: prot bits (PROT_*). */
static int walk_prot(const X86CPU *env, const Walk *w, bool user, bool smap)
{
    const X86SysState *s = &env->sys;
    int prot = 0;
    if (user) {
        if (!w->user)
            return 0;
        prot = PROT_R | (w->write ? PROT_W : 0) | (w->nx ? 0 : PROT_X);
        return prot;
    }
    bool wp = s->cr0 & X86_CR0_WP;
    prot = PROT_R | (w->write || !wp ? PROT_W : 0) | (w->nx ? 0 : PROT_X);
    if (w->user) {
        if (s->cr4 & X86_CR4_SMEP)
            prot &= ~PROT_X;
        if (smap && (s->cr4 & X86_CR4_SMAP))
            prot &= ~(PROT_R | PROT_W);
    }
    return prot;
}

static int type_prot(MMUAccessType type)
{
    return type == MMU_DATA_STORE ? PROT_W : type == MMU_INST_FETCH ? PROT_X : PROT_R;
}

bool x86_mmu_translate(X86CPU *env, uint64_t va, MMUAccessType type, bool user, bool smap,
                       bool update, uint64_t *pa, int *prot, X86Fault *f)
{
    const X86SysState *s = &env->sys;
    if (!(s->cr0 & X86_CR0_PG)) {
        *pa = x86_lma(env) ? va : va & 0xffffffffull;
        *prot = PROT_R | PROT_W | PROT_X;
        return true;
    }
    if (!x86_canonical(env, va)) {
        f->vec = X86_EXCP_GP;
        f->err = 0;
        return false;
    }
    Walk w = { .user = true, .write = true };
    bool dirty = update && type == MMU_DATA_STORE;
    if (s->cr4 & X86_CR4_PAE)
        walk_pae(env, va, &w, update, false);
    else
        walk_32(env, va, &w, update, false);
    int p = w.ok ? walk_prot(env, &w, user, smap) : 0;
    if (w.ok && (p & type_prot(type))) {
        if (dirty && !w.dirty) {        /* a permitted store: the leaf's D bit */
            if (w.leaf64)
                __atomic_fetch_or(w.leaf64, PTE_D | PTE_A, __ATOMIC_RELAXED);
            else if (w.leaf32)
                __atomic_fetch_or(w.leaf32, (uint32_t)(PTE_D | PTE_A), __ATOMIC_RELAXED);
        }
        *pa = w.pa;
        *prot = p;
        if (w.global)
            *prot |= 0x100;
        if (w.page_size > 4096)
            *prot |= 0x200;
        if (w.dirty || dirty)
            *prot |= 0x400;
        return true;
    }
    uint32_t err = (w.ok ? PF_P : 0) | w.err | (w.err ? PF_P : 0);
    if (type == MMU_DATA_STORE)
        err |= PF_W;
    if (user)
        err |= PF_U;
    if (type == MMU_INST_FETCH && ((s->efer & X86_EFER_NXE) || (s->cr4 & X86_CR4_SMEP)))
        err |= PF_I;
    env->fault_addr = va;
    f->vec = X86_EXCP_PF;
    f->err = err;
    return false;
}

bool x86_tlb_fill(CPUState *cs, uint64_t vaddr, MMUAccessType type, int mmu_idx, bool probe)
{
    X86CPU *env = x86_cpu(cs);
    uint64_t pa;
    int prot;
    X86Fault f;
    int kind = mmu_idx % X86_MMU_COUNT;
    bool user = kind == X86_MMU_USER;
    uint64_t saved_cr2 = env->fault_addr;
    if (!x86_mmu_translate(env, vaddr, type, user, kind == X86_MMU_KSMAP, true, &pa, &prot,
                           &f)) {
        log_mask(LOG_MMU, "x86: fault %d err %#x at %#llx (%s)\n", f.vec, f.err,
                 (unsigned long long)vaddr, type == MMU_DATA_STORE ? "store" :
                 type == MMU_INST_FETCH ? "fetch" : "load");
        if (probe) {
            env->fault_addr = saved_cr2;
            return false;
        }
        env->error_code = f.err;
        cpu_loop_exit_restore(cs, f.vec);
    }
    X86SysState *s = &env->sys;
    unsigned slot = (unsigned)(vaddr >> TARGET_PAGE_BITS) & (TLB_SIZE - 1);
    s->tlb_ng[mmu_idx][slot] = !(prot & 0x100);
    if (prot & 0x200)
        s->tlb_large = true;
    int p = prot & 7;
    /* The dirty bit is set only by a write: cache write permission after one. */
    if ((s->cr0 & X86_CR0_PG) && !(prot & 0x400))
        p &= ~PROT_W;
    tlb_set_page(cs, vaddr & TARGET_PAGE_MASK, pa & TARGET_PAGE_MASK, p, mmu_idx);
    return true;
}

/* What the current CPL's data loads see, any permission, no A/D updates. */
bool x86_debug_translate(CPUState *cs, uint64_t vaddr, uint64_t *paddr)
{
    X86CPU *env = x86_cpu(cs);
    const X86SysState *s = &env->sys;
    if (!(s->cr0 & X86_CR0_PG)) {
        *paddr = x86_lma(env) ? vaddr : vaddr & 0xffffffffull;
        return true;
    }
    if (!x86_canonical(env, vaddr))
        return false;
    Walk w = { .user = true, .write = true };
    if (s->cr4 & X86_CR4_PAE)
        walk_pae(env, vaddr, &w, false, false);
    else
        walk_32(env, vaddr, &w, false, false);
    *paddr = w.pa;
    return w.ok;
}

/* ---- invalidation ---- */
/*
 * PCID tagging: the TLB's X86_PCID_SLOTS slots (each X86_MMU_COUNT MMU indexes) hold the
 * translations of as many PCIDs; a CR3 write to a PCID the TLB holds switches slot (and
 * keeps its entries with the no-flush bit), another PCID takes the other slot, whose entries
 * go. Without CR4.PCIDE everything is PCID 0 in slot 0.
 */

static void mmu_reset_slots(X86SysState *s)
{
    for (int i = 0; i < X86_PCID_SLOTS; i++)
        s->pcid_slot[i] = -1;
    s->pcid_slot[0] = 0;
    s->cur_slot = 0;
    s->next_slot = 1;
}

static void mmu_flush_all(X86CPU *env)
{
    tlb_flush(&env->cs);
    memset(env->sys.tlb_ng, 0, sizeof env->sys.tlb_ng);
    env->sys.tlb_large = false;
}

/* Drop the entries of slot's MMU indexes (all, or the non-global ones). */
static void mmu_flush_slot(X86CPU *env, int slot, bool global_too)
{
    X86SysState *s = &env->sys;
    static uint8_t all[X86_MMU_INDEXES][TLB_SIZE];
    static uint8_t marks[X86_MMU_INDEXES][TLB_SIZE];
    if (!all[0][0])
        memset(all, 1, sizeof all);
    memset(marks, 0, sizeof marks);
    int lo = slot * X86_MMU_COUNT;
    memcpy(marks[lo], global_too ? all[lo] : s->tlb_ng[lo], sizeof marks[0] * X86_MMU_COUNT);
    tlb_flush_marked(&env->cs, marks, X86_MMU_INDEXES);
    memset(s->tlb_ng[lo], 0, sizeof s->tlb_ng[0] * X86_MMU_COUNT);
}

static void mmu_flush_nonglobal(X86CPU *env)
{
    if (!(env->sys.cr4 & X86_CR4_PGE)) {
        mmu_flush_all(env);
        return;
    }
    tlb_flush_marked(&env->cs, env->sys.tlb_ng, X86_MMU_INDEXES);
}

void x86_mmu_cr0_changed(X86CPU *env, uint64_t old_cr0)
{
    if ((env->sys.cr0 ^ old_cr0) & (X86_CR0_PG | X86_CR0_WP | X86_CR0_PE))
        mmu_flush_all(env);
}

void x86_mmu_cr3_changed(X86CPU *env, uint64_t old_cr3, bool noflush)
{
    X86SysState *s = &env->sys;
    (void)old_cr3;
    if (!(s->cr4 & X86_CR4_PCIDE)) {
        if (s->cr4 & X86_CR4_PGE)
            mmu_flush_slot(env, 0, false);
        else
            mmu_flush_all(env);
        return;
    }
    int pcid = (int)(s->cr3 & 0xfff), slot = -1;
    for (int i = 0; i < X86_PCID_SLOTS; i++)
        if (s->pcid_slot[i] == pcid)
            slot = i;
    if (slot < 0) {
        slot = s->next_slot == s->cur_slot ? (s->next_slot + 1) % X86_PCID_SLOTS : s->next_slot;
        s->next_slot = (slot + 1) % X86_PCID_SLOTS;
        mmu_flush_slot(env, slot, true);
        s->pcid_slot[slot] = pcid;
    } else if (!noflush) {
        mmu_flush_slot(env, slot, !(s->cr4 & X86_CR4_PGE));
    }
    if (slot != s->cur_slot)
        memset(env->cs.tb_jmp_cache, 0, sizeof env->cs.tb_jmp_cache);
    s->cur_slot = slot;
}

void x86_mmu_cr4_changed(X86CPU *env, uint64_t old_cr4)
{
    if ((env->sys.cr4 ^ old_cr4) & (X86_CR4_PGE | X86_CR4_PAE | X86_CR4_PSE | X86_CR4_LA57 |
                                    X86_CR4_SMEP | X86_CR4_SMAP | X86_CR4_PCIDE)) {
        mmu_flush_all(env);
        mmu_reset_slots(&env->sys);
        if (env->sys.cr4 & X86_CR4_PCIDE)
            env->sys.pcid_slot[0] = (int)(env->sys.cr3 & 0xfff);
    }
}

void x86_mmu_efer_changed(X86CPU *env, uint64_t old_efer)
{
    if ((env->sys.efer ^ old_efer) & (X86_EFER_NXE | X86_EFER_LMA))
        mmu_flush_all(env);
}

void x86_mmu_reset(X86CPU *env)
{
    mmu_flush_all(env);
    mmu_reset_slots(&env->sys);
}

void x86_invlpg(X86CPU *env, uint64_t vaddr)
{
    if (env->sys.tlb_large)
        mmu_flush_all(env);
    else
        tlb_flush_page(&env->cs, vaddr);        /* every slot: global entries live in each */
}

void x86_invpcid(X86CPU *env, int type, uint16_t pcid, uint64_t vaddr)
{
    X86SysState *s = &env->sys;
    int slot = -1;
    for (int i = 0; i < X86_PCID_SLOTS; i++)
        if (s->pcid_slot[i] == pcid)
            slot = i;
    if (type == 0)
        x86_invlpg(env, vaddr);
    else if (type == 2)
        mmu_flush_all(env);
    else if (type == 3)
        mmu_flush_nonglobal(env);
    else if (slot >= 0)
        mmu_flush_slot(env, slot, false);
}
