/* x86-64 exceptions and interrupts: delivery through the IVT/IDT in every mode, double and
 * triple faults, the interrupt inputs, and the memory accessors helpers and delivery share. */
/*
 * Delivery runs outside guest code (do_exception) or at a block boundary (exec_interrupt),
 * where nothing may unwind: every memory access of the delivery returns its fault instead,
 * and x86_deliver combines a fault during delivery with the event being delivered as the
 * SDM's Table 6-5 says (contributory + contributory or #PF + #PF/contributory: #DF; a fault
 * while delivering #DF: triple fault, a machine reset). The event's return address is
 * already in rip: the faulting instruction for faults, the next one for traps and INT n.
 */
#include <string.h>
#include "trix/machine.h"
#include "target/x86_64/sys_internal.h"

enum { DK_EXC, DK_SW, DK_HW };      /* exception, INT n, external interrupt or NMI */

NORETURN void x86_raise(X86CPU *env, int vec, uint32_t err)
{
    env->error_code = err;
    cpu_loop_exit_restore(&env->cs, vec);
}

/* ---- linear memory without unwinding ---- */

static bool lin_page(X86CPU *env, uint64_t va, MMUAccessType type, bool user, uint64_t *pa,
                     X86Fault *f)
{
    int prot;
    if (!x86_mmu_translate(env, va, type, user, false, true, pa, &prot, f))
        return false;
    int need = type == MMU_DATA_STORE ? PROT_W : PROT_R;
    if (!(prot & need)) {               /* cannot happen: the walk checked it */
        f->vec = X86_EXCP_PF;
        f->err = 1;
        return false;
    }
    return true;
}

static bool lin_access(X86CPU *env, uint64_t va, uint64_t *val, unsigned size, bool user,
                       bool write, X86Fault *f)
{
    if (!x86_lma(env))
        va &= 0xffffffffull;
    uint64_t pa0, pa1;
    MMUAccessType type = write ? MMU_DATA_STORE : MMU_DATA_LOAD;
    unsigned first = (unsigned)(TARGET_PAGE_SIZE - (va & ~TARGET_PAGE_MASK));
    if (first > size)
        first = size;
    if (!lin_page(env, va, type, user, &pa0, f))
        return false;
    if (first < size && !lin_page(env, va + first, type, user, &pa1, f))
        return false;
    uint8_t buf[8];
    if (write)
        memcpy(buf, val, size);
    for (unsigned i = 0; i < size; i++) {
        uint64_t pa = i < first ? pa0 + i : pa1 + (i - first);
        uint64_t b = buf[i];
        hw_lock();
        if (!phys_access(pa, &b, 1, write))
            b = 0xff;
        hw_unlock();
        if (write)
            tb_invalidate_range(pa, pa + 1);
        buf[i] = (uint8_t)b;
    }
    if (!write) {
        *val = 0;
        memcpy(val, buf, size);
    }
    return true;
}

bool x86_lin_read(X86CPU *env, uint64_t va, uint64_t *val, unsigned size, bool user,
                  X86Fault *f)
{
    return lin_access(env, va, val, size, user, false, f);
}

bool x86_lin_write(X86CPU *env, uint64_t va, uint64_t val, unsigned size, bool user,
                   X86Fault *f)
{
    return lin_access(env, va, &val, size, user, true, f);
}

uint64_t x86_ld(X86CPU *env, uint64_t va, unsigned size, bool user)
{
    uint64_t v;
    X86Fault f;
    if (!x86_lin_read(env, va, &v, size, user, &f))
        x86_raise(env, f.vec, f.err);
    return v;
}

void x86_st(X86CPU *env, uint64_t va, uint64_t val, unsigned size, bool user)
{
    X86Fault f;
    if (!x86_lin_write(env, va, val, size, user, &f))
        x86_raise(env, f.vec, f.err);
}

/* ---- delivery ---- */

static bool vec_has_error(int vec)
{
    return vec == 8 || (vec >= 10 && vec <= 14) || vec == 17 || vec == 21 || vec == 29 ||
           vec == 30;
}

