/* Textual IR dump for -d op / -d op_opt and for tests: one op per line. */
#include <inttypes.h>
#include <string.h>
#include "ir.h"

static void ir_dump_temp(const IRBlock *b, IRTemp t, FILE *f)
{
    if (t >= (IRTemp)b->ntemps) {
        fprintf(f, "?%u", t);
        return;
    }
    const IRTempInfo *ti = &b->temps[t];
    switch (ti->kind) {
    case IR_TEMP_ENV: fputs("env", f); break;
    case IR_TEMP_GLOBAL: fputs(ti->name ? ti->name : "global?", f); break;
    case IR_TEMP_CONST: fprintf(f, "$0x%" PRIx64, ti->val); break;
    default: fprintf(f, "tmp%u", t); break;
    }
}

static void ir_dump_memop(uint32_t mo, FILE *f)
{
    static const char sizes[] = "bwlqo???";
    fprintf(f, "%s%c%s%s", mo & MO_SIGN ? "s" : "u", sizes[mo & MO_SIZE],
            mo & MO_BSWAP ? "_be" : "", mo & MO_ALIGN ? "_al" : "");
}

/* Constant operand i of op, formatted by what it means for that opcode. */
static void ir_dump_const(const IROp *op, int i, FILE *f)
{
    uint32_t c = ir_op_const(op, i);
    const IROpDef *def = &ir_op_defs[op->opc];
    if (op->opc == IR_call) {
        IRHelper *h = ir_helper_get((int)c);
        fputs(h ? h->name : "?helper", f);
    } else if (i == 0 && (def->flags & IRF_COND)) {
        fputs(ir_cond_name((IRCond)c), f);
    } else if (op->opc == IR_br || op->opc == IR_set_label || op->opc == IR_brcond) {
        fprintf(f, "L%u", c);
    } else if ((op->opc >= IR_qemu_ld && op->opc <= IR_atomic_umax && i == 0) ||
               ((op->opc == IR_ld_env || op->opc == IR_st_env) && i == 1)) {
        ir_dump_memop(c, f);
    } else if (op->opc == IR_ld_env || op->opc == IR_st_env) {
        fprintf(f, "$%d", (int32_t)c);
    } else if ((def->flags & IRF_VEC) && i == 1) {
        fprintf(f, "%ux%u", ir_vdesc_lanes(c), 8u << ir_vdesc_esz(c));
    } else if (op->opc == IR_vcmp && i == 4) {
        fputs(ir_cond_name((IRCond)c), f);
    } else if ((def->flags & IRF_VEC) && (i == 0 || i == 2 || (i == 3 && op->opc <= IR_vcmp) ||
                                          (i == 3 && op->opc >= IR_vfadd && op->opc != IR_vfsqrt) ||
                                          (i == 4 && op->opc == IR_vfma))) {
        fprintf(f, "v@%u", c);
    } else {
        fprintf(f, "$%u", c);
    }
}

static void ir_dump_op(const IRBlock *b, const IROp *op, FILE *f)
{
    const IROpDef *def = &ir_op_defs[op->opc];
    if (op->opc == IR_insn_start) {
        fprintf(f, " ---- %016" PRIx64 "\n", ir_insn_start_pc(op));
        return;
    }
    if (op->opc == IR_set_label) {
        fprintf(f, "L%u:\n", op->args[0]);
        return;
    }
    fprintf(f, " %s", def->name);
    if (def->flags & IRF_T)
        fputs(op->type == IR_I32 ? "_i32" : "_i64", f);
    const char *sep = " ";
    int ntemps = op->nout + op->nin;
    if (op->opc == IR_call) {
        fputs(sep, f);
        ir_dump_const(op, 0, f);
        sep = ", ";
        if (!op->nout) {
            fputs(", void", f);
        }
    }
    for (int i = 0; i < ntemps; i++, sep = ", ") {
        fputs(sep, f);
        ir_dump_temp(b, op->args[i], f);
    }
    for (int i = op->opc == IR_call ? 1 : 0; i < op->nconst; i++, sep = ", ") {
        fputs(sep, f);
        ir_dump_const(op, i, f);
    }
    fputc('\n', f);
}

void ir_dump(const IRBlock *b, FILE *f)
{
    for (int i = 0; i < b->nops; i++) {
        if (b->ops[i].opc != IR_nop)
            ir_dump_op(b, &b->ops[i], f);
    }
}
