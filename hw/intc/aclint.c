/* RISC-V ACLINT (CLINT layout): software interrupts, per-hart mtimecmp timers, shared mtime. */
#include <stdlib.h>
#include "hw/intc/aclint.h"
#include "hw/core/fdt_util.h"
#include "trix/exec.h"

enum {
    ACLINT_MSIP_BASE = 0x0,
    ACLINT_MTIMECMP_BASE = 0x4000,
    ACLINT_MTIME = 0xbff8,
    ACLINT_NS_PER_TICK = 1000000000 / ACLINT_TIMEBASE_HZ,
};

uint64_t aclint_mtime(ACLINTState *s)
{
    return (uint64_t)clock_ns() / ACLINT_NS_PER_TICK + s->mtime_offset;
}

static void aclint_set_mtip(ACLINTHart *h, int level)
{
    if (h->mtip_level != level) {
        h->mtip_level = level;
        irq_set(&h->mtip, level);
    }
}

/* Raise MTIP when due, else lower it and arm the timer for the deadline. */
static void aclint_update_hart(ACLINTState *s, ACLINTHart *h)
{
    if (aclint_mtime(s) >= h->mtimecmp) {
        timer_del(h->timer);
        aclint_set_mtip(h, 1);
        return;
    }
    aclint_set_mtip(h, 0);
    uint64_t host_ticks = h->mtimecmp - s->mtime_offset;    /* clock tick count at the deadline */
    if (host_ticks > (uint64_t)INT64_MAX / ACLINT_NS_PER_TICK)
        timer_del(h->timer);        /* centuries away (e.g. mtimecmp = -1): never */
    else
        timer_mod(h->timer, (int64_t)host_ticks * ACLINT_NS_PER_TICK);
}

void aclint_update(ACLINTState *s)
{
    for (int i = 0; i < s->nharts; i++)
        aclint_update_hart(s, &s->harts[i]);
}

static void aclint_timer_cb(void *opaque)
{
    ACLINTHart *h = opaque;
    aclint_update_hart(h->owner, h);
}

/* Merge a 4- or 8-byte write at byte offset `sub` (0 or 4) into a 64-bit register. */
static uint64_t aclint_merge64(uint64_t old, unsigned sub, uint64_t val, unsigned size)
{
    if (size == 8)
        return val;
    uint64_t mask = 0xffffffffull << (8 * sub);
    return (old & ~mask) | ((val & 0xffffffffull) << (8 * sub));
}

static void aclint_bad(const char *what, uint64_t offset, unsigned size)
{
    log_mask(LOG_GUEST_ERROR, "aclint: %s of %u bytes at bad offset %#llx\n",
             what, size, (unsigned long long)offset);
}

/* The hart index for a register array at base with stride, or -1. */
static int aclint_index(ACLINTState *s, uint64_t offset, uint64_t base, unsigned stride)
{
    uint64_t i = (offset - base) / stride;
    return offset >= base && i < (uint64_t)s->nharts ? (int)i : -1;
}

uint64_t aclint_read(void *opaque, uint64_t offset, unsigned size)
{
    ACLINTState *s = opaque;
    int h;
    if (offset & (size - 1)) {
        aclint_bad("misaligned read", offset, size);
        return 0;
    }
    if (offset >= ACLINT_MTIME && offset + size <= ACLINT_MTIME + 8 && size >= 4) {
        cpu_time_seen(current_cpu);     /* a guest read of the time (timer.c) */
        return aclint_mtime(s) >> (8 * (offset - ACLINT_MTIME));
    }
    if (offset < ACLINT_MTIMECMP_BASE && size == 4 && !(offset & 3) &&
        (h = aclint_index(s, offset, ACLINT_MSIP_BASE, 4)) >= 0)
        return s->harts[h].msip_val;
    if (size >= 4 && offset < ACLINT_MTIME &&
        (h = aclint_index(s, offset, ACLINT_MTIMECMP_BASE, 8)) >= 0)
        return s->harts[h].mtimecmp >> (8 * (offset & 7));
    aclint_bad("read", offset, size);
    return 0;
}

