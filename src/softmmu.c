/* System-mode software TLB: filling, flushing, code-page protection and the one slow path. */
/*
 * The fast path (guest_mem.h, and later the JIT) hits only for naturally aligned RAM accesses
 * whose tag matches exactly. Everything else lands here:
 *  - a miss: the target's tlb_fill walks the page tables and calls tlb_set_page(), or raises
 *    the architected fault itself (it never returns then);
 *  - TLB_MMIO: the access goes through phys_access() to the device under the device lock; a
 *    physical address with nothing mapped is an access fault;
 *  - TLB_CODE on a write tag: the page holds translated code, so the blocks overlapping the
 *    written bytes are invalidated (by physical address) before the store. When the page has
 *    no code left the flag is dropped from the entry so later stores take the fast path;
 *  - misaligned accesses: within a page RAM is accessed directly, MMIO byte by byte; accesses
 *    that cross a page are checked on both pages first (a store must not half-happen) and then
 *    done byte by byte. The frontend passes MO_ALIGN when the architecture wants a fault.
 * Translation blocks are keyed by virtual pc but listed by physical page (tb_cache.c), so a
 * write through any mapping finds them; the per-CPU jump caches are cleared on every flush
 * because their entries are only valid for the mapping that was current when they were made.
 */
#include <string.h>
#include "trix/softmmu.h"
#include "trix/memory.h"
#include "trix/hw.h"
#include "trix/guest_mem.h"
#include "trix/cpu_debug.h"

bool exec_softmmu;

bool tb_page_has_code(uint64_t page_addr);
CPUState *cpu_list_first(void);

static uint64_t tlb_page(uint64_t addr) { return addr & TARGET_PAGE_MASK; }

static uint64_t *tlb_tag_ptr(TLBEntry *e, MMUAccessType type)
{
    return type == MMU_DATA_LOAD ? &e->addr_read
         : type == MMU_DATA_STORE ? &e->addr_write : &e->addr_code;
}

/* Does the entry translate addr's page for this access (flags ignored)? */
static bool tlb_hit_page(uint64_t tag, uint64_t addr)
{
    return (tag & (TARGET_PAGE_MASK | TLB_INVALID)) == tlb_page(addr);
}

static void tlb_clear_entry(TLBEntry *e)
{
    e->addr_read = e->addr_write = e->addr_code = (uint64_t)-1;
    e->addend = 0;
    e->paddr = (uint64_t)-1;
}

void tlb_flush(CPUState *cpu)
{
    for (int m = 0; m < NB_MMU_MODES; m++)
        for (unsigned i = 0; i < TLB_SIZE; i++)
            tlb_clear_entry(&cpu->tlb[m][i]);
    memset(cpu->tb_jmp_cache, 0, sizeof(cpu->tb_jmp_cache));
}

void tlb_flush_page(CPUState *cpu, uint64_t vaddr)
{
    for (int m = 0; m < NB_MMU_MODES; m++) {
        TLBEntry *e = tlb_entry(cpu, m, vaddr);
        if (tlb_hit_page(e->addr_read, vaddr) || tlb_hit_page(e->addr_write, vaddr) ||
            tlb_hit_page(e->addr_code, vaddr))
            tlb_clear_entry(e);
    }
    memset(cpu->tb_jmp_cache, 0, sizeof(cpu->tb_jmp_cache));
}

void tlb_flush_marked(CPUState *cpu, uint8_t (*marked)[TLB_SIZE], int nmodes)
{
    for (int m = 0; m < nmodes && m < NB_MMU_MODES; m++) {
        for (unsigned i = 0; i < TLB_SIZE; i++) {
            if (marked[m][i]) {
                tlb_clear_entry(&cpu->tlb[m][i]);
                marked[m][i] = 0;
            }
        }
    }
    memset(cpu->tb_jmp_cache, 0, sizeof(cpu->tb_jmp_cache));
}

