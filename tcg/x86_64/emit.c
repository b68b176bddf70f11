/* x86-64 encoders (Intel SDM vol. 2 ch. 2): prefixes, REX, ModRM/SIB, displacements, immediates. */
#include <cpuid.h>
#include <stdlib.h>
#include <string.h>
#include "emit.h"

/* Encoding flags for x86_enc. */
enum {
    XF_W = 1,           /* REX.W */
    XF_66 = 2,          /* operand-size prefix */
    XF_F3 = 4,          /* mandatory F3 prefix */
    XF_0F = 8,          /* two-byte opcode map */
    XF_BREG = 16,       /* the ModRM.reg operand is a byte register */
    XF_BRM = 32,        /* the ModRM.rm register operand is a byte register */
    XF_LOCK = 64,
    XF_0F38 = 128,      /* three-byte opcode map 0F 38 */
    XF_F2 = 256,        /* mandatory F2 prefix */
};

void x86_emit_byte(X86Buf *b, uint8_t v)
{
    if (b->p < b->end)
        *b->p++ = v;
    else
        b->overflow = true;
}

void x86_emit_u32(X86Buf *b, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        x86_emit_byte(b, (uint8_t)(v >> (8 * i)));
}

void x86_emit_u64(X86Buf *b, uint64_t v)
{
    x86_emit_u32(b, (uint32_t)v);
    x86_emit_u32(b, (uint32_t)(v >> 32));
}

static bool x86_fits_i8(int64_t v) { return v >= -128 && v <= 127; }
static bool x86_fits_i32(int64_t v) { return v >= INT32_MIN && v <= INT32_MAX; }

static void x86_prefixes(X86Buf *b, unsigned f)
{
    if (f & XF_LOCK)
        x86_emit_byte(b, 0xf0);
    if (f & XF_66)
        x86_emit_byte(b, 0x66);
    if (f & XF_F3)
        x86_emit_byte(b, 0xf3);
    if (f & XF_F2)
        x86_emit_byte(b, 0xf2);
}

/* REX from its four bits; a byte register 4-7 (spl..dil) needs a REX even when empty. */
static void x86_rex(X86Buf *b, bool w, int r, int x, int bb, bool force)
{
    uint8_t rex = 0x40 | (w ? 8 : 0) | ((r >> 3) & 1) << 2 | ((x >> 3) & 1) << 1 | ((bb >> 3) & 1);
    if (rex != 0x40 || force)
        x86_emit_byte(b, rex);
}

static void x86_modrm_mem(X86Buf *b, int reg, const X86Mem *m, uint8_t **rip_field)
{
    int r = reg & 7;
    if (m->base == X86_RIP) {
        x86_emit_byte(b, (uint8_t)(r << 3 | 5));
        *rip_field = b->p;
        x86_emit_u32(b, 0);
        return;
    }
    int ss = m->scale == 8 ? 3 : m->scale == 4 ? 2 : m->scale == 2 ? 1 : 0;
    if (m->base == X86_NOREG) {             /* [index*scale + disp32] or [disp32] */
        x86_emit_byte(b, (uint8_t)(r << 3 | 4));
        int idx = m->index == X86_NOREG ? 4 : m->index & 7;
        x86_emit_byte(b, (uint8_t)(ss << 6 | idx << 3 | 5));
        x86_emit_u32(b, (uint32_t)m->disp);
        return;
    }
    int mod = (m->disp == 0 && (m->base & 7) != 5) ? 0 : x86_fits_i8(m->disp) ? 1 : 2;
    bool sib = m->index != X86_NOREG || (m->base & 7) == 4;
    x86_emit_byte(b, (uint8_t)(mod << 6 | r << 3 | (sib ? 4 : m->base & 7)));
    if (sib) {
        int idx = m->index == X86_NOREG ? 4 : m->index & 7;
        x86_emit_byte(b, (uint8_t)(ss << 6 | idx << 3 | (m->base & 7)));
    }
    if (mod == 1)
        x86_emit_byte(b, (uint8_t)m->disp);
    else if (mod == 2)
        x86_emit_u32(b, (uint32_t)m->disp);
}

