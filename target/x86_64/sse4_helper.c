/* x86-64 SSSE3/SSE4.1/SSE4.2 operations with no IR vector op: horizontal arithmetic, sign,
 * widening moves, blends, MPSADBW, PHMINPOSUW, the SSE3 duplicating moves and PCMPxSTRx.
 * Operands are 16-byte fields of the CPU state (env offsets). */
#include <string.h>
#include "target/x86_64/sse4_helper.h"

typedef union S4Vec { uint8_t b[16]; int8_t sb[16]; uint16_t w[8]; int16_t sw[8];
                      uint32_t d[4]; int32_t sd[4]; uint64_t q[2]; int64_t sq[2]; } S4Vec;

static S4Vec s4get(CPUState *cs, uint32_t off)
{
    S4Vec v;
    memcpy(&v, (uint8_t *)cs + off, 16);
    return v;
}

static int16_t sat16(int32_t v) { return (int16_t)(v < -32768 ? -32768 : v > 32767 ? 32767 : v); }

static int64_t lane_s(const S4Vec *v, int esz, int i)
{
    switch (esz) {
    case 0: return v->sb[i];
    case 1: return v->sw[i];
    case 2: return v->sd[i];
    default: return v->sq[i];
    }
}

static uint64_t lane_u(const S4Vec *v, int esz, int i)
{
    switch (esz) {
    case 0: return v->b[i];
    case 1: return v->w[i];
    case 2: return v->d[i];
    default: return v->q[i];
    }
}

static void lane_put(S4Vec *v, int esz, int i, uint64_t x) { memcpy(v->b + (i << esz), &x, 1u << esz); }

/* PHADD/PHSUB (W, D) and the saturating word forms: pairs of a, then pairs of b. */
static void s4_horiz(S4Vec *r, const S4Vec *a, const S4Vec *b, int op, int esz)
{
    int n = 16 >> esz, h = n / 2;
    for (int i = 0; i < n; i++) {
        const S4Vec *s = i < h ? a : b;
        int j = 2 * (i % h);
        int64_t x = lane_s(s, esz, j), y = lane_s(s, esz, j + 1);
        int64_t v = (op == X86_S4_PHADD || op == X86_S4_PHADDSW) ? x + y : x - y;
        if (op == X86_S4_PHADDSW || op == X86_S4_PHSUBSW)
            v = sat16((int32_t)v);
        lane_put(r, esz, i, (uint64_t)v);
    }
}

/* SSE3 HADD/HSUB operand split: the even (or odd) lanes of a, then those of b. */
static void s4_split(S4Vec *r, const S4Vec *a, const S4Vec *b, int esz, int odd)
{
    int n = 16 >> esz, h = n / 2;
    for (int i = 0; i < n; i++)
        lane_put(r, esz, i, lane_u(i < h ? a : b, esz, 2 * (i % h) + odd));
}

static void s4_arith(S4Vec *r, const S4Vec *a, const S4Vec *b, int op, int esz)
{
    switch (op) {
    case X86_S4_PMADDUBSW:
        for (int i = 0; i < 8; i++)
            r->sw[i] = sat16(a->b[2 * i] * b->sb[2 * i] + a->b[2 * i + 1] * b->sb[2 * i + 1]);
        break;
    case X86_S4_PMULHRSW:
        for (int i = 0; i < 8; i++)
            r->sw[i] = (int16_t)((((a->sw[i] * b->sw[i]) >> 14) + 1) >> 1);
        break;
    case X86_S4_PSIGN:
        for (int i = 0; i < (16 >> esz); i++) {
            int64_t s = lane_s(b, esz, i);
            uint64_t x = lane_u(a, esz, i);
            lane_put(r, esz, i, s < 0 ? 0 - x : s == 0 ? 0 : x);
        }
        break;
    case X86_S4_PMULDQ:
        r->sq[0] = (int64_t)a->sd[0] * b->sd[0];
        r->sq[1] = (int64_t)a->sd[2] * b->sd[2];
        break;
    }
}

static void s4_blend(S4Vec *r, const S4Vec *a, const S4Vec *b, const S4Vec *x0, int op,
                     int esz, unsigned imm)
{
    int n = 16 >> esz;
    for (int i = 0; i < n; i++) {
        bool sel = op == X86_S4_BLENDV ? lane_s(x0, esz, i) < 0 : (imm >> i) & 1;
        lane_put(r, esz, i, lane_u(sel ? b : a, esz, i));
    }
}

/* INSERTPS: b's dword imm[7:6] (a register source; memory is loaded into lane 0 with
 * imm[7:6] forced to 0 by the translator) into lane imm[5:4], then zero the imm[3:0] lanes. */
static void s4_insertps(S4Vec *r, const S4Vec *a, const S4Vec *b, unsigned imm)
{
    *r = *a;
    r->d[(imm >> 4) & 3] = b->d[(imm >> 6) & 3];
    for (int i = 0; i < 4; i++)
        if (imm & (1u << i))
            r->d[i] = 0;
}

