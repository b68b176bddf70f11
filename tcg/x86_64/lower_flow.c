/* IR to x86-64: labels and branches, block exits, indirect jumps, calls, fault paths. */
#include <string.h>
#include "lower.h"
#include "jit.h"
#include "trix/softmmu.h"

#define BIT(r) (1u << (r))

static void jl_label_ref(Lower *L, uint8_t *field, int label)
{
    if (L->nfix == L->capfix) {
        L->capfix = L->capfix ? 2 * L->capfix : 16;
        L->fix = trix_realloc(L->fix, sizeof(JitFixup) * (size_t)L->capfix);
    }
    L->fix[L->nfix++] = (JitFixup){ field, label };
}

/* A branch to `label` carries the current pin_dirty there. */
static void jl_branch_pins(Lower *L, int label)
{
    if (L->label_addr[label] && (L->pin_dirty & ~L->label_pin_dirty[label]))
        jl_fail(L);                 /* backward branch bringing pins the label assumed clean */
    L->label_pin_dirty[label] |= L->pin_dirty;
}

/* The self-loop goto_tb slot that `label` starts with, if its first branch can take it. */
static int jl_label_self_slot(const Lower *L, int label)
{
    int i = L->label_op[label];
    if (i < 0 || i + 1 >= L->b->nops || L->label_addr[label])
        return -1;
    const IROp *g = &L->b->ops[i + 1];
    if (g->opc != IR_goto_tb)
        return -1;
    int n = g->args[0] & 1;
    return L->self_loop[n] && !L->jcc_field[n] ? n : -1;
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
    jl_branch_pins(L, label);
    if (cond == IR_COND_ALWAYS) {
        jl_label_ref(L, x86_emit_jmp_rel32(&L->buf), label);
        return;
    }
    jl_emit_compare(L, (IRType)op->type, &cond, a, b);
    int n = jl_label_self_slot(L, label);
    if (n >= 0) {
        /* the branch itself becomes the loop's back edge once the block is self-linked */
        int pad = (int)((4 - (x86_here(&L->buf) + 2) % 4) % 4);
        x86_emit_nops(&L->buf, pad);
        L->jcc_field[n] = x86_emit_jcc_rel32(&L->buf, jl_cond(cond));
        L->jcc_label[n] = label;
        jl_label_ref(L, L->jcc_field[n], label);
        return;
    }
    jl_label_ref(L, x86_emit_jcc_rel32(&L->buf, jl_cond(cond)), label);
}

void jl_exit(Lower *L, int code)
{
    x86_emit_movabs(&L->buf, X86_RAX, (uint64_t)(uintptr_t)L->tb);
    x86_emit_mov_ri32(&L->buf, X86_RDX, (uint32_t)code);
    x86_emit_jmp(&L->buf, jit_rt.epilogue);
}

/* A jmp rel32 to the next instruction whose field is 4-byte aligned (patched atomically). */
static uint8_t *jl_emit_patchable_jmp(Lower *L)
{
    int pad = (int)((4 - (x86_here(&L->buf) + 1) % 4) % 4);
    x86_emit_nops(&L->buf, pad);
    return x86_emit_jmp_rel32(&L->buf);
}

/*
 * goto_tb n: the self-loop slot first (linked, it jumps to the header with the pins still
 * in their registers), then the pins are stored and the chaining slot follows.
 */
static void jl_lower_goto_tb(Lower *L, const IROp *op)
{
    unsigned n = op->args[0] & 1;
    jl_sync_all(L, false);
    if (L->self_loop[n]) {
        if (L->pin_dirty & ~L->header_dirty)
            jl_fail(L);
        uint8_t *self = jl_emit_patchable_jmp(L);
        if (L->self_off[n] || L->buf.overflow) {
            jl_fail(L);
            return;
        }
        L->self_off[n] = (uint32_t)(self - L->buf.start);
    }
    jl_store_pins(L, L->pin_dirty);
    L->pin_dirty = 0;               /* the fall-through exit needs no second copy */
    uint8_t *field = jl_emit_patchable_jmp(L);
    if (L->goto_off[n] || L->buf.overflow) {
        jl_fail(L);
        return;
    }
    L->goto_off[n] = (uint32_t)(field - L->buf.start);
}

/* Indirect jump: the block for the current state, if it has host code; else exit. */
void *jit_lookup_code(CPUState *cpu);