static void x86_imm(X86Buf *b, int bytes, uint64_t imm)
{
    for (int i = 0; i < bytes; i++)
        x86_emit_byte(b, (uint8_t)(imm >> (8 * i)));
}

/* One instruction: opcode opc (after 0F if XF_0F) with ModRM.reg = reg (a register or a
 * /digit) and ModRM.rm = register rm, or memory *m when m is given. */
static void x86_enc(X86Buf *b, unsigned f, uint8_t opc, int reg, int rm, const X86Mem *m,
                    int imm_bytes, uint64_t imm)
{
    x86_prefixes(b, f);
    bool force = ((f & XF_BREG) && reg >= 4 && reg < 8) || (!m && (f & XF_BRM) && rm >= 4 && rm < 8);
    if (m)
        x86_rex(b, f & XF_W, reg, m->index == X86_NOREG ? 0 : m->index,
                m->base == X86_RIP || m->base == X86_NOREG ? 0 : m->base, force);
    else
        x86_rex(b, f & XF_W, reg, 0, rm, force);
    if (f & (XF_0F | XF_0F38))
        x86_emit_byte(b, 0x0f);
    if (f & XF_0F38)
        x86_emit_byte(b, 0x38);
    x86_emit_byte(b, opc);
    uint8_t *rip_field = NULL;
    if (m)
        x86_modrm_mem(b, reg, m, &rip_field);
    else
        x86_emit_byte(b, (uint8_t)(0xc0 | (reg & 7) << 3 | (rm & 7)));
    x86_imm(b, imm_bytes, imm);
    if (rip_field && !b->overflow) {
        int64_t d = (int64_t)((uintptr_t)m->target - x86_here(b));
        if (!x86_fits_i32(d))
            b->overflow = true;     /* caller keeps rip targets inside the buffer */
        else
            memcpy(rip_field, &(int32_t){ (int32_t)d }, 4);
    }
}

static void x86_enc_rr(X86Buf *b, unsigned f, uint8_t opc, int reg, int rm)
{
    x86_enc(b, f, opc, reg, rm, NULL, 0, 0);
}

static void x86_enc_rm(X86Buf *b, unsigned f, uint8_t opc, int reg, X86Mem m)
{
    x86_enc(b, f, opc, reg, 0, &m, 0, 0);
}

static unsigned x86_wf(bool w) { return w ? XF_W : 0; }

/* Size flags for an operation of `size` with opcode pairs (8-bit form = opc - 1). */
static unsigned x86_size_flags(int size)
{
    return size == X86_S64 ? XF_W : size == X86_S16 ? XF_66 : 0;
}

/* ---- moves ---- */

void x86_emit_mov_rr(X86Buf *b, bool w, int dst, int src)
{
    x86_enc_rr(b, x86_wf(w), 0x89, src, dst);
}

void x86_emit_mov_ri32(X86Buf *b, int dst, uint32_t imm)
{
    x86_rex(b, false, 0, 0, dst, false);
    x86_emit_byte(b, (uint8_t)(0xb8 + (dst & 7)));
    x86_emit_u32(b, imm);
}

void x86_emit_mov_ri64s(X86Buf *b, int dst, int32_t imm)
{
    x86_enc(b, XF_W, 0xc7, 0, dst, NULL, 4, (uint32_t)imm);
}

void x86_emit_movabs(X86Buf *b, int dst, uint64_t imm)
{
    x86_rex(b, true, 0, 0, dst, false);
    x86_emit_byte(b, (uint8_t)(0xb8 + (dst & 7)));
    x86_emit_u64(b, imm);
}

void x86_emit_mov_ri(X86Buf *b, int dst, uint64_t imm)
{
    if (imm <= UINT32_MAX)
        x86_emit_mov_ri32(b, dst, (uint32_t)imm);
    else if (x86_fits_i32((int64_t)imm))
        x86_emit_mov_ri64s(b, dst, (int32_t)imm);
    else
        x86_emit_movabs(b, dst, imm);
}

