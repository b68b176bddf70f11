/* arm64 frontend: its hooks for the shared translator loop and the emission helpers;
 * instructions live in the trans_*.c.inc files included at the bottom, dispatched by the
 * generated decoder. */
#include "translate.h"
#include "sys_internal.h"
#include "trix/softmmu.h"
#include "trix/machine.h"

/* Emission helpers shared by the trans_*.c.inc files of this translation unit. */
static IRTemp tmp64(DisasContext *ctx);
static IRTemp tmp32(DisasContext *ctx);
/* Register 31 read as XZR (constant 0) or as SP. */
static IRTemp cpu_reg(DisasContext *ctx, int r);
static IRTemp cpu_reg_sp(DisasContext *ctx, int r);
/* Write a 64-bit value, or (sf == 0) its low 32 bits zero-extended; 31 is XZR / SP. */
static void set_reg(DisasContext *ctx, int r, IRTemp v, int sf);
static void set_reg_sp(DisasContext *ctx, int r, IRTemp v, int sf);
/* A 64-bit temp holding register r truncated to 32 bits when !sf. */
static IRTemp read_reg(DisasContext *ctx, int r, int sf);

/* NZCV: N and Z from a result (of width sf), C and V given. */
static void gen_set_nz(DisasContext *ctx, IRTemp res, int sf);
/* d = a + b + cin with NZCV (cin: constant 0 or a 0/1 temp); 64-bit temps in and out. */
static void gen_add_cc(DisasContext *ctx, int sf, IRTemp d, IRTemp a, IRTemp b, IRTemp cin);
/* d = a - b - (1 - cin) with NZCV; cin = constant 1 for SUBS. */
static void gen_sub_cc(DisasContext *ctx, int sf, IRTemp d, IRTemp a, IRTemp b, IRTemp cin);
/* A 0/1 temp: condition cond (arm encoding) holds. */
static IRTemp gen_cond_val(DisasContext *ctx, int cond);

/* Raise an exception at this instruction (pc = ctx->pc) and end the block. */
static void gen_exception(DisasContext *ctx, int excp);
/* UNDEF: SIGILL at this instruction. Returns true (the encoding was handled). */
static bool gen_undef(DisasContext *ctx);
static void gen_goto_tb(DisasContext *ctx, int n, uint64_t dest);
static void gen_jump_reg(DisasContext *ctx, IRTemp dest);


static IRTemp tmp64(DisasContext *ctx) { return ir_new_temp(ctx->b, IR_I64); }
static IRTemp tmp32(DisasContext *ctx) { return ir_new_temp(ctx->b, IR_I32); }

#include "flags.c.inc"

static IRTemp cpu_reg(DisasContext *ctx, int r)
{
    return r == 31 ? ir_const64(ctx->b, 0) : ir_global(A64_G_X + r);
}

static IRTemp cpu_reg_sp(DisasContext *ctx, int r)
{
    return r == 31 ? G_SP : ir_global(A64_G_X + r);
}

static void set_reg_to(DisasContext *ctx, IRTemp dst, IRTemp v, int sf)
{
    if (sf) {
        if (dst != v)
            ir_mov(ctx->b, IR_I64, dst, v);
    } else {
        ir_ext32u(ctx->b, dst, v);
    }
}

static void set_reg(DisasContext *ctx, int r, IRTemp v, int sf)
{
    if (r != 31)
        set_reg_to(ctx, ir_global(A64_G_X + r), v, sf);
}

static void set_reg_sp(DisasContext *ctx, int r, IRTemp v, int sf)
{
    set_reg_to(ctx, cpu_reg_sp(ctx, r), v, sf);
}

static IRTemp read_reg(DisasContext *ctx, int r, int sf)
{
    if (sf || r == 31)
        return cpu_reg(ctx, r);
    IRTemp t = tmp64(ctx);
    ir_ext32u(ctx->b, t, cpu_reg(ctx, r));
    return t;
}

static void gen_set_nz(DisasContext *ctx, IRTemp res, int sf)
{
    IRBlock *b = ctx->b;
    if (sf) {
        ir_shri(b, IR_I64, G_NF, res, 63);
        ir_setcondi(b, IR_I64, IR_COND_EQ, G_ZF, res, 0);
    } else {
        IRTemp t = tmp64(ctx);
        ir_extract(b, IR_I64, G_NF, res, 31, 1);
        ir_ext32u(b, t, res);
        ir_setcondi(b, IR_I64, IR_COND_EQ, G_ZF, t, 0);
    }
}