/*
 * The per-CPU jump cache is probed inline with the key's cs_base and flags taken from the
 * current block (TargetOps.pc_offset): in user mode they do not change; in system mode only
 * helpers change them (CSR writes, trap returns, FS becoming dirty), so blocks with calls
 * use jit_lookup_code. A hit is what tb_lookup would return (system mode clears the jump
 * cache on every TLB flush).
 */
static void jl_inline_lookup(Lower *L, int pc_reg)
{
    const TranslationBlock *tb = L->tb;
    if (jit_pc_offset < 0 || (exec_softmmu && L->has_calls) || log_enabled(LOG_NOCHAIN) ||
        tb->cs_base)           /* x86 legacy modes: the pc global is an offset from it */
        return;
    X86Buf *B = &L->buf;
    uint8_t *miss[4];
    if (pc_reg >= 0)            /* just stored: avoid reloading it (store forwarding) */
        x86_emit_mov_rr(B, true, X86_RAX, pc_reg);
    else
        x86_emit_load(B, X86_S64, X86_RAX, jl_env_mem(jit_pc_offset));
    x86_emit_mov_rr(B, true, X86_RCX, X86_RAX);
    x86_emit_shift_ri(B, X86_SHR, true, X86_RCX, 1);
    x86_emit_mov_rr(B, true, X86_RDX, X86_RAX);
    x86_emit_shift_ri(B, X86_SHR, true, X86_RDX, TB_JMP_CACHE_BITS + 1);
    x86_emit_alu_rr(B, X86_XOR, false, X86_RCX, X86_RDX);
    x86_emit_alu_ri(B, X86_AND, false, X86_RCX, TB_JMP_CACHE_SIZE - 1);
    x86_emit_load(B, X86_S64, X86_RCX, x86_mem_idx(JIT_ENV, X86_RCX, 8,
                  (int32_t)offsetof(CPUState, tb_jmp_cache) - jit_rt.env_bias));
    x86_emit_test_rr(B, true, X86_RCX, X86_RCX);
    miss[0] = x86_emit_jcc_rel8(B, X86_CC_E);
    x86_emit_alu_rm(B, X86_CMP, true, X86_RAX,
                    x86_mem(X86_RCX, (int32_t)offsetof(TranslationBlock, pc)));
    miss[1] = x86_emit_jcc_rel8(B, X86_CC_NE);
    x86_emit_alu_mi(B, X86_CMP, X86_S32, x86_mem(X86_RCX, (int32_t)offsetof(TranslationBlock, flags)),
                    (int32_t)tb->flags);
    miss[2] = x86_emit_jcc_rel8(B, X86_CC_NE);
    x86_emit_alu_mi(B, X86_CMP, X86_S64,
                    x86_mem(X86_RCX, (int32_t)offsetof(TranslationBlock, cs_base)),
                    (int32_t)tb->cs_base);
    miss[3] = x86_emit_jcc_rel8(B, X86_CC_NE);
    x86_emit_load(B, X86_S64, X86_RCX,
                  x86_mem(X86_RCX, (int32_t)offsetof(TranslationBlock, host_code)));
    x86_emit_test_rr(B, true, X86_RCX, X86_RCX);
    uint8_t *interp = x86_emit_jcc_rel8(B, X86_CC_E);
    x86_emit_jmp_r(B, X86_RCX);
    if (B->overflow)
        return;
    for (int i = 0; i < 4; i++)
        x86_patch_rel8(B, miss[i], x86_here(B));
    x86_patch_rel8(B, interp, x86_here(B));
}

/* The register holding the guest pc global, or -1. */
static int jl_pc_reg(const Lower *L)
{
    for (int r = 0; r < 16; r++) {
        int t = L->reg_temp[r];
        if (t >= 0 && L->b->temps[t].kind == IR_TEMP_GLOBAL &&
            L->b->temps[t].env_off == jit_pc_offset)
            return r;
    }
    return -1;
}

static void jl_lower_lookup(Lower *L)
{
    int pc_reg = jit_pc_offset >= 0 ? jl_pc_reg(L) : -1;
    jl_sync_all(L, true);           /* stores and forgets values; registers keep them */
    jl_store_pins(L, L->pin_dirty);
    jl_inline_lookup(L, pc_reg);
    jl_emit_env_ptr(L, X86_RDI);
    x86_emit_call(&L->buf, (uintptr_t)jit_lookup_code);
    x86_emit_test_rr(&L->buf, true, X86_RAX, X86_RAX);
    uint8_t *miss = x86_emit_jcc_rel8(&L->buf, X86_CC_E);
    x86_emit_jmp_r(&L->buf, X86_RAX);
    if (!L->buf.overflow)
        x86_patch_rel8(&L->buf, miss, x86_here(&L->buf));
    jl_exit(L, TB_EXIT_NOCHAIN);
}

