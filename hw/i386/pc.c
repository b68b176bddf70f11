/* The x86 `pc` board: PIC/IOAPIC/APICs, PIT, RTC, HPET, i8042, COM1/COM2, ACPI PM, PCI on 0xcf8 with virtio-pci, direct boot. */
#include <stdlib.h>
#include <string.h>
#include "trix/machine.h"
#include "trix/opts.h"
#include "trix/devtype.h"
#include "trix/ioport.h"
#include "hw/i386/x86_board.h"
#include "hw/i386/x86_boot.h"
#include "hw/i386/x86_intc.h"
#include "hw/i386/pc_pci.h"
#include "hw/i386/pc_acpi.h"
#include "hw/i386/mptable.h"
#include "hw/acpi/acpi_pm.h"
#include "hw/input/i8042.h"
#include "hw/rtc/mc146818.h"
#include "hw/timer/hpet.h"
#include "hw/timer/i8254.h"
#include "hw/virtio/virtio_devices.h"

#define PC_SCI_GSI 9

typedef struct PcBoard {
    X86Machine xm;
    bool acpi;
    X86Intc *intc;
    HPETState *hpet;
    I8254State *pit;
    MC146818State *rtc;
    I8042State *kbd;
    ACPIPMState *pm;
    NS16550AState *uart[2];
    GPEXHost *pci;
} PcBoard;

static PcBoard *pc_board;

/* QEMU's pc properties trix reads; the rest of QEMU's are refused by name. */
static const char *const pc_props[] = { "acpi", "hpet", NULL };

static void pc_parse_opts(MachineState *ms, PcBoard *pb, bool *hpet)
{
    pb->acpi = true;
    *hpet = true;
    if (!ms->machine_opts)
        return;
    Opts *o = opts_parse("-machine", ms->machine_opts, NULL);
    opts_get(o, "accel");
    const char *acpi = opts_get(o, "acpi");
    if (acpi && strcmp(acpi, "auto"))
        pb->acpi = opts_get_bool(o, "acpi", true);
    *hpet = opts_get_bool(o, "hpet", true);
    opts_finish(o);
    opts_free(o);
}

static void pc_power_button(void)
{
    acpi_pm_power_button(pc_board->pm);
}

/* Port 0x80 (POST codes, Linux's I/O delay) and 0xf0 (FPU error latch): accepted and ignored,
 * as on QEMU's pc. */
static uint64_t pc_dummy_read(void *opaque, uint64_t off, unsigned size)
{
    return ~0ull >> (64 - 8 * size);
}

static void pc_dummy_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
}

static const MemoryRegionOps pc_dummy_ops = {
    .read = pc_dummy_read, .write = pc_dummy_write, .min_size = 1, .max_size = 4,
};

static void pc_create_timers(PcBoard *pb, bool hpet)
{
    X86Machine *xm = &pb->xm;
    IRQ pit_out = xm->gsi[0], rtc_out = xm->gsi[8];
    if (hpet) {
        pb->hpet = hpet_create(HPET_DEFAULT_BASE, xm->gsi, xm->gsi);
        pit_out = hpet_legacy_input(pb->hpet, 0);
        rtc_out = hpet_legacy_input(pb->hpet, 1);
    }
    pb->pit = i8254_create(pit_out);
    pb->rtc = mc146818_create(MC146818_PORT, rtc_out);
    mc146818_set_memory(pb->rtc, xm->below_4g, xm->above_4g, xm->ms->smp);
}

static void pc_create_devices(MachineState *ms, PcBoard *pb, bool hpet)
{
    X86Machine *xm = &pb->xm;
    pb->intc = x86_intc_create(xm, 1, 0, true);
    i8259_set_elcr(pb->intc->pic, (uint16_t)(1u << PC_SCI_GSI));
    pc_create_timers(pb, hpet);
    io_map("ioport80", 0x80, 1, &pc_dummy_ops, NULL);
    io_map("ioportF0", 0xf0, 1, &pc_dummy_ops, NULL);
    I8042Outputs kbd = { .kbd_irq = xm->gsi[1], .aux_irq = xm->gsi[12] };
    pb->kbd = i8042_create(&kbd);
    pb->uart[0] = x86_serial_create(X86_COM1, ms->serial[0], xm->gsi[X86_COM_IRQ1]);
    if (ms->nserial > 1 && ms->serial[1])
        pb->uart[1] = x86_serial_create(X86_COM2, ms->serial[1], xm->gsi[X86_COM_IRQ2]);
    if (pb->acpi) {
        pb->pm = acpi_pm_create(xm->gsi[PC_SCI_GSI]);
        machine_power_button = pc_power_button;
    }
    pb->pci = pc_pci_create(&xm->gsi[PC_PCI_GSI]);
    machine_create_devices(ms);
    virtio_create_default_drives(true);
}

static void pc_firmware_tables(PcBoard *pb)
{
    MachineState *ms = pb->xm.ms;
    if (!ms->kernel)
        return;
    if (!pb->acpi) {
        mptable_build(&pb->xm, 0, true);
        return;
    }
    PcAcpiConfig c = { .com2 = pb->uart[1] != NULL, .sci = PC_SCI_GSI };
    pc_acpi_build(&pb->xm, &c);
}

static void pc_init(MachineState *ms)
{
    PcBoard *pb = trix_malloc0(sizeof(*pb));
    ms->board = pb;
    pc_board = pb;
    bool hpet;
    pc_parse_opts(ms, pb, &hpet);
    /* QEMU's i440fx split: all RAM below the PCI hole, or 3 GiB when it would not fit */
    uint64_t lowmem = ms->ram_size >= PC_PCI_MMIO ? 0xc0000000ull : PC_PCI_MMIO;
    x86_machine_init(&pb->xm, ms, lowmem, "bios-256k.bin");
    x86_cpus_configure(ms);
    pc_create_devices(ms, pb, hpet);
    pc_firmware_tables(pb);
    x86_boot_machine(&pb->xm);
}

static void pc_reset(MachineState *ms)
{
    PcBoard *pb = ms->board;
    x86_intc_reset(pb->intc);
    if (pb->hpet)
        hpet_reset(pb->hpet);
    i8254_reset(pb->pit);
    mc146818_reset(pb->rtc);
    i8042_reset(pb->kbd);
    for (int i = 0; i < 2; i++)
        if (pb->uart[i])
            ns16550a_reset(pb->uart[i]);
    if (pb->pm)
        acpi_pm_reset(pb->pm);
    pci_bus_reset(gpex_bus(pb->pci));
    pc_firmware_tables(pb);
    x86_boot_machine(&pb->xm);
}

const MachineDef machine_x86_pc = {
    .name = "pc",
    .arch = "x86_64",
    .desc = "Standard PC (i440FX + PIIX, 1996)",
    .init = pc_init,
    .reset = pc_reset,
    .default_ram_size = 128ull << 20,
    .max_cpus = 64,
    .default_cpu = "qemu64",
    .props = pc_props,
};
