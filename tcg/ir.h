/* The shared IR: types, blocks, temps, helpers and the builder API frontends emit with. */
#ifndef TRIX_IR_H
#define TRIX_IR_H

#include "trix/common.h"
#include "ir_ops.h"

typedef enum IROpcode {
#define IR_X_ENUM(name, nout, nin, nconst, flags) IR_##name,
    IR_OPS(IR_X_ENUM)
#undef IR_X_ENUM
    IR_NB_OPS
} IROpcode;

typedef struct IROpDef {
    const char *name;
    uint8_t nout, nin, nconst, flags;
} IROpDef;
extern const IROpDef ir_op_defs[IR_NB_OPS];

/* IR_V128 is reserved (vector ops name CPU-state registers by offset; no op accepts it). */
typedef enum IRType { IR_I32, IR_I64, IR_V128 } IRType;

typedef enum IRCond {
    IR_COND_NEVER, IR_COND_ALWAYS,
    IR_COND_EQ, IR_COND_NE,
    IR_COND_LT, IR_COND_GE, IR_COND_LE, IR_COND_GT,       /* signed */
    IR_COND_LTU, IR_COND_GEU, IR_COND_LEU, IR_COND_GTU,   /* unsigned */
    IR_COND_TSTEQ, IR_COND_TSTNE,                         /* (a & b) == 0 / != 0 */
} IRCond;

/* MemOp: size, sign, byte order, alignment requirement. */
typedef enum MemOp {
    MO_8 = 0, MO_16 = 1, MO_32 = 2, MO_64 = 3, MO_128 = 4, MO_SIZE = 7,
    MO_SIGN = 8,
    MO_BSWAP = 16,          /* opposite of host order (host is little endian) */
    MO_ALIGN = 32,          /* natural alignment required, else misaligned fault */
    MO_UB = MO_8, MO_UW = MO_16, MO_UL = MO_32, MO_UQ = MO_64,
    MO_SB = MO_8 | MO_SIGN, MO_SW = MO_16 | MO_SIGN, MO_SL = MO_32 | MO_SIGN,
} MemOp;

/* Barrier kinds for mb. */
enum { IR_MB_LD_LD = 1, IR_MB_ST_LD = 2, IR_MB_LD_ST = 4, IR_MB_ST_ST = 8, IR_MB_ALL = 15 };

typedef enum IRTempKind {
    IR_TEMP_ENV,      /* the CPU-state pointer itself (temp 0); only as a helper argument */
    IR_TEMP_GLOBAL,   /* guest state at env + env_off; lives across blocks */
    IR_TEMP_NORMAL,   /* block-local value; survives labels within its block */
    IR_TEMP_CONST,    /* immutable constant `val` */
} IRTempKind;

typedef uint32_t IRTemp;
typedef uint32_t IRLabel;
#define IR_TEMP_ENV_PTR 0u   /* temp index of the env pointer */
#define IR_GLOBAL_BASE  1u   /* global k of the frontend's table is temp IR_GLOBAL_BASE + k */

typedef struct IRTempInfo {
    uint8_t kind;           /* IRTempKind */
    uint8_t type;           /* IRType */
    int32_t env_off;        /* globals: offset from the CPU-state base */
    uint64_t val;           /* constants */
    const char *name;       /* globals: for dumps */
} IRTempInfo;

typedef struct IRGlobalDef {
    const char *name;
    int32_t env_off;
    IRType type;
} IRGlobalDef;

#define IR_MAX_ARGS 12
#define IR_MAX_CALL_ARGS 8
typedef struct IROp {
    uint16_t opc;           /* IROpcode */
    uint8_t type;           /* IRType for IRF_T ops */
    uint8_t nout, nin, nconst;  /* copied from ir_op_defs, except for call */
    uint32_t args[IR_MAX_ARGS]; /* outputs, inputs (temps), then constants */
} IROp;