void x86_emit_load(X86Buf *b, int size, int dst, X86Mem m)
{
    switch (size) {
    case X86_S8: x86_enc_rm(b, XF_0F, 0xb6, dst, m); break;
    case X86_S16: x86_enc_rm(b, XF_0F, 0xb7, dst, m); break;
    case X86_S32: x86_enc_rm(b, 0, 0x8b, dst, m); break;
    default: x86_enc_rm(b, XF_W, 0x8b, dst, m); break;
    }
}

void x86_emit_load_sx(X86Buf *b, int size, bool w, int dst, X86Mem m)
{
    switch (size) {
    case X86_S8: x86_enc_rm(b, XF_0F | x86_wf(w), 0xbe, dst, m); break;
    case X86_S16: x86_enc_rm(b, XF_0F | x86_wf(w), 0xbf, dst, m); break;
    case X86_S32:
        if (w)
            x86_enc_rm(b, XF_W, 0x63, dst, m);
        else
            x86_enc_rm(b, 0, 0x8b, dst, m);
        break;
    default: x86_enc_rm(b, XF_W, 0x8b, dst, m); break;
    }
}

void x86_emit_store(X86Buf *b, int size, X86Mem m, int src)
{
    if (size == X86_S8)
        x86_enc_rm(b, XF_BREG, 0x88, src, m);
    else
        x86_enc_rm(b, x86_size_flags(size), 0x89, src, m);
}

void x86_emit_store_imm(X86Buf *b, int size, X86Mem m, int32_t imm)
{
    if (size == X86_S8)
        x86_enc(b, 0, 0xc6, 0, 0, &m, 1, (uint8_t)imm);
    else if (size == X86_S16)
        x86_enc(b, XF_66, 0xc7, 0, 0, &m, 2, (uint16_t)imm);
    else
        x86_enc(b, x86_size_flags(size), 0xc7, 0, 0, &m, 4, (uint32_t)imm);
}

void x86_emit_movzx_rr(X86Buf *b, int size, int dst, int src)
{
    if (size == X86_S8)
        x86_enc_rr(b, XF_0F | XF_BRM, 0xb6, dst, src);
    else if (size == X86_S16)
        x86_enc_rr(b, XF_0F, 0xb7, dst, src);
    else
        x86_emit_mov_rr(b, false, dst, src);
}

void x86_emit_movsx_rr(X86Buf *b, int size, bool w, int dst, int src)
{
    if (size == X86_S8)
        x86_enc_rr(b, XF_0F | XF_BRM | x86_wf(w), 0xbe, dst, src);
    else if (size == X86_S16)
        x86_enc_rr(b, XF_0F | x86_wf(w), 0xbf, dst, src);
    else if (w)
        x86_enc_rr(b, XF_W, 0x63, dst, src);
    else
        x86_emit_mov_rr(b, false, dst, src);
}

void x86_emit_lea(X86Buf *b, bool w, int dst, X86Mem m)
{
    x86_enc_rm(b, x86_wf(w), 0x8d, dst, m);
}

void x86_emit_xchg_rr(X86Buf *b, bool w, int r1, int r2)
{
    x86_enc_rr(b, x86_wf(w), 0x87, r1, r2);
}

/* ---- arithmetic ---- */

void x86_emit_alu_rr(X86Buf *b, X86Alu op, bool w, int dst, int src)
{
    x86_enc_rr(b, x86_wf(w), (uint8_t)(op << 3 | 1), src, dst);
}

void x86_emit_alu_ri(X86Buf *b, X86Alu op, bool w, int dst, int32_t imm)
{
    if (x86_fits_i8(imm))
        x86_enc(b, x86_wf(w), 0x83, op, dst, NULL, 1, (uint8_t)imm);
    else
        x86_enc(b, x86_wf(w), 0x81, op, dst, NULL, 4, (uint32_t)imm);
}

void x86_emit_alu_rm(X86Buf *b, X86Alu op, bool w, int dst, X86Mem m)
{
    x86_enc_rm(b, x86_wf(w), (uint8_t)(op << 3 | 3), dst, m);
}

