/* Disassembler corpus: A-extension atomics with every ordering, and fences. */
#include <stdint.h>

long atomics(long *p, int *q, long v)
{
    long r = __atomic_fetch_add(p, v, __ATOMIC_RELAXED);
    r += __atomic_fetch_and(p, v, __ATOMIC_ACQUIRE);
    r += __atomic_fetch_or(p, v, __ATOMIC_RELEASE);
    r += __atomic_fetch_xor(p, v, __ATOMIC_ACQ_REL);
    r += __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST);
    r += __atomic_fetch_add(q, (int)v, __ATOMIC_SEQ_CST);
    r += __atomic_exchange_n(q, (int)v, __ATOMIC_ACQUIRE);
    long e = 5;
    r += __atomic_compare_exchange_n(p, &e, v, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    int f = 3;
    r += __atomic_compare_exchange_n(q, &f, (int)v, 1, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    __atomic_thread_fence(__ATOMIC_RELEASE);
    r += __atomic_load_n(p, __ATOMIC_SEQ_CST);
    __atomic_store_n(q, 1, __ATOMIC_SEQ_CST);
    return r;
}

long minmax(long *p, unsigned long *u, long v)
{
    long r = 0;
    __asm__ volatile("amomin.d %0, %2, (%1)" : "=r"(r) : "r"(p), "r"(v) : "memory");
    __asm__ volatile("amomax.d.aq %0, %2, (%1)" : "=r"(r) : "r"(p), "r"(r) : "memory");
    __asm__ volatile("amominu.w.rl %0, %2, (%1)" : "=r"(r) : "r"(u), "r"(r) : "memory");
    __asm__ volatile("amomaxu.d.aqrl %0, %2, (%1)" : "=r"(r) : "r"(u), "r"(r) : "memory");
    __asm__ volatile("lr.w.aqrl %0, (%1)" : "=r"(r) : "r"(u) : "memory");
    __asm__ volatile("sc.d.rl %0, %2, (%1)" : "=r"(r) : "r"(u), "r"(r) : "memory");
    return r;
}
