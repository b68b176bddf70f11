/* Tier-0 compiler: turns an optimized IR block into direct-threaded code for interp_run.c. */
/*
 * Every operand becomes a byte offset from the CPU-state base: globals at their env_off,
 * block temps in CPUState.tmp[] slots, constants as immediates (a `_i` handler variant) or,
 * where no such variant exists, materialised into a scratch slot by a movi just before.
 * Slots of temps that live inside one basic block are reused after their last use; temps
 * that cross basic blocks keep one slot for the whole block. A block needing more slots
 * than CPUState has is refused (NULL), and the caller retranslates it smaller.
 */
#include <ffi.h>
#include <stdlib.h>
#include <string.h>
#include "interp.h"
#include "ir_vec.h"

typedef struct InterpFixup { int at, label; } InterpFixup;

typedef struct InterpCompiler {
    IRBlock *b;
    void *const *h;             /* handler addresses */
    uint64_t *code;
    int n, cap;
    int32_t *slot;              /* per temp: slot offset, -1 if none yet */
    int *last_ref;              /* per temp: index of the last op referencing it */
    uint8_t *local;             /* per temp: lives inside one basic block only */
    uint8_t *insn_needed;       /* per op: insn_start that a faulting op may need */
    int *free_slots, nfree, next_slot;
    int nscratch;               /* scratch slots used by the current op */
    int *label_pos;
    InterpFixup *fix;
    int nfix, capfix;
    bool failed;
} InterpCompiler;

#define IC_SLOT_OFF(k) ((int32_t)(offsetof(CPUState, tmp) + 8 * (size_t)(k)))

/* Handler bases per opcode (stored +1 so that 0 means "none"). */
#define IC_BIN_ENTRY(X, op) [IR_##op] = IH_##op##_r64 + 1,
#define IC_UN_ENTRY(X, op) [IR_##op] = IH_##op##_64 + 1,
#define IC_COND_ENTRY(X, c) [IR_COND_##c] = IH_setcond_##c##_r64,
static const uint16_t ic_bin_base[IR_NB_OPS] = { IR_EVAL_BIN_OPS(IC_BIN_ENTRY, _) };
static const uint16_t ic_un_base[IR_NB_OPS] = { IR_EVAL_UN_OPS(IC_UN_ENTRY, _) };
static const uint16_t ic_cond_base[IR_COND_TSTNE + 1] = { INTERP_CONDS(IC_COND_ENTRY, _) };

static void ic_word(InterpCompiler *c, uint64_t w)
{
    if (c->n == c->cap) {
        c->cap *= 2;
        c->code = trix_realloc(c->code, sizeof(uint64_t) * c->cap);
    }
    c->code[c->n++] = w;
}

static void ic_handler(InterpCompiler *c, int h)
{
    ic_word(c, (uint64_t)(uintptr_t)c->h[h]);
}

static void ic_label_ref(InterpCompiler *c, int label)
{
    if (c->nfix == c->capfix) {
        c->capfix = c->capfix ? 2 * c->capfix : 16;
        c->fix = trix_realloc(c->fix, sizeof(InterpFixup) * c->capfix);
    }
    c->fix[c->nfix++] = (InterpFixup){ c->n, label };
    ic_word(c, 0);
}

/* --- temp analysis and slots --- */

static void ic_note_ref(InterpCompiler *c, int *first_bb, IRTemp t, int i, int bb, bool is_def)
{
    if (c->b->temps[t].kind != IR_TEMP_NORMAL)
        return;
    if (first_bb[t] < 0) {
        first_bb[t] = bb;
        if (!is_def)
            c->local[t] = 0;
    } else if (first_bb[t] != bb) {
        c->local[t] = 0;
    }
    c->last_ref[t] = i;
}

