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
    bool cf = op->opc == IR_addco || op->opc == IR_subbo, swapped;
    bool plain = jl_is_const(L, c) && !(jl_const(L, c) & 1);
    if (sub && plain && jl_hf_match(L, w, op->args[1], op->args[2], &swapped) && !swapped) {
        int rd = jl_out(L, d);          /* the flags of this subtraction are already there */
        x86_emit_setcc(&L->buf, cf ? X86_CC_B : X86_CC_O, rd);
        x86_emit_movzx_rr(&L->buf, X86_S8, rd, rd);
        jl_bind_out(L, d, rd);
        return;
    }
    if (sub && plain)
        jl_hf_set(L, w, op->args[1], op->args[2], IR_NO_TEMP);
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
    x86_emit_setcc(&L->buf, cf ? X86_CC_B : X86_CC_O, rd);
    x86_emit_movzx_rr(&L->buf, X86_S8, rd, rd);
    jl_bind_out(L, d, rd);
}

/* The 66 0F (or, with *m38, SSE4.1's 66 0F 38) opcode of a lane-wise op; false if none. */
static bool jl_sse_binop(unsigned opc, unsigned esz, uint8_t *code, bool *m38)
{
    static const uint8_t add[4] = { 0xfc, 0xfd, 0xfe, 0xd4 }, sub[4] = { 0xf8, 0xf9, 0xfa, 0xfb };
    /* per esz 0..2: 0F opcode, or 0x100 | 0F 38 opcode, 0 none */
    static const uint16_t mul[3] = { 0, 0xd5, 0x140 }, smin[3] = { 0x138, 0xea, 0x139 },
        smax[3] = { 0x13c, 0xee, 0x13d }, umin[3] = { 0xda, 0x13a, 0x13b },
        umax[3] = { 0xde, 0x13e, 0x13f }, ssadd[3] = { 0xec, 0xed, 0 },
        usadd[3] = { 0xdc, 0xdd, 0 }, sssub[3] = { 0xe8, 0xe9, 0 }, ussub[3] = { 0xd8, 0xd9, 0 },
        avgu[3] = { 0xe0, 0xe3, 0 };
    const uint16_t *t = NULL;
    *m38 = false;
    switch (opc) {
    case IR_vadd: *code = add[esz]; return true;
    case IR_vsub: *code = sub[esz]; return true;
    case IR_vand: *code = 0xdb; return true;
    case IR_vor: *code = 0xeb; return true;
    case IR_vxor: *code = 0xef; return true;
    case IR_vandc: *code = 0xdf; return true;   /* pandn: dst = ~dst & src */
    case IR_vmul: t = mul; break;
    case IR_vsmin: t = smin; break;
    case IR_vsmax: t = smax; break;
    case IR_vumin: t = umin; break;
    case IR_vumax: t = umax; break;
    case IR_vssadd: t = ssadd; break;       /* paddsb/w */
    case IR_vusadd: t = usadd; break;       /* paddusb/w */
    case IR_vsssub: t = sssub; break;       /* psubsb/w */
    case IR_vussub: t = ussub; break;       /* psubusb/w */
    case IR_vavgu: t = avgu; break;         /* pavgb/w */
    default: return false;
    }
    if (esz > 2 || !t[esz] || ((t[esz] & 0x100) && !x86_features()->sse41))
        return false;
    *code = (uint8_t)t[esz];
    *m38 = (t[esz] & 0x100) != 0;
    return true;
}

static void jl_sse_op(X86Buf *B, bool m38, uint8_t code, int dst, int src)
{
    if (m38)
        x86_emit_sse38_rr(B, code, dst, src);
    else
        x86_emit_sse_rr(B, code, dst, src);
}

static void jl_sse_invert(X86Buf *B, int r)
{
    x86_emit_sse_rr(B, 0x76, 2, 2);             /* pcmpeqd xmm2, xmm2: all ones */
    x86_emit_sse_rr(B, 0xef, r, 2);
}

/* vcmp: pcmpeq/pcmpgt (signed, lanes up to 32 bits; pcmpeqq with SSE4.1), the other
 * conditions by swapping and inverting; unsigned ones go to the helper. Result register. */
static int jl_vec_cmp_plan(IRCond c, unsigned esz)
{
    bool eq = c == IR_COND_EQ || c == IR_COND_NE;
    bool gt = c == IR_COND_GT || c == IR_COND_LT || c == IR_COND_GE || c == IR_COND_LE;
    if (eq)
        return esz < 3 || x86_features()->sse41;
    return gt && esz < 3;
}

