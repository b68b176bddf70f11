/* Software TLB tests with a fake target: hits, misses, faults, MMIO, ROM, misaligned and
 * page-crossing accesses, atomics, code fetch, and code-page writes invalidating blocks. */
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include "trix/exec.h"
#include "trix/guest_mem.h"
#include "trix/memory.h"
#include "trix/softmmu.h"

void tb_insert(TranslationBlock *tb);       /* src/tb_cache.c */

static int failures;
#define CHECK(c) do { if (!(c)) { fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
                                           __LINE__, #c); failures++; } } while (0)
#define CHECK_EQ(a, b) do { unsigned long long a_ = (a), b_ = (b); if (a_ != b_) { \
        fprintf(stderr, "%s:%d: %s == %#llx, expected %#llx\n", __FILE__, __LINE__, #a, a_, \
                b_); failures++; } } while (0)

/* Virtual layout of the fake target (one MMU mode):
 *   ALIAS .. ALIAS+64K  -> alias_phys + offset (RAM), remappable
 *   ALIAS+64K (1 page)  -> page fault
 *   RO page             -> RAM_BASE + 0x8000, read/execute only
 *   NOMAP page          -> page fault
 *   everything else     -> identity, RWX */
#define RAM_BASE 0x80000000ull
#define RAM_SIZE 0x100000ull
#define ROM_BASE 0x2000ull
#define DEV_BASE 0x10000000ull
#define HOLE 0x30000000ull
#define ALIAS 0x40000000ull
#define NOMAP 0x50000000ull
#define RO 0x60000000ull

typedef struct FakeCPU {
    CPUState cs;
    uint64_t pc;
    int nfaults, nfills;
    uint64_t fault_addr;
    int fault_type, fault_kind;
} FakeCPU;

static uint64_t alias_phys = RAM_BASE;

static void fake_cpu_init(CPUState *cs) { (void)cs; }
static void fake_set_pc(CPUState *cs, uint64_t pc) { ((FakeCPU *)cs)->pc = pc; }
static uint64_t fake_get_pc(CPUState *cs) { return ((FakeCPU *)cs)->pc; }
static void fake_key(CPUState *cs, uint64_t *pc, uint64_t *cs_base, uint32_t *flags)
{
    *pc = ((FakeCPU *)cs)->pc;
    *cs_base = 0;
    *flags = 0;
}
static void fake_mem_fault(CPUState *cs, uint64_t addr, MMUAccessType type, MemFaultKind kind)
{
    FakeCPU *c = (FakeCPU *)cs;
    c->nfaults++;
    c->fault_addr = addr;
    c->fault_type = type;
    c->fault_kind = kind;
    cs->exception_index = 1;
}
static int fake_mmu_index(CPUState *cs, bool ifetch) { return 0; }

static bool fake_tlb_fill(CPUState *cs, uint64_t vaddr, MMUAccessType type, int mmu_idx,
                          bool probe)
{
    FakeCPU *c = (FakeCPU *)cs;
    uint64_t page = vaddr & TARGET_PAGE_MASK, paddr = page;
    int prot = PROT_R | PROT_W | PROT_X;
    c->nfills++;
    if (page == NOMAP || page == ALIAS + 0x10000) {
        if (probe)
            return false;
        cpu_mem_fault(cs, vaddr, type, FAULT_PAGE);
    }
    if (page >= ALIAS && page < ALIAS + 0x10000)
        paddr = alias_phys + (page - ALIAS);
    if (page == RO) {
        paddr = RAM_BASE + 0x8000;
        prot = PROT_R | PROT_X;
        if (type == MMU_DATA_STORE) {
            if (probe)
                return false;
            cpu_mem_fault(cs, vaddr, type, FAULT_PAGE);
        }
    }
    tlb_set_page(cs, page, paddr, prot, mmu_idx);
    return true;
}

