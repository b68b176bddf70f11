/* x86-64 lowering internals shared by the allocator/driver (lower.c) and op lowerings. */
#ifndef TRIX_X86_LOWER_H
#define TRIX_X86_LOWER_H

#include "trix/exec.h"
#include "emit.h"

/*
 * Fixed registers: rbp holds the CPU-state pointer biased by jit_rt.env_bias (so that the
 * guest registers sit within a disp8 of it), r15 guest_base, r11 is scratch for the
 * lowerings (and for far calls). Everything else but rsp is allocated.
 */
#define JIT_ENV X86_RBP
#define JIT_GBASE X86_R15
#define JIT_SCRATCH X86_R11
#define JIT_CALLER_SAVED ((1u << X86_RAX) | (1u << X86_RCX) | (1u << X86_RDX) | \
                          (1u << X86_RSI) | (1u << X86_RDI) | (1u << X86_R8) | (1u << X86_R9) | \
                          (1u << X86_R10) | (1u << X86_R11))
/* At most this many globals are pinned to host registers for a whole block. */
#define JIT_MAX_PINS 8

/* Where each block-local value is. */
typedef struct JitVal {
    int8_t reg;             /* host register or -1 */
    int8_t pin;             /* pinned global: index in Lower.pin_temp, else -1 */
    bool dirty;             /* the register is newer than the home location */
    int32_t home;           /* env offset: globals' own; temps' spill slot (-1: none yet) */
} JitVal;

typedef struct JitFixup { uint8_t *field; int label; } JitFixup;

/* A register holding a guest global newer than its home, at a point that may fault. */
typedef struct JitSpill { int8_t reg; int32_t home; } JitSpill;

/*
 * One guest memory access that may fault: the out-of-line path (reached by the jcc fields
 * of the inline checks) stores the spills and insn_pc, then calls the fault function; the
 * same record, written after the block's code, lets a host SIGSEGV at host_off recover the
 * guest state (jit_host_pc_to_state).
 */
typedef struct JitFaultSite {
    uint8_t *field[2];
    int addr_reg;
    uint32_t memop, access;
    uint32_t host_off;          /* offset of the first host instruction touching memory */
    uint64_t insn_pc;
    int nspill;
    JitSpill spill[16];
    /* system mode: a TLB miss calls the slow path and resumes (tcg/x86_64/lower_mem.c) */
    int mmu_idx;
    int val_reg, out_reg;       /* store value / load result registers, -1 if none */
    uint16_t saved;             /* caller-saved registers live across the miss call */
    uint8_t *resume;            /* where the fast path continues (write address) */
    IRType type;
    bool is_tlb;
} JitFaultSite;

/* A rarely taken path moved out of line: sets rd, then jumps back to resume. */
/* Cold results: rd = -1, rd = ra, rd = -ra, rd = 0; a quotient-remainder pair (rax, rdx)
 * for x/0 = (-1, x) and x/-1 = (-x, 0) (DIV0: rd says whether x is 64-bit). */
enum { JIT_COLD_ONES, JIT_COLD_COPY, JIT_COLD_NEG, JIT_COLD_ZERO, JIT_COLD_DIV0, JIT_COLD_DIVM1 };
typedef struct JitColdStub {
    uint8_t *field;             /* the jcc rel32 that enters it */
    uint8_t *resume;            /* write address to continue at */
    int kind, rd, ra;           /* rd = all ones / ra / -ra / 0 */
    bool w;
} JitColdStub;

/* Prologue, epilogue and constants at the start of the buffer (jit_x86.c). */
typedef struct JitRuntime {
    uintptr_t entry;            /* TBExit entry(CPUState *cpu, void *code) */
    uintptr_t epilogue;         /* jump here with rax:rdx = TBExit */
    uintptr_t limit[4];         /* address of guest_addr_max - (1 << size), per size */
    uint64_t guest_addr_max;    /* what limit[] was built for */
    uintptr_t fpc[2];           /* binary32/64 lanes: 16-byte abs mask, min normal, infinity */
    int32_t env_bias;           /* JIT_ENV = cpu + env_bias */
    size_t prefix_size;
} JitRuntime;
extern JitRuntime jit_rt;