static void aclint_write_msip(ACLINTState *s, int h, uint64_t val)
{
    ACLINTHart *hart = &s->harts[h];
    hart->msip_val = val & 1;
    irq_set(&hart->msip, hart->msip_val);
}

void aclint_write(void *opaque, uint64_t offset, uint64_t val, unsigned size)
{
    ACLINTState *s = opaque;
    int h;
    if (offset & (size - 1)) {
        aclint_bad("misaligned write", offset, size);
        return;
    }
    if (offset >= ACLINT_MTIME && offset + size <= ACLINT_MTIME + 8 && size >= 4) {
        uint64_t now = aclint_mtime(s);
        uint64_t want = aclint_merge64(now, (unsigned)(offset - ACLINT_MTIME), val, size);
        s->mtime_offset += want - now;
        aclint_update(s);
    } else if (offset < ACLINT_MTIMECMP_BASE && size == 4 && !(offset & 3) &&
               (h = aclint_index(s, offset, ACLINT_MSIP_BASE, 4)) >= 0) {
        aclint_write_msip(s, h, val);
    } else if (size >= 4 && offset < ACLINT_MTIME &&
               (h = aclint_index(s, offset, ACLINT_MTIMECMP_BASE, 8)) >= 0) {
        ACLINTHart *hart = &s->harts[h];
        hart->mtimecmp = aclint_merge64(hart->mtimecmp, offset & 7, val, size);
        aclint_update_hart(s, hart);
    } else {
        aclint_bad("write", offset, size);
    }
}

void aclint_reset(ACLINTState *s)
{
    for (int i = 0; i < s->nharts; i++) {
        aclint_write_msip(s, i, 0);
        s->harts[i].mtimecmp = UINT64_MAX;
    }
    aclint_update(s);
}

static const MemoryRegionOps aclint_ops = {
    .read = aclint_read,
    .write = aclint_write,
    .min_size = 4,
    .max_size = 8,
};

ACLINTState *aclint_new(int nharts, const IRQ *mtip, const IRQ *msip)
{
    ASSERT(nharts > 0 && nharts <= ACLINT_MAX_HARTS);
    ACLINTState *s = trix_malloc0(sizeof(*s));
    s->nharts = nharts;
    s->harts = trix_malloc0(sizeof(*s->harts) * nharts);
    for (int i = 0; i < nharts; i++) {
        ACLINTHart *h = &s->harts[i];
        h->mtip = mtip[i];
        h->msip = msip[i];
        h->mtimecmp = UINT64_MAX;   /* no timer interrupt until software sets one */
        h->owner = s;
        h->timer = timer_new(aclint_timer_cb, h);
    }
    return s;
}

ACLINTState *aclint_create(uint64_t base, int nharts, const IRQ *mtip, const IRQ *msip)
{
    ACLINTState *s = aclint_new(nharts, mtip, msip);
    mem_map_mmio("aclint", base, ACLINT_SIZE, &aclint_ops, s);
    return s;
}

void aclint_fdt(void *fdt, const char *parent_path, uint64_t base, int nharts,
                const uint32_t *hart_intc)
{
    int n = dt_node_fmt(fdt, dt_path(fdt, parent_path), "clint@%llx", (unsigned long long)base);
    uint32_t *cells = trix_malloc0(sizeof(uint32_t) * 4 * nharts);
    for (int i = 0; i < nharts; i++) {
        cells[4 * i + 0] = hart_intc[i];
        cells[4 * i + 1] = 3;       /* machine software interrupt */
        cells[4 * i + 2] = hart_intc[i];
        cells[4 * i + 3] = 7;       /* machine timer interrupt */
    }
    dt_prop_cells(fdt, n, "interrupts-extended", cells, 4 * nharts);
    free(cells);
    uint64_t reg[2] = { base, ACLINT_SIZE };
    dt_prop_reg2(fdt, n, reg, 1);
    dt_prop_strs(fdt, n, "compatible", "sifive,clint0", "riscv,clint0", NULL);
}
