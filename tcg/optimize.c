/* IR optimizer: constant folding, algebraic simplification, copy propagation, dead code. */
/*
 * Three passes over the block:
 *  1. forward: substitute known copies into inputs, fold constants and simplify per opcode
 *     (the fold_<op> functions), turn constant branches into br or nothing, and drop code
 *     after an unconditional exit up to the next label. Copies are tracked with write
 *     versions: a copy d = s holds while neither d nor s has been written since and no label
 *     has been passed (labels bump the epoch). Helper calls that may write globals and st_env
 *     bump every global.
 *     Conditions on a flag (x == 0/1 where x = subbo(a, b, 0), sub, xor or setcond) become
 *     the compare of a and b (opt_fuse_compare); x ^ 1 of such a compare, its inverse.
 *     discard g bumps g's version (no copy of g is read after it).
 *  2. labels no branch refers to are removed, and a br to the label right after it.
 *  3. backward over vector registers: a vector op whose destination is overwritten by a later
 *     vector op before anything may read it (a vector op, ld_env, a call reading globals
 *     or given the env pointer, a faulting access, a block end) is removed.
 *  4. backward liveness: ops without side effects whose outputs are dead are removed.
 *     discard g makes g dead before it. Globals are live at every block end and wherever
 *     the guest state may be observed
 *     (exits, goto_tb, memory ops that may fault, calls that read globals or may raise,
 *     ld_env). Block temps are dead at basic-block ends unless referenced in several basic
 *     blocks or read before written in theirs.
 */
#include <stdlib.h>
#include <string.h>
#include "ir_eval.h"
#include "ir_vec.h"

typedef struct Opt {
    IRBlock *b;
    uint32_t *ver;          /* per temp: bumped on every write */
    uint32_t *cp_src;       /* per temp: the temp it is a copy of */
    uint32_t *cp_srcver;    /* ver[cp_src] when the copy was made */
    uint32_t *cp_ownver;    /* own ver when the copy was made */
    uint32_t *cp_epoch;     /* epoch when the copy was made (0: never) */
    uint32_t epoch;
    /* per temp: the compare it is the flag of (opt_record_flag) */
    uint32_t *fl_opc, *fl_a, *fl_b, *fl_aver, *fl_bver, *fl_ownver, *fl_epoch, *fl_cond;
    int nt;                 /* temps when the pass began; newer ones are constants */
} Opt;

/* --- op rewriting --- */

static uint64_t opt_mask(IRType t)
{
    return t == IR_I32 ? 0xffffffffull : ~0ull;
}

static bool opt_is_const(Opt *o, IRTemp t)
{
    return o->b->temps[t].kind == IR_TEMP_CONST;
}

static uint64_t opt_val(Opt *o, IRTemp t)
{
    return o->b->temps[t].val;
}

static bool opt_is_val(Opt *o, IRTemp t, uint64_t v)
{
    return opt_is_const(o, t) && opt_val(o, t) == (v & opt_mask(o->b->temps[t].type));
}

static void opt_to_nop(IROp *op)
{
    memset(op, 0, sizeof(*op));
    op->opc = IR_nop;
}

static void opt_to_mov(Opt *o, IROp *op, IRTemp src)
{
    IRTemp d = op->args[0];
    memset(op, 0, sizeof(*op));
    op->opc = IR_mov;
    op->type = o->b->temps[d].type;
    op->nout = 1;
    op->nin = 1;
    op->args[0] = d;
    op->args[1] = src;
}

static void opt_to_movi(Opt *o, IROp *op, uint64_t v)
{
    IRType t = (IRType)o->b->temps[op->args[0]].type;
    opt_to_mov(o, op, ir_const(o->b, t, v & opt_mask(t)));
}

static void opt_to_br(IROp *op, uint32_t label)
{
    opt_to_nop(op);
    op->opc = IR_br;
    op->nconst = 1;
    op->args[0] = label;
}

/* --- evaluation of constant inputs --- */

static bool opt_eval_bin(IROpcode opc, bool i32, uint64_t a, uint64_t b, uint64_t *r)
{
    switch (opc) {
#define OPT_BIN_CASE(X, op) \
    case IR_##op: *r = i32 ? ir_sem_##op##_32(a, b) : ir_sem_##op##_64(a, b); return true;
    IR_EVAL_BIN_OPS(OPT_BIN_CASE, _)
#undef OPT_BIN_CASE
    default: return false;
    }
}

