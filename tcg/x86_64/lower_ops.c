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

static bool jl_same(const Lower *L, IRTemp x, IRTemp y)
{
    return x == y || (jl_is_const(L, x) && jl_is_const(L, y) && jl_const(L, x) == jl_const(L, y));
}

void jl_hf_set(Lower *L, bool w, IRTemp a, IRTemp b, IRTemp res)
{
    L->hf_valid = true;
    L->hf_w = w;
    L->hf_a = a;
    L->hf_b = b;
    L->hf_res = res;
    L->hf_op = L->op_index;
}

bool jl_hf_match(Lower *L, bool w, IRTemp a, IRTemp b, bool *swapped)
{
    if (!L->hf_valid || L->hf_w != w)
        return false;
    if (jl_same(L, a, L->hf_a) && jl_same(L, b, L->hf_b))
        *swapped = false;
    else if (jl_same(L, b, L->hf_a) && jl_same(L, a, L->hf_b))
        *swapped = true;
    else
        return false;
    L->hf_used = true;
    return true;
}

void jl_hf_after(Lower *L, const IROp *op)
{
    if (op->opc == IR_insn_start || op->opc == IR_nop || op->opc == IR_discard)
        return;                         /* no code */
    if (L->hf_valid && L->hf_op != L->op_index && !L->hf_used)
        L->hf_valid = false;
    L->hf_used = false;
    for (int k = 0; k < op->nout && L->hf_valid; k++) {
        IRTemp d = op->args[k];
        if (d == L->hf_a || d == L->hf_b || (d == L->hf_res && L->hf_op != L->op_index))
            L->hf_valid = false;
    }
}

