/* IR to x86-64: arithmetic, bit-field and comparison ops (semantics: tcg/ir_ops.h). */
#include "lower.h"

#define W64(type) ((type) == IR_I64)
#define WIDTH(type) ((type) == IR_I64 ? 64 : 32)

X86Cond jl_cond(IRCond c)
{
    static const uint8_t map[] = {
        [IR_COND_EQ] = X86_CC_E, [IR_COND_NE] = X86_CC_NE, [IR_COND_LT] = X86_CC_L,
        [IR_COND_GE] = X86_CC_GE, [IR_COND_LE] = X86_CC_LE, [IR_COND_GT] = X86_CC_G,
        [IR_COND_LTU] = X86_CC_B, [IR_COND_GEU] = X86_CC_AE, [IR_COND_LEU] = X86_CC_BE,
        [IR_COND_GTU] = X86_CC_A, [IR_COND_TSTEQ] = X86_CC_E, [IR_COND_TSTNE] = X86_CC_NE,
    };
    return (X86Cond)map[c];
}

/* Set the flags for cond(a, b); *cond may be swapped when a constant moves right. */
void jl_emit_compare(Lower *L, IRType type, IRCond *cond, IRTemp a, IRTemp b)
{
    if (jl_is_const(L, a) && !jl_is_const(L, b)) {
        IRTemp x = a;
        a = b;
        b = x;
        *cond = ir_cond_swap(*cond);
    }
    bool tst = *cond == IR_COND_TSTEQ || *cond == IR_COND_TSTNE;
    int32_t imm;
    int ra = jl_in(L, a);
    if (jl_const_imm32(L, b, type, &imm)) {
        if (tst)
            x86_emit_test_ri(&L->buf, W64(type), ra, imm);
        else if (imm == 0 && *cond != IR_COND_LTU && *cond != IR_COND_GEU)
            x86_emit_test_rr(&L->buf, W64(type), ra, ra);
        else
            x86_emit_alu_ri(&L->buf, X86_CMP, W64(type), ra, imm);
        return;
    }
    int rb = jl_in(L, b);
    if (tst)
        x86_emit_test_rr(&L->buf, W64(type), ra, rb);
    else
        x86_emit_alu_rr(&L->buf, X86_CMP, W64(type), ra, rb);
}

static void jl_setcond(Lower *L, const IROp *op)
{
    IRCond cond = (IRCond)ir_op_const(op, 0);
    IRTemp d = op->args[0], a = op->args[1], b = op->args[2];
    if (cond == IR_COND_NEVER || cond == IR_COND_ALWAYS) {
        int r = jl_scratch_reg(L);
        x86_emit_mov_ri32(&L->buf, r, cond == IR_COND_ALWAYS);
        jl_bind_out(L, d, r);
        return;
    }
    jl_emit_compare(L, (IRType)op->type, &cond, a, b);
    int rd = jl_out(L, d);
    x86_emit_setcc(&L->buf, jl_cond(cond), rd);
    x86_emit_movzx_rr(&L->buf, X86_S8, rd, rd);
    jl_bind_out(L, d, rd);
}

static void jl_movcond(Lower *L, const IROp *op)
{
    IRCond cond = (IRCond)ir_op_const(op, 0);
    IRType type = (IRType)op->type;
    IRTemp d = op->args[0];
    if (cond == IR_COND_NEVER || cond == IR_COND_ALWAYS) {
        int r = jl_in_copy(L, op->args[cond == IR_COND_ALWAYS ? 3 : 4]);
        jl_bind_out(L, d, r);
        return;
    }
    int rv1 = jl_in(L, op->args[3]);
    int rd = jl_out(L, d);
    jl_load_into(L, op->args[4], rd);
    jl_emit_compare(L, type, &cond, op->args[1], op->args[2]);
    x86_emit_cmovcc(&L->buf, jl_cond(cond), W64(type), rd, rv1);
    jl_bind_out(L, d, rd);
}

static bool jl_commutes(IROpcode opc)
{
    return opc == IR_add || opc == IR_mul || opc == IR_and || opc == IR_or || opc == IR_xor;
}

