/* RV64C: every compressed instruction a user program can run, written as explicit c.*
 * mnemonics so the assembler must emit the 16-bit form (it refuses what does not fit). */
#include "base_check.h"

#define RVC(body) ".option push\n\t.option rvc\n\t" body "\n\t.option pop"

/* rd' = a0 and rs2' = a1 (both in x8..x15, as the 3-bit register fields need). */
#define C2(insn, a, b)                                                                         \
    ({                                                                                         \
        register uint64_t x_ __asm__("a0") = (uint64_t)(a);                                    \
        register uint64_t y_ __asm__("a1") = (uint64_t)(b);                                    \
        __asm__ volatile(RVC(insn " %0, %1") : "+r"(x_) : "r"(y_));                            \
        x_;                                                                                    \
    })
#define CI(insn, a, imm)                                                                       \
    ({                                                                                         \
        register uint64_t x_ __asm__("a0") = (uint64_t)(a);                                    \
        __asm__ volatile(RVC(insn " %0, " #imm) : "+r"(x_));                                   \
        x_;                                                                                    \
    })
#define T2C(insn, a, b, e) CHECK(insn " " #a ", " #b, C2(insn, a, b), e)
#define TIC(insn, a, imm, e) CHECK(insn " " #a ", " #imm, CI(insn, a, imm), e)

static void test_alu(void)
{
    TIC("c.addi", 5, -32, (uint64_t)-27);
    TIC("c.addi", 5, 31, 36);
    TIC("c.addi", 0xffffffffffffffffULL, 1, 0);
    TIC("c.addiw", 0x7fffffff, 1, 0xffffffff80000000ULL);
    TIC("c.addiw", 0x0000000180000000ULL, 0, 0xffffffff80000000ULL); /* sext.w */
    TIC("c.addiw", 0xffffffff00000005ULL, -6, 0xffffffffffffffffULL);
    TIC("c.li", 123, -32, 0xffffffffffffffe0ULL);
    TIC("c.li", 123, 31, 31);
    TIC("c.li", 123, 0, 0);
    TIC("c.lui", 0, 1, 0x1000);
    TIC("c.lui", 0, 31, 0x1f000);
    TIC("c.lui", 0, 0xfffe0, 0xfffffffffffe0000ULL);
    TIC("c.lui", 0, 0xfffff, 0xfffffffffffff000ULL);
    TIC("c.srli", 0x8000000000000000ULL, 63, 1);
    TIC("c.srli", 0x8000000000000000ULL, 32, 0x80000000);
    TIC("c.srli", 0xf0f0f0f0f0f0f0f0ULL, 1, 0x7878787878787878ULL);
    TIC("c.srai", 0x8000000000000000ULL, 63, 0xffffffffffffffffULL);
    TIC("c.srai", 0x8000000000000000ULL, 32, 0xffffffff80000000ULL);
    TIC("c.srai", 0x4000000000000000ULL, 62, 1);
    TIC("c.slli", 1, 63, 0x8000000000000000ULL);
    TIC("c.slli", 0x00000000ffffffffULL, 32, 0xffffffff00000000ULL);
    TIC("c.slli", 0x123456789abcdef0ULL, 4, 0x23456789abcdef00ULL);
    TIC("c.andi", 0x123456789abcdef0ULL, -32, 0x123456789abcdee0ULL);
    TIC("c.andi", 0x123456789abcdef0ULL, 31, 0x10);
    TIC("c.andi", 0x123456789abcdef0ULL, -1, 0x123456789abcdef0ULL);
    TIC("c.andi", 0x123456789abcdef0ULL, 0, 0);
    T2C("c.sub", 5, 7, 0xfffffffffffffffeULL);
    T2C("c.sub", 0x8000000000000000ULL, 1, 0x7fffffffffffffffULL);
    T2C("c.xor", 0xff00ff00ff00ff00ULL, 0x0ff00ff00ff00ff0ULL, 0xf0f0f0f0f0f0f0f0ULL);
    T2C("c.or", 0xff00ff00ff00ff00ULL, 0x0ff00ff00ff00ff0ULL, 0xfff0fff0fff0fff0ULL);
    T2C("c.and", 0xff00ff00ff00ff00ULL, 0x0ff00ff00ff00ff0ULL, 0x0f000f000f000f00ULL);
    T2C("c.subw", 0x80000000, 1, 0x7fffffff);
    T2C("c.subw", 0, 1, 0xffffffffffffffffULL);
    T2C("c.subw", 0x1234567800000000ULL, 0, 0);
    T2C("c.addw", 0x7fffffff, 1, 0xffffffff80000000ULL);
    T2C("c.addw", 0xffffffff00000001ULL, 0x00000001ffffffffULL, 0);
    T2C("c.mv", 1, 0xdeadbeefcafef00dULL, 0xdeadbeefcafef00dULL);
    T2C("c.add", 0xfffffffffffffff0ULL, 0x20, 0x10);
    T2C("c.add", 0x7fffffffffffffffULL, 1, 0x8000000000000000ULL);
    {
        register uint64_t x __asm__("a0") = 77;
        __asm__ volatile(RVC("c.nop") : "+r"(x));
        CHECK("c.nop", x, 77);
    }
}

static uint64_t mem[40] __attribute__((aligned(16)));

static void test_loads_stores(void)
{
    register uint64_t base __asm__("a1") = (uint64_t)mem;
    register uint64_t v __asm__("a0");
    for (int i = 0; i < 40; i++)
        mem[i] = 0x0101010101010101ULL * i;
    mem[1] = 0xfedcba9880000000ULL;
    __asm__ volatile(RVC("c.lw %0, 8(%1)") : "=r"(v) : "r"(base) : "memory");
    CHECK("c.lw sign-extends", v, 0xffffffff80000000ULL);
    __asm__ volatile(RVC("c.lw %0, 12(%1)") : "=r"(v) : "r"(base) : "memory");
    CHECK("c.lw upper half", v, 0xfffffffffedcba98ULL);
    __asm__ volatile(RVC("c.ld %0, 8(%1)") : "=r"(v) : "r"(base) : "memory");
    CHECK("c.ld", v, 0xfedcba9880000000ULL);
    __asm__ volatile(RVC("c.ld %0, 248(%1)") : "=r"(v) : "r"(base) : "memory");
    CHECK("c.ld max offset", v, 0x0101010101010101ULL * 31);
    __asm__ volatile(RVC("c.lw %0, 124(%1)") : "=r"(v) : "r"(base) : "memory");
    CHECK("c.lw max offset", v, 0x0f0f0f0f);
    v = 0x1122334455667788ULL;
    __asm__ volatile(RVC("c.sw %0, 16(%1)") : : "r"(v), "r"(base) : "memory");
    CHECK("c.sw", mem[2], 0x0202020255667788ULL);
    __asm__ volatile(RVC("c.sd %0, 24(%1)") : : "r"(v), "r"(base) : "memory");
    CHECK("c.sd", mem[3], 0x1122334455667788ULL);
    __asm__ volatile(RVC("c.sd %0, 248(%1)") : : "r"(v), "r"(base) : "memory");
    CHECK("c.sd max offset", mem[31], 0x1122334455667788ULL);

    /* c.fld / c.fsd with fa0 (f10, in the compressed register set). */
    double d = 2.5, got;
    register double f __asm__("fa0");
    ((double *)mem)[4] = d;
    __asm__ volatile(RVC("c.fld %0, 32(%1)") : "=f"(f) : "r"(base) : "memory");
    got = f;
    CHECK("c.fld", got == 2.5, 1);
    f = -0.75;
    __asm__ volatile(RVC("c.fsd %0, 40(%1)") : : "f"(f), "r"(base) : "memory");
    CHECK("c.fsd", mem[5], 0xbfe8000000000000ULL);
}

static void test_sp_forms(void)
{
    uint64_t r[6];
    double fd;
    /* Reserve a 64-byte frame with c.addi16sp, use every sp-relative form, give it back. */
    __asm__ volatile(RVC("mv t1, sp\n\t"
                         "c.addi16sp sp, -64\n\t"
                         "sub %0, t1, sp\n\t"      /* 64 */
                         "c.addi4spn a0, sp, 16\n\t"
                         "sub %1, a0, sp\n\t"      /* 16 */
                         "li a1, -5\n\t"
                         "c.sdsp a1, 8(sp)\n\t"
                         "c.ldsp a2, 8(sp)\n\t"
                         "mv %2, a2\n\t"           /* -5 */
                         "li a1, 0x80000001\n\t"
                         "c.swsp a1, 20(sp)\n\t"
                         "c.lwsp a3, 20(sp)\n\t"
                         "mv %3, a3\n\t"           /* sign-extended 0xffffffff80000001 */
                         "c.ldsp a4, 16(sp)\n\t"
                         "mv %4, a4\n\t"           /* upper word of the 16(sp) dword */
                         "li a1, 0x4010000000000000\n\t" /* 4.0 */
                         "fmv.d.x ft0, a1\n\t"
                         "c.fsdsp ft0, 32(sp)\n\t"
                         "c.fldsp ft1, 32(sp)\n\t"
                         "fmv.d %5, ft1\n\t"
                         "c.addi16sp sp, 64\n\t"
                         "sub %6, t1, sp")        /* 0 */
                     : "=&r"(r[0]), "=&r"(r[1]), "=&r"(r[2]), "=&r"(r[3]), "=&r"(r[4]),
                       "=&f"(fd), "=&r"(r[5])
                     :
                     : "t1", "a0", "a1", "a2", "a3", "a4", "ft0", "ft1", "memory");
    CHECK("c.addi16sp -64", r[0], 64);
    CHECK("c.addi4spn 16", r[1], 16);
    CHECK("c.sdsp/c.ldsp", r[2], (uint64_t)-5);
    CHECK("c.swsp/c.lwsp sign-extends", r[3], 0xffffffff80000001ULL);
    CHECK("c.swsp wrote the upper word", r[4] >> 32, 0x80000001);
    CHECK("c.fsdsp/c.fldsp", fd == 4.0, 1);
    CHECK("c.addi16sp +64 restores sp", r[5], 0);
}

static void test_control(void)
{
    uint64_t taken, link, expect;
    static const uint64_t vals[4] = {0, 1, 0x8000000000000000ULL, 0x100000000ULL};
    for (int i = 0; i < 4; i++) {
        register uint64_t x __asm__("a0") = vals[i];
        __asm__ volatile(RVC("li %0, 0\n\t"
                             "c.beqz %1, 1f\n\t"
                             "j 2f\n"
                             "1:\tli %0, 1\n"
                             "2:")
                         : "=&r"(taken) : "r"(x));
        CHECK("c.beqz", taken, vals[i] == 0);
        __asm__ volatile(RVC("li %0, 0\n\t"
                             "c.bnez %1, 1f\n\t"
                             "j 2f\n"
                             "1:\tli %0, 1\n"
                             "2:")
                         : "=&r"(taken) : "r"(x));
        CHECK("c.bnez", taken, vals[i] != 0);
    }
    /* Backward c.bnez loop. */
    {
        register uint64_t n __asm__("a0") = 10;
        register uint64_t acc __asm__("a1") = 0;
        __asm__ volatile(RVC("1:\tc.add %1, %0\n\t"
                             "c.addi %0, -1\n\t"
                             "c.bnez %0, 1b")
                         : "+r"(n), "+r"(acc));
        CHECK("c.bnez loop", acc, 55);
    }
    __asm__ volatile(RVC("li %0, 0\n\t"
                         "c.j 1f\n\t"
                         "li %0, 100\n"
                         "1:\taddi %0, %0, 1")
                     : "=&r"(taken));
    CHECK("c.j", taken, 1);
    __asm__ volatile(RVC("li %0, 0\n\t"
                         "lla t0, 1f\n\t"
                         "c.jr t0\n\t"
                         "li %0, 100\n"
                         "1:\taddi %0, %0, 1")
                     : "=&r"(taken) : : "t0");
    CHECK("c.jr", taken, 1);
    /* c.jalr links pc + 2. */
    __asm__ volatile(RVC("lla t0, 1f\n\t"
                         "lla %1, 2f\n\t"
                         "c.jalr t0\n"
                         "2:\tc.nop\n"
                         "1:\tmv %0, ra")
                     : "=&r"(link), "=&r"(expect) : : "t0", "ra");
    CHECK("c.jalr link is pc+2", link, expect);
}

int main(void)
{
    test_alu();
    test_loads_stores();
    test_sp_forms();
    test_control();
    return DONE();
}