/* Does this goto_tb exit continue on another page (system mode never links it)? */
static bool jl_exit_crosses_page(const Lower *L)
{
    for (int i = L->op_index - 1; i >= 0; i--) {
        const IROp *op = &L->b->ops[i];
        if (op->opc == IR_insn_start)
            continue;
        if (op->opc != IR_mov)
            return false;
        const IRTempInfo *d = &L->b->temps[op->args[0]], *v = &L->b->temps[op->args[1]];
        return d->kind == IR_TEMP_GLOBAL && d->env_off == jit_pc_offset &&
               v->kind == IR_TEMP_CONST && ((v->val ^ L->tb->pc) & TARGET_PAGE_MASK) != 0;
    }
    return false;
}

/* exit_tb; in system mode a goto_tb exit to another page (which is never linked) first
 * tries the jump cache, like lookup_and_goto. */
static void jl_lower_exit_tb(Lower *L, int code)
{
    int pc_reg = jit_pc_offset >= 0 ? jl_pc_reg(L) : -1;
    jl_sync_all(L, true);
    jl_store_pins(L, L->pin_dirty);
    if (exec_softmmu && code <= TB_EXIT_JUMP1 && jit_pc_offset >= 0 &&
        !log_enabled(LOG_NOCHAIN) && jl_exit_crosses_page(L))
        jl_inline_lookup(L, pc_reg);
    jl_exit(L, code);
}

/* An IR_CALL_HOST_SSE call with constant arguments: its instruction on xmm0, xmm1 (scratch,
 * like the vector ops'), loaded from and stored to the CPU state. */
bool jl_call_is_host_sse(const Lower *L, const IROp *op)
{
    IRHelper *h = ir_helper_get((int)ir_op_const(op, 0));
    if (!h || !(h->flags & IR_CALL_HOST_SSE) || op->nin != 5 || op->nout)
        return false;
    for (int i = 1; i < 5; i++)
        if (!jl_is_const(L, op->args[i]))
            return false;
    return true;
}

static void jl_host_sse(Lower *L, const IROp *op)
{
    X86Buf *B = &L->buf;
    uint32_t insn = (uint32_t)jl_const(L, op->args[1]);
    int32_t a = (int32_t)jl_const(L, op->args[3]);
    /* xmm0 still holds the previous host SSE op's result when only insn_starts came between */
    bool have_a = false;
    if (L->sse_op >= 0 && L->sse_d == a) {
        have_a = true;
        for (int k = L->sse_op + 1; k < L->op_index; k++)
            have_a &= L->b->ops[k].opc == IR_insn_start;
    }
    if (!have_a)
        x86_emit_sse_load(B, false, 0, jl_env_mem(a));
    x86_emit_sse_load(B, false, 1, jl_env_mem((int32_t)jl_const(L, op->args[4])));
    x86_emit_sse_any_rr(B, ir_sse_prefix(insn), (uint8_t)ir_sse_opc(insn), 0, 1,
                        ir_sse_has_imm(insn) ? (int)ir_sse_imm(insn) : -1);
    x86_emit_sse_store(B, jl_env_mem((int32_t)jl_const(L, op->args[2])), 0);
    L->sse_op = L->op_index;
    L->sse_d = (int32_t)jl_const(L, op->args[2]);
}