static void ic_analyze_temps(InterpCompiler *c)
{
    IRBlock *b = c->b;
    int *first_bb = malloc(sizeof(int) * b->ntemps);
    for (int t = 0; t < b->ntemps; t++) {
        first_bb[t] = -1;
        c->local[t] = 1;
        c->slot[t] = -1;
    }
    int bb = 0;
    for (int i = 0; i < b->nops; i++) {
        const IROp *op = &b->ops[i];
        for (int k = op->nout; k < op->nout + op->nin; k++)
            ic_note_ref(c, first_bb, op->args[k], i, bb, false);
        for (int k = 0; k < op->nout; k++)
            ic_note_ref(c, first_bb, op->args[k], i, bb, true);
        if (ir_op_defs[op->opc].flags & IRF_BB_END)
            bb++;
    }
    free(first_bb);
}

/* insn_start only matters before ops that may fault or call out. */
static void ic_analyze_insns(InterpCompiler *c)
{
    bool need = false;
    for (int i = c->b->nops - 1; i >= 0; i--) {
        const IROp *op = &c->b->ops[i];
        if (ir_op_defs[op->opc].flags & (IRF_MEM | IRF_CALL))
            need = true;
        if (op->opc == IR_insn_start) {
            c->insn_needed[i] = need;
            need = false;
        }
    }
}

static int32_t ic_alloc_slot(InterpCompiler *c)
{
    if (c->nfree)
        return c->free_slots[--c->nfree];
    if (c->next_slot >= IR_MAX_TEMPS) {
        c->failed = true;
        return IC_SLOT_OFF(0);
    }
    return IC_SLOT_OFF(c->next_slot++);
}

static void ic_release(InterpCompiler *c, IRTemp t, int i)
{
    if (t >= (IRTemp)c->b->ntemps || c->b->temps[t].kind != IR_TEMP_NORMAL)
        return;
    if (c->local[t] && c->last_ref[t] == i && c->slot[t] >= 0) {
        c->free_slots[c->nfree++] = c->slot[t];
        c->slot[t] = -1;
    }
}

static uint32_t ic_check_off(InterpCompiler *c, int64_t off)
{
    if (off < 0 || off > INTERP_OFF_MAX) {
        c->failed = true;
        return 0;
    }
    return (uint32_t)off;
}

/* Offset of a temp the op writes. */
static uint32_t ic_out(InterpCompiler *c, IRTemp t)
{
    const IRTempInfo *ti = &c->b->temps[t];
    if (ti->kind == IR_TEMP_GLOBAL)
        return ic_check_off(c, ti->env_off);
    if (ti->kind != IR_TEMP_NORMAL) {
        c->failed = true;
        return 0;
    }
    if (c->slot[t] < 0)
        c->slot[t] = ic_alloc_slot(c);
    return (uint32_t)c->slot[t];
}

/* Offset of a temp the op reads; constants go through a scratch slot. */
static uint32_t ic_in(InterpCompiler *c, IRTemp t)
{
    const IRTempInfo *ti = &c->b->temps[t];
    if (ti->kind == IR_TEMP_CONST) {
        if (c->nscratch >= INTERP_SCRATCH_SLOTS) {
            c->failed = true;
            return 0;
        }
        uint32_t off = (uint32_t)IC_SLOT_OFF(c->nscratch++);
        ic_handler(c, IH_movi);
        ic_word(c, off);
        ic_word(c, ti->val);
        return off;
    }
    if (ti->kind == IR_TEMP_NORMAL && c->slot[t] < 0)
        c->slot[t] = ic_alloc_slot(c);     /* read before any write: undefined value */
    return ti->kind == IR_TEMP_ENV ? (c->failed = true, 0) : ic_out(c, t);
}

static bool ic_is_const(InterpCompiler *c, IRTemp t)
{
    return c->b->temps[t].kind == IR_TEMP_CONST;
}

static uint64_t ic_const_val(InterpCompiler *c, IRTemp t)
{
    return c->b->temps[t].val;
}

/* --- per-op emission --- */