static bool vec_contributory(int vec)
{
    return vec == 0 || (vec >= 10 && vec <= 13);
}

#define FAIL(v, e) do { f->vec = (v); f->err = (uint32_t)(e); return false; } while (0)

/* A stack the delivery pushes on: base + sp (sp wrapping at mask), CPL of the accesses. */
typedef struct Stack { uint64_t base, sp, mask; bool user; } Stack;

static bool stk_push(X86CPU *env, Stack *st, uint64_t v, unsigned size, X86Fault *f)
{
    uint64_t sp = (st->sp - size) & st->mask;
    if (!x86_lin_write(env, st->base + sp, v, size, st->user, f))
        return false;
    st->sp = sp;
    return true;
}

static bool deliver_real(X86CPU *env, int vec, X86Fault *f)
{
    X86SysState *s = &env->sys;
    uint64_t ent;
    if ((uint32_t)vec * 4 + 3 > s->idt_limit)
        FAIL(X86_EXCP_GP, vec * 8 + 2);
    if (!x86_lin_read(env, s->idt_base + (uint32_t)vec * 4, &ent, 4, false, f))
        return false;
    Stack st = { s->seg[X86_SEG_SS].base, env->regs[X86_RSP], 0xffff, false };
    uint64_t fl = x86_get_eflags(env);
    if (!stk_push(env, &st, fl, 2, f) || !stk_push(env, &st, s->seg[X86_SEG_CS].sel, 2, f) ||
        !stk_push(env, &st, env->rip, 2, f))
        return false;
    env->regs[X86_RSP] = (env->regs[X86_RSP] & ~0xffffull) | st.sp;
    env->eflags &= ~(uint64_t)(X86_IF | X86_TF | X86_AC | X86_RF);
    x86_set_seg_real(env, X86_SEG_CS, (uint16_t)(ent >> 16));
    env->rip = ent & 0xffff;
    return true;
}

/* The stack of privilege level dpl from the TSS (legacy modes): SS selector and ESP. */
static bool tss_stack(X86CPU *env, int dpl, uint16_t *ss, uint64_t *sp, X86Fault *f)
{
    const X86Seg *tr = &env->sys.seg[X86_SEG_TR];
    bool tss32 = (tr->flags & 0xf) == 9 || (tr->flags & 0xf) == 11;
    unsigned off = tss32 ? 4 + 8 * (unsigned)dpl : 2 + 4 * (unsigned)dpl;
    unsigned sz = tss32 ? 4 : 2;
    uint64_t v, sel;
    if (!(tr->flags & X86_DESC_P) || off + sz + 1 > tr->limit)
        FAIL(X86_EXCP_TS, tr->sel & ~3u);
    if (!x86_lin_read(env, tr->base + off, &v, sz, false, f) ||
        !x86_lin_read(env, tr->base + off + sz, &sel, 2, false, f))
        return false;
    *sp = v;
    *ss = (uint16_t)sel;
    return true;
}

/* A descriptor read for delivery (no unwinding); false with #GP-style fault code err. */
static bool desc_read(X86CPU *env, uint16_t sel, uint64_t *d, int vec, uint32_t err,
                      X86Fault *f)
{
    const X86SysState *s = &env->sys;
    uint64_t base = (sel & 4) ? s->seg[X86_SEG_LDTR].base : s->gdt_base;
    uint32_t limit = (sel & 4) ? s->seg[X86_SEG_LDTR].limit : s->gdt_limit;
    if ((uint32_t)(sel & ~7u) + 7 > limit)
        FAIL(vec, err);
    return x86_lin_read(env, base + (sel & ~7u), d, 8, false, f);
}

typedef struct Gate {
    uint16_t sel;
    uint64_t off;
    int type, dpl, ist;
} Gate;

