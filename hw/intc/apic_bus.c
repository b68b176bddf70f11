/* The APIC bus: destination matching, IPIs, IOAPIC messages and MSIs, the shared MMIO window. */
#include "hw/intc/apic_int.h"
#include "trix/exec.h"

void apic_accept(APICState *s, int delivery, uint8_t vector, bool level)
{
    if (!apic_hw_enabled(s))
        return;
    switch (delivery) {
    case APIC_DM_FIXED:
    case APIC_DM_LOWEST:
        apic_set_irr(s, vector, level);
        break;
    case APIC_DM_NMI:
        if (s->cpu)
            x86_cpu_nmi(s->cpu);
        break;
    case APIC_DM_INIT:
        apic_reset_regs(s);             /* INIT resets the APIC but its id and base MSR */
        if (s->cpu)
            x86_cpu_init_ipi(s->cpu);
        break;
    case APIC_DM_STARTUP:
        if (s->cpu)
            x86_cpu_sipi(s->cpu, vector);
        break;
    case APIC_DM_EXTINT:
        s->extint_msg = true;
        apic_update(s);
        break;
    default:                            /* SMI and the reserved mode 3 */
        log_mask(LOG_UNIMP, "apic %u: delivery mode %d ignored\n", s->id, delivery);
        break;
    }
}

/* Does APIC s accept a message for dest? wide: a 32-bit (x2APIC-format) destination. */
static bool apic_match(const APICState *s, const APICMsg *m, bool wide)
{
    uint32_t bcast = wide ? 0xffffffffu : APIC_BROADCAST;
    if (m->dest == bcast)
        return true;
    if (!m->logical)
        return s->id == m->dest;
    if (apic_x2(s)) {
        if (!wide)                      /* an 8-bit logical id: flat bits against the cluster */
            return (s->ldr >> 16) == 0 && (s->ldr & m->dest & 0xff);
        return (s->ldr >> 16) == (m->dest >> 16) && (s->ldr & m->dest & 0xffff);
    }
    uint32_t d = m->dest & 0xff, ldr = s->ldr >> 24;
    if ((s->dfr >> 28) == 0xf)          /* flat model */
        return (ldr & d) != 0;
    return (ldr >> 4) == (d >> 4) && (ldr & d & 0xf);   /* cluster model */
}

void apic_bus_send(APICBus *bus, APICState *self, int shorthand, const APICMsg *msg, bool wide)
{
    APICState *target[APIC_MAX];
    int n = 0;
    for (int i = 0; i < bus->n; i++) {
        APICState *s = bus->apic[i];
        bool hit = shorthand == 1 ? s == self : shorthand == 2 ? true :
                   shorthand == 3 ? s != self : apic_match(s, msg, wide);
        if (hit && apic_hw_enabled(s))
            target[n++] = s;
    }
    if (msg->delivery == APIC_DM_LOWEST && n > 1) {
        /* arbitration: the lowest task priority wins, the first on the bus among equals */
        APICState *best = target[0];
        for (int i = 1; i < n; i++)
            if ((target[i]->tpr & 0xf0) < (best->tpr & 0xf0))
                best = target[i];
        target[0] = best;
        n = 1;
    }
    for (int i = 0; i < n; i++)
        apic_accept(target[i], msg->delivery, msg->vector, msg->level);
}

void apic_bus_deliver(APICBus *bus, const APICMsg *msg)
{
    apic_bus_send(bus, NULL, 0, msg, false);
}

void apic_bus_msi(APICBus *bus, uint64_t addr, uint32_t data)
{
    if ((addr >> 20) != 0xfee) {
        log_mask(LOG_GUEST_ERROR, "apic: MSI to %#llx (not 0xfeexxxxx) dropped\n",
                 (unsigned long long)addr);
        return;
    }
    APICMsg m = {
        .dest = (addr >> 12) & 0xff, .logical = (addr >> 2) & 1,
        .delivery = (data >> 8) & 7, .vector = data & 0xff, .level = (data >> 15) & 1,
    };
    apic_bus_deliver(bus, &m);
}

APICState *apic_bus_find(APICBus *bus, int apic_id)
{
    for (int i = 0; i < bus->n; i++)
        if (bus->apic[i]->id == (uint32_t)apic_id)
            return bus->apic[i];
    return NULL;
}

void apic_bus_set_extint(APICBus *bus, int (*inta)(void *opaque), void *opaque)
{
    bus->extint = inta;
    bus->extint_opaque = opaque;
}

void apic_bus_add_eoi_listener(APICBus *bus, void (*eoi)(void *opaque, int vector),
                               void *opaque)
{
    if (bus->neoi >= (int)(sizeof(bus->eoi) / sizeof(bus->eoi[0])))
        trix_fatal("apic: too many EOI listeners");
    bus->eoi[bus->neoi].fn = eoi;
    bus->eoi[bus->neoi].opaque = opaque;
    bus->neoi++;
}

/* The APIC of the vCPU making the access, or NULL (a device's DMA). */
static APICState *apic_current(APICBus *bus)
{
    for (int i = 0; current_cpu && i < bus->n; i++)
        if (bus->apic[i]->cpu == x86_cpu(current_cpu))
            return bus->apic[i];
    return NULL;
}

/* Offsets of the window that are MSIs rather than the registers (apic.h). */
static bool apic_is_msi(uint64_t offset)
{
    return offset < 0x10 || offset >= APIC_MMIO_SIZE;
}

static uint64_t apic_window_read(void *opaque, uint64_t offset, unsigned size)
{
    APICBus *bus = opaque;
    APICState *s = apic_is_msi(offset) ? NULL : apic_current(bus);
    if (!s) {
        log_mask(LOG_GUEST_ERROR, "apic: read of MSI window offset %#llx\n",
                 (unsigned long long)offset);
        return 0;
    }
    return apic_mmio_read(s, (uint32_t)offset);
}

static void apic_window_write(void *opaque, uint64_t offset, uint64_t val, unsigned size)
{
    APICBus *bus = opaque;
    APICState *s = apic_is_msi(offset) ? NULL : apic_current(bus);
    if (s)
        apic_mmio_write(s, (uint32_t)offset, (uint32_t)val);
    else
        apic_bus_msi(bus, bus->base + offset, (uint32_t)val);
}

static const MemoryRegionOps apic_window_ops = {
    .read = apic_window_read, .write = apic_window_write, .min_size = 4, .max_size = 4,
};

APICBus *apic_bus_create(uint64_t base)
{
    APICBus *bus = trix_malloc0(sizeof(*bus));
    bus->base = base;
    if (base)
        mem_map_mmio("apic", base, APIC_WINDOW_SIZE, &apic_window_ops, bus);
    return bus;
}
