/* The x86 `microvm` board: QEMU's memory map, ISA serial, virtio-mmio slots, optional PIC/PIT/RTC, direct boot. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include "trix/machine.h"
#include "trix/opts.h"
#include "trix/devtype.h"
#include "hw/i386/x86_board.h"
#include "hw/i386/x86_boot.h"
#include "hw/i386/x86_intc.h"
#include "hw/timer/i8254.h"
#include "hw/rtc/mc146818.h"
#include "hw/i386/mptable.h"
#include "hw/i386/microvm_acpi.h"
#include "hw/acpi/ged.h"
#include "hw/virtio/virtio_devices.h"
#include "hw/virtio/virtio_mmio.h"

/* QEMU's microvm map (include/hw/i386/microvm.h): the devices sit just below the IOAPIC. */
#define MICROVM_LOWMEM_MAX 0xc0000000ull    /* above: RAM continues at 4 GiB */
#define MICROVM_GED 0xfea00000ull
#define MICROVM_VIRTIO 0xfeb00000ull
#define MICROVM_VIRTIO_STRIDE 0x200ull
#define MICROVM_VIRTIO_LEGACY_IRQ 5         /* acpi=off: GSI 5..12 on the one IOAPIC */
#define MICROVM_VIRTIO_ACPI_IRQ 16          /* acpi=on without ioapic2: GSI 16..23 */
#define MICROVM_VIRTIO_IOAPIC2_IRQ 24       /* ioapic2: GSI 24..47 */
#define MICROVM_GED_GSI 9

typedef enum { OPT_AUTO, OPT_ON, OPT_OFF } OnOffAuto;

typedef struct MicrovmBoard {
    X86Machine xm;
    OnOffAuto acpi, pic, pit, rtc, ioapic2;
    bool isa_serial, auto_cmdline;
    int virtio_irq, virtio_count;
    NS16550AState *uart;
    X86Intc *intc;
    I8254State *pit_dev;
    MC146818State *rtc_dev;
    GEDState *ged;
} MicrovmBoard;

static MicrovmBoard *microvm_board;         /* for the power button */

static const char *const microvm_props[] = {
    "acpi", "pic", "pit", "rtc", "isa-serial", "auto-kernel-cmdline", "x-option-roms",
    "ioapic2", "pcie", "graphics", "usb", NULL,
};

static OnOffAuto microvm_onoffauto(Opts *o, const char *key)
{
    const char *v = opts_get(o, key);
    if (!v || !strcmp(v, "auto"))
        return OPT_AUTO;
    if (!strcmp(v, "on"))
        return OPT_ON;
    if (!strcmp(v, "off"))
        return OPT_OFF;
    trix_fatal("-machine microvm,%s=%s: Parameter '%s' does not accept value '%s' (on, off, "
               "auto)", key, v, key, v);
}

/* -M microvm,acpi=,pic=,pit=,rtc=,ioapic2=,isa-serial=,auto-kernel-cmdline=,... */
static void microvm_parse_opts(MachineState *ms, MicrovmBoard *mb)
{
    mb->isa_serial = true;
    mb->auto_cmdline = true;
    if (!ms->machine_opts)
        goto resolve;
    Opts *o = opts_parse("-machine", ms->machine_opts, NULL);
    opts_get(o, "accel");
    mb->acpi = microvm_onoffauto(o, "acpi");
    mb->pic = microvm_onoffauto(o, "pic");
    mb->pit = microvm_onoffauto(o, "pit");
    mb->rtc = microvm_onoffauto(o, "rtc");
    mb->ioapic2 = microvm_onoffauto(o, "ioapic2");
    mb->isa_serial = opts_get_bool(o, "isa-serial", true);
    mb->auto_cmdline = opts_get_bool(o, "auto-kernel-cmdline", true);
    opts_get_bool(o, "x-option-roms", true);        /* no option ROMs are loaded anyway */
    opts_get_bool(o, "graphics", false);
    if (opts_get_bool(o, "pcie", false))
        trix_fatal("-machine microvm,pcie=on: not supported by trix (use -M pc for PCI)");
    if (opts_get_bool(o, "usb", false))
        trix_fatal("-machine microvm,usb=on: not supported by trix (no xHCI controller)");
    opts_finish(o);
    opts_free(o);
resolve:
    if (mb->ioapic2 == OPT_ON && mb->acpi == OPT_OFF)
        trix_fatal("-machine microvm,ioapic2=on needs acpi=on (the second IOAPIC is only "
                   "described by ACPI)");
}

/* The virtio-mmio transports: how many and from which GSI, as QEMU 7.2 lays them out. */
static void microvm_create_virtio(MicrovmBoard *mb)
{
    bool acpi = mb->acpi != OPT_OFF, ioapic2 = acpi && mb->ioapic2 != OPT_OFF;
    mb->virtio_count = ioapic2 ? 24 : 8;
    mb->virtio_irq = ioapic2 ? MICROVM_VIRTIO_IOAPIC2_IRQ
                   : acpi ? MICROVM_VIRTIO_ACPI_IRQ : MICROVM_VIRTIO_LEGACY_IRQ;
    IRQ irqs[24];
    for (int i = 0; i < mb->virtio_count; i++)
        irqs[i] = mb->xm.gsi[mb->virtio_irq + i];
    virtio_mmio_create_slots_stride(MICROVM_VIRTIO, MICROVM_VIRTIO_STRIDE, mb->virtio_count,
                                    irqs);
}

