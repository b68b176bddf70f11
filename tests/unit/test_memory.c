/* Physical memory map tests: regions, lookup, bounds and overflow checks, MMIO splitting. */
#include <string.h>
#include "trix/memory.h"
#include "trix/hw.h"

static int failures;
#define CHECK(c) do { if (!(c)) { fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
                                           __LINE__, #c); failures++; } } while (0)
#define CHECK_EQ(a, b) do { unsigned long long a_ = (a), b_ = (b); if (a_ != b_) { \
        fprintf(stderr, "%s:%d: %s == %#llx, expected %#llx\n", __FILE__, __LINE__, #a, a_, \
                b_); failures++; } } while (0)

/* A device that records its accesses and has byte registers 0..255 (reg[i] = value). */
typedef struct FakeDev {
    uint8_t reg[256];
    int nreads, nwrites;
    unsigned last_size;
    uint64_t last_off;
} FakeDev;

static uint64_t fake_read(void *opaque, uint64_t off, unsigned size)
{
    FakeDev *d = opaque;
    d->nreads++;
    d->last_size = size;
    d->last_off = off;
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++)
        v |= (uint64_t)d->reg[(off + i) & 255] << (8 * i);
    return v;
}

static void fake_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
    FakeDev *d = opaque;
    d->nwrites++;
    d->last_size = size;
    d->last_off = off;
    for (unsigned i = 0; i < size; i++)
        d->reg[(off + i) & 255] = (uint8_t)(val >> (8 * i));
}

static const MemoryRegionOps ops_any = { fake_read, fake_write, 0, 0 };
static const MemoryRegionOps ops_4only = { fake_read, fake_write, 4, 4 };

static void test_regions(void)
{
    uint8_t *ram = mem_map_ram("ram", 0x80000000, 0x100000);
    uint8_t *rom = mem_map_rom("rom", 0x1000, 0x1000);
    static FakeDev dev;
    mem_map_mmio("dev", 0x10000000, 0x100, &ops_any, &dev);
    CHECK(ram && rom);
    CHECK(mem_find(0x80000000) && mem_find(0x80000000)->ram == ram);
    CHECK(mem_find(0x800fffff) != NULL);
    CHECK(mem_find(0x80100000) == NULL);
    CHECK(mem_find(0x7fffffff) == NULL);
    CHECK(mem_find(0x10000080) && mem_find(0x10000080)->ops == &ops_any);
    CHECK(mem_find(0x0) == NULL);
    CHECK(mem_find(~0ull) == NULL);
    CHECK(mem_find(0x1fff) && mem_find(0x1fff)->readonly);
}

static void test_ram_ptr(void)
{
    uint8_t *ram = mem_map_ram("ram2", 0x200000000ull, 0x2000);
    CHECK(mem_ram_ptr(0x200000000ull, 0x2000) == ram);
    CHECK(mem_ram_ptr(0x200001fffull, 1) == ram + 0x1fff);
    CHECK(mem_ram_ptr(0x200001fffull, 2) == NULL);          /* one past the end */
    CHECK(mem_ram_ptr(0x200000000ull, 0x2001) == NULL);
    CHECK(mem_ram_ptr(0x200000010ull, ~0ull) == NULL);      /* overflowing length */
    CHECK(mem_ram_ptr(0x200000010ull, ~0ull - 0xf) == NULL);
    CHECK(mem_ram_ptr(~0ull, 2) == NULL);                   /* wrapping address */
    CHECK(mem_ram_ptr(0x10000000, 4) == NULL);              /* MMIO is not RAM */
    CHECK(mem_ram_ptr(0x1ffffffffull, 2) == NULL);          /* starts before the region */
}

