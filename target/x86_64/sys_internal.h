/* x86-64 system mode internals shared by excp.c, seg.c, mmu.c, msr.c and the sys_*.c helpers. */
#ifndef TRIX_X86_64_SYS_INTERNAL_H
#define TRIX_X86_64_SYS_INTERNAL_H

#include "trix/softmmu.h"
#include "target/x86_64/x86_sys.h"
#include "target/x86_64/x86_mmu.h"

#define X86_CR0_PE (1ull << 0)
#define X86_CR0_MP (1ull << 1)
#define X86_CR0_EM (1ull << 2)
#define X86_CR0_TS (1ull << 3)
#define X86_CR0_ET (1ull << 4)
#define X86_CR0_NE (1ull << 5)
#define X86_CR0_WP (1ull << 16)
#define X86_CR0_AM (1ull << 18)
#define X86_CR0_NW (1ull << 29)
#define X86_CR0_CD (1ull << 30)
#define X86_CR0_PG (1ull << 31)
#define X86_CR4_VME (1ull << 0)
#define X86_CR4_PVI (1ull << 1)
#define X86_CR4_TSD (1ull << 2)
#define X86_CR4_DE (1ull << 3)
#define X86_CR4_PSE (1ull << 4)
#define X86_CR4_PAE (1ull << 5)
#define X86_CR4_MCE (1ull << 6)
#define X86_CR4_PGE (1ull << 7)
#define X86_CR4_PCE (1ull << 8)
#define X86_CR4_OSFXSR (1ull << 9)
#define X86_CR4_OSXMMEXCPT (1ull << 10)
#define X86_CR4_UMIP (1ull << 11)
#define X86_CR4_LA57 (1ull << 12)
#define X86_CR4_FSGSBASE (1ull << 16)
#define X86_CR4_PCIDE (1ull << 17)
#define X86_CR4_OSXSAVE (1ull << 18)
#define X86_CR4_SMEP (1ull << 20)
#define X86_CR4_SMAP (1ull << 21)
#define X86_EFER_SCE (1ull << 0)
#define X86_EFER_LME (1ull << 8)
#define X86_EFER_LMA (1ull << 10)
#define X86_EFER_NXE (1ull << 11)
#define X86_NT 0x4000u
#define X86_RF 0x10000u
#define X86_VM 0x20000u
#define X86_VIF 0x80000u
#define X86_VIP 0x100000u
#define X86_IOPL_MASK 0x3000u

/* Descriptor bits as X86Seg.flags holds them (descriptor bits 40..55 shifted down by 8). */
#define X86_DESC_A    (1u << 0)         /* type bit 0: accessed */
#define X86_DESC_RW   (1u << 1)         /* data: writable; code: readable */
#define X86_DESC_CE   (1u << 2)         /* data: expand-down; code: conforming */
#define X86_DESC_CODE (1u << 3)
#define X86_DESC_S    (1u << 4)         /* code/data (not system) */
#define X86_DESC_DPL_SHIFT 5
#define X86_DESC_P    (1u << 7)
#define X86_DESC_L    (1u << 13)
#define X86_DESC_DB   (1u << 14)
#define X86_DESC_G    (1u << 15)
static inline int x86_desc_dpl(uint32_t flags) { return (flags >> X86_DESC_DPL_SHIFT) & 3; }

/* Exception numbers cpu_exec returns beyond the vectors 0..31: INT n (and INT3/INTO) with
 * rip already past the instruction, delivered with the gate's DPL check. */
#define X86_EXCP_SWINT 0x200
#define X86_EXCP_ICEBP 0x300            /* INT1: #DB as a trap, no DPL check */

static inline int x86_cpl(const X86CPU *env) { return env->sys.hflags & X86_HF_CPL_MASK; }
static inline bool x86_lma(const X86CPU *env) { return env->sys.efer & X86_EFER_LMA; }
static inline bool x86_pe(const X86CPU *env) { return env->sys.cr0 & X86_CR0_PE; }
static inline bool x86_code64(const X86CPU *env) { return env->sys.hflags & X86_HF_CS64; }

/* A fault found by a check that may not unwind (exception delivery): vector and error. */
typedef struct X86Fault { int vec; uint32_t err; } X86Fault;

/* ---- mmu.c ---- */
/* Translate linear va for an access of type (user: a CPL 3 access; smap: a supervisor data
 * access that SMAP applies to), setting A/D bits when update. On a fault: false with f
 * (#PF with CR2 in env->fault_addr, or #GP for a non-canonical address). */
bool x86_mmu_translate(X86CPU *env, uint64_t va, MMUAccessType type, bool user, bool smap,
                       bool update, uint64_t *pa, int *prot, X86Fault *f);
bool x86_canonical(const X86CPU *env, uint64_t va);

/* ---- excp.c ---- */
/* Raise exception vec with error code err from a helper: the pc is the current instruction. */
NORETURN void x86_raise(X86CPU *env, int vec, uint32_t err);
/* Linear memory for helpers and exception delivery: supervisor (implicit) accesses unless
 * user. x86_lin_* return false with f on a fault; x86_ld/x86_st raise it. */
bool x86_lin_read(X86CPU *env, uint64_t va, uint64_t *val, unsigned size, bool user,
                  X86Fault *f);
bool x86_lin_write(X86CPU *env, uint64_t va, uint64_t val, unsigned size, bool user,
                   X86Fault *f);
uint64_t x86_ld(X86CPU *env, uint64_t va, unsigned size, bool user);
void x86_st(X86CPU *env, uint64_t va, uint64_t val, unsigned size, bool user);
void x86_deliver_interrupt(X86CPU *env, int vec);
bool x86_exec_interrupt(CPUState *cs);
bool x86_has_work(CPUState *cs);
void x86_do_exception(CPUState *cs, int excp);

/* ---- seg.c ---- */
/* MOV/POP Sreg, LxS: the checked load of a data or stack segment (raises #GP/#SS/#NP). */
void x86_load_seg(X86CPU *env, int seg, uint16_t sel);
/* The descriptor of sel for a helper (raises #GP(sel) beyond the table); 16 bytes for
 * system descriptors in long mode (hi may be NULL). */
uint64_t x86_get_desc(X86CPU *env, uint16_t sel, uint64_t *hi);
/* Set the accessed bit of sel's descriptor in memory (when clear). */
void x86_desc_set_accessed(X86CPU *env, uint16_t sel, uint64_t desc);
/* A code segment for CS from a descriptor, with RPL replaced by cpl. */
void x86_set_cs_desc(X86CPU *env, uint16_t sel, uint64_t desc, int cpl);
void x86_set_seg_real(X86CPU *env, int seg, uint16_t sel);

/* ---- msr.c ---- */
bool x86_msr_read(X86CPU *env, uint32_t msr, uint64_t *val);
bool x86_msr_write(X86CPU *env, uint32_t msr, uint64_t val);
/* EFER/CR writes with the architected checks (false: #GP). */
bool x86_write_efer(X86CPU *env, uint64_t v);
bool x86_write_cr(X86CPU *env, int n, uint64_t v);
uint64_t x86_read_cr(X86CPU *env, int n);

/* ---- sys_cpu.c ---- */
void x86_cpu_reset_sys(X86CPU *env);
uint32_t x86_tb_flags(X86CPU *env);
void x86_dump_sys_state(X86CPU *env, FILE *f);
void x86_sys_set_eflags(X86CPU *env, uint64_t v);      /* the full EFLAGS incl. IF/IOPL/AC */

#endif
