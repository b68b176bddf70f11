/* The x86 I/O address space (IN/OUT ports 0..0xffff): device regions with MemoryRegionOps. */
#ifndef TRIX_IOPORT_H
#define TRIX_IOPORT_H

#include "trix/memory.h"

/* Map ports [base, base + size) to a device (the board does this at start). Overlaps are a
 * fatal board bug. Accesses are made with hw_lock held, sizes 1, 2 or 4. */
void io_map(const char *name, uint32_t base, uint32_t size, const MemoryRegionOps *ops,
            void *opaque);
/* A guest IN/OUT. Unmapped ports read as all ones and drop writes (logged under
 * -d guest_errors); an access that spans two regions is made byte by byte. */
uint32_t io_read(uint32_t port, unsigned size);
void io_write(uint32_t port, uint32_t val, unsigned size);
/* The region holding port, or NULL (for `info mtree` and tests). */
const MemoryRegion *io_find(uint32_t port);
const MemoryRegion *io_region_at(int i);        /* i-th region by port, NULL past the last */
void io_reset(void);                            /* forget every region (tests) */

#endif
