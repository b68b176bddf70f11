/* The riscv64 `virt` board: QEMU's memory map, device tree and boot flow. */
#include <glib.h>
#include <stdlib.h>
#include "trix/machine.h"
#include "target/riscv64/cpu.h"
#include "hw/core/fdt_util.h"
#include "hw/char/ns16550a.h"
#include "hw/intc/aclint.h"
#include "hw/intc/plic.h"
#include "hw/misc/sifive_test.h"
#include "hw/rtc/goldfish_rtc.h"
#include "trix/devtype.h"
#include "hw/virtio/virtio_mmio.h"
#include "hw/virtio/virtio_devices.h"
#include "hw/pci/gpex.h"
#include "hw/riscv/boot.h"
#include "hw/riscv/riscv_common.h"

enum {
    VIRT_TEST = 0x100000, VIRT_RTC = 0x101000, VIRT_CLINT = 0x2000000, VIRT_PLIC = 0xc000000,
    VIRT_UART0 = 0x10000000, VIRT_VIRTIO = 0x10001000, VIRT_DRAM = 0x80000000,
    VIRT_PCIE_PIO = 0x3000000, VIRT_PCIE_PIO_SIZE = 0x10000,
    VIRT_PCIE_ECAM = 0x30000000, VIRT_PCIE_ECAM_SIZE = 0x10000000,
    VIRT_PCIE_MMIO = 0x40000000, VIRT_PCIE_MMIO_SIZE = 0x40000000,
};
#define VIRT_PCIE_MMIO_HIGH_SIZE (16ull << 30)     /* placed above RAM, aligned to its size */
enum { VIRT_UART0_IRQ = 10, VIRT_RTC_IRQ = 11, VIRT_VIRTIO_IRQ = 1, VIRT_VIRTIO_COUNT = 8,
       VIRT_PCIE_IRQ = 32 };

typedef struct VirtBoard {
    ACLINTState *clint;
    PLICState *plic;
    NS16550AState *uart;
    GoldfishRTCState *rtc;
    GPEXHost *pcie;
} VirtBoard;

static VirtBoard *virt_board;       /* for the harts' time CSR */

static uint64_t virt_time(void)
{
    return aclint_mtime(virt_board->clint);
}

static void virt_create_pcie(MachineState *ms, VirtBoard *vb)
{
    uint64_t ram_end = VIRT_DRAM + ms->ram_size;
    GPEXConfig c = {
        .ecam_base = VIRT_PCIE_ECAM, .ecam_size = VIRT_PCIE_ECAM_SIZE,
        .mmio_base = VIRT_PCIE_MMIO, .mmio_size = VIRT_PCIE_MMIO_SIZE,
        .mmio_high_base = (ram_end + VIRT_PCIE_MMIO_HIGH_SIZE - 1) & ~(VIRT_PCIE_MMIO_HIGH_SIZE - 1),
        .mmio_high_size = VIRT_PCIE_MMIO_HIGH_SIZE,
        .pio_base = VIRT_PCIE_PIO, .pio_size = VIRT_PCIE_PIO_SIZE,
    };
    for (int i = 0; i < 4; i++) {
        c.intx[i] = plic_input(vb->plic, VIRT_PCIE_IRQ + i);
        c.intx_num[i] = VIRT_PCIE_IRQ + i;
    }
    vb->pcie = gpex_create(&c);
}