static int jl_vec_cmp(X86Buf *B, IRCond c, unsigned esz)
{
    static const uint8_t eq[3] = { 0x74, 0x75, 0x76 }, gt[3] = { 0x64, 0x65, 0x66 };
    int res = 0;
    if (c == IR_COND_EQ || c == IR_COND_NE)
        jl_sse_op(B, esz == 3, esz == 3 ? 0x29 : eq[esz], 0, 1);
    else if (c == IR_COND_GT || c == IR_COND_LE)
        x86_emit_sse_rr(B, gt[esz], 0, 1);      /* a > b */
    else {
        x86_emit_sse_rr(B, gt[esz], 1, 0);      /* b > a */
        res = 1;
    }
    if (c == IR_COND_NE || c == IR_COND_LE || c == IR_COND_GE)
        jl_sse_invert(B, res);
    return res;
}

/* Can the op be done inline (SSE2, SSE4.1 where the host has it)? */
static bool jl_vec_sse_ok(const IROp *op, unsigned esz)
{
    uint8_t code;
    bool m38;
    switch (op->opc) {
    case IR_vmov: case IR_vnot: case IR_vneg:
        return true;
    case IR_vabs:                           /* SSSE3 pabsb/w/d; every SSE4.1 host has it */
        return esz < 3 && x86_features()->sse41;
    case IR_vshli: case IR_vshri:
        return esz > 0;
    case IR_vsari:
        return esz == 1 || esz == 2;
    case IR_vcmp:
        return jl_vec_cmp_plan((IRCond)ir_op_const(op, 4), esz);
    default:
        return jl_sse_binop(op->opc, esz, &code, &m38);
    }
}

/*
 * d = op(a, b) in xmm0..xmm2, straight off the env (movdqu, or movq for 8-byte ops, whose
 * upper lanes are then 0 in both sources). The xmm registers are caller-saved scratch:
 * nothing lives in them across ops, so helper calls need no saving.
 */
static bool jl_vec_sse(Lower *L, const IROp *op)
{
    uint32_t desc = ir_op_const(op, 1);
    unsigned esz = ir_vdesc_esz(desc);
    if (getenv_trix_vec_helper() || !jl_vec_sse_ok(op, esz))
        return false;
    bool q64 = ir_vdesc_bytes(desc) == 8, zero_hi = false;
    X86Buf *B = &L->buf;
    static const uint8_t sub[4] = { 0xf8, 0xf9, 0xfa, 0xfb }, shop[4] = { 0, 0x71, 0x72, 0x73 };
    uint8_t code;
    bool m38;
    int res = 0;
    x86_emit_sse_load(B, q64, 0, jl_env_mem((int32_t)ir_op_const(op, 2)));
    switch (op->opc) {
    case IR_vmov:
        break;
    case IR_vnot:
        jl_sse_invert(B, 0);
        zero_hi = q64;
        break;
    case IR_vneg:
        x86_emit_sse_rr(B, 0xef, 1, 1);         /* 0 - a */
        x86_emit_sse_rr(B, sub[esz], 1, 0);
        res = 1;
        break;
    case IR_vabs:
        x86_emit_sse38_rr(B, (uint8_t)(0x1c + esz), 0, 0);
        break;
    case IR_vshli: case IR_vshri: case IR_vsari: {
        int digit = op->opc == IR_vshli ? 6 : op->opc == IR_vshri ? 2 : 4;
        x86_emit_sse_shift_ri(B, shop[esz], digit, 0, (uint8_t)ir_op_const(op, 3));
        break;
    }
    default:
        x86_emit_sse_load(B, q64, 1, jl_env_mem((int32_t)ir_op_const(op, 3)));
        if (op->opc == IR_vcmp) {
            res = jl_vec_cmp(B, (IRCond)ir_op_const(op, 4), esz);
            zero_hi = q64;
        } else if (op->opc == IR_vandc) {
            x86_emit_sse_rr(B, 0xdf, 1, 0);     /* xmm1 = ~b & a */
            res = 1;
        } else {
            jl_sse_binop(op->opc, esz, &code, &m38);
            jl_sse_op(B, m38, code, 0, 1);
        }
        break;
    }
    if (zero_hi)
        x86_emit_sse_movq_rr(B, res, res);
    x86_emit_sse_store(B, jl_env_mem((int32_t)ir_op_const(op, 0)), res);
    return true;
}

/* An FP operand into xmm: movss/movsd (zero-extending) for scalars, else movq/movdqu. */
static void jl_vecf_load(X86Buf *B, uint32_t desc, int xmm, int32_t off)
{
    if (desc & IR_VEC_SCALAR)
        x86_emit_ssef_rm(B, ir_vdesc_esz(desc) == 3 ? X86_SSE_F2 : X86_SSE_F3, 0x10, xmm,
                         jl_env_mem(off));
    else
        x86_emit_sse_load(B, ir_vdesc_bytes(desc) == 8, xmm, jl_env_mem(off));
}

/*
 * vfadd/vfsub/vfmul/vfdiv/vfsqrt/vfma: the host's SSE (FMA3 for vfma) on xmm0..xmm2 in the
 * default MXCSR (round to nearest, exceptions masked), then the check of ir_ops.h on xmm3/4:
 * |r| < inf and !(|r| <= min normal) per lane, movmsk, and the store only when every lane
 * passes; ok = that test (sete).
 */