static void s4_mpsadbw(S4Vec *r, const S4Vec *a, const S4Vec *b, unsigned imm)
{
    int ao = (imm & 4) ? 4 : 0, bo = (imm & 3) * 4;
    for (int i = 0; i < 8; i++) {
        unsigned s = 0;
        for (int k = 0; k < 4; k++) {
            int d = a->b[ao + i + k] - b->b[bo + k];
            s += (unsigned)(d < 0 ? -d : d);
        }
        r->w[i] = (uint16_t)s;
    }
}

static void s4_phminposuw(S4Vec *r, const S4Vec *b)
{
    int m = 0;
    for (int i = 1; i < 8; i++)
        if (b->w[i] < b->w[m])
            m = i;
    r->w[0] = b->w[m];
    r->w[1] = (uint16_t)m;
}

static void s4_moves(S4Vec *r, const S4Vec *b, int op, int esz, int esz2)
{
    switch (op) {
    case X86_S4_PMOVSX: case X86_S4_PMOVZX:
        for (int i = 0; i < (16 >> esz2); i++)
            lane_put(r, esz2, i, op == X86_S4_PMOVSX ? (uint64_t)lane_s(b, esz, i) : lane_u(b, esz, i));
        break;
    case X86_S4_MOVSLDUP: case X86_S4_MOVSHDUP: {
        int o = op == X86_S4_MOVSHDUP;
        for (int i = 0; i < 4; i++)
            r->d[i] = b->d[(i & ~1) + o];
        break;
    }
    case X86_S4_MOVDDUP:
        r->q[0] = r->q[1] = b->q[0];
        break;
    }
}

/* Lane moves for the lane-wise FP sequences: PICK b's lane imm into lane 0 (the rest 0);
 * PUT b's lane 0 into a's lane imm; MASKZ b with the lanes imm[3:0] does not select zeroed. */
static void s4_lanes(S4Vec *r, const S4Vec *a, const S4Vec *b, int op, int esz, unsigned imm)
{
    int n = 16 >> esz;
    if (op == X86_S4_PICK) {
        lane_put(r, esz, 0, lane_u(b, esz, (int)imm % n));
    } else if (op == X86_S4_PUT) {
        *r = *a;
        lane_put(r, esz, (int)imm % n, lane_u(b, esz, 0));
    } else {
        for (int i = 0; i < n; i++)
            lane_put(r, esz, i, (imm >> i) & 1 ? lane_u(b, esz, i) : 0);
    }
}

/* PCLMULQDQ: the 128-bit carry-less product of two quadwords. */
static void s4_pclmul(S4Vec *r, uint64_t x, uint64_t y)
{
    r->q[0] = r->q[1] = 0;
    for (int i = 0; i < 64; i++)
        if ((y >> i) & 1) {
            r->q[0] ^= x << i;
            if (i)
                r->q[1] ^= x >> (64 - i);
        }
}

/* d may equal a or b: sources are read first. */
void helper_x86_s4op(CPUState *cs, uint32_t ctl, uint32_t d, uint32_t aoff, uint32_t boff)
{
    S4Vec a = s4get(cs, aoff), b = s4get(cs, boff), r = { { 0 } };
    int op = ctl & 63, esz = (ctl >> 6) & 3, esz2 = (ctl >> 16) & 3;
    unsigned imm = (ctl >> 8) & 0xff;
    if (op <= X86_S4_PHSUBSW)
        s4_horiz(&r, &a, &b, op, esz);
    else if (op == X86_S4_EVENS || op == X86_S4_ODDS)
        s4_split(&r, &a, &b, esz, op == X86_S4_ODDS);
    else if (op == X86_S4_PCLMUL)
        s4_pclmul(&r, a.q[imm & 1], b.q[(imm >> 4) & 1]);
    else if (op >= X86_S4_PICK && op <= X86_S4_MASKZ)
        s4_lanes(&r, &a, &b, op, esz, imm);
    else if (op == X86_S4_PBLENDW || op == X86_S4_BLEND || op == X86_S4_BLENDV) {
        S4Vec x0 = s4get(cs, (uint32_t)x86_xmm_off(0, 0));
        s4_blend(&r, &a, &b, &x0, op, op == X86_S4_PBLENDW ? 1 : esz, imm);
    } else if (op == X86_S4_INSERTPS)
        s4_insertps(&r, &a, &b, imm);
    else if (op == X86_S4_MPSADBW)
        s4_mpsadbw(&r, &a, &b, imm);
    else if (op == X86_S4_PHMINPOSUW)
        s4_phminposuw(&r, &b);
    else if (op >= X86_S4_PMOVSX && op <= X86_S4_PMOVZX)
        s4_moves(&r, &b, op, esz, esz2);
    else if (op >= X86_S4_MOVSLDUP && op <= X86_S4_MOVDDUP)
        s4_moves(&r, &b, op, esz, esz2);
    else
        s4_arith(&r, &a, &b, op, esz);
    memcpy((uint8_t *)cs + d, &r, 16);
}
IR_HELPER(x86_s4op, IR_HTYPE_VOID, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS,
          IR_HTYPE_PTR, IR_I32, IR_I32, IR_I32, IR_I32);

