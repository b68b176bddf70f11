/* BMI1/BMI2/ADX/MOVBE differential test: each instruction at 32 and 64 bits in register and
 * memory forms over random and edge operands from random initial flags, results and the
 * defined flags hashed per instruction; the host CPU is the oracle. No libc. */
#define X86_RT_SEED 0xa4093822299f31d0ull
#include "x86_rt.h"



static u64 operand(void)
{
    static const u64 edge[] = { 0, 1, 0x7f, 0x80, 0xff, 0x8000, 0xffff, 0x7fffffff, 0x80000000,
                                0xffffffff, 0x7fffffffffffffffull, 0x8000000000000000ull, ~0ull,
                                0x0820, 0x1f3f, 0x4020, 0xff08, 0x0000000100000000ull };
    u64 r = rnd();
    if ((r & 3) == 0) return edge[(r >> 8) % 18];
    if ((r & 3) == 1) return rnd() & 0xffff;        /* small BEXTR/BZHI controls, counts */
    return rnd();
}

static u64 hs[64];
static void mix(int i, u64 v) { hs[i] = (hs[i] ^ v) * 1099511628211ull + 1; }

#define FL 0x8d5ul
/* dst = op(x, y): "insn y, x, dst" (AT&T order of the VEX three-operand forms). */
#define OP3(i, insn, m, T, R) do { u64 x = operand(), y = operand(), d = 0, f = rnd() & FL; \
    __asm__("pushq %3\n\tpopfq\n\t" insn " %" R "4, %" R "2, %" R "0\n\tpushfq\n\tpopq %1" \
            : "=&r"(d), "+r"(f) : "r"(x), "r"(f), "r"(y) : "cc"); mix(i, d); mix(i, f & (m)); } while (0)
/* The memory form with the r/m operand first (ANDN/PDEP/PEXT): "insn mem, y, dst". */
#define OP3F(i, insn, m, T, R) do { u64 y = operand(), d = 0, f = rnd() & FL; T x = (T)operand(); \
    __asm__("pushq %3\n\tpopfq\n\t" insn " %2, %" R "4, %" R "0\n\tpushfq\n\tpopq %1" \
            : "=&r"(d), "+r"(f) : "m"(x), "r"(f), "r"(y) : "cc"); mix(i, d); mix(i, f & (m)); } while (0)
/* The memory form with x (the r/m operand) in memory: "insn y, mem, dst". */
#define OP3M(i, insn, m, T, R) do { u64 y = operand(), d = 0, f = rnd() & FL; T x = (T)operand(); \
    __asm__("pushq %3\n\tpopfq\n\t" insn " %" R "4, %2, %" R "0\n\tpushfq\n\tpopq %1" \
            : "=&r"(d), "+r"(f) : "m"(x), "r"(f), "r"(y) : "cc"); mix(i, d); mix(i, f & (m)); } while (0)
/* dst = op(x): "insn src, dst" (BLSI/BLSMSK/BLSR), register and memory. */
#define OP2(i, insn, m, T, R) do { u64 d = 0, f = rnd() & FL, x = operand(); T xm = (T)x; \
    __asm__("pushq %3\n\tpopfq\n\t" insn " %" R "2, %" R "0\n\tpushfq\n\tpopq %1" \
            : "=&r"(d), "+r"(f) : "r"(x), "r"(f) : "cc"); mix(i, d); mix(i, f & (m)); \
    f = rnd() & FL; \
    __asm__("pushq %3\n\tpopfq\n\t" insn " %2, %" R "0\n\tpushfq\n\tpopq %1" \
            : "=&r"(d), "+r"(f) : "m"(xm), "r"(f) : "cc"); mix(i, d); mix(i, f & (m)); } while (0)