static bool opt_eval_un(IROpcode opc, bool i32, uint64_t a, uint64_t *r)
{
    switch (opc) {
#define OPT_UN_CASE(X, op) \
    case IR_##op: *r = i32 ? ir_sem_##op##_32(a, 0) : ir_sem_##op##_64(a, 0); return true;
    IR_EVAL_UN_OPS(OPT_UN_CASE, _)
#undef OPT_UN_CASE
    case IR_bswap64: *r = ir_sem_bswap64(a); return true;
    case IR_ext32s: *r = ir_sem_ext32s(a); return true;
    case IR_ext32u: *r = ir_sem_ext32u(a); return true;
    case IR_ext_i32_i64: *r = ir_sem_ext_i32_i64(a); return true;
    case IR_extu_i32_i64: *r = ir_sem_extu_i32_i64(a); return true;
    case IR_extrl_i64_i32: *r = ir_sem_extrl_i64_i32(a); return true;
    case IR_extrh_i64_i32: *r = ir_sem_extrh_i64_i32(a); return true;
    default: return false;
    }
}

static bool opt_eval_other(const IROp *op, const uint64_t *v, uint64_t *r)
{
    IRType t = (IRType)op->type;
    switch (op->opc) {
    case IR_extract: *r = ir_sem_extract(t, v[0], ir_op_const(op, 0), ir_op_const(op, 1)); return true;
    case IR_sextract:
        *r = ir_sem_sextract(t, v[0], ir_op_const(op, 0), ir_op_const(op, 1));
        return true;
    case IR_deposit:
        *r = ir_sem_deposit(t, v[0], v[1], ir_op_const(op, 0), ir_op_const(op, 1));
        return true;
    case IR_setcond: *r = ir_cond_eval((IRCond)ir_op_const(op, 0), t, v[0], v[1]); return true;
    case IR_movcond:
        *r = ir_cond_eval((IRCond)ir_op_const(op, 0), t, v[0], v[1]) ? v[2] : v[3];
        return true;
    case IR_addco: case IR_addvo: case IR_subbo: case IR_subvo:
        *r = ir_sem_flag((IROpcode)op->opc, t, v[0], v[1], v[2]);
        return true;
    default: return false;
    }
}

/* Fold an op whose inputs are all constants into a movi. */
static bool fold_const_inputs(Opt *o, IROp *op)
{
    const IROpDef *def = &ir_op_defs[op->opc];
    if ((def->flags & (IRF_SIDE | IRF_CALL)) || op->nout != 1 || op->nin == 0 ||
        op->opc == IR_mov)
        return false;
    uint64_t v[IR_MAX_ARGS];
    for (int i = 0; i < op->nin; i++) {
        if (!opt_is_const(o, op->args[1 + i]))
            return false;
        v[i] = opt_val(o, op->args[1 + i]);
    }
    bool i32 = op->type == IR_I32;
    uint64_t r;
    bool ok = op->nin == 2 && opt_eval_bin((IROpcode)op->opc, i32, v[0], v[1], &r);
    ok = ok || (op->nin == 1 && opt_eval_un((IROpcode)op->opc, i32, v[0], &r));
    ok = ok || opt_eval_other(op, v, &r);
    if (ok)
        opt_to_movi(o, op, r);
    return ok;
}

/* --- per-opcode simplifications (inputs already substituted) --- */

static bool opt_commutative(IROpcode opc)
{
    return opc == IR_add || opc == IR_mul || opc == IR_and || opc == IR_or ||
           opc == IR_xor || opc == IR_eqv;
}

/* Commutative ops: constant second. */
static void opt_canon(Opt *o, IROp *op)
{
    if (opt_commutative((IROpcode)op->opc) && opt_is_const(o, op->args[1]) &&
        !opt_is_const(o, op->args[2])) {
        IRTemp t = op->args[1];
        op->args[1] = op->args[2];
        op->args[2] = t;
    }
}

#define A1 op->args[1]
#define A2 op->args[2]
#define MASK opt_mask((IRType)op->type)

static bool fold_identity0(Opt *o, IROp *op)        /* add, or, xor, shifts: x op 0 = x */
{
    if (opt_is_val(o, A2, 0)) {
        opt_to_mov(o, op, A1);
        return true;
    }
    return false;
}

static bool fold_add(Opt *o, IROp *op) { return fold_identity0(o, op); }

static bool fold_sub(Opt *o, IROp *op)
{
    if (A1 == A2) {
        opt_to_movi(o, op, 0);
        return true;
    }
    return fold_identity0(o, op);
}

