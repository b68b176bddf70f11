/* x86 segmentation: descriptor fields, segment cache loads (checked and unchecked), hflags. */
#include "trix/softmmu.h"
#include "target/x86_64/sys_internal.h"

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
    /* CPL: SS.DPL in protected mode (equal to CS.RPL except while a transfer loads them),
     * 3 in virtual-8086 mode, 0 in real mode. */
    if (pe)
        hf |= X86_HF_PE | ((env->eflags & X86_VM) ? 3 : x86_desc_dpl(s->seg[X86_SEG_SS].flags));
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
    if (s->cr4 & (1u << 16))
        hf |= X86_HF_FSGSBASE;
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
    *desc = x86_ld(env, base + off, 8, false);
    return true;
}

uint64_t x86_get_desc(X86CPU *env, uint16_t sel, uint64_t *hi)
{
    uint64_t d;
    if (!x86_read_desc(env, sel, &d))
        x86_raise(env, X86_EXCP_GP, sel & ~3u);
    if (hi) {
        uint64_t base = (sel & 4) ? env->sys.seg[X86_SEG_LDTR].base : env->sys.gdt_base;
        uint32_t limit = (sel & 4) ? env->sys.seg[X86_SEG_LDTR].limit : env->sys.gdt_limit;
        if ((uint64_t)(sel & ~7u) + 15 > limit)
            x86_raise(env, X86_EXCP_GP, sel & ~3u);
        *hi = x86_ld(env, base + (sel & ~7u) + 8, 8, false);
    }
    return d;
}

void x86_desc_set_accessed(X86CPU *env, uint16_t sel, uint64_t desc)
{
    if (desc & (1ull << 40))
        return;
    uint64_t base = (sel & 4) ? env->sys.seg[X86_SEG_LDTR].base : env->sys.gdt_base;
    x86_st(env, base + (sel & ~7u) + 5, (desc >> 40) | 1, 1, false);
}

void x86_set_cs_desc(X86CPU *env, uint16_t sel, uint64_t desc, int cpl)
{
    x86_seg_set(env, X86_SEG_CS, (uint16_t)((sel & ~3u) | (unsigned)cpl), x86_desc_base(desc),
                x86_desc_limit(desc), x86_desc_flags(desc) | X86_DESC_A);
}

/* Real mode (and virtual-8086) loads: base = sel << 4; CS becomes a 16-bit code segment,
 * the others keep their cached limit and attributes ("unreal" mode stays possible). */
void x86_set_seg_real(X86CPU *env, int seg, uint16_t sel)
{
    X86Seg *sg = &env->sys.seg[seg];
    uint32_t flags = seg == X86_SEG_CS ? 0x9b : (sg->flags ? sg->flags : 0x93);
    uint32_t limit = seg == X86_SEG_CS || !sg->limit ? 0xffff : sg->limit;
    if (env->eflags & X86_VM)
        flags = (seg == X86_SEG_CS ? 0xfb : 0xf3), limit = 0xffff;
    x86_seg_set(env, seg, sel, (uint64_t)sel << 4, limit, flags);
}

/* MOV/POP Sreg and LDS..LGS outside real mode: the SDM's checks for data and stack
 * segments, then the cache load and the descriptor's accessed bit. */
void x86_load_seg(X86CPU *env, int seg, uint16_t sel)
{
    if (!x86_pe(env) || (env->eflags & X86_VM)) {
        x86_set_seg_real(env, seg, sel);
        return;
    }
    int cpl = x86_cpl(env), rpl = sel & 3;
    if (!(sel & ~3u)) {
        if (seg == X86_SEG_SS && !(x86_code64(env) && cpl != 3 && rpl == cpl))
            x86_raise(env, X86_EXCP_GP, 0);
        /* a null selector: unusable (SS in 64-bit mode keeps working at CPL rpl) */
        uint32_t fl = seg == X86_SEG_SS ? X86_DESC_S | X86_DESC_RW | X86_DESC_P |
                      (uint32_t)cpl << X86_DESC_DPL_SHIFT | (env->sys.seg[seg].flags & X86_DESC_DB) : 0;
        x86_seg_set(env, seg, sel, 0, 0, fl);
        return;
    }
    uint64_t d = x86_get_desc(env, sel, NULL);
    uint32_t fl = x86_desc_flags(d);
    int dpl = x86_desc_dpl(fl);
    bool code = fl & X86_DESC_CODE;
    if (!(fl & X86_DESC_S))
        x86_raise(env, X86_EXCP_GP, sel & ~3u);
    if (seg == X86_SEG_SS) {
        if (code || !(fl & X86_DESC_RW) || rpl != cpl || dpl != cpl)
            x86_raise(env, X86_EXCP_GP, sel & ~3u);
        if (!(fl & X86_DESC_P))
            x86_raise(env, X86_EXCP_SS, sel & ~3u);
    } else {
        if (code && !(fl & X86_DESC_RW))
            x86_raise(env, X86_EXCP_GP, sel & ~3u);
        if ((!code || !(fl & X86_DESC_CE)) && (dpl < cpl || dpl < rpl))
            x86_raise(env, X86_EXCP_GP, sel & ~3u);
        if (!(fl & X86_DESC_P))
            x86_raise(env, X86_EXCP_NP, sel & ~3u);
    }
    x86_desc_set_accessed(env, sel, d);
    x86_seg_set(env, seg, sel, x86_desc_base(d), x86_desc_limit(d), fl | X86_DESC_A);
}
