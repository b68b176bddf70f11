/* Destination aliasing and x0: rd equal to a source for jumps, loads, LR/SC and AMOs; word
 * AMOs ignoring the upper half of rs2; SC failing without a matching reservation. */
#include "base_check.h"

static uint64_t mem64[4] __attribute__((aligned(16)));
static uint32_t mem32[4] __attribute__((aligned(16)));

/* jalr t0, 0(t0): the target is read before t0 becomes the link address. */
static void test_jalr_alias(void)
{
    uint64_t link, tmp;
    /* Jumps to 1:, where link must equal 2: (the insn after the jalr): link - 2b = 0. */
    __asm__ volatile("la %1, 1f\n\t"
                     "mv %0, %1\n\t"
                     "jalr %0, 0(%0)\n"
                     "2:\n\t"
                     "j 3f\n"
                     "1:\n\t"
                     "la %1, 2b\n\t"
                     "sub %0, %0, %1\n"
                     "3:"
                     : "=&r"(link), "=&r"(tmp));
    CHECK("jalr rd==rs1 jumps to old rs1 and links", link, 0);
    /* Bit 0 of the target is cleared. */
    uint64_t r;
    __asm__ volatile("la %0, 1f\n\t"
                     "addi %0, %0, 1\n\t"
                     "jalr x0, 0(%0)\n\t"
                     "li %0, 7\n"
                     "1:\n\t"
                     "li %0, 42"
                     : "=&r"(r));
    CHECK("jalr clears bit 0", r, 42);
}

static void test_load_alias(void)
{
    uint64_t r;
    mem64[1] = 0x1122334455667788ULL;
    r = (uint64_t)&mem64[1];
    __asm__ volatile("ld %0, 0(%0)" : "+r"(r) : : "memory");
    CHECK("ld rd==rs1", r, 0x1122334455667788ULL);
    mem32[0] = 0x80000001u;
    r = (uint64_t)&mem32[0];
    __asm__ volatile("lw %0, 0(%0)" : "+r"(r) : : "memory");
    CHECK("lw rd==rs1 sign-extends", r, 0xffffffff80000001ULL);
    r = (uint64_t)&mem32[0];
    __asm__ volatile("lwu %0, 0(%0)" : "+r"(r) : : "memory");
    CHECK("lwu rd==rs1", r, 0x80000001ULL);
}

static void test_x0(void)
{
    uint64_t r = 5;
    __asm__ volatile("add x0, %0, %0\n\t"
                     "addi x0, x0, 5\n\t"
                     "mv %0, x0" : "+r"(r));
    CHECK("x0 stays zero", r, 0);
    mem64[0] = 99;
    __asm__ volatile("ld x0, 0(%0)" : : "r"(&mem64[0]) : "memory");  /* load, result dropped */
    __asm__ volatile("lr.d x0, (%0)" : : "r"(&mem64[0]) : "memory");
    __asm__ volatile("amoadd.d x0, %1, (%0)" : : "r"(&mem64[0]), "r"(1) : "memory");
    CHECK("amoadd x0 still stores", mem64[0], 100);
}

static void test_lrsc_alias(void)
{
    uint64_t a, r;
    mem64[2] = 10;
    a = (uint64_t)&mem64[2];
    /* lr.d a0, (a0): the reservation is on the address, not the loaded value. */
    r = a;
    __asm__ volatile("lr.d %0, (%0)" : "+r"(r) : : "memory");
    CHECK("lr.d rd==rs1", r, 10);
    uint64_t v = 77;
    __asm__ volatile("sc.d %0, %0, (%1)" : "+r"(v) : "r"(a) : "memory");
    CHECK("sc.d rd==rs2 succeeds", v, 0);
    CHECK("sc.d rd==rs2 stored the old rs2", mem64[2], 77);

    /* A second SC without a new LR must fail and leave memory alone. */
    v = 5;
    __asm__ volatile("sc.d %0, %0, (%1)" : "+r"(v) : "r"(a) : "memory");
    CHECK("sc.d without reservation fails", v, 1);
    CHECK("failed sc.d stored nothing", mem64[2], 77);

    /* SC to a different address than the LR fails. */
    __asm__ volatile("lr.d %0, (%1)" : "=r"(r) : "r"(a) : "memory");
    v = 6;
    __asm__ volatile("sc.d %0, %0, (%1)" : "+r"(v) : "r"(&mem64[3]) : "memory");
    CHECK("sc.d to another address fails", v, 1);

    /* Word forms: the loaded value is sign-extended, SC compares the word. */
    mem32[1] = 0xfffffffe;
    __asm__ volatile("lr.w %0, (%1)" : "=r"(r) : "r"(&mem32[1]) : "memory");
    CHECK("lr.w sign-extends", r, 0xfffffffffffffffeULL);
    v = 0x1234567800000003ULL;
    __asm__ volatile("sc.w.rl %0, %0, (%1)" : "+r"(v) : "r"(&mem32[1]) : "memory");
    CHECK("sc.w succeeds", v, 0);
    CHECK("sc.w stores the low word", mem32[1], 3);
}

