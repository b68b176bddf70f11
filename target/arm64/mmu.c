/* arm64 VMSAv8-64 translation: stage 1 with 4K/16K/64K granules, TTBR0/TTBR1, permissions,
 * access flag and hardware dirty state; stage 2 (HCR_EL2.VM) under it; tlb_fill,
 * debug_translate, AT and TLBI. */
#include <string.h>
#include "sys_internal.h"
#include "trix/softmmu.h"
#include "trix/machine.h"

#define DESC_VALID (1ull << 0)
#define DESC_TABLE (1ull << 1)
#define DESC_AP1 (1ull << 6)            /* EL0 access */
#define DESC_AP2 (1ull << 7)            /* read-only */
#define DESC_AF (1ull << 10)
#define DESC_NG (1ull << 11)
#define DESC_DBM (1ull << 51)
#define DESC_PXN (1ull << 53)
#define DESC_UXN (1ull << 54)
#define DESC_OA_HI (3ull << 48)         /* OA[49:48]: no 52-bit PA, must be zero */
#define PA_MASK ((1ull << 48) - 1)

#define S2_AP_R (1ull << 6)             /* stage 2 S2AP[0]: read */
#define S2_AP_W (1ull << 7)             /* S2AP[1]: write */
#define S2_XN (1ull << 54)

/* How a walk may behave (WALK_S1: no stage 2 for the final address, as AT S1E1*). */
enum { WALK_NOWRITE = 1, WALK_DEBUG = 2, WALK_S1 = 4 };

typedef struct A64Walk {
    uint64_t pa;
    int prot;
    int shift;                  /* log2 of the mapping's size */
    bool ng;
    uint8_t attr, sh;           /* MAIR attribute, shareability (for PAR_EL1) */
    int fsc;                    /* fault status when the walk fails */
    bool s2, s1ptw;             /* ... at stage 2 (of a stage 1 table access) */
    uint64_t ipa;               /* ... at this IPA */
} A64Walk;

/* The translation regime's controls for va (EL1&0 with TTBR0/TTBR1, or EL2). */
typedef struct A64Regime {
    int el;
    uint64_t tcr, ttbr, sctlr;
    int tsz, gbits;
    bool upper, tbi, epd, ha, hd, hpd;
    bool s2;                    /* stage 2 translates the table addresses and the output */
} A64Regime;

static int a64_tg0_bits(unsigned tg) { return tg == 1 ? 16 : tg == 2 ? 14 : 12; }
static int a64_tg1_bits(unsigned tg) { return tg == 1 ? 14 : tg == 3 ? 16 : 12; }

static void a64_regime(A64CPU *env, int el, uint64_t va, A64Regime *r)
{
    A64SysState *s = &env->sys;
    uint64_t tcr = s->tcr[el];
    r->el = el;
    r->tcr = tcr;
    r->sctlr = s->sctlr[el];
    if (el == 2) {                      /* one range; TCR_EL2 has its own layout */
        r->upper = false;
        r->ttbr = s->ttbr0[2];
        r->tsz = (int)(tcr & 63);
        r->gbits = a64_tg0_bits((unsigned)(tcr >> 14) & 3);
        r->tbi = (tcr >> 20) & 1;
        r->epd = false;
        r->ha = (tcr >> 21) & 1;
        r->hd = (tcr >> 22) & 1;
        r->hpd = (tcr >> 24) & 1;
        return;
    }
    r->upper = (va >> 55) & 1;
    r->ttbr = r->upper ? s->ttbr1 : s->ttbr0[1];
    r->tsz = (int)((r->upper ? tcr >> 16 : tcr) & 63);
    r->gbits = r->upper ? a64_tg1_bits((unsigned)(tcr >> 30) & 3)
                        : a64_tg0_bits((unsigned)(tcr >> 14) & 3);
    r->tbi = (tcr >> (r->upper ? 38 : 37)) & 1;
    r->epd = (tcr >> (r->upper ? 23 : 7)) & 1;
    r->ha = (tcr >> 39) & 1;
    r->hd = (tcr >> 40) & 1;
    r->hpd = (tcr >> (r->upper ? 42 : 41)) & 1;
}

static bool a64_desc_read(uint64_t addr, uint64_t *d)
{
    uint8_t b[8];
    if (!phys_read(addr, b, 8))
        return false;
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | b[i];
    *d = v;
    return true;
}

