/* x86-64 frontend: operand access, lazy flags and the hooks for the shared translator loop;
 * instructions live in the trans_*.c.inc files, bound to the opcode table by mnemonic. */
#include <stdlib.h>
#include <string.h>
#include "trix/softmmu.h"
#include "target/x86_64/translate.h"
#include "target/x86_64/optab.h"

static IRTemp tmp(DisasContext *ctx) { return ir_new_temp(ctx->b, IR_I64); }
static uint64_t size_mask(unsigned sz) { return sz >= 8 ? ~0ull : (1ull << (8 * sz)) - 1; }
static unsigned size_log2(unsigned sz) { return sz == 1 ? 0 : sz == 2 ? 1 : sz == 4 ? 2 : 3; }
static MemOp size_mo(unsigned sz) { return (MemOp)size_log2(sz); }

/* ---- registers: partial writes merge (8/16 bit) or zero-extend (32 bit) ---- */

static bool is_high_byte(DisasContext *ctx, int r, unsigned sz)
{
    return sz == 1 && !ctx->insn.has_rex && r >= 4 && r < 8;
}

/* Register r's low sz bytes, zero-extended (AH..BH without REX for r = 4..7, size 1). */
static IRTemp gen_load_reg(DisasContext *ctx, int r, unsigned sz)
{
    IRTemp t = tmp(ctx);
    if (is_high_byte(ctx, r, sz))
        ir_extract(ctx->b, IR_I64, t, x86_greg(r - 4), 8, 8);
    else if (sz == 8)
        ir_mov(ctx->b, IR_I64, t, x86_greg(r));
    else
        ir_extract(ctx->b, IR_I64, t, x86_greg(r), 0, 8 * sz);
    return t;
}

static void gen_store_reg(DisasContext *ctx, int r, unsigned sz, IRTemp v)
{
    IRBlock *b = ctx->b;
    if (is_high_byte(ctx, r, sz))
        ir_deposit(b, IR_I64, x86_greg(r - 4), x86_greg(r - 4), v, 8, 8);
    else if (sz == 8)
        ir_mov(b, IR_I64, x86_greg(r), v);
    else if (sz == 4)
        ir_ext32u(b, x86_greg(r), v);
    else
        ir_deposit(b, IR_I64, x86_greg(r), x86_greg(r), v, 0, 8 * sz);
}

static IRTemp gen_sext(DisasContext *ctx, IRTemp v, unsigned sz)
{
    IRTemp t = tmp(ctx);
    if (sz == 8)
        ir_mov(ctx->b, IR_I64, t, v);
    else
        ir_sextract(ctx->b, IR_I64, t, v, 0, 8 * sz);
    return t;
}

static IRTemp gen_zext(DisasContext *ctx, IRTemp v, unsigned sz)
{
    IRTemp t = tmp(ctx);
    if (sz == 8)
        ir_mov(ctx->b, IR_I64, t, v);
    else
        ir_extract(ctx->b, IR_I64, t, v, 0, 8 * sz);
    return t;
}

/* ---- operands ---- */

static const X86Operand *op_def(DisasContext *ctx, int i) { return &ctx->insn.def->op[i]; }
static unsigned op_size(DisasContext *ctx, int i) { return x86_operand_size(&ctx->insn, i); }

/* The general register operand i names, or -1 for a memory operand. */
static int op_gpr(DisasContext *ctx, int i)
{
    const X86Insn *in = &ctx->insn;
    switch (op_def(ctx, i)->kind) {
    case X86_OPK_E: case X86_OPK_R: return in->mod == 3 ? in->rm : -1;
    case X86_OPK_G: return in->reg;
    case X86_OPK_Z: return (in->opcode & 7) | (in->rex_b << 3);
    case X86_OPK_B: return in->vex_vvvv;
    case X86_OPK_REG: return op_def(ctx, i)->reg;
    default: return -1;
    }
}

/* addr (an offset) plus segment seg's base: FS/GS always; outside 64-bit mode CS by the
 * block's cs_base and ES/SS/DS when the mode bits say a base may be non-zero, truncated to
 * 32 bits. */
