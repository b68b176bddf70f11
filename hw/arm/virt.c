/* The arm64 `virt` board: QEMU 7.2's memory map and device tree, GICv2/v3, PL011/PL031/PL061, virtio, PCIe. */
#include <stdlib.h>
#include <string.h>
#include "trix/machine.h"
#include "trix/opts.h"
#include "trix/devtype.h"
#include "target/arm64/a64_sys.h"
#include "hw/core/fdt_util.h"
#include "hw/core/primecell.h"
#include "hw/arm/boot.h"
#include "hw/arm/virt_fdt.h"
#include "hw/char/pl011.h"
#include "hw/gpio/pl061.h"
#include "hw/intc/arm_gicv2.h"
#include "hw/intc/arm_gicv3.h"
#include "hw/pci/gpex.h"
#include "hw/rtc/pl031.h"
#include "hw/virtio/virtio_devices.h"
#include "hw/virtio/virtio_mmio.h"

#define VIRT_FLASH 0x0ull
#define VIRT_FLASH_BANK 0x04000000ull
#define VIRT_GIC_DIST 0x08000000ull
#define VIRT_GIC_CPU 0x08010000ull
#define VIRT_GIC_REDIST 0x080a0000ull
#define VIRT_GIC_REDIST_SIZE 0x00f60000ull
#define VIRT_UART 0x09000000ull
#define VIRT_RTC 0x09010000ull
#define VIRT_GPIO 0x09030000ull
#define VIRT_MMIO 0x0a000000ull
#define VIRT_MMIO_STRIDE 0x200ull
#define VIRT_MMIO_COUNT 32
#define VIRT_PCIE_MMIO 0x10000000ull
#define VIRT_PCIE_MMIO_SIZE 0x2eff0000ull
#define VIRT_PCIE_PIO 0x3eff0000ull
#define VIRT_PCIE_PIO_SIZE 0x10000ull
#define VIRT_PCIE_ECAM 0x4010000000ull      /* highmem ECAM, as QEMU 7.2 by default */
#define VIRT_PCIE_ECAM_SIZE 0x10000000ull
#define VIRT_PCIE_MMIO_HIGH 0x8000000000ull
#define VIRT_PCIE_MMIO_HIGH_SIZE 0x8000000000ull
#define VIRT_RAM 0x40000000ull
#define VIRT_RAM_MAX (255ull << 30)         /* up to the high ECAM */
enum { VIRT_UART_SPI = 1, VIRT_RTC_SPI = 2, VIRT_PCIE_SPI = 3, VIRT_GPIO_SPI = 7,
       VIRT_MMIO_SPI = 16 };
#define VIRT_POWER_KEY_LINE 3
#define VIRT_POWER_KEY_NS 100000000ll       /* key held for 100 ms */

static const char *const virt_props[] = { "gic-version", "virtualization", "secure", NULL };

typedef struct VirtBoard {
    int gic_version;
    bool virtualization;
    const char *cpu_compat;
    uint64_t mpidr[MACHINE_MAX_CPUS];
    GICState *gic;
    PL011State *uart;
    PL031State *rtc;
    PL061State *gpio;
    GPEXHost *pcie;
    HWTimer *key_timer;
} VirtBoard;

static VirtBoard *virt_board;

/* -M virt,gic-version=2|3|max,virtualization=on|off,secure=off */
static void virt_parse_opts(MachineState *ms, VirtBoard *vb)
{
    vb->gic_version = 2;                /* QEMU 7.2's default */
    if (!ms->machine_opts)
        return;
    Opts *o = opts_parse("-machine", ms->machine_opts, NULL);
    opts_get(o, "accel");
    const char *gic = opts_get(o, "gic-version");
    if (gic && !strcmp(gic, "host"))
        trix_fatal("-machine gic-version=host: needs KVM; use gic-version=2, 3 or max");
    if (gic && (!strcmp(gic, "3") || !strcmp(gic, "max")))
        vb->gic_version = 3;
    else if (gic && strcmp(gic, "2"))
        trix_fatal("-machine gic-version=%s: Invalid gic-version value (valid: 2, 3, max)", gic);
    vb->virtualization = opts_get_bool(o, "virtualization", false);
    if (opts_get_bool(o, "secure", false))
        trix_fatal("-machine secure=on: EL3 and the secure world are not emulated "
                   "(use secure=off, the default)");
    opts_finish(o);
    opts_free(o);
}