static void ic_emit_movi(InterpCompiler *c, IRTemp d, uint64_t v)
{
    uint32_t od = ic_out(c, d);
    ic_handler(c, IH_movi);
    ic_word(c, od);
    ic_word(c, v);
}

static void ic_emit_unary(InterpCompiler *c, const IROp *op, int h)
{
    uint32_t oa = ic_in(c, op->args[1]);
    uint32_t od = ic_out(c, op->args[0]);
    ic_handler(c, h);
    ic_word(c, INTERP_P3(od, oa, 0));
}

static bool ic_commutative(IROpcode opc)
{
    return opc == IR_add || opc == IR_mul || opc == IR_and || opc == IR_or ||
           opc == IR_xor || opc == IR_eqv;
}

/* d = a OP b with register or immediate b; base is the op's r64 handler. */
static void ic_emit_binary(InterpCompiler *c, int base, bool i32, IRTemp d, IRTemp a, IRTemp b)
{
    bool imm = ic_is_const(c, b);
    uint32_t oa = ic_in(c, a);
    uint32_t ob = imm ? 0 : ic_in(c, b);
    uint32_t od = ic_out(c, d);
    ic_handler(c, base + (imm ? 2 : 0) + (i32 ? 1 : 0));
    ic_word(c, INTERP_P3(od, oa, ob));
    if (imm)
        ic_word(c, ic_const_val(c, b));
}

static void ic_emit_bin_op(InterpCompiler *c, const IROp *op)
{
    IRTemp a = op->args[1], b = op->args[2];
    if (ic_is_const(c, a) && !ic_is_const(c, b) && ic_commutative((IROpcode)op->opc)) {
        IRTemp x = a;
        a = b;
        b = x;
    }
    ic_emit_binary(c, ic_bin_base[op->opc] - 1, op->type == IR_I32, op->args[0], a, b);
}

static void ic_emit_mov(InterpCompiler *c, const IROp *op)
{
    if (ic_is_const(c, op->args[1]))
        ic_emit_movi(c, op->args[0], ic_const_val(c, op->args[1]));
    else if (op->args[0] != op->args[1])
        ic_emit_unary(c, op, IH_mov_64);
}

/* Condition ops: swap a constant first operand into the immediate position. */
static IRCond ic_norm_cond(InterpCompiler *c, IRCond cond, IRTemp *a, IRTemp *b)
{
    if (ic_is_const(c, *a) && !ic_is_const(c, *b)) {
        IRTemp x = *a;
        *a = *b;
        *b = x;
        cond = ir_cond_swap(cond);
    }
    return cond;
}

static void ic_emit_setcond(InterpCompiler *c, const IROp *op)
{
    IRCond cond = (IRCond)ir_op_const(op, 0);
    IRTemp a = op->args[1], b = op->args[2];
    if (cond == IR_COND_NEVER || cond == IR_COND_ALWAYS) {
        ic_emit_movi(c, op->args[0], cond == IR_COND_ALWAYS);
        return;
    }
    cond = ic_norm_cond(c, cond, &a, &b);
    ic_emit_binary(c, ic_cond_base[cond], op->type == IR_I32, op->args[0], a, b);
}

static void ic_emit_br(InterpCompiler *c, int label)
{
    ic_handler(c, IH_br);
    ic_label_ref(c, label);
}

static void ic_emit_brcond(InterpCompiler *c, const IROp *op)
{
    IRCond cond = (IRCond)ir_op_const(op, 0);
    IRTemp a = op->args[0], b = op->args[1];
    int label = (int)ir_op_const(op, 1);
    if (cond == IR_COND_NEVER || cond == IR_COND_ALWAYS) {
        if (cond == IR_COND_ALWAYS)
            ic_emit_br(c, label);
        return;
    }
    cond = ic_norm_cond(c, cond, &a, &b);
    bool imm = ic_is_const(c, b);
    uint32_t oa = ic_in(c, a);
    uint32_t ob = imm ? 0 : ic_in(c, b);
    ic_handler(c, ic_cond_base[cond] + 4 + (imm ? 2 : 0) + (op->type == IR_I32));
    ic_word(c, INTERP_P3(0, oa, ob));
    if (imm)
        ic_word(c, ic_const_val(c, b));
    ic_label_ref(c, label);
}

