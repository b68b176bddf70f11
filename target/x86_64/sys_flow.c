/* x86-64 system mode control transfers: far JMP/CALL/RET, IRET, SYSCALL/SYSRET,
 * SYSENTER/SYSEXIT and SWAPGS (helpers called from trans_sys.c.inc). */
#include "trix/common.h"
#include "target/x86_64/translate.h"
#include "target/x86_64/sys_internal.h"

/* ---- the stack as helpers see it (SS:rSP at SS.B's width; 64 bits in 64-bit mode) ---- */

typedef struct SP { uint64_t base, sp, mask; bool user; } SP;

static SP sp_current(X86CPU *env)
{
    const X86SysState *s = &env->sys;
    SP r = { s->seg[X86_SEG_SS].base, env->regs[X86_RSP], ~0ull, x86_cpl(env) == 3 };
    if (x86_code64(env))
        r.base = 0;
    else
        r.mask = (s->hflags & X86_HF_SS32) ? 0xffffffffull : 0xffff;
    return r;
}

static void sp_push(X86CPU *env, SP *p, uint64_t v, unsigned sz)
{
    uint64_t sp = (p->sp - sz) & p->mask;
    x86_st(env, p->base + sp, v, sz, p->user);
    p->sp = (p->sp & ~p->mask) | sp;
}

static uint64_t sp_pop(X86CPU *env, SP *p, unsigned sz)
{
    uint64_t sp = p->sp & p->mask;
    uint64_t v = x86_ld(env, p->base + sp, sz, p->user);
    p->sp = (p->sp & ~p->mask) | ((sp + sz) & p->mask);
    return v;
}

static void sp_commit(X86CPU *env, const SP *p)
{
    env->regs[X86_RSP] = (env->regs[X86_RSP] & ~p->mask) | (p->sp & p->mask);
}

/* ---- far JMP / CALL ---- */

/* The code segment a far JMP/CALL/RET may load: checks of SDM JMP/CALL (no gates). */
static uint64_t far_code_desc(X86CPU *env, uint16_t sel, int cpl, bool is_ret)
{
    if (!(sel & ~3u))
        x86_raise(env, X86_EXCP_GP, 0);
    uint64_t d = x86_get_desc(env, sel, NULL);
    uint32_t fl = x86_desc_flags(d);
    int dpl = x86_desc_dpl(fl), rpl = sel & 3;
    if ((fl & (X86_DESC_S | X86_DESC_CODE)) != (X86_DESC_S | X86_DESC_CODE)) {
        log_mask(LOG_UNIMP, "x86: far transfer through system descriptor %#x (type %#x)\n",
                 sel, fl & 0x1f);
        x86_raise(env, X86_EXCP_GP, sel & ~3u);
    }
    bool conforming = fl & X86_DESC_CE;
    bool bad = is_ret ? (rpl < cpl || (conforming ? dpl > rpl : dpl != rpl))
                      : (conforming ? dpl > cpl : (rpl > cpl || dpl != cpl));
    if (bad || (x86_lma(env) && (fl & X86_DESC_L) && (fl & X86_DESC_DB)))
        x86_raise(env, X86_EXCP_GP, sel & ~3u);
    if (!(fl & X86_DESC_P))
        x86_raise(env, X86_EXCP_NP, sel & ~3u);
    return d;
}

void helper_x86_ljmp(CPUState *cs, uint64_t sel, uint64_t off)
{
    X86CPU *env = x86_cpu(cs);
    if (!x86_pe(env) || (env->eflags & X86_VM)) {
        x86_set_seg_real(env, X86_SEG_CS, (uint16_t)sel);
        env->rip = off;
        return;
    }
    int cpl = x86_cpl(env);
    uint64_t d = far_code_desc(env, (uint16_t)sel, cpl, false);
    x86_desc_set_accessed(env, (uint16_t)sel, d);
    x86_set_cs_desc(env, (uint16_t)sel, d, cpl);
    env->rip = off;
}
IR_HELPER(x86_ljmp, IR_HTYPE_VOID, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I64, IR_I64);

