/* riscv64 physical memory protection: pmpcfg/pmpaddr CSRs and TOR/NA4/NAPOT matching. */
#include "cpu.h"
#include "trix/softmmu.h"

enum { PMP_R = 1, PMP_W = 2, PMP_X = 4, PMP_A_SHIFT = 3, PMP_L = 0x80 };
enum { PMP_OFF = 0, PMP_TOR = 1, PMP_NA4 = 2, PMP_NAPOT = 3 };
enum { CSR_PMPCFG0 = 0x3a0, CSR_PMPADDR0 = 0x3b0, PMP_ENTRIES = 64 };

#define PMPADDR_MASK ((1ull << 54) - 1)   /* physical address bits 55..2 */

static int pmp_mode(const RVCPU *env, int i) { return (env->pmpcfg[i] >> PMP_A_SHIFT) & 3; }
static bool pmp_locked(const RVCPU *env, int i) { return env->pmpcfg[i] & PMP_L; }

/* The byte range [*lo, *hi) entry i covers; false when it covers nothing. */
static bool pmp_range(const RVCPU *env, int i, uint64_t *lo, uint64_t *hi)
{
    uint64_t a = env->pmpaddr[i];
    switch (pmp_mode(env, i)) {
    case PMP_TOR:
        *lo = i ? env->pmpaddr[i - 1] << 2 : 0;
        *hi = a << 2;
        return *lo < *hi;
    case PMP_NA4:
        *lo = a << 2;
        *hi = *lo + 4;
        return true;
    case PMP_NAPOT: {
        int ones = __builtin_ctzll(~a);     /* a is < 2^54, so ~a has a zero bit below 54 */
        uint64_t size = 1ull << (ones + 3);
        *lo = (a & ~((1ull << ones) - 1)) << 2;
        *hi = *lo + size;
        return true;
    }
    default:
        return false;
    }
}

static bool pmp_any_active(const RVCPU *env)
{
    for (int i = 0; i < PMP_ENTRIES; i++)
        if (pmp_mode(env, i) != PMP_OFF)
            return true;
    return false;
}

static int pmp_prot(const RVCPU *env, int i, int priv)
{
    if (priv == RV_PRIV_M && !pmp_locked(env, i))
        return PROT_R | PROT_W | PROT_X;
    int c = env->pmpcfg[i], p = 0;
    if (c & PMP_R) p |= PROT_R;
    if (c & PMP_W) p |= PROT_W;
    if (c & PMP_X) p |= PROT_X;
    return p;
}

/* Permissions when no entry matches: M always passes; S/U fail once PMP is in use (an
 * all-off PMP behaves as if none were implemented, so firmware-less boots work). */
static int pmp_default_prot(const RVCPU *env, int priv)
{
    if (priv == RV_PRIV_M || !pmp_any_active(env))
        return PROT_R | PROT_W | PROT_X;
    return 0;
}

static int pmp_need(MMUAccessType type)
{
    return type == MMU_DATA_LOAD ? PROT_R : type == MMU_DATA_STORE ? PROT_W : PROT_X;
}

/* The lowest-numbered entry overlapping [addr, addr+size) decides: the access must lie
 * wholly inside it and its permissions must allow the access. */
bool rv_pmp_check(RVCPU *env, uint64_t paddr, uint64_t size, MMUAccessType type, int priv)
{
    uint64_t end = paddr + size, lo, hi;
    for (int i = 0; i < PMP_ENTRIES; i++) {
        if (!pmp_range(env, i, &lo, &hi) || end <= lo || paddr >= hi)
            continue;
        if (paddr < lo || end > hi)
            return false;
        return (pmp_prot(env, i, priv) & pmp_need(type)) != 0;
    }
    return (pmp_default_prot(env, priv) & pmp_need(type)) != 0;
}

/* Permissions valid for every byte of the page. When the deciding entry covers only part
 * of the page the answer is what both parts allow (the caller adds the access it checked
 * exactly, so the TLB may over-grant only inside a sub-page PMP region's page). */
int rv_pmp_page_prot(RVCPU *env, uint64_t paddr, int priv)
{
    uint64_t page = paddr & TARGET_PAGE_MASK, end = page + TARGET_PAGE_SIZE, lo, hi;
    for (int i = 0; i < PMP_ENTRIES; i++) {
        if (!pmp_range(env, i, &lo, &hi) || end <= lo || page >= hi)
            continue;
        int p = pmp_prot(env, i, priv);
        if (page < lo || end > hi)
            p &= pmp_default_prot(env, priv);
        return p;
    }
    return pmp_default_prot(env, priv);
}

static bool pmp_cfg_csr(uint32_t csr) { return csr >= CSR_PMPCFG0 && csr < CSR_PMPCFG0 + 16; }
static bool pmp_addr_csr(uint32_t csr)
{
    return csr >= CSR_PMPADDR0 && csr < CSR_PMPADDR0 + PMP_ENTRIES;
}

/* pmpcfgN exists for even N on RV64; false for any other CSR. */
bool rv_pmp_read_csr(RVCPU *env, uint32_t csr, uint64_t *val)
{
    if (pmp_cfg_csr(csr)) {
        unsigned n = csr - CSR_PMPCFG0;
        if (n & 1)
            return false;
        uint64_t v = 0;
        for (int b = 7; b >= 0; b--)
            v = v << 8 | env->pmpcfg[n * 4 + b];
        *val = v;
        return true;
    }
    if (pmp_addr_csr(csr)) {
        *val = env->pmpaddr[csr - CSR_PMPADDR0];
        return true;
    }
    return false;
}

static void pmp_write_cfg_byte(RVCPU *env, int i, uint8_t v)
{
    if (pmp_locked(env, i))
        return;
    v &= (uint8_t)~0x60;                        /* reserved bits read as zero */
    if ((v & (PMP_R | PMP_W)) == PMP_W)         /* R=0 W=1 is reserved: keep the old value */
        return;
    env->pmpcfg[i] = v;
}

/* pmpaddr i is also locked by a locked TOR entry i+1, which uses it as its lower bound. */
static bool pmp_addr_locked(const RVCPU *env, int i)
{
    if (pmp_locked(env, i))
        return true;
    return i + 1 < PMP_ENTRIES && pmp_locked(env, i + 1) && pmp_mode(env, i + 1) == PMP_TOR;
}

bool rv_pmp_write_csr(RVCPU *env, uint32_t csr, uint64_t val)
{
    if (pmp_cfg_csr(csr)) {
        unsigned n = csr - CSR_PMPCFG0;
        if (n & 1)
            return false;
        for (int b = 0; b < 8; b++)
            pmp_write_cfg_byte(env, (int)n * 4 + b, (uint8_t)(val >> (8 * b)));
    } else if (pmp_addr_csr(csr)) {
        int i = (int)(csr - CSR_PMPADDR0);
        if (!pmp_addr_locked(env, i))
            env->pmpaddr[i] = val & PMPADDR_MASK;
    } else {
        return false;
    }
    rv_tlb_flush_all(env);      /* cached page permissions may have changed */
    return true;
}