void x86_emit_alu_mr(X86Buf *b, X86Alu op, bool w, X86Mem m, int src)
{
    x86_enc_rm(b, x86_wf(w), (uint8_t)(op << 3 | 1), src, m);
}

void x86_emit_alu_mi(X86Buf *b, X86Alu op, int size, X86Mem m, int32_t imm)
{
    if (size == X86_S8)
        x86_enc(b, 0, 0x80, op, 0, &m, 1, (uint8_t)imm);
    else if (x86_fits_i8(imm))
        x86_enc(b, x86_size_flags(size), 0x83, op, 0, &m, 1, (uint8_t)imm);
    else
        x86_enc(b, x86_size_flags(size), 0x81, op, 0, &m, size == X86_S16 ? 2 : 4, (uint32_t)imm);
}

void x86_emit_test_rr(X86Buf *b, bool w, int r1, int r2)
{
    x86_enc_rr(b, x86_wf(w), 0x85, r2, r1);
}

void x86_emit_test_ri(X86Buf *b, bool w, int r, int32_t imm)
{
    if (imm >= 0 && imm <= 0xff && !w)
        x86_enc(b, XF_BRM, 0xf6, 0, r, NULL, 1, (uint8_t)imm);
    else
        x86_enc(b, x86_wf(w), 0xf7, 0, r, NULL, 4, (uint32_t)imm);
}

void x86_emit_imul_rr(X86Buf *b, bool w, int dst, int src)
{
    x86_enc_rr(b, XF_0F | x86_wf(w), 0xaf, dst, src);
}

void x86_emit_imul_rri(X86Buf *b, bool w, int dst, int src, int32_t imm)
{
    if (x86_fits_i8(imm))
        x86_enc(b, x86_wf(w), 0x6b, dst, src, NULL, 1, (uint8_t)imm);
    else
        x86_enc(b, x86_wf(w), 0x69, dst, src, NULL, 4, (uint32_t)imm);
}

void x86_emit_unary(X86Buf *b, X86Unary op, bool w, int r)
{
    x86_enc_rr(b, x86_wf(w), 0xf7, op, r);
}

void x86_emit_shift_ri(X86Buf *b, X86Shift op, bool w, int r, uint8_t count)
{
    if (count == 1)
        x86_enc_rr(b, x86_wf(w), 0xd1, op, r);
    else
        x86_enc(b, x86_wf(w), 0xc1, op, r, NULL, 1, count);
}

void x86_emit_shift_cl(X86Buf *b, X86Shift op, bool w, int r)
{
    x86_enc_rr(b, x86_wf(w), 0xd3, op, r);
}

void x86_emit_rol16_ri(X86Buf *b, int r, uint8_t count)
{
    x86_enc(b, XF_66, 0xc1, X86_ROL, r, NULL, 1, count);
}

void x86_emit_bswap(X86Buf *b, bool w, int r)
{
    x86_rex(b, w, 0, 0, r, false);
    x86_emit_byte(b, 0x0f);
    x86_emit_byte(b, (uint8_t)(0xc8 + (r & 7)));
}

void x86_emit_bitop(X86Buf *b, X86BitOp op, bool w, int dst, int src)
{
    static const uint8_t opc[] = { [X86_POPCNT] = 0xb8, [X86_TZCNT] = 0xbc, [X86_LZCNT] = 0xbd,
                                   [X86_BSF] = 0xbc, [X86_BSR] = 0xbd };
    unsigned f = XF_0F | x86_wf(w) | (op <= X86_LZCNT ? XF_F3 : 0);
    x86_enc_rr(b, f, opc[op], dst, src);
}

void x86_emit_cqo(X86Buf *b, bool w)
{
    x86_rex(b, w, 0, 0, 0, false);
    x86_emit_byte(b, 0x99);
}

/* ---- conditions ---- */

void x86_emit_setcc(X86Buf *b, X86Cond cc, int r)
{
    x86_enc_rr(b, XF_0F | XF_BRM, (uint8_t)(0x90 + cc), 0, r);
}

