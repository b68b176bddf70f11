/* arm64 system mode internals shared by sys_cpu.c, sys_regs.c, gtimer.c, psci.c and mmu.c. */
#ifndef TRIX_ARM64_SYS_INTERNAL_H
#define TRIX_ARM64_SYS_INTERNAL_H

#include "translate.h"
#include "a64_sys.h"

/* PSTATE bits as SPSR holds them (A64CPU.sys.pstate keeps all but NZCV and M[3:2]). */
#define PS_SP   (1u << 0)
#define PS_F    (1u << 6)
#define PS_I    (1u << 7)
#define PS_A    (1u << 8)
#define PS_D    (1u << 9)
#define PS_DAIF (PS_D | PS_A | PS_I | PS_F)
#define PS_IL   (1u << 20)
#define PS_SS   (1u << 21)
#define PS_PAN  (1u << 22)
#define PS_UAO  (1u << 23)
#define PS_KEEP (PS_SP | PS_DAIF | PS_IL | PS_SS | PS_PAN | PS_UAO)

/* Exception classes (ESR_ELx.EC) and the IL bit. */
enum {
    EC_UNKNOWN = 0x00, EC_WFX = 0x01, EC_FP = 0x07, EC_ILLEGAL = 0x0e, EC_SVC = 0x15,
    EC_HVC = 0x16, EC_SMC = 0x17, EC_SYSREG = 0x18, EC_IABT_LOW = 0x20, EC_IABT_CUR = 0x21,
    EC_PC_ALIGN = 0x22, EC_DABT_LOW = 0x24, EC_DABT_CUR = 0x25, EC_SP_ALIGN = 0x26,
    EC_SERROR = 0x2f, EC_BRK = 0x3c,
};
#define ESR_IL (1u << 25)
#define ESR(ec, iss) ((uint32_t)(ec) << 26 | ESR_IL | (uint32_t)(iss))

/* Vector offsets from VBAR_ELx. */
enum { VEC_SYNC = 0, VEC_IRQ = 0x80, VEC_FIQ = 0x100, VEC_SERROR = 0x180 };

/* Fault status codes (DFSC/IFSC) for level-numbered faults: base + level. */
enum {
    FSC_ADDR_SIZE = 0x00, FSC_TRANS = 0x04, FSC_ACCESS = 0x08, FSC_PERM = 0x0c,
    FSC_EXT = 0x10, FSC_EXT_WALK = 0x14, FSC_ALIGN = 0x21,
};

/* HCR_EL2 bits used here. */
#define HCR_VM  (1ull << 0)
#define HCR_FMO (1ull << 3)
#define HCR_IMO (1ull << 4)
#define HCR_AMO (1ull << 5)
#define HCR_VF  (1ull << 6)
#define HCR_VI  (1ull << 7)
#define HCR_VSE (1ull << 8)
#define HCR_TGE (1ull << 27)
#define HCR_RW  (1ull << 31)

#define SCTLR_M    (1ull << 0)
#define SCTLR_A    (1ull << 1)
#define SCTLR_SA   (1ull << 3)
#define SCTLR_UMA  (1ull << 9)
#define SCTLR_DZE  (1ull << 14)
#define SCTLR_UCT  (1ull << 15)
#define SCTLR_WXN  (1ull << 19)
#define SCTLR_SPAN (1ull << 23)
#define SCTLR_UCI  (1ull << 26)

/* sys_cpu.c */
uint64_t a64_pstate_read(A64CPU *env);          /* SPSR form of PSTATE (NZCV, M, DAIF, ...) */
void a64_sp_switch(A64CPU *env, int el, bool spx);
int a64_exc_target_el(A64CPU *env);             /* where a synchronous exception goes */
/* Record a synchronous exception to target_el (far: the fault address, or none). */
void a64_pend_sync(A64CPU *env, int target_el, uint32_t esr, bool far_valid, uint64_t far);
NORETURN void a64_raise_sync(A64CPU *env, uint32_t esr);        /* at insn_pc, default target */
void a64_take_exception(A64CPU *env, int target_el, unsigned vec, uint32_t esr, bool far_valid,
                        uint64_t far);
void a64_update_irq(A64CPU *env);
void a64_cpu_reset_sys(A64CPU *env);
uint64_t a64_mpidr(A64CPU *env);
int a64_mmu_index(A64CPU *env, bool ifetch);

/* sys_regs.c. key: the MRS/MSR sysreg field, o0:op1:CRn:CRm:op2 with op0 = 2 + o0. */
#define A64_SRKEY(op0, op1, crn, crm, op2) \
    (((op0) & 1) << 14 | (op1) << 11 | (crn) << 7 | (crm) << 3 | (op2))
/* How MRS/MSR of key at the current EL translates: */
typedef enum A64SysRegAccess {
    SRA_UNDEF,          /* no such register, or not at this EL: UNDEF */
    SRA_FIELD,          /* a plain field at *off (reads only) */
    SRA_HELPER,         /* helper_a64_mrs / helper_a64_msr with *idx */
} A64SysRegAccess;
A64SysRegAccess a64_sysreg_lookup(A64CPU *env, int el, unsigned key, bool read, int *idx,
                                  int32_t *off);
IR_HELPER_DECL(a64_mrs);
IR_HELPER_DECL(a64_msr);
IR_HELPER_DECL(a64_msr_i);
IR_HELPER_DECL(a64_exception);
IR_HELPER_DECL(a64_eret);
IR_HELPER_DECL(a64_wfx);
IR_HELPER_DECL(a64_yield);
IR_HELPER_DECL(a64_hvc_smc);
IR_HELPER_DECL(a64_sys_op);

/* gtimer.c */
uint64_t a64_gt_count(A64CPU *env, bool virt);
uint64_t a64_gt_read(A64CPU *env, int timer, int reg);   /* reg: 0 TVAL, 1 CTL, 2 CVAL */
void a64_gt_write(A64CPU *env, int timer, int reg, uint64_t v);
void a64_gt_update_all(A64CPU *env);
void a64_gt_wire_direct(A64CPU *env, bool on);

/* psci.c: true when the call was PSCI (x0 holds the result then). */
bool a64_psci_call(A64CPU *env);

/* mmu.c */
bool a64_tlb_fill(CPUState *cs, uint64_t vaddr, MMUAccessType type, int mmu_idx, bool probe);
bool a64_debug_translate(CPUState *cs, uint64_t vaddr, uint64_t *paddr);
void a64_tlb_flush_asid(A64CPU *env);               /* non-global entries */
void a64_tlbi(A64CPU *env, int op, uint64_t xt);    /* see mmu.c: op = CRm << 3 | op2, op1 */
uint64_t a64_at(A64CPU *env, int op1, int op2, uint64_t va);     /* PAR_EL1 value */
void a64_dc_check(A64CPU *env, uint64_t va, bool write);
void a64_ic_ivau(A64CPU *env, uint64_t va);
/* Fault syndrome for a data/instruction abort at va with fault status fsc. */
void a64_pend_abort(A64CPU *env, uint64_t va, MMUAccessType type, int fsc, bool s1ptw);

#endif
