/* x86-64 system instructions' helpers: MOV CR/Sreg, LLDT/LTR, INVLPG/INVPCID, port I/O, HLT,
 * CLI/STI/POPF, RDMSR/WRMSR, RDTSC(P), XSETBV (called from trans_sys.c.inc). */
#include "trix/common.h"
#include "target/x86_64/translate.h"
#include "target/x86_64/sys_internal.h"

static X86CPU *env_of(CPUState *cs) { return x86_cpu(cs); }

void helper_x86_write_cr(CPUState *cs, uint32_t n, uint64_t v)
{
    if (!x86_write_cr(env_of(cs), (int)n, v))
        x86_raise(env_of(cs), X86_EXCP_GP, 0);
}
IR_HELPER(x86_write_cr, IR_HTYPE_VOID, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I32, IR_I64);

uint64_t helper_x86_read_cr(CPUState *cs, uint32_t n)
{
    return x86_read_cr(env_of(cs), (int)n);
}
IR_HELPER(x86_read_cr, IR_I64, 0, IR_HTYPE_PTR, IR_I32);

/* LMSW: PE, MP, EM, TS from the source; PE cannot be cleared. */
void helper_x86_lmsw(CPUState *cs, uint64_t v)
{
    X86CPU *env = env_of(cs);
    uint64_t cr0 = (env->sys.cr0 & ~0xeull) | (v & 0xf);
    if (!x86_write_cr(env, 0, cr0 | (env->sys.cr0 & X86_CR0_PE)))
        x86_raise(env, X86_EXCP_GP, 0);
}
IR_HELPER(x86_lmsw, IR_HTYPE_VOID, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I64);

void helper_x86_load_seg(CPUState *cs, uint32_t seg, uint64_t sel)
{
    X86CPU *env = env_of(cs);
    x86_load_seg(env, (int)seg, (uint16_t)sel);
    if (seg == X86_SEG_SS)
        env->sys.hflags |= X86_HF_INHIBIT_IRQ;      /* MOV SS / POP SS shadow */
}
IR_HELPER(x86_load_seg, IR_HTYPE_VOID, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I32, IR_I64);

/* LLDT / LTR: a system descriptor (16 bytes in long mode) of type LDT (2) or available
 * TSS (1: 16-bit, 9: 32/64-bit), which LTR marks busy. */
static void load_sys_seg(X86CPU *env, int seg, uint16_t sel)
{
    if (!x86_pe(env) || (env->eflags & X86_VM))
        x86_raise(env, X86_EXCP_UD, 0);
    if (!(sel & ~3u)) {
        if (seg == X86_SEG_TR)
            x86_raise(env, X86_EXCP_GP, 0);
        x86_seg_set(env, seg, 0, 0, 0, 0);
        return;
    }
    if (sel & 4)
        x86_raise(env, X86_EXCP_GP, sel & ~3u);
    uint64_t hi = 0;
    uint64_t d = x86_get_desc(env, sel, x86_lma(env) ? &hi : NULL);
    uint32_t fl = x86_desc_flags(d);
    int type = fl & 0x1f;
    bool ok = seg == X86_SEG_LDTR ? type == 2 : (type == 9 || (!x86_lma(env) && type == 1));
    if (!ok)
        x86_raise(env, X86_EXCP_GP, sel & ~3u);
    if (!(fl & X86_DESC_P))
        x86_raise(env, X86_EXCP_NP, sel & ~3u);
    uint64_t base = x86_desc_base(d) | (x86_lma(env) ? (hi & 0xffffffffull) << 32 : 0);
    if (seg == X86_SEG_TR) {
        fl |= 2;                                      /* busy */
        x86_st(env, env->sys.gdt_base + (sel & ~7u) + 5, (d >> 40 & 0xff) | 2, 1, false);
    }
    x86_seg_set(env, seg, sel, base, x86_desc_limit(d), fl);
}

void helper_x86_lldt(CPUState *cs, uint64_t sel) { load_sys_seg(env_of(cs), X86_SEG_LDTR, (uint16_t)sel); }
IR_HELPER(x86_lldt, IR_HTYPE_VOID, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I64);
void helper_x86_ltr(CPUState *cs, uint64_t sel) { load_sys_seg(env_of(cs), X86_SEG_TR, (uint16_t)sel); }
IR_HELPER(x86_ltr, IR_HTYPE_VOID, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I64);

void helper_x86_invlpg(CPUState *cs, uint64_t addr)
{
    x86_invlpg(env_of(cs), addr);
}
IR_HELPER(x86_invlpg, IR_HTYPE_VOID, 0, IR_HTYPE_PTR, IR_I64);

