/* riscv64 frontend internals shared by translate.c and the trans_*.c.inc instruction files. */
#ifndef TRIX_RISCV64_TRANSLATE_H
#define TRIX_RISCV64_TRANSLATE_H

#include "cpu.h"
#include "trix/translator.h"

typedef struct DisasContext {
    DisasContextBase base;  /* first: the generic loop's state (include/trix/translator.h) */
    CPUState *cs;
    IRBlock *b;
    TranslationBlock *tb;
    uint64_t pc;            /* this instruction */
    uint64_t pc_next;       /* the following instruction */
    uint32_t insn;          /* raw bits (16-bit insns zero-extended), tval for illegal insn */
    int ilen;               /* 2 or 4 */
    DisasJump is_jmp;
    int mem_idx;            /* mmu index for loads/stores */
    uint32_t flags;         /* the block's RV_TBF_* flags */
    int priv;               /* privilege the block runs at */
    bool sys;               /* system mode: privileged instructions and FS tracking */
    bool fs_marked;         /* this block already marked FS Dirty */
    uint32_t ext;           /* RV_EXT_* enabled on this hart (-cpu rv64,zba=off, ...) */
} DisasContext;

/* One predicate per switchable extension: a trans_ function of that extension starts with
 * `return has_X(ctx) && ...` (or returns false), so the decoder raises illegal instruction. */
#define RV_EXT_PREDICATE(name, bit) \
    static inline bool has_##name(const DisasContext *ctx) { return (ctx->ext & (bit)) != 0; }
RV_EXT_PREDICATE(m, RV_EXT_M)
RV_EXT_PREDICATE(a, RV_EXT_A)
RV_EXT_PREDICATE(f, RV_EXT_F)
RV_EXT_PREDICATE(d, RV_EXT_D)
RV_EXT_PREDICATE(c, RV_EXT_C)
RV_EXT_PREDICATE(zicsr, RV_EXT_ZICSR)
RV_EXT_PREDICATE(zifencei, RV_EXT_ZIFENCEI)
RV_EXT_PREDICATE(zicond, RV_EXT_ZICOND)
RV_EXT_PREDICATE(zba, RV_EXT_ZBA)
RV_EXT_PREDICATE(zbb, RV_EXT_ZBB)
RV_EXT_PREDICATE(zbc, RV_EXT_ZBC)
RV_EXT_PREDICATE(zbs, RV_EXT_ZBS)
#undef RV_EXT_PREDICATE

#define G_PC        ir_global(RV_G_PC)
#define G_LOAD_RES  ir_global(RV_G_LOAD_RES)
#define G_LOAD_VAL  ir_global(RV_G_LOAD_VAL)
static inline IRTemp rv_fpr(int r) { return ir_global(RV_G_FPR + r); }

/* x0 reads as constant 0. */
IRTemp get_gpr(DisasContext *ctx, int r);
/* A temp to compute a result for rd into; x0 gets a throwaway temp. Finish with set_gpr. */
IRTemp dest_gpr(DisasContext *ctx, int r);
void set_gpr(DisasContext *ctx, int r, IRTemp v);     /* no-op for x0 */
IRTemp tmp64(DisasContext *ctx);

/* Raise an architected exception at this instruction (pc = ctx->pc) and end the block. */
void gen_exception(DisasContext *ctx, int excp);
/* Illegal instruction: tval is the instruction bits. Always returns true (decoded). */
bool gen_illegal(DisasContext *ctx);
/* Direct jump to a constant target, chained through goto_tb slot n. */
void gen_goto_tb(DisasContext *ctx, int n, uint64_t dest);
/* Indirect jump: pc = dest temp, then lookup_and_goto. */
void gen_jump_reg(DisasContext *ctx, IRTemp dest);

/* Helpers shared by all trans files (op_helper.c). */
void helper_raise_exception(CPUState *cs, uint32_t excp);
void helper_raise_exception_tval(CPUState *cs, uint32_t excp, uint64_t tval);
IR_HELPER_DECL(raise_exception);
IR_HELPER_DECL(raise_exception_tval);
IR_HELPER_DECL(mret);
IR_HELPER_DECL(sret);
IR_HELPER_DECL(wfi);
IR_HELPER_DECL(sfence_vma);
IR_HELPER_DECL(mark_fs_dirty);
/* End the block after an instruction that changed what translation assumes (privilege,
 * mstatus, translation) or may have unmasked an interrupt: pc = next, look up afresh. */
void gen_end_block_lookup(DisasContext *ctx);

#endif