/* Without ACPI the kernel learns of the populated slots from its command line. */
static void microvm_virtio_cmdline(MicrovmBoard *mb)
{
    if (!mb->auto_cmdline || mb->acpi != OPT_OFF)
        return;
    for (int i = 0; i < mb->virtio_count; i++) {
        if (!virtio_mmio_slot_in_use(i))
            continue;
        char arg[64];
        snprintf(arg, sizeof(arg), "virtio_mmio.device=512@%#llx:%d",
                 (unsigned long long)(MICROVM_VIRTIO + i * MICROVM_VIRTIO_STRIDE),
                 mb->virtio_irq + i);
        x86_cmdline_append(&mb->xm, arg);
    }
}

/* auto: on. QEMU's TCG microvm leaves the PIT out under auto, and then nothing can calibrate
 * the TSC (Linux hangs): trix keeps it. */
static bool microvm_on(OnOffAuto v) { return v != OPT_OFF; }

static void microvm_create_legacy(MachineState *ms, MicrovmBoard *mb)
{
    bool acpi = mb->acpi != OPT_OFF;
    int nioapic = acpi && mb->ioapic2 != OPT_OFF ? 2 : 1;
    /* without ACPI the MP table names the IOAPIC: an id after the vCPUs' */
    mb->intc = x86_intc_create(&mb->xm, nioapic, acpi ? 0 : ms->smp, microvm_on(mb->pic));
    if (microvm_on(mb->pit))
        mb->pit_dev = i8254_create_no_port61(mb->xm.gsi[0]);   /* QEMU's microvm: no 0x61 */
    if (microvm_on(mb->rtc)) {
        mb->rtc_dev = mc146818_create(MC146818_PORT, mb->xm.gsi[8]);
        mc146818_set_memory(mb->rtc_dev, mb->xm.below_4g, mb->xm.above_4g, ms->smp);
    }
}

static void microvm_power_button(void)
{
    ged_power_button(microvm_board->ged);
}

static void microvm_create_devices(MachineState *ms, MicrovmBoard *mb)
{
    microvm_create_legacy(ms, mb);
    if (mb->acpi != OPT_OFF) {
        mb->ged = ged_create(MICROVM_GED, mb->xm.gsi[MICROVM_GED_GSI]);
        machine_power_button = microvm_power_button;
    }
    if (mb->isa_serial)
        mb->uart = x86_serial_create(X86_COM1, ms->serial[0], mb->xm.gsi[X86_COM_IRQ1]);
    microvm_create_virtio(mb);
    machine_create_devices(ms);
    virtio_create_default_drives(false);
    microvm_virtio_cmdline(mb);
}

/* The tables a kernel booted without firmware finds: ACPI, or the MP table with acpi=off. */
static void microvm_firmware_tables(MicrovmBoard *mb)
{
    MachineState *ms = mb->xm.ms;
    if (!ms->kernel)
        return;
    if (mb->acpi == OPT_OFF) {
        mptable_build(&mb->xm, ms->smp, microvm_on(mb->pic));
        return;
    }
    MicrovmAcpiConfig c = {
        .nioapic = mb->intc->nioapic, .pic = microvm_on(mb->pic), .pit = microvm_on(mb->pit),
        .rtc = microvm_on(mb->rtc), .isa_serial = mb->isa_serial,
        .ged_base = MICROVM_GED, .ged_gsi = MICROVM_GED_GSI,
        .virtio_base = MICROVM_VIRTIO, .virtio_stride = MICROVM_VIRTIO_STRIDE,
        .virtio_count = mb->virtio_count, .virtio_gsi = mb->virtio_irq,
    };
    microvm_acpi_build(&mb->xm, &c);
}

static void microvm_init(MachineState *ms)
{
    MicrovmBoard *mb = trix_malloc0(sizeof(*mb));
    ms->board = mb;
    microvm_board = mb;
    microvm_parse_opts(ms, mb);
    x86_machine_init(&mb->xm, ms, MICROVM_LOWMEM_MAX, "bios-microvm.bin");
    x86_cpus_configure(ms);
    microvm_create_devices(ms, mb);
    microvm_firmware_tables(mb);
    x86_boot_machine(&mb->xm);
}

static void microvm_reset(MachineState *ms)
{
    MicrovmBoard *mb = ms->board;
    x86_intc_reset(mb->intc);
    if (mb->pit_dev)
        i8254_reset(mb->pit_dev);
    if (mb->rtc_dev)
        mc146818_reset(mb->rtc_dev);
    if (mb->uart)
        ns16550a_reset(mb->uart);
    if (mb->ged)
        ged_reset(mb->ged);
    virtio_mmio_reset_all();
    microvm_firmware_tables(mb);
    x86_boot_machine(&mb->xm);
}

const MachineDef machine_x86_microvm = {
    .name = "microvm",
    .arch = "x86_64",
    .desc = "microvm (i386)",
    .init = microvm_init,
    .reset = microvm_reset,
    .default_ram_size = 128ull << 20,
    .max_cpus = 64,
    .default_cpu = "qemu64",
    .props = microvm_props,
};