static bool a64_desc_write(uint64_t addr, uint64_t d)
{
    uint8_t b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (uint8_t)(d >> (8 * i));
    return phys_write(addr, b, 8);
}

/* ---- stage 2 ---- */

static bool a64_block_ok(int gbits, int level);
static int a64_prot_needed(MMUAccessType type);

/* Does stage 2 translate the EL1&0 accesses of mmu_idx? */
static bool a64_s2_on(A64CPU *env, int mmu_idx)
{
    return mmu_idx != A64_MMU_EL2 && env->sys.has_el2 && (env->sys.hcr & HCR_VM);
}

static bool a64_s2_leaf(A64CPU *env, uint64_t ipa, uint64_t d, uint64_t daddr, int level,
                        int shift, MMUAccessType type, int how, A64Walk *w)
{
    uint64_t vtcr = env->sys.vtcr, nd = d;
    if (!(d & DESC_AF)) {
        if (!((vtcr >> 21) & 1) && !(how & WALK_DEBUG)) {       /* VTCR_EL2.HA */
            w->fsc = FSC_ACCESS + level;
            return false;
        }
        nd |= DESC_AF;
    }
    if (((vtcr >> 22) & 1) && (d & DESC_DBM) && type == MMU_DATA_STORE)
        nd |= S2_AP_W;                  /* VTCR_EL2.HD: the first write marks it dirty */
    int prot = ((nd & S2_AP_R) ? PROT_R : 0) | ((nd & S2_AP_W) ? PROT_W : 0) |
               ((nd & S2_XN) ? 0 : PROT_X);
    if (how & WALK_DEBUG)
        prot |= PROT_R;
    else if (!(prot & a64_prot_needed(type))) {
        w->fsc = FSC_PERM + level;
        return false;
    }
    if (nd != d && !(how & WALK_NOWRITE) && !a64_desc_write(daddr, nd)) {
        w->fsc = FSC_EXT_WALK + level;
        return false;
    }
    w->shift = shift;
    w->pa = (d & PA_MASK & ~((1ull << shift) - 1)) | (ipa & ((1ull << shift) - 1));
    w->prot = prot;
    return true;
}

/* Stage 2 walk of ipa from VTTBR_EL2/VTCR_EL2 (T0SZ, SL0, TG0; concatenated tables at the
 * start level). Sets w->pa, prot, shift or w->fsc. */
/* One descriptor of a stage 1 or stage 2 walk at level: read, valid, a table or a block this
 * granule allows there, no output address bits above the PA size; else w->fsc says which. */
static bool a64_desc_fetch(uint64_t daddr, int g, int level, A64Walk *w, uint64_t *dp)
{
    uint64_t d;
    if (!a64_desc_read(daddr, &d)) {
        w->fsc = FSC_EXT_WALK + level;
        return false;
    }
    if (!(d & DESC_VALID) || (level == 3 && !(d & DESC_TABLE)) ||
        (level < 3 && !(d & DESC_TABLE) && !a64_block_ok(g, level))) {
        w->fsc = FSC_TRANS + level;
        return false;
    }
    if (d & DESC_OA_HI) {
        w->fsc = FSC_ADDR_SIZE + level;
        return false;
    }
    *dp = d;
    return true;
}

static bool a64_s2_walk(A64CPU *env, uint64_t ipa, MMUAccessType type, int how, A64Walk *w)
{
    uint64_t vtcr = env->sys.vtcr;
    int tsz = (int)(vtcr & 63);
    tsz = tsz < 16 ? 16 : tsz > 39 ? 39 : tsz;
    int inbits = 64 - tsz, g = a64_tg0_bits((unsigned)(vtcr >> 14) & 3), stride = g - 3;
    int sl0 = (int)(vtcr >> 6) & 3;
    int level = (g == 12 ? 2 : 3) - sl0;
    int first_bits = level >= 0 ? inbits - (g + stride * (3 - level)) : 0;
    if ((ipa >> inbits) || sl0 == 3 || level < 0 || first_bits < 1 || first_bits > stride + 4) {
        w->fsc = FSC_TRANS + 0;         /* outside the IPA range, or a start level that
                                           does not fit it */
        return false;
    }
    uint64_t table = env->sys.vttbr & PA_MASK & ~((8ull << first_bits) - 1) & ~1ull;
    for (int first = 1;; level++, first = 0) {
        int shift = g + stride * (3 - level);
        int bits = first ? first_bits : stride;
        uint64_t daddr = table + ((ipa >> shift) & ((1ull << bits) - 1)) * 8, d;
        if (!a64_desc_fetch(daddr, g, level, w, &d))
            return false;
        if (level == 3 || !(d & DESC_TABLE))
            return a64_s2_leaf(env, ipa, d, daddr, level, shift, type, how, w);
        table = d & PA_MASK & ~((1ull << g) - 1);
    }
}