static void ic_emit_movcond(InterpCompiler *c, const IROp *op)
{
    uint32_t o1 = ic_in(c, op->args[1]), o2 = ic_in(c, op->args[2]);
    uint32_t v1 = ic_in(c, op->args[3]), v2 = ic_in(c, op->args[4]);
    uint32_t od = ic_out(c, op->args[0]);
    ic_handler(c, IH_movcond);
    ic_word(c, INTERP_P3(od, o1, o2));
    ic_word(c, INTERP_P3(v1, v2, 0) | (uint64_t)ir_op_const(op, 0) << 42 |
               (uint64_t)op->type << 50);
}

static void ic_emit_field(InterpCompiler *c, const IROp *op)
{
    uint32_t oa = ic_in(c, op->args[1]);
    uint32_t ob = op->opc == IR_deposit ? ic_in(c, op->args[2]) : 0;
    uint32_t od = ic_out(c, op->args[0]);
    int h = op->opc == IR_extract ? IH_extract : op->opc == IR_sextract ? IH_sextract
          : IH_deposit;
    ic_handler(c, h);
    ic_word(c, INTERP_P3(od, oa, ob));
    ic_word(c, ir_op_const(op, 0) | ir_op_const(op, 1) << 8 | (uint64_t)op->type << 16);
}

static void ic_emit_ld_env(InterpCompiler *c, const IROp *op)
{
    static const uint8_t plain[8] = { IH_lde_8u, IH_lde_16u, IH_lde_32u, IH_lde_64,
                                      IH_lde_8s, IH_lde_16s, IH_lde_32s, IH_lde_64 };
    MemOp mo = (MemOp)ir_op_const(op, 1);
    unsigned size = mo & MO_SIZE;
    /* An i32 result holds 32 bits zero-extended: a 32-bit load's sign has nothing to do. */
    bool sign = (mo & MO_SIGN) && !(op->type == IR_I32 && size == MO_32);
    uint32_t od = ic_out(c, op->args[0]);
    bool generic = op->type == IR_I32 && sign && size < MO_32;
    ic_handler(c, generic ? IH_lde_gen : plain[(sign ? 4 : 0) + (size & 3)]);
    ic_word(c, od);
    ic_word(c, (uint64_t)(int64_t)(int32_t)ir_op_const(op, 0));
    if (generic)
        ic_word(c, (uint64_t)mo | (uint64_t)op->type << 8);
}

static void ic_emit_st_env(InterpCompiler *c, const IROp *op)
{
    static const uint8_t h[4] = { IH_ste_8, IH_ste_16, IH_ste_32, IH_ste_64 };
    uint32_t ov = ic_in(c, op->args[0]);
    ic_handler(c, h[ir_op_const(op, 1) & 3]);
    ic_word(c, ov);
    ic_word(c, (uint64_t)(int64_t)(int32_t)ir_op_const(op, 0));
}

static void ic_emit_qemu_ld(InterpCompiler *c, const IROp *op)
{
    static const uint8_t plain[8] = { IH_ld_8u, IH_ld_16u, IH_ld_32u, IH_ld_64,
                                      IH_ld_8s, IH_ld_16s, IH_ld_32s, IH_ld_64 };
    MemOp mo = (MemOp)ir_op_const(op, 0);
    uint32_t mmu = ir_op_const(op, 1) & 0x3fff;
    uint32_t oa = ic_in(c, op->args[1]);
    uint32_t od = ic_out(c, op->args[0]);
    bool generic = (mo & (MO_BSWAP | MO_ALIGN)) || (mo & MO_SIZE) > MO_64 ||
                   (op->type == IR_I32 && (mo & MO_SIGN));
    ic_handler(c, generic ? IH_ld_gen : plain[((mo & MO_SIGN) ? 4 : 0) + (mo & 3)]);
    ic_word(c, INTERP_P3(od, oa, mmu));
    if (generic)
        ic_word(c, (uint64_t)mo | (uint64_t)op->type << 8);
}

