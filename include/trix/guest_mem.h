/* Guest memory access: user mode (guest_base + addr) or, when exec_softmmu, the TLB fast path. */
#ifndef TRIX_GUEST_MEM_H
#define TRIX_GUEST_MEM_H

#include <string.h>
#include "trix/exec.h"
#include "trix/softmmu.h"

/* Guest addresses [0, guest_addr_max) map to host guest_base + addr inside one reservation.
 * A host SIGSEGV inside the reservation is turned into a guest fault by the user-mode
 * signal handler (src/user/signal_host.c); addresses past the limit fault here. */
extern uintptr_t guest_base;
extern uint64_t guest_addr_max;

static inline void *g2h(uint64_t addr) { return (void *)(guest_base + (uintptr_t)addr); }
static inline uint64_t h2g(const void *p) { return (uint64_t)((uintptr_t)p - guest_base); }
static inline bool guest_range_valid(uint64_t addr, uint64_t len)
{
    return len <= guest_addr_max && addr <= guest_addr_max - len;
}

/* User-mode page flags (guest view of protections), kept by src/user/mmap.c. */
enum { PAGE_READ = 1, PAGE_WRITE = 2, PAGE_EXEC = 4, PAGE_VALID = 8,
       PAGE_WRITE_ORG = 16 /* was writable before we protected it for translated code */ };
int page_get_flags(uint64_t addr);
void page_set_flags(uint64_t start, uint64_t end, int flags);   /* [start, end) */
/* True when [addr, addr+len) is mapped with all of `flags`. */
bool page_check_range(uint64_t addr, uint64_t len, int flags);
/* translator_fetch() in user mode (src/user/mmap.c): needs PAGE_EXEC. */
bool user_translator_fetch(CPUState *cpu, uint64_t pc, void *dst, int size);

static inline uint64_t gm_fixup(uint64_t v, MemOp mo)
{
    unsigned size = mo & MO_SIZE;
    if (mo & MO_BSWAP) {
        v = size == MO_16 ? __builtin_bswap16((uint16_t)v)
          : size == MO_32 ? __builtin_bswap32((uint32_t)v)
          : size == MO_64 ? __builtin_bswap64(v) : v;
    }
    if (mo & MO_SIGN) {
        switch (size) {
        case MO_8:  return (uint64_t)(int64_t)(int8_t)v;
        case MO_16: return (uint64_t)(int64_t)(int16_t)v;
        case MO_32: return (uint64_t)(int64_t)(int32_t)v;
        }
    }
    return v;
}

static inline void gm_check(CPUState *cpu, uint64_t addr, MemOp mo, MMUAccessType type)
{
    unsigned bytes = 1u << (mo & MO_SIZE);
    if ((mo & MO_ALIGN) && (addr & (bytes - 1)))
        cpu_mem_fault(cpu, addr, type, FAULT_MISALIGNED);
    if (unlikely(!guest_range_valid(addr, bytes)))
        cpu_mem_fault(cpu, addr, type, FAULT_PAGE);
}

/* Host load/store of 1 << size bytes (any alignment), raw memory order. */
static inline uint64_t gm_host_ld(const void *p, unsigned size)
{
    switch (size) {
    case MO_8:  return *(const uint8_t *)p;
    case MO_16: { uint16_t x; memcpy(&x, p, 2); return x; }
    case MO_32: { uint32_t x; memcpy(&x, p, 4); return x; }
    default:    { uint64_t x; memcpy(&x, p, 8); return x; }
    }
}

static inline void gm_host_st(void *p, uint64_t v, unsigned size)
{
    switch (size) {
    case MO_8:  *(uint8_t *)p = (uint8_t)v; break;
    case MO_16: { uint16_t x = (uint16_t)v; memcpy(p, &x, 2); break; }
    case MO_32: { uint32_t x = (uint32_t)v; memcpy(p, &x, 4); break; }
    default:    memcpy(p, &v, 8); break;
    }
}

/* System mode: one compare against the TLB tag (page, alignment and slow-path flags), one add. */
static inline uint64_t gm_ld_softmmu(CPUState *cpu, uint64_t addr, MemOp mo, int mmu_idx)
{
    unsigned size = mo & MO_SIZE;
    const TLBEntry *e = tlb_entry(cpu, mmu_idx, addr);
    if (likely((addr & (TARGET_PAGE_MASK | ((1u << size) - 1))) == e->addr_read))
        return gm_fixup(gm_host_ld((void *)(uintptr_t)(addr + e->addend), size), mo);
    return softmmu_ld_slow(cpu, addr, mo, mmu_idx);
}

static inline void gm_st_softmmu(CPUState *cpu, uint64_t addr, uint64_t v, MemOp mo, int mmu_idx)
{
    unsigned size = mo & MO_SIZE;
    const TLBEntry *e = tlb_entry(cpu, mmu_idx, addr);
    if (likely((addr & (TARGET_PAGE_MASK | ((1u << size) - 1))) == e->addr_write)) {
        if (mo & MO_BSWAP)
            v = gm_fixup(v, mo & (MO_SIZE | MO_BSWAP));
        gm_host_st((void *)(uintptr_t)(addr + e->addend), v, size);
        return;
    }
    softmmu_st_slow(cpu, addr, v, mo, mmu_idx);
}

static inline uint64_t gm_ld(CPUState *cpu, uint64_t addr, MemOp mo, int mmu_idx)
{
    if (unlikely(exec_softmmu))
        return gm_ld_softmmu(cpu, addr, mo, mmu_idx);
    gm_check(cpu, addr, mo, MMU_DATA_LOAD);
    void *p = g2h(addr);
    uint64_t v;
    switch (mo & MO_SIZE) {
    case MO_8:  v = *(uint8_t *)p; break;
    case MO_16: { uint16_t x; memcpy(&x, p, 2); v = x; break; }
    case MO_32: { uint32_t x; memcpy(&x, p, 4); v = x; break; }
    default:    memcpy(&v, p, 8); break;
    }
    return gm_fixup(v, mo);
}

static inline void gm_st(CPUState *cpu, uint64_t addr, uint64_t v, MemOp mo, int mmu_idx)
{
    if (unlikely(exec_softmmu)) {
        gm_st_softmmu(cpu, addr, v, mo, mmu_idx);
        return;
    }
    gm_check(cpu, addr, mo, MMU_DATA_STORE);
    void *p = g2h(addr);
    if (mo & MO_BSWAP)
        v = gm_fixup(v, mo & (MO_SIZE | MO_BSWAP));
    switch (mo & MO_SIZE) {
    case MO_8:  *(uint8_t *)p = (uint8_t)v; break;
    case MO_16: { uint16_t x = (uint16_t)v; memcpy(p, &x, 2); break; }
    case MO_32: { uint32_t x = (uint32_t)v; memcpy(p, &x, 4); break; }
    default:    memcpy(p, &v, 8); break;
    }
}

/* Atomic read-modify-write; op is IR_atomic_xchg .. IR_atomic_umax. Returns the old value
 * extended per mo. Always requires natural alignment (MO_ALIGN implied). */
uint64_t gm_atomic_rmw(CPUState *cpu, int op, uint64_t addr, uint64_t val, MemOp mo, int mmu_idx);
uint64_t gm_cmpxchg(CPUState *cpu, uint64_t addr, uint64_t cmpv, uint64_t newv, MemOp mo,
                    int mmu_idx);

#endif