static void test_phys_rw(void)
{
    uint8_t buf[64], out[64];
    for (int i = 0; i < 64; i++)
        buf[i] = (uint8_t)(i * 7 + 1);
    CHECK(phys_write(0x80000ff0, buf, 64));
    CHECK(phys_read(0x80000ff0, out, 64));
    CHECK(!memcmp(buf, out, 64));
    CHECK(!phys_read(0x800ffff0, out, 32));                 /* runs off the end of RAM */
    CHECK(!phys_write(0x7ffffff0, buf, 32));                /* starts in a hole */
    CHECK(!phys_read(~0ull - 3, out, 8));                   /* wraps around */
    CHECK(phys_read(0x80000000, out, 0));
    /* ROM: loader writes through phys_write are dropped like guest writes (logged). */
    uint8_t *rom = (uint8_t *)mem_ram_ptr(0x1000, 4);
    rom[0] = 0xaa;
    CHECK(phys_write(0x1000, buf, 4));
    CHECK_EQ(rom[0], 0xaa);
    CHECK(phys_read(0x1000, out, 1) && out[0] == 0xaa);
}

/* Two adjacent regions: one access straddling them works byte by byte. */
static void test_straddle(void)
{
    uint8_t *a = mem_map_ram("a", 0x300000000ull, 0x1000);
    uint8_t *b = mem_map_ram("b", 0x300001000ull, 0x1000);
    uint64_t v = 0x1122334455667788ull;
    CHECK(phys_access(0x300000ffcull, &v, 8, true));
    CHECK_EQ(a[0xffc], 0x88);
    CHECK_EQ(b[3], 0x11);
    uint64_t r = 0;
    CHECK(phys_access(0x300000ffcull, &r, 8, false));
    CHECK_EQ(r, 0x1122334455667788ull);
    uint8_t buf[16];
    CHECK(phys_read(0x300000ff8ull, buf, 16));
    CHECK(!phys_access(0x300001ffcull, &r, 8, false));     /* second half unmapped */
    CHECK(!phys_access(0x300000000ull, &r, 3, false));     /* not a power of two */
    CHECK(!phys_access(0x300000000ull, &r, 16, false));
}

static void test_mmio(void)
{
    static FakeDev d1, d4;
    mem_map_mmio("d1", 0x400000000ull, 0x100, &ops_any, &d1);
    mem_map_mmio("d4", 0x400000100ull, 0x100, &ops_4only, &d4);
    uint64_t v = 0xdeadbeefcafef00dull;
    CHECK(phys_access(0x400000008ull, &v, 8, true));
    CHECK_EQ(d1.nwrites, 1);
    CHECK_EQ(d1.last_size, 8);
    CHECK_EQ(d1.last_off, 8);
    /* A device taking only 4-byte accesses: 8 bytes split in two, 1 byte widened. */
    v = 0x0102030405060708ull;
    CHECK(phys_access(0x400000100ull, &v, 8, true));
    CHECK_EQ(d4.nwrites, 2);
    CHECK_EQ(d4.last_size, 4);
    CHECK_EQ(d4.last_off, 4);
    uint64_t r = 0;
    CHECK(phys_access(0x400000101ull, &r, 1, false));
    CHECK_EQ(r, 0x07);
    CHECK_EQ(d4.last_size, 4);
    CHECK_EQ(d4.last_off, 0);
    v = 0xff;                   /* byte write: read-modify-write of the 4-byte unit */
    CHECK(phys_access(0x400000102ull, &v, 1, true));
    CHECK_EQ(d4.reg[2], 0xff);
    CHECK_EQ(d4.reg[1], 0x07);
    CHECK_EQ(d4.reg[3], 0x05);
    r = 0;
    CHECK(phys_access(0x400000100ull, &r, 8, false));
    CHECK_EQ(r, 0x0102030405ff0708ull);
    /* phys_read over MMIO uses aligned pieces. */
    uint8_t buf[12];
    d1.nreads = 0;
    CHECK(phys_read(0x400000004ull, buf, 12));
    CHECK_EQ(d1.nreads, 2);     /* 4 bytes at 4, then 8 at 8 */
    CHECK_EQ(buf[4], 0x0d);
    CHECK(!phys_access(0x400000200ull, &r, 4, false));     /* nothing there */
}

int main(void)
{
    trix_progname = "test_memory";
    test_regions();
    test_ram_ptr();
    test_phys_rw();
    test_straddle();
    test_mmio();
    mem_reset();
    CHECK(mem_find(0x80000000) == NULL);
    if (failures) {
        fprintf(stderr, "test_memory: %d failures\n", failures);
        return 1;
    }
    printf("test_memory: ok\n");
    return 0;
}