static const TargetOps fake_target = {
    .name = "fake", .cpu_size = sizeof(FakeCPU), .cpu_init = fake_cpu_init,
    .get_tb_key = fake_key, .set_pc = fake_set_pc, .get_pc = fake_get_pc,
    .mem_fault = fake_mem_fault, .tlb_fill = fake_tlb_fill, .cpu_mmu_index = fake_mmu_index,
};

/* A device with 256 byte registers. */
static uint8_t dev_reg[256];
static int dev_accesses;
static uint64_t dev_read(void *o, uint64_t off, unsigned size)
{
    uint64_t v = 0;
    dev_accesses++;
    for (unsigned i = 0; i < size; i++)
        v |= (uint64_t)dev_reg[(off + i) & 255] << (8 * i);
    return v;
}
static void dev_write(void *o, uint64_t off, uint64_t val, unsigned size)
{
    dev_accesses++;
    for (unsigned i = 0; i < size; i++)
        dev_reg[(off + i) & 255] = (uint8_t)(val >> (8 * i));
}
static const MemoryRegionOps dev_ops = { dev_read, dev_write, 0, 0 };

static CPUState *cpu;
static FakeCPU *fcpu;
static uint8_t *ram, *rom;

/* Accesses that may fault: false when the guest fault was raised. */
typedef struct Access {
    int kind;                   /* 0 ld, 1 st, 2 rmw, 3 cmpxchg */
    int op;
    uint64_t addr, v, v2, result;
    MemOp mo;
} Access;

static void access_do(Access *a)
{
    switch (a->kind) {
    case 0: a->result = gm_ld(cpu, a->addr, a->mo, 0); break;
    case 1: gm_st(cpu, a->addr, a->v, a->mo, 0); break;
    case 2: a->result = gm_atomic_rmw(cpu, a->op, a->addr, a->v, a->mo, 0); break;
    default: a->result = gm_cmpxchg(cpu, a->addr, a->v, a->v2, a->mo, 0); break;
    }
}

static bool access_try(Access *a)
{
    if (sigsetjmp(cpu->jmp_env, 0))
        return false;
    access_do(a);
    return true;
}

static bool ld(uint64_t addr, MemOp mo, uint64_t *v)
{
    Access a = { .kind = 0, .addr = addr, .mo = mo };
    bool ok = access_try(&a);
    *v = a.result;
    return ok;
}

static bool st(uint64_t addr, uint64_t v, MemOp mo)
{
    Access a = { .kind = 1, .addr = addr, .v = v, .mo = mo };
    return access_try(&a);
}

static bool rmw(int op, uint64_t addr, uint64_t v, MemOp mo, uint64_t *old)
{
    Access a = { .kind = 2, .op = op, .addr = addr, .v = v, .mo = mo };
    bool ok = access_try(&a);
    *old = a.result;
    return ok;
}

static bool cmpxchg(uint64_t addr, uint64_t cmpv, uint64_t newv, MemOp mo, uint64_t *old)
{
    Access a = { .kind = 3, .addr = addr, .v = cmpv, .v2 = newv, .mo = mo };
    bool ok = access_try(&a);
    *old = a.result;
    return ok;
}

