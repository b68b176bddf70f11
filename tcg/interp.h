/* Tier-0 interpreter internals shared by its compiler (interp.c) and runner (interp_run.c). */
#ifndef TRIX_INTERP_H
#define TRIX_INTERP_H

#include "trix/exec.h"
#include "ir_eval.h"

/*
 * Threaded code is an array of 64-bit words. Each instruction starts with its handler's
 * address (GCC's &&label), followed by operand words. Temp operands are byte offsets from
 * the CPU-state base, packed three to a word (21 bits each: d, a, b).
 */
#define INTERP_OFF_BITS 21
#define INTERP_OFF_MAX ((1u << INTERP_OFF_BITS) - 1)
#define INTERP_P3(d, a, b) \
    ((uint64_t)(d) | ((uint64_t)(a) << INTERP_OFF_BITS) | ((uint64_t)(b) << (2 * INTERP_OFF_BITS)))
#define INTERP_ARG_ENV (~(uint64_t)0)     /* call argument word: the CPU-state pointer */
#define INTERP_SCRATCH_SLOTS 8            /* tmp[0..7]: materialised constant inputs */
#define INTERP_CALL_RET 1u                /* call flags word bits (above the ret offset) */
#define INTERP_CALL_RET32 2u

/* Conditions that need a real comparison (NEVER/ALWAYS are resolved while compiling). */
#define INTERP_CONDS(F, X) \
    F(X, EQ) F(X, NE) F(X, LT) F(X, GE) F(X, LE) F(X, GT) F(X, LTU) F(X, GEU) F(X, LEU) \
    F(X, GTU) F(X, TSTEQ) F(X, TSTNE)

#define IH_BIN_NAMES(X, op) X(op##_r64) X(op##_r32) X(op##_i64) X(op##_i32)
#define IH_FLAG_NAMES(X, op) X(op##_64) X(op##_32)
#define IH_UN_NAMES(X, op) X(op##_64) X(op##_32)
#define IH_COND_NAMES(X, c) \
    X(setcond_##c##_r64) X(setcond_##c##_r32) X(setcond_##c##_i64) X(setcond_##c##_i32) \
    X(brcond_##c##_r64) X(brcond_##c##_r32) X(brcond_##c##_i64) X(brcond_##c##_i32)

/* Every handler, in one list: the enum and the label table are generated from it. */
#define INTERP_HANDLERS(X) \
    IR_EVAL_BIN_OPS(IH_BIN_NAMES, X) IR_EVAL_UN_OPS(IH_UN_NAMES, X) \
    INTERP_CONDS(IH_COND_NAMES, X) IR_EVAL_FLAG_OPS(IH_FLAG_NAMES, X) X(vec) X(vecx) X(vecf) \
    X(movi) X(bswap64) X(ext32s) X(ext32u) X(extrh) X(extract) X(sextract) X(deposit) \
    X(movcond) X(br) \
    X(lde_8u) X(lde_8s) X(lde_16u) X(lde_16s) X(lde_32u) X(lde_32s) X(lde_64) X(lde_gen) \
    X(ste_8) X(ste_16) X(ste_32) X(ste_64) \
    X(ld_8u) X(ld_8s) X(ld_16u) X(ld_16s) X(ld_32u) X(ld_32s) X(ld_64) X(ld_gen) \
    X(st_8) X(st_16) X(st_32) X(st_64) X(st_gen) \
    X(atomic_rmw) X(cmpxchg) X(mb) X(call) X(insn_start) X(goto_tb) X(exit_tb) \
    X(lookup) X(end)

typedef enum InterpHandler {
#define IH_ENUM(n) IH_##n,
    INTERP_HANDLERS(IH_ENUM)
#undef IH_ENUM
    IH_COUNT
} InterpHandler;

/* The runner's label addresses, indexed by InterpHandler. */
void *const *interp_handler_table(void);

#endif
