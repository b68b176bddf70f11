/* Device-tree nodes of the arm `virt` board: root, PSCI, CPUs, timer, clock, flash, gpio-keys. */
#include "hw/arm/virt_fdt.h"
#include "hw/core/fdt_util.h"

#define VIRT_APB_CLOCK_HZ 24000000u
#define KEY_POWER 116

void virt_fdt_root(void *fdt, uint32_t gic_phandle)
{
    dt_prop_u32(fdt, 0, "interrupt-parent", gic_phandle);
    dt_prop_str(fdt, 0, "model", "linux,dummy-virt");
    dt_prop_u32(fdt, 0, "#size-cells", 2);
    dt_prop_u32(fdt, 0, "#address-cells", 2);
    dt_prop_str(fdt, 0, "compatible", "linux,dummy-virt");
}

void virt_fdt_psci(void *fdt, bool smc)
{
    int n = dt_node(fdt, 0, "psci");
    dt_prop_strs(fdt, n, "compatible", "arm,psci-1.0", "arm,psci-0.2", "arm,psci", NULL);
    dt_prop_str(fdt, n, "method", smc ? "smc" : "hvc");
    dt_prop_u32(fdt, n, "cpu_suspend", 0xc4000001);
    dt_prop_u32(fdt, n, "cpu_off", 0x84000002);
    dt_prop_u32(fdt, n, "cpu_on", 0xc4000003);
    dt_prop_u32(fdt, n, "migrate", 0xc4000005);
}

static uint32_t virt_fdt_cpu(void *fdt, const VirtFdtConfig *c, int i)
{
    int n = dt_node_fmt(fdt, dt_path(fdt, "/cpus"), "cpu@%d", i);
    uint32_t ph = dt_set_phandle(fdt, n);
    dt_prop_str(fdt, n, "device_type", "cpu");
    dt_prop_str(fdt, n, "compatible", c->cpu_compatible);
    if (c->ncpu > 1)
        dt_prop_str(fdt, n, "enable-method", "psci");
    dt_prop_u32(fdt, n, "reg", (uint32_t)(c->mpidr[i] & 0xffffff));
    return ph;
}

void virt_fdt_cpus(void *fdt, const VirtFdtConfig *c)
{
    int cpus = dt_node(fdt, 0, "cpus");
    dt_prop_u32(fdt, cpus, "#address-cells", 1);
    dt_prop_u32(fdt, cpus, "#size-cells", 0);
    uint32_t ph[256];
    ASSERT(c->ncpu <= (int)ARRAY_SIZE(ph));
    for (int i = c->ncpu - 1; i >= 0; i--)      /* libfdt prepends: cpu@0 ends up first */
        ph[i] = virt_fdt_cpu(fdt, c, i);
    int map = dt_node(fdt, dt_path(fdt, "/cpus"), "cpu-map");
    int sock = dt_node(fdt, map, "socket0");
    dt_node(fdt, sock, "cluster0");
    for (int i = c->ncpu - 1; i >= 0; i--) {
        int core = dt_node_fmt(fdt, dt_path(fdt, "/cpus/cpu-map/socket0/cluster0"), "core%d", i);
        dt_prop_u32(fdt, core, "cpu", ph[i]);
    }
}

void virt_fdt_timer(void *fdt, const VirtFdtConfig *c)
{
    /* GICv2 specifiers carry the CPU mask in bits 15:8 of the flags. */
    uint32_t flags = 4;
    if (c->gic_version == 2)
        flags |= ((1u << (c->ncpu > 8 ? 8 : c->ncpu)) - 1) << 8;
    uint32_t irqs[12] = { 1, VIRT_PPI_SEC, flags, 1, VIRT_PPI_PHYS, flags,
                          1, VIRT_PPI_VIRT, flags, 1, VIRT_PPI_HYP, flags };
    int n = dt_node(fdt, 0, "timer");
    dt_prop_strs(fdt, n, "compatible", "arm,armv8-timer", "arm,armv7-timer", NULL);
    dt_prop_empty(fdt, n, "always-on");
    dt_prop_cells(fdt, n, "interrupts", irqs, 12);
}

uint32_t virt_fdt_clock(void *fdt)
{
    int n = dt_node(fdt, 0, "apb-pclk");
    uint32_t ph = VIRT_FIRST_PHANDLE;       /* QEMU numbers phandles from 0x8000 */
    dt_set_phandle_value(fdt, n, ph);
    dt_prop_str(fdt, n, "compatible", "fixed-clock");
    dt_prop_u32(fdt, n, "#clock-cells", 0);
    dt_prop_u32(fdt, n, "clock-frequency", VIRT_APB_CLOCK_HZ);
    dt_prop_str(fdt, n, "clock-output-names", "clk24mhz");
    return ph;
}

void virt_fdt_flash(void *fdt, uint64_t base, uint64_t bank_size)
{
    int n = dt_node_fmt(fdt, 0, "flash@%llx", (unsigned long long)base);
    dt_prop_str(fdt, n, "compatible", "cfi-flash");
    uint64_t reg[4] = { base, bank_size, base + bank_size, bank_size };
    dt_prop_reg2(fdt, n, reg, 2);
    dt_prop_u32(fdt, n, "bank-width", 4);
}

void virt_fdt_gpio_keys(void *fdt, uint32_t gpio_phandle, int line)
{
    int n = dt_node(fdt, 0, "gpio-keys");
    dt_prop_str(fdt, n, "compatible", "gpio-keys");
    int k = dt_node(fdt, n, "poweroff");
    dt_prop_str(fdt, k, "label", "GPIO Key Poweroff");
    dt_prop_u32(fdt, k, "linux,code", KEY_POWER);
    uint32_t gpios[3] = { gpio_phandle, (uint32_t)line, 0 };
    dt_prop_cells(fdt, k, "gpios", gpios, 3);
}
