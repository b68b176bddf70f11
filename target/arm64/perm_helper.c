/* AdvSIMD permutes that have no IR vector op (UZP/TRN/ZIP on 8/16-bit lanes, TBL/TBX) and the element
 * (de)interleaving of LD2-LD4/ST2-ST4, working on the V registers in place. The IR writes
 * registers as 64-bit halves, so results are assembled in 64-bit words and stored whole
 * (no 16-byte reload of byte stores: those defeat the host's store forwarding). */
#include <string.h>
#include "translate.h"
#include "perm_helper.h"

/* Lane i (of 8 << esz bits) of a register or of the vscratch image. */
static inline uint64_t lane(const void *base, int i, int esz)
{
    const uint8_t *p = (const uint8_t *)base + (i << esz);
    switch (esz) {
    case 0: return *p;
    case 1: { uint16_t v; memcpy(&v, p, 2); return v; }
    case 2: { uint32_t v; memcpy(&v, p, 4); return v; }
    default: { uint64_t v; memcpy(&v, p, 8); return v; }
    }
}

/* r[w] = lanes w * per .. w * per + per - 1 of `bytes` result bytes, lane i = LANE (an
 * expression of i); the accumulator stays in a register. */
#define ASSEMBLE(r, bytes, esz, LANE) do { \
        for (int w_ = 0; w_ < (bytes) / 8; w_++) { \
            uint64_t acc_ = 0; \
            for (int j_ = 0; j_ < 8 >> (esz); j_++) { \
                int i = w_ * (8 >> (esz)) + j_; \
                acc_ |= (uint64_t)(LANE) << ((j_ << (esz)) * 8); \
            } \
            (r)[w_] = acc_; \
        } \
    } while (0)

/* UZP1/2 (opc 1, 5), TRN1/2 (2, 6), ZIP1/2 (3, 7): lane i of the result over e lanes. */
static inline uint64_t zut_lane(const void *n, const void *m, int opc, int esz, int e, int i)
{
    int part = opc >> 2;
    if ((opc & 3) == 1) {
        int k = 2 * i + part;
        return k < e ? lane(n, k, esz) : lane(m, k - e, esz);
    }
    if ((opc & 3) == 2)
        return lane(i & 1 ? m : n, (i & ~1) + part, esz);
    return lane(i & 1 ? m : n, part * e / 2 + i / 2, esz);
}

static void perm_zut(uint64_t *r, const void *n, const void *m, int opc, int esz, int bytes)
{
    int e = bytes >> esz;
    switch (esz) {
    case 0: ASSEMBLE(r, bytes, 0, zut_lane(n, m, opc, 0, e, i)); break;
    case 1: ASSEMBLE(r, bytes, 1, zut_lane(n, m, opc, 1, e, i)); break;
    case 2: ASSEMBLE(r, bytes, 2, zut_lane(n, m, opc, 2, e, i)); break;
    default: ASSEMBLE(r, bytes, 3, zut_lane(n, m, opc, 3, e, i)); break;
    }
}

/* TBL/TBX: the table Vn.. Vn+len-1 (mod 32) copied contiguous; byte i indexes it with m[i],
 * out of range (>= 16 * len) gives 0 (TBL) or keeps the destination's byte (TBX). */
static void perm_tbl(A64CPU *env, uint64_t *r, const uint8_t *m, int rd, int rn, int len,
                     bool tbx, int bytes)
{
    uint64_t tab[8];
    const uint8_t *t = (const uint8_t *)tab, *d = (const uint8_t *)env->v[rd];
    for (int k = 0; k < len; k++) {
        tab[2 * k] = env->v[(rn + k) % 32][0];
        tab[2 * k + 1] = env->v[(rn + k) % 32][1];
    }
    unsigned lim = 16u * len;
    ASSEMBLE(r, bytes, 0, m[i] < lim ? t[m[i] & 63] : tbx ? d[i] : 0);
}

/* LDn/STn: structure e's member k is element e * n + k of the memory image in vscratch and
 * lane e of register rd + k (mod 32); registers never overlap vscratch. Instantiated for
 * constant n, esz and lane count (perm_struct) so that the loops unroll. */
static inline __attribute__((always_inline)) void perm_struct_c(A64CPU *env, bool zip, int rd,
                                                               int n, int esz, int ne)
{
    uint64_t *img = (uint64_t *)env->vscratch;
    int per = 8 >> esz;                             /* lanes per 64-bit word */
    for (int k = 0; k < n; k++) {
        uint64_t *reg = env->v[(rd + k) % 32];
        for (int h = 0; h < 2; h++) {
            uint64_t w = 0;
            if (h * per >= ne) {
                if (!zip)
                    reg[h] = 0;
                continue;
            }
#pragma GCC unroll 8
            for (int j = 0; j < per; j++) {
                int e = h * per + j;
                if (zip)
                    memcpy((uint8_t *)img + ((e * n + k) << esz), (uint8_t *)reg + (e << esz),
                           1u << esz);
                else
                    w |= lane(img, e * n + k, esz) << ((j << esz) * 8);
            }
            if (!zip)
                reg[h] = w;
        }
    }
}

#define PERM_NE(zip, n, esz) \
    (q ? perm_struct_c(env, zip, rd, n, esz, 16 >> (esz)) \
       : perm_struct_c(env, zip, rd, n, esz, 8 >> (esz)))
#define PERM_ESZ(zip, n) do { \
        switch (esz) { \
        case 0: PERM_NE(zip, n, 0); break; \
        case 1: PERM_NE(zip, n, 1); break; \
        case 2: PERM_NE(zip, n, 2); break; \
        default: PERM_NE(zip, n, 3); break; \
        } \
    } while (0)

static void perm_struct(A64CPU *env, bool zip, int rd, int n, int esz, int q)
{
    if (zip) {
        if (n == 2) PERM_ESZ(true, 2); else if (n == 3) PERM_ESZ(true, 3); else PERM_ESZ(true, 4);
    } else {
        if (n == 2) PERM_ESZ(false, 2); else if (n == 3) PERM_ESZ(false, 3); else PERM_ESZ(false, 4);
    }
}

void helper_a64_perm(CPUState *cs, uint64_t ctl)
{
    A64CPU *env = a64_cpu(cs);
    int op = ctl & 0xff, q = ctl >> 8 & 1, esz = ctl >> 9 & 7, x = ctl >> 12 & 0xff;
    int rd = ctl >> 20 & 31, rn = ctl >> 25 & 31, rm = ctl >> 30 & 31;
    int bytes = q ? 16 : 8;
    const uint8_t *n = (const uint8_t *)env->v[rn], *m = (const uint8_t *)env->v[rm];
    uint64_t r[2] = { 0, 0 };
    switch (op) {
    case A64_PERM_ZUT:
        perm_zut(r, n, m, x, esz, bytes);
        break;
    case A64_PERM_TBL:
        perm_tbl(env, r, m, rd, rn, (x & 3) + 1, x & 4, bytes);
        break;
    default:                                        /* A64_PERM_UNZIP, A64_PERM_ZIP */
        perm_struct(env, op == A64_PERM_ZIP, rd, x, esz, q);
        return;
    }
    env->v[rd][0] = r[0];
    env->v[rd][1] = q ? r[1] : 0;
}
IR_HELPER(a64_perm, IR_HTYPE_VOID, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS,
          IR_HTYPE_PTR, IR_I64);
