/* x86-64 SSE operations with no IR vector op: shuffles, unpacks, packs, saturating and
 * averaging arithmetic, byte shifts, masks. Operands are 16-byte fields of the CPU state. */
#include <stdlib.h>
#include <string.h>
#include "trix/guest_mem.h"
#include "target/x86_64/translate.h"

typedef union XVec { uint8_t b[16]; int8_t sb[16]; uint16_t w[8]; int16_t sw[8];
                     uint32_t d[4]; int32_t sd[4]; uint64_t q[2]; } XVec;

static XVec vget(CPUState *cs, uint32_t off)
{
    XVec v;
    memcpy(&v, (uint8_t *)cs + off, 16);
    return v;
}

static int64_t sat(int64_t v, int64_t lo, int64_t hi) { return v < lo ? lo : v > hi ? hi : v; }

static void vop_unpack(XVec *r, const XVec *a, const XVec *b, int esz, bool high)
{
    unsigned n = 8u >> esz, sz = 1u << esz, base = high ? 8 : 0;
    for (unsigned i = 0; i < n; i++) {
        memcpy(r->b + 2 * i * sz, a->b + base + i * sz, sz);
        memcpy(r->b + (2 * i + 1) * sz, b->b + base + i * sz, sz);
    }
}

static void vop_pack(XVec *r, const XVec *a, const XVec *b, int op)
{
    if (op == X86_VOP_PACKSSWB || op == X86_VOP_PACKUSWB) {
        bool u = op == X86_VOP_PACKUSWB;
        for (int i = 0; i < 16; i++) {
            int16_t v = i < 8 ? a->sw[i] : b->sw[i - 8];
            r->b[i] = (uint8_t)(u ? sat(v, 0, 255) : sat(v, -128, 127));
        }
    } else {
        bool u = op == X86_VOP_PACKUSDW;
        for (int i = 0; i < 8; i++) {
            int32_t v = i < 4 ? a->sd[i] : b->sd[i - 4];
            r->w[i] = (uint16_t)(u ? sat(v, 0, 65535) : sat(v, -32768, 32767));
        }
    }
}

static void vop_shuffle(XVec *r, const XVec *a, const XVec *b, int op, unsigned imm)
{
    switch (op) {
    case X86_VOP_PSHUFD:
        for (int i = 0; i < 4; i++)
            r->d[i] = b->d[(imm >> (2 * i)) & 3];
        break;
    case X86_VOP_PSHUFLW:
        *r = *b;
        for (int i = 0; i < 4; i++)
            r->w[i] = b->w[(imm >> (2 * i)) & 3];
        break;
    case X86_VOP_PSHUFHW:
        *r = *b;
        for (int i = 0; i < 4; i++)
            r->w[4 + i] = b->w[4 + ((imm >> (2 * i)) & 3)];
        break;
    case X86_VOP_SHUFPS:
        r->d[0] = a->d[imm & 3], r->d[1] = a->d[(imm >> 2) & 3];
        r->d[2] = b->d[(imm >> 4) & 3], r->d[3] = b->d[(imm >> 6) & 3];
        break;
    case X86_VOP_SHUFPD:
        r->q[0] = a->q[imm & 1], r->q[1] = b->q[(imm >> 1) & 1];
        break;
    case X86_VOP_PSHUFB:
        for (int i = 0; i < 16; i++)
            r->b[i] = (b->b[i] & 0x80) ? 0 : a->b[b->b[i] & 15];
        break;
    }
}

static void vop_bytes(XVec *r, const XVec *a, const XVec *b, int op, unsigned imm)
{
    uint8_t cat[48] = { 0 };
    if (op == X86_VOP_PALIGNR) {            /* (a:b) >> imm bytes */
        memcpy(cat, b->b, 16);
        memcpy(cat + 16, a->b, 16);
        for (int i = 0; i < 16; i++)
            r->b[i] = imm + i < 32 ? cat[imm + i] : 0;
    } else if (op == X86_VOP_PSRLDQ) {
        for (int i = 0; i < 16; i++)
            r->b[i] = imm + i < 16 ? b->b[imm + i] : 0;
    } else {                                /* PSLLDQ */
        for (int i = 0; i < 16; i++)
            r->b[i] = (unsigned)i >= imm ? b->b[i - imm] : 0;
    }
}