void x86_emit_cmovcc(X86Buf *b, X86Cond cc, bool w, int dst, int src)
{
    x86_enc_rr(b, XF_0F | x86_wf(w), (uint8_t)(0x40 + cc), dst, src);
}

/* ---- control flow ---- */

uint8_t *x86_emit_jcc_rel32(X86Buf *b, X86Cond cc)
{
    x86_emit_byte(b, 0x0f);
    x86_emit_byte(b, (uint8_t)(0x80 + cc));
    uint8_t *field = b->p;
    x86_emit_u32(b, 0);
    return field;
}

uint8_t *x86_emit_jmp_rel32(X86Buf *b)
{
    x86_emit_byte(b, 0xe9);
    uint8_t *field = b->p;
    x86_emit_u32(b, 0);
    return field;
}

uint8_t *x86_emit_jcc_rel8(X86Buf *b, X86Cond cc)
{
    x86_emit_byte(b, (uint8_t)(0x70 + cc));
    uint8_t *field = b->p;
    x86_emit_byte(b, 0);
    return field;
}

uint8_t *x86_emit_jmp_rel8(X86Buf *b)
{
    x86_emit_byte(b, 0xeb);
    uint8_t *field = b->p;
    x86_emit_byte(b, 0);
    return field;
}

bool x86_patch_rel32(const X86Buf *b, uint8_t *field, uintptr_t target)
{
    int64_t d = (int64_t)(target - x86_exec_addr(b, field + 4));
    if (!x86_fits_i32(d))
        return false;
    int32_t v = (int32_t)d;
    memcpy(field, &v, 4);
    return true;
}

bool x86_patch_rel8(const X86Buf *b, uint8_t *field, uintptr_t target)
{
    int64_t d = (int64_t)(target - x86_exec_addr(b, field + 1));
    if (!x86_fits_i8(d))
        return false;
    *field = (uint8_t)(int8_t)d;
    return true;
}

void x86_emit_jcc(X86Buf *b, X86Cond cc, uintptr_t target)
{
    int64_t d8 = (int64_t)(target - (x86_here(b) + 2));
    if (x86_fits_i8(d8)) {
        x86_emit_byte(b, (uint8_t)(0x70 + cc));
        x86_emit_byte(b, (uint8_t)(int8_t)d8);
        return;
    }
    uint8_t *f = x86_emit_jcc_rel32(b, cc);
    if (!b->overflow && !x86_patch_rel32(b, f, target))
        b->overflow = true;
}

void x86_emit_jmp(X86Buf *b, uintptr_t target)
{
    int64_t d8 = (int64_t)(target - (x86_here(b) + 2));
    if (x86_fits_i8(d8)) {
        x86_emit_byte(b, 0xeb);
        x86_emit_byte(b, (uint8_t)(int8_t)d8);
        return;
    }
    uint8_t *f = x86_emit_jmp_rel32(b);
    if (!b->overflow && !x86_patch_rel32(b, f, target))
        b->overflow = true;
}

void x86_emit_call(X86Buf *b, uintptr_t target)
{
    int64_t d = (int64_t)(target - (x86_here(b) + 5));
    if (x86_fits_i32(d)) {
        x86_emit_byte(b, 0xe8);
        x86_emit_u32(b, (uint32_t)(int32_t)d);
    } else {
        x86_emit_movabs(b, X86_R11, target);
        x86_emit_call_r(b, X86_R11);
    }
}

void x86_emit_call_r(X86Buf *b, int r)
{
    x86_enc_rr(b, 0, 0xff, 2, r);
}

void x86_emit_jmp_r(X86Buf *b, int r)
{
    x86_enc_rr(b, 0, 0xff, 4, r);
}

void x86_emit_ret(X86Buf *b) { x86_emit_byte(b, 0xc3); }

void x86_emit_push(X86Buf *b, int r)
{
    x86_rex(b, false, 0, 0, r, false);
    x86_emit_byte(b, (uint8_t)(0x50 + (r & 7)));
}

