/* x86 segmentation basics: descriptor fields, unchecked segment cache loads, and hflags. */
#include "trix/softmmu.h"
#include "target/x86_64/cpu.h"
#include "target/x86_64/x86_mmu.h"

#define DESC_FLAG_L  (1u << 13)         /* in X86Seg.flags (descriptor bit 53) */
#define DESC_FLAG_DB (1u << 14)         /* bit 54 */

uint64_t x86_desc_base(uint64_t d)
{
    return ((d >> 16) & 0xffffff) | (((d >> 56) & 0xff) << 24);
}

uint32_t x86_desc_limit(uint64_t d)
{
    uint32_t lim = (uint32_t)(d & 0xffff) | (uint32_t)(((d >> 48) & 0xf) << 16);
    return (d & (1ull << 55)) ? (lim << 12) | 0xfff : lim;
}

uint32_t x86_desc_flags(uint64_t d)
{
    return (uint32_t)(d >> 40) & 0xf0ff;
}

void x86_update_hflags(X86CPU *env)
{
    X86SysState *s = &env->sys;
    uint32_t keep = s->hflags & X86_HF_INHIBIT_IRQ;
    uint32_t hf = 0;
    bool pe = s->cr0 & 1, lma = s->efer & (1u << 10);
    if (pe)
        hf |= X86_HF_PE | (s->seg[X86_SEG_CS].sel & 3);     /* CPL = CS.RPL in PE mode */
    if (lma)
        hf |= X86_HF_LMA;
    if (lma && (s->seg[X86_SEG_CS].flags & DESC_FLAG_L))
        hf |= X86_HF_CS64;
    else if (s->seg[X86_SEG_CS].flags & DESC_FLAG_DB)
        hf |= X86_HF_CS32;
    if (s->seg[X86_SEG_SS].flags & DESC_FLAG_DB)
        hf |= X86_HF_SS32;
    if (!(hf & X86_HF_CS64) && (s->seg[X86_SEG_DS].base | s->seg[X86_SEG_ES].base |
                                 s->seg[X86_SEG_SS].base))
        hf |= X86_HF_ADDSEG;
    if (s->cr0 & (1ull << 31))
        hf |= X86_HF_PG;
    if (s->cr0 & ((1u << 3) | (1u << 2)))              /* TS, EM */
        hf |= X86_HF_TS_EM;
    if (s->cr4 & (1u << 9))
        hf |= X86_HF_OSFXSR;
    if (s->cr4 & (1u << 21))
        hf |= X86_HF_SMAP;
    if (s->cr4 & (1u << 18))
        hf |= X86_HF_OSXSAVE;
    s->hflags = hf | keep;
}

void x86_seg_set(X86CPU *env, int seg, uint16_t sel, uint64_t base, uint32_t limit,
                 uint32_t flags)
{
    X86Seg *sg = &env->sys.seg[seg];
    sg->sel = sel;
    sg->base = base;
    sg->limit = limit;
    sg->flags = flags;
    if (seg == X86_SEG_FS)
        env->fs_base = base;
    else if (seg == X86_SEG_GS)
        env->gs_base = base;
    if (seg == X86_SEG_CS || seg == X86_SEG_SS || seg <= X86_SEG_DS)
        x86_update_hflags(env);
}

bool x86_read_desc(X86CPU *env, uint16_t sel, uint64_t *desc)
{
    const X86SysState *s = &env->sys;
    uint64_t base = s->gdt_base;
    uint32_t limit = s->gdt_limit;
    if (sel & 4) {
        base = s->seg[X86_SEG_LDTR].base;
        limit = s->seg[X86_SEG_LDTR].limit;
    }
    uint32_t off = sel & ~7u;
    if ((uint64_t)off + 7 > limit)
        return false;
    *desc = softmmu_ld_slow(&env->cs, base + off, MO_64, X86_MMU_KNOSMAP);
    return true;
}