/* add/sub/and/or/xor/mul: two-address with an imm32 form. */
static void jl_alu(Lower *L, const IROp *op)
{
    static const int8_t alu[IR_NB_OPS] = { [IR_add] = X86_ADD, [IR_sub] = X86_SUB,
        [IR_and] = X86_AND, [IR_or] = X86_OR, [IR_xor] = X86_XOR };
    IRType type = (IRType)op->type;
    bool w = W64(type);
    IRTemp d = op->args[0], a = op->args[1], b = op->args[2];
    if (jl_commutes((IROpcode)op->opc) &&
        ((jl_is_const(L, a) && !jl_is_const(L, b)) || (d == b && d != a))) {
        IRTemp x = a;
        a = b;
        b = x;
    }
    int32_t imm;
    bool bimm = jl_const_imm32(L, b, type, &imm);
    if (op->opc == IR_add && bimm && L->v[a].reg >= 0 && d != a && !jl_dies(L, a)) {
        int ra = jl_in(L, a);
        int rd = jl_out(L, d);
        x86_emit_lea(&L->buf, w, rd, x86_mem(ra, imm));
        jl_bind_out(L, d, rd);
        return;
    }
    int rb = -1;
    if (!bimm)
        rb = jl_in(L, b);
    int rd = jl_out_reuse(L, d, a);
    if (op->opc == IR_mul) {
        if (bimm)
            x86_emit_imul_rri(&L->buf, w, rd, rd, imm);
        else
            x86_emit_imul_rr(&L->buf, w, rd, rb);
    } else if (bimm) {
        x86_emit_alu_ri(&L->buf, (X86Alu)alu[op->opc], w, rd, imm);
    } else {
        x86_emit_alu_rr(&L->buf, (X86Alu)alu[op->opc], w, rd, rb);
    }
    jl_bind_out(L, d, rd);
}

/* andc/orc/eqv through the scratch register. */
static void jl_alu_not(Lower *L, const IROp *op)
{
    IRType type = (IRType)op->type;
    bool w = W64(type);
    IRTemp d = op->args[0], a = op->args[1], b = op->args[2];
    int rb = jl_in(L, b);
    int rd = jl_out_reuse(L, d, a);
    if (op->opc == IR_eqv) {
        x86_emit_alu_rr(&L->buf, X86_XOR, w, rd, rb);
        x86_emit_unary(&L->buf, X86_NOT, w, rd);
    } else {
        x86_emit_mov_rr(&L->buf, true, JIT_SCRATCH, rb);
        x86_emit_unary(&L->buf, X86_NOT, w, JIT_SCRATCH);
        x86_emit_alu_rr(&L->buf, op->opc == IR_andc ? X86_AND : X86_OR, w, rd, JIT_SCRATCH);
    }
    jl_bind_out(L, d, rd);
}

static void jl_shift(Lower *L, const IROp *op)
{
    static const int8_t sh[IR_NB_OPS] = { [IR_shl] = X86_SHL, [IR_shr] = X86_SHR,
        [IR_sar] = X86_SAR, [IR_rotl] = X86_ROL, [IR_rotr] = X86_ROR };
    IRType type = (IRType)op->type;
    IRTemp d = op->args[0], a = op->args[1], b = op->args[2];
    if (jl_is_const(L, b)) {
        unsigned n = (unsigned)jl_const(L, b) & (WIDTH(type) - 1);
        int rd = jl_out_reuse(L, d, a);
        if (n)
            x86_emit_shift_ri(&L->buf, (X86Shift)sh[op->opc], W64(type), rd, (uint8_t)n);
        jl_bind_out(L, d, rd);
        return;
    }
    jl_reserve(L, X86_RCX);
    int rb = jl_in(L, b);
    x86_emit_mov_rr(&L->buf, false, X86_RCX, rb);
    int rd = jl_out_reuse(L, d, a);
    x86_emit_shift_cl(&L->buf, (X86Shift)sh[op->opc], W64(type), rd);
    jl_bind_out(L, d, rd);
}