static bool fold_mul(Opt *o, IROp *op)
{
    if (opt_is_val(o, A2, 0)) {
        opt_to_movi(o, op, 0);
        return true;
    }
    if (opt_is_val(o, A2, 1)) {
        opt_to_mov(o, op, A1);
        return true;
    }
    return false;
}

static bool fold_div(Opt *o, IROp *op)             /* div, divu: x / 1 = x */
{
    if (opt_is_val(o, A2, 1)) {
        opt_to_mov(o, op, A1);
        return true;
    }
    return false;
}

static bool fold_and(Opt *o, IROp *op)
{
    if (opt_is_val(o, A2, 0)) {
        opt_to_movi(o, op, 0);
        return true;
    }
    if (opt_is_val(o, A2, MASK) || A1 == A2) {
        opt_to_mov(o, op, A1);
        return true;
    }
    return false;
}

static bool fold_or(Opt *o, IROp *op)
{
    if (opt_is_val(o, A2, MASK)) {
        opt_to_movi(o, op, MASK);
        return true;
    }
    if (A1 == A2) {
        opt_to_mov(o, op, A1);
        return true;
    }
    return fold_identity0(o, op);
}

static int opt_flag_of(Opt *o, IRTemp x);

/* d = x ^ 1 where x is a 0/1 compare result (setcond, or subbo(a, b, 0) = a <u b): the
 * inverse compare of the same operands (arm's C after SUBS, inverted conditions). */
static bool fold_xor_flag(Opt *o, IROp *op)
{
    IRTemp x = A1;
    if (!opt_is_val(o, A2, 1) || opt_is_const(o, x))
        return false;
    int f = opt_flag_of(o, x);
    IRCond c;
    if (f == IR_setcond && (IRType)(o->fl_cond[x] >> 8) == (IRType)op->type)
        c = (IRCond)(o->fl_cond[x] & 0xff);
    else if (f == IR_subbo && (IRType)(o->fl_cond[x] >> 8) == (IRType)op->type)
        c = IR_COND_LTU;
    else
        return false;
    IRTemp d = op->args[0], a = o->fl_a[x], b = o->fl_b[x];
    IRType t = (IRType)op->type;
    memset(op, 0, sizeof(*op));
    op->opc = IR_setcond;
    op->type = t;
    op->nout = 1;
    op->nin = 2;
    op->nconst = 1;
    op->args[0] = d;
    op->args[1] = a;
    op->args[2] = b;
    op->args[3] = ir_cond_invert(c);
    return true;
}

static bool fold_xor(Opt *o, IROp *op)
{
    if (A1 == A2) {
        opt_to_movi(o, op, 0);
        return true;
    }
    if (fold_xor_flag(o, op))
        return true;
    return fold_identity0(o, op);
}

static bool fold_andc(Opt *o, IROp *op)
{
    if (A1 == A2 || opt_is_val(o, A2, MASK)) {
        opt_to_movi(o, op, 0);
        return true;
    }
    return fold_identity0(o, op);
}

static bool fold_orc(Opt *o, IROp *op)
{
    if (A1 == A2 || opt_is_val(o, A2, 0)) {
        opt_to_movi(o, op, MASK);
        return true;
    }
    if (opt_is_val(o, A2, MASK)) {
        opt_to_mov(o, op, A1);
        return true;
    }
    return false;
}

static bool fold_eqv(Opt *o, IROp *op)
{
    if (A1 == A2) {
        opt_to_movi(o, op, MASK);
        return true;
    }
    return false;
}

static bool fold_shift(Opt *o, IROp *op)           /* shl, shr, sar, rotl, rotr */
{
    if (opt_is_val(o, A1, 0)) {
        opt_to_movi(o, op, 0);
        return true;
    }
    if (opt_is_const(o, A2) && (opt_val(o, A2) & (op->type == IR_I32 ? 31 : 63)) == 0) {
        opt_to_mov(o, op, A1);
        return true;
    }
    return false;
}

static bool fold_count_zeros(Opt *o, IROp *op)     /* clz, ctz: a == 0 gives z */
{
    if (!opt_is_const(o, A1))
        return false;
    if (opt_val(o, A1) == 0) {
        opt_to_mov(o, op, A2);
        return true;
    }
    uint64_t a = opt_val(o, A1);
    uint64_t r = op->opc == IR_clz ? (op->type == IR_I32 ? ir_sem_clz_32(a, 0) : ir_sem_clz_64(a, 0))
               : (op->type == IR_I32 ? ir_sem_ctz_32(a, 0) : ir_sem_ctz_64(a, 0));
    opt_to_movi(o, op, r);
    return true;
}

