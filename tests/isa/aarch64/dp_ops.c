/* Data processing without flags: shifts by register and immediate, multiply (MADD..UMULH),
 * divides (x/0 = 0, INT_MIN/-1), CLZ/CLS/RBIT/REV*, bitfield moves, EXTR, CRC32/CRC32C,
 * MOVZ/MOVN/MOVK, logical immediates. Corner cases checked; tables printed for qemu. */
#include "a64_rt.h"

#define OP2(insn, a, b) ({ u64 r_; __asm__ volatile(insn " %0, %1, %2" : "=r"(r_) : "r"(a), "r"(b)); r_; })
#define OP2W(insn, a, b) ({ u64 r_; __asm__ volatile(insn " %w0, %w1, %w2" : "=r"(r_) : "r"(a), "r"(b)); r_; })
#define OP1(insn, a) ({ u64 r_; __asm__ volatile(insn " %0, %1" : "=r"(r_) : "r"(a)); r_; })
#define OP1W(insn, a) ({ u64 r_; __asm__ volatile(insn " %w0, %w1" : "=r"(r_) : "r"(a)); r_; })
#define OPI(insn, a) ({ u64 r_; __asm__ volatile(insn : "=r"(r_) : "r"(a)); r_; })
#define T2(insn, a, b) rt_line(insn, a, b, OP2(insn, a, b), 0)
#define T2W(insn, a, b) rt_line(insn "w", a, b, OP2W(insn, a, b), 0)
#define T1(insn, a) rt_line(insn, a, 0, OP1(insn, a), 0)
#define T1W(insn, a) rt_line(insn "w", a, 0, OP1W(insn, a), 0)
#define TI(text, a) rt_line(text, a, 0, OPI(text, a), 0)

static void known(void)
{
    CHECK("udiv /0", OP2("udiv", 5ull, 0ull), 0);
    CHECK("sdiv /0", OP2("sdiv", 5ull, 0ull), 0);
    CHECK("sdiv min/-1", OP2("sdiv", 0x8000000000000000ull, ~0ull), 0x8000000000000000ull);
    CHECK("sdivw min/-1", OP2W("sdiv", 0x80000000ull, 0xffffffffull), 0x80000000ull);
    CHECK("udivw /0", OP2W("udiv", 7ull, 0ull), 0);
    CHECK("sdiv -7/2", OP2("sdiv", (u64)-7, 2ull), (u64)-3);
    CHECK("lsl 65", OP2("lsl", 1ull, 65ull), 2);
    CHECK("lslw 33", OP2W("lsl", 1ull, 33ull), 2);
    CHECK("asrw", OP2W("asr", 0x80000000ull, 31ull), 0xffffffffull);
    CHECK("rorw", OP2W("ror", 1ull, 1ull), 0x80000000ull);
    CHECK("ror", OP2("ror", 1ull, 1ull), 0x8000000000000000ull);
    CHECK("umulh", OP2("umulh", ~0ull, ~0ull), ~0ull - 1);
    CHECK("smulh", OP2("smulh", ~0ull, ~0ull), 0);
    CHECK("clz 0", OP1("clz", 0ull), 64);
    CHECK("clzw 0", OP1W("clz", 0ull), 32);
    CHECK("cls 0", OP1("cls", 0ull), 63);
    CHECK("cls -1", OP1("cls", ~0ull), 63);
    CHECK("clsw 1", OP1W("cls", 1ull), 30);
    CHECK("rbit", OP1("rbit", 1ull), 0x8000000000000000ull);
    CHECK("rbitw", OP1W("rbit", 1ull), 0x80000000ull);
    CHECK("rev", OP1("rev", 0x0102030405060708ull), 0x0807060504030201ull);
    CHECK("rev32", OP1("rev32", 0x0102030405060708ull), 0x0403020108070605ull);
    CHECK("rev16", OP1("rev16", 0x0102030405060708ull), 0x0201040306050807ull);
    CHECK("revw", OP1W("rev", 0x0102030405060708ull), 0x08070605ull);
    CHECK("crc32b", OP2W("crc32b", 0xffffffffull, 0x61ull) ^ 0xffffffffull, 0xe8b7be43ull);
    CHECK("crc32cb", OP2W("crc32cb", 0xffffffffull, 0x61ull) ^ 0xffffffffull, 0xc1d04330ull);
    CHECK("ubfx", OPI("ubfx %0, %1, #4, #8", 0x12345ull), 0x34);
    CHECK("sbfx", OPI("sbfx %0, %1, #4, #8", 0x12f45ull), (u64)(i64)(int8_t)0xf4);
    CHECK("bfi", OPI("mov %0, #0xffff\n bfi %0, %1, #4, #8", 0ull), 0xf00f);
    CHECK("extr", OPI("extr %0, %1, %1, #8", 0x0102030405060708ull), 0x0801020304050607ull);
    CHECK("movk", OPI("mov %0, %1\n movk %0, #0x1234, lsl #16", ~0ull), 0xffffffff1234ffffull);
    CHECK("movnw", OPI("movn %w0, #1\n add %0, %0, %1", 0ull), 0xfffffffeull);
    CHECK("and imm", OPI("and %0, %1, #0x5555555555555555", ~0ull), 0x5555555555555555ull);
    CHECK("orr imm w", OPI("orr %w0, %w1, #0xff00ff00", 0ull), 0xff00ff00ull);
    CHECK("madd", OPI("mov x9, #3\n madd %0, %1, x9, x9", 5ull), 18);
    CHECK("smaddl", OPI("mov x9, #-1\n smaddl %0, %w1, w9, xzr", 5ull), (u64)-5);
    CHECK("umaddl", OPI("mov x9, #-1\n umaddl %0, %w1, w9, xzr", 1ull), 0xffffffffull);
}

