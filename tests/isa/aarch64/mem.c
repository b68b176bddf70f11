/* Loads and stores in every addressing mode (unsigned offset, unscaled, pre/post-index,
 * register offset with each extend, literal, pairs, LDPSW, sign-extending loads, LDTR/STTR),
 * exclusives with their failure paths, acquire/release, LSE atomics, DC ZVA. */
#include "a64_rt.h"

static u64 buf[64] __attribute__((aligned(64)));

static void addressing(void)
{
    u64 r, p;
    for (int i = 0; i < 64; i++)
        buf[i] = 0x0101010101010101ull * (u64)(i + 1);
    __asm__ volatile("ldr %0, [%1, #16]" : "=r"(r) : "r"(buf));
    CHECK("ldr uimm", r, buf[2]);
    __asm__ volatile("ldur %0, [%1, #-8]" : "=r"(r) : "r"(&buf[3]));
    CHECK("ldur", r, buf[2]);
    __asm__ volatile("ldur %0, [%1, #1]" : "=r"(r) : "r"(buf));
    CHECK("ldur unaligned", r, (buf[0] >> 8) | (buf[1] << 56));
    p = (u64)buf;
    __asm__ volatile("ldr %0, [%1, #8]!" : "=r"(r), "+r"(p));
    CHECK("pre value", r, buf[1]);
    CHECK("pre wb", p, (u64)&buf[1]);
    __asm__ volatile("ldr %0, [%1], #16" : "=r"(r), "+r"(p));
    CHECK("post value", r, buf[1]);
    CHECK("post wb", p, (u64)&buf[3]);
    __asm__ volatile("ldr %0, [%1, %2, lsl #3]" : "=r"(r) : "r"(buf), "r"(5ull));
    CHECK("reg lsl", r, buf[5]);
    __asm__ volatile("ldr %0, [%1, %w2, sxtw #3]" : "=r"(r) : "r"(&buf[8]), "r"(-2ll));
    CHECK("reg sxtw", r, buf[6]);
    __asm__ volatile("ldr %0, [%1, %w2, uxtw]" : "=r"(r) : "r"(buf), "r"(0x100000008ull));
    CHECK("reg uxtw", r, buf[1]);
    __asm__ volatile("ldrsb %0, [%1]" : "=r"(r) : "r"("\x80"));
    CHECK("ldrsb", r, 0xffffffffffffff80ull);
    __asm__ volatile("ldrsb %w0, [%1]" : "=r"(r) : "r"("\x80"));
    CHECK("ldrsb w", r, 0xffffff80ull);
    __asm__ volatile("ldrsh %0, [%1]" : "=r"(r) : "r"("\x00\x80"));
    CHECK("ldrsh", r, 0xffffffffffff8000ull);
    __asm__ volatile("ldrsw %0, [%1]" : "=r"(r) : "r"("\x00\x00\x00\x80"));
    CHECK("ldrsw", r, 0xffffffff80000000ull);
    __asm__ volatile("ldtr %0, [%1, #8]" : "=r"(r) : "r"(buf));
    CHECK("ldtr", r, buf[1]);
    __asm__ volatile("ldr %0, 1f\n b 2f\n .balign 8\n1: .quad 0x1122334455667788\n2:" : "=r"(r));
    CHECK("literal", r, 0x1122334455667788ull);
    __asm__ volatile("ldrsw %0, 1f\n b 2f\n .balign 4\n1: .word 0x80000001\n2:" : "=r"(r));
    CHECK("literal sw", r, 0xffffffff80000001ull);
    u64 a, b2;
    p = (u64)&buf[4];
    __asm__ volatile("ldp %0, %1, [%2, #-16]!" : "=r"(a), "=r"(b2), "+r"(p));
    CHECK("ldp pre", a ^ (b2 << 1), buf[2] ^ (buf[3] << 1));
    CHECK("ldp pre wb", p, (u64)&buf[2]);
    __asm__ volatile("ldpsw %0, %1, [%2]" : "=r"(a), "=r"(b2) : "r"("\xff\xff\xff\xff\x02\0\0\0"));
    CHECK("ldpsw", a + b2, 1);
    __asm__ volatile("stp %2, %3, [%1], #16\n" : "=m"(buf[10]), "+r"(p) : "r"(7ull), "r"(9ull));
    CHECK("stp post", buf[2] + buf[3], 16);
    __asm__ volatile("strb %w1, [%0, #3]\n strh %w1, [%0, #6]" : : "r"(&buf[20]), "r"(0xabcdull) : "memory");
    CHECK("strb/strh", buf[20], 0xabcd1515cd151515ull);
    __asm__ volatile("sttr %1, [%0]" : : "r"(&buf[21]), "r"(42ull) : "memory");
    CHECK("sttr", buf[21], 42);
    __asm__ volatile("dc zva, %0" : : "r"(&buf[9]) : "memory");
    CHECK("dc zva", buf[8] | buf[15], 0);
    __asm__ volatile("mrs %0, dczid_el0" : "=r"(r));
    if ((r & 15) == 4)          /* 64-byte blocks (trix); QEMU's -cpu max uses larger ones */
        CHECK("dc zva edge", buf[16], 0x1111111111111111ull);
}