static bool read_gate(X86CPU *env, int vec, int kind, uint32_t ext, Gate *g, X86Fault *f)
{
    X86SysState *s = &env->sys;
    bool lma = x86_lma(env);
    unsigned esz = lma ? 16 : 8;
    uint64_t lo, hi = 0;
    uint32_t err = (uint32_t)vec * 8 + 2 + ext;
    if ((uint64_t)vec * esz + esz - 1 > s->idt_limit)
        FAIL(X86_EXCP_GP, err);
    if (!x86_lin_read(env, s->idt_base + (uint64_t)vec * esz, &lo, 8, false, f) ||
        (lma && !x86_lin_read(env, s->idt_base + (uint64_t)vec * esz + 8, &hi, 8, false, f)))
        return false;
    g->type = (int)(lo >> 40) & 0x1f;
    g->dpl = (int)(lo >> 45) & 3;
    g->sel = (uint16_t)(lo >> 16);
    g->off = (lo & 0xffff) | ((lo >> 32) & 0xffff0000ull) | (lma ? (hi & 0xffffffffull) << 32 : 0);
    g->ist = lma ? (int)(lo >> 32) & 7 : 0;
    bool ok = lma ? (g->type == 0xe || g->type == 0xf)
                  : (g->type == 6 || g->type == 7 || g->type == 0xe || g->type == 0xf);
    if (!ok)
        FAIL(X86_EXCP_GP, err);
    if (kind == DK_SW && g->dpl < x86_cpl(env))
        FAIL(X86_EXCP_GP, err);
    if (!((lo >> 47) & 1))
        FAIL(X86_EXCP_NP, err);
    return true;
}

static bool deliver_prot(X86CPU *env, int vec, int kind, bool has_err, uint32_t err,
                         uint32_t ext, X86Fault *f)
{
    X86SysState *s = &env->sys;
    bool lma = x86_lma(env);
    int cpl = x86_cpl(env);
    Gate g;
    uint64_t cd;
    if (!read_gate(env, vec, kind, ext, &g, f))
        return false;
    if (!(g.sel & ~3u))
        FAIL(X86_EXCP_GP, ext);
    if (!desc_read(env, g.sel, &cd, X86_EXCP_GP, (g.sel & ~3u) + ext, f))
        return false;
    uint32_t cf = x86_desc_flags(cd);
    int dpl = x86_desc_dpl(cf);
    if ((cf & (X86_DESC_S | X86_DESC_CODE)) != (X86_DESC_S | X86_DESC_CODE) || dpl > cpl ||
        (lma && (!(cf & X86_DESC_L) || (cf & X86_DESC_DB))))
        FAIL(X86_EXCP_GP, (g.sel & ~3u) + ext);
    if (!(cf & X86_DESC_P))
        FAIL(X86_EXCP_NP, (g.sel & ~3u) + ext);
    int ncpl = (cf & X86_DESC_CE) ? cpl : dpl;
    bool sw = ncpl < cpl;
    uint16_t ss = s->seg[X86_SEG_SS].sel;
    uint64_t ssd = 0, old_sp = env->regs[X86_RSP];
    Stack st = { s->seg[X86_SEG_SS].base, old_sp,
                 lma ? ~0ull : (s->hflags & X86_HF_SS32) ? 0xffffffffull : 0xffff, ncpl == 3 };
    const X86Seg *tr = &s->seg[X86_SEG_TR];
    if (lma) {
        st.base = 0;
        if (sw || g.ist) {
            unsigned off = g.ist ? 0x24 + 8 * (unsigned)(g.ist - 1) : 4 + 8 * (unsigned)ncpl;
            if (off + 7 > tr->limit)
                FAIL(X86_EXCP_TS, tr->sel & ~3u);
            if (!x86_lin_read(env, tr->base + off, &st.sp, 8, false, f))
                return false;
        }
        st.sp &= ~15ull;
        if (sw)
            ss = (uint16_t)ncpl;
    } else if (sw) {
        if (!tss_stack(env, ncpl, &ss, &st.sp, f))
            return false;
        if (!(ss & ~3u) || (ss & 3) != ncpl)
            FAIL(X86_EXCP_TS, (ss & ~3u) + ext);
        if (!desc_read(env, ss, &ssd, X86_EXCP_TS, (ss & ~3u) + ext, f))
            return false;
        uint32_t sf = x86_desc_flags(ssd);
        if ((sf & (X86_DESC_S | X86_DESC_CODE | X86_DESC_RW)) != (X86_DESC_S | X86_DESC_RW) ||
            x86_desc_dpl(sf) != ncpl)
            FAIL(X86_EXCP_TS, (ss & ~3u) + ext);
        if (!(sf & X86_DESC_P))
            FAIL(X86_EXCP_SS, (ss & ~3u) + ext);
        st.base = x86_desc_base(ssd);
        st.mask = (sf & X86_DESC_DB) ? 0xffffffffull : 0xffff;
    }
    unsigned psz = lma ? 8 : (g.type & 8) ? 4 : 2;
    uint64_t fl = x86_get_eflags(env);
    if (lma || sw) {
        if (!stk_push(env, &st, s->seg[X86_SEG_SS].sel, psz, f) ||
            !stk_push(env, &st, old_sp, psz, f))
            return false;
    }
    if (!stk_push(env, &st, fl, psz, f) || !stk_push(env, &st, s->seg[X86_SEG_CS].sel, psz, f) ||
        !stk_push(env, &st, env->rip, psz, f) || (has_err && !stk_push(env, &st, err, psz, f)))
        return false;
    /* commit */
    if (lma && sw)
        x86_seg_set(env, X86_SEG_SS, ss, 0, 0, X86_DESC_P | X86_DESC_S | X86_DESC_RW |
                    (uint32_t)ncpl << X86_DESC_DPL_SHIFT);
    else if (sw)
        x86_seg_set(env, X86_SEG_SS, ss, x86_desc_base(ssd), x86_desc_limit(ssd),
                    x86_desc_flags(ssd));
    if (lma)
        env->regs[X86_RSP] = st.sp;
    else if (st.mask == 0xffff)
        env->regs[X86_RSP] = (env->regs[X86_RSP] & ~0xffffull) | st.sp;
    else
        env->regs[X86_RSP] = st.sp & 0xffffffffull;
    x86_set_cs_desc(env, g.sel, cd, ncpl);
    env->rip = psz == 2 ? g.off & 0xffff : g.off;
    uint64_t clear = X86_TF | X86_VM | X86_RF | X86_NT | ((g.type & 1) ? 0 : X86_IF);
    env->eflags &= ~clear;
    x86_update_hflags(env);
    return true;
}

