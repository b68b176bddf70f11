/* IR to x86-64: CPU-state fields, guest loads/stores (user mode and the TLB path), atomics. */
/*
 * User mode addresses guest memory as [guest_base + addr] after one compare with the
 * reservation's limit. System mode probes the software TLB inline (include/trix/softmmu.h):
 * the entry for the page is at env->tlb[mmu_idx][(addr >> 12) & (TLB_SIZE - 1)]; when
 * `addr & (PAGE_MASK | (size - 1))` equals its read/write tag the host address is
 * addr + addend, otherwise an out-of-line path saves the live caller-saved registers, calls
 * softmmu_ld_slow/softmmu_st_slow (which may fault: the dirty globals and insn_pc are stored
 * first) and resumes after the access.
 */
#include "lower.h"
#include "trix/guest_mem.h"

#define BIT(r) (1u << (r))
#define W64(type) ((type) == IR_I64)

static void jl_ld_env(Lower *L, const IROp *op)
{
    IRType type = (IRType)op->type;
    int32_t off = (int32_t)ir_op_const(op, 0);
    MemOp mo = (MemOp)ir_op_const(op, 1);
    int size = mo & 3;
    jl_env_access(L, off, size, false);
    int rd = jl_scratch_reg(L);
    X86Mem m = jl_env_mem(off);
    if ((mo & MO_SIGN) && size < 3)
        x86_emit_load_sx(&L->buf, size, W64(type), rd, m);
    else
        x86_emit_load(&L->buf, type == IR_I32 && size == 3 ? X86_S32 : size, rd, m);
    jl_bind_out(L, op->args[0], rd);
}

static void jl_st_env(Lower *L, const IROp *op)
{
    int32_t off = (int32_t)ir_op_const(op, 0);
    int size = ir_op_const(op, 1) & 3;
    int rv = jl_in(L, op->args[0]);
    jl_env_access(L, off, size, true);
    x86_emit_store(&L->buf, size, jl_env_mem(off), rv);
}

static void jl_mark_access(Lower *L, JitFaultSite *s)
{
    s->host_off = (uint32_t)(L->buf.p - L->buf.start);
}

/* Caller-saved registers holding anything at this point (saved around a TLB-miss call). */
static uint16_t jl_live_caller_saved(const Lower *L)
{
    uint16_t m = L->locked;
    for (int r = 0; r < 16; r++)
        if (L->reg_temp[r] >= 0)
            m |= (uint16_t)BIT(r);
    return m & (uint16_t)(JIT_CALLER_SAVED & ~BIT(JIT_SCRATCH));
}

/* System mode: rt = host address of [ra], or a jump to the site's TLB-miss path. */
static void jl_tlb_probe(Lower *L, JitFaultSite *s, int ra, int rt, bool store)
{
    X86Buf *B = &L->buf;
    int size = s->memop & MO_SIZE;
    if (sizeof(TLBEntry) != 40) {       /* the index scaling below is 5 * 8 */
        jl_fail(L);
        return;
    }
    int32_t base = (int32_t)(offsetof(CPUState, tlb) +
                             (size_t)s->mmu_idx * TLB_SIZE * sizeof(TLBEntry)) - jit_rt.env_bias;
    x86_emit_mov_rr(B, true, JIT_SCRATCH, ra);
    x86_emit_shift_ri(B, X86_SHR, true, JIT_SCRATCH, TARGET_PAGE_BITS);
    x86_emit_alu_ri(B, X86_AND, false, JIT_SCRATCH, TLB_SIZE - 1);
    x86_emit_lea(B, false, JIT_SCRATCH, x86_mem_idx(JIT_SCRATCH, JIT_SCRATCH, 4, 0));
    x86_emit_lea(B, true, JIT_SCRATCH, x86_mem_idx(JIT_ENV, JIT_SCRATCH, 8, base));
    x86_emit_mov_rr(B, true, rt, ra);
    x86_emit_alu_ri(B, X86_AND, true, rt, (int32_t)(TARGET_PAGE_MASK | ((1u << size) - 1)));
    int32_t tag = store ? (int32_t)offsetof(TLBEntry, addr_write)
                        : (int32_t)offsetof(TLBEntry, addr_read);
    x86_emit_alu_rm(B, X86_CMP, true, rt, x86_mem(JIT_SCRATCH, tag));
    s->field[0] = x86_emit_jcc_rel32(B, X86_CC_NE);
    x86_emit_mov_rr(B, true, rt, ra);
    x86_emit_alu_rm(B, X86_ADD, true, rt,
                    x86_mem(JIT_SCRATCH, (int32_t)offsetof(TLBEntry, addend)));
}