static IRTemp gen_seg_addr(DisasContext *ctx, IRTemp addr, int seg)
{
    IRBlock *b = ctx->b;
    IRTemp t = tmp(ctx);
    if (seg == X86_SEG_FS || seg == X86_SEG_GS) {
        ir_add(b, IR_I64, t, addr, ir_global(seg == X86_SEG_FS ? X86_G_FS_BASE : X86_G_GS_BASE));
    } else if (ctx->code == 8) {
        return addr;
    } else if (seg == X86_SEG_CS) {
        ir_addi(b, IR_I64, t, addr, ctx->cs_base);
    } else if (ctx->flags & X86_HF_ADDSEG) {
        IRTemp base = tmp(ctx);
        ir_ld_env(b, IR_I64, base, X86_OFF(sys.seg[seg].base), MO_64);
        ir_add(b, IR_I64, t, addr, base);
    } else {
        return addr;
    }
    if (ctx->code != 8)
        ir_ext32u(b, t, t);
    return t;
}

/* The segment of the memory operand: the override, else SS for rBP/rSP bases, else DS. */
static int x86_mem_seg(DisasContext *ctx)
{
    const X86Insn *in = &ctx->insn;
    if (in->seg != X86_SEG_NONE)
        return in->seg;
    return in->base == X86_RSP || in->base == X86_RBP ? X86_SEG_SS : X86_SEG_DS;
}

static IRTemp gen_seg_base(DisasContext *ctx, IRTemp addr)
{
    return gen_seg_addr(ctx, addr, x86_mem_seg(ctx));
}

/* EIP masks: the code segment's size (fall-through) or an operand size (branch targets). */
static uint64_t x86_ip_mask(unsigned sz) { return sz == 8 ? ~0ull : sz == 4 ? 0xffffffffull : 0xffff; }

/* The EIP of linear address lin in this block's code segment. */
static uint64_t x86_eip(DisasContext *ctx, uint64_t lin)
{
    return (lin - ctx->cs_base) & x86_ip_mask(ctx->code);
}

/* base + index << scale + disp (RIP-relative from the next instruction); no segment. */
static IRTemp gen_lea_addr(DisasContext *ctx)
{
    const X86Insn *in = &ctx->insn;
    IRBlock *b = ctx->b;
    IRTemp a = tmp(ctx);
    if (in->rip_rel) {
        ir_movi(b, IR_I64, a, ctx->pc_next + (uint64_t)in->disp);
    } else {
        ir_movi(b, IR_I64, a, (uint64_t)in->disp);
        if (in->base >= 0)
            ir_add(b, IR_I64, a, a, x86_greg(in->base));
        if (in->index >= 0) {
            IRTemp s = tmp(ctx);
            ir_shli(b, IR_I64, s, x86_greg(in->index), in->scale);
            ir_add(b, IR_I64, a, a, s);
        }
    }
    if (in->asize == 4)
        ir_ext32u(b, a, a);
    else if (in->asize == 2)
        ir_extract(b, IR_I64, a, a, 0, 16);
    return a;
}

/* The address of the instruction's memory operand (computed once per instruction). */
static IRTemp gen_ea(DisasContext *ctx, int i)
{
    if (ctx->ea != IR_NO_TEMP)
        return ctx->ea;
    IRTemp a;
    if (op_def(ctx, i)->kind == X86_OPK_O)
        a = ir_const64(ctx->b, (uint64_t)ctx->insn.imm);
    else
        a = gen_lea_addr(ctx);
    ctx->ea = gen_seg_base(ctx, a);
    return ctx->ea;
}

/* Operand i's value, zero-extended from its size. */
static IRTemp gen_load_op(DisasContext *ctx, int i)
{
    const X86Operand *op = op_def(ctx, i);
    unsigned sz = op_size(ctx, i);
    int r = op_gpr(ctx, i);
    if (r >= 0)
        return gen_load_reg(ctx, r, sz);
    switch (op->kind) {
    case X86_OPK_I: {
        /* Immediates are sign-extended to the operation's size: the destination's, or the
         * operand size for an instruction whose only operand is the immediate (PUSH). */
        bool second = i > 0 && op_def(ctx, 0)->kind == X86_OPK_I;
        int64_t v = second ? ctx->insn.imm2 : ctx->insn.imm;
        unsigned osz = i > 0 && !second ? op_size(ctx, 0) : ctx->insn.osize;
        return ir_const64(ctx->b, (uint64_t)v & size_mask(second ? sz : osz));
    }
    case X86_OPK_ONE:
        return ir_const64(ctx->b, 1);
    default: {
        IRTemp t = tmp(ctx);
        ir_qemu_ld(ctx->b, IR_I64, t, gen_ea(ctx, i), size_mo(sz), ctx->mem_idx);
        return t;
    }
    }
}

