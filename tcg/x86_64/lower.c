/* IR to x86-64: per-block analysis, the register allocator (with pinned globals), the driver. */
/*
 * @fileoverview
 * Globals used most in a block are *pinned*: each owns one host register for the whole block,
 * loaded at entry and never evicted. Their homes in the CPU state are brought up to date only
 * where something else reads them: block exits, helper calls, and the out-of-line paths of
 * faulting memory accesses. `pin_dirty` is the set of pins that may be newer than their home
 * at the current point (a linear scan; at a label it is the union over every branch to it).
 * A block whose goto_tb continues at its own pc is compiled as a loop: the back edge jumps to
 * the header after the pin loads, so the loop body runs without reloading or storing them.
 *
 * Other values use local greedy allocation in op order. A value lives in its home (globals:
 * their env field; block temps: a CPUState.tmp[] slot) and may be cached in a host register,
 * clean or dirty. Registers are written back at basic-block ends (labels and branches:
 * everything, so a label starts with nothing but the pins in registers), and around helper
 * calls as the helper's IR_CALL_NO_{READ,WRITE}_GLOBALS flags demand. Before memory accesses
 * nothing is written back: each access records which registers hold dirty globals, and its
 * fault path (or the SIGSEGV handler, through the block's fault table) stores them.
 * Temps whose references all sit in one basic block ("local") die after their last
 * reference and are never stored; other temps keep their slot for the whole block.
 */
#include <stdlib.h>
#include <string.h>
#include "lower.h"
#include "jit.h"

#define BIT(r) (1u << (r))

/* Allocation order: callee-saved first, so values survive helper calls. */
static const int8_t jl_order[] = { X86_RBX, X86_R12, X86_R13, X86_R14, X86_RSI, X86_RDI,
                                   X86_R8, X86_R9, X86_R10, X86_RAX, X86_RCX, X86_RDX };
/* Pin registers: callee-saved first; the others only in blocks without calls. */
static const int8_t jl_pin_order[] = { X86_RBX, X86_R12, X86_R13, X86_R14, X86_RSI, X86_RDI,
                                       X86_R8 };

void jl_fail(Lower *L) { L->failed = true; }

bool jl_is_const(const Lower *L, IRTemp t) { return L->b->temps[t].kind == IR_TEMP_CONST; }
uint64_t jl_const(const Lower *L, IRTemp t) { return L->b->temps[t].val; }

/* A constant usable as a sign-extended imm32 in an operation of `type`. */
bool jl_const_imm32(const Lower *L, IRTemp t, IRType type, int32_t *imm)
{
    if (!jl_is_const(L, t))
        return false;
    uint64_t v = jl_const(L, t);
    if (type == IR_I32) {
        *imm = (int32_t)(uint32_t)v;
        return true;
    }
    if ((int64_t)v < INT32_MIN || (int64_t)v > INT32_MAX)
        return false;
    *imm = (int32_t)(int64_t)v;
    return true;
}

static bool jl_is_global(const Lower *L, IRTemp t)
{
    return L->b->temps[t].kind == IR_TEMP_GLOBAL;
}

bool jl_is_pinned(const Lower *L, IRTemp t)
{
    return L->v[t].pin >= 0;
}

bool jl_dies(const Lower *L, IRTemp t)
{
    return L->b->temps[t].kind == IR_TEMP_NORMAL && L->local[t] && L->last_ref[t] <= L->op_index;
}

/* Is t a constant below 2^32 or a block temp defined only by a zero extension from 32 bits? */
bool jl_fits_u32(const Lower *L, IRTemp t)
{
    if (jl_is_const(L, t))
        return jl_const(L, t) <= UINT32_MAX;
    return L->zx32[t] != 0;
}

static int32_t jl_home(Lower *L, IRTemp t)
{
    JitVal *v = &L->v[t];
    if (v->home < 0) {
        if (L->next_slot >= IR_MAX_TEMPS) {
            jl_fail(L);
            return (int32_t)offsetof(CPUState, tmp);
        }
        v->home = (int32_t)(offsetof(CPUState, tmp) + 8 * (size_t)L->next_slot++);
    }
    return v->home;
}

void jl_unbind(Lower *L, int reg)
{
    int t = L->reg_temp[reg];
    if (t >= 0) {
        if (L->v[t].pin >= 0) {         /* pins never leave their register */
            jl_fail(L);
            return;
        }
        L->v[t].reg = -1;
        L->v[t].dirty = false;
    }
    L->reg_temp[reg] = -1;
}

