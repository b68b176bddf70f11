/* x86-64 frontend internals shared by translate.c and the trans_*.c.inc instruction files. */
#ifndef TRIX_X86_64_TRANSLATE_H
#define TRIX_X86_64_TRANSLATE_H

#include <stddef.h>
#include "target/x86_64/cpu.h"
#include "target/x86_64/decode.h"
#include "trix/translator.h"

#define X86_CC_DYNAMIC (-1)     /* cc_op is only known at run time (in the cc_op global) */

typedef struct DisasContext {
    DisasContextBase base;  /* first: the generic loop's state (include/trix/translator.h) */
    CPUState *cs;
    IRBlock *b;
    TranslationBlock *tb;
    uint64_t pc;            /* this instruction */
    uint64_t pc_next;
    X86Insn insn;
    X86DecodeResult dec;    /* the decoder's verdict on insn */
    DisasJump is_jmp;
    int mem_idx;
    int cc_op;              /* cc_op as known at this point of the block, or X86_CC_DYNAMIC */
    IRTemp cc_src2;         /* with cc_op known: the first operand (cc_src2 or a copy) */
    IRTemp ea;              /* the memory operand's address, once computed (else IR_NO_TEMP) */
    /* System mode (docs/x86_64-system.md): the block key's mode bits. pc/pc_next are linear
     * addresses (cs_base + EIP); code is the default size (2, 4, 8 = 64-bit mode). User
     * mode: flags 0, code 8, cs_base 0. */
    uint32_t flags;
    uint64_t cs_base;
    uint8_t code;
    bool mx_default;        /* X86_TBF_MXCSR_DEFAULT: SSE arithmetic on the host unit */
    /* code placed after the block's last exit: exceptions (gen_raise_if), or a helper
     * call then an exit to the next instruction (gen_slow_if: excp < 0, helper h(env, v, c)) */
    int nraise;
    struct { IRLabel label; uint64_t pc, pc_next; int excp; IRHelper *h; IRTemp v; uint32_t c; } raise[8];
} DisasContext;

typedef bool X86TransFn(DisasContext *ctx, X86Insn *in);

#define G_RIP       ir_global(X86_G_RIP)
#define G_CC_OP     ir_global(X86_G_CC_OP)
#define G_CC_DST    ir_global(X86_G_CC_DST)
#define G_CC_SRC    ir_global(X86_G_CC_SRC)
#define G_CC_SRC2   ir_global(X86_G_CC_SRC2)
#define G_DF        ir_global(X86_G_DF)
#define X86_OFF(field) ((int32_t)offsetof(X86CPU, field))
static inline IRTemp x86_greg(int r) { return ir_global(X86_G_REG + r); }
static inline int32_t x86_xmm_off(int n, int h) { return X86_OFF(xmm[0]) + n * 16 + h * 8; }

void helper_x86_raise(CPUState *cs, uint32_t excp);
IR_HELPER_DECL(x86_raise);
IR_HELPER_DECL(x86_cc_compute);
IR_HELPER_DECL(x86_cpuid);
IR_HELPER_DECL(x86_rdtsc);
IR_HELPER_DECL(x86_wrbase);
IR_HELPER_DECL(x86_shift);
IR_HELPER_DECL(x86_shiftd);
IR_HELPER_DECL(x86_mul);
IR_HELPER_DECL(x86_div);
IR_HELPER_DECL(x86_vop);
IR_HELPER_DECL(x86_movmsk);
IR_HELPER_DECL(x86_ptest);
IR_HELPER_DECL(x86_fxsave);
IR_HELPER_DECL(x86_sse_fp);
IR_HELPER_DECL(x86_sse_host);
IR_HELPER_DECL(x86_comis);
IR_HELPER_DECL(x86_cvt_f2i);
IR_HELPER_DECL(x86_cvt_i2f);
IR_HELPER_DECL(x86_cvt_vec);

/* helper_x86_sse_fp operations, and helper_x86_cvt_vec conversions. */
enum { X86_FOP_ADD, X86_FOP_SUB, X86_FOP_MUL, X86_FOP_DIV, X86_FOP_SQRT, X86_FOP_MIN,
       X86_FOP_MAX, X86_FOP_CMP, X86_FOP_ROUND };
enum { X86_CVT_SS2SD, X86_CVT_SD2SS, X86_CVT_PS2PD, X86_CVT_PD2PS, X86_CVT_DQ2PS,
       X86_CVT_DQ2PD, X86_CVT_PS2DQ, X86_CVT_TPS2DQ, X86_CVT_PD2DQ, X86_CVT_TPD2DQ };
IR_HELPER_DECL(x86_fxrstor);
IR_HELPER_DECL(x86_ldmxcsr);
IR_HELPER_DECL(x86_stmxcsr);

/* helper_x86_vop operations (bits 4:0; bits 6:5 the element size where it varies; the
 * imm8 in bits 15:8). */
enum {
    X86_VOP_PSLLDQ, X86_VOP_PSRLDQ, X86_VOP_PSHUFD, X86_VOP_PSHUFLW, X86_VOP_PSHUFHW,
    X86_VOP_PUNPCKL, X86_VOP_PUNPCKH, X86_VOP_PACKSSWB, X86_VOP_PACKUSWB, X86_VOP_PACKSSDW,
    X86_VOP_PACKUSDW, X86_VOP_PSHUFB, X86_VOP_PALIGNR, X86_VOP_SHUFPS, X86_VOP_SHUFPD,
    X86_VOP_PAVGB, X86_VOP_PAVGW, X86_VOP_PSADBW, X86_VOP_PMULUDQ, X86_VOP_PMULHW,
    X86_VOP_PMULHUW, X86_VOP_PMADDWD, X86_VOP_PADDSB, X86_VOP_PADDSW, X86_VOP_PADDUSB,
    X86_VOP_PADDUSW, X86_VOP_PSUBSB, X86_VOP_PSUBSW, X86_VOP_PSUBUSB, X86_VOP_PSUBUSW,
    X86_VOP_PABS,
};

#endif