static void gen_store_op(DisasContext *ctx, int i, IRTemp v)
{
    unsigned sz = op_size(ctx, i);
    int r = op_gpr(ctx, i);
    if (r >= 0)
        gen_store_reg(ctx, r, sz, v);
    else
        ir_qemu_st(ctx->b, IR_I64, v, gen_ea(ctx, i), size_mo(sz), ctx->mem_idx);
}

/* ---- lazy flags (docs/x86_64.md "Flags") ---- */

static void gen_set_cc_op(DisasContext *ctx, int cc_op)
{
    if (ctx->cc_op != cc_op)
        ir_movi(ctx->b, IR_I64, G_CC_OP, (uint64_t)cc_op);
    ctx->cc_op = cc_op;
}

/* Record a flag-setting operation: dst its (zero-extended) result, src the second operand,
 * src2 the first. */
static void gen_cc(DisasContext *ctx, int kind, unsigned sz, IRTemp dst, IRTemp src, IRTemp src2)
{
    IRBlock *b = ctx->b;
    if (sz == 8)
        ir_mov(b, IR_I64, G_CC_DST, dst);
    else
        ir_extract(b, IR_I64, G_CC_DST, dst, 0, 8 * sz);
    if (src != IR_NO_TEMP)
        ir_mov(b, IR_I64, G_CC_SRC, src);
    ctx->cc_src2 = G_CC_SRC2;
    if (src2 != IR_NO_TEMP && (kind == X86_CC_ADD || kind == X86_CC_SUB || kind == X86_CC_INC ||
                               kind == X86_CC_DEC)) {
        /* not kept in cc_src2 (cpu.h): a copy for the readers in this block */
        ctx->cc_src2 = tmp(ctx);
        ir_mov(b, IR_I64, ctx->cc_src2, src2);
    } else if (src2 != IR_NO_TEMP) {
        ir_mov(b, IR_I64, G_CC_SRC2, src2);
    }
    gen_set_cc_op(ctx, X86_CC_OP(kind, size_log2(sz)));
}

/* All six flags as a CC_MASK value, computed from the lazy state. */
static IRTemp gen_compute_flags(DisasContext *ctx)
{
    IRTemp f = tmp(ctx);
    if (ctx->cc_op >= 0 && (ctx->cc_op >> 2) == X86_CC_EFLAGS)
        ir_mov(ctx->b, IR_I64, f, G_CC_SRC);
    else
        ir_callv(ctx->b, &helper_info_x86_cc_compute, f, G_CC_OP, G_CC_DST, G_CC_SRC, G_CC_SRC2);
    return f;
}

/* Set the flags to exactly `f` (CC_MASK bits; a temp). */
static void gen_set_flags(DisasContext *ctx, IRTemp f)
{
    ir_mov(ctx->b, IR_I64, G_CC_SRC, f);
    gen_set_cc_op(ctx, X86_CC_OP(X86_CC_EFLAGS, 3));
}

/* Make the flags explicit (cc_op EFLAGS), e.g. before an instruction that updates only some. */
static IRTemp gen_flags_to_eflags(DisasContext *ctx)
{
    IRTemp f = gen_compute_flags(ctx);
    ir_mov(ctx->b, IR_I64, G_CC_SRC, f);
    gen_set_cc_op(ctx, X86_CC_OP(X86_CC_EFLAGS, 3));
    return f;
}

static IRTemp gen_get_cf(DisasContext *ctx)
{
    IRTemp t = tmp(ctx);
    int kind = ctx->cc_op >= 0 ? ctx->cc_op >> 2 : -1;
    if (kind == X86_CC_SUB)
        ir_setcond(ctx->b, IR_I64, IR_COND_LTU, t, ctx->cc_src2, G_CC_SRC);
    else if (kind == X86_CC_ADD)
        ir_setcond(ctx->b, IR_I64, IR_COND_LTU, t, G_CC_DST, G_CC_SRC);
    else if (kind == X86_CC_LOGIC)
        ir_movi(ctx->b, IR_I64, t, 0);
    else if (kind == X86_CC_INC || kind == X86_CC_DEC)
        ir_andi(ctx->b, IR_I64, t, G_CC_SRC, 1);
    else
        ir_andi(ctx->b, IR_I64, t, gen_compute_flags(ctx), 1);
    return t;
}