/* Stage 2 of a stage 1 table access at ipa (a read, or a write to update the descriptor):
 * its physical address, or false with w describing the stage 2 fault (S1PTW). */
static bool a64_s2_ptw(A64CPU *env, uint64_t ipa, bool write, int how, A64Walk *w,
                       uint64_t *pa)
{
    A64Walk s;
    if (!a64_s2_walk(env, ipa, write ? MMU_DATA_STORE : MMU_DATA_LOAD, how, &s)) {
        w->fsc = s.fsc;
        w->s2 = w->s1ptw = true;
        w->ipa = ipa;
        return false;
    }
    *pa = s.pa;
    return true;
}

/* Permissions of a leaf for the MMU index, from AP/XN and the table limits (apt: bit 0 no
 * EL0, bit 1 read-only; xnt: bit 0 UXN/XN, bit 1 PXN). */
static int a64_leaf_prot(const A64Regime *r, uint64_t d, unsigned apt, unsigned xnt, int mmu_idx)
{
    bool ro = (d & DESC_AP2) || (apt & 2);
    if (r->el == 2) {
        int p = PROT_R | (ro ? 0 : PROT_W);
        if (!(d & DESC_UXN) && !(xnt & 1) && !(!ro && (r->sctlr & SCTLR_WXN)))
            p |= PROT_X;
        return p;
    }
    bool el0 = (d & DESC_AP1) && !(apt & 1);
    bool uxn = (d & DESC_UXN) || (xnt & 1), pxn = (d & DESC_PXN) || (xnt & 2);
    bool wxn = (r->sctlr & SCTLR_WXN) != 0;
    int p;
    if (mmu_idx == A64_MMU_EL0) {
        p = el0 ? PROT_R | (ro ? 0 : PROT_W) : 0;
        if (!uxn && !(wxn && el0 && !ro))
            p |= PROT_X;
        return p;
    }
    p = PROT_R | (ro ? 0 : PROT_W);
    if (!pxn && !(el0 && !ro) && !(wxn && !ro))
        p |= PROT_X;
    if (mmu_idx == A64_MMU_EL1_PAN && el0)
        p &= ~(PROT_R | PROT_W);
    return p;
}

static int a64_prot_needed(MMUAccessType type)
{
    return type == MMU_DATA_LOAD ? PROT_R : type == MMU_DATA_STORE ? PROT_W : PROT_X;
}

/* A leaf at level: AF, dirty state, permissions; updates the descriptor when allowed. */
static bool a64_leaf(A64CPU *env, const A64Regime *r, uint64_t va, uint64_t d, uint64_t daddr,
                     int level, int shift, unsigned apt, unsigned xnt, MMUAccessType type,
                     int mmu_idx, int how, A64Walk *w)
{
    uint64_t nd = d;
    if (!(d & DESC_AF)) {
        if (!r->ha && !(how & WALK_DEBUG)) {
            w->fsc = FSC_ACCESS + level;
            return false;
        }
        nd |= DESC_AF;
    }
    bool dbm = r->hd && (d & DESC_DBM) && !(apt & 2);
    if (dbm && type == MMU_DATA_STORE)
        nd &= ~DESC_AP2;                /* the first write marks the page dirty */
    int prot = a64_leaf_prot(r, nd, apt, xnt, mmu_idx);
    if (how & WALK_DEBUG)
        prot |= PROT_R;
    else if (!(prot & a64_prot_needed(type))) {
        w->fsc = FSC_PERM + level;
        return false;
    }
    if (nd != d && !(how & WALK_NOWRITE) && !a64_desc_write(daddr, nd)) {
        w->fsc = FSC_EXT_WALK + level;
        return false;
    }
    unsigned ai = (unsigned)(d >> 2) & 7;
    w->attr = (uint8_t)(env->sys.mair[r->el] >> (8 * ai));
    w->sh = (uint8_t)((d >> 8) & 3);
    w->ng = r->el == 1 && (d & DESC_NG);
    w->shift = shift;
    w->pa = (d & PA_MASK & ~((1ull << shift) - 1)) | (va & ((1ull << shift) - 1));
    w->prot = prot;
    return true;
}