static void jl_unary(Lower *L, const IROp *op)
{
    IRType type = (IRType)op->type;
    bool w = W64(type);
    IRTemp d = op->args[0], a = op->args[1];
    int rd;
    switch (op->opc) {
    case IR_mov:
        rd = jl_out_reuse(L, d, a);
        break;
    case IR_neg: case IR_not:
        rd = jl_out_reuse(L, d, a);
        x86_emit_unary(&L->buf, op->opc == IR_neg ? X86_NEG : X86_NOT, w, rd);
        break;
    case IR_bswap16:
        rd = jl_out_reuse(L, d, a);
        x86_emit_rol16_ri(&L->buf, rd, 8);
        x86_emit_movzx_rr(&L->buf, X86_S16, rd, rd);
        break;
    case IR_bswap32:
        rd = jl_out_reuse(L, d, a);
        x86_emit_bswap(&L->buf, false, rd);
        break;
    case IR_bswap64:
        rd = jl_out_reuse(L, d, a);
        x86_emit_bswap(&L->buf, true, rd);
        break;
    case IR_ext8s: case IR_ext16s:
        rd = jl_out(L, d);
        x86_emit_movsx_rr(&L->buf, op->opc == IR_ext8s ? X86_S8 : X86_S16, w, rd, jl_in(L, a));
        break;
    case IR_ext8u: case IR_ext16u:
        rd = jl_out(L, d);
        x86_emit_movzx_rr(&L->buf, op->opc == IR_ext8u ? X86_S8 : X86_S16, rd, jl_in(L, a));
        break;
    case IR_ext32s: case IR_ext_i32_i64:
        rd = jl_out(L, d);
        x86_emit_movsx_rr(&L->buf, X86_S32, true, rd, jl_in(L, a));
        break;
    case IR_ext32u: case IR_extu_i32_i64: case IR_extrl_i64_i32:
        rd = jl_out(L, d);
        x86_emit_mov_rr(&L->buf, false, rd, jl_in(L, a));
        break;
    case IR_extrh_i64_i32:
        rd = jl_out_reuse(L, d, a);
        x86_emit_shift_ri(&L->buf, X86_SHR, true, rd, 32);
        break;
    default:
        jl_fail(L);
        return;
    }
    jl_bind_out(L, d, rd);
}

uint64_t jit_helper_ctpop(uint64_t a);

static void jl_bitcount(Lower *L, const IROp *op)
{
    const X86Features *f = x86_features();
    IRType type = (IRType)op->type;
    bool w = W64(type);
    IRTemp d = op->args[0], a = op->args[1];
    if (op->opc == IR_ctpop) {
        if (!f->popcnt) {
            JitArg arg = { JA_TEMP, a };
            jl_call(L, (const void *)jit_helper_ctpop, 1, &arg, IR_CALL_PURE, d, false);
            return;
        }
        int ra = jl_in(L, a);
        int rd = jl_scratch_reg(L);
        x86_emit_bitop(&L->buf, X86_POPCNT, w, rd, ra);
        jl_bind_out(L, d, rd);
        return;
    }
    bool clz = op->opc == IR_clz;
    IRTemp z = op->args[2];
    bool z_is_width = jl_is_const(L, z) && jl_const(L, z) == (uint64_t)WIDTH(type);
    int ra = jl_in(L, a);
    int rz = z_is_width ? -1 : jl_in(L, z);
    int rd = jl_scratch_reg(L);
    if (clz ? f->lzcnt : f->bmi1) {
        /* lzcnt/tzcnt: width for a zero input, CF set */
        x86_emit_bitop(&L->buf, clz ? X86_LZCNT : X86_TZCNT, w, rd, ra);
        if (rz >= 0)
            x86_emit_cmovcc(&L->buf, X86_CC_B, w, rd, rz);
    } else {
        if (rz < 0) {
            rz = JIT_SCRATCH;
            x86_emit_mov_ri32(&L->buf, rz, (uint32_t)WIDTH(type));
        }
        x86_emit_bitop(&L->buf, clz ? X86_BSR : X86_BSF, w, rd, ra);
        if (clz)
            x86_emit_alu_ri(&L->buf, X86_XOR, w, rd, WIDTH(type) - 1);
        x86_emit_test_rr(&L->buf, w, ra, ra);
        x86_emit_cmovcc(&L->buf, X86_CC_E, w, rd, rz);
    }
    jl_bind_out(L, d, rd);
}

/* Is t a constant below 2^32 or a block temp defined only by a zero extension from 32 bits? */
static bool jl_fits_u32(const Lower *L, IRTemp t)
{
    if (jl_is_const(L, t))
        return jl_const(L, t) <= UINT32_MAX;
    return L->zx32[t] != 0;
}