typedef struct X86Cond { IRCond c; IRTemp a, b; } X86Cond;

static const IRCond cond_sub_unsigned[4] = { IR_COND_LTU, IR_COND_EQ, IR_COND_LEU, IR_COND_NEVER };
static const IRCond cond_signed[4] = { IR_COND_LT, IR_COND_GE, IR_COND_LE, IR_COND_GT };

static IRCond cond_invert(IRCond c)
{
    static const IRCond inv[] = {
        [IR_COND_NEVER] = IR_COND_ALWAYS, [IR_COND_ALWAYS] = IR_COND_NEVER,
        [IR_COND_EQ] = IR_COND_NE, [IR_COND_NE] = IR_COND_EQ, [IR_COND_LT] = IR_COND_GE,
        [IR_COND_GE] = IR_COND_LT, [IR_COND_LE] = IR_COND_GT, [IR_COND_GT] = IR_COND_LE,
        [IR_COND_LTU] = IR_COND_GEU, [IR_COND_GEU] = IR_COND_LTU, [IR_COND_LEU] = IR_COND_GTU,
        [IR_COND_GTU] = IR_COND_LEU, [IR_COND_TSTEQ] = IR_COND_TSTNE, [IR_COND_TSTNE] = IR_COND_TSTEQ,
    };
    return inv[c];
}

/* A condition straight from a compare's operands (B, E, BE, L, LE and their inverses; S). */
static bool gen_cond_sub(DisasContext *ctx, int cc, unsigned sz, X86Cond *r)
{
    int base = cc >> 1;
    if (base == 1 || base == 2 || base == 3) {          /* B/AE, E/NE, BE/A */
        r->c = cond_sub_unsigned[base - 1];
        r->a = ctx->cc_src2, r->b = G_CC_SRC;
    } else if (base >= 6) {                            /* L/GE, LE/G */
        r->c = cond_signed[base == 6 ? 0 : 2];
        r->a = gen_sext(ctx, ctx->cc_src2, sz), r->b = gen_sext(ctx, G_CC_SRC, sz);
    } else if (base == 4) {                            /* S/NS */
        r->c = IR_COND_LT;
        r->a = gen_sext(ctx, G_CC_DST, sz), r->b = ir_const64(ctx->b, 0);
    } else {
        return false;
    }
    if (cc & 1)
        r->c = cond_invert(r->c);
    return true;
}

/* After a logic op (CF = OF = 0): conditions on the result against zero. */
static bool gen_cond_logic(DisasContext *ctx, int cc, unsigned sz, X86Cond *r)
{
    static const IRCond c[8] = { IR_COND_NEVER, IR_COND_NEVER, IR_COND_EQ, IR_COND_EQ,
                                 IR_COND_LT, IR_COND_ALWAYS, IR_COND_LT, IR_COND_LE };
    int base = cc >> 1;
    if (base == 5)
        return false;                                   /* P/NP */
    r->c = c[base];
    r->a = base >= 4 ? gen_sext(ctx, G_CC_DST, sz) : G_CC_DST;
    r->b = ir_const64(ctx->b, 0);
    if (cc & 1)
        r->c = cond_invert(r->c);
    return true;
}

/* After any kind with ZF/SF from its result: E, NE, S, NS on dst; after ADD also B, AE. */
static bool gen_cond_result(DisasContext *ctx, int kind, int cc, unsigned sz, X86Cond *r)
{
    int base = cc >> 1;
    if (kind == X86_CC_EFLAGS || kind == X86_CC_SUB || kind == X86_CC_LOGIC)
        return false;
    if (base == 2) {
        r->c = IR_COND_EQ, r->a = G_CC_DST, r->b = ir_const64(ctx->b, 0);
    } else if (base == 4) {
        r->c = IR_COND_LT, r->a = gen_sext(ctx, G_CC_DST, sz), r->b = ir_const64(ctx->b, 0);
    } else if (base == 1 && kind == X86_CC_ADD) {
        r->c = IR_COND_LTU, r->a = G_CC_DST, r->b = G_CC_SRC;
    } else {
        return false;
    }
    if (cc & 1)
        r->c = cond_invert(r->c);
    return true;
}