/*
 * Start a guest access: returns the memory operand of the host access. rt is a scratch
 * register for the TLB path (unused in user mode).
 */
static X86Mem jl_guest_access(Lower *L, JitFaultSite **ps, int ra, int rt, MemOp mo,
                              MMUAccessType access, int mmu_idx)
{
    uint16_t live = jl_live_caller_saved(L);
    JitFaultSite *s = jl_fault_site(L, ra, mo, access);
    *ps = s;
    if (!exec_softmmu) {
        jl_mark_access(L, s);
        return x86_mem_idx(JIT_GBASE, ra, 1, 0);
    }
    s->is_tlb = true;
    s->mmu_idx = mmu_idx;
    s->saved = live;
    jl_tlb_probe(L, s, ra, rt, access == MMU_DATA_STORE);
    jl_mark_access(L, s);
    return x86_mem(rt, 0);
}

static void jl_load_fixup(Lower *L, int rd, MemOp mo, IRType type, X86Mem m)
{
    X86Buf *B = &L->buf;
    int size = mo & MO_SIZE;
    bool sign = mo & MO_SIGN;
    if (mo & MO_BSWAP) {
        x86_emit_load(B, size, rd, m);
        if (size == MO_16) {
            x86_emit_rol16_ri(B, rd, 8);
            if (sign)
                x86_emit_movsx_rr(B, X86_S16, W64(type), rd, rd);
            else
                x86_emit_movzx_rr(B, X86_S16, rd, rd);
        } else if (size == MO_32) {
            x86_emit_bswap(B, false, rd);
            if (sign && W64(type))
                x86_emit_movsx_rr(B, X86_S32, true, rd, rd);
        } else if (size == MO_64) {
            x86_emit_bswap(B, true, rd);
        } else if (sign) {
            x86_emit_movsx_rr(B, X86_S8, W64(type), rd, rd);
        }
    } else if (sign && size < MO_64) {
        x86_emit_load_sx(B, size, W64(type), rd, m);
    } else {
        x86_emit_load(B, type == IR_I32 && size == MO_64 ? X86_S32 : size, rd, m);
    }
    if (type == IR_I32 && size == MO_64 && (mo & MO_BSWAP))
        x86_emit_mov_rr(B, false, rd, rd);
}

static void jl_qemu_ld(Lower *L, const IROp *op)
{
    IRType type = (IRType)op->type;
    MemOp mo = (MemOp)ir_op_const(op, 0);
    if ((mo & MO_SIZE) > MO_64) {
        jl_fail(L);
        return;
    }
    IRTemp addr = op->args[1], d = op->args[0];
    int ra = jl_in(L, addr);
    /* a pinned destination is loaded directly (its register is written only by the access,
     * so the fault paths still see the old value); not when it is also the address, which
     * measured slower (a load whose destination is its own index) */
    int rd = jl_is_pinned(L, d) && d != addr ? L->v[d].reg
           : jl_dies(L, addr) ? ra : jl_scratch_reg(L);
    L->locked |= (uint16_t)(1u << rd);
    int rt = exec_softmmu ? jl_scratch_reg(L) : -1;
    JitFaultSite *s;
    X86Mem m = jl_guest_access(L, &s, ra, rt, mo, MMU_DATA_LOAD, (int)ir_op_const(op, 1));
    jl_load_fixup(L, rd, mo, type, m);
    if (s->is_tlb) {
        s->out_reg = rd;
        s->type = type;
        s->resume = L->buf.p;
    }
    jl_bind_out(L, d, rd);
}

static void jl_qemu_st(Lower *L, const IROp *op)
{
    MemOp mo = (MemOp)ir_op_const(op, 0);
    int size = mo & MO_SIZE;
    if (size > MO_64) {
        jl_fail(L);
        return;
    }
    int rv = jl_in(L, op->args[0]);
    int ra = jl_in(L, op->args[1]);
    int rt = exec_softmmu ? jl_scratch_reg(L) : -1;
    JitFaultSite *s;
    X86Mem m = jl_guest_access(L, &s, ra, rt, mo, MMU_DATA_STORE, (int)ir_op_const(op, 1));
    X86Buf *B = &L->buf;
    int src = rv;
    if ((mo & MO_BSWAP) && size > MO_8) {
        x86_emit_mov_rr(B, true, JIT_SCRATCH, rv);
        if (size == MO_16)
            x86_emit_rol16_ri(B, JIT_SCRATCH, 8);
        else
            x86_emit_bswap(B, size == MO_64, JIT_SCRATCH);
        src = JIT_SCRATCH;
        jl_mark_access(L, s);
    }
    x86_emit_store(B, size, m, src);
    if (s->is_tlb) {
        s->val_reg = rv;
        s->resume = L->buf.p;
    }
}

