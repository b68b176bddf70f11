/* IR builders for condition-flag ops and CPU-state vector ops (semantics: ir_ops.h). */
#include "ir.h"

void ir_flag_op(IRBlock *b, IROpcode opc, IRType t, IRTemp d, IRTemp a, IRTemp x, IRTemp c)
{
    ASSERT(opc >= IR_addco && opc <= IR_subvo);
    IROp *op = ir_emit(b, opc, t);
    op->args[0] = d;
    op->args[1] = a;
    op->args[2] = x;
    op->args[3] = c;
}

static IROp *ir_vec_emit(IRBlock *b, IROpcode opc, IRType t, int nin, int32_t d, uint32_t desc)
{
    IROp *op = ir_emit(b, opc, t);
    op->args[nin] = (uint32_t)d;
    op->args[nin + 1] = desc;
    return op;
}

void ir_vec2(IRBlock *b, IROpcode opc, uint32_t desc, int32_t d, int32_t a)
{
    ASSERT(opc >= IR_vmov && opc <= IR_vabs);
    ir_vec_emit(b, opc, IR_I64, 0, d, desc)->args[2] = (uint32_t)a;
}

void ir_vec3(IRBlock *b, IROpcode opc, uint32_t desc, int32_t d, int32_t a, int32_t x)
{
    ASSERT(opc >= IR_vadd && opc <= IR_vavgu);
    IROp *op = ir_vec_emit(b, opc, IR_I64, 0, d, desc);
    op->args[2] = (uint32_t)a;
    op->args[3] = (uint32_t)x;
}

void ir_vcmp(IRBlock *b, IRCond c, uint32_t desc, int32_t d, int32_t a, int32_t x)
{
    IROp *op = ir_vec_emit(b, IR_vcmp, IR_I64, 0, d, desc);
    op->args[2] = (uint32_t)a;
    op->args[3] = (uint32_t)x;
    op->args[4] = c;
}

void ir_vshi(IRBlock *b, IROpcode opc, uint32_t desc, int32_t d, int32_t a, unsigned n)
{
    ASSERT(opc >= IR_vshli && opc <= IR_vsari);
    IROp *op = ir_vec_emit(b, opc, IR_I64, 0, d, desc);
    op->args[2] = (uint32_t)a;
    op->args[3] = n;
}

void ir_vshs(IRBlock *b, IROpcode opc, IRType t, uint32_t desc, int32_t d, int32_t a, IRTemp n)
{
    ASSERT(opc >= IR_vshls && opc <= IR_vsars);
    IROp *op = ir_vec_emit(b, opc, t, 1, d, desc);
    op->args[0] = n;
    op->args[3] = (uint32_t)a;
}

void ir_vdup(IRBlock *b, IRType t, uint32_t desc, int32_t d, IRTemp s)
{
    ir_vec_emit(b, IR_vdup, t, 1, d, desc)->args[0] = s;
}

void ir_vfop(IRBlock *b, IROpcode opc, IRTemp ok, uint32_t desc, int32_t d, int32_t a,
             int32_t x)
{
    ASSERT(opc >= IR_vfadd && opc <= IR_vfdiv);
    IROp *op = ir_vec_emit(b, opc, IR_I64, 1, d, desc);
    op->args[0] = ok;
    op->args[3] = (uint32_t)a;
    op->args[4] = (uint32_t)x;
}

void ir_vfsqrt(IRBlock *b, IRTemp ok, uint32_t desc, int32_t d, int32_t a)
{
    IROp *op = ir_vec_emit(b, IR_vfsqrt, IR_I64, 1, d, desc);
    op->args[0] = ok;
    op->args[3] = (uint32_t)a;
}

void ir_vfma(IRBlock *b, IRTemp ok, uint32_t desc, int32_t d, int32_t a, int32_t x, int32_t c,
             unsigned neg)
{
    IROp *op = ir_vec_emit(b, IR_vfma, IR_I64, 1, d, desc);
    op->args[0] = ok;
    op->args[3] = (uint32_t)a;
    op->args[4] = (uint32_t)x;
    op->args[5] = (uint32_t)c;
    op->args[6] = neg & 3;
}

void ir_vext(IRBlock *b, IRType t, IRTemp d, int32_t v, unsigned lane, MemOp mo)
{
    ir_ld_env(b, t, d, v + (int32_t)(lane << (mo & MO_SIZE)), mo);
}

void ir_vins(IRBlock *b, IRType t, IRTemp s, int32_t v, unsigned lane, MemOp mo)
{
    ir_st_env(b, t, s, v + (int32_t)(lane << (mo & MO_SIZE)), mo);
}

/* The upper half's address: addr + 8 in the address's type. */
static IRTemp ir_vec_addr_hi(IRBlock *b, IRTemp addr)
{
    IRType at = ir_temp_type(b, addr);
    IRTemp hi = ir_new_temp(b, at);
    ir_addi(b, at, hi, addr, 8);
    return hi;
}

void ir_vld(IRBlock *b, int32_t d, IRTemp addr, MemOp mo, int mmu_idx)
{
    MemOp half = (MemOp)((mo & ~MO_SIZE & ~MO_SIGN) | MO_64);
    IRTemp lo = ir_new_temp(b, IR_I64), hi;
    ir_qemu_ld(b, IR_I64, lo, addr, half, mmu_idx);
    if ((mo & MO_SIZE) == MO_128) {
        hi = ir_new_temp(b, IR_I64);
        ir_qemu_ld(b, IR_I64, hi, ir_vec_addr_hi(b, addr), half, mmu_idx);
    } else {
        hi = ir_const64(b, 0);
    }
    ir_st_env(b, IR_I64, lo, d, MO_64);
    ir_st_env(b, IR_I64, hi, d + 8, MO_64);
}

void ir_vst(IRBlock *b, int32_t v, IRTemp addr, MemOp mo, int mmu_idx)
{
    MemOp half = (MemOp)((mo & ~MO_SIZE & ~MO_SIGN) | MO_64);
    IRTemp lo = ir_new_temp(b, IR_I64);
    ir_ld_env(b, IR_I64, lo, v, MO_64);
    if ((mo & MO_SIZE) == MO_128) {
        IRTemp hi = ir_new_temp(b, IR_I64);
        ir_ld_env(b, IR_I64, hi, v + 8, MO_64);
        ir_qemu_st(b, IR_I64, lo, addr, half, mmu_idx);
        ir_qemu_st(b, IR_I64, hi, ir_vec_addr_hi(b, addr), half, mmu_idx);
    } else {
        ir_qemu_st(b, IR_I64, lo, addr, half, mmu_idx);
    }
}
