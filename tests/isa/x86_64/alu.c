/* x86-64 integer differential test: ALU, shift, multiply and divide results and the flags they
 * define, over pseudo-random operands; the host CPU running it natively is the oracle.
 * Built with -nostdlib -mgeneral-regs-only (no libc, no SSE) so that trix-x86_64 can run it. */
#define X86_RT_SEED 0x9e3779b97f4a7c15ull
#include "x86_rt.h"
#ifndef SEL
#define SEL -1
#endif



/* Operands biased towards edge values (0, 1, sign bits, all ones). */
static u64 operand(void)
{
    static const u64 edge[] = { 0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff,
                                0x80000000, 0xffffffff, 0x7fffffffffffffffull,
                                0x8000000000000000ull, ~0ull };
    u64 r = rnd();
    return (r & 3) == 0 ? edge[(r >> 8) % 14] : rnd();
}

static u64 hash = 1469598103934665603ull;
static void mix(u64 v) { hash = (hash ^ v) * 1099511628211ull; }

#define FL_ALL 0x8d5ul      /* OF SF ZF AF PF CF */
#define FL_CO  0x801ul      /* OF CF */

/* op "dst, src" at every operand size, recording result and flags (masked to defined ones). */
#define BINOP(insn, mask) do { \
    u64 a = operand(), b = operand(), f, r; \
    r = a; __asm__("clc\n\t" insn "q %2, %0\n\tpushfq\n\tpopq %1" : "+r"(r), "=r"(f) : "r"(b) : "cc"); \
    mix(r); mix(f & (mask)); \
    r = a; __asm__("stc\n\t" insn "l %k2, %k0\n\tpushfq\n\tpopq %1" : "+r"(r), "=r"(f) : "r"(b) : "cc"); \
    mix(r); mix(f & (mask)); \
    r = a; __asm__("clc\n\t" insn "w %w2, %w0\n\tpushfq\n\tpopq %1" : "+r"(r), "=r"(f) : "r"(b) : "cc"); \
    mix(r); mix(f & (mask)); \
    r = a; __asm__("stc\n\t" insn "b %b2, %b0\n\tpushfq\n\tpopq %1" : "+q"(r), "=r"(f) : "q"(b) : "cc"); \
    mix(r); mix(f & (mask)); \
} while (0)

#define UNOP(insn, mask) do { \
    u64 a = operand(), f, r; \
    r = a; __asm__("stc\n\t" insn "q %0\n\tpushfq\n\tpopq %1" : "+r"(r), "=r"(f) :: "cc"); \
    mix(r); mix(f & (mask)); \
    r = a; __asm__("clc\n\t" insn "l %k0\n\tpushfq\n\tpopq %1" : "+r"(r), "=r"(f) :: "cc"); \
    mix(r); mix(f & (mask)); \
    r = a; __asm__("stc\n\t" insn "b %b0\n\tpushfq\n\tpopq %1" : "+q"(r), "=r"(f) :: "cc"); \
    mix(r); mix(f & (mask)); \
} while (0)

/* Shifts by CL: flags are defined for counts 1 (all but AF) and >1 (CF and result flags);
 * a zero count keeps them, so the TEST before sets all but AF to known values. */
#define SHIFT(insn, mask) do { \
    u64 a = operand(), c = rnd() & 63, f, r; \
    r = a; __asm__("testq %0, %0\n\tclc\n\t" insn "q %%cl, %0\n\tpushfq\n\tpopq %1" : "+r"(r), "=r"(f) : "c"(c) : "cc"); \
    mix(r); mix(f & ((c & 63) == 1 ? (mask) : (mask) & ~0x800ul)); \
    r = a; c &= 31; __asm__("testq %0, %0\n\tstc\n\t" insn "l %%cl, %k0\n\tpushfq\n\tpopq %1" : "+r"(r), "=r"(f) : "c"(c) : "cc"); \
    mix(r); mix(f & ((c & 31) == 1 ? (mask) : (mask) & ~0x800ul)); \
} while (0)