/* May a block descriptor appear at this level for this granule? */
static bool a64_block_ok(int gbits, int level)
{
    return gbits == 12 ? (level == 1 || level == 2) : level == 2;
}

/* Walk the tables of regime r for va. */
static bool a64_walk_tables(A64CPU *env, const A64Regime *r, uint64_t va, MMUAccessType type,
                            int mmu_idx, int how, A64Walk *w)
{
    int tsz = r->tsz < 16 ? 16 : r->tsz > 39 ? 39 : r->tsz;
    int inbits = 64 - tsz, g = r->gbits, stride = g - 3;
    int levels = (inbits - g + stride - 1) / stride;
    int level = 4 - levels;
    uint64_t top = r->tbi ? (uint64_t)((int64_t)(va << 8) >> 8) : va;
    uint64_t hi = (uint64_t)((int64_t)top >> inbits);           /* VA[63:inbits] */
    if (hi != (r->upper ? ~0ull : 0) || r->epd) {
        w->fsc = FSC_TRANS + 0;
        return false;
    }
    int first_bits = inbits - g - stride * (levels - 1);
    uint64_t table = r->ttbr & PA_MASK & ~((8ull << first_bits) - 1) & ~1ull;
    unsigned apt = 0, xnt = 0;
    for (;; level++) {
        int shift = g + stride * (3 - level);
        int bits = level == 4 - levels ? first_bits : stride;
        uint64_t daddr = table + ((va >> shift) & ((1ull << bits) - 1)) * 8, d;
        if (r->s2 && !a64_s2_ptw(env, daddr, false, how, w, &daddr))
            return false;
        if (!a64_desc_fetch(daddr, g, level, w, &d))
            return false;
        if (level == 3 || !(d & DESC_TABLE))
            return a64_leaf(env, r, va, d, daddr, level, shift, apt, xnt, type, mmu_idx,
                            how, w);
        if (!r->hpd) {
            apt |= (unsigned)(d >> 61) & 3;
            xnt |= (unsigned)(d >> 60) & 1;
            xnt |= ((unsigned)(d >> 59) & 1) << 1;
        }
        table = d & PA_MASK & ~((1ull << g) - 1);
    }
}

/* Stage 1 of va for an access at mmu_idx (its table accesses through stage 2 when r.s2). */
static bool a64_translate_s1(A64CPU *env, uint64_t va, MMUAccessType type, int mmu_idx,
                             int how, A64Walk *w)
{
    int el = mmu_idx == A64_MMU_EL2 ? 2 : 1;
    A64Regime r;
    a64_regime(env, el, va, &r);
    r.s2 = a64_s2_on(env, mmu_idx);
    if (!(r.sctlr & SCTLR_M)) {
        if (va >> 48) {
            w->fsc = FSC_ADDR_SIZE + 0;
            return false;
        }
        w->pa = va;
        w->prot = PROT_R | PROT_W | PROT_X;
        w->shift = TARGET_PAGE_BITS;
        w->ng = false;
        w->attr = 0;
        w->sh = 2;
        return true;
    }
    return a64_walk_tables(env, &r, va, type, mmu_idx, how, w);
}

/* Translate va for an access at mmu_idx: stage 1, then stage 2 of its output when enabled
 * (the TLB entry gets both permissions and the smaller size); false with w->fsc (and w->s2
 * for a stage 2 fault) on a fault. */
static bool a64_translate(A64CPU *env, uint64_t va, MMUAccessType type, int mmu_idx, int how,
                          A64Walk *w)
{
    w->s2 = w->s1ptw = false;
    if (!a64_translate_s1(env, va, type, mmu_idx, how, w))
        return false;
    if ((how & WALK_S1) || !a64_s2_on(env, mmu_idx))
        return true;
    A64Walk s;
    if (!a64_s2_walk(env, w->pa, type, how, &s)) {
        w->fsc = s.fsc;
        w->s2 = true;
        w->ipa = w->pa;
        return false;
    }
    w->pa = s.pa;
    w->prot &= s.prot;
    if (s.shift < w->shift)
        w->shift = s.shift;
    return true;
}