/* The 32-bit forms compute C and V with I32 flag ops on the truncated operands. */
static void gen_flags32(DisasContext *ctx, IROpcode co, IROpcode vo, IRTemp a, IRTemp x,
                        IRTemp c)
{
    IRBlock *b = ctx->b;
    IRTemp a32 = tmp32(ctx), x32 = tmp32(ctx), c32 = tmp32(ctx), f = tmp32(ctx);
    ir_extrl_i64_i32(b, a32, a);
    ir_extrl_i64_i32(b, x32, x);
    ir_extrl_i64_i32(b, c32, c);
    ir_flag_op(b, co, IR_I32, f, a32, x32, c32);
    ir_extu_i32_i64(b, G_CF, f);
    f = tmp32(ctx);
    ir_flag_op(b, vo, IR_I32, f, a32, x32, c32);
    ir_extu_i32_i64(b, G_VF, f);
}

static void gen_add_cc(DisasContext *ctx, int sf, IRTemp d, IRTemp a, IRTemp x, IRTemp cin)
{
    IRBlock *b = ctx->b;
    IRTemp r = tmp64(ctx), c = tmp64(ctx);
    bool plain = ir_temp_is_const(b, cin) && b->temps[cin].val == 0;
    IRTemp ka = plain ? gen_cc_snapshot(ctx, a) : a, kx = plain ? gen_cc_snapshot(ctx, x) : x;
    ir_mov(b, IR_I64, c, cin);          /* cin may be G_CF, which the next ops overwrite */
    ir_add(b, IR_I64, r, a, x);
    ir_add(b, IR_I64, r, r, c);
    if (sf) {
        ir_addvo(b, IR_I64, G_VF, a, x, c);
        ir_addco(b, IR_I64, G_CF, a, x, c);
    } else {
        gen_flags32(ctx, IR_addco, IR_addvo, a, x, c);
    }
    gen_set_nz(ctx, r, sf);
    ir_mov(b, IR_I64, d, r);
    ctx->cc.kind = A64_CC_NONE;
    if (plain)
        gen_cc_record(ctx, A64_CC_ADD, sf, ka, kx, r);
}

/* SUBS/CMP of 32 bits: r = the zero-extended difference from one 32-bit subtraction,
 * followed directly by the ops of N, C, V and Z on the same operands, so that the JIT
 * reads them all from that subtraction's host flags (docs/jit.md "Host flags reuse"). */
static void gen_sub32_cc(DisasContext *ctx, IRTemp r, IRTemp a, IRTemp x)
{
    IRBlock *b = ctx->b;
    IRTemp a32 = tmp32(ctx), x32 = tmp32(ctx), r32 = tmp32(ctx);
    IRTemp n = tmp32(ctx), c = tmp32(ctx), v = tmp32(ctx), z = tmp32(ctx);
    ir_extrl_i64_i32(b, a32, a);
    ir_extrl_i64_i32(b, x32, x);
    ir_sub(b, IR_I32, r32, a32, x32);
    ir_shri(b, IR_I32, n, r32, 31);
    ir_setcond(b, IR_I32, IR_COND_GEU, c, a32, x32);
    ir_subvo(b, IR_I32, v, a32, x32, ir_const32(b, 0));
    ir_setcond(b, IR_I32, IR_COND_EQ, z, a32, x32);
    ir_extu_i32_i64(b, G_NF, n);
    ir_extu_i32_i64(b, G_CF, c);
    ir_extu_i32_i64(b, G_VF, v);
    ir_extu_i32_i64(b, G_ZF, z);
    ir_extu_i32_i64(b, r, r32);
}

