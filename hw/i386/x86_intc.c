/* x86 interrupt wiring: APIC bus and per-vCPU APICs, IOAPIC pins by GSI, the 8259 on LINT0 / ExtINT. */
#include "hw/i386/x86_intc.h"

static void x86_gsi_set(void *opaque, int n, int level)
{
    X86Intc *ic = opaque;
    ic->gsi_level[n] = level;
    if (n < 16 && ic->pic) {
        IRQ in = i8259_input(ic->pic, n);
        irq_set(&in, level);
    }
    int pin = n == 0 ? 2 : n;
    int chip = pin / IOAPIC_NUM_PINS;
    if (chip < ic->nioapic) {
        IRQ in = ioapic_input(ic->ioapic[chip], pin % IOAPIC_NUM_PINS);
        irq_set(&in, level);
    }
}

X86Intc *x86_intc_create(X86Machine *xm, int nioapic, int ioapic_id, bool pic)
{
    MachineState *ms = xm->ms;
    X86Intc *ic = trix_malloc0(sizeof(*ic));
    ic->bus = apic_bus_create(APIC_DEFAULT_BASE);
    for (int i = 0; i < ms->smp; i++)
        ic->apic[i] = apic_create(ic->bus, x86_cpu(ms->cpus[i]), i);
    ic->nioapic = nioapic;
    ic->ioapic_id = ioapic_id;
    ic->ioapic[0] = ioapic_create(IOAPIC_DEFAULT_BASE, ic->bus, ioapic_id);
    if (nioapic > 1)
        ic->ioapic[1] = ioapic_create(X86_IOAPIC2_BASE, ic->bus, ioapic_id + 1);
    if (pic) {
        ic->pic = i8259_create(apic_lint(ic->apic[0], 0));
        apic_bus_set_extint(ic->bus, i8259_inta, ic->pic);
    }
    for (int n = 0; n < X86_MAX_GSI; n++)
        xm->gsi[n] = irq_make(x86_gsi_set, ic, n);
    return ic;
}

void x86_intc_reset(X86Intc *ic)
{
    apic_bus_reset(ic->bus);
    for (int i = 0; i < ic->nioapic; i++)
        ioapic_reset(ic->ioapic[i]);
    if (ic->pic)
        i8259_reset(ic->pic);
}