/* Write a dirty register back to its home unless the value is dead. */
void jl_writeback(Lower *L, IRTemp t)
{
    JitVal *v = &L->v[t];
    if (v->reg < 0 || !v->dirty || v->pin >= 0)
        return;
    if (!jl_dies(L, t) || L->last_ref[t] == L->op_index)
        x86_emit_store(&L->buf, X86_S64, jl_env_mem(jl_home(L, t)), v->reg);
    v->dirty = false;
}

static void jl_evict(Lower *L, int reg)
{
    int t = L->reg_temp[reg];
    if (t >= 0) {
        jl_writeback(L, (IRTemp)t);
        jl_unbind(L, reg);
    }
}

static int jl_alloc(Lower *L, uint16_t avoid)
{
    uint16_t busy = L->locked | avoid | L->pinned_regs;
    for (size_t i = 0; i < sizeof(jl_order); i++) {
        int r = jl_order[i];
        if (!(busy & BIT(r)) && L->reg_temp[r] < 0)
            return r;
    }
    int pick = -1;
    for (size_t k = 0; k < sizeof(jl_order); k++) {
        int r = jl_order[(L->victim_rr + k) % sizeof(jl_order)];
        if (busy & BIT(r))
            continue;
        if (pick < 0)
            pick = r;
        if (!L->v[L->reg_temp[r]].dirty) {
            pick = r;
            break;
        }
    }
    L->victim_rr++;
    if (pick < 0) {
        jl_fail(L);
        return JIT_SCRATCH;
    }
    jl_evict(L, pick);
    return pick;
}

int jl_scratch_reg(Lower *L)
{
    int r = jl_alloc(L, 0);
    L->locked |= BIT(r);
    return r;
}

/* A free register other than rax, rcx and rdx (which lowerings reserve), or -1. */
static int jl_free_reg(const Lower *L)
{
    uint16_t busy = L->locked | L->pinned_regs | BIT(X86_RAX) | BIT(X86_RCX) | BIT(X86_RDX);
    for (size_t i = 0; i < sizeof(jl_order); i++) {
        int r = jl_order[i];
        if (!(busy & BIT(r)) && L->reg_temp[r] < 0)
            return r;
    }
    return -1;
}

/* Take reg for this op: a value living in it moves to a free register (else it is
 * written back and dropped). */
void jl_reserve(Lower *L, int reg)
{
    if ((L->locked | L->pinned_regs) & BIT(reg)) {
        jl_fail(L);
        return;
    }
    int t = L->reg_temp[reg], r = t >= 0 ? jl_free_reg(L) : -1;
    if (r >= 0 && r != reg) {
        x86_emit_mov_rr(&L->buf, true, r, reg);
        L->reg_temp[r] = t;
        L->v[t].reg = (int8_t)r;
        L->reg_temp[reg] = -1;
    }
    jl_evict(L, reg);
    L->locked |= BIT(reg);
}

void jl_emit_env_ptr(Lower *L, int reg)
{
    x86_emit_lea(&L->buf, true, reg, x86_mem(JIT_ENV, -jit_rt.env_bias));
}

/* Load t's value into reg (no binding). */
void jl_load_into(Lower *L, IRTemp t, int reg)
{
    const IRTempInfo *ti = &L->b->temps[t];
    switch (ti->kind) {
    case IR_TEMP_CONST:
        x86_emit_mov_ri(&L->buf, reg, ti->val);
        break;
    case IR_TEMP_ENV:
        jl_emit_env_ptr(L, reg);
        break;
    default:
        if (L->v[t].reg >= 0)
            x86_emit_mov_rr(&L->buf, true, reg, L->v[t].reg);
        else
            x86_emit_load(&L->buf, ti->type == IR_I32 ? X86_S32 : X86_S64, reg,
                          jl_env_mem(jl_home(L, t)));
        break;
    }
}

int jl_in(Lower *L, IRTemp t)
{
    const IRTempInfo *ti = &L->b->temps[t];
    if (ti->kind == IR_TEMP_CONST || ti->kind == IR_TEMP_ENV) {
        int r = jl_scratch_reg(L);
        jl_load_into(L, t, r);
        return r;
    }
    JitVal *v = &L->v[t];
    if (v->reg >= 0) {
        L->locked |= BIT(v->reg);
        return v->reg;
    }
    int r = jl_alloc(L, 0);
    jl_load_into(L, t, r);
    L->reg_temp[r] = (int)t;
    v->reg = (int8_t)r;
    v->dirty = false;
    L->locked |= BIT(r);
    return r;
}

int jl_in_copy(Lower *L, IRTemp t)
{
    int r = jl_scratch_reg(L);
    jl_load_into(L, t, r);
    return r;
}