static void test_hit_miss(void)
{
    uint64_t v;
    memcpy(ram + 0x10, "\x11\x22\x33\x44\x55\x66\x77\x88", 8);
    int fills = fcpu->nfills;
    CHECK(ld(RAM_BASE + 0x10, MO_64, &v));
    CHECK_EQ(v, 0x8877665544332211ull);
    CHECK_EQ(fcpu->nfills, fills + 1);
    CHECK(ld(RAM_BASE + 0x18, MO_32, &v));      /* same page: fast path, no fill */
    CHECK_EQ(fcpu->nfills, fills + 1);
    CHECK(ld(RAM_BASE + 0x17, MO_8 | MO_SIGN, &v));
    CHECK_EQ(v, 0xffffffffffffff88ull);
    CHECK(ld(RAM_BASE + 0x10, MO_16 | MO_BSWAP, &v));
    CHECK_EQ(v, 0x1122);
    CHECK(st(RAM_BASE + 0x20, 0xa1b2c3d4, MO_32));
    CHECK_EQ(ram[0x20], 0xd4);
    CHECK(st(RAM_BASE + 0x24, 0xa1b2, MO_16 | MO_BSWAP));
    CHECK_EQ(ram[0x24], 0xa1);
    /* A store to a page only read so far needs the write tag: one more fill. */
    fills = fcpu->nfills;
    CHECK(ld(RAM_BASE + 0x5000, MO_8, &v));
    CHECK(st(RAM_BASE + 0x5000, 1, MO_8));
    CHECK(fcpu->nfills <= fills + 2);
    tlb_flush_page(cpu, RAM_BASE + 0x5000);
    fills = fcpu->nfills;
    CHECK(ld(RAM_BASE + 0x5000, MO_8, &v) && v == 1);
    CHECK_EQ(fcpu->nfills, fills + 1);
    CHECK_EQ(fcpu->nfaults, 0);
}

static void test_faults(void)
{
    uint64_t v;
    CHECK(!ld(NOMAP + 8, MO_32, &v));
    CHECK_EQ(fcpu->fault_kind, FAULT_PAGE);
    CHECK_EQ(fcpu->fault_type, MMU_DATA_LOAD);
    CHECK_EQ(fcpu->fault_addr, NOMAP + 8);
    CHECK(!ld(HOLE + 4, MO_32, &v));            /* mapped, but nothing at the physical address */
    CHECK_EQ(fcpu->fault_kind, FAULT_ACCESS);
    CHECK(!st(HOLE, 1, MO_8));
    CHECK_EQ(fcpu->fault_kind, FAULT_ACCESS);
    CHECK_EQ(fcpu->fault_type, MMU_DATA_STORE);
    CHECK(ld(RO + 0, MO_8, &v));
    CHECK(!st(RO + 0, 1, MO_8));
    CHECK_EQ(fcpu->fault_kind, FAULT_PAGE);
    CHECK(!ld(RAM_BASE + 2, MO_32 | MO_ALIGN, &v));
    CHECK_EQ(fcpu->fault_kind, FAULT_MISALIGNED);
    CHECK(!st(RAM_BASE + 1, 0, MO_16 | MO_ALIGN));
    CHECK_EQ(fcpu->fault_kind, FAULT_MISALIGNED);
}

static void test_mmio_rom(void)
{
    uint64_t v;
    dev_reg[8] = 0x5a;
    dev_accesses = 0;
    CHECK(ld(DEV_BASE + 8, MO_8, &v) && v == 0x5a);
    CHECK(st(DEV_BASE + 0x10, 0x0102030405060708ull, MO_64));
    CHECK_EQ(dev_reg[0x10], 0x08);
    CHECK_EQ(dev_reg[0x17], 0x01);
    CHECK_EQ(dev_accesses, 2);
    CHECK(ld(DEV_BASE + 0x11, MO_32, &v));      /* misaligned MMIO: byte accesses */
    CHECK_EQ(v, 0x04050607);
    CHECK_EQ(dev_accesses, 6);
    CHECK(!ld(DEV_BASE + 0x100, MO_32, &v));    /* past the device */
    CHECK_EQ(fcpu->fault_kind, FAULT_ACCESS);
    rom[4] = 0x42;
    CHECK(ld(ROM_BASE + 4, MO_8, &v) && v == 0x42);
    CHECK(st(ROM_BASE + 4, 0x99, MO_8));        /* dropped, no fault */
    CHECK_EQ(rom[4], 0x42);
}