static void ic_emit_qemu_st(InterpCompiler *c, const IROp *op)
{
    static const uint8_t plain[4] = { IH_st_8, IH_st_16, IH_st_32, IH_st_64 };
    MemOp mo = (MemOp)ir_op_const(op, 0);
    uint32_t mmu = ir_op_const(op, 1) & 0x3fff;
    uint32_t ov = ic_in(c, op->args[0]);
    uint32_t oa = ic_in(c, op->args[1]);
    bool generic = (mo & (MO_BSWAP | MO_ALIGN)) || (mo & MO_SIZE) > MO_64;
    ic_handler(c, generic ? IH_st_gen : plain[mo & 3]);
    ic_word(c, INTERP_P3(ov, oa, mmu));
    if (generic)
        ic_word(c, mo);
}

static void ic_emit_atomic(InterpCompiler *c, const IROp *op)
{
    bool cx = op->opc == IR_atomic_cmpxchg;
    uint32_t oa = ic_in(c, op->args[1]), ob = ic_in(c, op->args[2]);
    uint32_t on = cx ? ic_in(c, op->args[3]) : 0;
    uint32_t od = ic_out(c, op->args[0]);
    uint64_t mo = ir_op_const(op, 0) & 0xff, mmu = ir_op_const(op, 1) & 0xffff;
    ic_handler(c, cx ? IH_cmpxchg : IH_atomic_rmw);
    ic_word(c, INTERP_P3(od, oa, ob));
    if (cx)
        ic_word(c, on | mo << 21 | mmu << 32 | (uint64_t)op->type << 48);
    else
        ic_word(c, op->opc | mo << 16 | mmu << 32 | (uint64_t)op->type << 48);
}

static ffi_type *ic_ffi_type(uint8_t t)
{
    switch (t) {
    case IR_I32: return &ffi_type_uint32;
    case IR_I64: return &ffi_type_uint64;
    case IR_HTYPE_PTR: return &ffi_type_pointer;
    default: return &ffi_type_void;
    }
}

/* Prepare the helper's libffi call interface once (under the translation lock). */
static bool ic_prep_helper(IRHelper *h)
{
    if (h->ffi)
        return true;
    ffi_cif *cif = trix_malloc0(sizeof(ffi_cif) + sizeof(ffi_type *) * IR_MAX_CALL_ARGS);
    ffi_type **atypes = (ffi_type **)(cif + 1);
    for (int i = 0; i < h->nargs; i++)
        atypes[i] = ic_ffi_type(h->args[i]);
    if (ffi_prep_cif(cif, FFI_DEFAULT_ABI, h->nargs, ic_ffi_type(h->ret), atypes) != FFI_OK) {
        free(cif);
        return false;
    }
    h->ffi = cif;
    return true;
}

static void ic_emit_call(InterpCompiler *c, const IROp *op)
{
    IRHelper *h = ir_helper_get((int)ir_op_const(op, 0));
    if (!h || !ic_prep_helper(h) || op->nin > IR_MAX_CALL_ARGS) {
        c->failed = true;
        return;
    }
    uint64_t args[IR_MAX_CALL_ARGS];
    for (int i = 0; i < op->nin; i++) {
        IRTemp t = op->args[op->nout + i];
        args[i] = t == IR_TEMP_ENV_PTR ? INTERP_ARG_ENV : ic_in(c, t);
    }
    uint64_t w = (uint64_t)op->nin << 24;
    if (op->nout) {
        w |= ic_out(c, op->args[0]) | (uint64_t)INTERP_CALL_RET << INTERP_OFF_BITS;
        if (h->ret == IR_I32)
            w |= (uint64_t)INTERP_CALL_RET32 << INTERP_OFF_BITS;
    }
    ic_handler(c, IH_call);
    ic_word(c, (uint64_t)(uintptr_t)h);
    ic_word(c, w);
    for (int i = 0; i < op->nin; i++)
        ic_word(c, args[i]);
}

