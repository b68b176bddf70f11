/* The GIC's interrupt state machine shared by GICv2 and GICv3: pending, active, priorities, delivery. */
#include <string.h>
#include "hw/intc/arm_gic.h"
#include "hw/core/fdt_util.h"
#include "trix/exec.h"

GICIrq *gic_irq(GICState *s, int cpu, int id)
{
    if (id < 0 || id >= GIC_NR_IRQ || cpu < 0 || cpu >= s->ncpu)
        return NULL;
    return id < 32 ? &s->cpu[cpu].priv[id] : &s->spi[id - 32];
}

int gic_current_cpu(GICState *s)
{
    int c = current_cpu ? current_cpu->cpu_index : 0;
    return c < s->ncpu ? c : 0;
}

static bool gic_irq_pending(const GICIrq *irq)
{
    return irq->latch || (!irq->edge && irq->level);
}

bool gic_spi_targets(GICState *s, const GICIrq *irq, int cpu)
{
    if (s->version == 2)
        return (irq->targets >> cpu) & 1;
    if (irq->route & (1u << 31))        /* IRM: any participating CPU; we pick CPU 0 */
        return cpu == 0;
    return (irq->route & 0xff00ffffffull) == (s->cpu[cpu].mpidr & 0xff00ffffffull);
}

static bool gic_dist_enabled(GICState *s)
{
    return (s->dist_ctlr & 3) != 0;        /* v2 Enable(Grp0/1), v3 EnableGrp0/Grp1 */
}

int gic_highest_pending(GICState *s, int cpu)
{
    int best = GIC_SPURIOUS, best_prio = 0x100;
    if (!gic_dist_enabled(s))
        return GIC_SPURIOUS;
    for (int id = 0; id < GIC_NR_IRQ; id++) {
        GICIrq *irq = gic_irq(s, cpu, id);
        if (!irq->enabled || irq->active || !gic_irq_pending(irq) || irq->prio >= best_prio)
            continue;
        if (id >= 32 && !gic_spi_targets(s, irq, cpu))
            continue;
        best = id;
        best_prio = irq->prio;
    }
    return best;
}

uint8_t gic_running_prio(GICState *s, int cpu)
{
    uint8_t p = 0xff;
    for (int id = 0; id < GIC_NR_IRQ; id++) {
        GICIrq *irq = gic_irq(s, cpu, id);
        if (irq->active && !irq->dropped && irq->prio < p)
            p = irq->prio;
    }
    return p;
}

/* Group priority under BPR (the subpriority bits do not preempt). */
static uint8_t gic_group_prio(GICCpu *c, uint8_t prio)
{
    int b = c->bpr > 7 ? 7 : c->bpr;
    return prio & (uint8_t)(0xff << (b + 1)) & 0xff;
}

static void gic_update_cpu(GICState *s, int cpu)
{
    GICCpu *c = &s->cpu[cpu];
    int level = 0;
    if (c->enabled) {
        int id = gic_highest_pending(s, cpu);
        if (id != GIC_SPURIOUS) {
            uint8_t p = gic_irq(s, cpu, id)->prio;
            uint8_t run = gic_running_prio(s, cpu);
            level = p < c->pmr && (run == 0xff || gic_group_prio(c, p) < gic_group_prio(c, run));
        }
    }
    if (level != c->level) {
        c->level = level;
        irq_set(&c->out, level);
    }
}

void gic_update(GICState *s)
{
    for (int i = 0; i < s->ncpu; i++)
        gic_update_cpu(s, i);
}

static void gic_set_line(GICIrq *irq, int level)
{
    if (irq->edge && level && !irq->level)
        irq->latch = true;
    irq->level = level != 0;
}

static void gic_spi_handler(void *opaque, int n, int level)
{
    GICState *s = opaque;
    gic_set_line(&s->spi[n], level);
    gic_update(s);
}

