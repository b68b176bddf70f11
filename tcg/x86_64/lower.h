/* x86-64 lowering internals shared by the allocator/driver (lower.c) and op lowerings. */
#ifndef TRIX_X86_LOWER_H
#define TRIX_X86_LOWER_H

#include "trix/exec.h"
#include "emit.h"

/*
 * Fixed registers: rbp holds the CPU-state pointer, r15 guest_base, r11 is scratch for the
 * lowerings (and for far calls). Everything else but rsp is allocated.
 */
#define JIT_ENV X86_RBP
#define JIT_GBASE X86_R15
#define JIT_SCRATCH X86_R11
#define JIT_ALLOCATABLE ((1u << X86_RBX) | (1u << X86_R12) | (1u << X86_R13) | (1u << X86_R14) | \
                         (1u << X86_RSI) | (1u << X86_RDI) | (1u << X86_R8) | (1u << X86_R9) | \
                         (1u << X86_R10) | (1u << X86_RAX) | (1u << X86_RCX) | (1u << X86_RDX))
#define JIT_CALLER_SAVED ((1u << X86_RAX) | (1u << X86_RCX) | (1u << X86_RDX) | \
                          (1u << X86_RSI) | (1u << X86_RDI) | (1u << X86_R8) | (1u << X86_R9) | \
                          (1u << X86_R10) | (1u << X86_R11))

/* Where each block-local value is. */
typedef struct JitVal {
    int8_t reg;             /* host register or -1 */
    bool dirty;             /* the register is newer than the home location */
    int32_t home;           /* env offset: globals' own; temps' spill slot (-1: none yet) */
} JitVal;

typedef struct JitFixup { uint8_t *field; int label; } JitFixup;

/* Out-of-line memory fault path: reached by jcc fields, calls the slow handler. */
typedef struct JitSlowPath {
    uint8_t *field[2];
    int addr_reg;
    uint32_t memop, access;
} JitSlowPath;

/* Prologue, epilogue and constants at the start of the buffer (jit_x86.c). */
typedef struct JitRuntime {
    uintptr_t entry;            /* TBExit entry(CPUState *cpu, void *code) */
    uintptr_t epilogue;         /* jump here with rax:rdx = TBExit */
    uintptr_t limit[4];         /* address of guest_addr_max - (1 << size), per size */
    uint64_t guest_addr_max;    /* what limit[] was built for */
    size_t prefix_size;
} JitRuntime;
extern JitRuntime jit_rt;

typedef struct Lower {
    IRBlock *b;
    TranslationBlock *tb;
    X86Buf buf;
    JitVal *v;
    int reg_temp[16];           /* temp held by each register, -1 if free */
    uint16_t locked;            /* registers in use by the current op */
    int *last_ref;
    uint8_t *local;
    int op_index;
    int next_slot;
    uint32_t victim_rr;
    uintptr_t *label_addr;
    JitFixup *fix;
    int nfix, capfix;
    JitSlowPath *slow;
    int nslow, capslow;
    uint8_t *entry_exit_field;  /* exit_request check at entry */
    uint32_t goto_off[2];       /* rel32 field offsets of the goto_tb jumps, 0 if none */
    uint64_t cur_pc, stored_pc;
    bool stored_pc_valid;
    int32_t glob_lo, glob_hi;   /* env range holding globals */
    bool failed;
} Lower;

/* Allocator and helpers (lower.c). */
void jl_fail(Lower *L);
bool jl_is_const(const Lower *L, IRTemp t);
uint64_t jl_const(const Lower *L, IRTemp t);
bool jl_const_imm32(const Lower *L, IRTemp t, IRType type, int32_t *imm);
int jl_in(Lower *L, IRTemp t);                  /* value in a locked register */
int jl_in_copy(Lower *L, IRTemp t);             /* a fresh locked register with the value */
int jl_scratch_reg(Lower *L);                   /* a free locked register */
void jl_reserve(Lower *L, int reg);             /* evict and lock a specific register */
int jl_out_reuse(Lower *L, IRTemp d, IRTemp a); /* register for d that starts as a's value */
void jl_bind_out(Lower *L, IRTemp d, int reg);  /* d now lives (dirty) in reg */
bool jl_dies(const Lower *L, IRTemp t);
void jl_sync_globals(Lower *L, bool drop);
void jl_store_pc(Lower *L);
void jl_prepare_fault(Lower *L);
void jl_sync_all(Lower *L, bool drop);
void jl_env_access(Lower *L, int32_t off, int size, bool write);

/* C calls: args are temps, immediates or the env pointer. */
typedef struct JitArg { enum { JA_TEMP, JA_IMM, JA_ENV } kind; uint64_t v; } JitArg;
void jl_call(Lower *L, const void *fn, int nargs, const JitArg *args, uint32_t flags,
             IRTemp ret, bool ret32);

/* Op lowerings (lower_ops.c). */
bool jl_lower_arith(Lower *L, const IROp *op);
bool jl_lower_mem(Lower *L, const IROp *op);
X86Cond jl_cond(IRCond c);
void jl_emit_compare(Lower *L, IRType type, IRCond *cond, IRTemp a, IRTemp b);

#endif