/* INVPCID type (a register), descriptor at addr: PCID in bits 11:0, address in 127:64. */
void helper_x86_invpcid(CPUState *cs, uint64_t type, uint64_t addr)
{
    X86CPU *env = env_of(cs);
    uint64_t pcid = x86_ld(env, addr, 8, false), va = x86_ld(env, addr + 8, 8, false);
    if (type > 3 || (pcid >> 12) || (type == 0 && !x86_canonical(env, va)))
        x86_raise(env, X86_EXCP_GP, 0);
    x86_invpcid(env, (int)type, (uint16_t)pcid, va);
}
IR_HELPER(x86_invpcid, IR_HTYPE_VOID, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I64, IR_I64);

/* ---- port I/O: CPL <= IOPL, else the TSS I/O permission bitmap decides ---- */

static void io_check(X86CPU *env, uint32_t port, unsigned size)
{
    int iopl = (int)(env->eflags >> 12) & 3;
    if (!x86_pe(env) || (x86_cpl(env) <= iopl && !(env->eflags & X86_VM)))
        return;
    const X86Seg *tr = &env->sys.seg[X86_SEG_TR];
    if ((tr->flags & 0xf) != 9 && (tr->flags & 0xf) != 11)
        x86_raise(env, X86_EXCP_GP, 0);
    if (tr->limit < 0x67)
        x86_raise(env, X86_EXCP_GP, 0);
    uint32_t off = (uint32_t)x86_ld(env, tr->base + 0x66, 2, false) + port / 8;
    if (off + 1 > tr->limit)
        x86_raise(env, X86_EXCP_GP, 0);
    uint32_t bits = (uint32_t)x86_ld(env, tr->base + off, 2, false);
    if ((bits >> (port & 7)) & ((1u << size) - 1))
        x86_raise(env, X86_EXCP_GP, 0);
}

uint64_t helper_x86_in(CPUState *cs, uint64_t port, uint32_t size)
{
    X86CPU *env = env_of(cs);
    io_check(env, port & 0xffff, size);
    hw_lock();
    uint32_t v = io_read(port & 0xffff, size);
    hw_unlock();
    return v;
}
IR_HELPER(x86_in, IR_I64, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I64, IR_I32);

void helper_x86_out(CPUState *cs, uint64_t port, uint64_t val, uint32_t size)
{
    X86CPU *env = env_of(cs);
    io_check(env, port & 0xffff, size);
    hw_lock();
    io_write(port & 0xffff, (uint32_t)val, size);
    hw_unlock();
}
IR_HELPER(x86_out, IR_HTYPE_VOID, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I64, IR_I64, IR_I32);

/* ---- HLT, CLI/STI, POPF ---- */

void helper_x86_hlt(CPUState *cs, uint64_t next)
{
    X86CPU *env = env_of(cs);
    env->rip = next;
    env->sys.hflags &= ~X86_HF_INHIBIT_IRQ;
    cs->halted = true;
    cpu_loop_exit(cs, EXCP_HALTED);
}
IR_HELPER(x86_hlt, IR_HTYPE_VOID, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I64);

static void if_check(X86CPU *env)
{
    int iopl = (int)(env->eflags >> 12) & 3;
    if (x86_pe(env) && x86_cpl(env) > iopl)
        x86_raise(env, X86_EXCP_GP, 0);
}

void helper_x86_cli(CPUState *cs)
{
    if_check(env_of(cs));
    env_of(cs)->eflags &= ~(uint64_t)X86_IF;
}
IR_HELPER(x86_cli, IR_HTYPE_VOID, IR_CALL_MAY_RAISE | IR_CALL_NO_READ_GLOBALS |
          IR_CALL_NO_WRITE_GLOBALS, IR_HTYPE_PTR);

void helper_x86_sti(CPUState *cs)
{
    X86CPU *env = env_of(cs);
    if_check(env);
    if (!(env->eflags & X86_IF))
        env->sys.hflags |= X86_HF_INHIBIT_IRQ;      /* one instruction before interrupts */
    env->eflags |= X86_IF;
}
IR_HELPER(x86_sti, IR_HTYPE_VOID, IR_CALL_MAY_RAISE | IR_CALL_NO_READ_GLOBALS |
          IR_CALL_NO_WRITE_GLOBALS, IR_HTYPE_PTR);