static void vop_sat(XVec *r, const XVec *a, const XVec *b, int op)
{
    bool word = op == X86_VOP_PADDSW || op == X86_VOP_PADDUSW || op == X86_VOP_PSUBSW ||
                op == X86_VOP_PSUBUSW;
    bool sub = op >= X86_VOP_PSUBSB, uns = op == X86_VOP_PADDUSB || op == X86_VOP_PADDUSW ||
               op == X86_VOP_PSUBUSB || op == X86_VOP_PSUBUSW;
    int n = word ? 8 : 16;
    for (int i = 0; i < n; i++) {
        int64_t x = word ? (uns ? a->w[i] : a->sw[i]) : (uns ? a->b[i] : a->sb[i]);
        int64_t y = word ? (uns ? b->w[i] : b->sw[i]) : (uns ? b->b[i] : b->sb[i]);
        int64_t v = sub ? x - y : x + y;
        int64_t lo = uns ? 0 : word ? -32768 : -128, hi = uns ? (word ? 65535 : 255) : word ? 32767 : 127;
        v = sat(v, lo, hi);
        if (word)
            r->w[i] = (uint16_t)v;
        else
            r->b[i] = (uint8_t)v;
    }
}

static void vop_arith(XVec *r, const XVec *a, const XVec *b, int op)
{
    int i;
    switch (op) {
    case X86_VOP_PAVGB: for (i = 0; i < 16; i++) r->b[i] = (uint8_t)((a->b[i] + b->b[i] + 1) >> 1); break;
    case X86_VOP_PAVGW: for (i = 0; i < 8; i++) r->w[i] = (uint16_t)((a->w[i] + b->w[i] + 1) >> 1); break;
    case X86_VOP_PMULUDQ: for (i = 0; i < 2; i++) r->q[i] = (uint64_t)a->d[2 * i] * b->d[2 * i]; break;
    case X86_VOP_PMULHW: for (i = 0; i < 8; i++) r->w[i] = (uint16_t)((a->sw[i] * b->sw[i]) >> 16); break;
    case X86_VOP_PMULHUW: for (i = 0; i < 8; i++) r->w[i] = (uint16_t)(((uint32_t)a->w[i] * b->w[i]) >> 16); break;
    case X86_VOP_PMADDWD:
        for (i = 0; i < 4; i++)
            r->d[i] = (uint32_t)(a->sw[2 * i] * b->sw[2 * i] + a->sw[2 * i + 1] * b->sw[2 * i + 1]);
        break;
    case X86_VOP_PSADBW:
        for (i = 0; i < 2; i++) {
            unsigned s = 0;
            for (int j = 0; j < 8; j++)
                s += (unsigned)abs(a->b[8 * i + j] - b->b[8 * i + j]);
            r->q[i] = s;
        }
        break;
    }
}

static void vop_abs(XVec *r, const XVec *b, int esz)
{
    for (int i = 0; i < (16 >> esz); i++) {
        if (esz == 0) r->b[i] = (uint8_t)(b->sb[i] < 0 ? -b->sb[i] : b->sb[i]);
        else if (esz == 1) r->w[i] = (uint16_t)(b->sw[i] < 0 ? -b->sw[i] : b->sw[i]);
        else r->d[i] = b->sd[i] < 0 ? 0u - (uint32_t)b->sd[i] : (uint32_t)b->sd[i];
    }
}

