/* The IR builder: op table, block storage, temps, constants, labels, helpers and conditions. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "ir.h"

const IROpDef ir_op_defs[IR_NB_OPS] = {
#define IR_X_DEF(name, nout, nin, nconst, flags) { #name, nout, nin, nconst, flags },
    IR_OPS(IR_X_DEF)
#undef IR_X_DEF
};

/* Constant interning: a direct-mapped cache of const temps for the block being built.
 * Entries are validated against the block on every hit, so stale ones only cost a miss. */
#define IR_CONST_CACHE_SIZE 1024
static const IRBlock *ir_const_owner;
static uint32_t ir_const_cache[IR_CONST_CACHE_SIZE];

static void ir_const_cache_clear(const IRBlock *b)
{
    memset(ir_const_cache, 0, sizeof(ir_const_cache));
    ir_const_owner = b;
}

static void ir_add_global(IRBlock *b, const IRGlobalDef *g)
{
    IRTempInfo *ti = &b->temps[b->ntemps++];
    *ti = (IRTempInfo){ .kind = IR_TEMP_GLOBAL, .type = (uint8_t)g->type,
                        .env_off = g->env_off, .name = g->name };
}

void ir_block_init(IRBlock *b, const IRGlobalDef *globals, int nglobals)
{
    memset(b, 0, sizeof(*b));
    b->cap_ops = 256;
    b->ops = trix_malloc0(sizeof(IROp) * b->cap_ops);
    b->cap_temps = 256 + nglobals;
    b->temps = trix_malloc0(sizeof(IRTempInfo) * b->cap_temps);
    b->temps[0] = (IRTempInfo){ .kind = IR_TEMP_ENV, .type = IR_I64, .name = "env" };
    b->ntemps = 1;
    for (int i = 0; i < nglobals; i++)
        ir_add_global(b, &globals[i]);
    b->nglobals = nglobals;
    if (ir_const_owner == b)
        ir_const_cache_clear(b);
}

void ir_block_reset(IRBlock *b)
{
    b->nops = 0;
    b->ntemps = 1 + b->nglobals;
    b->nlabels = 0;
    b->pc = 0;
    b->ninsns = 0;
    if (ir_const_owner == b)
        ir_const_cache_clear(b);
}

void ir_block_free(IRBlock *b)
{
    free(b->ops);
    free(b->temps);
    if (ir_const_owner == b)
        ir_const_cache_clear(NULL);
    memset(b, 0, sizeof(*b));
}

static IRTemp ir_alloc_temp(IRBlock *b, IRTempKind kind, IRType type)
{
    if (b->ntemps == b->cap_temps) {
        b->cap_temps *= 2;
        b->temps = trix_realloc(b->temps, sizeof(IRTempInfo) * b->cap_temps);
    }
    IRTemp t = (IRTemp)b->ntemps++;
    b->temps[t] = (IRTempInfo){ .kind = (uint8_t)kind, .type = (uint8_t)type };
    return t;
}

IRTemp ir_new_temp(IRBlock *b, IRType type)
{
    return ir_alloc_temp(b, IR_TEMP_NORMAL, type);
}

static unsigned ir_const_hash(IRType type, uint64_t val)
{
    uint64_t h = (val ^ ((uint64_t)type << 62)) * 0x9e3779b97f4a7c15ull;
    return (unsigned)(h >> 54) & (IR_CONST_CACHE_SIZE - 1);
}

IRTemp ir_const(IRBlock *b, IRType type, uint64_t val)
{
    if (type == IR_I32)
        val = (uint32_t)val;
    if (ir_const_owner != b)
        ir_const_cache_clear(b);
    unsigned h = ir_const_hash(type, val);
    uint32_t t = ir_const_cache[h];
    if (t && (int)t < b->ntemps) {
        const IRTempInfo *ti = &b->temps[t];
        if (ti->kind == IR_TEMP_CONST && ti->type == type && ti->val == val)
            return t;
    }
    t = ir_alloc_temp(b, IR_TEMP_CONST, type);
    b->temps[t].val = val;
    ir_const_cache[h] = t;
    return t;
}

IRLabel ir_new_label(IRBlock *b)
{
    return (IRLabel)b->nlabels++;
}

IROp *ir_emit(IRBlock *b, IROpcode opc, IRType type)
{
    if (b->nops == b->cap_ops) {
        b->cap_ops *= 2;
        b->ops = trix_realloc(b->ops, sizeof(IROp) * b->cap_ops);
    }
    IROp *op = &b->ops[b->nops++];
    memset(op, 0, sizeof(*op));
    op->opc = (uint16_t)opc;
    op->type = (uint8_t)type;
    op->nout = ir_op_defs[opc].nout;
    op->nin = ir_op_defs[opc].nin;
    op->nconst = ir_op_defs[opc].nconst;
    return op;
}