/* [handler][d | a | b][c]: the carry-in's slot in its own word. */
static void ic_emit_flag(InterpCompiler *c, const IROp *op)
{
    static const uint16_t base[] = { [IR_addco - IR_addco] = IH_addco_64,
        [IR_addvo - IR_addco] = IH_addvo_64, [IR_subbo - IR_addco] = IH_subbo_64,
        [IR_subvo - IR_addco] = IH_subvo_64 };
    uint32_t oa = ic_in(c, op->args[1]), ob = ic_in(c, op->args[2]), oc = ic_in(c, op->args[3]);
    uint32_t od = ic_out(c, op->args[0]);
    ic_handler(c, base[op->opc - IR_addco] + (op->type == IR_I32));
    ic_word(c, INTERP_P3(od, oa, ob));
    ic_word(c, oc);
}

/* [vec][offs][ctl], [vecx][offs][ctl][scalar slot] or [vecf][offs][ctl][ok slot]
 * (ir_vec.h). */
static void ic_emit_vec(InterpCompiler *c, const IROp *op)
{
    uint32_t ox = op->nin ? ic_in(c, op->args[0]) : op->nout ? ic_out(c, op->args[0]) : 0;
    ic_handler(c, op->nin ? IH_vecx : op->nout ? IH_vecf : IH_vec);
    ic_word(c, ir_vec_offs_of(op));
    ic_word(c, ir_vec_ctl(op));
    if (op->nin || op->nout)
        ic_word(c, ox);
}

static void ic_emit_conv(InterpCompiler *c, const IROp *op)
{
    switch (op->opc) {
    case IR_bswap64: ic_emit_unary(c, op, IH_bswap64); break;
    case IR_ext32s: case IR_ext_i32_i64: ic_emit_unary(c, op, IH_ext32s); break;
    case IR_extrh_i64_i32: ic_emit_unary(c, op, IH_extrh); break;
    default: ic_emit_unary(c, op, IH_ext32u); break;
    }
}

static void ic_emit_control(InterpCompiler *c, const IROp *op, int i)
{
    switch (op->opc) {
    case IR_br: ic_emit_br(c, (int)op->args[0]); break;
    case IR_brcond: ic_emit_brcond(c, op); break;
    case IR_set_label: c->label_pos[op->args[0]] = c->n; break;
    case IR_insn_start:
        if (c->insn_needed[i]) {
            ic_handler(c, IH_insn_start);
            ic_word(c, ir_insn_start_pc(op));
        }
        break;
    case IR_goto_tb: ic_handler(c, IH_goto_tb); ic_word(c, op->args[0] & 1); break;
    case IR_exit_tb: ic_handler(c, IH_exit_tb); ic_word(c, op->args[0]); break;
    case IR_lookup_and_goto: ic_handler(c, IH_lookup); break;
    case IR_mb: ic_handler(c, IH_mb); break;
    case IR_discard: break;
    default: c->failed = true; break;
    }
}

