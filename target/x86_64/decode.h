/* x86-64 instruction decoding: the prefix/REX/VEX/ModRM/SIB scanner and the opcode tables. */
#ifndef TRIX_X86_64_DECODE_H
#define TRIX_X86_64_DECODE_H
/*
 * x86_decode() reads one instruction through a byte-fetch callback (the translator's, which
 * knows about page crossing and fetch faults) and fills an X86Insn: prefixes, REX/VEX fields,
 * the opcode map and byte, ModRM/SIB/displacement, immediates, effective operand and address
 * sizes, and the opcode-table entry (X86OpDef) that matched, with its operands parsed from the
 * Intel manual's notation (optab.def; docs/x86_64.md "Decoding").
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "target/x86_64/x86_seg.h"

#define X86_MAX_INSN_LEN 15

typedef enum X86Map { X86_MAP_1B, X86_MAP_0F, X86_MAP_0F38, X86_MAP_0F3A, X86_NMAPS } X86Map;

/* Legacy prefixes seen (X86Insn.prefixes). */
enum {
    X86_PFX_LOCK = 1 << 0, X86_PFX_REP = 1 << 1 /* F3 */, X86_PFX_REPNE = 1 << 2 /* F2 */,
    X86_PFX_OPSIZE = 1 << 3 /* 66 */, X86_PFX_ADSIZE = 1 << 4 /* 67 */,
};
/* The mandatory-prefix column an entry sits in (SSE: none, 66, F3, F2). */
typedef enum X86Pfx { X86_P_ANY, X86_P_NP, X86_P_66, X86_P_F3, X86_P_F2 } X86Pfx;

/* Operand addressing methods (Intel SDM Vol. 2 A.2.1), plus fixed registers. */
typedef enum X86OpKind {
    X86_OPK_NONE,
    X86_OPK_E, X86_OPK_G, X86_OPK_M, X86_OPK_R,     /* GPR r/m, GPR reg, memory, GPR r/m mod=3 */
    X86_OPK_V, X86_OPK_W, X86_OPK_U, X86_OPK_H,     /* XMM/YMM: reg, r/m, r/m mod=3, VEX.vvvv */
    X86_OPK_L,                                       /* XMM/YMM in imm8[7:4] */
    X86_OPK_P, X86_OPK_Q, X86_OPK_N,                 /* MMX: reg, r/m, r/m mod=3 */
    X86_OPK_B,                                       /* GPR in VEX.vvvv */
    X86_OPK_C, X86_OPK_D, X86_OPK_S,                 /* control, debug, segment reg in reg */
    X86_OPK_I, X86_OPK_J, X86_OPK_O,                 /* immediate, relative, moffs */
    X86_OPK_X, X86_OPK_Y,                            /* DS:rSI, ES:rDI string operands */
    X86_OPK_Z,                                       /* GPR in the opcode's low 3 bits (+REX.B) */
    X86_OPK_REG,                                     /* a fixed GPR (AL, rAX, CL, DX...) */
    X86_OPK_SEGREG,                                  /* a fixed segment register (FS, GS) */
    X86_OPK_ONE,                                     /* the constant 1 (shift by 1) */
    X86_OPK_ST, X86_OPK_STI,                         /* x87 ST(0), ST(i) from modrm.rm */
} X86OpKind;

/* Operand types (A.2.2). The effective size in bytes is x86_operand_size(). */
typedef enum X86OpType {
    X86_OPT_NONE,
    X86_OPT_B, X86_OPT_W, X86_OPT_D, X86_OPT_Q, X86_OPT_DQ, X86_OPT_QQ,
    X86_OPT_V,      /* word, dword or qword by operand size */
    X86_OPT_Z,      /* word for 16-bit operand size, else dword */
    X86_OPT_Y,      /* dword, or qword with REX.W */
    X86_OPT_X,      /* dq or qq by VEX.L */
    X86_OPT_PS, X86_OPT_PD, X86_OPT_SS, X86_OPT_SD, X86_OPT_PI, X86_OPT_SI,
    X86_OPT_P,      /* far pointer */
    X86_OPT_A,      /* BOUND pair (not in 64-bit mode) */
    X86_OPT_S,      /* 6/10-byte descriptor-table pseudo-descriptor */
    X86_OPT_T,      /* x87 80-bit (tbyte) */
    X86_OPT_ANY,    /* size decided by the instruction (LEA's M, x87 memory, XSAVE area) */
} X86OpType;

#define X86_MAX_OPERANDS 4

typedef struct X86Operand {
    uint8_t kind;       /* X86OpKind */
    uint8_t type;       /* X86OpType */
    uint8_t reg;        /* X86_OPK_REG/SEGREG: register number (0 = rAX/AL/ES ...) */
} X86Operand;