void a64_pend_abort(A64CPU *env, uint64_t va, MMUAccessType type, int fsc, bool s1ptw)
{
    int target = a64_exc_target_el(env);
    bool lower = env->sys.el < target;
    int ec = type == MMU_INST_FETCH ? (lower ? EC_IABT_LOW : EC_IABT_CUR)
                                    : (lower ? EC_DABT_LOW : EC_DABT_CUR);
    uint32_t iss = (uint32_t)fsc | (type == MMU_DATA_STORE ? 1u << 6 : 0) |
                   (s1ptw ? 1u << 7 : 0);
    a64_pend_sync(env, target, ESR(ec, iss), true, va);
}

/* A stage 2 fault: to EL2 as an abort from a lower EL, FAR_EL2 = va, HPFAR_EL2 = the IPA's
 * page; S1PTW for a stage 1 table access (WnR then says whether it was a descriptor update). */
static void a64_pend_s2_abort(A64CPU *env, uint64_t va, MMUAccessType type, const A64Walk *w)
{
    uint32_t iss = (uint32_t)w->fsc | (w->s1ptw ? 1u << 7 : 0) |
                   (type == MMU_DATA_STORE && !w->s1ptw ? 1u << 6 : 0);
    int ec = type == MMU_INST_FETCH ? EC_IABT_LOW : EC_DABT_LOW;
    env->sys.hpfar = (w->ipa & PA_MASK) >> 12 << 4;
    a64_pend_sync(env, 2, ESR(ec, iss), true, va);
}

/* The bit of tlb_large for the 1 GiB region of va (a hash: a false hit only costs a full
 * flush). A block mapping lies in one region, so a TLBI by VA outside every region holding
 * one flushes only its page: Linux's user-page TLBIs leave the kernel's block-mapped linear
 * map cached. */
static uint64_t a64_tlb_region(uint64_t va)
{
    va = (uint64_t)((int64_t)(va << 8) >> 8);      /* the top byte may be a tag (TBI) */
    return 1ull << (((va >> 30) ^ (va >> 36) ^ (va >> 42) ^ (va >> 48)) & 63);
}

bool a64_tlb_fill(CPUState *cs, uint64_t vaddr, MMUAccessType type, int mmu_idx, bool probe)
{
    A64CPU *env = a64_cpu(cs);
    A64Walk w;
    if (a64_translate(env, vaddr, type, mmu_idx, 0, &w)) {
        if (w.shift > TARGET_PAGE_BITS)
            env->sys.tlb_large |= a64_tlb_region(vaddr);
        tlb_set_page(cs, vaddr & TARGET_PAGE_MASK, w.pa & TARGET_PAGE_MASK, w.prot, mmu_idx);
        env->sys.tlb_ng[mmu_idx][(vaddr >> TARGET_PAGE_BITS) & (TLB_SIZE - 1)] = w.ng;
        return true;
    }
    log_mask(LOG_MMU, "arm64: fault fsc %#x at %016llx (type %d, mmu_idx %d)\n", w.fsc,
             (unsigned long long)vaddr, type, mmu_idx);
    if (probe)
        return false;
    if (w.s2)
        a64_pend_s2_abort(env, vaddr, type, &w);
    else
        a64_pend_abort(env, vaddr, type, w.fsc, false);
    cpu_loop_exit_restore(cs, A64_EXCP_SYNC);
}

/* TargetOps.debug_translate: what the current EL's loads see, any permission, no updates. */
bool a64_debug_translate(CPUState *cs, uint64_t vaddr, uint64_t *paddr)
{
    A64CPU *env = a64_cpu(cs);
    A64Walk w;
    int idx = env->sys.el == 2 ? A64_MMU_EL2 : A64_MMU_EL1;
    if (!a64_translate(env, vaddr, MMU_DATA_LOAD, idx, WALK_NOWRITE | WALK_DEBUG, &w))
        return false;
    *paddr = w.pa;
    return true;
}

/* ---- AT ---- */