/* Far CALL: push CS and the return address at the operand size (osz), then the jump. */
void helper_x86_lcall(CPUState *cs, uint64_t sel, uint64_t off, uint32_t osz, uint64_t next)
{
    X86CPU *env = x86_cpu(cs);
    SP p = sp_current(env);
    uint16_t old_cs = env->sys.seg[X86_SEG_CS].sel;
    if (!x86_pe(env) || (env->eflags & X86_VM)) {
        sp_push(env, &p, old_cs, osz);
        sp_push(env, &p, next, osz);
        sp_commit(env, &p);
        x86_set_seg_real(env, X86_SEG_CS, (uint16_t)sel);
        env->rip = off;
        return;
    }
    int cpl = x86_cpl(env);
    uint64_t d = far_code_desc(env, (uint16_t)sel, cpl, false);
    sp_push(env, &p, old_cs, osz);
    sp_push(env, &p, next, osz);
    x86_desc_set_accessed(env, (uint16_t)sel, d);
    sp_commit(env, &p);
    x86_set_cs_desc(env, (uint16_t)sel, d, cpl);
    env->rip = off;
}
IR_HELPER(x86_lcall, IR_HTYPE_VOID, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I64, IR_I64, IR_I32,
          IR_I64);

/* Returning to an outer level: data segments the new CPL may not use become null. */
static void null_inner_segments(X86CPU *env, int cpl)
{
    static const int segs[4] = { X86_SEG_ES, X86_SEG_DS, X86_SEG_FS, X86_SEG_GS };
    for (int i = 0; i < 4; i++) {
        X86Seg *sg = &env->sys.seg[segs[i]];
        bool conf_code = (sg->flags & X86_DESC_CODE) && (sg->flags & X86_DESC_CE);
        if (!conf_code && x86_desc_dpl(sg->flags) < cpl && (sg->flags & X86_DESC_S)) {
            uint64_t keep = segs[i] == X86_SEG_FS ? env->fs_base :
                            segs[i] == X86_SEG_GS ? env->gs_base : 0;
            x86_seg_set(env, segs[i], 0, x86_lma(env) ? keep : 0, 0, 0);
        }
    }
}

/* The SS:rSP of an outer-level return (RET far, IRET) after the checks; 64-bit mode allows
 * a null SS at CPL < 3. */
static void load_outer_ss(X86CPU *env, uint16_t ss, uint64_t sp, int rpl, bool mode64)
{
    if (!(ss & ~3u) && mode64 && rpl != 3) {
        x86_seg_set(env, X86_SEG_SS, ss, 0, 0, X86_DESC_P | X86_DESC_S | X86_DESC_RW |
                    (uint32_t)rpl << X86_DESC_DPL_SHIFT);
        env->regs[X86_RSP] = sp;
        return;
    }
    if (!(ss & ~3u))
        x86_raise(env, X86_EXCP_GP, 0);
    uint64_t d = x86_get_desc(env, ss, NULL);
    uint32_t fl = x86_desc_flags(d);
    if ((ss & 3) != rpl || (fl & (X86_DESC_S | X86_DESC_CODE | X86_DESC_RW)) !=
        (X86_DESC_S | X86_DESC_RW) || x86_desc_dpl(fl) != rpl)
        x86_raise(env, X86_EXCP_GP, ss & ~3u);
    if (!(fl & X86_DESC_P))
        x86_raise(env, X86_EXCP_SS, ss & ~3u);
    x86_desc_set_accessed(env, ss, d);
    x86_seg_set(env, X86_SEG_SS, ss, x86_desc_base(d), x86_desc_limit(d), fl | X86_DESC_A);
    if (mode64)
        env->regs[X86_RSP] = sp;
    else if (fl & X86_DESC_DB)
        env->regs[X86_RSP] = sp & 0xffffffffull;
    else
        env->regs[X86_RSP] = (env->regs[X86_RSP] & ~0xffffull) | (sp & 0xffff);
}

