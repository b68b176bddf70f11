/* Freestanding runtime for the x86-64 instruction tests (no libc): syscalls, a xorshift
 * generator, hex output. Define X86_RT_SEED before including to pick the sequence. */
#ifndef X86_RT_H
#define X86_RT_H

typedef unsigned long u64;

static long sys3(long nr, long a, long b, long c)
{
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "a"(nr), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
    return r;
}

#ifdef X86_RT_SEED
static u64 seed = X86_RT_SEED;
static u64 rnd(void) { seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17; return seed; }
#endif

static void put_hex(u64 v)
{
    char buf[17];
    for (int i = 15; i >= 0; i--, v >>= 4)
        buf[i] = "0123456789abcdef"[v & 15];
    buf[16] = '\n';
    sys3(1, 1, (long)buf, 17);
}

#endif