/* POPF: which bits change depends on CPL and IOPL (SDM POPF); VM, RF, VIP/VIF never. */
void helper_x86_popf(CPUState *cs, uint64_t v, uint32_t osz)
{
    X86CPU *env = env_of(cs);
    int cpl = x86_cpl(env), iopl = (int)(env->eflags >> 12) & 3;
    uint64_t m = X86_CC_MASK | X86_TF | X86_DF | X86_NT | X86_AC | X86_ID;
    if (!x86_pe(env) || cpl == 0)
        m |= X86_IOPL_MASK | X86_IF;
    else if (cpl <= iopl)
        m |= X86_IF;
    if (osz == 2)
        m &= 0xffff;
    uint64_t cur = x86_get_eflags(env);
    x86_sys_set_eflags(env, (cur & ~m) | (v & m));
}
IR_HELPER(x86_popf, IR_HTYPE_VOID, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I64, IR_I32);

/* ---- MSRs, TSC, XCR0 ---- */

void helper_x86_rdmsr(CPUState *cs)
{
    X86CPU *env = env_of(cs);
    uint64_t v;
    if (!x86_msr_read(env, (uint32_t)env->regs[X86_RCX], &v))
        x86_raise(env, X86_EXCP_GP, 0);
    env->regs[X86_RAX] = v & 0xffffffffull;
    env->regs[X86_RDX] = v >> 32;
}
IR_HELPER(x86_rdmsr, IR_HTYPE_VOID, IR_CALL_MAY_RAISE, IR_HTYPE_PTR);

void helper_x86_wrmsr(CPUState *cs)
{
    X86CPU *env = env_of(cs);
    uint64_t v = (env->regs[X86_RDX] << 32) | (env->regs[X86_RAX] & 0xffffffffull);
    log_mask(LOG_INT, "x86: wrmsr %#x <- %#llx\n", (uint32_t)env->regs[X86_RCX],
             (unsigned long long)v);
    if (!x86_msr_write(env, (uint32_t)env->regs[X86_RCX], v))
        x86_raise(env, X86_EXCP_GP, 0);
}
IR_HELPER(x86_wrmsr, IR_HTYPE_VOID, IR_CALL_MAY_RAISE, IR_HTYPE_PTR);

/* RDTSC/RDTSCP: the virtual TSC; CR4.TSD makes them privileged. */
uint64_t helper_x86_rdtsc_sys(CPUState *cs, uint32_t with_aux)
{
    X86CPU *env = env_of(cs);
    if ((env->sys.cr4 & X86_CR4_TSD) && x86_cpl(env) != 0)
        x86_raise(env, X86_EXCP_GP, 0);
    if (with_aux)
        env->regs[X86_RCX] = env->sys.tsc_aux;
    return x86_cpu_tsc(env);
}
IR_HELPER(x86_rdtsc_sys, IR_I64, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I32);

/* LAR (op 0), LSL (1), VERR (2), VERW (3): bit 63 of the result is ZF (the selector passed
 * the checks), the low 32 bits LAR's access rights or LSL's byte-granular limit. */
uint64_t helper_x86_lar_lsl(CPUState *cs, uint64_t sel64, uint32_t op)
{
    X86CPU *env = env_of(cs);
    uint16_t sel = (uint16_t)sel64;
    uint64_t d;
    if (!x86_pe(env) || (env->eflags & X86_VM))
        x86_raise(env, X86_EXCP_UD, 0);
    if (!(sel & ~3u) || !x86_read_desc(env, sel, &d))
        return 0;
    uint32_t fl = x86_desc_flags(d);
    int dpl = x86_desc_dpl(fl), type = fl & 0xf, cpl = x86_cpl(env), rpl = sel & 3;
    bool code = fl & X86_DESC_CODE;
    if (!(fl & X86_DESC_S)) {
        static const uint16_t lar_ok = 1u << 2 | 1u << 9 | 1u << 11 | 1u << 12;
        static const uint16_t lar_ok32 = lar_ok | 1u << 1 | 1u << 3 | 1u << 4 | 1u << 5;
        static const uint16_t lsl_ok = 1u << 2 | 1u << 9 | 1u << 11;
        uint16_t ok = op == 0 ? (x86_lma(env) ? lar_ok : lar_ok32)
                              : op == 1 ? (x86_lma(env) ? lsl_ok : lsl_ok | 1u << 1 | 1u << 3) : 0;
        if (!(ok & (1u << type)) || dpl < cpl || dpl < rpl)
            return 0;
    } else {
        bool conforming = code && (fl & X86_DESC_CE);
        if (op == 3 && (code || !(fl & X86_DESC_RW)))
            return 0;
        if (op == 2 && code && !(fl & X86_DESC_RW))
            return 0;
        if (!conforming && (dpl < cpl || dpl < rpl))
            return 0;
    }
    uint64_t v = op == 0 ? (d >> 32) & 0x00f0ff00 : op == 1 ? x86_desc_limit(d) : 0;
    return v | (1ull << 63);
}
IR_HELPER(x86_lar_lsl, IR_I64, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I64, IR_I32);
