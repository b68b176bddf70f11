/* AdvSIMD integer operations that have no IR vector op (saturating, halving, rounding
 * shifts, widening/narrowing, pairwise, across lanes): one helper on the V registers in
 * place, driven by the control word of simd_int_helper.h. Saturation sets FPSR.QC. */
#include <string.h>
#include "translate.h"
#include "simd_int_helper.h"

typedef __int128 i128;
typedef struct VReg { uint8_t b[16]; } VReg;

typedef struct VCtx {
    int op, q, esz, bits, s, u, imm;
    bool qc;
} VCtx;

static uint8_t *vi_reg(A64CPU *env, int r)
{
    return r < 32 ? (uint8_t *)env->v[r] : (uint8_t *)env->vscratch[(r - 32) & 3];
}

static uint64_t lget(const VReg *v, int i, int esz)
{
    uint64_t x = 0;
    memcpy(&x, v->b + (i << esz), 1u << esz);
    return x;
}

static void lset(VReg *v, int i, int esz, uint64_t x)
{
    memcpy(v->b + (i << esz), &x, 1u << esz);
}

static uint64_t lmask(int bits) { return bits >= 64 ? ~0ull : (1ull << bits) - 1; }

/* A lane value of `bits` bits as a signed or unsigned integer. */
static i128 ext(uint64_t x, int bits, bool u)
{
    x &= lmask(bits);
    if (u || bits >= 64)
        return u ? (i128)x : (i128)(int64_t)x;
    return (i128)((int64_t)(x << (64 - bits)) >> (64 - bits));
}

/* x saturated to a signed or unsigned `bits`-bit range (QC when it did not fit). */
static uint64_t sat(VCtx *c, i128 x, int bits, bool u)
{
    i128 lo = u ? 0 : -((i128)1 << (bits - 1));
    i128 hi = u ? ((i128)1 << bits) - 1 : ((i128)1 << (bits - 1)) - 1;
    if (x < lo || x > hi) {
        c->qc = true;
        x = x < lo ? lo : hi;
    }
    return (uint64_t)x & lmask(bits);
}

/* a << sh (sh < 0: a >> -sh, rounded when round) in infinite precision, as Arm's pseudocode
 * computes it; a left shift of a nonzero value by bits or more gives +-2^100 (0 once
 * truncated, the bound once saturated). */
static i128 vshift(i128 a, int sh, int bits, bool round)
{
    if (sh >= 0) {
        if (sh >= bits)
            return a == 0 ? 0 : a < 0 ? -((i128)1 << 100) : (i128)1 << 100;
        return a * ((i128)1 << sh);
    }
    int s = -sh;
    if (s > 64)
        return round || a >= 0 ? 0 : -1;
    if (round)
        a += (i128)1 << (s - 1);
    return a >> s;
}

static uint64_t vi_abs_diff(i128 a, i128 b) { return (uint64_t)(a > b ? a - b : b - a); }

static uint64_t vi_count(int op, uint64_t n, int bits)
{
    int k = 0, top = (int)(n >> (bits - 1)) & 1;
    switch (op) {
    case VI_CLS:
        for (int i = bits - 2; i >= 0 && (int)((n >> i) & 1) == top; i--)
            k++;
        return (uint64_t)k;
    case VI_CLZ:
        for (int i = bits - 1; i >= 0 && !((n >> i) & 1); i--)
            k++;
        return (uint64_t)k;
    case VI_CNT:
        return (uint64_t)__builtin_popcountll(n);
    default: {                                          /* RBIT (bytes) */
        uint64_t r = 0;
        for (int i = 0; i < bits; i++)
            r |= ((n >> i) & 1) << (bits - 1 - i);
        return r;
    }
    }
}

static uint64_t vi_pmul8(uint64_t n, uint64_t m)
{
    uint64_t r = 0;
    for (int i = 0; i < 8; i++)
        if ((m >> i) & 1)
            r ^= n << i;
    return r & 0xff;
}