/* Result of comparing a temp with itself, or -1. */
static int opt_cond_same(IRCond c)
{
    switch (c) {
    case IR_COND_EQ: case IR_COND_GE: case IR_COND_LE: case IR_COND_GEU: case IR_COND_LEU:
    case IR_COND_ALWAYS:
        return 1;
    case IR_COND_NE: case IR_COND_LT: case IR_COND_GT: case IR_COND_LTU: case IR_COND_GTU:
    case IR_COND_NEVER:
        return 0;
    default:
        return -1;
    }
}

/* Statically known outcome of cond(a, b), or -1. */
static int opt_cond_known(Opt *o, IRCond c, IRType t, IRTemp a, IRTemp b)
{
    if (c == IR_COND_ALWAYS || c == IR_COND_NEVER)
        return c == IR_COND_ALWAYS;
    if (opt_is_const(o, a) && opt_is_const(o, b))
        return ir_cond_eval(c, t, opt_val(o, a), opt_val(o, b));
    if (a == b)
        return opt_cond_same(c);
    if ((c == IR_COND_TSTEQ || c == IR_COND_TSTNE) && (opt_is_val(o, a, 0) || opt_is_val(o, b, 0)))
        return c == IR_COND_TSTEQ;
    return -1;
}

/*
 * Fused compares (docs/jit.md "Fused compare and branch"): a condition (x ==/!= const) on a
 * temp x that still holds subbo(a, b, 0), sub(a, b), xor(a, b) or setcond(c, a, b) (neither
 * a, b nor x written since, no label passed) becomes the compare of a and b itself: borrow
 * (x != 0, x == 1) is a <u b, no borrow is a >=u b, a - b and a ^ b are zero when a == b,
 * setcond's x != 0 is c and x == 0 its inverse. The flag op is then
 * dead when nothing else reads it, and the JIT emits one CMP + Jcc/SETcc/CMOVcc.
 */
static uint32_t opt_ver(Opt *o, IRTemp t);

static int opt_flag_of(Opt *o, IRTemp x)
{
    if (x >= (IRTemp)o->nt || o->fl_epoch[x] != o->epoch || o->ver[x] != o->fl_ownver[x] ||
        opt_ver(o, o->fl_a[x]) != o->fl_aver[x] || opt_ver(o, o->fl_b[x]) != o->fl_bver[x])
        return -1;
    return (int)o->fl_opc[x];
}

static void opt_fuse_compare(Opt *o, IROp *op, int ka)
{
    IRCond c = (IRCond)ir_op_const(op, 0);
    IRTemp x = op->args[ka], y = op->args[ka + 1];
    if (c != IR_COND_EQ && c != IR_COND_NE)
        return;
    if (!opt_is_const(o, y)) {
        IRTemp t = x;
        x = y;
        y = t;
    }
    if (!opt_is_const(o, y) || opt_is_const(o, x))
        return;
    uint64_t v = opt_val(o, y);
    int f = opt_flag_of(o, x);
    if (f == IR_setcond && v <= 1) {
        IRCond fc = (IRCond)(o->fl_cond[x] & 0xff);
        IRType ft = (IRType)(o->fl_cond[x] >> 8);
        if (ft != (IRType)op->type && op->opc != IR_brcond)
            return;
        c = (c == IR_COND_NE) == (v == 0) ? fc : ir_cond_invert(fc);
        op->type = ft;
    } else if (f == IR_subbo && v <= 1)
        c = (c == IR_COND_NE) == (v == 0) ? IR_COND_LTU : IR_COND_GEU;
    else if ((f != IR_sub && f != IR_xor) || v != 0)
        return;
    op->args[ka] = o->fl_a[x];
    op->args[ka + 1] = o->fl_b[x];
    op->args[op->nout + op->nin] = c;
}

static void opt_record_flag(Opt *o, const IROp *op)
{
    IRTemp d = op->args[0];
    bool ok = op->opc == IR_sub || op->opc == IR_xor || op->opc == IR_setcond ||
              (op->opc == IR_subbo && opt_is_val(o, op->args[3], 0));
    if (!ok || d >= (IRTemp)o->nt || d == A1 || d == A2) {
        if (op->nout && op->args[0] < (IRTemp)o->nt)
            o->fl_epoch[op->args[0]] = 0;
        return;
    }
    o->fl_opc[d] = op->opc;
    o->fl_a[d] = A1;
    o->fl_b[d] = A2;
    o->fl_aver[d] = opt_ver(o, A1);
    o->fl_bver[d] = opt_ver(o, A2);
    o->fl_ownver[d] = o->ver[d];
    o->fl_epoch[d] = o->epoch;
    o->fl_cond[d] = (op->opc == IR_setcond ? ir_op_const(op, 0) : 0) | (uint32_t)op->type << 8;
}