/* Helpers called from IR through libffi (interpreter) or directly (JIT). */
enum {
    IR_CALL_NO_READ_GLOBALS  = 1,   /* does not read guest globals from env */
    IR_CALL_NO_WRITE_GLOBALS = 2,   /* does not write guest globals to env */
    IR_CALL_NO_SIDE_EFFECTS  = 4,   /* pure: removable when its result is unused */
    IR_CALL_MAY_RAISE        = 8,   /* may longjmp to the loop: guest pc must be recoverable */
    IR_CALL_HOST_SSE         = 16,  /* one host SSE instruction: see IR_SSE_INSN */
    IR_CALL_NORETURN         = 32,  /* always longjmps to the loop (raises): nothing after it
                                     * in its basic block runs */
    IR_CALL_PURE = IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS | IR_CALL_NO_SIDE_EFFECTS,
};
/*
 * IR_CALL_HOST_SSE: the helper is void f(env, insn, d, a, b), called with constants only, and
 * does exactly what the x86-64 SSE instruction `insn` (IR_SSE_INSN) does on 16-byte CPU-state
 * operands: xmm0 = env[a]; xmm1 = env[b]; insn xmm0, xmm1; env[d] = xmm0, under the host
 * thread's MXCSR. The x86-64 JIT emits the instruction instead of the call; other consumers
 * call the helper. (The x86-64 guest's SSE arithmetic while its MXCSR is the default.)
 */
enum { IR_SSE_NP, IR_SSE_66, IR_SSE_F3, IR_SSE_F2 };    /* mandatory prefix */
#define IR_SSE_INSN(prefix, opc0f, imm, has_imm) \
    ((uint32_t)(opc0f) | (uint32_t)(prefix) << 8 | ((has_imm) ? 1u << 10 : 0) | (uint32_t)(imm) << 16)
static inline unsigned ir_sse_opc(uint32_t insn) { return insn & 0xff; }
static inline unsigned ir_sse_prefix(uint32_t insn) { return (insn >> 8) & 3; }
static inline bool ir_sse_has_imm(uint32_t insn) { return (insn >> 10) & 1; }
static inline unsigned ir_sse_imm(uint32_t insn) { return (insn >> 16) & 0xff; }
/* Argument/return kinds: IR_I32, IR_I64, or IR_HTYPE_PTR (the env pointer), IR_HTYPE_VOID. */
enum { IR_HTYPE_VOID = 8, IR_HTYPE_PTR = 9 };
typedef struct IRHelper {
    const char *name;
    void *func;
    uint8_t ret;                        /* IR_I32, IR_I64, IR_HTYPE_VOID */
    uint8_t nargs;
    uint8_t args[IR_MAX_CALL_ARGS];     /* IR_I32, IR_I64, IR_HTYPE_PTR */
    uint32_t flags;                     /* IR_CALL_* */
    int id;                             /* assigned by ir_helper_register; -1 until then */
    void *ffi;                          /* interpreter's prepared call interface */
} IRHelper;

/*
 * Define a helper descriptor next to the helper's C definition:
 *   IR_HELPER(fadd_d, IR_I64, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I64, IR_I64)
 * declares `IRHelper helper_info_fadd_d` calling `helper_fadd_d`.
 */
#define IR_HELPER(fn, rettype, fl, ...) \
    IRHelper helper_info_##fn = { \
        .name = #fn, .func = (void *)helper_##fn, .ret = (rettype), \
        .nargs = sizeof((uint8_t[]){__VA_ARGS__}), .args = {__VA_ARGS__}, \
        .flags = (fl), .id = -1 }
#define IR_HELPER_DECL(fn) extern IRHelper helper_info_##fn

int ir_helper_register(IRHelper *h);        /* idempotent; returns h->id */
IRHelper *ir_helper_get(int id);

typedef struct IRBlock {
    IROp *ops;
    int nops, cap_ops;
    IRTempInfo *temps;
    int ntemps, cap_temps;
    int nglobals;
    int nlabels;
    uint64_t pc;            /* guest pc of the first instruction */
    int ninsns;             /* insn_start count */
} IRBlock;

/* Block lifecycle. Globals come from the frontend's table (same temp numbers every block). */
void ir_block_init(IRBlock *b, const IRGlobalDef *globals, int nglobals);
void ir_block_reset(IRBlock *b);            /* keep globals and storage, drop ops/temps */
void ir_block_free(IRBlock *b);