void x86_emit_pop(X86Buf *b, int r)
{
    x86_rex(b, false, 0, 0, r, false);
    x86_emit_byte(b, (uint8_t)(0x58 + (r & 7)));
}

/* ---- atomics, barriers, padding ---- */

void x86_emit_lock_cmpxchg(X86Buf *b, int size, X86Mem m, int src)
{
    unsigned f = XF_LOCK | XF_0F | x86_size_flags(size) | (size == X86_S8 ? XF_BREG : 0);
    x86_enc_rm(b, f, size == X86_S8 ? 0xb0 : 0xb1, src, m);
}

void x86_emit_lock_xadd(X86Buf *b, int size, X86Mem m, int src)
{
    unsigned f = XF_LOCK | XF_0F | x86_size_flags(size) | (size == X86_S8 ? XF_BREG : 0);
    x86_enc_rm(b, f, size == X86_S8 ? 0xc0 : 0xc1, src, m);
}

void x86_emit_xchg_mr(X86Buf *b, int size, X86Mem m, int src)
{
    unsigned f = x86_size_flags(size) | (size == X86_S8 ? XF_BREG : 0);
    x86_enc_rm(b, f, size == X86_S8 ? 0x86 : 0x87, src, m);
}

void x86_emit_mfence(X86Buf *b)
{
    x86_emit_byte(b, 0x0f);
    x86_emit_byte(b, 0xae);
    x86_emit_byte(b, 0xf0);
}

void x86_emit_ud2(X86Buf *b)
{
    x86_emit_byte(b, 0x0f);
    x86_emit_byte(b, 0x0b);
}