/* ---- PCMPESTRI/PCMPESTRM/PCMPISTRI/PCMPISTRM (SDM Vol. 2 4.1) ---- */

static int str_len_implicit(const S4Vec *v, bool words)
{
    int n = words ? 8 : 16;
    for (int i = 0; i < n; i++)
        if ((words ? v->w[i] : v->b[i]) == 0)
            return i;
    return n;
}

static int str_len_explicit(int64_t len, bool words)
{
    int n = words ? 8 : 16;
    if (len < 0)
        len = len == INT64_MIN ? n : -len;
    return len > n ? n : (int)len;
}

static int64_t str_elem(const S4Vec *v, unsigned imm, int i)
{
    bool s = imm & 2;
    if (imm & 1)
        return s ? v->sw[i] : v->w[i];
    return s ? v->sb[i] : v->b[i];
}

/* IntRes1 bit j: the aggregation of the comparisons of a's elements with b's element j. */
static unsigned str_intres1(const S4Vec *a, const S4Vec *b, unsigned imm, int la, int lb, int n)
{
    unsigned res = 0;
    for (int j = 0; j < n; j++) {
        bool bv = j < lb, r = false;
        int64_t y = str_elem(b, imm, j);
        switch ((imm >> 2) & 3) {
        case 0:                         /* equal any */
            for (int i = 0; i < la && bv && !r; i++)
                r = str_elem(a, imm, i) == y;
            break;
        case 1:                         /* ranges: pairs (a[i], a[i+1]) */
            for (int i = 0; i + 1 < n && bv && !r; i += 2)
                r = i < la && i + 1 < la && str_elem(a, imm, i) <= y && y <= str_elem(a, imm, i + 1);
            break;
        case 2:                         /* equal each */
            r = (j < la) == bv && (!bv || str_elem(a, imm, j) == y);
            break;
        case 3:                         /* equal ordered: a is a substring of b at j */
            r = true;
            for (int i = 0; i < n - j && r; i++) {
                if (i >= la)
                    break;
                r = j + i < lb && str_elem(a, imm, i) == str_elem(b, imm, j + i);
            }
            break;
        }
        res |= (unsigned)r << j;
    }
    return res;
}

/* ctl = imm8 | explicit << 8 | mask-output << 9; la/lb the explicit lengths (RAX/RDX, already
 * sign-extended from the operand size). Returns the flags | index << 32, and writes XMM0 for
 * the mask forms. */
uint64_t helper_x86_pcmpstr(CPUState *cs, uint32_t ctl, uint32_t aoff, uint32_t boff,
                            uint64_t rax, uint64_t rdx)
{
    S4Vec a = s4get(cs, aoff), b = s4get(cs, boff);
    unsigned imm = ctl & 0xff;
    bool words = imm & 1;
    int n = words ? 8 : 16;
    int la = (ctl & 0x100) ? str_len_explicit((int64_t)rax, words) : str_len_implicit(&a, words);
    int lb = (ctl & 0x100) ? str_len_explicit((int64_t)rdx, words) : str_len_implicit(&b, words);
    unsigned r1 = str_intres1(&a, &b, imm, la, lb, n), all = (1u << n) - 1, r2 = r1;
    switch ((imm >> 4) & 3) {
    case 1: r2 = ~r1 & all; break;
    case 3: r2 = r1 ^ ((1u << lb) - 1); break;
    }
    uint64_t f = (r2 ? X86_CF : 0) | (lb < n ? X86_ZF : 0) | (la < n ? X86_SF : 0) | ((r2 & 1) ? X86_OF : 0);
    if (!(ctl & 0x200)) {
        uint64_t idx = !r2 ? (uint64_t)n : (imm & 0x40) ? (uint64_t)(31 - __builtin_clz(r2)) : (uint64_t)__builtin_ctz(r2);
        return f | idx << 32;
    }
    S4Vec m = { { 0 } };
    if (imm & 0x40) {
        for (int i = 0; i < n; i++)
            lane_put(&m, words ? 1 : 0, i, (r2 >> i) & 1 ? ~0ull : 0);
    } else {
        m.w[0] = (uint16_t)r2;
    }
    memcpy((uint8_t *)cs + x86_xmm_off(0, 0), &m, 16);
    return f;
}
IR_HELPER(x86_pcmpstr, IR_I64, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS,
          IR_HTYPE_PTR, IR_I32, IR_I32, IR_I32, IR_I64, IR_I64);