void tlb_set_page(CPUState *cpu, uint64_t vaddr, uint64_t paddr, int prot, int mmu_idx)
{
    log_mask(LOG_MMU, "tlb_fill %016llx -> %016llx prot %x mmu_idx %d\n",
             (unsigned long long)vaddr, (unsigned long long)paddr, prot, mmu_idx);
    uint64_t vpage = tlb_page(vaddr), ppage = tlb_page(paddr);
    const MemoryRegion *r = mem_find(ppage);
    /* RAM only when the whole page is RAM; anything else (devices sharing a page, ROM
     * writes, holes) goes through phys_access one access at a time. */
    bool ram = r && r->ram && ppage - r->base <= r->size - TARGET_PAGE_SIZE &&
               r->size >= TARGET_PAGE_SIZE;
    uint64_t flags = ram ? 0 : TLB_MMIO;
    uint64_t wflags = flags | (ram && r->readonly ? TLB_MMIO : 0);
    if (ram && !(wflags & TLB_MMIO) && tb_page_has_code(ppage))
        wflags |= TLB_CODE;
    uint64_t watch = cpu_watchpoint_count && cpu_watchpoint_page(vpage) ? TLB_WATCH : 0;
    TLBEntry *e = tlb_entry(cpu, mmu_idx, vpage);
    e->addr_read = (prot & PROT_R) ? vpage | flags | watch : (uint64_t)-1;
    e->addr_write = (prot & PROT_W) ? vpage | wflags | watch : (uint64_t)-1;
    e->addr_code = (prot & PROT_X) ? vpage | flags : (uint64_t)-1;
    e->addend = ram ? (uintptr_t)(r->ram + (ppage - r->base)) - (uintptr_t)vpage : 0;
    e->paddr = ppage;
}

static void tlb_protect_cpu(CPUState *cpu, uint64_t ppage)
{
    for (int m = 0; m < NB_MMU_MODES; m++) {
        for (unsigned i = 0; i < TLB_SIZE; i++) {
            TLBEntry *e = &cpu->tlb[m][i];
            if (e->paddr == ppage && e->addr_write != (uint64_t)-1 &&
                !(e->addr_write & TLB_MMIO))
                e->addr_write |= TLB_CODE;
        }
    }
}

void tlb_protect_code(uint64_t paddr_page)
{
    for (CPUState *c = cpu_list_first(); c; c = c->next)
        tlb_protect_cpu(c, tlb_page(paddr_page));
}

/* tb_page_added_hook for system mode. */
static void softmmu_code_page_added(uint64_t page)
{
    tlb_protect_code(page);
}

void softmmu_init(void)
{
    exec_softmmu = true;
    tb_page_added_hook = softmmu_code_page_added;
}

/* The entry for addr's page in mmu_idx, filled if needed (tlb_fill raises on a fault). */
static TLBEntry *tlb_lookup_fill(CPUState *cpu, uint64_t addr, MMUAccessType type, int mmu_idx)
{
    TLBEntry *e = tlb_entry(cpu, mmu_idx, addr);
    if (likely(tlb_hit_page(*tlb_tag_ptr(e, type), addr)))
        return e;
    cpu->target->tlb_fill(cpu, addr, type, mmu_idx, false);
    e = tlb_entry(cpu, mmu_idx, addr);
    if (!tlb_hit_page(*tlb_tag_ptr(e, type), addr))      /* the target broke its contract */
        cpu_mem_fault(cpu, addr, type, FAULT_PAGE);
    return e;
}

/* Physical address of addr through a filled entry. */
static uint64_t tlb_paddr(const TLBEntry *e, uint64_t addr)
{
    return e->paddr | (addr & ~TARGET_PAGE_MASK);
}

static uint64_t softmmu_mmio(CPUState *cpu, uint64_t addr, uint64_t paddr, uint64_t val,
                             unsigned size, MMUAccessType type)
{
    hw_lock();
    bool ok = phys_access(paddr, &val, size, type == MMU_DATA_STORE);
    hw_unlock();
    if (!ok) {
        log_mask(LOG_GUEST_ERROR, "%s of %u bytes at unmapped physical address %#llx "
                 "(virtual %#llx, pc %#llx)\n", type == MMU_DATA_STORE ? "write" : "read",
                 size, (unsigned long long)paddr, (unsigned long long)addr,
                 (unsigned long long)cpu->insn_pc);
        if (cpu->target->unmapped_reads_ones)
            return size >= 8 ? ~0ull : (1ull << (8 * size)) - 1;
        cpu_mem_fault(cpu, addr, type, FAULT_ACCESS);
    }
    return val;
}