/* Does the current op read d through an input other than `a`? */
static bool jl_reads_other(const Lower *L, IRTemp d, IRTemp a)
{
    const IROp *op = &L->b->ops[L->op_index];
    for (int k = op->nout; k < op->nout + op->nin; k++)
        if (op->args[k] == d && d != a)
            return true;
    return false;
}

int jl_out(Lower *L, IRTemp d)
{
    if (jl_is_pinned(L, d) && !jl_reads_other(L, d, IR_NO_TEMP)) {
        L->locked |= BIT(L->v[d].reg);
        return L->v[d].reg;
    }
    return jl_scratch_reg(L);
}

int jl_out_reuse(Lower *L, IRTemp d, IRTemp a)
{
    if (jl_is_pinned(L, d) && (d == a || !jl_reads_other(L, d, a))) {
        int pr = L->v[d].reg;
        if (d != a)
            jl_load_into(L, a, pr);
        L->locked |= BIT(pr);
        return pr;
    }
    if (!jl_is_const(L, a) && L->b->temps[a].kind != IR_TEMP_ENV) {
        int ra = jl_in(L, a);
        if ((d == a && !jl_is_pinned(L, d)) || jl_dies(L, a))
            return ra;
        int r = jl_scratch_reg(L);
        x86_emit_mov_rr(&L->buf, true, r, ra);
        return r;
    }
    return jl_in_copy(L, a);
}

void jl_bind_out(Lower *L, IRTemp d, int reg)
{
    const IRTempInfo *ti = &L->b->temps[d];
    if (ti->kind != IR_TEMP_GLOBAL && ti->kind != IR_TEMP_NORMAL) {
        jl_fail(L);
        return;
    }
    JitVal *v = &L->v[d];
    if (v->pin >= 0) {
        if (reg != v->reg)
            x86_emit_mov_rr(&L->buf, true, v->reg, reg);
        L->pin_dirty |= (uint16_t)BIT(v->pin);
        L->locked |= BIT(v->reg);
        return;
    }
    if (L->pinned_regs & BIT(reg)) {    /* a lowering wrote into another value's pin */
        jl_fail(L);
        return;
    }
    if (v->reg >= 0 && v->reg != reg) {
        L->reg_temp[v->reg] = -1;
        v->reg = -1;
    }
    if (L->reg_temp[reg] >= 0 && L->reg_temp[reg] != (int)d)
        jl_unbind(L, reg);
    L->reg_temp[reg] = (int)d;
    v->reg = (int8_t)reg;
    v->dirty = true;
    L->locked |= BIT(reg);
}

void jl_sync_globals(Lower *L, bool drop)
{
    for (int r = 0; r < 16; r++) {
        int t = L->reg_temp[r];
        if (t >= 0 && jl_is_global(L, (IRTemp)t) && L->v[t].pin < 0) {
            jl_writeback(L, (IRTemp)t);
            if (drop)
                jl_unbind(L, r);
        }
    }
}

void jl_sync_all(Lower *L, bool drop)
{
    for (int r = 0; r < 16; r++) {
        int t = L->reg_temp[r];
        if (t < 0 || L->v[t].pin >= 0)
            continue;
        if (!jl_dies(L, (IRTemp)t))
            jl_writeback(L, (IRTemp)t);
        if (drop)
            jl_unbind(L, r);
    }
}

void jl_store_pins(Lower *L, uint16_t mask)
{
    for (int i = 0; i < L->npin; i++)
        if (mask & BIT(i)) {
            const JitVal *v = &L->v[L->pin_temp[i]];
            x86_emit_store(&L->buf, X86_S64, jl_env_mem(v->home), v->reg);
        }
}

void jl_load_pins(Lower *L, uint16_t mask)
{
    for (int i = 0; i < L->npin; i++)
        if (mask & BIT(i)) {
            IRTemp t = L->pin_temp[i];
            x86_emit_load(&L->buf, L->b->temps[t].type == IR_I32 ? X86_S32 : X86_S64,
                          L->v[t].reg, jl_env_mem(L->v[t].home));
        }
}

void jl_store_pc(Lower *L)
{
    if (L->stored_pc_valid && L->stored_pc == L->cur_pc)
        return;
    X86Mem m = jl_env_mem((int32_t)offsetof(CPUState, insn_pc));
    int64_t pc = (int64_t)L->cur_pc;
    if (pc >= INT32_MIN && pc <= INT32_MAX) {
        x86_emit_store_imm(&L->buf, X86_S64, m, (int32_t)pc);
    } else {
        x86_emit_movabs(&L->buf, JIT_SCRATCH, L->cur_pc);
        x86_emit_store(&L->buf, X86_S64, m, JIT_SCRATCH);
    }
    L->stored_pc = L->cur_pc;
    L->stored_pc_valid = true;
}

