/* x86-64 lowering of the IR's flag ops (ADC/SBB + SETcc) and vector ops (SSE2 or ir_vec_exec). */
#include "lower.h"
#include <stdlib.h>
#include "../ir_vec.h"

/* TRIX_JIT_VEC_HELPER=1 (tests): every vector op through the helper, no inline SSE. */
static bool getenv_trix_vec_helper(void)
{
    static int v = -1;
    if (v < 0)
        v = getenv("TRIX_JIT_VEC_HELPER") != NULL;
    return v;
}

/*
 * addco/addvo/subbo/subvo(a, b, c): the carry in (bit 0 of c) goes to CF with SHR 1 (STC or
 * nothing when c is a constant), then ADC/SBB (ADD/SUB) on a copy of a; CF is the carry/
 * borrow out and OF the signed overflow at the op's width, exactly as ir_ops.h defines them.
 */
static void jl_flag_op(Lower *L, const IROp *op)
{
    bool w = op->type == IR_I64;
    bool sub = op->opc == IR_subbo || op->opc == IR_subvo;
    IRTemp d = op->args[0], c = op->args[3];
    int ra = jl_in_copy(L, op->args[1]);
    int rb = jl_in(L, op->args[2]);
    int carry = -1;                             /* -1: no carry in, -2: carry in is 1 */
    if (jl_is_const(L, c))
        carry = (jl_const(L, c) & 1) ? -2 : -1;
    else
        carry = jl_in_copy(L, c);
    int rd = jl_out(L, d);
    if (carry >= 0)
        x86_emit_shift_ri(&L->buf, X86_SHR, true, carry, 1);
    else if (carry == -2)
        x86_emit_byte(&L->buf, 0xf9);           /* stc */
    X86Alu alu = carry == -1 ? (sub ? X86_SUB : X86_ADD) : (sub ? X86_SBB : X86_ADC);
    x86_emit_alu_rr(&L->buf, alu, w, ra, rb);
    bool cf = op->opc == IR_addco || op->opc == IR_subbo;
    x86_emit_setcc(&L->buf, cf ? X86_CC_B : X86_CC_O, rd);
    x86_emit_movzx_rr(&L->buf, X86_S8, rd, rd);
    jl_bind_out(L, d, rd);
}

/* The 66 0F opcode of a lane-wise SSE2 op, 0 when there is none for this op and size. */
static uint8_t jl_sse_opc(unsigned opc, unsigned esz)
{
    static const uint8_t add[4] = { 0xfc, 0xfd, 0xfe, 0xd4 }, sub[4] = { 0xf8, 0xf9, 0xfa, 0xfb };
    switch (opc) {
    case IR_vadd: return add[esz];
    case IR_vsub: return sub[esz];
    case IR_vand: return 0xdb;
    case IR_vor: return 0xeb;
    case IR_vxor: return 0xef;
    case IR_vandc: return 0xdf;                 /* pandn: dst = ~dst & src */
    case IR_vmov: return 0x6f;                  /* a copy: no op */
    default: return 0;
    }
}

/* d = a op b in xmm0/xmm1 (caller-saved, never live across ops), straight off the env. */
static bool jl_vec_sse(Lower *L, const IROp *op)
{
    uint32_t desc = ir_op_const(op, 1);
    uint8_t sse = jl_sse_opc(op->opc, ir_vdesc_esz(desc));
    if (!sse || getenv_trix_vec_helper())
        return false;
    bool q64 = ir_vdesc_bytes(desc) == 8;
    X86Buf *B = &L->buf;
    X86Mem md = jl_env_mem((int32_t)ir_op_const(op, 0)), ma = jl_env_mem((int32_t)ir_op_const(op, 2));
    x86_emit_sse_load(B, q64, 0, ma);
    int res = 0;
    if (op->opc != IR_vmov) {
        x86_emit_sse_load(B, q64, 1, jl_env_mem((int32_t)ir_op_const(op, 3)));
        if (op->opc == IR_vandc) {
            x86_emit_sse_rr(B, sse, 1, 0);      /* xmm1 = ~b & a */
            res = 1;
        } else {
            x86_emit_sse_rr(B, sse, 0, 1);
        }
    }
    x86_emit_sse_store(B, md, res);
    return true;
}

/* Any vector op: ir_vec_exec(env, ctl, offs, x), the interpreter's own semantics. */
static void jl_vec_helper(Lower *L, const IROp *op)
{
    JitArg args[4] = {
        { JA_ENV, 0 }, { JA_IMM, ir_vec_ctl(op) }, { JA_IMM, ir_vec_offs_of(op) }, { JA_IMM, 0 },
    };
    if (op->nin)
        args[3] = (JitArg){ JA_TEMP, op->args[0] };
    jl_call(L, (const void *)ir_vec_exec, 4, args,
            IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS, IR_NO_TEMP, false);
}

bool jl_lower_flags_vec(Lower *L, const IROp *op)
{
    switch (op->opc) {
    case IR_addco: case IR_addvo: case IR_subbo: case IR_subvo:
        jl_flag_op(L, op);
        return true;
    default:
        break;
    }
    if (!(ir_op_defs[op->opc].flags & IRF_VEC))
        return false;
    if (!jl_vec_sse(L, op))
        jl_vec_helper(L, op);
    return true;
}