IRTemp ir_new_temp(IRBlock *b, IRType type);
IRTemp ir_const(IRBlock *b, IRType type, uint64_t val);
static inline IRTemp ir_const64(IRBlock *b, uint64_t v) { return ir_const(b, IR_I64, v); }
static inline IRTemp ir_const32(IRBlock *b, uint32_t v) { return ir_const(b, IR_I32, v); }
static inline IRTemp ir_global(uint32_t k) { return IR_GLOBAL_BASE + k; }
IRLabel ir_new_label(IRBlock *b);

static inline IRType ir_temp_type(const IRBlock *b, IRTemp t) { return b->temps[t].type; }
static inline bool ir_temp_is_const(const IRBlock *b, IRTemp t)
{ return b->temps[t].kind == IR_TEMP_CONST; }

/* Generic emission: appends an op with the table's arity and returns it for filling. */
IROp *ir_emit(IRBlock *b, IROpcode opc, IRType type);
void ir_emit1(IRBlock *b, IROpcode opc, IRType t, IRTemp d, IRTemp a);
void ir_emit2(IRBlock *b, IROpcode opc, IRType t, IRTemp d, IRTemp a, IRTemp c);
/* d = a OP constant: the constant temp is created with a's type. */
void ir_emit2i(IRBlock *b, IROpcode opc, IRType t, IRTemp d, IRTemp a, uint64_t imm);