/* ld_env/st_env that touch a global's home must see (and invalidate) its register. Pinned
 * globals never overlap one (jl_choose_pins leaves those out). */
void jl_env_access(Lower *L, int32_t off, int size, bool write)
{
    int32_t end = off + (1 << size);
    if (end <= L->glob_lo || off >= L->glob_hi)
        return;
    for (int r = 0; r < 16; r++) {
        int t = L->reg_temp[r];
        if (t < 0 || !jl_is_global(L, (IRTemp)t) || L->v[t].pin >= 0)
            continue;
        int32_t h = L->b->temps[t].env_off;
        if (h < end && h + 8 > off) {
            if (L->locked & BIT(r)) {
                jl_fail(L);
                continue;
            }
            jl_writeback(L, (IRTemp)t);
            if (write)
                jl_unbind(L, r);
        }
    }
}

/* Pins held in caller-saved registers. */
static uint16_t jl_caller_saved_pins(const Lower *L)
{
    uint16_t m = 0;
    for (int i = 0; i < L->npin; i++)
        if (JIT_CALLER_SAVED & BIT(L->v[L->pin_temp[i]].reg))
            m |= (uint16_t)BIT(i);
    return m;
}

/* Where an argument's value is in a register at the call (-1: load it from elsewhere). A
 * pin in a caller-saved register counts as its home, which jl_call has just updated. */
static int jl_arg_src_reg(const Lower *L, const JitArg *a)
{
    if (a->kind != JA_TEMP)
        return -1;
    const JitVal *v = &L->v[(IRTemp)a->v];
    if (v->reg < 0 || (v->pin >= 0 && (JIT_CALLER_SAVED & BIT(v->reg))))
        return -1;
    return v->reg;
}

/*
 * Arguments into rdi, rsi, ...: first the register-to-register moves as a parallel move
 * (a move waits while its destination is still another move's source; a cycle is broken
 * through the scratch register), then the loads of constants, the env pointer and homes.
 */
static void jl_call_args(Lower *L, int nargs, const JitArg *args)
{
    static const int8_t argreg[6] = { X86_RDI, X86_RSI, X86_RDX, X86_RCX, X86_R8, X86_R9 };
    int src[6];
    bool pending[6];
    int npending = 0;
    for (int i = 0; i < nargs; i++) {
        src[i] = jl_arg_src_reg(L, &args[i]);
        pending[i] = src[i] >= 0 && src[i] != argreg[i];
        npending += pending[i];
    }
    while (npending) {
        bool progress = false;
        for (int i = 0; i < nargs; i++) {
            if (!pending[i])
                continue;
            bool blocked = false;
            for (int j = 0; j < nargs; j++)
                blocked |= j != i && pending[j] && src[j] == argreg[i];
            if (blocked)
                continue;
            x86_emit_mov_rr(&L->buf, true, argreg[i], src[i]);
            pending[i] = false;
            npending--;
            progress = true;
        }
        if (!progress) {
            for (int i = 0; i < nargs; i++)
                if (pending[i]) {
                    x86_emit_mov_rr(&L->buf, true, JIT_SCRATCH, src[i]);
                    src[i] = JIT_SCRATCH;
                    break;
                }
        }
    }
    for (int i = 0; i < nargs; i++) {
        int r = argreg[i];
        IRTemp t = (IRTemp)args[i].v;
        if (src[i] >= 0)
            continue;
        switch (args[i].kind) {
        case JA_ENV: jl_emit_env_ptr(L, r); break;
        case JA_IMM: x86_emit_mov_ri(&L->buf, r, args[i].v); break;
        default:
            if (jl_is_pinned(L, t))
                x86_emit_load(&L->buf, X86_S64, r, jl_env_mem(L->v[t].home));
            else
                jl_load_into(L, t, r);
            break;
        }
    }
}

