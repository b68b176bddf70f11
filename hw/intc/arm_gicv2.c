/* GICv2 register interfaces: the distributor (GICD_*) and the memory-mapped CPU interface (GICC_*). */
#include "hw/intc/arm_gicv2.h"

enum {
    GICD_CTLR = 0x000, GICD_TYPER = 0x004, GICD_IIDR = 0x008,
    GICD_IGROUPR = 0x080, GICD_ISENABLER = 0x100, GICD_ICENABLER = 0x180,
    GICD_ISPENDR = 0x200, GICD_ICPENDR = 0x280, GICD_ISACTIVER = 0x300, GICD_ICACTIVER = 0x380,
    GICD_IPRIORITYR = 0x400, GICD_ITARGETSR = 0x800, GICD_ICFGR = 0xc00,
    GICD_SGIR = 0xf00, GICD_CPENDSGIR = 0xf10, GICD_SPENDSGIR = 0xf20, GICD_PIDR2 = 0xfe8,
};
enum {
    GICC_CTLR = 0x00, GICC_PMR = 0x04, GICC_BPR = 0x08, GICC_IAR = 0x0c, GICC_EOIR = 0x10,
    GICC_RPR = 0x14, GICC_HPPIR = 0x18, GICC_ABPR = 0x1c, GICC_AIAR = 0x20, GICC_AEOIR = 0x24,
    GICC_AHPPIR = 0x28, GICC_APR0 = 0xd0, GICC_IIDR = 0xfc, GICC_DIR = 0x1000,
};
#define GICC_CTLR_EOIMODE (1u << 9)

/* Bit-per-interrupt register banks: offset range -> (which, mode). */
static bool gicv2_bits_reg(uint64_t off, int *which, int *mode, uint64_t *base)
{
    static const struct { uint64_t base; int which, mode; } regs[] = {
        { GICD_IGROUPR, GIC_REG_GROUP, 2 },
        { GICD_ISENABLER, GIC_REG_ENABLE, 1 }, { GICD_ICENABLER, GIC_REG_ENABLE, 0 },
        { GICD_ISPENDR, GIC_REG_PENDING, 1 }, { GICD_ICPENDR, GIC_REG_PENDING, 0 },
        { GICD_ISACTIVER, GIC_REG_ACTIVE, 1 }, { GICD_ICACTIVER, GIC_REG_ACTIVE, 0 },
    };
    for (size_t i = 0; i < ARRAY_SIZE(regs); i++) {
        if (off >= regs[i].base && off < regs[i].base + 0x80) {
            *which = regs[i].which;
            *mode = regs[i].mode;
            *base = regs[i].base;
            return true;
        }
    }
    return false;
}

static uint32_t gicv2_byte_read(GICState *s, int cpu, uint64_t off, unsigned size)
{
    uint32_t v = 0;
    for (unsigned i = 0; i < size; i++) {
        bool prio = off < GICD_ITARGETSR;
        int id = (int)(off - (prio ? GICD_IPRIORITYR : GICD_ITARGETSR)) + (int)i;
        GICIrq *irq = gic_irq(s, cpu, id);
        uint32_t b = 0;
        if (irq)
            b = prio ? irq->prio : id < 32 ? 1u << cpu : irq->targets;
        v |= b << (8 * i);
    }
    return v;
}

static void gicv2_byte_write(GICState *s, int cpu, uint64_t off, uint32_t val, unsigned size)
{
    for (unsigned i = 0; i < size; i++) {
        bool prio = off < GICD_ITARGETSR;
        int id = (int)(off - (prio ? GICD_IPRIORITYR : GICD_ITARGETSR)) + (int)i;
        GICIrq *irq = gic_irq(s, cpu, id);
        uint8_t b = (uint8_t)(val >> (8 * i));
        if (!irq)
            continue;
        if (prio)
            irq->prio = b & s->prio_mask;
        else if (id >= 32)
            irq->targets = b & (uint8_t)((1u << s->ncpu) - 1);
    }
    gic_update(s);
}

static void gicv2_sgir(GICState *s, int cpu, uint32_t val)
{
    int id = val & 0xf, filter = (val >> 24) & 3;
    uint32_t list = (val >> 16) & 0xff;
    if (filter == 1)
        list = ((1u << s->ncpu) - 1) & ~(1u << cpu);
    else if (filter == 2)
        list = 1u << cpu;
    else if (filter == 3)
        return;
    for (int t = 0; t < s->ncpu; t++)
        if (list & (1u << t))
            gic_send_sgi(s, cpu, t, id);
}

