/* The IR opcode list: the single definition every IR consumer is generated from. */
/*
 * X(name, nout, nin, nconst, flags)
 *   nout/nin: temp operands (outputs first, then inputs) in IROp.args;
 *   nconst:   constant operands following them (condition, label, offset, memop, ...).
 *   flags:    IRF_* below.
 * Typed ops (IRF_T) act on IROp.type (IR_I32 or IR_I64). An I32 value is held zero-extended
 * in 64-bit storage by every consumer; the ops below define the full result.
 *
 * Semantics that differ between hosts are pinned down here so that no consumer depends on
 * host behaviour:
 *  - shl/shr/sar/rotl/rotr: the count is taken modulo the type width.
 *  - div/rem (signed) and divu/remu: x/0 = all ones, x%0 = x, MIN/-1 = MIN, MIN%-1 = 0
 *    (RISC-V's definition; other guests adjust in their frontend).
 *  - mulsh/muluh/mulsuh: the high half of the double-width product (signed*signed,
 *    unsigned*unsigned, signed*unsigned).
 *  - clz/ctz: args (a, z): result is z when a == 0.
 *  - bswap16/bswap32: byte-swap the low 16/32 bits, result zero-extended.
 *  - extract(a; pos,len) unsigned bit-field, sextract signed; deposit(a, b; pos,len) returns a
 *    with bits [pos, pos+len) replaced by the low bits of b.
 *  - setcond(a, b; cond) = 0/1; movcond(c1, c2, v1, v2; cond) = cond(c1,c2) ? v1 : v2.
 *  - ld_env/st_env(; offset, memop): CPU-state access at env + offset (memop size/sign only).
 *  - qemu_ld(addr; memop, mmu_idx) / qemu_st(val, addr; memop, mmu_idx): guest memory,
 *    may fault (the guest pc is recovered from the last insn_start).
 *  - atomic_*: read-modify-write of guest memory, returns the old value (sign/zero extended
 *    per memop); cmpxchg(addr, cmpv, newv) stores newv only when old == cmpv.
 *  - call: variable arity, see ir_call(); consts: helper id.
 *  - goto_tb(; n): jump to the block linked in slot n if linked, else fall through (the
 *    frontend follows it with the pc update and exit_tb(n)).
 *  - exit_tb(; code): return to the execution loop with code (TB_EXIT_*).
 *  - lookup_and_goto: continue at the block for the current guest pc (indirect branch).
 *  - discard(; g): global temp g is dead from here (nothing reads it before writing it, at
 *    the block's exits either); no code, g keeps its value (docs/architecture.md "Flags").
 *
 * Condition flags (docs/architecture.md "Flags"): one op per flag, so that liveness drops
 * the flags nobody reads. Inputs (a, b, c); the carry/borrow in is bit 0 of c.
 *  - addco(a, b, c): carry out of a + b + c (1 when the sum does not fit the type), 0/1.
 *  - addvo(a, b, c): signed overflow of a + b + c, 0/1.
 *  - subbo(a, b, c): borrow out of a - b - c (1 when a < b + c unsigned), 0/1. arm64's C
 *    after SUBS/SBCS is 1 - borrow; x86's CF after SUB/SBB/CMP/NEG is the borrow.
 *  - subvo(a, b, c): signed overflow of a - b - c, 0/1.
 *
 * 128-bit vectors (docs/architecture.md "Vectors"): vector registers are 16-byte fields of
 * the CPU state at guest-defined offsets, lane i at byte i * lane size (little endian).
 * Vector ops name them by env offset in their constants (no vector temps); their ranges
 * must not overlap a global's home. Constants: d (destination offset), desc, then the
 * sources. desc is IR_VDESC(esz, bytes): lanes of 8 << esz bits over the low `bytes` (8 or
 * 16) bytes; with 8 the upper 8 bytes of the destination become 0. Every op writes its
 * whole 16-byte destination and reads its sources first (d may equal a or b).
 *  - vmov, vnot, vneg, vabs(; d, desc, a). vabs wraps: |MIN| = MIN.
 *  - vadd vsub vmul (low half of the product) vand vor vxor vandc (a & ~b) vsmin vsmax
 *    vumin vumax(; d, desc, a, b).
 *  - vssadd vusadd vsssub vussub(; d, desc, a, b): saturating add/sub, signed (s) or
 *    unsigned (u) lanes, no flag (a guest that records saturation compares with vadd/vsub);
 *    vavgu: unsigned rounding average (a + b + 1) >> 1 in lane precision + 1 bit.
 *  - vcmp(; d, desc, a, b, cond): lane = cond(a, b) ? all ones : 0 (any IRCond but
 *    NEVER/ALWAYS).
 *  - vshli/vshri/vsari(; d, desc, a, n): shift every lane by the constant n; n >= lane
 *    bits gives 0 (vshli/vshri) or the sign in every bit (vsari).
 *  - vshls/vshrs/vsars(n; d, desc, a): the same by a scalar temp n (typed; its whole
 *    unsigned value counts).
 *  - vdup(s; d, desc): every lane = the low lane bits of scalar s (typed).
 *  Floating point (esz 2: binary32 lanes, 3: binary64), each lane rounded once to nearest
 *  even, no FP flags recorded; desc may add IR_VEC_SCALAR (lane 0 only, bytes 4.. or 8.. of
 *  d become 0). Output ok (typed): 1 when every result lane is finite with a magnitude
 *  above the smallest normal, i.e. when the only IEEE flag the lanes may have raised is
 *  inexact; then d is written. Otherwise ok = 0 and d is left as it was (the frontend's
 *  exact path then runs from the intact sources). The NaN bits of a failed lane never show.
 *  - vfadd vfsub vfmul vfdiv(ok; d, desc, a, b); vfsqrt(ok; d, desc, a).
 *  - vfma(ok; d, desc, a, b, c, neg): lane = (a * b) + c rounded once, the product negated
 *    when neg bit 0 is set and c when bit 1 is (negation is exact).
 *  Lane insert/extract and partial register moves are ld_env/st_env at the lane's offset;
 *  guest memory loads/stores of 64/128 bits are ir_vld/ir_vst (ir.h), built from qemu_ld/
 *  qemu_st of 64 bits and st_env/ld_env.
 */