void jl_call(Lower *L, const void *fn, int nargs, const JitArg *args, uint32_t flags,
             IRTemp ret, bool ret32)
{
    if (nargs > 6) {
        jl_fail(L);
        return;
    }
    jl_store_pc(L);
    bool reads = !(flags & IR_CALL_NO_READ_GLOBALS), writes = !(flags & IR_CALL_NO_WRITE_GLOBALS);
    if (reads || writes || (flags & IR_CALL_MAY_RAISE))
        jl_sync_globals(L, false);
    jl_store_pins(L, L->pin_dirty);
    L->pin_dirty = 0;
    /* values in caller-saved registers that outlive the call go home first */
    for (int r = 0; r < 16; r++) {
        int t = L->reg_temp[r];
        if ((JIT_CALLER_SAVED & BIT(r)) && !(L->pinned_regs & BIT(r)) && t >= 0 &&
            !jl_dies(L, (IRTemp)t))
            jl_writeback(L, (IRTemp)t);
    }
    jl_call_args(L, nargs, args);
    for (int r = 0; r < 16; r++)
        if ((JIT_CALLER_SAVED & BIT(r)) && !(L->pinned_regs & BIT(r)) && L->reg_temp[r] >= 0)
            jl_unbind(L, r);
    L->locked &= (uint16_t)~JIT_CALLER_SAVED;
    x86_emit_call(&L->buf, (uintptr_t)fn);
    if (writes) {
        jl_sync_globals(L, true);
        jl_load_pins(L, (uint16_t)(BIT(L->npin) - 1));
    } else {
        jl_load_pins(L, jl_caller_saved_pins(L));
    }
    if (ret != IR_NO_TEMP) {
        if (ret32)
            x86_emit_mov_rr(&L->buf, false, X86_RAX, X86_RAX);
        jl_bind_out(L, ret, X86_RAX);
    }
}

/*
 * Per-block arrays live in buffers kept between translations (translation is serialized by
 * the exec lock), so lowering a block does not go through malloc.
 */
enum { JS_V, JS_LAST_REF, JS_LOCAL, JS_ZX32, JS_DEF_OP, JS_FWD, JS_SKIP, JS_LABEL_ADDR,
       JS_LABEL_PIN, JS_LABEL_OP, JS_FIRST_BB, JS_REFS, JS_WRITTEN, JS_WFIRST, JS_LEA, JS_COUNT };
static struct { void *p; size_t cap; } jl_scratch[JS_COUNT];
static struct {
    JitFixup *fix;
    JitFaultSite *sites;
    JitColdStub *cold;
    int capfix, capsites, capcold;
} jl_keep;

static void *jl_scratch_get(int slot, size_t n, size_t size, bool zero)
{
    size_t bytes = (n ? n : 1) * size;
    if (jl_scratch[slot].cap < bytes) {
        size_t cap = bytes < 4096 ? 4096 : 2 * bytes;
        jl_scratch[slot].p = trix_realloc(jl_scratch[slot].p, cap);
        jl_scratch[slot].cap = cap;
    }
    if (zero)
        memset(jl_scratch[slot].p, 0, bytes);
    return jl_scratch[slot].p;
}

/* ---- analysis ---- */

/* Does goto_tb at op index i continue at this block's own pc (a loop)? */
static bool jl_goto_is_self(const Lower *L, int i)
{
    const IRBlock *b = L->b;
    if (jit_pc_offset < 0 || i + 1 >= b->nops || L->tb->cs_base)
        return false;           /* with a code segment base the pc global is not tb->pc */
    const IROp *mv = &b->ops[i + 1];
    if (mv->opc != IR_mov)
        return false;
    const IRTempInfo *d = &b->temps[mv->args[0]], *s = &b->temps[mv->args[1]];
    return d->kind == IR_TEMP_GLOBAL && d->env_off == jit_pc_offset &&
           s->kind == IR_TEMP_CONST && s->val == L->tb->pc;
}

/* Is some ld_env/st_env in the block touching global t's home? */
static bool jl_env_aliases(const IRBlock *b, int32_t home)
{
    for (int i = 0; i < b->nops; i++) {
        const IROp *op = &b->ops[i];
        if (op->opc != IR_ld_env && op->opc != IR_st_env)
            continue;
        int32_t off = (int32_t)ir_op_const(op, 0);
        int32_t end = off + (1 << (ir_op_const(op, 1) & 3));
        if (off < home + 8 && end > home)
            return true;
    }
    return false;
}

/* Pin the most used globals (refs[] counts per temp) to the pin registers. */
static void jl_choose_pins(Lower *L, const int *refs, const uint8_t *written, int max_pins)
{
    const IRBlock *b = L->b;
    int nregs = L->has_calls ? 4 : (int)sizeof(jl_pin_order);
    if (max_pins < nregs)
        nregs = max_pins;
    int min_refs = L->self_loop[0] || L->self_loop[1] ? 1 : 2;
    /* candidates: globals (temps 1..nglobals) used often enough, then the most used first */
    int cand[64], ncand = 0;
    int gend = (int)IR_GLOBAL_BASE + b->nglobals;
    for (int t = IR_GLOBAL_BASE; t < gend && t < b->ntemps && ncand < 64; t++)
        if (refs[t] >= min_refs && b->temps[t].kind == IR_TEMP_GLOBAL &&
            b->temps[t].env_off != jit_pc_offset)
            cand[ncand++] = t;
    while (L->npin < nregs && ncand) {
        int k = 0;
        for (int c = 1; c < ncand; c++)
            if (refs[cand[c]] > refs[cand[k]] ||
                (refs[cand[c]] == refs[cand[k]] && cand[c] < cand[k]))
                k = c;
        int best = cand[k];
        cand[k] = cand[--ncand];
        if (jl_env_aliases(b, b->temps[best].env_off))
            continue;
        int i = L->npin++, r = jl_pin_order[i];
        L->pin_temp[i] = (IRTemp)best;
        L->v[best].pin = (int8_t)i;
        L->v[best].reg = (int8_t)r;
        L->reg_temp[r] = best;
        L->pinned_regs |= (uint16_t)BIT(r);
        if (written[best])
            L->pin_written |= (uint16_t)BIT(i);
    }
}