static bool fold_setcond(Opt *o, IROp *op)
{
    opt_fuse_compare(o, op, 1);
    int r = opt_cond_known(o, (IRCond)ir_op_const(op, 0), (IRType)op->type, A1, A2);
    if (r < 0)
        return false;
    opt_to_movi(o, op, (uint64_t)r);
    return true;
}

static bool fold_movcond(Opt *o, IROp *op)
{
    opt_fuse_compare(o, op, 1);
    int r = opt_cond_known(o, (IRCond)ir_op_const(op, 0), (IRType)op->type, A1, A2);
    if (r < 0 && op->args[3] != op->args[4])
        return false;
    opt_to_mov(o, op, r == 0 ? op->args[4] : op->args[3]);
    return true;
}

static bool fold_brcond(Opt *o, IROp *op)
{
    opt_fuse_compare(o, op, 0);
    int r = opt_cond_known(o, (IRCond)ir_op_const(op, 0), (IRType)op->type, op->args[0],
                           op->args[1]);
    if (r < 0)
        return false;
    if (r)
        opt_to_br(op, ir_op_const(op, 1));
    else
        opt_to_nop(op);
    return true;
}

/* No carry in and a zero addend, or a - a: no carry, borrow or overflow. */
static bool fold_flag(Opt *o, IROp *op)
{
    bool sub = op->opc == IR_subbo || op->opc == IR_subvo;
    if (!opt_is_const(o, op->args[3]) || (opt_val(o, op->args[3]) & 1))
        return false;
    if (opt_is_val(o, A2, 0) || (sub && A1 == A2) || (!sub && opt_is_val(o, A1, 0))) {
        opt_to_movi(o, op, 0);
        return true;
    }
    return false;
}

/* Vector ops on one register twice: x ^ x, x - x, x & ~x are 0; x & x, x | x are x. */
static bool fold_vec_same(Opt *o, IROp *op)
{
    uint32_t d = ir_op_const(op, 0), desc = ir_op_const(op, 1), a = ir_op_const(op, 2);
    if (a != ir_op_const(op, 3))
        return false;
    if (op->opc == IR_vand || op->opc == IR_vor) {
        op->opc = IR_vmov;
        op->nconst = 3;
        op->args[3] = 0;
    } else if (op->opc == IR_vxor || op->opc == IR_vsub || op->opc == IR_vandc) {
        memset(op, 0, sizeof(*op));
        op->opc = IR_vdup;
        op->type = IR_I64;
        op->nin = 1;
        op->nconst = 2;
        op->args[0] = ir_const(o->b, IR_I64, 0);
        op->args[1] = d;
        op->args[2] = desc;
    }
    return false;
}

static bool fold_vmov(Opt *o, IROp *op)
{
    (void)o;
    if (ir_op_const(op, 0) == ir_op_const(op, 2) && (ir_op_const(op, 1) & IR_VEC_Q))
        opt_to_nop(op);
    return false;
}

#undef A1
#undef A2
#undef MASK

typedef bool (*OptFoldFn)(Opt *o, IROp *op);
static const OptFoldFn opt_fold_fns[IR_NB_OPS] = {
    [IR_add] = fold_add, [IR_sub] = fold_sub, [IR_mul] = fold_mul,
    [IR_div] = fold_div, [IR_divu] = fold_div,
    [IR_and] = fold_and, [IR_or] = fold_or, [IR_xor] = fold_xor,
    [IR_andc] = fold_andc, [IR_orc] = fold_orc, [IR_eqv] = fold_eqv,
    [IR_shl] = fold_shift, [IR_shr] = fold_shift, [IR_sar] = fold_shift,
    [IR_rotl] = fold_shift, [IR_rotr] = fold_shift,
    [IR_clz] = fold_count_zeros, [IR_ctz] = fold_count_zeros,
    [IR_setcond] = fold_setcond, [IR_movcond] = fold_movcond, [IR_brcond] = fold_brcond,
    [IR_addco] = fold_flag, [IR_addvo] = fold_flag, [IR_subbo] = fold_flag,
    [IR_subvo] = fold_flag, [IR_vmov] = fold_vmov, [IR_vand] = fold_vec_same,
    [IR_vor] = fold_vec_same, [IR_vxor] = fold_vec_same, [IR_vsub] = fold_vec_same,
    [IR_vandc] = fold_vec_same,
};

