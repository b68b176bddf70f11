/* GICv3 register interfaces: GICD_* (affinity routing), per-CPU GICR_* frames, ICC_* system registers. */
#include "hw/intc/arm_gicv3.h"

enum {
    GICD_CTLR = 0x000, GICD_TYPER = 0x004, GICD_IIDR = 0x008, GICD_TYPER2 = 0x00c,
    GICD_IGROUPR = 0x080, GICD_ISENABLER = 0x100, GICD_ICENABLER = 0x180,
    GICD_ISPENDR = 0x200, GICD_ICPENDR = 0x280, GICD_ISACTIVER = 0x300, GICD_ICACTIVER = 0x380,
    GICD_IPRIORITYR = 0x400, GICD_ICFGR = 0xc00, GICD_IGRPMODR = 0xd00,
    GICD_IROUTER = 0x6000, GICD_PIDR2 = 0xffe8,
};
enum {
    GICR_CTLR = 0x0, GICR_IIDR = 0x4, GICR_TYPER = 0x8, GICR_STATUSR = 0x10, GICR_WAKER = 0x14,
    GICR_PIDR2 = 0xffe8, GICR_SGI = 0x10000,
};
#define GICD_CTLR_ARE (1u << 4)
#define GICD_CTLR_DS (1u << 6)
#define GICR_WAKER_SLEEP (1u << 1)
#define GICR_WAKER_ASLEEP (1u << 2)
#define GICV3_PIDR2 0x3b                /* ArchRev 3 */

typedef struct GICv3Cpu {
    GICState *s;
    int cpu;
} GICv3Cpu;

typedef struct GICv3 {
    GICState *s;
    GICv3Cpu icc[GIC_MAX_CPUS_V3];
    GICv3Cpu redist[GIC_MAX_CPUS_V3];
} GICv3;

static const struct { uint64_t base; int which, mode; } gicv3_bit_regs[] = {
    { GICD_IGROUPR, GIC_REG_GROUP, 2 },
    { GICD_ISENABLER, GIC_REG_ENABLE, 1 }, { GICD_ICENABLER, GIC_REG_ENABLE, 0 },
    { GICD_ISPENDR, GIC_REG_PENDING, 1 }, { GICD_ICPENDR, GIC_REG_PENDING, 0 },
    { GICD_ISACTIVER, GIC_REG_ACTIVE, 1 }, { GICD_ICACTIVER, GIC_REG_ACTIVE, 0 },
};

/* The registers both frames share (the SGI frame's are GICD's layout for INTIDs 0..31).
 * `first_limit`: the bit registers cover INTIDs below it (32 in the SGI frame). */
static bool gicv3_common_read(GICState *s, int cpu, uint64_t off, unsigned size, bool priv,
                              uint64_t *v)
{
    for (size_t i = 0; i < ARRAY_SIZE(gicv3_bit_regs); i++) {
        uint64_t b = gicv3_bit_regs[i].base;
        if (off >= b && off < b + (priv ? 4 : 0x80) && size == 4) {
            int first = (int)(off - b) * 8;
            *v = (!priv && first < 32) ? 0 : gic_bits_read(s, cpu, first, gicv3_bit_regs[i].which);
            return true;
        }
    }
    if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + (priv ? 32 : GIC_NR_IRQ)) {
        *v = 0;
        for (unsigned i = 0; i < size; i++) {
            int id = (int)(off - GICD_IPRIORITYR) + (int)i;
            GICIrq *irq = gic_irq(s, cpu, id);
            if (irq && (priv || id >= 32))
                *v |= (uint64_t)irq->prio << (8 * i);
        }
        return true;
    }
    if (off >= GICD_ICFGR && off < GICD_ICFGR + (priv ? 8 : 0x100)) {
        *v = gic_cfg_read(s, cpu, (int)(off - GICD_ICFGR) * 4);
        return true;
    }
    return false;
}