static void round_alu(void)
{
    if (SEL < 0 || SEL == 1) BINOP("add", FL_ALL); if (SEL < 0 || SEL == 2) BINOP("sub", FL_ALL); if (SEL < 0 || SEL == 3) BINOP("adc", FL_ALL); if (SEL < 0 || SEL == 4) BINOP("sbb", FL_ALL);
    if (SEL < 0 || SEL == 5) BINOP("and", FL_ALL & ~0x10ul); if (SEL < 0 || SEL == 6) BINOP("or", FL_ALL & ~0x10ul); if (SEL < 0 || SEL == 7) BINOP("xor", FL_ALL & ~0x10ul);
    if (SEL < 0 || SEL == 8) BINOP("cmp", FL_ALL); if (SEL < 0 || SEL == 9) BINOP("test", FL_ALL & ~0x10ul);
    if (SEL < 0 || SEL == 10) UNOP("inc", FL_ALL); if (SEL < 0 || SEL == 11) UNOP("dec", FL_ALL); if (SEL < 0 || SEL == 12) UNOP("neg", FL_ALL); if (SEL < 0 || SEL == 13) UNOP("not", 0);
    if (SEL < 0 || SEL == 14) SHIFT("shl", FL_ALL & ~0x10ul); if (SEL < 0 || SEL == 15) SHIFT("shr", FL_ALL & ~0x10ul); if (SEL < 0 || SEL == 16) SHIFT("sar", FL_ALL & ~0x10ul);
    if (SEL < 0 || SEL == 17) SHIFT("rol", FL_CO); if (SEL < 0 || SEL == 18) SHIFT("ror", FL_CO); if (SEL < 0 || SEL == 19) SHIFT("rcl", FL_CO); if (SEL < 0 || SEL == 20) SHIFT("rcr", FL_CO);
}

static void round_mul_div(void)
{
    if (SEL >= 0 && SEL != 99)
        return;
    u64 a = operand(), b = operand(), lo, hi, f;
    __asm__("mulq %3\n\tpushfq\n\tpopq %2" : "=a"(lo), "=d"(hi), "=r"(f) : "r"(b), "a"(a) : "cc");
    mix(lo); mix(hi); mix(f & FL_CO);
    __asm__("imulq %3\n\tpushfq\n\tpopq %2" : "=a"(lo), "=d"(hi), "=r"(f) : "r"(b), "a"(a) : "cc");
    mix(lo); mix(hi); mix(f & FL_CO);
    lo = a;
    __asm__("imulq %2, %0\n\tpushfq\n\tpopq %1" : "+r"(lo), "=r"(f) : "r"(b) : "cc");
    mix(lo); mix(f & FL_CO);
    __asm__("imull %k2, %k0\n\tpushfq\n\tpopq %1" : "+r"(lo), "=r"(f) : "r"(b) : "cc");
    mix(lo); mix(f & FL_CO);
    if (b) {
        u64 q, r, d = b | 1;
        __asm__("divq %4" : "=a"(q), "=d"(r) : "a"(a), "d"(a % d), "r"(d));
        mix(q); mix(r);
        long sq, sr, sd = (long)(b >> 1) | 1, n = (long)a;
        __asm__("idivq %4" : "=a"(sq), "=d"(sr) : "a"(n), "d"(n < 0 ? -1L : 0L), "r"(sd));
        mix((u64)sq); mix((u64)sr);
        /* 16- and 8-bit DIV with the high half below the divisor (the quotient fits). */
        u64 dw = d & 0xffff ? d & 0xffff : 1, ax = a & 0xffff, dx = ((a >> 16) & 0xffff) % dw;
        __asm__("divw %w2" : "+a"(ax), "+d"(dx) : "r"(dw));
        mix(ax & 0xffff); mix(dx & 0xffff);
        u64 db = d & 0xff ? d & 0xff : 1, al = (a & 0xff) | (((a >> 8) & 0xff) % db) << 8;
        __asm__("divb %b1" : "+a"(al) : "q"(db));
        mix(al & 0xffff);
    }
    /* setcc / cmovcc after a compare: every condition. */
    __asm__("cmpq %2, %1\n\t"
            "seto %%al\n\tshl $1, %%rax\n\tsetb %%al\n\tshl $1, %%rax\n\tsetz %%al\n\tshl $1, %%rax\n\t"
            "setbe %%al\n\tshl $1, %%rax\n\tsets %%al\n\tshl $1, %%rax\n\tsetp %%al\n\tshl $1, %%rax\n\t"
            "setl %%al\n\tshl $1, %%rax\n\tsetle %%al\n\tshl $1, %%rax\n\tcmovg %2, %0"
            : "=&a"(lo) : "r"(a), "r"(b), "0"(0ul) : "cc");
    mix(lo);
}

void _start(void)
{
    for (int i = 0; i < 2000; i++) {
        round_alu();
        round_mul_div();
        if (i % 500 == 499)
            put_hex(hash);
    }
    sys3(60, 0, 0, 0);
}
