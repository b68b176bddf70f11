/* x86-64 address translation for the softmmu: paging disabled (linear = physical) for now. */
#include "trix/softmmu.h"
#include "target/x86_64/x86_mmu.h"

int x86_cpu_mmu_index(CPUState *cs, bool ifetch)
{
    const X86SysState *s = &x86_cpu(cs)->sys;
    (void)ifetch;
    if ((s->hflags & X86_HF_CPL_MASK) == 3)
        return X86_MMU_USER;
    bool ac = (x86_cpu(cs)->eflags & X86_AC) != 0;
    return (s->hflags & X86_HF_SMAP) && !ac ? X86_MMU_KSMAP : X86_MMU_KNOSMAP;
}

/* Paging off: linear addresses are physical (32 bits outside long mode). */
static uint64_t x86_nopg_paddr(const X86CPU *env, uint64_t vaddr)
{
    return (env->sys.hflags & X86_HF_LMA) ? vaddr : (vaddr & 0xffffffffull);
}

bool x86_tlb_fill(CPUState *cs, uint64_t vaddr, MMUAccessType type, int mmu_idx, bool probe)
{
    X86CPU *env = x86_cpu(cs);
    (void)type;
    (void)probe;
    uint64_t page = vaddr & TARGET_PAGE_MASK;
    tlb_set_page(cs, page, x86_nopg_paddr(env, page), PROT_R | PROT_W | PROT_X, mmu_idx);
    return true;
}

bool x86_debug_translate(CPUState *cs, uint64_t vaddr, uint64_t *paddr)
{
    *paddr = x86_nopg_paddr(x86_cpu(cs), vaddr);
    return true;
}

void x86_mmu_cr0_changed(X86CPU *env, uint64_t old_cr0)
{
    if ((env->sys.cr0 ^ old_cr0) & ((1ull << 31) | (1ull << 16)))     /* PG, WP */
        tlb_flush(&env->cs);
}

void x86_mmu_cr3_changed(X86CPU *env, uint64_t old_cr3, bool noflush)
{
    (void)old_cr3;
    if (!noflush)
        tlb_flush(&env->cs);
}

void x86_mmu_cr4_changed(X86CPU *env, uint64_t old_cr4)
{
    if (env->sys.cr4 != old_cr4)
        tlb_flush(&env->cs);
}

void x86_mmu_efer_changed(X86CPU *env, uint64_t old_efer)
{
    if (env->sys.efer != old_efer)
        tlb_flush(&env->cs);
}

void x86_invlpg(X86CPU *env, uint64_t vaddr)
{
    tlb_flush_page(&env->cs, vaddr);
}

void x86_invpcid(X86CPU *env, int type, uint16_t pcid, uint64_t vaddr)
{
    (void)pcid;
    if (type == 0)
        tlb_flush_page(&env->cs, vaddr);
    else
        tlb_flush(&env->cs);
}