static void test_amo_alias(void)
{
    uint64_t r;
    mem64[0] = 40;
    r = 2;
    __asm__ volatile("amoadd.d %0, %0, (%1)" : "+r"(r) : "r"(&mem64[0]) : "memory");
    CHECK("amoadd.d rd==rs2 old", r, 40);
    CHECK("amoadd.d rd==rs2 new", mem64[0], 42);

    mem32[2] = 7;
    r = (uint64_t)&mem32[2];
    __asm__ volatile("amoswap.w.aqrl %0, %1, (%0)" : "+r"(r) : "r"(9) : "memory");
    CHECK("amoswap.w rd==rs1 old", r, 7);
    CHECK("amoswap.w rd==rs1 new", mem32[2], 9);

    /* Word min/max compare only the low words of rs2 and memory. */
    mem32[3] = 5;
    __asm__ volatile("amomin.w %0, %1, (%2)" : "=r"(r)
                     : "r"(0x0000000080000000ULL), "r"(&mem32[3]) : "memory");
    CHECK("amomin.w old", r, 5);
    CHECK("amomin.w takes -2^31", mem32[3], 0x80000000u);
    __asm__ volatile("amomaxu.w %0, %1, (%2)" : "=r"(r)
                     : "r"(0xffffffff00000001ULL), "r"(&mem32[3]) : "memory");
    CHECK("amomaxu.w old sign-extended", r, 0xffffffff80000000ULL);
    CHECK("amomaxu.w keeps 0x80000000", mem32[3], 0x80000000u);
    __asm__ volatile("amominu.w %0, %1, (%2)" : "=r"(r)
                     : "r"(0x7777777700000001ULL), "r"(&mem32[3]) : "memory");
    CHECK("amominu.w takes 1", mem32[3], 1);
    __asm__ volatile("amomax.w %0, %1, (%2)" : "=r"(r)
                     : "r"(0x00000000ffffffffULL), "r"(&mem32[3]) : "memory");
    CHECK("amomax.w: -1 < 1", mem32[3], 1);
}

/* W shifts take the count from the low 5 bits; 64-bit ones from the low 6. */
static void test_shift_counts(void)
{
    CHECK("sllw count 33", OP2("sllw", 1, 33), 2);
    CHECK("srlw count 32", OP2("srlw", 0xffffffff80000000ULL, 32), 0xffffffff80000000ULL);
    CHECK("sraw count 63", OP2("sraw", 0x80000000ULL, 63), 0xffffffffffffffffULL);
    CHECK("sll count 65", OP2("sll", 1, 65), 2);
    CHECK("rolw count 33", OP2("rolw", 0x80000000ULL, 33), 1);
    CHECK("rorw count 1", OP2("rorw", 1, 1), 0xffffffff80000000ULL);
    CHECK("bset index 64+3", OP2("bset", 0, 67), 8);
    CHECK("bext index 64+63", OP2("bext", 0x8000000000000000ULL, 127), 1);
}

int main(void)
{
    test_jalr_alias();
    test_load_alias();
    test_x0();
    test_lrsc_alias();
    test_amo_alias();
    test_shift_counts();
    return DONE();
}