static void exclusives(void)
{
    u64 v, st, old;
    buf[0] = 5;
    __asm__ volatile("ldxr %0, [%2]\n add %0, %0, #1\n stxr %w1, %0, [%2]"
                     : "=&r"(v), "=&r"(st) : "r"(buf) : "memory");
    CHECK("stxr ok", st, 0);
    CHECK("stxr value", buf[0], 6);
    __asm__ volatile("ldxr %0, [%2]\n clrex\n stxr %w1, %0, [%2]"
                     : "=&r"(v), "=&r"(st) : "r"(buf) : "memory");
    CHECK("stxr after clrex", st, 1);
    __asm__ volatile("ldxr %0, [%2]\n str xzr, [%2]\n stxr %w1, %0, [%2]"
                     : "=&r"(v), "=&r"(st) : "r"(buf) : "memory");
    CHECK("stxr after store", st, 1);
    CHECK("stxr after store value", buf[0], 0);
    __asm__ volatile("ldxr %0, [%2]\n stxr %w1, %0, [%3]"
                     : "=&r"(v), "=&r"(st) : "r"(buf), "r"(&buf[1]) : "memory");
    CHECK("stxr other address", st, 1);
    __asm__ volatile("stxr %w0, xzr, [%1]" : "=&r"(st) : "r"(buf) : "memory");
    CHECK("stxr without ldxr", st, 1);
    buf[2] = 1;
    buf[3] = 2;
    u64 a, b;
    __asm__ volatile("ldaxp %0, %1, [%3]\n stlxp %w2, %1, %0, [%3]"
                     : "=&r"(a), "=&r"(b), "=&r"(st) : "r"(&buf[2]) : "memory");
    CHECK("stxp ok", st, 0);
    CHECK("stxp swapped", buf[2] * 10 + buf[3], 21);
    __asm__ volatile("ldxp %w0, %w1, [%3]\n stxp %w2, %w1, %w0, [%3]"
                     : "=&r"(a), "=&r"(b), "=&r"(st) : "r"(&buf[2]) : "memory");
    CHECK("stxp w ok", st, 0);
    CHECK("stxp w", buf[2], 0x200000000ull);
    __asm__ volatile("ldxrb %w0, [%2]\n stxrb %w1, %w0, [%3]"
                     : "=&r"(v), "=&r"(st) : "r"(buf), "r"((char *)buf + 1) : "memory");
    CHECK("stxrb other byte", st, 1);
    /* LSE */
    buf[4] = 10;
    old = 10;
    __asm__ volatile("casal %0, %2, [%1]" : "+r"(old) : "r"(&buf[4]), "r"(20ull) : "memory");
    CHECK("cas hit old", old, 10);
    CHECK("cas hit mem", buf[4], 20);
    old = 10;
    __asm__ volatile("cas %0, %2, [%1]" : "+r"(old) : "r"(&buf[4]), "r"(30ull) : "memory");
    CHECK("cas miss old", old, 20);
    CHECK("cas miss mem", buf[4], 20);
    __asm__ volatile("ldadd %2, %0, [%1]" : "=r"(old) : "r"(&buf[4]), "r"(5ull) : "memory");
    CHECK("ldadd", old * 100 + buf[4], 2025);
    __asm__ volatile("ldclr %2, %0, [%1]" : "=r"(old) : "r"(&buf[4]), "r"(1ull) : "memory");
    CHECK("ldclr", buf[4], 24);
    __asm__ volatile("ldset %2, %0, [%1]" : "=r"(old) : "r"(&buf[4]), "r"(3ull) : "memory");
    CHECK("ldset", buf[4], 27);
    __asm__ volatile("ldeor %2, %0, [%1]" : "=r"(old) : "r"(&buf[4]), "r"(0xffull) : "memory");
    CHECK("ldeor", buf[4], 0xe4);
    __asm__ volatile("swp %2, %0, [%1]" : "=r"(old) : "r"(&buf[4]), "r"(~0ull) : "memory");
    CHECK("swp", old, 0xe4);
    __asm__ volatile("ldsmax %2, %0, [%1]" : "=r"(old) : "r"(&buf[4]), "r"(3ull) : "memory");
    CHECK("ldsmax", buf[4], 3);
    __asm__ volatile("ldumin %2, %0, [%1]" : "=r"(old) : "r"(&buf[4]), "r"(1ull) : "memory");
    CHECK("ldumin", buf[4], 1);
    buf[5] = 0x80;
    __asm__ volatile("ldsminb %w2, %w0, [%1]" : "=r"(old) : "r"(&buf[5]), "r"(1ull) : "memory");
    CHECK("ldsminb old zero-extended", old, 0x80);
    CHECK("ldsminb", buf[5], 0x80);
    __asm__ volatile("ldumaxh %w2, %w0, [%1]" : "=r"(old) : "r"(&buf[5]), "r"(0x8001ull) : "memory");
    CHECK("ldumaxh", buf[5], 0x8001);
    buf[6] = 1; buf[7] = 2;
    register u64 x0 __asm__("x0") = 1, x1 __asm__("x1") = 2;
    register u64 x2 __asm__("x2") = 3, x3 __asm__("x3") = 4;
    __asm__ volatile("caspal x0, x1, x2, x3, [%4]" : "+r"(x0), "+r"(x1) : "r"(x2), "r"(x3),
                     "r"(&buf[6]) : "memory");
    CHECK("casp", buf[6] * 10 + buf[7] + x0 * 1000 + x1 * 10000, 34 + 1000 + 20000);
    __asm__ volatile("ldar %0, [%1]\n stlr %0, [%2]\n ldapr %0, [%2]"
                     : "=&r"(v) : "r"(&buf[6]), "r"(&buf[7]) : "memory");
    CHECK("ldar/stlr/ldapr", v, 3);
}

int main(void)
{
    addressing();
    exclusives();
    return DONE();
}
