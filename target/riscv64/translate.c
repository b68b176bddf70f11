/* riscv64 frontend: the translation loop and shared emission helpers; instructions live in
 * the trans_*.c.inc files included at the bottom, dispatched by the generated decoders. */
#include "translate.h"

static DisasContext *cur_ctx;   /* only for field functions that need no context */

IRTemp tmp64(DisasContext *ctx) { return ir_new_temp(ctx->b, IR_I64); }

IRTemp get_gpr(DisasContext *ctx, int r)
{
    return r == 0 ? ir_const64(ctx->b, 0) : ir_global(RV_G_GPR + r - 1);
}

IRTemp dest_gpr(DisasContext *ctx, int r)
{
    return r == 0 ? tmp64(ctx) : ir_global(RV_G_GPR + r - 1);
}

void set_gpr(DisasContext *ctx, int r, IRTemp v)
{
    if (r != 0 && v != ir_global(RV_G_GPR + r - 1))
        ir_mov(ctx->b, IR_I64, ir_global(RV_G_GPR + r - 1), v);
}

void gen_exception(DisasContext *ctx, int excp)
{
    ir_movi(ctx->b, IR_I64, G_PC, ctx->pc);
    ir_callv(ctx->b, &helper_info_raise_exception, IR_NO_TEMP, IR_TEMP_ENV_PTR,
             ir_const32(ctx->b, excp));
    ctx->is_jmp = DISAS_NORETURN;
}

bool gen_illegal(DisasContext *ctx)
{
    ir_movi(ctx->b, IR_I64, G_PC, ctx->pc);
    ir_callv(ctx->b, &helper_info_raise_exception_tval, IR_NO_TEMP, IR_TEMP_ENV_PTR,
             ir_const32(ctx->b, RV_EXCP_ILLEGAL_INST), ir_const64(ctx->b, ctx->insn));
    ctx->is_jmp = DISAS_NORETURN;
    return true;
}

void gen_goto_tb(DisasContext *ctx, int n, uint64_t dest)
{
    ir_goto_tb(ctx->b, n);
    ir_movi(ctx->b, IR_I64, G_PC, dest);
    ir_exit_tb(ctx->b, TB_EXIT_JUMP0 + n);
}

void gen_jump_reg(DisasContext *ctx, IRTemp dest)
{
    ir_mov(ctx->b, IR_I64, G_PC, dest);
    ir_lookup_and_goto(ctx->b);
}

void gen_end_block_lookup(DisasContext *ctx)
{
    ir_movi(ctx->b, IR_I64, G_PC, ctx->pc_next);
    ir_lookup_and_goto(ctx->b);
    ctx->is_jmp = DISAS_NORETURN;
}

/* Field functions for the decoders (!function=...). */
#include "decode_fields.c.inc"

#include "decode-insn32.c.inc"
#include "decode-insn16.c.inc"

#include "trans_rvi.c.inc"
#include "trans_rvm.c.inc"
#include "trans_rva.c.inc"
#include "trans_rvb.c.inc"
#include "trans_rvzicsr.c.inc"
#include "trans_rvf.c.inc"
#include "trans_rvc.c.inc"
#include "trans_rvpriv.c.inc"

/* Raise an instruction fetch fault for the block's first instruction. In system mode the
 * walk is redone to tell a page fault from an access fault (PMP, no memory there). */
static NORETURN void rv_fetch_fault(CPUState *cs, uint64_t pc, uint64_t addr)
{
    RVCPU *env = rv_cpu(cs);
    MemFaultKind kind = FAULT_PAGE;
    if (env->sys) {
        uint64_t pa;
        int prot, shift;
        RVXlateResult r = rv_translate_addr(env, addr, MMU_INST_FETCH, rv_mmu_index(env, true),
                                            &pa, &prot, &shift);
        kind = r == RV_XLATE_PAGE_FAULT ? FAULT_PAGE : FAULT_ACCESS;
    }
    env->pc = pc;
    cs->target->mem_fault(cs, addr, MMU_INST_FETCH, kind);
    cpu_loop_exit(cs, cs->exception_index);
}