static bool gicv3_common_write(GICState *s, int cpu, uint64_t off, uint64_t val, unsigned size,
                               bool priv)
{
    for (size_t i = 0; i < ARRAY_SIZE(gicv3_bit_regs); i++) {
        uint64_t b = gicv3_bit_regs[i].base;
        if (off >= b && off < b + (priv ? 4 : 0x80) && size == 4) {
            int first = (int)(off - b) * 8;
            if (priv || first >= 32)
                gic_bits_write(s, cpu, first, gicv3_bit_regs[i].which, (uint32_t)val,
                               gicv3_bit_regs[i].mode);
            return true;
        }
    }
    if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + (priv ? 32 : GIC_NR_IRQ)) {
        for (unsigned i = 0; i < size; i++) {
            int id = (int)(off - GICD_IPRIORITYR) + (int)i;
            GICIrq *irq = gic_irq(s, cpu, id);
            if (irq && (priv || id >= 32))
                irq->prio = (uint8_t)(val >> (8 * i)) & s->prio_mask;
        }
        gic_update(s);
        return true;
    }
    if (off >= GICD_ICFGR && off < GICD_ICFGR + (priv ? 8 : 0x100)) {
        if (priv || off >= GICD_ICFGR + 8)
            gic_cfg_write(s, cpu, (int)(off - GICD_ICFGR) * 4, (uint32_t)val);
        return true;
    }
    return false;
}

static uint64_t gicv3_dist_read(void *opaque, uint64_t off, unsigned size)
{
    GICv3 *g = opaque;
    GICState *s = g->s;
    uint64_t v;
    if (gicv3_common_read(s, gic_current_cpu(s), off, size, false, &v))
        return v;
    if (off >= GICD_IROUTER + 32 * 8 && off < GICD_IROUTER + GIC_NR_IRQ * 8) {
        uint64_t r = s->spi[(off - GICD_IROUTER) / 8 - 32].route;
        return size == 8 ? r : (off & 4) ? r >> 32 : (uint32_t)r;
    }
    switch (off) {
    case GICD_CTLR: return s->dist_ctlr | GICD_CTLR_ARE | GICD_CTLR_DS;
    case GICD_TYPER: return (GIC_NR_IRQ / 32 - 1) | (9u << 19) | (1u << 24);  /* IDbits, A3V */
    case GICD_IIDR: return 0x0300043b;
    case GICD_PIDR2: return GICV3_PIDR2;
    default: return 0;
    }
}

static void gicv3_dist_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
    GICv3 *g = opaque;
    GICState *s = g->s;
    if (gicv3_common_write(s, gic_current_cpu(s), off, val, size, false))
        return;
    if (off >= GICD_IROUTER + 32 * 8 && off < GICD_IROUTER + GIC_NR_IRQ * 8) {
        uint64_t *r = &s->spi[(off - GICD_IROUTER) / 8 - 32].route;
        if (size == 8)
            *r = val;
        else if (off & 4)
            *r = (*r & 0xffffffffull) | (val << 32);
        else
            *r = (*r & ~0xffffffffull) | (uint32_t)val;
        *r &= 0xff800fffffull;
        gic_update(s);
    } else if (off == GICD_CTLR) {
        s->dist_ctlr = (uint32_t)val & 3;
        gic_update(s);
    }
}

static uint64_t gicv3_typer(GICState *s, int cpu)
{
    uint64_t m = s->cpu[cpu].mpidr;
    uint64_t aff = (m & 0xffffff) | ((m >> 8) & 0xff000000ull);
    return (aff << 32) | ((uint64_t)cpu << 8) | (cpu == s->ncpu - 1 ? 1u << 4 : 0);
}

static uint64_t gicv3_redist_read(void *opaque, uint64_t off, unsigned size)
{
    GICv3 *g = opaque;
    GICState *s = g->s;
    int cpu = (int)(off / GICV3_REDIST_STRIDE);
    off %= GICV3_REDIST_STRIDE;
    uint64_t v;
    if (off >= GICR_SGI) {
        if (gicv3_common_read(s, cpu, off - GICR_SGI, size, true, &v))
            return v;
        return 0;
    }
    switch (off) {
    case GICR_IIDR: return 0x0300043b;
    case GICR_TYPER: return size == 8 ? gicv3_typer(s, cpu) : (uint32_t)gicv3_typer(s, cpu);
    case GICR_TYPER + 4: return gicv3_typer(s, cpu) >> 32;
    case GICR_WAKER: return s->cpu[cpu].waker;
    case GICR_PIDR2: return GICV3_PIDR2;
    default: return 0;
    }
}