void ir_emit1(IRBlock *b, IROpcode opc, IRType t, IRTemp d, IRTemp a)
{
    IROp *op = ir_emit(b, opc, t);
    op->args[0] = d;
    op->args[1] = a;
}

void ir_emit2(IRBlock *b, IROpcode opc, IRType t, IRTemp d, IRTemp a, IRTemp c)
{
    IROp *op = ir_emit(b, opc, t);
    op->args[0] = d;
    op->args[1] = a;
    op->args[2] = c;
}

void ir_emit2i(IRBlock *b, IROpcode opc, IRType t, IRTemp d, IRTemp a, uint64_t imm)
{
    IRTemp c = ir_const(b, ir_temp_type(b, a), imm);
    ir_emit2(b, opc, t, d, a, c);
}

void ir_bswap64(IRBlock *b, IRTemp d, IRTemp a) { ir_emit1(b, IR_bswap64, IR_I64, d, a); }
void ir_ext32s(IRBlock *b, IRTemp d, IRTemp a) { ir_emit1(b, IR_ext32s, IR_I64, d, a); }
void ir_ext32u(IRBlock *b, IRTemp d, IRTemp a) { ir_emit1(b, IR_ext32u, IR_I64, d, a); }
void ir_ext_i32_i64(IRBlock *b, IRTemp d, IRTemp a) { ir_emit1(b, IR_ext_i32_i64, IR_I64, d, a); }
void ir_extu_i32_i64(IRBlock *b, IRTemp d, IRTemp a)
{ ir_emit1(b, IR_extu_i32_i64, IR_I64, d, a); }
void ir_extrl_i64_i32(IRBlock *b, IRTemp d, IRTemp a)
{ ir_emit1(b, IR_extrl_i64_i32, IR_I32, d, a); }
void ir_extrh_i64_i32(IRBlock *b, IRTemp d, IRTemp a)
{ ir_emit1(b, IR_extrh_i64_i32, IR_I32, d, a); }

void ir_movi(IRBlock *b, IRType t, IRTemp d, uint64_t v)
{
    ir_emit1(b, IR_mov, t, d, ir_const(b, t, v));
}

static void ir_emit_field(IRBlock *b, IROpcode opc, IRType t, IRTemp d, IRTemp a, IRTemp v,
                          unsigned pos, unsigned len)
{
    IROp *op = ir_emit(b, opc, t);
    int i = 0;
    op->args[i++] = d;
    op->args[i++] = a;
    if (opc == IR_deposit)
        op->args[i++] = v;
    op->args[i++] = pos;
    op->args[i] = len;
}

void ir_extract(IRBlock *b, IRType t, IRTemp d, IRTemp a, unsigned pos, unsigned len)
{ ir_emit_field(b, IR_extract, t, d, a, 0, pos, len); }
void ir_sextract(IRBlock *b, IRType t, IRTemp d, IRTemp a, unsigned pos, unsigned len)
{ ir_emit_field(b, IR_sextract, t, d, a, 0, pos, len); }
void ir_deposit(IRBlock *b, IRType t, IRTemp d, IRTemp a, IRTemp v, unsigned pos, unsigned len)
{ ir_emit_field(b, IR_deposit, t, d, a, v, pos, len); }

void ir_setcond(IRBlock *b, IRType t, IRCond c, IRTemp d, IRTemp a, IRTemp x)
{
    IROp *op = ir_emit(b, IR_setcond, t);
    op->args[0] = d;
    op->args[1] = a;
    op->args[2] = x;
    op->args[3] = c;
}

void ir_setcondi(IRBlock *b, IRType t, IRCond c, IRTemp d, IRTemp a, uint64_t imm)
{
    ir_setcond(b, t, c, d, a, ir_const(b, t, imm));
}

void ir_movcond(IRBlock *b, IRType t, IRCond c, IRTemp d, IRTemp c1, IRTemp c2,
                IRTemp v1, IRTemp v2)
{
    IROp *op = ir_emit(b, IR_movcond, t);
    op->args[0] = d;
    op->args[1] = c1;
    op->args[2] = c2;
    op->args[3] = v1;
    op->args[4] = v2;
    op->args[5] = c;
}

void ir_br(IRBlock *b, IRLabel l)
{
    ir_emit(b, IR_br, IR_I64)->args[0] = l;
}

void ir_brcond(IRBlock *b, IRType t, IRCond c, IRTemp a, IRTemp x, IRLabel l)
{
    IROp *op = ir_emit(b, IR_brcond, t);
    op->args[0] = a;
    op->args[1] = x;
    op->args[2] = c;
    op->args[3] = l;
}