/* div/divu/rem/remu with the pinned results for x/0 and MIN/-1. */
static void jl_divide(Lower *L, const IROp *op)
{
    IRType type = (IRType)op->type;
    bool w = W64(type);
    bool sign = op->opc == IR_div || op->opc == IR_rem;
    bool rem = op->opc == IR_rem || op->opc == IR_remu;
    IRTemp d = op->args[0];
    jl_reserve(L, X86_RAX);
    jl_reserve(L, X86_RDX);
    int ra = jl_in(L, op->args[1]);
    int rb = jl_in(L, op->args[2]);
    int rd = jl_scratch_reg(L);
    X86Buf *B = &L->buf;
    x86_emit_test_rr(B, w, rb, rb);
    uint8_t *zero = x86_emit_jcc_rel8(B, X86_CC_E);
    uint8_t *neg1 = NULL;
    if (sign) {
        x86_emit_alu_ri(B, X86_CMP, w, rb, -1);
        neg1 = x86_emit_jcc_rel8(B, X86_CC_E);
    }
    x86_emit_mov_rr(B, true, X86_RAX, ra);
    if (sign)
        x86_emit_cqo(B, w);
    else
        x86_emit_alu_rr(B, X86_XOR, false, X86_RDX, X86_RDX);
    /* unsigned 64-bit operands known to fit 32 bits divide faster as 32-bit ones */
    bool narrow = w && !sign && jl_fits_u32(L, op->args[1]) && jl_fits_u32(L, op->args[2]);
    x86_emit_unary(B, sign ? X86_IDIV : X86_DIV, w && !narrow, rb);
    x86_emit_mov_rr(B, true, rd, rem ? X86_RDX : X86_RAX);
    uint8_t *done1 = x86_emit_jmp_rel8(B);
    if (!B->overflow)
        x86_patch_rel8(B, zero, x86_here(B));
    if (rem)
        x86_emit_mov_rr(B, true, rd, ra);
    else if (w)
        x86_emit_mov_ri64s(B, rd, -1);
    else
        x86_emit_mov_ri32(B, rd, 0xffffffffu);
    uint8_t *done2 = NULL;
    if (sign) {
        done2 = x86_emit_jmp_rel8(B);
        if (!B->overflow)
            x86_patch_rel8(B, neg1, x86_here(B));
        if (rem) {
            x86_emit_alu_rr(B, X86_XOR, false, rd, rd);
        } else {
            x86_emit_mov_rr(B, true, rd, ra);
            x86_emit_unary(B, X86_NEG, w, rd);
        }
    }
    if (!B->overflow) {
        x86_patch_rel8(B, done1, x86_here(B));
        if (done2)
            x86_patch_rel8(B, done2, x86_here(B));
    }
    jl_bind_out(L, d, rd);
}

static void jl_mulhigh(Lower *L, const IROp *op)
{
    IRType type = (IRType)op->type;
    IRTemp d = op->args[0];
    X86Buf *B = &L->buf;
    if (type == IR_I32) {
        /* the exact 64-bit product of the extended operands, high half */
        int ra = jl_in(L, op->args[1]), rb = jl_in(L, op->args[2]);
        int rd = jl_scratch_reg(L);
        if (op->opc == IR_muluh)
            x86_emit_mov_rr(B, false, rd, ra);
        else
            x86_emit_movsx_rr(B, X86_S32, true, rd, ra);
        if (op->opc == IR_mulsh)
            x86_emit_movsx_rr(B, X86_S32, true, JIT_SCRATCH, rb);
        else
            x86_emit_mov_rr(B, false, JIT_SCRATCH, rb);
        x86_emit_imul_rr(B, true, rd, JIT_SCRATCH);
        x86_emit_shift_ri(B, X86_SHR, true, rd, 32);
        jl_bind_out(L, d, rd);
        return;
    }
    jl_reserve(L, X86_RAX);
    jl_reserve(L, X86_RDX);
    int ra = jl_in(L, op->args[1]), rb = jl_in(L, op->args[2]);
    x86_emit_mov_rr(B, true, X86_RAX, ra);
    x86_emit_unary(B, op->opc == IR_mulsh ? X86_IMUL1 : X86_MUL, true, rb);
    if (op->opc == IR_mulsuh) {
        /* signed a * unsigned b = unsigned product - (a < 0 ? b << 64 : 0) */
        x86_emit_mov_rr(B, true, JIT_SCRATCH, ra);
        x86_emit_shift_ri(B, X86_SAR, true, JIT_SCRATCH, 63);
        x86_emit_alu_rr(B, X86_AND, true, JIT_SCRATCH, rb);
        x86_emit_alu_rr(B, X86_SUB, true, X86_RDX, JIT_SCRATCH);
    }
    int rd = jl_scratch_reg(L);
    x86_emit_mov_rr(B, true, rd, X86_RDX);
    jl_bind_out(L, d, rd);
}

