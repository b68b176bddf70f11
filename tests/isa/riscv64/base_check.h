/* Shared checking helpers for the base_*.c ISA tests: each CHECK prints the failing case and
 * counts it; DONE() is main's return value (0 when every check passed). */
#ifndef BASE_CHECK_H
#define BASE_CHECK_H

#include <stdint.h>
#include <stdio.h>

static int check_failures, check_count;

static void __attribute__((noinline)) check_fail(const char *what, int line, uint64_t got,
                                                  uint64_t expected)
{
    printf("FAIL line %d: %s: got 0x%016llx expected 0x%016llx\n", line, what,
           (unsigned long long)got, (unsigned long long)expected);
    check_failures++;
}

#define CHECK(what, got, expected)                                                           \
    do {                                                                                       \
        uint64_t got_ = (uint64_t)(got), exp_ = (uint64_t)(expected);                          \
        check_count++;                                                                         \
        if (got_ != exp_)                                                                      \
            check_fail(what, __LINE__, got_, exp_);                                            \
    } while (0)

#define DONE()                                                                                 \
    (printf("%s: %d checks, %d failed\n", __FILE__, check_count, check_failures),            \
     check_failures ? 1 : 0)

/* One instruction on register operands; volatile so the compiler cannot fold it away. */
#define OP2(insn, a, b)                                                                        \
    ({                                                                                         \
        uint64_t r_;                                                                           \
        __asm__ volatile(insn " %0, %1, %2" : "=r"(r_) : "r"((uint64_t)(a)), "r"((uint64_t)(b))); \
        r_;                                                                                    \
    })
#define OP1(insn, a)                                                                           \
    ({                                                                                         \
        uint64_t r_;                                                                           \
        __asm__ volatile(insn " %0, %1" : "=r"(r_) : "r"((uint64_t)(a)));                      \
        r_;                                                                                    \
    })
#define OPI(insn, a, imm)                                                                      \
    ({                                                                                         \
        uint64_t r_;                                                                           \
        __asm__ volatile(insn " %0, %1, %2" : "=r"(r_) : "r"((uint64_t)(a)), "i"(imm));        \
        r_;                                                                                    \
    })

#define T2(insn, a, b, e) CHECK(insn " " #a ", " #b, OP2(insn, a, b), e)
#define T1(insn, a, e) CHECK(insn " " #a, OP1(insn, a), e)
#define TI(insn, a, imm, e) CHECK(insn " " #a ", " #imm, OPI(insn, a, imm), e)

#endif