void ir_brcondi(IRBlock *b, IRType t, IRCond c, IRTemp a, uint64_t imm, IRLabel l)
{
    ir_brcond(b, t, c, a, ir_const(b, t, imm), l);
}

void ir_set_label(IRBlock *b, IRLabel l)
{
    ir_emit(b, IR_set_label, IR_I64)->args[0] = l;
}

void ir_ld_env(IRBlock *b, IRType t, IRTemp d, int32_t off, MemOp mo)
{
    IROp *op = ir_emit(b, IR_ld_env, t);
    op->args[0] = d;
    op->args[1] = (uint32_t)off;
    op->args[2] = mo;
}

void ir_st_env(IRBlock *b, IRType t, IRTemp v, int32_t off, MemOp mo)
{
    IROp *op = ir_emit(b, IR_st_env, t);
    op->args[0] = v;
    op->args[1] = (uint32_t)off;
    op->args[2] = mo;
}

void ir_qemu_ld(IRBlock *b, IRType t, IRTemp d, IRTemp addr, MemOp mo, int mmu_idx)
{
    IROp *op = ir_emit(b, IR_qemu_ld, t);
    op->args[0] = d;
    op->args[1] = addr;
    op->args[2] = mo;
    op->args[3] = (uint32_t)mmu_idx;
}

void ir_qemu_st(IRBlock *b, IRType t, IRTemp v, IRTemp addr, MemOp mo, int mmu_idx)
{
    IROp *op = ir_emit(b, IR_qemu_st, t);
    op->args[0] = v;
    op->args[1] = addr;
    op->args[2] = mo;
    op->args[3] = (uint32_t)mmu_idx;
}

void ir_atomic_rmw(IRBlock *b, IROpcode opc, IRType t, IRTemp d, IRTemp addr, IRTemp v,
                   MemOp mo, int mmu_idx)
{
    ASSERT(opc >= IR_atomic_xchg && opc <= IR_atomic_umax);
    IROp *op = ir_emit(b, opc, t);
    op->args[0] = d;
    op->args[1] = addr;
    op->args[2] = v;
    op->args[3] = mo;
    op->args[4] = (uint32_t)mmu_idx;
}

void ir_atomic_cmpxchg(IRBlock *b, IRType t, IRTemp d, IRTemp addr, IRTemp cmpv,
                       IRTemp newv, MemOp mo, int mmu_idx)
{
    IROp *op = ir_emit(b, IR_atomic_cmpxchg, t);
    op->args[0] = d;
    op->args[1] = addr;
    op->args[2] = cmpv;
    op->args[3] = newv;
    op->args[4] = mo;
    op->args[5] = (uint32_t)mmu_idx;
}

void ir_mb(IRBlock *b, unsigned kind)
{
    ir_emit(b, IR_mb, IR_I64)->args[0] = kind;
}

void ir_discard(IRBlock *b, IRTemp g)
{
    ASSERT(b->temps[g].kind == IR_TEMP_GLOBAL);
    ir_emit(b, IR_discard, IR_I64)->args[0] = g;
}

void ir_call(IRBlock *b, IRHelper *h, IRTemp ret, int nargs, const IRTemp *args)
{
    ASSERT(nargs >= 0 && nargs <= IR_MAX_CALL_ARGS);
    int id = ir_helper_register(h);
    IROp *op = ir_emit(b, IR_call, h->ret == IR_I32 ? IR_I32 : IR_I64);
    int i = 0;
    op->nout = ret != IR_NO_TEMP;
    op->nin = (uint8_t)nargs;
    if (ret != IR_NO_TEMP)
        op->args[i++] = ret;
    for (int k = 0; k < nargs; k++)
        op->args[i++] = args[k];
    op->args[i] = (uint32_t)id;
}

void ir_insn_start(IRBlock *b, uint64_t pc)
{
    IROp *op = ir_emit(b, IR_insn_start, IR_I64);
    op->args[0] = (uint32_t)pc;
    op->args[1] = (uint32_t)(pc >> 32);
    b->ninsns++;
}

void ir_goto_tb(IRBlock *b, unsigned n)
{
    ir_emit(b, IR_goto_tb, IR_I64)->args[0] = n;
}

void ir_exit_tb(IRBlock *b, unsigned code)
{
    ir_emit(b, IR_exit_tb, IR_I64)->args[0] = code;
}

void ir_lookup_and_goto(IRBlock *b)
{
    ir_emit(b, IR_lookup_and_goto, IR_I64);
}