static void test_misaligned(void)
{
    uint64_t v;
    CHECK(st(RAM_BASE + 0x103, 0x1122334455667788ull, MO_64));
    CHECK_EQ(ram[0x103], 0x88);
    CHECK(ld(RAM_BASE + 0x103, MO_64, &v));
    CHECK_EQ(v, 0x1122334455667788ull);
    CHECK(ld(RAM_BASE + 0x105, MO_32 | MO_SIGN, &v));
    CHECK_EQ(v, 0x33445566);
    /* Crossing a page boundary, RAM on both sides. */
    CHECK(st(RAM_BASE + 0xffd, 0xa0a1a2a3a4a5a6a7ull, MO_64));
    CHECK_EQ(ram[0xffd], 0xa7);
    CHECK_EQ(ram[0x1004], 0xa0);
    CHECK(ld(RAM_BASE + 0xffd, MO_64 | MO_BSWAP, &v));
    CHECK_EQ(v, 0xa7a6a5a4a3a2a1a0ull);
    CHECK(ld(RAM_BASE + 0xfff, MO_16 | MO_SIGN, &v));
    CHECK_EQ(v, 0xffffffffffffa4a5ull);
    /* Crossing into a page that faults: the store must not happen at all. */
    uint64_t last = alias_phys - RAM_BASE + 0xfffc;
    memset(ram + last, 0xee, 4);
    fcpu->nfaults = 0;
    CHECK(!st(ALIAS + 0xfffc, 0, MO_64));
    CHECK_EQ(fcpu->nfaults, 1);
    CHECK_EQ(fcpu->fault_kind, FAULT_PAGE);
    CHECK_EQ(ram[last], 0xee);
    CHECK_EQ(ram[last + 3], 0xee);
}

static void test_atomics(void)
{
    uint64_t old;
    memset(ram + 0x200, 0, 16);
    CHECK(rmw(IR_atomic_add, RAM_BASE + 0x200, 5, MO_64, &old) && old == 0);
    CHECK(rmw(IR_atomic_add, RAM_BASE + 0x200, 5, MO_64, &old) && old == 5);
    CHECK(cmpxchg(RAM_BASE + 0x200, 10, 77, MO_32, &old) && old == 10);
    CHECK_EQ(ram[0x200], 77);
    CHECK(cmpxchg(RAM_BASE + 0x200, 10, 99, MO_32, &old) && old == 77);
    CHECK_EQ(ram[0x200], 77);
    CHECK(!rmw(IR_atomic_add, RAM_BASE + 0x202, 1, MO_32, &old));
    CHECK_EQ(fcpu->fault_kind, FAULT_MISALIGNED);
    CHECK(!rmw(IR_atomic_xchg, RO, 1, MO_32, &old));
    CHECK_EQ(fcpu->fault_kind, FAULT_PAGE);
    CHECK_EQ(fcpu->fault_type, MMU_DATA_STORE);
    dev_reg[0x40] = 3;
    CHECK(rmw(IR_atomic_or, DEV_BASE + 0x40, 0x10, MO_8, &old) && old == 3);
    CHECK_EQ(dev_reg[0x40], 0x13);
    CHECK(cmpxchg(DEV_BASE + 0x40, 0x13, 0x21, MO_8, &old) && old == 0x13);
    CHECK_EQ(dev_reg[0x40], 0x21);
}

static void test_fetch(void)
{
    uint8_t buf[8];
    memcpy(ram + 0xffc, "abcdefgh", 8);
    int faults = fcpu->nfaults;
    CHECK(translator_fetch(cpu, RAM_BASE + 0xffc, buf, 8));   /* crosses a page */
    CHECK(!memcmp(buf, "abcdefgh", 8));
    CHECK(!translator_fetch(cpu, DEV_BASE, buf, 4));           /* MMIO */
    CHECK(!translator_fetch(cpu, NOMAP, buf, 4));              /* no mapping: probe only */
    CHECK(!translator_fetch(cpu, HOLE, buf, 2));
    CHECK(translator_fetch(cpu, ROM_BASE, buf, 2));
    CHECK_EQ(fcpu->nfaults, faults);
    uint64_t pa;
    CHECK(softmmu_fetch_paddr(cpu, ALIAS + 0x123, &pa));
    CHECK_EQ(pa, alias_phys + 0x123);
}