IRQ gic_spi_input(GICState *s, int n)
{
    ASSERT(n >= 0 && n < GIC_NR_SPI);
    return irq_make(gic_spi_handler, s, n);
}

static void gic_ppi_handler(void *opaque, int n, int level)
{
    GICState *s = opaque;
    gic_set_line(&s->cpu[n / 32].priv[n % 32], level);
    gic_update_cpu(s, n / 32);
}

IRQ gic_ppi_input(GICState *s, int cpu, int ppi)
{
    ASSERT(ppi >= 16 && ppi < 32 && cpu >= 0 && cpu < s->ncpu);
    return irq_make(gic_ppi_handler, s, cpu * 32 + ppi);
}

void gic_send_sgi(GICState *s, int source, int target, int id)
{
    if (target < 0 || target >= s->ncpu || id < 0 || id > 15)
        return;
    GICCpu *c = &s->cpu[target];
    c->priv[id].latch = true;
    if (source >= 0 && source < 8)
        c->sgi_src[id] |= 1u << source;
    gic_update_cpu(s, target);
}

uint32_t gic_acknowledge(GICState *s, int cpu)
{
    GICCpu *c = &s->cpu[cpu];
    int id = gic_highest_pending(s, cpu);
    if (id == GIC_SPURIOUS || !c->enabled)
        return GIC_SPURIOUS;
    GICIrq *irq = gic_irq(s, cpu, id);
    uint8_t run = gic_running_prio(s, cpu);
    if (irq->prio >= c->pmr || (run != 0xff && gic_group_prio(c, irq->prio) >= gic_group_prio(c, run)))
        return GIC_SPURIOUS;
    uint32_t ret = (uint32_t)id;
    if (id < 16 && s->version == 2 && c->sgi_src[id]) {
        int src = __builtin_ctz(c->sgi_src[id]);
        c->sgi_src[id] &= ~(1u << src);
        irq->latch = c->sgi_src[id] != 0;
        ret |= (uint32_t)src << 10;
    } else {
        irq->latch = false;
        if (id < 16)
            c->sgi_src[id] = 0;
    }
    irq->active = true;
    irq->dropped = false;
    gic_update_cpu(s, cpu);
    return ret;
}

void gic_deactivate(GICState *s, int cpu, uint32_t id)
{
    GICIrq *irq = gic_irq(s, cpu, (int)(id & 0x3ff));
    if (!irq)
        return;
    irq->active = false;
    irq->dropped = false;
    gic_update(s);
}

void gic_eoi(GICState *s, int cpu, uint32_t id)
{
    GICIrq *irq = gic_irq(s, cpu, (int)(id & 0x3ff));
    if (!irq || !irq->active)
        return;
    if (s->cpu[cpu].eoi_split) {
        irq->dropped = true;
        gic_update_cpu(s, cpu);
    } else {
        gic_deactivate(s, cpu, id);
    }
}

uint32_t gic_bits_read(GICState *s, int cpu, int first, int which)
{
    uint32_t v = 0;
    for (int i = 0; i < 32; i++) {
        GICIrq *irq = gic_irq(s, cpu, first + i);
        if (!irq)
            break;
        bool b = which == GIC_REG_ENABLE ? irq->enabled : which == GIC_REG_PENDING ?
                 gic_irq_pending(irq) : which == GIC_REG_ACTIVE ? irq->active : irq->group1;
        v |= (uint32_t)b << i;
    }
    return v;
}

/* mode: 1 set the 1 bits, 0 clear the 1 bits, 2 assign (group). */
void gic_bits_write(GICState *s, int cpu, int first, int which, uint32_t val, int mode)
{
    for (int i = 0; i < 32; i++) {
        GICIrq *irq = gic_irq(s, cpu, first + i);
        if (!irq)
            break;
        bool bit = (val >> i) & 1;
        if (mode != 2 && !bit)
            continue;
        bool set = mode == 2 ? bit : mode == 1;
        if (which == GIC_REG_ENABLE) {
            irq->enabled = set;
        } else if (which == GIC_REG_PENDING) {
            irq->latch = set;
            if (first + i < 16)
                s->cpu[cpu].sgi_src[first + i] = set ? s->cpu[cpu].sgi_src[first + i] | 1 : 0;
        } else if (which == GIC_REG_ACTIVE) {
            irq->active = set;
        } else {
            irq->group1 = set;
        }
    }
    gic_update(s);
}

