/* The machine's physical address space: RAM/ROM regions and MMIO regions with ops tables. */
#ifndef TRIX_MEMORY_H
#define TRIX_MEMORY_H

#include "trix/common.h"

/* A device's register interface. Accesses of `size` bytes (1, 2, 4, 8) at `offset` within
 * the region; sizes outside [min_size, max_size] are split or widened by the memory layer
 * (min_size/max_size 0 means 1 and 8). Reads of nothing return 0 and writes are dropped,
 * logged under -d guest_errors, by the device itself. */
typedef struct MemoryRegionOps {
    uint64_t (*read)(void *opaque, uint64_t offset, unsigned size);
    void (*write)(void *opaque, uint64_t offset, uint64_t val, unsigned size);
    unsigned min_size, max_size;
} MemoryRegionOps;

typedef struct MemoryRegion {
    const char *name;
    uint64_t base, size;
    uint8_t *ram;                   /* RAM/ROM host memory; NULL for MMIO */
    bool readonly;                  /* ROM: guest writes are dropped (logged) */
    const MemoryRegionOps *ops;     /* MMIO */
    void *opaque;
} MemoryRegion;

/* Map regions (the board does this once at start). Overlaps are a fatal board bug. */
uint8_t *mem_map_ram(const char *name, uint64_t base, uint64_t size);
uint8_t *mem_map_rom(const char *name, uint64_t base, uint64_t size);
void mem_map_mmio(const char *name, uint64_t base, uint64_t size,
                  const MemoryRegionOps *ops, void *opaque);
/* The region containing paddr, or NULL. */
const MemoryRegion *mem_find(uint64_t paddr);
/* Host pointer for [paddr, paddr+len) when it lies inside one RAM/ROM region, else NULL.
 * This is how DMA (virtio) and loaders reach guest RAM: every guest-provided address and
 * length must go through it (or phys_read/phys_write), never raw pointer arithmetic. */
void *mem_ram_ptr(uint64_t paddr, uint64_t len);
/* Physical accesses for loaders, DMA, the gdb stub: false if any byte is unmapped. MMIO is
 * accessed with the device's ops. */
bool phys_read(uint64_t paddr, void *buf, uint64_t len);
bool phys_write(uint64_t paddr, const void *buf, uint64_t len);
/* One device-style access (used by the softmmu slow path): false if unmapped. */
bool phys_access(uint64_t paddr, uint64_t *val, unsigned size, bool is_write);
/* One device access of `size` bytes at offset `off` of MMIO region r (little-endian value),
 * split or widened as r's ops ask: shared by physical memory and the x86 I/O space. */
uint64_t mem_dev_read(const MemoryRegion *r, uint64_t off, unsigned size);
void mem_dev_write(const MemoryRegion *r, uint64_t off, uint64_t val, unsigned size);
/* The i-th region in address order (0, 1, ...), NULL past the last: for `info mtree`. */
const MemoryRegion *mem_region_at(int i);
void mem_reset(void);           /* forget every region (tests) */

#endif