static void jl_lower_call(Lower *L, const IROp *op)
{
    if (jl_call_is_host_sse(L, op)) {
        jl_host_sse(L, op);
        return;
    }
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

static void jl_set_label(Lower *L, int label)
{
    jl_sync_all(L, true);
    L->stored_pc_valid = false;
    L->pin_dirty |= L->label_pin_dirty[label];
    L->label_pin_dirty[label] = L->pin_dirty;
    L->label_addr[label] = x86_here(&L->buf);
}

bool jl_lower_control(Lower *L, const IROp *op)
{
    switch (op->opc) {
    case IR_nop:
        return true;
    case IR_insn_start:
        L->cur_pc = ir_insn_start_pc(op);
        return true;
    case IR_set_label:
        jl_set_label(L, (int)op->args[0]);
        return true;
    case IR_br:
        jl_sync_all(L, true);
        jl_branch_pins(L, (int)op->args[0]);
        jl_label_ref(L, x86_emit_jmp_rel32(&L->buf), (int)op->args[0]);
        return true;
    case IR_brcond:
        jl_lower_brcond(L, op);
        return true;
    case IR_goto_tb:
        jl_lower_goto_tb(L, op);
        return true;
    case IR_exit_tb:
        jl_lower_exit_tb(L, (int)op->args[0]);
        return true;
    case IR_lookup_and_goto:
        jl_lower_lookup(L);
        return true;
    case IR_call:
        jl_lower_call(L, op);
        return true;
    case IR_discard:
        return true;
    case IR_mb:
        if (op->args[0] & IR_MB_ST_LD)
            x86_emit_mfence(&L->buf);
        return true;
    default:
        return false;
    }
}

/* ---- faulting accesses ---- */

/* Registers holding globals newer than their homes. */
static void jl_snapshot_spills(Lower *L, JitFaultSite *s)
{
    s->nspill = 0;
    for (int r = 0; r < 16; r++) {
        int t = L->reg_temp[r];
        if (t < 0 || L->b->temps[t].kind != IR_TEMP_GLOBAL)
            continue;
        const JitVal *v = &L->v[t];
        bool dirty = v->pin >= 0 ? (L->pin_dirty & BIT(v->pin)) != 0 : v->dirty;
        if (dirty && s->nspill < (int)ARRAY_SIZE(s->spill))
            s->spill[s->nspill++] = (JitSpill){ (int8_t)r, v->home };
    }
}

/*
 * Record a guest memory access at the current point. Every register the access sequence
 * writes before its memory instruction must be allocated already (the spill map is taken
 * here). User mode: emits the range (and alignment) checks branching to the fault path.
 */
JitFaultSite *jl_fault_site(Lower *L, int addr_reg, MemOp mo, MMUAccessType access)
{
    if (L->nsites == L->capsites) {
        L->capsites = L->capsites ? 2 * L->capsites : 8;
        L->sites = trix_realloc(L->sites, sizeof(JitFaultSite) * (size_t)L->capsites);
    }
    JitFaultSite *s = &L->sites[L->nsites++];
    memset(s, 0, sizeof(*s));
    s->addr_reg = addr_reg;
    s->memop = (uint32_t)mo;
    s->access = (uint32_t)access;
    s->insn_pc = L->cur_pc;
    s->val_reg = s->out_reg = -1;
    jl_snapshot_spills(L, s);
    if (exec_softmmu)
        return s;
    int size = mo & MO_SIZE;
    x86_emit_alu_rm(&L->buf, X86_CMP, true, addr_reg, x86_mem_rip((const void *)jit_rt.limit[size]));
    s->field[0] = x86_emit_jcc_rel32(&L->buf, X86_CC_A);
    if ((mo & MO_ALIGN) && size) {
        x86_emit_test_ri(&L->buf, false, addr_reg, (1 << size) - 1);
        s->field[1] = x86_emit_jcc_rel32(&L->buf, X86_CC_NE);
    }
    return s;
}

void jit_mem_slow(CPUState *cpu, uint64_t addr, uint32_t memop, uint32_t access);

static void jl_emit_spills(Lower *L, const JitFaultSite *s)
{
    for (int i = 0; i < s->nspill; i++)
        x86_emit_store(&L->buf, X86_S64, jl_env_mem(s->spill[i].home), s->spill[i].reg);
    L->cur_pc = s->insn_pc;
    L->stored_pc_valid = false;
    jl_store_pc(L);
}

static void jl_emit_fault_tail(Lower *L, JitFaultSite *s)
{
    uintptr_t here = x86_here(&L->buf);
    for (int k = 0; k < 2; k++)
        if (s->field[k] && !L->buf.overflow)
            x86_patch_rel32(&L->buf, s->field[k], here);
    jl_emit_spills(L, s);
    x86_emit_mov_rr(&L->buf, true, X86_RSI, s->addr_reg);
    jl_emit_env_ptr(L, X86_RDI);
    x86_emit_mov_ri32(&L->buf, X86_RDX, s->memop);
    x86_emit_mov_ri32(&L->buf, X86_RCX, s->access);
    x86_emit_call(&L->buf, (uintptr_t)jit_mem_slow);
    x86_emit_ud2(&L->buf);
}

int jl_cold(Lower *L, uint8_t *field, int kind, int rd, int ra, bool w)
{
    if (L->ncold == L->capcold) {
        L->capcold = L->capcold ? 2 * L->capcold : 8;
        L->cold = trix_realloc(L->cold, sizeof(JitColdStub) * (size_t)L->capcold);
    }
    L->cold[L->ncold] = (JitColdStub){ field, NULL, kind, rd, ra, w };
    return L->ncold++;
}

void jl_cold_resume(Lower *L, int stub)
{
    L->cold[stub].resume = L->buf.p;
}

static void jl_emit_cold(Lower *L, const JitColdStub *c)
{
    X86Buf *B = &L->buf;
    if (!B->overflow)
        x86_patch_rel32(B, c->field, x86_here(B));
    switch (c->kind) {
    case JIT_COLD_ONES:
        if (c->w)
            x86_emit_mov_ri64s(B, c->rd, -1);
        else
            x86_emit_mov_ri32(B, c->rd, 0xffffffffu);
        break;
    case JIT_COLD_COPY:         /* w false: the low 32 bits, zero-extended */
        x86_emit_mov_rr(B, c->w, c->rd, c->ra);
        break;
    case JIT_COLD_NEG:
        x86_emit_mov_rr(B, true, c->rd, c->ra);
        x86_emit_unary(B, X86_NEG, c->w, c->rd);
        break;
    case JIT_COLD_DIV0:         /* rd: copy all 64 bits of ra (else the low 32) */
        x86_emit_mov_rr(B, c->rd != 0, X86_RDX, c->ra);
        if (c->w)
            x86_emit_mov_ri64s(B, X86_RAX, -1);
        else
            x86_emit_mov_ri32(B, X86_RAX, 0xffffffffu);
        break;
    case JIT_COLD_DIVM1:
        x86_emit_mov_rr(B, true, X86_RAX, c->ra);
        x86_emit_unary(B, X86_NEG, c->w, X86_RAX);
        x86_emit_alu_rr(B, X86_XOR, false, X86_RDX, X86_RDX);
        break;
    default:
        x86_emit_alu_rr(B, X86_XOR, false, c->rd, c->rd);
        break;
    }
    x86_emit_jmp(B, x86_exec_addr(B, c->resume));
}

/* Out-of-line code: cold paths, fault and TLB-miss paths, then the exit-request stub. */
void jl_emit_tails(Lower *L)
{
    for (int i = 0; i < L->ncold; i++)
        jl_emit_cold(L, &L->cold[i]);
    for (int i = 0; i < L->nsites; i++) {
        if (L->sites[i].is_tlb)
            jl_emit_tlb_tail(L, &L->sites[i]);
        else
            jl_emit_fault_tail(L, &L->sites[i]);
    }
    if (!L->buf.overflow)
        x86_patch_rel32(&L->buf, L->entry_exit_field, x86_here(&L->buf));
    jl_store_pins(L, L->header_dirty);
    jl_exit(L, TB_EXIT_REQUESTED);
}

bool jl_resolve_labels(Lower *L)
{
    for (int i = 0; i < L->nfix; i++) {
        uintptr_t a = L->label_addr[L->fix[i].label];
        if (!a || !x86_patch_rel32(&L->buf, L->fix[i].field, a))
            return false;
    }
    return true;
}

/* Append the fault table (JitFaultRec); returns its offset from the code start. */
size_t jl_emit_fault_table(Lower *L)
{
    X86Buf *B = &L->buf;
    while ((uintptr_t)B->p & 7)
        x86_emit_byte(B, 0xcc);
    size_t off = (size_t)(B->p - B->start);
    x86_emit_u32(B, (uint32_t)L->nsites);
    x86_emit_u32(B, 0);
    for (int i = 0; i < L->nsites; i++) {
        const JitFaultSite *s = &L->sites[i];
        x86_emit_u32(B, s->host_off);
        x86_emit_u32(B, (uint32_t)s->nspill);
        x86_emit_u64(B, s->insn_pc);
        for (int k = 0; k < s->nspill; k++)
            x86_emit_u32(B, (uint32_t)s->spill[k].home << 8 | (uint8_t)s->spill[k].reg);
        if (s->nspill & 1)
            x86_emit_u32(B, 0);
    }
    return off;
}