/* --- copy propagation state --- */

static uint32_t opt_ver(Opt *o, IRTemp t)
{
    return t < (IRTemp)o->nt ? o->ver[t] : 0;
}

static IRTemp opt_copy_of(Opt *o, IRTemp t)
{
    if (t >= (IRTemp)o->nt || o->cp_epoch[t] != o->epoch || o->ver[t] != o->cp_ownver[t])
        return t;
    IRTemp s = o->cp_src[t];
    return opt_ver(o, s) == o->cp_srcver[t] ? s : t;
}

static void opt_record_copy(Opt *o, IRTemp d, IRTemp s)
{
    o->cp_src[d] = s;
    o->cp_srcver[d] = opt_ver(o, s);
    o->cp_ownver[d] = o->ver[d];
    o->cp_epoch[d] = o->epoch;
}

static void opt_clobber_globals(Opt *o)
{
    for (int g = 0; g < o->b->nglobals; g++)
        o->ver[IR_GLOBAL_BASE + g]++;
}

static bool opt_call_writes_globals(const IROp *op)
{
    IRHelper *h = ir_helper_get((int)ir_op_const(op, 0));
    return !h || !(h->flags & IR_CALL_NO_WRITE_GLOBALS);
}

static void opt_substitute_inputs(Opt *o, IROp *op)
{
    for (int k = op->nout; k < op->nout + op->nin; k++) {
        IRTemp t = op->args[k];
        if (t < (IRTemp)o->b->ntemps && o->b->temps[t].kind != IR_TEMP_ENV)
            op->args[k] = opt_copy_of(o, t);
    }
}

static void opt_record_outputs(Opt *o, IROp *op)
{
    for (int k = 0; k < op->nout; k++)
        o->ver[op->args[k]]++;
    if (op->nout == 1)
        opt_record_flag(o, op);
    if (op->opc == IR_mov)
        opt_record_copy(o, op->args[0], op->args[1]);
    else if ((op->opc == IR_call && opt_call_writes_globals(op)) || op->opc == IR_st_env)
        opt_clobber_globals(o);
}

static bool opt_ends_flow(const IROp *op)
{
    return op->opc == IR_br || op->opc == IR_exit_tb || op->opc == IR_lookup_and_goto;
}

static void opt_forward_op(Opt *o, IROp *op)
{
    if (op->opc == IR_set_label) {
        o->epoch++;
        return;
    }
    if (op->opc == IR_discard) {        /* copies of the global are not to be read after */
        if (ir_op_const(op, 0) < (uint32_t)o->nt)
            o->ver[ir_op_const(op, 0)]++;
        return;
    }
    opt_substitute_inputs(o, op);
    opt_canon(o, op);
    if (!fold_const_inputs(o, op) && opt_fold_fns[op->opc])
        opt_fold_fns[op->opc](o, op);
    if (op->opc == IR_mov && op->args[0] == op->args[1]) {
        opt_to_nop(op);
        return;
    }
    opt_record_outputs(o, op);
}

static void opt_forward(Opt *o)
{
    bool unreachable = false;
    for (int i = 0; i < o->b->nops; i++) {
        IROp *op = &o->b->ops[i];
        if (op->opc == IR_set_label)
            unreachable = false;
        if (unreachable) {
            opt_to_nop(op);
            continue;
        }
        opt_forward_op(o, op);
        unreachable = opt_ends_flow(op);
    }
}

/* --- label cleanup --- */

static int opt_next_real(const IRBlock *b, int i)
{
    while (i < b->nops && b->ops[i].opc == IR_nop)
        i++;
    return i;
}

static void opt_count_label_refs(IRBlock *b, int *refs)
{
    memset(refs, 0, sizeof(int) * ((size_t)b->nlabels + 1));
    for (int i = 0; i < b->nops; i++) {
        const IROp *op = &b->ops[i];
        if (op->opc == IR_br)
            refs[op->args[0]]++;
        else if (op->opc == IR_brcond)
            refs[ir_op_const(op, 1)]++;
    }
}

