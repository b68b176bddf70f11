/* Freestanding runtime for the arm64 ISA tests: _start, write/exit through svc, hex output
 * and CHECK counting, so that a test exercises the integer ISA without libc. */
#ifndef A64_RT_H
#define A64_RT_H

#include <stdint.h>

typedef uint64_t u64;
typedef int64_t i64;

static long rt_svc3(long nr, long a, long b, long c)
{
    register long x8 __asm__("x8") = nr, x0 __asm__("x0") = a, x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
    return x0;
}

static void rt_exit(int code) { rt_svc3(93, code, 0, 0); for (;;) {} }

static char rt_buf[4096];
static int rt_len;

static void rt_flush(void) { rt_svc3(64, 1, (long)rt_buf, rt_len); rt_len = 0; }
static void rt_putc(char c) { if (rt_len == sizeof(rt_buf)) rt_flush(); rt_buf[rt_len++] = c; }
static void rt_puts(const char *s) { while (*s) rt_putc(*s++); }
static void rt_hex(u64 v)
{
    for (int i = 60; i >= 0; i -= 4)
        rt_putc("0123456789abcdef"[(v >> i) & 15]);
}

static int rt_failures, rt_checks;

static void __attribute__((noinline)) rt_check(const char *what, int line, u64 got, u64 exp)
{
    rt_checks++;
    if (got == exp)
        return;
    rt_failures++;
    rt_puts("FAIL ");
    rt_puts(what);
    rt_puts(" line ");
    rt_hex((u64)line);
    rt_puts(": got ");
    rt_hex(got);
    rt_puts(" expected ");
    rt_hex(exp);
    rt_putc('\n');
}
#define CHECK(what, got, exp) rt_check(what, __LINE__, (u64)(got), (u64)(exp))

/* A line "name a b -> result nzcv" for the differential comparison with qemu-aarch64. */
static void rt_line(const char *name, u64 a, u64 b, u64 r, u64 nzcv)
{
    rt_puts(name);
    rt_putc(' ');
    rt_hex(a);
    rt_putc(' ');
    rt_hex(b);
    rt_puts(" -> ");
    rt_hex(r);
    rt_putc(' ');
    rt_hex(nzcv >> 28);
    rt_putc('\n');
}

int main(void);

__asm__(".globl _start\n_start:\n mov x29, #0\n bl rt_main_\n");

__attribute__((used)) void rt_main_(void)
{
    int r = main();
    rt_puts(r ? "FAILED\n" : "OK\n");
    rt_flush();
    rt_exit(r);
}

#define DONE() (rt_failures != 0)

/* Interesting operands for the differential tables. */
static const u64 rt_vals[] = {
    0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff,
    0x100000000ull, 0x7fffffffffffffffull, 0x8000000000000000ull, 0xffffffffffffffffull,
    0xfffffffffffffffeull, 0x123456789abcdef0ull, 0xfedcba9876543210ull, 63, 64, 31, 32, 33,
};
#define RT_NVALS (sizeof(rt_vals) / sizeof(rt_vals[0]))

#endif