/* Target facts the JIT uses (set from TargetOps by jit_init_target). */
extern int32_t jit_pc_offset;       /* env offset of the guest pc; -1 unknown */

typedef struct Lower {
    IRBlock *b;
    TranslationBlock *tb;
    X86Buf buf;
    JitVal *v;
    int reg_temp[16];           /* temp held by each register, -1 if free */
    uint16_t locked;            /* registers in use by the current op */
    uint16_t pinned_regs;       /* registers owned by pinned globals */
    int *last_ref;
    uint8_t *local;
    uint8_t *zx32;              /* temps defined only by a 32-to-64 zero extension */
    int *def_op;                /* op index of a block temp's single definition, else -1 */
    IRTemp *fwd;                /* zero extensions left out: the source to read instead */
    uint8_t *lea_shift;         /* shl by 1..3 left out (fwd: its source): the add reading
                                 * it is one lea with that scale (jl_plan_lea) */
    uint8_t *skip;              /* ops not emitted (their value is forwarded) */
    uint8_t *write_first;       /* the block's first reference to the temp writes it */
    int op_index;
    int sse_op, sse_d;          /* the last host SSE op (jl_host_sse) and its destination */
    int next_slot;
    uint32_t victim_rr;
    uintptr_t *label_addr;
    uint16_t *label_pin_dirty;  /* pins possibly dirty on some branch to each label */
    JitFixup *fix;
    int nfix, capfix;
    JitFaultSite *sites;
    int nsites, capsites;
    JitColdStub *cold;
    int ncold, capcold;
    /* pinned globals */
    int npin;
    IRTemp pin_temp[JIT_MAX_PINS];
    uint16_t pin_dirty;         /* pins that may be newer than their home here */
    uint16_t pin_written;       /* pins written anywhere in the block */
    uint16_t header_dirty;      /* pin_dirty at the loop header */
    bool self_loop[2];          /* goto_tb n continues at this block's own pc */
    bool has_calls;
    uint8_t *entry_exit_field;  /* exit_request check at the header */
    uint8_t *self_field[2];     /* self-loop jumps (patched to the header when linked) */
    uint32_t goto_off[2];       /* rel32 field offsets of the goto_tb jumps, 0 if none */
    uint32_t self_off[2];
    uint8_t *jcc_field[2];      /* see JitBlockInfo.jcc_off */
    int jcc_label[2];
    int *label_op;              /* op index of each label's set_label, -1 if none */
    uint32_t header_off;
    uint64_t cur_pc, stored_pc;
    bool stored_pc_valid;
    int32_t glob_lo, glob_hi;   /* env range holding globals */
    /* host flags reuse (jl_hf_*): EFLAGS hold cmp hf_a, hf_b (and SF/ZF the sign/zero of
     * hf_res = a - b when it is not IR_NO_TEMP), set by op hf_op, while hf_valid */
    bool hf_valid, hf_used;
    bool hf_w;
    IRTemp hf_a, hf_b, hf_res;
    int hf_op;
    bool failed;
} Lower;

/* Host flags reuse: after SUB/CMP of a and b, later compares of the same operands (setcond,
 * brcond, movcond, subbo/subvo, the sign bit of a - b) emit only their SETcc/Jcc/CMOVcc. */
void jl_hf_set(Lower *L, bool w, IRTemp a, IRTemp b, IRTemp res);
/* The flags hold cmp a, b at this width (or cmp b, a: *swapped); marks them used. */
bool jl_hf_match(Lower *L, bool w, IRTemp a, IRTemp b, bool *swapped);
/* The driver, after each op: drop the record unless this op set or used it, or wrote an
 * operand. */
void jl_hf_after(Lower *L, const IROp *op);

/* What the driver reports about a compiled block (offsets from the code start). */
typedef struct JitBlockInfo {
    uint32_t code_size;         /* code and tails; the fault table follows */
    uint32_t table_off;
    uint32_t header_off;        /* loop header (after the pin loads) */
    uint32_t goto_off[2];       /* goto_tb rel32 fields, 0 if none */
    uint32_t self_off[2];       /* self-loop rel32 fields, 0 if none */
    uint32_t jcc_off[2];        /* a branch's rel32 that is also a self-loop slot, 0 if none */
    uint32_t jcc_dflt[2];       /* its target when not self-linked */
} JitBlockInfo;