static void virt_create_devices(MachineState *ms, VirtBoard *vb)
{
    IRQ mtip[MACHINE_MAX_CPUS], msip[MACHINE_MAX_CPUS], ctx[2 * MACHINE_MAX_CPUS];
    for (int i = 0; i < ms->smp; i++) {
        RVCPU *env = rv_cpu(ms->cpus[i]);
        mtip[i] = rv_cpu_irq(env, RV_IRQ_MTI);
        msip[i] = rv_cpu_irq(env, RV_IRQ_MSI);
        ctx[2 * i] = rv_cpu_irq(env, RV_IRQ_MEI);
        ctx[2 * i + 1] = rv_cpu_irq(env, RV_IRQ_SEI);
    }
    sifive_test_create(VIRT_TEST);
    vb->clint = aclint_create(VIRT_CLINT, ms->smp, mtip, msip);
    vb->plic = plic_create(VIRT_PLIC, 2 * ms->smp, ctx);
    vb->rtc = goldfish_rtc_create(VIRT_RTC, plic_input(vb->plic, VIRT_RTC_IRQ));
    vb->uart = ns16550a_create(VIRT_UART0, ms->serial[0], plic_input(vb->plic, VIRT_UART0_IRQ));
    IRQ virtio_irq[VIRT_VIRTIO_COUNT];
    for (int i = 0; i < VIRT_VIRTIO_COUNT; i++)
        virtio_irq[i] = plic_input(vb->plic, VIRT_VIRTIO_IRQ + i);
    virtio_mmio_create_slots(VIRT_VIRTIO, VIRT_VIRTIO_COUNT, virtio_irq);
    virt_create_pcie(ms, vb);
    machine_create_devices(ms);
    virtio_create_default_drives(true);
}

static void *virt_build_fdt(MachineState *ms)
{
    void *fdt = dt_create();
    uint32_t intc[MACHINE_MAX_CPUS];
    riscv_fdt_root(fdt, "riscv-virtio", "riscv-virtio,qemu");
    riscv_fdt_cpus(fdt, ms->smp, intc);
    riscv_fdt_memory(fdt, VIRT_DRAM, ms->ram_size);
    riscv_fdt_soc(fdt);
    sifive_test_fdt(fdt, "/soc", VIRT_TEST);
    aclint_fdt(fdt, "/soc", VIRT_CLINT, ms->smp, intc);
    uint32_t plic = plic_fdt(fdt, "/soc", VIRT_PLIC, ms->smp, intc);
    goldfish_rtc_fdt(fdt, "/soc", VIRT_RTC, plic, VIRT_RTC_IRQ);
    ns16550a_fdt(fdt, "/soc", VIRT_UART0, plic, VIRT_UART0_IRQ);
    for (int i = 0; i < VIRT_VIRTIO_COUNT; i++)
        virtio_mmio_fdt(fdt, "/soc", VIRT_VIRTIO + i * VIRTIO_MMIO_SLOT_SIZE, plic,
                        VIRT_VIRTIO_IRQ + i);
    gpex_fdt(virt_board->pcie, fdt, "/soc", plic);
    return fdt;
}

static void virt_boot(MachineState *ms, bool dump)
{
    char stdout_path[64];
    snprintf(stdout_path, sizeof(stdout_path), "/soc/serial@%x", VIRT_UART0);
    rv_boot_machine(ms, VIRT_DRAM, virt_build_fdt, stdout_path, dump);
}

static void virt_init(MachineState *ms)
{
    VirtBoard *vb = trix_malloc0(sizeof(*vb));
    ms->board = vb;
    virt_board = vb;
    mem_map_rom("virt.mrom", RV_BOOT_ROM_BASE, RV_BOOT_ROM_SIZE);
    mem_map_ram("virt.ram", VIRT_DRAM, ms->ram_size);
    virt_create_devices(ms, vb);
    rv_time_source = virt_time;
    rv_timebase_hz = ACLINT_TIMEBASE_HZ;
    virt_boot(ms, true);
}

static void virt_reset(MachineState *ms)
{
    VirtBoard *vb = ms->board;
    aclint_reset(vb->clint);
    plic_reset(vb->plic);
    ns16550a_reset(vb->uart);
    virtio_mmio_reset_all();
    pci_bus_reset(gpex_bus(vb->pcie));
    virt_boot(ms, false);
}

const MachineDef machine_riscv_virt = {
    .name = "virt",
    .arch = "riscv64",
    .desc = "RISC-V VirtIO board (QEMU's memory map: PLIC, CLINT, 16550A, virtio-mmio, PCIe)",
    .init = virt_init,
    .reset = virt_reset,
    .default_ram_size = 128ull << 20,
    .max_cpus = MACHINE_MAX_CPUS,
    .default_cpu = "rv64",
};