/* RET far (imm bytes released): same level, or outer with SS:rSP from the stack. */
void helper_x86_lret(CPUState *cs, uint32_t osz, uint32_t imm)
{
    X86CPU *env = x86_cpu(cs);
    SP p = sp_current(env);
    uint64_t eip = sp_pop(env, &p, osz);
    uint16_t sel = (uint16_t)sp_pop(env, &p, osz);
    p.sp += imm;
    if (!x86_pe(env) || (env->eflags & X86_VM)) {
        sp_commit(env, &p);
        x86_set_seg_real(env, X86_SEG_CS, sel);
        env->rip = eip;
        return;
    }
    int cpl = x86_cpl(env), rpl = sel & 3;
    uint64_t d = far_code_desc(env, sel, cpl, true);
    bool mode64 = x86_lma(env) && (x86_desc_flags(d) & X86_DESC_L);
    if (rpl == cpl) {
        sp_commit(env, &p);
        x86_set_cs_desc(env, sel, d, cpl);
        env->rip = eip;
        return;
    }
    uint64_t nsp = sp_pop(env, &p, osz);
    uint16_t ss = (uint16_t)sp_pop(env, &p, osz);
    x86_set_cs_desc(env, sel, d, rpl);
    load_outer_ss(env, ss, nsp + imm, rpl, mode64);
    env->rip = eip;
    null_inner_segments(env, rpl);
}
IR_HELPER(x86_lret, IR_HTYPE_VOID, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I32, IR_I32);

/* ---- IRET ---- */

/* The EFLAGS bits IRET/POPF may change at this CPL/IOPL (osz 2: only the low 16). */
static uint64_t eflags_writable(X86CPU *env, unsigned osz, int cpl)
{
    uint64_t m = X86_CC_MASK | X86_TF | X86_DF | X86_NT | X86_RF | X86_AC | X86_ID;
    int iopl = (int)(env->eflags >> 12) & 3;
    if (cpl == 0)
        m |= X86_IOPL_MASK | X86_IF;
    else if (cpl <= iopl)
        m |= X86_IF;
    if (osz == 2)
        m &= 0xffff;
    return m;
}

static void iret_set_eflags(X86CPU *env, uint64_t fl, unsigned osz, int cpl)
{
    uint64_t m = eflags_writable(env, osz, cpl);
    uint64_t cur = x86_get_eflags(env);
    x86_sys_set_eflags(env, (cur & ~m) | (fl & m));
}

void helper_x86_iret(CPUState *cs, uint32_t osz)
{
    X86CPU *env = x86_cpu(cs);
    X86SysState *s = &env->sys;
    SP p = sp_current(env);
    s->nmi_blocked = false;
    if (!x86_pe(env)) {
        uint64_t eip = sp_pop(env, &p, osz);
        uint16_t sel = (uint16_t)sp_pop(env, &p, osz);
        uint64_t fl = sp_pop(env, &p, osz);
        sp_commit(env, &p);
        x86_set_seg_real(env, X86_SEG_CS, sel);
        env->rip = eip;
        iret_set_eflags(env, fl, osz, 0);
        return;
    }
    if ((env->eflags & X86_VM) || (!x86_lma(env) && (env->eflags & X86_NT))) {
        log_mask(LOG_UNIMP, "x86: IRET from virtual-8086 mode or to a task: not implemented\n");
        x86_raise(env, X86_EXCP_GP, 0);
    }
    int cpl = x86_cpl(env);
    uint64_t eip = sp_pop(env, &p, osz);
    uint16_t sel = (uint16_t)sp_pop(env, &p, osz);
    uint64_t fl = sp_pop(env, &p, osz);
    if (!x86_lma(env) && (fl & X86_VM) && cpl == 0) {
        log_mask(LOG_UNIMP, "x86: IRET to virtual-8086 mode: not implemented\n");
        x86_raise(env, X86_EXCP_GP, 0);
    }
    uint64_t d = far_code_desc(env, sel, cpl, true);
    int rpl = sel & 3;
    bool mode64 = x86_lma(env) && (x86_desc_flags(d) & X86_DESC_L);
    bool from64 = x86_code64(env);
    if (rpl == cpl && !from64) {
        sp_commit(env, &p);
        x86_set_cs_desc(env, sel, d, cpl);
        env->rip = eip;
        iret_set_eflags(env, fl, osz, cpl);
        return;
    }
    /* 64-bit mode always pops SS:RSP; legacy modes when returning outward */
    uint64_t nsp = sp_pop(env, &p, osz);
    uint16_t ss = (uint16_t)sp_pop(env, &p, osz);
    if (mode64 && !x86_canonical(env, eip))
        x86_raise(env, X86_EXCP_GP, 0);
    iret_set_eflags(env, fl, osz, cpl);
    x86_set_cs_desc(env, sel, d, rpl);
    load_outer_ss(env, ss, nsp, rpl, from64);
    env->rip = mode64 ? eip : eip & 0xffffffffull;
    if (rpl > cpl)
        null_inner_segments(env, rpl);
}
IR_HELPER(x86_iret, IR_HTYPE_VOID, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I32);