int main(void)
{
    known();
    for (unsigned i = 0; i < RT_NVALS; i++) {
        u64 a = rt_vals[i];
        T1("clz", a); T1("cls", a); T1("rbit", a); T1("rev", a); T1("rev16", a);
        T1("rev32", a); T1W("clz", a); T1W("cls", a); T1W("rbit", a); T1W("rev", a);
        TI("sbfx %0, %1, #3, #17", a); TI("ubfiz %0, %1, #7, #40", a);
        TI("sbfiz %w0, %w1, #5, #20", a); TI("bfxil %0, %1, #60, #4", a);
        TI("sxtb %0, %w1", a); TI("sxth %0, %w1", a); TI("sxtw %0, %w1", a);
        TI("uxtb %w0, %w1", a); TI("asr %w0, %w1, #7", a); TI("ror %0, %1, #13", a);
        for (unsigned j = 0; j < RT_NVALS; j++) {
            u64 b = rt_vals[j];
            T2("lsl", a, b); T2("lsr", a, b); T2("asr", a, b); T2("ror", a, b);
            T2W("lsl", a, b); T2W("lsr", a, b); T2W("asr", a, b); T2W("ror", a, b);
            T2("mul", a, b); T2W("mul", a, b); T2("smulh", a, b); T2("umulh", a, b);
            T2("udiv", a, b); T2("sdiv", a, b); T2W("udiv", a, b); T2W("sdiv", a, b);
            rt_line("crc32x", a, b, ({ u64 r_; __asm__ volatile("crc32x %w0, %w1, %2" : "=r"(r_) : "r"(a), "r"(b)); r_; }), 0);
            rt_line("crc32cw", a, b, OP2W("crc32cw", a, b), 0);
            rt_line("smull", a, b, ({ u64 r_; __asm__ volatile("smull %0, %w1, %w2" : "=r"(r_) : "r"(a), "r"(b)); r_; }), 0);
            rt_line("extr", a, b, ({ u64 r_; __asm__ volatile("extr %0, %1, %2, #19" : "=r"(r_) : "r"(a), "r"(b)); r_; }), 0);
        }
    }
    return DONE();
}
