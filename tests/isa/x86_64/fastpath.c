/* The translation fast paths against the host CPU: 32/64-bit DIV/IDIV with #DE (inline
 * division, the check out of line, the helper when rDX is not an extension of rAX), flags read
 * in the next block after ADD/SUB/INC/DEC/ADC/SBB (cc_src2 kept only for ADC/SBB), and chains
 * of SSE arithmetic run on the host unit with the MXCSR flags they accrue. */
#include <immintrin.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static sigjmp_buf jb;
static void on_fpe(int s) { siglongjmp(jb, 1); }
static uint64_t acc;
static void mix(uint64_t v) { acc = acc * 1000003 + v; }

static const uint64_t vals[] = { 0, 1, 2, 3, 7, 0x7f, 0x80, 0xff, 0x7fffffff, 0x80000000,
    0xffffffff, 0x7fffffffffffffff, 0x8000000000000000, 0x8000000000000001, ~0ull - 1, ~0ull,
    0x123456789abcdef0 };
#define NV (int)(sizeof vals / sizeof *vals)

static void divisions(void)
{
    for (int i = 0; i < NV; i++) for (int j = 0; j < NV; j++) for (int k = 0; k < NV; k++)
        for (int m = 0; m < 4; m++) {
            volatile uint64_t hi = vals[i], lo = vals[j], d = vals[k];
            uint64_t q = 0, r = 0;
            if (sigsetjmp(jb, 1)) { mix(0xde + m); continue; }
            switch (m) {
            case 0: __asm__ volatile("divl %k4" : "=a"(q), "=d"(r) : "a"(lo), "d"(hi), "r"(d)); break;
            case 1: __asm__ volatile("idivl %k4" : "=a"(q), "=d"(r) : "a"(lo), "d"(hi), "r"(d)); break;
            case 2: __asm__ volatile("divq %4" : "=a"(q), "=d"(r) : "a"(lo), "d"(hi), "r"(d)); break;
            default: __asm__ volatile("idivq %4" : "=a"(q), "=d"(r) : "a"(lo), "d"(hi), "r"(d)); break;
            }
            mix(q * 3 + r);
            if (sigsetjmp(jb, 1)) { mix(0xdf); continue; }
            __asm__ volatile("xor %%edx, %%edx\n\tdivq %3" : "=a"(q), "=&d"(r) : "a"(lo), "r"(d));
            mix(q * 5 + r);
            if (sigsetjmp(jb, 1)) { mix(0xe0); continue; }
            __asm__ volatile("cqo\n\tidivq %3" : "=a"(q), "=&d"(r) : "a"(lo), "r"(d));
            mix(q * 7 + r);
        }
}

/* the flags of insn, read by pushf / setcc in the block after a jump */
#define F(insn) do { uint64_t f, a = x, b = y; \
    __asm__ volatile(insn "\n\tjmp 1f\n1:\tpushfq\n\tpopq %0" : "=r"(f), "+r"(a) : "r"(b) : "cc"); \
    mix((f & 0x8d5) * 7 + a); } while (0)
#define S(insn, cc) do { uint8_t s; uint64_t a = x, b = y; \
    __asm__ volatile(insn "\n\tjmp 1f\n1:\tset" cc " %0" : "=q"(s), "+r"(a) : "r"(b) : "cc"); \
    mix(s); } while (0)
#define ALLCC(i) S(i, "o"); S(i, "b"); S(i, "e"); S(i, "be"); S(i, "s"); S(i, "p"); S(i, "l"); S(i, "le")

static void flags(void)
{
    for (int i = 0; i < NV; i++) for (int j = 0; j < NV; j++) {
        uint64_t x = vals[i], y = vals[j];
        F("subq %2, %1"); F("subl %k2, %k1"); F("subw %w2, %w1"); F("subb %b2, %b1");
        F("addq %2, %1"); F("addl %k2, %k1"); F("addb %b2, %b1"); F("cmpq %2, %1");
        F("incq %1"); F("incl %k1"); F("decw %w1"); F("decb %b1"); F("negq %1");
        F("stc\n\tadcq %2, %1"); F("clc\n\tsbbl %k2, %k1"); F("stc\n\tsbbb %b2, %b1");
        ALLCC("cmpq %2, %1"); ALLCC("addl %k2, %k1"); ALLCC("incq %1"); ALLCC("decb %b1");
    }
}

static void sse_chains(void)
{
    uint64_t s = 88172645463325252ull;
    for (int it = 0; it < 20000; it++) {
        double v[8];
        for (int k = 0; k < 8; k++) {
            s ^= s << 13, s ^= s >> 7, s ^= s << 17;
            uint64_t x = (k & 1) ? (s & 0x800fffffffffffffull) | 0x3ff0000000000000ull : s;
            memcpy(&v[k], &x, 8);
        }
        __m128d a = _mm_loadu_pd(v), b = _mm_loadu_pd(v + 2), c = _mm_loadu_pd(v + 4),
                d = _mm_loadu_pd(v + 6);
        __asm__ volatile("addsd %1, %0\n\tmulsd %2, %0\n\tsubpd %3, %0\n\tdivsd %1, %0\n\t"
                         "sqrtsd %0, %0\n\tmaxpd %2, %0\n\tminsd %3, %0\n\tcmpltpd %1, %2\n\t"
                         "andpd %2, %0\n\tmulpd %0, %0\n\taddps %3, %1\n\tdivss %1, %3"
                         : "+x"(a), "+x"(b), "+x"(c), "+x"(d));
        uint64_t u[8];
        _mm_storeu_pd((double *)u, a), _mm_storeu_pd((double *)u + 2, b);
        _mm_storeu_pd((double *)u + 4, c), _mm_storeu_pd((double *)u + 6, d);
        for (int k = 0; k < 8; k++)
            mix(u[k]);
        if ((it & 255) == 0) {
            mix(_mm_getcsr());
            _mm_setcsr(0x1f80);
        }
    }
    mix(_mm_getcsr());
}

int main(void)
{
    signal(SIGFPE, on_fpe);
    divisions();
    printf("div %016llx\n", (unsigned long long)acc);
    flags();
    printf("flags %016llx\n", (unsigned long long)acc);
    sse_chains();
    printf("sse %016llx\n", (unsigned long long)acc);
    return 0;
}