/* Any condition from the computed flags. */
static void gen_cond_flags(DisasContext *ctx, int cc, X86Cond *r)
{
    IRBlock *b = ctx->b;
    IRTemp f = gen_compute_flags(ctx), t = tmp(ctx);
    static const uint64_t bits[8] = { X86_OF, X86_CF, X86_ZF, X86_CF | X86_ZF, X86_SF, X86_PF, 0, 0 };
    int base = cc >> 1;
    r->c = IR_COND_TSTNE;
    r->a = f;
    if (base < 6) {
        r->b = ir_const64(b, bits[base]);
    } else {
        /* L: SF != OF; LE: ZF or SF != OF. SF is bit 7, OF bit 11. */
        IRTemp s = tmp(ctx);
        ir_shri(b, IR_I64, s, f, 4);
        ir_xor(b, IR_I64, t, f, s);                 /* bit 7 = SF ^ OF */
        if (base == 7) {
            ir_shli(b, IR_I64, s, f, 1);           /* ZF (bit 6) to bit 7 */
            ir_or(b, IR_I64, t, t, s);
        }
        r->a = t;
        r->b = ir_const64(b, X86_SF);
    }
    if (cc & 1)
        r->c = cond_invert(r->c);
}

/* The condition cc (the Jcc/SETcc/CMOVcc encoding) as one compare. */
static X86Cond gen_cond(DisasContext *ctx, int cc)
{
    X86Cond r;
    int kind = ctx->cc_op >= 0 ? ctx->cc_op >> 2 : -1;
    unsigned sz = ctx->cc_op >= 0 ? 1u << (ctx->cc_op & 3) : 8;
    if (kind == X86_CC_SUB && gen_cond_sub(ctx, cc, sz, &r))
        return r;
    if (kind == X86_CC_LOGIC && gen_cond_logic(ctx, cc, sz, &r))
        return r;
    if (kind >= 0 && gen_cond_result(ctx, kind, cc, sz, &r))
        return r;
    gen_cond_flags(ctx, cc, &r);
    return r;
}

static IRTemp gen_cond_val(DisasContext *ctx, int cc)
{
    X86Cond c = gen_cond(ctx, cc);
    IRTemp t = tmp(ctx);
    if (c.c == IR_COND_NEVER || c.c == IR_COND_ALWAYS)
        ir_movi(ctx->b, IR_I64, t, c.c == IR_COND_ALWAYS);
    else
        ir_setcond(ctx->b, IR_I64, c.c, t, c.a, c.b);
    return t;
}

/* ---- control flow and exceptions ---- */

static void gen_exception(DisasContext *ctx, int excp)
{
    ir_movi(ctx->b, IR_I64, G_RIP, x86_eip(ctx, ctx->pc));
    ir_callv(ctx->b, &helper_info_x86_raise, IR_NO_TEMP, IR_TEMP_ENV_PTR, ir_const32(ctx->b, excp));
    ctx->is_jmp = DISAS_NORETURN;
}

/* Raise excp at this instruction when cond(a, b): a branch to code placed after the block's
 * last exit, so that the common path has no join point. */
static void gen_raise_if(DisasContext *ctx, IRCond cond, IRTemp a, IRTemp b, int excp)
{
    IRBlock *ib = ctx->b;
    if (ctx->nraise == (int)ARRAY_SIZE(ctx->raise)) {
        IRLabel ok = ir_new_label(ib);
        ir_brcond(ib, IR_I64, cond_invert(cond), a, b, ok);
        gen_exception(ctx, excp);
        ctx->is_jmp = DISAS_NEXT;
        ir_set_label(ib, ok);
        return;
    }
    IRLabel l = ir_new_label(ib);
    ir_brcond(ib, IR_I64, cond, a, b, l);
    ctx->raise[ctx->nraise].label = l;
    ctx->raise[ctx->nraise].pc = ctx->pc;
    ctx->raise[ctx->nraise].excp = excp;
    ctx->nraise++;
}

