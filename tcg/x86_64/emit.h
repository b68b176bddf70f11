/* x86-64 instruction encoders: pure functions named after the instruction forms they emit. */
#ifndef TRIX_X86_EMIT_H
#define TRIX_X86_EMIT_H

#include <stdbool.h>
#include <stdint.h>

enum {
    X86_RAX, X86_RCX, X86_RDX, X86_RBX, X86_RSP, X86_RBP, X86_RSI, X86_RDI,
    X86_R8, X86_R9, X86_R10, X86_R11, X86_R12, X86_R13, X86_R14, X86_R15,
    X86_RIP = 16,       /* as a memory base: rip-relative to X86Mem.target */
    X86_NOREG = -1,
};

/* Condition codes (the low nibble of jcc/setcc/cmovcc). */
typedef enum X86Cond {
    X86_CC_O, X86_CC_NO, X86_CC_B, X86_CC_AE, X86_CC_E, X86_CC_NE, X86_CC_BE, X86_CC_A,
    X86_CC_S, X86_CC_NS, X86_CC_P, X86_CC_NP, X86_CC_L, X86_CC_GE, X86_CC_LE, X86_CC_G,
} X86Cond;

/* Group-1 ALU ops (the /digit of 81/83 and bits 5:3 of the r/m forms). */
typedef enum X86Alu {
    X86_ADD, X86_OR, X86_ADC, X86_SBB, X86_AND, X86_SUB, X86_XOR, X86_CMP,
} X86Alu;

/* Group-2 shifts and rotates (the /digit of C1/D3). */
typedef enum X86Shift { X86_ROL = 0, X86_ROR = 1, X86_SHL = 4, X86_SHR = 5, X86_SAR = 7 } X86Shift;

/* Group-3 unary ops (the /digit of F7). */
typedef enum X86Unary { X86_NOT = 2, X86_NEG = 3, X86_MUL = 4, X86_IMUL1 = 5, X86_DIV = 6,
                        X86_IDIV = 7 } X86Unary;

/* F3 0F xx bit counts, and the BSR/BSF fallbacks (0F xx without the prefix). */
typedef enum X86BitOp { X86_POPCNT, X86_TZCNT, X86_LZCNT, X86_BSF, X86_BSR } X86BitOp;

/* Operand sizes as log2 bytes (like MemOp sizes). */
enum { X86_S8, X86_S16, X86_S32, X86_S64 };

/* A memory operand: [base + index*scale + disp], or rip-relative to target. */
typedef struct X86Mem {
    int8_t base, index;     /* X86_NOREG for none; base X86_RIP for rip-relative */
    uint8_t scale;          /* 1, 2, 4, 8 */
    int32_t disp;
    const void *target;     /* rip-relative: the executable address referenced */
} X86Mem;

static inline X86Mem x86_mem(int base, int32_t disp)
{ return (X86Mem){ (int8_t)base, X86_NOREG, 1, disp, 0 }; }
static inline X86Mem x86_mem_idx(int base, int index, int scale, int32_t disp)
{ return (X86Mem){ (int8_t)base, (int8_t)index, (uint8_t)scale, disp, 0 }; }
static inline X86Mem x86_mem_rip(const void *target)
{ return (X86Mem){ X86_RIP, X86_NOREG, 1, 0, target }; }

/*
 * The output cursor. Bytes are written at p (the writable view); exec_delta converts a write
 * address into the address the code will run at (the executable view). Running past end sets
 * overflow and drops bytes, so callers check once per unit of work instead of per byte.
 */
typedef struct X86Buf {
    uint8_t *p, *start, *end;
    intptr_t exec_delta;
    bool overflow;
} X86Buf;

static inline uintptr_t x86_exec_addr(const X86Buf *b, const uint8_t *p)
{ return (uintptr_t)p + (uintptr_t)b->exec_delta; }
static inline uintptr_t x86_here(const X86Buf *b) { return x86_exec_addr(b, b->p); }

