/* RV64I lui/auipc values (sign extension of the 32-bit result) and jal/jalr link values,
 * targets, low-bit clearing and rd == rs1. */
#include "base_check.h"

#define LUI(imm) ({ uint64_t r_; __asm__ volatile("lui %0, " #imm : "=r"(r_)); r_; })
#define LI(imm) ({ uint64_t r_; __asm__ volatile("li %0, " #imm : "=r"(r_)); r_; })

static void test_lui(void)
{
    CHECK("lui 0", LUI(0), 0);
    CHECK("lui 1", LUI(1), 0x1000);
    CHECK("lui 0x7ffff", LUI(0x7ffff), 0x7ffff000);
    CHECK("lui 0x80000", LUI(0x80000), 0xffffffff80000000ULL);
    CHECK("lui 0xfffff", LUI(0xfffff), 0xfffffffffffff000ULL);
    CHECK("lui 0x12345", LUI(0x12345), 0x12345000);
    CHECK("lui 0xabcde", LUI(0xabcde), 0xffffffffabcde000ULL);
    /* 64-bit constants: the assembler expands these into lui/addiw/slli/addi chains. */
    CHECK("li 64-bit a", LI(0x123456789abcdef0), 0x123456789abcdef0ULL);
    CHECK("li 64-bit b", LI(0xfedcba9876543210), 0xfedcba9876543210ULL);
    CHECK("li 64-bit c", LI(0x8000000000000001), 0x8000000000000001ULL);
    CHECK("li 64-bit d", LI(0x00000000ffffffff), 0x00000000ffffffffULL);
    CHECK("li 64-bit e", LI(0x7fffffff80000800), 0x7fffffff80000800ULL);
    CHECK("li -2048", LI(-2048), (uint64_t)-2048);
}

static void test_auipc(void)
{
    uint64_t a0, a1, a2, a3, a4, lab;
    __asm__ volatile("1: auipc %0, 0\n\t"
                     "auipc %1, 1\n\t"
                     "auipc %2, 0x80000\n\t"
                     "auipc %3, 0xfffff\n\t"
                     "auipc %4, 0x7ffff\n\t"
                     "lla %5, 1b"
                     : "=&r"(a0), "=&r"(a1), "=&r"(a2), "=&r"(a3), "=&r"(a4), "=&r"(lab));
    CHECK("auipc 0", a0, lab);
    CHECK("auipc 1", a1, lab + 4 + 0x1000);
    CHECK("auipc 0x80000", a2, lab + 8 - 0x80000000ULL);
    CHECK("auipc 0xfffff", a3, lab + 12 - 0x1000);
    CHECK("auipc 0x7ffff", a4, lab + 16 + 0x7ffff000ULL);
}

static void test_jal(void)
{
    uint64_t link, expect, count;
    __asm__ volatile("li %2, 0\n\t"
                     "lla %1, 2f\n\t"
                     "jal %0, 1f\n"
                     "2:\taddi %2, %2, 100\n"
                     "1:\taddi %2, %2, 1"
                     : "=&r"(link), "=&r"(expect), "=&r"(count));
    CHECK("jal link", link, expect);
    CHECK("jal skipped", count, 1);

    /* Backward jal, and jal with rd = x0 (plain jump). */
    __asm__ volatile("li %2, 0\n\t"
                     "j 3f\n"
                     "1:\taddi %2, %2, 1\n\t"
                     "j 4f\n"
                     "3:\tlla %1, 2f\n\t"
                     "jal %0, 1b\n"
                     "2:\taddi %2, %2, 100\n"
                     "4:"
                     : "=&r"(link), "=&r"(expect), "=&r"(count));
    CHECK("jal back link", link, expect);
    CHECK("jal back count", count, 1);
}

static void test_jalr(void)
{
    uint64_t link, expect, count, tmp;
    /* Plain jalr with a positive immediate. */
    __asm__ volatile("li %2, 0\n\t"
                     "lla %3, 1f\n\t"
                     "addi %3, %3, -12\n\t"
                     "lla %1, 2f\n\t"
                     "jalr %0, 12(%3)\n"
                     "2:\taddi %2, %2, 100\n"
                     "1:\taddi %2, %2, 1"
                     : "=&r"(link), "=&r"(expect), "=&r"(count), "=&r"(tmp));
    CHECK("jalr +imm link", link, expect);
    CHECK("jalr +imm target", count, 1);

    /* Negative immediate and the low bit of the target cleared. */
    __asm__ volatile("li %2, 0\n\t"
                     "lla %3, 1f\n\t"
                     "addi %3, %3, 17\n\t"
                     "lla %1, 2f\n\t"
                     "jalr %0, -16(%3)\n"
                     "2:\taddi %2, %2, 100\n"
                     "1:\taddi %2, %2, 1"
                     : "=&r"(link), "=&r"(expect), "=&r"(count), "=&r"(tmp));
    CHECK("jalr low bit link", link, expect);
    CHECK("jalr low bit target", count, 1);

    /* rd == rs1: the target uses the old value, the link is written afterwards. */
    __asm__ volatile("li %2, 0\n\t"
                     "lla %0, 1f\n\t"
                     "lla %1, 2f\n\t"
                     "jalr %0, 0(%0)\n"
                     "2:\taddi %2, %2, 100\n"
                     "1:\taddi %2, %2, 1"
                     : "=&r"(link), "=&r"(expect), "=&r"(count));
    CHECK("jalr rd=rs1 link", link, expect);
    CHECK("jalr rd=rs1 target", count, 1);

    /* rd = x0: an indirect jump that links nothing. */
    __asm__ volatile("li %1, 0\n\t"
                     "lla %0, 1f\n\t"
                     "jalr zero, 0(%0)\n\t"
                     "addi %1, %1, 100\n"
                     "1:\taddi %1, %1, 1"
                     : "=&r"(tmp), "=&r"(count));
    CHECK("jalr x0 target", count, 1);
}

static int __attribute__((noinline)) callee(int x) { return x * 3 + 1; }

static void test_calls(void)
{
    int (*volatile fp)(int) = callee;
    CHECK("indirect call", fp(14), 43);
    CHECK("direct call", callee(-5), (uint64_t)(int64_t)-14);
}

static void test_x0(void)
{
    uint64_t r;
    __asm__ volatile("li t0, 55\n\t"
                     "add zero, t0, t0\n\t"
                     "addi zero, zero, 7\n\t"
                     "lui zero, 0x12345\n\t"
                     "mv %0, zero"
                     : "=r"(r) : : "t0");
    CHECK("x0 stays zero", r, 0);
}

int main(void)
{
    test_lui();
    test_auipc();
    test_jal();
    test_jalr();
    test_calls();
    test_x0();
    return DONE();
}