static const char *virt_cpu_compat(const char *model)
{
    static const char *const known[][2] = {
        { "cortex-a53", "arm,cortex-a53" }, { "cortex-a57", "arm,cortex-a57" },
        { "cortex-a72", "arm,cortex-a72" }, { "max", "arm,arm-v8" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(known); i++)
        if (!strcmp(model, known[i][0]))
            return known[i][1];
    trix_fatal("-cpu %s: not a CPU of machine 'virt' (cortex-a53, cortex-a57, cortex-a72, "
               "max)", model);
}

/* MPIDR affinities as QEMU's virt: clusters of 8 CPUs on GICv2, 16 on GICv3. */
static void virt_config_cpus(MachineState *ms, VirtBoard *vb)
{
    int cluster = vb->gic_version == 2 ? 8 : 16;
    if (vb->gic_version == 2 && ms->smp > GIC_MAX_CPUS)
        trix_fatal("-smp %d: GICv2 supports at most %d CPUs (use -M virt,gic-version=3)",
                   ms->smp, GIC_MAX_CPUS);
    if (ms->smp > GIC_MAX_CPUS_V3)
        trix_fatal("-smp %d: this GICv3 supports at most %d CPUs", ms->smp, GIC_MAX_CPUS_V3);
    /* without -cpu the target's default model (its first) is what MIDR reports */
    const char *model = ms->cpu_model ? ms->cpu_model
                      : ms->target->cpu_models ? ms->target->cpu_models[0].name : "cortex-a72";
    vb->cpu_compat = virt_cpu_compat(model);
    for (int i = 0; i < ms->smp; i++) {
        vb->mpidr[i] = (uint64_t)(i % cluster) | ((uint64_t)(i / cluster) << 8);
        A64CpuConfig cfg = {
            .has_el2 = vb->virtualization, .gicv3_sysregs = vb->gic_version == 3,
            .psci_conduit = vb->virtualization ? 2 : 1, .mpidr = vb->mpidr[i],
        };
        a64_cpu_configure(a64_cpu(ms->cpus[i]), &cfg);
    }
}

static void virt_create_gic(MachineState *ms, VirtBoard *vb)
{
    IRQ out[MACHINE_MAX_CPUS];
    for (int i = 0; i < ms->smp; i++)
        out[i] = a64_cpu_irq(a64_cpu(ms->cpus[i]), A64_IRQ_IRQ);
    if (vb->gic_version == 2) {
        vb->gic = gicv2_create(VIRT_GIC_DIST, VIRT_GIC_CPU, ms->smp, out);
    } else {
        vb->gic = gicv3_create(VIRT_GIC_DIST, VIRT_GIC_REDIST, ms->smp, out, vb->mpidr);
        for (int i = 0; i < ms->smp; i++)
            a64_cpu_add_dev_sysregs(a64_cpu(ms->cpus[i]), gicv3_icc_regs, gicv3_icc_nregs,
                                    gicv3_icc_opaque(vb->gic, i));
    }
    static const struct { int timer, ppi; } timers[] = {
        { A64_GT_PHYS, 16 + VIRT_PPI_PHYS }, { A64_GT_VIRT, 16 + VIRT_PPI_VIRT },
        { A64_GT_HYP, 16 + VIRT_PPI_HYP }, { A64_GT_SEC, 16 + VIRT_PPI_SEC },
    };
    for (int i = 0; i < ms->smp; i++)
        for (size_t t = 0; t < ARRAY_SIZE(timers); t++)
            a64_cpu_set_timer_out(a64_cpu(ms->cpus[i]), timers[t].timer,
                                  gic_ppi_input(vb->gic, i, timers[t].ppi));
}

static void virt_create_pcie(MachineState *ms, VirtBoard *vb)
{
    GPEXConfig c = {
        .ecam_base = VIRT_PCIE_ECAM, .ecam_size = VIRT_PCIE_ECAM_SIZE,
        .mmio_base = VIRT_PCIE_MMIO, .mmio_size = VIRT_PCIE_MMIO_SIZE,
        .mmio_high_base = VIRT_PCIE_MMIO_HIGH, .mmio_high_size = VIRT_PCIE_MMIO_HIGH_SIZE,
        .pio_base = VIRT_PCIE_PIO, .pio_size = VIRT_PCIE_PIO_SIZE,
        .intc_addr_cells = 2, .intx_ncells = 3, .fdt_name = "pcie@10000000",
    };
    for (int i = 0; i < 4; i++) {
        c.intx[i] = gic_spi_input(vb->gic, VIRT_PCIE_SPI + i);
        c.intx_num[i] = VIRT_PCIE_SPI + i;
        c.intx_spec[i][0] = 0;
        c.intx_spec[i][1] = (uint32_t)(VIRT_PCIE_SPI + i);
        c.intx_spec[i][2] = 4;
    }
    vb->pcie = gpex_create(&c);
}

static void virt_key_release(void *opaque)
{
    pl061_set_input(virt_board->gpio, VIRT_POWER_KEY_LINE, 0);
}

/* system_powerdown: press the gpio-keys power key (KEY_POWER) for 100 ms. */
static void virt_power_button(void)
{
    pl061_set_input(virt_board->gpio, VIRT_POWER_KEY_LINE, 1);
    timer_mod(virt_board->key_timer, clock_ns() + VIRT_POWER_KEY_NS);
}

static void virt_create_devices(MachineState *ms, VirtBoard *vb)
{
    virt_create_gic(ms, vb);
    vb->uart = pl011_create(VIRT_UART, ms->serial[0], gic_spi_input(vb->gic, VIRT_UART_SPI));
    vb->rtc = pl031_create(VIRT_RTC, gic_spi_input(vb->gic, VIRT_RTC_SPI));
    vb->gpio = pl061_create(VIRT_GPIO, gic_spi_input(vb->gic, VIRT_GPIO_SPI));
    vb->key_timer = timer_new(virt_key_release, vb);
    machine_power_button = virt_power_button;
    IRQ irqs[VIRT_MMIO_COUNT];
    for (int i = 0; i < VIRT_MMIO_COUNT; i++)
        irqs[i] = gic_spi_input(vb->gic, VIRT_MMIO_SPI + i);
    virtio_mmio_create_slots_stride(VIRT_MMIO, VIRT_MMIO_STRIDE, VIRT_MMIO_COUNT, irqs);
    virt_create_pcie(ms, vb);
    machine_create_devices(ms);
    virtio_create_default_drives(true);
}

static void virt_fdt_devices(void *fdt, VirtBoard *vb, uint32_t clk, uint32_t gic)
{
    primecell_fdt(fdt, "pl011", "arm,pl011", VIRT_UART, VIRT_UART_SPI, clk, true);
    primecell_fdt(fdt, "pl031", "arm,pl031", VIRT_RTC, VIRT_RTC_SPI, clk, false);
    gpex_fdt(vb->pcie, fdt, "/", gic);
    int n = primecell_fdt(fdt, "pl061", "arm,pl061", VIRT_GPIO, VIRT_GPIO_SPI, clk, false);
    dt_prop_u32(fdt, n, "#gpio-cells", 2);
    dt_prop_empty(fdt, n, "gpio-controller");
    uint32_t gpio = gic + 2;            /* QEMU's MSI controller (not emulated) has gic + 1 */
    dt_set_phandle_value(fdt, n, gpio);
    virt_fdt_gpio_keys(fdt, gpio, VIRT_POWER_KEY_LINE);
    /* QEMU lists the slots from the last: create them in order, libfdt prepends. */
    for (int i = 0; i < VIRT_MMIO_COUNT; i++) {
        uint32_t irq[3] = { 0, (uint32_t)(VIRT_MMIO_SPI + i), 1 };
        virtio_mmio_fdt_node(fdt, "/", VIRT_MMIO + (uint64_t)i * VIRT_MMIO_STRIDE,
                             VIRT_MMIO_STRIDE, 0, irq, 3);
    }
}

static void *virt_build_fdt(MachineState *ms)
{
    VirtBoard *vb = ms->board;
    void *fdt = dt_create();
    uint32_t clk = virt_fdt_clock(fdt);
    VirtFdtConfig c = { .ncpu = ms->smp, .gic_version = vb->gic_version,
                        .cpu_compatible = vb->cpu_compat, .mpidr = vb->mpidr,
                        .psci_smc = vb->virtualization };
    virt_fdt_timer(fdt, &c);
    virt_fdt_cpus(fdt, &c);
    virt_fdt_flash(fdt, VIRT_FLASH, VIRT_FLASH_BANK);
    uint64_t v2[4] = { VIRT_GIC_DIST, GICV2_DIST_SIZE, VIRT_GIC_CPU, GICV2_CPU_SIZE };
    uint64_t v3[4] = { VIRT_GIC_DIST, GICV3_DIST_SIZE, VIRT_GIC_REDIST, VIRT_GIC_REDIST_SIZE };
    uint32_t gic = gic_fdt(fdt, vb->gic, vb->gic_version == 2 ? v2 : v3, 2);
    virt_fdt_devices(fdt, vb, clk, gic);
    int mem = dt_node_fmt(fdt, 0, "memory@%llx", (unsigned long long)VIRT_RAM);
    uint64_t reg[2] = { VIRT_RAM, ms->ram_size };
    dt_prop_reg2(fdt, mem, reg, 1);
    dt_prop_str(fdt, mem, "device_type", "memory");
    virt_fdt_psci(fdt, c.psci_smc);
    virt_fdt_root(fdt, gic);
    return fdt;
}

static void virt_boot(MachineState *ms, bool dump)
{
    VirtBoard *vb = ms->board;
    char stdout_path[32];
    snprintf(stdout_path, sizeof(stdout_path), "/pl011@%llx", (unsigned long long)VIRT_UART);
    ArmBootInfo info = {
        .ram_base = VIRT_RAM, .ram_size = ms->ram_size,
        .flash_base = VIRT_FLASH, .flash_size = VIRT_FLASH_BANK,
        .stdout_path = stdout_path, .boot_el = vb->virtualization ? 2 : 1,
    };
    ArmBootResult r;
    arm_boot_machine(ms, &info, virt_build_fdt, dump, &r);
}

static void virt_init(MachineState *ms)
{
    VirtBoard *vb = trix_malloc0(sizeof(*vb));
    ms->board = vb;
    virt_board = vb;
    virt_parse_opts(ms, vb);
    if (ms->ram_size > VIRT_RAM_MAX)
        trix_fatal("-m: machine 'virt' supports at most %llu GiB of RAM",
                   (unsigned long long)(VIRT_RAM_MAX >> 30));
    virt_config_cpus(ms, vb);
    mem_map_rom("virt.flash0", VIRT_FLASH, VIRT_FLASH_BANK);
    mem_map_rom("virt.flash1", VIRT_FLASH + VIRT_FLASH_BANK, VIRT_FLASH_BANK);
    mem_map_ram("virt.ram", VIRT_RAM, ms->ram_size);
    virt_create_devices(ms, vb);
    virt_boot(ms, true);
}

static void virt_reset(MachineState *ms)
{
    VirtBoard *vb = ms->board;
    gic_reset(vb->gic);
    pl011_reset(vb->uart);
    pl061_reset(vb->gpio);
    virtio_mmio_reset_all();
    pci_bus_reset(gpex_bus(vb->pcie));
    virt_boot(ms, false);
}

const MachineDef machine_arm_virt = {
    .name = "virt",
    .arch = "aarch64",
    .desc = "QEMU 7.2 ARM Virtual Machine (GICv2/v3, PL011, PL031, PL061, virtio-mmio, PCIe)",
    .init = virt_init,
    .reset = virt_reset,
    .default_ram_size = 128ull << 20,
    .max_cpus = GIC_MAX_CPUS_V3,
    .default_cpu = "cortex-a72",
    .props = virt_props,
};