void x86_emit_byte(X86Buf *b, uint8_t v);
void x86_emit_u32(X86Buf *b, uint32_t v);
void x86_emit_u64(X86Buf *b, uint64_t v);

/* Moves. w selects 64-bit (true) or 32-bit operation (32-bit writes zero the upper half). */
void x86_emit_mov_rr(X86Buf *b, bool w, int dst, int src);
void x86_emit_mov_ri(X86Buf *b, int dst, uint64_t imm);        /* shortest exact form */
void x86_emit_mov_ri32(X86Buf *b, int dst, uint32_t imm);      /* B8+r id, zero-extends */
void x86_emit_mov_ri64s(X86Buf *b, int dst, int32_t imm);      /* C7 /0, sign-extends */
void x86_emit_movabs(X86Buf *b, int dst, uint64_t imm);        /* REX.W B8+r io */
void x86_emit_load(X86Buf *b, int size, int dst, X86Mem m);    /* zero-extending load */
void x86_emit_load_sx(X86Buf *b, int size, bool w, int dst, X86Mem m);  /* sign-extending */
void x86_emit_store(X86Buf *b, int size, X86Mem m, int src);
void x86_emit_store_imm(X86Buf *b, int size, X86Mem m, int32_t imm);
void x86_emit_movzx_rr(X86Buf *b, int size, int dst, int src); /* size X86_S8/X86_S16 */
void x86_emit_movsx_rr(X86Buf *b, int size, bool w, int dst, int src); /* S8/S16/S32 */
void x86_emit_lea(X86Buf *b, bool w, int dst, X86Mem m);
void x86_emit_xchg_rr(X86Buf *b, bool w, int r1, int r2);

/* Arithmetic and logic. */
void x86_emit_alu_rr(X86Buf *b, X86Alu op, bool w, int dst, int src);
void x86_emit_alu_ri(X86Buf *b, X86Alu op, bool w, int dst, int32_t imm);
void x86_emit_alu_rm(X86Buf *b, X86Alu op, bool w, int dst, X86Mem m);
void x86_emit_alu_mr(X86Buf *b, X86Alu op, bool w, X86Mem m, int src);
void x86_emit_alu_mi(X86Buf *b, X86Alu op, int size, X86Mem m, int32_t imm);
void x86_emit_test_rr(X86Buf *b, bool w, int r1, int r2);
void x86_emit_test_ri(X86Buf *b, bool w, int r, int32_t imm);
void x86_emit_imul_rr(X86Buf *b, bool w, int dst, int src);
void x86_emit_imul_rri(X86Buf *b, bool w, int dst, int src, int32_t imm);
void x86_emit_unary(X86Buf *b, X86Unary op, bool w, int r);
void x86_emit_shift_ri(X86Buf *b, X86Shift op, bool w, int r, uint8_t count);
void x86_emit_shift_cl(X86Buf *b, X86Shift op, bool w, int r);
void x86_emit_rol16_ri(X86Buf *b, int r, uint8_t count);       /* 66 C1 /0: 16-bit rotate */
/* BMI2 shlx/shrx/sarx (op X86_SHL/SHR/SAR): dst = src shifted by count (mod width). */
void x86_emit_shiftx(X86Buf *b, X86Shift op, bool w, int dst, int src, int count);
void x86_emit_bswap(X86Buf *b, bool w, int r);
void x86_emit_bitop(X86Buf *b, X86BitOp op, bool w, int dst, int src);
void x86_emit_cqo(X86Buf *b, bool w);                          /* cdq / cqo */

/* Conditions. */
void x86_emit_setcc(X86Buf *b, X86Cond cc, int r);
void x86_emit_cmovcc(X86Buf *b, X86Cond cc, bool w, int dst, int src);

/* Control flow. The _rel32 forms return the write address of their rel32 field (for
 * x86_patch_rel32); the others take an executable target address. */