/* May s be read at op `to` instead of at op `from` (no write to it, no call, no bb end)? */
static bool jl_src_stable(const Lower *L, IRTemp s, int from, int to)
{
    for (int k = from + 1; k < to; k++) {
        const IROp *op = &L->b->ops[k];
        if (op->opc == IR_call || op->opc == IR_st_env || (ir_op_defs[op->opc].flags & IRF_BB_END))
            return false;
        for (int j = 0; j < op->nout; j++)
            if (op->args[j] == s)
                return false;
    }
    return true;
}

/* A narrow division (jl_divide) reads the 32-bit sources of its zero-extended operands
 * directly; the extensions are not emitted when the division is their only use. */
static void jl_plan_narrow_div(Lower *L, const int *refs)
{
    const IRBlock *b = L->b;
    for (int u = 0; u < b->nops; u++) {
        const IROp *op = &b->ops[u];
        if ((op->opc != IR_divu && op->opc != IR_remu) || op->type != IR_I64 ||
            !jl_fits_u32(L, op->args[1]) || !jl_fits_u32(L, op->args[2]) ||
            op->args[1] == op->args[2])
            continue;
        for (int k = 1; k <= 2; k++) {
            IRTemp t = op->args[k];
            int i = jl_is_const(L, t) ? -1 : L->def_op[t];
            if (i < 0 || refs[t] != 2 || !L->local[t])
                continue;
            IRTemp s = b->ops[i].args[1];
            if (b->temps[s].kind == IR_TEMP_CONST || b->temps[s].kind == IR_TEMP_ENV ||
                !jl_src_stable(L, s, i, u))
                continue;
            L->fwd[t] = s;
            L->skip[i] = 1;
            if (L->last_ref[s] < u)
                L->last_ref[s] = u;
        }
    }
}

static bool jl_call_is_noreturn(const IROp *op)
{
    IRHelper *h = ir_helper_get((int)ir_op_const(op, 0));
    return h && (h->flags & IR_CALL_NORETURN);
}

/* add d, y, t where t = shl x, $1..3 is a block temp read only there: the shift is not
 * emitted and the add is lea d, [y + x * scale] (jl_alu), as guest indexed addressing
 * (base + index << size) gives. */
static void jl_plan_lea(Lower *L, const int *refs)
{
    const IRBlock *b = L->b;
    for (int u = 0; u < b->nops; u++) {
        const IROp *op = &b->ops[u];
        if (op->opc != IR_add || op->type != IR_I64 || op->args[1] == op->args[2])
            continue;
        for (int k = 1; k <= 2; k++) {
            IRTemp t = op->args[k];
            int i = jl_is_const(L, t) || b->temps[t].kind != IR_TEMP_NORMAL ? -1 : L->def_op[t];
            if (i < 0 || refs[t] != 2 || !L->local[t] || L->skip[i])
                continue;
            const IROp *sh = &b->ops[i];
            IRTemp s = sh->args[1];
            if (sh->opc != IR_shl || sh->type != IR_I64 || !jl_is_const(L, sh->args[2]) ||
                jl_const(L, sh->args[2]) < 1 || jl_const(L, sh->args[2]) > 3 ||
                b->temps[s].kind == IR_TEMP_CONST || b->temps[s].kind == IR_TEMP_ENV ||
                !jl_src_stable(L, s, i, u))
                continue;
            L->fwd[t] = s;
            L->lea_shift[t] = (uint8_t)jl_const(L, sh->args[2]);
            L->skip[i] = 1;
            if (L->last_ref[s] < u)
                L->last_ref[s] = u;
            break;
        }
    }
}

static bool jl_op_reads(const IROp *op, IRTemp t)
{
    for (int k = op->nout; k < op->nout + op->nin; k++)
        if (op->args[k] == t)
            return true;
    return false;
}