static void x86_deliver(X86CPU *env, int vec, int kind, uint32_t err)
{
    X86SysState *s = &env->sys;
    uint32_t ext = kind == DK_HW;
    bool has_err = kind == DK_EXC && vec_has_error(vec);
    log_mask(LOG_INT, "x86: %s %d (%#x) err %#x at %04x:%016llx cpl %d\n",
             kind == DK_HW ? "interrupt" : kind == DK_SW ? "int" : "exception", vec, vec,
             has_err ? err : 0, s->seg[X86_SEG_CS].sel, (unsigned long long)env->rip,
             x86_cpl(env));
    for (;;) {
        X86Fault f;
        if (vec == X86_EXCP_PF)
            log_mask(LOG_INT, "x86:   cr2 %016llx\n", (unsigned long long)env->fault_addr);
        bool ok = x86_pe(env) ? deliver_prot(env, vec, kind, has_err, err, ext, &f)
                              : deliver_real(env, vec, &f);
        if (ok)
            return;
        log_mask(LOG_INT, "x86: exception %d (err %#x) while delivering %d\n", f.vec, f.err, vec);
        if (vec == X86_EXCP_DF) {
            log_mask(LOG_INT | LOG_GUEST_ERROR, "x86: triple fault at %04x:%016llx: reset\n",
                     s->seg[X86_SEG_CS].sel, (unsigned long long)env->rip);
            env->cs.halted = true;
            machine_guest_reset();
            return;
        }
        bool df = (vec_contributory(vec) && vec_contributory(f.vec)) ||
                  (vec == X86_EXCP_PF && (f.vec == X86_EXCP_PF || vec_contributory(f.vec)));
        kind = DK_EXC;
        ext = 1;
        if (df) {
            vec = X86_EXCP_DF;
            err = 0;
        } else {
            vec = f.vec;
            err = f.err;
        }
        has_err = vec_has_error(vec);
    }
}

