/* x87 helper interface: the operations of helper_x86_x87 and the fields of its control word. */
#ifndef TRIX_X86_64_X87_H
#define TRIX_X86_64_X87_H

#include "target/x86_64/translate.h"

/* ctl: op (bits 7:0), i of ST(i) (10:8), form (13:12), pops (15:14), memory type (19:16),
 * bit 20: truncate (FISTTP) / signalling compare; bits 23:21 a constant index. */
enum {
    X87_ADD, X87_MUL, X87_SUB, X87_SUBR, X87_DIV, X87_DIVR,     /* dst op src */
    X87_COM, X87_LD, X87_ST, X87_XCH, X87_CHS, X87_ABS, X87_TST, X87_XAM, X87_SQRT,
    X87_RNDINT, X87_SCALE, X87_XTRACT, X87_PREM, X87_PREM1, X87_FREE, X87_INCSTP,
    X87_DECSTP, X87_LDCONST, X87_CMOV, X87_LDENV, X87_STENV, X87_SAVE, X87_RSTOR,
};
enum { X87_F_MEM, X87_F_ST0_STI, X87_F_STI_ST0 };     /* dst = ST(0) op m / ST(i); ST(i) op ST(0) */
enum { X87_M_NONE, X87_M_F32, X87_M_F64, X87_M_F80, X87_M_I16, X87_M_I32, X87_M_I64, X87_M_BCD };
#define X87_CTL(op, i, form, pops, mt) \
    ((uint32_t)(op) | (uint32_t)(i) << 8 | (uint32_t)(form) << 12 | (uint32_t)(pops) << 14 | \
     (uint32_t)(mt) << 16)
#define X87_TRUNC (1u << 20)
#define X87_CONST(k) ((uint32_t)(k) << 21)
enum { X87_K_ONE, X87_K_L2T, X87_K_L2E, X87_K_PI, X87_K_LG2, X87_K_LN2, X87_K_ZERO };

IR_HELPER_DECL(x86_x87);
IR_HELPER_DECL(x86_x87_comi);
/* x87_transc.c: op is the D9 opcode's second byte (FSIN 0xfe ...). */
IR_HELPER_DECL(x86_x87_transc);

#endif
