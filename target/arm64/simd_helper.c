/* The permutes of the temporary glibc AdvSIMD subset (trans_simd_glibc.c.inc): UZP/ZIP/TRN
 * and EXT. One helper works on the registers in place; ctl packs the operation and its
 * operands (A64_VOP_CTL). */
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
    case A64_VOP_PERM:
        vop_perm(&r, &n, &m, x, esz, e);
        break;
    case A64_VOP_EXT:
        for (int i = 0; i < bytes; i++)
            r.b[i] = x + i < bytes ? n.b[x + i] : m.b[x + i - bytes];
        break;
    }
    memcpy(env->v[rd], &r, 16);
}
/* It reads V registers in env: not NO_READ_GLOBALS, or the optimizer's dead vector store
 * elimination would drop their earlier writes. */
IR_HELPER(a64_vop, IR_HTYPE_VOID, IR_CALL_NO_WRITE_GLOBALS,
          IR_HTYPE_PTR, IR_I64);