static uint64_t gicv2_dist_read(void *opaque, uint64_t off, unsigned size)
{
    GICState *s = opaque;
    int cpu = gic_current_cpu(s), which, mode;
    uint64_t base;
    if (off >= GICD_IPRIORITYR && off < GICD_ICFGR)
        return gicv2_byte_read(s, cpu, off, size);
    if (size != 4)
        return 0;
    if (gicv2_bits_reg(off, &which, &mode, &base))
        return gic_bits_read(s, cpu, (int)(off - base) * 8, which);
    if (off >= GICD_ICFGR && off < GICD_ICFGR + 0x100)
        return gic_cfg_read(s, cpu, (int)(off - GICD_ICFGR) * 4);
    switch (off) {
    case GICD_CTLR: return s->dist_ctlr;
    case GICD_TYPER: return (GIC_NR_IRQ / 32 - 1) | ((uint32_t)(s->ncpu - 1) << 5);
    case GICD_IIDR: return 0x0100143b;
    case GICD_PIDR2: return 0x2b;
    default: return 0;
    }
}

static void gicv2_dist_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
    GICState *s = opaque;
    int cpu = gic_current_cpu(s), which, mode;
    uint64_t base;
    if (off >= GICD_IPRIORITYR && off < GICD_ICFGR) {
        gicv2_byte_write(s, cpu, off, (uint32_t)val, size);
        return;
    }
    if (size != 4) {
        log_mask(LOG_GUEST_ERROR, "gicv2: %u-byte distributor write at %#llx\n", size,
                 (unsigned long long)off);
        return;
    }
    if (gicv2_bits_reg(off, &which, &mode, &base)) {
        gic_bits_write(s, cpu, (int)(off - base) * 8, which, (uint32_t)val, mode);
    } else if (off >= GICD_ICFGR && off < GICD_ICFGR + 0x100) {
        gic_cfg_write(s, cpu, (int)(off - GICD_ICFGR) * 4, (uint32_t)val);
    } else if (off == GICD_CTLR) {
        s->dist_ctlr = (uint32_t)val & 3;
        gic_update(s);
    } else if (off == GICD_SGIR) {
        gicv2_sgir(s, cpu, (uint32_t)val);
    }
}

static uint64_t gicv2_cpu_read(void *opaque, uint64_t off, unsigned size)
{
    GICState *s = opaque;
    int cpu = gic_current_cpu(s);
    GICCpu *c = &s->cpu[cpu];
    switch (off) {
    case GICC_CTLR: return c->ctlr;
    case GICC_PMR: return c->pmr;
    case GICC_BPR: return c->bpr;
    case GICC_IAR: case GICC_AIAR: return gic_acknowledge(s, cpu);
    case GICC_RPR: return gic_running_prio(s, cpu);
    case GICC_HPPIR: case GICC_AHPPIR: {
        int id = gic_highest_pending(s, cpu);
        if (id < 16 && c->sgi_src[id])
            return (uint32_t)id | ((uint32_t)__builtin_ctz(c->sgi_src[id]) << 10);
        return (uint32_t)id;
    }
    case GICC_IIDR: return 0x0202043b;
    default: return 0;
    }
}

static void gicv2_cpu_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
    GICState *s = opaque;
    int cpu = gic_current_cpu(s);
    GICCpu *c = &s->cpu[cpu];
    switch (off) {
    case GICC_CTLR:
        c->ctlr = (uint32_t)val & 0x61f;
        c->enabled = (val & 3) != 0;
        c->eoi_split = (val & GICC_CTLR_EOIMODE) != 0;
        break;
    case GICC_PMR: c->pmr = (uint8_t)val & s->prio_mask; break;
    case GICC_BPR: c->bpr = val & 7; break;
    case GICC_EOIR: case GICC_AEOIR: gic_eoi(s, cpu, (uint32_t)val); return;
    case GICC_DIR: gic_deactivate(s, cpu, (uint32_t)val); return;
    default: return;
    }
    gic_update(s);
}

static const MemoryRegionOps gicv2_dist_ops = {
    .read = gicv2_dist_read, .write = gicv2_dist_write, .min_size = 1, .max_size = 4,
};
static const MemoryRegionOps gicv2_cpu_ops = {
    .read = gicv2_cpu_read, .write = gicv2_cpu_write, .min_size = 4, .max_size = 4,
};

GICState *gicv2_create(uint64_t dist_base, uint64_t cpu_base, int ncpu, const IRQ *cpu_out)
{
    GICState *s = gic_new(2, ncpu, cpu_out);
    mem_map_mmio("gic-dist", dist_base, GICV2_DIST_SIZE, &gicv2_dist_ops, s);
    mem_map_mmio("gic-cpu", cpu_base, GICV2_CPU_SIZE, &gicv2_cpu_ops, s);
    return s;
}

uint64_t gicv2_dist_access(GICState *s, uint64_t off, uint64_t val, unsigned size, bool write)
{
    if (write)
        gicv2_dist_write(s, off, val, size);
    return write ? 0 : gicv2_dist_read(s, off, size);
}

uint64_t gicv2_cpu_access(GICState *s, uint64_t off, uint64_t val, bool write)
{
    if (write)
        gicv2_cpu_write(s, off, val, 4);
    return write ? 0 : gicv2_cpu_read(s, off, 4);
}
