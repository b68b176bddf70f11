/* AdvSIMD operations of the glibc subset (trans_simd_glibc.c.inc) that have no IR vector
 * op: pairwise, across-lanes, permutes, narrowing and shifts by immediate. One helper works
 * on the registers in place; ctl packs the operation and its operands (A64_VOP_CTL). */
#include <string.h>
#include "translate.h"
#include "simd_helper.h"

typedef struct Vec { uint8_t b[16]; } Vec;

static uint64_t lane_get(const Vec *v, int i, int esz, bool sign)
{
    uint64_t x = 0;
    memcpy(&x, v->b + (i << esz), 1u << esz);
    if (sign && esz < 3) {
        int sh = 64 - (8 << esz);
        x = (uint64_t)((int64_t)(x << sh) >> sh);
    }
    return x;
}

static void lane_set(Vec *v, int i, int esz, uint64_t x)
{
    memcpy(v->b + (i << esz), &x, 1u << esz);
}

static uint64_t vop_pair(int op, bool u, int esz, uint64_t a, uint64_t b)
{
    int sh = 64 - (8 << esz);
    int64_t sa = (int64_t)(a << sh) >> sh, sb = (int64_t)(b << sh) >> sh;
    switch (op) {
    case A64_VOP_ADDP: return a + b;
    case A64_VOP_MAXP: return u ? (a > b ? a : b) : (uint64_t)(sa > sb ? sa : sb);
    default: return u ? (a < b ? a : b) : (uint64_t)(sa < sb ? sa : sb);
    }
}

static void vop_pairwise(Vec *r, const Vec *n, const Vec *m, int op, bool u, int esz, int e)
{
    for (int i = 0; i < e; i++) {
        const Vec *s = i < e / 2 ? n : m;
        int j = (i % (e / 2)) * 2;
        lane_set(r, i, esz, vop_pair(op, u, esz, lane_get(s, j, esz, false),
                                     lane_get(s, j + 1, esz, false)));
    }
}

static uint64_t vop_across(const Vec *n, int which, bool u, int esz, int e)
{
    int op = which == 0x1b ? A64_VOP_ADDP : which == 0x0a ? A64_VOP_MAXP : A64_VOP_MINP;
    uint64_t acc = lane_get(n, 0, esz, false);
    for (int i = 1; i < e; i++)
        acc = vop_pair(op, u, esz, acc, lane_get(n, i, esz, false));
    return acc;
}

/* UZP1/2, TRN1/2, ZIP1/2 (opcode 1, 5; 2, 6; 3, 7). */
static void vop_perm(Vec *r, const Vec *n, const Vec *m, int opc, int esz, int e)
{
    int part = opc >> 2;
    for (int i = 0; i < e; i++) {
        uint64_t x;
        switch (opc & 3) {
        case 1: {
            int k = 2 * i + part;
            x = k < e ? lane_get(n, k, esz, false) : lane_get(m, k - e, esz, false);
            break;
        }
        case 2:
            x = lane_get(i & 1 ? m : n, (i & ~1) + part, esz, false);
            break;
        default:
            x = lane_get(i & 1 ? m : n, part * e / 2 + i / 2, esz, false);
            break;
        }
        lane_set(r, i, esz, x);
    }
}

void helper_a64_vop(CPUState *cs, uint64_t ctl)
{
    A64CPU *env = a64_cpu(cs);
    int op = A64_VOP_FIELD(ctl, OP), q = A64_VOP_FIELD(ctl, Q), esz = A64_VOP_FIELD(ctl, ESZ);
    int x = A64_VOP_FIELD(ctl, X), rd = A64_VOP_FIELD(ctl, RD);
    Vec n, m, r = { { 0 } };
    memcpy(&n, env->v[A64_VOP_FIELD(ctl, RN)], 16);
    memcpy(&m, env->v[A64_VOP_FIELD(ctl, RM)], 16);
    int bytes = q ? 16 : 8, e = bytes >> esz;
    switch (op) {
    case A64_VOP_ADDP: case A64_VOP_MAXP: case A64_VOP_MINP:
        vop_pairwise(&r, &n, &m, op, x & 1, esz, e);
        break;
    case A64_VOP_ACROSS:
        lane_set(&r, 0, esz, vop_across(&n, x >> 1, x & 1, esz, e));
        break;
    case A64_VOP_PERM:
        vop_perm(&r, &n, &m, x, esz, e);
        break;
    case A64_VOP_EXT:
        for (int i = 0; i < bytes; i++)
            r.b[i] = x + i < bytes ? n.b[x + i] : m.b[x + i - bytes];
        break;
    case A64_VOP_CNT:
        for (int i = 0; i < bytes; i++)
            r.b[i] = (uint8_t)__builtin_popcount(n.b[i]);
        break;
    case A64_VOP_REV64:
        for (int i = 0; i < e; i++)
            lane_set(&r, i, esz, lane_get(&n, i ^ ((8 >> esz) - 1), esz, false));
        break;
    case A64_VOP_NARROW:            /* XTN/SHRN: x = shift; Q selects the upper half */
        memcpy(&r, env->v[rd], q ? 8 : 0);
        for (int i = 0; i < 8 >> esz; i++)
            lane_set(&r, i + (q ? 8 >> esz : 0), esz, lane_get(&n, i, esz + 1, false) >> x);
        break;
    case A64_VOP_SSHLL: case A64_VOP_USHLL:     /* SXTL/UXTL: x = shift; Q: the upper half */
        for (int i = 0; i < 8 >> esz; i++)
            lane_set(&r, i, esz + 1,
                     lane_get(&n, i + (q ? 8 >> esz : 0), esz, op == A64_VOP_SSHLL) << x);
        break;
    case A64_VOP_USHR: case A64_VOP_SSHR: case A64_VOP_SHL:
        for (int i = 0; i < e; i++) {
            uint64_t v = lane_get(&n, i, esz, op == A64_VOP_SSHR);
            v = op == A64_VOP_SHL ? v << x
              : op == A64_VOP_SSHR ? (uint64_t)((int64_t)v >> (x > 63 ? 63 : x))
              : (x > 63 ? 0 : v >> x);
            lane_set(&r, i, esz, v);
        }
        break;
    }
    memcpy(env->v[rd], &r, 16);
}
IR_HELPER(a64_vop, IR_HTYPE_VOID, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS,
          IR_HTYPE_PTR, IR_I64);