/* Named builders for the common shapes (typed: pass IR_I32 or IR_I64). */
#define IR_BUILD2(op) \
    static inline void ir_##op(IRBlock *b, IRType t, IRTemp d, IRTemp a, IRTemp c) \
    { ir_emit2(b, IR_##op, t, d, a, c); } \
    static inline void ir_##op##i(IRBlock *b, IRType t, IRTemp d, IRTemp a, uint64_t imm) \
    { ir_emit2i(b, IR_##op, t, d, a, imm); }
IR_BUILD2(add) IR_BUILD2(sub) IR_BUILD2(mul) IR_BUILD2(div) IR_BUILD2(divu) IR_BUILD2(rem)
IR_BUILD2(remu) IR_BUILD2(mulsh) IR_BUILD2(muluh) IR_BUILD2(mulsuh) IR_BUILD2(and)
IR_BUILD2(or) IR_BUILD2(xor) IR_BUILD2(andc) IR_BUILD2(orc) IR_BUILD2(eqv) IR_BUILD2(shl)
IR_BUILD2(shr) IR_BUILD2(sar) IR_BUILD2(rotl) IR_BUILD2(rotr) IR_BUILD2(clz) IR_BUILD2(ctz)
#undef IR_BUILD2
#define IR_BUILD1(op) \
    static inline void ir_##op(IRBlock *b, IRType t, IRTemp d, IRTemp a) \
    { ir_emit1(b, IR_##op, t, d, a); }
IR_BUILD1(mov) IR_BUILD1(neg) IR_BUILD1(not) IR_BUILD1(ctpop) IR_BUILD1(bswap16)
IR_BUILD1(bswap32) IR_BUILD1(ext8s) IR_BUILD1(ext8u) IR_BUILD1(ext16s) IR_BUILD1(ext16u)
#undef IR_BUILD1
/* Untyped conversions (fixed operand types). */
void ir_bswap64(IRBlock *b, IRTemp d, IRTemp a);            /* i64 */
void ir_ext32s(IRBlock *b, IRTemp d, IRTemp a);             /* i64 -> i64 */
void ir_ext32u(IRBlock *b, IRTemp d, IRTemp a);             /* i64 -> i64 */
void ir_ext_i32_i64(IRBlock *b, IRTemp d, IRTemp a);
void ir_extu_i32_i64(IRBlock *b, IRTemp d, IRTemp a);
void ir_extrl_i64_i32(IRBlock *b, IRTemp d, IRTemp a);
void ir_extrh_i64_i32(IRBlock *b, IRTemp d, IRTemp a);
void ir_movi(IRBlock *b, IRType t, IRTemp d, uint64_t v);

void ir_extract(IRBlock *b, IRType t, IRTemp d, IRTemp a, unsigned pos, unsigned len);
void ir_sextract(IRBlock *b, IRType t, IRTemp d, IRTemp a, unsigned pos, unsigned len);
void ir_deposit(IRBlock *b, IRType t, IRTemp d, IRTemp a, IRTemp v, unsigned pos, unsigned len);
void ir_setcond(IRBlock *b, IRType t, IRCond c, IRTemp d, IRTemp a, IRTemp x);
void ir_setcondi(IRBlock *b, IRType t, IRCond c, IRTemp d, IRTemp a, uint64_t imm);
void ir_movcond(IRBlock *b, IRType t, IRCond c, IRTemp d, IRTemp c1, IRTemp c2,
                IRTemp v1, IRTemp v2);

void ir_br(IRBlock *b, IRLabel l);
void ir_brcond(IRBlock *b, IRType t, IRCond c, IRTemp a, IRTemp x, IRLabel l);
void ir_brcondi(IRBlock *b, IRType t, IRCond c, IRTemp a, uint64_t imm, IRLabel l);
void ir_set_label(IRBlock *b, IRLabel l);

void ir_ld_env(IRBlock *b, IRType t, IRTemp d, int32_t off, MemOp mo);
void ir_st_env(IRBlock *b, IRType t, IRTemp v, int32_t off, MemOp mo);
void ir_qemu_ld(IRBlock *b, IRType t, IRTemp d, IRTemp addr, MemOp mo, int mmu_idx);
void ir_qemu_st(IRBlock *b, IRType t, IRTemp v, IRTemp addr, MemOp mo, int mmu_idx);
/* opc is one of IR_atomic_xchg .. IR_atomic_umax */
void ir_atomic_rmw(IRBlock *b, IROpcode opc, IRType t, IRTemp d, IRTemp addr, IRTemp v,
                   MemOp mo, int mmu_idx);
void ir_atomic_cmpxchg(IRBlock *b, IRType t, IRTemp d, IRTemp addr, IRTemp cmpv,
                       IRTemp newv, MemOp mo, int mmu_idx);
void ir_mb(IRBlock *b, unsigned kind);
/* Global g's value is dead here: no path reads it before writing it, at any exit of the
 * block either (its successors overwrite it first). Code computing it may be dropped; no
 * code is emitted, the global keeps whatever it holds (docs/architecture.md "Flags"). */
void ir_discard(IRBlock *b, IRTemp g);

/* Condition flags (ir_ops.h): d = carry/overflow/borrow of a +/- b +/- c (c is 0 or 1). */
void ir_flag_op(IRBlock *b, IROpcode opc, IRType t, IRTemp d, IRTemp a, IRTemp x, IRTemp c);
static inline void ir_addco(IRBlock *b, IRType t, IRTemp d, IRTemp a, IRTemp x, IRTemp c)
{ ir_flag_op(b, IR_addco, t, d, a, x, c); }
static inline void ir_addvo(IRBlock *b, IRType t, IRTemp d, IRTemp a, IRTemp x, IRTemp c)
{ ir_flag_op(b, IR_addvo, t, d, a, x, c); }
static inline void ir_subbo(IRBlock *b, IRType t, IRTemp d, IRTemp a, IRTemp x, IRTemp c)
{ ir_flag_op(b, IR_subbo, t, d, a, x, c); }
static inline void ir_subvo(IRBlock *b, IRType t, IRTemp d, IRTemp a, IRTemp x, IRTemp c)
{ ir_flag_op(b, IR_subvo, t, d, a, x, c); }

/* Vectors (ir_ops.h): registers are CPU-state offsets; desc = IR_VDESC(esz, bytes). */
#define IR_VEC_Q 4
#define IR_VEC_SCALAR 8     /* FP ops only: lane 0 alone, the rest of d zeroed */
#define IR_VDESC(esz, bytes) ((uint32_t)(esz) | ((bytes) == 16 ? IR_VEC_Q : 0))
static inline unsigned ir_vdesc_esz(uint32_t desc) { return desc & 3; }
static inline unsigned ir_vdesc_bytes(uint32_t desc) { return desc & IR_VEC_Q ? 16 : 8; }
/* Lanes an op computes (1 for IR_VEC_SCALAR). */
static inline unsigned ir_vdesc_lanes(uint32_t desc)
{ return desc & IR_VEC_SCALAR ? 1 : ir_vdesc_bytes(desc) >> ir_vdesc_esz(desc); }
void ir_vec2(IRBlock *b, IROpcode opc, uint32_t desc, int32_t d, int32_t a);   /* vmov.. */
void ir_vec3(IRBlock *b, IROpcode opc, uint32_t desc, int32_t d, int32_t a, int32_t x);
void ir_vcmp(IRBlock *b, IRCond c, uint32_t desc, int32_t d, int32_t a, int32_t x);
void ir_vshi(IRBlock *b, IROpcode opc, uint32_t desc, int32_t d, int32_t a, unsigned n);
void ir_vshs(IRBlock *b, IROpcode opc, IRType t, uint32_t desc, int32_t d, int32_t a, IRTemp n);
void ir_vdup(IRBlock *b, IRType t, uint32_t desc, int32_t d, IRTemp s);
/* FP lanes (ir_ops.h): ok (an i64 temp) = 1 when d was written, 0 when the exact path must
 * run. opc is IR_vfadd .. IR_vfdiv; vfsqrt; vfma with neg (bit 0 product, bit 1 addend). */
void ir_vfop(IRBlock *b, IROpcode opc, IRTemp ok, uint32_t desc, int32_t d, int32_t a,
             int32_t x);
void ir_vfsqrt(IRBlock *b, IRTemp ok, uint32_t desc, int32_t d, int32_t a);
void ir_vfma(IRBlock *b, IRTemp ok, uint32_t desc, int32_t d, int32_t a, int32_t x, int32_t c,
             unsigned neg);
/* Lanes are plain CPU-state fields: extract/insert are ld_env/st_env at the lane. */
void ir_vext(IRBlock *b, IRType t, IRTemp d, int32_t v, unsigned lane, MemOp mo);
void ir_vins(IRBlock *b, IRType t, IRTemp s, int32_t v, unsigned lane, MemOp mo);
/* Guest memory to/from a vector register: mo's size is MO_64 (the upper half becomes 0 on
 * a load) or MO_128 (two 64-bit accesses, low address first; MO_ALIGN checks each half). */
void ir_vld(IRBlock *b, int32_t d, IRTemp addr, MemOp mo, int mmu_idx);
void ir_vst(IRBlock *b, int32_t v, IRTemp addr, MemOp mo, int mmu_idx);

/* Helper call: ret is a temp or IR_NO_TEMP for void helpers; args are temps
 * (IR_TEMP_ENV_PTR for the env pointer). */
#define IR_NO_TEMP 0xffffffffu
void ir_call(IRBlock *b, IRHelper *h, IRTemp ret, int nargs, const IRTemp *args);
#define ir_callv(b, h, ret, ...) \
    ir_call(b, h, ret, sizeof((IRTemp[]){__VA_ARGS__}) / sizeof(IRTemp), (IRTemp[]){__VA_ARGS__})

void ir_insn_start(IRBlock *b, uint64_t pc);
void ir_goto_tb(IRBlock *b, unsigned n);
void ir_exit_tb(IRBlock *b, unsigned code);
void ir_lookup_and_goto(IRBlock *b);

/* Operand access. */
static inline uint32_t ir_op_const(const IROp *op, int i) { return op->args[op->nout + op->nin + i]; }
static inline uint64_t ir_insn_start_pc(const IROp *op)
{ return (uint64_t)op->args[0] | ((uint64_t)op->args[1] << 32); }

/* Dump (-d op / op_opt) and checker (debug builds, tests). */
void ir_dump(const IRBlock *b, FILE *f);
/* Returns NULL when valid, else a static message naming the op index and the problem. */
const char *ir_check(const IRBlock *b);
/* Optimizer: constant folding, copy propagation, dead-code elimination. */
void ir_optimize(IRBlock *b);

const char *ir_cond_name(IRCond c);
IRCond ir_cond_invert(IRCond c);
IRCond ir_cond_swap(IRCond c);
/* Evaluate a condition on constants of the given type (used by optimizer and interpreter). */
bool ir_cond_eval(IRCond c, IRType t, uint64_t a, uint64_t b);

#endif
