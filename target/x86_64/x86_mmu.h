/* x86-64 paging as the rest of the frontend uses it: TLB fill, mode changes, invalidation. */
#ifndef TRIX_X86_64_X86_MMU_H
#define TRIX_X86_64_X86_MMU_H
/*
 * target/x86_64/mmu.c implements these; the system instructions (MOV CR, INVLPG, INVPCID,
 * WRMSR EFER, task switches) call them. Walks: 4-level and 5-level (LA57), PAE/NX, 2M/1G
 * pages, PCID, global pages, A/D bits, SMEP/SMAP, WP, the architected #PF error codes;
 * docs/x86_64-system.md says what is implemented.
 */
#include "target/x86_64/cpu.h"

/* TargetOps hooks (system mode). */
bool x86_tlb_fill(CPUState *cs, uint64_t vaddr, MMUAccessType type, int mmu_idx, bool probe);
bool x86_debug_translate(CPUState *cs, uint64_t vaddr, uint64_t *paddr);
int x86_cpu_mmu_index(CPUState *cs, bool ifetch);

/* Control-register writes: the caller has stored the new value into env->sys; the MMU flushes
 * what the architecture says the change invalidates (CR3 write without PCID no-flush bit:
 * non-global entries of the old PCID; CR4.PGE/PCIDE/PAE/LA57/SMEP/SMAP or CR0.PG/WP changes:
 * everything). */
void x86_mmu_cr0_changed(X86CPU *env, uint64_t old_cr0);
void x86_mmu_cr3_changed(X86CPU *env, uint64_t old_cr3, bool noflush);
void x86_mmu_cr4_changed(X86CPU *env, uint64_t old_cr4);
void x86_mmu_efer_changed(X86CPU *env, uint64_t old_efer);
void x86_invlpg(X86CPU *env, uint64_t vaddr);
void x86_mmu_reset(X86CPU *env);        /* CPU reset: empty TLB, PCID 0 in slot 0 */
/* INVPCID types 0..3 (address, single context, all incl. global, all non-global). */
void x86_invpcid(X86CPU *env, int type, uint16_t pcid, uint64_t vaddr);

#endif