/* AT S1E1R/W (op1 0, op2 0/1), S1E0R/W (op2 2/3), S1E1RP/WP (CRm 9), S1E2R/W (op1 4), and
 * with op2 | 16 the S12E1R/W, S12E0R/W forms (both stages; PAR_EL1.S/PTW on a stage 2
 * fault). The S1 forms give the IPA, though their table accesses go through stage 2. */
uint64_t a64_at(A64CPU *env, int op1, int op2, uint64_t va)
{
    int idx = op1 == 4 ? A64_MMU_EL2 : (op2 & 2) ? A64_MMU_EL0
            : (op2 & 8) ? A64_MMU_EL1_PAN : A64_MMU_EL1;
    MMUAccessType type = (op2 & 1) ? MMU_DATA_STORE : MMU_DATA_LOAD;
    A64Walk w;
    if (!a64_translate(env, va, type, idx, WALK_NOWRITE | ((op2 & 16) ? 0 : WALK_S1), &w))
        return 1 | (uint64_t)w.fsc << 1 | (uint64_t)w.s1ptw << 8 | (uint64_t)w.s2 << 9 |
               1ull << 11;
    return (w.pa & PA_MASK & ~0xfffull) | (uint64_t)w.attr << 56 | (uint64_t)w.sh << 7 |
           1ull << 11;
}

/* ---- TLB maintenance ---- */

void a64_tlb_flush_asid(A64CPU *env)
{
    tlb_flush_marked(&env->cs, env->sys.tlb_ng, A64_MMU_COUNT);
}

static void a64_tlb_flush_full(A64CPU *env)
{
    tlb_flush(&env->cs);
    env->sys.tlb_large = false;
}

static void a64_tlb_flush_va(A64CPU *env, uint64_t va)
{
    if (env->sys.tlb_large & a64_tlb_region(va))
        a64_tlb_flush_full(env);
    else
        tlb_flush_page(&env->cs, va);
}

/* TLBI op (op1 << 7 | CRm << 3 | op2) with Xt; the inner/outer shareable forms reach every
 * vCPU (they run one at a time, so their TLBs are simply flushed here). */
void a64_tlbi(A64CPU *env, int op, uint64_t xt)
{
    int op1 = op >> 7, crm = (op >> 3) & 15, op2 = op & 7;
    bool all_cpus = crm == 3 || crm == 1 || crm == 0 || crm == 2;
    bool by_va = op1 == 0 ? (op2 & 1) && (crm == 3 || crm == 7 || crm == 1)
                          : (op2 == 1 || op2 == 5) && (crm == 3 || crm == 7 || crm == 1);
    bool by_asid = op1 == 0 && op2 == 2;
    uint64_t va = (uint64_t)((int64_t)(xt << 20) >> 8);        /* VA[55:12] sign-extended */
    MachineState *ms = current_machine;
    int n = all_cpus && ms ? ms->smp : 1;
    for (int i = 0; i < n; i++) {
        A64CPU *c = all_cpus && ms ? a64_cpu(ms->cpus[i]) : env;
        if (by_va)
            a64_tlb_flush_va(c, va);
        else if (by_asid)
            a64_tlb_flush_asid(c);
        else
            a64_tlb_flush_full(c);
    }
}

/* DC by VA: the address must translate (CM faults report WnR = 1, as for a write). */
void a64_dc_check(A64CPU *env, uint64_t va, bool write)
{
    A64Walk w;
    int idx = a64_mmu_index(env, false);
    if (a64_translate(env, va, write ? MMU_DATA_STORE : MMU_DATA_LOAD, idx, WALK_NOWRITE, &w))
        return;
    a64_pend_abort(env, va, MMU_DATA_STORE, w.fsc, false);
    env->sys.pend.esr |= 1u << 8;       /* CM */
    cpu_loop_exit_restore(&env->cs, A64_EXCP_SYNC);
}

/* IC IVAU: drop translated code of the line at va (if it translates). */
void a64_ic_ivau(A64CPU *env, uint64_t va)
{
    A64Walk w;
    if (a64_translate(env, va & ~63ull, MMU_DATA_LOAD, a64_mmu_index(env, false),
                      WALK_NOWRITE | WALK_DEBUG, &w))
        tb_invalidate_range(w.pa, w.pa + 64);
}
