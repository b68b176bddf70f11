/* IR to x86-64: per-block liveness, the register allocator, control flow and the driver. */
/*
 * Allocation is local and greedy, in op order. A value lives in its home (globals: their env
 * field; block temps: a CPUState.tmp[] slot) and may be cached in a host register, clean or
 * dirty. Registers are written back:
 *  - at basic-block ends (labels and branches): everything, so a label starts with nothing in
 *    registers and every path into it agrees;
 *  - before ops that may fault (guest memory, helper calls): the globals, so the unwinder
 *    sees the guest state as of the faulting instruction, together with cpu->insn_pc;
 *  - around helper calls: caller-saved registers are spilled, and globals are stored or
 *    dropped as the helper's IR_CALL_NO_{READ,WRITE}_GLOBALS flags demand.
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

bool jl_dies(const Lower *L, IRTemp t)
{
    return L->b->temps[t].kind == IR_TEMP_NORMAL && L->local[t] && L->last_ref[t] <= L->op_index;
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

static void jl_unbind(Lower *L, int reg)
{
    int t = L->reg_temp[reg];
    if (t >= 0) {
        L->v[t].reg = -1;
        L->v[t].dirty = false;
    }
    L->reg_temp[reg] = -1;
}

/* Write a dirty register back to its home unless the value is dead. */
static void jl_writeback(Lower *L, IRTemp t)
{
    JitVal *v = &L->v[t];
    if (v->reg < 0 || !v->dirty)
        return;
    if (!jl_dies(L, t) || L->last_ref[t] == L->op_index)
        x86_emit_store(&L->buf, X86_S64, x86_mem(JIT_ENV, jl_home(L, t)), v->reg);
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
    uint16_t busy = L->locked | avoid;
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

void jl_reserve(Lower *L, int reg)
{
    if (L->locked & BIT(reg)) {
        jl_fail(L);
        return;
    }
    jl_evict(L, reg);
    L->locked |= BIT(reg);
}

/* Load t's value into reg (no binding). */
static void jl_load_into(Lower *L, IRTemp t, int reg)
{
    const IRTempInfo *ti = &L->b->temps[t];
    switch (ti->kind) {
    case IR_TEMP_CONST:
        x86_emit_mov_ri(&L->buf, reg, ti->val);
        break;
    case IR_TEMP_ENV:
        x86_emit_mov_rr(&L->buf, true, reg, JIT_ENV);
        break;
    default:
        if (L->v[t].reg >= 0)
            x86_emit_mov_rr(&L->buf, true, reg, L->v[t].reg);
        else
            x86_emit_load(&L->buf, ti->type == IR_I32 ? X86_S32 : X86_S64, reg,
                          x86_mem(JIT_ENV, jl_home(L, t)));
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

int jl_out_reuse(Lower *L, IRTemp d, IRTemp a)
{
    if (!jl_is_const(L, a) && L->b->temps[a].kind != IR_TEMP_ENV) {
        int ra = jl_in(L, a);
        if (d == a || jl_dies(L, a))
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
        if (t >= 0 && jl_is_global(L, (IRTemp)t)) {
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
        if (t < 0)
            continue;
        if (!jl_dies(L, (IRTemp)t))
            jl_writeback(L, (IRTemp)t);
        if (drop)
            jl_unbind(L, r);
    }
}

void jl_store_pc(Lower *L)
{
    if (L->stored_pc_valid && L->stored_pc == L->cur_pc)
        return;
    X86Mem m = x86_mem(JIT_ENV, (int32_t)offsetof(CPUState, insn_pc));
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

void jl_prepare_fault(Lower *L)
{
    jl_store_pc(L);
    jl_sync_globals(L, false);
}

/* ld_env/st_env that touch a global's home must see (and invalidate) its register. */
void jl_env_access(Lower *L, int32_t off, int size, bool write)
{
    int32_t end = off + (1 << size);
    if (end <= L->glob_lo || off >= L->glob_hi)
        return;
    for (int r = 0; r < 16; r++) {
        int t = L->reg_temp[r];
        if (t < 0 || !jl_is_global(L, (IRTemp)t))
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

void jl_call(Lower *L, const void *fn, int nargs, const JitArg *args, uint32_t flags,
             IRTemp ret, bool ret32)
{
    static const int8_t argreg[6] = { X86_RDI, X86_RSI, X86_RDX, X86_RCX, X86_R8, X86_R9 };
    if (nargs > 6) {
        jl_fail(L);
        return;
    }
    jl_store_pc(L);
    bool reads = !(flags & IR_CALL_NO_READ_GLOBALS), writes = !(flags & IR_CALL_NO_WRITE_GLOBALS);
    if (reads || writes || (flags & IR_CALL_MAY_RAISE))
        jl_sync_globals(L, false);
    for (int r = 0; r < 16; r++) {
        if ((JIT_CALLER_SAVED & BIT(r)) && L->reg_temp[r] >= 0) {
            jl_writeback(L, (IRTemp)L->reg_temp[r]);
            jl_unbind(L, r);
        }
    }
    L->locked &= (uint16_t)~JIT_CALLER_SAVED;
    for (int i = 0; i < nargs; i++) {
        int r = argreg[i];
        switch (args[i].kind) {
        case JA_ENV: x86_emit_mov_rr(&L->buf, true, r, JIT_ENV); break;
        case JA_IMM: x86_emit_mov_ri(&L->buf, r, args[i].v); break;
        default: jl_load_into(L, (IRTemp)args[i].v, r); break;
        }
    }
    x86_emit_call(&L->buf, (uintptr_t)fn);
    if (writes)
        jl_sync_globals(L, true);
    if (ret != IR_NO_TEMP) {
        if (ret32)
            x86_emit_mov_rr(&L->buf, false, X86_RAX, X86_RAX);
        jl_bind_out(L, ret, X86_RAX);
    }
}

/* ---- control flow ---- */

static void jl_label_ref(Lower *L, uint8_t *field, int label)
{
    if (L->nfix == L->capfix) {
        L->capfix = L->capfix ? 2 * L->capfix : 16;
        L->fix = trix_realloc(L->fix, sizeof(JitFixup) * (size_t)L->capfix);
    }
    L->fix[L->nfix++] = (JitFixup){ field, label };
}

static void jl_lower_brcond(Lower *L, const IROp *op)
{
    IRCond cond = (IRCond)ir_op_const(op, 0);
    IRTemp a = op->args[0], b = op->args[1];
    int label = (int)ir_op_const(op, 1);
    if (jl_is_const(L, a) && jl_is_const(L, b))
        cond = ir_cond_eval(cond, (IRType)op->type, jl_const(L, a), jl_const(L, b))
             ? IR_COND_ALWAYS : IR_COND_NEVER;
    if (cond == IR_COND_NEVER) {
        jl_sync_all(L, false);
        return;
    }
    jl_sync_all(L, cond == IR_COND_ALWAYS);
    if (cond == IR_COND_ALWAYS) {
        jl_label_ref(L, x86_emit_jmp_rel32(&L->buf), label);
        return;
    }
    jl_emit_compare(L, (IRType)op->type, &cond, a, b);
    jl_label_ref(L, x86_emit_jcc_rel32(&L->buf, jl_cond(cond)), label);
}

static void jl_exit(Lower *L, int code)
{
    x86_emit_movabs(&L->buf, X86_RAX, (uint64_t)(uintptr_t)L->tb);
    x86_emit_mov_ri32(&L->buf, X86_RDX, (uint32_t)code);
    x86_emit_jmp(&L->buf, jit_rt.epilogue);
}

static void jl_lower_goto_tb(Lower *L, const IROp *op)
{
    unsigned n = op->args[0] & 1;
    jl_sync_all(L, false);
    /* the rel32 must be 4-byte aligned so that patching it is one atomic store */
    int pad = (int)((4 - (x86_here(&L->buf) + 1) % 4) % 4);
    x86_emit_nops(&L->buf, pad);
    uint8_t *field = x86_emit_jmp_rel32(&L->buf);
    if (L->goto_off[n] || L->buf.overflow) {
        jl_fail(L);
        return;
    }
    L->goto_off[n] = (uint32_t)(field - L->buf.start);
}

/* Indirect jump: the block for the current state, if it has host code; else exit. */
void *jit_lookup_code(CPUState *cpu);

static void jl_lower_lookup(Lower *L)
{
    jl_sync_all(L, true);
    x86_emit_mov_rr(&L->buf, true, X86_RDI, JIT_ENV);
    x86_emit_call(&L->buf, (uintptr_t)jit_lookup_code);
    x86_emit_test_rr(&L->buf, true, X86_RAX, X86_RAX);
    uint8_t *miss = x86_emit_jcc_rel8(&L->buf, X86_CC_E);
    x86_emit_jmp_r(&L->buf, X86_RAX);
    if (!L->buf.overflow)
        x86_patch_rel8(&L->buf, miss, x86_here(&L->buf));
    jl_exit(L, TB_EXIT_NOCHAIN);
}

static void jl_lower_call(Lower *L, const IROp *op)
{
    IRHelper *h = ir_helper_get((int)ir_op_const(op, 0));
    if (!h || op->nin > 6) {
        jl_fail(L);
        return;
    }
    JitArg args[IR_MAX_CALL_ARGS];
    for (int i = 0; i < op->nin; i++) {
        IRTemp t = op->args[op->nout + i];
        args[i] = t == IR_TEMP_ENV_PTR ? (JitArg){ JA_ENV, 0 } : (JitArg){ JA_TEMP, t };
    }
    jl_call(L, h->func, op->nin, args, h->flags, op->nout ? op->args[0] : IR_NO_TEMP,
            h->ret == IR_I32);
}

static bool jl_lower_control(Lower *L, const IROp *op)
{
    switch (op->opc) {
    case IR_nop:
        return true;
    case IR_insn_start:
        L->cur_pc = ir_insn_start_pc(op);
        return true;
    case IR_set_label:
        jl_sync_all(L, true);
        L->stored_pc_valid = false;
        L->label_addr[op->args[0]] = x86_here(&L->buf);
        return true;
    case IR_br:
        jl_sync_all(L, true);
        jl_label_ref(L, x86_emit_jmp_rel32(&L->buf), (int)op->args[0]);
        return true;
    case IR_brcond:
        jl_lower_brcond(L, op);
        return true;
    case IR_goto_tb:
        jl_lower_goto_tb(L, op);
        return true;
    case IR_exit_tb:
        jl_sync_all(L, true);
        jl_exit(L, (int)op->args[0]);
        return true;
    case IR_lookup_and_goto:
        jl_lower_lookup(L);
        return true;
    case IR_call:
        jl_lower_call(L, op);
        return true;
    case IR_mb:
        if (op->args[0] & IR_MB_ST_LD)
            x86_emit_mfence(&L->buf);
        return true;
    default:
        return false;
    }
}

/* ---- liveness and the driver ---- */

static void jl_analyze(Lower *L)
{
    IRBlock *b = L->b;
    int *first_bb = malloc(sizeof(int) * (size_t)b->ntemps);
    int32_t lo = INT32_MAX, hi = INT32_MIN;
    for (int t = 0; t < b->ntemps; t++) {
        first_bb[t] = -1;
        L->local[t] = 1;
        L->last_ref[t] = -1;
        L->v[t] = (JitVal){ -1, false, -1 };
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
        for (int k = 0; k < op->nout + op->nin; k++) {
            IRTemp t = op->args[k];
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
    free(first_bb);
}

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
    if (!jl_lower_arith(L, op))
        jl_fail(L);
}

/* Out-of-line code: memory fault paths and the exit-request stub. */
void jit_mem_slow(CPUState *cpu, uint64_t addr, uint32_t memop, uint32_t access);

static void jl_emit_tails(Lower *L)
{
    for (int i = 0; i < L->nslow; i++) {
        JitSlowPath *s = &L->slow[i];
        uintptr_t here = x86_here(&L->buf);
        for (int k = 0; k < 2; k++)
            if (s->field[k] && !L->buf.overflow)
                x86_patch_rel32(&L->buf, s->field[k], here);
        x86_emit_mov_rr(&L->buf, true, X86_RSI, s->addr_reg);
        x86_emit_mov_rr(&L->buf, true, X86_RDI, JIT_ENV);
        x86_emit_mov_ri32(&L->buf, X86_RDX, s->memop);
        x86_emit_mov_ri32(&L->buf, X86_RCX, s->access);
        x86_emit_call(&L->buf, (uintptr_t)jit_mem_slow);
        x86_emit_ud2(&L->buf);
    }
    if (!L->buf.overflow)
        x86_patch_rel32(&L->buf, L->entry_exit_field, x86_here(&L->buf));
    jl_exit(L, TB_EXIT_REQUESTED);
}

static bool jl_resolve_labels(Lower *L)
{
    for (int i = 0; i < L->nfix; i++) {
        uintptr_t a = L->label_addr[L->fix[i].label];
        if (!a || !x86_patch_rel32(&L->buf, L->fix[i].field, a))
            return false;
    }
    return true;
}

static void jl_init(Lower *L, IRBlock *b, TranslationBlock *tb, uint8_t *code, size_t avail)
{
    memset(L, 0, sizeof(*L));
    L->b = b;
    L->tb = tb;
    L->buf = (X86Buf){ code, code, code + avail, cbuf_exec_delta(), false };
    L->v = malloc(sizeof(JitVal) * (size_t)b->ntemps);
    L->last_ref = malloc(sizeof(int) * (size_t)b->ntemps);
    L->local = malloc((size_t)b->ntemps);
    L->label_addr = calloc((size_t)b->nlabels + 1, sizeof(uintptr_t));
    for (int r = 0; r < 16; r++)
        L->reg_temp[r] = -1;
    if (!L->v || !L->last_ref || !L->local || !L->label_addr)
        trix_fatal("out of memory in the JIT");
}

static void jl_fini(Lower *L)
{
    free(L->v);
    free(L->last_ref);
    free(L->local);
    free(L->label_addr);
    free(L->fix);
    free(L->slow);
}

/* Lower b into code[0, avail); returns the bytes used, 0 on failure. Sets *ovf when the
 * failure was only a lack of space. goto_off receives the goto_tb rel32 field offsets. */
size_t jit_lower_block(IRBlock *b, TranslationBlock *tb, uint8_t *code, size_t avail,
                       uint32_t goto_off[2], bool *ovf)
{
    Lower L;
    jl_init(&L, b, tb, code, avail);
    jl_analyze(&L);
    x86_emit_alu_mi(&L.buf, X86_CMP, X86_S32,
                    x86_mem(JIT_ENV, (int32_t)offsetof(CPUState, exit_request)), 0);
    L.entry_exit_field = x86_emit_jcc_rel32(&L.buf, X86_CC_NE);
    for (int i = 0; i < b->nops && !L.failed && !L.buf.overflow; i++) {
        L.op_index = i;
        L.locked = 0;
        jl_lower_op(&L, &b->ops[i]);
        L.locked = 0;
        jl_free_dead(&L, &b->ops[i]);
    }
    x86_emit_ud2(&L.buf);           /* a block never runs off its end */
    jl_emit_tails(&L);
    size_t used = 0;
    *ovf = L.buf.overflow;
    if (!L.failed && !L.buf.overflow && jl_resolve_labels(&L)) {
        used = (size_t)(L.buf.p - code);
        goto_off[0] = L.goto_off[0];
        goto_off[1] = L.goto_off[1];
    }
    jl_fini(&L);
    return used;
}
