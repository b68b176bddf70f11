/* A tiny fake target for the IR, optimizer and interpreter unit tests. */
#ifndef TRIX_IR_TEST_TARGET_H
#define TRIX_IR_TEST_TARGET_H

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "trix/exec.h"
#include "trix/guest_mem.h"

static int test_failures;
#define CHECK(cond) do { \
        if (!(cond)) { \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            test_failures++; \
        } \
    } while (0)
#define CHECK_EQ(a, b) do { \
        unsigned long long va_ = (unsigned long long)(a), vb_ = (unsigned long long)(b); \
        if (va_ != vb_) { \
            fprintf(stderr, "%s:%d: %s == %#llx, expected %s == %#llx\n", __FILE__, __LINE__, \
                    #a, va_, #b, vb_); \
            test_failures++; \
        } \
    } while (0)

typedef struct TestCPU {
    CPUState cs;
    uint64_t g[8];          /* i64 globals g0..g7 */
    uint64_t w[4];          /* i32 globals w0..w3 (zero-extended in 64-bit storage) */
    uint64_t pc;
    uint64_t nfaults, fault_addr;
    int fault_type, fault_kind;
    uint8_t raw[16];        /* for ld_env/st_env */
    uint8_t vr[4][16] __attribute__((aligned(16)));   /* vector registers for the vector ops */
} TestCPU;

enum { TG_G0 = 0, TG_W0 = 8, TG_PC = 12, TG_COUNT = 13 };
#define G(k) ir_global(TG_G0 + (k))
#define W(k) ir_global(TG_W0 + (k))
#define GPC ir_global(TG_PC)

static IRGlobalDef test_globals[TG_COUNT];

static void test_globals_init(void)
{
    static const char *gn[8] = { "g0", "g1", "g2", "g3", "g4", "g5", "g6", "g7" };
    static const char *wn[4] = { "w0", "w1", "w2", "w3" };
    for (int i = 0; i < 8; i++)
        test_globals[TG_G0 + i] = (IRGlobalDef){ gn[i], (int32_t)offsetof(TestCPU, g[i]), IR_I64 };
    for (int i = 0; i < 4; i++)
        test_globals[TG_W0 + i] = (IRGlobalDef){ wn[i], (int32_t)offsetof(TestCPU, w[i]), IR_I32 };
    test_globals[TG_PC] = (IRGlobalDef){ "pc", (int32_t)offsetof(TestCPU, pc), IR_I64 };
}

static void test_cpu_init(CPUState *cs) { (void)cs; }
static void test_get_tb_key(CPUState *cs, uint64_t *pc, uint64_t *cs_base, uint32_t *flags)
{
    *pc = ((TestCPU *)cs)->pc;
    *cs_base = 0;
    *flags = 0;
}
static void test_set_pc(CPUState *cs, uint64_t pc) { ((TestCPU *)cs)->pc = pc; }
static uint64_t test_get_pc(CPUState *cs) { return ((TestCPU *)cs)->pc; }
static void test_mem_fault(CPUState *cs, uint64_t addr, MMUAccessType type, MemFaultKind kind)
{
    TestCPU *c = (TestCPU *)cs;
    c->nfaults++;
    c->fault_addr = addr;
    c->fault_type = type;
    c->fault_kind = kind;
    cs->exception_index = 1;
}

static const TargetOps test_target = {
    .name = "test", .cpu_size = sizeof(TestCPU), .globals = test_globals,
    .nglobals = TG_COUNT, .cpu_init = test_cpu_init, .get_tb_key = test_get_tb_key,
    .set_pc = test_set_pc, .get_pc = test_get_pc, .mem_fault = test_mem_fault,
};

UNUSED static TestCPU *test_cpu_new(void)
{
    TestCPU *c = calloc(1, sizeof(TestCPU));
    c->cs.target = &test_target;
    c->cs.exception_index = -1;
    return c;
}

/* 64 KiB of guest memory at guest address 0. */
#define TEST_MEM_SIZE 0x10000
UNUSED static uint8_t *test_mem_init(void)
{
    void *p = mmap(NULL, TEST_MEM_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        perror("mmap");
        exit(2);
    }
    guest_base = (uintptr_t)p;
    guest_addr_max = TEST_MEM_SIZE;
    return p;
}

UNUSED static void test_block_init(IRBlock *b)
{
    if (!test_globals[0].name)
        test_globals_init();
    ir_block_init(b, test_globals, TG_COUNT);
}

/* Compile b into a fresh TB (NULL code on failure). */
UNUSED static TranslationBlock *test_tb_new(IRBlock *b, uint64_t pc)
{
    TranslationBlock *tb = calloc(1, sizeof(TranslationBlock));
    tb->pc = pc;
    tb->size = 4;
    tb->interp_code = interp_compile(b);
    return tb;
}

/* Run one block (compiled from b) on cpu; returns the exit; faults return code -1. */
UNUSED static TBExit test_run(IRBlock *b, TestCPU *cpu)
{
    TranslationBlock *tb = test_tb_new(b, cpu->pc);
    TBExit r = { tb, -2 };
    if (!tb->interp_code) {
        fprintf(stderr, "interp_compile failed\n");
        test_failures++;
    } else if (sigsetjmp(cpu->cs.jmp_env, 0) == 0) {
        r = interp_exec(&cpu->cs, tb);
    } else {
        r = (TBExit){ tb, -1 };
    }
    interp_free(tb->interp_code);
    free(tb);
    return r;
}

#endif