/* ctl: op | esz << 5 | imm8 << 8. d may equal a or b: sources are read first. */
void helper_x86_vop(CPUState *cs, uint32_t ctl, uint32_t d, uint32_t aoff, uint32_t boff)
{
    XVec a = vget(cs, aoff), b = vget(cs, boff), r = { { 0 } };
    int op = ctl & 31, esz = (ctl >> 5) & 3;
    unsigned imm = (ctl >> 8) & 0xff;
    if (op == X86_VOP_PSLLDQ || op == X86_VOP_PSRLDQ || op == X86_VOP_PALIGNR)
        vop_bytes(&r, &a, &b, op, imm);
    else if (op == X86_VOP_PUNPCKL || op == X86_VOP_PUNPCKH)
        vop_unpack(&r, &a, &b, esz, op == X86_VOP_PUNPCKH);
    else if (op >= X86_VOP_PACKSSWB && op <= X86_VOP_PACKUSDW)
        vop_pack(&r, &a, &b, op);
    else if (op == X86_VOP_PSHUFD || op == X86_VOP_PSHUFLW || op == X86_VOP_PSHUFHW ||
             op == X86_VOP_SHUFPS || op == X86_VOP_SHUFPD || op == X86_VOP_PSHUFB)
        vop_shuffle(&r, &a, &b, op, imm);
    else if (op >= X86_VOP_PADDSB && op <= X86_VOP_PSUBUSW)
        vop_sat(&r, &a, &b, op);
    else if (op == X86_VOP_PABS)
        vop_abs(&r, &b, esz);
    else
        vop_arith(&r, &a, &b, op);
    memcpy((uint8_t *)cs + d, &r, 16);
}
IR_HELPER(x86_vop, IR_HTYPE_VOID, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS,
          IR_HTYPE_PTR, IR_I32, IR_I32, IR_I32, IR_I32);

uint64_t helper_x86_movmsk(CPUState *cs, uint32_t off, uint32_t esz)
{
    XVec v = vget(cs, off);
    uint64_t m = 0;
    unsigned n = 16u >> esz, sz = 1u << esz;
    for (unsigned i = 0; i < n; i++)
        m |= (uint64_t)(v.b[i * sz + sz - 1] >> 7) << i;
    return m;
}
IR_HELPER(x86_movmsk, IR_I64, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS | IR_CALL_NO_SIDE_EFFECTS,
          IR_HTYPE_PTR, IR_I32, IR_I32);

uint64_t helper_x86_ptest(CPUState *cs, uint32_t aoff, uint32_t boff)
{
    XVec a = vget(cs, aoff), b = vget(cs, boff);
    bool zf = !((a.q[0] & b.q[0]) | (a.q[1] & b.q[1]));
    bool cf = !((~a.q[0] & b.q[0]) | (~a.q[1] & b.q[1]));
    return (zf ? X86_ZF : 0) | (cf ? X86_CF : 0);
}
IR_HELPER(x86_ptest, IR_I64, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS | IR_CALL_NO_SIDE_EFFECTS,
          IR_HTYPE_PTR, IR_I32, IR_I32);

/* FXSAVE image offsets (SDM Vol. 1 10.5.1). */
enum { FX_FCW = 0, FX_FSW = 2, FX_FTW = 4, FX_MXCSR = 24, FX_MXCSR_MASK = 28, FX_ST = 32,
       FX_XMM = 160 };
#define X86_MXCSR_MASK 0xffffu