/* F/D opcodes, including the compressed loads and stores (RV64 has no C.FLW/C.FSW). */
static bool rv_insn_is_fp(const DisasContext *ctx)
{
    uint32_t i = ctx->insn;
    if (ctx->ilen == 2) {
        unsigned quadrant = i & 3, f3 = (i >> 13) & 7;
        return (quadrant == 0 || quadrant == 2) && (f3 == 1 || f3 == 5);
    }
    switch (i & 0x7f) {
    case 0x07: case 0x27: case 0x43: case 0x47: case 0x4b: case 0x4f: case 0x53:
        return true;
    default:
        return false;
    }
}

/* System mode: FP instructions are illegal with mstatus.FS Off and make it Dirty otherwise
 * (once per block; blocks translated while Dirty need nothing). False: the insn is done. */
static bool rv_fp_gate(DisasContext *ctx)
{
    if (!ctx->sys || !rv_insn_is_fp(ctx))
        return true;
    if (ctx->flags & RV_TBF_FS_OFF) {
        gen_illegal(ctx);
        return false;
    }
    if ((ctx->flags & RV_TBF_FS_CLEAN) && !ctx->fs_marked) {
        ir_callv(ctx->b, &helper_info_mark_fs_dirty, IR_NO_TEMP, IR_TEMP_ENV_PTR);
        ctx->fs_marked = true;
    }
    return true;
}

static DisasContext *rv_ctx(DisasContextBase *db) { return (DisasContext *)db; }

/* Fetch the instruction at db->pc_cur; false when it cannot be (the first one faults). */
static bool rv_fetch_insn(DisasContextBase *db, CPUState *cs)
{
    DisasContext *ctx = rv_ctx(db);
    bool first = db->num_insns == 0;
    uint16_t lo, hi;
    ctx->pc = db->pc_cur;
    if (!translator_fetch(cs, ctx->pc, &lo, 2)) {
        if (first)
            rv_fetch_fault(cs, ctx->pc, ctx->pc);
        return false;
    }
    if ((lo & 3) != 3) {
        ctx->ilen = 2;
        ctx->insn = lo;
    } else {
        if (!translator_fetch(cs, ctx->pc + 2, &hi, 2)) {
            if (first)
                rv_fetch_fault(cs, ctx->pc, ctx->pc + 2);
            return false;
        }
        ctx->ilen = 4;
        ctx->insn = lo | (uint32_t)hi << 16;
    }
    ctx->pc_next = db->pc_next = ctx->pc + ctx->ilen;
    return true;
}

static void rv_insn_start(DisasContextBase *db, CPUState *cs)
{
    ir_insn_start(db->b, db->pc_cur);
}

static void rv_translate_insn(DisasContextBase *db, CPUState *cs)
{
    DisasContext *ctx = rv_ctx(db);
    if (rv_fp_gate(ctx)) {
        bool ok = ctx->ilen == 2 ? has_c(ctx) && decode_insn16(ctx, ctx->insn)
                                 : decode_insn32(ctx, ctx->insn);
        if (!ok)
            gen_illegal(ctx);
    }
    db->is_jmp = ctx->is_jmp;
    db->pc_next = ctx->pc_next;
}

static void rv_tb_stop(DisasContextBase *db, CPUState *cs)
{
    if (db->is_jmp != DISAS_NORETURN)
        gen_goto_tb(rv_ctx(db), 0, db->pc_next);
}

static const TranslatorOps rv_translator_ops = {
    .fetch_insn = rv_fetch_insn,
    .insn_start = rv_insn_start,
    .translate_insn = rv_translate_insn,
    .tb_stop = rv_tb_stop,
};

void rv_translate_block(CPUState *cs, IRBlock *b, TranslationBlock *tb)
{
    DisasContext ctx = { .cs = cs, .b = b, .tb = tb, .pc = tb->pc, .is_jmp = DISAS_NEXT,
                         .flags = tb->flags, .priv = (int)(tb->flags & RV_TBF_PRIV_MASK),
                         .mem_idx = (int)(tb->flags >> RV_TBF_MMU_SHIFT) & 7,
                         .sys = rv_cpu(cs)->sys, .ext = rv_cpu(cs)->ext };
    cur_ctx = &ctx;
    translator_loop(&rv_translator_ops, &ctx.base, cs, b, tb);
    cur_ctx = NULL;
}
