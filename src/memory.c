/* The physical memory map: RAM/ROM and MMIO regions, lookup, and byte-exact physical access. */
#include <string.h>
#include <sys/mman.h>
#include "trix/memory.h"
#include "trix/hw.h"

#define MEM_MAX_REGIONS 256

/* Sorted by base, non-overlapping; fixed storage so mem_find() pointers stay valid. */
static MemoryRegion mem_regions[MEM_MAX_REGIONS];
static int mem_nregions;
static const MemoryRegion *mem_last;    /* one-entry lookup cache */

static uint64_t mem_end(const MemoryRegion *r)   /* last byte (inclusive): no overflow */
{
    return r->base + (r->size - 1);
}

static void mem_add(const MemoryRegion *nr)
{
    if (nr->size == 0 || nr->base + (nr->size - 1) < nr->base)
        trix_fatal("internal error: memory region '%s' has a bad size", nr->name);
    if (mem_nregions == MEM_MAX_REGIONS)
        trix_fatal("internal error: too many memory regions");
    int i = 0;
    while (i < mem_nregions && mem_regions[i].base < nr->base)
        i++;
    uint64_t last = nr->base + (nr->size - 1);
    if ((i > 0 && mem_end(&mem_regions[i - 1]) >= nr->base) ||
        (i < mem_nregions && mem_regions[i].base <= last)) {
        const MemoryRegion *o = i > 0 && mem_end(&mem_regions[i - 1]) >= nr->base
                                ? &mem_regions[i - 1] : &mem_regions[i];
        trix_fatal("internal error: memory region '%s' [%#llx, %#llx] overlaps '%s'",
                   nr->name, (unsigned long long)nr->base, (unsigned long long)last, o->name);
    }
    memmove(&mem_regions[i + 1], &mem_regions[i], (mem_nregions - i) * sizeof(*nr));
    mem_regions[i] = *nr;
    mem_nregions++;
    mem_last = NULL;
}

static uint8_t *mem_alloc_host(const char *name, uint64_t size)
{
    if (size > SIZE_MAX)
        trix_fatal("cannot allocate %s: size too large", name);
    void *p = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        trix_fatal_errno("cannot allocate %llu bytes for %s", (unsigned long long)size, name);
    return p;
}

uint8_t *mem_map_ram(const char *name, uint64_t base, uint64_t size)
{
    MemoryRegion r = { .name = name, .base = base, .size = size };
    r.ram = mem_alloc_host(name, size);
    mem_add(&r);
    return r.ram;
}

uint8_t *mem_map_rom(const char *name, uint64_t base, uint64_t size)
{
    MemoryRegion r = { .name = name, .base = base, .size = size, .readonly = true };
    r.ram = mem_alloc_host(name, size);
    mem_add(&r);
    return r.ram;
}

void mem_map_mmio(const char *name, uint64_t base, uint64_t size,
                  const MemoryRegionOps *ops, void *opaque)
{
    MemoryRegion r = { .name = name, .base = base, .size = size, .ops = ops, .opaque = opaque };
    if (!ops || !ops->read || !ops->write)
        trix_fatal("internal error: MMIO region '%s' without read/write ops", name);
    mem_add(&r);
}

static bool mem_contains(const MemoryRegion *r, uint64_t paddr)
{
    return paddr >= r->base && paddr - r->base < r->size;
}

const MemoryRegion *mem_find(uint64_t paddr)
{
    const MemoryRegion *r = mem_last;
    if (r && mem_contains(r, paddr))
        return r;
    int lo = 0, hi = mem_nregions;          /* first region with base > paddr */
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (mem_regions[mid].base <= paddr)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0 || !mem_contains(&mem_regions[lo - 1], paddr))
        return NULL;
    mem_last = &mem_regions[lo - 1];
    return mem_last;
}

/* Is [paddr, paddr + len) inside r? len may be 0 only for callers that checked paddr. */
static bool mem_range_in(const MemoryRegion *r, uint64_t paddr, uint64_t len)
{
    uint64_t off = paddr - r->base;
    return mem_contains(r, paddr) && len <= r->size - off;
}

void *mem_ram_ptr(uint64_t paddr, uint64_t len)
{
    const MemoryRegion *r = mem_find(paddr);
    if (!r || !r->ram || !mem_range_in(r, paddr, len))
        return NULL;
    return r->ram + (paddr - r->base);
}

static unsigned mem_ops_min(const MemoryRegionOps *ops) { return ops->min_size ? ops->min_size : 1; }
static unsigned mem_ops_max(const MemoryRegionOps *ops) { return ops->max_size ? ops->max_size : 8; }

/* Device access of `size` bytes at off, little-endian value; splits or widens as the ops ask. */
uint64_t mem_dev_read(const MemoryRegion *r, uint64_t off, unsigned size)
{
    const MemoryRegionOps *ops = r->ops;
    unsigned lo = mem_ops_min(ops), hi = mem_ops_max(ops);
    if (size > hi) {
        uint64_t v = 0;
        for (unsigned i = 0; i < size; i += hi)
            v |= mem_dev_read(r, off + i, hi) << (8 * i);
        return v;
    }
    if (size < lo) {
        uint64_t aligned = off & ~(uint64_t)(lo - 1);
        uint64_t v = ops->read(r->opaque, aligned, lo) >> (8 * (off - aligned));
        return size == 8 ? v : v & ((1ull << (8 * size)) - 1);
    }
    return ops->read(r->opaque, off, size);
}