/* When cond(a, b), leave the block through h(env, v, c) (which does this instruction's work
 * in env) and an exit to the next instruction; false (nothing emitted) if no room. */
static bool gen_slow_if(DisasContext *ctx, IRCond cond, IRTemp a, IRTemp b, IRHelper *h,
                        IRTemp v, uint32_t c)
{
    if (ctx->nraise == (int)ARRAY_SIZE(ctx->raise))
        return false;
    IRLabel l = ir_new_label(ctx->b);
    ir_brcond(ctx->b, IR_I64, cond, a, b, l);
    ctx->raise[ctx->nraise].label = l;
    ctx->raise[ctx->nraise].pc = ctx->pc;
    ctx->raise[ctx->nraise].pc_next = ctx->pc_next;
    ctx->raise[ctx->nraise].excp = -1;
    ctx->raise[ctx->nraise].h = h;
    ctx->raise[ctx->nraise].v = v;
    ctx->raise[ctx->nraise].c = c;
    ctx->nraise++;
    return true;
}

static void gen_raise_tails(DisasContext *ctx)
{
    IRBlock *b = ctx->b;
    for (int i = 0; i < ctx->nraise; i++) {
        ir_set_label(b, ctx->raise[i].label);
        ir_movi(b, IR_I64, G_RIP, ctx->raise[i].pc);
        if (ctx->raise[i].excp >= 0) {
            ir_callv(b, &helper_info_x86_raise, IR_NO_TEMP, IR_TEMP_ENV_PTR,
                     ir_const32(b, (uint32_t)ctx->raise[i].excp));
            continue;
        }
        ir_callv(b, ctx->raise[i].h, IR_NO_TEMP, IR_TEMP_ENV_PTR, ctx->raise[i].v,
                 ir_const32(b, ctx->raise[i].c));
        ir_movi(b, IR_I64, G_RIP, ctx->raise[i].pc_next);
        ir_exit_tb(b, TB_EXIT_NOCHAIN);
    }
    ctx->nraise = 0;
}

static bool gen_ud(DisasContext *ctx)
{
    gen_exception(ctx, X86_EXCP_UD);
    return true;
}

/* dest: a linear address (the EIP stored is dest - cs_base). */
static void gen_goto_tb(DisasContext *ctx, int n, uint64_t dest)
{
    if (ctx->flags & X86_HF_INHIBIT_IRQ) {      /* after the shadow: to the interrupt check */
        ir_movi(ctx->b, IR_I64, G_RIP, x86_eip(ctx, dest));
        ir_exit_tb(ctx->b, TB_EXIT_NOCHAIN);
        return;
    }
    ir_goto_tb(ctx->b, n);
    ir_movi(ctx->b, IR_I64, G_RIP, x86_eip(ctx, dest));
    ir_exit_tb(ctx->b, TB_EXIT_JUMP0 + n);
}

static void gen_jump_reg(DisasContext *ctx, IRTemp dest)
{
    ir_mov(ctx->b, IR_I64, G_RIP, dest);
    ir_lookup_and_goto(ctx->b);
    ctx->is_jmp = DISAS_NORETURN;
}

/* The stack pointer's width: 8 in 64-bit mode, else SS.B's 4 or 2. */
static unsigned x86_sp_size(DisasContext *ctx)
{
    return ctx->code == 8 ? 8 : (ctx->flags & X86_HF_SS32) ? 4 : 2;
}

static void gen_push(DisasContext *ctx, IRTemp v, unsigned sz)
{
    IRTemp sp = tmp(ctx);
    unsigned ssz = x86_sp_size(ctx);
    ir_subi(ctx->b, IR_I64, sp, x86_greg(X86_RSP), sz);
    if (ssz != 8)
        sp = gen_zext(ctx, sp, ssz);
    ir_qemu_st(ctx->b, IR_I64, v, gen_seg_addr(ctx, sp, X86_SEG_SS), size_mo(sz), ctx->mem_idx);
    gen_store_reg(ctx, X86_RSP, ssz, sp);
}

