/* riscv64 address translation: Sv39/Sv48/Sv57 page walks, A/D updates, tlb_fill, sfence. */
#include "translate.h"
#include "trix/memory.h"
#include "trix/softmmu.h"

#define PTE_V (1ull << 0)
#define PTE_R (1ull << 1)
#define PTE_W (1ull << 2)
#define PTE_X (1ull << 3)
#define PTE_U (1ull << 4)
#define PTE_A (1ull << 6)
#define PTE_D (1ull << 7)
#define PTE_PPN_SHIFT 10
#define PTE_PPN_MASK ((1ull << 44) - 1)
/* Bits 63..54: N (Svnapot), PBMT (Svpbmt) and reserved; none of those is implemented. */
#define PTE_RESERVED (~0ull << 54)

/* What an MMU index means for permission checks. */
typedef struct RVAccessMode {
    int priv;
    bool sum, mxr;
    bool debug;                 /* a debugger's look: leave A/D alone */
} RVAccessMode;

static RVAccessMode rv_mmu_mode(int mmu_idx)
{
    RVAccessMode m = { .mxr = (mmu_idx & RV_MMU_MXR) != 0 };
    switch (mmu_idx & 3) {
    case RV_MMU_U:     m.priv = RV_PRIV_U; break;
    case RV_MMU_S:     m.priv = RV_PRIV_S; break;
    case RV_MMU_S_SUM: m.priv = RV_PRIV_S; m.sum = true; break;
    default:           m.priv = RV_PRIV_M; break;
    }
    return m;
}