void mem_dev_write(const MemoryRegion *r, uint64_t off, uint64_t val, unsigned size)
{
    const MemoryRegionOps *ops = r->ops;
    unsigned lo = mem_ops_min(ops), hi = mem_ops_max(ops);
    if (size > hi) {
        for (unsigned i = 0; i < size; i += hi)
            mem_dev_write(r, off + i, val >> (8 * i), hi);
        return;
    }
    if (size < lo) {            /* read-modify-write of the smallest unit the device takes */
        uint64_t aligned = off & ~(uint64_t)(lo - 1);
        unsigned sh = 8 * (unsigned)(off - aligned);
        uint64_t m = ((1ull << (8 * size)) - 1) << sh;
        uint64_t old = ops->read(r->opaque, aligned, lo);
        ops->write(r->opaque, aligned, (old & ~m) | ((val << sh) & m), lo);
        return;
    }
    ops->write(r->opaque, off, val, size);
}

static uint64_t mem_size_mask(unsigned size)
{
    return size >= 8 ? ~0ull : (1ull << (8 * size)) - 1;
}

/* One access inside r (already bounds-checked). */
static void mem_region_access(const MemoryRegion *r, uint64_t paddr, uint64_t *val,
                              unsigned size, bool is_write)
{
    uint64_t off = paddr - r->base;
    if (r->ram) {
        if (!is_write) {
            uint64_t v = 0;
            memcpy(&v, r->ram + off, size);     /* little-endian host */
            *val = v;
        } else if (r->readonly) {
            log_mask(LOG_GUEST_ERROR, "write to ROM '%s' at %#llx ignored\n", r->name,
                     (unsigned long long)paddr);
        } else {
            memcpy(r->ram + off, val, size);
        }
        return;
    }
    if (is_write)
        mem_dev_write(r, off, *val & mem_size_mask(size), size);
    else
        *val = mem_dev_read(r, off, size) & mem_size_mask(size);
}

bool phys_access(uint64_t paddr, uint64_t *val, unsigned size, bool is_write)
{
    if (size == 0 || size > 8 || (size & (size - 1)))
        return false;
    const MemoryRegion *r = mem_find(paddr);
    if (r && mem_range_in(r, paddr, size)) {
        mem_region_access(r, paddr, val, size, is_write);
        return true;
    }
    /* Straddles regions (or partly unmapped): byte by byte, all or nothing for checks. */
    for (unsigned i = 0; i < size; i++)
        if (paddr + i < paddr || !mem_find(paddr + i))
            return false;
    uint64_t v = is_write ? *val : 0;
    for (unsigned i = 0; i < size; i++) {
        uint64_t b = (v >> (8 * i)) & 0xff;
        mem_region_access(mem_find(paddr + i), paddr + i, &b, 1, is_write);
        if (!is_write)
            v |= (b & 0xff) << (8 * i);
    }
    if (!is_write)
        *val = v;
    return true;
}

/* Every byte of [paddr, paddr + len) is mapped (without wrapping around). */
static bool phys_range_mapped(uint64_t paddr, uint64_t len)
{
    if (len && paddr + (len - 1) < paddr)
        return false;
    while (len) {
        const MemoryRegion *r = mem_find(paddr);
        if (!r)
            return false;
        uint64_t n = r->size - (paddr - r->base);
        if (n >= len)
            return true;
        paddr += n;
        len -= n;
    }
    return true;
}

/* Copy one chunk that lies inside r: RAM by memcpy, MMIO in aligned pieces of up to 8. */
static void phys_chunk(const MemoryRegion *r, uint64_t paddr, uint8_t *buf, uint64_t n,
                       bool is_write)
{
    if (r->ram) {
        uint8_t *p = r->ram + (paddr - r->base);
        if (!is_write)
            memcpy(buf, p, n);
        else if (!r->readonly)
            memcpy(p, buf, n);
        else
            log_mask(LOG_GUEST_ERROR, "write to ROM '%s' at %#llx ignored\n", r->name,
                     (unsigned long long)paddr);
        return;
    }
    while (n) {
        unsigned size = 8;
        while (size > 1 && ((paddr & (size - 1)) || size > n))
            size >>= 1;
        uint64_t v = 0;
        if (is_write)
            memcpy(&v, buf, size);
        mem_region_access(r, paddr, &v, size, is_write);
        if (!is_write)
            memcpy(buf, &v, size);
        paddr += size;
        buf += size;
        n -= size;
    }
}

static bool phys_rw(uint64_t paddr, uint8_t *buf, uint64_t len, bool is_write)
{
    if (!phys_range_mapped(paddr, len))
        return false;
    while (len) {
        const MemoryRegion *r = mem_find(paddr);
        uint64_t n = r->size - (paddr - r->base);
        if (n > len)
            n = len;
        if (!r->ram)
            hw_lock();
        phys_chunk(r, paddr, buf, n, is_write);
        if (!r->ram)
            hw_unlock();
        paddr += n;
        buf += n;
        len -= n;
    }
    return true;
}

bool phys_read(uint64_t paddr, void *buf, uint64_t len)
{
    return phys_rw(paddr, buf, len, false);
}

bool phys_write(uint64_t paddr, const void *buf, uint64_t len)
{
    return phys_rw(paddr, (uint8_t *)buf, len, true);
}

const MemoryRegion *mem_region_at(int i)
{
    return i >= 0 && i < mem_nregions ? &mem_regions[i] : NULL;
}

void mem_reset(void)
{
    for (int i = 0; i < mem_nregions; i++)
        if (mem_regions[i].ram)
            munmap(mem_regions[i].ram, (size_t)mem_regions[i].size);
    mem_nregions = 0;
    mem_last = NULL;
}