static IRTemp gen_pop(DisasContext *ctx, unsigned sz)
{
    IRTemp v = tmp(ctx);
    unsigned ssz = x86_sp_size(ctx);
    if (ssz == 8) {
        ir_qemu_ld(ctx->b, IR_I64, v, x86_greg(X86_RSP), size_mo(sz), ctx->mem_idx);
        ir_addi(ctx->b, IR_I64, x86_greg(X86_RSP), x86_greg(X86_RSP), sz);
        return v;
    }
    IRTemp sp = gen_zext(ctx, x86_greg(X86_RSP), ssz), nsp = tmp(ctx);
    ir_qemu_ld(ctx->b, IR_I64, v, gen_seg_addr(ctx, sp, X86_SEG_SS), size_mo(sz), ctx->mem_idx);
    ir_addi(ctx->b, IR_I64, nsp, sp, sz);
    gen_store_reg(ctx, X86_RSP, ssz, nsp);
    return v;
}

#include "trans_int.c.inc"
#include "trans_flow.c.inc"
#include "trans_sse.c.inc"
#include "trans_string.c.inc"
#include "trans_bits.c.inc"
#include "trans_sse_fp.c.inc"
#include "trans_x87.c.inc"
#include "trans_sse4.c.inc"
#include "trans_bmi.c.inc"
#include "trans_sys.c.inc"
#include "trans_mmx.c.inc"
#include "trans_xsave.c.inc"
#include "trans_avx.c.inc"

/* ---- binding trans functions to table entries by mnemonic ---- */

static const struct { const char *name; X86TransFn *fn; } x86_trans_list[] = {
#define T(mn) { #mn, trans_##mn },
    X86_TRANS_INT(T)
    X86_TRANS_FLOW(T)
    X86_TRANS_SSE(T)
    X86_TRANS_STRING(T)
    X86_TRANS_BITS(T)
    X86_TRANS_SSE_FP(T)
    X86_TRANS_X87(T)
    X86_TRANS_SSE4(T)
    X86_TRANS_BMI(T)
    X86_TRANS_MMX_OTHER(T)
    X86_TRANS_XSAVE(T)
    X86_TRANS_AVX(T)
#undef T
};

static const struct { const char *name; X86TransFn *fn; } x86_mmx_list[] = {
#define T(mn) { #mn, mmx_##mn },
    X86_TRANS_MMX(T)
#undef T
};

static X86TransFn **x86_trans_by_mnem, **x86_mmx_by_mnem;

static X86TransFn **x86_trans_table(const char *what, size_t n, const char *const *names,
                                    X86TransFn *const *fns)
{
    X86TransFn **tab = calloc((size_t)x86_mnem_count(), sizeof *tab);
    for (size_t i = 0; i < n; i++) {
        int m = x86_mnem_lookup(names[i]);
        if (m < 0)
            trix_fatal("x86 frontend: %s%s has no opcode table entry", what, names[i]);
        tab[m] = fns[i];
    }
    return tab;
}

static void x86_trans_init(void)
{
    const char *names[ARRAY_SIZE(x86_trans_list) + ARRAY_SIZE(x86_mmx_list)];
    X86TransFn *fns[ARRAY_SIZE(names)];
    for (size_t i = 0; i < ARRAY_SIZE(x86_trans_list); i++)
        names[i] = x86_trans_list[i].name, fns[i] = x86_trans_list[i].fn;
    for (size_t i = 0; i < ARRAY_SIZE(x86_mmx_list); i++)
        names[ARRAY_SIZE(x86_trans_list) + i] = x86_mmx_list[i].name,
        fns[ARRAY_SIZE(x86_trans_list) + i] = x86_mmx_list[i].fn;
    x86_mmx_by_mnem = x86_trans_table("mmx_", ARRAY_SIZE(x86_mmx_list),
                                      names + ARRAY_SIZE(x86_trans_list), fns + ARRAY_SIZE(x86_trans_list));
    x86_trans_by_mnem = x86_trans_table("trans_", ARRAY_SIZE(x86_trans_list), names, fns);
}

/* Whether mnemonic m has a translation (for tests and coverage reports). */
bool x86_trans_exists(int m)
{
    if (!x86_trans_by_mnem)
        x86_trans_init();
    return m >= 0 && m < x86_mnem_count() && (x86_trans_by_mnem[m] || x86_mmx_by_mnem[m]);
}