static void jl_analyze(Lower *L, int max_pins)
{
    IRBlock *b = L->b;
    int *first_bb = jl_scratch_get(JS_FIRST_BB, (size_t)b->ntemps, sizeof(int), false);
    int *refs = jl_scratch_get(JS_REFS, (size_t)b->ntemps, sizeof(int), true);
    uint8_t *written = jl_scratch_get(JS_WRITTEN, (size_t)b->ntemps, 1, true);
    int32_t lo = INT32_MAX, hi = INT32_MIN;
    for (int t = 0; t < b->ntemps; t++) {
        first_bb[t] = -1;
        L->local[t] = 1;
        L->last_ref[t] = -1;
        L->v[t] = (JitVal){ -1, -1, false, -1 };
        L->def_op[t] = -1;
        if (b->temps[t].kind == IR_TEMP_GLOBAL) {
            L->v[t].home = b->temps[t].env_off;
            lo = b->temps[t].env_off < lo ? b->temps[t].env_off : lo;
            hi = b->temps[t].env_off + 8 > hi ? b->temps[t].env_off + 8 : hi;
        }
    }
    L->glob_lo = lo;
    L->glob_hi = hi;
    int bb = 0;
    for (int i = 0; i < b->nops; i++) {
        const IROp *op = &b->ops[i];
        if (op->opc == IR_call && !jl_call_is_host_sse(L, op) && !jl_call_is_noreturn(op))
            L->has_calls = true;        /* (a call that never returns clobbers nothing) */
        if (op->opc == IR_goto_tb && jl_goto_is_self(L, i))
            L->self_loop[op->args[0] & 1] = true;
        if (op->opc == IR_set_label && (int)op->args[0] <= b->nlabels)
            L->label_op[op->args[0]] = i;
        for (int k = 0; k < op->nout; k++)         /* first reference a sure write? */
            if (!refs[op->args[k]])
                L->write_first[op->args[k]] = bb == 0 && !jl_op_reads(op, op->args[k]);
        for (int k = 0; k < op->nout + op->nin; k++) {
            IRTemp t = op->args[k];
            refs[t]++;
            if (k < op->nout) {
                bool zx = op->opc == IR_ext32u || op->opc == IR_extu_i32_i64 ||
                          (op->opc == IR_extract && op->type == IR_I64 &&
                           ir_op_const(op, 0) == 0 && ir_op_const(op, 1) == 32);
                L->zx32[t] = zx && !written[t] && b->temps[t].kind == IR_TEMP_NORMAL;
                L->def_op[t] = written[t] ? -1 : i;
                written[t] = 1;
            }
            if (b->temps[t].kind != IR_TEMP_NORMAL)
                continue;
            if (first_bb[t] < 0) {
                first_bb[t] = bb;
                if (k >= op->nout)
                    L->local[t] = 0;        /* read before written */
            } else if (first_bb[t] != bb) {
                L->local[t] = 0;
            }
            L->last_ref[t] = i;
        }
        if (ir_op_defs[op->opc].flags & IRF_BB_END)
            bb++;
    }
    jl_plan_narrow_div(L, refs);
    jl_plan_lea(L, refs);
    jl_choose_pins(L, refs, written, max_pins);
}

/* ---- the driver ---- */

/* Registers of local temps whose last reference was this op. */
static void jl_free_dead(Lower *L, const IROp *op)
{
    for (int k = 0; k < op->nout + op->nin; k++) {
        IRTemp t = op->args[k];
        if (L->b->temps[t].kind == IR_TEMP_NORMAL && L->local[t] &&
            L->last_ref[t] == L->op_index && L->v[t].reg >= 0)
            jl_unbind(L, L->v[t].reg);
    }
}

static void jl_lower_op(Lower *L, const IROp *op)
{
    if (jl_lower_control(L, op))
        return;
    if (jl_lower_mem(L, op))
        return;
    if (jl_lower_flags_vec(L, op))
        return;
    if (!jl_lower_arith(L, op))
        jl_fail(L);
}

