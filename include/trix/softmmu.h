/* System-mode software TLB: per-vCPU, per-MMU-mode direct-mapped tables and their fast path. */
/*
 * Each entry caches one guest virtual page for one MMU mode with three tags (read, write,
 * execute). A tag is the page-aligned virtual address, or -1 when that access is not allowed
 * through the fast path; flag bits below the page bits force the fast compare to fail:
 *   TLB_INVALID  no translation cached;
 *   TLB_MMIO     the page is a device: every access goes to the slow path and the ops table;
 *   TLB_CODE     (write tag only) the page holds translated code: writes take the slow path,
 *                which invalidates the blocks before storing;
 *   TLB_WATCH    (read and write tags) a gdb watchpoint lies in the page: the slow path
 *                checks the access against the watchpoints (src/cpu_debug.c) first.
 * The fast path compares `addr & (PAGE_MASK | (size - 1))` with the tag, so an access that
 * is not naturally aligned also takes the slow path (which handles misalignment and page
 * crossing), and on a hit adds `addend` to reach host RAM. The interpreter and the JIT share
 * this layout and the one slow path.
 */
#ifndef TRIX_SOFTMMU_H
#define TRIX_SOFTMMU_H

#include "trix/exec.h"

#define TARGET_PAGE_BITS 12
#define TARGET_PAGE_SIZE (1ull << TARGET_PAGE_BITS)
#define TARGET_PAGE_MASK (~(TARGET_PAGE_SIZE - 1))
#define TLB_INVALID (1ull << (TARGET_PAGE_BITS - 1))
#define TLB_MMIO    (1ull << (TARGET_PAGE_BITS - 2))
#define TLB_CODE    (1ull << (TARGET_PAGE_BITS - 3))
#define TLB_WATCH   (1ull << (TARGET_PAGE_BITS - 4))

enum { PROT_R = 1, PROT_W = 2, PROT_X = 4 };

/* Set by the system-mode entry: guest memory goes through the TLB instead of guest_base. */
extern bool exec_softmmu;

/* Install a translation (called by the target's tlb_fill). prot: PROT_R|PROT_W|PROT_X. */
void tlb_set_page(CPUState *cpu, uint64_t vaddr, uint64_t paddr, int prot, int mmu_idx);
void tlb_flush(CPUState *cpu);                          /* all modes */
void tlb_flush_page(CPUState *cpu, uint64_t vaddr);     /* all modes */
/* Drop the entries a target marked (marked[mode][slot] != 0, modes 0..nmodes-1), e.g. the
 * non-global translations on an address-space switch, and clear the marks. */
void tlb_flush_marked(CPUState *cpu, uint8_t (*marked)[TLB_SIZE], int nmodes);
/* Physical page p now holds translated code (or no longer does): update write tags. */
void tlb_protect_code(uint64_t paddr_page);

uint64_t softmmu_ld_slow(CPUState *cpu, uint64_t addr, MemOp mo, int mmu_idx);
void softmmu_st_slow(CPUState *cpu, uint64_t addr, uint64_t val, MemOp mo, int mmu_idx);
/* Host pointer for an atomic access (faults as a store), or NULL for MMIO. */
void *softmmu_atomic_ptr(CPUState *cpu, uint64_t addr, MemOp mo, int mmu_idx);
/* Translate for instruction fetch: physical address, or false (no fault raised). */
bool softmmu_fetch_paddr(CPUState *cpu, uint64_t vaddr, uint64_t *paddr);
/* translator_fetch() in system mode: RAM/ROM only; false on a fault or a fetch from MMIO. */
bool softmmu_translator_fetch(CPUState *cpu, uint64_t pc, void *dst, int size);
/* For frontends when translator_fetch failed on a block's first instruction (pc): raise the
 * precise fetch fault for addr (page fault via tlb_fill, else access fault). */
NORETURN void softmmu_fetch_fault(CPUState *cpu, uint64_t pc, uint64_t addr);
/* Physical pc and pages of a block's code (tb_cache/exec); false if not translatable now. */
bool softmmu_tb_pages(CPUState *cpu, uint64_t pc, uint32_t size, uint64_t *phys_pc,
                      uint64_t page_addr[2]);
/* Switch guest memory to the TLB (system mode entry; also unit tests). */
void softmmu_init(void);

static inline TLBEntry *tlb_entry(CPUState *cpu, int mmu_idx, uint64_t addr)
{
    return &cpu->tlb[mmu_idx][(addr >> TARGET_PAGE_BITS) & (TLB_SIZE - 1)];
}

#endif
