/* RV64A lr/sc: success, sc without a reservation fails, sc to another address fails, an sc
 * always ends the reservation, lr.w sign-extends, sc.w writes only 32 bits, and a threaded
 * lr/sc counter loses no increments. */
#include "base_check.h"
#include <pthread.h>

static uint64_t d[64] __attribute__((aligned(64)));
static uint32_t w[4] __attribute__((aligned(16)));

#define LR(insn, p) ({ uint64_t r_; __asm__ volatile(insn " %0, (%1)" : "=r"(r_) : "r"(p) : "memory"); r_; })
#define SC(insn, p, v) ({ uint64_t r_; __asm__ volatile(insn " %0, %2, (%1)" : "=&r"(r_) : "r"(p), "r"((uint64_t)(v)) : "memory"); r_; })

static void test_basic(void)
{
    uint64_t rc;
    d[0] = 0x1111222233334444ULL;
    CHECK("lr.d value", LR("lr.d", &d[0]), 0x1111222233334444ULL);
    rc = SC("sc.d", &d[0], 0x5555666677778888ULL);
    CHECK("sc.d after lr.d succeeds", rc, 0);
    CHECK("sc.d stored", d[0], 0x5555666677778888ULL);

    /* The reservation ended with the sc above: a second sc must fail and store nothing. */
    rc = SC("sc.d", &d[0], 0x9999ULL);
    CHECK("sc.d without reservation fails", rc != 0, 1);
    CHECK("failed sc.d stored nothing", d[0], 0x5555666677778888ULL);

    /* lr on one address, sc on another (a different 64-byte block): fails, stores nothing. */
    d[16] = 7;
    d[32] = 8;
    (void)LR("lr.d", &d[16]);
    rc = SC("sc.d", &d[32], 0xdead);
    CHECK("sc.d to another address fails", rc != 0, 1);
    CHECK("sc.d to another address stored nothing", d[32], 8);
    CHECK("reserved word untouched", d[16], 7);
    /* ... and that failed sc ended the reservation on d[16] too. */
    rc = SC("sc.d", &d[16], 0xbeef);
    CHECK("sc.d after a failed sc fails", rc != 0, 1);
    CHECK("d[16] unchanged", d[16], 7);

    /* Acquire/release forms. */
    (void)LR("lr.d.aq", &d[0]);
    CHECK("sc.d.rl succeeds", SC("sc.d.rl", &d[0], 42), 0);
    CHECK("sc.d.rl stored", d[0], 42);
    (void)LR("lr.d.aqrl", &d[0]);
    CHECK("sc.d.aqrl succeeds", SC("sc.d.aqrl", &d[0], 43), 0);
    CHECK("sc.d.aqrl stored", d[0], 43);
}

static void test_word(void)
{
    w[0] = 0x11111111;
    w[1] = 0x80000001;
    w[2] = 0x22222222;
    CHECK("lr.w sign-extends", LR("lr.w", &w[1]), 0xffffffff80000001ULL);
    CHECK("sc.w succeeds", SC("sc.w", &w[1], 0xaaaaaaaa7fffffffULL), 0);
    CHECK("sc.w stored low 32 bits", w[1], 0x7fffffff);
    CHECK("sc.w neighbours", (uint64_t)w[0] << 32 | w[2], 0x1111111122222222ULL);
    CHECK("lr.w positive", LR("lr.w", &w[1]), 0x7fffffff);
    CHECK("sc.w succeeds again", SC("sc.w", &w[1], 5), 0);
    CHECK("sc.w without reservation fails", SC("sc.w", &w[1], 6) != 0, 1);
    CHECK("w[1] after failed sc.w", w[1], 5);
}

/* A retry loop in the usual shape, used by several threads at once. */
static void atomic_inc(uint64_t *p)
{
    uint64_t old, rc;
    __asm__ volatile("1: lr.d %0, (%2)\n\t"
                     "addi %0, %0, 1\n\t"
                     "sc.d %1, %0, (%2)\n\t"
                     "bnez %1, 1b"
                     : "=&r"(old), "=&r"(rc) : "r"(p) : "memory");
}

#define THREADS 4
#define ITERS 20000
static void *worker(void *arg)
{
    for (int i = 0; i < ITERS; i++)
        atomic_inc(&d[48]);
    return arg;
}

static void test_threads(void)
{
    pthread_t th[THREADS];
    d[48] = 0;
    for (int i = 0; i < THREADS; i++)
        pthread_create(&th[i], NULL, worker, NULL);
    for (int i = 0; i < THREADS; i++)
        pthread_join(th[i], NULL);
    CHECK("threaded lr/sc counter", d[48], THREADS * ITERS);
}

int main(void)
{
    test_basic();
    test_word();
    test_threads();
    return DONE();
}