/* ---- SYSCALL / SYSRET / SYSENTER / SYSEXIT / SWAPGS ---- */

#define FLAT_CODE64 (X86_DESC_A | X86_DESC_RW | X86_DESC_CODE | X86_DESC_S | X86_DESC_P | \
                     X86_DESC_L | X86_DESC_G)
#define FLAT_CODE32 (X86_DESC_A | X86_DESC_RW | X86_DESC_CODE | X86_DESC_S | X86_DESC_P | \
                     X86_DESC_DB | X86_DESC_G)
#define FLAT_DATA   (X86_DESC_A | X86_DESC_RW | X86_DESC_S | X86_DESC_P | X86_DESC_DB | \
                     X86_DESC_G)

static uint32_t dpl_bits(int dpl) { return (uint32_t)dpl << X86_DESC_DPL_SHIFT; }

void helper_x86_syscall(CPUState *cs, uint64_t next)
{
    X86CPU *env = x86_cpu(cs);
    X86SysState *s = &env->sys;
    if (!(s->efer & X86_EFER_SCE))
        x86_raise(env, X86_EXCP_UD, 0);
    uint16_t sel = (uint16_t)(s->star >> 32) & 0xfffc;
    uint64_t fl = x86_get_eflags(env);
    if (x86_lma(env)) {
        env->regs[X86_RCX] = next;
        env->regs[11] = fl & ~(uint64_t)X86_RF;
        x86_sys_set_eflags(env, fl & ~(s->fmask | X86_RF));
        x86_seg_set(env, X86_SEG_SS, (uint16_t)(sel + 8), 0, 0xffffffff, FLAT_DATA);
        x86_seg_set(env, X86_SEG_CS, sel, 0, 0xffffffff,
                    FLAT_CODE64);
        env->rip = x86_code64(env) ? s->lstar : s->cstar;
        /* 64-bit code (CS.L) from either mode; compatibility-mode callers enter at CSTAR */
        return;
    }
    env->regs[X86_RCX] = next & 0xffffffffull;
    x86_sys_set_eflags(env, fl & ~(uint64_t)(X86_IF | X86_VM | X86_RF));
    x86_seg_set(env, X86_SEG_SS, (uint16_t)(sel + 8), 0, 0xffffffff, FLAT_DATA);
    x86_seg_set(env, X86_SEG_CS, sel, 0, 0xffffffff, FLAT_CODE32);
    env->rip = s->star & 0xffffffffull;
}
IR_HELPER(x86_syscall, IR_HTYPE_VOID, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I64);

void helper_x86_sysret(CPUState *cs, uint32_t rexw)
{
    X86CPU *env = x86_cpu(cs);
    X86SysState *s = &env->sys;
    if (!(s->efer & X86_EFER_SCE))
        x86_raise(env, X86_EXCP_UD, 0);
    if (x86_cpl(env) != 0 || !x86_pe(env))
        x86_raise(env, X86_EXCP_GP, 0);
    uint16_t sel = (uint16_t)(s->star >> 48);
    if (x86_lma(env)) {
        if (rexw && !x86_canonical(env, env->regs[X86_RCX]))
            x86_raise(env, X86_EXCP_GP, 0);
        x86_sys_set_eflags(env, (env->regs[11] & 0x3c7fd7) | 2);
        if (rexw) {
            x86_seg_set(env, X86_SEG_CS, (uint16_t)((sel + 16) | 3), 0, 0xffffffff,
                        FLAT_CODE64 | dpl_bits(3));
            env->rip = env->regs[X86_RCX];
        } else {
            x86_seg_set(env, X86_SEG_CS, (uint16_t)(sel | 3), 0, 0xffffffff,
                        FLAT_CODE32 | dpl_bits(3));
            env->rip = env->regs[X86_RCX] & 0xffffffffull;
        }
    } else {
        env->eflags |= X86_IF;
        x86_seg_set(env, X86_SEG_CS, (uint16_t)(sel | 3), 0, 0xffffffff,
                    FLAT_CODE32 | dpl_bits(3));
        env->rip = env->regs[X86_RCX] & 0xffffffffull;
    }
    /* SS keeps its selector's RPL 3 and flat attributes (the SDM: SS.DPL = 3) */
    x86_seg_set(env, X86_SEG_SS, (uint16_t)((sel + 8) | 3), 0, 0xffffffff,
                FLAT_DATA | dpl_bits(3));
}
IR_HELPER(x86_sysret, IR_HTYPE_VOID, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I32);

