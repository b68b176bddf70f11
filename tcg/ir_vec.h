/* Reference semantics of the IR's vector ops (ir_ops.h), shared by the interpreter and the JIT. */
#ifndef TRIX_IR_VEC_H
#define TRIX_IR_VEC_H

#include "ir.h"

/*
 * One vector op as two words: ctl = opcode | desc << 16 | extra << 24 (vcmp's condition,
 * the vsh*i count), offs = d | a << 21 | b << 42 (env offsets). x is the scalar input of
 * vdup/vsh*s. Helpers that work on vector registers in place follow the same convention:
 * they take the env pointer and register offsets as immediates (docs/architecture.md).
 */
#define IR_VEC_OFF_BITS 21
#define IR_VEC_OFF_MAX ((1u << IR_VEC_OFF_BITS) - 16)
static inline uint64_t ir_vec_offs(uint32_t d, uint32_t a, uint32_t b)
{
    return (uint64_t)d | (uint64_t)a << IR_VEC_OFF_BITS | (uint64_t)b << (2 * IR_VEC_OFF_BITS);
}
uint64_t ir_vec_ctl(const IROp *op);
uint64_t ir_vec_offs_of(const IROp *op);
/* Returns vf*'s ok (ir_ops.h), 1 for the other ops. */
uint64_t ir_vec_exec(void *env, uint64_t ctl, uint64_t offs, uint64_t x);

/* The env byte ranges [off, off + 16) an op reads (up to 3: vfma); returns how many. */
int ir_vec_reads(const IROp *op, int32_t *offs);

#endif
