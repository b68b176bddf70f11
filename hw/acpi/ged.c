/* ACPI GED: a read-to-clear event selector raising one GSI, S5 through the sleep control register, reset register. */
#include "hw/acpi/ged.h"
#include "trix/machine.h"

struct GEDState {
    IRQ irq;
    uint32_t sel;
};

uint64_t ged_read(void *opaque, uint64_t offset, unsigned size)
{
    GEDState *s = opaque;
    if (offset == 0) {
        uint32_t v = s->sel;
        s->sel = 0;
        return v;
    }
    return 0;
}

void ged_write(void *opaque, uint64_t offset, uint64_t val, unsigned size)
{
    if (offset == GED_REGS + GED_SLEEP_CTL) {
        int typ = (int)(val >> 2) & 7;
        if ((val & GED_SLP_EN) && typ == GED_SLP_TYP_S5)
            machine_guest_shutdown(0);
        else if (val & GED_SLP_EN)
            log_mask(LOG_UNIMP, "ged: sleep type %d not supported (only S5)\n", typ);
    } else if (offset == GED_REGS + GED_RESET) {
        if ((val & 0xff) == GED_RESET_VALUE)
            machine_guest_reset();
    } else if (offset != GED_REGS + GED_SLEEP_STS) {
        log_mask(LOG_GUEST_ERROR, "ged: write at %#llx\n", (unsigned long long)offset);
    }
}

static const MemoryRegionOps ged_ops = {
    .read = ged_read, .write = ged_write, .min_size = 1, .max_size = 4,
};

GEDState *ged_create(uint64_t base, IRQ irq)
{
    GEDState *s = trix_malloc0(sizeof(*s));
    s->irq = irq;
    mem_map_mmio("acpi-ged", base, GED_MMIO_SIZE, &ged_ops, s);
    return s;
}

void ged_power_button(GEDState *s)
{
    s->sel |= GED_EVT_PWR_DOWN;
    irq_set(&s->irq, 1);
    irq_set(&s->irq, 0);
}

void ged_reset(GEDState *s)
{
    s->sel = 0;
}
