/* IR checker: arity, temp indices, types, labels, helper signatures; run in debug builds/tests. */
#include <stdarg.h>
#include <stdlib.h>
#include "ir_vec.h"

static char ir_check_msg[256];

static const char *ir_check_fail(int idx, const char *fmt, ...) PRINTF_FMT(2, 3);
static const char *ir_check_fail(int idx, const char *fmt, ...)
{
    va_list ap;
    int n = snprintf(ir_check_msg, sizeof(ir_check_msg), "op %d: ", idx);
    va_start(ap, fmt);
    vsnprintf(ir_check_msg + n, sizeof(ir_check_msg) - (size_t)n, fmt, ap);
    va_end(ap);
    return ir_check_msg;
}

static bool ir_temp_ok(const IRBlock *b, IRTemp t)
{
    return t < (IRTemp)b->ntemps;
}

/* Expected type of temp operand i (outputs first) of an untyped conversion, or -1. */
static int ir_conv_type(IROpcode opc, int i)
{
    switch (opc) {
    case IR_bswap64: case IR_ext32s: case IR_ext32u: return IR_I64;
    case IR_ext_i32_i64: case IR_extu_i32_i64: return i == 0 ? IR_I64 : IR_I32;
    case IR_extrl_i64_i32: case IR_extrh_i64_i32: return i == 0 ? IR_I32 : IR_I64;
    default: return -1;
    }
}

static bool ir_is_addr_operand(const IROp *op, int i)
{
    return (ir_op_defs[op->opc].flags & IRF_MEM) &&
           i == (op->opc == IR_qemu_st ? 1 : op->nout);
}

static const char *ir_check_operand(const IRBlock *b, const IROp *op, int idx, int i)
{
    IRTemp t = op->args[i];
    if (!ir_temp_ok(b, t))
        return ir_check_fail(idx, "temp %u out of range (%d temps)", t, b->ntemps);
    const IRTempInfo *ti = &b->temps[t];
    if (ti->type == IR_V128)
        return ir_check_fail(idx, "v128 temp %u not supported", t);
    if (i < op->nout && (ti->kind == IR_TEMP_CONST || ti->kind == IR_TEMP_ENV))
        return ir_check_fail(idx, "writes %s temp %u", ti->kind == IR_TEMP_ENV ? "env" : "const", t);
    if (ti->kind == IR_TEMP_ENV)
        return ir_check_fail(idx, "env temp used as a value");
    int want = ir_conv_type((IROpcode)op->opc, i);
    if (want < 0 && (ir_op_defs[op->opc].flags & IRF_T))
        want = op->type;
    if (ir_is_addr_operand(op, i))
        want = -1;
    if (want >= 0 && ti->type != want)
        return ir_check_fail(idx, "%s operand %d has type %s, wants %s",
                             ir_op_defs[op->opc].name, i, ti->type == IR_I32 ? "i32" : "i64",
                             want == IR_I32 ? "i32" : "i64");
    return NULL;
}

static const char *ir_check_call(const IRBlock *b, const IROp *op, int idx)
{
    IRHelper *h = ir_helper_get((int)ir_op_const(op, 0));
    if (op->nconst != 1 || !h)
        return ir_check_fail(idx, "call with invalid helper id");
    if (op->nin != h->nargs)
        return ir_check_fail(idx, "call %s: %d args, helper takes %d", h->name, op->nin, h->nargs);
    if (op->nout != (h->ret != IR_HTYPE_VOID))
        return ir_check_fail(idx, "call %s: result count does not match helper", h->name);
    for (int i = 0; i < op->nout + op->nin; i++) {
        IRTemp t = op->args[i];
        int want = i < op->nout ? h->ret : h->args[i - op->nout];
        if (!ir_temp_ok(b, t))
            return ir_check_fail(idx, "call %s: temp %u out of range", h->name, t);
        const IRTempInfo *ti = &b->temps[t];
        bool ok = want == IR_HTYPE_PTR ? t == IR_TEMP_ENV_PTR
                : ti->kind != IR_TEMP_ENV && ti->type == want;
        if (!ok)
            return ir_check_fail(idx, "call %s: operand %d has the wrong type", h->name, i);
        if (i < op->nout && ti->kind == IR_TEMP_CONST)
            return ir_check_fail(idx, "call %s: result into a constant", h->name);
    }
    return NULL;
}

static const char *ir_check_consts(const IRBlock *b, const IROp *op, int idx)
{
    const IROpDef *def = &ir_op_defs[op->opc];
    unsigned width = op->type == IR_I32 ? 32 : 64;
    if ((def->flags & IRF_COND) && ir_op_const(op, 0) > IR_COND_TSTNE)
        return ir_check_fail(idx, "bad condition %u", ir_op_const(op, 0));
    switch (op->opc) {
    case IR_br: case IR_set_label: case IR_brcond: {
        uint32_t l = ir_op_const(op, op->opc == IR_brcond ? 1 : 0);
        if (l >= (uint32_t)b->nlabels)
            return ir_check_fail(idx, "label L%u not allocated", l);
        break;
    }
    case IR_extract: case IR_sextract: case IR_deposit: {
        uint32_t pos = ir_op_const(op, 0), len = ir_op_const(op, 1);
        if (len == 0 || pos >= width || len > width - pos)
            return ir_check_fail(idx, "bit field pos %u len %u outside %u bits", pos, len, width);
        break;
    }
    case IR_goto_tb:
        if (ir_op_const(op, 0) > 1)
            return ir_check_fail(idx, "goto_tb slot %u", ir_op_const(op, 0));
        break;
    default:
        break;
    }
    bool memop0 = def->flags & IRF_MEM;
    bool memop1 = op->opc == IR_ld_env || op->opc == IR_st_env;
    if (memop0 || memop1) {
        uint32_t mo = ir_op_const(op, memop0 ? 0 : 1);
        if ((mo & MO_SIZE) > MO_64 || (8u << (mo & MO_SIZE)) > width)
            return ir_check_fail(idx, "memop %#x too wide for the op type", mo);
    }
    return NULL;
}