static void ic_emit_op(InterpCompiler *c, const IROp *op, int i)
{
    IROpcode opc = (IROpcode)op->opc;
    if (opc == IR_nop)
        return;
    if (opc == IR_mov)
        ic_emit_mov(c, op);
    else if (ic_bin_base[opc])
        ic_emit_bin_op(c, op);
    else if (ic_un_base[opc])
        ic_emit_unary(c, op, ic_un_base[opc] - 1 + (op->type == IR_I32));
    else if (opc >= IR_bswap64 && opc <= IR_extrh_i64_i32)   /* untyped conversions */
        ic_emit_conv(c, op);
    else if (opc == IR_extract || opc == IR_sextract || opc == IR_deposit)
        ic_emit_field(c, op);
    else if (opc == IR_setcond)
        ic_emit_setcond(c, op);
    else if (opc == IR_movcond)
        ic_emit_movcond(c, op);
    else if (opc == IR_ld_env)
        ic_emit_ld_env(c, op);
    else if (opc == IR_st_env)
        ic_emit_st_env(c, op);
    else if (opc == IR_qemu_ld)
        ic_emit_qemu_ld(c, op);
    else if (opc == IR_qemu_st)
        ic_emit_qemu_st(c, op);
    else if (opc >= IR_atomic_cmpxchg && opc <= IR_atomic_umax)
        ic_emit_atomic(c, op);
    else if (opc == IR_call)
        ic_emit_call(c, op);
    else if (opc >= IR_addco && opc <= IR_subvo)
        ic_emit_flag(c, op);
    else if (ir_op_defs[opc].flags & IRF_VEC)
        ic_emit_vec(c, op);
    else
        ic_emit_control(c, op, i);
}

static void ic_release_op(InterpCompiler *c, const IROp *op, int i)
{
    for (int k = 0; k < op->nout + op->nin; k++)
        ic_release(c, op->args[k], i);
}

static bool ic_init(InterpCompiler *c, IRBlock *b)
{
    memset(c, 0, sizeof(*c));
    c->b = b;
    c->h = interp_handler_table();
    c->cap = 64 + 4 * b->nops;
    c->code = malloc(sizeof(uint64_t) * c->cap);
    c->slot = malloc(sizeof(int32_t) * b->ntemps);
    c->last_ref = malloc(sizeof(int) * b->ntemps);
    c->local = malloc((size_t)b->ntemps);
    c->insn_needed = calloc((size_t)b->nops + 1, 1);
    c->free_slots = malloc(sizeof(int) * (b->ntemps + IR_MAX_TEMPS));
    c->label_pos = malloc(sizeof(int) * (b->nlabels + 1));
    c->next_slot = INTERP_SCRATCH_SLOTS;
    return c->code && c->slot && c->last_ref && c->local && c->insn_needed &&
           c->free_slots && c->label_pos;
}

static void ic_fini(InterpCompiler *c)
{
    free(c->slot);
    free(c->last_ref);
    free(c->local);
    free(c->insn_needed);
    free(c->free_slots);
    free(c->label_pos);
    free(c->fix);
}

static bool ic_resolve_labels(InterpCompiler *c)
{
    for (int i = 0; i < c->nfix; i++) {
        int pos = c->label_pos[c->fix[i].label];
        if (pos < 0)
            return false;
        c->code[c->fix[i].at] = (uint64_t)(uintptr_t)(c->code + pos);
    }
    return true;
}

void *interp_compile(IRBlock *b)
{
    InterpCompiler c;
    if (!ic_init(&c, b)) {
        ic_fini(&c);
        free(c.code);
        return NULL;
    }
    for (int l = 0; l < b->nlabels; l++)
        c.label_pos[l] = -1;
    ic_analyze_temps(&c);
    ic_analyze_insns(&c);
    for (int i = 0; i < b->nops && !c.failed; i++) {
        c.nscratch = 0;
        ic_emit_op(&c, &b->ops[i], i);
        ic_release_op(&c, &b->ops[i], i);
    }
    ic_handler(&c, IH_end);
    if (!c.failed)
        c.code = trix_realloc(c.code, sizeof(uint64_t) * c.n);
    if (c.failed || !ic_resolve_labels(&c)) {
        free(c.code);
        c.code = NULL;
    }
    ic_fini(&c);
    return c.code;
}

void interp_free(void *code)
{
    free(code);
}