void x86_deliver_interrupt(X86CPU *env, int vec)
{
    x86_deliver(env, vec, DK_HW, 0);
}

/* TargetOps.do_exception. */
void x86_do_exception(CPUState *cs, int excp)
{
    X86CPU *env = x86_cpu(cs);
    env->sys.hflags &= ~X86_HF_INHIBIT_IRQ;
    if (excp >= X86_EXCP_SWINT && excp < X86_EXCP_SWINT + 256)
        x86_deliver(env, excp - X86_EXCP_SWINT, DK_SW, 0);
    else if (excp == X86_EXCP_ICEBP)
        x86_deliver(env, X86_EXCP_DB, DK_HW, 0);
    else if (excp >= 0 && excp < 32)
        x86_deliver(env, excp, DK_EXC, env->error_code);
    else
        trix_fatal("x86: internal error: unexpected exception %#x", excp);
}

/* ---- interrupt inputs ---- */

static void x86_take_init(X86CPU *env)
{
    bool bsp = env->sys.bsp;
    x86_cpu_reset_sys(env);
    if (!bsp) {
        env->sys.wait_sipi = true;
        env->cs.halted = true;
    }
}

/* TargetOps.exec_interrupt: INIT, SIPI, NMI, then INTR when IF = 1 and no shadow. */
bool x86_exec_interrupt(CPUState *cs)
{
    X86CPU *env = x86_cpu(cs);
    X86SysState *s = &env->sys;
    uint32_t p = __atomic_load_n(&s->pending, __ATOMIC_SEQ_CST);
    if (p & X86_PEND_INIT) {
        __atomic_and_fetch(&s->pending, ~(uint32_t)X86_PEND_INIT, __ATOMIC_SEQ_CST);
        x86_take_init(env);
        if (!s->wait_sipi)
            return true;
    }
    if (p & X86_PEND_SIPI) {
        __atomic_and_fetch(&s->pending, ~(uint32_t)X86_PEND_SIPI, __ATOMIC_SEQ_CST);
        if (s->wait_sipi) {
            s->wait_sipi = false;
            cs->halted = false;
            x86_set_seg_real(env, X86_SEG_CS, (uint16_t)(s->sipi_vector << 8));
            env->rip = 0;
            return true;
        }
    }
    if (s->wait_sipi) {         /* nothing runs until a SIPI */
        cs->halted = true;
        cpu_loop_exit(cs, EXCP_HALTED);
    }
    bool shadow = s->hflags & X86_HF_INHIBIT_IRQ;
    if ((p & X86_PEND_NMI) && !s->nmi_blocked && !shadow) {
        __atomic_and_fetch(&s->pending, ~(uint32_t)X86_PEND_NMI, __ATOMIC_SEQ_CST);
        s->nmi_blocked = true;
        x86_deliver(env, 2, DK_HW, 0);
        return true;
    }
    if ((p & X86_PEND_INTR) && (env->eflags & X86_IF) && !shadow) {
        int vec = -1;
        if (s->intc) {
            hw_lock();
            vec = s->intc->ack(s->intc_opaque);
            hw_unlock();
        }
        if (vec >= 0) {
            x86_deliver(env, vec & 0xff, DK_HW, 0);
            return true;
        }
    }
    return false;
}

bool x86_has_work(CPUState *cs)
{
    X86CPU *env = x86_cpu(cs);
    uint32_t p = __atomic_load_n(&env->sys.pending, __ATOMIC_SEQ_CST);
    if (p & (X86_PEND_INIT | X86_PEND_SIPI))
        return true;
    if (env->sys.wait_sipi)
        return false;
    return (p & X86_PEND_NMI) || ((p & X86_PEND_INTR) && (env->eflags & X86_IF));
}