static void jl_field(Lower *L, const IROp *op)
{
    IRType type = (IRType)op->type;
    bool w = W64(type);
    unsigned W = WIDTH(type);
    IRTemp d = op->args[0];
    unsigned pos = ir_op_const(op, 0), len = ir_op_const(op, 1);
    X86Buf *B = &L->buf;
    if (op->opc != IR_deposit) {
        int rd;
        if (len == 0 || pos + len > W) {
            rd = jl_scratch_reg(L);
            x86_emit_mov_ri32(B, rd, 0);
        } else {
            rd = jl_out_reuse(L, d, op->args[1]);
            X86Shift right = op->opc == IR_sextract ? X86_SAR : X86_SHR;
            if (right == X86_SHR && pos == 0 && (len == 8 || len == 16)) {
                x86_emit_movzx_rr(B, len == 8 ? X86_S8 : X86_S16, rd, rd);
            } else if (right == X86_SHR && pos == 0 && len == 32) {
                x86_emit_mov_rr(B, false, rd, rd);
            } else {
                if (W - pos - len)
                    x86_emit_shift_ri(B, X86_SHL, w, rd, (uint8_t)(W - pos - len));
                if (W - len)
                    x86_emit_shift_ri(B, right, w, rd, (uint8_t)(W - len));
            }
        }
        jl_bind_out(L, d, rd);
        return;
    }
    if (len == 0 || pos + len > W) {
        jl_bind_out(L, d, jl_out_reuse(L, d, op->args[1]));
        return;
    }
    int rb = jl_in(L, op->args[2]);
    int rd = jl_out_reuse(L, d, op->args[1]);
    if (len == W) {
        x86_emit_mov_rr(B, true, rd, rb);
        jl_bind_out(L, d, rd);
        return;
    }
    /* scratch = (b & low mask) << pos */
    x86_emit_mov_rr(B, true, JIT_SCRATCH, rb);
    x86_emit_shift_ri(B, X86_SHL, w, JIT_SCRATCH, (uint8_t)(W - len));
    if (W - len - pos)
        x86_emit_shift_ri(B, X86_SHR, w, JIT_SCRATCH, (uint8_t)(W - len - pos));
    uint64_t keep = ~((len >= 64 ? ~0ull : (1ull << len) - 1) << pos);
    if (!w || (int64_t)keep == (int64_t)(int32_t)keep) {
        x86_emit_alu_ri(B, X86_AND, w, rd, (int32_t)keep);
    } else {
        int rm = jl_scratch_reg(L);
        x86_emit_mov_ri(B, rm, keep);
        x86_emit_alu_rr(B, X86_AND, true, rd, rm);
    }
    x86_emit_alu_rr(B, X86_OR, w, rd, JIT_SCRATCH);
    jl_bind_out(L, d, rd);
}

bool jl_lower_arith(Lower *L, const IROp *op)
{
    switch (op->opc) {
    case IR_add: case IR_sub: case IR_mul: case IR_and: case IR_or: case IR_xor:
        jl_alu(L, op);
        return true;
    case IR_andc: case IR_orc: case IR_eqv:
        jl_alu_not(L, op);
        return true;
    case IR_shl: case IR_shr: case IR_sar: case IR_rotl: case IR_rotr:
        jl_shift(L, op);
        return true;
    case IR_div: case IR_divu: case IR_rem: case IR_remu:
        jl_divide(L, op);
        return true;
    case IR_mulsh: case IR_muluh: case IR_mulsuh:
        jl_mulhigh(L, op);
        return true;
    case IR_clz: case IR_ctz: case IR_ctpop:
        jl_bitcount(L, op);
        return true;
    case IR_extract: case IR_sextract: case IR_deposit:
        jl_field(L, op);
        return true;
    case IR_setcond:
        jl_setcond(L, op);
        return true;
    case IR_movcond:
        jl_movcond(L, op);
        return true;
    case IR_mov: case IR_neg: case IR_not: case IR_bswap16: case IR_bswap32: case IR_bswap64:
    case IR_ext8s: case IR_ext8u: case IR_ext16s: case IR_ext16u: case IR_ext32s:
    case IR_ext32u: case IR_ext_i32_i64: case IR_extu_i32_i64: case IR_extrl_i64_i32:
    case IR_extrh_i64_i32:
        jl_unary(L, op);
        return true;
    default:
        return false;
    }
}