/* arm's C after a subtraction is NOT borrow; the borrow in is 1 - C. */
static void gen_sub_cc(DisasContext *ctx, int sf, IRTemp d, IRTemp a, IRTemp x, IRTemp cin)
{
    IRBlock *b = ctx->b;
    IRTemp r = tmp64(ctx), bin = tmp64(ctx);
    bool plain = ir_temp_is_const(b, cin) && b->temps[cin].val == 1;
    IRTemp ka = plain ? gen_cc_snapshot(ctx, a) : a, kx = plain ? gen_cc_snapshot(ctx, x) : x;
    if (plain && !sf) {
        gen_sub32_cc(ctx, r, a, x);
        ir_mov(b, IR_I64, d, r);
        ctx->cc.kind = A64_CC_NONE;
        gen_cc_record(ctx, A64_CC_SUB, sf, ka, kx, r);
        return;
    }
    ir_xori(b, IR_I64, bin, cin, 1);
    ir_sub(b, IR_I64, r, a, x);
    ir_sub(b, IR_I64, r, r, bin);
    if (sf) {
        ir_subbo(b, IR_I64, G_CF, a, x, bin);
        ir_subvo(b, IR_I64, G_VF, a, x, bin);
    } else {
        gen_flags32(ctx, IR_subbo, IR_subvo, a, x, bin);
    }
    ir_xori(b, IR_I64, G_CF, G_CF, 1);
    gen_set_nz(ctx, r, sf);
    ir_mov(b, IR_I64, d, r);
    ctx->cc.kind = A64_CC_NONE;
    if (plain)
        gen_cc_record(ctx, A64_CC_SUB, sf, ka, kx, r);
}

static IRTemp gen_cond_val(DisasContext *ctx, int cond)
{
    IRBlock *b = ctx->b;
    IRTemp t = gen_cc_cond_val(ctx, cond);
    if (t != IR_NO_TEMP)
        return t;
    t = tmp64(ctx);
    switch (cond >> 1) {
    case 0: ir_mov(b, IR_I64, t, G_ZF); break;                      /* EQ */
    case 1: ir_mov(b, IR_I64, t, G_CF); break;                      /* CS */
    case 2: ir_mov(b, IR_I64, t, G_NF); break;                      /* MI */
    case 3: ir_mov(b, IR_I64, t, G_VF); break;                      /* VS */
    case 4: ir_andc(b, IR_I64, t, G_CF, G_ZF); break;               /* HI */
    case 5: ir_eqv(b, IR_I64, t, G_NF, G_VF);                       /* GE */
            ir_andi(b, IR_I64, t, t, 1); break;
    case 6: ir_xor(b, IR_I64, t, G_NF, G_VF);                       /* GT */
            ir_or(b, IR_I64, t, t, G_ZF);
            ir_xori(b, IR_I64, t, t, 1); break;
    default: ir_movi(b, IR_I64, t, 1); return t;                    /* AL, NV */
    }
    if (cond & 1)
        ir_xori(b, IR_I64, t, t, 1);
    return t;
}

static void gen_exception(DisasContext *ctx, int excp)
{
    ir_movi(ctx->b, IR_I64, G_PC, ctx->pc);
    ir_callv(ctx->b, &helper_info_a64_raise, IR_NO_TEMP, IR_TEMP_ENV_PTR,
             ir_const32(ctx->b, excp));
    ctx->is_jmp = DISAS_NORETURN;
}

static bool gen_undef(DisasContext *ctx)
{
    gen_exception(ctx, A64_EXCP_UDEF);
    return true;
}

static void gen_goto_tb(DisasContext *ctx, int n, uint64_t dest)
{
    ir_goto_tb(ctx->b, n);
    ir_movi(ctx->b, IR_I64, G_PC, dest);
    ir_exit_tb(ctx->b, TB_EXIT_JUMP0 + n);
}

static void gen_jump_reg(DisasContext *ctx, IRTemp dest)
{
    ir_mov(ctx->b, IR_I64, G_PC, dest);
    ir_lookup_and_goto(ctx->b);
    ctx->is_jmp = DISAS_NORETURN;
}

#include "decode-a64.c.inc"

/* System-mode forms (trans_sys.c.inc), called by trans_system.c.inc when ctx->sys. */
static bool a64_sys_svc(DisasContext *ctx, int imm);
static bool a64_sys_brk(DisasContext *ctx, int imm);
static bool a64_sys_hint(DisasContext *ctx, arg_HINT *a);
static bool a64_sys_msr_i(DisasContext *ctx, arg_MSR_i *a);
static bool a64_sys_sys(DisasContext *ctx, arg_SYS *a);
static int a64_sys_mrs(DisasContext *ctx, arg_MRS *a);
static int a64_sys_msr(DisasContext *ctx, arg_MSR_r *a);
static bool a64_sys_fp_gate(DisasContext *ctx);