/* Recommended multi-byte nops (SDM vol. 2, NOP). */
void x86_emit_nops(X86Buf *b, int n)
{
    static const uint8_t nops[9][9] = {
        { 0 }, { 0x90 }, { 0x66, 0x90 }, { 0x0f, 0x1f, 0x00 }, { 0x0f, 0x1f, 0x40, 0x00 },
        { 0x0f, 0x1f, 0x44, 0x00, 0x00 }, { 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00 },
        { 0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00 },
        { 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
    };
    while (n > 0) {
        int k = n > 8 ? 8 : n;
        for (int i = 0; i < k; i++)
            x86_emit_byte(b, nops[k][i]);
        n -= k;
    }
}

/* VEX.LZ.pp.0F38.W F7 /r: dst = ModRM.reg, src = ModRM.rm, count = VEX.vvvv. */
void x86_emit_shiftx(X86Buf *b, X86Shift op, bool w, int dst, int src, int count)
{
    int pp = op == X86_SHL ? 1 : op == X86_SAR ? 2 : 3;
    x86_emit_byte(b, 0xc4);
    x86_emit_byte(b, (uint8_t)((!(dst & 8)) << 7 | 1 << 6 | (!(src & 8)) << 5 | 0x02));
    x86_emit_byte(b, (uint8_t)((w ? 0x80 : 0) | (~count & 15) << 3 | pp));
    x86_emit_byte(b, 0xf7);
    x86_emit_byte(b, (uint8_t)(0xc0 | (dst & 7) << 3 | (src & 7)));
}

const X86Features *x86_features(void)
{
    static X86Features f;
    static bool probed;
    if (!probed) {
        unsigned a, bb, c, d;
        if (__get_cpuid(1, &a, &bb, &c, &d))
            f.popcnt = (c >> 23) & 1;
        if (__get_cpuid_count(7, 0, &a, &bb, &c, &d)) {
            f.bmi1 = (bb >> 3) & 1;
            f.bmi2 = (bb >> 8) & 1;
        }
        if (__get_cpuid(0x80000001, &a, &bb, &c, &d))
            f.lzcnt = (c >> 5) & 1;
        if (__get_cpuid(1, &a, &bb, &c, &d)) {
            f.sse41 = (c >> 19) & 1;
            /* FMA3 needs AVX state enabled by the OS (OSXSAVE, XCR0 SSE and AVX bits) */
            if (((c >> 12) & 1) && ((c >> 27) & 1) && ((c >> 28) & 1)) {
                unsigned lo, hi;
                __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
                f.fma = (lo & 6) == 6;
            }
        }
        if (getenv("TRIX_X86_BASELINE"))     /* tests: take the fallback paths */
            f = (X86Features){ false, false, false, false, false, false };
        probed = true;
    }
    return &f;
}

/* SSE2 (SDM vol. 2): movdqu/movq loads and stores of xmm registers, 66 0F packed ops. */
void x86_emit_sse_load(X86Buf *b, bool q64, int xmm, X86Mem m)
{
    x86_enc_rm(b, XF_F3 | XF_0F, q64 ? 0x7e : 0x6f, xmm, m);
}

void x86_emit_sse_store(X86Buf *b, X86Mem m, int xmm)
{
    x86_enc_rm(b, XF_F3 | XF_0F, 0x7f, xmm, m);
}

void x86_emit_sse_rr(X86Buf *b, uint8_t opc, int dst, int src)
{
    x86_enc_rr(b, XF_66 | XF_0F, opc, dst, src);
}

void x86_emit_sse38_rr(X86Buf *b, uint8_t opc, int dst, int src)
{
    x86_enc_rr(b, XF_66 | XF_0F38, opc, dst, src);
}

void x86_emit_sse_shift_ri(X86Buf *b, uint8_t opc, int digit, int xmm, uint8_t n)
{
    x86_enc(b, XF_66 | XF_0F, opc, digit, xmm, NULL, 1, n);
}

void x86_emit_sse_any_rr(X86Buf *b, unsigned prefix, uint8_t opc, int dst, int src, int imm)
{
    static const unsigned pf[4] = { 0, XF_66, XF_F3, XF_F2 };
    x86_enc(b, pf[prefix & 3] | XF_0F, opc, dst, src, NULL, imm >= 0 ? 1 : 0, (uint64_t)(imm & 0xff));
}

void x86_emit_sse_movq_rr(X86Buf *b, int dst, int src)
{
    x86_enc_rr(b, XF_F3 | XF_0F, 0x7e, dst, src);
}

/* SSE floating point (SDM vol. 2): [prefix] 0F opc with ModRM.reg = dst (an xmm register,
 * or a general one for movmskps/pd) and rm = src or memory, with an imm8 for cmpps/pd. */
static unsigned x86_sse_pfx(X86SsePfx p)
{
    return p == X86_SSE_66 ? XF_66 : p == X86_SSE_F3 ? XF_F3 : p == X86_SSE_F2 ? XF_F2 : 0;
}

void x86_emit_ssef_rr(X86Buf *b, X86SsePfx p, uint8_t opc, int dst, int src)
{
    x86_enc_rr(b, x86_sse_pfx(p) | XF_0F, opc, dst, src);
}

void x86_emit_ssef_rm(X86Buf *b, X86SsePfx p, uint8_t opc, int dst, X86Mem m)
{
    x86_enc_rm(b, x86_sse_pfx(p) | XF_0F, opc, dst, m);
}

void x86_emit_ssef_rmi(X86Buf *b, X86SsePfx p, uint8_t opc, int dst, X86Mem m, uint8_t imm)
{
    x86_enc(b, x86_sse_pfx(p) | XF_0F, opc, dst, 0, &m, 1, imm);
}

/* VEX.128.66.0F38.W opc /r (FMA3): dst = ModRM.reg, src1 = VEX.vvvv, src2 = ModRM.rm. */
void x86_emit_vex38_rrr(X86Buf *b, bool w, uint8_t opc, int dst, int src1, int src2)
{
    x86_emit_byte(b, 0xc4);
    x86_emit_byte(b, (uint8_t)((!(dst & 8)) << 7 | 1 << 6 | (!(src2 & 8)) << 5 | 0x02));
    x86_emit_byte(b, (uint8_t)((w ? 0x80 : 0) | (~src1 & 15) << 3 | 1));
    x86_emit_byte(b, opc);
    x86_emit_byte(b, (uint8_t)(0xc0 | (dst & 7) << 3 | (src2 & 7)));
}