static void round_bmi(void)
{
    /* ANDN/PDEP/PEXT: AT&T "insn rm, vvvv, dst". BEXTR/BZHI/SxX: "insn vvvv, rm, dst". */
    OP3(0, "andnq", 0x8c1, u64, ""); OP3(1, "andnl", 0x8c1, unsigned, "k");
    OP3F(0, "andnq", 0x8c1, u64, ""); OP3F(1, "andnl", 0x8c1, unsigned, "k");
    OP3(2, "bextrq", 0x841, u64, ""); OP3(3, "bextrl", 0x841, unsigned, "k");
    OP3(4, "bzhiq", 0x8c1, u64, ""); OP3(5, "bzhil", 0x8c1, unsigned, "k");
    OP3(6, "pdepq", 0, u64, ""); OP3(7, "pdepl", 0, unsigned, "k");
    OP3(8, "pextq", 0, u64, ""); OP3(9, "pextl", 0, unsigned, "k");
    OP3F(6, "pdepq", 0, u64, ""); OP3F(8, "pextl", 0, unsigned, "k");
    OP3M(2, "bextrq", 0x841, u64, ""); OP3M(5, "bzhil", 0x8c1, unsigned, "k");
    OP3M(10, "shlxq", FL, u64, ""); OP3M(15, "sarxl", FL, unsigned, "k");
    OP3(10, "shlxq", FL, u64, ""); OP3(11, "shlxl", FL, unsigned, "k");
    OP3(12, "shrxq", FL, u64, ""); OP3(13, "shrxl", FL, unsigned, "k");
    OP3(14, "sarxq", FL, u64, ""); OP3(15, "sarxl", FL, unsigned, "k");
    OP2(16, "blsiq", 0x8c1, u64, ""); OP2(17, "blsil", 0x8c1, unsigned, "k");
    OP2(18, "blsmskq", 0x8c1, u64, ""); OP2(19, "blsmskl", 0x8c1, unsigned, "k");
    OP2(20, "blsrq", 0x8c1, u64, ""); OP2(21, "blsrl", 0x8c1, unsigned, "k");
    OP2(22, "tzcntq", 0x41, u64, ""); OP2(23, "tzcntl", 0x41, unsigned, "k");
}

static void round_bmi2(void)
{
    u64 x = operand(), y = operand(), lo, hi, f = rnd() & FL, f2;
    __asm__("rorxq $13, %1, %0" : "=r"(lo) : "r"(x)); mix(24, lo);
    __asm__("rorxl $7, %k1, %k0" : "=r"(lo) : "r"(x)); mix(24, lo);
    __asm__("rorxq $0, %1, %0" : "=r"(lo) : "m"(x)); mix(25, lo);
    __asm__("rorxl $31, %1, %k0" : "=r"(lo) : "m"(*(unsigned *)&x)); mix(25, lo);
    __asm__("pushq %4\n\tpopfq\n\tmulxq %3, %0, %1\n\tpushfq\n\tpopq %2"
            : "=&r"(lo), "=&r"(hi), "=&r"(f2) : "r"(x), "r"(f), "d"(y) : "cc");
    mix(26, lo); mix(26, hi); mix(26, f2 & FL);
    __asm__("mulxl %k2, %k0, %k1" : "=&r"(lo), "=&r"(hi) : "r"(x), "d"(y)); mix(27, lo); mix(27, hi);
    __asm__("mulxq %2, %0, %1" : "=&r"(lo), "=&r"(hi) : "m"(x), "d"(y)); mix(27, lo); mix(27, hi);
    /* ADCX/ADOX chains: only CF (OF) changes. */
    u64 a = x, b = x;
    __asm__("pushq %3\n\tpopfq\n\tadcxq %4, %0\n\tadoxq %4, %1\n\tadcxl %k4, %k0\n\tadoxl %k4, %k1\n\t"
            "pushfq\n\tpopq %2" : "+r"(a), "+r"(b), "=&r"(f2) : "r"(f), "r"(y) : "cc");
    mix(28, a); mix(28, b); mix(28, f2 & FL);
    __asm__("pushq %3\n\tpopfq\n\tadcxq %4, %0\n\tadoxq %4, %1\n\tpushfq\n\tpopq %2"
            : "+r"(a), "+r"(b), "=&r"(f2) : "r"(f ^ 0x801), "m"(y) : "cc");
    mix(29, a); mix(29, b); mix(29, f2 & FL);
    /* MOVBE 16/32/64, load and store. */
    unsigned short w; unsigned d32; u64 q;
    __asm__("movbeq %1, %0" : "=r"(q) : "m"(x)); mix(30, q);
    __asm__("movbel %1, %k0" : "=r"(q) : "m"(x)); mix(30, q);
    q = y;
    __asm__("movbew %1, %w0" : "+r"(q) : "m"(x)); mix(30, q);
    __asm__("movbeq %1, %0" : "=m"(q) : "r"(y)); mix(31, q);
    __asm__("movbel %k1, %0" : "=m"(d32) : "r"(y)); mix(31, d32);
    __asm__("movbew %w1, %0" : "=m"(w) : "r"(y)); mix(31, w);
}


__attribute__((force_align_arg_pointer)) void _start(void)
{
    for (int i = 0; i < 5000; i++) {
        round_bmi();
        round_bmi2();
    }
    for (int i = 0; i < 64; i++)
        if (hs[i]) {
            put_hex((u64)i);
            put_hex(hs[i]);
        }
    sys3(60, 0, 0, 0);
}