uint32_t gic_cfg_read(GICState *s, int cpu, int first)
{
    uint32_t v = 0;
    for (int i = 0; i < 16; i++) {
        GICIrq *irq = gic_irq(s, cpu, first + i);
        if (irq && irq->edge)
            v |= 2u << (2 * i);
    }
    return v;
}

void gic_cfg_write(GICState *s, int cpu, int first, uint32_t val)
{
    for (int i = 0; i < 16; i++) {
        GICIrq *irq = gic_irq(s, cpu, first + i);
        if (irq && first + i >= 32)         /* SGIs are edge, PPIs level: fixed */
            irq->edge = (val >> (2 * i + 1)) & 1;
    }
}

void gic_reset(GICState *s)
{
    s->dist_ctlr = 0;
    memset(s->spi, 0, sizeof(s->spi));
    for (int i = 0; i < GIC_NR_SPI; i++)
        s->spi[i].route = 0;
    for (int c = 0; c < s->ncpu; c++) {
        GICCpu *cpu = &s->cpu[c];
        bool lv[32];
        for (int i = 0; i < 32; i++)
            lv[i] = cpu->priv[i].level;
        memset(cpu->priv, 0, sizeof(cpu->priv));
        for (int i = 0; i < 32; i++) {
            cpu->priv[i].edge = i < 16;
            cpu->priv[i].level = lv[i];
            cpu->priv[i].enabled = s->version == 2 && i < 16;  /* v2 SGIs are always enabled */
        }
        memset(cpu->sgi_src, 0, sizeof(cpu->sgi_src));
        cpu->ctlr = 0;
        cpu->enabled = false;
        cpu->igrpen = 0;
        cpu->eoi_split = false;
        cpu->pmr = 0;
        cpu->bpr = s->version == 2 ? 2 : 0;
        cpu->waker = 6;                 /* ProcessorSleep, ChildrenAsleep */
        cpu->level = 0;
        irq_set(&cpu->out, 0);
    }
}

GICState *gic_new(int version, int ncpu, const IRQ *cpu_out)
{
    GICState *s = trix_malloc0(sizeof(*s));
    s->version = version;
    s->ncpu = ncpu;
    s->prio_mask = version == 2 ? 0xff : 0xf8;
    s->cpu = trix_malloc0(sizeof(GICCpu) * (size_t)ncpu);
    for (int i = 0; i < ncpu; i++) {
        s->cpu[i].out = cpu_out[i];
        s->cpu[i].mpidr = (uint64_t)i;
    }
    gic_reset(s);
    return s;
}

uint32_t gic_fdt(void *fdt, GICState *s, const uint64_t *reg, int npairs)
{
    int n = dt_node_fmt(fdt, 0, "intc@%llx", (unsigned long long)reg[0]);
    uint32_t ph = dt_set_phandle(fdt, n);
    dt_prop_u32(fdt, n, "#interrupt-cells", 3);
    dt_prop_empty(fdt, n, "interrupt-controller");
    dt_prop_u32(fdt, n, "#address-cells", 2);
    dt_prop_u32(fdt, n, "#size-cells", 2);
    dt_prop_empty(fdt, n, "ranges");
    if (s->version == 3) {
        dt_prop_str(fdt, n, "compatible", "arm,gic-v3");
        dt_prop_u32(fdt, n, "#redistributor-regions", 1);
    } else {
        dt_prop_str(fdt, n, "compatible", "arm,cortex-a15-gic");
    }
    dt_prop_reg2(fdt, n, reg, npairs);
    return ph;
}