void helper_x86_fxsave(CPUState *cs, uint64_t addr)
{
    X86CPU *env = x86_cpu(cs);
    x86_mxcsr_sync(env);
    gm_st(cs, addr + FX_FCW, env->fcw, MO_16, x86_mmu_idx(cs));
    gm_st(cs, addr + FX_FSW, env->fsw, MO_16, x86_mmu_idx(cs));
    gm_st(cs, addr + FX_FTW, env->ftw, MO_8, x86_mmu_idx(cs));
    gm_st(cs, addr + FX_MXCSR, env->mxcsr, MO_32, x86_mmu_idx(cs));
    gm_st(cs, addr + FX_MXCSR_MASK, X86_MXCSR_MASK, MO_32, x86_mmu_idx(cs));
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 16; j += 8) {
            uint64_t v;
            memcpy(&v, &env->fpregs[(i + ((env->fsw >> 11) & 7)) & 7][j], 8);   /* ST(i) */
            gm_st(cs, addr + FX_ST + 16 * i + j, v, MO_64, x86_mmu_idx(cs));
        }
    for (int i = 0; i < 16; i++)
        for (int j = 0; j < 2; j++)
            gm_st(cs, addr + FX_XMM + 16 * i + 8 * j, env->xmm[i][j], MO_64, x86_mmu_idx(cs));
}
IR_HELPER(x86_fxsave, IR_HTYPE_VOID, IR_CALL_MAY_RAISE | IR_CALL_NO_READ_GLOBALS |
          IR_CALL_NO_WRITE_GLOBALS, IR_HTYPE_PTR, IR_I64);

/* MXCSR bits outside the mask: #GP, as LDMXCSR. */
void helper_x86_fxrstor(CPUState *cs, uint64_t addr)
{
    X86CPU *env = x86_cpu(cs);
    x86_mxcsr_sync(env);
    uint32_t mxcsr = (uint32_t)gm_ld(cs, addr + FX_MXCSR, MO_32, x86_mmu_idx(cs));
    if (mxcsr & ~X86_MXCSR_MASK)
        cpu_loop_exit_restore(cs, X86_EXCP_GP);
    uint64_t xmm[16][2], st[8][2];
    for (int i = 0; i < 16; i++)
        for (int j = 0; j < 2; j++)
            xmm[i][j] = gm_ld(cs, addr + FX_XMM + 16 * i + 8 * j, MO_64, x86_mmu_idx(cs));
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 2; j++)
            st[i][j] = gm_ld(cs, addr + FX_ST + 16 * i + 8 * j, MO_64, x86_mmu_idx(cs));
    env->fcw = (uint16_t)gm_ld(cs, addr + FX_FCW, MO_16, x86_mmu_idx(cs));
    env->fsw = (uint16_t)gm_ld(cs, addr + FX_FSW, MO_16, x86_mmu_idx(cs));
    env->ftw = (uint8_t)gm_ld(cs, addr + FX_FTW, MO_8, x86_mmu_idx(cs));
    env->mxcsr = mxcsr;
    memcpy(env->xmm, xmm, sizeof xmm);
    for (int i = 0; i < 8; i++)     /* fpregs is by physical register, the image by ST(i) */
        memcpy(env->fpregs[(i + ((env->fsw >> 11) & 7)) & 7], st[i], 16);
}
IR_HELPER(x86_fxrstor, IR_HTYPE_VOID, IR_CALL_MAY_RAISE | IR_CALL_NO_READ_GLOBALS |
          IR_CALL_NO_WRITE_GLOBALS, IR_HTYPE_PTR, IR_I64);

void helper_x86_ldmxcsr(CPUState *cs, uint64_t v)
{
    if (v & ~(uint64_t)X86_MXCSR_MASK)
        cpu_loop_exit_restore(cs, X86_EXCP_GP);
    x86_mxcsr_sync(x86_cpu(cs));
    x86_cpu(cs)->mxcsr = (uint32_t)v;
}
IR_HELPER(x86_ldmxcsr, IR_HTYPE_VOID, IR_CALL_MAY_RAISE | IR_CALL_NO_READ_GLOBALS |
          IR_CALL_NO_WRITE_GLOBALS, IR_HTYPE_PTR, IR_I64);

uint64_t helper_x86_stmxcsr(CPUState *cs)
{
    x86_mxcsr_sync(x86_cpu(cs));
    return x86_cpu(cs)->mxcsr;
}
IR_HELPER(x86_stmxcsr, IR_I64, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS, IR_HTYPE_PTR);
