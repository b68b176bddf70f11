/* Guest memory: the user-mode reservation's base and limit, and atomic guest memory ops. */
#include "trix/guest_mem.h"

uintptr_t guest_base;
uint64_t guest_addr_max;

static uint64_t gm_size_mask(unsigned size)
{
    return size >= MO_64 ? ~0ull : (1ull << (8u << size)) - 1;
}

static int64_t gm_sext(uint64_t v, unsigned size)
{
    unsigned sh = 64 - (8u << size);
    return (int64_t)(v << sh) >> sh;
}

/* Memory order <-> value order. */
static uint64_t gm_swap(uint64_t v, MemOp mo)
{
    return (mo & MO_BSWAP) ? gm_fixup(v, mo & (MO_SIZE | MO_BSWAP)) : v;
}

static void *gm_atomic_addr(CPUState *cpu, uint64_t addr, MemOp mo)
{
    unsigned bytes = 1u << (mo & MO_SIZE);
    if (addr & (bytes - 1))
        cpu_mem_fault(cpu, addr, MMU_DATA_STORE, FAULT_MISALIGNED);
    if (!guest_range_valid(addr, bytes))
        cpu_mem_fault(cpu, addr, MMU_DATA_STORE, FAULT_PAGE);
    return g2h(addr);
}

/* Compare-and-swap of raw memory; on failure *expected gets the current contents. */
static bool gm_raw_cas(void *p, unsigned size, uint64_t *expected, uint64_t desired)
{
#define GM_CAS(T) do { \
        T e = (T)*expected; \
        bool ok = __atomic_compare_exchange_n((T *)p, &e, (T)desired, false, \
                                              __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); \
        *expected = e; \
        return ok; \
    } while (0)
    switch (size) {
    case MO_8: GM_CAS(uint8_t);
    case MO_16: GM_CAS(uint16_t);
    case MO_32: GM_CAS(uint32_t);
    default: GM_CAS(uint64_t);
    }
#undef GM_CAS
}

/* The new value of a read-modify-write, from the old one (both in value order). */
static uint64_t gm_rmw_apply(int op, uint64_t old, uint64_t val, unsigned size)
{
    uint64_t m = gm_size_mask(size);
    old &= m;
    val &= m;
    switch (op) {
    case IR_atomic_xchg: return val;
    case IR_atomic_add: return (old + val) & m;
    case IR_atomic_and: return old & val;
    case IR_atomic_or: return old | val;
    case IR_atomic_xor: return old ^ val;
    case IR_atomic_smin: return gm_sext(old, size) < gm_sext(val, size) ? old : val;
    case IR_atomic_smax: return gm_sext(old, size) > gm_sext(val, size) ? old : val;
    case IR_atomic_umin: return old < val ? old : val;
    case IR_atomic_umax: return old > val ? old : val;
    default: UNREACHABLE(); return old;
    }
}

/* System mode, MMIO target: a plain read-modify-write through the slow path (devices are
 * serialized by the device lock and there is one vCPU thread). */
static uint64_t gm_mmio_rmw(CPUState *cpu, int op, uint64_t addr, uint64_t val, uint64_t cmpv,
                            bool is_cmpxchg, MemOp mo, int mmu_idx)
{
    unsigned size = mo & MO_SIZE;
    MemOp raw = mo & (MO_SIZE | MO_BSWAP);
    uint64_t old = softmmu_ld_slow(cpu, addr, raw, mmu_idx);
    uint64_t m = gm_size_mask(size);
    if (!is_cmpxchg)
        softmmu_st_slow(cpu, addr, gm_rmw_apply(op, old, val, size), raw, mmu_idx);
    else if (old == (cmpv & m))
        softmmu_st_slow(cpu, addr, val & m, raw, mmu_idx);
    return gm_fixup(old, mo & (MO_SIZE | MO_SIGN));
}

uint64_t gm_atomic_rmw(CPUState *cpu, int op, uint64_t addr, uint64_t val, MemOp mo, int mmu_idx)
{
    unsigned size = mo & MO_SIZE;
    void *p;
    if (unlikely(exec_softmmu)) {
        p = softmmu_atomic_ptr(cpu, addr, mo, mmu_idx);
        if (!p)
            return gm_mmio_rmw(cpu, op, addr, val, 0, false, mo, mmu_idx);
    } else {
        p = gm_atomic_addr(cpu, addr, mo);
    }
    /* No plain load first: the first access is the CAS (with a guess), so that an unmapped or
     * read-only page faults as a store, as AMO faults must (user mode reads the host fault). */
    uint64_t raw = 0;
    uint64_t next;
    do {
        uint64_t old = gm_swap(raw, mo);
        next = gm_swap(gm_rmw_apply(op, old, val, size), mo);
    } while (!gm_raw_cas(p, size, &raw, next));
    return gm_fixup(raw, mo);
}

uint64_t gm_cmpxchg(CPUState *cpu, uint64_t addr, uint64_t cmpv, uint64_t newv, MemOp mo,
                    int mmu_idx)
{
    unsigned size = mo & MO_SIZE;
    uint64_t m = gm_size_mask(size);
    void *p;
    if (unlikely(exec_softmmu)) {
        p = softmmu_atomic_ptr(cpu, addr, mo, mmu_idx);
        if (!p)
            return gm_mmio_rmw(cpu, 0, addr, newv, cmpv, true, mo, mmu_idx);
    } else {
        p = gm_atomic_addr(cpu, addr, mo);
    }
    uint64_t raw = gm_swap(cmpv & m, mo);
    gm_raw_cas(p, size, &raw, gm_swap(newv & m, mo));
    return gm_fixup(raw, mo);
}
