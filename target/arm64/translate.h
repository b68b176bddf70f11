/* arm64 frontend internals shared by translate.c and the trans_*.c.inc instruction files. */
#ifndef TRIX_ARM64_TRANSLATE_H
#define TRIX_ARM64_TRANSLATE_H

#include <stddef.h>
#include "cpu.h"
#include "trix/translator.h"

/* The last flag-setting instruction's operands (gen_cc_record; docs/architecture.md "Flags"). */
typedef enum { A64_CC_NONE, A64_CC_SUB, A64_CC_ADD, A64_CC_LOGIC } A64CmpKind;
typedef struct A64Cmp {
    A64CmpKind kind;
    int sf;
    IRTemp a, b, r;         /* operands and result (copies) */
    int end;                /* b->nops after the flag ops */
} A64Cmp;

typedef struct DisasContext {
    DisasContextBase base;  /* first: the generic loop's state (include/trix/translator.h) */
    CPUState *cs;
    IRBlock *b;
    TranslationBlock *tb;
    uint64_t pc;            /* this instruction */
    uint64_t pc_next;
    uint32_t insn;
    DisasJump is_jmp;
    int mem_idx;
    A64Cmp cc;
    /* System mode (always false/0 in user mode): the block's flags and EL, the MMU index of
     * LDTR/STTR. */
    bool sys;
    int el;
    int unpriv_idx;
    uint32_t tbflags;
    /* Nonzero when the host-FP attempts (fp_fast_begin) must not run; 0: not computed in
     * this block yet (temp 0 is the env pointer, never this value). */
    IRTemp fp_slow;
} DisasContext;

#define G_PC        ir_global(A64_G_PC)
#define G_SP        ir_global(A64_G_SP)
#define G_NF        ir_global(A64_G_NF)
#define G_ZF        ir_global(A64_G_ZF)
#define G_CF        ir_global(A64_G_CF)
#define G_VF        ir_global(A64_G_VF)
#define G_EXCL_ADDR ir_global(A64_G_EXCL_ADDR)
#define G_EXCL_VAL  ir_global(A64_G_EXCL_VAL)
#define A64_OFF(field) ((int32_t)offsetof(A64CPU, field))
/* Offset of V register n (and its 64-bit half h) in the CPU state, for ld_env/vector ops. */
static inline int32_t a64_vreg_off(int n, int h) { return A64_OFF(v[0]) + n * 16 + h * 8; }

void helper_a64_raise(CPUState *cs, uint32_t excp);
IR_HELPER_DECL(a64_raise);
IR_HELPER_DECL(a64_crc32);
IR_HELPER_DECL(a64_crc32c);
IR_HELPER_DECL(a64_cntvct);
IR_HELPER_DECL(a64_get_nzcv);
IR_HELPER_DECL(a64_set_nzcv);

/* ID register values as Linux exposes them to EL0 (sysregs.c); false: not an EL0 register. */
bool a64_id_reg_value(unsigned sysreg, uint64_t *val);
#define A64_CNTFRQ 62500000ull

/* Features advertised in HWCAP and the ID registers (one list, see sysregs.c). */
#define A64_HWCAP_FP      (1ull << 0)
#define A64_HWCAP_ASIMD   (1ull << 1)
#define A64_HWCAP_AES     (1ull << 3)
#define A64_HWCAP_PMULL   (1ull << 4)
#define A64_HWCAP_SHA1    (1ull << 5)
#define A64_HWCAP_SHA2    (1ull << 6)
#define A64_HWCAP_CRC32   (1ull << 7)
#define A64_HWCAP_ATOMICS (1ull << 8)
#define A64_HWCAP_CPUID   (1ull << 11)
#define A64_HWCAP_JSCVT   (1ull << 13)
#define A64_HWCAP_LRCPC   (1ull << 15)
#define A64_HWCAP (A64_HWCAP_FP | A64_HWCAP_ASIMD | A64_HWCAP_CRC32 | A64_HWCAP_ATOMICS | \
                   A64_HWCAP_CPUID | A64_HWCAP_JSCVT | A64_HWCAP_LRCPC | A64_HWCAP_AES | \
                   A64_HWCAP_PMULL | A64_HWCAP_SHA1 | A64_HWCAP_SHA2)
#define A64_HWCAP2_FRINT  (1ull << 8)
#define A64_HWCAP2 A64_HWCAP2_FRINT

#endif