/* ---- atomics ---- */

/* The old value in rd as the op's result: extended per mo, I32 results zero-extended. */
static void jl_atomic_result(Lower *L, int rd, MemOp mo, IRType type)
{
    int size = mo & MO_SIZE;
    if (size == MO_64)
        return;
    if ((mo & MO_SIGN) && type == IR_I64)
        x86_emit_movsx_rr(&L->buf, X86_S32, true, rd, rd);
    else
        x86_emit_mov_rr(&L->buf, false, rd, rd);
}

static void jl_atomic_cmpxchg(Lower *L, const IROp *op, MemOp mo)
{
    bool w = (mo & MO_SIZE) == MO_64;
    jl_reserve(L, X86_RAX);
    int ra = jl_in(L, op->args[1]);
    int rn = jl_in(L, op->args[3]);
    jl_load_into(L, op->args[2], X86_RAX);
    JitFaultSite *s;
    X86Mem m = jl_guest_access(L, &s, ra, -1, (MemOp)(mo | MO_ALIGN), MMU_DATA_STORE, 0);
    x86_emit_lock_cmpxchg(&L->buf, w ? X86_S64 : X86_S32, m, rn);
    jl_atomic_result(L, X86_RAX, mo, (IRType)op->type);
    jl_bind_out(L, op->args[0], X86_RAX);
}

/* xchg and add have one instruction; the others loop on cmpxchg starting from a guess of 0
 * (so the first access is already a locked write: faults are reported as stores). */
static void jl_atomic_rmw(Lower *L, const IROp *op, MemOp mo)
{
    X86Buf *B = &L->buf;
    bool w = (mo & MO_SIZE) == MO_64;
    int sz = w ? X86_S64 : X86_S32;
    MemOp amo = (MemOp)(mo | MO_ALIGN);
    IROpcode opc = (IROpcode)op->opc;
    JitFaultSite *s;
    if (opc == IR_atomic_xchg || opc == IR_atomic_add) {
        int ra = jl_in(L, op->args[1]);
        int rd = jl_in_copy(L, op->args[2]);
        X86Mem m = jl_guest_access(L, &s, ra, -1, amo, MMU_DATA_STORE, 0);
        if (opc == IR_atomic_xchg)
            x86_emit_xchg_mr(B, sz, m, rd);
        else
            x86_emit_lock_xadd(B, sz, m, rd);
        jl_atomic_result(L, rd, mo, (IRType)op->type);
        jl_bind_out(L, op->args[0], rd);
        return;
    }
    jl_reserve(L, X86_RAX);
    int ra = jl_in(L, op->args[1]);
    int rv = jl_in(L, op->args[2]);
    x86_emit_alu_rr(B, X86_XOR, false, X86_RAX, X86_RAX);
    X86Mem m = jl_guest_access(L, &s, ra, -1, amo, MMU_DATA_STORE, 0);
    uintptr_t loop = x86_here(B);
    x86_emit_mov_rr(B, true, JIT_SCRATCH, X86_RAX);
    switch (opc) {
    case IR_atomic_and: x86_emit_alu_rr(B, X86_AND, w, JIT_SCRATCH, rv); break;
    case IR_atomic_or: x86_emit_alu_rr(B, X86_OR, w, JIT_SCRATCH, rv); break;
    case IR_atomic_xor: x86_emit_alu_rr(B, X86_XOR, w, JIT_SCRATCH, rv); break;
    default: {
        /* min/max: replace old by val when old is on the wrong side of it */
        static const uint8_t cc[] = { [IR_atomic_smin - IR_atomic_smin] = X86_CC_G,
            [IR_atomic_smax - IR_atomic_smin] = X86_CC_L,
            [IR_atomic_umin - IR_atomic_smin] = X86_CC_A,
            [IR_atomic_umax - IR_atomic_smin] = X86_CC_B };
        x86_emit_alu_rr(B, X86_CMP, w, X86_RAX, rv);
        x86_emit_cmovcc(B, (X86Cond)cc[opc - IR_atomic_smin], w, JIT_SCRATCH, rv);
        break;
    }
    }
    x86_emit_lock_cmpxchg(B, sz, m, JIT_SCRATCH);
    x86_emit_jcc(B, X86_CC_NE, loop);
    jl_atomic_result(L, X86_RAX, mo, (IRType)op->type);
    jl_bind_out(L, op->args[0], X86_RAX);
}