#include "trans_dp_imm.c.inc"
#include "trans_dp_reg.c.inc"
#include "trans_branch.c.inc"
#include "trans_system.c.inc"
#include "trans_sys.c.inc"
#include "trans_ldst.c.inc"
#include "trans_atomic.c.inc"
/* FP/AdvSIMD instruction groups (docs/arm64.md): each file is optional here so that they
 * can be added without touching this file. */
#if __has_include("trans_fp.c.inc")
#include "trans_fp.c.inc"
#endif
#if __has_include("trans_fp_arith.c.inc")
#include "trans_fp_arith.c.inc"
#endif
#if __has_include("trans_fp_convert.c.inc")
#include "trans_fp_convert.c.inc"
#endif
#if __has_include("trans_simd.c.inc")
#include "trans_simd.c.inc"
#endif
#if __has_include("trans_simd_arith.c.inc")
#include "trans_simd_arith.c.inc"
#endif
#if __has_include("trans_simd_perm.c.inc")
#include "trans_simd_perm.c.inc"
#endif
#if __has_include("trans_simd_crypto.c.inc")
#include "trans_simd_crypto.c.inc"
#endif
#include "trans_simd_fp.c.inc"
#include "trans_simd_ldst.c.inc"
#include "trans_simd_move.c.inc"
#include "trans_simd_int.c.inc"
#include "trans_simd_int_shift.c.inc"

static NORETURN void a64_fetch_fault(CPUState *cs, uint64_t pc)
{
    a64_cpu(cs)->pc = pc;
    cs->target->mem_fault(cs, pc, MMU_INST_FETCH, FAULT_PAGE);
    cpu_loop_exit(cs, cs->exception_index);
}

static DisasContext *a64_ctx(DisasContextBase *db) { return (DisasContext *)db; }

/* Fetch the instruction at db->pc_cur; false when it cannot be (the first one faults). */
static bool a64_fetch_insn(DisasContextBase *db, CPUState *cs)
{
    DisasContext *ctx = a64_ctx(db);
    ctx->pc = db->pc_cur;
    if (!translator_fetch(cs, ctx->pc, &ctx->insn, 4)) {
        if (db->num_insns == 0 && ctx->sys)
            softmmu_fetch_fault(cs, ctx->pc, ctx->pc);
        if (db->num_insns == 0)
            a64_fetch_fault(cs, ctx->pc);
        return false;
    }
    ctx->pc_next = db->pc_next = ctx->pc + 4;
    return true;
}

static void a64_insn_start(DisasContextBase *db, CPUState *cs)
{
    ir_insn_start(db->b, db->pc_cur);
}

static void a64_translate_insn(DisasContextBase *db, CPUState *cs)
{
    DisasContext *ctx = a64_ctx(db);
    if ((!ctx->sys || a64_sys_fp_gate(ctx)) && !decode_a64(ctx, ctx->insn))
        gen_undef(ctx);
    db->is_jmp = ctx->is_jmp;
    db->pc_next = ctx->pc_next;
}

static void a64_tb_stop(DisasContextBase *db, CPUState *cs)
{
    if (db->is_jmp != DISAS_NORETURN)
        gen_goto_tb(a64_ctx(db), 0, db->pc_next);
}

static const TranslatorOps a64_translator_ops = {
    .fetch_insn = a64_fetch_insn,
    .insn_start = a64_insn_start,
    .translate_insn = a64_translate_insn,
    .tb_stop = a64_tb_stop,
};

void a64_translate_block(CPUState *cs, IRBlock *b, TranslationBlock *tb)
{
    DisasContext ctx = { .cs = cs, .b = b, .tb = tb, .pc = tb->pc, .is_jmp = DISAS_NEXT };
    if (tb->flags & A64_TBF_SYS) {
        ctx.sys = true;
        ctx.tbflags = tb->flags;
        ctx.el = (int)(tb->flags & A64_TBF_EL_MASK);
        ctx.mem_idx = (int)(tb->flags >> A64_TBF_MMU_SHIFT) & 7;
        ctx.unpriv_idx = (int)(tb->flags >> A64_TBF_UNPRIV_SHIFT) & 7;
    }
    if (tb->pc & 3) {
        /* A misaligned pc (BR to an odd address) faults at its first fetch. */
        a64_cpu(cs)->fault_addr = tb->pc;
        cpu_loop_exit(cs, A64_EXCP_PABORT);
    }
    translator_loop(&a64_translator_ops, &ctx.base, cs, b, tb);
}