#define IRF_T        0x01   /* typed: IROp.type selects I32/I64 */
#define IRF_SIDE     0x02   /* has side effects: never removed as dead */
#define IRF_BB_END   0x04   /* ends a basic block (control leaves or may leave) */
#define IRF_MEM      0x08   /* guest memory access: may fault */
#define IRF_CALL     0x10   /* helper call: variable arity */
#define IRF_COND     0x20   /* has a condition constant (first const) */
#define IRF_VEC      0x40   /* vector op: writes the 16 bytes at env + const 0 (vf*: if ok) */

#define IR_OPS(X) \
    X(nop,             0, 0, 0, 0) \
    X(mov,             1, 1, 0, IRF_T) \
    X(add,             1, 2, 0, IRF_T) \
    X(sub,             1, 2, 0, IRF_T) \
    X(mul,             1, 2, 0, IRF_T) \
    X(neg,             1, 1, 0, IRF_T) \
    X(div,             1, 2, 0, IRF_T) \
    X(divu,            1, 2, 0, IRF_T) \
    X(rem,             1, 2, 0, IRF_T) \
    X(remu,            1, 2, 0, IRF_T) \
    X(mulsh,           1, 2, 0, IRF_T) \
    X(muluh,           1, 2, 0, IRF_T) \
    X(mulsuh,          1, 2, 0, IRF_T) \
    X(and,             1, 2, 0, IRF_T) \
    X(or,              1, 2, 0, IRF_T) \
    X(xor,             1, 2, 0, IRF_T) \
    X(not,             1, 1, 0, IRF_T) \
    X(andc,            1, 2, 0, IRF_T) \
    X(orc,             1, 2, 0, IRF_T) \
    X(eqv,             1, 2, 0, IRF_T) \
    X(shl,             1, 2, 0, IRF_T) \
    X(shr,             1, 2, 0, IRF_T) \
    X(sar,             1, 2, 0, IRF_T) \
    X(rotl,            1, 2, 0, IRF_T) \
    X(rotr,            1, 2, 0, IRF_T) \
    X(clz,             1, 2, 0, IRF_T) \
    X(ctz,             1, 2, 0, IRF_T) \
    X(ctpop,           1, 1, 0, IRF_T) \
    X(bswap16,         1, 1, 0, IRF_T) \
    X(bswap32,         1, 1, 0, IRF_T) \
    X(bswap64,         1, 1, 0, 0) \
    X(ext8s,           1, 1, 0, IRF_T) \
    X(ext8u,           1, 1, 0, IRF_T) \
    X(ext16s,          1, 1, 0, IRF_T) \
    X(ext16u,          1, 1, 0, IRF_T) \
    X(ext32s,          1, 1, 0, 0) \
    X(ext32u,          1, 1, 0, 0) \
    X(ext_i32_i64,     1, 1, 0, 0) \
    X(extu_i32_i64,    1, 1, 0, 0) \
    X(extrl_i64_i32,   1, 1, 0, 0) \
    X(extrh_i64_i32,   1, 1, 0, 0) \
    X(extract,         1, 1, 2, IRF_T) \
    X(sextract,        1, 1, 2, IRF_T) \
    X(deposit,         1, 2, 2, IRF_T) \
    X(setcond,         1, 2, 1, IRF_T | IRF_COND) \
    X(movcond,         1, 4, 1, IRF_T | IRF_COND) \
    X(addco,           1, 3, 0, IRF_T) \
    X(addvo,           1, 3, 0, IRF_T) \
    X(subbo,           1, 3, 0, IRF_T) \
    X(subvo,           1, 3, 0, IRF_T) \
    X(br,              0, 0, 1, IRF_SIDE | IRF_BB_END) \
    X(brcond,          0, 2, 2, IRF_T | IRF_SIDE | IRF_BB_END | IRF_COND) \
    X(set_label,       0, 0, 1, IRF_SIDE | IRF_BB_END) \
    X(ld_env,          1, 0, 2, IRF_T) \
    X(st_env,          0, 1, 2, IRF_T | IRF_SIDE) \
    X(qemu_ld,         1, 1, 2, IRF_T | IRF_SIDE | IRF_MEM) \
    X(qemu_st,         0, 2, 2, IRF_T | IRF_SIDE | IRF_MEM) \
    X(atomic_cmpxchg,  1, 3, 2, IRF_T | IRF_SIDE | IRF_MEM) \
    X(atomic_xchg,     1, 2, 2, IRF_T | IRF_SIDE | IRF_MEM) \
    X(atomic_add,      1, 2, 2, IRF_T | IRF_SIDE | IRF_MEM) \
    X(atomic_and,      1, 2, 2, IRF_T | IRF_SIDE | IRF_MEM) \
    X(atomic_or,       1, 2, 2, IRF_T | IRF_SIDE | IRF_MEM) \
    X(atomic_xor,      1, 2, 2, IRF_T | IRF_SIDE | IRF_MEM) \
    X(atomic_smin,     1, 2, 2, IRF_T | IRF_SIDE | IRF_MEM) \
    X(atomic_smax,     1, 2, 2, IRF_T | IRF_SIDE | IRF_MEM) \
    X(atomic_umin,     1, 2, 2, IRF_T | IRF_SIDE | IRF_MEM) \
    X(atomic_umax,     1, 2, 2, IRF_T | IRF_SIDE | IRF_MEM) \
    X(mb,              0, 0, 1, IRF_SIDE) \
    X(discard,         0, 0, 1, IRF_SIDE) \
    X(call,            0, 0, 1, IRF_SIDE | IRF_CALL) \
    X(insn_start,      0, 0, 2, IRF_SIDE) \
    X(goto_tb,         0, 0, 1, IRF_SIDE) \
    X(exit_tb,         0, 0, 1, IRF_SIDE | IRF_BB_END) \
    X(lookup_and_goto, 0, 0, 0, IRF_SIDE | IRF_BB_END) \
    X(vmov,            0, 0, 3, IRF_VEC) \
    X(vnot,            0, 0, 3, IRF_VEC) \
    X(vneg,            0, 0, 3, IRF_VEC) \
    X(vabs,            0, 0, 3, IRF_VEC) \
    X(vadd,            0, 0, 4, IRF_VEC) \
    X(vsub,            0, 0, 4, IRF_VEC) \
    X(vmul,            0, 0, 4, IRF_VEC) \
    X(vand,            0, 0, 4, IRF_VEC) \
    X(vor,             0, 0, 4, IRF_VEC) \
    X(vxor,            0, 0, 4, IRF_VEC) \
    X(vandc,           0, 0, 4, IRF_VEC) \
    X(vsmin,           0, 0, 4, IRF_VEC) \
    X(vsmax,           0, 0, 4, IRF_VEC) \
    X(vumin,           0, 0, 4, IRF_VEC) \
    X(vumax,           0, 0, 4, IRF_VEC) \
    X(vssadd,          0, 0, 4, IRF_VEC) \
    X(vusadd,          0, 0, 4, IRF_VEC) \
    X(vsssub,          0, 0, 4, IRF_VEC) \
    X(vussub,          0, 0, 4, IRF_VEC) \
    X(vavgu,           0, 0, 4, IRF_VEC) \
    X(vcmp,            0, 0, 5, IRF_VEC) \
    X(vshli,           0, 0, 4, IRF_VEC) \
    X(vshri,           0, 0, 4, IRF_VEC) \
    X(vsari,           0, 0, 4, IRF_VEC) \
    X(vshls,           0, 1, 3, IRF_VEC | IRF_T) \
    X(vshrs,           0, 1, 3, IRF_VEC | IRF_T) \
    X(vsars,           0, 1, 3, IRF_VEC | IRF_T) \
    X(vdup,            0, 1, 2, IRF_VEC | IRF_T) \
    X(vfadd,           1, 0, 4, IRF_VEC | IRF_T | IRF_SIDE) \
    X(vfsub,           1, 0, 4, IRF_VEC | IRF_T | IRF_SIDE) \
    X(vfmul,           1, 0, 4, IRF_VEC | IRF_T | IRF_SIDE) \
    X(vfdiv,           1, 0, 4, IRF_VEC | IRF_T | IRF_SIDE) \
    X(vfsqrt,          1, 0, 3, IRF_VEC | IRF_T | IRF_SIDE) \
    X(vfma,            1, 0, 6, IRF_VEC | IRF_T | IRF_SIDE)