/* Helper registry: a fixed table, so readers never see it move. */
#define IR_MAX_HELPERS 4096
static IRHelper *ir_helpers[IR_MAX_HELPERS];
static int ir_nhelpers;
static pthread_mutex_t ir_helper_lock = PTHREAD_MUTEX_INITIALIZER;

int ir_helper_register(IRHelper *h)
{
    int id = __atomic_load_n(&h->id, __ATOMIC_ACQUIRE);
    if (id >= 0)
        return id;
    pthread_mutex_lock(&ir_helper_lock);
    if (h->id < 0) {
        if (ir_nhelpers == IR_MAX_HELPERS)
            trix_fatal("internal error: more than %d IR helpers", IR_MAX_HELPERS);
        ASSERT(h->nargs <= IR_MAX_CALL_ARGS);
        ir_helpers[ir_nhelpers] = h;
        __atomic_store_n(&h->id, ir_nhelpers++, __ATOMIC_RELEASE);
    }
    id = h->id;
    pthread_mutex_unlock(&ir_helper_lock);
    return id;
}

IRHelper *ir_helper_get(int id)
{
    if (id < 0 || id >= __atomic_load_n(&ir_nhelpers, __ATOMIC_ACQUIRE))
        return NULL;
    return ir_helpers[id];
}

/* Conditions. */
static const char *const ir_cond_names[] = {
    [IR_COND_NEVER] = "never", [IR_COND_ALWAYS] = "always",
    [IR_COND_EQ] = "eq", [IR_COND_NE] = "ne",
    [IR_COND_LT] = "lt", [IR_COND_GE] = "ge", [IR_COND_LE] = "le", [IR_COND_GT] = "gt",
    [IR_COND_LTU] = "ltu", [IR_COND_GEU] = "geu", [IR_COND_LEU] = "leu", [IR_COND_GTU] = "gtu",
    [IR_COND_TSTEQ] = "tsteq", [IR_COND_TSTNE] = "tstne",
};

const char *ir_cond_name(IRCond c)
{
    return (unsigned)c < ARRAY_SIZE(ir_cond_names) ? ir_cond_names[c] : "?";
}

IRCond ir_cond_invert(IRCond c)
{
    static const uint8_t inv[] = {
        [IR_COND_NEVER] = IR_COND_ALWAYS, [IR_COND_ALWAYS] = IR_COND_NEVER,
        [IR_COND_EQ] = IR_COND_NE, [IR_COND_NE] = IR_COND_EQ,
        [IR_COND_LT] = IR_COND_GE, [IR_COND_GE] = IR_COND_LT,
        [IR_COND_LE] = IR_COND_GT, [IR_COND_GT] = IR_COND_LE,
        [IR_COND_LTU] = IR_COND_GEU, [IR_COND_GEU] = IR_COND_LTU,
        [IR_COND_LEU] = IR_COND_GTU, [IR_COND_GTU] = IR_COND_LEU,
        [IR_COND_TSTEQ] = IR_COND_TSTNE, [IR_COND_TSTNE] = IR_COND_TSTEQ,
    };
    return (IRCond)inv[c];
}

IRCond ir_cond_swap(IRCond c)
{
    switch (c) {
    case IR_COND_LT: return IR_COND_GT;
    case IR_COND_GT: return IR_COND_LT;
    case IR_COND_LE: return IR_COND_GE;
    case IR_COND_GE: return IR_COND_LE;
    case IR_COND_LTU: return IR_COND_GTU;
    case IR_COND_GTU: return IR_COND_LTU;
    case IR_COND_LEU: return IR_COND_GEU;
    case IR_COND_GEU: return IR_COND_LEU;
    default: return c;
    }
}

bool ir_cond_eval(IRCond c, IRType t, uint64_t a, uint64_t b)
{
    if (t == IR_I32) {
        a = (uint32_t)a;
        b = (uint32_t)b;
    }
    int64_t sa = t == IR_I32 ? (int32_t)a : (int64_t)a;
    int64_t sb = t == IR_I32 ? (int32_t)b : (int64_t)b;
    switch (c) {
    case IR_COND_NEVER: return false;
    case IR_COND_ALWAYS: return true;
    case IR_COND_EQ: return a == b;
    case IR_COND_NE: return a != b;
    case IR_COND_LT: return sa < sb;
    case IR_COND_GE: return sa >= sb;
    case IR_COND_LE: return sa <= sb;
    case IR_COND_GT: return sa > sb;
    case IR_COND_LTU: return a < b;
    case IR_COND_GEU: return a >= b;
    case IR_COND_LEU: return a <= b;
    case IR_COND_GTU: return a > b;
    case IR_COND_TSTEQ: return (a & b) == 0;
    case IR_COND_TSTNE: return (a & b) != 0;
    }
    return false;
}