/* Set the flags for cond(a, b); *cond may be swapped when a constant moves right. */
void jl_emit_compare(Lower *L, IRType type, IRCond *cond, IRTemp a, IRTemp b)
{
    bool swapped, tst0 = *cond == IR_COND_TSTEQ || *cond == IR_COND_TSTNE;
    if (!tst0 && jl_hf_match(L, W64(type), a, b, &swapped)) {
        if (swapped)
            *cond = ir_cond_swap(*cond);
        return;
    }
    /* a constant, or a global that is only in memory, is better as the second operand */
    bool a_mem = L->b->temps[a].kind == IR_TEMP_GLOBAL && L->v[a].reg < 0;
    bool b_mem = L->b->temps[b].kind == IR_TEMP_GLOBAL && L->v[b].reg < 0;
    if ((jl_is_const(L, a) && !jl_is_const(L, b)) ||
        (a_mem && !b_mem && !jl_is_const(L, b))) {
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
            x86_emit_test_rr(&L->buf, W64(type), ra, ra);   /* the flags of cmp ra, 0 */
        else
            x86_emit_alu_ri(&L->buf, X86_CMP, W64(type), ra, imm);
        if (!tst)
            jl_hf_set(L, W64(type), a, b, IR_NO_TEMP);
        return;
    }
    const JitVal *vb = &L->v[b];
    if (!tst && L->b->temps[b].kind == IR_TEMP_GLOBAL && vb->reg < 0) {
        /* a global not in a register: compare with its home directly */
        x86_emit_alu_rm(&L->buf, X86_CMP, W64(type), ra, jl_env_mem(vb->home));
        jl_hf_set(L, W64(type), a, b, IR_NO_TEMP);
        return;
    }
    int rb = jl_in(L, b);
    if (tst) {
        x86_emit_test_rr(&L->buf, W64(type), ra, rb);
    } else {
        x86_emit_alu_rr(&L->buf, X86_CMP, W64(type), ra, rb);
        jl_hf_set(L, W64(type), a, b, IR_NO_TEMP);
    }
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

/* d = y + (x << lea_shift[t]) where t's shift was left out (jl_plan_lea). */
static void jl_lea_shifted(Lower *L, IRTemp d, IRTemp y, IRTemp t)
{
    int scale = 1 << L->lea_shift[t];
    int32_t imm;
    int rx = jl_in(L, L->fwd[t]);
    X86Mem m = jl_const_imm32(L, y, IR_I64, &imm) ? x86_mem_idx(X86_NOREG, rx, scale, imm)
                                                   : x86_mem_idx(jl_in(L, y), rx, scale, 0);
    int rd = jl_out(L, d);
    x86_emit_lea(&L->buf, true, rd, m);
    jl_bind_out(L, d, rd);
}

/* add/sub/and/or/xor/mul: two-address with an imm32 form. */
static void jl_alu(Lower *L, const IROp *op)
{
    if (op->opc == IR_add && op->type == IR_I64) {
        for (int k = 1; k <= 2; k++)
            if (L->lea_shift[op->args[k]]) {
                jl_lea_shifted(L, op->args[0], op->args[3 - k], op->args[k]);
                return;
            }
    }
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
    if (op->opc == IR_add && !bimm && d != a && d != b && !jl_dies(L, a) && !jl_dies(L, b) &&
        !jl_is_const(L, a) && !jl_is_const(L, b)) {
        int ra = jl_in(L, a), rb = jl_in(L, b);
        int rd = jl_out(L, d);
        x86_emit_lea(&L->buf, w, rd, x86_mem_idx(ra, rb, 1, 0));
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
    if (op->opc == IR_sub)
        jl_hf_set(L, w, a, b, d);
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

/* Is op `shl_i64 d, a, 32` followed (insn_start aside) by `shr_i64 d, d, 32`? Returns the
 * index of the shr, or -1. */
static int jl_zext_pair(const Lower *L, const IROp *op)
{
    if (!jl_is_const(L, op->args[2]) || jl_const(L, op->args[2]) != 32)
        return -1;
    int j = L->op_index + 1;
    while (j < L->b->nops && L->b->ops[j].opc == IR_insn_start)
        j++;
    if (j >= L->b->nops)
        return -1;
    const IROp *n = &L->b->ops[j];
    IRTemp d = op->args[0];
    return n->opc == IR_shr && n->type == IR_I64 && n->args[0] == d && n->args[1] == d &&
           jl_is_const(L, n->args[2]) && jl_const(L, n->args[2]) == 32 ? j : -1;
}

static void jl_shift(Lower *L, const IROp *op)
{
    static const int8_t sh[IR_NB_OPS] = { [IR_shl] = X86_SHL, [IR_shr] = X86_SHR,
        [IR_sar] = X86_SAR, [IR_rotl] = X86_ROL, [IR_rotr] = X86_ROR };
    IRType type = (IRType)op->type;
    IRTemp d = op->args[0], a = op->args[1], b = op->args[2];
    int zx_shr = op->opc == IR_shl && type == IR_I64 ? jl_zext_pair(L, op) : -1;
    if (zx_shr >= 0) {
        /* shl d, a, 32; shr d, d, 32 (a 32-bit zero extension): one 32-bit move */
        int ra = jl_in(L, a);
        int rd = jl_is_pinned(L, d) ? L->v[d].reg : jl_dies(L, a) ? ra : jl_scratch_reg(L);
        x86_emit_mov_rr(&L->buf, false, rd, ra);
        jl_bind_out(L, d, rd);
        L->skip[zx_shr] = 1;
        return;
    }
    if (jl_is_const(L, b)) {
        unsigned n = (unsigned)jl_const(L, b) & (WIDTH(type) - 1);
        if (op->opc == IR_shr && n == (unsigned)WIDTH(type) - 1 && L->hf_valid &&
            L->hf_res == a && L->hf_w == W64(type)) {
            /* the sign of a - b just computed: SETS */
            L->hf_used = true;
            int rd = jl_out(L, d);
            x86_emit_setcc(&L->buf, X86_CC_S, rd);
            x86_emit_movzx_rr(&L->buf, X86_S8, rd, rd);
            jl_bind_out(L, d, rd);
            return;
        }
        int rd = jl_out_reuse(L, d, a);
        if (n)
            x86_emit_shift_ri(&L->buf, (X86Shift)sh[op->opc], W64(type), rd, (uint8_t)n);
        jl_bind_out(L, d, rd);
        return;
    }
    if (x86_features()->bmi2 && op->opc != IR_rotl && op->opc != IR_rotr) {
        /* one instruction reading both inputs first: d may share a register with either */
        int ra = jl_in(L, a), rb = jl_in(L, b);
        int rd = jl_is_pinned(L, d) ? L->v[d].reg : jl_dies(L, a) ? ra : jl_scratch_reg(L);
        x86_emit_shiftx(&L->buf, (X86Shift)sh[op->opc], W64(type), rd, ra, rb);
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

/* div/divu/rem/remu with the pinned results for x/0 and MIN/-1. */
/* The index of the rem/remu right after this div/divu with the same operands (and an output
 * of its own), or -1. */
static int jl_div_pair(const Lower *L, const IROp *op)
{
    int j = L->op_index + 1;
    if (j >= L->b->nops)
        return -1;
    const IROp *n = &L->b->ops[j];
    IRTemp d = op->args[0];
    bool sign = op->opc == IR_div;
    if (n->opc != (sign ? IR_rem : IR_remu) || n->type != op->type || n->args[1] != op->args[1] ||
        n->args[2] != op->args[2] || d == op->args[1] || d == op->args[2] || n->args[0] == d)
        return -1;
    return j;
}

static void jl_divide(Lower *L, const IROp *op)
{
    IRType type = (IRType)op->type;
    bool w = W64(type);
    bool sign = op->opc == IR_div || op->opc == IR_rem;
    bool rem = op->opc == IR_rem || op->opc == IR_remu;
    IRTemp d = op->args[0], a = op->args[1], b = op->args[2];
    /* unsigned 64-bit operands known to fit 32 bits divide faster as 32-bit ones, and may
     * come straight from the sources of their (then omitted) zero extensions */
    bool narrow = w && !sign && jl_fits_u32(L, a) && jl_fits_u32(L, b);
    if (narrow) {
        a = L->fwd[a] ? L->fwd[a] : a;
        b = L->fwd[b] ? L->fwd[b] : b;
    }
    /* a quotient followed by the remainder of the same operands: one division for both */
    int pair = rem ? -1 : jl_div_pair(L, op);
    jl_reserve(L, X86_RAX);
    jl_reserve(L, X86_RDX);
    int ra = jl_in(L, a);
    int rb = jl_in(L, b);
    int rd = rem ? X86_RDX : X86_RAX;
    X86Buf *B = &L->buf;
    /* the x/0 and x/-1 cases run out of line, so the common path has no taken branch */
    x86_emit_test_rr(B, w && !narrow, rb, rb);
    int zero = pair >= 0 ? jl_cold(L, x86_emit_jcc_rel32(B, X86_CC_E), JIT_COLD_DIV0,
                                   w && !narrow, ra, w) :
               rem ? jl_cold(L, x86_emit_jcc_rel32(B, X86_CC_E), JIT_COLD_COPY, rd, ra, w && !narrow)
                   : jl_cold(L, x86_emit_jcc_rel32(B, X86_CC_E), JIT_COLD_ONES, rd, ra, w);
    int neg1 = -1;
    if (sign) {
        x86_emit_alu_ri(B, X86_CMP, w, rb, -1);
        neg1 = jl_cold(L, x86_emit_jcc_rel32(B, X86_CC_E), pair >= 0 ? JIT_COLD_DIVM1 :
                       rem ? JIT_COLD_ZERO : JIT_COLD_NEG, rd, ra, w);
    }
    x86_emit_mov_rr(B, true, X86_RAX, ra);
    if (sign)
        x86_emit_cqo(B, w);
    else
        x86_emit_alu_rr(B, X86_XOR, false, X86_RDX, X86_RDX);
    x86_emit_unary(B, sign ? X86_IDIV : X86_DIV, w && !narrow, rb);
    jl_cold_resume(L, zero);
    if (neg1 >= 0)
        jl_cold_resume(L, neg1);
    jl_bind_out(L, d, rd);
    if (pair >= 0) {
        jl_bind_out(L, L->b->ops[pair].args[0], X86_RDX);
        L->skip[pair] = 1;
    }
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
            X86Shift right = op->opc == IR_sextract ? X86_SAR : X86_SHR;
            static const int8_t xs[33] = { [8] = X86_S8, [16] = X86_S16, [32] = X86_S32 };
            if (pos == 0 && (len == 8 || len == 16 || len == 32) && (len < W || right == X86_SHR)) {
                rd = jl_out(L, d);          /* one extending move from the source */
                int ra = jl_in(L, op->args[1]);
                if (right == X86_SAR)
                    x86_emit_movsx_rr(B, xs[len], w, rd, ra);
                else if (len == 32)
                    x86_emit_mov_rr(B, false, rd, ra);
                else
                    x86_emit_movzx_rr(B, xs[len], rd, ra);
            } else {
                rd = jl_out_reuse(L, d, op->args[1]);
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