static bool jl_vecf_sse(Lower *L, const IROp *op)
{
    uint32_t desc = ir_op_const(op, 1);
    bool dbl = ir_vdesc_esz(desc) == 3, scalar = desc & IR_VEC_SCALAR;
    if (getenv_trix_vec_helper() || (op->opc == IR_vfma && !x86_features()->fma))
        return false;
    static const uint8_t code[] = { [IR_vfadd - IR_vfadd] = 0x58, [IR_vfsub - IR_vfadd] = 0x5c,
                                    [IR_vfmul - IR_vfadd] = 0x59, [IR_vfdiv - IR_vfadd] = 0x5e,
                                    [IR_vfsqrt - IR_vfadd] = 0x51 };
    /* vfmadd231 / vfnmadd231 / vfmsub231 / vfnmsub231 by neg (bit 0 product, bit 1 addend),
     * packed; the scalar forms are one more */
    static const uint8_t fma[4] = { 0xb8, 0xbc, 0xba, 0xbe };
    X86SsePfx packed = dbl ? X86_SSE_66 : X86_SSE_NP;
    X86SsePfx pfx = scalar ? (dbl ? X86_SSE_F2 : X86_SSE_F3) : packed;
    int rd = jl_out(L, op->args[0]), res = 0;
    X86Buf *B = &L->buf;
    jl_vecf_load(B, desc, 0, (int32_t)ir_op_const(op, 2));
    if (op->opc == IR_vfsqrt) {
        x86_emit_ssef_rr(B, pfx, 0x51, 0, 0);
    } else {
        jl_vecf_load(B, desc, 1, (int32_t)ir_op_const(op, 3));
        if (op->opc == IR_vfma) {
            jl_vecf_load(B, desc, 2, (int32_t)ir_op_const(op, 4));
            x86_emit_vex38_rrr(B, dbl, (uint8_t)(fma[ir_op_const(op, 5) & 3] + scalar), 2, 0, 1);
            res = 2;
        } else {
            x86_emit_ssef_rr(B, pfx, code[op->opc - IR_vfadd], 0, 1);
        }
    }
    if (!scalar && ir_vdesc_bytes(desc) == 8)
        x86_emit_sse_movq_rr(B, res, res);          /* the upper lanes computed 0 op 0 */
    const uint8_t *c = (const uint8_t *)jit_rt.fpc[dbl];
    x86_emit_ssef_rr(B, X86_SSE_NP, 0x28, 3, res);                  /* movaps xmm3, res */
    x86_emit_ssef_rm(B, X86_SSE_NP, 0x54, 3, x86_mem_rip(c));       /* andps: |r| */
    x86_emit_ssef_rr(B, X86_SSE_NP, 0x28, 4, 3);
    x86_emit_ssef_rmi(B, packed, 0xc2, 3, x86_mem_rip(c + 32), 1);  /* cmplt inf */
    x86_emit_ssef_rmi(B, packed, 0xc2, 4, x86_mem_rip(c + 16), 6);  /* cmpnle min normal */
    x86_emit_ssef_rr(B, X86_SSE_NP, 0x54, 3, 4);
    x86_emit_ssef_rr(B, packed, 0x50, rd, 3);                       /* movmskps/pd */
    int lanes = (1 << ir_vdesc_lanes(desc)) - 1;
    x86_emit_alu_ri(B, X86_AND, false, rd, lanes);
    x86_emit_alu_ri(B, X86_CMP, false, rd, lanes);
    uint8_t *skip = x86_emit_jcc_rel8(B, X86_CC_NE);
    x86_emit_sse_store(B, jl_env_mem((int32_t)ir_op_const(op, 0)), res);
    x86_patch_rel8(B, skip, x86_here(B));
    x86_emit_setcc(B, X86_CC_E, rd);
    x86_emit_movzx_rr(B, X86_S8, rd, rd);
    jl_bind_out(L, op->args[0], rd);
    return true;
}

/* Any vector op: ir_vec_exec(env, ctl, offs, x), the interpreter's own semantics (vf*'s ok
 * is its return value). */
static void jl_vec_helper(Lower *L, const IROp *op)
{
    JitArg args[4] = {
        { JA_ENV, 0 }, { JA_IMM, ir_vec_ctl(op) }, { JA_IMM, ir_vec_offs_of(op) }, { JA_IMM, 0 },
    };
    if (op->nin)
        args[3] = (JitArg){ JA_TEMP, op->args[0] };
    jl_call(L, (const void *)ir_vec_exec, 4, args,
            IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS,
            op->nout ? op->args[0] : IR_NO_TEMP, false);
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
    bool inline_ok = op->nout ? jl_vecf_sse(L, op) : jl_vec_sse(L, op);
    if (!inline_ok)
        jl_vec_helper(L, op);
    return true;
}