static void gicv3_redist_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
    GICv3 *g = opaque;
    GICState *s = g->s;
    int cpu = (int)(off / GICV3_REDIST_STRIDE);
    off %= GICV3_REDIST_STRIDE;
    if (off >= GICR_SGI) {
        gicv3_common_write(s, cpu, off - GICR_SGI, val, size, true);
    } else if (off == GICR_WAKER) {
        uint32_t sleep = (uint32_t)val & GICR_WAKER_SLEEP;
        s->cpu[cpu].waker = sleep | (sleep ? GICR_WAKER_ASLEEP : 0);
    }
}

static const MemoryRegionOps gicv3_dist_ops = {
    .read = gicv3_dist_read, .write = gicv3_dist_write, .min_size = 1, .max_size = 8,
};
static const MemoryRegionOps gicv3_redist_ops = {
    .read = gicv3_redist_read, .write = gicv3_redist_write, .min_size = 1, .max_size = 8,
};

/* ---- ICC_* system registers ---- */

static GICState *icc_state(void *opaque, int *cpu)
{
    GICv3Cpu *c = opaque;
    *cpu = c->cpu;
    return c->s;
}

static uint64_t icc_iar_read(void *opaque, A64CPU *env)
{
    int cpu;
    GICState *s = icc_state(opaque, &cpu);
    return gic_acknowledge(s, cpu) & 0x3ff;
}

static void icc_eoir_write(void *opaque, A64CPU *env, uint64_t v)
{
    int cpu;
    GICState *s = icc_state(opaque, &cpu);
    gic_eoi(s, cpu, (uint32_t)v & 0xffffff);
}

static void icc_dir_write(void *opaque, A64CPU *env, uint64_t v)
{
    int cpu;
    GICState *s = icc_state(opaque, &cpu);
    gic_deactivate(s, cpu, (uint32_t)v & 0xffffff);
}

static uint64_t icc_hppir_read(void *opaque, A64CPU *env)
{
    int cpu;
    GICState *s = icc_state(opaque, &cpu);
    return (uint64_t)gic_highest_pending(s, cpu);
}

static uint64_t icc_rpr_read(void *opaque, A64CPU *env)
{
    int cpu;
    GICState *s = icc_state(opaque, &cpu);
    return gic_running_prio(s, cpu);
}

static uint64_t icc_pmr_read(void *opaque, A64CPU *env)
{
    int cpu;
    GICState *s = icc_state(opaque, &cpu);
    return s->cpu[cpu].pmr;
}

static void icc_pmr_write(void *opaque, A64CPU *env, uint64_t v)
{
    int cpu;
    GICState *s = icc_state(opaque, &cpu);
    s->cpu[cpu].pmr = (uint8_t)v & s->prio_mask;
    gic_update(s);
}

static uint64_t icc_bpr_read(void *opaque, A64CPU *env)
{
    int cpu;
    GICState *s = icc_state(opaque, &cpu);
    return s->cpu[cpu].bpr;
}

static void icc_bpr_write(void *opaque, A64CPU *env, uint64_t v)
{
    int cpu;
    GICState *s = icc_state(opaque, &cpu);
    s->cpu[cpu].bpr = v & 7;
    gic_update(s);
}

/* ICC_CTLR_EL1: EOImode (bit 1) writable; PRIbits = 4 (5 bits), A3V. */
static uint64_t icc_ctlr_read(void *opaque, A64CPU *env)
{
    int cpu;
    GICState *s = icc_state(opaque, &cpu);
    return (s->cpu[cpu].eoi_split ? 2u : 0) | (4u << 8) | (1u << 15);
}

static void icc_ctlr_write(void *opaque, A64CPU *env, uint64_t v)
{
    int cpu;
    GICState *s = icc_state(opaque, &cpu);
    s->cpu[cpu].eoi_split = (v & 2) != 0;
}