static void jl_init(Lower *L, IRBlock *b, TranslationBlock *tb, uint8_t *code, size_t avail)
{
    memset(L, 0, sizeof(*L));
    L->b = b;
    L->sse_op = -1;
    L->tb = tb;
    L->buf = (X86Buf){ code, code, code + avail, cbuf_exec_delta(), false };
    size_t nt = (size_t)b->ntemps, nl = (size_t)b->nlabels + 1;
    L->v = jl_scratch_get(JS_V, nt, sizeof(JitVal), false);
    L->last_ref = jl_scratch_get(JS_LAST_REF, nt, sizeof(int), false);
    L->local = jl_scratch_get(JS_LOCAL, nt, 1, false);
    L->zx32 = jl_scratch_get(JS_ZX32, nt, 1, true);
    L->def_op = jl_scratch_get(JS_DEF_OP, nt, sizeof(int), false);
    L->fwd = jl_scratch_get(JS_FWD, nt, sizeof(IRTemp), true);
    L->lea_shift = jl_scratch_get(JS_LEA, nt, 1, true);
    L->write_first = jl_scratch_get(JS_WFIRST, nt, 1, true);
    L->skip = jl_scratch_get(JS_SKIP, (size_t)b->nops + 1, 1, true);
    L->label_addr = jl_scratch_get(JS_LABEL_ADDR, nl, sizeof(uintptr_t), true);
    L->label_pin_dirty = jl_scratch_get(JS_LABEL_PIN, nl, sizeof(uint16_t), true);
    L->label_op = jl_scratch_get(JS_LABEL_OP, nl, sizeof(int), false);
    for (size_t i = 0; i < nl; i++)
        L->label_op[i] = -1;
    for (int r = 0; r < 16; r++)
        L->reg_temp[r] = -1;
    L->fix = jl_keep.fix;
    L->capfix = jl_keep.capfix;
    L->sites = jl_keep.sites;
    L->capsites = jl_keep.capsites;
    L->cold = jl_keep.cold;
    L->capcold = jl_keep.capcold;
}

static void jl_fini(Lower *L)
{
    jl_keep.fix = L->fix;
    jl_keep.capfix = L->capfix;
    jl_keep.sites = L->sites;
    jl_keep.capsites = L->capsites;
    jl_keep.cold = L->cold;
    jl_keep.capcold = L->capcold;
}

/* Entry: load the pins, then the loop header with the exit_request check. */
static void jl_emit_entry(Lower *L)
{
    /* a pin whose first use writes it needs no load, unless the loop header's exits may
     * store it before that write */
    uint16_t load = 0;
    bool loop = L->self_loop[0] || L->self_loop[1];
    for (int i = 0; i < L->npin; i++)
        if (loop || !L->write_first[L->pin_temp[i]])
            load |= (uint16_t)BIT(i);
    jl_load_pins(L, load);
    L->header_off = (uint32_t)(L->buf.p - L->buf.start);
    x86_emit_alu_mi(&L->buf, X86_CMP, X86_S32,
                    jl_env_mem((int32_t)offsetof(CPUState, exit_request)), 0);
    L->entry_exit_field = x86_emit_jcc_rel32(&L->buf, X86_CC_NE);
    L->header_dirty = L->self_loop[0] || L->self_loop[1] ? L->pin_written : 0;
    L->pin_dirty = L->header_dirty;
}

size_t jl_emit_fault_table(Lower *L);

/* Lower b into code[0, avail) with at most max_pins pinned globals; returns the bytes used
 * (code and fault table), 0 on failure. Sets *ovf when the failure was only a lack of space. */
size_t jit_lower_block(IRBlock *b, TranslationBlock *tb, uint8_t *code, size_t avail,
                       int max_pins, JitBlockInfo *info, bool *ovf)
{
    Lower L;
    jl_init(&L, b, tb, code, avail);
    jl_analyze(&L, max_pins);
    jl_emit_entry(&L);
    for (int i = 0; i < b->nops && !L.failed && !L.buf.overflow; i++) {
        L.op_index = i;
        L.locked = 0;
        if (!L.skip[i])
            jl_lower_op(&L, &b->ops[i]);
        jl_hf_after(&L, &b->ops[i]);
        L.locked = 0;
        jl_free_dead(&L, &b->ops[i]);
    }
    x86_emit_ud2(&L.buf);           /* a block never runs off its end */
    jl_emit_tails(&L);
    size_t used = 0;
    if (!L.failed && !L.buf.overflow && jl_resolve_labels(&L)) {
        info->code_size = (uint32_t)(L.buf.p - code);
        info->table_off = (uint32_t)jl_emit_fault_table(&L);
        used = L.buf.overflow ? 0 : (size_t)(L.buf.p - code);
        for (int n = 0; n < 2; n++) {
            info->goto_off[n] = L.goto_off[n];
            info->self_off[n] = L.self_off[n];
            info->jcc_off[n] = L.jcc_field[n] ? (uint32_t)(L.jcc_field[n] - code) : 0;
            info->jcc_dflt[n] = L.jcc_field[n] ? (uint32_t)(L.label_addr[L.jcc_label[n]] -
                                                            x86_exec_addr(&L.buf, code)) : 0;
        }
        info->header_off = L.header_off;
    }
    *ovf = L.buf.overflow;
    jl_fini(&L);
    return used;
}