/* Remove unreferenced labels and the code they no longer make reachable. */
static bool opt_drop_labels(IRBlock *b, const int *refs)
{
    bool changed = false, unreachable = false;
    for (int i = 0; i < b->nops; i++) {
        IROp *op = &b->ops[i];
        if (op->opc == IR_set_label && !refs[op->args[0]]) {
            opt_to_nop(op);
            changed = true;
        } else if (op->opc == IR_set_label) {
            unreachable = false;
        } else if (unreachable && op->opc != IR_nop) {
            opt_to_nop(op);
            changed = true;
        } else if (opt_ends_flow(op)) {
            unreachable = true;
        }
    }
    return changed;
}

/* Remove a br to the label that follows it. */
static bool opt_drop_trivial_br(IRBlock *b)
{
    bool changed = false;
    for (int i = 0; i < b->nops; i++) {
        IROp *op = &b->ops[i];
        if (op->opc != IR_br)
            continue;
        int j = opt_next_real(b, i + 1);
        if (j < b->nops && b->ops[j].opc == IR_set_label && b->ops[j].args[0] == op->args[0]) {
            opt_to_nop(op);
            changed = true;
        }
    }
    return changed;
}

static void opt_labels(IRBlock *b)
{
    int *refs = malloc(sizeof(int) * ((size_t)b->nlabels + 1));
    bool changed = true;
    for (int round = 0; changed && round < 8; round++) {
        opt_count_label_refs(b, refs);
        changed = opt_drop_labels(b, refs);
        changed |= opt_drop_trivial_br(b);
    }
    free(refs);
}

/* --- backward dead-code elimination --- */

/* local[t]: normal temp whose references all sit in one basic block, the first a write. */
static void opt_find_locals(IRBlock *b, uint8_t *local)
{
    int *first_bb = malloc(sizeof(int) * b->ntemps);
    for (int t = 0; t < b->ntemps; t++) {
        first_bb[t] = -1;
        local[t] = b->temps[t].kind == IR_TEMP_NORMAL;
    }
    int bb = 0;
    for (int i = 0; i < b->nops; i++) {
        const IROp *op = &b->ops[i];
        int n = op->nout + op->nin;
        for (int j = 0; j < n; j++) {
            int k = (j + op->nout) % n;         /* inputs first: they are read before */
            IRTemp t = op->args[k];
            if (first_bb[t] < 0) {
                first_bb[t] = bb;
                if (k >= op->nout)
                    local[t] = 0;
            } else if (first_bb[t] != bb) {
                local[t] = 0;
            }
        }
        if (ir_op_defs[op->opc].flags & IRF_BB_END)
            bb++;
    }
    free(first_bb);
}

static void opt_live_at_bb_end(IRBlock *b, uint8_t *live, const uint8_t *local)
{
    for (int t = 0; t < b->ntemps; t++)
        live[t] = b->temps[t].kind == IR_TEMP_GLOBAL ||
                  (b->temps[t].kind == IR_TEMP_NORMAL && !local[t]);
}

/* Ops where the guest state in env may be observed: every global is live before them. */
static bool opt_observes_globals(const IROp *op)
{
    const IROpDef *def = &ir_op_defs[op->opc];
    if (op->opc == IR_call) {
        IRHelper *h = ir_helper_get((int)ir_op_const(op, 0));
        return !h || !(h->flags & IR_CALL_NO_READ_GLOBALS) || (h->flags & IR_CALL_MAY_RAISE);
    }
    return (def->flags & IRF_MEM) || op->opc == IR_goto_tb || op->opc == IR_ld_env ||
           op->opc == IR_exit_tb || op->opc == IR_lookup_and_goto;
}

static bool opt_removable(IRBlock *b, const IROp *op, const uint8_t *live)
{
    if (op->nout == 0 || live[op->args[0]])
        return false;
    if (op->opc == IR_call) {
        IRHelper *h = ir_helper_get((int)ir_op_const(op, 0));
        return h && (h->flags & IR_CALL_NO_SIDE_EFFECTS);
    }
    return !(ir_op_defs[op->opc].flags & IRF_SIDE);
}