static uint64_t icc_sre_read(void *opaque, A64CPU *env)
{
    return 7;                           /* SRE, DFB, DIB: system registers only */
}

static void icc_ignore_write(void *opaque, A64CPU *env, uint64_t v)
{
}

static uint64_t icc_zero_read(void *opaque, A64CPU *env)
{
    return 0;
}

static uint64_t icc_igrpen_read(void *opaque, A64CPU *env, int bit)
{
    int cpu;
    GICState *s = icc_state(opaque, &cpu);
    return (s->cpu[cpu].igrpen >> bit) & 1;
}

static void icc_igrpen_write(void *opaque, int bit, uint64_t v)
{
    int cpu;
    GICState *s = icc_state(opaque, &cpu);
    GICCpu *c = &s->cpu[cpu];
    c->igrpen = (uint8_t)((c->igrpen & ~(1u << bit)) | ((v & 1) << bit));
    c->enabled = c->igrpen != 0;
    gic_update(s);
}

static uint64_t icc_igrpen0_read(void *o, A64CPU *env) { return icc_igrpen_read(o, env, 0); }
static uint64_t icc_igrpen1_read(void *o, A64CPU *env) { return icc_igrpen_read(o, env, 1); }
static void icc_igrpen0_write(void *o, A64CPU *env, uint64_t v) { icc_igrpen_write(o, 0, v); }
static void icc_igrpen1_write(void *o, A64CPU *env, uint64_t v) { icc_igrpen_write(o, 1, v); }

/* ICC_SGI1R_EL1 / ICC_SGI0R_EL1 / ICC_ASGI1R_EL1: TargetList[15:0], Aff1[23:16], INTID[27:24],
 * Aff2[39:32], IRM[40], RS[47:44], Aff3[55:48]. */
static void icc_sgi_write(void *opaque, A64CPU *env, uint64_t v)
{
    int self;
    GICState *s = icc_state(opaque, &self);
    int id = (v >> 24) & 0xf;
    bool irm = (v >> 40) & 1;
    uint64_t aff321 = (((v >> 48) & 0xff) << 32) | (((v >> 32) & 0xff) << 16) |
                      (((v >> 16) & 0xff) << 8);
    unsigned rs = (v >> 44) & 0xf;
    for (int t = 0; t < s->ncpu; t++) {
        uint64_t m = s->cpu[t].mpidr & 0xff00ffffffull;
        if (irm) {
            if (t != self)
                gic_send_sgi(s, self, t, id);
            continue;
        }
        unsigned aff0 = m & 0xff;
        if ((m & ~0xffull) == aff321 && aff0 / 16 == rs && ((v >> (aff0 % 16)) & 1))
            gic_send_sgi(s, self, t, id);
    }
}