/* One lane of a lane-wise op: Vd[i] = f(n, m, d). */
static uint64_t vi_lane(VCtx *c, uint64_t n, uint64_t m, uint64_t d)
{
    int bits = c->bits;
    bool u = c->u;
    uint64_t mask = lmask(bits);
    i128 a = ext(n, bits, u), b = ext(m, bits, u);
    switch (c->op) {
    case VI_HADD: return (uint64_t)((a + b) >> 1) & mask;
    case VI_RHADD: return (uint64_t)((a + b + 1) >> 1) & mask;
    case VI_HSUB: return (uint64_t)((a - b) >> 1) & mask;
    case VI_QADD: return sat(c, a + b, bits, u);
    case VI_QSUB: return sat(c, a - b, bits, u);
    case VI_ABD: return vi_abs_diff(a, b) & mask;
    case VI_ABA: return (d + vi_abs_diff(a, b)) & mask;
    case VI_SHL: case VI_RSHL:
        return (uint64_t)vshift(a, (int8_t)m, bits, c->op == VI_RSHL) & mask;
    case VI_QSHL: case VI_QRSHL:
        return sat(c, vshift(a, (int8_t)m, bits, c->op == VI_QRSHL), bits, u);
    case VI_QDMULH: return sat(c, (2 * a * b) >> bits, bits, false);
    case VI_QRDMULH: return sat(c, (2 * a * b + ((i128)1 << (bits - 1))) >> bits, bits, false);
    case VI_PMUL: return vi_pmul8(n, m);
    case VI_MUL: return (n * m) & mask;
    case VI_CLS: case VI_CLZ: case VI_CNT: case VI_RBIT: return vi_count(c->op, n & mask, bits);
    case VI_QABS: return sat(c, a < 0 ? -a : a, bits, false);
    case VI_QNEG: return sat(c, -a, bits, false);
    case VI_SQADDU:     /* SUQADD: signed d + unsigned n; USQADD: unsigned d + signed n */
        return sat(c, ext(d, bits, u) + ext(n, bits, !u), bits, u);
    case VI_RSHR_I: return (uint64_t)vshift(a, -c->imm, bits, true) & mask;
    case VI_RSRA_I: return (d + (uint64_t)vshift(a, -c->imm, bits, true)) & mask;
    case VI_SRI: {
        if (c->imm >= bits)
            return d;
        uint64_t k = mask >> c->imm;
        return (d & ~k) | ((n >> c->imm) & k);
    }
    case VI_SLI: {
        uint64_t k = (mask << c->imm) & mask;
        return (d & ~k) | ((n << c->imm) & k);
    }
    case VI_QSHL_I: return sat(c, vshift(a, c->imm, bits, false), bits, u);
    case VI_QSHLU_I: return sat(c, vshift(ext(n, bits, false), c->imm, bits, false), bits, true);
    default: return 0;
    }
}

static void vi_lanewise(VCtx *c, VReg *r, const VReg *n, const VReg *m, const VReg *d)
{
    int e = c->s ? 1 : (c->q ? 16 : 8) >> c->esz;
    for (int i = 0; i < e; i++)
        lset(r, i, c->esz, vi_lane(c, lget(n, i, c->esz), lget(m, i, c->esz),
                                   lget(d, i, c->esz)));
}

/* Three-different, widening: wide lanes i from narrow lanes base + i (base: the "2" half). */
static void vi_long(VCtx *c, VReg *r, const VReg *n, const VReg *m, const VReg *d)
{
    int esz = c->esz, w = esz + 1, bits = c->bits, e = c->s ? 1 : 8 >> esz;
    int base = c->q && !c->s ? e : 0;
    bool u = c->u, wide = c->op == VI_ADDW || c->op == VI_SUBW;
    for (int i = 0; i < e; i++) {
        i128 a = wide ? ext(lget(n, i, w), 2 * bits, u) : ext(lget(n, base + i, esz), bits, u);
        i128 b = ext(lget(m, base + i, esz), bits, u), acc = ext(lget(d, i, w), 2 * bits, u);
        i128 x;
        switch (c->op) {
        case VI_ADDL: case VI_ADDW: x = a + b; break;
        case VI_SUBL: case VI_SUBW: x = a - b; break;
        case VI_ABDL: x = vi_abs_diff(a, b); break;
        case VI_ABAL: x = acc + vi_abs_diff(a, b); break;
        case VI_MULL: x = a * b; break;
        case VI_MLAL: x = acc + a * b; break;
        case VI_MLSL: x = acc - a * b; break;
        default: {                                  /* SQDMULL, SQDMLAL, SQDMLSL */
            i128 p = ext(sat(c, 2 * a * b, 2 * bits, false), 2 * bits, false);
            x = c->op == VI_QDMULL ? p : c->op == VI_QDMLAL ? acc + p : acc - p;
            lset(r, i, w, sat(c, x, 2 * bits, false));
            continue;
        }
        }
        lset(r, i, w, (uint64_t)x & lmask(2 * bits));
    }
}

