/* AdvSIMD permutes that have no IR vector op (UZP/TRN/ZIP, EXT, TBL/TBX) and the element
 * (de)interleaving of LD2-LD4/ST2-ST4, working on the V registers in place. */
#include <string.h>
#include "translate.h"
#include "perm_helper.h"

typedef struct PVec { uint8_t b[16]; } PVec;

static uint64_t pv_get(const PVec *v, int i, int esz)
{
    uint64_t x = 0;
    memcpy(&x, v->b + (i << esz), 1u << esz);
    return x;
}

static void pv_set(PVec *v, int i, int esz, uint64_t x)
{
    memcpy(v->b + (i << esz), &x, 1u << esz);
}

/* UZP1/2 (opc 1, 5), TRN1/2 (2, 6), ZIP1/2 (3, 7) over e lanes. */
static void perm_zut(PVec *r, const PVec *n, const PVec *m, int opc, int esz, int e)
{
    int part = opc >> 2;
    for (int i = 0; i < e; i++) {
        uint64_t x;
        if ((opc & 3) == 1) {
            int k = 2 * i + part;
            x = k < e ? pv_get(n, k, esz) : pv_get(m, k - e, esz);
        } else if ((opc & 3) == 2) {
            x = pv_get(i & 1 ? m : n, (i & ~1) + part, esz);
        } else {
            x = pv_get(i & 1 ? m : n, part * e / 2 + i / 2, esz);
        }
        pv_set(r, i, esz, x);
    }
}

/* TBL/TBX: indices from m, table Vn.. Vn+len-1 (mod 32); out of range: 0 or keep d. */
static void perm_tbl(A64CPU *env, PVec *r, const PVec *m, int rn, int len, bool tbx, int bytes)
{
    for (int i = 0; i < bytes; i++) {
        unsigned idx = m->b[i];
        if (idx < 16u * len)
            r->b[i] = ((const uint8_t *)env->v[(rn + idx / 16) % 32])[idx % 16];
        else if (!tbx)
            r->b[i] = 0;
    }
}

/* LDn: memory-ordered structures in vscratch to n registers from rd (mod 32). */
static void perm_unzip(A64CPU *env, int rd, int n, int esz, int bytes)
{
    const PVec *s = (const PVec *)env->vscratch;
    PVec r[4];
    memset(r, 0, sizeof(r));
    for (int e = 0; e < bytes >> esz; e++)
        for (int k = 0; k < n; k++)
            memcpy(r[k].b + (e << esz), s->b + ((e * n + k) << esz), 1u << esz);
    for (int k = 0; k < n; k++)
        memcpy(env->v[(rd + k) % 32], &r[k], 16);
}

static void perm_zip(A64CPU *env, int rd, int n, int esz, int bytes)
{
    uint8_t *s = (uint8_t *)env->vscratch;
    for (int e = 0; e < bytes >> esz; e++)
        for (int k = 0; k < n; k++)
            memcpy(s + ((e * n + k) << esz), (uint8_t *)env->v[(rd + k) % 32] + (e << esz),
                   1u << esz);
}

void helper_a64_perm(CPUState *cs, uint64_t ctl)
{
    A64CPU *env = a64_cpu(cs);
    int op = ctl & 0xff, q = ctl >> 8 & 1, esz = ctl >> 9 & 7, x = ctl >> 12 & 0xff;
    int rd = ctl >> 20 & 31, rn = ctl >> 25 & 31, rm = ctl >> 30 & 31;
    int bytes = q ? 16 : 8;
    PVec n, m, r;
    memcpy(&n, env->v[rn], 16);
    memcpy(&m, env->v[rm], 16);
    memcpy(&r, env->v[rd], 16);
    switch (op) {
    case A64_PERM_ZUT:
        perm_zut(&r, &n, &m, x, esz, bytes >> esz);
        break;
    case A64_PERM_EXT:
        for (int i = 0; i < bytes; i++)
            r.b[i] = x + i < bytes ? n.b[x + i] : m.b[x + i - bytes];
        break;
    case A64_PERM_TBL:
        perm_tbl(env, &r, &m, rn, (x & 3) + 1, x & 4, bytes);
        break;
    case A64_PERM_UNZIP:
        perm_unzip(env, rd, x, esz, bytes);
        return;
    case A64_PERM_ZIP:
        perm_zip(env, rd, x, esz, bytes);
        return;
    }
    if (!q)
        memset(r.b + 8, 0, 8);
    memcpy(env->v[rd], &r, 16);
}
IR_HELPER(a64_perm, IR_HTYPE_VOID, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS,
          IR_HTYPE_PTR, IR_I64);
