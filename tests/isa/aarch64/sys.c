/* EL0 system registers (NZCV, FPCR/FPSR, TPIDR_EL0, counters, CTR/DCZID, ID registers as
 * Linux shows them), hints and barriers as NOPs, branches of every kind. */
#include "a64_rt.h"

#define MRS(reg) ({ u64 r_; __asm__ volatile("mrs %0, " reg : "=r"(r_)); r_; })

static int __attribute__((noinline)) callee(int x) { return x + 1; }

static void sysregs(void)
{
    u64 v;
    __asm__ volatile("msr tpidr_el0, %0" : : "r"(0x1234ull));
    CHECK("tpidr_el0", MRS("tpidr_el0"), 0x1234);
    __asm__ volatile("msr nzcv, %0" : : "r"(0xf0000000ull));
    CHECK("nzcv", MRS("nzcv"), 0xf0000000ull);
    __asm__ volatile("msr nzcv, %0" : : "r"(0x6fffffffull));
    CHECK("nzcv masked", MRS("nzcv"), 0x60000000ull);
    __asm__ volatile("msr fpcr, %0" : : "r"(0x00c00000ull));
    CHECK("fpcr", MRS("fpcr"), 0x00c00000ull);
    __asm__ volatile("msr fpcr, xzr");
    __asm__ volatile("msr fpsr, %0" : : "r"(0x8000009full));
    CHECK("fpsr", MRS("fpsr"), 0x8000009full);
    __asm__ volatile("msr fpsr, xzr");
    u64 t0 = MRS("cntvct_el0"), t1 = MRS("cntvct_el0");
    CHECK("cntvct monotonic", t1 >= t0, 1);
    CHECK("cntfrq nonzero", MRS("cntfrq_el0") != 0, 1);
    v = MRS("ctr_el0");
    CHECK("ctr_el0 RES1", v >> 31, 1);
    CHECK("dczid block size >= 16 bytes", (MRS("dczid_el0") & 15) >= 2, 1);
    (void)MRS("midr_el1");     /* readable at EL0 (Linux emulates the ID space) */
    CHECK("isar0 crc32", (MRS("id_aa64isar0_el1") >> 16) & 15, 1);
    CHECK("isar0 atomics", ((MRS("id_aa64isar0_el1") >> 20) & 15) >= 2, 1);
    __asm__ volatile("nop\n yield\n hint #34\n hint #25\n hint #29\n isb\n dmb ish\n dsb sy\n"
                     "dmb ishld\n dmb ishst\n" ::: "memory");
}

static void branches(void)
{
    u64 r;
    __asm__ volatile("mov %0, #0\n cbz %0, 1f\n mov %0, #5\n1: cbnz %0, 2f\n add %0, %0, #2\n2:"
                     : "=&r"(r));
    CHECK("cbz/cbnz", r, 2);
    __asm__ volatile("mov %0, #0x100000000\n tbnz %0, #32, 1f\n mov %0, #0\n1: tbz %0, #3, 2f\n"
                     " mov %0, #9\n2:" : "=&r"(r));
    CHECK("tbz/tbnz", r, 0x100000000ull);
    __asm__ volatile("mov %0, #1\n cmp %0, #2\n b.lt 1f\n mov %0, #7\n1: b.ge 2f\n add %0, %0, #1\n2:"
                     : "=&r"(r) : : "cc");
    CHECK("b.cond", r, 2);
    __asm__ volatile("adr x9, 1f\n mov %0, #1\n br x9\n mov %0, #3\n1:" : "=&r"(r) : : "x9");
    CHECK("br", r, 1);
    int (*volatile f)(int) = callee;
    CHECK("blr", f(41), 42);
    __asm__ volatile("bl 1f\n b 2f\n1: mov %0, x30\n ret\n2:" : "=&r"(r) : : "x30");
    CHECK("bl link", r != 0, 1);
    __asm__ volatile("adrp %0, buf_page\n" : "=r"(r));
    CHECK("adrp page aligned", r & 0xfff, 0);
}

__asm__(".data\n.balign 4096\nbuf_page: .quad 0\n.text\n");

int main(void)
{
    sysregs();
    branches();
    return DONE();
}