/* Before storing [addr, addr+size) through e: invalidate translated code there. */
static void softmmu_notdirty(TLBEntry *e, uint64_t addr, unsigned size)
{
    uint64_t pa = tlb_paddr(e, addr);
    tb_invalidate_range(pa, pa + size);
    if (!tb_page_has_code(e->paddr))
        e->addr_write &= ~TLB_CODE;
}

static bool softmmu_crosses_page(uint64_t addr, unsigned size)
{
    return (addr & ~TARGET_PAGE_MASK) + size > TARGET_PAGE_SIZE;
}

/* An access of size bytes within one page; value little-endian, raw (no sign/bswap). */
static uint64_t softmmu_access_page(CPUState *cpu, uint64_t addr, uint64_t val, unsigned size,
                                    MMUAccessType type, int mmu_idx)
{
    TLBEntry *e = tlb_lookup_fill(cpu, addr, type, mmu_idx);
    uint64_t tag = *tlb_tag_ptr(e, type);
    if (tag & TLB_MMIO) {
        if (!(addr & (size - 1)))
            return softmmu_mmio(cpu, addr, tlb_paddr(e, addr), val, size, type);
        uint64_t v = 0;
        for (unsigned i = 0; i < size; i++) {
            uint64_t b = softmmu_mmio(cpu, addr + i, tlb_paddr(e, addr + i),
                                      (val >> (8 * i)) & 0xff, 1, type);
            v |= (b & 0xff) << (8 * i);
        }
        return v;
    }
    void *host = (void *)(uintptr_t)(addr + e->addend);
    if (type == MMU_DATA_STORE) {
        if (tag & TLB_CODE)
            softmmu_notdirty(e, addr, size);
        memcpy(host, &val, size);
        return 0;
    }
    uint64_t v = 0;
    memcpy(&v, host, size);
    return v;
}

/* An access that crosses a page: check both pages (faulting before any byte moves), then
 * byte by byte. */
static uint64_t softmmu_access_split(CPUState *cpu, uint64_t addr, uint64_t val, unsigned size,
                                     MMUAccessType type, int mmu_idx)
{
    uint64_t second = tlb_page(addr + size - 1);
    tlb_lookup_fill(cpu, addr, type, mmu_idx);
    tlb_lookup_fill(cpu, second, type, mmu_idx);
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++) {
        uint64_t b = softmmu_access_page(cpu, addr + i, (val >> (8 * i)) & 0xff, 1, type,
                                         mmu_idx);
        v |= (b & 0xff) << (8 * i);
    }
    return v;
}

static uint64_t softmmu_access(CPUState *cpu, uint64_t addr, uint64_t val, MemOp mo,
                               MMUAccessType type, int mmu_idx)
{
    unsigned size = 1u << (mo & MO_SIZE);
    if ((mo & MO_ALIGN) && (addr & (size - 1)))
        cpu_mem_fault(cpu, addr, type, FAULT_MISALIGNED);
    if (unlikely(cpu_watchpoint_count))
        cpu_watchpoint_check(cpu, addr, size, type);
    if (unlikely(softmmu_crosses_page(addr, size)))
        return softmmu_access_split(cpu, addr, val, size, type, mmu_idx);
    return softmmu_access_page(cpu, addr, val, size, type, mmu_idx);
}

uint64_t softmmu_ld_slow(CPUState *cpu, uint64_t addr, MemOp mo, int mmu_idx)
{
    uint64_t v = softmmu_access(cpu, addr, 0, mo, MMU_DATA_LOAD, mmu_idx);
    return gm_fixup(v, mo);
}

void softmmu_st_slow(CPUState *cpu, uint64_t addr, uint64_t val, MemOp mo, int mmu_idx)
{
    if (mo & MO_BSWAP)
        val = gm_fixup(val, mo & (MO_SIZE | MO_BSWAP));
    softmmu_access(cpu, addr, val, mo, MMU_DATA_STORE, mmu_idx);
}