/* High-narrowing ADDHN/RADDHN/SUBHN/RSUBHN: the top half of each wide sum/difference. */
static void vi_hn(VCtx *c, VReg *r, const VReg *n, const VReg *m)
{
    int esz = c->esz, w = esz + 1, bits = c->bits, e = 8 >> esz, base = c->q ? e : 0;
    for (int i = 0; i < e; i++) {
        i128 a = (i128)lget(n, i, w), b = (i128)lget(m, i, w);
        i128 x = c->op == VI_ADDHN || c->op == VI_RADDHN ? a + b : a - b;
        if (c->op == VI_RADDHN || c->op == VI_RSUBHN)
            x += (i128)1 << (bits - 1);
        lset(r, base + i, esz, (uint64_t)(x >> bits) & lmask(bits));
    }
}

/* XTN/SQXTN/UQXTN/SQXTUN and the narrowing shifts right: wide lane i to narrow base + i. */
static void vi_narrow(VCtx *c, VReg *r, const VReg *n)
{
    int esz = c->esz, w = esz + 1, bits = c->bits, op = c->op;
    int e = c->s ? 1 : 8 >> esz, base = c->q && !c->s ? e : 0;
    bool trunc = op == VI_XTN || op == VI_SHRN || op == VI_RSHRN;
    bool to_u = op == VI_QXTUN || op == VI_QSHRUN || op == VI_QRSHRUN || (c->u && !trunc);
    bool from_u = trunc || (c->u && op != VI_QXTUN && op != VI_QSHRUN && op != VI_QRSHRUN);
    bool shift = op != VI_XTN && op != VI_QXTN && op != VI_QXTUN;
    bool round = op == VI_RSHRN || op == VI_QRSHRN || op == VI_QRSHRUN;
    for (int i = 0; i < e; i++) {
        i128 x = ext(lget(n, i, w), 2 * bits, from_u);
        if (shift)
            x = vshift(x, -c->imm, 2 * bits, round);
        lset(r, base + i, esz, trunc ? (uint64_t)x & lmask(bits) : sat(c, x, bits, to_u));
    }
}

/* SHLL, SSHLL/USHLL: narrow lanes base + i extended and shifted into wide lanes i. */
static void vi_widen(VCtx *c, VReg *r, const VReg *n)
{
    int esz = c->esz, e = 8 >> esz, base = c->q ? e : 0;
    int sh = c->op == VI_SHLL ? c->bits : c->imm;
    for (int i = 0; i < e; i++) {
        i128 x = ext(lget(n, base + i, esz), c->bits, c->u) * ((i128)1 << sh);
        lset(r, i, esz + 1, (uint64_t)x & lmask(2 * c->bits));
    }
}

/* [SU]ADDLP, [SU]ADALP: adjacent pairs added into wide lanes (accumulating into Vd). */
static void vi_addlp(VCtx *c, VReg *r, const VReg *n, const VReg *d)
{
    int esz = c->esz, e = ((c->q ? 16 : 8) >> esz) / 2;
    for (int i = 0; i < e; i++) {
        i128 x = ext(lget(n, 2 * i, esz), c->bits, c->u) + ext(lget(n, 2 * i + 1, esz), c->bits, c->u);
        if (c->op == VI_ADALP)
            x += (i128)lget(d, i, esz + 1);
        lset(r, i, esz + 1, (uint64_t)x & lmask(2 * c->bits));
    }
}

static uint64_t vi_pair(VCtx *c, int op, uint64_t a, uint64_t b)
{
    i128 x = ext(a, c->bits, c->u), y = ext(b, c->bits, c->u);
    if (op == VI_ADDP || op == VI_ADDV)
        return (a + b) & lmask(c->bits);
    bool max = op == VI_MAXP || op == VI_MAXV;
    return (max ? x > y : x < y) ? a : b;
}

