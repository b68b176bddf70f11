/* Vector op semantics on CPU-state registers: the reference for the interpreter and JIT. */
#include <math.h>
#include <string.h>
#include "ir_vec.h"

static uint64_t vec_lane(const uint8_t *v, int i, int esz)
{
    switch (esz) {
    case 0: return v[i];
    case 1: { uint16_t x; memcpy(&x, v + 2 * i, 2); return x; }
    case 2: { uint32_t x; memcpy(&x, v + 4 * i, 4); return x; }
    default: { uint64_t x; memcpy(&x, v + 8 * i, 8); return x; }
    }
}

static void vec_set_lane(uint8_t *v, int i, int esz, uint64_t x)
{
    memcpy(v + ((size_t)i << esz), &x, (size_t)1 << esz);     /* host is little endian */
}

static int64_t vec_sext(uint64_t x, int bits)
{
    return bits == 64 ? (int64_t)x : (int64_t)(x << (64 - bits)) >> (64 - bits);
}

static uint64_t vec_shift(unsigned opc, uint64_t a, uint64_t n, int bits, uint64_t mask)
{
    if (opc == IR_vshli || opc == IR_vshls)
        return n >= (uint64_t)bits ? 0 : (a << n) & mask;
    if (opc == IR_vshri || opc == IR_vshrs)
        return n >= (uint64_t)bits ? 0 : a >> n;
    return (uint64_t)(vec_sext(a, bits) >> (n >= (uint64_t)bits ? (uint64_t)bits - 1 : n)) & mask;
}

/* Signed saturating a + b (add) or a - b of bits-wide lanes, as an unmasked value. */
static uint64_t vec_ssat(bool add, int64_t a, int64_t b, int bits)
{
    int64_t r, max = bits == 64 ? INT64_MAX : (int64_t)((1ull << (bits - 1)) - 1), min = -max - 1;
    if (add ? __builtin_add_overflow(a, b, &r) : __builtin_sub_overflow(a, b, &r))
        return (uint64_t)(a < 0 ? min : max);       /* only at 64 bits: same sign as a */
    return (uint64_t)(r > max ? max : r < min ? min : r);
}

/* One lane of a v2/v3/vcmp/shift op. */
static uint64_t vec_lane_op(unsigned opc, unsigned extra, uint64_t a, uint64_t b, uint64_t x,
                            int bits)
{
    uint64_t mask = bits == 64 ? ~0ull : (1ull << bits) - 1;
    int64_t sa = vec_sext(a, bits), sb = vec_sext(b, bits);
    switch (opc) {
    case IR_vmov: return a;
    case IR_vnot: return ~a & mask;
    case IR_vneg: return -a & mask;
    case IR_vadd: return (a + b) & mask;
    case IR_vsub: return (a - b) & mask;
    case IR_vmul: return (a * b) & mask;
    case IR_vand: return a & b;
    case IR_vor: return a | b;
    case IR_vxor: return a ^ b;
    case IR_vandc: return a & ~b;
    case IR_vsmin: return sa < sb ? a : b;
    case IR_vsmax: return sa > sb ? a : b;
    case IR_vumin: return a < b ? a : b;
    case IR_vumax: return a > b ? a : b;
    case IR_vabs: return (sa < 0 ? -a : a) & mask;
    case IR_vssadd: case IR_vsssub: return vec_ssat(opc == IR_vssadd, sa, sb, bits) & mask;
    case IR_vusadd: return a + b < a || ((a + b) & ~mask) ? mask : a + b;
    case IR_vussub: return a > b ? a - b : 0;
    case IR_vavgu: return (a >> 1) + (b >> 1) + ((a | b) & 1);
    case IR_vcmp: {
        bool sgn = extra >= IR_COND_LT && extra <= IR_COND_GT;
        return ir_cond_eval((IRCond)extra, IR_I64, sgn ? (uint64_t)sa : a, sgn ? (uint64_t)sb : b)
               ? mask : 0;
    }
    case IR_vshli: case IR_vshri: case IR_vsari:
        return vec_shift(opc, a, extra, bits, mask);
    case IR_vshls: case IR_vshrs: case IR_vsars:
        return vec_shift(opc, a, x, bits, mask);
    case IR_vdup: return x & mask;
    default: return 0;
    }
}

/* One binary64 lane of a vf* op (host doubles round to nearest even); ok cleared when the
 * result is not finite and above the smallest normal. */
static uint64_t vec_fp64(unsigned opc, unsigned neg, uint64_t a, uint64_t b, uint64_t c,
                         bool *ok)
{
    double x, y, z, r;
    memcpy(&x, &a, 8);
    memcpy(&y, &b, 8);
    memcpy(&z, &c, 8);
    switch (opc) {
    case IR_vfadd: r = x + y; break;
    case IR_vfsub: r = x - y; break;
    case IR_vfmul: r = x * y; break;
    case IR_vfdiv: r = x / y; break;
    case IR_vfsqrt: r = sqrt(x); break;
    default: r = fma(neg & 1 ? -x : x, y, neg & 2 ? -z : z); break;
    }
    uint64_t v;
    memcpy(&v, &r, 8);
    uint64_t m = v & ~(1ull << 63);
    *ok &= m > 0x0010000000000000ull && m < 0x7ff0000000000000ull;
    return v;
}

