/* Unallocated encodings next to the permute, move, structure and crypto instructions raise
 * SIGILL (the handler counts and skips them); their allocated neighbours do not. */
#include "a64_rt.h"

static long rt_svc4(long nr, long a, long b, long c, long d)
{
    register long x8 __asm__("x8") = nr, x0 __asm__("x0") = a, x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c, x3 __asm__("x3") = d;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3) : "memory");
    return x0;
}

static volatile u64 n_ill;

static void on_ill(int sig, void *info, void *uc)
{
    u64 *mc = (u64 *)((char *)uc + 176);        /* sigcontext: fault_address, regs[31], sp, pc */
    n_ill++;
    mc[33] += 4;
}

__asm__(".globl ill_restorer\nill_restorer:\n mov x8, #139\n svc #0\n");
void ill_restorer(void);

static u64 buf[16] __attribute__((aligned(16)));

/* Run one encoding with x0 = buf; 1 when it raised SIGILL. */
#define INSN(enc) ({ u64 before_ = n_ill; \
    __asm__ volatile("mov x0, %0\n .inst " #enc :: "r"(buf) \
                     : "x0", "v0", "v1", "v2", "v3", "memory"); n_ill - before_; })
#define UNDEF(enc) do { CHECK("undef " #enc, INSN(enc), 1); rt_line(#enc, 0, 0, n_ill, 0); } while (0)
#define VALID(enc) do { CHECK("valid " #enc, INSN(enc), 0); rt_line(#enc, 0, 0, n_ill, 0); } while (0)

int main(void)
{
    struct { void *handler; unsigned long flags; void *restorer; u64 mask; } sa = {
        (void *)on_ill, 4 | 0x04000000, (void *)ill_restorer, 0 };
    rt_svc4(134, 4, (long)&sa, 0, 8);
    VALID(0x4ec23820);  UNDEF(0x0ec23820);  /* zip1 .2d / .1d */
    UNDEF(0x0e020820);  UNDEF(0x4e024820);  /* uzp opcode 000, 100 */
    VALID(0x2e023820);  UNDEF(0x2e024020);  /* ext .8b #7 / #8 */
    VALID(0x6e027820);                      /* ext .16b #15 */
    VALID(0x4e027020);  VALID(0x0e026020);  /* tbx 4 regs, tbl 4 regs */
    VALID(0x4c400000);  UNDEF(0x0c400c00);  /* ld4 .16b / .1d */
    VALID(0x4c008400);  UNDEF(0x0c004c00);  /* st2 .8h / st3 .1d */
    VALID(0x4d404000);  UNDEF(0x4d404400);  /* ld1 {v0.h}[4] / size<0> set */
    VALID(0x4d608400);  UNDEF(0x4d409400);  /* ld2 {v0.d}[1] / .d with S */
    UNDEF(0x4d408800);                      /* ld1 .s with size = 2 */
    VALID(0x4d40c000);  UNDEF(0x4d40d000);  /* ld1r / ld1r with S */
    UNDEF(0x4d00c000);                      /* st1r */
    VALID(0x0ee0e020);  UNDEF(0x0e60e020);  /* pmull .1q / size 01 */
    UNDEF(0x0ea0e020);  VALID(0x4e20e020);  /* pmull size 10 / pmull2 .8h */
    VALID(0x5e026020);  UNDEF(0x5e027020);  /* sha256su1 / sha3 opcode 7 */
    VALID(0x5e282820);  UNDEF(0x5e283820);  /* sha256su0 / sha2 opcode 3 */
    UNDEF(0x4e684820);                      /* aese with size 01 */
    UNDEF(0x0e100420);  UNDEF(0x0e080420);  /* dup v.8b, v.b[] with imm5 10000 / .1d */
    UNDEF(0x4e043c20);  UNDEF(0x0e0c2c20);  /* umov x, s / smov w, s */
    return DONE();
}