/* #UD for an encoding the table lacks or a form the frontend does not implement yet. */
static void gen_ud_logged(DisasContext *ctx, bool no_trans)
{
    X86Insn *in = &ctx->insn;
    if (log_enabled(LOG_UNIMP)) {
        char hex[3 * X86_MAX_INSN_LEN + 1] = "";
        for (int i = 0; i < in->len; i++)
            snprintf(hex + 3 * i, 4, "%02x ", in->bytes[i]);
        log_mask(LOG_UNIMP, "x86: %s at 0x%llx: %s%s\n", ctx->dec != X86_DEC_OK ? "undefined" :
                 no_trans ? "not implemented" : "form not implemented",
                 (unsigned long long)ctx->pc, hex, ctx->dec == X86_DEC_OK ? in->def->name : "");
    }
    gen_ud(ctx);
}

/* ---- the translator loop's hooks ---- */

static DisasContext *x86_ctx(DisasContextBase *db) { return (DisasContext *)db; }

static bool x86_fetch_byte(void *opaque, uint64_t pc, unsigned i, uint8_t *out)
{
    return translator_fetch(opaque, pc + i, out, 1);
}

static NORETURN void x86_fetch_fault(CPUState *cs, uint64_t addr)
{
    cs->target->mem_fault(cs, addr, MMU_INST_FETCH, FAULT_PAGE);
    cpu_loop_exit(cs, cs->exception_index);
}

static bool x86_fetch_insn(DisasContextBase *db, CPUState *cs)
{
    DisasContext *ctx = x86_ctx(db);
    ctx->pc = db->pc_cur;
    X86DecodeResult r = x86_decode_mode(&ctx->insn, ctx->pc, ctx->code, x86_fetch_byte, cs);
    if (r == X86_DEC_FETCH) {
        if (db->num_insns > 0)
            return false;           /* end the block before it; it faults when run alone */
        x86_cpu(cs)->rip = x86_eip(ctx, ctx->pc);
        x86_fetch_fault(cs, ctx->pc + ctx->insn.len);
    }
    ctx->dec = r;                   /* not OK: translate_insn raises #UD / #GP */
    ctx->pc_next = db->pc_next = ctx->pc + ctx->insn.len;
    return true;
}

static void x86_insn_start(DisasContextBase *db, CPUState *cs)
{
    ir_insn_start(db->b, db->pc_cur);
}

static void x86_translate_insn(DisasContextBase *db, CPUState *cs)
{
    DisasContext *ctx = x86_ctx(db);
    X86Insn *in = &ctx->insn;
    ctx->ea = IR_NO_TEMP;
    if (!x86_trans_by_mnem)
        x86_trans_init();
    X86TransFn *fn = ctx->dec != X86_DEC_OK ? NULL : x86_is_mmx_form(in->def) ?
                     x86_mmx_by_mnem[in->def->mnem] : x86_trans_by_mnem[in->def->mnem];
    if (exec_softmmu && ctx->dec == X86_DEC_OK)
        fn = x86_sys_trans(ctx, fn);
    if (ctx->dec == X86_DEC_TOO_LONG)
        gen_exception(ctx, X86_EXCP_GP);
    else if (!fn || !fn(ctx, in))
        gen_ud_logged(ctx, fn == NULL);
    db->is_jmp = ctx->is_jmp;
    db->pc_next = ctx->pc_next;
}

static void x86_tb_stop(DisasContextBase *db, CPUState *cs)
{
    if (db->is_jmp != DISAS_NORETURN)
        gen_goto_tb(x86_ctx(db), 0, db->pc_next);
    gen_raise_tails(x86_ctx(db));
}

static const TranslatorOps x86_translator_ops = {
    .init_disas_context = x86_sys_init_disas,
    .fetch_insn = x86_fetch_insn,
    .insn_start = x86_insn_start,
    .translate_insn = x86_translate_insn,
    .tb_stop = x86_tb_stop,
};

void x86_translate_block(CPUState *cs, IRBlock *b, TranslationBlock *tb)
{
    DisasContext ctx = { .cs = cs, .b = b, .tb = tb, .pc = tb->pc, .is_jmp = DISAS_NEXT,
                         .cc_op = X86_CC_DYNAMIC, .ea = IR_NO_TEMP,
                         .mx_default = !exec_softmmu && (tb->flags & X86_TBF_MXCSR_DEFAULT) };
    translator_loop(&x86_translator_ops, &ctx.base, cs, b, tb);
}