/* A vector register range [off, off + 16) inside the offset limit and clear of globals. */
static const char *ir_check_vreg(const IRBlock *b, int idx, uint32_t off)
{
    if (off > IR_VEC_OFF_MAX)
        return ir_check_fail(idx, "vector offset %#x out of range", off);
    for (int g = 0; g < b->nglobals; g++) {
        int32_t h = b->temps[IR_GLOBAL_BASE + g].env_off;
        if (h < (int32_t)off + 16 && h + 8 > (int32_t)off)
            return ir_check_fail(idx, "vector at %#x overlaps global %s", off,
                                 b->temps[IR_GLOBAL_BASE + g].name);
    }
    return NULL;
}

static const char *ir_check_vec(const IRBlock *b, const IROp *op, int idx)
{
    uint32_t desc = ir_op_const(op, 1);
    bool fp = op->opc >= IR_vfadd && op->opc <= IR_vfma;
    if (desc > (fp ? 15u : 7u) || (fp && ir_vdesc_esz(desc) < 2))
        return ir_check_fail(idx, "bad vector desc %#x", desc);
    if (op->opc == IR_vfma && ir_op_const(op, 5) > 3)
        return ir_check_fail(idx, "bad vfma negation %u", ir_op_const(op, 5));
    if (op->opc == IR_vcmp && (ir_op_const(op, 4) < IR_COND_EQ || ir_op_const(op, 4) > IR_COND_TSTNE))
        return ir_check_fail(idx, "bad vector condition %u", ir_op_const(op, 4));
    if (op->opc >= IR_vshli && op->opc <= IR_vsari && ir_op_const(op, 3) > 64)
        return ir_check_fail(idx, "vector shift count %u", ir_op_const(op, 3));
    const char *err = ir_check_vreg(b, idx, ir_op_const(op, 0));
    int32_t src[3];
    int n = ir_vec_reads(op, src);
    for (int i = 0; i < n && !err; i++)
        err = ir_check_vreg(b, idx, (uint32_t)src[i]);
    return err;
}

static const char *ir_check_shape(const IROp *op, int idx)
{
    if (op->opc >= IR_NB_OPS)
        return ir_check_fail(idx, "bad opcode %u", op->opc);
    const IROpDef *def = &ir_op_defs[op->opc];
    if (op->opc == IR_call)
        return op->nout > 1 || op->nin > IR_MAX_CALL_ARGS ? ir_check_fail(idx, "call arity") : NULL;
    if (op->nout != def->nout || op->nin != def->nin || op->nconst != def->nconst)
        return ir_check_fail(idx, "%s: arity %d/%d/%d, table says %d/%d/%d", def->name,
                             op->nout, op->nin, op->nconst, def->nout, def->nin, def->nconst);
    if ((def->flags & IRF_T) && op->type != IR_I32 && op->type != IR_I64)
        return ir_check_fail(idx, "%s: type %u not supported", def->name, op->type);
    return NULL;
}

static const char *ir_check_op(const IRBlock *b, const IROp *op, int idx)
{
    const char *err = ir_check_shape(op, idx);
    if (err)
        return err;
    if (op->opc == IR_call)
        return ir_check_call(b, op, idx);
    for (int i = 0; i < op->nout + op->nin; i++) {
        if ((err = ir_check_operand(b, op, idx, i)))
            return err;
    }
    if (ir_op_defs[op->opc].flags & IRF_VEC)
        return ir_check_vec(b, op, idx);
    return ir_check_consts(b, op, idx);
}

static const char *ir_check_labels(const IRBlock *b)
{
    uint8_t *state = calloc((size_t)b->nlabels + 1, 1);     /* bit 0 set, bit 1 used */
    const char *err = NULL;
    for (int i = 0; i < b->nops && !err; i++) {
        const IROp *op = &b->ops[i];
        if (op->opc == IR_set_label) {
            if (state[op->args[0]] & 1)
                err = ir_check_fail(i, "label L%u set twice", op->args[0]);
            state[op->args[0]] |= 1;
        } else if (op->opc == IR_br || op->opc == IR_brcond) {
            state[ir_op_const(op, op->opc == IR_brcond ? 1 : 0)] |= 2;
        }
    }
    for (int l = 0; l < b->nlabels && !err; l++) {
        if (state[l] == 2)
            err = ir_check_fail(b->nops, "label L%d used but never set", l);
    }
    free(state);
    return err;
}

const char *ir_check(const IRBlock *b)
{
    for (int i = 0; i < b->nops; i++) {
        const char *err = ir_check_op(b, &b->ops[i], i);
        if (err)
            return err;
    }
    return ir_check_labels(b);
}
