/* x87 transcendentals (FSIN, FCOS, FSINCOS, FPTAN, FPATAN, F2XM1, FYL2X, FYL2XP1) vs the host
 * CPU: results, status word (C0-C3, flags, TOP) and tags, over random, huge (out of range),
 * special and denormal operands in every precision and rounding mode, and on empty or full
 * stacks. No libc. */
#define X86_RT_SEED 0xbb67ae8584caa73bull
#include "x86_rt.h"

static u64 hs[16];
static void mix(int i, u64 v) { hs[i] = (hs[i] ^ v) * 1099511628211ull + 1; }
typedef struct { u64 m; unsigned short se; } __attribute__((packed)) F80;
static unsigned char st[108];

static F80 operand(void)
{
    u64 r = rnd();
    F80 f = { rnd() | 1ull << 63, (unsigned short)(0x3fff + (int)(r % 16) - 8) };
    switch ((r >> 8) & 15) {
    case 0: f.se = (unsigned short)(0x3fff + 62 + (r >> 16) % 3); break;    /* near 2^63 */
    case 1: f.se = 0x7fff; f.m = (r & 1) ? 1ull << 63 : (3ull << 62) | (r >> 20); break;
    case 2: f.se = 0; f.m >>= (r >> 24) & 63; break;                       /* denormal */
    case 3: f.se = (unsigned short)(0x3fff - 30 - (r >> 16) % 40); break;  /* small */
    case 4: f.m = 0, f.se = 0; break;
    case 5: f.se = (unsigned short)(0x3fff + 1 + (r >> 16) % 200); break;   /* big */
    default: break;
    }
    if (r & (1ull << 40)) f.se |= 0x8000;
    return f;
}

#define OP1(i, insn) do { F80 a = operand(); \
    __asm__ volatile("fninit\n\tfldcw %1\n\tfldt %2\n\t" insn "\n\tfnsave %0" : "=m"(st) : "m"(cw), "m"(a)); \
    hash(i); } while (0)
#define OP2(i, insn) do { F80 a = operand(), b = operand(); \
    __asm__ volatile("fninit\n\tfldcw %1\n\tfldt %3\n\tfldt %2\n\t" insn "\n\tfnsave %0" : "=m"(st) : "m"(cw), "m"(a), "m"(b)); \
    hash(i); } while (0)

static void hash(int i)
{
    mix(i, *(unsigned short *)(st + 4));                /* FSW */
    mix(i, *(unsigned short *)(st + 8));                /* full tag word */
    for (int r = 0; r < 8; r++) {
        u64 m; unsigned short se;
        __builtin_memcpy(&m, st + 28 + 10 * r, 8);
        __builtin_memcpy(&se, st + 36 + 10 * r, 2);
        mix(i, m); mix(i, se);
    }
}

__attribute__((force_align_arg_pointer)) void _start(void)
{
    for (int k = 0; k < 20000; k++) {
        unsigned short cw = (unsigned short)(0x37f & ~0x0f00) | (unsigned short)((rnd() & 0xf) << 8);
        OP1(0, "fsin"); OP1(1, "fcos"); OP1(2, "fsincos"); OP1(3, "fptan"); OP2(4, "fpatan");
        OP1(5, "f2xm1"); OP2(6, "fyl2x"); OP2(7, "fyl2xp1");
        /* stack faults: an empty stack, and FSINCOS/FPTAN on a full one */
        __asm__ volatile("fninit\n\tfldcw %1\n\tfsin\n\tfnsave %0" : "=m"(st) : "m"(cw)); hash(8);
        __asm__ volatile("fninit\n\tfldcw %1\n\tfld1\n\tfpatan\n\tfnsave %0" : "=m"(st) : "m"(cw)); hash(8);
        __asm__ volatile("fninit\n\tfldcw %1\n\tfldpi\n\tfld1\n\tfldz\n\tfld1\n\tfldpi\n\tfld1\n\tfldz\n\tfldl2e\n\t"
                         "fsincos\n\tfnsave %0" : "=m"(st) : "m"(cw)); hash(9);
        __asm__ volatile("fninit\n\tfldcw %1\n\tfldpi\n\tfld1\n\tfldz\n\tfld1\n\tfldpi\n\tfld1\n\tfldz\n\tfldl2e\n\t"
                         "fptan\n\tfnsave %0" : "=m"(st) : "m"(cw)); hash(9);
    }
    __asm__ volatile("fninit");
    for (int i = 0; i < 16; i++)
        if (hs[i]) { put_hex((u64)i); put_hex(hs[i]); }
    sys3(60, 0, 0, 0);
}