/* Entry flags (optab.def's last column). */
enum {
    X86_F_D64 = 1 << 0,     /* operand size defaults to 64 in 64-bit mode (66: 16) */
    X86_F_F64 = 1 << 1,     /* operand size forced to 64 in 64-bit mode */
    X86_F_I64 = 1 << 2,     /* invalid in 64-bit mode */
    X86_F_LOCK = 1 << 3,    /* LOCK allowed (with a memory destination) */
    X86_F_REP = 1 << 4,     /* F3/F2 are REP/REPNE prefixes for it */
    X86_F_VEX = 1 << 5,     /* VEX-encoded only */
    X86_F_NOVEX = 1 << 6,   /* legacy-encoded only */
    X86_F_L0 = 1 << 7,      /* VEX.L must be 0 */
    X86_F_L1 = 1 << 8,      /* VEX.L must be 1 */
    X86_F_W0 = 1 << 9,      /* REX.W/VEX.W must be 0 */
    X86_F_W1 = 1 << 10,     /* REX.W/VEX.W must be 1 */
    X86_F_MODRM = 1 << 11,  /* has a ModRM byte even though no operand names it */
    X86_F_PRIV = 1 << 12,   /* privileged (CPL 0): user mode raises #GP */
    X86_F_V = 1 << 13,      /* also VEX-encoded (the manual's "v" prefix on the mnemonic) */
    X86_F_O64 = 1 << 14,    /* only in 64-bit mode (another entry may fit the legacy modes) */
};

/* The ModRM constraint of an entry: which reg value, register/memory form, exact rm. */
typedef struct X86OpDef {
    const char *name;       /* mnemonic, as in the manual */
    uint16_t mnem;          /* X86Mnem */
    uint8_t map, opcode;
    uint8_t pfx;            /* X86Pfx */
    int8_t modrm_reg;       /* -1: any */
    int8_t modrm_mod;       /* -1: any, 0: memory only, 3: register only */
    int8_t modrm_rm;        /* -1: any (with mod 3: the exact rm) */
    uint16_t flags;
    uint8_t noperands;
    X86Operand op[X86_MAX_OPERANDS];
} X86OpDef;

typedef struct X86Insn {
    uint64_t pc;
    uint8_t mode;           /* the code segment's default size in bytes: 2, 4 or 8 (64-bit) */
    uint8_t len;
    uint8_t bytes[X86_MAX_INSN_LEN];
    uint8_t map, opcode;
    uint8_t prefixes;       /* X86_PFX_* */
    uint8_t last_f2f3;      /* 0, 0xf2 or 0xf3: the last of the two seen (mandatory prefix) */
    uint8_t seg;            /* X86_SEG_*, NONE when no override */
    bool has_rex;
    uint8_t rex_w, rex_r, rex_x, rex_b;
    bool vex;
    uint8_t vex_l, vex_vvvv;        /* vvvv already inverted: the register number */
    bool has_modrm;
    uint8_t modrm, mod, reg, rm;    /* reg and rm with REX.R / REX.B applied */
    bool has_sib;
    uint8_t scale;                  /* 0..3 */
    int8_t index, base;             /* -1: none; with REX.X / REX.B applied */
    bool rip_rel;                   /* base is RIP (disp32 from the end of the insn) */
    int64_t disp;
    uint8_t osize, asize;           /* effective operand and address size in bytes */
    uint8_t imm_size, imm2_size;    /* bytes of the first/second immediate (0: none) */
    int64_t imm, imm2;              /* sign-extended unless the operand is unsigned */
    const X86OpDef *def;
} X86Insn;

typedef enum X86DecodeResult {
    X86_DEC_OK,
    X86_DEC_UD,         /* undefined encoding: #UD */
    X86_DEC_FETCH,      /* a byte could not be fetched (the callback's fault) */
    X86_DEC_TOO_LONG,   /* more than 15 bytes: #GP */
} X86DecodeResult;

/* Fetch the byte at pc + i into *out; false when it cannot be read. */
typedef bool X86FetchFn(void *opaque, uint64_t pc, unsigned i, uint8_t *out);

X86DecodeResult x86_decode(X86Insn *insn, uint64_t pc, X86FetchFn *fetch, void *opaque);
/* The same for a code segment of default size mode (2: 16-bit, 4: 32-bit, 8: 64-bit mode):
 * no REX outside 64-bit mode, 16-bit ModRM addressing, default operand/address sizes. */
X86DecodeResult x86_decode_mode(X86Insn *insn, uint64_t pc, int mode, X86FetchFn *fetch,
                                void *opaque);
/* Convenience for tests and the disassembler: decode from a buffer. */
X86DecodeResult x86_decode_buf(X86Insn *insn, uint64_t pc, const uint8_t *buf, size_t len);

/* The effective size in bytes of operand i of a decoded instruction (0 when not sized). */
unsigned x86_operand_size(const X86Insn *insn, int i);

/* Mnemonic names (X86OpDef.mnem), interned from the opcode table in its order. */
const char *x86_mnem_name(int mnem);
int x86_mnem_count(void);
int x86_mnem_lookup(const char *name);      /* -1 when no table entry has it */

#endif