/*
 * The fault table written after a block's code: a uint32 count, then records in host_off
 * order, each followed by nspill words (home << 8 | host register).
 */
typedef struct JitFaultRec {
    uint32_t host_off;
    uint32_t nspill;
    uint64_t insn_pc;
} JitFaultRec;

size_t jit_lower_block(IRBlock *b, TranslationBlock *tb, uint8_t *code, size_t avail,
                       int max_pins, JitBlockInfo *info, bool *ovf);

/* Operand for a CPU-state field at offset off (from the unbiased CPUState). */
static inline X86Mem jl_env_mem(int32_t off) { return x86_mem(JIT_ENV, off - jit_rt.env_bias); }

/* Allocator and helpers (lower.c). */
void jl_fail(Lower *L);
bool jl_is_const(const Lower *L, IRTemp t);
uint64_t jl_const(const Lower *L, IRTemp t);
bool jl_const_imm32(const Lower *L, IRTemp t, IRType type, int32_t *imm);
bool jl_is_pinned(const Lower *L, IRTemp t);
int jl_in(Lower *L, IRTemp t);                  /* value in a locked register */
int jl_in_copy(Lower *L, IRTemp t);             /* a fresh locked register with the value */
int jl_scratch_reg(Lower *L);                   /* a free locked register */
void jl_reserve(Lower *L, int reg);             /* evict and lock a specific register */
int jl_out_reuse(Lower *L, IRTemp d, IRTemp a); /* register for d that starts as a's value */
int jl_out(Lower *L, IRTemp d);                 /* register for d, written after all inputs */
void jl_bind_out(Lower *L, IRTemp d, int reg);  /* d now lives (dirty) in reg */
bool jl_dies(const Lower *L, IRTemp t);
bool jl_fits_u32(const Lower *L, IRTemp t);     /* known to be below 2^32 */
void jl_load_into(Lower *L, IRTemp t, int reg);
void jl_writeback(Lower *L, IRTemp t);
void jl_unbind(Lower *L, int reg);
void jl_sync_globals(Lower *L, bool drop);
void jl_sync_all(Lower *L, bool drop);
void jl_store_pins(Lower *L, uint16_t mask);    /* write these pins to their homes */
void jl_load_pins(Lower *L, uint16_t mask);
void jl_store_pc(Lower *L);
void jl_env_access(Lower *L, int32_t off, int size, bool write);
void jl_emit_env_ptr(Lower *L, int reg);        /* reg = the unbiased CPUState pointer */

/* C calls: args are temps, immediates or the env pointer. */
typedef struct JitArg { enum { JA_TEMP, JA_IMM, JA_ENV } kind; uint64_t v; } JitArg;
void jl_call(Lower *L, const void *fn, int nargs, const JitArg *args, uint32_t flags,
             IRTemp ret, bool ret32);

/* Control flow, exits and out-of-line code (lower_flow.c). */
bool jl_lower_control(Lower *L, const IROp *op);
bool jl_call_is_host_sse(const Lower *L, const IROp *op);     /* inlined, not a call */
void jl_exit(Lower *L, int code);
JitFaultSite *jl_fault_site(Lower *L, int addr_reg, MemOp mo, MMUAccessType access);
void jl_emit_tails(Lower *L);
int jl_cold(Lower *L, uint8_t *field, int kind, int rd, int ra, bool w);
void jl_cold_resume(Lower *L, int stub);        /* the stub continues here */
bool jl_resolve_labels(Lower *L);

/* Op lowerings (lower_ops.c, lower_mem.c). */
bool jl_lower_arith(Lower *L, const IROp *op);
bool jl_lower_mem(Lower *L, const IROp *op);
bool jl_lower_flags_vec(Lower *L, const IROp *op);   /* lower_vec.c */
void jl_emit_tlb_tail(Lower *L, JitFaultSite *s);
X86Cond jl_cond(IRCond c);
void jl_emit_compare(Lower *L, IRType type, IRCond *cond, IRTemp a, IRTemp b);

#endif