static TranslationBlock *make_tb(uint64_t pc, uint32_t size)
{
    TranslationBlock *tb = calloc(1, sizeof(*tb));
    tb->pc = pc;
    tb->size = size;
    tb->icount = 1;
    CHECK(softmmu_tb_pages(cpu, pc, size, &tb->phys_pc, tb->page_addr));
    tb_insert(tb);
    return tb;
}

static void test_code_writes(void)
{
    uint64_t v;
    /* Make the write tag of the page hot first: tlb_protect_code must re-arm it. */
    CHECK(st(RAM_BASE + 0x2100, 1, MO_32));
    TranslationBlock *a = make_tb(RAM_BASE + 0x2000, 16);
    CHECK(!a->invalid);
    CHECK(st(RAM_BASE + 0x2100, 2, MO_32));     /* same page, other bytes: block stays */
    CHECK(!a->invalid);
    CHECK_EQ(ram[0x2100], 2);
    CHECK(st(RAM_BASE + 0x200c, 0xffffffff, MO_32));
    CHECK(a->invalid);
    CHECK_EQ(ram[0x200c], 0xff);
    /* Through another mapping of the same physical page. */
    TranslationBlock *b = make_tb(RAM_BASE + 0x3000, 16);
    CHECK(ld(ALIAS + 0x3004, MO_32, &v));
    CHECK(st(ALIAS + 0x3004, 0, MO_8));
    CHECK(b->invalid);
    /* A block spanning two pages: a write to its bytes on the second page. */
    TranslationBlock *c = make_tb(RAM_BASE + 0x4ff8, 16);
    CHECK_EQ(c->page_addr[1], RAM_BASE + 0x5000);
    CHECK(st(RAM_BASE + 0x5008, 0, MO_32));     /* after its end */
    CHECK(!c->invalid);
    CHECK(st(RAM_BASE + 0x5004, 0, MO_32));
    CHECK(c->invalid);
    /* Atomics invalidate too. */
    TranslationBlock *d = make_tb(RAM_BASE + 0x6000, 8);
    uint64_t old;
    CHECK(rmw(IR_atomic_add, RAM_BASE + 0x6000, 1, MO_32, &old));
    CHECK(d->invalid);
}

static void test_lookup_remap(void)
{
    alias_phys = RAM_BASE;
    tlb_flush(cpu);
    TranslationBlock *tb = make_tb(ALIAS + 0x7000, 8);
    CHECK(tb_lookup(cpu, ALIAS + 0x7000, 0, 0) == tb);
    alias_phys = RAM_BASE + 0x10000;            /* the guest changed its page tables */
    tlb_flush(cpu);
    CHECK(tb_lookup(cpu, ALIAS + 0x7000, 0, 0) == NULL);
    alias_phys = RAM_BASE;
    tlb_flush(cpu);
    CHECK(tb_lookup(cpu, ALIAS + 0x7000, 0, 0) == tb);
}

int main(void)
{
    trix_progname = "test_softmmu";
    softmmu_init();
    ram = mem_map_ram("ram", RAM_BASE, RAM_SIZE);
    rom = mem_map_rom("rom", ROM_BASE, 0x1000);
    mem_map_mmio("dev", DEV_BASE, 0x100, &dev_ops, NULL);
    exec_init(&fake_target);
    cpu = cpu_create(&fake_target);
    fcpu = (FakeCPU *)cpu;
    CHECK_EQ(cpu->tlb[0][0].addr_read, ~0ull);     /* created empty */
    test_hit_miss();
    test_faults();
    test_mmio_rom();
    test_misaligned();
    test_atomics();
    test_fetch();
    test_code_writes();
    test_lookup_remap();
    if (failures) {
        fprintf(stderr, "test_softmmu: %d failures\n", failures);
        return 1;
    }
    printf("test_softmmu: ok\n");
    return 0;
}