int rv_mmu_index(RVCPU *env, bool ifetch)
{
    int priv = env->priv;
    if (!ifetch && priv == RV_PRIV_M && (env->mstatus & MSTATUS_MPRV))
        priv = (int)((env->mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
    if (priv == RV_PRIV_M)
        return RV_MMU_M;
    int idx = priv == RV_PRIV_U ? RV_MMU_U
            : (!ifetch && (env->mstatus & MSTATUS_SUM)) ? RV_MMU_S_SUM : RV_MMU_S;
    if (!ifetch && (env->mstatus & MSTATUS_MXR))
        idx |= RV_MMU_MXR;
    return idx;
}

static int rv_prot_needed(MMUAccessType type)
{
    return type == MMU_DATA_LOAD ? PROT_R : type == MMU_DATA_STORE ? PROT_W : PROT_X;
}

/* Page-table memory is little-endian; hosts are too, but say so once. */
static bool rv_pte_read(RVCPU *env, uint64_t addr, uint64_t *pte)
{
    uint8_t b[8];
    if (!rv_pmp_check(env, addr, 8, MMU_DATA_LOAD, RV_PRIV_S) || !phys_read(addr, b, 8))
        return false;
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | b[i];
    *pte = v;
    return true;
}

static bool rv_pte_write(RVCPU *env, uint64_t addr, uint64_t pte)
{
    uint8_t b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (uint8_t)(pte >> (8 * i));
    return rv_pmp_check(env, addr, 8, MMU_DATA_STORE, RV_PRIV_S) && phys_write(addr, b, 8);
}

/* Leaf permissions for this access mode, before A/D. */
static int rv_leaf_prot(uint64_t pte, RVAccessMode m)
{
    if (m.priv == RV_PRIV_U && !(pte & PTE_U))
        return 0;
    int p = 0;
    if (pte & PTE_R)
        p |= PROT_R;
    if (pte & PTE_W)
        p |= PROT_W;
    if (pte & PTE_X)
        p |= PROT_X | (m.mxr ? PROT_R : 0);
    if (m.priv == RV_PRIV_S && (pte & PTE_U))
        p = m.sum ? p & ~PROT_X : 0;        /* S never executes user pages */
    return p;
}

/* Check a leaf at `level`, update A/D, produce the physical address and TLB permissions. */
static RVXlateResult rv_leaf(RVCPU *env, uint64_t va, uint64_t pte, uint64_t pte_addr,
                             int level, MMUAccessType type, RVAccessMode m,
                             uint64_t *pa, int *prot)
{
    uint64_t ppn = (pte >> PTE_PPN_SHIFT) & PTE_PPN_MASK;
    int shift = TARGET_PAGE_BITS + 9 * level;
    if (ppn & ((1ull << (9 * level)) - 1))
        return RV_XLATE_PAGE_FAULT;                 /* misaligned superpage */
    int p = rv_leaf_prot(pte, m);
    if (!(p & rv_prot_needed(type)))
        return RV_XLATE_PAGE_FAULT;
    uint64_t npte = pte | PTE_A | (type == MMU_DATA_STORE ? PTE_D : 0);
    if (m.debug)
        npte = pte | PTE_D;                         /* as if set; nothing written */
    else if (npte != pte && !rv_pte_write(env, pte_addr, npte))
        return RV_XLATE_ACCESS_FAULT;
    if (!(npte & PTE_D))
        p &= ~PROT_W;                               /* the first store must set D */
    *pa = (ppn << TARGET_PAGE_BITS) | (va & ((1ull << shift) - 1));
    *prot = p;
    return RV_XLATE_OK;
}

/* Walk satp's page table for va. *level gets the leaf's level (0 = 4 KiB page). */
static RVXlateResult rv_walk(RVCPU *env, uint64_t va, MMUAccessType type, RVAccessMode m,
                             uint64_t *pa, int *prot, int *level)
{
    int levels = (int)(env->satp >> SATP_MODE_SHIFT) - RV_SATP_SV39 + 3;
    int va_bits = TARGET_PAGE_BITS + 9 * levels;
    if ((uint64_t)((int64_t)(va << (64 - va_bits)) >> (64 - va_bits)) != va)
        return RV_XLATE_PAGE_FAULT;                 /* not canonical */
    uint64_t table = (env->satp & SATP_PPN_MASK) << TARGET_PAGE_BITS;
    for (int lv = levels - 1; lv >= 0; lv--) {
        uint64_t pte_addr = table + ((va >> (TARGET_PAGE_BITS + 9 * lv)) & 511) * 8, pte;
        if (!rv_pte_read(env, pte_addr, &pte))
            return RV_XLATE_ACCESS_FAULT;
        if (!(pte & PTE_V) || (pte & (PTE_R | PTE_W)) == PTE_W || (pte & PTE_RESERVED))
            return RV_XLATE_PAGE_FAULT;
        if (pte & (PTE_R | PTE_X)) {
            *level = lv;
            return rv_leaf(env, va, pte, pte_addr, lv, type, m, pa, prot);
        }
        table = ((pte >> PTE_PPN_SHIFT) & PTE_PPN_MASK) << TARGET_PAGE_BITS;
    }
    return RV_XLATE_PAGE_FAULT;                     /* pointer at level 0 */
}

RVXlateResult rv_translate_addr(RVCPU *env, uint64_t vaddr, MMUAccessType type, int mmu_idx,
                                uint64_t *paddr, int *prot, int *page_shift)
{
    RVAccessMode m = rv_mmu_mode(mmu_idx);
    int level = 0;
    uint64_t pa = vaddr;
    int p = PROT_R | PROT_W | PROT_X;
    if (m.priv != RV_PRIV_M && (env->satp >> SATP_MODE_SHIFT) != RV_SATP_BARE) {
        RVXlateResult r = rv_walk(env, vaddr, type, m, &pa, &p, &level);
        if (r != RV_XLATE_OK)
            return r;
    }
    if (!rv_pmp_check(env, pa, 1, type, m.priv))
        return RV_XLATE_ACCESS_FAULT;
    *paddr = pa;
    *prot = (p & rv_pmp_page_prot(env, pa, m.priv)) | rv_prot_needed(type);
    *page_shift = TARGET_PAGE_BITS + 9 * level;
    return RV_XLATE_OK;
}

/* TargetOps.debug_translate: a load by the current data mode, without side effects. */
bool rv_debug_translate(CPUState *cs, uint64_t vaddr, uint64_t *paddr)
{
    RVCPU *env = rv_cpu(cs);
    RVAccessMode m = rv_mmu_mode(rv_mmu_index(env, false));
    m.debug = true;
    m.mxr = true;               /* execute-only pages are readable to a debugger */
    m.sum = true;               /* so are user pages from S-mode */
    int prot, level;
    *paddr = vaddr;
    if (m.priv == RV_PRIV_M || (env->satp >> SATP_MODE_SHIFT) == RV_SATP_BARE)
        return true;
    return rv_walk(env, vaddr, MMU_DATA_LOAD, m, paddr, &prot, &level) == RV_XLATE_OK;
}

bool rv_tlb_fill(CPUState *cs, uint64_t vaddr, MMUAccessType type, int mmu_idx, bool probe)
{
    RVCPU *env = rv_cpu(cs);
    uint64_t pa;
    int prot, shift;
    RVXlateResult r = rv_translate_addr(env, vaddr, type, mmu_idx, &pa, &prot, &shift);
    if (r == RV_XLATE_OK) {
        if (shift > TARGET_PAGE_BITS)
            env->tlb_superpage = true;
        tlb_set_page(cs, vaddr & TARGET_PAGE_MASK, pa & TARGET_PAGE_MASK, prot, mmu_idx);
        return true;
    }
    log_mask(LOG_MMU, "riscv: %s fault at %016llx (type %d, mmu_idx %d)\n",
             r == RV_XLATE_PAGE_FAULT ? "page" : "access", (unsigned long long)vaddr, type,
             mmu_idx);
    if (probe)
        return false;
    cpu_mem_fault(cs, vaddr, type, r == RV_XLATE_PAGE_FAULT ? FAULT_PAGE : FAULT_ACCESS);
}

void rv_tlb_flush_all(RVCPU *env)
{
    if (!env->sys)
        return;
    tlb_flush(&env->cs);
    env->tlb_superpage = false;
}

/* sfence.vma: a superpage is cached as many 4 KiB entries, so once one was installed an
 * address-specific fence flushes everything. */
static void rv_sfence(RVCPU *env, bool has_addr, uint64_t vaddr)
{
    if (has_addr && !env->tlb_superpage)
        tlb_flush_page(&env->cs, vaddr);
    else
        rv_tlb_flush_all(env);
}

void helper_sfence_vma(CPUState *cs, uint32_t has_addr, uint64_t vaddr, uint32_t insn)
{
    RVCPU *env = rv_cpu(cs);
    if (!env->sys || env->priv == RV_PRIV_U ||
        (env->priv == RV_PRIV_S && (env->mstatus & MSTATUS_TVM))) {
        env->badaddr = insn;
        cpu_loop_exit_restore(cs, RV_EXCP_ILLEGAL_INST);
    }
    rv_sfence(env, has_addr != 0, vaddr);
}
IR_HELPER(sfence_vma, IR_HTYPE_VOID, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I32, IR_I64, IR_I32);