static void vi_pairwise(VCtx *c, VReg *r, const VReg *n, const VReg *m)
{
    int esz = c->esz, e = (c->q ? 16 : 8) >> esz;
    if (c->s) {                                         /* scalar ADDP: Dd = Vn.D[0] + D[1] */
        lset(r, 0, esz, vi_pair(c, c->op, lget(n, 0, esz), lget(n, 1, esz)));
        return;
    }
    for (int i = 0; i < e; i++) {
        const VReg *src = i < e / 2 ? n : m;
        int j = (i % (e / 2)) * 2;
        lset(r, i, esz, vi_pair(c, c->op, lget(src, j, esz), lget(src, j + 1, esz)));
    }
}

static void vi_across(VCtx *c, VReg *r, const VReg *n)
{
    int esz = c->esz, e = (c->q ? 16 : 8) >> esz;
    if (c->op == VI_ADDLV) {
        i128 sum = 0;
        for (int i = 0; i < e; i++)
            sum += ext(lget(n, i, esz), c->bits, c->u);
        lset(r, 0, esz + 1, (uint64_t)sum & lmask(2 * c->bits));
        return;
    }
    uint64_t acc = lget(n, 0, esz);
    for (int i = 1; i < e; i++)
        acc = vi_pair(c, c->op, acc, lget(n, i, esz));
    lset(r, 0, esz, acc);
}

static void vi_dispatch(VCtx *c, VReg *r, const VReg *n, const VReg *m, const VReg *d)
{
    int op = c->op;
    if (op < VI_ADDL) {
        vi_lanewise(c, r, n, m, d);
    } else if (op < VI_ADDHN) {
        vi_long(c, r, n, m, d);
    } else if (op <= VI_RSUBHN) {
        vi_hn(c, r, n, m);
    } else if (op == VI_ADDLP || op == VI_ADALP) {
        vi_addlp(c, r, n, d);
    } else if (op == VI_SHLL || op == VI_SHLL_I) {
        vi_widen(c, r, n);
    } else if (op <= VI_QRSHRUN) {
        vi_narrow(c, r, n);
    } else if (op <= VI_MINP) {
        vi_pairwise(c, r, n, m);
    } else if (op <= VI_MINV) {
        vi_across(c, r, n);
    } else {                                            /* REV16/32/64: imm = log2 container */
        int e = (c->q ? 16 : 8) >> c->esz, flip = (1 << (c->imm - c->esz)) - 1;
        for (int i = 0; i < e; i++)
            lset(r, i, c->esz, lget(n, i ^ flip, c->esz));
    }
}

void helper_a64_vint(CPUState *cs, uint64_t ctl)
{
    A64CPU *env = a64_cpu(cs);
    VCtx c = { .op = VI_OP(ctl), .q = VI_Q(ctl), .esz = VI_ESZ(ctl), .s = VI_S(ctl),
               .u = VI_U(ctl), .imm = VI_IMM(ctl) };
    c.bits = 8 << c.esz;
    VReg n, m, d, r = { { 0 } };
    uint8_t *rd = vi_reg(env, VI_RD(ctl));
    memcpy(&n, vi_reg(env, VI_RN(ctl)), 16);
    memcpy(&m, vi_reg(env, VI_RM(ctl)), 16);
    memcpy(&d, rd, 16);
    bool keep_low = c.q && !c.s && ((c.op >= VI_ADDHN && c.op <= VI_RSUBHN) ||
                                    (c.op >= VI_XTN && c.op <= VI_QRSHRUN && c.op != VI_SHLL &&
                                     c.op != VI_SHLL_I));
    if (keep_low)                                       /* the "2" narrowing forms */
        memcpy(r.b, d.b, 8);
    vi_dispatch(&c, &r, &n, &m, &d);
    memcpy(rd, &r, 16);
    if (c.qc)
        env->fpsr |= A64_FPSR_QC;
}
/* Reads the V registers in env (so not NO_READ_GLOBALS: the optimizer then keeps their
 * earlier writes), writes only V registers and FPSR. */
IR_HELPER(a64_vint, IR_HTYPE_VOID, IR_CALL_NO_WRITE_GLOBALS, IR_HTYPE_PTR, IR_I64);
