/* x86-64 MMX/AVX/AVX2 operations with no IR vector op: masked moves, cross-lane permutes,
 * gathers. Vector operands are CPU-state offsets; YMM upper halves are X86CPU.ymmh. */
#include <string.h>
#include "trix/guest_mem.h"
#include "target/x86_64/avx_helper.h"

/* MASKMOVQ/MASKMOVDQU/VMASKMOV/VPMASKMOV stores: the elements of the data operand whose mask
 * element has its top bit set, to addr. ctl: bytes | esz << 8 | mmu_idx << 16. */
void helper_x86_maskmov(CPUState *cs, uint32_t doff, uint32_t moff, uint64_t addr, uint32_t ctl)
{
    unsigned n = ctl & 0xff, esz = (ctl >> 8) & 3, sz = 1u << esz;
    int mmu_idx = (int)(ctl >> 16);
    const uint8_t *d = (const uint8_t *)cs + doff, *m = (const uint8_t *)cs + moff;
    for (unsigned i = 0; i < n; i += sz) {
        if (!(m[i + sz - 1] & 0x80))
            continue;
        uint64_t v = 0;
        memcpy(&v, d + i, sz);
        gm_st(cs, addr + i, v, (MemOp)esz, mmu_idx);
    }
}
IR_HELPER(x86_maskmov, IR_HTYPE_VOID, IR_CALL_MAY_RAISE | IR_CALL_NO_READ_GLOBALS |
          IR_CALL_NO_WRITE_GLOBALS, IR_HTYPE_PTR, IR_I32, IR_I32, IR_I64, IR_I32);

typedef union YVec { uint8_t b[32]; int8_t sb[32]; uint32_t d[8]; int32_t sd[8]; uint64_t q[4];
                     int64_t sq[4]; } YVec;

static YVec yget(CPUState *cs, uint32_t off)
{
    YVec v;
    memcpy(v.b, (uint8_t *)cs + off, 16);
    memcpy(v.b + 16, (uint8_t *)cs + x86_ymm_hi((int32_t)off), 16);
    return v;
}

/* The whole YMM (wide) or the XMM part with the upper half zeroed (VEX.128). */
static void yput(CPUState *cs, uint32_t off, const YVec *v, bool wide)
{
    static const uint8_t zero[16];
    memcpy((uint8_t *)cs + off, v->b, 16);
    memcpy((uint8_t *)cs + x86_ymm_hi((int32_t)off), wide ? v->b + 16 : zero, 16);
}

static void avx_perm(YVec *r, const YVec *a, const YVec *b, int op, unsigned imm, bool wide)
{
    int n;
    switch (op) {
    case X86_AVX_PERMD:         /* a: indices, b: data */
        for (int i = 0; i < 8; i++)
            r->d[i] = b->d[a->d[i] & 7];
        break;
    case X86_AVX_PERMQ:
        for (int i = 0; i < 4; i++)
            r->q[i] = b->q[(imm >> (2 * i)) & 3];
        break;
    case X86_AVX_PERM2X128:
        for (int h = 0; h < 2; h++) {
            unsigned sel = (imm >> (4 * h)) & 15;
            const YVec *s = sel & 2 ? b : a;
            if (sel & 8)
                memset(r->b + 16 * h, 0, 16);
            else
                memcpy(r->b + 16 * h, s->b + 16 * (sel & 1), 16);
        }
        break;
    case X86_AVX_PERMILPS_V: case X86_AVX_PERMILPS_I:
        n = wide ? 8 : 4;
        for (int i = 0; i < n; i++) {
            unsigned sel = op == X86_AVX_PERMILPS_V ? b->d[i] & 3 : (imm >> (2 * (i & 3))) & 3;
            r->d[i] = (op == X86_AVX_PERMILPS_V ? a : b)->d[(i & ~3) + (int)sel];
        }
        break;
    case X86_AVX_PERMILPD_V: case X86_AVX_PERMILPD_I:
        n = wide ? 4 : 2;
        for (int i = 0; i < n; i++) {
            unsigned sel = op == X86_AVX_PERMILPD_V ? (b->q[i] >> 1) & 1 : (imm >> i) & 1;
            r->q[i] = (op == X86_AVX_PERMILPD_V ? a : b)->q[(i & ~1) + (int)sel];
        }
        break;
    }
}

static void avx_shiftv(YVec *r, const YVec *a, const YVec *b, int op)
{
    bool q = op == X86_AVX_SLLV_Q || op == X86_AVX_SRLV_Q;
    for (int i = 0; i < (q ? 4 : 8); i++) {
        uint64_t c = q ? b->q[i] : b->d[i];
        switch (op) {
        case X86_AVX_SLLV_D: r->d[i] = c > 31 ? 0 : a->d[i] << c; break;
        case X86_AVX_SRLV_D: r->d[i] = c > 31 ? 0 : a->d[i] >> c; break;
        case X86_AVX_SRAV_D: r->sd[i] = a->sd[i] >> (c > 31 ? 31 : c); break;
        case X86_AVX_SLLV_Q: r->q[i] = c > 63 ? 0 : a->q[i] << c; break;
        case X86_AVX_SRLV_Q: r->q[i] = c > 63 ? 0 : a->q[i] >> c; break;
        }
    }
}