uint8_t *x86_emit_jcc_rel32(X86Buf *b, X86Cond cc);
uint8_t *x86_emit_jmp_rel32(X86Buf *b);
uint8_t *x86_emit_jcc_rel8(X86Buf *b, X86Cond cc);
uint8_t *x86_emit_jmp_rel8(X86Buf *b);
void x86_emit_jcc(X86Buf *b, X86Cond cc, uintptr_t target);
void x86_emit_jmp(X86Buf *b, uintptr_t target);
void x86_emit_call(X86Buf *b, uintptr_t target);               /* rel32, else via r11 */
void x86_emit_call_r(X86Buf *b, int r);
void x86_emit_jmp_r(X86Buf *b, int r);
void x86_emit_ret(X86Buf *b);
void x86_emit_push(X86Buf *b, int r);
void x86_emit_pop(X86Buf *b, int r);
/* Point a rel32 field (write address) at an executable target; false if out of range. */
bool x86_patch_rel32(const X86Buf *b, uint8_t *field, uintptr_t target);
bool x86_patch_rel8(const X86Buf *b, uint8_t *field, uintptr_t target);

/* Atomics and barriers. */
void x86_emit_lock_cmpxchg(X86Buf *b, int size, X86Mem m, int src);
void x86_emit_lock_xadd(X86Buf *b, int size, X86Mem m, int src);
void x86_emit_xchg_mr(X86Buf *b, int size, X86Mem m, int src);  /* implicitly locked */
void x86_emit_mfence(X86Buf *b);
void x86_emit_ud2(X86Buf *b);
/* SSE2: xmm = m128 (movdqu) or m64 zero-extended (movq); m128 = xmm; 66 0F opc xmm, xmm. */
void x86_emit_sse_load(X86Buf *b, bool q64, int xmm, X86Mem m);
void x86_emit_sse_store(X86Buf *b, X86Mem m, int xmm);
void x86_emit_sse_rr(X86Buf *b, uint8_t opc, int dst, int src);
void x86_emit_sse38_rr(X86Buf *b, uint8_t opc, int dst, int src);     /* 66 0F 38 opc (SSE4.1) */
void x86_emit_sse_shift_ri(X86Buf *b, uint8_t opc, int digit, int xmm, uint8_t n); /* 66 0F 7x /d ib */
void x86_emit_sse_movq_rr(X86Buf *b, int dst, int src);
/* prefix (IR_SSE_NP/66/F3/F2) 0F opc xmm, xmm [, imm8 when imm >= 0]. */
void x86_emit_sse_any_rr(X86Buf *b, unsigned prefix, uint8_t opc, int dst, int src, int imm);    /* F3 0F 7E: low 8 bytes, upper 0 */
void x86_emit_nops(X86Buf *b, int n);
/* SSE floating point: prefix none (ps), 66 (pd), F3 (ss), F2 (sd); 0F opc. */
typedef enum X86SsePfx { X86_SSE_NP, X86_SSE_66, X86_SSE_F3, X86_SSE_F2 } X86SsePfx;
void x86_emit_ssef_rr(X86Buf *b, X86SsePfx p, uint8_t opc, int dst, int src);
void x86_emit_ssef_rm(X86Buf *b, X86SsePfx p, uint8_t opc, int dst, X86Mem m);
void x86_emit_ssef_rmi(X86Buf *b, X86SsePfx p, uint8_t opc, int dst, X86Mem m, uint8_t imm);
/* FMA3 (VEX.128.66.0F38, W1 for double): dst = ModRM.reg, src1 = VEX.vvvv, src2 = rm. */
void x86_emit_vex38_rrr(X86Buf *b, bool w, uint8_t opc, int dst, int src1, int src2);

/* Host CPU features (cpuid), probed once. */
typedef struct X86Features { bool lzcnt, bmi1, popcnt, bmi2, sse41, fma; } X86Features;
const X86Features *x86_features(void);

#endif
