/* The x86 I/O address space: a port-indexed table of device regions, accessed by IN/OUT. */
#include <string.h>
#include "trix/ioport.h"
#include "trix/hw.h"

#define IO_PORTS 0x10000u
#define IO_MAX_REGIONS 128

static MemoryRegion io_regions[IO_MAX_REGIONS];    /* in mapping order; pointers stay valid */
static int io_nregions;
static uint8_t io_owner[IO_PORTS];                 /* region index + 1, 0: unmapped */

void io_map(const char *name, uint32_t base, uint32_t size, const MemoryRegionOps *ops,
            void *opaque)
{
    if (!ops || !ops->read || !ops->write || size == 0 || base >= IO_PORTS ||
        size > IO_PORTS - base)
        trix_fatal("internal error: bad I/O port region '%s'", name);
    if (io_nregions == IO_MAX_REGIONS)
        trix_fatal("internal error: too many I/O port regions");
    for (uint32_t p = base; p < base + size; p++)
        if (io_owner[p])
            trix_fatal("internal error: I/O ports of '%s' at %#x overlap '%s'", name, p,
                       io_regions[io_owner[p] - 1].name);
    io_regions[io_nregions] = (MemoryRegion){ .name = name, .base = base, .size = size,
                                              .ops = ops, .opaque = opaque };
    io_nregions++;
    for (uint32_t p = base; p < base + size; p++)
        io_owner[p] = (uint8_t)io_nregions;
}

const MemoryRegion *io_find(uint32_t port)
{
    port &= IO_PORTS - 1;
    return io_owner[port] ? &io_regions[io_owner[port] - 1] : NULL;
}

/* The region that holds all of [port, port + size), or NULL. */
static const MemoryRegion *io_whole(uint32_t port, unsigned size)
{
    const MemoryRegion *r = io_find(port);
    if (!r || port + size > r->base + r->size)
        return NULL;
    return r;
}

static uint32_t io_mask(unsigned size)
{
    return size >= 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
}

uint32_t io_read(uint32_t port, unsigned size)
{
    port &= IO_PORTS - 1;
    const MemoryRegion *r = io_whole(port, size);
    if (r)
        return (uint32_t)mem_dev_read(r, port - r->base, size) & io_mask(size);
    if (size > 1 && io_find(port)) {
        uint32_t v = 0;
        for (unsigned i = 0; i < size; i++)
            v |= io_read(port + i, 1) << (8 * i);
        return v;
    }
    log_mask(LOG_GUEST_ERROR, "in from unmapped I/O port %#x (%u bytes)\n", port, size);
    return io_mask(size);
}

void io_write(uint32_t port, uint32_t val, unsigned size)
{
    port &= IO_PORTS - 1;
    const MemoryRegion *r = io_whole(port, size);
    if (r) {
        mem_dev_write(r, port - r->base, val & io_mask(size), size);
        return;
    }
    if (size > 1 && io_find(port)) {
        for (unsigned i = 0; i < size; i++)
            io_write(port + i, val >> (8 * i), 1);
        return;
    }
    log_mask(LOG_GUEST_ERROR, "out %#x to unmapped I/O port %#x (%u bytes)\n", val, port, size);
}

const MemoryRegion *io_region_at(int i)
{
    int seen = 0;
    for (uint32_t p = 0; p < IO_PORTS; p++) {   /* regions in port order: first ports */
        const MemoryRegion *r = io_find(p);
        if (r && r->base == p && seen++ == i)
            return r;
    }
    return NULL;
}

void io_reset(void)
{
    io_nregions = 0;
    memset(io_owner, 0, sizeof(io_owner));
}