static void opt_backward(IRBlock *b)
{
    uint8_t *local = malloc((size_t)b->ntemps);
    uint8_t *live = malloc((size_t)b->ntemps);
    opt_find_locals(b, local);
    opt_live_at_bb_end(b, live, local);
    for (int i = b->nops - 1; i >= 0; i--) {
        IROp *op = &b->ops[i];
        if (op->opc == IR_nop)
            continue;
        if (ir_op_defs[op->opc].flags & IRF_BB_END)
            opt_live_at_bb_end(b, live, local);
        if (opt_removable(b, op, live)) {
            opt_to_nop(op);
            continue;
        }
        for (int k = 0; k < op->nout; k++)
            live[op->args[k]] = 0;
        for (int k = op->nout; k < op->nout + op->nin; k++)
            live[op->args[k]] = 1;
        if (op->opc == IR_discard && ir_op_const(op, 0) < (uint32_t)b->ntemps)
            live[ir_op_const(op, 0)] = 0;
        if (opt_observes_globals(op))
            memset(live + IR_GLOBAL_BASE, 1, (size_t)b->nglobals);
    }
    free(local);
    free(live);
}

/* --- dead vector register writes --- */

#define OPT_VDEAD_MAX 32
typedef struct OptVDead { int32_t off[OPT_VDEAD_MAX]; int n; } OptVDead;

/* Forget dead registers overlapping [off, off + len): something reads them. */
static void opt_vdead_read(OptVDead *s, int32_t off, int32_t len)
{
    for (int i = 0; i < s->n; i++)
        if (s->off[i] < off + len && s->off[i] + 16 > off)
            s->off[i--] = s->off[--s->n];
}

static bool opt_vdead_has(const OptVDead *s, int32_t off)
{
    for (int i = 0; i < s->n; i++)
        if (s->off[i] == off)
            return true;
    return false;
}

/* Can the op let anything see the vector registers (other than through its operands)?
 * A helper given the env pointer may read them in place (ir_vec.h), whatever its flags. */
static bool opt_vec_observed(const IROp *op)
{
    const IROpDef *def = &ir_op_defs[op->opc];
    if (op->opc == IR_call) {
        IRHelper *h = ir_helper_get((int)ir_op_const(op, 0));
        for (int k = op->nout; k < op->nout + op->nin; k++)
            if (op->args[k] == IR_TEMP_ENV_PTR)
                return true;
        return !h || !(h->flags & IR_CALL_NO_READ_GLOBALS) || (h->flags & IR_CALL_MAY_RAISE);
    }
    return (def->flags & (IRF_MEM | IRF_BB_END)) || op->opc == IR_goto_tb;
}

static void opt_vec_dse(IRBlock *b)
{
    OptVDead s = { .n = 0 };
    for (int i = b->nops - 1; i >= 0; i--) {
        IROp *op = &b->ops[i];
        if (ir_op_defs[op->opc].flags & IRF_VEC) {
            int32_t d = (int32_t)ir_op_const(op, 0), src[3];
            if (opt_vdead_has(&s, d) && !op->nout) {
                opt_to_nop(op);
                continue;
            }
            if (s.n < OPT_VDEAD_MAX && !op->nout)    /* vf* ops write d only when ok */
                s.off[s.n++] = d;
            for (int k = ir_vec_reads(op, src) - 1; k >= 0; k--)
                opt_vdead_read(&s, src[k], 16);
        } else if (op->opc == IR_ld_env) {
            opt_vdead_read(&s, (int32_t)ir_op_const(op, 0), 1 << (ir_op_const(op, 1) & 3));
        } else if (opt_vec_observed(op)) {
            s.n = 0;
        }
    }
}

/* Drop the nops so that later consumers see a compact block. */
static void opt_compact(IRBlock *b)
{
    int n = 0;
    for (int i = 0; i < b->nops; i++) {
        if (b->ops[i].opc != IR_nop)
            b->ops[n++] = b->ops[i];
    }
    b->nops = n;
}

void ir_optimize(IRBlock *b)
{
    int nt = b->ntemps;
    Opt o = { .b = b, .epoch = 1, .nt = nt };
    o.ver = calloc((size_t)nt * 13, sizeof(uint32_t));
    o.cp_src = o.ver + nt;
    o.cp_srcver = o.cp_src + nt;
    o.cp_ownver = o.cp_srcver + nt;
    o.cp_epoch = o.cp_ownver + nt;
    o.fl_opc = o.cp_epoch + nt;
    o.fl_a = o.fl_opc + nt;
    o.fl_b = o.fl_a + nt;
    o.fl_aver = o.fl_b + nt;
    o.fl_bver = o.fl_aver + nt;
    o.fl_ownver = o.fl_bver + nt;
    o.fl_epoch = o.fl_ownver + nt;
    o.fl_cond = o.fl_epoch + nt;
    opt_forward(&o);
    free(o.ver);
    opt_labels(b);
    opt_vec_dse(b);
    opt_backward(b);
    opt_compact(b);
}