void *softmmu_atomic_ptr(CPUState *cpu, uint64_t addr, MemOp mo, int mmu_idx)
{
    unsigned size = 1u << (mo & MO_SIZE);
    if (addr & (size - 1))
        cpu_mem_fault(cpu, addr, MMU_DATA_STORE, FAULT_MISALIGNED);
    if (unlikely(cpu_watchpoint_count)) {
        cpu_watchpoint_check(cpu, addr, size, MMU_DATA_LOAD);
        cpu_watchpoint_check(cpu, addr, size, MMU_DATA_STORE);
    }
    /* Write permission implies read permission on the architectures we emulate. */
    TLBEntry *e = tlb_lookup_fill(cpu, addr, MMU_DATA_STORE, mmu_idx);
    if (e->addr_write & TLB_MMIO)
        return NULL;
    if (e->addr_write & TLB_CODE)
        softmmu_notdirty(e, addr, size);
    return (void *)(uintptr_t)(addr + e->addend);
}

bool softmmu_fetch_paddr(CPUState *cpu, uint64_t vaddr, uint64_t *paddr)
{
    int mmu_idx = cpu->target->cpu_mmu_index ? cpu->target->cpu_mmu_index(cpu, true) : 0;
    TLBEntry *e = tlb_entry(cpu, mmu_idx, vaddr);
    if (!tlb_hit_page(e->addr_code, vaddr)) {
        if (!cpu->target->tlb_fill(cpu, vaddr, MMU_INST_FETCH, mmu_idx, true))
            return false;
        e = tlb_entry(cpu, mmu_idx, vaddr);
        if (!tlb_hit_page(e->addr_code, vaddr))
            return false;
    }
    *paddr = tlb_paddr(e, vaddr);
    return true;
}

/* translator_fetch for system mode: RAM/ROM only; false on a fault or a fetch from MMIO. */
bool softmmu_translator_fetch(CPUState *cpu, uint64_t pc, void *dst, int size)
{
    uint8_t *out = dst;
    while (size > 0) {
        uint64_t pa;
        int n = (int)(TARGET_PAGE_SIZE - (pc & ~TARGET_PAGE_MASK));
        if (n > size)
            n = size;
        if (!softmmu_fetch_paddr(cpu, pc, &pa))
            return false;
        void *p = mem_ram_ptr(pa, (uint64_t)n);
        if (!p)
            return false;
        memcpy(out, p, (size_t)n);
        out += n;
        pc += (uint64_t)n;
        size -= n;
    }
    return true;
}

void softmmu_fetch_fault(CPUState *cpu, uint64_t pc, uint64_t addr)
{
    cpu->insn_pc = pc;
    cpu->target->set_pc(cpu, pc);
    int mmu_idx = cpu->target->cpu_mmu_index ? cpu->target->cpu_mmu_index(cpu, true) : 0;
    cpu->target->tlb_fill(cpu, addr, MMU_INST_FETCH, mmu_idx, false);  /* raises page faults */
    cpu_mem_fault(cpu, addr, MMU_INST_FETCH, FAULT_ACCESS);
}

/* Physical pages of a block at pc (for tb_cache): page_addr[0..1], -1 when unused. False if
 * the code is not reachable any more (then the block cannot be used). */
bool softmmu_tb_pages(CPUState *cpu, uint64_t pc, uint32_t size, uint64_t *phys_pc,
                      uint64_t page_addr[2])
{
    uint64_t last = pc + (size ? size - 1 : 0), pa1;
    if (!softmmu_fetch_paddr(cpu, pc, phys_pc))
        return false;
    page_addr[0] = tlb_page(*phys_pc);
    page_addr[1] = (uint64_t)-1;
    if (tlb_page(last) != tlb_page(pc)) {
        if (!softmmu_fetch_paddr(cpu, last, &pa1))
            return false;
        page_addr[1] = tlb_page(pa1);
    }
    return true;
}

bool translator_fetch(CPUState *cpu, uint64_t pc, void *dst, int size)
{
    if (exec_softmmu)
        return softmmu_translator_fetch(cpu, pc, dst, size);
    return user_translator_fetch(cpu, pc, dst, size);
}