void helper_x86_sysenter(CPUState *cs)
{
    X86CPU *env = x86_cpu(cs);
    X86SysState *s = &env->sys;
    uint16_t sel = (uint16_t)s->sysenter_cs & 0xfffc;
    if (!x86_pe(env) || !sel)
        x86_raise(env, X86_EXCP_GP, 0);
    env->eflags &= ~(uint64_t)(X86_IF | X86_VM | X86_RF);
    bool lma = x86_lma(env);
    x86_seg_set(env, X86_SEG_SS, (uint16_t)(sel + 8), 0, 0xffffffff, FLAT_DATA);
    x86_seg_set(env, X86_SEG_CS, sel, 0, 0xffffffff, lma ? FLAT_CODE64 : FLAT_CODE32);
    env->regs[X86_RSP] = lma ? s->sysenter_esp : s->sysenter_esp & 0xffffffffull;
    env->rip = lma ? s->sysenter_eip : s->sysenter_eip & 0xffffffffull;
}
IR_HELPER(x86_sysenter, IR_HTYPE_VOID, IR_CALL_MAY_RAISE, IR_HTYPE_PTR);

void helper_x86_sysexit(CPUState *cs, uint32_t rexw)
{
    X86CPU *env = x86_cpu(cs);
    X86SysState *s = &env->sys;
    uint16_t sel = (uint16_t)s->sysenter_cs & 0xfffc;
    if (!x86_pe(env) || !sel || x86_cpl(env) != 0)
        x86_raise(env, X86_EXCP_GP, 0);
    if (rexw) {
        x86_seg_set(env, X86_SEG_CS, (uint16_t)((sel + 32) | 3), 0, 0xffffffff,
                    FLAT_CODE64 | dpl_bits(3));
        x86_seg_set(env, X86_SEG_SS, (uint16_t)((sel + 40) | 3), 0, 0xffffffff,
                    FLAT_DATA | dpl_bits(3));
        env->regs[X86_RSP] = env->regs[X86_RCX];
        env->rip = env->regs[X86_RDX];
    } else {
        x86_seg_set(env, X86_SEG_CS, (uint16_t)((sel + 16) | 3), 0, 0xffffffff,
                    FLAT_CODE32 | dpl_bits(3));
        x86_seg_set(env, X86_SEG_SS, (uint16_t)((sel + 24) | 3), 0, 0xffffffff,
                    FLAT_DATA | dpl_bits(3));
        env->regs[X86_RSP] = env->regs[X86_RCX] & 0xffffffffull;
        env->rip = env->regs[X86_RDX] & 0xffffffffull;
    }
}
IR_HELPER(x86_sysexit, IR_HTYPE_VOID, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I32);

void helper_x86_swapgs(CPUState *cs)
{
    X86CPU *env = x86_cpu(cs);
    uint64_t t = env->gs_base;
    env->gs_base = env->sys.kernel_gs_base;
    env->sys.kernel_gs_base = t;
    env->sys.seg[X86_SEG_GS].base = env->gs_base;
}
IR_HELPER(x86_swapgs, IR_HTYPE_VOID, 0, IR_HTYPE_PTR);

/* POP Sreg: the stack pointer moves only when the segment load succeeded. */
void helper_x86_pop_seg(CPUState *cs, uint32_t seg, uint32_t osz)
{
    X86CPU *env = x86_cpu(cs);
    SP p = sp_current(env);
    uint16_t sel = (uint16_t)sp_pop(env, &p, osz);
    x86_load_seg(env, (int)seg, sel);
    sp_commit(env, &p);
    if (seg == X86_SEG_SS)
        env->sys.hflags |= X86_HF_INHIBIT_IRQ;
}
IR_HELPER(x86_pop_seg, IR_HTYPE_VOID, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I32, IR_I32);