static uint64_t vec_fp32(unsigned opc, unsigned neg, uint64_t a, uint64_t b, uint64_t c,
                         bool *ok)
{
    uint32_t ua = (uint32_t)a, ub = (uint32_t)b, uc = (uint32_t)c, v;
    float x, y, z, r;
    memcpy(&x, &ua, 4);
    memcpy(&y, &ub, 4);
    memcpy(&z, &uc, 4);
    switch (opc) {
    case IR_vfadd: r = x + y; break;
    case IR_vfsub: r = x - y; break;
    case IR_vfmul: r = x * y; break;
    case IR_vfdiv: r = x / y; break;
    case IR_vfsqrt: r = sqrtf(x); break;
    default: r = fmaf(neg & 1 ? -x : x, y, neg & 2 ? -z : z); break;
    }
    memcpy(&v, &r, 4);
    uint32_t m = v & ~(1u << 31);
    *ok &= m > 0x00800000u && m < 0x7f800000u;
    return v;
}

/* vf* ops: ctl's extra is neg | c << 2 (vfma's addend register). */
static uint64_t vec_fp_exec(uint8_t *e, unsigned opc, unsigned desc, uint64_t extra,
                            uint32_t od, const uint8_t *a, const uint8_t *b)
{
    uint8_t c[16], r[16] = { 0 };
    memcpy(c, e + (extra >> 2), 16);
    int esz = desc & 3, n = (int)ir_vdesc_lanes(desc);
    bool ok = true;
    for (int i = 0; i < n; i++) {
        uint64_t la = vec_lane(a, i, esz), lb = vec_lane(b, i, esz), lc = vec_lane(c, i, esz);
        vec_set_lane(r, i, esz, esz == 3 ? vec_fp64(opc, extra & 3, la, lb, lc, &ok)
                                         : vec_fp32(opc, extra & 3, la, lb, lc, &ok));
    }
    if (ok)
        memcpy(e + od, r, 16);
    return ok;
}

uint64_t ir_vec_exec(void *env, uint64_t ctl, uint64_t offs, uint64_t x)
{
    uint8_t *e = env, a[16], b[16], r[16] = { 0 };
    unsigned opc = ctl & 0xffff, desc = (ctl >> 16) & 0xff, extra = (unsigned)(ctl >> 24);
    uint32_t od = offs & ((1u << IR_VEC_OFF_BITS) - 1);
    memcpy(a, e + ((offs >> IR_VEC_OFF_BITS) & ((1u << IR_VEC_OFF_BITS) - 1)), 16);
    memcpy(b, e + (offs >> (2 * IR_VEC_OFF_BITS)), 16);
    if (opc >= IR_vfadd && opc <= IR_vfma)
        return vec_fp_exec(e, opc, desc, ctl >> 24, od, a, b);
    int esz = desc & 3, n = ((desc & IR_VEC_Q) ? 16 : 8) >> esz;
    for (int i = 0; i < n; i++)
        vec_set_lane(r, i, esz, vec_lane_op(opc, extra, vec_lane(a, i, esz),
                                            vec_lane(b, i, esz), x, 8 << esz));
    memcpy(e + od, r, 16);
    return 1;
}

static bool vec_has_b(unsigned opc)
{
    return (opc >= IR_vadd && opc <= IR_vcmp) || (opc >= IR_vfadd && opc <= IR_vfdiv) ||
           opc == IR_vfma;
}

/* Source offsets absent from an op point at its destination, so every read is in range. */
uint64_t ir_vec_offs_of(const IROp *op)
{
    uint32_t d = ir_op_const(op, 0);
    uint32_t a = op->opc == IR_vdup ? d : ir_op_const(op, 2);
    uint32_t b = vec_has_b(op->opc) ? ir_op_const(op, 3) : d;
    return ir_vec_offs(d, a, b);
}

uint64_t ir_vec_ctl(const IROp *op)
{
    uint64_t extra = op->opc == IR_vcmp ? ir_op_const(op, 4)
                   : op->opc >= IR_vshli && op->opc <= IR_vsari ? ir_op_const(op, 3) & 0xff
                   : op->opc == IR_vfma ? ir_op_const(op, 5) | (uint64_t)ir_op_const(op, 4) << 2
                   : op->opc >= IR_vfadd && op->opc <= IR_vfsqrt ? (uint64_t)ir_op_const(op, 0) << 2
                   : 0;
    return op->opc | (uint64_t)(ir_op_const(op, 1) & 0xff) << 16 | extra << 24;
}

int ir_vec_reads(const IROp *op, int32_t *offs)
{
    if (op->opc == IR_vdup)
        return 0;
    offs[0] = (int32_t)ir_op_const(op, 2);
    if (!vec_has_b(op->opc))
        return 1;
    offs[1] = (int32_t)ir_op_const(op, 3);
    if (op->opc != IR_vfma)
        return 2;
    offs[2] = (int32_t)ir_op_const(op, 4);
    return 3;
}