/* d = op(a, b): cross-lane permutes, dword blends, variable blends and shifts. */
void helper_x86_avx(CPUState *cs, uint32_t ctl, uint32_t d, uint32_t aoff, uint32_t boff)
{
    YVec a = yget(cs, aoff), b = yget(cs, boff), r = { { 0 } };
    int op = ctl & 0xff;
    unsigned imm = (ctl >> 8) & 0xff;
    bool wide = (ctl >> 16) & 1;
    if (op <= X86_AVX_PERMILPD_I) {
        avx_perm(&r, &a, &b, op, imm, wide);
    } else if (op == X86_AVX_PBLENDD) {
        for (int i = 0; i < 8; i++)
            r.d[i] = (imm >> i) & 1 ? b.d[i] : a.d[i];
    } else if (op <= X86_AVX_BLENDV_PD) {
        YVec m = yget(cs, (uint32_t)x86_xmm_off((int)(ctl >> 20) & 15, 0));
        unsigned sz = op == X86_AVX_BLENDV_B ? 1 : op == X86_AVX_BLENDV_PS ? 4 : 8;
        for (unsigned i = 0; i < 32; i += sz)
            memcpy(r.b + i, (m.b[i + sz - 1] & 0x80 ? &b : &a)->b + i, sz);
    } else {
        avx_shiftv(&r, &a, &b, op);
    }
    yput(cs, d, &r, wide);
}
IR_HELPER(x86_avx, IR_HTYPE_VOID, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS,
          IR_HTYPE_PTR, IR_I32, IR_I32, IR_I32, IR_I32);

/* VTESTPS/PD: ZF = no sign bit of a & b, CF = no sign bit of ~a & b. ctl: esz | L << 2. */
uint64_t helper_x86_avx_test(CPUState *cs, uint32_t ctl, uint32_t aoff, uint32_t boff)
{
    YVec a = yget(cs, aoff), b = yget(cs, boff);
    unsigned sz = 1u << (ctl & 3), n = (ctl & 4) ? 32 : 16;
    bool zf = true, cf = true;
    for (unsigned i = sz - 1; i < n; i += sz) {
        zf &= !((a.b[i] & b.b[i]) & 0x80);
        cf &= !((~a.b[i] & b.b[i]) & 0x80);
    }
    return (zf ? X86_ZF : 0) | (cf ? X86_CF : 0);
}
IR_HELPER(x86_avx_test, IR_I64, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS |
          IR_CALL_NO_SIDE_EFFECTS, IR_HTYPE_PTR, IR_I32, IR_I32, IR_I32);

/* VMASKMOV/VPMASKMOV loads: the elements whose mask has its top bit set, the others 0; masked
 * elements never fault. ctl: esz | L << 2 | mmu_idx << 8. */
void helper_x86_maskload(CPUState *cs, uint32_t d, uint32_t moff, uint64_t addr, uint32_t ctl)
{
    YVec m = yget(cs, moff), r = { { 0 } };
    unsigned esz = ctl & 3, sz = 1u << esz, n = (ctl & 4) ? 32 : 16;
    for (unsigned i = 0; i < n; i += sz)
        if (m.b[i + sz - 1] & 0x80) {
            uint64_t v = gm_ld(cs, addr + i, (MemOp)esz, (int)(ctl >> 8));
            memcpy(r.b + i, &v, sz);
        }
    yput(cs, d, &r, ctl & 4);
}
IR_HELPER(x86_maskload, IR_HTYPE_VOID, IR_CALL_MAY_RAISE | IR_CALL_NO_READ_GLOBALS |
          IR_CALL_NO_WRITE_GLOBALS, IR_HTYPE_PTR, IR_I32, IR_I32, IR_I64, IR_I32);

/* AVX2 gathers: element i (mask top bit set) from base + index[i] * scale, its mask element
 * cleared as it completes, so that a fault leaves a restartable state; then the whole mask
 * is zero. ctl: index esz (2/3) | data esz << 2 | L << 4 | scale << 5 | mmu_idx << 8 |
 * 32-bit addressing << 16. */
void helper_x86_gather(CPUState *cs, uint32_t ctl, uint32_t d, uint32_t ioff, uint32_t moff,
                       uint64_t base)
{
    unsigned isz = 1u << (ctl & 3), dsz = 1u << ((ctl >> 2) & 3), bytes = (ctl >> 4) & 1 ? 32 : 16;
    unsigned scale = (ctl >> 5) & 3, n = bytes / (isz > dsz ? isz : dsz);
    int mmu = (int)((ctl >> 8) & 0xff);
    bool a32 = (ctl >> 16) & 1, wide = n * dsz == 32;
    YVec idx = yget(cs, ioff), m = yget(cs, moff), r = yget(cs, d);
    for (unsigned i = 0; i < n; i++) {
        if (!(m.b[i * dsz + dsz - 1] & 0x80))
            continue;
        int64_t ix = isz == 4 ? (int64_t)idx.sd[i] : idx.sq[i];
        uint64_t ea = base + ((uint64_t)ix << scale);
        if (a32)
            ea = (uint32_t)ea;
        uint64_t v = gm_ld(cs, ea, dsz == 4 ? MO_32 : MO_64, mmu);
        memcpy(r.b + i * dsz, &v, dsz);
        memset(m.b + i * dsz, 0, dsz);
        yput(cs, d, &r, true);
        yput(cs, moff, &m, true);
    }
    memset(&m, 0, sizeof m);
    memset(r.b + n * dsz, 0, 32 - n * dsz);
    yput(cs, d, &r, wide);
    yput(cs, moff, &m, false);
}
IR_HELPER(x86_gather, IR_HTYPE_VOID, IR_CALL_MAY_RAISE | IR_CALL_NO_READ_GLOBALS |
          IR_CALL_NO_WRITE_GLOBALS, IR_HTYPE_PTR, IR_I32, IR_I32, IR_I32, IR_I32, IR_I64);
