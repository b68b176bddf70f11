/* Flag-setting arithmetic and logic (ADDS/SUBS/ADCS/SBCS/ANDS/BICS, 32 and 64 bit, CMN, NEGS),
 * conditional compares and the CSEL family: known corner cases checked here, and every
 * operand pair printed for the comparison with qemu-aarch64. */
#include "a64_rt.h"

#define FLAGOP(insn, a, b, nzcv_in)                                                           \
    ({                                                                                         \
        u64 r_, f_;                                                                            \
        __asm__ volatile("msr nzcv, %3\n" insn " %0, %1, %2\n mrs %0, nzcv\n" : "=&r"(f_)      \
                         : "r"(a), "r"(b), "r"(nzcv_in));                                      \
        __asm__ volatile("msr nzcv, %3\n" insn " %0, %1, %2\n" : "=&r"(r_)                     \
                         : "r"(a), "r"(b), "r"(nzcv_in));                                      \
        rt_line(insn, a, b, r_, f_);                                                           \
        f_;                                                                                    \
    })
#define FLAGOPW(insn, a, b, nzcv_in)                                                          \
    ({                                                                                         \
        u64 r_, f_;                                                                            \
        __asm__ volatile("msr nzcv, %3\n" insn " %w0, %w1, %w2\n mrs %0, nzcv\n" : "=&r"(f_)   \
                         : "r"(a), "r"(b), "r"(nzcv_in));                                      \
        __asm__ volatile("msr nzcv, %3\n" insn " %w0, %w1, %w2\n" : "=&r"(r_)                  \
                         : "r"(a), "r"(b), "r"(nzcv_in));                                      \
        rt_line(insn "w", a, b, r_, f_);                                                       \
        f_;                                                                                    \
    })

#define N 0x80000000ull
#define Z 0x40000000ull
#define C 0x20000000ull
#define V 0x10000000ull

static void known(void)
{
    CHECK("adds 0+0", FLAGOP("adds", 0ull, 0ull, 0ull), Z);
    CHECK("adds max+1", FLAGOP("adds", 0x7fffffffffffffffull, 1ull, 0ull), N | V);
    CHECK("adds -1+1", FLAGOP("adds", ~0ull, 1ull, 0ull), Z | C);
    CHECK("subs 0-1", FLAGOP("subs", 0ull, 1ull, 0ull), N);
    CHECK("subs 1-1", FLAGOP("subs", 1ull, 1ull, 0ull), Z | C);
    CHECK("subs min-1", FLAGOP("subs", 0x8000000000000000ull, 1ull, 0ull), C | V);
    CHECK("adcs -1+0+c", FLAGOP("adcs", ~0ull, 0ull, C), Z | C);
    CHECK("sbcs 0-0-!c", FLAGOP("sbcs", 0ull, 0ull, 0ull), N);
    CHECK("sbcs 0-0 c", FLAGOP("sbcs", 0ull, 0ull, C), Z | C);
    CHECK("addsw", FLAGOPW("adds", 0x7fffffffull, 1ull, 0ull), N | V);
    CHECK("addsw carry", FLAGOPW("adds", 0xffffffffull, 1ull, 0ull), Z | C);
    CHECK("subsw", FLAGOPW("subs", 0x80000000ull, 1ull, 0ull), C | V);
    CHECK("andsw", FLAGOPW("ands", 0x80000000ull, 0xffffffffull, C | V), N);
    CHECK("ands 0", FLAGOP("ands", 1ull, 2ull, N | C | V), Z);
}

static u64 ccmp(u64 a, u64 b, u64 nzcv_in)
{
    u64 f;
    __asm__ volatile("msr nzcv, %3\n ccmp %1, %2, #5, ne\n mrs %0, nzcv" : "=&r"(f)
                     : "r"(a), "r"(b), "r"(nzcv_in));
    return f;
}

static u64 csel_all(u64 a, u64 b, u64 nzcv_in)
{
    u64 r1, r2, r3, r4;
    __asm__ volatile("msr nzcv, %6\n csel %0, %4, %5, ge\n csinc %1, %4, %5, hi\n"
                     "csinv %2, %4, %5, lt\n csneg %3, %4, %5, vs\n"
                     : "=&r"(r1), "=&r"(r2), "=&r"(r3), "=&r"(r4)
                     : "r"(a), "r"(b), "r"(nzcv_in));
    return r1 ^ (r2 << 1) ^ (r3 << 2) ^ (r4 << 3);
}

int main(void)
{
    known();
    CHECK("ccmp taken", ccmp(3, 3, 0), Z | C);
    CHECK("ccmp not taken", ccmp(3, 4, Z), 0x50000000ull);
    for (unsigned i = 0; i < RT_NVALS; i++) {
        for (unsigned j = 0; j < RT_NVALS; j++) {
            u64 a = rt_vals[i], b = rt_vals[j];
            for (u64 f = 0; f < 16; f += 5) {
                u64 nz = f << 28;
                FLAGOP("adds", a, b, nz);
                FLAGOP("subs", a, b, nz);
                FLAGOP("adcs", a, b, nz);
                FLAGOP("sbcs", a, b, nz);
                FLAGOPW("adds", a, b, nz);
                FLAGOPW("subs", a, b, nz);
                FLAGOPW("adcs", a, b, nz);
                FLAGOPW("sbcs", a, b, nz);
                FLAGOP("ands", a, b, nz);
                FLAGOP("bics", a, b, nz);
                FLAGOPW("ands", a, b, nz);
                rt_line("ccmp", a, b, 0, ccmp(a, b, nz));
                rt_line("csel", a, b, csel_all(a, b, nz), nz);
            }
        }
    }
    return DONE();
}