/* Inline for 32/64-bit little-endian accesses in user mode; otherwise gm_* in C. */
static void jl_atomic(Lower *L, const IROp *op)
{
    bool cx = op->opc == IR_atomic_cmpxchg;
    MemOp mo = (MemOp)ir_op_const(op, 0);
    int size = mo & MO_SIZE;
    if (!exec_softmmu && !(mo & MO_BSWAP) && (size == MO_32 || size == MO_64)) {
        if (cx)
            jl_atomic_cmpxchg(L, op, mo);
        else
            jl_atomic_rmw(L, op, mo);
        return;
    }
    int nin = cx ? 3 : 2;
    uint32_t mmu = ir_op_const(op, 1);
    JitArg args[6];
    int n = 0;
    args[n++] = (JitArg){ JA_ENV, 0 };
    if (!cx)
        args[n++] = (JitArg){ JA_IMM, op->opc };
    for (int i = 0; i < nin; i++)
        args[n++] = (JitArg){ JA_TEMP, op->args[1 + i] };
    args[n++] = (JitArg){ JA_IMM, mo };
    args[n++] = (JitArg){ JA_IMM, mmu };
    jl_call(L, cx ? (const void *)gm_cmpxchg : (const void *)gm_atomic_rmw, n, args,
            IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS | IR_CALL_MAY_RAISE,
            op->args[0], op->type == IR_I32);
}

bool jl_lower_mem(Lower *L, const IROp *op)
{
    switch (op->opc) {
    case IR_ld_env: jl_ld_env(L, op); return true;
    case IR_st_env: jl_st_env(L, op); return true;
    case IR_qemu_ld: jl_qemu_ld(L, op); return true;
    case IR_qemu_st: jl_qemu_st(L, op); return true;
    case IR_atomic_cmpxchg: case IR_atomic_xchg: case IR_atomic_add: case IR_atomic_and:
    case IR_atomic_or: case IR_atomic_xor: case IR_atomic_smin: case IR_atomic_smax:
    case IR_atomic_umin: case IR_atomic_umax:
        jl_atomic(L, op);
        return true;
    default:
        return false;
    }
}

/* ---- TLB-miss paths ---- */

static int jl_push_saved(Lower *L, uint16_t saved)
{
    int n = 0;
    for (int r = 0; r < 16; r++)
        if (saved & BIT(r)) {
            x86_emit_push(&L->buf, r);
            n++;
        }
    if (n & 1)
        x86_emit_alu_ri(&L->buf, X86_SUB, true, X86_RSP, 8);
    return n;
}

static void jl_pop_saved(Lower *L, uint16_t saved, int n)
{
    if (n & 1)
        x86_emit_alu_ri(&L->buf, X86_ADD, true, X86_RSP, 8);
    for (int r = 15; r >= 0; r--)
        if (saved & BIT(r))
            x86_emit_pop(&L->buf, r);
}

void jl_emit_tlb_tail(Lower *L, JitFaultSite *s)
{
    X86Buf *B = &L->buf;
    if (!B->overflow)
        x86_patch_rel32(B, s->field[0], x86_here(B));
    for (int i = 0; i < s->nspill; i++)
        x86_emit_store(B, X86_S64, jl_env_mem(s->spill[i].home), s->spill[i].reg);
    L->cur_pc = s->insn_pc;
    L->stored_pc_valid = false;
    jl_store_pc(L);
    int n = jl_push_saved(L, s->saved);
    if (s->access == MMU_DATA_STORE) {
        x86_emit_mov_rr(B, true, JIT_SCRATCH, s->val_reg);
        x86_emit_mov_rr(B, true, X86_RSI, s->addr_reg);
        x86_emit_mov_rr(B, true, X86_RDX, JIT_SCRATCH);
        jl_emit_env_ptr(L, X86_RDI);
        x86_emit_mov_ri32(B, X86_RCX, s->memop);
        x86_emit_mov_ri32(B, X86_R8, (uint32_t)s->mmu_idx);
        x86_emit_call(B, (uintptr_t)softmmu_st_slow);
    } else {
        x86_emit_mov_rr(B, true, X86_RSI, s->addr_reg);
        jl_emit_env_ptr(L, X86_RDI);
        x86_emit_mov_ri32(B, X86_RDX, s->memop);
        x86_emit_mov_ri32(B, X86_RCX, (uint32_t)s->mmu_idx);
        x86_emit_call(B, (uintptr_t)softmmu_ld_slow);
        x86_emit_mov_rr(B, s->type == IR_I64, JIT_SCRATCH, X86_RAX);
    }
    jl_pop_saved(L, s->saved, n);
    if (s->out_reg >= 0)
        x86_emit_mov_rr(B, true, s->out_reg, JIT_SCRATCH);
    x86_emit_jmp(B, x86_exec_addr(B, s->resume));
}