#define ICC(n, o1, cn, cm, o2, r, w) { n, 3, o1, cn, cm, o2, r, w }
const A64DevSysReg gicv3_icc_regs[] = {
    ICC("ICC_PMR_EL1", 0, 4, 6, 0, icc_pmr_read, icc_pmr_write),
    ICC("ICC_IAR0_EL1", 0, 12, 8, 0, icc_iar_read, NULL),
    ICC("ICC_EOIR0_EL1", 0, 12, 8, 1, NULL, icc_eoir_write),
    ICC("ICC_HPPIR0_EL1", 0, 12, 8, 2, icc_hppir_read, NULL),
    ICC("ICC_BPR0_EL1", 0, 12, 8, 3, icc_bpr_read, icc_bpr_write),
    ICC("ICC_AP0R0_EL1", 0, 12, 8, 4, icc_zero_read, icc_ignore_write),
    ICC("ICC_AP1R0_EL1", 0, 12, 9, 0, icc_zero_read, icc_ignore_write),
    ICC("ICC_DIR_EL1", 0, 12, 11, 1, NULL, icc_dir_write),
    ICC("ICC_RPR_EL1", 0, 12, 11, 3, icc_rpr_read, NULL),
    ICC("ICC_SGI1R_EL1", 0, 12, 11, 5, NULL, icc_sgi_write),
    ICC("ICC_ASGI1R_EL1", 0, 12, 11, 6, NULL, icc_sgi_write),
    ICC("ICC_SGI0R_EL1", 0, 12, 11, 7, NULL, icc_sgi_write),
    ICC("ICC_IAR1_EL1", 0, 12, 12, 0, icc_iar_read, NULL),
    ICC("ICC_EOIR1_EL1", 0, 12, 12, 1, NULL, icc_eoir_write),
    ICC("ICC_HPPIR1_EL1", 0, 12, 12, 2, icc_hppir_read, NULL),
    ICC("ICC_BPR1_EL1", 0, 12, 12, 3, icc_bpr_read, icc_bpr_write),
    ICC("ICC_CTLR_EL1", 0, 12, 12, 4, icc_ctlr_read, icc_ctlr_write),
    ICC("ICC_SRE_EL1", 0, 12, 12, 5, icc_sre_read, icc_ignore_write),
    ICC("ICC_IGRPEN0_EL1", 0, 12, 12, 6, icc_igrpen0_read, icc_igrpen0_write),
    ICC("ICC_IGRPEN1_EL1", 0, 12, 12, 7, icc_igrpen1_read, icc_igrpen1_write),
    ICC("ICC_SRE_EL2", 4, 12, 9, 5, icc_sre_read, icc_ignore_write),
};
const int gicv3_icc_nregs = (int)ARRAY_SIZE(gicv3_icc_regs);

static GICv3 *gicv3_of(GICState *s);

void *gicv3_icc_opaque(GICState *s, int cpu)
{
    return &gicv3_of(s)->icc[cpu];
}

/* ---- creation ---- */

static GICv3 *gicv3_list[4];

static GICv3 *gicv3_of(GICState *s)
{
    for (size_t i = 0; i < ARRAY_SIZE(gicv3_list); i++)
        if (gicv3_list[i] && gicv3_list[i]->s == s)
            return gicv3_list[i];
    trix_fatal("gicv3: unknown GIC");
}

static GICv3 *gicv3_new(int ncpu, const IRQ *cpu_out, const uint64_t *mpidr)
{
    if (ncpu > GIC_MAX_CPUS_V3)
        trix_fatal("gicv3: at most %d CPUs", GIC_MAX_CPUS_V3);
    GICv3 *g = trix_malloc0(sizeof(*g));
    g->s = gic_new(3, ncpu, cpu_out);
    for (int i = 0; i < ncpu; i++) {
        g->s->cpu[i].mpidr = mpidr ? mpidr[i] : (uint64_t)i;
        g->icc[i] = (GICv3Cpu){ g->s, i };
    }
    for (size_t i = 0; i < ARRAY_SIZE(gicv3_list); i++) {
        if (!gicv3_list[i]) {
            gicv3_list[i] = g;
            return g;
        }
    }
    trix_fatal("gicv3: too many GICs");
}

GICState *gicv3_create(uint64_t dist_base, uint64_t redist_base, int ncpu, const IRQ *cpu_out,
                       const uint64_t *mpidr)
{
    GICv3 *g = gicv3_new(ncpu, cpu_out, mpidr);
    mem_map_mmio("gicv3-dist", dist_base, GICV3_DIST_SIZE, &gicv3_dist_ops, g);
    mem_map_mmio("gicv3-redist", redist_base, GICV3_REDIST_STRIDE * (uint64_t)ncpu,
                 &gicv3_redist_ops, g);
    return g->s;
}

uint64_t gicv3_dist_access(GICState *s, uint64_t off, uint64_t val, unsigned size, bool write)
{
    if (write)
        gicv3_dist_write(gicv3_of(s), off, val, size);
    return write ? 0 : gicv3_dist_read(gicv3_of(s), off, size);
}

uint64_t gicv3_redist_access(GICState *s, uint64_t off, uint64_t val, unsigned size, bool write)
{
    if (write)
        gicv3_redist_write(gicv3_of(s), off, val, size);
    return write ? 0 : gicv3_redist_read(gicv3_of(s), off, size);
}
